//! An operation's parameters (`in: path | query | header | cookie`) → [`ir::Param`](crate::ir::Param)s by
//! location: which declarations apply (the operation's over its path item's), each one's Rust name,
//! type, [`ParamShape`] and [`ParamStyle`](crate::ir::ParamStyle), where a shape has no OpenAPI
//! serialization the closest one, and names no two arguments share. The lists become
//! [`ir::Method`](crate::ir::Method)'s `path_params`, `query_params`, `header_params` and `cookie_params`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle};

use super::body::classify;
use super::naming::{distinct_name, setter_name};
use super::select::{Found, Selected};
use super::{first_example, path};
use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{ContentType, Param, ParamLocation as Location, ParamShape, ParamStyle as Style, TypeKind, TypeRef};
use crate::lower::schemas::Types;
use crate::lower::{refs, security};
use crate::names;

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

/// Whether a field's or parameter's name says that its value is a credential: one of its words (in
/// snake case) is one of [`SECRET_WORDS`] (`accessToken`, `api_key`, `client_secret`).
pub(crate) fn looks_secret(name: &str) -> bool {
    name.to_snake_case().split('_').any(|word| SECRET_WORDS.contains(&word))
}

/// An operation's parameters by location.
pub(super) struct Params {
    pub(super) path: Vec<Param>,
    pub(super) query: Vec<Param>,
    pub(super) header: Vec<Param>,
    pub(super) cookie: Vec<Param>,
    /// Path parameters declared but not usable (already reported): the template may name them.
    pub(super) unusable_path: Vec<String>,
}

/// The path item's and the operation's parameters, lowered by location: the operation's replace the
/// path item's of the same name and location; a path parameter the template names but nobody declares
/// is added, one it does not name is dropped, each with a warning.
pub(super) fn lower_params(
    spec: &OpenAPI,
    sel: &Selected<'_>,
    config: &Config,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Params {
    let found = sel.found;
    let params = declared_params(spec, found, diags);

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
    path::match_template(found.path, &mut path_params, &unusable_path_params, &found.ptr, diags);
    Params {
        path: path_params,
        query: query_params,
        header: header_params,
        cookie: cookie_params,
        unusable_path: unusable_path_params,
    }
}

/// The parameters that apply to the operation, in order: the path item's, each replaced by the
/// operation's of the same name and location; a `$ref` that resolves to nothing is an error.
fn declared_params<'s>(spec: &'s OpenAPI, found: &Found<'s>, diags: &mut Diagnostics) -> Vec<(&'s Parameter, Pointer)> {
    let mut params: Vec<(&Parameter, Pointer)> = Vec::new();
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
    params
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
    let place = param_location(param);
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
    if matches!(place, Location::Header | Location::Cookie) && !security::is_token(&data.name) {
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
    let style = param_style(param);
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
    let sensitive = is_sensitive(place, &data.name, config);
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

fn param_location(param: &Parameter) -> Location {
    match param {
        Parameter::Path { .. } => Location::Path,
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

/// The declared style, else the location's default (`simple` for paths and headers, `form` for
/// queries and cookies).
fn param_style(param: &Parameter) -> Style {
    match param {
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
    }
}

/// Whether `Debug` must hide the parameter's value: the configuration names it (`sensitive_fields`),
/// or it is a header or cookie whose name has a word of [`SECRET_WORDS`] in it.
fn is_sensitive(place: Location, name: &str, config: &Config) -> bool {
    let lowered_name = name.to_ascii_lowercase();
    config.sensitive_fields.iter().any(|f| f.eq_ignore_ascii_case(name))
        || (matches!(place, Location::Header | Location::Cookie)
            && SECRET_WORDS.iter().any(|w| lowered_name.contains(w)))
}

/// Gives every parameter a Rust name no other one (nor the body's argument) has; returns the names
/// taken, with what took them.
pub(super) fn distinct_param_names(
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

/// Whether a value of the type is written in a path or query by its `Display`: primitives, enums, and
/// aliases of them (structs and unions have no text form).
pub(super) fn is_scalar(ty: &TypeRef, types: &Types<'_>) -> bool {
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
