//! Typed dispatch: decoding frames of one version into typed requests and responses, with the
//! direction of each action checked, a pending-call table for CALLRESULTs, and validated encoding.

use std::collections::{HashMap, VecDeque};
use std::marker::PhantomData;

use serde_json::Value;

use crate::framing::{Frame, FrameError, FrameKind, FrameOptions};
use crate::schema::{ActionInfo, ObjectNode};
use crate::validate::{Deviation, Leniency, Violation, Walk};
use crate::{ErrorCode, MessageId, OcppVersion, TimestampPrecision};

/// Who sends the CALL of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Direction {
    /// Only the charge point (charging station) sends it.
    ChargePointToCsms,
    /// Only the CSMS sends it.
    CsmsToChargePoint,
    /// Either side sends it (e.g. `DataTransfer`).
    Both,
}

/// One end of an OCPP-J connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Endpoint {
    /// The charge point (charging station).
    ChargePoint,
    /// The central system (CSMS).
    Csms,
}

impl Endpoint {
    /// The other end.
    #[must_use]
    pub const fn peer(self) -> Self {
        match self {
            Self::ChargePoint => Self::Csms,
            Self::Csms => Self::ChargePoint,
        }
    }
}

impl Direction {
    /// Whether `sender` may send a CALL of an action with this direction.
    ///
    /// ```
    /// use chargeshift_ocpp::{Direction, Endpoint};
    /// assert!(Direction::ChargePointToCsms.allows(Endpoint::ChargePoint));
    /// assert!(!Direction::ChargePointToCsms.allows(Endpoint::Csms));
    /// assert!(Direction::Both.allows(Endpoint::Csms));
    /// ```
    #[must_use]
    pub const fn allows(self, sender: Endpoint) -> bool {
        matches!(
            (self, sender),
            (Self::Both, _)
                | (Self::ChargePointToCsms, Endpoint::ChargePoint)
                | (Self::CsmsToChargePoint, Endpoint::Csms)
        )
    }
}

/// The messages of one OCPP version; implemented by the generated markers
/// [`crate::v16::Ocpp16`], [`crate::v201::Ocpp201`] and [`crate::v21::Ocpp21`].
pub trait Messages: std::fmt::Debug + Clone + PartialEq + 'static {
    /// The version.
    const VERSION: OcppVersion;
    /// The enum of every request.
    type Request: std::fmt::Debug + Clone + PartialEq + crate::check::Valid;
    /// The enum of every response.
    type Response: std::fmt::Debug + Clone + PartialEq + crate::check::Valid;
    /// Every action with its direction and schemas, sorted by name.
    fn actions() -> &'static [ActionInfo];
    /// Builds a request from a validated payload; `None` for an unknown action.
    fn request_from_value(
        action: &str,
        value: Value,
    ) -> Option<Result<Self::Request, serde_json::Error>>;
    /// Builds a response from a validated payload; `None` for an unknown action.
    fn response_from_value(
        action: &str,
        value: Value,
    ) -> Option<Result<Self::Response, serde_json::Error>>;
    /// Deserialises the request of the action at `index` in [`Messages::actions`] from `d`
    /// (strictly, as the generated types do); `None` when the action has no request. The result
    /// is not yet checked: see [`crate::check::Valid`].
    ///
    /// # Errors
    /// What the deserializer reports.
    fn deserialize_request<'de, D: serde::Deserializer<'de>>(
        index: usize,
        d: D,
    ) -> Option<Result<Self::Request, D::Error>>;
    /// Deserialises the response to the action at `index` in [`Messages::actions`] from `d`;
    /// `None` when the action has no response.
    ///
    /// # Errors
    /// What the deserializer reports.
    fn deserialize_response<'de, D: serde::Deserializer<'de>>(
        index: usize,
        d: D,
    ) -> Option<Result<Self::Response, D::Error>>;
    /// The action of a request.
    fn request_action(request: &Self::Request) -> &'static str;
    /// The action of a response.
    fn response_action(response: &Self::Response) -> &'static str;
    /// A request's payload as JSON.
    ///
    /// # Errors
    /// When serde cannot serialise the value.
    fn request_to_value(request: &Self::Request) -> Result<Value, serde_json::Error>;
    /// A response's payload as JSON.
    ///
    /// # Errors
    /// When serde cannot serialise the value.
    fn response_to_value(response: &Self::Response) -> Result<Value, serde_json::Error>;

    /// The position of the action named `action` in [`Messages::actions`].
    fn action_index(action: &str) -> Option<usize> {
        Self::actions()
            .binary_search_by(|a| a.action.cmp(action))
            .ok()
    }

    /// The action named `action`.
    fn action(action: &str) -> Option<&'static ActionInfo> {
        Self::action_index(action).and_then(|i| Self::actions().get(i))
    }
}

