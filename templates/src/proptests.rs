//! Property tests of the encoders: whatever the value, the request says what was meant. Each encoding
//! is read back by a decoder that is not the SDK's (`url`'s parser through reqwest, `form_urlencoded`).

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::Serialize;

use crate::runtime::form::{self, FieldEncoding, FieldStyle};
use crate::runtime::path::PathBuilder;

/// Any text, with the characters that are syntax somewhere in a URL or a form body made likely.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[/?#%&=+;,. a-z\\[\\]~'\"\\\\\u{e9}\u{1F600}]{0,12}",]
}

fn decoded_segments(path_and_query: &str) -> Vec<String> {
    let url = reqwest::Url::parse(&format!("http://h{path_and_query}")).expect("a valid URL");
    url.path_segments()
        .expect("a base URL")
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .expect("UTF-8")
                .into_owned()
        })
        .collect()
}

fn query_pairs(path_and_query: &str) -> Vec<(String, String)> {
    let query = path_and_query.split_once('?').map_or("", |(_, q)| q);
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

proptest! {
    #[test]
    fn any_path_parameter_is_one_segment_that_decodes_back(value in text()) {
        let mut path = PathBuilder::new();
        path.literal("/api/");
        let refused = matches!(value.as_str(), "" | "." | "..");
        match path.param("id", &value) {
            Err(_) => prop_assert!(refused, "{value:?} was refused"),
            Ok(path) => {
                prop_assert!(!refused);
                path.literal("/end");
                let built = std::mem::take(path).finish();
                prop_assert_eq!(decoded_segments(&built), vec!["api".to_owned(), value, "end".to_owned()]);
            }
        }
    }

    #[test]
    fn query_values_and_arrays_decode_back(
        name in "[a-zA-Z_][a-zA-Z0-9_.-]{0,8}",
        value in text(),
        items in proptest::collection::vec(text(), 0..4),
    ) {
        let mut path = PathBuilder::new();
        path.literal("/q")
            .query(&name, &value)
            .query_array("exploded", &items, true)
            .query_array("joined", &items, false)
            .query_delimited("piped", &items, "|", false)
            .query_delimited("spaced", &items, " ", false);
        let built = path.finish();
        let mut expected = vec![(name, value)];
        expected.extend(items.iter().map(|i| ("exploded".to_owned(), i.clone())));
        if !items.is_empty() {
            expected.push(("joined".to_owned(), items.join(",")));
            expected.push(("piped".to_owned(), items.join("|")));
            expected.push(("spaced".to_owned(), items.join(" ")));
        }
        prop_assert_eq!(query_pairs(&built), expected);
    }

    #[test]
    fn form_bodies_decode_back(
        ticket in text(),
        scopes in proptest::collection::vec(text(), 0..4),
        extra in proptest::collection::btree_map("[a-z]{1,6}", text(), 0..4),
    ) {
        #[derive(Serialize)]
        struct Body<'a> {
            ticket: &'a str,
            scopes: &'a [String],
            #[serde(rename = "pipeJoined")]
            pipe_joined: &'a [String],
            #[serde(flatten)]
            extra: &'a BTreeMap<String, String>,
        }
        let encodings = [FieldEncoding {
            name: "pipeJoined",
            explode: false,
            style: FieldStyle::Delimited("|"),
        }];
        // The flattened map must not shadow the named fields.
        let extra: BTreeMap<String, String> = extra
            .into_iter()
            .filter(|(k, _)| !["ticket", "scopes", "pipeJoined"].contains(&k.as_str()))
            .collect();
        let body = Body { ticket: &ticket, scopes: &scopes, pipe_joined: &scopes, extra: &extra };
        let encoded = form::to_string(&body, &encodings).expect("encodes");
        let decoded: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes()).into_owned().collect();
        let mut expected = vec![("ticket".to_owned(), ticket.clone())];
        expected.extend(scopes.iter().map(|s| ("scopes".to_owned(), s.clone())));
        // Unlike a query parameter, an empty unexploded array is still a field of the form: `pipeJoined=`.
        expected.push(("pipeJoined".to_owned(), scopes.join("|")));
        expected.extend(extra);
        prop_assert_eq!(decoded, expected);
    }
}
