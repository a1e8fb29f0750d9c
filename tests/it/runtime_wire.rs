//! The runtime's answers to a user's needs, through the generated SDK over real sockets: errors that
//! say what happened without leaking, `Retry-After` honoured and never cut short, 429 retried for every
//! method, attempt timeouts, response metadata, token providers, hooks that change or stop a request,
//! and open enums compared by wire value.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime};

use authlete_tokens::reqwest::{Method, Request, Url};
use authlete_tokens::types::{GrantType, TokenCreateRequest, TokenIssueRequest, TokenIssueResponseAction};
use authlete_tokens::{ApiErrorKind, Attempt, Client, Error, Hook, HookError, RetryPolicy};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{any, body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const LIST: &str = "/api/s/auth/token/get/list";
const CREATE: &str = "/api/s/auth/token/create";
const ISSUE: &str = "/api/s/auth/token/issue";
/// A token as an issue response carries it; it must never reach `Display` or `Debug`.
const SECRET: &str = "OthV6TlZ2pPUtlBBvBSGFYzSdgVy87SSIPz2Zjwi-m0";

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn builder(base: &str) -> authlete_tokens::ClientBuilder {
    Client::builder().base_url(base).bearer_token("tok").retry(
        RetryPolicy::exponential()
            .initial_interval(Duration::from_millis(5))
            .max_interval(Duration::from_millis(20)),
    )
}

fn issue_request() -> TokenIssueRequest {
    TokenIssueRequest::new("ticket", "john")
}

/// Fails when `text` holds the secret, as text or as the list of decimal bytes a derived `Debug` of a
/// `Vec<u8>` prints.
fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "{text}");
    let bytes: Vec<String> = SECRET.bytes().map(|b| b.to_string()).collect();
    assert!(!text.contains(&bytes[..8].join(", ")), "{text}");
    assert!(!text.contains("sid=s3cr3t"), "{text}");
}

#[tokio::test]
async fn an_undecodable_200_never_shows_its_tokens_or_header_values() {
    let server = MockServer::start().await;
    // Valid JSON of the wrong shape: serde's own message would quote the token.
    let body = format!(r#"{{"accessToken":"{SECRET}","accessTokenDuration":"{SECRET}"}}"#);
    Mock::given(path(ISSUE))
        .respond_with(json(200, &body).insert_header("set-cookie", "sid=s3cr3t"))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let err = client.tokens().issue("s", issue_request()).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert_eq!(
        decode.raw_body(),
        body.as_bytes(),
        "the raw body is kept for the caller"
    );
    let mut chain = vec![err.to_string(), format!("{err:?}"), format!("{err:#?}")];
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        chain.push(cause.to_string());
        chain.push(format!("{cause:?}"));
        source = cause.source();
    }
    for text in &chain {
        assert_no_secret(text);
    }
    assert_eq!(
        err.to_string(),
        "auth_token_issue_api: 200 OK: the response is not what the spec documents: the JSON does not \
         have the documented shape (line 1, column 128)"
    );
    let debug = format!("{err:?}");
    assert!(debug.contains(&format!("body_len: {}", body.len())), "{debug}");
    assert!(debug.contains("content_type: Some(\"application/json\")"), "{debug}");
    assert!(debug.contains("\"set-cookie\""), "header names are shown: {debug}");
}

