//! Where a JSON pointer's node is in the YAML or JSON text of a spec or a configuration file: the line,
//! the column and the span to mark, for rendering a diagnostic beside its source.
//!
//! Diagnostics point into the document as written (loading repairs and converts a copy), so the
//! original text is what is searched. One pass of a YAML 1.2 event parser (JSON is YAML 1.2) visits
//! the nodes; only the places on the way to an asked pointer are remembered, so locating a thousand
//! pointers in a large spec costs about one parse.
//!
//! A pointer that goes deeper than the text (into a node that loading synthesised or rewrote) is
//! located at its nearest ancestor that the text has. An alias (`*name`) is a node of its own: a
//! pointer through it is located at the alias.

use saphyr_parser::{Event, Parser, Span};
use std::collections::HashMap;
use std::ops::Range;

/// Where a node is in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, in characters.
    pub column: usize,
    /// The bytes to mark: the key of a mapping entry, else the first token of the node.
    pub span: Range<usize>,
    /// How many tokens of the pointer the location is of: all of them when the text has the node,
    /// fewer when the location is of its nearest ancestor.
    pub depth: usize,
    /// Whether the text has the node itself, not only an ancestor.
    pub exact: bool,
}

/// Locates one pointer (`#/paths/~1pets/get`) in `text`. `None` when the text has no node at all (it
/// is empty, or not YAML from its first character).
pub fn locate(text: &str, pointer: &str) -> Option<Location> {
    locate_all(text, [pointer]).pop().flatten()
}

/// Locates each pointer in `text` in one pass, in the order given (see [`locate`]).
pub fn locate_all<'p>(text: &str, pointers: impl IntoIterator<Item = &'p str>) -> Vec<Option<Location>> {
    let paths: Vec<Vec<String>> = pointers.into_iter().map(tokens).collect();
    let mut trie = Trie::default();
    for path in &paths {
        trie.insert(path);
    }
    let found = walk(text, &trie);
    let offsets = Offsets::new(text);
    paths
        .iter()
        .map(|path| {
            let mut node = 0;
            let mut best = found.get(&0).map(|span| (0, *span));
            for (depth, token) in path.iter().enumerate() {
                let Some(&child) = trie.nodes[node].children.get(token) else {
                    break;
                };
                let Some(span) = found.get(&child) else { break };
                node = child;
                best = Some((depth + 1, *span));
            }
            best.map(|(depth, span)| {
                let start = offsets.byte(span.start.index());
                let mut end = offsets.byte(span.end.index()).max(start);
                if end == start {
                    // A block collection starts with no token of its own: its first line is marked.
                    let line = &text[start..];
                    end = start
                        + line
                            .find(['\r', '\n'])
                            .map_or(line.len(), |e| line[..e].trim_end().len());
                }
                Location {
                    line: span.start.line(),
                    column: span.start.col() + 1,
                    span: start..end,
                    depth,
                    exact: depth == path.len(),
                }
            })
        })
        .collect()
}

/// The location of `line` and `column` (both from 1, the column in characters) in `text`, as a
/// parser's error reports it: one character is marked. `None` when the text has no such line.
pub fn at_line_column(text: &str, line: usize, column: usize) -> Option<Location> {
    let start_of_line = match line {
        0 => return None,
        1 => 0,
        _ => text.match_indices('\n').nth(line - 2)?.0 + 1,
    };
    let rest = &text[start_of_line..];
    let rest = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let (offset, width) = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or((rest.len(), 0), |(at, c)| (at, c.len_utf8()));
    let start = start_of_line + offset;
    Some(Location {
        line,
        column: column.max(1),
        span: start..start + width,
        depth: 0,
        exact: true,
    })
}

/// The unescaped tokens of a pointer: `#/a~1b/0` → `["a/b", "0"]`. A file name in front
/// (`sdkgen.yaml: #/spec`) is not part of it.
fn tokens(pointer: &str) -> Vec<String> {
    let pointer = pointer.split_once(": #").map_or(pointer, |(_, rest)| rest);
    let pointer = pointer.trim_start_matches('#');
    pointer.split('/').skip(1).map(super::Pointer::unescape_token).collect()
}

/// The asked pointers as a tree of tokens; node 0 is the document.
#[derive(Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Default)]
struct TrieNode {
    children: HashMap<String, usize>,
}

impl Trie {
    fn insert(&mut self, path: &[String]) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0;
        for token in path {
            node = match self.nodes[node].children.get(token) {
                Some(&child) => child,
                None => {
                    let child = self.nodes.len();
                    self.nodes.push(TrieNode::default());
                    self.nodes[node].children.insert(token.clone(), child);
                    child
                }
            };
        }
    }

    fn child(&self, node: usize, token: &str) -> Option<usize> {
        self.nodes.get(node)?.children.get(token).copied()
    }
}

