//! Health of a migration from OCPP traffic.
//!
//! - [`log`]: the JSONL health log and its streaming reader;
//! - [`convert`]: SteVe, the PyPI `ocpp` library and EVerest libocpp logs to the health log.

pub mod convert;
pub mod log;
