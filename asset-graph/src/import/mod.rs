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

fn b(s: &Option<String>) -> Option<Box<str>> {
    s.as_deref().filter(|x| !x.is_empty()).map(Box::from)
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
    fn node(&mut self, coll: &str, i: usize, id: &str, data: NodeData) -> Option<NodeIndex> {
        let kind = data.kind();
        if id.trim().is_empty() {
            let at = self.origins.at(coll, i, "id");
            self.finding(FindingClass::EmptyField, at, format!("{kind} without id"));
            return None;
        }
        match self.fleet.add_node(Node::new(id, data)) {
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
        id: &str,
        user_group: &Option<String>,
        data: NodeData,
    ) {
        let kind = data.kind();
        let Some(ix) = self.node(coll, i, id, data) else {
            return;
        };
        match user_group.as_deref().filter(|u| !u.trim().is_empty()) {
            None => {
                let at = self.origins.at(coll, i, "user_group");
                self.finding(
                    FindingClass::EmptyField,
                    at,
                    format!("{kind} {id:?} has no user group"),
                );
            }
            Some(u) => match self.fleet.find(NodeKind::UserGroup, u) {
                None => {
                    let at = self.origins.at(coll, i, "user_group");
                    self.finding(
                        FindingClass::DanglingReference,
                        at,
                        format!("{kind} {id:?} names unknown user group {u:?}"),
                    );
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

    fn links<'r>(
        &mut self,
        kind: LinkKind,
        records: impl Iterator<Item = (&'r str, &'r str, Option<&'r str>)>,
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
            let ra = self.resolve(coll, i, fa, ka, a);
            let rb = self.resolve(coll, i, fb, kb, bb);
            let t = tariff
                .filter(|t| !t.is_empty())
                .and_then(|t| self.resolve(coll, i, "tariff", NodeKind::Tariff, t));
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
    let nodes: usize = NodeKind::ALL.iter().map(|&k| doc.count(k)).sum();
    let l = &doc.links;
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
    let mut ug_ix = Vec::with_capacity(doc.user_groups.len());
    for (i, r) in doc.user_groups.iter().enumerate() {
        let data = NodeData::UserGroup(UserGroup {
            name: b(&r.name),
            is_provider: r.is_provider,
        });
        ug_ix.push(bld.node("user_groups", i, &r.id, data));
    }
    for (i, r) in doc.tariffs.iter().enumerate() {
        let data = Tariff { name: b(&r.name) }.into();
        bld.asset("tariffs", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.parameter_sets.iter().enumerate() {
        let data = ParameterSet { name: b(&r.name) }.into();
        bld.asset("parameter_sets", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.locations.iter().enumerate() {
        if r.latitude.is_some() != r.longitude.is_some() {
            let at = origins.at("locations", i, "latitude");
            bld.finding(
                FindingClass::EmptyField,
                at,
                format!("location {:?} has only one of latitude and longitude", r.id),
            );
        }
        let data = Location {
            name: b(&r.name),
            address: b(&r.address),
            city: b(&r.city),
            country: b(&r.country),
            coordinates: r.coordinates(),
        }
        .into();
        bld.asset("locations", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.charge_groups.iter().enumerate() {
        let data = ChargeGroup {
            name: b(&r.name),
            group_type: r.group_type,
            all_customers: r.all_customers,
            roaming: r.roaming,
        }
        .into();
        bld.asset("charge_groups", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.customers.iter().enumerate() {
        let data = Customer { name: b(&r.name) }.into();
        bld.asset("customers", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.charge_cards.iter().enumerate() {
        let data = ChargeCard {
            status: r.status,
            contract_id: b(&r.contract_id),
            group_id: b(&r.group_id),
        }
        .into();
        bld.asset("charge_cards", i, &r.id, &r.user_group, data);
    }
    for (i, r) in doc.charge_points.iter().enumerate() {
        let data = ChargePoint {
            vendor: b(&r.vendor),
            model: b(&r.model),
            firmware: b(&r.firmware),
            serial: b(&r.serial),
            evse_count: r.evse_count,
            connector_count: r.connector_count,
            segments: r
                .segments
                .iter()
                .map(|(k, v)| (Box::from(k.as_str()), Box::from(v.as_str())))
                .collect(),
        }
        .into();
        bld.asset("charge_points", i, &r.id, &r.user_group, data);
    }
    bld.check(mode)?;

    // phase 2: the tree and the links
    for (i, r) in doc.user_groups.iter().enumerate() {
        let (Some(Some(ix)), Some(p)) = (ug_ix.get(i), r.parent.as_deref()) else {
            continue;
        };
        if p.is_empty() {
            continue;
        }
        let Some(pix) = bld.resolve("user_groups", i, "parent", NodeKind::UserGroup, p) else {
            continue;
        };
        if let Err(e) = bld.fleet.add_link(*ix, pix, LinkKind::ParentGroup) {
            let at = origins.at("user_groups", i, "parent");
            bld.model_error(at, &e);
        }
    }
    bld.links(
        LinkKind::CardCustomer,
        l.card_customer
            .iter()
            .map(|r| (r.card.as_str(), r.customer.as_str(), None)),
    );
    bld.links(
        LinkKind::CustomerChargePoint,
        l.customer_charge_point
            .iter()
            .map(|r| (r.customer.as_str(), r.charge_point.as_str(), None)),
    );
    bld.links(
        LinkKind::CustomerChargeGroup,
        l.customer_charge_group.iter().map(|r| {
            (
                r.customer.as_str(),
                r.charge_group.as_str(),
                r.tariff.as_deref(),
            )
        }),
    );
    bld.links(
        LinkKind::ChargePointChargeGroup,
        l.charge_point_charge_group
            .iter()
            .map(|r| (r.charge_point.as_str(), r.charge_group.as_str(), None)),
    );
    bld.links(
        LinkKind::ChargePointLocation,
        l.charge_point_location
            .iter()
            .map(|r| (r.charge_point.as_str(), r.location.as_str(), None)),
    );
    bld.links(
        LinkKind::ChargeGroupTariff,
        l.charge_group_tariff
            .iter()
            .map(|r| (r.charge_group.as_str(), r.tariff.as_str(), None)),
    );
    bld.links(
        LinkKind::ChargePointParameterSet,
        l.charge_point_parameter_set
            .iter()
            .map(|r| (r.charge_point.as_str(), r.parameter_set.as_str(), None)),
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
