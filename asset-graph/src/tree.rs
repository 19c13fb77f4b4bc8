//! The user-group tree: parents and children, providers and sub-providers, the subtree of a
//! user group, and the visibility of owned resources (tariffs, parameter sets) along the tree.
//!
//! Every walk up the tree goes through one iterator, [`Ancestors`], with the one cycle guard
//! of the crate: an export may hold a cycle of user groups (reported by the import as
//! [`FindingClass::Cycle`](crate::validate::FindingClass::Cycle)), and a walk stops after as
//! many steps as the fleet has nodes. Walks down ([`Fleet::subtree`]) visit each user group once.

use hashbrown::HashSet;
use petgraph::Direction::Incoming;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::fleet::Fleet;
use crate::model::{LinkKind, NodeData, NodeKind, UserGroup};

/// The user groups from one user group up to the root of its tree: itself first, then its
/// parent, and so on; see [`Fleet::ancestors`]. Stops after as many steps as the fleet has nodes,
/// so a cycle in the tree ends the walk instead of looping.
#[derive(Debug, Clone)]
pub struct Ancestors<'a> {
    fleet: &'a Fleet,
    next: Option<NodeIndex>,
    left: usize,
}

impl Iterator for Ancestors<'_> {
    type Item = NodeIndex;

    fn next(&mut self) -> Option<NodeIndex> {
        let cur = self.next?;
        if self.left == 0 {
            self.next = None;
            return None;
        }
        self.left -= 1;
        self.next = self.fleet.parent_of(cur);
        Some(cur)
    }
}

