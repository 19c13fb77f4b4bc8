//! The typed weights of the fleet graph: node kinds, their attributes, and link kinds.
//!
//! A node is an [`Node`]: its id (unique within its [`NodeKind`]) and its [`NodeData`]. A link is a
//! [`Link`]: its [`LinkKind`] and, for a customer–charge group link, an optional customer-specific
//! tariff. Ownership (asset → user group) and the user-group tree (child → parent) are links too, so
//! that every connection of the fleet is an edge of one graph.
//!
//! The weights are kept small because a fleet of a million charge points holds about seven million
//! nodes and ten million links: strings are `Box<str>`, enums are one byte, the rarely filled and
//! larger records ([`ChargePoint`], [`Location`]) are boxed inside [`NodeData`]. A charge point's
//! vendor, model, firmware and serial are [`CompactString`]s and its segment tags are [`Tags`]:
//! text of up to 24 bytes is held in the record itself, so that a stage that reads every charge
//! point (the pilot, the waves) reads one block of memory per charge point, not one per field.

use std::fmt;

pub use compact_str::CompactString;
use petgraph::stable_graph::NodeIndex;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The kinds of node of the fleet graph.
///
/// ```
/// use chargeshift_graph::NodeKind;
/// assert_eq!(NodeKind::ChargePoint.as_str(), "charge_point");
/// assert_eq!("charge_card".parse::<NodeKind>(), Ok(NodeKind::ChargeCard));
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// A tenant node in the user-group tree; may be a provider.
    UserGroup,
    /// An account that charges: a driver, a company, a household.
    Customer,
    /// An RFID card or another token (OCPP idTag / IdToken).
    ChargeCard,
    /// A charging station, known to OCPP by its identity.
    ChargePoint,
    /// A site or address where charge points stand.
    Location,
    /// A tariff structure and access policy over a set of charge points.
    ChargeGroup,
    /// A tariff or product.
    Tariff,
    /// A charge point configuration profile.
    ParameterSet,
}

impl NodeKind {
    /// Every node kind, in the order of the native document.
    pub const ALL: [NodeKind; 8] = [
        NodeKind::UserGroup,
        NodeKind::Customer,
        NodeKind::ChargeCard,
        NodeKind::ChargePoint,
        NodeKind::Location,
        NodeKind::ChargeGroup,
        NodeKind::Tariff,
        NodeKind::ParameterSet,
    ];

    /// The snake_case name used in files and messages.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::NodeKind::UserGroup.as_str(), "user_group");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            NodeKind::UserGroup => "user_group",
            NodeKind::Customer => "customer",
            NodeKind::ChargeCard => "charge_card",
            NodeKind::ChargePoint => "charge_point",
            NodeKind::Location => "location",
            NodeKind::ChargeGroup => "charge_group",
            NodeKind::Tariff => "tariff",
            NodeKind::ParameterSet => "parameter_set",
        }
    }

    /// Whether nodes of this kind are assets, i.e. owned by exactly one user group.
    ///
    /// Every kind but [`NodeKind::UserGroup`] is an asset.
    ///
    /// ```
    /// use chargeshift_graph::NodeKind;
    /// assert!(NodeKind::Tariff.is_asset());
    /// assert!(!NodeKind::UserGroup.is_asset());
    /// ```
    #[must_use]
    pub const fn is_asset(self) -> bool {
        !matches!(self, NodeKind::UserGroup)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing an unknown [`NodeKind`] or [`LinkKind`] name; its message lists the names
/// that exist.
///
/// ```
/// let e = "car".parse::<chargeshift_graph::NodeKind>().unwrap_err();
/// assert_eq!(e.name, "car");
/// assert!(e.to_string().starts_with("unknown asset kind \"car\"; expected one of user_group, customer,"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {name:?}; expected one of {expected}")]
#[non_exhaustive]
pub struct UnknownKind {
    /// The name as given.
    pub name: String,
    /// What was being named: `asset kind` or `link kind`.
    pub what: &'static str,
    /// The names that exist, comma-separated.
    pub expected: String,
}

impl UnknownKind {
    fn new(name: &str, what: &'static str, names: impl Iterator<Item = &'static str>) -> Self {
        UnknownKind {
            name: name.to_owned(),
            what,
            expected: names.collect::<Vec<_>>().join(", "),
        }
    }
}

impl std::str::FromStr for NodeKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NodeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                UnknownKind::new(s, "asset kind", NodeKind::ALL.iter().map(|k| k.as_str()))
            })
    }
}

