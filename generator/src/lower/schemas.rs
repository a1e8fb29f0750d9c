//! Schemas → types. Component schemas keep their names; inline objects, enums and unions are named from
//! their place (`{Parent}{Field}`), and structurally identical inline types become one. `allOf` and
//! `oneOf`/`anyOf` are in `compose.rs`; mixed keywords are sorted out first by `normalize.rs`.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, IntegerType, NumberFormat, ObjectType, OpenAPI, ReferenceOr, Schema,
    SchemaData, SchemaKind, StringType, Type, VariantOrUnknownOrEmpty,
};

use super::normalize::normalize;
use super::refs::{self, component_name};
use crate::config::Config;
use crate::diag::{Category, Diagnostics, Pointer};
use crate::ir::{Enum, Field, IntEnum, IntVariant, NamedType, Struct, TypeKind, TypeRef, Variant};
use crate::names;

/// The Rust name of the map field that keeps `additionalProperties` beside declared properties.
pub(crate) const ADDITIONAL_FIELD: &str = "additional_properties";

/// Collects the named types of the SDK while operations are lowered.
pub(crate) struct Types<'a> {
    pub(super) spec: &'a OpenAPI,
    config: &'a Config,
    /// Component schemas already lowered (or being lowered), by component name.
    components: BTreeMap<String, TypeRef>,
    /// The Rust name of every component schema, made before any is lowered (see
    /// [`Types::name_components`]).
    component_names: BTreeMap<String, String>,
    /// Every named type by Rust name, with the pointer of the schema that made it.
    named: BTreeMap<String, NamedType>,
    /// Names reserved for types still being lowered, so that recursion and collisions are seen.
    reserved: BTreeMap<String, String>,
    /// Inline types by shape (the kind without descriptions), to reuse identical ones.
    inline_shapes: Vec<(TypeKind, String)>,
    /// Component schemas that could not be lowered, by name: a later `$ref` to one reports that in one
    /// line instead of repeating every diagnostic. Kept across [`Types::restore`].
    failed: BTreeSet<String>,
    /// The keys added to `components`, `named` and `reserved`, in order, to go back to a [`Checkpoint`].
    added: Vec<(Table, String)>,
}

/// One of the tables of [`Types`] that a [`Checkpoint`] restores.
#[derive(Clone, Copy)]
enum Table {
    Components,
    Named,
    Reserved,
}

/// The types collected up to some point, to go back to when an operation is left out. Lowering only
/// adds entries (or removes the ones it added itself), so forgetting the keys added since is enough to
/// go back: cloning every type collected so far before each operation made lowering quadratic, and so
/// did copying every key.
pub(crate) struct Checkpoint {
    added: usize,
    inline_shapes: usize,
}

/// What a schema lowers to: a kind that needs a name of its own, or a use of a type that needs none.
pub(super) enum Lowered {
    Kind(TypeKind),
    Ty(TypeRef),
}

/// A property of an object being built, with where it is declared: properties merged by `allOf` come
/// from several schemas, and their inline types are named after the schema that declares them.
#[derive(Clone)]
pub(super) struct Prop {
    pub(super) wire_name: String,
    pub(super) schema: ReferenceOr<Box<Schema>>,
    pub(super) ptr: Pointer,
    /// The Rust name of the type that declares it (`{owner}{Field}` names its inline types).
    pub(super) owner: String,
}

/// What a field's schema says beside its type.
#[derive(Default)]
pub(super) struct Facts {
    nullable: bool,
    read_only: bool,
    write_only: bool,
    default: Option<String>,
    description: Option<String>,
}

impl<'a> Types<'a> {
    pub(crate) fn new(spec: &'a OpenAPI, config: &'a Config) -> Self {
        Types {
            spec,
            config,
            components: BTreeMap::new(),
            component_names: BTreeMap::new(),
            named: BTreeMap::new(),
            reserved: BTreeMap::new(),
            added: Vec::new(),
            inline_shapes: Vec::new(),
            failed: BTreeSet::new(),
        }
    }

