//! Every error status the spec documents (400, 401, 403, 500), forced with `Prefer: code=…` on a valid
//! request of each of the seven methods: it decodes into its `ApiErrorKind` variant with the spec's example
//! body, and Prism reports no violation (the error is the one asked for, not a rejection).

use authlete_tokens::types::ResultBody;
use authlete_tokens::{ApiErrorKind, Error};

use crate::prism::{SERVICE_ID, client, describe, error_violations, static_url};
use crate::requests::{create_form_request, create_request, fail_request, issue_form_request, issue_request};

/// The body of `#/components/responses/{status}` in the spec.
fn example(status: u16) -> ResultBody {
    let (code, message) = match status {
        400 => ("A001201", "[A001201] /auth/authorization, TLS must be used."),
        401 => (
            "A001202",
            "[A001202] /auth/authorization, Authorization header is missing.",
        ),
        403 => (
            "A001215",
            "[A001215] /auth/authorization, The client (ID = 26837717140341) is locked.",
        ),
        500 => ("A001101", "[A001101] /auth/authorization, Authlete Server error."),
        _ => unreachable!("the spec documents no {status}"),
    };
    ResultBody::new().result_code(code).result_message(message)
}

/// The typed body when `kind` is the variant the spec's `status` maps to.
fn body_of(status: u16, kind: &ApiErrorKind) -> Option<&ResultBody> {
    match (status, kind) {
        (400, ApiErrorKind::BadRequest(body))
        | (401, ApiErrorKind::Unauthorized(body))
        | (403, ApiErrorKind::Forbidden(body))
        | (500, ApiErrorKind::InternalServerError(body)) => Some(body),
        _ => None,
    }
}

fn assert_typed_error<T: std::fmt::Debug>(method: &str, status: u16, result: Result<T, Error>) {
    let err = match result {
        Err(Error::Api(err)) => err,
        other => panic!("{method} with Prefer: code={status}: expected Error::Api, got {other:?}"),
    };
    assert_eq!(err.status().as_u16(), status, "{method}");
    let violations = error_violations(&err);
    assert!(
        violations.is_empty(),
        "{method}: Prism rejected the request:{}",
        describe(&violations)
    );
    let body =
        body_of(status, err.kind()).unwrap_or_else(|| panic!("{method}: status {status} decoded as {:?}", err.kind()));
    assert_eq!(body, &example(status), "{method}");
}

async fn every_method_decodes_forced(status: u16) {
    let client = client(&static_url());
    let tokens = client.tokens();
    let prefer = format!("code={status}");
    // The seven calls have seven types; a macro spares writing the same three steps seven times.
    macro_rules! check {
        ($method:literal, $call:expr) => {
            assert_typed_error($method, status, $call.header("Prefer", prefer.as_str()).await)
        };
    }
    check!("fail", tokens.fail(SERVICE_ID, fail_request()));
    check!("fail_form", tokens.fail_form(SERVICE_ID, fail_request()));
    check!("issue", tokens.issue(SERVICE_ID, issue_request()));
    check!("issue_form", tokens.issue_form(SERVICE_ID, issue_form_request()));
    check!("list", tokens.list(SERVICE_ID).subject("john"));
    check!("create", tokens.create(SERVICE_ID, create_request()));
    check!("create_form", tokens.create_form(SERVICE_ID, create_form_request()));
}

#[tokio::test]
async fn forced_400_decodes_into_bad_request_on_every_method() {
    every_method_decodes_forced(400).await;
}

#[tokio::test]
async fn forced_401_decodes_into_unauthorized_on_every_method() {
    every_method_decodes_forced(401).await;
}

#[tokio::test]
async fn forced_403_decodes_into_forbidden_on_every_method() {
    every_method_decodes_forced(403).await;
}

#[tokio::test]
async fn forced_500_decodes_into_internal_server_error_on_every_method() {
    every_method_decodes_forced(500).await;
}
