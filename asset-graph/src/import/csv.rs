//! The CSV bundle: a folder with one file per node kind and one per link kind, in the spirit of
//! the connection reports an operator downloads before migrating ("01. CPO Data", "02. eMSP
//! Data", "04. Customer Data").
//!
//! # Format
//!
//! UTF-8, comma separated, `"` quoting, a header line naming the columns. Columns are found by
//! name, in any order and any case (`Name` is `name`); a missing optional column reads as empty;
//! an unknown column, a column named twice, a row whose number of fields differs from the
//! header's (the row is skipped), a quote left open at the end of the file and a value that is
//! not UTF-8 are findings. A missing file reads as no records, but a folder with none of the
//! files is an error. Empty cells are absent values. Booleans are `true`/`false`
//! (also `1`/`0`, `yes`/`no`), counts are non-negative integers, coordinates decimal degrees.
//!
//! | file | columns (required in bold) |
//! |---|---|
//! | `user_groups.csv` | **id**, name, parent, is_provider |
//! | `customers.csv` | **id**, **user_group**, name |
//! | `charge_cards.csv` | **id**, **user_group**, status (`active`, `blocked`, `expired`, `inactive`), contract_id, group_id |
//! | `charge_points.csv` | **id**, **user_group**, vendor, model, firmware, serial, evse_count, connector_count, segments |
//! | `locations.csv` | **id**, **user_group**, name, address, city, country, latitude, longitude |
//! | `charge_groups.csv` | **id**, **user_group**, name, type (`home`, `other`), all_customers, roaming |
//! | `tariffs.csv` | **id**, **user_group**, name |
//! | `parameter_sets.csv` | **id**, **user_group**, name |
//! | `card_customer.csv` | **card**, **customer** |
//! | `customer_charge_point.csv` | **customer**, **charge_point** |
//! | `customer_charge_group.csv` | **customer**, **charge_group**, tariff |
//! | `charge_point_charge_group.csv` | **charge_point**, **charge_group** |
//! | `charge_point_location.csv` | **charge_point**, **location** |
//! | `charge_group_tariff.csv` | **charge_group**, **tariff** |
//! | `charge_point_parameter_set.csv` | **charge_point**, **parameter_set** |
//!
//! `segments` holds the segment tags as `key=value` pairs separated by `;`, with `%`, `;` and `=`
//! inside keys and values written as `%25`, `%3B` and `%3D`.
//!
//! Every problem is a finding with the file, line and field: unreadable records
//! ([`FindingClass::Syntax`]), values that cannot be
//! parsed ([`FindingClass::InvalidValue`], the
//! field is then left empty) and everything [`build`](crate::import::build) checks.
//!
//! ```
//! use chargeshift_graph::import::{csv, Mode};
//! let files = [
//!     ("user_groups.csv", "id,name,is_provider\nACME,Acme,true\n"),
//!     ("customers.csv", "id,user_group,name\nC1,ACME,Jan\n"),
//!     ("charge_cards.csv", "id,user_group,status\nK1,ACME,blocked\n"),
//!     ("card_customer.csv", "card,customer\nK1,C1\nK1,C2\n"),
//! ];
//! let imported = csv::read_memory(&files, Mode::Lenient)?;
//! assert_eq!(imported.fleet.node_count(), 3);
//! let f = &imported.report.findings[0];
//! assert_eq!((f.at.file.as_deref(), f.at.line), (Some("card_customer.csv"), Some(3)));
//! # Ok::<(), chargeshift_graph::import::ImportError>(())
//! ```

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use crate::document::{
    CardCustomer, ChargeCardRecord, ChargeGroupRecord, ChargeGroupTariff, ChargePointChargeGroup,
    ChargePointLocation, ChargePointParameterSet, ChargePointRecord, CustomerChargeGroup,
    CustomerChargePoint, CustomerRecord, Document, LocationRecord, NamedRecord, UserGroupRecord,
};
use crate::fleet::Fleet;
use crate::import::{ImportError, Imported, Mode, Origins, build_owned};
use crate::model::{CardStatus, ChargeGroupType, LinkKind, NodeKind};
use crate::validate::{FindingClass, Report, Where};

