//! Replacing the back office in phases: migration units, segments, a pilot chosen by
//! coverage, waves, and the routing table of every phase with its rollback.
//!
//! - [`units`]: the charge points that must cut over together;
//! - [`segments`]: the values by which waves are cut (vendor, firmware, country, tags, ...);
//! - [`pilot`]: the first phase, chosen for coverage of vendor × model × firmware;
//! - [`waves`]: the remaining units packed into waves, least critical first;
//! - [`routing`]: the back office of every charge point in every phase, with rollback;
//! - [`date`]: the calendar dates of the phases.
//!
//! Findings are [`Finding`]s of the codes [`CutoverCheck`].

pub mod date;
pub mod pilot;
pub mod routing;
pub mod segments;
pub mod units;
pub mod waves;

#[cfg(doc)]
use chargeshift_graph::Finding;
use chargeshift_graph::FindingCode;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The checks of a cutover plan, each with a stable code and name.
///
/// ```
/// use chargeshift_graph::FindingCode;
/// use chargeshift_planner::cutover::CutoverCheck;
/// assert_eq!(CutoverCheck::SplitUnit.code(), "CO004");
/// assert_eq!(CutoverCheck::from_code("CO004"), Some(CutoverCheck::SplitUnit));
/// assert_eq!(CutoverCheck::SplitUnit.name(), "split-unit");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CutoverCheck {
    /// CO001: a unit is larger than a wave limit (charge points or sites); it gets a wave of
    /// its own, over the limit, and the finding lists the links that bind it (error).
    UnitOverWaveLimit,
    /// CO002: no unit can be the pilot (all critical or larger than the limit) (warning).
    PilotEmpty,
    /// CO003: a criticality value not in the waves' criticality order; ranked most critical
    /// (warning).
    UnknownCriticality,
    /// CO004: a charge point left on the old back office while the rest of its unit moves
    /// (error).
    SplitUnit,
    /// CO005: a charge point of a unit is missing from the routing table (error).
    RoutingMissing,
    /// CO006: a routing table row for an identity in no unit, twice, or in a phase the table
    /// does not have (error).
    RoutingUnknown,
    /// CO007: the next phase starts before the soak period of the previous one ends (warning).
    SoakOverlap,
}

impl FindingCode for CutoverCheck {
    const ALL: &'static [CutoverCheck] = &[
        CutoverCheck::UnitOverWaveLimit,
        CutoverCheck::PilotEmpty,
        CutoverCheck::UnknownCriticality,
        CutoverCheck::SplitUnit,
        CutoverCheck::RoutingMissing,
        CutoverCheck::RoutingUnknown,
        CutoverCheck::SoakOverlap,
    ];

    fn code(self) -> &'static str {
        match self {
            CutoverCheck::UnitOverWaveLimit => "CO001",
            CutoverCheck::PilotEmpty => "CO002",
            CutoverCheck::UnknownCriticality => "CO003",
            CutoverCheck::SplitUnit => "CO004",
            CutoverCheck::RoutingMissing => "CO005",
            CutoverCheck::RoutingUnknown => "CO006",
            CutoverCheck::SoakOverlap => "CO007",
        }
    }

    fn name(self) -> &'static str {
        match self {
            CutoverCheck::UnitOverWaveLimit => "unit-over-wave-limit",
            CutoverCheck::PilotEmpty => "pilot-empty",
            CutoverCheck::UnknownCriticality => "unknown-criticality",
            CutoverCheck::SplitUnit => "split-unit",
            CutoverCheck::RoutingMissing => "routing-missing",
            CutoverCheck::RoutingUnknown => "routing-unknown",
            CutoverCheck::SoakOverlap => "soak-overlap",
        }
    }
}

/// An error that stops cutover planning: the request asks for something the fleet or the
/// limits cannot give.
///
/// ```
/// use chargeshift_planner::cutover::CutoverError;
/// let e = CutoverError::UnknownSegment { key: "vendr".into(), closest: Some("vendor".into()) };
/// assert_eq!(e.to_string(), "unknown segment key \"vendr\" (did you mean \"vendor\"?)");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CutoverError {
    /// A segment key that is neither built in nor a tag of any charge point.
    #[error("unknown segment key {key:?}{}", closest.as_ref().map(|c| format!(" (did you mean {c:?}?)")).unwrap_or_default())]
    UnknownSegment {
        /// The key as given.
        key: String,
        /// The closest known key.
        closest: Option<String>,
    },
    /// A limit that cannot be a limit.
    #[error("invalid limit {field} = {value}: {reason}")]
    InvalidLimit {
        /// The request field, e.g. `pilot.max_share`.
        field: &'static str,
        /// The value as given.
        value: String,
        /// What a valid value is.
        reason: &'static str,
    },
}
