//! The plan: closure, checks, steps and simulation of one request, as one serializable answer.

use chargeshift_graph::{EdgeIndex, Fleet, LinkKind, LinkRef, NodeIndex, NodeKind};
use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::{Boundary, closure, cut_allowed};
use crate::error::PlanError;
use crate::request::{AssetRef, LinkRefSpec, MigrationRequest, resolve};
use crate::rules::{Check, Finding, Severity, TariffLink, all_customers, tariff_links};
use crate::simulate::{Simulation, simulate};
use crate::steps::{Step, build};

/// The `format` field of a plan document.
pub const FORMAT: &str = "chargeshift-plan";
/// The `version` field of a plan document.
pub const VERSION: u32 = 1;

/// A link named by its kind and the ids of its source and target (in the direction of
/// [`LinkKind::endpoints`]).
///
/// ```
/// use chargeshift_graph::LinkKind;
/// use chargeshift_planner::plan::LinkSpec;
/// let l = LinkSpec { kind: LinkKind::CardCustomer, source: "K1".into(), target: "C1".into() };
/// assert_eq!(l.to_string(), "card_customer K1 -> C1");
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub struct LinkSpec {
    /// The kind.
    pub kind: LinkKind,
    /// The source id (first kind of the link kind's endpoints).
    pub source: String,
    /// The target id.
    pub target: String,
}

impl LinkSpec {
    /// The spec of a fleet link.
    #[must_use]
    pub fn of(fleet: &Fleet, l: &LinkRef) -> LinkSpec {
        LinkSpec {
            kind: l.link.kind,
            source: fleet.id(l.source).to_owned(),
            target: fleet.id(l.target).to_owned(),
        }
    }

    /// The same link as a request's allowed cut.
    #[must_use]
    pub fn to_request(&self) -> LinkRefSpec {
        LinkRefSpec {
            kind: self.kind,
            a: self.source.clone(),
            b: self.target.clone(),
        }
    }
}

impl std::fmt::Display for LinkSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} -> {}", self.kind, self.source, self.target)
    }
}

/// The verdict of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// No error and no warning.
    Ready,
    /// No error, some warnings to read.
    ReadyWithWarnings,
    /// At least one error: the plan cannot be carried out as asked.
    Blocked,
}

/// The target user group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TargetInfo {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its provider's id.
    pub provider: Option<String>,
}

/// One asset of the moving set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct MovingAsset {
    /// The kind.
    pub kind: NodeKind,
    /// The id.
    pub id: String,
    /// Its user group now.
    pub from: String,
    /// Whether the request named it (else the closure pulled it).
    pub requested: bool,
    /// The asset that pulled it along, for a pulled asset.
    pub pulled_by: Option<AssetRef>,
    /// The kind of link that pulled it.
    pub via: Option<LinkKind>,
    /// Whether it is in the target already (no step).
    pub already_in_target: bool,
}

/// One way to resolve a conflict, each expressible in the request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", tag = "choice")]
pub enum Choice {
    /// Move the shared asset too, with what it brings along (the pull-along default).
    MoveToo {
        /// How many assets this brings (the shared asset included).
        count: usize,
        /// The assets this brings, the first hundred by index.
        assets: Vec<AssetRef>,
    },
    /// Cut the links between the shared asset and the request: put these in
    /// `policy.allow_cut_links`.
    CutLinks {
        /// The links to allow cutting.
        allow_cut_links: Vec<LinkRefSpec>,
    },
    /// Keep the split: put the asset in `policy.keep_behind`; these links end up split.
    KeepSplit {
        /// The asset to keep behind.
        keep_behind: AssetRef,
        /// The links that stay split.
        split: Vec<LinkSpec>,
    },
}

/// A shared asset and the choices that resolve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    /// The shared asset.
    pub asset: AssetRef,
    /// Its user group.
    pub user_group: String,
    /// Its links to the requested assets.
    pub links_to_request: Vec<LinkSpec>,
    /// Its neighbours the request did not name.
    pub others: Vec<AssetRef>,
    /// What the plan does now.
    pub resolution: String,
    /// The choices.
    pub choices: Vec<Choice>,
}