/// The files of a bundle, without `.csv`, in reading order, with their columns.
pub const FILES: [(&str, &[&str]); 15] = [
    ("user_groups", &["id", "name", "parent", "is_provider"]),
    ("customers", &["id", "user_group", "name"]),
    (
        "charge_cards",
        &["id", "user_group", "status", "contract_id", "group_id"],
    ),
    (
        "charge_points",
        &[
            "id",
            "user_group",
            "vendor",
            "model",
            "firmware",
            "serial",
            "evse_count",
            "connector_count",
            "segments",
        ],
    ),
    (
        "locations",
        &[
            "id",
            "user_group",
            "name",
            "address",
            "city",
            "country",
            "latitude",
            "longitude",
        ],
    ),
    (
        "charge_groups",
        &[
            "id",
            "user_group",
            "name",
            "type",
            "all_customers",
            "roaming",
        ],
    ),
    ("tariffs", &["id", "user_group", "name"]),
    ("parameter_sets", &["id", "user_group", "name"]),
    ("card_customer", &["card", "customer"]),
    ("customer_charge_point", &["customer", "charge_point"]),
    (
        "customer_charge_group",
        &["customer", "charge_group", "tariff"],
    ),
    (
        "charge_point_charge_group",
        &["charge_point", "charge_group"],
    ),
    ("charge_point_location", &["charge_point", "location"]),
    ("charge_group_tariff", &["charge_group", "tariff"]),
    (
        "charge_point_parameter_set",
        &["charge_point", "parameter_set"],
    ),
];

/// The columns a file must have.
fn required(file: &str) -> &'static [&'static str] {
    match file {
        "user_groups" => &["id"],
        "customers" | "charge_cards" | "charge_points" | "locations" | "charge_groups"
        | "tariffs" | "parameter_sets" => &["id", "user_group"],
        "customer_charge_group" => &["customer", "charge_group"],
        _ => columns(file),
    }
}

/// One record being read: its cells by column name.
struct Row<'a> {
    rec: &'a ::csv::StringRecord,
    cols: &'a BTreeMap<String, usize>,
    path: &'a str,
    line: u64,
    report: &'a mut Report,
}

impl Row<'_> {
    fn text(&self, col: &str) -> String {
        self.cols
            .get(col)
            .and_then(|&i| self.rec.get(i))
            .unwrap_or("")
            .trim()
            .to_owned()
    }
    fn opt(&self, col: &str) -> Option<String> {
        Some(self.text(col)).filter(|s| !s.is_empty())
    }
    fn invalid(&mut self, col: &str, message: String) {
        self.report.push(
            FindingClass::InvalidValue,
            Where {
                file: Some(self.path.to_owned()),
                line: Some(self.line),
                record: None,
                field: Some(col.to_owned()),
            },
            message,
        );
    }
    fn parse<T: std::str::FromStr>(&mut self, col: &str, what: &str) -> Option<T> {
        let t = self.text(col);
        if t.is_empty() {
            return None;
        }
        let v = t.parse().ok();
        if v.is_none() {
            self.invalid(col, format!("{t:?} is not {what}"));
        }
        v
    }
    fn flag(&mut self, col: &str) -> bool {
        let t = self.text(col).to_ascii_lowercase();
        match t.as_str() {
            "" | "false" | "0" | "no" | "n" | "f" => false,
            "true" | "1" | "yes" | "y" | "t" => true,
            _ => {
                self.invalid(col, format!("{t:?} is not a boolean"));
                false
            }
        }
    }
    fn status(&mut self) -> CardStatus {
        let t = self.text("status").to_ascii_lowercase();
        match t.as_str() {
            "" | "active" => CardStatus::Active,
            "blocked" => CardStatus::Blocked,
            "expired" => CardStatus::Expired,
            "inactive" => CardStatus::Inactive,
            _ => {
                self.invalid("status", format!("unknown card status {t:?}"));
                CardStatus::Active
            }
        }
    }
    fn group_type(&mut self) -> ChargeGroupType {
        let t = self.text("type").to_ascii_lowercase();
        match t.as_str() {
            "" | "other" => ChargeGroupType::Other,
            "home" => ChargeGroupType::Home,
            _ => {
                self.invalid("type", format!("unknown charge group type {t:?}"));
                ChargeGroupType::Other
            }
        }
    }
    fn segments(&mut self) -> BTreeMap<String, String> {
        let t = self.text("segments");
        let mut out = BTreeMap::new();
        for pair in t.split(';').filter(|p| !p.trim().is_empty()) {
            match pair.split_once('=') {
                Some((k, v)) => {
                    let (k, v) = (unescape(k.trim()), unescape(v.trim()));
                    if let Some(old) = out.insert(k.clone(), v.clone()) {
                        self.invalid(
                            "segments",
                            format!(
                                "segment {k:?} is given twice ({old:?}, then {v:?}); the last \
                                 one is kept"
                            ),
                        );
                    }
                }
                None => self.invalid("segments", format!("{pair:?} is not key=value")),
            }
        }
        out
    }
}

/// `dir/file.csv`, or `file.csv` for an empty `dir`.
pub(crate) fn csv_path(dir: &str, file: &str) -> String {
    if dir.is_empty() {
        format!("{file}.csv")
    } else {
        format!("{}/{file}.csv", dir.trim_end_matches('/'))
    }
}

