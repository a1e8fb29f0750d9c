//! `application/x-www-form-urlencoded` bodies, encoded by the OpenAPI 3.0 rules for form bodies.
//!
//! Each top-level field of the model becomes `name=value`, in the model's field order, through the same
//! serde names as JSON (so enums send their wire values, never their Rust names):
//! - absent optional fields (and `null`) are omitted;
//! - strings, numbers and booleans are sent as their text (`true`, `42`);
//! - arrays use style `form`: with `explode: true` (the default) one `name=item` pair per item, with
//!   `explode: false` one pair whose value joins the items with commas; an empty exploded array sends
//!   nothing;
//! - objects, and objects inside arrays, are sent as their JSON text, which is the default content type
//!   OpenAPI 3.0 gives object properties (`authorizationDetails={"elements":[…]}`, percent-encoded);
//! - a field whose `encoding` names a `style` follows it, as a query parameter of that style would:
//!   `deepObject` in brackets (`metadata[order_id]=6735`, `items[0][price]=p_1`, `expand[0]=a`),
//!   `form` objects as their members (`k=v`, or `name=k,v` unexploded), `spaceDelimited` and
//!   `pipeDelimited` joining unexploded items with a space or `|`.
//!
//! Everything but RFC 3986 unreserved characters is percent-encoded; a space becomes `%20`.

use std::fmt;

use percent_encoding::utf8_percent_encode;
use serde::ser::{self, Impossible, Serialize};
use serde_json::Value;

use super::call::HttpRequest;
use super::error::InvalidInput;
use super::path::{COMPONENT, deep_pairs, scalar_text};

impl HttpRequest {
    /// Sets an `application/x-www-form-urlencoded` body.
    pub fn form<T: Serialize + ?Sized>(self, body: &T, encodings: &[FieldEncoding]) -> Result<Self, InvalidInput> {
        let encoded = to_string(body, encodings)
            .map_err(|e| InvalidInput::new(format!("the body cannot be form-encoded: {e}")))?;
        Ok(self.with_body("application/x-www-form-urlencoded", encoded.into_bytes()))
    }
}

/// How one field is encoded, from the spec's `encoding` object. Fields not listed use the defaults
/// (no style: arrays exploded, objects as JSON text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldEncoding {
    pub name: &'static str,
    pub explode: bool,
    pub style: FieldStyle,
}

/// The `style` of a form field's `encoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldStyle {
    /// No style given: arrays by `explode`, objects as their JSON text (their default content type).
    Unset,
    /// `form`: objects as their members, `k=v&k2=v2` (exploded) or `name=k,v,k2,v2`.
    Form,
    /// `spaceDelimited` (`" "`) or `pipeDelimited` (`"|"`): unexploded arrays and objects joined by it.
    Delimited(&'static str),
    /// Brackets, as [`deep_pairs`] writes them.
    DeepObject,
}

impl FieldEncoding {
    const DEFAULT: FieldEncoding = FieldEncoding {
        name: "",
        explode: true,
        style: FieldStyle::Unset,
    };
}

/// Encodes a model (a struct or a map) as a form body.
pub fn to_string<T: Serialize + ?Sized>(value: &T, encodings: &[FieldEncoding]) -> Result<String, FormError> {
    let mut out = String::new();
    value.serialize(BodySerializer {
        out: &mut out,
        encodings,
    })?;
    Ok(out)
}

/// A model that cannot be sent as a form body.
#[derive(Debug)]
pub struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        FormError(msg.to_string())
    }
}

fn push_pair(out: &mut String, name: &str, value: &str) {
    if !out.is_empty() {
        out.push('&');
    }
    out.extend(utf8_percent_encode(name, COMPONENT));
    out.push('=');
    out.extend(utf8_percent_encode(value, COMPONENT));
}

/// The text of one value: scalars as themselves, objects and arrays as JSON. `None` for `null`.
fn item_text(value: &Value) -> Option<String> {
    scalar_text(value)
}

