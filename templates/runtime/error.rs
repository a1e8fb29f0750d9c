//! The one error type of the SDK: what went wrong, and whether the request can have reached the server.
//!
//! The typed part of an API error, `crate::ApiErrorKind`, is generated from the statuses the spec documents.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use std::time::Duration;

/// Everything that can go wrong in a call.
///
/// The variants tell apart calls that never left the client ([`Error::InvalidInput`],
/// [`Error::MissingCredentials`], [`Error::Connect`], [`Error::Hook`]) from calls the server may have
/// processed ([`Error::Timeout`], [`Error::Transport`]) and from calls the server answered
/// ([`Error::Decode`] for a success status, [`Error::Api`] for every other status). `Display` is one
/// line and never contains the bearer token, a body, a header value or a URL; `Debug` shows the status,
/// content type, body length and header names of a response, never its body or header values.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// An argument or a configuration value was rejected before anything was sent.
    InvalidInput(InvalidInput),
    /// The operation requires credentials the client was not given (an API key, basic auth, a
    /// bearer token); nothing was sent.
    MissingCredentials(MissingCredentials),
    /// The client could not connect to the server; the request was not sent.
    Connect(TransportError),
    /// The call, or one attempt of it, did not finish within its timeout. The server may have processed
    /// the request.
    Timeout(TransportError),
    /// The connection failed after the request may have been sent (reset, closed early, truncated
    /// response). The server may have processed the request.
    Transport(TransportError),
    /// The server answered with a success status, but its body is not what the spec describes (for
    /// example invalid JSON, or a body larger than the configured limit). Only success statuses end
    /// here: an error status with such a body is [`Error::Api`].
    Decode(Box<DecodeError>),
    /// The server answered with a status other than the operation's success status: an error, or a
    /// redirect or informational status, which the SDK never follows (a `303` is `Error::Api` whose kind
    /// is `SeeOther` when the spec documents it, its `Location` in [`ApiError::headers`]). A documented
    /// status whose body is not what the spec documents (an HTML page from a proxy, an empty body) is
    /// here too, with the kind `ApiErrorKind::UnexpectedBody` and the body in [`ApiError::raw_body`].
    Api(Box<ApiError>),
    /// A [`Hook`](super::hooks::Hook) stopped the call before the request was sent.
    Hook(HookError),
}

