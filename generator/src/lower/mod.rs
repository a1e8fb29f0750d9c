//! Lowering: `openapiv3::OpenAPI` + configuration → [`ir::Api`](crate::ir::Api). Never builds tokens.

mod compose;
mod normalize;
mod operations;
mod refs;
mod responses;
mod schemas;
mod security;
mod servers;
mod webhooks;

pub(crate) use operations::{looks_secret, spec_operations};
pub(crate) use schemas::ADDITIONAL_FIELD;

use openapiv3::OpenAPI;

use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Api, Auth, Crate, Group, Runtime, SchemeId, SecurityScheme};
use crate::names;

/// Lowers a spec. Returns `None` when any error was found; `diags` then says what and where.
pub fn lower(spec: &OpenAPI, config: &Config, config_name: &str, diags: &mut Diagnostics) -> Option<Api> {
    let krate = lower_crate(spec, config, config_name, diags);
    let servers = servers::lower_servers(spec, config, config_name, diags);
    let mut types = schemas::Types::new(spec, config);
    types.name_components(diags);
    let (groups, errors) = operations::lower_operations(spec, config, config_name, &mut types, diags);
    let webhooks = webhooks::lower_webhooks(spec, &mut types, diags);
    let auth = lower_auth(spec, config, &groups, diags);
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
        webhooks,
    })
}

/// The accessors the configuration asks for (`errors.code_field`, `errors.message_field`).
fn error_accessors(config: &Config) -> Vec<crate::ir::ErrorAccessor> {
    [&config.errors.code_field, &config.errors.message_field]
        .into_iter()
        .flatten()
        .filter_map(|wire_name| {
            Some(crate::ir::ErrorAccessor {
                rust_name: names::snake_name(wire_name)?,
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
            Category::InvalidConfig,
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
            .unwrap_or_else(|| format!("Rust client for {}", one_line(&spec.info.title))),
        license: config
            .krate
            .license
            .clone()
            .or_else(|| spec.info.license.as_ref().map(|l| l.name.clone())),
        api_title: one_line(&spec.info.title),
        api_version: one_line(&spec.info.version),
        api_description: spec.info.description.clone(),
        runtime: match &config.runtime.krate {
            None => Runtime::Vendored,
            Some(krate) => Runtime::Crate {
                version: krate
                    .version
                    .clone()
                    .unwrap_or_else(|| crate::emit::RUNTIME_VERSION.to_owned()),
                path: krate.path.clone(),
            },
        },
    })
}

/// Text the docs and the README put inside a sentence: on a line of its own, a title's text could
/// start a code block or a heading.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The schemes the generated methods use, with their `ClientBuilder` setters; and whether a client
/// without credentials would be useless (every method needs some).
fn lower_auth(spec: &OpenAPI, config: &Config, groups: &[Group], diags: &mut Diagnostics) -> Auth {
    let prefix = config.env_prefix();
    let requirements = spec.security.as_deref().unwrap_or_default();
    for (index, requirement) in requirements.iter().enumerate() {
        for name in requirement.keys() {
            if let Err(scheme) = security::scheme(spec, name) {
                diags.warning(
                    Category::SecurityUnsupported,
                    Pointer::root().join("security").join(index.to_string()),
                    format!("Not supported yet: security {scheme}; operations that require only it send no credentials of their own"),
                );
            }
        }
    }
    let token_env = config
        .client
        .token_env
        .clone()
        .unwrap_or_else(|| format!("{prefix}_TOKEN"));
    let methods = || groups.iter().flat_map(|g| &g.methods);
    let mut used: Vec<&str> = methods()
        .flat_map(|m| m.security.iter().flatten().flatten())
        .map(SchemeId::as_str)
        .collect();
    used.sort_unstable();
    used.dedup();
    let kinds: Vec<(&str, security::Kind, Option<String>)> = used
        .into_iter()
        .filter_map(|name| security::scheme(spec, name).ok().map(|(kind, d)| (name, kind, d)))
        .collect();
    let api_keys = kinds
        .iter()
        .filter(|(_, kind, _)| matches!(kind, security::Kind::ApiKey { .. }))
        .count();
    let mut schemes: Vec<SecurityScheme> = Vec::new();
    for (name, kind, description) in kinds {
        let setter = match &kind {
            security::Kind::ApiKey { .. } if api_keys > 1 => {
                let Some(snake) = names::snake_name(name) else {
                    diags.error(
                        Category::NameUnrepresentable,
                        Pointer::root().join("components").join("securitySchemes").join(name),
                        format!("cannot make a Rust name from the security scheme `{name}`"),
                    );
                    continue;
                };
                let setter = if snake.starts_with("api_key") {
                    snake
                } else {
                    format!("api_key_{snake}")
                };
                let clash = schemes.iter().any(
                    |s| matches!(&s.kind, crate::ir::SchemeKind::ApiKey { setter: other, .. } if *other == setter),
                );
                if clash {
                    diags.error(
                        Category::NameCollision,
                        Pointer::root().join("components").join("securitySchemes").join(name),
                        format!("two API key schemes would both be set with `ClientBuilder::{setter}`"),
                    );
                    continue;
                }
                Some(setter)
            }
            _ => None,
        };
        let kind = kind.into_ir(setter);
        let env = match &kind {
            crate::ir::SchemeKind::Bearer => vec![token_env.clone()],
            crate::ir::SchemeKind::Basic => vec![format!("{prefix}_USERNAME"), format!("{prefix}_PASSWORD")],
            crate::ir::SchemeKind::ApiKey { setter, .. } => vec![format!("{prefix}_{}", setter.to_uppercase())],
        };
        schemes.push(SecurityScheme {
            id: SchemeId(name.to_owned()),
            kind,
            env,
            description,
        });
    }
    // The client insists on credentials only when no method can be called without them.
    let credentials_required = methods().next().is_some()
        && methods().all(|m| {
            m.security
                .as_ref()
                .is_some_and(|alternatives| !alternatives.is_empty() && alternatives.iter().all(|a| !a.is_empty()))
        });
    Auth {
        credentials_required,
        schemes,
        token_env,
        base_url_env: config
            .client
            .base_url_env
            .clone()
            .unwrap_or_else(|| format!("{prefix}_BASE_URL")),
    }
}
