//! SDKs generated from fixture specs (`tests/wire-sdks/`, one per feature) against a local wiremock
//! server: the exact header, cookie and query bytes the server received, the credentials each
//! operation's security asks for, the server each operation was sent to, and what is refused before
//! anything is sent.

use std::path::Path;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The fixture specs the wire SDKs are generated from, with their crate names.
const WIRE_SDKS: &[&str] = &[
    "header_cookie_params",
    "models",
    "multipart_body",
    "openapi31_content_webhooks",
    "param_unions",
    "query_styles",
    "redirects_and_no_success",
    "security_schemes",
    "servers",
    "success_statuses",
];

#[test]
fn wire_sdks_are_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for stem in WIRE_SDKS {
        let (spec, _) =
            sdkgen::load::load_file(&root.join(format!("fixtures/{stem}.yaml"))).unwrap_or_else(|d| panic!("{d}"));
        // As `cargo xtask generate` makes them: on the workspace's runtime crate.
        let config =
            sdkgen::config::Config::for_crate(&stem.replace('_', "-")).with_runtime_crate_at("../../../templates");
        let generated = sdkgen::generate(&spec, &config, "config").unwrap_or_else(|d| panic!("{stem}:\n{d}"));
        let dir = root.join("wire-sdks").join(stem);
        let report = sdkgen::output::sync(&dir, &generated.files, true).expect("wire SDK is readable");
        assert!(
            report.is_fresh(),
            "tests/wire-sdks/{stem} is stale; run `cargo xtask generate`.\nchanged: {:#?}\nno longer generated: {:#?}",
            report.changed,
            report.removed
        );
    }
}

/// A server answering every request with `status` and an empty JSON object.
async fn server(status: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(b"{}".to_vec(), "application/json"))
        .mount(&server)
        .await;
    server
}

/// A server that answers every request with this status and body.
async fn answering(status: u16, content_type: &str, body: &[u8]) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(status).set_body_raw(body.to_vec(), content_type))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

/// The one request the server received.
async fn received(server: &MockServer) -> wiremock::Request {
    let mut all = requests(server).await;
    assert_eq!(all.len(), 1, "exactly one request was sent");
    all.remove(0)
}

/// Every value of a header, as bytes.
fn header_values(request: &wiremock::Request, name: &str) -> Vec<Vec<u8>> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect()
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
}

mod headers_and_cookies {
    use header_cookie_params::types::GetWidgetTheme;
    use header_cookie_params::{Client, Error};

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(server.uri())
            .build()
            .expect("the client builds")
    }

    #[tokio::test]
    async fn required_and_optional_headers_and_cookies_are_sent_as_given() {
        let server = server(200).await;
        client(&server)
            .widgets()
            .get_widget("w 1", "req-42", "abc; x=\"y\"\\é")
            .x_api_token("s3cr3t")
            .x_retry_count(3)
            .x_tags(["a", "b c"])
            .theme(GetWidgetTheme::Dark)
            .langs(["en", "fr,CA"])
            .await
            .expect("200");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/widgets/w%201");
        assert_eq!(request.url.query(), None);
        assert_eq!(header_values(&request, "x-request-id"), [b"req-42".to_vec()]);
        assert_eq!(header_values(&request, "x-api-token"), [b"s3cr3t".to_vec()]);
        assert_eq!(header_values(&request, "x-retry-count"), [b"3".to_vec()]);
        assert_eq!(header_values(&request, "x-tags"), [b"a,b c".to_vec()]);
        assert_eq!(
            header_values(&request, "cookie"),
            [b"session_id=abc%3B%20x=%22y%22%5C%C3%A9; theme=dark; langs=en,fr%2CCA".to_vec()]
        );
        // The SDK's own `Accept`, not a parameter the spec declared for it.
        assert_eq!(header(&request, "accept"), Some("application/json"));
        assert_eq!(header(&request, "authorization"), None);
    }

    #[tokio::test]
    async fn unset_optional_headers_and_cookies_are_not_sent() {
        let server = server(200).await;
        client(&server).widgets().get_widget("w", "r", "s").await.expect("200");
        let request = received(&server).await;
        for name in ["x-api-token", "x-retry-count", "x-tags"] {
            assert!(header_values(&request, name).is_empty(), "{name}");
        }
        assert_eq!(header_values(&request, "cookie"), [b"session_id=s".to_vec()]);
    }

    #[tokio::test]
    async fn a_header_value_with_a_line_break_is_refused_before_sending() {
        let server = server(200).await;
        for (request_id, token) in [("r\r\nX-Evil: 1", "t"), ("r", "t\nX-Evil: 1")] {
            let err = client(&server)
                .widgets()
                .get_widget("w", request_id, "s")
                .x_api_token(token)
                .await
                .unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
            assert!(err.is_not_sent());
            let text = format!("{err} {err:?}");
            assert!(!text.contains("X-Evil"), "{text}");
        }
        assert!(requests(&server).await.is_empty(), "nothing was sent");
    }

    #[tokio::test]
    async fn a_per_call_header_replaces_a_header_parameter_of_the_same_name() {
        let server = server(200).await;
        client(&server)
            .widgets()
            .get_widget("w", "from-param", "s")
            .header("X-Request-ID", "from-call")
            .await
            .expect("200");
        let request = received(&server).await;
        assert_eq!(header_values(&request, "x-request-id"), [b"from-call".to_vec()]);
    }

    #[test]
    fn debug_redacts_secret_looking_parameters_only() {
        let server_client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("builds");
        let call = server_client
            .widgets()
            .get_widget("w", "req-42", "sess-s3cr3t")
            .x_api_token("tok-s3cr3t")
            .x_retry_count(2);
        let text = format!("{call:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("session_id: *** redacted ***"), "{text}");
        assert!(text.contains("x_api_token: Some(*** redacted ***)"), "{text}");
        assert!(text.contains("x_request_id: \"req-42\""), "{text}");
        assert!(text.contains("x_retry_count: Some(2)"), "{text}");
    }
}

