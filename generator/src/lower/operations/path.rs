//! The path template (`/api/{serviceId}/x`) against the declared path parameters: a parameter the
//! template names but nobody declares is added as a required string, one it does not name is dropped
//! (each with a warning), and the template is split into the [`PathPart`]s of
//! [`ir::Method::path`](crate::ir::Method::path), which index
//! [`ir::Method::path_params`](crate::ir::Method::path_params).

use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Param, ParamShape, ParamStyle as Style, PathPart, TypeRef};
use crate::names;

/// Makes the declared path parameters those the template names: adds the ones it names without
/// declaring (see [`undeclared_path_params`]) and drops the ones it does not name, with a warning.
/// `unusable` are declared ones whose type could not be lowered (already reported).
pub(super) fn match_template(
    template: &str,
    params: &mut Vec<Param>,
    unusable: &[String],
    ptr: &Pointer,
    diags: &mut Diagnostics,
) {
    let added = undeclared_path_params(template, params, unusable, ptr, diags);
    params.extend(added);
    params.retain(|p| {
        let used = template.contains(&format!("{{{}}}", p.wire_name));
        if !used {
            diags.warning_with_fix(
                Category::PathParameterUnused,
                ptr,
                format!(
                    "the path parameter `{}` does not appear in the path template; the method does not take it",
                    p.wire_name
                ),
                "remove the parameter, or name it in the path template",
            );
        }
        used
    });
}

/// The parameters a path template names without declaring them: each a required string, with a
/// warning, so that the operation can still be called.
fn undeclared_path_params(
    template: &str,
    declared: &[Param],
    unusable: &[String],
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Vec<Param> {
    let mut added: Vec<Param> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        rest = &rest[close + 1..];
        let known = declared.iter().chain(&added).any(|p| p.wire_name == name) || unusable.iter().any(|u| u == name);
        if known {
            continue;
        }
        let rust_name = names::snake_name(name).unwrap_or_else(|| format!("path_param_{}", added.len() + 1));
        diags.warning_with_fix(
            Category::PathParameterUndeclared,
            ptr,
            format!("the path template names `{{{name}}}`, but no path parameter `{name}` is declared; the method takes it as a required string `{rust_name}`"),
            format!("declare it: `{{name: {name}, in: path, required: true, schema: {{type: string}}}}`"),
        );
        added.push(Param {
            wire_name: name.to_owned(),
            rust_name,
            ty: TypeRef::String,
            shape: ParamShape::Scalar,
            required: true,
            style: Style::Simple,
            explode: false,
            sensitive: false,
            description: None,
            example: None,
        });
    }
    added
}

/// Splits `/api/{serviceId}/x` into literals and parameters; every `{name}` must be a declared path
/// parameter (the caller has added the undeclared ones and left out those the template does not name).
pub(super) fn parse_path(
    template: &str,
    params: &[Param],
    unusable: &[String],
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Option<Vec<PathPart>> {
    let mut parts = Vec::new();
    let mut rest = template;
    let mut ok = true;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            diags.error(
                Category::InvalidPathTemplate,
                ptr,
                format!("the path template `{template}` has an unclosed `{{`"),
            );
            return None;
        };
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let name = &rest[open + 1..close];
        match params.iter().position(|p| p.wire_name == name) {
            Some(index) => parts.push(PathPart::Param(index)),
            None => {
                if !unusable.iter().any(|u| u == name) {
                    diags.error(
                        Category::PathParameterUndeclared,
                        ptr,
                        format!("the path template names `{{{name}}}`, but no path parameter `{name}` is declared"),
                    );
                }
                ok = false;
            }
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    ok.then_some(parts)
}