/// The kinds of link of the fleet graph.
///
/// Each kind connects two fixed node kinds ([`LinkKind::endpoints`]); the edge always points from
/// the first to the second, whatever order the caller gives.
///
/// ```
/// use chargeshift_graph::{LinkKind, NodeKind};
/// assert_eq!(
///     LinkKind::CardCustomer.endpoints(),
///     (NodeKind::ChargeCard, NodeKind::Customer)
/// );
/// assert!(LinkKind::CardCustomer.at_most_one());
/// ```
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A charge card attached to its customer; a card has at most one.
    CardCustomer,
    /// A customer and a charge point (e.g. a home charger and its owner); many to many.
    CustomerChargePoint,
    /// A customer allowed in a charge group, optionally with a customer-specific tariff.
    CustomerChargeGroup,
    /// A charge point in a charge group; many to many.
    ChargePointChargeGroup,
    /// A charge point at its location; a charge point has at most one.
    ChargePointLocation,
    /// The tariff of a charge group; at most one per charge group.
    ChargeGroupTariff,
    /// The parameter set of a charge point; at most one per charge point.
    ChargePointParameterSet,
    /// An asset owned by its user group; exactly one per asset.
    UserGroup,
    /// A user group under its parent user group; at most one parent, no cycle.
    ParentGroup,
}

impl LinkKind {
    /// Every link kind.
    pub const ALL: [LinkKind; 9] = [
        LinkKind::CardCustomer,
        LinkKind::CustomerChargePoint,
        LinkKind::CustomerChargeGroup,
        LinkKind::ChargePointChargeGroup,
        LinkKind::ChargePointLocation,
        LinkKind::ChargeGroupTariff,
        LinkKind::ChargePointParameterSet,
        LinkKind::UserGroup,
        LinkKind::ParentGroup,
    ];

    /// The snake_case name used in files and messages.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::LinkKind::UserGroup.as_str(), "user_group");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            LinkKind::CardCustomer => "card_customer",
            LinkKind::CustomerChargePoint => "customer_charge_point",
            LinkKind::CustomerChargeGroup => "customer_charge_group",
            LinkKind::ChargePointChargeGroup => "charge_point_charge_group",
            LinkKind::ChargePointLocation => "charge_point_location",
            LinkKind::ChargeGroupTariff => "charge_group_tariff",
            LinkKind::ChargePointParameterSet => "charge_point_parameter_set",
            LinkKind::UserGroup => "user_group",
            LinkKind::ParentGroup => "parent_group",
        }
    }

    /// The (source, target) node kinds of this link kind. For [`LinkKind::UserGroup`] the source
    /// is any asset kind; this returns [`NodeKind::Customer`] as a representative, see
    /// [`LinkKind::accepts`].
    ///
    /// ```
    /// use chargeshift_graph::{LinkKind, NodeKind};
    /// assert_eq!(
    ///     LinkKind::ChargePointLocation.endpoints(),
    ///     (NodeKind::ChargePoint, NodeKind::Location)
    /// );
    /// ```
    #[must_use]
    pub const fn endpoints(self) -> (NodeKind, NodeKind) {
        match self {
            LinkKind::CardCustomer => (NodeKind::ChargeCard, NodeKind::Customer),
            LinkKind::CustomerChargePoint => (NodeKind::Customer, NodeKind::ChargePoint),
            LinkKind::CustomerChargeGroup => (NodeKind::Customer, NodeKind::ChargeGroup),
            LinkKind::ChargePointChargeGroup => (NodeKind::ChargePoint, NodeKind::ChargeGroup),
            LinkKind::ChargePointLocation => (NodeKind::ChargePoint, NodeKind::Location),
            LinkKind::ChargeGroupTariff => (NodeKind::ChargeGroup, NodeKind::Tariff),
            LinkKind::ChargePointParameterSet => (NodeKind::ChargePoint, NodeKind::ParameterSet),
            LinkKind::UserGroup => (NodeKind::Customer, NodeKind::UserGroup),
            LinkKind::ParentGroup => (NodeKind::UserGroup, NodeKind::UserGroup),
        }
    }

    /// Whether a link of this kind may go from a `source` node to a `target` node.
    ///
    /// ```
    /// use chargeshift_graph::{LinkKind, NodeKind};
    /// assert!(LinkKind::UserGroup.accepts(NodeKind::Tariff, NodeKind::UserGroup));
    /// assert!(!LinkKind::UserGroup.accepts(NodeKind::UserGroup, NodeKind::UserGroup));
    /// ```
    #[must_use]
    pub fn accepts(self, source: NodeKind, target: NodeKind) -> bool {
        match self {
            LinkKind::UserGroup => source.is_asset() && target == NodeKind::UserGroup,
            _ => self.endpoints() == (source, target),
        }
    }

    /// Whether a source node has at most one link of this kind (cards, locations, tariffs,
    /// parameter sets, owners and parents).
    ///
    /// ```
    /// use chargeshift_graph::LinkKind;
    /// assert!(LinkKind::ChargeGroupTariff.at_most_one());
    /// assert!(!LinkKind::CustomerChargePoint.at_most_one());
    /// ```
    #[must_use]
    pub const fn at_most_one(self) -> bool {
        matches!(
            self,
            LinkKind::CardCustomer
                | LinkKind::ChargePointLocation
                | LinkKind::ChargeGroupTariff
                | LinkKind::ChargePointParameterSet
                | LinkKind::UserGroup
                | LinkKind::ParentGroup
        )
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for LinkKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LinkKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                UnknownKind::new(s, "link kind", LinkKind::ALL.iter().map(|k| k.as_str()))
            })
    }
}

