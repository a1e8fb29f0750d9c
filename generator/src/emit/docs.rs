//! Doc comments: spec descriptions (CommonMark with HTML) cleaned into rustdoc that builds without
//! warnings, emitted as one `#[doc]` attribute per line.

mod html;

use html::html_to_markdown;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for each line of `text`, cleaned. Nothing for `None` or blank text.
pub(crate) fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    doc_lines(&clean(text))
}

/// `#[doc]` attributes for text that is already rustdoc (written by the generator).
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    doc_attributes(text, false)
}

/// `#![doc = " line"]` for each line: the docs of the module the attributes are in.
pub(crate) fn inner_doc_lines(text: &str) -> TokenStream {
    doc_attributes(text, true)
}

thread_local! {
    /// The doc blocks of the file being emitted on this thread, while [`collect`] runs.
    static TABLE: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Starts a doc line that stands for the block of that number in the table of [`collect`].
pub(crate) const PLACEHOLDER: char = '\u{1}';

/// Runs `emit` with its docs set aside: each block of doc lines it emits is one `#[doc]` holding a
/// placeholder (its number in the table, after [`PLACEHOLDER`]), and the table of blocks (lines
/// joined by `\n`, each with its leading space) is returned beside the tokens. Formatting puts the
/// lines back ([`crate::format::rust_file_with_docs`]). Docs are about half of a generated file; this
/// way their text is never escaped into literals, parsed back by `syn` and copied through
/// prettyplease, one attribute per line, which made up a large part of formatting a large spec.
pub(crate) fn collect<T>(emit: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = TABLE.with_borrow_mut(|table| table.replace(Vec::new()));
    let out = emit();
    let blocks = TABLE
        .with_borrow_mut(|table| std::mem::replace(table, outer))
        .unwrap_or_default();
    (out, blocks)
}

/// Whether [`collect`] runs on this thread.
pub(crate) fn collecting() -> bool {
    TABLE.with_borrow(Option::is_some)
}

/// Adds formatted text to the table of [`collect`] (see `emit::fragments`); its number there, or
/// `None` when `collect` does not run.
pub(crate) fn set_aside(text: String) -> Option<usize> {
    TABLE.with_borrow_mut(|table| {
        let table = table.as_mut()?;
        table.push(text);
        Some(table.len() - 1)
    })
}

fn doc_attributes(text: &str, inner: bool) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        }
    });
    let placeholder = TABLE.with_borrow_mut(|table| {
        let table = table.as_mut()?;
        let block: Vec<String> = lines.clone().collect();
        if block.is_empty() {
            return Some(None);
        }
        table.push(block.join("\n"));
        Some(Some(format!("{PLACEHOLDER}{}", table.len() - 1)))
    });
    let values: Vec<String> = match placeholder {
        Some(placeholder) => placeholder.into_iter().collect(),
        None => lines.collect(),
    };
    if inner {
        quote! { #(#![doc = #values])* }
    } else {
        quote! { #(#[doc = #values])* }
    }
}

/// Cleans a spec description into rustdoc:
/// - untagged code fences become `text` fences, so rustdoc does not compile HTTP examples as Rust;
/// - HTML is reduced to Markdown, even where a tag or its element spans lines: line breaks, paragraphs
///   and other blocks, `<details>`, headings, emphasis, `<code>`, `<a href>` (a Markdown link),
///   `<pre>` (a `text` fence), lists and tables (a Markdown table); other known tags are dropped and
///   anything else that looks like a tag is escaped;
/// - HTML entities are decoded;
/// - bare URLs are wrapped in `<…>` and brackets that are not links are escaped, so rustdoc finds no
///   broken intra-doc links; a link whose text spans lines stays a link;
/// - leading and trailing blank lines are removed.
pub(crate) fn clean(text: &str) -> String {
    if let Some(cleaned) = CLEANED.with_borrow(|cache| cache.as_ref().and_then(|c| c.get(text).cloned())) {
        return cleaned;
    }
    let cleaned = clean_uncached(text);
    CLEANED.with_borrow_mut(|cache| {
        if let Some(cache) = cache {
            cache.insert(text.to_owned(), cleaned.clone());
        }
    });
    cleaned
}

thread_local! {
    /// Descriptions already cleaned on this thread, while [`with_clean_cache`] runs.
    static CLEANED: std::cell::RefCell<Option<std::collections::BTreeMap<String, String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `emit` with each description cleaned once on this thread: a large spec repeats its
/// descriptions (a property shared by a request and its response, say). The cache ends with `emit`,
/// so one generation never reuses another's work.
pub(crate) fn with_clean_cache<T>(emit: impl FnOnce() -> T) -> T {
    let outer = CLEANED.with_borrow_mut(|cache| cache.replace(std::collections::BTreeMap::new()));
    let out = emit();
    CLEANED.with_borrow_mut(|cache| *cache = outer);
    out
}

fn clean_uncached(text: &str) -> String {
    // Tabs become spaces: rustdoc renders them unevenly (clippy::tabs_in_doc_comments).
    let text = text.replace("\r\n", "\n").replace('\t', "    ");
    // HTML first, over the prose between fences as a whole: its tags and elements span lines.
    let markdown: Vec<String> = split_fences(&text)
        .into_iter()
        .map(|block| match block {
            Block::Prose(prose) => html_to_markdown(&prose),
            Block::Fence(lines) => lines.join("\n"),
        })
        .collect();
    let markdown = markdown.join("\n");
    // Then entities, URLs and brackets, a paragraph at a time: a link's text may span its lines.
    let mut out: Vec<String> = Vec::new();
    for block in split_fences(&markdown) {
        match block {
            Block::Fence(lines) => out.extend(clean_fence(&lines)),
            Block::Prose(prose) => {
                let mut paragraph: Vec<&str> = Vec::new();
                for line in prose.split('\n').chain([""]) {
                    if line.trim().is_empty() {
                        if !paragraph.is_empty() {
                            out.push(escape_prose(&decode_entities(&paragraph.join("\n"))));
                            paragraph.clear();
                        }
                        out.push(String::new());
                    } else {
                        paragraph.push(line);
                    }
                }
                // The chained "" added one blank line the input did not have.
                out.pop();
            }
        }
    }
    let mut joined = continue_explicitly(&out.join("\n"));
    collapse_blank_lines(&mut joined);
    joined.trim_matches('\n').to_owned()
}

/// Prose, or a fenced code block with its fence lines (the closing one may be missing).
enum Block {
    Prose(String),
    Fence(Vec<String>),
}

fn split_fences(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let mut fence: Option<(String, Vec<String>)> = None;
    for raw in text.split('\n') {
        let trimmed = raw.trim_start();
        if let Some((open, lines)) = &mut fence {
            lines.push(raw.to_owned());
            let ch = open.chars().next().unwrap_or('`');
            if trimmed.starts_with(open.as_str()) && trimmed.trim_start_matches(ch).trim().is_empty() {
                if let Some((_, lines)) = fence.take() {
                    blocks.push(Block::Fence(lines));
                }
            }
            continue;
        }
        if fence_marker(trimmed).is_some_and(|marker| !trimmed[marker.len()..].contains('`')) {
            if !prose.is_empty() {
                blocks.push(Block::Prose(prose.join("\n")));
                prose.clear();
            }
            let marker = fence_marker(trimmed).unwrap_or_default();
            fence = Some((marker, vec![raw.to_owned()]));
            continue;
        }
        prose.push(raw);
    }
    if let Some((_, lines)) = fence {
        blocks.push(Block::Fence(lines));
    }
    if !prose.is_empty() {
        blocks.push(Block::Prose(prose.join("\n")));
    }
    blocks
}

/// A fence with `text` for an untagged opening, entities decoded (a code block shows them
/// literally) and a closing fence if it had none: an unclosed fence would swallow the rest of the
/// item's docs.
fn clean_fence(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len() + 1);
    let Some((first, rest)) = lines.split_first() else {
        return out;
    };
    let trimmed = first.trim_start();
    let marker = fence_marker(trimmed).unwrap_or_default();
    let indent = &first[..first.len() - trimmed.len()];
    if trimmed[marker.len()..].trim().is_empty() {
        out.push(format!("{indent}{marker}text"));
    } else {
        out.push(first.clone());
    }
    out.extend(rest.iter().map(|line| decode_code_entities(&decode_entities(line))));
    let closed = rest.last().is_some_and(|last| {
        let last = last.trim_start();
        last.starts_with(&marker) && last.trim_start_matches(['`', '~']).trim().is_empty()
    });
    if !closed {
        out.push(format!("{indent}{marker}"));
    }
    out
}

/// Lines that continue a list item or a quote without being indented or marked ("lazy continuation")
/// render inside it, and clippy refuses them in docs; they get the item's indentation or the `> `
/// marker, so they render the same and pass `clippy::doc_lazy_continuation`.
fn continue_explicitly(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    // What a continuation line needs in front: spaces to a list item's content, or a quote marker.
    let mut prefix: Option<String> = None;
    let mut in_fence = false;
    for line in text.split('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if fence_marker(trimmed).is_some() {
            in_fence = !in_fence;
            prefix = None;
        }
        if in_fence || fence_marker(trimmed).is_some() {
            out.push(line.to_owned());
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            prefix = None;
        } else if let Some(width) = list_item_width(trimmed) {
            prefix = Some(" ".repeat(indent + width));
        } else if trimmed.starts_with('>') {
            prefix = Some("> ".to_owned());
        } else if let Some(p) = &prefix {
            // Inside a paragraph no indentation starts a code block, so any continuation line is
            // put at the item's content column (clippy also refuses over-indented ones).
            let continued = format!("{p}{trimmed}");
            out.push(continued);
            continue;
        }
        out.push(line.to_owned());
    }
    out.join("\n")
}

