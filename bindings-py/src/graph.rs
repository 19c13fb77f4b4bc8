//! `Fleet`, `Finding` and `FleetImportError`: the asset graph for Python.

use std::fmt::Write as _;
use std::io::ErrorKind;
use std::path::PathBuf;

use chargeshift_graph::api::{
    self, ApiError, AssetsOfRequest, ComponentsRequest, DrawRequest, FindingView, GenerateOptions,
    ImportOptions, NeighbourhoodRequest,
};
use chargeshift_graph::document::{self, Document};
use chargeshift_graph::generate::generate_fleet;
use chargeshift_graph::import::csv as csv_bundle;
use chargeshift_graph::import::ocpi::{self, OcpiOptions};
use chargeshift_graph::import::{ImportError, Imported, Mode};
use chargeshift_graph::validate::{self, Finding};
use chargeshift_graph::{AssetId, Fleet};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::to_py;
use crate::errors;
use crate::frames::Table;
use arrow_array::builder::StringBuilder;
use arrow_array::types::UInt8Type;
use arrow_array::{ArrayRef, DictionaryArray, StringArray, UInt8Array, UInt32Array};
use chargeshift_graph::NodeKind;
use std::sync::{Arc, OnceLock};

/// One problem found in an export or a fleet, with where it is.
#[pyclass(module = "chargeshift", name = "Finding", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyFinding {
    view: FindingView,
    finding: Finding,
}

impl PyFinding {
    fn new(finding: &Finding) -> Self {
        Self {
            view: FindingView::from(finding),
            finding: finding.clone(),
        }
    }

    /// The finding as its JSON record (what pickling keeps).
    fn json(&self) -> PyResult<String> {
        serde_json::to_string(&self.finding).map_err(|e| PyValueError::new_err(e.to_string()))
    }
}

#[pymethods]
impl PyFinding {
    /// The stable code, e.g. `GR005`.
    #[getter]
    fn code(&self) -> &'static str {
        self.view.code
    }

    /// The check, e.g. `dangling_reference`.
    #[getter]
    fn check(&self) -> &'static str {
        self.view.check
    }

    /// The check under its older name (same as `check`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.view.kind
    }

    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.view.severity
    }

    /// What is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.view.message
    }

    /// The file, if known.
    #[getter]
    fn file(&self) -> Option<&str> {
        self.view.file.as_deref()
    }

    /// The 1-based line, for line-oriented files.
    #[getter]
    fn line(&self) -> Option<u64> {
        self.view.line
    }

    /// The record, e.g. `charge_points[12]`.
    #[getter]
    fn record(&self) -> Option<&str> {
        self.view.record.as_deref()
    }

    /// The field.
    #[getter]
    fn field(&self) -> Option<&str> {
        self.view.field.as_deref()
    }

    /// The finding as a dict (the keys above that are set).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.view)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding {} {} ({}): {}>",
            self.view.code, self.view.check, self.view.severity, self.view.message
        )
    }

    /// The finding as JSON text: its record in the fleet and plan documents.
    fn to_json(&self) -> PyResult<String> {
        self.json()
    }

    /// A finding from the JSON text of `to_json` (how an unpickled finding is made).
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        let finding: Finding =
            serde_json::from_str(text).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self::new(&finding))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let restore = py.import("chargeshift._pickle")?.getattr("finding")?;
        Ok((restore, (self.json()?,)))
    }

    fn __str__(&self) -> String {
        let f = &self.view;
        let mut at = String::new();
        for part in [&f.file, &f.record, &f.field].into_iter().flatten() {
            if !at.is_empty() {
                at.push(' ');
            }
            at.push_str(part);
        }
        if let Some(line) = f.line {
            let _ = write!(at, " line {line}");
        }
        format!("{}: {}: {}", f.kind, at.trim(), f.message)
    }
}

