//! Stand-ins for what the generator emits beside the facade in every SDK, with the same shape.

use crate::runtime;

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
    BadRequest(ErrorBody),
    /// 303, a documented redirect without a body.
    SeeOther,
    /// Any status the spec does not document.
    Unexpected,
    /// A documented status whose body is not the documented one.
    UnexpectedBody,
}

/// Stand-in for a documented error body with a code and a message field.
#[derive(Debug, serde::Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "resultCode")]
    pub result_code: Option<String>,
    #[serde(rename = "resultMessage")]
    pub result_message: Option<String>,
}

impl ApiErrorKind {
    pub(crate) fn decode(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> {
        Ok(match status {
            303 => ApiErrorKind::SeeOther,
            400 => ApiErrorKind::BadRequest(serde_json::from_slice(body)?),
            _ => ApiErrorKind::Unexpected,
        })
    }

    /// The code and message fields of the body, by wire name, for `Display`.
    pub(crate) fn summary_fields(&self) -> [(&'static str, Option<&str>); 2] {
        match self {
            ApiErrorKind::BadRequest(body) => [
                ("resultCode", body.result_code.as_deref()),
                ("resultMessage", body.result_message.as_deref()),
            ],
            _ => [("resultCode", None), ("resultMessage", None)],
        }
    }
}

impl std::fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApiErrorKind::BadRequest(_) => "bad request",
            ApiErrorKind::SeeOther => "see other",
            ApiErrorKind::Unexpected => "undocumented status",
            ApiErrorKind::UnexpectedBody => "undocumented body",
        })
    }
}
