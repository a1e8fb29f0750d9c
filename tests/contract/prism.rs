//! The Prism servers `tests/contract/run.sh` starts, and the tools the tests read them with: clients, the
//! `sl-violations` header, a raw HTTP request, and a recording proxy for the headers of successful calls.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use authlete_tokens::{Client, Error};
use wiremock::{Mock, MockServer, Respond, ResponseTemplate};

/// The bearer token of the spec's code samples. Prism checks that one is sent, not its value.
pub const TOKEN: &str = "V5a40R6dWvw2gMkCOBFdZcM95q4HC0Z-T0YKD9-nR6F";

/// The service ID of the spec's code samples.
pub const SERVICE_ID: &str = "21653835348762";

/// Prism answering with the spec's examples.
pub fn static_url() -> String {
    url_from_env("PRISM_URL")
}

/// Prism answering with random values that fit the spec's schemas (`prism mock --dynamic`).
pub fn dynamic_url() -> String {
    url_from_env("PRISM_DYNAMIC_URL")
}

fn url_from_env(name: &str) -> String {
    match std::env::var(name) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{name} is not set: the contract tests need the Prism servers that tests/contract/run.sh starts; \
             run tests/contract/run.sh instead of cargo test --test contract"
        ),
    }
}

/// The SDK's client for a server, built as a user would.
pub fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("the client builds")
}

/// One entry of Prism's `sl-violations` header.
#[derive(Debug)]
pub struct Violation {
    /// Where, e.g. `["request", "body", "reason"]`.
    pub location: Vec<String>,
    /// `Error` rejects the request; `Warning` lets it through with the header set.
    pub severity: String,
    /// A JSON Schema keyword (`enum`, `type`, `required`) or an HTTP status (415).
    pub code: serde_json::Value,
    pub message: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let location = self.location.join(".");
        let code = self.code.as_str().map_or_else(|| self.code.to_string(), str::to_owned);
        write!(f, "{} `{code}` at {location}: {}", self.severity, self.message)
    }
}

/// The violations Prism reported in a `sl-violations` header value; none when the header is absent.
pub fn violations(header: Option<&str>) -> Vec<Violation> {
    let Some(text) = header else { return Vec::new() };
    let unexpected = || -> ! { panic!("sl-violations is not the JSON array Prism sends: {text}") };
    let string = |value: &serde_json::Value| value.as_str().unwrap_or_else(|| unexpected()).to_owned();
    let entries: serde_json::Value = serde_json::from_str(text).unwrap_or_else(|_| unexpected());
    let entries = entries.as_array().unwrap_or_else(|| unexpected());
    entries
        .iter()
        .map(|entry| Violation {
            location: entry["location"]
                .as_array()
                .unwrap_or_else(|| unexpected())
                .iter()
                .map(string)
                .collect(),
            severity: string(&entry["severity"]),
            code: entry["code"].clone(),
            message: string(&entry["message"]),
        })
        .collect()
}

/// Violations one per line, for assertion messages.
pub fn describe(violations: &[Violation]) -> String {
    match violations {
        [] => "no violation".to_owned(),
        _ => violations.iter().map(|v| format!("\n  {v}")).collect(),
    }
}

/// The violations of an API error's response.
pub fn error_violations(error: &authlete_tokens::ApiError) -> Vec<Violation> {
    let header = error.headers().get("sl-violations");
    violations(header.map(|v| v.to_str().expect("sl-violations is ASCII")))
}

/// The value of a call that must succeed. On failure, says what Prism answered: status, violations, body.
pub fn succeeded<T>(what: &str, result: Result<T, Error>) -> T {
    match result {
        Ok(value) => value,
        Err(err) => {
            let violations = err
                .headers()
                .and_then(|h| h.get("sl-violations"))
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
            let body = err.raw_body().map(String::from_utf8_lossy);
            panic!(
                "{what}: {err} ({:?})\nsl-violations: {}\nbody: {}",
                err.as_api_error().map(|e| e.kind()),
                violations.as_deref().unwrap_or("(none)"),
                body.as_deref().unwrap_or("(none)"),
            )
        }
    }
}

/// A response read by [`send_raw`].
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// Names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn violations(&self) -> Vec<Violation> {
        violations(self.header("sl-violations"))
    }
}

/// Sends one HTTP/1.1 request over a fresh connection and reads the whole response. `Content-Length` is
/// sent when there is a body. Enough for Prism (and for requests the typed SDK cannot even express).
pub fn send_raw(
    base_url: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> std::io::Result<RawResponse> {
    let authority = base_url
        .strip_prefix("http://")
        .unwrap_or(base_url)
        .trim_end_matches('/');
    let mut stream = TcpStream::connect(authority)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.unwrap_or_default())?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    parse_response(&bytes).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not an HTTP response: {}", String::from_utf8_lossy(&bytes)),
        )
    })
}