/// Counts of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Assets the request named.
    pub requested: usize,
    /// Assets pulled along.
    pub pulled: usize,
    /// Assets already in the target.
    pub already_in_target: usize,
    /// Assets to move.
    pub to_move: usize,
    /// Steps.
    pub steps: usize,
    /// Links cut (as the request allows).
    pub links_cut: usize,
    /// Links split at the end.
    pub split_links_at_end: usize,
}

/// A charge point whose parameter set is copied into the target.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
pub struct ParameterSetCopy {
    /// The charge point.
    pub charge_point: String,
    /// Its parameter set.
    pub parameter_set: String,
    /// The set's owner user group.
    pub owner: String,
}

/// The plan of one request: what moves, the problems found, the ordered steps with every option,
/// and their simulation. Serialized, this is the JSON output (`schema/plan.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Plan {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`].
    pub version: u32,
    /// The request, as given.
    pub request: MigrationRequest,
    /// The target user group.
    pub target: TargetInfo,
    /// The verdict.
    pub status: Status,
    /// Counts.
    pub summary: Summary,
    /// The moving set, sorted by kind and id.
    pub assets: Vec<MovingAsset>,
    /// Shared assets and how to resolve them.
    pub conflicts: Vec<Conflict>,
    /// Every finding, errors first.
    pub findings: Vec<Finding>,
    /// The steps, in order.
    pub steps: Vec<Step>,
    /// Tariff links to re-map in the target.
    pub tariff_remap: Vec<TariffLink>,
    /// Charge points whose parameter set is copied.
    pub parameter_set_copies: Vec<ParameterSetCopy>,
    /// The simulation and the connection-preservation check.
    pub simulation: Simulation,
}

impl Plan {
    /// Whether the plan has an error finding.
    #[must_use]
    pub fn is_blocked(&self) -> bool {
        self.status == Status::Blocked
    }

    /// The plan as pretty JSON (deterministic: same input, same bytes).
    ///
    /// # Errors
    /// Only if serialization fails, which it does not for these types.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self).map(|s| s + "\n")
    }

    /// The JSON Schema of the plan document.
    ///
    /// ```
    /// assert!(chargeshift_planner::plan::Plan::json_schema().contains("\"steps\""));
    /// ```
    #[must_use]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(Plan);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