/// A set of link kinds, as a bit set; used by queries to restrict which links they follow.
///
/// ```
/// use chargeshift_graph::{LinkKind, LinkKinds};
/// let k = LinkKinds::of(&[LinkKind::ChargePointLocation, LinkKind::ChargePointChargeGroup]);
/// assert!(k.contains(LinkKind::ChargePointLocation));
/// assert!(!k.contains(LinkKind::UserGroup));
/// assert!(LinkKinds::ALL.contains(LinkKind::UserGroup));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct LinkKinds(u16);

impl LinkKinds {
    /// No link kind.
    pub const NONE: LinkKinds = LinkKinds(0);
    /// Every link kind.
    pub const ALL: LinkKinds = LinkKinds((1 << LinkKind::ALL.len()) - 1);
    /// Every link kind except ownership and the user-group tree: the connections between assets.
    pub const CONNECTIONS: LinkKinds = LinkKinds(
        ((1 << LinkKind::ALL.len()) - 1)
            & !(1 << LinkKind::UserGroup as u16)
            & !(1 << LinkKind::ParentGroup as u16),
    );

    /// The set of the given kinds.
    #[must_use]
    pub fn of(kinds: &[LinkKind]) -> LinkKinds {
        kinds.iter().fold(LinkKinds::NONE, |s, &k| s.with(k))
    }

    /// This set with `kind` added.
    #[must_use]
    pub const fn with(self, kind: LinkKind) -> LinkKinds {
        LinkKinds(self.0 | (1 << kind as u16))
    }

    /// Whether `kind` is in the set.
    #[must_use]
    pub const fn contains(self, kind: LinkKind) -> bool {
        self.0 & (1 << kind as u16) != 0
    }
}

impl FromIterator<LinkKind> for LinkKinds {
    fn from_iter<I: IntoIterator<Item = LinkKind>>(iter: I) -> Self {
        iter.into_iter().fold(LinkKinds::NONE, LinkKinds::with)
    }
}

/// The weight of a link: its kind, and for a customer–charge group link the customer-specific
/// tariff if one is set.
///
/// ```
/// use chargeshift_graph::{Link, LinkKind};
/// assert_eq!(Link::new(LinkKind::CardCustomer).kind, LinkKind::CardCustomer);
/// assert!(Link::new(LinkKind::CardCustomer).tariff.is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Link {
    /// The kind of the link.
    pub kind: LinkKind,
    /// The customer-specific tariff of a [`LinkKind::CustomerChargeGroup`] link (a tariff node).
    pub tariff: Option<NodeIndex>,
}

impl Link {
    /// A link of `kind` without a tariff.
    #[must_use]
    pub const fn new(kind: LinkKind) -> Link {
        Link { kind, tariff: None }
    }
}

