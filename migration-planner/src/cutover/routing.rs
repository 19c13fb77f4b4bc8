//! The routing table: which back office each charge point identity talks to in every phase.
//!
//! Phase 0 has every charge point on the old back office, phase 1 is the pilot, phases 2.. are
//! the waves. A charge point moves to the new back office in one phase and stays there: the
//! table holds that phase per identity ([`Assignment`]), and the rows of any phase follow from
//! it ([`RoutingTable::rows`]). Phase `n` is version `n` of the table. Rolling phase `n` back
//! ([`RoutingTable::rollback`]) gives exactly the rows of phase `n − 1`.
//!
//! Exports: CSV (`phase,identity,back_office`, every phase in full: phases × charge points
//! rows) and JSON (serde; its JSON Schema from [`schemars`]).

use std::collections::BTreeMap;

use compact_str::CompactString;
use foldhash::fast::FixedState;
use hashbrown::HashMap;

use chargeshift_graph::{AssetId, Finding, NodeKind, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::units::{IdKey, MigrationUnit, id_at, id_keys, sort_id_keys};
use super::{CutoverCheck, cmp_ids};

/// The names of the two back offices (defaults `old` and `new`).
///
/// ```
/// use chargeshift_planner::cutover::routing::BackOffices;
/// let b: BackOffices = serde_json::from_str(r#"{"old": "legacy-csms"}"#)?;
/// assert_eq!((b.old.as_str(), b.new.as_str()), ("legacy-csms", "new"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BackOffices {
    /// The back office the fleet leaves (default `old`).
    pub old: String,
    /// The back office the fleet moves to (default `new`).
    pub new: String,
}

impl Default for BackOffices {
    fn default() -> BackOffices {
        BackOffices {
            old: "old".to_owned(),
            new: "new".to_owned(),
        }
    }
}

/// One row: a charge point identity and the back office it is routed to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The charge point identity (its id in the fleet, the OCPP identity).
    pub identity: CompactString,
    /// The back office's name.
    pub back_office: CompactString,
}

/// A phase of the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PhaseInfo {
    /// The phase number: 0 all old, 1 the pilot, 2.. the waves.
    pub phase: u32,
    /// `all old`, `pilot` or `wave N`.
    pub name: String,
}

/// The phase in which one charge point moves to the new back office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// The charge point identity.
    pub identity: CompactString,
    /// Its migration unit.
    pub unit: CompactString,
    /// The phase (1 or more) from which it is routed to the new back office.
    pub phase: u32,
}

/// The routing table of every phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingTable {
    /// The back offices.
    pub back_offices: BackOffices,
    /// The phases, from 0.
    pub phases: Vec<PhaseInfo>,
    /// Per charge point identity (sorted), the phase it moves in.
    pub assignments: Vec<Assignment>,
}

impl RoutingTable {
    /// The table for `units` where unit `i` moves in phase `unit_phase[i]` (a unit without a
    /// phase is left out), with `waves` waves after the pilot.
    ///
    /// # Complexity
    /// O(C log C) for C charge points.
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// use chargeshift_planner::cutover::units::MigrationUnit;
    /// let u = |id: &str, cps: &[&str]| MigrationUnit { id: id.into(), charge_points: cps.iter().map(|&s| s.into()).collect(), sites: vec![], size: cps.len() };
    /// let t = RoutingTable::build(&[u("U0001", &["A", "B"]), u("U0002", &["C"])], &[2, 1], 1, BackOffices::default());
    /// assert_eq!(t.phases.len(), 3);
    /// assert_eq!(t.back_office("A", 1), Some("old"));
    /// assert_eq!(t.back_office("C", 1), Some("new"));
    /// assert_eq!(t.back_office("A", 2), Some("new"));
    /// ```
    #[must_use]
    pub fn build(
        units: &[MigrationUnit],
        unit_phase: &[u32],
        waves: u32,
        back_offices: BackOffices,
    ) -> RoutingTable {
        let mut phases = vec![
            PhaseInfo {
                phase: 0,
                name: "all old".to_owned(),
            },
            PhaseInfo {
                phase: 1,
                name: "pilot".to_owned(),
            },
        ];
        phases.extend((1..=waves).map(|w| PhaseInfo {
            phase: w + 1,
            name: format!("wave {w}"),
        }));
        // sorted as (key, unit, position) first, 32 bytes a row moved by the sort instead of a
        // whole assignment, the identities compared as numbers where their first 16 bytes
        // differ; then each row built once in its place. Equal identities (a charge point in
        // two units) keep the units' order: an unstable sort with the unit as the tie-break
        let mut order: Vec<IdKey> = Vec::new();
        for (k, (u, _)) in units.iter().zip(unit_phase).enumerate() {
            order.extend(id_keys(u, k));
        }
        sort_id_keys(units, &mut order);
        let mut assignments: Vec<Assignment> = Vec::with_capacity(order.len());
        for row in &order {
            let k = row.1 as usize;
            if let (Some(u), Some(&phase)) = (units.get(k), unit_phase.get(k)) {
                assignments.push(Assignment {
                    identity: CompactString::new(id_at(units, row)),
                    unit: u.id.clone(),
                    phase,
                });
            }
        }
        RoutingTable {
            back_offices,
            phases,
            assignments,
        }
    }

