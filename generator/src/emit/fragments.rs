//! Pieces of code that a large API repeats from item to item (a struct field, a statement, a match arm,
//! an impl item: the same filter parameter in every list operation, the same property in a request
//! and its response), formatted once per thread and put into the file as text.
//!
//! A piece stands in the tokens of its file as a placeholder that prettyplease prints as a line of its
//! own (`__sdkgen_fragment_7;`); its text, formatted at the indent the placeholder takes, is kept in
//! the table of [`docs::collect`] beside the doc blocks, and [`crate::format`] puts it in place of that
//! line. In these places prettyplease breaks the line before and after each piece whatever its
//! neighbours, so the file is the same as one formatted with the pieces in it.

use std::cell::RefCell;
use std::collections::HashMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::docs;
use crate::format;

/// Where a piece stands, which sets its indent and its placeholder.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Context {
    /// A named field of a struct at the top of a file, without its comma: `pub id: i64`.
    Field,
    /// A statement in the body of a function of an impl, not the last one.
    Statement,
    /// An arm, with its comma, of a `match` that is the body of a function of an impl.
    Arm,
    /// An item of an impl at the top of a file: a method.
    ImplItem,
}

/// Starts the identifier of a placeholder; the number of the piece in the table follows.
const PLACEHOLDER: &str = "__sdkgen_fragment_";

/// The value of the placeholder of a [`field_line`]: wide enough that prettyplease breaks the line
/// before and after it, as it does for the field it stands for.
const LINE_VALUE: &str = "__sdkgen_fragment_line";

/// Starts a piece in the table that is one line to indent as its placeholder is.
pub(crate) const INDENT_LIKE_PLACEHOLDER: char = '\u{2}';

