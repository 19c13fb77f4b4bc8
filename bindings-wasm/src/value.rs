//! JavaScript values as JSON values, checked on the way in (no number silently coerced), and the
//! one casing of JavaScript: the crates' documents use `snake_case` field names, JavaScript sees
//! them in `camelCase`; the keys of a map (ids, vendor names, error codes) stay as they are.

use std::collections::BTreeSet;

use serde_json::{Map, Number, Value};
use wasm_bindgen::prelude::*;

use crate::convert::error;

/// How a JavaScript value failed to be a JSON value, and where (a dotted path from the argument).
fn describe(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(value) {
        "array".to_owned()
    } else if let Some(n) = value.as_f64() {
        js_number(n)
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// A number as JavaScript prints it (`NaN`, `Infinity`, `-1`, `1.5`).
pub(crate) fn js_number(n: f64) -> String {
    if n.is_nan() {
        "NaN".to_owned()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
    } else {
        format!("{n}")
    }
}

fn at(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JS value (as `JSON.parse` would give it) as a JSON value: a number that is not finite is a
/// `RangeError` naming where it is, a function, symbol or bigint a `TypeError`; `undefined` in an
/// object leaves the field out (as `JSON.stringify` does) and is `null` elsewhere.
///
/// Complexity: O(n) in the size of the value.
pub(crate) fn to_json(value: &JsValue, path: &str) -> Result<Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(n) = value.as_f64() {
        return number(n, path);
    }
    if js_sys::Array::is_array(value) {
        let array = js_sys::Array::from(value);
        let mut out = Vec::with_capacity(array.length() as usize);
        for (i, item) in array.iter().enumerate() {
            out.push(to_json(&item, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    if value.is_object() && !value.is_function() && is_plain(value) {
        let object = js_sys::Object::from(value.clone());
        let mut out = Map::new();
        for entry in js_sys::Object::entries(&object).iter() {
            let pair = js_sys::Array::from(&entry);
            let key = pair.get(0).as_string().unwrap_or_default();
            let item = pair.get(1);
            if item.is_undefined() {
                continue;
            }
            let item = to_json(&item, &at(path, &key))?;
            out.insert(key, item);
        }
        return Ok(Value::Object(out));
    }
    let name = if path.is_empty() { "argument" } else { path };
    let got = if value.is_object() && !value.is_function() {
        // a Map, a Date, a class instance: named by its constructor
        js_sys::Reflect::get(value, &JsValue::from_str("constructor"))
            .ok()
            .and_then(|c| js_sys::Reflect::get(&c, &JsValue::from_str("name")).ok())
            .and_then(|n| n.as_string())
            .unwrap_or_else(|| "object".to_owned())
    } else {
        describe(value)
    };
    Err(error(
        "TypeError",
        &format!(
            "{name} must be JSON data (a plain object, array, string, number, boolean or null), got {got}"
        ),
    ))
}

/// Whether `value` is a plain object (`{...}`, or made with `Object.create(null)`): a `Map`, a
/// `Date` or a class instance would read as `{}` and lose what it holds. */
fn is_plain(value: &JsValue) -> bool {
    let proto = js_sys::Object::get_prototype_of(value);
    proto.is_null()
        || JsValue::from(proto)
            == JsValue::from(js_sys::Object::get_prototype_of(&js_sys::Object::new()))
}

fn number(n: f64, path: &str) -> Result<Value, JsValue> {
    if !n.is_finite() {
        let name = if path.is_empty() { "argument" } else { path };
        return Err(error(
            "RangeError",
            &format!("{name} must be a finite number, got {}", js_number(n)),
        ));
    }
    // an integral double within the exact range is an integer, as JSON.parse wrote it
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if n.fract() == 0.0 && n.abs() <= EXACT {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "integral and within ±2^53, so exact in an i64"
        )]
        let i = n as i64;
        return Ok(Value::Number(Number::from(i)));
    }
    Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
}

/// A count, size or index argument: a non-negative integer up to `max`; anything else is a
/// `RangeError` (a number) or `TypeError` (not a number) naming the argument.
pub(crate) fn count_arg(value: &JsValue, name: &str, max: usize) -> Result<usize, JsValue> {
    let Some(n) = value.as_f64() else {
        return Err(error(
            "TypeError",
            &format!("{name} must be a number, got {}", describe(value)),
        ));
    };
    #[allow(
        clippy::cast_precision_loss,
        reason = "the limits used are far below 2^53"
    )]
    let top = max as f64;
    if !n.is_finite() || n.fract() != 0.0 || n < 0.0 || n > top {
        return Err(error(
            "RangeError",
            &format!(
                "{name} must be an integer from 0 to {max}, got {}",
                js_number(n)
            ),
        ));
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked above: an integer from 0 to max"
    )]
    Ok(n as usize)
}

/// `snake_case` → `camelCase` (`to_move` → `toMove`).
pub(crate) fn camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `value` as JSON text with every object key in `camelCase`: the text of `to_camel(v, {})` of
/// `v = serde_json::to_value(value)` (the same object, its keys in the order serde writes them),
/// written in one pass without building the two trees.
///
/// Complexity: O(n) in the length of the text.
pub(crate) fn camel_json<T: serde::Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(4096);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, CamelKeys::default());
    value.serialize(&mut ser)?;
    Ok(out)
}

