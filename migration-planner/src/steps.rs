//! The ordered steps of a migration, each a platform operation with every option of its form.
//!
//! Order (the seed's safe order): detached cards in bulk; each customer with its attached cards
//! (one by one); cards detached by a customer step; attached cards whose customer does not move
//! (bulk, with a warning); each location (one by one) before the charge points; charge points (in
//! bulk where their options are equal); each charge group (one by one).

use std::borrow::Cow;
use std::collections::BTreeMap;

use chargeshift_graph::{EdgeIndex, Fleet, LinkKind, LinkRef, NodeIndex, NodeKind};
use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::{Boundary, Closure, cut_allowed};
use crate::plan::LinkSpec;
use crate::request::{Policy, Resolved};
use crate::rules::visible;

/// A platform operation that changes the user group of assets.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Operation {
    /// "Cards > Search", filter, select, "Move": bulk, no options.
    MoveCards,
    /// "Customer details" > "Change user group": one at a time.
    MoveCustomer,
    /// Location > "Change user group": one at a time.
    MoveLocation,
    /// "Charge point data" > "Edit ID/user group", or in bulk "Search results overview" >
    /// "Change user group".
    MoveChargePoints,
    /// "Charge group data" > "Change user group": one at a time.
    MoveChargeGroup,
}

impl Operation {
    /// A short title.
    ///
    /// ```
    /// assert_eq!(chargeshift_planner::steps::Operation::MoveCards.title(), "Move cards");
    /// ```
    #[must_use]
    pub const fn title(self) -> &'static str {
        match self {
            Operation::MoveCards => "Move cards",
            Operation::MoveCustomer => "Move customer",
            Operation::MoveLocation => "Move location",
            Operation::MoveChargePoints => "Move charge points",
            Operation::MoveChargeGroup => "Move charge group",
        }
    }
}

/// The ticks of a form, by meaning; which of them a form shows depends on the [`Operation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Ticks {
    /// "Provider change allowed" (every form but cards).
    pub provider_change: bool,
    /// Customer: "Detach cards".
    pub detach_cards: bool,
    /// Customer: "Also move attached cards".
    pub also_move_cards: bool,
    /// Customer, location, charge group: "Detach charge points".
    pub detach_charge_points: bool,
    /// Customer: "Reset links between charge groups and this customer"; charge group: "Reset
    /// links between customer and this charge group".
    pub reset_customer_charge_group: bool,
    /// Charge point: "Detach customer".
    pub detach_customer: bool,
    /// Charge point: "Detach charge group".
    pub detach_charge_group: bool,
    /// Charge point: "Detach location".
    pub detach_location: bool,
    /// Charge point: "Copy parameter set if the set doesn't exist in the new user group".
    pub copy_parameter_set: bool,
}

/// The label of "Provider change allowed".
pub const PROVIDER_CHANGE: &str = "Provider change allowed";

