//! WebAssembly bindings of chargeshift: conversion and naming only, the logic lives in the crates.
//!
//! Errors are thrown as JavaScript `Error` objects whose `name` says what failed and whose extra
//! fields carry the structured details (for a frame: `errorCode` and `messageId`; for a fleet:
//! `line`, `column` and `findings`).

mod convert;
mod graph;
mod ocpp;
mod planner;

use wasm_bindgen::prelude::*;

pub use graph::Fleet;
pub use ocpp::{check_frame, parse_frame};
pub use planner::{Plan, plan, plan_migration};

/// The package version.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
