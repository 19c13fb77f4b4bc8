//! Reconciliation against planted differences: a generated fleet, a copy with differences of
//! every kind planted (and the findings each one must give), compared both ways.

use std::collections::HashSet;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::Mode;
use chargeshift_graph::{
    CardStatus, ChargeGroupType, Coordinates, Customer, Fleet, LinkKind, NodeData, NodeDataMut,
    NodeIndex, NodeKind, UserGroup,
};
use chargeshift_planner::reconcile::compare::{
    CompareOptions, Difference, IdMap, ReconcileCheck, Tolerances, compare, compare_with, sort,
};
use chargeshift_planner::reconcile::report::{
    Evidence, HistoryCounts, ProofKind, ProofStatus, ReportOptions, json_schema, markdown, report,
};
use chargeshift_planner::reconcile::{ReconcileError, Side, load_fleet};
use proptest::prelude::*;

/// A difference as the tests compare it: code, kind, field, old value, new value.
type Key = (
    ReconcileCheck,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn key(d: &Difference) -> Key {
    (
        d.finding.code,
        d.kind.clone(),
        d.field.clone(),
        d.old.clone(),
        d.new.clone(),
    )
}

fn keys(ds: &[Difference]) -> Vec<Key> {
    let mut k: Vec<Key> = ds.iter().map(key).collect();
    k.sort();
    k
}

fn s(x: &str) -> Option<String> {
    Some(x.to_owned())
}

fn small_fleet(charge_points: usize, seed: u64) -> Fleet {
    generate_fleet(&FleetSpec::new(charge_points).seed(seed))
        .map(|i| i.fleet)
        .unwrap_or_default()
}

/// The planter: a copy of `old` with differences planted by the choices `picks`, the mapping
/// of the ids it renumbered, and the findings expected.
struct Planter<'a> {
    old: &'a Fleet,
    new: Fleet,
    map: IdMap,
    expected: Vec<Key>,
    /// Old nodes an earlier plant has touched (itself or as a neighbour): a later plant leaves
    /// them alone, so that every expected finding comes from one plant.
    touched: HashSet<NodeIndex>,
    /// Old nodes removed from the new fleet.
    removed: HashSet<NodeIndex>,
    picks: Vec<usize>,
    next: usize,
    planted: usize,
}