fn parse_response(bytes: &[u8]) -> Option<RawResponse> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = dechunk(&body)?;
    }
    Some(RawResponse { status, headers, body })
}

fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = bytes.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&bytes[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        bytes = &bytes[line_end + 2..];
        if size == 0 {
            return Some(body);
        }
        body.extend_from_slice(bytes.get(..size)?);
        bytes = bytes.get(size + 2..)?;
    }
}

/// One request the SDK sent through a [`Recorder`], and what Prism answered.
#[derive(Debug)]
pub struct Exchange {
    pub method: String,
    pub target: String,
    pub content_type: Option<String>,
    pub request_body: String,
    pub status: u16,
    pub violations: Vec<Violation>,
}

impl std::fmt::Display for Exchange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.target)?;
        if let Some(content_type) = &self.content_type {
            write!(f, " [{content_type}] {}", self.request_body)?;
        }
        write!(f, " -> {}, ", self.status)?;
        match self.violations.len() {
            0 => f.write_str("no violation"),
            n => {
                write!(f, "{n} violation(s):")?;
                self.violations.iter().try_for_each(|v| write!(f, " [{v}]"))
            }
        }
    }
}

/// A transparent proxy in front of Prism that keeps every exchange. The SDK does not expose the headers
/// of a successful response, and Prism can answer 200 and still report violations in `sl-violations`
/// (warnings, or a response that does not match the spec): the recorder reads them.
pub struct Recorder {
    server: MockServer,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    pub async fn start(prism_url: &str) -> Recorder {
        let server = MockServer::start().await;
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Forward {
                prism_url: prism_url.to_owned(),
                exchanges: Arc::clone(&exchanges),
            })
            .mount(&server)
            .await;
        Recorder { server, exchanges }
    }

    /// A client whose requests go through the recorder.
    pub fn client(&self) -> Client {
        client(&self.server.uri())
    }

    /// Asserts that Prism saw exactly `count` requests since the last check, answered each with 200 and
    /// reported no violation; prints them (visible with `--nocapture`).
    pub fn assert_all_accepted(&self, count: usize) {
        let exchanges = std::mem::take(&mut *self.exchanges.lock().unwrap());
        for exchange in &exchanges {
            println!("{exchange}");
        }
        assert_eq!(exchanges.len(), count, "requests seen by Prism: {exchanges:#?}");
        for exchange in &exchanges {
            assert_eq!(exchange.status, 200, "{exchange}");
            assert!(exchange.violations.is_empty(), "Prism reported violations: {exchange}");
        }
    }
}

/// Forwards one request to Prism as received (minus hop-by-hop headers) and answers with Prism's response.
struct Forward {
    prism_url: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

const HOP_BY_HOP: [&str; 5] = [
    "host",
    "connection",
    "keep-alive",
    "content-length",
    "transfer-encoding",
];

impl Respond for Forward {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let target = match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        };
        let headers: Vec<(&str, &str)> = request
            .headers
            .iter()
            .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str(), value.to_str().expect("the SDK sends ASCII headers")))
            .collect();
        let body = request
            .headers
            .contains_key("content-length")
            .then_some(request.body.as_slice());
        let response = match send_raw(&self.prism_url, request.method.as_str(), &target, &headers, body) {
            Ok(response) => response,
            // A status Prism never sends, so that the test fails with this text as the raw body.
            Err(e) => {
                return ResponseTemplate::new(599).set_body_string(format!("the recorder could not reach Prism: {e}"));
            }
        };
        let content_type = request.headers.get("content-type");
        self.exchanges.lock().unwrap().push(Exchange {
            method: request.method.to_string(),
            target,
            content_type: content_type.map(|v| v.to_str().unwrap_or("?").to_owned()),
            request_body: String::from_utf8_lossy(&request.body).into_owned(),
            status: response.status,
            violations: response.violations(),
        });
        let mut template = ResponseTemplate::new(response.status);
        for (name, value) in &response.headers {
            if !HOP_BY_HOP.contains(&name.as_str()) && name != "content-type" {
                template = template.append_header(name.as_str(), value.as_str());
            }
        }
        match response.header("content-type") {
            Some(mime) => template.set_body_raw(response.body.clone(), mime),
            None => template.set_body_bytes(response.body),
        }
    }
}
