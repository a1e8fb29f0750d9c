//! Each of the seven methods against the static Prism: the request passes Prism's validation (answered 200,
//! no `sl-violations`), and the spec's 200 example decodes into the typed response.

use authlete_tokens::types::{
    ClientType, GrantType, TokenCreateResponseAction, TokenFailResponseAction, TokenIssueResponseAction,
};

use crate::prism::{Recorder, SERVICE_ID, client, static_url, succeeded};
use crate::requests::{create_form_request, create_request, fail_request, issue_form_request, issue_request};

const FAIL_RESPONSE_CONTENT: &str = r#"{\"error_description\":\"[A067301] The credentials (username & password) passed to the token endpoint are invalid.\",\"error\":\"invalid_request\",\"error_uri\":\"https://docs.authlete.com/#A067301\"}"#;

fn assert_fail_example(response: &authlete_tokens::types::TokenFailResponse) {
    assert_eq!(response.result_code.as_deref(), Some("A067301"));
    assert_eq!(
        response.result_message.as_deref(),
        Some("[A067301] The credentials (username & password) passed to the token endpoint are invalid.")
    );
    assert_eq!(response.action, Some(TokenFailResponseAction::BadRequest));
    assert_eq!(response.response_content.as_deref(), Some(FAIL_RESPONSE_CONTENT));
}

#[tokio::test]
async fn fail_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded("fail", prism.client().tokens().fail(SERVICE_ID, fail_request()).await);
    prism.assert_all_accepted(1);
    assert_fail_example(&response);
}

#[tokio::test]
async fn fail_form_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded(
        "fail_form",
        prism.client().tokens().fail_form(SERVICE_ID, fail_request()).await,
    );
    prism.assert_all_accepted(1);
    assert_fail_example(&response);
}

fn assert_issue_example(response: &authlete_tokens::types::TokenIssueResponse) {
    assert_eq!(response.result_code.as_deref(), Some("A054001"));
    assert_eq!(response.action, Some(TokenIssueResponseAction::Ok));
    assert_eq!(
        response.access_token.as_deref(),
        Some("OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0")
    );
    assert_eq!(response.access_token_duration, Some(3600));
    assert_eq!(response.access_token_expires_at, Some(1640331371876));
    assert_eq!(response.client_id, Some(26478243745571));
    assert_eq!(response.client_id_alias.as_deref(), Some("my-client"));
    assert_eq!(response.client_id_alias_used, Some(false));
    assert_eq!(response.subject.as_deref(), Some("john"));
    let attributes = response.client_attributes.as_deref().expect("clientAttributes");
    assert_eq!(attributes.len(), 2);
    assert_eq!(attributes[1].key.as_deref(), Some("attribute2-key"));
    assert_eq!(attributes[1].value.as_deref(), Some("attribute2-value"));
    assert_eq!(response.service_attributes.as_ref().map(Vec::len), Some(2));
}

#[tokio::test]
async fn issue_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded(
        "issue",
        prism.client().tokens().issue(SERVICE_ID, issue_request()).await,
    );
    prism.assert_all_accepted(1);
    assert_issue_example(&response);
}

#[tokio::test]
async fn issue_form_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded(
        "issue_form",
        prism
            .client()
            .tokens()
            .issue_form(SERVICE_ID, issue_form_request())
            .await,
    );
    prism.assert_all_accepted(1);
    assert_issue_example(&response);
}

#[tokio::test]
async fn list_passes_prism_validation_with_and_without_query_parameters() {
    let prism = Recorder::start(&static_url()).await;
    let client = prism.client();
    let response = succeeded(
        "list with every query parameter",
        client
            .tokens()
            .list(SERVICE_ID)
            .client_identifier("26888344961664")
            .subject("john")
            .start(0)
            .end(3)
            .await,
    );
    succeeded("list without query", client.tokens().list(SERVICE_ID).await);
    prism.assert_all_accepted(2);
    assert_eq!(
        (response.start, response.end, response.total_count),
        (Some(0), Some(3), Some(3))
    );
    assert_eq!(response.subject.as_deref(), Some("john"));
    let tokens = response.access_tokens.expect("accessTokens");
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens[1].grant_type, Some(GrantType::AuthorizationCode));
    assert_eq!(tokens[1].created_at, Some(1642048004000));
    assert_eq!(tokens[1].last_refreshed_at, Some(0));
    assert_eq!(
        tokens[1].scopes.as_deref(),
        Some(
            &[
                "history.read".to_owned(),
                "openid".to_owned(),
                "timeline.read".to_owned()
            ][..]
        )
    );
    let client = response.client.expect("client");
    assert_eq!(client.client_id, Some(26888344961664));
    assert_eq!(client.client_name.as_deref(), Some("My Device Flow Client"));
    assert_eq!(client.client_type, Some(ClientType::Confidential));
    assert_eq!(client.number, Some(6260));
}

fn assert_create_example(response: &authlete_tokens::types::TokenCreateResponse) {
    assert_eq!(response.result_code.as_deref(), Some("A109001"));
    assert_eq!(response.action, Some(TokenCreateResponseAction::Ok));
    assert_eq!(
        response.access_token.as_deref(),
        Some("Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-Nf6Q")
    );
    assert_eq!(response.client_id, Some(26888344961664));
    assert_eq!(response.expires_at, Some(1642048148973));
    assert_eq!(response.expires_in, Some(3600));
    assert_eq!(response.grant_type.as_deref(), Some("AUTHORIZATION_CODE"));
    assert_eq!(
        response.scopes,
        Some(vec!["history.read".to_owned(), "timeline.read".to_owned()])
    );
    assert_eq!(response.token_type.as_deref(), Some("Bearer"));
}

#[tokio::test]
async fn create_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded(
        "create",
        prism.client().tokens().create(SERVICE_ID, create_request()).await,
    );
    prism.assert_all_accepted(1);
    assert_create_example(&response);
}

#[tokio::test]
async fn create_form_passes_prism_validation() {
    let prism = Recorder::start(&static_url()).await;
    let response = succeeded(
        "create_form",
        prism
            .client()
            .tokens()
            .create_form(SERVICE_ID, create_form_request())
            .await,
    );
    prism.assert_all_accepted(1);
    assert_create_example(&response);
}

/// The same seven calls straight to Prism, without the recorder: the proxy changes nothing the SDK sees.
#[tokio::test]
async fn every_method_succeeds_against_prism_directly() {
    let client = client(&static_url());
    let tokens = client.tokens();
    assert_fail_example(&succeeded("fail", tokens.fail(SERVICE_ID, fail_request()).await));
    assert_fail_example(&succeeded(
        "fail_form",
        tokens.fail_form(SERVICE_ID, fail_request()).await,
    ));
    assert_issue_example(&succeeded("issue", tokens.issue(SERVICE_ID, issue_request()).await));
    assert_issue_example(&succeeded(
        "issue_form",
        tokens.issue_form(SERVICE_ID, issue_form_request()).await,
    ));
    let list = succeeded("list", tokens.list(SERVICE_ID).subject("john").await);
    assert_eq!(list.total_count, Some(3));
    assert_create_example(&succeeded("create", tokens.create(SERVICE_ID, create_request()).await));
    assert_create_example(&succeeded(
        "create_form",
        tokens.create_form(SERVICE_ID, create_form_request()).await,
    ));
}
