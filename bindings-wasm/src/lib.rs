//! WebAssembly bindings of chargeshift: conversion and naming only, the logic lives in the crates.
//!
//! Errors are thrown as instances of the package's error classes (`ChargeshiftError` and its
//! subclasses, defined in `js/errors.js` and registered by the package's entry point), whose
//! extra fields carry the structured details (for a frame: `errorCode` and `messageId`; for a
//! fleet: `line`, `column` and `findings`); a bad argument is a `TypeError`, a number out of
//! range a `RangeError`. Every object JavaScript sees is in `camelCase` (the keys of maps, such
//! as ids and error codes, stay as they are).

mod convert;
mod cutover;
mod graph;
mod health;
mod ocpp;
mod planner;
mod reconcile;
mod value;

use wasm_bindgen::prelude::*;

pub use convert::register_error_classes;
pub use cutover::plan_cutover;
pub use graph::Fleet;
pub use health::{HealthAnalysis, health};
pub use ocpp::{FrameColumns, check_frame, check_frame_columns, check_frames, parse_frame};
pub use planner::{Plan, plan, plan_migration};
pub use reconcile::{Reconciliation, reconcile};

/// The package version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
