//! The comparison of the old and the new back office's fleets: assets missing or extra per
//! kind, links lost or added per kind, and the drift of the attributes an operator relies on.
//!
//! An asset of the old fleet is the asset of the new fleet with the same kind and the id the
//! [`IdMap`] gives it (its own id when the mapping does not name it). Links are compared by
//! their [`LinkId`]s with both ends mapped. The links that are an attribute of their source
//! (a charge group's tariff, a charge point's parameter set; at most one each) are a drift
//! when both sides have one to different targets, and lost or added when only one side has
//! one; ownership (the user-group link) is always an attribute ([`ReconcileCheck::UserGroup`]),
//! never a lost or added link.
//!
//! # Complexity
//! Partitioned ([`compare_with`]): one pass over each fleet's nodes matches them (by index
//! first, through the other fleet's (kind, id) index otherwise) into a table of 4 bytes a
//! node; links are then compared per matched pair of nodes by their matched indices, without
//! hashing an id. O(N_old + N_new + L_old + L_new) expected time over the available cores;
//! the memory beyond the two fleets is the two tables, the id mapping and the differences
//! kept: no fleet is cloned, no id list is materialized.

use std::fmt;

use chargeshift_graph::{
    AssetId, ChargeGroup, ChargePoint, Coordinates, Finding, FindingCode, Fleet, LinkId, LinkKind,
    Location, NodeData, NodeIndex, NodeKind, Severity,
};
use hashbrown::HashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{ReconcileError, Side, partition};

/// The codes of the reconciliation's findings.
///
/// Missing assets, lost links and drift are errors (the new back office does not hold what the
/// old one held: reconciliation is not complete); extra assets and added links are warnings
/// (nothing was lost, but the two exports disagree), and so is firmware drift (a charge point
/// reports its firmware when it boots against the new back office, and may have been updated in
/// between).
///
/// ```
/// use chargeshift_graph::{FindingCode, Severity};
/// use chargeshift_planner::reconcile::compare::ReconcileCheck;
/// assert_eq!(ReconcileCheck::MissingInNew.code(), "RC001");
/// assert_eq!(ReconcileCheck::from_code("RC004"), Some(ReconcileCheck::LinkAdded));
/// assert_eq!(ReconcileCheck::MissingInNew.mirror(), ReconcileCheck::ExtraInNew);
/// assert_eq!(ReconcileCheck::ExtraInNew.severity(), Severity::Warning);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ReconcileCheck {
    /// RC001: an asset of the old back office is not in the new one.
    MissingInNew,
    /// RC002: an asset of the new back office is not in the old one.
    ExtraInNew,
    /// RC003: a link of the old back office is not in the new one.
    LinkLost,
    /// RC004: a link of the new back office is not in the old one.
    LinkAdded,
    /// RC005: the asset is owned by another user group.
    UserGroup,
    /// RC006: the user group is a provider on one side only.
    Provider,
    /// RC007: the charge group has another tariff.
    Tariff,
    /// RC008: the charge point has another parameter set.
    ParameterSet,
    /// RC009: the charge group's type (home or other) differs.
    ChargeGroupType,
    /// RC010: the charge group's access for all customers differs.
    AllCustomers,
    /// RC011: the charge group's roaming access differs.
    Roaming,
    /// RC012: the card's status differs.
    CardStatus,
    /// RC013: the card's contract id differs.
    ContractId,
    /// RC014: the charge point's vendor differs.
    Vendor,
    /// RC015: the charge point's model differs.
    Model,
    /// RC016: the charge point's firmware differs.
    Firmware,
    /// RC017: the charge point's serial number differs.
    Serial,
    /// RC018: the charge point's number of EVSEs or connectors differs.
    Connectors,
    /// RC019: the location's address, city or country differs.
    Address,
    /// RC020: the location's coordinates are farther apart than the tolerance (or one side has
    /// none).
    Coordinates,
    /// RC021: a session (or CDR) of the old back office is not in the new one's history.
    SessionMissingInNew,
    /// RC022: a session (or CDR) of the new back office's history is not in the old one's.
    SessionExtraInNew,
    /// RC023: the session's energy differs by more than the tolerance.
    SessionEnergy,
    /// RC024: the session's start or stop time differs by more than the tolerance (or one side
    /// has no stop).
    SessionTimes,
    /// RC025: the session's tariff differs.
    SessionTariff,
}