/// The status of a charge card.
///
/// ```
/// use chargeshift_graph::CardStatus;
/// assert_eq!(CardStatus::default(), CardStatus::Active);
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// The card may be used.
    #[default]
    Active,
    /// The card is blocked.
    Blocked,
    /// The card has expired.
    Expired,
    /// The card is not yet activated.
    Inactive,
}

impl CardStatus {
    /// The snake_case name used in files.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::CardStatus::Blocked.as_str(), "blocked");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            CardStatus::Active => "active",
            CardStatus::Blocked => "blocked",
            CardStatus::Expired => "expired",
            CardStatus::Inactive => "inactive",
        }
    }
}

/// The type of a charge group (seed "How to Create a New Private Charge Group").
///
/// ```
/// use chargeshift_graph::ChargeGroupType;
/// assert_eq!(ChargeGroupType::default(), ChargeGroupType::Other);
/// ```
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChargeGroupType {
    /// Home chargers / private chargers, not shown in the app.
    Home,
    /// Private but visible in the app to attached customers.
    #[default]
    Other,
}

impl ChargeGroupType {
    /// The snake_case name used in files.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::ChargeGroupType::Home.as_str(), "home");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ChargeGroupType::Home => "home",
            ChargeGroupType::Other => "other",
        }
    }
}

/// Attributes of a user group. Its parent is a [`LinkKind::ParentGroup`] link.
///
/// ```
/// use chargeshift_graph::UserGroup;
/// let ug = UserGroup { name: Some("Acme".into()), is_provider: true };
/// assert!(ug.is_provider);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserGroup {
    /// Display name.
    pub name: Option<Box<str>>,
    /// Whether the user group is set up as a provider.
    pub is_provider: bool,
}

/// Attributes of a customer.
///
/// ```
/// let c = chargeshift_graph::Customer { name: Some("J. Doe".into()) };
/// assert!(c.name.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Customer {
    /// Display name.
    pub name: Option<Box<str>>,
}

/// Attributes of a charge card. Its customer is a [`LinkKind::CardCustomer`] link.
///
/// ```
/// use chargeshift_graph::{CardStatus, ChargeCard};
/// let c = ChargeCard { status: CardStatus::Blocked, ..ChargeCard::default() };
/// assert_eq!(c.status, CardStatus::Blocked);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChargeCard {
    /// The card status.
    pub status: CardStatus,
    /// The eMSP contract id (OCPI `contract_id`), if known.
    pub contract_id: Option<Box<str>>,
    /// The token group (OCPI `group_id`), if known.
    pub group_id: Option<Box<str>>,
}

/// Attributes of a charge point. Its location and parameter set are links.
///
/// `segments` holds free-form tags by which migration waves are cut (e.g. `criticality = high`).
///
/// ```
/// use chargeshift_graph::ChargePoint;
/// let mut cp = ChargePoint { vendor: Some("Alfen".into()), evse_count: 2, ..ChargePoint::default() };
/// cp.segments.insert("criticality".into(), "high".into());
/// assert_eq!(cp.segments.len(), 1);
/// assert_eq!(cp.vendor.as_deref(), Some("Alfen"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChargePoint {
    /// Vendor as reported in BootNotification.
    pub vendor: Option<CompactString>,
    /// Model as reported in BootNotification.
    pub model: Option<CompactString>,
    /// Firmware version.
    pub firmware: Option<CompactString>,
    /// Serial number.
    pub serial: Option<CompactString>,
    /// Number of EVSEs.
    pub evse_count: u16,
    /// Number of connectors.
    pub connector_count: u16,
    /// Free-form segment tags, key to value.
    pub segments: Tags,
}

/// The segment tags of a charge point: key to value, sorted by key, each key once.
///
/// A sorted list in one allocation, each key and value of up to 24 bytes held inline: a
/// look-up reads one block of memory. (A `BTreeMap<Box<str>, Box<str>>` took a node of about
/// 400 bytes and two more allocations per tag, and a look-up read three places.) Look-up is
/// O(log n) and insertion O(n) for n tags; a charge point has a handful.
///
/// ```
/// use chargeshift_graph::Tags;
/// let mut t: Tags = [("site", "depot"), ("criticality", "high")].into_iter().collect();
/// assert_eq!(t.get("criticality"), Some("high"));
/// assert_eq!(t.insert("site".into(), "yard".into()).as_deref(), Some("depot"));
/// assert_eq!(t.keys().collect::<Vec<_>>(), ["criticality", "site"]);
/// assert_eq!(t.remove("criticality").as_deref(), Some("high"));
/// assert_eq!((t.len(), t.get("criticality")), (1, None));
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Tags(Vec<(CompactString, CompactString)>);

