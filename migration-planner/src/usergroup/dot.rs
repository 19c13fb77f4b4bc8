//! The DOT picture of what a plan moves: the moving assets (green: requested, blue: pulled
//! along, grey: already in the target), their staying neighbours (white), the links between them
//! (dashed red: cut by a step, bold red: still split at the end).

use std::fmt::Write as _;

use chargeshift_graph::{Fleet, NodeIndex};
use hashbrown::{HashMap, HashSet};

use crate::closure::PULL;
use crate::plan::Plan;
use chargeshift_graph::LinkId;

fn esc(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// The plan's assets and their neighbours over pulling links, as a Graphviz digraph.
///
/// # Complexity
/// O(sum of the degrees of the moving assets).
///
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, UserGroup};
/// use chargeshift_planner::{plan::plan, request::{MigrationRequest, Selector}};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let p = plan(&f, &MigrationRequest::to("B").select(Selector::Customer("C1".into())))?;
/// let dot = chargeshift_planner::dot::plan_dot(&f, &p);
/// assert!(dot.starts_with("digraph plan {"));
/// assert!(dot.contains("card_customer"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn plan_dot(fleet: &Fleet, plan: &Plan) -> String {
    let mut o = format!(
        "digraph plan {{\n  rankdir=LR;\n  label=\"move to {}\";\n  node [fontname=\"Helvetica\", style=filled];\n",
        esc(&plan.target.id)
    );
    let mut color: HashMap<NodeIndex, &str> = HashMap::new();
    let mut order: Vec<NodeIndex> = Vec::new();
    for a in &plan.assets {
        if let Some(n) = fleet.find(a.kind, &a.id) {
            let c = if a.already_in_target {
                "grey85"
            } else if a.requested {
                "palegreen"
            } else {
                "lightblue"
            };
            color.insert(n, c);
            order.push(n);
        }
    }
    let moving: Vec<NodeIndex> = order.clone();
    let mut links = Vec::new();
    let mut seen = HashSet::new();
    for &n in &moving {
        for l in fleet.links_of(n) {
            if !PULL.contains(&l.link.kind) || !seen.insert(l.index) {
                continue;
            }
            let m = l.other(n);
            if !color.contains_key(&m) {
                color.insert(m, "white");
                order.push(m);
            }
            links.push(l);
        }
    }
    for &n in &order {
        let kind = fleet.kind(n).map_or("?", |k| k.as_str());
        let ug = fleet.user_group_of(n).map_or("", |u| fleet.id(u));
        let _ = writeln!(
            o,
            "  n{} [label=\"{kind}\\n{}\\n({})\", fillcolor={}];",
            n.index(),
            esc(fleet.id(n)),
            esc(ug),
            color.get(&n).copied().unwrap_or("white")
        );
    }
    let cut: HashSet<&LinkId> = plan
        .simulation
        .preservation
        .cut
        .iter()
        .map(|c| &c.link)
        .collect();
    let split: HashSet<&LinkId> = plan
        .simulation
        .split_links_at_end
        .iter()
        .map(|s| &s.link)
        .collect();
    links.sort_by_key(|l| l.index);
    for l in links {
        let spec = LinkId::of(fleet, &l);
        let style = if cut.contains(&spec) {
            ", style=dashed, color=red"
        } else if split.contains(&spec) {
            ", style=bold, color=red"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "  n{} -> n{} [label=\"{}\"{style}];",
            l.source.index(),
            l.target.index(),
            l.link.kind.as_str()
        );
    }
    o.push_str("}\n");
    o
}
