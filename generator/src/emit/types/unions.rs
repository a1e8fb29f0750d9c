//! `oneOf` / `anyOf` unions: tagged by a discriminator, or untagged and told apart by shape. The model,
//! and apart from it its serde impls.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{SerdeImpls, model_path, type_docs_text};
use crate::emit::cx::FileCx;
use crate::emit::docs::doc_lines;
use crate::emit::rust::{ident, rust_type};
use crate::ir::{NamedType, Union};

/// The Rust type a union variant holds: boxed when the type contains the union.
fn variant_type(v: &crate::ir::UnionVariant) -> TokenStream {
    let ty = rust_type(&v.ty);
    if v.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    }
}

/// The docs of a union: the schema's, then how a value is matched to a variant.
fn union_docs(cx: &mut FileCx<'_>, ty: &NamedType, u: &Union, how: &str) -> TokenStream {
    let keyword = if u.any_of { "anyOf" } else { "oneOf" };
    let text = format!(
        "{}\n\nOne of several types (`{keyword}`): {how} A value no variant accepts is kept, as JSON, in `{}`.",
        type_docs_text(cx, ty),
        u.unknown_variant
    );
    doc_lines(cx, &text)
}

/// Emits a union without a discriminator, which decodes to the first variant, in the spec's order,
/// that accepts the value, or to the catch-all variant with the JSON as received
/// ([`emit_untagged_union_serde`]).
/// ```text
/// #[derive(Clone, Debug, PartialEq)]
/// #[non_exhaustive]
/// pub enum Contact { Email(crate::types::Email), String(::std::string::String), Unknown(::serde_json::Value) }
/// ```
/// Emits: `pub enum Contact` in `tests/wire-sdks/models/src/types/contact.rs`.
pub(super) fn emit_untagged_union(cx: &mut FileCx<'_>, ty: &NamedType, u: &Union) -> TokenStream {
    let name = ident(&ty.name);
    let docs = union_docs(
        cx,
        ty,
        u,
        "the first variant, in the spec's order, that accepts a value is the one it decodes to.",
    );
    let unknown = ident(&u.unknown_variant);
    let variant_idents: Vec<Ident> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let variant_types: Vec<TokenStream> = u.variants.iter().map(variant_type).collect();
    let variant_docs = u
        .variants
        .iter()
        .map(|v| doc_lines(cx, &format!("The value as `{}`.", v.rust_name)));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variant_idents(#variant_types),
            )*
            /// A value no other variant accepts, as received.
            #unknown(::serde_json::Value),
        }
    }
}

/// The serde impls of an untagged union, each under its cfg. `Serialize` writes the variant's value as
/// it is; `Deserialize` reads the value once and tries each variant on it, in the spec's order.
/// ```text
/// impl ::serde::Serialize for crate::types::Contact { … }           // the variant's value as it is
/// impl<'de> ::serde::Deserialize<'de> for crate::types::Contact {  // each variant tried on the value read once
///     fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
///         let value = crate::runtime::model::json_value(deserializer)?;
///         if let Some(inner) = crate::runtime::model::try_as(&value) {
///             return Ok(Self::Email(inner));
///         }
///         …
///         Ok(Self::Unknown(value))
///     }
/// }
/// ```
/// Emits: `Serialize for crate::types::Contact` in `tests/wire-sdks/models/src/serde_impls/contact.rs`.
/// Emits: `Deserialize<'de> for crate::types::Contact` in `tests/wire-sdks/models/src/serde_impls/contact.rs`.
pub(super) fn emit_untagged_union_serde(ty: &NamedType, u: &Union, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let name = model_path(ty);
    let unknown = ident(&u.unknown_variant);
    let variant_idents: Vec<Ident> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    quote! {
        #serialize_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(Self::#variant_idents(value) => ::serde::Serialize::serialize(value, serializer),)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        #deserialize_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = crate::runtime::model::json_value(deserializer)?;
                #(
                    if let ::std::option::Option::Some(inner) = crate::runtime::model::try_as(&value) {
                        return ::std::result::Result::Ok(Self::#variant_idents(inner));
                    }
                )*
                ::std::result::Result::Ok(Self::#unknown(value))
            }
        }
    }
}

