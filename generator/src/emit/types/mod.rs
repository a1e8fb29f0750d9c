//! Named types → Rust: structs for objects, open enums for string enums, unions, aliases for the rest;
//! each type's model for its file in `src/types/`, and apart from it its serde impls, for its file in
//! `src/serde_impls/`, so that a model reads like a hand-written one. Every path is fully qualified, so
//! a schema called `Result`, `Option` or `String` shadows nothing.
//!
//! One file per shape: `structs` (a model struct, its constructor, setters and `Debug`),
//! `struct_serde` (its serde impls), `enums` (open string enums and integer enums) and `unions`
//! (tagged and untagged), the last two with a function for the model and one for its serde impls.
//! This module picks the shape and holds what they share.

mod enums;
mod struct_serde;
mod structs;
mod unions;

use proc_macro2::TokenStream;
use quote::quote;

use super::cx::FileCx;
use super::docs::doc_lines;
use super::features::{Features, Serde};
use super::rust::{ident, rust_type};
use crate::ir::{Api, Field, NamedType, TypeKind, TypeRef};
use enums::{emit_int_enum, emit_int_enum_serde, emit_open_enum, emit_open_enum_serde};
use struct_serde::emit_struct_serde;
use structs::emit_struct;
use unions::{emit_tagged_union, emit_tagged_union_serde, emit_untagged_union, emit_untagged_union_serde};

/// The docs of a type: its schema's description, or where the schema is when it has none.
pub(super) fn type_docs_text(cx: &mut FileCx<'_>, ty: &NamedType) -> String {
    match ty.description.as_deref().map(|d| cx.clean(d)).filter(|d| !d.is_empty()) {
        Some(text) => text,
        None => format!("The schema at `{}`.", ty.pointer),
    }
}

pub(super) fn type_docs(cx: &mut FileCx<'_>, ty: &NamedType) -> TokenStream {
    let text = type_docs_text(cx, ty);
    doc_lines(cx, &text)
}

/// The serde impls of one type: each one always there, or behind the feature that adds it to every
/// type (see [`Features::serialize`]).
pub(super) struct SerdeImpls {
    serialize: Serde,
    deserialize: Serde,
}

impl SerdeImpls {
    fn of(features: &Features<'_>, ty: &NamedType) -> Self {
        SerdeImpls {
            serialize: features.serialize(&ty.name),
            deserialize: features.deserialize(&ty.name),
        }
    }

    /// The `#[cfg]` attributes of the written-out `Serialize` and `Deserialize` impls.
    fn cfgs(&self) -> (TokenStream, TokenStream) {
        (self.serialize.cfg(), self.deserialize.cfg())
    }
}

/// The path of a type from anywhere in the crate: `crate::types::Pair`. The serde impls name their
/// type by it, as they are outside its module.
pub(super) fn model_path(ty: &NamedType) -> TokenStream {
    rust_type(&TypeRef::Named(ty.name.clone()))
}

/// Emits one named type, without its serde impls ([`emit_serde_impls`]).
pub(crate) fn emit_type(cx: &mut FileCx<'_>, api: &Api, ty: &NamedType) -> TokenStream {
    match &ty.kind {
        TypeKind::Struct(s) => emit_struct(cx, api, ty, s),
        TypeKind::Enum(e) => emit_open_enum(cx, ty, e),
        TypeKind::IntEnum(e) => emit_int_enum(cx, ty, e),
        TypeKind::Union(u) if u.tag.is_some() => emit_tagged_union(cx, ty, u),
        TypeKind::Union(u) => emit_untagged_union(cx, ty, u),
        TypeKind::Alias(target) => emit_alias(cx, ty, target),
    }
}

/// Whether a type has serde impls of its own: every type but an alias, which is its target.
pub(crate) fn has_serde_impls(ty: &NamedType) -> bool {
    !matches!(ty.kind, TypeKind::Alias(_))
}

/// Emits the serde impls of one named type, each under the cfg of [`SerdeImpls`]; nothing for an
/// alias ([`has_serde_impls`]).
pub(crate) fn emit_serde_impls(cx: &mut FileCx<'_>, features: &Features<'_>, ty: &NamedType) -> TokenStream {
    let serde = SerdeImpls::of(features, ty);
    match &ty.kind {
        TypeKind::Struct(s) => emit_struct_serde(cx, ty, s, &serde),
        TypeKind::Enum(_) => emit_open_enum_serde(ty, &serde),
        TypeKind::IntEnum(_) => emit_int_enum_serde(ty, &serde),
        TypeKind::Union(u) if u.tag.is_some() => emit_tagged_union_serde(ty, u, &serde),
        TypeKind::Union(u) => emit_untagged_union_serde(ty, u, &serde),
        TypeKind::Alias(_) => TokenStream::new(),
    }
}

/// The type of a field as stored: boxed when recursive, in an `Option` when optional or nullable.
pub(super) fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_option() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    ty
}

/// Emits a component schema that is a primitive or an array under its own name:
/// `pub type ClientIds = ::std::vec::Vec<i64>;`
pub(crate) fn emit_alias(cx: &mut FileCx<'_>, ty: &NamedType, target: &TypeRef) -> TokenStream {
    let name = ident(&ty.name);
    let docs = type_docs(cx, ty);
    let target = rust_type(target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
