//! The ordered steps of a migration, each a platform operation with every option of its form.
//!
//! Order (the seed's safe order): detached cards in bulk; each customer with its attached cards
//! (one by one); cards detached by a customer step; attached cards whose customer does not move
//! (bulk, with a warning); each location (one by one) before the charge points; charge points (in
//! bulk where their options are equal); each charge group (one by one).

use std::borrow::Cow;
use std::collections::BTreeMap;

use chargeshift_graph::ids::natural_cmp;
use chargeshift_graph::{EdgeIndex, Fleet, LinkKind, LinkRef, NodeIndex, NodeKind};
use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::{Boundary, Closure, cut_allowed};
pub use crate::forms::{Operation, PROVIDER_CHANGE};
use crate::forms::{OptionKey, key_of_label};
use crate::request::{Policy, Resolved};
use chargeshift_graph::LinkId;

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
    /// Charge point: "Copy parameter set if the set doesn’t exist in the new user group".
    pub copy_parameter_set: bool,
}

impl Ticks {
    /// The tick of the option `key`.
    ///
    /// ```
    /// use chargeshift_planner::{forms::OptionKey, steps::Ticks};
    /// let t = Ticks { detach_cards: true, ..Ticks::default() };
    /// assert!(t.get(OptionKey::DetachCards) && !t.get(OptionKey::AlsoMoveCards));
    /// ```
    #[must_use]
    pub fn get(&self, key: OptionKey) -> bool {
        let mut t = *self;
        *t.tick(key)
    }

    /// Ticks (or unticks) the option `key`.
    pub fn set(&mut self, key: OptionKey, ticked: bool) {
        *self.tick(key) = ticked;
    }

    /// The tick of the option `key`: the one place that knows which field holds which key.
    fn tick(&mut self, key: OptionKey) -> &mut bool {
        match key {
            OptionKey::ProviderChange => &mut self.provider_change,
            OptionKey::DetachCards => &mut self.detach_cards,
            OptionKey::AlsoMoveCards => &mut self.also_move_cards,
            OptionKey::DetachChargePoints => &mut self.detach_charge_points,
            OptionKey::ResetCustomerChargeGroup => &mut self.reset_customer_charge_group,
            OptionKey::DetachCustomer => &mut self.detach_customer,
            OptionKey::DetachChargeGroup => &mut self.detach_charge_group,
            OptionKey::DetachLocation => &mut self.detach_location,
            OptionKey::CopyParameterSet => &mut self.copy_parameter_set,
        }
    }

    /// Every option of the form of `op`, in the order the platform shows them, with its tick
    /// (from [`FORMS`](crate::forms::FORMS)).
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
        op.form()
            .options
            .iter()
            .map(|o| StepOption {
                key: o.key,
                label: Cow::Borrowed(o.label),
                ticked: self.get(o.key),
            })
            .collect()
    }

    /// The link kinds the ticked detach/reset boxes of `op` cut, for the moved asset (from
    /// [`FORMS`](crate::forms::FORMS)).
    ///
    /// ```
    /// use chargeshift_graph::LinkKind;
    /// use chargeshift_planner::steps::{Operation, Ticks};
    /// let t = Ticks { detach_location: true, ..Ticks::default() };
    /// assert_eq!(t.cut_kinds(Operation::MoveChargePoints), vec![LinkKind::ChargePointLocation]);
    /// ```
    #[must_use]
    pub fn cut_kinds(&self, op: Operation) -> Vec<LinkKind> {
        op.form()
            .options
            .iter()
            .filter(|o| self.get(o.key))
            .flat_map(|o| o.cuts.iter().copied())
            .collect()
    }

    /// Ticks the box of the form of `op` that cuts links of `kind`, if the form has one.
    fn set_box(&mut self, op: Operation, kind: LinkKind) {
        if let Some(o) = op.form().option_cutting(kind) {
            self.set(o.key, true);
        }
    }
}

/// One option of a form, as the platform shows it, ticked or not.
///
/// A plan written before options had keys reads too: the key is found from the label on the
/// step's form; an option whose label no form has is refused, naming the plan version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct StepOption {
    /// The option's stable key.
    pub key: OptionKey,
    /// The label on the form.
    pub label: Cow<'static, str>,
    /// Whether to tick it.
    pub ticked: bool,
}

