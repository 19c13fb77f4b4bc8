//! Why a message this end sends could not be encoded.

use crate::direction::Endpoint;
use crate::framing::FrameKind;
use crate::validate::Violation;
use crate::version::OcppVersion;

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