fn push_field(out: &mut String, name: &str, value: Value, encoding: FieldEncoding) {
    let FieldEncoding { explode, style, .. } = encoding;
    let delimiter = match style {
        FieldStyle::Delimited(delimiter) => delimiter,
        _ => ",",
    };
    match (style, value) {
        (FieldStyle::DeepObject, value) => {
            deep_pairs(name, &value, &mut |key, text| {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(key);
                out.push('=');
                out.extend(utf8_percent_encode(text, COMPONENT));
            });
        }
        (FieldStyle::Form | FieldStyle::Delimited(_), Value::Object(members)) => {
            if explode {
                for (key, member) in members {
                    push_field(out, &key, member, FieldEncoding::DEFAULT);
                }
            } else {
                let mut parts = Vec::new();
                for (key, member) in &members {
                    if let Some(text) = item_text(member) {
                        parts.push(key.clone());
                        parts.push(text);
                    }
                }
                if !parts.is_empty() {
                    push_pair(out, name, &parts.join(delimiter));
                }
            }
        }
        (_, Value::Array(items)) => {
            let texts = items.iter().filter_map(item_text);
            if explode {
                for text in texts {
                    push_pair(out, name, &text);
                }
            } else {
                let joined: Vec<String> = texts.collect();
                push_pair(out, name, &joined.join(delimiter));
            }
        }
        (_, other) => {
            if let Some(text) = item_text(&other) {
                push_pair(out, name, &text);
            }
        }
    }
}

/// Accepts only the top level of a body (a struct or a map); each field goes through `serde_json::Value`
/// so nested values keep their serde names and attributes.
struct BodySerializer<'a> {
    out: &'a mut String,
    encodings: &'a [FieldEncoding],
}

impl<'a> BodySerializer<'a> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        let value = serde_json::to_value(value).map_err(|e| FormError(format!("field `{name}`: {e}")))?;
        let encoding = self
            .encodings
            .iter()
            .find(|e| e.name == name)
            .copied()
            .unwrap_or(FieldEncoding::DEFAULT);
        push_field(self.out, name, value, encoding);
        Ok(())
    }
}

fn not_an_object<T>() -> Result<T, FormError> {
    Err(FormError("a form body must be an object".to_owned()))
}

