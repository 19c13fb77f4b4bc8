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

use super::{cmp_ids, prefix_key};

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
    /// The charge point nodes of all units, unit after unit, each unit's in the order of
    /// [`MigrationUnit::charge_points`]: unit `i`'s are `nodes[offsets[i]..offsets[i + 1]]`.
    nodes: Vec<NodeIndex>,
    /// Where each unit's charge points start in `nodes` (one more entry than units).
    offsets: Vec<usize>,
    /// The charge points of all units in node order (the order of the fleet's records in
    /// memory), for a stage that reads every charge point's record: read in this order they
    /// are mostly next to each other, read unit by unit each is a cache miss.
    by_node: Vec<Member>,
    /// Per unit, the component number of [`Fleet::components`] over the binding kinds.
    component: Vec<usize>,
    /// The binding kinds.
    binding: LinkKinds,
}

impl Units {
    /// The charge point nodes of unit number `i` (an index into [`Units::units`]).
    #[must_use]
    pub fn nodes(&self, i: usize) -> &[NodeIndex] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => self.nodes.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }

    /// Where unit `i`'s charge points start in a list of all units' charge points, unit after
    /// unit (see [`Member::at`]); `units.len()` gives the number of charge points.
    pub(crate) fn offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(usize::MAX)
    }

    /// The charge points of all units in node order (see [`Units::by_node`]).
    pub(crate) fn in_node_order(&self) -> &[Member] {
        &self.by_node
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
    // one pass over the charge points in node order, which reads the fleet sequentially: each
    // one's group (components numbered in the order of their first charge point), its id and
    // its location; ids and sites are not looked up again in a unit's (random) order
    let mut slot = vec![u32::MAX; comps.count()];
    let mut component: Vec<usize> = Vec::new();
    let mut sizes: Vec<u32> = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for (ix, node) in fleet.nodes_of_kind(NodeKind::ChargePoint) {
        let Some(c) = comps.component_of(ix) else {
            continue;
        };
        let Some(s) = slot.get_mut(c) else {
            continue;
        };
        if *s == u32::MAX {
            *s = u32::try_from(component.len()).unwrap_or(u32::MAX);
            component.push(c);
            sizes.push(0);
        }
        if let Some(n) = sizes.get_mut(*s as usize) {
            *n += 1;
        }
        rows.push(Row {
            group: *s,
            node: ix,
            site: fleet.target_of(ix, LinkKind::ChargePointLocation),
            id: CompactString::new(node.id()),
        });
    }
    drop(slot);
    drop(comps);
    // the rows of each group together (a counting sort), each group by id
    let mut start: Vec<usize> = Vec::with_capacity(sizes.len() + 1);
    let mut at = 0;
    for &n in &sizes {
        start.push(at);
        at += n as usize;
    }
    start.push(at);
    let mut next = start.clone();
    let mut order = vec![0_u32; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        if let Some(p) = next.get_mut(row.group as usize) {
            if let Some(o) = order.get_mut(*p) {
                *o = u32::try_from(r).unwrap_or(u32::MAX);
            }
            *p += 1;
        }
    }
    drop(next);
    let id_of = |r: u32| rows.get(r as usize).map_or("", |x| x.id.as_str());
    for w in start.windows(2) {
        if let [a, b] = *w
            && let Some(g) = order.get_mut(a..b)
        {
            // the ids of one kind are unique: an unstable sort gives the one order
            g.sort_unstable_by(|&x, &y| cmp_ids(id_of(x), id_of(y)));
        }
    }
    // the groups by their smallest id, compared as numbers where their first 16 bytes differ
    let mut by_first: Vec<(u128, u32)> = (0..sizes.len())
        .map(|g| {
            let first = start.get(g).and_then(|&a| order.get(a)).copied();
            let key = first.map_or(0, |r| prefix_key(id_of(r)));
            (key, u32::try_from(g).unwrap_or(u32::MAX))
        })
        .collect();
    let first_id = |g: u32| {
        start
            .get(g as usize)
            .and_then(|&a| order.get(a))
            .map_or("", |&r| id_of(r))
    };
    by_first.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| first_id(a.1).cmp(first_id(b.1)))
            .then(a.1.cmp(&b.1))
    });
    let mut out = Units {
        binding,
        ..Units::default()
    };
    out.units.reserve(by_first.len());
    out.offsets.reserve(by_first.len() + 1);
    out.nodes.reserve(rows.len());
    out.component.reserve(by_first.len());
    out.by_node = vec![Member::default(); rows.len()];
    let mut site_nodes: Vec<NodeIndex> = Vec::new();
    for (i, &(_, g)) in by_first.iter().enumerate() {
        let g = g as usize;
        let (Some(&a), Some(&b)) = (start.get(g), start.get(g + 1)) else {
            continue;
        };
        let unit = u32::try_from(out.units.len()).unwrap_or(u32::MAX);
        out.offsets.push(out.nodes.len());
        let members = order.get(a..b).unwrap_or_default();
        let mut charge_points = Vec::with_capacity(members.len());
        site_nodes.clear();
        for &r in members {
            if let Some(row) = rows.get_mut(r as usize) {
                let at = u32::try_from(out.nodes.len()).unwrap_or(u32::MAX);
                if let Some(m) = out.by_node.get_mut(r as usize) {
                    *m = Member {
                        node: row.node,
                        unit,
                        at,
                    };
                }
                charge_points.push(std::mem::take(&mut row.id));
                out.nodes.push(row.node);
                site_nodes.extend(row.site);
            }
        }
        site_nodes.sort_unstable();
        site_nodes.dedup();
        let mut sites: Vec<CompactString> = site_nodes
            .iter()
            .filter(|&&l| matches!(fleet.node(l).map(|n| &n.data), Some(NodeData::Location(_))))
            .map(|&l| CompactString::new(fleet.id(l)))
            .collect();
        sites.sort_unstable_by(|x, y| cmp_ids(x, y));
        out.units.push(MigrationUnit {
            id: unit_id(i),
            size: charge_points.len(),
            charge_points,
            sites,
        });
        out.component
            .push(component.get(g).copied().unwrap_or(usize::MAX));
    }
    out.offsets.push(out.nodes.len());
    out
}

