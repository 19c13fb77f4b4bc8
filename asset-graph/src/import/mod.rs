//! Importing fleets: the shared builder that turns a [`Document`] into a [`Fleet`] while
//! validating it, and the [`Mode`], [`Imported`] and [`ImportError`] types every importer uses.
//! Formats are described in each importer and in `asset-graph/FORMATS.md`.
//!
//! Every importer (native JSON in [`crate::document`], the CSV bundle in [`csv`], OCPI in
//! [`ocpi`]) first reads its input into a [`Document`] and then calls [`build`], so all of them
//! report the same problems the same way.

pub mod csv;
pub mod ocpi;

use std::collections::BTreeMap;

use petgraph::stable_graph::NodeIndex;

use crate::document::Document;
use crate::fleet::{Fleet, ModelError};
use crate::model::{
    ChargeCard, ChargeGroup, ChargePoint, Customer, Link, LinkKind, Location, Node, NodeData,
    NodeKind, ParameterSet, Tariff, UserGroup,
};
use crate::validate::{self, Finding, FindingClass, Report, Where};

/// How an import treats problems.
///
/// ```
/// assert_eq!(chargeshift_graph::import::Mode::default(), chargeshift_graph::import::Mode::Strict);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Fail with the findings of the first class of problem found.
    #[default]
    Strict,
    /// Import what is sound, skip the rest, and return every finding.
    Lenient,
}

/// The result of an import: the fleet and the findings (empty after a strict import).
#[derive(Debug, Clone, Default)]
pub struct Imported {
    /// The fleet.
    pub fleet: Fleet,
    /// Every finding (lenient mode).
    pub report: Report,
}

/// An error that stops an import.
///
/// ```
/// use chargeshift_graph::{document, import::ImportError};
/// let e = document::from_json("{").unwrap_err();
/// assert!(matches!(e, ImportError::Json { line: 1, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The JSON is not well formed or a value has the wrong type.
    #[error("{file}:{line}:{column}: invalid fleet json: {message}")]
    Json {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A file could not be read or written.
    #[error("{file}: {message}")]
    Io {
        /// The file.
        file: String,
        /// The system's message.
        message: String,
    },
    /// Strict mode: the input has problems; `report` holds every finding of the first class.
    #[error("import rejected: {first} ({count} finding(s) of this class)")]
    Rejected {
        /// The first finding.
        first: Box<Finding>,
        /// How many findings of its class.
        count: usize,
        /// The findings of the first class found.
        report: Report,
    },
}

/// Where the records of a [`Document`] came from, to name them in findings.
///
/// ```
/// use chargeshift_graph::import::Origins;
/// let o = Origins::json("fleet.json");
/// assert_eq!(o.at("customers", 3, "id").record.as_deref(), Some("customers[3]"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Origins {
    file: String,
    /// For a CSV bundle: per collection, the line of each record.
    csv_lines: Option<BTreeMap<String, Vec<u64>>>,
    /// For converted inputs (OCPI): per collection, the file and source record of each record.
    names: Option<BTreeMap<String, Vec<(String, String)>>>,
}

/// The collections of a document that hold links.
const LINK_COLLECTIONS: [&str; 7] = [
    "card_customer",
    "customer_charge_point",
    "customer_charge_group",
    "charge_point_charge_group",
    "charge_point_location",
    "charge_group_tariff",
    "charge_point_parameter_set",
];

impl Origins {
    /// Records of one JSON file, named `collection[index]`.
    #[must_use]
    pub fn json(file: &str) -> Origins {
        Origins {
            file: file.to_owned(),
            csv_lines: None,
            names: None,
        }
    }

    /// Records of a CSV bundle in folder `dir`: collection `c` is file `dir/c.csv`, and
    /// `lines[c][i]` is the line of record `i`.
    #[must_use]
    pub fn csv(dir: &str, lines: BTreeMap<String, Vec<u64>>) -> Origins {
        Origins {
            file: dir.to_owned(),
            csv_lines: Some(lines),
            names: None,
        }
    }

    /// Records converted from other sources: `names[c][i]` is the (file, source record) of
    /// record `i` of collection `c`, e.g. `("locations.json", "data[2].evses[0]")`.
    #[must_use]
    pub fn converted(names: BTreeMap<String, Vec<(String, String)>>) -> Origins {
        Origins {
            file: String::new(),
            csv_lines: None,
            names: Some(names),
        }
    }