impl Ticks {
    /// Every option of the form of `op`, in the order the platform shows them, with its tick.
    ///
    /// ```
    /// use chargeshift_planner::steps::{Operation, Ticks};
    /// let t = Ticks { also_move_cards: true, ..Ticks::default() };
    /// let opts = t.options(Operation::MoveCustomer);
    /// assert_eq!(opts.len(), 5);
    /// assert_eq!(opts[2].label, "Also move attached cards");
    /// assert!(opts[2].ticked && !opts[1].ticked);
    /// assert!(t.options(Operation::MoveCards).is_empty());
    /// ```
    #[must_use]
    pub fn options(&self, op: Operation) -> Vec<StepOption> {
        let o = |label: &'static str, ticked: bool| StepOption {
            label: Cow::Borrowed(label),
            ticked,
        };
        match op {
            Operation::MoveCards => Vec::new(),
            Operation::MoveCustomer => vec![
                o(PROVIDER_CHANGE, self.provider_change),
                o("Detach cards", self.detach_cards),
                o("Also move attached cards", self.also_move_cards),
                o("Detach charge points", self.detach_charge_points),
                o(
                    "Reset links between charge groups and this customer",
                    self.reset_customer_charge_group,
                ),
            ],
            Operation::MoveLocation => vec![
                o(PROVIDER_CHANGE, self.provider_change),
                o("Detach charge points", self.detach_charge_points),
            ],
            Operation::MoveChargePoints => vec![
                o(PROVIDER_CHANGE, self.provider_change),
                o("Detach customer", self.detach_customer),
                o("Detach charge group", self.detach_charge_group),
                o("Detach location", self.detach_location),
                o(
                    "Copy parameter set if the set doesn't exist in the new user group",
                    self.copy_parameter_set,
                ),
            ],
            Operation::MoveChargeGroup => vec![
                o(PROVIDER_CHANGE, self.provider_change),
                o("Detach charge points", self.detach_charge_points),
                o(
                    "Reset links between customer and this charge group",
                    self.reset_customer_charge_group,
                ),
            ],
        }
    }

    /// The link kinds the ticked detach/reset boxes of `op` cut, for the moved asset.
    ///
    /// ```
    /// use chargeshift_graph::LinkKind;
    /// use chargeshift_planner::steps::{Operation, Ticks};
    /// let t = Ticks { detach_location: true, ..Ticks::default() };
    /// assert_eq!(t.cut_kinds(Operation::MoveChargePoints), vec![LinkKind::ChargePointLocation]);
    /// ```
    #[must_use]
    pub fn cut_kinds(&self, op: Operation) -> Vec<LinkKind> {
        let mut out = Vec::new();
        let mut when = |b: bool, k: LinkKind| {
            if b {
                out.push(k);
            }
        };
        match op {
            Operation::MoveCards => {}
            Operation::MoveCustomer => {
                when(self.detach_cards, LinkKind::CardCustomer);
                when(self.detach_charge_points, LinkKind::CustomerChargePoint);
                when(
                    self.reset_customer_charge_group,
                    LinkKind::CustomerChargeGroup,
                );
            }
            Operation::MoveLocation => {
                when(self.detach_charge_points, LinkKind::ChargePointLocation);
            }
            Operation::MoveChargePoints => {
                when(self.detach_customer, LinkKind::CustomerChargePoint);
                when(self.detach_charge_group, LinkKind::ChargePointChargeGroup);
                when(self.detach_location, LinkKind::ChargePointLocation);
            }
            Operation::MoveChargeGroup => {
                when(self.detach_charge_points, LinkKind::ChargePointChargeGroup);
                when(
                    self.reset_customer_charge_group,
                    LinkKind::CustomerChargeGroup,
                );
            }
        }
        out
    }

    fn set_box(&mut self, op: Operation, kind: LinkKind) {
        match (op, kind) {
            (Operation::MoveCustomer, LinkKind::CardCustomer) => self.detach_cards = true,
            (Operation::MoveCustomer | Operation::MoveLocation, _)
                if matches!(
                    kind,
                    LinkKind::CustomerChargePoint | LinkKind::ChargePointLocation
                ) =>
            {
                self.detach_charge_points = true;
            }
            (Operation::MoveChargeGroup, LinkKind::ChargePointChargeGroup) => {
                self.detach_charge_points = true;
            }
            (
                Operation::MoveCustomer | Operation::MoveChargeGroup,
                LinkKind::CustomerChargeGroup,
            ) => {
                self.reset_customer_charge_group = true;
            }
            (Operation::MoveChargePoints, LinkKind::CustomerChargePoint) => {
                self.detach_customer = true;
            }
            (Operation::MoveChargePoints, LinkKind::ChargePointChargeGroup) => {
                self.detach_charge_group = true;
            }
            (Operation::MoveChargePoints, LinkKind::ChargePointLocation) => {
                self.detach_location = true;
            }
            _ => {}
        }
    }
}

/// One option of a form, as the platform shows it, ticked or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StepOption {
    /// The label on the form.
    pub label: Cow<'static, str>,
    /// Whether to tick it.
    pub ticked: bool,
}

/// One step of the runbook: one operation on one or more assets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Step {
    /// 1-based position in the runbook.
    pub number: usize,
    /// The operation.
    pub operation: Operation,
    /// Whether the step selects several assets at once (bulk).
    pub bulk: bool,
    /// The ids of the assets the step selects, sorted.
    pub assets: Vec<String>,
    /// The user groups the assets are in now, sorted.
    pub from: Vec<String>,
    /// The target user group.
    pub to: String,
    /// Every option of the form, in the platform's order, ticked or not.
    pub options: Vec<StepOption>,
    /// The search filter to select the assets ("Detached" for the bulk card move).
    pub filter: Option<String>,
    /// Assets the step moves along (the attached cards of a customer).
    pub moves_along: Vec<String>,
    /// The links the ticked boxes cut (all of them allowed by the request).
    pub cuts: Vec<LinkSpec>,
    /// Charge points of the step whose parameter set does not exist in the target and is
    /// copied.
    pub parameter_set_copies: Vec<String>,
    /// A note for the operator, if any.
    pub note: Option<String>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) nodes: Vec<NodeIndex>,
    #[serde(skip)]
    #[schemars(skip)]
    pub(crate) ticks: Ticks,
}

