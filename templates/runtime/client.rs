//! The client's engine: its configuration (server, credentials, timeouts, retries, headers, hooks) and
//! sending one attempt of a request over reqwest.
//!
//! The SDK's own `Client` and `ClientBuilder` (in the facade's `client.rs`) wrap these two with what
//! the spec gives them (`crate::SDK_INFO`: servers, user agent, environment variable names), and the
//! generator adds the operation groups (`client.tokens()`), `ClientBuilder::server` and the credential
//! setters to those. What a user reads is documented there.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use reqwest::{Method, StatusCode, Url};

use super::auth::{self, Credentials, TokenProvider};
use super::error::{Failure, InvalidInput};
use super::hooks::{Attempt, Hook};
use super::redact::{Redacted, header_names, names, present};
use super::retry::{self, RetryPolicy};
use super::server::ServerTemplate;

/// What the generator knows about the SDK that the client needs at run time.
#[derive(Debug)]
pub struct SdkInfo {
    /// The spec's servers, in its order; the first is used unless the builder picks another or sets a
    /// base URL.
    pub servers: &'static [ServerTemplate],
    /// The `User-Agent` header: `<crate>/<version>`.
    pub user_agent: &'static str,
    /// The environment variable the SDK's `Client::from_env` reads the bearer token from.
    pub token_env: &'static str,
    /// The environment variable the SDK's `Client::from_env` reads an optional base URL from.
    pub base_url_env: &'static str,
    /// Whether every operation requires credentials, so that building a client without any is an error.
    pub requires_credentials: bool,
    /// The environment variables the SDK's `Client::from_env` reads API keys from, by scheme name.
    pub api_key_envs: &'static [(&'static str, &'static str)],
    /// The environment variables the SDK's `Client::from_env` reads HTTP basic credentials from (user,
    /// password), when the spec uses HTTP basic.
    pub basic_auth_envs: Option<(&'static str, &'static str)>,
    /// What to configure when credentials are missing (`call ClientBuilder::api_key`), for the error of
    /// [`ClientBuilder::build`].
    pub credentials_hint: &'static str,
}

/// The connect timeout used unless
/// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout) says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The deadline of a whole call, all attempts and the waits between them included, unless configured
/// otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// The largest response body read, unless
/// [`ClientBuilder::max_body_size`](crate::ClientBuilder::max_body_size) says otherwise.
pub const DEFAULT_MAX_BODY_SIZE: usize = 4 * 1024 * 1024;

/// The engine of the SDK's `Client`: the HTTP client and the configuration every call reads. Cheap to
/// clone: clones share one connection pool and configuration.
pub struct Client<E> {
    pub inner: Arc<Inner<E>>,
}

impl<E> Clone for Client<E> {
    fn clone(&self) -> Self {
        Client {
            inner: Arc::clone(&self.inner),
        }
    }
}

pub struct Inner<E> {
    http: reqwest::Client,
    /// Validated, without a trailing slash, so that operation paths (which start with `/`) append to it.
    pub base_url: String,
    /// The base URL was set by the user (`ClientBuilder::base_url`, or the environment), not taken from
    /// the spec's servers: it then also replaces the servers of operations that have their own.
    pub custom_base_url: bool,
    pub credentials: Credentials,
    user_agent: HeaderValue,
    default_headers: HeaderMap,
    pub timeout: Option<Duration>,
    pub attempt_timeout: Option<Duration>,
    pub retry: RetryPolicy,
    max_body_size: usize,
    hooks: Vec<Arc<dyn Hook<E>>>,
}

