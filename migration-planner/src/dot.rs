//! The DOT picture of a plan.