mod query_styles_on_the_wire {
    use std::collections::BTreeMap;

    use query_styles::Client;
    use query_styles::types::{Filter, FilterStatus, ListThingsPoint, ListThingsRange};

    use super::*;

    #[tokio::test]
    async fn every_style_is_serialized_as_openapi_says() {
        let server = server(204).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        let labels = BTreeMap::from([
            ("env".to_owned(), "prod eu".to_owned()),
            ("a&b".to_owned(), "c".to_owned()),
        ]);
        client
            .things()
            .list_things(
                Filter::new()
                    .name("ada lovelace")
                    .status(FilterStatus::Active)
                    .tags(["x", "y|z"]),
            )
            .ids([1, 22, -3])
            .colors(["blue", "black"])
            .point(ListThingsPoint::new().x(1).y(-2))
            .range(ListThingsRange::new().from("a,b").to("z"))
            .labels(labels)
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(
            request.url.query(),
            Some(
                "filter[name]=ada%20lovelace&filter[status]=active&filter[tags]=x&filter[tags]=y%7Cz\
                 &ids=1%2022%20-3\
                 &colors=blue%7Cblack\
                 &x=1&y=-2\
                 &range=from%2Ca%2Cb%2Cto%2Cz\
                 &labels[a%26b]=c&labels[env]=prod%20eu"
            )
        );
    }

    #[tokio::test]
    async fn unset_members_and_parameters_are_left_out() {
        let server = server(204).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        client.things().list_things(Filter::new().name("n")).await.expect("204");
        assert_eq!(received(&server).await.url.query(), Some("filter[name]=n"));
    }
}

mod param_unions_on_the_wire {
    use std::collections::BTreeMap;

