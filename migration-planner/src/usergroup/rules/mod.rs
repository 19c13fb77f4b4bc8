//! The checks of a user-group move: each a unit behind one trait ([`Rule`]), run from one
//! registry ([`RULES`]) over the data of the stages ([`Stages`]).
//!
//! A finding's code is a [`Check`]: a stable code (`CS002`), a stable name
//! (`provider-boundary`) and a fixed [`Severity`]. A rule inspects what the stages computed
//! (the resolved request, the closure, the steps, the simulation) and says what it found; it holds
//! no state, so the same rules run on any fleet and any subset of its assets (a whole plan, one
//! wave of a cutover, a fleet after [`apply`](crate::simulate::apply)).

mod links;
mod provider;
mod resources;
mod target;

use chargeshift_graph::{FindingCode, Fleet, LinkKind, NodeData, NodeIndex};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::Closure;
use crate::request::{MigrationRequest, Resolved};
use crate::simulate::Simulation;
use crate::steps::Built;
use chargeshift_graph::LinkId;

pub use chargeshift_graph::Severity;
pub use links::{
    BulkAttachedCards, ChargeGroupWithoutCustomers, CutNotExact, LinksCutOrLost, SharedAsset,
    SplitLinks, resolution,
};
pub use provider::ProviderBoundary;
pub use resources::{ParameterSets, Tariffs};
pub use target::{AlreadyInTarget, NothingToDo, OwnedResources, TargetIsSource};

/// The checks, each with a stable code ([`Check::code`]) and name ([`Check::name`]).
///
/// ```
/// use chargeshift_planner::rules::Check;
/// assert_eq!(Check::ProviderBoundary.code(), "CS002");
/// assert_eq!(Check::ProviderBoundary.name(), "provider-boundary");
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Check {
    /// The target is one of the user groups the request moves assets out of.
    TargetIsSource,
    /// A move into another provider's tree without "provider change allowed".
    ProviderBoundary,
    /// A move into a sub-provider without "provider change allowed".
    SubProvider,
    /// A provider change the request allows: needs the account manager.
    ProviderChange,
    /// Tariff links to re-map: the tariff is not inherited in the target.
    TariffRemap,
    /// Tariffs and products stay inherited: no preparation needed.
    TariffsInherited,
    /// Charge points whose parameter set does not exist in the target: copy it.
    ParameterSetCopy,
    /// A charge group left with no customer and no "all customers" access.
    ChargeGroupWithoutCustomers,
    /// Cards moved in bulk although attached to a customer.
    BulkAttachedCards,
    /// Assets already in the target: nothing to do for them.
    AlreadyInTarget,
    /// An asset shared with assets the request did not name.
    SharedAsset,
    /// A link whose two ends end up in different user groups.
    SplitLink,
    /// A link that should be cut but no box cuts it exactly: it stays split.
    CutNotExact,
    /// A link cut by a ticked box, as the request allows.
    LinkCut,
    /// Tariffs and parameter sets named by the request are not moved.
    OwnedResourceNotMoved,
    /// The plan has no step.
    NothingToDo,
    /// A link lost that the request did not allow to cut.
    LinkLost,
}

impl FindingCode for Check {
    const SCHEMA_NAME: &'static str = "PlanFinding";
    const ALL: &'static [Check] = &[
        Check::TargetIsSource,
        Check::ProviderBoundary,
        Check::SubProvider,
        Check::ProviderChange,
        Check::TariffRemap,
        Check::TariffsInherited,
        Check::ParameterSetCopy,
        Check::ChargeGroupWithoutCustomers,
        Check::BulkAttachedCards,
        Check::AlreadyInTarget,
        Check::SharedAsset,
        Check::SplitLink,
        Check::CutNotExact,
        Check::LinkCut,
        Check::OwnedResourceNotMoved,
        Check::NothingToDo,
        Check::LinkLost,
    ];

    fn code(self) -> &'static str {
        Check::code(self)
    }

    fn name(self) -> &'static str {
        Check::name(self)
    }
}

