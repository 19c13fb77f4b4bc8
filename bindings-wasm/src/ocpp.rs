//! `parseFrame`, `checkFrame`, `Conversation` and their `OcppFrameError`.

use chargeshift_ocpp::batch::{FrameRow, check_row, check_row_bytes, json_lines};
use chargeshift_ocpp::conversation::{
    Conversation as Core, ConversationError, ConversationOptions as CoreOptions, Exchanged,
};
use chargeshift_ocpp::inspect::{CheckOptions as CoreCheckOptions, check};
use chargeshift_ocpp::{
    DecodeError, Deviation, Endpoint, Frame, FrameError, FrameKind, Leniency, NameCase, OcppVersion,
};
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
  /** the action of the CALL that a CALLRESULT (or CALLERROR, CALLRESULTERROR) answers: it types a CALLRESULT */
  action?: string;
}
/** A JSON value, as `JSON.parse` gives it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object: an OCPP payload. */
export type JsonObject = { [key: string]: JsonValue };
/** The message types of OCPP-J (2.1 adds CALLRESULTERROR and SEND). */
export type FrameKind = "CALL" | "CALLRESULT" | "CALLERROR" | "CALLRESULTERROR" | "SEND";
/** A known deviation of a real charger that a lenient decode accepted. */
export interface Deviation {
  /** The leniency used, e.g. "UnknownField". */
  kind: string;
  /** Where in the payload, e.g. "$.vendorField". */
  path: string;
  detail: string;
}
export interface CheckedFrame {
  kind: FrameKind;
  /** The action: a CALL's or SEND's own, an answer's from the CALL it answers. */
  action?: string;
  messageId: string;
  /** The payload as decoded (CALL, CALLRESULT, SEND). */
  payload?: JsonObject;
  deviations: Deviation[];
}
/** One OCPP-J frame as `parseFrame` reads it (framing only, no schema). */
export type ParsedFrame =
  | { kind: "CALL" | "SEND"; messageId: string; action: string; payload: JsonValue }
  | { kind: "CALLRESULT"; messageId: string; payload: JsonValue }
  | { kind: "CALLERROR" | "CALLRESULTERROR"; messageId: string; errorCode: string; errorDescription: string; errorDetails: JsonValue };
export interface ConversationOptions {
  /** accept and report the known deviations of real chargers */
  lenient?: boolean;
  /** the most CALLs awaiting an answer per connection and direction (default 1024; 0: no limit) */
  maxPending?: number;
  /** the version of identities never opened ("1.6", "2.0.1" or "2.1"); without it their frames throw */
  defaultVersion?: string;
}
/** The options of `checkFrames`: those of `checkFrame`, and how each row carries its payload. */
export interface CheckFramesOptions extends CheckOptions {
  /** "object" (default: as `JSON.parse` reads it), "text" (the JSON text as sent, as Python's
   * `check_frames` gives it: what a gateway forwards) or "none" (`null`: validation only, the cheapest) */
  payload?: "object" | "text" | "none";
}
/** One frame of `checkFrames`: the columns of a batch check (the same as Python's `check_frames`). */
export interface FrameRow {
  /** the message type, when it could be read */
  messageType: FrameKind | null;
  messageId: string | null;
  /** a CALL's or SEND's own action, an answer's from `action` */
  action: string | null;
  valid: boolean;
  /** the OCPP-J error code of an invalid frame, spelt for the version */
  errorCode: string | null;
  /** what is wrong with an invalid frame */
  error: string | null;
  /** the JSON path of the field at fault */
  path: string | null;
  deviations: Deviation[];
  /** the payload as sent (as decoded where a leniency changed it): CALL, SEND, typed CALLRESULT;
   * an object, or its JSON text with `payload: "text"`, or `null` with `payload: "none"` */
  payload: JsonObject | string | null;
}
export interface ConversationFrame extends CheckedFrame {
  /** whether the frame answered a pending CALL of its connection */
  paired: boolean;
  /** the version of its connection, e.g. "ocpp1.6" */
  version: string;
}
"#;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckOptions {
    version: Option<String>,
    sender: Option<String>,
    lenient: Option<bool>,
    action: Option<String>,
}

