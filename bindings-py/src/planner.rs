//! `plan`, `Plan` and `PlanError`: migration plans for Python.

use std::path::PathBuf;

use chargeshift_planner::request::MigrationRequest;
use chargeshift_planner::snapshot::{SnapshotError, plan_assets, write_snapshot};
use chargeshift_planner::{Plan, PlanError};
use pyo3::exceptions::{PyFileExistsError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::to_py;
use crate::graph::PyFleet;

pyo3::create_exception!(
    _native,
    MigrationRequestError,
    PyValueError,
    "A migration request that cannot be planned: malformed, or naming an asset or user group the \
     fleet does not have. `suggestions` holds the closest existing ids."
);

/// Maps a planning error to `MigrationRequestError` with `kind`, `id` and `suggestions`.
fn map_plan_error(py: Python<'_>, err: &PlanError) -> PyErr {
    let py_err = MigrationRequestError::new_err(err.to_string());
    let value = py_err.value(py);
    let (kind, id, suggestions) = err
        .unknown_id()
        .map_or((None, None, &[][..]), |(k, i, s)| (Some(k), Some(i), s));
    // attribute assignment on a fresh exception instance does not fail in practice
    let _ = value.setattr("kind", kind);
    let _ = value.setattr("id", id);
    let _ = value.setattr("suggestions", suggestions.to_vec());
    py_err
}

/// Reads a request given as a JSON string or as a dict (through `json.dumps`).
fn read_request(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<MigrationRequest> {
    let text: String = if request.is_instance_of::<PyString>() {
        request.extract()?
    } else {
        py.import("json")?
            .call_method1("dumps", (request,))?
            .extract()?
    };
    MigrationRequest::from_json(&text).map_err(|e| map_plan_error(py, &e))
}

/// A migration plan: what moves, the findings, the ordered steps with every option of the
/// platform's forms, and the simulation that checks every link is preserved.
#[pyclass(module = "chargeshift", name = "Plan", frozen)]
pub(crate) struct PyPlan {
    plan: Plan,
    fleet: Py<PyFleet>,
}

#[pymethods]
impl PyPlan {
    /// `ready`, `ready_with_warnings` or `blocked`.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.status)
    }

    /// Whether an error finding blocks the plan.
    #[getter]
    fn is_blocked(&self) -> bool {
        self.plan.is_blocked()
    }

    /// Counts: requested, pulled along, already in the target, to move, steps, links cut, split.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.summary)
    }

    /// The findings of the checks, as dicts with `code`, `check`, `severity`, `message`, `assets`.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.findings)
    }

    /// The ordered steps, as dicts with `operation`, `assets`, `options` (each with its label and
    /// whether it is ticked), `moves_along`, `cuts`.
    #[getter]
    fn steps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.steps)
    }

    /// The whole plan as a dict (the documented plan JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan)
    }

    /// The plan as JSON text.
    fn to_json(&self) -> PyResult<String> {
        self.plan
            .to_json()
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The Markdown runbook: preparation, numbered steps with where to click and which boxes to
    /// tick, what to verify after each.
    fn to_markdown(&self) -> String {
        chargeshift_planner::runbook::markdown(&self.plan)
    }

    /// A Graphviz DOT picture of what moves.
    fn to_dot(&self) -> String {
        chargeshift_planner::dot::plan_dot(&self.fleet.get().fleet, &self.plan)
    }

    /// Writes the preparation snapshot (CSV files of every link touching the migration) into
    /// `folder`; returns the paths written.
    #[expect(
        clippy::needless_pass_by_value,
        reason = "pyo3 extracts arguments as owned values"
    )]
    fn write_snapshot(&self, py: Python<'_>, folder: PathBuf) -> PyResult<Vec<String>> {
        let fleet = &self.fleet.get().fleet;
        py.detach(|| write_snapshot(fleet, &plan_assets(fleet, &self.plan), &folder))
            .map_err(|e| match e {
                SnapshotError::Exists { .. } => PyFileExistsError::new_err(e.to_string()),
                _ => PyOSError::new_err(e.to_string()),
            })
    }

    fn __repr__(&self) -> String {
        let s = &self.plan.summary;
        format!(
            "<Plan to {}: {:?}, {} assets in {} steps, {} findings>",
            self.plan.target.id,
            self.plan.status,
            s.to_move,
            s.steps,
            self.plan.findings.len()
        )
    }

    /// The runbook as preformatted text for notebooks.
    fn _repr_html_(&self) -> String {
        let md = self.to_markdown();
        let escaped = md
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        format!("<pre style=\"white-space: pre-wrap\">{escaped}</pre>")
    }
}

/// Plans moving assets of `fleet` to a user group.
///
/// `request` is a dict or JSON text: `{"target": "UG", "assets": [{"kind": ..., "id": ...}],
/// "selectors": [{"customer": "C1"}, {"location": "L1"}, ...], "policy": {...}}` (the planner's
/// request schema). Raises `MigrationRequestError` for a malformed request or an unknown id (with
/// `suggestions`); a plan blocked by a rule is returned with `is_blocked` set.
#[pyfunction]
fn plan(
    py: Python<'_>,
    fleet: &Bound<'_, PyFleet>,
    request: &Bound<'_, PyAny>,
) -> PyResult<PyPlan> {
    let request = read_request(py, request)?;
    let unbound = fleet.clone().unbind();
    let inner = &fleet.get().fleet;
    let result = py.detach(|| chargeshift_planner::plan(inner, &request));
    let plan = result.map_err(|e| map_plan_error(py, &e))?;
    Ok(PyPlan {
        plan,
        fleet: unbound,
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add(
        "MigrationRequestError",
        m.py().get_type::<MigrationRequestError>(),
    )?;
    m.add_class::<PyPlan>()?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    Ok(())
}
