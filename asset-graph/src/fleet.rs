//! [`Fleet`]: the fleet graph on a petgraph [`StableGraph`], with its (kind, id) index and the
//! operations that keep its cardinality rules.

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};
use petgraph::Direction::{Incoming, Outgoing};
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences};

use crate::model::{Link, LinkKind, Node, NodeData, NodeDataMut, NodeKind, UserGroup};

/// The graph type under a [`Fleet`]: directed, stable indices, `u32` indices.
pub type FleetGraph = StableGraph<Node, Link>;

/// An error of a [`Fleet`] operation: the operation would break a rule of the model. Each
/// variant names the nodes concerned by kind and id.
///
/// ```
/// use chargeshift_graph::{Customer, Fleet, ModelError, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// f.add_asset("C1", Customer::default(), ug)?;
/// assert!(matches!(
///     f.add_asset("C1", Customer::default(), ug),
///     Err(ModelError::DuplicateId { .. })
/// ));
/// # Ok::<(), ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// A node of the same kind with the same id exists.
    #[error("duplicate {kind} id {id:?}")]
    DuplicateId {
        /// Kind of the node.
        kind: NodeKind,
        /// The id.
        id: String,
    },
    /// A node index does not belong to this fleet (or its node was removed).
    #[error("no node at index {index}")]
    NoSuchNode {
        /// The index.
        index: usize,
    },
    /// A link index does not belong to this fleet (or its link was removed).
    #[error("no link at index {index}")]
    NoSuchLink {
        /// The index.
        index: usize,
    },
    /// A link kind cannot connect these node kinds.
    #[error("a {link} link cannot connect {a_kind} {a_id:?} and {b_kind} {b_id:?}")]
    WrongEndpoints {
        /// The link kind.
        link: LinkKind,
        /// Kind of the first node.
        a_kind: NodeKind,
        /// Id of the first node.
        a_id: String,
        /// Kind of the second node.
        b_kind: NodeKind,
        /// Id of the second node.
        b_id: String,
    },
    /// The source node already has its one link of this kind (e.g. a card on a second customer).
    #[error("{kind} {id:?} already has a {link} link (to {existing:?}), at most one is allowed")]
    Cardinality {
        /// The link kind.
        link: LinkKind,
        /// Kind of the node.
        kind: NodeKind,
        /// Id of the node.
        id: String,
        /// Id of the node it is already linked to.
        existing: String,
    },
    /// The same link already exists.
    #[error("{link} link between {a_id:?} and {b_id:?} exists already")]
    DuplicateLink {
        /// The link kind.
        link: LinkKind,
        /// Id of the source node.
        a_id: String,
        /// Id of the target node.
        b_id: String,
    },
    /// Setting this parent would close a cycle in the user-group tree.
    #[error("user group {child:?} under {parent:?} would close a cycle")]
    Cycle {
        /// Id of the child user group.
        child: String,
        /// Id of the intended parent.
        parent: String,
    },
    /// A customer-specific tariff was given on a link that is not customer–charge group, or it
    /// is not a tariff node.
    #[error("a tariff on a {link} link must be a tariff node on a customer_charge_group link")]
    BadLinkTariff {
        /// The link kind.
        link: LinkKind,
    },
}

/// One link of the fleet as seen by an iterator: its index, its ends and its weight.
///
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let cu = f.add_asset("C", Customer::default(), ug)?;
/// let ca = f.add_asset("K", ChargeCard::default(), ug)?;
/// f.add_link(cu, ca, LinkKind::CardCustomer)?; // any order: the edge goes card -> customer
/// let l = f.links_of_kind(cu, LinkKind::CardCustomer).next().unwrap();
/// assert_eq!((l.source, l.target), (ca, cu));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkRef {
    /// Index of the link.
    pub index: EdgeIndex,
    /// The source node (first node kind of [`LinkKind::endpoints`]).
    pub source: NodeIndex,
    /// The target node.
    pub target: NodeIndex,
    /// The link weight.
    pub link: Link,
}

impl LinkRef {
    /// The end of the link that is not `node` (`source` if `node` is neither end).
    #[must_use]
    pub fn other(&self, node: NodeIndex) -> NodeIndex {
        if node == self.source {
            self.target
        } else {
            self.source
        }
    }
}

