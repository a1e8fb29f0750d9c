//! `cargo xtask corpus [DIR]`: generates a crate from every OpenAPI file of a directory, builds each
//! with `-D warnings`, and prints what became of every operation.
//!
//! The crates go to `target/corpus/<stem>/`, members of a workspace of their own there, so that they
//! share one fresh resolution of their dependencies (no lock file is kept: what a user gets today) and
//! one target directory, `target/corpus-target`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sdkgen::diag::{Category, Severity};

/// How the crates are built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// Generation only.
    None,
    /// `cargo check`, warnings denied.
    Check,
    /// `cargo clippy -- -D warnings`.
    Clippy,
}

/// The operations of a path item.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// What became of one spec.
struct Outcome {
    name: String,
    /// Operations in the spec.
    operations: usize,
    /// Operations with a method.
    generated: usize,
    /// Generated operations with a warning located in them.
    degraded: usize,
    warnings: usize,
    /// Warnings by category.
    categories: BTreeMap<Category, usize>,
    /// The first error when the spec could not be generated at all.
    failure: Option<String>,
    generation_ms: u128,
    build: Option<Result<u128, String>>,
}

pub fn run(root: &Path, dir: &Path, build: Build, only: &[String]) -> Result<(), String> {
    let specs = specs(dir, only)?;
    if specs.is_empty() {
        return Err(format!(
            "error: no OpenAPI file (.json, .yaml, .yml) in {}",
            dir.display()
        ));
    }
    let out_dir = root.join("target/corpus");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("error: cannot create {}: {e}", out_dir.display()))?;
    let total = specs.len();
    let mut outcomes = Vec::new();
    for (index, spec) in specs.iter().enumerate() {
        let stem = stem(spec);
        eprintln!("[{}/{total}] generating {stem}", index + 1);
        outcomes.push(generate(spec, &out_dir.join(&stem), &stem));
    }
    write_workspace(&out_dir, &outcomes)?;
    if build != Build::None {
        for (index, outcome) in outcomes.iter_mut().enumerate() {
            if outcome.failure.is_some() {
                continue;
            }
            eprintln!(
                "[{}/{total}] building {} ({})",
                index + 1,
                outcome.name,
                build_name(build)
            );
            outcome.build = Some(build_crate(
                &out_dir,
                &root.join("target/corpus-target"),
                &outcome.name,
                build,
            ));
        }
    }
    println!("{}", table(&outcomes, build));
    let skipped: usize = outcomes
        .iter()
        .map(|o| o.operations - o.generated.min(o.operations))
        .sum();
    let broken: Vec<&str> = outcomes
        .iter()
        .filter(|o| matches!(o.build, Some(Err(_))))
        .map(|o| o.name.as_str())
        .collect();
    for outcome in &outcomes {
        if let Some(Err(message)) = &outcome.build {
            eprintln!("\n{}: the crate does not build:\n{message}", outcome.name);
        }
    }
    if skipped > 0 || !broken.is_empty() {
        return Err(format!(
            "error: {skipped} operations skipped, {} crates that do not build{}",
            broken.len(),
            if broken.is_empty() {
                String::new()
            } else {
                format!(" ({})", broken.join(", "))
            }
        ));
    }
    Ok(())
}

fn build_name(build: Build) -> &'static str {
    match build {
        Build::None => "none",
        Build::Check => "cargo check",
        Build::Clippy => "cargo clippy",
    }
}

/// The OpenAPI files of `dir`, by name; only those whose stem is in `only` when it is not empty.
fn specs(dir: &Path, only: &[String]) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut specs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
        })
        .filter(|p| {
            let file_stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
            only.is_empty() || only.iter().any(|o| o == file_stem || *o == stem(p))
        })
        .collect();
    specs.sort();
    Ok(specs)
}

/// A crate name made from the file's stem (`plaid-2020-09-14.yaml` → `plaid-2020-09-14`).
fn stem(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("spec");
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{}", name.trim_matches('-'))
}