impl<'de> Deserialize<'de> for StepOption {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            key: Option<OptionKey>,
            label: String,
            ticked: bool,
        }
        let raw = Raw::deserialize(d)?;
        let key = match raw.key {
            Some(k) => k,
            // a plan of version 1 written before options had keys: the label names the option
            // (each label belongs to one key on every form)
            None => Operation::ALL
                .iter()
                .find_map(|&op| key_of_label(op, &raw.label))
                .ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "option {:?} has no key and is on no form of the platform: a plan of version {} names each option by its key (or, written before keys, by a label of the platform's forms)",
                        raw.label,
                        crate::usergroup::format::VERSION
                    ))
                })?,
        };
        Ok(StepOption {
            key,
            label: Cow::Owned(raw.label),
            ticked: raw.ticked,
        })
    }
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
    /// The ids of the assets the step selects, in natural order (`K3` before `K10`).
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
    pub cuts: Vec<LinkId>,
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
            t.set(o.key, true);
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
pub struct Inexact {
    /// The link.
    pub link: LinkRef,
    /// Why no box cuts it exactly.
    pub reason: String,
}

/// The output of [`build`].
#[derive(Debug, Clone, Default)]
pub struct Built {
    /// The steps, numbered from 1.
    pub steps: Vec<Step>,
    /// Links that should be cut but stay split.
    pub inexact: Vec<Inexact>,
    /// Cards moved in bulk although attached to a customer.
    pub attached_bulk: Vec<NodeIndex>,
    /// Assets already in the target.
    pub already: Vec<NodeIndex>,
    /// Charge points whose parameter set must be copied, with the set.
    pub ps_copies: Vec<(NodeIndex, NodeIndex)>,
}

impl Built {
    /// The assets the steps select, in step order. O(assets of the steps).
    #[must_use]
    pub fn stepped(&self) -> Vec<NodeIndex> {
        self.steps
            .iter()
            .flat_map(|s| s.nodes.iter().copied())
            .collect()
    }
}

/// Builds the ordered steps for the moving set of `closure`: the third stage of a plan.
///
/// # Arguments
/// * `fleet`: the fleet.
/// * `resolved`: the resolved request ([`crate::request::resolve`]).
/// * `policy`: the request's policy.
/// * `closure`: the closure ([`crate::closure::closure`]).
///
/// # Returns
/// The steps in the seed's safe order with every option of their forms ticked or not, the links
/// no box can cut exactly, the attached cards moved in bulk, the assets already in the target and
/// the parameter sets to copy.
///
/// # Complexity
/// O(sum of the degrees of the moving assets + m log m) for m moving assets.
///
/// # Example
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, NodeKind, UserGroup};
/// use chargeshift_planner::{closure::closure, request::{resolve, MigrationRequest}, steps::{build, Operation}};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let req = MigrationRequest::to("B").asset(NodeKind::Customer, "C1");
/// let resolved = resolve(&f, &req)?;
/// let built = build(&f, &resolved, &req.policy, &closure(&f, &resolved, &req.policy));
/// assert_eq!(built.steps.len(), 1);
/// assert_eq!(built.steps[0].operation, Operation::MoveCustomer);
/// assert_eq!(built.steps[0].moves_along, ["K1"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build(fleet: &Fleet, resolved: &Resolved, policy: &Policy, closure: &Closure) -> Built {
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
        let Some(op) = fleet.kind(n).and_then(Operation::moving) else {
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
        keyed.sort_unstable_by(|a, b| natural_cmp(a.0, b.0));
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
    let link_spec = |l: &LinkRef| LinkId::of(fleet, l);
    let mut steps: Vec<Step> = Vec::with_capacity(closure.moving.len() / 2);
    let mut push = |op: Operation, nodes: Vec<NodeIndex>, t: Ticks, extra: StepExtra| {
        let mut from: Vec<String> = nodes.iter().map(|&n| ug_id(n)).collect();
        from.sort_unstable();
        from.dedup();
        let mut cut_specs: Vec<LinkId> = nodes
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
        along.sort_unstable_by(|a, b| natural_cmp(a, b));
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
                && !fleet.is_visible_in(p, target)
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