impl FindingCode for ReconcileCheck {
    const ALL: &'static [Self] = &[
        ReconcileCheck::MissingInNew,
        ReconcileCheck::ExtraInNew,
        ReconcileCheck::LinkLost,
        ReconcileCheck::LinkAdded,
        ReconcileCheck::UserGroup,
        ReconcileCheck::Provider,
        ReconcileCheck::Tariff,
        ReconcileCheck::ParameterSet,
        ReconcileCheck::ChargeGroupType,
        ReconcileCheck::AllCustomers,
        ReconcileCheck::Roaming,
        ReconcileCheck::CardStatus,
        ReconcileCheck::ContractId,
        ReconcileCheck::Vendor,
        ReconcileCheck::Model,
        ReconcileCheck::Firmware,
        ReconcileCheck::Serial,
        ReconcileCheck::Connectors,
        ReconcileCheck::Address,
        ReconcileCheck::Coordinates,
        ReconcileCheck::SessionMissingInNew,
        ReconcileCheck::SessionExtraInNew,
        ReconcileCheck::SessionEnergy,
        ReconcileCheck::SessionTimes,
        ReconcileCheck::SessionTariff,
    ];

    fn code(self) -> &'static str {
        match self {
            ReconcileCheck::MissingInNew => "RC001",
            ReconcileCheck::ExtraInNew => "RC002",
            ReconcileCheck::LinkLost => "RC003",
            ReconcileCheck::LinkAdded => "RC004",
            ReconcileCheck::UserGroup => "RC005",
            ReconcileCheck::Provider => "RC006",
            ReconcileCheck::Tariff => "RC007",
            ReconcileCheck::ParameterSet => "RC008",
            ReconcileCheck::ChargeGroupType => "RC009",
            ReconcileCheck::AllCustomers => "RC010",
            ReconcileCheck::Roaming => "RC011",
            ReconcileCheck::CardStatus => "RC012",
            ReconcileCheck::ContractId => "RC013",
            ReconcileCheck::Vendor => "RC014",
            ReconcileCheck::Model => "RC015",
            ReconcileCheck::Firmware => "RC016",
            ReconcileCheck::Serial => "RC017",
            ReconcileCheck::Connectors => "RC018",
            ReconcileCheck::Address => "RC019",
            ReconcileCheck::Coordinates => "RC020",
            ReconcileCheck::SessionMissingInNew => "RC021",
            ReconcileCheck::SessionExtraInNew => "RC022",
            ReconcileCheck::SessionEnergy => "RC023",
            ReconcileCheck::SessionTimes => "RC024",
            ReconcileCheck::SessionTariff => "RC025",
        }
    }

    fn name(self) -> &'static str {
        match self {
            ReconcileCheck::MissingInNew => "missing-in-new",
            ReconcileCheck::ExtraInNew => "extra-in-new",
            ReconcileCheck::LinkLost => "link-lost",
            ReconcileCheck::LinkAdded => "link-added",
            ReconcileCheck::UserGroup => "user-group-drift",
            ReconcileCheck::Provider => "provider-drift",
            ReconcileCheck::Tariff => "tariff-drift",
            ReconcileCheck::ParameterSet => "parameter-set-drift",
            ReconcileCheck::ChargeGroupType => "charge-group-type-drift",
            ReconcileCheck::AllCustomers => "all-customers-drift",
            ReconcileCheck::Roaming => "roaming-drift",
            ReconcileCheck::CardStatus => "card-status-drift",
            ReconcileCheck::ContractId => "contract-id-drift",
            ReconcileCheck::Vendor => "vendor-drift",
            ReconcileCheck::Model => "model-drift",
            ReconcileCheck::Firmware => "firmware-drift",
            ReconcileCheck::Serial => "serial-drift",
            ReconcileCheck::Connectors => "connector-count-drift",
            ReconcileCheck::Address => "address-drift",
            ReconcileCheck::Coordinates => "coordinates-drift",
            ReconcileCheck::SessionMissingInNew => "session-missing-in-new",
            ReconcileCheck::SessionExtraInNew => "session-extra-in-new",
            ReconcileCheck::SessionEnergy => "session-energy-drift",
            ReconcileCheck::SessionTimes => "session-time-drift",
            ReconcileCheck::SessionTariff => "session-tariff-drift",
        }
    }
}

