//! sdkgen: turns an OpenAPI 3.0 or 3.1 description into an idiomatic, async Rust SDK crate.
//!
//! ```text
//! spec ──load──▶ openapiv3::OpenAPI ──lower──▶ ir::Api ──emit──▶ TokenStream ──format──▶ files
//! ```
//! [`generate`] runs the whole pipeline in memory; callers decide where the files go.

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

use config::Config;
use diag::Diagnostics;

/// What a generation produced: the crate's files and the warnings found on the way.
#[derive(Debug)]
pub struct Generated {
    /// Files by path relative to the crate root.
    pub files: emit::Files,
    pub warnings: Diagnostics,
    /// Counts for the report line.
    pub operations: usize,
    pub methods: usize,
    pub types: usize,
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
            diags.error("#", format!("internal error while emitting: {message}"));
            return Err(diags);
        }
    };
    let methods: Vec<&ir::Method> = api.groups.iter().flat_map(|g| &g.methods).collect();
    let mut operation_ids: Vec<&str> = methods.iter().map(|m| m.operation_id.as_str()).collect();
    operation_ids.dedup();
    Ok(Generated {
        files,
        warnings: diags,
        operations: operation_ids.len(),
        methods: methods.len(),
        types: api.types.len(),
        features: emit::group_features(&api),
    })
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
            diags.error(format!("{name}: #/spec"), "the configuration must name its spec");
        }
        if config.output.is_none() {
            diags.error(
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

    /// Loads the spec and generates the crate in memory.
    pub fn generate(&self) -> Result<Generated, Diagnostics> {
        generate_file(&self.spec_path, &self.config, &self.config_path.display().to_string())
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
