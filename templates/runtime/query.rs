//! Query parameters as OpenAPI 3.0 serializes them: `name=value` pairs joined by `&`; arrays as
//! repeated names (`explode: true`) or one value joined by `,` (`form`), a space (`spaceDelimited`) or
//! `|` (`pipeDelimited`); objects as one pair per property (`form`, exploded), as `name=k,v,k2,v2`
//! (`form`, not exploded) or as `name[k]=v` (`deepObject`). Names and values are percent-encoded.
//!
//! A value whose shape is known only at run time (a union, an array of objects, any JSON value) is
//! serialized first and written by what it turns out to be: a scalar as `name=value`, an array or an
//! object in the parameter's style.

use std::fmt::Display;

use percent_encoding::utf8_percent_encode;
use serde::Serialize;
use serde_json::Value;

use super::error::InvalidInput;
use super::path::{COMPONENT, PathBuilder, deep_pairs, scalar_text, to_value};

/// How an object-valued query parameter is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
///
/// Properties are written in the order of `serde_json`'s maps: sorted by name, unless the application
/// enables its `preserve_order` feature. Servers read query properties by name, not by position.
pub enum ObjectStyle {
    /// `k=v&k2=v2` (exploded) or `name=k,v,k2,v2`.
    Form { explode: bool },
    /// `name[k]=v&name[k2]=v2`; nested objects as `name[k][k3]=v`, arrays as repeated pairs.
    DeepObject,
}

/// How a query parameter whose shape is known only at run time is written: its OpenAPI 3.0 style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueStyle {
    /// Arrays `name=a&name=b` (exploded) or `name=a,b`; objects as [`ObjectStyle::Form`].
    Form { explode: bool },
    /// Like `form`, but the unexploded items (or names and values) of an array (or object) are joined
    /// by this delimiter: `" "` (`spaceDelimited`) or `"|"` (`pipeDelimited`).
    Delimited { delimiter: &'static str, explode: bool },
    /// Brackets: objects `name[k]=v`, arrays `name[0]=a&name[1]=b`, a scalar `name=value`.
    DeepObject,
}

