//! sdkgen: turns an OpenAPI 3.0 or 3.1 description into an idiomatic, async Rust SDK crate.
//!
//! ```text
//! spec ──load──▶ openapiv3::OpenAPI ──lower──▶ ir::Api ──emit──▶ TokenStream ──format──▶ files
//! ```
//!
//! [`Generator`] is the entry point for a program of its own (a workspace's `xtask`, a `build.rs`, the
//! `sdkgen` command): it loads a spec file, lowers and emits it in memory, and hands back a
//! [`Generated`] crate that [`Generated::write_to`] writes to a directory or [`Generated::check`]
//! compares with one.
//!
//! ```no_run
//! let generated = sdkgen::Generator::new("openapi/api.yaml")
//!     .crate_name("my-api")
//!     .generate()
//!     .map_err(|diagnostics| diagnostics.to_string())?;
//! for warning in generated.warnings.items() {
//!     eprintln!("{warning}");
//! }
//! let report = generated.write_to("my-api".as_ref()).map_err(|e| e.to_string())?;
//! println!("{}", generated.summary_line(&report, false, std::time::Duration::ZERO));
//! # Ok::<(), String>(())
//! ```
//!
//! [`generate`] runs the pipeline on a spec already loaded (with [`load::load_str`], for example).

pub mod config;
pub mod diag;
pub mod emit;
pub mod format;
pub mod ir;
pub mod load;
pub mod lower;
pub mod names;
pub mod output;
mod parallel;
pub mod starter;

use std::path::{Path, PathBuf};
use std::time::Duration;

use config::Config;
use diag::{Category, Diagnostics};

/// The crate name when neither the configuration nor the caller gives one.
pub const DEFAULT_CRATE_NAME: &str = "sdk";

/// How diagnostics name a configuration that was not read from a file.
const COMMAND_LINE: &str = "(command line)";

/// Generates a crate from a spec file: the one pipeline behind `cargo xtask generate`, the `sdkgen`
/// command and a workspace's own `xtask` or `build.rs`.
///
/// Without [`config`](Generator::config), every operation of the spec is generated with the names it
/// derives (groups from `x-speakeasy-group` or the first tag, methods from `operationId`), as the
/// crate [`DEFAULT_CRATE_NAME`] unless [`crate_name`](Generator::crate_name) says otherwise.
///
/// ```no_run
/// use sdkgen::{config::Config, Generator};
///
/// let config = Config::load_file("sdkgen.yaml".as_ref()).map_err(|d| d.to_string())?;
/// let generated = Generator::new("api.yaml")
///     .config(config, "sdkgen.yaml")
///     .generate()
///     .map_err(|d| d.to_string())?;
/// let report = generated.check("sdk".as_ref()).map_err(|e| e.to_string())?;
/// assert!(report.is_fresh(), "stale:\n{}", report.stale_listing());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug)]
pub struct Generator {
    spec_path: PathBuf,
    config: Option<(Config, String)>,
    crate_name: Option<String>,
}

impl Generator {
    /// A generator for the spec at `spec_path`: OpenAPI 3.0 or 3.1, JSON when the name ends in
    /// `.json`, YAML otherwise.
    pub fn new(spec_path: impl Into<PathBuf>) -> Self {
        Generator {
            spec_path: spec_path.into(),
            config: None,
            crate_name: None,
        }
    }

    /// Generates with this configuration (see [`config::Config`] for its keys); `name` names it in
    /// diagnostics, usually its file name.
    pub fn config(mut self, config: Config, name: impl Into<String>) -> Self {
        self.config = Some((config, name.into()));
        self
    }

    /// The generated crate's package name, over the configuration's `crate.name`.
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The spec this generator reads.
    pub fn spec_path(&self) -> &Path {
        &self.spec_path
    }

    /// The configuration generation uses: the one given, with the crate name given over it.
    pub fn effective_config(&self) -> Config {
        let mut config = match &self.config {
            Some((config, _)) => config.clone(),
            None => Config::for_crate(DEFAULT_CRATE_NAME),
        };
        if let Some(name) = &self.crate_name {
            config.krate.name = name.clone();
        }
        config
    }

    /// Loads the spec, lowers and emits it: the crate's files in memory, with every warning. On
    /// failure, every diagnostic found (warnings of loading first); nothing is written either way.
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        let config_name = self.config.as_ref().map_or(COMMAND_LINE, |(_, name)| name.as_str());
        generate_file(&self.spec_path, &self.effective_config(), config_name)
    }
}

/// What a generation produced: the crate's files and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    /// The SDK as lowered from the spec: its groups, methods, types, servers and credentials, for a
    /// program that reports on it (`sdkgen inspect`).
    pub api: ir::Api,
    /// Files by path relative to the crate root.
    pub files: emit::Files,
    pub warnings: Diagnostics,
    /// The cargo feature of each group (none when the SDK has one group).
    pub features: Vec<emit::GroupFeature>,
}

/// Lowers and emits a loaded spec. `config_name` names the configuration in diagnostics.
pub fn generate(spec: &openapiv3::OpenAPI, config: &Config, config_name: &str) -> Result<Generated, Diagnostics> {
    let mut diags = Diagnostics::default();
    let api = lower::lower(spec, config, config_name, &mut diags);
    emit_lowered(api, diags)
}

