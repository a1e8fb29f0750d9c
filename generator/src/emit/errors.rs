//! Documented error statuses → the `ApiErrorKind` enum that `Error::Api` carries.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::{clean, doc_lines};
use super::types::{ident, rust_type};
use crate::ir::Api;

/// Emits the typed API errors, one variant per documented status, and their decoding:
/// ```ignore
/// #[non_exhaustive]
/// pub enum ApiErrorKind {
///     /// `400 Bad Request`
///     BadRequest(crate::types::ResultBody),
///     /// A status the spec does not document.
///     Unexpected,
/// }
/// impl ApiErrorKind { pub(crate) fn decode(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> { … } }
/// ```
pub(crate) fn emit_error_enum(api: &Api) -> TokenStream {
    let variants = api.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let mut text = format!("Status `{}`.", e.status);
        if let Some(description) = &e.description {
            text.push_str("\n\n");
            text.push_str(&clean(description));
        }
        let docs = doc_lines(&text);
        match &e.ty {
            Some(ty) => {
                let ty = rust_type(ty);
                quote! { #docs #variant(#ty), }
            }
            None => quote! { #docs #variant, },
        }
    });
    let decode_arms = api.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let status = Literal::u16_unsuffixed(e.status);
        match &e.ty {
            Some(_) => quote! { #status => Self::#variant(::serde_json::from_slice(body)?), },
            None => quote! { #status => Self::#variant, },
        }
    });
    let status_arms = api.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let status = Literal::u16_unsuffixed(e.status);
        let pattern = if e.ty.is_some() {
            quote! { Self::#variant(_) }
        } else {
            quote! { Self::#variant }
        };
        quote! { #pattern => ::std::option::Option::Some(#status), }
    });
    let display_arms = api.errors.iter().map(|e| {
        let variant = ident(&e.variant);
        let pattern = if e.ty.is_some() {
            quote! { Self::#variant(_) }
        } else {
            quote! { Self::#variant }
        };
        let text = format!("the API answered {} ({})", e.status, e.variant);
        quote! { #pattern => #text, }
    });
    let decode_body = if api.errors.is_empty() {
        quote! {
            let _ = (status, body);
            ::std::result::Result::Ok(Self::Unexpected)
        }
    } else {
        let ignore_body = api
            .errors
            .iter()
            .all(|e| e.ty.is_none())
            .then(|| quote! { let _ = body; });
        quote! {
            #ignore_body
            ::std::result::Result::Ok(match status {
                #(#decode_arms)*
                _ => Self::Unexpected,
            })
        }
    };
    quote! {
        /// The errors the API documents, one per HTTP status, with their decoded bodies.
        /// [`Error::Api`](crate::Error::Api) carries one beside the raw status, headers and body.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorKind {
            #(#variants)*
            /// A status the spec does not document; [`ApiError::raw_body`](crate::ApiError::raw_body) has the body.
            Unexpected,
        }

        impl ApiErrorKind {
            /// Decodes the body of an error response by its status.
            pub(crate) fn decode(status: u16, body: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                #decode_body
            }

            /// The status this kind documents; `None` for [`ApiErrorKind::Unexpected`].
            pub fn status(&self) -> ::std::option::Option<u16> {
                match self {
                    #(#status_arms)*
                    Self::Unexpected => ::std::option::Option::None,
                }
            }
        }

        impl ::std::fmt::Display for ApiErrorKind {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    #(#display_arms)*
                    Self::Unexpected => "the API answered with an undocumented status",
                })
            }
        }
    }
}