    /// Names every component schema before anything is lowered, so that names do not depend on which
    /// operations are generated or in which order: configured names first (`type_names`), then the
    /// others by component name in sorted order. A name already taken gets the first free suffix
    /// (`CountryCode`, `country_code` → `CountryCode`, `CountryCode2`), one that cannot be made is
    /// `Schema`; both with a warning. Inline types never take these names.
    pub(crate) fn name_components(&mut self, diags: &mut Diagnostics) {
        let Some(components) = self.spec.components.as_ref() else {
            return;
        };
        let mut order: Vec<&String> = components.schemas.keys().collect();
        order.sort();
        let configured = order.iter().filter(|n| self.config.type_names.contains_key(n.as_str()));
        let derived = order
            .iter()
            .filter(|n| !self.config.type_names.contains_key(n.as_str()));
        for name in configured.chain(derived) {
            let ptr = Pointer::root().join("components").join("schemas").join(name.as_str());
            let fix = format!("name it in the configuration: `type_names: {{{name:?}: SomeName}}`");
            let wanted = match self.component_rust_name(name) {
                Some(wanted) => wanted,
                None => {
                    diags.warning_with_fix(
                        Category::NameUnrepresentable,
                        &ptr,
                        format!("cannot make a Rust type name from `{name}`; it is named `Schema`"),
                        &fix,
                    );
                    "Schema".to_owned()
                }
            };
            let rust_name = names::unique(&wanted, "", |n| self.reserved.contains_key(n));
            if rust_name != wanted {
                diags.warning_with_fix(
                    Category::NameCollision,
                    &ptr,
                    format!(
                        "its Rust type name `{wanted}` is already the name of {}; it is named `{rust_name}`",
                        self.reserved[&wanted]
                    ),
                    &fix,
                );
            }
            self.add_reserved(rust_name.clone(), &ptr);
            self.component_names.insert((*name).clone(), rust_name);
        }
    }

