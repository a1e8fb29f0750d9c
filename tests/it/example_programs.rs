//! The programs in `generated-sdk/examples/` run against a local server, configured only through the
//! environment, as their docs say.

use std::path::Path;
use std::process::Command;

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_tokens_example_calls_every_method_against_a_local_server() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"{}".to_vec(), "application/json"))
        .mount(&server)
        .await;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(cargo)
            .args([
                "run",
                "--quiet",
                "--offline",
                "-p",
                "authlete-tokens",
                "--example",
                "tokens",
            ])
            .current_dir(&root)
            // The target directory of the running `cargo test` is locked; the fixture crates' is not.
            .env("CARGO_TARGET_DIR", root.join("target/fixture-check"))
            .env("AUTHLETE_BASE_URL", uri)
            .env("AUTHLETE_BEARER", "example-token")
            .output()
            .expect("cargo runs")
    })
    .await
    .expect("the example ran");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for method in [
        "fail",
        "fail_form",
        "issue",
        "issue_form",
        "list",
        "create",
        "create_form",
    ] {
        assert!(
            stdout.lines().any(|l| l.starts_with(&format!("{method}: "))),
            "{method} missing:\n{stdout}"
        );
    }
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 7);
    assert!(
        received
            .iter()
            .all(|r| r.headers["authorization"] == "Bearer example-token")
    );
}
