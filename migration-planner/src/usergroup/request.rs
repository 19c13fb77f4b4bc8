//! The migration request: what to move, where to, and under which policy.
//!
//! A request is plain data, deserialized from a request file (JSON, see
//! `schema/request.schema.json`) or built in code. [`resolve`] turns it into node indices of a
//! [`Fleet`], with clear errors (and the closest ids) for what does not exist.

pub use chargeshift_graph::{AssetId, LinkId};
use chargeshift_graph::{Fleet, LinkKind, LinkKinds, NodeIndex, NodeKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::error::{PlanError, suggest};

/// A selector: a set of assets named by one of them.
///
/// ```
/// use chargeshift_planner::request::Selector;
/// let s: Selector = serde_json::from_str(r#"{"user_group": "ACME-R0"}"#)?;
/// assert_eq!(s, Selector::UserGroup("ACME-R0".into()));
/// let s: Selector = serde_json::from_str(r#"{"customer": "CU1"}"#)?;
/// assert_eq!(s, Selector::Customer("CU1".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Selector {
    /// A customer with everything attached: its cards, its charge points and its charge groups.
    Customer(String),
    /// A charge group with its charge points.
    ChargeGroup(String),
    /// A location with its charge points.
    Location(String),
    /// Every asset (but tariffs and parameter sets) of a user group and the user groups under it.
    UserGroup(String),
    /// Every asset (but tariffs and parameter sets) of a user group, without its subtree.
    UserGroupOnly(String),
}

/// A selector as written: one key of [`Selector`]'s, checked by `TryFrom` so that an object with
/// none or several keys gets an error that says so.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSelector {
    customer: Option<String>,
    charge_group: Option<String>,
    location: Option<String>,
    user_group: Option<String>,
    user_group_only: Option<String>,
}

impl<'de> Deserialize<'de> for Selector {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Selector::try_from(RawSelector::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

impl TryFrom<RawSelector> for Selector {
    type Error = String;

    fn try_from(r: RawSelector) -> Result<Self, Self::Error> {
        let given: Vec<(&str, Selector)> = [
            ("customer", r.customer.map(Selector::Customer)),
            ("charge_group", r.charge_group.map(Selector::ChargeGroup)),
            ("location", r.location.map(Selector::Location)),
            ("user_group", r.user_group.map(Selector::UserGroup)),
            (
                "user_group_only",
                r.user_group_only.map(Selector::UserGroupOnly),
            ),
        ]
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect();
        let names: Vec<&str> = given.iter().map(|(k, _)| *k).collect();
        match <[_; 1]>::try_from(given) {
            Ok([(_, selector)]) => Ok(selector),
            Err(given) if given.is_empty() => Err(
                "a selector names one asset with one of the keys customer, charge_group, \
                 location, user_group, user_group_only"
                    .to_owned(),
            ),
            Err(_) => Err(format!(
                "a selector names one asset, this one has {} keys ({}): write one selector each",
                names.len(),
                names.join(", ")
            )),
        }
    }
}

/// What the closure does with assets connected to the request.
///
/// ```
/// use chargeshift_planner::request::ClosureMode;
/// assert_eq!(ClosureMode::default(), ClosureMode::PullAlong);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClosureMode {
    /// Move connected assets along so that no link is split (the default).
    #[default]
    PullAlong,
    /// Move only what was asked; report every link that would split.
    ReportOnly,
}

/// The policy of a request: which links may be cut, whether the provider may change, how the
/// closure behaves, and which assets stay behind.
///
/// The default keeps every connection, refuses a provider change and pulls connected assets
/// along.
///
/// ```
/// use chargeshift_planner::request::{ClosureMode, Policy};
/// let p = Policy::default();
/// assert!(p.allow_cut_kinds.is_empty() && !p.allow_provider_change);
/// assert_eq!(p.closure, ClosureMode::PullAlong);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Link kinds that may be cut where they would otherwise split (e.g. `card_customer` for
    /// "detach cards"). Empty: keep every connection.
    pub allow_cut_kinds: Vec<LinkKind>,
    /// Specific links that may be cut where they would otherwise split, each written as
    /// `{kind, a, b}` with its two ends in either order.
    #[serde(with = "chargeshift_graph::ids::either_order")]
    #[schemars(with = "Vec<chargeshift_graph::ids::EitherOrder>")]
    pub allow_cut_links: Vec<LinkId>,
    /// Allow a move into another provider's tree or into a sub-provider (needs the account
    /// manager on the platform).
    pub allow_provider_change: bool,
    /// Pull connected assets along, or only report what would split.
    pub closure: ClosureMode,
    /// Assets that stay where they are even if connected: their links to moving assets are kept
    /// split (the "keep the split" choice of a conflict).
    pub keep_behind: Vec<AssetId>,
}

