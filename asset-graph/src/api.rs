//! The calls of the bindings and their answers: what a Python or JavaScript caller asks of a fleet,
//! with every default and name decided here, once.
//!
//! Each call is a serde struct (snake_case fields, `deny_unknown_fields`, defaults filled in by
//! serde or by its `new`), each answer is made of the shared identities ([`AssetId`]) in a
//! documented order, and every failure is one [`ApiError`] whose message the bindings pass on as
//! it is. The bindings only convert: they never pick a default, an order or a wording.
//!
//! | call | answer |
//! |---|---|
//! | [`find`] | the node of an asset, or [`ApiError::UnknownAsset`] with the closest ids |
//! | [`DrawRequest`] → [`draw`] | DOT or Mermaid text: a user group draws its assets, anything else its neighbourhood |
//! | [`NeighbourhoodRequest`] → [`neighbourhood`] | [`Reached`] assets, breadth first |
//! | [`AssetsOfRequest`] → [`assets_of`] | [`AssetId`]s of a user group |
//! | [`ComponentsRequest`] → [`components`] | components, largest first |
//! | [`provider_of`] | the provider of a user group |
//! | [`counts`], [`link_counts`], [`segment_counts`] | [`Counts`] keyed by kind or value name |
//! | [`ImportOptions`], [`GenerateOptions`] | the import mode, the generator's spec |
//! | [`FindingView`] | a finding flattened for a binding (`code`, `check`, `severity`, where) |
//!
//! ```
//! use chargeshift_graph::api::{self, DrawRequest};
//! let fleet = chargeshift_graph::generate::fleet(20);
//! let request: DrawRequest = serde_json::from_str(r#"{"kind": "user_group", "id": "ACME-R0"}"#)?;
//! assert_eq!(request.depth, 1);
//! assert!(api::draw(&fleet, &request)?.starts_with("digraph"));
//! let err = api::find(&fleet, "customer", "nobody").unwrap_err();
//! assert!(err.to_string().starts_with("no customer with id \"nobody\" in the fleet"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::str::FromStr;

use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::dot::Subgraph;
use crate::fleet::Fleet;
use crate::generate::FleetSpec;
use crate::ids::AssetId;
use crate::import::Mode;
use crate::model::{LinkKind, LinkKinds, NodeKind, UnknownKind};
use crate::validate::Finding;

/// The link kinds a query follows when the caller names none: every connection between assets,
/// not ownership and not the user-group tree.
///
/// ```
/// use chargeshift_graph::{api, LinkKind};
/// assert!(api::DEFAULT_LINKS.contains(LinkKind::CardCustomer));
/// assert!(!api::DEFAULT_LINKS.contains(LinkKind::UserGroup));
/// ```
pub const DEFAULT_LINKS: LinkKinds = LinkKinds::CONNECTIONS;

/// How many links away a neighbourhood reaches when the caller says nothing.
///
/// ```
/// assert_eq!(chargeshift_graph::api::DEFAULT_DEPTH, 1);
/// ```
pub const DEFAULT_DEPTH: usize = 1;

/// A call of the bindings that cannot be answered.
///
/// ```
/// use chargeshift_graph::{api::ApiError, NodeKind};
/// let e = ApiError::UnknownAsset { kind: NodeKind::Customer, id: "C".into(), suggestions: vec!["C1".into()] };
/// assert_eq!(e.to_string(), "no customer with id \"C\" in the fleet (did you mean \"C1\"?)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// No asset (or user group) of `kind` has the id `id`.
    #[error("no {kind} with id {id:?} in the fleet{}", did_you_mean(suggestions))]
    UnknownAsset {
        /// The kind as asked.
        kind: NodeKind,
        /// The id as asked.
        id: String,
        /// The closest existing ids of that kind, best first (see [`suggest`]).
        suggestions: Vec<String>,
    },
    /// An asset kind or link kind name that does not exist.
    #[error(transparent)]
    UnknownKind(#[from] UnknownKind),
    /// A picture format that does not exist.
    #[error("unknown picture format {format:?}; expected \"dot\" or \"mermaid\"")]
    UnknownFormat {
        /// The format as asked.
        format: String,
    },
}

