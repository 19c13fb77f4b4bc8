//! The native fleet document: a JSON (serde) form of a [`Fleet`], with a JSON Schema generated
//! from these types (`asset-graph/schema/fleet.schema.json`).
//!
//! # Format
//!
//! One JSON object. Every node kind is an array of records whose `id` is unique within the kind;
//! every asset record names its owning `user_group` by id; a user group names its `parent` (absent
//! for a root). The connections between assets are arrays under `links`, one per link kind, each
//! record naming its two ends by id (and a customer–charge group link optionally a `tariff`).
//! `format` and `version` may be absent, but when present must be `chargeshift-fleet` and `1`
//! (else the import fails). Optional fields may be absent; unknown fields of records are
//! ignored, but an unknown key at the top or in `links` is a finding (with the closest known
//! key), and so is a document with none of the keys. Ids and the references to them are read
//! without surrounding white space, as in the CSV bundle; a leading byte order mark is skipped.
//!
//! ```json
//! {
//!   "format": "chargeshift-fleet", "version": 1,
//!   "user_groups": [{ "id": "acme", "is_provider": true }, { "id": "acme-homes", "parent": "acme" }],
//!   "customers": [{ "id": "C-1", "user_group": "acme-homes", "name": "J. Jansen" }],
//!   "charge_cards": [{ "id": "04AABBCC", "user_group": "acme-homes", "status": "active" }],
//!   "charge_points": [{ "id": "NL*ACM*E0001", "user_group": "acme-homes", "vendor": "Alfen",
//!                       "evse_count": 1, "connector_count": 1, "segments": { "criticality": "low" } }],
//!   "locations": [{ "id": "L-1", "user_group": "acme-homes", "city": "Utrecht", "country": "NL",
//!                   "latitude": 52.09, "longitude": 5.12 }],
//!   "charge_groups": [{ "id": "CG-1", "user_group": "acme-homes", "type": "home",
//!                       "all_customers": false, "roaming": false }],
//!   "tariffs": [{ "id": "T-1", "user_group": "acme" }],
//!   "parameter_sets": [{ "id": "PS-1", "user_group": "acme" }],
//!   "links": {
//!     "card_customer": [{ "card": "04AABBCC", "customer": "C-1" }],
//!     "customer_charge_point": [{ "customer": "C-1", "charge_point": "NL*ACM*E0001" }],
//!     "customer_charge_group": [{ "customer": "C-1", "charge_group": "CG-1", "tariff": "T-1" }],
//!     "charge_point_charge_group": [{ "charge_point": "NL*ACM*E0001", "charge_group": "CG-1" }],
//!     "charge_point_location": [{ "charge_point": "NL*ACM*E0001", "location": "L-1" }],
//!     "charge_group_tariff": [{ "charge_group": "CG-1", "tariff": "T-1" }],
//!     "charge_point_parameter_set": [{ "charge_point": "NL*ACM*E0001", "parameter_set": "PS-1" }]
//!   }
//! }
//! ```
//!
//! Reading goes through [`crate::import::build`], which validates and reports every problem
//! (see [`crate::validate`]).

use std::collections::BTreeMap;
use std::io::{Read, Write};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::fleet::Fleet;
use crate::import::{self, ImportError, Imported, Mode, Origins};
use crate::model::{CardStatus, ChargeGroupType, Coordinates, LinkKind, NodeData, NodeKind};

/// The value of [`Document::format`].
pub const FORMAT: &str = "chargeshift-fleet";
/// The current [`Document::version`].
pub const VERSION: u32 = 1;

/// The top-level keys of a fleet document, in the order the writer emits them; any other key is
/// reported when the document is read.
///
/// ```
/// use chargeshift_graph::document::KEYS;
/// assert_eq!(&KEYS[..3], ["format", "version", "user_groups"]);
/// ```
pub const KEYS: [&str; 11] = [
    "format",
    "version",
    "user_groups",
    "customers",
    "charge_cards",
    "charge_points",
    "locations",
    "charge_groups",
    "tariffs",
    "parameter_sets",
    "links",
];

/// The keys of a document's `links` object: one collection per link kind between assets, named
/// as the kind ([`LinkKind::as_str`]).
///
/// ```
/// use chargeshift_graph::LinkKind;
/// use chargeshift_graph::document::LINK_KEYS;
/// assert!(LINK_KEYS.contains(&LinkKind::CardCustomer.as_str()));
/// ```
pub const LINK_KEYS: [&str; 7] = [
    "card_customer",
    "customer_charge_point",
    "customer_charge_group",
    "charge_point_charge_group",
    "charge_point_location",
    "charge_group_tariff",
    "charge_point_parameter_set",
];

fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero(n: &u16) -> bool {
    *n == 0
}
fn default_format() -> String {
    FORMAT.to_owned()
}
fn default_version() -> u32 {
    VERSION
}

/// The native fleet document. See the [module documentation](self) for the format.
///
/// ```
/// let doc: chargeshift_graph::document::Document = serde_json::from_str(r#"{"user_groups":[{"id":"A"}]}"#)?;
/// assert_eq!(doc.user_groups[0].id, "A");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct Document {
    /// Always `chargeshift-fleet`.
    #[serde(default = "default_format")]
    pub format: String,
    /// Format version, currently 1.
    #[serde(default = "default_version")]
    pub version: u32,
    /// The user-group tree.
    pub user_groups: Vec<UserGroupRecord>,
    /// Customers.
    pub customers: Vec<CustomerRecord>,
    /// Charge cards.
    pub charge_cards: Vec<ChargeCardRecord>,
    /// Charge points.
    pub charge_points: Vec<ChargePointRecord>,
    /// Locations.
    pub locations: Vec<LocationRecord>,
    /// Charge groups.
    pub charge_groups: Vec<ChargeGroupRecord>,
    /// Tariffs and products.
    pub tariffs: Vec<NamedRecord>,
    /// Parameter sets.
    pub parameter_sets: Vec<NamedRecord>,
    /// The links between assets, one array per kind.
    pub links: LinksRecord,
}

/// An empty document, with its [`FORMAT`] and [`VERSION`].
///
/// ```
/// let doc = chargeshift_graph::document::Document::default();
/// assert_eq!((doc.format.as_str(), doc.version), ("chargeshift-fleet", 1));
/// ```
impl Default for Document {
    fn default() -> Self {
        Document {
            format: default_format(),
            version: default_version(),
            user_groups: Vec::new(),
            customers: Vec::new(),
            charge_cards: Vec::new(),
            charge_points: Vec::new(),
            locations: Vec::new(),
            charge_groups: Vec::new(),
            tariffs: Vec::new(),
            parameter_sets: Vec::new(),
            links: LinksRecord::default(),
        }
    }
}

/// A user group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct UserGroupRecord {
    /// Id, unique among user groups.
    pub id: String,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Id of the parent user group; absent for a root.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Whether the user group is set up as a provider.
    #[serde(skip_serializing_if = "is_false")]
    pub is_provider: bool,
}

/// A customer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CustomerRecord {
    /// Id, unique among customers.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A charge card.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ChargeCardRecord {
    /// Id (the token uid), unique among cards.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Card status; `active` when absent.
    pub status: CardStatus,
    /// eMSP contract id (OCPI `contract_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract_id: Option<String>,
    /// Token group (OCPI `group_id`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
}

/// A charge point.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ChargePointRecord {
    /// Id: the OCPP charge point identity, unique among charge points.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Vendor.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// Model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Firmware version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub firmware: Option<String>,
    /// Serial number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// Number of EVSEs.
    #[serde(skip_serializing_if = "is_zero")]
    pub evse_count: u16,
    /// Number of connectors.
    #[serde(skip_serializing_if = "is_zero")]
    pub connector_count: u16,
    /// Free-form segment tags (e.g. `"criticality": "high"`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub segments: BTreeMap<String, String>,
}

/// A location.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct LocationRecord {
    /// Id, unique among locations.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// City.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Country code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Latitude in decimal degrees (with `longitude`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude in decimal degrees (with `latitude`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
}

/// A charge group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct ChargeGroupRecord {
    /// Id, unique among charge groups.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `home` or `other` (default).
    #[serde(rename = "type")]
    pub group_type: ChargeGroupType,
    /// Access policy: all customers may charge.
    pub all_customers: bool,
    /// Accessible for roaming.
    pub roaming: bool,
}

/// A tariff / product or a parameter set: an id, an owner and a name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct NamedRecord {
    /// Id, unique within its kind.
    pub id: String,
    /// Id of the owning user group (required).
    pub user_group: Option<String>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The connections between assets: one array per link kind; each record names its two ends
/// by id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct LinksRecord {
    /// Card → customer (a card has at most one customer).
    pub card_customer: Vec<CardCustomer>,
    /// Customer ↔ charge point.
    pub customer_charge_point: Vec<CustomerChargePoint>,
    /// Customer ↔ charge group, with an optional customer-specific tariff.
    pub customer_charge_group: Vec<CustomerChargeGroup>,
    /// Charge point ↔ charge group.
    pub charge_point_charge_group: Vec<ChargePointChargeGroup>,
    /// Charge point → location (at most one).
    pub charge_point_location: Vec<ChargePointLocation>,
    /// Charge group → tariff (at most one).
    pub charge_group_tariff: Vec<ChargeGroupTariff>,
    /// Charge point → parameter set (at most one).
    pub charge_point_parameter_set: Vec<ChargePointParameterSet>,
}