impl Check {
    /// The severity of every finding of this check.
    ///
    /// ```
    /// use chargeshift_planner::rules::{Check, Severity};
    /// assert_eq!(Check::LinkLost.severity(), Severity::Error);
    /// assert_eq!(Check::SharedAsset.severity(), Severity::Warning);
    /// ```
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            Check::TargetIsSource
            | Check::ProviderBoundary
            | Check::SubProvider
            | Check::LinkLost => Severity::Error,
            Check::ProviderChange
            | Check::TariffRemap
            | Check::ChargeGroupWithoutCustomers
            | Check::BulkAttachedCards
            | Check::SharedAsset
            | Check::SplitLink
            | Check::CutNotExact => Severity::Warning,
            Check::TariffsInherited
            | Check::ParameterSetCopy
            | Check::AlreadyInTarget
            | Check::LinkCut
            | Check::OwnedResourceNotMoved
            | Check::NothingToDo => Severity::Info,
        }
    }

    /// The stable code.
    #[must_use]
    pub const fn code(self) -> &'static str {
        match self {
            Check::TargetIsSource => "CS001",
            Check::ProviderBoundary => "CS002",
            Check::SubProvider => "CS003",
            Check::ProviderChange => "CS004",
            Check::TariffRemap => "CS005",
            Check::TariffsInherited => "CS006",
            Check::ParameterSetCopy => "CS007",
            Check::ChargeGroupWithoutCustomers => "CS008",
            Check::BulkAttachedCards => "CS009",
            Check::AlreadyInTarget => "CS010",
            Check::SharedAsset => "CS011",
            Check::SplitLink => "CS012",
            Check::CutNotExact => "CS013",
            Check::LinkCut => "CS014",
            Check::OwnedResourceNotMoved => "CS015",
            Check::NothingToDo => "CS016",
            Check::LinkLost => "CS017",
        }
    }

    /// The stable name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Check::TargetIsSource => "target-is-source",
            Check::ProviderBoundary => "provider-boundary",
            Check::SubProvider => "sub-provider",
            Check::ProviderChange => "provider-change",
            Check::TariffRemap => "tariff-remap",
            Check::TariffsInherited => "tariffs-inherited",
            Check::ParameterSetCopy => "parameter-set-copy",
            Check::ChargeGroupWithoutCustomers => "charge-group-without-customers",
            Check::BulkAttachedCards => "bulk-attached-cards",
            Check::AlreadyInTarget => "already-in-target",
            Check::SharedAsset => "shared-asset",
            Check::SplitLink => "split-link",
            Check::CutNotExact => "cut-not-exact",
            Check::LinkCut => "link-cut",
            Check::OwnedResourceNotMoved => "owned-resource-not-moved",
            Check::NothingToDo => "nothing-to-do",
            Check::LinkLost => "link-lost",
        }
    }
}

/// One finding of a check: a [`chargeshift_graph::Finding`] whose code is a [`Check`].
///
/// ```
/// use chargeshift_planner::rules::{Check, Finding, Severity};
/// let f = Finding::new(Check::NothingToDo, Severity::Info, "nothing to do");
/// assert_eq!(f.code_str(), "CS016");
/// assert_eq!(f.check(), "nothing-to-do");
/// ```
pub type Finding = chargeshift_graph::Finding<Check>;

/// A finding of `check`, with the check's severity.
///
/// ```
/// use chargeshift_planner::rules::{finding, Check, Severity};
/// assert_eq!(finding(Check::LinkLost, "1 link lost").severity, Severity::Error);
/// ```
#[must_use]
pub fn finding(check: Check, message: impl Into<String>) -> Finding {
    Finding::new(check, check.severity(), message)
}

/// What the stages of a plan computed, which the rules inspect.
#[derive(Debug, Clone, Copy)]
pub struct Stages<'a> {
    /// The fleet before the migration.
    pub fleet: &'a Fleet,
    /// The request.
    pub request: &'a MigrationRequest,
    /// The resolved request ([`crate::request::resolve`]).
    pub resolved: &'a Resolved,
    /// The closure ([`crate::closure::closure`]).
    pub closure: &'a Closure,
    /// The steps ([`crate::steps::build`]).
    pub built: &'a Built,
    /// The simulation ([`crate::simulate::simulate`]).
    pub simulation: &'a Simulation,
    /// The tariff links to re-map ([`tariff_links`] of the stepped assets).
    pub tariff_remap: &'a [TariffLink],
}

/// A check of a user-group move.
pub trait Rule: Sync {
    /// The codes of the findings it can give.
    fn checks(&self) -> &'static [Check];

    /// What it inspects, in a sentence.
    fn inspects(&self) -> &'static str;

