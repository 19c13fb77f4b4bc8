//! Checking one frame of a version chosen at run time, for tools that read logs or show frames
//! (the Python and JavaScript bindings, a log analyser): the typed [`Decoder`] behind one call.

use serde_json::Value;

use crate::decode_error::DecodeError;
use crate::decoder::{Decoder, Message};
use crate::direction::Endpoint;
use crate::framing::{Frame, FrameKind};
use crate::message_id::MessageId;
use crate::messages::Messages;
use crate::options::DecodeOptions;
use crate::validate::{Deviation, Leniency};
use crate::version::OcppVersion;

/// A frame that decoded and validated: its kind, action, message id, the payload as read (after
/// any leniency) and the deviations the leniencies accepted.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Checked {
    /// The frame kind.
    pub kind: FrameKind,
    /// The action (CALL and SEND frames).
    pub action: Option<&'static str>,
    /// The message id.
    pub message_id: MessageId,
    /// The validated payload, as the typed message writes it back (CALL and SEND frames).
    pub payload: Option<Value>,
    /// What the leniencies accepted (empty when strict).
    pub deviations: Vec<Deviation>,
}

/// How [`check`] reads a frame: its version, who sent it, the leniencies, and for an answer
/// (CALLRESULT, CALLERROR, CALLRESULTERROR) the action of the CALL it answers.
///
/// The defaults are the ones every tool and binding uses when the caller gives none: OCPP 2.0.1,
/// sent by the charge point, strict, no action.
///
/// ```
/// use chargeshift_ocpp::inspect::CheckOptions;
/// use chargeshift_ocpp::{Endpoint, Leniency, OcppVersion};
///
/// let options = CheckOptions::default();
/// assert_eq!((options.version, options.sender), (OcppVersion::V201, Endpoint::ChargePoint));
/// assert_eq!((options.leniency, options.action), (Leniency::strict(), None));
/// let answer = CheckOptions::new(OcppVersion::V16, Endpoint::Csms).with_action(Some("Heartbeat"));
/// assert_eq!(answer.action, Some("Heartbeat"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckOptions<'a> {
    /// The OCPP version of the connection.
    pub version: OcppVersion,
    /// Who sent the frame.
    pub sender: Endpoint,
    /// The leniencies allowed.
    pub leniency: Leniency,
    /// The action of the CALL that an answer frame answers: it types a CALLRESULT (without it a
    /// CALLRESULT is a `ProtocolError`: nothing says what it answers) and is reported as the
    /// action of a CALLERROR or CALLRESULTERROR. Not used for a CALL or SEND.
    pub action: Option<&'a str>,
}

impl CheckOptions<'_> {
    /// The defaults: OCPP 2.0.1, sent by the charge point, strict, no action.
    pub const DEFAULT: Self = Self::new(OcppVersion::V201, Endpoint::ChargePoint);

    /// Strict options for a frame of `version` sent by `sender`, with no action.
    #[must_use]
    pub const fn new(version: OcppVersion, sender: Endpoint) -> Self {
        Self {
            version,
            sender,
            leniency: Leniency::strict(),
            action: None,
        }
    }

    /// The options with `leniency`.
    #[must_use]
    pub const fn with_leniency(mut self, leniency: Leniency) -> Self {
        self.leniency = leniency;
        self
    }
}

impl<'a> CheckOptions<'a> {
    /// The options with the action of the CALL an answer frame answers.
    #[must_use]
    pub const fn with_action(mut self, action: Option<&'a str>) -> Self {
        self.action = action;
        self
    }
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The kind, action and message id of a decoded message; the action of an answer is the answered
/// CALL's, when known.
fn heading<M: Messages>(message: &Message<M>) -> (FrameKind, Option<&'static str>, MessageId) {
    match message {
        Message::Call {
            message_id,
            request,
        } => (
            FrameKind::Call,
            Some(M::request_action(request)),
            message_id.clone(),
        ),
        Message::Send {
            message_id,
            request,
        } => (
            FrameKind::Send,
            Some(M::request_action(request)),
            message_id.clone(),
        ),
        Message::CallResult {
            message_id,
            response,
        } => (
            FrameKind::CallResult,
            Some(M::response_action(response)),
            message_id.clone(),
        ),
        Message::CallError {
            message_id,
            action,
            about_result,
            ..
        } => {
            let kind = if *about_result {
                FrameKind::CallResultError
            } else {
                FrameKind::CallError
            };
            (kind, *action, message_id.clone())
        }
    }
}

/// The payload of a decoded message as the typed message writes it back (none for an error).
pub(crate) fn payload_value<M: Messages>(message: &Message<M>) -> Option<Value> {
    match message {
        Message::Call { request, .. } | Message::Send { request, .. } => {
            M::request_to_value(request).ok()
        }
        Message::CallResult { response, .. } => M::response_to_value(response).ok(),
        Message::CallError { .. } => None,
    }
}

/// Whether [`checked`] writes the payload back from the typed message always, or only where the
/// leniencies changed it (a batch takes the text as sent otherwise: the same JSON, without the
/// cost of a `Value` tree).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WriteBack {
    Always,
    IfChanged,
}

