//! Credentials and the security requirements of operations: which credentials a request carries, and
//! where (the `Authorization` header, an API key in a header, the query or a cookie).
//!
//! The generator gives every operation its requirements ([`Security`]); the client holds what the user
//! configured ([`Credentials`]). Each request carries the credentials of the first alternative the
//! client can satisfy, or none when the operation allows anonymous calls.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use super::error::{Failure, InvalidInput, MissingCredentials};
use super::redact::{names, present};

/// One security scheme an operation accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2 and OpenID Connect (the user brings the
    /// token).
    Bearer,
    /// `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key in a header, a query parameter or a cookie.
    ApiKey(ApiKey),
}

/// Where an API key scheme sends its key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiKey {
    /// The scheme's name in the spec (`components/securitySchemes`), which tells keys apart.
    pub scheme: &'static str,
    pub location: ApiKeyLocation,
    /// The header, query parameter or cookie name.
    pub name: &'static str,
}

/// The place of an API key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// The security requirements of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// The spec declares no security for the operation: a configured bearer token is sent (the spec may
    /// simply not say), nothing else.
    Undeclared,
    /// Alternatives, each a set of schemes that must all be satisfied. An empty alternative (or no
    /// alternative at all) allows anonymous calls.
    AnyOf(&'static [&'static [Scheme]]),
}

/// Gives the bearer token of each attempt, for tokens that change while the client lives (a token
/// refreshed in the background, read from a file a sidecar rotates). Set it with
/// [`ClientBuilder::bearer_token_provider`](crate::ClientBuilder::bearer_token_provider).
///
/// It is called once per attempt, retries included, and should return quickly (read a cached value):
/// the call waits for it. The token is sent as `Authorization: Bearer <token>`; it is never logged and
/// never shown by `Debug`. A closure `Fn() -> String` is a provider.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token for the next attempt. An empty token, or one a header cannot carry, ends the call with
    /// `Error::InvalidInput` before anything is sent.
    fn bearer_token(&self) -> String;
}

impl<F: Fn() -> String + Send + Sync + 'static> TokenProvider for F {
    fn bearer_token(&self) -> String {
        self()
    }
}

/// What the user configured. Every value is a secret: `Debug` shows only which are set.
#[derive(Clone, Default)]
pub struct Credentials {
    pub bearer: Option<HeaderValue>,
    /// Asked for the bearer token of each attempt; replaces `bearer` when set.
    pub bearer_provider: Option<Arc<dyn TokenProvider>>,
    pub basic: Option<HeaderValue>,
    /// By scheme name; validated (no control characters).
    pub api_keys: Vec<(&'static str, String)>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = names(&self.api_keys);
        f.debug_struct("Credentials")
            .field("bearer", &present(&self.bearer))
            .field("bearer_provider", &present(&self.bearer_provider))
            .field("basic", &present(&self.basic))
            .field("api_keys", &keys)
            .finish()
    }
}

/// The credentials one request carries.
#[derive(Default)]
pub struct Applied {
    pub headers: Vec<(HeaderName, HeaderValue)>,
    /// Asked for the `Authorization` header of each attempt.
    pub bearer_provider: Option<Arc<dyn TokenProvider>>,
    pub query: Vec<(&'static str, String)>,
    pub cookies: Vec<(&'static str, String)>,
}

impl fmt::Debug for Applied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = names(&self.headers);
        let query = names(&self.query);
        let cookies = names(&self.cookies);
        f.debug_struct("Applied")
            .field("headers", &headers)
            .field("bearer_provider", &present(&self.bearer_provider))
            .field("query", &query)
            .field("cookies", &cookies)
            .finish()
    }
}

impl Credentials {
    /// Whether any credential is configured.
    pub fn is_empty(&self) -> bool {
        self.bearer.is_none() && self.bearer_provider.is_none() && self.basic.is_none() && self.api_keys.is_empty()
    }

    fn has(&self, scheme: &Scheme) -> bool {
        match scheme {
            Scheme::Bearer => self.bearer.is_some() || self.bearer_provider.is_some(),
            Scheme::Basic => self.basic.is_some(),
            Scheme::ApiKey(key) => self.api_key(key.scheme).is_some(),
        }
    }

    fn api_key(&self, scheme: &str) -> Option<&str> {
        self.api_keys
            .iter()
            .find(|(s, _)| *s == scheme)
            .map(|(_, v)| v.as_str())
    }

