//! The full runtime, as the templates crate compiles it. A generated SDK gets its own `mod.rs` listing
//! only the modules its operations need.

pub mod auth;
pub mod call;
pub mod client;
pub mod error;
pub mod form;
pub mod hooks;
pub mod model;
pub mod multipart;
pub mod path;
pub mod query;
pub mod redact;
pub mod retry;
pub mod server;