impl ApiError {
    /// For [`ApiError::UnknownAsset`]: the kind name, the id and the suggestions.
    ///
    /// ```
    /// use chargeshift_graph::{api::ApiError, NodeKind};
    /// let e = ApiError::UnknownAsset { kind: NodeKind::Customer, id: "C".into(), suggestions: vec![] };
    /// assert_eq!(e.unknown_asset(), Some(("customer", "C", &[][..])));
    /// ```
    #[must_use]
    pub fn unknown_asset(&self) -> Option<(&'static str, &str, &[String])> {
        match self {
            ApiError::UnknownAsset {
                kind,
                id,
                suggestions,
            } => Some((kind.as_str(), id, suggestions)),
            ApiError::UnknownKind(_) | ApiError::UnknownFormat { .. } => None,
        }
    }
}

/// `" (did you mean "X"?)"` for the suggestions `s`, or nothing when there are none.
///
/// ```
/// use chargeshift_graph::api::did_you_mean;
/// assert_eq!(did_you_mean(&[]), "");
/// assert_eq!(did_you_mean(&["A".into(), "B".into()]), " (did you mean one of \"A\", \"B\"?)");
/// ```
#[must_use]
pub fn did_you_mean(s: &[String]) -> String {
    match s {
        [] => String::new(),
        [one] => format!(" (did you mean {one:?}?)"),
        many => format!(
            " (did you mean one of {}?)",
            many.iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The ids of `kind` in `fleet` closest to `id` (Jaro–Winkler similarity of at least 0.8 to the
/// id, or for a user group to its name; best first, at most three).
///
/// # Complexity
/// O(nodes of `kind` × id length).
///
/// ```
/// use chargeshift_graph::{api::suggest, Fleet, NodeKind, UserGroup};
/// let mut f = Fleet::new();
/// f.add_user_group("ACME-R0", UserGroup::default(), None)?;
/// f.add_user_group("OTHER", UserGroup::default(), None)?;
/// assert_eq!(suggest(&f, NodeKind::UserGroup, "ACME-RO"), vec!["ACME-R0"]);
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn suggest(fleet: &Fleet, kind: NodeKind, id: &str) -> Vec<String> {
    let lower = id.to_lowercase();
    let score = |s: &str| strsim::jaro_winkler(&lower, &s.to_lowercase());
    let mut scored: Vec<(f64, &str)> = fleet
        .nodes_of_kind(kind)
        .map(|(_, n)| {
            // a user group is also named by its name: the closer of the two counts
            let by_name = n
                .data
                .name()
                .filter(|_| kind == NodeKind::UserGroup)
                .map_or(0.0, score);
            (score(n.id()).max(by_name), n.id())
        })
        .filter(|(s, _)| *s >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(3)
        .map(|(_, s)| s.to_owned())
        .collect()
}

/// The node of the asset (or user group) of kind name `kind` and id `id`.
///
/// # Errors
/// [`ApiError::UnknownKind`] for a kind name that does not exist, [`ApiError::UnknownAsset`]
/// (with the closest ids) for an id the fleet does not have.
///
/// ```
/// use chargeshift_graph::{api, Customer, Fleet, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let c = f.add_asset("C-1", Customer::default(), ug)?;
/// assert_eq!(api::find(&f, "customer", "C-1")?, c);
/// assert_eq!(api::find(&f, "customer", "C-2").unwrap_err().unknown_asset().map(|u| u.2.len()), Some(1));
/// assert!(api::find(&f, "car", "C-1").unwrap_err().to_string().contains("unknown asset kind"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn find(fleet: &Fleet, kind: &str, id: &str) -> Result<NodeIndex, ApiError> {
    let kind: NodeKind = kind.parse()?;
    find_kind(fleet, kind, id)
}

/// [`find`] for a kind already known.
///
/// # Errors
/// [`ApiError::UnknownAsset`] with the closest ids.
///
/// ```
/// use chargeshift_graph::{api, Fleet, NodeKind};
/// assert!(api::find_kind(&Fleet::new(), NodeKind::UserGroup, "UG").is_err());
/// ```
pub fn find_kind(fleet: &Fleet, kind: NodeKind, id: &str) -> Result<NodeIndex, ApiError> {
    fleet.find(kind, id).ok_or_else(|| ApiError::UnknownAsset {
        kind,
        id: id.to_owned(),
        suggestions: suggest(fleet, kind, id),
    })
}

/// The link kinds named `names`, or [`DEFAULT_LINKS`] for `None`.
///
/// # Errors
/// [`ApiError::UnknownKind`] for a name that is no link kind.
///
/// ```
/// use chargeshift_graph::{api, LinkKind};
/// let kinds = api::link_kinds(Some(&["card_customer".to_owned()]))?;
/// assert!(kinds.contains(LinkKind::CardCustomer) && !kinds.contains(LinkKind::CustomerChargePoint));
/// assert_eq!(api::link_kinds(None)?, api::DEFAULT_LINKS);
/// assert!(api::link_kinds(Some(&["friendship".to_owned()])).is_err());
/// # Ok::<(), chargeshift_graph::api::ApiError>(())
/// ```
pub fn link_kinds(names: Option<&[String]>) -> Result<LinkKinds, ApiError> {
    let Some(names) = names else {
        return Ok(DEFAULT_LINKS);
    };
    names
        .iter()
        .map(|n| n.parse::<LinkKind>().map_err(ApiError::from))
        .collect()
}

fn default_depth() -> usize {
    DEFAULT_DEPTH
}

/// The two picture formats.
///
/// ```
/// use chargeshift_graph::api::PictureFormat;
/// assert_eq!("mermaid".parse::<PictureFormat>()?, PictureFormat::Mermaid);
/// assert_eq!(PictureFormat::default(), PictureFormat::Dot);
/// assert!("png".parse::<PictureFormat>().is_err());
/// # Ok::<(), chargeshift_graph::api::ApiError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
#[non_exhaustive]
pub enum PictureFormat {
    /// Graphviz DOT.
    #[default]
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

impl PictureFormat {
    /// The name, `dot` or `mermaid`.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::api::PictureFormat::Mermaid.as_str(), "mermaid");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            PictureFormat::Dot => "dot",
            PictureFormat::Mermaid => "mermaid",
        }
    }
}

impl From<PictureFormat> for &'static str {
    fn from(f: PictureFormat) -> &'static str {
        f.as_str()
    }
}

impl FromStr for PictureFormat {
    type Err = ApiError;
    fn from_str(s: &str) -> Result<Self, ApiError> {
        match s {
            "dot" => Ok(PictureFormat::Dot),
            "mermaid" => Ok(PictureFormat::Mermaid),
            other => Err(ApiError::UnknownFormat {
                format: other.to_owned(),
            }),
        }
    }
}

impl TryFrom<String> for PictureFormat {
    type Error = ApiError;
    fn try_from(s: String) -> Result<Self, ApiError> {
        s.parse()
    }
}

impl fmt::Display for PictureFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A picture of part of a fleet: for a user group its assets (with its subtree if `subtree`),
/// for anything else its neighbourhood up to `depth` links over `links`.
///
/// ```
/// use chargeshift_graph::api::{DrawRequest, PictureFormat};
/// let r = DrawRequest::new("customer", "C-1");
/// assert_eq!((r.depth, r.links.clone(), r.subtree, r.format), (1, None, false, PictureFormat::Dot));
/// let same: DrawRequest = serde_json::from_str(r#"{"kind": "customer", "id": "C-1"}"#)?;
/// assert_eq!(same, r);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrawRequest {
    /// The kind name of the asset or `user_group`.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// How many links away from an asset (default [`DEFAULT_DEPTH`]).
    #[serde(default = "default_depth")]
    pub depth: usize,
    /// The link kinds to follow from an asset (default: [`DEFAULT_LINKS`]).
    #[serde(default)]
    pub links: Option<Vec<String>>,
    /// Whether a user group is drawn with its whole subtree (default false).
    #[serde(default)]
    pub subtree: bool,
    /// The output format (default DOT).
    #[serde(default)]
    pub format: PictureFormat,
}

