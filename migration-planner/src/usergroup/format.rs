//! The name and version of the plan document, which every stage that writes or reads a plan
//! names.

/// The `format` field of a plan document.
pub const FORMAT: &str = "chargeshift-plan";
/// The `version` field of a plan document.
pub const VERSION: u32 = 1;
