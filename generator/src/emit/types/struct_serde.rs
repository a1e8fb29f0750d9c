//! The serde impls of a model struct, for its file in `src/serde_impls/`: `Serialize` written out by
//! wire name, and `Deserialize` through a struct of the members read so far, which names the first
//! required member that is missing. The struct is named by its path (`crate::types::Pair`), as the
//! file is outside its module.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{SerdeImpls, field_type, model_path};
use crate::emit::cx::FileCx;
use crate::emit::docs::doc_lines;
use crate::emit::fragments::{self, Context};
use crate::emit::rust::{ident, rust_type};
use crate::ir::{NamedType, Struct};

/// The serde impls of a struct, each under its cfg, written out rather than derived: `Serialize`
/// writes the required fields and the optional ones that are set, and `Deserialize` reads member by
/// member through `runtime::model::Fields`.
/// ```text
/// impl ::serde::Serialize for crate::types::Pair {
///     fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
///         use ::serde::ser::SerializeStruct as _;
///         use crate::runtime::model::write_set;
///         let set = [self.value.is_some()];
///         let len = 1 + set.iter().filter(|is_set| **is_set).count();
///         let mut out = serializer.serialize_struct("Pair", len)?;
///         out.serialize_field("key", &self.key)?;
///         write_set(&mut out, "value", &self.value)?;
///         out.end()
///     }
/// }
/// impl<'de> ::serde::Deserialize<'de> for crate::types::Pair { … crate::runtime::model::deserialize(deserializer) }
/// impl crate::runtime::model::Fields for crate::types::Pair {
///     const NAME: &'static str = "Pair";
///     fn read<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
///         match key {
///             "value" => crate::runtime::model::read_into(map, &mut self.value),
///             …
///             _ => crate::runtime::model::skip(map),
///         }
///     }
/// }
/// ```
/// Emits: `impl ::serde::Serialize for crate::types::Pair` in `generated-sdk/src/serde_impls/pair.rs`.
/// Emits: `impl<'de> ::serde::Deserialize<'de> for crate::types::Pair` in `generated-sdk/src/serde_impls/pair.rs`.
/// Emits: `impl crate::runtime::model::Fields for crate::types::Pair` in `generated-sdk/src/serde_impls/pair.rs`.
///
/// A struct with required members is read into a private `PairPartial`, every field an `Option`,
/// which `model::Required::finish` turns into the struct ([`emit_partial`]). A struct with
/// `additionalProperties` is written as a map, its extra members last, and keeps the members it does
/// not declare. A required field that is nullable is always written, `null` when `None`.
pub(super) fn emit_struct_serde(cx: &mut FileCx<'_>, ty: &NamedType, s: &Struct, serde: &SerdeImpls) -> TokenStream {
    let name = model_path(ty);
    let type_name = &ty.name;
    let additional = ident(crate::lower::ADDITIONAL_FIELD);
    let as_map = s.additional.is_some();
    let always = s.fields.iter().filter(|f| f.required).count();
    let mut writes = Vec::new();
    let mut set = Vec::new();
    for f in &s.fields {
        let field = ident(&f.rust_name);
        let wire = &f.wire_name;
        writes.push(fragments::piece(
            cx,
            Context::Statement,
            || format!("{}\0{}\0{}\0{as_map}", f.rust_name, f.wire_name, f.required),
            |_| match (f.required, as_map) {
                (true, false) => quote! { out.serialize_field(#wire, &self.#field)?; },
                (true, true) => quote! { out.serialize_entry(#wire, &self.#field)?; },
                (false, false) => quote! { write_set(&mut out, #wire, &self.#field)?; },
                (false, true) => quote! { write_entry(&mut out, #wire, &self.#field)?; },
            },
        ));
        if !f.required {
            set.push(quote! { self.#field.is_some() });
        }
    }
    // The exact number of members written, which formats other than JSON may need.
    let mut len: Vec<TokenStream> = Vec::new();
    let optional = !set.is_empty();
    if always > 0 || !optional && !as_map {
        len.push(quote! { #always });
    }
    let set_fields = optional.then(|| quote! { let set = [#(#set),*]; });
    if optional {
        len.push(quote! { set.iter().filter(|is_set| **is_set).count() });
    }
    if as_map {
        len.push(quote! { self.#additional.len() });
    }
    let serialize_body = if as_map {
        let import = optional.then(|| quote! { use crate::runtime::model::write_entry; });
        quote! {
            use ::serde::ser::SerializeMap as _;
            #import
            #set_fields
            let len = #(#len)+*;
            let mut out = serializer.serialize_map(::std::option::Option::Some(len))?;
            #(#writes)*
            for (key, value) in &self.#additional {
                out.serialize_entry(key, value)?;
            }
            out.end()
        }
    } else {
        let import = optional.then(|| quote! { use crate::runtime::model::write_set; });
        quote! {
            use ::serde::ser::SerializeStruct as _;
            #import
            #set_fields
            let len = #(#len)+*;
            let mut out = serializer.serialize_struct(#type_name, len)?;
            #(#writes)*
            out.end()
        }
    };
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let deserialize = if always > 0 {
        let partial = format_ident!("{}Partial", ty.name);
        let partial_impls = emit_partial(cx, ty, s, &partial, &deserialize_cfg);
        quote! {
            #deserialize_cfg
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::model::deserialize_required::<#partial, D>(deserializer)
                }
            }

            #partial_impls
        }
    } else {
        let fields = fields_impl(cx, &name, type_name, s);
        quote! {
            #deserialize_cfg
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::model::deserialize(deserializer)
                }
            }

            #deserialize_cfg
            #fields
        }
    };
    quote! {
        #serialize_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #serialize_body
            }
        }

        #deserialize
    }
}

/// `impl model::Fields for #target`: a `match` arm per member, reading it into its field. A required
/// field (of the partial value) is set to `Some`; members the struct does not declare are skipped, or
/// kept with `additionalProperties`.
fn fields_impl(cx: &mut FileCx<'_>, target: &TokenStream, type_name: &str, s: &Struct) -> TokenStream {
    let reads = s.fields.iter().map(|f| {
        fragments::piece(
            cx,
            Context::Arm,
            || format!("{}\0{}\0{}", f.rust_name, f.wire_name, f.is_option()),
            |_| {
                let field = ident(&f.rust_name);
                let wire = &f.wire_name;
                if f.is_option() {
                    quote! { #wire => crate::runtime::model::read_into(map, &mut self.#field), }
                } else {
                    quote! { #wire => crate::runtime::model::read_some(map, &mut self.#field), }
                }
            },
        )
    });
    let other = if s.additional.is_some() {
        let additional = ident(crate::lower::ADDITIONAL_FIELD);
        quote! { _ => crate::runtime::model::keep(map, key, &mut self.#additional), }
    } else {
        quote! { _ => crate::runtime::model::skip(map), }
    };
    quote! {
        impl crate::runtime::model::Fields for #target {
            const NAME: &'static str = #type_name;

            fn read<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<(), A::Error> {
                match key {
                    #(#reads)*
                    #other
                }
            }
        }
    }
}

/// The partial value a struct with required members is read into, every field an `Option`, and how
/// it becomes the struct: `finish` fails with the wire name of the first required member missing.
/// ```text
/// #[derive(Default)]
/// struct PairPartial { key: Option<String>, value: Option<String> }
/// impl crate::runtime::model::Fields for PairPartial { … }
/// impl crate::runtime::model::Required for PairPartial {
///     type Model = crate::types::Pair;
///     fn finish(self) -> Result<crate::types::Pair, &'static str> {
///         Ok(crate::types::Pair { key: self.key.ok_or("key")?, value: self.value })
///     }
/// }
/// ```
/// Emits: `struct TokenFailRequestPartial` in `generated-sdk/src/serde_impls/token_fail_request.rs`.
/// Emits: `Required for TokenFailRequestPartial` in `generated-sdk/src/serde_impls/token_fail_request.rs`.
fn emit_partial(cx: &mut FileCx<'_>, ty: &NamedType, s: &Struct, partial: &Ident, cfg: &TokenStream) -> TokenStream {
    let name = model_path(ty);
    let additional = ident(crate::lower::ADDITIONAL_FIELD);
    let additional_field = s.additional.as_ref().map(|value| {
        let value = rust_type(value);
        quote! { #additional: ::std::collections::BTreeMap<::std::string::String, #value>, }
    });
    let finish = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.is_option() {
            quote! { #field: self.#field, }
        } else {
            let wire = &f.wire_name;
            quote! { #field: self.#field.ok_or(#wire)?, }
        }
    });
    let finish_additional = s.additional.as_ref().map(|_| quote! { #additional: self.#additional, });
    let doc = doc_lines(cx, &format!("The members of `{}` read so far.", ty.name));
    let fields_impl = fields_impl(cx, &quote! { #partial }, &ty.name, s);
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            fragments::piece(
                cx,
                Context::Field,
                || format!("{}\0{:?}\0{}\0{}", f.rust_name, f.ty, f.boxed, f.is_option()),
                |_| {
                    let field = ident(&f.rust_name);
                    let ty = field_type(f);
                    if f.is_option() {
                        quote! { #field: #ty }
                    } else {
                        quote! { #field: ::std::option::Option<#ty> }
                    }
                },
            )
        })
        .collect();
    quote! {
        #doc
        #cfg
        #[derive(Default)]
        struct #partial {
            #(#fields,)*
            #additional_field
        }

        #cfg
        #fields_impl

        #cfg
        impl crate::runtime::model::Required for #partial {
            type Model = #name;

            fn finish(self) -> ::std::result::Result<#name, &'static str> {
                ::std::result::Result::Ok(#name {
                    #(#finish)*
                    #finish_additional
                })
            }
        }
    }
}