/// Answers one connection with `head` and then `body` as one chunk of a chunked body, so that the
/// client reads the body until its limit (no `Content-Length` to refuse it by).
async fn chunked_server(head: &'static str, body: String) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut request = vec![0u8; 8192];
            let _ = socket.read(&mut request).await;
            let response = format!(
                "{head}transfer-encoding: chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
                body.len()
            );
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn an_oversized_body_keeps_its_start_but_never_shows_it() {
    let body = format!(r#"{{"accessToken":"{SECRET}","padding":"{}"}}"#, "x".repeat(4000));
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nset-cookie: sid=s3cr3t\r\n";
    let base = chunked_server(head, body).await;
    let client = builder(&base).max_body_size(1000).build().unwrap();
    let err = client.tokens().issue("s", issue_request()).await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert!(decode.is_too_large());
    assert_eq!(decode.raw_body().len(), 1000);
    assert!(
        String::from_utf8_lossy(decode.raw_body()).contains(SECRET),
        "the start is kept"
    );
    for text in [
        err.to_string(),
        format!("{err:?}"),
        format!("{err:#?}"),
        format!("{decode:?}"),
    ] {
        assert_no_secret(&text);
    }
    assert_eq!(
        err.to_string(),
        "auth_token_issue_api: 200 OK: the response is not what the spec documents: the body is larger \
         than the limit of 1000 bytes"
    );
}

#[tokio::test]
async fn an_oversized_error_body_is_an_api_error() {
    let body = format!(r#"{{"resultCode":"{SECRET}","x":"{}"}}"#, "x".repeat(4000));
    let base = chunked_server(
        "HTTP/1.1 500 Internal Server Error\r\ncontent-type: application/json\r\n",
        body,
    )
    .await;
    let client = builder(&base).max_body_size(100).build().unwrap();
    let err = client.tokens().list("s").retry(RetryPolicy::none()).await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(
        (api.status().as_u16(), api.kind()),
        (500, &ApiErrorKind::UnexpectedBody)
    );
    assert_eq!(api.raw_body().len(), 100);
    for text in [err.to_string(), format!("{err:?}")] {
        assert_no_secret(&text);
    }
}

#[tokio::test]
async fn display_is_one_line_with_the_result_code_and_message_and_no_url_or_query() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(
            403,
            r#"{"resultCode":"A001202","resultMessage":"[A001202] Authorization\nfailed."}"#,
        ))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).bearer_token("s3cr3t-bearer").build().unwrap();
    let err = client.tokens().list("s").subject("john-the-user").await.unwrap_err();
    let text = err.to_string();
    assert_eq!(
        text,
        r#"auth_token_get_list_api: 403 Forbidden resultCode="A001202" resultMessage="[A001202] Authorization\nfailed.""#
    );
    assert!(!text.contains('\n'));
    for leak in ["john-the-user", "127.0.0.1", "s3cr3t-bearer"] {
        assert!(
            !text.contains(leak) && !format!("{err:?}").contains(leak),
            "{leak}: {err:?}"
        );
    }
}

/// A server whose every answer takes 30 s, longer than any test waits.
async fn hanging() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(200, "{}").set_delay(Duration::from_secs(30)))
        .mount(&server)
        .await;
    server
}

/// A server that answers `failure` to the first request on `route`, then 200 with `body`.
async fn failing_once(route: &str, failure: ResponseTemplate, body: &str) -> MockServer {
    crate::resilience::failing_then_ok(route, failure, 1, body).await
}

#[tokio::test]
async fn retry_after_is_waited_for_in_full_even_above_the_max_interval() {
    let server = failing_once(LIST, json(503, "{}").insert_header("retry-after", "1"), "{}").await;
    // The backoff would wait 20 ms at most; the server asked for a second.
    let client = builder(&server.uri()).build().unwrap();
    let started = Instant::now();
    client.tokens().list("s").await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "retried after {:?}",
        started.elapsed()
    );
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
}

#[tokio::test]
async fn retry_after_in_each_http_date_form_is_read_and_a_wait_over_the_cap_ends_the_call_at_once() {
    let in_an_hour = SystemTime::now() + Duration::from_secs(3600);
    let imf = httpdate::fmt_http_date(in_an_hour);
    // The same instant in RFC 850 and asctime forms, from the IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`.
    let parts: Vec<&str> = imf.split([' ', ',']).filter(|p| !p.is_empty()).collect();
    let (day, month, year, time) = (parts[1], parts[2], parts[3], parts[4]);
    let weekday = match parts[0] {
        "Mon" => "Monday",
        "Tue" => "Tuesday",
        "Wed" => "Wednesday",
        "Thu" => "Thursday",
        "Fri" => "Friday",
        "Sat" => "Saturday",
        _ => "Sunday",
    };
    let rfc850 = format!("{weekday}, {day}-{month}-{} {time} GMT", &year[2..]);
    let asctime = format!("{} {month} {:>2} {time} {year}", parts[0], day.trim_start_matches('0'));
    for date in [imf, rfc850, asctime] {
        let server = MockServer::start().await;
        Mock::given(path(CREATE))
            .respond_with(json(429, "{}").insert_header("retry-after", date.as_str()))
            .mount(&server)
            .await;
        let client = builder(&server.uri())
            .timeout(Duration::from_secs(7200))
            .build()
            .unwrap();
        let started = Instant::now();
        let err = client
            .tokens()
            .create("s", TokenCreateRequest::new(GrantType::ClientCredentials))
            .await
            .unwrap_err();
        // Waiting would take an hour.
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{date}: {:?}",
            started.elapsed()
        );
        let wait = err.retry_after().unwrap_or_else(|| panic!("{date}: {err:?}"));
        assert!(
            (Duration::from_secs(3590)..=Duration::from_secs(3601)).contains(&wait),
            "{date}: {wait:?}"
        );
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "{date}");
    }
}

