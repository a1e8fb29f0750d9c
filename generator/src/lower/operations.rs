//! Operations → methods: selection and naming (configuration first, then the spec's extensions, tags
//! and `operationId`), parameters, one method per request body content type, responses by status.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, PathStyle, QueryStyle, ReferenceOr, RequestBody,
    Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::refs;
use super::responses::{Documented, lower_responses, resolve_errors};
use super::schemas::Types;
use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{
    Body, ContentType, ErrorStatus, FieldEncoding, Group, HttpMethod, Method, Param, ParamLocation as Location,
    ParamShape, ParamStyle as Style, Part, PartEncoding, PathPart, TypeKind, TypeRef,
};
use crate::names;

/// Methods of `Call` that a setter of an optional parameter must not shadow. A test checks that every
/// method of `templates/runtime/call.rs`'s `Call` is here.
const CALL_METHODS: &[&str] = &[
    "new",
    "timeout",
    "no_timeout",
    "attempt_timeout",
    "retry",
    "base_url",
    "header",
    "send",
    "with_response",
    "into_future",
    "fmt",
];
/// Words in a header or cookie name that say its value is a credential, which `Debug` must not show.
const SECRET_WORDS: &[&str] = &[
    "token",
    "key",
    "secret",
    "auth",
    "password",
    "passwd",
    "session",
    "cookie",
    "credential",
    "signature",
];
/// Header parameters OpenAPI 3.0 says to ignore: the SDK sets these itself.
const RESERVED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];
/// Methods of `Client` that a group accessor must not shadow. A test checks that every method of
/// `templates/runtime/client.rs`'s `Client` is here.
const CLIENT_METHODS: &[&str] = &[
    "builder", "from_env", "base_url", "clone", "fmt", "hooks", "attempt", "execute",
];
/// Modules and names at the root of every SDK, which a group's module must not take.
const ROOT_MODULES: &[&str] = &["client", "error", "types", "runtime", "operation", "reqwest"];

/// An operation found in the spec.
struct Found<'a> {
    path: &'a str,
    method: HttpMethod,
    op: &'a Operation,
    item: &'a PathItem,
    item_ptr: Pointer,
    ptr: Pointer,
}

/// The operation to generate, with the names it gets.
struct Selected<'a> {
    found: &'a Found<'a>,
    id: String,
    group: String,
    name: String,
}

