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
//! # Cargo features
//!
//! `v16`, `v201` and `v21` (all on by default) each compile one version's generated message
//! types and schema tables in ([`v16`], [`v201`], [`v21`]). A build without one still names the
//! version ([`OcppVersion`] keeps every variant, [`OcppVersion::is_compiled`] says which are in),
//! and reading a frame of it at run time ([`inspect::check`], a
//! [`conversation::Conversation`] connection of that version) is
//! [`DecodeError::VersionNotCompiled`], never a panic. Typed code ([`Decoder`]) of a version left
//! out does not compile, since its types do not exist. E.g. only 2.0.1:
//!
//! ```toml
//! chargeshift-ocpp = { version = "0.1", default-features = false, features = ["v201"] }
//! ```
//!
//! # Leniencies
//!
//! Each [`Leniency`] is off by default (strict), accepts one fault that real chargers send, and is
//! reported as a [`Deviation`] of its [`LeniencyKind`] with the JSON path of the field when used.
//! Only the full path applies them: the fast path ([`Decoder::decode_valid`]) is strict and leaves
//! every frame that needs one to the full path.
//!
//! | field | kind | accepts | the chargers that need it |
//! |-------|------|---------|---------------------------|
//! | `enum_case` | `EnumCase` | an enum value in the wrong case (`accepted`) or a known misspelling (`Celcius`) | firmware with hand-written enum tables |
//! | `timestamp_offsets` | `TimestampOffset` | a timestamp without a UTC offset (read as UTC), or with `+02` / `+0200` | firmware that formats local or UTC time without the RFC 3339 offset |
//! | `timestamp_spaces` | `TimestampSpace` | a space instead of `T` before the time (`2024-05-01 12:00:00Z`) | firmware that writes timestamps in the SQL / `strftime("%F %T")` style |
//! | `numbers_as_strings` | `NumberAsString` | a number or boolean sent as a string (`"12.5"`, `"true"`) | firmware that quotes every value it writes |
//! | `strings_as_numbers` | `StringAsNumber` | a number where the schema wants a plain string (a sampled value's `value` as `0`), read as its canonical text: the integer's digits or the float's shortest round-trip text (`1e3` is `"1000.0"`), whatever serde_json's features | firmware that writes meter readings, serial numbers or versions from numeric registers without quoting them |
//! | `data_transfer_object` | `DataTransferObject` | 1.6 `DataTransfer.data` as a JSON object or array | 1.6 chargers that send vendor data as JSON instead of a string |
//! | `unknown_fields` | `UnknownField` | a field the schema does not know (dropped) | vendor extensions outside `customData` |
//! | `long_strings` | `LongString` | a string over `maxLength` (kept) | long serial numbers, firmware versions, error texts |
//! | `unlisted_enum_values` | `UnlistedEnumValue` | an enum value outside the schema's list, up to [`validate::MAX_UNLISTED_ENUM_LEN`] characters, kept as it was as the enum's `Unlisted(String)` | chargers that send their vendor's own `errorCode`, `reason`, `context` or `measurand` (firmware written against a draft or a newer version of the schema) |
//!
//! A timestamp with both a space and no offset (`2024-05-01 12:00:00`) needs both leniencies and
//! is reported twice, once for each. An enum value in the wrong case is repaired by `enum_case`
//! when it is on, and only kept as unlisted when it is not.
//!
//! Every generated enum has the variant `Unlisted(String)`, which only
//! `unlisted_enum_values` produces: a caller matches on it (`StatusNotificationRequestErrorCode::Unlisted(code)`),
//! `as_str` gives the text back and serialising writes it unchanged. The fast path and strict
//! decoding reject it with PropertyConstraintViolation, as they reject every value the schema does
//! not list, and strict encoding does too.
//!
//! What a gateway accepts leniently it passes on in the form it chooses, with
//! [`Decoder::relay`] and a [`Relay`]: [`Relay::Verbatim`] forwards the raw frame byte for byte;
//! [`Relay::Strict`] re-encodes the decoded message strictly, which writes what each leniency
//! repaired (the RFC 3339 timestamp, the number, the listed enum value, the string, so
//! `"value":0` goes on as `"value":"0"`) and fails on what a leniency only kept (an over-long
//! string, an unlisted enum value); [`Relay::Lenient`] re-encodes with the relaying end's
//! leniencies, so kept values go on as they were read. Dropped unknown fields are gone from the
//! typed message: only `Verbatim` passes them on.
//!
//! ```
//! use chargeshift_ocpp::{DecodeOptions, Decoder, Endpoint, Leniency, LeniencyKind, Message, v16::Ocpp16};
//!
//! let frame = r#"[2,"1","StopTransaction",{"transactionId":7,"meterStop":5300,"timestamp":"2024-05-01 12:00:00Z"}]"#;
//! let mut strict = Decoder::<Ocpp16>::new(Endpoint::Csms);
//! assert_eq!(strict.decode(frame).unwrap_err().path(), Some("$.timestamp"));
//!
//! let mut leniency = Leniency::strict();
//! leniency.timestamp_spaces = true;
//! let mut gateway = Decoder::<Ocpp16>::with_options(Endpoint::Csms, DecodeOptions::default().with_leniency(leniency));
//! let decoded = gateway.decode(frame)?;
//! assert_eq!(decoded.deviations[0].kind, LeniencyKind::TimestampSpace);
//! assert_eq!(decoded.deviations[0].path, "$.timestamp");
//! let Message::Call { request, .. } = decoded.message else { unreachable!() };
//! let upstream = Decoder::<Ocpp16>::new(Endpoint::ChargePoint).encode_call("1", &request)?;
//! assert!(upstream.contains(r#""timestamp":"2024-05-01T12:00:00.000Z""#));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Framing
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
#![cfg_attr(
    not(all(feature = "v16", feature = "v201", feature = "v21")),
    allow(
        dead_code,
        unused_imports,
        reason = "the checks and readers that the generated code calls serve the versions compiled in; a version left out leaves its own unused"
    )
)]
#![cfg_attr(
    not(any(feature = "v16", feature = "v201", feature = "v21")),
    allow(
        unused,
        unreachable_code,
        reason = "no OCPP version compiled in: the typed paths have nothing to decode and return `DecodeError::VersionNotCompiled`"
    )
)]

pub mod batch;
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
mod relay;
pub mod schema;
mod text;
#[cfg(feature = "v16")]
pub mod v16;
#[cfg(feature = "v201")]
pub mod v201;
#[cfg(feature = "v21")]
pub mod v21;
pub mod validate;
pub mod version;

pub use datetime::{DateTime, InvalidDateTime, TimestampPrecision};
pub use dispatch::{
    DecodeError, DecodeOptions, Decoded, Decoder, Direction, EncodeError, Endpoint, Message,
    Messages, NameCase, PendingCalls, Relay, UnknownEndpoint, decode_request, decode_response,
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