/// Why a frame could not be decoded into a typed message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The frame itself is malformed.
    #[error(transparent)]
    Frame(#[from] FrameError),
    /// The message type exists but not in this version (CALLRESULTERROR and SEND before 2.1).
    #[error("message id {message_id:?}: {kind} frames do not exist in {version}")]
    MessageTypeNotSupported {
        /// The message id.
        message_id: String,
        /// The frame kind.
        kind: FrameKind,
        /// The version.
        version: OcppVersion,
    },
    /// The action is not one of the version's actions.
    #[error("message id {message_id:?}: unknown action {:?} in {version}", crate::text::clip(.action, ECHO))]
    UnknownAction {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// The version.
        version: OcppVersion,
        /// The kind of the frame that named it (CALL or SEND).
        kind: FrameKind,
    },
    /// The action exists but is not sent by this side.
    #[error("message id {message_id:?}: {action} is not sent by the {sender:?}")]
    WrongDirection {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// Who sent it.
        sender: Endpoint,
        /// The kind of the frame (CALL or SEND).
        kind: FrameKind,
    },
    /// The action exists but is not sent with this message type: in OCPP 2.1
    /// `NotifyPeriodicEventStream` is only sent as a SEND and every other action only as a CALL.
    #[error("message id {message_id:?}: {action} is not sent as a {kind} in {version}")]
    WrongMessageType {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// The kind of the frame (CALL or SEND).
        kind: FrameKind,
        /// The version.
        version: OcppVersion,
    },
    /// A CALLRESULT answers no pending CALL.
    #[error("message id {message_id:?}: no pending call with this id")]
    UnknownMessageId {
        /// The message id.
        message_id: String,
    },
    /// The payload breaks its schema.
    #[error("message id {message_id:?}, {action} {}: {violation}", payload_name(*.kind))]
    Invalid {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// The kind of the frame: CALL or SEND (a request) or CALLRESULT (a response).
        kind: FrameKind,
        /// What is wrong, where, and its error code.
        violation: Violation,
    },
}

/// `response` for a CALLRESULT's payload, `request` for any other.
const fn payload_name(kind: FrameKind) -> &'static str {
    match kind {
        FrameKind::CallResult => "response",
        _ => "request",
    }
}

/// The most characters of a received value (an action, an enum value, a field name) that an error
/// message echoes.
pub(crate) const ECHO: usize = 64;

/// The most characters of a CALLERROR's `errorDescription`: OCPP 2.x's schema of the RPC frame
/// limits it to 255, and 1.6 answers are kept as short.
pub const MAX_ERROR_DESCRIPTION_LEN: usize = 255;

impl DecodeError {
    /// The OCPP-J error code a receiver answers this error with.
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, Endpoint, ErrorCode, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// let err = csms.decode(r#"[2,"1","Reset",{"type":"Hard"}]"#).unwrap_err();
    /// assert_eq!(err.error_code(), ErrorCode::NotSupported);
    /// ```
    #[must_use]
    pub const fn error_code(&self) -> ErrorCode {
        match self {
            Self::Frame(e) => e.error_code(),
            // OCPP-J's MessageTypeNotSupported is "a message with a Message Type Number received
            // that is not supported by this implementation": a CALL of a SEND-only action (or a
            // SEND of a CALL action) uses a message type the action is not defined for, which is
            // neither an incomplete payload (ProtocolError) nor an unknown action (NotImplemented).
            Self::MessageTypeNotSupported { .. } | Self::WrongMessageType { .. } => {
                ErrorCode::MessageTypeNotSupported
            }
            Self::UnknownAction { .. } => ErrorCode::NotImplemented,
            Self::WrongDirection { .. } => ErrorCode::NotSupported,
            Self::UnknownMessageId { .. } => ErrorCode::ProtocolError,
            Self::Invalid { violation, .. } => violation.code,
        }
    }

    /// The message id, when it could be read.
    #[must_use]
    pub fn message_id(&self) -> Option<&str> {
        match self {
            Self::Frame(e) => e.message_id(),
            Self::MessageTypeNotSupported { message_id, .. }
            | Self::UnknownAction { message_id, .. }
            | Self::WrongDirection { message_id, .. }
            | Self::WrongMessageType { message_id, .. }
            | Self::UnknownMessageId { message_id }
            | Self::Invalid { message_id, .. } => Some(message_id),
        }
    }

