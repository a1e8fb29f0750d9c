//! Compiles and tests the SDK runtime in `templates/runtime/` where it lives.
//!
//! sdkgen copies each runtime file unchanged into every generated SDK (`src/runtime/`). There the runtime
//! relies on two items the generator emits beside it; this crate provides stand-ins with the same shape:
//! - `crate::SDK_INFO: runtime::client::SdkInfo`, what the client needs to know about the SDK;
//! - `crate::ApiErrorKind`, the typed API errors (and documented redirects), with `decode(status, body)`
//!   and `Display`.

// The runtime's crate-private API is called by generated code, which is not part of this crate; here only
// the tests call it.
#![cfg_attr(not(test), allow(dead_code))]

#[path = "../runtime/mod.rs"]
pub mod runtime;

#[cfg(test)]
mod tests;

pub use runtime::call::Call;
pub use runtime::client::{Client, ClientBuilder};
pub use runtime::error::Error;
pub use runtime::hooks::{Attempt, Hook};
pub use runtime::retry::RetryPolicy;

/// Stand-in for the generated `SDK_INFO`.
pub(crate) static SDK_INFO: runtime::client::SdkInfo = runtime::client::SdkInfo {
    servers: &[runtime::server::ServerTemplate {
        url: "https://api.example.com",
        variables: &[],
    }],
    user_agent: "sdkgen-templates/0.1.0",
    token_env: "SDKGEN_TEMPLATES_TOKEN",
    base_url_env: "SDKGEN_TEMPLATES_BASE_URL",
    requires_credentials: true,
    api_key_envs: &[("apiKey", "SDKGEN_TEMPLATES_API_KEY")],
    basic_auth_envs: Some(("SDKGEN_TEMPLATES_USERNAME", "SDKGEN_TEMPLATES_PASSWORD")),
    credentials_hint: "call ClientBuilder::bearer_token or set SDKGEN_TEMPLATES_TOKEN",
};

/// Stand-in for the generated typed API errors: one documented status with a JSON body.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// 400, with the documented body.
    BadRequest(serde_json::Value),
    /// 303, a documented redirect without a body.
    SeeOther,
    /// Any status the spec does not document.
    Unexpected,
}

impl ApiErrorKind {
    pub(crate) fn decode(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> {
        Ok(match status {
            303 => ApiErrorKind::SeeOther,
            400 => ApiErrorKind::BadRequest(serde_json::from_slice(body)?),
            _ => ApiErrorKind::Unexpected,
        })
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApiErrorKind::BadRequest(_) => "bad request",
            ApiErrorKind::SeeOther => "see other",
            ApiErrorKind::Unexpected => "undocumented status",
        })
    }
}
