//! Named types → Rust: structs with serde for objects, open enums for string enums, aliases for the rest.
//! Every path is fully qualified, so a schema called `Result`, `Option` or `String` shadows nothing.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::cx::FileCx;
use super::docs::{doc_attrs, doc_lines};
use super::features::{Features, Serde};
use super::fragments::{self, Context};
use crate::ir::{Api, Enum, Field, IntEnum, NamedType, Struct, TypeKind, TypeRef, Union};
use crate::names;

/// Method names of std traits that clippy (`should_implement_trait`) expects to implement the trait.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The identifier for a Rust name, raw (`r#type`) when it is a keyword.
pub(crate) fn ident(name: &str) -> Ident {
    if names::is_keyword(name) {
        Ident::new_raw(name, proc_macro2::Span::call_site())
    } else {
        format_ident!("{}", name)
    }
}

/// The Rust type of a type use.
pub(crate) fn rust_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote! { ::std::string::String },
        TypeRef::Bool => quote! { bool },
        TypeRef::I32 => quote! { i32 },
        TypeRef::I64 => quote! { i64 },
        TypeRef::F32 => quote! { f32 },
        TypeRef::F64 => quote! { f64 },
        TypeRef::Bytes => quote! { ::std::vec::Vec<u8> },
        TypeRef::File => quote! { crate::File },
        TypeRef::Json => quote! { ::serde_json::Value },
        TypeRef::JsonObject => quote! { ::serde_json::Map<::std::string::String, ::serde_json::Value> },
        TypeRef::Named(name) => {
            let name = ident(name);
            quote! { crate::types::#name }
        }
        TypeRef::Vec(item) => {
            let item = rust_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = rust_type(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
    }
}

/// The type of a field as stored: boxed when recursive, in an `Option` when optional or nullable.
fn field_type(field: &Field) -> TokenStream {
    let mut ty = rust_type(&field.ty);
    if field.boxed {
        ty = quote! { ::std::boxed::Box<#ty> };
    }
    if field.is_option() {
        ty = quote! { ::std::option::Option<#ty> };
    }
    ty
}

/// How a constructor or setter takes a value of `ty`, and how it turns that argument into the value:
/// strings as `impl Into<String>`, lists as any iterator of items.
pub(crate) fn argument(api: &Api, ty: &TypeRef, arg: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        // An alias (`OrderId = String`) takes whatever converts into its target.
        TypeRef::Named(name)
            if api
                .types
                .iter()
                .any(|t| &t.name == name && matches!(t.kind, TypeKind::Alias(_))) =>
        {
            let target = rust_type(ty);
            (quote! { impl ::std::convert::Into<#target> }, quote! { #arg.into() })
        }
        TypeRef::String => (
            quote! { impl ::std::convert::Into<::std::string::String> },
            quote! { #arg.into() },
        ),
        TypeRef::Vec(item) if **item == TypeRef::String => (
            quote! { impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<::std::string::String>> },
            quote! { #arg.into_iter().map(::std::convert::Into::into).collect() },
        ),
        TypeRef::Vec(item) => {
            let item = rust_type(item);
            (
                quote! { impl ::std::iter::IntoIterator<Item = #item> },
                quote! { #arg.into_iter().collect() },
            )
        }
        other => (rust_type(other), quote! { #arg }),
    }
}

/// `field: value` in a struct expression, or the shorthand `field` when the value is the variable of the
/// same name.
pub(crate) fn field_init(field: &Ident, value: &TokenStream) -> TokenStream {
    if *field == value.to_string() {
        quote! { #field }
    } else {
        quote! { #field: #value }
    }
}

/// The docs of a type: its schema's description, or where the schema is when it has none.
fn type_docs_text(cx: &mut FileCx<'_>, ty: &NamedType) -> String {
    match ty.description.as_deref().map(|d| cx.clean(d)).filter(|d| !d.is_empty()) {
        Some(text) => text,
        None => format!("The schema at `{}`.", ty.pointer),
    }
}

fn type_docs(cx: &mut FileCx<'_>, ty: &NamedType) -> TokenStream {
    let text = type_docs_text(cx, ty);
    doc_lines(cx, &text)
}

/// The serde impls of one type: each one always there, or behind the feature that adds it to every
/// type (see [`Features::serialize`]).
struct SerdeImpls {
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

/// Emits one named type.
pub(crate) fn emit_type(cx: &mut FileCx<'_>, api: &Api, features: &Features<'_>, ty: &NamedType) -> TokenStream {
    let serde = SerdeImpls::of(features, ty);
    match &ty.kind {
        TypeKind::Struct(s) => emit_struct(cx, api, ty, s, &serde),
        TypeKind::Enum(e) => emit_open_enum(cx, ty, e, &serde),
        TypeKind::IntEnum(e) => emit_int_enum(cx, ty, e, &serde),
        TypeKind::Union(u) if u.tag.is_some() => emit_tagged_union(cx, ty, u, &serde),
        TypeKind::Union(u) => emit_untagged_union(cx, ty, u, &serde),
        TypeKind::Alias(target) => emit_alias(cx, ty, target),
    }
}

/// Emits a model struct with its constructor, setters and serde impls (see [`emit_serde_impls`]): `new`
/// takes the required fields, and each optional one has a setter.
/// ```text
/// /// <schema description>
/// #[derive(Clone, Debug, PartialEq)]
/// #[non_exhaustive]
/// pub struct TokenFailRequest {
///     pub ticket: ::std::string::String,
///     pub access_token_duration: ::std::option::Option<i64>,
/// }
/// impl TokenFailRequest {
///     #[inline]
///     pub fn new(ticket: impl Into<String>, …) -> Self { … }
///     #[inline]
///     pub fn access_token_duration(mut self, value: i64) -> Self { … }
/// }
/// ```
/// Emits: `pub struct TokenCreateRequest` in `generated-sdk/src/types/token_create_request.rs`.
/// Emits: `pub fn new(grant_type: crate::types::GrantType)` in `generated-sdk/src/types/token_create_request.rs`.
/// Emits: `pub fn access_token_duration(mut self, value: i64)` in `generated-sdk/src/types/token_create_request.rs`.
///
/// `Debug` is written by hand when a field is sensitive, printing `*** redacted ***` for its value. The
/// serde traits are those of [`SerdeImpls`]. The builder methods are `#[inline]`: each is a line or
/// two, so an application compiles the few it calls instead of the SDK compiling them all.
/// Emits: `impl ::std::fmt::Debug for TokenFailRequest` in `generated-sdk/src/types/token_fail_request.rs`.
fn emit_struct(cx: &mut FileCx<'_>, api: &Api, ty: &NamedType, s: &Struct, serde: &SerdeImpls) -> TokenStream {
    let name = ident(&ty.name);
    let docs = type_docs(cx, ty);
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let all_optional = s.fields.iter().all(Field::is_option);
    let mut derives = vec![quote! { Clone }];
    if !sensitive {
        derives.push(quote! { Debug });
    }
    if all_optional {
        derives.push(quote! { Default });
    }
    derives.push(quote! { PartialEq });
    let serde_impls = emit_serde_impls(cx, ty, s, serde);

    let additional_name = ident(crate::lower::ADDITIONAL_FIELD);
    let additional_field = s.additional.as_ref().map(|value| {
        let value = rust_type(value);
        quote! {
            /// The members beside the declared ones (`additionalProperties`), by name.
            pub #additional_name: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let additional_init = s
        .additional
        .as_ref()
        .map(|_| quote! { #additional_name: ::std::collections::BTreeMap::new() });

    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let arg = ident(&f.rust_name);
        let (arg_ty, _) = argument(api, &f.ty, &arg);
        quote! { #arg: #arg_ty }
    });
    let inits = s.fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        if !f.required {
            return fragments::field_line(
                cx,
                || format!("{field_name}: ::std::option::Option::None,"),
                || quote! { #field_name: ::std::option::Option::None },
            );
        }
        let (_, mut value) = argument(api, &f.ty, &field_name);
        if f.boxed {
            value = quote! { ::std::boxed::Box::new(#value) };
        }
        if f.nullable {
            value = quote! { ::std::option::Option::Some(#value) };
        }
        field_init(&field_name, &value)
    });
    let inits = inits.chain(additional_init);
    // Without required fields the struct derives `Default`, which leaves every field unset.
    let new_body = if required.is_empty() {
        quote! { ::std::default::Default::default() }
    } else {
        quote! { Self { #(#inits),* } }
    };
    let new_doc = if required.is_empty() {
        format!("Creates a `{}` with every field unset.", ty.name)
    } else {
        format!(
            "Creates a `{}` from its required fields; the optional ones start unset.",
            ty.name
        )
    };
    let new_doc = doc_lines(cx, &new_doc);
    let fields: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| {
            fragments::piece(
                cx,
                Context::Field,
                || format!("{f:?}"),
                |cx| {
                    let field_name = ident(&f.rust_name);
                    let ty = field_type(f);
                    let docs = field_docs(cx, f);
                    quote! {
                        #docs
                        pub #field_name: #ty
                    }
                },
            )
        })
        .collect();
    let setters: Vec<TokenStream> = s
        .fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| {
            fragments::piece(
                cx,
                Context::ImplItem,
                || format!("{}\0{}\0{:?}\0{}", f.rust_name, f.wire_name, f.ty, f.boxed),
                |cx| setter(cx, api, f),
            )
        })
        .collect();
    let debug_impl = sensitive.then(|| emit_redacted_debug(ty, s));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
            #additional_field
        }

        impl #name {
            #new_doc
            #[inline]
            pub fn new(#(#params),*) -> Self {
                #new_body
            }

            #(#setters)*
        }

        #debug_impl
        #serde_impls
    }
}

/// The setter of an optional field: `pub fn name(mut self, value: …) -> Self`.
fn setter(cx: &mut FileCx<'_>, api: &Api, f: &Field) -> TokenStream {
    let field_name = ident(&f.rust_name);
    // `new` is the constructor: the setter of a field called `new` is `set_new`.
    let setter_name = if f.rust_name == "new" {
        format_ident!("set_new")
    } else {
        field_name.clone()
    };
    let arg = format_ident!("value");
    let (arg_ty, mut value) = argument(api, &f.ty, &arg);
    if f.boxed {
        value = quote! { ::std::boxed::Box::new(#value) };
    }
    let doc = doc_lines(cx, &format!("Sets `{}`.", f.wire_name));
    // A setter called `sub` or `next` is a setter, not an operator.
    let allow = TRAIT_METHODS
        .contains(&f.rust_name.as_str())
        .then(|| quote! { #[allow(clippy::should_implement_trait)] });
    quote! {
        #doc
        #allow
        #[inline]
        pub fn #setter_name(mut self, #arg: #arg_ty) -> Self {
            self.#field_name = ::std::option::Option::Some(#value);
            self
        }
    }
}

/// The serde impls of a struct, each under its cfg, written out rather than derived: `Serialize`
/// writes the required fields and the optional ones that are set, and `Deserialize` reads member by
/// member through `runtime::model::Fields`.
/// ```text
/// impl ::serde::Serialize for Pair {
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
/// impl<'de> ::serde::Deserialize<'de> for Pair { … crate::runtime::model::deserialize(deserializer) }
/// impl crate::runtime::model::Fields for Pair {
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
/// Emits: `impl ::serde::Serialize for Pair` in `generated-sdk/src/types/pair.rs`.
/// Emits: `impl<'de> ::serde::Deserialize<'de> for Pair` in `generated-sdk/src/types/pair.rs`.
/// Emits: `impl crate::runtime::model::Fields for Pair` in `generated-sdk/src/types/pair.rs`.
///
/// A struct with required members is read into a private `PairPartial`, every field an `Option`,
/// which `model::Required::finish` turns into the struct ([`emit_partial`]). A struct with
/// `additionalProperties` is written as a map, its extra members last, and keeps the members it does
/// not declare. A required field that is nullable is always written, `null` when `None`.
fn emit_serde_impls(cx: &mut FileCx<'_>, ty: &NamedType, s: &Struct, serde: &SerdeImpls) -> TokenStream {
    let name = ident(&ty.name);
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
fn fields_impl(cx: &mut FileCx<'_>, target: &Ident, type_name: &str, s: &Struct) -> TokenStream {
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
///     type Model = Pair;
///     fn finish(self) -> Result<Pair, &'static str> {
///         Ok(Pair { key: self.key.ok_or("key")?, value: self.value })
///     }
/// }
/// ```
/// Emits: `struct TokenFailRequestPartial` in `generated-sdk/src/types/token_fail_request.rs`.
/// Emits: `Required for TokenFailRequestPartial` in `generated-sdk/src/types/token_fail_request.rs`.
fn emit_partial(cx: &mut FileCx<'_>, ty: &NamedType, s: &Struct, partial: &Ident, cfg: &TokenStream) -> TokenStream {
    let name = ident(&ty.name);
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
    let fields_impl = fields_impl(cx, partial, &ty.name, s);
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

/// The docs of a field: its description, then what `readOnly`, `writeOnly` and `default` say.
fn field_docs(cx: &mut FileCx<'_>, f: &Field) -> TokenStream {
    let mut parts: Vec<String> = f.description.iter().filter(|d| !d.trim().is_empty()).cloned().collect();
    if f.read_only {
        parts.push("Read-only: the server sets it and ignores it in requests.".to_owned());
    }
    if f.write_only {
        parts.push("Write-only: sent in requests; the server never returns it.".to_owned());
    }
    if let Some(default) = &f.default {
        parts.push(format!(
            "Default: `{}`, what the server assumes when the field is absent.",
            default.replace('`', "'")
        ));
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        doc_attrs(cx, Some(&parts.join("\n\n")))
    }
}

/// Emits `Debug` for a struct with sensitive fields: their values print as `*** redacted ***`, and
/// whether an optional one is set stays visible (`Some(*** redacted ***)`).
fn emit_redacted_debug(ty: &NamedType, s: &Struct) -> TokenStream {
    let name = ident(&ty.name);
    let type_name = &ty.name;
    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        let label = &f.rust_name;
        let value = match (f.sensitive, f.is_option()) {
            (false, _) => quote! { &self.#field_name },
            (true, true) => quote! { &crate::runtime::redact::present(&self.#field_name) },
            (true, false) => quote! { &crate::runtime::redact::Redacted },
        };
        quote! { .field(#label, #value) }
    });
    let additional = s.additional.as_ref().map(|_| {
        let field_name = ident(crate::lower::ADDITIONAL_FIELD);
        let label = crate::lower::ADDITIONAL_FIELD;
        quote! { .field(#label, &self.#field_name) }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    #additional
                    .finish()
            }
        }
    }
}

/// Emits an open enum: known values as variants, anything else kept in a catch-all, so a value the
/// server adds later never fails decoding. Beside `as_str` come an infallible `From<&str>`,
/// `From<String>` and `FromStr`, `Display`, serde by the wire value, and equality by the wire value
/// ([`wire_equality`]).
/// ```text
/// #[derive(Clone, Debug)]
/// #[non_exhaustive]
/// pub enum GrantType { AuthorizationCode, …, Unknown(::std::string::String) }
/// impl GrantType { pub fn as_str(&self) -> &str { … } }
/// impl From<&str> for GrantType { … }   // and From<String>, FromStr (infallible), Display, serde
/// impl PartialEq for GrantType { … }    // and Eq, Hash: by wire value, so Unknown("CIBA") == Ciba
/// ```
/// Emits: `pub enum GrantType` in `generated-sdk/src/types/grant_type.rs`.
/// Emits: `pub fn as_str(&self)` in `generated-sdk/src/types/grant_type.rs`.
/// Emits: `impl ::std::convert::From<&str> for GrantType` in `generated-sdk/src/types/grant_type.rs`.
fn emit_open_enum(cx: &mut FileCx<'_>, ty: &NamedType, e: &Enum, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let name = ident(&ty.name);
    let mut docs_text = type_docs_text(cx, ty);
    docs_text.push_str("\n\n");
    docs_text.push_str(&format!(
        "Values this version of the SDK does not know are kept in `{}`: match on [`{}::as_str`] to handle \
         them without a new SDK version.",
        e.unknown_variant, ty.name
    ));
    let docs = doc_lines(cx, &docs_text);
    let unknown = ident(&e.unknown_variant);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wire: Vec<&String> = e.variants.iter().map(|v| &v.wire_value).collect();
    let variant_docs = e
        .variants
        .iter()
        .map(|v| doc_lines(cx, &format!("`{}`", v.wire_value.replace('`', "'"))));
    let equality = wire_equality(&name, quote! { self.as_str() }, quote! { other.as_str() });
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variant_idents,
            )*
            /// A value this version of the SDK does not know, as received. It equals the variant of the
            /// same value, should one be built by hand (`Unknown("CIBA".into()) == Ciba`).
            #unknown(::std::string::String),
        }

        #equality

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variant_idents => #wire,)*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#wire => Self::#variant_idents,)*
                    other => Self::#unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#wire => Self::#variant_idents,)*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serialize_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #deserialize_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// Emits `PartialEq`, `Eq` and `Hash` of an open enum by its wire value, so that a known value in the
/// catch-all variant (built by hand: `Unknown("CIBA".into())`) cannot differ from its named variant.
/// ```text
/// impl PartialEq for GrantType { fn eq(&self, other: &Self) -> bool { self.as_str() == other.as_str() } }
/// impl Eq for GrantType {}
/// impl Hash for GrantType { fn hash<H: Hasher>(&self, state: &mut H) { self.as_str().hash(state) } }
/// ```
/// Emits: `impl ::std::cmp::PartialEq for GrantType` in `generated-sdk/src/types/grant_type.rs`.
/// Emits: `impl ::std::hash::Hash for GrantType` in `generated-sdk/src/types/grant_type.rs`.
fn wire_equality(name: &Ident, this: TokenStream, other: TokenStream) -> TokenStream {
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                #this == #other
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&#this, state);
            }
        }
    }
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

/// An integer literal pattern or expression, with its sign as a separate token.
fn int_literal(value: i64) -> TokenStream {
    let digits = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote! { -#digits }
    } else {
        quote! { #digits }
    }
}

/// Emits an open integer enum, like [`emit_open_enum`] for integers: `value()` instead of `as_str()`,
/// `From<i64>`, `Display`, and serde as the number.
/// ```text
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum Priority { Value1, Value2, Unknown(i64) }
/// impl Priority { pub fn value(&self) -> i64 { … } }
/// impl From<i64> for Priority { … }   // and Display, serde as the number
/// ```
/// Emits: `pub enum Priority` in `tests/snapshots/generated_code_of_each_fixture@scalars_and_enums.yaml.snap`.
/// Emits: `From<i64> for Priority` in `tests/snapshots/generated_code_of_each_fixture@scalars_and_enums.yaml.snap`.
fn emit_int_enum(cx: &mut FileCx<'_>, ty: &NamedType, e: &IntEnum, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let name = ident(&ty.name);
    let mut docs_text = type_docs_text(cx, ty);
    docs_text.push_str(&format!(
        "\n\nValues this version of the SDK does not know are kept in `{}`: match on [`{}::value`] to handle \
         them without a new SDK version.",
        e.unknown_variant, ty.name
    ));
    let docs = doc_lines(cx, &docs_text);
    let unknown = ident(&e.unknown_variant);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<TokenStream> = e.variants.iter().map(|v| int_literal(v.value)).collect();
    let variant_docs = e.variants.iter().map(|v| doc_lines(cx, &format!("`{}`", v.value)));
    let equality = wire_equality(&name, quote! { self.value() }, quote! { other.value() });
    quote! {
        #docs
        #[derive(Clone, Copy, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variant_idents,
            )*
            /// A value this version of the SDK does not know, as received. It equals the variant of the
            /// same value, should one be built by hand.
            #unknown(i64),
        }

        #equality

        impl #name {
            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#variant_idents => #values,)*
                    Self::#unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#values => Self::#variant_idents,)*
                    other => Self::#unknown(other),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        #serialize_cfg
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #deserialize_cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

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
/// that accepts the value, or to the catch-all variant with the JSON as received. `Serialize` writes the variant's
/// value as it is; `Deserialize` reads the value once and tries each variant on it.
/// ```text
/// #[derive(Clone, Debug, PartialEq)]
/// #[non_exhaustive]
/// pub enum Contact { Email(crate::types::Email), String(::std::string::String), Unknown(::serde_json::Value) }
/// impl ::serde::Serialize for Contact { … }           // the variant's value as it is
/// impl<'de> ::serde::Deserialize<'de> for Contact {  // each variant tried on the value read once
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
/// Emits: `pub enum Contact` in `tests/wire-sdks/models/src/types/contact.rs`.
/// Emits: `Deserialize<'de> for Contact` in `tests/wire-sdks/models/src/types/contact.rs`.
fn emit_untagged_union(cx: &mut FileCx<'_>, ty: &NamedType, u: &Union, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
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

/// Emits a union told apart by a discriminator property. The variant types keep the property (when
/// they declare it) and it is added when a value lacks it; an unknown discriminator value is kept.
/// ```text
/// #[derive(Clone, Debug, PartialEq)]
/// #[non_exhaustive]
/// pub enum Pet { Cat(crate::types::Cat), Dog(crate::types::Dog), Unknown(::serde_json::Value) }
/// impl ::serde::Serialize for Pet { … }          // the variant's JSON, with `petType` added if absent
/// impl<'de> ::serde::Deserialize<'de> for Pet { … } // by the value of `petType`
/// ```
/// Emits: `pub enum Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
/// Emits: `Serialize for Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
/// Emits: `Deserialize<'de> for Shape` in `tests/snapshots/generated_code_of_each_fixture@one_of_tagged.yaml.snap`.
fn emit_tagged_union(cx: &mut FileCx<'_>, ty: &NamedType, u: &Union, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
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
        #docs
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::serde_json::Value),
        }

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
