//! The verdict per wave: charge points grouped by the cutover plan's phases (or by a segment
//! without one), each group's KPIs over its evaluation window against its baseline window and
//! its [`SuccessCriteria`], as a [`HealthReport`] (JSON, with a JSON Schema), a Markdown report
//! and per-day CSV series.
//!
//! Windows, in whole UTC days: the evaluation window is the wave's cutover day and the
//! [`ReportOptions::evaluation_days`] − 1 days after it (default 30 days); the baseline window
//! the [`ReportOptions::baseline_days`] days before the cutover day (default 30). A session is in
//! the window of the day it started.
//!
//! The KPIs of a group, over the window's days of its charge points (see [`super::kpi`]):
//! - availability: µ of the summed port times (every port's observed, outage and excluded time
//!   added, then ((W − (T_outage − T_excluded)) / W) × 100);
//! - charging success: succeeded / (succeeded + failed) sessions;
//! - authorization success: accepted / answered Authorizes of the fleet's tokens (roaming apart,
//!   reported, not judged);
//! - reconnects per charge point per day: BootNotifications / (charge points × days of the
//!   window).
//!
//! A KPI passes when its value is at least the minimum (at most the maximum, for reconnects); a
//! KPI without data (no port known, no session, no authorization) neither passes nor fails and
//! is a [`HealthCheck::NoData`] finding. A group passes when none of its KPIs fails.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use chargeshift_graph::{AssetId, Finding, FindingCode, NodeKind, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::kpi::{Aggregates, DayStats};
use crate::cutover::CutoverPlan;
use crate::cutover::date::Date;
use crate::cutover::waves::SuccessCriteria;

/// The checks of a health report.
///
/// ```
/// use chargeshift_graph::FindingCode;
/// use chargeshift_planner::health::report::HealthCheck;
/// assert_eq!(HealthCheck::KpiFailed.code(), "HE001");
/// assert_eq!(HealthCheck::from_code("HE002"), Some(HealthCheck::NoData));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum HealthCheck {
    /// HE001: a group's KPI is beyond its threshold in the evaluation window (error).
    KpiFailed,
    /// HE002: a KPI has no data in the evaluation window (warning).
    NoData,
    /// HE003: frames of the group's charge points did not decode (warning).
    DecodeFailures,
    /// HE004: sessions without their stop (warning).
    MissingStops,
}

impl FindingCode for HealthCheck {
    const ALL: &'static [HealthCheck] = &[
        HealthCheck::KpiFailed,
        HealthCheck::NoData,
        HealthCheck::DecodeFailures,
        HealthCheck::MissingStops,
    ];

    fn code(self) -> &'static str {
        match self {
            HealthCheck::KpiFailed => "HE001",
            HealthCheck::NoData => "HE002",
            HealthCheck::DecodeFailures => "HE003",
            HealthCheck::MissingStops => "HE004",
        }
    }

    fn name(self) -> &'static str {
        match self {
            HealthCheck::KpiFailed => "kpi-failed",
            HealthCheck::NoData => "no-data",
            HealthCheck::DecodeFailures => "decode-failures",
            HealthCheck::MissingStops => "missing-stops",
        }
    }
}

/// Days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Window {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

impl Window {
    fn days(self) -> i64 {
        let mut n = 0;
        let mut d = self.from;
        while d <= self.to && n < 100_000 {
            n += 1;
            d = d.add_days(1);
        }
        n
    }
}

/// A group of charge points judged together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Group {
    /// `pilot`, `wave N` or a segment value.
    pub name: String,
    /// The cutover phase, when grouped by a plan.
    pub phase: Option<u32>,
    /// The charge point identities.
    pub charge_points: Vec<String>,
    /// The evaluation window.
    pub evaluation: Window,
    /// The baseline window.
    pub baseline: Option<Window>,
    /// The criteria.
    pub success: SuccessCriteria,
}

