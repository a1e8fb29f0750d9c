//! The programs in `generated-sdk/examples/` run against a local server, configured only through the
//! environment, as their docs say.

use crate::scratch::{cargo_in, run_alone, workspace_root, write_workspace};

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn the_tokens_example_calls_every_method_against_a_local_server() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(b"{}".to_vec(), "application/json"))
        .mount(&server)
        .await;
    let uri = server.uri();
    let output = tokio::task::spawn_blocking(move || {
        // A copy of the SDK in a scratch workspace, not the SDK in this one: the target directory of
        // the running `cargo test` is locked, and in the shared one this workspace's profile (which
        // optimizes syn and others for the generator) would build every dependency of the SDK once
        // more. The scratch workspace builds them as the fixture crates' doc tests do.
        // The SDK is generated there as `cargo xtask generate` makes `generated-sdk/`, which the
        // freshness test holds equal to it.
        let root = workspace_root();
        let dir = root.join("target/example-programs");
        let _ = std::fs::remove_dir_all(&dir);
        let project = sdkgen::Project::load(&root.join("openapi/sdkgen.yaml")).expect("openapi/sdkgen.yaml loads");
        let generated = project.generate().unwrap_or_else(|d| panic!("{d}"));
        sdkgen::output::sync(&dir.join("authlete-tokens"), &generated.files, false).expect("the SDK is written");
        write_workspace(&dir, &["authlete-tokens".to_owned()]);
        let mut command = cargo_in(&dir);
        command
            .args([
                "run",
                "--quiet",
                "--offline",
                "-p",
                "authlete-tokens",
                "--example",
                "tokens",
            ])
            .env("AUTHLETE_BASE_URL", uri)
            .env("AUTHLETE_BEARER", "example-token");
        run_alone(&mut command)
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
