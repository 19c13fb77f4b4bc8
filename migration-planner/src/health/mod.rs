//! Health of a migration from OCPP traffic.
//!
//! - [`log`]: the JSONL health log and its streaming reader.

pub mod log;
