//! Queries a planner and an analyst need, as methods of [`Fleet`]: the provider of a user group,
//! everything linked to an asset, the assets of a user group, connected components over chosen
//! link kinds, the links that cross between two sets, and counts.

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};

use petgraph::stable_graph::NodeIndex;
use petgraph::unionfind::UnionFind;
use petgraph::visit::NodeIndexable;

use crate::fleet::{Fleet, LinkRef};
use crate::model::{LinkKind, LinkKinds, NodeData, NodeKind};

/// A set of node indices of one fleet as a bit set over the index bound: O(1) membership.
#[derive(Debug, Clone, Default)]
struct Marks(Vec<u64>);

impl Marks {
    fn new(bound: usize) -> Marks {
        Marks(vec![0; bound.div_ceil(64)])
    }
    fn insert(&mut self, ix: NodeIndex) -> bool {
        let (w, b) = (ix.index() / 64, ix.index() % 64);
        match self.0.get_mut(w) {
            Some(word) => {
                let fresh = *word & (1 << b) == 0;
                *word |= 1 << b;
                fresh
            }
            None => false,
        }
    }
    fn contains(&self, ix: NodeIndex) -> bool {
        let (w, b) = (ix.index() / 64, ix.index() % 64);
        self.0.get(w).is_some_and(|word| word & (1 << b) != 0)
    }
}

/// The connected components of a fleet over chosen link kinds, from [`Fleet::components`].
///
/// Every node of the fleet is in exactly one component; a node without a link of the chosen
/// kinds is a component on its own.
#[derive(Debug, Clone, Default)]
pub struct Components {
    /// Per node index, its component number (`u32::MAX` for a vacant index).
    labels: Vec<u32>,
    count: usize,
}

impl Components {
    /// Number of components.
    #[must_use]
    pub fn count(&self) -> usize {
        self.count
    }

    /// The component number (0..count) of `ix`.
    #[must_use]
    pub fn component_of(&self, ix: NodeIndex) -> Option<usize> {
        self.labels
            .get(ix.index())
            .filter(|&&l| l != u32::MAX)
            .map(|&l| l as usize)
    }

    /// The nodes of every component, each list in index order; components numbered in order of
    /// their first node.
    #[must_use]
    pub fn groups(&self) -> Vec<Vec<NodeIndex>> {
        let mut groups = vec![Vec::new(); self.count];
        for (i, &l) in self.labels.iter().enumerate() {
            if let Some(g) = groups.get_mut(l as usize) {
                g.push(NodeIndex::new(i));
            }
        }
        groups
    }

    /// Every node with its component, renumbered largest first (components of one size keep
    /// the order of [`Components::groups`]), grouped by component and in node order within
    /// one: the rows of a component-label table, with no list per component.
    ///
    /// # Complexity
    /// O(nodes), plus O(c log c) to sort the c components by size.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::LinkKinds;
    /// let fleet = chargeshift_graph::generate::fleet(10);
    /// let components = fleet.components(LinkKinds::CONNECTIONS);
    /// let rows = components.labelled_largest_first();
    /// assert_eq!(rows.len(), fleet.node_count());
    /// assert!(rows.windows(2).all(|w| w[0].1 <= w[1].1));
    /// let sizes = components.sizes();
    /// assert_eq!(rows.iter().filter(|r| r.1 == 0).count(), *sizes.iter().max().unwrap());
    /// ```
    #[must_use]
    pub fn labelled_largest_first(&self) -> Vec<(NodeIndex, u32)> {
        let (rank, mut start, total) = self.ranks();
        let mut rows = vec![(NodeIndex::new(0), 0u32); total];
        for (i, &l) in self.labels.iter().enumerate() {
            let Some(&new) = rank.get(l as usize) else {
                continue; // a vacant index
            };
            if let Some(s) = start.get_mut(new as usize)
                && let Some(row) = rows.get_mut(*s)
            {
                *row = (NodeIndex::new(i), new);
                *s += 1;
            }
        }
        rows
    }

