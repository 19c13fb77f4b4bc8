//! The pilot: a first phase real enough to matter, small enough to control and diverse enough
//! to expose integration problems, never at a critical site.
//!
//! Within a limit on charge points (an absolute number and/or a share of the fleet, the
//! smaller wins) and without the units that have a critical charge point (a segment tag, by
//! default `criticality`, with one of the critical values, by default `critical`), the pilot
//! covers as many distinct vendor × model × firmware combinations (optionally × country) as
//! possible. This is budgeted maximum coverage: each unit covers the combinations of its
//! charge points and costs its size.
//!
//! - [`greedy`]: repeatedly the unit with the most new combinations per charge point that still
//!   fits (ties by unit id), then the better of that and the best single unit that fits (the
//!   modified greedy of Khuller, Moss and Naor, 1999). With units of equal size this is the
//!   classical greedy and covers at least (1 − 1/e) of the optimum; with sizes that differ the
//!   proven bound is (1 − 1/e)/2.
//! - [`exact`]: the optimum by exhaustive search, used when there are at most
//!   [`PilotOptions::exact_up_to`] candidate units (20 by default).

use compact_str::CompactString;
use foldhash::fast::FixedState;
use hashbrown::HashMap;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::fmt;

use chargeshift_graph::{Fleet, LinkKind, NodeData, NodeIndex};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::CutoverError;
use super::units::Units;

/// How the pilot is chosen. Every field has a default (`{}` is a valid value).
///
/// ```
/// use chargeshift_planner::cutover::pilot::PilotOptions;
/// let o: PilotOptions = serde_json::from_str(r#"{"max_charge_points": 10, "by_country": true}"#)?;
/// assert_eq!((o.max_charge_points, o.max_share), (Some(10), Some(0.05)));
/// assert_eq!((o.critical_tag.as_str(), o.critical_values.as_slice()), ("criticality", &["critical".to_owned()][..]));
/// assert!(serde_json::from_str::<PilotOptions>(r#"{"max_cps": 10}"#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PilotOptions {
    /// At most this many charge points (default 50; `null`: no absolute limit).
    pub max_charge_points: Option<usize>,
    /// At most this share of the fleet's charge points, 0 to 1, rounded down (default 0.05;
    /// `null`: no share limit). With neither limit the whole fleet is the limit.
    pub max_share: Option<f64>,
    /// The segment tag that marks a critical charge point (default `criticality`).
    pub critical_tag: String,
    /// The values of [`PilotOptions::critical_tag`] that are critical (default `["critical"]`).
    pub critical_values: Vec<String>,
    /// Combinations are vendor × model × firmware × country instead of vendor × model ×
    /// firmware (default `false`).
    pub by_country: bool,
    /// With at most this many candidate units the exact optimum is searched (default 20; the
    /// search is exponential in it).
    pub exact_up_to: usize,
}

impl Default for PilotOptions {
    fn default() -> PilotOptions {
        PilotOptions {
            max_charge_points: Some(50),
            max_share: Some(0.05),
            critical_tag: "criticality".to_owned(),
            critical_values: vec!["critical".to_owned()],
            by_country: false,
            exact_up_to: 20,
        }
    }
}

/// A vendor × model × firmware (× country) combination; a missing value is empty.
///
/// ```
/// use chargeshift_planner::cutover::pilot::Combination;
/// let c = Combination { vendor: "ABB".into(), model: "Terra AC".into(), firmware: "1.6.8".into(), country: None };
/// assert_eq!(c.to_string(), "ABB / Terra AC / 1.6.8");
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(deny_unknown_fields)]
pub struct Combination {
    /// The vendor.
    pub vendor: String,
    /// The model.
    pub model: String,
    /// The firmware version.
    pub firmware: String,
    /// The country of the site, when combinations are by country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl fmt::Display for Combination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {} / {}", self.vendor, self.model, self.firmware)?;
        if let Some(c) = &self.country {
            write!(f, " / {c}")?;
        }
        Ok(())
    }
}

/// Why a combination is not in the pilot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UncoveredReason {
    /// Every charge point with it is in a unit with a critical charge point.
    OnlyCritical,
    /// Its non-critical units are all larger than the pilot limit.
    UnitsTooLarge,
    /// A unit with it fits, but the chosen units left no room for one.
    DidNotFit,
}

