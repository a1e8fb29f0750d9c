//! The one error type of the SDK: what went wrong, and whether the request can have reached the server.
//!
//! The typed part of an API error, `crate::ApiErrorKind`, is generated from the statuses the spec documents.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Everything that can go wrong in a call.
///
/// The variants tell apart calls that never left the client ([`Error::InvalidInput`], [`Error::Connect`])
/// from calls the server may have processed ([`Error::Timeout`], [`Error::Transport`]) and from calls the
/// server answered ([`Error::Decode`], [`Error::Api`]). `Display` is one line and never contains the bearer
/// token, a request body or a URL with query values; the cause is available through
/// [`std::error::Error::source`].
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
    /// The call did not finish within its timeout. The server may have processed the request.
    Timeout(TransportError),
    /// The connection failed after the request may have been sent (reset, closed early, truncated
    /// response). The server may have processed the request.
    Transport(TransportError),
    /// The server answered, but the response is not what the spec describes (for example invalid JSON,
    /// or a body larger than the configured limit).
    Decode(Box<DecodeError>),
    /// The server answered with a status other than the operation's success status: an error, or a
    /// redirect or informational status, which the SDK never follows (a `303` is `Error::Api` whose kind
    /// is `SeeOther` when the spec documents it, its `Location` in [`ApiError::headers`]).
    Api(Box<ApiError>),
}

impl Error {
    /// The HTTP status of the response, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Decode(e) => Some(e.status),
            Error::Api(e) => Some(e.status),
            Error::InvalidInput(_)
            | Error::MissingCredentials(_)
            | Error::Connect(_)
            | Error::Timeout(_)
            | Error::Transport(_) => None,
        }
    }

    /// The response headers, when the server answered.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Decode(e) => Some(&e.headers),
            Error::Api(e) => Some(&e.headers),
            Error::InvalidInput(_)
            | Error::MissingCredentials(_)
            | Error::Connect(_)
            | Error::Timeout(_)
            | Error::Transport(_) => None,
        }
    }

    /// The raw response body (at most the configured body limit), when the server answered.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Decode(e) => Some(&e.body),
            Error::Api(e) => Some(&e.body),
            Error::InvalidInput(_)
            | Error::MissingCredentials(_)
            | Error::Connect(_)
            | Error::Timeout(_)
            | Error::Transport(_) => None,
        }
    }

    /// The typed API error, when the server answered with an error status.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn invalid_input(message: impl Into<Cow<'static, str>>) -> Self {
        Error::InvalidInput(InvalidInput {
            message: message.into(),
        })
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
            deadline: None,
        })
    }

    /// The call's deadline passed.
    pub(crate) fn deadline(after: std::time::Duration) -> Self {
        Error::Timeout(TransportError {
            source: None,
            deadline: Some(after),
        })
    }

    /// True when the request certainly did not reach the server: it was refused before sending, or no
    /// connection could be made.
    pub fn is_not_sent(&self) -> bool {
        matches!(
            self,
            Error::InvalidInput(_) | Error::MissingCredentials(_) | Error::Connect(_)
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(e) => write!(f, "invalid input: {}", e.message),
            Error::MissingCredentials(e) => fmt::Display::fmt(e, f),
            Error::Connect(_) => f.write_str("could not connect to the server"),
            Error::Timeout(_) => f.write_str("the call timed out"),
            Error::Transport(_) => f.write_str("the connection failed during the call"),
            Error::Decode(e) => write!(f, "could not decode the response with status {}", e.status.as_u16()),
            Error::Api(e) => write!(f, "the server answered with status {}", e.status.as_u16()),
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
        }
    }
}

/// An argument or configuration value the SDK refused before sending anything.
#[derive(Debug)]
pub struct InvalidInput {
    message: Cow<'static, str>,
}

impl InvalidInput {
    /// What was wrong, in one line. Never contains a secret.
    pub fn message(&self) -> &str {
        &self.message
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

/// A failure of the connection, or the call's deadline passing.
#[derive(Debug)]
pub struct TransportError {
    source: Option<reqwest::Error>,
    deadline: Option<std::time::Duration>,
}

impl TransportError {
    /// For a timeout: the deadline of the call that passed, when it was the call's deadline (and not
    /// the connect timeout of the HTTP client).
    pub fn deadline(&self) -> Option<std::time::Duration> {
        self.deadline
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.source, self.deadline) {
            (Some(source), _) => fmt::Display::fmt(source, f),
            (None, Some(deadline)) => write!(f, "no response within the deadline of {deadline:?}"),
            (None, None) => f.write_str("the connection failed"),
        }
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().and_then(StdError::source)
    }
}

/// A response the SDK could not decode. Keeps the status, the headers and the raw body.
#[derive(Debug)]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) reason: DecodeReason,
}

#[derive(Debug)]
pub(crate) enum DecodeReason {
    Json(serde_json::Error),
    TooLarge { limit: usize },
}

impl DecodeError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body, at most the configured body limit.
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// True when the body was larger than the configured limit; [`DecodeError::raw_body`] holds its start.
    pub fn is_too_large(&self) -> bool {
        matches!(self.reason, DecodeReason::TooLarge { .. })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            DecodeReason::Json(e) => write!(f, "invalid JSON body: {e}"),
            DecodeReason::TooLarge { limit } => write!(f, "the body is larger than the limit of {limit} bytes"),
        }
    }
}

impl StdError for DecodeError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.reason {
            DecodeReason::Json(e) => Some(e),
            DecodeReason::TooLarge { .. } => None,
        }
    }
}

/// A status from the server other than a success (an error, a redirect, an informational status), with
/// the body decoded as the spec documents it for that status.
#[derive(Debug)]
pub struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) kind: crate::ApiErrorKind,
}

impl ApiError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw response body, at most the configured body limit.
    pub fn raw_body(&self) -> &[u8] {
        &self.body
    }

    /// The error as the spec documents it for this status.
    pub fn kind(&self) -> &crate::ApiErrorKind {
        &self.kind
    }

    /// Takes the typed error out.
    pub fn into_kind(self) -> crate::ApiErrorKind {
        self.kind
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.kind, f)
    }
}

impl StdError for ApiError {}
