//! Checking one frame of a version chosen at run time, for tools that read logs or show frames
//! (the Python and JavaScript bindings, a log analyser): the typed [`Decoder`] behind one call.

use serde_json::Value;

use crate::decode_error::DecodeError;
use crate::decoder::{Decoder, Message};
use crate::direction::Endpoint;
use crate::framing::FrameKind;
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

fn checked<M: Messages>(
    text: &str,
    sender: Endpoint,
    leniency: Leniency,
) -> Result<Checked, DecodeError> {
    let options = DecodeOptions {
        leniency,
        ..DecodeOptions::default()
    };
    let decoded = Decoder::<M>::with_options(sender.peer(), options).decode(text)?;
    let (kind, action, message_id, payload) = match decoded.message {
        Message::Call {
            message_id,
            request,
        } => {
            let payload = M::request_to_value(&request).ok();
            (
                FrameKind::Call,
                Some(M::request_action(&request)),
                message_id,
                payload,
            )
        }
        Message::Send {
            message_id,
            request,
        } => {
            let payload = M::request_to_value(&request).ok();
            (
                FrameKind::Send,
                Some(M::request_action(&request)),
                message_id,
                payload,
            )
        }
        Message::CallResult {
            message_id,
            response,
        } => {
            let payload = M::response_to_value(&response).ok();
            (
                FrameKind::CallResult,
                Some(M::response_action(&response)),
                message_id,
                payload,
            )
        }
        Message::CallError {
            message_id,
            action,
            about_result,
            ..
        } => {
            let kind = if about_result {
                FrameKind::CallResultError
            } else {
                FrameKind::CallError
            };
            (kind, action, message_id, None)
        }
    };
    Ok(Checked {
        kind,
        action,
        message_id,
        payload,
        deviations: decoded.deviations,
    })
}

/// Decodes and validates one frame of `version` sent by `sender`, as the receiving end would.
///
/// A CALLRESULT cannot be typed without its pending CALL, so it is a `ProtocolError` (which
/// OCPP-J does not answer before 2.1); use a [`Decoder`] for a conversation.
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
    match version {
        OcppVersion::V16 => checked::<crate::v16::Ocpp16>(text, sender, leniency),
        OcppVersion::V201 => checked::<crate::v201::Ocpp201>(text, sender, leniency),
        OcppVersion::V21 => checked::<crate::v21::Ocpp21>(text, sender, leniency),
    }
}
