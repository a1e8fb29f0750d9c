//! The starter configuration for a spec (what `sdkgen init` writes): every key of
//! [`Config`], filled with what generation derives from the spec, each
//! commented, and every warning the spec causes with the change that avoids it.
//!
//! The file generates the same crate as the spec with no configuration, so that it can be checked in
//! first and changed one key at a time: the keys that would change the crate (`sensitive_fields`,
//! `doc_extensions`, `errors`, `type_names`, `runtime`) are suggested in comments.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::config::Config;
use crate::diag::Diagnostics;
use crate::ir::{Api, SchemeKind, TypeKind};
use heck::ToKebabCase;

use crate::{DEFAULT_CRATE_NAME, Generated, generate, load, lower};

/// What the starter configuration names besides what it derives from the spec.
#[derive(Clone, Debug)]
pub struct StarterOptions<'a> {
    /// The spec to read.
    pub spec_path: &'a Path,
    /// The value of `spec:`: the spec's path relative to the configuration file.
    pub spec_key: &'a str,
    /// The value of `output:`: the crate's directory relative to the configuration file.
    pub output_key: &'a str,
    /// The package name of the crate.
    pub crate_name: &'a str,
}

/// A starter configuration and the generation it describes.
#[derive(Debug)]
pub struct Starter {
    /// The YAML text of the configuration, comments included.
    pub text: String,
    /// The crate as the configuration generates it, with every warning of loading and generating.
    pub generated: Generated,
}

/// A crate name for a spec file: its file stem in kebab case (`Pet Store.yaml` → `pet-store`), or
/// [`DEFAULT_CRATE_NAME`] when that does not start with a letter.
pub fn crate_name_for(spec_path: &Path) -> String {
    let stem = spec_path
        .file_stem()
        .map(|s| s.to_string_lossy().to_kebab_case())
        .unwrap_or_default();
    if stem.starts_with(|c: char| c.is_ascii_alphabetic())
        && stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        stem
    } else {
        DEFAULT_CRATE_NAME.to_owned()
    }
}

/// Generates the spec with no configuration but the crate name, and writes the configuration that
/// says what that generation derived.
///
/// ```no_run
/// use sdkgen::starter::{StarterOptions, starter_config};
///
/// let starter = starter_config(&StarterOptions {
///     spec_path: "api.yaml".as_ref(),
///     spec_key: "api.yaml",
///     output_key: "my-api",
///     crate_name: "my-api",
/// })
/// .map_err(|d| d.to_string())?;
/// std::fs::write("sdkgen.yaml", &starter.text).map_err(|e| e.to_string())?;
/// # Ok::<(), String>(())
/// ```
pub fn starter_config(options: &StarterOptions<'_>) -> Result<Starter, Diagnostics> {
    let (spec, loaded) = load::load_file(options.spec_path)?;
    let config = Config::for_crate(options.crate_name);
    let operations = lower::spec_operations(&spec);
    let generated = match generate(&spec, &config, "(command line)") {
        Ok(generated) => Generated {
            warnings: loaded.then(generated.warnings),
            ..generated
        },
        Err(diags) => return Err(loaded.then(diags)),
    };
    let mut text = String::new();
    write_header(&mut text, options);
    write_crate(&mut text, &generated.api);
    write_client(&mut text, &generated.api);
    write_servers(&mut text, &generated.api);
    write_operations(&mut text, &generated.api, &operations);
    write_sensitive_fields(&mut text, &generated.api);
    write_other_keys(&mut text);
    write_warnings(&mut text, &generated.warnings);
    Ok(Starter { text, generated })
}

fn write_header(out: &mut String, options: &StarterOptions<'_>) {
    let _ = writeln!(
        out,
        "# Generator configuration: `sdkgen generate --config FILE` reads it; `sdkgen check --config FILE`\n\
         # tells whether the crate is up to date. As written it generates what the spec alone does; change a\n\
         # key to change the crate. Paths are relative to this file.\n\
         spec: {}\n\
         output: {}\n",
        scalar(options.spec_key),
        scalar(options.output_key)
    );
}

fn write_crate(out: &mut String, api: &Api) {
    let krate = &api.krate;
    let _ = writeln!(
        out,
        "# The package: its library is `{}`.\ncrate:\n  name: {}\n  version: {}\n  description: {}",
        krate.lib_name,
        scalar(&krate.name),
        scalar(&krate.version),
        scalar(&krate.description)
    );
    match &krate.license {
        Some(license) => {
            let _ = writeln!(out, "  license: {}", scalar(license));
        }
        None => out.push_str("  # license: Apache-2.0   (the spec names none)\n"),
    }
    out.push('\n');
}