/// What `__reduce__` returns: the callable that makes the object again and its arguments.
pub(crate) type Reduced<'py, A> = (Bound<'py, PyAny>, A);

fn findings(found: &[Finding]) -> Vec<PyFinding> {
    found.iter().map(PyFinding::new).collect()
}

/// The name in Python's `errno` module of an I/O failure of this kind, so that `OSError` picks
/// its subclass (`FileNotFoundError`, `IsADirectoryError`, ...).
fn errno_name(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::NotFound => "ENOENT",
        ErrorKind::PermissionDenied => "EACCES",
        ErrorKind::AlreadyExists => "EEXIST",
        ErrorKind::IsADirectory => "EISDIR",
        ErrorKind::NotADirectory => "ENOTDIR",
        ErrorKind::DirectoryNotEmpty => "ENOTEMPTY",
        ErrorKind::ReadOnlyFilesystem => "EROFS",
        ErrorKind::StorageFull => "ENOSPC",
        _ => return None,
    })
}

/// The `errno` number and `os.strerror` text of an I/O failure of this kind, if it has one.
fn errno_of(py: Python<'_>, kind: ErrorKind) -> Option<(i32, String)> {
    let name = errno_name(kind)?;
    let n: i32 = py
        .import("errno")
        .ok()?
        .getattr(name)
        .ok()?
        .extract()
        .ok()?;
    let text: String = py
        .import("os")
        .ok()?
        .call_method1("strerror", (n,))
        .ok()?
        .extract()
        .ok()?;
    Some((n, text))
}

/// Maps an import error to `FleetImportError`: for a file that cannot be read, the
/// `FleetFileError` (an `OSError`) of its errno (`FleetFileNotFoundError`, ...); for a folder
/// that is no CSV bundle, a `FleetImportError` naming it in `file`.
pub(crate) fn map_import_error(py: Python<'_>, err: &ImportError) -> PyErr {
    if let ImportError::Io { file, kind, .. } = err {
        if let Some((n, strerror)) = errno_of(py, *kind) {
            return errors::file_error(py, n, strerror, file.clone());
        }
        return errors::error(py, "FleetImportError", err.to_string(), |v| {
            v.setattr("file", file)
        });
    }
    let (line, column, found) = match err {
        ImportError::Json { line, column, .. } => (Some(*line), Some(*column), Vec::new()),
        ImportError::Rejected { report, .. } => (None, None, findings(&report.findings)),
        _ => (None, None, Vec::new()),
    };
    let file = match err {
        ImportError::Json { file, .. } => Some(file.clone()),
        _ => None,
    };
    errors::error(py, "FleetImportError", err.to_string(), |v| {
        v.setattr("file", file)?;
        v.setattr("line", line)?;
        v.setattr("column", column)?;
        v.setattr("findings", found)
    })
}

/// Maps a lookup error: `UnknownAssetError` (a `KeyError`) with `kind`, `id` and `suggestions`,
/// or `ValueError` for an unknown kind name or format.
pub(crate) fn map_api_error(py: Python<'_>, err: &ApiError) -> PyErr {
    let Some((kind, id, suggestions)) = err.unknown_asset() else {
        return PyValueError::new_err(err.to_string());
    };
    errors::error(py, "UnknownAssetError", err.to_string(), |v| {
        v.setattr("kind", kind)?;
        v.setattr("id", id)?;
        v.setattr("suggestions", suggestions.to_vec())
    })
}

fn import_options(strict: Option<bool>) -> Mode {
    ImportOptions::with_strict(strict).mode()
}

/// An EV-charging fleet: user groups, customers, charge cards, charge points, locations, charge
/// groups, tariffs, parameter sets and the links between them.
///
/// Build one with `Fleet.read_json(path)`, `Fleet.from_json(text)` or `Fleet.generate(n)`.
#[pyclass(module = "chargeshift", name = "Fleet", frozen)]
pub(crate) struct PyFleet {
    pub(crate) fleet: Fleet,
    findings: Vec<PyFinding>,
    /// The kind and the id of every node, in node order, as Arrow columns: made on first use and
    /// shared (not copied) by every table that has a row per node, since a `Fleet` never changes.
    node_columns: OnceLock<(ArrayRef, ArrayRef)>,
}