/// The prefix of a segment's own column when a table holds segments flat, one column per key
/// (`segment.criticality`), as the bindings' `to_pandas` and `from_pandas` do.
pub const SEGMENT_COLUMN_PREFIX: &str = "segment.";

/// The `segments` cell of the tags `segments`: `key=value` pairs separated by `;`, with `%`, `;`
/// and `=` escaped, as [`write_memory`] writes it and [`read_memory`] reads it. Pairs with an
/// empty value are left out (a flat table has an empty cell for a key a charge point lacks).
///
/// O(total length).
///
/// ```
/// use chargeshift_graph::import::csv::segments_cell;
/// assert_eq!(segments_cell([("criticality", "high"), ("site", "a;b"), ("none", "")]), "criticality=high;site=a%3Bb");
/// ```
pub fn segments_cell<'a>(segments: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    segments
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect::<Vec<_>>()
        .join(";")
}

fn escape(s: &str) -> String {
    s.replace('%', "%25")
        .replace(';', "%3B")
        .replace('=', "%3D")
}

fn unescape(s: &str) -> String {
    s.replace("%3B", ";")
        .replace("%3b", ";")
        .replace("%3D", "=")
        .replace("%3d", "=")
        .replace("%25", "%")
}

fn add_record(doc: &mut Document, file: &str, r: &mut Row<'_>) {
    let l = &mut doc.links;
    match file {
        "user_groups" => {
            let is_provider = r.flag("is_provider");
            doc.user_groups.push(UserGroupRecord {
                id: r.text("id"),
                name: r.opt("name"),
                parent: r.opt("parent"),
                is_provider,
            });
        }
        "customers" => doc.customers.push(CustomerRecord {
            id: r.text("id"),
            user_group: r.opt("user_group"),
            name: r.opt("name"),
        }),
        "charge_cards" => {
            let status = r.status();
            doc.charge_cards.push(ChargeCardRecord {
                id: r.text("id"),
                user_group: r.opt("user_group"),
                status,
                contract_id: r.opt("contract_id"),
                group_id: r.opt("group_id"),
            });
        }
        "charge_points" => {
            let evse_count = r.parse("evse_count", "a count").unwrap_or(0);
            let connector_count = r.parse("connector_count", "a count").unwrap_or(0);
            let segments = r.segments();
            doc.charge_points.push(ChargePointRecord {
                id: r.text("id"),
                user_group: r.opt("user_group"),
                vendor: r.opt("vendor"),
                model: r.opt("model"),
                firmware: r.opt("firmware"),
                serial: r.opt("serial"),
                evse_count,
                connector_count,
                segments,
            });
        }
        "locations" => {
            // a value out of range (or not finite) is a finding of the builder
            let latitude = r.parse::<f64>("latitude", "a latitude");
            let longitude = r.parse::<f64>("longitude", "a longitude");
            doc.locations.push(LocationRecord {
                id: r.text("id"),
                user_group: r.opt("user_group"),
                name: r.opt("name"),
                address: r.opt("address"),
                city: r.opt("city"),
                country: r.opt("country"),
                latitude,
                longitude,
            });
        }
        "charge_groups" => {
            let group_type = r.group_type();
            let all_customers = r.flag("all_customers");
            let roaming = r.flag("roaming");
            doc.charge_groups.push(ChargeGroupRecord {
                id: r.text("id"),
                user_group: r.opt("user_group"),
                name: r.opt("name"),
                group_type,
                all_customers,
                roaming,
            });
        }
        "tariffs" | "parameter_sets" => {
            let rec = NamedRecord {
                id: r.text("id"),
                user_group: r.opt("user_group"),
                name: r.opt("name"),
            };
            if file == "tariffs" {
                doc.tariffs.push(rec);
            } else {
                doc.parameter_sets.push(rec);
            }
        }
        "card_customer" => l.card_customer.push(CardCustomer {
            card: r.text("card"),
            customer: r.text("customer"),
        }),
        "customer_charge_point" => l.customer_charge_point.push(CustomerChargePoint {
            customer: r.text("customer"),
            charge_point: r.text("charge_point"),
        }),
        "customer_charge_group" => l.customer_charge_group.push(CustomerChargeGroup {
            customer: r.text("customer"),
            charge_group: r.text("charge_group"),
            tariff: r.opt("tariff"),
        }),
        "charge_point_charge_group" => l.charge_point_charge_group.push(ChargePointChargeGroup {
            charge_point: r.text("charge_point"),
            charge_group: r.text("charge_group"),
        }),
        "charge_point_location" => l.charge_point_location.push(ChargePointLocation {
            charge_point: r.text("charge_point"),
            location: r.text("location"),
        }),
        "charge_group_tariff" => l.charge_group_tariff.push(ChargeGroupTariff {
            charge_group: r.text("charge_group"),
            tariff: r.text("tariff"),
        }),
        "charge_point_parameter_set" => {
            l.charge_point_parameter_set.push(ChargePointParameterSet {
                charge_point: r.text("charge_point"),
                parameter_set: r.text("parameter_set"),
            });
        }
        _ => {}
    }
}

