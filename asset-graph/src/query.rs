//! Queries a planner and an analyst need, as methods of [`Fleet`].

use petgraph::stable_graph::NodeIndex;

use crate::fleet::Fleet;

impl Fleet {
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
        let mut cur = Some(ug);
        let mut steps = 0usize;
        while let Some(c) = cur {
            if self.is_provider(c) {
                return Some(c);
            }
            steps += 1;
            if steps > self.node_count() {
                return None;
            }
            cur = self.parent_of(c);
        }
        None
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
}
