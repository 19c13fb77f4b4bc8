//! Checks of the links around the move: shared assets, cuts, lost and split links, attached
//! cards moved in bulk, charge groups nobody can charge in.

use chargeshift_graph::{LinkId, LinkKind, NodeIndex, NodeKind};
use hashbrown::HashSet;

use super::{Check, Finding, Rule, Stages, all_customers, finding};
use crate::closure::{Boundary, Closure, RawConflict};

/// What the plan does with an asset the request does not name, in words (the finding and the
/// conflict say it alike).
///
/// ```
/// use chargeshift_planner::closure::{Closure, RawConflict};
/// use chargeshift_planner::rules::resolution;
/// let c = RawConflict { asset: 0.into(), pulled_by: None, links_to_request: vec![], others: vec![], brings: vec![], brings_count: 3 };
/// assert_eq!(resolution(&Closure::default(), &c), "left behind: its links to the moving assets stay split");
/// ```
#[must_use]
pub fn resolution(closure: &Closure, c: &RawConflict) -> String {
    if !closure.moves(c.asset) {
        return "left behind: its links to the moving assets stay split".to_owned();
    }
    match c.brings_count.saturating_sub(1) {
        0 => "moved too".to_owned(),
        n => format!("moved too, with {n} more asset(s) it brings along"),
    }
}

/// CS009: cards attached to a customer that does not move with them, moved in bulk.
#[derive(Debug, Clone, Copy)]
pub struct BulkAttachedCards;

impl Rule for BulkAttachedCards {
    fn checks(&self) -> &'static [Check] {
        &[Check::BulkAttachedCards]
    }

    fn inspects(&self) -> &'static str {
        "the cards of the bulk card moves and their customers"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let cards = &s.built.attached_bulk;
        if !cards.is_empty() {
            out.push(
                finding(
                    Check::BulkAttachedCards,
                    format!(
                        "{}: card moves are recommended for detached cards only, and the attached customers do not move with the cards",
                        match cards.len() {
                            1 => "1 card attached to a customer that does not move with it is moved with the card move".to_owned(),
                            n => format!("{n} cards attached to customers that do not move with them are moved in bulk"),
                        }
                    ),
                )
                .with_assets(s.fleet, cards),
            );
        }
    }
}

/// CS011: an asset shared with assets the request does not name.
#[derive(Debug, Clone, Copy)]
pub struct SharedAsset;

impl Rule for SharedAsset {
    fn checks(&self) -> &'static [Check] {
        &[Check::SharedAsset]
    }

    fn inspects(&self) -> &'static str {
        "the shared assets the closure found"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let fleet = s.fleet;
        let name = |n: NodeIndex| {
            format!(
                "{} {}",
                fleet.kind(n).map_or("asset", NodeKind::as_str),
                fleet.id(n)
            )
        };
        for c in &s.closure.conflicts {
            let how = match c.pulled_by {
                Some((by, kind)) => format!("{} pulls it along over a {kind} link", name(by)),
                None => format!(
                    "it is linked to the moving assets by {} link(s)",
                    c.links_to_request.len()
                ),
            };
            out.push(
                finding(
                    Check::SharedAsset,
                    format!(
                        "{} is not named by the request: {how}; {}",
                        name(c.asset),
                        resolution(s.closure, c)
                    ),
                )
                .with_assets(fleet, &[c.asset]),
            );
        }
    }
}

/// CS013: a link that may be cut but that no box cuts exactly: it stays split.
#[derive(Debug, Clone, Copy)]
pub struct CutNotExact;

impl Rule for CutNotExact {
    fn checks(&self) -> &'static [Check] {
        &[Check::CutNotExact]
    }

    fn inspects(&self) -> &'static str {
        "the cuts the request allows against the boxes of the forms"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        for i in &s.built.inexact {
            let link = LinkId::of(s.fleet, &i.link);
            out.push(
                finding(
                    Check::CutNotExact,
                    format!("the link {link} may be cut but stays split: {}", i.reason),
                )
                .with_links(vec![link]),
            );
        }
    }
}

