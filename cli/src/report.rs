//! Everything the command prints about diagnostics: each one in full beside the lines of the file it
//! points at (like rustc), or a summary of one line per category, and the report file. The rest of the
//! command only decides which of them to call.

use std::io::{self, IsTerminal, Write};
use std::path::Path;

use sdkgen::diag::render::{Renderer, Source};
use sdkgen::diag::{Diagnostic, Diagnostics, Severity};

/// Where diagnostics go and whether they are coloured: colour only on a terminal, and never when
/// `NO_COLOR` is set (<https://no-color.org>).
pub struct Out<W> {
    writer: W,
    color: bool,
}

fn wants_color(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

impl Out<io::Stderr> {
    pub fn stderr() -> Self {
        let stderr = io::stderr();
        let color = wants_color(stderr.is_terminal());
        Out { writer: stderr, color }
    }
}

impl Out<io::Stdout> {
    pub fn stdout() -> Self {
        let stdout = io::stdout();
        let color = wants_color(stdout.is_terminal());
        Out { writer: stdout, color }
    }
}

impl<W: Write> Out<W> {
    fn label(&self, severity: Severity) -> String {
        let (text, code) = match severity {
            Severity::Warning => ("warning", "33"),
            Severity::Error => ("error", "31"),
        };
        if self.color {
            format!("\x1b[1;{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    /// The line that ends a failed command: `error: MESSAGE`.
    pub fn error_line(&mut self, message: &str) -> io::Result<()> {
        let label = self.label(Severity::Error);
        writeln!(self.writer, "{label}: {message}")
    }
}

/// The files the diagnostics point into, by the names they were loaded under: the spec, and the
/// configuration when there is one. They are read again only to show diagnostics in full.
#[derive(Clone, Copy, Default)]
pub struct Files<'p> {
    pub spec: Option<&'p Path>,
    pub config: Option<&'p Path>,
}

impl Files<'_> {
    fn source(path: Option<&Path>) -> Option<Source> {
        let path = path?;
        let text = std::fs::read_to_string(path).ok()?;
        Some(Source::new(path.display().to_string(), text))
    }
}

/// Prints the diagnostics: every error in full; every warning in full when `verbose`, else one line
/// per category of warning (how many, the first place, what avoids them) and the totals.
pub fn print_diagnostics<W: Write>(
    out: &mut Out<W>,
    diags: &Diagnostics,
    files: Files<'_>,
    verbose: bool,
) -> io::Result<()> {
    let shown: Vec<&Diagnostic> = diags
        .items()
        .iter()
        .filter(|d| verbose || d.severity == Severity::Error)
        .collect();
    if !shown.is_empty() {
        let (spec, config) = (Files::source(files.spec), Files::source(files.config));
        let text = Renderer::new(out.color).render_all(shown, spec.as_ref(), config.as_ref());
        out.writer.write_all(text.as_bytes())?;
    }
    if !verbose {
        print_summary(out, diags)?;
    }
    Ok(())
}

/// One line per category of warning, most frequent first: how many, what they are, the first place and
/// what avoids them; then the totals.
pub fn print_summary<W: Write>(out: &mut Out<W>, diags: &Diagnostics) -> io::Result<()> {
    let summary = diags.summary();
    let warnings: Vec<_> = summary
        .categories
        .iter()
        .filter(|c| c.severity == Severity::Warning)
        .collect();
    if warnings.is_empty() {
        return Ok(());
    }
    let label = out.label(Severity::Warning);
    for c in &warnings {
        writeln!(
            out.writer,
            "{label}[{}]: {} × {}\n  first: {}\n  avoid: {}",
            c.category.code(),
            c.count,
            c.category.title(),
            c.first.pointer,
            c.avoid()
        )?;
    }
    writeln!(
        out.writer,
        "{} warnings in {} categories; `--verbose` shows each one beside its source, `--report FILE` lists them all",
        summary.warnings,
        warnings.len()
    )
}

/// Writes every diagnostic, one a line with its category, without colour, to `path`.
pub fn write_report(path: &Path, diags: &Diagnostics) -> io::Result<()> {
    let mut text = String::new();
    for d in diags.items() {
        text.push_str(&format!("{d:#}\n"));
    }
    std::fs::write(path, text)
}