    /// The last phase (the version of the table when every wave is done).
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// assert_eq!(RoutingTable::build(&[], &[], 3, BackOffices::default()).last_phase(), 4);
    /// ```
    #[must_use]
    pub fn last_phase(&self) -> u32 {
        self.phases.last().map_or(0, |p| p.phase)
    }

    /// The back office of `identity` in `phase`, if the table has the identity.
    /// O(log C).
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// assert_eq!(RoutingTable::build(&[], &[], 0, BackOffices::default()).back_office("X", 1), None);
    /// ```
    #[must_use]
    pub fn back_office(&self, identity: &str, phase: u32) -> Option<&str> {
        let i = self
            .assignments
            .binary_search_by(|a| a.identity.as_str().cmp(identity))
            .ok()?;
        self.assignments.get(i).map(|a| self.of(a, phase))
    }

    fn of(&self, a: &Assignment, phase: u32) -> &str {
        if a.phase <= phase {
            &self.back_offices.new
        } else {
            &self.back_offices.old
        }
    }

    /// Every row of `phase`, by identity. O(C).
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// use chargeshift_planner::cutover::units::MigrationUnit;
    /// let u = MigrationUnit { id: "U0001".into(), charge_points: vec!["A".into()], sites: vec![], size: 1 };
    /// let t = RoutingTable::build(&[u], &[1], 0, BackOffices::default());
    /// assert_eq!(t.rows(0)[0].back_office, "old");
    /// assert_eq!(t.rows(1)[0].back_office, "new");
    /// ```
    #[must_use]
    pub fn rows(&self, phase: u32) -> Vec<Route> {
        self.assignments
            .iter()
            .map(|a| Route {
                identity: a.identity.clone(),
                back_office: CompactString::new(self.of(a, phase)),
            })
            .collect()
    }

    /// The rows that undo `phase`: every charge point that moves in it, back on the old back
    /// office. Applied over [`RoutingTable::rows`] of `phase` with [`apply`] they give the rows
    /// of `phase − 1` exactly. O(C).
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{apply, BackOffices, RoutingTable};
    /// use chargeshift_planner::cutover::units::MigrationUnit;
    /// let u = |id: &str, cp: &str| MigrationUnit { id: id.into(), charge_points: vec![cp.into()], sites: vec![], size: 1 };
    /// let t = RoutingTable::build(&[u("U0001", "A"), u("U0002", "B")], &[1, 2], 1, BackOffices::default());
    /// assert_eq!(t.rollback(2).len(), 1);
    /// assert_eq!(apply(&t.rows(2), &t.rollback(2)), t.rows(1));
    /// ```
    #[must_use]
    pub fn rollback(&self, phase: u32) -> Vec<Route> {
        let old = CompactString::new(&self.back_offices.old);
        self.assignments
            .iter()
            .filter(|a| a.phase == phase)
            .map(|a| Route {
                identity: a.identity.clone(),
                back_office: old.clone(),
            })
            .collect()
    }

