//! Diagnostics: located problems in a spec or a configuration, collected so that all are reported at once.

use std::fmt;

mod category;
#[cfg(feature = "render")]
pub mod locate;
#[cfg(feature = "render")]
pub mod render;
mod summary;

pub use category::Category;
pub use summary::{CategorySummary, Summary};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation went on; the output says what was done instead (for example a skipped content type).
    Warning,
    /// The input cannot be generated as it is.
    Error,
}

impl Severity {
    /// `warning` or `error`, as shown to users.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, located by a JSON pointer into the spec (`#/paths/~1api~1{serviceId}/post/requestBody`)
/// or into the configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// What kind of problem it is.
    pub category: Category,
    /// Where: a JSON pointer, with the file name in front when it is known.
    pub pointer: String,
    /// What, in one line.
    pub message: String,
    /// How to change the input so that the problem goes away, in one line, when there is one.
    pub fix: Option<String>,
}

impl Diagnostic {
    /// The file the pointer names (`sdkgen.yaml` in `sdkgen.yaml: #/spec`), and the JSON pointer itself
    /// (`#/spec`). A bare pointer has no file: it points into the spec.
    pub fn place(&self) -> (Option<&str>, &str) {
        split_place(&self.pointer)
    }
}

/// See [`Diagnostic::place`].
fn split_place(pointer: &str) -> (Option<&str>, &str) {
    if pointer.starts_with('#') {
        return (None, pointer);
    }
    match pointer.split_once(": #") {
        Some((file, _)) => (Some(file), &pointer[file.len() + 2..]),
        // A file alone (`sdkgen.yaml`, when the file could not be read): its root.
        None => (Some(pointer), "#"),
    }
}

/// `warning: #/paths/…: message (fix: …)`; the alternate form (`{:#}`) names the category too:
/// `warning[deep-object-union]: #/paths/…: …`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.severity)?;
        if f.alternate() {
            write!(f, "[{}]", self.category.code())?;
        }
        write!(f, ": {}: {}", self.pointer, self.message)?;
        match &self.fix {
            Some(fix) => write!(f, " (fix: {fix})"),
            None => Ok(()),
        }
    }
}

