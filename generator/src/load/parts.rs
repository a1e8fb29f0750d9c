//! Parsing a large YAML file on all cores: the file is cut into parts at the starts of mapping
//! entries, the parts are parsed at once, and their trees are put back together.
//!
//! The entries cut apart are those of the mapping that holds most of the file: the top-level one, or
//! one found by going down into the largest entry while it is larger than a part should be (`paths`
//! of a spec whose schemas are all inline, say). The first part is the text before the first cut with
//! the text after the mapping; each other part is a run of the mapping's entries, a YAML document
//! of its own (indented). Their entries are added to the mapping in order, so the tree is the one the
//! whole text gives.
//!
//! Anything this cannot vouch for gives `None`, and the caller parses the whole text, which gives the
//! same tree or locates the error: a document marker or directive, a tab in an indentation, a part
//! that does not parse alone (an alias whose anchor is in another part, a quoted scalar that goes on
//! over a cut) or whose entries repeat another part's. A cut is never inside a block scalar: its lines
//! are more indented than the entry that holds it.

use serde_yaml::Value;

use super::repair::{LenientValue, key_as_string};

/// From this size on, a YAML file is parsed in parts.
pub(super) const PARALLEL_BYTES: usize = 256 * 1024;

/// A line with content (not blank, not only a comment).
struct Line<'a> {
    /// Where it starts in the text.
    start: usize,
    indent: usize,
    /// The key when the line starts a mapping entry with a plain key (`name:` or `name: value`).
    key: Option<&'a str>,
    /// Whether the entry's value is on the lines below (nothing after the colon).
    block: bool,
}

fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = start;
        start += raw.len();
        if raw.starts_with("---") || raw.starts_with("...") || raw.starts_with('%') {
            return None;
        }
        let content = raw.trim_end();
        let trimmed = content.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with('\t') {
            return None;
        }
        let entry = entry_key(trimmed);
        out.push(Line {
            start: line_start,
            indent: content.len() - trimmed.len(),
            key: entry.map(|(key, _)| key),
            block: entry.is_some_and(|(_, rest)| rest.trim_start().is_empty() || rest.trim_start().starts_with('#')),
        });
    }
    Some(out)
}

/// The key and the rest of a line that starts a mapping entry: a plain key without spaces, or a
/// quoted one without escapes (`"/api/{serviceId}/auth/token":`).
fn entry_key(line: &str) -> Option<(&str, &str)> {
    let key_len = match line.chars().next()? {
        quote @ ('"' | '\'') => line[1..].find(quote)? + 2,
        c if "-?:,[]{}#&*!|>%@`".contains(c) => return None,
        _ => line.find(':')?,
    };
    let (key, rest) = line.split_at(key_len);
    let rest = rest.strip_prefix(':')?;
    let plain_ok = !key.is_empty() && !key.contains(char::is_whitespace) && !key.contains(':');
    let quoted_ok = key.len() >= 2 && key.starts_with(['"', '\'']) && !key.contains('\\');
    ((plain_ok || quoted_ok) && (rest.is_empty() || rest.starts_with(' '))).then_some((key, rest))
}

/// The mapping whose entries are cut apart: the keys down to it, where its entries' text starts and
/// ends, and its entries (indexes of their first lines).
struct Target<'a> {
    path: Vec<&'a str>,
    body_start: usize,
    body_end: usize,
    entries: Vec<usize>,
}

fn target<'a>(text: &str, lines: &[Line<'a>], parts: usize) -> Option<Target<'a>> {
    let share = text.len() / parts;
    let mut path = Vec::new();
    let (mut first, mut last) = (0, lines.len());
    let (mut body_start, mut body_end) = (0, text.len());
    loop {
        let indent = lines.get(first)?.indent;
        lines[first].key?;
        if lines[first..last].iter().any(|l| l.indent < indent) {
            return None;
        }
        let entries: Vec<usize> = (first..last)
            .filter(|&i| lines[i].indent == indent && lines[i].key.is_some())
            .collect();
        let end_of = |n: usize| entries.get(n + 1).map_or(body_end, |&next| lines[next].start);
        let largest = (0..entries.len()).max_by_key(|&n| end_of(n) - lines[entries[n]].start)?;
        let header = entries[largest];
        let size = end_of(largest) - lines[header].start;
        let below = lines
            .get(header + 1)
            .filter(|l| l.indent > indent && l.start < end_of(largest));
        // Going down only pays when there are entries to cut apart there.
        let next_last = entries.get(largest + 1).copied().unwrap_or(last);
        let below = below.filter(|below| {
            lines[header + 1..next_last]
                .iter()
                .filter(|l| l.indent == below.indent && l.key.is_some())
                .nth(1)
                .is_some()
        });
        match (size > share && lines[header].block, below) {
            (true, Some(below)) => {
                path.push(lines[header].key?);
                body_start = below.start;
                body_end = end_of(largest);
                first = header + 1;
                last = next_last;
            }
            _ => {
                return Some(Target {
                    path,
                    body_start,
                    body_end,
                    entries,
                });
            }
        }
    }
}

