//! `reconcile`, `Reconciliation` and `ReconcileError`: the old and the new back office's exports
//! compared, with the seed's four proofs, as `chargeshift reconcile` does it.

use chargeshift_planner::reconcile::{ReconcileError as CoreError, compare, report};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use serde::Serialize;

use crate::convert::to_py;
use crate::graph::PyFleet;
use crate::tables::{Input, data_frame, html_table, table_name};

/// `chargeshift.ReconcileError`, a `ChargeshiftError` and a `ValueError`, defined in
/// `chargeshift._errors` (where its documentation is) and raised through `errors::error`.
struct ReconcileError;

impl ReconcileError {
    /// A new `ReconcileError` with `message`; its attributes are set by the caller.
    fn new_err(message: impl Into<String>) -> PyErr {
        Python::attach(|py| crate::errors::error(py, "ReconcileError", message.into(), |_| Ok(())))
    }
}

fn reconcile_error(
    message: String,
    file: Option<&str>,
    line: Option<u64>,
    field: Option<&str>,
) -> PyErr {
    let err = ReconcileError::new_err(message);
    Python::attach(|py| {
        let v = err.value(py);
        // attribute assignment on a fresh exception instance does not fail in practice
        let _ = v.setattr("file", file);
        let _ = v.setattr("line", line);
        let _ = v.setattr("field", field);
        let _ = v.setattr("side", None::<&str>);
    });
    err
}

fn map_error(e: &CoreError) -> PyErr {
    match e {
        CoreError::Mapping {
            file, line, field, ..
        } => reconcile_error(e.to_string(), Some(file), Some(*line), Some(field)),
        CoreError::Io { file, .. } => reconcile_error(e.to_string(), Some(file), None, None),
        CoreError::Import { side, .. } => {
            let err = reconcile_error(e.to_string(), None, None, None);
            Python::attach(|py| {
                let _ = err.value(py).setattr("side", side.to_string());
            });
            err
        }
        _ => reconcile_error(e.to_string(), None, None, None),
    }
}

/// The reconciliation of two back offices' exports: every difference (assets, links,
/// attributes) with both sides' values, and the evidence report of the four proofs that back
/// decommissioning the old one.
#[pyclass(module = "chargeshift", name = "Reconciliation", frozen)]
pub(crate) struct PyReconciliation {
    report: report::ReconcileReport,
}

#[derive(Serialize)]
struct DifferenceRow<'a> {
    code: &'static str,
    check: &'static str,
    severity: chargeshift_graph::Severity,
    kind: &'a str,
    field: Option<&'a str>,
    old: Option<&'a str>,
    new: Option<&'a str>,
    message: &'a str,
}

#[pymethods]
impl PyReconciliation {
    /// Whether all four proofs passed: the old back office can be switched off.
    #[getter]
    fn decommission_backed(&self) -> bool {
        self.report.decommission_backed()
    }

    /// Whether the reconciliation found no error difference and both imports were complete.
    #[getter]
    fn reconciliation_complete(&self) -> bool {
        self.report.reconciliation_complete()
    }

    /// The counts: total, errors, warnings, and per code.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.summary)
    }

    /// The four proofs, each with `proof`, `status` (`passed`, `failed`, `unknown`),
    /// `backed_by` and what is `missing`.
    #[getter]
    fn evidence<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.evidence)
    }

    /// Every difference as dicts: the `finding` (code, check, severity, message), `kind`,
    /// `field`, `old`, `new`.
    #[getter]
    fn differences<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.findings)
    }

    /// The assets per kind on each side (`kind`, `old`, `new`).
    #[getter]
    fn assets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.assets)
    }

    /// The links per kind on each side (`kind`, `old`, `new`).
    #[getter]
    fn links<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report.links)
    }

    /// A table as a pandas DataFrame: `differences` (one row per difference), `evidence` (one
    /// row per proof), `assets` and `links` (the counts per kind on each side).
    #[pyo3(signature = (table = "differences"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let r = &self.report;
        match table_name(table, &["differences", "evidence", "assets", "links"])? {
            "differences" => {
                let rows: Vec<DifferenceRow<'_>> = r
                    .findings
                    .iter()
                    .map(|d| DifferenceRow {
                        code: d.finding.code_str(),
                        check: chargeshift_graph::FindingCode::name(d.finding.code),
                        severity: d.finding.severity,
                        kind: &d.kind,
                        field: d.field.as_deref(),
                        old: d.old.as_deref(),
                        new: d.new.as_deref(),
                        message: &d.finding.message,
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "code", "check", "severity", "kind", "field", "old", "new", "message",
                    ],
                    &rows,
                )
            }
            "evidence" => data_frame(
                py,
                &["proof", "status", "backed_by", "missing"],
                &r.evidence,
            ),
            "assets" => data_frame(py, &["kind", "old", "new"], &r.assets),
            _ => data_frame(py, &["kind", "old", "new"], &r.links),
        }
    }

    /// The Markdown evidence report (`chargeshift reconcile`).
    fn to_markdown(&self) -> String {
        report::markdown(&self.report)
    }

    /// The report as a dict (the documented reconcile JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.report)
    }

    /// The report as JSON text (`chargeshift reconcile --format json`).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.report)
            .map(|s| s + "\n")
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A reconciliation from its report's JSON text (how an unpickled one is made).
    #[staticmethod]
    fn _from_pickle(document: &str) -> PyResult<Self> {
        let report: report::ReconcileReport =
            serde_json::from_str(document).map_err(|e| PyValueError::new_err(e.to_string()))?;
        Ok(Self { report })
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<crate::graph::Reduced<'py, (String,)>> {
        let restore = py
            .import("chargeshift._pickle")?
            .getattr("reconciliation")?;
        Ok((restore, (self.to_json()?,)))
    }

    /// Equal reconciliations have the same report.
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyReconciliation>()
            .is_ok_and(|other| self.report == other.get().report)
    }

    /// The reconciliation itself: it never changes.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    /// An equal reconciliation.
    fn __deepcopy__(&self, _memo: &Bound<'_, PyAny>) -> Self {
        Self {
            report: self.report.clone(),
        }
    }

    /// The four proofs and the differences per code as HTML tables, for notebooks.
    fn _repr_html_(&self) -> String {
        let proofs: Vec<Vec<String>> = self
            .report
            .evidence
            .iter()
            .map(|p| {
                vec![
                    serde_name(&p.proof),
                    serde_name(&p.status),
                    p.backed_by.clone(),
                    p.missing.clone().unwrap_or_default(),
                ]
            })
            .collect();
        let codes: Vec<Vec<String>> = self
            .report
            .summary
            .by_code
            .iter()
            .map(|c| {
                vec![
                    c.code.clone(),
                    c.check.clone(),
                    c.kind.clone(),
                    c.count.to_string(),
                ]
            })
            .collect();
        let mut html = html_table(
            &self.__repr__(),
            &["proof", "status", "backed by", "missing"],
            &proofs,
        );
        html.push_str(&html_table(
            "differences",
            &["code", "check", "kind", "count"],
            &codes,
        ));
        html
    }

    fn __repr__(&self) -> String {
        let s = &self.report.summary;
        format!(
            "<Reconciliation: {} differences ({} errors, {} warnings), decommission {}>",
            s.total,
            s.errors,
            s.warnings,
            if self.report.decommission_backed() {
                "backed"
            } else {
                "not backed"
            }
        )
    }
}

