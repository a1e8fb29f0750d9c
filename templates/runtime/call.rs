//! One call of one operation: the request it sends, its per-call options, its attempts and retries,
//! and decoding its response.
//!
//! The generator emits one type per operation and content type (for example `tokens::Fail`) that
//! implements [`Operation`]; a group method returns it wrapped in the SDK's `Call` (in the facade's
//! `call.rs`), which the caller awaits, and which sends it with [`send`].

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::header::{COOKIE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use tokio::time::Instant;

use super::auth::Security;
use super::client::{Client, Inner, Prepared, RawResponse, header_map, validate_base_url};
use super::error::{Answer, ApiAnswer, BodyProblem, DecodeError, Failure, InvalidInput};
use super::hooks::Attempt;
use super::path::{Shape, to_value};
use super::redact::{header_names, names};
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
    /// The statuses of a successful response, each decoded by [`Operation::decode_status`].
    pub success_statuses: &'static [u16],
    /// The `Accept` header: the media types of the success responses.
    pub accept: &'static str,
    /// The credentials the operation accepts.
    pub security: Security,
    /// The operation's own server, when the spec serves its path or the operation itself from servers
    /// other than the API's: the first of them, its variables at their defaults, without a trailing
    /// slash. Calls go there unless the client was given a base URL (`ClientBuilder::base_url`) or the
    /// call sets one ([`Call::base_url`](crate::Call::base_url)).
    pub server: Option<&'static str>,
}

/// An operation of the API with its arguments, ready to be sent. Implemented by the generated operation
/// types; you do not implement it yourself.
pub trait Operation: Send {
    /// The decoded body of a successful response.
    type Output: Send;

    /// What the generator knows about the operation.
    const INFO: OperationInfo;

    /// Builds the request. An error here means nothing was sent.
    fn to_request(&self) -> Result<HttpRequest, InvalidInput>;

    /// Decodes the body of a successful response.
    fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error>;

    /// Decodes a successful response of the given status. Operations whose success statuses differ
    /// (a body for 200, none for 204) tell them apart here; the others decode every body alike.
    fn decode_status(status: u16, body: &[u8]) -> Result<Self::Output, serde_json::Error> {
        let _ = status;
        Self::decode(body)
    }
}

/// The path, query, header and cookie parameters and body of one request, built by an [`Operation`].
pub struct HttpRequest {
    path_and_query: String,
    body: Option<(Cow<'static, str>, Vec<u8>)>,
    headers: HeaderMap,
    /// Names and percent-encoded values, sent as one `Cookie` header.
    cookies: Vec<(&'static str, String)>,
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header and cookie parameters may be credentials: only their names are shown.
        let headers = header_names(&self.headers);
        let cookies = names(&self.cookies);
        f.debug_struct("HttpRequest")
            .field("path_and_query", &self.path_and_query)
            .field(
                "content_type",
                &self.body.as_ref().map(|(content_type, _)| content_type),
            )
            .field("body_len", &self.body.as_ref().map(|(_, bytes)| bytes.len()))
            .field("headers", &headers)
            .field("cookies", &cookies)
            .finish()
    }
}

/// Characters a cookie value cannot hold as they are (RFC 6265 `cookie-octet`): controls, space, `"`,
/// `,`, `;`, `\`, and `%` itself so that encoded values stay unambiguous. Non-ASCII is encoded too.
const COOKIE_VALUE: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

impl HttpRequest {
    pub fn new(path_and_query: String) -> Self {
        HttpRequest {
            path_and_query,
            body: None,
            headers: HeaderMap::new(),
            cookies: Vec::new(),
        }
    }

