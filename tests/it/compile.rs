//! The code generated for every fixture spec builds as a crate: no warnings, clippy-clean, its docs
//! build without warnings and its doc examples compile.

use std::path::PathBuf;
use std::sync::OnceLock;

use sdkgen::config::Config;

use crate::scratch::{run_cargo, workspace_root, write_workspace};

/// The fixture whose doc tests [`FixtureCrates::hostile_doc_tests`] holds apart.
const HOSTILE: &str = "hostile_docs";

/// The workspace of a crate per fixture spec, generated once for the tests that build it, with its
/// doc tests run.
pub struct FixtureCrates {
    /// The workspace; each crate is in the directory named after its fixture.
    pub dir: PathBuf,
    /// What `cargo test --doc` printed for the `hostile_docs` crate, whose docs carry code blocks of
    /// the spec that must not become doc tests (`sdk_docs.rs` reads it).
    pub hostile_doc_tests: String,
}

/// The fixture crates, generated and their doc tests run by the first test that asks; the others wait
/// for it. Every fixture crate's doc tests are built once, with one set of flags, in one workspace.
/// When that fails, every test that asks fails with the same message.
pub fn fixture_crates() -> &'static FixtureCrates {
    static CRATES: OnceLock<Result<FixtureCrates, String>> = OnceLock::new();
    CRATES
        .get_or_init(|| {
            std::panic::catch_unwind(generate_and_run_doc_tests).map_err(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "the fixture crates failed".to_owned())
            })
        })
        .as_ref()
        .unwrap_or_else(|message| panic!("{message}"))
}

fn generate_and_run_doc_tests() -> FixtureCrates {
    let root = workspace_root();
    let crates = root.join("target/fixture-crates");
    let _ = std::fs::remove_dir_all(&crates);
    let mut members = Vec::new();
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("fixtures are readable")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    for fixture in &fixtures {
        let stem = fixture.file_stem().and_then(|s| s.to_str()).expect("fixture name");
        let (spec, _) = sdkgen::load::load_file(fixture).unwrap_or_else(|d| panic!("{d}"));
        let config = Config::for_crate(&stem.replace('_', "-"));
        let generated = sdkgen::generate(&spec, &config, "config").unwrap_or_else(|d| panic!("{stem}:\n{d}"));
        assert_no_test_code(&generated.files);
        sdkgen::output::sync(&crates.join(stem), &generated.files, false).expect("fixture crate is written");
        members.push(stem.to_owned());
    }
    assert!(members.iter().any(|m| m == HOSTILE), "the fixture {HOSTILE} is there");
    write_workspace(&crates, &members);

    // The hostile crate's doc tests run apart so that their output is theirs alone (cargo prints each
    // crate's `Doc-tests` line on standard error and its results on standard output); each crate's
    // doc tests are built once all the same.
    let hostile = HOSTILE.replace('_', "-");
    run_cargo(
        &crates,
        &["test", "--offline", "--doc", "--workspace", "--exclude", &hostile],
        None,
    );
    let hostile_doc_tests = run_cargo(&crates, &["test", "--offline", "--doc", "-p", &hostile], None);
    FixtureCrates {
        dir: crates,
        hostile_doc_tests,
    }
}

/// Generated code has no test-only code, so clippy checks a generated library once (`--lib`), not again
/// as its unit-test target, which would be the same code.
pub(crate) fn assert_no_test_code(files: &sdkgen::emit::Files) {
    for (path, text) in files {
        assert!(!text.contains("cfg(test)"), "{path} has test-only code");
    }
}

#[test]
fn fixture_crates_build_without_warnings() {
    // Their doc examples compile and pass.
    let crates = &fixture_crates().dir;
    run_cargo(
        crates,
        &["clippy", "--offline", "--lib", "--examples", "--", "-D", "warnings"],
        None,
    );
    // The impls and modules behind features (`serialize`, `deserialize`, `tracing`) are clean too.
    run_cargo(
        crates,
        &[
            "clippy",
            "--offline",
            "--lib",
            "--examples",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    run_cargo(crates, &["doc", "--offline", "--no-deps"], Some("-Dwarnings"));
}
