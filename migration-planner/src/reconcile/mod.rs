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
//! Loading a side ([`load_fleet`]) says which side failed: a [`ReconcileError`].
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