/// Lowers the operations the configuration selects (or all of them) into groups, and collects the
/// error statuses they document.
pub(crate) fn lower_operations(
    spec: &OpenAPI,
    config: &Config,
    config_name: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> (Vec<Group>, Vec<ErrorStatus>) {
    let found = find_operations(spec, diags);
    let selected = select(&found, config, config_name, diags);
    // Without an `operations` list the user asked for "everything that can be generated": an operation
    // that cannot be is left out with warnings saying why. A listed operation stays an error.
    let skip_failures = config.operations.is_none();
    for (index, path) in config.doc_extensions.iter().enumerate() {
        if !path.starts_with("x-") || path.split('.').any(str::is_empty) {
            diags.error(
                Category::InvalidConfig,
                format!("{config_name}: #/doc_extensions/{index}"),
                format!("`{path}` is not a path into an extension: `x-name` or `x-name.key.key`"),
            );
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut method_sources: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut errors: Vec<Documented> = Vec::new();
    for sel in &selected {
        let start = diags.len();
        let checkpoint = types.checkpoint();
        let errors_checkpoint = errors.len();
        let methods = lower_operation(spec, sel, config, types, &mut errors, diags);
        let mut accepted = Vec::new();
        if let Some(methods) = methods {
            let group_type = names::type_name(&sel.group).unwrap_or_else(|| "Api".to_owned());
            for mut method in methods {
                let taken = |name: &str| {
                    let key = (sel.group.clone(), name.to_owned());
                    method_sources.contains_key(&key) || accepted.iter().any(|((_, n), _, _)| n == name)
                };
                if taken(&method.name) {
                    let renamed = names::unique(&method.name, "_", taken);
                    let other = method_sources
                        .get(&(sel.group.clone(), method.name.clone()))
                        .map_or_else(|| "another of its methods".to_owned(), Clone::clone);
                    diags.warning_with_fix(
                        Category::NameCollision,
                        &sel.found.ptr,
                        format!(
                            "its method `{}.{}` is already made from {other}; it is `{}.{renamed}`",
                            sel.group, method.name, sel.group
                        ),
                        "name one of them in the configuration (`operations`)",
                    );
                    method.name = renamed;
                    method.type_name = method.name.to_upper_camel_case();
                }
                let key = (sel.group.clone(), method.name.clone());
                accepted.push((key, method, group_type.clone()));
            }
        }
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
        for ((group_name, method_name), mut method, group_type) in accepted {
            method_sources.insert((group_name.clone(), method_name), method.pointer.clone());
            match groups.iter_mut().find(|g| g.name == group_name) {
                Some(group) => {
                    distinct_type_name(&mut method, group, diags);
                    group.methods.push(method);
                }
                None => {
                    let module = if ROOT_MODULES.contains(&group_name.as_str()) {
                        let module = format!("{group_name}_api");
                        diags.warning(
                            Category::NameShadowsSdk,
                            &sel.found.ptr,
                            format!(
                                "the module of the group `{group_name}` is `{module}`: the SDK's own `{group_name}` module has that name (the accessor stays `{group_name}()`)"
                            ),
                        );
                        module
                    } else {
                        group_name.clone()
                    };
                    // `client_api::ClientApi`, not a second `Client`.
                    let type_name = names::type_name(&module).unwrap_or(group_type);
                    let mut group = Group {
                        name: group_name,
                        module,
                        type_name,
                        methods: Vec::new(),
                    };
                    distinct_type_name(&mut method, &group, diags);
                    group.methods.push(method);
                    groups.push(group);
                }
            }
        }
    }
    let errors = resolve_errors(&errors, diags);
    (groups, errors)
}

/// The operation types of a group live in its module beside the group's own type: one that would have
/// the name of either (a group `search` with an operation `search`) gets `Call` after its name, or a
/// number, with a warning.
fn distinct_type_name(method: &mut Method, group: &Group, diags: &mut Diagnostics) {
    let taken = |name: &str| group.type_name == name || group.methods.iter().any(|m| m.type_name == name);
    if !taken(&method.type_name) {
        return;
    }
    let renamed = names::unique(&format!("{}Call", method.type_name), "", taken);
    let other = if group.type_name == method.type_name {
        format!("the type of the group `{}`", group.name)
    } else {
        let other = group.methods.iter().find(|m| m.type_name == method.type_name);
        format!(
            "the operation type of {}",
            other.map_or("another method", |m| m.pointer.as_str())
        )
    };
    diags.warning_with_fix(
        Category::NameCollision,
        &method.pointer,
        format!(
            "the operation type `{}` of the method `{}` would have the name of {other} in the module `{}`; it is `{renamed}`",
            method.type_name, method.name, group.module
        ),
        "name the method or the group otherwise in the configuration (`operations`)",
    );
    method.type_name = renamed;
}

fn find_operations<'a>(spec: &'a OpenAPI, diags: &mut Diagnostics) -> Vec<Found<'a>> {
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

/// Whether a field's or parameter's name says that its value is a credential: one of its words (in
/// snake case) is one of [`SECRET_WORDS`] (`accessToken`, `api_key`, `client_secret`).
pub(crate) fn looks_secret(name: &str) -> bool {
    name.to_snake_case().split('_').any(|word| SECRET_WORDS.contains(&word))
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

fn select<'a>(
    found: &'a [Found<'a>],
    config: &Config,
    config_name: &str,
    diags: &mut Diagnostics,
) -> Vec<Selected<'a>> {
    let default_names = |f: &'a Found<'a>| {
        let id = operation_id(f);
        let group = extension(f.op, "x-speakeasy-group")
            .or(f.op.tags.first().map(String::as_str))
            .unwrap_or("api")
            .to_owned();
        let name = extension(f.op, "x-speakeasy-name-override")
            .map(str::to_owned)
            .unwrap_or_else(|| id.clone());
        (id, group, name)
    };
    let mut selected = Vec::new();
    match &config.operations {
        None => {
            for f in found {
                let (id, group, name) = default_names(f);
                selected.push((f, id, group, name, f.ptr.clone()));
            }
        }
        Some(wanted) => {
            let ops_ptr = Pointer::root().join("operations");
            for (index, want) in wanted.iter().enumerate() {
                let at = format!("{config_name}: {}", ops_ptr.join(index.to_string()));
                let matches: Vec<&Found<'_>> = found.iter().filter(|f| operation_id(f) == want.id).collect();
                match matches.as_slice() {
                    [f] => {
                        let (id, group, name) = default_names(f);
                        let group = want.group.clone().unwrap_or(group);
                        let name = want.name.clone().unwrap_or(name);
                        selected.push((*f, id, group, name, f.ptr.clone()));
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
        }
    }
    let mut renamed_groups: Vec<String> = Vec::new();
    selected
        .into_iter()
        .map(|(found, id, group, name, ptr)| {
            let spelled = |raw: &str| names::snake_name(raw).or_else(|| names::snake_name(&names::spell_symbols(raw)));
            let group_name = spelled(&group).unwrap_or_else(|| "api".to_owned());
            let method_name = spelled(&name)
                .or_else(|| names::snake_name(&id))
                .unwrap_or_else(|| format!("{}_operation", found.method.as_str().to_lowercase()));
            if names::snake_name(&name).is_none() {
                diags.warning_with_fix(
                    Category::NameUnrepresentable,
                    &ptr,
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
                        &ptr,
                        format!(
                            "the group `{group}` would shadow `Client::{group_name}`; its accessor is `{accessor}()`"
                        ),
                        "name the group otherwise in the configuration (`operations`)",
                    );
                    renamed_groups.push(group_name);
                }
                accessor
            } else {
                if names::snake_name(&group).is_none() && !renamed_groups.contains(&group) {
                    diags.warning_with_fix(
                        Category::NameUnrepresentable,
                        &ptr,
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
        })
        .collect()
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
    } = lower_params(spec, sel, config, &base_type, types, diags);
    // A body sent whole is the argument `body`, which no parameter may take.
    let whole_body = op.request_body.as_ref().is_some_and(|body| {
        refs::resolve::<RequestBody>(spec, body)
            .is_ok_and(|(body, _)| body.content.keys().any(|media| !media.starts_with("multipart/")))
    });
    let taken = distinct_param_names(
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
    let path = parse_path(found.path, &path_params, &unusable_path_params, ptr, diags);

    let mut bodies = match &op.request_body {
        Some(body) => lower_bodies(spec, body, &ptr.join("requestBody"), &base_type, types, diags),
        None => vec![None],
    };
    for part in bodies.iter_mut().flatten().flat_map(|b| &mut b.parts) {
        // Parts live in their own method (`…_multipart`), without the argument `body`.
        let mut taken = taken[usize::from(whole_body)..].to_vec();
        let source = format!("the part `{}` of the multipart body", part.wire_name);
        distinct_name(&mut part.rust_name, "part", source, &mut taken, ptr, diags);
    }
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

/// The path item's and the operation's parameters, lowered by location: the operation's replace the
/// path item's of the same name and location; a path parameter the template names but nobody declares
/// is added, one it does not name is dropped, each with a warning.
fn lower_params(
    spec: &OpenAPI,
    sel: &Selected<'_>,
    config: &Config,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Params {
    // Parameters: the path item's, overridden by the operation's with the same name and location.
    let mut params: Vec<(&Parameter, Pointer)> = Vec::new();
    let found = sel.found;
    let (op, ptr, item_ptr) = (found.op, &found.ptr, &found.item_ptr);
    let sources = found
        .item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (p, item_ptr.join("parameters").join(i.to_string())))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, ptr.join("parameters").join(i.to_string()))),
        );
    for (param, param_ptr) in sources {
        match refs::resolve::<Parameter>(spec, param) {
            Ok((param, _)) => {
                let data = param.parameter_data_ref();
                params.retain(|(p, _)| {
                    !(p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(*p) == std::mem::discriminant(param))
                });
                params.push((param, param_ptr));
            }
            Err(message) => diags.error(Category::UnresolvedRef, &param_ptr, message),
        }
    }

    let mut path_params = Vec::new();
    // Path parameters declared but not usable (already reported): the template may name them.
    let mut unusable_path_params: Vec<String> = Vec::new();
    let mut query_params: Vec<Param> = Vec::new();
    let mut header_params: Vec<Param> = Vec::new();
    let mut cookie_params: Vec<Param> = Vec::new();
    for (param, param_ptr) in &params {
        match lower_param(param, param_ptr, config, base_type, types, diags) {
            LoweredParam::Param(Location::Path, lowered) => path_params.push(lowered),
            LoweredParam::Param(Location::Query, lowered) => query_params.push(lowered),
            LoweredParam::Param(Location::Header, lowered) => header_params.push(lowered),
            LoweredParam::Param(Location::Cookie, lowered) => cookie_params.push(lowered),
            LoweredParam::Unusable(name) => unusable_path_params.push(name),
            LoweredParam::Ignored => {}
        }
    }
    path_params.extend(undeclared_path_params(
        found.path,
        &path_params,
        &unusable_path_params,
        ptr,
        diags,
    ));
    path_params.retain(|p| {
        let used = found.path.contains(&format!("{{{}}}", p.wire_name));
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
    Params {
        path: path_params,
        query: query_params,
        header: header_params,
        cookie: cookie_params,
        unusable_path: unusable_path_params,
    }
}

/// What one declared parameter lowers to.
enum LoweredParam {
    Param(Location, Param),
    /// A header the SDK sets itself, or a name no header or cookie can have (reported).
    Ignored,
    /// Its type cannot be lowered (reported): the path template may still name it.
    Unusable(String),
}

/// Lowers one declared parameter: its Rust name, type, shape and style.
fn lower_param(
    param: &Parameter,
    param_ptr: &Pointer,
    config: &Config,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> LoweredParam {
    let data = param.parameter_data_ref();
    let place = match param {
        Parameter::Path { .. } => Location::Path,
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Cookie { .. } => Location::Cookie,
    };
    if place == Location::Header && RESERVED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
        diags.warning(
            Category::ReservedHeader,
            param_ptr,
            format!(
                "the header parameter `{}` is ignored, as OpenAPI says: the SDK sets this header itself (a call can replace it with `.header(…)`)",
                data.name
            ),
        );
        return LoweredParam::Ignored;
    }
    if matches!(place, Location::Header | Location::Cookie) && !super::security::is_token(&data.name) {
        diags.error(
            Category::InvalidParameter,
            param_ptr,
            format!("the {place} parameter `{}` is not a valid {place} name", data.name),
        );
        return LoweredParam::Ignored;
    }
    let rust_name = names::snake_name(&data.name).unwrap_or_else(|| {
        let name = names::snake_name(&names::spell_symbols(&data.name)).unwrap_or_else(|| "param".to_owned());
        diags.warning(
            Category::NameUnrepresentable,
            param_ptr,
            format!(
                "no Rust name can be made from the parameter `{}` as it is; it is `{name}`",
                data.name
            ),
        );
        name
    });
    let hint = format!("{base_type}{}", data.name.to_upper_camel_case());
    let style = match param {
        Parameter::Query { style, .. } => match style {
            QueryStyle::Form => Style::Form,
            QueryStyle::SpaceDelimited => Style::SpaceDelimited,
            QueryStyle::PipeDelimited => Style::PipeDelimited,
            QueryStyle::DeepObject => Style::DeepObject,
        },
        Parameter::Path { style, .. } => match style {
            PathStyle::Simple => Style::Simple,
            PathStyle::Label => Style::Label,
            PathStyle::Matrix => Style::Matrix,
        },
        Parameter::Header { .. } => Style::Simple,
        Parameter::Cookie { .. } => Style::Form,
    };
    let lowered_type = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            types.lower(schema, &param_ptr.join("schema"), &hint, diags).map(|ty| {
                let shape = param_shape(&ty, types);
                (ty, shape)
            })
        }
        ParameterSchemaOrContent::Content(content) => lower_param_content(content, param_ptr, &hint, types, diags),
    };
    let Some((ty, shape)) = lowered_type else {
        return LoweredParam::Unusable(data.name.clone());
    };
    let shape = degrade_param(place, &ty, shape, style, param_ptr, diags);
    let lowered_name = data.name.to_ascii_lowercase();
    let sensitive = config
        .sensitive_fields
        .iter()
        .any(|f| f.eq_ignore_ascii_case(&data.name))
        || (matches!(place, Location::Header | Location::Cookie)
            && SECRET_WORDS.iter().any(|w| lowered_name.contains(w)));
    let mut lowered = Param {
        wire_name: data.name.clone(),
        rust_name,
        ty,
        shape,
        required: data.required || place == Location::Path,
        style,
        explode: data
            .explode
            .unwrap_or(style == Style::Form || style == Style::DeepObject),
        sensitive,
        description: data.description.clone(),
        example: data.example.clone().or_else(|| first_example(&data.examples)),
    };
    if !lowered.required {
        lowered.rust_name = setter_name(&lowered.rust_name, param_ptr, diags);
    }
    LoweredParam::Param(place, lowered)
}

/// An operation's parameters by location.
struct Params {
    path: Vec<Param>,
    query: Vec<Param>,
    header: Vec<Param>,
    cookie: Vec<Param>,
    /// Path parameters declared but not usable (already reported): the template may name them.
    unusable_path: Vec<String>,
}

/// Gives every parameter a Rust name no other one (nor the body's argument) has; returns the names
/// taken, with what took them.
fn distinct_param_names(
    mut lists: [&mut Vec<Param>; 4],
    whole_body: bool,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    // Parameters told apart only by symbols (`StartTime<`, `StartTime>`) have them spelled
    // (`start_time_lt`, `start_time_gt`); the others that still collide get their location after them.
    let plain: Vec<(String, String)> = lists
        .iter()
        .flat_map(|list| list.iter())
        .map(|p| (p.rust_name.clone(), p.wire_name.clone()))
        .collect();
    for param in lists.iter_mut().flat_map(|list| list.iter_mut()) {
        let Some((_, other)) = plain
            .iter()
            .find(|(n, wire)| *n == param.rust_name && *wire != param.wire_name)
        else {
            continue;
        };
        if let Some(spelled) = names::snake_name(&names::spell_symbols(&param.wire_name)) {
            let free = !plain.iter().any(|(n, _)| *n == spelled);
            if names::snake_name(&param.wire_name).as_deref() != Some(spelled.as_str()) && free {
                diags.warning(
                    Category::NameCollision,
                    ptr,
                    format!(
                        "the parameters `{}` and `{other}` would both become `{}`; it is `{spelled}`",
                        param.wire_name, param.rust_name
                    ),
                );
                param.rust_name = spelled;
            }
        }
    }
    let mut taken: Vec<(String, String)> = Vec::new();
    if whole_body {
        taken.push(("body".to_owned(), "the request body's argument".to_owned()));
    }
    let places = [Location::Path, Location::Query, Location::Header, Location::Cookie];
    for (place, list) in places.into_iter().zip(lists) {
        for param in list.iter_mut() {
            let source = format!("the {place} parameter `{}`", param.wire_name);
            distinct_name(&mut param.rust_name, place.as_str(), source, &mut taken, ptr, diags);
        }
    }
    taken
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

/// What a parameter of the type is, which decides how it is written: anything but a scalar, an array
/// of scalars or an object is serialized when the call is made (`Value`).
fn param_shape(ty: &TypeRef, types: &Types<'_>) -> ParamShape {
    match ty {
        TypeRef::Vec(item) if is_scalar(item, types) => ParamShape::Array,
        other if is_scalar(other, types) => ParamShape::Scalar,
        other if is_object(other, types) => ParamShape::Object,
        _ => ParamShape::Value,
    }
}

/// A parameter described by `content` (one media type and its schema) rather than `schema`: its value
/// is sent as JSON text. A media type other than JSON is read as text for a scalar, with a warning.
fn lower_param_content(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
    param_ptr: &Pointer,
    hint: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<(TypeRef, ParamShape)> {
    let content_ptr = param_ptr.join("content");
    let Some((media_type, media)) = content.iter().next() else {
        diags.error(
            Category::InvalidParameter,
            &content_ptr,
            "a parameter's `content` must name one media type",
        );
        return None;
    };
    if content.len() > 1 {
        diags.warning(
            Category::ParameterContent,
            &content_ptr,
            format!("a parameter's `content` names several media types; only the first, `{media_type}`, is used"),
        );
    }
    let media_ptr = content_ptr.join(media_type);
    let ty = match &media.schema {
        Some(schema) => types.lower(schema, &media_ptr.join("schema"), hint, diags)?,
        None => TypeRef::Json,
    };
    if classify(media_type) == Some(ContentType::Json) {
        return Some((ty, ParamShape::Json));
    }
    if is_scalar(&ty, types) {
        diags.warning_with_fix(
            Category::ParameterContent,
            &media_ptr,
            format!("Not supported yet: parameters of type `{media_type}`; the value is sent as its text"),
            "describe the parameter with `schema` (or `application/json` content)",
        );
        return Some((ty, ParamShape::Scalar));
    }
    diags.warning_with_fix(
        Category::ParameterContent,
        &media_ptr,
        format!("Not supported yet: parameters of type `{media_type}`; the value is sent as its JSON text"),
        "describe the parameter with `schema` (or `application/json` content)",
    );
    Some((ty, ParamShape::Json))
}

/// Where a parameter's shape and style have no OpenAPI serialization, the closest one, with a warning
/// that says what is sent: `deepObject` for a value that is not an object uses the bracket convention
/// (arrays `name[0]=a`, a scalar `name=value`); the items of an array that are objects or arrays are
/// sent as their JSON text outside `deepObject`.
fn degrade_param(
    place: Location,
    ty: &TypeRef,
    shape: ParamShape,
    style: Style,
    param_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> ParamShape {
    let fix = "make the parameter an object, or describe it with `content: {application/json: …}`";
    match (shape, style) {
        (ParamShape::Scalar, Style::DeepObject) => {
            diags.warning_with_fix(
                Category::DeepObjectScalar,
                param_ptr,
                "OpenAPI defines `deepObject` for objects only; this scalar is sent as `name=value`",
                fix,
            );
            shape
        }
        (ParamShape::Array | ParamShape::Value, Style::DeepObject) => {
            diags.warning_with_fix(
                Category::DeepObjectUnion,
                param_ptr,
                "OpenAPI defines `deepObject` for objects only; a value that is not one is sent by the bracket convention: objects `name[k]=v`, arrays `name[0]=a&name[1]=b`, scalars `name=value`",
                fix,
            );
            ParamShape::Value
        }
        (ParamShape::Value, _) if matches!(ty, TypeRef::Vec(_)) => {
            diags.warning_with_fix(
                Category::NestedParameter,
                param_ptr,
                format!(
                    "OpenAPI defines no serialization for a {place} parameter that is an array of objects or arrays; each item is sent as its JSON text"
                ),
                if place == Location::Query {
                    "give the parameter `style: deepObject` (`name[0][k]=v`) or describe it with `content: {application/json: …}`"
                } else {
                    "describe the parameter with `content: {application/json: …}`"
                },
            );
            shape
        }
        _ => shape,
    }
}

/// The setter of an optional parameter or part: its name, or `{name}_param` when that would shadow a
/// per-call option of `Call` (`timeout`, `retry`, …), with a warning.
fn setter_name(name: &str, ptr: &Pointer, diags: &mut Diagnostics) -> String {
    if !CALL_METHODS.contains(&name) {
        return name.to_owned();
    }
    let renamed = format!("{name}_param");
    diags.warning(
        Category::NameShadowsSdk,
        ptr,
        format!("its setter `{name}` would shadow the per-call option of the same name; it is `{renamed}`"),
    );
    renamed
}

/// Gives a parameter or part a name no earlier one in `taken` has: its own, else with its location
/// after it (`id`, `id_header`), else with a number too; with a warning naming both.
fn distinct_name(
    name: &mut String,
    suffix: &str,
    source: String,
    taken: &mut Vec<(String, String)>,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) {
    if let Some((_, other)) = taken.iter().find(|(n, _)| n == name) {
        let renamed = names::unique(&format!("{name}_{suffix}"), "_", |n| taken.iter().any(|(t, _)| t == n));
        diags.warning(
            Category::NameCollision,
            ptr,
            format!("{source} and {other} would both become `{name}`; it is `{renamed}`"),
        );
        *name = renamed;
    }
    taken.push((name.clone(), source));
}

/// Whether a value of the type is written in a path or query by its `Display`: primitives, enums, and
/// aliases of them (structs and unions have no text form).
fn is_scalar(ty: &TypeRef, types: &Types<'_>) -> bool {
    match ty {
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F32 | TypeRef::F64 => true,
        TypeRef::Named(name) => match types.kind(name) {
            Some(TypeKind::Enum(_) | TypeKind::IntEnum(_)) => true,
            Some(TypeKind::Alias(target)) => is_scalar(target, types),
            _ => false,
        },
        _ => false,
    }
}

/// Whether a value of the type is an object a query writes property by property: a struct or a map
/// (and aliases of them).
fn is_object(ty: &TypeRef, types: &Types<'_>) -> bool {
    match ty {
        TypeRef::JsonObject | TypeRef::Map(_) => true,
        TypeRef::Named(name) => match types.kind(name) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Alias(target)) => is_object(target, types),
            _ => false,
        },
        _ => false,
    }
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

/// A media type that names no concrete type (`*/*`, `application/*`): any bytes.
fn is_wildcard(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "*/*" || essence.ends_with("/*")
}

fn content_suffix(content: ContentType) -> &'static str {
    match content {
        ContentType::Json => "json",
        ContentType::Form => "form",
        ContentType::Text => "text",
        ContentType::Binary => "bytes",
        ContentType::Multipart => "multipart",
    }
}

/// Splits `/api/{serviceId}/x` into literals and parameters; every `{name}` must be a declared path
/// parameter (the caller has added the undeclared ones and left out those the template does not name).
fn parse_path(
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

fn classify(media_type: &str) -> Option<ContentType> {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json")) {
        Some(ContentType::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        Some(ContentType::Form)
    } else if essence == "multipart/form-data" {
        Some(ContentType::Multipart)
    } else if essence.starts_with("multipart/") || !essence.contains('/') || essence.contains('*') {
        // Not supported: multipart bodies other than forms (`mixed`, `related`: parts without names),
        // and no concrete type.
        None
    } else if essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml") {
        Some(ContentType::Text)
    } else {
        Some(ContentType::Binary)
    }
}

/// One body per supported content type, JSON first. A required body with no supported content type
/// yields no method at all (and an error); an optional one yields a method without a body.
fn lower_bodies(
    spec: &OpenAPI,
    body: &ReferenceOr<RequestBody>,
    ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Vec<Option<Body>> {
    let body = match refs::resolve::<RequestBody>(spec, body) {
        Ok((body, _)) => body,
        Err(message) => {
            diags.error(Category::UnresolvedRef, ptr, message);
            return Vec::new();
        }
    };
    let mut bodies: Vec<Body> = Vec::new();
    let mut supported = 0;
    // The JSON body's schema: a form body with another schema gets a type (and a warning) of its own.
    let json_schema = body
        .content
        .iter()
        .find(|(media_type, _)| classify(media_type) == Some(ContentType::Json))
        .and_then(|(_, content)| content.schema.as_ref());
    // A body whose every type the SDK cannot encode is still sent: as bytes the caller encodes.
    let none_encodable = body.content.keys().all(|m| classify(m).is_none());
    for (media_type, content) in &body.content {
        let content_ptr = ptr.join("content").join(media_type);
        let (kind, sent_type) = match classify(media_type) {
            Some(kind) => (kind, media_type.clone()),
            None if none_encodable && is_wildcard(media_type) => {
                diags.warning(
                    Category::ContentTypeAny,
                    &content_ptr,
                    format!("the request body may be of any type (`{media_type}`): the method sends bytes as `application/octet-stream`; a call can name another type with `.header(\"content-type\", …)`"),
                );
                (ContentType::Binary, "application/octet-stream".to_owned())
            }
            None if none_encodable => {
                diags.warning_with_fix(
                    Category::ContentTypeRaw,
                    &content_ptr,
                    format!("Not supported yet: encoding request bodies of type `{media_type}`; the method sends bytes the caller encodes, with this `Content-Type` (a call can replace it with `.header(\"content-type\", …)`, for example to add a boundary)"),
                    "offer `application/json` as well",
                );
                (ContentType::Binary, media_type.clone())
            }
            None => {
                diags.warning_with_fix(
                    Category::ContentTypeUnsupported,
                    &content_ptr,
                    format!("Not supported yet: request bodies of type `{media_type}` (of the multipart types, only `multipart/form-data` is); no method sends it"),
                    "offer `application/json` as well, or leave the operation out in the configuration",
                );
                continue;
            }
        };
        supported += 1;
        if bodies.iter().any(|b| b.content == kind) {
            diags.warning(
                Category::ContentTypeDuplicate,
                &content_ptr,
                format!("a second {} content type; only the first gets a method", kind.mime()),
            );
            continue;
        }
        let hint = match (kind, json_schema) {
            (ContentType::Form, Some(json)) if content.schema.as_ref() != Some(json) => {
                diags.warning_with_fix(
                    Category::FormSchemaDiffers,
                    content_ptr.join("schema"),
                    "the form body has a schema other than the JSON body's; its method takes a type of its own",
                    "give both content types the same schema if they carry the same fields",
                );
                format!("{base_type}FormRequest")
            }
            _ => format!("{base_type}Request"),
        };
        if kind == ContentType::Multipart {
            let alone = !body
                .content
                .keys()
                .any(|m| classify(m).is_some_and(|k| k != ContentType::Multipart));
            if let Some(parts) = lower_parts(content, &content_ptr, base_type, alone, types, diags) {
                bodies.push(Body {
                    content: kind,
                    media_type: media_type.clone(),
                    ty: TypeRef::Json,
                    parts,
                    field_encodings: Vec::new(),
                    example: content.example.clone().or_else(|| first_example(&content.examples)),
                });
            }
            continue;
        }
        let ty = match (kind, &content.schema) {
            // The media type says what a text or binary body is; its schema adds nothing to that.
            (ContentType::Text, _) => Some(TypeRef::String),
            (ContentType::Binary, _) => Some(TypeRef::Bytes),
            (_, Some(schema)) => types.lower(schema, &content_ptr.join("schema"), &hint, diags),
            // No schema: any value.
            (ContentType::Form, None) => Some(TypeRef::JsonObject),
            (_, None) => Some(TypeRef::Json),
        };
        let Some(ty) = ty else {
            continue;
        };
        let mut field_encodings = Vec::new();
        if kind == ContentType::Form {
            if !matches!(ty, TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::JsonObject) {
                diags.error(
                    Category::InvalidRequestBody,
                    content_ptr.join("schema"),
                    "a form body must be an object",
                );
                continue;
            }
            for (field, encoding) in &content.encoding {
                let encoding_ptr = content_ptr.join("encoding").join(field);
                let style = encoding.style.as_ref().map(|s| match s {
                    QueryStyle::Form => Style::Form,
                    QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    QueryStyle::PipeDelimited => Style::PipeDelimited,
                    QueryStyle::DeepObject => Style::DeepObject,
                });
                // A `style` says how the field is written; only without one does `contentType` matter.
                if style.is_none()
                    && encoding
                        .content_type
                        .as_deref()
                        .is_some_and(|c| classify(c) != Some(ContentType::Json))
                {
                    diags.warning(
                        Category::PartEncoding,
                        &encoding_ptr,
                        "Not supported yet: a `contentType` other than JSON; objects are sent as JSON",
                    );
                }
                if style.is_some() || !encoding.explode {
                    field_encodings.push(FieldEncoding {
                        wire_name: field.clone(),
                        style,
                        explode: encoding.explode,
                    });
                }
            }
        }
        bodies.push(Body {
            content: kind,
            media_type: sent_type.clone(),
            ty,
            parts: Vec::new(),
            field_encodings,
            example: content.example.clone().or_else(|| first_example(&content.examples)),
        });
    }
    // One model sent as JSON or as a form: an example given for one content type serves both.
    for index in 0..bodies.len() {
        if bodies[index].example.is_none() {
            let borrowed = bodies.iter().find(|b| b.ty == bodies[index].ty && b.example.is_some());
            bodies[index].example = borrowed.and_then(|b| b.example.clone());
        }
    }
    if bodies.is_empty() {
        if supported == 0 && !body.required {
            diags.warning(
                Category::ContentTypeUnsupported,
                ptr,
                "the optional request body has no content type the SDK can send; the method sends none",
            );
            return vec![None];
        }
        if supported == 0 {
            diags.error_with_fix(
                Category::ContentTypeUnsupported,
                ptr,
                "Not supported yet: none of the content types of this request body (JSON, forms, text and single-part binary are)",
                "offer `application/json` as well, or leave the operation out in the configuration",
            );
        }
        return Vec::new();
    }
    bodies.sort_by_key(|b| b.content);
    bodies.into_iter().map(Some).collect()
}

/// The parts of a `multipart/form-data` body: one per property of its object schema (an object, a
/// `$ref` to one, or an `allOf` of them). `None` when the schema is not such an object: an error when
/// the body offers nothing else (`alone`), else a warning, and the other content types get methods.
fn lower_parts(
    content: &openapiv3::MediaType,
    ptr: &Pointer,
    base_type: &str,
    alone: bool,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<Vec<Part>> {
    let schema_ptr = ptr.join("schema");
    let object = content
        .schema
        .as_ref()
        .and_then(|schema| multipart_object(types, schema, 0))
        .filter(|object| !object.properties.is_empty());
    let Some(object) = object else {
        let message = "Not supported yet: a multipart body whose schema is not an object with `properties` (each property is a part)";
        let fix = "describe the parts as the properties of an object schema";
        if alone {
            diags.error_with_fix(Category::ContentTypeUnsupported, &schema_ptr, message, fix);
        } else {
            diags.warning_with_fix(
                Category::ContentTypeUnsupported,
                &schema_ptr,
                format!("{message}; no method sends it, the other content types do"),
                fix,
            );
        }
        return None;
    };
    let object = &object;
    let resolve = |types: &Types<'_>, schema: &ReferenceOr<Box<Schema>>| -> Option<Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some((**schema).clone()),
            ReferenceOr::Reference { reference } => types.resolve_ref(reference).map(|(s, _)| s.clone()),
        }
    };
    let is_binary = |schema: &Schema| {
        matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
            if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
    };
    let mut parts = Vec::new();
    let mut ok = true;
    for (wire_name, property) in &object.properties {
        let part_ptr = schema_ptr.join("properties").join(wire_name);
        let rust_name = names::snake_name(wire_name).unwrap_or_else(|| {
            let name = names::snake_name(&names::spell_symbols(wire_name)).unwrap_or_else(|| "part".to_owned());
            diags.warning(
                Category::NameUnrepresentable,
                &part_ptr,
                format!("no Rust name can be made from the part `{wire_name}` as it is; it is `{name}`"),
            );
            name
        });
        let resolved = resolve(types, property);
        let binary_items = match resolved.as_ref().map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::Array(array))) => array
                .items
                .as_ref()
                .and_then(|items| resolve(types, items))
                .is_some_and(|item| is_binary(&item)),
            _ => false,
        };
        let (ty, encoding) = if resolved.as_ref().is_some_and(is_binary) {
            (TypeRef::File, PartEncoding::File)
        } else if binary_items {
            (TypeRef::Vec(Box::new(TypeRef::File)), PartEncoding::FileEach)
        } else {
            let hint = format!("{base_type}{}", wire_name.to_upper_camel_case());
            let Some(ty) = types.lower_boxed(property, &part_ptr, &hint, diags) else {
                ok = false;
                continue;
            };
            let encoding = match &ty {
                TypeRef::Vec(item) if is_scalar(item, types) => PartEncoding::TextEach,
                other if is_scalar(other, types) => PartEncoding::Text,
                _ => PartEncoding::Json,
            };
            (ty, encoding)
        };
        let required = object.required.contains(wire_name);
        let rust_name = if required {
            rust_name
        } else {
            setter_name(&rust_name, &part_ptr, diags)
        };
        let rust_name = match parts.iter().find(|p: &&Part| p.rust_name == rust_name) {
            Some(other) => {
                let renamed = names::unique(&rust_name, "_", |n| parts.iter().any(|p| p.rust_name == n));
                diags.warning(
                    Category::NameCollision,
                    &part_ptr,
                    format!(
                        "the parts `{}` and `{wire_name}` would both become `{rust_name}`; it is `{renamed}`",
                        other.wire_name
                    ),
                );
                renamed
            }
            None => rust_name,
        };
        let declared = content.encoding.get(wire_name).and_then(|e| e.content_type.as_deref());
        let content_type = match declared {
            Some(types) if types.contains(',') || types.contains('*') || types.chars().any(char::is_control) => {
                diags.warning(
                    Category::PartEncoding,
                    ptr.join("encoding").join(wire_name),
                    format!(
                        "the part `{wire_name}` may have several content types (`{types}`); it is sent with its default, and a file with its own"
                    ),
                );
                None
            }
            other => other.map(str::to_owned),
        };
        parts.push(Part {
            wire_name: wire_name.clone(),
            rust_name,
            ty,
            encoding,
            required,
            content_type,
            description: resolved.and_then(|s| s.schema_data.description),
        });
    }
    ok.then_some(parts)
}

/// The properties and required names of a multipart body's object schema: an object, a `$ref` to one,
/// or an `allOf` of such (later members' properties replace earlier ones of the same name). `None` for
/// anything else.
fn multipart_object(types: &Types<'_>, schema: &ReferenceOr<Schema>, depth: usize) -> Option<openapiv3::ObjectType> {
    // `$ref` chains and nested `allOf` are short in real specs; a cycle must not recurse forever.
    if depth > 16 {
        return None;
    }
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => types.resolve_ref(reference).map(|(schema, _)| schema)?,
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => Some(object.clone()),
        SchemaKind::AllOf { all_of } => {
            let mut merged = openapiv3::ObjectType::default();
            for member in all_of {
                let member = multipart_object(types, member, depth + 1)?;
                for (name, property) in member.properties {
                    merged.properties.insert(name, property);
                }
                for name in member.required {
                    if !merged.required.contains(&name) {
                        merged.required.push(name);
                    }
                }
            }
            Some(merged)
        }
        _ => None,
    }
}

