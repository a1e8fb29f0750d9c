//! Composed schemas → types. `allOf` merges the properties of its object members into one struct (a
//! single `$ref` member is that type); `oneOf` and `anyOf` become a union: tagged by the discriminator
//! when every member is a `$ref`, else tried in order.

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::normalize::normalize;
use super::refs::component_name;
use super::schemas::{Lowered, Prop, Types, catch_all, props_of};
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{TypeKind, TypeRef, Union, UnionVariant};
use crate::names;

/// What the members of an `allOf` contribute.
#[derive(Default)]
struct Parts {
    props: Vec<Prop>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    /// Members that are not objects, with where they are.
    others: Vec<(Pointer, ReferenceOr<Schema>)>,
    ok: bool,
}

impl Types<'_> {
    /// `allOf`: one member that says something is that member's type; several object members are one
    /// struct with all their properties (required when any member requires them).
    pub(super) fn all_of(
        &mut self,
        members: &[ReferenceOr<Schema>],
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Lowered> {
        let structural: Vec<(usize, &ReferenceOr<Schema>)> =
            members.iter().enumerate().filter(|(_, m)| !is_annotation(m)).collect();
        match structural.as_slice() {
            [] => return Some(Lowered::Ty(TypeRef::Json)),
            [(index, ReferenceOr::Reference { reference })] => {
                let member_ptr = ptr.join("allOf").join(index.to_string());
                return self.component(reference, &member_ptr, diags).map(Lowered::Ty);
            }
            [(index, ReferenceOr::Item(schema))] => {
                return self.shape(schema, &ptr.join("allOf").join(index.to_string()), name, diags);
            }
            _ => {}
        }
        let mut parts = Parts {
            ok: true,
            ..Parts::default()
        };
        let mut visiting = Vec::new();
        for (index, member) in structural {
            let member_ptr = ptr.join("allOf").join(index.to_string());
            self.collect(member, &member_ptr, name, &mut parts, &mut visiting, diags);
        }
        if !parts.ok {
            return None;
        }
        if let Some((other_ptr, other)) = parts.others.first() {
            let fix = "make every member of `allOf` an object, or use the non-object schema alone";
            if parts.props.is_empty() && parts.additional.is_none() {
                // Members that are all scalars, arrays or unions say one value several ways: the first
                // one's type reads it, and the others only narrow what it may be.
                diags.warning_with_fix(
                    Category::AllOfMixed,
                    other_ptr,
                    "`allOf` of schemas that are not objects: the type is the first member's; what the others add is not checked",
                    fix,
                );
                return self.lower(other, other_ptr, name, diags).map(Lowered::Ty);
            }
            diags.warning_with_fix(
                Category::AllOfMixed,
                other_ptr,
                "Not supported yet: `allOf` of an object and a schema that is not an object; the value is a `serde_json::Value`",
                fix,
            );
            return Some(Lowered::Ty(TypeRef::Json));
        }
        if parts.props.is_empty() {
            return Some(Lowered::Ty(match parts.additional {
                Some(AdditionalProperties::Schema(schema)) => TypeRef::Map(Box::new(self.lower(
                    &schema,
                    &ptr.join("additionalProperties"),
                    &format!("{name}Value"),
                    diags,
                )?)),
                _ => TypeRef::JsonObject,
            }));
        }
        let s = self.object(
            parts.props,
            &parts.required,
            parts.additional.as_ref(),
            ptr,
            name,
            diags,
        )?;
        Some(Lowered::Kind(TypeKind::Struct(s)))
    }

    /// Adds what one `allOf` member contributes. `owner` names the inline types of its properties;
    /// properties of a referenced schema are named after that schema, as its own type names them.
    fn collect(
        &mut self,
        member: &ReferenceOr<Schema>,
        ptr: &Pointer,
        owner: &str,
        parts: &mut Parts,
        visiting: &mut Vec<String>,
        diags: &mut Diagnostics,
    ) {
        match member {
            ReferenceOr::Reference { reference } => {
                let Some((schema, component)) = self.resolve_ref(reference) else {
                    // Lowering the reference reports why it does not resolve.
                    parts.ok &= self.component(reference, ptr, diags).is_some();
                    return;
                };
                if visiting.contains(&component) {
                    diags.error(
                        Category::RecursiveSchema,
                        ptr,
                        format!("`allOf` includes `{reference}` inside itself"),
                    );
                    parts.ok = false;
                    return;
                }
                let component_ptr = Pointer::root().join("components").join("schemas").join(&component);
                let Some(schema) = normalize(schema, &component_ptr, diags) else {
                    parts.ok = false;
                    return;
                };
                if !is_object_like(&schema) {
                    parts.others.push((ptr.clone(), member.clone()));
                    return;
                }
                let component_owner = self.component_rust_name(&component).unwrap_or_else(|| owner.to_owned());
                visiting.push(component);
                self.collect_schema(&schema, &component_ptr, &component_owner, parts, visiting, diags);
                visiting.pop();
            }
            ReferenceOr::Item(schema) => {
                let Some(schema) = normalize(schema, ptr, diags) else {
                    parts.ok = false;
                    return;
                };
                if is_object_like(&schema) {
                    self.collect_schema(&schema, ptr, owner, parts, visiting, diags);
                } else if !matches!(schema.schema_kind, SchemaKind::Any(_)) {
                    parts.others.push((ptr.clone(), ReferenceOr::Item(schema.into_owned())));
                }
            }
        }
    }

    fn collect_schema(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        owner: &str,
        parts: &mut Parts,
        visiting: &mut Vec<String>,
        diags: &mut Diagnostics,
    ) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for prop in props_of(o, ptr, owner) {
                    add_prop(parts, prop, diags);
                }
                for name in &o.required {
                    if !parts.required.contains(name) {
                        parts.required.push(name.clone());
                    }
                }
                if o.additional_properties.is_some() {
                    parts.additional.clone_from(&o.additional_properties);
                }
            }
            SchemaKind::AllOf { all_of } => {
                for (index, member) in all_of.iter().enumerate() {
                    let member_ptr = ptr.join("allOf").join(index.to_string());
                    self.collect(member, &member_ptr, owner, parts, visiting, diags);
                }
            }
            _ => {}
        }
    }

    /// `oneOf` / `anyOf`. One member is that member's type. With a discriminator and only `$ref`
    /// members, the discriminator's value picks the variant; otherwise the variants are tried in the
    /// spec's order. Either way a value no variant accepts is kept as JSON in a catch-all variant.
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        any_of: bool,
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Lowered> {
        let keyword = if any_of { "anyOf" } else { "oneOf" };
        match members {
            [] => return Some(Lowered::Ty(TypeRef::Json)),
            [ReferenceOr::Reference { reference }] => {
                return self
                    .component(reference, &ptr.join(keyword).join("0"), diags)
                    .map(Lowered::Ty);
            }
            [ReferenceOr::Item(schema)] => return self.shape(schema, &ptr.join(keyword).join("0"), name, diags),
            _ => {}
        }
        let discriminator = used_discriminator(members, discriminator, keyword, ptr, diags);
        let mut variants: Vec<UnionVariant> = Vec::new();
        let mut sources: Vec<Pointer> = Vec::new();
        let mut ok = true;
        for (index, member) in members.iter().enumerate() {
            let member_ptr = ptr.join(keyword).join(index.to_string());
            let Some((ty, inline_variant)) = self.union_member(member, index, &member_ptr, name, diags) else {
                ok = false;
                continue;
            };
            if let Some(position) = variants.iter().position(|v| v.ty == ty) {
                diags.warning_with_fix(
                    Category::DuplicateUnionMember,
                    &member_ptr,
                    format!(
                        "this member has the same Rust type as {}; it is left out, as it could never be chosen",
                        sources[position]
                    ),
                    format!("remove one of the two members of `{keyword}`"),
                );
                continue;
            }
            let wanted = inline_variant.unwrap_or_else(|| variant_name(&ty));
            let rust_name = distinct_variant_name(wanted, &variants, &sources, &member_ptr, diags);
            let tag_values = match (discriminator, member) {
                (Some(d), ReferenceOr::Reference { reference }) => tag_values(d, reference),
                _ => Vec::new(),
            };
            ok &= tags_unambiguous(&tag_values, &variants, &sources, &member_ptr, diags);
            sources.push(member_ptr);
            variants.push(UnionVariant {
                rust_name,
                ty,
                tag_values,
                boxed: false,
            });
        }
        if !ok {
            return None;
        }
        let unknown_variant = catch_all(variants.iter().map(|v| v.rust_name.as_str()));
        if let [only] = variants.as_slice() {
            // Every other member was a duplicate.
            return Some(Lowered::Ty(only.ty.clone()));
        }
        Some(Lowered::Kind(TypeKind::Union(Union {
            tag: discriminator.map(|d| d.property_name.clone()),
            variants,
            unknown_variant,
            any_of,
        })))
    }

    /// One member of a union lowered: its type, and for an inline member whose type is named
    /// `{Union}{Title}` (or `{Union}Variant2`) the variant's name, just `Title`.
    fn union_member(
        &mut self,
        member: &ReferenceOr<Schema>,
        index: usize,
        member_ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<(TypeRef, Option<String>)> {
        match member {
            ReferenceOr::Reference { reference } => self.component(reference, member_ptr, diags).map(|ty| (ty, None)),
            ReferenceOr::Item(schema) => {
                let suffix = schema
                    .schema_data
                    .title
                    .as_deref()
                    .and_then(names::type_name)
                    .unwrap_or_else(|| format!("Variant{}", index + 1));
                let type_name = format!("{name}{suffix}");
                let ty = self.inline(schema, member_ptr, &type_name, diags)?;
                let inline_variant = (ty == TypeRef::Named(type_name)).then_some(suffix);
                Some((ty, inline_variant))
            }
        }
    }
}