/// A compact JSON formatter that writes each object key as [`camel`] spells it, a character at
/// a time (the key comes in fragments between its escapes).
#[derive(Default)]
struct CamelKeys {
    /// Between `begin_object_key` and `end_object_key`.
    in_key: bool,
    /// A `_` was left out and the next character is written in upper case.
    upper: bool,
    /// Something of the key has been written (a leading `_` stays).
    written: bool,
}

impl serde_json::ser::Formatter for CamelKeys {
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        (self.in_key, self.upper, self.written) = (true, false, false);
        serde_json::ser::CompactFormatter.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.in_key = false;
        Ok(())
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        if !self.in_key || (!self.upper && !fragment.contains('_')) {
            self.written |= !fragment.is_empty();
            return writer.write_all(fragment.as_bytes());
        }
        let mut buf = [0; 4];
        for c in fragment.chars() {
            if c == '_' && self.written {
                self.upper = true;
            } else if self.upper {
                for u in c.to_uppercase() {
                    writer.write_all(u.encode_utf8(&mut buf).as_bytes())?;
                }
                (self.upper, self.written) = (false, true);
            } else {
                writer.write_all(c.encode_utf8(&mut buf).as_bytes())?;
                self.written = true;
            }
        }
        Ok(())
    }

    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        // an escaped character is no letter: upper case leaves it as it is
        (self.upper, self.written) = (false, true);
        serde_json::ser::CompactFormatter.write_char_escape(writer, escape)
    }
}

/// `camelCase` → `snake_case` (`toMove` → `to_move`); a `snake_case` key stays as it is.
pub(crate) fn snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The field names of a JSON Schema whose values are maps (`additionalProperties` a schema):
/// their keys are data, not field names.
pub(crate) fn map_fields(schema: &str) -> BTreeSet<String> {
    fn walk(node: &Value, out: &mut BTreeSet<String>) {
        match node {
            Value::Object(fields) => {
                if let Some(Value::Object(props)) = fields.get("properties") {
                    for (name, prop) in props {
                        if prop
                            .get("additionalProperties")
                            .is_some_and(Value::is_object)
                        {
                            out.insert(name.clone());
                        }
                    }
                }
                fields.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    if let Ok(schema) = serde_json::from_str::<Value>(schema) {
        walk(&schema, &mut out);
    }
    out
}

/// Renames every field of `value` with `rename`, except the keys of the maps named by `maps`
/// (given in the crates' spelling), whose values are renamed in turn.
///
/// Complexity: O(n) in the size of the value.
pub(crate) fn rename_keys(
    value: Value,
    rename: fn(&str) -> String,
    maps: &BTreeSet<String>,
    keep_keys: bool,
) -> Value {
    match value {
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| rename_keys(v, rename, maps, false))
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| {
                    let key = if keep_keys { k } else { rename(&k) };
                    let is_map = maps.contains(&snake(&key)) && v.is_object();
                    (key, rename_keys(v, rename, maps, is_map))
                })
                .collect(),
        ),
        other => other,
    }
}

/// A crate document (`snake_case`) as JavaScript sees it (`camelCase`).
pub(crate) fn to_camel(value: Value, maps: &BTreeSet<String>) -> Value {
    rename_keys(value, camel, maps, false)
}

/// A JavaScript object (`camelCase`, or already `snake_case`) as the crates read it.
pub(crate) fn to_snake(value: Value, maps: &BTreeSet<String>) -> Value {
    rename_keys(value, snake, maps, false)
}