/// A migration request.
///
/// ```
/// use chargeshift_planner::request::MigrationRequest;
/// let r: MigrationRequest = serde_json::from_str(r#"{
///     "target": "ACME-R1",
///     "selectors": [{"location": "LOC1"}],
///     "policy": {"allow_cut_kinds": ["card_customer"]}
/// }"#)?;
/// assert_eq!(r.target, "ACME-R1");
/// assert!(r.assets.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MigrationRequest {
    /// The id of the target user group.
    pub target: String,
    /// Assets by kind and id.
    #[serde(default)]
    pub assets: Vec<AssetId>,
    /// Sets of assets by selector.
    #[serde(default)]
    pub selectors: Vec<Selector>,
    /// The policy.
    #[serde(default)]
    pub policy: Policy,
}

impl MigrationRequest {
    /// The request of the JSON text `text` (the request schema), as every binding and the CLI
    /// read one.
    ///
    /// # Errors
    /// [`PlanError::InvalidRequest`] with the line and column of the problem.
    ///
    /// ```
    /// use chargeshift_planner::{request::MigrationRequest, PlanError};
    /// let r = MigrationRequest::from_json(r#"{"target": "UG", "selectors": [{"customer": "C1"}]}"#)?;
    /// assert_eq!(r.target, "UG");
    /// let e = MigrationRequest::from_json(r#"{"target": "UG", "selector": []}"#).unwrap_err();
    /// assert!(matches!(e, PlanError::InvalidRequest { line: 1, .. }));
    /// assert!(e.to_string().starts_with("invalid migration request at line 1, column "));
    /// # Ok::<(), PlanError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<MigrationRequest, PlanError> {
        serde_json::from_str(text).map_err(|e| {
            let (line, column) = (e.line(), e.column());
            let message = e.to_string();
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&message)
                .to_owned();
            PlanError::InvalidRequest {
                line,
                column,
                message,
            }
        })
    }

    /// A request to move to `target`, without assets yet, with the default policy.
    ///
    /// ```
    /// use chargeshift_planner::request::{MigrationRequest, Selector};
    /// let r = MigrationRequest::to("ACME-R1").select(Selector::Customer("CU1".into()));
    /// assert_eq!(r.selectors.len(), 1);
    /// ```
    #[must_use]
    pub fn to(target: &str) -> MigrationRequest {
        MigrationRequest {
            target: target.to_owned(),
            ..MigrationRequest::default()
        }
    }

    /// This request with one more asset.
    #[must_use]
    pub fn asset(mut self, kind: NodeKind, id: &str) -> MigrationRequest {
        self.assets.push(AssetId::new(kind, id));
        self
    }

    /// This request with one more selector.
    #[must_use]
    pub fn select(mut self, selector: Selector) -> MigrationRequest {
        self.selectors.push(selector);
        self
    }

    /// This request with another policy.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> MigrationRequest {
        self.policy = policy;
        self
    }

    /// The JSON Schema of a request file.
    ///
    /// ```
    /// assert!(chargeshift_planner::request::MigrationRequest::json_schema().contains("\"target\""));
    /// ```
    #[must_use]
    pub fn json_schema() -> String {
        let schema = schemars::schema_for!(MigrationRequest);
        serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
    }
}

/// Kinds the platform can move between user groups (tariffs and parameter sets are owned
/// resources, handled by the inheritance and copy rules).
pub(crate) const MOVABLE: [NodeKind; 5] = [
    NodeKind::ChargeCard,
    NodeKind::Customer,
    NodeKind::Location,
    NodeKind::ChargePoint,
    NodeKind::ChargeGroup,
];