impl CheckOptions {
    /// The crate's options these name (its defaults where they name none).
    fn core(&self) -> Result<CoreCheckOptions<'_>, JsValue> {
        let mut options = CoreCheckOptions::default()
            .with_leniency(Leniency::from_lenient(self.lenient.unwrap_or(false)))
            .with_action(self.action.as_deref());
        if let Some(name) = &self.version {
            options.version = version(name)?;
        }
        if let Some(name) = &self.sender {
            options.sender = sender(name)?;
        }
        Ok(options)
    }
}

/// The options of `checkFrames`: those of `checkFrame` and the form of the payloads.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CheckFramesOptions {
    version: Option<String>,
    sender: Option<String>,
    lenient: Option<bool>,
    action: Option<String>,
    payload: Option<String>,
}

impl CheckFramesOptions {
    /// The options of `checkFrame` these hold, and the payload form.
    fn split(self) -> (CheckOptions, Option<String>) {
        let CheckFramesOptions {
            version,
            sender,
            lenient,
            action,
            payload,
        } = self;
        (
            CheckOptions {
                version,
                sender,
                lenient,
                action,
            },
            payload,
        )
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConversationOptions {
    lenient: Option<bool>,
    max_pending: Option<usize>,
    default_version: Option<String>,
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExchangedView {
    #[serde(flatten)]
    checked: CheckedView,
    paired: bool,
    version: String,
}

fn deviation_views(deviations: Vec<Deviation>) -> Vec<DeviationView> {
    deviations
        .into_iter()
        .map(|d| DeviationView {
            kind: d.kind.variant_name().to_owned(),
            path: d.path,
            detail: d.detail,
        })
        .collect()
}

fn version(name: &str) -> Result<OcppVersion, JsValue> {
    name.parse()
        .map_err(|e| error("TypeError", &format!("{e}")))
}

fn sender(name: &str) -> Result<Endpoint, JsValue> {
    Endpoint::from_name(name, NameCase::Camel).map_err(|e| error("TypeError", &e.to_string()))
}

/// An `Error` named `OcppFrameError` with `errorCode`, `messageId`, `path` and `callError` (the
/// frame to answer with, or `null` where OCPP-J allows no answer).
fn decode_error(err: &DecodeError, version: OcppVersion) -> JsValue {
    decode_error_saying(&err.to_string(), err, version)
}

/// [`decode_error`] with the message `message` (a conversation's names the identity).
fn decode_error_saying(message: &str, err: &DecodeError, version: OcppVersion) -> JsValue {
    let js = error("OcppFrameError", message);
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FrameRowView<'a> {
    message_type: Option<&'static str>,
    message_id: Option<&'a str>,
    action: Option<&'a str>,
    valid: bool,
    error_code: Option<&'static str>,
    error: Option<&'a str>,
    path: Option<&'a str>,
    deviations: Vec<DeviationView>,
}

impl<'a> From<&'a FrameRow<'_>> for FrameRowView<'a> {
    fn from(row: &'a FrameRow<'_>) -> Self {
        FrameRowView {
            message_type: row.message_type.map(FrameKind::as_str),
            message_id: row.message_id.as_deref(),
            action: row.action.as_deref(),
            valid: row.valid,
            error_code: row.error_code,
            error: row.error.as_deref(),
            path: row.path.as_deref(),
            deviations: deviation_views(row.deviations.clone()),
        }
    }
}

/// Checks many frames in one call, as `checkFrame` checks each (the same `options` for all), and
/// gives one row per frame, in order, instead of throwing: an invalid frame is a row with
/// `valid: false`, its `errorCode` and `error`. `frames` is an array (`null` or `undefined` is a
/// missing frame), one string of frames one per line (JSON Lines, as a log is: one crossing for
/// the whole batch), or the UTF-8 bytes of such lines (a `Uint8Array`, e.g. a node `Buffer`
/// from `readFileSync`: the cheapest way in, copied once, never made a JS string; a line
/// that is not UTF-8 is an invalid row). In lines, `\r\n` is read without its `\r`, an empty
/// line is a missing frame, and the empty line after a final newline is no frame.
///
/// `options.payload` says how each row carries its payload: `"object"` (the default, as
/// `JSON.parse` reads it), `"text"` (the JSON text as sent, as Python's `check_frames` gives it:
/// what a gateway forwards unchanged) or `"none"` (`null`: validation only, the cheapest).
///
/// # Complexity
/// O(total length of the frames) plus the schema walks.
///
/// # Errors
/// `TypeError` if `frames` is neither a string, a `Uint8Array` nor an array, or holds something
/// that is neither a string nor `null`/`undefined` (naming its index), or for bad options.
#[wasm_bindgen(js_name = checkFrames, unchecked_return_type = "FrameRow[]")]
pub fn check_frames(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | (string | null | undefined)[]")]
    frames: &JsValue,
    opts: Option<crate::convert::CheckFramesOptionsArg>,
) -> Result<JsValue, JsValue> {
    let opts: CheckFramesOptions = options(&crate::convert::optional(opts))?;
    let (check, payload) = opts.split();
    let form = PayloadForm::parse(payload.as_deref())?;
    let options = check.core()?;
    // the lines' bytes, which the rows borrow their payloads from
    let lines: Vec<u8>;
    let rows: Vec<FrameRow<'_>> = if let Some(text) = frames.as_string() {
        lines = text.into_bytes();
        line_rows(&lines, &options)
    } else if frames.is_instance_of::<js_sys::Uint8Array>() {
        lines = frames.unchecked_ref::<js_sys::Uint8Array>().to_vec();
        line_rows(&lines, &options)
    } else if js_sys::Array::is_array(frames) {
        let frames: &js_sys::Array = frames.unchecked_ref();
        let mut rows = Vec::with_capacity(frames.length() as usize);
        for (i, value) in frames.iter().enumerate() {
            if value.is_null() || value.is_undefined() {
                rows.push(check_row(None, &options));
            } else {
                let text = string_arg(&value, &format!("frames[{i}]"))?;
                rows.push(check_row(Some(&text), &options).into_owned());
            }
        }
        rows
    } else {
        return Err(error(
            "TypeError",
            "frames must be an array of strings, one string of frames one per line, or a Uint8Array of such lines",
        ));
    };
    rows_to_js(&rows, form)
}

/// How the rows of `checkFrames` carry their payload.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PayloadForm {
    /// parsed: an object after `JSON.parse`
    Object,
    /// the JSON text as a string
    Text,
    /// left out (`null`)
    Omitted,
}

impl PayloadForm {
    fn parse(name: Option<&str>) -> Result<PayloadForm, JsValue> {
        match name {
            None | Some("object") => Ok(PayloadForm::Object),
            Some("text") => Ok(PayloadForm::Text),
            Some("none") => Ok(PayloadForm::Omitted),
            Some(other) => Err(error(
                "TypeError",
                &format!(
                    "bad options: payload must be \"object\", \"text\" or \"none\", not {other:?}"
                ),
            )),
        }
    }
}

/// The rows of the frames of JSON Lines `bytes`, the heap grown once for them first (a row
/// each, and the JSON text of the rows, about as long as the lines: the rows borrow their
/// payloads from `bytes`).
fn line_rows<'b>(bytes: &'b [u8], options: &CoreCheckOptions<'_>) -> Vec<FrameRow<'b>> {
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    reserve_heap(
        bytes
            .len()
            .saturating_mul(2)
            .saturating_add(lines.saturating_mul(size_of::<FrameRow<'_>>() + 64)),
    );
    let mut rows = Vec::with_capacity(lines);
    rows.extend(json_lines(bytes).map(|line| check_row_bytes(line, options)));
    rows
}

/// Grows the module's heap once by about `bytes` (an allocation made and freed: the allocator
/// keeps the memory for the allocations that follow). Without it a large batch grows the
/// WebAssembly memory in thousands of small steps, and V8 answers each step with a full garbage
/// collection of the caller's heap: a first call on 150,000 frames took 12–22 s instead of 1.2 s.
fn reserve_heap(bytes: usize) {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(bytes)));
}

/// The most rows in one JSON text given to `JSON.parse`: a text stays far below V8's longest
/// string (2^29 − 24 characters) whatever the payloads, and the module's buffer for it small.
const ROWS_PER_PARSE: usize = 32_768;

/// The rows as JS objects, through one JSON text and one `JSON.parse` per [`ROWS_PER_PARSE`]
/// rows: each row's fields but the payload written by serde, then the payload spliced in as
/// `form` says (as raw JSON for an object: the decoder read it, so it is JSON, and it is neither
/// escaped nor parsed again here). O(total length of the rows).
fn rows_to_js(rows: &[FrameRow<'_>], form: PayloadForm) -> Result<JsValue, JsValue> {
    let mut all: Option<js_sys::Array> = None;
    let mut out: Vec<u8> = Vec::new();
    for chunk in rows.chunks(ROWS_PER_PARSE) {
        out.clear();
        write_rows(&mut out, chunk, form)?;
        let text =
            std::str::from_utf8(&out).map_err(|e| error("ChargeshiftError", &e.to_string()))?;
        let parsed: js_sys::Array = js_sys::JSON::parse(text)?.unchecked_into();
        all = Some(match all {
            None => parsed,
            Some(before) => before.concat(&parsed),
        });
    }
    Ok(all.unwrap_or_default().into())
}

/// `rows` as one JSON array into `out` (see [`rows_to_js`]).
fn write_rows(out: &mut Vec<u8>, rows: &[FrameRow<'_>], form: PayloadForm) -> Result<(), JsValue> {
    let total: usize = rows
        .iter()
        .map(|r| 160 + r.payload.as_deref().map_or(0, str::len))
        .sum();
    out.reserve(total + 2);
    out.push(b'[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, &FrameRowView::from(row))
            .map_err(|e| error("ChargeshiftError", &e.to_string()))?;
        // the view ends with its closing brace: the payload goes before it
        out.pop();
        out.extend_from_slice(b",\"payload\":");
        match (form, row.payload.as_deref()) {
            (PayloadForm::Object, Some(p)) => out.extend_from_slice(p.as_bytes()),
            (PayloadForm::Text, Some(p)) => serde_json::to_writer(&mut *out, p)
                .map_err(|e| error("ChargeshiftError", &e.to_string()))?,
            _ => out.extend_from_slice(b"null"),
        }
        out.push(b'}');
    }
    out.push(b']');
    Ok(())
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
    opts: Option<crate::convert::CheckOptionsArg>,
) -> Result<JsValue, JsValue> {
    let text = string_arg(text, "frame")?;
    let opts: CheckOptions = options(&crate::convert::optional(opts))?;
    let options = opts.core()?;
    let checked = check(&text, &options).map_err(|e| decode_error(&e, options.version))?;
    to_js(&CheckedView {
        kind: checked.kind.to_string(),
        action: checked.action,
        message_id: checked.message_id.into(),
        payload: checked.payload,
        deviations: deviation_views(checked.deviations),
    })
}

/// The frames of many charge points, each connection with its own OCPP version, decoded as their
/// receiving ends would, every CALLRESULT and CALLERROR paired with its CALL by (identity,
/// message id) and direction.
#[wasm_bindgen]
pub struct Conversation {
    core: Core,
}

fn exchanged_view(exchanged: Exchanged) -> ExchangedView {
    let payload = exchanged.payload();
    ExchangedView {
        checked: CheckedView {
            kind: exchanged.kind.to_string(),
            action: exchanged.action,
            message_id: exchanged.message_id.into(),
            payload,
            deviations: deviation_views(exchanged.deviations),
        },
        paired: exchanged.paired,
        version: exchanged.version.to_string(),
    }
}

/// `OcppFrameError` for a frame, `Error` for an identity that was not opened.
fn conversation_error(err: &ConversationError) -> JsValue {
    match err {
        ConversationError::Decode {
            source, version, ..
        } => decode_error_saying(&err.to_string(), source, *version),
        _ => error("ConversationError", &err.to_string()),
    }
}

#[wasm_bindgen]
impl Conversation {
    /// A conversation with no connection open yet.
    ///
    /// # Errors
    /// Throws `TypeError` for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(opts: Option<crate::convert::ConversationOptionsArg>) -> Result<Self, JsValue> {
        let opts: ConversationOptions = options(&crate::convert::optional(opts))?;
        let mut core = CoreOptions::default()
            .with_leniency(Leniency::from_lenient(opts.lenient.unwrap_or(false)));
        if let Some(max) = opts.max_pending {
            core = core.with_max_pending(max);
        }
        let default_version = opts.default_version.as_deref().map(version).transpose()?;
        core = core.with_default_version(default_version);
        Ok(Self {
            core: Core::new(core),
        })
    }

    /// Opens (or, for a reconnect, reopens afresh) the connection of `identity` with `version`.
    ///
    /// # Errors
    /// Throws `TypeError` for an unknown version or a non-string argument.
    pub fn open(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] identity: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] version: &JsValue,
    ) -> Result<(), JsValue> {
        let identity = string_arg(identity, "identity")?;
        let version = self::version(&string_arg(version, "version")?)?;
        self.core.open(&identity, version);
        Ok(())
    }