/// The fleet: a typed graph of user groups, assets and their links, with an index from
/// (kind, id) to node.
///
/// Built on a petgraph [`StableGraph`] so that removing a node or link keeps every other index
/// valid, which a planner simulating moves relies on. Every insert enforces the cardinality rules
/// of the model: a card has at most one customer, a charge point at most one location and one
/// parameter set, a charge group at most one tariff, an asset at most one user group (exactly one
/// once built: see [`Fleet::assets_without_user_group`]), the user-group tree has no cycle.
///
/// The index stores only a `u32` per node and hashes the id stored in the node, so ids are held
/// once.
///
/// # Example
///
/// ```
/// use chargeshift_graph::{ChargeCard, ChargePoint, Customer, Fleet, LinkKind, NodeKind, UserGroup};
/// let mut fleet = Fleet::new();
/// let acme = fleet.add_user_group("acme", UserGroup { name: None, is_provider: true }, None)?;
/// let cust = fleet.add_asset("C-1", Customer::default(), acme)?;
/// let card = fleet.add_asset("04A1B2", ChargeCard::default(), acme)?;
/// let cp = fleet.add_asset("NL*ACM*E1", ChargePoint::default(), acme)?;
/// fleet.add_link(card, cust, LinkKind::CardCustomer)?;
/// fleet.add_link(cust, cp, LinkKind::CustomerChargePoint)?;
///
/// assert_eq!(fleet.find(NodeKind::ChargeCard, "04A1B2"), Some(card));
/// assert_eq!(fleet.target_of(card, LinkKind::CardCustomer), Some(cust));
/// assert_eq!(fleet.user_group_of(cp), Some(acme));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[derive(Clone, Default)]
pub struct Fleet {
    graph: FleetGraph,
    index: HashTable<Slot>,
    hasher: DefaultHashBuilder,
    /// Per node index, the target of its `user_group` link ([`NO_OWNER`]: none), so that the
    /// owner of a hub (a customer with thousands of charge points) is found without walking its
    /// out-links; kept by every method that adds or removes links or nodes.
    owner: Vec<u32>,
    /// Per node index, the node's kind (`None`: no node), so that [`Fleet::nodes_of_kind`]
    /// scans a byte per node instead of every node's weight; kept by every method that adds or
    /// removes nodes (a node's kind cannot change: [`Fleet::node_data_mut`]).
    kinds: Vec<Option<NodeKind>>,
}

/// [`Fleet::owner`]'s value for a node without a user group (or no node).
const NO_OWNER: u32 = u32::MAX;

/// An entry of the (kind, id) index: the node and 32 more bits of its key's hash, so that a
/// probe only reads the node (a cache miss) when the hashes agree.
#[derive(Debug, Clone, Copy)]
struct Slot {
    ix: NodeIndex,
    tag: u32,
}

fn tag(h: u64) -> u32 {
    u32::try_from(h >> 32).unwrap_or(0)
}

impl fmt::Debug for Fleet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fleet")
            .field("nodes", &self.graph.node_count())
            .field("links", &self.graph.edge_count())
            .finish()
    }
}

fn key_hash(hasher: &DefaultHashBuilder, kind: NodeKind, id: &str) -> u64 {
    hasher.hash_one((kind, id))
}

impl Fleet {
    /// An empty fleet.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::Fleet::new().node_count(), 0);
    /// ```
    #[must_use]
    pub fn new() -> Fleet {
        Fleet::default()
    }

    /// An empty fleet with room for `nodes` nodes and `links` links.
    ///
    /// ```
    /// let f = chargeshift_graph::Fleet::with_capacity(10, 20);
    /// assert_eq!(f.link_count(), 0);
    /// ```
    #[must_use]
    pub fn with_capacity(nodes: usize, links: usize) -> Fleet {
        Fleet {
            graph: StableGraph::with_capacity(nodes, links),
            index: HashTable::with_capacity(nodes),
            hasher: DefaultHashBuilder::default(),
            owner: Vec::new(),
            kinds: Vec::with_capacity(nodes),
        }
    }

    /// The underlying petgraph graph, for algorithms this crate does not provide.
    ///
    /// ```
    /// use petgraph::visit::IntoNodeReferences;
    /// let f = chargeshift_graph::Fleet::new();
    /// assert_eq!(f.graph().node_references().count(), 0);
    /// ```
    #[must_use]
    pub fn graph(&self) -> &FleetGraph {
        &self.graph
    }

