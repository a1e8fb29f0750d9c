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

use super::locate::{Location, locate_all};
use super::{Diagnostic, Diagnostics, Severity};
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
        let (_, pointer) = diagnostic.place();
        let location = source.and_then(|s| locate_all(&s.text, [pointer]).pop().flatten());
        self.render_located(diagnostic, source.zip(location.as_ref()))
    }

    /// Every diagnostic in order, each beside its file's lines: a pointer with the spec's name or none
    /// points into `spec`, one with the configuration's name into `config`. Each file is read once for
    /// all the pointers into it.
    pub fn render_all(&self, diagnostics: &Diagnostics, spec: Option<&Source>, config: Option<&Source>) -> String {
        let items = diagnostics.items();
        let file_of = |d: &Diagnostic| -> Option<&Source> {
            match d.place().0 {
                None => spec,
                Some(name) => [spec, config].into_iter().flatten().find(|s| s.name == name),
            }
        };
        let mut locations: Vec<Option<Location>> = vec![None; items.len()];
        for source in [spec, config].into_iter().flatten() {
            let wanted: Vec<usize> = (0..items.len())
                .filter(|&i| file_of(&items[i]).is_some_and(|s| std::ptr::eq(s, source)))
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let found = locate_all(&source.text, wanted.iter().map(|&i| items[i].place().1));
            for (i, location) in wanted.into_iter().zip(found) {
                locations[i] = location;
            }
        }
        let mut out = String::new();
        for (d, location) in items.iter().zip(&locations) {
            out.push_str(&self.render_located(d, file_of(d).zip(location.as_ref())));
            out.push('\n');
        }
        out
    }

    fn render_located(&self, d: &Diagnostic, at: Option<(&Source, &Location)>) -> String {
        let report = match d.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
        };
        let mut report = report.with_code(d.category.code()).with_message(&d.message);
        let (file, pointer) = d.place();
        let mut notes = vec![format!("pointer: {pointer}")];
        if let Some((_, location)) = at.filter(|(_, l)| !l.exact) {
            notes.push(format!(
                "note: the file has no node there; shown at {}",
                ancestor(pointer, location.depth)
            ));
        }
        if at.is_none() {
            if let Some(file) = file {
                notes[0] = format!("pointer: {file}: {pointer}");
            }
        }
        if let Some(fix) = &d.fix {
            notes.push(format!("help: {fix}"));
        }
        report = report.with_notes(notes);
        let name = at.map_or("", |(s, _)| s.name.as_str());
        let text = at.map_or("", |(s, _)| s.text.as_str());
        let file = SimpleFile::new(name, text);
        if let Some((_, location)) = at {
            report = report.with_label(Label::primary((), location.span.clone()));
        }
        let rendered = if self.color {
            let mut out = Ansi::new(Vec::new());
            term::emit_to_write_style(&mut out, &self.config, &file, &report)
                .map(|()| String::from_utf8_lossy(&out.into_inner()).into_owned())
        } else {
            let mut out = String::new();
            term::emit_to_string(&mut out, &self.config, &file, &report).map(|()| out)
        };
        // The span comes from the same text, so the renderer cannot miss it; should it ever, the
        // diagnostic is still shown, in one line.
        rendered.unwrap_or_else(|_| format!("{d}\n"))
    }
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
    use crate::diag::Category;

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
        let out = Renderer::new(false).render_all(&diags, Some(&spec), Some(&config));
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