    /// The component of every node, in node order (vacant indices left out), numbered as
    /// [`Components::labelled_largest_first`] numbers them: 0 for the largest. The same labels
    /// without the rows reordered, so that a caller that already has a column per node (ids,
    /// kinds) adds only this one.
    ///
    /// # Complexity
    /// O(V + c log c) for c components.
    ///
    /// ```
    /// use chargeshift_graph::LinkKinds;
    /// let fleet = chargeshift_graph::generate::fleet(10);
    /// let components = fleet.components(LinkKinds::CONNECTIONS);
    /// let labels = components.labels_largest_first();
    /// assert_eq!(labels.len(), fleet.node_count());
    /// let mut rows = components.labelled_largest_first();
    /// rows.sort_by_key(|&(ix, _)| ix);
    /// assert!(rows.iter().map(|r| r.1).eq(labels.iter().copied()));
    /// ```
    #[must_use]
    pub fn labels_largest_first(&self) -> Vec<u32> {
        let (rank, _, _) = self.ranks();
        self.labels
            .iter()
            .filter_map(|&l| rank.get(l as usize).copied())
            .collect()
    }

    /// `rank[old number]`, the number of each component by size (largest first, ties in the
    /// order of the old numbers), `start[new number]`, where its rows begin when the rows are
    /// grouped by new number, and the number of labelled nodes.
    fn ranks(&self) -> (Vec<u32>, Vec<usize>, usize) {
        let sizes = self.sizes();
        let mut order: Vec<u32> = (0..u32::try_from(self.count).unwrap_or(u32::MAX)).collect();
        order.sort_by_key(|&c| std::cmp::Reverse(sizes.get(c as usize).copied().unwrap_or(0)));
        let mut rank = vec![0u32; self.count];
        let mut start = vec![0usize; self.count];
        let mut at = 0;
        for (new, &old) in (0u32..).zip(&order) {
            if let Some(r) = rank.get_mut(old as usize) {
                *r = new;
            }
            if let Some(s) = start.get_mut(new as usize) {
                *s = at;
            }
            at += sizes.get(old as usize).copied().unwrap_or(0);
        }
        (rank, start, at)
    }

    /// The sizes of the components, by component number.
    #[must_use]
    pub fn sizes(&self) -> Vec<usize> {
        let mut sizes = vec![0; self.count];
        for &l in &self.labels {
            if let Some(s) = sizes.get_mut(l as usize) {
                *s += 1;
            }
        }
        sizes
    }
}

