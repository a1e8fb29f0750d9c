//! The SDK's `Client` and `ClientBuilder`: the runtime's client (`runtime::client`), given what the spec
//! says about the SDK (`crate::SDK_INFO`: servers, user agent, environment variables, credentials).
//!
//! They are the SDK's own types, so that the generator can add to them: the operation groups
//! (`client.tokens()`), `ClientBuilder::server` and the setters of the spec's credentials.

use std::fmt;
use std::time::Duration;

use super::error::Error;
use super::hooks::{Adapter, Hook};
use crate::runtime::auth::TokenProvider;
use crate::runtime::client as engine;
use crate::runtime::retry::RetryPolicy;
use crate::runtime::server::ServerTemplate;

/// A client of the API. Cheap to clone: clones share one connection pool and configuration.
///
/// Build one with [`Client::builder`] or [`Client::from_env`].
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: engine::Client<Error>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl Client {
    /// Starts configuring a client. Without further settings it talks to the spec's first server.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            inner: engine::ClientBuilder::new(&crate::SDK_INFO),
        }
    }

    /// Builds a client from the environment: the credentials whose variables are set (the bearer
    /// token, and HTTP basic credentials and API keys when the spec uses them), and the base URL when it
    /// is set. The crate documentation names the variables. It fails when no credential is set and
    /// every operation needs one.
    ///
    /// To combine the environment with other settings, use [`ClientBuilder::env`].
    pub fn from_env() -> Result<Client, Error> {
        let inner = engine::ClientBuilder::new(&crate::SDK_INFO).read_env()?.build()?;
        Ok(Client { inner })
    }

    /// The base URL requests go to: the one set with [`ClientBuilder::base_url`], else the spec's server
    /// chosen with `ClientBuilder::server` (the first by default) with its variables filled in. An
    /// operation that the spec serves from a server of its own goes there instead, unless a base URL
    /// was set; a call can set its own with [`Call::base_url`](crate::Call::base_url).
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }
}

