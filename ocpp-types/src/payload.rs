//! Validating one payload against its schema (with the leniencies) and typing it: the step every
//! decoded CALL, SEND and CALLRESULT goes through, and every encoded one (strictly).

use serde_json::Value;

use crate::datetime::TimestampPrecision;
use crate::decode_error::DecodeError;
use crate::error::ErrorCode;
use crate::framing::FrameKind;
use crate::messages::Messages;
use crate::messages::payload_name;
use crate::schema::ObjectNode;
use crate::validate::{Deviation, Leniency, Violation, Walk};
use crate::version::OcppVersion;

/// Validates `payload` against `node`, applying `leniency`; returns the deviations used.
pub(crate) fn check(
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
pub(crate) fn with_id(mut e: DecodeError, id: &str, frame_kind: FrameKind) -> DecodeError {
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