fn checked<M: Messages>(
    text: &str,
    options: &CheckOptions<'_>,
    write_back: WriteBack,
) -> Result<Checked, DecodeError> {
    let decode_options = DecodeOptions {
        leniency: options.leniency,
        ..DecodeOptions::default()
    };
    let mut decoder = Decoder::<M>::with_options(options.sender.peer(), decode_options);
    let answered = options
        .action
        .map(|action| M::action(action).map(|info| info.action).ok_or(action));
    let fast = match answered {
        // an answer typed by the caller's action, valid as it stands: the decoder's fast path
        Some(Ok(action)) => decoder.decode_valid_answering(text, action),
        _ => None,
    };
    let decoded = match (fast, answered) {
        (Some(message), _) => crate::decoder::Decoded {
            message,
            deviations: Vec::new(),
        },
        (None, None) => decoder.decode(text)?,
        (None, Some(answered)) => {
            let frame = Frame::parse_with(text, decode_options.frame)?;
            let is_answer = matches!(
                frame.kind(),
                FrameKind::CallResult | FrameKind::CallError | FrameKind::CallResultError
            );
            if is_answer {
                let answered = answered.map_err(|action| DecodeError::UnknownAction {
                    message_id: frame.message_id().to_owned(),
                    action: action.to_owned(),
                    version: M::VERSION,
                    kind: frame.kind(),
                })?;
                // the CALL it answers, as if this end had sent it
                decoder.pending().insert(frame.message_id(), answered, 1);
                let mut decoded = decoder.decode_frame(frame)?;
                if let Message::CallError { action, .. } = &mut decoded.message {
                    *action = Some(answered);
                }
                decoded
            } else {
                decoder.decode_frame(frame)?
            }
        }
    };
    let (kind, action, message_id) = heading(&decoded.message);
    let payload = if write_back == WriteBack::Always || !decoded.deviations.is_empty() {
        payload_value(&decoded.message)
    } else {
        None
    };
    Ok(Checked {
        kind,
        action,
        message_id,
        payload,
        deviations: decoded.deviations,
    })
}

/// Decodes and validates one frame as the receiving end would, read as `options` say: a CALL or
/// SEND by its action, an answer (CALLRESULT, CALLERROR, CALLRESULTERROR) by
/// [`CheckOptions::action`], the action of the CALL it answers. Without an action a CALLRESULT
/// cannot be typed and is a `ProtocolError`, as in [`check_frame`].
///
/// # Errors
/// The [`DecodeError`] of the receiving end; [`DecodeError::reply`] gives the answer, if any. An
/// action unknown to the version is a [`DecodeError::UnknownAction`] about the answer frame; a
/// version this build leaves out is [`DecodeError::VersionNotCompiled`].
///
/// # Complexity
/// O(n) in the frame's length plus the walk of its schema, as [`Decoder::decode`].
///
/// # Example
/// ```
/// use chargeshift_ocpp::inspect::{CheckOptions, check};
/// use chargeshift_ocpp::{Endpoint, FrameKind, OcppVersion};
///
/// let options = CheckOptions::new(OcppVersion::V16, Endpoint::Csms).with_action(Some("Heartbeat"));
/// let answer = check(r#"[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]"#, &options)?;
/// assert_eq!((answer.kind, answer.action), (FrameKind::CallResult, Some("Heartbeat")));
///
/// // without the action nothing says what a CALLRESULT answers
/// let untyped = check(r#"[3,"7",{"currentTime":"2026-01-01T00:00:00Z"}]"#, &CheckOptions::new(OcppVersion::V16, Endpoint::Csms));
/// assert!(untyped.is_err());
/// # Ok::<(), chargeshift_ocpp::DecodeError>(())
/// ```
pub fn check(text: &str, options: &CheckOptions<'_>) -> Result<Checked, DecodeError> {
    check_with(text, options, WriteBack::Always)
}

