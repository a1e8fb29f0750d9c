//! The runtime through the generated SDK, over real sockets: retries and what decides them, deadlines,
//! per-call options, hooks, faults, limits, redaction and tracing.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use authlete_tokens::types::{GrantType, TokenCreateRequest, TokenFailRequest, TokenFailRequestReason};
use authlete_tokens::{ApiErrorKind, Attempt, Client, Error, Hook, RetryPolicy};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::fake::{FakeServer, Fault};

const LIST: &str = "/api/s/auth/token/get/list";
const CREATE: &str = "/api/s/auth/token/create";
const ERROR_BODY: &str = r#"{"resultCode":"A001101","resultMessage":"[A001101] Authlete Server error."}"#;

/// Retries quickly, so the tests stay fast; what is tested is which failures are retried and how often.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::exponential()
        .initial_interval(Duration::from_millis(5))
        .max_interval(Duration::from_millis(20))
}

fn client_for(base: &str) -> Client {
    Client::builder()
        .base_url(base)
        .bearer_token("tok")
        .retry(fast_retries())
        .build()
        .expect("the client builds")
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn create_body() -> TokenCreateRequest {
    TokenCreateRequest::new(GrantType::ClientCredentials).client_id(1)
}

/// A server that answers `failure` to the first `times` requests on `route`, then 200 with `body`.
pub(crate) async fn failing_then_ok(route: &str, failure: ResponseTemplate, times: u64, body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(failure)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path(route))
        .respond_with(json(200, body))
        .with_priority(2)
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap_or_default().len()
}

#[tokio::test]
async fn list_retries_503_then_succeeds() {
    let server = failing_then_ok(LIST, json(503, "{}"), 2, r#"{"totalCount":1}"#).await;
    let response = client_for(&server.uri()).tokens().list("s").await.unwrap();
    assert_eq!(response.total_count, Some(1));
    assert_eq!(requests(&server).await, 3, "succeeded on attempt 3");
}

#[tokio::test]
async fn list_gives_up_after_max_attempts_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(503, ERROR_BODY))
        .mount(&server)
        .await;
    let err = client_for(&server.uri()).tokens().list("s").await.unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert!(
        matches!(&err, Error::Api(api) if *api.kind() == ApiErrorKind::Unexpected),
        "{err:?}"
    );
    assert_eq!(requests(&server).await, 3, "the default max_attempts");

    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(500, ERROR_BODY))
        .mount(&server)
        .await;
    let err = client_for(&server.uri())
        .tokens()
        .list("s")
        .retry(fast_retries().max_attempts(5))
        .await
        .unwrap_err();
    assert_eq!(err.result_code(), Some("A001101"), "the last response, decoded");
    assert_eq!(requests(&server).await, 5);
}

#[tokio::test]
async fn list_honours_retry_after_on_429() {
    let server = failing_then_ok(LIST, json(429, "{}").insert_header("retry-after", "1"), 1, "{}").await;
    let client = client_for(&server.uri());
    let started = Instant::now();
    client
        .tokens()
        .list("s")
        .retry(fast_retries().max_interval(Duration::from_secs(5)))
        .await
        .unwrap();
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 was honoured ({waited:?})"
    );
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_retry_after_longer_than_the_deadline_ends_the_call_at_once_with_the_wait_on_the_error() {
    let server = failing_then_ok(
        LIST,
        json(503, ERROR_BODY).insert_header("retry-after", "3600"),
        1,
        "{}",
    )
    .await;
    let started = Instant::now();
    let err = client_for(&server.uri()).tokens().list("s").await.unwrap_err();
    // Waiting would take an hour: a bound far from both keeps a busy machine from failing the test.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(
        err.as_api_error().and_then(|e| e.retry_after()),
        Some(Duration::from_secs(3600))
    );
    assert_eq!(requests(&server).await, 1, "never retried before the server allows");
}

#[tokio::test]
async fn create_answered_500_is_attempted_exactly_once_by_default() {
    let server = MockServer::start().await;
    Mock::given(path(CREATE))
        .respond_with(json(500, ERROR_BODY))
        .expect(1)
        .mount(&server)
        .await;
    // The default policy of the SDK, not the fast one.
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .build()
        .unwrap();
    let err = client.tokens().create("s", create_body()).await.unwrap_err();
    assert!(matches!(&err, Error::Api(api) if matches!(api.kind(), ApiErrorKind::InternalServerError(_))));
    assert_eq!(err.result_message(), Some("[A001101] Authlete Server error."));
    server.verify().await;
}