impl ReconcileCheck {
    /// The severity of a finding of this code.
    #[must_use]
    pub const fn severity(self) -> Severity {
        match self {
            ReconcileCheck::ExtraInNew
            | ReconcileCheck::LinkAdded
            | ReconcileCheck::Firmware
            | ReconcileCheck::SessionExtraInNew => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The code of the same difference seen with the two sides swapped: missing and extra,
    /// lost and added trade places; a drift stays a drift.
    #[must_use]
    pub const fn mirror(self) -> ReconcileCheck {
        match self {
            ReconcileCheck::MissingInNew => ReconcileCheck::ExtraInNew,
            ReconcileCheck::ExtraInNew => ReconcileCheck::MissingInNew,
            ReconcileCheck::LinkLost => ReconcileCheck::LinkAdded,
            ReconcileCheck::LinkAdded => ReconcileCheck::LinkLost,
            ReconcileCheck::SessionMissingInNew => ReconcileCheck::SessionExtraInNew,
            ReconcileCheck::SessionExtraInNew => ReconcileCheck::SessionMissingInNew,
            other => other,
        }
    }
}

impl fmt::Display for ReconcileCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One difference between the two back offices: the finding (its code, severity, message, the
/// assets or links concerned: the old side's first, then the new side's when its id differs),
/// the kind of asset or link, the field that differs, and both sides' values (`None` where a
/// side has none: the asset or link is absent, or the attribute is empty).
///
/// ```
/// use chargeshift_planner::reconcile::compare::{compare, IdMap, ReconcileCheck, Tolerances};
/// let old = chargeshift_graph::generate::fleet(5);
/// let mut new = old.clone();
/// let (ix, _) = new.nodes_of_kind(chargeshift_graph::NodeKind::ChargePoint).next().unwrap();
/// if let Some(chargeshift_graph::NodeDataMut::ChargePoint(cp)) = new.node_data_mut(ix) {
///     cp.firmware = Some("9.9.9".into());
/// }
/// let d = compare(&old, &new, &IdMap::new(), &Tolerances::default()).differences;
/// assert_eq!(d.len(), 1);
/// assert_eq!(d[0].finding.code, ReconcileCheck::Firmware);
/// assert_eq!((d[0].kind.as_str(), d[0].field.as_deref()), ("charge_point", Some("firmware")));
/// assert_eq!(d[0].new.as_deref(), Some("9.9.9"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Difference {
    /// The finding.
    pub finding: Finding<ReconcileCheck>,
    /// The kind of asset (`charge_point`) or of link (`card_customer`).
    pub kind: String,
    /// The attribute that differs (for a drift).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old back office's value: the asset's id, the link (`source -> target`), or the
    /// attribute.
    pub old: Option<String>,
    /// The new back office's value.
    pub new: Option<String>,
}

impl Difference {
    /// This difference as the comparison with the two sides swapped finds it.
    ///
    /// ```
    /// use chargeshift_planner::reconcile::compare::{compare, IdMap, ReconcileCheck, Tolerances};
    /// let old = chargeshift_graph::generate::fleet(5);
    /// let new = chargeshift_graph::Fleet::new();
    /// let d = compare(&old, &new, &IdMap::new(), &Tolerances::default()).differences;
    /// let back = compare(&new, &old, &IdMap::new(), &Tolerances::default()).differences;
    /// let mut mirrored: Vec<_> = d.iter().map(|x| x.mirrored()).collect();
    /// chargeshift_planner::reconcile::compare::sort(&mut mirrored);
    /// assert_eq!(mirrored, back);
    /// assert!(back.iter().all(|x| x.finding.code == ReconcileCheck::ExtraInNew || x.finding.code == ReconcileCheck::LinkAdded));
    /// ```
    #[must_use]
    pub fn mirrored(&self) -> Difference {
        let code = self.finding.code.mirror();
        let mut assets = self.finding.assets.clone();
        assets.reverse();
        let mut links = self.finding.links.clone();
        links.reverse();
        let message = if code == self.finding.code {
            // a drift: "<kind> <first asset>: <what>", where what reads the same both ways
            let what = self
                .finding
                .assets
                .first()
                .and_then(|a| {
                    self.finding
                        .message
                        .strip_prefix(&format!("{} {}: ", self.kind, a.id))
                })
                .unwrap_or(&self.finding.message);
            match assets.first() {
                Some(a) => format!("{} {}: {what}", self.kind, a.id),
                None => what.to_owned(),
            }
        } else {
            mirror_message(
                code,
                &self.kind,
                self.old.as_deref().or(self.new.as_deref()),
            )
        };
        Difference {
            finding: Finding::new(code, code.severity(), message)
                .with_asset_ids(assets)
                .with_links(links),
            kind: self.kind.clone(),
            field: self.field.clone(),
            old: self.new.clone(),
            new: self.old.clone(),
        }
    }
}

pub(super) fn mirror_message(code: ReconcileCheck, kind: &str, subject: Option<&str>) -> String {
    let subject = subject.unwrap_or_default();
    match code {
        ReconcileCheck::MissingInNew => {
            format!("{kind} {subject} is missing in the new back office")
        }
        ReconcileCheck::ExtraInNew => format!("{kind} {subject} is only in the new back office"),
        ReconcileCheck::LinkLost => format!("{kind} link {subject} is lost in the new back office"),
        ReconcileCheck::SessionMissingInNew => {
            format!("{kind} {subject} is missing in the new back office's history")
        }
        ReconcileCheck::SessionExtraInNew => {
            format!("{kind} {subject} is only in the new back office's history")
        }
        _ => format!("{kind} link {subject} is only in the new back office"),
    }
}

/// Sorts differences in the report's order: by code, kind, the old side's value, the new
/// side's, the field. O(d log d).
pub fn sort(differences: &mut [Difference]) {
    differences.sort_by(|a, b| {
        (a.finding.code, &a.kind, &a.old, &a.new, &a.field).cmp(&(
            b.finding.code,
            &b.kind,
            &b.old,
            &b.new,
            &b.field,
        ))
    });
}

/// The tolerances of the comparison.
///
/// ```
/// use chargeshift_planner::reconcile::compare::Tolerances;
/// assert_eq!(Tolerances::default().coordinates_m, 25.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Tolerances {
    /// How far apart (in metres, on the sphere) a location's two coordinates may be before
    /// they are a drift; default 25 m.
    pub coordinates_m: f64,
}

impl Default for Tolerances {
    fn default() -> Self {
        Tolerances {
            coordinates_m: 25.0,
        }
    }
}

/// The great-circle distance between two coordinates in metres (haversine, mean earth radius
/// 6,371,008.8 m). O(1).
///
/// ```
/// use chargeshift_graph::Coordinates;
/// use chargeshift_planner::reconcile::compare::distance_m;
/// let a = Coordinates { latitude: 52.0, longitude: 5.0 };
/// let b = Coordinates { latitude: 52.001, longitude: 5.0 };
/// assert!((distance_m(a, b) - 111.2).abs() < 0.1);
/// assert_eq!(distance_m(a, a), 0.0);
/// ```
#[must_use]
pub fn distance_m(a: Coordinates, b: Coordinates) -> f64 {
    const R: f64 = 6_371_008.8;
    let (p1, p2) = (a.latitude.to_radians(), b.latitude.to_radians());
    let dp = p2 - p1;
    let dl = (b.longitude - a.longitude).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

/// The id mapping of the new back office where it renumbers: per kind, old id to new id. An
/// id the mapping does not name maps to itself, unless the mapping gives that id to another
/// asset on the other side (then it has no counterpart).
///
/// ```
/// use chargeshift_graph::NodeKind;
/// use chargeshift_planner::reconcile::compare::IdMap;
/// let mut m = IdMap::new();
/// m.insert(NodeKind::ChargePoint, "CP1", "NEW-1")?;
/// assert_eq!(m.to_new(NodeKind::ChargePoint, "CP1"), Some("NEW-1"));
/// assert_eq!(m.to_old(NodeKind::ChargePoint, "NEW-1"), Some("CP1"));
/// assert_eq!(m.to_new(NodeKind::ChargePoint, "CP2"), Some("CP2"));
/// assert_eq!(m.to_new(NodeKind::Customer, "CP1"), Some("CP1"));
/// assert!(m.insert(NodeKind::ChargePoint, "CP1", "NEW-2").is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdMap {
    forward: HashMap<(NodeKind, Box<str>), Box<str>>,
    backward: HashMap<(NodeKind, Box<str>), Box<str>>,
    /// The kinds the mapping names, as a bit set: an id of another kind is itself without a
    /// look-up.
    kinds: u16,
}

impl IdMap {
    /// The empty mapping: every id is itself.
    #[must_use]
    pub fn new() -> IdMap {
        IdMap::default()
    }

