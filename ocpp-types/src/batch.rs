//! Checking many frames at once into rows, one row per frame whatever happens: what a columnar
//! caller (the Python bindings' `check_frames`, a log analyser) turns into a table.
//!
//! A frame that decodes gives a valid row with its payload; one that does not gives an invalid
//! row with the OCPP-J error code (spelt for the version), the message and the JSON path, and as
//! much of the frame as could be read (message type, message id, action). A missing frame (a null
//! in a column) is an invalid row too. Nothing is dropped and nothing panics.
//!
//! ```
//! use chargeshift_ocpp::batch::{FrameRow, check_rows};
//! use chargeshift_ocpp::inspect::CheckOptions;
//! use chargeshift_ocpp::{Endpoint, OcppVersion};
//!
//! let frames = [Some(r#"[2,"1","Heartbeat",{}]"#), Some(r#"[2,"2","Heartbeat",{"x":1}]"#), None];
//! let rows = check_rows(frames, &CheckOptions::new(OcppVersion::V16, Endpoint::ChargePoint));
//! assert!(rows[0].valid && rows[0].payload.as_deref() == Some("{}"));
//! assert!(!rows[1].valid && rows[1].error_code.is_some() && rows[1].error.is_some());
//! assert_eq!((rows[1].message_id.as_deref(), rows[1].action.as_deref()), (Some("2"), Some("Heartbeat")));
//! assert_eq!(rows[2].error_code, Some("FormationViolation"));
//! ```

use std::borrow::Cow;

use crate::conversation::{Conversation, ConversationError};
use crate::decode_error::DecodeError;
use crate::direction::Endpoint;
use crate::error::ErrorCode;
use crate::framing::{Frame, FrameKind};
use crate::inspect::{CheckOptions, Checked, WriteBack, check_with};
use crate::message_id::MessageId;
use crate::validate::Deviation;
use crate::version::OcppVersion;

/// The message of the row of a missing frame.
pub const MISSING_FRAME: &str = "no frame: the value is missing (null)";

/// The frames of JSON Lines (a log, one frame per line, as bytes read from a file): one item per
/// line, in order. A line ending `\r\n` is read without its `\r`; an empty line is a missing
/// frame (`None`, which [`check_row_bytes`] makes an invalid row: nothing is dropped); the empty
/// line after a final newline is no frame; a UTF-8 byte order mark at the very start (as some
/// Windows tools write) is not part of the first frame. Nothing is copied.
///
/// # Complexity
/// O(length of `bytes`).
///
/// ```
/// use chargeshift_ocpp::batch::json_lines;
/// let lines: Vec<_> = json_lines(b"[2,\"1\",\"Heartbeat\",{}]\r\n\n[3]\n").collect();
/// assert_eq!(lines, [Some(&b"[2,\"1\",\"Heartbeat\",{}]"[..]), None, Some(&b"[3]"[..])]);
/// assert_eq!(json_lines(b"").count(), 0);
/// assert_eq!(json_lines(b"\xEF\xBB\xBF[3]\n").collect::<Vec<_>>(), [Some(&b"[3]"[..])]);
/// ```
pub fn json_lines(bytes: &[u8]) -> impl Iterator<Item = Option<&[u8]>> {
    line_spans(bytes).map(|span| span.and_then(|(start, end)| bytes.get(start..end)))
}

/// The lines of `text` as [`json_lines`] gives them, for a text known to be UTF-8 (the spans
/// end at a newline, a `\r` or the byte order mark: always character boundaries).
fn text_lines(text: &str) -> impl Iterator<Item = Option<&str>> {
    line_spans(text.as_bytes()).map(|span| span.and_then(|(start, end)| text.get(start..end)))
}

