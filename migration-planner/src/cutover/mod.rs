//! Replacing the back office in phases: migration units, segments, a pilot chosen by
//! coverage, waves, and the routing table of every phase with its rollback.
//!
//! - [`units`]: the charge points that must cut over together;
//! - [`segments`]: the values by which waves are cut (vendor, firmware, country, tags, ...);
//! - [`boots`]: vendor, model and firmware from the BootNotifications of an OCPP log;
//! - [`checks`]: the user-group checks that apply to a wave (what straddles two back offices);
//! - [`pilot`]: the first phase, chosen for coverage of vendor × model × firmware;
//! - [`waves`]: the remaining units packed into waves, least critical first;
//! - [`routing`]: the back office of every charge point in every phase, with rollback;
//! - [`frames`]: the OCPP CALLs that move each charge point without a gateway, and back;
//! - [`gateway`]: the routing of a phase as the configuration of an OCPP proxy
//!   (ocpp-2w-proxy);
//! - [`date`]: the calendar dates of the phases;
//! - [`report`]: the Markdown wave plan with a Mermaid Gantt of the phases.
//!
//! [`plan`] runs them all for a [`CutoverRequest`] and gives a [`CutoverPlan`].
//!
//! Findings are [`Finding`]s of the codes [`CutoverCheck`].

pub mod boots;
pub mod checks;
pub mod date;
pub mod frames;
pub mod gateway;
pub mod pilot;
pub mod report;
pub mod routing;
pub mod segments;
pub mod units;
pub mod waves;

/// The text of the ids a cutover plan holds per charge point (units, waves, the pilot, the
/// routing rows): a string stored inline up to 24 bytes, so the plan of a million charge
/// points makes no allocation per id. It derefs to `str`, compares with `&str` and `String`,
/// and serialises as a JSON string.
///
/// ```
/// use chargeshift_planner::cutover::CompactString;
/// let id = CompactString::from("CP-0001");
/// assert_eq!(id, "CP-0001");
/// assert_eq!(serde_json::to_string(&id)?, "\"CP-0001\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
pub use compact_str::CompactString;

/// The first 16 bytes of `s` as a big-endian number, zero-padded. Where the keys of two ids
/// differ, the ids order as their keys do (a zero pad sorts first, as a shorter string does);
/// equal keys need the whole comparison ([`cmp_ids`]). Sorting by the key compares numbers
/// instead of calling `memcmp` through a pointer per comparison.
pub(crate) fn prefix_key(s: &str) -> u128 {
    let mut b = [0_u8; 16];
    let n = s.len().min(16);
    if let (Some(to), Some(from)) = (b.get_mut(..n), s.as_bytes().get(..n)) {
        to.copy_from_slice(from);
    }
    u128::from_be_bytes(b)
}