/// Plans `request` on `fleet`.
///
/// # Arguments
/// * `fleet`: the fleet (not changed).
/// * `request`: what to move where, and the policy.
///
/// # Returns
/// The [`Plan`]: the closure (what moves, what was pulled and by what), the conflicts with their
/// choices, every finding of the rules, the ordered steps with every option ticked or not, the
/// simulation of the steps with split links per step, and the connection-preservation check.
///
/// # Errors
/// [`PlanError`] if the request names an unknown user group, asset or link, or nothing.
///
/// # Complexity
/// O(sum of the degrees of the moving assets × log) plus O(node bound) for the marks.
///
/// # Example
/// ```
/// use chargeshift_graph::{ChargeCard, ChargeGroup, ChargePoint, Customer, Fleet, LinkKind, Location, UserGroup};
/// use chargeshift_planner::{plan::{plan, Status}, request::{MigrationRequest, Selector}};
/// let mut f = Fleet::new();
/// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
/// let a = f.add_user_group("A", UserGroup::default(), Some(p))?;
/// f.add_user_group("B", UserGroup::default(), Some(p))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// let cp = f.add_asset("CP1", ChargePoint::default(), a)?;
/// let l = f.add_asset("L1", Location::default(), a)?;
/// let g = f.add_asset("G1", ChargeGroup::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
/// f.add_link(cp, l, LinkKind::ChargePointLocation)?;
/// f.add_link(cp, g, LinkKind::ChargePointChargeGroup)?;
/// f.add_link(c, g, LinkKind::CustomerChargeGroup)?;
/// let plan = plan(&f, &MigrationRequest::to("B").select(Selector::Customer("C1".into())))?;
/// assert_eq!(plan.status, Status::Ready);
/// let ops: Vec<_> = plan.steps.iter().map(|s| s.operation.title()).collect();
/// assert_eq!(ops, ["Move customer", "Move location", "Move charge points", "Move charge group"]);
/// assert!(plan.simulation.preservation.preserved);
/// assert!(plan.simulation.split_links_at_end.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(fleet: &Fleet, request: &MigrationRequest) -> Result<Plan, PlanError> {
    let resolved = resolve(fleet, request)?;
    let policy = &request.policy;
    let target = resolved.target;
    let cl = closure(fleet, &resolved, policy);
    let built = build(fleet, &resolved, policy, &cl);
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
    let sim = simulate(fleet, target, &cl.moving, &built.steps, &allowed);

    let ug_id = |n: NodeIndex| {
        fleet
            .user_group_of(n)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    let aref = |n: NodeIndex| AssetRef::of(fleet, n);
    let mut findings: Vec<Finding> = Vec::new();

    // target and source
    if resolved.source_groups.contains(&target) {
        findings.push(Finding::new(
            Check::TargetIsSource,
            Severity::Error,
            format!(
                "the target user group {} is the user group the request moves assets out of",
                fleet.id(target)
            ),
        ));
    }
    if !resolved.not_movable.is_empty() {
        findings.push(
            Finding::new(
                Check::OwnedResourceNotMoved,
                Severity::Info,
                format!(
                    "{} tariff(s) or parameter set(s) are owned resources: they are not moved, the inheritance and copy rules apply",
                    resolved.not_movable.len()
                ),
            )
            .with_assets(fleet, &resolved.not_movable),
        );
    }
    if !built.already.is_empty() {
        findings.push(
            Finding::new(
                Check::AlreadyInTarget,
                Severity::Info,
                format!(
                    "{} asset(s) are in {} already: nothing to do for them",
                    built.already.len(),
                    fleet.id(target)
                ),
            )
            .with_assets(fleet, &built.already),
        );
    }

    // provider boundary
    let target_provider = fleet.provider_of(target);
    let stepped: Vec<NodeIndex> = built
        .steps
        .iter()
        .flat_map(|s| s.nodes.iter().copied())
        .collect();
    let crossing: Vec<NodeIndex> = stepped
        .iter()
        .copied()
        .filter(|&n| fleet.user_group_of(n).and_then(|u| fleet.provider_of(u)) != target_provider)
        .collect();
    if !crossing.is_empty() {
        let tp = target_provider.map_or("no provider", |p| fleet.id(p));
        let into_sub = target_provider.is_some_and(|p| fleet.is_sub_provider(p));
        if policy.allow_provider_change {
            findings.push(
                Finding::new(
                    Check::ProviderChange,
                    Severity::Warning,
                    format!(
                        "{} asset(s) change provider (to {tp}): \"Provider change allowed\" is ticked on their steps; tariffs and products are not inherited and every tariff link must be re-mapped; a migration into another provider or a sub-provider is requested with the account manager (CSM, Sales, Onboarding or Support)",
                        crossing.len()
                    ),
                )
                .with_assets(fleet, &crossing),
            );
        } else if into_sub {
            findings.push(
                Finding::new(
                    Check::SubProvider,
                    Severity::Error,
                    format!(
                        "{} is under the sub-provider {tp}: self-service moves stay under one provider; request this migration with the account manager (CSM, Sales, Onboarding or Support), or allow a provider change",
                        fleet.id(target)
                    ),
                )
                .with_assets(fleet, &crossing),
            );
        } else {
            findings.push(
                Finding::new(
                    Check::ProviderBoundary,
                    Severity::Error,
                    format!(
                        "{} asset(s) would leave their provider for {tp}: self-service moves stay under one provider; allow a provider change (with the account manager) or pick a target under the same provider",
                        crossing.len()
                    ),
                )
                .with_assets(fleet, &crossing),
            );
        }
    }

    // tariffs
    let remap = tariff_links(fleet, &stepped, target);
    if remap.is_empty() {
        let any_tariff = stepped.iter().any(|&n| {
            fleet.links_of(n).any(|l| {
                l.link.kind == LinkKind::ChargeGroupTariff
                    || (l.link.kind == LinkKind::CustomerChargeGroup && l.link.tariff.is_some())
            })
        });
        if any_tariff {
            findings.push(Finding::new(
                Check::TariffsInherited,
                Severity::Info,
                format!(
                    "every tariff of the moving assets is inherited in {}: the tariff links remain, no preparation needed",
                    fleet.id(target)
                ),
            ));
        }
    } else {
        findings.push(
            Finding::new(
                Check::TariffRemap,
                Severity::Warning,
                format!(
                    "{} tariff link(s) use a tariff that is not inherited in {}: re-map them after the move",
                    remap.len(),
                    fleet.id(target)
                ),
            )
            .with_links(remap.iter().map(|t| t.link.clone()).collect()),
        );
    }

    // parameter sets
    let mut ps_copies: Vec<ParameterSetCopy> = built
        .ps_copies
        .iter()
        .map(|&(cp, p)| ParameterSetCopy {
            charge_point: fleet.id(cp).to_owned(),
            parameter_set: fleet.id(p).to_owned(),
            owner: ug_id(p),
        })
        .collect();
    ps_copies.sort();
    if !ps_copies.is_empty() {
        let cps: Vec<NodeIndex> = built.ps_copies.iter().map(|&(cp, _)| cp).collect();
        findings.push(
            Finding::new(
                Check::ParameterSetCopy,
                Severity::Info,
                format!(
                    "{} charge point(s) use a parameter set that does not exist in {}: tick \"Copy parameter set if the set doesn't exist in the new user group\"",
                    ps_copies.len(),
                    fleet.id(target)
                ),
            )
            .with_assets(fleet, &cps),
        );
    }

    // bulk attached cards
    if !built.attached_bulk.is_empty() {
        findings.push(
            Finding::new(
                Check::BulkAttachedCards,
                Severity::Warning,
                format!(
                    "{} card(s) attached to a customer that does not move with them are moved in bulk: bulk moves are recommended for detached cards only, and the attached customers do not move with the cards",
                    built.attached_bulk.len()
                ),
            )
            .with_assets(fleet, &built.attached_bulk),
        );
    }

    // conflicts
    let mut conflicts = Vec::new();
    for c in &cl.conflicts {
        let links: Vec<LinkSpec> = c
            .links_to_request
            .iter()
            .map(|l| LinkSpec::of(fleet, l))
            .collect();
        let moves = cl.moves(c.asset);
        let resolution = if moves {
            format!(
                "moved too, with {} asset(s) it brings along",
                c.brings_count.saturating_sub(1)
            )
        } else {
            "left behind: its links to the request stay split".to_owned()
        };
        findings.push(
            Finding::new(
                Check::SharedAsset,
                Severity::Warning,
                format!(
                    "{} {} is shared with {} asset(s) the request does not name: {resolution}",
                    fleet.kind(c.asset).map_or("asset", NodeKind::as_str),
                    fleet.id(c.asset),
                    c.others.len()
                ),
            )
            .with_assets(fleet, &[c.asset]),
        );
        conflicts.push(Conflict {
            asset: aref(c.asset),
            user_group: ug_id(c.asset),
            links_to_request: links.clone(),
            others: c.others.iter().map(|&o| aref(o)).collect(),
            resolution,
            choices: vec![
                Choice::MoveToo {
                    count: c.brings_count,
                    assets: c.brings.iter().map(|&o| aref(o)).collect(),
                },
                Choice::CutLinks {
                    allow_cut_links: links.iter().map(LinkSpec::to_request).collect(),
                },
                Choice::KeepSplit {
                    keep_behind: aref(c.asset),
                    split: links,
                },
            ],
        });
    }

    // cuts that cannot be made exactly
    for i in &built.inexact {
        findings.push(
            Finding::new(
                Check::CutNotExact,
                Severity::Warning,
                format!(
                    "the link {} may be cut but stays split: {}",
                    LinkSpec::of(fleet, &i.link),
                    i.reason
                ),
            )
            .with_links(vec![LinkSpec::of(fleet, &i.link)]),
        );
    }

    // simulation results
    let pres = &sim.preservation;
    let allowed_cuts: Vec<LinkSpec> = pres
        .cut
        .iter()
        .filter(|c| c.allowed)
        .map(|c| c.link.clone())
        .collect();
    if !allowed_cuts.is_empty() {
        findings.push(
            Finding::new(
                Check::LinkCut,
                Severity::Info,
                format!(
                    "{} link(s) are cut by ticked boxes, as the request allows",
                    allowed_cuts.len()
                ),
            )
            .with_links(allowed_cuts),
        );
    }
    let lost: Vec<LinkSpec> = pres
        .cut
        .iter()
        .filter(|c| !c.allowed)
        .map(|c| c.link.clone())
        .collect();
    if !lost.is_empty() {
        findings.push(
            Finding::new(
                Check::LinkLost,
                Severity::Error,
                format!(
                    "{} link(s) would be lost although the request does not allow cutting them",
                    lost.len()
                ),
            )
            .with_links(lost),
        );
    }
    if !sim.split_links_at_end.is_empty() {
        let boundary_reason = if cl.boundary.iter().any(|(_, b)| *b == Boundary::ReportOnly) {
            " (closure mode report_only: pull the other ends along, cut or keep them behind)"
        } else {
            ""
        };
        findings.push(
            Finding::new(
                Check::SplitLink,
                Severity::Warning,
                format!(
                    "{} link(s) end up split between user groups{boundary_reason}",
                    sim.split_links_at_end.len()
                ),
            )
            .with_links(
                sim.split_links_at_end
                    .iter()
                    .map(|s| s.link.clone())
                    .collect(),
            ),
        );
    }

    // charge groups where nobody can charge
    let cut_ids: HashSet<&LinkSpec> = pres.cut.iter().map(|c| &c.link).collect();
    let mut groups: Vec<NodeIndex> = cl
        .moving
        .iter()
        .copied()
        .filter(|&n| fleet.kind(n) == Some(NodeKind::ChargeGroup))
        .collect();
    for c in &pres.cut {
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
                    .all(|l| cut_ids.contains(&LinkSpec::of(fleet, &l)))
        })
        .collect();
    drop(cut_ids);
    if !empty.is_empty() {
        findings.push(
            Finding::new(
                Check::ChargeGroupWithoutCustomers,
                Severity::Warning,
                format!(
                    "{} charge group(s) end with no customer and no \"all customers\" access: nobody can charge there",
                    empty.len()
                ),
            )
            .with_assets(fleet, &empty),
        );
    }
    if built.steps.is_empty() {
        findings.push(Finding::new(
            Check::NothingToDo,
            Severity::Info,
            "nothing to do: every asset is in the target already",
        ));
    }
    findings.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.code.cmp(&b.code))
    });

    let status = if findings.iter().any(|f| f.severity == Severity::Error) {
        Status::Blocked
    } else if findings.iter().any(|f| f.severity == Severity::Warning) {
        Status::ReadyWithWarnings
    } else {
        Status::Ready
    };

    // the moving set
    let pulled_by: HashMap<NodeIndex, (NodeIndex, LinkKind)> =
        cl.pulled.iter().map(|&(m, by, k)| (m, (by, k))).collect();
    let already: HashSet<NodeIndex> = built.already.iter().copied().collect();
    let mut assets: Vec<MovingAsset> = cl
        .moving
        .iter()
        .map(|&n| {
            let by = pulled_by.get(&n);
            MovingAsset {
                kind: fleet.kind(n).unwrap_or(NodeKind::UserGroup),
                id: fleet.id(n).to_owned(),
                from: ug_id(n),
                requested: by.is_none(),
                pulled_by: by.map(|&(b, _)| aref(b)),
                via: by.map(|&(_, k)| k),
                already_in_target: already.contains(&n),
            }
        })
        .collect();
    assets.sort_unstable_by(|a, b| (a.kind, &a.id).cmp(&(b.kind, &b.id)));

    let summary = Summary {
        requested: resolved.requested.len(),
        pulled: cl.pulled.len(),
        already_in_target: built.already.len(),
        to_move: cl.moving.len() - built.already.len(),
        steps: built.steps.len(),
        links_cut: sim.preservation.cut.len(),
        split_links_at_end: sim.split_links_at_end.len(),
    };
    Ok(Plan {
        format: FORMAT.to_owned(),
        version: VERSION,
        request: request.clone(),
        target: TargetInfo {
            id: fleet.id(target).to_owned(),
            name: fleet
                .node(target)
                .and_then(|n| n.data.name())
                .map(str::to_owned),
            provider: target_provider.map(|p| fleet.id(p).to_owned()),
        },
        status,
        summary,
        assets,
        conflicts,
        findings,
        steps: built.steps,
        tariff_remap: remap,
        parameter_set_copies: ps_copies,
        simulation: sim,
    })
}