/// The error findings of a fleet's import (what a lenient import skipped).
fn import_errors(fleet: &Bound<'_, PyFleet>) -> PyResult<usize> {
    let mut n = 0;
    for f in fleet.getattr("findings")?.try_iter()? {
        let severity: String = f?.getattr("severity")?.extract()?;
        if severity == "error" {
            n += 1;
        }
    }
    Ok(n)
}

/// Reconciles the exports of the `old` and the `new` back office.
///
/// `mapping`: the id mapping where the new back office renumbers (a CSV `kind,old_id,new_id`
/// as a path or bytes); `tolerance_m`: how far coordinates may drift; `listed`: differences
/// listed per code in the Markdown; `history`: `(in_old, exported)` counts of historical
/// sessions; `health_report`: what backs the alerts and operations proof (e.g. the last wave's
/// health report); `legacy_signoff`: who signed off that no legacy workflow is left. Every
/// option left `None` keeps the crate's default. Raises `ReconcileError`.
#[pyfunction]
#[pyo3(signature = (old, new, *, mapping = None, tolerance_m = None, listed = None, history = None, health_report = None, legacy_signoff = None))]
#[expect(
    clippy::too_many_arguments,
    reason = "the options as keyword arguments"
)]
fn reconcile(
    py: Python<'_>,
    old: &Bound<'_, PyFleet>,
    new: &Bound<'_, PyFleet>,
    mapping: Option<&Bound<'_, PyAny>>,
    tolerance_m: Option<f64>,
    listed: Option<i64>,
    history: Option<(i64, i64)>,
    health_report: Option<String>,
    legacy_signoff: Option<String>,
) -> PyResult<PyReconciliation> {
    let (o, n) = (&old.get().fleet, &new.get().fleet);
    let map = match mapping {
        None => compare::IdMap::new(),
        Some(m) => {
            let input = Input::extract(m, "mapping")?;
            let name = input.name("mapping");
            let text = input
                .text()
                .map_err(|e| PyOSError::new_err(format!("{name}: {e}")))?;
            compare::IdMap::from_csv(&text, &name, o, n).map_err(|e| map_error(&e))?
        }
    };
    let mut tolerances = compare::Tolerances::default();
    if let Some(t) = tolerance_m {
        if !(t.is_finite() && t >= 0.0) {
            return Err(reconcile_error(
                format!("tolerance_m {t}: expected a distance of 0 m or more"),
                None,
                None,
                Some("tolerance_m"),
            ));
        }
        tolerances.coordinates_m = t;
    }
    let mut options = report::ReportOptions::default();
    let count = |field: &str, n: i64| {
        u64::try_from(n).map_err(|_| {
            reconcile_error(
                format!("{field} = {n}: expected a count of 0 or more"),
                None,
                None,
                Some(field),
            )
        })
    };
    if let Some(l) = listed {
        options.listed_per_code = usize::try_from(count("listed", l)?).unwrap_or(usize::MAX);
    }
    let history = match history {
        Some((in_old, exported)) => Some(report::HistoryCounts {
            in_old: count("history", in_old)?,
            exported: count("history", exported)?,
        }),
        None => None,
    };
    options.evidence = report::Evidence {
        history,
        health_report,
        legacy_workflows_signoff: legacy_signoff,
    };
    options.import_findings = report::ImportFindings {
        old: import_errors(old)?,
        new: import_errors(new)?,
    };
    let r = py.detach(|| report::report(compare::compare(o, n, &map, &tolerances), &options));
    Ok(PyReconciliation { report: r })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyReconciliation>()?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    Ok(())
}

/// The serde name of a unit enum value (`passed`, `history_preserved`, ...).
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}