/// A combination the pilot does not cover, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Uncovered {
    /// The combination.
    pub combination: Combination,
    /// Why it is not covered.
    pub reason: UncoveredReason,
}

/// How the pilot was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PilotMethod {
    /// [`greedy`].
    Greedy,
    /// [`exact`] (few candidates).
    Exact,
}

/// The pilot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pilot {
    /// The limit on charge points that applied.
    pub limit: usize,
    /// Its units' ids, sorted.
    pub units: Vec<CompactString>,
    /// Its charge points' ids, sorted.
    pub charge_points: Vec<CompactString>,
    /// Its sites' ids, sorted.
    pub sites: Vec<CompactString>,
    /// How it was chosen.
    pub method: PilotMethod,
    /// Number of candidate units (not critical, within the limit).
    pub candidates: usize,
    /// Number of units left out because they have a critical charge point.
    pub critical_units: usize,
    /// Number of distinct combinations in the fleet.
    pub combinations: usize,
    /// The combinations covered, sorted.
    pub covered: Vec<Combination>,
    /// The combinations not covered, sorted, each with why.
    pub uncovered: Vec<Uncovered>,
    /// How many combinations [`greedy`] covers.
    pub greedy_covered: usize,
    /// The optimum, when [`exact`] ran.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub optimum: Option<usize>,
    /// The share of the optimum the coverage is proven to reach: 1 when [`exact`] chose the
    /// pilot; for [`greedy`], 1 − 1/e (≈ 0.632) when every candidate unit has the same size and
    /// (1 − 1/e)/2 (≈ 0.316) otherwise (budgeted maximum coverage; Khuller, Moss and Naor).
    pub guarantee: f64,
    /// The optimum is at most this many combinations: the coverage itself when exact, else the
    /// smaller of the combinations some candidate has and ⌊coverage / guarantee⌋.
    pub optimum_at_most: usize,
}

/// The share of the optimum [`greedy`] is proven to cover for candidates of these sizes.
///
/// ```
/// use chargeshift_planner::cutover::pilot::greedy_guarantee;
/// assert!((greedy_guarantee([1, 1, 1]) - 0.632).abs() < 0.001);
/// assert!((greedy_guarantee([1, 2]) - 0.316).abs() < 0.001);
/// ```
#[must_use]
pub fn greedy_guarantee(sizes: impl IntoIterator<Item = usize>) -> f64 {
    let mut sizes = sizes.into_iter();
    let first = sizes.next();
    let equal = sizes.all(|s| Some(s) == first);
    let bound = 1.0 - 1.0 / std::f64::consts::E;
    if equal { bound } else { bound / 2.0 }
}

/// A unit as a set-cover candidate: its size and the combinations (numbers) it covers.
///
/// ```
/// let c = chargeshift_planner::cutover::pilot::Candidate { size: 2, combinations: vec![0, 3] };
/// assert_eq!(c.size, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Its cost: number of charge points.
    pub size: usize,
    /// The combinations it covers, sorted, each once.
    pub combinations: Vec<usize>,
}

