//! Schemas → types. Component schemas keep their names; inline objects and enums are named from their
//! place (`{Parent}{Field}`), and structurally identical inline types become one.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ObjectType, OpenAPI, ReferenceOr, Schema, SchemaKind,
    StringType, Type, VariantOrUnknownOrEmpty,
};

use super::refs::{self, component_name};
use crate::config::Config;
use crate::diag::{Diagnostics, Pointer};
use crate::ir::{Enum, Field, NamedType, Struct, TypeKind, TypeRef, Variant};
use crate::names;

/// Collects the named types of the SDK while operations are lowered.
pub(crate) struct Types<'a> {
    spec: &'a OpenAPI,
    config: &'a Config,
    /// Component schemas already lowered (or being lowered), by component name.
    components: BTreeMap<String, TypeRef>,
    /// Every named type by Rust name, with the pointer of the schema that made it.
    named: BTreeMap<String, NamedType>,
    /// Names reserved for types still being lowered, so that recursion and collisions are seen.
    reserved: BTreeMap<String, String>,
    /// Inline types by shape (the kind without descriptions), to reuse identical ones.
    inline_shapes: Vec<(TypeKind, String)>,
}

impl<'a> Types<'a> {
    pub(crate) fn new(spec: &'a OpenAPI, config: &'a Config) -> Self {
        Types {
            spec,
            config,
            components: BTreeMap::new(),
            named: BTreeMap::new(),
            reserved: BTreeMap::new(),
            inline_shapes: Vec::new(),
        }
    }

    /// The named types, sorted by name, with recursive fields boxed.
    pub(crate) fn finish(self) -> Vec<NamedType> {
        let mut types: Vec<NamedType> = self.named.into_values().collect();
        box_recursive_fields(&mut types);
        types
    }

