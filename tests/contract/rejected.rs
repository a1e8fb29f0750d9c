//! Requests Prism must reject: they show that the oracle really validates, JSON and form bodies alike, so
//! that the passing tests in `examples.rs` mean something. Prism answers a rejected request with the
//! spec's 400 response and names each problem in `sl-violations`.

use authlete_tokens::types::{GrantType, TokenFailRequestReason};
use authlete_tokens::{ApiErrorKind, Error};

use crate::prism::{SERVICE_ID, TOKEN, Violation, client, describe, error_violations, send_raw, static_url};
use crate::requests::{create_form_request, create_request, fail_request, issue_form_request};

/// Asserts `result` is Prism's 400 for a request that breaks the spec at `request.body.{field}` with the
/// JSON Schema keyword `code`; returns the violations.
fn assert_rejected<T: std::fmt::Debug>(
    what: &str,
    result: Result<T, Error>,
    field: &str,
    code: &str,
) -> Vec<Violation> {
    let err = match result {
        Err(Error::Api(err)) => err,
        other => panic!("{what}: Prism accepted a request that breaks the spec: {other:?}"),
    };
    assert_eq!(err.status().as_u16(), 400, "{what}");
    assert!(
        matches!(err.kind(), ApiErrorKind::BadRequest(body) if body.result_code.as_deref() == Some("A001201")),
        "{what}: the spec's 400 example decodes into BadRequest: {:?}",
        err.kind()
    );
    let header = err.headers().get("sl-violations").expect("Prism names the violation");
    assert!(
        header.to_str().unwrap().contains(field),
        "{what}: sl-violations names {field}: {header:?}"
    );
    let violations = error_violations(&err);
    assert_violation(what, &violations, &["request", "body", field], code);
    violations
}

fn assert_violation(what: &str, violations: &[Violation], location: &[&str], code: &str) {
    println!("{what}:{}", describe(violations));
    assert!(
        violations
            .iter()
            .any(|v| v.location == location && v.code == code && v.severity == "Error"),
        "{what}: expected a `{code}` error at {location:?}, got:{}",
        describe(violations)
    );
}

/// An enum value the spec does not allow, smuggled through the open enum, in JSON and in a form.
#[tokio::test]
async fn bad_enum_is_rejected_by_prism() {
    let client = client(&static_url());
    let mut request = fail_request();
    request.reason = TokenFailRequestReason::from("BOGUS");
    let fail = client.tokens().fail(SERVICE_ID, request.clone()).await;
    assert_rejected("fail with reason BOGUS", fail, "reason", "enum");
    let fail_form = client.tokens().fail_form(SERVICE_ID, request).await;
    assert_rejected("fail_form with reason BOGUS", fail_form, "reason", "enum");
}

#[tokio::test]
async fn bad_grant_type_is_rejected_by_prism() {
    let client = client(&static_url());
    let mut request = create_form_request();
    request.grant_type = GrantType::from("BOGUS");
    let create = client.tokens().create(SERVICE_ID, request.clone()).await;
    assert_rejected("create with grantType BOGUS", create, "grantType", "enum");
    let create_form = client.tokens().create_form(SERVICE_ID, request).await;
    assert_rejected("create_form with grantType BOGUS", create_form, "grantType", "enum");
}

/// A raw request that breaks the spec, and where Prism must say so.
struct Broken {
    what: &'static str,
    operation: &'static str,
    content_type: &'static str,
    body: &'static str,
    location: &'static [&'static str],
    code: &'static str,
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// Wrong types and a missing required field, in JSON and in forms. The SDK's types cannot express them,
/// so they go raw; they show that Prism checks form fields too (it converts their text before checking).
const BROKEN: [Broken; 5] = [
    Broken {
        what: "a number for a string",
        operation: "fail",
        content_type: JSON,
        body: r#"{"ticket":123,"reason":"UNKNOWN"}"#,
        location: &["request", "body", "ticket"],
        code: "type",
    },
    Broken {
        what: "a required field left out",
        operation: "fail",
        content_type: FORM,
        body: "ticket=t",
        location: &["request", "body"],
        code: "required",
    },
    Broken {
        what: "text for an int64",
        operation: "create",
        content_type: FORM,
        body: "grantType=AUTHORIZATION_CODE&clientId=abc",
        location: &["request", "body", "clientId"],
        code: "type",
    },
    Broken {
        what: "text for a boolean",
        operation: "create",
        content_type: FORM,
        body: "grantType=AUTHORIZATION_CODE&accessTokenPersistent=maybe",
        location: &["request", "body", "accessTokenPersistent"],
        code: "type",
    },
    Broken {
        what: "a fraction for an integer",
        operation: "create",
        content_type: FORM,
        body: "grantType=AUTHORIZATION_CODE&accessTokenDuration=1.5",
        location: &["request", "body", "accessTokenDuration"],
        code: "type",
    },
];

#[test]
fn wrong_types_are_rejected_by_prism() {
    let url = static_url();
    let bearer = format!("Bearer {TOKEN}");
    for case in BROKEN {
        let path = format!("/api/{SERVICE_ID}/auth/token/{}", case.operation);
        let headers = [("Authorization", bearer.as_str()), ("Content-Type", case.content_type)];
        let response = send_raw(&url, "POST", &path, &headers, Some(case.body.as_bytes())).expect("Prism answers");
        let what = format!("{} ({} {})", case.what, case.content_type, case.body);
        assert_eq!(response.status, 400, "{what}");
        assert_violation(&what, &response.violations(), case.location, case.code);
    }
    let query = format!("/api/{SERVICE_ID}/auth/token/get/list?start=abc");
    let response = send_raw(&url, "GET", &query, &[("Authorization", &bearer)], None).expect("Prism answers");
    assert_eq!(response.status, 400);
    let location = ["request", "query", "start"];
    assert_violation(
        "text for an int32 query parameter",
        &response.violations(),
        &location,
        "type",
    );
}

/// Known limit, pinned: Prism checks no array or object in a form body. It reads a form as a flat map of
/// strings, so the SDK's encoding (OpenAPI's default for forms: style form, explode, one `scopes=` pair per
/// item) and every other one fail with "must be array", while bracket keys (`scopes[0]=`) are dropped
/// unchecked. That is why the form tests send scalars only. If this test starts failing, Prism (or an
/// `encoding` object in the spec) has changed and the form tests can carry arrays again.
#[tokio::test]
async fn form_arrays_are_beyond_prism() {
    let client = client(&static_url());
    let scopes = create_form_request().scopes(["history.read", "timeline.read"]);
    let create_form = client.tokens().create_form(SERVICE_ID, scopes).await;
    let violations = assert_rejected("create_form with scopes", create_form, "scopes", "type");
    assert!(
        violations.iter().any(|v| v.message.ends_with("scopes must be array")),
        "{violations:?}"
    );
    let properties = create_request().properties.expect("create_request has properties");
    let issue_form = client
        .tokens()
        .issue_form(SERVICE_ID, issue_form_request().properties(properties))
        .await;
    let violations = assert_rejected("issue_form with properties", issue_form, "properties", "type");
    assert!(
        violations
            .iter()
            .any(|v| v.message.ends_with("properties must be array")),
        "{violations:?}"
    );
}