/// A charge point of a unit, from [`Units::in_node_order`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Member {
    /// Its node.
    pub(crate) node: NodeIndex,
    /// The index of its unit.
    pub(crate) unit: u32,
    /// Its position among all units' charge points, unit after unit: its unit's
    /// [`Units::offset`] plus its position in the unit.
    pub(crate) at: u32,
}

/// A charge point in [`units`]: its group (component in first-seen order), node, location and id.
struct Row {
    group: u32,
    node: NodeIndex,
    site: Option<NodeIndex>,
    id: CompactString,
}

/// A charge point id with its sort key ([`prefix_key`]) and the index of its unit, for sorting
/// the ids of many units ([`sort_ids`]). The id is held (inline up to 24 bytes) so that neither
/// the sort nor what is built from its result reads the units again: read in unit order while
/// the keys are made, the units are read from memory in sequence, where reading them in the
/// sorted order was a cache miss per unit.
#[derive(Debug, Clone)]
pub(crate) struct SortedId {
    /// The id's [`prefix_key`].
    pub(crate) key: u128,
    /// The id.
    pub(crate) id: CompactString,
    /// The index of its unit.
    pub(crate) unit: u32,
}

/// The charge points of `unit`, the unit at index `index`, as [`SortedId`]s.
pub(crate) fn sorted_ids(
    unit: &MigrationUnit,
    index: usize,
) -> impl Iterator<Item = SortedId> + '_ {
    let index = u32::try_from(index).unwrap_or(u32::MAX);
    unit.charge_points.iter().map(move |c| SortedId {
        key: prefix_key(c),
        id: c.clone(),
        unit: index,
    })
}

/// Sorts `ids` by id, then by unit (an id in two units keeps the units' order): by the prefix
/// keys as numbers, the ids' text only where those are equal. O(n log n) comparisons.
pub(crate) fn sort_ids(ids: &mut [SortedId]) {
    ids.sort_unstable_by(|a, b| {
        a.key
            .cmp(&b.key)
            .then_with(|| a.id.cmp(&b.id))
            .then(a.unit.cmp(&b.unit))
    });
}

/// A charge point of a list of units as a sort key: its id's [`prefix_key`], its unit's index
/// and its position in the unit (see [`id_keys`], [`sort_id_keys`], [`id_at`]).
pub(crate) type IdKey = (u128, u32, u32);

/// The sort keys of the charge points of `unit`, the unit at index `index`.
pub(crate) fn id_keys(unit: &MigrationUnit, index: usize) -> impl Iterator<Item = IdKey> + '_ {
    let index = u32::try_from(index).unwrap_or(u32::MAX);
    unit.charge_points
        .iter()
        .enumerate()
        .map(move |(k, c)| (prefix_key(c), index, u32::try_from(k).unwrap_or(u32::MAX)))
}

/// The id of the charge point at `key` in `units` (empty for a key of no charge point).
pub(crate) fn id_at<'u>(units: &'u [MigrationUnit], key: &IdKey) -> &'u str {
    units
        .get(key.1 as usize)
        .and_then(|u| u.charge_points.get(key.2 as usize))
        .map_or("", CompactString::as_str)
}

/// Sorts `keys` by id, then by unit (an id in two units keeps the units' order): by the prefix
/// keys as numbers, the ids' text only where those are equal. O(n log n) comparisons.
pub(crate) fn sort_id_keys(units: &[MigrationUnit], keys: &mut [IdKey]) {
    keys.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| id_at(units, a).cmp(id_at(units, b)))
            .then(a.1.cmp(&b.1))
    });
}

/// The id of the unit at 0-based rank `i`: `U0001` for 0.
fn unit_id(i: usize) -> CompactString {
    // written digit by digit: the formatting machinery took a tenth of `units` at 1M
    let mut n = i + 1;
    let mut digits = [b'0'; 20];
    let mut k = digits.len();
    while n > 0 && k > 0 {
        k -= 1;
        if let Some(d) = digits.get_mut(k) {
            *d = b'0' + u8::try_from(n % 10).unwrap_or(0);
        }
        n /= 10;
    }
    let first = k.min(digits.len() - 4);
    let mut id = CompactString::with_capacity(1 + digits.len() - first);
    id.push('U');
    for &d in digits.get(first..).unwrap_or_default() {
        id.push(char::from(d));
    }
    id
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
    fn unit_ids_have_at_least_four_digits() {
        for (i, want) in [
            (0, "U0001"),
            (8, "U0009"),
            (9998, "U9999"),
            (9999, "U10000"),
            (123_455, "U123456"),
        ] {
            assert_eq!(unit_id(i), want);
        }
        assert_eq!(unit_id(usize::MAX - 1), format!("U{}", usize::MAX));
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
