//! What an SDK ships besides its code: docs that say what the spec says (its extensions' long form
//! included) without ever running the spec's text, a README that starts with what a user needs, and a
//! runtime without the generator's own tests.

use sdkgen::config::Config;

use crate::compile::fixture_crates;
use crate::scratch::workspace_root;

/// The `///` lines right above the line of `file` that starts (after indentation) with `item`.
fn docs_of<'f>(file: &'f str, item: &str) -> Vec<&'f str> {
    let lines: Vec<&str> = file.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("`{item}` is in the file"));
    let mut docs: Vec<&str> = lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.trim_start().starts_with("///") || l.trim_start().starts_with("#["))
        .map(|l| l.trim_start().trim_start_matches("///"))
        .collect();
    docs.reverse();
    docs
}

#[test]
fn spec_code_never_runs_in_the_sdk_tests() {
    // The SDK generated from `tests/fixtures/hostile_docs.yaml`, with the other fixture crates: its doc
    // tests are the only part of its `cargo test` that reads its docs. Every code block of the spec
    // would fail them if rustdoc compiled or ran it. (Its unit tests, of which it has none, and its
    // examples are checked by clippy as every fixture crate's are, in `compile.rs`.)
    let crates = fixture_crates();
    let output = &crates.hostile_doc_tests;
    assert!(
        output.contains("Doc-tests hostile_docs"),
        "the doc tests ran:\n{output}"
    );
    let result = output
        .lines()
        .rev()
        .find(|l| l.starts_with("test result:"))
        .unwrap_or_else(|| panic!("the doc tests have a result:\n{output}"));
    assert!(
        result.contains(" 0 ignored"),
        "a spec block was an ignored doc test: {result}"
    );
    assert!(
        !result.contains("ok. 0 passed"),
        "the generator's own examples ran: {result}"
    );
    // The doc tests are the generator's examples: the Rust blocks of the README (included as crate
    // docs) and of the doc comments, none of them `should_panic`, `compile_fail` or `ignore`.
    let crate_dir = crates.dir.join("hostile_docs");
    let mut docs = vec![std::fs::read_to_string(crate_dir.join("README.md")).expect("README")];
    let mut pending = vec![crate_dir.join("src")];
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            pending.extend(
                std::fs::read_dir(&path)
                    .expect("readable")
                    .map(|e| e.expect("entry").path()),
            );
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("source is readable");
            let lines: Vec<&str> = text
                .lines()
                .filter_map(|l| {
                    let l = l.trim_start();
                    l.strip_prefix("///").or_else(|| l.strip_prefix("//!"))
                })
                .map(|l| l.strip_prefix(' ').unwrap_or(l))
                .collect();
            assert!(
                lines.iter().all(|l| !l.contains('\r')),
                "a carriage return in {}",
                path.display()
            );
            docs.push(lines.join("\n"));
        }
    }
    let mut examples = 0;
    for text in &docs {
        let mut open: Option<&str> = None;
        for line in text.lines() {
            let trimmed = line.trim_start_matches([' ', '>']);
            let marker = trimmed.chars().take_while(|c| *c == '`' || *c == '~').count();
            if marker < 3 {
                continue;
            }
            match open {
                Some(fence) if trimmed.trim_end() == fence => open = None,
                Some(_) => {}
                None => {
                    open = Some(&trimmed[..marker]);
                    let info = trimmed[marker..].trim();
                    let rust = info.split([',', ' ']).filter(|t| !t.is_empty()).all(|t| {
                        matches!(t, "rust" | "no_run" | "should_panic" | "compile_fail" | "ignore")
                            || t.starts_with("edition")
                    });
                    if rust {
                        for attr in ["should_panic", "compile_fail", "ignore"] {
                            assert!(!info.contains(attr), "{info}");
                        }
                        examples += 1;
                    }
                }
            }
        }
    }
    assert!(
        result.contains(&format!("ok. {examples} passed")),
        "only the generator's {examples} examples are doc tests: {result}"
    );
}