/// [`check`], the payload written back as `write_back` says.
pub(crate) fn check_with(
    text: &str,
    options: &CheckOptions<'_>,
    write_back: WriteBack,
) -> Result<Checked, DecodeError> {
    match options.version {
        #[cfg(feature = "v16")]
        OcppVersion::V16 => checked::<crate::v16::Ocpp16>(text, options, write_back),
        #[cfg(feature = "v201")]
        OcppVersion::V201 => checked::<crate::v201::Ocpp201>(text, options, write_back),
        #[cfg(feature = "v21")]
        OcppVersion::V21 => checked::<crate::v21::Ocpp21>(text, options, write_back),
        #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
        version => Err(DecodeError::VersionNotCompiled { version }),
    }
}

/// Decodes and validates one frame of `version` sent by `sender`, as the receiving end would.
///
/// A CALLRESULT cannot be typed without its pending CALL, so it is a `ProtocolError` (which
/// OCPP-J does not answer before 2.1); give its action with [`check`], or use a
/// [`crate::conversation::Conversation`] to pair it with its CALL.
///
/// # Errors
/// The [`DecodeError`] of the receiving end; [`DecodeError::reply`] gives the answer, if any.
///
/// # Example
/// ```
/// use chargeshift_ocpp::inspect::check_frame;
/// use chargeshift_ocpp::{Endpoint, ErrorCode, Leniency, OcppVersion};
///
/// let ok = check_frame(r#"[2,"7","Heartbeat",{}]"#, OcppVersion::V201, Endpoint::ChargePoint, Leniency::strict())?;
/// assert_eq!(ok.action, Some("Heartbeat"));
///
/// let wrong_way = check_frame(r#"[2,"8","Reset",{"type":"Immediate"}]"#, OcppVersion::V201, Endpoint::ChargePoint, Leniency::strict());
/// assert_eq!(wrong_way.unwrap_err().error_code(), ErrorCode::NotSupported);
/// # Ok::<(), chargeshift_ocpp::DecodeError>(())
/// ```
pub fn check_frame(
    text: &str,
    version: OcppVersion,
    sender: Endpoint,
    leniency: Leniency,
) -> Result<Checked, DecodeError> {
    check(
        text,
        &CheckOptions::new(version, sender).with_leniency(leniency),
    )
}

#[cfg(test)]
mod tests {
    use super::{CheckOptions, check};
    use crate::{Endpoint, OcppVersion};

    /// A CALL that every version knows.
    const HEARTBEAT: &str = r#"[2,"1","Heartbeat",{}]"#;

    #[test]
    fn a_compiled_version_decodes() {
        for version in OcppVersion::ALL.into_iter().filter(|v| v.is_compiled()) {
            let checked = check(
                HEARTBEAT,
                &CheckOptions::new(version, Endpoint::ChargePoint),
            );
            assert_eq!(
                checked.map(|c| c.action),
                Ok(Some("Heartbeat")),
                "{version}"
            );
        }
    }

    /// A build without a version: its frames are a clear error, in `check` and in a conversation.
    #[cfg(not(all(feature = "v16", feature = "v201", feature = "v21")))]
    #[test]
    fn a_version_compiled_out_is_an_error() {
        use crate::conversation::{Conversation, ConversationOptions};
        use crate::{DecodeError, ErrorCode};

        let off: Vec<_> = OcppVersion::ALL
            .into_iter()
            .filter(|v| !v.is_compiled())
            .collect();
        assert!(!off.is_empty());
        for version in off {
            let err = check(
                HEARTBEAT,
                &CheckOptions::new(version, Endpoint::ChargePoint),
            )
            .expect_err("a version compiled out decodes nothing");
            assert_eq!(err, DecodeError::VersionNotCompiled { version });
            let feature = version.cargo_feature();
            assert_eq!(
                err.to_string(),
                format!(
                    "{} is not compiled into this build (cargo feature `{feature}` of chargeshift-ocpp)",
                    version.label()
                )
            );
            assert_eq!(err.error_code(), ErrorCode::NotImplemented);
            assert_eq!(err.reply(version), None);
            assert_eq!(err.message_id(), None);

            let mut conv = Conversation::new(ConversationOptions::default());
            conv.open("CP1", version);
            assert_eq!(conv.version("CP1"), Some(version));
            let err = conv
                .decode("CP1", Endpoint::ChargePoint, HEARTBEAT)
                .expect_err("a version compiled out decodes nothing");
            assert_eq!(
                err.decode_error(),
                Some(&DecodeError::VersionNotCompiled { version })
            );
            assert_eq!(conv.pending("CP1"), 0);
        }
    }
}
