//! The code generated for every fixture spec builds as a crate: no warnings, clippy-clean, its docs
//! build without warnings and its doc examples compile.

use std::path::{Path, PathBuf};
use std::process::Command;

use sdkgen::config::Config;

fn run(cargo: &str, dir: &Path, target: &Path, args: &[&str], rustdocflags: Option<&str>) {
    let mut command = Command::new(cargo);
    command
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("RUSTFLAGS", "-Dwarnings");
    if let Some(flags) = rustdocflags {
        command.env("RUSTDOCFLAGS", flags);
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed for the fixture crates:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixture_crates_build_without_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
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
        members.push(format!("{stem:?}"));
    }
    std::fs::write(
        crates.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("workspace manifest is written");
    // The workspace's lock file pins the same dependency versions the SDK is tested with.
    std::fs::copy(root.join("Cargo.lock"), crates.join("Cargo.lock")).expect("lock file is copied");

    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    // A target directory of its own: the one of the running `cargo test` is locked.
    let target = root.join("target/fixture-check");
    run(
        &cargo,
        &crates,
        &target,
        &["clippy", "--offline", "--all-targets", "--", "-D", "warnings"],
        None,
    );
    run(
        &cargo,
        &crates,
        &target,
        &["doc", "--offline", "--no-deps"],
        Some("-Dwarnings"),
    );
    run(&cargo, &crates, &target, &["test", "--offline", "--doc"], None);
}
