//! Simulation of the steps with the semantics of each option, and the connection-preservation
//! check.
//!
//! [`simulate`] applies the steps to a copy-on-write view of the fleet (an overlay of user-group
//! changes, cut links and parameter-set copies over the unchanged [`Fleet`]), which behaves as a
//! clone without copying millions of nodes. [`apply`] applies the same steps to a real fleet (a
//! clone, when the caller wants to keep the original); both follow the same semantics:
//!
//! - move cards: each card changes user group; attached customers do not move;
//! - move customer: "Detach cards" cuts its card links; otherwise "Also move attached cards" moves
//!   its cards (without it they stay behind); "Detach charge points" and "Reset links between
//!   charge groups and this customer" cut those links;
//! - move location: "Detach charge points" cuts the charge point–location links;
//! - move charge points: "Detach customer", "Detach charge group", "Detach location" cut those
//!   links; "Copy parameter set ..." gives a charge point whose set is not usable in the target a
//!   copy owned by the target;
//! - move charge group: "Detach charge points" and "Reset links between customer and this charge
//!   group" cut those links;
//! - a step that changes the provider of an asset without "Provider change allowed" is refused by
//!   the platform and changes nothing.

use chargeshift_graph::{
    EdgeIndex, Fleet, LinkKind, LinkKinds, LinkRef, NodeIndex, NodeKind, ParameterSet,
};
use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::{Closure, PULL, cut_allowed};
use crate::request::{Policy, Resolved};
use crate::steps::{Built, Operation, Step};
use chargeshift_graph::LinkId;

/// What one step did in the simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StepOutcome {
    /// The step number.
    pub step: usize,
    /// Whether the platform refuses the step (a provider change without the tick).
    pub refused: bool,
    /// Assets whose user group changed (cards moved along included).
    pub moved: usize,
    /// Links cut by the step's ticks.
    pub cut: usize,
    /// Split links among the links touching the migration after the step.
    pub split_links_after: usize,
}

/// A link cut during the simulation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct CutLink {
    /// The link.
    pub link: LinkId,
    /// The step that cut it.
    pub step: usize,
    /// Whether the request allowed cutting it.
    pub allowed: bool,
}

/// The connection-preservation check: a diff of the links touching the migration before and
/// after the simulated steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Preservation {
    /// Links (between assets) touching the migration before the first step.
    pub links_before: usize,
    /// The same links still there after the last step.
    pub links_after: usize,
    /// Every link cut, with the step that cut it and whether the request allowed it.
    pub cut: Vec<CutLink>,
    /// Parameter-set links re-pointed to a copy in the target: (charge point, set) ids.
    pub parameter_set_copies: Vec<(String, String)>,
    /// Whether every link is still there, or was cut as the request allowed.
    pub preserved: bool,
}

/// A link still split after the last step.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct SplitLink {
    /// The link.
    pub link: LinkId,
    /// The user group of its source end after the migration.
    pub source_user_group: String,
    /// The user group of its target end after the migration.
    pub target_user_group: String,
}

/// The result of [`simulate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Simulation {
    /// Split links among the links touching the migration before the first step.
    pub split_links_before: usize,
    /// Those links: split already in the fleet as exported, not by any step.
    #[serde(default)]
    pub already_split: Vec<SplitLink>,
    /// Per step.
    pub steps: Vec<StepOutcome>,
    /// Links still split at the end.
    pub split_links_at_end: Vec<SplitLink>,
    /// The connection-preservation check.
    pub preservation: Preservation,
}

/// The copy-on-write view of a fleet under simulation.
struct Overlay<'a> {
    fleet: &'a Fleet,
    ug: HashMap<NodeIndex, NodeIndex>,
    cut: HashMap<EdgeIndex, usize>,
    split: usize,
}