/// The order of `str` (byte-wise), by [`prefix_key`] first. O(length) at worst.
pub(crate) fn cmp_ids(a: &str, b: &str) -> std::cmp::Ordering {
    prefix_key(a).cmp(&prefix_key(b)).then_with(|| a.cmp(b))
}

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
    /// CO008: an OCPP 1.6 charge point whose vendor/model has no back-office URL key in the
    /// mapping: it gets no cutover frames (error).
    NoUrlKey,
    /// CO009: a charge point whose OCPP version (tag or request) is not 1.6, 2.0.1 or 2.1:
    /// it gets no cutover frames (error).
    UnknownOcppVersion,
    /// CO010: a cutover frame breaks its OCPP schema (a URL too long, say): the charge point
    /// gets no frames (error).
    InvalidFrame,
    /// CO011: a charge point identity the gateway cannot take (error).
    GatewayIdentity,
    /// CO012: an identity that booted in the OCPP log is no charge point of the fleet: it is
    /// in no unit and no phase (warning).
    LogIdentityNotInFleet,
    /// CO013: the latest BootNotification of a charge point differs from the fleet's vendor,
    /// model or firmware; the plan uses the log's (info).
    LogDiffersFromFleet,
    /// CO014: a BootNotification of the log does not decode against its OCPP schema
    /// (warning).
    InvalidBootNotification,
    /// CO015: sites or charge groups whose charge points are on both back offices for some
    /// phases (their link kind does not bind units): one site or access policy served by two
    /// back offices (warning).
    AccessPolicySplit,
    /// CO016: customers whose charge points (their own or their charge groups') are on both
    /// back offices for some phases: the customer and its cards must exist and authorize on
    /// both (warning).
    CustomerOnBothBackOffices,
    /// CO017: parameter sets whose charge points are on both back offices for some phases:
    /// each must exist on both (info).
    ParameterSetOnBothBackOffices,
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
        CutoverCheck::NoUrlKey,
        CutoverCheck::UnknownOcppVersion,
        CutoverCheck::InvalidFrame,
        CutoverCheck::GatewayIdentity,
        CutoverCheck::LogIdentityNotInFleet,
        CutoverCheck::LogDiffersFromFleet,
        CutoverCheck::InvalidBootNotification,
        CutoverCheck::AccessPolicySplit,
        CutoverCheck::CustomerOnBothBackOffices,
        CutoverCheck::ParameterSetOnBothBackOffices,
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
            CutoverCheck::NoUrlKey => "CO008",
            CutoverCheck::UnknownOcppVersion => "CO009",
            CutoverCheck::InvalidFrame => "CO010",
            CutoverCheck::GatewayIdentity => "CO011",
            CutoverCheck::LogIdentityNotInFleet => "CO012",
            CutoverCheck::LogDiffersFromFleet => "CO013",
            CutoverCheck::InvalidBootNotification => "CO014",
            CutoverCheck::AccessPolicySplit => "CO015",
            CutoverCheck::CustomerOnBothBackOffices => "CO016",
            CutoverCheck::ParameterSetOnBothBackOffices => "CO017",
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
            CutoverCheck::NoUrlKey => "no-url-key",
            CutoverCheck::UnknownOcppVersion => "unknown-ocpp-version",
            CutoverCheck::InvalidFrame => "invalid-frame",
            CutoverCheck::GatewayIdentity => "gateway-identity",
            CutoverCheck::LogIdentityNotInFleet => "log-identity-not-in-fleet",
            CutoverCheck::LogDiffersFromFleet => "log-differs-from-fleet",
            CutoverCheck::InvalidBootNotification => "invalid-boot-notification",
            CutoverCheck::AccessPolicySplit => "access-policy-split",
            CutoverCheck::CustomerOnBothBackOffices => "customer-on-both-back-offices",
            CutoverCheck::ParameterSetOnBothBackOffices => "parameter-set-on-both-back-offices",
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
    /// The request has no `ocpp` section: the frames and the gateway need the back offices'
    /// URLs.
    #[error(
        "the request has no \"ocpp\" section with the back offices' URLs (see frames::OcppOptions)"
    )]
    MissingOcpp,
    /// An `ocpp` option that cannot be.
    #[error("invalid {field} = {value:?}: expected {reason}")]
    InvalidOcpp {
        /// The request field, e.g. `ocpp.new.slot`.
        field: &'static str,
        /// The value as given.
        value: String,
        /// What a valid value is.
        reason: &'static str,
    },
    /// A broken OCPP 1.6 URL key mapping file.
    #[error("{file}:{line}: {message}")]
    InvalidUrlKeys {
        /// The file, as named.
        file: String,
        /// The line (1 the header).
        line: u64,
        /// What is wrong.
        message: String,
    },
}

/// What to plan: the start date and, each with a documented default, the binding link kinds,
/// the back-office names, the pilot and the waves.
///
/// ```
/// use chargeshift_planner::cutover::CutoverRequest;
/// let r: CutoverRequest = serde_json::from_str(r#"{"start_date": "2026-03-02", "waves": {"max_charge_points": 100}}"#)?;
/// assert_eq!(r.binding.len(), 3);
/// assert_eq!(r.back_offices.old, "old");
/// assert_eq!(r.waves.max_charge_points, 100);
/// assert!(serde_json::from_str::<CutoverRequest>(r#"{"start_date": "2026-03-02", "wave": {}}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutoverRequest {
    /// The day the pilot starts; phase `p` starts `(p − 1) × waves.spacing_days` later.
    pub start_date: date::Date,
    /// The link kinds that bind charge points into one unit (default
    /// [`units::DEFAULT_BINDING`]: charge point–location, charge point–charge group,
    /// customer–charge point).
    #[serde(default = "default_binding")]
    pub binding: Vec<chargeshift_graph::LinkKind>,
    /// The back offices' names (default `old` and `new`).
    #[serde(default)]
    pub back_offices: routing::BackOffices,
    /// How the pilot is chosen (defaults in [`pilot::PilotOptions`]).
    #[serde(default)]
    pub pilot: pilot::PilotOptions,
    /// How the waves are cut (defaults in [`waves::WaveOptions`]).
    #[serde(default)]
    pub waves: waves::WaveOptions,
    /// How charge points reach the back offices and which OCPP version each speaks, for the
    /// cutover frames and the gateway configuration (optional: the plan needs none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocpp: Option<frames::OcppOptions>,
}

