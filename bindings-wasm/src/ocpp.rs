//! `parseFrame` and its `OcppFrameError`.

use chargeshift_ocpp::inspect::check_frame as check;
use chargeshift_ocpp::{DecodeError, Endpoint, Frame, FrameError, Leniency, OcppVersion};
use serde::Deserialize;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, set, string_arg, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export interface CheckOptions {
  /** "1.6", "2.0.1" (default) or "2.1" */
  version?: string;
  /** who sent the frame: "chargePoint" (default) or "csms" */
  sender?: "chargePoint" | "csms";
  /** accept and report the known deviations of real chargers */
  lenient?: boolean;
}
export interface CheckedFrame {
  kind: string;
  action?: string;
  messageId: string;
  payload?: unknown;
  deviations: Array<{ kind: string; path: string; detail: string }>;
}
"#;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckOptions {
    version: Option<String>,
    sender: Option<String>,
    lenient: Option<bool>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviationView {
    kind: String,
    path: String,
    detail: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CheckedView {
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    action: Option<&'static str>,
    message_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<serde_json::Value>,
    deviations: Vec<DeviationView>,
}

/// An `Error` named `OcppFrameError` with `errorCode`, `messageId`, `path` and `callError` (the
/// frame to answer with, or `null` where OCPP-J allows no answer).
fn decode_error(err: &DecodeError, version: OcppVersion) -> JsValue {
    let js = error("OcppFrameError", &err.to_string());
    let opt = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    set(
        &js,
        "errorCode",
        &JsValue::from_str(err.error_code().as_str(version)),
    );
    set(&js, "messageId", &opt(err.message_id()));
    set(&js, "path", &opt(err.path()));
    let reply = err.reply(version).map(|frame| frame.to_string());
    set(&js, "callError", &opt(reply.as_deref()));
    js
}

/// Decodes and validates one CALL or SEND as the receiving end would (action known in the version,
/// sent the right way, payload valid against its schema).
///
/// # Errors
/// Throws `OcppFrameError` with `errorCode`, `path` and `callError` (the frame to answer with:
/// a CALLERROR, a 2.1 CALLRESULTERROR, or `null` where OCPP-J allows none, e.g. to a CALLRESULT),
/// or `TypeError` for a frame that is not a string or bad options.
#[wasm_bindgen(js_name = checkFrame, unchecked_return_type = "CheckedFrame")]
pub fn check_frame(
    #[wasm_bindgen(js_name = frame, unchecked_param_type = "string")] text: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "CheckOptions | undefined")] opts: JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(text, "frame")?;
    let opts: CheckOptions = options(opts)?;
    let version: OcppVersion = opts
        .version
        .as_deref()
        .unwrap_or("2.0.1")
        .parse()
        .map_err(|e| error("TypeError", &format!("{e}")))?;
    let sender = match opts.sender.as_deref().unwrap_or("chargePoint") {
        "chargePoint" => Endpoint::ChargePoint,
        "csms" => Endpoint::Csms,
        other => {
            return Err(error(
                "TypeError",
                &format!("unknown sender {other:?}; expected \"chargePoint\" or \"csms\""),
            ));
        }
    };
    let leniency = if opts.lenient.unwrap_or(false) {
        Leniency::all()
    } else {
        Leniency::strict()
    };
    let checked = check(&text, version, sender, leniency).map_err(|e| decode_error(&e, version))?;
    to_js(&CheckedView {
        kind: checked.kind.to_string(),
        action: checked.action,
        message_id: checked.message_id.into(),
        payload: checked.payload,
        deviations: checked
            .deviations
            .into_iter()
            .map(|d| DeviationView {
                kind: format!("{:?}", d.kind),
                path: d.path,
                detail: d.detail,
            })
            .collect(),
    })
}

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
/// Throws an `Error` named `OcppFrameError` with `errorCode` and `messageId` fields, or `TypeError`
/// for a frame that is not a string.
#[wasm_bindgen(js_name = parseFrame)]
pub fn parse_frame(
    #[wasm_bindgen(js_name = frame, unchecked_param_type = "string")] text: &JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(text, "frame")?;
    let frame = Frame::parse(&text).map_err(|e| frame_error(&e))?;
    to_js(&FrameView::from(&frame))
}
