//! Builds the request path from its template, percent-encoding every path parameter so that no value
//! can change the route. Path parameters of any shape follow their OpenAPI 3.0 style: `simple` (the
//! default: `a,b,c`, objects `k,v,k2,v2` or exploded `k=v,k2=v2`), `label` (`.a.b` / `.a,b`) or `matrix`
//! (`;name=a,b` / `;name=a;name=b`). Also the serialized forms that query, header and cookie parameters
//! share.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use super::error::InvalidInput;

/// Everything but RFC 3986 unreserved characters is percent-encoded, in path segments, query values and
/// form bodies alike: `/`, `?`, `#`, `%`, `&`, `=`, `+` and spaces can never be read as syntax.
pub const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The path (and, with `query.rs`, the query string) of one request.
#[derive(Debug, Default)]
pub struct PathBuilder {
    pub buf: String,
    pub has_query: bool,
}

impl PathBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a literal part of the path template, as written in the spec.
    pub fn literal(&mut self, part: &str) -> &mut Self {
        self.buf.push_str(part);
        self
    }

    /// Appends one path parameter as exactly one segment.
    ///
    /// `""`, `"."` and `".."` are refused: an empty segment or a dot segment would address another route
    /// (servers and URL parsers remove dot segments even when they are percent-encoded).
    pub fn param(&mut self, name: &str, value: &str) -> Result<&mut Self, InvalidInput> {
        self.segment(name, &encode(value))
    }

    /// Appends a path parameter of any shape (a scalar, an array, an object, or a union holding one of
    /// them) in its style. Each name, item, key and value is percent-encoded; the style's delimiters
    /// (`,` `=` `.` `;`) are sent as they are, which keeps the value inside one segment. Members of
    /// objects and items of arrays that are themselves objects or arrays are written as JSON text. The
    /// result must not be empty, `.` or `..` (an empty array, for instance, is refused).
    pub fn param_value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: PathStyle,
        explode: bool,
    ) -> Result<&mut Self, InvalidInput> {
        let shape = Shape::of(to_value("path", name, value)?);
        let pairs = |pairs: &[(String, String)], between: &str, joiner: &str| -> String {
            let written: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}{between}{}", encode(k), encode(v)))
                .collect();
            written.join(joiner)
        };
        let list = |items: &[String], joiner: &str| -> String {
            items.iter().map(|i| encode(i)).collect::<Vec<_>>().join(joiner)
        };
        let name_enc = encode(name);
        let text = match (style, shape) {
            (_, Shape::Absent) => String::new(),
            (_, Shape::List(items)) if items.is_empty() => String::new(),
            (_, Shape::Pairs(members)) if members.is_empty() => String::new(),
            (PathStyle::Simple, Shape::Scalar(s)) => encode(&s),
            (PathStyle::Simple, Shape::List(items)) => list(&items, ","),
            (PathStyle::Simple, Shape::Pairs(members)) if explode => pairs(&members, "=", ","),
            (PathStyle::Simple, Shape::Pairs(members)) => pairs(&members, ",", ","),
            (PathStyle::Label, Shape::Scalar(s)) => format!(".{}", encode(&s)),
            (PathStyle::Label, Shape::List(items)) => format!(".{}", list(&items, if explode { "." } else { "," })),
            (PathStyle::Label, Shape::Pairs(members)) if explode => format!(".{}", pairs(&members, "=", ".")),
            (PathStyle::Label, Shape::Pairs(members)) => format!(".{}", pairs(&members, ",", ",")),
            (PathStyle::Matrix, Shape::Scalar(s)) => format!(";{name_enc}={}", encode(&s)),
            (PathStyle::Matrix, Shape::List(items)) if explode => {
                items.iter().map(|i| format!(";{name_enc}={}", encode(i))).collect()
            }
            (PathStyle::Matrix, Shape::List(items)) => format!(";{name_enc}={}", list(&items, ",")),
            (PathStyle::Matrix, Shape::Pairs(members)) if explode => format!(";{}", pairs(&members, "=", ";")),
            (PathStyle::Matrix, Shape::Pairs(members)) => format!(";{name_enc}={}", pairs(&members, ",", ",")),
        };
        self.segment(name, &text)
    }

    /// Appends already encoded text, refusing what would address another route: an empty segment or a
    /// dot segment.
    fn segment(&mut self, name: &str, encoded: &str) -> Result<&mut Self, InvalidInput> {
        match encoded {
            "" => Err(InvalidInput::new(format!("path parameter `{name}` must not be empty"))),
            "." | ".." => Err(InvalidInput::new(format!(
                "path parameter `{name}` must not be `.` or `..`"
            ))),
            _ => {
                self.buf.push_str(encoded);
                Ok(self)
            }
        }
    }

    pub fn finish(self) -> String {
        self.buf
    }
}

