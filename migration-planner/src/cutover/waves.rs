//! Waves: the units not in the pilot, packed under limits, grouped by a segment and ordered from
//! least to most critical, each with its success criteria, rollback, sign-off owner,
//! communications note, start date and soak period.
//!
//! A unit's criticality is the most critical value of [`WaveOptions::criticality_tag`] among
//! its charge points, ranked by [`WaveOptions::criticality_order`] (a charge point without the
//! tag ranks least, a value not in the order ranks most critical, with a
//! [`CutoverCheck::UnknownCriticality`] finding). A unit's group is the most common value of
//! [`WaveOptions::group_by`] among its charge points (ties: the smallest value; no value:
//! empty). A wave holds units of one criticality rank and one group, packed first-fit
//! decreasing (by size, then unit id) under [`WaveOptions::max_charge_points`] and
//! [`WaveOptions::max_sites`]. A unit larger than a limit gets a wave of its own, marked
//! [`Wave::over_limit`], with a [`CutoverCheck::UnitOverWaveLimit`] error finding naming the
//! links that bind it. Waves are ordered by (rank, group, packing order) and are phases 2, 3,
//! ... of the routing table (phase 1 is the pilot).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use chargeshift_graph::{AssetId, Finding, Fleet, NodeData, NodeKind, Severity};
use compact_str::CompactString;
use foldhash::fast::FixedState;
use hashbrown::HashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Date;
use super::routing::{BackOffices, Route};
use super::segments::Segment;
use super::units::{SortedId, Units, sort_ids, sorted_ids};
use super::{CutoverCheck, CutoverError, cmp_ids};

/// The thresholds a wave must meet during its soak period, on the health KPIs measured from
/// OCPP traffic. Defaults: availability ≥ 97 %, charging success ≥ 95 %, authorization
/// success ≥ 98 %, reconnects per charge point per day ≤ 3.
///
/// ```
/// use chargeshift_planner::cutover::waves::SuccessCriteria;
/// let s = SuccessCriteria::default();
/// assert_eq!((s.availability_min_pct, s.max_reconnects_per_charge_point_per_day), (97.0, 3.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SuccessCriteria {
    /// Minimum availability from StatusNotification, percent (default 97).
    pub availability_min_pct: f64,
    /// Minimum share of sessions that start and stop as asked, percent (default 95).
    pub charging_success_min_pct: f64,
    /// Minimum authorization success, percent (default 98).
    pub authorization_success_min_pct: f64,
    /// Maximum reconnects (BootNotifications) per charge point per day (default 3).
    pub max_reconnects_per_charge_point_per_day: f64,
}

impl Default for SuccessCriteria {
    fn default() -> SuccessCriteria {
        SuccessCriteria {
            availability_min_pct: 97.0,
            charging_success_min_pct: 95.0,
            authorization_success_min_pct: 98.0,
            max_reconnects_per_charge_point_per_day: 3.0,
        }
    }
}

/// What the field teams can do per day: an optional limit on every wave, from which each
/// wave's field days are derived.
///
/// A wave holds at most `charge_points_per_day × max_days` charge points and
/// `sites_per_day × max_days` sites (besides [`WaveOptions::max_charge_points`] and
/// [`WaveOptions::max_sites`]); its [`Wave::field_days`] is the days its charge points and
/// sites need, and its soak starts after them.
///
/// ```
/// use chargeshift_planner::cutover::waves::FieldOps;
/// let f: FieldOps = serde_json::from_str(r#"{"sites_per_day": 4}"#)?;
/// assert_eq!((f.charge_points_per_day, f.sites_per_day, f.max_days), (None, Some(4), 5));
/// assert_eq!(f.days(30, 9), 3); // 9 sites at 4 a day
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FieldOps {
    /// Charge points the field teams can cut over per day (default: no such limit).
    pub charge_points_per_day: Option<usize>,
    /// Sites the field teams can visit per day (default: no such limit).
    pub sites_per_day: Option<usize>,
    /// Field days a wave may take at most (default 5, a working week).
    pub max_days: u32,
}

