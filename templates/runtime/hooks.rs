//! Hooks: code of yours that runs around every attempt of every call (to add a header, to count or log
//! attempts), registered on the client with [`ClientBuilder::hook`](super::client::ClientBuilder::hook).

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::error::Error;

/// What a hook is told about the attempt it runs for.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Attempt<'a> {
    /// The spec's `operationId`.
    pub operation_id: &'a str,
    /// The HTTP method.
    pub method: &'a Method,
    /// The path template (`/api/{serviceId}/auth/token/fail`), without parameter values.
    pub path_template: &'a str,
    /// The attempt number: 1 for the first attempt of a call, 2 for its first retry, …
    pub attempt: u32,
}

/// Runs around every attempt. Every method has an empty default, so implement only what you need.
/// Hooks run in the order they were registered. The crate documentation has an example.
pub trait Hook: Send + Sync + 'static {
    /// Before each attempt is sent; headers added here are sent with it.
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) {
        let _ = (attempt, headers);
    }

    /// After each response arrives (whatever its status), before its body is read.
    fn after_response(&self, attempt: &Attempt<'_>, status: StatusCode, headers: &HeaderMap) {
        let _ = (attempt, status, headers);
    }

    /// When an attempt ends without a response: it could not connect, timed out or lost the
    /// connection.
    fn on_error(&self, attempt: &Attempt<'_>, error: &Error) {
        let _ = (attempt, error);
    }
}
