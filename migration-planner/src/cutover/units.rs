//! Migration units: the charge points that must cut over to the new back office together.
//!
//! Two charge points must move in the same phase when a binding link joins them, directly or
//! through other assets: a shared location (one site is served by one back office), a shared
//! charge group (one access policy is served by one back office) or a shared customer (home
//! chargers, fleet accounts). Which link kinds bind is configurable
//! ([`DEFAULT_BINDING`] by default). A unit is the set of charge points of one connected
//! component of the fleet over the binding kinds; components without a charge point are not
//! units.

use std::collections::BTreeMap;

use compact_str::CompactString;

use chargeshift_graph::{Fleet, LinkId, LinkKind, LinkKinds, NodeData, NodeIndex, NodeKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The link kinds that bind charge points by default: charge point–location, charge
/// point–charge group and customer–charge point.
pub const DEFAULT_BINDING: [LinkKind; 3] = [
    LinkKind::ChargePointLocation,
    LinkKind::ChargePointChargeGroup,
    LinkKind::CustomerChargePoint,
];

/// One migration unit.
///
/// ```
/// use chargeshift_planner::cutover::units::MigrationUnit;
/// let u = MigrationUnit { id: "U0001".into(), charge_points: vec!["CP1".into()], sites: vec![], size: 1 };
/// assert_eq!(serde_json::to_value(&u)?["id"], "U0001");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrationUnit {
    /// Stable id: `U` and the 1-based rank of the unit's smallest charge point id among the
    /// units' smallest ids, at least four digits (`U0001`).
    pub id: CompactString,
    /// The ids of its charge points, sorted.
    pub charge_points: Vec<CompactString>,
    /// The ids of the locations of its charge points, sorted, each once.
    pub sites: Vec<CompactString>,
    /// Number of charge points.
    pub size: usize,
}

/// The migration units of a fleet, from [`units`], with the fleet nodes of each unit.
#[derive(Debug, Clone, Default)]
pub struct Units {
    /// The units, by id.
    pub units: Vec<MigrationUnit>,
    /// Per unit, its charge point nodes in the order of [`MigrationUnit::charge_points`].
    nodes: Vec<Vec<NodeIndex>>,
    /// Per unit, the component number of [`Fleet::components`] over the binding kinds.
    component: Vec<usize>,
    /// The binding kinds.
    binding: LinkKinds,
}

impl Units {
    /// The charge point nodes of unit number `i` (an index into [`Units::units`]).
    #[must_use]
    pub fn nodes(&self, i: usize) -> &[NodeIndex] {
        self.nodes.get(i).map_or(&[], Vec::as_slice)
    }

    /// Number of charge points in all units.
    #[must_use]
    pub fn charge_points(&self) -> usize {
        self.units.iter().map(|u| u.size).sum()
    }

    /// The binding links of the units whose indices are in `which`, per unit (in the order of
    /// `which`): every link of a binding kind inside the unit's component, sorted. Used to
    /// report a unit that is larger than a limit with what binds it.
    ///
    /// # Complexity
    /// O(V + E + k log k) for k links reported.
    ///
    /// ```
    /// use chargeshift_planner::cutover::units::{units, DEFAULT_BINDING};
    /// use chargeshift_graph::LinkKinds;
    /// let fleet = chargeshift_graph::generate::fleet(40);
    /// let u = units(&fleet, LinkKinds::of(&DEFAULT_BINDING));
    /// let largest = (0..u.units.len()).max_by_key(|&i| u.units[i].size).unwrap();
    /// let links = u.binding_links(&fleet, &[largest]);
    /// assert!(links[0].len() + 1 >= u.units[largest].size);
    /// ```
    #[must_use]
    pub fn binding_links(&self, fleet: &Fleet, which: &[usize]) -> Vec<Vec<LinkId>> {
        let comps = fleet.components(self.binding);
        let mut slot: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, &i) in which.iter().enumerate() {
            if let Some(&c) = self.component.get(i) {
                slot.insert(c, k);
            }
        }
        let mut out = vec![Vec::new(); which.len()];
        for l in fleet.links() {
            if !self.binding.contains(l.link.kind) {
                continue;
            }
            let Some(c) = comps.component_of(l.source) else {
                continue;
            };
            if let Some(list) = slot.get(&c).and_then(|&k| out.get_mut(k)) {
                list.push(LinkId::of(fleet, &l));
            }
        }
        for list in &mut out {
            list.sort();
        }
        out
    }
}

