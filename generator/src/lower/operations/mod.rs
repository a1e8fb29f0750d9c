//! Operations → methods: the outline. Which operations are generated and their names (`select`), then
//! for each one its server, security, parameters (`params`, with the path template in `path`), one
//! method per request body content type (`body`, `multipart`) and its responses by status; the methods
//! are gathered into [`ir::Group`](crate::ir::Group)s (`groups`), each an [`ir::Method`](crate::ir::Method).
//! An operation that cannot be generated is left out whole, with warnings saying why; one the
//! configuration lists is an error instead.

mod body;
mod groups;
mod multipart;
mod naming;
mod params;
mod path;
mod select;

pub(crate) use params::looks_secret;
pub(crate) use select::spec_operations;

use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, Operation, ReferenceOr, RequestBody};

use super::refs;
use super::responses::{Documented, lower_responses, resolve_errors};
use super::schemas::Types;
use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{ErrorStatus, Group, Method};
use body::{content_suffix, lower_bodies};
use groups::Grouping;
use params::Params;
use select::Selected;

/// Lowers the operations the configuration selects (or all of them) into groups, and collects the
/// error statuses they document.
pub(crate) fn lower_operations(
    spec: &OpenAPI,
    config: &Config,
    config_name: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Group>, Vec<ErrorStatus>) {
    let found = select::find_operations(spec, diags);
    let selected = select::select(&found, config, config_name, diags);
    // Without an `operations` list the user asked for "everything that can be generated": an operation
    // that cannot be is left out with warnings saying why. A listed operation stays an error.
    let skip_failures = config.operations.is_none();
    check_doc_extensions(config, config_name, diags);
    let mut groups = Grouping::default();
    let mut errors: Vec<Documented> = Vec::new();
    for sel in &selected {
        let start = diags.len();
        let checkpoint = types.checkpoint();
        let errors_checkpoint = errors.len();
        let methods = lower_operation(spec, sel, config, types, &mut errors, diags).unwrap_or_default();
        let methods = groups.distinct_method_names(sel, methods, diags);
        if diags.has_errors_since(start) {
            types.restore(checkpoint);
            errors.truncate(errors_checkpoint);
            if skip_failures {
                diags.demote_since(start);
                diags.warning_with_fix(
                    Category::OperationSkipped,
                    &sel.found.ptr,
                    format!(
                        "skipped: the operation `{}` is not generated, for the reasons above",
                        sel.id
                    ),
                    "change the spec as the reasons say, or list the operations to generate in the configuration",
                );
            }
            continue;
        }
        groups.add(sel, methods, diags);
    }
    let errors = resolve_errors(&errors, diags);
    (groups.finish(), errors)
}

/// Each of `doc_extensions` must be a path into an extension (`x-name` or `x-name.key.key`).
fn check_doc_extensions(config: &Config, config_name: &str, diags: &mut Diagnostics) {
    for (index, path) in config.doc_extensions.iter().enumerate() {
        if !path.starts_with("x-") || path.split('.').any(str::is_empty) {
            diags.error(
                Category::InvalidConfig,
                format!("{config_name}: #/doc_extensions/{index}"),
                format!("`{path}` is not a path into an extension: `x-name` or `x-name.key.key`"),
            );
        }
    }
}

