//! The seven methods of the generated `authlete-tokens` SDK against a local wiremock server: what the
//! server received (method, path, query, headers, body bytes) and what the caller got back.

use authlete_tokens::types::{
    AuthorizationDetailsElement, AuthzDetails, GrantType, Property, ResultBody, TokenCreateRequest,
    TokenCreateResponseAction, TokenFailRequest, TokenFailRequestReason, TokenFailResponseAction, TokenIssueRequest,
    TokenIssueResponseAction,
};
use authlete_tokens::{ApiErrorKind, Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "V5a40R6dWvw2gMkCOBFdZcM95q4HC0Z-T0YKD9-nR6F";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token(TOKEN)
        .build()
        .expect("the client builds")
}

/// Answers every `verb path` request with `status` and a JSON body.
async fn answer(server: &MockServer, verb: &str, route: &str, status: u16, body: &str) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(
            ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json; charset=utf-8"),
        )
        .mount(server)
        .await;
}

/// The one request the server received.
async fn received(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request was sent");
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

/// Method, path, query, `Authorization`, `Accept`, `User-Agent` and `Content-Type` of a request.
fn assert_head(request: &wiremock::Request, verb: &str, route: &str, query: Option<&str>, content_type: Option<&str>) {
    assert_eq!(request.method.as_str(), verb);
    assert_eq!(request.url.path(), route);
    assert_eq!(request.url.query(), query);
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(
        header(request, "user-agent"),
        Some(concat!("authlete-tokens/", "0.1.0"))
    );
    assert_eq!(header(request, "content-type"), content_type);
}

fn body_text(request: &wiremock::Request) -> &str {
    std::str::from_utf8(&request.body).expect("UTF-8 body")
}

const FAIL_200: &str = r#"{"resultCode":"A067301","resultMessage":"[A067301] The credentials (username & password) passed to the token endpoint are invalid.","action":"BAD_REQUEST","responseContent":"{\"error\":\"invalid_request\"}"}"#;

const BAD_REQUEST: &str =
    r#"{"resultCode":"A001201","resultMessage":"[A001201] /auth/authorization, TLS must be used."}"#;

fn fail_request() -> TokenFailRequest {
    TokenFailRequest::new(
        "83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c",
        TokenFailRequestReason::InvalidResourceOwnerCredentials,
    )
}

#[tokio::test]
async fn fail_sends_json_and_decodes_the_response() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/fail", 200, FAIL_200).await;
    let response = client(&server)
        .tokens()
        .fail("715948317", fail_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/fail",
        None,
        Some("application/json"),
    );
    assert_eq!(
        body_text(&request),
        r#"{"ticket":"83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c","reason":"INVALID_RESOURCE_OWNER_CREDENTIALS"}"#
    );
    assert_eq!(response.result_code.as_deref(), Some("A067301"));
    assert_eq!(response.action, Some(TokenFailResponseAction::BadRequest));
    assert_eq!(
        response.response_content.as_deref(),
        Some(r#"{"error":"invalid_request"}"#)
    );
}

#[tokio::test]
async fn fail_form_sends_same_fields_as_json() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/fail", 200, FAIL_200).await;
    let response = client(&server)
        .tokens()
        .fail_form("715948317", fail_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/fail",
        None,
        Some("application/x-www-form-urlencoded"),
    );
    assert_eq!(
        body_text(&request),
        "ticket=83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c&reason=INVALID_RESOURCE_OWNER_CREDENTIALS"
    );
    assert_eq!(response.action, Some(TokenFailResponseAction::BadRequest));
}

const ISSUE_200: &str = r#"{
  "resultCode": "A054001",
  "resultMessage": "[A054001] The token request (grant_type=password) was processed successfully.",
  "accessToken": "OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0",
  "accessTokenDuration": 3600,
  "accessTokenExpiresAt": 1640331371876,
  "action": "OK",
  "clientAttributes": [{"key": "attribute1-key", "value": "attribute1-value"}],
  "clientId": 26478243745571,
  "clientIdAlias": null,
  "clientIdAliasUsed": false,
  "refreshToken": "ICPN0-sG3BH4szqiNqaFHZrWUGt7e0zaPuhys3ejQow",
  "refreshTokenExpiresAt": 9223372036854775807,
  "responseContent": "{\"access_token\":\"OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0\"}",
  "subject": "john",
  "aFieldFromANewerApi": {"nested": [1, 2]}
}"#;