/// The problems found so far.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn error(&mut self, category: Category, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, category, pointer.into(), message.into(), None);
    }

    pub fn warning(&mut self, category: Category, pointer: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, category, pointer.into(), message.into(), None);
    }

    /// An error with the change to the input that would fix it.
    pub fn error_with_fix(
        &mut self,
        category: Category,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(
            Severity::Error,
            category,
            pointer.into(),
            message.into(),
            Some(fix.into()),
        );
    }

    /// A warning with the change to the input that would remove it.
    pub fn warning_with_fix(
        &mut self,
        category: Category,
        pointer: impl Into<String>,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(
            Severity::Warning,
            category,
            pointer.into(),
            message.into(),
            Some(fix.into()),
        );
    }

    fn push(&mut self, severity: Severity, category: Category, pointer: String, message: String, fix: Option<String>) {
        self.items.push(Diagnostic {
            severity,
            category,
            pointer,
            message,
            fix,
        });
    }

    /// The number of diagnostics so far, to look at (or demote) the ones a step adds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether any diagnostic from index `start` on is an error.
    pub fn has_errors_since(&self, start: usize) -> bool {
        self.items
            .get(start..)
            .is_some_and(|items| items.iter().any(|d| d.severity == Severity::Error))
    }

    /// Turns the errors from index `start` on into warnings: what they concern was left out of the
    /// output instead of failing it.
    pub fn demote_since(&mut self, start: usize) {
        for d in self.items.iter_mut().skip(start) {
            d.severity = Severity::Warning;
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// These diagnostics followed by `later` (the warnings of loading, then those of generating).
    pub fn then(mut self, later: Diagnostics) -> Diagnostics {
        self.items.extend(later.items);
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// A JSON pointer under construction, written as a URI fragment (`#/a/b`). `~` and `/` in a token are
/// escaped as `~0` and `~1`; nothing else is, so pointers stay readable.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer("#".to_owned())
    }

    /// Parses a local `$ref` (`#/components/schemas/x`) as a pointer.
    pub fn from_ref(reference: &str) -> Option<Self> {
        reference
            .strip_prefix('#')
            .filter(|rest| rest.is_empty() || rest.starts_with('/'))
            .map(|_| Pointer(reference.to_owned()))
    }

    /// The pointer one level down.
    pub fn join(&self, token: impl AsRef<str>) -> Self {
        // Built at every node that loading and lowering visit: one allocation, escapes in place.
        let token = token.as_ref();
        let mut out = String::with_capacity(self.0.len() + 1 + token.len());
        out.push_str(&self.0);
        out.push('/');
        escape_token_into(token, &mut out);
        Pointer(out)
    }

    /// A token as it is written in a pointer: `~` as `~0`, `/` as `~1` (`a/b` → `a~1b`).
    pub fn escape_token(token: &str) -> String {
        let mut out = String::with_capacity(token.len());
        escape_token_into(token, &mut out);
        out
    }

    /// A token of a pointer as it is named: `~1` as `/`, `~0` as `~` (`a~1b` → `a/b`, `~01` → `~1`).
    pub fn unescape_token(token: &str) -> String {
        let mut out = String::with_capacity(token.len());
        let mut rest = token;
        while let Some(at) = rest.find('~') {
            out.push_str(&rest[..at]);
            match rest.as_bytes().get(at + 1) {
                Some(b'0') => out.push('~'),
                Some(b'1') => out.push('/'),
                // Not an escape RFC 6901 knows: kept as written.
                _ => {
                    out.push('~');
                    rest = &rest[at + 1..];
                    continue;
                }
            }
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        out
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn escape_token_into(token: &str, out: &mut String) {
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        out.push_str(&rest[..at]);
        out.push_str(if rest.as_bytes()[at] == b'~' { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

/// The text of an input file, or an error that says plainly why there is none: missing, a directory,
/// unreadable, not UTF-8. `what` names the file's role (`the spec`).
pub fn read_input(path: &std::path::Path, what: &str) -> Result<String, Diagnostics> {
    let name = path.display().to_string();
    let mut diags = Diagnostics::default();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => return Ok(text),
            Err(e) => diags.error_with_fix(
                Category::FileUnreadable,
                name,
                format!(
                    "cannot read {what}: it is not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
                "save the file as UTF-8",
            ),
        },
        Err(_) if path.is_dir() => diags.error_with_fix(
            Category::FileUnreadable,
            name,
            format!("cannot read {what}: it is a directory"),
            "name the file inside it",
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            diags.error(
                Category::FileUnreadable,
                name,
                format!("cannot read {what}: no such file"),
            );
        }
        Err(e) => diags.error(Category::FileUnreadable, name, format!("cannot read {what}: {e}")),
    }
    Err(diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_slash_and_tilde_only() {
        let p = Pointer::root()
            .join("paths")
            .join("/api/{serviceId}/auth/token/fail")
            .join("post")
            .join("a~b");
        assert_eq!(p.as_str(), "#/paths/~1api~1{serviceId}~1auth~1token~1fail/post/a~0b");
    }

    /// Every routine that reads or writes a token goes through these two; `~01` is `~1`, not `/`.
    #[test]
    fn tokens_escape_and_unescape_as_rfc_6901_says() {
        for (named, written) in [
            ("a/b", "a~1b"),
            ("a~b", "a~0b"),
            ("~1", "~01"),
            ("/~", "~1~0"),
            ("{id}", "{id}"),
        ] {
            assert_eq!(Pointer::escape_token(named), written);
            assert_eq!(Pointer::unescape_token(written), named);
        }
        assert_eq!(Pointer::unescape_token("a~2b~"), "a~2b~");
    }

    #[test]
    fn the_alternate_form_names_the_category() {
        let mut diags = Diagnostics::default();
        diags.warning_with_fix(Category::NumberEnum, "#/components/schemas/A", "m", "f");
        let d = &diags.items()[0];
        assert_eq!(d.to_string(), "warning: #/components/schemas/A: m (fix: f)");
        assert_eq!(
            format!("{d:#}"),
            "warning[number-enum]: #/components/schemas/A: m (fix: f)"
        );
    }

    #[test]
    fn only_local_refs_are_pointers() {
        assert!(Pointer::from_ref("#/components/schemas/x").is_some());
        assert!(Pointer::from_ref("other.yaml#/x").is_none());
        assert!(Pointer::from_ref("#x").is_none());
    }
}