    /// The JSON path of the offending field, for payload errors.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Invalid { violation, .. } => Some(&violation.path),
            _ => None,
        }
    }

    /// The message type of the received frame as the version reads it: `None` when it could not
    /// be determined (not JSON, not an array, a type number unknown to the version).
    #[must_use]
    pub const fn frame_kind(&self) -> Option<FrameKind> {
        match self {
            Self::Frame(e) => e.kind(),
            Self::MessageTypeNotSupported { .. } => None,
            Self::UnknownAction { kind, .. }
            | Self::WrongDirection { kind, .. }
            | Self::WrongMessageType { kind, .. }
            | Self::Invalid { kind, .. } => Some(*kind),
            Self::UnknownMessageId { .. } => Some(FrameKind::CallResult),
        }
    }

    /// The frame a receiver of `version` answers this error with, or `None` where OCPP-J allows
    /// no answer.
    ///
    /// - a CALL, or a frame whose message type could not be determined (not JSON, not an array, an
    ///   unknown type number): a CALLERROR with the message id, or `"-1"` when it could not be read;
    /// - a CALLRESULT: in 2.1 a CALLRESULTERROR (when its message id could be read and does not
    ///   answer an unknown CALL), before 2.1 nothing;
    /// - a CALLERROR, a CALLRESULTERROR or a SEND: nothing (they are never answered).
    ///
    /// The code is spelled for `version`; the description is at most
    /// [`MAX_ERROR_DESCRIPTION_LEN`] characters and the details hold the JSON path (bounded too).
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, Endpoint, OcppVersion, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// let err = csms.decode(r#"[2,"7","Heartbeat",{"x":1}]"#).unwrap_err();
    /// assert_eq!(
    ///     err.reply(OcppVersion::V16).map(|f| f.to_string()).as_deref(),
    ///     Some(r#"[4,"7","FormationViolation","message id \"7\", Heartbeat request: $.x: unknown field \"x\" (additionalProperties is false)",{"path":"$.x"}]"#)
    /// );
    /// // a CALLRESULT answering nothing is not answered
    /// let stray = csms.decode(r#"[3,"zz",{}]"#).unwrap_err();
    /// assert_eq!(stray.reply(OcppVersion::V16), None);
    /// ```
    #[must_use]
    pub fn reply(&self, version: OcppVersion) -> Option<Frame> {
        let kind = self.frame_kind().filter(|k| {
            // before 2.1, types 5 and 6 are unknown message types: their type is not determined
            version.has_send_and_call_result_error()
                || !matches!(k, FrameKind::Send | FrameKind::CallResultError)
        });
        let result_error = match kind {
            None | Some(FrameKind::Call) => false,
            // a CALLRESULT of a pending CALL that cannot be read; one answering no pending CALL
            // is dropped (there is no call the peer could relate an error to)
            Some(FrameKind::CallResult)
                if version.has_send_and_call_result_error()
                    && !matches!(self, Self::UnknownMessageId { .. }) =>
            {
                self.message_id()?;
                true
            }
            Some(_) => return None,
        };
        Some(self.error_frame(version, result_error))
    }

    /// The CALLERROR (or CALLRESULTERROR when `about_result`) for this error.
    fn error_frame(&self, version: OcppVersion, about_result: bool) -> Frame {
        let mut details = serde_json::Map::new();
        if let Some(path) = self.path() {
            let path = crate::text::clip(path, MAX_ERROR_DESCRIPTION_LEN);
            details.insert("path".to_owned(), Value::String(path.into_owned()));
        }
        let message_id = self.message_id().unwrap_or("-1").into();
        let error_code = self.error_code().as_str(version).to_owned();
        let error_description =
            crate::text::clip(&self.to_string(), MAX_ERROR_DESCRIPTION_LEN).into_owned();
        let error_details = Value::Object(details);
        if about_result {
            Frame::CallResultError {
                message_id,
                error_code,
                error_description,
                error_details,
            }
        } else {
            Frame::CallError {
                message_id,
                error_code,
                error_description,
                error_details,
            }
        }
    }

    /// A CALLERROR frame for this error, whatever was received.
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// use chargeshift_ocpp::{Decoder, Endpoint, OcppVersion, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// let err = csms.decode(r#"[2,"7","Heartbeat",{"x":1}]"#).unwrap_err();
    /// assert!(err.to_call_error(OcppVersion::V16).to_string().starts_with(r#"[4,"7","FormationViolation""#));
    /// ```
    #[deprecated(
        note = "OCPP-J forbids a CALLERROR in answer to a CALLRESULT, CALLERROR or SEND: use `reply`, which says whether and how to answer"
    )]
    #[must_use]
    pub fn to_call_error(&self, version: OcppVersion) -> Frame {
        self.error_frame(version, false)
    }
}

