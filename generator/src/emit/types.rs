//! Named types → Rust: structs with serde for objects, open enums for string enums, aliases for the rest.
//! Every path is fully qualified, so a schema called `Result`, `Option` or `String` shadows nothing.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, doc_lines};
use crate::ir::{Api, Enum, Field, NamedType, Struct, TypeKind, TypeRef};
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
fn type_docs_text(ty: &NamedType) -> String {
    match ty
        .description
        .as_deref()
        .map(super::docs::clean)
        .filter(|d| !d.is_empty())
    {
        Some(text) => text,
        None => format!("The schema at `{}`.", ty.pointer),
    }
}

fn type_docs(ty: &NamedType) -> TokenStream {
    doc_lines(&type_docs_text(ty))
}

/// Emits one named type.
pub(crate) fn emit_type(api: &Api, ty: &NamedType) -> TokenStream {
    match &ty.kind {
        TypeKind::Struct(s) => emit_struct(api, ty, s),
        TypeKind::Enum(e) => emit_open_enum(ty, e),
        TypeKind::Alias(target) => emit_alias(ty, target),
    }
}

/// Emits a model struct with its constructor and setters:
/// ```ignore
/// /// <schema description>
/// #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
/// #[non_exhaustive]
/// pub struct TokenFailRequest {
///     #[serde(rename = "ticket")]
///     pub ticket: ::std::string::String,
///     #[serde(rename = "accessTokenDuration", default, skip_serializing_if = "::std::option::Option::is_none")]
///     pub access_token_duration: ::std::option::Option<i64>,
/// }
/// impl TokenFailRequest {
///     pub fn new(ticket: impl Into<String>, …) -> Self { … }
///     pub fn access_token_duration(mut self, value: i64) -> Self { … }
/// }
/// ```
/// `Debug` is written by hand when a field is sensitive, printing `*** redacted ***` for its value.
pub(crate) fn emit_struct(api: &Api, ty: &NamedType, s: &Struct) -> TokenStream {
    let name = ident(&ty.name);
    let docs = type_docs(ty);
    let sensitive = s.fields.iter().any(|f| f.sensitive);
    let all_optional = s.fields.iter().all(Field::is_option);
    let mut derives = vec![quote! { Clone }];
    if !sensitive {
        derives.push(quote! { Debug });
    }
    if all_optional {
        derives.push(quote! { Default });
    }
    derives.extend([
        quote! { PartialEq },
        quote! { ::serde::Serialize },
        quote! { ::serde::Deserialize },
    ]);

    let fields = s.fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        let ty = field_type(f);
        let docs = doc_attrs(f.description.as_deref());
        let wire = &f.wire_name;
        let mut serde_args = Vec::new();
        if f.rust_name != f.wire_name {
            serde_args.push(quote! { rename = #wire });
        }
        if !f.required {
            serde_args.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
        }
        let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
        quote! {
            #docs
            #serde_attr
            pub #field_name: #ty,
        }
    });

    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let arg = ident(&f.rust_name);
        let (arg_ty, _) = argument(api, &f.ty, &arg);
        quote! { #arg: #arg_ty }
    });
    let inits = s.fields.iter().map(|f| {
        let field_name = ident(&f.rust_name);
        if !f.required {
            return quote! { #field_name: ::std::option::Option::None };
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
    let new_doc = if required.is_empty() {
        format!("Creates a `{}` with every field unset.", ty.name)
    } else {
        format!(
            "Creates a `{}` from its required fields; the optional ones start unset.",
            ty.name
        )
    };
    let new_doc = doc_lines(&new_doc);
    let setters = s.fields.iter().filter(|f| !f.required).map(|f| {
        let field_name = ident(&f.rust_name);
        let arg = format_ident!("value");
        let (arg_ty, mut value) = argument(api, &f.ty, &arg);
        if f.boxed {
            value = quote! { ::std::boxed::Box::new(#value) };
        }
        let doc = doc_lines(&format!("Sets `{}`.", f.wire_name));
        quote! {
            #doc
            pub fn #field_name(mut self, #arg: #arg_ty) -> Self {
                self.#field_name = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let debug_impl = sensitive.then(|| emit_redacted_debug(ty, s));
    quote! {
        #docs
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #new_doc
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }

            #(#setters)*
        }

        #debug_impl
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
            (true, true) => quote! { &self.#field_name.as_ref().map(|_| crate::runtime::redact::Redacted) },
            (true, false) => quote! { &crate::runtime::redact::Redacted },
        };
        quote! { .field(#label, #value) }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    .finish()
            }
        }
    }
}

/// Emits an open enum: known values as variants, anything else kept in a catch-all, so a value the
/// server adds later never fails decoding:
/// ```ignore
/// #[derive(Clone, Debug, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum GrantType { AuthorizationCode, …, Unknown(::std::string::String) }
/// impl GrantType { pub fn as_str(&self) -> &str { … } }
/// impl From<&str> for GrantType { … }   // and From<String>, FromStr (infallible), Display, serde
/// ```
pub(crate) fn emit_open_enum(ty: &NamedType, e: &Enum) -> TokenStream {
    let name = ident(&ty.name);
    let mut docs_text = type_docs_text(ty);
    docs_text.push_str("\n\n");
    docs_text.push_str(&format!(
        "Values this version of the SDK does not know are kept in `{}`: match on [`{}::as_str`] to handle \
         them without a new SDK version.",
        e.unknown_variant, ty.name
    ));
    let docs = doc_lines(&docs_text);
    let unknown = ident(&e.unknown_variant);
    let variant_idents: Vec<Ident> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wire: Vec<&String> = e.variants.iter().map(|v| &v.wire_value).collect();
    let variant_docs = e
        .variants
        .iter()
        .map(|v| doc_lines(&format!("`{}`", v.wire_value.replace('`', "'"))));
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(
                #variant_docs
                #variant_idents,
            )*
            /// A value this version of the SDK does not know, as received.
            #unknown(::std::string::String),
        }

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

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <::std::string::String as ::serde::Deserialize<'de>>::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// Emits a component schema that is a primitive or an array under its own name:
/// `pub type ClientIds = ::std::vec::Vec<i64>;`
pub(crate) fn emit_alias(ty: &NamedType, target: &TypeRef) -> TokenStream {
    let name = ident(&ty.name);
    let docs = type_docs(ty);
    let target = rust_type(target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