/// The columns of bundle file `file` (without `.csv`).
fn columns(file: &str) -> &'static [&'static str] {
    FILES
        .iter()
        .find(|(f, _)| *f == file)
        .map_or(&[], |(_, cols)| *cols)
}

/// A file of a bundle as the importer reads it: from the start, and once read, again from
/// the start of its last record (to tell whether that record ends in an open quote).
pub(crate) trait Source: Read + Seek {}
impl<T: Read + Seek> Source for T {}

/// Where the quoted field left open by the record that starts `tail` begins (its offset in
/// `tail`), if the record ends inside quotes, as the `csv` crate reads it: a field that starts
/// with `"` is quoted up to the next lone `"`, where `""` is an escaped quote; a `"` anywhere
/// else is an ordinary character.
fn open_quote(tail: &[u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        if tail.get(i) == Some(&b'"') {
            let open = i;
            i += 1;
            loop {
                match tail.get(i) {
                    None => return Some(open),
                    Some(b'"') if tail.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
        }
        loop {
            match tail.get(i) {
                None | Some(b'\n' | b'\r') => return None,
                Some(b',') => {
                    i += 1;
                    break;
                }
                Some(_) => i += 1,
            }
        }
    }
}

/// One file being read: where its records go and what is known of its header.
struct FileReader<'a> {
    doc: &'a mut Document,
    file: &'a str,
    path: String,
    /// The column of each known column name.
    cols: BTreeMap<String, usize>,
    /// The header's names as written.
    names: Vec<String>,
    report: &'a mut Report,
    lines: Vec<u64>,
}

impl FileReader<'_> {
    fn at(&self, line: Option<u64>, field: Option<&str>) -> Where {
        Where {
            file: Some(self.path.clone()),
            line,
            record: None,
            field: field.map(str::to_owned),
        }
    }

    /// Reads the header; `false` if the file cannot be read further.
    fn header(&mut self, header: &::csv::ByteRecord) -> bool {
        let line = Some(header.position().map_or(1, ::csv::Position::line));
        let known = columns(self.file);
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw);
            let name = name.trim().trim_start_matches('\u{feff}').trim().to_owned();
            match known.iter().find(|k| k.eq_ignore_ascii_case(&name)) {
                Some(k) => {
                    if let Some(first) = self.cols.get(*k) {
                        let message = format!(
                            "column {k:?} appears twice in the header (columns {} and {}); \
                             the second is not read",
                            first + 1,
                            i + 1
                        );
                        let at = self.at(line, Some(&name));
                        self.report.push(FindingClass::Syntax, at, message);
                    } else {
                        self.cols.insert((*k).to_owned(), i);
                    }
                }
                None if name.is_empty() => {
                    let message = format!(
                        "column {} of the header has no name; its values are not read",
                        i + 1
                    );
                    let at = self.at(line, Some(""));
                    self.report.push(FindingClass::Syntax, at, message);
                }
                None => {
                    // a near miss of a known column is a column lost; anything else is data the
                    // fleet does not hold (an export's notes, timestamps)
                    let near = super::closest(&name, known);
                    let message = format!(
                        "unknown column {name:?}{}; its values are not read (the columns of \
                         this file are {})",
                        super::did_you_mean(&name, known),
                        known.join(", ")
                    );
                    let class = if near.is_some() {
                        FindingClass::Syntax
                    } else {
                        FindingClass::ExtraColumn
                    };
                    let at = self.at(line, Some(&name));
                    self.report.push(class, at, message);
                }
            }
            self.names.push(name);
        }
        let missing: Vec<&str> = required(self.file)
            .iter()
            .copied()
            .filter(|c| !self.cols.contains_key(*c))
            .collect();
        if !missing.is_empty() {
            let at = self.at(line, missing.first().copied());
            let message = format!("header lacks required column(s) {}", missing.join(", "));
            self.report.push(FindingClass::Syntax, at, message);
            return false;
        }
        true
    }

    /// Reads one record.
    fn record(&mut self, rec: ::csv::ByteRecord) {
        let line = rec.position().map_or(0, ::csv::Position::line);
        if rec.iter().all(|c| c.trim_ascii().is_empty()) {
            return;
        }
        if rec.len() != self.names.len() {
            let message = format!(
                "{} fields, the header has {}; this row is skipped",
                rec.len(),
                self.names.len()
            );
            let at = self.at(Some(line), None);
            self.report.push(FindingClass::Syntax, at, message);
            return;
        }
        let rec = match ::csv::StringRecord::from_byte_record(rec) {
            Ok(rec) => rec,
            Err(e) => self.lossy(&e.into_byte_record(), line),
        };
        self.lines.push(line);
        let mut row = Row {
            rec: &rec,
            cols: &self.cols,
            path: &self.path,
            line,
            report: self.report,
        };
        add_record(self.doc, self.file, &mut row);
    }

    /// A record with fields that are not UTF-8: each is a finding, and is read with
    /// replacement characters (so that ids read the same way in every file of the bundle).
    fn lossy(&mut self, rec: &::csv::ByteRecord, line: u64) -> ::csv::StringRecord {
        let mut out = ::csv::StringRecord::with_capacity(rec.as_slice().len(), rec.len());
        for (i, field) in rec.iter().enumerate() {
            let text = String::from_utf8_lossy(field);
            if std::str::from_utf8(field).is_err() {
                let name = self.names.get(i).cloned().unwrap_or_default();
                let message = format!(
                    "{text:?} is not UTF-8: the file is not UTF-8 (re-export it as UTF-8); \
                     the value is read with replacement characters"
                );
                let at = self.at(Some(line), Some(&name));
                self.report.push(FindingClass::InvalidValue, at, message);
            }
            out.push_field(&text);
        }
        out
    }

    /// The last record of the file, whose start is `tail`: an open quote at its end swallowed
    /// the rest of the file, which is a finding, and the record is skipped.
    fn last_record(&mut self, rec: ::csv::ByteRecord, tail: Option<&[u8]>) {
        let line = rec.position().map_or(0, ::csv::Position::line);
        if let Some((tail, open)) = tail.and_then(|t| Some((t, open_quote(t)?))) {
            let before = tail.get(..open).unwrap_or_default();
            let newlines = before.iter().filter(|&&b| b == b'\n').count() as u64;
            let message = format!(
                "unterminated quote starting at line {}: the rest of the file was read as one \
                 field; this row is skipped",
                line + newlines
            );
            let at = self.at(Some(line + newlines), None);
            self.report.push(FindingClass::Syntax, at, message);
            return;
        }
        self.record(rec);
    }
}

