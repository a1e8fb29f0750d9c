//! One call of one operation: the request it sends, its per-call options, its attempts and retries,
//! and decoding its response.
//!
//! The generator emits one type per operation and content type (for example `tokens::Fail`) that
//! implements [`Operation`]; a group method returns it wrapped in a [`Call`], which the caller awaits.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use serde::Serialize;
use tokio::time::Instant;

use super::client::{Client, Prepared, RawResponse, header_map, validate_base_url};
use super::error::{ApiError, DecodeError, DecodeReason, Error};
use super::hooks::Attempt;
use super::retry::{self, RetryPolicy};

/// What the generator knows about an operation.
#[derive(Debug)]
pub struct OperationInfo {
    /// The spec's `operationId`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path template, as in the spec (`/api/{serviceId}/auth/token/fail`).
    pub path: &'static str,
    /// The status of a successful response.
    pub success_status: u16,
}

/// An operation of the API with its arguments, ready to be sent. Implemented by the generated operation
/// types; you do not implement it yourself.
pub trait Operation: Send {
    /// The decoded body of a successful response.
    type Output: Send;

    /// What the generator knows about the operation.
    const INFO: OperationInfo;

    /// Builds the request. An error here means nothing was sent.
    fn to_request(&self) -> Result<HttpRequest, Error>;

    /// Decodes the body of a successful response.
    fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error>;
}

/// The path, query and body of one request, built by an [`Operation`].
#[derive(Debug)]
pub struct HttpRequest {
    path_and_query: String,
    body: Option<(&'static str, Vec<u8>)>,
}

impl HttpRequest {
    pub(crate) fn new(path_and_query: String) -> Self {
        HttpRequest {
            path_and_query,
            body: None,
        }
    }

    /// Sets an `application/json` body.
    pub(crate) fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::invalid_input(format!("the body cannot be encoded as JSON: {e}")))?;
        Ok(self.with_body("application/json", bytes))
    }

    pub(crate) fn with_body(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        self.body = Some((content_type, bytes));
        self
    }
}

/// Options of one call; each replaces the client's setting for this call only.
#[derive(Clone, Debug, Default)]
struct CallOptions {
    timeout: Option<Option<Duration>>,
    retry: Option<RetryPolicy>,
    base_url: Option<String>,
    headers: Vec<(String, String)>,
}

/// A call of one operation. Set per-call options, then `.await` it (or call [`Call::send`]).
///
/// Operations with optional parameters add setters for them to their `Call`.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O> {
    client: &'a Client,
    pub(crate) op: O,
    options: CallOptions,
}

impl<O: fmt::Debug> fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may carry credentials, so only their names are shown.
        let header_names: Vec<&str> = self.options.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Call")
            .field("op", &self.op)
            .field("timeout", &self.options.timeout)
            .field("retry", &self.options.retry)
            .field("base_url", &self.options.base_url)
            .field("headers", &header_names)
            .finish_non_exhaustive()
    }
}

impl<'a, O: Operation> Call<'a, O> {
    pub(crate) fn new(client: &'a Client, op: O) -> Self {
        Call {
            client,
            op,
            options: CallOptions::default(),
        }
    }