/// The rules of [`json_lines`] as spans of `bytes`: the byte order mark, the final newline, a
/// `\r` before a newline left out; an empty line `None`. The newlines are found a word at a time
/// (`memchr`) rather than a byte at a time.
fn line_spans(bytes: &[u8]) -> impl Iterator<Item = Option<(usize, usize)>> + '_ {
    let from = if bytes.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let to = bytes.len() - usize::from(bytes.len() > from && bytes.ends_with(b"\n"));
    let body = bytes.get(from..to).unwrap_or_default();
    let mut start = from;
    memchr::memchr_iter(b'\n', body)
        .map(move |i| from + i)
        .chain(std::iter::once(to))
        .take(if bytes.len() == from { 0 } else { usize::MAX })
        .map(move |end| {
            let begin = start;
            start = end + 1;
            let end = if end > begin && bytes.get(end - 1) == Some(&b'\r') {
                end - 1
            } else {
                end
            };
            (end > begin).then_some((begin, end))
        })
}

/// How many lines `bytes` has at most: one more than its newlines (room for the rows of
/// [`check_lines`]). O(length of `bytes`), a word at a time.
///
/// ```
/// assert_eq!(chargeshift_ocpp::batch::line_count(b"[3]\n[3]"), 2);
/// ```
#[must_use]
pub fn line_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count() + 1
}

/// The rows of every frame of JSON Lines `bytes`: [`check_row_bytes`] of each item of
/// [`json_lines`], in order. The UTF-8 of the whole text is checked once; only a text with a
/// line that is not UTF-8 is checked line by line (that line's row says why).
///
/// # Complexity
/// O(length of `bytes`) plus the schema walks.
///
/// ```
/// use chargeshift_ocpp::batch::check_lines;
/// use chargeshift_ocpp::inspect::CheckOptions;
/// use chargeshift_ocpp::{Endpoint, OcppVersion};
/// let options = CheckOptions::new(OcppVersion::V16, Endpoint::ChargePoint);
/// let rows = check_lines(b"[2,\"1\",\"Heartbeat\",{}]\r\n\n[2,\"2\",\"Heartbeat\",{\"x\":1}]\n", &options);
/// assert_eq!(rows.iter().map(|r| r.valid).collect::<Vec<_>>(), [true, false, false]);
/// ```
#[must_use]
pub fn check_lines<'t>(bytes: &'t [u8], options: &CheckOptions<'_>) -> Vec<FrameRow<'t>> {
    let mut rows = Vec::with_capacity(line_count(bytes));
    match std::str::from_utf8(bytes) {
        Ok(text) => rows.extend(text_lines(text).map(|line| check_row(line, options))),
        Err(_) => rows.extend(json_lines(bytes).map(|line| check_row_bytes(line, options))),
    }
    rows
}

/// One frame, checked: the columns of a batch check.
///
/// The row borrows what it can from the frame's text `'t` (the payload as sent) and from the
/// tables of the crate (the action's name), so a valid row of a usual frame allocates nothing;
/// [`FrameRow::into_owned`] makes a row that outlives the text.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FrameRow<'t> {
    /// The message type, when it could be read.
    pub message_type: Option<FrameKind>,
    /// The message id, when it could be read.
    pub message_id: Option<MessageId>,
    /// The action: a CALL's or SEND's own, an answer's from the CALL it answers.
    pub action: Option<Cow<'static, str>>,
    /// Whether the frame decoded and validated.
    pub valid: bool,
    /// The OCPP-J error code of an invalid frame, spelt for the version.
    pub error_code: Option<&'static str>,
    /// What is wrong with an invalid frame.
    pub error: Option<String>,
    /// The JSON path of the field at fault, when there is one.
    pub path: Option<String>,
    /// What the leniencies accepted.
    pub deviations: Vec<Deviation>,
    /// The payload as JSON text (CALL, SEND and typed CALLRESULT frames that are valid): from
    /// [`check_row`], as the frame sent it unless a leniency changed it (then as the typed message
    /// writes it back, as always from [`FrameRow::checked`]).
    pub payload: Option<Cow<'t, str>>,
    /// For a conversation: whether the frame answered a pending CALL.
    pub paired: Option<bool>,
}