impl Context {
    /// The piece in a file of its own, in a place of the same indent.
    fn wrap(self, piece: TokenStream) -> TokenStream {
        match self {
            Context::Field => quote! { struct X { #piece } },
            Context::Statement => quote! { impl X { fn f() { #piece x } } },
            Context::Arm => quote! { impl X { fn f() { match x { #piece _ => {} } } } },
            Context::ImplItem => quote! { impl X { #piece } },
        }
    }

    /// The lines of the piece in the text of [`Context::wrap`]: without the lines before and after it.
    fn unwrap(self, text: &str) -> Option<String> {
        let (before, after) = match self {
            Context::Field => (1, 1),
            Context::Statement => (2, 3),
            Context::Arm => (3, 4),
            Context::ImplItem => (1, 1),
        };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let piece = lines.get(before..lines.len().checked_sub(after)?)?;
        (!piece.is_empty()).then(|| piece.concat())
    }

    fn placeholder(self, number: usize) -> TokenStream {
        let name = Ident::new(&format!("{PLACEHOLDER}{number}"), Span::call_site());
        match self {
            Context::Field => quote! { #name: () },
            Context::Statement => quote! { #name; },
            Context::Arm => quote! { #name => {} },
            Context::ImplItem => quote! { fn #name() {} },
        }
    }
}

/// The number of the piece a line of prettyplease's text stands for, if it is a placeholder.
pub(crate) fn placeholder_number(line: &str) -> Option<usize> {
    let line = line.trim_start();
    let rest = line.strip_prefix("fn ").unwrap_or(line).strip_prefix(PLACEHOLDER)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, tail) = rest.split_at(digits);
    let line_value = tail
        .strip_prefix(": ")
        .and_then(|t| t.strip_prefix(LINE_VALUE))
        .is_some_and(|t| t == ",");
    (line_value || matches!(tail, ": ()," | ";" | " => {}" | "() {}"))
        .then(|| number.parse().ok())
        .flatten()
}

thread_local! {
    /// The text of each piece formatted on this thread, by context and key, while [`with_cache`] runs.
    static CACHE: RefCell<Option<HashMap<(Context, String), String>>> = const { RefCell::new(None) };
}

/// Runs `emit` with each piece formatted once on this thread. The cache ends with `emit`, so one
/// generation never reuses another's work.
pub(crate) fn with_cache<T>(emit: impl FnOnce() -> T) -> T {
    with_table(Some(HashMap::new()), emit)
}

/// Runs `emit` with every piece in the tokens, none set aside: what a file falls back to when its
/// pieces do not fit in (a bug, but one that costs time, not correctness).
pub(crate) fn without<T>(emit: impl FnOnce() -> T) -> T {
    with_table(None, emit)
}

/// Runs `emit` with `table` as this thread's cache (`None`: pieces stay in the tokens), then puts the
/// cache it replaced back.
fn with_table<T>(table: Option<HashMap<(Context, String), String>>, emit: impl FnOnce() -> T) -> T {
    let outer = CACHE.replace(table);
    let out = emit();
    CACHE.set(outer);
    out
}

/// Whether pieces are set aside now: a file's docs are being collected and [`with_cache`] runs.
fn setting_aside() -> bool {
    docs::collecting() && CACHE.with_borrow(Option::is_some)
}

/// A field of a struct expression that prettyplease prints on a line of its own (the expression is
/// wider than it puts on one line, as one with a field `name: ::std::option::Option::None` is), as its
/// text `line` (`name: ::std::option::Option::None,`), which no formatting changes but its indent.
/// (Its placeholder is as wide, so that the expression is printed the same around it.)
pub(crate) fn field_line(line: impl FnOnce() -> String, emit: impl FnOnce() -> TokenStream) -> TokenStream {
    if !setting_aside() {
        return emit();
    }
    match docs::set_aside(format!("{INDENT_LIKE_PLACEHOLDER}{}", line())) {
        Some(number) => {
            let name = Ident::new(&format!("{PLACEHOLDER}{number}"), Span::call_site());
            let value = Ident::new(LINE_VALUE, Span::call_site());
            quote! { #name: #value }
        }
        None => emit(),
    }
}

/// The piece `emit` makes in `context`, whose text depends on nothing but `key`: a placeholder for it
/// while a file's docs are set aside and [`with_cache`] runs, else the piece's tokens.
pub(crate) fn piece(context: Context, key: impl FnOnce() -> String, emit: impl Fn() -> TokenStream) -> TokenStream {
    if !setting_aside() {
        return emit();
    }
    let key = (context, key());
    let known = CACHE.with_borrow(|cache| cache.as_ref().and_then(|c| c.get(&key).cloned()));
    let text = match known {
        Some(text) => text,
        None => {
            let (tokens, blocks) = docs::collect(|| context.wrap(emit()));
            let formatted = format::unparse_with_docs(tokens, &blocks).ok();
            // Tokens that do not format alone go into the file as they are, where formatting reports them.
            let Some(text) = formatted.and_then(|text| context.unwrap(&text)) else {
                return emit();
            };
            CACHE.with_borrow_mut(|cache| {
                if let Some(cache) = cache {
                    cache.insert(key, text.clone());
                }
            });
            text
        }
    };
    match docs::set_aside(text) {
        Some(number) => context.placeholder(number),
        None => emit(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct, its impl and its serde lines, each repeated piece emitted through [`piece`] or
    /// [`field_line`].
    fn emit() -> TokenStream {
        let fields = ["a", "b", "a"].map(|name| {
            let field = Ident::new(name, Span::call_site());
            piece(
                Context::Field,
                || name.to_owned(),
                || quote! { #[doc = " A field."] pub #field: ::std::option::Option<i64> },
            )
        });
        let inits = ["a", "b", "a"].map(|name| {
            let field = Ident::new(name, Span::call_site());
            field_line(
                || format!("{field}: ::std::option::Option::None,"),
                || quote! { #field: ::std::option::Option::None },
            )
        });
        let statement = piece(Context::Statement, || "s".to_owned(), || quote! { write(&self.a)?; });
        let arm = piece(
            Context::Arm,
            || "arm".to_owned(),
            || quote! { "a" => read(&mut self.a), },
        );
        let setter = piece(
            Context::ImplItem,
            || "set".to_owned(),
            || quote! { #[inline] pub fn a(mut self, value: i64) -> Self { self.a = Some(value); self } },
        );
        quote! {
            pub struct S { #(#fields,)* }
            impl S {
                pub fn new() -> Self { Self { #(#inits),* } }
                #setter
                fn write(&self) -> Result<(), E> { #statement #statement Ok(()) }
                fn read(&mut self, key: &str) { match key { #arm #arm _ => skip(), } }
            }
        }
    }

    #[test]
    fn pieces_set_aside_give_the_text_of_the_tokens_they_stand_for() {
        let aside = with_cache(|| {
            let (tokens, blocks) = docs::collect(emit);
            assert!(blocks.len() >= 9, "the pieces are set aside: {blocks:?}");
            format::rust_file_with_docs(tokens, &blocks).unwrap()
        });
        assert_eq!(aside, format::rust_file(emit()).unwrap());
    }
}
