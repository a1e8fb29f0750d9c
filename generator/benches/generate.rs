//! Generation, end to end and stage by stage, beside its floor: parsing the same YAML into
//! `openapiv3::OpenAPI` and nothing else (for a spec that needs repairs, its repaired form). Inputs:
//! `openapi/tokens.yaml`, a large spec made from it (its operations copied a hundred times), and the
//! two full Authlete descriptions when `../shared/specs` is beside the workspace. Run with
//! `cargo bench -p sdkgen`; compare each stage with `parse floor` of the same input.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use sdkgen::config::Config;
use sdkgen::diag::Diagnostics;

const TOKENS: &str = include_str!("../../openapi/tokens.yaml");

/// `tokens.yaml` with every operation copied `copies` times under new paths and operation ids.
fn large(copies: usize) -> String {
    let mut doc: serde_yaml::Value = serde_yaml::from_str(TOKENS).expect("tokens.yaml is YAML");
    let paths = doc["paths"].as_mapping().expect("paths").clone();
    let out = doc["paths"].as_mapping_mut().expect("paths");
    for copy in 0..copies {
        for (path, item) in &paths {
            let mut item = item.clone();
            for (_, op) in item.as_mapping_mut().expect("path item").iter_mut() {
                let Some(op) = op.as_mapping_mut() else { continue };
                for key in ["operationId", "x-speakeasy-name-override"] {
                    if let Some(serde_yaml::Value::String(id)) = op.get_mut(key) {
                        id.push_str(&format!("_{copy}"));
                    }
                }
            }
            let path = format!("{}/copy{copy}", path.as_str().expect("path"));
            out.insert(serde_yaml::Value::String(path), item);
        }
    }
    serde_yaml::to_string(&doc).expect("serializes")
}

/// The inputs by name: the text generated from, and the text of the parse floor. The floor of a spec
/// that needs repairs is its repaired form, so that `serde_yaml` into `openapiv3` can read it at all.
fn inputs() -> Vec<(&'static str, String, String)> {
    let mut inputs = vec![("tokens", TOKENS.to_owned()), ("tokens_x100", large(100))];
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs/");
    for (name, file) in [
        ("authlete_full", "authlete-3.0.16.openapi.yaml"),
        ("authlete_bundled", "authlete-bundled.openapi.yaml"),
    ] {
        if let Ok(text) = std::fs::read_to_string(format!("{shared}{file}")) {
            inputs.push((name, text));
        }
    }
    inputs
        .into_iter()
        .map(|(name, text)| {
            let floor = if serde_yaml::from_str::<openapiv3::OpenAPI>(&text).is_ok() {
                text.clone()
            } else {
                let (spec, _) = sdkgen::load::load_str(&text, "spec.yaml", false).expect("the input loads");
                serde_yaml::to_string(&spec).expect("serializes")
            };
            (name, text, floor)
        })
        .collect()
}

fn stages(c: &mut Criterion) {
    let config = Config::for_crate("bench");
    for (name, text, floor) in inputs() {
        let mut group = c.benchmark_group(name);
        group.sample_size(if text.len() > 100_000 { 10 } else { 30 });
        group.bench_function("parse floor", |b| {
            b.iter(|| serde_yaml::from_str::<openapiv3::OpenAPI>(black_box(&floor)).map(drop))
        });
        group.bench_function("load", |b| {
            b.iter(|| sdkgen::load::load_str(black_box(&text), "spec.yaml", false))
        });
        let (spec, _) = sdkgen::load::load_str(&text, "spec.yaml", false).expect("the input loads");
        group.bench_function("lower", |b| {
            b.iter(|| {
                let mut diags = Diagnostics::default();
                sdkgen::lower::lower(black_box(&spec), &config, "config", &mut diags)
            })
        });
        let mut diags = Diagnostics::default();
        let api = sdkgen::lower::lower(&spec, &config, "config", &mut diags).expect("the input lowers");
        group.bench_function("emit and format", |b| b.iter(|| sdkgen::emit::emit(black_box(&api))));
        group.bench_function("end to end", |b| {
            b.iter(|| {
                let (spec, _) = sdkgen::load::load_str(black_box(&text), "spec.yaml", false).expect("loads");
                sdkgen::generate(&spec, &config, "config").map(|g| g.files.len())
            })
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