    /// Adds a header parameter, written with `Display` (arrays: [`HttpRequest::header_array`]). A value a header
    /// cannot carry (a line break, say) is [`Error::InvalidInput`](crate::Error::InvalidInput), which names the
    /// parameter but never echoes the value. Every value is marked sensitive.
    pub fn header(mut self, name: &'static str, value: impl fmt::Display) -> Result<Self, InvalidInput> {
        let invalid = || {
            InvalidInput::new(format!(
                "the header parameter `{name}` has a value a header cannot carry (such as a line break)"
            ))
        };
        let header_name = HeaderName::try_from(name)
            .map_err(|_| InvalidInput::new(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::try_from(value.to_string()).map_err(|_| invalid())?;
        value.set_sensitive(true);
        self.headers.append(header_name, value);
        Ok(self)
    }

    /// Adds an array header parameter, style `simple`: the items joined by commas. An empty array adds
    /// nothing.
    pub fn header_array<T: fmt::Display>(self, name: &'static str, values: &[T]) -> Result<Self, InvalidInput> {
        if values.is_empty() {
            return Ok(self);
        }
        let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
        self.header(name, joined.join(","))
    }

    /// Adds a header parameter of any shape (an object, or a union holding a scalar, an array or an
    /// object), style `simple`: `a`, `a,b`, `k,v,k2,v2` or exploded `k=v,k2=v2`, nested values as JSON
    /// text. `null`, an empty array or an empty object adds nothing.
    pub fn header_value<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Result<Self, InvalidInput> {
        match Shape::of(to_value("header", name, value)?).simple(explode) {
            Some(text) => self.header(name, text),
            None => Ok(self),
        }
    }

    /// Adds a cookie parameter; all of them go into one `Cookie` header, each value percent-encoded
    /// where a cookie cannot carry it as it is.
    pub fn cookie(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        let value = value.to_string();
        let encoded = percent_encoding::utf8_percent_encode(&value, COOKIE_VALUE).to_string();
        self.cookies.push((name, encoded));
        self
    }

    /// Adds an array cookie parameter, style `form` without explode: the items joined by commas (each
    /// item's commas encoded).
    pub fn cookie_array<T: fmt::Display>(self, name: &'static str, values: &[T]) -> Self {
        let encoded: Vec<String> = values
            .iter()
            .map(|v| percent_encoding::utf8_percent_encode(&v.to_string(), COOKIE_VALUE).to_string())
            .collect();
        let mut request = self;
        request.cookies.push((name, encoded.join(",")));
        request
    }

    /// Adds a cookie parameter of any shape, style `form` without explode like arrays: `name=a`,
    /// `name=a,b` or `name=k,v,k2,v2`, each item, key and value encoded as [`Self::cookie`] encodes
    /// values. `null` adds nothing.
    pub fn cookie_value<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<Self, InvalidInput> {
        let encode = |text: &str| percent_encoding::utf8_percent_encode(text, COOKIE_VALUE).to_string();
        let text = match Shape::of(to_value("cookie", name, value)?) {
            Shape::Absent => return Ok(self),
            Shape::Scalar(text) => encode(&text),
            Shape::List(items) => items.iter().map(|i| encode(i)).collect::<Vec<_>>().join(","),
            Shape::Pairs(members) => members
                .iter()
                .map(|(k, v)| format!("{},{}", encode(k), encode(v)))
                .collect::<Vec<_>>()
                .join(","),
        };
        let mut request = self;
        request.cookies.push((name, text));
        Ok(request)
    }

    /// Sets an `application/json` body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, InvalidInput> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| InvalidInput::new(format!("the body cannot be encoded as JSON: {e}")))?;
        Ok(self.with_body("application/json", bytes))
    }

    pub fn with_body(mut self, content_type: impl Into<Cow<'static, str>>, bytes: Vec<u8>) -> Self {
        self.body = Some((content_type.into(), bytes));
        self
    }

    /// The `Cookie` header of the cookie parameters and the cookies of the credentials, or `None`.
    fn cookie_header(&self, extra: &[(&'static str, String)]) -> Result<Option<HeaderValue>, InvalidInput> {
        let mut pairs: Vec<String> = self
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect();
        for (name, value) in extra {
            let encoded = percent_encoding::utf8_percent_encode(value, COOKIE_VALUE);
            pairs.push(format!("{name}={encoded}"));
        }
        if pairs.is_empty() {
            return Ok(None);
        }
        let mut value = HeaderValue::try_from(pairs.join("; "))
            .map_err(|_| InvalidInput::new("a cookie name cannot be sent in a header"))?;
        value.set_sensitive(true);
        Ok(Some(value))
    }
}

/// The SDK's error type, as the runtime makes it from what went wrong (a [`Failure`], or an
/// [`InvalidInput`] from building the request).
pub trait CallError: From<Failure> + From<InvalidInput> + Send + 'static {}

impl<E: From<Failure> + From<InvalidInput> + Send + 'static> CallError for E {}

/// Options of one call; each replaces the client's setting for this call only. The SDK's `Call` sets
/// them, and documents each.
#[derive(Clone, Default)]
pub struct CallOptions {
    pub timeout: Option<Option<Duration>>,
    pub attempt_timeout: Option<Duration>,
    pub retry: Option<RetryPolicy>,
    pub base_url: Option<String>,
    pub headers: Vec<(String, String)>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.debug_fields(&mut f.debug_struct("CallOptions"))
            .finish_non_exhaustive()
    }
}

impl CallOptions {
    /// The options as fields of a `Debug` of `f`: header values may carry credentials, so only their
    /// names are shown.
    pub fn debug_fields<'f, 'a, 'b>(&self, f: &'f mut fmt::DebugStruct<'a, 'b>) -> &'f mut fmt::DebugStruct<'a, 'b> {
        f.field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("retry", &self.retry)
            .field("base_url", &self.base_url)
            .field("headers", &names(&self.headers))
    }
}

/// Builds the request of `op` and sends it with `client`, retrying as the policy allows; the future
/// decodes the response. Nothing is sent until it is polled.
pub fn send<'a, O: Operation, E: CallError>(
    client: &'a Client<E>,
    op: &O,
    options: CallOptions,
) -> CallFuture<'a, O, E> {
    CallFuture {
        sending: execute(client, O::INFO, op.to_request(), options),
        output: PhantomData,
    }
}

