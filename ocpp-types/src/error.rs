//! OCPP-J error codes, spelled as each protocol version spells them, and the table from every
//! fault to its code.
//!
#![doc = include_str!("../ERRORS.md")]

use std::fmt;

use crate::OcppVersion;

/// An OCPP-J RPC error code, as sent in a CALLERROR frame.
///
/// The codes are the same across versions except for spelling: OCPP 1.6 writes
/// `FormationViolation` and `OccurenceConstraintViolation` where 2.x writes `FormatViolation` and
/// `OccurrenceConstraintViolation`. [`ErrorCode::as_str`] spells a code for a version and
/// [`ErrorCode::parse`] accepts either spelling.
///
/// ```
/// use chargeshift_ocpp::{ErrorCode, OcppVersion};
///
/// assert_eq!(ErrorCode::FormatViolation.as_str(OcppVersion::V16), "FormationViolation");
/// assert_eq!(ErrorCode::FormatViolation.as_str(OcppVersion::V201), "FormatViolation");
/// assert_eq!(ErrorCode::parse("OccurenceConstraintViolation"), Some(ErrorCode::OccurrenceConstraintViolation));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// The payload is syntactically incorrect or not conform the PDU structure for the action.
    FormatViolation,
    /// An internal error occurred and the receiver could not process the requested action.
    InternalError,
    /// A message type number not defined by the protocol (2.x). OCPP 1.6 defines no such code and
    /// ignores such a message ([`crate::DecodeError::reply`] answers nothing); [`ErrorCode::as_str`]
    /// still spells it `NotSupported` for 1.6, for logs.
    MessageTypeNotSupported,
    /// The requested action is not known by the receiver.
    NotImplemented,
    /// The requested action is recognised but not supported by the receiver.
    NotSupported,
    /// The payload for the action is syntactically correct but at least one field breaks occurrence
    /// constraints (a required field is missing, too many or too few array items).
    OccurrenceConstraintViolation,
    /// The payload is syntactically correct but at least one field breaks a property constraint
    /// (an enum value, a length, a range).
    PropertyConstraintViolation,
    /// The payload for the action is incomplete.
    ProtocolError,
    /// The content of the call is not a valid RPC request, its message id could not be read.
    RpcFrameworkError,
    /// During the processing of the action a security issue occurred.
    SecurityError,
    /// A field holds a value of the wrong data type (a string where a number is required).
    TypeConstraintViolation,
    /// Any other error.
    GenericError,
}

impl ErrorCode {
    /// Every error code.
    pub const ALL: [Self; 12] = [
        Self::FormatViolation,
        Self::InternalError,
        Self::MessageTypeNotSupported,
        Self::NotImplemented,
        Self::NotSupported,
        Self::OccurrenceConstraintViolation,
        Self::PropertyConstraintViolation,
        Self::ProtocolError,
        Self::RpcFrameworkError,
        Self::SecurityError,
        Self::TypeConstraintViolation,
        Self::GenericError,
    ];

    /// The wire spelling of this code in `version`.
    ///
    /// Codes that a version does not define are mapped to the nearest one it does:
    /// 1.6 has no `MessageTypeNotSupported` (spelled `NotSupported`, though a 1.6 receiver sends
    /// no answer at all) and no `RpcFrameworkError`
    /// (answered as `FormationViolation`).
    ///
    /// ```
    /// use chargeshift_ocpp::{ErrorCode, OcppVersion};
    ///
    /// assert_eq!(ErrorCode::RpcFrameworkError.as_str(OcppVersion::V16), "FormationViolation");
    /// assert_eq!(ErrorCode::RpcFrameworkError.as_str(OcppVersion::V21), "RpcFrameworkError");
    /// ```
    #[must_use]
    pub const fn as_str(self, version: OcppVersion) -> &'static str {
        let v16 = matches!(version, OcppVersion::V16);
        match self {
            Self::FormatViolation if v16 => "FormationViolation",
            Self::FormatViolation => "FormatViolation",
            Self::InternalError => "InternalError",
            Self::MessageTypeNotSupported if v16 => "NotSupported",
            Self::MessageTypeNotSupported => "MessageTypeNotSupported",
            Self::NotImplemented => "NotImplemented",
            Self::NotSupported => "NotSupported",
            Self::OccurrenceConstraintViolation if v16 => "OccurenceConstraintViolation",
            Self::OccurrenceConstraintViolation => "OccurrenceConstraintViolation",
            Self::PropertyConstraintViolation => "PropertyConstraintViolation",
            Self::ProtocolError => "ProtocolError",
            // OCPP-J 1.6's table of error codes (section 4.2.3) has no RpcFrameworkError; of its
            // codes, FormationViolation ("Payload for Action is syntactically incorrect or not
            // conform the PDU structure for Action") fits a frame that is not valid JSON or not a
            // well-formed RPC array, where ProtocolError means "Payload for Action is incomplete".
            Self::RpcFrameworkError if v16 => "FormationViolation",
            Self::RpcFrameworkError => "RpcFrameworkError",
            Self::SecurityError => "SecurityError",
            Self::TypeConstraintViolation => "TypeConstraintViolation",
            Self::GenericError => "GenericError",
        }
    }

    /// Reads an error code in any version's spelling; `None` for an unknown code.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "FormatViolation" | "FormationViolation" => Self::FormatViolation,
            "InternalError" => Self::InternalError,
            "MessageTypeNotSupported" => Self::MessageTypeNotSupported,
            "NotImplemented" => Self::NotImplemented,
            "NotSupported" => Self::NotSupported,
            "OccurrenceConstraintViolation" | "OccurenceConstraintViolation" => {
                Self::OccurrenceConstraintViolation
            }
            "PropertyConstraintViolation" => Self::PropertyConstraintViolation,
            "ProtocolError" => Self::ProtocolError,
            "RpcFrameworkError" => Self::RpcFrameworkError,
            "SecurityError" => Self::SecurityError,
            "TypeConstraintViolation" => Self::TypeConstraintViolation,
            "GenericError" => Self::GenericError,
            _ => return None,
        })
    }
}

impl fmt::Display for ErrorCode {
    /// Displays the OCPP 2.x spelling.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str(OcppVersion::V201))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_parses_back() {
        for code in ErrorCode::ALL {
            for version in OcppVersion::ALL {
                let text = code.as_str(version);
                let back = ErrorCode::parse(text).unwrap();
                // 1.6 folds two 2.x codes into others; everything else is exact
                if version != OcppVersion::V16
                    || !matches!(
                        code,
                        ErrorCode::MessageTypeNotSupported | ErrorCode::RpcFrameworkError
                    )
                {
                    assert_eq!(back, code, "{text} in {version}");
                }
            }
        }
        assert_eq!(ErrorCode::parse("Bogus"), None);
    }
}