impl DrawRequest {
    /// The request to draw `kind` `id` with every default.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::api::DrawRequest::new("user_group", "UG").id, "UG");
    /// ```
    #[must_use]
    pub fn new(kind: &str, id: &str) -> DrawRequest {
        DrawRequest {
            kind: kind.to_owned(),
            id: id.to_owned(),
            depth: DEFAULT_DEPTH,
            links: None,
            subtree: false,
            format: PictureFormat::Dot,
        }
    }
}

/// The part of `fleet` a [`DrawRequest`] names: a user group gives its assets, anything else its
/// neighbourhood.
///
/// # Errors
/// As [`find`] and [`link_kinds`].
///
/// ```
/// use chargeshift_graph::{api::{self, DrawRequest}, Customer, Fleet, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// f.add_asset("C", Customer::default(), ug)?;
/// assert_eq!(api::subgraph(&f, &DrawRequest::new("user_group", "UG"))?.nodes.len(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn subgraph(fleet: &Fleet, request: &DrawRequest) -> Result<Subgraph, ApiError> {
    let start = find(fleet, &request.kind, &request.id)?;
    Ok(if fleet.kind(start) == Some(NodeKind::UserGroup) {
        Subgraph::user_group(fleet, start, request.subtree)
    } else {
        Subgraph::neighbourhood(
            fleet,
            start,
            link_kinds(request.links.as_deref())?,
            request.depth,
        )
    })
}