impl CutoverRequest {
    /// The JSON Schema of a cutover request, as committed in
    /// `schema/cutover-request.schema.json`.
    ///
    /// ```
    /// assert!(chargeshift_planner::cutover::CutoverRequest::json_schema().contains("\"start_date\""));
    /// ```
    #[must_use]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(CutoverRequest);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

impl CutoverPlan {
    /// The JSON Schema of a cutover plan (`chargeshift waves --format json`, `plan.json`), as
    /// committed in `schema/cutover.schema.json`.
    ///
    /// ```
    /// assert!(chargeshift_planner::cutover::CutoverPlan::json_schema().contains("\"routing\""));
    /// ```
    #[must_use]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(CutoverPlan);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

fn default_binding() -> Vec<chargeshift_graph::LinkKind> {
    units::DEFAULT_BINDING.to_vec()
}

impl CutoverRequest {
    /// A request with every default, starting on `start_date`.
    ///
    /// ```
    /// use chargeshift_planner::cutover::CutoverRequest;
    /// let r = CutoverRequest::new("2026-03-02".parse().unwrap());
    /// assert_eq!(r.pilot.max_charge_points, Some(50));
    /// ```
    #[must_use]
    pub fn new(start_date: date::Date) -> CutoverRequest {
        CutoverRequest {
            start_date,
            binding: default_binding(),
            back_offices: routing::BackOffices::default(),
            pilot: pilot::PilotOptions::default(),
            waves: waves::WaveOptions::default(),
            ocpp: None,
        }
    }
}

/// How many units have a size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SizeCount {
    /// Charge points per unit.
    pub size: usize,
    /// Number of units of that size.
    pub units: usize,
}

/// The counts of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Charge points.
    pub charge_points: usize,
    /// Migration units.
    pub units: usize,
    /// Sites (locations with a charge point).
    pub sites: usize,
    /// Charge points in the largest unit.
    pub largest_unit: usize,
    /// Units per size, smallest size first.
    pub size_histogram: Vec<SizeCount>,
    /// Charge points in the pilot.
    pub pilot_charge_points: usize,
    /// Number of waves.
    pub waves: usize,
    /// Error findings.
    pub errors: usize,
    /// Warning findings.
    pub warnings: usize,
}

/// When a phase that moves charge points runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scheduled {
    /// The phase: 1 the pilot, 2.. the waves.
    pub phase: u32,
    /// `pilot` or `wave N`.
    pub name: String,
    /// The day it starts.
    pub start: date::Date,
    /// The day its soak ends.
    pub soak_end: date::Date,
    /// Charge points that move in it.
    pub charge_points: usize,
}

/// A cutover plan: the units, the pilot, the waves, the schedule, the routing table of every
/// phase and the findings. Deterministic: the same fleet and request give the same bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutoverPlan {
    /// The request it was planned for.
    pub request: CutoverRequest,
    /// The counts.
    pub summary: Summary,
    /// Every migration unit, by id.
    pub units: Vec<units::MigrationUnit>,
    /// The pilot (phase 1).
    pub pilot: pilot::Pilot,
    /// The waves (phases 2..).
    pub waves: Vec<waves::Wave>,
    /// The phases that move charge points, in order.
    pub schedule: Vec<Scheduled>,
    /// The back office of every charge point in every phase.
    pub routing: routing::RoutingTable,
    /// What needs attention, errors first.
    pub findings: Vec<chargeshift_graph::Finding<CutoverCheck>>,
    /// What the BootNotifications of an OCPP log changed (see [`CutoverPlan::with_log`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log: Option<boots::LogSegments>,
}