#[tokio::test]
async fn create_is_retried_after_500_only_when_the_call_opts_in() {
    let server = failing_then_ok(CREATE, json(500, ERROR_BODY), 1, r#"{"action":"OK"}"#).await;
    let client = client_for(&server.uri());
    client
        .tokens()
        .create("s", create_body())
        .retry(fast_retries().retry_non_idempotent(true))
        .await
        .unwrap();
    assert_eq!(requests(&server).await, 2);
}

#[tokio::test]
async fn a_client_policy_of_none_makes_one_attempt_and_a_call_can_override_it() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(503, "{}"))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    client.tokens().list("s").await.unwrap_err();
    assert_eq!(requests(&server).await, 1);
    client.tokens().list("s").retry(fast_retries()).await.unwrap_err();
    assert_eq!(requests(&server).await, 4);
}

#[tokio::test]
async fn statuses_outside_the_policy_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(501, "{}"))
        .mount(&server)
        .await;
    client_for(&server.uri()).tokens().list("s").await.unwrap_err();
    assert_eq!(requests(&server).await, 1, "501 is not retried by default");
    client_for(&server.uri())
        .tokens()
        .list("s")
        .retry(fast_retries().statuses([501]))
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await, 4);
}

/// Counts what the hooks see.
#[derive(Default)]
struct Counter {
    before: AtomicU32,
    responses: AtomicU32,
    errors: AtomicU32,
    last_attempt: AtomicU32,
}

struct Counting(Arc<Counter>);

impl Hook for Counting {
    fn before_attempt(&self, attempt: &Attempt<'_>, headers: &mut authlete_tokens::reqwest::header::HeaderMap) {
        self.0.before.fetch_add(1, Ordering::SeqCst);
        self.0.last_attempt.store(attempt.attempt, Ordering::SeqCst);
        let tag = format!("{}#{}", attempt.operation_id, attempt.attempt);
        headers.insert("x-attempt", tag.parse().expect("ASCII"));
    }

    fn after_response(
        &self,
        _: &Attempt<'_>,
        _: authlete_tokens::reqwest::StatusCode,
        _: &authlete_tokens::reqwest::header::HeaderMap,
    ) {
        self.0.responses.fetch_add(1, Ordering::SeqCst);
    }

    fn on_error(&self, _: &Attempt<'_>, _: &Error) {
        self.0.errors.fetch_add(1, Ordering::SeqCst);
    }
}

fn counted_client(base: &str) -> (Client, Arc<Counter>) {
    let counter = Arc::new(Counter::default());
    let client = Client::builder()
        .base_url(base)
        .bearer_token("tok")
        .retry(fast_retries())
        .hook(Counting(counter.clone()))
        .build()
        .unwrap();
    (client, counter)
}

#[tokio::test]
async fn hooks_run_once_per_attempt_and_can_add_headers() {
    let server = failing_then_ok(LIST, json(503, "{}"), 2, "{}").await;
    let (client, counter) = counted_client(&server.uri());
    client.tokens().list("s").await.unwrap();
    let tags: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["x-attempt"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        tags,
        [
            "auth_token_get_list_api#1",
            "auth_token_get_list_api#2",
            "auth_token_get_list_api#3"
        ],
        "the header a hook adds is sent with its attempt"
    );
    assert_eq!(counter.before.load(Ordering::SeqCst), 3);
    assert_eq!(counter.responses.load(Ordering::SeqCst), 3);
    assert_eq!(counter.errors.load(Ordering::SeqCst), 0);
    assert_eq!(counter.last_attempt.load(Ordering::SeqCst), 3);
    client.tokens().list("s").retry(RetryPolicy::none()).await.unwrap();
    assert_eq!(
        counter.before.load(Ordering::SeqCst),
        4,
        "one more call, one more attempt"
    );
}