    /// Whether the mapping names no id.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.forward.is_empty()
    }

    /// How many ids the mapping names.
    #[must_use]
    pub fn len(&self) -> usize {
        self.forward.len()
    }

    /// Maps the old id `old` of `kind` to `new`. O(1) expected.
    ///
    /// # Errors
    /// A message when `old` or `new` is mapped already for this kind.
    pub fn insert(&mut self, kind: NodeKind, old: &str, new: &str) -> Result<(), String> {
        if let Some(n) = self.forward.get(&(kind, old.into())) {
            return Err(format!(
                "{kind} old id {old:?} is mapped already (to {n:?})"
            ));
        }
        if let Some(o) = self.backward.get(&(kind, new.into())) {
            return Err(format!(
                "{kind} new id {new:?} is mapped already (from {o:?})"
            ));
        }
        self.forward.insert((kind, old.into()), new.into());
        self.backward.insert((kind, new.into()), old.into());
        self.kinds |= 1 << kind as u16;
        Ok(())
    }

    /// The new id of the old asset `old` of `kind`, or `None` when the mapping gives that id to
    /// another asset. O(1) expected.
    #[must_use]
    pub fn to_new<'a>(&'a self, kind: NodeKind, old: &'a str) -> Option<&'a str> {
        if self.kinds & (1 << kind as u16) == 0 {
            return Some(old);
        }
        lookup(&self.forward, &self.backward, kind, old)
    }

    /// The old id of the new asset `new` of `kind`; see [`IdMap::to_new`].
    #[must_use]
    pub fn to_old<'a>(&'a self, kind: NodeKind, new: &'a str) -> Option<&'a str> {
        if self.kinds & (1 << kind as u16) == 0 {
            return Some(new);
        }
        lookup(&self.backward, &self.forward, kind, new)
    }

    /// The mapping with old and new swapped, for the comparison in the other direction.
    #[must_use]
    pub fn swapped(&self) -> IdMap {
        IdMap {
            forward: self.backward.clone(),
            backward: self.forward.clone(),
            kinds: self.kinds,
        }
    }