/// Configures a [`Client`].
pub struct ClientBuilder {
    inner: engine::ClientBuilder<Error>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl ClientBuilder {
    /// The bearer token sent as `Authorization: Bearer <token>` to the operations whose security
    /// accepts one (HTTP bearer, OAuth 2, OpenID Connect), and to every operation when the spec declares
    /// no security at all. A value that already starts with `Bearer ` is sent as it is. It replaces a
    /// token provider set earlier.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        ClientBuilder {
            inner: self.inner.bearer_token(token),
        }
    }

    /// Asks `provider` for the bearer token of every attempt, retries included, so that a token that
    /// changes (refreshed, rotated) needs no new client; it is sent where
    /// [`ClientBuilder::bearer_token`] would send a fixed one, which it replaces. A closure
    /// `|| -> String` is a provider; see [`TokenProvider`].
    pub fn bearer_token_provider(self, provider: impl TokenProvider) -> Self {
        ClientBuilder {
            inner: self.inner.bearer_token_provider(provider),
        }
    }

    /// HTTP basic credentials; the generated `basic_auth` setter documents them.
    pub(crate) fn set_basic_auth(self, user: String, password: String) -> Self {
        ClientBuilder {
            inner: self.inner.set_basic_auth(user, password),
        }
    }

    /// The key of the API key scheme named `scheme` in the spec; the generated setters document them.
    pub(crate) fn set_api_key(self, scheme: &'static str, value: String) -> Self {
        ClientBuilder {
            inner: self.inner.set_api_key(scheme, value),
        }
    }

    /// Any base URL, for example a local mock server (`http://127.0.0.1:4010`). A path prefix is kept:
    /// operations are appended to it. It replaces the spec's servers for every operation, those with a
    /// server of their own included (a later `ClientBuilder::server` replaces it in turn); a call can
    /// still set its own with [`Call::base_url`](crate::Call::base_url).
    pub fn base_url(self, url: impl Into<String>) -> Self {
        ClientBuilder {
            inner: self.inner.base_url(url),
        }
    }

    /// Picks one of the spec's servers, replacing an earlier base URL; the generated
    /// `ClientBuilder::server` documents them.
    pub(crate) fn set_server(self, server: &'static ServerTemplate) -> Self {
        ClientBuilder {
            inner: self.inner.set_server(server),
        }
    }

    /// Sets a variable of the chosen server's URL template, checked by [`ClientBuilder::build`]; the
    /// generated `ClientBuilder::server_variable` documents them.
    pub(crate) fn set_server_variable(self, name: String, value: String) -> Self {
        ClientBuilder {
            inner: self.inner.set_server_variable(name, value),
        }
    }

    /// The deadline of a whole call: every attempt, and the waits between them, from connecting to
    /// reading the last byte (default [`DEFAULT_TIMEOUT`](crate::DEFAULT_TIMEOUT)). A call can set its own.
    pub fn timeout(self, timeout: Duration) -> Self {
        ClientBuilder {
            inner: self.inner.timeout(timeout),
        }
    }

    /// Calls without a timeout of their own wait as long as the server takes.
    pub fn no_timeout(self) -> Self {
        ClientBuilder {
            inner: self.inner.no_timeout(),
        }
    }

    /// The timeout of each attempt, from sending to reading the last byte of the response (default:
    /// none, an attempt may use the whole call deadline). An attempt that takes longer ends with
    /// [`Error::Timeout`] and is retried as the retry policy allows, within the call's deadline
    /// ([`ClientBuilder::timeout`]), which still bounds the whole call. A call can set its own.
    pub fn attempt_timeout(self, timeout: Duration) -> Self {
        ClientBuilder {
            inner: self.inner.attempt_timeout(timeout),
        }
    }

    /// The timeout of establishing a connection (default
    /// [`DEFAULT_CONNECT_TIMEOUT`](crate::DEFAULT_CONNECT_TIMEOUT)). A connection that cannot be made in time
    /// is [`Error::Connect`]: the request was not sent. Ignored when a custom HTTP client is given.
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        ClientBuilder {
            inner: self.inner.connect_timeout(timeout),
        }
    }

    /// How calls retry failed attempts (default: [`RetryPolicy::default`]). A call can set its own.
    pub fn retry(self, policy: RetryPolicy) -> Self {
        ClientBuilder {
            inner: self.inner.retry(policy),
        }
    }

    /// The `User-Agent` header (default `<crate>/<version>`).
    pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
        ClientBuilder {
            inner: self.inner.user_agent(user_agent),
        }
    }

    /// A header sent with every request. It replaces a header of the same name that the SDK sets
    /// (`Accept`, say). An invalid name or value makes [`ClientBuilder::build`] fail.
    pub fn default_header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        ClientBuilder {
            inner: self.inner.default_header(name, value),
        }
    }

    /// Runs `hook` around every attempt of every call; see [`Hook`].
    pub fn hook(self, hook: impl Hook) -> Self {
        ClientBuilder {
            inner: self.inner.hook(Adapter(hook)),
        }
    }

    /// The largest response body read (default [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE)); a
    /// larger one ends the call with [`Error::Decode`].
    pub fn max_body_size(self, bytes: usize) -> Self {
        ClientBuilder {
            inner: self.inner.max_body_size(bytes),
        }
    }

    /// A reqwest client of your own (proxies, certificates, pools). The SDK's default client follows no
    /// redirects; configure yours the same way, or a redirect may carry the request body elsewhere.
    pub fn http_client(self, client: reqwest::Client) -> Self {
        ClientBuilder {
            inner: self.inner.http_client(client),
        }
    }

    /// Reads the environment, as [`Client::from_env`] does, into this builder: the credentials whose
    /// variables are set (the crate documentation names them) and the base URL when it is set. Each
    /// value read replaces what an earlier setter set; setters called after it replace it in turn, so
    /// `Client::builder().env().timeout(…)` and `Client::builder().base_url(…).env()` both work as they
    /// read. Missing credentials are [`ClientBuilder::build`]'s error, as without the environment.
    pub fn env(self) -> Self {
        ClientBuilder {
            inner: self.inner.env(),
        }
    }

    /// Checks the configuration and builds the client. Nothing is sent.
    pub fn build(self) -> Result<Client, Error> {
        let inner = self.inner.build()?;
        Ok(Client { inner })
    }
}
