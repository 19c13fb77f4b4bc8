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
use pyo3::exceptions::{PyKeyError, PyOSError, PyValueError};
use pyo3::prelude::*;

use crate::convert::to_py;

pyo3::create_exception!(
    _native,
    FleetImportError,
    PyValueError,
    "A fleet export that cannot be imported. `findings` lists every problem of the first class found \
     (strict mode), each with file, line or record, and field; `line` and `column` are set for \
     malformed JSON."
);

pyo3::create_exception!(
    _native,
    UnknownAssetError,
    PyKeyError,
    "No asset (or user group) of that kind has that id. `kind`, `id` and `suggestions` (the \
     closest existing ids) say which; a `KeyError`, so `except KeyError` catches it."
);

/// One problem found in an export or a fleet, with where it is.
#[pyclass(module = "chargeshift", name = "Finding", frozen)]
#[derive(Clone)]
pub(crate) struct PyFinding(FindingView);

#[pymethods]
impl PyFinding {
    /// The stable code, e.g. `GR005`.
    #[getter]
    fn code(&self) -> &'static str {
        self.0.code
    }

    /// The check, e.g. `dangling_reference`.
    #[getter]
    fn check(&self) -> &'static str {
        self.0.check
    }

    /// The check under its older name (same as `check`).
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind
    }

    /// `error`, `warning` or `info`.
    #[getter]
    fn severity(&self) -> &'static str {
        self.0.severity
    }

    /// What is wrong.
    #[getter]
    fn message(&self) -> &str {
        &self.0.message
    }

    /// The file, if known.
    #[getter]
    fn file(&self) -> Option<&str> {
        self.0.file.as_deref()
    }

    /// The 1-based line, for line-oriented files.
    #[getter]
    fn line(&self) -> Option<u64> {
        self.0.line
    }

    /// The record, e.g. `charge_points[12]`.
    #[getter]
    fn record(&self) -> Option<&str> {
        self.0.record.as_deref()
    }

    /// The field.
    #[getter]
    fn field(&self) -> Option<&str> {
        self.0.field.as_deref()
    }

    /// The finding as a dict (the keys above that are set).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!("<Finding {}: {}>", self.0.kind, self.0.message)
    }

    fn __str__(&self) -> String {
        let f = &self.0;
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

fn findings(found: &[Finding]) -> Vec<PyFinding> {
    api::finding_views(found)
        .into_iter()
        .map(PyFinding)
        .collect()
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

/// An `OSError` as Python raises one, `(errno, strerror, filename)`, or with the message alone.
fn os_error(py: Python<'_>, file: &str, kind: ErrorKind, message: &str) -> PyErr {
    let errno = errno_name(kind).and_then(|name| {
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
    });
    match errno {
        Some((n, strerror)) => PyOSError::new_err((n, strerror, file.to_owned())),
        None => PyOSError::new_err(format!("{file}: {message}")),
    }
}

/// Maps an import error to `FleetImportError` (or `OSError` for a file that cannot be read).
fn map_import_error(py: Python<'_>, err: &ImportError) -> PyErr {
    if let ImportError::Io {
        file,
        kind,
        message,
    } = err
    {
        return os_error(py, file, *kind, message);
    }
    let py_err = FleetImportError::new_err(err.to_string());
    let value = py_err.value(py);
    let (line, column, found) = match err {
        ImportError::Json { line, column, .. } => (Some(*line), Some(*column), Vec::new()),
        ImportError::Rejected { report, .. } => (None, None, findings(&report.findings)),
        _ => (None, None, Vec::new()),
    };
    // attribute assignment on a fresh exception instance does not fail in practice;
    // the message alone still reaches the caller if it does
    let _ = value.setattr("line", line);
    let _ = value.setattr("column", column);
    let _ = value.setattr("findings", found);
    py_err
}

/// Maps a lookup error: `UnknownAssetError` (a `KeyError`) with `kind`, `id` and `suggestions`,
/// or `ValueError` for an unknown kind name or format.
pub(crate) fn map_api_error(py: Python<'_>, err: &ApiError) -> PyErr {
    let Some((kind, id, suggestions)) = err.unknown_asset() else {
        return PyValueError::new_err(err.to_string());
    };
    let py_err = UnknownAssetError::new_err(err.to_string());
    let value = py_err.value(py);
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("id", id);
    let _ = value.setattr("suggestions", suggestions.to_vec());
    py_err
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
}

impl PyFleet {
    fn from_imported(imported: Imported) -> Self {
        Self {
            findings: findings(&imported.report.findings),
            fleet: imported.fleet,
        }
    }

    fn imported(py: Python<'_>, result: Result<Imported, ImportError>) -> PyResult<Self> {
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }
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
        charge_points: usize,
        seed: Option<u64>,
        sub_providers: Option<usize>,
        messy: Option<bool>,
    ) -> PyResult<Self> {
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
        depth: Option<usize>,
        links: Option<Vec<String>>,
    ) -> PyResult<Vec<(String, String, usize)>> {
        let mut request = NeighbourhoodRequest::new(kind, id);
        request.depth = depth.unwrap_or(request.depth);
        request.links = links;
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
        links: Option<Vec<String>>,
    ) -> PyResult<Vec<Vec<(String, String)>>> {
        let request = ComponentsRequest { links };
        let groups = py
            .detach(|| api::components(&self.fleet, &request))
            .map_err(|e| map_api_error(py, &e))?;
        Ok(groups
            .into_iter()
            .map(|g| g.into_iter().map(key).collect())
            .collect())
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
        depth: Option<usize>,
        links: Option<Vec<String>>,
        subtree: Option<bool>,
        format: Option<&str>,
    ) -> PyResult<String> {
        let mut request = DrawRequest::new(kind, id);
        request.depth = depth.unwrap_or(request.depth);
        request.links = links;
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
    m.add("FleetImportError", m.py().get_type::<FleetImportError>())?;
    m.add("UnknownAssetError", m.py().get_type::<UnknownAssetError>())?;
    m.add_class::<PyFleet>()?;
    m.add_class::<PyFinding>()?;
    Ok(())
}
