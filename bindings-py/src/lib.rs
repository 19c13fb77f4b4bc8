//! Python bindings of chargeshift: conversion and naming only, the logic lives in the crates.
//!
//! Each core error maps to one Python exception in one small function next to the functions that
//! raise it (`ocpp.rs`, `graph.rs`, `cutover.rs`, `health.rs`, `reconcile.rs`).

mod convert;
mod cutover;
mod errors;
mod fleet_tables;
mod frames;
mod graph;
mod health;
mod html;
mod ocpp;
mod planner;
mod reconcile;
mod tables;

use pyo3::prelude::*;

/// The module's Rust allocations come from mimalloc's heap, not from the interpreter's `malloc`
/// arena: in a notebook that has held large pandas or NetworkX objects, glibc's fragmented free
/// lists made a fleet import up to twice as slow as in a fresh process (BENCHMARKS.md, Python).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The native module, imported as `chargeshift._native` and re-exported by `chargeshift`.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    errors::register(m)?;
    ocpp::register(m)?;
    graph::register(m)?;
    planner::register(m)?;
    cutover::register(m)?;
    health::register(m)?;
    reconcile::register(m)?;
    m.add_class::<frames::Table>()?;
    m.add_function(wrap_pyfunction!(frames::check_frames, m)?)?;
    Ok(())
}
