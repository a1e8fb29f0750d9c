//! The `sdkgen` command on good and bad input: exit codes, the messages people read, and what it
//! writes (or does not).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// A directory of its own for one test, emptied first.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory is made");
    dir
}

fn sdkgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("sdkgen runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Exit 1 with an error (`error: …`, or a diagnostic `error[category]: …`), a message that contains
/// every one of `expected`, and no panic.
fn assert_fails(output: &Output, expected: &[&str]) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr:\n{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("error: ") || l.starts_with("error[")),
        "{stderr}"
    );
    for part in expected {
        assert!(stderr.contains(part), "`{part}` is not in:\n{stderr}");
    }
}

#[test]
fn a_missing_spec_is_named() {
    let dir = scratch("missing");
    let output = sdkgen(&dir, &["generate", "--spec", "nope.yaml", "--out", "out"]);
    assert_fails(&output, &["nope.yaml", "no such file"]);
    let lines = text(&output.stderr).lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(lines, 1, "{}", text(&output.stderr));
    assert!(!dir.join("out").exists());
}

#[test]
fn a_directory_is_not_a_spec() {
    let dir = scratch("directory");
    assert_fails(&sdkgen(&dir, &["inspect", "."]), &["it is a directory"]);
}

#[test]
fn swagger_2_is_named_with_how_to_convert_it() {
    let dir = scratch("swagger");
    std::fs::write(
        dir.join("api.yaml"),
        "swagger: \"2.0\"\ninfo: {title: x, version: \"1\"}\npaths: {}\n",
    )
    .unwrap();
    let output = sdkgen(&dir, &["generate", "--spec", "api.yaml", "--out", "out"]);
    assert_fails(&output, &["Swagger 2.0 is not supported", "swagger2openapi"]);
    assert!(!dir.join("out").exists());
}

#[test]
fn invalid_yaml_is_located() {
    let dir = scratch("yaml");
    std::fs::write(dir.join("api.yaml"), "openapi: 3.0.3\ninfo: [\n  title: x\n").unwrap();
    assert_fails(
        &sdkgen(&dir, &["init", "api.yaml"]),
        &["api.yaml:4:1", "not a valid YAML file"],
    );
    assert!(!dir.join("sdkgen.yaml").exists());
}

#[test]
fn an_unknown_config_key_is_named_with_the_valid_ones() {
    let dir = scratch("config-key");
    std::fs::copy(fixture("models.yaml"), dir.join("api.yaml")).unwrap();
    std::fs::write(
        dir.join("sdkgen.yaml"),
        "spec: api.yaml\noutput: out\ncrate:\n  name: x\n  nmae: y\n",
    )
    .unwrap();
    let output = sdkgen(&dir, &["generate", "--config", "sdkgen.yaml"]);
    assert_fails(&output, &["sdkgen.yaml:5:3", "unknown field `nmae`", "`version`"]);
    assert!(!dir.join("out").exists());
}

#[test]
fn usage_errors_exit_1() {
    let dir = scratch("usage");
    let output = sdkgen(&dir, &["generate", "--out", "x"]);
    assert_fails(&output, &["--spec"]);
    let output = sdkgen(&dir, &["generate", "--spec", "a.yaml"]);
    assert_fails(&output, &["--out DIR"]);
}

#[test]
fn every_command_shows_an_example() {
    let dir = scratch("help");
    for command in ["generate", "check", "init", "inspect"] {
        let output = sdkgen(&dir, &[command, "--help"]);
        assert_eq!(output.status.code(), Some(0));
        let help = text(&output.stdout);
        assert!(help.contains(&format!("sdkgen {command} ")), "{command}:\n{help}");
    }
}

#[test]
fn init_generate_check_round_trip() {
    let dir = scratch("round-trip");
    std::fs::create_dir_all(dir.join("openapi")).unwrap();
    std::fs::copy(fixture("skipped_operations.yaml"), dir.join("openapi/api.yaml")).unwrap();

    let output = sdkgen(&dir, &["init", "openapi/api.yaml", "--out", "openapi/sdkgen.yaml"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let config = std::fs::read_to_string(dir.join("openapi/sdkgen.yaml")).unwrap();
    assert!(config.contains("spec: api.yaml\n"), "{config}");
    assert!(config.contains("name: api\n"), "{config}");
    assert!(
        config.contains("  - { id: legacy, group: api, name: legacy }   # GET /legacy\n"),
        "{config}"
    );
    assert!(config.contains("#   avoid: "), "{config}");

    // It is not overwritten without `--force`.
    std::fs::write(dir.join("openapi/sdkgen.yaml"), format!("{config}# mine\n")).unwrap();
    assert_fails(
        &sdkgen(&dir, &["init", "openapi/api.yaml", "--out", "openapi/sdkgen.yaml"]),
        &["exists", "--force"],
    );
    assert!(
        std::fs::read_to_string(dir.join("openapi/sdkgen.yaml"))
            .unwrap()
            .ends_with("# mine\n")
    );

    // The spec has warnings: `--strict` writes nothing.
    let output = sdkgen(&dir, &["generate", "--config", "openapi/sdkgen.yaml", "--strict"]);
    assert_fails(&output, &["--strict", "nothing written"]);
    assert!(!dir.join("openapi/api").exists());

    let output = sdkgen(
        &dir,
        &[
            "generate",
            "--config",
            "openapi/sdkgen.yaml",
            "--report",
            "warnings.txt",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with("api: "), "{}", text(&output.stdout));
    let stderr = text(&output.stderr);
    let report = std::fs::read_to_string(dir.join("warnings.txt")).unwrap();
    // The summary has a line per kind; the report has every warning.
    assert!(stderr.contains("--verbose"), "{stderr}");
    assert!(report.lines().count() > stderr.lines().filter(|l| l.starts_with("warning")).count());
    assert!(dir.join("openapi/api/src/lib.rs").exists());

    let check = ["check", "--config", "openapi/sdkgen.yaml"];
    let output = sdkgen(&dir, &check);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));

    let lib = dir.join("openapi/api/src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, format!("{source}// edited\n")).unwrap();
    let output = sdkgen(&dir, &check);
    assert_fails(&output, &["stale: openapi/api/src/lib.rs", "sdkgen generate --config"]);
    assert!(std::fs::read_to_string(&lib).unwrap().ends_with("// edited\n"));

    let output = sdkgen(
        &dir,
        &["inspect", "openapi/api.yaml", "--config", "openapi/sdkgen.yaml"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let shown = text(&output.stdout);
    assert!(shown.contains("operations:\n") && shown.contains("client."), "{shown}");
    assert!(shown.contains("warnings in"), "{shown}");
}