macro_rules! link_record {
    ($(#[$doc:meta])* $name:ident, $kind:ident, $a:ident, $b:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
        #[serde(default)]
        pub struct $name {
            #[doc = concat!("Id of the ", stringify!($a), ".")]
            pub $a: String,
            #[doc = concat!("Id of the ", stringify!($b), ".")]
            pub $b: String,
        }
        impl $name {
            /// The link kind of this record.
            pub const KIND: LinkKind = LinkKind::$kind;
            /// The two ids, in the order of [`LinkKind::endpoints`].
            #[must_use]
            pub fn ends(&self) -> (&str, &str) {
                (&self.$a, &self.$b)
            }
        }
    };
}

link_record!(
    /// A card attached to a customer.
    CardCustomer, CardCustomer, card, customer
);
link_record!(
    /// A customer linked to a charge point.
    CustomerChargePoint, CustomerChargePoint, customer, charge_point
);
link_record!(
    /// A charge point in a charge group.
    ChargePointChargeGroup, ChargePointChargeGroup, charge_point, charge_group
);
link_record!(
    /// A charge point at a location.
    ChargePointLocation, ChargePointLocation, charge_point, location
);
link_record!(
    /// The tariff of a charge group.
    ChargeGroupTariff, ChargeGroupTariff, charge_group, tariff
);
link_record!(
    /// The parameter set of a charge point.
    ChargePointParameterSet, ChargePointParameterSet, charge_point, parameter_set
);

/// A customer allowed in a charge group, optionally with a customer-specific tariff.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default)]
pub struct CustomerChargeGroup {
    /// Id of the customer.
    pub customer: String,
    /// Id of the charge group.
    pub charge_group: String,
    /// Id of the customer-specific tariff, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tariff: Option<String>,
}

impl CustomerChargeGroup {
    /// The link kind of this record.
    pub const KIND: LinkKind = LinkKind::CustomerChargeGroup;
    /// The two ids, in the order of [`LinkKind::endpoints`].
    #[must_use]
    pub fn ends(&self) -> (&str, &str) {
        (&self.customer, &self.charge_group)
    }
}

fn s<T: std::ops::Deref<Target = str>>(x: &Option<T>) -> Option<String> {
    x.as_deref().map(str::to_owned)
}

impl Document {
    /// The document of `fleet`: every node and every link, nodes in index order.
    ///
    /// ```
    /// use chargeshift_graph::{document::Document, Fleet, UserGroup};
    /// let mut f = Fleet::new();
    /// f.add_user_group("A", UserGroup::default(), None)?;
    /// assert_eq!(Document::from_fleet(&f).user_groups.len(), 1);
    /// # Ok::<(), chargeshift_graph::ModelError>(())
    /// ```
    #[must_use]
    pub fn from_fleet(fleet: &Fleet) -> Document {
        let mut d = Document::default();
        for (ix, node) in fleet.nodes() {
            let id = node.id().to_owned();
            let ug = || fleet.user_group_of(ix).map(|u| fleet.id(u).to_owned());
            match &node.data {
                NodeData::UserGroup(u) => d.user_groups.push(UserGroupRecord {
                    id,
                    name: s(&u.name),
                    parent: fleet.parent_of(ix).map(|p| fleet.id(p).to_owned()),
                    is_provider: u.is_provider,
                }),
                NodeData::Customer(c) => d.customers.push(CustomerRecord {
                    id,
                    user_group: ug(),
                    name: s(&c.name),
                }),
                NodeData::ChargeCard(c) => d.charge_cards.push(ChargeCardRecord {
                    id,
                    user_group: ug(),
                    status: c.status,
                    contract_id: s(&c.contract_id),
                    group_id: s(&c.group_id),
                }),
                NodeData::ChargePoint(c) => d.charge_points.push(ChargePointRecord {
                    id,
                    user_group: ug(),
                    vendor: s(&c.vendor),
                    model: s(&c.model),
                    firmware: s(&c.firmware),
                    serial: s(&c.serial),
                    evse_count: c.evse_count,
                    connector_count: c.connector_count,
                    segments: c
                        .segments
                        .iter()
                        .map(|(k, v)| (k.to_owned(), v.to_owned()))
                        .collect(),
                }),
                NodeData::Location(l) => d.locations.push(LocationRecord {
                    id,
                    user_group: ug(),
                    name: s(&l.name),
                    address: s(&l.address),
                    city: s(&l.city),
                    country: s(&l.country),
                    latitude: l.coordinates.map(|c| c.latitude),
                    longitude: l.coordinates.map(|c| c.longitude),
                }),
                NodeData::ChargeGroup(g) => d.charge_groups.push(ChargeGroupRecord {
                    id,
                    user_group: ug(),
                    name: s(&g.name),
                    group_type: g.group_type,
                    all_customers: g.all_customers,
                    roaming: g.roaming,
                }),
                NodeData::Tariff(t) => d.tariffs.push(NamedRecord {
                    id,
                    user_group: ug(),
                    name: s(&t.name),
                }),
                NodeData::ParameterSet(p) => d.parameter_sets.push(NamedRecord {
                    id,
                    user_group: ug(),
                    name: s(&p.name),
                }),
            }
        }
        for l in fleet.links() {
            let a = fleet.id(l.source).to_owned();
            let b = fleet.id(l.target).to_owned();
            let links = &mut d.links;
            match l.link.kind {
                LinkKind::CardCustomer => links.card_customer.push(CardCustomer {
                    card: a,
                    customer: b,
                }),
                LinkKind::CustomerChargePoint => {
                    links.customer_charge_point.push(CustomerChargePoint {
                        customer: a,
                        charge_point: b,
                    });
                }
                LinkKind::CustomerChargeGroup => {
                    links.customer_charge_group.push(CustomerChargeGroup {
                        customer: a,
                        charge_group: b,
                        tariff: l.link.tariff.map(|t| fleet.id(t).to_owned()),
                    });
                }
                LinkKind::ChargePointChargeGroup => {
                    links
                        .charge_point_charge_group
                        .push(ChargePointChargeGroup {
                            charge_point: a,
                            charge_group: b,
                        });
                }
                LinkKind::ChargePointLocation => {
                    links.charge_point_location.push(ChargePointLocation {
                        charge_point: a,
                        location: b,
                    });
                }
                LinkKind::ChargeGroupTariff => links.charge_group_tariff.push(ChargeGroupTariff {
                    charge_group: a,
                    tariff: b,
                }),
                LinkKind::ChargePointParameterSet => {
                    links
                        .charge_point_parameter_set
                        .push(ChargePointParameterSet {
                            charge_point: a,
                            parameter_set: b,
                        });
                }
                LinkKind::UserGroup | LinkKind::ParentGroup => {}
            }
        }
        d
    }

    /// Number of node records of `kind`.
    ///
    /// ```
    /// use chargeshift_graph::{document::Document, NodeKind};
    /// assert_eq!(Document::default().count(NodeKind::Customer), 0);
    /// ```
    #[must_use]
    pub fn count(&self, kind: NodeKind) -> usize {
        match kind {
            NodeKind::UserGroup => self.user_groups.len(),
            NodeKind::Customer => self.customers.len(),
            NodeKind::ChargeCard => self.charge_cards.len(),
            NodeKind::ChargePoint => self.charge_points.len(),
            NodeKind::Location => self.locations.len(),
            NodeKind::ChargeGroup => self.charge_groups.len(),
            NodeKind::Tariff => self.tariffs.len(),
            NodeKind::ParameterSet => self.parameter_sets.len(),
        }
    }
}

impl LocationRecord {
    /// The coordinates, when both latitude and longitude are given.
    ///
    /// ```
    /// let l = chargeshift_graph::document::LocationRecord { latitude: Some(1.0), longitude: Some(2.0), ..Default::default() };
    /// assert!(l.coordinates().is_some());
    /// ```
    #[must_use]
    pub fn coordinates(&self) -> Option<Coordinates> {
        Some(Coordinates {
            latitude: self.latitude?,
            longitude: self.longitude?,
        })
    }
}

/// Writes `fleet` as a native JSON document (compact) to a string.
///
/// ```
/// use chargeshift_graph::{document, Fleet};
/// let json = document::to_json(&Fleet::new())?;
/// assert!(json.contains("chargeshift-fleet"));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn to_json(fleet: &Fleet) -> Result<String, serde_json::Error> {
    serde_json::to_string(&Document::from_fleet(fleet))
}