    /// The state to go back to if what is lowered next is dropped.
    pub(crate) fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            added: self.added.len(),
            inline_shapes: self.inline_shapes.len(),
        }
    }

    /// Forgets every type lowered since the checkpoint.
    pub(crate) fn restore(&mut self, checkpoint: Checkpoint) {
        for (table, key) in self.added.drain(checkpoint.added..) {
            match table {
                Table::Components => drop(self.components.remove(&key)),
                Table::Named => drop(self.named.remove(&key)),
                Table::Reserved => drop(self.reserved.remove(&key)),
            }
        }
        self.inline_shapes.truncate(checkpoint.inline_shapes);
    }

    fn add_component(&mut self, name: String, ty: TypeRef) {
        if self.components.insert(name.clone(), ty).is_none() {
            self.added.push((Table::Components, name));
        }
    }

    fn add_named(&mut self, ty: NamedType) {
        let name = ty.name.clone();
        if self.named.insert(name.clone(), ty).is_none() {
            self.added.push((Table::Named, name));
        }
    }

    fn add_reserved(&mut self, name: String, ptr: &Pointer) {
        if self.reserved.insert(name.clone(), ptr.as_str().to_owned()).is_none() {
            self.added.push((Table::Reserved, name));
        }
    }

    /// The named types, sorted by name, with recursive fields and variants boxed.
    pub(crate) fn finish(self) -> Vec<NamedType> {
        let mut types: Vec<NamedType> = self.named.into_values().collect();
        box_recursive_fields(&mut types);
        types
    }

    /// The type of a schema found at `ptr`. `hint` names an inline object, enum or union.
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
    pub(super) fn lower_boxed(
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

    /// The schema data of a (possibly referenced) schema.
    fn data_of<'s>(&'s self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema> {
        match schema {
            ReferenceOr::Item(schema) => Some(schema.as_ref()),
            ReferenceOr::Reference { reference } => self.resolve_ref(reference).map(|(s, _)| s),
        }
    }

    /// The component schema a `$ref` names, after following refs to refs, with its component name.
    pub(super) fn resolve_ref(&self, reference: &str) -> Option<(&'a Schema, String)> {
        let name = component_name::<Schema>(reference)?;
        let item = self.spec.components.as_ref()?.schemas.get(&name)?;
        let (schema, last) = refs::resolve(self.spec, item).ok()?;
        Some((schema, last.unwrap_or(name)))
    }

    /// Nullability, direction, default and description of a field's schema. A field written as
    /// `allOf: [$ref]` with keywords beside it takes what it does not say from the referenced schema.
    pub(super) fn facts(&self, schema: &ReferenceOr<Box<Schema>>) -> Facts {
        let Some(resolved) = self.data_of(schema) else {
            return Facts::default();
        };
        let mut facts = facts_of(&resolved.schema_data);
        if let ReferenceOr::Item(item) = schema {
            if let SchemaKind::AllOf { all_of } = &item.schema_kind {
                if let [ReferenceOr::Reference { reference }] = all_of.as_slice() {
                    if let Some((target, _)) = self.resolve_ref(reference) {
                        let inner = facts_of(&target.schema_data);
                        facts.description = facts.description.or(inner.description);
                        facts.default = facts.default.or(inner.default);
                        facts.nullable |= inner.nullable;
                    }
                }
            }
        }
        facts
    }

    /// The Rust name of a component schema: the one [`Types::name_components`] gave it, else the
    /// configured one, else its name in UpperCamelCase.
    pub(super) fn component_rust_name(&self, name: &str) -> Option<String> {
        if let Some(made) = self.component_names.get(name) {
            return Some(made.clone());
        }
        match self.config.type_names.get(name) {
            Some(n) => Some(n.clone()),
            None => names::type_name(name),
        }
    }

    pub(super) fn component(&mut self, reference: &str, ptr: &Pointer, diags: &mut Diagnostics) -> Option<TypeRef> {
        let Some(name) = component_name::<Schema>(reference) else {
            diags.error_with_fix(
                Category::UnsupportedRef,
                ptr,
                format!("`$ref: {reference}` is not supported: only refs to `#/components/schemas/…` are"),
                "move the schema into `components/schemas` of this file and refer to it there",
            );
            return None;
        };
        if let Some(done) = self.components.get(&name) {
            return Some(done.clone());
        }
        let component_ptr = Pointer::root().join("components").join("schemas").join(&name);
        if self.failed.contains(&name) {
            diags.error(
                Category::UnresolvedRef,
                ptr,
                format!("`$ref: {reference}`: that schema cannot be generated (its diagnostics are above)"),
            );
            return None;
        }
        let Some(schema) = self.spec.components.as_ref().and_then(|c| c.schemas.get(&name)) else {
            diags.error(
                Category::UnresolvedRef,
                ptr,
                format!("`$ref: {reference}` does not resolve"),
            );
            return None;
        };
        // Every component was named up front (`name_components`), and its name is reserved.
        let rust_name = self
            .component_names
            .get(&name)
            .cloned()
            .unwrap_or_else(|| "Schema".to_owned());
        let result = TypeRef::Named(rust_name.clone());
        // Registered before lowering the body so that a recursive reference finds it.
        self.add_component(name.clone(), result.clone());
        let body = match schema {
            ReferenceOr::Reference { reference } => self
                .component(reference, &component_ptr, diags)
                .map(|t| (TypeKind::Alias(t), None)),
            ReferenceOr::Item(schema) => self
                .shape(schema, &component_ptr, &rust_name, diags)
                .map(|lowered| match lowered {
                    Lowered::Kind(kind) => kind,
                    Lowered::Ty(ty) => TypeKind::Alias(ty),
                })
                .map(|kind| (kind, schema.schema_data.description.clone())),
        };
        let body = body.filter(|(kind, _)| {
            let cyclic = self.alias_cycle(&rust_name, kind);
            if cyclic {
                diags.error_with_fix(
                    Category::RecursiveSchema,
                    &component_ptr,
                    "the schema contains itself with no object in between, which no Rust type can be",
                    "put an object with a property between the schema and itself",
                );
            }
            !cyclic
        });
        match body {
            Some((kind, description)) => {
                self.add_named(NamedType {
                    name: rust_name,
                    description,
                    pointer: component_ptr.into(),
                    kind,
                });
                Some(result)
            }
            None => {
                // The name stays reserved: it is the component's even when it cannot be generated.
                self.components.remove(&name);
                self.failed.insert(name);
                None
            }
        }
    }

    /// Whether an alias named `name` with this kind would name itself through aliases, lists and maps
    /// only (`type A = Vec<A>`), which Rust refuses.
    fn alias_cycle(&self, name: &str, kind: &TypeKind) -> bool {
        let TypeKind::Alias(target) = kind else { return false };
        let mut stack = Vec::new();
        alias_targets(target, &mut stack);
        let mut seen = BTreeSet::new();
        while let Some(next) = stack.pop() {
            if next == name {
                return true;
            }
            if !seen.insert(next.clone()) {
                continue;
            }
            if let Some(NamedType {
                kind: TypeKind::Alias(t),
                ..
            }) = self.named.get(&next)
            {
                alias_targets(t, &mut stack);
            }
        }
        false
    }

    /// The kind of a named type lowered so far.
    pub(super) fn kind(&self, rust_name: &str) -> Option<&TypeKind> {
        self.named.get(rust_name).map(|t| &t.kind)
    }

    /// Whether a type already has (or is being lowered under) this name.
    pub(super) fn is_named(&self, rust_name: &str) -> bool {
        self.reserved.contains_key(rust_name)
    }

    /// Claims a Rust type name for the inline schema at `ptr`: `wanted`, or when another schema has it,
    /// `wanted` with the first free suffix (`2`, `3`, …), with a warning naming both.
    fn claim(&mut self, wanted: &str, ptr: &Pointer, diags: &mut Diagnostics) -> String {
        let rust_name = names::unique(wanted, "", |n| {
            self.reserved.get(n).is_some_and(|other| other != ptr.as_str())
        });
        if rust_name != wanted {
            diags.warning_with_fix(
                Category::NameCollision,
                ptr,
                format!(
                    "its Rust type name `{wanted}` is already the name of {}; it is named `{rust_name}`",
                    self.reserved[wanted]
                ),
                format!(
                    "name it in the configuration: `type_names: {{{:?}: SomeName}}`",
                    ptr.as_str()
                ),
            );
        }
        self.add_reserved(rust_name.clone(), ptr);
        rust_name
    }

    /// What `schema` lowers to. `name` is the name the type gets if it needs one (the component's
    /// name, or the inline hint); nested inline types are named from it.
    pub(super) fn shape(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Lowered> {
        let schema = normalize(schema, ptr, diags)?;
        let lowered = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
                Lowered::Kind(TypeKind::Enum(self.string_enum(s, ptr, diags)?))
            }
            SchemaKind::Type(Type::String(_)) => Lowered::Ty(TypeRef::String),
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                Lowered::Kind(TypeKind::IntEnum(self.int_enum(i, &schema.schema_data, ptr, diags)?))
            }
            SchemaKind::Type(Type::Integer(i)) => Lowered::Ty(integer(i)),
            SchemaKind::Type(Type::Number(n)) => {
                if !n.enumeration.is_empty() {
                    diags.warning(
                        Category::NumberEnum,
                        ptr.join("enum"),
                        "number enums are generated as plain numbers: the allowed values are not checked",
                    );
                }
                Lowered::Ty(match n.format {
                    VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                    _ => TypeRef::F64,
                })
            }
            SchemaKind::Type(Type::Boolean(_)) => Lowered::Ty(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => self.lower_boxed(items, &ptr.join("items"), &format!("{name}Item"), diags)?,
                    None => TypeRef::Json,
                };
                Lowered::Ty(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) if !o.properties.is_empty() => {
                let props = props_of(o, ptr, name);
                let s = self.object(props, &o.required, o.additional_properties.as_ref(), ptr, name, diags)?;
                Lowered::Kind(TypeKind::Struct(s))
            }
            SchemaKind::Type(Type::Object(o)) => Lowered::Ty(self.free_form(o, ptr, name, diags)?),
            SchemaKind::AllOf { all_of } => return self.all_of(all_of, ptr, name, diags),
            SchemaKind::OneOf { one_of } => {
                return self.union(
                    one_of,
                    schema.schema_data.discriminator.as_ref(),
                    false,
                    ptr,
                    name,
                    diags,
                );
            }
            SchemaKind::AnyOf { any_of } => {
                return self.union(
                    any_of,
                    schema.schema_data.discriminator.as_ref(),
                    true,
                    ptr,
                    name,
                    diags,
                );
            }
            SchemaKind::Not { .. } => {
                diags.warning_with_fix(
                    Category::NotUnchecked,
                    ptr.join("not"),
                    "`not` is not checked: the value is any JSON value (`serde_json::Value`)",
                    "describe what the value is rather than what it is not",
                );
                Lowered::Ty(TypeRef::Json)
            }
            SchemaKind::Any(_) => Lowered::Ty(TypeRef::Json),
        };
        Some(lowered)
    }

    /// An inline schema: a use of a type, named from `hint` when it needs a name of its own.
    pub(super) fn inline(
        &mut self,
        schema: &Schema,
        ptr: &Pointer,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        match self.shape(schema, ptr, hint, diags)? {
            Lowered::Ty(ty) => Some(ty),
            Lowered::Kind(kind) => self.name_inline(kind, schema.schema_data.description.clone(), ptr, hint, diags),
        }
    }

    /// Registers an inline type under `hint`, or finds an identical one registered before.
    fn name_inline(
        &mut self,
        kind: TypeKind,
        description: Option<String>,
        ptr: &Pointer,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Option<TypeRef> {
        let shape = shape_of(&kind);
        if let Some((_, existing)) = self.inline_shapes.iter().find(|(s, _)| *s == shape) {
            return Some(TypeRef::Named(existing.clone()));
        }
        // A configured name for this place wins; an over-long hint is shortened, one without letters
        // (a place named by symbols only) is `Inline…`.
        let wanted = match self.config.type_names.get(ptr.as_str()) {
            Some(configured) => configured.clone(),
            None if names::is_identifier(&names::shorten(hint)) => names::shorten(hint),
            None => names::type_name(hint).unwrap_or_else(|| "Inline".to_owned()),
        };
        let name = self.claim(&wanted, ptr, diags);
        self.inline_shapes.push((shape, name.clone()));
        self.add_named(NamedType {
            name: name.clone(),
            description,
            pointer: ptr.into(),
            kind,
        });
        Some(TypeRef::Named(name))
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
        // Each value once (a repeated value is the same variant; `null` is what `nullable` says), with
        // its index in the spec for the diagnostics.
        let mut values: Vec<(usize, &str)> = Vec::new();
        for (index, value) in s.enumeration.iter().enumerate() {
            if let Some(value) = value {
                if !values.iter().any(|(_, v)| v == value) {
                    values.push((index, value));
                }
            }
        }
        let wire: Vec<&str> = values.iter().map(|(_, v)| *v).collect();
        let convert = |value: &str| {
            if value.is_empty() {
                Some("Empty".to_owned())
            } else {
                names::variant_name(value)
            }
        };
        let made = names::name_all(&wire, convert, |i| format!("Value{}", i + 1), "", &[]);
        let variants: Vec<Variant> = values
            .iter()
            .zip(made)
            .map(|((index, value), (rust_name, made))| {
                let at = |i: usize| ptr.join("enum").join(i.to_string());
                if let names::Made::Resolved { clash } = made {
                    let why = match clash {
                        Some(other) => format!(
                            "`{value}` and `{}` ({}) would both become the variant `{}`",
                            values[other].1,
                            at(values[other].0),
                            convert(value).unwrap_or_default()
                        ),
                        None => format!("no Rust variant name can be made from `{value}` as it is"),
                    };
                    let category = match clash {
                        Some(_) => Category::NameCollision,
                        None => Category::NameUnrepresentable,
                    };
                    diags.warning(category, at(*index), format!("{why}; it is the variant `{rust_name}`"));
                }
                Variant {
                    wire_value: (*value).to_owned(),
                    rust_name,
                }
            })
            .collect();
        let unknown_variant = catch_all(variants.iter().map(|v| v.rust_name.as_str()));
        Some(Enum {
            variants,
            unknown_variant,
        })
    }

    /// An integer enum: variants named by `x-enum-varnames` (or `x-enumNames`) when the spec gives
    /// names, else `Value1` / `ValueMinus1`.
    fn int_enum(
        &mut self,
        i: &IntegerType,
        data: &SchemaData,
        ptr: &Pointer,
        diags: &mut Diagnostics,
    ) -> Option<IntEnum> {
        let given: Option<Vec<String>> = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .find_map(|key| data.extensions.get(*key))
            .and_then(|v| v.as_array())
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.as_str().unwrap_or_default().to_owned())
                    .collect()
            });
        let values: Vec<i64> = i.enumeration.iter().flatten().copied().collect();
        let given = given.filter(|names| names.len() == values.len());
        // Each value once, with its index in the spec for the diagnostics.
        let mut unique: Vec<(usize, i64)> = Vec::new();
        for (index, value) in values.iter().enumerate() {
            if !unique.iter().any(|(_, v)| v == value) {
                unique.push((index, *value));
            }
        }
        let value_name = |value: i64| {
            if value < 0 {
                format!("ValueMinus{}", value.unsigned_abs())
            } else {
                format!("Value{value}")
            }
        };
        let raws: Vec<String> = unique
            .iter()
            .map(|(index, value)| match &given {
                Some(names) => names[*index].clone(),
                None => value_name(*value),
            })
            .collect();
        let raw_refs: Vec<&str> = raws.iter().map(String::as_str).collect();
        let made = names::name_all(&raw_refs, names::type_name, |i| value_name(unique[i].1), "", &[]);
        let variants: Vec<IntVariant> = unique
            .iter()
            .zip(made)
            .enumerate()
            .map(|(k, ((index, value), (rust_name, made)))| {
                if let names::Made::Resolved { clash } = made {
                    let why = match clash {
                        Some(other) => format!(
                            "the names of {value} and {} (`{}`, `{}`) would both become the variant `{}`",
                            unique[other].1,
                            raws[k],
                            raws[other],
                            names::type_name(&raws[other]).unwrap_or_default()
                        ),
                        None => format!("no Rust variant name can be made for the value {value} as it is named"),
                    };
                    let category = match clash {
                        Some(_) => Category::NameCollision,
                        None => Category::NameUnrepresentable,
                    };
                    diags.warning(
                        category,
                        ptr.join("enum").join(index.to_string()),
                        format!("{why}; it is the variant `{rust_name}`"),
                    );
                }
                IntVariant {
                    value: *value,
                    rust_name,
                }
            })
            .collect();
        let unknown_variant = catch_all(variants.iter().map(|v| v.rust_name.as_str()));
        Some(IntEnum {
            variants,
            unknown_variant,
        })
    }

    /// A struct from properties (with where each is declared), the required names, and
    /// `additionalProperties`.
    pub(super) fn object(
        &mut self,
        properties: Vec<Prop>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        ptr: &Pointer,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<Struct> {
        let mut fields: Vec<Field> = Vec::new();
        let mut ok = true;
        let keeps_additional = matches!(
            additional,
            Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
        );
        let wire_names: Vec<&str> = properties.iter().map(|p| p.wire_name.as_str()).collect();
        let taken: &[&str] = if keeps_additional { &[ADDITIONAL_FIELD] } else { &[] };
        let field_names = names::name_all(
            &wire_names,
            names::snake_name,
            |i| format!("field_{}", i + 1),
            "_",
            taken,
        );
        for (prop, (rust_name, made)) in properties.iter().zip(field_names) {
            let wire_name = &prop.wire_name;
            let field_ptr = &prop.ptr;
            let hint = match made {
                names::Made::Plain => format!("{}{}", prop.owner, names::type_name(wire_name).unwrap_or_default()),
                names::Made::Resolved { clash } => {
                    let (category, why) = match clash {
                        Some(other) => (
                            Category::NameCollision,
                            format!(
                                "`{wire_name}` and `{}` ({}) would both become the field `{}`",
                                properties[other].wire_name,
                                properties[other].ptr,
                                names::snake_name(wire_name).unwrap_or_default()
                            ),
                        ),
                        None if names::snake_name(wire_name).as_deref() == Some(ADDITIONAL_FIELD) => (
                            Category::NameShadowsSdk,
                            format!(
                                "`{wire_name}` would become `{ADDITIONAL_FIELD}`, the field that keeps the additional properties"
                            ),
                        ),
                        None => (
                            Category::NameUnrepresentable,
                            format!("no Rust field name can be made from `{wire_name}` as it is"),
                        ),
                    };
                    diags.warning(category, field_ptr, format!("{why}; it is the field `{rust_name}`"));
                    format!("{}{}", prop.owner, names::type_name(&rust_name).unwrap_or_default())
                }
            };
            let Some(ty) = self.lower_boxed(&prop.schema, field_ptr, &hint, diags) else {
                ok = false;
                continue;
            };
            let facts = self.facts(&prop.schema);
            let listed = required.iter().any(|r| r == wire_name);
            fields.push(Field {
                sensitive: self.config.sensitive_fields.iter().any(|s| s == wire_name),
                // A value only one side sends cannot be required in both directions.
                required: listed && !facts.read_only && !facts.write_only,
                wire_name: wire_name.clone(),
                rust_name,
                ty,
                nullable: facts.nullable,
                boxed: false,
                read_only: facts.read_only,
                write_only: facts.write_only,
                default: facts.default,
                description: facts.description,
            });
        }
        for missing in required
            .iter()
            .filter(|r| !properties.iter().any(|p| &&p.wire_name == r))
        {
            diags.warning(
                Category::UndeclaredRequired,
                ptr.join("required"),
                format!("required property `{missing}` is not declared; it is ignored"),
            );
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.lower(
                    schema,
                    &ptr.join("additionalProperties"),
                    &format!("{name}Value"),
                    diags,
                );
                if value.is_none() {
                    ok = false;
                }
                value
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        ok.then_some(Struct { fields, additional })
    }
}

/// The properties of an object schema at `ptr`, declared by the type `owner`.
pub(super) fn props_of(o: &ObjectType, ptr: &Pointer, owner: &str) -> Vec<Prop> {
    o.properties
        .iter()
        .map(|(wire_name, schema)| Prop {
            wire_name: wire_name.clone(),
            schema: schema.clone(),
            ptr: ptr.join("properties").join(wire_name),
            owner: owner.to_owned(),
        })
        .collect()
}

fn facts_of(data: &SchemaData) -> Facts {
    Facts {
        nullable: data.nullable,
        read_only: data.read_only,
        write_only: data.write_only,
        default: data.default.as_ref().map(|v| v.to_string()),
        description: data.description.clone(),
    }
}

fn integer(i: &IntegerType) -> TypeRef {
    match i.format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        _ => TypeRef::I64,
    }
}