impl Step {
    /// The ticks of this step read back from its options (as a plan read from JSON has them).
    ///
    /// ```
    /// use chargeshift_planner::steps::{Operation, Ticks};
    /// let t = Ticks { detach_cards: true, ..Ticks::default() };
    /// let s = chargeshift_planner::steps::Step::new(Operation::MoveCustomer, vec!["C1".into()], "B", t);
    /// assert_eq!(s.ticks_from_options(), t);
    /// ```
    #[must_use]
    pub fn ticks_from_options(&self) -> Ticks {
        let mut t = Ticks::default();
        for o in self.options.iter().filter(|o| o.ticked) {
            match o.label.as_ref() {
                PROVIDER_CHANGE => t.provider_change = true,
                "Detach cards" => t.detach_cards = true,
                "Also move attached cards" => t.also_move_cards = true,
                "Detach charge points" => t.detach_charge_points = true,
                "Reset links between charge groups and this customer"
                | "Reset links between customer and this charge group" => {
                    t.reset_customer_charge_group = true;
                }
                "Detach customer" => t.detach_customer = true,
                "Detach charge group" => t.detach_charge_group = true,
                "Detach location" => t.detach_location = true,
                "Copy parameter set if the set doesn't exist in the new user group" => {
                    t.copy_parameter_set = true;
                }
                _ => {}
            }
        }
        t
    }

    /// A step of `op` on the assets `assets` (ids) to user group `to` with `ticks`, numbered 1,
    /// without notes: for plans built by hand.
    #[must_use]
    pub fn new(op: Operation, assets: Vec<String>, to: &str, ticks: Ticks) -> Step {
        Step {
            number: 1,
            operation: op,
            bulk: assets.len() > 1,
            assets,
            from: Vec::new(),
            to: to.to_owned(),
            options: ticks.options(op),
            filter: None,
            moves_along: Vec::new(),
            cuts: Vec::new(),
            parameter_set_copies: Vec::new(),
            note: None,
            nodes: Vec::new(),
            ticks,
        }
    }
}

/// A link that should be cut but cannot be cut exactly by a box: it stays split.
#[derive(Debug, Clone)]
pub(crate) struct Inexact {
    pub(crate) link: LinkRef,
    pub(crate) reason: String,
}

/// The output of [`build`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Built {
    pub(crate) steps: Vec<Step>,
    pub(crate) inexact: Vec<Inexact>,
    /// Cards moved in bulk although attached to a customer.
    pub(crate) attached_bulk: Vec<NodeIndex>,
    /// Assets already in the target.
    pub(crate) already: Vec<NodeIndex>,
    /// Charge points whose parameter set must be copied, with the set.
    pub(crate) ps_copies: Vec<(NodeIndex, NodeIndex)>,
}

fn op_of(kind: NodeKind) -> Option<Operation> {
    match kind {
        NodeKind::ChargeCard => Some(Operation::MoveCards),
        NodeKind::Customer => Some(Operation::MoveCustomer),
        NodeKind::Location => Some(Operation::MoveLocation),
        NodeKind::ChargePoint => Some(Operation::MoveChargePoints),
        NodeKind::ChargeGroup => Some(Operation::MoveChargeGroup),
        _ => None,
    }
}