fn generate(spec: &Path, out: &Path, name: &str) -> Outcome {
    let started = Instant::now();
    let mut outcome = Outcome {
        name: name.to_owned(),
        operations: count_operations(spec),
        generated: 0,
        degraded: 0,
        warnings: 0,
        categories: BTreeMap::new(),
        failure: None,
        generation_ms: 0,
        build: None,
    };
    let result = sdkgen::Generator::new(spec).crate_name(name).generate();
    outcome.generation_ms = started.elapsed().as_millis();
    match result {
        Ok(generated) => {
            outcome.generated = generated.operations();
            let mut degraded: Vec<String> = Vec::new();
            for warning in generated.warnings.items() {
                outcome.warnings += 1;
                *outcome.categories.entry(warning.category).or_default() += 1;
                if let Some(op) = operation_of(&warning.pointer) {
                    degraded.push(op);
                }
            }
            degraded.sort();
            degraded.dedup();
            outcome.degraded = degraded.len().min(outcome.generated);
            if let Err(e) = generated.write_to(out) {
                outcome.failure = Some(format!("cannot write {}: {e}", out.display()));
            }
        }
        Err(diags) => {
            let first = diags
                .items()
                .iter()
                .find(|d| d.severity == Severity::Error)
                .map(ToString::to_string)
                .unwrap_or_default();
            outcome.failure = Some(first);
        }
    }
    outcome
}

/// The operations of a spec, counted on its plain YAML (or JSON) tree, so that a spec the generator
/// refuses is counted too.
fn count_operations(spec: &Path) -> usize {
    let Ok(text) = std::fs::read_to_string(spec) else {
        return 0;
    };
    // Only the keys of the path items are read, so that a value YAML cannot hold (an integer beyond
    // 64 bits, which real specs have) elsewhere does not make the count 0. JSON is YAML.
    #[derive(serde::Deserialize)]
    struct Doc {
        #[serde(default)]
        paths: BTreeMap<String, Methods>,
    }
    match serde_yaml::from_str::<Doc>(&text) {
        Ok(doc) => doc.paths.values().map(|m| m.0).sum(),
        Err(_) => 0,
    }
}

/// The number of operations of a path item.
struct Methods(usize);

impl<'de> serde::Deserialize<'de> for Methods {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Methods;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a path item")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Methods, A::Error> {
                let mut count = 0;
                while let Some(key) = map.next_key::<serde_yaml::Value>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    count += usize::from(key.as_str().is_some_and(|k| METHODS.contains(&k)));
                }
                Ok(Methods(count))
            }
            fn visit_unit<E>(self) -> Result<Methods, E> {
                Ok(Methods(0))
            }
            fn visit_str<E>(self, _: &str) -> Result<Methods, E> {
                Ok(Methods(0))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `#/paths/~1a/get` of a pointer inside an operation (`spec.yaml: #/paths/~1a/get/parameters/0`).
fn operation_of(pointer: &str) -> Option<String> {
    let pointer = pointer.rsplit(": ").next().unwrap_or(pointer);
    let mut tokens = pointer.strip_prefix("#/paths/")?.split('/');
    let path = tokens.next()?;
    let method = tokens.next()?;
    METHODS.contains(&method).then(|| format!("#/paths/{path}/{method}"))
}

fn write_workspace(out_dir: &Path, outcomes: &[Outcome]) -> Result<(), String> {
    let members: Vec<String> = outcomes
        .iter()
        .filter(|o| o.failure.is_none())
        .map(|o| format!("    \"{}\",", o.name))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: the crates it generated, built together.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}\n]\n",
        members.join("\n")
    );
    let path = out_dir.join("Cargo.toml");
    std::fs::write(&path, manifest).map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    // A fresh resolution every time: the crates must build with the dependencies of today.
    let _ = std::fs::remove_file(out_dir.join("Cargo.lock"));
    Ok(())
}

/// Builds one crate of the corpus workspace; its time, or the errors it printed.
fn build_crate(out_dir: &Path, target: &Path, name: &str, build: Build) -> Result<u128, String> {
    let started = Instant::now();
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(out_dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        // The same flags for clippy and check (and for CI's fresh-resolution check, which uses this
        // target directory too): the dependencies, built by plain rustc either way, are built once.
        .env("RUSTFLAGS", "-D warnings")
        .args(["--quiet"]);
    match build {
        Build::Clippy => {
            command.args([
                "clippy",
                "-p",
                name,
                "--message-format",
                "short",
                "--",
                "-D",
                "warnings",
            ]);
        }
        _ => {
            command.args(["check", "-p", name, "--message-format", "short"]);
        }
    }
    let output = command.output().map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(started.elapsed().as_millis());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Every message in a file beside the crates; the first few on the terminal.
    let log = out_dir.join(format!("{name}.build.log"));
    let _ = std::fs::write(&log, stderr.as_bytes());
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).take(20).collect();
    Err(format!("{}\n(every message: {})", errors.join("\n"), log.display()))
}

