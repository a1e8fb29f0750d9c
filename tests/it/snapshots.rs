//! Snapshots of what the generator makes of each small fixture spec under `tests/fixtures/`: the
//! generated files (the runtime copies only by name), and the warnings; for the specs under
//! `fixtures/invalid/`, with every operation selected by name, the diagnostics. Review changes with
//! `cargo insta review`.

use std::fmt::Write;
use std::path::Path;

use sdkgen::config::Config;

/// The generator's output for one spec, as reviewable text.
fn render(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("fixture");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let name = format!("fixtures/{}", path.strip_prefix(&fixtures).unwrap_or(path).display());
    let text = std::fs::read_to_string(path).expect("fixture is readable");
    let (spec, loaded) = match sdkgen::load::load_str(&text, &name, false) {
        Ok(loaded) => loaded,
        Err(diags) => return format!("load failed:\n{diags}"),
    };
    let mut config = Config::for_crate(&stem.replace('_', "-"));
    if name.starts_with("fixtures/invalid/") {
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
        Err(diags) => format!("generation failed:\n{}", loaded.then(diags)),
        Ok(generated) => {
            let mut out = String::new();
            for warning in loaded.then(generated.warnings).items() {
                writeln!(out, "{warning}").unwrap();
            }
            for (file, contents) in &generated.files {
                let is_runtime_copy = file.starts_with("src/runtime/") && file != "src/runtime/mod.rs";
                if is_runtime_copy {
                    writeln!(out, "=== {file} (runtime, copied unchanged)").unwrap();
                } else {
                    writeln!(out, "=== {file}\n{contents}").unwrap();
                }
            }
            out
        }
    }
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
fn diagnostics_of_each_invalid_fixture() {
    insta::glob!("../fixtures", "invalid/*.yaml", |path| {
        insta::with_settings!({ snapshot_path => "../snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(render(path));
        });
    });
}

#[test]
fn generation_is_deterministic() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/sdkgen.yaml");
    let project = sdkgen::Project::load(&path).expect("the configuration loads");
    let first = project.generate().expect("the spec generates");
    let second = project.generate().expect("the spec generates");
    assert_eq!(first.files, second.files);
}
