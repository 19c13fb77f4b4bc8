//! OCPI 2.2.1 import: the Locations module (Location → EVSE → Connector) and the Tokens module.
//!
//! # Mapping
//!
//! | OCPI 2.2.1 | fleet |
//! |---|---|
//! | party (`country_code`, `party_id`) | a provider user group `CC-PARTY` (e.g. `NL-ACM`), unless [`OcpiOptions::user_group`] names one to use for everything |
//! | Location `id` | location `id`; `name`, `address`, `city`, `country` (ISO 3166-1 alpha-3), `coordinates.latitude`/`longitude` (decimal strings) |
//! | EVSE | a charge point with id `evse_id` (or `<location id>/<uid>` when `evse_id` is absent), linked to its location; `evse_count` 1, `connector_count` = number of connectors; segments `ocpi_evse_uid`, `power_type` (of the first connector) and `ocpi_status` |
//! | Connector | counted in `connector_count` |
//! | Token `uid` | charge card `id`; `contract_id` and `group_id` kept; `valid: false` → status `blocked`, else `active` |
//!
//! OCPI has no customers, charge groups, tariffs links or parameter sets: import those from the
//! native document or the CSV bundle. The input of each module is what its GET endpoint returns:
//! the response envelope `{"data": [...], "status_code": 1000, ...}`, a bare array of objects, or
//! a single object.
//!
//! Each object is read on its own: an object that does not fit the OCPI shape is a
//! [`FindingClass::Syntax`] finding naming its file and position (e.g. `data[3].evses[1]`), and
//! the rest is imported (lenient) or the import fails (strict).
//!
//! ```
//! use chargeshift_graph::import::{ocpi::{self, OcpiOptions}, Mode};
//! use chargeshift_graph::{LinkKind, NodeKind};
//! let locations = r#"{"data": [{"country_code": "NL", "party_id": "ACM", "id": "LOC1",
//!   "address": "Stationsplein 1", "city": "Utrecht", "country": "NLD",
//!   "coordinates": {"latitude": "52.089", "longitude": "5.110"},
//!   "evses": [{"uid": "1", "evse_id": "NL*ACM*E1", "status": "AVAILABLE",
//!              "connectors": [{"id": "1", "power_type": "AC_3_PHASE"}, {"id": "2", "power_type": "AC_3_PHASE"}]}]}],
//!   "status_code": 1000}"#;
//! let tokens = r#"[{"country_code": "NL", "party_id": "ACM", "uid": "04AABBCC", "type": "RFID",
//!   "contract_id": "NL-ACM-C12345678-X", "group_id": "FLEET-7", "valid": true}]"#;
//! let imported = ocpi::read(
//!     Some(("locations.json", locations.as_bytes())),
//!     Some(("tokens.json", tokens.as_bytes())),
//!     &OcpiOptions::default(),
//!     Mode::Strict,
//! )?;
//! let f = &imported.fleet;
//! let cp = f.find(NodeKind::ChargePoint, "NL*ACM*E1").unwrap();
//! let loc = f.find(NodeKind::Location, "LOC1").unwrap();
//! assert_eq!(f.target_of(cp, LinkKind::ChargePointLocation), Some(loc));
//! assert!(f.find(NodeKind::ChargeCard, "04AABBCC").is_some());
//! assert_eq!(f.id(f.user_group_of(cp).unwrap()), "NL-ACM");
//! # Ok::<(), chargeshift_graph::import::ImportError>(())
//! ```

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::document::{
    ChargeCardRecord, ChargePointLocation, ChargePointRecord, Document, LocationRecord,
    UserGroupRecord,
};
use crate::import::{ImportError, Imported, Mode, Origins, build_owned};
use crate::model::CardStatus;
use crate::validate::{FindingClass, Report, Where};