/// Reads one file into `doc`; returns the line of each record read.
fn read_file(
    doc: &mut Document,
    dir: &str,
    file: &str,
    reader: impl Source,
    report: &mut Report,
) -> Vec<u64> {
    let mut rdr = ::csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(reader);
    let mut f = FileReader {
        doc,
        file,
        path: csv_path(dir, file),
        cols: BTreeMap::new(),
        names: Vec::new(),
        report,
        lines: Vec::new(),
    };
    let mut records = rdr.byte_records();
    match records.next() {
        None => return f.lines,
        Some(Err(e)) => {
            let at = f.at(Some(1), None);
            f.report.push(FindingClass::Syntax, at, e.to_string());
            return f.lines;
        }
        Some(Ok(h)) => {
            if !f.header(&h) {
                return f.lines;
            }
        }
    }
    // each record is read once the next has been: the last one is checked for an open quote
    let mut held = None;
    for rec in records {
        match rec {
            Err(e) => {
                let line = e.position().map(::csv::Position::line);
                let at = f.at(line, None);
                f.report.push(FindingClass::Syntax, at, e.to_string());
            }
            Ok(rec) => {
                if let Some(prev) = held.replace(rec) {
                    f.record(prev);
                }
            }
        }
    }
    if let Some(last) = held {
        let mut reader = rdr.into_inner();
        let mut tail = Vec::new();
        let read = last.position().is_some_and(|p| {
            reader.seek(SeekFrom::Start(p.byte())).is_ok() && reader.read_to_end(&mut tail).is_ok()
        });
        f.last_record(last, read.then_some(tail.as_slice()));
    }
    f.lines
}

type Opener<'a> = dyn FnMut(&str) -> Result<Option<Box<dyn Source + 'a>>, ImportError> + 'a;

/// Reads the files `open` gives, after the findings `report` already holds; `none` is the
/// error for a bundle that has none of the files.
fn read_with(
    open: &mut Opener<'_>,
    dir: &str,
    mode: Mode,
    mut report: Report,
    none: impl FnOnce() -> ImportError,
) -> Result<Imported, ImportError> {
    let mut doc = Document::default();
    let mut lines = BTreeMap::new();
    let mut absent = Vec::new();
    for (file, _) in FILES {
        if let Some(reader) = open(file)? {
            let l = read_file(&mut doc, dir, file, reader, &mut report);
            lines.insert(file.to_owned(), l);
        } else {
            absent.push(file);
        }
    }
    if lines.is_empty() {
        return Err(none());
    }
    missing_files(&absent, &lines, dir, &mut report);
    // extra columns lose nothing the fleet holds: reported, never a reason to reject
    if mode == Mode::Strict
        && let Some(first) = report
            .findings
            .iter()
            .find(|f| !f.code.accepted_by_strict())
            .cloned()
    {
        let findings: Vec<_> = report
            .findings
            .into_iter()
            .filter(|f| f.code == first.code)
            .collect();
        return Err(ImportError::Rejected {
            first: Box::new(first),
            count: findings.len(),
            report: Report { findings },
        });
    }
    let mut imported = build_owned(doc, &Origins::csv(dir, lines), mode)?;
    report.findings.append(&mut imported.report.findings);
    imported.report = report;
    Ok(imported)
}

