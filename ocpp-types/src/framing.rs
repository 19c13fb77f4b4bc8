//! OCPP-J RPC framing: CALL, CALLRESULT, CALLERROR, and OCPP 2.1's CALLRESULTERROR and SEND.
//!
//! A frame is a JSON array whose first element is the message type number:
//!
//! | type | name            | shape                                                    |
//! |------|-----------------|----------------------------------------------------------|
//! | 2    | CALL            | `[2, messageId, action, payload]`                        |
//! | 3    | CALLRESULT      | `[3, messageId, payload]`                                |
//! | 4    | CALLERROR       | `[4, messageId, errorCode, errorDescription, details]`   |
//! | 5    | CALLRESULTERROR | `[5, messageId, errorCode, errorDescription, details]`   |
//! | 6    | SEND            | `[6, messageId, action, payload]`                        |
//!
//! The message id is a string of at most 36 characters. A CALLRESULT does not name its action:
//! the caller pairs it with the pending CALL by message id.

use std::fmt;

use serde_json::Value;

use crate::error::ErrorCode;
use crate::message_id::MessageId;

pub use crate::message_id::MAX_MESSAGE_ID_LEN;

/// Whether `id` is short enough for a message id (at most [`MAX_MESSAGE_ID_LEN`] characters).
#[inline]
pub(crate) fn valid_message_id(id: &str) -> bool {
    crate::constraint::max_len(id, MAX_MESSAGE_ID_LEN)
}

/// The default limit on the size of one frame, in bytes (1 MiB).
pub const DEFAULT_MAX_FRAME_BYTES: usize = 1 << 20;

/// The message type of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FrameKind {
    /// A request (2).
    Call,
    /// A successful response (3).
    CallResult,
    /// An error response (4).
    CallError,
    /// An error about a CALLRESULT (5, OCPP 2.1).
    CallResultError,
    /// An unconfirmed message (6, OCPP 2.1).
    Send,
}

impl FrameKind {
    /// The message type number on the wire.
    #[must_use]
    pub const fn number(self) -> u8 {
        match self {
            Self::Call => 2,
            Self::CallResult => 3,
            Self::CallError => 4,
            Self::CallResultError => 5,
            Self::Send => 6,
        }
    }

    /// The number of array elements a frame of this kind has.
    #[must_use]
    pub const fn arity(self) -> usize {
        match self {
            Self::Call | Self::Send => 4,
            Self::CallResult => 3,
            Self::CallError | Self::CallResultError => 5,
        }
    }

    /// The kind for a message type number, if the protocol defines one.
    #[must_use]
    pub const fn from_number(n: u64) -> Option<Self> {
        match n {
            2 => Some(Self::Call),
            3 => Some(Self::CallResult),
            4 => Some(Self::CallError),
            5 => Some(Self::CallResultError),
            6 => Some(Self::Send),
            _ => None,
        }
    }

    /// The kind's name as OCPP-J spells it (`CALL`, `CALLRESULT`, ...), as `Display` writes it.
    ///
    /// ```
    /// use chargeshift_ocpp::FrameKind;
    /// assert_eq!(FrameKind::CallResult.as_str(), "CALLRESULT");
    /// assert_eq!(FrameKind::Send.to_string(), FrameKind::Send.as_str());
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Call => "CALL",
            Self::CallResult => "CALLRESULT",
            Self::CallError => "CALLERROR",
            Self::CallResultError => "CALLRESULTERROR",
            Self::Send => "SEND",
        }
    }
}

impl fmt::Display for FrameKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One OCPP-J frame with its payload as JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Frame {
    /// `[2, messageId, action, payload]`
    Call {
        /// The message id.
        message_id: MessageId,
        /// The action name, e.g. `BootNotification`.
        action: String,
        /// The request payload.
        payload: Value,
    },
    /// `[3, messageId, payload]`
    CallResult {
        /// The message id of the CALL this answers.
        message_id: MessageId,
        /// The response payload.
        payload: Value,
    },
    /// `[4, messageId, errorCode, errorDescription, errorDetails]`
    CallError {
        /// The message id of the CALL this answers.
        message_id: MessageId,
        /// The error code as sent (kept verbatim; see [`ErrorCode::parse`]).
        error_code: String,
        /// A human-readable description.
        error_description: String,
        /// A JSON object with details.
        error_details: Value,
    },
    /// `[5, messageId, errorCode, errorDescription, errorDetails]` (OCPP 2.1)
    CallResultError {
        /// The message id of the CALLRESULT this is about.
        message_id: MessageId,
        /// The error code as sent.
        error_code: String,
        /// A human-readable description.
        error_description: String,
        /// A JSON object with details.
        error_details: Value,
    },
    /// `[6, messageId, action, payload]` (OCPP 2.1)
    Send {
        /// The message id.
        message_id: MessageId,
        /// The action name.
        action: String,
        /// The payload.
        payload: Value,
    },
}

