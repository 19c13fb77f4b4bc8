//! An EV-charging fleet as a typed graph: user groups, customers, charge cards, charge points,
//! locations, charge groups, tariffs and parameter sets, and the links between them.
//!
//! The fleet is a [`Fleet`]: a petgraph [`StableGraph`](petgraph::stable_graph::StableGraph) whose
//! node weights are [`Node`]s (an id, unique within its [`NodeKind`], and typed attributes
//! [`NodeData`]) and whose edge weights are [`Link`]s (a [`LinkKind`], and for a customer–charge
//! group link an optional customer-specific tariff). Ownership (asset → user group) and the
//! user-group tree (child → parent) are links too. Every insert enforces the model's cardinality
//! rules ([`ModelError`]).
//!
//! | module | holds |
//! |---|---|
//! | [`model`] | node kinds and their attributes, link kinds, the typed weights |
//! | [`fleet`] | [`Fleet`]: the graph, its (kind, id) index, inserts, lookups, re-link, cut, remove |
//! | [`ids`] | the identity of an asset ([`AssetId`]) and of a link ([`LinkId`]) by kind and id, for every output |
//! | [`tree`] | the user-group tree: ancestors (one cycle guard), providers, sub-providers, subtree, visibility |
//! | [`query`] | neighbourhood, assets of a user group, components, cut, counts |
//! | [`finding`] | the one [`Finding`] shape of every stage (code, severity, message, assets, links, where) |
//! | [`validate`] | the import findings' codes ([`validate::FindingClass`]), the report, cross-record checks |
//! | [`document`] | the native JSON document (serde, JSON Schema in `schema/fleet.schema.json`) |
//! | [`import`] | the validating builder, strict and lenient modes; [`import::csv`] bundle; [`import::ocpi`] 2.2.1 |
//! | [`dot`] | Graphviz DOT and Mermaid of a neighbourhood or a user group |
//! | [`generate`] | a deterministic, seeded synthetic fleet generator at any scale |
//! | [`api`] | the calls and answers of the bindings, with their defaults, orders and errors decided once |
//!
//! File formats are described in `asset-graph/FORMATS.md`.
//!
//! # Building a small fleet in code
//!
//! ```
//! use chargeshift_graph::{
//!     CardStatus, ChargeCard, ChargeGroup, ChargeGroupType, ChargePoint, Customer, Fleet,
//!     LinkKind, Location, NodeKind, ParameterSet, Tariff, UserGroup,
//! };
//!
//! let mut fleet = Fleet::new();
//! // a provider with a plain user group under it
//! let provider = fleet.add_user_group("acme", UserGroup { name: Some("Acme".into()), is_provider: true }, None)?;
//! let homes = fleet.add_user_group("acme-homes", UserGroup::default(), Some(provider))?;
//!
//! // a tariff and a parameter set owned by the provider
//! let tariff = fleet.add_asset("T-standard", Tariff { name: Some("Standard".into()) }, provider)?;
//! let params = fleet.add_asset("PS-ac", ParameterSet::default(), provider)?;
//!
//! // a home charger at its owner's address, in a Home charge group
//! let site = fleet.add_asset("L-1", Location { city: Some("Utrecht".into()), ..Location::default() }, homes)?;
//! let cp = fleet.add_asset("NL*ACM*E0001", ChargePoint { vendor: Some("Alfen".into()), evse_count: 1, connector_count: 1, ..ChargePoint::default() }, homes)?;
//! let group = fleet.add_asset("CG-1", ChargeGroup { group_type: ChargeGroupType::Home, ..ChargeGroup::default() }, homes)?;
//! let owner = fleet.add_asset("C-1", Customer { name: Some("J. Jansen".into()) }, homes)?;
//! let card = fleet.add_asset("04AABBCC", ChargeCard { status: CardStatus::Active, ..ChargeCard::default() }, homes)?;
//!
//! fleet.add_link(cp, site, LinkKind::ChargePointLocation)?;
//! fleet.add_link(cp, params, LinkKind::ChargePointParameterSet)?;
//! fleet.add_link(cp, group, LinkKind::ChargePointChargeGroup)?;
//! fleet.add_link(group, tariff, LinkKind::ChargeGroupTariff)?;
//! fleet.add_link(owner, group, LinkKind::CustomerChargeGroup)?;
//! fleet.add_link(owner, cp, LinkKind::CustomerChargePoint)?;
//! fleet.add_link(card, owner, LinkKind::CardCustomer)?;
//!
//! assert_eq!(fleet.provider_of(homes), Some(provider));
//! assert_eq!(fleet.find(NodeKind::ChargePoint, "NL*ACM*E0001"), Some(cp));
//! // a card has at most one customer
//! let other = fleet.add_asset("C-2", Customer::default(), homes)?;
//! assert!(fleet.add_link(card, other, LinkKind::CardCustomer).is_err());
//!
//! // the native JSON document round-trips
//! let json = chargeshift_graph::document::to_json(&fleet)?;
//! let back = chargeshift_graph::document::from_json(&json)?;
//! assert_eq!(back.node_count(), fleet.node_count());
//! assert_eq!(back.link_count(), fleet.link_count());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod api;
pub mod document;
pub mod dot;
pub mod finding;
pub mod fleet;
pub mod generate;
pub mod ids;
pub mod import;
pub mod model;
pub mod query;
pub mod tree;
pub mod validate;

pub use finding::{Finding, FindingCode, Severity, Where};
pub use fleet::{Fleet, FleetGraph, LinkRef, ModelError};
pub use ids::{AssetId, LinkId};
pub use model::{
    CardStatus, ChargeCard, ChargeGroup, ChargeGroupType, ChargePoint, CompactString, Coordinates,
    Customer, Link, LinkKind, LinkKinds, Location, Node, NodeData, NodeDataMut, NodeKind,
    ParameterSet, Tags, Tariff, UnknownKind, UserGroup,
};
pub use petgraph::stable_graph::{EdgeIndex, NodeIndex};
pub use query::Components;
pub use tree::Ancestors;
