//! `parseFrame`, `checkFrame`, `Conversation` and their `OcppFrameError`.

use chargeshift_ocpp::batch::{FrameRow, check_lines, check_row, line_count};
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
use crate::value::count_arg;

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
    let (check, form, frames) = batch_arguments(frames, opts)?;
    let options = check.core()?;
    let rows = frames.rows(&options);
    let pairs: Vec<(&FrameRow<'_>, Option<&str>)> =
        rows.iter().map(|r| (r, r.payload.as_deref())).collect();
    rows_to_js(&pairs, form)
}

/// The arguments of `checkFrames` and `checkFrameColumns`: the options of each frame's check,
/// the form of the payloads, and the frames.
fn batch_arguments(
    frames: &JsValue,
    opts: Option<crate::convert::CheckFramesOptionsArg>,
) -> Result<(CheckOptions, PayloadForm, FramesArg), JsValue> {
    let opts: CheckFramesOptions = options(&crate::convert::optional(opts))?;
    let (check, payload) = opts.split();
    let form = PayloadForm::parse(payload.as_deref())?;
    Ok((check, form, FramesArg::read(frames)?))
}

/// The `frames` argument of `checkFrames` and `checkFrameColumns`, read.
enum FramesArg {
    /// The UTF-8 bytes of JSON Lines (from one string or a `Uint8Array`).
    Lines(Vec<u8>),
    /// An array's frames (`None` for `null` and `undefined`).
    Array(Vec<Option<String>>),
}

impl FramesArg {
    fn read(frames: &JsValue) -> Result<FramesArg, JsValue> {
        if let Some(text) = frames.as_string() {
            Ok(FramesArg::Lines(text.into_bytes()))
        } else if frames.is_instance_of::<js_sys::Uint8Array>() {
            Ok(FramesArg::Lines(
                frames.unchecked_ref::<js_sys::Uint8Array>().to_vec(),
            ))
        } else if js_sys::Array::is_array(frames) {
            let frames: &js_sys::Array = frames.unchecked_ref();
            let mut texts = Vec::with_capacity(frames.length() as usize);
            for (i, value) in frames.iter().enumerate() {
                texts.push(if value.is_null() || value.is_undefined() {
                    None
                } else {
                    Some(string_arg(&value, &format!("frames[{i}]"))?)
                });
            }
            Ok(FramesArg::Array(texts))
        } else {
            Err(error(
                "TypeError",
                "frames must be an array of strings, one string of frames one per line, or a Uint8Array of such lines",
            ))
        }
    }

    /// One row per frame, in order, borrowing the payloads.
    fn rows(&self, options: &CoreCheckOptions<'_>) -> Vec<FrameRow<'_>> {
        match self {
            FramesArg::Lines(bytes) => line_rows(bytes, options),
            FramesArg::Array(texts) => texts
                .iter()
                .map(|t| check_row(t.as_deref(), options))
                .collect(),
        }
    }
}

/// Where a row of [`FrameColumns`] finds its payload.
enum PayloadAt {
    None,
    /// A span of the lines' bytes (the payload as sent).
    Span(usize, usize),
    /// Its own text (written back where a leniency changed it, or from an array's frame).
    Text(String),
}

/// The rows of `checkFrameColumns`: the frames checked as `checkFrames` checks them, kept in the
/// module and read by column or by row, so no JavaScript object is made for a row nobody reads
/// (a virtualised list reads the rows on screen; a count reads `valid()`).
#[wasm_bindgen]
pub struct FrameColumns {
    /// The lines the spans of [`PayloadAt::Span`] point into.
    lines: Vec<u8>,
    rows: Vec<FrameRow<'static>>,
    payloads: Vec<PayloadAt>,
    form: PayloadForm,
}

impl FrameColumns {
    fn payload(&self, i: usize) -> Option<&str> {
        match self.payloads.get(i)? {
            PayloadAt::None => None,
            PayloadAt::Span(start, end) => std::str::from_utf8(self.lines.get(*start..*end)?).ok(),
            PayloadAt::Text(text) => Some(text),
        }
    }
}

/// Checks many frames as `checkFrames` does (the same arguments and options), and keeps the
/// rows in the module: `valid()` and `messageTypes()` give whole columns as typed arrays,
/// `invalid()` the indices of the invalid rows, `row(i)` and `rows(start, end)` the rows as
/// `checkFrames` gives them, made only when read. The cheapest way to check a large log.
///
/// # Complexity
/// O(total length of the frames) plus the schema walks; a column or a row read later is O(rows
/// read).
///
/// # Errors
/// As `checkFrames`.
#[wasm_bindgen(js_name = checkFrameColumns)]
pub fn check_frame_columns(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | (string | null | undefined)[]")]
    frames: &JsValue,
    opts: Option<crate::convert::CheckFramesOptionsArg>,
) -> Result<FrameColumns, JsValue> {
    let (check, form, frames) = batch_arguments(frames, opts)?;
    let options = check.core()?;
    let (rows, payloads) = {
        let base = match &frames {
            FramesArg::Lines(bytes) => Some(bytes.as_slice()),
            FramesArg::Array(_) => None,
        };
        let mut rows = Vec::new();
        let mut payloads = Vec::new();
        for row in frames.rows(&options) {
            let (row, payload) = row.split_payload();
            payloads.push(match payload {
                None => PayloadAt::None,
                Some(_) if form == PayloadForm::Omitted => PayloadAt::None,
                Some(p) => match base.and_then(|b| span_in(b, &p)) {
                    Some((start, end)) => PayloadAt::Span(start, end),
                    None => PayloadAt::Text(p.into_owned()),
                },
            });
            rows.push(row);
        }
        (rows, payloads)
    };
    let lines = match frames {
        FramesArg::Lines(bytes) => bytes,
        FramesArg::Array(_) => Vec::new(),
    };
    Ok(FrameColumns {
        lines,
        rows,
        payloads,
        form,
    })
}

/// Where `part` lies in `whole`, when it is a slice of it.
fn span_in(whole: &[u8], part: &str) -> Option<(usize, usize)> {
    let start = part.as_ptr().addr().checked_sub(whole.as_ptr().addr())?;
    let end = start.checked_add(part.len())?;
    (end <= whole.len()).then_some((start, end))
}

#[wasm_bindgen]
impl FrameColumns {
    /// The number of rows (one per frame).
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.rows.len()
    }