/// Why a text is not a valid OCPP-J frame.
///
/// Each error knows the OCPP-J [`ErrorCode`] a server should answer with, and the message id when it
/// could be read, so that a CALLERROR can be sent back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The frame is larger than the configured limit.
    #[error("frame of {size} bytes exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The frame's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The text is not JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    InvalidJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The JSON is not an array.
    #[error("a frame must be a JSON array, found {found}")]
    NotAnArray {
        /// The JSON type found.
        found: &'static str,
    },
    /// The array is empty or its first element is not an integer: there is no message type
    /// number, so the text is not an RPC message at all (RpcFrameworkError in 2.x,
    /// FormationViolation in 1.6).
    ///
    /// ```
    /// use chargeshift_ocpp::{ErrorCode, Frame, FrameError};
    ///
    /// let err = Frame::parse("[]").unwrap_err();
    /// assert!(matches!(err, FrameError::NoMessageType { .. }));
    /// assert_eq!(err.error_code(), ErrorCode::RpcFrameworkError);
    /// assert_eq!(Frame::parse(r#"["2","a","Heartbeat",{}]"#).unwrap_err().error_code(), ErrorCode::RpcFrameworkError);
    /// ```
    #[error("element 0 must be a message type number, found {}", crate::text::clip(.found, 40))]
    NoMessageType {
        /// The first element as JSON text, or `nothing`.
        found: String,
        /// The message id, when element 1 is a valid one.
        message_id: Option<String>,
    },
    /// The first element is an integer that is not a known message type number.
    #[error("unknown message type {} (expected 2, 3, 4, 5 or 6)", crate::text::clip(.found, 40))]
    UnknownMessageType {
        /// The first element as JSON text.
        found: String,
        /// The message id, when element 1 is a valid one.
        message_id: Option<String>,
    },
    /// The array has the wrong number of elements for its message type.
    #[error("a {kind} frame has {expected} elements, found {found}")]
    WrongLength {
        /// The frame kind.
        kind: FrameKind,
        /// Elements expected.
        expected: usize,
        /// Elements found.
        found: usize,
        /// The message id, when element 1 is a valid one.
        message_id: Option<String>,
    },
    /// The message id is not a string, or too long.
    #[error("message id at index 1 {problem}")]
    InvalidMessageId {
        /// The frame kind.
        kind: FrameKind,
        /// What is wrong with it.
        problem: String,
    },
    /// An object in the frame gives a key twice (`{"a":1,"a":2}`), at any depth: two readers of
    /// the frame could see two different values. Answered as a malformed payload
    /// (FormationViolation in 1.6, FormatViolation in 2.x) with the key's path.
    ///
    /// ```
    /// use chargeshift_ocpp::{ErrorCode, Frame, FrameError};
    ///
    /// let err = Frame::parse(r#"[2,"7","DataTransfer",{"vendorId":"V","data":{"a":1,"a":2}}]"#).unwrap_err();
    /// assert!(matches!(err, FrameError::DuplicateKey { .. }));
    /// assert_eq!(err.error_code(), ErrorCode::FormatViolation);
    /// assert_eq!(err.path(), Some("$.data.a"));
    /// assert_eq!(err.message_id(), Some("7"));
    /// ```
    #[error("{kind} frame (message id {message_id:?}): key given twice at {}", crate::text::clip(.path, 128))]
    DuplicateKey {
        /// The frame kind.
        kind: FrameKind,
        /// The message id.
        message_id: String,
        /// The JSON path of the repeated key within the payload (or a CALLERROR's details),
        /// e.g. `$.meterValue[0].timestamp`.
        path: String,
    },
    /// An element has the wrong JSON type.
    #[error(
        "{kind} frame (message id {message_id:?}): element {index} ({name}) must be {expected}, found {found}"
    )]
    WrongElementType {
        /// The frame kind.
        kind: FrameKind,
        /// The message id.
        message_id: String,
        /// The array index.
        index: usize,
        /// The element's name, e.g. `action`.
        name: &'static str,
        /// The JSON type required.
        expected: &'static str,
        /// The JSON type found.
        found: &'static str,
    },
}

