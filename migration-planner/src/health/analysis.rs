//! A whole health run over one log, as `chargeshift health` and the bindings do it: the KPI
//! options of a fleet (its cards as the known tokens, each charge point's OCPP version), the
//! log streamed into [`Aggregates`], the groups of a cutover plan or of a segment, and the
//! [`HealthReport`]; with per-charge-point and per-day rows for tables.

use std::collections::BTreeMap;
use std::io::BufRead;

use chargeshift_graph::{Fleet, NodeKind};
use chargeshift_ocpp::{DateTime, OcppVersion};
use serde::Serialize;

use super::kpi::{self, Aggregates, DayStats, Exclusion, KpiOptions, Kpis, Rates};
use super::log::{BadLines, LogReader};
use super::report::{self, HealthReport, ReportOptions, Window};
use super::simulate;
use crate::cutover::CutoverPlan;
use crate::cutover::date::Date;
use crate::cutover::waves::SuccessCriteria;

/// The options of a health run, each with the default of `chargeshift health`.
///
/// ```
/// use chargeshift_planner::health::analysis::HealthOptions;
/// let o = HealthOptions::default();
/// assert_eq!((o.evaluation_days, o.baseline_days, o.silence_secs), (30, 30, 900));
/// assert_eq!(o.segment, "vendor");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HealthOptions {
    /// Without a cutover plan, the segment the charge points are grouped by (default `vendor`).
    pub segment: String,
    /// Days of the evaluation window from each phase's start (default 30).
    pub evaluation_days: u32,
    /// Days of the baseline window before it (default 30, 0 for none).
    pub baseline_days: u32,
    /// Silence in seconds beyond which a charge point counts as offline (default 900).
    pub silence_secs: i64,
    /// Periods the operator excludes from outage.
    pub exclusions: Vec<Exclusion>,
}

impl Default for HealthOptions {
    fn default() -> Self {
        HealthOptions {
            segment: "vendor".to_owned(),
            evaluation_days: ReportOptions::default().evaluation_days,
            baseline_days: ReportOptions::default().baseline_days,
            silence_secs: KpiOptions::default().silence_threshold_ms / 1000,
            exclusions: Vec::new(),
        }
    }
}

/// What stops a health run.
///
/// ```
/// use chargeshift_planner::health::analysis::HealthError;
/// assert_eq!(HealthError::NoRecord.to_string(), "the log has no record");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HealthError {
    /// The log could not be read.
    #[error("the log could not be read: {0}")]
    Io(#[from] std::io::Error),
    /// The log holds no record (every line blank or bad).
    #[error("the log has no record")]
    NoRecord,
    /// An exclusion that cannot be read.
    #[error(transparent)]
    Kpi(#[from] kpi::KpiError),
    /// An unknown segment key (with the closest).
    #[error(transparent)]
    Segment(#[from] crate::cutover::CutoverError),
}

/// A health run: the aggregates, the report, and what the log reader skipped.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct HealthAnalysis {
    /// The partial aggregates per identity and day.
    pub aggregates: Aggregates,
    /// The verdict per group.
    pub report: HealthReport,
    /// The lines read.
    pub lines: u64,
    /// The bad lines per identity (`""`: lines naming none).
    pub bad_lines: BTreeMap<String, BadLines>,
}

/// The KPI options for `fleet`: its cards as the known tokens (any other is roaming) and each
/// charge point's OCPP version (its version tag, 1.6 otherwise). O(assets).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let o = chargeshift_planner::health::analysis::kpi_options(&fleet, 600);
/// assert_eq!(o.silence_threshold_ms, 600_000);
/// assert_eq!(o.versions.len(), 10);
/// ```
#[must_use]
pub fn kpi_options(fleet: &Fleet, silence_secs: i64) -> KpiOptions {
    let mut options = KpiOptions::default().with_known_tokens(
        fleet
            .nodes_of_kind(NodeKind::ChargeCard)
            .map(|(_, n)| n.id().to_owned()),
    );
    options.silence_threshold_ms = silence_secs.saturating_mul(1000);
    for c in simulate::charge_points(fleet, OcppVersion::V16) {
        options = options.with_version(&c.identity, c.version);
    }
    options
}

/// Runs the health of `fleet` over the health log `input` (JSONL, see [`super::log`]): grouped
/// by the phases of `plan`, or without one by `options.segment` over the days of the log.
/// Bad lines are counted per identity, never fatal. Streams the log: memory is bounded by the
/// charge points and days, not by the log. O(log lines + groups × charge points × days).
///
/// # Errors
/// [`HealthError`]: the log cannot be read or has no record, a bad exclusion, an unknown
/// segment key.
///
/// ```
/// use chargeshift_planner::health::analysis::{analyse, HealthOptions};
/// let fleet = chargeshift_graph::generate::fleet(5);
/// let log = "{\"ts\":\"2026-03-02T00:00:00Z\",\"identity\":\"X\",\"event\":\"open\"}\nnot json\n";
/// let a = analyse(&fleet, None, log.as_bytes(), &HealthOptions::default())?;
/// assert_eq!(a.lines, 2);
/// assert_eq!(a.bad_lines.values().map(|b| b.count).sum::<u64>(), 1);
/// assert!(!a.report.groups.is_empty());
/// # Ok::<(), chargeshift_planner::health::analysis::HealthError>(())
/// ```
pub fn analyse<R: BufRead>(
    fleet: &Fleet,
    plan: Option<&CutoverPlan>,
    input: R,
    options: &HealthOptions,
) -> Result<HealthAnalysis, HealthError> {
    let mut ko = kpi_options(fleet, options.silence_secs);
    ko.exclusions.clone_from(&options.exclusions);
    let mut k = Kpis::new(ko)?;
    let mut reader = LogReader::new(input);
    let mut last: Option<DateTime> = None;
    for r in reader.by_ref() {
        last = Some(last.map_or(r.ts, |l| l.max(r.ts)));
        k.push(&r);
    }
    if let Some(e) = reader.io_error() {
        return Err(HealthError::Io(std::io::Error::new(
            e.kind(),
            e.to_string(),
        )));
    }
    let lines = reader.lines();
    let bad_lines = reader.into_bad_lines();
    let end = last.ok_or(HealthError::NoRecord)?;
    let aggregates = k.finish(end);
    let ropts = ReportOptions {
        evaluation_days: options.evaluation_days,
        baseline_days: options.baseline_days,
        ..ReportOptions::default()
    };
    let groups = match plan {
        Some(p) => report::groups_of_plan(p, &ropts),
        None => {
            let days = aggregates.days.values().flat_map(|d| d.keys().copied());
            let (from, to) =
                days.fold((None, None), |(lo, hi): (Option<Date>, Option<Date>), d| {
                    (
                        Some(lo.map_or(d, |l| l.min(d))),
                        Some(hi.map_or(d, |h| h.max(d))),
                    )
                });
            let (Some(from), Some(to)) = (from, to) else {
                return Err(HealthError::NoRecord);
            };
            report::groups_by_segment(
                fleet,
                &options.segment,
                Window { from, to },
                &SuccessCriteria::default(),
            )?
        }
    };
    let report = report::report(&aggregates, &groups, &ropts);
    Ok(HealthAnalysis {
        aggregates,
        report,
        lines,
        bad_lines,
    })
}

/// One charge point's totals over the whole log, or over one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TotalsRow {
    /// The identity.
    pub identity: String,
    /// The day (`None`: the whole log).
    pub date: Option<Date>,
    /// The group of the report it is in (the first), if any.
    pub group: Option<String>,
    /// The totals.
    pub totals: DayStats,
    /// Their rates.
    pub rates: Rates,
}

