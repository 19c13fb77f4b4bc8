//! Visual export of a subgraph as Graphviz DOT or Mermaid: an asset's neighbourhood or a user
//! group with its assets.
//!
//! A [`Subgraph`] is a set of nodes and the link kinds to draw; [`Subgraph::to_dot`] and
//! [`Subgraph::to_mermaid`] draw the nodes (labelled with kind and id, shaped by kind) and every
//! link of those kinds between two of them.

use std::fmt::Write;

use petgraph::stable_graph::NodeIndex;

use crate::fleet::{Fleet, LinkRef};
use crate::model::{LinkKind, LinkKinds, NodeKind};

/// A part of a fleet to draw.
///
/// ```
/// use chargeshift_graph::{dot::Subgraph, ChargeCard, Customer, Fleet, LinkKind, LinkKinds, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let c = f.add_asset("C-1", Customer::default(), ug)?;
/// let k = f.add_asset("K-1", ChargeCard::default(), ug)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let sub = Subgraph::neighbourhood(&f, c, LinkKinds::CONNECTIONS, 1);
/// let dot = sub.to_dot(&f);
/// assert!(dot.starts_with("digraph fleet {"));
/// assert!(dot.contains("card_customer"));
/// assert!(sub.to_mermaid(&f).starts_with("flowchart LR"));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subgraph {
    /// The nodes to draw.
    pub nodes: Vec<NodeIndex>,
    /// The link kinds to draw between them.
    pub kinds: LinkKinds,
}

impl Subgraph {
    /// Everything within `depth` links of `start` over `kinds` (see [`Fleet::neighbourhood`]).
    #[must_use]
    pub fn neighbourhood(fleet: &Fleet, start: NodeIndex, kinds: LinkKinds, depth: usize) -> Self {
        Subgraph {
            nodes: fleet
                .neighbourhood(start, kinds, depth)
                .into_iter()
                .map(|(n, _)| n)
                .collect(),
            kinds,
        }
    }

    /// A user group (with its subtree if `with_subtree`), its user groups and their assets, with
    /// every link among them.
    ///
    /// ```
    /// use chargeshift_graph::{dot::Subgraph, Customer, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("C", Customer::default(), ug)?;
    /// assert_eq!(Subgraph::user_group(&f, ug, true).nodes.len(), 2);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn user_group(fleet: &Fleet, ug: NodeIndex, with_subtree: bool) -> Self {
        let mut nodes = if with_subtree {
            fleet.subtree(ug)
        } else {
            vec![ug]
        };
        nodes.extend(fleet.assets_of(ug, with_subtree));
        Subgraph {
            nodes,
            kinds: LinkKinds::ALL,
        }
    }

    fn links(&self, fleet: &Fleet) -> Vec<LinkRef> {
        let set: hashbrown::HashSet<NodeIndex> = self.nodes.iter().copied().collect();
        let mut links: Vec<LinkRef> = fleet
            .links_touching(&self.nodes, self.kinds)
            .into_iter()
            .filter(|l| set.contains(&l.source) && set.contains(&l.target))
            .collect();
        links.sort_by_key(|l| l.index);
        links
    }

    /// The subgraph as a Graphviz DOT digraph (edges in the stored direction, see
    /// [`LinkKind::endpoints`]).
    ///
    /// # Complexity
    /// O(sum of the degrees of the nodes).
    #[must_use]
    pub fn to_dot(&self, fleet: &Fleet) -> String {
        let mut out =
            String::from("digraph fleet {\n  rankdir=LR;\n  node [fontname=\"Helvetica\"];\n");
        for &n in &self.nodes {
            let Some(kind) = fleet.kind(n) else { continue };
            let label = format!("{}\\n{}", kind.as_str(), dot_escape(fleet.id(n)));
            let _ = writeln!(
                out,
                "  n{} [label=\"{label}\", shape={}, style=filled, fillcolor=\"{}\"];",
                n.index(),
                dot_shape(kind),
                colour(kind)
            );
        }
        for l in self.links(fleet) {
            let style = if matches!(l.link.kind, LinkKind::UserGroup | LinkKind::ParentGroup) {
                ", style=dashed"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\"{style}];",
                l.source.index(),
                l.target.index(),
                l.link.kind.as_str()
            );
        }
        out.push_str("}\n");
        out
    }

    /// The subgraph as a Mermaid flowchart.
    ///
    /// # Complexity
    /// O(sum of the degrees of the nodes).
    #[must_use]
    pub fn to_mermaid(&self, fleet: &Fleet) -> String {
        let mut out = String::from("flowchart LR\n");
        for &n in &self.nodes {
            let Some(kind) = fleet.kind(n) else { continue };
            let label = format!("{}<br/>{}", kind.as_str(), mermaid_escape(fleet.id(n)));
            let (open, close) = mermaid_shape(kind);
            let _ = writeln!(out, "  n{}{open}\"{label}\"{close}", n.index());
        }
        for l in self.links(fleet) {
            let arrow = if matches!(l.link.kind, LinkKind::UserGroup | LinkKind::ParentGroup) {
                "-.->"
            } else {
                "-->"
            };
            let _ = writeln!(
                out,
                "  n{} {arrow}|{}| n{}",
                l.source.index(),
                l.link.kind.as_str(),
                l.target.index()
            );
        }
        out
    }
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn mermaid_escape(s: &str) -> String {
    s.replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
        .replace('\n', " ")
}

