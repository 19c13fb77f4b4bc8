//! Strongly typed OCPP-J messages for OCPP 1.6J (with the security extension), 2.0.1 and 2.1.
//!
//! The crate is layered:
//! - [`framing`]: the OCPP-J RPC frames (CALL, CALLRESULT, CALLERROR and 2.1's CALLRESULTERROR and
//!   SEND), with message id rules and size limits;
//! - [`error`]: the OCPP-J error codes, spelled as each protocol version spells them.
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

pub mod error;
pub mod framing;
pub mod version;

pub use error::ErrorCode;
pub use framing::{Frame, FrameError, FrameKind};
pub use version::OcppVersion;
