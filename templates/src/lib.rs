//! The runtime every SDK that sdkgen generates calls through: the client's engine, calls with their
//! attempts, retries and timeouts, errors, and the encodings of paths, queries, headers, forms and
//! multipart bodies.
//!
//! An SDK generated with `runtime: { crate: … }` in its configuration depends on this crate; otherwise
//! sdkgen copies the modules it needs into the SDK (`src/runtime/`), without their tests. Either way
//! the SDK gets its own `Client`, `ClientBuilder`, `Call`, `Error` and `Hook` (sdkgen's
//! `templates/facade/`), which call this runtime; it is generic over the SDK's error type and names
//! nothing of the SDK's. Its items are public for that generated code to call.
//!
//! The tests run here, against the facade and stand-ins for the two items the generator emits beside
//! it:
//! - `crate::SDK_INFO: client::SdkInfo`, what the client needs to know about the SDK;
//! - `crate::ApiErrorKind`, the typed API errors (and documented redirects), with `decode(status, body)`,
//!   the variants `Unexpected` and `UnexpectedBody`, `summary_fields()` (the configured code and message
//!   fields of the body, for `Display`) and `Display`.

// The docs of the runtime link to the SDK's own types (`crate::Error`, `crate::ClientBuilder`), which
// every SDK it is part of has, and this crate alone has not.
#![allow(rustdoc::broken_intra_doc_links)]

#[path = "../runtime/auth.rs"]
pub mod auth;
#[path = "../runtime/call.rs"]
pub mod call;
#[path = "../runtime/client.rs"]
pub mod client;
#[path = "../runtime/error.rs"]
pub mod error;
#[path = "../runtime/form.rs"]
pub mod form;
#[path = "../runtime/hooks.rs"]
pub mod hooks;
#[path = "../runtime/model.rs"]
pub mod model;
#[path = "../runtime/multipart.rs"]
pub mod multipart;
#[path = "../runtime/path.rs"]
pub mod path;
#[path = "../runtime/query.rs"]
pub mod query;
#[path = "../runtime/redact.rs"]
pub mod redact;
#[path = "../runtime/retry.rs"]
pub mod retry;
#[path = "../runtime/server.rs"]
pub mod server;

// The facade and the runtime's tests name the runtime as an SDK does, `crate::runtime`.
#[cfg(test)]
use crate as runtime;

// The SDK's own types: users and generated code call more of them than the tests do.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../facade/mod.rs"]
mod facade;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod stand_ins;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use stand_ins::{ApiErrorKind, ErrorBody, SDK_INFO};
#[cfg(test)]
pub(crate) use {
    facade::call::Call,
    facade::client::Client,
    facade::error::{ApiError, Error},
    retry::RetryPolicy,
};