impl Tags {
    /// No tags.
    ///
    /// ```
    /// assert!(chargeshift_graph::Tags::new().is_empty());
    /// ```
    #[must_use]
    pub const fn new() -> Tags {
        Tags(Vec::new())
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`, if tagged.
    ///
    /// ```
    /// let t: chargeshift_graph::Tags = [("a", "1")].into_iter().collect();
    /// assert_eq!((t.get("a"), t.get("b")), (Some("1"), None));
    /// ```
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&str> {
        let i = self.find(key).ok()?;
        self.0.get(i).map(|(_, v)| v.as_str())
    }

    /// Whether `key` is tagged.
    ///
    /// ```
    /// let t: chargeshift_graph::Tags = [("a", "1")].into_iter().collect();
    /// assert!(t.contains_key("a") && !t.contains_key("b"));
    /// ```
    #[must_use]
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Tags `key` with `value`; returns the value it replaces, if any.
    ///
    /// ```
    /// let mut t = chargeshift_graph::Tags::new();
    /// assert_eq!(t.insert("a".into(), "1".into()), None);
    /// assert_eq!(t.insert("a".into(), "2".into()).as_deref(), Some("1"));
    /// assert_eq!(t.get("a"), Some("2"));
    /// ```
    pub fn insert(&mut self, key: CompactString, value: CompactString) -> Option<CompactString> {
        match self.find(&key) {
            Ok(i) => self.0.get_mut(i).map(|(_, v)| std::mem::replace(v, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// Removes `key`; returns its value, if it was tagged.
    ///
    /// ```
    /// let mut t: chargeshift_graph::Tags = [("a", "1")].into_iter().collect();
    /// assert_eq!(t.remove("a").as_deref(), Some("1"));
    /// assert_eq!(t.remove("a"), None);
    /// ```
    pub fn remove(&mut self, key: &str) -> Option<CompactString> {
        let i = self.find(key).ok()?;
        Some(self.0.remove(i).1)
    }

    /// Number of tags.
    ///
    /// ```
    /// assert_eq!(chargeshift_graph::Tags::new().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no tags.
    ///
    /// ```
    /// assert!(chargeshift_graph::Tags::default().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The tags as (key, value), by key.
    ///
    /// ```
    /// let t: chargeshift_graph::Tags = [("b", "2"), ("a", "1")].into_iter().collect();
    /// assert_eq!(t.iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
    /// ```
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The keys, sorted.
    ///
    /// ```
    /// let t: chargeshift_graph::Tags = [("b", "2"), ("a", "1")].into_iter().collect();
    /// assert_eq!(t.keys().collect::<Vec<_>>(), ["a", "b"]);
    /// ```
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.0.iter().map(|(k, _)| k.as_str())
    }
}

impl fmt::Debug for Tags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A later pair of the same key replaces an earlier one, as in a map.
impl<K: Into<CompactString>, V: Into<CompactString>> FromIterator<(K, V)> for Tags {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Tags {
        let mut t = Tags::new();
        t.extend(iter);
        t
    }
}

/// A later pair of the same key replaces an earlier one, as in a map. O((n + m) log(n + m))
/// for m pairs added to n tags (one sort, not an insertion per pair).
impl<K: Into<CompactString>, V: Into<CompactString>> Extend<(K, V)> for Tags {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        let before = self.0.len();
        self.0
            .extend(iter.into_iter().map(|(k, v)| (k.into(), v.into())));
        if self.0.len() == before {
            return;
        }
        // stable: of two pairs with one key, the later stays after the earlier
        self.0.sort_by(|a, b| a.0.cmp(&b.0));
        // `later` is removed when it has the key of `earlier`, which takes its value
        self.0.dedup_by(|later, earlier| {
            let same = later.0 == earlier.0;
            if same {
                std::mem::swap(&mut later.1, &mut earlier.1);
            }
            same
        });
    }
}

/// Geographic coordinates in decimal degrees (WGS 84).
///
/// ```
/// let c = chargeshift_graph::Coordinates { latitude: 52.37, longitude: 4.89 };
/// assert!(c.latitude > 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Coordinates {
    /// Latitude, -90 to 90.
    pub latitude: f64,
    /// Longitude, -180 to 180.
    pub longitude: f64,
}

/// Attributes of a location.
///
/// ```
/// let l = chargeshift_graph::Location { city: Some("Utrecht".into()), ..Default::default() };
/// assert_eq!(l.city.as_deref(), Some("Utrecht"));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Location {
    /// Display name.
    pub name: Option<Box<str>>,
    /// Street address.
    pub address: Option<Box<str>>,
    /// City.
    pub city: Option<Box<str>>,
    /// Country (ISO 3166-1 alpha-2 or alpha-3 as the export writes it).
    pub country: Option<Box<str>>,
    /// Coordinates, if known.
    pub coordinates: Option<Coordinates>,
}

/// Attributes of a charge group. Its tariff is a [`LinkKind::ChargeGroupTariff`] link.
///
/// ```
/// use chargeshift_graph::{ChargeGroup, ChargeGroupType};
/// let g = ChargeGroup { group_type: ChargeGroupType::Home, ..Default::default() };
/// assert!(!g.all_customers);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChargeGroup {
    /// Display name.
    pub name: Option<Box<str>>,
    /// Home or Other.
    pub group_type: ChargeGroupType,
    /// Access policy: every customer of the user group may charge.
    pub all_customers: bool,
    /// Accessible for roaming customers.
    pub roaming: bool,
}

