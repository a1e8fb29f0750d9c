//! The SDK's `Call`: one call of one operation, with its per-call options, sent when awaited. Each
//! group method returns one; operations with optional parameters add setters for them to theirs.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::client::Client;
use super::error::Error;
use crate::runtime::call::{self as engine, Operation, Response};
use crate::runtime::retry::RetryPolicy;

/// A call of one operation. Set per-call options, then `.await` it (or call [`Call::send`]).
///
/// Operations with optional parameters add setters for them to their `Call`.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, O> {
    client: &'a Client,
    pub(crate) op: O,
    options: engine::CallOptions,
}

impl<O: fmt::Debug> fmt::Debug for Call<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Call");
        f.field("op", &self.op);
        self.options.debug_fields(&mut f).finish_non_exhaustive()
    }
}

impl<'a, O: Operation> Call<'a, O> {
    pub(crate) fn new(client: &'a Client, op: O) -> Self {
        Call {
            client,
            op,
            options: engine::CallOptions::default(),
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

    /// The timeout of each attempt of this call, replacing the client's
    /// ([`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)). An attempt
    /// that takes longer ends with [`Error::Timeout`] and is retried as the retry policy allows; the
    /// call's deadline ([`Call::timeout`]) still bounds every attempt and wait.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.options.attempt_timeout = Some(timeout);
        self
    }

    /// The retry policy of this call, replacing the client's (for example [`RetryPolicy::none`], or a
    /// policy that opts in to retrying this POST with
    /// [`retry_non_idempotent`](RetryPolicy::retry_non_idempotent)).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// Sends this call to another base URL than the client's (and than the operation's own server,
    /// when the spec gives it one). An invalid URL makes the call fail with [`Error::InvalidInput`]
    /// before anything is sent.
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
    ///
    /// The request is built here; nothing is sent until the returned future is polled.
    pub fn send(self) -> CallFuture<'a, O> {
        CallFuture {
            inner: engine::send(&self.client.inner, &self.op, self.options),
        }
    }

    /// Sends the call like `.await` does, and gives the response's status and headers (request ids,
    /// rate limits) with the decoded body: `call.with_response().await?.headers()`.
    pub fn with_response(self) -> ResponseFuture<'a, O> {
        ResponseFuture {
            inner: self.send().inner.with_response(),
        }
    }
}

impl<'a, O: Operation + 'a> IntoFuture for Call<'a, O> {
    type Output = Result<O::Output, Error>;
    type IntoFuture = CallFuture<'a, O>;

    fn into_future(self) -> Self::IntoFuture {
        self.send()
    }
}

/// The future of a [`Call`]: its request on the way, then its response decoded.
#[must_use = "a call does nothing until it is awaited"]
pub struct CallFuture<'a, O> {
    inner: engine::CallFuture<'a, O, Error>,
}

impl<O> fmt::Debug for CallFuture<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").finish_non_exhaustive()
    }
}

impl<O: Operation> Future for CallFuture<'_, O> {
    type Output = Result<O::Output, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.get_mut().inner).poll(cx)
    }
}

/// The future of [`Call::with_response`].
#[must_use = "a call does nothing until it is awaited"]
pub struct ResponseFuture<'a, O> {
    inner: engine::ResponseFuture<'a, O, Error>,
}

impl<O> fmt::Debug for ResponseFuture<'_, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}

impl<O: Operation> Future for ResponseFuture<'_, O> {
    type Output = Result<Response<O::Output>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.get_mut().inner).poll(cx)
    }
}
