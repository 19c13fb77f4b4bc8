//! Python bindings of chargeshift: conversion and naming only, the logic lives in the crates.
//!
//! Each core error maps to one Python exception in one small function next to the functions that
//! raise it (`ocpp.rs`, `graph.rs`).

mod convert;
mod graph;
mod ocpp;
mod planner;
// issue 16 part B: cutover, health and reconcile
mod cutover;
mod health;
mod reconcile;
mod tables;

use pyo3::prelude::*;

/// The native module, imported as `chargeshift._native` and re-exported by `chargeshift`.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    ocpp::register(m)?;
    graph::register(m)?;
    planner::register(m)?;
    cutover::register(m)?;
    health::register(m)?;
    reconcile::register(m)?;
    Ok(())
}
