//! JSON objects only where SCHEMA.md has objects. serde's derived structs also accept an array
//! of the fields in declaration order (`"source": ["s"]` reads as a source with id `s`), which
//! the fact file format does not allow: [`object`], [`optional_object`] and [`objects`] are
//! `deserialize_with` functions that take a struct from a JSON object only (or `null`, or an
//! array of objects), and [`from_str`] does the same for a whole document. Anything else is
//! serde's "invalid type" error ("expected a JSON object"), at the value's line and column.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Takes a `T` from a JSON object only.
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map))
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ObjectVisitor<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_map(self)
    }
}

/// A struct from a JSON object, never from an array.
pub fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(PhantomData))
}

/// `null` (or an absent field, with `#[serde(default)]`) as `None`, else [`object`].
pub fn optional_object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<T>, D::Error> {
    struct Optional<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Optional<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            object(d).map(Some)
        }
    }
    d.deserialize_option(Optional(PhantomData))
}

/// An array of [`object`]s.
pub fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct Objects<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for Objects<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an array of JSON objects")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
            while let Some(item) = seq.next_element_seed(ObjectVisitor(PhantomData))? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(Objects(PhantomData))
}

/// A whole JSON document that must be an object, as `serde_json::from_str` reads one.
pub fn from_str<'a, T: Deserialize<'a>>(text: &'a str) -> serde_json::Result<T> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = object(&mut de)?;
    de.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::borrow::Cow;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner<'a> {
        #[serde(borrow)]
        id: Cow<'a, str>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Outer<'a> {
        #[serde(default, borrow, deserialize_with = "optional_object")]
        one: Option<Inner<'a>>,
        #[serde(default, borrow, deserialize_with = "objects")]
        many: Vec<Inner<'a>>,
    }

    #[test]
    fn objects_are_read_and_strings_still_borrow() {
        let text = r#"{"one": {"id": "a"}, "many": [{"id": "b"}, {"id": "c"}]}"#;
        let o: Outer<'_> = from_str(text).expect("reads");
        assert!(matches!(
            o.one.as_ref().map(|i| &i.id),
            Some(Cow::Borrowed("a"))
        ));
        assert_eq!(o.many.len(), 2);
        let o: Outer<'_> = from_str(r#"{"one": null}"#).expect("null is none");
        assert_eq!(o.one, None);
    }

    #[test]
    fn arrays_where_objects_belong_are_refused() {
        for text in [r#"{"one": ["a"]}"#, r#"{"many": [["b"]]}"#, r#"[null, []]"#] {
            let err = from_str::<Outer<'_>>(text).expect_err(text);
            assert!(err.to_string().contains("expected a JSON object"), "{err}");
            assert_eq!(err.line(), 1, "{text}: {err}");
        }
    }
}
