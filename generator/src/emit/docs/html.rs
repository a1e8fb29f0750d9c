//! HTML in spec descriptions reduced to Markdown that rustdoc renders without warnings: tags and
//! elements may span lines, so this works on the prose between code fences as a whole.

/// What becomes of an element, by tag name.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A line break.
    Break,
    /// A block (paragraph, section, quote, list): a blank line before and after.
    Block,
    /// A list item: `- ` on a line of its own.
    Item,
    /// Text set off by a Markdown marker: `**`, `*` or a backtick.
    Inline(&'static str),
    /// A heading or a `<summary>`: a bold paragraph.
    Heading,
    Link,
    Pre,
    Table,
    Row,
    Cell,
    /// Known, with no Markdown counterpart (`<span>`, `<u>`, `<tbody>`, …): the tag goes, its content stays.
    Drop,
    /// An MDX component of documentation sites (`<Accordion title="…">`, `<Note>`): a block whose tags
    /// go; a `title` becomes a bold paragraph, as a `<summary>` does.
    Component,
}

/// The MDX components documentation sites (Mintlify, Docusaurus) put in descriptions, by their exact
/// name: capitalised, so that they are told apart from HTML and from placeholders like `<Token>`.
const MDX_COMPONENTS: &[&str] = &[
    "Accordion",
    "AccordionGroup",
    "Callout",
    "Card",
    "CardGroup",
    "Check",
    "CodeGroup",
    "Danger",
    "Expandable",
    "Frame",
    "Info",
    "Note",
    "ParamField",
    "ResponseField",
    "Step",
    "Steps",
    "Tab",
    "TabItem",
    "Tabs",
    "Tip",
    "Tooltip",
    "Warning",
];

fn kind(name: &str) -> Option<Kind> {
    Some(match name {
        "br" => Kind::Break,
        "p" | "div" | "section" | "header" | "footer" | "main" | "article" | "aside" | "nav" | "blockquote" | "ul"
        | "ol" | "dl" | "details" | "hr" | "figure" | "center" => Kind::Block,
        "li" | "dt" | "dd" => Kind::Item,
        "b" | "strong" => Kind::Inline("**"),
        "i" | "em" | "cite" | "var" | "dfn" => Kind::Inline("*"),
        "code" | "tt" | "kbd" | "samp" => Kind::Inline("`"),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "summary" => Kind::Heading,
        "a" => Kind::Link,
        "pre" => Kind::Pre,
        "table" => Kind::Table,
        "tr" => Kind::Row,
        "td" | "th" => Kind::Cell,
        "span" | "u" | "s" | "small" | "big" | "font" | "sup" | "sub" | "img" | "label" | "input" | "abbr" | "mark"
        | "ins" | "del" | "strike" | "wbr" | "button" | "nobr" | "thead" | "tbody" | "tfoot" | "caption"
        | "colgroup" | "col" | "figcaption" => Kind::Drop,
        "mdx" => Kind::Component,
        _ => return None,
    })
}

/// What a `<` starts.
enum Angle<'a> {
    /// A tag of a known element; `len` covers it up to its `>`.
    Tag {
        name: String,
        closing: bool,
        attrs: &'a str,
        len: usize,
    },
    /// A Markdown autolink (`<https://…>`), kept as it is.
    Autolink { len: usize },
    /// Tag-shaped but not HTML we know, on one line (`<token>`): kept as text, escaped.
    Unknown { len: usize },
    /// Anything else (`a < b`).
    Text,
}

fn angle(text: &str) -> Angle<'_> {
    let body = &text[1..];
    let (closing, body) = match body.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    if !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Angle::Text;
    }
    let Some(end) = tag_end(text) else { return Angle::Text };
    let inner = &text[1..end];
    if !closing && (inner.starts_with("http://") || inner.starts_with("https://") || inner.starts_with("mailto:")) {
        return if inner.contains(char::is_whitespace) {
            Angle::Text
        } else {
            Angle::Autolink { len: end + 1 }
        };
    }
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    let raw_name = &body[..name_len];
    let name = if MDX_COMPONENTS.contains(&raw_name) {
        "mdx".to_owned()
    } else {
        raw_name.to_ascii_lowercase()
    };
    let after_name = &body[name_len..];
    let boundary = after_name.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>');
    if boundary && kind(&name).is_some() {
        let attrs_end = end - (text.len() - after_name.len());
        return Angle::Tag {
            name,
            closing,
            attrs: &after_name[..attrs_end],
            len: end + 1,
        };
    }
    if inner.contains('\n') {
        Angle::Text
    } else {
        Angle::Unknown { len: end + 1 }
    }
}

