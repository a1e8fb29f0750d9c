//! Doc comments: spec descriptions (CommonMark with HTML) cleaned into rustdoc that builds without
//! warnings, each block set aside in the table of the file being emitted ([`FileCx`]) and put back by
//! formatting as one doc comment per line.

mod html;

use html::html_to_markdown;
use proc_macro2::TokenStream;
use quote::quote;

use super::cx::FileCx;

/// `#[doc = " line"]` for each line of `text`, cleaned (once per thread, see [`FileCx::clean`]), set
/// aside in the file's table. Nothing for `None` or blank text.
pub(crate) fn doc_attrs(cx: &mut FileCx<'_>, text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    let cleaned = cx.clean(text);
    doc_lines(cx, &cleaned)
}

/// `#[doc]` attributes for text that is already rustdoc (written by the generator), set aside in the
/// file's table.
pub(crate) fn doc_lines(cx: &mut FileCx<'_>, text: &str) -> TokenStream {
    doc_attributes(cx, text, false)
}

/// `#![doc = " line"]` for each line: the docs of the module the attributes are in, set aside in the
/// file's table.
pub(crate) fn inner_doc_lines(cx: &mut FileCx<'_>, text: &str) -> TokenStream {
    doc_attributes(cx, text, true)
}

/// Starts a doc line that stands for the block of that number in the table of a [`FileCx`].
pub(crate) const PLACEHOLDER: char = '\u{1}';

/// The doc attributes of `text`. Each block of doc lines is set aside in the file's table (its lines
/// joined by `\n`, each with its leading space) and stands in the tokens as one `#[doc]` holding a
/// placeholder: its number in the table, after [`PLACEHOLDER`]. Formatting puts the lines back
/// ([`crate::format::rust_file_with_docs`]). Docs are about half of a generated file; this way their
/// text is never escaped into literals, parsed back by `syn` and copied through prettyplease, one
/// attribute per line, which made up a large part of formatting a large spec.
fn doc_attributes(cx: &mut FileCx<'_>, text: &str, inner: bool) -> TokenStream {
    let lines: Vec<String> = text
        .trim_end()
        .lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            }
        })
        .collect();
    let values: Vec<String> = if lines.is_empty() {
        lines
    } else {
        match cx.set_aside(lines.join("\n")) {
            Some(number) => vec![format!("{PLACEHOLDER}{number}")],
            None => lines,
        }
    };
    if inner {
        quote! { #(#![doc = #values])* }
    } else {
        quote! { #(#[doc = #values])* }
    }
}

/// Cleans a spec description into rustdoc:
/// - every code block becomes a `text` fence, whatever its language (`rust` included) and whether it
///   was fenced, indented or `<pre>`: text from a spec is never compiled or run as a doctest;
/// - HTML is reduced to Markdown, even where a tag or its element spans lines: line breaks, paragraphs
///   and other blocks, `<details>`, headings, emphasis, `<code>`, `<a href>` (a Markdown link),
///   `<pre>` (a `text` fence), lists and tables (a Markdown table); other known tags are dropped and
///   anything else that looks like a tag is escaped;
/// - MDX components (`<Accordion title="…">`, `<Note>`) go, their content and title stay;
/// - HTML entities are decoded;
/// - headings are demoted so that the highest is `##`: `#` is for the sections the generator writes
///   (`# Parameters`, `# Errors`);
/// - bare URLs are wrapped in `<…>` and brackets that are not links are escaped, so rustdoc finds no
///   broken intra-doc links; a link whose text spans lines stays a link;
/// - leading and trailing blank lines are removed.
pub(crate) fn clean(text: &str) -> String {
    // Tabs become spaces: rustdoc renders them unevenly (clippy::tabs_in_doc_comments). A lone
    // carriage return is a line break too: in a doc comment rustc refuses it.
    let text = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', "    ");
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
    let mut joined = demote_headings(&continue_explicitly(&out.join("\n")));
    collapse_blank_lines(&mut joined);
    code_blocks_as_text(joined.trim_matches('\n'))
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

/// A `text` fence, whatever language the spec gave it (rustdoc would compile and run `rust`, an
/// untagged fence, and `compile_fail` or `should_panic` alike), entities decoded (a code block shows
/// them literally) and a closing fence if it had none: an unclosed fence would swallow the rest of
/// the item's docs.
fn clean_fence(lines: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(lines.len() + 1);
    let Some((first, rest)) = lines.split_first() else {
        return out;
    };
    let trimmed = first.trim_start();
    let marker = fence_marker(trimmed).unwrap_or_default();
    let indent = &first[..first.len() - trimmed.len()];
    out.push(format!("{indent}{marker}text"));
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

/// Headings (ATX, outside code) shifted so that the highest is `##`, keeping their relative levels:
/// the spec's `# Overview` would otherwise stand beside the generator's `# Parameters` as a peer.
fn demote_headings(text: &str) -> String {
    let level = |line: &str| -> Option<usize> {
        let trimmed = line.trim_start_matches(' ');
        if line.len() - trimmed.len() > 3 {
            return None;
        }
        let hashes = trimmed.bytes().take_while(|b| *b == b'#').count();
        let rest = &trimmed[hashes..];
        ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' '))).then_some(hashes)
    };
    let mut in_fence = false;
    let mut headings: Vec<Option<usize>> = Vec::new();
    for line in text.split('\n') {
        if fence_marker(line.trim_start()).is_some() {
            in_fence = !in_fence;
            headings.push(None);
            continue;
        }
        headings.push(if in_fence { None } else { level(line) });
    }
    let Some(highest) = headings.iter().flatten().min().copied() else {
        return text.to_owned();
    };
    let shift = 2usize.saturating_sub(highest);
    if shift == 0 {
        return text.to_owned();
    }
    let lines: Vec<String> = text
        .split('\n')
        .zip(&headings)
        .map(|(line, heading)| match heading {
            Some(level) => {
                let trimmed = line.trim_start_matches(' ').trim_start_matches('#');
                format!("{}{trimmed}", "#".repeat((level + shift).min(6)))
            }
            None => line.to_owned(),
        })
        .collect();
    lines.join("\n")
}

