//! Reconciliation of two back offices: the old and the new back office's exports compared
//! asset by asset and link by link, the evidence that decommissioning the old one is backed
//! (the seed's phase 4, "decommission with evidence").
//!
//! - [`compare`]: two [`Fleet`](chargeshift_graph::Fleet)s, each from any importer, an
//!   optional id mapping per kind ([`compare::IdMap`]) and [`compare::Tolerances`], into the
//!   [`compare::Difference`]s, each a [`Finding`](chargeshift_graph::Finding) of a
//!   [`compare::ReconcileCheck`] with both sides' values;
//! - [`sessions`]: the session histories of both sides (OCPI CDRs, or the sessions of an OCPP
//!   health log) compared session by session, `RC021`–`RC025`, and the counts of exported
//!   history;
//! - [`report`]: the [`report::ReconcileReport`] (summary counts, every finding, the evidence
//!   checklist of the seed's four proofs), its JSON Schema and its Markdown.
//!
//! Loading a side ([`load_fleet`]) says which side failed: a [`ReconcileError`]; loading both
//! ([`load_pair`]) first refuses two formats that carry different kinds of asset.
//!
//! # Example
//!
//! ```
//! use chargeshift_planner::reconcile::{compare, report};
//! let old = chargeshift_graph::generate::fleet(20);
//! let new = chargeshift_graph::generate::fleet(20);
//! let cmp = compare::compare(&old, &new, &compare::IdMap::new(), &compare::Tolerances::default());
//! assert!(cmp.differences.is_empty());
//! let r = report::report(cmp, &report::ReportOptions::default());
//! assert!(r.reconciliation_complete());
//! assert!(!r.decommission_backed()); // the other three proofs were not given
//! ```

pub mod compare;
mod partition;
pub mod report;
pub mod sessions;

use std::fmt;
use std::path::Path;

use chargeshift_graph::NodeKind;
use chargeshift_graph::import::{ImportError, Imported, Mode, csv as csv_bundle, ocpi};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Which back office an input belongs to.
///
/// ```
/// use chargeshift_planner::reconcile::Side;
/// assert_eq!(Side::Old.to_string(), "old");
/// assert_eq!(Side::Old.other(), Side::New);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The legacy back office, the one to decommission.
    Old,
    /// The new back office.
    New,
}

impl Side {
    /// The other side.
    #[must_use]
    pub const fn other(self) -> Side {
        match self {
            Side::Old => Side::New,
            Side::New => Side::Old,
        }
    }

    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Side::Old => "old",
            Side::New => "new",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error that stops a reconciliation: an input of one side could not be imported, or the
/// id mapping is wrong. Each says which side or file, and the line and field where known.
///
/// ```
/// use chargeshift_planner::reconcile::{load_fleet, ReconcileError, Side};
/// let e = load_fleet(Side::New, "no/such/fleet.json".as_ref(), Default::default()).unwrap_err();
/// assert!(matches!(e, ReconcileError::Import { side: Side::New, .. }));
/// assert!(e.to_string().starts_with("new back office: no/such/fleet.json: "));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ReconcileError {
    /// The export of one side failed to import; the import error names the file, and the line
    /// (or record) and field.
    #[error("{side} back office: {source}")]
    Import {
        /// The side whose export failed.
        side: Side,
        /// The import's error.
        #[source]
        source: ImportError,
    },
    /// A row of the id mapping is wrong: a duplicate, an unknown kind, ids in neither fleet.
    #[error("{file}:{line} field {field}: {message}")]
    Mapping {
        /// The mapping file, as given.
        file: String,
        /// The 1-based line.
        line: u64,
        /// The field: `kind`, `old_id` or `new_id` (or the header).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// A session history of one side (OCPI CDRs, an OCPP health log) could not be read.
    #[error("{side} back office: {file}: record {record} field {field}: {message}")]
    Sessions {
        /// The side whose history failed.
        side: Side,
        /// The file, as given.
        file: String,
        /// The record: `data[3]` (a CDR), `line 7` (a log line, or where JSON broke), or
        /// `-` (the whole file).
        record: String,
        /// The field (`-` for none).
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The two exports are in formats that carry different kinds of asset (an OCPI export has
    /// no customers, charge groups, tariffs or parameter sets): every asset of a kind only one
    /// format carries would be reported missing or extra. [`load_pair`] refuses such a pair.
    #[error(
        "the old back office's export ({old}) and the new one's ({new}) carry different kinds of asset: {only} only in the {side} one's format, so every one of them would be reported missing or extra; export both sides as native JSON or CSV bundles (all kinds), or both as OCPI"
    )]
    FormatsDiffer {
        /// The old side's format and path.
        old: String,
        /// The new side's format and path.
        new: String,
        /// The side whose format carries the kinds the other lacks (the first such side).
        side: Side,
        /// Those kinds, comma-separated snake_case names.
        only: String,
    },
    /// The mapping file could not be read.
    #[error("{file}: {message}")]
    Io {
        /// The file, as given.
        file: String,
        /// The system's message.
        message: String,
    },
}

/// Reads the id mapping CSV at `path` against the two fleets; see
/// [`compare::IdMap::from_csv`].
///
/// # Errors
/// [`ReconcileError::Io`] when the file cannot be read, [`ReconcileError::Mapping`] for a bad
/// row.
///
/// ```
/// use chargeshift_planner::reconcile::{read_mapping, ReconcileError};
/// let f = chargeshift_graph::Fleet::new();
/// let e = read_mapping("no/such/ids.csv".as_ref(), &f, &f).unwrap_err();
/// assert!(matches!(e, ReconcileError::Io { .. }));
/// ```
pub fn read_mapping(
    path: &Path,
    old: &chargeshift_graph::Fleet,
    new: &chargeshift_graph::Fleet,
) -> Result<compare::IdMap, ReconcileError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| ReconcileError::Io {
        file: file.clone(),
        message: e.to_string(),
    })?;
    compare::IdMap::from_csv(&text, &file, old, new)
}