fn coverage(cands: &[Candidate], chosen: &[usize]) -> usize {
    let mut all: Vec<usize> = chosen
        .iter()
        .filter_map(|&i| cands.get(i))
        .flat_map(|c| c.combinations.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    all.len()
}

/// The greedy choice of candidates within `budget`: the better of repeatedly taking the
/// candidate with the most new combinations per unit of size that fits (ties by lower index)
/// and the single candidate with the most combinations that fits.
///
/// # Returns
/// The chosen indices, sorted.
///
/// # Complexity
/// O(r × (c + log n)) for n candidates and r recomputations of a candidate's new combinations
/// (each of at most c combinations); r is n plus the number of times a count had gone stale,
/// at worst O(p × n) for p picks, in practice a few times n. The eager form (every candidate
/// rescanned at every pick) took 36 ms of the pilot of a 1M fleet for 11 picks.
///
/// ```
/// use chargeshift_planner::cutover::pilot::{greedy, Candidate};
/// let c = |size, combinations: &[usize]| Candidate { size, combinations: combinations.to_vec() };
/// let cands = [c(1, &[0]), c(2, &[0, 1, 2]), c(1, &[3])];
/// assert_eq!(greedy(&cands, 3), [1, 2]);
/// assert_eq!(greedy(&cands, 0), Vec::<usize>::new());
/// ```
#[must_use]
pub fn greedy(cands: &[Candidate], budget: usize) -> Vec<usize> {
    let n_combos = cands
        .iter()
        .flat_map(|c| c.combinations.iter())
        .max()
        .map_or(0, |m| m + 1);
    let mut covered = vec![false; n_combos];
    let new_of = |c: &Candidate, covered: &[bool]| {
        c.combinations
            .iter()
            .filter(|&&k| !covered.get(k).copied().unwrap_or(true))
            .count()
    };
    // lazy evaluation: a candidate's new combinations only shrink as others are taken, so its
    // count in the heap is an upper bound; the top is taken once its count is recomputed and
    // unchanged (no other candidate can then be better), else it goes back with the new count
    let mut heap: BinaryHeap<Pick> = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.size <= budget)
        .map(|(index, c)| Pick {
            new: new_of(c, &covered),
            size: c.size,
            index,
        })
        .filter(|p| p.new > 0)
        .collect();
    let mut room = budget;
    let mut chosen = Vec::new();
    while let Some(top) = heap.pop() {
        let Some(c) = cands.get(top.index) else {
            continue;
        };
        if c.size > room {
            // the room only shrinks: it never fits again
            continue;
        }
        let new = new_of(c, &covered);
        if new == 0 {
            continue;
        }
        if new != top.new {
            heap.push(Pick { new, ..top });
            continue;
        }
        room -= c.size;
        chosen.push(top.index);
        for &k in &c.combinations {
            if let Some(x) = covered.get_mut(k) {
                *x = true;
            }
        }
    }
    better_of_single(cands, budget, chosen)
}

/// `chosen` sorted, or the single candidate within `budget` with the most combinations (the
/// first of those) when it covers more: the second half of [`greedy`]'s guarantee.
fn better_of_single(cands: &[Candidate], budget: usize, mut chosen: Vec<usize>) -> Vec<usize> {
    let single = cands
        .iter()
        .enumerate()
        .filter(|(_, c)| c.size <= budget && !c.combinations.is_empty())
        .fold(None, |best: Option<(usize, usize)>, (i, c)| match best {
            Some((_, n)) if n >= c.combinations.len() => best,
            _ => Some((i, c.combinations.len())),
        });
    chosen.sort_unstable();
    match single {
        Some((i, n)) if n > coverage(cands, &chosen) => vec![i],
        _ => chosen,
    }
}

/// A candidate in [`greedy`]'s heap: its new combinations (an upper bound until recomputed),
/// its size and its index. Greater is better: more new combinations per charge point (a
/// size-0 candidate is free: infinitely good), then the lower index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pick {
    new: usize,
    size: usize,
    index: usize,
}

impl Ord for Pick {
    fn cmp(&self, other: &Pick) -> Ordering {
        // new / size against other.new / other.size, without division
        let mine = self.new as u128 * other.size as u128;
        let theirs = other.new as u128 * self.size as u128;
        mine.cmp(&theirs).then(other.index.cmp(&self.index))
    }
}

impl PartialOrd for Pick {
    fn partial_cmp(&self, other: &Pick) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The optimum choice of candidates within `budget`: most combinations, then fewest charge
/// points, then the first in include-first search order (lowest indices).
///
/// # Returns
/// The chosen indices, sorted.
///
/// # Complexity
/// O(2ⁿ × w) for n candidates and w = combinations / 64: use it for n up to about 20.
///
/// ```
/// use chargeshift_planner::cutover::pilot::{exact, greedy, Candidate};
/// let c = |size, combinations: &[usize]| Candidate { size, combinations: combinations.to_vec() };
/// // greedy takes the cheap unit first and has no room left for the big one
/// let cands = [c(1, &[0]), c(2, &[1, 2])];
/// assert_eq!(exact(&cands, 2), [1]);
/// assert_eq!(greedy(&cands, 2), [1]); // the best single unit saves it
/// ```
#[must_use]
pub fn exact(cands: &[Candidate], budget: usize) -> Vec<usize> {
    let n_combos = cands
        .iter()
        .flat_map(|c| c.combinations.iter())
        .max()
        .map_or(0, |m| m + 1);
    let words = n_combos.div_ceil(64);
    let masks: Vec<Vec<u64>> = cands
        .iter()
        .map(|c| {
            let mut m = vec![0u64; words];
            for &k in &c.combinations {
                if let Some(w) = m.get_mut(k / 64) {
                    *w |= 1 << (k % 64);
                }
            }
            m
        })
        .collect();
    let mut search = Search {
        cands,
        masks: &masks,
        best: (0, 0, Vec::new()),
        current: Vec::new(),
    };
    search.go(0, budget, &vec![0u64; words], 0);
    search.best.2
}

struct Search<'a> {
    cands: &'a [Candidate],
    masks: &'a [Vec<u64>],
    /// (coverage, size, chosen) of the best choice so far.
    best: (usize, usize, Vec<usize>),
    current: Vec<usize>,
}

