//! Calls each of the seven methods of `authlete-tokens` once against a local server that answers with
//! the spec's examples, and prints what went over the wire and what came back:
//! `cargo run -p sdkgen-tests --example tour`.

use authlete_tokens::types::{
    GrantType, Property, TokenCreateRequest, TokenFailRequest, TokenFailRequestReason, TokenIssueRequest,
};
use authlete_tokens::{Client, Error};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const FAIL: &str = r#"{"resultCode":"A067301","resultMessage":"[A067301] The credentials (username & password) passed to the token endpoint are invalid.","action":"BAD_REQUEST","responseContent":"{\"error_description\":\"[A067301] The credentials (username & password) passed to the token endpoint are invalid.\",\"error\":\"invalid_request\",\"error_uri\":\"https://docs.authlete.com/#A067301\"}"}"#;
const ISSUE: &str = r#"{"resultCode":"A054001","resultMessage":"[A054001] The token request (grant_type=password) was processed successfully.","accessToken":"OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0","accessTokenDuration":3600,"accessTokenExpiresAt":1640331371876,"action":"OK","clientId":26478243745571,"clientIdAlias":"my-client","clientIdAliasUsed":false,"refreshToken":"ICPN0-sG3BH4szqiNqaFHZrWUGt7e0zaPuhys3ejQow","refreshTokenDuration":3600,"refreshTokenExpiresAt":1640331371876,"subject":"john"}"#;
const LIST: &str = r#"{"accessTokens":[{"accessTokenExpiresAt":1642048149000,"accessTokenHash":"tC5hpjGylLiiw-vsd5_tqVHtYSUHblAGimEJ-5xqAco","clientId":26888344961664,"createdAt":1642044549000,"grantType":"AUTHORIZATION_CODE","lastRefreshedAt":0,"scopes":["history.read"],"subject":"john"}],"client":{"clientId":26888344961664,"clientIdAliasEnabled":false,"clientName":"My Device Flow Client","clientType":"CONFIDENTIAL","number":6260},"end":3,"start":0,"subject":"john","totalCount":1}"#;
const CREATE: &str = r#"{"resultCode":"A109001","resultMessage":"[A109001] An access token was created successfully: authorization_code, client = 26888344961664","accessToken":"Z5a40U6dWvw2gMoCOAFbZcM85q4HC0Z--0YKD9-Nf6Q","action":"OK","clientId":26888344961664,"expiresAt":1642048148973,"expiresIn":3600,"grantType":"AUTHORIZATION_CODE","scopes":["history.read","timeline.read"],"subject":"john","tokenType":"Bearer"}"#;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start().await;
    for (verb, route, body) in [
        ("POST", "/api/715948317/auth/token/fail", FAIL),
        ("POST", "/api/715948317/auth/token/issue", ISSUE),
        ("GET", "/api/715948317/auth/token/get/list", LIST),
        ("POST", "/api/715948317/auth/token/create", CREATE),
    ] {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(ResponseTemplate::new(200).set_body_raw(body.as_bytes().to_vec(), "application/json"))
            .mount(&server)
            .await;
    }
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("V5a40R6dWvw2gMkCOBFdZcM95q4HC0Z")
        .build()?;
    let tokens = client.tokens();
    let fail = || {
        TokenFailRequest::new(
            "83BNqKIhGMyrkvop_7jQjv2Z1612LNdGSQKkvkrf47c",
            TokenFailRequestReason::InvalidResourceOwnerCredentials,
        )
    };
    let issue = || {
        TokenIssueRequest::new("p7SXQ9JFjng7KFOZdCMBKcoR3ift7B54l1LGIgQXqEM", "john")
            .properties([Property::new().key("example_parameter").value("example_value")])
    };
    let create = || {
        TokenCreateRequest::new(GrantType::AuthorizationCode)
            .client_id(26888344961664)
            .subject("john")
            .scopes(["history.read", "timeline.read"])
    };

    println!("fail        -> {:?}\n", tokens.fail("715948317", fail()).await?);
    println!("fail_form   -> {:?}\n", tokens.fail_form("715948317", fail()).await?);
    println!("issue       -> {:?}\n", tokens.issue("715948317", issue()).await?);
    println!("issue_form  -> {:?}\n", tokens.issue_form("715948317", issue()).await?);
    println!(
        "list        -> {:?}\n",
        tokens.list("715948317").subject("john").start(0).end(3).await?
    );
    println!("create      -> {:?}\n", tokens.create("715948317", create()).await?);
    println!(
        "create_form -> {:?}\n",
        tokens.create_form("715948317", create()).await?
    );

    println!("What the server received:");
    for request in server.received_requests().await.unwrap_or_default() {
        let query = request.url.query().map(|q| format!("?{q}")).unwrap_or_default();
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        println!(
            "  {} {}{query}  [{content_type}]  {}",
            request.method,
            request.url.path(),
            String::from_utf8_lossy(&request.body)
        );
    }
    Ok(())
}