/// Writes `fleet` as a pretty-printed native JSON document to `writer`.
///
/// ```
/// use chargeshift_graph::{document, Fleet};
/// let mut out = Vec::new();
/// document::write_json(&Fleet::new(), &mut out)?;
/// assert!(!out.is_empty());
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn write_json(fleet: &Fleet, writer: impl Write) -> Result<(), serde_json::Error> {
    serde_json::to_writer_pretty(writer, &Document::from_fleet(fleet))
}

/// Reads a native JSON document strictly: the first class of problem found fails the import.
///
/// ```
/// use chargeshift_graph::{document, NodeKind};
/// let f = document::from_json(r#"{"user_groups":[{"id":"A"}],"customers":[{"id":"C","user_group":"A"}]}"#)?;
/// assert!(f.find(NodeKind::Customer, "C").is_some());
/// assert!(document::from_json(r#"{"customers":[{"id":"C","user_group":"nope"}]}"#).is_err());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn from_json(json: &str) -> Result<Fleet, ImportError> {
    read_json_slice(json.as_bytes(), "<string>", Mode::Strict).map(|i| i.fleet)
}

/// Reads a native JSON document held in memory (named `file` in findings) in `mode`.
///
/// The document is parsed once, into records that borrow their strings from `bytes`, and each
/// collection is built as soon as the builder's order allows (node kinds in a fixed order, then
/// the links), so no owned [`Document`] is made. Errors and findings are those of
/// [`read_json`].
///
/// ```
/// use chargeshift_graph::{document, import::Mode};
/// let imported = document::read_json_slice(br#"{"user_groups":[{"id":"A"}]}"#, "a.json", Mode::Strict)?;
/// assert_eq!(imported.fleet.node_count(), 1);
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn read_json_slice(bytes: &[u8], file: &str, mode: Mode) -> Result<Imported, ImportError> {
    // a byte order mark, as some editors and exporters write, is not part of the JSON
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let origins = Origins::json(file);
    if let Some(imported) = import::stream::import(bytes, &origins, mode) {
        return imported;
    }
    // The fast path refuses what it cannot parse; reading the top level (format, version,
    // unknown keys) and then parsing into `Document` words the error as serde_json does (line
    // and column), or imports what only `Document` accepts.
    let header = import::stream::header(bytes).map_err(|e| json_error(file, &e))?;
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| json_error(file, &e))?;
    header.findings_first(&origins, mode, || import::build_owned(doc, &origins, mode))
}

fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    // the position is in the error's own fields (and its Display); the message says what
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    ImportError::Json {
        file: file.to_owned(),
        line: e.line(),
        column: e.column(),
        message: text.strip_suffix(&position).unwrap_or(&text).to_owned(),
    }
}

/// Reads a native JSON document from `reader` (named `file` in findings) in `mode`.
///
/// A JSON syntax or type error fails the import in both modes, with its line and column. Every
/// other problem is a finding; see [`crate::import::build`]. The input is read to its end
/// first and then imported as [`read_json_slice`] does; a read error is [`ImportError::Io`].
///
/// ```
/// use chargeshift_graph::{document, import::Mode};
/// let json = r#"{"user_groups":[{"id":"A"}],"customers":[{"id":"C","user_group":"nope"}]}"#;
/// let imported = document::read_json(json.as_bytes(), "fleet.json", Mode::Lenient)?;
/// assert_eq!(imported.report.findings.len(), 1);
/// assert_eq!(imported.fleet.node_count(), 2);
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn read_json(mut reader: impl Read, file: &str, mode: Mode) -> Result<Imported, ImportError> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::io(file, &e))?;
    read_json_slice(&bytes, file, mode)
}

/// Reads the native fleet JSON file at `path` in `mode`, as [`read_json`] does; the file is named
/// in findings and errors as `path` displays.
///
/// # Errors
/// [`ImportError::Io`] with the system's [`std::io::ErrorKind`] (`NotFound`, `IsADirectory`,
/// `PermissionDenied`, ...) if `path` cannot be read as a file; otherwise as [`read_json`].
///
/// ```
/// use chargeshift_graph::{document, import::{ImportError, Mode}};
/// let e = document::read_json_file("no/such/fleet.json".as_ref(), Mode::Strict).unwrap_err();
/// assert!(matches!(e, ImportError::Io { kind: std::io::ErrorKind::NotFound, .. }));
/// ```
pub fn read_json_file(path: &std::path::Path, mode: Mode) -> Result<Imported, ImportError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| ImportError::io(&name, &e))?;
    read_json(std::io::BufReader::new(file), &name, mode)
}

/// The JSON Schema of the native document, generated from [`Document`].
///
/// ```
/// let schema = chargeshift_graph::document::json_schema();
/// assert!(schema.contains("charge_points"));
/// ```
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Document);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}