/// A collection being read whose node is on the way to an asked pointer.
enum Frame {
    /// A mapping: `value` is where its next node goes (`None`: the next node is a key; `Some(None)`: a
    /// value nobody asked for).
    Mapping {
        node: usize,
        value: Option<Option<usize>>,
    },
    Sequence {
        node: usize,
        next: usize,
    },
}

/// Reads the first document of `text` and returns the span of each trie node it has. A syntax error
/// ends the walk: what was found before it is kept.
fn walk(text: &str, trie: &Trie) -> HashMap<usize, Span> {
    let mut found: HashMap<usize, Span> = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    // Collections inside a node nobody asked about, entered and not yet left.
    let mut skipping = 0usize;
    let mut started = false;
    for item in Parser::new_from_str(text) {
        let Ok((event, span)) = item else { break };
        let opens = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentStart(_) => continue,
            Event::StreamEnd | Event::DocumentEnd => break,
            Event::MappingEnd | Event::SequenceEnd => {
                if skipping > 0 {
                    skipping -= 1;
                } else {
                    stack.pop();
                }
                if stack.is_empty() && skipping == 0 && started {
                    break;
                }
                continue;
            }
            _ if skipping > 0 => {
                skipping += usize::from(opens);
                continue;
            }
            _ => {}
        }
        // A node starts here: which trie node it is, if any.
        let node = match stack.last_mut() {
            None if started => break,
            None => {
                started = true;
                found.entry(0).or_insert(span);
                Some(0)
            }
            Some(Frame::Sequence { node, next }) => {
                let child = trie.child(*node, &next.to_string());
                *next += 1;
                if let Some(child) = child {
                    found.entry(child).or_insert(span);
                }
                child
            }
            Some(Frame::Mapping { node, value }) => match value.take() {
                Some(child) => child,
                None => {
                    // A key: its entry is located at it.
                    let child = match &event {
                        Event::Scalar(key, ..) => trie.child(*node, key),
                        _ => None,
                    };
                    if let Some(child) = child {
                        found.entry(child).or_insert(span);
                    }
                    *value = Some(child);
                    if opens {
                        skipping += 1;
                    }
                    continue;
                }
            },
        };
        match (event, node) {
            (Event::MappingStart(..), Some(node)) => stack.push(Frame::Mapping { node, value: None }),
            (Event::SequenceStart(..), Some(node)) => stack.push(Frame::Sequence { node, next: 0 }),
            (Event::MappingStart(..) | Event::SequenceStart(..), None) => skipping += 1,
            _ => {}
        }
    }
    found
}

