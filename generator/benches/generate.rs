//! Generation, end to end and stage by stage, beside its floor: parsing the same YAML into
//! `openapiv3::OpenAPI` and nothing else (for a spec that needs repairs, its repaired form). Inputs:
//! `openapi/tokens.yaml`, a large spec made from it (its operations copied a hundred times), and the
//! two full Authlete descriptions when `../shared/specs` is beside the workspace. Run with
//! `cargo bench -p sdkgen`; compare each stage with `parse floor` of the same input. After criterion's
//! figures, each input's end-to-end time is printed as a ratio to its floor, from interleaved rounds.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
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
type Input = (&'static str, String, String);

fn inputs() -> Vec<Input> {
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

fn stages(c: &mut Criterion, inputs: &[Input]) {
    let config = Config::for_crate("bench");
    for (name, text, floor) in inputs {
        let mut group = c.benchmark_group(*name);
        group.sample_size(if text.len() > 100_000 { 10 } else { 30 });
        group.bench_function("parse floor", |b| {
            b.iter(|| serde_yaml::from_str::<openapiv3::OpenAPI>(black_box(floor)).map(drop))
        });
        group.bench_function("load", |b| {
            b.iter(|| sdkgen::load::load_str(black_box(text), "spec.yaml", false))
        });
        let (spec, _) = sdkgen::load::load_str(text, "spec.yaml", false).expect("the input loads");
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
                let (spec, _) = sdkgen::load::load_str(black_box(text), "spec.yaml", false).expect("loads");
                sdkgen::generate(&spec, &config, "config").map(|g| g.files.len())
            })
        });
        group.finish();
    }
}

/// End to end as a ratio to the parse floor, the median of interleaved rounds (the floor, then end to
/// end): a slower moment of the machine weighs on both sides of a round, where criterion measures one
/// function after the other. Honours the name filter given to `cargo bench`.
fn ratios(inputs: &[Input]) {
    // `cargo test --benches` runs each benchmark once to see that it works; no ratios then.
    if std::env::args().any(|arg| arg == "--test") {
        return;
    }
    let config = Config::for_crate("bench");
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    for (name, text, floor) in inputs {
        if filter.as_ref().is_some_and(|filter| !name.contains(filter.as_str())) {
            continue;
        }
        let rounds = if text.len() > 100_000 { 21 } else { 101 };
        let time = |run: &dyn Fn()| {
            let started = Instant::now();
            run();
            started.elapsed()
        };
        let parse_floor = || drop(black_box(serde_yaml::from_str::<openapiv3::OpenAPI>(black_box(floor))));
        let end_to_end = || {
            let (spec, _) = sdkgen::load::load_str(black_box(text), "spec.yaml", false).expect("loads");
            drop(black_box(
                sdkgen::generate(&spec, &config, "config").map(|g| g.files.len()),
            ));
        };
        // One round of each first, so that neither pays for a cold start.
        parse_floor();
        end_to_end();
        let mut rounds: Vec<(Duration, Duration)> =
            (0..rounds).map(|_| (time(&parse_floor), time(&end_to_end))).collect();
        let median = |values: &mut Vec<f64>| {
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let mut ratios: Vec<f64> = rounds.iter().map(|(f, e)| e.as_secs_f64() / f.as_secs_f64()).collect();
        let mut floors: Vec<f64> = rounds.iter().map(|(f, _)| f.as_secs_f64() * 1e3).collect();
        let mut ends: Vec<f64> = rounds.drain(..).map(|(_, e)| e.as_secs_f64() * 1e3).collect();
        println!(
            "{name}: end to end {:.2}x the parse floor (median of {} interleaved rounds; floor {:.1} ms, end to end {:.1} ms)",
            median(&mut ratios),
            ratios.len(),
            median(&mut floors),
            median(&mut ends),
        );
    }
}

fn main() {
    // Made once: the floor of a spec that needs repairs is loaded and written out again.
    let inputs = inputs();
    let mut criterion = Criterion::default().configure_from_args();
    stages(&mut criterion, &inputs);
    criterion.final_summary();
    ratios(&inputs);
}