impl Overlay<'_> {
    fn ug_of(&self, n: NodeIndex) -> Option<NodeIndex> {
        self.ug
            .get(&n)
            .copied()
            .or_else(|| self.fleet.user_group_of(n))
    }

    fn is_split(&self, l: &LinkRef) -> bool {
        PULL.contains(&l.link.kind)
            && !self.cut.contains_key(&l.index)
            && self.ug_of(l.source) != self.ug_of(l.target)
    }

    fn live_links(&self, n: NodeIndex, kind: LinkKind) -> Vec<LinkRef> {
        self.fleet
            .links_of_kind(n, kind)
            .filter(|l| !self.cut.contains_key(&l.index))
            .collect()
    }

    fn move_to(&mut self, n: NodeIndex, target: NodeIndex) -> bool {
        if self.ug_of(n) == Some(target) {
            return false;
        }
        let fleet = self.fleet;
        for l in fleet.links_of(n) {
            if self.is_split(&l) {
                self.split -= 1;
            }
        }
        self.ug.insert(n, target);
        for l in fleet.links_of(n) {
            if self.is_split(&l) {
                self.split += 1;
            }
        }
        true
    }

    fn cut(&mut self, l: &LinkRef, step: usize) -> bool {
        if self.cut.contains_key(&l.index) {
            return false;
        }
        if self.is_split(l) {
            self.split -= 1;
        }
        self.cut.insert(l.index, step);
        true
    }
}

/// Whether the platform refuses to move `n` to `target` without "Provider change allowed".
fn provider_changes(fleet: &Fleet, ug: Option<NodeIndex>, target: NodeIndex) -> bool {
    ug.and_then(|u| fleet.provider_of(u)) != fleet.provider_of(target)
}

/// Simulates the steps of `built` and checks that every link survives: the fourth stage of a
/// plan.
///
/// # Arguments
/// * `fleet`: the fleet before the migration (unchanged).
/// * `resolved`: the resolved request ([`crate::request::resolve`]).
/// * `policy`: the request's policy (which links may be cut).
/// * `closure`: the closure ([`crate::closure::closure`]).
/// * `built`: the steps ([`crate::steps::build`]).
///
/// # Returns
/// Per step whether it was refused, what moved, what was cut and the split links after it; the
/// split links at the end; the connection-preservation proof (every link still there, or cut as
/// the request allows).
///
/// # Complexity
/// O(sum of the degrees of the moving assets), with hash maps the size of the moving set.
///
/// # Example
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, NodeKind, UserGroup};
/// use chargeshift_planner::{closure::closure, request::{resolve, MigrationRequest}, simulate::simulate, steps::build};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let req = MigrationRequest::to("B").asset(NodeKind::Customer, "C1");
/// let resolved = resolve(&f, &req)?;
/// let cl = closure(&f, &resolved, &req.policy);
/// let built = build(&f, &resolved, &req.policy, &cl);
/// let sim = simulate(&f, &resolved, &req.policy, &cl, &built);
/// assert!(sim.preservation.preserved);
/// assert_eq!(sim.steps[0].moved, 2); // the customer and its card
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn simulate(
    fleet: &Fleet,
    resolved: &Resolved,
    policy: &Policy,
    closure: &Closure,
    built: &Built,
) -> Simulation {
    let cut_set: HashSet<EdgeIndex> = resolved.cut_links.iter().copied().collect();
    let allowed = |l: &LinkRef| {
        if l.link.kind == LinkKind::CardCustomer {
            // a customer's cards are cut all or none: allowed if all of them are
            fleet
                .links_of_kind(l.target, LinkKind::CardCustomer)
                .all(|x| cut_allowed(policy, &cut_set, &x))
        } else {
            cut_allowed(policy, &cut_set, l)
        }
    };
    run_steps(
        fleet,
        resolved.target,
        &closure.moving,
        &built.steps,
        &allowed,
    )
}