#[tokio::test]
async fn refused_connections_are_retried_even_for_post_because_nothing_was_sent() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let (client, counter) = counted_client(&format!("http://{address}"));
    let err = client.tokens().create("s", create_body()).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_not_sent());
    assert_eq!(
        counter.errors.load(Ordering::SeqCst),
        3,
        "every attempt failed to connect"
    );
    assert_eq!(counter.responses.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_connection_closed_after_sending_is_retried_for_get_but_not_for_post() {
    let fake = FakeServer::start(Fault::CloseBeforeResponse).await;
    let client = client_for(&fake.url());
    let err = client.tokens().create("s", create_body()).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(!err.is_not_sent());
    assert_eq!(
        fake.connections(),
        1,
        "a POST that may have been processed is not sent again"
    );
    let err = client.tokens().list("s").await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(fake.connections(), 4, "the GET was tried three times");
}

#[tokio::test]
async fn faults_end_in_the_right_error_kind() {
    for (fault, expected) in [
        (Fault::ResetMidBody, "transport"),
        (Fault::TruncatedBody, "transport"),
        (Fault::Garbage, "transport"),
    ] {
        let fake = FakeServer::start(fault).await;
        let started = Instant::now();
        let err = client_for(&fake.url())
            .tokens()
            .fail("s", TokenFailRequest::new("t", TokenFailRequestReason::Unknown))
            .await
            .unwrap_err();
        let kind = match &err {
            Error::Transport(_) => "transport",
            Error::Timeout(_) => "timeout",
            Error::Decode(_) => "decode",
            _ => "other",
        };
        assert_eq!(kind, expected, "{fault:?}: {err:?}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{fault:?} took {:?}",
            started.elapsed()
        );
        assert_eq!(fake.connections(), 1, "{fault:?}: a POST is not retried after sending");
    }
}

#[tokio::test]
async fn errors_never_show_the_token_the_url_or_query_values() {
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .bearer_token("secret-token")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client
        .tokens()
        .list("service-secret")
        .subject("subject-secret")
        .await
        .unwrap_err();
    let mut chain = format!("{err} {err:?}");
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        chain.push_str(&format!(" / {cause} {cause:?}"));
        source = cause.source();
    }
    for secret in ["secret-token", "service-secret", "subject-secret"] {
        assert!(!chain.contains(secret), "{secret} in {chain}");
    }
    assert_eq!(err.to_string(), "could not connect to the server");
}

#[tokio::test]
async fn a_slow_drip_past_the_deadline_is_a_timeout() {
    let fake = FakeServer::start(Fault::SlowDrip).await;
    let started = Instant::now();
    let err = client_for(&fake.url())
        .tokens()
        .list("s")
        .timeout(Duration::from_millis(400))
        .await
        .unwrap_err();
    let Error::Timeout(timeout) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(timeout.deadline(), Some(Duration::from_millis(400)));
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(400) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
    assert_eq!(fake.connections(), 1, "no time was left for a retry");
}

#[tokio::test]
async fn the_deadline_covers_every_attempt_and_every_wait() {
    let server = MockServer::start().await;
    Mock::given(path(LIST))
        .respond_with(json(503, "{}").set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let started = Instant::now();
    let err = client_for(&server.uri())
        .tokens()
        .list("s")
        .retry(fast_retries().max_attempts(10))
        .timeout(Duration::from_millis(400))
        .await
        .unwrap_err();
    // Ten attempts of 3 s each would take thirty seconds, one alone three; the 400 ms deadline ends the
    // call during the first.
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(matches!(err, Error::Timeout(_) | Error::Api(_)), "{err:?}");
    assert!(requests(&server).await < 10, "the deadline stopped the retries");
}

#[tokio::test]
async fn an_endless_body_stops_at_the_limit() {
    let fake = FakeServer::start(Fault::EndlessChunkedBody).await;
    let client = Client::builder()
        .base_url(fake.url())
        .bearer_token("tok")
        .max_body_size(100_000)
        .build()
        .unwrap();
    let err = client.tokens().list("s").await.unwrap_err();
    let Error::Decode(decode) = &err else { panic!("{err:?}") };
    assert!(decode.is_too_large());
    assert_eq!(decode.raw_body().len(), 100_000);
    assert_eq!(fake.connections(), 1, "a body over the limit is not retried");
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(json(200, "{}"))
        .expect(0)
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(307).insert_header("location", format!("{}{CREATE}", elsewhere.uri())))
        .mount(&server)
        .await;
    let err = client_for(&server.uri())
        .tokens()
        .create("s", create_body())
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(307));
    elsewhere.verify().await;
}

#[tokio::test]
async fn per_call_base_url_and_headers_replace_the_client_defaults() {
    let first = MockServer::start().await;
    let second = MockServer::start().await;
    for server in [&first, &second] {
        Mock::given(method("GET"))
            .respond_with(json(200, "{}"))
            .mount(server)
            .await;
    }
    let client = Client::builder()
        .base_url(format!("{}/prefix", first.uri()))
        .bearer_token("tok")
        .default_header("x-tenant", "acme")
        .default_header("accept", "application/json, text/plain")
        .build()
        .unwrap();
    client.tokens().list("s").await.unwrap();
    client
        .tokens()
        .list("s")
        .base_url(format!("{}/other/", second.uri()))
        .header("x-tenant", "globex")
        .header("prefer", "code=200")
        .await
        .unwrap();
    let on_first = &first.received_requests().await.unwrap()[0];
    assert_eq!(on_first.url.path(), "/prefix/api/s/auth/token/get/list");
    assert_eq!(on_first.headers["x-tenant"], "acme");
    assert_eq!(on_first.headers["accept"], "application/json, text/plain");
    let on_second = &second.received_requests().await.unwrap()[0];
    assert_eq!(on_second.url.path(), "/other/api/s/auth/token/get/list");
    assert_eq!(on_second.headers.get_all("x-tenant").iter().count(), 1);
    assert_eq!(on_second.headers["x-tenant"], "globex");
    assert_eq!(on_second.headers["prefer"], "code=200");

    let err = client.tokens().list("s").base_url("not a url").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let err = client
        .tokens()
        .list("s")
        .header("x-a", "1\r\nx-b: 2")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(
        first.received_requests().await.unwrap().len(),
        1,
        "invalid input sent nothing"
    );
}

