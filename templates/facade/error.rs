//! The SDK's `Error` and `ApiError`: what went wrong in a call, and whether the request can have
//! reached the server. The runtime reports what went wrong (`runtime::error::Failure`); an error status
//! gets here its typed kind, `crate::ApiErrorKind`, which the generator makes from the statuses the
//! spec documents.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::runtime::error::{
    Answer, ApiAnswer, BodyProblem, DecodeError, Elapsed, Failure, HookError, InvalidInput, MissingCredentials,
    TransportError,
};

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
    /// A [`Hook`](crate::Hook) stopped the call before the request was sent.
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
    /// [`max_retry_after`](crate::RetryPolicy::max_retry_after), ends at once with this error.
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

// How the runtime hands over what went wrong; `Failure` is the runtime's, not the SDK's API.
#[doc(hidden)]
impl From<Failure> for Error {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::InvalidInput(e) => Error::InvalidInput(e),
            Failure::MissingCredentials(e) => Error::MissingCredentials(e),
            Failure::Connect(e) => Error::Connect(e),
            Failure::Timeout(e) => Error::Timeout(e),
            Failure::Transport(e) => Error::Transport(e),
            Failure::Decode(e) => Error::Decode(e),
            Failure::Api(answer) => Error::Api(Box::new(ApiError::decode(*answer))),
            Failure::Hook(e) => Error::Hook(e),
        }
    }
}

impl From<InvalidInput> for Error {
    fn from(error: InvalidInput) -> Self {
        Error::InvalidInput(error)
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

impl ApiError {
    /// The answer's body decoded as the spec documents it for its status. A body that is not what the
    /// spec documents (or is over the body limit) gives the kind `UnexpectedBody` and keeps why; a
    /// status the spec does not document gives `Unexpected`: the status decides the kind, never the body.
    fn decode(raw: ApiAnswer) -> Self {
        let ApiAnswer {
            answer,
            too_large,
            retry_after,
        } = raw;
        let (kind, problem) = match (
            crate::ApiErrorKind::decode(answer.status.as_u16(), &answer.body),
            too_large,
        ) {
            (Ok(kind @ crate::ApiErrorKind::Unexpected), problem) => (kind, problem),
            (Ok(kind), None) => (kind, None),
            (Ok(_), Some(problem)) => (crate::ApiErrorKind::UnexpectedBody, Some(problem)),
            (Err(e), problem) => (
                crate::ApiErrorKind::UnexpectedBody,
                Some(problem.unwrap_or_else(|| BodyProblem::json(&e))),
            ),
        };
        ApiError {
            answer,
            kind,
            problem,
            retry_after,
        }
    }
}