impl Search<'_> {
    fn go(&mut self, i: usize, room: usize, covered: &[u64], size: usize) {
        let count: usize = covered.iter().map(|w| w.count_ones() as usize).sum();
        if count > self.best.0 || (count == self.best.0 && size < self.best.1) {
            self.best = (count, size, self.current.clone());
        }
        let (Some(c), Some(mask)) = (self.cands.get(i), self.masks.get(i)) else {
            return;
        };
        if c.size <= room {
            let with: Vec<u64> = covered.iter().zip(mask).map(|(a, b)| a | b).collect();
            self.current.push(i);
            self.go(i + 1, room - c.size, &with, size + c.size);
            self.current.pop();
        }
        self.go(i + 1, room, covered, size);
    }
}

/// The pilot of a fleet cut into `units`.
///
/// # Returns
/// The pilot, and the indices (into `units.units`) of its units, sorted.
///
/// # Errors
/// [`CutoverError::InvalidLimit`] for a share that is not between 0 and 1.
///
/// # Complexity
/// O(C log C) to collect the combinations of the C charge points, plus [`greedy`], plus
/// [`exact`] when there are at most [`PilotOptions::exact_up_to`] candidates.
///
/// ```
/// use chargeshift_graph::LinkKinds;
/// use chargeshift_planner::cutover::{pilot::{pilot, PilotOptions}, units::{units, DEFAULT_BINDING}};
/// let fleet = chargeshift_graph::generate::fleet(200);
/// let u = units(&fleet, LinkKinds::of(&DEFAULT_BINDING));
/// let options = PilotOptions { critical_values: vec!["high".into()], ..PilotOptions::default() };
/// let (p, chosen) = pilot(&fleet, &u, &options)?;
/// assert_eq!(p.limit, 10); // 5 % of 200
/// assert!(p.charge_points.len() <= 10 && !chosen.is_empty());
/// assert_eq!(p.covered.len() + p.uncovered.len(), p.combinations);
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
pub fn pilot(
    fleet: &Fleet,
    units: &Units,
    options: &PilotOptions,
) -> Result<(Pilot, Vec<usize>), CutoverError> {
    let total = units.charge_points();
    let mut limit = total;
    if let Some(m) = options.max_charge_points {
        limit = limit.min(m);
    }
    if let Some(s) = options.max_share {
        if !(0.0..=1.0).contains(&s) {
            return Err(CutoverError::InvalidLimit {
                field: "pilot.max_share",
                value: s.to_string(),
                reason: "a share is between 0 and 1",
            });
        }
        #[expect(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss,
            reason = "a share in [0, 1] of a count, rounded down, is a count no larger than it"
        )]
        let by_share = (s * total as f64).floor() as usize;
        limit = limit.min(by_share);
    }

    // the combinations of every unit, numbered in sorted order: each distinct one is interned
    // once as text borrowed from the fleet (no string per charge point). The charge points are
    // read in node order, the order of their records in memory; the combinations of unit i are
    // combos[start[i]..start[i + 1]] (one list for all units, not a list per unit)
    let mut ids: HashMap<Key<'_>, usize, FixedState> = HashMap::with_hasher(FixedState::default());
    let mut keys: Vec<Key<'_>> = Vec::new();
    let n_units = units.units.len();
    let mut combos: Vec<usize> = vec![0; units.offset(n_units).min(units.in_node_order().len())];
    let start: Vec<usize> = (0..=n_units).map(|i| units.offset(i)).collect();
    let mut critical = vec![false; n_units];
    for m in units.in_node_order() {
        let Some(NodeData::ChargePoint(d)) = fleet.node(m.node).map(|n| &n.data) else {
            continue;
        };
        let is_critical = d
            .segments
            .get(options.critical_tag.as_str())
            .is_some_and(|v| options.critical_values.iter().any(|c| **c == *v));
        if is_critical && let Some(c) = critical.get_mut(m.unit as usize) {
            *c = true;
        }
        let key = combination_key(fleet, m.node, d, options.by_country);
        let next = keys.len();
        let id = *ids.entry(key).or_insert(next);
        if id == next {
            keys.push(key);
        }
        if let Some(c) = combos.get_mut(m.at as usize) {
            *c = id;
        }
    }
    drop(ids);
    // first-seen number -> rank in sorted order
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys.get(a).cmp(&keys.get(b)));
    let mut rank = vec![0; keys.len()];
    for (r, &k) in order.iter().enumerate() {
        if let Some(x) = rank.get_mut(k) {
            *x = r;
        }
    }
    // each unit's combinations as ranks, sorted, each once: unit i's are
    // ranked[bounds[i]..bounds[i + 1]]
    let mut ranked: Vec<usize> = Vec::with_capacity(combos.len());
    let mut bounds: Vec<usize> = Vec::with_capacity(start.len());
    bounds.push(0);
    let mut buf: Vec<usize> = Vec::new();
    for w in start.windows(2) {
        buf.clear();
        if let [a, b] = *w {
            buf.extend(
                combos
                    .get(a..b)
                    .unwrap_or_default()
                    .iter()
                    .map(|&k| rank.get(k).copied().unwrap_or(0)),
            );
        }
        buf.sort_unstable();
        buf.dedup();
        ranked.extend_from_slice(&buf);
        bounds.push(ranked.len());
    }
    drop(combos);
    let of_unit = |i: usize| -> &[usize] {
        match (bounds.get(i), bounds.get(i + 1)) {
            (Some(&a), Some(&b)) => ranked.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    };
    let all: Vec<Combination> = order
        .iter()
        .filter_map(|&k| keys.get(k))
        .map(|&(vendor, model, firmware, country)| Combination {
            vendor: vendor.to_owned(),
            model: model.to_owned(),
            firmware: firmware.to_owned(),
            country: country.map(str::to_owned),
        })
        .collect();

    let mut candidate_units = Vec::new();
    let mut cands = Vec::new();
    for (i, u) in units.units.iter().enumerate() {
        if critical.get(i).copied().unwrap_or(true) || u.size > limit {
            continue;
        }
        candidate_units.push(i);
        cands.push(Candidate {
            size: u.size,
            combinations: of_unit(i).to_vec(),
        });
    }
    let by_greedy = greedy(&cands, limit);
    let greedy_covered = coverage(&cands, &by_greedy);
    let coverable = {
        let mut all: Vec<usize> = cands
            .iter()
            .flat_map(|c| c.combinations.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all.len()
    };
    let (picked, method, optimum) = if cands.len() <= options.exact_up_to {
        let best = exact(&cands, limit);
        let n = coverage(&cands, &best);
        (best, PilotMethod::Exact, Some(n))
    } else {
        (by_greedy, PilotMethod::Greedy, None)
    };
    let chosen: Vec<usize> = picked
        .iter()
        .filter_map(|&k| candidate_units.get(k).copied())
        .collect();

    // why each combination is not covered: where it occurs
    let mut in_pilot = vec![false; all.len()];
    let mut fits = vec![false; all.len()];
    let mut non_critical = vec![false; all.len()];
    for i in 0..units.units.len() {
        let combos = of_unit(i);
        let size = units.units.get(i).map_or(usize::MAX, |u| u.size);
        let crit = critical.get(i).copied().unwrap_or(true);
        let picked = chosen.binary_search(&i).is_ok();
        for &k in combos {
            for (flags, on) in [
                (&mut in_pilot, picked),
                (&mut non_critical, !crit),
                (&mut fits, !crit && size <= limit),
            ] {
                if on && let Some(x) = flags.get_mut(k) {
                    *x = true;
                }
            }
        }
    }
    let mut covered = Vec::new();
    let mut uncovered = Vec::new();
    for (k, c) in all.iter().enumerate() {
        let flag = |v: &[bool]| v.get(k).copied().unwrap_or(false);
        if flag(&in_pilot) {
            covered.push(c.clone());
        } else {
            let reason = if !flag(&non_critical) {
                UncoveredReason::OnlyCritical
            } else if !flag(&fits) {
                UncoveredReason::UnitsTooLarge
            } else {
                UncoveredReason::DidNotFit
            };
            uncovered.push(Uncovered {
                combination: c.clone(),
                reason,
            });
        }
    }

    let mut charge_points = Vec::new();
    let mut sites = Vec::new();
    for &i in &chosen {
        if let Some(u) = units.units.get(i) {
            charge_points.extend(u.charge_points.iter().cloned());
            sites.extend(u.sites.iter().cloned());
        }
    }
    charge_points.sort_unstable();
    sites.sort_unstable();
    sites.dedup();
    let (guarantee, optimum_at_most) = match optimum {
        Some(o) => (1.0, o),
        None => {
            let g = greedy_guarantee(cands.iter().map(|c| c.size));
            #[expect(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss,
                reason = "a count over a share in (0, 1], rounded down, capped by a count"
            )]
            let by_bound = (greedy_covered as f64 / g).floor() as usize;
            (g, by_bound.min(coverable))
        }
    };
    let pilot = Pilot {
        limit,
        units: chosen
            .iter()
            .filter_map(|&i| units.units.get(i).map(|u| u.id.clone()))
            .collect(),
        charge_points,
        sites,
        method,
        candidates: cands.len(),
        critical_units: critical.iter().filter(|&&c| c).count(),
        combinations: all.len(),
        covered,
        uncovered,
        greedy_covered,
        optimum,
        guarantee,
        optimum_at_most,
    };
    Ok((pilot, chosen))
}