impl Error {
    /// The HTTP status of the response, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        self.response().map(|r| r.status)
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.response().map(|r| &r.headers)
    }

    /// The raw response body (at most the configured body limit), when the server answered.
    pub fn raw_body(&self) -> Option<&[u8]> {
        self.response().map(|r| r.body.as_slice())
    }

    /// The typed API error, when the server answered with an error status.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// How long the server asked to wait before the next request (`Retry-After`), when it answered with
    /// one. A call whose wait does not fit its deadline, or the policy's
    /// [`max_retry_after`](super::retry::RetryPolicy::max_retry_after), ends at once with this error.
    pub fn retry_after(&self) -> Option<Duration> {
        self.as_api_error().and_then(ApiError::retry_after)
    }

    fn response(&self) -> Option<&Answer> {
        match self {
            Error::Decode(e) => Some(&e.answer),
            Error::Api(e) => Some(&e.answer),
            Error::InvalidInput(_)
            | Error::MissingCredentials(_)
            | Error::Connect(_)
            | Error::Timeout(_)
            | Error::Transport(_)
            | Error::Hook(_) => None,
        }
    }

    pub(crate) fn invalid_input(message: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidInput(InvalidInput::new(message))
    }

    /// Classifies a reqwest failure. The URL is dropped from the cause: it carries path parameters and
    /// query values (user identifiers) that do not belong in logs.
    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        let error = error.without_url();
        if error.is_builder() {
            return Error::invalid_input(format!("the request could not be built: {error}"));
        }
        // A connection that could not be made in time is still a connection that was not made: the
        // request was not sent, which is what decides whether it may be retried.
        let kind = if error.is_connect() {
            Error::Connect
        } else if error.is_timeout() {
            Error::Timeout
        } else {
            Error::Transport
        };
        kind(TransportError {
            source: Some(error),
            elapsed: None,
        })
    }

    /// The call's deadline passed.
    pub(crate) fn deadline(after: Duration) -> Self {
        Error::Timeout(TransportError {
            source: None,
            elapsed: Some(Elapsed::Deadline(after)),
        })
    }

    /// One attempt took longer than the attempt timeout.
    pub(crate) fn attempt_timeout(after: Duration) -> Self {
        Error::Timeout(TransportError {
            source: None,
            elapsed: Some(Elapsed::Attempt(after)),
        })
    }

    /// True when the request certainly did not reach the server: it was refused before sending, or no
    /// connection could be made.
    pub fn is_not_sent(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput(_) | Error::MissingCredentials(_) | Error::Connect(_) | Error::Hook(_)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(e) => fmt::Display::fmt(e, f),
            Error::MissingCredentials(e) => fmt::Display::fmt(e, f),
            Error::Connect(_) => f.write_str("could not connect to the server"),
            Error::Timeout(e) => match e.elapsed {
                Some(Elapsed::Attempt(after)) => write!(f, "an attempt timed out after {after:?}"),
                _ => f.write_str("the call timed out"),
            },
            Error::Transport(_) => f.write_str("the connection failed during the call"),
            Error::Decode(e) => fmt::Display::fmt(e, f),
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Hook(e) => fmt::Display::fmt(e, f),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Error::InvalidInput(_) | Error::MissingCredentials(_) => None,
            Error::Connect(e) | Error::Timeout(e) | Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e.as_ref()),
            Error::Api(e) => Some(e.as_ref()),
            Error::Hook(e) => Some(e),
        }
    }
}

/// An argument or configuration value the SDK refused before sending anything.
#[derive(Debug)]
pub struct InvalidInput {
    message: Cow<'static, str>,
}

impl InvalidInput {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>) -> Self {
        InvalidInput {
            message: message.into(),
        }
    }

    /// What was wrong, in one line. Never contains a secret.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for InvalidInput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input: {}", self.message)
    }
}

impl StdError for InvalidInput {}

impl From<InvalidInput> for Error {
    fn from(error: InvalidInput) -> Self {
        Error::InvalidInput(error)
    }
}

/// An operation needs credentials the client does not have. Names the schemes, never a value.
#[derive(Debug)]
pub struct MissingCredentials {
    pub(crate) operation: &'static str,
    pub(crate) alternatives: &'static [&'static [super::auth::Scheme]],
}

impl MissingCredentials {
    /// The `operationId` of the operation.
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// What the operation accepts: alternatives, each of schemes that must all be configured.
    pub fn accepted(&self) -> &[&[super::auth::Scheme]] {
        self.alternatives
    }
}

impl fmt::Display for MissingCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the operation {} needs credentials the client was not given: ",
            self.operation
        )?;
        for (i, alternative) in self.alternatives.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            for (j, scheme) in alternative.iter().enumerate() {
                if j > 0 {
                    f.write_str(" and ")?;
                }
                match scheme {
                    super::auth::Scheme::Bearer => f.write_str("a bearer token")?,
                    super::auth::Scheme::Basic => f.write_str("basic auth")?,
                    super::auth::Scheme::ApiKey(key) => write!(f, "the API key {}", key.scheme)?,
                }
            }
        }
        Ok(())
    }
}

impl StdError for MissingCredentials {}

/// A failure of the connection, or a timeout passing.
#[derive(Debug)]
pub struct TransportError {
    source: Option<reqwest::Error>,
    elapsed: Option<Elapsed>,
}

/// Which of the SDK's timeouts passed.
#[derive(Clone, Copy, Debug)]
enum Elapsed {
    Deadline(Duration),
    Attempt(Duration),
}

