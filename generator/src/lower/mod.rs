//! Lowering: `openapiv3::OpenAPI` + configuration → [`ir::Api`](crate::ir::Api). Never builds tokens.

mod compose;
mod normalize;
mod operations;
mod refs;
mod responses;
mod schemas;
mod security;

pub(crate) use schemas::ADDITIONAL_FIELD;

use openapiv3::OpenAPI;

use crate::config::Config;
use crate::diag::{Diagnostics, Pointer};
use crate::ir::{Api, Auth, Crate, Server};
use crate::names;

/// Lowers a spec. Returns `None` when any error was found; `diags` then says what and where.
pub fn lower(spec: &OpenAPI, config: &Config, config_name: &str, diags: &mut Diagnostics) -> Option<Api> {
    let krate = lower_crate(spec, config, config_name, diags);
    let servers = lower_servers(spec, config, config_name, diags);
    let auth = lower_auth(spec, config, diags);
    let mut types = schemas::Types::new(spec, config);
    let (groups, errors) = operations::lower_operations(spec, config, config_name, &mut types, diags);
    let types = types.finish();
    if diags.has_errors() {
        return None;
    }
    Some(Api {
        krate: krate?,
        servers,
        auth,
        groups,
        types,
        errors,
        error_accessors: error_accessors(config),
    })
}

/// The accessors the configuration asks for (`errors.code_field`, `errors.message_field`).
fn error_accessors(config: &Config) -> Vec<crate::ir::ErrorAccessor> {
    [&config.errors.code_field, &config.errors.message_field]
        .into_iter()
        .flatten()
        .filter_map(|wire_name| {
            Some(crate::ir::ErrorAccessor {
                name: names::snake_name(wire_name)?,
                wire_name: wire_name.clone(),
            })
        })
        .collect()
}

fn lower_crate(spec: &OpenAPI, config: &Config, config_name: &str, diags: &mut Diagnostics) -> Option<Crate> {
    let name = &config.krate.name;
    let valid = !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if !valid {
        diags.error(
            format!("{config_name}: #/crate/name"),
            format!("`{name}` is not a valid crate name"),
        );
        return None;
    }
    Some(Crate {
        name: name.clone(),
        lib_name: name.replace('-', "_"),
        version: config.krate.version.clone(),
        description: config
            .krate
            .description
            .clone()
            .unwrap_or_else(|| format!("Rust client for {}", spec.info.title)),
        license: config
            .krate
            .license
            .clone()
            .or_else(|| spec.info.license.as_ref().map(|l| l.name.clone())),
        api_title: spec.info.title.clone(),
        api_version: spec.info.version.clone(),
        api_description: spec.info.description.clone(),
    })
}

fn lower_servers(spec: &OpenAPI, config: &Config, config_name: &str, diags: &mut Diagnostics) -> Vec<Server> {
    if !config.servers.is_empty() && config.servers.len() != spec.servers.len() {
        diags.error(
            format!("{config_name}: #/servers"),
            format!(
                "{} server names for the {} servers of the spec",
                config.servers.len(),
                spec.servers.len()
            ),
        );
    }
    let mut servers: Vec<Server> = Vec::new();
    for (index, server) in spec.servers.iter().enumerate() {
        let ptr = Pointer::root().join("servers").join(index.to_string());
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            diags.warning(
                ptr.join("variables").join(name),
                format!(
                    "Not supported yet: server variables; `{{{name}}}` is its default `{}`",
                    variable.default
                ),
            );
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        let name = config
            .servers
            .get(index)
            .cloned()
            .or_else(|| host_label(&url).and_then(|label| names::type_name(&label)))
            .filter(|name| servers.iter().all(|s| &s.name != name))
            .unwrap_or_else(|| format!("Server{index}"));
        servers.push(Server {
            name,
            url,
            description: server.description.clone(),
        });
    }
    servers
}

/// `https://us.example.com/v1` → `us`.
fn host_label(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', ':']).next()?;
    host.split('.').next().filter(|l| !l.is_empty()).map(str::to_owned)
}

fn lower_auth(spec: &OpenAPI, config: &Config, diags: &mut Diagnostics) -> Auth {
    let prefix = config.env_prefix();
    let requirements = spec.security.as_deref().unwrap_or_default();
    for (index, requirement) in requirements.iter().enumerate() {
        for name in requirement.keys() {
            if let Err(scheme) = security::bearer_scheme(spec, name) {
                diags.warning(
                    Pointer::root().join("security").join(index.to_string()),
                    format!("Not supported yet: security {scheme}; operations that require it are not generated"),
                );
            }
        }
    }
    // The client insists on a token only when the spec's requirements can be met by one and by
    // nothing else.
    let bearer_required = security::satisfiable(spec, requirements).unwrap_or(false);
    Auth {
        bearer_required,
        token_env: config
            .client
            .token_env
            .clone()
            .unwrap_or_else(|| format!("{prefix}_TOKEN")),
        base_url_env: config
            .client
            .base_url_env
            .clone()
            .unwrap_or_else(|| format!("{prefix}_BASE_URL")),
    }
}