/// The name of the catch-all variant: `Unknown`, unless a known value already took it (then
/// `Unrecognized`, `UnknownValue`, `UnknownValue2`, …).
pub(super) fn catch_all<'n>(taken: impl Iterator<Item = &'n str>) -> String {
    let taken: Vec<&str> = taken.collect();
    ["Unknown", "Unrecognized"]
        .into_iter()
        .find(|candidate| !taken.contains(candidate))
        .map(str::to_owned)
        .unwrap_or_else(|| names::unique("UnknownValue", "", |n| taken.contains(&n)))
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

/// The named types an alias's target names directly or through lists and maps.
fn alias_targets(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => alias_targets(inner, out),
        _ => {}
    }
}

/// A type that contains itself (directly or through other structs and unions, not through a `Vec` or a
/// map) would have infinite size: such fields and variants are boxed.
fn box_recursive_fields(types: &mut [NamedType]) {
    let direct: BTreeMap<String, BTreeSet<String>> = types
        .iter()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct_target(&f.ty)).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| direct_target(&v.ty)).collect(),
                TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
                TypeKind::Enum(_) | TypeKind::IntEnum(_) => BTreeSet::new(),
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
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let Some(target) = direct_target(&field.ty) {
                        field.boxed = reaches(&target, &name);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if let Some(target) = direct_target(&variant.ty) {
                        variant.boxed = reaches(&target, &name);
                    }
                }
            }
            _ => {}
        }
    }
}

fn direct_target(ty: &TypeRef) -> Option<String> {
    match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    }
}