/// Attributes of a tariff or product. Its owner is its user group.
///
/// ```
/// let t = chargeshift_graph::Tariff { name: Some("Standard".into()) };
/// assert!(t.name.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tariff {
    /// Display name.
    pub name: Option<Box<str>>,
}

/// Attributes of a parameter set. Its owner is its user group.
///
/// ```
/// let p = chargeshift_graph::ParameterSet { name: Some("Default AC".into()) };
/// assert!(p.name.is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParameterSet {
    /// Display name.
    pub name: Option<Box<str>>,
}

/// The kind-specific attributes of a node.
///
/// ```
/// use chargeshift_graph::{Customer, NodeData, NodeKind};
/// let d = NodeData::Customer(Customer::default());
/// assert_eq!(d.kind(), NodeKind::Customer);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum NodeData {
    /// A user group.
    UserGroup(UserGroup),
    /// A customer.
    Customer(Customer),
    /// A charge card.
    ChargeCard(ChargeCard),
    /// A charge point (boxed: the largest record).
    ChargePoint(Box<ChargePoint>),
    /// A location (boxed).
    Location(Box<Location>),
    /// A charge group.
    ChargeGroup(ChargeGroup),
    /// A tariff or product.
    Tariff(Tariff),
    /// A parameter set.
    ParameterSet(ParameterSet),
}