/// Why a message could not be encoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// The value breaks its schema (e.g. a string too long).
    #[error("{action} {what} (message id {message_id:?}): {violation}")]
    Invalid {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// `request` or `response`.
        what: &'static str,
        /// What is wrong and where.
        violation: Violation,
    },
    /// The action has no schema for this kind of payload.
    #[error("{action} has no {what} schema (message id {message_id:?})")]
    NoSchema {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// `request` or `response`.
        what: &'static str,
    },
    /// serde could not serialise the value.
    #[error("{action} (message id {message_id:?}): {message}")]
    Serde {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// What serde said.
        message: String,
    },
    /// The message id is longer than 36 characters.
    #[error("message id {message_id:?} is longer than 36 characters")]
    MessageIdTooLong {
        /// The message id.
        message_id: String,
    },
    /// This end does not send this message: the action's CALL is sent by the other end (or, for
    /// a response, by this end); the peer's decoder would answer `NotSupported`.
    #[error("{action} {what} (message id {message_id:?}) is not sent by the {sender:?}")]
    WrongDirection {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// `request` or `response`.
        what: &'static str,
        /// This end.
        sender: Endpoint,
    },
    /// The action is not sent with this message type: SEND does not exist before 2.1, and in 2.1
    /// `NotifyPeriodicEventStream` is sent only as a SEND ([`Decoder::encode_send`]) and every other
    /// action only as a CALL ([`Decoder::encode_call`]).
    #[error("{action} (message id {message_id:?}) cannot be sent as a {kind} in {version}")]
    WrongMessageType {
        /// The message id.
        message_id: String,
        /// The action.
        action: String,
        /// The message type asked for.
        kind: FrameKind,
        /// The version.
        version: OcppVersion,
    },
}

/// Options of a [`Decoder`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct DecodeOptions {
    /// The leniencies allowed (none by default).
    pub leniency: Leniency,
    /// Frame limits.
    pub frame: FrameOptions,
    /// How timestamps are written when encoding.
    pub precision: TimestampPrecision,
    /// The most CALLs awaiting an answer (oldest dropped beyond it); 0 means no limit.
    pub max_pending: usize,
}

impl DecodeOptions {
    /// The options with `leniency`.
    #[must_use]
    pub const fn with_leniency(mut self, leniency: Leniency) -> Self {
        self.leniency = leniency;
        self
    }

    /// The options with timestamps written at `precision`.
    #[must_use]
    pub const fn with_precision(mut self, precision: TimestampPrecision) -> Self {
        self.precision = precision;
        self
    }
}

/// A decoded frame of version `M`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Message<M: Messages> {
    /// A CALL with its typed request.
    Call {
        /// The message id.
        message_id: MessageId,
        /// The request.
        request: M::Request,
    },
    /// A SEND (2.1) with its typed payload.
    Send {
        /// The message id.
        message_id: MessageId,
        /// The payload.
        request: M::Request,
    },
    /// A CALLRESULT, typed by the pending CALL's action.
    CallResult {
        /// The message id.
        message_id: MessageId,
        /// The response.
        response: M::Response,
    },
    /// A CALLERROR (or a 2.1 CALLRESULTERROR when `about_result`).
    CallError {
        /// The message id.
        message_id: MessageId,
        /// The action of the pending CALL, when known.
        action: Option<&'static str>,
        /// The error code, when it is a known one.
        error_code: Option<ErrorCode>,
        /// The error code as sent.
        error_code_text: String,
        /// The description.
        error_description: String,
        /// The details.
        error_details: Value,
        /// Whether this is a CALLRESULTERROR.
        about_result: bool,
    },
}

/// A decoded message with the deviations the leniencies accepted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Decoded<M: Messages> {
    /// The message.
    pub message: Message<M>,
    /// What the leniencies accepted (empty when strict).
    pub deviations: Vec<Deviation>,
}

/// CALLs awaiting an answer, by message id.
///
/// With a limit, recording a CALL beyond it drops the oldest pending one (amortised constant time,
/// whatever the limit).
///
/// ```
/// use chargeshift_ocpp::PendingCalls;
///
/// let mut pending = PendingCalls::default();
/// pending.insert("1", "Reset", 2);
/// pending.insert("2", "ClearCache", 2);
/// pending.insert("3", "GetConfiguration", 2); // drops "1", the oldest
/// assert_eq!(pending.peek("1"), None);
/// assert_eq!(pending.take("2"), Some("ClearCache"));
/// assert_eq!(pending.len(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct PendingCalls {
    /// Message id → (insertion number, action); ids of up to 36 bytes need no allocation.
    calls: HashMap<MessageId, (u64, &'static str)>,
    /// Every recorded CALL in insertion order; an entry whose call was answered or recorded again
    /// since (its number no longer matches) is stale, skipped when dropping the oldest and
    /// compacted away once stale entries outnumber the live ones.
    order: VecDeque<(u64, MessageId)>,
    next: u64,
}