/// The index of the `>` that ends the tag `text` starts with: quoted attribute values may hold `>`,
/// and a tag spans lines but not a blank line or another `<`.
fn tag_end(text: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut newline = false;
    for (i, c) in text.char_indices().skip(1) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' => quote = Some(c),
                '>' => return Some(i),
                '<' => return None,
                _ => {}
            },
        }
        if c == '\n' {
            if newline {
                return None;
            }
            newline = true;
        } else if !c.is_whitespace() {
            newline = false;
        }
    }
    None
}

/// The value of the `href` attribute, if any.
fn href(attrs: &str) -> Option<String> {
    attribute(attrs, "href")
}

/// The value of the attribute `name` (lower case), if any.
fn attribute(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let at = lower.find(name)?;
    let rest = attrs[at + name.len()..].trim_start().strip_prefix('=')?.trim_start();
    let value = match rest.chars().next()? {
        q @ ('"' | '\'') => &rest[1..][..rest[1..].find(q)?],
        _ => &rest[..rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len())],
    };
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The byte length of the code span a backtick run at the start of `text` opens, if it is closed
/// (by a run of the same length, before a blank line).
pub(super) fn code_span_len(text: &str) -> Option<usize> {
    let run = text.bytes().take_while(|b| *b == b'`').count();
    let mut at = run;
    while let Some(found) = text[at..].find('`') {
        let start = at + found;
        let len = text[start..].bytes().take_while(|b| *b == b'`').count();
        if text[run..start].contains("\n\n") || text[run..start].lines().skip(1).any(|l| l.trim().is_empty()) {
            return None;
        }
        if len == run {
            return Some(start + len);
        }
        at = start + len;
    }
    None
}

struct Table {
    /// Where the table's Markdown starts in the output.
    start: usize,
    rows: Vec<Vec<String>>,
}

#[derive(Default)]
struct Converter {
    out: String,
    /// Whitespace that follows is dropped: after a block opens, its indentation is HTML layout
    /// and would otherwise start an indented (Rust) code block.
    skip_ws: bool,
    /// Open inline elements: tag name, marker, and where their content starts in `out`.
    open: Vec<(String, String, usize)>,
    table: Option<Table>,
    /// Where the open cell's content starts in `out`.
    cell: Option<usize>,
}

impl Converter {
    fn text(&mut self, text: &str) {
        let text = if self.skip_ws { text.trim_start() } else { text };
        if text.is_empty() {
            return;
        }
        self.skip_ws = false;
        self.out.push_str(text);
    }

    /// Inside a table cell, in HTML or in a Markdown table row, a new line would end the row.
    fn in_row(&self) -> bool {
        self.cell.is_some()
            || self
                .out
                .rsplit('\n')
                .next()
                .is_some_and(|line| line.trim_start().starts_with('|'))
    }

    fn block_break(&mut self) {
        if self.in_row() {
            self.out.push(' ');
            return;
        }
        let kept = self.out.trim_end().len();
        self.out.truncate(kept);
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.skip_ws = true;
    }

    fn open_inline(&mut self, name: &str, marker: &str) {
        self.out.push_str(marker);
        self.open.push((name.to_owned(), marker.to_owned(), self.out.len()));
        // `** x**` is not bold: the content's leading space goes.
        self.skip_ws = marker != "`";
    }

    /// Closes the innermost open element called `name` with `close` (given its start marker and
    /// content); an element with no content leaves nothing, not a bare `****`.
    fn close_inline(&mut self, name: &str, close: &str, empty: &str) {
        let Some(index) = self.open.iter().rposition(|(open, _, _)| open == name) else {
            return;
        };
        let (_, marker, start) = self.open.remove(index);
        if start > self.out.len() || !self.out.is_char_boundary(start) {
            return;
        }
        if self.out[start..].trim().is_empty() {
            self.out.truncate(start - marker.len());
            self.out.push_str(empty);
            return;
        }
        let content_end = self.out.trim_end().len();
        let trailing = self.out.split_off(content_end);
        self.out.push_str(close);
        self.out.push_str(&trailing);
        self.skip_ws = false;
    }

