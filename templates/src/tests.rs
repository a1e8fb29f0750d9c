//! The runtime over real sockets: a wiremock server, and a raw TCP listener for what wiremock cannot do.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use wiremock::matchers::{body_string, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::runtime::auth::{ApiKey, ApiKeyLocation, Scheme, Security};
use crate::runtime::call::{HttpRequest, Operation, OperationInfo};
use crate::runtime::error::InvalidInput;
use crate::runtime::form::FieldEncoding;
use crate::runtime::multipart::{File, Multipart};
use crate::runtime::path::PathBuilder;
use crate::{ApiErrorKind, Call, Client, Error, RetryPolicy};

#[derive(Debug, Serialize)]
struct Body {
    ticket: String,
    scopes: Vec<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Reply {
    action: String,
}

#[derive(Debug)]
struct Echo {
    id: String,
    subject: Option<String>,
    body: Option<Body>,
    form: bool,
}

impl Operation for Echo {
    type Output = Reply;
    const INFO: OperationInfo = OperationInfo {
        id: "echo",
        method: reqwest::Method::POST,
        path: "/api/{id}/echo",
        success_statuses: &[200],
        accept: "application/json",
        security: crate::runtime::auth::Security::Undeclared,
        server: None,
    };

    fn to_request(&self) -> Result<HttpRequest, InvalidInput> {
        let mut path = PathBuilder::new();
        path.literal("/api/").param("id", &self.id)?.literal("/echo");
        if let Some(subject) = &self.subject {
            path.query("subject", subject);
        }
        let request = HttpRequest::new(path.finish());
        match &self.body {
            Some(body) if self.form => request.form(
                body,
                &[FieldEncoding {
                    name: "scopes",
                    explode: true,
                    style: crate::runtime::form::FieldStyle::Unset,
                }],
            ),
            Some(body) => request.json(body),
            None => Ok(request),
        }
    }

    fn decode(body: &[u8]) -> Result<Reply, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

fn echo(id: &str) -> Echo {
    Echo {
        id: id.to_owned(),
        subject: Some("john doe".to_owned()),
        body: Some(Body {
            ticket: "t".to_owned(),
            scopes: vec!["a".to_owned(), "b".to_owned()],
        }),
        form: false,
    }
}

fn client(base: &str) -> Client {
    Client::builder().base_url(base).bearer_token("tok").build().unwrap()
}

#[tokio::test]
async fn json_call_sends_method_path_query_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/prefix/api/a%2Fb/echo"))
        .and(query_param("subject", "john doe"))
        .and(header("authorization", "Bearer tok"))
        .and(header("accept", "application/json"))
        .and(header("content-type", "application/json"))
        .and(header("user-agent", "sdkgen-templates/0.1.0"))
        .and(body_string(r#"{"ticket":"t","scopes":["a","b"]}"#))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"action":"OK","extra":1}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&format!("{}/prefix/", server.uri()));
    let reply = Call::new(&client, echo("a/b")).await.unwrap();
    assert_eq!(
        reply,
        Reply {
            action: "OK".to_owned()
        }
    );
}

#[tokio::test]
async fn form_call_sends_the_same_fields_form_encoded() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string("ticket=t&scopes=a&scopes=b"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"action":"OK"}"#))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let mut op = echo("x");
    op.form = true;
    Call::new(&client, op).await.unwrap();
}

#[tokio::test]
async fn documented_error_status_is_typed_and_keeps_the_raw_response() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-request-id", "r1")
                .set_body_string(r#"{"resultCode":"A001201"}"#),
        )
        .mount(&server)
        .await;
    let err = Call::new(&client(&server.uri()), echo("x")).await.unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.status(), 400);
    assert_eq!(api.headers()["x-request-id"], "r1");
    assert_eq!(api.raw_body(), br#"{"resultCode":"A001201"}"#);
    assert!(matches!(api.kind(), ApiErrorKind::BadRequest(v) if v.result_code.as_deref() == Some("A001201")));
    assert_eq!(err.to_string(), r#"echo: 400 Bad Request resultCode="A001201""#);
}

#[tokio::test]
async fn redirect_is_an_api_error_with_its_location_neither_followed_nor_retried() {
    let server = MockServer::start().await;
    Mock::given(path("/api/x/echo"))
        .respond_with(ResponseTemplate::new(303).insert_header("location", "/api/y/echo"))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/api/y/echo"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"action":"OK"}"#))
        .expect(0)
        .mount(&server)
        .await;
    // Even a policy that lists the status and retries POSTs leaves an answer alone.
    let policy = RetryPolicy::exponential()
        .max_attempts(3)
        .initial_interval(Duration::from_millis(1))
        .statuses([303])
        .retry_non_idempotent(true);
    let err = Call::new(&client(&server.uri()), echo("x"))
        .retry(policy)
        .await
        .unwrap_err();
    let Error::Api(api) = &err else { panic!("{err:?}") };
    assert_eq!(api.status(), 303);
    assert_eq!(api.headers()["location"], "/api/y/echo");
    assert!(matches!(api.kind(), ApiErrorKind::SeeOther), "{err:?}");
}

#[tokio::test]
async fn undocumented_status_and_bad_json_keep_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(path("/api/x/echo"))
        .respond_with(ResponseTemplate::new(418).set_body_string("teapot"))
        .mount(&server)
        .await;
    Mock::given(path("/api/y/echo"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>"))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let err = Call::new(&client, echo("x")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Api(api) if matches!(api.kind(), ApiErrorKind::Unexpected)),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some(&b"teapot"[..]));
    let err = Call::new(&client, echo("y")).await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode(d) if d.status() == 200 && !d.is_too_large()),
        "{err:?}"
    );
    assert_eq!(err.raw_body(), Some(&b"<html>"[..]));
}

#[tokio::test]
async fn oversized_body_is_cut_at_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(10_000)))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("t")
        .max_body_size(1000)
        .build()
        .unwrap();
    let err = Call::new(&client, echo("x")).await.unwrap_err();
    assert!(matches!(&err, Error::Decode(d) if d.is_too_large()), "{err:?}");
    // Content-Length alone is over the limit, so nothing of the body is read.
    assert_eq!(err.raw_body().map(<[u8]>::len), Some(0));
}