/// The value of the first inline example of an `examples` map.
fn first_example(examples: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Example>>) -> Option<serde_json::Value> {
    examples.values().find_map(|example| match example {
        ReferenceOr::Item(example) => example.value.clone(),
        ReferenceOr::Reference { .. } => None,
    })
}

#[cfg(test)]
mod runtime_names {
    use super::{CALL_METHODS, CLIENT_METHODS};

    /// The names of the functions in every `impl` block of `file` whose type is `ty`, trait impls
    /// included (`IntoFuture::into_future`, `Clone::clone`).
    fn methods_of(file: &str, ty: &str) -> Vec<String> {
        let file: syn::File = syn::parse_str(file).expect("the runtime parses");
        let mut names = Vec::new();
        for item in file.items {
            let syn::Item::Impl(block) = item else { continue };
            let syn::Type::Path(path) = &*block.self_ty else {
                continue;
            };
            if path.path.segments.last().is_none_or(|s| s.ident != ty) {
                continue;
            }
            for item in block.items {
                if let syn::ImplItem::Fn(f) = item {
                    names.push(f.sig.ident.to_string());
                }
            }
        }
        assert!(!names.is_empty(), "no impl of {ty} found");
        names
    }

    /// A setter or group accessor named like a runtime method would shadow it (or fail to compile):
    /// the lists lowering avoids must grow with the runtime.
    #[test]
    fn every_call_and_client_method_of_the_runtime_is_avoided() {
        let call = include_str!("../../../templates/runtime/call.rs");
        for name in methods_of(call, "Call") {
            assert!(
                CALL_METHODS.contains(&name.as_str()),
                "`Call::{name}` is missing from CALL_METHODS"
            );
        }
        let client = include_str!("../../../templates/runtime/client.rs");
        for name in methods_of(client, "Client") {
            assert!(
                CLIENT_METHODS.contains(&name.as_str()),
                "`Client::{name}` is missing from CLIENT_METHODS"
            );
        }
    }
}