/// Every code block of `text` as rustdoc will read it (rustdoc parses docs with pulldown-cmark) made a
/// `text` fence: the fences cleaning writes are already, but a fence in a quote (`> ```rust`) or an
/// indented code block (four spaces after a blank line) would still be a doctest. Should a block
/// resist a few rounds, the whole text becomes one `text` block: shown as written, never run.
fn code_blocks_as_text(text: &str) -> String {
    let mut text = text.to_owned();
    for _ in 0..4 {
        let blocks = runnable_code_blocks(&text);
        if blocks.is_empty() {
            return text;
        }
        // From the last, so that the offsets of the others stay valid.
        for block in blocks.into_iter().rev() {
            text = rewrite_block(&text, block);
        }
    }
    if runnable_code_blocks(&text).is_empty() {
        return text;
    }
    let fence = "`".repeat(longest_backtick_run(&text).max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

/// A code block rustdoc would see as anything but `text`: its byte range (whole lines) and whether
/// it is fenced.
type CodeBlock = (std::ops::Range<usize>, bool);

fn runnable_code_blocks(text: &str) -> Vec<CodeBlock> {
    use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(text, options)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                (info.trim() != "text").then_some((range, true))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => Some((range, false)),
            _ => None,
        })
        .map(|(range, fenced)| {
            let start = text[..range.start].rfind('\n').map_or(0, |at| at + 1);
            let end = text[range.end.max(range.start + 1) - 1..]
                .find('\n')
                .map_or(text.len(), |at| range.end.max(range.start + 1) - 1 + at);
            (start..end, fenced)
        })
        .collect()
}