/// A serde error about a number where an integer is due (`invalid value: integer `-1``,
/// `invalid type: floating point `1.5``) as the text of a `RangeError`, naming the first field
/// of `value` holding that number (`seed: invalid value: ...`); other errors are `None`.
pub(crate) fn range_message(message: &str, value: &Value) -> Option<String> {
    // an integer was expected (`expected u32`, `expected usize`, `expected i64`, ...)
    let integer_expected = message.contains(", expected u") || message.contains(", expected i");
    let numeric = integer_expected
        && (message.contains("invalid value: integer")
            || message.contains("invalid type: floating point"));
    if !numeric {
        return None;
    }
    let literal = message.split('`').nth(1)?;
    let mut found = None;
    find_number(value, literal, "", &mut found);
    Some(match found {
        Some(path) => format!("{path}: {message}"),
        None => message.to_owned(),
    })
}

fn find_number(value: &Value, literal: &str, path: &str, found: &mut Option<String>) {
    if found.is_some() {
        return;
    }
    match value {
        Value::Number(n) => {
            let same = n.to_string() == literal
                || n.as_f64()
                    .zip(literal.parse::<f64>().ok())
                    .is_some_and(|(a, b)| a == b);
            if same {
                *found = Some(path.to_owned());
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                find_number(v, literal, &format!("{path}[{i}]"), found);
            }
        }
        Value::Object(fields) => {
            for (k, v) in fields {
                find_number(v, literal, &at(path, k), found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_round_trip() {
        for (s, c) in [
            ("to_move", "toMove"),
            ("split_links_at_end", "splitLinksAtEnd"),
            ("kind", "kind"),
            ("charge_point", "chargePoint"),
        ] {
            assert_eq!(camel(s), c);
            assert_eq!(snake(c), s);
            assert_eq!(snake(s), s);
        }
    }

    proptest::proptest! {
        /// The keys `camel_json` writes are those of `to_camel` over a `Value`, whatever they
        /// hold: underscores leading, trailing and doubled, escapes, non-ASCII letters.
        #[test]
        fn camel_json_is_to_camel_of_the_value(
            doc in proptest::collection::btree_map(
                "[a-z_\"\\\\\n\u{1}ßé]{0,8}",
                proptest::collection::btree_map("[a-z_ßé\"]{0,6}", 0u32..9, 0..3),
                0..6,
            ),
        ) {
            let text = camel_json(&doc).unwrap_or_default();
            let streamed: Value = serde_json::from_slice(&text).unwrap_or_default();
            let tree = to_camel(serde_json::to_value(&doc).unwrap_or_default(), &BTreeSet::new());
            proptest::prop_assert_eq!(streamed, tree);
        }
    }

    #[test]
    fn camel_json_of_a_plan_is_to_camel_of_its_value() {
        let fleet = chargeshift_graph::generate::fleet(40);
        let request = chargeshift_planner::request::MigrationRequest::to("ACME-R1").select(
            chargeshift_planner::request::Selector::UserGroupOnly("ACME-R0".into()),
        );
        let plan = chargeshift_planner::plan(&fleet, &request).unwrap_or_else(|e| panic!("{e}"));
        let text = camel_json(&plan).unwrap_or_default();
        let streamed: Value = serde_json::from_slice(&text).unwrap_or_default();
        let tree = to_camel(
            serde_json::to_value(&plan).unwrap_or_default(),
            &BTreeSet::new(),
        );
        assert!(!plan.steps.is_empty());
        assert_eq!(streamed, tree);
    }

    #[test]
    fn map_keys_stay() {
        let schema = r#"{"properties":{"error_codes":{"type":"object","additionalProperties":{"type":"integer"}},"to_move":{"type":"integer"}}}"#;
        let maps = map_fields(schema);
        assert!(maps.contains("error_codes"));
        let v: Value = serde_json::from_str(
            r#"{"to_move":1,"error_codes":{"Other_Error":2},"days":[{"links_cut":3}]}"#,
        )
        .unwrap_or_default();
        let c = to_camel(v.clone(), &maps);
        assert_eq!(
            c.to_string(),
            r#"{"days":[{"linksCut":3}],"errorCodes":{"Other_Error":2},"toMove":1}"#
        );
        assert_eq!(to_snake(c, &maps), v);
    }
}