    /// Reads the mapping CSV `kind,old_id,new_id` (with that header) named `file`, against the
    /// two fleets.
    ///
    /// # Errors
    /// [`ReconcileError::Mapping`] with the file, line and field for: a missing or different
    /// header, a row without three fields, an unknown kind, an empty id, an old or new id mapped
    /// twice, a row whose old id is not in the old fleet and whose new id is not in the new one
    /// (it names nothing). A row with one side absent is kept: that asset is then reported
    /// missing or extra.
    ///
    /// # Complexity
    /// O(rows) expected.
    ///
    /// ```
    /// use chargeshift_planner::reconcile::{compare::IdMap, ReconcileError};
    /// let old = chargeshift_graph::generate::fleet(5);
    /// let new = old.clone();
    /// let cp = old.nodes_of_kind(chargeshift_graph::NodeKind::ChargePoint).next().unwrap().1.id();
    /// let m = IdMap::from_csv(&format!("kind,old_id,new_id\ncharge_point,{cp},NEW-1\n"), "ids.csv", &old, &new)?;
    /// assert_eq!(m.len(), 1);
    /// let e = IdMap::from_csv(&format!("kind,old_id,new_id\ncharge_point,{cp},X\ncharger,A,B\n"), "ids.csv", &old, &new)
    ///     .unwrap_err();
    /// assert_eq!(e.to_string(), "ids.csv:3 field kind: unknown asset kind \"charger\"; expected one of user_group, customer, charge_card, charge_point, location, charge_group, tariff, parameter_set");
    /// let e = IdMap::from_csv("kind,old_id,new_id\ncustomer,NOPE,NADA\n", "ids.csv", &old, &new).unwrap_err();
    /// assert!(matches!(e, ReconcileError::Mapping { line: 2, ref field, .. } if field == "old_id"));
    /// # Ok::<(), ReconcileError>(())
    /// ```
    pub fn from_csv(
        text: &str,
        file: &str,
        old: &Fleet,
        new: &Fleet,
    ) -> Result<IdMap, ReconcileError> {
        let err = |line: u64, field: &str, message: String| ReconcileError::Mapping {
            file: file.to_owned(),
            line,
            field: field.to_owned(),
            message,
        };
        let mut map = IdMap::new();
        let mut header_seen = false;
        // one record a line (an id holds no line break), so that a line number is the file's
        for (n, raw) in text.lines().enumerate() {
            let line = u64::try_from(n).unwrap_or(u64::MAX).saturating_add(1);
            if raw.trim().is_empty() {
                continue;
            }
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(raw.as_bytes());
            let record = match reader.records().next() {
                Some(Ok(r)) => r,
                Some(Err(e)) => return Err(err(line, "-", e.to_string())),
                None => continue,
            };
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            if !header_seen {
                header_seen = true;
                if fields != ["kind", "old_id", "new_id"] {
                    return Err(err(
                        line,
                        "header",
                        format!(
                            "expected the header kind,old_id,new_id, found {:?}",
                            fields.join(",")
                        ),
                    ));
                }
                continue;
            }
            let [kind, old_id, new_id] = fields[..] else {
                return Err(err(
                    line,
                    "-",
                    format!(
                        "expected 3 fields (kind,old_id,new_id), found {}",
                        fields.len()
                    ),
                ));
            };
            let kind: NodeKind = kind
                .parse()
                .map_err(|e: chargeshift_graph::UnknownKind| err(line, "kind", e.to_string()))?;
            for (name, id) in [("old_id", old_id), ("new_id", new_id)] {
                if id.is_empty() {
                    return Err(err(line, name, "empty id".to_owned()));
                }
            }
            if old.find(kind, old_id).is_none() && new.find(kind, new_id).is_none() {
                return Err(err(
                    line,
                    "old_id",
                    format!(
                        "{kind} {old_id:?} is not in the old fleet and {new_id:?} is not in the new one"
                    ),
                ));
            }
            map.insert(kind, old_id, new_id).map_err(|m| {
                let field = if map.forward.contains_key(&(kind, old_id.into())) {
                    "old_id"
                } else {
                    "new_id"
                };
                err(line, field, format!("duplicate: {m}"))
            })?;
        }
        if !header_seen {
            return Err(err(
                1,
                "header",
                "empty mapping: expected the header kind,old_id,new_id".to_owned(),
            ));
        }
        Ok(map)
    }
}

/// A borrowed key of the mapping's tables, so that a look-up allocates nothing: it hashes and
/// compares as the owned `(NodeKind, Box<str>)`.
#[derive(Hash)]
struct Key<'a>(NodeKind, &'a str);

impl hashbrown::Equivalent<(NodeKind, Box<str>)> for Key<'_> {
    fn equivalent(&self, key: &(NodeKind, Box<str>)) -> bool {
        self.0 == key.0 && self.1 == &*key.1
    }
}

fn lookup<'a>(
    here: &'a HashMap<(NodeKind, Box<str>), Box<str>>,
    there: &HashMap<(NodeKind, Box<str>), Box<str>>,
    kind: NodeKind,
    id: &'a str,
) -> Option<&'a str> {
    let key = Key(kind, id);
    match here.get(&key) {
        Some(mapped) => Some(mapped),
        None if there.contains_key(&key) => None,
        None => Some(id),
    }
}

/// How many assets and links of one kind each side holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct KindTotals {
    /// The kind of asset or link.
    pub kind: String,
    /// How many the old back office holds.
    pub old: usize,
    /// How many the new back office holds.
    pub new: usize,
}

/// What [`compare`] found: the differences in the order of [`sort`], and the totals per kind
/// of what was compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Comparison {
    /// The differences kept: every one, or the first [`CompareOptions::kept_per_code`] of each
    /// code.
    pub differences: Vec<Difference>,
    /// How many differences of each code and kind were found, kept or not, in code order.
    pub counts: Vec<CodeKindCount>,
    /// Assets (and user groups) per kind, both sides.
    pub assets: Vec<KindTotals>,
    /// Links per kind, both sides.
    pub links: Vec<KindTotals>,
    /// The coordinate tolerance used, in metres.
    pub tolerances: Tolerances,
    /// How many ids the mapping named.
    pub mapped_ids: usize,
    /// The sessions (or CDRs) compared, both sides, when histories were given
    /// ([`Comparison::with_sessions`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<KindTotals>,
}

/// How a comparison runs: the tolerances, and how many differences of each code it keeps.
///
/// ```
/// use chargeshift_planner::reconcile::compare::CompareOptions;
/// let o = CompareOptions::default();
/// assert_eq!((o.kept_per_code, o.tolerances.coordinates_m), (None, 25.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct CompareOptions {
    /// The tolerances.
    pub tolerances: Tolerances,
    /// Keep only the first N differences of each code (in the order of [`sort`]); every one is
    /// still counted in [`Comparison::counts`]. `None` keeps them all. A bound keeps the memory
    /// of a comparison of two fleets that differ everywhere (a forgotten id mapping) at
    /// O(N × codes × partitions) differences instead of one per asset and link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kept_per_code: Option<usize>,
}

/// How many differences of one code and kind a comparison found (kept or not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CodeKindCount {
    /// The code, e.g. `RC001`.
    pub code: String,
    /// The kind of asset or link.
    pub kind: String,
    /// How many.
    pub count: usize,
}