impl FrameError {
    /// The OCPP-J error code a receiver answers this error with.
    #[must_use]
    pub const fn error_code(&self) -> ErrorCode {
        match self {
            Self::TooLarge { .. } | Self::InvalidJson { .. } | Self::NotAnArray { .. } => {
                ErrorCode::RpcFrameworkError
            }
            Self::UnknownMessageType { .. } => ErrorCode::MessageTypeNotSupported,
            Self::NoMessageType { .. }
            | Self::WrongLength { .. }
            | Self::InvalidMessageId { .. } => ErrorCode::RpcFrameworkError,
            // the payload (and a CALLERROR's details) is the PDU: "syntactically incorrect or not
            // conform the PDU structure" is FormatViolation
            Self::WrongElementType {
                kind: FrameKind::Call | FrameKind::Send,
                index: 3,
                ..
            }
            | Self::WrongElementType {
                kind: FrameKind::CallResult,
                index: 2,
                ..
            }
            | Self::WrongElementType {
                kind: FrameKind::CallError | FrameKind::CallResultError,
                index: 4,
                ..
            } => ErrorCode::FormatViolation,
            // the action, errorCode and errorDescription are the RPC envelope: "content of the
            // call is not a valid RPC request" is RpcFrameworkError
            Self::WrongElementType { .. } => ErrorCode::RpcFrameworkError,
            Self::DuplicateKey { .. } => ErrorCode::FormatViolation,
        }
    }

    /// The message id, when element 1 is a valid one (a string of at most 36 characters), even
    /// if the frame is otherwise malformed.
    ///
    /// ```
    /// use chargeshift_ocpp::Frame;
    ///
    /// let err = Frame::parse(r#"[2,"abc","Heartbeat"]"#).unwrap_err();
    /// assert_eq!(err.message_id(), Some("abc"));
    /// assert_eq!(Frame::parse("[2,").unwrap_err().message_id(), None);
    /// ```
    #[must_use]
    pub fn message_id(&self) -> Option<&str> {
        match self {
            Self::WrongElementType { message_id, .. } | Self::DuplicateKey { message_id, .. } => {
                Some(message_id)
            }
            Self::UnknownMessageType { message_id, .. }
            | Self::NoMessageType { message_id, .. }
            | Self::WrongLength { message_id, .. } => message_id.as_deref(),
            _ => None,
        }
    }

    /// The frame's message type, when it could be determined: `None` for text that is not JSON,
    /// not an array, or has no known message type number. Whether a receiver may answer depends on
    /// it (see [`crate::DecodeError::reply`]).
    ///
    /// ```
    /// use chargeshift_ocpp::{Frame, FrameKind};
    ///
    /// assert_eq!(Frame::parse(r#"[3,"a"]"#).unwrap_err().kind(), Some(FrameKind::CallResult));
    /// assert_eq!(Frame::parse("{}").unwrap_err().kind(), None);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> Option<FrameKind> {
        match self {
            Self::WrongLength { kind, .. }
            | Self::InvalidMessageId { kind, .. }
            | Self::WrongElementType { kind, .. }
            | Self::DuplicateKey { kind, .. } => Some(*kind),
            Self::TooLarge { .. }
            | Self::InvalidJson { .. }
            | Self::NotAnArray { .. }
            | Self::NoMessageType { .. }
            | Self::UnknownMessageType { .. } => None,
        }
    }
}