    /// Number of nodes.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::Fleet::new().node_count(), 0);
    /// ```
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of links.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::Fleet::new().link_count(), 0);
    /// ```
    #[must_use]
    pub fn link_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node of kind `kind` with id `id`. O(1).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(f.find(NodeKind::UserGroup, "UG"), Some(ug));
    /// assert_eq!(f.find(NodeKind::Customer, "UG"), None);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn find(&self, kind: NodeKind, id: &str) -> Option<NodeIndex> {
        self.find_hashed(key_hash(&self.hasher, kind, id), kind, id)
    }

    fn find_hashed(&self, h: u64, kind: NodeKind, id: &str) -> Option<NodeIndex> {
        let (graph, t) = (&self.graph, tag(h));
        self.index
            .find(h, |s| {
                s.tag == t
                    && graph
                        .node_weight(s.ix)
                        .is_some_and(|n| n.kind() == kind && n.id_bytes() == id.as_bytes())
            })
            .map(|s| s.ix)
    }

    /// The node at `ix`, if it exists.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(f.node(ug).map(|n| n.id()), Some("UG"));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn node(&self, ix: NodeIndex) -> Option<&Node> {
        self.graph.node_weight(ix)
    }

    /// The attributes of the node at `ix`, mutable: its kind's record, so that neither its id
    /// nor its kind can change (the fleet's indexes depend on both).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, NodeDataMut, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// if let Some(NodeDataMut::UserGroup(u)) = f.node_data_mut(ug) { u.is_provider = true; }
    /// assert!(f.is_provider(ug));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn node_data_mut(&mut self, ix: NodeIndex) -> Option<NodeDataMut<'_>> {
        self.graph
            .node_weight_mut(ix)
            .map(|n| NodeDataMut::from(&mut n.data))
    }

    /// The kind of the node at `ix`.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(f.kind(ug), Some(NodeKind::UserGroup));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn kind(&self, ix: NodeIndex) -> Option<NodeKind> {
        // from the byte kept per node: no read of the node's weight
        self.kinds.get(ix.index()).copied().flatten()
    }

    /// The id of the node at `ix` (`""` if there is none).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(f.id(ug), "UG");
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn id(&self, ix: NodeIndex) -> &str {
        self.graph.node_weight(ix).map_or("", Node::id)
    }

    /// Every node with its index, in index order.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// f.add_user_group("UG", UserGroup::default(), None)?;
    /// assert_eq!(f.nodes().count(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.graph
            .node_indices()
            .filter_map(|ix| self.graph.node_weight(ix).map(|n| (ix, n)))
    }

    /// Every node of one kind, in index order. O(V) over a byte per node (the fleet keeps each
    /// node's kind beside the graph), reading only the nodes of that kind.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.nodes_of_kind(NodeKind::Customer).count(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn nodes_of_kind(&self, kind: NodeKind) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        let want = Some(kind);
        self.kinds
            .iter()
            .enumerate()
            .filter(move |&(_, &k)| k == want)
            .filter_map(|(i, _)| {
                let ix = NodeIndex::new(i);
                self.graph.node_weight(ix).map(|n| (ix, n))
            })
    }

    /// Records the kind of the node just added at `ix` (see [`Fleet::kinds`]).
    fn set_kind(&mut self, ix: NodeIndex, kind: Option<NodeKind>) {
        let i = ix.index();
        if self.kinds.len() <= i {
            self.kinds.resize(i + 1, None);
        }
        if let Some(k) = self.kinds.get_mut(i) {
            *k = kind;
        }
    }

    /// Every link, in index order.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.links().map(|l| l.link.kind).collect::<Vec<_>>(), [LinkKind::UserGroup]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn links(&self) -> impl Iterator<Item = LinkRef> + '_ {
        (&self.graph).edge_references().map(|e| LinkRef {
            index: e.id(),
            source: e.source(),
            target: e.target(),
            link: *e.weight(),
        })
    }

    /// The link at `e`, if it exists.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let l = f.links_of(c).next().unwrap();
    /// assert_eq!(f.link(l.index), Some(l));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn link(&self, e: EdgeIndex) -> Option<LinkRef> {
        let (source, target) = self.graph.edge_endpoints(e)?;
        let link = *self.graph.edge_weight(e)?;
        Some(LinkRef {
            index: e,
            source,
            target,
            link,
        })
    }

    /// Every link of the node at `ix`, outgoing then incoming. O(degree).
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.links_of(ug).count(), 1);
    /// assert_eq!(f.links_of(c).next().map(|l| l.other(c)), Some(ug));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn links_of(&self, ix: NodeIndex) -> impl Iterator<Item = LinkRef> + '_ {
        self.graph
            .edges_directed(ix, Outgoing)
            .chain(self.graph.edges_directed(ix, Incoming))
            .map(|e| LinkRef {
                index: e.id(),
                source: e.source(),
                target: e.target(),
                link: *e.weight(),
            })
    }

    /// The links of one kind of the node at `ix`. O(degree).
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.links_of_kind(ug, LinkKind::UserGroup).count(), 1);
    /// assert_eq!(f.links_of_kind(ug, LinkKind::ParentGroup).count(), 0);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn links_of_kind(
        &self,
        ix: NodeIndex,
        kind: LinkKind,
    ) -> impl Iterator<Item = LinkRef> + '_ {
        self.links_of(ix).filter(move |l| l.link.kind == kind)
    }

    /// The nodes linked to `ix` by a link of `kind`, either direction. O(degree).
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.linked(ug, LinkKind::UserGroup).collect::<Vec<_>>(), [c]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn linked(&self, ix: NodeIndex, kind: LinkKind) -> impl Iterator<Item = NodeIndex> + '_ {
        self.links_of_kind(ix, kind).map(move |l| l.other(ix))
    }

    /// The target of the outgoing link of `kind` of `ix`: a card's customer, a charge point's
    /// location or parameter set, a charge group's tariff, an asset's user group, a user group's
    /// parent. O(out-degree).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let root = f.add_user_group("R", UserGroup::default(), None)?;
    /// let sub = f.add_user_group("S", UserGroup::default(), Some(root))?;
    /// assert_eq!(f.target_of(sub, LinkKind::ParentGroup), Some(root));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn target_of(&self, ix: NodeIndex, kind: LinkKind) -> Option<NodeIndex> {
        if kind == LinkKind::UserGroup {
            return self.user_group_of(ix);
        }
        self.graph
            .edges_directed(ix, Outgoing)
            .find(|e| e.weight().kind == kind)
            .map(|e| e.target())
    }

    fn out_link_of(&self, ix: NodeIndex, kind: LinkKind) -> Option<EdgeIndex> {
        self.graph
            .edges_directed(ix, Outgoing)
            .find(|e| e.weight().kind == kind)
            .map(|e| e.id())
    }

    /// The user group owning the asset `ix`.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.user_group_of(c), Some(ug));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn user_group_of(&self, ix: NodeIndex) -> Option<NodeIndex> {
        self.owner
            .get(ix.index())
            .filter(|&&o| o != NO_OWNER)
            .map(|&o| NodeIndex::new(o as usize))
    }

    /// Records that `source`'s `user_group` link now points to `target` (or that it has none).
    fn set_owner(&mut self, source: NodeIndex, target: Option<NodeIndex>) {
        let i = source.index();
        match target {
            Some(t) => {
                if self.owner.len() <= i {
                    self.owner.resize(i + 1, NO_OWNER);
                }
                if let Some(o) = self.owner.get_mut(i) {
                    *o = u32::try_from(t.index()).unwrap_or(NO_OWNER);
                }
            }
            None => {
                if let Some(o) = self.owner.get_mut(i) {
                    *o = NO_OWNER;
                }
            }
        }
    }

    /// Adds the edge `source → target` to the graph, keeping [`Fleet::owner`].
    fn add_edge(&mut self, source: NodeIndex, target: NodeIndex, link: Link) -> EdgeIndex {
        if link.kind == LinkKind::UserGroup {
            self.set_owner(source, Some(target));
        }
        self.graph.add_edge(source, target, link)
    }

    /// Removes the link `l` from the graph, keeping [`Fleet::owner`].
    fn remove_edge(&mut self, l: &LinkRef) {
        if l.link.kind == LinkKind::UserGroup {
            self.set_owner(l.source, None);
        }
        self.graph.remove_edge(l.index);
    }

    fn require(&self, ix: NodeIndex) -> Result<&Node, ModelError> {
        self.graph
            .node_weight(ix)
            .ok_or(ModelError::NoSuchNode { index: ix.index() })
    }

    /// Adds a node without any link. Fails if a node of the same kind and id exists.
    ///
    /// An asset added this way has no user group until [`Fleet::set_user_group`]; prefer
    /// [`Fleet::add_asset`] and [`Fleet::add_user_group`].
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, Node, Tariff};
    /// let mut f = Fleet::new();
    /// let t = f.add_node(Node::new("T1", Tariff::default()))?;
    /// assert_eq!(f.user_group_of(t), None);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn add_node(&mut self, node: Node) -> Result<NodeIndex, ModelError> {
        let kind = node.kind();
        let h = key_hash(&self.hasher, kind, node.id());
        let t = tag(h);
        let (graph, hasher) = (&self.graph, &self.hasher);
        // one probe: finds a node of the same key or the free slot for this one
        let entry = self.index.entry(
            h,
            |s| {
                s.tag == t
                    && graph
                        .node_weight(s.ix)
                        .is_some_and(|n| n.kind() == kind && n.id_bytes() == node.id_bytes())
            },
            |s| {
                graph
                    .node_weight(s.ix)
                    .map_or(0, |n| key_hash(hasher, n.kind(), n.id()))
            },
        );
        match entry {
            Entry::Occupied(_) => Err(ModelError::DuplicateId {
                kind,
                id: node.id().to_owned(),
            }),
            Entry::Vacant(slot) => {
                let ix = self.graph.add_node(node);
                slot.insert(Slot { ix, tag: t });
                self.set_kind(ix, Some(kind));
                Ok(ix)
            }
        }
    }

    /// Adds a user group under `parent` (or as a root).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let root = f.add_user_group("R", UserGroup::default(), None)?;
    /// let sub = f.add_user_group("S", UserGroup::default(), Some(root))?;
    /// assert_eq!(f.parent_of(sub), Some(root));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn add_user_group(
        &mut self,
        id: &str,
        user_group: UserGroup,
        parent: Option<NodeIndex>,
    ) -> Result<NodeIndex, ModelError> {
        if let Some(p) = parent {
            self.require(p)?;
        }
        let ix = self.add_node(Node::new(id, user_group))?;
        if let Some(p) = parent
            && let Err(e) = self.add_link(ix, p, LinkKind::ParentGroup)
        {
            self.remove_node(ix);
            return Err(e);
        }
        Ok(ix)
    }

    /// Adds an asset (any kind but a user group) owned by `user_group`.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let cp = f.add_asset("CP1", ChargePoint::default(), ug)?;
    /// assert_eq!(f.user_group_of(cp), Some(ug));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn add_asset(
        &mut self,
        id: &str,
        data: impl Into<NodeData>,
        user_group: NodeIndex,
    ) -> Result<NodeIndex, ModelError> {
        self.require(user_group)?;
        let ix = self.add_node(Node::new(id, data))?;
        if let Err(e) = self.add_link(ix, user_group, LinkKind::UserGroup) {
            self.remove_node(ix);
            return Err(e);
        }
        Ok(ix)
    }

    /// Adds a link of `kind` between `a` and `b`, in either order (the edge is stored in the
    /// direction of [`LinkKind::endpoints`]). Enforces the endpoint kinds, the at-most-one rules,
    /// no duplicate link, and no cycle in the user-group tree.
    ///
    /// ```
    /// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, ModelError, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let (c1, c2) = (f.add_asset("C1", Customer::default(), ug)?, f.add_asset("C2", Customer::default(), ug)?);
    /// let card = f.add_asset("K", ChargeCard::default(), ug)?;
    /// f.add_link(card, c1, LinkKind::CardCustomer)?;
    /// assert!(matches!(f.add_link(card, c2, LinkKind::CardCustomer), Err(ModelError::Cardinality { .. })));
    /// # Ok::<(), ModelError>(())
    /// ```
    pub fn add_link(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        kind: LinkKind,
    ) -> Result<EdgeIndex, ModelError> {
        self.insert_link(a, b, Link::new(kind))
    }

    /// Adds a link with a full weight (e.g. a customer–charge group link with its tariff), with
    /// the checks of [`Fleet::add_link`].
    ///
    /// ```
    /// use chargeshift_graph::{ChargeGroup, Customer, Fleet, Link, LinkKind, Tariff, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let g = f.add_asset("G", ChargeGroup::default(), ug)?;
    /// let t = f.add_asset("T", Tariff::default(), ug)?;
    /// let l = Link { kind: LinkKind::CustomerChargeGroup, tariff: Some(t) };
    /// let e = f.insert_link(g, c, l)?;
    /// assert_eq!(f.link(e).and_then(|l| l.link.tariff), Some(t));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn insert_link(
        &mut self,
        a: NodeIndex,
        b: NodeIndex,
        link: Link,
    ) -> Result<EdgeIndex, ModelError> {
        let kind = link.kind;
        let (na, nb) = (self.require(a)?, self.require(b)?);
        let (s, t) = if kind.accepts(na.kind(), nb.kind()) {
            (a, b)
        } else if kind.accepts(nb.kind(), na.kind()) {
            (b, a)
        } else {
            return Err(ModelError::WrongEndpoints {
                link: kind,
                a_kind: na.kind(),
                a_id: na.id().to_owned(),
                b_kind: nb.kind(),
                b_id: nb.id().to_owned(),
            });
        };
        if let Some(tariff) = link.tariff
            && (kind != LinkKind::CustomerChargeGroup
                || self.kind(tariff) != Some(NodeKind::Tariff))
        {
            return Err(ModelError::BadLinkTariff { link: kind });
        }
        if kind.at_most_one() {
            if let Some(existing) = self.target_of(s, kind) {
                return Err(ModelError::Cardinality {
                    link: kind,
                    kind: self.kind(s).unwrap_or(NodeKind::UserGroup),
                    id: self.id(s).to_owned(),
                    existing: self.id(existing).to_owned(),
                });
            }
        } else if self.has_link(s, t, kind) {
            return Err(ModelError::DuplicateLink {
                link: kind,
                a_id: self.id(s).to_owned(),
                b_id: self.id(t).to_owned(),
            });
        }
        if kind == LinkKind::ParentGroup && self.is_in_subtree(t, s) {
            return Err(ModelError::Cycle {
                child: self.id(s).to_owned(),
                parent: self.id(t).to_owned(),
            });
        }
        Ok(self.add_edge(s, t, link))
    }

    /// Whether the link `s → t` of `kind` exists, in time of the smaller of `s`'s out-degree and
    /// `t`'s in-degree: the two edge lists are walked in step, and the first one to end has been
    /// read whole (a hub such as a customer with 40,000 charge points would make a walk of its
    /// own list quadratic over an import).
    fn has_link(&self, s: NodeIndex, t: NodeIndex, kind: LinkKind) -> bool {
        let mut out = self.graph.edges_directed(s, Outgoing);
        let mut inc = self.graph.edges_directed(t, Incoming);
        loop {
            match out.next() {
                Some(e) if e.target() == t && e.weight().kind == kind => return true,
                Some(_) => {}
                None => return false,
            }
            match inc.next() {
                Some(e) if e.source() == s && e.weight().kind == kind => return true,
                Some(_) => {}
                None => return false,
            }
        }
    }

    /// Room for `nodes` more nodes and `links` more links.
    pub(crate) fn reserve(&mut self, nodes: usize, links: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(links);
        let (graph, hasher) = (&self.graph, &self.hasher);
        self.index.reserve(nodes, |s| {
            graph
                .node_weight(s.ix)
                .map_or(0, |n| key_hash(hasher, n.kind(), n.id()))
        });
    }

    /// The hash of the key (`kind`, `id`) in the index.
    pub(crate) fn key_hash(&self, kind: NodeKind, id: &str) -> u64 {
        key_hash(&self.hasher, kind, id)
    }

    /// The number of bits of the index's bucket numbers: the table probes from the low bits
    /// of a hash, so keys entered in the order of their low `bucket_bits` bits walk the table
    /// forward instead of jumping around it.
    pub(crate) fn bucket_bits(&self) -> u32 {
        // hashbrown keeps at most 7/8 of a power of two of buckets full
        let buckets = (self.index.capacity().max(1) * 8 / 7).next_power_of_two();
        buckets.trailing_zeros()
    }

    /// Adds `node` without entering it into the index, for a builder that knows its key is
    /// new and enters it with [`Fleet::index_new`] before anything looks it up.
    pub(crate) fn push_unindexed(&mut self, node: Node) -> NodeIndex {
        let kind = node.kind();
        let ix = self.graph.add_node(node);
        self.set_kind(ix, Some(kind));
        ix
    }

    /// Enters the node `ix`, whose key hashes to `h` and is not in the index, into the index.
    pub(crate) fn index_new(&mut self, h: u64, ix: NodeIndex) {
        let (graph, hasher) = (&self.graph, &self.hasher);
        self.index.insert_unique(h, Slot { ix, tag: tag(h) }, |s| {
            graph
                .node_weight(s.ix)
                .map_or(0, |n| key_hash(hasher, n.kind(), n.id()))
        });
    }

    /// Adds the link `source → target` without the checks of [`Fleet::insert_link`], for a
    /// builder that knows they hold: both nodes exist, their kinds are the endpoints of
    /// `link.kind` in this order, `source` has no outgoing link of that kind yet, and the kind
    /// is not [`LinkKind::ParentGroup`].
    pub(crate) fn push_link(&mut self, source: NodeIndex, target: NodeIndex, link: Link) {
        self.add_edge(source, target, link);
    }

    /// Removes the link at `e` and returns it.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let e = f.links_of(c).next().unwrap().index;
    /// assert!(f.remove_link(e).is_some());
    /// assert_eq!(f.user_group_of(c), None);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn remove_link(&mut self, e: EdgeIndex) -> Option<LinkRef> {
        let r = self.link(e)?;
        self.remove_edge(&r);
        Some(r)
    }

    /// Cuts the links of `kind` between `a` and `b` (either order); returns how many were cut.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let cp = f.add_asset("CP", ChargePoint::default(), ug)?;
    /// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
    /// assert_eq!(f.cut_link(cp, c, LinkKind::CustomerChargePoint), 1);
    /// assert_eq!(f.cut_link(cp, c, LinkKind::CustomerChargePoint), 0);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn cut_link(&mut self, a: NodeIndex, b: NodeIndex, kind: LinkKind) -> usize {
        let doomed: Vec<LinkRef> = self
            .links_of_kind(a, kind)
            .filter(|l| l.other(a) == b)
            .collect();
        for l in &doomed {
            self.remove_edge(l);
        }
        doomed.len()
    }

    /// Cuts every link of `kind` of the node `ix`; returns the cut links.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// let cp = f.add_asset("CP", ChargePoint::default(), ug)?;
    /// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
    /// assert_eq!(f.cut_links_of_kind(c, LinkKind::CustomerChargePoint).len(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn cut_links_of_kind(&mut self, ix: NodeIndex, kind: LinkKind) -> Vec<LinkRef> {
        let doomed: Vec<LinkRef> = self.links_of_kind(ix, kind).collect();
        for l in &doomed {
            self.remove_edge(l);
        }
        doomed
    }

    /// Moves the asset `asset` to the user group `user_group`; returns its former user group.
    /// Other links are untouched (the planner decides what to cut).
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let a = f.add_user_group("A", UserGroup::default(), None)?;
    /// let b = f.add_user_group("B", UserGroup::default(), Some(a))?;
    /// let c = f.add_asset("C", Customer::default(), a)?;
    /// assert_eq!(f.set_user_group(c, b)?, Some(a));
    /// assert_eq!(f.user_group_of(c), Some(b));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn set_user_group(
        &mut self,
        asset: NodeIndex,
        user_group: NodeIndex,
    ) -> Result<Option<NodeIndex>, ModelError> {
        self.replace_out_link(asset, user_group, LinkKind::UserGroup)
    }

    /// Sets (or clears, with `None`) the parent of user group `ug`; returns the former parent.
    /// Fails, changing nothing, if this would close a cycle.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, ModelError, UserGroup};
    /// let mut f = Fleet::new();
    /// let a = f.add_user_group("A", UserGroup::default(), None)?;
    /// let b = f.add_user_group("B", UserGroup::default(), Some(a))?;
    /// assert!(matches!(f.set_parent(a, Some(b)), Err(ModelError::Cycle { .. })));
    /// assert_eq!(f.set_parent(b, None)?, Some(a));
    /// # Ok::<(), ModelError>(())
    /// ```
    pub fn set_parent(
        &mut self,
        ug: NodeIndex,
        parent: Option<NodeIndex>,
    ) -> Result<Option<NodeIndex>, ModelError> {
        match parent {
            Some(p) => self.replace_out_link(ug, p, LinkKind::ParentGroup),
            None => {
                self.require(ug)?;
                let old = self.out_link_of(ug, LinkKind::ParentGroup);
                Ok(old.and_then(|e| self.remove_link(e)).map(|l| l.target))
            }
        }
    }

    /// Replaces the at-most-one outgoing link of `kind` of `source` by one to `target`
    /// (a card's customer, a charge point's location or parameter set, a charge group's tariff,
    /// an asset's user group, a user group's parent); returns the former target. On error the
    /// fleet is unchanged.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Fleet, LinkKind, Location, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let cp = f.add_asset("CP", ChargePoint::default(), ug)?;
    /// let l1 = f.add_asset("L1", Location::default(), ug)?;
    /// let l2 = f.add_asset("L2", Location::default(), ug)?;
    /// assert_eq!(f.replace_out_link(cp, l1, LinkKind::ChargePointLocation)?, None);
    /// assert_eq!(f.replace_out_link(cp, l2, LinkKind::ChargePointLocation)?, Some(l1));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn replace_out_link(
        &mut self,
        source: NodeIndex,
        target: NodeIndex,
        kind: LinkKind,
    ) -> Result<Option<NodeIndex>, ModelError> {
        let old = self.out_link_of(source, kind).and_then(|e| self.link(e));
        if let Some(o) = &old {
            self.remove_edge(o);
        }
        match self.insert_link(source, target, Link::new(kind)) {
            Ok(_) => Ok(old.map(|o| o.target)),
            Err(e) => {
                if let Some(o) = old {
                    self.add_edge(o.source, o.target, o.link);
                }
                Err(e)
            }
        }
    }

    /// Removes the node at `ix` with all its links, and returns it. Other indices stay valid.
    /// Removing a tariff also clears it from customer–charge group links that name it.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, Fleet, NodeKind, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// let c = f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(f.remove_node(c).map(|n| n.id().to_owned()), Some("C".to_owned()));
    /// assert_eq!(f.find(NodeKind::Customer, "C"), None);
    /// assert_eq!(f.link_count(), 0);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn remove_node(&mut self, ix: NodeIndex) -> Option<Node> {
        let (kind, h) = {
            let n = self.graph.node_weight(ix)?;
            (n.kind(), key_hash(&self.hasher, n.kind(), n.id()))
        };
        if let Ok(entry) = self.index.find_entry(h, |s| s.ix == ix) {
            entry.remove();
        }
        if kind == NodeKind::Tariff {
            for w in self.graph.edge_weights_mut() {
                if w.tariff == Some(ix) {
                    w.tariff = None;
                }
            }
        }
        // the node's own user group, and the assets it owned: their links go with it
        self.set_owner(ix, None);
        if kind == NodeKind::UserGroup {
            let owned: Vec<NodeIndex> = self
                .graph
                .edges_directed(ix, Incoming)
                .filter(|e| e.weight().kind == LinkKind::UserGroup)
                .map(|e| e.source())
                .collect();
            for a in owned {
                self.set_owner(a, None);
            }
        }
        self.set_kind(ix, None);
        self.graph.remove_node(ix)
    }

    /// Assets that have no user group (possible after a lenient import or [`Fleet::add_node`]).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, Node, Tariff};
    /// let mut f = Fleet::new();
    /// let t = f.add_node(Node::new("T", Tariff::default()))?;
    /// assert_eq!(f.assets_without_user_group().collect::<Vec<_>>(), [t]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn assets_without_user_group(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.nodes()
            .filter(|(ix, n)| n.kind().is_asset() && self.user_group_of(*ix).is_none())
            .map(|(ix, _)| ix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    #[test]
    fn remove_keeps_other_indices_and_index() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let a = f.add_asset("A", Customer::default(), ug).unwrap();
        let b = f.add_asset("B", Customer::default(), ug).unwrap();
        f.remove_node(a);
        assert_eq!(f.find(NodeKind::Customer, "B"), Some(b));
        let a2 = f.add_asset("A", Customer::default(), ug).unwrap();
        assert_eq!(f.find(NodeKind::Customer, "A"), Some(a2));
        assert_eq!(f.node_count(), 3);
    }

    #[test]
    fn same_id_in_two_kinds_is_fine() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("X", UserGroup::default(), None).unwrap();
        f.add_asset("X", Customer::default(), ug).unwrap();
        f.add_asset("X", ChargeCard::default(), ug).unwrap();
        assert_eq!(f.node_count(), 3);
    }

    /// The user group of every node as its out-links say (what [`Fleet::owner`] caches).
    fn owners_by_scan(f: &Fleet) -> Vec<(NodeIndex, Option<NodeIndex>)> {
        f.graph()
            .node_indices()
            .map(|n| {
                let ug = f
                    .graph()
                    .edges_directed(n, Outgoing)
                    .find(|e| e.weight().kind == LinkKind::UserGroup)
                    .map(|e| e.target());
                (n, ug)
            })
            .collect()
    }

    #[test]
    fn the_cached_user_group_follows_every_change() {
        let mut f = Fleet::new();
        let a = f.add_user_group("A", UserGroup::default(), None).unwrap();
        let b = f
            .add_user_group("B", UserGroup::default(), Some(a))
            .unwrap();
        let mut assets = Vec::new();
        for i in 0..12 {
            let ug = if i % 2 == 0 { a } else { b };
            assets.push(
                f.add_asset(&format!("C{i}"), Customer::default(), ug)
                    .unwrap(),
            );
        }
        let check = |f: &Fleet| {
            for (n, ug) in owners_by_scan(f) {
                assert_eq!(f.user_group_of(n), ug, "node {}", f.id(n));
                assert_eq!(f.target_of(n, LinkKind::UserGroup), ug);
            }
        };
        check(&f);
        f.set_user_group(assets[0], b).unwrap();
        check(&f);
        let e = f
            .links_of_kind(assets[1], LinkKind::UserGroup)
            .next()
            .unwrap()
            .index;
        f.remove_link(e).unwrap();
        check(&f);
        assert_eq!(f.cut_link(assets[2], a, LinkKind::UserGroup), 1);
        check(&f);
        assert_eq!(f.cut_links_of_kind(assets[3], LinkKind::UserGroup).len(), 1);
        check(&f);
        // a failed move leaves the old user group in place
        assert!(f.set_user_group(assets[4], assets[5]).is_err());
        check(&f);
        f.remove_node(assets[6]);
        check(&f);
        // removing a user group removes its assets' links: they have none left
        f.remove_node(b);
        check(&f);
        assert_eq!(f.user_group_of(assets[7]), None);
        // a new node may reuse a vacant index: it starts without a user group
        let c = f.add_node(Node::new("NEW", Customer::default())).unwrap();
        assert_eq!(f.user_group_of(c), None);
        f.set_user_group(c, a).unwrap();
        check(&f);
    }

    #[test]
    fn nodes_of_kind_follows_every_added_and_removed_node() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let mut nodes = Vec::new();
        for i in 0..30 {
            let id = format!("N{i}");
            nodes.push(if i % 3 == 0 {
                f.add_asset(&id, ChargePoint::default(), ug).unwrap()
            } else {
                f.add_asset(&id, Customer::default(), ug).unwrap()
            });
        }
        let check = |f: &Fleet| {
            for kind in NodeKind::ALL {
                let by_scan: Vec<NodeIndex> = f
                    .nodes()
                    .filter(|(_, n)| n.kind() == kind)
                    .map(|(ix, _)| ix)
                    .collect();
                let listed: Vec<NodeIndex> = f.nodes_of_kind(kind).map(|(ix, _)| ix).collect();
                assert_eq!(listed, by_scan, "{kind:?}");
                assert!(listed.iter().all(|&ix| f.kind(ix) == Some(kind)));
            }
        };
        check(&f);
        // removed nodes leave vacant indices, which new nodes of another kind reuse
        for &n in nodes.iter().step_by(3).take(5) {
            f.remove_node(n);
            assert_eq!(f.kind(n), None);
        }
        check(&f);
        assert_eq!(f.nodes_of_kind(NodeKind::ChargePoint).count(), 5);
        for i in 0..4 {
            f.add_node(Node::new(&format!("NEW{i}"), Customer::default()))
                .unwrap();
        }
        check(&f);
        assert_eq!(f.nodes_of_kind(NodeKind::ChargePoint).count(), 5);
        // a failed add (duplicate id) records nothing
        assert!(f.add_node(Node::new("N1", Customer::default())).is_err());
        check(&f);
    }

    #[test]
    fn duplicates_are_found_from_either_end_of_a_hub() {
        // a customer with many charge points, and a charge point with many customers: the
        // duplicate is found whichever of the two edge lists is the shorter one
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let hub = f.add_asset("HUB", Customer::default(), ug).unwrap();
        let shared = f.add_asset("SHARED", ChargePoint::default(), ug).unwrap();
        let mut cps = Vec::new();
        let mut customers = Vec::new();
        for i in 0..40 {
            let cp = f
                .add_asset(format!("CP{i}").as_str(), ChargePoint::default(), ug)
                .unwrap();
            f.add_link(hub, cp, LinkKind::CustomerChargePoint).unwrap();
            cps.push(cp);
            let c = f
                .add_asset(format!("C{i}").as_str(), Customer::default(), ug)
                .unwrap();
            f.add_link(c, shared, LinkKind::CustomerChargePoint)
                .unwrap();
            customers.push(c);
        }
        f.add_link(hub, shared, LinkKind::CustomerChargePoint)
            .unwrap();
        for &cp in cps.iter().chain([&shared]) {
            assert!(matches!(
                f.add_link(cp, hub, LinkKind::CustomerChargePoint),
                Err(ModelError::DuplicateLink { .. })
            ));
        }
        for &c in &customers {
            assert!(matches!(
                f.add_link(c, shared, LinkKind::CustomerChargePoint),
                Err(ModelError::DuplicateLink { .. })
            ));
            // a new pair is not a duplicate
            assert!(f.add_link(c, cps[0], LinkKind::CustomerChargePoint).is_ok());
        }
        // 82 assets in the user group, and 40 + 40 + 1 + 40 customer-charge point links
        assert_eq!(f.link_count(), 82 + 121);
    }

    #[test]
    fn wrong_endpoints_and_duplicates() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let c = f.add_asset("C", Customer::default(), ug).unwrap();
        let cp = f.add_asset("CP", ChargePoint::default(), ug).unwrap();
        assert!(matches!(
            f.add_link(c, cp, LinkKind::CardCustomer),
            Err(ModelError::WrongEndpoints { .. })
        ));
        f.add_link(cp, c, LinkKind::CustomerChargePoint).unwrap();
        assert!(matches!(
            f.add_link(c, cp, LinkKind::CustomerChargePoint),
            Err(ModelError::DuplicateLink { .. })
        ));
        assert!(matches!(
            f.add_link(ug, ug, LinkKind::ParentGroup),
            Err(ModelError::Cycle { .. })
        ));
        assert!(matches!(
            f.add_link(c, ug, LinkKind::UserGroup),
            Err(ModelError::Cardinality { .. })
        ));
    }

    #[test]
    fn failed_replace_restores() {
        let mut f = Fleet::new();
        let a = f.add_user_group("A", UserGroup::default(), None).unwrap();
        let b = f
            .add_user_group("B", UserGroup::default(), Some(a))
            .unwrap();
        let c = f
            .add_user_group("C", UserGroup::default(), Some(b))
            .unwrap();
        assert!(f.set_parent(b, Some(c)).is_err());
        assert_eq!(f.parent_of(b), Some(a));
        let g = f.clone();
        assert_eq!(g.parent_of(c), Some(b));
    }
}