/// [`generate`], taking the spec: it is dropped once lowered, before the files are emitted, which keeps
/// the memory of a large spec down.
pub fn generate_owned(spec: openapiv3::OpenAPI, config: &Config, config_name: &str) -> Result<Generated, Diagnostics> {
    let mut diags = Diagnostics::default();
    let api = lower::lower(&spec, config, config_name, &mut diags);
    drop(spec);
    emit_lowered(api, diags)
}

fn emit_lowered(api: Option<ir::Api>, mut diags: Diagnostics) -> Result<Generated, Diagnostics> {
    let Some(api) = api else {
        return Err(diags);
    };
    let files = match emit::emit(&api) {
        Ok(files) => files,
        Err(message) => {
            diags.error(
                Category::Internal,
                "#",
                format!("internal error while emitting: {message}"),
            );
            return Err(diags);
        }
    };
    Ok(Generated {
        files,
        warnings: diags,
        features: emit::group_features(&api),
        api,
    })
}

impl Generated {
    /// The operations generated: each is one method, or several (one per body content type), which
    /// are next to each other.
    pub fn operations(&self) -> usize {
        let mut ids: Vec<&str> = self.all_methods().map(|m| m.operation_id.as_str()).collect();
        ids.dedup();
        ids.len()
    }

    /// The methods generated, over all groups.
    pub fn methods(&self) -> usize {
        self.all_methods().count()
    }

    /// The named types generated.
    pub fn types(&self) -> usize {
        self.api.types.len()
    }

    fn all_methods(&self) -> impl Iterator<Item = &ir::Method> {
        self.api.groups.iter().flat_map(|g| &g.methods)
    }

    /// Writes the crate into `dir` (made when missing): only the files that differ are written, and
    /// files that an earlier generation wrote and this one no longer produces are removed. Files
    /// without the `@generated` marker are never touched.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<output::Report> {
        output::sync(dir, &self.files, false)
    }

    /// Compares the crate with `dir` and writes nothing: the report names every stale file and every
    /// generated file left over; [`output::Report::is_fresh`] is the verdict for CI.
    pub fn check(&self, dir: &Path) -> std::io::Result<output::Report> {
        output::sync(dir, &self.files, true)
    }

    /// The one-line account of a generation:
    /// `NAME: 7 operations, 7 methods, 40 types, 51 files (0 written, 51 unchanged), 0 warnings, 85 ms`
    /// (`stale` and `left over` in place of `written` and `removed` when `checked`).
    pub fn summary_line(&self, report: &output::Report, checked: bool, elapsed: Duration) -> String {
        let removed = if report.removed.is_empty() {
            String::new()
        } else {
            format!(
                ", {} {}",
                report.removed.len(),
                if checked { "left over" } else { "removed" }
            )
        };
        format!(
            "{}: {} operations, {} methods, {} types, {} files ({} {}, {} unchanged{removed}), {} warnings, {} ms",
            self.api.krate.name,
            self.operations(),
            self.methods(),
            self.types(),
            self.files.len(),
            report.changed.len(),
            if checked { "stale" } else { "written" },
            report.unchanged,
            self.warnings.items().len(),
            elapsed.as_millis()
        )
    }
}

/// A configuration file and what it points at: the spec and the output directory, both resolved
/// relative to the configuration file.
#[derive(Debug)]
pub struct Project {
    pub config: Config,
    pub config_path: std::path::PathBuf,
    pub spec_path: std::path::PathBuf,
    pub output_dir: std::path::PathBuf,
}

impl Project {
    /// Loads a configuration file; it must name its `spec` and `output`.
    pub fn load(config_path: &std::path::Path) -> Result<Project, Diagnostics> {
        let config = Config::load_file(config_path)?;
        let base = config_path.parent().unwrap_or(std::path::Path::new("."));
        let name = config_path.display().to_string();
        let mut diags = Diagnostics::default();
        if config.spec.is_none() {
            diags.error(
                Category::InvalidConfig,
                format!("{name}: #/spec"),
                "the configuration must name its spec",
            );
        }
        if config.output.is_none() {
            diags.error(
                Category::InvalidConfig,
                format!("{name}: #/output"),
                "the configuration must name its output directory",
            );
        }
        match (&config.spec, &config.output) {
            (Some(spec), Some(output)) => Ok(Project {
                spec_path: base.join(spec),
                output_dir: base.join(output),
                config_path: config_path.to_path_buf(),
                config,
            }),
            _ => Err(diags),
        }
    }

    /// The generator for this project: its spec with its configuration.
    pub fn generator(&self) -> Generator {
        Generator::new(&self.spec_path).config(self.config.clone(), self.config_path.display().to_string())
    }

    /// Loads the spec and generates the crate in memory.
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        self.generator().generate()
    }
}

/// Loads a spec file and generates the crate in memory; the warnings of loading come first, also
/// before the errors when generation fails.
pub fn generate_file(
    spec_path: &std::path::Path,
    config: &Config,
    config_name: &str,
) -> Result<Generated, Diagnostics> {
    let (spec, loaded) = load::load_file(spec_path)?;
    match generate_owned(spec, config, config_name) {
        Ok(generated) => Ok(Generated {
            warnings: loaded.then(generated.warnings),
            ..generated
        }),
        Err(diags) => Err(loaded.then(diags)),
    }
}