    /// Where record `index` of `collection` is, with `field`.
    #[must_use]
    pub fn at(&self, collection: &str, index: usize, field: &str) -> Where {
        if let Some(names) = &self.names {
            let name = names.get(collection).and_then(|n| n.get(index));
            return Where {
                file: name.map(|n| n.0.clone()),
                line: None,
                record: Some(
                    name.map_or_else(|| format!("{collection}[{index}]"), |n| n.1.clone()),
                ),
                field: Some(field.to_owned()),
            };
        }
        match &self.csv_lines {
            None => {
                let prefix = if LINK_COLLECTIONS.contains(&collection) {
                    "links."
                } else {
                    ""
                };
                Where {
                    file: Some(self.file.clone()),
                    line: None,
                    record: Some(format!("{prefix}{collection}[{index}]")),
                    field: Some(field.to_owned()),
                }
            }
            Some(lines) => Where {
                file: Some(csv::csv_path(&self.file, collection)),
                line: lines.get(collection).and_then(|l| l.get(index)).copied(),
                record: None,
                field: Some(field.to_owned()),
            },
        }
    }
}

fn b(s: Option<String>) -> Option<Box<str>> {
    s.filter(|x| !x.is_empty()).map(String::into_boxed_str)
}

struct Builder<'a> {
    fleet: Fleet,
    report: Report,
    origins: &'a Origins,
}

impl Builder<'_> {
    fn finding(&mut self, class: FindingClass, at: Where, message: String) {
        self.report.push(class, at, message);
    }

    /// Adds a node after checking its id; returns its index if added.
    fn node(&mut self, coll: &str, i: usize, id: String, data: NodeData) -> Option<NodeIndex> {
        let kind = data.kind();
        if id.trim().is_empty() {
            let at = self.origins.at(coll, i, "id");
            self.finding(FindingClass::EmptyField, at, format!("{kind} without id"));
            return None;
        }
        match self
            .fleet
            .add_node(Node::from_boxed(id.into_boxed_str(), data))
        {
            Ok(ix) => Some(ix),
            Err(e) => {
                let at = self.origins.at(coll, i, "id");
                self.finding(
                    FindingClass::DuplicateId,
                    at,
                    format!("{e}, this record is skipped"),
                );
                None
            }
        }
    }

    fn asset(
        &mut self,
        coll: &str,
        i: usize,
        id: String,
        user_group: Option<&str>,
        data: NodeData,
    ) {
        let kind = data.kind();
        let Some(ix) = self.node(coll, i, id, data) else {
            return;
        };
        match user_group.filter(|u| !u.trim().is_empty()) {
            None => {
                let at = self.origins.at(coll, i, "user_group");
                let message = format!("{kind} {:?} has no user group", self.fleet.id(ix));
                self.finding(FindingClass::EmptyField, at, message);
            }
            Some(u) => match self.fleet.find(NodeKind::UserGroup, u) {
                None => {
                    let at = self.origins.at(coll, i, "user_group");
                    let message = format!(
                        "{kind} {:?} names unknown user group {u:?}",
                        self.fleet.id(ix)
                    );
                    self.finding(FindingClass::DanglingReference, at, message);
                }
                Some(ug) => {
                    if let Err(e) = self.fleet.add_link(ix, ug, LinkKind::UserGroup) {
                        let at = self.origins.at(coll, i, "user_group");
                        self.model_error(at, &e);
                    }
                }
            },
        }
    }

    fn model_error(&mut self, at: Where, e: &ModelError) {
        let class = match e {
            ModelError::DuplicateId { .. } => FindingClass::DuplicateId,
            ModelError::Cardinality { .. } | ModelError::DuplicateLink { .. } => {
                FindingClass::Cardinality
            }
            ModelError::Cycle { .. } => FindingClass::Cycle,
            _ => FindingClass::InvalidValue,
        };
        self.finding(class, at, e.to_string());
    }

    fn resolve(
        &mut self,
        coll: &str,
        i: usize,
        field: &str,
        kind: NodeKind,
        id: &str,
    ) -> Option<NodeIndex> {
        if id.trim().is_empty() {
            let at = self.origins.at(coll, i, field);
            self.finding(FindingClass::EmptyField, at, format!("empty {kind} id"));
            return None;
        }
        let found = self.fleet.find(kind, id);
        if found.is_none() {
            let at = self.origins.at(coll, i, field);
            self.finding(
                FindingClass::DanglingReference,
                at,
                format!("unknown {kind} {id:?}"),
            );
        }
        found
    }

    fn links(
        &mut self,
        kind: LinkKind,
        records: impl Iterator<Item = (String, String, Option<String>)>,
    ) {
        let coll = kind.as_str();
        let (ka, kb) = kind.endpoints();
        let (fa, fb) = (ka.as_str(), kb.as_str());
        let fa = if ka == NodeKind::ChargeCard {
            "card"
        } else {
            fa
        };
        for (i, (a, bb, tariff)) in records.enumerate() {
            let ra = self.resolve(coll, i, fa, ka, &a);
            let rb = self.resolve(coll, i, fb, kb, &bb);
            let t = tariff
                .filter(|t| !t.is_empty())
                .and_then(|t| self.resolve(coll, i, "tariff", NodeKind::Tariff, &t));
            let (Some(ra), Some(rb)) = (ra, rb) else {
                continue;
            };
            if let Err(e) = self.fleet.insert_link(ra, rb, Link { kind, tariff: t }) {
                let at = self.origins.at(coll, i, fb);
                self.model_error(at, &e);
            }
        }
    }

    /// In strict mode, the error for the findings so far.
    fn check(&mut self, mode: Mode) -> Result<(), ImportError> {
        if mode == Mode::Lenient {
            return Ok(());
        }
        let Some(first) = self.report.findings.first().cloned() else {
            return Ok(());
        };
        let findings: Vec<Finding> = std::mem::take(&mut self.report.findings)
            .into_iter()
            .filter(|f| f.class == first.class)
            .collect();
        Err(ImportError::Rejected {
            first: Box::new(first),
            count: findings.len(),
            report: Report { findings },
        })
    }
}