/// The attributes of a node, mutable, from [`Fleet::node_data_mut`](crate::Fleet::node_data_mut):
/// each kind's record, so that a node's kind cannot change (the fleet's indexes depend on it).
///
/// ```
/// use chargeshift_graph::{Fleet, NodeDataMut, NodeKind, UserGroup};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let data = f.node_data_mut(ug).unwrap();
/// assert_eq!(data.kind(), NodeKind::UserGroup);
/// if let NodeDataMut::UserGroup(u) = data { u.name = Some("Acme".into()); }
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[derive(Debug)]
pub enum NodeDataMut<'a> {
    /// A user group.
    UserGroup(&'a mut UserGroup),
    /// A customer.
    Customer(&'a mut Customer),
    /// A charge card.
    ChargeCard(&'a mut ChargeCard),
    /// A charge point.
    ChargePoint(&'a mut ChargePoint),
    /// A location.
    Location(&'a mut Location),
    /// A charge group.
    ChargeGroup(&'a mut ChargeGroup),
    /// A tariff or product.
    Tariff(&'a mut Tariff),
    /// A parameter set.
    ParameterSet(&'a mut ParameterSet),
}

impl NodeDataMut<'_> {
    /// The kind of the node.
    ///
    /// ```
    /// use chargeshift_graph::{Customer, NodeDataMut, NodeKind};
    /// let mut c = Customer::default();
    /// assert_eq!(NodeDataMut::Customer(&mut c).kind(), NodeKind::Customer);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> NodeKind {
        match self {
            NodeDataMut::UserGroup(_) => NodeKind::UserGroup,
            NodeDataMut::Customer(_) => NodeKind::Customer,
            NodeDataMut::ChargeCard(_) => NodeKind::ChargeCard,
            NodeDataMut::ChargePoint(_) => NodeKind::ChargePoint,
            NodeDataMut::Location(_) => NodeKind::Location,
            NodeDataMut::ChargeGroup(_) => NodeKind::ChargeGroup,
            NodeDataMut::Tariff(_) => NodeKind::Tariff,
            NodeDataMut::ParameterSet(_) => NodeKind::ParameterSet,
        }
    }
}

impl<'a> From<&'a mut NodeData> for NodeDataMut<'a> {
    fn from(d: &'a mut NodeData) -> NodeDataMut<'a> {
        match d {
            NodeData::UserGroup(x) => NodeDataMut::UserGroup(x),
            NodeData::Customer(x) => NodeDataMut::Customer(x),
            NodeData::ChargeCard(x) => NodeDataMut::ChargeCard(x),
            NodeData::ChargePoint(x) => NodeDataMut::ChargePoint(x),
            NodeData::Location(x) => NodeDataMut::Location(x),
            NodeData::ChargeGroup(x) => NodeDataMut::ChargeGroup(x),
            NodeData::Tariff(x) => NodeDataMut::Tariff(x),
            NodeData::ParameterSet(x) => NodeDataMut::ParameterSet(x),
        }
    }
}

impl NodeData {
    /// The kind of this node.
    #[must_use]
    pub const fn kind(&self) -> NodeKind {
        match self {
            NodeData::UserGroup(_) => NodeKind::UserGroup,
            NodeData::Customer(_) => NodeKind::Customer,
            NodeData::ChargeCard(_) => NodeKind::ChargeCard,
            NodeData::ChargePoint(_) => NodeKind::ChargePoint,
            NodeData::Location(_) => NodeKind::Location,
            NodeData::ChargeGroup(_) => NodeKind::ChargeGroup,
            NodeData::Tariff(_) => NodeKind::Tariff,
            NodeData::ParameterSet(_) => NodeKind::ParameterSet,
        }
    }

    /// The display name, for the kinds that have one.
    ///
    /// ```
    /// use chargeshift_graph::{NodeData, Tariff};
    /// let d = NodeData::Tariff(Tariff { name: Some("T".into()) });
    /// assert_eq!(d.name(), Some("T"));
    /// ```
    #[must_use]
    pub fn name(&self) -> Option<&str> {
        match self {
            NodeData::UserGroup(x) => x.name.as_deref(),
            NodeData::Customer(x) => x.name.as_deref(),
            NodeData::ChargeCard(_) | NodeData::ChargePoint(_) => None,
            NodeData::Location(x) => x.name.as_deref(),
            NodeData::ChargeGroup(x) => x.name.as_deref(),
            NodeData::Tariff(x) => x.name.as_deref(),
            NodeData::ParameterSet(x) => x.name.as_deref(),
        }
    }
}

macro_rules! from_data {
    ($($t:ident),*) => {$(
        impl From<$t> for NodeData {
            fn from(x: $t) -> NodeData {
                NodeData::$t(x)
            }
        }
    )*};
}
from_data!(
    UserGroup,
    Customer,
    ChargeCard,
    ChargeGroup,
    Tariff,
    ParameterSet
);

impl From<ChargePoint> for NodeData {
    fn from(x: ChargePoint) -> NodeData {
        NodeData::ChargePoint(Box::new(x))
    }
}

impl From<Location> for NodeData {
    fn from(x: Location) -> NodeData {
        NodeData::Location(Box::new(x))
    }
}

/// The weight of a node: its id (unique within its kind) and its attributes.
///
/// The id cannot be changed in place, because the fleet's index depends on it.
///
/// ```
/// use chargeshift_graph::{Customer, Node, NodeKind};
/// let n = Node::new("C-1", Customer::default());
/// assert_eq!((n.kind(), n.id()), (NodeKind::Customer, "C-1"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    id: Id,
    /// The kind-specific attributes.
    pub data: NodeData,
}

impl Node {
    /// A node with `id` and `data`.
    #[must_use]
    pub fn new(id: &str, data: impl Into<NodeData>) -> Node {
        Node {
            id: Id::new(id),
            data: data.into(),
        }
    }

    /// A node from an id already made.
    pub(crate) fn from_id(id: Id, data: NodeData) -> Node {
        Node { id, data }
    }

    /// The id, as the back office writes it.
    #[must_use]
    pub fn id(&self) -> &str {
        self.id.as_str()
    }

    /// The bytes of the id, for comparing without looking at the characters.
    pub(crate) fn id_bytes(&self) -> &[u8] {
        self.id.as_bytes()
    }

    /// The kind.
    #[must_use]
    pub const fn kind(&self) -> NodeKind {
        self.data.kind()
    }
}

/// How many bytes of id a [`Node`] holds inline.
const INLINE_ID: usize = 22;

/// The id of a node: inline when it is short (most ids are), boxed otherwise. Either way 24
/// bytes, and a short id costs neither an allocation nor, when the fleet's index compares ids,
/// a second cache miss.
#[derive(Clone)]
pub(crate) enum Id {
    /// An id of at most [`INLINE_ID`] bytes: its length and its bytes (UTF-8, from a `str`).
    Inline(u8, [u8; INLINE_ID]),
    /// A longer id.
    Boxed(Box<str>),
}

impl Id {
    /// The id `s`.
    pub(crate) fn new(s: &str) -> Id {
        Id::inline(s).unwrap_or_else(|| Id::Boxed(s.into()))
    }

    /// The id `s`, reusing its allocation when it is too long to be inline.
    pub(crate) fn from_string(s: String) -> Id {
        Id::inline(&s).unwrap_or_else(|| Id::Boxed(s.into_boxed_str()))
    }

    fn inline(s: &str) -> Option<Id> {
        let len = u8::try_from(s.len())
            .ok()
            .filter(|&n| usize::from(n) <= INLINE_ID)?;
        let mut bytes = [0; INLINE_ID];
        bytes.get_mut(..s.len())?.copy_from_slice(s.as_bytes());
        Some(Id::Inline(len, bytes))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Id::Inline(len, bytes) => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Id::Boxed(s) => s.as_bytes(),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            // always valid: the bytes were copied from a `str`
            Id::Inline(..) => std::str::from_utf8(self.as_bytes()).unwrap_or_default(),
            Id::Boxed(s) => s,
        }
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        self.as_bytes() == other.as_bytes()
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_inline_and_boxed() {
        for id in [
            "",
            "C-1",
            "E31B9E69AFDAD80000005Z",
            "a much longer id than fits inline",
            "Ünïcødé-ïd",
        ] {
            let n = Node::new(id, Customer::default());
            assert_eq!(n.id(), id);
            assert_eq!(
                Node::from_id(Id::from_string(id.to_owned()), n.data.clone()),
                n
            );
        }
        assert!(matches!(
            Id::new("E31B9E69AFDAD80000005Z"),
            Id::Inline(22, _)
        ));
        assert!(matches!(Id::new("E31B9E69AFDAD80000005ZZ"), Id::Boxed(_)));
        assert_eq!(
            format!("{:?}", Node::new("x", Tariff::default())),
            r#"Node { id: "x", data: Tariff(Tariff { name: None }) }"#
        );
    }

    #[test]
    fn weights_stay_small() {
        assert!(size_of::<Node>() <= 64, "{}", size_of::<Node>());
        assert!(size_of::<Link>() <= 12, "{}", size_of::<Link>());
    }

    #[test]
    fn kinds_round_trip_by_name() {
        for k in NodeKind::ALL {
            assert_eq!(k.as_str().parse::<NodeKind>(), Ok(k));
        }
        for k in LinkKind::ALL {
            assert_eq!(k.as_str().parse::<LinkKind>(), Ok(k));
        }
        assert!(!LinkKinds::CONNECTIONS.contains(LinkKind::UserGroup));
        assert!(LinkKinds::CONNECTIONS.contains(LinkKind::CardCustomer));
    }
}
