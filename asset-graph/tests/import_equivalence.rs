//! The fast native JSON import (streamed, borrowed records, sorted indexing, link-end hints)
//! gives exactly what the straightforward builder gives: the same nodes and links at the same
//! indices, the same findings in the same order, the same strict rejections and the same JSON
//! errors. The reference below is the builder as it was before those optimisations, written
//! against the public API.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::document::{self, Document};
use chargeshift_graph::generate::{FleetSpec, generate};
use chargeshift_graph::import::{self, ImportError, Mode, Origins, build_owned};
use chargeshift_graph::validate::{self, Finding, FindingClass, Report, Where};
use chargeshift_graph::*;
use serde_json::Value;

/// What an import gives, in a comparable form: every node and link with its index, and the
/// findings; or the strict rejection; or the JSON error.
#[derive(Debug, PartialEq)]
enum Outcome {
    Built {
        nodes: Vec<(usize, Node)>,
        links: Vec<(usize, usize, usize, Link)>,
        findings: Vec<Finding>,
    },
    Rejected {
        first: Finding,
        count: usize,
        findings: Vec<Finding>,
    },
    Json(String),
}

fn built(fleet: &Fleet, report: &Report) -> Outcome {
    for (ix, n) in fleet.nodes() {
        assert_eq!(fleet.find(n.kind(), n.id()), Some(ix), "index of {n:?}");
    }
    Outcome::Built {
        nodes: fleet
            .nodes()
            .map(|(ix, n)| (ix.index(), n.clone()))
            .collect(),
        links: fleet
            .links()
            .map(|l| (l.index.index(), l.source.index(), l.target.index(), l.link))
            .collect(),
        findings: report.findings.clone(),
    }
}

fn outcome(r: Result<import::Imported, ImportError>) -> Outcome {
    match r {
        Ok(i) => built(&i.fleet, &i.report),
        Err(ImportError::Rejected {
            first,
            count,
            report,
        }) => Outcome::Rejected {
            first: *first,
            count,
            findings: report.findings,
        },
        Err(e) => Outcome::Json(e.to_string()),
    }
}

/// The reference builder.
struct Reference<'a> {
    fleet: Fleet,
    report: Report,
    origins: &'a Origins,
}

fn b(s: Option<String>) -> Option<Box<str>> {
    s.filter(|x| !x.is_empty()).map(String::into_boxed_str)
}

fn c(s: Option<String>) -> Option<CompactString> {
    s.filter(|x| !x.is_empty()).map(Into::into)
}