/// The OpenAPI 3.0 style of a path parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathStyle {
    /// `a`, `a,b`, `k,v,k2,v2` (exploded: `k=v,k2=v2`).
    Simple,
    /// `.a`, `.a,b` (exploded: `.a.b`), `.k,v` (exploded: `.k=v.k2=v2`).
    Label,
    /// `;name=a`, `;name=a,b` (exploded: `;name=a;name=b`), `;name=k,v` (exploded: `;k=v;k2=v2`).
    Matrix,
}

fn encode(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// A parameter value as JSON, through its serde impl (so enums and unions write their wire values).
pub fn to_value<T: Serialize + ?Sized>(place: &str, name: &str, value: &T) -> Result<Value, InvalidInput> {
    serde_json::to_value(value)
        .map_err(|e| InvalidInput::new(format!("the {place} parameter `{name}` cannot be encoded: {e}")))
}

/// The JSON text of a parameter described by `content` (`application/json`) rather than a schema.
pub fn json_text<T: Serialize + ?Sized>(place: &str, name: &str, value: &T) -> Result<String, InvalidInput> {
    serde_json::to_string(value)
        .map_err(|e| InvalidInput::new(format!("the {place} parameter `{name}` cannot be encoded: {e}")))
}

/// The text of one scalar: strings as they are, numbers and booleans as JSON writes them, objects and
/// arrays as their JSON text; `None` for `null`.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// What a serialized parameter value is, which decides how a style writes it.
pub enum Shape {
    /// `null`: nothing is written.
    Absent,
    Scalar(String),
    /// The items' texts (`null` items left out).
    List(Vec<String>),
    /// The members' names and texts, in `serde_json`'s map order (`null` members left out).
    Pairs(Vec<(String, String)>),
}

impl Shape {
    pub fn of(value: Value) -> Shape {
        match value {
            Value::Null => Shape::Absent,
            Value::Array(items) => Shape::List(items.iter().filter_map(scalar_text).collect()),
            Value::Object(members) => Shape::Pairs(
                members
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), scalar_text(v)?)))
                    .collect(),
            ),
            other => Shape::Scalar(scalar_text(&other).unwrap_or_default()),
        }
    }

    /// The `simple` style without encoding, as headers carry it: `a`, `a,b`, `k,v,k2,v2` or exploded
    /// `k=v,k2=v2`; `None` when there is nothing to send.
    pub fn simple(self, explode: bool) -> Option<String> {
        match self {
            Shape::Absent => None,
            Shape::Scalar(text) => Some(text),
            Shape::List(items) if items.is_empty() => None,
            Shape::List(items) => Some(items.join(",")),
            Shape::Pairs(members) if members.is_empty() => None,
            Shape::Pairs(members) => {
                let between = if explode { "=" } else { "," };
                let written: Vec<String> = members.iter().map(|(k, v)| format!("{k}{between}{v}")).collect();
                Some(written.join(","))
            }
        }
    }
}

/// The bracket convention of `deepObject` (in a query, and for form fields whose `encoding` says
/// `deepObject`): each scalar inside `value` as one pair, its name `name[k1][k2]…` (the name and each
/// key percent-encoded, the brackets as they are). An object member adds its key; an array item adds its
/// index (`name[0]=a&name[1]=b`, `items[0][price]=p`), except that an array of scalars inside an object
/// repeats its pairs (`filter[tags]=x&filter[tags]=y`), as readers of `deepObject` objects expect. A
/// scalar at the top is `name=value`; `null`s add nothing. `push` gets the encoded name and the raw
/// value.
pub fn deep_pairs(name: &str, value: &Value, push: &mut dyn FnMut(&str, &str)) {
    let mut key: String = utf8_percent_encode(name, COMPONENT).collect();
    deep(&mut key, value, false, push);
}