/// How the windows are cut.
///
/// ```
/// use chargeshift_planner::health::report::ReportOptions;
/// assert_eq!(ReportOptions::default().evaluation_days, 30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportOptions {
    /// Days of the evaluation window from the cutover day (default 30).
    pub evaluation_days: u32,
    /// Days of the baseline window before the cutover day (default 30, 0 for none).
    pub baseline_days: u32,
    /// Worst charge points named per KPI (default 3).
    pub worst: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            evaluation_days: 30,
            baseline_days: 30,
            worst: 3,
        }
    }
}

fn windows(start: Date, options: &ReportOptions) -> (Window, Option<Window>) {
    let evaluation = Window {
        from: start,
        to: start.add_days(i64::from(options.evaluation_days.max(1)) - 1),
    };
    let baseline = (options.baseline_days > 0).then(|| Window {
        from: start.add_days(-i64::from(options.baseline_days)),
        to: start.add_days(-1),
    });
    (evaluation, baseline)
}

/// The groups of a cutover plan: the pilot (phase 1, with the waves' default criteria) and each
/// wave, windows from each phase's start day. O(charge points).
#[must_use]
pub fn groups_of_plan(plan: &CutoverPlan, options: &ReportOptions) -> Vec<Group> {
    let mut out = Vec::new();
    if let Some(s) = plan.schedule.first()
        && !plan.pilot.charge_points.is_empty()
    {
        let (evaluation, baseline) = windows(s.start, options);
        out.push(Group {
            name: "pilot".to_owned(),
            phase: Some(1),
            charge_points: plan
                .pilot
                .charge_points
                .iter()
                .map(ToString::to_string)
                .collect(),
            evaluation,
            baseline,
            success: plan.request.waves.success.clone(),
        });
    }
    for w in &plan.waves {
        let (evaluation, baseline) = windows(w.start, options);
        out.push(Group {
            name: format!("wave {}", w.number),
            phase: Some(w.phase),
            charge_points: w.charge_points.iter().map(ToString::to_string).collect(),
            evaluation,
            baseline,
            success: w.success.clone(),
        });
    }
    out
}

/// Groups by the value of a segment (one group per value, `-` for none), every group over the
/// same `evaluation` window without baseline.
///
/// # Errors
/// [`crate::cutover::CutoverError::UnknownSegment`] for a key the fleet does not know.
///
/// ```
/// use chargeshift_planner::health::report::{groups_by_segment, Window};
/// use chargeshift_planner::cutover::waves::SuccessCriteria;
/// let fleet = chargeshift_graph::generate::fleet(30);
/// let w = Window { from: "2026-03-02".parse().unwrap(), to: "2026-03-31".parse().unwrap() };
/// let groups = groups_by_segment(&fleet, "vendor", w, &SuccessCriteria::default())?;
/// assert_eq!(groups.iter().map(|g| g.charge_points.len()).sum::<usize>(), 30);
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn groups_by_segment(
    fleet: &chargeshift_graph::Fleet,
    key: &str,
    evaluation: Window,
    success: &SuccessCriteria,
) -> Result<Vec<Group>, crate::cutover::CutoverError> {
    let segment = crate::cutover::segments::Segment::parse(fleet, key)?;
    let mut by: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (ix, n) in fleet.nodes_of_kind(NodeKind::ChargePoint) {
        let v = segment.value(fleet, ix).unwrap_or_else(|| "-".to_owned());
        by.entry(v).or_default().push(n.id().to_owned());
    }
    Ok(by
        .into_iter()
        .map(|(name, mut charge_points)| {
            charge_points.sort();
            Group {
                name,
                phase: None,
                charge_points,
                evaluation,
                baseline: None,
                success: success.clone(),
            }
        })
        .collect())
}

/// A KPI judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kpi {
    /// Availability, percent (minimum).
    Availability,
    /// Charging success, percent (minimum).
    ChargingSuccess,
    /// Authorization success of the fleet's tokens, percent (minimum).
    AuthorizationSuccess,
    /// BootNotifications per charge point per day (maximum).
    Reconnects,
}

impl Kpi {
    const ALL: [Kpi; 4] = [
        Kpi::Availability,
        Kpi::ChargingSuccess,
        Kpi::AuthorizationSuccess,
        Kpi::Reconnects,
    ];