impl PathBuilder {
    /// Appends `name=value`. Values are written with `Display` (the wire text of enums, integers, booleans
    /// and strings) and percent-encoded; a space becomes `%20`, never `+`.
    pub fn query(&mut self, name: &str, value: impl Display) -> &mut Self {
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
    pub fn query_array<T: Display>(&mut self, name: &str, values: &[T], explode: bool) -> &mut Self {
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
    pub fn query_delimited<T: Display>(
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
    pub fn query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ObjectStyle,
    ) -> Result<&mut Self, InvalidInput> {
        let value = serde_json::to_value(value)
            .map_err(|e| InvalidInput::new(format!("the query parameter `{name}` cannot be encoded: {e}")))?;
        let Value::Object(members) = value else {
            return Err(InvalidInput::new(format!(
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
                deep_pairs(name, &Value::Object(members), &mut |key, text| {
                    self.encoded_pair(key, text)
                });
            }
        }
        Ok(self)
    }

    /// Appends a parameter of any shape (a union, an array of objects, any JSON value) in its style, by
    /// what its value turns out to be: a scalar as `name=value`; an array or an object as the style
    /// writes arrays and objects. Items of arrays that are themselves objects or arrays are written as
    /// their JSON text, except in `deepObject`, which brackets them (`name[0][k]=v`). `null` adds nothing.
    pub fn query_value<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: ValueStyle,
    ) -> Result<&mut Self, InvalidInput> {
        let value = to_value("query", name, value)?;
        match (style, &value) {
            (ValueStyle::DeepObject, Value::Object(_) | Value::Array(_)) => {
                deep_pairs(name, &value, &mut |key, text| self.encoded_pair(key, text));
            }
            (ValueStyle::Form { explode }, Value::Object(_)) => {
                self.query_object(name, &value, ObjectStyle::Form { explode })?;
            }
            (ValueStyle::Delimited { explode: true, .. }, Value::Object(_)) => {
                self.query_object(name, &value, ObjectStyle::Form { explode: true })?;
            }
            (ValueStyle::Delimited { delimiter, .. }, Value::Object(members)) => {
                let mut parts = Vec::new();
                for (key, member) in members {
                    if let Some(text) = scalar_text(member) {
                        parts.push(key.clone());
                        parts.push(text);
                    }
                }
                if !parts.is_empty() {
                    self.query(name, parts.join(delimiter));
                }
            }
            (ValueStyle::Form { explode } | ValueStyle::Delimited { explode, .. }, Value::Array(items)) => {
                let texts: Vec<String> = items.iter().filter_map(scalar_text).collect();
                let delimiter = match style {
                    ValueStyle::Delimited { delimiter, .. } => delimiter,
                    _ => ",",
                };
                if explode {
                    for text in texts {
                        self.query(name, text);
                    }
                } else if !texts.is_empty() {
                    self.query(name, texts.join(delimiter));
                }
            }
            (_, other) => {
                if let Some(text) = scalar_text(other) {
                    self.query(name, text);
                }
            }
        }
        Ok(self)
    }

    /// Appends a pair whose name is already encoded (brackets and all).
    fn encoded_pair(&mut self, encoded_name: &str, value: &str) {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.push_str(encoded_name);
        self.buf.push('=');
        self.buf.extend(utf8_percent_encode(value, COMPONENT));
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
        assert!(!err.message().is_empty(), "{err:?}");
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

    #[test]
    fn values_of_unknown_shape_are_written_by_what_they_are() {
        use serde_json::json;
        let write = |value: Value, style: ValueStyle| {
            let mut p = PathBuilder::new();
            p.literal("/x").query_value("q", &value, style).unwrap();
            p.finish()
        };
        let form = ValueStyle::Form { explode: true };
        assert_eq!(write(json!("a b"), form), "/x?q=a%20b");
        assert_eq!(write(json!(3), form), "/x?q=3");
        assert_eq!(write(json!(null), form), "/x");
        assert_eq!(write(json!({"k": 1, "j": "v"}), form), "/x?j=v&k=1");
        assert_eq!(
            write(json!({"k": 1, "j": "v"}), ValueStyle::Form { explode: false }),
            "/x?q=j%2Cv%2Ck%2C1"
        );
        assert_eq!(write(json!(["a", "b"]), form), "/x?q=a&q=b");
        assert_eq!(
            write(json!(["a", "b"]), ValueStyle::Form { explode: false }),
            "/x?q=a%2Cb"
        );
        assert_eq!(
            write(json!([{"id": 1}, {"id": 2}]), form),
            "/x?q=%7B%22id%22%3A1%7D&q=%7B%22id%22%3A2%7D"
        );
        let pipes = ValueStyle::Delimited {
            delimiter: "|",
            explode: false,
        };
        assert_eq!(write(json!(["a", "b"]), pipes), "/x?q=a%7Cb");
        assert_eq!(write(json!({"r": 1, "g": 2}), pipes), "/x?q=g%7C2%7Cr%7C1");
        let spaces = ValueStyle::Delimited {
            delimiter: " ",
            explode: false,
        };
        assert_eq!(write(json!({"r": 1}), spaces), "/x?q=r%201");
        assert_eq!(
            write(
                json!({"r": 1}),
                ValueStyle::Delimited {
                    delimiter: " ",
                    explode: true
                }
            ),
            "/x?r=1"
        );
    }

    #[test]
    fn deep_object_values_of_any_shape_use_brackets() {
        use serde_json::json;
        let write = |value: Value| {
            let mut p = PathBuilder::new();
            p.literal("/x")
                .query_value("expand", &value, ValueStyle::DeepObject)
                .unwrap();
            p.finish()
        };
        assert_eq!(write(json!(["a", "b c"])), "/x?expand[0]=a&expand[1]=b%20c");
        assert_eq!(write(json!("customer")), "/x?expand=customer");
        assert_eq!(write(json!({"gte": 5, "lt": null})), "/x?expand[gte]=5");
        assert_eq!(
            write(json!({"a": {"b": {"c": "v"}}, "t": ["x", "y"]})),
            "/x?expand[a][b][c]=v&expand[t]=x&expand[t]=y"
        );
        assert_eq!(
            write(json!([{"price": "p_1", "qty": 2}, {"price": "p_2"}])),
            "/x?expand[0][price]=p_1&expand[0][qty]=2&expand[1][price]=p_2"
        );
        assert_eq!(
            write(json!({"m": [[1, 2], {"k": "v"}]})),
            "/x?expand[m][0][0]=1&expand[m][0][1]=2&expand[m][1][k]=v"
        );
    }
}