fn issue_request() -> TokenIssueRequest {
    TokenIssueRequest::new("p7SXQ9JFjng7KFOZdCMBKcoR3ift7B54l1LGIgQXqEM", "john")
        .properties([Property::new().key("region").value("eu west").hidden(true)])
        .access_token_duration(3600)
}

#[tokio::test]
async fn issue_sends_json_and_decodes_the_response() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/issue", 200, ISSUE_200).await;
    let response = client(&server)
        .tokens()
        .issue("715948317", issue_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/issue",
        None,
        Some("application/json"),
    );
    assert_eq!(
        body_text(&request),
        r#"{"ticket":"p7SXQ9JFjng7KFOZdCMBKcoR3ift7B54l1LGIgQXqEM","subject":"john","properties":[{"key":"region","value":"eu west","hidden":true}],"accessTokenDuration":3600}"#
    );
    assert_eq!(response.action, Some(TokenIssueResponseAction::Ok));
    assert_eq!(response.client_id, Some(26478243745571));
    assert_eq!(
        response.refresh_token_expires_at,
        Some(i64::MAX),
        "int64 keeps every digit"
    );
    assert_eq!(response.client_id_alias, None, "null is accepted as absent");
    assert_eq!(response.client_attributes.as_ref().map(Vec::len), Some(1));
    assert_eq!(
        response.access_token.as_deref(),
        Some("OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0")
    );
}

#[tokio::test]
async fn issue_form_sends_same_fields_as_json() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/issue", 200, ISSUE_200).await;
    client(&server)
        .tokens()
        .issue_form("715948317", issue_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/issue",
        None,
        Some("application/x-www-form-urlencoded"),
    );
    // An object inside an array goes as its JSON text (keys in alphabetical order), percent-encoded.
    assert_eq!(
        body_text(&request),
        "ticket=p7SXQ9JFjng7KFOZdCMBKcoR3ift7B54l1LGIgQXqEM&subject=john\
         &properties=%7B%22hidden%22%3Atrue%2C%22key%22%3A%22region%22%2C%22value%22%3A%22eu%20west%22%7D\
         &accessTokenDuration=3600"
    );
}

const LIST_200: &str = r#"{
  "accessTokens": [{
    "accessTokenExpiresAt": 1642048149000,
    "accessTokenHash": "tC5hpjGylLiiw-vsd5_tqVHtYSUHblAGimEJ-5xqAco",
    "clientId": 26888344961664,
    "createdAt": 1642044549000,
    "grantType": "AUTHORIZATION_CODE",
    "lastRefreshedAt": 0,
    "scopes": ["history.read"],
    "subject": "john"
  }, {
    "clientId": 26888344961664,
    "grantType": "A_GRANT_TYPE_FROM_2030"
  }],
  "client": {"clientId": 26888344961664, "clientName": "My Device Flow Client", "clientType": "CONFIDENTIAL", "number": 6260},
  "start": 0,
  "end": 3,
  "subject": "john",
  "totalCount": 3
}"#;