/// The bundle file of the records of `kind`.
fn node_file(kind: NodeKind) -> &'static str {
    match kind {
        NodeKind::UserGroup => "user_groups",
        NodeKind::Customer => "customers",
        NodeKind::ChargeCard => "charge_cards",
        NodeKind::ChargePoint => "charge_points",
        NodeKind::Location => "locations",
        NodeKind::ChargeGroup => "charge_groups",
        NodeKind::Tariff => "tariffs",
        NodeKind::ParameterSet => "parameter_sets",
    }
}

/// The findings of the files `absent` from a bundle whose present files had the records
/// `lines`, where the absence is no evidence that the back office has none: a link file whose
/// two kinds of records the bundle has (a plan would move them as if they had no such links),
/// and a file of records that the other files refer to.
///
/// # Complexity
/// O(files²), a constant.
fn missing_files(
    absent: &[&str],
    lines: &BTreeMap<String, Vec<u64>>,
    dir: &str,
    report: &mut Report,
) {
    let has = |file: &str| lines.get(file).is_some_and(|l| !l.is_empty());
    let human = |k: NodeKind| k.as_str().replace('_', " ");
    for &file in absent {
        let what = if let Ok(kind) = file.parse::<LinkKind>() {
            let (a, b) = kind.endpoints();
            if !(has(node_file(a)) && has(node_file(b))) {
                continue;
            }
            format!(
                "the fleet holds no {}–{} links, and a plan would move {}s and {}s as if they had none; export it, or, if the back office truly has none, accept this finding (chargeshift plan --accept-findings)",
                human(a),
                human(b),
                human(a),
                human(b)
            )
        } else {
            let Some(kind) = NodeKind::ALL
                .iter()
                .copied()
                .find(|&k| node_file(k) == file)
            else {
                continue;
            };
            let referred = if kind == NodeKind::UserGroup {
                NodeKind::ALL.iter().any(|&k| has(node_file(k)))
            } else {
                LinkKind::ALL.iter().any(|l| {
                    let (a, b) = l.endpoints();
                    (a == kind || b == kind) && has(l.as_str())
                })
            };
            if !referred {
                continue;
            }
            format!(
                "the fleet holds no {}s, and every reference to one in the other files is dangling; export it",
                human(kind)
            )
        };
        report.push(
            FindingClass::MissingFile,
            Where {
                file: Some(csv_path(dir, file)),
                ..Where::default()
            },
            format!("{file}.csv is absent from the bundle: {what}"),
        );
    }
}