/// Options of an OCPI import.
///
/// ```
/// let o = chargeshift_graph::import::ocpi::OcpiOptions { user_group: Some("imported".into()) };
/// assert!(o.user_group.is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OcpiOptions {
    /// Put every asset in this user group (created as a provider root) instead of one user group
    /// per OCPI party.
    pub user_group: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OcpiCoordinates {
    latitude: Value,
    longitude: Value,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OcpiConnector {
    id: Option<String>,
    power_type: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OcpiEvse {
    uid: Option<String>,
    evse_id: Option<String>,
    status: Option<String>,
    connectors: Vec<OcpiConnector>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OcpiLocation {
    country_code: Option<String>,
    party_id: Option<String>,
    id: Option<String>,
    name: Option<String>,
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    country: Option<String>,
    coordinates: Option<OcpiCoordinates>,
    evses: Vec<Value>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
struct OcpiToken {
    country_code: Option<String>,
    party_id: Option<String>,
    uid: Option<String>,
    contract_id: Option<String>,
    group_id: Option<String>,
    valid: Option<bool>,
}

struct Conv {
    doc: Document,
    names: BTreeMap<String, Vec<(String, String)>>,
    report: Report,
    options: OcpiOptions,
}

impl Conv {
    fn name(&mut self, collection: &str, file: &str, record: &str) {
        self.names
            .entry(collection.to_owned())
            .or_default()
            .push((file.to_owned(), record.to_owned()));
    }

    fn finding(
        &mut self,
        class: FindingClass,
        file: &str,
        record: &str,
        field: &str,
        message: String,
    ) {
        self.report.push(
            class,
            Where {
                file: Some(file.to_owned()),
                line: None,
                record: Some(record.to_owned()),
                field: Some(field.to_owned()),
            },
            message,
        );
    }

    /// The user group of a party, created on first use.
    fn party(&mut self, cc: Option<&str>, party: Option<&str>) -> String {
        let id = match &self.options.user_group {
            Some(u) => u.clone(),
            None => format!("{}-{}", cc.unwrap_or("XX"), party.unwrap_or("XXX")),
        };
        if !self.doc.user_groups.iter().any(|u| u.id == id) {
            self.doc.user_groups.push(UserGroupRecord {
                id: id.clone(),
                name: Some(format!("OCPI party {id}")),
                parent: None,
                is_provider: true,
            });
            self.name("user_groups", "", &format!("party {id}"));
        }
        id
    }

    fn coordinate(&mut self, v: &Value, file: &str, record: &str, field: &str) -> Option<f64> {
        let parsed = match v {
            Value::Null => return None,
            Value::String(s) => s.trim().parse::<f64>().ok(),
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
        .filter(|x| x.is_finite());
        if parsed.is_none() {
            self.finding(
                FindingClass::InvalidValue,
                file,
                record,
                field,
                format!("{v} is not a decimal coordinate"),
            );
        }
        parsed
    }

    fn location(&mut self, file: &str, record: &str, v: Value) {
        let loc: OcpiLocation = match serde_json::from_value(v) {
            Ok(l) => l,
            Err(e) => {
                self.finding(
                    FindingClass::Syntax,
                    file,
                    record,
                    "",
                    format!("not an ocpi location: {e}"),
                );
                return;
            }
        };
        let ug = self.party(loc.country_code.as_deref(), loc.party_id.as_deref());
        let id = loc.id.clone().unwrap_or_default();
        let (lat, lon) = match &loc.coordinates {
            Some(c) => (
                self.coordinate(&c.latitude, file, record, "coordinates.latitude"),
                self.coordinate(&c.longitude, file, record, "coordinates.longitude"),
            ),
            None => (None, None),
        };
        let address = match (&loc.address, &loc.postal_code) {
            (Some(a), Some(p)) => Some(format!("{a}, {p}")),
            (a, _) => a.clone(),
        };
        self.doc.locations.push(LocationRecord {
            id: id.clone(),
            user_group: Some(ug.clone()),
            name: loc.name,
            address,
            city: loc.city,
            country: loc.country,
            latitude: lat,
            longitude: lon,
        });
        self.name("locations", file, record);
        for (j, ev) in loc.evses.into_iter().enumerate() {
            let erec = format!("{record}.evses[{j}]");
            let evse: OcpiEvse = match serde_json::from_value(ev) {
                Ok(e) => e,
                Err(e) => {
                    self.finding(
                        FindingClass::Syntax,
                        file,
                        &erec,
                        "",
                        format!("not an ocpi evse: {e}"),
                    );
                    continue;
                }
            };
            let cp_id = evse
                .evse_id
                .clone()
                .filter(|e| !e.trim().is_empty())
                .unwrap_or_else(|| format!("{id}/{}", evse.uid.as_deref().unwrap_or("")));
            let mut segments = BTreeMap::new();
            if let Some(uid) = &evse.uid {
                segments.insert("ocpi_evse_uid".to_owned(), uid.clone());
            }
            if let Some(p) = evse.connectors.first().and_then(|c| c.power_type.clone()) {
                segments.insert("power_type".to_owned(), p);
            }
            if let Some(s) = &evse.status {
                segments.insert("ocpi_status".to_owned(), s.clone());
            }
            let connectors = evse.connectors.iter().filter(|c| c.id.is_some()).count();
            self.doc.charge_points.push(ChargePointRecord {
                id: cp_id.clone(),
                user_group: Some(ug.clone()),
                evse_count: 1,
                connector_count: u16::try_from(connectors).unwrap_or(u16::MAX),
                segments,
                ..ChargePointRecord::default()
            });
            self.name("charge_points", file, &erec);
            self.doc
                .links
                .charge_point_location
                .push(ChargePointLocation {
                    charge_point: cp_id,
                    location: id.clone(),
                });
            self.name("charge_point_location", file, &erec);
        }
    }

    fn token(&mut self, file: &str, record: &str, v: Value) {
        let tok: OcpiToken = match serde_json::from_value(v) {
            Ok(t) => t,
            Err(e) => {
                self.finding(
                    FindingClass::Syntax,
                    file,
                    record,
                    "",
                    format!("not an ocpi token: {e}"),
                );
                return;
            }
        };
        let ug = self.party(tok.country_code.as_deref(), tok.party_id.as_deref());
        self.doc.charge_cards.push(ChargeCardRecord {
            id: tok.uid.unwrap_or_default(),
            user_group: Some(ug),
            status: if tok.valid == Some(false) {
                CardStatus::Blocked
            } else {
                CardStatus::Active
            },
            contract_id: tok.contract_id,
            group_id: tok.group_id,
        });
        self.name("charge_cards", file, record);
    }

    /// The objects of a module response, with their positions.
    fn objects(&mut self, file: &str, bytes: &[u8]) -> Vec<(String, Value)> {
        let v: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                self.report.push(
                    FindingClass::Syntax,
                    Where {
                        file: Some(file.to_owned()),
                        line: Some(u64::try_from(e.line()).unwrap_or(0)),
                        record: None,
                        field: None,
                    },
                    format!("invalid json: {e}"),
                );
                return Vec::new();
            }
        };
        let (prefix, items) = match v {
            Value::Object(mut o) if o.contains_key("data") => match o.remove("data") {
                Some(Value::Array(a)) => ("data", a),
                Some(Value::Object(single)) => ("data", vec![Value::Object(single)]),
                _ => ("data", Vec::new()),
            },
            Value::Array(a) => ("", a),
            other @ Value::Object(_) => return vec![("object".to_owned(), other)],
            _ => {
                self.finding(
                    FindingClass::Syntax,
                    file,
                    "",
                    "",
                    "expected an ocpi response, array or object".to_owned(),
                );
                return Vec::new();
            }
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, v)| (format!("{prefix}[{i}]"), v))
            .collect()
    }
}

/// The file name under which [`read_texts`] reports the Locations module output.
pub const LOCATIONS_FILE: &str = "locations.json";
/// The file name under which [`read_texts`] reports the Tokens module output.
pub const TOKENS_FILE: &str = "tokens.json";

/// Reads the OCPI Locations and/or Tokens module output from the files at `locations` and
/// `tokens` (either may be absent), as [`read`] does; files are named as their paths display.
///
/// # Errors
/// [`ImportError::Io`] (with the system's [`std::io::ErrorKind`]) for a file that cannot be read;
/// otherwise as [`read`].
///
/// ```
/// use chargeshift_graph::import::{ocpi, ImportError, Mode};
/// let e = ocpi::read_files(Some("no/such.json".as_ref()), None, &ocpi::OcpiOptions::default(), Mode::Strict)
///     .unwrap_err();
/// assert!(matches!(e, ImportError::Io { kind: std::io::ErrorKind::NotFound, .. }));
/// ```
pub fn read_files(
    locations: Option<&std::path::Path>,
    tokens: Option<&std::path::Path>,
    options: &OcpiOptions,
    mode: Mode,
) -> Result<Imported, ImportError> {
    let load = |p: Option<&std::path::Path>| -> Result<Option<(String, Vec<u8>)>, ImportError> {
        p.map(|p| {
            let name = p.display().to_string();
            std::fs::read(p)
                .map(|bytes| (name.clone(), bytes))
                .map_err(|e| ImportError::io(&name, &e))
        })
        .transpose()
    };
    let (l, t) = (load(locations)?, load(tokens)?);
    read(
        l.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        t.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
        options,
        mode,
    )
}

/// Reads the OCPI Locations and/or Tokens module output given as texts, named
/// [`LOCATIONS_FILE`] and [`TOKENS_FILE`] in findings; see [`read`].
///
/// # Errors
/// As [`read`].
///
/// ```
/// use chargeshift_graph::import::{ocpi, Mode};
/// let imported = ocpi::read_texts(Some("[]"), Some("[]"), &ocpi::OcpiOptions::default(), Mode::Strict)?;
/// assert_eq!(imported.fleet.node_count(), 0);
/// // a module not given is no evidence that the platform has none: a finding
/// assert!(ocpi::read_texts(Some("[]"), None, &ocpi::OcpiOptions::default(), Mode::Strict).is_err());
/// # Ok::<(), chargeshift_graph::import::ImportError>(())
/// ```
pub fn read_texts(
    locations: Option<&str>,
    tokens: Option<&str>,
    options: &OcpiOptions,
    mode: Mode,
) -> Result<Imported, ImportError> {
    read(
        locations.map(|t| (LOCATIONS_FILE, t.as_bytes())),
        tokens.map(|t| (TOKENS_FILE, t.as_bytes())),
        options,
        mode,
    )
}

/// Reads the OCPI Locations and/or Tokens module output, each given as `(file name, bytes)`. A
/// module not given is a [`FindingClass::MissingFile`] finding.
///
/// # Errors
/// In strict mode [`ImportError::Rejected`] at the first class of problem.
pub fn read(
    locations: Option<(&str, &[u8])>,
    tokens: Option<(&str, &[u8])>,
    options: &OcpiOptions,
    mode: Mode,
) -> Result<Imported, ImportError> {
    let mut c = Conv {
        doc: Document::default(),
        names: BTreeMap::new(),
        report: Report::default(),
        options: options.clone(),
    };
    if let Some((file, bytes)) = locations {
        for (rec, v) in c.objects(file, bytes) {
            c.location(file, &rec, v);
        }
    }
    if let Some((file, bytes)) = tokens {
        for (rec, v) in c.objects(file, bytes) {
            c.token(file, &rec, v);
        }
    }
    // a module not given is no evidence that the platform has none of its records
    for (module, given, what) in [
        (
            "Locations",
            locations.is_some(),
            "locations and no charge points",
        ),
        ("Tokens", tokens.is_some(), "charge cards"),
    ] {
        if !given {
            c.report.push(
                FindingClass::MissingFile,
                Where::default(),
                format!(
                    "no OCPI {module} module was given: the fleet holds no {what}; give it, or accept this finding if the platform truly has none"
                ),
            );
        }
    }
    if mode == Mode::Strict
        && let Some(first) = c.report.findings.first().cloned()
    {
        let findings: Vec<_> = c
            .report
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
    let mut imported = build_owned(c.doc, &Origins::converted(c.names), mode)?;
    c.report.findings.append(&mut imported.report.findings);
    imported.report = c.report;
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LinkKind, NodeKind};

    #[test]
    fn lenient_keeps_the_sound_objects() {
        let locations = r#"[
          {"country_code":"NL","party_id":"ACM","id":"L1","coordinates":{"latitude":"x","longitude":"5.1"},
           "evses":[{"uid":"1","connectors":[{"id":"1"}]}, 7, {"uid":"2","evse_id":"E2"}]},
          "nonsense",
          {"country_code":"NL","party_id":"ACM","id":"L1","evses":[]}
        ]"#;
        let tokens = r#"{"data":[{"uid":"T1","valid":false},{"uid":5}]}"#;
        let imp = read(
            Some(("loc.json", locations.as_bytes())),
            Some(("tok.json", tokens.as_bytes())),
            &OcpiOptions::default(),
            Mode::Lenient,
        )
        .unwrap();
        let f = &imp.fleet;
        let cp = f.find(NodeKind::ChargePoint, "L1/1").unwrap();
        assert!(f.target_of(cp, LinkKind::ChargePointLocation).is_some());
        assert!(f.find(NodeKind::ChargePoint, "E2").is_some());
        let r = &imp.report;
        let records: Vec<_> = r
            .findings
            .iter()
            .filter_map(|f| f.at.record.clone())
            .collect();
        assert!(records.contains(&"[0].evses[1]".to_owned()), "{r}");
        assert!(records.contains(&"[1]".to_owned()), "{r}");
        assert!(records.contains(&"data[1]".to_owned()), "{r}");
        // the duplicate location is named by its OCPI position
        let dup = r.of_class(FindingClass::DuplicateId).next().unwrap();
        assert_eq!(dup.at.file.as_deref(), Some("loc.json"));
        assert_eq!(dup.at.record.as_deref(), Some("[2]"));
        assert!(
            read(
                Some(("l", b"{")),
                None,
                &OcpiOptions::default(),
                Mode::Strict
            )
            .is_err()
        );
    }
}
