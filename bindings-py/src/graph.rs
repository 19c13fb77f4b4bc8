//! `Fleet`, `Finding` and `FleetImportError`: the asset graph for Python.

use std::fmt::Write as _;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use chargeshift_graph::document::{self, Document};
use chargeshift_graph::dot::Subgraph;
use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::csv as csv_bundle;
use chargeshift_graph::import::ocpi::{self, OcpiOptions};
use chargeshift_graph::import::{ImportError, Imported, Mode};
use chargeshift_graph::validate::{self, Finding};
use chargeshift_graph::{Fleet, LinkKind, LinkKinds, NodeIndex, NodeKind, UnknownKind};
use pyo3::exceptions::{PyKeyError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::to_py;

pyo3::create_exception!(
    _native,
    FleetImportError,
    PyValueError,
    "A fleet export that cannot be imported. `findings` lists every problem of the first class found \
     (strict mode), each with file, line or record, and field; `line` and `column` are set for \
     malformed JSON."
);

/// One problem found in an export or a fleet, with where it is.
#[pyclass(module = "chargeshift", name = "Finding", frozen, get_all)]
#[derive(Clone)]
pub(crate) struct PyFinding {
    /// The class, e.g. `dangling_reference`.
    kind: String,
    /// What is wrong.
    message: String,
    /// The file, if known.
    file: Option<String>,
    /// The 1-based line, for line-oriented files.
    line: Option<u64>,
    /// The record, e.g. `charge_points[12]`.
    record: Option<String>,
    /// The field.
    field: Option<String>,
}

impl From<&Finding> for PyFinding {
    fn from(f: &Finding) -> Self {
        Self {
            kind: f.code.as_str().to_owned(),
            message: f.message.clone(),
            file: f.at.file.clone(),
            line: f.at.line,
            record: f.at.record.clone(),
            field: f.at.field.clone(),
        }
    }
}

#[pymethods]
impl PyFinding {
    fn __repr__(&self) -> String {
        format!("<Finding {}: {}>", self.kind, self.message)
    }

    fn __str__(&self) -> String {
        let mut at = String::new();
        for part in [&self.file, &self.record, &self.field]
            .into_iter()
            .flatten()
        {
            if !at.is_empty() {
                at.push(' ');
            }
            at.push_str(part);
        }
        if let Some(line) = self.line {
            let _ = write!(at, " line {line}");
        }
        format!("{}: {}: {}", self.kind, at.trim(), self.message)
    }
}

fn findings(report: &validate::Report) -> Vec<PyFinding> {
    report.findings.iter().map(PyFinding::from).collect()
}

/// An `OSError` for `path` as Python raises one: called with `(errno, strerror, filename)`,
/// `OSError` picks its subclass (`FileNotFoundError`, `IsADirectoryError`, `PermissionError`, ...).
pub(crate) fn os_error(e: &std::io::Error, path: &Path) -> PyErr {
    let file = path.display().to_string();
    match e.raw_os_error() {
        Some(errno) => {
            let text = e.to_string();
            let strerror = text
                .strip_suffix(&format!(" (os error {errno})"))
                .unwrap_or(&text)
                .to_owned();
            PyOSError::new_err((errno, strerror, file))
        }
        None => PyOSError::new_err(format!("{file}: {e}")),
    }
}

/// The `OSError` for a path that cannot be read as a `want_dir` folder or a file.
fn check_path(path: &Path, want_dir: bool) -> PyResult<()> {
    let meta = std::fs::metadata(path).map_err(|e| os_error(&e, path))?;
    let (errno, strerror) = match (want_dir, meta.is_dir()) {
        (true, false) => (20, "Not a directory"),
        (false, true) => (21, "Is a directory"),
        _ => return Ok(()),
    };
    Err(PyOSError::new_err((
        errno,
        strerror,
        path.display().to_string(),
    )))
}

/// Maps an import error to `FleetImportError` (or `OSError` for a file that cannot be read).
fn map_import_error(py: Python<'_>, err: &ImportError) -> PyErr {
    match err {
        ImportError::Io { file, message } => PyOSError::new_err(format!("{file}: {message}")),
        _ => {
            let py_err = FleetImportError::new_err(err.to_string());
            let value = py_err.value(py);
            let (line, column, found) = match err {
                ImportError::Json { line, column, .. } => (Some(*line), Some(*column), Vec::new()),
                ImportError::Rejected { report, .. } => (None, None, findings(report)),
                _ => (None, None, Vec::new()),
            };
            // attribute assignment on a fresh exception instance does not fail in practice;
            // the message alone still reaches the caller if it does
            let _ = value.setattr("line", line);
            let _ = value.setattr("column", column);
            let _ = value.setattr("findings", found);
            py_err
        }
    }
}

fn mode(strict: bool) -> Mode {
    if strict { Mode::Strict } else { Mode::Lenient }
}

fn node_kind(name: &str) -> PyResult<NodeKind> {
    name.parse()
        .map_err(|e: UnknownKind| PyValueError::new_err(e.to_string()))
}

fn link_kinds(names: Option<Vec<String>>) -> PyResult<LinkKinds> {
    let Some(names) = names else {
        return Ok(LinkKinds::CONNECTIONS);
    };
    names
        .iter()
        .map(|n| {
            n.parse::<LinkKind>()
                .map_err(|e| PyValueError::new_err(e.to_string()))
        })
        .collect()
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
            findings: findings(&imported.report),
            fleet: imported.fleet,
        }
    }

    fn lookup(&self, kind: &str, id: &str) -> PyResult<NodeIndex> {
        let kind = node_kind(kind)?;
        self.fleet
            .find(kind, id)
            .ok_or_else(|| PyKeyError::new_err(format!("no {kind} with id {id:?} in the fleet")))
    }

    fn key(&self, ix: NodeIndex) -> (String, String) {
        let kind = self.fleet.kind(ix).map_or("", NodeKind::as_str);
        (kind.to_owned(), self.fleet.id(ix).to_owned())
    }
}