impl Default for FieldOps {
    fn default() -> FieldOps {
        FieldOps {
            charge_points_per_day: None,
            sites_per_day: None,
            max_days: 5,
        }
    }
}

impl FieldOps {
    /// The field days `charge_points` charge points at `sites` sites need: the larger of the
    /// two quotients, rounded up, at least 1. O(1).
    ///
    /// ```
    /// use chargeshift_planner::cutover::waves::FieldOps;
    /// let f = FieldOps { charge_points_per_day: Some(10), ..FieldOps::default() };
    /// assert_eq!((f.days(0, 0), f.days(10, 3), f.days(11, 3)), (1, 1, 2));
    /// ```
    #[must_use]
    pub fn days(&self, charge_points: usize, sites: usize) -> u32 {
        let need =
            |n: usize, per: Option<usize>| per.filter(|&p| p > 0).map_or(0, |p| n.div_ceil(p));
        let d =
            need(charge_points, self.charge_points_per_day).max(need(sites, self.sites_per_day));
        u32::try_from(d.max(1)).unwrap_or(u32::MAX)
    }

    fn max_days_usize(&self) -> usize {
        usize::try_from(self.max_days).unwrap_or(usize::MAX)
    }
}

/// How the waves are cut. Every field has a default (`{}` is a valid value).
///
/// ```
/// use chargeshift_planner::cutover::waves::WaveOptions;
/// let o: WaveOptions = serde_json::from_str(r#"{"max_charge_points": 100, "group_by": "vendor"}"#)?;
/// assert_eq!((o.max_charge_points, o.max_sites, o.soak_days, o.spacing_days), (100, None, 7, 7));
/// assert_eq!(o.sign_off_owner, "operations lead");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WaveOptions {
    /// At most this many charge points per wave (default 500).
    pub max_charge_points: usize,
    /// At most this many sites per wave (default: no limit).
    pub max_sites: Option<usize>,
    /// The segment key waves are grouped by (default `country`; `null`: no grouping).
    pub group_by: Option<String>,
    /// The segment tag of criticality (default `criticality`).
    pub criticality_tag: String,
    /// Its values, least critical first (default `low`, `medium`, `high`, `critical`).
    pub criticality_order: Vec<String>,
    /// The thresholds of every wave.
    pub success: SuccessCriteria,
    /// Who signs a wave off (default `operations lead`).
    pub sign_off_owner: String,
    /// Days between the starts of two phases (default 7).
    pub spacing_days: u32,
    /// Days a phase is watched before it is signed off (default 7).
    pub soak_days: u32,
    /// What the field teams can do per day (default: no field-ops limit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_ops: Option<FieldOps>,
}

impl Default for WaveOptions {
    fn default() -> WaveOptions {
        WaveOptions {
            max_charge_points: 500,
            max_sites: None,
            group_by: Some("country".to_owned()),
            criticality_tag: "criticality".to_owned(),
            criticality_order: ["low", "medium", "high", "critical"]
                .map(str::to_owned)
                .to_vec(),
            success: SuccessCriteria::default(),
            sign_off_owner: "operations lead".to_owned(),
            spacing_days: 7,
            soak_days: 7,
            field_ops: None,
        }
    }
}

/// The rollback of a wave: the routing rows that undo it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rollback {
    /// The phase the rows restore (the wave's phase − 1).
    pub restores_phase: u32,
    /// Every charge point of the wave, routed back to the old back office.
    pub rows: Vec<Route>,
}

/// One wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Wave {
    /// The wave number, from 1.
    pub number: u32,
    /// Its phase in the routing table (number + 1).
    pub phase: u32,
    /// The value of the grouping segment its units share (empty without grouping).
    pub group: String,
    /// Its most critical criticality value (empty when none of its charge points has one,
    /// `unknown` for values not in the criticality order).
    pub criticality: String,
    /// Its units' ids, in packing order.
    pub units: Vec<CompactString>,
    /// Its charge points' ids, sorted.
    pub charge_points: Vec<CompactString>,
    /// Its sites' ids, sorted.
    pub sites: Vec<CompactString>,
    /// Whether it is one unit larger than a limit.
    pub over_limit: bool,
    /// The thresholds it must meet.
    pub success: SuccessCriteria,
    /// The rows that undo it.
    pub rollback: Rollback,
    /// Who signs it off.
    pub sign_off_owner: String,
    /// What support and field operations are told.
    pub communications: String,
    /// The day it starts.
    pub start: Date,
    /// The field days its cut-over takes, with [`WaveOptions::field_ops`]; its soak starts
    /// after them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field_days: Option<u32>,
    /// Days it is watched before sign-off.
    pub soak_days: u32,
    /// The day its soak ends.
    pub soak_end: Date,
}

