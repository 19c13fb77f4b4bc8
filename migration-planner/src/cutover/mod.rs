//! Replacing the back office in phases: migration units, segments, a pilot chosen by
//! coverage, waves, and the routing table of every phase with its rollback.
//!
//! - [`units`]: the charge points that must cut over together;
//! - [`segments`]: the values by which waves are cut (vendor, firmware, country, tags, ...);
//! - [`pilot`]: the first phase, chosen for coverage of vendor × model × firmware.

pub mod pilot;
pub mod segments;
pub mod units;

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