#[test]
fn sdks_ship_the_runtime_without_its_tests() {
    let root = workspace_root();
    // The copied templates: the runtime and the facade in the Authlete SDK; only the facade in the
    // wire SDKs, which depend on the runtime crate.
    let mut copies = vec![
        root.join("generated-sdk/src/runtime"),
        root.join("generated-sdk/src/facade"),
    ];
    for sdk in std::fs::read_dir(root.join("tests/wire-sdks")).expect("wire SDKs are readable") {
        let sdk = sdk.expect("entry").path();
        assert!(
            !sdk.join("src/runtime").exists(),
            "{} copies the runtime crate",
            sdk.display()
        );
        copies.push(sdk.join("src/facade"));
    }
    for runtime in copies {
        for file in std::fs::read_dir(&runtime).expect("runtime is readable") {
            let file = file.expect("entry").path();
            let text = std::fs::read_to_string(&file).expect("runtime file is readable");
            assert!(!text.contains("cfg(test)"), "{} has tests", file.display());
            assert!(!text.contains("mod tests"), "{} has tests", file.display());
        }
    }
    let manifest = std::fs::read_to_string(root.join("generated-sdk/Cargo.toml")).expect("manifest");
    let dev = manifest.split("[dev-dependencies]").nth(1).expect("dev-dependencies");
    let dev = dev.split("\n[").next().unwrap_or_default();
    assert!(
        !dev.contains("serde"),
        "a dev-dependency only the runtime's tests needed:\n{dev}"
    );
}

#[test]
fn readme_leads_with_install_first_call_errors_and_retries() {
    let readme = std::fs::read_to_string(workspace_root().join("generated-sdk/README.md")).expect("README");
    let sections = [
        "## Install",
        "## A first call",
        "## Errors",
        "## Retries",
        "## Methods",
        "## Build times",
    ];
    let at: Vec<usize> = sections
        .iter()
        .map(|s| readme.find(s).unwrap_or_else(|| panic!("the README has `{s}`")))
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "sections out of order: {at:?}");
    let tips = at[sections.len() - 1];
    for tip in ["idna_adapter", "debug = false"] {
        assert!(
            readme.find(tip).is_some_and(|i| i > tips),
            "`{tip}` is only under Build times"
        );
    }
}

#[test]
fn fail_and_issue_docs_say_what_to_do_for_each_action() {
    let tokens = std::fs::read_to_string(workspace_root().join("generated-sdk/src/tokens.rs")).expect("tokens.rs");
    for (method, actions) in [
        ("pub fn fail(", &["INTERNAL_SERVER_ERROR", "BAD_REQUEST"][..]),
        ("pub fn fail_form(", &["INTERNAL_SERVER_ERROR", "BAD_REQUEST"]),
        ("pub fn issue(", &["INTERNAL_SERVER_ERROR", "OK"]),
        ("pub fn issue_form(", &["INTERNAL_SERVER_ERROR", "OK"]),
    ] {
        let docs = docs_of(&tokens, method).join("\n");
        for action in actions {
            assert!(
                docs.contains(&format!("\n ## {action}\n")),
                "{method} docs lack `{action}`:\n{docs}"
            );
        }
        // Answer with `responseContent` as the body, shown as text.
        assert!(docs.contains("```text\n HTTP/1.1"), "{method}:\n{docs}");
        assert!(docs.contains(" {responseContent}\n"), "{method}:\n{docs}");
        for leftover in ["Accordion", "&#123;", "defaultOpen", "```rust"] {
            assert!(!docs.contains(leftover), "{method} docs keep `{leftover}`:\n{docs}");
        }
        // The long form follows what is sent and comes before the generator's sections.
        let sends = docs.find("Sends `POST").expect("what is sent");
        let long = docs.find("## INTERNAL_SERVER_ERROR").expect("the long form");
        let params = docs.find("# Parameters").expect("parameters");
        assert!(sends < long && long < params, "{method}:\n{docs}");
    }
}