impl Reference<'_> {
    fn node(&mut self, coll: &str, i: usize, id: &str, data: NodeData) -> Option<NodeIndex> {
        // ids and references are read trimmed, as the CSV bundle reads every cell
        let id = id.trim();
        let kind = data.kind();
        if id.trim().is_empty() {
            let at = self.origins.at(coll, i, "id");
            self.report
                .push(FindingClass::EmptyField, at, format!("{kind} without id"));
            return None;
        }
        if let Some(c) = id.chars().find(|c| c.is_control()) {
            let at = self.origins.at(coll, i, "id");
            let m = format!(
                "{kind} id {id:?} contains the control character U+{:04X}; it is kept, fix it in \
                 the export",
                u32::from(c)
            );
            self.report.push(FindingClass::InvalidValue, at, m);
        }
        match self.fleet.add_node(Node::new(id, data)) {
            Ok(ix) => Some(ix),
            Err(e) => {
                let at = self.origins.at(coll, i, "id");
                let m = format!("{e}, this record is skipped");
                self.report.push(FindingClass::DuplicateId, at, m);
                None
            }
        }
    }

    fn asset(&mut self, coll: &str, i: usize, id: &str, ug: Option<&str>, data: NodeData) {
        let kind = data.kind();
        let Some(ix) = self.node(coll, i, id, data) else {
            return;
        };
        match ug.map(str::trim).filter(|u| !u.is_empty()) {
            None => {
                let at = self.origins.at(coll, i, "user_group");
                let m = format!("{kind} {:?} has no user group", self.fleet.id(ix));
                self.report.push(FindingClass::EmptyField, at, m);
            }
            Some(u) => match self.fleet.find(NodeKind::UserGroup, u) {
                None => {
                    let at = self.origins.at(coll, i, "user_group");
                    let m = format!(
                        "{kind} {:?} names unknown user group {u:?}",
                        self.fleet.id(ix)
                    );
                    self.report.push(FindingClass::DanglingReference, at, m);
                }
                Some(g) => {
                    if let Err(e) = self.fleet.add_link(ix, g, LinkKind::UserGroup) {
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
        self.report.push(class, at, e.to_string());
    }

    fn resolve(
        &mut self,
        coll: &str,
        i: usize,
        f: &str,
        kind: NodeKind,
        id: &str,
    ) -> Option<NodeIndex> {
        let id = id.trim();
        if id.is_empty() {
            let at = self.origins.at(coll, i, f);
            self.report
                .push(FindingClass::EmptyField, at, format!("empty {kind} id"));
            return None;
        }
        let found = self.fleet.find(kind, id);
        if found.is_none() {
            let at = self.origins.at(coll, i, f);
            let m = format!("unknown {kind} {id:?}");
            self.report.push(FindingClass::DanglingReference, at, m);
        }
        found
    }

    fn links(&mut self, kind: LinkKind, records: Vec<(String, String, Option<String>)>) {
        let coll = kind.as_str();
        let (ka, kb) = kind.endpoints();
        let fa = if ka == NodeKind::ChargeCard {
            "card"
        } else {
            ka.as_str()
        };
        let fb = kb.as_str();
        for (i, (a, bb, tariff)) in records.into_iter().enumerate() {
            let ra = self.resolve(coll, i, fa, ka, &a);
            let rb = self.resolve(coll, i, fb, kb, &bb);
            let t = tariff
                .map(|t| t.trim().to_owned())
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

    fn check(&mut self, mode: Mode) -> Option<Outcome> {
        if mode == Mode::Lenient {
            return None;
        }
        let first = self.report.findings.first().cloned()?;
        let findings: Vec<Finding> = std::mem::take(&mut self.report.findings)
            .into_iter()
            .filter(|f| f.code == first.code)
            .collect();
        Some(Outcome::Rejected {
            first,
            count: findings.len(),
            findings,
        })
    }
}

use chargeshift_graph::document::{KEYS, LINK_KEYS};

/// The top level of a document: its unknown keys (whether in `links`, key) and whether it has
/// a known one; an error for a document that is not an object, or a wrong format or version.
struct Top;

impl<'de> serde::de::Visitor<'de> for Top {
    type Value = (Vec<(bool, String)>, bool, bool);
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a chargeshift fleet document (a JSON object)")
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        use serde::de::{Error, IgnoredAny};
        let (mut unknown, mut known, mut links) = (Vec::new(), false, false);
        while let Some(k) = map.next_key::<String>()? {
            if !KEYS.contains(&k.as_str()) {
                map.next_value::<IgnoredAny>()?;
                unknown.push((false, k));
                continue;
            }
            known = true;
            match k.as_str() {
                "format" => {
                    let f = map.next_value::<String>()?;
                    if f != "chargeshift-fleet" {
                        return Err(M::Error::custom(format!(
                            "format is {f:?}, expected \"chargeshift-fleet\": not a chargeshift fleet document"
                        )));
                    }
                }
                "version" => {
                    let v = map.next_value::<u32>()?;
                    if v != 1 {
                        return Err(M::Error::custom(format!(
                            "version {v} is not supported, expected 1"
                        )));
                    }
                }
                "links" => {
                    links = true;
                    // the keys of an object; any other value has none
                    if let Value::Object(l) = map.next_value::<Value>()? {
                        for k in l.keys() {
                            if !LINK_KEYS.contains(&k.as_str()) {
                                unknown.push((true, k.clone()));
                            }
                        }
                    }
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((unknown, known, links))
    }
}

/// The findings of the top level of a document.
fn top_findings(file: &str, unknown: &[(bool, String)], known: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    for (in_links, k) in unknown {
        let near: &[&str] = if *in_links { &LINK_KEYS } else { &KEYS };
        // the near misses of these tests: another case, or one edit
        let hint = near
            .iter()
            .find(|n| n.eq_ignore_ascii_case(k) || strsim_one_edit(n, k))
            .map_or(String::new(), |n| format!(" (did you mean {n:?}?)"));
        out.push(
            Finding::new(
                FindingClass::Syntax,
                FindingClass::Syntax.severity(),
                format!("unknown key {k:?}{hint}: its value is not read"),
            )
            .at(Where {
                file: Some(file.to_owned()),
                line: None,
                record: in_links.then(|| "links".to_owned()),
                field: Some(k.clone()),
            }),
        );
    }
    if !known {
        let mut message = format!(
            "not a fleet document: it has none of the keys of one ({}, with \"format\": \"chargeshift-fleet\")",
            KEYS.join(", ")
        );
        if unknown.iter().any(|(_, k)| k == "data") {
            message.push_str("; an OCPI module is read with the OCPI import");
        }
        out.push(
            Finding::new(
                FindingClass::Syntax,
                FindingClass::Syntax.severity(),
                message,
            )
            .at(Where {
                file: Some(file.to_owned()),
                ..Where::default()
            }),
        );
    }
    out
}

/// Whether `a` and `b` differ by one substituted, inserted or deleted character.
fn strsim_one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    a.len().max(b.len()) - p - s <= 1 && a.len().abs_diff(b.len()) <= 1
}

fn json_outcome(file: &str, e: &serde_json::Error) -> Outcome {
    // the position once, in front; serde_json's own text without it
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    let what = text
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&text);
    Outcome::Json(format!(
        "{file}:{line}:{column}: invalid fleet json: {what}"
    ))
}

fn reference(bytes: &[u8], file: &str, mode: Mode) -> Outcome {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let (unknown, known, has_links) = match serde::Deserializer::deserialize_map(&mut de, Top) {
        Ok(top) => top,
        Err(e) => return json_outcome(file, &e),
    };
    let doc: Document = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => return json_outcome(file, &e),
    };
    let top = top_findings(file, &unknown, known);
    if mode == Mode::Strict && !top.is_empty() {
        return Outcome::Rejected {
            first: top[0].clone(),
            count: top.len(),
            findings: top,
        };
    }
    let origins = Origins::json(file);
    let mut r = Reference {
        fleet: Fleet::new(),
        report: Report { findings: top },
        origins: &origins,
    };
    let mut parents = Vec::new();
    for (i, u) in doc.user_groups.into_iter().enumerate() {
        let data = NodeData::UserGroup(UserGroup {
            name: b(u.name),
            is_provider: u.is_provider,
        });
        parents.push((r.node("user_groups", i, &u.id, data), u.parent));
    }
    for (i, t) in doc.tariffs.into_iter().enumerate() {
        let data = Tariff { name: b(t.name) }.into();
        r.asset("tariffs", i, &t.id, t.user_group.as_deref(), data);
    }
    for (i, p) in doc.parameter_sets.into_iter().enumerate() {
        let data = ParameterSet { name: b(p.name) }.into();
        r.asset("parameter_sets", i, &p.id, p.user_group.as_deref(), data);
    }
    for (i, l) in doc.locations.into_iter().enumerate() {
        if l.latitude.is_some() != l.longitude.is_some() {
            let at = origins.at("locations", i, "latitude");
            let m = format!("location {:?} has only one of latitude and longitude", l.id);
            r.report.push(FindingClass::EmptyField, at, m);
        }
        let lat = l.latitude.filter(|v| !(-90.0..=90.0).contains(v));
        let lon = l.longitude.filter(|v| !(-180.0..=180.0).contains(v));
        for (field, v, range) in [
            ("latitude", lat, "-90..90"),
            ("longitude", lon, "-180..180"),
        ] {
            if let Some(v) = v {
                let at = origins.at("locations", i, field);
                let m = format!(
                    "location {:?} has {field} {v}, not within {range}; it is kept without coordinates",
                    l.id
                );
                r.report.push(FindingClass::InvalidValue, at, m);
            }
        }
        let coordinates = l.coordinates().filter(|_| lat.is_none() && lon.is_none());
        let data = Location {
            name: b(l.name),
            address: b(l.address),
            city: b(l.city),
            country: b(l.country),
            coordinates,
        }
        .into();
        r.asset("locations", i, &l.id, l.user_group.as_deref(), data);
    }
    for (i, g) in doc.charge_groups.into_iter().enumerate() {
        let data = ChargeGroup {
            name: b(g.name),
            group_type: g.group_type,
            all_customers: g.all_customers,
            roaming: g.roaming,
        }
        .into();
        r.asset("charge_groups", i, &g.id, g.user_group.as_deref(), data);
    }
    for (i, c) in doc.customers.into_iter().enumerate() {
        let data = Customer { name: b(c.name) }.into();
        r.asset("customers", i, &c.id, c.user_group.as_deref(), data);
    }
    for (i, c) in doc.charge_cards.into_iter().enumerate() {
        let data = ChargeCard {
            status: c.status,
            contract_id: b(c.contract_id),
            group_id: b(c.group_id),
        }
        .into();
        r.asset("charge_cards", i, &c.id, c.user_group.as_deref(), data);
    }
    for (i, cp) in doc.charge_points.into_iter().enumerate() {
        let data = ChargePoint {
            vendor: c(cp.vendor),
            model: c(cp.model),
            firmware: c(cp.firmware),
            serial: c(cp.serial),
            evse_count: cp.evse_count,
            connector_count: cp.connector_count,
            segments: cp.segments.into_iter().collect(),
        }
        .into();
        r.asset("charge_points", i, &cp.id, cp.user_group.as_deref(), data);
    }
    if let Some(o) = r.check(mode) {
        return o;
    }
    for (i, (ix, parent)) in parents.into_iter().enumerate() {
        let parent = parent.map(|p| p.trim().to_owned());
        let (Some(ix), Some(p)) = (ix, parent.filter(|p| !p.is_empty())) else {
            continue;
        };
        let Some(pix) = r.resolve("user_groups", i, "parent", NodeKind::UserGroup, &p) else {
            continue;
        };
        if let Err(e) = r.fleet.add_link(ix, pix, LinkKind::ParentGroup) {
            let at = origins.at("user_groups", i, "parent");
            r.model_error(at, &e);
        }
    }
    let l = doc.links;
    let pairs = |v: Vec<(String, String)>| v.into_iter().map(|(a, b)| (a, b, None)).collect();
    r.links(
        LinkKind::CardCustomer,
        pairs(
            l.card_customer
                .into_iter()
                .map(|x| (x.card, x.customer))
                .collect(),
        ),
    );
    r.links(
        LinkKind::CustomerChargePoint,
        pairs(
            l.customer_charge_point
                .into_iter()
                .map(|x| (x.customer, x.charge_point))
                .collect(),
        ),
    );
    r.links(
        LinkKind::CustomerChargeGroup,
        l.customer_charge_group
            .into_iter()
            .map(|x| (x.customer, x.charge_group, x.tariff))
            .collect(),
    );
    r.links(
        LinkKind::ChargePointChargeGroup,
        pairs(
            l.charge_point_charge_group
                .into_iter()
                .map(|x| (x.charge_point, x.charge_group))
                .collect(),
        ),
    );
    r.links(
        LinkKind::ChargePointLocation,
        pairs(
            l.charge_point_location
                .into_iter()
                .map(|x| (x.charge_point, x.location))
                .collect(),
        ),
    );
    r.links(
        LinkKind::ChargeGroupTariff,
        pairs(
            l.charge_group_tariff
                .into_iter()
                .map(|x| (x.charge_group, x.tariff))
                .collect(),
        ),
    );
    r.links(
        LinkKind::ChargePointParameterSet,
        pairs(
            l.charge_point_parameter_set
                .into_iter()
                .map(|x| (x.charge_point, x.parameter_set))
                .collect(),
        ),
    );
    if let Some(o) = r.check(mode) {
        return o;
    }
    let cross = validate::validate(&r.fleet);
    for f in cross.findings {
        if f.code == FindingClass::CrossProvider {
            r.report.findings.push(f);
        }
    }
    if let Some(o) = r.check(mode) {
        return o;
    }
    // a document without `links` whose records connections could join says so (in strict mode
    // too: the finding is reported, the fleet accepted)
    if !has_links {
        let counts = r.fleet.count_by_kind();
        let has = |k| counts.get(&k).is_some_and(|&n| n > 0);
        let kinds: Vec<&str> = LinkKind::ALL
            .iter()
            .filter(|l| LinkKinds::CONNECTIONS.contains(**l))
            .filter(|l| {
                let (a, b) = l.endpoints();
                has(a) && has(b)
            })
            .map(|l| l.as_str())
            .collect();
        if !kinds.is_empty() {
            r.report.push(
                FindingClass::MissingFile,
                Where {
                    file: Some(file.to_owned()),
                    field: Some("links".to_owned()),
                    ..Where::default()
                },
                format!(
                    "the document has no \"links\": the fleet holds no connections ({}) although it has the records they join; export them, or, if the back office truly has none, accept this finding (chargeshift plan --accept-findings)",
                    kinds.join(", ")
                ),
            );
        }
    }
    built(&r.fleet, &r.report)
}

/// The document as JSON with its top-level keys (and those of `links`) in `order`; keys not
/// named keep their place after the named ones.
fn reordered(doc: &Document, order: &[&str]) -> Vec<u8> {
    let Value::Object(map) = serde_json::to_value(doc).unwrap() else {
        panic!("not an object")
    };
    let mut out = String::from("{");
    let mut first = true;
    let mut emit = |k: &str, v: &Value| {
        if !first {
            out.push(',');
        }
        first = false;
        out.push_str(&serde_json::to_string(k).unwrap());
        out.push(':');
        if k == "links" {
            // the link kinds in reverse order
            let Value::Object(l) = v else { panic!() };
            let mut keys: Vec<_> = l.keys().collect();
            keys.reverse();
            out.push('{');
            let inner: Vec<String> = keys
                .iter()
                .map(|k| format!("{}:{}", serde_json::to_string(k).unwrap(), l[*k]))
                .collect();
            out.push_str(&inner.join(","));
            out.push('}');
        } else {
            out.push_str(&v.to_string());
        }
    };
    for k in order {
        if let Some(v) = map.get(*k) {
            emit(k, v);
        }
    }
    for (k, v) in &map {
        if !order.contains(&k.as_str()) {
            emit(k, v);
        }
    }
    out.push('}');
    out.into_bytes()
}

fn same(bytes: &[u8], what: &str) {
    for mode in [Mode::Lenient, Mode::Strict] {
        let fast = outcome(document::read_json_slice(bytes, "f.json", mode));
        let slow = reference(bytes, "f.json", mode);
        assert!(fast == slow, "{what} {mode:?}: fast and reference differ");
        let owned: Document = match serde_json::from_slice(bytes) {
            Ok(d) => d,
            Err(_) => continue,
        };
        // a `Document` keeps nothing of the top level but format and version: compare only
        // documents whose top level has nothing to report
        let mut de = serde_json::Deserializer::from_slice(bytes);
        match serde::Deserializer::deserialize_map(&mut de, Top) {
            Ok((unknown, true, _)) if unknown.is_empty() => {}
            _ => continue,
        }
        let via_owned = outcome(build_owned(owned, &Origins::json("f.json"), mode));
        assert!(
            via_owned == slow,
            "{what} {mode:?}: build_owned and reference differ"
        );
    }
}

#[test]
fn messy_fleets_in_any_key_order() {
    // about 2000 charge points: collections above the size that is indexed in bucket order
    for (n, seed) in [(40, 3), (2000, 1), (2500, 7)] {
        let doc = generate(&FleetSpec::new(n).seed(seed).messy());
        let canonical = serde_json::to_vec(&doc).unwrap();
        same(&canonical, "as written");
        // alphabetical (serde_json::Value), links reversed: collections arrive out of order
        same(&reordered(&doc, &[]), "alphabetical");
        same(
            &reordered(&doc, &["links", "charge_points", "customers"]),
            "links first",
        );
        same(
            &reordered(
                &doc,
                &[
                    "user_groups",
                    "tariffs",
                    "parameter_sets",
                    "locations",
                    "charge_groups",
                    "customers",
                    "charge_cards",
                    "charge_points",
                ],
            ),
            "builder order",
        );
    }
}

#[test]
fn duplicates_blanks_and_missing_collections() {
    let mut doc = generate(&FleetSpec::new(2500).seed(5).messy());
    // duplicates, blank ids (one only blank to `trim`), references to blank ids
    let n = doc.customers.len();
    for i in (100..n).step_by(97) {
        doc.customers[i].id = doc.customers[i - 50].id.clone();
    }
    for (i, blank) in [" ", "", "\u{a0}", "\u{b}"].into_iter().enumerate() {
        doc.charge_cards[10 + i].id = blank.into();
        doc.customers[20 + i].user_group = Some(blank.into());
        doc.links.card_customer[30 + i].customer = blank.into();
    }
    doc.charge_points[7].id = doc.charge_points[3].id.clone();
    doc.charge_points[9].id = doc.charge_points[3].id.clone();
    same(&serde_json::to_vec(&doc).unwrap(), "edited");
    // many copies of one id (the sorted collection must stay linear)
    let many = doc.charge_cards.len() / 2;
    for c in doc.charge_cards.iter_mut().take(many) {
        c.id = "SAME".into();
    }
    let started = std::time::Instant::now();
    same(&serde_json::to_vec(&doc).unwrap(), "one id many times");
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
    doc.tariffs.clear();
    let mut v = serde_json::to_value(&doc).unwrap();
    v.as_object_mut().unwrap().remove("tariffs");
    v.as_object_mut().unwrap().remove("locations");
    same(
        &serde_json::to_vec(&v).unwrap(),
        "without tariffs and locations",
    );
}

#[test]
fn errors_and_odd_documents_match() {
    let doc = serde_json::to_string(&generate(&FleetSpec::new(30).messy())).unwrap();
    let cut = doc.len() / 2;
    let cases = [
        "{".to_owned(),
        "{\n\"customers\": 5}".to_owned(),
        doc[..cut].to_owned(),
        doc.replacen("\"links\":{", "\"links\":{\"card_customer\":7,", 1),
        doc.replacen("\"customers\":[", "\"customers\":[],\"customers\":[", 1),
        doc.replacen("\"evse_count\":1", "\"evse_count\":-1", 1),
        doc.replacen("\"status\":\"active\"", "\"status\":\"lost\"", 1),
        format!("{doc} x"),
        format!("[{doc}]"),
        // valid but odd: an escaped id, unknown keys, a record as an array, null options
        doc.replacen("\"id\":\"CU", "\"id\":\"\\u0043U", 3),
        doc.replacen("{\"format\"", "{\"extra\":{\"a\":[1,2,{}]},\"format\"", 1),
        r#"{"user_groups":[["U", "name", null, true]],"customers":[{"id":"C","user_group":"U","name":null}]}"#.to_owned(),
        r#"{"user_groups":[{"id":"U"}],"customers":[{"id":"C","user_group":"U"}],"links":{"card_customer":[]},"version":2,"format":"x"}"#.to_owned(),
        // the top level: not an object, no known key, unknown keys, format and version
        "[]".to_owned(),
        "{}".to_owned(),
        r#"{"data":[{"id":"LOC1"}],"status_code":1000}"#.to_owned(),
        r#"{"format":"x","version":1}"#.to_owned(),
        r#"{"format":"chargeshift-fleet","version":99}"#.to_owned(),
        doc.replacen("\"links\":{", "\"Links\":{", 1),
        doc.replacen("\"links\":{", "\"links\":{\"card_customers\":[],", 1),
        doc.replacen("\"customers\":[", "\"Customers\":[", 1),
        format!("\u{feff}{doc}"),
        // ids and references with white space around them, coordinates out of range
        r#"{"user_groups":[{"id":" U "},{"id":"V","parent":" U"}],"customers":[{"id":" C ","user_group":"U "}],"charge_points":[{"id":"P","user_group":" U"}],"locations":[{"id":"L","user_group":"U","latitude":952,"longitude":5},{"id":"M","user_group":"U","latitude":1,"longitude":-181}],"links":{"customer_charge_point":[{"customer":"C","charge_point":" P "}],"charge_point_location":[{"charge_point":"P ","location":" L"}]}}"#.to_owned(),
    ];
    for (i, c) in cases.iter().enumerate() {
        same(c.as_bytes(), &format!("case {i}"));
    }
}

#[test]
fn fuzz_corpus_when_present() {
    // the corpus of `asset-graph/fuzz` is not committed; where a run left one, use it
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/native_json");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        same(&bytes, &path.display().to_string());
    }
}