#[tokio::test]
async fn list_sends_only_the_query_parameters_that_are_set() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/api/715948317/auth/token/get/list", 200, LIST_200).await;
    let response = client(&server)
        .tokens()
        .list("715948317")
        .client_identifier("26888344961664")
        .subject("john doe&x=1")
        .start(0)
        .end(5)
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "GET",
        "/api/715948317/auth/token/get/list",
        Some("clientIdentifier=26888344961664&subject=john%20doe%26x%3D1&start=0&end=5"),
        None,
    );
    assert!(request.body.is_empty());
    assert_eq!(response.total_count, Some(3));
    let tokens = response.access_tokens.expect("tokens are listed");
    assert_eq!(tokens[0].grant_type, Some(GrantType::AuthorizationCode));
    assert_eq!(tokens[0].created_at, Some(1642044549000));
    let unknown = tokens[1].grant_type.as_ref().expect("grant type is present");
    assert_eq!(
        unknown.as_str(),
        "A_GRANT_TYPE_FROM_2030",
        "an unknown enum value is kept, not an error"
    );
    assert_eq!(
        response.client.and_then(|c| c.client_name).as_deref(),
        Some("My Device Flow Client")
    );
}

#[tokio::test]
async fn list_without_optional_parameters_sends_no_query() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/api/715948317/auth/token/get/list", 200, "{}").await;
    client(&server).tokens().list("715948317").await.unwrap();
    let request = received(&server).await;
    assert_head(&request, "GET", "/api/715948317/auth/token/get/list", None, None);
}

/// A call is `Send`, so it can run on another task of a multi-threaded runtime, as servers do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_can_be_spawned_onto_other_tasks() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/715948317/auth/token/get/list",
        200,
        r#"{"totalCount": 3}"#,
    )
    .await;
    let client = client(&server);
    let spawned = tokio::spawn(async move { client.tokens().list("715948317").send().await });
    let list = spawned.await.expect("the task completes").unwrap();
    assert_eq!(list.total_count, Some(3));
}

const CREATE_200: &str = r#"{
  "resultCode": "A109001",
  "resultMessage": "[A109001] An access token was created successfully: authorization_code, client = 26888344961664",
  "accessToken": "Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-Nf6Q",
  "action": "OK",
  "clientId": 26888344961664,
  "expiresAt": 1642048148973,
  "expiresIn": 3600,
  "grantType": "AUTHORIZATION_CODE",
  "refreshToken": "9beh15GWkGLseBBO1tPobnsGpKLHV3mTkm0EWnNBa4g",
  "scopes": ["history.read", "timeline.read"],
  "subject": "john",
  "tokenType": "Bearer"
}"#;

fn create_request() -> TokenCreateRequest {
    TokenCreateRequest::new(GrantType::AuthorizationCode)
        .client_id(26888344961664)
        .subject("john")
        .scopes(["history.read", "timeline.read"])
        .access_token_persistent(false)
        .authorization_details(
            AuthzDetails::new().elements([AuthorizationDetailsElement::new("payment_initiation")
                .actions(["initiate"])
                .locations(["https://example.com/payments"])]),
        )
}

#[tokio::test]
async fn create_sends_json_and_decodes_the_response() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/create", 200, CREATE_200).await;
    let response = client(&server)
        .tokens()
        .create("715948317", create_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/create",
        None,
        Some("application/json"),
    );
    assert_eq!(
        body_text(&request),
        r#"{"grantType":"AUTHORIZATION_CODE","clientId":26888344961664,"subject":"john","scopes":["history.read","timeline.read"],"accessTokenPersistent":false,"authorizationDetails":{"elements":[{"type":"payment_initiation","locations":["https://example.com/payments"],"actions":["initiate"]}]}}"#
    );
    assert_eq!(response.action, Some(TokenCreateResponseAction::Ok));
    assert_eq!(response.expires_at, Some(1642048148973));
    assert_eq!(
        response.scopes,
        Some(vec!["history.read".to_owned(), "timeline.read".to_owned()])
    );
}

