//! Hooks: code of yours that runs around every attempt of every call (to add a header, to sign or
//! change the request, to refuse a call, to count or log attempts), registered on the client with
//! [`ClientBuilder::hook`](crate::ClientBuilder::hook).

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::error::{Error, HookError};

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
    /// Before each attempt is built; headers added here are sent with it.
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) {
        let _ = (attempt, headers);
    }

    /// Just before each attempt is sent, with the whole request: its method, URL, headers (the
    /// credentials included) and body can be changed here. An error ends the call with
    /// [`Error::Hook`] before anything is sent, and is not retried.
    fn before_send(&self, attempt: &Attempt<'_>, request: &mut reqwest::Request) -> Result<(), HookError> {
        let _ = (attempt, request);
        Ok(())
    }

    /// After each response arrives (whatever its status), before its body is read.
    fn after_response(&self, attempt: &Attempt<'_>, status: StatusCode, headers: &HeaderMap) {
        let _ = (attempt, status, headers);
    }

    /// When an attempt ends without a response: it could not connect, timed out, lost the
    /// connection, or a hook stopped it.
    fn on_error(&self, attempt: &Attempt<'_>, error: &Error) {
        let _ = (attempt, error);
    }
}
