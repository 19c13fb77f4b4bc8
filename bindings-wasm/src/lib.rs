//! WebAssembly bindings of chargeshift: conversion and naming only, the logic lives in the crates.
//!
//! Errors are thrown as JavaScript `Error` objects whose extra fields carry the structured details
//! (for a frame: `errorCode`, the OCPP-J error code to answer with, and `messageId` when it was read).

use chargeshift_ocpp::{Frame, FrameError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// A parsed frame as JavaScript sees it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameView<'a> {
    kind: String,
    message_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_details: Option<&'a serde_json::Value>,
}

impl<'a> From<&'a Frame> for FrameView<'a> {
    fn from(frame: &'a Frame) -> Self {
        let (error_code, error_description, error_details) = match frame {
            Frame::CallError {
                error_code,
                error_description,
                error_details,
                ..
            }
            | Frame::CallResultError {
                error_code,
                error_description,
                error_details,
                ..
            } => (
                Some(error_code.as_str()),
                Some(error_description.as_str()),
                Some(error_details),
            ),
            _ => (None, None, None),
        };
        Self {
            kind: frame.kind().to_string(),
            message_id: frame.message_id(),
            action: frame.action(),
            payload: frame.payload(),
            error_code,
            error_description,
            error_details,
        }
    }
}

/// Sets a property on a JS object; a failure leaves the object as it was.
fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A JS `Error` named `OcppFrameError` with `errorCode` and `messageId` fields.
fn frame_error(err: &FrameError) -> JsValue {
    let js = js_sys::Error::new(&err.to_string());
    js.set_name("OcppFrameError");
    let js = JsValue::from(js);
    set(
        &js,
        "errorCode",
        &JsValue::from_str(&err.error_code().to_string()),
    );
    set(
        &js,
        "messageId",
        &err.message_id().map_or(JsValue::NULL, JsValue::from_str),
    );
    js
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
}

/// The package version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Parses one OCPP-J frame into `{kind, messageId, action?, payload?, errorCode?, ...}`.
///
/// # Errors
/// Throws an `Error` named `OcppFrameError` with `errorCode` and `messageId` fields.
#[wasm_bindgen(js_name = parseFrame)]
pub fn parse_frame(text: &str) -> Result<JsValue, JsValue> {
    let frame = Frame::parse(text).map_err(|e| frame_error(&e))?;
    to_js(&FrameView::from(&frame))
}