/// The picture a [`DrawRequest`] asks for, as DOT or Mermaid text.
///
/// # Complexity
/// As [`Subgraph::to_dot`] over the nodes reached.
///
/// # Errors
/// As [`subgraph`].
///
/// ```
/// use chargeshift_graph::api::{self, DrawRequest, PictureFormat};
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let mut r = DrawRequest::new("user_group", "ACME-R0");
/// r.format = PictureFormat::Mermaid;
/// assert!(api::draw(&fleet, &r)?.starts_with("flowchart"));
/// # Ok::<(), api::ApiError>(())
/// ```
pub fn draw(fleet: &Fleet, request: &DrawRequest) -> Result<String, ApiError> {
    let sub = subgraph(fleet, request)?;
    Ok(match request.format {
        PictureFormat::Dot => sub.to_dot(fleet),
        PictureFormat::Mermaid => sub.to_mermaid(fleet),
    })
}

/// Everything linked to an asset through `links` up to `depth` links away.
///
/// ```
/// let r: chargeshift_graph::api::NeighbourhoodRequest = serde_json::from_str(r#"{"kind": "customer", "id": "C"}"#)?;
/// assert_eq!((r.depth, r.links), (1, None));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NeighbourhoodRequest {
    /// The kind name of the asset.
    pub kind: String,
    /// Its id.
    pub id: String,
    /// How many links away (default [`DEFAULT_DEPTH`]).
    #[serde(default = "default_depth")]
    pub depth: usize,
    /// The link kinds to follow (default: [`DEFAULT_LINKS`]).
    #[serde(default)]
    pub links: Option<Vec<String>>,
}

impl NeighbourhoodRequest {
    /// The request for the neighbourhood of `kind` `id` with every default.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::api::NeighbourhoodRequest::new("customer", "C").depth, 1);
    /// ```
    #[must_use]
    pub fn new(kind: &str, id: &str) -> NeighbourhoodRequest {
        NeighbourhoodRequest {
            kind: kind.to_owned(),
            id: id.to_owned(),
            depth: DEFAULT_DEPTH,
            links: None,
        }
    }
}

