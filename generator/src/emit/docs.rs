//! Doc comments: spec descriptions (CommonMark with HTML) cleaned into rustdoc that builds without
//! warnings, emitted as one `#[doc]` attribute per line.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` for each line of `text`, cleaned. Nothing for `None` or blank text.
pub(crate) fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else { return TokenStream::new() };
    doc_lines(&clean(text))
}

/// `#[doc]` attributes for text that is already rustdoc (written by the generator).
pub(crate) fn doc_lines(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #line] }
    });
    quote! { #(#lines)* }
}

/// `#![doc = " line"]` for each line: the docs of the module the attributes are in.
pub(crate) fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}

/// Cleans a spec description into rustdoc:
/// - untagged code fences become `text` fences, so rustdoc does not compile HTTP examples as Rust;
/// - HTML line breaks, paragraphs and `<details>` blocks become Markdown; other tags are dropped;
/// - HTML entities are decoded;
/// - bare URLs are wrapped in `<…>` and brackets that are not links are escaped, so rustdoc finds no
///   broken intra-doc links;
/// - leading and trailing blank lines are removed.
pub(crate) fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    for raw in text.lines() {
        let trimmed = raw.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str())
                && trimmed
                    .trim_start_matches(open.chars().next().unwrap_or('`'))
                    .trim()
                    .is_empty()
            {
                fence = None;
            }
            out.push(decode_entities(raw));
            continue;
        }
        if let Some(marker) = fence_marker(trimmed) {
            let info = trimmed[marker.len()..].trim();
            let indent = &raw[..raw.len() - trimmed.len()];
            out.push(if info.is_empty() {
                format!("{indent}{marker}text")
            } else {
                raw.to_owned()
            });
            fence = Some(marker);
            continue;
        }
        for line in html_to_markdown(raw).split('\n') {
            out.push(escape_prose(&decode_entities(line)));
        }
    }
    if let Some(open) = fence {
        // An unclosed fence would swallow the rest of the item's docs.
        out.push(open);
    }
    let mut joined = continue_explicitly(&out.join("\n"));
    collapse_blank_lines(&mut joined);
    joined.trim_matches('\n').to_owned()
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

fn html_to_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let body = after[1..].strip_prefix('/').unwrap_or(&after[1..]);
        let looks_like_tag = body.starts_with(|c: char| c.is_ascii_alphabetic());
        let end = after
            .find('>')
            .filter(|end| looks_like_tag && !after[1..*end].contains('<'));
        let Some(end) = end else {
            out.push('<');
            rest = &after[1..];
            continue;
        };
        let tag = &after[1..end];
        if tag.contains("://") || tag.starts_with("mailto:") {
            // A Markdown autolink (`<https://…>`), not a tag.
            out.push_str(&after[..=end]);
            rest = &after[end + 1..];
            continue;
        }
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match name.as_str() {
            "br" => out.push('\n'),
            "p" | "details" => out.push_str("\n\n"),
            "summary" if !closing => out.push_str("**"),
            "summary" => out.push_str("**\n\n"),
            "code" => out.push('`'),
            "b" | "strong" => out.push_str("**"),
            "i" | "em" => out.push('_'),
            "li" if !closing => out.push_str("\n- "),
            "ul" | "ol" | "li" | "div" | "span" | "sup" | "sub" | "table" | "tr" | "td" | "th" | "a" | "img" => {}
            // Not a tag (`a < b`, `<token>`): keep it, escaped so rustdoc does not read it as HTML.
            _ => out.push_str(&format!("&lt;{tag}&gt;")),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
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
            "lt" | "gt" => None,
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

/// Outside code spans: wraps bare URLs in `<…>` and escapes `[`/`]` that do not form a Markdown link.
fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    for (index, segment) in line.split('`').enumerate() {
        if index > 0 {
            out.push('`');
        }
        if index % 2 == 1 {
            out.push_str(segment);
        } else {
            out.push_str(&escape_segment(segment));
        }
    }
    out
}

fn escape_segment(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(8).collect();
        if (rest.starts_with("https://") || rest.starts_with("http://")) && !preceded_by_link_syntax(&chars, i) {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || chars[j] == '>')
                .unwrap_or(chars.len());
            let mut url: String = chars[i..end].iter().collect();
            let mut trailing = String::new();
            while url.ends_with(['.', ',', ')', ';', ':', '"', '\'']) {
                trailing.insert(0, url.pop().unwrap_or_default());
            }
            out.push('<');
            out.push_str(&url);
            out.push('>');
            out.push_str(&trailing);
            i = end;
            continue;
        }
        if c == '[' {
            let close = chars[i..].iter().position(|&ch| ch == ']').map(|p| p + i);
            let is_link = close.is_some_and(|close| chars.get(close + 1) == Some(&'('));
            if is_link {
                out.push('[');
            } else {
                out.push_str("\\[");
            }
        } else if c == ']' && chars.get(i + 1) != Some(&'(') {
            out.push_str("\\]");
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

fn preceded_by_link_syntax(chars: &[char], i: usize) -> bool {
    i > 0 && matches!(chars[i - 1], '(' | '<')
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
        assert_eq!(clean("See https://example.com/x."), "See <https://example.com/x>.");
        assert_eq!(
            clean("[RFC 6749](https://x.org/a) and [A001201]"),
            "[RFC 6749](https://x.org/a) and \\[A001201\\]"
        );
        assert_eq!(clean("`[x]` and <https://a.b>"), "`[x]` and <https://a.b>");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(clean("```\ncode"), "```text\ncode\n```");
    }
}
