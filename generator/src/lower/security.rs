//! Security requirements → what the runtime can satisfy. It sends a bearer token (HTTP bearer, or an
//! OAuth 2 / OpenID Connect token the user obtained) or nothing; an operation that accepts neither
//! cannot be called through it.

use openapiv3::{APIKeyLocation, OpenAPI, Operation, ReferenceOr, SecurityRequirement, SecurityScheme};

/// Whether the named scheme is satisfied by a bearer token; `Err` describes the scheme otherwise.
pub(super) fn bearer_scheme(spec: &OpenAPI, name: &str) -> Result<(), String> {
    let scheme = spec.components.as_ref().and_then(|c| c.security_schemes.get(name));
    match scheme {
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer") => Ok(()),
        Some(ReferenceOr::Item(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. })) => Ok(()),
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) => Err(format!("`{name}` (HTTP {scheme})")),
        Some(ReferenceOr::Item(SecurityScheme::APIKey {
            location, name: key, ..
        })) => {
            let place = match location {
                APIKeyLocation::Query => "query parameter",
                APIKeyLocation::Header => "header",
                APIKeyLocation::Cookie => "cookie",
            };
            Err(format!("`{name}` (an API key in the {place} `{key}`)"))
        }
        Some(ReferenceOr::Reference { .. }) => Err(format!("`{name}` (given as `$ref`)")),
        None => Err(format!("`{name}` (not defined in `components/securitySchemes`)")),
    }
}

/// Whether a list of alternative requirements can be met by a bearer token or by nothing: `Ok(true)`
/// when a bearer token meets one, `Ok(false)` when anonymous requests are allowed (or nothing is
/// required), `Err` naming the schemes when neither.
pub(super) fn satisfiable(spec: &OpenAPI, requirements: &[SecurityRequirement]) -> Result<bool, String> {
    if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
        return Ok(false);
    }
    let mut unsupported = Vec::new();
    for requirement in requirements {
        let failures: Vec<String> = requirement
            .keys()
            .filter_map(|n| bearer_scheme(spec, n).err())
            .collect();
        if failures.is_empty() {
            return Ok(true);
        }
        unsupported.extend(failures);
    }
    unsupported.dedup();
    Err(format!(
        "Not supported yet: security {}; the runtime sends a bearer token only",
        unsupported.join(", ")
    ))
}

/// Whether the runtime can call the operation, by its own `security` or the spec's.
pub(super) fn check_operation(spec: &OpenAPI, op: &Operation) -> Result<(), String> {
    let requirements = op.security.as_deref().or(spec.security.as_deref()).unwrap_or_default();
    satisfiable(spec, requirements).map(|_| ())
}