    /// The type of a schema found at `ptr`. `hint` names an inline object or enum.
    pub(crate) fn lower(
        &mut self,
        schema: &ReferenceOr<Schema>,
        ptr: &Pointer,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.component(reference, ptr, diags),
            ReferenceOr::Item(schema) => self.inline(schema, ptr, hint, diags),
        }
    }

    /// Same as [`Types::lower`] for the boxed schemas inside objects and arrays.
    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        ptr: &Pointer,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        match schema {
            ReferenceOr::Reference { reference } => self.component(reference, ptr, diags),
            ReferenceOr::Item(schema) => self.inline(schema, ptr, hint, diags),
        }
    }

    /// Whether a schema (after `$ref`s) is `nullable`, and its description.
    pub(crate) fn facts(&self, schema: &ReferenceOr<Box<Schema>>) -> (bool, Option<String>) {
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(schema.as_ref()),
            ReferenceOr::Reference { reference } => component_name::<Schema>(reference)
                .and_then(|name| self.spec.components.as_ref()?.schemas.get(&name))
                .and_then(|item| refs::resolve(self.spec, item).ok())
                .map(|(s, _)| s),
        };
        match resolved {
            Some(s) => (s.schema_data.nullable, s.schema_data.description.clone()),
            None => (false, None),
        }
    }

    fn component(&mut self, reference: &str, ptr: &Pointer, diags: &mut Diagnostics) -> Option<TypeRef> {
        let Some(name) = component_name::<Schema>(reference) else {
            diags.error(
                ptr,
                format!("`$ref: {reference}` is not supported: only refs to `#/components/schemas/…` are"),
            );
            return None;
        };
        if let Some(done) = self.components.get(&name) {
            return Some(done.clone());
        }
        let component_ptr = Pointer::root().join("components").join("schemas").join(&name);
        let Some(schema) = self.spec.components.as_ref().and_then(|c| c.schemas.get(&name)) else {
            diags.error(ptr, format!("`$ref: {reference}` does not resolve"));
            return None;
        };
        let rust_name = match self.config.type_names.get(&name) {
            Some(n) => n.clone(),
            None => match names::type_name(&name) {
                Some(n) => n,
                None => {
                    diags.error(&component_ptr, format!("cannot make a Rust type name from `{name}`"));
                    return None;
                }
            },
        };
        if !self.reserve(&rust_name, &component_ptr, diags) {
            return None;
        }
        let result = TypeRef::Named(rust_name.clone());
        // Registered before lowering the body so that a recursive reference finds it.
        self.components.insert(name.clone(), result.clone());
        let body = match schema {
            ReferenceOr::Reference { reference } => {
                let target = self.component(reference, &component_ptr, diags);
                target.map(|t| (TypeKind::Alias(t), None))
            }
            ReferenceOr::Item(schema) => self.kind_of(schema, &component_ptr, &rust_name, diags),
        };
        match body {
            Some((kind, description)) => {
                self.named.insert(
                    rust_name.clone(),
                    NamedType {
                        name: rust_name,
                        description,
                        pointer: component_ptr.into(),
                        kind,
                    },
                );
                Some(result)
            }
            None => {
                self.components.remove(&name);
                None
            }
        }
    }

    /// Claims a Rust type name; a name already claimed by another schema is a collision.
    fn reserve(&mut self, rust_name: &str, ptr: &Pointer, diags: &mut Diagnostics) -> bool {
        match self.reserved.get(rust_name) {
            Some(other) if other != ptr.as_str() => {
                diags.error(
                    ptr,
                    format!("its Rust type name `{rust_name}` is already the name of {other}; rename one in the configuration (`type_names`)"),
                );
                false
            }
            _ => {
                self.reserved.insert(rust_name.to_owned(), ptr.as_str().to_owned());
                true
            }
        }
    }

    /// The kind of a named type made from `schema`, or `None` (with a diagnostic) when it is not
    /// supported. Primitives and arrays become aliases.
    fn kind_of(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<(TypeKind, Option<String>)> {
        let description = schema.schema_data.description.clone();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                TypeKind::Enum(self.string_enum(s, ptr, diags)?)
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => TypeKind::Struct(self.object(
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
                ptr,
                name,
                diags,
            )?),
            SchemaKind::Any(any) if !any.properties.is_empty() && !has_composition(schema) => {
                TypeKind::Struct(self.object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    ptr,
                    name,
                    diags,
                )?)
            }
            _ => TypeKind::Alias(self.unnamed(schema, ptr, name, diags)?),
        };
        Some((kind, description))
    }

    fn inline(&mut self, schema: &Schema, ptr: &Pointer, hint: &str, diags: &mut Diagnostics) -> Option<TypeRef> {
        let needs_name = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => !s.enumeration.is_empty(),
            SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
            SchemaKind::Any(any) => !any.properties.is_empty() && !has_composition(schema),
            _ => false,
        };
        if !needs_name {
            return self.unnamed(schema, ptr, hint, diags);
        }
        let (kind, description) = self.kind_of(schema, ptr, hint, diags)?;
        let shape = shape_of(&kind);
        if let Some((_, existing)) = self.inline_shapes.iter().find(|(s, _)| *s == shape) {
            return Some(TypeRef::Named(existing.clone()));
        }
        if !self.reserve(hint, ptr, diags) {
            return None;
        }
        self.inline_shapes.push((shape, hint.to_owned()));
        self.named.insert(
            hint.to_owned(),
            NamedType {
                name: hint.to_owned(),
                description,
                pointer: ptr.into(),
                kind,
            },
        );
        Some(TypeRef::Named(hint.to_owned()))
    }

    /// Schemas that need no type of their own: primitives, arrays, maps, free-form values.
    fn unnamed(&mut self, schema: &Schema, ptr: &Pointer, hint: &str, diags: &mut Diagnostics) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => Some(TypeRef::String),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Integer(i)) => {
                if !i.enumeration.is_empty() {
                    diags.warning(
                        ptr,
                        "integer enums are generated as plain integers: the allowed values are not checked",
                    );
                }
                Some(match i.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                    _ => TypeRef::I64,
                })
            }
            SchemaKind::Type(Type::Number(n)) => Some(match n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.lower_boxed(items, &ptr.join("items"), &format!("{hint}Item"), diags)?,
                    None => TypeRef::Json,
                };
                Some(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) => self.free_form(o, ptr, hint, diags),
            SchemaKind::OneOf { .. } | SchemaKind::AllOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => {
                diags.error(
                    ptr,
                    format!("Not supported yet: `{}` schemas", composition_keyword(schema)),
                );
                None
            }
            SchemaKind::Any(any) => {
                if has_composition(schema) {
                    diags.error(
                        ptr,
                        format!("Not supported yet: `{}` schemas", composition_keyword(schema)),
                    );
                    return None;
                }
                match any.typ.as_deref() {
                    None => Some(TypeRef::Json),
                    Some(other) => {
                        diags.error(ptr, format!("`type: {other}` with these keywords is not supported"));
                        None
                    }
                }
            }
        }
    }

    /// An object without properties: a map when `additionalProperties` has a schema, else any object.
    fn free_form(&mut self, o: &ObjectType, ptr: &Pointer, hint: &str, diags: &mut Diagnostics) -> Option<TypeRef> {
        match &o.additional_properties {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.lower(
                    schema,
                    &ptr.join("additionalProperties"),
                    &format!("{hint}Value"),
                    diags,
                )?;
                Some(TypeRef::Map(Box::new(value)))
            }
            _ => Some(TypeRef::JsonObject),
        }
    }

    fn string_enum(&mut self, s: &StringType, ptr: &Pointer, diags: &mut Diagnostics) -> Option<Enum> {
        let mut variants: Vec<Variant> = Vec::new();
        let mut ok = true;
        for (index, value) in s.enumeration.iter().enumerate() {
            // `null` in an enum is what `nullable` already says.
            let Some(value) = value else { continue };
            let rust_name = if value.is_empty() {
                Some("Empty".to_owned())
            } else {
                names::type_name(value)
            };
            let Some(rust_name) = rust_name else {
                diags.error(
                    ptr.join("enum").join(index.to_string()),
                    format!("cannot make a Rust variant name from `{value}`"),
                );
                ok = false;
                continue;
            };
            if let Some(other) = variants.iter().find(|v| v.rust_name == rust_name) {
                let other_index = s
                    .enumeration
                    .iter()
                    .position(|e| e.as_deref() == Some(other.wire_value.as_str()));
                diags.error(
                    ptr.join("enum").join(index.to_string()),
                    format!(
                        "`{value}` and `{}` ({}) both become the variant `{rust_name}`",
                        other.wire_value,
                        ptr.join("enum").join(other_index.unwrap_or_default().to_string())
                    ),
                );
                ok = false;
                continue;
            }
            variants.push(Variant {
                wire_value: value.clone(),
                rust_name,
            });
        }
        let unknown_variant = ["Unknown", "Unrecognized", "UnknownValue"]
            .into_iter()
            .find(|candidate| variants.iter().all(|v| v.rust_name != *candidate));
        let Some(unknown_variant) = unknown_variant else {
            diags.error(ptr, "no name is left for the catch-all variant of unknown values");
            return None;
        };
        ok.then(|| Enum {
            variants,
            unknown_variant: unknown_variant.to_owned(),
        })
    }

    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Struct> {
        if matches!(
            additional,
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true))
        ) {
            diags.warning(
                ptr.join("additionalProperties"),
                "Not supported yet: additional properties beside declared ones; they are ignored when decoding",
            );
        }
        let mut fields: Vec<Field> = Vec::new();
        let mut ok = true;
        for (wire_name, schema) in properties {
            let field_ptr = ptr.join("properties").join(wire_name);
            let Some(rust_name) = names::snake_name(wire_name) else {
                diags.error(&field_ptr, format!("cannot make a Rust field name from `{wire_name}`"));
                ok = false;
                continue;
            };
            if let Some(other) = fields.iter().find(|f| f.rust_name == rust_name) {
                diags.error(
                    &field_ptr,
                    format!(
                        "`{wire_name}` and `{}` ({}) both become the field `{rust_name}`",
                        other.wire_name,
                        ptr.join("properties").join(&other.wire_name)
                    ),
                );
                ok = false;
                continue;
            }
            let hint = format!("{name}{}", wire_name.to_upper_camel_case());
            let Some(ty) = self.lower_boxed(schema, &field_ptr, &hint, diags) else {
                ok = false;
                continue;
            };
            let (nullable, description) = self.facts(schema);
            fields.push(Field {
                sensitive: self.config.sensitive_fields.iter().any(|s| s == wire_name),
                required: required.iter().any(|r| r == wire_name),
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                nullable,
                boxed: false,
                description,
            });
        }
        for missing in required.iter().filter(|r| !properties.contains_key(*r)) {
            diags.warning(
                ptr.join("required"),
                format!("required property `{missing}` is not declared; it is ignored"),
            );
        }
        ok.then_some(Struct { fields })
    }
}