#[tokio::test]
async fn a_retry_after_over_the_policy_cap_ends_the_call_at_once() {
    let server = failing_once(LIST, json(503, "{}").insert_header("retry-after", "30"), "{}").await;
    // Thirty seconds fit the default cap (60 s) and the default deadline: only the policy's own cap
    // ends the call.
    let policy = RetryPolicy::exponential().max_retry_after(Duration::from_secs(1));
    let started = Instant::now();
    let err = builder(&server.uri())
        .build()
        .unwrap()
        .tokens()
        .list("s")
        .retry(policy)
        .await
        .unwrap_err();
    // Waiting would take thirty seconds.
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_429_on_a_post_is_retried_with_the_same_request() {
    let server = failing_once(CREATE, json(429, "{}"), r#"{"action":"OK"}"#).await;
    let client = builder(&server.uri()).build().unwrap();
    let response = client
        .tokens()
        .create("s", TokenCreateRequest::new(GrantType::ClientCredentials).client_id(7))
        .await
        .unwrap();
    assert_eq!(
        response.action,
        Some(authlete_tokens::types::TokenCreateResponseAction::Ok)
    );
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    for request in &received {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(request.url.path(), CREATE);
        assert_eq!(request.body, br#"{"grantType":"CLIENT_CREDENTIALS","clientId":7}"#);
    }
    // A 503 on the same POST is still not sent twice.
    let server = failing_once(CREATE, json(503, "{}"), r#"{"action":"OK"}"#).await;
    let err = builder(&server.uri())
        .build()
        .unwrap()
        .tokens()
        .create("s", TokenCreateRequest::new(GrantType::ClientCredentials))
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn a_hung_attempt_ends_at_the_attempt_timeout_and_the_retry_succeeds_within_the_deadline() {
    let server = failing_once(
        LIST,
        json(200, "{}").set_delay(Duration::from_secs(30)),
        r#"{"totalCount":2}"#,
    )
    .await;
    let started = Instant::now();
    let response = builder(&server.uri())
        .timeout(Duration::from_secs(20))
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap()
        .tokens()
        .list("s")
        .await
        .unwrap();
    assert_eq!(response.total_count, Some(2));
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    // Set on the call, with every attempt hanging: the error says which timeout passed.
    let server = hanging().await;
    let started = Instant::now();
    let err = builder(&server.uri())
        .build()
        .unwrap()
        .tokens()
        .list("s")
        .attempt_timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(timeout.attempt_timeout(), Some(Duration::from_millis(200)));
    assert_eq!(timeout.deadline(), None);
    assert_eq!(err.to_string(), "an attempt timed out after 200ms");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        3,
        "every attempt of the policy"
    );
}

#[tokio::test]
async fn the_call_deadline_still_bounds_the_attempt_timeout() {
    let server = hanging().await;
    let err = builder(&server.uri())
        .attempt_timeout(Duration::from_secs(20))
        .build()
        .unwrap()
        .tokens()
        .list("s")
        .timeout(Duration::from_millis(300))
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(timeout.deadline(), Some(Duration::from_millis(300)));
}

#[tokio::test]
async fn with_response_gives_status_and_headers_beside_the_body() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(200, r#"{"totalCount":3}"#).insert_header("x-request-id", "req-9"))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let response = client.tokens().list("s").with_response().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["x-request-id"], "req-9");
    assert_eq!(response.body().total_count, Some(3));
    let debug = format!("{response:?}");
    assert!(
        debug.contains("\"x-request-id\"") && !debug.contains("req-9"),
        "{debug}"
    );
    let (status, headers, body) = response.into_parts();
    assert_eq!(
        (status.as_u16(), headers.len() > 1, body.total_count),
        (200, true, Some(3))
    );
    // The plain path is unchanged.
    assert_eq!(client.tokens().list("s").await.unwrap().total_count, Some(3));
}

#[tokio::test]
async fn a_token_provider_is_asked_on_every_attempt_and_never_shown() {
    let server = failing_once(LIST, json(503, "{}"), "{}").await;
    let asked = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&asked);
    let client = builder(&server.uri())
        .bearer_token_provider(move || format!("rotating-{}", counter.fetch_add(1, Ordering::SeqCst) + 1))
        .build()
        .unwrap();
    client.tokens().list("s").await.unwrap();
    let received = server.received_requests().await.unwrap();
    let tokens: Vec<&str> = received
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap())
        .collect();
    assert_eq!(tokens, ["Bearer rotating-1", "Bearer rotating-2"]);
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    assert!(!format!("{client:?}").contains("rotating"), "{client:?}");
    // An empty token is refused before anything is sent.
    let client = builder(&server.uri())
        .bearer_token_provider(String::new)
        .build()
        .unwrap();
    let err = client.tokens().list("s").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Moves every request to another route, replaces a header and the body, and refuses DELETEs.
struct Rewrite;

impl Hook for Rewrite {
    fn before_send(&self, attempt: &Attempt<'_>, request: &mut Request) -> Result<(), HookError> {
        if attempt.operation_id == "auth_token_issue_api" {
            return Err(HookError::new("issuing is switched off"));
        }
        let mut url: Url = request.url().clone();
        url.set_path("/rewritten");
        *request.url_mut() = url;
        *request.method_mut() = Method::PUT;
        request.headers_mut().insert("x-signed", "yes".parse().unwrap());
        *request.body_mut() = Some(b"{\"signed\":true}".to_vec().into());
        Ok(())
    }
}

#[tokio::test]
async fn a_hook_changes_the_request_before_it_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/rewritten"))
        .and(header("x-signed", "yes"))
        .and(header("authorization", "Bearer tok"))
        .and(body_string("{\"signed\":true}"))
        .respond_with(json(200, r#"{"action":"OK"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).hook(Rewrite).build().unwrap();
    client
        .tokens()
        .create("s", TokenCreateRequest::new(GrantType::ClientCredentials))
        .await
        .unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_hook_error_ends_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(200, "{}"))
        .expect(0)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).hook(Rewrite).build().unwrap();
    let err = client.tokens().issue("s", issue_request()).await.unwrap_err();
    let Error::Hook(hook) = &err else { panic!("{err:?}") };
    assert_eq!(hook.message(), "issuing is switched off");
    assert!(err.is_not_sent());
    assert_eq!(err.to_string(), "a hook stopped the call: issuing is switched off");
    server.verify().await;
}

#[tokio::test]
async fn open_enums_equal_their_named_variant_by_wire_value() {
    use std::collections::HashSet;
    assert_eq!(GrantType::Unknown("CIBA".into()), GrantType::Ciba);
    assert_eq!(GrantType::Ciba, GrantType::Unknown("CIBA".into()));
    assert_ne!(GrantType::Unknown("ciba".into()), GrantType::Ciba);
    let set: HashSet<GrantType> = [GrantType::Ciba, GrantType::Unknown("CIBA".into())].into();
    assert_eq!(set.len(), 1);
    assert!(matches!(GrantType::from("CIBA"), GrantType::Ciba));
    // From the wire, a known value is its variant, an unknown one is kept.
    let server = MockServer::start().await;
    Mock::given(path(ISSUE))
        .respond_with(json(200, r#"{"action":"OK"}"#))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(ISSUE))
        .respond_with(json(200, r#"{"action":"NEW_ACTION"}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().unwrap();
    let action = client.tokens().issue("s", issue_request()).await.unwrap().action;
    assert!(matches!(action, Some(TokenIssueResponseAction::Ok)), "{action:?}");
    let action = client.tokens().issue("s", issue_request()).await.unwrap().action;
    assert_eq!(action, Some(TokenIssueResponseAction::Unknown("NEW_ACTION".into())));
}