fn write_client(out: &mut String, api: &Api) {
    out.push_str("# The environment variables `Client::from_env` reads.\nclient:\n");
    let _ = writeln!(out, "  token_env: {}", scalar(&api.auth.token_env));
    let _ = writeln!(out, "  base_url_env: {}", scalar(&api.auth.base_url_env));
    for scheme in &api.auth.schemes {
        let kind = match &scheme.kind {
            SchemeKind::Bearer => "a bearer token".to_owned(),
            SchemeKind::Basic => "user name and password".to_owned(),
            SchemeKind::ApiKey { setter, .. } => format!("an API key, `ClientBuilder::{setter}`"),
        };
        let _ = writeln!(
            out,
            "  # security scheme {} ({kind}): {}",
            one_line(scheme.id.as_str()),
            scheme.env.join(", ")
        );
    }
    out.push('\n');
}

fn write_servers(out: &mut String, api: &Api) {
    if api.servers.is_empty() {
        out.push_str(
            "# The spec names no server: callers set one with `ClientBuilder::base_url`.\n# servers: [Production]\n\n",
        );
        return;
    }
    out.push_str("# Variant names of `Server`, one per server of the spec, in its order.\nservers:\n");
    for server in &api.servers {
        let _ = writeln!(
            out,
            "  - {}   # {}",
            scalar(&server.name),
            one_line(&server.url_template)
        );
    }
    out.push('\n');
}

/// One line per generated operation, in the spec's order (the order generation visits them in, which
/// decides which of two identical inline schemas names their type).
fn write_operations(out: &mut String, api: &Api, spec_operations: &[(String, String)]) {
    // The first method of an operation carries its name; the others add a content-type suffix to it.
    let mut by_pointer: BTreeMap<&str, (&str, &str, &str, &str)> = BTreeMap::new();
    for group in &api.groups {
        for method in &group.methods {
            by_pointer.entry(method.pointer.as_str()).or_insert((
                group.name.as_str(),
                method.name.as_str(),
                method.http_method.as_str(),
                method.path_template.as_str(),
            ));
        }
    }
    let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, id) in spec_operations {
        *ids.entry(id.as_str()).or_default() += 1;
    }
    let shared: Vec<&str> = ids.iter().filter(|(_, n)| **n > 1).map(|(id, _)| *id).collect();
    // An `operations` list names operations by id: with two of the same id it cannot name either,
    // so the list stays a suggestion and every operation is generated.
    let prefix = if shared.is_empty() {
        out.push_str(
            "# The operations to generate, each with its group (`client.<group>()`) and method name. An\n\
             # operation of the spec that is not listed is not generated; a listed one that cannot be is an\n\
             # error. Leave the key out to generate every operation the spec has.\n\
             operations:\n",
        );
        ""
    } else {
        let _ = writeln!(
            out,
            "# Several operations share the operationId {}: an `operations` list cannot tell them apart,\n\
             # so it is left commented out and every operation is generated. Give each its own id in the\n\
             # spec to list them.\n# operations:",
            shared.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ")
        );
        "# "
    };
    for (pointer, id) in spec_operations {
        match by_pointer.get(pointer.as_str()) {
            Some((group, name, method, path)) => {
                let _ = writeln!(
                    out,
                    "{prefix}  - {{ id: {}, group: {}, name: {} }}   # {method} {}",
                    scalar(id),
                    scalar(group),
                    scalar(name),
                    one_line(path)
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "#   - {{ id: {} }}   # not generated: see the warnings at the end",
                    scalar(id)
                );
            }
        }
    }
    out.push('\n');
}

/// Names of fields and parameters that look like credentials and are not redacted yet.
fn write_sensitive_fields(out: &mut String, api: &Api) {
    let mut names: Vec<&str> = Vec::new();
    for ty in &api.types {
        if let TypeKind::Struct(s) = &ty.kind {
            names.extend(
                s.fields
                    .iter()
                    .filter(|f| !f.sensitive && lower::looks_secret(&f.wire_name))
                    .map(|f| f.wire_name.as_str()),
            );
        }
    }
    for method in api.groups.iter().flat_map(|g| &g.methods) {
        let params = method
            .path_params
            .iter()
            .chain(&method.query_params)
            .chain(&method.header_params)
            .chain(&method.cookie_params);
        names.extend(
            params
                .filter(|p| !p.sensitive && lower::looks_secret(&p.wire_name))
                .map(|p| p.wire_name.as_str()),
        );
        if let Some(body) = &method.body {
            names.extend(
                body.parts
                    .iter()
                    .filter(|p| lower::looks_secret(&p.wire_name))
                    .map(|p| p.wire_name.as_str()),
            );
        }
    }
    names.sort_unstable();
    names.dedup();
    out.push_str(
        "# Wire names of fields and parameters whose values are secrets: `Debug` prints them as\n\
         # `*** redacted ***`. Headers and cookies named like credentials are redacted already.\n",
    );
    if names.is_empty() {
        out.push_str("# sensitive_fields: [password]\n\n");
        return;
    }
    out.push_str("# These names look like credentials; uncomment the ones that are:\n# sensitive_fields:\n");
    for name in names {
        let _ = writeln!(out, "#   - {}", scalar(name));
    }
    out.push('\n');
}

