//! What can go wrong in a call, as the runtime sees it (`Failure`), and the parts of it the SDK's
//! `Error` keeps as they are. The SDK's `Error` and `ApiError`, which give an error status its typed
//! kind, are in the facade's `error.rs`.

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use std::time::Duration;

/// What went wrong in a call, as the runtime sees it. The SDK's `Error` has the same variants, its
/// documented ones; it gives an error status its typed kind (`ApiAnswer` here).
#[derive(Debug)]
pub enum Failure {
    InvalidInput(InvalidInput),
    MissingCredentials(MissingCredentials),
    Connect(TransportError),
    Timeout(TransportError),
    Transport(TransportError),
    Decode(Box<DecodeError>),
    Api(Box<ApiAnswer>),
    Hook(HookError),
}

impl Failure {
    pub fn invalid_input(message: impl Into<Cow<'static, str>>) -> Self {
        Failure::InvalidInput(InvalidInput::new(message))
    }

    /// Classifies a reqwest failure. The URL is dropped from the cause: it carries path parameters and
    /// query values (user identifiers) that do not belong in logs.
    pub fn from_reqwest(error: reqwest::Error) -> Self {
        let error = error.without_url();
        if error.is_builder() {
            return Failure::invalid_input(format!("the request could not be built: {error}"));
        }
        // A connection that could not be made in time is still a connection that was not made: the
        // request was not sent, which is what decides whether it may be retried.
        let kind = if error.is_connect() {
            Failure::Connect
        } else if error.is_timeout() {
            Failure::Timeout
        } else {
            Failure::Transport
        };
        kind(TransportError {
            source: Some(error),
            elapsed: None,
        })
    }

    /// The call's deadline passed.
    pub fn deadline(after: Duration) -> Self {
        Failure::Timeout(TransportError {
            source: None,
            elapsed: Some(Elapsed::Deadline(after)),
        })
    }

    /// One attempt took longer than the attempt timeout.
    pub fn attempt_timeout(after: Duration) -> Self {
        Failure::Timeout(TransportError {
            source: None,
            elapsed: Some(Elapsed::Attempt(after)),
        })
    }

    /// True when the request certainly did not reach the server: it was refused before sending, or no
    /// connection could be made.
    pub fn is_not_sent(&self) -> bool {
        matches!(
            self,
            Failure::InvalidInput(_) | Failure::MissingCredentials(_) | Failure::Connect(_) | Failure::Hook(_)
        )
    }
}

impl From<InvalidInput> for Failure {
    fn from(error: InvalidInput) -> Self {
        Failure::InvalidInput(error)
    }
}

/// An argument or configuration value the SDK refused before sending anything.
#[derive(Debug)]
pub struct InvalidInput {
    message: Cow<'static, str>,
}

impl InvalidInput {
    pub fn new(message: impl Into<Cow<'static, str>>) -> Self {
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

/// An operation needs credentials the client does not have. Names the schemes, never a value.
#[derive(Debug)]
pub struct MissingCredentials {
    pub operation: &'static str,
    pub alternatives: &'static [&'static [super::auth::Scheme]],
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
    pub elapsed: Option<Elapsed>,
}

/// Which of the SDK's timeouts passed.
#[derive(Clone, Copy, Debug)]
pub enum Elapsed {
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
pub struct Answer {
    pub operation: &'static str,
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    /// `operation: 400 Bad Request`.
    pub fn headline(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.operation, self.status.as_u16())?;
        match self.status.canonical_reason() {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }

    pub fn debug_fields(&self, f: &mut fmt::DebugStruct<'_, '_>) {
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
pub enum BodyProblem {
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
    pub fn json(error: &serde_json::Error) -> Self {
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
    pub answer: Answer,
    pub problem: BodyProblem,
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

/// A status from the server other than a success, before the SDK decodes its body as the spec documents
/// it for that status.
#[derive(Debug)]
pub struct ApiAnswer {
    pub answer: Answer,
    /// The body limit was reached, and the body is only its start.
    pub too_large: Option<BodyProblem>,
    pub retry_after: Option<Duration>,
}

/// A [`Hook`](crate::Hook) refused to let a call go on. The call ends with
/// [`Error::Hook`](crate::Error::Hook) before its request is sent; it is not retried.
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