const EXTENSIONS_SPEC: &str = r##"
openapi: 3.0.3
info: { title: Extensions, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      description: Lists things.
      x-docs:
        long: |
          <Note>Long form.</Note>

          # Acting on the result

          Retry &#123;later&#125;.
        count: 3
      x-flat: Flat text.
      responses:
        '204': { description: Nothing. }
  /other:
    get:
      operationId: otherThing
      responses:
        '204': { description: Nothing. }
"##;

#[test]
fn extension_text_named_by_the_configuration_joins_the_operation_docs() {
    let (spec, _) = sdkgen::load::load_str(EXTENSIONS_SPEC, "extensions.yaml", false).unwrap_or_else(|d| panic!("{d}"));
    let mut config = Config::for_crate("extensions");
    config.doc_extensions = ["x-docs.long", "x-flat", "x-docs.count", "x-docs.absent", "x-absent"]
        .map(str::to_owned)
        .to_vec();
    let generated = sdkgen::generate(&spec, &config, "config").unwrap_or_else(|d| panic!("{d}"));
    let (_, file) = generated
        .files
        .iter()
        .find(|(path, text)| path.starts_with("src/") && text.contains("pub fn list_things("))
        .expect("the method is generated");
    let docs = docs_of(file, "pub fn list_things(").join("\n");
    let long = docs.find(" Long form.").unwrap_or_else(|| panic!("{docs}"));
    let heading = docs
        .find("\n ## Acting on the result\n")
        .unwrap_or_else(|| panic!("{docs}"));
    let retry = docs.find("\n Retry {later}.").unwrap_or_else(|| panic!("{docs}"));
    let flat = docs.find("\n Flat text.").unwrap_or_else(|| panic!("{docs}"));
    assert!(docs.find(" Lists things.").is_some_and(|d| d < long), "{docs}");
    assert!(
        long < heading && heading < retry && retry < flat,
        "in the configuration's order:\n{docs}"
    );
    assert!(!docs.contains("Note"), "{docs}");
    let other = docs_of(file, "pub fn other_thing(").join("\n");
    assert!(!other.contains("Flat text"), "{other}");
    let warnings = generated.warnings.to_string();
    assert!(
        warnings.contains("#/paths/~1things/get/x-docs/count") && warnings.contains("`x-docs.count` is not text"),
        "{warnings}"
    );
    assert!(
        !warnings.contains("absent"),
        "a missing extension is no warning: {warnings}"
    );

    config.doc_extensions = vec!["description".to_owned()];
    let Err(err) = sdkgen::generate(&spec, &config, "config") else {
        panic!("`description` is not an extension")
    };
    let err = err.to_string();
    assert!(
        err.contains("config: #/doc_extensions/0") && err.contains("`description`"),
        "{err}"
    );
}

/// The retry and timeout defaults are stated in prose in the README, the crate docs and the runtime's
/// own table: each number there is the one `RetryPolicy::default()` and the client use.
#[test]
fn the_docs_state_the_retry_defaults_the_runtime_has() {
    let policy = format!("{:?}", authlete_tokens::RetryPolicy::default());
    // `RetryPolicy { max_attempts: 3, initial_interval: 500ms, … }`
    let field = |name: &str| -> String {
        let rest = &policy[policy
            .find(&format!("{name}: "))
            .unwrap_or_else(|| panic!("{name} in {policy}"))
            + name.len()
            + 2..];
        rest[..rest.find([',', ' ', '}']).unwrap_or(rest.len())].to_owned()
    };
    let seconds = |debug: String| -> String {
        match debug.strip_suffix("ms") {
            Some(ms) => format!("{ms} ms"),
            None => format!("{} s", debug.trim_end_matches('s')),
        }
    };
    let attempts = field("max_attempts");
    let initial = seconds(field("initial_interval"));
    let max_interval = seconds(field("max_interval"));
    let max_retry_after = seconds(field("max_retry_after"));
    let timeout = seconds(format!("{:?}", authlete_tokens::DEFAULT_TIMEOUT));
    let exponent = field("exponent");

    let root = workspace_root();
    let read = |path: &str| std::fs::read_to_string(root.join(path)).expect("file is readable");
    let readme = read("generated-sdk/README.md");
    let crate_docs = read("generated-sdk/src/lib.rs");
    let table = read("templates/runtime/retry.rs");
    // The README quotes the table of retry.rs, checked below, and the default timeout.
    for text in [
        format!("| `max_attempts` (the first one included) | {attempts} |\n"),
        format!("| `initial_interval` | {initial} |\n"),
        format!("| `max_interval` | {max_interval} |\n"),
        format!("| `max_retry_after` (the longest `Retry-After` waited for) | {max_retry_after} |\n"),
        format!("One timeout (`DEFAULT_TIMEOUT`: {timeout})"),
    ] {
        assert!(readme.contains(&text), "the README should say `{text}`");
    }
    for text in [
        format!("retries up to {attempts} attempts"),
        format!("[`RetryPolicy::max_retry_after`] ({max_retry_after} by default)"),
    ] {
        assert!(crate_docs.contains(&text), "the crate docs should say `{text}`");
    }
    for (setting, value) in [
        ("max_attempts", attempts.clone()),
        ("initial_interval", initial),
        ("max_interval", max_interval),
        ("max_retry_after", max_retry_after),
        ("exponent", exponent),
    ] {
        let row = table
            .lines()
            .find(|l| l.starts_with(&format!("/// | [`{setting}`]")))
            .unwrap_or_else(|| panic!("the table in retry.rs has a row for {setting}"));
        assert!(row.ends_with(&format!("| {value} |")), "retry.rs: {row}");
    }
}