/// CS014, CS017: the links the simulated steps cut, as the request allows or not.
#[derive(Debug, Clone, Copy)]
pub struct LinksCutOrLost;

impl Rule for LinksCutOrLost {
    fn checks(&self) -> &'static [Check] {
        &[Check::LinkCut, Check::LinkLost]
    }

    fn inspects(&self) -> &'static str {
        "the links the simulation cut"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let cut = &s.simulation.preservation.cut;
        let (allowed, lost): (Vec<_>, Vec<_>) = cut.iter().partition(|c| c.allowed);
        if !allowed.is_empty() {
            out.push(
                finding(
                    Check::LinkCut,
                    format!(
                        "{} link(s) are cut by ticked boxes, as the request allows",
                        allowed.len()
                    ),
                )
                .with_links(allowed.into_iter().map(|c| c.link.clone()).collect()),
            );
        }
        if !lost.is_empty() {
            out.push(
                finding(
                    Check::LinkLost,
                    format!(
                        "{} link(s) would be lost although the request does not allow cutting them",
                        lost.len()
                    ),
                )
                .with_links(lost.into_iter().map(|c| c.link.clone()).collect()),
            );
        }
    }
}

/// CS012: links whose two ends end up in different user groups.
#[derive(Debug, Clone, Copy)]
pub struct SplitLinks;

impl Rule for SplitLinks {
    fn checks(&self) -> &'static [Check] {
        &[Check::SplitLink]
    }

    fn inspects(&self) -> &'static str {
        "the links split at the end of the simulation"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let split = &s.simulation.split_links_at_end;
        if split.is_empty() {
            return;
        }
        let boundary_reason = if s
            .closure
            .boundary
            .iter()
            .any(|(_, b)| *b == Boundary::ReportOnly)
        {
            " (closure mode report_only: pull the other ends along, cut or keep them behind)"
        } else {
            ""
        };
        out.push(
            finding(
                Check::SplitLink,
                format!(
                    "{} link(s) end up split between user groups{boundary_reason}",
                    split.len()
                ),
            )
            .with_links(split.iter().map(|s| s.link.clone()).collect()),
        );
    }
}

/// CS008: charge groups of the move left with no customer and no "all customers" access.
#[derive(Debug, Clone, Copy)]
pub struct ChargeGroupWithoutCustomers;

impl Rule for ChargeGroupWithoutCustomers {
    fn checks(&self) -> &'static [Check] {
        &[Check::ChargeGroupWithoutCustomers]
    }

    fn inspects(&self) -> &'static str {
        "the customers of the moving charge groups and of the charge groups whose customer links are cut"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let fleet = s.fleet;
        let cut = &s.simulation.preservation.cut;
        let cut_ids: HashSet<&LinkId> = cut.iter().map(|c| &c.link).collect();
        let mut groups: Vec<NodeIndex> = s
            .closure
            .moving
            .iter()
            .copied()
            .filter(|&n| fleet.kind(n) == Some(NodeKind::ChargeGroup))
            .collect();
        for c in cut {
            if c.link.kind == LinkKind::CustomerChargeGroup
                && let Some(g) = fleet.find(NodeKind::ChargeGroup, &c.link.target)
            {
                groups.push(g);
            }
        }
        groups.sort_unstable();
        groups.dedup();
        let empty: Vec<NodeIndex> = groups
            .into_iter()
            .filter(|&g| {
                !all_customers(fleet, g)
                    && fleet
                        .links_of_kind(g, LinkKind::CustomerChargeGroup)
                        .all(|l| cut_ids.contains(&LinkId::of(fleet, &l)))
            })
            .collect();
        if !empty.is_empty() {
            out.push(
                finding(
                    Check::ChargeGroupWithoutCustomers,
                    format!(
                        "{} charge group(s) end with no customer and no \"all customers\" access: nobody can charge there",
                        empty.len()
                    ),
                )
                .with_assets(fleet, &empty),
            );
        }
    }
}
