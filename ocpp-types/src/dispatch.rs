//! Typed dispatch, gathered in one place: decoding frames of one version into typed requests and
//! responses ([`Decoder`]), the direction of each action ([`Direction`], [`Endpoint`]), the
//! pending-call table for CALLRESULTs ([`PendingCalls`]), validated encoding and their errors.
//!
//! Each concept lives in its own private module of the crate (`decoder`, `direction`, `messages`,
//! `decode_error`, `encode_error`, `options`, `pending`, `payload`); this module re-exports them
//! under the paths they have always had, as the crate root does.
//!
//! ```
//! use chargeshift_ocpp::dispatch::{Decoder, Endpoint, Message};
//! use chargeshift_ocpp::v16::Ocpp16;
//!
//! let mut csms = Decoder::<Ocpp16>::new(Endpoint::Csms);
//! let heartbeat = csms.decode(r#"[2,"1","Heartbeat",{}]"#)?;
//! assert!(matches!(heartbeat.message, Message::Call { .. }));
//! # Ok::<(), chargeshift_ocpp::dispatch::DecodeError>(())
//! ```

pub use crate::decode_error::{DecodeError, MAX_ERROR_DESCRIPTION_LEN};
pub use crate::decoder::{Decoded, Decoder, Message};
pub use crate::direction::{Direction, Endpoint, NameCase, UnknownEndpoint};
pub use crate::encode_error::EncodeError;
pub use crate::messages::Messages;
pub use crate::options::DecodeOptions;
pub use crate::payload::{decode_request, decode_response};
pub use crate::pending::PendingCalls;
pub use crate::relay::Relay;