/// The start of phase `phase` (1 = the pilot) when the plan starts on `start`.
///
/// ```
/// use chargeshift_planner::cutover::{date::Date, waves::phase_start};
/// let start: Date = "2026-03-02".parse().unwrap();
/// assert_eq!(phase_start(start, 1, 7), start);
/// assert_eq!(phase_start(start, 3, 7).to_string(), "2026-03-16");
/// ```
#[must_use]
pub fn phase_start(start: Date, phase: u32, spacing_days: u32) -> Date {
    start.add_days(i64::from(phase.saturating_sub(1)) * i64::from(spacing_days))
}

/// The limits a wave is packed under: the request's, lowered by what field operations can do in
/// their days.
struct Limits<'a> {
    charge_points: usize,
    sites: Option<usize>,
    options: &'a WaveOptions,
}

impl Limits<'_> {
    fn of(options: &WaveOptions) -> Limits<'_> {
        let mut charge_points = options.max_charge_points;
        let mut sites = options.max_sites;
        if let Some(f) = &options.field_ops {
            let days = f.max_days_usize();
            if let Some(per) = f.charge_points_per_day {
                charge_points = charge_points.min(per.saturating_mul(days));
            }
            if let Some(per) = f.sites_per_day {
                let by_field = per.saturating_mul(days);
                sites = Some(sites.map_or(by_field, |m| m.min(by_field)));
            }
        }
        Limits {
            charge_points,
            sites,
            options,
        }
    }

    /// Why a unit of `size` charge points at `sites` sites is over the limits, naming each
    /// limit it breaks and where the limit comes from.
    fn why_over(&self, size: usize, sites: usize) -> String {
        let o = self.options;
        let f = o.field_ops.as_ref();
        let mut why = Vec::new();
        if size > self.charge_points {
            let from = match f.and_then(|f| f.charge_points_per_day.map(|p| (p, f.max_days))) {
                Some((per, days))
                    if per.saturating_mul(usize::try_from(days).unwrap_or(usize::MAX))
                        < o.max_charge_points =>
                {
                    format!(
                        "field operations cut over {per} charge points a day for at most {days} days"
                    )
                }
                _ => "waves.max_charge_points".to_owned(),
            };
            why.push(format!(
                "has {size} charge points, more than a wave may hold ({}: {from})",
                self.charge_points
            ));
        }
        if let Some(limit) = self.sites.filter(|&m| sites > m) {
            let from = match f.and_then(|f| f.sites_per_day.map(|p| (p, f.max_days))) {
                Some((per, days))
                    if o.max_sites.is_none_or(|m| {
                        per.saturating_mul(usize::try_from(days).unwrap_or(usize::MAX)) < m
                    }) =>
                {
                    format!("field operations visit {per} sites a day for at most {days} days")
                }
                _ => "waves.max_sites".to_owned(),
            };
            why.push(format!(
                "is at {sites} sites, more than a wave may visit ({limit}: {from})"
            ));
        }
        why.join(" and ")
    }
}

struct Bin {
    units: Vec<usize>,
    size: usize,
    sites: BTreeSet<CompactString>,
}

/// In [`waves`], the group of a unit when waves are not grouped by a segment.
const NO_GROUP: u32 = u32::MAX;

