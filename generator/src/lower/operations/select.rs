//! Which operations become methods, and their names: every operation of the spec, or those the
//! configuration lists; each named by the configuration first, then the spec's extensions
//! (`x-speakeasy-group`, `x-speakeasy-name-override`), its first tag and its `operationId`. The names
//! become [`ir::Group::name`](crate::ir::Group::name) and [`ir::Method::name`](crate::ir::Method::name).

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};

use super::naming::CLIENT_METHODS;
use crate::config::{Config, OperationConfig};
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::HttpMethod;
use crate::names;

/// An operation found in the spec.
pub(super) struct Found<'a> {
    pub(super) path: &'a str,
    pub(super) method: HttpMethod,
    pub(super) op: &'a Operation,
    pub(super) item: &'a PathItem,
    pub(super) item_ptr: Pointer,
    pub(super) ptr: Pointer,
}

/// The operation to generate, with the names it gets.
pub(super) struct Selected<'a> {
    pub(super) found: &'a Found<'a>,
    pub(super) id: String,
    pub(super) group: String,
    pub(super) name: String,
}

/// Every operation of the spec, path by path; a path item given as `$ref` is an error (its operations are
/// not found).
pub(super) fn find_operations<'a>(spec: &'a OpenAPI, diags: &mut Diagnostics) -> Vec<Found<'a>> {
    let mut found = Vec::new();
    let paths_ptr = Pointer::root().join("paths");
    for (path, item) in &spec.paths.paths {
        let item_ptr = paths_ptr.join(path);
        let item = match item {
            ReferenceOr::Item(item) => item,
            ReferenceOr::Reference { .. } => {
                diags.error(
                    Category::PathItemRef,
                    &item_ptr,
                    "Not supported yet: a path item given as `$ref`; its operations are skipped",
                );
                continue;
            }
        };
        for (method, op) in item.iter() {
            let http_method = match method {
                "get" => HttpMethod::Get,
                "put" => HttpMethod::Put,
                "post" => HttpMethod::Post,
                "delete" => HttpMethod::Delete,
                "options" => HttpMethod::Options,
                "head" => HttpMethod::Head,
                "patch" => HttpMethod::Patch,
                _ => HttpMethod::Trace,
            };
            found.push(Found {
                path,
                method: http_method,
                op,
                item,
                item_ptr: item_ptr.clone(),
                ptr: item_ptr.join(method),
            });
        }
    }
    found
}

/// Every operation of the spec in the order lowering visits them: its pointer and the `operationId`
/// the configuration names it by (derived from its method and path when the spec gives none).
pub(crate) fn spec_operations(spec: &OpenAPI) -> Vec<(String, String)> {
    // Path items given as `$ref` are reported when lowering; here they only have no operations.
    let mut ignored = Diagnostics::default();
    find_operations(spec, &mut ignored)
        .iter()
        .map(|f| (f.ptr.as_str().to_owned(), operation_id(f)))
        .collect()
}

fn operation_id(found: &Found<'_>) -> String {
    found.op.operation_id.clone().unwrap_or_else(|| {
        let path: Vec<&str> = found
            .path
            .split(|c: char| !c.is_alphanumeric())
            .filter(|s| !s.is_empty())
            .collect();
        format!("{}_{}", found.method.as_str().to_lowercase(), path.join("_"))
    })
}

fn extension<'a>(op: &'a Operation, key: &str) -> Option<&'a str> {
    op.extensions.get(key).and_then(|v| v.as_str())
}

/// The operations to generate, in order, with their group and method names made Rust names.
pub(super) fn select<'a>(
    found: &'a [Found<'a>],
    config: &Config,
    config_name: &str,
    diags: &mut Diagnostics,
) -> Vec<Selected<'a>> {
    let selected = match &config.operations {
        None => found.iter().map(default_names).collect(),
        Some(wanted) => configured(found, wanted, config_name, diags),
    };
    let mut renamed_groups: Vec<String> = Vec::new();
    selected
        .into_iter()
        .map(|sel| rust_names(sel, &mut renamed_groups, diags))
        .collect()
}