impl FrameRow<'_> {
    /// The row, owning its payload: one that outlives the frame's text.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::{FrameRow, check_row};
    /// use chargeshift_ocpp::inspect::CheckOptions;
    /// let row: FrameRow<'static> = {
    ///     let text = String::from(r#"[2,"1","Heartbeat",{}]"#);
    ///     check_row(Some(&text), &CheckOptions::default()).into_owned()
    /// };
    /// assert_eq!(row.payload.as_deref(), Some("{}"));
    /// ```
    #[must_use]
    pub fn into_owned(self) -> FrameRow<'static> {
        FrameRow {
            payload: self.payload.map(|p| Cow::Owned(p.into_owned())),
            ..self
        }
    }
}

impl<'t> FrameRow<'t> {
    /// The row without its payload, and the payload: for a caller that keeps the payloads apart
    /// (as spans of the text it read, say) and the rows after the text is gone.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::check_row;
    /// use chargeshift_ocpp::inspect::CheckOptions;
    /// let text = r#"[2,"1","Heartbeat",{}]"#;
    /// let (row, payload) = check_row(Some(text), &CheckOptions::default()).split_payload();
    /// assert!(row.valid && row.payload.is_none());
    /// assert_eq!(payload.as_deref(), Some("{}"));
    /// ```
    #[must_use]
    pub fn split_payload(mut self) -> (FrameRow<'static>, Option<Cow<'t, str>>) {
        let payload = self.payload.take();
        (
            FrameRow {
                payload: None,
                ..self
            },
            payload,
        )
    }
}

impl FrameRow<'static> {
    /// The row of a missing frame (a null): invalid, a `FormationViolation`.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::FrameRow;
    /// use chargeshift_ocpp::OcppVersion;
    /// let row = FrameRow::missing(OcppVersion::V16);
    /// assert!(!row.valid && row.message_type.is_none());
    /// ```
    #[must_use]
    pub fn missing(version: OcppVersion) -> FrameRow<'static> {
        FrameRow {
            message_type: None,
            message_id: None,
            action: None,
            valid: false,
            error_code: Some(ErrorCode::FormatViolation.as_str(version)),
            error: Some(MISSING_FRAME.to_owned()),
            path: None,
            deviations: Vec::new(),
            payload: None,
            paired: None,
        }
    }

    /// The row of a frame whose text could not be read as UTF-8 (bytes that are not UTF-8, a
    /// string with a lone surrogate): invalid, the code of a malformed frame, `detail` saying
    /// what is wrong and where.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::FrameRow;
    /// use chargeshift_ocpp::OcppVersion;
    /// let row = FrameRow::not_text(OcppVersion::V201, "a lone surrogate at position 3");
    /// assert_eq!(row.error_code, Some("FormatViolation"));
    /// assert_eq!(row.error.as_deref(), Some("the frame is not UTF-8 text: a lone surrogate at position 3"));
    /// ```
    #[must_use]
    pub fn not_text(version: OcppVersion, detail: &str) -> FrameRow<'static> {
        FrameRow {
            error: Some(format!("the frame is not UTF-8 text: {detail}")),
            ..FrameRow::missing(version)
        }
    }

    /// The row of a frame that decoded.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::FrameRow;
    /// use chargeshift_ocpp::inspect::{CheckOptions, check};
    /// let checked = check(r#"[2,"1","Heartbeat",{}]"#, &CheckOptions::default())?;
    /// assert!(FrameRow::checked(&checked).valid);
    /// # Ok::<(), chargeshift_ocpp::DecodeError>(())
    /// ```
    #[must_use]
    pub fn checked(checked: &Checked) -> FrameRow<'static> {
        FrameRow {
            message_type: Some(checked.kind),
            message_id: Some(checked.message_id.clone()),
            action: checked.action.map(Cow::Borrowed),
            valid: true,
            error_code: None,
            error: None,
            path: None,
            deviations: checked.deviations.clone(),
            payload: checked.payload.as_ref().map(|p| Cow::Owned(p.to_string())),
            paired: None,
        }
    }

    /// The row of `text` that did not decode with `err` in `version`; `action` is the action the
    /// caller gave for an answer. The frame is parsed again (without its schema) for its message
    /// type, message id and action.
    ///
    /// ```
    /// use chargeshift_ocpp::batch::FrameRow;
    /// use chargeshift_ocpp::inspect::{CheckOptions, check};
    /// use chargeshift_ocpp::OcppVersion;
    /// let text = r#"[2,"9","NoSuchThing",{}]"#;
    /// let err = check(text, &CheckOptions::default()).unwrap_err();
    /// let row = FrameRow::failed(text, &err, OcppVersion::V201, None);
    /// assert!(!row.valid && row.error_code.is_some());
    /// assert_eq!((row.message_id.as_deref(), row.action.as_deref()), (Some("9"), Some("NoSuchThing")));
    /// ```
    #[must_use]
    pub fn failed(
        text: &str,
        err: &DecodeError,
        version: OcppVersion,
        action: Option<&str>,
    ) -> FrameRow<'static> {
        let (message_type, message_id, frame_action) = parts(text);
        let is_answer = matches!(
            message_type,
            Some(FrameKind::CallResult | FrameKind::CallError | FrameKind::CallResultError)
        );
        FrameRow {
            message_type,
            message_id: message_id.or_else(|| err.message_id().map(MessageId::from)),
            action: frame_action.or_else(|| {
                if is_answer {
                    action.map(|a| Cow::Owned(a.to_owned()))
                } else {
                    None
                }
            }),
            valid: false,
            error_code: Some(err.error_code().as_str(version)),
            error: Some(err.to_string()),
            path: err.path().map(str::to_owned),
            deviations: Vec::new(),
            payload: None,
            paired: None,
        }
    }
}

