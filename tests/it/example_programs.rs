//! The programs in `generated-sdk/examples/` run against a local server, configured only through the
//! environment, as their docs say.

use std::path::Path;

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
        let dir = workspace_root().join("target/example-programs");
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&workspace_root().join("generated-sdk"), &dir.join("authlete-tokens"));
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

/// Copies the directory `from` to `to`, which is made.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("directory is made");
    for entry in std::fs::read_dir(from).expect("directory is readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("entry name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("file is copied");
        }
    }
}