    /// The name in reports.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            Kpi::Availability => "availability %",
            Kpi::ChargingSuccess => "charging success %",
            Kpi::AuthorizationSuccess => "authorization success %",
            Kpi::Reconnects => "reconnects / charge point / day",
        }
    }

    const fn is_max(self) -> bool {
        matches!(self, Kpi::Reconnects)
    }

    fn threshold(self, s: &SuccessCriteria) -> f64 {
        match self {
            Kpi::Availability => s.availability_min_pct,
            Kpi::ChargingSuccess => s.charging_success_min_pct,
            Kpi::AuthorizationSuccess => s.authorization_success_min_pct,
            Kpi::Reconnects => s.max_reconnects_per_charge_point_per_day,
        }
    }

    /// The value of a total over `charge_points` × `days`.
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn value(self, t: &DayStats, charge_points: usize, days: i64) -> Option<f64> {
        let r = t.rates();
        match self {
            Kpi::Availability => r.availability_pct,
            Kpi::ChargingSuccess => r.charging_success_pct,
            Kpi::AuthorizationSuccess => r.authorization_success_pct,
            Kpi::Reconnects => {
                let den = charge_points as f64 * days as f64;
                (den > 0.0).then(|| t.boots as f64 / den)
            }
        }
    }

    fn passes(self, value: f64, threshold: f64) -> bool {
        if self.is_max() {
            value <= threshold
        } else {
            value >= threshold
        }
    }
}

/// A charge point's value of a KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Worst {
    /// The identity.
    pub identity: String,
    /// Its value.
    pub value: f64,
}

/// One KPI of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct KpiVerdict {
    /// The KPI.
    pub kpi: Kpi,
    /// The threshold (a minimum; a maximum for reconnects).
    pub threshold: f64,
    /// The value in the evaluation window (`None`: no data).
    pub value: Option<f64>,
    /// The value in the baseline window.
    pub baseline: Option<f64>,
    /// Pass, fail, or `None` without data.
    pub passed: Option<bool>,
    /// The worst charge points with a value, worst first.
    pub worst: Vec<Worst>,
}

/// One group's verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupReport {
    /// The group.
    pub group: Group,
    /// Whether no KPI failed.
    pub passed: bool,
    /// Every KPI.
    pub kpis: Vec<KpiVerdict>,
    /// The evaluation window's totals.
    pub totals: DayStats,
    /// The most frequent error codes in the window (1.6 `errorCode` and
    /// `vendorId/vendorErrorCode`), most frequent first, at most 5.
    pub top_error_codes: Vec<Count>,
}

/// A code and how often it was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Count {
    /// The code.
    pub code: String,
    /// How often.
    pub count: u64,
}

/// Protocol quality of one vendor, model and firmware (as the charge points' last
/// BootNotification says; `-` when none was seen), over every day of the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProtocolRow {
    /// Vendor.
    pub vendor: String,
    /// Model.
    pub model: String,
    /// Firmware.
    pub firmware: String,
    /// Charge points.
    pub charge_points: usize,
    /// Frames read.
    pub frames: u64,
    /// Frames that did not decode.
    pub decode_failures: u64,
    /// CALLRESULTs answering no CALL.
    pub unpaired_results: u64,
    /// Duplicated frames.
    pub duplicates: u64,
    /// Leniency deviations, by kind.
    pub deviations: BTreeMap<String, u64>,
    /// The most frequent vendor error codes of these charge points (`vendorId/vendorErrorCode`
    /// of 1.6 StatusNotification, such as ChargeX's `org.chargex/CX001`, and
    /// `component/techCode` of 2.0.1 and 2.1 NotifyEvent), most frequent first, at most 5.
    #[serde(default)]
    pub top_vendor_error_codes: Vec<Count>,
}