/// Checks one frame given as bytes (or a missing one) with `options` into its row, as
/// [`check_row`] checks text: bytes that are not UTF-8 (OCPP-J frames are JSON text) give an
/// invalid row with the code of a malformed frame and the offset of the first bad byte.
///
/// # Complexity
/// O(n) in the frame's length plus the walk of its schema, as [`check_row`].
///
/// ```
/// use chargeshift_ocpp::batch::check_row_bytes;
/// use chargeshift_ocpp::inspect::CheckOptions;
/// use chargeshift_ocpp::{Endpoint, OcppVersion};
/// let options = CheckOptions::new(OcppVersion::V16, Endpoint::ChargePoint);
/// assert!(check_row_bytes(Some(br#"[2,"1","Heartbeat",{}]"#), &options).valid);
/// let row = check_row_bytes(Some(b"[2,\"1\",\"Heart\xFFbeat\",{}]"), &options);
/// assert_eq!(row.error_code, Some("FormationViolation"));
/// assert!(row.error.as_deref().unwrap().contains("not UTF-8"));
/// ```
#[must_use]
pub fn check_row_bytes<'t>(bytes: Option<&'t [u8]>, options: &CheckOptions<'_>) -> FrameRow<'t> {
    match bytes.map(std::str::from_utf8) {
        None => FrameRow::missing(options.version),
        Some(Ok(text)) => check_row(Some(text), options),
        Some(Err(e)) => FrameRow::not_text(options.version, &e.to_string()),
    }
}