/// The names the spec gives an operation: its group from `x-speakeasy-group` or its first tag (else
/// `api`), its method from `x-speakeasy-name-override` or its `operationId`.
fn default_names<'a>(f: &'a Found<'a>) -> Selected<'a> {
    let id = operation_id(f);
    let group = extension(f.op, "x-speakeasy-group")
        .or(f.op.tags.first().map(String::as_str))
        .unwrap_or("api")
        .to_owned();
    let name = extension(f.op, "x-speakeasy-name-override")
        .map(str::to_owned)
        .unwrap_or_else(|| id.clone());
    Selected {
        found: f,
        id,
        group,
        name,
    }
}

/// The operations the configuration lists, in its order, with the names it gives them; an
/// `operationId` that names no operation, or several, is an error.
fn configured<'a>(
    found: &'a [Found<'a>],
    wanted: &[OperationConfig],
    config_name: &str,
    diags: &mut Diagnostics,
) -> Vec<Selected<'a>> {
    let mut selected = Vec::new();
    let ops_ptr = Pointer::root().join("operations");
    for (index, want) in wanted.iter().enumerate() {
        let at = format!("{config_name}: {}", ops_ptr.join(index.to_string()));
        let matches: Vec<&Found<'_>> = found.iter().filter(|f| operation_id(f) == want.id).collect();
        match matches.as_slice() {
            [f] => {
                let defaults = default_names(f);
                selected.push(Selected {
                    group: want.group.clone().unwrap_or(defaults.group),
                    name: want.name.clone().unwrap_or(defaults.name),
                    ..defaults
                });
            }
            [] => diags.error(
                Category::UnknownOperation,
                at,
                format!("no operation has the operationId `{}`", want.id),
            ),
            _ => diags.error(
                Category::UnknownOperation,
                at,
                format!("several operations have the operationId `{}`", want.id),
            ),
        }
    }
    selected
}

/// The operation with its group and method names made Rust names: symbols spelled out where needed, a
/// group that would shadow a method of `Client` renamed; each change with a warning (a group's once).
fn rust_names<'a>(sel: Selected<'a>, renamed_groups: &mut Vec<String>, diags: &mut Diagnostics) -> Selected<'a> {
    let Selected { found, id, group, name } = sel;
    let ptr = &found.ptr;
    let spelled = |raw: &str| names::snake_name(raw).or_else(|| names::snake_name(&names::spell_symbols(raw)));
    let group_name = spelled(&group).unwrap_or_else(|| "api".to_owned());
    let method_name = spelled(&name)
        .or_else(|| names::snake_name(&id))
        .unwrap_or_else(|| format!("{}_operation", found.method.as_str().to_lowercase()));
    if names::snake_name(&name).is_none() {
        diags.warning_with_fix(
            Category::NameUnrepresentable,
            ptr,
            format!("no Rust method name can be made from `{name}` as it is; it is `{method_name}`"),
            "name it in the configuration (`operations`)",
        );
    }
    // A group accessor must not shadow a method of `Client`.
    let group_name = if CLIENT_METHODS.contains(&group_name.as_str()) {
        let accessor = format!("{group_name}_api");
        if !renamed_groups.contains(&group_name) {
            diags.warning_with_fix(
                Category::NameShadowsSdk,
                ptr,
                format!("the group `{group}` would shadow `Client::{group_name}`; its accessor is `{accessor}()`"),
                "name the group otherwise in the configuration (`operations`)",
            );
            renamed_groups.push(group_name);
        }
        accessor
    } else {
        if names::snake_name(&group).is_none() && !renamed_groups.contains(&group) {
            diags.warning_with_fix(
                Category::NameUnrepresentable,
                ptr,
                format!("no Rust name can be made from the group `{group}` as it is; it is `{group_name}`"),
                "name the group in the configuration (`operations`)",
            );
            renamed_groups.push(group.clone());
        }
        group_name
    };
    Selected {
        found,
        id,
        group: group_name,
        name: method_name,
    }
}
