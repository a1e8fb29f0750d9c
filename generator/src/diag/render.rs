//! Diagnostics rendered like rustc's, beside the source lines they point at:
//!
//! ```text
//! warning[deep-object-union]: OpenAPI defines `deepObject` for objects only; …
//!   --> openapi.yaml:12:11
//!    |
//! 11 |       parameters:
//! 12 |         - name: filter
//!    |           ^^^^^^^^^^^^
//! 13 |           in: query
//!    |
//!    = pointer: #/paths/~1pets/get/parameters/0
//!    = help: give the parameter an object schema
//! ```
//!
//! The caller decides about colour (a terminal or not). A diagnostic whose file is not given, or whose
//! text has no node there, is rendered without source lines.

use super::locate::{Location, at_line_column, locate_all};
use super::{Diagnostic, Severity};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Ansi;
use codespan_reporting::term::{self, Chars, Config};

/// The text of a file that diagnostics point into. `name` is the name the diagnostics use for it: the
/// spec's or the configuration's name as given to [`crate::load::load_str`] or the configuration
/// loader (`sdkgen.yaml` in `sdkgen.yaml: #/spec`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

impl Source {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Renders diagnostics with their source lines. See the [module](self) for the output.
#[derive(Clone, Debug)]
pub struct Renderer {
    color: bool,
    config: Config,
}

impl Renderer {
    /// A renderer that writes ANSI colours when `color` is true (for a terminal), plain text otherwise.
    pub fn new(color: bool) -> Self {
        let config = Config {
            chars: Chars::ascii(),
            before_label_lines: 1,
            after_label_lines: 1,
            ..Config::default()
        };
        Renderer { color, config }
    }

    /// One diagnostic, beside the lines of `source` it points at when `source` is its file (a pointer
    /// without a file name points into the spec: pass the spec then).
    pub fn render(&self, diagnostic: &Diagnostic, source: Option<&Source>) -> String {
        let location = source.and_then(|s| match place(diagnostic) {
            (_, Place::Pointer(pointer)) => locate_all(&s.text, [pointer]).pop().flatten(),
            (_, Place::LineColumn(line, column)) => at_line_column(&s.text, line, column),
        });
        let file = source.map(|s| SimpleFile::new(s.name.as_str(), s.text.as_str()));
        self.render_located(diagnostic, file.as_ref().zip(location.as_ref()))
    }

    /// Every diagnostic in order, each beside its file's lines: a pointer with the spec's name or none
    /// points into `spec`, one with the configuration's name into `config`. Each file is read once for
    /// all the pointers into it.
    pub fn render_all<'d>(
        &self,
        diagnostics: impl IntoIterator<Item = &'d Diagnostic>,
        spec: Option<&Source>,
        config: Option<&Source>,
    ) -> String {
        let items: Vec<&Diagnostic> = diagnostics.into_iter().collect();
        let sources: Vec<&Source> = [spec, config].into_iter().flatten().collect();
        // The index in `sources` of each diagnostic's file.
        let file_of: Vec<Option<usize>> = items
            .iter()
            .map(|d| match place(d).0 {
                None => spec.map(|_| 0),
                Some(name) => sources.iter().position(|s| s.name == name),
            })
            .collect();
        let mut locations: Vec<Option<Location>> = vec![None; items.len()];
        for (index, source) in sources.iter().enumerate() {
            let wanted: Vec<usize> = (0..items.len()).filter(|&i| file_of[i] == Some(index)).collect();
            let pointers = wanted.iter().filter_map(|&i| match place(items[i]).1 {
                Place::Pointer(pointer) => Some(pointer),
                Place::LineColumn(..) => None,
            });
            let mut found = locate_all(&source.text, pointers).into_iter();
            for i in wanted {
                locations[i] = match place(items[i]).1 {
                    Place::Pointer(_) => found.next().flatten(),
                    Place::LineColumn(line, column) => at_line_column(&source.text, line, column),
                };
            }
        }
        // The renderer indexes the lines of a file when it is made: once per file, not per diagnostic.
        let files: Vec<SimpleFile<&str, &str>> = sources
            .iter()
            .map(|s| SimpleFile::new(s.name.as_str(), s.text.as_str()))
            .collect();
        let mut out = String::new();
        for ((d, file), location) in items.iter().zip(&file_of).zip(&locations) {
            let file = file.map(|f| &files[f]);
            out.push_str(&self.render_located(d, file.zip(location.as_ref())));
        }
        out
    }