/// Checks one frame (or a missing one) with `options` into its row.
///
/// # Complexity
/// O(n) in the frame's length plus the walk of its schema, as [`check`]; an invalid frame is
/// parsed a second time.
///
/// ```
/// use chargeshift_ocpp::batch::check_row;
/// use chargeshift_ocpp::inspect::CheckOptions;
/// use chargeshift_ocpp::{Endpoint, OcppVersion};
/// let options = CheckOptions::new(OcppVersion::V16, Endpoint::Csms).with_action(Some("Heartbeat"));
/// let row = check_row(Some(r#"[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]"#), &options);
/// assert_eq!((row.valid, row.action.as_deref()), (true, Some("Heartbeat")));
/// ```
#[must_use]
pub fn check_row<'t>(text: Option<&'t str>, options: &CheckOptions<'_>) -> FrameRow<'t> {
    let Some(text) = text else {
        return FrameRow::missing(options.version);
    };
    match check_with(text, options, WriteBack::IfChanged) {
        Ok(checked) => {
            let mut row = FrameRow::checked(&checked);
            if row.payload.is_none() {
                // nothing changed by a leniency: the payload as sent is the payload decoded
                row.payload = verbatim_payload(text, checked.kind).map(Cow::Borrowed);
            }
            row
        }
        Err(err) => FrameRow::failed(text, &err, options.version, options.action),
    }
}

/// The payload of a frame that decoded, as its text stands in `text`: the last element of the
/// frame's array, after the message type, the message id and (CALL, SEND) the action. `None` for
/// the error frames. O(length of the frame's head), the payload itself is not read.
fn verbatim_payload(text: &str, kind: FrameKind) -> Option<&str> {
    let heads = match kind {
        FrameKind::Call | FrameKind::Send => 3,
        FrameKind::CallResult => 2,
        FrameKind::CallError | FrameKind::CallResultError => return None,
    };
    // the elements before the payload are a number and strings: a comma outside a string ends one
    let (mut commas, mut in_string, mut escaped) = (0, false, false);
    let mut start = None;
    for (i, byte) in text.bytes().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b',' {
            commas += 1;
            if commas == heads {
                start = Some(i + 1);
                break;
            }
        }
    }
    let end = text.rfind(']')?;
    let payload = text.get(start?..end)?.trim_matches([' ', '\t', '\n', '\r']);
    (!payload.is_empty()).then_some(payload)
}

/// Checks every frame with the same `options`, one row per frame in order.
///
/// # Complexity
/// O(total length) plus the schema walks, as [`check_row`] per frame.
///
/// ```
/// use chargeshift_ocpp::batch::check_rows;
/// use chargeshift_ocpp::inspect::CheckOptions;
/// assert_eq!(check_rows([Some("[2,"), None], &CheckOptions::default()).len(), 2);
/// ```
#[must_use]
pub fn check_rows<'t>(
    frames: impl IntoIterator<Item = Option<&'t str>>,
    options: &CheckOptions<'_>,
) -> Vec<FrameRow<'t>> {
    frames.into_iter().map(|t| check_row(t, options)).collect()
}

/// Decodes one frame (or a missing one) sent by `sender` on the connection of `identity` of
/// `conversation` into its row: a CALLRESULT is typed by the CALL it answers, and `paired` says
/// whether it answered one. An identity never opened (without a default version) is an invalid
/// row with a `GenericError`.
///
/// # Complexity
/// O(n) in the frame's length plus the walk of its schema, as [`Conversation::decode`].
///
/// ```
/// use chargeshift_ocpp::batch::conversation_row;
/// use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
/// use chargeshift_ocpp::{Endpoint, OcppVersion};
/// let mut conv = Conversation::new(ConversationOptions::default().with_default_version(Some(OcppVersion::V16)));
/// let call = conversation_row(&mut conv, "CP1", Endpoint::ChargePoint, Some(r#"[2,"1","Heartbeat",{}]"#));
/// let answer = conversation_row(&mut conv, "CP1", Endpoint::Csms, Some(r#"[3,"1",{"currentTime":"2026-01-01T00:00:00Z"}]"#));
/// assert!(call.valid && answer.valid);
/// assert_eq!((answer.action.as_deref(), answer.paired), (Some("Heartbeat"), Some(true)));
/// ```
#[must_use]
pub fn conversation_row<'t>(
    conversation: &mut Conversation,
    identity: &str,
    sender: Endpoint,
    text: Option<&'t str>,
) -> FrameRow<'t> {
    let fallback = conversation
        .version(identity)
        .unwrap_or(CheckOptions::DEFAULT.version);
    let Some(text) = text else {
        return FrameRow::missing(fallback);
    };
    match conversation.decode(identity, sender, text) {
        Ok(exchanged) => FrameRow {
            message_type: Some(exchanged.kind),
            // as in `check_row`: the payload as sent unless a leniency changed it
            payload: if exchanged.deviations.is_empty() {
                verbatim_payload(text, exchanged.kind).map(Cow::Borrowed)
            } else {
                exchanged.payload().map(|p| Cow::Owned(p.to_string()))
            },
            message_id: Some(exchanged.message_id),
            action: exchanged.action.map(Cow::Borrowed),
            valid: true,
            error_code: None,
            error: None,
            path: None,
            deviations: exchanged.deviations,
            paired: Some(exchanged.paired),
        },
        Err(ConversationError::Decode {
            version, source, ..
        }) => {
            let mut row = FrameRow::failed(text, &source, version, None);
            row.paired = Some(false);
            row
        }
        Err(other) => {
            let (message_type, message_id, action) = parts(text);
            FrameRow {
                message_type,
                message_id,
                action,
                valid: false,
                error_code: Some(ErrorCode::GenericError.as_str(fallback)),
                error: Some(other.to_string()),
                path: None,
                deviations: Vec::new(),
                payload: None,
                paired: Some(false),
            }
        }
    }
}

