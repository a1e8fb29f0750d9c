//! Documented error statuses → the `ApiErrorKind` enum that `Error::Api` carries.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::cx::FileCx;
use super::docs::doc_lines;
use super::rust::{ident, rust_type};
use crate::ir::{Api, ErrorKey, ErrorStatus, ResponseContent};

/// Emits the typed API errors, one variant per documented status carrying its decoded body, with
/// `Unexpected` for a status the spec does not document and `UnexpectedBody` for a body that is not
/// the documented one, and their decoding by status.
/// ```text
/// #[non_exhaustive]
/// pub enum ApiErrorKind {
///     /// `400 Bad Request`
///     BadRequest(crate::types::ResultBody),
///     /// A status the spec does not document.
///     Unexpected,
/// }
/// impl ApiErrorKind { pub(crate) fn decode(status: u16, body: &[u8]) -> Result<Self, serde_json::Error> { … } }
/// ```
/// Emits: `pub enum ApiErrorKind` in `generated-sdk/src/error.rs`.
/// Emits: `pub(crate) fn decode(` in `generated-sdk/src/error.rs`.
pub(crate) fn emit_error_enum(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let decode_body = decode_body(api);
    let status_arms = api.errors.iter().map(status_arm);
    let display_arms = api.errors.iter().map(display_arm);
    let unexpected_doc = doc_lines(
        cx,
        "A status the spec does not document; [`ApiError::raw_body`](crate::ApiError::raw_body) has the body.",
    );
    let unexpected_body_doc = doc_lines(
        cx,
        "A documented status whose body is not what the spec documents for it (an HTML page from a proxy, \
         an empty body, JSON of another shape, a body over the size limit); \
         [`ApiError::raw_body`](crate::ApiError::raw_body) has the body and \
         [`std::error::Error::source`] says what was wrong with it.",
    );
    let status_doc = doc_lines(
        cx,
        if api.errors.iter().any(|e| !matches!(e.key, ErrorKey::Status(_))) {
            "The status this kind documents; `None` for [`ApiErrorKind::Unexpected`], \
         [`ApiErrorKind::UnexpectedBody`] and the variants of status ranges \
         ([`ApiError::status`](crate::ApiError::status) has the status)."
        } else {
            "The status this kind documents; `None` for [`ApiErrorKind::Unexpected`] and \
         [`ApiErrorKind::UnexpectedBody`] ([`ApiError::status`](crate::ApiError::status) has the status)."
        },
    );
    let enum_doc = enum_doc(cx, api);
    let summary_fields = emit_summary_fields(api);
    let variants: Vec<TokenStream> = api.errors.iter().map(|e| variant(cx, e)).collect();
    quote! {
        #enum_doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum ApiErrorKind {
            #(#variants)*
            #unexpected_doc
            Unexpected,
            #unexpected_body_doc
            UnexpectedBody,
        }

        impl ApiErrorKind {
            /// Decodes the body of an error response by its status.
            pub(crate) fn decode(status: u16, body: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                #decode_body
            }

            #status_doc
            pub fn status(&self) -> ::std::option::Option<u16> {
                match self {
                    #(#status_arms)*
                    Self::Unexpected | Self::UnexpectedBody => ::std::option::Option::None,
                }
            }

            #summary_fields
        }

        impl ::std::fmt::Display for ApiErrorKind {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(match self {
                    #(#display_arms)*
                    Self::Unexpected => "the API answered with an undocumented status",
                    Self::UnexpectedBody => "the API answered a documented status with an undocumented body",
                })
            }
        }
    }
}

/// The docs of `ApiErrorKind`, with a word on redirects when the spec documents any.
fn enum_doc(cx: &mut FileCx<'_>, api: &Api) -> TokenStream {
    let mut text = "The errors the API documents, one per HTTP status, with their decoded bodies.\n\
                    [`Error::Api`](crate::Error::Api) carries one beside the raw status, headers and body."
        .to_owned();
    if api.errors.iter().any(|e| e.key.is_answer()) {
        text.push_str(
            "\n\nThe SDK follows no redirect: a documented redirect (`3xx`) or informational (`1xx`) status \
             is one of these too, its headers (`Location`) in [`ApiError::headers`](crate::ApiError::headers).",
        );
    }
    doc_lines(cx, &text)
}

