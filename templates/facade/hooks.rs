//! The SDK's `Hook`: code of yours that runs around every attempt of every call (to add a header, to
//! sign or change the request, to refuse a call, to count or log attempts), registered on the client
//! with [`ClientBuilder::hook`](crate::ClientBuilder::hook).

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::Error;
use crate::runtime::error::HookError;
use crate::runtime::hooks::Attempt;

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

/// A [`Hook`] as the runtime calls it.
pub(crate) struct Adapter<H>(pub(crate) H);

impl<H: Hook> crate::runtime::hooks::Hook<Error> for Adapter<H> {
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap) {
        self.0.before_attempt(attempt, headers);
    }

    fn before_send(&self, attempt: &Attempt<'_>, request: &mut reqwest::Request) -> Result<(), HookError> {
        self.0.before_send(attempt, request)
    }

    fn after_response(&self, attempt: &Attempt<'_>, status: StatusCode, headers: &HeaderMap) {
        self.0.after_response(attempt, status, headers);
    }

    fn on_error(&self, attempt: &Attempt<'_>, error: &Error) {
        self.0.on_error(attempt, error);
    }
}