/// A tiny PRNG, so the property test below is reproducible without a dependency.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("two hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

#[tokio::test]
async fn any_path_parameter_is_exactly_one_segment_that_decodes_to_itself() {
    const ALPHABET: &[&str] = &[
        "a", "Z", "0", "/", "?", "#", "%", " ", ".", "..", "&", "=", "+", ";", ",", "\\", "\r", "\n", "\0", "~", "'",
        "\"", "<", ">", "[", "]", "{", "}", "|", "^", "`", "é", "日本", "🦀", "%2F", "%2E%2E", "\u{202e}",
    ];
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, "{}"))
        .mount(&server)
        .await;
    let client = client_for(&server.uri());
    let mut rng = XorShift(0x5eed_1234_abcd_ef01);
    let mut inputs = Vec::new();
    for _ in 0..300 {
        let len = 1 + rng.next() % 6;
        let value: String = (0..len)
            .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
            .collect();
        if value == "." || value == ".." {
            continue;
        }
        client
            .tokens()
            .list(value.clone())
            .await
            .unwrap_or_else(|e| panic!("{value:?}: {e:?}"));
        inputs.push(value);
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), inputs.len());
    for (request, input) in received.iter().zip(&inputs) {
        let segments: Vec<&str> = request.url.path().split('/').collect();
        assert_eq!(segments.len(), 7, "{input:?} -> {}", request.url.path());
        assert_eq!(segments[..2], ["", "api"]);
        assert_eq!(segments[3..], ["auth", "token", "get", "list"], "{input:?}");
        assert_eq!(percent_decode(segments[2]), input.as_bytes(), "{input:?}");
    }
}

#[test]
fn client_debug_output_is_pinned_and_redacts_the_token() {
    let client = Client::builder()
        .bearer_token("s3cr3t")
        .default_header("x-api-key", "k3y")
        .build()
        .unwrap();
    assert_eq!(
        format!("{client:?}"),
        "Client { base_url: \"https://us.authlete.com\", authorization: Some(*** redacted ***), \
         default_headers: [\"x-api-key\"], timeout: Some(60s), attempt_timeout: None, retry: RetryPolicy { \
         max_attempts: 3, initial_interval: 500ms, max_interval: 10s, exponent: 2.0, max_elapsed_time: 60s, \
         max_retry_after: 60s, statuses: [429, 500, 502, 503, 504], retry_non_idempotent: false }, \
         max_body_size: 4194304, hooks: 0, .. }"
    );
}

#[tokio::test]
async fn a_token_given_with_its_scheme_is_not_prefixed_twice() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json(200, "{}"))
        .mount(&server)
        .await;
    for token in ["Bearer abc", "bearer abc", "abc"] {
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_token(token)
            .build()
            .unwrap();
        client.tokens().list("s").await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    assert!(received.iter().all(|r| r.headers["authorization"] == "Bearer abc"));
    assert_eq!(received.len(), 3);
}

#[test]
fn an_invalid_base_url_is_an_error_when_the_client_is_built() {
    for url in ["not a url", "ftp://example.com", "http://h/?q=1", ""] {
        let err = Client::builder().bearer_token("t").base_url(url).build().unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{url:?}: {err:?}");
    }
}

#[tokio::test]
async fn a_connection_that_cannot_be_made_in_time_is_not_sent_and_is_retried() {
    // A listener whose accept queue is full drops new connection attempts, so connecting hangs until
    // the connect timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..8 {
        let connecting = tokio::net::TcpStream::connect(address);
        if let Ok(Ok(stream)) = tokio::time::timeout(Duration::from_millis(100), connecting).await {
            fillers.push(stream);
        }
    }
    let counter = Arc::new(Counter::default());
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .bearer_token("tok")
        .connect_timeout(Duration::from_millis(200))
        .retry(fast_retries().max_attempts(2))
        .hook(Counting(counter.clone()))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client.tokens().create("s", create_body()).await.unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(err.is_not_sent());
    assert_eq!(
        counter.errors.load(Ordering::SeqCst),
        2,
        "a POST that was not sent is retried"
    );
    // Without the connect timeout each attempt would wait for the system's own (minutes).
    assert!(started.elapsed() < Duration::from_secs(30), "{:?}", started.elapsed());
    drop((fillers, listener));
}
