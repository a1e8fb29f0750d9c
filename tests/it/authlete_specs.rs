//! The two full Authlete descriptions generate every operation, into crates that build clippy-clean
//! and document without warnings. They are not in this repository. The tests read them from the folder
//! `SDKGEN_SPECS` names, and a missing spec there fails them: CI names it, so a check that did not run
//! cannot pass. Without `SDKGEN_SPECS` they read `shared/specs/` beside the workspace when that folder is
//! there, and say they were skipped when it is not (in CI, with `CI` set, a missing spec fails them
//! even so).

use std::path::PathBuf;
use std::time::Instant;

use sdkgen::config::Config;
use sdkgen::diag::Severity;

use crate::scratch::{run_cargo, workspace_root, write_workspace};

/// Where a shared spec is: in the folder `SDKGEN_SPECS` names (relative to the workspace root), else in
/// `shared/specs/` beside the workspace. The second is whether it must be there.
fn shared_spec(file: &str) -> (PathBuf, bool) {
    match std::env::var_os("SDKGEN_SPECS") {
        Some(dir) => (workspace_root().join(dir).join(file), true),
        None => (
            workspace_root().join("../shared/specs").join(file),
            std::env::var_os("CI").is_some(),
        ),
    }
}

/// Generates `file` as the crate `crate_name` and checks it with clippy and rustdoc, warnings denied.
fn spec_builds_clean(file: &str, crate_name: &str) {
    let (spec_path, required) = shared_spec(file);
    if !spec_path.is_file() {
        assert!(
            !required,
            "{} is not there, and it must be checked (SDKGEN_SPECS or CI is set)",
            spec_path.display()
        );
        println!("skipped: {} is not there", spec_path.display());
        return;
    }
    let started = Instant::now();
    let (spec, load_warnings) = sdkgen::load::load_file(&spec_path).unwrap_or_else(|d| panic!("{file}:\n{d}"));
    let config = Config::for_crate(crate_name);
    let generated = sdkgen::generate(&spec, &config, "config").unwrap_or_else(|d| panic!("{file}:\n{d}"));
    let warnings = generated.warnings.items();
    assert!(warnings.iter().all(|w| w.severity == Severity::Warning));
    let skipped: Vec<_> = warnings
        .iter()
        .filter(|w| w.message.starts_with("skipped: the operation"))
        .collect();
    println!(
        "{file}: {} operations generated, {} skipped, {} methods, {} types, {} load warnings, {} generator warnings",
        generated.operations(),
        skipped.len(),
        generated.methods(),
        generated.types(),
        load_warnings.len(),
        warnings.len(),
    );
    for skipped in &skipped {
        println!("  {skipped}");
    }
    // Every operation of the spec, none skipped.
    let in_spec = spec.operations().count();
    assert!(
        skipped.is_empty() && generated.operations() == in_spec,
        "{file}: {} of {in_spec} operations generated",
        generated.operations()
    );

    // A workspace per spec, so that the two tests write and build their crates independently.
    let dir = workspace_root().join("target/authlete-specs").join(crate_name);
    let _ = std::fs::remove_dir_all(&dir);
    sdkgen::output::sync(&dir.join(crate_name), &generated.files, false).expect("crate is written");
    write_workspace(&dir, &[crate_name.to_owned()]);
    crate::compile::assert_no_test_code(&generated.files);
    run_cargo(
        &dir,
        &["clippy", "--offline", "--lib", "--examples", "--", "-D", "warnings"],
        None,
    );
    run_cargo(&dir, &["doc", "--offline", "--no-deps"], Some("-Dwarnings"));
    // Each group is a feature: one alone compiles (with the types it uses) and stays clippy-clean.
    let one_group = &generated
        .features
        .first()
        .expect("a crate with several groups has a feature per group")
        .feature;
    run_cargo(
        &dir,
        &[
            "clippy",
            "--offline",
            "--no-default-features",
            "--features",
            one_group,
            "--",
            "-D",
            "warnings",
        ],
        None,
    );
    println!(
        "{file}: clippy and rustdoc clean, and with the feature `{one_group}` alone, in {:.1?}",
        started.elapsed()
    );
}

#[test]
fn authlete_3_0_16_builds_clippy_and_rustdoc_clean() {
    spec_builds_clean("authlete-3.0.16.openapi.yaml", "authlete-full");
}

#[test]
fn authlete_bundled_builds_clippy_and_rustdoc_clean() {
    spec_builds_clean("authlete-bundled.openapi.yaml", "authlete-bundled");
}