/// Simulates `steps` on `fleet`, moving to `target`, for the moving set `moving`.
///
/// # Arguments
/// * `fleet`: the fleet before the migration (unchanged).
/// * `target`: the target user group.
/// * `moving`: the moving set (every asset whose links touch the migration).
/// * `steps`: the steps, in order.
/// * `allowed`: whether the request allows cutting a link.
///
/// # Returns
/// Per step whether it was refused, what moved, what was cut and the split links after it; the
/// split links at the end; the preservation check.
///
/// # Complexity
/// O(sum of the degrees of the moving assets), with hash maps the size of the moving set.
fn run_steps(
    fleet: &Fleet,
    target: NodeIndex,
    moving: &[NodeIndex],
    steps: &[Step],
    allowed: &dyn Fn(&LinkRef) -> bool,
) -> Simulation {
    let touching = fleet.links_touching(moving, LinkKinds::CONNECTIONS);
    let mut ov = Overlay {
        fleet,
        ug: HashMap::with_capacity(moving.len()),
        cut: HashMap::new(),
        split: 0,
    };
    ov.split = touching.iter().filter(|l| ov.is_split(l)).count();
    let split_before = ov.split;
    let ug_name_before = |n: NodeIndex| {
        fleet
            .user_group_of(n)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    let mut already_split: Vec<SplitLink> = touching
        .iter()
        .filter(|l| ov.is_split(l))
        .map(|l| SplitLink {
            link: LinkId::of(fleet, l),
            source_user_group: ug_name_before(l.source),
            target_user_group: ug_name_before(l.target),
        })
        .collect();
    already_split.sort();
    let mut outcomes = Vec::with_capacity(steps.len());
    let mut copies = Vec::new();
    for s in steps {
        let refused = s
            .nodes
            .iter()
            .any(|&n| !s.ticks.provider_change && provider_changes(fleet, ov.ug_of(n), target));
        let mut moved = 0;
        let mut cut = 0;
        if !refused {
            for &n in &s.nodes {
                for k in s.ticks.cut_kinds(s.operation) {
                    for l in ov.live_links(n, k) {
                        if ov.cut(&l, s.number) {
                            cut += 1;
                        }
                    }
                }
                if ov.move_to(n, target) {
                    moved += 1;
                }
                if s.operation == Operation::MoveCustomer && s.ticks.also_move_cards {
                    for l in ov.live_links(n, LinkKind::CardCustomer) {
                        if ov.move_to(l.source, target) {
                            moved += 1;
                        }
                    }
                }
                if s.operation == Operation::MoveChargePoints
                    && s.ticks.copy_parameter_set
                    && let Some(p) = fleet.target_of(n, LinkKind::ChargePointParameterSet)
                    && !fleet.is_visible_in(p, target)
                {
                    copies.push((fleet.id(n).to_owned(), fleet.id(p).to_owned()));
                }
            }
        }
        outcomes.push(StepOutcome {
            step: s.number,
            refused,
            moved,
            cut,
            split_links_after: ov.split,
        });
    }
    let ug_name = |n: NodeIndex| {
        ov.ug_of(n)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    let mut split_links_at_end: Vec<SplitLink> = touching
        .iter()
        .filter(|l| ov.is_split(l))
        .map(|l| SplitLink {
            link: LinkId::of(fleet, l),
            source_user_group: ug_name(l.source),
            target_user_group: ug_name(l.target),
        })
        .collect();
    split_links_at_end.sort();
    let mut cut: Vec<CutLink> = ov
        .cut
        .iter()
        .filter_map(|(e, step)| {
            let l = fleet.link(*e)?;
            Some(CutLink {
                link: LinkId::of(fleet, &l),
                step: *step,
                allowed: allowed(&l),
            })
        })
        .collect();
    cut.sort();
    copies.sort();
    let preserved = cut.iter().all(|c| c.allowed);
    Simulation {
        split_links_before: split_before,
        already_split,
        steps: outcomes,
        split_links_at_end,
        preservation: Preservation {
            links_before: touching.len(),
            links_after: touching.len() - ov.cut.len().min(touching.len()),
            cut,
            parameter_set_copies: copies,
            preserved,
        },
    }
}

/// An error of [`apply`]: a step names an asset the fleet does not have, or the fleet refuses
/// an operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// A step names an unknown asset or user group.
    #[error("step {step}: unknown {kind} {id:?}")]
    Unknown {
        /// The step number.
        step: usize,
        /// The kind.
        kind: NodeKind,
        /// The id.
        id: String,
    },
    /// The fleet refused an operation.
    #[error("step {step}: {source}")]
    Model {
        /// The step number.
        step: usize,
        /// The fleet's error.
        source: chargeshift_graph::ModelError,
    },
}

/// Applies `steps` to `fleet` for real, with the semantics of the simulation (assets found by
/// id, options read from the step's options as the runbook shows them). A refused step (provider
/// change without the tick) changes nothing. A copied parameter set is a new parameter set
/// `<id>@<target>` owned by the target (reused if present).
///
/// # Errors
/// [`ApplyError`] if a step names an asset the fleet does not have.
///
/// # Complexity
/// O(sum of the degrees of the assets of the steps).
///
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, NodeKind, UserGroup};
/// use chargeshift_planner::{plan::plan, request::{MigrationRequest, Selector}, simulate::apply};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// let b = f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let p = plan(&f, &MigrationRequest::to("B").select(Selector::Customer("C1".into())))?;
/// apply(&mut f, &p.steps)?;
/// assert_eq!(f.user_group_of(k), Some(b));
/// assert_eq!(f.target_of(k, LinkKind::CardCustomer), Some(c));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apply(fleet: &mut Fleet, steps: &[Step]) -> Result<(), ApplyError> {
    for s in steps {
        let unknown = |kind: NodeKind, id: &str| ApplyError::Unknown {
            step: s.number,
            kind,
            id: id.to_owned(),
        };
        let target = fleet
            .find(NodeKind::UserGroup, &s.to)
            .ok_or_else(|| unknown(NodeKind::UserGroup, &s.to))?;
        let kind = s.operation.form().kind;
        let mut nodes = Vec::with_capacity(s.assets.len());
        for id in &s.assets {
            nodes.push(fleet.find(kind, id).ok_or_else(|| unknown(kind, id))?);
        }
        let ticks = s.ticks_from_options();
        if !ticks.provider_change
            && nodes
                .iter()
                .any(|&n| provider_changes(fleet, fleet.user_group_of(n), target))
        {
            continue;
        }
        let model = |source| ApplyError::Model {
            step: s.number,
            source,
        };
        for &n in &nodes {
            for k in ticks.cut_kinds(s.operation) {
                fleet.cut_links_of_kind(n, k);
            }
            if s.operation == Operation::MoveCustomer && ticks.also_move_cards {
                let cards: Vec<NodeIndex> = fleet.linked(n, LinkKind::CardCustomer).collect();
                for k in cards {
                    fleet.set_user_group(k, target).map_err(model)?;
                }
            }
            if s.operation == Operation::MoveChargePoints
                && ticks.copy_parameter_set
                && let Some(p) = fleet.target_of(n, LinkKind::ChargePointParameterSet)
                && !fleet.is_visible_in(p, target)
            {
                let copy_id = format!("{}@{}", fleet.id(p), s.to);
                let copy = match fleet.find(NodeKind::ParameterSet, &copy_id) {
                    Some(c) => c,
                    None => {
                        let name = fleet.node(p).and_then(|x| x.data.name()).map(Into::into);
                        fleet
                            .add_asset(&copy_id, ParameterSet { name }, target)
                            .map_err(model)?
                    }
                };
                fleet
                    .replace_out_link(n, copy, LinkKind::ChargePointParameterSet)
                    .map_err(model)?;
            }
            fleet.set_user_group(n, target).map_err(model)?;
        }
    }
    Ok(())
}

/// The links of [`LinkKinds::CONNECTIONS`] kinds between assets of `before`, by (kind, source
/// id, target id), that `after` no longer has: a diff for tests and audits.
///
/// # Complexity
/// O(links of `before` × lookups in `after`).
#[must_use]
pub fn lost_links(before: &Fleet, after: &Fleet) -> Vec<LinkId> {
    let have: HashSet<(LinkKind, &str, &str)> = after
        .links()
        .filter(|l| l.link.kind != LinkKind::ChargePointParameterSet)
        .filter(|l| LinkKinds::CONNECTIONS.contains(l.link.kind))
        .map(|l| (l.link.kind, after.id(l.source), after.id(l.target)))
        .collect();
    let mut out: Vec<LinkId> = before
        .links()
        .filter(|l| l.link.kind != LinkKind::ChargePointParameterSet)
        .filter(|l| LinkKinds::CONNECTIONS.contains(l.link.kind))
        .filter(|l| !have.contains(&(l.link.kind, before.id(l.source), before.id(l.target))))
        .map(|l| LinkId::of(before, &l))
        .collect();
    out.sort();
    out
}