    /// The credentials for an operation: those of the first alternative the configuration satisfies;
    /// none when the operation allows anonymous calls and no alternative is satisfied; otherwise
    /// [`Error::MissingCredentials`](crate::Error::MissingCredentials), before anything is sent.
    pub fn apply(&self, operation: &'static str, security: Security) -> Result<Applied, Failure> {
        let mut applied = Applied::default();
        let alternatives = match security {
            Security::Undeclared => {
                self.apply_bearer(&mut applied);
                return Ok(applied);
            }
            Security::AnyOf(alternatives) => alternatives,
        };
        let chosen = alternatives
            .iter()
            .find(|alternative| !alternative.is_empty() && alternative.iter().all(|s| self.has(s)));
        let Some(chosen) = chosen else {
            if alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty()) {
                return Ok(applied);
            }
            return Err(Failure::MissingCredentials(MissingCredentials {
                operation,
                alternatives,
            }));
        };
        for scheme in *chosen {
            match scheme {
                Scheme::Bearer => self.apply_bearer(&mut applied),
                Scheme::Basic => applied.headers.extend(self.basic.clone().map(|v| (AUTHORIZATION, v))),
                Scheme::ApiKey(key) => {
                    let Some(value) = self.api_key(key.scheme) else {
                        continue;
                    };
                    match key.location {
                        ApiKeyLocation::Header => {
                            let name = HeaderName::try_from(key.name).map_err(|_| {
                                Failure::invalid_input(format!("the API key header name `{}` is invalid", key.name))
                            })?;
                            let mut value = HeaderValue::try_from(value)
                                .map_err(|_| Failure::invalid_input("the API key is not a valid header value"))?;
                            value.set_sensitive(true);
                            applied.headers.push((name, value));
                        }
                        ApiKeyLocation::Query => applied.query.push((key.name, value.to_owned())),
                        ApiKeyLocation::Cookie => applied.cookies.push((key.name, value.to_owned())),
                    }
                }
            }
        }
        Ok(applied)
    }

    /// The bearer token: the provider, asked per attempt, or the fixed token.
    fn apply_bearer(&self, applied: &mut Applied) {
        if let Some(provider) = &self.bearer_provider {
            applied.bearer_provider = Some(Arc::clone(provider));
        } else if let Some(bearer) = &self.bearer {
            applied.headers.push((AUTHORIZATION, bearer.clone()));
        }
    }
}