/// A request resolved against a fleet.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The target user group.
    pub target: NodeIndex,
    /// The requested assets (movable kinds), sorted by index, without duplicates.
    pub requested: Vec<NodeIndex>,
    /// Owned resources (tariffs, parameter sets) that a selector named; they are not moved.
    pub not_movable: Vec<NodeIndex>,
    /// User groups named by a selector, to check the target is not one of them.
    pub source_groups: Vec<NodeIndex>,
    /// User groups whose whole subtree a selector moves, to check the target is not under one.
    pub source_subtrees: Vec<NodeIndex>,
    /// Assets to keep behind.
    pub keep_behind: Vec<NodeIndex>,
    /// Specific links allowed to be cut, as edge indices.
    pub cut_links: Vec<chargeshift_graph::EdgeIndex>,
}

/// The node of `kind` named `id`; a user group is also found by its name (exactly, else
/// ignoring case).
///
/// # Errors
/// [`PlanError::UnknownUserGroup`] or [`PlanError::UnknownAsset`], with the closest ids of that
/// kind (for user groups, by id or name), when there is none; [`PlanError::AmbiguousUserGroup`]
/// when several user groups have that name.
///
/// # Complexity
/// O(1) expected by id; O(user groups) by name.
///
/// ```
/// use chargeshift_graph::{Fleet, NodeKind, UserGroup};
/// use chargeshift_planner::request::find;
///
/// let mut f = Fleet::new();
/// let acme = f.add_user_group("ACME", UserGroup::default(), None)?;
/// assert_eq!(find(&f, NodeKind::UserGroup, "ACME").ok(), Some(acme));
/// let err = find(&f, NodeKind::UserGroup, "ACNE").unwrap_err();
/// assert_eq!(err.to_string(), "unknown user group \"ACNE\" (did you mean \"ACME\"?)");
/// let b = f.add_user_group("B-7", UserGroup { name: Some("Group B".into()), is_provider: false }, Some(acme))?;
/// assert_eq!(find(&f, NodeKind::UserGroup, "Group B").ok(), Some(b));
/// assert_eq!(find(&f, NodeKind::UserGroup, "group b").ok(), Some(b));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
pub fn find(fleet: &Fleet, kind: NodeKind, id: &str) -> Result<NodeIndex, PlanError> {
    if let Some(ix) = fleet.find(kind, id) {
        return Ok(ix);
    }
    if kind == NodeKind::UserGroup {
        // a user group is also found by its name, as the platform shows it
        let by_name = |exact: bool| -> Vec<NodeIndex> {
            fleet
                .nodes_of_kind(NodeKind::UserGroup)
                .filter(|(_, n)| {
                    n.data.name().is_some_and(|name| {
                        if exact {
                            name == id
                        } else {
                            name.trim().eq_ignore_ascii_case(id.trim())
                        }
                    })
                })
                .map(|(ix, _)| ix)
                .collect()
        };
        let mut found = by_name(true);
        if found.is_empty() {
            found = by_name(false);
        }
        match found.as_slice() {
            [one] => return Ok(*one),
            [] => {}
            many => {
                let mut ids: Vec<String> = many.iter().map(|&ix| fleet.id(ix).to_owned()).collect();
                ids.sort_by(|a, b| chargeshift_graph::ids::natural_cmp(a, b));
                return Err(PlanError::AmbiguousUserGroup {
                    name: id.to_owned(),
                    ids,
                });
            }
        }
        return Err(PlanError::UnknownUserGroup {
            id: id.to_owned(),
            suggestions: suggest(fleet, kind, id),
        });
    }
    Err(PlanError::UnknownAsset {
        kind,
        id: id.to_owned(),
        suggestions: suggest(fleet, kind, id),
    })
}