    /// Whether each frame is valid: 1 or 0 per row.
    pub fn valid(&self) -> Vec<u8> {
        self.rows.iter().map(|r| u8::from(r.valid)).collect()
    }

    /// The indices of the invalid rows, in order.
    pub fn invalid(&self) -> Vec<u32> {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.valid)
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect()
    }

    /// The OCPP-J message type number of each row (2 CALL, 3 CALLRESULT, 4 CALLERROR, 5
    /// CALLRESULTERROR, 6 SEND), 0 where it could not be read.
    #[wasm_bindgen(js_name = messageTypes)]
    pub fn message_types(&self) -> Vec<u8> {
        self.rows
            .iter()
            .map(|r| r.message_type.map_or(0, FrameKind::number))
            .collect()
    }

    /// Row `index`, as `checkFrames` gives it.
    ///
    /// # Errors
    /// `RangeError` for an index that is not an integer below `length`.
    #[wasm_bindgen(unchecked_return_type = "FrameRow")]
    pub fn row(&self, index: &JsValue) -> Result<JsValue, JsValue> {
        let last = self.rows.len().checked_sub(1).ok_or_else(|| {
            error(
                "RangeError",
                "index: there is no row (no frames were checked)",
            )
        })?;
        let i = count_arg(index, "index", last)?;
        let rows: js_sys::Array = self.rows_js(i, i + 1)?.unchecked_into();
        Ok(rows.get(0))
    }

    /// Rows `start` to `end` (not included), as `checkFrames` gives them: the rows a list shows.
    ///
    /// # Errors
    /// `RangeError` unless `0 <= start <= end <= length`, both integers.
    #[wasm_bindgen(unchecked_return_type = "FrameRow[]")]
    pub fn rows(&self, start: &JsValue, end: &JsValue) -> Result<JsValue, JsValue> {
        let n = self.rows.len();
        let end = count_arg(end, "end", n)?;
        let start = count_arg(start, "start", end)?;
        self.rows_js(start, end)
    }
}

impl FrameColumns {
    fn rows_js(&self, start: usize, end: usize) -> Result<JsValue, JsValue> {
        let pairs: Vec<(&FrameRow<'_>, Option<&str>)> = (start..end)
            .filter_map(|i| Some((self.rows.get(i)?, self.payload(i))))
            .collect();
        rows_to_js(&pairs, self.form)
    }
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
    reserve_heap(
        bytes
            .len()
            .saturating_mul(2)
            .saturating_add(line_count(bytes).saturating_mul(size_of::<FrameRow<'_>>() + 64)),
    );
    check_lines(bytes, options)
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
fn rows_to_js(
    rows: &[(&FrameRow<'_>, Option<&str>)],
    form: PayloadForm,
) -> Result<JsValue, JsValue> {
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
fn write_rows(
    out: &mut Vec<u8>,
    rows: &[(&FrameRow<'_>, Option<&str>)],
    form: PayloadForm,
) -> Result<(), JsValue> {
    let total: usize = rows
        .iter()
        .map(|(_, payload)| 160 + payload.map_or(0, str::len))
        .sum();
    out.reserve(total + 2);
    out.push(b'[');
    for (i, &(row, payload)) in rows.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        serde_json::to_writer(&mut *out, &FrameRowView::from(row))
            .map_err(|e| error("ChargeshiftError", &e.to_string()))?;
        // the view ends with its closing brace: the payload goes before it
        out.pop();
        out.extend_from_slice(b",\"payload\":");
        match (form, payload) {
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