#[pymethods]
impl PyFleet {
    /// Reads a native fleet JSON file. With `strict=False`, imports what is sound and lists every
    /// problem in `findings`; with `strict=True` (the default) raises `FleetImportError`.
    #[staticmethod]
    #[pyo3(signature = (path, *, strict = true))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_json(py: Python<'_>, path: PathBuf, strict: bool) -> PyResult<Self> {
        check_path(&path, false)?;
        let name = path.display().to_string();
        let result = py.detach(|| {
            let file = File::open(&path).map_err(|e| ImportError::Io {
                file: name.clone(),
                message: e.to_string(),
            })?;
            document::read_json(BufReader::new(file), &name, mode(strict))
        });
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }

    /// Reads a native fleet JSON document from a string; see `read_json`.
    #[staticmethod]
    #[pyo3(signature = (text, *, strict = true))]
    fn from_json(py: Python<'_>, text: &str, strict: bool) -> PyResult<Self> {
        let result = py.detach(|| document::read_json(text.as_bytes(), "<string>", mode(strict)));
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }

    /// Reads a CSV bundle: a folder with one file per node and link kind (`customers.csv`,
    /// `card_customer.csv`, ...; see the graph crate's FORMATS.md). Findings name file, line and
    /// field.
    #[staticmethod]
    #[pyo3(signature = (folder, *, strict = true))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_csv(py: Python<'_>, folder: PathBuf, strict: bool) -> PyResult<Self> {
        check_path(&folder, true)?;
        let result = py.detach(|| csv_bundle::read_dir(&folder, mode(strict)));
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }

    /// Reads OCPI 2.2.1 Locations and/or Tokens module output (JSON files): each EVSE becomes a
    /// charge point at its location, each token a charge card. `user_group` puts every asset in
    /// one user group instead of one per OCPI party.
    #[staticmethod]
    #[pyo3(signature = (*, locations = None, tokens = None, user_group = None, strict = true))]
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn read_ocpi(
        py: Python<'_>,
        locations: Option<PathBuf>,
        tokens: Option<PathBuf>,
        user_group: Option<String>,
        strict: bool,
    ) -> PyResult<Self> {
        let read = |p: &Option<PathBuf>| -> Result<Option<(String, Vec<u8>)>, ImportError> {
            p.as_ref()
                .map(|p| {
                    let name = p.display().to_string();
                    std::fs::read(p)
                        .map(|bytes| (name.clone(), bytes))
                        .map_err(|e| ImportError::Io {
                            file: name,
                            message: e.to_string(),
                        })
                })
                .transpose()
        };
        let result = py.detach(|| {
            let l = read(&locations)?;
            let t = read(&tokens)?;
            let options = OcpiOptions { user_group };
            ocpi::read(
                l.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
                t.as_ref().map(|(n, b)| (n.as_str(), b.as_slice())),
                &options,
                mode(strict),
            )
        });
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }

    /// A realistic synthetic fleet of `charge_points` charge points; the same seed gives the same
    /// fleet. `messy=True` plants the problems of real exports (listed in `findings`).
    #[staticmethod]
    #[pyo3(signature = (charge_points, *, seed = 1, sub_providers = 1, messy = false))]
    fn generate(
        py: Python<'_>,
        charge_points: usize,
        seed: u64,
        sub_providers: usize,
        messy: bool,
    ) -> PyResult<Self> {
        let mut spec = FleetSpec::new(charge_points).seed(seed);
        spec.sub_providers = sub_providers;
        if messy {
            spec = spec.messy();
        }
        let result = py.detach(|| generate_fleet(&spec));
        result
            .map(Self::from_imported)
            .map_err(|e| map_import_error(py, &e))
    }

    /// The problems found while importing leniently (empty after a strict import).
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.findings.clone()
    }

    /// Checks the rules that span several records (e.g. a charge point in a charge group of
    /// another provider); returns the findings.
    fn validate(&self, py: Python<'_>) -> Vec<PyFinding> {
        findings(&py.detach(|| validate::validate(&self.fleet)))
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

    /// Nodes by kind, e.g. `{"charge_point": 120, ...}`.
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (kind, n) in self.fleet.count_by_kind() {
            out.set_item(kind.as_str(), n)?;
        }
        Ok(out)
    }

    /// Links by kind, e.g. `{"card_customer": 80, ...}`.
    fn link_counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (kind, n) in self.fleet.count_links_by_kind() {
            out.set_item(kind.as_str(), n)?;
        }
        Ok(out)
    }

    /// Charge points by the value of a segment tag (e.g. `criticality`, `vendor`).
    fn count_by_segment<'py>(&self, py: Python<'py>, key: &str) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        for (value, n) in self.fleet.count_by_segment(key) {
            out.set_item(value, n)?;
        }
        Ok(out)
    }

    /// Everything linked to an asset through `links` (default: every connection between assets,
    /// not ownership), up to `depth` links away: `[(kind, id, distance), ...]`, breadth first.
    #[pyo3(signature = (kind, id, *, depth = 1, links = None))]
    fn neighbourhood(
        &self,
        kind: &str,
        id: &str,
        depth: usize,
        links: Option<Vec<String>>,
    ) -> PyResult<Vec<(String, String, usize)>> {
        let start = self.lookup(kind, id)?;
        let kinds = link_kinds(links)?;
        Ok(self
            .fleet
            .neighbourhood(start, kinds, depth)
            .into_iter()
            .map(|(ix, d)| {
                let (k, i) = self.key(ix);
                (k, i, d)
            })
            .collect())
    }

    /// The id of the provider of a user group (its nearest ancestor-or-self that is a provider).
    fn provider_of(&self, user_group: &str) -> PyResult<Option<String>> {
        let ug = self.lookup("user_group", user_group)?;
        Ok(self
            .fleet
            .provider_of(ug)
            .map(|p| self.fleet.id(p).to_owned()))
    }

    /// The assets of a user group, `[(kind, id), ...]`, optionally with its whole subtree.
    #[pyo3(signature = (user_group, *, subtree = false))]
    fn assets_of(&self, user_group: &str, subtree: bool) -> PyResult<Vec<(String, String)>> {
        let ug = self.lookup("user_group", user_group)?;
        Ok(self
            .fleet
            .assets_of(ug, subtree)
            .into_iter()
            .map(|ix| self.key(ix))
            .collect())
    }

    /// Connected components over the chosen link kinds (default: every connection between assets):
    /// a list of components, each a list of `(kind, id)`, largest first.
    #[pyo3(signature = (*, links = None))]
    fn components(
        &self,
        py: Python<'_>,
        links: Option<Vec<String>>,
    ) -> PyResult<Vec<Vec<(String, String)>>> {
        let kinds = link_kinds(links)?;
        let mut groups = py.detach(|| self.fleet.components(kinds).groups());
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        Ok(groups
            .into_iter()
            .map(|g| g.into_iter().map(|ix| self.key(ix)).collect())
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

    /// A picture of part of the fleet as Graphviz DOT (`format="dot"`) or Mermaid
    /// (`format="mermaid"`): the neighbourhood of an asset up to `depth` links over `links`, or,
    /// for `kind="user_group"`, the assets of that user group (with its subtree if `subtree`).
    #[pyo3(signature = (kind, id, *, depth = 1, links = None, subtree = false, format = "dot"))]
    fn draw(
        &self,
        kind: &str,
        id: &str,
        depth: usize,
        links: Option<Vec<String>>,
        subtree: bool,
        format: &str,
    ) -> PyResult<String> {
        let start = self.lookup(kind, id)?;
        let sub = if self.fleet.kind(start) == Some(NodeKind::UserGroup) {
            Subgraph::user_group(&self.fleet, start, subtree)
        } else {
            Subgraph::neighbourhood(&self.fleet, start, link_kinds(links)?, depth)
        };
        match format {
            "dot" => Ok(sub.to_dot(&self.fleet)),
            "mermaid" => Ok(sub.to_mermaid(&self.fleet)),
            other => Err(PyValueError::new_err(format!(
                "unknown picture format {other:?}; expected \"dot\" or \"mermaid\""
            ))),
        }
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
        for (kind, n) in self.fleet.count_by_kind() {
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
    m.add_class::<PyFleet>()?;
    m.add_class::<PyFinding>()?;
    Ok(())
}