fn deep(key: &mut String, value: &Value, in_object: bool, push: &mut dyn FnMut(&str, &str)) {
    let len = key.len();
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (member, inner) in members {
                key.push('[');
                key.extend(utf8_percent_encode(member, COMPONENT));
                key.push(']');
                deep(key, inner, true, push);
                key.truncate(len);
            }
        }
        Value::Array(items) if in_object && items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            for item in items {
                deep(key, item, false, push);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                key.push('[');
                key.push_str(&index.to_string());
                key.push(']');
                deep(key, item, false, push);
                key.truncate(len);
            }
        }
        Value::String(text) => push(key, text),
        other => push(key, &other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(value: &str) -> Result<String, InvalidInput> {
        let mut p = PathBuilder::new();
        p.literal("/api/")
            .param("serviceId", value)?
            .literal("/auth/token/fail");
        Ok(p.finish())
    }

    #[test]
    fn reserved_characters_stay_inside_one_segment() {
        let cases = [
            ("715948317", "/api/715948317/auth/token/fail"),
            ("a/b", "/api/a%2Fb/auth/token/fail"),
            ("a?b#c", "/api/a%3Fb%23c/auth/token/fail"),
            ("a b+c", "/api/a%20b%2Bc/auth/token/fail"),
            ("%2F", "/api/%252F/auth/token/fail"),
            ("../..", "/api/..%2F../auth/token/fail"),
            ("a;b,c=d&e", "/api/a%3Bb%2Cc%3Dd%26e/auth/token/fail"),
            ("日本", "/api/%E6%97%A5%E6%9C%AC/auth/token/fail"),
            ("a\r\nb", "/api/a%0D%0Ab/auth/token/fail"),
            ("-._~", "/api/-._~/auth/token/fail"),
        ];
        for (value, expected) in cases {
            assert_eq!(path(value).unwrap(), expected, "value {value:?}");
        }
    }

    #[test]
    fn empty_and_dot_segments_are_refused_before_sending() {
        for value in ["", ".", ".."] {
            let err = path(value).unwrap_err();
            assert!(!err.message().is_empty(), "value {value:?}: {err:?}");
            assert!(err.to_string().contains("serviceId"), "{err}");
        }
    }

    fn styled(value: serde_json::Value, style: PathStyle, explode: bool) -> Result<String, InvalidInput> {
        let mut p = PathBuilder::new();
        p.literal("/x/")
            .param_value("id", &value, style, explode)?
            .literal("/y");
        Ok(p.finish())
    }

    #[test]
    fn simple_style_joins_items_and_members() {
        use serde_json::json;
        let cases = [
            (json!("a/b"), false, "/x/a%2Fb/y"),
            (json!(5), false, "/x/5/y"),
            (json!(["a", "b,c", 3]), false, "/x/a,b%2Cc,3/y"),
            (json!(["a", "b"]), true, "/x/a,b/y"),
            (json!({"role": "admin", "n": 5}), false, "/x/n,5,role,admin/y"),
            (json!({"role": "admin", "n": 5}), true, "/x/n=5,role=admin/y"),
            (json!([{"a": 1}]), false, "/x/%7B%22a%22%3A1%7D/y"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(
                styled(value.clone(), PathStyle::Simple, explode).unwrap(),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn label_style_starts_with_a_dot() {
        use serde_json::json;
        let cases = [
            (json!("a.b c"), false, "/x/.a.b%20c/y"),
            (json!(["a", "b"]), false, "/x/.a,b/y"),
            (json!(["a", "b"]), true, "/x/.a.b/y"),
            (json!({"r": 1, "g": 2}), false, "/x/.g,2,r,1/y"),
            (json!({"r": 1, "g": 2}), true, "/x/.g=2.r=1/y"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(
                styled(value.clone(), PathStyle::Label, explode).unwrap(),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn matrix_style_names_the_parameter() {
        use serde_json::json;
        let cases = [
            (json!("a;b"), false, "/x/;id=a%3Bb/y"),
            (json!(["a", "b"]), false, "/x/;id=a,b/y"),
            (json!(["a", "b"]), true, "/x/;id=a;id=b/y"),
            (json!({"r": 1, "g": 2}), false, "/x/;id=g,2,r,1/y"),
            (json!({"r": 1, "g": 2}), true, "/x/;g=2;r=1/y"),
        ];
        for (value, explode, expected) in cases {
            assert_eq!(
                styled(value.clone(), PathStyle::Matrix, explode).unwrap(),
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn empty_and_dot_values_of_any_style_are_refused() {
        use serde_json::json;
        for (value, style) in [
            (json!([]), PathStyle::Simple),
            (json!({}), PathStyle::Simple),
            (json!(null), PathStyle::Simple),
            (json!([".."]), PathStyle::Simple),
            (json!(""), PathStyle::Label),
            (json!("."), PathStyle::Label),
            (json!([]), PathStyle::Matrix),
        ] {
            let err = styled(value.clone(), style, false).unwrap_err();
            assert!(!err.message().is_empty(), "{value} {style:?}: {err:?}");
        }
    }

    #[test]
    fn simple_text_for_headers_is_not_encoded() {
        use serde_json::json;
        assert_eq!(
            Shape::of(json!({"a": "x y", "b": true})).simple(false).as_deref(),
            Some("a,x y,b,true")
        );
        assert_eq!(Shape::of(json!({"a": "x y"})).simple(true).as_deref(), Some("a=x y"));
        assert_eq!(Shape::of(json!([1, 2])).simple(false).as_deref(), Some("1,2"));
        assert_eq!(Shape::of(json!([])).simple(false), None);
        assert_eq!(Shape::of(json!(null)).simple(false), None);
    }

    #[test]
    fn content_parameters_are_their_json_text() {
        use serde_json::json;
        assert_eq!(
            json_text("query", "q", &json!({"a": [1, "x"]})).unwrap(),
            r#"{"a":[1,"x"]}"#
        );
        assert_eq!(json_text("query", "q", "text").unwrap(), r#""text""#);
        let mut p = PathBuilder::new();
        p.literal("/x/")
            .param("f", &json_text("path", "f", &json!({"k": "v/w"})).unwrap())
            .unwrap();
        assert_eq!(p.finish(), "/x/%7B%22k%22%3A%22v%2Fw%22%7D");
    }
}
