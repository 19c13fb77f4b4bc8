//! The rules a plan is checked against, each a named check with a severity and a stable code.

use chargeshift_graph::{Fleet, LinkKind, NodeData, NodeIndex};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::plan::LinkSpec;
use crate::request::AssetRef;

/// How bad a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The plan cannot be carried out as asked: it is blocked.
    Error,
    /// The plan can be carried out, but something needs attention.
    Warning,
    /// For the record.
    Info,
}

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

impl Check {
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

/// One finding of a check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// The stable code, e.g. `CS002`.
    pub code: String,
    /// The check.
    pub check: Check,
    /// The severity.
    pub severity: Severity,
    /// What was found, lowercase.
    pub message: String,
    /// The assets concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<AssetRef>,
    /// The links concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkSpec>,
}

impl Finding {
    /// A finding of `check` with `severity` and `message`.
    ///
    /// ```
    /// use chargeshift_planner::rules::{Check, Finding, Severity};
    /// let f = Finding::new(Check::NothingToDo, Severity::Info, "nothing to do");
    /// assert_eq!(f.code, "CS016");
    /// ```
    #[must_use]
    pub fn new(check: Check, severity: Severity, message: impl Into<String>) -> Finding {
        Finding {
            code: check.code().to_owned(),
            check,
            severity,
            message: message.into(),
            assets: Vec::new(),
            links: Vec::new(),
        }
    }

    /// This finding with the assets concerned.
    #[must_use]
    pub fn with_assets(mut self, fleet: &Fleet, assets: &[NodeIndex]) -> Finding {
        self.assets = assets.iter().map(|&a| AssetRef::of(fleet, a)).collect();
        self
    }

    /// This finding with the links concerned.
    #[must_use]
    pub fn with_links(mut self, links: Vec<LinkSpec>) -> Finding {
        self.links = links;
        self
    }
}

/// Whether the owned resource `resource` (a tariff or parameter set) is usable in user group
/// `ug`: owned by `ug` or by a user group above it up to and including its provider (tariffs and
/// products of a provider are inherited by its user groups that are not providers).
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
    let Some(owner) = fleet.user_group_of(resource) else {
        return false;
    };
    let mut cur = Some(ug);
    let mut steps = 0usize;
    while let Some(c) = cur {
        if c == owner {
            return true;
        }
        if fleet.is_provider(c) {
            return false;
        }
        steps += 1;
        if steps > 1024 {
            return false;
        }
        cur = fleet.parent_of(c);
    }
    false
}

/// A tariff link to re-map in the target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct TariffLink {
    /// The link: charge group–tariff, or customer–charge group with a customer-specific tariff.
    pub link: LinkSpec,
    /// The tariff's id.
    pub tariff: String,
    /// The tariff's owner user group.
    pub owner: String,
}

/// The tariff links of the moving assets whose tariff is not usable in `target`.
///
/// # Complexity
/// O(sum of the degrees of `moving`).
pub(crate) fn tariff_links(
    fleet: &Fleet,
    moving: &[NodeIndex],
    target: NodeIndex,
) -> Vec<TariffLink> {
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
                && !visible(fleet, t, target)
            {
                out.push(TariffLink {
                    link: LinkSpec::of(fleet, &l),
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

/// Whether charge group `g` gives access to everyone ("all customers").
pub(crate) fn all_customers(fleet: &Fleet, g: NodeIndex) -> bool {
    matches!(fleet.node(g).map(|n| &n.data), Some(NodeData::ChargeGroup(cg)) if cg.all_customers)
}