impl TransportError {
    /// For a timeout: the deadline of the call that passed, when it was the call's deadline (and not
    /// an attempt's timeout or the connect timeout of the HTTP client).
    pub fn deadline(&self) -> Option<Duration> {
        match self.elapsed {
            Some(Elapsed::Deadline(after)) => Some(after),
            _ => None,
        }
    }

    /// For a timeout: the attempt timeout that passed, when the last attempt took longer than it
    /// allows (see `ClientBuilder::attempt_timeout`).
    pub fn attempt_timeout(&self) -> Option<Duration> {
        match self.elapsed {
            Some(Elapsed::Attempt(after)) => Some(after),
            _ => None,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.elapsed) {
            (Some(source), _) => fmt::Display::fmt(source, f),
            (None, Some(Elapsed::Deadline(after))) => write!(f, "no response within the deadline of {after:?}"),
            (None, Some(Elapsed::Attempt(after))) => {
                write!(f, "no response within the attempt timeout of {after:?}")
            }
            (None, None) => f.write_str("the connection failed"),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().and_then(StdError::source)
    }
}

/// What the server answered, kept on an error: the operation, status, headers and the raw body (at most
/// the configured body limit). Its `Debug` shows the status, content type, body length and header
/// names: a body or a header value may hold a token.
pub(crate) struct Answer {
    pub(crate) operation: &'static str,
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// `operation: 400 Bad Request`.
    fn headline(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.status.as_u16())?;
        match self.status.canonical_reason() {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }

    fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
        let content_type = self
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        f.field("operation", &self.operation)
            .field("status", &self.status.as_u16())
            .field("content_type", &content_type)
            .field("body_len", &self.body.len())
            .field("headers", &super::redact::header_names(&self.headers));
    }
}

impl fmt::Debug for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("Answer");
        self.debug_fields(&mut f);
        f.finish()
    }
}

/// Why a body is not what the spec documents. Keeps where JSON went wrong but not serde's message,
/// which can quote a value of the body (`invalid type: string "…"`), and so a token; only the name of
/// a missing field, which comes from the spec, is kept.
#[derive(Clone, Debug)]
pub(crate) enum BodyProblem {
    Json {
        category: serde_json::error::Category,
        line: usize,
        column: usize,
        missing_field: Option<String>,
    },
    TooLarge {
        limit: usize,
    },
}

impl BodyProblem {
    pub(crate) fn json(error: &serde_json::Error) -> Self {
        let message = error.to_string();
        let missing_field = message
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(name, _)| name.to_owned());
        BodyProblem::Json {
            category: error.classify(),
            line: error.line(),
            column: error.column(),
            missing_field,
        }
    }
}

impl fmt::Display for BodyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use serde_json::error::Category;
        match self {
            BodyProblem::Json {
                missing_field: Some(name),
                ..
            } => write!(f, "the JSON has no field `{name}`, which the spec requires"),
            &BodyProblem::Json {
                category, line, column, ..
            } => {
                let what = match category {
                    Category::Eof if line == 1 && column == 0 => return f.write_str("the body is empty"),
                    Category::Eof => "the JSON ends early",
                    Category::Syntax => "the body is not valid JSON",
                    Category::Data => "the JSON does not have the documented shape",
                    Category::Io => "the body could not be read",
                };
                write!(f, "{what} (line {line}, column {column})")
            }
            BodyProblem::TooLarge { limit } => write!(f, "the body is larger than the limit of {limit} bytes"),
        }
    }
}

impl StdError for BodyProblem {}

/// A success response the SDK could not decode. Keeps the status, the headers and the raw body.
///
/// `Debug` and `Display` never show the body or header values: a success body may hold tokens.
pub struct DecodeError {
    pub(crate) answer: Answer,
    pub(crate) problem: BodyProblem,
}

impl DecodeError {
    /// The `operationId` of the operation called.
    pub fn operation(&self) -> &str {
        self.answer.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.answer.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.answer.headers
    }

    /// The raw response body, at most the configured body limit.
    pub fn raw_body(&self) -> &[u8] {
        &self.answer.body
    }