impl Comparison {
    /// How many differences were found, kept or not.
    ///
    /// ```
    /// let f = chargeshift_graph::generate::fleet(3);
    /// let c = chargeshift_planner::reconcile::compare::compare(&f, &f, &Default::default(), &Default::default());
    /// assert_eq!(c.total(), 0);
    /// ```
    #[must_use]
    pub fn total(&self) -> usize {
        self.counts.iter().map(|c| c.count).sum()
    }

    /// This comparison with the session differences of `sessions` added (counted, and kept up
    /// to `kept_per_code` of each code), and the sessions compared in [`Comparison::sessions`].
    /// O(d log d).
    ///
    /// ```
    /// use chargeshift_planner::reconcile::{compare, sessions, Side};
    /// let f = chargeshift_graph::generate::fleet(3);
    /// let old = sessions::parse_cdrs(Side::Old, r#"[{"id":"C1","start_date_time":"2026-03-02T08:00:00Z","end_date_time":"2026-03-02T09:00:00Z"}]"#, "old.json")?;
    /// let s = sessions::compare_sessions(&old, &[], &Default::default());
    /// let c = compare::compare(&f, &f, &Default::default(), &Default::default()).with_sessions(&s, None);
    /// assert_eq!(c.total(), 1);
    /// assert_eq!(c.differences[0].finding.code, compare::ReconcileCheck::SessionMissingInNew);
    /// assert_eq!(c.sessions.map(|t| (t.old, t.new)), Some((1, 0)));
    /// # Ok::<(), chargeshift_planner::reconcile::ReconcileError>(())
    /// ```
    #[must_use]
    pub fn with_sessions(
        mut self,
        sessions: &super::sessions::SessionComparison,
        kept_per_code: Option<usize>,
    ) -> Comparison {
        let mut added = sessions.differences.clone();
        if let Some(n) = kept_per_code {
            let mut seen: Option<(ReconcileCheck, usize)> = None;
            added.retain(|d| {
                let k = match seen {
                    Some((c, k)) if c == d.finding.code => k + 1,
                    _ => 1,
                };
                seen = Some((d.finding.code, k));
                k <= n
            });
        }
        self.differences.extend(added);
        sort(&mut self.differences);
        self.counts.extend(sessions.counts());
        self.counts
            .sort_by_key(|c| (ReconcileCheck::from_code(&c.code), c.kind.clone()));
        self.sessions = Some(KindTotals {
            kind: super::sessions::KIND.to_owned(),
            old: sessions.in_old,
            new: sessions.in_new,
        });
        self
    }
}

/// Compares the old back office's fleet with the new one's, keeping every difference; see the
/// module documentation for what is compared, and [`compare_with`] for how.
///
/// ```
/// use chargeshift_graph::NodeKind;
/// use chargeshift_planner::reconcile::compare::{compare, IdMap, ReconcileCheck, Tolerances};
/// let old = chargeshift_graph::generate::fleet(10);
/// let mut new = old.clone();
/// let (k, card) = old.nodes_of_kind(NodeKind::ChargeCard).next().unwrap();
/// new.remove_node(k);
/// let c = compare(&old, &new, &IdMap::new(), &Tolerances::default());
/// assert_eq!(c.differences[0].finding.code, ReconcileCheck::MissingInNew);
/// assert_eq!(c.differences[0].old.as_deref(), Some(card.id()));
/// ```
#[must_use]
pub fn compare(old: &Fleet, new: &Fleet, map: &IdMap, tolerances: &Tolerances) -> Comparison {
    compare_with(
        old,
        new,
        map,
        &CompareOptions {
            tolerances: *tolerances,
            kept_per_code: None,
        },
    )
}

/// Compares the old back office's fleet with the new one's, partitioned.
///
/// The old fleet's node index range is cut into one partition per available core, compared on
/// its own thread: each old node is matched with its counterpart (first at the same index in
/// the new fleet, which is where an export of the same data in the same order puts it, else
/// through the new fleet's (kind, id) index), drift is compared, and the counterpart's index is
/// written to a table old index → new index (4 bytes a node). The inverse table follows in one
/// pass; then each partition compares, per matched pair of nodes, their out-links by (kind,
/// matched target) in small sorted lists, so links cost no id hashing at all, and each
/// partition of the new fleet reports its unmatched nodes and their links. Each partition
/// counts every difference and keeps the first [`CompareOptions::kept_per_code`] of each code.
///
/// # Complexity
/// O(N_old + N_new + L_old + L_new + d log d) time for d kept differences (a hub of degree k
/// costs O(k log k)), over the available cores; memory beyond the two fleets: 4 bytes per node
/// of each fleet, the id mapping, and the kept differences.
///
/// ```
/// use chargeshift_graph::NodeKind;
/// use chargeshift_planner::reconcile::compare::{compare_with, CompareOptions, IdMap};
/// let old = chargeshift_graph::generate::fleet(30);
/// let new = chargeshift_graph::Fleet::new();
/// let o = CompareOptions { kept_per_code: Some(2), ..CompareOptions::default() };
/// let c = compare_with(&old, &new, &IdMap::new(), &o);
/// // the first two missing assets and the first two lost links are kept ...
/// assert_eq!(c.differences.len(), 4);
/// // ... and every one is counted
/// let missing: usize = c.counts.iter().filter(|k| k.code == "RC001").map(|k| k.count).sum();
/// assert_eq!(missing, old.node_count());
/// assert!(c.total() > missing);
/// ```
#[must_use]
pub fn compare_with(old: &Fleet, new: &Fleet, map: &IdMap, options: &CompareOptions) -> Comparison {
    let (differences, counts) = partition::run(old, new, map, options);
    Comparison {
        differences,
        counts,
        assets: totals(
            NodeKind::ALL.iter().map(|k| k.as_str()),
            old.count_by_kind().iter().map(|(k, &n)| (k.as_str(), n)),
            new.count_by_kind().iter().map(|(k, &n)| (k.as_str(), n)),
        ),
        links: totals(
            LinkKind::ALL.iter().map(|k| k.as_str()),
            link_counts(old),
            link_counts(new),
        ),
        tolerances: options.tolerances,
        mapped_ids: map.len(),
        sessions: None,
    }
}