impl CutoverPlan {
    /// The plan with the report of the OCPP log its fleet's vendor, model and firmware were
    /// taken from ([`boots::LogBoots::apply`] on the fleet before [`plan`]), and a finding
    /// for each log identity missing from the fleet ([`CutoverCheck::LogIdentityNotInFleet`]),
    /// each charge point whose values differed ([`CutoverCheck::LogDiffersFromFleet`]) and each
    /// BootNotification that did not decode ([`CutoverCheck::InvalidBootNotification`]).
    ///
    /// # Complexity
    /// O(F log F) for F findings.
    ///
    /// ```
    /// use chargeshift_planner::cutover::{boots::LogBoots, plan, CutoverRequest};
    /// let mut fleet = chargeshift_graph::generate::fleet(20);
    /// let log = r#"{"ts":"2026-03-02T08:00:00Z","identity":"NOT-IN-FLEET","direction":"cp_to_csms","frame":"[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra\"}]"}"#;
    /// let report = LogBoots::read(log.as_bytes())?.apply(&mut fleet, "boots.jsonl");
    /// let p = plan(&fleet, &CutoverRequest::new("2026-03-02".parse()?))?.with_log(report);
    /// assert_eq!(p.findings.iter().filter(|f| f.code_str() == "CO012").count(), 1);
    /// assert_eq!(p.log.as_ref().map(|l| l.missing_from_fleet.len()), Some(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_log(mut self, log: boots::LogSegments) -> CutoverPlan {
        use chargeshift_graph::{AssetId, Finding, NodeKind, Severity};
        let cp = |id: &str| AssetId::new(NodeKind::ChargePoint, id);
        for m in &log.missing_from_fleet {
            self.findings.push(
                Finding::new(
                    CutoverCheck::LogIdentityNotInFleet,
                    Severity::Warning,
                    format!(
                        "{}:{}: {} booted ({} / {} / {}) but is no charge point of the fleet: it is in no unit and no phase",
                        log.log,
                        m.line,
                        m.identity,
                        m.vendor,
                        m.model,
                        m.firmware.as_deref().unwrap_or("")
                    ),
                )
                .with_asset_ids(vec![cp(&m.identity)]),
            );
        }
        let mut by_cp: std::collections::BTreeMap<&str, Vec<&boots::BootDifference>> =
            std::collections::BTreeMap::new();
        for d in &log.differences {
            by_cp.entry(&d.identity).or_default().push(d);
        }
        for (id, diffs) in by_cp {
            let what: Vec<String> = diffs
                .iter()
                .map(|d| {
                    format!(
                        "{} {:?} in the fleet, {:?} in the log",
                        d.field,
                        d.fleet.as_deref().unwrap_or(""),
                        d.log.as_deref().unwrap_or("")
                    )
                })
                .collect();
            let line = diffs.first().map_or(0, |d| d.line);
            self.findings.push(
                Finding::new(
                    CutoverCheck::LogDiffersFromFleet,
                    Severity::Info,
                    format!(
                        "{}:{line}: charge point {id}: {}; the plan uses the log's",
                        log.log,
                        what.join(", ")
                    ),
                )
                .with_asset_ids(vec![cp(id)]),
            );
        }
        for b in &log.bad_boots {
            self.findings.push(
                Finding::new(
                    CutoverCheck::InvalidBootNotification,
                    Severity::Warning,
                    format!(
                        "{}:{}: the BootNotification of {} does not decode ({}): ignored",
                        log.log, b.line, b.identity, b.reason
                    ),
                )
                .with_asset_ids(vec![cp(&b.identity)]),
            );
        }
        self.findings.sort_by_key(|f| (f.severity, f.code_str()));
        self.summary.errors = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        self.summary.warnings = self
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count();
        self.log = Some(log);
        self
    }
}

