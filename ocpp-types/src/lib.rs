//! Strongly typed OCPP-J messages for OCPP 1.6J (with the security extension), 2.0.1 and 2.1.
//!
//! The crate is layered:
//! - [`framing`]: the OCPP-J RPC frames (CALL, CALLRESULT, CALLERROR and 2.1's CALLRESULTERROR and
//!   SEND), with message id rules and size limits;
//! - [`error`]: the OCPP-J error codes, spelled as each protocol version spells them;
//! - [`v16`], [`v201`], [`v21`]: every request and response of each version, generated from the
//!   official JSON schemas by `chargeshift-ocpp-codegen`;
//! - [`schema`] and [`validate`]: the generated constraint tables and the validator that walks
//!   them, with named [`Leniency`]s;
//! - [`check`]: the schema checks on typed values that the decoder's fast path uses;
//! - [`dispatch`]: the typed [`Decoder`] with directions, pending calls and validated encoding,
//!   each concept in its own private module (`direction`, `messages`, `payload`, `pending`,
//!   `options`, `decode_error`, `encode_error`, `decoder`) and re-exported here and at the root;
//! - [`inspect`]: one frame of a version chosen at run time, for tools and the bindings;
//! - [`conversation`]: the frames of many connections, each of its own version, with every answer
//!   paired with its CALL.
//!
//! ```
//! use chargeshift_ocpp::framing::{Frame, FrameKind};
//!
//! let frame = Frame::parse(r#"[2,"19223201","Heartbeat",{}]"#)?;
//! assert_eq!(frame.kind(), FrameKind::Call);
//! assert_eq!(frame.message_id(), "19223201");
//! assert_eq!(frame.action(), Some("Heartbeat"));
//! # Ok::<(), chargeshift_ocpp::framing::FrameError>(())
//! ```

pub mod check;
mod constraint;
pub mod conversation;
pub mod datetime;
mod de;
mod decode_error;
mod decoder;
mod direction;
pub mod dispatch;
mod encode_error;
pub mod error;
mod fast_frame;
pub mod framing;
pub mod inspect;
mod json;
mod message_id;
mod messages;
mod options;
mod payload;
mod pending;
pub mod schema;
mod text;
pub mod v16;
pub mod v201;
pub mod v21;
pub mod validate;
pub mod version;

pub use datetime::{DateTime, InvalidDateTime, TimestampPrecision};
pub use dispatch::{
    DecodeError, DecodeOptions, Decoded, Decoder, Direction, EncodeError, Endpoint, Message,
    Messages, NameCase, PendingCalls, UnknownEndpoint, decode_request, decode_response,
};
pub use error::ErrorCode;
pub use framing::{Frame, FrameError, FrameKind};
pub use message_id::MessageId;
pub use validate::{Deviation, Leniency, LeniencyKind, UnknownLeniencyKind, Violation};
pub use version::OcppVersion;

/// The example of this crate's README, run as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
