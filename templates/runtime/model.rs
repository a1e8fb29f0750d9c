//! The serde impls of model structs, without `serde_derive`.
//!
//! `#[derive(Deserialize)]` writes, for each struct, a field-name enum with its own visitor, a map
//! visitor, a sequence visitor and a check per field: the largest part of what the compiler spends on
//! a generated SDK, and the derive itself (with `syn`) is a large part of a fresh build. A model instead
//! implements [`Fields`], one `match` arm per member, and [`deserialize`] does the rest once for every
//! type. A model with required members reads them into a partial value of its own first, which
//! [`Required::finish`] turns into the model ([`deserialize_required`]). Its `Serialize` writes each
//! field, the optional ones with [`write_set`] (or [`write_entry`] beside `additionalProperties`).
//!
//! What a member does is what the derive with `#[serde(default)]` on every optional field does: an
//! absent member or `null` leaves an optional field `None`, and members the type does not declare are
//! skipped (or kept, with `additionalProperties`). An absent required member is an error that names
//! it, unless its field is nullable. A member given twice keeps its last value, as
//! `serde_json::Value` does (the derive fails instead).
//!
//! A union reads the value once ([`json_value`]). One with a discriminator picks its variant by it;
//! one without tries its variants on the value in order ([`try_as`]), as the derive's
//! `#[serde(untagged)]` does.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct};

/// A model struct (or the partial value of one) that every member of a JSON object can be read
/// into, one at a time.
pub trait Fields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of the member `key` into its field; skips the value of a member the type does
    /// not declare.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Deserializes a [`Fields`] type from a map (a JSON object).
pub fn deserialize<'de, T: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// The partial value of a model with required members: every field optional while the members are
/// read.
pub trait Required: Fields {
    /// The model.
    type Model;

    /// The model, or the name of a required member that was absent.
    fn finish(self) -> Result<Self::Model, &'static str>;
}

/// Deserializes a model with required members through its partial value `P`.
pub fn deserialize_required<'de, P: Required, D: Deserializer<'de>>(deserializer: D) -> Result<P::Model, D::Error> {
    deserialize::<P, D>(deserializer)?
        .finish()
        .map_err(serde::de::Error::missing_field)
}

/// Skips the value of a member no field takes.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Reads the value of a member into its field. Each arm of a [`Fields::read`] is one call of this
/// (or of [`read_some`], [`keep`] or [`skip`]), rather than its own `?`, which the compiler would
/// check and lower once per arm.
pub fn read_into<'de, A: MapAccess<'de>, T: Deserialize<'de>>(map: &mut A, field: &mut T) -> Result<(), A::Error> {
    *field = map.next_value()?;
    Ok(())
}

/// Reads the value of a required member into its field of a partial value (see [`Required`]).
pub fn read_some<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    field: &mut Option<T>,
) -> Result<(), A::Error> {
    *field = Some(map.next_value()?);
    Ok(())
}

/// Keeps the value of a member the type does not declare, beside `additionalProperties`.
pub fn keep<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: &str,
    additional: &mut std::collections::BTreeMap<String, T>,
) -> Result<(), A::Error> {
    additional.insert(key.to_owned(), map.next_value()?);
    Ok(())
}

/// Writes the member `key` when the field is set, and skips it when it is not (as the derive does
/// with `skip_serializing_if = "Option::is_none"`).
pub fn write_set<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => out.serialize_field(key, value),
        None => out.skip_field(key),
    }
}

/// Writes the entry `key` when the field is set, and nothing when it is not: [`write_set`] for a model
/// written as a map, which one with `additionalProperties` is.
pub fn write_entry<S: SerializeMap, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => out.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// Reads a whole value, which a union then picks its variant from: by its discriminator, or by trying
/// the variants on it when it has none.
pub fn json_value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<serde_json::Value, D::Error> {
    serde_json::Value::deserialize(deserializer)
}

/// The value as a `T`, or `None` when it is not one: a variant of a union without a discriminator.
pub fn try_as<T: serde::de::DeserializeOwned>(value: &serde_json::Value) -> Option<T> {
    T::deserialize(value).ok()
}

struct FieldsVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for FieldsVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut value = T::default();
        while let Some(Key(key)) = map.next_key()? {
            value.read(&key, &mut map)?;
        }
        Ok(value)
    }
}

