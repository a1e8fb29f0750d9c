//! One call of one operation: the request it sends, its per-call options, and decoding its response.
//!
//! The generator emits one type per operation and content type (for example `tokens::Fail`) that
//! implements [`Operation`]; a group method returns it wrapped in a [`Call`], which the caller awaits.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;

use super::client::{CallOptions, Client, RawResponse};
use super::error::{ApiError, DecodeError, DecodeReason, Error};

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

    /// The timeout of this call, replacing the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Adds a header to this call's request (for example `Prefer` for a mock server). A header the
    /// SDK sets itself is sent in addition, not replaced. An invalid name or value (such as one with a
    /// line break) makes the call fail with [`Error::InvalidInput`] before anything is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request and decodes the response. Awaiting the call does the same.
    pub async fn send(self) -> Result<O::Output, Error> {
        let request = self.op.to_request()?;
        let response = self
            .client
            .execute(O::INFO.method, &request.path_and_query, request.body, &self.options)
            .await?;
        decode::<O>(response)
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