/// Emits a union told apart by a discriminator property, whose value picks the variant
/// ([`emit_tagged_union_serde`]); an unknown discriminator value is kept.
/// ```text
/// #[derive(Clone, Debug, PartialEq)]
/// #[non_exhaustive]
/// pub enum Pet { Cat(crate::types::Cat), Dog(crate::types::Dog), Unknown(::serde_json::Value) }
/// ```
/// Emits: `pub enum Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
pub(super) fn emit_tagged_union(cx: &mut FileCx<'_>, ty: &NamedType, u: &Union) -> TokenStream {
    let tag = u.tag.as_deref().unwrap_or_default();
    let name = ident(&ty.name);
    let docs = union_docs(
        cx,
        ty,
        u,
        &format!("the value of its `{tag}` property picks the variant."),
    );
    let unknown = ident(&u.unknown_variant);
    let unknown_doc = doc_lines(
        cx,
        &format!("A value whose `{tag}` this version of the SDK does not know, as received."),
    );
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let inner = variant_type(v);
        let values: Vec<String> = v
            .tag_values
            .iter()
            .map(|t| format!("`{}`", t.replace('`', "'")))
            .collect();
        let doc = doc_lines(cx, &format!("`{tag}` is {}.", values.join(" or ")));
        quote! {
            #doc
            #variant(#inner),
        }
    });
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::serde_json::Value),
        }
    }
}

/// The serde impls of a tagged union, each under its cfg. `Serialize` writes the variant's JSON with
/// the discriminator property added when the variant's type does not write it; `Deserialize` picks the
/// variant by the property's value and keeps a value it does not know.
/// ```text
/// impl ::serde::Serialize for crate::types::Pet { … }          // the variant's JSON, with `petType` added if absent
/// impl<'de> ::serde::Deserialize<'de> for crate::types::Pet { … } // by the value of `petType`
/// ```
/// Emits: `Serialize for crate::types::Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
/// Emits: `Deserialize<'de> for crate::types::Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
pub(super) fn emit_tagged_union_serde(ty: &NamedType, u: &Union, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let tag = u.tag.as_deref().unwrap_or_default();
    let name = model_path(ty);
    let unknown = ident(&u.unknown_variant);
    let serialize_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let first = v.tag_values.first().cloned().unwrap_or_default();
        quote! { Self::#variant(value) => (::serde_json::to_value(value), #first), }
    });
    let deserialize_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        let values = &v.tag_values;
        let inner = rust_type(&v.ty);
        let wrap = if v.boxed {
            quote! { |value| Self::#variant(::std::boxed::Box::new(value)) }
        } else {
            quote! { Self::#variant }
        };
        quote! {
            #(::std::option::Option::Some(#values))|* => ::serde_json::from_value::<#inner>(value)
                .map(#wrap)
                .map_err(::serde::de::Error::custom),
        }
    });
    quote! {
        #serialize_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let (value, tag) = match self {
                    #(#serialize_arms)*
                    Self::#unknown(value) => return ::serde::Serialize::serialize(value, serializer),
                };
                let mut value = value.map_err(::serde::ser::Error::custom)?;
                if let ::serde_json::Value::Object(members) = &mut value {
                    members
                        .entry(#tag)
                        .or_insert_with(|| ::serde_json::Value::String(::std::borrow::ToOwned::to_owned(tag)));
                }
                ::serde::Serialize::serialize(&value, serializer)
            }
        }

        #deserialize_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = crate::runtime::model::json_value(deserializer)?;
                let tag = value
                    .get(#tag)
                    .and_then(::serde_json::Value::as_str)
                    .map(::std::borrow::ToOwned::to_owned);
                match tag.as_deref() {
                    #(#deserialize_arms)*
                    _ => ::std::result::Result::Ok(Self::#unknown(value)),
                }
            }
        }
    }
}