impl PendingCalls {
    /// Records a CALL of `action` with `message_id`; with a `limit` above 0, first drops the
    /// oldest pending CALLs until there is room. A CALL with the id of a pending one replaces it.
    pub fn insert(&mut self, message_id: &str, action: &'static str, limit: usize) {
        if limit > 0 && !self.calls.contains_key(message_id) {
            while self.calls.len() >= limit {
                let Some((n, id)) = self.order.pop_front() else {
                    break;
                };
                if self.calls.get(&id).is_some_and(|(live, _)| *live == n) {
                    self.calls.remove(&id);
                }
            }
        }
        self.next += 1;
        let id = MessageId::from(message_id);
        self.order.push_back((self.next, id.clone()));
        self.calls.insert(id, (self.next, action));
        if self.order.len() > 2 * self.calls.len() + 16 {
            let calls = &self.calls;
            self.order
                .retain(|(n, id)| calls.get(id).is_some_and(|(live, _)| live == n));
        }
    }

    /// The action of the CALL that `message_id` would answer, leaving it pending.
    #[must_use]
    pub fn peek(&self, message_id: &str) -> Option<&'static str> {
        self.calls.get(message_id).map(|(_, a)| *a)
    }

    /// Takes the CALL answered by `message_id`.
    pub fn take(&mut self, message_id: &str) -> Option<&'static str> {
        self.calls.remove(message_id).map(|(_, a)| a)
    }

    /// The number of CALLs awaiting an answer.
    #[must_use]
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// Whether no CALL awaits an answer.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }
}

/// Validates `payload` against `node`, applying `leniency`; returns the deviations used.
fn check(
    payload: &mut Value,
    node: &ObjectNode,
    leniency: Leniency,
    precision: Option<TimestampPrecision>,
    v16_data_transfer: bool,
    version: OcppVersion,
) -> Result<Vec<Deviation>, Violation> {
    let mut deviations = Vec::new();
    let mut walk = Walk {
        leniency,
        deviations: &mut deviations,
        precision,
        v16_data_transfer,
        version,
    };
    walk.object(payload, node, &mut String::new())?;
    Ok(deviations)
}

fn internal(e: &serde_json::Error) -> Violation {
    Violation {
        code: ErrorCode::FormatViolation,
        path: "$".to_owned(),
        reason: e.to_string(),
    }
}

/// Validates and decodes the payload of a request of `action`.
///
/// # Errors
/// [`DecodeError::UnknownAction`] or [`DecodeError::Invalid`] (the message id is left empty).
///
/// ```
/// use chargeshift_ocpp::{Leniency, decode_request, v201::{Ocpp201, Request}};
///
/// let payload = serde_json::json!({"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V"}});
/// let (request, _) = decode_request::<Ocpp201>("BootNotification", payload, Leniency::strict())?;
/// assert!(matches!(request, Request::BootNotification(_)));
/// # Ok::<(), chargeshift_ocpp::DecodeError>(())
/// ```
pub fn decode_request<M: Messages>(
    action: &str,
    payload: Value,
    leniency: Leniency,
) -> Result<(M::Request, Vec<Deviation>), DecodeError> {
    decode_payload::<M, _>(
        action,
        payload,
        leniency,
        FrameKind::Call,
        M::request_from_value,
    )
}

/// Validates and decodes the payload of a response to `action`.
///
/// # Errors
/// [`DecodeError::UnknownAction`] or [`DecodeError::Invalid`] (the message id is left empty).
///
/// ```
/// use chargeshift_ocpp::{Leniency, decode_response, v16::{Ocpp16, Response}};
///
/// let payload = serde_json::json!({"currentTime": "2026-01-01T00:00:00Z"});
/// let (response, _) = decode_response::<Ocpp16>("Heartbeat", payload, Leniency::strict())?;
/// assert!(matches!(response, Response::Heartbeat(_)));
/// # Ok::<(), chargeshift_ocpp::DecodeError>(())
/// ```
pub fn decode_response<M: Messages>(
    action: &str,
    payload: Value,
    leniency: Leniency,
) -> Result<(M::Response, Vec<Deviation>), DecodeError> {
    decode_payload::<M, _>(
        action,
        payload,
        leniency,
        FrameKind::CallResult,
        M::response_from_value,
    )
}

/// What [`decode_request`] and [`decode_response`] share: the frame `kind` picks the schema
/// ([`payload_name`]), the payload is checked against it with `leniency`, then typed by
/// `from_value`.
fn decode_payload<M: Messages, T>(
    action: &str,
    mut payload: Value,
    leniency: Leniency,
    kind: FrameKind,
    from_value: fn(&str, Value) -> Option<Result<T, serde_json::Error>>,
) -> Result<(T, Vec<Deviation>), DecodeError> {
    let unknown = || DecodeError::UnknownAction {
        message_id: String::new(),
        action: action.to_owned(),
        version: M::VERSION,
        kind,
    };
    let info = M::action(action).ok_or_else(unknown)?;
    let node = info.payload(payload_name(kind)).ok_or_else(unknown)?;
    let invalid = |violation| DecodeError::Invalid {
        message_id: String::new(),
        action: action.to_owned(),
        kind,
        violation,
    };
    // 1.6 DataTransfer's `data` is a string in both the request and the response
    let dt = M::VERSION == OcppVersion::V16 && action == "DataTransfer";
    let deviations = check(&mut payload, node, leniency, None, dt, M::VERSION).map_err(invalid)?;
    let value = from_value(action, payload)
        .ok_or_else(unknown)?
        .map_err(|e| invalid(internal(&e)))?;
    Ok((value, deviations))
}