fn dot_shape(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::UserGroup => "folder",
        NodeKind::Customer => "ellipse",
        NodeKind::ChargeCard => "note",
        NodeKind::ChargePoint => "box",
        NodeKind::Location => "house",
        NodeKind::ChargeGroup => "hexagon",
        NodeKind::Tariff => "cds",
        NodeKind::ParameterSet => "component",
    }
}

fn colour(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::UserGroup => "#eeeeee",
        NodeKind::Customer => "#cfe8ff",
        NodeKind::ChargeCard => "#e6f5d0",
        NodeKind::ChargePoint => "#ffe0b3",
        NodeKind::Location => "#f2d7ee",
        NodeKind::ChargeGroup => "#fff5b3",
        NodeKind::Tariff => "#d9f2f2",
        NodeKind::ParameterSet => "#e0e0ff",
    }
}

fn mermaid_shape(kind: NodeKind) -> (&'static str, &'static str) {
    match kind {
        NodeKind::UserGroup => ("[/", "/]"),
        NodeKind::Customer => ("([", "])"),
        NodeKind::ChargeCard => ("[", "]"),
        NodeKind::ChargePoint => ("[[", "]]"),
        NodeKind::Location => ("[(", ")]"),
        NodeKind::ChargeGroup => ("{{", "}}"),
        NodeKind::Tariff | NodeKind::ParameterSet => ("(", ")"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate;

    #[test]
    fn escapes_and_draws_only_inner_links() {
        let f = generate::fleet(100);
        let home = f.find(NodeKind::UserGroup, "ACME-HOME").unwrap();
        let sub = Subgraph::user_group(&f, home, false);
        let dot = sub.to_dot(&f);
        let edges = dot.matches(" -> ").count();
        assert!(edges > 0);
        // every edge's two ends are drawn
        for line in dot.lines().filter(|l| l.contains(" -> ")) {
            let ids: Vec<&str> = line
                .split_whitespace()
                .filter(|w| w.starts_with('n'))
                .collect();
            for id in ids.iter().take(2) {
                assert!(dot.contains(&format!("  {id} [label")), "{line}");
            }
        }
        assert_eq!(dot_escape("a\"b"), "a\\\"b");
        assert_eq!(mermaid_escape("<\"x\">"), "#lt;#quot;x#quot;#gt;");
    }
}