/// An asset reached from another, and how many links away; serialized flat as
/// `{kind, id, distance}`.
///
/// ```
/// use chargeshift_graph::{api::Reached, AssetId, NodeKind};
/// let r = Reached { asset: AssetId::new(NodeKind::Customer, "C"), distance: 0 };
/// assert_eq!(serde_json::to_string(&r)?, r#"{"kind":"customer","id":"C","distance":0}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reached {
    /// The asset.
    #[serde(flatten)]
    pub asset: AssetId,
    /// How many links away (0 for the start).
    pub distance: usize,
}

/// The neighbourhood a [`NeighbourhoodRequest`] names, breadth first: the start first (distance
/// 0), then by distance, in the order [`Fleet::neighbourhood`] reaches them.
///
/// # Errors
/// As [`find`] and [`link_kinds`].
///
/// ```
/// use chargeshift_graph::{api::{self, NeighbourhoodRequest}, ChargeCard, Customer, Fleet, LinkKind, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let c = f.add_asset("C", Customer::default(), ug)?;
/// let k = f.add_asset("K", ChargeCard::default(), ug)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let near = api::neighbourhood(&f, &NeighbourhoodRequest::new("customer", "C"))?;
/// assert_eq!(near.iter().map(|r| (r.asset.id.as_str(), r.distance)).collect::<Vec<_>>(), [("C", 0), ("K", 1)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn neighbourhood(
    fleet: &Fleet,
    request: &NeighbourhoodRequest,
) -> Result<Vec<Reached>, ApiError> {
    let start = find(fleet, &request.kind, &request.id)?;
    let kinds = link_kinds(request.links.as_deref())?;
    Ok(fleet
        .neighbourhood(start, kinds, request.depth)
        .into_iter()
        .map(|(ix, distance)| Reached {
            asset: AssetId::of(fleet, ix),
            distance,
        })
        .collect())
}

/// The assets of a user group, with its subtree if `subtree` (default false).
///
/// ```
/// let r: chargeshift_graph::api::AssetsOfRequest = serde_json::from_str(r#"{"user_group": "UG"}"#)?;
/// assert!(!r.subtree);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetsOfRequest {
    /// The id of the user group.
    pub user_group: String,
    /// Whether the assets of its whole subtree count too (default false).
    #[serde(default)]
    pub subtree: bool,
}

/// The assets an [`AssetsOfRequest`] names, in the order of [`Fleet::assets_of`] (user group by
/// user group, each in the order its assets were added).
///
/// # Errors
/// [`ApiError::UnknownAsset`] for an unknown user group.
///
/// ```
/// use chargeshift_graph::{api::{self, AssetsOfRequest}, Customer, Fleet, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// f.add_asset("C", Customer::default(), ug)?;
/// let r = AssetsOfRequest { user_group: "UG".into(), subtree: false };
/// assert_eq!(api::assets_of(&f, &r)?[0].id, "C");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn assets_of(fleet: &Fleet, request: &AssetsOfRequest) -> Result<Vec<AssetId>, ApiError> {
    let ug = find_kind(fleet, NodeKind::UserGroup, &request.user_group)?;
    Ok(fleet
        .assets_of(ug, request.subtree)
        .into_iter()
        .map(|ix| AssetId::of(fleet, ix))
        .collect())
}

/// The id of the provider of a user group (its nearest ancestor-or-self that is a provider).
///
/// # Errors
/// [`ApiError::UnknownAsset`] for an unknown user group.
///
/// ```
/// use chargeshift_graph::{api, Fleet, UserGroup};
/// let mut f = Fleet::new();
/// let p = f.add_user_group("P", UserGroup { name: None, is_provider: true }, None)?;
/// f.add_user_group("UG", UserGroup::default(), Some(p))?;
/// assert_eq!(api::provider_of(&f, "UG")?.as_deref(), Some("P"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn provider_of(fleet: &Fleet, user_group: &str) -> Result<Option<String>, ApiError> {
    let ug = find_kind(fleet, NodeKind::UserGroup, user_group)?;
    Ok(fleet.provider_of(ug).map(|p| fleet.id(p).to_owned()))
}