/// Builds a fleet from a document, validating as it goes.
///
/// Checks, in this order: empty ids and user groups, duplicate ids (the first record wins),
/// dangling references (to user groups, parents and link ends), cycles in the user-group tree
/// (the link that would close one is dropped), cardinality (a card on two customers, a second
/// location, tariff or parameter set, a link given twice: the first wins), and a charge point in
/// a charge group of another provider (kept, reported). An asset whose user group is missing is
/// kept without one.
///
/// In [`Mode::Strict`] the build stops after the first phase (nodes, references, cross-record
/// rules) that has findings and returns [`ImportError::Rejected`] with the findings of the first
/// class found. In [`Mode::Lenient`] it returns the fleet of every sound record and every
/// finding. Never panics.
///
/// # Complexity
/// O(records) expected time (hash lookups), plus O(links × tree depth) for the provider check.
///
/// # Example
/// ```
/// use chargeshift_graph::document::{Document, UserGroupRecord};
/// use chargeshift_graph::import::{build, Mode, Origins};
/// let mut doc = Document::default();
/// doc.user_groups.push(UserGroupRecord { id: "A".into(), parent: Some("B".into()), ..Default::default() });
/// doc.user_groups.push(UserGroupRecord { id: "B".into(), parent: Some("A".into()), ..Default::default() });
/// let imported = build(&doc, &Origins::json("x.json"), Mode::Lenient)?;
/// assert_eq!(imported.report.findings.len(), 1); // the cycle
/// assert!(build(&doc, &Origins::json("x.json"), Mode::Strict).is_err());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn build(doc: &Document, origins: &Origins, mode: Mode) -> Result<Imported, ImportError> {
    build_owned(doc.clone(), origins, mode)
}

