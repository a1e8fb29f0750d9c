//! The seven methods against the dynamic Prism, which answers every call with new random values that fit
//! the spec's schemas: any int64, optional fields present or not, every enum value, extra properties. Every
//! response must decode, which shows the models accept whatever the spec allows, and every enum value
//! Prism picks must decode into its named variant (not the catch-all for values the SDK does not know).

use authlete_tokens::types::{
    ClientType, GrantType, TokenCreateResponseAction, TokenFailResponseAction, TokenIssueResponseAction,
};

use crate::prism::{SERVICE_ID, client, dynamic_url, succeeded};
use crate::requests::{create_form_request, create_request, fail_request, issue_form_request, issue_request};

/// Calls per method: bounded, about a second each, and random enough to meet most enum values and
/// optional fields both ways.
const CALLS: usize = 30;

fn assert_named<T: std::fmt::Debug>(value: Option<&T>, named: impl Fn(&T) -> bool) {
    if let Some(value) = value {
        assert!(
            named(value),
            "a value of the spec's enum decoded into the catch-all: {value:?}"
        );
    }
}

#[tokio::test]
async fn fail_decodes_every_response_prism_generates() {
    let client = client(&dynamic_url());
    for call in 0..CALLS {
        let json = succeeded(
            &format!("fail #{call}"),
            client.tokens().fail(SERVICE_ID, fail_request()).await,
        );
        let form = succeeded(
            &format!("fail_form #{call}"),
            client.tokens().fail_form(SERVICE_ID, fail_request()).await,
        );
        for response in [json, form] {
            assert_named(response.action.as_ref(), |a| {
                use TokenFailResponseAction::*;
                matches!(a, InternalServerError | BadRequest)
            });
        }
    }
}

#[tokio::test]
async fn issue_decodes_every_response_prism_generates() {
    let client = client(&dynamic_url());
    for call in 0..CALLS {
        let json = succeeded(
            &format!("issue #{call}"),
            client.tokens().issue(SERVICE_ID, issue_request()).await,
        );
        let form = succeeded(
            &format!("issue_form #{call}"),
            client.tokens().issue_form(SERVICE_ID, issue_form_request()).await,
        );
        for response in [json, form] {
            assert_named(response.action.as_ref(), |a| {
                use TokenIssueResponseAction::*;
                matches!(a, InternalServerError | Ok)
            });
        }
    }
}

#[tokio::test]
async fn list_decodes_every_response_prism_generates() {
    let client = client(&dynamic_url());
    for call in 0..CALLS {
        let response = succeeded(
            &format!("list #{call}"),
            client
                .tokens()
                .list(SERVICE_ID)
                .client_identifier("26888344961664")
                .start(0)
                .end(5)
                .await,
        );
        for token in response.access_tokens.iter().flatten() {
            assert_named(token.grant_type.as_ref(), |g| {
                use GrantType::*;
                matches!(
                    g,
                    AuthorizationCode
                        | Implicit
                        | Password
                        | ClientCredentials
                        | RefreshToken
                        | Ciba
                        | DeviceCode
                        | TokenExchange
                        | JwtBearer
                        | PreAuthorizedCode
                )
            });
        }
        let client_type = response.client.as_ref().and_then(|c| c.client_type.as_ref());
        assert_named(client_type, |c| {
            matches!(c, ClientType::Public | ClientType::Confidential)
        });
    }
}

#[tokio::test]
async fn create_decodes_every_response_prism_generates() {
    let client = client(&dynamic_url());
    for call in 0..CALLS {
        let json = succeeded(
            &format!("create #{call}"),
            client.tokens().create(SERVICE_ID, create_request()).await,
        );
        let form = succeeded(
            &format!("create_form #{call}"),
            client.tokens().create_form(SERVICE_ID, create_form_request()).await,
        );
        for response in [json, form] {
            assert_named(response.action.as_ref(), |a| {
                use TokenCreateResponseAction::*;
                matches!(a, InternalServerError | BadRequest | Forbidden | Ok)
            });
        }
    }
}

/// Generated error bodies (random `resultCode`, extra properties) decode into the typed error too.
#[tokio::test]
async fn error_bodies_prism_generates_decode_into_typed_errors() {
    let client = client(&dynamic_url());
    for call in 0..CALLS {
        let status = [400, 401, 403, 500][call % 4];
        let result = client
            .tokens()
            .create_form(SERVICE_ID, create_form_request())
            .header("Prefer", format!("code={status}"))
            .await;
        let err = match result {
            Err(authlete_tokens::Error::Api(err)) => err,
            other => panic!("Prefer: code={status}: expected Error::Api, got {other:?}"),
        };
        assert_eq!(err.status().as_u16(), status);
        assert!(
            !matches!(err.kind(), authlete_tokens::ApiErrorKind::Unexpected),
            "status {status} is documented: {:?}",
            err.kind()
        );
    }
}
