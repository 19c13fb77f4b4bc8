//! Conversion between serde values and JavaScript values, and structured JS errors.

use std::cell::RefCell;

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Sets a property on a JS object; a failure leaves the object as it was.
pub(crate) fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

#[wasm_bindgen]
extern "C" {
    /// An optional `CheckOptions` argument (typed so that TypeScript sees `opts?: CheckOptions`).
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type CheckOptionsArg;
    /// An optional `CheckFramesOptions` argument (typed so that TypeScript sees `opts?: CheckFramesOptions`).
    #[wasm_bindgen(typescript_type = "CheckFramesOptions")]
    pub type CheckFramesOptionsArg;
    /// An optional `ConversationOptions` argument (typed so that TypeScript sees `opts?: ConversationOptions`).
    #[wasm_bindgen(typescript_type = "ConversationOptions")]
    pub type ConversationOptionsArg;
    /// An optional `DrawOptions` argument (typed so that TypeScript sees `opts?: DrawOptions`).
    #[wasm_bindgen(typescript_type = "DrawOptions")]
    pub type DrawOptionsArg;
    /// An optional `GenerateOptions` argument (typed so that TypeScript sees `opts?: GenerateOptions`).
    #[wasm_bindgen(typescript_type = "GenerateOptions")]
    pub type GenerateOptionsArg;
    /// An optional `HealthOptions` argument (typed so that TypeScript sees `opts?: HealthOptions`).
    #[wasm_bindgen(typescript_type = "HealthOptions")]
    pub type HealthOptionsArg;
    /// An optional `ImportOptions` argument (typed so that TypeScript sees `opts?: ImportOptions`).
    #[wasm_bindgen(typescript_type = "ImportOptions")]
    pub type ImportOptionsArg;
    /// An optional `LinkOptions` argument (typed so that TypeScript sees `opts?: LinkOptions`).
    #[wasm_bindgen(typescript_type = "LinkOptions")]
    pub type LinkOptionsArg;
    /// An optional `NeighbourhoodOptions` argument (typed so that TypeScript sees `opts?: NeighbourhoodOptions`).
    #[wasm_bindgen(typescript_type = "NeighbourhoodOptions")]
    pub type NeighbourhoodOptionsArg;
    /// An optional `ReconcileOptions` argument (typed so that TypeScript sees `opts?: ReconcileOptions`).
    #[wasm_bindgen(typescript_type = "ReconcileOptions")]
    pub type ReconcileOptionsArg;
    /// An optional `SubtreeOptions` argument (typed so that TypeScript sees `opts?: SubtreeOptions`).
    #[wasm_bindgen(typescript_type = "SubtreeOptions")]
    pub type SubtreeOptionsArg;
}

/// An optional argument as a JS value (`undefined` when left out).
pub(crate) fn optional<T: Into<JsValue>>(arg: Option<T>) -> JsValue {
    arg.map_or(JsValue::UNDEFINED, Into::into)
}

thread_local! {
    /// The package's error classes (`ChargeshiftError` and its subclasses, from `errors.js`),
    /// given by the package's entry point when it loads; empty before (then an error is a plain
    /// `Error` with its `name` set).
    static CLASSES: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Called once by the package's entry point (`index.js`) with the module of its error classes,
/// so that the errors thrown here are instances of the classes the package exports.
#[wasm_bindgen(js_name = __registerErrorClasses, skip_typescript)]
pub fn register_error_classes(classes: JsValue) {
    CLASSES.with(|c| *c.borrow_mut() = Some(classes));
}

/// A JS error with the given `name` and message, ready for extra fields: `"TypeError"` and
/// `"RangeError"` give the built-in classes, a name of the package's (`"UnknownAssetError"`,
/// ...) an instance of its exported class (so that `instanceof` holds), any other name an
/// `Error` with that name.
pub(crate) fn error(name: &str, message: &str) -> JsValue {
    match name {
        "TypeError" => return JsValue::from(js_sys::TypeError::new(message)),
        "RangeError" => return JsValue::from(js_sys::RangeError::new(message)),
        _ => {}
    }
    let class = CLASSES.with(|c| {
        c.borrow()
            .as_ref()
            .and_then(|classes| js_sys::Reflect::get(classes, &JsValue::from_str(name)).ok())
            .and_then(|class| class.dyn_into::<js_sys::Function>().ok())
    });
    if let Some(class) = class {
        let args = js_sys::Array::of1(&JsValue::from_str(message));
        if let Ok(made) = js_sys::Reflect::construct(&class, &args) {
            return made;
        }
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
    let text =
        serde_json::to_string(value).map_err(|e| error("ChargeshiftError", &e.to_string()))?;
    js_sys::JSON::parse(&text)
}

fn bad(e: &dyn std::fmt::Display) -> JsValue {
    error("TypeError", &format!("bad options: {e}"))
}

/// A serde error reading `value`: a `RangeError` for a number out of range or not an integer
/// (naming its field), else a `TypeError` saying `bad options: ...`.
pub(crate) fn read_error(e: &serde_json::Error, value: &serde_json::Value) -> JsValue {
    let message = e.to_string();
    match crate::value::range_message(&message, value) {
        Some(text) => error("RangeError", &format!("bad options: {text}")),
        None => bad(&message),
    }
}

/// An options object (or `undefined`) as a JSON value, through which serde reads it: because
/// serde_wasm_bindgen reads only the fields a struct names, it would silently ignore a misspelt
/// option; a number that is not finite is a `RangeError` naming its field.
fn json(value: &JsValue) -> Result<serde_json::Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(serde_json::Value::Object(serde_json::Map::new()));
    }
    crate::value::to_json(value, "")
}

/// An options object (or `undefined`) as a Rust struct; unknown fields are an error.
pub(crate) fn options<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    let json = json(value)?;
    serde_json::from_value(json.clone()).map_err(|e| read_error(&e, &json))
}

/// A call of the crates' `api`: the options object (or `undefined`), its `camelCase` names read
/// as the crate's `snake_case` ones, with the positional arguments `args` added as fields; the
/// crate's serde defaults fill in the rest.
pub(crate) fn request<T: DeserializeOwned>(
    opts: &JsValue,
    args: &[(&str, &str)],
) -> Result<T, JsValue> {
    let json = crate::value::to_snake(json(opts)?, &std::collections::BTreeSet::new());
    let serde_json::Value::Object(mut fields) = json else {
        return Err(error("TypeError", "bad options: expected an object"));
    };
    for (k, v) in args {
        fields.insert((*k).to_owned(), serde_json::Value::String((*v).to_owned()));
    }
    let json = serde_json::Value::Object(fields);
    serde_json::from_value(json.clone()).map_err(|e| read_error(&e, &json))
}
