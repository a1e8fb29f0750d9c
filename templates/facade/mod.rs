//! The SDK's own types over the runtime, as the templates crate compiles them. A generated SDK gets its
//! own `mod.rs` listing the same modules.

pub mod call;
pub mod client;
pub mod error;
pub mod hooks;