impl<E: 'static> fmt::Debug for Client<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let mut f = f.debug_struct("Client");
        f.field("base_url", &inner.base_url)
            .field("authorization", &present(&inner.credentials.bearer));
        if inner.credentials.bearer_provider.is_some() {
            f.field("bearer_token_provider", &Redacted);
        }
        if inner.credentials.basic.is_some() {
            f.field("basic_auth", &Redacted);
        }
        if !inner.credentials.api_keys.is_empty() {
            let schemes = names(&inner.credentials.api_keys);
            f.field("api_keys", &schemes);
        }
        f.field("default_headers", &header_names(&inner.default_headers))
            .field("timeout", &inner.timeout)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("retry", &inner.retry)
            .field("max_body_size", &inner.max_body_size)
            .field("hooks", &inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// One prepared request: everything but what hooks add per attempt.
pub struct Prepared<'a> {
    pub method: Method,
    pub url: String,
    /// The media types the operation's success responses have.
    pub accept: HeaderValue,
    /// The content type and the bytes of the body.
    pub body: Option<(HeaderValue, &'a [u8])>,
    /// The credentials the operation's security asks for; configured and per-call headers replace them.
    pub auth_headers: HeaderMap,
    /// Asked for the bearer token of each attempt, when the operation takes one from a provider.
    pub bearer_provider: Option<Arc<dyn TokenProvider>>,
    /// Header and cookie parameters, then per-call headers (which replace parameters of the same name).
    pub headers: HeaderMap,
}

impl<E: 'static> Client<E> {
    /// The base URL requests go to, validated, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub fn hooks(&self) -> &[Arc<dyn Hook<E>>] {
        &self.inner.hooks
    }

    /// Sends one attempt and reads the whole response body (up to the configured limit; a larger body
    /// is cut there and marked).
    pub async fn attempt(&self, attempt: &Attempt<'_>, prepared: &Prepared<'_>) -> Result<RawResponse, Failure> {
        let inner = &self.inner;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, prepared.accept.clone());
        headers.insert(USER_AGENT, inner.user_agent.clone());
        if let Some((content_type, _)) = &prepared.body {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        if let Some(provider) = &prepared.bearer_provider {
            let token = provider.bearer_token();
            headers.insert(AUTHORIZATION, authorization_header(&token)?);
        }
        // Credentials, configured headers, then the call's parameters and headers add to the SDK's own,
        // or replace them when they have the same name (a custom `Accept`, say).
        for source in [&prepared.auth_headers, &inner.default_headers, &prepared.headers] {
            for name in source.keys() {
                headers.remove(name);
            }
            for (name, value) in source {
                headers.append(name, value.clone());
            }
        }
        for hook in &inner.hooks {
            hook.before_attempt(attempt, &mut headers);
        }
        // The headers go into the request as they are: `RequestBuilder::headers` would copy them into a
        // second map, on every attempt of every call.
        let mut request = inner
            .http
            .request(prepared.method.clone(), &prepared.url)
            .build()
            .map_err(Failure::from_reqwest)?;
        *request.headers_mut() = headers;
        if let Some((_, bytes)) = &prepared.body {
            *request.body_mut() = Some(bytes.to_vec().into());
        }
        for hook in &inner.hooks {
            hook.before_send(attempt, &mut request).map_err(Failure::Hook)?;
        }
        let mut response = inner.http.execute(request).await.map_err(Failure::from_reqwest)?;
        let status = response.status();
        let headers = std::mem::take(response.headers_mut());
        for hook in &inner.hooks {
            hook.after_response(attempt, status, &headers);
        }
        let retry_after = retry::retry_after(&headers, SystemTime::now());
        let limit = inner.max_body_size;
        let declared = response
            .content_length()
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        let mut raw = RawResponse {
            status,
            headers,
            body: Vec::new(),
            too_large: None,
            retry_after,
        };
        if declared.is_some_and(|n| n > limit) {
            // Refused before reading: the declared length alone is over the limit.
            raw.too_large = Some(limit);
            return Ok(raw);
        }
        raw.body.reserve(declared.unwrap_or(0));
        while let Some(chunk) = response.chunk().await.map_err(Failure::from_reqwest)? {
            if raw.body.len() + chunk.len() > limit {
                let room = limit - raw.body.len();
                raw.body.extend_from_slice(&chunk[..room]);
                raw.too_large = Some(limit);
                return Ok(raw);
            }
            raw.body.extend_from_slice(&chunk);
        }
        Ok(raw)
    }
}