/// The width of a list item's marker with its space (`- ` is 2, `10. ` is 4), if the line starts one.
fn list_item_width(trimmed: &str) -> Option<usize> {
    if let Some(rest) = trimmed.strip_prefix(['-', '*', '+']) {
        return rest.starts_with(' ').then_some(2);
    }
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &trimmed[digits..];
    (rest.starts_with(". ") || rest.starts_with(") ")).then_some(digits + 2)
}

fn fence_marker(line: &str) -> Option<String> {
    for ch in ['`', '~'] {
        let count = line.chars().take_while(|c| *c == ch).count();
        if count >= 3 {
            return Some(ch.to_string().repeat(count));
        }
    }
    None
}

fn decode_entities(line: &str) -> String {
    if !line.contains('&') {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let entity = after.find(';').filter(|end| *end <= 10).map(|end| &after[1..end]);
        let decoded = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            // `<` and `>` stay entities: rustdoc renders them and never reads them as tags.
            "lt" | "gt" | "#60" | "#62" | "#x3C" | "#x3c" | "#x3E" | "#x3e" => None,
            _ => e
                .strip_prefix("#x")
                .or_else(|| e.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| e.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        });
        match (entity, decoded) {
            (Some(entity), Some(ch)) => {
                out.push(ch);
                rest = &after[entity.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `&lt;` and `&gt;` as the characters: inside code they are shown as written, and cannot be tags.
fn decode_code_entities(code: &str) -> String {
    code.replace("&lt;", "<").replace("&gt;", ">")
}

/// Outside code spans: wraps bare URLs in `<…>` and escapes `[`/`]` that do not form a Markdown link.
/// `text` is a paragraph: a link's text, or a code span, may span its lines.
fn escape_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prose = String::new();
    let mut spans: Vec<String> = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('`') {
        let after = &rest[at..];
        let run = after.bytes().take_while(|b| *b == b'`').count();
        prose.push_str(&rest[..at]);
        match html::code_span_len(after) {
            Some(len) => {
                // A placeholder keeps the code span out of the escaping but in place for the
                // bracket matching (`[`code`](url)` is a link).
                spans.push(decode_code_entities(&after[..len]));
                prose.push(CODE);
                rest = &after[len..];
            }
            None => {
                prose.push_str(&after[..run]);
                rest = &after[run..];
            }
        }
    }
    prose.push_str(rest);
    let mut spans = spans.into_iter();
    for c in escape_segment(&prose).chars() {
        if c == CODE {
            out.push_str(&spans.next().unwrap_or_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Stands for a code span while the prose around it is escaped (a private-use character).
const CODE: char = '\u{F8FF}';

fn escape_segment(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    // Where the `]` of a link's text is, and what it becomes.
    let mut closers: Vec<(usize, String, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && chars.get(i + 1).is_some_and(char::is_ascii_punctuation) {
            // Already escaped.
            out.push(c);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if let Some(&(_, ref replacement, next)) = closers.iter().find(|(at, _, _)| *at == i) {
            out.push_str(replacement);
            i = next;
            continue;
        }
        if c == '<' && starts_url(&chars, i + 1) {
            // An autolink: kept whole.
            if let Some(end) = (i..chars.len()).find(|&j| chars[j] == '>' || chars[j].is_whitespace())
                && chars[end] == '>'
            {
                out.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
        }
        if starts_url(&chars, i) {
            let end = url_end(&chars, i);
            let url: String = chars[i..end].iter().collect();
            let before = out.trim_end();
            if before.ends_with("](") && !before.ends_with("\\](") {
                // A link's destination (a `](` with no `[` before it had its `]` escaped).
                out.push_str(&url);
            } else {
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i = end;
            continue;
        }
        match c {
            '[' => match link_closer(&chars, i) {
                Some(closer) => {
                    out.push('[');
                    closers.push(closer);
                }
                None => out.push_str("\\["),
            },
            ']' => out.push_str("\\]"),
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

fn starts_url(chars: &[char], i: usize) -> bool {
    // Called at every character of every description: it compares in place.
    let rest = chars.get(i..).unwrap_or_default();
    let starts = |prefix: &str| prefix.len() <= rest.len() && prefix.chars().zip(rest).all(|(a, &b)| a == b);
    rest.first() == Some(&'h') && (starts("https://") || starts("http://"))
}

/// Where a bare URL starting at `i` ends: before whitespace, `<`, `>`, `"`, brackets, and trailing
/// punctuation or a `)` it does not open.
fn url_end(chars: &[char], i: usize) -> usize {
    let mut end = (i..chars.len())
        .find(|&j| chars[j].is_whitespace() || matches!(chars[j], '<' | '>' | '"' | '[' | ']' | CODE))
        .unwrap_or(chars.len());
    loop {
        let last = chars[end - 1];
        let opened = chars[i..end].iter().filter(|&&c| c == '(').count();
        let closed = chars[i..end].iter().filter(|&&c| c == ')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_') || (last == ')' && closed > opened) {
            end -= 1;
        } else {
            return end;
        }
    }
}

/// For a `[` at `open` that starts a link, the index of its `]`, what that becomes and where to go
/// on from there: `[text](url)` stays; `[text][https://…]`, a reference to a URL, becomes
/// `[text](https://…)`.
fn link_closer(chars: &[char], open: usize) -> Option<(usize, String, usize)> {
    let close = (open + 1..chars.len()).find(|&j| chars[j] == ']' || chars[j] == '[')?;
    if chars[close] != ']' {
        return None;
    }
    match chars.get(close + 1) {
        Some('(') => {
            // The destination may start on the next line.
            let start = (close + 2..chars.len()).find(|&j| !chars[j].is_whitespace())?;
            let end = (start..chars.len()).find(|&j| chars[j] == ')' || chars[j].is_whitespace())?;
            (chars[end] == ')').then(|| (close, "](".to_owned(), close + 2))
        }
        Some('[') if starts_url(chars, close + 2) => {
            let end = (close + 2..chars.len()).find(|&j| chars[j] == ']' || chars[j].is_whitespace())?;
            if chars[end] != ']' {
                return None;
            }
            let url: String = chars[close + 2..end].iter().collect();
            Some((close, format!("]({url})"), end + 1))
        }
        _ => None,
    }
}

fn collapse_blank_lines(text: &mut String) {
    while text.contains("\n\n\n") {
        *text = text.replace("\n\n\n", "\n\n");
    }
    let cleaned: Vec<&str> = text.lines().map(str::trim_end).collect();
    *text = cleaned.join("\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lazy_continuations_of_lists_and_quotes_are_made_explicit() {
        let text = "1. `a`\nwhen b\n\n> quoted\nstill quoted\n\n- item\n  more\nplain\n      deep";
        assert_eq!(
            clean(text),
            "1. `a`\n   when b\n\n> quoted\n> still quoted\n\n- item\n  more\n  plain\n  deep"
        );
    }

    #[test]
    fn untagged_fences_become_text_and_tagged_ones_stay() {
        let text = "Example:\n```\nHTTP/1.1 200 OK\n&#123;responseContent&#125;\n```\n```json\n{}\n```\n";
        assert_eq!(
            clean(text),
            "Example:\n```text\nHTTP/1.1 200 OK\n{responseContent}\n```\n```json\n{}\n```"
        );
    }

    #[test]
    fn html_becomes_markdown() {
        assert_eq!(clean("a<br>b"), "a\nb");
        assert_eq!(
            clean("<details><summary>More</summary>text</details>"),
            "**More**\n\ntext"
        );
        assert_eq!(clean("use <code>x</code> &amp; y"), "use `x` & y");
        assert_eq!(clean("a < b and <token>"), "a < b and &lt;token&gt;");
    }

    #[test]
    fn urls_and_brackets_cannot_break_rustdoc() {
        assert_eq!(
            clean("see (https://datatracker.ietf.org/doc/rfc8705/) for details"),
            "see (<https://datatracker.ietf.org/doc/rfc8705/>) for details"
        );
        assert_eq!(
            clean("the Provider Metadata](https://o.net/a#B)."),
            "the Provider Metadata\\](<https://o.net/a#B>)."
        );
        assert_eq!(clean("See https://example.com/x."), "See <https://example.com/x>.");
        assert_eq!(
            clean("[RFC 6749](https://x.org/a) and [A001201]"),
            "[RFC 6749](https://x.org/a) and \\[A001201\\]"
        );
        assert_eq!(clean("`[x]` and <https://a.b>"), "`[x]` and <https://a.b>");
    }

    #[test]
    fn link_text_that_spans_lines_stays_a_link() {
        let text = "in the [OpenID Connect Discovery 1.0, 3. OP\nMetadata](https://openid.net/specs/d.html#P).";
        assert_eq!(clean(text), text);
        let text = "described in [7.3. Loopback Interface Redirection](\nhttps://www.rfc-editor.org/rfc/rfc8252.html#section-7.3) of";
        assert_eq!(clean(text), text);
        assert_eq!(
            clean("[`ticket`](https://a.b/t) and [`x`] and `[y]`"),
            "[`ticket`](https://a.b/t) and \\[`x`\\] and `[y]`"
        );
    }

    #[test]
    fn a_reference_to_a_url_becomes_a_link() {
        assert_eq!(
            clean("the JWT specification [RFC 7519][https://www.rfc-editor.org/rfc/rfc7519.html]."),
            "the JWT specification [RFC 7519](https://www.rfc-editor.org/rfc/rfc7519.html)."
        );
    }

    #[test]
    fn escapes_in_the_spec_are_kept() {
        assert_eq!(clean("\\*Token Type\\* and \\[x\\]"), "\\*Token Type\\* and \\[x\\]");
    }

    #[test]
    fn html_spanning_lines_becomes_markdown() {
        let text = "support <a href=\n\"https://openid.net/specs/fapi-grant-management.html\">Grant Management\nfor OAuth 2.0</a>.\n<p>\nValid values:\n</p>\n<pre>\nGET /a?b=&lt;c&gt;\n</pre>";
        assert_eq!(
            clean(text),
            "support [Grant Management\nfor OAuth 2.0](https://openid.net/specs/fapi-grant-management.html).\n\nValid values:\n\n```text\nGET /a?b=<c>\n```"
        );
    }

    #[test]
    fn entities_in_code_are_characters() {
        assert_eq!(
            clean("<code>Map&lt;K, V&gt;</code> and `&lt;x&gt;`"),
            "`Map<K, V>` and `<x>`"
        );
        assert_eq!(clean("&#60;b&#62;"), "&#60;b&#62;");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(clean("```\ncode"), "```text\ncode\n```");
    }
}