/// The message type, message id and action of `text`, as far as they can be read.
fn parts(
    text: &str,
) -> (
    Option<FrameKind>,
    Option<MessageId>,
    Option<Cow<'static, str>>,
) {
    match Frame::parse(text) {
        Ok(frame) => (
            Some(frame.kind()),
            Some(MessageId::from(frame.message_id())),
            frame.action().map(|a| Cow::Owned(a.to_owned())),
        ),
        Err(e) => (e.kind(), e.message_id().map(MessageId::from), None),
    }
}

#[cfg(test)]
mod tests {
    use super::{check_lines, check_row_bytes, json_lines, text_lines};
    use crate::inspect::CheckOptions;
    use crate::{Endpoint, OcppVersion};
    use proptest::prelude::*;

    proptest! {
        /// The lines of a text are those of its bytes, and the rows of `check_lines` those of
        /// each line checked alone, with or without a line that is not UTF-8.
        #[test]
        fn check_lines_is_each_line_checked_alone(
            parts in proptest::collection::vec(prop_oneof![
                Just(&b"[2,\"1\",\"Heartbeat\",{}]"[..]),
                Just(&b"[2,\"2\",\"Heartbeat\",{\"x\":1}]"[..]),
                Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..]),
                Just(&b"\xEF\xBB\xBF"[..]), Just(&b"\xFF"[..]), Just(&b"\xC3\xA9"[..]),
                Just(&b"[3,\"1\",{}]"[..]),
            ], 0..12),
        ) {
            let bytes = parts.concat();
            let options = CheckOptions::new(OcppVersion::V16, Endpoint::ChargePoint);
            let alone: Vec<_> = json_lines(&bytes).map(|l| check_row_bytes(l, &options)).collect();
            prop_assert_eq!(check_lines(&bytes, &options), alone);
            // the rules of `json_lines`, written the plain way: a byte at a time
            let plain = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let body = plain.strip_suffix(b"\n").unwrap_or(plain);
            let expected: Vec<Option<&[u8]>> = if plain.is_empty() {
                Vec::new()
            } else {
                body.split(|&b| b == b'\n')
                    .map(|l| Some(l.strip_suffix(b"\r").unwrap_or(l)).filter(|l| !l.is_empty()))
                    .collect()
            };
            prop_assert_eq!(json_lines(&bytes).collect::<Vec<_>>(), expected.clone());
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let as_text: Vec<_> = text_lines(text).map(|l| l.map(str::as_bytes)).collect();
                prop_assert_eq!(as_text, expected);
            }
        }
    }
}