impl FrameError {
    /// The JSON path of the offending key, for [`FrameError::DuplicateKey`].
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::DuplicateKey { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// Options for [`Frame::parse_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FrameOptions {
    /// The largest frame accepted, in bytes.
    pub max_frame_bytes: usize,
}

impl Default for FrameOptions {
    fn default() -> Self {
        Self {
            max_frame_bytes: DEFAULT_MAX_FRAME_BYTES,
        }
    }
}

impl FrameOptions {
    /// Options with a different frame size limit.
    #[must_use]
    pub const fn with_max_frame_bytes(mut self, limit: usize) -> Self {
        self.max_frame_bytes = limit;
        self
    }
}

const fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Frame {
    /// Parses one frame with the default options.
    ///
    /// # Errors
    /// A [`FrameError`] saying what is wrong and which OCPP-J error code answers it.
    ///
    /// ```
    /// use chargeshift_ocpp::{ErrorCode, Frame};
    ///
    /// let err = Frame::parse(r#"[2,"1","Heartbeat"]"#).unwrap_err();
    /// assert_eq!(err.to_string(), "a CALL frame has 4 elements, found 3");
    /// assert_eq!(err.error_code(), ErrorCode::RpcFrameworkError);
    /// ```
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        Self::parse_with(text, FrameOptions::default())
    }

    /// Parses one frame with explicit options.
    ///
    /// # Errors
    /// A [`FrameError`] saying what is wrong and which OCPP-J error code answers it.
    pub fn parse_with(text: &str, options: FrameOptions) -> Result<Self, FrameError> {
        if text.len() > options.max_frame_bytes {
            return Err(FrameError::TooLarge {
                size: text.len(),
                limit: options.max_frame_bytes,
            });
        }
        let invalid = |e: serde_json::Error| FrameError::InvalidJson {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        };
        match crate::json::parse(text) {
            Ok(value) => Self::from_value(value),
            Err(Err(e)) => Err(invalid(e)),
            Err(Ok(path)) => {
                // a key given twice: read the envelope (the last of the values wins) to say which
                // frame it is, and report an envelope fault first
                let value: Value = serde_json::from_str(text).map_err(invalid)?;
                let frame = Self::from_value(value)?;
                // the path starts with the index of the payload (or errorDetails), the only
                // element of a well-formed frame that holds objects
                let below = path.find(']').and_then(|i| path.get(i + 1..)).unwrap_or("");
                Err(FrameError::DuplicateKey {
                    kind: frame.kind(),
                    message_id: frame.message_id().to_owned(),
                    path: format!("${below}"),
                })
            }
        }
    }