/// A combination as text borrowed from the fleet: vendor, model, firmware and, when
/// combinations are by country, the site's country (`""` when the charge point has none). It
/// orders as [`Combination`] does.
type Key<'f> = (&'f str, &'f str, &'f str, Option<&'f str>);

fn combination_key<'f>(
    fleet: &'f Fleet,
    cp: NodeIndex,
    d: &'f chargeshift_graph::ChargePoint,
    by_country: bool,
) -> Key<'f> {
    let s = |x: &'f Option<CompactString>| x.as_deref().unwrap_or("");
    let country = by_country.then(|| {
        fleet
            .target_of(cp, LinkKind::ChargePointLocation)
            .and_then(|l| match fleet.node(l).map(|n| &n.data) {
                Some(NodeData::Location(loc)) => loc.country.as_deref(),
                _ => None,
            })
            .unwrap_or_default()
    });
    (s(&d.vendor), s(&d.model), s(&d.firmware), country)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cutover::units::{DEFAULT_BINDING, units};
    use chargeshift_graph::{ChargePoint, LinkKinds, Location, UserGroup};
    use proptest::prelude::*;

    /// The greedy choice as first written: every candidate rescanned at every pick.
    fn eager_greedy(cands: &[Candidate], budget: usize) -> Vec<usize> {
        let n = cands
            .iter()
            .flat_map(|c| c.combinations.iter())
            .max()
            .map_or(0, |m| m + 1);
        let mut covered = vec![false; n];
        let mut taken = vec![false; cands.len()];
        let mut room = budget;
        let mut chosen = Vec::new();
        loop {
            let mut best: Option<(usize, usize, usize)> = None;
            for (i, c) in cands.iter().enumerate() {
                if taken[i] || c.size > room {
                    continue;
                }
                let new = c.combinations.iter().filter(|&&k| !covered[k]).count();
                if new > 0 && best.is_none_or(|(_, bn, bs)| new * bs > bn * c.size) {
                    best = Some((i, new, c.size));
                }
            }
            let Some((i, _, size)) = best else { break };
            room -= size;
            chosen.push(i);
            taken[i] = true;
            for &k in &cands[i].combinations {
                covered[k] = true;
            }
        }
        better_of_single(cands, budget, chosen)
    }

    proptest! {
        // many ties (small sizes and few combinations), size-0 candidates, tight budgets
        #[test]
        fn lazy_greedy_picks_what_the_eager_one_picks(
            raw in proptest::collection::vec((0_usize..4, proptest::collection::btree_set(0_usize..12, 0..5)), 0..40),
            budget in 0_usize..20,
        ) {
            let cands: Vec<Candidate> = raw
                .into_iter()
                .map(|(size, set)| Candidate { size, combinations: set.into_iter().collect() })
                .collect();
            prop_assert_eq!(greedy(&cands, budget), eager_greedy(&cands, budget));
        }
    }

    fn c(size: usize, combos: &[usize]) -> Candidate {
        Candidate {
            size,
            combinations: combos.to_vec(),
        }
    }

    #[test]
    fn greedy_takes_best_ratio_and_ties_by_index() {
        let cands = [c(2, &[0, 1]), c(1, &[2]), c(1, &[3])];
        // ratios 1, 1, 1: index order; budget 2 takes the first (ratio tie, lower index)
        assert_eq!(greedy(&cands, 2), [0]);
        assert_eq!(greedy(&cands, 4), [0, 1, 2]);
        assert_eq!(exact(&cands, 2), [0]);
        assert_eq!(exact(&cands, 3), [0, 1]);
        // fewest charge points among optimal choices
        assert_eq!(exact(&[c(3, &[0]), c(1, &[0])], 3), [1]);
    }

    fn cp(f: &mut Fleet, ug: NodeIndex, id: &str, vendor: &str, crit: &str) -> NodeIndex {
        let mut d = ChargePoint {
            vendor: Some(vendor.into()),
            model: Some("M".into()),
            firmware: Some("1".into()),
            ..ChargePoint::default()
        };
        d.segments.insert("criticality".into(), crit.into());
        f.add_asset(id, d, ug).unwrap()
    }

    #[test]
    fn reasons_for_uncovered_combinations() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        // A: one free charge point; B: only critical; C: a site of three (too large); D: fits but no room
        cp(&mut f, ug, "CP1", "A", "low");
        cp(&mut f, ug, "CP2", "B", "critical");
        let site = f.add_asset("L", Location::default(), ug).unwrap();
        for id in ["CP3", "CP4", "CP5"] {
            let x = cp(&mut f, ug, id, "C", "low");
            f.add_link(x, site, LinkKind::ChargePointLocation).unwrap();
        }
        cp(&mut f, ug, "CP6", "D", "low");
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        let options = PilotOptions {
            max_charge_points: Some(1),
            max_share: None,
            ..PilotOptions::default()
        };
        let (p, chosen) = pilot(&f, &u, &options).unwrap();
        assert_eq!(p.limit, 1);
        assert_eq!(p.method, PilotMethod::Exact);
        assert_eq!(p.charge_points, ["CP1"]);
        assert_eq!(chosen, [0]);
        assert_eq!(p.critical_units, 1);
        let reasons: Vec<(String, UncoveredReason)> = p
            .uncovered
            .iter()
            .map(|x| (x.combination.vendor.clone(), x.reason))
            .collect();
        assert_eq!(
            reasons,
            [
                ("B".to_owned(), UncoveredReason::OnlyCritical),
                ("C".to_owned(), UncoveredReason::UnitsTooLarge),
                ("D".to_owned(), UncoveredReason::DidNotFit),
            ]
        );
        let bad = PilotOptions {
            max_share: Some(1.5),
            ..PilotOptions::default()
        };
        assert!(matches!(
            pilot(&f, &u, &bad),
            Err(CutoverError::InvalidLimit {
                field: "pilot.max_share",
                ..
            })
        ));
    }

    #[test]
    fn greedy_on_many_candidates_and_by_country() {
        let f = chargeshift_graph::generate::fleet(400);
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        let options = PilotOptions {
            critical_values: vec!["high".into()],
            by_country: true,
            exact_up_to: 0,
            ..PilotOptions::default()
        };
        let (p, _) = pilot(&f, &u, &options).unwrap();
        assert_eq!(p.method, PilotMethod::Greedy);
        assert_eq!(p.covered.len(), p.greedy_covered);
        assert!(p.covered.iter().all(|c| c.country.is_some()));
        assert!(p.charge_points.len() <= p.limit && p.limit == 20);
    }
}
