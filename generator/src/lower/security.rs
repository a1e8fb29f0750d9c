//! Security requirements → the schemes `ClientBuilder` offers and the alternatives each method accepts.
//! The runtime sends a bearer token (HTTP bearer, or an OAuth 2 / OpenID Connect token the user
//! obtained), HTTP basic credentials, or API keys in a header, the query or a cookie.

use openapiv3::{APIKeyLocation, OpenAPI, Operation, ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::ir::{ApiKeyLocation, SchemeId, SchemeKind};

/// A scheme as the runtime can send it, before the API key setters are named.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    Bearer,
    Basic,
    ApiKey {
        location: ApiKeyLocation,
        wire_name: String,
    },
}

impl Kind {
    pub(super) fn into_ir(self, setter: Option<String>) -> SchemeKind {
        match self {
            Kind::Bearer => SchemeKind::Bearer,
            Kind::Basic => SchemeKind::Basic,
            Kind::ApiKey { location, wire_name } => SchemeKind::ApiKey {
                location,
                wire_name,
                setter: setter.unwrap_or_else(|| "api_key".to_owned()),
            },
        }
    }
}

/// The named scheme, as the runtime sends it, with its description; `Err` describes a scheme it cannot
/// send.
pub(super) fn scheme(spec: &OpenAPI, name: &str) -> Result<(Kind, Option<String>), String> {
    let scheme = spec.components.as_ref().and_then(|c| c.security_schemes.get(name));
    match scheme {
        Some(ReferenceOr::Item(SecurityScheme::HTTP {
            scheme, description, ..
        })) if scheme.eq_ignore_ascii_case("bearer") => Ok((Kind::Bearer, description.clone())),
        Some(ReferenceOr::Item(SecurityScheme::HTTP {
            scheme, description, ..
        })) if scheme.eq_ignore_ascii_case("basic") => Ok((Kind::Basic, description.clone())),
        Some(ReferenceOr::Item(
            SecurityScheme::OAuth2 { description, .. } | SecurityScheme::OpenIDConnect { description, .. },
        )) => Ok((Kind::Bearer, description.clone())),
        Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) => Err(format!("`{name}` (HTTP {scheme})")),
        Some(ReferenceOr::Item(SecurityScheme::APIKey {
            location,
            name: key,
            description,
            ..
        })) => {
            let location = match location {
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            };
            if !is_token(key) {
                return Err(format!(
                    "`{name}` (an API key named `{key}`, which is not a valid header or cookie name)"
                ));
            }
            let wire_name = key.clone();
            Ok((Kind::ApiKey { location, wire_name }, description.clone()))
        }
        Some(ReferenceOr::Reference { .. }) => Err(format!("`{name}` (given as `$ref`)")),
        None => Err(format!("`{name}` (not defined in `components/securitySchemes`)")),
    }
}

/// An HTTP token (RFC 9110): what a header or cookie name may be.
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Alternatives of security requirements, each the names of schemes that must all be satisfied.
pub(super) type Alternatives = Vec<Vec<SchemeId>>;

/// The alternatives the runtime can satisfy, by scheme name, and descriptions of the schemes of the
/// alternatives it dropped because it cannot send them. When it can satisfy none, the only alternative
/// left is to send no credentials: the caller adds them to each call (a header, a hook).
pub(super) fn alternatives(spec: &OpenAPI, requirements: &[SecurityRequirement]) -> (Alternatives, Vec<String>) {
    let mut kept = Vec::new();
    let mut unsupported = Vec::new();
    for requirement in requirements {
        let failures: Vec<String> = requirement.keys().filter_map(|n| scheme(spec, n).err()).collect();
        if failures.is_empty() {
            kept.push(requirement.keys().map(|name| SchemeId(name.clone())).collect());
        } else {
            unsupported.extend(failures);
        }
    }
    if kept.is_empty() && !requirements.is_empty() {
        kept.push(Vec::new());
    }
    unsupported.dedup();
    (kept, unsupported)
}

/// The operation's security (its own, else the spec's): `None` when neither declares any; with the
/// schemes of the alternatives left out.
pub(super) fn operation(spec: &OpenAPI, op: &Operation) -> (Option<Alternatives>, Vec<String>) {
    match op.security.as_deref().or(spec.security.as_deref()) {
        None => (None, Vec::new()),
        Some(requirements) => {
            let (kept, dropped) = alternatives(spec, requirements);
            (Some(kept), dropped)
        }
    }
}
