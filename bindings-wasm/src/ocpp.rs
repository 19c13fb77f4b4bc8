//! `parseFrame` and its `OcppFrameError`.

use chargeshift_ocpp::{Frame, FrameError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, set, to_js};

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

/// A JS `Error` named `OcppFrameError` with `errorCode` and `messageId` fields.
fn frame_error(err: &FrameError) -> JsValue {
    let js = error("OcppFrameError", &err.to_string());
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

/// Parses one OCPP-J frame into `{kind, messageId, action?, payload?, errorCode?, ...}`.
///
/// # Errors
/// Throws an `Error` named `OcppFrameError` with `errorCode` and `messageId` fields.
#[wasm_bindgen(js_name = parseFrame)]
pub fn parse_frame(text: &str) -> Result<JsValue, JsValue> {
    let frame = Frame::parse(text).map_err(|e| frame_error(&e))?;
    to_js(&FrameView::from(&frame))
}