/// Byte offsets of character indexes (the parser counts characters).
struct Offsets<'a> {
    text: &'a str,
    ascii: bool,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str) -> Self {
        Offsets {
            text,
            ascii: text.is_ascii(),
        }
    }

    fn byte(&self, chars: usize) -> usize {
        if self.ascii {
            return chars.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(byte, _)| byte)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The marked text, its line and column, and whether the node itself was found.
    fn at(text: &str, pointer: &str) -> (String, usize, usize, bool) {
        let l = locate(text, pointer).expect("located");
        (text[l.span.clone()].to_owned(), l.line, l.column, l.exact)
    }

    const YAML: &str = "\
openapi: 3.0.3
paths:
  /pets/{id}:
    get:
      parameters:
        - name: id
          in: path
        - name: filter
          in: query
      responses:
        404:
          description: gone
        '200':
          description: ok
components:
  schemas:
    a~b: {type: object, properties: {x: {type: string}}}
    \"quoted key\":
      type: string
";

    #[test]
    fn block_yaml_entries_are_located_at_their_keys() {
        assert_eq!(at(YAML, "#/paths/~1pets~1{id}/get"), ("get".into(), 4, 5, true));
        assert_eq!(
            at(YAML, "#/paths/~1pets~1{id}/get/parameters/1/in"),
            ("in".into(), 9, 11, true)
        );
        assert_eq!(
            at(YAML, "#/components/schemas/quoted key/type"),
            ("type".into(), 19, 7, true)
        );
    }

    #[test]
    fn sequence_items_are_located_at_their_first_token() {
        assert_eq!(
            at(YAML, "#/paths/~1pets~1{id}/get/parameters/1"),
            ("name: filter".into(), 8, 11, true)
        );
    }

    #[test]
    fn integer_and_quoted_status_keys_match_their_text() {
        assert_eq!(
            at(YAML, "#/paths/~1pets~1{id}/get/responses/404"),
            ("404".into(), 11, 9, true)
        );
        let (_, line, _, exact) = at(YAML, "#/paths/~1pets~1{id}/get/responses/200/description");
        assert_eq!((line, exact), (14, true));
    }

    #[test]
    fn escaped_tokens_and_flow_mappings_are_followed() {
        assert_eq!(
            at(YAML, "#/components/schemas/a~0b/properties/x/type"),
            ("type".into(), 17, 42, true)
        );
    }

    #[test]
    fn a_pointer_deeper_than_the_text_falls_back_to_the_nearest_ancestor() {
        let l = locate(YAML, "#/paths/~1pets~1{id}/get/responses/404/content/application~1json").unwrap();
        assert_eq!((l.line, l.depth, l.exact), (11, 5, false));
        let l = locate(YAML, "#/nothing/here").unwrap();
        assert_eq!((l.line, l.column, l.depth, l.exact), (1, 1, 0, false));
    }

    #[test]
    fn the_root_and_file_prefixed_pointers_are_located() {
        assert_eq!(locate(YAML, "#").map(|l| (l.line, l.exact)), Some((1, true)));
        assert_eq!(
            locate(YAML, "spec.yaml: #/components/schemas").map(|l| (l.line, l.column, l.exact)),
            Some((16, 3, true))
        );
    }

    #[test]
    fn json_is_located_like_yaml() {
        let json = "{\n  \"paths\": {\n    \"/a\": {\"get\": {\"parameters\": [{\"name\": \"x\"}, {\"name\":\"y\"}]}}\n  }\n}\n";
        assert_eq!(at(json, "#/paths/~1a/get"), ("\"get\"".into(), 3, 12, true));
        let (marked, line, _, exact) = at(json, "#/paths/~1a/get/parameters/1/name");
        assert_eq!((marked.as_str(), line, exact), ("\"name\"", 3, true));
    }

    #[test]
    fn many_pointers_are_located_in_one_pass_in_the_order_given() {
        let all = locate_all(YAML, ["#/components", "#/openapi", "#/paths/x"]);
        let lines: Vec<_> = all.iter().map(|l| l.as_ref().map(|l| (l.line, l.exact))).collect();
        assert_eq!(lines, [Some((15, true)), Some((1, true)), Some((2, false))]);
    }

    #[test]
    fn an_alias_stands_for_its_anchor_and_locates_pointers_through_it() {
        let yaml = "a: &x\n  b: 1\nc: *x\n";
        assert_eq!(at(yaml, "#/a/b"), ("b".into(), 2, 3, true));
        let l = locate(yaml, "#/c/b").unwrap();
        assert_eq!((l.line, l.depth, l.exact), (3, 1, false));
    }

    #[test]
    fn columns_count_characters_and_spans_count_bytes() {
        let yaml = "é: {ü: 1}\n";
        let l = locate(yaml, "#/é/ü").unwrap();
        assert_eq!((l.line, l.column), (1, 5));
        assert_eq!(&yaml[l.span], "ü");
    }

    #[test]
    fn a_line_and_column_mark_one_character() {
        let l = at_line_column("a: 1\nbé: [\n", 2, 3).unwrap();
        assert_eq!((l.line, l.column, l.span), (2, 3, 8..9));
        assert_eq!(at_line_column("a: 1\n", 3, 1), None);
    }

    #[test]
    fn text_without_a_node_locates_nothing() {
        assert_eq!(locate("", "#/a"), None);
        assert_eq!(locate("# only a comment\n", "#"), None);
    }

    /// Run by hand: `cargo test -p sdkgen --features render --release -- --ignored netbox --nocapture`.
    #[test]
    #[ignore = "reads a large spec from outside the repository"]
    fn netbox_thousand_pointers_timing() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/netbox-api.yaml");
        let text = std::fs::read_to_string(path).expect("netbox spec");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let paths = doc["paths"].as_mapping().unwrap();
        let pointers: Vec<String> = paths
            .keys()
            .filter_map(|k| k.as_str())
            .flat_map(|p| {
                let base = crate::diag::Pointer::root().join("paths").join(p);
                ["get", "post", "put", "patch", "delete"]
                    .map(|m| base.join(m).join("responses").join("200").to_string())
            })
            .take(1000)
            .collect();
        let start = std::time::Instant::now();
        let found = locate_all(&text, pointers.iter().map(String::as_str));
        let took = start.elapsed();
        let exact = found.iter().flatten().filter(|l| l.exact).count();
        println!("{} pointers located in {took:?} ({exact} exact)", pointers.len());
        assert_eq!(found.len(), pointers.len());
        assert!(exact > 0);
    }
}
