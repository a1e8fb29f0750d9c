//! The state of emitting one file ([`FileCx`]), which every emitter that writes docs or a repeated piece
//! of code is handed, and the work a thread keeps from one file it emits to the next ([`Memo`]).
//!
//! A job (`emit::Job::run`) makes a `FileCx` over its thread's `Memo` and passes it down, as `&mut`, to
//! the emitters of its file. Each doc block they write goes into the file's table and stands in the
//! tokens as a placeholder ([`docs::doc_lines`](super::docs::doc_lines)), and so does the text of each
//! repeated piece ([`fragments::piece`](super::fragments::piece)). The job then takes the table
//! ([`FileCx::into_table`]) and hands it, with the tokens, to [`crate::format::unparse_with_docs`],
//! which puts every block and piece back in place of its placeholder. Nothing is kept anywhere else:
//! what a function adds to the table, it is given the table for.

use std::collections::{BTreeMap, HashMap};

use super::fragments::Context;

/// What a thread keeps from one file it emits to the next, so that each description is cleaned once
/// and each repeated piece formatted once. One lives as long as the thread's share of one generation:
/// one generation never reuses another's work.
#[derive(Default)]
pub(crate) struct Memo {
    /// Descriptions cleaned into rustdoc ([`super::docs::clean`]), by the text of the spec. A large
    /// spec repeats its descriptions (a property shared by a request and its response, say).
    cleaned: BTreeMap<String, String>,
    /// The formatted text of each piece ([`super::fragments::piece`]), by where it stands and by
    /// everything its text depends on.
    pieces: HashMap<(Context, String), String>,
}

/// The state of emitting one file: its table of text set aside (doc blocks, formatted pieces), and
/// the [`Memo`] of the thread emitting it.
pub(crate) struct FileCx<'m> {
    /// The text set aside, each at the number its placeholder holds; `None` while docs stay in the
    /// tokens as literals.
    table: Option<Vec<String>>,
    /// Whether repeated pieces are set aside (formatted once, kept in `memo`) rather than left in the
    /// tokens. Only with a table.
    pieces: bool,
    memo: &'m mut Memo,
}

impl<'m> FileCx<'m> {
    /// A file whose docs and repeated pieces are set aside: what every job emits.
    pub(crate) fn new(memo: &'m mut Memo) -> Self {
        FileCx {
            table: Some(Vec::new()),
            pieces: true,
            memo,
        }
    }

    /// A file whose docs are set aside but whose pieces stay in the tokens: what a job falls back to
    /// when its pieces do not fit in (a bug, but one that costs time, not correctness).
    pub(crate) fn pieces_in_tokens(memo: &'m mut Memo) -> Self {
        FileCx {
            table: Some(Vec::new()),
            pieces: false,
            memo,
        }
    }

    /// A file with everything in its tokens, docs as `#[doc]` literals: what formatting the tokens
    /// alone ([`crate::format::rust_file`]) expects.
    #[cfg(test)]
    pub(crate) fn inline(memo: &'m mut Memo) -> Self {
        FileCx {
            table: None,
            pieces: false,
            memo,
        }
    }

    /// The state for a piece of this file formatted alone: a table of its own, the same memo.
    pub(crate) fn for_piece(&mut self) -> FileCx<'_> {
        FileCx {
            table: self.table.as_ref().map(|_| Vec::new()),
            pieces: self.pieces,
            memo: &mut *self.memo,
        }
    }

    /// The table of text set aside, for [`crate::format::unparse_with_docs`]; empty when docs stayed in
    /// the tokens.
    pub(crate) fn into_table(self) -> Vec<String> {
        self.table.unwrap_or_default()
    }

    /// Adds `text` to the table: its number there, or `None` when docs stay in the tokens.
    pub(crate) fn set_aside(&mut self, text: String) -> Option<usize> {
        let table = self.table.as_mut()?;
        table.push(text);
        Some(table.len() - 1)
    }

    /// Whether repeated pieces are set aside now.
    pub(crate) fn sets_aside_pieces(&self) -> bool {
        self.pieces && self.table.is_some()
    }

    /// `text`, a description from the spec, cleaned into rustdoc ([`super::docs::clean`]), once per
    /// thread.
    pub(crate) fn clean(&mut self, text: &str) -> String {
        if let Some(cleaned) = self.memo.cleaned.get(text) {
            return cleaned.clone();
        }
        let cleaned = super::docs::clean(text);
        self.memo.cleaned.insert(text.to_owned(), cleaned.clone());
        cleaned
    }

    /// The text of a piece formatted before on this thread.
    pub(crate) fn formatted_piece(&self, key: &(Context, String)) -> Option<String> {
        self.memo.pieces.get(key).cloned()
    }

    /// Keeps the text of a piece for the next time it is emitted on this thread.
    pub(crate) fn keep_formatted_piece(&mut self, key: (Context, String), text: String) {
        self.memo.pieces.insert(key, text);
    }
}