/// Connected components over `links` (default: [`DEFAULT_LINKS`]).
///
/// ```
/// let r: chargeshift_graph::api::ComponentsRequest = serde_json::from_str("{}")?;
/// assert_eq!(r.links, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComponentsRequest {
    /// The link kinds that connect (default: [`DEFAULT_LINKS`]).
    #[serde(default)]
    pub links: Option<Vec<String>>,
}

/// The components a [`ComponentsRequest`] names, largest first; components of one size keep the
/// order of [`Components::groups`](crate::Components::groups), and each lists its nodes in node
/// order.
///
/// # Complexity
/// O(nodes + links), plus O(c log c) to sort the c components.
///
/// # Errors
/// [`ApiError::UnknownKind`] for an unknown link kind.
///
/// ```
/// use chargeshift_graph::api::{self, ComponentsRequest};
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let groups = api::components(&fleet, &ComponentsRequest::default())?;
/// assert!(groups.windows(2).all(|w| w[0].len() >= w[1].len()));
/// # Ok::<(), api::ApiError>(())
/// ```
pub fn components(
    fleet: &Fleet,
    request: &ComponentsRequest,
) -> Result<Vec<Vec<AssetId>>, ApiError> {
    // the rows of `component_labels`, one list per label: one rule for the order of both
    let mut groups: Vec<Vec<AssetId>> = Vec::new();
    for (ix, label) in component_labels(fleet, request)? {
        if groups.len() <= label as usize {
            groups.push(Vec::new());
        }
        if let Some(group) = groups.last_mut() {
            group.push(AssetId::of(fleet, ix));
        }
    }
    Ok(groups)
}

/// The components a [`ComponentsRequest`] names as a label per node: every node with its
/// component number, 0 for the largest, numbered and grouped as [`components`] lists them, without
/// a list or an id string per node (what a columnar table is built from).
///
/// # Complexity
/// O(nodes + links), plus O(c log c) to sort the c components.
///
/// # Errors
/// [`ApiError::UnknownKind`] for an unknown link kind.
///
/// ```
/// use chargeshift_graph::api::{self, ComponentsRequest};
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let rows = api::component_labels(&fleet, &ComponentsRequest::default())?;
/// let groups = api::components(&fleet, &ComponentsRequest::default())?;
/// assert_eq!(rows.len(), groups.iter().map(Vec::len).sum::<usize>());
/// let (ix, label) = rows[0];
/// assert_eq!((label, fleet.id(ix)), (0, groups[0][0].id.as_str()));
/// # Ok::<(), api::ApiError>(())
/// ```
pub fn component_labels(
    fleet: &Fleet,
    request: &ComponentsRequest,
) -> Result<Vec<(NodeIndex, u32)>, ApiError> {
    let kinds = link_kinds(request.links.as_deref())?;
    Ok(fleet.components(kinds).labelled_largest_first())
}

/// The same labels as [`component_labels`], one per node in node order (the order of
/// [`Fleet::nodes`]): for a caller that keeps the nodes' other columns (ids, kinds) and
/// adds the labels beside them without reordering.
///
/// # Complexity
/// O(nodes + links), plus O(c log c) to sort the c components.
///
/// # Errors
/// [`ApiError::UnknownKind`] for an unknown link kind.
///
/// ```
/// use chargeshift_graph::api::{self, ComponentsRequest};
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let labels = api::component_labels_by_node(&fleet, &ComponentsRequest::default())?;
/// let ids: Vec<&str> = fleet.nodes().map(|(ix, _)| fleet.id(ix)).collect();
/// let groups = api::components(&fleet, &ComponentsRequest::default())?;
/// assert_eq!(labels.len(), ids.len());
/// let first = ids.iter().position(|&id| id == groups[0][0].id).unwrap();
/// assert_eq!(labels[first], 0);
/// # Ok::<(), api::ApiError>(())
/// ```
pub fn component_labels_by_node(
    fleet: &Fleet,
    request: &ComponentsRequest,
) -> Result<Vec<u32>, ApiError> {
    let kinds = link_kinds(request.links.as_deref())?;
    Ok(fleet.components(kinds).labels_largest_first())
}

