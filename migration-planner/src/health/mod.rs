//! Health of a migration from OCPP traffic: the log a gateway writes, converters from what
//! gateways and back offices actually write, and the KPIs computed from it per charge point and
//! day.
//!
//! - [`analysis`]: a whole run over one log, as `chargeshift health` and the bindings do it;
//! - [`log`]: the JSONL health log and its streaming reader;
//! - [`convert`]: SteVe, the PyPI `ocpp` library, EVerest libocpp and CitrineOS logs to the
//!   health log;
//! - [`kpi`]: availability (NEVI uptime), charging success (NOW), authorization success,
//!   reconnects, protocol quality and error codes, as partial aggregates per (identity, day) that
//!   merge exactly;
//! - [`sessions`]: the charging sessions of a log, one record per transaction;
//! - [`simulate`]: a deterministic, seeded traffic simulator with injected faults;
//! - [`report`]: the verdict per wave against its success criteria, the top error codes per
//!   wave and the protocol quality and top vendor error codes per vendor, model and firmware, as
//!   JSON, Markdown and CSV.

pub mod analysis;
pub mod convert;
pub mod kpi;
pub mod log;
pub mod report;
pub mod sessions;
pub mod simulate;
