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
