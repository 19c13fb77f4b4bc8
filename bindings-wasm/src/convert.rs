//! Conversion between serde values and JavaScript values, and structured JS errors.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Sets a property on a JS object; a failure leaves the object as it was.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` with the given `name` and message, ready for extra fields; `"TypeError"` gives a
/// real `TypeError` (so that `instanceof TypeError` holds).
pub(crate) fn error(name: &str, message: &str) -> JsValue {
    if name == "TypeError" {
        return JsValue::from(js_sys::TypeError::new(message));
    }
    let js = js_sys::Error::new(message);
    js.set_name(name);
    JsValue::from(js)
}

/// A string argument (taken as a `JsValue`, because a `&str` parameter reads anything else as
/// garbage memory); anything else is a `TypeError` naming the argument and what it got.
pub(crate) fn string_arg(value: &JsValue, name: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        let got = if value.is_null() {
            "null".to_owned()
        } else if js_sys::Array::is_array(value) {
            "array".to_owned()
        } else {
            value.js_typeof().as_string().unwrap_or_default()
        };
        error("TypeError", &format!("{name} must be a string, got {got}"))
    })
}

/// A serde value as a plain JS value, exactly as `JSON.parse` reads its JSON text: objects (not
/// `Map`s), and numbers beyond 2^53 rounded to the nearest double rather than refused.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| error("Error", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

fn bad(e: &dyn std::fmt::Display) -> JsValue {
    error("TypeError", &format!("bad options: {e}"))
}

/// An options object (or `undefined`) as a JSON value, through which serde reads it: because
/// serde_wasm_bindgen reads only the fields a struct names, it would silently ignore a misspelt
/// option.
fn json(value: JsValue) -> Result<serde_json::Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| bad(&e))
}

/// An options object (or `undefined`) as a Rust struct; unknown fields are an error.
pub(crate) fn options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(json(value)?).map_err(|e| bad(&e))
}

/// A call of the crates' `api`: the options object (or `undefined`) with the positional
/// arguments `args` added as fields; the crate's serde defaults fill in the rest.
pub(crate) fn request<T: DeserializeOwned>(
    opts: JsValue,
    args: &[(&str, &str)],
) -> Result<T, JsValue> {
    let serde_json::Value::Object(mut fields) = json(opts)? else {
        return Err(error("TypeError", "bad options: expected an object"));
    };
    for (k, v) in args {
        fields.insert((*k).to_owned(), serde_json::Value::String((*v).to_owned()));
    }
    serde_json::from_value(serde_json::Value::Object(fields)).map_err(|e| bad(&e))
}