/// Resolves `request` against `fleet`: every id to its node, every selector to its assets.
///
/// # Errors
/// [`PlanError::UnknownUserGroup`] / [`PlanError::UnknownAsset`] (with the closest ids) for a
/// name that does not exist, [`PlanError::UnknownLink`] for a link to cut that does not exist,
/// [`PlanError::EmptyRequest`] if nothing is named.
///
/// # Complexity
/// O(assets named + sum of the degrees of the selectors' nodes).
///
/// ```
/// use chargeshift_planner::request::{resolve, MigrationRequest};
/// use chargeshift_graph::{Customer, Fleet, NodeKind, UserGroup};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let r = resolve(&f, &MigrationRequest::to("B").asset(NodeKind::Customer, "C1"))?;
/// assert_eq!(r.requested, vec![c]);
/// let e = resolve(&f, &MigrationRequest::to("BB").asset(NodeKind::Customer, "C1")).unwrap_err();
/// assert_eq!(e.to_string(), "unknown user group \"BB\" (did you mean \"B\"?)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn resolve(fleet: &Fleet, request: &MigrationRequest) -> Result<Resolved, PlanError> {
    if fleet.node_count() == 0 {
        return Err(PlanError::EmptyFleet);
    }
    let target = find(fleet, NodeKind::UserGroup, &request.target)?;
    let mut requested = Vec::new();
    let mut not_movable = Vec::new();
    let mut source_groups = Vec::new();
    let mut source_subtrees = Vec::new();
    let mut push = |ix: NodeIndex, requested: &mut Vec<NodeIndex>| match fleet.kind(ix) {
        Some(k) if MOVABLE.contains(&k) => requested.push(ix),
        _ => not_movable.push(ix),
    };
    for a in &request.assets {
        if a.kind == NodeKind::UserGroup {
            return Err(PlanError::NotAnAsset { id: a.id.clone() });
        }
        let ix = find(fleet, a.kind, &a.id)?;
        push(ix, &mut requested);
    }
    for s in &request.selectors {
        match s {
            Selector::Customer(id) => {
                let c = find(fleet, NodeKind::Customer, id)?;
                push(c, &mut requested);
                for k in [
                    LinkKind::CardCustomer,
                    LinkKind::CustomerChargePoint,
                    LinkKind::CustomerChargeGroup,
                ] {
                    for n in fleet.linked(c, k) {
                        push(n, &mut requested);
                    }
                }
            }
            Selector::ChargeGroup(id) => {
                let g = find(fleet, NodeKind::ChargeGroup, id)?;
                push(g, &mut requested);
                for n in fleet.linked(g, LinkKind::ChargePointChargeGroup) {
                    push(n, &mut requested);
                }
            }
            Selector::Location(id) => {
                let l = find(fleet, NodeKind::Location, id)?;
                push(l, &mut requested);
                for n in fleet.linked(l, LinkKind::ChargePointLocation) {
                    push(n, &mut requested);
                }
            }
            Selector::UserGroup(id) | Selector::UserGroupOnly(id) => {
                let subtree = matches!(s, Selector::UserGroup(_));
                let ug = find(fleet, NodeKind::UserGroup, id)?;
                source_groups.push(ug);
                if subtree {
                    source_subtrees.push(ug);
                }
                for n in fleet.assets_of(ug, subtree) {
                    push(n, &mut requested);
                }
            }
        }
    }
    requested.sort_unstable();
    requested.dedup();
    not_movable.sort_unstable();
    not_movable.dedup();
    if requested.is_empty() && not_movable.is_empty() && source_groups.is_empty() {
        return Err(PlanError::EmptyRequest);
    }
    let policy = &request.policy;
    if let Some(&kind) = policy
        .allow_cut_kinds
        .iter()
        .chain(policy.allow_cut_links.iter().map(|l| &l.kind))
        .find(|k| !LinkKinds::CONNECTIONS.contains(**k))
    {
        return Err(PlanError::NotCuttable { kind });
    }
    let mut keep_behind = Vec::new();
    for a in &request.policy.keep_behind {
        keep_behind.push(find(fleet, a.kind, &a.id)?);
    }
    keep_behind.sort_unstable();
    keep_behind.dedup();
    let mut cut_links = Vec::new();
    for l in &request.policy.allow_cut_links {
        let found = l.find_either_order(fleet);
        if found.is_empty() {
            return Err(PlanError::UnknownLink { link: l.clone() });
        }
        cut_links.extend(found.iter().map(|x| x.index));
    }
    cut_links.sort_unstable();
    cut_links.dedup();
    Ok(Resolved {
        target,
        requested,
        not_movable,
        source_groups,
        source_subtrees,
        keep_behind,
        cut_links,
    })
}