    /// Builds a frame from an already parsed JSON value. A `serde_json::Value` has already
    /// dropped all but the last of a repeated key: parse text with [`Frame::parse`], which rejects
    /// it.
    ///
    /// # Errors
    /// As [`Frame::parse`].
    pub fn from_value(value: Value) -> Result<Self, FrameError> {
        let Value::Array(items) = value else {
            return Err(FrameError::NotAnArray {
                found: json_type(&value),
            });
        };
        let found = items.len();
        let mut items = items.into_iter();
        let first = items.next();
        // element 1 when it is a valid message id, kept in the errors about the rest of the frame
        let readable_id = |rest: &[Value]| match rest.first() {
            Some(Value::String(id)) if valid_message_id(id) => Some(id.clone()),
            _ => None,
        };
        let number = first.as_ref().filter(|v| v.is_u64() || v.is_i64());
        if number.is_none() {
            return Err(FrameError::NoMessageType {
                found: first
                    .as_ref()
                    .map_or_else(|| "nothing".to_owned(), Value::to_string),
                message_id: readable_id(items.as_slice()),
            });
        }
        let Some(kind) = number
            .and_then(Value::as_u64)
            .and_then(FrameKind::from_number)
        else {
            return Err(FrameError::UnknownMessageType {
                found: first
                    .as_ref()
                    .map_or_else(|| "nothing".to_owned(), Value::to_string),
                message_id: readable_id(items.as_slice()),
            });
        };
        if found != kind.arity() {
            return Err(FrameError::WrongLength {
                kind,
                expected: kind.arity(),
                found,
                message_id: readable_id(items.as_slice()),
            });
        }
        let message_id = match items.next() {
            Some(Value::String(id)) if valid_message_id(&id) => MessageId::from(id),
            Some(Value::String(id)) => {
                return Err(FrameError::InvalidMessageId {
                    kind,
                    problem: format!(
                        "has {} characters, more than {MAX_MESSAGE_ID_LEN}",
                        id.chars().count()
                    ),
                });
            }
            other => {
                return Err(FrameError::InvalidMessageId {
                    kind,
                    problem: format!(
                        "must be a string, found {}",
                        other.as_ref().map_or("nothing", json_type)
                    ),
                });
            }
        };
        let mut next = |index: usize, name: &'static str, expected: &'static str| {
            let v = items.next().unwrap_or(Value::Null);
            let ok = match expected {
                "a string" => v.is_string(),
                "an object" => v.is_object(),
                _ => true,
            };
            if ok {
                Ok(v)
            } else {
                Err(FrameError::WrongElementType {
                    kind,
                    message_id: message_id.as_str().to_owned(),
                    index,
                    name,
                    expected,
                    found: json_type(&v),
                })
            }
        };
        let string = |v: Value| match v {
            Value::String(s) => s,
            _ => String::new(),
        };
        Ok(match kind {
            FrameKind::Call | FrameKind::Send => {
                let action = string(next(2, "action", "a string")?);
                let payload = next(3, "payload", "an object")?;
                if kind == FrameKind::Call {
                    Self::Call {
                        message_id,
                        action,
                        payload,
                    }
                } else {
                    Self::Send {
                        message_id,
                        action,
                        payload,
                    }
                }
            }
            FrameKind::CallResult => {
                let payload = next(2, "payload", "an object")?;
                Self::CallResult {
                    message_id,
                    payload,
                }
            }
            FrameKind::CallError | FrameKind::CallResultError => {
                let error_code = string(next(2, "errorCode", "a string")?);
                let error_description = string(next(3, "errorDescription", "a string")?);
                let error_details = next(4, "errorDetails", "an object")?;
                if kind == FrameKind::CallError {
                    Self::CallError {
                        message_id,
                        error_code,
                        error_description,
                        error_details,
                    }
                } else {
                    Self::CallResultError {
                        message_id,
                        error_code,
                        error_description,
                        error_details,
                    }
                }
            }
        })
    }

    /// The frame's message type.
    #[must_use]
    pub const fn kind(&self) -> FrameKind {
        match self {
            Self::Call { .. } => FrameKind::Call,
            Self::CallResult { .. } => FrameKind::CallResult,
            Self::CallError { .. } => FrameKind::CallError,
            Self::CallResultError { .. } => FrameKind::CallResultError,
            Self::Send { .. } => FrameKind::Send,
        }
    }

    /// The frame's message id.
    #[must_use]
    pub fn message_id(&self) -> &str {
        match self {
            Self::Call { message_id, .. }
            | Self::CallResult { message_id, .. }
            | Self::CallError { message_id, .. }
            | Self::CallResultError { message_id, .. }
            | Self::Send { message_id, .. } => message_id,
        }
    }

    /// The action, for CALL and SEND frames.
    #[must_use]
    pub fn action(&self) -> Option<&str> {
        match self {
            Self::Call { action, .. } | Self::Send { action, .. } => Some(action),
            _ => None,
        }
    }

    /// The payload, for CALL, CALLRESULT and SEND frames.
    #[must_use]
    pub const fn payload(&self) -> Option<&Value> {
        match self {
            Self::Call { payload, .. }
            | Self::CallResult { payload, .. }
            | Self::Send { payload, .. } => Some(payload),
            _ => None,
        }
    }

    /// The frame as a JSON array value.
    #[must_use]
    pub fn to_value(&self) -> Value {
        let n = Value::from(self.kind().number());
        match self {
            Self::Call {
                message_id,
                action,
                payload,
            }
            | Self::Send {
                message_id,
                action,
                payload,
            } => Value::Array(vec![
                n,
                message_id.as_str().into(),
                action.as_str().into(),
                payload.clone(),
            ]),
            Self::CallResult {
                message_id,
                payload,
            } => Value::Array(vec![n, message_id.as_str().into(), payload.clone()]),
            Self::CallError {
                message_id,
                error_code,
                error_description,
                error_details,
            }
            | Self::CallResultError {
                message_id,
                error_code,
                error_description,
                error_details,
            } => Value::Array(vec![
                n,
                message_id.as_str().into(),
                error_code.as_str().into(),
                error_description.as_str().into(),
                error_details.clone(),
            ]),
        }
    }
}