/// The format of one side's export, as [`load_fleet`] reads it: a folder holding
/// `locations.json` and/or `tokens.json` is OCPI, another folder a CSV bundle, a file native
/// JSON.
///
/// ```
/// use chargeshift_graph::NodeKind;
/// use chargeshift_planner::reconcile::ExportFormat;
/// assert_eq!(ExportFormat::detect("examples/fleet/fleet.json".as_ref()), ExportFormat::NativeJson);
/// let ocpi = ExportFormat::Ocpi { locations: true, tokens: false };
/// assert_eq!(ocpi.kinds(), vec![NodeKind::ChargePoint, NodeKind::Location]);
/// assert_eq!(ExportFormat::CsvBundle.kinds(), NodeKind::ALL.to_vec());
/// assert_eq!(ocpi.to_string(), "OCPI locations");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// The native fleet document (one JSON file): every kind.
    NativeJson,
    /// A CSV bundle folder: every kind.
    CsvBundle,
    /// An OCPI 2.2.1 folder: locations and their EVSEs as charge points (`locations.json`),
    /// tokens as charge cards (`tokens.json`); user groups are made from the OCPI parties, so
    /// they are not those of the back office and are not counted as carried.
    Ocpi {
        /// `locations.json` is present.
        locations: bool,
        /// `tokens.json` is present.
        tokens: bool,
    },
}

impl ExportFormat {
    /// The format of the export at `path` (nothing is read but the folder's entries).
    #[must_use]
    pub fn detect(path: &Path) -> ExportFormat {
        if !path.is_dir() {
            return ExportFormat::NativeJson;
        }
        let locations = path.join(ocpi::LOCATIONS_FILE).is_file();
        let tokens = path.join(ocpi::TOKENS_FILE).is_file();
        if locations || tokens {
            ExportFormat::Ocpi { locations, tokens }
        } else {
            ExportFormat::CsvBundle
        }
    }

    /// The kinds of asset the format carries, in [`NodeKind::ALL`]'s order.
    #[must_use]
    pub fn kinds(self) -> Vec<NodeKind> {
        match self {
            ExportFormat::NativeJson | ExportFormat::CsvBundle => NodeKind::ALL.to_vec(),
            ExportFormat::Ocpi { locations, tokens } => NodeKind::ALL
                .into_iter()
                .filter(|k| match k {
                    NodeKind::ChargePoint | NodeKind::Location => locations,
                    NodeKind::ChargeCard => tokens,
                    _ => false,
                })
                .collect(),
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportFormat::NativeJson => f.write_str("native JSON"),
            ExportFormat::CsvBundle => f.write_str("CSV bundle"),
            ExportFormat::Ocpi { locations, tokens } => match (locations, tokens) {
                (true, true) => f.write_str("OCPI locations and tokens"),
                (true, false) => f.write_str("OCPI locations"),
                _ => f.write_str("OCPI tokens"),
            },
        }
    }
}