fn table(outcomes: &[Outcome], build: Build) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n| spec | operations | generated | degraded | skipped | warnings | generation | {} |",
        build_name(build)
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|");
    let mut totals = (0, 0, 0, 0, 0);
    for o in outcomes {
        let skipped = o.operations - o.generated.min(o.operations);
        totals.0 += o.operations;
        totals.1 += o.generated;
        totals.2 += o.degraded;
        totals.3 += skipped;
        totals.4 += o.warnings;
        let build = match (&o.failure, &o.build) {
            (Some(failure), _) => format!("not generated: {failure}"),
            (None, None) => "-".to_owned(),
            (None, Some(Ok(ms))) => format!("ok, {:.1} s", *ms as f64 / 1000.0),
            (None, Some(Err(_))) => "**FAILED**".to_owned(),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} ms | {build} |",
            o.name.trim_start_matches("corpus-"),
            o.operations,
            o.generated,
            o.degraded,
            skipped,
            o.warnings,
            o.generation_ms
        );
    }
    let _ = writeln!(
        out,
        "| **all** | {} | {} | {} | {} | {} | | |",
        totals.0, totals.1, totals.2, totals.3, totals.4
    );
    let _ = write!(out, "{}", category_table(outcomes));
    out
}

/// The warnings of all the specs by category, the most frequent first.
fn category_table(outcomes: &[Outcome]) -> String {
    let mut categories: BTreeMap<Category, usize> = BTreeMap::new();
    for o in outcomes {
        for (category, count) in &o.categories {
            *categories.entry(*category).or_default() += count;
        }
    }
    let mut categories: Vec<(Category, usize)> = categories.into_iter().collect();
    categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code().cmp(b.0.code())));
    let mut out = String::new();
    let _ = writeln!(out, "\n| warnings | category | what |\n|---:|---|---|");
    for (category, count) in categories {
        let _ = writeln!(
            out,
            "| {count} | `{}` | {} |",
            category.code(),
            category.title().replace('|', "\\|")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_summed_over_the_specs_most_frequent_first() {
        let outcome = |categories: &[(Category, usize)]| Outcome {
            name: "corpus-x".to_owned(),
            operations: 0,
            generated: 0,
            degraded: 0,
            warnings: categories.iter().map(|c| c.1).sum(),
            categories: categories.iter().copied().collect(),
            failure: None,
            generation_ms: 0,
            build: None,
        };
        let table = category_table(&[
            outcome(&[(Category::NumberEnum, 2), (Category::DeepObjectUnion, 1)]),
            outcome(&[(Category::DeepObjectUnion, 2), (Category::CallbacksIgnored, 2)]),
        ]);
        let rows: Vec<&str> = table
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| warnings"))
            .collect();
        assert_eq!(
            rows,
            [
                "| 3 | `deep-object-union` | a `deepObject` parameter is not always an object; it is sent in bracket notation |",
                "| 2 | `callbacks-ignored` | callbacks are not generated |",
                "| 2 | `number-enum` | a number enum is a plain number; its values are not checked |",
            ]
        );
    }

    #[test]
    fn warnings_inside_an_operation_name_it() {
        assert_eq!(
            operation_of("spec.yaml: #/paths/~1a~1{id}/get/parameters/0").as_deref(),
            Some("#/paths/~1a~1{id}/get")
        );
        assert_eq!(operation_of("#/paths/~1a/parameters/0"), None);
        assert_eq!(operation_of("#/components/schemas/A"), None);
    }

    #[test]
    fn crate_names_come_from_file_stems() {
        assert_eq!(stem(Path::new("x/plaid-2020-09-14.yaml")), "corpus-plaid-2020-09-14");
        assert_eq!(
            stem(Path::new("authlete-3.0.16.openapi.yaml")),
            "corpus-authlete-3-0-16-openapi"
        );
    }
}
