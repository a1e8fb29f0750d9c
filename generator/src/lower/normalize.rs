//! Schemas whose keywords mix (`type: object` beside `allOf`, `type: string` with a `minimum`) reach
//! us from `openapiv3` as `SchemaKind::Any`. This turns each into the one typed kind it means, so that
//! lowering has one case per meaning; what has no single meaning is a located diagnostic.

use std::borrow::Cow;

use openapiv3::{
    AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaKind,
    StringType, Type,
};

use crate::diag::{Category, Diagnostics, Pointer};

/// The schema with a typed kind where its keywords allow one. Keywords that contradict each other in a
/// way the generator cannot represent give the closest looser kind (any JSON value, or the shared
/// properties of a union) with a warning; `None` is left for callers that find nothing to keep.
pub(super) fn normalize<'s>(schema: &'s Schema, ptr: &Pointer, diags: &mut Diagnostics) -> Option<Cow<'s, Schema>> {
    let SchemaKind::Any(any) = &schema.schema_kind else {
        return Some(Cow::Borrowed(schema));
    };
    let kind = match compositions(any).as_slice() {
        [] => match single_type(any, ptr, diags) {
            Some(kind) => kind,
            None => return Some(Cow::Borrowed(schema)),
        },
        ["allOf"] => {
            let mut all_of = any.all_of.clone();
            // Properties beside `allOf` are one more member of it.
            if has_object_keywords(any) || !any.required.is_empty() {
                all_of.push(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Type(Type::Object(object(any))),
                }));
            }
            SchemaKind::AllOf { all_of }
        }
        [keyword @ ("oneOf" | "anyOf")] => {
            if !any.properties.is_empty() {
                return Some(Cow::Owned(shared_properties(schema, any, keyword, ptr, diags)));
            }
            if *keyword == "oneOf" {
                SchemaKind::OneOf {
                    one_of: any.one_of.clone(),
                }
            } else {
                SchemaKind::AnyOf {
                    any_of: any.any_of.clone(),
                }
            }
        }
        ["not"] => match &any.not {
            Some(not) => SchemaKind::Not { not: not.clone() },
            None => return Some(Cow::Borrowed(schema)),
        },
        several => {
            diags.warning_with_fix(
                Category::CompositionMixed,
                ptr,
                format!(
                    "Not supported yet: `{}` in one schema; the value is a `serde_json::Value`",
                    several.join("` beside `")
                ),
                "nest one inside the other (for example an `allOf` member holding the `oneOf`)",
            );
            SchemaKind::Any(Default::default())
        }
    };
    Some(Cow::Owned(Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind: kind,
    }))
}

/// The composition keywords the schema has, in a fixed order.
fn compositions(any: &AnySchema) -> Vec<&'static str> {
    [
        (!any.all_of.is_empty(), "allOf"),
        (!any.one_of.is_empty(), "oneOf"),
        (!any.any_of.is_empty(), "anyOf"),
        (any.not.is_some(), "not"),
    ]
    .into_iter()
    .filter_map(|(present, keyword)| present.then_some(keyword))
    .collect()
}

fn has_object_keywords(any: &AnySchema) -> bool {
    !any.properties.is_empty() || any.additional_properties.is_some()
}

/// The schema's object keywords as an object type.
fn object(any: &AnySchema) -> ObjectType {
    ObjectType {
        properties: any.properties.clone(),
        required: any.required.clone(),
        additional_properties: any.additional_properties.clone(),
        min_properties: any.min_properties,
        max_properties: any.max_properties,
    }
}

/// The typed kind of a schema without composition keywords: its `type`, else the one its other
/// keywords imply (properties an object, string values an enum of strings, `items` an array). `None`
/// when nothing says which; a `type` OpenAPI 3.0 does not have is any JSON value, with a warning.
fn single_type(any: &AnySchema, ptr: &Pointer, diags: &mut Diagnostics) -> Option<SchemaKind> {
    let array = || {
        SchemaKind::Type(Type::Array(ArrayType {
            items: any.items.clone(),
            min_items: any.min_items,
            max_items: any.max_items,
            unique_items: any.unique_items.unwrap_or_default(),
        }))
    };
    let kind = match any.typ.as_deref() {
        Some("object") => SchemaKind::Type(Type::Object(object(any))),
        None if has_object_keywords(any) => SchemaKind::Type(Type::Object(object(any))),
        Some("string") => SchemaKind::Type(Type::String(StringType {
            format: any.format.clone().into(),
            pattern: any.pattern.clone(),
            enumeration: strings(&any.enumeration, ptr, diags),
            min_length: any.min_length,
            max_length: any.max_length,
        })),
        None if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) => {
            SchemaKind::Type(Type::String(StringType {
                enumeration: strings(&any.enumeration, ptr, diags),
                ..StringType::default()
            }))
        }
        Some("integer") => SchemaKind::Type(Type::Integer(IntegerType {
            format: any.format.clone().into(),
            enumeration: any
                .enumeration
                .iter()
                .filter_map(|v| if v.is_null() { Some(None) } else { v.as_i64().map(Some) })
                .collect(),
            ..IntegerType::default()
        })),
        Some("number") => SchemaKind::Type(Type::Number(NumberType {
            format: any.format.clone().into(),
            ..NumberType::default()
        })),
        Some("boolean") => SchemaKind::Type(Type::Boolean(BooleanType::default())),
        Some("array") => array(),
        None if any.items.is_some() => array(),
        None => return None,
        Some(other) => {
            diags.warning_with_fix(
                Category::InvalidType,
                ptr.join("type"),
                format!("`type: {other}` is not a type of OpenAPI 3.0; the value is a `serde_json::Value`"),
                "use string, number, integer, boolean, array or object",
            );
            SchemaKind::Any(Default::default())
        }
    };
    Some(kind)
}

/// `properties` beside `oneOf`/`anyOf`: an object of the shared properties, whose additional
/// properties keep what the members add, with a warning.
fn shared_properties(
    schema: &Schema,
    any: &AnySchema,
    keyword: &str,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Schema {
    // The shared properties are typed; what the members add is kept as it came.
    diags.warning_with_fix(
        Category::CompositionMixed,
        ptr.join("properties"),
        format!(
            "Not supported yet: `properties` beside `{keyword}`; the type has the shared properties, and the members' own properties are kept in its `additional_properties` map"
        ),
        format!("move the shared properties into each member of `{keyword}` (for example with `allOf`)"),
    );
    let mut object = object(any);
    if object.additional_properties.is_none() {
        object.additional_properties = Some(openapiv3::AdditionalProperties::Any(true));
    }
    Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind: SchemaKind::Type(Type::Object(object)),
    }
}

/// The string values of an enum; other values are reported and left out.
fn strings(values: &[serde_json::Value], ptr: &Pointer, diags: &mut Diagnostics) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for (index, value) in values.iter().enumerate() {
        match value {
            serde_json::Value::String(s) => out.push(Some(s.clone())),
            serde_json::Value::Null => out.push(None),
            other => diags.warning_with_fix(
                Category::ValueConverted,
                ptr.join("enum").join(index.to_string()),
                format!("the value {other} of a string enum is not a string; it is left out"),
                "quote the value",
            ),
        }
    }
    out
}