/// `e` with the message id and frame kind of the frame it is about.
fn with_id(mut e: DecodeError, id: &str, frame_kind: FrameKind) -> DecodeError {
    match &mut e {
        DecodeError::UnknownAction {
            message_id, kind, ..
        }
        | DecodeError::Invalid {
            message_id, kind, ..
        } => {
            id.clone_into(message_id);
            *kind = frame_kind;
        }
        _ => {}
    }
    e
}

/// One end of an OCPP-J connection of version `M`: decodes what the peer sends, encodes what this
/// end sends, and pairs CALLRESULTs with the pending CALLs.
///
/// ```
/// use chargeshift_ocpp::{Decoder, Endpoint, Message, v16::{Ocpp16, Request, Response}};
///
/// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
/// let boot = csms.decode(r#"[2,"1","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]"#)?;
/// assert!(matches!(boot.message, Message::Call { request: Request::BootNotification(_), .. }));
///
/// // the CSMS sends a CALL; the charge point's CALLRESULT is typed by the pending action
/// let call = csms.encode_call("42", &Request::ClearCache(Default::default()))?;
/// assert_eq!(call, r#"[2,"42","ClearCache",{}]"#);
/// let answer = csms.decode(r#"[3,"42",{"status":"Accepted"}]"#)?;
/// assert!(matches!(answer.message, Message::CallResult { response: Response::ClearCache(_), .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Decoder<M: Messages> {
    local: Endpoint,
    options: DecodeOptions,
    pending: PendingCalls,
    _version: PhantomData<M>,
}

impl<M: Messages> Decoder<M> {
    /// A strict decoder for the end `local`.
    #[must_use]
    pub fn new(local: Endpoint) -> Self {
        Self::with_options(local, DecodeOptions::default())
    }

    /// A decoder with explicit options.
    #[must_use]
    pub fn with_options(local: Endpoint, options: DecodeOptions) -> Self {
        Self {
            local,
            options,
            pending: PendingCalls::default(),
            _version: PhantomData,
        }
    }

    /// The CALLs this end sent that await an answer.
    pub fn pending(&mut self) -> &mut PendingCalls {
        &mut self.pending
    }

    /// Decodes a frame the peer sent.
    ///
    /// # Errors
    /// A [`DecodeError`] with its OCPP-J code, message id and JSON path; see
    /// [`DecodeError::to_call_error`] for the answer.
    pub fn decode(&mut self, text: &str) -> Result<Decoded<M>, DecodeError> {
        if let Some(message) = self.decode_valid(text) {
            return Ok(Decoded {
                message,
                deviations: Vec::new(),
            });
        }
        let frame = Frame::parse_with(text, self.options.frame)?;
        self.decode_frame(frame)
    }

