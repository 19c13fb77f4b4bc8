//! The helpers of the generated `Deserialize` implementations.
//!
//! The generated message types deserialise strictly, as their schemas say: only from a JSON
//! object (never from an array of values in field order), a `null` is never read as an absent
//! field, a field given twice is an error (at any depth: free-form values are read by
//! [`crate::json`], which rejects a repeated key), and a field the schema does not know is an error unless
//! the schema allows further properties (those are kept in the type's `additional` map).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};

/// An object key, borrowed from the input when it holds no escapes.
pub(crate) struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// Reads the value of a field into its slot; a field given twice is an error.
#[inline(always)]
pub(crate) fn field<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A required field's value, or the error that it is missing.
pub(crate) fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The error for a field the schema does not know.
pub(crate) fn unknown<E: de::Error>(key: &Key<'_>, fields: &'static [&'static str]) -> E {
    E::unknown_field(key.as_str(), fields)
}

/// Keeps a further property that the schema allows.
pub(crate) fn additional<'de, A: MapAccess<'de>>(
    map: &mut A,
    key: Key<'de>,
    into: &mut serde_json::Map<String, serde_json::Value>,
) -> Result<(), A::Error> {
    let key = key.into_owned();
    if into.contains_key(&key) {
        return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
    }
    let value = map.next_value::<crate::json::DupFree>()?.0;
    into.insert(key, value);
    Ok(())
}

/// [`field`] for a free-form JSON value (2.x `DataTransfer.data`): an object inside it with a
/// key given twice is an error too.
#[inline]
pub(crate) fn value_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    slot: &mut Option<serde_json::Value>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<crate::json::DupFree>()?.0);
    Ok(())
}
