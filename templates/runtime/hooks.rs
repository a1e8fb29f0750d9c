//! Hooks: code of the user's that runs around every attempt of every call. The SDK's `Hook` (in the
//! facade's `hooks.rs`) is the trait users implement; the runtime calls it through [`Hook`].

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use super::error::HookError;

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

/// What the runtime calls around every attempt, for errors of type `E`: the SDK's `Hook`, given to
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook), documents each method.
pub trait Hook<E>: Send + Sync + 'static {
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut HeaderMap);
    fn before_send(&self, attempt: &Attempt<'_>, request: &mut reqwest::Request) -> Result<(), HookError>;
    fn after_response(&self, attempt: &Attempt<'_>, status: StatusCode, headers: &HeaderMap);
    fn on_error(&self, attempt: &Attempt<'_>, error: &E);
}