    /// Closes the connection of `identity`; whether it was open.
    ///
    /// # Errors
    /// Throws `TypeError` for a non-string identity.
    pub fn close(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] identity: &JsValue,
    ) -> Result<bool, JsValue> {
        Ok(self.core.close(&string_arg(identity, "identity")?))
    }

    /// The OCPP version of `identity`'s open connection, e.g. `"ocpp1.6"`, or `undefined`.
    ///
    /// # Errors
    /// Throws `TypeError` for a non-string identity.
    pub fn version(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] identity: &JsValue,
    ) -> Result<Option<String>, JsValue> {
        let identity = string_arg(identity, "identity")?;
        Ok(self.core.version(&identity).map(|v| v.to_string()))
    }

    /// The CALLs of `identity`'s connection awaiting an answer, both directions together.
    ///
    /// # Errors
    /// Throws `TypeError` for a non-string identity.
    pub fn pending(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] identity: &JsValue,
    ) -> Result<usize, JsValue> {
        Ok(self.core.pending(&string_arg(identity, "identity")?))
    }

    /// The number of open connections.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.core.len()
    }

    /// Decodes `frame`, sent by `sender` (`"chargePoint"` or `"csms"`) on the connection of
    /// `identity`: what `checkFrame` returns, with `paired` and `version`.
    ///
    /// # Errors
    /// Throws `OcppFrameError` for a frame that does not decode (a CALLRESULT answering no pending
    /// CALL has `errorCode` "ProtocolError"), `Error` for an identity never opened, `TypeError`
    /// for a bad argument.
    #[wasm_bindgen(unchecked_return_type = "ConversationFrame")]
    pub fn decode(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] identity: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "\"chargePoint\" | \"csms\"")] sender: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] frame: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let identity = string_arg(identity, "identity")?;
        let from = self::sender(&string_arg(sender, "sender")?)?;
        let text = string_arg(frame, "frame")?;
        let exchanged = self
            .core
            .decode(&identity, from, &text)
            .map_err(|e| conversation_error(&e))?;
        to_js(&exchanged_view(exchanged))
    }
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
#[wasm_bindgen(js_name = parseFrame, unchecked_return_type = "ParsedFrame")]
pub fn parse_frame(
    #[wasm_bindgen(js_name = frame, unchecked_param_type = "string")] text: &JsValue,
) -> Result<JsValue, JsValue> {
    let text = string_arg(text, "frame")?;
    let frame = Frame::parse(&text).map_err(|e| frame_error(&e))?;
    to_js(&FrameView::from(&frame))
}