    /// True when the body was larger than the configured limit; [`DecodeError::raw_body`] holds its start.
    pub fn is_too_large(&self) -> bool {
        matches!(self.problem, BodyProblem::TooLarge { .. })
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("DecodeError");
        self.answer.debug_fields(&mut f);
        f.field("problem", &self.problem).finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.answer.headline(f)?;
        write!(f, ": the response is not what the spec documents: {}", self.problem)
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.problem)
    }
}

/// A status from the server other than a success (an error, a redirect, an informational status), with
/// the body decoded as the spec documents it for that status.
///
/// `Display` is one line: `operation: status reason`, then the error code and message fields the SDK
/// is configured with when the body has them. `Debug` shows the typed kind, the status, content type,
/// body length and header names, never the raw body or header values.
pub struct ApiError {
    pub(crate) answer: Answer,
    pub(crate) kind: crate::ApiErrorKind,
    /// Why the body is not what the spec documents for the status, when it is not.
    pub(crate) problem: Option<BodyProblem>,
    pub(crate) retry_after: Option<Duration>,
}

impl ApiError {
    /// The `operationId` of the operation called.
    pub fn operation(&self) -> &str {
        self.answer.operation
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.answer.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.answer.headers
    }

    /// The raw response body, at most the configured body limit.
    pub fn raw_body(&self) -> &[u8] {
        &self.answer.body
    }

    /// The error as the spec documents it for this status.
    pub fn kind(&self) -> &crate::ApiErrorKind {
        &self.kind
    }

    /// Takes the typed error out.
    pub fn into_kind(self) -> crate::ApiErrorKind {
        self.kind
    }

    /// How long the server asked to wait before the next request: its `Retry-After` header, read as
    /// delay-seconds or as an HTTP date (each form RFC 9110 allows), from when the response arrived.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut f = f.debug_struct("ApiError");
        self.answer.debug_fields(&mut f);
        f.field("kind", &self.kind)
            .field("problem", &self.problem)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.answer.headline(f)?;
        if let Some(problem) = &self.problem {
            return write!(f, ": the body is not what the spec documents: {problem}");
        }
        if matches!(self.kind, crate::ApiErrorKind::Unexpected) {
            return f.write_str(" (a status the spec does not document)");
        }
        for (field, value) in self.kind.summary_fields() {
            if let Some(value) = value {
                write!(f, " {field}={:?}", OneLine(value))?;
            }
        }
        Ok(())
    }
}

/// A text from the server, for one line of `Display`: at most 200 characters, written as a quoted
/// string with control characters escaped.
struct OneLine<'a>(&'a str);

impl fmt::Debug for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const MAX: usize = 200;
        match self.0.char_indices().nth(MAX) {
            Some((end, _)) => write!(f, "{:?}", format!("{}…", &self.0[..end])),
            None => write!(f, "{:?}", self.0),
        }
    }
}

impl StdError for ApiError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.problem.as_ref().map(|p| p as &(dyn StdError + 'static))
    }
}

/// A [`Hook`](super::hooks::Hook) refused to let a call go on. The call ends with
/// [`Error::Hook`] before its request is sent; it is not retried.
#[derive(Debug)]
pub struct HookError {
    message: Cow<'static, str>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl HookError {
    /// An error with a one-line message, which the caller sees in `Display`.
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
        HookError {
            message: message.into(),
            source: None,
        }
    }

    /// An error with a message and the cause, available through [`std::error::Error::source`].
    pub fn with_source(
        message: impl Into<Cow<'static, str>>,
        source: impl Into<Box<dyn StdError + Send + Sync + 'static>>,
    ) -> Self {
        HookError {
            message: message.into(),
            source: Some(source.into()),
        }
    }

    /// The hook's message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for HookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a hook stopped the call: {}", self.message)
    }
}

impl StdError for HookError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|s| s as &(dyn StdError + 'static))
    }
}