/// A response as received, before decoding.
pub struct RawResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body, or its start when it is larger than the limit.
    pub body: Vec<u8>,
    /// The body limit, when the body is larger.
    pub too_large: Option<usize>,
    /// The wait the `Retry-After` header asks for, from when the response arrived.
    pub retry_after: Option<Duration>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A body or a header value may hold a token: only their size and names are shown.
        f.debug_struct("RawResponse")
            .field("status", &self.status.as_u16())
            .field("body_len", &self.body.len())
            .field("headers", &header_names(&self.headers))
            .field("too_large", &self.too_large)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

/// The engine of the SDK's `ClientBuilder`, which documents each setting.
pub struct ClientBuilder<E> {
    info: &'static SdkInfo,
    base_url: Option<String>,
    /// The server picked with `ClientBuilder::server`; the spec's first when `None`.
    server: Option<&'static ServerTemplate>,
    /// Values of the server's variables, by name, in the order they were set.
    server_variables: Vec<(String, String)>,
    token: Option<String>,
    bearer_provider: Option<Arc<dyn TokenProvider>>,
    basic: Option<(String, String)>,
    api_keys: Vec<(&'static str, String)>,
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    retry: RetryPolicy,
    max_body_size: usize,
    hooks: Vec<Arc<dyn Hook<E>>>,
    http: Option<reqwest::Client>,
}

impl<E: 'static> fmt::Debug for ClientBuilder<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names = names(&self.default_headers);
        f.debug_struct("ClientBuilder")
            .field(
                "base_url",
                &self
                    .base_url
                    .as_deref()
                    .or_else(|| self.chosen_server().map(|s| s.url))
                    .unwrap_or_default(),
            )
            .field("server_variables", &self.server_variables)
            .field("token", &present(&self.token))
            .field("bearer_token_provider", &present(&self.bearer_provider))
            .field("basic_auth", &present(&self.basic))
            .field("api_keys", &names(&self.api_keys))
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field(
                "user_agent",
                &self.user_agent.as_deref().unwrap_or(self.info.user_agent),
            )
            .field("default_headers", &header_names)
            .field("retry", &self.retry)
            .field("max_body_size", &self.max_body_size)
            .field("hooks", &self.hooks.len())
            .field("custom_http_client", &self.http.is_some())
            .finish()
    }
}