impl<'a> Planter<'a> {
    fn new(old: &'a Fleet, picks: Vec<usize>) -> Planter<'a> {
        Planter {
            old,
            new: old.clone(),
            map: IdMap::new(),
            expected: Vec::new(),
            touched: HashSet::new(),
            removed: HashSet::new(),
            picks,
            next: 0,
            planted: 0,
        }
    }

    fn pick(&mut self) -> usize {
        let p = self.picks.get(self.next % self.picks.len().max(1)).copied();
        self.next += 1;
        p.unwrap_or(0) + self.next
    }

    /// An untouched old node of `kind` that `ok` accepts, chosen by the next pick.
    fn choose(
        &mut self,
        kind: NodeKind,
        ok: impl Fn(&Fleet, NodeIndex) -> bool,
    ) -> Option<NodeIndex> {
        let c: Vec<NodeIndex> = self
            .old
            .nodes_of_kind(kind)
            .map(|(ix, _)| ix)
            .filter(|ix| !self.touched.contains(ix) && ok(self.old, *ix))
            .collect();
        if c.is_empty() {
            return None;
        }
        let i = self.pick() % c.len();
        c.get(i).copied()
    }

    fn touch(&mut self, ix: NodeIndex) {
        self.touched.insert(ix);
    }

    fn touch_with_neighbours(&mut self, ix: NodeIndex) {
        self.touch(ix);
        let n: Vec<NodeIndex> = self
            .old
            .links_of(ix)
            .filter(|l| l.link.kind != LinkKind::UserGroup)
            .map(|l| l.other(ix))
            .collect();
        self.touched.extend(n);
    }

    /// The node of the new fleet for the old node `ix` (not renumbered).
    fn in_new(&self, ix: NodeIndex) -> Option<NodeIndex> {
        let kind = self.old.kind(ix)?;
        self.new.find(kind, self.old.id(ix))
    }

    fn link_shown(f: &Fleet, s: NodeIndex, t: NodeIndex) -> Option<String> {
        Some(format!("{} -> {}", f.id(s), f.id(t)))
    }

    /// Removes an asset of `kind` from the new fleet: it is missing, every link it had is lost.
    fn remove(&mut self, kind: NodeKind) {
        let Some(ix) = self.choose(kind, |_, _| true) else {
            return;
        };
        self.touch_with_neighbours(ix);
        for l in self.old.links_of(ix) {
            if l.link.kind != LinkKind::UserGroup {
                self.expected.push((
                    ReconcileCheck::LinkLost,
                    l.link.kind.as_str().to_owned(),
                    None,
                    Self::link_shown(self.old, l.source, l.target),
                    None,
                ));
            }
        }
        self.expected.push((
            ReconcileCheck::MissingInNew,
            kind.as_str().to_owned(),
            None,
            s(self.old.id(ix)),
            None,
        ));
        if let Some(n) = self.in_new(ix) {
            self.new.remove_node(n);
        }
        self.removed.insert(ix);
        self.planted += 1;
    }

    /// Adds a customer to the new fleet, linked to an untouched charge point.
    fn add_customer(&mut self) {
        let Some(cp) = self.choose(NodeKind::ChargePoint, |_, _| true) else {
            return;
        };
        self.touch(cp);
        let id = format!("PLANTED-CU{}", self.planted);
        let Some(ncp) = self.in_new(cp) else {
            return;
        };
        let Some(ug) = self.new.user_group_of(ncp) else {
            return;
        };
        let Ok(cu) = self.new.add_asset(&id, Customer::default(), ug) else {
            return;
        };
        if self
            .new
            .add_link(cu, ncp, LinkKind::CustomerChargePoint)
            .is_err()
        {
            return;
        }
        self.expected.push((
            ReconcileCheck::ExtraInNew,
            "customer".to_owned(),
            None,
            None,
            s(&id),
        ));
        self.expected.push((
            ReconcileCheck::LinkAdded,
            "customer_charge_point".to_owned(),
            None,
            None,
            s(&format!("{id} -> {}", self.old.id(cp))),
        ));
        self.planted += 1;
    }

    /// Adds a user group under an existing one.
    fn add_user_group(&mut self) {
        let Some(parent) = self.choose(NodeKind::UserGroup, |_, _| true) else {
            return;
        };
        let id = format!("PLANTED-UG{}", self.planted);
        let Some(np) = self.in_new(parent) else {
            return;
        };
        if self
            .new
            .add_user_group(&id, UserGroup::default(), Some(np))
            .is_err()
        {
            return;
        }
        self.expected.push((
            ReconcileCheck::ExtraInNew,
            "user_group".to_owned(),
            None,
            None,
            s(&id),
        ));
        self.expected.push((
            ReconcileCheck::LinkAdded,
            "parent_group".to_owned(),
            None,
            None,
            s(&format!("{id} -> {}", self.old.id(parent))),
        ));
        self.planted += 1;
    }

    /// Cuts the outgoing link of `kind` of an untouched source of `source` kind.
    fn cut(&mut self, source: NodeKind, kind: LinkKind) {
        let Some(a) = self.choose(source, |f, ix| f.target_of(ix, kind).is_some()) else {
            return;
        };
        let Some(b) = self.old.target_of(a, kind) else {
            return;
        };
        if self.touched.contains(&b) {
            return;
        }
        self.touch(a);
        self.touch(b);
        let (Some(na), Some(nb)) = (self.in_new(a), self.in_new(b)) else {
            return;
        };
        if self.new.cut_link(na, nb, kind) == 0 {
            return;
        }
        self.expected.push((
            ReconcileCheck::LinkLost,
            kind.as_str().to_owned(),
            None,
            Self::link_shown(self.old, a, b),
            None,
        ));
        self.planted += 1;
    }

    /// Adds a customer–charge group link that the old fleet does not have.
    fn link_customer_group(&mut self) {
        let Some(cu) = self.choose(NodeKind::Customer, |_, _| true) else {
            return;
        };
        let old = self.old;
        let Some(cg) = self.choose(NodeKind::ChargeGroup, |f, g| {
            !f.linked(g, LinkKind::CustomerChargeGroup).any(|c| c == cu)
        }) else {
            return;
        };
        self.touch(cu);
        self.touch(cg);
        let (Some(a), Some(b)) = (self.in_new(cu), self.in_new(cg)) else {
            return;
        };
        if self
            .new
            .add_link(a, b, LinkKind::CustomerChargeGroup)
            .is_err()
        {
            return;
        }
        self.expected.push((
            ReconcileCheck::LinkAdded,
            "customer_charge_group".to_owned(),
            None,
            None,
            s(&format!("{} -> {}", old.id(cu), old.id(cg))),
        ));
        self.planted += 1;
    }

    /// Moves an untouched asset of `kind` to another user group.
    fn move_owner(&mut self, kind: NodeKind) {
        let Some(a) = self.choose(kind, |_, _| true) else {
            return;
        };
        let Some(from) = self.old.user_group_of(a) else {
            return;
        };
        let Some(to) = self.choose(NodeKind::UserGroup, |_, u| u != from) else {
            return;
        };
        self.touch(a);
        let (Some(na), Some(nt)) = (self.in_new(a), self.in_new(to)) else {
            return;
        };
        if self.new.set_user_group(na, nt).is_err() {
            return;
        }
        self.expected.push((
            ReconcileCheck::UserGroup,
            kind.as_str().to_owned(),
            s("user_group"),
            s(self.old.id(from)),
            s(self.old.id(to)),
        ));
        self.planted += 1;
    }

    /// Points an untouched source's link of `kind` (tariff, parameter set) to another target.
    fn retarget(
        &mut self,
        source: NodeKind,
        target: NodeKind,
        kind: LinkKind,
        code: ReconcileCheck,
        field: &str,
    ) {
        let Some(a) = self.choose(source, |f, ix| f.target_of(ix, kind).is_some()) else {
            return;
        };
        let Some(from) = self.old.target_of(a, kind) else {
            return;
        };
        // the target need not be untouched (a source untouched is not a neighbour of a removed
        // node, so its old target is in the new fleet), only not removed
        let removed = self.removed.clone();
        let candidates: Vec<NodeIndex> = self
            .old
            .nodes_of_kind(target)
            .map(|(ix, _)| ix)
            .filter(|t| *t != from && !removed.contains(t))
            .collect();
        if candidates.is_empty() {
            return;
        }
        let i = self.pick() % candidates.len();
        let Some(&to) = candidates.get(i) else {
            return;
        };
        self.touch(a);
        let (Some(na), Some(nt)) = (self.in_new(a), self.in_new(to)) else {
            return;
        };
        if self.new.replace_out_link(na, nt, kind).is_err() {
            return;
        }
        self.expected.push((
            code,
            source.as_str().to_owned(),
            s(field),
            s(self.old.id(from)),
            s(self.old.id(to)),
        ));
        self.planted += 1;
    }

    /// Changes one attribute of an untouched node of `kind`; `change` edits the data and
    /// returns the old and new values, or `None` when it cannot apply.
    fn attribute(
        &mut self,
        kind: NodeKind,
        code: ReconcileCheck,
        field: &str,
        change: impl Fn(NodeDataMut<'_>) -> Option<(Option<String>, Option<String>)>,
    ) {
        let Some(a) = self.choose(kind, |_, _| true) else {
            return;
        };
        self.touch(a);
        let Some(na) = self.in_new(a) else {
            return;
        };
        let Some(data) = self.new.node_data_mut(na) else {
            return;
        };
        if let Some((o, n)) = change(data) {
            if o != n {
                self.expected
                    .push((code, kind.as_str().to_owned(), s(field), o, n));
            }
            self.planted += 1;
        }
    }

    /// Moves an untouched location's coordinates north by `dlat` degrees: a drift when that is
    /// beyond the tolerance.
    fn nudge(&mut self, dlat: f64, tolerance_m: f64) {
        let Some(a) = self.choose(NodeKind::Location, |f, ix| {
            matches!(f.node(ix).map(|n| &n.data), Some(NodeData::Location(l)) if l.coordinates.is_some())
        }) else {
            return;
        };
        self.touch(a);
        let Some(na) = self.in_new(a) else {
            return;
        };
        let Some(NodeDataMut::Location(l)) = self.new.node_data_mut(na) else {
            return;
        };
        let Some(c) = l.coordinates else {
            return;
        };
        let moved = Coordinates {
            latitude: c.latitude + dlat,
            longitude: c.longitude,
        };
        l.coordinates = Some(moved);
        let d = chargeshift_planner::reconcile::compare::distance_m(c, moved);
        if d > tolerance_m {
            let show = |c: Coordinates| format!("{},{}", c.latitude, c.longitude);
            self.expected.push((
                ReconcileCheck::Coordinates,
                "location".to_owned(),
                s("coordinates"),
                Some(show(c)),
                Some(show(moved)),
            ));
        }
        self.planted += 1;
    }

    /// Renumbers an untouched asset of `kind` in the new fleet (every link kept) and maps it.
    fn renumber(&mut self, kind: NodeKind) {
        let Some(a) = self.choose(kind, |_, _| true) else {
            return;
        };
        self.touch_with_neighbours(a);
        let Some(na) = self.in_new(a) else {
            return;
        };
        let new_id = format!("RENUMBERED-{}", self.old.id(a));
        let (Some(node), Some(ug)) = (self.new.node(na).cloned(), self.new.user_group_of(na))
        else {
            return;
        };
        let links: Vec<_> = self
            .new
            .links_of(na)
            .filter(|l| l.link.kind != LinkKind::UserGroup)
            .collect();
        self.new.remove_node(na);
        let Ok(nb) = self.new.add_asset(&new_id, node.data, ug) else {
            return;
        };
        for l in links {
            let (s, t) = if l.source == na {
                (nb, l.target)
            } else {
                (l.source, nb)
            };
            let _ = self.new.insert_link(s, t, l.link);
        }
        let _ = self.map.insert(kind, self.old.id(a), &new_id);
        self.planted += 1;
    }

    /// Plants one difference of every kind.
    fn plant_all(mut self, tolerance_m: f64) -> Planted {
        for kind in [
            NodeKind::Customer,
            NodeKind::ChargeCard,
            NodeKind::ChargePoint,
            NodeKind::Location,
            NodeKind::ChargeGroup,
            NodeKind::Tariff,
            NodeKind::ParameterSet,
        ] {
            self.remove(kind);
        }
        self.add_customer();
        self.add_user_group();
        self.cut(NodeKind::ChargeCard, LinkKind::CardCustomer);
        self.cut(NodeKind::ChargePoint, LinkKind::ChargePointLocation);
        self.cut(NodeKind::ChargeGroup, LinkKind::ChargeGroupTariff);
        self.link_customer_group();
        self.move_owner(NodeKind::ChargePoint);
        self.move_owner(NodeKind::Customer);
        self.retarget(
            NodeKind::ChargeGroup,
            NodeKind::Tariff,
            LinkKind::ChargeGroupTariff,
            ReconcileCheck::Tariff,
            "tariff",
        );
        self.retarget(
            NodeKind::ChargePoint,
            NodeKind::ParameterSet,
            LinkKind::ChargePointParameterSet,
            ReconcileCheck::ParameterSet,
            "parameter_set",
        );
        let flip = |b: &mut bool| {
            let o = *b;
            *b = !o;
            Some((Some(o.to_string()), Some((!o).to_string())))
        };
        self.attribute(
            NodeKind::UserGroup,
            ReconcileCheck::Provider,
            "is_provider",
            |d| match d {
                NodeDataMut::UserGroup(u) => flip(&mut u.is_provider),
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargeGroup,
            ReconcileCheck::ChargeGroupType,
            "type",
            |d| match d {
                NodeDataMut::ChargeGroup(g) => {
                    let o = g.group_type;
                    g.group_type = match o {
                        ChargeGroupType::Home => ChargeGroupType::Other,
                        _ => ChargeGroupType::Home,
                    };
                    Some((s(o.as_str()), s(g.group_type.as_str())))
                }
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargeGroup,
            ReconcileCheck::AllCustomers,
            "all_customers",
            |d| match d {
                NodeDataMut::ChargeGroup(g) => flip(&mut g.all_customers),
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargeGroup,
            ReconcileCheck::Roaming,
            "roaming",
            |d| match d {
                NodeDataMut::ChargeGroup(g) => flip(&mut g.roaming),
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargeCard,
            ReconcileCheck::CardStatus,
            "status",
            |d| match d {
                NodeDataMut::ChargeCard(c) => {
                    let o = c.status;
                    c.status = if o == CardStatus::Blocked {
                        CardStatus::Active
                    } else {
                        CardStatus::Blocked
                    };
                    Some((s(o.as_str()), s(c.status.as_str())))
                }
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargeCard,
            ReconcileCheck::ContractId,
            "contract_id",
            |d| match d {
                NodeDataMut::ChargeCard(c) => {
                    let o = c.contract_id.as_deref().map(str::to_owned);
                    c.contract_id = Some("NL-PLANTED-C1".into());
                    Some((o, s("NL-PLANTED-C1")))
                }
                _ => None,
            },
        );
        type Field = fn(
            &mut chargeshift_graph::ChargePoint,
        ) -> &mut Option<chargeshift_graph::CompactString>;
        let fields: [(ReconcileCheck, &str, Field); 4] = [
            (ReconcileCheck::Vendor, "vendor", |c| &mut c.vendor),
            (ReconcileCheck::Model, "model", |c| &mut c.model),
            (ReconcileCheck::Firmware, "firmware", |c| &mut c.firmware),
            (ReconcileCheck::Serial, "serial", |c| &mut c.serial),
        ];
        for (code, field, get) in fields {
            self.attribute(NodeKind::ChargePoint, code, field, move |d| match d {
                NodeDataMut::ChargePoint(c) => {
                    let f = get(c);
                    let o = f.as_deref().map(str::to_owned);
                    *f = Some("planted".into());
                    Some((o, s("planted")))
                }
                _ => None,
            });
        }
        self.attribute(
            NodeKind::ChargePoint,
            ReconcileCheck::Connectors,
            "evse_count",
            |d| match d {
                NodeDataMut::ChargePoint(c) => {
                    let o = c.evse_count;
                    c.evse_count = o.wrapping_add(1);
                    Some((Some(o.to_string()), Some(c.evse_count.to_string())))
                }
                _ => None,
            },
        );
        self.attribute(
            NodeKind::ChargePoint,
            ReconcileCheck::Connectors,
            "connector_count",
            |d| match d {
                NodeDataMut::ChargePoint(c) => {
                    let o = c.connector_count;
                    c.connector_count = o.wrapping_add(2);
                    Some((Some(o.to_string()), Some(c.connector_count.to_string())))
                }
                _ => None,
            },
        );
        self.attribute(
            NodeKind::Location,
            ReconcileCheck::Address,
            "address",
            |d| match d {
                NodeDataMut::Location(l) => {
                    let o = l.address.as_deref().map(str::to_owned);
                    l.address = Some("Planted 1".into());
                    Some((o, s("Planted 1")))
                }
                _ => None,
            },
        );
        self.attribute(
            NodeKind::Location,
            ReconcileCheck::Address,
            "city",
            |d| match d {
                NodeDataMut::Location(l) => {
                    let o = l.city.as_deref().map(str::to_owned);
                    l.city = None;
                    Some((o, None))
                }
                _ => None,
            },
        );
        // about 111 m: beyond the tolerance; about 11 m: within it
        self.nudge(0.001, tolerance_m);
        self.nudge(0.0001, tolerance_m);
        self.renumber(NodeKind::ChargePoint);
        self.renumber(NodeKind::Customer);
        let mut expected = self.expected;
        expected.sort();
        Planted {
            new: self.new,
            map: self.map,
            expected,
            planted: self.planted,
        }
    }
}

struct Planted {
    new: Fleet,
    map: IdMap,
    expected: Vec<Key>,
    planted: usize,
}

fn mirrored(ds: &[Difference]) -> Vec<Difference> {
    let mut m: Vec<Difference> = ds.iter().map(Difference::mirrored).collect();
    sort(&mut m);
    m
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Reconciliation finds exactly the planted differences, and the same mirrored when the
    /// sides are swapped.
    #[test]
    fn finds_exactly_the_planted_differences(
        cps in 40usize..90,
        seed in 0u64..1000,
        picks in proptest::collection::vec(0usize..1000, 1..16),
    ) {
        let old = small_fleet(cps, seed);
        let p = Planter::new(&old, picks).plant_all(25.0);
        prop_assert!(p.planted >= 25, "only {} plants applied", p.planted);
        let t = Tolerances::default();
        let forward = compare(&old, &p.new, &p.map, &t).differences;
        prop_assert_eq!(keys(&forward), p.expected);
        let backward = compare(&p.new, &old, &p.map.swapped(), &t).differences;
        prop_assert_eq!(&backward, &mirrored(&forward));
    }

    /// A fleet compared with itself (or an exact copy) has no difference.
    #[test]
    fn identical_fleets_give_an_empty_report(cps in 1usize..40, seed in 0u64..1000) {
        let old = small_fleet(cps, seed);
        let copy = old.clone();
        let c = compare(&old, &copy, &IdMap::new(), &Tolerances::default());
        prop_assert!(c.differences.is_empty());
        let r = report(c, &ReportOptions::default());
        prop_assert_eq!(r.summary.total, 0);
        prop_assert!(r.reconciliation_complete());
    }
}

/// On fleets large enough for every plant, every code of the list is planted and found.
#[test]
fn every_code_is_planted_and_found() {
    for seed in [1, 2, 3] {
        let old = small_fleet(200, seed);
        let p = Planter::new(&old, vec![5, 17, 3, 11]).plant_all(25.0);
        let old_h = history(&old, 30, seed);
        let (new_h, expected_sessions) = plant_sessions(&old_h, &[5, 17, 3, 11, 2, 9, 21]);
        let sc = compare_sessions(&old_h, &new_h, &SessionTolerances::default());
        let forward = compare(&old, &p.new, &p.map, &Tolerances::default())
            .with_sessions(&sc, None)
            .differences;
        let mut expected = p.expected.clone();
        expected.extend(expected_sessions);
        expected.sort();
        assert_eq!(keys(&forward), expected);
        assert_eq!(p.map.len(), 2);
        let codes: HashSet<ReconcileCheck> = forward.iter().map(|d| d.finding.code).collect();
        for c in <ReconcileCheck as chargeshift_graph::FindingCode>::ALL {
            assert!(codes.contains(c), "seed {seed}: {c:?} not planted");
        }
        let back_sessions = compare_sessions(&new_h, &old_h, &SessionTolerances::default());
        let backward = compare(&p.new, &old, &p.map.swapped(), &Tolerances::default())
            .with_sessions(&back_sessions, None)
            .differences;
        assert_eq!(backward, mirrored(&forward));
    }
}

#[test]
fn a_renumbered_asset_without_the_mapping_is_missing_and_extra_with_its_links() {
    let old = small_fleet(12, 7);
    let p = Planter::new(&old, vec![3]);
    let mut p = p;
    p.renumber(NodeKind::ChargePoint);
    assert_eq!(p.map.len(), 1);
    let t = Tolerances::default();
    assert!(compare(&old, &p.new, &p.map, &t).differences.is_empty());
    let unmapped = compare(&old, &p.new, &IdMap::new(), &t).differences;
    let codes: Vec<ReconcileCheck> = unmapped.iter().map(|d| d.finding.code).collect();
    assert_eq!(
        codes
            .iter()
            .filter(|&&c| c == ReconcileCheck::MissingInNew)
            .count(),
        1
    );
    assert_eq!(
        codes
            .iter()
            .filter(|&&c| c == ReconcileCheck::ExtraInNew)
            .count(),
        1
    );
    let lost = codes
        .iter()
        .filter(|&&c| c == ReconcileCheck::LinkLost)
        .count();
    let added = codes
        .iter()
        .filter(|&&c| c == ReconcileCheck::LinkAdded)
        .count();
    assert!(lost > 0, "a charge point has links: {unmapped:?}");
    assert_eq!(lost, added);
    let extra = unmapped
        .iter()
        .find(|d| d.finding.code == ReconcileCheck::ExtraInNew)
        .and_then(|d| d.new.clone())
        .unwrap_or_default();
    assert!(extra.starts_with("RENUMBERED-"), "{extra}");
}

#[test]
fn tolerance_decides_coordinates() {
    let old = small_fleet(10, 3);
    let mut p = Planter::new(&old, vec![1]);
    p.nudge(0.001, 25.0); // about 111 m
    let d = |m: f64| {
        compare(
            &old,
            &p.new,
            &IdMap::new(),
            &Tolerances { coordinates_m: m },
        )
        .differences
    };
    assert_eq!(d(25.0).len(), 1);
    assert_eq!(d(25.0)[0].finding.code, ReconcileCheck::Coordinates);
    assert!(
        d(25.0)[0]
            .finding
            .message
            .contains("m apart (tolerance 25 m)")
    );
    assert_eq!(d(110.0).len(), 1);
    assert!(d(112.0).is_empty());
}

#[test]
fn mapping_errors_say_file_line_and_field() {
    let old = small_fleet(5, 1);
    let new = old.clone();
    let (cp, _) = old
        .nodes_of_kind(NodeKind::ChargePoint)
        .next()
        .unwrap_or_else(|| unreachable!());
    let cp = old.id(cp);
    let cp2 = old
        .nodes_of_kind(NodeKind::ChargePoint)
        .nth(1)
        .map(|(ix, _)| old.id(ix))
        .unwrap_or_else(|| unreachable!());
    let (cu, _) = old
        .nodes_of_kind(NodeKind::Customer)
        .next()
        .unwrap_or_else(|| unreachable!());
    let cu = old.id(cu);
    let cases: Vec<(String, u64, &str, &str)> = vec![
        (
            "kind,old,new\n".to_owned(),
            1,
            "header",
            "expected the header",
        ),
        (String::new(), 1, "header", "empty mapping"),
        (
            format!("kind,old_id,new_id\ncharge_point,{cp},N1\ncharge_point,{cp},N2\n"),
            3,
            "old_id",
            "duplicate",
        ),
        (
            format!(
                "kind,old_id,new_id\ncharge_point,{cp},N1\ncustomer,{cu},N1\ncharge_point,{cp2},N1\n"
            ),
            4,
            "new_id",
            "duplicate",
        ),
        (
            format!("kind,old_id,new_id\n\ncharger,{cp},N1\n"),
            3,
            "kind",
            "unknown asset kind",
        ),
        (
            format!("kind,old_id,new_id\ncustomer,{cp},N1\n"),
            2,
            "old_id",
            "is not in the old fleet",
        ),
        (
            format!("kind,old_id,new_id\ncustomer,{cu}\n"),
            2,
            "-",
            "expected 3 fields",
        ),
        (
            "kind,old_id,new_id\ncustomer,,N1\n".to_owned(),
            2,
            "old_id",
            "empty id",
        ),
    ];
    for (text, line, field, message) in cases {
        match IdMap::from_csv(&text, "ids.csv", &old, &new) {
            Err(ReconcileError::Mapping {
                file,
                line: l,
                field: f,
                message: m,
            }) => {
                assert_eq!(
                    (file.as_str(), l, f.as_str()),
                    ("ids.csv", line, field),
                    "{text:?}: {m}"
                );
                assert!(m.contains(message), "{text:?}: {m}");
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // the same old id under two kinds is two rows, and a row naming one side only is kept
    let m = IdMap::from_csv(
        &format!("kind,old_id,new_id\ncharge_point,{cp},GONE\n"),
        "ids.csv",
        &old,
        &new,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let d = compare(&old, &new, &m, &Tolerances::default()).differences;
    assert!(d.iter().any(|x| x.finding.code == ReconcileCheck::MissingInNew && x.old.as_deref() == Some(cp)));
    // CP's own id on the new side is now an asset the old side does not map to
    assert!(
        d.iter()
            .any(|x| x.finding.code == ReconcileCheck::ExtraInNew && x.new.as_deref() == Some(cp))
    );
}

#[test]
fn schema_file_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join("reconcile-report.schema.json");
    let current = json_schema();
    if std::env::var_os("CHARGESHIFT_BLESS").is_some() {
        std::fs::write(&path, &current).unwrap_or_else(|e| panic!("{e}"));
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "{} is stale: run `CHARGESHIFT_BLESS=1 cargo test -p chargeshift-planner --test reconcile schema`",
        path.display()
    );
}

#[test]
fn evidence_checklist() {
    let old = small_fleet(8, 2);
    let cmp = || compare(&old, &old, &IdMap::new(), &Tolerances::default());
    let r = report(cmp(), &ReportOptions::default());
    let status = |r: &chargeshift_planner::reconcile::report::ReconcileReport, k: ProofKind| {
        r.evidence.iter().find(|p| p.proof == k).map(|p| p.status)
    };
    assert_eq!(
        status(&r, ProofKind::ReconciliationComplete),
        Some(ProofStatus::Passed)
    );
    assert_eq!(
        status(&r, ProofKind::HistoryPreserved),
        Some(ProofStatus::Unknown)
    );
    assert_eq!(
        status(&r, ProofKind::AlertsWork),
        Some(ProofStatus::Unknown)
    );
    assert_eq!(
        status(&r, ProofKind::NoLegacyWorkflows),
        Some(ProofStatus::Unknown)
    );
    assert!(!r.decommission_backed());
    assert!(
        r.evidence
            .iter()
            .filter(|p| p.status != ProofStatus::Passed)
            .all(|p| p.missing.is_some())
    );

    let all = Evidence {
        history: Some(HistoryCounts {
            in_old: 10,
            exported: 10,
        }),
        health_report: Some("reports/wave-3-health.json".to_owned()),
        legacy_workflows_signoff: Some("ops lead, 2026-11-30".to_owned()),
    };
    let r = report(
        cmp(),
        &ReportOptions {
            evidence: all.clone(),
            ..ReportOptions::default()
        },
    );
    assert!(r.decommission_backed());
    assert!(r.decommission_backed);
    assert!(markdown(&r).contains("Decommissioning the old back office is **backed**"));

    let short = Evidence {
        history: Some(HistoryCounts {
            in_old: 10,
            exported: 9,
        }),
        ..all.clone()
    };
    let r = report(
        cmp(),
        &ReportOptions {
            evidence: short,
            ..ReportOptions::default()
        },
    );
    assert_eq!(
        status(&r, ProofKind::HistoryPreserved),
        Some(ProofStatus::Failed)
    );
    assert!(!r.decommission_backed());

    // one error difference fails reconciliation whatever the other evidence; a warning does not
    let mut new = old.clone();
    let (ix, _) = new
        .nodes_of_kind(NodeKind::ChargePoint)
        .next()
        .unwrap_or_else(|| unreachable!());
    if let Some(NodeDataMut::ChargePoint(c)) = new.node_data_mut(ix) {
        c.firmware = Some("planted".into());
    }
    let warn = compare(&old, &new, &IdMap::new(), &Tolerances::default());
    let r = report(
        warn,
        &ReportOptions {
            evidence: all.clone(),
            ..ReportOptions::default()
        },
    );
    assert_eq!((r.summary.errors, r.summary.warnings), (0, 1));
    assert!(r.decommission_backed());
    if let Some(NodeDataMut::ChargePoint(c)) = new.node_data_mut(ix) {
        c.serial = Some("planted".into());
    }
    let err = compare(&old, &new, &IdMap::new(), &Tolerances::default());
    let r = report(
        err,
        &ReportOptions {
            evidence: all,
            ..ReportOptions::default()
        },
    );
    assert_eq!(
        status(&r, ProofKind::ReconciliationComplete),
        Some(ProofStatus::Failed)
    );
    assert!(!r.decommission_backed());
}

#[test]
fn report_counts_every_finding_lists_the_first_n_and_validates_against_its_schema() {
    let old = small_fleet(30, 5);
    let empty = Fleet::new();
    let c = compare(&old, &empty, &IdMap::new(), &Tolerances::default());
    let total = c.differences.len();
    let missing_cards = c
        .differences
        .iter()
        .filter(|d| d.finding.code == ReconcileCheck::MissingInNew && d.kind == "charge_card")
        .count();
    assert!(missing_cards > 3);
    let r = report(
        c,
        &ReportOptions {
            listed_per_code: 3,
            ..ReportOptions::default()
        },
    );
    assert_eq!(r.summary.total, total);
    // the first 3 of each code are listed, in JSON too
    let mut per_code: std::collections::BTreeMap<&str, usize> = Default::default();
    for c in &r.summary.by_code {
        *per_code.entry(c.code.as_str()).or_default() += c.count;
    }
    let listed_total: usize = per_code.values().map(|&n| n.min(3)).sum();
    assert_eq!(r.findings.len(), listed_total);
    assert!(listed_total < total);
    // a comparison that keeps only the first 3 of each code gives the same report
    let bounded = compare_with(
        &old,
        &empty,
        &IdMap::new(),
        &CompareOptions {
            kept_per_code: Some(3),
            ..CompareOptions::default()
        },
    );
    assert_eq!(bounded.total(), total);
    assert_eq!(bounded.differences.len(), listed_total);
    let r2 = report(
        bounded,
        &ReportOptions {
            listed_per_code: 3,
            ..ReportOptions::default()
        },
    );
    assert_eq!(r2, r);
    let row = r
        .summary
        .by_code
        .iter()
        .find(|c| c.code == "RC001" && c.kind == "charge_card")
        .map(|c| c.count);
    assert_eq!(row, Some(missing_cards));
    assert_eq!(
        r.summary.by_code.iter().map(|c| c.count).sum::<usize>(),
        total
    );
    let md = markdown(&r);
    let rc001 = r
        .summary
        .by_code
        .iter()
        .filter(|c| c.code == "RC001")
        .map(|c| c.count)
        .sum::<usize>();
    assert!(md.contains(&format!("… and {} more", rc001 - 3)), "{md}");
    let listed = md
        .lines()
        .filter(|l| l.contains("is missing in the new back office"))
        .count();
    let rc003_listed = 3;
    assert_eq!(listed, 3, "{md}");
    assert_eq!(
        md.lines()
            .filter(|l| l.contains("is lost in the new back office"))
            .count(),
        rc003_listed
    );

    let schema: serde_json::Value =
        serde_json::from_str(&json_schema()).unwrap_or_else(|e| panic!("{e}"));
    let value = serde_json::to_value(&r).unwrap_or_else(|e| panic!("{e}"));
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("{e}"));
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let back: chargeshift_planner::reconcile::report::ReconcileReport =
        serde_json::from_value(value).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, r);
}

#[test]
fn a_failing_side_is_named_with_file_line_and_field() {
    let dir = std::env::temp_dir().join(format!("cs-reconcile-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bundle")).unwrap_or_else(|e| panic!("{e}"));
    let old_file = dir.join("old.json");
    std::fs::write(&old_file, "{\n  \"customers\": [\n    {\"id\": 3}\n  ]\n}")
        .unwrap_or_else(|e| panic!("{e}"));
    match load_fleet(Side::Old, &old_file, Mode::Strict) {
        Err(ReconcileError::Import { side, source }) => {
            assert_eq!(side, Side::Old);
            let s = source.to_string();
            assert!(s.contains("old.json:3:"), "{s}");
        }
        other => panic!("{other:?}"),
    }
    // a CSV bundle on the new side against the native fleet it was written from: no difference
    let fleet = small_fleet(4, 1);
    chargeshift_graph::import::csv::write_dir(&fleet, &dir.join("bundle"))
        .unwrap_or_else(|e| panic!("{e}"));
    let imported =
        load_fleet(Side::New, &dir.join("bundle"), Mode::Strict).unwrap_or_else(|e| panic!("{e}"));
    let c = compare(
        &fleet,
        &imported.fleet,
        &IdMap::new(),
        &Tolerances::default(),
    );
    assert!(c.differences.is_empty(), "{:?}", c.differences);
    // a bad field in the new side's CSV bundle: strict import names side, file, line, field
    let cards = dir.join("bundle").join("charge_cards.csv");
    let text = std::fs::read_to_string(&cards).unwrap_or_else(|e| panic!("{e}"));
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let second = lines.get(2).cloned().unwrap_or_default();
    let status = second.split(',').nth(2).unwrap_or_default().to_owned();
    assert!(!status.is_empty(), "{second}");
    if let Some(l) = lines.get_mut(2) {
        *l = second.replacen(&format!(",{status},"), ",lost,", 1);
    }
    std::fs::write(&cards, lines.join("\n") + "\n").unwrap_or_else(|e| panic!("{e}"));
    match load_fleet(Side::New, &dir.join("bundle"), Mode::Strict) {
        Err(
            e @ ReconcileError::Import {
                side: Side::New, ..
            },
        ) => {
            let m = e.to_string();
            assert!(m.starts_with("new back office: import rejected"), "{m}");
            assert!(m.contains("charge_cards.csv:3"), "{m}");
            assert!(m.contains("field status"), "{m}");
        }
        other => panic!("{other:?}"),
    }
    let lenient =
        load_fleet(Side::New, &dir.join("bundle"), Mode::Lenient).unwrap_or_else(|e| panic!("{e}"));
    assert!(!lenient.report.is_clean());
    match load_fleet(Side::New, &dir.join("nowhere"), Mode::Lenient) {
        Err(
            e @ ReconcileError::Import {
                side: Side::New, ..
            },
        ) => {
            assert!(e.to_string().starts_with("new back office: "), "{e}");
        }
        other => panic!("{other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---- sessions and CDRs ----

use chargeshift_ocpp::DateTime;
use chargeshift_planner::reconcile::sessions::{
    SessionRecord, SessionTolerances, compare_sessions, parse_cdrs, read_session_log,
};

/// A history of `n` sessions on the charge points of `fleet`, an hour apart.
fn history(fleet: &Fleet, n: usize, seed: u64) -> Vec<SessionRecord> {
    let cps: Vec<String> = fleet
        .nodes_of_kind(NodeKind::ChargePoint)
        .map(|(_, c)| c.id().to_owned())
        .collect();
    let base = 1_772_000_000i64;
    (0..n)
        .map(|i| {
            let start = base + i64::try_from(i).unwrap_or(0) * 3600;
            let cp = cps
                .get((i + usize::try_from(seed).unwrap_or(0)) % cps.len().max(1))
                .cloned();
            SessionRecord {
                id: format!("S-{seed}-{i}"),
                charge_point: cp,
                token: Some(format!("TOK{i}")),
                start: DateTime::from_unix(start, 0).unwrap_or_default(),
                stop: DateTime::from_unix(start + 1800, 0),
                energy_kwh: Some(5.0 + (i % 7) as f64),
                tariff: Some(format!("T-{}", i % 3)),
                at: format!("test: {i}"),
            }
        })
        .collect()
}

fn shift(t: DateTime, s: i64) -> DateTime {
    DateTime::from_unix(t.unix_seconds() + s, t.subsec_nanos()).unwrap_or(t)
}

/// Plants one session difference of every kind (and two changes within the tolerances, which
/// are none) into a copy of `old`, choosing the sessions by `picks`; the expected findings.
fn plant_sessions(old: &[SessionRecord], picks: &[usize]) -> (Vec<SessionRecord>, Vec<Key>) {
    let mut new = old.to_vec();
    let mut expected = Vec::new();
    let mut used = HashSet::new();
    let mut pick = |k: usize| {
        let mut i = picks.get(k).copied().unwrap_or(k) % old.len();
        while !used.insert(i) {
            i = (i + 1) % old.len();
        }
        i
    };
    let t = SessionTolerances::default();
    let kind = "session".to_owned();
    let i = pick(0);
    new[i].energy_kwh = old[i].energy_kwh.map(|e| e + 0.5);
    expected.push((
        ReconcileCheck::SessionEnergy,
        kind.clone(),
        s("energy_kwh"),
        old[i].energy_kwh.map(|e| format!("{e:.3}")),
        new[i].energy_kwh.map(|e| format!("{e:.3}")),
    ));
    let i = pick(1);
    new[i].start = shift(old[i].start, t.time_s + 30);
    expected.push((
        ReconcileCheck::SessionTimes,
        kind.clone(),
        s("start"),
        Some(old[i].start.to_string()),
        Some(new[i].start.to_string()),
    ));
    let i = pick(2);
    new[i].stop = None;
    expected.push((
        ReconcileCheck::SessionTimes,
        kind.clone(),
        s("stop"),
        old[i].stop.map(|x| x.to_string()),
        None,
    ));
    let i = pick(3);
    new[i].tariff = s("T-PLANTED");
    expected.push((
        ReconcileCheck::SessionTariff,
        kind.clone(),
        s("tariff"),
        old[i].tariff.clone(),
        s("T-PLANTED"),
    ));
    // within the tolerances: no finding
    let i = pick(4);
    new[i].stop = old[i].stop.map(|x| shift(x, t.time_s - 1));
    new[i].energy_kwh = old[i].energy_kwh.map(|e| e + t.energy_kwh / 2.0);
    // renumbered in the new history, on the same charge point and start: matched, no finding
    let i = pick(5);
    new[i].id = format!("{}-RENUMBERED", old[i].id);
    let i = pick(6);
    let gone = new.remove(i);
    expected.push((
        ReconcileCheck::SessionMissingInNew,
        kind.clone(),
        None,
        Some(gone.id),
        None,
    ));
    let mut extra = old[0].clone();
    extra.id = "S-EXTRA".into();
    extra.charge_point = s("CP-NOT-IN-OLD");
    new.push(extra);
    expected.push((
        ReconcileCheck::SessionExtraInNew,
        kind,
        None,
        None,
        s("S-EXTRA"),
    ));
    expected.sort();
    (new, expected)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// With session histories, reconciliation finds exactly the planted asset, link and session
    /// differences, both directions; the history counts back the historical-data proof.
    #[test]
    fn finds_exactly_the_planted_sessions_too(
        cps in 40usize..70,
        seed in 0u64..1000,
        n in 12usize..40,
        picks in proptest::collection::vec(0usize..1000, 7..8),
    ) {
        let old = small_fleet(cps, seed);
        let p = Planter::new(&old, picks.clone()).plant_all(25.0);
        let old_h = history(&old, n, seed);
        let (new_h, expected_sessions) = plant_sessions(&old_h, &picks);
        let t = SessionTolerances::default();
        let sc = compare_sessions(&old_h, &new_h, &t);
        prop_assert_eq!(&keys(&sc.differences), &expected_sessions);
        prop_assert_eq!(sc.history(), HistoryCounts { in_old: n as u64, exported: n as u64 - 1 });
        let c = compare(&old, &p.new, &p.map, &Tolerances::default()).with_sessions(&sc, None);
        let mut all = p.expected;
        all.extend(expected_sessions);
        all.sort();
        prop_assert_eq!(keys(&c.differences), all);
        prop_assert_eq!(c.total(), c.differences.len());
        // the other direction: the same differences mirrored
        let back = compare_sessions(&new_h, &old_h, &t);
        prop_assert_eq!(&back.differences, &mirrored(&sc.differences));
        // identical histories: nothing
        prop_assert!(compare_sessions(&old_h, &old_h.clone(), &t).differences.is_empty());
    }
}

#[test]
fn cdr_errors_name_side_file_record_and_field() {
    let ok = r#""id":"C1","start_date_time":"2026-03-02T08:00:00Z","end_date_time":"2026-03-02T09:00:00Z""#;
    let cases = [
        (
            "[{\"id\":\"C1\",\n",
            "record line 2 column 0 field -: not JSON",
        ),
        (r#"{"status_code":1000}"#, "record envelope field data"),
        ("3", "record - field -"),
        (
            r#"[{"start_date_time":"2026-03-02T08:00:00Z"}]"#,
            "record data[0] field id: missing",
        ),
        (
            &format!(r#"[{{{ok}}},{{"id":"C2","start_date_time":"2026-03-02T08:00:00Z"}}]"#),
            "record data[1] field end_date_time: missing",
        ),
        (
            &format!(r#"[{{{ok},"total_energy":-1}}]"#),
            "record data[0] field total_energy: expected kWh",
        ),
        (
            &format!(r#"[{{{ok}}},{{{ok}}}]"#),
            "record data[1] field id: duplicate session \"C1\" (first at data[0])",
        ),
    ];
    for (text, expected) in cases {
        let e = parse_cdrs(Side::New, text, "new-cdrs.json").unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.starts_with("new back office: new-cdrs.json: "),
            "{shown}"
        );
        assert!(shown.contains(expected), "{shown} lacks {expected}");
    }
    // a session id wins over the CDR id; the envelope and the array read alike
    let a = parse_cdrs(Side::Old, &format!(r#"[{{{ok},"session_id":"S9"}}]"#), "a").unwrap();
    let b = parse_cdrs(
        Side::Old,
        &format!(r#"{{"data":[{{{ok},"session_id":"S9"}}],"status_code":1000}}"#),
        "b",
    )
    .unwrap();
    assert_eq!(a[0].id, "S9");
    assert_eq!((a[0].start, a[0].stop), (b[0].start, b[0].stop));
}

/// The sessions of the bundled health log: a log compared with
/// itself has no difference, and a log without its last stop lacks that session's stop.
#[test]
fn the_sessions_of_a_health_log() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let log = root.join("examples/health/log.jsonl");
    let sessions = read_session_log(Side::Old, &log).unwrap();
    assert!(sessions.len() > 10, "{}", sessions.len());
    assert!(
        sessions
            .iter()
            .any(|s| s.energy_kwh.is_some_and(|e| e > 0.0))
    );
    assert!(sessions.iter().all(|s| s.stop.is_none_or(|t| t >= s.start)));
    let c = compare_sessions(&sessions, &sessions, &SessionTolerances::default());
    assert!(c.differences.is_empty());
    assert_eq!(c.history().exported, sessions.len() as u64);
    // the examples' CDRs: one missing, one energy drift
    let old = chargeshift_planner::reconcile::sessions::read_cdrs(
        Side::Old,
        &root.join("examples/reconcile/old-cdrs.json"),
    )
    .unwrap();
    let new = chargeshift_planner::reconcile::sessions::read_cdrs(
        Side::New,
        &root.join("examples/reconcile/new-cdrs.json"),
    )
    .unwrap();
    let c = compare_sessions(&old, &new, &SessionTolerances::default());
    let codes: Vec<_> = c.differences.iter().map(|d| d.finding.code).collect();
    assert_eq!(
        codes,
        [
            ReconcileCheck::SessionMissingInNew,
            ReconcileCheck::SessionEnergy
        ]
    );
    assert_eq!(
        (
            c.differences[1].old.as_deref(),
            c.differences[1].new.as_deref()
        ),
        (Some("18.250"), Some("18.200"))
    );
}