    fn render_located(&self, d: &Diagnostic, at: Option<(&SimpleFile<&str, &str>, &Location)>) -> String {
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        // A whole file (one that could not be read) is named in the message: there are no lines to show.
        let whole_file = !d.pointer.contains('#') && matches!(place(d).1, Place::Pointer(_));
        let message = if whole_file {
            format!("{}: {}", d.pointer, d.message)
        } else {
            d.message.clone()
        };
        let mut report = report.with_code(d.category.code()).with_message(message);
        let mut notes = match (place(d).1, at) {
            (Place::Pointer(_), None) if whole_file => Vec::new(),
            // Without source lines, the note says the file too.
            (Place::Pointer(_), None) => vec![format!("pointer: {}", d.pointer)],
            (Place::Pointer(pointer), Some(_)) => vec![format!("pointer: {pointer}")],
            (Place::LineColumn(..), None) => vec![format!("at: {}", d.pointer)],
            (Place::LineColumn(..), Some(_)) => Vec::new(),
        };
        if let Some((_, location)) = at.filter(|(_, l)| !l.exact) {
            notes.push(format!(
                "note: the file has no node there; shown at {}",
                ancestor(d.place().1, location.depth)
            ));
        }
        if let Some(fix) = &d.fix {
            notes.push(format!("help: {fix}"));
        }
        report = report.with_notes(notes);
        let none = SimpleFile::new("", "");
        let file = match at {
            Some((file, location)) => {
                report = report.with_label(Label::primary((), location.span.clone()));
                file
            }
            None => &none,
        };
        let rendered = if self.color {
            let mut out = Ansi::new(Vec::new());
            term::emit_to_write_style(&mut out, &self.config, file, &report)
                .map(|()| String::from_utf8_lossy(&out.into_inner()).into_owned())
        } else {
            let mut out = String::new();
            term::emit_to_string(&mut out, &self.config, file, &report).map(|()| out)
        };
        // The span comes from the same text, so the renderer cannot miss it; should it ever, the
        // diagnostic is still shown, in one line.
        rendered.unwrap_or_else(|_| format!("{d}\n"))
    }
}

/// What a diagnostic's place names in its file.
enum Place<'a> {
    /// A JSON pointer (`#/paths/~1a`).
    Pointer(&'a str),
    /// A line and a column, from 1 (`spec.yaml:3:5`, where a parser stopped).
    LineColumn(usize, usize),
}

/// The file a diagnostic points into (none: the spec) and what it names there.
fn place(d: &Diagnostic) -> (Option<&str>, Place<'_>) {
    let (file, pointer) = d.place();
    if let (Some(file), false) = (file, d.pointer.contains(": #")) {
        let mut parts = file.rsplitn(3, ':');
        if let (Some(column), Some(line), Some(name)) = (parts.next(), parts.next(), parts.next()) {
            if let (Ok(line), Ok(column)) = (line.parse(), column.parse()) {
                return (Some(name), Place::LineColumn(line, column));
            }
        }
    }
    (file, Place::Pointer(pointer))
}

