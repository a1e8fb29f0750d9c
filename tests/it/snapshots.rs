//! Snapshots of what the generator makes of each small fixture spec under `tests/fixtures/`, and for
//! the specs under `fixtures/invalid/`, with every operation selected by name, the diagnostics. Review
//! changes with `cargo insta review`.
//!
//! A fixture's snapshot is about what the fixture is about: its warnings, its group modules, types and
//! examples in full, and the files every crate has (the skeleton: `Cargo.toml`, README, `lib.rs`, the
//! client, the errors, the runtime and facade lists) only as a diff against those of `fixtures/skeleton.yaml`
//! generated under the same crate name. The skeleton's files are in full in a snapshot of their own, so
//! one change to them shows once, not in every fixture. The copies of the runtime and the facade appear by name only. The
//! serde impls of a type (`src/serde_impls/`) follow its model (`src/types/`), to be read together.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use sdkgen::config::Config;
use sdkgen::emit::Files;

/// The files every crate has, compared with the skeleton's rather than shown in full.
const SKELETON_FILES: &[&str] = &[
    "Cargo.toml",
    "README.md",
    "src/lib.rs",
    "src/client.rs",
    "src/error.rs",
    "src/runtime/mod.rs",
    "src/facade/mod.rs",
];

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

fn crate_name(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("fixture");
    stem.replace('_', "-")
}

/// The warnings (or, when generation fails, every diagnostic) and the files of one spec, generated
/// under the crate name `name`.
fn generate(path: &Path, name: &str) -> Result<(String, Files), String> {
    let fixtures = fixtures_dir();
    let shown = format!("fixtures/{}", path.strip_prefix(&fixtures).unwrap_or(path).display());
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let (spec, loaded) = match sdkgen::load::load_str(&text, &shown, false) {
        Ok(loaded) => loaded,
        Err(diags) => return Err(format!("load failed:\n{diags}")),
    };
    let mut config = Config::for_crate(name);
    if shown.starts_with("fixtures/invalid/") {
        // Every operation selected by name: what cannot be generated is an error, not a skip.
        let ids = spec.operations().filter_map(|(_, _, op)| op.operation_id.clone());
        config.operations = Some(
            ids.map(|id| sdkgen::config::OperationConfig {
                id,
                group: None,
                name: None,
            })
            .collect(),
        );
    }
    match sdkgen::generate(&spec, &config, "config") {
        Err(diags) => Err(format!("generation failed:\n{}", loaded.then(diags))),
        Ok(generated) => Ok((loaded.then(generated.warnings).to_string(), generated.files)),
    }
}

/// The folder of a template copied unchanged (a runtime file, or one of the SDK's own types over
/// it), for the snapshot to name.
fn template_copy(file: &str) -> Option<&'static str> {
    ["runtime", "facade"].into_iter().find(|dir| {
        file.strip_prefix("src/")
            .and_then(|f| f.strip_prefix(dir))
            .is_some_and(|f| f.starts_with('/') && f != "/mod.rs")
    })
}

/// The files in the order a snapshot shows them: by path, but each file of `src/serde_impls/` right
/// after the file of the same name in `src/types/`.
fn shown_order(files: &Files) -> Vec<(&String, &String)> {
    let mut shown: Vec<_> = files.iter().collect();
    shown.sort_by_key(|(file, _)| match file.strip_prefix("src/serde_impls/") {
        Some(name) => (format!("src/types/{name}"), 1),
        None => ((*file).clone(), 0),
    });
    shown
}

/// One fixture's snapshot: its warnings, then its files, the skeleton's as diffs.
fn render(path: &Path) -> String {
    let name = crate_name(path);
    let (warnings, files) = match generate(path, &name) {
        Ok(generated) => generated,
        Err(failure) => return failure,
    };
    let (_, skeleton) = generate(&fixtures_dir().join("skeleton.yaml"), &name).expect("the skeleton generates");
    let mut out = warnings;
    for (file, contents) in shown_order(&files) {
        if let Some(folder) = template_copy(file) {
            writeln!(out, "=== {file} ({folder}, copied unchanged)").unwrap();
            continue;
        }
        let base = SKELETON_FILES
            .contains(&file.as_str())
            .then(|| skeleton.get(file))
            .flatten();
        match base {
            Some(base) if base == contents => writeln!(out, "=== {file} (as the skeleton's)").unwrap(),
            Some(base) => {
                writeln!(out, "=== {file} (the skeleton's, changed)\n{}", hunks(base, contents)).unwrap();
            }
            None => writeln!(out, "=== {file}\n{contents}").unwrap(),
        }
    }
    out
}

/// The changed lines of `contents` against `base`, two lines of context around each change. A hunk
/// starts with a bare `@@`: line numbers would change every fixture's snapshot when a template above
/// the change grows by a line.
fn hunks(base: &str, contents: &str) -> String {
    let diff = similar::TextDiff::from_lines(base, contents);
    let mut out = String::new();
    for group in diff.grouped_ops(2) {
        out.push_str("@@\n");
        for change in group.iter().flat_map(|op| diff.iter_changes(op)) {
            let sign = match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            };
            out.push(sign);
            out.push_str(change.value());
            if change.missing_newline() {
                out.push_str("\n\\ No newline at end of file\n");
            }
        }
    }
    out
}

/// The skeleton fixture's own files every crate has, in full.
fn render_skeleton() -> String {
    let path = fixtures_dir().join("skeleton.yaml");
    let (_, files) = generate(&path, &crate_name(&path)).expect("the skeleton generates");
    let mut out = String::new();
    for (file, contents) in files.iter().filter(|(f, _)| SKELETON_FILES.contains(&f.as_str())) {
        writeln!(out, "=== {file}\n{contents}").unwrap();
    }
    out
}

#[test]
fn generated_code_of_each_fixture() {
    insta::glob!("../fixtures", "*.yaml", |path| {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(render(path));
        });
    });
}

#[test]
fn skeleton_files() {
    insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!(render_skeleton());
    });
}

#[test]
fn diagnostics_of_each_invalid_fixture() {
    insta::glob!("../fixtures", "invalid/*.yaml", |path| {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(render(path));
        });
    });
}

/// Every file under `snapshots/` belongs to a test above and to a fixture that still exists: a
/// snapshot left behind by a renamed or removed fixture would otherwise never be looked at again.
#[test]
fn every_snapshot_is_referenced() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("snapshots");
    let fixtures = fixtures_dir();
    let mut unreferenced = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("snapshots are readable") {
        let file = entry
            .expect("snapshot entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let referenced = match file.strip_suffix(".snap").and_then(|s| s.split_once('@')) {
            Some(("generated_code_of_each_fixture", fixture)) => fixtures.join(fixture).is_file(),
            Some(("diagnostics_of_each_invalid_fixture", fixture)) => fixtures.join("invalid").join(fixture).is_file(),
            _ => file == "skeleton_files.snap",
        };
        if !referenced {
            unreferenced.push(file);
        }
    }
    unreferenced.sort();
    assert!(
        unreferenced.is_empty(),
        "snapshots no test reads (delete them, or `cargo insta test --unreferenced=delete`): {unreferenced:?}"
    );
}

#[test]
fn generation_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/sdkgen.yaml");
    let project = sdkgen::Project::load(&path).expect("the configuration loads");
    let first = project.generate().expect("the spec generates");
    let second = project.generate().expect("the spec generates");
    assert_eq!(first.files, second.files);
}
