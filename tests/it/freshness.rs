//! `generated-sdk/` must be exactly what `cargo xtask generate` writes from `openapi/`.

use std::path::Path;

#[test]
fn generated_sdk_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let project = sdkgen::Project::load(&root.join("openapi/sdkgen.yaml")).expect("openapi/sdkgen.yaml loads");
    let generated = project
        .generate()
        .unwrap_or_else(|d| panic!("openapi/tokens.yaml does not generate:\n{d}"));
    assert!(generated.warnings.is_empty(), "warnings:\n{}", generated.warnings);
    let report = sdkgen::output::sync(&project.output_dir, &generated.files, true).expect("generated-sdk/ is readable");
    assert!(
        report.is_fresh(),
        "generated-sdk/ is stale; run `cargo xtask generate`.\nchanged: {:#?}\nno longer generated: {:#?}",
        report.changed,
        report.removed
    );
}

/// A table of a Cargo manifest: each `name = …` line as (name, version, features), the version and
/// features read from an inline table or a plain version string; `name.workspace = true` has neither.
fn dependency_table(manifest: &str, table: &str) -> Vec<(String, Option<String>, Vec<String>)> {
    let header = format!("[{table}]");
    let quoted = |text: &str, key: &str| -> Option<String> {
        let rest = &text[text.find(&format!("{key} = \""))? + key.len() + 4..];
        Some(rest[..rest.find('"')?].to_owned())
    };
    manifest
        .lines()
        .skip_while(|line| line.trim() != header)
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .filter(|line| !line.starts_with('#') && line.contains('='))
        .map(|line| {
            let (name, value) = line.split_once('=').expect("a key");
            let name = name.trim().trim_end_matches(".workspace").to_owned();
            let value = value.trim();
            let version = if value.starts_with('"') {
                Some(value.trim_matches('"').to_owned())
            } else {
                quoted(value, "version")
            };
            let features = value
                .split_once("features = [")
                .map(|(_, list)| list[..list.find(']').unwrap_or(list.len())].to_owned())
                .map(|list| list.split(',').map(|f| f.trim().trim_matches('"').to_owned()).collect())
                .unwrap_or_default();
            (name, version, features)
        })
        .collect()
}

/// The runtime's dependencies are written twice: in the `Cargo.toml` the generator emits
/// (`generator/src/emit/mod.rs`) and in the templates crate that compiles and tests the runtime (with
/// the versions of the workspace's `Cargo.toml`). They must name the same crates at the same versions,
/// or the runtime is tested against other dependencies than the ones SDK users get.
#[test]
fn the_runtime_is_tested_with_the_dependencies_sdks_declare() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect("manifest is readable");
    let sdk = dependency_table(&read("generated-sdk/Cargo.toml"), "dependencies");
    let templates = dependency_table(&read("templates/Cargo.toml"), "dependencies");
    let workspace = dependency_table(&read("Cargo.toml"), "workspace.dependencies");
    let mut sdk_names: Vec<&str> = sdk.iter().map(|(name, _, _)| name.as_str()).collect();
    let mut template_names: Vec<&str> = templates.iter().map(|(name, _, _)| name.as_str()).collect();
    sdk_names.sort();
    template_names.sort();
    assert!(
        sdk_names.contains(&"reqwest"),
        "the SDK's dependencies are read: {sdk_names:?}"
    );
    assert_eq!(sdk_names, template_names, "the runtime's dependencies differ");
    for (name, version, features) in &sdk {
        let (_, workspace_version, workspace_features) = workspace
            .iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("{name} is not a workspace dependency"));
        assert_eq!(
            version, workspace_version,
            "{name}: the SDK and the templates crate ask for other versions"
        );
        let (_, _, template_features) = templates.iter().find(|(n, _, _)| n == name).expect("listed");
        for feature in features {
            assert!(
                workspace_features.contains(feature) || template_features.contains(feature),
                "{name}: the SDK enables `{feature}`, the templates crate does not"
            );
        }
    }
}