/// A successful response: its status and headers, and the body decoded. From
/// [`Call::with_response`](crate::Call::with_response).
///
/// `Debug` shows the header names, never their values, and the body as its own `Debug` does (models
/// redact their secrets).
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status, one of the operation's success statuses.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body out.
    pub fn into_body(self) -> T {
        self.body
    }

    /// Takes the status, the headers and the decoded body out.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status.as_u16())
            .field("headers", &header_names(&self.headers))
            .field("body", &self.body)
            .finish()
    }
}

/// The future of a call that gives the whole [`Response`]: the SDK's `ResponseFuture` wraps it.
pub struct ResponseFuture<'a, O, E> {
    call: CallFuture<'a, O, E>,
}

impl<O: Operation, E: CallError> Future for ResponseFuture<'_, O, E> {
    type Output = Result<Response<O::Output>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let sending = self.get_mut().call.sending.as_mut();
        sending.poll(cx).map(|response| decode::<O, E>(response?))
    }
}

/// The future of a call: its request on the way, then its response decoded. The SDK's `CallFuture`
/// wraps it.
///
/// All that does not depend on the operation (credentials, attempts, retries, timeouts) is one future
/// of the runtime, compiled once for every operation; only the decoding is the operation's own.
pub struct CallFuture<'a, O, E> {
    sending: Pin<Box<dyn Future<Output = Result<RawResponse, E>> + Send + 'a>>,
    output: PhantomData<fn() -> O>,
}

impl<'a, O, E> CallFuture<'a, O, E> {
    /// The same call, its future giving the whole response.
    pub fn with_response(self) -> ResponseFuture<'a, O, E> {
        ResponseFuture { call: self }
    }
}

impl<O: Operation, E: CallError> Future for CallFuture<'_, O, E> {
    type Output = Result<O::Output, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let sending = self.get_mut().sending.as_mut();
        sending
            .poll(cx)
            .map(|response| decode::<O, E>(response?).map(Response::into_body))
    }
}

