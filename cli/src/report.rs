//! Everything the command prints about diagnostics: each one in full, or a summary of one line per
//! kind, and the report file. The rest of the command only decides which of them to call.

use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::Path;

use sdkgen::diag::{Diagnostic, Diagnostics, Severity, message_category};

/// Where diagnostics go and whether they are coloured: colour only on a terminal, and never when
/// `NO_COLOR` is set (<https://no-color.org>).
pub struct Out<W> {
    writer: W,
    color: bool,
}

impl Out<io::Stderr> {
    pub fn stderr() -> Self {
        let stderr = io::stderr();
        let color = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        Out { writer: stderr, color }
    }
}

impl Out<io::Stdout> {
    pub fn stdout() -> Self {
        let stdout = io::stdout();
        let color = stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
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

    fn diagnostic(&mut self, d: &Diagnostic) -> io::Result<()> {
        let label = self.label(d.severity);
        write!(self.writer, "{label}: {}: {}", d.pointer, d.message)?;
        match &d.fix {
            Some(fix) => writeln!(self.writer, "\n  fix: {fix}"),
            None => writeln!(self.writer),
        }
    }
}

/// Prints the diagnostics: every error; every warning when `verbose`, else the warnings'
/// [summary](print_summary).
pub fn print_diagnostics<W: Write>(out: &mut Out<W>, diags: &Diagnostics, verbose: bool) -> io::Result<()> {
    for d in diags.items().iter().filter(|d| d.severity == Severity::Error) {
        out.diagnostic(d)?;
    }
    if verbose {
        for d in diags.items().iter().filter(|d| d.severity == Severity::Warning) {
            out.diagnostic(d)?;
        }
        Ok(())
    } else {
        print_summary(out, diags)
    }
}

/// One line per kind of warning (how many, the first place, what avoids it), then the totals.
pub fn print_summary<W: Write>(out: &mut Out<W>, diags: &Diagnostics) -> io::Result<()> {
    let warnings: Vec<&Diagnostic> = diags
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    if warnings.is_empty() {
        return Ok(());
    }
    let mut kinds: BTreeMap<String, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &warnings {
        kinds.entry(message_category(&d.message)).or_default().push(d);
    }
    let mut kinds: Vec<(String, Vec<&Diagnostic>)> = kinds.into_iter().collect();
    kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
    let label = out.label(Severity::Warning);
    for (kind, items) in &kinds {
        let Some(first) = items.first() else { continue };
        write!(
            out.writer,
            "{label}: {} × {kind}\n  first: {}",
            items.len(),
            first.pointer
        )?;
        match items.iter().find_map(|d| d.fix.as_deref()) {
            Some(fix) => writeln!(out.writer, "\n  fix: {fix}")?,
            None => writeln!(out.writer)?,
        }
    }
    writeln!(
        out.writer,
        "{} warnings of {} kinds; `--verbose` or `--report FILE` lists every one",
        warnings.len(),
        kinds.len()
    )
}

/// Writes every diagnostic, one a line, without colour, to `path`.
pub fn write_report(path: &Path, diags: &Diagnostics) -> io::Result<()> {
    std::fs::write(path, diags.to_string())
}
