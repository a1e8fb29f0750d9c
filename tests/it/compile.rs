//! The code generated for every fixture spec builds as a crate: no warnings, clippy-clean, its docs
//! build without warnings and its doc examples compile.

use std::path::PathBuf;

use sdkgen::config::Config;

use crate::scratch::{run_cargo, workspace_root, write_workspace};

#[test]
fn fixture_crates_build_without_warnings() {
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
        sdkgen::output::sync(&crates.join(stem), &generated.files, false).expect("fixture crate is written");
        members.push(stem.to_owned());
    }
    write_workspace(&crates, &members);

    run_cargo(
        &crates,
        &["clippy", "--offline", "--all-targets", "--", "-D", "warnings"],
        None,
    );
    // The impls and modules behind features (`serialize`, `deserialize`, `tracing`) are clean too.
    run_cargo(
        &crates,
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    run_cargo(&crates, &["doc", "--offline", "--no-deps"], Some("-Dwarnings"));
    run_cargo(&crates, &["test", "--offline", "--doc"], None);
}
