//! Importing fleets: the shared builder that turns a [`Document`] into a [`Fleet`] while
//! validating it, and the [`Mode`], [`Imported`] and [`ImportError`] types every importer uses.
//! Formats are described in each importer and in `asset-graph/FORMATS.md`.
//!
//! Every importer uses the same builder, so all of them report the same problems the same way:
//! the CSV bundle ([`csv`]) and OCPI ([`ocpi`]) read their input into a [`Document`] and call
//! [`build_owned`]; native JSON ([`crate::document`]) feeds the builder records that borrow
//! their strings from the input as they are parsed, without a `Document`.

pub mod csv;
pub(crate) mod native;
pub mod ocpi;
pub(crate) mod stream;

use std::collections::BTreeMap;

use petgraph::stable_graph::NodeIndex;

use crate::document::Document;
use crate::fleet::{Fleet, ModelError};
use crate::model::{Link, LinkKind, Node, NodeData, NodeKind};
use crate::validate::{self, Finding, FindingClass, Report, Where};
use native::{AssetIn, GroupIn, LinkIn, Text};
use stream::Records;

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
        /// The file (or folder), as given.
        file: String,
        /// What kind of failure, as the system reported it (`NotFound`, `IsADirectory`,
        /// `NotADirectory`, `PermissionDenied`, ...; `InvalidData` for a folder that is not a CSV
        /// bundle), so that a binding can raise its language's own error for it.
        kind: std::io::ErrorKind,
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

impl ImportError {
    /// The [`ImportError::Io`] for the system error `err` on `file`.
    ///
    /// ```
    /// use chargeshift_graph::import::ImportError;
    /// use std::io::{Error, ErrorKind};
    /// let e = ImportError::io("fleet.json", &Error::from(ErrorKind::NotFound));
    /// assert!(matches!(e, ImportError::Io { kind: ErrorKind::NotFound, .. }));
    /// assert!(e.to_string().starts_with("fleet.json: "));
    /// ```
    #[must_use]
    pub fn io(file: &str, err: &std::io::Error) -> ImportError {
        ImportError::Io {
            file: file.to_owned(),
            kind: err.kind(),
            message: err.to_string(),
        }
    }
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

/// The collections of a document that hold links, in the order of the streamed import's link
/// kinds (`stream::LinkKey`).
pub(super) const LINK_COLLECTIONS: [&str; 7] = crate::document::LINK_KEYS;

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

/// The name of `known` closest to `name`, compared without regard to case, when it is close
/// enough to be the one meant (an edit distance of at most a third of its length, at least 1; a
/// swap of two neighbours counts as one edit: optimal string alignment).
///
/// # Complexity
/// O(n × m) for each known name of length m within a third of `name`'s length n of it; O(k) for
/// the k others, which are not compared.
pub(crate) fn closest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let name = name.trim().to_lowercase();
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    known
        .iter()
        // the distance is at least the difference of the lengths: a name much longer or
        // shorter than a known one is not compared with it (a garbage header cell of 60 KB
        // would otherwise cost 60 K × the known name's length per known name)
        .filter(|k| k.chars().count().abs_diff(len) <= limit)
        .map(|k| (strsim::osa_distance(&name, &k.to_lowercase()), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// ` (did you mean "x"?)` for the known name closest to `name`, or nothing.
pub(crate) fn did_you_mean(name: &str, known: &[&str]) -> String {
    closest(name, known).map_or_else(String::new, |k| format!(" (did you mean {k:?}?)"))
}

struct Builder<'o> {
    fleet: Fleet,
    report: Report,
    origins: &'o Origins,
    /// Per node index, the kinds of outgoing link the node has (one bit per [`LinkKind`]): a
    /// link whose source has none of its kind yet cannot break a cardinality rule or repeat a
    /// link, so it is added without walking the source's links.
    out_kinds: Vec<u16>,
    /// The last user group an asset named, and its node: consecutive records mostly share one.
    owner_memo: Option<(String, NodeIndex)>,
    /// The memory of [`SortedKeys`] and of the record-to-node map of the previous sorted
    /// collection.
    keys_buf: Vec<(u64, u32)>,
    nodes_buf: Vec<u32>,
}

/// Collections from this many records are indexed in bucket order (see [`Builder::assets`]).
const SORTED_FROM: usize = 4096;

/// Marks a record whose id an earlier record of its collection has.
const DUPLICATE: u32 = u32::MAX - 1;

/// The keys of a collection sorted by bucket order, then record: (key hash rotated right by
/// `bits`, record), where `bits` is the number of bits of the index's bucket numbers (the
/// table probes from the low bits of a hash, which the rotation makes the high ones).
struct SortedKeys {
    keys: Vec<(u64, u32)>,
    bits: u32,
}

/// Whether `s` is empty or white space only ([`str::trim`]), without decoding characters when
/// it starts with a visible ASCII one, as ids do.
fn blank(s: &str) -> bool {
    match s.as_bytes().first() {
        None => true,
        Some(b'!'..=b'~') => false,
        Some(_) => s.trim().is_empty(),
    }
}

impl SortedKeys {
    /// The records whose id an earlier record has, with [`DUPLICATE`]: equal ids have equal
    /// hashes, so they are neighbours, the first record first. Each record of a run of equal
    /// hashes is compared with the distinct ids of the run before it (one, unless two ids
    /// share a 64-bit hash), so many copies of one id cost linear time.
    fn duplicates<'s>(
        &'s self,
        records: &'s impl Records,
    ) -> impl Iterator<Item = (usize, u32)> + 's {
        let key = move |i: u32| records.key(i as usize).unwrap_or_default();
        self.keys
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|run| run.len() > 1)
            .flat_map(move |run| {
                let mut ids: Vec<&str> = Vec::new();
                run.iter().filter_map(move |&(_, i)| {
                    let id = key(i);
                    if ids.contains(&id) {
                        return Some((i as usize, DUPLICATE));
                    }
                    ids.push(id);
                    None
                })
            })
    }
}