/// The migration units of `fleet` when links of `binding` bind.
///
/// Every charge point is in exactly one unit; a charge point without a binding link is a unit
/// of its own. Units are sorted by their smallest charge point id and numbered in that order.
///
/// # Complexity
/// O(V + E α(V)) for the components (union-find), plus O(C log C) to sort the C charge
/// point ids.
///
/// ```
/// use chargeshift_graph::{ChargePoint, Fleet, LinkKind, LinkKinds, Location, UserGroup};
/// use chargeshift_planner::cutover::units::{units, DEFAULT_BINDING};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let site = f.add_asset("L1", Location::default(), ug)?;
/// let a = f.add_asset("CP-B", ChargePoint::default(), ug)?;
/// let b = f.add_asset("CP-A", ChargePoint::default(), ug)?;
/// f.add_asset("CP-C", ChargePoint::default(), ug)?;
/// f.add_link(a, site, LinkKind::ChargePointLocation)?;
/// f.add_link(b, site, LinkKind::ChargePointLocation)?;
/// let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
/// assert_eq!(u.units.len(), 2);
/// assert_eq!((u.units[0].id.as_str(), u.units[0].size), ("U0001", 2));
/// assert_eq!(u.units[0].charge_points, ["CP-A", "CP-B"]);
/// assert_eq!(u.units[0].sites, ["L1"]);
/// assert_eq!(u.units[1].charge_points, ["CP-C"]);
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn units(fleet: &Fleet, binding: LinkKinds) -> Units {
    let comps = fleet.components(binding);
    // component number -> slot in `groups`
    let mut slot = vec![usize::MAX; comps.count()];
    let mut groups: Vec<(usize, Vec<NodeIndex>)> = Vec::new();
    for (ix, _) in fleet.nodes_of_kind(NodeKind::ChargePoint) {
        let Some(c) = comps.component_of(ix) else {
            continue;
        };
        let Some(s) = slot.get_mut(c) else {
            continue;
        };
        if *s == usize::MAX {
            *s = groups.len();
            groups.push((c, Vec::new()));
        }
        if let Some((_, g)) = groups.get_mut(*s) {
            g.push(ix);
        }
    }
    for (_, g) in &mut groups {
        // the ids of one kind are unique: an unstable sort gives the one order
        g.sort_unstable_by(|&a, &b| fleet.id(a).cmp(fleet.id(b)));
    }
    // by smallest id, each read once (not two node look-ups per comparison)
    groups.sort_by_cached_key(|(_, g)| g.first().map(|&n| fleet.id(n)));
    let mut out = Units {
        binding,
        ..Units::default()
    };
    out.units.reserve(groups.len());
    for (i, (c, g)) in groups.into_iter().enumerate() {
        let mut sites: Vec<CompactString> = g
            .iter()
            .filter_map(|&cp| fleet.target_of(cp, LinkKind::ChargePointLocation))
            .filter(|&l| matches!(fleet.node(l).map(|n| &n.data), Some(NodeData::Location(_))))
            .map(|l| CompactString::new(fleet.id(l)))
            .collect();
        sites.sort_unstable();
        sites.dedup();
        out.units.push(MigrationUnit {
            id: unit_id(i),
            charge_points: g.iter().map(|&n| CompactString::new(fleet.id(n))).collect(),
            sites,
            size: g.len(),
        });
        out.nodes.push(g);
        out.component.push(c);
    }
    out
}

/// The id of the unit at 0-based rank `i`: `U0001` for 0.
fn unit_id(i: usize) -> CompactString {
    compact_str::format_compact!("U{:04}", i + 1)
}

/// The number of units of each size, smallest size first.
///
/// # Complexity
/// O(units × log distinct sizes).
///
/// ```
/// use chargeshift_planner::cutover::units::{size_histogram, MigrationUnit};
/// let u = |size| MigrationUnit { id: Default::default(), charge_points: vec![], sites: vec![], size };
/// let h = size_histogram(&[u(1), u(3), u(1)]);
/// assert_eq!(h.into_iter().collect::<Vec<_>>(), [(1, 2), (3, 1)]);
/// ```
#[must_use]
pub fn size_histogram(units: &[MigrationUnit]) -> BTreeMap<usize, usize> {
    let mut h = BTreeMap::new();
    for u in units {
        *h.entry(u.size).or_insert(0) += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use chargeshift_graph::{ChargeGroup, ChargePoint, Customer, UserGroup};

    #[test]
    fn customer_and_group_bind_and_can_be_left_out() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let a = f.add_asset("A", ChargePoint::default(), ug).unwrap();
        let b = f.add_asset("B", ChargePoint::default(), ug).unwrap();
        let c = f.add_asset("C", ChargePoint::default(), ug).unwrap();
        let cu = f.add_asset("CU", Customer::default(), ug).unwrap();
        let cg = f.add_asset("CG", ChargeGroup::default(), ug).unwrap();
        f.add_link(cu, a, LinkKind::CustomerChargePoint).unwrap();
        f.add_link(cu, b, LinkKind::CustomerChargePoint).unwrap();
        f.add_link(c, cg, LinkKind::ChargePointChargeGroup).unwrap();
        f.add_link(b, cg, LinkKind::ChargePointChargeGroup).unwrap();
        let all = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        assert_eq!(all.units.len(), 1);
        assert_eq!(all.units[0].charge_points, ["A", "B", "C"]);
        let links = all.binding_links(&f, &[0]);
        assert_eq!(links[0].len(), 4);
        let customers_only = units(&f, LinkKinds::of(&[LinkKind::CustomerChargePoint]));
        let sets: Vec<_> = customers_only
            .units
            .iter()
            .map(|u| u.charge_points.clone())
            .collect();
        assert_eq!(sets, [vec!["A", "B"], vec!["C"]]);
        assert_eq!(customers_only.units[1].id, "U0002");
        assert_eq!(customers_only.nodes(1), [c]);
    }

    #[test]
    fn every_charge_point_in_one_unit_on_a_generated_fleet() {
        let f = chargeshift_graph::generate::fleet(300);
        let u = units(&f, LinkKinds::of(&DEFAULT_BINDING));
        assert_eq!(u.charge_points(), 300);
        let mut ids: Vec<&CompactString> = u.units.iter().flat_map(|u| &u.charge_points).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 300);
        assert_eq!(
            size_histogram(&u.units).values().sum::<usize>(),
            u.units.len()
        );
    }
}