/// Protocol quality per vendor, model and firmware, over every day of `aggregates`, sorted by
/// (vendor, model, firmware). O(identities × days).
#[must_use]
pub fn protocol_quality(aggregates: &Aggregates) -> Vec<ProtocolRow> {
    let mut rows: BTreeMap<(String, String, String), (usize, DayStats)> = BTreeMap::new();
    for (id, days) in &aggregates.days {
        let st = aggregates.stations.get(id);
        let field =
            |f: Option<&Option<String>>| f.and_then(Option::as_deref).unwrap_or("-").to_owned();
        let key = (
            field(st.map(|s| &s.vendor)),
            field(st.map(|s| &s.model)),
            field(st.map(|s| &s.firmware)),
        );
        let row = rows.entry(key).or_default();
        row.0 += 1;
        for d in days.values() {
            row.1.merge(d);
        }
    }
    rows.into_iter()
        .map(|((vendor, model, firmware), (n, t))| ProtocolRow {
            vendor,
            model,
            firmware,
            charge_points: n,
            frames: t.frames,
            decode_failures: t.decode_failures,
            unpaired_results: t.unpaired_results,
            duplicates: t.duplicates,
            top_vendor_error_codes: most_frequent(t.vendor_error_codes.iter()),
            deviations: t.deviations,
        })
        .collect()
}

fn top_codes(t: &DayStats) -> Vec<Count> {
    most_frequent(t.error_codes.iter().chain(&t.vendor_error_codes))
}

/// The 5 most frequent codes, most frequent first, then by code. O(n log n).
fn most_frequent<'a>(codes: impl Iterator<Item = (&'a String, &'a u64)>) -> Vec<Count> {
    let mut v: Vec<Count> = codes
        .map(|(code, &count)| Count {
            code: code.clone(),
            count,
        })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    v.truncate(5);
    v
}

/// `code × n, …` (empty for none).
fn counts_text(codes: &[Count]) -> String {
    codes
        .iter()
        .map(|c| format!("{} × {}", c.code, c.count))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`counts_text`] as a table cell: `—` for none.
fn counts_cell(codes: &[Count]) -> String {
    if codes.is_empty() {
        return "—".to_owned();
    }
    counts_text(codes)
}

/// The counts of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Groups.
    pub groups: usize,
    /// Groups that passed.
    pub passed: usize,
    /// Groups that failed.
    pub failed: usize,
    /// Charge points in groups.
    pub charge_points: usize,
    /// Charge points in groups with any record in the log.
    pub charge_points_seen: usize,
}

/// The health report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HealthReport {
    /// The counts.
    pub summary: Summary,
    /// Every group, in the order given.
    pub groups: Vec<GroupReport>,
    /// Protocol quality per vendor, model and firmware ([`protocol_quality`]).
    pub protocol: Vec<ProtocolRow>,
    /// What needs attention, errors first.
    pub findings: Vec<Finding<HealthCheck>>,
}