/// `Authorization: Basic …` for a user and password. A user with `:` cannot be sent (RFC 7617), and
/// neither value may hold control characters; the error never echoes them.
pub fn basic_header(user: &str, password: &str) -> Result<HeaderValue, InvalidInput> {
    if user.contains(':') {
        return Err(InvalidInput::new("the basic auth user name must not contain `:`"));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(InvalidInput::new(
            "the basic auth user name or password contains control characters",
        ));
    }
    let encoded = base64(format!("{user}:{password}").as_bytes());
    let mut value = HeaderValue::try_from(format!("Basic {encoded}"))
        .map_err(|_| InvalidInput::new("the basic auth credentials cannot be sent in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Checks an API key: not empty, no control characters (it may go into a header, a query or a cookie).
pub fn validate_api_key(value: &str) -> Result<(), InvalidInput> {
    if value.is_empty() {
        return Err(InvalidInput::new("the API key is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(InvalidInput::new("the API key contains control characters"));
    }
    Ok(())
}

/// Standard base64 with padding (RFC 4648), the encoding of basic credentials.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: ApiKey = ApiKey {
        scheme: "apiKeyHeader",
        location: ApiKeyLocation::Header,
        name: "X-API-Key",
    };
    const QUERY_KEY: ApiKey = ApiKey {
        scheme: "apiKeyQuery",
        location: ApiKeyLocation::Query,
        name: "api_key",
    };

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input:?}");
        }
    }

    #[test]
    fn basic_header_encodes_user_and_password() {
        assert_eq!(
            basic_header("Aladdin", "open sesame").unwrap(),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
        assert_eq!(basic_header("user", "pä:ss").unwrap(), "Basic dXNlcjpww6Q6c3M=");
    }

    #[test]
    fn basic_header_refuses_colon_in_user_and_line_breaks_without_echoing() {
        let err = basic_header("a:b", "secret").unwrap_err();
        assert!(!err.message().is_empty(), "{err:?}");
        let err = basic_header("user", "sec\r\nret").unwrap_err();
        assert!(!format!("{err} {err:?}").contains("sec"), "{err:?}");
    }

    #[test]
    fn first_satisfied_alternative_wins() {
        static ALTERNATIVES: &[&[Scheme]] = &[&[Scheme::Basic], &[Scheme::ApiKey(KEY), Scheme::ApiKey(QUERY_KEY)]];
        let credentials = Credentials {
            api_keys: vec![("apiKeyHeader", "k1".to_owned()), ("apiKeyQuery", "k2".to_owned())],
            ..Credentials::default()
        };
        let applied = credentials.apply("op", Security::AnyOf(ALTERNATIVES)).unwrap();
        assert_eq!(applied.headers.len(), 1);
        assert_eq!(applied.headers[0].0.as_str(), "x-api-key");
        assert_eq!(applied.headers[0].1, "k1");
        assert!(applied.headers[0].1.is_sensitive());
        assert_eq!(applied.query, vec![("api_key", "k2".to_owned())]);
    }

    #[test]
    fn missing_credentials_is_an_error_unless_anonymous_is_allowed() {
        static NEEDS_BASIC: &[&[Scheme]] = &[&[Scheme::Basic]];
        static OPTIONAL: &[&[Scheme]] = &[&[Scheme::Basic], &[]];
        let none = Credentials::default();
        let err = none.apply("getThing", Security::AnyOf(NEEDS_BASIC)).unwrap_err();
        assert!(err.is_not_sent());
        match err {
            Failure::MissingCredentials(e) => assert!(e.to_string().contains("getThing"), "{e}"),
            other => panic!("expected missing credentials, got {other:?}"),
        }
        assert!(none.apply("x", Security::AnyOf(OPTIONAL)).unwrap().headers.is_empty());
        assert!(none.apply("x", Security::AnyOf(&[])).unwrap().headers.is_empty());
        let basic = Credentials {
            basic: Some(basic_header("u", "p").unwrap()),
            ..Credentials::default()
        };
        assert_eq!(basic.apply("x", Security::AnyOf(OPTIONAL)).unwrap().headers.len(), 1);
    }

    #[test]
    fn undeclared_security_sends_only_a_bearer_token() {
        let credentials = Credentials {
            bearer: Some(HeaderValue::from_static("Bearer t")),
            basic: Some(basic_header("u", "p").unwrap()),
            api_keys: vec![("apiKeyHeader", "k".to_owned())],
            ..Credentials::default()
        };
        let applied = credentials.apply("x", Security::Undeclared).unwrap();
        assert_eq!(applied.headers.len(), 1);
        assert_eq!(applied.headers[0].1, "Bearer t");
    }

    #[test]
    fn a_token_provider_replaces_the_fixed_token_and_satisfies_bearer_schemes() {
        static NEEDS_BEARER: &[&[Scheme]] = &[&[Scheme::Bearer]];
        let credentials = Credentials {
            bearer: Some(HeaderValue::from_static("Bearer fixed")),
            bearer_provider: Some(Arc::new(|| "s3cr3t".to_owned())),
            ..Credentials::default()
        };
        for security in [Security::Undeclared, Security::AnyOf(NEEDS_BEARER)] {
            let applied = credentials.apply("x", security).unwrap();
            assert!(applied.headers.is_empty(), "{applied:?}");
            let provider = applied.bearer_provider.as_ref().unwrap();
            assert_eq!(provider.bearer_token(), "s3cr3t");
            assert!(!format!("{applied:?}").contains("s3cr3t"));
        }
        let only_provider = Credentials {
            bearer_provider: Some(Arc::new(|| "t".to_owned())),
            ..Credentials::default()
        };
        assert!(!only_provider.is_empty());
        assert!(only_provider.apply("x", Security::AnyOf(NEEDS_BEARER)).is_ok());
    }

    #[test]
    fn debug_redacts_every_credential() {
        let credentials = Credentials {
            bearer: Some(HeaderValue::from_static("Bearer s3cr3t")),
            basic: Some(basic_header("u", "s3cr3t").unwrap()),
            api_keys: vec![("apiKeyHeader", "s3cr3t".to_owned())],
            bearer_provider: Some(Arc::new(|| "s3cr3t".to_owned())),
        };
        let text = format!("{credentials:?}");
        assert!(!text.contains("s3cr3t") && !text.contains("czNjcjN0"), "{text}");
        assert!(text.contains("apiKeyHeader"), "{text}");
    }
}