    use param_unions::types::{
        Criteria, FindThingsCreated, FindThingsFilter, GetItemsXMode, OrderForm, OrderFormItemsItem, Point, Range,
    };
    use param_unions::{Client, Error};

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).build().expect("builds")
    }

    #[tokio::test]
    async fn query_unions_deep_arrays_arrays_of_objects_and_json_content_are_sent_as_their_styles_say() {
        let server = server(204).await;
        client(&server)
            .search()
            .find_things()
            .filter(FindThingsFilter::String("open now".to_owned()))
            .expand(["customer", "items.data"])
            .created(FindThingsCreated::Range(Range::new().gte(5).lt(9)))
            .points([Point::new(1, 2), Point::new(3, -4)])
            .sort(Criteria::new().limit(10).status("a|b"))
            .r#where(Criteria::new().limit(1).status("x y"))
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/search");
        assert_eq!(
            request.url.query(),
            Some(
                "filter=open%20now\
                 &expand[0]=customer&expand[1]=items.data\
                 &created[gte]=5&created[lt]=9\
                 &points=%7B%22x%22%3A1%2C%22y%22%3A2%7D&points=%7B%22x%22%3A3%2C%22y%22%3A-4%7D\
                 &sort=limit%7C10%7Cstatus%7Ca%7Cb\
                 &where=%7B%22limit%22%3A1%2C%22status%22%3A%22x%20y%22%7D"
            )
        );
    }

    #[tokio::test]
    async fn a_union_is_written_through_its_variant() {
        let server = server(204).await;
        client(&server)
            .search()
            .find_things()
            .filter(FindThingsFilter::Criteria(Criteria::new().limit(2).status("open")))
            .created(FindThingsCreated::I64(7))
            .expand(Vec::<String>::new())
            .await
            .expect("204");
        assert_eq!(
            received(&server).await.url.query(),
            Some("filter=limit%2C2%2Cstatus%2Copen&created=7")
        );
    }

    #[tokio::test]
    async fn path_arrays_and_objects_follow_simple_label_and_matrix_and_headers_and_cookies_carry_objects() {
        let server = server(204).await;
        client(&server)
            .items()
            .get_items([1, 2, 3], ["a b", "c/d"], Point::new(4, -5))
            .x_criteria(Criteria::new().limit(3).status("on"))
            .x_point(Point::new(1, 2))
            .x_mode(GetItemsXMode::StringList(vec!["fast".to_owned(), "safe".to_owned()]))
            .x_where(Point::new(7, 8))
            .prefs(Criteria::new().status("dark; x"))
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/items/1,2,3/tags.a%20b.c%2Fd/at;point=x,4,y,-5");
        assert_eq!(request.url.query(), None);
        assert_eq!(header_values(&request, "x-criteria"), [b"limit,3,status,on".to_vec()]);
        assert_eq!(header_values(&request, "x-point"), [b"x=1,y=2".to_vec()]);
        assert_eq!(header_values(&request, "x-mode"), [b"fast,safe".to_vec()]);
        assert_eq!(header_values(&request, "x-where"), [br#"{"x":7,"y":8}"#.to_vec()]);
        assert_eq!(
            header_values(&request, "cookie"),
            [b"prefs=status,dark%3B%20x".to_vec()]
        );
    }

    #[tokio::test]
    async fn a_header_union_holding_a_scalar_is_that_scalar() {
        let server = server(204).await;
        client(&server)
            .items()
            .get_items([9], ["t"], Point::new(0, 0))
            .x_mode(GetItemsXMode::String("fast, safe".to_owned()))
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/items/9/tags.t/at;point=x,0,y,0");
        assert_eq!(header_values(&request, "x-mode"), [b"fast, safe".to_vec()]);
    }

    #[tokio::test]
    async fn an_empty_path_array_is_refused_before_sending() {
        let server = server(204).await;
        let err = client(&server)
            .items()
            .get_items(Vec::<i64>::new(), ["t"], Point::new(0, 0))
            .await
            .expect_err("an empty segment would address another route");
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
        assert!(err.to_string().contains("ids"), "{err}");
        assert!(requests(&server).await.is_empty());
    }

    #[tokio::test]
    async fn form_fields_with_deep_object_encoding_use_brackets_and_others_keep_their_rules() {
        let server = server(204).await;
        let metadata = BTreeMap::from([
            ("order_id".to_owned(), "6735".to_owned()),
            ("note".to_owned(), "a&b c".to_owned()),
        ]);
        client(&server)
            .orders()
            .create_order(
                OrderForm::new("cus_1")
                    .metadata(metadata)
                    .items([
                        OrderFormItemsItem::new().price("p_1").quantity(2),
                        OrderFormItemsItem::new().price("p_2"),
                    ])
                    .expand(["customer"])
                    .channels(["web", "app"])
                    .shipping(Point::new(1, 2)),
            )
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(
            header(&request, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            String::from_utf8(request.body).expect("UTF-8"),
            "customer=cus_1\
             &metadata[note]=a%26b%20c&metadata[order_id]=6735\
             &items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2\
             &expand[0]=customer\
             &channels=web%7Capp\
             &shipping=%7B%22x%22%3A1%2C%22y%22%3A2%7D"
        );
    }
}

mod security {
    use security_schemes::{Client, Error};

    use super::*;

    fn builder(server: &MockServer) -> security_schemes::ClientBuilder {
        Client::builder().base_url(server.uri())
    }

    /// Everything but the `Accept`, `User-Agent` and `Host` headers, for asserting that nothing else
    /// carries a credential.
    fn credential_headers(request: &wiremock::Request) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| ["authorization", "x-api-key", "cookie"].contains(&name.as_str()))
            .map(|(name, value)| (name.to_string(), value.to_str().expect("ASCII").to_owned()))
            .collect();
        found.sort();
        found
    }

    fn all_credentials(server: &MockServer) -> Client {
        builder(server)
            .basic_auth("Aladdin", "open sesame")
            .api_key_header_key("hk")
            .api_key_query_key("q&k")
            .api_key_cookie_key("c;k")
            .build()
            .expect("builds")
    }

    #[tokio::test]
    async fn basic_auth_is_sent_as_base64_of_user_and_password() {
        let server = server(204).await;
        all_credentials(&server).auth().uses_basic().await.expect("204");
        let request = received(&server).await;
        assert_eq!(
            credential_headers(&request),
            [(
                "authorization".to_owned(),
                "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned()
            )]
        );
    }

    #[tokio::test]
    async fn the_spec_wide_header_key_is_sent_where_the_operation_says_nothing() {
        let server = server(204).await;
        all_credentials(&server).auth().uses_default().await.expect("204");
        let request = received(&server).await;
        assert_eq!(
            credential_headers(&request),
            [("x-api-key".to_owned(), "hk".to_owned())]
        );
        assert_eq!(request.url.query(), None);
    }

    #[tokio::test]
    async fn a_query_key_follows_the_query_parameters_encoded() {
        let server = server(204).await;
        all_credentials(&server)
            .auth()
            .uses_query_key()
            .page(2)
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(request.url.query(), Some("page=2&api_key=q%26k"));
        assert!(credential_headers(&request).is_empty());
        let server = super::server(204).await;
        all_credentials(&server).auth().uses_query_key().await.expect("204");
        assert_eq!(received(&server).await.url.query(), Some("api_key=q%26k"));
    }

    #[tokio::test]
    async fn a_cookie_key_is_sent_in_the_cookie_header_encoded() {
        let server = server(204).await;
        all_credentials(&server).auth().uses_cookie_key().await.expect("204");
        let request = received(&server).await;
        assert_eq!(
            credential_headers(&request),
            [("cookie".to_owned(), "auth_key=c%3Bk".to_owned())]
        );
    }

    #[tokio::test]
    async fn security_none_sends_no_credentials_at_all() {
        let server = server(204).await;
        let client = builder(&server)
            .bearer_token("b")
            .basic_auth("u", "p")
            .api_key_header_key("hk")
            .api_key_query_key("qk")
            .api_key_cookie_key("ck")
            .build()
            .expect("builds");
        client.auth().uses_nothing().await.expect("204");
        let request = received(&server).await;
        assert!(
            credential_headers(&request).is_empty(),
            "{:?}",
            credential_headers(&request)
        );
        assert_eq!(request.url.query(), None);
    }

    #[tokio::test]
    async fn the_first_alternative_the_client_satisfies_is_sent() {
        let server = server(204).await;
        all_credentials(&server).auth().uses_either().await.expect("204");
        let request = received(&server).await;
        assert_eq!(
            credential_headers(&request),
            [
                (
                    "authorization".to_owned(),
                    "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".to_owned()
                ),
                ("x-api-key".to_owned(), "hk".to_owned())
            ]
        );
        let server = super::server(204).await;
        let client = builder(&server)
            .bearer_token("tok")
            .basic_auth("u", "p")
            .build()
            .expect("builds");
        client.auth().uses_either().await.expect("204");
        let request = received(&server).await;
        assert_eq!(
            credential_headers(&request),
            [("authorization".to_owned(), "Bearer tok".to_owned())]
        );
    }

    #[tokio::test]
    async fn optional_security_sends_a_token_only_when_there_is_one() {
        let server = server(204).await;
        builder(&server)
            .build()
            .expect("builds")
            .auth()
            .uses_optional()
            .await
            .expect("204");
        builder(&server)
            .bearer_token("tok")
            .build()
            .expect("builds")
            .auth()
            .uses_optional()
            .await
            .expect("204");
        let requests = requests(&server).await;
        assert_eq!(requests.len(), 2);
        assert!(credential_headers(&requests[0]).is_empty());
        assert_eq!(
            credential_headers(&requests[1]),
            [("authorization".to_owned(), "Bearer tok".to_owned())]
        );
    }

    #[tokio::test]
    async fn missing_credentials_fail_the_call_before_sending() {
        let server = server(204).await;
        let client = builder(&server).api_key_query_key("qk").build().expect("builds");
        let err = client.auth().uses_basic().await.unwrap_err();
        let Error::MissingCredentials(missing) = &err else {
            panic!("{err:?}")
        };
        assert_eq!(missing.operation(), "usesBasic");
        assert!(err.is_not_sent());
        assert_eq!(
            err.to_string(),
            "the operation usesBasic needs credentials the client was not given: basic auth"
        );
        let err = client.auth().uses_either().await.unwrap_err();
        assert_eq!(
            err.to_string(),
            "the operation usesEither needs credentials the client was not given: a bearer token or basic \
             auth and the API key headerKey"
        );
        assert!(requests(&server).await.is_empty(), "nothing was sent");
    }

    #[test]
    fn invalid_credentials_are_refused_at_build_without_echoing_them() {
        let cases = [
            Client::builder().basic_auth("a:b", "pw").build(),
            Client::builder().basic_auth("a", "s3cr3t\r\n").build(),
            Client::builder().api_key_header_key("s3cr3t\nX-Evil: 1").build(),
            Client::builder().api_key_query_key("").build(),
        ];
        for result in cases {
            let err = result.unwrap_err();
            assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
            let text = format!("{err} {err:?}");
            assert!(!text.contains("s3cr3t") && !text.contains("X-Evil"), "{text}");
        }
    }

    #[test]
    fn debug_redacts_every_credential() {
        let builder = Client::builder()
            .bearer_token("b-s3cr3t")
            .basic_auth("user", "p-s3cr3t")
            .api_key_header_key("h-s3cr3t")
            .api_key_query_key("q-s3cr3t");
        let builder_text = format!("{builder:?}");
        let client = builder.build().expect("builds");
        for text in [builder_text, format!("{client:?}"), format!("{client:#?}")] {
            assert!(!text.contains("s3cr3t"), "{text}");
            assert!(!text.contains("dXNlcjpwLXMzY3IzdA"), "{text}");
            assert!(text.contains("*** redacted ***"), "{text}");
            assert!(text.contains("headerKey") && text.contains("queryKey"), "{text}");
        }
    }
}

