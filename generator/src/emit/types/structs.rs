//! A model struct: the struct, `new` from the required fields, a setter per optional one, and `Debug`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{field_type, type_docs};
use crate::emit::cx::FileCx;
use crate::emit::docs::{doc_attrs, doc_lines};
use crate::emit::fragments::{self, Context};
use crate::emit::rust::{argument, field_init, ident, rust_type};
use crate::ir::{Api, Field, NamedType, Struct};

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

/// Emits a model struct with its constructor and setters: `new` takes the required fields, and each
/// optional one has a setter. Its serde impls are emitted apart, for their own file
/// ([`emit_struct_serde`](super::struct_serde::emit_struct_serde)).
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
/// builder methods are `#[inline]`: each is a line or
/// two, so an application compiles the few it calls instead of the SDK compiling them all.
/// Emits: `impl ::std::fmt::Debug for TokenFailRequest` in `generated-sdk/src/types/token_fail_request.rs`.
pub(super) fn emit_struct(cx: &mut FileCx<'_>, api: &Api, ty: &NamedType, s: &Struct) -> TokenStream {
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

    let additional_name = ident(crate::lower::ADDITIONAL_FIELD);
    let additional_field = s.additional.as_ref().map(|value| {
        let value = rust_type(value);
        quote! {
            /// The members beside the declared ones (`additionalProperties`), by name.
            pub #additional_name: ::std::collections::BTreeMap<::std::string::String, #value>,
        }
    });
    let constructor = constructor(cx, api, ty, s);
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
            #constructor

            #(#setters)*
        }

        #debug_impl
    }
}

/// `new`: the required fields as arguments, the optional ones unset.
fn constructor(cx: &mut FileCx<'_>, api: &Api, ty: &NamedType, s: &Struct) -> TokenStream {
    let additional_name = ident(crate::lower::ADDITIONAL_FIELD);
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
    quote! {
        #new_doc
        #[inline]
        pub fn new(#(#params),*) -> Self {
            #new_body
        }
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

/// The docs of a field: its description, then what `readOnly`, `writeOnly` and `default` say.
pub(super) fn field_docs(cx: &mut FileCx<'_>, f: &Field) -> TokenStream {
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