impl Fleet {
    /// Everything linked to `start` through links of `kinds`, up to `depth` links away.
    ///
    /// # Arguments
    /// * `start`: the asset (or user group) to start from.
    /// * `kinds`: the link kinds to follow, in either direction.
    /// * `depth`: the largest number of links from `start` (0 gives `start` alone).
    ///
    /// # Returns
    /// Breadth-first, `(node, distance)` pairs starting with `(start, 0)`; empty if `start` is
    /// not in the fleet.
    ///
    /// # Complexity
    /// O(sum of the degrees of the nodes visited), expected; memory O(nodes visited).
    /// Following [`LinkKind::UserGroup`] from an asset reaches its user group and from there
    /// every asset of that group: leave it out for a local neighbourhood.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{ChargeCard, ChargePoint, Customer, Fleet, LinkKind, LinkKinds, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let card = f.add_asset("K", ChargeCard::default(), ug)?;
    /// let cust = f.add_asset("C", Customer::default(), ug)?;
    /// let cp = f.add_asset("CP", ChargePoint::default(), ug)?;
    /// f.add_link(card, cust, LinkKind::CardCustomer)?;
    /// f.add_link(cust, cp, LinkKind::CustomerChargePoint)?;
    /// let n = f.neighbourhood(card, LinkKinds::CONNECTIONS, 2);
    /// assert_eq!(n, vec![(card, 0), (cust, 1), (cp, 2)]);
    /// assert_eq!(f.neighbourhood(card, LinkKinds::CONNECTIONS, 1).len(), 2);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn neighbourhood(
        &self,
        start: NodeIndex,
        kinds: LinkKinds,
        depth: usize,
    ) -> Vec<(NodeIndex, usize)> {
        if self.node(start).is_none() {
            return Vec::new();
        }
        // a hash set, not a bit set over the whole fleet: a neighbourhood is small
        let mut seen = hashbrown::HashSet::new();
        seen.insert(start);
        let mut out = vec![(start, 0)];
        let mut queue = VecDeque::from([(start, 0usize)]);
        while let Some((n, d)) = queue.pop_front() {
            if d >= depth {
                continue;
            }
            for l in self.links_of(n) {
                if !kinds.contains(l.link.kind) {
                    continue;
                }
                let m = l.other(n);
                if seen.insert(m) {
                    out.push((m, d + 1));
                    queue.push_back((m, d + 1));
                }
            }
        }
        out
    }

    /// The links among a set of nodes and those leaving it: every link of `kinds` with at least
    /// one end in `nodes`, each once. Used to draw a neighbourhood.
    ///
    /// # Complexity
    /// O(sum of the degrees of `nodes`).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKinds, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.links_touching(&[c], LinkKinds::ALL).len(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn links_touching(&self, nodes: &[NodeIndex], kinds: LinkKinds) -> Vec<LinkRef> {
        let mut seen = hashbrown::HashSet::new();
        let mut out = Vec::new();
        for &n in nodes {
            for l in self.links_of(n) {
                if kinds.contains(l.link.kind) && seen.insert(l.index) {
                    out.push(l);
                }
            }
        }
        out
    }

    /// The assets owned by user group `ug`, and with `with_subtree` by every user group under it.
    ///
    /// # Returns
    /// Asset indices, grouped by user group in [`Fleet::subtree`] order.
    ///
    /// # Complexity
    /// O(sum of the in-degrees of the user groups concerned).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let r = f.add_user_group("R", UserGroup::default(), None)?;
    /// let a = f.add_user_group("A", UserGroup::default(), Some(r))?;
    /// let c1 = f.add_asset("C1", Customer::default(), r)?;
    /// let c2 = f.add_asset("C2", Customer::default(), a)?;
    /// assert_eq!(f.assets_of(r, false), vec![c1]);
    /// assert_eq!(f.assets_of(r, true), vec![c1, c2]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn assets_of(&self, ug: NodeIndex, with_subtree: bool) -> Vec<NodeIndex> {
        let groups = if with_subtree {
            self.subtree(ug)
        } else if self.kind(ug) == Some(NodeKind::UserGroup) {
            vec![ug]
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        for g in groups {
            let mut own: Vec<NodeIndex> = self
                .graph()
                .edges_directed(g, petgraph::Direction::Incoming)
                .filter(|e| e.weight().kind == LinkKind::UserGroup)
                .map(|e| petgraph::visit::EdgeRef::source(&e))
                .collect();
            own.sort_unstable();
            out.extend(own);
        }
        out
    }

    /// The connected components of the fleet when only links of `kinds` count (links taken
    /// undirected). With [`LinkKinds::CONNECTIONS`] a component is a set of assets that are
    /// connected to each other, e.g. what must move together to avoid split links.
    ///
    /// # Returns
    /// A [`Components`] labelling every node.
    ///
    /// # Complexity
    /// O(V + E α(V)) time with union-find, O(V) memory.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, LinkKinds, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let k = f.add_asset("K", ChargeCard::default(), ug)?;
    /// let lone = f.add_asset("K2", ChargeCard::default(), ug)?;
    /// f.add_link(k, c, LinkKind::CardCustomer)?;
    /// let comps = f.components(LinkKinds::CONNECTIONS);
    /// assert_eq!(comps.count(), 3); // {UG}, {C, K}, {K2}
    /// assert_eq!(comps.component_of(c), comps.component_of(k));
    /// assert_ne!(comps.component_of(c), comps.component_of(lone));
    /// assert_eq!(f.components(LinkKinds::ALL).count(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn components(&self, kinds: LinkKinds) -> Components {
        let g = self.graph();
        let bound = g.node_bound();
        let mut uf: UnionFind<u32> = UnionFind::new(bound);
        for l in self.links() {
            if kinds.contains(l.link.kind) {
                uf.union(index_u32(l.source), index_u32(l.target));
            }
        }
        let mut labels = vec![u32::MAX; bound];
        let mut root_label = vec![u32::MAX; bound];
        let mut count: u32 = 0;
        for ix in g.node_indices() {
            let root = uf.find_mut(index_u32(ix)) as usize;
            let (Some(rl), Some(l)) = (root_label.get_mut(root), labels.get_mut(ix.index())) else {
                continue;
            };
            if *rl == u32::MAX {
                *rl = count;
                count += 1;
            }
            *l = *rl;
        }
        Components {
            labels,
            count: count as usize,
        }
    }

    /// The cut between two asset sets: every link of `kinds` with one end in `a` and the other in
    /// `b`. With `b` the complement of `a` ([`Fleet::boundary`]) this is what a move of `a` alone
    /// would split.
    ///
    /// # Complexity
    /// O(V / 8 + |b| + sum of the degrees of `a`).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, LinkKinds, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let cp = f.add_asset("CP", ChargePoint::default(), ug)?;
    /// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
    /// let cut = f.cut(&[c], &[cp], LinkKinds::CONNECTIONS);
    /// assert_eq!(cut.len(), 1);
    /// assert_eq!(cut[0].link.kind, LinkKind::CustomerChargePoint);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn cut(&self, a: &[NodeIndex], b: &[NodeIndex], kinds: LinkKinds) -> Vec<LinkRef> {
        let mut in_b = Marks::new(self.graph().node_bound());
        for &n in b {
            in_b.insert(n);
        }
        let mut in_a = Marks::new(self.graph().node_bound());
        let mut out = Vec::new();
        for &n in a {
            if !in_a.insert(n) {
                continue;
            }
            for l in self.links_of(n) {
                if kinds.contains(l.link.kind) && in_b.contains(l.other(n)) {
                    out.push(l);
                }
            }
        }
        out
    }

    /// The boundary of a set: every link of `kinds` with exactly one end in `a`.
    ///
    /// # Complexity
    /// O(V / 8 + sum of the degrees of `a`).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKinds, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.boundary(&[c], LinkKinds::ALL).len(), 1); // its ownership link
    /// assert_eq!(f.boundary(&[c, ug], LinkKinds::ALL).len(), 0);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn boundary(&self, a: &[NodeIndex], kinds: LinkKinds) -> Vec<LinkRef> {
        let mut in_a = Marks::new(self.graph().node_bound());
        for &n in a {
            in_a.insert(n);
        }
        let mut done = Marks::new(self.graph().node_bound());
        let mut out = Vec::new();
        for &n in a {
            if !done.insert(n) {
                continue;
            }
            for l in self.links_of(n) {
                if kinds.contains(l.link.kind) && !in_a.contains(l.other(n)) {
                    out.push(l);
                }
            }
        }
        out
    }

    /// Number of nodes of each kind (kinds without nodes are left out).
    ///
    /// # Complexity
    /// O(V).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.count_by_kind()[&NodeKind::Customer], 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn count_by_kind(&self) -> BTreeMap<NodeKind, usize> {
        let mut out = BTreeMap::new();
        for (_, n) in self.nodes() {
            *out.entry(n.kind()).or_insert(0) += 1;
        }
        out
    }

    /// Number of links of each kind (kinds without links are left out).
    ///
    /// # Complexity
    /// O(E).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.count_links_by_kind()[&LinkKind::UserGroup], 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn count_links_by_kind(&self) -> BTreeMap<LinkKind, usize> {
        let mut out = BTreeMap::new();
        for l in self.links() {
            *out.entry(l.link.kind).or_insert(0) += 1;
        }
        out
    }

    /// The value of segment `key` of charge point `cp`: a segment tag, or else one of the
    /// built-in segments `vendor`, `model`, `firmware`, `vendor_model` (vendor/model),
    /// `country`, `city` (of its location) or `user_group` (its id).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{ChargePoint, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let mut d = ChargePoint { vendor: Some("ABB".into()), ..Default::default() };
    /// d.segments.insert("criticality".into(), "high".into());
    /// let cp = f.add_asset("CP", d, ug)?;
    /// assert_eq!(f.segment_of(cp, "criticality").as_deref(), Some("high"));
    /// assert_eq!(f.segment_of(cp, "vendor").as_deref(), Some("ABB"));
    /// assert_eq!(f.segment_of(cp, "user_group").as_deref(), Some("UG"));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn segment_of(&self, cp: NodeIndex, key: &str) -> Option<String> {
        self.segment_value(cp, key).map(Cow::into_owned)
    }

    /// [`Fleet::segment_of`] without a copy: the value borrowed from the fleet (owned only for
    /// `vendor_model`, which is made of two fields).
    ///
    /// # Complexity
    /// O(log tags), plus O(degree of `cp`) for a built-in segment of its location or user group.
    ///
    /// # Example
    /// ```
    /// use std::borrow::Cow;
    /// use chargeshift_graph::{ChargePoint, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let d = ChargePoint { vendor: Some("ABB".into()), model: Some("Terra".into()), ..Default::default() };
    /// let cp = f.add_asset("CP", d, ug)?;
    /// assert!(matches!(f.segment_value(cp, "vendor"), Some(Cow::Borrowed("ABB"))));
    /// assert_eq!(f.segment_value(cp, "vendor_model").as_deref(), Some("ABB/Terra"));
    /// assert_eq!(f.segment_value(cp, "criticality"), None);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn segment_value(&self, cp: NodeIndex, key: &str) -> Option<Cow<'_, str>> {
        let Some(NodeData::ChargePoint(d)) = self.node(cp).map(|n| &n.data) else {
            return None;
        };
        if let Some(v) = d.segments.get(key) {
            return Some(Cow::Borrowed(v));
        }
        let location = || {
            self.target_of(cp, LinkKind::ChargePointLocation)
                .and_then(|l| match self.node(l).map(|n| &n.data) {
                    Some(NodeData::Location(loc)) => Some(loc),
                    _ => None,
                })
        };
        match key {
            "vendor" => d.vendor.as_deref().map(Cow::Borrowed),
            "model" => d.model.as_deref().map(Cow::Borrowed),
            "firmware" => d.firmware.as_deref().map(Cow::Borrowed),
            "vendor_model" => Some(Cow::Owned(format!(
                "{}/{}",
                d.vendor.as_deref().unwrap_or(""),
                d.model.as_deref().unwrap_or("")
            ))),
            "country" => location().and_then(|l| l.country.as_deref().map(Cow::Borrowed)),
            "city" => location().and_then(|l| l.city.as_deref().map(Cow::Borrowed)),
            "user_group" => self.user_group_of(cp).map(|u| Cow::Borrowed(self.id(u))),
            _ => None,
        }
    }

    /// Number of charge points per value of segment `key` (see [`Fleet::segment_of`]); charge
    /// points without a value count under `""`.
    ///
    /// # Complexity
    /// O(V).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{ChargePoint, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("CP1", ChargePoint { vendor: Some("ABB".into()), ..Default::default() }, ug)?;
    /// f.add_asset("CP2", ChargePoint::default(), ug)?;
    /// let by = f.count_by_segment("vendor");
    /// assert_eq!((by["ABB"], by[""]), (1, 1));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn count_by_segment(&self, key: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (ix, _) in self.nodes_of_kind(NodeKind::ChargePoint) {
            let v = self.segment_of(ix, key).unwrap_or_default();
            *out.entry(v).or_insert(0) += 1;
        }
        out
    }
}

fn index_u32(ix: NodeIndex) -> u32 {
    u32::try_from(ix.index()).unwrap_or(u32::MAX)
}