fn write_other_keys(out: &mut String) {
    out.push_str(
        "# Extension fields whose text joins an operation's docs, after its description (`x-mint.content`:\n\
         # the `content` of the operation's `x-mint`).\n\
         # doc_extensions: [x-mint.content]\n\
         \n\
         # String fields every error body carries, made into accessors on the errors (`err.code()`).\n\
         # errors:\n\
         #   code_field: code\n\
         #   message_field: message\n\
         \n\
         # Rust names for component schemas (by name) or inline schemas (by JSON pointer), where the\n\
         # derived name misleads or collides.\n\
         # type_names:\n\
         #   result: ResultBody\n\
         \n\
         # The runtime (client, calls, retries, errors, encodings) is copied into the crate. To depend on\n\
         # the `sdkgen-runtime` crate instead (SDKs of one workspace then share it):\n\
         # runtime:\n",
    );
    let _ = writeln!(
        out,
        "#   crate: {{ version: \"{}\" }}   # or {{ path: ../sdkgen-runtime }}\n",
        crate::emit::RUNTIME_VERSION
    );
}

/// Every warning, grouped by category: how many, what avoids them, and each place.
fn write_warnings(out: &mut String, warnings: &Diagnostics) {
    if warnings.is_empty() {
        out.push_str("# The spec generates without a warning.\n");
        return;
    }
    let summary = warnings.summary();
    let _ = writeln!(
        out,
        "# What the spec loses in generation: {} warnings in {} categories, each with what avoids it.",
        summary.warnings,
        summary.categories.len()
    );
    for c in &summary.categories {
        let _ = writeln!(
            out,
            "#\n# {} × {} [{}]",
            c.count,
            one_line(c.category.title()),
            c.category.code()
        );
        let _ = writeln!(out, "#   avoid: {}", one_line(c.avoid()));
        for d in warnings
            .items()
            .iter()
            .filter(|d| d.category == c.category && d.severity == c.severity)
        {
            let _ = writeln!(out, "#   - {}: {}", one_line(&d.pointer), one_line(&d.message));
        }
    }
}

/// A YAML scalar: as it is when it reads back as the same string, JSON-quoted otherwise (JSON strings
/// are YAML double-quoted scalars).
fn scalar(text: &str) -> String {
    let plain = text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

/// Text for a comment: one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for text in [
            "plain",
            "with: colon",
            "# hash",
            "yes",
            "1.0",
            "",
            "a \"quote\"",
            "{braces}, comma",
        ] {
            let yaml = format!("value: {}\n", scalar(text));
            let back: BTreeMap<String, String> = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(back["value"], text, "{yaml}");
        }
    }

    /// For every fixture spec, the starter configuration loads and generates the files the spec
    /// generates with no configuration.
    #[test]
    fn the_starter_generates_what_the_spec_alone_does() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut specs: Vec<_> = std::fs::read_dir(&fixtures)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        specs.sort();
        assert!(specs.len() > 20, "{specs:?}");
        for spec in specs {
            let starter = starter_config(&StarterOptions {
                spec_path: &spec,
                spec_key: "spec.yaml",
                output_key: "out",
                crate_name: "starter-sdk",
            })
            .unwrap_or_else(|d| panic!("{}: {d}", spec.display()));
            let config = Config::load_str(&starter.text, "sdkgen.yaml")
                .unwrap_or_else(|d| panic!("{}: {d}\n{}", spec.display(), starter.text));
            assert_eq!(config.spec.as_deref(), Some("spec.yaml"));
            let with_config = crate::Generator::new(&spec)
                .config(config, "sdkgen.yaml")
                .generate()
                .unwrap_or_else(|d| panic!("{}: {d}\n{}", spec.display(), starter.text));
            assert!(
                with_config.files == starter.generated.files,
                "{}: the starter configuration changes the crate:\n{}",
                spec.display(),
                starter.text
            );
        }
    }

    #[test]
    fn crate_names_come_from_file_stems() {
        assert_eq!(crate_name_for(Path::new("specs/Pet Store.v2.yaml")), "pet-store-v2");
        assert_eq!(crate_name_for(Path::new("2024.json")), DEFAULT_CRATE_NAME);
    }

    #[test]
    fn credential_words_are_whole_words() {
        assert!(lower::looks_secret("accessToken"));
        assert!(lower::looks_secret("client_secret"));
        assert!(lower::looks_secret("X-API-Key"));
        assert!(!lower::looks_secret("keywords"));
        assert!(!lower::looks_secret("monkey"));
    }
}
