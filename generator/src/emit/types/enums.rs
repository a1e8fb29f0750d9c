//! Open string enums (a variant per value and `Unknown` for any other) and integer enums: the model,
//! and apart from it its serde impls.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{SerdeImpls, model_path, type_docs_text};
use crate::emit::cx::FileCx;
use crate::emit::docs::doc_lines;
use crate::emit::rust::ident;
use crate::ir::{Enum, IntEnum, NamedType};

/// Emits an open enum: known values as variants, anything else kept in a catch-all, so a value the
/// server adds later never fails decoding. Beside `as_str` come an infallible `From<&str>`,
/// `From<String>` and `FromStr`, `Display`, and equality by the wire value ([`wire_equality`]); serde
/// by the wire value is emitted apart ([`emit_open_enum_serde`]).
/// ```text
/// #[derive(Clone, Debug)]
/// #[non_exhaustive]
/// pub enum GrantType { AuthorizationCode, …, Unknown(::std::string::String) }
/// impl GrantType { pub fn as_str(&self) -> &str { … } }
/// impl From<&str> for GrantType { … }   // and From<String>, FromStr (infallible), Display
/// impl PartialEq for GrantType { … }    // and Eq, Hash: by wire value, so Unknown("CIBA") == Ciba
/// ```
/// Emits: `pub enum GrantType` in `generated-sdk/src/types/grant_type.rs`.
/// Emits: `pub fn as_str(&self)` in `generated-sdk/src/types/grant_type.rs`.
/// Emits: `impl ::std::convert::From<&str> for GrantType` in `generated-sdk/src/types/grant_type.rs`.
pub(super) fn emit_open_enum(cx: &mut FileCx<'_>, ty: &NamedType, e: &Enum) -> TokenStream {
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
    }
}

/// The serde impls of an open enum, each under its cfg: the wire value as a string, and any string
/// back through the infallible `From<String>`, so a new value never fails decoding.
/// ```text
/// impl ::serde::Serialize for crate::types::GrantType { … serializer.serialize_str(self.as_str()) }
/// impl<'de> ::serde::Deserialize<'de> for crate::types::GrantType { … String … .map(Self::from) }
/// ```
/// Emits: `impl ::serde::Serialize for crate::types::GrantType` in `generated-sdk/src/serde_impls/grant_type.rs`.
/// Emits: `impl<'de> ::serde::Deserialize<'de> for crate::types::GrantType` in `generated-sdk/src/serde_impls/grant_type.rs`.
pub(super) fn emit_open_enum_serde(ty: &NamedType, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let name = model_path(ty);
    quote! {
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
/// `From<i64>` and `Display`; serde as the number is emitted apart ([`emit_int_enum_serde`]).
/// ```text
/// #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
/// #[non_exhaustive]
/// pub enum Priority { Value1, Value2, Unknown(i64) }
/// impl Priority { pub fn value(&self) -> i64 { … } }
/// impl From<i64> for Priority { … }   // and Display
/// ```
/// Emits: `pub enum Priority` in `tests/snapshots/generated_code_of_each_fixture@scalars_and_enums.yaml.snap`.
/// Emits: `From<i64> for Priority` in `tests/snapshots/generated_code_of_each_fixture@scalars_and_enums.yaml.snap`.
pub(super) fn emit_int_enum(cx: &mut FileCx<'_>, ty: &NamedType, e: &IntEnum) -> TokenStream {
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
    }
}

/// The serde impls of an open integer enum, each under its cfg: the value as an `i64`, and any
/// integer back through `From<i64>`.
/// ```text
/// impl ::serde::Serialize for crate::types::Priority { … serializer.serialize_i64(self.value()) }
/// impl<'de> ::serde::Deserialize<'de> for crate::types::Priority { … i64 … .map(Self::from) }
/// ```
/// Emits: `Serialize for crate::types::Priority` in `tests/snapshots/generated_code_of_each_fixture@scalars_and_enums.yaml.snap`.
pub(super) fn emit_int_enum_serde(ty: &NamedType, serde: &SerdeImpls) -> TokenStream {
    let (serialize_cfg, deserialize_cfg) = serde.cfgs();
    let name = model_path(ty);
    quote! {
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
