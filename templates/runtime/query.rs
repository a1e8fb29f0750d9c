//! Query parameters as OpenAPI 3.0 serializes them: `name=value` pairs joined by `&`; arrays as
//! repeated names (`explode: true`) or one value joined by `,` (`form`), a space (`spaceDelimited`) or
//! `|` (`pipeDelimited`); objects as one pair per property (`form`, exploded), as `name=k,v,k2,v2`
//! (`form`, not exploded) or as `name[k]=v` (`deepObject`). Names and values are percent-encoded.

use std::fmt::Display;

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde_json::Value;

use super::error::Error;
use super::path::{COMPONENT, PathBuilder};

/// How an object-valued query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
///
/// Properties are written in the order of `serde_json`'s maps: sorted by name, unless the application
/// enables its `preserve_order` feature. Servers read query properties by name, not by position.
pub(crate) enum ObjectStyle {
    /// `k=v&k2=v2` (exploded) or `name=k,v,k2,v2`.
    Form { explode: bool },
    /// `name[k]=v&name[k2]=v2`; nested objects as `name[k][k3]=v`, arrays as repeated pairs.
    DeepObject,
}

impl PathBuilder {
    /// Appends `name=value`. Values are written with `Display` (the wire text of enums, integers, booleans
    /// and strings) and percent-encoded; a space becomes `%20`, never `+`.
    pub(crate) fn query(&mut self, name: &str, value: impl Display) -> &mut Self {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.extend(utf8_percent_encode(name, COMPONENT));
        self.buf.push('=');
        let value = value.to_string();
        self.buf.extend(utf8_percent_encode(&value, COMPONENT));
        self
    }

    /// Appends an array parameter: `name=a&name=b` when exploded, `name=a,b` otherwise. An empty array
    /// adds nothing.
    pub(crate) fn query_array<T: Display>(&mut self, name: &str, values: &[T], explode: bool) -> &mut Self {
        if explode {
            for value in values {
                self.query(name, value);
            }
        } else if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query(name, joined.join(","));
        }
        self
    }

    /// Appends an array parameter of style `spaceDelimited` (`delimiter` `" "`) or `pipeDelimited`
    /// (`"|"`): exploded, the same as `form`; otherwise one value, the items joined by the delimiter
    /// (percent-encoded like the rest of the value).
    pub(crate) fn query_delimited<T: Display>(
        &mut self,
        name: &str,
        values: &[T],
        delimiter: &str,
        explode: bool,
    ) -> &mut Self {
        if explode {
            return self.query_array(name, values, true);
        }
        if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query(name, joined.join(delimiter));
        }
        self
    }

    /// Appends an object parameter (any serializable struct or map) in the given style. Members that
    /// are `null` or absent are left out; an empty object adds nothing.
    pub(crate) fn query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ObjectStyle,
    ) -> Result<&mut Self, Error> {
        let value = serde_json::to_value(value)
            .map_err(|e| Error::invalid_input(format!("the query parameter `{name}` cannot be encoded: {e}")))?;
        let Value::Object(members) = value else {
            return Err(Error::invalid_input(format!(
                "the query parameter `{name}` is not an object"
            )));
        };
        match style {
            ObjectStyle::Form { explode: true } => {
                for (key, member) in &members {
                    match member {
                        Value::Array(items) => {
                            for item in items {
                                self.query_json(key, item);
                            }
                        }
                        other => {
                            self.query_json(key, other);
                        }
                    }
                }
            }
            ObjectStyle::Form { explode: false } => {
                let mut parts = Vec::new();
                for (key, member) in &members {
                    if let Some(text) = scalar_or_list_text(member) {
                        parts.push(key.clone());
                        parts.push(text);
                    }
                }
                if !parts.is_empty() {
                    self.query(name, parts.join(","));
                }
            }
            ObjectStyle::DeepObject => {
                for (key, member) in &members {
                    self.query_deep(name, &mut vec![key.as_str()], member);
                }
            }
        }
        Ok(self)
    }

    /// `name=text` for a scalar, nothing for `null`, JSON text for an object or array.
    fn query_json(&mut self, name: &str, value: &Value) -> &mut Self {
        match value {
            Value::Null => self,
            Value::String(text) => self.query(name, text),
            Value::Object(_) | Value::Array(_) => self.query(name, value),
            other => self.query(name, other),
        }
    }

    /// Appends one `deepObject` member at `name[keys…]`.
    fn query_deep<'v>(&mut self, name: &str, keys: &mut Vec<&'v str>, value: &'v Value) {
        match value {
            Value::Null => {}
            Value::Object(members) => {
                for (key, member) in members {
                    keys.push(key);
                    self.query_deep(name, keys, member);
                    keys.pop();
                }
            }
            Value::Array(items) => {
                for item in items {
                    self.query_deep(name, keys, item);
                }
            }
            Value::String(text) => self.bracketed_pair(name, keys, text),
            other => self.bracketed_pair(name, keys, &other.to_string()),
        }
    }

    /// `name[k1][k2]=value` with the name, each key and the value percent-encoded; the brackets are sent
    /// as they are, as servers that read `deepObject` expect them.
    fn bracketed_pair(&mut self, name: &str, keys: &[&str], value: &str) {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.extend(utf8_percent_encode(name, COMPONENT));
        for key in keys {
            self.buf.push('[');
            self.buf.extend(utf8_percent_encode(key, COMPONENT));
            self.buf.push(']');
        }
        self.buf.push('=');
        self.buf.extend(utf8_percent_encode(value, COMPONENT));
    }
}