/// The text with the block at `range` (whole lines) made a `text` fence.
fn rewrite_block(text: &str, (range, fenced): CodeBlock) -> String {
    let block = &text[range.clone()];
    let lines: Vec<&str> = block.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len() + 2);
    if fenced {
        // The opening line: what precedes its marker (indentation, `> `), the marker, then `text`.
        let first = lines[0];
        let at = first.find(['`', '~']).unwrap_or(0);
        let ch = first[at..].chars().next().unwrap_or('`');
        let run = first[at..].chars().take_while(|c| *c == ch).count();
        out.push(format!("{}{}text", &first[..at], &first[at..at + run]));
        out.extend(lines[1..].iter().map(|l| (*l).to_owned()));
    } else {
        // What precedes the code on its first line (a quote's `> `, a list item's indentation), less
        // the four spaces that made it code; every line loses those four spaces.
        let first = lines.iter().find(|l| !l.trim().is_empty()).copied().unwrap_or_default();
        let code_at = first.len() - first.trim_start_matches([' ', '>']).len();
        let prefix = &first[..code_at.saturating_sub(4)];
        let fence = "`".repeat(longest_backtick_run(block).max(2) + 1);
        out.push(format!("{prefix}{fence}text"));
        for line in &lines {
            out.push(match line.strip_prefix(prefix).and_then(|l| l.strip_prefix("    ")) {
                Some(code) => format!("{prefix}{code}"),
                None => (*line).to_owned(),
            });
        }
        out.push(format!("{prefix}{fence}"));
    }
    format!("{}{}{}", &text[..range.start], out.join("\n"), &text[range.end..])
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
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
    fn every_fence_becomes_text_whatever_its_language() {
        let text = "Example:\n```\nHTTP/1.1 200 OK\n&#123;responseContent&#125;\n```\n```json\n{}\n```\n\
                    ~~~rust,no_run\nfn main() {}\n~~~\n  ````compile_fail\n  x\n  ````";
        assert_eq!(
            clean(text),
            "Example:\n```text\nHTTP/1.1 200 OK\n{responseContent}\n```\n```text\n{}\n```\n\
             ~~~text\nfn main() {}\n~~~\n  ````text\n  x\n  ````"
        );
    }

    #[test]
    fn indented_code_and_fences_in_quotes_become_text_fences() {
        assert_eq!(
            clean("Run this:\n\n    fn main() {\n        std::process::exit(42);\n    }\n\nDone."),
            "Run this:\n\n```text\nfn main() {\n    std::process::exit(42);\n}\n```\n\nDone."
        );
        assert_eq!(
            clean("> quoted:\n> ```rust\n> fn main() {}\n> ```"),
            "> quoted:\n> ```text\n> fn main() {}\n> ```"
        );
        assert_eq!(
            clean("- item\n\n      std::process::exit(42);\n\n- next"),
            "- item\n\n  ```text\n  std::process::exit(42);\n  ```\n\n- next"
        );
        assert!(runnable_code_blocks(&clean("a\n\n    ```x\n\n        y")).is_empty());
    }

    #[test]
    fn no_code_block_of_cleaned_text_is_rust() {
        let hostile = [
            "```rust\nfn main() { std::process::exit(42) }\n```",
            "```\nstd::process::exit(42);",
            "````\n```rust\nx\n```\n````",
            "text\n\n\tstd::process::exit(42);",
            "<pre>fn main() {}</pre>\n\n    <pre>x</pre>",
            "1. a\n\n   ```rust\n   b\n   ```\n\n> > ```\n> > c",
            "```rust\nopen\n``\n```rust\n",
            "a\r    b\r\r    std::process::exit(42);",
        ];
        for text in hostile {
            let cleaned = clean(text);
            assert!(runnable_code_blocks(&cleaned).is_empty(), "{text:?} became {cleaned:?}");
            assert!(!cleaned.contains('\r'), "{cleaned:?}");
        }
    }

    #[test]
    fn headings_are_demoted_below_the_generated_sections() {
        assert_eq!(
            clean("# Top\n\n## Sub\n\n```\n# not a heading\n```"),
            "## Top\n\n### Sub\n\n```text\n# not a heading\n```"
        );
        assert_eq!(clean("## Already\n\n#### Deep"), "## Already\n\n#### Deep");
        assert_eq!(clean("#hashtag and # in text"), "#hashtag and # in text");
    }

    #[test]
    fn mdx_components_go_and_their_content_stays() {
        let text = "<Accordion title=\"Full description\" defaultOpen={false}>\nThe steps.\n\n## OK\n\nReturn &#123;x&#125;.\n</Accordion>\n<Note>A note.</Note> and <Token>";
        assert_eq!(
            clean(text),
            "**Full description**\n\nThe steps.\n\n## OK\n\nReturn {x}.\n\nA note.\n\nand &lt;Token&gt;"
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