impl<E: 'static> ClientBuilder<E> {
    pub fn new(info: &'static SdkInfo) -> Self {
        ClientBuilder {
            info,
            base_url: None,
            server: None,
            server_variables: Vec::new(),
            token: None,
            bearer_provider: None,
            basic: None,
            api_keys: Vec::new(),
            timeout: Some(DEFAULT_TIMEOUT),
            attempt_timeout: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: None,
            default_headers: Vec::new(),
            retry: RetryPolicy::default(),
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            hooks: Vec::new(),
            http: None,
        }
    }

    /// A fixed bearer token, replacing a provider.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self.bearer_provider = None;
        self
    }

    /// A bearer token provider, asked on every attempt, replacing a fixed token.
    pub fn bearer_token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.bearer_provider = Some(Arc::new(provider));
        self.token = None;
        self
    }

    /// HTTP basic credentials; the generated `basic_auth` setter documents them.
    pub fn set_basic_auth(mut self, user: String, password: String) -> Self {
        self.basic = Some((user, password));
        self
    }

    /// The key of the API key scheme named `scheme` in the spec; the generated setters document them.
    pub fn set_api_key(mut self, scheme: &'static str, value: String) -> Self {
        self.api_keys.retain(|(s, _)| *s != scheme);
        self.api_keys.push((scheme, value));
        self
    }

    /// A base URL of the user's, replacing the spec's servers.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Picks one of the spec's servers, replacing an earlier base URL; the generated
    /// `ClientBuilder::server` documents them.
    pub fn set_server(mut self, server: &'static ServerTemplate) -> Self {
        self.server = Some(server);
        self.base_url = None;
        self
    }

    /// Sets a variable of the chosen server's URL template, checked by [`ClientBuilder::build`]; the
    /// generated `ClientBuilder::server_variable` documents them.
    pub fn set_server_variable(mut self, name: String, value: String) -> Self {
        self.server_variables.push((name, value));
        self
    }

    /// The spec's server the client uses unless a base URL is set.
    fn chosen_server(&self) -> Option<&'static ServerTemplate> {
        self.server.or_else(|| self.info.servers.first())
    }

    /// The deadline of a whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// No deadline for calls without their own.
    pub fn no_timeout(mut self) -> Self {
        self.timeout = None;
        self
    }

    /// The timeout of each attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// The timeout of establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How calls retry failed attempts.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request, checked by `build`.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// A hook run around every attempt.
    pub fn hook(mut self, hook: impl Hook<E>) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// The largest response body read.
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// A reqwest client of the user's.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The credentials and base URL the environment holds, replacing earlier settings.
    pub fn env(self) -> Self {
        self.env_found().0
    }

    /// Reads every credential whose variables are set; fails when none is and every operation needs
    /// one.
    pub fn read_env(self) -> Result<Self, InvalidInput> {
        let info = self.info;
        let (builder, found) = self.env_found();
        if !found && info.requires_credentials {
            let mut names = vec![info.token_env];
            if let Some((user_env, password_env)) = info.basic_auth_envs {
                names.extend([user_env, password_env]);
            }
            names.extend(info.api_key_envs.iter().map(|(_, env)| *env));
            return Err(InvalidInput::new(format!(
                "no credentials in the environment: set {} (valid UTF-8)",
                names.join(", ")
            )));
        }
        Ok(builder)
    }

    /// The builder with what the environment holds, and whether it held a credential.
    fn env_found(mut self) -> (Self, bool) {
        let info = self.info;
        let var = |name: &str| std::env::var(name).ok();
        let mut found = false;
        if let Some(token) = var(info.token_env) {
            self = self.bearer_token(token);
            found = true;
        }
        if let Some((user_env, password_env)) = info.basic_auth_envs {
            if let (Some(user), Some(password)) = (var(user_env), var(password_env)) {
                self.basic = Some((user, password));
                found = true;
            }
        }
        for (scheme, env) in info.api_key_envs {
            if let Some(key) = var(env) {
                self = self.set_api_key(scheme, key);
                found = true;
            }
        }
        if let Some(url) = var(info.base_url_env) {
            self.base_url = Some(url);
        }
        (self, found)
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client<E>, InvalidInput> {
        // Server variables are checked even when a base URL replaces the server, so that a mistake in
        // them shows up in tests against a mock server too.
        let server = self.chosen_server();
        let base_url = match (&self.base_url, server) {
            (Some(url), server) => {
                if let Some(server) = server {
                    server.check(&self.server_variables)?;
                }
                validate_base_url(url)?
            }
            (None, Some(server)) => server.resolve(&self.server_variables)?,
            (None, None) => return Err(InvalidInput::new("no base URL: call ClientBuilder::base_url")),
        };
        if server.is_none() && !self.server_variables.is_empty() {
            return Err(InvalidInput::new(
                "the spec declares no servers, so there are no server variables to set",
            ));
        }
        let mut credentials = Credentials {
            bearer: self.token.as_deref().map(authorization_header).transpose()?,
            bearer_provider: self.bearer_provider,
            basic: match &self.basic {
                Some((user, password)) => Some(auth::basic_header(user, password)?),
                None => None,
            },
            api_keys: Vec::new(),
        };
        for (scheme, value) in self.api_keys {
            auth::validate_api_key(&value)?;
            credentials.api_keys.push((scheme, value));
        }
        if credentials.is_empty() && self.info.requires_credentials {
            return Err(InvalidInput::new(format!(
                "no credentials: {}",
                self.info.credentials_hint
            )));
        }
        let user_agent = HeaderValue::try_from(self.user_agent.as_deref().unwrap_or(self.info.user_agent))
            .map_err(|_| InvalidInput::new("the user agent contains characters not allowed in a header"))?;
        let default_headers = header_map(&self.default_headers, "a default header")?;
        let http = match self.http {
            Some(http) => http,
            None => default_http_client(self.connect_timeout)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                custom_base_url: self.base_url.is_some(),
                credentials,
                user_agent,
                default_headers,
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                retry: self.retry,
                max_body_size: self.max_body_size,
                hooks: self.hooks,
            }),
        })
    }
}