/// Counts by name, in a documented order; serialized as a JSON object in that order.
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let counts = chargeshift_graph::api::counts(&fleet);
/// assert_eq!(counts.get("charge_point"), Some(10));
/// assert!(serde_json::to_string(&counts)?.starts_with("{\"user_group\":"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts(pub Vec<(String, usize)>);

impl Counts {
    /// The count of `name`, if it has one.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::api::Counts::default().get("x"), None);
    /// ```
    #[must_use]
    pub fn get(&self, name: &str) -> Option<usize> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, n)| *n)
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, n) in &self.0 {
            map.serialize_entry(k, n)?;
        }
        map.end()
    }
}

/// Nodes by kind name, in the order of [`NodeKind`] (user groups first); kinds without nodes are
/// left out.
///
/// # Complexity
/// O(nodes).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(5);
/// assert_eq!(chargeshift_graph::api::counts(&fleet).get("charge_point"), Some(5));
/// ```
#[must_use]
pub fn counts(fleet: &Fleet) -> Counts {
    Counts(
        fleet
            .count_by_kind()
            .into_iter()
            .map(|(k, n)| (k.as_str().to_owned(), n))
            .collect(),
    )
}

/// Links by kind name, in the order of [`LinkKind`]; kinds without links are left out.
///
/// # Complexity
/// O(links).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(5);
/// assert!(chargeshift_graph::api::link_counts(&fleet).get("user_group").is_some());
/// ```
#[must_use]
pub fn link_counts(fleet: &Fleet) -> Counts {
    Counts(
        fleet
            .count_links_by_kind()
            .into_iter()
            .map(|(k, n)| (k.as_str().to_owned(), n))
            .collect(),
    )
}

/// Charge points by the value of the segment tag `key`, values in byte order (see
/// [`Fleet::count_by_segment`]).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(5);
/// let n: usize = chargeshift_graph::api::segment_counts(&fleet, "vendor").0.iter().map(|(_, n)| n).sum();
/// assert_eq!(n, 5);
/// ```
#[must_use]
pub fn segment_counts(fleet: &Fleet, key: &str) -> Counts {
    Counts(fleet.count_by_segment(key).into_iter().collect())
}

fn yes() -> bool {
    true
}

/// How an import treats problems: `strict` (the default) fails at the first class of problem,
/// otherwise what is sound is imported and every problem listed.
///
/// ```
/// use chargeshift_graph::{api::ImportOptions, import::Mode};
/// assert_eq!(ImportOptions::default().mode(), Mode::Strict);
/// let o: ImportOptions = serde_json::from_str(r#"{"strict": false}"#)?;
/// assert_eq!(o.mode(), Mode::Lenient);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportOptions {
    /// Fail at the first class of problem (default true).
    #[serde(default = "yes")]
    pub strict: bool,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions { strict: true }
    }
}

impl ImportOptions {
    /// The options with `strict` as given, or its default (true) for `None`.
    ///
    /// ```
    /// use chargeshift_graph::api::ImportOptions;
    /// assert!(ImportOptions::with_strict(None).strict);
    /// assert!(!ImportOptions::with_strict(Some(false)).strict);
    /// ```
    #[must_use]
    pub fn with_strict(strict: Option<bool>) -> ImportOptions {
        ImportOptions {
            strict: strict.unwrap_or(ImportOptions::default().strict),
        }
    }

    /// The import mode.
    ///
    /// ```
    /// use chargeshift_graph::{api::ImportOptions, import::Mode};
    /// assert_eq!(ImportOptions { strict: false }.mode(), Mode::Lenient);
    /// ```
    #[must_use]
    pub fn mode(self) -> Mode {
        if self.strict {
            Mode::Strict
        } else {
            Mode::Lenient
        }
    }
}