    /// The deadline of this call, all attempts and the waits between them included, replacing the
    /// client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(Some(timeout));
        self
    }

    /// This call waits as long as the server takes, whatever the client's timeout.
    pub fn no_timeout(mut self) -> Self {
        self.options.timeout = Some(None);
        self
    }

    /// The retry policy of this call, replacing the client's (for example [`RetryPolicy::none`], or a
    /// policy that opts in to retrying this POST with
    /// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent)).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Sends this call to another base URL than the client's. An invalid URL makes the call fail with
    /// [`Error::InvalidInput`] before anything is sent.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.options.base_url = Some(url.into());
        self
    }

    /// Adds a header to this call's request (for example `Prefer` for a mock server). It replaces a
    /// header of the same name that the SDK or the client sets. An invalid name or value (such as one
    /// with a line break) makes the call fail with [`Error::InvalidInput`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request, retrying as the policy allows, and decodes the response. Awaiting the call
    /// does the same.
    pub async fn send(self) -> Result<O::Output, Error> {
        let info = &O::INFO;
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = tracing::info_span!(
                "call",
                operation = info.id,
                method = %info.method,
                route = info.path,
                attempts = tracing::field::Empty,
                status = tracing::field::Empty,
            );
            self.run(info, span.clone()).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        self.run(info, ()).await
    }

    #[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
    async fn run(self, info: &OperationInfo, span: CallSpan) -> Result<O::Output, Error> {
        let started = Instant::now();
        let client = self.client;
        let request = self.op.to_request()?;
        let base_url = match &self.options.base_url {
            Some(url) => validate_base_url(url)?,
            None => client.inner.base_url.clone(),
        };
        let prepared = Prepared {
            method: info.method.clone(),
            url: format!("{base_url}{}", request.path_and_query),
            body: request
                .body
                .as_ref()
                .map(|(content_type, bytes)| (*content_type, bytes.as_slice())),
            headers: header_map(&self.options.headers, "a per-call header")?,
        };
        let timeout = self.options.timeout.unwrap_or(client.inner.timeout);
        let deadline = timeout.map(|t| started + t);
        let policy = self.options.retry.as_ref().unwrap_or(&client.inner.retry);
        let idempotent = info.method.is_idempotent();

        let mut attempt_number = 1;
        loop {
            let attempt = Attempt {
                operation_id: info.id,
                method: &info.method,
                path_template: info.path,
                attempt: attempt_number,
            };
            let outcome = attempt_once(client, &attempt, &prepared, deadline, timeout).await;
            if let Err(error) = &outcome {
                for hook in client.hooks() {
                    hook.on_error(&attempt, error);
                }
            }
            #[cfg(feature = "tracing")]
            {
                span.record("attempts", attempt_number);
                if let Ok(response) = &outcome {
                    span.record("status", response.status.as_u16());
                }
            }
            let (retryable, retry_after) = match &outcome {
                Ok(response) if response.status.as_u16() == info.success_status => (false, None),
                Ok(response) => (
                    policy.should_retry(idempotent, true, Some(response.status)),
                    retry::retry_after(&response.headers, SystemTime::now()),
                ),
                Err(error @ (Error::Connect(_) | Error::Timeout(_) | Error::Transport(_))) => {
                    (policy.should_retry(idempotent, !error.is_not_sent(), None), None)
                }
                Err(_) => (false, None),
            };
            let delay = policy.delay(attempt_number, retry_after, retry::jitter());
            let resume = Instant::now() + delay;
            let out_of_time = resume.duration_since(started) > policy.elapsed_limit()
                || deadline.is_some_and(|deadline| resume >= deadline);
            if !retryable || attempt_number >= policy.attempts() || out_of_time {
                return decode::<O>(outcome?);
            }
            #[cfg(feature = "tracing")]
            tracing::debug!(
                attempt = attempt_number,
                delay_ms = delay.as_millis() as u64,
                "retrying"
            );
            tokio::time::sleep_until(resume).await;
            attempt_number += 1;
        }
    }
}

/// The span of a call, where its attempts and final status are recorded.
#[cfg(feature = "tracing")]
type CallSpan = tracing::Span;
#[cfg(not(feature = "tracing"))]
type CallSpan = ();

/// One attempt, cut off at the call's deadline.
async fn attempt_once(
    client: &Client,
    attempt: &Attempt<'_>,
    prepared: &Prepared<'_>,
    deadline: Option<Instant>,
    timeout: Option<Duration>,
) -> Result<RawResponse, Error> {
    let sending = client.attempt(attempt, prepared);
    #[cfg(feature = "tracing")]
    let sending = {
        use tracing::Instrument;
        sending.instrument(tracing::debug_span!("attempt", number = attempt.attempt))
    };
    match (deadline, timeout) {
        (Some(deadline), Some(timeout)) => tokio::time::timeout_at(deadline, sending)
            .await
            .unwrap_or_else(|_| Err(Error::deadline(timeout))),
        _ => sending.await,
    }
}

impl<'a, O: Operation + 'a> IntoFuture for Call<'a, O> {
    type Output = Result<O::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn decode<O: Operation>(response: RawResponse) -> Result<O::Output, Error> {
    let RawResponse { status, headers, body } = response;
    let decoded = if status.as_u16() == O::INFO.success_status {
        O::decode(&body).map(Ok)
    } else {
        crate::ApiErrorKind::decode(status.as_u16(), &body).map(Err)
    };
    match decoded {
        Ok(Ok(output)) => Ok(output),
        Ok(Err(kind)) => Err(Error::Api(Box::new(ApiError {
            status,
            headers,
            body,
            kind,
        }))),
        Err(e) => Err(Error::Decode(Box::new(DecodeError {
            status,
            headers,
            body,
            reason: DecodeReason::Json(e),
        }))),
    }
}