    /// The CSV of every phase: header `phase,identity,back_office`, then the rows of phase 0,
    /// 1, ... each by identity. Fields with a comma, quote or line break are quoted.
    ///
    /// # Complexity
    /// O(phases × C).
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// use chargeshift_planner::cutover::units::MigrationUnit;
    /// let u = MigrationUnit { id: "U0001".into(), charge_points: vec!["NL*A,1".into()], sites: vec![], size: 1 };
    /// let t = RoutingTable::build(&[u], &[1], 0, BackOffices::default());
    /// assert_eq!(t.to_csv(), "phase,identity,back_office\n0,\"NL*A,1\",old\n1,\"NL*A,1\",new\n");
    /// ```
    #[must_use]
    pub fn to_csv(&self) -> String {
        let mut out = String::from("phase,identity,back_office\n");
        for p in &self.phases {
            for a in &self.assignments {
                out.push_str(&p.phase.to_string());
                out.push(',');
                out.push_str(&csv_field(&a.identity));
                out.push(',');
                out.push_str(&csv_field(self.of(a, p.phase)));
                out.push('\n');
            }
        }
        out
    }

    /// The problems of this table against `units`: a charge point left on the old back office
    /// while the rest of its unit moves (or moved in another phase), a charge point of a unit
    /// missing from the table, an identity that is in no unit or in the table twice, a phase
    /// the table does not have. Empty for a valid table.
    ///
    /// # Complexity
    /// O(C) expected (one hash look-up per charge point) for a sorted table, as
    /// [`RoutingTable::build`] makes it; O(C log C) to sort one that is not.
    ///
    /// ```
    /// use chargeshift_planner::cutover::routing::{BackOffices, RoutingTable};
    /// use chargeshift_planner::cutover::units::MigrationUnit;
    /// let u = MigrationUnit { id: "U0001".into(), charge_points: vec!["A".into(), "B".into()], sites: vec![], size: 2 };
    /// let mut t = RoutingTable::build(std::slice::from_ref(&u), &[1], 1, BackOffices::default());
    /// assert!(t.validate(std::slice::from_ref(&u)).is_empty());
    /// t.assignments[1].phase = 2; // B stays on the old back office in the pilot
    /// let found = t.validate(&[u]);
    /// assert_eq!(found[0].code_str(), "CO004");
    /// ```
    #[must_use]
    pub fn validate(&self, units: &[MigrationUnit]) -> Vec<Finding<CutoverCheck>> {
        let mut out = Vec::new();
        let cp = |id: &str| AssetId::new(NodeKind::ChargePoint, id);
        // the assignments by identity (a built table is sorted already: no copy then)
        let sorted_refs: Vec<&Assignment>;
        let by_id: &[Assignment];
        let refs: Vec<&Assignment> = if self
            .assignments
            .is_sorted_by(|a, b| cmp_ids(&a.identity, &b.identity).is_le())
        {
            by_id = &self.assignments;
            Vec::new()
        } else {
            by_id = &[];
            sorted_refs = {
                let mut r: Vec<&Assignment> = self.assignments.iter().collect();
                r.sort_by(|a, b| a.identity.cmp(&b.identity));
                r
            };
            sorted_refs
        };
        let len = if refs.is_empty() {
            by_id.len()
        } else {
            refs.len()
        };
        let at = |i: usize| -> Option<&Assignment> {
            if refs.is_empty() {
                by_id.get(i)
            } else {
                refs.get(i).copied()
            }
        };
        // the first index of every identity's run
        let mut starts: Vec<usize> = Vec::with_capacity(len);
        for i in 0..len {
            let new_run = i == 0 || at(i - 1).map(|a| &a.identity) != at(i).map(|a| &a.identity);
            if new_run {
                starts.push(i);
            }
        }
        let last = self.last_phase();
        for (k, &s) in starts.iter().enumerate() {
            let e = starts.get(k + 1).copied().unwrap_or(len);
            let Some(first) = at(s) else { continue };
            let id = first.identity.as_str();
            if e - s > 1 {
                out.push(
                    Finding::new(
                        CutoverCheck::RoutingUnknown,
                        Severity::Error,
                        format!("charge point {id} is in the routing table {} times", e - s),
                    )
                    .with_asset_ids(vec![cp(id)]),
                );
            }
            for a in (s..e).filter_map(&at) {
                if a.phase == 0 || a.phase > last {
                    out.push(
                        Finding::new(
                            CutoverCheck::RoutingUnknown,
                            Severity::Error,
                            format!(
                                "charge point {id} moves in phase {}, the table has phases 1 to {last}",
                                a.phase
                            ),
                        )
                        .with_asset_ids(vec![cp(id)]),
                    );
                }
            }
        }
        // the run of an identity and its phase, by a hash map over the run starts (a binary
        // search per charge point made most of the validation's time, its string comparisons
        // each a cache miss on a large table); the phase kept beside the run, so that a
        // look-up does not read the table again
        let mut runs: HashMap<&str, (u32, u32), FixedState> =
            HashMap::with_capacity_and_hasher(starts.len(), FixedState::default());
        for (r, &s) in starts.iter().enumerate() {
            if let Some(a) = at(s) {
                runs.insert(
                    a.identity.as_str(),
                    (u32::try_from(r).unwrap_or(u32::MAX), a.phase),
                );
            }
        }
        let run_of = |id: &str| -> Option<(usize, u32)> {
            runs.get(id).map(|&(r, phase)| (r as usize, phase))
        };
        let mut in_units = vec![false; starts.len()];
        // the phase of each charge point of a unit, reused from unit to unit
        let mut phases: Vec<(u32, &str)> = Vec::new();
        for u in units {
            phases.clear();
            for id in &u.charge_points {
                match run_of(id) {
                    Some((r, phase)) => {
                        if let Some(x) = in_units.get_mut(r) {
                            *x = true;
                        }
                        phases.push((phase, id));
                    }
                    None => out.push(
                        Finding::new(
                            CutoverCheck::RoutingMissing,
                            Severity::Error,
                            format!(
                                "charge point {id} of unit {} is not in the routing table",
                                u.id
                            ),
                        )
                        .with_asset_ids(vec![cp(id)]),
                    ),
                }
            }
            let Some(&(p0, _)) = phases.first() else {
                continue;
            };
            if phases.iter().all(|&(p, _)| p == p0) {
                continue;
            }
            // by phase, then in unit order: the earliest phase moves, the others stay
            phases.sort_by_key(|&(p, _)| p);
            let first = phases.first().map_or(0, |&(p, _)| p);
            let moving = phases.iter().filter(|&&(p, _)| p == first).count();
            let left: Vec<&str> = phases
                .iter()
                .filter(|&&(p, _)| p != first)
                .map(|&(_, id)| id)
                .collect();
            out.push(
                Finding::new(
                    CutoverCheck::SplitUnit,
                    Severity::Error,
                    format!(
                        "unit {} is split: {moving} of its charge points move in phase {first}, {} ({}) stay on {} then",
                        u.id,
                        left.len(),
                        left.join(", "),
                        self.back_offices.old
                    ),
                )
                .with_asset_ids(left.iter().map(|id| cp(id)).collect()),
            );
        }
        for (r, &s) in starts.iter().enumerate() {
            if !in_units.get(r).copied().unwrap_or(true)
                && let Some(a) = at(s)
            {
                out.push(
                    Finding::new(
                        CutoverCheck::RoutingUnknown,
                        Severity::Error,
                        format!(
                            "charge point {} of the routing table is in no migration unit",
                            a.identity
                        ),
                    )
                    .with_asset_ids(vec![cp(&a.identity)]),
                );
            }
        }
        out
    }
}

