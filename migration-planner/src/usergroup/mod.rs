//! Moving assets between user groups of one back office: request, closure, checks, the
//! platform's forms, steps, simulation, plan, and the snapshot, runbook and picture of a plan.
//!
//! Each stage is a public function over the data of the stages before it; [`plan::plan`] is
//! their chain.

pub mod closure;
pub mod dot;
pub mod format;
pub mod forms;
pub mod plan;
pub mod request;
pub mod rules;
pub mod runbook;
pub mod simulate;
pub mod snapshot;
pub mod steps;
