//! The native JSON import as a stream: serde_json parses the document once, and the builder
//! takes each collection as soon as it is complete, instead of after a whole [`Document`] (or
//! a mirror of it) has been built in memory.
//!
//! The builder adds nodes in a fixed order of kinds (user groups, tariffs, parameter sets,
//! locations, charge groups, customers, cards, charge points) and then the links kind by kind,
//! because node and link indices follow that order. A document is written in another order
//! (customers before tariffs), so a node collection is kept, in the borrowed records of
//! [`super::native`], until the collections before it are built; link records are built as
//! they are parsed once every node is in (the usual case), and kept otherwise.
//!
//! [`Document`]: crate::document::Document

use std::fmt;
use std::marker::PhantomData;

use petgraph::stable_graph::NodeIndex;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::native::{
    CardCustomerRec, ChargeCardRec, ChargeGroupRec, ChargeGroupTariffRec,
    ChargePointChargeGroupRec, ChargePointLocationRec, ChargePointParameterSetRec, ChargePointRec,
    CustomerChargeGroupRec, CustomerChargePointRec, CustomerRec, Keyed, LinkIn, LocationRec,
    NamedRec, ParameterSets, Tariffs, Text, UserGroupRec,
};
use super::{Builder, ImportError, Imported, Mode, Origins};
use crate::document::{FORMAT, VERSION};
use crate::model::{LinkKind, NodeKind};
use crate::validate::{FindingClass, Report, Where};

/// Records in chunks of about 64 KiB. Once consumed, a chunk goes back to the allocator's free
/// lists and is reused for the fleet's own small allocations, where one large vector would be
/// returned to the system and the fleet would fault in fresh pages.
pub(crate) struct Chunks<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Chunks<T> {
    const PER: usize = {
        let size = if size_of::<T>() == 0 {
            1
        } else {
            size_of::<T>()
        };
        let per = 64 * 1024 / size;
        if per == 0 { 1 } else { per }
    };

    fn new() -> Self {
        Chunks {
            chunks: Vec::new(),
            len: 0,
        }
    }

    fn push(&mut self, x: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < Self::PER => c.push(x),
            _ => {
                let mut c = Vec::with_capacity(Self::PER);
                c.push(x);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }
}

impl<T> IntoIterator for Chunks<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.chunks.into_iter().flatten()
    }
}

/// A collection of node records whose ids can be read before it is consumed.
pub(crate) trait Records: IntoIterator {
    /// Number of records.
    fn count(&self) -> usize;
    /// The id of record `i`.
    fn key(&self, i: usize) -> Option<&str>;
}

impl<T: Keyed> Records for Vec<T> {
    fn count(&self) -> usize {
        self.len()
    }
    fn key(&self, i: usize) -> Option<&str> {
        self.get(i).map(Keyed::key)
    }
}

impl<T: Keyed> Records for Chunks<T> {
    fn count(&self) -> usize {
        self.len
    }
    fn key(&self, i: usize) -> Option<&str> {
        self.chunks
            .get(i / Self::PER)?
            .get(i % Self::PER)
            .map(Keyed::key)
    }
}

