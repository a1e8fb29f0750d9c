//! Generator configuration: what a spec alone cannot say (crate name, which operations, how they are
//! called, which fields are secrets). Loaded from a YAML file checked in beside the spec.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diag::{Category, Diagnostics};

/// The whole configuration. Every field but `crate.name` may be left out.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec file, relative to the configuration file.
    #[serde(default)]
    pub spec: Option<String>,
    /// The directory the crate is written to, relative to the configuration file.
    #[serde(default)]
    pub output: Option<String>,
    /// The generated crate's package metadata.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// Client settings.
    #[serde(default)]
    pub client: ClientConfig,
    /// Names of the `Server` variants, one per server of the spec, in the spec's order. When left out,
    /// a name is derived from each server's host.
    #[serde(default)]
    pub servers: Vec<String>,
    /// The operations to generate, in the order their methods appear. When left out, every operation
    /// is generated, grouped and named by `x-speakeasy-group` / `x-speakeasy-name-override`, else by
    /// its first tag and its `operationId`.
    #[serde(default)]
    pub operations: Option<Vec<OperationConfig>>,
    /// Wire names of fields whose values are secrets: `Debug` prints them as `*** redacted ***`.
    #[serde(default)]
    pub sensitive_fields: Vec<String>,
    /// Extension fields of an operation whose text joins its docs, after its description, each a
    /// path of keys joined by `.` from the extension's name (`x-mint.content`: the `content` of the
    /// operation's `x-mint`). Documentation sites keep the long form of a description there.
    #[serde(default)]
    pub doc_extensions: Vec<String>,
    /// Fields that the error bodies share, made into accessors on the errors.
    #[serde(default)]
    pub errors: ErrorsConfig,
    /// Rust names for component schemas, by component name, where the derived name would mislead
    /// (a schema called `result` would otherwise become `Result`) or collides; for an inline schema,
    /// by its JSON pointer (`#/paths/~1search/get/responses/200/content/application~1json/schema`).
    #[serde(default)]
    pub type_names: BTreeMap<String, String>,
    /// Where the SDK's runtime comes from: copied into it (the default), or the crate `runtime.crate`
    /// names.
    #[serde(default)]
    pub runtime: RuntimeConfig,
}

/// Where the SDK's runtime (client, calls, retries, errors, encodings) comes from. Without `crate`, it
/// is copied into the SDK (`src/runtime/`), only the modules its operations need, and the SDK depends on
/// nothing of sdkgen's.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuntimeConfig {
    /// The `sdkgen-runtime` crate, a dependency of the SDK instead of a copy: SDKs of one workspace
    /// share one runtime, and a fix to it reaches them with `cargo update`.
    #[serde(rename = "crate", default)]
    pub krate: Option<RuntimeCrate>,
}

