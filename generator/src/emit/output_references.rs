//! Keeps the emitters' docs true to what they emit. An emitter's doc comment sketches the Rust it
//! produces in a `text` block, and names an item of the checked-in output that has that shape, on a
//! doc-comment line of its own:
//!
//! ```text
//! /// Emits: `pub enum ApiErrorKind` in `generated-sdk/src/error.rs`.
//! ```
//!
//! The path is relative to the workspace root and names a file of the checked-in SDK
//! (`generated-sdk/`), of an SDK the wire tests call (`tests/wire-sdks/`) or a snapshot
//! (`tests/snapshots/`): output the test suite regenerates, compiles or compares, so the real code is
//! one step from the sketch and the reference cannot outlive it. The item is text that file holds, not
//! cut off inside a name (`pub enum Server` does not match `pub enum ServerKind`). Any other doc line
//! that starts with the marker, outside a code block, is an error, so that a reference cannot be
//! skipped by a typo.
//!
//! A code block marked `ignore` in a doc comment is an error too: rustdoc reads it as Rust that is
//! never compiled. A sketch is `text`, and its reference says where the compiled code is.

use std::path::{Path, PathBuf};

/// The references the emitters' docs hold today. Fewer means one was lost, or a line the scan no
/// longer reads; an emitter that goes away takes its references with it, and this number down.
const REFERENCES: usize = 51;

/// Where a reference may point: output that the test suite keeps fresh.
const OUTPUT_DIRS: [&str; 3] = ["generated-sdk/", "tests/wire-sdks/", "tests/snapshots/"];

/// What marks a reference line.
const MARKER: &str = "Emits:";

/// One `Emits:` line: the item text and the file that holds it, with where the line is.
#[derive(Debug, PartialEq)]
struct Reference {
    at: String,
    item: String,
    path: String,
}

/// What the doc comments of some source files hold.
#[derive(Debug, Default)]
struct Scan {
    references: Vec<Reference>,
    /// Doc lines that start with the marker but are not a reference.
    malformed: Vec<String>,
    /// Code blocks in doc comments marked `ignore`.
    ignored_blocks: Vec<String>,
}

/// The text of a doc-comment line after its `///` or `//!`; `None` for any other line (`////` is a
/// plain comment).
fn doc_text(line: &str) -> Option<&str> {
    let line = line.trim_start();
    if line.starts_with("////") {
        return None;
    }
    line.strip_prefix("///").or_else(|| line.strip_prefix("//!"))
}

/// A code fence's character and length, when the line opens or closes one.
fn fence(text: &str) -> Option<(char, usize)> {
    let first = text.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = text.chars().take_while(|c| *c == first).count();
    (len >= 3).then_some((first, len))
}

/// Whether a fence's info string marks the block `ignore` (also `rust,ignore`, `ignore-wasm32`).
fn marks_ignore(info: &str) -> bool {
    info.split(|c: char| c == ',' || c.is_whitespace())
        .any(|word| word == "ignore" || word.starts_with("ignore-"))
}

/// A reference line's item and path: `` Emits: `ITEM` in `PATH` ``, with an optional final period.
fn parse_reference(text: &str) -> Option<(&str, &str)> {
    let rest = text.trim().strip_prefix(MARKER)?.strip_prefix(" `")?;
    let (item, rest) = rest.split_once("` in `")?;
    let rest = rest.strip_suffix('.').unwrap_or(rest);
    let path = rest.strip_suffix('`')?;
    let plain = |s: &str| !s.is_empty() && !s.contains('`');
    (plain(item) && plain(path)).then_some((item, path))
}

impl Scan {
    /// Reads the doc comments of one source file, `at` naming it in messages. Code blocks are examples,
    /// not references: the marker inside one is not read.
    fn read(&mut self, at: &str, text: &str) {
        let mut open: Option<(char, usize)> = None;
        for (index, line) in text.lines().enumerate() {
            let place = format!("{at}:{}", index + 1);
            let Some(doc) = doc_text(line) else {
                open = None;
                continue;
            };
            let doc = doc.trim();
            if let Some((c, len)) = fence(doc) {
                match open {
                    Some((open_c, open_len)) => {
                        let closes = c == open_c && len >= open_len && doc[len * c.len_utf8()..].trim().is_empty();
                        if closes {
                            open = None;
                        }
                    }
                    None => {
                        if marks_ignore(&doc[len * c.len_utf8()..]) {
                            self.ignored_blocks.push(format!("{place}: {doc}"));
                        }
                        open = Some((c, len));
                    }
                }
                continue;
            }
            if open.is_some() || !doc.starts_with(MARKER) {
                continue;
            }
            match parse_reference(doc) {
                Some((item, path)) => self.references.push(Reference {
                    at: place,
                    item: item.to_owned(),
                    path: path.to_owned(),
                }),
                None => self.malformed.push(format!(
                    "{place}: \"{doc}\" is not of the form {MARKER} `ITEM` in `PATH`"
                )),
            }
        }
    }
}