/// A member name, borrowed from the input when it has no escapes.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(value)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the generator writes for a struct `{ "name": string, "tags": [string], "next": Sample }`.
    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        name: Option<String>,
        tags: Option<Vec<String>>,
        next: Option<Box<Sample>>,
    }

    impl Fields for Sample {
        const NAME: &'static str = "Sample";

        fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "name" => read_into(map, &mut self.name),
                "tags" => read_into(map, &mut self.tags),
                "next" => read_into(map, &mut self.next),
                _ => skip(map),
            }
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize(deserializer)
        }
    }

    impl Serialize for Sample {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len =
                usize::from(self.name.is_some()) + usize::from(self.tags.is_some()) + usize::from(self.next.is_some());
            let mut out = serializer.serialize_struct("Sample", len)?;
            write_set(&mut out, "name", &self.name)?;
            write_set(&mut out, "tags", &self.tags)?;
            write_set(&mut out, "next", &self.next)?;
            out.end()
        }
    }

    /// What the generator writes for a struct `{ "id": integer, "label": string or null, "note": string }`
    /// whose `id` and `label` are required, with `additionalProperties` of strings.
    #[derive(Debug, PartialEq)]
    struct Entry {
        id: i64,
        label: Option<String>,
        note: Option<String>,
        additional: std::collections::BTreeMap<String, String>,
    }

    #[derive(Default)]
    struct EntryPartial {
        id: Option<i64>,
        label: Option<String>,
        note: Option<String>,
        additional: std::collections::BTreeMap<String, String>,
    }

    impl Fields for EntryPartial {
        const NAME: &'static str = "Entry";

        fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error> {
            match key {
                "id" => read_some(map, &mut self.id),
                "label" => read_into(map, &mut self.label),
                "note" => read_into(map, &mut self.note),
                _ => keep(map, key, &mut self.additional),
            }
        }
    }

    impl Required for EntryPartial {
        type Model = Entry;

        fn finish(self) -> Result<Entry, &'static str> {
            Ok(Entry {
                id: self.id.ok_or("id")?,
                label: self.label,
                note: self.note,
                additional: self.additional,
            })
        }
    }

    impl<'de> Deserialize<'de> for Entry {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserialize_required::<EntryPartial, D>(deserializer)
        }
    }

    impl Serialize for Entry {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let len = 2 + usize::from(self.note.is_some()) + self.additional.len();
            let mut out = serializer.serialize_map(Some(len))?;
            out.serialize_entry("id", &self.id)?;
            out.serialize_entry("label", &self.label)?;
            write_entry(&mut out, "note", &self.note)?;
            for (key, value) in &self.additional {
                out.serialize_entry(key, value)?;
            }
            out.end()
        }
    }

    #[test]
    fn required_members_are_read_and_an_absent_one_is_named() {
        let value: Entry = serde_json::from_str(r#"{"label":null,"id":7,"x":"1"}"#).unwrap();
        assert_eq!(value.id, 7);
        assert_eq!(value.label, None);
        assert_eq!(value.additional.get("x").map(String::as_str), Some("1"));
        // A required member that is nullable may be absent, as with the derive.
        assert_eq!(serde_json::from_str::<Entry>(r#"{"id":1}"#).unwrap().label, None);
        let error = serde_json::from_str::<Entry>(r#"{"label":"a"}"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field `id`"), "{error}");
        let error = serde_json::from_str::<Entry>(r#"{"id":null}"#).unwrap_err().to_string();
        assert!(error.contains("invalid type: null"), "{error}");
        let error = serde_json::from_str::<Entry>("[]").unwrap_err().to_string();
        assert!(error.contains("expected an object (Entry)"), "{error}");
    }

    #[test]
    fn a_map_model_writes_required_then_set_then_extra_members() {
        let mut value = Entry {
            id: 1,
            label: None,
            note: None,
            additional: std::collections::BTreeMap::new(),
        };
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"id":1,"label":null}"#);
        value.note = Some("n".to_owned());
        value.additional.insert("b".to_owned(), "2".to_owned());
        value.additional.insert("a".to_owned(), "1".to_owned());
        let text = serde_json::to_string(&value).unwrap();
        assert_eq!(text, r#"{"id":1,"label":null,"note":"n","a":"1","b":"2"}"#);
        assert_eq!(serde_json::from_str::<Entry>(&text).unwrap(), value);
    }

    /// What the generator writes for a union of an integer, a list of strings and `Sample`.
    #[derive(Debug, PartialEq)]
    enum Union {
        I64(i64),
        StringList(Vec<String>),
        Sample(Box<Sample>),
        Unknown(serde_json::Value),
    }

    impl<'de> Deserialize<'de> for Union {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = json_value(deserializer)?;
            if let Some(inner) = try_as(&value) {
                return Ok(Self::I64(inner));
            }
            if let Some(inner) = try_as(&value) {
                return Ok(Self::StringList(inner));
            }
            if let Some(inner) = try_as(&value) {
                return Ok(Self::Sample(inner));
            }
            Ok(Self::Unknown(value))
        }
    }

    #[test]
    fn a_union_decodes_to_the_first_variant_that_accepts_the_value() {
        let union = |text| serde_json::from_str::<Union>(text).unwrap();
        assert_eq!(union("7"), Union::I64(7));
        assert_eq!(union(r#"["a"]"#), Union::StringList(vec!["a".to_owned()]));
        let sample = Sample {
            name: Some("a".to_owned()),
            ..Sample::default()
        };
        assert_eq!(union(r#"{"name":"a"}"#), Union::Sample(Box::new(sample)));
        assert_eq!(union("1.5"), Union::Unknown(serde_json::json!(1.5)));
        assert_eq!(union(r#"[1]"#), Union::Unknown(serde_json::json!([1])));
        assert!(serde_json::from_str::<Union>("[1").is_err());
    }

    #[test]
    fn set_fields_are_written_and_unset_ones_left_out() {
        let value = Sample {
            name: Some("a".to_owned()),
            next: Some(Box::new(Sample::default())),
            ..Sample::default()
        };
        assert_eq!(serde_json::to_string(&value).unwrap(), r#"{"name":"a","next":{}}"#);
        assert_eq!(
            serde_json::from_str::<Sample>(&serde_json::to_string(&value).unwrap()).unwrap(),
            value
        );
        assert_eq!(serde_json::to_string(&Sample::default()).unwrap(), "{}");
    }

    #[test]
    fn members_fill_their_fields_and_absent_or_null_ones_stay_none() {
        let value: Sample =
            serde_json::from_str(r#"{"name":"a","tags":["x","y"],"next":{"name":"b","next":null}}"#).unwrap();
        let next = Sample {
            name: Some("b".to_owned()),
            ..Sample::default()
        };
        let expected = Sample {
            name: Some("a".to_owned()),
            tags: Some(vec!["x".to_owned(), "y".to_owned()]),
            next: Some(Box::new(next)),
        };
        assert_eq!(value, expected);
        assert_eq!(serde_json::from_str::<Sample>("{}").unwrap(), Sample::default());
        assert_eq!(
            serde_json::from_str::<Sample>(r#"{"name":null}"#).unwrap(),
            Sample::default()
        );
    }

    #[test]
    fn unknown_members_of_any_shape_are_skipped() {
        let value: Sample =
            serde_json::from_str(r#"{"extra":{"deep":[1,{"a":null}]},"name":"a","more":true}"#).unwrap();
        assert_eq!(value.name.as_deref(), Some("a"));
    }

    #[test]
    fn escaped_member_names_match_and_the_last_duplicate_wins() {
        let value: Sample = serde_json::from_str(r#"{"n\u0061me":"a","name":"b"}"#).unwrap();
        assert_eq!(value.name.as_deref(), Some("b"));
    }

    #[test]
    fn values_from_a_json_value_deserialize_too() {
        let value: Sample = serde_json::from_value(serde_json::json!({"name": "a", "tags": []})).unwrap();
        assert_eq!(value.tags, Some(Vec::new()));
    }

    #[test]
    fn a_wrong_type_is_an_error_that_names_the_type_or_the_member_value() {
        let error = serde_json::from_str::<Sample>(r#"["a"]"#).unwrap_err().to_string();
        assert!(error.contains("expected an object (Sample)"), "{error}");
        let error = serde_json::from_str::<Sample>(r#"{"name":1}"#).unwrap_err().to_string();
        assert!(error.contains("expected a string"), "{error}");
        assert!(serde_json::from_str::<Sample>(r#"{"name":"a""#).is_err());
    }
}