impl<'a> ser::Serializer for BodySerializer<'a> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Impossible<(), FormError>;
    type SerializeTuple = Impossible<(), FormError>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = MapFields<'a>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), FormError>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, FormError> {
        Ok(self)
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<MapFields<'a>, FormError> {
        Ok(MapFields { body: self, key: None })
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_bool(self, _v: bool) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_i8(self, _v: i8) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_i16(self, _v: i16) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_i32(self, _v: i32) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_i64(self, _v: i64) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_u8(self, _v: u8) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_u16(self, _v: u16) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_u32(self, _v: u32) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_u64(self, _v: u64) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_f32(self, _v: f32) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_f64(self, _v: f64) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_char(self, _v: char) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_str(self, _v: &str) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_none(self) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, _variant: &'static str) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, FormError> {
        not_an_object()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, FormError> {
        not_an_object()
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeTupleStruct, FormError> {
        not_an_object()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, FormError> {
        not_an_object()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, FormError> {
        not_an_object()
    }
}

impl ser::SerializeStruct for BodySerializer<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), FormError> {
        self.field(key, value)
    }

    fn skip_field(&mut self, _key: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// Map bodies (free-form objects): keys must be strings.
struct MapFields<'a> {
    body: BodySerializer<'a>,
    key: Option<String>,
}

impl ser::SerializeMap for MapFields<'_> {
    type Ok = ();
    type Error = FormError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        match serde_json::to_value(key) {
            Ok(Value::String(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(FormError("form body keys must be strings".to_owned())),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| FormError("form body value without a key".to_owned()))?;
        self.body.field(&key, value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    #[serde(rename_all = "UPPERCASE")]
    enum Grant {
        AuthorizationCode,
    }

    #[derive(Serialize)]
    struct Element {
        #[serde(rename = "type")]
        kind: String,
        actions: Vec<String>,
    }

    #[derive(Serialize)]
    struct Details {
        elements: Vec<Element>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        grant_type: Grant,
        client_id: i64,
        #[serde(skip_serializing_if = "Option::is_none")]
        subject: Option<String>,
        scopes: Vec<String>,
        persistent: Option<bool>,
        details: Option<Details>,
    }

    fn body() -> Body {
        Body {
            grant_type: Grant::AuthorizationCode,
            client_id: i64::MAX,
            subject: Some("john doe&x=1".to_owned()),
            scopes: vec!["openid".to_owned(), "a b".to_owned()],
            persistent: None,
            details: Some(Details {
                elements: vec![Element {
                    kind: "payment".to_owned(),
                    actions: vec!["read".to_owned()],
                }],
            }),
        }
    }

    #[test]
    fn fields_keep_model_order_and_wire_names() {
        let encoded = to_string(&body(), &[]).unwrap();
        assert_eq!(
            encoded,
            "grantType=AUTHORIZATIONCODE&clientId=9223372036854775807&subject=john%20doe%26x%3D1\
             &scopes=openid&scopes=a%20b\
             &details=%7B%22elements%22%3A%5B%7B%22actions%22%3A%5B%22read%22%5D%2C%22type%22%3A%22payment%22%7D%5D%7D"
        );
    }

    #[test]
    fn explode_false_joins_array_items_with_commas() {
        let encoded = to_string(
            &body(),
            &[FieldEncoding {
                name: "scopes",
                explode: false,
                style: FieldStyle::Unset,
            }],
        )
        .unwrap();
        assert!(encoded.contains("&scopes=openid%2Ca%20b&"), "{encoded}");
    }

    #[test]
    fn empty_arrays_and_nulls_send_nothing() {
        let mut b = body();
        b.scopes.clear();
        b.subject = None;
        b.details = None;
        assert_eq!(
            to_string(&b, &[]).unwrap(),
            "grantType=AUTHORIZATIONCODE&clientId=9223372036854775807"
        );
    }

    #[test]
    fn maps_are_encoded_like_structs() {
        let mut map = BTreeMap::new();
        map.insert("b", 2);
        map.insert("a", 1);
        assert_eq!(to_string(&map, &[]).unwrap(), "a=1&b=2");
    }

    #[test]
    fn non_objects_are_refused() {
        assert!(to_string(&"text", &[]).is_err());
        assert!(to_string(&vec![1, 2], &[]).is_err());
    }

    fn encoded(value: serde_json::Value, encodings: &[FieldEncoding]) -> String {
        to_string(&value, encodings).unwrap()
    }

    fn field(name: &'static str, style: FieldStyle, explode: bool) -> FieldEncoding {
        FieldEncoding { name, explode, style }
    }

    #[test]
    fn deep_object_fields_use_brackets() {
        let body = serde_json::json!({
            "expand": ["customer", "items"],
            "items": [{"price": "p_1", "quantity": 2}, {"price": "p_2"}],
            "metadata": {"order_id": "6735", "note": "a b&c"},
            "name": "n",
        });
        let encodings = [
            field("expand", FieldStyle::DeepObject, true),
            field("items", FieldStyle::DeepObject, true),
            field("metadata", FieldStyle::DeepObject, true),
        ];
        assert_eq!(
            encoded(body, &encodings),
            "expand[0]=customer&expand[1]=items\
             &items[0][price]=p_1&items[0][quantity]=2&items[1][price]=p_2\
             &metadata[note]=a%20b%26c&metadata[order_id]=6735&name=n"
        );
    }

    #[test]
    fn deep_object_scalars_and_nested_arrays() {
        let body = serde_json::json!({"a": "x", "b": {"c": {"d": [1, 2]}, "e": [{"f": null}]}});
        let encodings = [
            field("a", FieldStyle::DeepObject, true),
            field("b", FieldStyle::DeepObject, true),
        ];
        assert_eq!(encoded(body, &encodings), "a=x&b[c][d]=1&b[c][d]=2");
    }

    #[test]
    fn form_style_objects_are_their_members_or_joined_pairs() {
        let body = serde_json::json!({"address": {"city": "Paris", "zip": "75001"}});
        assert_eq!(
            encoded(body.clone(), &[field("address", FieldStyle::Form, true)]),
            "city=Paris&zip=75001"
        );
        assert_eq!(
            encoded(body.clone(), &[field("address", FieldStyle::Form, false)]),
            "address=city%2CParis%2Czip%2C75001"
        );
        assert_eq!(
            encoded(body, &[]),
            "address=%7B%22city%22%3A%22Paris%22%2C%22zip%22%3A%2275001%22%7D"
        );
    }

    #[test]
    fn delimited_fields_join_with_their_delimiter() {
        let body = serde_json::json!({"ids": [1, 2], "tags": ["a", "b"]});
        let encodings = [
            field("ids", FieldStyle::Delimited("|"), false),
            field("tags", FieldStyle::Delimited(" "), false),
        ];
        assert_eq!(encoded(body, &encodings), "ids=1%7C2&tags=a%20b");
    }
}
