//! The serde impls of model structs whose fields are all optional (most response models).
//!
//! `#[derive(Deserialize)]` writes, for each struct, a field-name enum with its own visitor, a map
//! visitor, a sequence visitor and a check per field: the largest part of what the compiler spends on
//! a generated SDK. Such a struct instead implements [`Fields`], one `match` arm per member, and
//! [`deserialize`] does the rest once for every type. Its `Serialize` writes each field with
//! [`write_set`].
//!
//! What a member does is what the derive with `#[serde(default)]` on every field does: an absent
//! member or `null` leaves the field `None`, and members the type does not declare are skipped. A
//! member given twice keeps its last value, as `serde_json::Value` does (the derive fails instead).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct};

/// A model struct that every member of a JSON object can be read into, one at a time.
pub(crate) trait Fields: Default {
    /// The type's name, for error messages.
    const NAME: &'static str;

    /// Reads the value of the member `key` into its field; skips the value of a member the type does
    /// not declare.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<(), A::Error>;
}

/// Deserializes a [`Fields`] type from a map (a JSON object).
pub(crate) fn deserialize<'de, T: Fields, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(FieldsVisitor(PhantomData))
}

/// Skips the value of a member no field takes.
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Writes the member `key` when the field is set, and skips it when it is not (as the derive does
/// with `skip_serializing_if = "Option::is_none"`).
pub(crate) fn write_set<S: SerializeStruct, T: Serialize>(
    out: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => out.serialize_field(key, value),
        None => out.skip_field(key),
    }
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
                "name" => self.name = map.next_value()?,
                "tags" => self.tags = map.next_value()?,
                "next" => self.next = map.next_value()?,
                _ => skip(map)?,
            }
            Ok(())
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