/// `rows` with every row of `changes` replacing the row of the same identity (rows of
/// identities not in `rows` are added), by identity. O((R + K) log(R + K)).
///
/// ```
/// use chargeshift_planner::cutover::routing::{apply, Route};
/// let r = |i: &str, b: &str| Route { identity: i.into(), back_office: b.into() };
/// assert_eq!(apply(&[r("A", "new"), r("B", "new")], &[r("B", "old")]), [r("A", "new"), r("B", "old")]);
/// ```
#[must_use]
pub fn apply(rows: &[Route], changes: &[Route]) -> Vec<Route> {
    let mut m: BTreeMap<&CompactString, &CompactString> =
        rows.iter().map(|r| (&r.identity, &r.back_office)).collect();
    for c in changes {
        m.insert(&c.identity, &c.back_office);
    }
    m.into_iter()
        .map(|(i, b)| Route {
            identity: i.clone(),
            back_office: b.clone(),
        })
        .collect()
}

fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, cps: &[&str]) -> MigrationUnit {
        MigrationUnit {
            id: id.into(),
            charge_points: cps.iter().map(|&s| s.into()).collect(),
            sites: vec![],
            size: cps.len(),
        }
    }

    #[test]
    fn ids_longer_than_the_key_and_ids_with_zero_bytes_are_told_apart() {
        // four ids share their first 16 bytes; two differ only by a trailing zero byte
        let long = "NL*ACME*E0000000000001";
        let long2 = "NL*ACME*E0000000000002";
        let units = [
            unit("U0001", &[long, long2, "NL*ACME*E0000000"]),
            unit("U0002", &["AB", "AB\u{0}"]),
        ];
        let mut t = RoutingTable::build(&units, &[1, 2], 1, BackOffices::default());
        let order: Vec<&str> = t.assignments.iter().map(|a| a.identity.as_str()).collect();
        let mut expected = vec![long, long2, "NL*ACME*E0000000", "AB", "AB\u{0}"];
        expected.sort_unstable();
        assert_eq!(order, expected);
        assert!(t.validate(&units).is_empty());
        // the second long id stays behind, the zero-byte id moves a phase early
        for a in &mut t.assignments {
            if a.identity == long2 {
                a.phase = 2;
            }
            if a.identity == "AB\u{0}" {
                a.phase = 1;
            }
        }
        let found = t.validate(&units);
        let split: Vec<&str> = found
            .iter()
            .filter(|f| f.code_str() == "CO004")
            .flat_map(|f| f.assets.iter().map(|a| a.id.as_str()))
            .collect();
        assert_eq!(split, [long2, "AB"], "{found:?}");
        // an id of the table in no unit, an id of a unit missing from the table
        t.assignments.retain(|a| a.identity != long);
        let found = t.validate(&[unit("U0001", &[long, long2, "NL*ACME*E0000000"])]);
        let codes: Vec<&str> = found.iter().map(|f| f.code_str()).collect();
        assert!(
            codes.contains(&"CO005") && codes.contains(&"CO006"),
            "{codes:?}"
        );
    }

    #[test]
    fn rollback_of_every_phase_restores_the_previous_one() {
        let units = [
            unit("U0001", &["A", "B"]),
            unit("U0002", &["C"]),
            unit("U0003", &["D", "E"]),
        ];
        let t = RoutingTable::build(&units, &[2, 1, 3], 2, BackOffices::default());
        assert!(t.validate(&units).is_empty());
        for p in 1..=t.last_phase() {
            assert_eq!(
                apply(&t.rows(p), &t.rollback(p)),
                t.rows(p - 1),
                "phase {p}"
            );
        }
        assert!(t.rows(0).iter().all(|r| r.back_office == "old"));
        assert!(t.rows(3).iter().all(|r| r.back_office == "new"));
        let csv = t.to_csv();
        assert_eq!(csv.lines().count(), 1 + 4 * 5);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<RoutingTable>(&json).unwrap(), t);
    }

    #[test]
    fn invalid_tables_are_reported() {
        let units = [unit("U0001", &["A", "B"]), unit("U0002", &["C"])];
        let mut t = RoutingTable::build(&units, &[1, 2], 1, BackOffices::default());
        t.assignments.retain(|a| a.identity != "C");
        t.assignments.push(Assignment {
            identity: "Z".into(),
            unit: "U0009".into(),
            phase: 7,
        });
        if let Some(b) = t.assignments.iter_mut().find(|a| a.identity == "B") {
            b.phase = 2;
        }
        let codes: Vec<&str> = t.validate(&units).iter().map(Finding::code_str).collect();
        assert_eq!(codes, ["CO006", "CO004", "CO005", "CO006"]);
        let split = &t.validate(&units)[1];
        assert_eq!(split.assets, [AssetId::new(NodeKind::ChargePoint, "B")]);
        assert!(
            split.message.contains("unit U0001 is split"),
            "{}",
            split.message
        );
    }
}