mod multipart {
    use multipart_body::types::Meta;
    use multipart_body::{Client, File};

    use super::*;

    /// The boundary of a `multipart/form-data` request, from its `Content-Type`.
    fn boundary(request: &wiremock::Request) -> String {
        let content_type = header(request, "content-type").expect("a content type");
        content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{content_type}"))
            .to_owned()
    }

    #[tokio::test]
    async fn every_kind_of_part_is_sent_with_its_headers_and_crlf_framing() {
        let server = server(201).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        client
            .documents()
            .upload_document(
                "inbox",
                File::new("report \"q3\".pdf", b"%PDF-1.7\r\n\x00\xff".to_vec()),
                "Q3 report",
            )
            .pages(12)
            .tags(["finance", "2024"])
            .meta(Meta::new().author("Ada").year(1843))
            .preview(File::new("p.png", b"PNG".to_vec()))
            .notes("*draft*")
            .attachments([
                File::new("a.jpg", b"JPG".to_vec()).content_type("image/jpeg"),
                File::new("b.bin", b"BIN".to_vec()),
            ])
            .await
            .expect("201");
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/documents/inbox");
        let b = boundary(&request);
        assert!(b.len() >= 20, "{b}");
        let mut expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"report %22q3%22.pdf\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        expected.extend_from_slice(b"%PDF-1.7\r\n\x00\xff");
        expected.extend_from_slice(
            format!(
                "\r\n--{b}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nQ3 report\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"pages\"\r\n\r\n12\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nfinance\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n2024\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n\
                 {{\"author\":\"Ada\",\"year\":1843}}\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"preview\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"notes\"\r\nContent-Type: text/markdown\r\n\r\n*draft*\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPG\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"b.bin\"\r\nContent-Type: application/octet-stream\r\n\r\nBIN\r\n\
                 --{b}--\r\n"
            )
            .as_bytes(),
        );
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            String::from_utf8_lossy(&expected)
        );
        assert_eq!(request.body, expected);
        assert_eq!(
            header(&request, "content-length").map(str::to_owned),
            Some(expected.len().to_string())
        );
    }

    #[tokio::test]
    async fn a_file_holding_a_would_be_boundary_does_not_end_its_part() {
        let server = server(204).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        // The first request's boundary, sent as the contents of the second request's file.
        client
            .documents()
            .set_avatar_multipart(File::new("a", b"x".to_vec()))
            .await
            .expect("204");
        let first = boundary(&received(&server).await);
        let server = super::server(204).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        let contents = format!("--{first}\r\n--{first}--\r\n");
        client
            .documents()
            .set_avatar_multipart(File::new("a", contents.clone().into_bytes()))
            .await
            .expect("204");
        let request = received(&server).await;
        let b = boundary(&request);
        let body = String::from_utf8(request.body.clone()).expect("UTF-8");
        assert!(!contents.contains(&b));
        assert_eq!(body.matches(&format!("--{b}")).count(), 2, "{body}");
        assert!(body.contains(&contents), "{body}");
    }

    #[tokio::test]
    async fn the_json_method_beside_the_multipart_one_sends_json() {
        let server = server(204).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        client
            .documents()
            .set_avatar(multipart_body::types::SetAvatarRequest::new().url("https://x/y.png"))
            .await
            .expect("204");
        let request = received(&server).await;
        assert_eq!(header(&request, "content-type"), Some("application/json"));
        assert_eq!(request.body, br#"{"url":"https://x/y.png"}"#);
    }

    #[test]
    fn debug_of_a_call_shows_file_names_not_contents() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("builds");
        let call = client
            .documents()
            .set_avatar_multipart(File::new("me.png", b"s3cr3t pixels".to_vec()));
        let text = format!("{call:?}");
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(text.contains("me.png"), "{text}");
    }
}

