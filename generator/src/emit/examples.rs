//! Usage examples in the docs of each method, written so that they compile as doctests.

use serde_json::Value;

use crate::ir::{Api, ErrorKey, Group, Method, TypeKind, TypeRef};
use crate::names;

/// A `no_run` doctest that builds a client from the environment, makes the call with placeholder values
/// for every required argument, and handles the typed error the operation documents first.
pub(crate) fn method_example(api: &Api, group: &Group, m: &Method) -> String {
    let lib = &api.krate.lib_name;
    let args = arguments(api, m);
    let method = names::in_source(&m.name);
    let call = if args.join(", ").len() > 60 {
        let indented: Vec<String> = args.iter().map(|a| format!("        {a},")).collect();
        format!("    .{method}(\n{}\n    )", indented.join("\n"))
    } else {
        format!("    .{method}({})", args.join(", "))
    };
    let documented = m.errors.iter().find_map(|key| match key {
        ErrorKey::Status(status) => Some((*status, api.errors.iter().find(|e| e.key == *key)?)),
        ErrorKey::Class(_) | ErrorKey::Default => None,
    });
    let api_error = match documented {
        Some((status, e)) => {
            let pattern = if e.ty.is_some() { "(body)" } else { "" };
            let shown = if e.ty.is_some() { ": {body:?}" } else { "" };
            format!(
                "    Err({lib}::Error::Api(e)) => match e.kind() {{\n\
                 \x20       {lib}::ApiErrorKind::{variant}{pattern} => println!(\"{status}{shown}\"),\n\
                 \x20       other => println!(\"API error {{}}: {{other}}\", e.status()),\n\
                 \x20   }},\n",
                variant = e.variant,
            )
        }
        None => format!("    Err({lib}::Error::Api(e)) => println!(\"API error {{}}: {{}}\", e.status(), e.kind()),\n"),
    };
    format!(
        "```no_run\n\
         # async fn example() -> Result<(), {lib}::Error> {{\n\
         let client = {lib}::Client::from_env()?;\n\
         let result = client\n    .{group}()\n{call}\n    .await;\n\
         match result {{\n\
         \x20   Ok(response) => println!(\"{{response:?}}\"),\n\
         {api_error}\
         \x20   Err(e) => return Err(e),\n\
         }}\n\
         # Ok(())\n\
         # }}\n\
         ```\n",
        group = names::in_source(&group.name),
    )
}

/// Rust source for the required arguments of a method, in order: the spec's example values where it
/// gives them, placeholder values of their types elsewhere.
pub(crate) fn arguments(api: &Api, m: &Method) -> Vec<String> {
    let mut args: Vec<String> = m
        .path_params
        .iter()
        .chain(m.query_params.iter().filter(|p| p.required))
        .chain(m.header_params.iter().filter(|p| p.required))
        .chain(m.cookie_params.iter().filter(|p| p.required))
        .map(|p| example_value(api, &p.ty, p.example.as_ref(), &p.wire_name, 0))
        .collect();
    match &m.body {
        Some(body) if !body.parts.is_empty() => {
            let parts = body.parts.iter().filter(|p| p.required);
            args.extend(parts.map(|p| {
                let example = body.example.as_ref().and_then(|e| e.get(&p.wire_name));
                example_value(api, &p.ty, example, &p.wire_name, 0)
            }));
        }
        Some(body) => args.push(example_value(api, &body.ty, body.example.as_ref(), "body", 0)),
        None => {}
    }
    args
}