/// The waves of the units not in the pilot (`in_pilot[i]` for unit `i`).
///
/// # Returns
/// The waves, and the findings (limits that cannot be met, unknown criticality values).
///
/// # Errors
/// [`CutoverError::UnknownSegment`] for a `group_by` key the fleet does not have;
/// [`CutoverError::InvalidLimit`] for a zero limit.
///
/// # Complexity
/// O(C log C) for grouping, plus O(U × W) for first-fit packing of U units into W open waves
/// of a group, plus O(V + E) when a unit is over a limit (its binding links).
///
/// ```
/// use chargeshift_graph::LinkKinds;
/// use chargeshift_planner::cutover::{units::{units, DEFAULT_BINDING}, waves::{waves, WaveOptions}};
/// use chargeshift_planner::cutover::routing::BackOffices;
/// let fleet = chargeshift_graph::generate::fleet(300);
/// let u = units(&fleet, LinkKinds::of(&DEFAULT_BINDING));
/// let options = WaveOptions { max_charge_points: 60, ..WaveOptions::default() };
/// let start = "2026-03-02".parse().unwrap();
/// let (w, _) = waves(&fleet, &u, &vec![false; u.units.len()], &options, start, &BackOffices::default())?;
/// assert_eq!(w.iter().map(|w| w.charge_points.len()).sum::<usize>(), 300);
/// assert!(w.iter().all(|w| w.over_limit || w.charge_points.len() <= 60));
/// assert_eq!(w[0].phase, 2);
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn waves(
    fleet: &Fleet,
    units: &Units,
    in_pilot: &[bool],
    options: &WaveOptions,
    start: Date,
    back_offices: &BackOffices,
) -> Result<(Vec<Wave>, Vec<Finding<CutoverCheck>>), CutoverError> {
    if options.max_charge_points == 0 {
        return Err(CutoverError::InvalidLimit {
            field: "waves.max_charge_points",
            value: "0".to_owned(),
            reason: "a wave holds at least one charge point",
        });
    }
    if options.max_sites == Some(0) {
        return Err(CutoverError::InvalidLimit {
            field: "waves.max_sites",
            value: "0".to_owned(),
            reason: "a wave holds at least one site",
        });
    }
    if let Some(f) = &options.field_ops {
        for (field, v) in [
            (
                "waves.field_ops.charge_points_per_day",
                f.charge_points_per_day,
            ),
            ("waves.field_ops.sites_per_day", f.sites_per_day),
            ("waves.field_ops.max_days", Some(f.max_days_usize())),
        ] {
            if v == Some(0) {
                return Err(CutoverError::InvalidLimit {
                    field,
                    value: "0".to_owned(),
                    reason: "field operations do at least one a day, on at least one day",
                });
            }
        }
    }
    let limits = Limits::of(options);
    let segment = options
        .group_by
        .as_deref()
        .map(|k| Segment::parse(fleet, k))
        .transpose()?;
    let order = &options.criticality_order;
    let mut findings = Vec::new();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();

    // each charge point's criticality and segment value, read in node order (the order of the
    // fleet's records in memory): per unit its highest rank, per charge point (at its
    // `Member::at`) its value's number in first-seen order
    let n_units = units.units.len();
    let mut rank = vec![0_usize; n_units];
    let mut value_of: Vec<u32> = Vec::new();
    let mut value_ids: HashMap<Cow<'_, str>, u32, FixedState> =
        HashMap::with_hasher(FixedState::default());
    let mut values: Vec<Cow<'_, str>> = Vec::new();
    if segment.is_some() {
        value_of = vec![0; units.in_node_order().len()];
    }
    for m in units.in_node_order() {
        let i = m.unit as usize;
        if in_pilot.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let Some(NodeData::ChargePoint(d)) = fleet.node(m.node).map(|n| &n.data)
            && let Some(v) = d.segments.get(options.criticality_tag.as_str())
        {
            let r = match order.iter().position(|o| **o == *v) {
                Some(p) => p + 1,
                None => {
                    *unknown.entry(v.to_string()).or_insert(0) += 1;
                    order.len() + 1
                }
            };
            if let Some(x) = rank.get_mut(i) {
                *x = (*x).max(r);
            }
        }
        if let Some(s) = &segment {
            let v = s.value_ref(fleet, m.node).unwrap_or_default();
            let id = if let Some(&id) = value_ids.get(v.as_ref()) {
                id
            } else {
                let id = u32::try_from(values.len()).unwrap_or(u32::MAX);
                value_ids.insert(v.clone(), id);
                values.push(v);
                id
            };
            if let Some(x) = value_of.get_mut(m.at as usize) {
                *x = id;
            }
        }
    }
    drop(value_ids);
    // the values in sorted order: a value's number becomes its rank in that order
    let mut sorted: Vec<u32> = (0..u32::try_from(values.len()).unwrap_or(u32::MAX)).collect();
    sorted.sort_unstable_by(|&a, &b| values.get(a as usize).cmp(&values.get(b as usize)));
    let mut value_rank = vec![0_u32; values.len()];
    for (r, &v) in sorted.iter().enumerate() {
        if let Some(x) = value_rank.get_mut(v as usize) {
            *x = u32::try_from(r).unwrap_or(u32::MAX);
        }
    }
    let group_name = |r: u32| -> String {
        sorted
            .get(r as usize)
            .and_then(|&v| values.get(v as usize))
            .map_or_else(String::new, |v| v.to_string())
    };
    // (rank, group) -> units, the group as its value's rank (no text per unit); without a
    // segment every unit is in group "" (rank NO_GROUP)
    let mut blocks: BTreeMap<(usize, u32), Vec<usize>> = BTreeMap::new();
    // the value ranks of one unit, reused from unit to unit
    let mut ranks: Vec<u32> = Vec::new();
    for i in 0..n_units {
        if in_pilot.get(i).copied().unwrap_or(false) {
            continue;
        }
        ranks.clear();
        if segment.is_some() {
            let of_unit = value_of
                .get(units.offset(i)..units.offset(i + 1))
                .unwrap_or_default();
            ranks.extend(
                of_unit
                    .iter()
                    .map(|&v| value_rank.get(v as usize).copied().unwrap_or(u32::MAX)),
            );
        }
        // the most frequent value, the smallest of those equally frequent
        ranks.sort_unstable();
        let mut group: Option<(u32, usize)> = None;
        for run in ranks.chunk_by(|a, b| a == b) {
            if let Some(&v) = run.first()
                && group.is_none_or(|(_, n)| run.len() > n)
            {
                group = Some((v, run.len()));
            }
        }
        let key = (
            rank.get(i).copied().unwrap_or(0),
            group.map_or(NO_GROUP, |(v, _)| v),
        );
        blocks.entry(key).or_default().push(i);
    }
    for (v, n) in &unknown {
        findings.push(Finding::new(
            CutoverCheck::UnknownCriticality,
            Severity::Warning,
            format!(
                "criticality {v:?} of {n} charge points is not in the order ({}): ranked most critical",
                order.join(", ")
            ),
        ));
    }

    let mut packed: Vec<(usize, String, Vec<usize>, bool)> = Vec::new();
    let mut over: Vec<usize> = Vec::new();
    for ((rank, group), mut list) in blocks {
        let group = if group == NO_GROUP {
            String::new()
        } else {
            group_name(group)
        };
        list.sort_by(|&a, &b| {
            let size = |i: usize| units.units.get(i).map_or(0, |u| u.size);
            size(b).cmp(&size(a)).then(a.cmp(&b))
        });
        let mut bins: Vec<Bin> = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let mut over_here = Vec::new();
        for i in list {
            let Some(u) = units.units.get(i) else {
                continue;
            };
            let too_many_sites = limits.sites.is_some_and(|m| u.sites.len() > m);
            if u.size > limits.charge_points || too_many_sites {
                over.push(i);
                over_here.push(i);
                continue;
            }
            let fits = |b: &Bin| {
                b.size + u.size <= limits.charge_points
                    && limits.sites.is_none_or(|m| {
                        b.sites.len() + u.sites.iter().filter(|s| !b.sites.contains(*s)).count()
                            <= m
                    })
            };
            let slot = open.iter().position(|&k| bins.get(k).is_some_and(fits));
            let k = match slot.and_then(|p| open.get(p).copied()) {
                Some(k) => k,
                None => {
                    bins.push(Bin {
                        units: Vec::new(),
                        size: 0,
                        sites: BTreeSet::new(),
                    });
                    open.push(bins.len() - 1);
                    bins.len() - 1
                }
            };
            if let Some(b) = bins.get_mut(k) {
                b.units.push(i);
                b.size += u.size;
                if limits.sites.is_some() {
                    // only a site limit needs the sites of an open wave
                    b.sites.extend(u.sites.iter().cloned());
                }
                let full = b.size == limits.charge_points
                    || limits.sites.is_some_and(|m| b.sites.len() >= m);
                if full {
                    open.retain(|&o| o != k);
                }
            }
        }
        for b in bins {
            packed.push((rank, group.clone(), b.units, false));
        }
        // a unit over a limit comes after the packed waves of its block
        for i in over_here {
            packed.push((rank, group.clone(), vec![i], true));
        }
    }

    if !over.is_empty() {
        let links = units.binding_links(fleet, &over);
        for (&i, links) in over.iter().zip(links) {
            let Some(u) = units.units.get(i) else {
                continue;
            };
            let why = limits.why_over(u.size, u.sites.len());
            findings.push(
                Finding::new(
                    CutoverCheck::UnitOverWaveLimit,
                    Severity::Error,
                    format!(
                        "unit {} {why}: {} binding links keep it together; it gets a wave of its own",
                        u.id,
                        links.len()
                    ),
                )
                .with_asset_ids(
                    u.charge_points
                        .iter()
                        .map(|c| AssetId::new(NodeKind::ChargePoint, c))
                        .collect(),
                )
                .with_links(links),
            );
        }
    }

    let old = CompactString::new(&back_offices.old);
    // every wave's charge points and sites, from one pass over the units in their order (read
    // from memory in sequence; wave by wave, each unit was a cache miss)
    let mut wave_of = vec![u32::MAX; units.units.len()];
    for (k, (_, _, list, _)) in packed.iter().enumerate() {
        for &i in list {
            if let Some(w) = wave_of.get_mut(i) {
                *w = u32::try_from(k).unwrap_or(u32::MAX);
            }
        }
    }
    let mut wave_ids: Vec<Vec<SortedId>> = vec![Vec::new(); packed.len()];
    let mut wave_sites: Vec<Vec<CompactString>> = vec![Vec::new(); packed.len()];
    for (i, (u, &w)) in units.units.iter().zip(&wave_of).enumerate() {
        if let (Some(ids), Some(sites)) =
            (wave_ids.get_mut(w as usize), wave_sites.get_mut(w as usize))
        {
            ids.extend(sorted_ids(u, i));
            sites.extend(u.sites.iter().cloned());
        }
    }
    drop(wave_of);
    let mut out = Vec::with_capacity(packed.len());
    for (k, ((rank, group, list, over_limit), (mut keys, mut sites))) in packed
        .into_iter()
        .zip(wave_ids.into_iter().zip(wave_sites))
        .enumerate()
    {
        let number = u32::try_from(k + 1).unwrap_or(u32::MAX);
        let phase = number.saturating_add(1);
        let ids: Vec<CompactString> = list
            .iter()
            .filter_map(|&i| units.units.get(i).map(|u| u.id.clone()))
            .collect();
        // the wave's charge points by id, compared as numbers where their first 16 bytes
        // differ
        sort_ids(&mut keys);
        let charge_points: Vec<CompactString> = keys.into_iter().map(|k| k.id).collect();
        sites.sort_unstable_by(|a, b| cmp_ids(a, b));
        sites.dedup();
        let criticality = match rank {
            0 => String::new(),
            r => order
                .get(r - 1)
                .cloned()
                .unwrap_or_else(|| "unknown".to_owned()),
        };
        let start_day = phase_start(start, phase, options.spacing_days);
        let field_days = options
            .field_ops
            .as_ref()
            .map(|f| f.days(charge_points.len(), sites.len()));
        let soak_end =
            start_day.add_days(i64::from(field_days.unwrap_or(0)) + i64::from(options.soak_days));
        let rows = charge_points
            .iter()
            .map(|c| Route {
                identity: c.clone(),
                back_office: old.clone(),
            })
            .collect();
        let segment_note = match (&options.group_by, group.as_str()) {
            (Some(key), "") => format!(" without a {key}"),
            (Some(key), v) => format!(" in {key} {v}"),
            (None, _) => String::new(),
        };
        let communications = format!(
            "Wave {number}: {} charge points at {} sites{segment_note} move from {} to {} on {start_day}. Tell support and field operations before the start, watch the success criteria until {soak_end}; if they are missed, restore phase {} from the rollback rows. Sign-off: {}.",
            charge_points.len(),
            sites.len(),
            back_offices.old,
            back_offices.new,
            phase - 1,
            options.sign_off_owner
        );
        out.push(Wave {
            number,
            phase,
            group,
            criticality,
            units: ids,
            charge_points,
            sites,
            over_limit,
            success: options.success.clone(),
            rollback: Rollback {
                restores_phase: phase - 1,
                rows,
            },
            sign_off_owner: options.sign_off_owner.clone(),
            communications,
            start: start_day,
            field_days,
            soak_days: options.soak_days,
            soak_end,
        });
    }
    Ok((out, findings))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cutover::units::{DEFAULT_BINDING, units};
    use chargeshift_graph::{ChargePoint, LinkKind, LinkKinds, Location, UserGroup};

    fn cp(
        f: &mut Fleet,
        ug: chargeshift_graph::NodeIndex,
        id: &str,
        crit: &str,
        vendor: &str,
    ) -> chargeshift_graph::NodeIndex {
        let mut d = ChargePoint {
            vendor: Some(vendor.into()),
            ..ChargePoint::default()
        };
        if !crit.is_empty() {
            d.segments.insert("criticality".into(), crit.into());
        }
        f.add_asset(id, d, ug).unwrap()
    }

    #[test]
    fn ordered_by_criticality_grouped_and_limited() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        cp(&mut f, ug, "A1", "high", "ABB");
        cp(&mut f, ug, "A2", "low", "ABB");
        cp(&mut f, ug, "A3", "low", "Alfen");
        cp(&mut f, ug, "A4", "", "ABB");
        cp(&mut f, ug, "A5", "weird", "ABB");
        cp(&mut f, ug, "A6", "low", "ABB");
        let site = f.add_asset("L", Location::default(), ug).unwrap();
        for id in ["B1", "B2", "B3"] {
            let x = cp(&mut f, ug, id, "low", "ABB");
            f.add_link(x, site, LinkKind::ChargePointLocation).unwrap();
        }
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        let options = WaveOptions {
            max_charge_points: 2,
            group_by: Some("vendor".into()),
            ..WaveOptions::default()
        };
        let start = "2026-03-02".parse().unwrap();
        let mut in_pilot = vec![false; u.units.len()];
        in_pilot[0] = true; // A1
        let (w, findings) =
            waves(&f, &u, &in_pilot, &options, start, &BackOffices::default()).unwrap();
        let shape: Vec<(&str, &str, Vec<&str>, bool)> = w
            .iter()
            .map(|w| {
                (
                    w.criticality.as_str(),
                    w.group.as_str(),
                    w.charge_points.iter().map(CompactString::as_str).collect(),
                    w.over_limit,
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("", "ABB", vec!["A4"], false),
                ("low", "ABB", vec!["A2", "A6"], false),
                ("low", "ABB", vec!["B1", "B2", "B3"], true),
                ("low", "Alfen", vec!["A3"], false),
                ("unknown", "ABB", vec!["A5"], false),
            ]
        );
        assert_eq!(w[2].start.to_string(), "2026-03-23");
        assert_eq!(w[2].soak_end.to_string(), "2026-03-30");
        assert_eq!(w[2].rollback.restores_phase, 3);
        assert!(w[2].communications.contains("in vendor ABB"));
        let codes: Vec<&str> = findings.iter().map(Finding::code_str).collect();
        assert_eq!(codes, ["CO003", "CO001"]);
        assert_eq!(findings[1].links.len(), 3);
        assert!(findings[1].message.starts_with(
            "unit U0007 has 3 charge points, more than a wave may hold (2: waves.max_charge_points)"
        ));
    }

    #[test]
    fn field_ops_capacity_limits_waves_derives_their_days_and_names_what_cannot_be_met() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        for i in 0..7 {
            cp(&mut f, ug, &format!("S{i}"), "low", "ABB");
        }
        // one site of four charge points: more than 3 a day for one day
        let site = f.add_asset("L", Location::default(), ug).unwrap();
        for id in ["B1", "B2", "B3", "B4"] {
            let x = cp(&mut f, ug, id, "low", "ABB");
            f.add_link(x, site, LinkKind::ChargePointLocation).unwrap();
        }
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        let none = vec![false; u.units.len()];
        let start = "2026-03-02".parse().unwrap();
        let options = WaveOptions {
            max_charge_points: 100,
            group_by: None,
            field_ops: Some(FieldOps {
                charge_points_per_day: Some(2),
                sites_per_day: None,
                max_days: 2,
            }),
            ..WaveOptions::default()
        };
        let (w, findings) = waves(&f, &u, &none, &options, start, &BackOffices::default()).unwrap();
        let sizes: Vec<(usize, Option<u32>, bool)> = w
            .iter()
            .map(|w| (w.charge_points.len(), w.field_days, w.over_limit))
            .collect();
        // 2 a day for 2 days: waves of 4; the site of 4 fits exactly, 7 singles make 4 + 3
        assert_eq!(
            sizes,
            [
                (4, Some(2), false),
                (4, Some(2), false),
                (3, Some(2), false)
            ]
        );
        assert!(findings.is_empty(), "{findings:?}");
        // the soak starts after the field days
        assert_eq!(w[0].soak_end, w[0].start.add_days(2 + 7));
        let one_day = WaveOptions {
            field_ops: Some(FieldOps {
                charge_points_per_day: Some(3),
                sites_per_day: Some(1),
                max_days: 1,
            }),
            ..options
        };
        let (w, findings) = waves(&f, &u, &none, &one_day, start, &BackOffices::default()).unwrap();
        assert!(w.iter().all(|w| w.over_limit || w.charge_points.len() <= 3));
        let over: Vec<&Finding<CutoverCheck>> = findings
            .iter()
            .filter(|x| x.code_str() == "CO001")
            .collect();
        assert_eq!(over.len(), 1);
        assert!(
            over[0].message.starts_with(
                "unit U0001 has 4 charge points, more than a wave may hold (3: field operations cut over 3 charge points a day for at most 1 days)"
            ),
            "{}",
            over[0].message
        );
        for bad in [
            FieldOps {
                charge_points_per_day: Some(0),
                ..FieldOps::default()
            },
            FieldOps {
                max_days: 0,
                ..FieldOps::default()
            },
        ] {
            let o = WaveOptions {
                field_ops: Some(bad),
                ..WaveOptions::default()
            };
            assert!(matches!(
                waves(&f, &u, &none, &o, start, &BackOffices::default()),
                Err(CutoverError::InvalidLimit { .. })
            ));
        }
    }

    #[test]
    fn site_limit_and_bad_limits() {
        let f = chargeshift_graph::generate::fleet(200);
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        let none = vec![false; u.units.len()];
        let start = "2026-03-02".parse().unwrap();
        let options = WaveOptions {
            max_sites: Some(3),
            ..WaveOptions::default()
        };
        let (w, _) = waves(&f, &u, &none, &options, start, &BackOffices::default()).unwrap();
        assert!(w.iter().all(|w| w.over_limit || w.sites.len() <= 3));
        let zero = WaveOptions {
            max_charge_points: 0,
            ..WaveOptions::default()
        };
        assert!(waves(&f, &u, &none, &zero, start, &BackOffices::default()).is_err());
        let bad = WaveOptions {
            group_by: Some("vendr".into()),
            ..WaveOptions::default()
        };
        assert!(matches!(
            waves(&f, &u, &none, &bad, start, &BackOffices::default()),
            Err(CutoverError::UnknownSegment { .. })
        ));
    }
}
