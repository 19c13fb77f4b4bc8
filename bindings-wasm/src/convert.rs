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

/// An options object (or `undefined`) as a Rust struct; unknown fields are an error.
pub(crate) fn options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    // through a JSON value, because serde_wasm_bindgen reads only the fields a struct names and so
    // would silently ignore a misspelt option
    let bad = |e: &dyn std::fmt::Display| error("TypeError", &format!("bad options: {e}"));
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| bad(&e))?;
    serde_json::from_value(json).map_err(|e| bad(&e))
}