/// The first `depth` tokens of `pointer`, as a pointer.
fn ancestor(pointer: &str, depth: usize) -> &str {
    let mut end = 1;
    for _ in 0..depth {
        match pointer[end + 1..].find('/') {
            Some(at) => end += 1 + at,
            None => return pointer,
        }
    }
    &pointer[..end.min(pointer.len())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Category, Diagnostics};

    const SPEC: &str = "\
openapi: 3.0.3
paths:
  /pets:
    get:
      parameters:
        - name: filter
          in: query
          style: deepObject
";

    fn one(category: Category, pointer: &str, fix: Option<&str>) -> Diagnostics {
        let mut diags = Diagnostics::default();
        match fix {
            Some(fix) => diags.warning_with_fix(category, pointer, "the message", fix),
            None => diags.warning(category, pointer, "the message"),
        }
        diags
    }

    #[test]
    fn a_warning_is_rendered_with_its_lines_pointer_and_help() {
        let diags = one(
            Category::DeepObjectUnion,
            "#/paths/~1pets/get/parameters/0",
            Some("give it an object schema"),
        );
        let spec = Source::new("openapi.yaml", SPEC);
        let out = Renderer::new(false).render(&diags.items()[0], Some(&spec));
        assert_eq!(
            out,
            "\
warning[deep-object-union]: the message
  --> openapi.yaml:6:11
  |
5 |       parameters:
6 |         - name: filter
  |           ^^^^^^^^^^^^
7 |           in: query
  |
  = pointer: #/paths/~1pets/get/parameters/0
  = help: give it an object schema

"
        );
    }

    #[test]
    fn a_pointer_past_the_text_is_shown_at_its_ancestor_with_a_note() {
        let diags = one(Category::ContentTypeAny, "#/paths/~1pets/get/requestBody", None);
        let spec = Source::new("openapi.yaml", SPEC);
        let out = Renderer::new(false).render(&diags.items()[0], Some(&spec));
        assert!(out.contains("--> openapi.yaml:4:5"), "{out}");
        assert!(
            out.contains("= note: the file has no node there; shown at #/paths/~1pets/get\n"),
            "{out}"
        );
    }

    #[test]
    fn without_its_file_a_diagnostic_has_no_source_lines() {
        let diags = one(Category::InvalidConfig, "sdkgen.yaml: #/spec", None);
        let out = Renderer::new(false).render(&diags.items()[0], None);
        assert_eq!(
            out,
            "warning[invalid-config]: the message\n = pointer: sdkgen.yaml: #/spec\n\n"
        );
    }

    #[test]
    fn a_syntax_error_is_shown_at_its_line_and_column() {
        let mut diags = Diagnostics::default();
        diags.error(Category::InvalidSyntax, "openapi.yaml:6:11", "not valid YAML");
        let spec = Source::new("openapi.yaml", SPEC);
        let out = Renderer::new(false).render_all(diags.items(), Some(&spec), None);
        assert!(
            out.starts_with("error[invalid-syntax]: not valid YAML\n  --> openapi.yaml:6:11\n"),
            "{out}"
        );
        assert!(!out.contains("pointer:"), "{out}");
        let out = Renderer::new(false).render_all(diags.items(), None, None);
        assert_eq!(
            out,
            "error[invalid-syntax]: not valid YAML\n = at: openapi.yaml:6:11\n\n"
        );
    }

    #[test]
    fn render_all_finds_each_diagnostics_file_by_its_name() {
        let mut diags = Diagnostics::default();
        diags.error(Category::InvalidConfig, "sdkgen.yaml: #/crate/name", "bad name");
        diags.warning(Category::ValueConverted, "openapi.yaml: #/openapi", "repaired");
        diags.warning(
            Category::DeepObjectUnion,
            "#/paths/~1pets/get/parameters/0/style",
            "lowered",
        );
        let spec = Source::new("openapi.yaml", SPEC);
        let config = Source::new("sdkgen.yaml", "spec: openapi.yaml\ncrate:\n  name: \"no good\"\n");
        let out = Renderer::new(false).render_all(diags.items(), Some(&spec), Some(&config));
        let places: Vec<&str> = out.lines().filter(|l| l.contains("-->")).map(str::trim).collect();
        assert_eq!(
            places,
            ["--> sdkgen.yaml:3:3", "--> openapi.yaml:1:1", "--> openapi.yaml:8:11"]
        );
        assert!(out.starts_with("error[invalid-config]: bad name\n"), "{out}");
    }

    #[test]
    fn colour_is_written_only_when_asked() {
        let diags = one(Category::DeepObjectUnion, "#/paths/~1pets/get/parameters/0", None);
        let spec = Source::new("openapi.yaml", SPEC);
        assert!(
            Renderer::new(true)
                .render(&diags.items()[0], Some(&spec))
                .contains("\x1b[")
        );
        assert!(
            !Renderer::new(false)
                .render(&diags.items()[0], Some(&spec))
                .contains('\x1b')
        );
    }

    #[test]
    fn ancestors_are_cut_at_token_boundaries() {
        assert_eq!(ancestor("#/a/b~1c/d", 0), "#");
        assert_eq!(ancestor("#/a/b~1c/d", 2), "#/a/b~1c");
        assert_eq!(ancestor("#/a/b", 5), "#/a/b");
    }
}