    fn tag(&mut self, name: &str, closing: bool, attrs: &str, rest: &str) -> usize {
        let Some(kind) = kind(name) else { return 0 };
        match (kind, closing) {
            (Kind::Break, _) => {
                if self.in_row() {
                    self.out.push(' ');
                } else if !rest.trim_start_matches([' ', '\t']).starts_with('\n') {
                    // A `<br>` at the end of a line adds nothing: the line ends anyway.
                    self.out.push('\n');
                }
            }
            (Kind::Block, _) => self.block_break(),
            (Kind::Item, false) => {
                if self.in_row() {
                    self.out.push(' ');
                } else {
                    let kept = self.out.trim_end().len();
                    self.out.truncate(kept);
                    if !self.out.is_empty() {
                        self.out.push('\n');
                    }
                    self.out.push_str("- ");
                    self.skip_ws = true;
                }
            }
            (Kind::Item, true) | (Kind::Drop, _) | (Kind::Row, true) => {}
            (Kind::Inline(marker), false) => self.open_inline(name, marker),
            (Kind::Inline(marker), true) => self.close_inline(name, marker, ""),
            (Kind::Heading, false) => {
                self.block_break();
                self.open_inline(name, "**");
            }
            (Kind::Heading, true) => {
                self.close_inline(name, "**", "");
                self.block_break();
            }
            (Kind::Link, false) => {
                // An anchor without `href` is a target, not a link: only its text stays.
                if let Some(href) = href(attrs) {
                    self.open_inline(&format!("a {href}"), "[");
                }
            }
            (Kind::Link, true) => {
                if let Some(name) = self
                    .open
                    .iter()
                    .rev()
                    .find(|(n, _, _)| n.starts_with("a "))
                    .map(|o| o.0.clone())
                {
                    let href = name["a ".len()..].to_owned();
                    let destination = if href.contains(|c: char| c.is_whitespace() || c == '(' || c == ')') {
                        format!("<{href}>")
                    } else {
                        href.clone()
                    };
                    self.close_inline(&name, &format!("]({destination})"), &format!("<{href}>"));
                }
            }
            (Kind::Component, false) => {
                self.block_break();
                if let Some(title) = attribute(attrs, "title").filter(|t| !t.trim().is_empty()) {
                    self.out.push_str(&format!("**{}**", title.trim()));
                    self.block_break();
                }
            }
            (Kind::Component, true) => self.block_break(),
            (Kind::Pre, false) => return self.pre(rest),
            (Kind::Pre, true) => {}
            (Kind::Table, false) => {
                self.block_break();
                self.table = Some(Table {
                    start: self.out.len(),
                    rows: Vec::new(),
                });
            }
            (Kind::Table, true) => self.end_table(),
            (Kind::Row, false) => {
                self.end_cell();
                if let Some(table) = &mut self.table {
                    table.rows.push(Vec::new());
                }
            }
            (Kind::Cell, false) => {
                self.end_cell();
                if self.table.is_some() {
                    self.cell = Some(self.out.len());
                    self.skip_ws = true;
                } else {
                    self.out.push(' ');
                }
            }
            (Kind::Cell, true) => self.end_cell(),
        }
        0
    }

    /// `<pre>` up to `</pre>` becomes a `text` fence; tags inside it go. Returns how much of `rest`
    /// (what follows the opening tag) it took.
    fn pre(&mut self, rest: &str) -> usize {
        let lower = rest.to_ascii_lowercase();
        let (content, taken) = match lower.find("</pre") {
            Some(at) => (&rest[..at], rest[at..].find('>').map_or(rest.len(), |end| at + end + 1)),
            None => (rest, rest.len()),
        };
        let mut code = String::new();
        let mut left = content;
        while let Some(start) = left.find('<') {
            code.push_str(&left[..start]);
            match angle(&left[start..]) {
                Angle::Tag { len, .. } => left = &left[start + len..],
                _ => {
                    code.push('<');
                    left = &left[start + 1..];
                }
            }
        }
        code.push_str(left);
        let code = code.trim_start_matches([' ', '\t']).trim_start_matches('\n').trim_end();
        self.block_break();
        // Lines that would close the fence early are indented: in a code block that shows nothing.
        let code: Vec<String> = code
            .split('\n')
            .map(|line| {
                if line.trim_start().starts_with("```") {
                    format!(" {line}")
                } else {
                    line.to_owned()
                }
            })
            .collect();
        self.out.push_str("```text\n");
        self.out.push_str(&code.join("\n"));
        self.out.push_str("\n```");
        self.block_break();
        taken
    }