impl PyFleet {
    fn new(fleet: Fleet, findings: Vec<PyFinding>) -> Self {
        Self {
            fleet,
            findings,
            node_columns: OnceLock::new(),
        }
    }

    fn from_imported(imported: Imported) -> Self {
        Self::new(imported.fleet, findings(&imported.report.findings))
    }

    /// The `kind` and `id` columns of every node, in node order (built once; O(nodes) then).
    fn node_columns(&self) -> (ArrayRef, ArrayRef) {
        let (kinds, ids) = self.node_columns.get_or_init(|| {
            let n = self.fleet.node_count();
            // one pass over the nodes (their records are large: a second pass cost more than it
            // saved); the kind as a dictionary (a pandas category), a byte per node and the eight
            // names once; room for ids of 16 bytes on average, so that the buffer seldom grows
            let mut keys = Vec::with_capacity(n);
            let mut ids = StringBuilder::with_capacity(n, n * 16);
            for (_, node) in self.fleet.nodes() {
                keys.push(kind_key(node.kind()));
                ids.append_value(node.id());
            }
            let names = StringArray::from_iter_values(NodeKind::ALL.iter().map(|k| k.as_str()));
            let kinds: ArrayRef = match DictionaryArray::<UInt8Type>::try_new(
                UInt8Array::from(keys),
                Arc::new(names),
            ) {
                Ok(dictionary) => Arc::new(dictionary),
                // a kind missing from `NodeKind::ALL` (a bug): the names spelled out instead
                Err(_) => Arc::new(StringArray::from_iter_values(
                    self.fleet.nodes().map(|(_, node)| node.kind().as_str()),
                )),
            };
            (kinds, Arc::new(ids.finish()) as ArrayRef)
        });
        (Arc::clone(kinds), Arc::clone(ids))
    }

    fn imported(py: Python<'_>, result: Result<Imported, ImportError>) -> PyResult<Self> {
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }
}

/// A `links=` argument: a list (or other sequence) of link kind names; one `str` is refused with
/// a message that says so, rather than pyo3's "Can't extract str to Vec".
fn link_names(links: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<String>>> {
    let Some(links) = links.filter(|l| !l.is_none()) else {
        return Ok(None);
    };
    if let Ok(one) = links.cast::<pyo3::types::PyString>() {
        return Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "links must be a list of link kinds, e.g. [{:?}], not one str",
            one.to_cow()?
        )));
    }
    links.extract().map(Some)
}

/// A kind's key in the `kind` dictionary column: its place in [`NodeKind::ALL`].
fn kind_key(kind: NodeKind) -> u8 {
    NodeKind::ALL
        .iter()
        .position(|&k| k == kind)
        .and_then(|i| u8::try_from(i).ok())
        .unwrap_or(u8::MAX)
}

fn key(a: AssetId) -> (String, String) {
    (a.kind.as_str().to_owned(), a.id)
}