#[tokio::test]
async fn invalid_input_is_reported_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let err = Call::new(&client, echo("..")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    let err = Call::new(&client, echo("x"))
        .header("x-secret", "v\r\nx")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(!format!("{err} {err:?}").contains("v\r\nx"));
}

#[tokio::test]
async fn per_call_timeout_is_its_own_error_kind() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = Call::new(&client(&server.uri()), echo("x"))
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
}

#[tokio::test]
async fn refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let err = Call::new(&client(&format!("http://{address}")), echo("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect(_)), "{err:?}");
    assert!(!err.to_string().contains(&address.to_string()));
}

#[tokio::test]
async fn connection_closed_before_the_response_is_a_transport_error() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 1024];
        let _ = socket.read(&mut buf).await;
    });
    let err = Call::new(&client(&format!("http://{address}")), echo("x"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
}

/// An operation with header and cookie parameters that accepts basic auth, or an API key in a cookie.
#[derive(Debug)]
struct Headed {
    trace: String,
    tags: Vec<&'static str>,
    session: String,
}

impl Operation for Headed {
    type Output = ();
    const INFO: OperationInfo = OperationInfo {
        id: "headed",
        method: reqwest::Method::GET,
        path: "/headed",
        success_statuses: &[204],
        accept: "application/json",
        security: Security::AnyOf(&[
            &[Scheme::Basic],
            &[Scheme::ApiKey(ApiKey {
                scheme: "cookieKey",
                location: ApiKeyLocation::Cookie,
                name: "key",
            })],
        ]),
        server: None,
    };

    fn to_request(&self) -> Result<HttpRequest, InvalidInput> {
        let mut path = PathBuilder::new();
        path.literal("/headed");
        HttpRequest::new(path.finish())
            .header("X-Trace", &self.trace)?
            .header_array("X-Tags", &self.tags)
            .map(|request| {
                request
                    .cookie("session", &self.session)
                    .cookie_array("langs", &["en", "f;r"])
            })
    }

    fn decode(_: &[u8]) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

fn headed(trace: &str) -> Headed {
    Headed {
        trace: trace.to_owned(),
        tags: vec!["a", "b"],
        session: "s 1".to_owned(),
    }
}

#[tokio::test]
async fn header_and_cookie_parameters_and_credentials_share_the_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let basic = Client::builder()
        .base_url(server.uri())
        .bearer_token("unused")
        .set_basic_auth("u".to_owned(), "p".to_owned())
        .build()
        .unwrap();
    Call::new(&basic, headed("t-1")).await.unwrap();
    let keyed = Client::builder()
        .base_url(server.uri())
        .bearer_token("unused")
        .set_api_key("cookieKey", "k=1".to_owned())
        .build()
        .unwrap();
    Call::new(&keyed, headed("t-2")).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    let value = |i: usize, name: &str| requests[i].headers.get(name).map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(value(0, "x-trace").as_deref(), Some("t-1"));
    assert_eq!(value(0, "x-tags").as_deref(), Some("a,b"));
    assert_eq!(value(0, "authorization").as_deref(), Some("Basic dTpw"));
    assert_eq!(value(0, "cookie").as_deref(), Some("session=s%201; langs=en,f%3Br"));
    assert_eq!(value(1, "authorization"), None);
    assert_eq!(
        value(1, "cookie").as_deref(),
        Some("session=s%201; langs=en,f%3Br; key=k=1")
    );
}

#[tokio::test]
async fn header_parameter_with_a_line_break_is_invalid_input_and_not_sent() {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("unused")
        .set_basic_auth("u".to_owned(), "p".to_owned())
        .build()
        .unwrap();
    let err = Call::new(&client, headed("a\r\nX-Evil: 1")).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert!(err.to_string().contains("X-Trace"), "{err}");
    assert!(!format!("{err} {err:?}").contains("X-Evil"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// An upload: one file part and one text part.
#[derive(Debug)]
struct Upload;

impl Operation for Upload {
    type Output = ();
    const INFO: OperationInfo = OperationInfo {
        id: "upload",
        method: reqwest::Method::POST,
        path: "/upload",
        success_statuses: &[204],
        accept: "application/json",
        security: Security::AnyOf(&[]),
        server: None,
    };

    fn to_request(&self) -> Result<HttpRequest, InvalidInput> {
        let mut form = Multipart::new();
        form.file("file", &File::new("a.txt", "hi"), None)?;
        form.text("note", "n", None)?;
        Ok(HttpRequest::new("/upload".to_owned()).multipart(form))
    }

    fn decode(_: &[u8]) -> Result<(), serde_json::Error> {
        Ok(())
    }
}

#[tokio::test]
async fn multipart_body_is_sent_with_its_boundary_in_the_content_type() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    // `security: []`: the configured token is not sent.
    Call::new(&client(&server.uri()), Upload).await.unwrap();
    let request = server.received_requests().await.unwrap().remove(0);
    assert!(request.headers.get("authorization").is_none());
    let content_type = request.headers["content-type"].to_str().unwrap();
    let boundary = content_type.strip_prefix("multipart/form-data; boundary=").unwrap();
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\
             Content-Type: application/octet-stream\r\n\r\nhi\r\n--{boundary}\r\n\
             Content-Disposition: form-data; name=\"note\"\r\n\r\nn\r\n--{boundary}--\r\n"
        )
    );
}

mod errors_show_no_secrets {
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    use crate::runtime::error::{Answer, BodyProblem, DecodeError};
    use crate::{ApiError, ApiErrorKind, Error};

    const TOKEN: &str = "s3cr3t-access-token";

    fn answer(status: u16, body: &str) -> Answer {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert("set-cookie", HeaderValue::from_static("sid=s3cr3t-cookie"));
        Answer {
            operation: "issue",
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn assert_hidden(text: &str) {
        let bytes: Vec<String> = TOKEN.bytes().map(|b| b.to_string()).collect();
        for secret in [TOKEN, "s3cr3t-cookie", &bytes.join(", ")] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }

    #[test]
    fn a_decode_error_shows_sizes_and_names_never_the_body_or_header_values() {
        let body = format!(r#"{{"accessToken":"{TOKEN}","n":"{TOKEN}"}}"#);
        let serde_error = serde_json::from_str::<std::collections::HashMap<String, u8>>(&body).unwrap_err();
        assert!(
            serde_error.to_string().contains(TOKEN),
            "serde quotes the value: {serde_error}"
        );
        let err = Error::Decode(Box::new(DecodeError {
            answer: answer(200, &body),
            problem: BodyProblem::json(&serde_error),
        }));
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert_hidden(&text);
        }
        assert_eq!(
            format!("{err:?}"),
            format!(
                "Decode(DecodeError {{ operation: \"issue\", status: 200, content_type: Some(\"application/json\"), \
                 body_len: {}, headers: [\"content-type\", \"set-cookie\"], problem: Json {{ category: Data, line: 1, \
                 column: 36, missing_field: None }} }})",
                body.len()
            )
        );
    }

    #[test]
    fn api_error_display_is_one_line_with_code_and_a_bounded_message() {
        let message = format!("line one\nline two {}", "x".repeat(300));
        let err = ApiError {
            answer: answer(400, "{}"),
            kind: ApiErrorKind::BadRequest(crate::ErrorBody {
                result_code: Some("A001".to_owned()),
                result_message: Some(message),
            }),
            problem: None,
            retry_after: None,
        };
        let text = err.to_string();
        assert!(text.starts_with(r#"issue: 400 Bad Request resultCode="A001" resultMessage="line one\nline two xx"#));
        assert!(text.ends_with("…\""), "{text}");
        assert!(!text.contains('\n'));
        assert!(text.chars().count() < 300, "{text}");
        let undocumented = ApiError {
            answer: answer(418, TOKEN),
            kind: ApiErrorKind::Unexpected,
            problem: None,
            retry_after: None,
        };
        assert_eq!(
            undocumented.to_string(),
            "issue: 418 I'm a teapot (a status the spec does not document)"
        );
        assert_hidden(&format!("{undocumented:?}"));
    }
}

/// What the generated `ClientBuilder::server` and `ClientBuilder::server_variable` call.
#[test]
fn the_sdk_builder_picks_a_server_and_fills_its_variables() {
    use crate::runtime::server::{ServerTemplate, ServerVariable};
    static REGIONAL: ServerTemplate = ServerTemplate {
        url: "https://{region}.api.example.com",
        variables: &[ServerVariable {
            name: "region",
            default: "us",
            allowed: &["us", "eu"],
        }],
    };
    let builder = || Client::builder().bearer_token("t").set_server(&REGIONAL);
    let client = builder().build().unwrap();
    assert_eq!(client.base_url(), "https://us.api.example.com");
    let client = builder()
        .set_server_variable("region".into(), "eu".into())
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://eu.api.example.com");
    // A base URL set before is replaced by the server.
    let client = Client::builder()
        .bearer_token("t")
        .base_url("http://127.0.0.1:9")
        .set_server(&REGIONAL)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://us.api.example.com");
}