/// Reads both sides' exports ([`load_fleet`]) after checking that their formats carry the same
/// kinds of asset ([`ExportFormat::kinds`]): a native JSON file and a CSV bundle may be compared,
/// an OCPI folder only with another OCPI folder of the same modules.
///
/// # Errors
/// [`ReconcileError::FormatsDiffer`] naming both formats and the kinds only one carries (before
/// anything is imported), else [`load_fleet`]'s errors.
///
/// ```
/// use chargeshift_graph::import::Mode;
/// use chargeshift_planner::reconcile::{load_pair, ReconcileError, Side};
/// let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/fleet-small"));
/// let (old, new) = load_pair(&dir.join("fleet.json"), &dir.join("csv"), Mode::Strict)?;
/// assert_eq!(old.fleet.node_count(), new.fleet.node_count());
/// let e = load_pair(&dir.join("fleet.json"), &dir.join("ocpi"), Mode::Strict).unwrap_err();
/// assert!(matches!(e, ReconcileError::FormatsDiffer { side: Side::Old, .. }));
/// assert!(e.to_string().contains("user_group, customer, charge_group, tariff, parameter_set only in the old one's format"), "{e}");
/// # Ok::<(), ReconcileError>(())
/// ```
pub fn load_pair(
    old: &Path,
    new: &Path,
    mode: Mode,
) -> Result<(Imported, Imported), ReconcileError> {
    let (fo, fn_) = (ExportFormat::detect(old), ExportFormat::detect(new));
    let (ko, kn) = (fo.kinds(), fn_.kinds());
    let only = |a: &[NodeKind], b: &[NodeKind]| {
        a.iter()
            .filter(|k| !b.contains(k))
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (only_old, only_new) = (only(&ko, &kn), only(&kn, &ko));
    if !only_old.is_empty() || !only_new.is_empty() {
        let (side, only) = if only_old.is_empty() {
            (Side::New, only_new)
        } else {
            (Side::Old, only_old)
        };
        return Err(ReconcileError::FormatsDiffer {
            old: format!("{fo}, {}", old.display()),
            new: format!("{fn_}, {}", new.display()),
            side,
            only,
        });
    }
    Ok((
        load_fleet(Side::Old, old, mode)?,
        load_fleet(Side::New, new, mode)?,
    ))
}

/// Reads the export of one side, in any format an importer reads: a native JSON file, a CSV
/// bundle folder, or an OCPI folder (one holding `locations.json` and/or `tokens.json`). A
/// strict import fails at the first problem of the export; a lenient one skips what is unsound
/// (those records are then not compared; the import's findings are in [`Imported::report`]).
/// A failure says which side.
///
/// # Errors
/// [`ReconcileError::Import`] with the side and the import's error (file, line, field).
///
/// ```
/// use chargeshift_graph::import::Mode;
/// use chargeshift_planner::reconcile::{load_fleet, Side};
/// let dir = std::env::temp_dir().join(format!("cs-reconcile-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let file = dir.join("old.json");
/// std::fs::write(&file, chargeshift_graph::document::to_json(&chargeshift_graph::generate::fleet(5))?)?;
/// let imported = load_fleet(Side::Old, &file, Mode::Strict)?;
/// assert_eq!(imported.fleet.count_by_kind()[&chargeshift_graph::NodeKind::ChargePoint], 5);
/// std::fs::write(&file, "{\n  \"user_groups\": 3\n}")?;
/// let e = load_fleet(Side::Old, &file, Mode::Strict).unwrap_err();
/// assert!(e.to_string().starts_with("old back office: "), "{e}");
/// assert!(e.to_string().contains("old.json:2:"), "{e}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn load_fleet(side: Side, path: &Path, mode: Mode) -> Result<Imported, ReconcileError> {
    let wrap = |source| ReconcileError::Import { side, source };
    if path.is_dir() {
        let (locations, tokens) = (
            path.join(ocpi::LOCATIONS_FILE),
            path.join(ocpi::TOKENS_FILE),
        );
        if locations.is_file() || tokens.is_file() {
            return ocpi::read_files(
                Some(locations.as_path()).filter(|p| p.is_file()),
                Some(tokens.as_path()).filter(|p| p.is_file()),
                &ocpi::OcpiOptions::default(),
                mode,
            )
            .map_err(wrap);
        }
        return csv_bundle::read_dir(path, mode).map_err(wrap);
    }
    chargeshift_graph::document::read_json_file(path, mode).map_err(wrap)
}
