//! Accessors for the fields every error body shares (`result_code()`, `result_message()`), on
//! `ApiErrorKind`, `ApiError` and `Error`, so a caller needs no `match` to log an error's code.

use proc_macro2::TokenStream;
use quote::quote;

use super::cx::FileCx;
use super::docs::doc_lines;
use super::rust::ident;
use crate::ir::{Api, TypeKind, TypeRef};

/// Emits, for an accessor `result_code` of the wire field `resultCode`, a method on `ApiErrorKind`
/// that reads the field from each variant's body, and methods on `ApiError` and `Error` that ask
/// their kind. A variant whose body has no such string field answers `None`.
/// ```text
/// impl ApiErrorKind {
///     pub fn result_code(&self) -> Option<&str> {
///         match self { Self::BadRequest(body) => body.result_code.as_deref(), …, _ => None }
///     }
/// }
/// impl crate::ApiError { pub fn result_code(&self) -> Option<&str> { self.kind().result_code() } }
/// impl crate::Error { pub fn result_code(&self) -> Option<&str> { … } }
/// ```
/// Emits: `pub fn result_code(&self)` in `generated-sdk/src/error.rs`.
/// Emits: `impl crate::ApiError {` in `generated-sdk/src/error.rs`.
/// Emits: `impl crate::Error {` in `generated-sdk/src/error.rs`.
pub(crate) fn emit_error_accessors(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let accessors = api.error_accessors.iter().map(|accessor| {
        let method = ident(&accessor.rust_name);
        let arms = api.errors.iter().filter_map(|e| {
            let TypeRef::Named(name) = e.ty.as_ref()? else {
                return None;
            };
            let TypeKind::Struct(s) = &api.types.iter().find(|t| &t.name == name)?.kind else {
                return None;
            };
            let field = s
                .fields
                .iter()
                .find(|f| f.wire_name == accessor.wire_name && f.ty == TypeRef::String)?;
            let variant = ident(&e.variant);
            let field_name = ident(&field.rust_name);
            let value = if field.is_option() {
                quote! { body.#field_name.as_deref() }
            } else {
                quote! { ::std::option::Option::Some(body.#field_name.as_str()) }
            };
            Some(quote! { Self::#variant(body) => #value, })
        });
        let kind_doc = doc_lines(
            cx,
            &format!("The `{}` of the error body, when it has one.", accessor.wire_name),
        );
        let error_doc = doc_lines(
            cx,
            &format!(
                "The `{}` of the error body, when the server answered with a documented error status.",
                accessor.wire_name
            ),
        );
        quote! {
            impl ApiErrorKind {
                #kind_doc
                pub fn #method(&self) -> ::std::option::Option<&str> {
                    match self {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }

            impl crate::ApiError {
                #kind_doc
                pub fn #method(&self) -> ::std::option::Option<&str> {
                    self.kind().#method()
                }
            }

            impl crate::Error {
                #error_doc
                pub fn #method(&self) -> ::std::option::Option<&str> {
                    self.as_api_error().and_then(|e| e.kind().#method())
                }
            }
        }
    });
    quote! { #(#accessors)* }
}
