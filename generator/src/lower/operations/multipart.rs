//! A `multipart/form-data` request body → an [`ir::Body`](crate::ir::Body) whose
//! [`parts`](crate::ir::Body::parts) are the properties of its object schema: each part's Rust name,
//! type and [`PartEncoding`] (a file, files, text, or JSON) and its declared content type. The parts
//! become the arguments and setters of the operation's `…_multipart` method.

use heck::ToUpperCamelCase;
use openapiv3::{
    MediaType, ObjectType, ReferenceOr, RequestBody, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::body::classify;
use super::first_example;
use super::naming::{distinct_name, setter_name};
use super::params::is_scalar;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Body, ContentType, Part, PartEncoding, TypeRef};
use crate::lower::schemas::Types;
use crate::names;

/// The multipart body of `body`'s content type `media_type`, `None` when its parts cannot be lowered
/// (reported: an error when the body offers no other content type, else a warning).
pub(super) fn multipart_body(
    body: &RequestBody,
    media_type: &str,
    content: &MediaType,
    content_ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<Body> {
    let alone = !body
        .content
        .keys()
        .any(|m| classify(m).is_some_and(|k| k != ContentType::Multipart));
    let parts = lower_parts(content, content_ptr, base_type, alone, types, diags)?;
    Some(Body {
        content: ContentType::Multipart,
        media_type: media_type.to_owned(),
        ty: TypeRef::Json,
        parts,
        field_encodings: Vec::new(),
        example: content.example.clone().or_else(|| first_example(&content.examples)),
    })
}

/// Gives every part of the multipart bodies a name none of the operation's parameters has (`taken`, with
/// what took each name): its own, else with `_part` after it (and a number when that is taken too),
/// with a warning.
pub(super) fn distinct_part_names(
    bodies: &mut [Option<Body>],
    taken: &[(String, String)],
    ptr: &Pointer,
    diags: &mut Diagnostics,
) {
    for part in bodies.iter_mut().flatten().flat_map(|b| &mut b.parts) {
        let mut taken = taken.to_vec();
        let source = format!("the part `{}` of the multipart body", part.wire_name);
        distinct_name(&mut part.rust_name, "part", source, &mut taken, ptr, diags);
    }
}

/// The parts of a `multipart/form-data` body: one per property of its object schema (an object, a
/// `$ref` to one, or an `allOf` of them). `None` when the schema is not such an object: an error when
/// the body offers nothing else (`alone`), else a warning, and the other content types get methods.
fn lower_parts(
    content: &MediaType,
    ptr: &Pointer,
    base_type: &str,
    alone: bool,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<Vec<Part>> {
    let schema_ptr = ptr.join("schema");
    let object = parts_object(content, &schema_ptr, alone, types, diags)?;
    let mut parts = Vec::new();
    let mut ok = true;
    for (wire_name, property) in &object.properties {
        let part_ptr = schema_ptr.join("properties").join(wire_name);
        let rust_name = part_rust_name(wire_name, &part_ptr, diags);
        let resolved = resolve(types, property);
        let Some((ty, encoding)) = part_type(
            property,
            resolved.as_ref(),
            wire_name,
            &part_ptr,
            base_type,
            types,
            diags,
        ) else {
            ok = false;
            continue;
        };
        let required = object.required.contains(wire_name);
        let rust_name = if required {
            rust_name
        } else {
            setter_name(&rust_name, &part_ptr, diags)
        };
        let rust_name = distinct_part_name(rust_name, wire_name, &parts, &part_ptr, diags);
        let content_type = part_content_type(content, wire_name, ptr, diags);
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

/// The body's object schema when it has properties (see [`multipart_object`]); otherwise `None`, with
/// an error when the body offers nothing else (`alone`), else a warning.
fn parts_object(
    content: &MediaType,
    schema_ptr: &Pointer,
    alone: bool,
    types: &Types<'_>,
    diags: &mut Diagnostics,
) -> Option<ObjectType> {
    let object = content
        .schema
        .as_ref()
        .and_then(|schema| multipart_object(types, schema, 0))
        .filter(|object| !object.properties.is_empty());
    if object.is_none() {
        let message = "Not supported yet: a multipart body whose schema is not an object with `properties` (each property is a part)";
        let fix = "describe the parts as the properties of an object schema";
        if alone {
            diags.error_with_fix(Category::ContentTypeUnsupported, schema_ptr, message, fix);
        } else {
            diags.warning_with_fix(
                Category::ContentTypeUnsupported,
                schema_ptr,
                format!("{message}; no method sends it, the other content types do"),
                fix,
            );
        }
    }
    object
}

/// The part's name as a Rust name, its symbols spelled out when it has no other (with a warning).
fn part_rust_name(wire_name: &str, part_ptr: &Pointer, diags: &mut Diagnostics) -> String {
    names::snake_name(wire_name).unwrap_or_else(|| {
        let name = names::snake_name(&names::spell_symbols(wire_name)).unwrap_or_else(|| "part".to_owned());
        diags.warning(
            Category::NameUnrepresentable,
            part_ptr,
            format!("no Rust name can be made from the part `{wire_name}` as it is; it is `{name}`"),
        );
        name
    })
}

/// The property's schema, its `$ref` followed once.
fn resolve(types: &Types<'_>, schema: &ReferenceOr<Box<Schema>>) -> Option<Schema> {
    match schema {
        ReferenceOr::Item(schema) => Some((**schema).clone()),
        ReferenceOr::Reference { reference } => types.resolve_ref(reference).map(|(s, _)| s.clone()),
    }
}

/// `type: string, format: binary`: a file's content.
fn is_binary(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
        if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
}

/// A part's type and how it is written: a binary string is a file, an array of them one part per file;
/// anything else is lowered as a schema (`{Operation}{Part}` when inline) and sent as text when it is a
/// scalar (one part per item of an array of scalars), else as JSON. `None` when it cannot be lowered.
fn part_type(
    property: &ReferenceOr<Box<Schema>>,
    resolved: Option<&Schema>,
    wire_name: &str,
    part_ptr: &Pointer,
    base_type: &str,
    types: &mut Types<'_>,
    diags: &mut Diagnostics,
) -> Option<(TypeRef, PartEncoding)> {
    let binary_items = match resolved.map(|s| &s.schema_kind) {
        Some(SchemaKind::Type(Type::Array(array))) => array
            .items
            .as_ref()
            .and_then(|items| resolve(types, items))
            .is_some_and(|item| is_binary(&item)),
        _ => false,
    };
    if resolved.is_some_and(is_binary) {
        return Some((TypeRef::File, PartEncoding::File));
    }
    if binary_items {
        return Some((TypeRef::Vec(Box::new(TypeRef::File)), PartEncoding::FileEach));
    }
    let hint = format!("{base_type}{}", wire_name.to_upper_camel_case());
    let ty = types.lower_boxed(property, part_ptr, &hint, diags)?;
    let encoding = match &ty {
        TypeRef::Vec(item) if is_scalar(item, types) => PartEncoding::TextEach,
        other if is_scalar(other, types) => PartEncoding::Text,
        _ => PartEncoding::Json,
    };
    Some((ty, encoding))
}

/// A name no earlier part has: its own, else with a number after it, with a warning naming both parts.
fn distinct_part_name(
    rust_name: String,
    wire_name: &str,
    parts: &[Part],
    part_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> String {
    let Some(other) = parts.iter().find(|p| p.rust_name == rust_name) else {
        return rust_name;
    };
    let renamed = names::unique(&rust_name, "_", |n| parts.iter().any(|p| p.rust_name == n));
    diags.warning(
        Category::NameCollision,
        part_ptr,
        format!(
            "the parts `{}` and `{wire_name}` would both become `{rust_name}`; it is `{renamed}`",
            other.wire_name
        ),
    );
    renamed
}

/// The content type the body's `encoding` declares for a part; one that names several types or a
/// wildcard is left out (with a warning): the part is sent with its default.
fn part_content_type(content: &MediaType, wire_name: &str, ptr: &Pointer, diags: &mut Diagnostics) -> Option<String> {
    let declared = content.encoding.get(wire_name).and_then(|e| e.content_type.as_deref());
    match declared {
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
    }
}

/// The properties and required names of a multipart body's object schema: an object, a `$ref` to one,
/// or an `allOf` of such (later members' properties replace earlier ones of the same name). `None` for
/// anything else.
fn multipart_object(types: &Types<'_>, schema: &ReferenceOr<Schema>, depth: usize) -> Option<ObjectType> {
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
            let mut merged = ObjectType::default();
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