impl Fleet {
    /// The user group `ug` and every user group above it, nearest first.
    ///
    /// # Complexity
    /// O(1) per step (the out-links of a user group are its owner and parent links); at most as
    /// many steps as the fleet has nodes, so cycle-safe.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let r = f.add_user_group("R", UserGroup::default(), None)?;
    /// let a = f.add_user_group("A", UserGroup::default(), Some(r))?;
    /// assert_eq!(f.ancestors(a).collect::<Vec<_>>(), [a, r]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn ancestors(&self, ug: NodeIndex) -> Ancestors<'_> {
        Ancestors {
            fleet: self,
            next: Some(ug),
            left: self.node_count(),
        }
    }

    /// The parent of the user group `ug`.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let root = f.add_user_group("R", UserGroup::default(), None)?;
    /// assert_eq!(f.parent_of(root), None);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn parent_of(&self, ug: NodeIndex) -> Option<NodeIndex> {
        self.target_of(ug, LinkKind::ParentGroup)
    }

    /// The child user groups of `ug`. O(in-degree of `ug`, which includes its assets).
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let root = f.add_user_group("R", UserGroup::default(), None)?;
    /// let sub = f.add_user_group("S", UserGroup::default(), Some(root))?;
    /// assert_eq!(f.children_of(root).collect::<Vec<_>>(), [sub]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    pub fn children_of(&self, ug: NodeIndex) -> impl Iterator<Item = NodeIndex> + '_ {
        self.graph()
            .edges_directed(ug, Incoming)
            .filter(|e| e.weight().kind == LinkKind::ParentGroup)
            .map(|e| e.source())
    }

    /// Whether `ug` is a user group set up as a provider.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
    /// assert!(f.is_provider(p));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_provider(&self, ug: NodeIndex) -> bool {
        matches!(
            self.graph().node_weight(ug).map(|n| &n.data),
            Some(NodeData::UserGroup(UserGroup {
                is_provider: true,
                ..
            }))
        )
    }

    /// Whether user group `ug` is `root` or lies under it. O(depth), cycle-safe.
    ///
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let root = f.add_user_group("R", UserGroup::default(), None)?;
    /// let sub = f.add_user_group("S", UserGroup::default(), Some(root))?;
    /// assert!(f.is_in_subtree(sub, root));
    /// assert!(!f.is_in_subtree(root, sub));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_in_subtree(&self, ug: NodeIndex, root: NodeIndex) -> bool {
        self.ancestors(ug).any(|c| c == root)
    }

    /// The provider of user group `ug`: its nearest ancestor-or-self set up as a provider.
    ///
    /// # Arguments
    /// * `ug`: a user-group node.
    ///
    /// # Returns
    /// The provider's index, or `None` if no ancestor-or-self is a provider (or `ug` is not a
    /// user group).
    ///
    /// # Complexity
    /// O(depth of `ug` in the tree × out-degree of a user group), cycle-safe.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
    /// let a = f.add_user_group("A", UserGroup::default(), Some(p))?;
    /// let sp = f.add_user_group("SP", UserGroup { name: None, is_provider: true }, Some(a))?;
    /// let b = f.add_user_group("B", UserGroup::default(), Some(sp))?;
    /// assert_eq!(f.provider_of(a), Some(p));
    /// assert_eq!(f.provider_of(b), Some(sp)); // a sub-provider
    /// assert_eq!(f.provider_of(p), Some(p));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn provider_of(&self, ug: NodeIndex) -> Option<NodeIndex> {
        self.ancestors(ug).find(|&c| self.is_provider(c))
    }

    /// Whether user group `ug` is a sub-provider: a provider with a provider above it.
    ///
    /// # Complexity
    /// O(depth).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
    /// let sp = f.add_user_group("SP", UserGroup { name: None, is_provider: true }, Some(p))?;
    /// assert!(f.is_sub_provider(sp));
    /// assert!(!f.is_sub_provider(p));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_sub_provider(&self, ug: NodeIndex) -> bool {
        self.is_provider(ug)
            && self
                .parent_of(ug)
                .and_then(|p| self.provider_of(p))
                .is_some()
    }

    /// The user groups of the subtree rooted at `ug`: `ug` first, then its descendants
    /// breadth-first.
    ///
    /// # Complexity
    /// O(sum of the in-degrees of the subtree's user groups) expected, cycle-safe (each user group
    /// once).
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let r = f.add_user_group("R", UserGroup::default(), None)?;
    /// let a = f.add_user_group("A", UserGroup::default(), Some(r))?;
    /// let b = f.add_user_group("B", UserGroup::default(), Some(a))?;
    /// assert_eq!(f.subtree(r), vec![r, a, b]);
    /// assert_eq!(f.subtree(b), vec![b]);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn subtree(&self, ug: NodeIndex) -> Vec<NodeIndex> {
        if self.kind(ug) != Some(NodeKind::UserGroup) {
            return Vec::new();
        }
        let mut seen: HashSet<NodeIndex> = HashSet::from_iter([ug]);
        let mut out = vec![ug];
        let mut i = 0;
        while let Some(&n) = out.get(i) {
            for c in self.children_of(n) {
                if seen.insert(c) {
                    out.push(c);
                }
            }
            i += 1;
        }
        out
    }

    /// Whether the owned resource `resource` (a tariff or parameter set) is usable in user group
    /// `ug`: owned by `ug` or by a user group above it up to and including its provider (tariffs
    /// and products of a provider are inherited by its user groups that are not providers).
    ///
    /// # Complexity
    /// O(depth of `ug`), cycle-safe.
    ///
    /// # Example
    /// ```
    /// use chargeshift_graph::{Fleet, ParameterSet, UserGroup};
    /// let mut f = Fleet::new();
    /// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
    /// let a = f.add_user_group("A", UserGroup::default(), Some(p))?;
    /// let b = f.add_user_group("B", UserGroup::default(), Some(p))?;
    /// let ps_p = f.add_asset("PS-P", ParameterSet::default(), p)?;
    /// let ps_a = f.add_asset("PS-A", ParameterSet::default(), a)?;
    /// assert!(f.is_visible_in(ps_p, b));
    /// assert!(!f.is_visible_in(ps_a, b));
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_visible_in(&self, resource: NodeIndex, ug: NodeIndex) -> bool {
        let Some(owner) = self.user_group_of(resource) else {
            return false;
        };
        for c in self.ancestors(ug) {
            if c == owner {
                return true;
            }
            if self.is_provider(c) {
                return false;
            }
        }
        false
    }
}