/// Sends a call's request, retrying as the policy allows; the response is not decoded yet.
///
/// Generic only over the SDK's error type, one per SDK, so the future is compiled, and its `Send`
/// proved, once rather than for every operation. `#[inline]` leaves its code to the crate that sends
/// calls.
#[inline]
fn execute<'a, E: CallError>(
    client: &'a Client<E>,
    info: OperationInfo,
    request: Result<HttpRequest, InvalidInput>,
    options: CallOptions,
) -> Pin<Box<dyn Future<Output = Result<RawResponse, E>> + Send + 'a>> {
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
        Box::pin(run(client, info, request, options, span.clone()).instrument(span))
    }
    #[cfg(not(feature = "tracing"))]
    Box::pin(run(client, info, request, options, ()))
}

#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
async fn run<E: CallError>(
    client: &Client<E>,
    info: OperationInfo,
    request: Result<HttpRequest, InvalidInput>,
    options: CallOptions,
    span: CallSpan,
) -> Result<RawResponse, E> {
    let started = Instant::now();
    let (info, mut request) = (&info, request?);
    let credentials = client.inner.credentials.apply(info.id, info.security)?;
    let base_url = choose_base_url(options.base_url.as_deref(), info.server, &client.inner)?;
    // Sized once: `format!` would grow the string as it goes, on every call.
    let mut url = String::with_capacity(base_url.len() + request.path_and_query.len());
    url.push_str(&base_url);
    url.push_str(&request.path_and_query);
    for (name, value) in &credentials.query {
        let encode = |text| percent_encoding::utf8_percent_encode(text, super::path::COMPONENT);
        let separator = if url.contains('?') { '&' } else { '?' };
        url = format!("{url}{separator}{}={}", encode(name), encode(value));
    }
    let mut auth_headers = HeaderMap::new();
    for (name, value) in credentials.headers {
        auth_headers.append(name, value);
    }
    let cookie = request.cookie_header(&credentials.cookies)?;
    let mut headers = std::mem::take(&mut request.headers);
    if let Some(cookie) = cookie {
        headers.insert(COOKIE, cookie);
    }
    let per_call = header_map(&options.headers, "a per-call header")?;
    for name in per_call.keys() {
        headers.remove(name);
    }
    for name in per_call.keys() {
        for value in per_call.get_all(name) {
            headers.append(name, value.clone());
        }
    }
    let body = match &request.body {
        Some((content_type, bytes)) => {
            let content_type = HeaderValue::try_from(content_type.as_ref())
                .map_err(|_| Failure::invalid_input("the content type cannot be sent in a header"))?;
            Some((content_type, bytes.as_slice()))
        }
        None => None,
    };
    let accept = HeaderValue::try_from(info.accept)
        .map_err(|_| Failure::invalid_input("the Accept header of the operation is not a valid header value"))?;
    let prepared = Prepared {
        method: info.method.clone(),
        url,
        accept,
        body,
        auth_headers,
        bearer_provider: credentials.bearer_provider,
        headers,
    };
    let timeout = options.timeout.unwrap_or(client.inner.timeout);
    let attempt_timeout = options.attempt_timeout.or(client.inner.attempt_timeout);
    let deadline = timeout.map(|t| started + t);
    let policy = options.retry.as_ref().unwrap_or(&client.inner.retry);
    let idempotent = info.method.is_idempotent();

    let mut attempt_number = 1;
    loop {
        let attempt = Attempt {
            operation_id: info.id,
            method: &info.method,
            path_template: info.path,
            attempt: attempt_number,
        };
        let outcome = attempt_once(client, &attempt, &prepared, deadline, timeout, attempt_timeout).await;
        #[cfg(feature = "tracing")]
        {
            span.record("attempts", attempt_number);
            if let Ok(response) = &outcome {
                span.record("status", response.status.as_u16());
            }
        }
        let (retryable, retry_after) = match &outcome {
            // A success, a redirect (never followed) or an informational status is the server's answer,
            // not a failure: it is never retried, whatever statuses the policy lists.
            Ok(response) if is_answer(response.status) => (false, None),
            Ok(response) => (
                policy.should_retry(idempotent, true, Some(response.status)),
                response.retry_after,
            ),
            Err(error @ (Failure::Connect(_) | Failure::Timeout(_) | Failure::Transport(_))) => {
                (policy.should_retry(idempotent, !error.is_not_sent(), None), None)
            }
            Err(_) => (false, None),
        };
        let outcome = outcome.map_err(E::from);
        if let Err(error) = &outcome {
            for hook in client.hooks() {
                hook.on_error(&attempt, error);
            }
        }
        // The wait (jitter, clock) is only worked out when there may be a retry, not on every success.
        if !retryable || attempt_number >= policy.attempts() {
            return outcome;
        }
        let delay = policy.delay(attempt_number, retry_after, retry::jitter());
        let resume = Instant::now() + delay;
        // The SDK never retries earlier than the server asked: a wait that does not fit ends the call
        // now, with the wait on the error, rather than after sleeping until the deadline.
        let out_of_time = resume.duration_since(started) > policy.elapsed_limit()
            || deadline.is_some_and(|deadline| resume >= deadline)
            || retry_after.is_some_and(|wait| wait > policy.retry_after_limit());
        if out_of_time {
            return outcome;
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

/// The base URL of a call: the call's own, then one the user set on the client, then the operation's own
/// server, then the server the client was built for. The more specific the user's choice, the more it
/// counts, and a base URL set by hand (a mock server, a proxy) is never bypassed.
fn choose_base_url<'a, E>(
    call: Option<&str>,
    operation: Option<&'static str>,
    client: &'a Inner<E>,
) -> Result<Cow<'a, str>, InvalidInput> {
    Ok(match (call, operation) {
        (Some(url), _) => Cow::Owned(validate_base_url(url)?),
        (None, Some(server)) if !client.custom_base_url => Cow::Borrowed(server),
        (None, _) => Cow::Borrowed(client.base_url.as_str()),
    })
}

/// The span of a call, where its attempts and final status are recorded.
#[cfg(feature = "tracing")]
type CallSpan = tracing::Span;
#[cfg(not(feature = "tracing"))]
type CallSpan = ();

/// One attempt, cut off at the call's deadline or at the attempt timeout, whichever comes first.
async fn attempt_once<E: 'static>(
    client: &Client<E>,
    attempt: &Attempt<'_>,
    prepared: &Prepared<'_>,
    deadline: Option<Instant>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
) -> Result<RawResponse, Failure> {
    let sending = client.attempt(attempt, prepared);
    #[cfg(feature = "tracing")]
    let sending = {
        use tracing::Instrument;
        sending.instrument(tracing::debug_span!("attempt", number = attempt.attempt))
    };
    let attempt_end = attempt_timeout.map(|t| (Instant::now() + t, Failure::attempt_timeout(t)));
    let call_end = deadline.zip(timeout).map(|(d, t)| (d, Failure::deadline(t)));
    let end = match (attempt_end, call_end) {
        (Some(a), Some(c)) => Some(if a.0 < c.0 { a } else { c }),
        (a, c) => a.or(c),
    };
    match end {
        Some((at, error)) => tokio::time::timeout_at(at, sending).await.unwrap_or(Err(error)),
        None => sending.await,
    }
}