#[tokio::test]
async fn create_form_sends_same_fields_as_json() {
    let server = MockServer::start().await;
    answer(&server, "POST", "/api/715948317/auth/token/create", 200, CREATE_200).await;
    client(&server)
        .tokens()
        .create_form("715948317", create_request())
        .await
        .unwrap();
    let request = received(&server).await;
    assert_head(
        &request,
        "POST",
        "/api/715948317/auth/token/create",
        None,
        Some("application/x-www-form-urlencoded"),
    );
    // Arrays repeat their name (style form, explode true); the nested object goes as JSON text.
    assert_eq!(
        body_text(&request),
        "grantType=AUTHORIZATION_CODE&clientId=26888344961664&subject=john\
         &scopes=history.read&scopes=timeline.read&accessTokenPersistent=false\
         &authorizationDetails=%7B%22elements%22%3A%5B%7B%22actions%22%3A%5B%22initiate%22%5D%2C%22locations%22%3A%5B%22https%3A%2F%2Fexample.com%2Fpayments%22%5D%2C%22type%22%3A%22payment_initiation%22%7D%5D%7D"
    );
}

/// Every method, with a 400 from the server: the typed error with the parsed body, and the raw response.
#[tokio::test]
async fn every_method_decodes_400_into_the_typed_error() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "req-1")
                .set_body_raw(BAD_REQUEST.as_bytes().to_vec(), "application/json"),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let tokens = client.tokens();
    let results = [
        ("fail", tokens.fail("1", fail_request()).await.map(drop)),
        ("fail_form", tokens.fail_form("1", fail_request()).await.map(drop)),
        ("issue", tokens.issue("1", issue_request()).await.map(drop)),
        ("issue_form", tokens.issue_form("1", issue_request()).await.map(drop)),
        ("list", tokens.list("1").await.map(drop)),
        ("create", tokens.create("1", create_request()).await.map(drop)),
        ("create_form", tokens.create_form("1", create_request()).await.map(drop)),
    ];
    let expected = ResultBody::new()
        .result_code("A001201")
        .result_message("[A001201] /auth/authorization, TLS must be used.");
    let operations = [
        "auth_token_fail_api",
        "auth_token_fail_api",
        "auth_token_issue_api",
        "auth_token_issue_api",
        "auth_token_get_list_api",
        "auth_token_create_api",
        "auth_token_create_api",
    ];
    for ((name, result), operation) in results.into_iter().zip(operations) {
        let err = result.expect_err(name);
        let Error::Api(api) = &err else {
            panic!("{name}: {err:?}")
        };
        assert_eq!(api.kind(), &ApiErrorKind::BadRequest(expected.clone()), "{name}");
        assert_eq!(api.status(), 400, "{name}");
        assert_eq!(api.headers()["x-request-id"], "req-1", "{name}");
        assert_eq!(api.raw_body(), BAD_REQUEST.as_bytes(), "{name}");
        assert_eq!(
            err.to_string(),
            format!(
                "{operation}: 400 Bad Request resultCode=\"A001201\" \
                 resultMessage=\"[A001201] /auth/authorization, TLS must be used.\""
            ),
            "{name}"
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 7);
}

#[tokio::test]
async fn documented_error_statuses_map_to_their_variants_and_others_are_unexpected() {
    let server = MockServer::start().await;
    for (status, id) in [
        (401, "s401"),
        (403, "s403"),
        (500, "s500"),
        (404, "s404"),
        (503, "s503"),
    ] {
        Mock::given(path(format!("/api/{id}/auth/token/get/list")))
            .respond_with(
                ResponseTemplate::new(status).set_body_raw(BAD_REQUEST.as_bytes().to_vec(), "application/json"),
            )
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let kind = |id: &'static str| {
        let client = client.clone();
        async move {
            match client.tokens().list(id).await {
                Err(Error::Api(api)) => api.into_kind(),
                other => panic!("{id}: {other:?}"),
            }
        }
    };
    assert!(matches!(kind("s401").await, ApiErrorKind::Unauthorized(b) if b.result_code.as_deref() == Some("A001201")));
    assert!(matches!(kind("s403").await, ApiErrorKind::Forbidden(_)));
    assert!(matches!(kind("s500").await, ApiErrorKind::InternalServerError(_)));
    assert_eq!(kind("s404").await, ApiErrorKind::Unexpected);
    assert_eq!(kind("s503").await, ApiErrorKind::Unexpected);
}

