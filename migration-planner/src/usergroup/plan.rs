//! The plan: closure, checks, steps and simulation of one request, as one serializable answer.
//!
//! [`plan`] chains the stages: [`resolve`] → [`closure`] → [`build`] (the steps) →
//! [`simulate`] (and the preservation proof) → [`rules::run`] (the checks).

use chargeshift_graph::ids::natural_cmp;
use chargeshift_graph::{AssetId, Fleet, LinkId, LinkKind, NodeIndex, NodeKind};
use hashbrown::{HashMap, HashSet};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::closure::{Closure, closure};
use crate::error::PlanError;
use crate::request::{MigrationRequest, resolve};
use crate::rules::{self, Finding, Severity, Stages, TariffLink, resolution, tariff_links};
use crate::simulate::{Simulation, simulate};
use crate::steps::{Step, build};

pub use crate::usergroup::format::{FORMAT, VERSION};

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
    pub pulled_by: Option<AssetId>,
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
        assets: Vec<AssetId>,
    },
    /// Cut the links between the shared asset and the request: put these in
    /// `policy.allow_cut_links`.
    CutLinks {
        /// The links to allow cutting, as a request writes them (`{kind, a, b}`).
        #[serde(with = "chargeshift_graph::ids::either_order")]
        #[schemars(with = "Vec<chargeshift_graph::ids::EitherOrder>")]
        allow_cut_links: Vec<LinkId>,
    },
    /// Keep the split: put the asset in `policy.keep_behind`; these links end up split.
    KeepSplit {
        /// The asset to keep behind.
        keep_behind: AssetId,
        /// The links that stay split.
        split: Vec<LinkId>,
    },
}

/// An asset the request does not name that the migration concerns (pulled along, or left
/// behind with split links), and the choices that resolve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    /// The asset.
    pub asset: AssetId,
    /// Its user group.
    pub user_group: String,
    /// The named asset that pulls it along, in pull-along mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pulled_by: Option<AssetId>,
    /// The kind of link it is pulled over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<LinkKind>,
    /// Its links to the named assets.
    pub links_to_request: Vec<LinkId>,
    /// Its other neighbours the request does not name.
    pub others: Vec<AssetId>,
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
    /// The moving set, sorted by kind and id (natural order).
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
    let sim = simulate(fleet, &resolved, policy, &cl, &built);
    let remap = tariff_links(fleet, &built.stepped(), target);
    let findings = rules::run(&Stages {
        fleet,
        request,
        resolved: &resolved,
        closure: &cl,
        built: &built,
        simulation: &sim,
        tariff_remap: &remap,
    });
    let status = if findings.iter().any(|f| f.severity == Severity::Error) {
        Status::Blocked
    } else if findings.iter().any(|f| f.severity == Severity::Warning) {
        Status::ReadyWithWarnings
    } else {
        Status::Ready
    };

    let ug_id = |n: NodeIndex| {
        fleet
            .user_group_of(n)
            .map_or_else(String::new, |u| fleet.id(u).to_owned())
    };
    let aref = |n: NodeIndex| AssetId::of(fleet, n);
    let mut ps_copies: Vec<ParameterSetCopy> = built
        .ps_copies
        .iter()
        .map(|&(cp, p)| ParameterSetCopy {
            charge_point: fleet.id(cp).to_owned(),
            parameter_set: fleet.id(p).to_owned(),
            owner: ug_id(p),
        })
        .collect();
    ps_copies.sort_by(|a, b| natural_cmp(&a.charge_point, &b.charge_point).then_with(|| a.cmp(b)));
    let conflicts = conflicts(fleet, &cl);

    // the moving set
    let pulled_by: HashMap<NodeIndex, (NodeIndex, LinkKind)> =
        cl.pulled.iter().map(|&(m, by, k)| (m, (by, k))).collect();
    let already: HashSet<NodeIndex> = built.already.iter().copied().collect();
    // in the plan's order (kind, then id as a person reads it), sorted as small keys before the
    // records are made: sorting the records moved each of them O(log n) times
    let mut order: Vec<(NodeKind, &str, NodeIndex)> = cl
        .moving
        .iter()
        .map(|&n| (fleet.kind(n).unwrap_or(NodeKind::UserGroup), fleet.id(n), n))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| natural_cmp(a.1, b.1)));
    let assets: Vec<MovingAsset> = order
        .into_iter()
        .map(|(kind, id, n)| {
            let by = pulled_by.get(&n);
            MovingAsset {
                kind,
                id: id.to_owned(),
                from: ug_id(n),
                requested: by.is_none(),
                pulled_by: by.map(|&(b, _)| aref(b)),
                via: by.map(|&(_, k)| k),
                already_in_target: already.contains(&n),
            }
        })
        .collect();

    let summary = Summary {
        requested: resolved.requested.len(),
        pulled: cl.pulled.len(),
        already_in_target: built.already.len(),
        to_move: cl.moving.len() - built.already.len(),
        steps: built.steps.len(),
        links_cut: sim.preservation.cut.len(),
        split_links_at_end: sim.split_links_at_end.len(),
    };
    let target_provider = fleet.provider_of(target);
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

/// The shared assets of `closure` with the choices that resolve each, every choice expressible
/// in a request.
///
/// # Complexity
/// O(sum of the sizes of the conflicts).
#[must_use]
pub fn conflicts(fleet: &Fleet, closure: &Closure) -> Vec<Conflict> {
    let aref = |n: NodeIndex| AssetId::of(fleet, n);
    closure
        .conflicts
        .iter()
        .map(|c| {
            let mut links: Vec<LinkId> = c
                .links_to_request
                .iter()
                .map(|l| LinkId::of(fleet, l))
                .collect();
            links.sort_by(|a, b| {
                natural_cmp(&a.source, &b.source).then_with(|| natural_cmp(&a.target, &b.target))
            });
            Conflict {
                asset: aref(c.asset),
                user_group: fleet
                    .user_group_of(c.asset)
                    .map_or_else(String::new, |u| fleet.id(u).to_owned()),
                pulled_by: c.pulled_by.map(|(by, _)| aref(by)),
                via: c.pulled_by.map(|(_, k)| k),
                links_to_request: links.clone(),
                others: c.others.iter().map(|&o| aref(o)).collect(),
                resolution: resolution(closure, c),
                choices: vec![
                    Choice::MoveToo {
                        count: c.brings_count,
                        assets: c.brings.iter().map(|&o| aref(o)).collect(),
                    },
                    Choice::CutLinks {
                        allow_cut_links: links.clone(),
                    },
                    Choice::KeepSplit {
                        keep_behind: aref(c.asset),
                        split: links,
                    },
                ],
            }
        })
        .collect()
}