/// A status below 400: a success, a redirect or an informational status.
fn is_answer(status: StatusCode) -> bool {
    status.as_u16() < 400
}

/// The success statuses decode as the operation's output, and a success body that does not decode is
/// `Failure::Decode`. Any other status, a documented redirect (`303`, `304`) as much as an error, is
/// `Failure::Api`, whose body the SDK's `Error` decodes as the spec documents it for the status: the
/// status decides the variant, never the body.
fn decode<O: Operation, E: CallError>(response: RawResponse) -> Result<Response<O::Output>, E> {
    let RawResponse {
        status,
        headers,
        body,
        too_large,
        retry_after,
    } = response;
    let code = status.as_u16();
    let too_large = too_large.map(|limit| BodyProblem::TooLarge { limit });
    if O::INFO.success_statuses.contains(&code) {
        let decoded = match too_large {
            Some(problem) => Err(problem),
            None => O::decode_status(code, &body).map_err(|e| BodyProblem::json(&e)),
        };
        return match decoded {
            Ok(body) => Ok(Response { status, headers, body }),
            Err(problem) => Err(E::from(Failure::Decode(Box::new(DecodeError {
                answer: Answer {
                    operation: O::INFO.id,
                    status,
                    headers,
                    body,
                },
                problem,
            })))),
        };
    }
    Err(E::from(Failure::Api(Box::new(ApiAnswer {
        answer: Answer {
            operation: O::INFO.id,
            status,
            headers,
            body,
        },
        too_large,
        retry_after,
    }))))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN_SERVER: Option<&str> = Some("https://upload.example.com/v2");

    fn client(base_url: Option<&str>) -> Client<crate::Error> {
        let builder = crate::Client::builder().bearer_token("t");
        match base_url {
            Some(url) => builder.base_url(url),
            None => builder,
        }
        .build()
        .unwrap()
        .inner
    }

    #[test]
    fn an_operation_with_its_own_server_goes_there_from_a_client_on_the_spec_servers() {
        // The spec's first server: the stand-in's in this crate, the spec's in a generated SDK.
        let client = client(None);
        let spec_server = client.base_url().to_owned();
        assert!(spec_server.starts_with("https://"), "{spec_server}");
        assert_eq!(
            choose_base_url(None, OWN_SERVER, &client.inner).unwrap(),
            "https://upload.example.com/v2"
        );
        assert_eq!(choose_base_url(None, None, &client.inner).unwrap(), spec_server);
    }

    #[test]
    fn a_base_url_set_on_the_client_wins_over_the_operation_server() {
        let client = client(Some("http://127.0.0.1:4010/mock/"));
        assert_eq!(
            choose_base_url(None, OWN_SERVER, &client.inner).unwrap(),
            "http://127.0.0.1:4010/mock"
        );
        assert_eq!(
            choose_base_url(None, None, &client.inner).unwrap(),
            "http://127.0.0.1:4010/mock"
        );
    }

    #[test]
    fn a_base_url_set_on_the_call_wins_over_everything() {
        for client in [client(None), client(Some("http://127.0.0.1:4010"))] {
            for operation in [OWN_SERVER, None] {
                let chosen = choose_base_url(Some("http://localhost:9/call/"), operation, &client.inner).unwrap();
                assert_eq!(chosen, "http://localhost:9/call");
            }
        }
        let client = client(None);
        assert!(choose_base_url(Some("not a url"), OWN_SERVER, &client.inner).is_err());
    }

    #[test]
    fn header_objects_and_unions_use_the_simple_style() {
        let value = serde_json::json!({"role": "admin", "id": 5});
        let request = HttpRequest::new(String::new())
            .header_value("X-Filter", &value, false)
            .unwrap()
            .header_value("X-Exploded", &value, true)
            .unwrap()
            .header_value("X-Union", &serde_json::json!(["a", 2]), false)
            .unwrap()
            .header_value("X-Absent", &serde_json::json!(null), false)
            .unwrap();
        assert_eq!(request.headers["x-filter"], "id,5,role,admin");
        assert_eq!(request.headers["x-exploded"], "id=5,role=admin");
        assert_eq!(request.headers["x-union"], "a,2");
        assert!(!request.headers.contains_key("x-absent"));
        let err = HttpRequest::new(String::new())
            .header_value("X-Bad", &serde_json::json!({"a": "x\ny"}), false)
            .unwrap_err();
        assert!(!err.message().is_empty(), "{err:?}");
    }

    #[test]
    fn cookie_objects_join_encoded_names_and_values() {
        let request = HttpRequest::new(String::new())
            .cookie_value("prefs", &serde_json::json!({"theme": "dark; x", "size": 2}))
            .unwrap()
            .cookie_value("one", &serde_json::json!("a b"))
            .unwrap()
            .cookie_value("none", &serde_json::json!(null))
            .unwrap();
        let header = request.cookie_header(&[]).unwrap().unwrap();
        assert_eq!(header, "prefs=size,2,theme,dark%3B%20x; one=a%20b");
    }
}