/// The options of the seeded generator, with its defaults (seed 1, one sub-provider, tidy).
///
/// ```
/// let o: chargeshift_graph::api::GenerateOptions = serde_json::from_str("{}")?;
/// assert_eq!((o.seed, o.sub_providers, o.messy), (1, 1, false));
/// let js: chargeshift_graph::api::GenerateOptions = serde_json::from_str(r#"{"subProviders": 2}"#)?;
/// assert_eq!(js.sub_providers, 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateOptions {
    /// The seed (default 1): the same seed gives the same fleet.
    #[serde(default = "GenerateOptions::default_seed")]
    pub seed: u64,
    /// How many sub-providers (default 1); JavaScript spells it `subProviders`.
    #[serde(
        default = "GenerateOptions::default_sub_providers",
        alias = "subProviders"
    )]
    pub sub_providers: usize,
    /// Whether to plant the problems of real exports (default false).
    #[serde(default)]
    pub messy: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        let spec = FleetSpec::new(0);
        GenerateOptions {
            seed: spec.seed,
            sub_providers: spec.sub_providers,
            messy: spec.messy,
        }
    }
}

impl GenerateOptions {
    fn default_seed() -> u64 {
        GenerateOptions::default().seed
    }

    fn default_sub_providers() -> usize {
        GenerateOptions::default().sub_providers
    }

    /// The generator's spec for `charge_points` charge points.
    ///
    /// ```
    /// let spec = chargeshift_graph::api::GenerateOptions::default().spec(7);
    /// assert_eq!((spec.charge_points, spec.seed), (7, 1));
    /// ```
    #[must_use]
    pub fn spec(self, charge_points: usize) -> FleetSpec {
        let mut spec = FleetSpec::new(charge_points).seed(self.seed);
        spec.sub_providers = self.sub_providers;
        if self.messy {
            spec = spec.messy();
        }
        spec
    }
}

/// A graph finding as the bindings show it: flat, with `code` (e.g. `GR005`), `check` (e.g.
/// `dangling_reference`; also as `kind`, its older name), `severity`, `message` and where it is.
///
/// ```
/// use chargeshift_graph::{api::FindingView, validate::{Finding, FindingClass}, Severity, Where};
/// let f = Finding::new(FindingClass::EmptyField, Severity::Error, "empty id")
///     .at(Where { record: Some("customers[0]".into()), ..Where::default() });
/// let v = FindingView::from(&f);
/// assert_eq!((v.code, v.check, v.kind, v.severity), ("GR002", "empty_field", "empty_field", "error"));
/// let json = serde_json::to_value(&v)?;
/// assert_eq!(json["record"], "customers[0]");
/// assert!(json.get("file").is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingView {
    /// The stable code, e.g. `GR005`.
    pub code: &'static str,
    /// The check's name, e.g. `dangling_reference`.
    pub check: &'static str,
    /// The check's name under its older name.
    pub kind: &'static str,
    /// `error`, `warning` or `info`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The 1-based line, for line-oriented files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The record, e.g. `charge_points[12]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<String>,
    /// The field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl From<&Finding> for FindingView {
    fn from(f: &Finding) -> Self {
        FindingView {
            code: f.code_str(),
            check: f.check(),
            kind: f.check(),
            severity: f.severity.as_str(),
            message: f.message.clone(),
            file: f.at.file.clone(),
            line: f.at.line,
            record: f.at.record.clone(),
            field: f.at.field.clone(),
        }
    }
}

/// The [`FindingView`]s of `findings`, in their order.
///
/// ```
/// assert!(chargeshift_graph::api::finding_views(&[]).is_empty());
/// ```
#[must_use]
pub fn finding_views(findings: &[Finding]) -> Vec<FindingView> {
    findings.iter().map(FindingView::from).collect()
}
