//! With the `tracing` feature, every call is a span with the operation, method and route template, and
//! records its attempts and status; nothing of the token, the headers or the bodies is traced.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use authlete_tokens::types::{TokenFailRequest, TokenFailRequestReason};
use authlete_tokens::{Client, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Writes every span, field record and event of one thread as one line.
///
/// It is installed as the global subscriber rather than a scoped one: with a single scoped subscriber,
/// tracing caches "never interested" for a callsite first reached on another thread (another test
/// retrying a call), and this test's spans would then never be seen.
#[derive(Clone)]
struct Capture {
    thread: ThreadId,
    lines: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl Capture {
    fn for_this_thread() -> Self {
        Self {
            thread: thread::current().id(),
            lines: Arc::default(),
            next_id: Arc::default(),
        }
    }

    fn push(&self, line: String) {
        self.lines.lock().expect("not poisoned").push(line);
    }

    fn text(&self) -> String {
        self.lines.lock().expect("not poisoned").join("\n")
    }
}

impl Subscriber for Capture {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        thread::current().id() == self.thread
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        attributes.record(&mut fields);
        self.push(format!("span {}:{}", attributes.metadata().name(), fields.0));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.push(format!("record:{}", fields.0));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.push(format!("event:{}", fields.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn calls_and_attempts_are_spans_without_secrets() {
    let server = MockServer::start().await;
    Mock::given(path("/api/715948317/auth/token/fail"))
        .respond_with(ResponseTemplate::new(503).set_body_string("{}"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/715948317/auth/token/fail"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"responseContent":"secret-content"}"#))
        .with_priority(2)
        .mount(&server)
        .await;
    let capture = Capture::for_this_thread();
    tracing::subscriber::set_global_default(capture.clone()).expect("no other test installs a subscriber");
    tracing::callsite::rebuild_interest_cache();
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap();
    let policy = RetryPolicy::exponential()
        .initial_interval(Duration::from_millis(5))
        .retry_non_idempotent(true);
    client
        .tokens()
        .fail(
            "715948317",
            TokenFailRequest::new("secret-ticket", TokenFailRequestReason::Unknown),
        )
        .retry(policy)
        .await
        .unwrap();
    let text = capture.text();
    assert!(
        text.contains(
            r#"span call: operation="auth_token_fail_api" method=POST route="/api/{serviceId}/auth/token/fail""#
        ),
        "{text}"
    );
    assert!(text.contains("span attempt: number=1"), "{text}");
    assert!(text.contains("span attempt: number=2"), "{text}");
    assert!(text.contains("record: attempts=2"), "{text}");
    assert!(text.contains("record: status=200"), "{text}");
    assert!(text.contains("message=retrying"), "{text}");
    for secret in ["secret-token", "secret-ticket", "secret-content", "715948317"] {
        assert!(!text.contains(secret), "{secret} leaked into tracing:\n{text}");
    }
}
