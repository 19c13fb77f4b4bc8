//! Reading JSON into a [`Value`] while rejecting an object that gives a key twice.
//!
//! `serde_json::Value` keeps the last of two equal keys silently, so two readers of one frame
//! could see two different values; every path of the decoder reads values through [`ValueSeed`]
//! instead, which fails on the first repeated key and names it by its JSON path.
//!
//! serde_json's `arbitrary_precision` feature (which another crate of a build may switch on)
//! hands every number to a visitor as a one-entry map under a private key; [`ValueSeed`] reads
//! that map back as the number it stands for, so it builds the same `Value` either way.

use std::fmt;
use std::sync::OnceLock;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// The key under which serde_json's `arbitrary_precision` passes a number as a map.
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Whether serde_json was built with `arbitrary_precision`: then `1e2` keeps its own text
/// (`1e+2`) instead of becoming the `f64` written `100.0`.
fn arbitrary_precision() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| {
        serde_json::from_str::<Value>("1e2")
            .and_then(|v| serde_json::to_string(&v))
            .is_ok_and(|text| text != "100.0")
    })
}

/// Where a repeated key was found: filled in, innermost segment first, as the error unwinds.
#[derive(Debug, Default)]
pub(crate) struct Duplicate {
    /// The JSON path below the value read (`.a[2].b`), complete once the read returned.
    pub(crate) path: Option<String>,
}

/// Reads one JSON value, failing on an object with a key given twice (see [`Duplicate`]).
pub(crate) struct ValueSeed<'s> {
    pub(crate) duplicate: &'s mut Duplicate,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl ValueSeed<'_> {
    /// Prepends `segment` to the path of a repeated key found below it.
    fn prepend(&mut self, segment: impl FnOnce() -> String) {
        if let Some(path) = &mut self.duplicate.path {
            path.insert_str(0, &segment());
        }
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        loop {
            let seed = ValueSeed {
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => return Ok(Value::Array(items)),
                Err(e) => {
                    let i = items.len();
                    self.prepend(|| format!("[{i}]"));
                    return Err(e);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            if first && key == NUMBER_TOKEN && arbitrary_precision() {
                let text: String = map.next_value()?;
                let n = serde_json::from_str::<Number>(&text).map_err(de::Error::custom)?;
                return Ok(Value::Number(n));
            }
            first = false;
            let slot = match out.entry(key) {
                Entry::Vacant(slot) => slot,
                Entry::Occupied(taken) => {
                    let key = taken.key();
                    self.duplicate.path = Some(format!(".{key}"));
                    return Err(de::Error::custom(format_args!(
                        "duplicate key {:?}",
                        crate::text::clip(key, 64)
                    )));
                }
            };
            let seed = ValueSeed {
                duplicate: self.duplicate,
            };
            match map.next_value_seed(seed) {
                Ok(v) => {
                    slot.insert(v);
                }
                Err(e) => {
                    let key = slot.key();
                    self.prepend(|| format!(".{key}"));
                    return Err(e);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// A [`Value`] that reads like `serde_json::Value` but fails on a repeated key; for the fields
/// and further properties of the generated types, on the decoder's fast path (where the full path
/// then names the key).
pub(crate) struct DupFree(pub(crate) Value);

impl<'de> de::Deserialize<'de> for DupFree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut duplicate = Duplicate::default();
        ValueSeed {
            duplicate: &mut duplicate,
        }
        .deserialize(d)
        .map(DupFree)
    }
}

/// Parses `text` as one JSON value; `Err(Ok(path))` names a repeated key (`.a[2].b`), `Err(Err)`
/// is serde_json's error for text that is not JSON.
pub(crate) fn parse(text: &str) -> Result<Value, Result<String, serde_json::Error>> {
    let mut duplicate = Duplicate::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let value = ValueSeed {
        duplicate: &mut duplicate,
    }
    .deserialize(&mut de)
    .and_then(|v| de.end().map(|()| v));
    match value {
        Ok(v) => Ok(v),
        Err(e) => Err(duplicate.path.ok_or(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_serde_json_reads() {
        for text in [
            r#"{"a":[1,-2,3.5,1e2,"x",null,true,{"b":{}}],"c":18446744073709551615}"#,
            "0.1",
            "[]",
            r#""\u00e9""#,
        ] {
            let ours = parse(text).unwrap();
            let theirs: Value = serde_json::from_str(text).unwrap();
            assert_eq!(ours, theirs, "{text}");
            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
        }
    }

    #[test]
    fn names_a_repeated_key_at_any_depth() {
        assert_eq!(parse(r#"{"a":1,"a":2}"#).unwrap_err().unwrap(), ".a");
        assert_eq!(
            parse(r#"[2,"1","X",{"a":[{},{"b":{"c":1,"c":1}}]}]"#)
                .unwrap_err()
                .unwrap(),
            "[3].a[1].b.c"
        );
        // equal keys written differently are equal
        assert_eq!(parse(r#"{"é":1,"\u00e9":2}"#).unwrap_err().unwrap(), ".é");
        assert!(parse(r#"{"a":1,"b":{"a":2}}"#).is_ok());
        assert!(parse(r#"{"a":1"#).unwrap_err().is_err());
    }
}