/// The group of each identity in `report` (the first group naming it).
fn group_of(report: &HealthReport) -> BTreeMap<&str, &str> {
    let mut by = BTreeMap::new();
    for g in &report.groups {
        for id in &g.group.charge_points {
            by.entry(id.as_str()).or_insert(g.group.name.as_str());
        }
    }
    by
}

/// Every identity of the log with its totals over all its days, by identity.
/// O(identities × days).
///
/// ```
/// use chargeshift_planner::health::analysis::{analyse, charge_point_rows, HealthOptions};
/// let fleet = chargeshift_graph::generate::fleet(5);
/// let log = "{\"ts\":\"2026-03-02T00:00:00Z\",\"identity\":\"X\",\"event\":\"open\"}\n";
/// let a = analyse(&fleet, None, log.as_bytes(), &HealthOptions::default())?;
/// let rows = charge_point_rows(&a);
/// assert_eq!((rows[0].identity.as_str(), rows[0].totals.opens), ("X", 1));
/// # Ok::<(), chargeshift_planner::health::analysis::HealthError>(())
/// ```
#[must_use]
pub fn charge_point_rows(a: &HealthAnalysis) -> Vec<TotalsRow> {
    let groups = group_of(&a.report);
    a.aggregates
        .days
        .iter()
        .map(|(id, days)| {
            let mut totals = DayStats::default();
            for d in days.values() {
                totals.merge(d);
            }
            TotalsRow {
                identity: id.clone(),
                date: None,
                group: groups.get(id.as_str()).map(|g| (*g).to_owned()),
                rates: totals.rates(),
                totals,
            }
        })
        .collect()
}

/// Every (identity, day) of the log with its totals, by identity then day.
/// O(identities × days).
///
/// ```
/// use chargeshift_planner::health::analysis::{analyse, day_rows, HealthOptions};
/// let fleet = chargeshift_graph::generate::fleet(5);
/// let log = "{\"ts\":\"2026-03-02T00:00:00Z\",\"identity\":\"X\",\"event\":\"open\"}\n";
/// let a = analyse(&fleet, None, log.as_bytes(), &HealthOptions::default())?;
/// assert_eq!(day_rows(&a)[0].date.map(|d| d.to_string()).as_deref(), Some("2026-03-02"));
/// # Ok::<(), chargeshift_planner::health::analysis::HealthError>(())
/// ```
#[must_use]
pub fn day_rows(a: &HealthAnalysis) -> Vec<TotalsRow> {
    let groups = group_of(&a.report);
    a.aggregates
        .days
        .iter()
        .flat_map(|(id, days)| {
            let group = groups.get(id.as_str()).map(|g| (*g).to_owned());
            days.iter().map(move |(date, totals)| TotalsRow {
                identity: id.clone(),
                date: Some(*date),
                group: group.clone(),
                rates: totals.rates(),
                totals: totals.clone(),
            })
        })
        .collect()
}