/// A complete node collection of the document.
pub(crate) enum Nodes<'a> {
    UserGroups(Chunks<UserGroupRec<'a>>),
    Tariffs(Chunks<NamedRec<'a>>),
    ParameterSets(Chunks<NamedRec<'a>>),
    Locations(Chunks<LocationRec<'a>>),
    ChargeGroups(Chunks<ChargeGroupRec<'a>>),
    Customers(Chunks<CustomerRec<'a>>),
    ChargeCards(Chunks<ChargeCardRec<'a>>),
    ChargePoints(Chunks<ChargePointRec<'a>>),
}

impl Nodes<'_> {
    /// The position of this collection in the order the builder adds nodes.
    fn position(&self) -> usize {
        match self {
            Nodes::UserGroups(_) => 0,
            Nodes::Tariffs(_) => 1,
            Nodes::ParameterSets(_) => 2,
            Nodes::Locations(_) => 3,
            Nodes::ChargeGroups(_) => 4,
            Nodes::Customers(_) => 5,
            Nodes::ChargeCards(_) => 6,
            Nodes::ChargePoints(_) => 7,
        }
    }

    fn len(&self) -> usize {
        match self {
            Nodes::UserGroups(c) => c.len,
            Nodes::Tariffs(c) | Nodes::ParameterSets(c) => c.len,
            Nodes::Locations(c) => c.len,
            Nodes::ChargeGroups(c) => c.len,
            Nodes::Customers(c) => c.len,
            Nodes::ChargeCards(c) => c.len,
            Nodes::ChargePoints(c) => c.len,
        }
    }
}

/// What the parser hands to the builder, in document order.
pub(crate) trait Events<'a> {
    /// A complete node collection.
    fn nodes(&mut self, nodes: Nodes<'a>);
    /// Link records of `kind`, following those handed before.
    fn links(&mut self, kind: LinkKind, batch: Vec<LinkIn<'a>>);
    /// The end of the links of `kind`.
    fn links_end(&mut self, kind: LinkKind);
}

/// The number of link kinds in the document (every kind but ownership and the tree).
const LINK_KINDS: usize = super::LINK_COLLECTIONS.len();

/// Link records per batch.
const LINK_BATCH: usize = 2048;

/// The builder's side: builds collections in its order as they become available.
pub(crate) struct Sink<'o, 'a> {
    bld: Builder<'o>,
    mode: Mode,
    /// Node collections received and not built yet, by position.
    pending: [Option<Nodes<'a>>; 8],
    /// The position of the next node collection to build.
    next_node: usize,
    /// Whether the fleet has been given room for the nodes.
    reserved: bool,
    /// The user groups and the parents they name, for phase 2.
    parents: Vec<(Option<NodeIndex>, Option<Text<'a>>)>,
    /// Whether phase 1 (the nodes) is over.
    nodes_done: bool,
    /// Link batches received and not built yet, by link kind.
    links: [Vec<Vec<LinkIn<'a>>>; LINK_KINDS],
    /// Link kinds whose records have all been received.
    links_ended: [bool; LINK_KINDS],
    /// The next link kind to build, and how many of its records have been built.
    next_link: usize,
    links_built: usize,
    /// The ends of the previous link record of the kind being built.
    last: [Option<(Text<'a>, NodeIndex)>; 2],
    /// Strict mode: the rejection, once a phase has findings. Nothing is built after it, but
    /// the document is still parsed to the end, since a JSON error takes precedence.
    rejected: Option<ImportError>,
}

fn link_kind(i: usize) -> Option<LinkKind> {
    LinkKind::ALL.get(i).copied()
}

impl<'o, 'a> Sink<'o, 'a> {
    fn new(origins: &'o Origins, mode: Mode) -> Self {
        Sink {
            bld: Builder::new(origins, 0, 0),
            mode,
            pending: Default::default(),
            next_node: 0,
            reserved: false,
            parents: Vec::new(),
            nodes_done: false,
            links: Default::default(),
            links_ended: [false; LINK_KINDS],
            next_link: 0,
            links_built: 0,
            last: [None, None],
            rejected: None,
        }
    }

    /// Builds the node collections whose turn has come; at the end of the document, the
    /// collections it does not have count as empty.
    fn advance_nodes(&mut self, at_end: bool) {
        while self.next_node < self.pending.len() && self.rejected.is_none() {
            match self.pending.get_mut(self.next_node).and_then(Option::take) {
                Some(nodes) => self.build_nodes(nodes),
                None if at_end => {}
                None => return,
            }
            self.next_node += 1;
        }
        if !self.nodes_done && self.rejected.is_none() {
            // phase 1 is over
            self.nodes_done = true;
            if let Err(e) = self.bld.check(self.mode) {
                self.rejected = Some(e);
                return;
            }
            self.bld.parents(std::mem::take(&mut self.parents));
            self.advance_links(at_end);
        }
    }

    fn build_nodes(&mut self, nodes: Nodes<'a>) {
        if !self.reserved && nodes.position() > 0 {
            // room for every node collection received so far: usually all of them
            let n: usize =
                nodes.len() + self.pending.iter().flatten().map(Nodes::len).sum::<usize>();
            self.bld.reserve(n);
            self.reserved = true;
        }
        let b = &mut self.bld;
        match nodes {
            Nodes::UserGroups(c) => self.parents = b.user_groups(c),
            Nodes::Tariffs(c) => b.assets("tariffs", NodeKind::Tariff, TariffRecords(c)),
            Nodes::ParameterSets(c) => {
                b.assets("parameter_sets", NodeKind::ParameterSet, SetRecords(c));
            }
            Nodes::Locations(c) => b.assets("locations", NodeKind::Location, c),
            Nodes::ChargeGroups(c) => b.assets("charge_groups", NodeKind::ChargeGroup, c),
            Nodes::Customers(c) => b.assets("customers", NodeKind::Customer, c),
            Nodes::ChargeCards(c) => b.assets("charge_cards", NodeKind::ChargeCard, c),
            Nodes::ChargePoints(c) => b.assets("charge_points", NodeKind::ChargePoint, c),
        }
    }

    fn build_links(&mut self, kind: LinkKind, batch: Vec<LinkIn<'a>>) {
        let n = batch.len();
        self.bld
            .links(kind, batch, self.links_built, &mut self.last);
        self.links_built += n;
    }

    /// Builds the link kinds whose turn has come, once every node is in.
    fn advance_links(&mut self, at_end: bool) {
        if !self.nodes_done || self.rejected.is_some() {
            return;
        }
        while let Some(kind) = link_kind(self.next_link).filter(|_| self.next_link < LINK_KINDS) {
            let batches = self
                .links
                .get_mut(self.next_link)
                .map(std::mem::take)
                .unwrap_or_default();
            for batch in batches {
                self.build_links(kind, batch);
            }
            if !(at_end || self.links_ended.get(self.next_link) == Some(&true)) {
                return;
            }
            self.next_link += 1;
            self.links_built = 0;
            self.last = [None, None];
        }
    }

    /// The end of the document: whatever is still kept is built, then phases 2 and 3; the
    /// findings of the document's `header` come first, and a document without `links` whose
    /// records could have some says so.
    fn finish(mut self, header: &Header) -> Result<Imported, ImportError> {
        let origins = self.bld.origins;
        let mode = self.mode;
        let mut imported = header.findings_first(origins, mode, || {
            self.advance_nodes(true);
            self.advance_links(true);
            if let Some(e) = self.rejected {
                return Err(e);
            }
            self.bld.check(self.mode)?;
            self.bld.finish(self.mode)
        })?;
        if !header.links {
            no_links(&mut imported, origins);
        }
        Ok(imported)
    }
}

/// The finding of a document without `links` whose records two connection kinds could link (cards
/// and customers, charge points and locations, ...): an absent `links` is no evidence that the back
/// office has no connections. Reported (in strict mode too) and accepted; a plan refuses it unless
/// the operator accepts it.
fn no_links(imported: &mut Imported, origins: &Origins) {
    let counts = imported.fleet.count_by_kind();
    let has = |k| counts.get(&k).is_some_and(|&n| n > 0);
    let kinds: Vec<&str> = LinkKind::ALL
        .iter()
        .filter(|l| crate::model::LinkKinds::CONNECTIONS.contains(**l))
        .filter(|l| {
            let (a, b) = l.endpoints();
            has(a) && has(b)
        })
        .map(|l| l.as_str())
        .collect();
    if kinds.is_empty() {
        return;
    }
    imported.report.push(
        FindingClass::MissingFile,
        Where {
            file: Some(origins.file.clone()).filter(|f| !f.is_empty()),
            field: Some("links".to_owned()),
            ..Where::default()
        },
        format!(
            "the document has no \"links\": the fleet holds no connections ({}) although it has the records they join; export them, or, if the back office truly has none, accept this finding (chargeshift plan --accept-findings)",
            kinds.join(", ")
        ),
    );
}

impl<'a> Events<'a> for Sink<'_, 'a> {
    fn nodes(&mut self, nodes: Nodes<'a>) {
        if self.rejected.is_some() {
            return;
        }
        let at = nodes.position();
        if let Some(slot) = self.pending.get_mut(at) {
            *slot = Some(nodes);
        }
        if at == self.next_node {
            self.advance_nodes(false);
        }
    }

    fn links(&mut self, kind: LinkKind, batch: Vec<LinkIn<'a>>) {
        if self.rejected.is_some() {
            return;
        }
        let k = kind as usize;
        if self.nodes_done && k == self.next_link {
            self.build_links(kind, batch);
        } else if let Some(kept) = self.links.get_mut(k) {
            kept.push(batch);
        }
    }

    fn links_end(&mut self, kind: LinkKind) {
        if let Some(ended) = self.links_ended.get_mut(kind as usize) {
            *ended = true;
        }
        self.advance_links(false);
    }
}

/// Tariff records: the kind is not in the record.
pub(crate) struct TariffRecords<'a>(Chunks<NamedRec<'a>>);
/// Parameter-set records.
pub(crate) struct SetRecords<'a>(Chunks<NamedRec<'a>>);

macro_rules! named_records {
    ($t:ident, $wrap:ident) => {
        impl<'a> IntoIterator for $t<'a> {
            type Item = $wrap<NamedRec<'a>>;
            type IntoIter = std::iter::Map<
                std::iter::Flatten<std::vec::IntoIter<Vec<NamedRec<'a>>>>,
                fn(NamedRec<'a>) -> $wrap<NamedRec<'a>>,
            >;
            fn into_iter(self) -> Self::IntoIter {
                self.0.into_iter().map($wrap)
            }
        }
        impl<'a> Records for $t<'a> {
            fn count(&self) -> usize {
                self.0.count()
            }
            fn key(&self, i: usize) -> Option<&str> {
                self.0.key(i)
            }
        }
    };
}
named_records!(TariffRecords, Tariffs);
named_records!(SetRecords, ParameterSets);

/// The keys of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Format,
    Version,
    UserGroups,
    Customers,
    ChargeCards,
    ChargePoints,
    Locations,
    ChargeGroups,
    Tariffs,
    ParameterSets,
    Links,
}

/// The keys of the document, in the order of [`Key`].
pub(crate) const KEYS: [&str; 11] = crate::document::KEYS;

impl Key {
    /// The key named `name`, found in [`KEYS`] as [`LinkKey::of`] finds link keys.
    fn of(name: &str) -> Option<Key> {
        const ALL: [Key; 11] = [
            Key::Format,
            Key::Version,
            Key::UserGroups,
            Key::Customers,
            Key::ChargeCards,
            Key::ChargePoints,
            Key::Locations,
            Key::ChargeGroups,
            Key::Tariffs,
            Key::ParameterSets,
            Key::Links,
        ];
        let i = KEYS.iter().position(|k| *k == name)?;
        ALL.get(i).copied()
    }

    fn name(self) -> &'static str {
        KEYS.get(self as usize).copied().unwrap_or_default()
    }
}

/// The keys of `links`, in the order of [`super::LINK_COLLECTIONS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKey {
    CardCustomer,
    CustomerChargePoint,
    CustomerChargeGroup,
    ChargePointChargeGroup,
    ChargePointLocation,
    ChargeGroupTariff,
    ChargePointParameterSet,
}

impl LinkKey {
    fn of(name: &str) -> Option<LinkKey> {
        const ALL: [LinkKey; 7] = [
            LinkKey::CardCustomer,
            LinkKey::CustomerChargePoint,
            LinkKey::CustomerChargeGroup,
            LinkKey::ChargePointChargeGroup,
            LinkKey::ChargePointLocation,
            LinkKey::ChargeGroupTariff,
            LinkKey::ChargePointParameterSet,
        ];
        let i = super::LINK_COLLECTIONS.iter().position(|c| *c == name)?;
        ALL.get(i).copied()
    }

    fn name(self) -> &'static str {
        super::LINK_COLLECTIONS
            .get(self as usize)
            .copied()
            .unwrap_or_default()
    }
}

/// What the top level of a document says beside its collections: the keys it has that a
/// fleet document does not (at the top and in `links`), and whether it has any key of one.
/// Its `format` and `version` are checked as they are parsed ([`check_format`]).
#[derive(Debug, Default)]
pub(crate) struct Header {
    /// Unknown keys: (whether in `links`, the key).
    unknown: Vec<(bool, String)>,
    /// Whether the document has a key of a fleet document.
    known: bool,
    /// Whether the document has its `links`.
    links: bool,
}

impl Header {
    /// The top-level key `name`: an unknown one is recorded (and `None`), a known one marks the
    /// document as having a key of a fleet document.
    fn note(&mut self, name: &str) -> Option<Key> {
        let key = Key::of(name);
        match key {
            Some(_) => self.known = true,
            None => self.unknown.push((false, name.to_owned())),
        }
        key
    }

    /// The unknown keys of `links`.
    fn note_links(&mut self, unknown: Vec<String>) {
        self.links = true;
        self.unknown.extend(unknown.into_iter().map(|k| (true, k)));
    }

    /// The findings: every unknown key (with the closest known one), and a document with no
    /// key of a fleet document.
    fn findings(&self, origins: &Origins) -> Report {
        let mut report = Report::default();
        let file = Some(origins.file.clone()).filter(|f| !f.is_empty());
        for (in_links, key) in &self.unknown {
            let known: &[&str] = if *in_links {
                &super::LINK_COLLECTIONS
            } else {
                &KEYS
            };
            let at = Where {
                file: file.clone(),
                line: None,
                record: in_links.then(|| "links".to_owned()),
                field: Some(key.clone()),
            };
            let message = format!(
                "unknown key {key:?}{}: its value is not read",
                super::did_you_mean(key, known)
            );
            report.push(FindingClass::Syntax, at, message);
        }
        if !self.known {
            let mut message = format!(
                "not a fleet document: it has none of the keys of one ({}, with \
                 \"format\": {FORMAT:?})",
                KEYS.join(", ")
            );
            if self.unknown.iter().any(|(_, k)| k == "data") {
                message.push_str("; an OCPI module is read with the OCPI import");
            }
            let at = Where {
                file,
                ..Where::default()
            };
            report.push(FindingClass::Syntax, at, message);
        }
        report
    }

    /// The import `build` makes, with the findings of the header first; in strict mode,
    /// findings of the header reject the document before it is built.
    pub(crate) fn findings_first(
        &self,
        origins: &Origins,
        mode: Mode,
        build: impl FnOnce() -> Result<Imported, ImportError>,
    ) -> Result<Imported, ImportError> {
        let mut report = self.findings(origins);
        if mode == Mode::Strict
            && let Some(e) = super::rejection(&mut report)
        {
            return Err(e);
        }
        let mut imported = build()?;
        if !report.is_clean() {
            report.findings.append(&mut imported.report.findings);
            imported.report = report;
        }
        Ok(imported)
    }
}

/// The document's `format` must be [`FORMAT`].
fn check_format<E: de::Error>(format: &str) -> Result<(), E> {
    if format == FORMAT {
        return Ok(());
    }
    Err(E::custom(format_args!(
        "format is {format:?}, expected {FORMAT:?}: not a chargeshift fleet document"
    )))
}

/// The document's `version` must be [`VERSION`].
fn check_version<E: de::Error>(version: u32) -> Result<(), E> {
    if version == VERSION {
        return Ok(());
    }
    Err(E::custom(format_args!(
        "version {version} is not supported, expected {VERSION}"
    )))
}

/// What [`DocVisitor::expecting`] and [`HeaderVisitor::expecting`] say.
const EXPECTING: &str = "a chargeshift fleet document (a JSON object)";

/// Marks `key` seen; a key seen twice is the error serde's derive gives.
fn once<E: de::Error>(seen: &mut u32, bit: u32, name: &'static str) -> Result<(), E> {
    if *seen & (1 << bit) != 0 {
        return Err(E::duplicate_field(name));
    }
    *seen |= 1 << bit;
    Ok(())
}

/// The document: a map whose collections go to `E` as they are parsed.
struct DocVisitor<'e, E>(&'e mut E);

impl<'de, E: Events<'de>> Visitor<'de> for DocVisitor<'_, E> {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Header, M::Error> {
        let mut seen = 0u32;
        let mut header = Header::default();
        while let Some(name) = map.next_key::<Text<'de>>()? {
            let Some(key) = header.note(name.as_str()) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(&mut seen, key as u32, key.name())?;
            let nodes = match key {
                Key::Format => {
                    check_format(map.next_value::<Text<'de>>()?.as_str())?;
                    continue;
                }
                Key::Version => {
                    check_version(map.next_value::<u32>()?)?;
                    continue;
                }
                Key::Links => {
                    header.note_links(map.next_value_seed(LinksSeed(&mut *self.0))?);
                    continue;
                }
                Key::UserGroups => Nodes::UserGroups(map.next_value_seed(Collect::new())?),
                Key::Customers => Nodes::Customers(map.next_value_seed(Collect::new())?),
                Key::ChargeCards => Nodes::ChargeCards(map.next_value_seed(Collect::new())?),
                Key::ChargePoints => Nodes::ChargePoints(map.next_value_seed(Collect::new())?),
                Key::Locations => Nodes::Locations(map.next_value_seed(Collect::new())?),
                Key::ChargeGroups => Nodes::ChargeGroups(map.next_value_seed(Collect::new())?),
                Key::Tariffs => Nodes::Tariffs(map.next_value_seed(Collect::new())?),
                Key::ParameterSets => Nodes::ParameterSets(map.next_value_seed(Collect::new())?),
            };
            self.0.nodes(nodes);
        }
        Ok(header)
    }
}

impl<'de, E: Events<'de>> DeserializeSeed<'de> for DocVisitor<'_, E> {
    type Value = Header;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Header, D::Error> {
        d.deserialize_map(self)
    }
}

/// An array of records, collected in [`Chunks`].
struct Collect<R>(PhantomData<R>);

impl<R> Collect<R> {
    fn new() -> Self {
        Collect(PhantomData)
    }
}

impl<'de, R: Deserialize<'de>> DeserializeSeed<'de> for Collect<R> {
    type Value = Chunks<R>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Chunks<R>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: Deserialize<'de>> Visitor<'de> for Collect<R> {
    type Value = Chunks<R>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<Chunks<R>, S::Error> {
        let mut out = Chunks::new();
        while let Some(r) = seq.next_element()? {
            out.push(r);
        }
        Ok(out)
    }
}

/// The `links` object.
struct LinksSeed<'e, E>(&'e mut E);

impl<'de, E: Events<'de>> DeserializeSeed<'de> for LinksSeed<'_, E> {
    type Value = Vec<String>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de, E: Events<'de>> Visitor<'de> for LinksSeed<'_, E> {
    /// The unknown keys.
    type Value = Vec<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct LinksRecord")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Vec<String>, M::Error> {
        let mut seen = 0u32;
        let mut unknown = Vec::new();
        while let Some(name) = map.next_key::<Text<'de>>()? {
            let Some(key) = LinkKey::of(name.as_str()) else {
                unknown.push(name.as_str().to_owned());
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            once(&mut seen, key as u32, key.name())?;
            let e = &mut *self.0;
            match key {
                LinkKey::CardCustomer => links::<CardCustomerRec<'de>, _, _>(&mut map, e, 0)?,
                LinkKey::CustomerChargePoint => {
                    links::<CustomerChargePointRec<'de>, _, _>(&mut map, e, 1)?;
                }
                LinkKey::CustomerChargeGroup => {
                    links::<CustomerChargeGroupRec<'de>, _, _>(&mut map, e, 2)?;
                }
                LinkKey::ChargePointChargeGroup => {
                    links::<ChargePointChargeGroupRec<'de>, _, _>(&mut map, e, 3)?;
                }
                LinkKey::ChargePointLocation => {
                    links::<ChargePointLocationRec<'de>, _, _>(&mut map, e, 4)?;
                }
                LinkKey::ChargeGroupTariff => {
                    links::<ChargeGroupTariffRec<'de>, _, _>(&mut map, e, 5)?;
                }
                LinkKey::ChargePointParameterSet => {
                    links::<ChargePointParameterSetRec<'de>, _, _>(&mut map, e, 6)?;
                }
            }
        }
        Ok(unknown)
    }
}

/// The value of the next key of `map`: link records of the `i`-th link kind.
fn links<'de, R, E, M>(map: &mut M, events: &mut E, i: usize) -> Result<(), M::Error>
where
    R: Deserialize<'de> + Into<LinkIn<'de>>,
    E: Events<'de>,
    M: MapAccess<'de>,
{
    let kind = link_kind(i).unwrap_or(LinkKind::CardCustomer);
    map.next_value_seed(LinkSeq::<R, E>::new(events, kind))
}

/// An array of link records of one kind, handed on in batches.
struct LinkSeq<'e, R, E> {
    events: &'e mut E,
    kind: LinkKind,
    record: PhantomData<R>,
}

impl<'e, R, E> LinkSeq<'e, R, E> {
    fn new(events: &'e mut E, kind: LinkKind) -> Self {
        LinkSeq {
            events,
            kind,
            record: PhantomData,
        }
    }
}

impl<'de, R: Deserialize<'de> + Into<LinkIn<'de>>, E: Events<'de>> DeserializeSeed<'de>
    for LinkSeq<'_, R, E>
{
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, R: Deserialize<'de> + Into<LinkIn<'de>>, E: Events<'de>> Visitor<'de>
    for LinkSeq<'_, R, E>
{
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }
    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<(), S::Error> {
        let mut batch = Vec::with_capacity(LINK_BATCH);
        while let Some(r) = seq.next_element::<R>()? {
            batch.push(r.into());
            if batch.len() == LINK_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(LINK_BATCH));
                self.events.links(self.kind, full);
            }
        }
        if !batch.is_empty() {
            self.events.links(self.kind, batch);
        }
        self.events.links_end(self.kind);
        Ok(())
    }
}

/// Parses `bytes` to the end, handing collections to `events`.
fn parse<'a, E: Events<'a>>(bytes: &'a [u8], events: &mut E) -> Result<Header, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let header = DocVisitor(events).deserialize(&mut de)?;
    de.end()?;
    Ok(header)
}

/// Imports the native JSON document `bytes`, building each collection as soon as it is
/// parsed. `None` if the document does not parse: the caller then reads its [`header`] and
/// parses it into [`crate::document::Document`] for serde_json's error (or imports what only
/// that accepts).
pub(crate) fn import(
    bytes: &[u8],
    origins: &Origins,
    mode: Mode,
) -> Option<Result<Imported, ImportError>> {
    let mut sink = Sink::new(origins, mode);
    let header = parse(bytes, &mut sink).ok()?;
    Some(sink.finish(&header))
}

/// The [`Header`] of the document `bytes`, read without its collections: the checks and
/// findings of [`DocVisitor`] for a document that only [`crate::document::Document`] reads.
/// An error for a document that is not an object or has a wrong `format` or `version`.
pub(crate) fn header(bytes: &[u8]) -> Result<Header, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    de::Deserializer::deserialize_map(&mut de, HeaderVisitor)
}

