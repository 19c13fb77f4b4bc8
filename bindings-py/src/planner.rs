//! `plan`, `Plan` and `PlanError`: migration plans for Python.

use std::path::PathBuf;

use chargeshift_planner::request::MigrationRequest;
use chargeshift_planner::snapshot::{SnapshotError, plan_assets, write_snapshot};
use chargeshift_planner::{Plan, PlanError};
use pyo3::exceptions::{PyFileExistsError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert::to_py;
use crate::errors;
use crate::graph::PyFleet;

/// Maps a planning error to `MigrationRequestError` with `kind`, `id` and `suggestions`.
fn map_plan_error(py: Python<'_>, err: &PlanError) -> PyErr {
    let (kind, id, suggestions) = err
        .unknown_id()
        .map_or((None, None, &[][..]), |(k, i, s)| (Some(k), Some(i), s));
    errors::error(py, "MigrationRequestError", err.to_string(), |v| {
        v.setattr("kind", kind)?;
        v.setattr("id", id)?;
        v.setattr("suggestions", suggestions.to_vec())
    })
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
            "<Plan to {}: status='{}', {} assets in {} steps, {} findings>",
            self.plan.target.id,
            status_name(&self.plan),
            s.to_move,
            s.steps,
            self.plan.findings.len()
        )
    }

    /// The plan as HTML tables for notebooks: the summary, the findings, and the steps with
    /// their options ticked (☑) or not (☐).
    fn _repr_html_(&self) -> String {
        crate::html::plan(&self.plan, &status_name(&self.plan))
    }

    /// A plan of `fleet` from its JSON text (how an unpickled plan is made).
    #[staticmethod]
    fn _from_pickle(fleet: &Bound<'_, PyFleet>, document: &str) -> PyResult<Self> {
        let plan: Plan =
            serde_json::from_str(document).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self {
            plan,
            fleet: fleet.clone().unbind(),
        })
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<crate::graph::Reduced<'py, (Py<PyFleet>, String)>> {
        let restore = py.import("chargeshift._pickle")?.getattr("plan")?;
        Ok((restore, (self.fleet.clone_ref(py), self.to_json()?)))
    }

    /// Equal plans write the same plan JSON (the fleet they were made of is not compared).
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPlan>().is_ok_and(|other| {
            let (a, b) = (self.plan.to_json(), other.get().plan.to_json());
            a.is_ok() && a.ok() == b.ok()
        })
    }

    /// The plan itself: a `Plan` never changes.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// An equal plan of the same fleet.
    fn __deepcopy__(&self, py: Python<'_>, _memo: &Bound<'_, PyAny>) -> Self {
        Self {
            plan: self.plan.clone(),
            fleet: self.fleet.clone_ref(py),
        }
    }
}

/// The status as the `status` attribute spells it (`ready_with_warnings`).
fn status_name(plan: &Plan) -> String {
    match serde_json::to_value(plan.status) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{:?}", plan.status),
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
    m.add_class::<PyPlan>()?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    Ok(())
}