fn bit(kind: LinkKind) -> u16 {
    1 << kind as u16
}

impl<'o> Builder<'o> {
    fn new(origins: &'o Origins, nodes: usize, links: usize) -> Self {
        Builder {
            fleet: Fleet::with_capacity(nodes, links),
            report: Report::default(),
            origins,
            out_kinds: vec![0; nodes],
            owner_memo: None,
            keys_buf: Vec::new(),
            nodes_buf: Vec::new(),
        }
    }

    /// Room for `nodes` more nodes, each with its ownership link.
    fn reserve(&mut self, nodes: usize) {
        self.fleet.reserve(nodes, nodes);
        let n = self.fleet.node_count() + nodes;
        if self.out_kinds.len() < n {
            self.out_kinds.resize(n, 0);
        }
    }

    fn finding(&mut self, class: FindingClass, at: Where, message: String) {
        self.report.push(class, at, message);
    }

    /// Whether a record's id can be used: a blank id cannot (a finding, the record is skipped);
    /// an id with a control character (a line break pasted into a cell) is kept and reported,
    /// since no back office shows it and runbooks and reports cannot write it.
    fn usable_id(&mut self, coll: &str, i: usize, kind: NodeKind, id: &str) -> bool {
        if blank(id) {
            let at = self.origins.at(coll, i, "id");
            self.finding(FindingClass::EmptyField, at, format!("{kind} without id"));
            return false;
        }
        // C0 and DEL are single bytes, C1 characters start with 0xC2: the byte scan is the cheap
        // test on the import's hot path
        let suspect = id.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2);
        if let Some(c) = suspect
            .then(|| id.chars().find(|c| c.is_control()))
            .flatten()
        {
            let at = self.origins.at(coll, i, "id");
            let message = format!(
                "{kind} id {id:?} contains the control character U+{:04X}; it is kept, fix it in \
                 the export",
                u32::from(c)
            );
            self.finding(FindingClass::InvalidValue, at, message);
        }
        true
    }

    /// Adds a node after checking its id; returns its index if added.
    fn node(&mut self, coll: &str, i: usize, id: Text<'_>, data: NodeData) -> Option<NodeIndex> {
        let kind = data.kind();
        if !self.usable_id(coll, i, kind, id.as_str()) {
            return None;
        }
        match self.fleet.add_node(Node::from_id(id.into_id(), data)) {
            Ok(ix) => Some(self.track(ix)),
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

    /// The user group named `u`.
    fn owner(&mut self, u: &str) -> Option<NodeIndex> {
        if let Some((name, ix)) = &self.owner_memo
            && name == u
        {
            return Some(*ix);
        }
        let found = self.fleet.find(NodeKind::UserGroup, u);
        if let Some(ix) = found {
            let (mut name, _) = self.owner_memo.take().unwrap_or_default();
            name.clear();
            name.push_str(u);
            self.owner_memo = Some((name, ix));
        }
        found
    }

    fn user_groups<'a, R: Into<GroupIn<'a>>>(
        &mut self,
        records: impl IntoIterator<Item = R>,
    ) -> Vec<(Option<NodeIndex>, Option<Text<'a>>)> {
        let mut parents = Vec::new();
        for (i, r) in records.into_iter().enumerate() {
            let r = r.into();
            let ix = self.node("user_groups", i, r.id, r.data);
            parents.push((ix, r.parent));
        }
        parents
    }

    /// The assets of `kind` in collection `coll`.
    ///
    /// A large collection is not entered into the index node by node (a random probe of a
    /// large table each): its duplicate ids are found by sorting the hashes of its ids, its
    /// nodes are added, and then they are entered into the index in the order of its buckets.
    /// The result is the same: the first record of an id wins, the others are findings.
    fn assets<'a, R: Into<AssetIn<'a>>>(
        &mut self,
        coll: &str,
        kind: NodeKind,
        records: impl Records<Item = R>,
    ) {
        let Some(sorted) = self.sorted_keys(kind, &records) else {
            for (i, r) in records.into_iter().enumerate() {
                self.asset(coll, i, r.into(), None);
            }
            return;
        };
        // record -> node, u32::MAX for a record that is no node
        let mut nodes = std::mem::take(&mut self.nodes_buf);
        nodes.clear();
        nodes.resize(records.count(), u32::MAX);
        for (run, dup) in sorted.duplicates(&records) {
            if let Some(n) = nodes.get_mut(run) {
                *n = dup;
            }
        }
        for (i, r) in records.into_iter().enumerate() {
            let duplicate = nodes.get(i) == Some(&DUPLICATE);
            let ix = self.asset(coll, i, r.into(), Some(duplicate));
            if let (Some(ix), Some(n)) = (ix, nodes.get_mut(i)) {
                *n = u32::try_from(ix.index()).unwrap_or(u32::MAX);
            }
        }
        for &(order, i) in &sorted.keys {
            match nodes.get(i as usize) {
                Some(&n) if n != u32::MAX && n != DUPLICATE => {
                    let h = order.rotate_left(sorted.bits);
                    self.fleet.index_new(h, NodeIndex::new(n as usize));
                }
                _ => {}
            }
        }
        // the next collection reuses the memory
        (self.keys_buf, self.nodes_buf) = (sorted.keys, nodes);
    }

    /// The (bucket order, record) of every record with an id, sorted; `None` for a small
    /// collection, which goes through the index node by node.
    fn sorted_keys(&mut self, kind: NodeKind, records: &impl Records) -> Option<SortedKeys> {
        let n = records.count();
        let bound = self.fleet.node_count() + n;
        if n < SORTED_FROM || bound >= DUPLICATE as usize {
            return None;
        }
        // the index's final size for this collection, so that its bucket order holds
        self.reserve(n);
        let bits = self.fleet.bucket_bits();
        let mut keys = std::mem::take(&mut self.keys_buf);
        keys.clear();
        keys.reserve(n);
        for i in 0..u32::try_from(n).ok()? {
            let key = records.key(i as usize)?;
            if !blank(key) {
                keys.push((self.fleet.key_hash(kind, key).rotate_right(bits), i));
            }
        }
        keys.sort_unstable();
        Some(SortedKeys { keys, bits })
    }

    /// Adds an asset; with `duplicate` known (a sorted collection) its node is added without
    /// entering it into the index, which the caller does.
    fn asset(
        &mut self,
        coll: &str,
        i: usize,
        r: AssetIn<'_>,
        duplicate: Option<bool>,
    ) -> Option<NodeIndex> {
        let kind = r.data.kind();
        if r.half_coordinates {
            let at = self.origins.at(coll, i, "latitude");
            let message = format!(
                "location {:?} has only one of latitude and longitude",
                r.id.as_str()
            );
            self.finding(FindingClass::EmptyField, at, message);
        }
        for (field, value) in r.bad_coordinates.into_iter().flatten() {
            let at = self.origins.at(coll, i, field);
            let range = if field == "latitude" {
                "-90..90"
            } else {
                "-180..180"
            };
            let message = format!(
                "location {:?} has {field} {value}, not within {range}; it is kept without \
                 coordinates",
                r.id.as_str()
            );
            self.finding(FindingClass::InvalidValue, at, message);
        }
        let ix = match duplicate {
            None => self.node(coll, i, r.id, r.data),
            Some(duplicate) => self.unindexed_node(coll, i, r.id, r.data, duplicate),
        }?;
        match r.user_group.filter(|u| !blank(u.as_str())) {
            None => {
                let at = self.origins.at(coll, i, "user_group");
                let message = format!("{kind} {:?} has no user group", self.fleet.id(ix));
                self.finding(FindingClass::EmptyField, at, message);
            }
            Some(u) => match self.owner(u.as_str()) {
                None => {
                    let at = self.origins.at(coll, i, "user_group");
                    let message = format!(
                        "{kind} {:?} names unknown user group {:?}",
                        self.fleet.id(ix),
                        u.as_str()
                    );
                    self.finding(FindingClass::DanglingReference, at, message);
                }
                Some(ug) => self.link(
                    coll,
                    i,
                    "user_group",
                    ix,
                    ug,
                    Link::new(LinkKind::UserGroup),
                ),
            },
        }
        Some(ix)
    }

    /// [`Builder::node`] for a record of a sorted collection, whose duplicates are known.
    fn unindexed_node(
        &mut self,
        coll: &str,
        i: usize,
        id: Text<'_>,
        data: NodeData,
        duplicate: bool,
    ) -> Option<NodeIndex> {
        let kind = data.kind();
        if !self.usable_id(coll, i, kind, id.as_str()) {
            return None;
        }
        if duplicate {
            let e = ModelError::DuplicateId {
                kind,
                id: id.as_str().to_owned(),
            };
            let at = self.origins.at(coll, i, "id");
            self.finding(
                FindingClass::DuplicateId,
                at,
                format!("{e}, this record is skipped"),
            );
            return None;
        }
        let ix = self.fleet.push_unindexed(Node::from_id(id.into_id(), data));
        Some(self.track(ix))
    }

    /// Makes room for the link kinds of the new node `ix` in [`Builder::out_kinds`].
    fn track(&mut self, ix: NodeIndex) -> NodeIndex {
        if self.out_kinds.len() <= ix.index() {
            self.out_kinds.resize(ix.index() + 1, 0);
        }
        ix
    }

    /// Adds the link `source → target`, whose ends are known to be of the kinds of
    /// [`LinkKind::endpoints`] (not a [`LinkKind::ParentGroup`] link); a broken rule is a
    /// finding at `field` of record `i` of `coll`.
    fn link(
        &mut self,
        coll: &str,
        i: usize,
        field: &str,
        source: NodeIndex,
        target: NodeIndex,
        link: Link,
    ) {
        let b = bit(link.kind);
        let kinds = self.out_kinds.get_mut(source.index());
        match kinds {
            Some(k) if *k & b == 0 && link.kind != LinkKind::ParentGroup => {
                *k |= b;
                self.fleet.push_link(source, target, link);
            }
            _ => match self.fleet.insert_link(source, target, link) {
                Ok(_) => {
                    if let Some(k) = self.out_kinds.get_mut(source.index()) {
                        *k |= b;
                    }
                }
                Err(e) => {
                    let at = self.origins.at(coll, i, field);
                    self.model_error(at, &e);
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
        if blank(id) {
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

    /// The parents of the user groups, once every node is in.
    fn parents(&mut self, parents: Vec<(Option<NodeIndex>, Option<Text<'_>>)>) {
        for (i, (ix, parent)) in parents.into_iter().enumerate() {
            let (Some(ix), Some(p)) = (ix, parent.filter(|p| !p.as_str().is_empty())) else {
                continue;
            };
            let Some(pix) =
                self.resolve("user_groups", i, "parent", NodeKind::UserGroup, p.as_str())
            else {
                continue;
            };
            if let Err(e) = self.fleet.add_link(ix, pix, LinkKind::ParentGroup) {
                let at = self.origins.at("user_groups", i, "parent");
                self.model_error(at, &e);
            }
        }
    }

    /// Link records of `kind`, the first being record `first` of its collection; `last`
    /// holds the ends of the record before it.
    fn links<'a, R: Into<LinkIn<'a>>>(
        &mut self,
        kind: LinkKind,
        records: impl IntoIterator<Item = R>,
        first: usize,
        last: &mut [Option<(Text<'a>, NodeIndex)>; 2],
    ) {
        let coll = kind.as_str();
        let (ka, kb) = kind.endpoints();
        let (fa, fb) = (ka.as_str(), kb.as_str());
        let fa = if ka == NodeKind::ChargeCard {
            "card"
        } else {
            fa
        };
        let [last_a, last_b] = last;
        for (i, r) in (first..).zip(records) {
            let r = r.into();
            let ra = self.end(last_a, coll, i, fa, ka, r.a);
            let rb = self.end(last_b, coll, i, fb, kb, r.b);
            let t = r
                .tariff
                .filter(|t| !t.as_str().is_empty())
                .and_then(|t| self.resolve(coll, i, "tariff", NodeKind::Tariff, t.as_str()));
            let (Some(ra), Some(rb)) = (ra, rb) else {
                continue;
            };
            self.link(coll, i, fb, ra, rb, Link { kind, tariff: t });
        }
    }

    /// [`Builder::resolve`] of one end of a link record. Link records mostly come in the
    /// order of the nodes they name (an export sorted by id, or the order this crate writes),
    /// so before hashing the id this tries the previous record's end and the node after it:
    /// ids are unique within a kind, so a node of the kind with the id is the answer.
    fn end<'a>(
        &mut self,
        last: &mut Option<(Text<'a>, NodeIndex)>,
        coll: &str,
        i: usize,
        field: &str,
        kind: NodeKind,
        id: Text<'a>,
    ) -> Option<NodeIndex> {
        if let Some((prev, ix)) = last {
            if prev.as_str() == id.as_str() {
                return Some(*ix);
            }
            let next = NodeIndex::new(ix.index() + 1);
            let is = |n: &Node| n.kind() == kind && n.id_bytes() == id.as_str().as_bytes();
            if self.fleet.node(next).is_some_and(is) {
                *last = Some((id, next));
                return Some(next);
            }
        }
        let found = self.resolve(coll, i, field, kind, id.as_str());
        if let Some(ix) = found {
            *last = Some((id, ix));
        }
        found
    }

    /// In strict mode, the error for the findings so far.
    fn check(&mut self, mode: Mode) -> Result<(), ImportError> {
        if mode == Mode::Lenient {
            return Ok(());
        }
        rejection(&mut self.report).map_or(Ok(()), Err)
    }

    /// Phase 3 (rules across records) and the result.
    fn finish(mut self, mode: Mode) -> Result<Imported, ImportError> {
        validate::cross_provider(&self.fleet, &mut self.report);
        self.check(mode)?;
        Ok(Imported {
            fleet: self.fleet,
            report: self.report,
        })
    }
}

/// The strict rejection for the findings of `report` (taken from it), if it has any: the
/// findings of the class of the first one.
fn rejection(report: &mut Report) -> Option<ImportError> {
    let first = report.findings.first().cloned()?;
    let findings: Vec<Finding> = std::mem::take(&mut report.findings)
        .into_iter()
        .filter(|f| f.code == first.code)
        .collect();
    Some(ImportError::Rejected {
        first: Box::new(first),
        count: findings.len(),
        report: Report { findings },
    })
}

/// [`build_owned`].
fn build_document(doc: Document, origins: &Origins, mode: Mode) -> Result<Imported, ImportError> {
    let nodes: usize = NodeKind::ALL.iter().map(|&k| doc.count(k)).sum();
    let l = doc.links;
    let links = nodes
        + l.card_customer.len()
        + l.customer_charge_point.len()
        + l.customer_charge_group.len()
        + l.charge_point_charge_group.len()
        + l.charge_point_location.len()
        + l.charge_group_tariff.len()
        + l.charge_point_parameter_set.len();
    let mut bld = Builder::new(origins, nodes, links);

    // phase 1: nodes and ownership
    let parents = bld.user_groups(doc.user_groups);
    let tariffs: Vec<_> = doc.tariffs.into_iter().map(native::Tariffs).collect();
    bld.assets("tariffs", NodeKind::Tariff, tariffs);
    let sets: Vec<_> = doc
        .parameter_sets
        .into_iter()
        .map(native::ParameterSets)
        .collect();
    bld.assets("parameter_sets", NodeKind::ParameterSet, sets);
    bld.assets("locations", NodeKind::Location, doc.locations);
    bld.assets("charge_groups", NodeKind::ChargeGroup, doc.charge_groups);
    bld.assets("customers", NodeKind::Customer, doc.customers);
    bld.assets("charge_cards", NodeKind::ChargeCard, doc.charge_cards);
    bld.assets("charge_points", NodeKind::ChargePoint, doc.charge_points);
    bld.check(mode)?;

    // phase 2: the tree and the links, each kind with the ends of its previous record
    bld.parents(parents);
    bld.links(
        LinkKind::CardCustomer,
        l.card_customer,
        0,
        &mut [None, None],
    );
    let ccp = l.customer_charge_point;
    bld.links(LinkKind::CustomerChargePoint, ccp, 0, &mut [None, None]);
    let ccg = l.customer_charge_group;
    bld.links(LinkKind::CustomerChargeGroup, ccg, 0, &mut [None, None]);
    let cpcg = l.charge_point_charge_group;
    bld.links(LinkKind::ChargePointChargeGroup, cpcg, 0, &mut [None, None]);
    let cpl = l.charge_point_location;
    bld.links(LinkKind::ChargePointLocation, cpl, 0, &mut [None, None]);
    let cgt = l.charge_group_tariff;
    bld.links(LinkKind::ChargeGroupTariff, cgt, 0, &mut [None, None]);
    let cpps = l.charge_point_parameter_set;
    bld.links(
        LinkKind::ChargePointParameterSet,
        cpps,
        0,
        &mut [None, None],
    );
    bld.check(mode)?;

    // phase 3: rules across records
    bld.finish(mode)
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
/// O(records) expected time (hash lookups; a large collection sorts the hashes of its ids),
/// plus O(links × tree depth) for the provider check.
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
    build_document(doc, origins, mode)
}

#[cfg(test)]
mod closest_tests {
    use super::closest;

    #[test]
    fn near_misses_are_found_whatever_their_length_and_long_names_are_not_compared() {
        let known = ["id", "name", "user_group", "parent"];
        assert_eq!(closest("nmae", &known), Some("name"));
        assert_eq!(closest("usr_group", &known), Some("user_group"));
        assert_eq!(closest("USER_GROUPS", &known), Some("user_group"));
        assert_eq!(closest("i", &known), Some("id"));
        assert_eq!(closest("notes", &known), None);
        // a cell three times as long as any known name is no near miss of one
        assert_eq!(closest(&"user_group".repeat(3), &known), None);
        assert_eq!(closest(&"x".repeat(60_000), &known), None);
    }
}