/// The names of the bundle's files, `user_groups.csv, customers.csv, ...`.
fn file_names() -> String {
    FILES
        .iter()
        .map(|(f, _)| format!("{f}.csv"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The bundle file (without `.csv`) that `name` names in another case, if any.
fn other_case(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let stem = lower.strip_suffix(".csv")?;
    FILES
        .iter()
        .map(|(f, _)| *f)
        .find(|f| *f == stem && name != format!("{f}.csv"))
}

/// The error for a folder (or a set of files) with none of the bundle's files: `names` are
/// the files it has.
fn not_a_bundle(dir: &str, names: &[String]) -> ImportError {
    let mut message = format!(
        "not a CSV bundle: it has none of the bundle's files ({})",
        file_names()
    );
    let cased: Vec<&str> = names
        .iter()
        .filter(|n| other_case(n).is_some())
        .map(String::as_str)
        .collect();
    if !cased.is_empty() {
        message.push_str(&format!(
            "; it has {} (file names are lower case)",
            cased.join(", ")
        ));
    }
    let json: Vec<&str> = names
        .iter()
        .filter(|n| n.to_lowercase().ends_with(".json"))
        .map(String::as_str)
        .collect();
    if !json.is_empty() {
        message.push_str(&format!(
            "; it has {}: a native fleet document (fleet.json) or OCPI module is read as JSON, \
             not as a CSV bundle",
            json.join(", ")
        ));
    }
    ImportError::Io {
        file: dir.to_owned(),
        kind: std::io::ErrorKind::InvalidData,
        message,
    }
}

/// Reads the CSV bundle in folder `dir` in `mode`.
///
/// A bundle file that is absent reads as no records; a file named like a bundle file in
/// another case (`Customers.csv`) is not read and is a finding.
///
/// # Errors
/// [`ImportError::Io`] if `dir` is not a readable folder, if it has none of the bundle's
/// files (the message names them) or if a file exists but cannot be read; in strict mode
/// [`ImportError::Rejected`] at the first class of problem.
///
/// ```no_run
/// use chargeshift_graph::import::{csv, Mode};
/// let imported = csv::read_dir("examples/fleet/csv".as_ref(), Mode::Lenient)?;
/// println!("{}", imported.report);
/// assert!(csv::read_dir("no/such/folder".as_ref(), Mode::Lenient).is_err());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn read_dir(dir: &Path, mode: Mode) -> Result<Imported, ImportError> {
    let name = dir.display().to_string();
    let io = |e: std::io::Error| ImportError::Io {
        file: name.clone(),
        kind: e.kind(),
        message: format!("cannot read the CSV bundle folder: {e}"),
    };
    let meta = std::fs::metadata(dir).map_err(io)?;
    if !meta.is_dir() {
        return Err(ImportError::Io {
            file: name,
            kind: std::io::ErrorKind::NotADirectory,
            message: "not a folder: a CSV bundle is a folder of .csv files".to_owned(),
        });
    }
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(io)?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    let mut report = Report::default();
    let known: Vec<String> = FILES.iter().map(|(f, _)| format!("{f}.csv")).collect();
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
    for n in &names {
        if known.contains(n) || n.starts_with('.') {
            continue;
        }
        if other_case(n).is_some() {
            // reported below, with the file it is meant to be
        } else if let Some(meant) = super::closest(n, &known_refs)
            && !names.iter().any(|m| m == meant)
        {
            report.push(
                FindingClass::Syntax,
                Where {
                    file: Some(csv_path(&name, n.trim_end_matches(".csv"))),
                    ..Where::default()
                },
                format!("{n} is not read: is it the bundle's {meant}?"),
            );
            continue;
        } else {
            report.push(
                FindingClass::UnknownFile,
                Where {
                    file: Some(Path::new(&name).join(n).display().to_string()),
                    ..Where::default()
                },
                format!(
                    "{n} is none of the bundle's files ({}): not read",
                    file_names()
                ),
            );
            continue;
        }
        if let Some(file) = other_case(n)
            && !names.iter().any(|m| *m == format!("{file}.csv"))
        {
            report.push(
                FindingClass::Syntax,
                Where {
                    file: Some(csv_path(&name, file)),
                    line: None,
                    record: None,
                    field: None,
                },
                format!("{n} is not read: the bundle's file is {file}.csv (names are lower case)"),
            );
        }
    }
    let mut open = |file: &str| -> Result<Option<Box<dyn Source>>, ImportError> {
        let path = dir.join(format!("{file}.csv"));
        match File::open(&path) {
            Ok(f) => Ok(Some(Box::new(std::io::BufReader::new(f)))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(ImportError::io(&path.display().to_string(), &e)),
        }
    };
    read_with(&mut open, &name, mode, report, || {
        not_a_bundle(&name, &names)
    })
}

/// Reads a CSV bundle held in memory as `(file name, content)` pairs (`customers.csv`, ...).
/// File names in findings are the bare names.
///
/// # Errors
/// [`ImportError::Io`] if none of the names is a file of the bundle; in strict mode
/// [`ImportError::Rejected`] at the first class of problem.
///
/// ```
/// use chargeshift_graph::import::{csv, Mode};
/// let f = csv::read_memory(&[("user_groups.csv", "id\nA\n")], Mode::Strict)?.fleet;
/// assert_eq!(f.node_count(), 1);
/// assert!(csv::read_memory(&[("fleet.json", "{}")], Mode::Lenient).is_err());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn read_memory<N: AsRef<str>, S: AsRef<[u8]>>(
    files: &[(N, S)],
    mode: Mode,
) -> Result<Imported, ImportError> {
    let mut open = |file: &str| -> Result<Option<Box<dyn Source + '_>>, ImportError> {
        let name = format!("{file}.csv");
        Ok(files
            .iter()
            .find(|(n, _)| n.as_ref() == name)
            .map(|(_, c)| Box::new(Cursor::new(c.as_ref())) as Box<dyn Source>))
    };
    let names: Vec<String> = files.iter().map(|(n, _)| n.as_ref().to_owned()).collect();
    read_with(&mut open, "", mode, Report::default(), || {
        not_a_bundle("<memory>", &names)
    })
}

fn o(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("")
}

fn f64_cell(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// The CSV bundle of `fleet` as `(file name, content)` pairs, one per file of [`FILES`], each
/// with its header (files without records have only the header).
///
/// ```
/// use chargeshift_graph::import::{csv, Mode};
/// let fleet = chargeshift_graph::generate::fleet(20);
/// let files = csv::write_memory(&fleet);
/// let back = csv::read_memory(&files, Mode::Strict)?.fleet;
/// assert_eq!(back.link_count(), fleet.link_count());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
#[must_use]
pub fn write_memory(fleet: &Fleet) -> Vec<(String, Vec<u8>)> {
    let doc = Document::from_fleet(fleet);
    FILES
        .iter()
        .map(|(file, cols)| {
            let mut w = ::csv::Writer::from_writer(Vec::new());
            // writing to a Vec cannot fail
            let _ = w.write_record(*cols);
            let mut row = |r: &[&str]| {
                let _ = w.write_record(r);
            };
            let l = &doc.links;
            match *file {
                "user_groups" => doc.user_groups.iter().for_each(|r| {
                    row(&[&r.id, o(&r.name), o(&r.parent), bool_cell(r.is_provider)]);
                }),
                "customers" => doc
                    .customers
                    .iter()
                    .for_each(|r| row(&[&r.id, o(&r.user_group), o(&r.name)])),
                "charge_cards" => doc.charge_cards.iter().for_each(|r| {
                    row(&[
                        &r.id,
                        o(&r.user_group),
                        r.status.as_str(),
                        o(&r.contract_id),
                        o(&r.group_id),
                    ]);
                }),
                "charge_points" => doc.charge_points.iter().for_each(|r| {
                    let segments = r
                        .segments
                        .iter()
                        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
                        .collect::<Vec<_>>()
                        .join(";");
                    row(&[
                        &r.id,
                        o(&r.user_group),
                        o(&r.vendor),
                        o(&r.model),
                        o(&r.firmware),
                        o(&r.serial),
                        &r.evse_count.to_string(),
                        &r.connector_count.to_string(),
                        &segments,
                    ]);
                }),
                "locations" => doc.locations.iter().for_each(|r| {
                    row(&[
                        &r.id,
                        o(&r.user_group),
                        o(&r.name),
                        o(&r.address),
                        o(&r.city),
                        o(&r.country),
                        &f64_cell(r.latitude),
                        &f64_cell(r.longitude),
                    ]);
                }),
                "charge_groups" => doc.charge_groups.iter().for_each(|r| {
                    row(&[
                        &r.id,
                        o(&r.user_group),
                        o(&r.name),
                        r.group_type.as_str(),
                        bool_cell(r.all_customers),
                        bool_cell(r.roaming),
                    ]);
                }),
                "tariffs" => doc
                    .tariffs
                    .iter()
                    .for_each(|r| row(&[&r.id, o(&r.user_group), o(&r.name)])),
                "parameter_sets" => doc
                    .parameter_sets
                    .iter()
                    .for_each(|r| row(&[&r.id, o(&r.user_group), o(&r.name)])),
                "card_customer" => l
                    .card_customer
                    .iter()
                    .for_each(|r| row(&[&r.card, &r.customer])),
                "customer_charge_point" => l
                    .customer_charge_point
                    .iter()
                    .for_each(|r| row(&[&r.customer, &r.charge_point])),
                "customer_charge_group" => l
                    .customer_charge_group
                    .iter()
                    .for_each(|r| row(&[&r.customer, &r.charge_group, o(&r.tariff)])),
                "charge_point_charge_group" => l
                    .charge_point_charge_group
                    .iter()
                    .for_each(|r| row(&[&r.charge_point, &r.charge_group])),
                "charge_point_location" => l
                    .charge_point_location
                    .iter()
                    .for_each(|r| row(&[&r.charge_point, &r.location])),
                "charge_group_tariff" => l
                    .charge_group_tariff
                    .iter()
                    .for_each(|r| row(&[&r.charge_group, &r.tariff])),
                "charge_point_parameter_set" => l
                    .charge_point_parameter_set
                    .iter()
                    .for_each(|r| row(&[&r.charge_point, &r.parameter_set])),
                _ => {}
            }
            let bytes = w.into_inner().unwrap_or_default();
            (format!("{file}.csv"), bytes)
        })
        .collect()
}

fn bool_cell(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

/// Writes the CSV bundle of `fleet` into folder `dir` (created if needed).
///
/// ```no_run
/// let fleet = chargeshift_graph::generate::fleet(20);
/// chargeshift_graph::import::csv::write_dir(&fleet, "/tmp/bundle".as_ref())?;
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn write_dir(fleet: &Fleet, dir: &Path) -> Result<(), ImportError> {
    let io = |path: &Path, e: std::io::Error| ImportError::io(&path.display().to_string(), &e);
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    for (name, bytes) in write_memory(fleet) {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
    }
    Ok(())
}