/// The cutover plan of `fleet` for `request`: [`units::units`], [`pilot::pilot`],
/// [`waves::waves`], the [`routing::RoutingTable`] (validated: a split unit would be a
/// [`CutoverCheck::SplitUnit`] finding) and the schedule.
///
/// # Errors
/// [`CutoverError`]: an unknown segment key, a limit that is no limit.
///
/// # Complexity
/// O(V + E α(V)) for the units, plus the pilot's and the waves' (see there), plus O(C log C)
/// for the routing table of C charge points.
///
/// ```
/// use chargeshift_planner::cutover::{plan, CutoverRequest};
/// let fleet = chargeshift_graph::generate::fleet(300);
/// let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
/// request.pilot.critical_values = vec!["high".into()];
/// request.waves.max_charge_points = 80;
/// let p = plan(&fleet, &request)?;
/// assert_eq!(p.summary.charge_points, 300);
/// assert_eq!(p.routing.last_phase() as usize, p.waves.len() + 1);
/// assert!(p.routing.rows(p.routing.last_phase()).iter().all(|r| r.back_office == "new"));
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn plan(
    fleet: &chargeshift_graph::Fleet,
    request: &CutoverRequest,
) -> Result<CutoverPlan, CutoverError> {
    use chargeshift_graph::{Finding, LinkKinds, Severity};

    let binding = LinkKinds::of(&request.binding);
    let u = units::units(fleet, binding);
    let (pilot, chosen) = pilot::pilot(fleet, &u, &request.pilot)?;
    let mut in_pilot = vec![false; u.units.len()];
    for &i in &chosen {
        if let Some(x) = in_pilot.get_mut(i) {
            *x = true;
        }
    }
    let (waves, mut findings) = waves::waves(
        fleet,
        &u,
        &in_pilot,
        &request.waves,
        request.start_date,
        &request.back_offices,
    )?;
    let mut unit_phase: Vec<u32> = in_pilot.iter().map(|&p| if p { 1 } else { 0 }).collect();
    let index: std::collections::HashMap<&str, usize> = u
        .units
        .iter()
        .enumerate()
        .map(|(i, x)| (x.id.as_str(), i))
        .collect();
    for w in &waves {
        for id in &w.units {
            if let Some(p) = index.get(id.as_str()).and_then(|&i| unit_phase.get_mut(i)) {
                *p = w.phase;
            }
        }
    }
    let n_waves = u32::try_from(waves.len()).unwrap_or(u32::MAX);
    let routing =
        routing::RoutingTable::build(&u.units, &unit_phase, n_waves, request.back_offices.clone());
    findings.extend(routing.validate(&u.units));
    findings.extend(checks::wave_checks(fleet, &u, &unit_phase, binding));

    let total = u.charge_points();
    if pilot.units.is_empty() && total > 0 {
        findings.push(Finding::new(
            CutoverCheck::PilotEmpty,
            Severity::Warning,
            format!(
                "no unit can be the pilot: {} of {} units have a critical charge point and the limit is {} charge points",
                pilot.critical_units,
                u.units.len(),
                pilot.limit
            ),
        ));
    }
    let (spacing, soak) = (request.waves.spacing_days, request.waves.soak_days);
    if spacing < soak && !waves.is_empty() {
        findings.push(Finding::new(
            CutoverCheck::SoakOverlap,
            Severity::Warning,
            format!(
                "phases start every {spacing} days but soak for {soak} days: each phase starts before the previous one is signed off"
            ),
        ));
    } else if let Some(w) = waves.iter().find(|w| {
        w.field_days
            .is_some_and(|d| spacing < d.saturating_add(soak))
    }) {
        findings.push(Finding::new(
            CutoverCheck::SoakOverlap,
            Severity::Warning,
            format!(
                "phases start every {spacing} days but wave {} takes {} field days and soaks for {soak} days: the next phase starts before it is signed off",
                w.number,
                w.field_days.unwrap_or(0)
            ),
        ));
    }
    findings.sort_by_key(|f| (f.severity, f.code_str()));

    let pilot_start = request.start_date;
    let mut schedule = vec![Scheduled {
        phase: 1,
        name: "pilot".to_owned(),
        start: pilot_start,
        soak_end: pilot_start.add_days(i64::from(soak)),
        charge_points: pilot.charge_points.len(),
    }];
    schedule.extend(waves.iter().map(|w| Scheduled {
        phase: w.phase,
        name: format!("wave {}", w.number),
        start: w.start,
        soak_end: w.soak_end,
        charge_points: w.charge_points.len(),
    }));
    let mut sites: Vec<&CompactString> = u.units.iter().flat_map(|x| &x.sites).collect();
    sites.sort_unstable();
    sites.dedup();
    let summary = Summary {
        charge_points: total,
        units: u.units.len(),
        sites: sites.len(),
        largest_unit: u.units.iter().map(|x| x.size).max().unwrap_or(0),
        size_histogram: units::size_histogram(&u.units)
            .into_iter()
            .map(|(size, units)| SizeCount { size, units })
            .collect(),
        pilot_charge_points: pilot.charge_points.len(),
        waves: waves.len(),
        errors: findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count(),
        warnings: findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
            .count(),
    };
    Ok(CutoverPlan {
        request: request.clone(),
        summary,
        units: u.units,
        pilot,
        waves,
        schedule,
        routing,
        findings,
        log: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        // ids with zero bytes, shared 16-byte prefixes, multi-byte characters and lengths on
        // both sides of the key's 16 bytes
        #[test]
        fn id_order_is_the_order_of_str(
            a in "(CP-0000000000000|\u{0}|a|é){0,6}[\u{0}-\u{ff}]{0,20}",
            b in "(CP-0000000000000|\u{0}|a|é){0,6}[\u{0}-\u{ff}]{0,20}",
        ) {
            prop_assert_eq!(cmp_ids(&a, &b), a.cmp(&b));
            prop_assert_eq!(cmp_ids(&a, &a), std::cmp::Ordering::Equal);
        }
    }

    #[test]
    fn id_order_at_the_edges_of_the_key() {
        for (a, b) in [
            ("AB", "AB\u{0}"),
            ("", "\u{0}"),
            ("0123456789abcdef", "0123456789abcdef0"),
            ("0123456789abcdeg", "0123456789abcdef~"),
        ] {
            assert_eq!(cmp_ids(a, b), a.cmp(b), "{a:?} {b:?}");
            assert_eq!(cmp_ids(b, a), b.cmp(a), "{b:?} {a:?}");
        }
    }

    fn codes(p: &CutoverPlan) -> Vec<&'static str> {
        p.findings.iter().map(|f| f.code_str()).collect()
    }

    #[test]
    fn an_all_critical_fleet_has_no_pilot_and_overlapping_soaks_warn() {
        let fleet = chargeshift_graph::generate::fleet(60);
        let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
        // every generated charge point has a criticality of low, medium or high
        r.pilot.critical_values = ["low", "medium", "high"].map(str::to_owned).to_vec();
        r.waves.spacing_days = 3;
        let p = plan(&fleet, &r).unwrap();
        assert!(p.pilot.units.is_empty());
        assert_eq!(p.pilot.critical_units, p.summary.units);
        let not_info: Vec<&str> = p
            .findings
            .iter()
            .filter(|f| f.severity != chargeshift_graph::Severity::Info)
            .map(|f| f.code_str())
            .collect();
        assert_eq!(not_info, ["CO002", "CO007"]);
        assert_eq!(p.summary.warnings, 2);
        assert_eq!(p.schedule[0].charge_points, 0);
        assert_eq!(p.schedule[1].start.to_string(), "2026-03-05");
        // every charge point still moves, in the waves
        let in_waves: usize = p.waves.iter().map(|w| w.charge_points.len()).sum();
        assert_eq!(in_waves, 60);
    }

    #[test]
    fn the_default_request_plans_a_generated_fleet_with_only_the_wave_checks() {
        let fleet = chargeshift_graph::generate::fleet(200);
        let p = plan(&fleet, &CutoverRequest::new("2026-03-02".parse().unwrap())).unwrap();
        // what straddles the two back offices between waves: customers and parameter sets
        assert_eq!(
            codes(&p),
            ["CO016", "CO017", "CO017", "CO017"],
            "{:?}",
            p.findings
        );
        assert_eq!(p.summary.errors, 0);
        assert_eq!(p.pilot.limit, 10);
        assert_eq!(
            p.summary
                .size_histogram
                .iter()
                .map(|s| s.size * s.units)
                .sum::<usize>(),
            200
        );
        assert_eq!(
            p.summary.largest_unit,
            p.units.iter().map(|u| u.size).max().unwrap()
        );
    }
}