impl HealthReport {
    /// The JSON Schema of the report (committed as `schema/health-report.schema.json`).
    ///
    /// ```
    /// let s = chargeshift_planner::health::report::HealthReport::json_schema();
    /// assert!(s.contains("\"HealthReport\""));
    /// ```
    #[must_use]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(HealthReport);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

fn total(a: &Aggregates, ids: &HashSet<String>, w: Window) -> DayStats {
    a.total(Some(ids), w.from, w.to)
}

/// The report of `groups` over `aggregates`.
///
/// # Complexity
/// O(groups × charge points × days of the windows).
///
/// ```
/// use chargeshift_planner::health::{kpi::{DayStats, Aggregates}, report::{report, Group, Window, ReportOptions, Kpi}};
/// use chargeshift_planner::cutover::waves::SuccessCriteria;
/// let d = |s: &str| s.parse().unwrap();
/// let mut a = Aggregates::default();
/// let mut s = DayStats::default();
/// (s.sessions_succeeded, s.sessions_failed, s.boots) = (9, 1, 1);
/// a.days.entry("CP1".into()).or_default().insert(d("2026-03-02"), s);
/// let g = Group { name: "wave 1".into(), phase: Some(2), charge_points: vec!["CP1".into()],
///     evaluation: Window { from: d("2026-03-02"), to: d("2026-03-03") }, baseline: None,
///     success: SuccessCriteria::default() };
/// let r = report(&a, &[g], &ReportOptions::default());
/// let charging = r.groups[0].kpis.iter().find(|k| k.kpi == Kpi::ChargingSuccess).unwrap();
/// assert_eq!((charging.value, charging.passed), (Some(90.0), Some(false)));
/// assert_eq!(r.summary.failed, 1);
/// assert_eq!(r.findings[0].code_str(), "HE001");
/// ```
#[must_use]
pub fn report(aggregates: &Aggregates, groups: &[Group], options: &ReportOptions) -> HealthReport {
    let mut findings = Vec::new();
    let mut out = Vec::new();
    let mut seen = 0;
    for g in groups {
        let ids: HashSet<String> = g.charge_points.iter().cloned().collect();
        seen += g
            .charge_points
            .iter()
            .filter(|c| aggregates.days.contains_key(*c))
            .count();
        let eval_days = g.evaluation.days();
        let t = total(aggregates, &ids, g.evaluation);
        let base = g.baseline.map(|w| (total(aggregates, &ids, w), w.days()));
        let mut kpis = Vec::new();
        for kpi in Kpi::ALL {
            let threshold = kpi.threshold(&g.success);
            let value = kpi.value(&t, ids.len(), eval_days);
            let baseline = base
                .as_ref()
                .and_then(|(b, days)| kpi.value(b, ids.len(), *days));
            let passed = value.map(|v| kpi.passes(v, threshold));
            let mut worst: Vec<Worst> = g
                .charge_points
                .iter()
                .filter_map(|c| {
                    let one: HashSet<String> = [c.clone()].into();
                    let v = kpi.value(&total(aggregates, &one, g.evaluation), 1, eval_days)?;
                    Some(Worst {
                        identity: c.clone(),
                        value: v,
                    })
                })
                .collect();
            worst.sort_by(|a, b| {
                let o = a.value.total_cmp(&b.value);
                let o = if kpi.is_max() { o.reverse() } else { o };
                o.then_with(|| a.identity.cmp(&b.identity))
            });
            worst.truncate(options.worst);
            let assets = |w: &[Worst]| {
                w.iter()
                    .map(|x| AssetId::new(NodeKind::ChargePoint, &x.identity))
                    .collect()
            };
            match (value, passed) {
                (Some(v), Some(false)) => findings.push(
                    Finding::new(
                        HealthCheck::KpiFailed,
                        Severity::Error,
                        format!(
                            "{}: {} is {v:.2}, {} {threshold}; worst: {}",
                            g.name,
                            kpi.label(),
                            if kpi.is_max() {
                                "above the maximum"
                            } else {
                                "below the minimum"
                            },
                            worst
                                .iter()
                                .map(|w| format!("{} {:.2}", w.identity, w.value))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                    .with_asset_ids(assets(&worst)),
                ),
                (None, _) => findings.push(Finding::new(
                    HealthCheck::NoData,
                    Severity::Warning,
                    format!(
                        "{}: no data for {} in {}..{}",
                        g.name,
                        kpi.label(),
                        g.evaluation.from,
                        g.evaluation.to
                    ),
                )),
                _ => {}
            }
            kpis.push(KpiVerdict {
                kpi,
                threshold,
                value,
                baseline,
                passed,
                worst,
            });
        }
        if t.decode_failures > 0 {
            findings.push(Finding::new(
                HealthCheck::DecodeFailures,
                Severity::Warning,
                format!(
                    "{}: {} frames did not decode ({:?})",
                    g.name, t.decode_failures, t.decode_errors
                ),
            ));
        }
        if t.missing_stop > 0 {
            findings.push(Finding::new(
                HealthCheck::MissingStops,
                Severity::Warning,
                format!("{}: {} sessions without their stop", g.name, t.missing_stop),
            ));
        }
        let passed = kpis.iter().all(|k| k.passed != Some(false));
        out.push(GroupReport {
            group: g.clone(),
            passed,
            kpis,
            top_error_codes: top_codes(&t),
            totals: t,
        });
    }
    findings.sort_by_key(|f| (f.severity, f.code_str()));
    let passed = out.iter().filter(|g| g.passed).count();
    HealthReport {
        summary: Summary {
            groups: out.len(),
            passed,
            failed: out.len() - passed,
            charge_points: groups.iter().map(|g| g.charge_points.len()).sum(),
            charge_points_seen: seen,
        },
        groups: out,
        protocol: protocol_quality(aggregates),
        findings,
    }
}

fn opt(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// The report in Markdown: the counts, a table of the groups, each group's KPIs, the findings.
/// O(size of the report).
#[must_use]
pub fn markdown(r: &HealthReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Health report\n");
    let _ = writeln!(
        s,
        "{} groups: {} passed, {} failed; {} charge points, {} seen in the log; {} findings.\n",
        r.summary.groups,
        r.summary.passed,
        r.summary.failed,
        r.summary.charge_points,
        r.summary.charge_points_seen,
        r.findings.len()
    );
    let _ = writeln!(
        s,
        "| group | charge points | window | verdict |\n|---|---|---|---|"
    );
    for g in &r.groups {
        let _ = writeln!(
            s,
            "| {} | {} | {} – {} | {} |",
            g.group.name,
            g.group.charge_points.len(),
            g.group.evaluation.from,
            g.group.evaluation.to,
            if g.passed { "pass" } else { "**fail**" }
        );
    }
    for g in &r.groups {
        let _ = writeln!(s, "\n## {}\n", g.group.name);
        let _ = writeln!(
            s,
            "| KPI | threshold | value | baseline | verdict | worst |\n|---|---|---|---|---|---|"
        );
        for k in &g.kpis {
            let verdict = match k.passed {
                Some(true) => "pass",
                Some(false) => "**fail**",
                None => "no data",
            };
            let worst = k
                .worst
                .iter()
                .map(|w| format!("{} ({:.2})", w.identity, w.value))
                .collect::<Vec<_>>()
                .join(", ");
            let bound = if k.kpi.is_max() { "≤" } else { "≥" };
            let _ = writeln!(
                s,
                "| {} | {bound} {} | {} | {} | {verdict} | {worst} |",
                k.kpi.label(),
                k.threshold,
                opt(k.value),
                opt(k.baseline)
            );
        }
        let t = &g.totals;
        let _ = writeln!(
            s,
            "\nSessions {} started ({} succeeded, {} failed, {} without stop); stop reasons {:?}; roaming authorizations {} accepted, {} rejected; {} decode failures, {} answers without a CALL, {} duplicates, {} leniency deviations.",
            t.sessions_started,
            t.sessions_succeeded,
            t.sessions_failed,
            t.missing_stop,
            t.stop_reasons,
            t.roaming_accepted,
            t.roaming_rejected,
            t.decode_failures,
            t.unpaired_results,
            t.duplicates,
            t.deviations.values().sum::<u64>()
        );
        if !g.top_error_codes.is_empty() {
            let _ = writeln!(s, "\nTop error codes: {}.", counts_text(&g.top_error_codes));
        }
    }
    if !r.protocol.is_empty() {
        let _ = writeln!(
            s,
            "\n## Protocol quality\n\n| vendor | model | firmware | charge points | frames | decode failures | answers without a CALL | duplicates | deviations | top vendor error codes |\n|---|---|---|---|---|---|---|---|---|---|"
        );
        for p in &r.protocol {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                p.vendor,
                p.model,
                p.firmware,
                p.charge_points,
                p.frames,
                p.decode_failures,
                p.unpaired_results,
                p.duplicates,
                p.deviations.values().sum::<u64>(),
                counts_cell(&p.top_vendor_error_codes)
            );
        }
    }
    if !r.findings.is_empty() {
        let _ = writeln!(s, "\n## Findings\n");
        for f in &r.findings {
            let _ = writeln!(s, "- {} {}: {}", f.code_str(), f.check(), f.message);
        }
    }
    s
}

/// Per-day series of every group over its baseline and evaluation windows, as CSV: `group,
/// date, window, availability_pct, charging_success_pct, authorization_success_pct,
/// roaming_authorization_success_pct, boots, opens, sessions_started, decode_failures`
/// (empty cells without data). O(groups × charge points × days).
#[must_use]
pub fn csv(aggregates: &Aggregates, r: &HealthReport) -> String {
    let mut s = String::from(
        "group,date,window,availability_pct,charging_success_pct,authorization_success_pct,roaming_authorization_success_pct,boots,opens,sessions_started,decode_failures\n",
    );
    let cell = |v: Option<f64>| v.map(|v| format!("{v:.4}")).unwrap_or_default();
    for g in &r.groups {
        let ids: HashSet<String> = g.group.charge_points.iter().cloned().collect();
        let mut windows = Vec::new();
        if let Some(b) = g.group.baseline {
            windows.push(("baseline", b));
        }
        windows.push(("evaluation", g.group.evaluation));
        for (name, w) in windows {
            let mut d = w.from;
            while d <= w.to {
                let t = aggregates.total(Some(&ids), d, d);
                let x = t.rates();
                let _ = writeln!(
                    s,
                    "\"{}\",{d},{name},{},{},{},{},{},{},{},{}",
                    g.group.name.replace('"', "\"\""),
                    cell(x.availability_pct),
                    cell(x.charging_success_pct),
                    cell(x.authorization_success_pct),
                    cell(x.roaming_authorization_success_pct),
                    t.boots,
                    t.opens,
                    t.sessions_started,
                    t.decode_failures
                );
                d = d.add_days(1);
            }
        }
    }
    s
}

#[cfg(test)]
// the tests read and write frames of every version
#[cfg(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
mod tests {
    use super::*;
    use crate::health::kpi::{KpiOptions, Kpis, PortTime};
    use crate::health::simulate::{Faults, SimOptions, charge_points, simulate};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_group_by_hand_with_baseline_and_worst_charge_points() {
        let mut a = Aggregates::default();
        let mut put = |id: &str, day: &str, f: &dyn Fn(&mut DayStats)| {
            let mut s = DayStats::default();
            f(&mut s);
            a.days.entry(id.into()).or_default().insert(d(day), s);
        };
        let port = |observed: i64, outage: i64| PortTime {
            observed_ms: observed,
            outage_ms: outage,
            ..PortTime::default()
        };
        // baseline: all up; evaluation: X 50 % down on one of its 2 days, Y up
        put("X", "2026-03-01", &|s| {
            s.ports.insert("1".into(), port(100, 0));
        });
        put("X", "2026-03-02", &|s| {
            s.ports.insert("1".into(), port(100, 50));
            s.boots = 7;
        });
        put("X", "2026-03-03", &|s| {
            s.ports.insert("1".into(), port(100, 0));
        });
        put("Y", "2026-03-02", &|s| {
            s.ports.insert("1".into(), port(200, 0));
            s.auth_accepted = 1;
        });
        let g = Group {
            name: "wave 1".into(),
            phase: Some(2),
            charge_points: vec!["X".into(), "Y".into()],
            evaluation: Window {
                from: d("2026-03-02"),
                to: d("2026-03-03"),
            },
            baseline: Some(Window {
                from: d("2026-03-01"),
                to: d("2026-03-01"),
            }),
            success: SuccessCriteria::default(),
        };
        let r = report(&a, &[g], &ReportOptions::default());
        let k = |kpi: Kpi| {
            r.groups[0]
                .kpis
                .iter()
                .find(|k| k.kpi == kpi)
                .unwrap()
                .clone()
        };
        let av = k(Kpi::Availability);
        // (400 − 50) / 400
        assert_eq!(
            (av.value, av.baseline, av.passed),
            (Some(87.5), Some(100.0), Some(false))
        );
        assert_eq!(
            av.worst[0],
            Worst {
                identity: "X".into(),
                value: 75.0
            }
        );
        let re = k(Kpi::Reconnects);
        // 7 boots / (2 charge points × 2 days)
        assert_eq!((re.value, re.passed), (Some(1.75), Some(true)));
        assert_eq!(re.worst[0].identity, "X");
        assert_eq!(k(Kpi::ChargingSuccess).passed, None);
        assert_eq!(k(Kpi::AuthorizationSuccess).value, Some(100.0));
        assert!(!r.groups[0].passed);
        let codes: Vec<&str> = r.findings.iter().map(|f| f.code_str()).collect();
        assert_eq!(codes, ["HE001", "HE002"]);
        let md = markdown(&r);
        assert!(md.contains("1 groups: 0 passed, 1 failed"), "{md}");
        let csv = csv(&a, &r);
        assert_eq!(csv.lines().count(), 1 + 3);
        assert!(
            csv.contains("\"wave 1\",2026-03-02,evaluation,83.3333,"),
            "{csv}"
        );
    }

    #[test]
    fn the_failing_wave_of_a_simulated_cutover_is_found_and_its_schema_validates() {
        let fleet = chargeshift_graph::generate::fleet(40);
        let mut request = crate::cutover::CutoverRequest::new(d("2026-03-02"));
        request.waves.max_charge_points = 15;
        let plan = crate::cutover::plan(&fleet, &request).unwrap();
        let options = ReportOptions {
            evaluation_days: 3,
            baseline_days: 0,
            worst: 3,
        };
        let groups = groups_of_plan(&plan, &options);
        assert!(groups.len() >= 3);
        let bad = &groups[1];
        let mut cps = charge_points(&fleet, chargeshift_ocpp::OcppVersion::V16);
        for c in &mut cps {
            if bad.charge_points.contains(&c.identity) {
                c.faults = Faults::all();
            }
        }
        let days = 3 + 7 * u32::try_from(groups.len()).unwrap();
        let mut sim = SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), days);
        sim.heartbeat_secs = 1800;
        let mut ko = KpiOptions::default().with_known_tokens(&sim.tokens);
        ko.silence_threshold_ms = 2_400_000;
        let mut k = Kpis::new(ko).unwrap();
        for r in simulate(&cps, &sim) {
            k.push(&r);
        }
        let end = sim.start.unix_seconds() + i64::from(days) * 86_400;
        let a = k.finish(chargeshift_ocpp::DateTime::from_unix(end, 0).unwrap());
        let r = report(&a, &groups, &options);
        for (i, g) in r.groups.iter().enumerate() {
            assert_eq!(g.passed, i != 1, "{}: {:?}", g.group.name, g.kpis);
        }
        assert_eq!(r.summary.failed, 1);
        let failed: Vec<&Finding<HealthCheck>> = r
            .findings
            .iter()
            .filter(|f| f.code == HealthCheck::KpiFailed)
            .collect();
        assert!(failed.iter().all(|f| f.message.starts_with(&bad.name)));
        let schema = serde_json::to_value(schemars::schema_for!(HealthReport)).unwrap();
        let value = serde_json::to_value(&r).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&value));
        // the faulty 1.6 charge points' ChargeX code, and the non-conforming firmware's deviations
        let g1 = &r.groups[1];
        if g1
            .totals
            .vendor_error_codes
            .contains_key("org.chargex/CX001")
        {
            assert!(
                g1.top_error_codes
                    .iter()
                    .any(|c| c.code == "org.chargex/CX001")
            );
        }
        assert!(
            r.groups
                .iter()
                .enumerate()
                .all(|(i, g)| (i == 1) != g.top_error_codes.is_empty())
        );
        // the top vendor error codes per model and firmware: the rows' counts of the ChargeX
        // code add up to the whole log's
        let with_codes: Vec<&ProtocolRow> = r
            .protocol
            .iter()
            .filter(|p| !p.top_vendor_error_codes.is_empty())
            .collect();
        assert!(!with_codes.is_empty());
        let cx001 = |codes: &[Count]| {
            codes
                .iter()
                .filter(|c| c.code == "org.chargex/CX001")
                .map(|c| c.count)
                .sum::<u64>()
        };
        let by_rows: u64 = r
            .protocol
            .iter()
            .map(|p| cx001(&p.top_vendor_error_codes))
            .sum();
        let all = a.total(None, d("1970-01-01"), d("9999-12-31"));
        assert!(by_rows > 0);
        assert_eq!(
            Some(&by_rows),
            all.vendor_error_codes.get("org.chargex/CX001")
        );
        assert!(markdown(&r).contains("| top vendor error codes |"));
        let frames: u64 = r.protocol.iter().map(|p| p.frames).sum();
        assert_eq!(frames, all.frames);
        assert_eq!(
            r.protocol.iter().map(|p| p.charge_points).sum::<usize>(),
            a.days.len()
        );
        let back: HealthReport = serde_json::from_value(value).unwrap();
        assert_eq!(back.summary, r.summary);
    }
}