/// Validated headers. Values are marked sensitive, since any of them may be a credential; neither the
/// name nor the value of an invalid header is echoed in the error, for the same reason.
pub fn header_map(pairs: &[(String, String)], what: &str) -> Result<HeaderMap, InvalidInput> {
    let mut headers = HeaderMap::new();
    for (name, value) in pairs {
        let name = HeaderName::try_from(name.as_str());
        let value = HeaderValue::try_from(value.as_str());
        let (Ok(name), Ok(mut value)) = (name, value) else {
            return Err(InvalidInput::new(format!("{what} has an invalid name or value")));
        };
        value.set_sensitive(true);
        headers.append(name, value);
    }
    Ok(headers)
}

pub fn validate_base_url(url: &str) -> Result<String, InvalidInput> {
    if url.is_empty() {
        return Err(InvalidInput::new("no base URL: call ClientBuilder::base_url"));
    }
    let parsed = Url::parse(url).map_err(|e| InvalidInput::new(format!("invalid base URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.cannot_be_a_base() {
        return Err(InvalidInput::new("the base URL must be an http or https URL"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(InvalidInput::new("the base URL must not have a query or a fragment"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

pub fn authorization_header(token: &str) -> Result<HeaderValue, InvalidInput> {
    let token = token.trim();
    let credentials = match token.split_once(|c: char| c.is_ascii_whitespace()) {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest.trim_start(),
        None if token.eq_ignore_ascii_case("bearer") => "",
        _ => token,
    };
    if credentials.is_empty() {
        return Err(InvalidInput::new("the bearer token is empty"));
    }
    // The message must not echo the token: it is a secret even when malformed.
    let mut value = HeaderValue::try_from(format!("Bearer {credentials}"))
        .map_err(|_| InvalidInput::new("the bearer token contains characters not allowed in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

fn default_http_client(connect_timeout: Duration) -> Result<reqwest::Client, InvalidInput> {
    let tls = tls_config().map_err(|e| InvalidInput::new(format!("the TLS configuration could not be built: {e}")))?;
    reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(connect_timeout)
        .build()
        .map_err(|e| InvalidInput::new(format!("the HTTP client could not be built: {}", e.without_url())))
}

/// The TLS configuration of the default client, what reqwest builds itself without a preconfigured one
/// (the platform's certificate verifier, TLS 1.2 and 1.3, ALPN `http/1.1`), but with the *ring*
/// provider given to this client only: a library must not install a process-wide provider, which is
/// the application's choice.
fn tls_config() -> Result<rustls::ClientConfig, rustls::Error> {
    use rustls_platform_verifier::BuilderVerifierExt;

    let mut config = rustls::ClientConfig::builder_with_provider(Arc::new(ring_provider()))
        .with_safe_default_protocol_versions()?
        .with_platform_verifier()?
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The *ring* crypto provider, put together from its parts: rustls 0.23.48 deprecated
/// `rustls::crypto::ring::default_provider` (*ring* has no post-quantum key exchange) without a
/// replacement, and aws-lc-rs would add a C library to every SDK's build. This is the same provider.
fn ring_provider() -> rustls::crypto::CryptoProvider {
    use rustls::crypto::ring::{DEFAULT_CIPHER_SUITES, DEFAULT_KX_GROUPS};

    rustls::crypto::CryptoProvider {
        cipher_suites: DEFAULT_CIPHER_SUITES.to_vec(),
        kx_groups: DEFAULT_KX_GROUPS.to_vec(),
        signature_verification_algorithms: RING_SIGNATURE_ALGORITHMS,
        secure_random: &Ring,
        key_provider: &Ring,
    }
}

/// The signature algorithms *ring* verifies, and which TLS signature scheme uses which.
static RING_SIGNATURE_ALGORITHMS: rustls::crypto::WebPkiSupportedAlgorithms = {
    use rustls::SignatureScheme;
    use webpki::ring as alg;

    rustls::crypto::WebPkiSupportedAlgorithms {
        all: &[
            alg::ECDSA_P256_SHA256,
            alg::ECDSA_P256_SHA384,
            alg::ECDSA_P384_SHA256,
            alg::ECDSA_P384_SHA384,
            alg::ED25519,
            alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
            alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
            alg::RSA_PKCS1_2048_8192_SHA256,
            alg::RSA_PKCS1_2048_8192_SHA384,
            alg::RSA_PKCS1_2048_8192_SHA512,
            alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
            alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
        ],
        // For TLS 1.2 the curve is not fixed by the scheme; for TLS 1.3 it is.
        mapping: &[
            (
                SignatureScheme::ECDSA_NISTP384_SHA384,
                &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
            ),
            (
                SignatureScheme::ECDSA_NISTP256_SHA256,
                &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
            ),
            (SignatureScheme::ED25519, &[alg::ED25519]),
            (
                SignatureScheme::RSA_PSS_SHA512,
                &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA384,
                &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
            ),
            (
                SignatureScheme::RSA_PSS_SHA256,
                &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
            ),
            (SignatureScheme::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
            (SignatureScheme::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
            (SignatureScheme::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
        ],
    }
};

/// *ring*'s random numbers and private keys (the SDK loads none: it sends no client certificate).
#[derive(Debug)]
struct Ring;

impl rustls::crypto::SecureRandom for Ring {
    fn fill(&self, buf: &mut [u8]) -> Result<(), rustls::crypto::GetRandomFailed> {
        use ring::rand::SecureRandom;

        ring::rand::SystemRandom::new()
            .fill(buf)
            .map_err(|_| rustls::crypto::GetRandomFailed)
    }
}

impl rustls::crypto::KeyProvider for Ring {
    fn load_private_key(
        &self,
        key: rustls::pki_types::PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn rustls::sign::SigningKey>, rustls::Error> {
        rustls::crypto::ring::sign::any_supported_type(&key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static INFO: SdkInfo = SdkInfo {
        servers: &[ServerTemplate {
            url: "https://api.example.com",
            variables: &[],
        }],
        user_agent: "sdk/1.0",
        token_env: "SDKGEN_TEMPLATES_TEST_TOKEN",
        base_url_env: "SDKGEN_TEMPLATES_TEST_BASE_URL",
        requires_credentials: true,
        api_key_envs: &[],
        basic_auth_envs: None,
        credentials_hint: "call ClientBuilder::bearer_token or set SDKGEN_TEMPLATES_TEST_TOKEN",
    };

    static REGIONAL: SdkInfo = SdkInfo {
        servers: &[
            ServerTemplate {
                url: "https://{region}.api.example.com/{version}",
                variables: &[
                    crate::runtime::server::ServerVariable {
                        name: "region",
                        default: "us",
                        allowed: &["us", "eu"],
                    },
                    crate::runtime::server::ServerVariable {
                        name: "version",
                        default: "v1",
                        allowed: &[],
                    },
                ],
            },
            ServerTemplate {
                url: "https://sandbox.example.com",
                variables: &[],
            },
        ],
        ..INFO
    };

    fn regional() -> ClientBuilder<crate::Error> {
        ClientBuilder::new(&REGIONAL).bearer_token("t")
    }

    #[test]
    fn the_first_server_with_its_defaults_is_the_base_url_unless_variables_are_set() {
        assert_eq!(regional().build().unwrap().base_url(), "https://us.api.example.com/v1");
        let client = regional()
            .set_server_variable("region".into(), "eu".into())
            .set_server_variable("version".into(), "v2".into())
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://eu.api.example.com/v2");
        assert!(!client.inner.custom_base_url);
    }

    #[test]
    fn server_variables_are_checked_against_the_chosen_server() {
        let sandbox = &REGIONAL.servers[1];
        let err = regional()
            .set_server(sandbox)
            .set_server_variable("region".into(), "eu".into())
            .build()
            .unwrap_err();
        assert!(err.message().contains("region"), "{err}");
        let client = regional().set_server(sandbox).build().unwrap();
        assert_eq!(client.base_url(), "https://sandbox.example.com");
    }

    #[test]
    fn server_variables_are_checked_even_when_a_base_url_replaces_the_server() {
        let err = regional()
            .base_url("http://127.0.0.1:4010")
            .set_server_variable("region".into(), "asia".into())
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("one of: us, eu"), "{err}");
        let client = regional()
            .base_url("http://127.0.0.1:4010")
            .set_server_variable("region".into(), "eu".into())
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:4010");
        assert!(client.inner.custom_base_url);
    }

    #[test]
    fn the_last_of_server_and_base_url_wins() {
        let sandbox = &REGIONAL.servers[1];
        let client = regional()
            .base_url("http://127.0.0.1:4010")
            .set_server(sandbox)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "https://sandbox.example.com");
        assert!(!client.inner.custom_base_url);
        let client = regional()
            .set_server(sandbox)
            .base_url("http://127.0.0.1:4010")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:4010");
    }

    #[test]
    fn without_servers_a_base_url_is_required_and_no_variable_can_be_set() {
        static NONE: SdkInfo = SdkInfo { servers: &[], ..INFO };
        let err = ClientBuilder::<crate::Error>::new(&NONE)
            .bearer_token("t")
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("no base URL"), "{err}");
        let err = ClientBuilder::<crate::Error>::new(&NONE)
            .bearer_token("t")
            .base_url("http://127.0.0.1:4010")
            .set_server_variable("region".into(), "eu".into())
            .build()
            .unwrap_err();
        assert!(err.to_string().contains("declares no servers"), "{err}");
    }

    #[test]
    fn base_url_keeps_its_path_prefix_without_trailing_slash() {
        assert_eq!(validate_base_url("http://h:1/base/").unwrap(), "http://h:1/base");
        assert_eq!(
            validate_base_url("https://us.example.com").unwrap(),
            "https://us.example.com"
        );
        for bad in ["", "not a url", "ftp://h", "http://h/?q=1", "http://h/#f", "mailto:x@y"] {
            assert!(validate_base_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bearer_prefix_is_added_once() {
        for token in ["abc", "Bearer abc", "bearer abc", "BEARER  abc", " abc "] {
            assert_eq!(authorization_header(token).unwrap(), "Bearer abc", "{token:?}");
        }
        assert!(authorization_header("").is_err());
        assert!(authorization_header("Bearer ").is_err());
    }

    #[test]
    fn token_with_newline_is_refused_without_echoing_it() {
        let err = authorization_header("secret\r\nX-Evil: 1").unwrap_err();
        let text = format!("{err} {err:?}");
        assert!(!text.contains("secret"), "{text}");
        assert!(!text.contains("X-Evil"), "{text}");
    }

    #[test]
    fn invalid_default_header_is_refused_at_build() {
        let err = ClientBuilder::<crate::Error>::new(&INFO)
            .bearer_token("t")
            .default_header("x-api-key", "k\r\nX-Evil: 1")
            .build()
            .unwrap_err();
        assert!(!format!("{err} {err:?}").contains("X-Evil"));
    }

    #[test]
    fn missing_token_is_an_error_when_the_spec_requires_one() {
        let err = ClientBuilder::<crate::Error>::new(&INFO).build().unwrap_err();
        assert!(err.to_string().contains("SDKGEN_TEMPLATES_TEST_TOKEN"), "{err}");
    }

    #[test]
    fn debug_output_redacts_the_token_and_header_values() {
        let builder = ClientBuilder::<crate::Error>::new(&INFO)
            .bearer_token("s3cr3t-token")
            .default_header("x-api-key", "s3cr3t-key");
        let client = ClientBuilder::<crate::Error>::new(&INFO)
            .bearer_token("s3cr3t-token")
            .default_header("x-api-key", "s3cr3t-key")
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        for text in [format!("{builder:?}"), format!("{client:?}"), format!("{client:#?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(text.contains("*** redacted ***"), "{text}");
        }
        assert_eq!(
            format!("{client:?}"),
            "Client { base_url: \"https://api.example.com\", authorization: Some(*** redacted ***), \
             default_headers: [\"x-api-key\"], timeout: Some(60s), attempt_timeout: None, retry: RetryPolicy { \
             max_attempts: 1, initial_interval: 500ms, max_interval: 10s, exponent: 2.0, max_elapsed_time: 60s, \
             max_retry_after: 60s, statuses: [429, 500, 502, 503, 504], retry_non_idempotent: false }, \
             max_body_size: 4194304, hooks: 0, .. }"
        );
    }

    #[test]
    fn building_a_client_installs_no_process_wide_crypto_provider() {
        ClientBuilder::<crate::Error>::new(&INFO)
            .bearer_token("t")
            .build()
            .unwrap();
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    }

    /// The provider put together here is the one rustls's deprecated `ring::default_provider` makes.
    #[test]
    fn ring_provider_matches_rustls_own() {
        #[allow(deprecated)]
        let theirs = rustls::crypto::ring::default_provider();
        let ours = ring_provider();
        let suites = |p: &rustls::crypto::CryptoProvider| p.cipher_suites.iter().map(|s| s.suite()).collect::<Vec<_>>();
        assert_eq!(suites(&ours), suites(&theirs));
        let groups = |p: &rustls::crypto::CryptoProvider| p.kx_groups.iter().map(|g| g.name()).collect::<Vec<_>>();
        assert_eq!(groups(&ours), groups(&theirs));
        type Alg = &'static dyn rustls::pki_types::SignatureVerificationAlgorithm;
        let ids = |algs: &[Alg]| {
            algs.iter()
                .map(|a| (a.public_key_alg_id(), a.signature_alg_id()))
                .collect::<Vec<_>>()
        };
        let (ours, theirs) = (
            &ours.signature_verification_algorithms,
            &theirs.signature_verification_algorithms,
        );
        assert_eq!(ids(ours.all), ids(theirs.all));
        assert_eq!(ours.mapping.len(), theirs.mapping.len());
        for ((scheme, algs), (their_scheme, their_algs)) in ours.mapping.iter().zip(theirs.mapping) {
            assert_eq!((scheme, ids(algs)), (their_scheme, ids(their_algs)));
        }
    }

    #[test]
    fn ring_provider_fills_random_bytes() {
        let mut bytes = [0u8; 32];
        ring_provider().secure_random.fill(&mut bytes).unwrap();
        assert_ne!(bytes, [0u8; 32]);
    }
}