/// The discriminator when the union can use it: only `$ref` members have a discriminator value, so with
/// any inline member it is left unused (with a warning) and the members are tried in order.
fn used_discriminator<'d>(
    members: &[ReferenceOr<Schema>],
    discriminator: Option<&'d Discriminator>,
    keyword: &str,
    ptr: &Pointer,
    diags: &mut Diagnostics,
) -> Option<&'d Discriminator> {
    let all_refs = members.iter().all(|m| matches!(m, ReferenceOr::Reference { .. }));
    match discriminator {
        Some(d) if all_refs => Some(d),
        Some(_) => {
            diags.warning_with_fix(
                Category::DiscriminatorUnused,
                ptr.join("discriminator"),
                format!("the discriminator is not used: only `$ref` members of `{keyword}` have a discriminator value; the members are tried in order"),
                format!("make every member of `{keyword}` a `$ref` to a component schema"),
            );
            None
        }
        None => None,
    }
}

/// The variant name `wanted`, or with a number after it when an earlier variant has it (with a warning
/// naming that variant's member; `sources` are the members' pointers, in the order of `variants`).
fn distinct_variant_name(
    wanted: String,
    variants: &[UnionVariant],
    sources: &[Pointer],
    member_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> String {
    let rust_name = names::unique(&wanted, "", |n| variants.iter().any(|v| v.rust_name == n));
    if rust_name != wanted {
        let position = variants.iter().position(|v| v.rust_name == wanted).unwrap_or_default();
        diags.warning(
            Category::NameCollision,
            member_ptr,
            format!(
                "this member and {} would both become the variant `{wanted}`; it is the variant `{rust_name}`",
                sources[position]
            ),
        );
    }
    rust_name
}

/// Whether none of a member's discriminator values selects an earlier variant too; each that does is an
/// error naming that variant's member.
fn tags_unambiguous(
    tag_values: &[String],
    variants: &[UnionVariant],
    sources: &[Pointer],
    member_ptr: &Pointer,
    diags: &mut Diagnostics,
) -> bool {
    let mut ok = true;
    for value in tag_values {
        if let Some(position) = variants.iter().position(|v| v.tag_values.contains(value)) {
            diags.error(
                Category::DiscriminatorAmbiguous,
                member_ptr,
                format!(
                    "the discriminator value `{value}` selects this member and {}",
                    sources[position]
                ),
            );
            ok = false;
        }
    }
    ok
}

/// The discriminator values that select the member `reference`: the mapping's keys that name it, else
/// the component's name (OpenAPI's implicit value).
fn tag_values(d: &Discriminator, reference: &str) -> Vec<String> {
    let component = component_name::<Schema>(reference).unwrap_or_default();
    let explicit: Vec<String> = d
        .mapping
        .iter()
        .filter(|(_, target)| {
            if target.starts_with('#') {
                target.as_str() == reference
            } else {
                target.as_str() == component
            }
        })
        .map(|(value, _)| value.clone())
        .collect();
    if explicit.is_empty() { vec![component] } else { explicit }
}

/// A variant's name from its type: the type's own name, or what a primitive is (`String`, `I64`,
/// `StringList`).
fn variant_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::Bool => "Bool".to_owned(),
        TypeRef::I32 => "I32".to_owned(),
        TypeRef::I64 => "I64".to_owned(),
        TypeRef::F32 => "F32".to_owned(),
        TypeRef::F64 => "F64".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::File => "File".to_owned(),
        TypeRef::Json => "Value".to_owned(),
        TypeRef::JsonObject => "Object".to_owned(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(item) => format!("{}List", variant_name(item)),
        TypeRef::Map(value) => format!("{}Map", variant_name(value)),
    }
}

/// A member that only annotates (`{description: …}`, `{nullable: true}`): it adds no structure.
fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => *any == Default::default(),
            _ => false,
        },
    }
}

fn is_object_like(schema: &Schema) -> bool {
    matches!(
        schema.schema_kind,
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. }
    )
}

/// Adds a property; a property declared again replaces the earlier one unless it only annotates it.
fn add_prop(parts: &mut Parts, prop: Prop, diags: &mut Diagnostics) {
    let Some(existing) = parts.props.iter_mut().find(|p| p.wire_name == prop.wire_name) else {
        parts.props.push(prop);
        return;
    };
    if existing.schema == prop.schema {
        return;
    }
    let annotates = match &prop.schema {
        ReferenceOr::Item(schema) => matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == Default::default()),
        ReferenceOr::Reference { .. } => false,
    };
    if annotates {
        return;
    }
    diags.warning_with_fix(
        Category::PropertyRedeclared,
        &prop.ptr,
        format!(
            "`{}` is also declared at {}; this later declaration is used",
            prop.wire_name, existing.ptr
        ),
        "declare each property in one member of `allOf`",
    );
    *existing = prop;
}