    /// The fast path of [`Decoder::decode`]: a CALL, SEND or CALLRESULT that is valid as it
    /// stands (no leniency needed), deserialised in one pass straight into its typed message and
    /// then checked with [`crate::check::Valid`]. `None` for every other frame, CALLERRORs
    /// included; [`Decoder::decode`] then takes the full path, which names the field, the error
    /// code and the leniencies used. Whatever this accepts, the full path accepts with the same
    /// message and no deviation.
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, Endpoint, Message, v16::Ocpp16};
    ///
    /// let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
    /// let ok = r#"[2,"1","Heartbeat",{}]"#;
    /// assert!(matches!(csms.decode_valid(ok), Some(Message::Call { .. })));
    /// let unknown_field = r#"[2,"2","Heartbeat",{"x":1}]"#;
    /// assert!(csms.decode_valid(unknown_field).is_none());
    /// assert!(csms.decode(unknown_field).is_err());
    /// ```
    pub fn decode_valid(&mut self, text: &str) -> Option<Message<M>> {
        use serde::de::DeserializeSeed as _;
        if text.len() > self.options.frame.max_frame_bytes {
            return None;
        }
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = crate::de::FastFrameSeed::<M> {
            sender: self.local.peer(),
            pending: &self.pending,
            _version: PhantomData,
        };
        let frame = seed.deserialize(&mut de).ok()?;
        de.end().ok()?;
        match frame {
            crate::de::FastFrame::Call {
                message_id,
                request,
                send,
            } => {
                if !crate::check::Valid::is_valid(&request) {
                    return None;
                }
                Some(if send {
                    Message::Send {
                        message_id,
                        request,
                    }
                } else {
                    Message::Call {
                        message_id,
                        request,
                    }
                })
            }
            crate::de::FastFrame::Result {
                message_id,
                response,
            } => {
                if !crate::check::Valid::is_valid(&response) {
                    return None;
                }
                self.pending.take(&message_id)?;
                Some(Message::CallResult {
                    message_id,
                    response,
                })
            }
        }
    }

    /// Decodes an already parsed frame the peer sent.
    ///
    /// # Errors
    /// As [`Decoder::decode`].
    pub fn decode_frame(&mut self, frame: Frame) -> Result<Decoded<M>, DecodeError> {
        let kind = frame.kind();
        if matches!(kind, FrameKind::Send | FrameKind::CallResultError)
            && !M::VERSION.has_send_and_call_result_error()
        {
            return Err(DecodeError::MessageTypeNotSupported {
                message_id: frame.message_id().to_owned(),
                kind,
                version: M::VERSION,
            });
        }
        let sender = self.local.peer();
        let leniency = self.options.leniency;
        match frame {
            Frame::Call {
                message_id,
                action,
                payload,
            }
            | Frame::Send {
                message_id,
                action,
                payload,
            } => {
                let info = M::action(&action).ok_or_else(|| DecodeError::UnknownAction {
                    message_id: message_id.as_str().to_owned(),
                    action: action.clone(),
                    version: M::VERSION,
                    kind,
                })?;
                if !info.direction.allows(sender) {
                    return Err(DecodeError::WrongDirection {
                        message_id: message_id.into(),
                        action,
                        sender,
                        kind,
                    });
                }
                if info.send_only() != (kind == FrameKind::Send) {
                    return Err(DecodeError::WrongMessageType {
                        message_id: message_id.into(),
                        action,
                        kind,
                        version: M::VERSION,
                    });
                }
                let (request, deviations) = decode_request::<M>(&action, payload, leniency)
                    .map_err(|e| with_id(e, &message_id, kind))?;
                let message = if kind == FrameKind::Send {
                    Message::Send {
                        message_id,
                        request,
                    }
                } else {
                    Message::Call {
                        message_id,
                        request,
                    }
                };
                Ok(Decoded {
                    message,
                    deviations,
                })
            }
            Frame::CallResult {
                message_id,
                payload,
            } => {
                let action = self.pending.take(&message_id).ok_or_else(|| {
                    DecodeError::UnknownMessageId {
                        message_id: message_id.as_str().to_owned(),
                    }
                })?;
                let (response, deviations) = decode_response::<M>(action, payload, leniency)
                    .map_err(|e| with_id(e, &message_id, kind))?;
                Ok(Decoded {
                    message: Message::CallResult {
                        message_id,
                        response,
                    },
                    deviations,
                })
            }
            Frame::CallError {
                message_id,
                error_code,
                error_description,
                error_details,
            }
            | Frame::CallResultError {
                message_id,
                error_code,
                error_description,
                error_details,
            } => {
                let action = if kind == FrameKind::CallError {
                    self.pending.take(&message_id)
                } else {
                    None
                };
                Ok(Decoded {
                    message: Message::CallError {
                        message_id,
                        action,
                        error_code: ErrorCode::parse(&error_code),
                        error_code_text: error_code,
                        error_description,
                        error_details,
                        about_result: kind == FrameKind::CallResultError,
                    },
                    deviations: Vec::new(),
                })
            }
        }
    }

    /// Checks that this end may send `action` as a frame of `kind`, then validates the payload.
    fn encode(
        &self,
        message_id: &str,
        action: &'static str,
        kind: FrameKind,
        value: Result<Value, serde_json::Error>,
    ) -> Result<Value, EncodeError> {
        let what = payload_name(kind);
        if !crate::framing::valid_message_id(message_id) {
            return Err(EncodeError::MessageIdTooLong {
                message_id: message_id.to_owned(),
            });
        }
        if let Some(info) = M::action(action) {
            let wrong_type = match kind {
                FrameKind::Send => {
                    !M::VERSION.has_send_and_call_result_error() || !info.send_only()
                }
                FrameKind::Call => info.send_only(),
                _ => false,
            };
            if wrong_type {
                return Err(EncodeError::WrongMessageType {
                    message_id: message_id.to_owned(),
                    action: action.to_owned(),
                    kind,
                    version: M::VERSION,
                });
            }
            // a response answers the peer's CALL
            let caller = if kind == FrameKind::CallResult {
                self.local.peer()
            } else {
                self.local
            };
            if !info.direction.allows(caller) {
                return Err(EncodeError::WrongDirection {
                    message_id: message_id.to_owned(),
                    action: action.to_owned(),
                    what,
                    sender: self.local,
                });
            }
        }
        let mut value = value.map_err(|e| EncodeError::Serde {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            message: e.to_string(),
        })?;
        let no_schema = || EncodeError::NoSchema {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            what,
        };
        let node = M::action(action)
            .and_then(|info| info.payload(what))
            .ok_or_else(no_schema)?;
        check(
            &mut value,
            node,
            Leniency::strict(),
            Some(self.options.precision),
            false,
            M::VERSION,
        )
        .map_err(|violation| EncodeError::Invalid {
            message_id: message_id.to_owned(),
            action: action.to_owned(),
            what,
            violation,
        })?;
        Ok(value)
    }

    /// Validates and writes a CALL this end sends, and records it as pending.
    ///
    /// # Errors
    /// [`EncodeError`] when the request breaks its schema, is not sent by this end, or is sent
    /// only as a SEND (2.1's `NotifyPeriodicEventStream`: see [`Decoder::encode_send`]).
    pub fn encode_call(
        &mut self,
        message_id: &str,
        request: &M::Request,
    ) -> Result<String, EncodeError> {
        let action = M::request_action(request);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::Call,
            M::request_to_value(request),
        )?;
        self.pending
            .insert(message_id, action, self.options.max_pending);
        Ok(Frame::Call {
            message_id: message_id.into(),
            action: action.to_owned(),
            payload,
        }
        .to_string())
    }

    /// Validates and writes a SEND (2.1) this end sends.
    ///
    /// # Errors
    /// [`EncodeError`] when the payload breaks its schema, is not sent by this end, or is not a
    /// SEND action (only `NotifyPeriodicEventStream` is; SEND does not exist before 2.1).
    ///
    /// ```
    /// use chargeshift_ocpp::{Decoder, EncodeError, Endpoint, v21::{Ocpp21, Request}};
    ///
    /// let cs = Decoder::<Ocpp21>::new(Endpoint::ChargePoint);
    /// let err = cs.encode_send("1", &Request::Heartbeat(Default::default())).unwrap_err();
    /// assert!(matches!(err, EncodeError::WrongMessageType { .. }));
    /// ```
    pub fn encode_send(
        &self,
        message_id: &str,
        request: &M::Request,
    ) -> Result<String, EncodeError> {
        let action = M::request_action(request);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::Send,
            M::request_to_value(request),
        )?;
        Ok(Frame::Send {
            message_id: message_id.into(),
            action: action.to_owned(),
            payload,
        }
        .to_string())
    }

    /// Validates and writes the CALLRESULT answering the peer's CALL `message_id`.
    ///
    /// # Errors
    /// [`EncodeError`] when the response breaks its schema or answers a CALL that this end sends
    /// (not the peer).
    pub fn encode_result(
        &self,
        message_id: &str,
        response: &M::Response,
    ) -> Result<String, EncodeError> {
        let action = M::response_action(response);
        let payload = self.encode(
            message_id,
            action,
            FrameKind::CallResult,
            M::response_to_value(response),
        )?;
        Ok(Frame::CallResult {
            message_id: message_id.into(),
            payload,
        }
        .to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::PendingCalls;

    #[test]
    fn the_oldest_pending_call_is_dropped_at_the_limit() {
        let mut p = PendingCalls::default();
        for id in ["a", "b", "c"] {
            p.insert(id, "Reset", 2);
        }
        assert_eq!(
            (p.peek("a"), p.peek("b"), p.peek("c")),
            (None, Some("Reset"), Some("Reset"))
        );
        // an answered call frees its room; the oldest still pending goes next
        assert_eq!(p.take("b"), Some("Reset"));
        p.insert("d", "ClearCache", 2);
        assert_eq!(p.len(), 2);
        p.insert("e", "ClearCache", 2);
        assert_eq!(
            (p.peek("c"), p.peek("d"), p.peek("e")),
            (None, Some("ClearCache"), Some("ClearCache"))
        );
        // recording a pending id again replaces it without dropping another, and makes it the newest
        p.insert("d", "Reset", 2);
        assert_eq!(
            (p.peek("d"), p.peek("e")),
            (Some("Reset"), Some("ClearCache"))
        );
        p.insert("f", "Reset", 2);
        assert_eq!(
            (p.peek("d"), p.peek("e"), p.peek("f")),
            (Some("Reset"), None, Some("Reset"))
        );
    }

    #[test]
    fn answered_calls_do_not_pile_up() {
        let mut p = PendingCalls::default();
        p.insert("kept", "Reset", 0);
        for i in 0..10_000 {
            let id = i.to_string();
            p.insert(&id, "Reset", 100);
            assert_eq!(p.take(&id), Some("Reset"));
        }
        assert_eq!(p.len(), 1);
        assert!(p.order.len() <= 2 * p.calls.len() + 17, "{}", p.order.len());
        assert_eq!(p.peek("kept"), Some("Reset"));
    }
}