impl fmt::Display for Frame {
    /// Writes the frame as compact OCPP-J text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_kind() {
        let call = Frame::parse(r#"[2,"a","BootNotification",{"chargePointModel":"X"}]"#).unwrap();
        assert_eq!(call.kind(), FrameKind::Call);
        assert_eq!(call.action(), Some("BootNotification"));
        assert_eq!(call.payload().unwrap()["chargePointModel"], "X");

        let result = Frame::parse(r#"[3,"a",{"status":"Accepted"}]"#).unwrap();
        assert_eq!(result.kind(), FrameKind::CallResult);
        assert_eq!(result.action(), None);

        let error = Frame::parse(r#"[4,"a","NotImplemented","no",{}]"#).unwrap();
        assert!(
            matches!(&error, Frame::CallError { error_code, .. } if error_code == "NotImplemented")
        );

        let cre = Frame::parse(r#"[5,"a","InternalError","",{}]"#).unwrap();
        assert_eq!(cre.kind(), FrameKind::CallResultError);

        let send = Frame::parse(r#"[6,"b","NotifyPeriodicEventStream",{}]"#).unwrap();
        assert_eq!(send.kind(), FrameKind::Send);
    }

    #[test]
    fn display_round_trips() {
        for text in [
            r#"[2,"a","Heartbeat",{}]"#,
            r#"[3,"a",{"currentTime":"2026-01-01T00:00:00Z"}]"#,
            r#"[4,"a","NotImplemented","no",{}]"#,
        ] {
            let frame = Frame::parse(text).unwrap();
            assert_eq!(frame.to_string(), text);
            assert_eq!(Frame::parse(&frame.to_string()).unwrap(), frame);
        }
    }

    #[test]
    fn rejects_bad_frames_with_the_right_code() {
        let cases: [(&str, ErrorCode); 13] = [
            ("", ErrorCode::RpcFrameworkError),
            ("[2,\"a\",\"Heartbeat\",{}", ErrorCode::RpcFrameworkError),
            ("{}", ErrorCode::RpcFrameworkError),
            ("[]", ErrorCode::RpcFrameworkError),
            (
                "[\"2\",\"a\",\"Heartbeat\",{}]",
                ErrorCode::RpcFrameworkError,
            ),
            ("[2.5,\"a\",\"Heartbeat\",{}]", ErrorCode::RpcFrameworkError),
            ("[7,\"a\",{}]", ErrorCode::MessageTypeNotSupported),
            ("[-1,\"a\",{}]", ErrorCode::MessageTypeNotSupported),
            ("[2,1,\"Heartbeat\",{}]", ErrorCode::RpcFrameworkError),
            ("[3,\"a\"]", ErrorCode::RpcFrameworkError),
            ("[2,\"a\",5,{}]", ErrorCode::RpcFrameworkError),
            ("[4,\"a\",5,\"x\",{}]", ErrorCode::RpcFrameworkError),
            ("[2,\"a\",\"Heartbeat\",[]]", ErrorCode::FormatViolation),
        ];
        for (text, code) in cases {
            let err = Frame::parse(text).unwrap_err();
            assert_eq!(err.error_code(), code, "{text}: {err}");
        }
    }

    #[test]
    fn message_id_limit() {
        let ok = format!(r#"[2,"{}","Heartbeat",{{}}]"#, "x".repeat(36));
        assert!(Frame::parse(&ok).is_ok());
        let long = format!(r#"[2,"{}","Heartbeat",{{}}]"#, "x".repeat(37));
        let err = Frame::parse(&long).unwrap_err();
        assert_eq!(
            err.to_string(),
            "message id at index 1 has 37 characters, more than 36"
        );
    }

    #[test]
    fn size_limit() {
        let opts = FrameOptions::default().with_max_frame_bytes(10);
        let err = Frame::parse_with(r#"[2,"a","Heartbeat",{}]"#, opts).unwrap_err();
        assert!(matches!(
            err,
            FrameError::TooLarge {
                size: 22,
                limit: 10
            }
        ));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!(
            "[2,\"a\",\"X\",{}{}]",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(Frame::parse(&deep).is_err());
    }
}