/// One variant of `ApiErrorKind`, with its docs and its body's type.
fn variant(cx: &mut FileCx<'_>, e: &ErrorStatus) -> TokenStream {
    let variant = ident(&e.variant);
    let mut text = match e.key {
        ErrorKey::Status(status) => format!("Status `{status}`."),
        ErrorKey::Class(class) => format!("A status `{class}XX` that no other variant stands for."),
        ErrorKey::Default => "An error status (400–599) that no other variant stands for.".to_owned(),
    };
    if let Some(description) = &e.description {
        text.push_str("\n\n");
        text.push_str(&cx.clean(description));
    }
    if e.lenient {
        text.push_str(
            "\n\nOperations document different bodies for this status: a body that is not this one is \
             [`ApiErrorKind::UnexpectedBody`], with the raw body in [`ApiError::raw_body`](crate::ApiError::raw_body).",
        );
    }
    let docs = doc_lines(cx, &text);
    match &e.ty {
        Some(ty) => {
            let ty = rust_type(ty);
            quote! { #docs #variant(#ty), }
        }
        None => quote! { #docs #variant, },
    }
}

/// The body of `ApiErrorKind::decode`: exact statuses first; then, by class (`status / 100`), the
/// ranges and `default`. Matching classes in a match of their own keeps the arms from overlapping
/// (clippy::match_overlapping_arm).
fn decode_body(api: &Api) -> TokenStream {
    if api.errors.is_empty() {
        return quote! {
            let _ = (status, body);
            ::std::result::Result::Ok(Self::Unexpected)
        };
    }
    let decode_arms = api.errors.iter().filter_map(|e| match e.key {
        ErrorKey::Status(status) => {
            let status = Literal::u16_unsuffixed(status);
            Some(decode_arm(e, quote! { #status }))
        }
        _ => None,
    });
    let class_arms: Vec<TokenStream> = api
        .errors
        .iter()
        .filter(|e| !e.fallback_classes.is_empty())
        .map(|e| {
            let classes = e.fallback_classes.iter().map(|class| Literal::u16_unsuffixed(*class));
            decode_arm(e, quote! { #(#classes)|* })
        })
        .collect();
    let fallback = if class_arms.is_empty() {
        quote! { _ => Self::Unexpected, }
    } else {
        quote! {
            _ => match status / 100 {
                #(#class_arms)*
                _ => Self::Unexpected,
            },
        }
    };
    let ignore_body = api
        .errors
        .iter()
        .all(|e| e.ty.is_none())
        .then(|| quote! { let _ = body; });
    quote! {
        #ignore_body
        ::std::result::Result::Ok(match status {
            #(#decode_arms)*
            #fallback
        })
    }
}

/// `pattern => Self::Variant(body decoded)`. A body that does not decode is the runtime's
/// `UnexpectedBody`, lenient variants included.
fn decode_arm(e: &ErrorStatus, pattern: TokenStream) -> TokenStream {
    let variant = ident(&e.variant);
    let value = match (&e.ty, e.content) {
        (None, _) => quote! { Self::#variant },
        (Some(_), ResponseContent::Json) => quote! { Self::#variant(::serde_json::from_slice(body)?) },
        (Some(_), ResponseContent::Text) => {
            quote! { Self::#variant(::std::string::String::from_utf8_lossy(body).into_owned()) }
        }
        (Some(_), ResponseContent::Bytes) => quote! { Self::#variant(body.to_vec()) },
    };
    quote! { #pattern => #value, }
}

/// The arm of `ApiErrorKind::status` for one variant: its status, or `None` for a range.
fn status_arm(e: &ErrorStatus) -> TokenStream {
    let pattern = variant_pattern(e);
    match e.key {
        ErrorKey::Status(status) => {
            let status = Literal::u16_unsuffixed(status);
            quote! { #pattern => ::std::option::Option::Some(#status), }
        }
        ErrorKey::Class(_) | ErrorKey::Default => quote! { #pattern => ::std::option::Option::None, },
    }
}

/// The arm of `ApiErrorKind`'s `Display` for one variant.
fn display_arm(e: &ErrorStatus) -> TokenStream {
    let pattern = variant_pattern(e);
    let text = match e.key {
        ErrorKey::Status(status) => format!("the API answered {status} ({})", e.variant),
        ErrorKey::Class(class) => format!("the API answered {class}XX ({})", e.variant),
        ErrorKey::Default => format!("the API answered with an error status ({})", e.variant),
    };
    quote! { #pattern => #text, }
}

/// Emits what `ApiError`'s `Display` adds after the status: the configured code and message fields
/// (`errors.code_field`, `errors.message_field`), by wire name, with the value the body has.
/// ```text
/// pub(crate) fn summary_fields(&self) -> [(&'static str, Option<&str>); 2] {
///     [("resultCode", self.result_code()), ("resultMessage", self.result_message())]
/// }
/// ```
/// Emits: `pub(crate) fn summary_fields(` in `generated-sdk/src/error.rs`.
fn emit_summary_fields(api: &Api) -> TokenStream {
    let fields = api.error_accessors.iter().map(|accessor| {
        let method = ident(&accessor.rust_name);
        let wire = &accessor.wire_name;
        quote! { (#wire, self.#method()) }
    });
    let count = Literal::usize_unsuffixed(api.error_accessors.len());
    quote! {
        /// The code and message fields of the body the SDK is configured with, by wire name, for
        /// `ApiError`'s `Display`.
        pub(crate) fn summary_fields(&self) -> [(&'static str, ::std::option::Option<&str>); #count] {
            [#(#fields),*]
        }
    }
}

/// The pattern that matches an error's variant, whether or not it carries a body.
fn variant_pattern(e: &ErrorStatus) -> TokenStream {
    let variant = ident(&e.variant);
    if e.ty.is_some() {
        quote! { Self::#variant(_) }
    } else {
        quote! { Self::#variant }
    }
}