/// Builds the ordered steps for the moving set of `closure`.
///
/// Complexity: O(sum of the degrees of the moving assets + m log m) for m moving assets.
pub(crate) fn build(
    fleet: &Fleet,
    resolved: &Resolved,
    policy: &Policy,
    closure: &Closure,
) -> Built {
    let target = resolved.target;
    let target_provider = fleet.provider_of(target);
    let target_id = fleet.id(target).to_owned();
    let cut_set: HashSet<EdgeIndex> = resolved.cut_links.iter().copied().collect();
    let mut built = Built::default();

    // ticks per moving asset, from the allowed cuts on the boundary
    let mut ticks: HashMap<NodeIndex, Ticks> = HashMap::new();
    let mut cuts: HashMap<NodeIndex, Vec<LinkRef>> = HashMap::new();
    for (l, why) in &closure.boundary {
        if *why != Boundary::AllowedCut {
            continue;
        }
        let n = if closure.moves(l.source) {
            l.source
        } else {
            l.target
        };
        let Some(op) = fleet.kind(n).and_then(op_of) else {
            continue;
        };
        if fleet.user_group_of(n) == Some(target) {
            built.inexact.push(Inexact {
                link: *l,
                reason: format!(
                    "{} {} is already in the target, no step of it can cut the link",
                    fleet.kind(n).map_or("asset", NodeKind::as_str),
                    fleet.id(n)
                ),
            });
            continue;
        }
        if op == Operation::MoveCards {
            built.inexact.push(Inexact {
                link: *l,
                reason: format!(
                    "the card move has no option to detach card {} from its customer",
                    fleet.id(n)
                ),
            });
            continue;
        }
        // the box cuts every link of this kind of n: all must be allowed
        let all: Vec<LinkRef> = fleet.links_of_kind(n, l.link.kind).collect();
        let exact = l.link.kind == LinkKind::CardCustomer
            || all.iter().all(|x| cut_allowed(policy, &cut_set, x));
        if !exact {
            built.inexact.push(Inexact {
                link: *l,
                reason: format!(
                    "the box that cuts it on {} {} would also cut links the request does not allow",
                    fleet.kind(n).map_or("asset", NodeKind::as_str),
                    fleet.id(n)
                ),
            });
            continue;
        }
        let t = ticks.entry(n).or_default();
        let before = *t;
        t.set_box(op, l.link.kind);
        if *t != before {
            cuts.entry(n).or_default().extend(all);
        }
    }

    let mut todo: BTreeMap<NodeKind, Vec<NodeIndex>> = BTreeMap::new();
    for &n in &closure.moving {
        if fleet.user_group_of(n) == Some(target) {
            built.already.push(n);
            continue;
        }
        if let Some(k) = fleet.kind(n) {
            todo.entry(k).or_default().push(n);
        }
    }
    for v in todo.values_mut() {
        let mut keyed: Vec<(&str, NodeIndex)> = v.iter().map(|&n| (fleet.id(n), n)).collect();
        keyed.sort_unstable();
        *v = keyed.into_iter().map(|(_, n)| n).collect();
    }
    let provider_change = |n: NodeIndex| {
        policy.allow_provider_change
            && fleet.user_group_of(n).and_then(|u| fleet.provider_of(u)) != target_provider
    };
    let ug_id = |n: NodeIndex| {
        fleet
            .user_group_of(n)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    let link_spec = |l: &LinkRef| LinkSpec::of(fleet, l);
    let mut steps: Vec<Step> = Vec::with_capacity(closure.moving.len() / 2);
    let mut push = |op: Operation, nodes: Vec<NodeIndex>, t: Ticks, extra: StepExtra| {
        let mut from: Vec<String> = nodes.iter().map(|&n| ug_id(n)).collect();
        from.sort_unstable();
        from.dedup();
        let mut cut_specs: Vec<LinkSpec> = nodes
            .iter()
            .filter_map(|n| cuts.get(n))
            .flatten()
            .map(link_spec)
            .collect();
        cut_specs.sort_unstable();
        cut_specs.dedup();
        steps.push(Step {
            number: 0,
            operation: op,
            bulk: matches!(op, Operation::MoveCards | Operation::MoveChargePoints)
                && nodes.len() > 1,
            assets: nodes.iter().map(|&n| fleet.id(n).to_owned()).collect(),
            from,
            to: target_id.clone(),
            options: t.options(op),
            filter: extra.filter,
            moves_along: extra.moves_along,
            cuts: cut_specs,
            parameter_set_copies: extra.ps,
            note: extra.note,
            nodes,
            ticks: t,
        });
    };

    let customers = todo.remove(&NodeKind::Customer).unwrap_or_default();
    let mut customer_step: HashMap<NodeIndex, Ticks> = HashMap::new();
    let mut customer_steps = Vec::new();
    for &c in &customers {
        let mut t = ticks.get(&c).copied().unwrap_or_default();
        t.provider_change = provider_change(c);
        let cards: Vec<NodeIndex> = fleet.linked(c, LinkKind::CardCustomer).collect();
        t.also_move_cards = !cards.is_empty() && !t.detach_cards;
        customer_step.insert(c, t);
        let mut along: Vec<String> = if t.also_move_cards {
            cards.iter().map(|&k| fleet.id(k).to_owned()).collect()
        } else {
            Vec::new()
        };
        along.sort_unstable();
        customer_steps.push((c, t, along));
    }

    // cards
    let cards = todo.remove(&NodeKind::ChargeCard).unwrap_or_default();
    let mut detached: BTreeMap<String, Vec<NodeIndex>> = BTreeMap::new();
    let mut detached_later: BTreeMap<String, Vec<NodeIndex>> = BTreeMap::new();
    let mut attached: BTreeMap<String, Vec<NodeIndex>> = BTreeMap::new();
    for &k in &cards {
        match fleet.target_of(k, LinkKind::CardCustomer) {
            None => detached.entry(ug_id(k)).or_default().push(k),
            Some(c) => match customer_step.get(&c) {
                Some(t) if t.also_move_cards => {}
                Some(_) => detached_later.entry(ug_id(k)).or_default().push(k),
                None => {
                    built.attached_bulk.push(k);
                    attached.entry(ug_id(k)).or_default().push(k);
                }
            },
        }
    }
    for (_, v) in detached {
        push(
            Operation::MoveCards,
            v,
            Ticks::default(),
            StepExtra::filter("Detached"),
        );
    }
    for (c, t, along) in customer_steps {
        push(
            Operation::MoveCustomer,
            vec![c],
            t,
            StepExtra {
                moves_along: along,
                ..StepExtra::default()
            },
        );
    }
    for (_, v) in detached_later {
        let mut e = StepExtra::filter("Detached");
        e.note = Some("these cards were detached from their customer by a previous step".into());
        push(Operation::MoveCards, v, Ticks::default(), e);
    }
    for (_, v) in attached {
        push(
            Operation::MoveCards,
            v,
            Ticks::default(),
            StepExtra {
                note: Some(
                    "these cards are attached to customers that do not move with them: select them by id, not with the \"Detached\" filter".into(),
                ),
                ..StepExtra::default()
            },
        );
    }

    for l in todo.remove(&NodeKind::Location).unwrap_or_default() {
        let mut t = ticks.get(&l).copied().unwrap_or_default();
        t.provider_change = provider_change(l);
        push(Operation::MoveLocation, vec![l], t, StepExtra::default());
    }

    let mut cp_groups: BTreeMap<Ticks, Vec<NodeIndex>> = BTreeMap::new();
    for cp in todo.remove(&NodeKind::ChargePoint).unwrap_or_default() {
        let mut t = ticks.get(&cp).copied().unwrap_or_default();
        t.provider_change = provider_change(cp);
        t.copy_parameter_set = true;
        cp_groups.entry(t).or_default().push(cp);
    }
    for (t, v) in cp_groups {
        let mut ps = Vec::new();
        for &cp in &v {
            if let Some(p) = fleet.target_of(cp, LinkKind::ChargePointParameterSet)
                && !visible(fleet, p, target)
            {
                ps.push(fleet.id(cp).to_owned());
                built.ps_copies.push((cp, p));
            }
        }
        push(
            Operation::MoveChargePoints,
            v,
            t,
            StepExtra {
                ps,
                ..StepExtra::default()
            },
        );
    }

    for g in todo.remove(&NodeKind::ChargeGroup).unwrap_or_default() {
        let mut t = ticks.get(&g).copied().unwrap_or_default();
        t.provider_change = provider_change(g);
        push(Operation::MoveChargeGroup, vec![g], t, StepExtra::default());
    }
    for (i, s) in steps.iter_mut().enumerate() {
        s.number = i + 1;
    }
    built.steps = steps;
    built
}

#[derive(Default)]
struct StepExtra {
    filter: Option<String>,
    moves_along: Vec<String>,
    ps: Vec<String>,
    note: Option<String>,
}

impl StepExtra {
    fn filter(f: &str) -> StepExtra {
        StepExtra {
            filter: Some(f.to_owned()),
            ..StepExtra::default()
        }
    }
}
