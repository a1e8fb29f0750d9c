//! The requests the contract tests send, with values from the spec's examples and code samples.
//!
//! Form bodies hold scalars only. Prism reads a form body as a flat map of strings and never as an array
//! or an object, whatever their encoding (repeated keys, commas, JSON text, `x[0][k]`): it rejects the
//! first ones with "must be array" and drops bracket keys unchecked. So an array or object field sent as
//! a form would prove nothing here; JSON carries them (`create_request`, `issue_request`).

use authlete_tokens::types::{
    AuthorizationDetailsElement, AuthzDetails, GrantType, Property, TokenCreateRequest, TokenFailRequest,
    TokenFailRequestReason, TokenIssueRequest,
};

pub fn fail_request() -> TokenFailRequest {
    TokenFailRequest::new(
        "83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c",
        TokenFailRequestReason::InvalidResourceOwnerCredentials,
    )
}

/// `issue` as JSON, with the array of objects the form cannot carry.
pub fn issue_request() -> TokenIssueRequest {
    issue_form_request().properties([
        Property::new().key("region").value("eu-west").hidden(false),
        Property::new().key("plan").value("gold").hidden(true),
    ])
}

/// `issue` with scalars only: no `properties` (see the module docs). `jwtAtClaims` is JSON text in a
/// string, which the form must percent-encode.
pub fn issue_form_request() -> TokenIssueRequest {
    TokenIssueRequest::new("p7SXQ9JFjng7KFOZdCMBKcoR3ift7B54l1LGIgQXqEM", "john")
        .access_token_duration(3600)
        .refresh_token_duration(3600)
        .jwt_at_claims(r#"{"roles":["admin"],"note":"a=b&c"}"#)
}

/// `create` as JSON, with the arrays and objects the form cannot carry.
pub fn create_request() -> TokenCreateRequest {
    create_form_request()
        .scopes(["history.read", "timeline.read"])
        .properties([Property::new().key("example_parameter").value("example_value")])
        .authorization_details(
            AuthzDetails::new().elements([AuthorizationDetailsElement::new("payment_initiation")
                .actions(["initiate", "status"])
                .locations(["https://example.com/payments"])]),
        )
        .resources(["https://api.example.com/"])
}

/// `create` with scalars only: no `scopes`, `properties`, `authorizationDetails` or `resources` (see the
/// module docs). Integers and booleans arrive as strings, which Prism converts before checking them.
pub fn create_form_request() -> TokenCreateRequest {
    TokenCreateRequest::new(GrantType::AuthorizationCode)
        .client_id(26888344961664)
        .subject("john")
        .access_token_duration(3600)
        .refresh_token_duration(86400)
        .access_token_persistent(false)
        .client_id_alias_used(false)
}