    fn end_cell(&mut self) {
        let Some(start) = self.cell.take() else { return };
        let content: Vec<&str> = self.out[start..].split_whitespace().collect();
        let content = content.join(" ").replace('|', "\\|");
        self.out.truncate(start);
        if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
            row.push(content);
        }
    }

    /// The collected rows as a Markdown table, the first one its header.
    fn end_table(&mut self) {
        self.end_cell();
        let Some(table) = self.table.take() else { return };
        self.out.truncate(table.start);
        let rows: Vec<&Vec<String>> = table.rows.iter().filter(|r| !r.is_empty()).collect();
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        for (i, row) in rows.iter().enumerate() {
            let mut cells: Vec<&str> = row.iter().map(String::as_str).collect();
            cells.resize(width, "");
            self.out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if i == 0 {
                self.out.push_str(&format!("|{}\n", " --- |".repeat(width)));
            }
        }
        self.block_break();
    }
}

/// Markdown for `text` (prose, no code fences) with HTML in it. Markdown code spans are left as
/// they are: `<` in them is code, not a tag.
pub(super) fn html_to_markdown(text: &str) -> String {
    let mut c = Converter::default();
    let mut rest = text;
    while let Some(at) = rest.find(['<', '`']) {
        c.text(&rest[..at]);
        let after = &rest[at..];
        if after.starts_with('`') {
            let run = after.bytes().take_while(|b| *b == b'`').count();
            let len = code_span_len(after).unwrap_or(run);
            c.text(&after[..len]);
            rest = &after[len..];
            continue;
        }
        match angle(after) {
            Angle::Tag {
                name,
                closing,
                attrs,
                len,
            } => {
                let taken = c.tag(&name, closing, attrs, &after[len..]);
                rest = &after[len + taken..];
            }
            Angle::Autolink { len } => {
                c.text(&after[..len]);
                rest = &after[len..];
            }
            Angle::Unknown { len } => {
                c.text(&format!("&lt;{}&gt;", &after[1..len - 1]));
                rest = &after[len..];
            }
            Angle::Text => {
                // `<` before a letter would read as the start of a tag.
                let next = after[1..].chars().next();
                c.text(if next.is_some_and(|ch| ch.is_ascii_alphabetic() || ch == '/') {
                    "&lt;"
                } else {
                    "<"
                });
                rest = &after[1..];
            }
        }
    }
    c.text(rest);
    c.end_table();
    c.out
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn anchors_become_links_even_across_lines() {
        assert_eq!(
            md(
                "support <a href=\n\"https://openid.net/specs/fapi-grant-management.html\">Grant Management\nfor OAuth 2.0</a>."
            ),
            "support [Grant Management\nfor OAuth 2.0](https://openid.net/specs/fapi-grant-management.html)."
        );
        assert_eq!(md("<a href=\"https://a.b/\"></a>"), "<https://a.b/>");
        assert_eq!(md("<a name=\"x\">target</a>"), "target");
    }

    #[test]
    fn pre_becomes_a_text_fence_without_tags() {
        assert_eq!(
            md(
                "like below.\n\n<pre style=\"border: solid 1px black;\">\n200 OK\n\n<i>(the value)</i></pre>\n\n<h3><code>NOT_FOUND</code></h3>"
            ),
            "like below.\n\n```text\n200 OK\n\n(the value)\n```\n\n**`NOT_FOUND`**\n\n"
        );
    }

    #[test]
    fn tables_become_markdown_tables() {
        let html = "<blockquote>\n<table border=\"1\">\n  <tr bgcolor=\"orange\">\n    <th>Value</th>\n    <th>Description</th>\n  </tr>\n  <tr>\n    <td>\"`array`\"</td>\n    <td>An array\n    of strings.</td>\n  </tr>\n</table>\n</blockquote>";
        assert_eq!(
            md(html),
            "| Value | Description |\n| --- | --- |\n| \"`array`\" | An array of strings. |\n\n"
        );
    }

    #[test]
    fn indented_html_layout_does_not_become_a_code_block() {
        assert_eq!(
            md("<div>\n        <p class=\"x\">🇺🇸 US</p>\n        <p>JP</p>\n</div>"),
            "🇺🇸 US\n\nJP\n\n"
        );
    }

    #[test]
    fn blocks_inside_a_markdown_table_row_stay_on_the_row() {
        assert_eq!(
            md("| `offline_access` | An excerpt. <blockquote>This scope value.</blockquote>  |"),
            "| `offline_access` | An excerpt.  This scope value.   |"
        );
    }

    #[test]
    fn code_spans_and_unknown_tags_are_not_html() {
        assert_eq!(
            md("`<br>` and <token> and a <b"),
            "`<br>` and &lt;token&gt; and a &lt;b"
        );
        assert_eq!(
            md("<u>`ticket` (required)</u><br>\n  text"),
            "`ticket` (required)\n  text"
        );
        assert_eq!(md("<b> bold </b>next"), "**bold** next");
        assert_eq!(md("<b></b>x"), "x");
    }
}