/// Parses `text` in up to `parts` parts at once; `None` when it cannot vouch for the result (see the
/// module docs).
pub(super) fn parse(text: &str, parts: usize) -> Option<Value> {
    if parts < 2 {
        return None;
    }
    let lines = lines(text)?;
    let target = target(text, &lines, parts)?;
    // Cuts fall at the starts of entries after the first, so that the first part keeps one.
    let candidates: Vec<usize> = target.entries.iter().skip(1).map(|&i| lines[i].start).collect();
    let nearest = |goal: usize, after: usize| {
        candidates
            .iter()
            .copied()
            .filter(|&at| at > after)
            .min_by_key(|&at| at.abs_diff(goal))
    };
    let share = text.len() / parts;
    let suffix = text.len() - target.body_end;
    let first_cut = nearest(share.saturating_sub(suffix).max(target.body_start), target.body_start)?;
    let mut cuts = vec![first_cut];
    for n in 1..parts - 1 {
        let goal = first_cut + (target.body_end - first_cut) * n / (parts - 1);
        if let Some(cut) = nearest(goal, cuts.last().copied().unwrap_or(first_cut)) {
            cuts.push(cut);
        }
    }
    cuts.push(target.body_end);
    let head = format!("{}{}", &text[..first_cut], &text[target.body_end..]);
    let runs: Vec<&str> = cuts.windows(2).map(|w| &text[w[0]..w[1]]).collect();
    let parse = |part: &str| serde_yaml::from_str::<LenientValue>(part).ok().map(|v| v.0);
    let (head, runs): (Option<Value>, Vec<Option<Value>>) = std::thread::scope(|scope| {
        let handles: Vec<_> = runs.iter().map(|run| scope.spawn(move || parse(run))).collect();
        let head = parse(&head);
        let runs = handles.into_iter().map(|h| h.join().ok().flatten()).collect();
        (head, runs)
    });
    let mut root = head?;
    let mut node = &mut root;
    for key in &target.path {
        // The key as the whole parse gives it: `200` is read as a number, then made its text.
        let key = key_as_string(serde_yaml::from_str::<LenientValue>(key).ok()?.0);
        node = node.as_mapping_mut()?.get_mut(&key)?;
    }
    let node = node.as_mapping_mut()?;
    for run in runs {
        let Value::Mapping(entries) = run? else { return None };
        for (key, value) in entries {
            if node.contains_key(&key) {
                return None;
            }
            node.insert(key, value);
        }
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str) -> Value {
        serde_yaml::from_str::<LenientValue>(text).unwrap().0
    }

    #[test]
    fn a_spec_parsed_in_parts_is_the_same_tree_as_parsed_whole() {
        let text = include_str!("../../../openapi/tokens.yaml");
        let crlf = text.replace('\n', "\r\n");
        for text in [text, crlf.as_str()] {
            for parts in [2, 3, 8] {
                assert_eq!(parse(text, parts), Some(whole(text)), "{parts} parts");
            }
        }
    }

    /// The Authlete descriptions beside the project, when they are there: one has its schemas in
    /// `components`, the other all inline under `paths`.
    #[test]
    fn the_authlete_specs_parsed_in_parts_are_the_same_trees_as_parsed_whole() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/specs/");
        for file in ["authlete-3.0.16.openapi.yaml", "authlete-bundled.openapi.yaml"] {
            let Ok(text) = std::fs::read_to_string(format!("{dir}{file}")) else {
                continue;
            };
            let whole = whole(&text);
            for parts in [2, 4] {
                assert!(parse(&text, parts) == Some(whole.clone()), "{file} in {parts} parts");
            }
        }
    }

    #[test]
    fn the_mapping_that_holds_most_of_the_text_is_the_one_cut_apart() {
        let nested = "a: 1\npaths:\n  /x:\n    get: 1\n  /y:\n    get: 2\n  /z:\n    get: [3]\nz: 2\n";
        let found = target(nested, &lines(nested).unwrap(), 3).unwrap();
        assert_eq!(found.path, ["paths"]);
        // A number key, sequences at their key's indentation, a block scalar whose lines look like
        // entries, comments at the start of lines.
        let numbered =
            "a: 1\n# note\n200:\n  x: 1\n  list:\n  - y: 1\n  - z\n  b: |\n    k: v\n\n    more\n  c: 'q'\n  d: 4\n";
        let found = target(numbered, &lines(numbered).unwrap(), 4).unwrap();
        assert_eq!(found.path, ["200"]);
        for text in [nested, numbered] {
            for parts in 2..6 {
                assert_eq!(parse(text, parts), Some(whole(text)), "{parts} parts of {text}");
            }
        }
    }

    #[test]
    fn text_it_cannot_vouch_for_is_left_to_the_whole_parse() {
        for text in [
            // An alias to an anchor in another part.
            "a: &shared {x: 1}\nb: 2\nc: *shared\n",
            // Document markers, directives, a flow mapping, a key repeated in another part.
            "---\na: 1\nb: 2\n",
            "%YAML 1.2\n---\na: 1\nb: 2\n",
            "{a: 1,\nb: 2}\n",
            "a: 1\nb: 2\na: 3\n",
            // A quoted scalar that goes on over a cut, a tab in an indentation.
            "a: \"x\nb: y\"\nc: 1\n",
            "a:\n\tb: 1\nc: 2\n",
        ] {
            assert_eq!(parse(text, 3), None, "{text}");
        }
        assert_eq!(parse("a: 1\nb: 2\n", 1), None);
    }
}