fn has_composition(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(any) => {
            !any.one_of.is_empty() || !any.all_of.is_empty() || !any.any_of.is_empty() || any.not.is_some()
        }
        SchemaKind::Type(_) => false,
        _ => true,
    }
}

fn composition_keyword(schema: &Schema) -> &'static str {
    match &schema.schema_kind {
        SchemaKind::OneOf { .. } => "oneOf",
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::AnyOf { .. } => "anyOf",
        SchemaKind::Not { .. } => "not",
        SchemaKind::Any(any) if !any.one_of.is_empty() => "oneOf",
        SchemaKind::Any(any) if !any.all_of.is_empty() => "allOf",
        SchemaKind::Any(any) if !any.any_of.is_empty() => "anyOf",
        _ => "not",
    }
}

/// The kind with descriptions removed: two inline schemas with the same shape are one type.
fn shape_of(kind: &TypeKind) -> TypeKind {
    let mut shape = kind.clone();
    if let TypeKind::Struct(s) = &mut shape {
        for field in &mut s.fields {
            field.description = None;
        }
    }
    shape
}

/// A struct that contains itself (directly or through other structs, not through a `Vec` or a map)
/// would have infinite size: such fields are boxed.
fn box_recursive_fields(types: &mut [NamedType]) {
    let direct: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_target(&f.ty)).collect(),
                TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
                TypeKind::Enum(_) => BTreeSet::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| -> bool {
        let mut stack = vec![from.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(direct.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.iter_mut() {
        let name = t.name.clone();
        if let TypeKind::Struct(s) = &mut t.kind {
            for field in &mut s.fields {
                if let Some(target) = direct_target(&field.ty) {
                    field.boxed = reaches(&target, &name);
                }
            }
        }
    }
}

fn direct_target(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}
