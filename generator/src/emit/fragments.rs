//! Pieces of code that a large API repeats from item to item (a struct field, a statement, a match arm,
//! an impl item: the same filter parameter in every list operation, the same property in a request
//! and its response), formatted once per thread and put into the file as text.
//!
//! A piece stands in the tokens of its file as a placeholder that prettyplease prints as a line of its
//! own (`__sdkgen_fragment_7;`); its text, formatted at the indent the placeholder takes, is kept in
//! the file's table ([`FileCx`]) beside the doc blocks, and [`crate::format`] puts it in place of that
//! line. In these places prettyplease breaks the line before and after each piece whatever its
//! neighbours, so the file is the same as one formatted with the pieces in it. The text of a piece is
//! also kept in the [`Memo`](super::cx::Memo) of the thread, by everything it depends on, for the next
//! file that repeats it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::cx::FileCx;
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

/// A field of a struct expression that prettyplease prints on a line of its own (the expression is
/// wider than it puts on one line, as one with a field `name: ::std::option::Option::None` is), as its
/// text `line` (`name: ::std::option::Option::None,`), which no formatting changes but its indent: a
/// placeholder for it while `cx` sets pieces aside, else the field's tokens `emit`. (Its placeholder is
/// as wide, so that the expression is printed the same around it.)
pub(crate) fn field_line(
    cx: &mut FileCx<'_>,
    line: impl FnOnce() -> String,
    emit: impl FnOnce() -> TokenStream,
) -> TokenStream {
    if !cx.sets_aside_pieces() {
        return emit();
    }
    match cx.set_aside(format!("{INDENT_LIKE_PLACEHOLDER}{}", line())) {
        Some(number) => {
            let name = Ident::new(&format!("{PLACEHOLDER}{number}"), Span::call_site());
            let value = Ident::new(LINE_VALUE, Span::call_site());
            quote! { #name: #value }
        }
        None => emit(),
    }
}

/// The piece `emit` makes in `context`, whose text depends on nothing but `key`: a placeholder for it
/// while `cx` sets pieces aside, else the piece's tokens. The piece is formatted alone, with a table of
/// its own ([`FileCx::for_piece`]), the first time its thread emits it.
pub(crate) fn piece(
    cx: &mut FileCx<'_>,
    context: Context,
    key: impl FnOnce() -> String,
    emit: impl Fn(&mut FileCx<'_>) -> TokenStream,
) -> TokenStream {
    if !cx.sets_aside_pieces() {
        return emit(cx);
    }
    let key = (context, key());
    let text = match cx.formatted_piece(&key) {
        Some(text) => text,
        None => {
            let mut alone = cx.for_piece();
            let tokens = context.wrap(emit(&mut alone));
            let blocks = alone.into_table();
            let formatted = format::unparse_with_docs(tokens, &blocks).ok();
            // Tokens that do not format alone go into the file as they are, where formatting reports them.
            let Some(text) = formatted.and_then(|text| context.unwrap(&text)) else {
                return emit(cx);
            };
            cx.keep_formatted_piece(key, text.clone());
            text
        }
    };
    match cx.set_aside(text) {
        Some(number) => context.placeholder(number),
        None => emit(cx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::cx::Memo;

    /// A struct, its impl and its serde lines, each repeated piece emitted through [`piece`] or
    /// [`field_line`].
    fn emit(cx: &mut FileCx<'_>) -> TokenStream {
        let fields = ["a", "b", "a"].map(|name| {
            let field = Ident::new(name, Span::call_site());
            piece(
                cx,
                Context::Field,
                || name.to_owned(),
                |_| quote! { #[doc = " A field."] pub #field: ::std::option::Option<i64> },
            )
        });
        let inits = ["a", "b", "a"].map(|name| {
            let field = Ident::new(name, Span::call_site());
            field_line(
                cx,
                || format!("{field}: ::std::option::Option::None,"),
                || quote! { #field: ::std::option::Option::None },
            )
        });
        let statement = piece(
            cx,
            Context::Statement,
            || "s".to_owned(),
            |_| quote! { write(&self.a)?; },
        );
        let arm = piece(
            cx,
            Context::Arm,
            || "arm".to_owned(),
            |_| quote! { "a" => read(&mut self.a), },
        );
        let setter = piece(
            cx,
            Context::ImplItem,
            || "set".to_owned(),
            |_| quote! { #[inline] pub fn a(mut self, value: i64) -> Self { self.a = Some(value); self } },
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
        let mut memo = Memo::default();
        let mut cx = FileCx::new(&mut memo);
        let tokens = emit(&mut cx);
        let blocks = cx.into_table();
        assert!(blocks.len() >= 9, "the pieces are set aside: {blocks:?}");
        let aside = format::rust_file_with_docs(tokens, &blocks).unwrap();
        let inline = emit(&mut FileCx::inline(&mut memo));
        assert_eq!(aside, format::rust_file(inline).unwrap());
    }
}