/// The top level of a document, for [`header`].
struct HeaderVisitor;

impl<'de> Visitor<'de> for HeaderVisitor {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Header, M::Error> {
        let mut header = Header::default();
        while let Some(name) = map.next_key::<Text<'de>>()? {
            match header.note(name.as_str()) {
                Some(Key::Format) => check_format(map.next_value::<Text<'de>>()?.as_str())?,
                Some(Key::Version) => check_version(map.next_value::<u32>()?)?,
                Some(Key::Links) => header.note_links(map.next_value::<LinkKeys>()?.0),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(header)
    }
}

/// The unknown keys of a `links` object, for [`header`]; a value that is not an object has
/// none (reading it into the document then fails).
struct LinkKeys(Vec<String>);

impl<'de> Deserialize<'de> for LinkKeys {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LinkKeysVisitor)
    }
}

struct LinkKeysVisitor;

impl<'de> Visitor<'de> for LinkKeysVisitor {
    type Value = LinkKeys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<LinkKeys, M::Error> {
        let mut unknown = Vec::new();
        while let Some(name) = map.next_key::<Text<'de>>()? {
            if LinkKey::of(name.as_str()).is_none() {
                unknown.push(name.as_str().to_owned());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(LinkKeys(unknown))
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<LinkKeys, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_bool<Er: de::Error>(self, _: bool) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_i64<Er: de::Error>(self, _: i64) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_u64<Er: de::Error>(self, _: u64) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_f64<Er: de::Error>(self, _: f64) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_str<Er: de::Error>(self, _: &str) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }

    fn visit_unit<Er: de::Error>(self) -> Result<LinkKeys, Er> {
        Ok(LinkKeys(Vec::new()))
    }
}