/// The `sdkgen-runtime` dependency of an SDK whose runtime is a crate.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuntimeCrate {
    /// The version requirement (default: the version this generator's runtime has).
    #[serde(default)]
    pub version: Option<String>,
    /// A path to the crate, relative to the generated crate (`../sdkgen-runtime`), for a runtime that is
    /// not taken from the registry.
    #[serde(default)]
    pub path: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The package name (`authlete-tokens`); the library is its snake case (`authlete_tokens`).
    pub name: String,
    #[serde(default = "default_version")]
    pub version: String,
    /// The package description; the spec's title when left out.
    #[serde(default)]
    pub description: Option<String>,
    /// The package license; the spec's `info.license.name` when left out.
    #[serde(default)]
    pub license: Option<String>,
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    /// The environment variable `Client::from_env` reads the bearer token from
    /// (default: `<CRATE_NAME>_TOKEN`).
    #[serde(default)]
    pub token_env: Option<String>,
    /// The environment variable `Client::from_env` reads an optional base URL from
    /// (default: `<CRATE_NAME>_BASE_URL`).
    #[serde(default)]
    pub base_url_env: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ErrorsConfig {
    /// The wire name of the string field holding an error's code (`resultCode`): `Error`, `ApiError`
    /// and `ApiErrorKind` get an accessor named after it (`result_code()`).
    #[serde(default)]
    pub code_field: Option<String>,
    /// The wire name of the string field holding an error's message (`resultMessage`).
    #[serde(default)]
    pub message_field: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OperationConfig {
    /// The spec's `operationId`.
    pub id: String,
    /// The group the method is on (`client.<group>()`).
    #[serde(default)]
    pub group: Option<String>,
    /// The method name; a second content type of the body adds a suffixed method (`fail_form`).
    #[serde(default)]
    pub name: Option<String>,
}

impl Config {
    /// This configuration with its runtime the `sdkgen-runtime` crate at `path` (relative to the
    /// generated crate), of this generator's version.
    pub fn with_runtime_crate_at(mut self, path: &str) -> Self {
        self.runtime.krate = Some(RuntimeCrate {
            version: None,
            path: Some(path.to_owned()),
        });
        self
    }

    /// The configuration used when there is no file: every operation, names from the spec.
    pub fn for_crate(name: &str) -> Self {
        Config {
            spec: None,
            output: None,
            krate: CrateConfig {
                name: name.to_owned(),
                version: default_version(),
                description: None,
                license: None,
            },
            client: ClientConfig::default(),
            servers: Vec::new(),
            operations: None,
            sensitive_fields: Vec::new(),
            doc_extensions: Vec::new(),
            errors: ErrorsConfig::default(),
            type_names: BTreeMap::new(),
            runtime: RuntimeConfig::default(),
        }
    }

    pub fn load_file(path: &Path) -> Result<Self, Diagnostics> {
        let text = crate::diag::read_input(path, "the configuration")?;
        Self::load_str(&text, &path.display().to_string())
    }

    pub fn load_str(text: &str, name: &str) -> Result<Self, Diagnostics> {
        serde_yaml::from_str(text).map_err(|e| {
            let at = match e.location() {
                Some(l) => format!("{name}:{}:{}", l.line(), l.column()),
                None => name.to_owned(),
            };
            let mut diags = Diagnostics::default();
            diags.error(Category::InvalidConfig, at, format!("invalid configuration: {e}"));
            diags
        })
    }

    /// The `SCREAMING_SNAKE` prefix of default environment variable names.
    pub fn env_prefix(&self) -> String {
        self.krate.name.to_uppercase().replace('-', "_")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_located_errors() {
        let err = Config::load_str("crate:\n  name: x\n  nmae: y\n", "c.yaml").unwrap_err();
        assert!(err.to_string().contains("c.yaml:3:"), "{err}");
    }

    #[test]
    fn minimal_config_has_defaults() {
        let c = Config::load_str("crate:\n  name: my-sdk\n", "c.yaml").unwrap();
        assert_eq!(c, Config::for_crate("my-sdk"));
        assert_eq!(c.env_prefix(), "MY_SDK");
    }

    #[test]
    fn the_runtime_is_vendored_unless_a_crate_is_named() {
        let vendored = Config::load_str("crate: {name: x}\nruntime: {}\n", "c.yaml").unwrap();
        assert_eq!(vendored, Config::for_crate("x"));
        let at_path = Config::load_str("crate: {name: x}\nruntime:\n  crate: {path: ../rt}\n", "c.yaml").unwrap();
        assert_eq!(at_path, Config::for_crate("x").with_runtime_crate_at("../rt"));
        let versioned = Config::load_str("crate: {name: x}\nruntime: {crate: {version: '0.1'}}\n", "c.yaml").unwrap();
        let expected = RuntimeCrate {
            version: Some("0.1".to_owned()),
            path: None,
        };
        assert_eq!(versioned.runtime.krate, Some(expected));
        let err = Config::load_str("crate: {name: x}\nruntime: {crates: {}}\n", "c.yaml").unwrap_err();
        assert!(err.to_string().contains("`crate`"), "{err}");
    }
}
