//! Token helpers every emitter shares: the identifier for a Rust name, the Rust type of a type use,
//! how a constructor or setter takes a value, and a field of a struct expression.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Api, TypeKind, TypeRef};
use crate::names;

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
