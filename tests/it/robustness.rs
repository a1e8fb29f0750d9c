//! The generator on broken input: a small deterministic mutator deletes and replaces random nodes of
//! the fixture specs (and `openapi/tokens.yaml`), and truncates their text. Every case must end, without
//! a panic, in either diagnostics with an error or a crate's files; and generating twice gives the same
//! bytes.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Map, Value, json};

use sdkgen::config::Config;

/// Mutated specs per input file, and the most mutations applied to one of them.
const CASES_PER_SPEC: usize = 24;
const MAX_MUTATIONS: u64 = 4;
/// No single case may take longer than this.
const CASE_TIMEOUT: Duration = Duration::from_secs(20);

/// xorshift64*: deterministic, dependency-free, good enough to pick nodes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn inputs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures"))
        .expect("fixtures are readable")
        .map(|e| e.expect("fixture entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files.push(root.join("../openapi/tokens.yaml"));
    files
}

/// Keys that steer the generator into its less common paths when a mutation writes them.
const KEYS: &[&str] = &[
    "$ref",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "type",
    "properties",
    "items",
    "additionalProperties",
    "required",
    "enum",
    "nullable",
    "discriminator",
    "readOnly",
    "format",
    "content",
    "schema",
    "parameters",
    "in",
    "style",
    "explode",
    "default",
];

/// A value to write somewhere: odd scalars, empty containers, refs (also to themselves), or a copy of
/// another node of the document.
fn random_value(rng: &mut Rng, doc: &Value) -> Value {
    let schemas: Vec<String> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    match rng.below(14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(1e30),
        4 => json!(""),
        5 => json!("x y/{z}~"),
        6 => json!([]),
        7 => json!({}),
        8 | 9 if !schemas.is_empty() => {
            let name = &schemas[rng.below(schemas.len())];
            json!({ "$ref": format!("#/components/schemas/{}", name.replace('~', "~0").replace('/', "~1")) })
        }
        10 => {
            let types = ["string", "integer", "object", "array", "boolean", "number", "null"];
            json!({ "type": types[rng.below(types.len())] })
        }
        11 => json!({ "oneOf": [{ "type": "string" }, { "type": "string" }] }),
        12 => json!({ "allOf": [{ "$ref": "#/components/schemas/missing" }, { "type": "integer" }] }),
        _ => {
            let mut nodes = Vec::new();
            collect(doc, "", &mut nodes);
            let pick = &nodes[rng.below(nodes.len())];
            doc.pointer(pick).cloned().unwrap_or(Value::Null)
        }
    }
}

/// The JSON pointers of every node.
fn collect(value: &Value, at: &str, out: &mut Vec<String>) {
    out.push(at.to_owned());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                collect(v, &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect(v, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Deletes, replaces or renames one random node.
fn mutate(doc: &mut Value, rng: &mut Rng) {
    let mut nodes = Vec::new();
    collect(doc, "", &mut nodes);
    let target = nodes[1 + rng.below(nodes.len() - 1)].clone();
    let (parent, last) = target.rsplit_once('/').expect("not the root");
    let replacement = random_value(rng, doc);
    let choice = rng.below(3);
    let new_key = KEYS[rng.below(KEYS.len())];
    let Some(parent) = doc.pointer_mut(parent) else { return };
    let key = last.replace("~1", "/").replace("~0", "~");
    match parent {
        Value::Object(map) => match choice {
            0 => {
                map.remove(&key);
            }
            1 => {
                map.insert(key, replacement);
            }
            _ => {
                if let Some(value) = map.remove(&key) {
                    let mut renamed: Map<String, Value> = std::mem::take(map);
                    renamed.insert(new_key.to_owned(), value);
                    *map = renamed;
                }
            }
        },
        Value::Array(items) => {
            let index: usize = key.parse().unwrap_or(0);
            if index < items.len() {
                if choice == 0 {
                    items.remove(index);
                } else {
                    items[index] = replacement;
                }
            }
        }
        _ => {}
    }
}

/// What one case produced.
#[derive(Debug, PartialEq)]
enum Outcome {
    Failed,
    Generated(sdkgen::emit::Files),
}

/// Loads and generates a spec text on another thread, so that a hang fails the test instead of
/// stalling it.
fn run_case(label: &str, text: String, json: bool) -> Outcome {
    let (sender, receiver) = mpsc::channel();
    let name = label.to_owned();
    std::thread::spawn(move || {
        let result = catch_unwind(AssertUnwindSafe(|| {
            let (spec, _) = match sdkgen::load::load_str(&text, &name, json) {
                Ok(loaded) => loaded,
                Err(diags) => {
                    assert!(diags.has_errors(), "{name}: a failed load reports no error");
                    return Outcome::Failed;
                }
            };
            match sdkgen::generate(&spec, &Config::for_crate("fuzzed"), "config") {
                Ok(generated) => {
                    assert!(generated.files.contains_key("src/lib.rs"), "{name}: no src/lib.rs");
                    Outcome::Generated(generated.files)
                }
                Err(diags) => {
                    assert!(diags.has_errors(), "{name}: a failed generation reports no error");
                    Outcome::Failed
                }
            }
        }));
        let _ = sender.send(result.map_err(|_| ()));
    });
    match receiver.recv_timeout(CASE_TIMEOUT) {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(())) => panic!("{label}: the generator panicked (see above)"),
        Err(_) => panic!("{label}: the generator did not finish within {CASE_TIMEOUT:?}"),
    }
}

#[test]
fn mutated_specs_end_in_diagnostics_or_files_never_a_panic_or_hang() {
    let mut rng = Rng(0x5eed_0f5d_c0de_2024);
    let mut generated = 0;
    let mut failed = 0;
    for path in inputs() {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec").to_owned();
        let text = std::fs::read_to_string(&path).expect("input is readable");
        let (spec, _) = sdkgen::load::load_str(&text, &stem, false).expect("every input loads");
        let original = serde_json::to_value(&spec).expect("a spec is JSON");
        for case in 0..CASES_PER_SPEC {
            let mut doc = original.clone();
            for _ in 0..=(rng.next() % MAX_MUTATIONS) {
                mutate(&mut doc, &mut rng);
            }
            let label = format!("{stem} case {case}");
            let outcome = run_case(&label, doc.to_string(), true);
            match &outcome {
                Outcome::Generated(_) => generated += 1,
                Outcome::Failed => failed += 1,
            }
            if case % 6 == 0 {
                assert_eq!(
                    outcome,
                    run_case(&label, doc.to_string(), true),
                    "{label}: not deterministic"
                );
            }
        }
        // Text cut anywhere: a YAML error, or a smaller spec.
        for case in 0..4 {
            let mut cut = rng.below(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            run_case(&format!("{stem} cut {case}"), text[..cut].to_owned(), false);
        }
    }
    // The mutator must reach both outcomes, or it tests little.
    assert!(generated > 20 && failed > 20, "{generated} generated, {failed} failed");
}

#[test]
fn every_fixture_generates_the_same_bytes_twice() {
    for path in inputs() {
        let text = std::fs::read_to_string(&path).expect("input is readable");
        let label = path.display().to_string();
        let first = run_case(&label, text.clone(), false);
        assert!(matches!(first, Outcome::Generated(_)), "{label} generates");
        assert_eq!(first, run_case(&label, text, false), "{label}: not deterministic");
    }
}