#[tokio::test]
async fn a_documented_error_status_whose_body_is_not_json_is_an_api_error_that_keeps_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_raw(b"<html>proxy error</html>".to_vec(), "text/html"))
        .mount(&server)
        .await;
    let err = client(&server).tokens().fail("1", fail_request()).await.unwrap_err();
    assert!(matches!(&err, Error::Api(e) if e.status() == 500), "{err:?}");
    let Error::Api(api) = &err else { unreachable!() };
    assert_eq!(api.kind(), &ApiErrorKind::UnexpectedBody);
    assert_eq!(api.kind().status(), None);
    assert_eq!(api.headers()["content-type"], "text/html");
    assert_eq!(api.raw_body(), b"<html>proxy error</html>");
    assert_eq!(
        err.to_string(),
        "auth_token_fail_api: 500 Internal Server Error: the body is not what the spec documents: \
         the body is not valid JSON (line 1, column 1)"
    );
    assert!(std::error::Error::source(api.as_ref()).is_some());
}

#[tokio::test]
async fn an_empty_401_is_an_api_error_with_an_unexpected_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;
    let err = client(&server).tokens().list("1").await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(
        (api.status().as_u16(), api.kind()),
        (401, &ApiErrorKind::UnexpectedBody)
    );
    assert_eq!(api.raw_body(), b"");
    assert_eq!(
        err.to_string(),
        "auth_token_get_list_api: 401 Unauthorized: the body is not what the spec documents: the body is empty"
    );
}

#[tokio::test]
async fn path_parameters_cannot_change_the_route() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/a%2F..%2Fb%3Fc%23d/auth/token/fail",
        200,
        FAIL_200,
    )
    .await;
    client(&server)
        .tokens()
        .fail("a/../b?c#d", fail_request())
        .await
        .unwrap();
    assert_eq!(
        received(&server).await.url.path(),
        "/api/a%2F..%2Fb%3Fc%23d/auth/token/fail"
    );
    for bad in ["", ".", ".."] {
        let err = client(&server).tokens().fail(bad, fail_request()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{bad:?}: {err:?}");
    }
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "invalid input sent nothing"
    );
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output() {
    let client = Client::builder().bearer_token(TOKEN).build().unwrap();
    let call = client.tokens().fail("1", fail_request());
    let issued: authlete_tokens::types::TokenIssueResponse = serde_json::from_str(ISSUE_200).unwrap();
    for text in [format!("{client:?}"), format!("{call:?}"), format!("{issued:?}")] {
        for secret in [
            TOKEN,
            "83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c",
            "OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0",
            "ICPN0-sG3BH4szqiNqaFHZrWUGt7e0zaPuhys3ejQow",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
    }
    assert_eq!(
        format!("{:?}", fail_request()),
        r#"TokenFailRequest { ticket: *** redacted ***, reason: InvalidResourceOwnerCredentials }"#
    );
}

#[test]
fn servers_are_the_four_authlete_regions() {
    use authlete_tokens::Server;
    let urls: Vec<&str> = Server::ALL.iter().map(|s| s.url()).collect();
    assert_eq!(
        urls,
        [
            "https://us.authlete.com",
            "https://jp.authlete.com",
            "https://eu.authlete.com",
            "https://br.authlete.com"
        ]
    );
    assert_eq!(Server::default(), Server::Us);
    let client = Client::builder().bearer_token("t").server(Server::Jp).build().unwrap();
    assert_eq!(client.base_url(), "https://jp.authlete.com");
    let client = Client::builder().bearer_token("t").build().unwrap();
    assert_eq!(client.base_url(), "https://us.authlete.com");
}

#[test]
fn a_client_without_a_token_is_refused_before_any_request() {
    let err = Client::builder().base_url("http://127.0.0.1:9").build().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("AUTHLETE_BEARER"), "{err}");
}

#[test]
fn result_body_is_the_typed_error_body() {
    let body: ResultBody = serde_json::from_str(BAD_REQUEST).unwrap();
    assert_eq!(body.result_code.as_deref(), Some("A001201"));
}