/// [`build`] from a document the caller gives away: its strings move into the fleet instead of
/// being copied, which halves the peak memory of a large import.
///
/// ```
/// use chargeshift_graph::import::{build_owned, Mode, Origins};
/// let doc = chargeshift_graph::generate::generate(&chargeshift_graph::generate::FleetSpec::new(10));
/// let imported = build_owned(doc, &Origins::json("gen"), Mode::Strict)?;
/// assert!(imported.fleet.node_count() > 10);
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn build_owned(doc: Document, origins: &Origins, mode: Mode) -> Result<Imported, ImportError> {
    let nodes: usize = NodeKind::ALL.iter().map(|&k| doc.count(k)).sum();
    let Document {
        user_groups,
        customers,
        charge_cards,
        charge_points,
        locations,
        charge_groups,
        tariffs,
        parameter_sets,
        links: l,
        ..
    } = doc;
    let links = nodes
        + l.card_customer.len()
        + l.customer_charge_point.len()
        + l.customer_charge_group.len()
        + l.charge_point_charge_group.len()
        + l.charge_point_location.len()
        + l.charge_group_tariff.len()
        + l.charge_point_parameter_set.len();
    let mut bld = Builder {
        fleet: Fleet::with_capacity(nodes, links),
        report: Report::default(),
        origins,
    };

    // phase 1: nodes and ownership
    let mut parents = Vec::with_capacity(user_groups.len());
    for (i, r) in user_groups.into_iter().enumerate() {
        let data = NodeData::UserGroup(UserGroup {
            name: b(r.name),
            is_provider: r.is_provider,
        });
        let ix = bld.node("user_groups", i, r.id, data);
        parents.push((ix, r.parent));
    }
    for (i, r) in tariffs.into_iter().enumerate() {
        let data = Tariff { name: b(r.name) }.into();
        bld.asset("tariffs", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in parameter_sets.into_iter().enumerate() {
        let data = ParameterSet { name: b(r.name) }.into();
        bld.asset("parameter_sets", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in locations.into_iter().enumerate() {
        if r.latitude.is_some() != r.longitude.is_some() {
            let at = origins.at("locations", i, "latitude");
            bld.finding(
                FindingClass::EmptyField,
                at,
                format!("location {:?} has only one of latitude and longitude", r.id),
            );
        }
        let coordinates = r.coordinates();
        let data = Location {
            name: b(r.name),
            address: b(r.address),
            city: b(r.city),
            country: b(r.country),
            coordinates,
        }
        .into();
        bld.asset("locations", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in charge_groups.into_iter().enumerate() {
        let data = ChargeGroup {
            name: b(r.name),
            group_type: r.group_type,
            all_customers: r.all_customers,
            roaming: r.roaming,
        }
        .into();
        bld.asset("charge_groups", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in customers.into_iter().enumerate() {
        let data = Customer { name: b(r.name) }.into();
        bld.asset("customers", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in charge_cards.into_iter().enumerate() {
        let data = ChargeCard {
            status: r.status,
            contract_id: b(r.contract_id),
            group_id: b(r.group_id),
        }
        .into();
        bld.asset("charge_cards", i, r.id, r.user_group.as_deref(), data);
    }
    for (i, r) in charge_points.into_iter().enumerate() {
        let data = ChargePoint {
            vendor: b(r.vendor),
            model: b(r.model),
            firmware: b(r.firmware),
            serial: b(r.serial),
            evse_count: r.evse_count,
            connector_count: r.connector_count,
            segments: r
                .segments
                .into_iter()
                .map(|(k, v)| (k.into_boxed_str(), v.into_boxed_str()))
                .collect(),
        }
        .into();
        bld.asset("charge_points", i, r.id, r.user_group.as_deref(), data);
    }
    bld.check(mode)?;

    // phase 2: the tree and the links
    for (i, (ix, parent)) in parents.into_iter().enumerate() {
        let (Some(ix), Some(p)) = (ix, parent.filter(|p| !p.is_empty())) else {
            continue;
        };
        let Some(pix) = bld.resolve("user_groups", i, "parent", NodeKind::UserGroup, &p) else {
            continue;
        };
        if let Err(e) = bld.fleet.add_link(ix, pix, LinkKind::ParentGroup) {
            let at = origins.at("user_groups", i, "parent");
            bld.model_error(at, &e);
        }
    }
    bld.links(
        LinkKind::CardCustomer,
        l.card_customer
            .into_iter()
            .map(|r| (r.card, r.customer, None)),
    );
    bld.links(
        LinkKind::CustomerChargePoint,
        l.customer_charge_point
            .into_iter()
            .map(|r| (r.customer, r.charge_point, None)),
    );
    bld.links(
        LinkKind::CustomerChargeGroup,
        l.customer_charge_group
            .into_iter()
            .map(|r| (r.customer, r.charge_group, r.tariff)),
    );
    bld.links(
        LinkKind::ChargePointChargeGroup,
        l.charge_point_charge_group
            .into_iter()
            .map(|r| (r.charge_point, r.charge_group, None)),
    );
    bld.links(
        LinkKind::ChargePointLocation,
        l.charge_point_location
            .into_iter()
            .map(|r| (r.charge_point, r.location, None)),
    );
    bld.links(
        LinkKind::ChargeGroupTariff,
        l.charge_group_tariff
            .into_iter()
            .map(|r| (r.charge_group, r.tariff, None)),
    );
    bld.links(
        LinkKind::ChargePointParameterSet,
        l.charge_point_parameter_set
            .into_iter()
            .map(|r| (r.charge_point, r.parameter_set, None)),
    );
    bld.check(mode)?;

    // phase 3: rules across records
    validate::cross_provider(&bld.fleet, &mut bld.report);
    bld.check(mode)?;
    Ok(Imported {
        fleet: bld.fleet,
        report: bld.report,
    })
}