/// The text of a member of an unexploded `form` object: scalars as they are, arrays of scalars joined
/// by `,`, anything else as JSON; `None` for `null`.
fn scalar_or_list_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => Some(
            items
                .iter()
                .filter_map(scalar_or_list_text)
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_joined_and_encoded() {
        let mut p = PathBuilder::new();
        p.literal("/list")
            .query("clientIdentifier", "c+1")
            .query("subject", "john doe&x=1/é")
            .query("start", 0)
            .query("end", -5);
        assert_eq!(
            p.finish(),
            "/list?clientIdentifier=c%2B1&subject=john%20doe%26x%3D1%2F%C3%A9&start=0&end=-5"
        );
    }

    #[test]
    fn empty_value_keeps_its_name() {
        let mut p = PathBuilder::new();
        p.literal("/list").query("subject", "");
        assert_eq!(p.finish(), "/list?subject=");
    }

    #[test]
    fn arrays_repeat_or_join() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_array("s", &["a", "b c"], true)
            .query_array("t", &[1, 2], false);
        p.query_array::<&str>("u", &[], false);
        assert_eq!(p.finish(), "/x?s=a&s=b%20c&t=1%2C2");
    }

    #[derive(Serialize)]
    struct Filter {
        name: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        age: Option<i32>,
        tags: Vec<&'static str>,
        active: bool,
    }

    fn filter() -> Filter {
        Filter {
            name: "a b&c",
            age: None,
            tags: vec!["x", "y"],
            active: true,
        }
    }

    #[test]
    fn deep_object_brackets_each_property() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_object("filter", &filter(), ObjectStyle::DeepObject)
            .unwrap();
        assert_eq!(
            p.finish(),
            "/x?filter[active]=true&filter[name]=a%20b%26c&filter[tags]=x&filter[tags]=y"
        );
    }

    #[test]
    fn deep_object_encodes_keys_and_nests() {
        let value = serde_json::json!({"a]b": {"c": 1, "d": null}, "e": "é"});
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_object("f=g", &value, ObjectStyle::DeepObject)
            .unwrap();
        assert_eq!(p.finish(), "/x?f%3Dg[a%5Db][c]=1&f%3Dg[e]=%C3%A9");
    }

    #[test]
    fn form_objects_explode_into_properties_or_join_pairs() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_object("filter", &filter(), ObjectStyle::Form { explode: true })
            .unwrap();
        assert_eq!(p.finish(), "/x?active=true&name=a%20b%26c&tags=x&tags=y");
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_object("filter", &filter(), ObjectStyle::Form { explode: false })
            .unwrap();
        assert_eq!(p.finish(), "/x?filter=active%2Ctrue%2Cname%2Ca%20b%26c%2Ctags%2Cx%2Cy");
    }

    #[test]
    fn empty_objects_add_nothing_and_non_objects_are_refused() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_object("f", &serde_json::json!({}), ObjectStyle::Form { explode: false })
            .unwrap();
        assert_eq!(p.finish(), "/x");
        let mut p = PathBuilder::new();
        let err = p.query_object("f", &3, ObjectStyle::DeepObject).unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    }

    #[test]
    fn space_and_pipe_delimited_arrays() {
        let mut p = PathBuilder::new();
        p.literal("/x")
            .query_delimited("s", &["a", "b c"], " ", false)
            .query_delimited("p", &[1, 2, 3], "|", false)
            .query_delimited("e", &["a", "b"], "|", true);
        p.query_delimited::<&str>("n", &[], " ", false);
        assert_eq!(p.finish(), "/x?s=a%20b%20c&p=1%7C2%7C3&e=a&e=b");
    }
}