mod models_on_the_wire {
    use models::types::{Contact, Email, Record};
    use models::{Client, Error};

    use super::*;

    /// A server that answers every request with 200 and this JSON body.
    async fn answering(body: &str) -> MockServer {
        super::answering(200, "application/json", body.as_bytes()).await
    }

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).build().expect("builds")
    }

    #[tokio::test]
    async fn a_request_body_has_required_then_set_then_extra_members() {
        let server = answering(r#"{"id":1,"label":null}"#).await;
        let mut record = Record::new(7, "l")
            .note("n")
            .contact(Contact::Email(Email::new("a@example.com")));
        record.label = None;
        record
            .additional_properties
            .insert("z-extra".to_owned(), "2".to_owned());
        record
            .additional_properties
            .insert("a-extra".to_owned(), "1".to_owned());
        client(&server).records().put_record(record).await.expect("200");
        let request = received(&server).await;
        assert_eq!(
            String::from_utf8_lossy(&request.body),
            r#"{"id":7,"label":null,"note":"n","contact":{"address":"a@example.com"},"a-extra":"1","z-extra":"2"}"#
        );
        let server = answering(r#"{"id":1,"label":null}"#).await;
        let record = Record::new(8, "l").contact(Contact::StringList(vec!["x".to_owned()]));
        client(&server).records().put_record(record).await.expect("200");
        assert_eq!(
            String::from_utf8_lossy(&received(&server).await.body),
            r#"{"id":8,"label":"l","contact":["x"]}"#
        );
    }

    #[tokio::test]
    async fn a_response_keeps_undeclared_members_and_picks_the_first_union_variant_that_fits() {
        let body = r#"{"x":"1","contact":["a","b"],"label":"l","id":3,"note":null}"#;
        let record = client(&answering(body).await)
            .records()
            .put_record(Record::new(1, "l"))
            .await
            .expect("decodes");
        assert_eq!((record.id, record.label.as_deref(), record.note), (3, Some("l"), None));
        assert_eq!(
            record.contact,
            Some(Contact::StringList(vec!["a".to_owned(), "b".to_owned()]))
        );
        assert_eq!(record.additional_properties.get("x").map(String::as_str), Some("1"));
        assert_eq!(record.additional_properties.len(), 1);

        let decode = |contact: &str| {
            let body = format!(r#"{{"id":1,"contact":{contact}}}"#);
            async move {
                client(&answering(&body).await)
                    .records()
                    .put_record(Record::new(1, "l"))
                    .await
                    .expect("decodes")
                    .contact
            }
        };
        assert_eq!(decode(r#""s""#).await, Some(Contact::String("s".to_owned())));
        assert_eq!(
            decode(r#"{"address":"a@example.com","more":1}"#).await,
            Some(Contact::Email(Email::new("a@example.com")))
        );
        // An object without the Email's required member is no variant: it is kept as it came.
        assert_eq!(
            decode(r#"{"phone":"1"}"#).await,
            Some(Contact::Unknown(serde_json::json!({"phone": "1"})))
        );
    }

    #[tokio::test]
    async fn a_response_without_a_required_member_is_a_decode_error_that_names_it() {
        let body = r#"{"label":"l"}"#;
        let err = client(&answering(body).await)
            .records()
            .put_record(Record::new(1, "l"))
            .await
            .unwrap_err();
        let Error::Decode(decode) = &err else { panic!("{err:?}") };
        assert!(decode.to_string().contains("no field `id`"), "{decode}");
        assert_eq!(decode.raw_body(), body.as_bytes());
        // The nullable required member may be absent, as with serde's derive.
        let record = client(&answering(r#"{"id":2}"#).await)
            .records()
            .put_record(Record::new(1, "l"))
            .await
            .expect("decodes");
        assert_eq!((record.id, record.label), (2, None));
    }
}

mod success_statuses_on_the_wire {
    use success_statuses::types::Item;
    use success_statuses::{ApiErrorKind, Client, Error};

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).build().expect("builds")
    }

    #[tokio::test]
    async fn every_documented_success_status_decodes_and_204_is_none() {
        for status in [200, 201] {
            let server = answering(status, "application/json", br#"{"id":"i1","name":"n"}"#).await;
            let item = client(&server)
                .items()
                .upsert_item(Item::new("i1"))
                .await
                .unwrap_or_else(|e| panic!("{status}: {e:?}"));
            assert_eq!(item.map(|i| i.id), Some("i1".to_owned()), "{status}");
            let request = received(&server).await;
            assert_eq!(header(&request, "accept"), Some("application/json"));
        }
        let server = answering(204, "application/json", b"").await;
        let item = client(&server).items().upsert_item(Item::new("i1")).await.expect("204");
        assert!(item.is_none());
    }

    #[tokio::test]
    async fn a_success_status_with_another_body_is_unexpected_with_its_raw_body() {
        let server = answering(202, "application/json", br#"{"jobId":"j"}"#).await;
        let err = client(&server).items().upsert_item(Item::new("i1")).await.unwrap_err();
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.status().as_u16(), 202);
        assert!(matches!(api.kind(), ApiErrorKind::Unexpected), "{err:?}");
        assert_eq!(api.raw_body(), br#"{"jobId":"j"}"#);
    }

    #[tokio::test]
    async fn accept_names_the_media_types_of_the_success_responses() {
        let server = answering(203, "application/pdf", b"%PDF").await;
        let bytes = client(&server).items().item_report("r1").await.expect("203");
        assert_eq!(bytes, b"%PDF");
        assert_eq!(header(&received(&server).await, "accept"), Some("application/pdf"));
        let server = answering(200, "text/markdown", "# Notes é".as_bytes()).await;
        let notes = client(&server).items().item_notes("r1").await.expect("200");
        assert_eq!(notes, "# Notes é");
        assert_eq!(
            header(&received(&server).await, "accept"),
            Some("text/markdown, text/plain")
        );
    }
}

mod redirects_and_no_success_on_the_wire {
    use std::time::Duration;

    use redirects_and_no_success::types::{Login, Moved};
    use redirects_and_no_success::{ApiErrorKind, Client, Error, RetryPolicy};
    use wiremock::matchers::path;

    use super::*;

    fn client(server: &MockServer) -> Client {
        Client::builder().base_url(server.uri()).build().expect("builds")
    }

    /// A policy that retries the redirect statuses, for POSTs too: the SDK must still take a redirect
    /// as the server's answer.
    fn retrying_redirects() -> RetryPolicy {
        RetryPolicy::exponential()
            .max_attempts(3)
            .initial_interval(Duration::from_millis(1))
            .statuses([303, 304, 307])
            .retry_non_idempotent(true)
    }

    #[tokio::test]
    async fn not_modified_is_an_api_error_with_its_headers_and_is_not_retried() {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(304).insert_header("etag", "\"v1\""))
            .mount(&server)
            .await;
        let err = client(&server)
            .items()
            .get_item("i1")
            .if_none_match("\"v1\"")
            .retry(retrying_redirects())
            .await
            .unwrap_err();
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.status().as_u16(), 304);
        assert_eq!(api.kind(), &ApiErrorKind::NotModified);
        assert_eq!(api.headers()["etag"], "\"v1\"");
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[tokio::test]
    async fn see_other_keeps_its_location_and_is_neither_followed_nor_retried() {
        let server = MockServer::start().await;
        let location = format!("{}/welcome", server.uri());
        Mock::given(path("/logins"))
            .respond_with(ResponseTemplate::new(303).insert_header("location", location.as_str()))
            .mount(&server)
            .await;
        Mock::given(path("/welcome"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(br#"{"id":"i1"}"#.to_vec(), "application/json"))
            .mount(&server)
            .await;
        let err = client(&server)
            .items()
            .submit_login(Login::new("u"))
            .retry(retrying_redirects())
            .await
            .unwrap_err();
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.status().as_u16(), 303);
        assert_eq!(api.kind(), &ApiErrorKind::SeeOther);
        assert_eq!(api.headers()["location"], location.as_str());
        let paths: Vec<String> = requests(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(paths, ["/logins"]);
    }

    #[tokio::test]
    async fn a_3xx_range_takes_the_redirects_without_a_variant_of_their_own_with_their_body() {
        let server = answering(307, "application/json", br#"{"to":"/v2/legacy/i1"}"#).await;
        let err = client(&server)
            .items()
            .get_legacy_item("i1")
            .retry(retrying_redirects())
            .await
            .unwrap_err();
        let Error::Api(api) = &err else { panic!("{err:?}") };
        assert_eq!(api.kind(), &ApiErrorKind::Redirection(Moved::new().to("/v2/legacy/i1")));
        assert_eq!(requests(&server).await.len(), 1);
    }

    #[tokio::test]
    async fn without_a_documented_success_the_method_returns_the_body_bytes() {
        for status in [200, 202, 204] {
            let body: &[u8] = if status == 204 { b"" } else { b"\x00ok" };
            let server = answering(status, "application/octet-stream", body).await;
            let bytes = client(&server)
                .items()
                .end_session("s1")
                .await
                .unwrap_or_else(|e| panic!("{status}: {e:?}"));
            assert_eq!(bytes, body, "{status}");
            assert_eq!(header(&received(&server).await, "accept"), Some("*/*"));
        }
        let server = answering(200, "text/plain", b"pong").await;
        assert_eq!(client(&server).items().ping().await.expect("200"), b"pong");
        // The documented errors are still typed.
        let server = answering(404, "application/json", br#"{"title":"gone"}"#).await;
        let err = client(&server).items().end_session("s1").await.unwrap_err();
        assert!(
            matches!(err.as_api_error().map(|e| e.kind()), Some(ApiErrorKind::NotFound(p)) if p.title.as_deref() == Some("gone")),
            "{err:?}"
        );
    }
}

mod servers_on_the_wire {
    use servers::{Client, ClientBuilder, Error, Server};

    use super::*;

    /// A client whose every request goes through `proxy`, which then receives the full URL the SDK
    /// chose (`GET http://host/path`): what each call's base URL was, whatever the host.
    fn through(proxy: &MockServer) -> ClientBuilder {
        // This client only talks plain HTTP on loopback; rustls 0.23.48 deprecates the ring provider
        // (no post-quantum key exchange), which does not matter here.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = servers::reqwest::Client::builder()
            .proxy(servers::reqwest::Proxy::http(proxy.uri()).expect("proxy URL"))
            .build()
            .expect("HTTP client");
        Client::builder().http_client(http)
    }

    /// The full URLs the server received, in order.
    async fn urls(server: &MockServer) -> Vec<String> {
        requests(server).await.iter().map(|r| r.url.to_string()).collect()
    }

    #[tokio::test]
    async fn server_variables_fill_the_chosen_server_and_own_servers_keep_their_operations() {
        let proxy = server(204).await;
        let client = through(&proxy)
            .server(Server::Sandbox)
            .server_variable("environment", "qa-2")
            .server_variable("version", "v2")
            .build()
            .expect("builds");
        assert_eq!(client.base_url(), "http://qa-2.sandbox.example.com/v2");
        let items = client.catalog();
        let _ = items.list_items().await;
        items.create_upload("bytes").await.expect("204");
        items.get_report().await.expect("204");
        items.health().await.expect("204");
        items.legacy().await.expect("204");
        assert_eq!(
            urls(&proxy).await,
            [
                "http://qa-2.sandbox.example.com/v2/items",
                // The path's own server (its first), the client's server and variables notwithstanding.
                "http://uploads.example.com/v2/uploads",
                // The operation's own server, its variable at its default.
                "http://reports.example.com/2024/reports",
                // Servers that repeat the spec's, and a relative one: the client's server.
                "http://qa-2.sandbox.example.com/v2/health",
                "http://qa-2.sandbox.example.com/v2/legacy",
            ]
        );
    }

    #[tokio::test]
    async fn the_spec_defaults_fill_the_variables_unless_set() {
        let proxy = server(204).await;
        let client = through(&proxy).server(Server::Sandbox).build().expect("builds");
        client.catalog().health().await.expect("204");
        assert_eq!(urls(&proxy).await, ["http://staging.sandbox.example.com/v1/health"]);
        let client = Client::builder()
            .server_variable("region", "eu")
            .build()
            .expect("builds");
        assert_eq!(client.base_url(), "https://eu.api.example.com/v1");
        assert_eq!(Server::Api.url(), "https://us.api.example.com/v1");
        assert_eq!(Server::Api.url_template(), "https://{region}.api.example.com/{version}");
        let region = &Server::Api.variables()[0];
        assert_eq!(
            (region.name, region.default, region.allowed),
            ("region", "us", &["us", "eu"][..])
        );
    }

    #[tokio::test]
    async fn a_base_url_on_the_client_replaces_every_server_and_one_on_the_call_wins() {
        let server = server(204).await;
        let client = Client::builder()
            .server_variable("region", "eu")
            .base_url(format!("{}/mock", server.uri()))
            .build()
            .expect("builds");
        let items = client.catalog();
        items.create_upload("bytes").await.expect("204");
        items.get_report().await.expect("204");
        items.health().await.expect("204");
        let other = super::server(204).await;
        items
            .get_report()
            .base_url(format!("{}/call", other.uri()))
            .await
            .expect("204");
        let paths: Vec<String> = requests(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(paths, ["/mock/uploads", "/mock/reports", "/mock/health"]);
        assert_eq!(received(&other).await.url.path(), "/call/reports");
        // The call's base URL also wins over an operation's own server on a client without one.
        let proxy = super::server(204).await;
        let client = through(&proxy).build().expect("builds");
        client
            .catalog()
            .create_upload("bytes")
            .base_url("http://elsewhere.example.com/x")
            .await
            .expect("204");
        assert_eq!(urls(&proxy).await, ["http://elsewhere.example.com/x/uploads"]);
    }

    #[tokio::test]
    async fn a_wrong_server_variable_is_invalid_input_from_build_and_nothing_is_sent() {
        let builds = |builder: ClientBuilder| builder.build().map(|_| ()).unwrap_err();
        let cases: [(&str, &str, Option<Server>); 6] = [
            ("zone", "a", None),
            ("region", "asia", None),
            ("version", "v1/admin", None),
            ("version", "v1?debug=1", None),
            ("environment", "qa@evil.example.com", Some(Server::Sandbox)),
            ("environment", "qa", None),
        ];
        for (name, value, server) in cases {
            let builder = Client::builder();
            let builder = match server {
                Some(server) => builder.server(server),
                None => builder,
            };
            let err = builds(builder.server_variable(name, value));
            assert!(matches!(err, Error::InvalidInput(_)), "{name}={value}: {err:?}");
            assert!(err.is_not_sent());
        }
        // Checked when a base URL replaces the server too.
        let err = builds(
            Client::builder()
                .base_url("http://127.0.0.1:9")
                .server_variable("region", "asia"),
        );
        assert!(err.to_string().contains("one of: us, eu"), "{err}");
    }
}

mod openapi31 {
    use openapi31_content_webhooks::types::AvatarChangedWebhook;
    use openapi31_content_webhooks::{Client, File};

    use super::*;

    #[tokio::test]
    async fn a_part_with_a_content_media_type_is_a_file_sent_with_that_type() {
        let server = answering(200, "application/json", br#"{"id":"a1","data":"UE5H"}"#).await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        let avatar = client
            .api()
            .upload_avatar(File::new("me.png", b"PNG".to_vec()))
            .caption("me")
            .await
            .expect("200");
        assert_eq!(avatar.id.as_deref(), Some("a1"));
        assert_eq!(avatar.data.as_deref(), Some("UE5H"));
        let request = received(&server).await;
        assert_eq!(request.url.path(), "/avatars");
        let content_type = header(&request, "content-type").expect("a content type");
        let b = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap_or_else(|| panic!("{content_type}"));
        let expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\nPNG\r\n\
             --{b}\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\nme\r\n\
             --{b}--\r\n"
        );
        assert_eq!(String::from_utf8_lossy(&request.body), expected);
    }

    #[tokio::test]
    async fn a_file_s_own_media_type_wins_over_the_content_media_type() {
        let server = answering(200, "application/json", b"{}").await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        client
            .api()
            .upload_avatar(File::new("me.webp", b"RIFF".to_vec()).content_type("image/webp"))
            .await
            .expect("200");
        let body = String::from_utf8(received(&server).await.body).expect("text");
        assert!(
            body.contains("filename=\"me.webp\"\r\nContent-Type: image/webp\r\n"),
            "{body}"
        );
        assert!(!body.contains("image/png"), "{body}");
    }

    #[tokio::test]
    async fn a_path_item_from_components_and_an_operation_without_responses_are_called() {
        let server = answering(200, "text/plain", b"pong").await;
        let client = Client::builder().base_url(server.uri()).build().expect("builds");
        let body = client.api().ping().await.expect("200");
        assert_eq!(body, b"pong".to_vec());
        let request = received(&server).await;
        assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/ping"));
    }

    #[test]
    fn a_webhook_payload_decodes_from_what_the_api_sends() {
        let payload: AvatarChangedWebhook =
            serde_json::from_slice(br#"{"user":"u1","thumbnail":"aGk="}"#).expect("decodes");
        assert_eq!(payload.user, "u1");
        assert_eq!(payload.thumbnail.as_deref(), Some("aGk="));
        assert!(serde_json::from_slice::<AvatarChangedWebhook>(br#"{"thumbnail":"aGk="}"#).is_err());
    }
}