/// One operation → its methods (one per body content type). `None` when it cannot be generated; the
/// diagnostics say why.
fn lower_operation(
    spec: &OpenAPI,
    sel: &Selected<'_>,
    config: &Config,
    types: &mut Types<'_>,
    errors: &mut Vec<Documented>,
    diags: &mut Diagnostics,
) -> Option<Vec<Method>> {
    let found = sel.found;
    let op = found.op;
    let ptr = &found.ptr;
    let base_type = sel.id.to_upper_camel_case();
    let before = diags.len();

    let server = super::servers::operation_server(spec, found.item, &found.item_ptr, op, ptr, diags);
    if !op.callbacks.is_empty() {
        diags.warning(
            Category::CallbacksIgnored,
            ptr.join("callbacks"),
            "Not supported yet: callbacks (requests the server sends); the operation is generated without them",
        );
    }
    let security = operation_security(spec, op, ptr, diags);

    let Params {
        path: mut path_params,
        query: mut query_params,
        header: mut header_params,
        cookie: mut cookie_params,
        unusable_path: unusable_path_params,
    } = params::lower_params(spec, sel, config, &base_type, types, diags);
    // A body sent whole is the argument `body`, which no parameter may take.
    let whole_body = op.request_body.as_ref().is_some_and(|body| {
        refs::resolve::<RequestBody>(spec, body)
            .is_ok_and(|(body, _)| body.content.keys().any(|media| !media.starts_with("multipart/")))
    });
    let taken = params::distinct_param_names(
        [
            &mut path_params,
            &mut query_params,
            &mut header_params,
            &mut cookie_params,
        ],
        whole_body,
        ptr,
        diags,
    );
    let path = path::parse_path(found.path, &path_params, &unusable_path_params, ptr, diags);

    let mut bodies = match &op.request_body {
        Some(body) => lower_bodies(spec, body, &ptr.join("requestBody"), &base_type, types, diags),
        None => vec![None],
    };
    // Parts live in their own method (`…_multipart`), without the argument `body`.
    multipart::distinct_part_names(&mut bodies, &taken[usize::from(whole_body)..], ptr, diags);
    let responses = lower_responses(spec, op, ptr, &base_type, types, diags);
    let error_keys = responses.error_keys();

    if diags.has_errors_since(before) || bodies.is_empty() {
        return None;
    }
    let (path, success) = (path?, responses.success?);
    errors.extend(responses.errors);
    let extension_docs = extension_docs(op, &config.doc_extensions, ptr, diags);
    let methods = bodies
        .into_iter()
        .enumerate()
        .map(|(index, body)| {
            let name = match (&body, index) {
                (Some(b), i) if i > 0 => format!("{}_{}", sel.name, content_suffix(b.content)),
                _ => sel.name.clone(),
            };
            Method {
                type_name: name.to_upper_camel_case(),
                name,
                operation_id: sel.id.clone(),
                http_method: found.method,
                path_template: found.path.to_owned(),
                path: path.clone(),
                path_params: path_params.clone(),
                query_params: query_params.clone(),
                header_params: header_params.clone(),
                cookie_params: cookie_params.clone(),
                security: security.clone(),
                server: server.clone(),
                body,
                success: success.clone(),
                errors: error_keys.clone(),
                summary: op.summary.clone(),
                description: op.description.clone(),
                extension_docs: extension_docs.clone(),
                deprecated: op.deprecated,
                pointer: ptr.as_str().to_owned(),
            }
        })
        .collect();
    Some(methods)
}

/// The operation's security (its own, else the spec's), with a warning for the schemes the runtime
/// cannot send.
fn operation_security(
    spec: &OpenAPI,
    op: &Operation,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Option<super::security::Alternatives> {
    let (security, dropped) = super::security::operation(spec, op);
    if !dropped.is_empty() {
        let none_left = security.as_ref().is_some_and(|s| s.len() == 1 && s[0].is_empty())
            && op
                .security
                .as_deref()
                .or(spec.security.as_deref())
                .is_some_and(|r| r.iter().all(|a| !a.is_empty()));
        if none_left {
            diags.warning_with_fix(
                Category::SecurityUnsupported,
                ptr.join("security"),
                format!(
                    "Not supported yet: security {}; the runtime sends bearer tokens, HTTP basic credentials and API keys, so the method sends no credentials: add them to each call (`.header(…)`) or in a hook",
                    dropped.join(", ")
                ),
                "offer a bearer token, HTTP basic or an API key as an alternative",
            );
        } else {
            diags.warning(
                Category::SecurityUnsupported,
                ptr.join("security"),
                format!(
                    "Not supported yet: security {}; the alternatives that need it are left out",
                    dropped.join(", ")
                ),
            );
        }
    }
    security
}

/// The text at each of `paths` (`x-mint.content`) in the operation's extensions, in order. An operation
/// without the extension has no such docs; a value that is not text is left out with a warning.
fn extension_docs(op: &Operation, paths: &[String], ptr: &Pointer, diags: &mut Diagnostics) -> Vec<String> {
    let mut out = Vec::new();
    for path in paths {
        let mut keys = path.split('.');
        let Some(mut value) = keys.next().and_then(|name| op.extensions.get(name)) else {
            continue;
        };
        let mut at = ptr.join(path.split('.').next().unwrap_or_default());
        let mut found = true;
        for key in keys {
            match value.get(key) {
                Some(inner) => {
                    value = inner;
                    at = at.join(key);
                }
                None => {
                    found = false;
                    break;
                }
            }
        }
        match value.as_str() {
            _ if !found => {}
            Some(text) if !text.trim().is_empty() => out.push(text.to_owned()),
            Some(_) => {}
            None => diags.warning(
                Category::DocExtension,
                at,
                format!("`{path}` is not text, so it is left out of the docs"),
            ),
        }
    }
    out
}

/// The value of the first inline example of an `examples` map.
fn first_example(examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>) -> Option<serde_json::Value> {
    examples.values().find_map(|example| match example {
        ReferenceOr::Item(example) => example.value.clone(),
        ReferenceOr::Reference { .. } => None,
    })
}