fn link_counts(f: &Fleet) -> impl Iterator<Item = (&'static str, usize)> {
    let mut n = [0usize; LinkKind::ALL.len()];
    for l in f.links() {
        if let Some(c) = n.get_mut(l.link.kind as usize) {
            *c += 1;
        }
    }
    LinkKind::ALL
        .into_iter()
        .zip(n)
        .map(|(k, c)| (k.as_str(), c))
}

fn totals<'a>(
    kinds: impl Iterator<Item = &'static str>,
    old: impl Iterator<Item = (&'a str, usize)>,
    new: impl Iterator<Item = (&'a str, usize)>,
) -> Vec<KindTotals> {
    let mut rows: Vec<KindTotals> = kinds
        .map(|k| KindTotals {
            kind: k.to_owned(),
            old: 0,
            new: 0,
        })
        .collect();
    for (k, n) in old {
        if let Some(r) = rows.iter_mut().find(|r| r.kind == k) {
            r.old = n;
        }
    }
    for (k, n) in new {
        if let Some(r) = rows.iter_mut().find(|r| r.kind == k) {
            r.new = n;
        }
    }
    rows
}

/// The links that are an attribute of their source (at most one each): compared by target.
pub(super) fn reference_check(kind: LinkKind) -> Option<ReconcileCheck> {
    match kind {
        LinkKind::ChargeGroupTariff => Some(ReconcileCheck::Tariff),
        LinkKind::ChargePointParameterSet => Some(ReconcileCheck::ParameterSet),
        _ => None,
    }
}

/// A difference of an asset of one side without a counterpart: missing or extra.
pub(super) fn unmatched_node(side: Side, kind: NodeKind, id: &str) -> Difference {
    let code = match side {
        Side::Old => ReconcileCheck::MissingInNew,
        Side::New => ReconcileCheck::ExtraInNew,
    };
    let (o, n) = match side {
        Side::Old => (Some(id.to_owned()), None),
        Side::New => (None, Some(id.to_owned())),
    };
    Difference {
        finding: Finding::new(
            code,
            code.severity(),
            mirror_message(code, kind.as_str(), Some(id)),
        )
        .with_asset_ids(vec![AssetId::new(kind, id)]),
        kind: kind.as_str().to_owned(),
        field: None,
        old: o,
        new: n,
    }
}

/// A difference of a link of one side without a counterpart: lost or added.
pub(super) fn unmatched_link(side: Side, kind: LinkKind, source: &str, target: &str) -> Difference {
    let code = match side {
        Side::Old => ReconcileCheck::LinkLost,
        Side::New => ReconcileCheck::LinkAdded,
    };
    let shown = format!("{source} -> {target}");
    let finding = Finding::new(
        code,
        code.severity(),
        mirror_message(code, kind.as_str(), Some(&shown)),
    )
    .with_links(vec![LinkId::new(kind, source, target)]);
    let (o, n) = match side {
        Side::Old => (Some(shown), None),
        Side::New => (None, Some(shown)),
    };
    Difference {
        finding,
        kind: kind.as_str().to_owned(),
        field: None,
        old: o,
        new: n,
    }
}

/// The attributes of one asset present on both sides.
pub(super) struct Drift<'a, 'o> {
    pub(super) old: &'a Fleet,
    pub(super) new: &'a Fleet,
    pub(super) map: &'a IdMap,
    pub(super) old_ix: NodeIndex,
    pub(super) new_ix: NodeIndex,
    pub(super) kind: NodeKind,
    pub(super) out: &'o mut partition::Sink,
}

fn text(s: Option<&str>) -> Option<String> {
    s.map(str::to_owned)
}

impl Drift<'_, '_> {
    pub(super) fn run(&mut self, t: &Tolerances) {
        let (Some(o), Some(n)) = (self.old.node(self.old_ix), self.new.node(self.new_ix)) else {
            return;
        };
        if self.kind.is_asset() {
            self.reference(ReconcileCheck::UserGroup, LinkKind::UserGroup, "user_group");
        }
        match (&o.data, &n.data) {
            (NodeData::UserGroup(a), NodeData::UserGroup(b)) => {
                self.value(
                    ReconcileCheck::Provider,
                    "is_provider",
                    Some(a.is_provider.to_string()),
                    Some(b.is_provider.to_string()),
                );
            }
            (NodeData::ChargeCard(a), NodeData::ChargeCard(b)) => {
                self.value(
                    ReconcileCheck::CardStatus,
                    "status",
                    Some(a.status.as_str().to_owned()),
                    Some(b.status.as_str().to_owned()),
                );
                self.value(
                    ReconcileCheck::ContractId,
                    "contract_id",
                    text(a.contract_id.as_deref()),
                    text(b.contract_id.as_deref()),
                );
            }
            (NodeData::ChargePoint(a), NodeData::ChargePoint(b)) => {
                self.reference(
                    ReconcileCheck::ParameterSet,
                    LinkKind::ChargePointParameterSet,
                    "parameter_set",
                );
                self.charge_point(a, b);
            }
            (NodeData::ChargeGroup(a), NodeData::ChargeGroup(b)) => {
                self.reference(
                    ReconcileCheck::Tariff,
                    LinkKind::ChargeGroupTariff,
                    "tariff",
                );
                self.charge_group(a, b);
            }
            (NodeData::Location(a), NodeData::Location(b)) => self.location(a, b, t),
            _ => {}
        }
    }

    fn charge_point(&mut self, a: &ChargePoint, b: &ChargePoint) {
        for (code, field, x, y) in [
            (ReconcileCheck::Vendor, "vendor", &a.vendor, &b.vendor),
            (ReconcileCheck::Model, "model", &a.model, &b.model),
            (
                ReconcileCheck::Firmware,
                "firmware",
                &a.firmware,
                &b.firmware,
            ),
            (ReconcileCheck::Serial, "serial", &a.serial, &b.serial),
        ] {
            self.value(code, field, text(x.as_deref()), text(y.as_deref()));
        }
        self.value(
            ReconcileCheck::Connectors,
            "evse_count",
            Some(a.evse_count.to_string()),
            Some(b.evse_count.to_string()),
        );
        self.value(
            ReconcileCheck::Connectors,
            "connector_count",
            Some(a.connector_count.to_string()),
            Some(b.connector_count.to_string()),
        );
    }

    fn charge_group(&mut self, a: &ChargeGroup, b: &ChargeGroup) {
        self.value(
            ReconcileCheck::ChargeGroupType,
            "type",
            Some(a.group_type.as_str().to_owned()),
            Some(b.group_type.as_str().to_owned()),
        );
        self.value(
            ReconcileCheck::AllCustomers,
            "all_customers",
            Some(a.all_customers.to_string()),
            Some(b.all_customers.to_string()),
        );
        self.value(
            ReconcileCheck::Roaming,
            "roaming",
            Some(a.roaming.to_string()),
            Some(b.roaming.to_string()),
        );
    }

    fn location(&mut self, a: &Location, b: &Location, t: &Tolerances) {
        for (field, x, y) in [
            ("address", &a.address, &b.address),
            ("city", &a.city, &b.city),
            ("country", &a.country, &b.country),
        ] {
            self.value(
                ReconcileCheck::Address,
                field,
                text(x.as_deref()),
                text(y.as_deref()),
            );
        }
        let show = |c: Option<Coordinates>| c.map(|c| format!("{},{}", c.latitude, c.longitude));
        let far = match (a.coordinates, b.coordinates) {
            (Some(x), Some(y)) => {
                let d = distance_m(x, y);
                // NaN coordinates are never within the tolerance
                (d.is_nan() || d > t.coordinates_m)
                    .then(|| format!("{:.1} m apart (tolerance {} m)", d, t.coordinates_m))
            }
            (None, None) => None,
            _ => Some("on one side only".to_owned()),
        };
        if let Some(why) = far {
            self.push(
                ReconcileCheck::Coordinates,
                "coordinates",
                show(a.coordinates),
                show(b.coordinates),
                &why,
            );
        }
    }

    /// A drift of a link that is an attribute: the owner, the tariff, the parameter set, when
    /// both sides have one and the targets are not the same asset under the mapping (one side
    /// only is a lost or added link, except for the owner, which every asset has).
    fn reference(&mut self, code: ReconcileCheck, kind: LinkKind, field: &str) {
        let a = self.old.target_of(self.old_ix, kind);
        let b = self.new.target_of(self.new_ix, kind);
        let (Some(a), Some(b)) = (a, b) else {
            if kind == LinkKind::UserGroup && a.is_some() != b.is_some() {
                let (x, y) = (
                    a.map(|a| self.old.id(a).to_owned()),
                    b.map(|b| self.new.id(b).to_owned()),
                );
                self.push(code, field, x, y, "on one side only");
            }
            return;
        };
        let (Some(ka), Some(kb)) = (self.old.kind(a), self.new.kind(b)) else {
            return;
        };
        let (ia, ib) = (self.old.id(a), self.new.id(b));
        if ka == kb && self.map.to_new(ka, ia) == Some(ib) {
            return;
        }
        self.push(
            code,
            field,
            Some(ia.to_owned()),
            Some(ib.to_owned()),
            "differs",
        );
    }

    fn value(&mut self, code: ReconcileCheck, field: &str, a: Option<String>, b: Option<String>) {
        if a != b {
            self.push(code, field, a, b, "differs");
        }
    }

    fn push(
        &mut self,
        code: ReconcileCheck,
        field: &str,
        a: Option<String>,
        b: Option<String>,
        why: &str,
    ) {
        let (oid, nid) = (self.old.id(self.old_ix), self.new.id(self.new_ix));
        let mut assets = vec![AssetId::new(self.kind, oid)];
        if oid != nid {
            assets.push(AssetId::new(self.kind, nid));
        }
        let message = format!("{} {oid}: {field} {why}", self.kind);
        self.out.push(
            self.kind.as_str(),
            Difference {
                finding: Finding::new(code, code.severity(), message).with_asset_ids(assets),
                kind: self.kind.as_str().to_owned(),
                field: Some(field.to_owned()),
                old: a,
                new: b,
            },
        );
    }
}