#[pymethods]
impl PyFleet {
    /// Reads a native fleet JSON file. With `strict=False`, imports what is sound and lists every
    /// problem in `findings`; with `strict=True` (the default) raises `FleetImportError`.
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = None))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_json(py: Python<'_>, path: PathBuf, strict: Option<bool>) -> PyResult<Self> {
        let result = py.detach(|| document::read_json_file(&path, import_options(strict)));
        Self::imported(py, result)
    }

    /// Reads a native fleet JSON document from a string; see `read_json`.
    #[staticmethod]
    #[pyo3(signature = (text, *, strict = None))]
    fn from_json(py: Python<'_>, text: &str, strict: Option<bool>) -> PyResult<Self> {
        let mode = import_options(strict);
        let result = py.detach(|| document::read_json(text.as_bytes(), "<string>", mode));
        Self::imported(py, result)
    }

    /// Reads a CSV bundle: a folder with one file per node and link kind (`customers.csv`,
    /// `card_customer.csv`, ...; see the graph crate's FORMATS.md). Findings name file, line and
    /// field.
    #[staticmethod]
    #[pyo3(signature = (folder, *, strict = None))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_csv(py: Python<'_>, folder: PathBuf, strict: Option<bool>) -> PyResult<Self> {
        let result = py.detach(|| csv_bundle::read_dir(&folder, import_options(strict)));
        Self::imported(py, result)
    }

    /// Reads OCPI 2.2.1 Locations and/or Tokens module output (JSON files): each EVSE becomes a
    /// charge point at its location, each token a charge card. `user_group` puts every asset in
    /// one user group instead of one per OCPI party.
    #[staticmethod]
    #[pyo3(signature = (*, locations = None, tokens = None, user_group = None, strict = None))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_ocpi(
        py: Python<'_>,
        locations: Option<PathBuf>,
        tokens: Option<PathBuf>,
        user_group: Option<String>,
        strict: Option<bool>,
    ) -> PyResult<Self> {
        let options = OcpiOptions { user_group };
        let mode = import_options(strict);
        let result =
            py.detach(|| ocpi::read_files(locations.as_deref(), tokens.as_deref(), &options, mode));
        Self::imported(py, result)
    }

    /// A realistic synthetic fleet of `charge_points` charge points; the same seed gives the same
    /// fleet. `messy=True` plants the problems of real exports (listed in `findings`).
    #[staticmethod]
    #[pyo3(signature = (charge_points, *, seed = None, sub_providers = None, messy = None))]
    fn generate(
        py: Python<'_>,
        charge_points: &Bound<'_, PyAny>,
        seed: Option<&Bound<'_, PyAny>>,
        sub_providers: Option<&Bound<'_, PyAny>>,
        messy: Option<bool>,
    ) -> PyResult<Self> {
        let charge_points: usize = errors::non_negative(charge_points, "charge_points")?;
        let seed: Option<u64> = errors::non_negative_opt(seed, "seed")?;
        let sub_providers: Option<usize> =
            errors::non_negative_opt(sub_providers, "sub_providers")?;
        let mut o = GenerateOptions::default();
        o.seed = seed.unwrap_or(o.seed);
        o.sub_providers = sub_providers.unwrap_or(o.sub_providers);
        o.messy = messy.unwrap_or(o.messy);
        let result = py.detach(|| generate_fleet(&o.spec(charge_points)));
        Self::imported(py, result)
    }

    /// The problems found while importing leniently (empty after a strict import).
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.findings.clone()
    }

    /// Checks the rules that span several records (e.g. a charge point in a charge group of
    /// another provider); returns the findings.
    fn validate(&self, py: Python<'_>) -> Vec<PyFinding> {
        findings(&py.detach(|| validate::validate(&self.fleet)).findings)
    }

    /// The number of nodes (assets and user groups).
    fn __len__(&self) -> usize {
        self.fleet.node_count()
    }

    /// The number of nodes (assets and user groups).
    #[getter]
    fn node_count(&self) -> usize {
        self.fleet.node_count()
    }

    /// The number of links (including ownership and the user-group tree).
    #[getter]
    fn link_count(&self) -> usize {
        self.fleet.link_count()
    }

    /// Nodes by kind, e.g. `{"charge_point": 120, ...}` (also as `counts`).
    fn count_by_kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &api::counts(&self.fleet))
    }

    /// Nodes by kind; the older name of `count_by_kind`.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.count_by_kind(py)
    }

    /// Links by kind, e.g. `{"card_customer": 80, ...}` (also as `link_counts`).
    fn count_links_by_kind<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &api::link_counts(&self.fleet))
    }

    /// Links by kind; the older name of `count_links_by_kind`.
    fn link_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.count_links_by_kind(py)
    }

    /// Charge points by the value of a segment tag (e.g. `criticality`, `vendor`).
    fn count_by_segment<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &api::segment_counts(&self.fleet, key))
    }

    /// Everything linked to an asset through `links` (default: every connection between assets,
    /// not ownership), up to `depth` (default 1) links away: `[(kind, id, distance), ...]`,
    /// breadth first.
    #[pyo3(signature = (kind, id, *, depth = None, links = None))]
    fn neighbourhood(
        &self,
        py: Python<'_>,
        kind: &str,
        id: &str,
        depth: Option<&Bound<'_, PyAny>>,
        links: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(String, String, usize)>> {
        let depth: Option<usize> = errors::non_negative_opt(depth, "depth")?;
        let mut request = NeighbourhoodRequest::new(kind, id);
        request.depth = depth.unwrap_or(request.depth);
        request.links = link_names(links)?;
        let reached =
            api::neighbourhood(&self.fleet, &request).map_err(|e| map_api_error(py, &e))?;
        Ok(reached
            .into_iter()
            .map(|r| (r.asset.kind.as_str().to_owned(), r.asset.id, r.distance))
            .collect())
    }

    /// The id of the provider of a user group (its nearest ancestor-or-self that is a provider).
    fn provider_of(&self, py: Python<'_>, user_group: &str) -> PyResult<Option<String>> {
        api::provider_of(&self.fleet, user_group).map_err(|e| map_api_error(py, &e))
    }

    /// The assets of a user group, `[(kind, id), ...]`, with its whole subtree if `subtree`
    /// (default False).
    #[pyo3(signature = (user_group, *, subtree = None))]
    fn assets_of(
        &self,
        py: Python<'_>,
        user_group: &str,
        subtree: Option<bool>,
    ) -> PyResult<Vec<(String, String)>> {
        let mut request: AssetsOfRequest = AssetsOfRequest {
            user_group: user_group.to_owned(),
            subtree: false,
        };
        request.subtree = subtree.unwrap_or(request.subtree);
        let assets = api::assets_of(&self.fleet, &request).map_err(|e| map_api_error(py, &e))?;
        Ok(assets.into_iter().map(key).collect())
    }

    /// Connected components over the chosen link kinds (default: every connection between assets):
    /// a list of components, each a list of `(kind, id)`, largest first.
    #[pyo3(signature = (*, links = None))]
    fn components(
        &self,
        py: Python<'_>,
        links: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<Vec<(String, String)>>> {
        let request = ComponentsRequest {
            links: link_names(links)?,
        };
        let groups = py
            .detach(|| api::components(&self.fleet, &request))
            .map_err(|e| map_api_error(py, &e))?;
        Ok(groups
            .into_iter()
            .map(|g| g.into_iter().map(key).collect())
            .collect())
    }

    /// Connected components as a label per node, computed in Rust: a `Table` with the columns
    /// `kind` (a dictionary of the kind names: a pandas category), `id` and `component` (uint32:
    /// 0 for the largest component, 1 for the next, ..., numbered as `components` lists them),
    /// one row per asset in the fleet's node order (the order of import). `links` as for
    /// `components`. The `kind` and `id` columns are made once per fleet and shared by later
    /// calls; each call computes only the labels.
    #[pyo3(signature = (*, links = None))]
    fn component_labels(
        &self,
        py: Python<'_>,
        links: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Table> {
        let request = ComponentsRequest {
            links: link_names(links)?,
        };
        let (kinds, ids, labels) = py
            .detach(|| {
                let labels = || api::component_labels_by_node(&self.fleet, &request);
                let (labels, (kinds, ids)) = if self.node_columns.get().is_some() {
                    (labels()?, self.node_columns())
                } else {
                    // the first call: the kind and id columns (a read of every node's record) on
                    // another core while this one finds the components (a read of the links)
                    std::thread::scope(|scope| {
                        let columns = scope.spawn(|| self.node_columns());
                        let labels = labels();
                        // a panic there is a bug; the columns are then made here
                        let columns = columns.join().unwrap_or_else(|_| self.node_columns());
                        labels.map(|l| (l, columns))
                    })?
                };
                Ok((kinds, ids, UInt32Array::from(labels)))
            })
            .map_err(|e| map_api_error(py, &e))?;
        Table::new(vec![
            ("kind", kinds, false),
            ("id", ids, false),
            ("component", Arc::new(labels), false),
        ])
    }

    /// The fleet as one Arrow `Table` per file of the CSV bundle, `{"customers": Table, ...}`,
    /// with the bundle's columns (empty cells are nulls) and the charge points' segments flat,
    /// one `segment.<key>` column per key.
    fn to_arrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        crate::fleet_tables::tables_dict(py, &self.fleet)
    }

    /// The fleet as one `pandas.DataFrame` per file of the CSV bundle (see `to_arrow`); needs
    /// pandas and pyarrow.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let tables = self.to_arrow(py)?;
        let out = PyDict::new(py);
        for (name, table) in tables.iter() {
            out.set_item(name, table.call_method0("to_pandas")?)?;
        }
        Ok(out)
    }

    /// A fleet from one DataFrame (or Arrow table) per file of the CSV bundle, named as the
    /// files (`"customers"`, `"card_customer"`, ...; the shape of `to_pandas`): read by the CSV
    /// bundle importer, with its rules, findings (file, line = row + 2, field) and errors.
    #[staticmethod]
    #[pyo3(signature = (frames, *, strict = None))]
    fn from_pandas(
        py: Python<'_>,
        frames: &Bound<'_, PyDict>,
        strict: Option<bool>,
    ) -> PyResult<Self> {
        let result = crate::fleet_tables::from_tables(py, frames, import_options(strict))?;
        Self::imported(py, result)
    }

    /// The fleet as a `networkx.Graph`: nodes `(kind, id)` with the record's typed fields,
    /// edges with `link` (the link kind) and the link's fields; with `ownership=True` also the
    /// `user_group` and `parent_group` edges. Needs networkx.
    #[pyo3(signature = (*, ownership = false))]
    fn to_networkx<'py>(slf: &Bound<'py, Self>, ownership: bool) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(slf.py());
        kwargs.set_item("ownership", ownership)?;
        slf.py()
            .import("chargeshift._networkx")?
            .getattr("to_networkx")?
            .call((slf,), Some(&kwargs))
    }

    /// A fleet from a graph of the shape of `to_networkx`, imported as a native document (its
    /// rules and findings; `strict` as for `read_json`).
    #[staticmethod]
    #[pyo3(signature = (graph, *, strict = None))]
    fn from_networkx<'py>(
        py: Python<'py>,
        graph: &Bound<'py, PyAny>,
        strict: Option<bool>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("strict", strict)?;
        py.import("chargeshift._networkx")?
            .getattr("from_networkx")?
            .call((graph,), Some(&kwargs))
    }

    /// Writes the fleet as a CSV bundle into `folder` (created if needed).
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn write_csv(&self, py: Python<'_>, folder: PathBuf) -> PyResult<()> {
        py.detach(|| csv_bundle::write_dir(&self.fleet, &folder))
            .map_err(|e| map_import_error(py, &e))
    }

    /// A picture of part of the fleet as Graphviz DOT (`format="dot"`, the default) or Mermaid
    /// (`format="mermaid"`): the neighbourhood of an asset up to `depth` (default 1) links over
    /// `links`, or, for `kind="user_group"`, the assets of that user group (with its subtree if
    /// `subtree`).
    #[pyo3(signature = (kind, id, *, depth = None, links = None, subtree = None, format = None))]
    #[expect(clippy::too_many_arguments, reason = "Python keyword arguments")]
    fn draw(
        &self,
        py: Python<'_>,
        kind: &str,
        id: &str,
        depth: Option<&Bound<'_, PyAny>>,
        links: Option<&Bound<'_, PyAny>>,
        subtree: Option<bool>,
        format: Option<&str>,
    ) -> PyResult<String> {
        let depth: Option<usize> = errors::non_negative_opt(depth, "depth")?;
        let mut request = DrawRequest::new(kind, id);
        request.depth = depth.unwrap_or(request.depth);
        request.links = link_names(links)?;
        request.subtree = subtree.unwrap_or(request.subtree);
        if let Some(format) = format {
            request.format = format.parse().map_err(|e| map_api_error(py, &e))?;
        }
        api::draw(&self.fleet, &request).map_err(|e| map_api_error(py, &e))
    }

    /// The fleet as a native JSON document (a string).
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        py.detach(|| document::to_json(&self.fleet))
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The fleet as the native document's dict: one list of records per kind (`charge_points`,
    /// `customers`, ...) and the links; `pandas.DataFrame(fleet.to_dict()["charge_points"])`
    /// gives a table.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let doc = py.detach(|| Document::from_fleet(&self.fleet));
        to_py(py, &doc)
    }

    /// A fleet from its native JSON document and the JSON records of its import findings (how
    /// an unpickled fleet is made).
    #[staticmethod]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn _from_pickle(py: Python<'_>, document: &str, findings: Vec<String>) -> PyResult<Self> {
        let imported = py
            .detach(|| document::read_json(document.as_bytes(), "<pickle>", Mode::Lenient))
            .map_err(|e| map_import_error(py, &e))?;
        let found = findings
            .iter()
            .map(|text| PyFinding::from_json(text))
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Self::new(imported.fleet, found))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Reduced<'py, (String, Vec<String>)>> {
        let restore = py.import("chargeshift._pickle")?.getattr("fleet")?;
        let text = self.to_json(py)?;
        let found = self
            .findings
            .iter()
            .map(PyFinding::json)
            .collect::<PyResult<Vec<_>>>()?;
        Ok((restore, (text, found)))
    }

    /// Equal fleets have the same records and links (as their native documents say) and the
    /// same import findings. O(n log n) in the nodes and links.
    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> bool {
        let Ok(other) = other.cast::<PyFleet>() else {
            return false;
        };
        let other = other.get();
        self.findings == other.findings
            && py.detach(|| Document::from_fleet(&self.fleet) == Document::from_fleet(&other.fleet))
    }

    /// The fleet itself: a `Fleet` never changes, so a copy is not needed.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// A fleet equal to this one and independent of it.
    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        Self::new(self.fleet.clone(), self.findings.clone())
    }

    fn __repr__(&self) -> String {
        format!(
            "<Fleet: {} nodes, {} links, {} findings>",
            self.fleet.node_count(),
            self.fleet.link_count(),
            self.findings.len()
        )
    }

    /// A table of counts by kind for notebooks.
    fn _repr_html_(&self) -> String {
        let mut html = String::from(
            "<table><thead><tr><th style=\"text-align:left\">kind</th><th>count</th></tr></thead><tbody>",
        );
        for (kind, n) in api::counts(&self.fleet).0 {
            let _ = write!(
                html,
                "<tr><td style=\"text-align:left\">{kind}</td><td>{n}</td></tr>"
            );
        }
        let _ = write!(
            html,
            "<tr><td style=\"text-align:left\"><b>links</b></td><td>{}</td></tr></tbody></table>",
            self.fleet.link_count()
        );
        if !self.findings.is_empty() {
            let _ = write!(html, "<p>{} import findings</p>", self.findings.len());
        }
        html
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFleet>()?;
    m.add_class::<PyFinding>()?;
    Ok(())
}
