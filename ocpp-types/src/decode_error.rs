//! Why a received frame could not be decoded, with the OCPP-J error code and the answer a
//! receiver sends back.

use serde_json::Value;

use crate::direction::Endpoint;
use crate::error::ErrorCode;
use crate::framing::{Frame, FrameError, FrameKind};
use crate::messages::payload_name;
use crate::validate::Violation;
use crate::version::OcppVersion;

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
    /// The frame is of an OCPP version whose message types this build leaves out (its cargo
    /// feature of chargeshift-ocpp was off); see [`OcppVersion::is_compiled`].
    #[error(
        "{} is not compiled into this build (cargo feature `{}` of chargeshift-ocpp)",
        .version.label(),
        .version.cargo_feature()
    )]
    VersionNotCompiled {
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
            // the receiver implements nothing of the version
            Self::UnknownAction { .. } | Self::VersionNotCompiled { .. } => {
                ErrorCode::NotImplemented
            }
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
            Self::VersionNotCompiled { .. } => None,
        }
    }

    /// The JSON path of the offending field, for payload errors.
    #[must_use]
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Invalid { violation, .. } => Some(&violation.path),
            Self::Frame(e) => e.path(),
            _ => None,
        }
    }

    /// The message type of the received frame as the version reads it: `None` when it could not
    /// be determined (not JSON, not an array, a type number unknown to the version).
    #[must_use]
    pub const fn frame_kind(&self) -> Option<FrameKind> {
        match self {
            Self::Frame(e) => e.kind(),
            Self::MessageTypeNotSupported { .. } | Self::VersionNotCompiled { .. } => None,
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
    /// - a message type number the version does not define (an unknown one; 5 and 6 before 2.1):
    ///   in 2.0.1 a CALLERROR `MessageTypeNotSupported`, as OCPP-J 2.0.1 section 4.4 ("Extension
    ///   fallback mechanism") says a receiver of an unknown message type "SHALL respond with an
    ///   CALLERROR"; in 1.6 and 2.1 nothing, since OCPP-J 1.6 (section 4.1.3) and OCPP-J 2.1
    ///   (section 4.4, updated in 2.1) say a receiver of a message type number not in its list
    ///   "SHALL ignore the message payload" (and 1.6 defines no error code for it);
    /// - a CALL, or a frame whose message type could not be determined (not JSON, not an array, no
    ///   message type number): a CALLERROR with the message id, or `"-1"` when it could not be read;
    /// - a CALLRESULT: in 2.1 a CALLRESULTERROR (when its message id could be read and does not
    ///   answer an unknown CALL), before 2.1 nothing;
    /// - a CALLERROR, a CALLRESULTERROR or a SEND: nothing (they are never answered);
    /// - a frame of a version this build leaves out ([`Self::VersionNotCompiled`]): nothing.
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
    /// // nor is an unknown message type in 1.6 and 2.1 (2.0.1 answers MessageTypeNotSupported)
    /// let unknown = csms.decode(r#"[9,"8",{}]"#).unwrap_err();
    /// assert_eq!(unknown.reply(OcppVersion::V16), None);
    /// assert!(unknown.reply(OcppVersion::V201).is_some());
    /// assert_eq!(unknown.reply(OcppVersion::V21), None);
    /// ```
    #[must_use]
    pub fn reply(&self, version: OcppVersion) -> Option<Frame> {
        // a build without the version cannot speak it: nothing to answer in
        if matches!(self, Self::VersionNotCompiled { .. }) {
            return None;
        }
        if version == OcppVersion::V16
            && matches!(self.error_code(), ErrorCode::MessageTypeNotSupported)
        {
            return None;
        }
        // 2.1's extension fallback: an unknown message type number is ignored (its SEND-only and
        // CALL-only actions sent as the other type are still answered: D3 of ERRORS.md)
        if version == OcppVersion::V21
            && matches!(self, Self::Frame(FrameError::UnknownMessageType { .. }))
        {
            return None;
        }
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