/// Rust source for the spec's example `example` as a value of `ty`; a placeholder where the example is
/// missing or does not fit the type. Optional fields the example sets become setter calls.
fn example_value(api: &Api, ty: &TypeRef, example: Option<&Value>, label: &str, depth: usize) -> String {
    let lib = &api.krate.lib_name;
    let Some(example) = example.filter(|_| depth <= 4) else {
        return value(api, ty, label, depth);
    };
    let fitted = match (ty, example) {
        (TypeRef::String, Value::String(text)) => Some(format!("{text:?}")),
        (TypeRef::Bool, Value::Bool(b)) => Some(b.to_string()),
        (TypeRef::I64, Value::Number(n)) => n.as_i64().map(|n| n.to_string()),
        (TypeRef::I32, Value::Number(n)) => n.as_i64().and_then(|n| i32::try_from(n).ok()).map(|n| n.to_string()),
        (TypeRef::F32 | TypeRef::F64, Value::Number(n)) => n.as_f64().map(|f| format!("{f:?}")),
        (TypeRef::Vec(item), Value::Array(items)) if !items.is_empty() => {
            let items: Vec<String> = items
                .iter()
                .map(|i| example_value(api, item, Some(i), label, depth + 1))
                .collect();
            Some(format!("[{}]", items.join(", ")))
        }
        (TypeRef::Named(name), _) => {
            api.types
                .iter()
                .find(|t| &t.name == name)
                .and_then(|named| match (&named.kind, example) {
                    (TypeKind::Enum(e), Value::String(wire)) => {
                        Some(match e.variants.iter().find(|v| &v.wire_value == wire) {
                            Some(v) => format!("{lib}::types::{name}::{}", v.rust_name),
                            None => format!("{lib}::types::{name}::from({wire:?})"),
                        })
                    }
                    (TypeKind::Alias(target), _) => Some(example_value(api, target, Some(example), label, depth)),
                    (TypeKind::Struct(s), Value::Object(members)) => {
                        let required: Vec<String> = s
                            .fields
                            .iter()
                            .filter(|f| f.required)
                            // `new` takes a nullable field's value and wraps it in `Some` itself.
                            .map(|f| example_value(api, &f.ty, members.get(&f.wire_name), &f.wire_name, depth + 1))
                            .collect();
                        let setters: String = s
                            .fields
                            .iter()
                            .filter(|f| !f.required)
                            .filter_map(|f| {
                                let member = members.get(&f.wire_name).filter(|m| !m.is_null())?;
                                let v = example_value(api, &f.ty, Some(member), &f.wire_name, depth + 1);
                                let setter = if f.rust_name == "new" {
                                    "set_new".to_owned()
                                } else {
                                    names::in_source(&f.rust_name)
                                };
                                Some(format!(".{setter}({v})"))
                            })
                            .collect();
                        Some(format!("{lib}::types::{name}::new({}){setters}", required.join(", ")))
                    }
                    _ => None,
                })
        }
        _ => None,
    };
    fitted.unwrap_or_else(|| value(api, ty, label, depth))
}

/// Rust source for a placeholder value of `ty`.
fn value(api: &Api, ty: &TypeRef, label: &str, depth: usize) -> String {
    let lib = &api.krate.lib_name;
    match ty {
        TypeRef::String => format!("{:?}", format!("<{label}>")),
        TypeRef::Bool => "false".to_owned(),
        TypeRef::I32 | TypeRef::I64 => "0".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "0.0".to_owned(),
        TypeRef::Vec(item) if **item == TypeRef::String => format!("[{:?}]", format!("<{label}>")),
        TypeRef::Vec(item) => format!("Vec::<{}>::new()", type_path(api, item)),
        TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) | TypeRef::Bytes => "Default::default()".to_owned(),
        TypeRef::File => format!("{lib}::File::new({:?}, b\"...\".to_vec())", format!("{label}.bin")),
        TypeRef::Named(name) => {
            let Some(named) = api.types.iter().find(|t| &t.name == name) else {
                return "Default::default()".to_owned();
            };
            match &named.kind {
                TypeKind::Enum(e) => match e.variants.first() {
                    Some(v) => format!("{lib}::types::{name}::{}", v.rust_name),
                    None => format!("{lib}::types::{name}::from({:?})", label),
                },
                TypeKind::IntEnum(e) => match e.variants.first() {
                    Some(v) => format!("{lib}::types::{name}::{}", v.rust_name),
                    None => format!("{lib}::types::{name}::from(0)"),
                },
                TypeKind::Union(u) => match u.variants.first() {
                    Some(v) if depth <= 4 => {
                        // A variant holds an owned value: no `impl Into` converts a literal for it.
                        let inner = match &v.ty {
                            TypeRef::String => format!("{:?}.to_owned()", format!("<{label}>")),
                            TypeRef::Vec(item) if **item == TypeRef::String => {
                                format!("vec![{:?}.to_owned()]", format!("<{label}>"))
                            }
                            other => value(api, other, label, depth + 1),
                        };
                        let inner = if v.boxed { format!("Box::new({inner})") } else { inner };
                        format!("{lib}::types::{name}::{}({inner})", v.rust_name)
                    }
                    _ => format!("{lib}::types::{name}::{}(serde_json::Value::Null)", u.unknown_variant),
                },
                TypeKind::Alias(target) => value(api, target, label, depth),
                TypeKind::Struct(_) if depth > 4 => "Default::default()".to_owned(),
                TypeKind::Struct(s) => {
                    let args: Vec<String> = s
                        .fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| value(api, &f.ty, &f.wire_name, depth + 1))
                        .collect();
                    format!("{lib}::types::{name}::new({})", args.join(", "))
                }
            }
        }
    }
}

/// A type as a path a user of the crate writes (`authlete_tokens::types::GrantType`).
pub(crate) fn type_path(api: &Api, ty: &TypeRef) -> String {
    let lib = &api.krate.lib_name;
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::File => format!("{lib}::File"),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".to_owned(),
        TypeRef::Named(name) => format!("{lib}::types::{name}"),
        TypeRef::Vec(item) => format!("Vec<{}>", type_path(api, item)),
        TypeRef::Map(value) => format!("std::collections::BTreeMap<String, {}>", type_path(api, value)),
    }
}