/// Whether `text` holds `item` with no name running on before or after it.
fn holds_item(text: &str, item: &str) -> bool {
    let name_char = |c: char| c.is_alphanumeric() || c == '_';
    let starts_name = item.chars().next().is_some_and(name_char);
    let ends_name = item.chars().next_back().is_some_and(name_char);
    text.match_indices(item).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + item.len()..].chars().next();
        let runs_on_before = starts_name && before.is_some_and(name_char);
        let runs_on_after = ends_name && after.is_some_and(name_char);
        !(runs_on_before || runs_on_after)
    })
}

/// Checks a reference against the files under the workspace root.
fn check(root: &Path, reference: &Reference) -> Result<(), String> {
    let path = &reference.path;
    if !OUTPUT_DIRS.iter().any(|dir| path.starts_with(dir)) || path.split('/').any(|part| part == "..") {
        return Err(format!(
            "`{path}` is not a file of the checked-in output ({})",
            OUTPUT_DIRS.join(", ")
        ));
    }
    let text = std::fs::read_to_string(root.join(path)).map_err(|e| format!("`{path}` cannot be read: {e}"))?;
    if holds_item(&text, &reference.item) {
        Ok(())
    } else {
        Err(format!("`{path}` has no `{}`", reference.item))
    }
}

/// The `.rs` files under a directory, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The doc comments of every source file of the generator.
fn scan_generator() -> Scan {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut scan = Scan::default();
    for file in rust_files(&crate_dir.join("src")) {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let at = file.strip_prefix(crate_dir).unwrap_or(&file);
        scan.read(&at.display().to_string(), &text);
    }
    scan
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn every_emits_line_names_an_item_the_checked_in_output_holds() {
    let scan = scan_generator();
    let root = workspace_root();
    let mut problems = scan.malformed.clone();
    for reference in &scan.references {
        if let Err(e) = check(&root, reference) {
            problems.push(format!("{}: {e}", reference.at));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        scan.references.len() >= REFERENCES,
        "{} references to the checked-in output in the generator's docs, fewer than {REFERENCES}",
        scan.references.len()
    );
}

#[test]
fn no_doc_comment_has_a_code_block_marked_ignore() {
    let scan = scan_generator();
    assert!(
        scan.ignored_blocks.is_empty(),
        "name an item of the checked-in output on an `{MARKER}` line instead of a sketch nothing compiles:\n{}",
        scan.ignored_blocks.join("\n")
    );
}

#[test]
fn a_scan_finds_references_malformed_lines_and_ignored_blocks_outside_code_blocks() {
    let source = [
        "/// Emits the error enum.",
        "/// Emits: `pub enum ApiErrorKind` in `generated-sdk/src/error.rs`.",
        "    /// Emits: `fn decode(` in `generated-sdk/src/error.rs`",
        "/// Emits: `pub enum Server` and more",
        "/// A line that names the marker, Emits:, in its prose.",
        "//// Emits: a plain comment",
        "// Emits: a plain comment",
        "/// ```text",
        "/// Emits: an example inside a code block",
        "/// ```",
        "//! ```rust,ignore",
        "//! Emits: a sketch",
        "//! ```",
        "/// ~~~ignore",
        "/// ~~~",
        "fn f() {}",
    ]
    .join("\n");
    let mut scan = Scan::default();
    scan.read("x.rs", &source);
    assert_eq!(
        scan.references,
        [
            Reference {
                at: "x.rs:2".to_owned(),
                item: "pub enum ApiErrorKind".to_owned(),
                path: "generated-sdk/src/error.rs".to_owned(),
            },
            Reference {
                at: "x.rs:3".to_owned(),
                item: "fn decode(".to_owned(),
                path: "generated-sdk/src/error.rs".to_owned(),
            },
        ]
    );
    assert_eq!(scan.malformed.len(), 1, "{:?}", scan.malformed);
    assert!(scan.malformed[0].starts_with("x.rs:4: "), "{:?}", scan.malformed);
    assert_eq!(
        scan.ignored_blocks,
        ["x.rs:11: ```rust,ignore", "x.rs:14: ~~~ignore"],
        "{:?}",
        scan.ignored_blocks
    );
}

#[test]
fn a_reference_fails_when_its_file_or_item_is_gone_or_outside_the_output() {
    let root = workspace_root();
    let reference = |item: &str, path: &str| Reference {
        at: "x.rs:1".to_owned(),
        item: item.to_owned(),
        path: path.to_owned(),
    };
    assert_eq!(
        check(&root, &reference("pub enum ApiErrorKind", "generated-sdk/src/error.rs")),
        Ok(())
    );
    let failures = [
        reference("pub enum ApiErrorKind", "generated-sdk/src/errors.rs"),
        reference("pub enum NoSuchKind", "generated-sdk/src/error.rs"),
        // Cut off inside a name.
        reference("pub enum ApiErrorKin", "generated-sdk/src/error.rs"),
        reference("um ApiErrorKind", "generated-sdk/src/error.rs"),
        // Not output: the generator's own source holds every item its docs name.
        reference("fn check(", "generator/src/emit/output_references.rs"),
        reference("pub enum ApiErrorKind", "generated-sdk/../generated-sdk/src/error.rs"),
    ];
    for failure in &failures {
        assert!(check(&root, failure).is_err(), "{failure:?}");
    }
}