    /// Adds what it finds in `stages` to `out`.
    fn run(&self, stages: &Stages<'_>, out: &mut Vec<Finding>);
}

/// Every check of a user-group move, each once.
pub static RULES: [&dyn Rule; 13] = [
    &TargetIsSource,
    &OwnedResources,
    &AlreadyInTarget,
    &ProviderBoundary,
    &Tariffs,
    &ParameterSets,
    &BulkAttachedCards,
    &SharedAsset,
    &CutNotExact,
    &LinksCutOrLost,
    &SplitLinks,
    &ChargeGroupWithoutCustomers,
    &NothingToDo,
];

/// Runs every rule of [`RULES`] over `stages`: the fifth stage of a plan.
///
/// # Returns
/// Every finding, errors first, then by code (in the order each rule found them within a code).
///
/// # Complexity
/// O(sum of the degrees of the moving assets + size of the steps and the simulation), plus the
/// sort of the findings.
///
/// # Example
/// ```
/// use chargeshift_graph::{Customer, Fleet, NodeKind, UserGroup};
/// use chargeshift_planner::{closure::closure, request::{resolve, MigrationRequest}, rules, simulate::simulate, steps::build};
/// let mut f = Fleet::new();
/// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
/// let q = f.add_user_group("Q", UserGroup { name: None, is_provider: true }, None)?;
/// f.add_asset("C1", Customer::default(), p)?;
/// let req = MigrationRequest::to("Q").asset(NodeKind::Customer, "C1");
/// let resolved = resolve(&f, &req)?;
/// let cl = closure(&f, &resolved, &req.policy);
/// let built = build(&f, &resolved, &req.policy, &cl);
/// let simulation = simulate(&f, &resolved, &req.policy, &cl, &built);
/// let stages = rules::Stages { fleet: &f, request: &req, resolved: &resolved, closure: &cl, built: &built, simulation: &simulation, tariff_remap: &[] };
/// let found = rules::run(&stages);
/// assert_eq!(found[0].code, rules::Check::ProviderBoundary);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn run(stages: &Stages<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for rule in &RULES {
        rule.run(stages, &mut out);
    }
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.code().cmp(b.code.code()))
    });
    out
}

/// Whether the owned resource `resource` (a tariff or parameter set) is usable in user group
/// `ug`: owned by `ug` or by a user group above it up to and including its provider (tariffs and
/// products of a provider are inherited by its user groups that are not providers).
///
/// The user-group tree's [`Fleet::is_visible_in`].
///
/// # Complexity
/// O(depth of `ug`).
///
/// ```
/// use chargeshift_graph::{Fleet, ParameterSet, UserGroup};
/// use chargeshift_planner::rules::visible;
/// let mut f = Fleet::new();
/// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
/// let a = f.add_user_group("A", UserGroup::default(), Some(p))?;
/// let b = f.add_user_group("B", UserGroup::default(), Some(p))?;
/// let ps_p = f.add_asset("PS-P", ParameterSet::default(), p)?;
/// let ps_a = f.add_asset("PS-A", ParameterSet::default(), a)?;
/// assert!(visible(&f, ps_p, b));
/// assert!(!visible(&f, ps_a, b));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn visible(fleet: &Fleet, resource: NodeIndex, ug: NodeIndex) -> bool {
    fleet.is_visible_in(resource, ug)
}

/// A tariff link to re-map in the target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct TariffLink {
    /// The link: charge group–tariff, or customer–charge group with a customer-specific tariff.
    pub link: LinkId,
    /// The tariff's id.
    pub tariff: String,
    /// The tariff's owner user group.
    pub owner: String,
}

/// The tariff links of the moving assets whose tariff is not usable in `target`.
///
/// # Complexity
/// O(sum of the degrees of `moving` × depth of `target`).
///
/// ```
/// use chargeshift_graph::{ChargeGroup, Fleet, LinkKind, Tariff, UserGroup};
/// use chargeshift_planner::rules::tariff_links;
/// let mut f = Fleet::new();
/// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
/// let a = f.add_user_group("A", UserGroup::default(), Some(p))?;
/// let q = f.add_user_group("Q", UserGroup { name: None, is_provider: true }, None)?;
/// let t = f.add_asset("T1", Tariff::default(), a)?;
/// let g = f.add_asset("G1", ChargeGroup::default(), a)?;
/// f.add_link(g, t, LinkKind::ChargeGroupTariff)?;
/// assert_eq!(tariff_links(&f, &[g], q).len(), 1);
/// assert!(tariff_links(&f, &[g], a).is_empty());
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn tariff_links(fleet: &Fleet, moving: &[NodeIndex], target: NodeIndex) -> Vec<TariffLink> {
    let mut out = Vec::new();
    let owner = |t: NodeIndex| {
        fleet
            .user_group_of(t)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    for &n in moving {
        for l in fleet.links_of(n) {
            let tariff = match l.link.kind {
                LinkKind::ChargeGroupTariff => Some(l.target),
                LinkKind::CustomerChargeGroup => l.link.tariff,
                _ => None,
            };
            if let Some(t) = tariff
                && !fleet.is_visible_in(t, target)
            {
                out.push(TariffLink {
                    link: LinkId::of(fleet, &l),
                    tariff: fleet.id(t).to_owned(),
                    owner: owner(t),
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether charge group `g` gives access to everyone ("all customers"). O(1).
#[must_use]
pub fn all_customers(fleet: &Fleet, g: NodeIndex) -> bool {
    matches!(fleet.node(g).map(|n| &n.data), Some(NodeData::ChargeGroup(cg)) if cg.all_customers)
}
