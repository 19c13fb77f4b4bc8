//! `cutover`, `CutoverPlan` and `CutoverError`: replacing the back office in a pilot and waves,
//! as `chargeshift waves` / `route` and `chargeshift_planner::cutover::plan` do it.

use chargeshift_planner::cutover::{
    CutoverError as CoreError, CutoverPlan, CutoverRequest, frames, gateway, report,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::Serialize;

use crate::convert::to_py;
use crate::graph::PyFleet;
use crate::tables::{Input, data_frame, html_table, table_name};

/// `chargeshift.CutoverError`, a `ChargeshiftError` and a `ValueError`, defined in
/// `chargeshift._errors` (where its documentation is) and raised through `errors::error`.
struct CutoverError;

impl CutoverError {
    /// A new `CutoverError` with `message`; its attributes are set by the caller.
    fn new_err(message: impl Into<String>) -> PyErr {
        Python::attach(|py| crate::errors::error(py, "CutoverError", message.into(), |_| Ok(())))
    }
}

/// Sets the structured attributes of a cutover exception.
fn attrs(
    py: Python<'_>,
    err: &PyErr,
    field: Option<&str>,
    value: Option<&str>,
    file: Option<&str>,
    line: Option<u64>,
    suggestions: Vec<String>,
) {
    let v = err.value(py);
    // attribute assignment on a fresh exception instance does not fail in practice
    let _ = v.setattr("field", field);
    let _ = v.setattr("value", value);
    let _ = v.setattr("file", file);
    let _ = v.setattr("line", line);
    let _ = v.setattr("suggestions", suggestions);
}

/// Maps a cutover error to the exception `CutoverError` with `field`, `value`, `file`, `line`,
/// `suggestions`.
pub(crate) fn map_cutover_error(py: Python<'_>, e: &CoreError) -> PyErr {
    let err = CutoverError::new_err(e.to_string());
    match e {
        CoreError::UnknownSegment { key, closest } => attrs(
            py,
            &err,
            Some("segment"),
            Some(key),
            None,
            None,
            closest.iter().cloned().collect(),
        ),
        CoreError::InvalidLimit { field, value, .. }
        | CoreError::InvalidOcpp { field, value, .. } => {
            attrs(py, &err, Some(field), Some(value), None, None, Vec::new());
        }
        CoreError::MissingOcpp => attrs(py, &err, Some("ocpp"), None, None, None, Vec::new()),
        CoreError::InvalidUrlKeys { file, line, .. } => {
            attrs(py, &err, None, None, Some(file), Some(*line), Vec::new());
        }
        _ => attrs(py, &err, None, None, None, None, Vec::new()),
    }
    err
}

/// The request: `request` (a dict, JSON text or `None`) with every keyword given over it, read
/// by the crate (which fills every default).
fn read_request(
    py: Python<'_>,
    request: Option<&Bound<'_, PyAny>>,
    options: &[(&str, Option<&Bound<'_, PyAny>>)],
) -> PyResult<CutoverRequest> {
    let json = py.import("json")?;
    let dict = match request {
        None => PyDict::new(py),
        Some(r) if r.is_instance_of::<PyString>() => json
            .call_method1("loads", (r,))
            .map_err(|e| {
                let err = CutoverError::new_err(format!("the cutover request is not JSON: {e}"));
                attrs(py, &err, None, None, None, None, Vec::new());
                err
            })?
            .cast_into::<PyDict>()
            .map_err(|_| {
                let err = CutoverError::new_err("the cutover request is not a JSON object");
                attrs(py, &err, None, None, None, None, Vec::new());
                err
            })?,
        Some(r) => py
            .import("builtins")?
            .getattr("dict")?
            .call1((r,))?
            .cast_into()?,
    };
    for (key, value) in options {
        if let Some(v) = value {
            // a datetime.date (or anything else) for `start_date` as its ISO text
            if *key == "start_date" && !v.is_instance_of::<PyString>() {
                dict.set_item(key, v.str()?)?;
            } else {
                dict.set_item(key, v)?;
            }
        }
    }
    let text: String = json.call_method1("dumps", (&dict,))?.extract()?;
    serde_json::from_str::<CutoverRequest>(&text).map_err(|e| {
        let err = CutoverError::new_err(format!("invalid cutover request: {e}"));
        attrs(py, &err, None, None, None, None, Vec::new());
        err
    })
}

/// A cutover plan: the migration units, the pilot, the waves, the schedule, the routing table
/// of every phase and the findings; with the Markdown wave plan, the routing exports, the
/// gateway configuration and the OCPP frames that move each charge point.
#[pyclass(module = "chargeshift", name = "CutoverPlan", frozen)]
pub(crate) struct PyCutoverPlan {
    pub(crate) plan: CutoverPlan,
    fleet: Py<PyFleet>,
}

#[derive(Serialize)]
struct UnitRow<'a> {
    unit: &'a str,
    size: usize,
    sites: usize,
    phase: Option<u32>,
    phase_name: Option<&'a str>,
    charge_points: &'a [chargeshift_planner::cutover::CompactString],
}

#[derive(Serialize)]
struct PhaseRow<'a> {
    phase: u32,
    name: &'a str,
    group: Option<&'a str>,
    criticality: Option<&'a str>,
    units: usize,
    charge_points: usize,
    sites: usize,
    over_limit: bool,
    start: String,
    soak_end: String,
    sign_off_owner: Option<&'a str>,
}

#[derive(Serialize)]
struct RouteRow<'a> {
    phase: u32,
    phase_name: &'a str,
    identity: &'a str,
    unit: &'a str,
    moves_in: u32,
    back_office: &'a str,
}

#[derive(Serialize)]
struct FrameRow<'a> {
    phase: u32,
    name: &'a str,
    direction: &'a str,
    identity: &'a str,
    frame: &'a str,
}

impl PyCutoverPlan {
    fn phase_name(&self, phase: u32) -> &str {
        self.plan
            .routing
            .phases
            .iter()
            .find(|p| p.phase == phase)
            .map_or("", |p| p.name.as_str())
    }

    /// A phase of the plan (a negative one included: no `OverflowError`), or the error
    /// `chargeshift route` gives.
    fn check_phase(&self, py: Python<'_>, phase: i64, rollback: bool) -> PyResult<u32> {
        let last = self.plan.routing.last_phase();
        let valid = u32::try_from(phase)
            .ok()
            .filter(|&p| p <= last && !(rollback && p == 0));
        if let Some(p) = valid {
            return Ok(p);
        }
        {
            let e = CoreError::InvalidLimit {
                field: "phase",
                value: phase.to_string(),
                reason: if rollback {
                    "a phase from 1 to the plan's last (phase 0 has nothing to roll back)"
                } else {
                    "a phase from 0 (all on the old back office) to the plan's last"
                },
            };
            Err(map_cutover_error(py, &e))
        }
    }

    fn url_keys(py: Python<'_>, url_keys: Option<&Bound<'_, PyAny>>) -> PyResult<frames::UrlKeys> {
        let Some(k) = url_keys else {
            return Ok(frames::UrlKeys::default());
        };
        let input = Input::extract(k, "url_keys")?;
        let name = input.name("url_keys");
        let text = input
            .text()
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{name}: {e}")))?;
        frames::UrlKeys::from_csv(&text, &name).map_err(|e| map_cutover_error(py, &e))
    }

    fn computed_frames(
        &self,
        py: Python<'_>,
        url_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<frames::CutoverFrames> {
        let keys = Self::url_keys(py, url_keys)?;
        let fleet = &self.fleet.get().fleet;
        py.detach(|| frames::frames(fleet, &self.plan, &keys))
            .map_err(|e| map_cutover_error(py, &e))
    }
}

fn frame_lines<'py>(py: Python<'py>, lines: &[frames::FrameLine]) -> PyResult<Bound<'py, PyAny>> {
    to_py(py, lines)
}

#[pymethods]
impl PyCutoverPlan {
    /// The counts: charge points, units, sites, largest unit, size histogram, pilot, waves,
    /// errors, warnings.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.summary)
    }

    /// The request as planned, with every default filled in.
    #[getter]
    fn request<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.request)
    }

    /// Every migration unit, as dicts with `id`, `charge_points`, `sites`, `size`.
    #[getter]
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.units)
    }

    /// The pilot: its units, charge points, sites, the combinations covered and uncovered (with
    /// why), the method and limit.
    #[getter]
    fn pilot<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.pilot)
    }

    /// The waves, each with its units, charge points, success criteria, rollback, sign-off
    /// owner, communications note, start and soak.
    #[getter]
    fn waves<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.waves)
    }

    /// The phases that move charge points, in order, with start and soak end.
    #[getter]
    fn schedule<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.schedule)
    }

    /// The findings, errors first, as dicts with `code`, `check`, `severity`, `message`.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan.findings)
    }

    /// Whether a finding is an error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.plan.summary.errors > 0
    }

    /// The number of the last phase (phase 0 is all on the old back office).
    #[getter]
    fn last_phase(&self) -> u32 {
        self.plan.routing.last_phase()
    }

    /// The routing rows of `phase` (`identity`, `back_office`), or with `rollback=True` the rows
    /// that undo it (applied over `phase`'s rows they give phase − 1's).
    #[pyo3(signature = (phase, *, rollback = false))]
    fn routes<'py>(
        &self,
        py: Python<'py>,
        phase: i64,
        rollback: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let phase = self.check_phase(py, phase, rollback)?;
        let rows = if rollback {
            self.plan.routing.rollback(phase)
        } else {
            self.plan.routing.rows(phase)
        };
        to_py(py, &rows)
    }

    /// The routing table of every phase as CSV (`phase,identity,back_office`).
    fn routing_csv(&self) -> String {
        self.plan.routing.to_csv()
    }

    /// The routing table as JSON (the plan's `routing`, as `routing.json` of `chargeshift
    /// waves --out`).
    fn routing_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.plan.routing)
            .map(|s| s + "\n")
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The ocpp-2w-proxy configuration of `phase` (or of its rollback): one dict per back
    /// office with `back_office`, `file_name`, `charge_points` and the `toml`. Needs the
    /// request's `ocpp` section; raises `CutoverError` when an identity cannot be routed.
    #[pyo3(signature = (phase, *, rollback = false))]
    fn gateway_config<'py>(
        &self,
        py: Python<'py>,
        phase: i64,
        rollback: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        let phase = self.check_phase(py, phase, rollback)?;
        let g = gateway::ocpp_2w_proxy(
            &self.plan,
            phase,
            rollback,
            &gateway::GatewayOptions::default(),
        )
        .map_err(|e| map_cutover_error(py, &e))?;
        if let Some(f) = g
            .findings
            .iter()
            .find(|f| f.severity == chargeshift_graph::Severity::Error)
        {
            let err = CutoverError::new_err(format!(
                "the gateway configuration would leave charge points out: {f}"
            ));
            attrs(py, &err, None, None, None, None, Vec::new());
            return Err(err);
        }
        let out = pyo3::types::PyList::empty(py);
        for c in &g.configs {
            let d = PyDict::new(py);
            d.set_item("back_office", &c.back_office)?;
            d.set_item("file_name", &c.file_name)?;
            d.set_item("charge_points", c.charge_points)?;
            d.set_item("toml", &c.toml)?;
            out.append(d)?;
        }
        Ok(out.into_any())
    }

    /// The OCPP frames that move each charge point of every phase without a gateway, and those
    /// that roll it back: a list of dicts `phase`, `name`, `forward`, `rollback` (lists of
    /// `identity`, `frame`), and the `findings`. `url_keys`: the OCPP 1.6 back-office URL keys
    /// per vendor/model (a CSV path or bytes; the crate's defaults otherwise).
    #[pyo3(signature = (*, url_keys = None))]
    fn frames<'py>(
        &self,
        py: Python<'py>,
        url_keys: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let f = self.computed_frames(py, url_keys)?;
        let phases = pyo3::types::PyList::empty(py);
        for ph in &f.phases {
            let d = PyDict::new(py);
            d.set_item("phase", ph.phase)?;
            d.set_item("name", &ph.name)?;
            d.set_item("forward", frame_lines(py, &ph.forward)?)?;
            d.set_item("rollback", frame_lines(py, &ph.rollback)?)?;
            phases.append(d)?;
        }
        let out = PyDict::new(py);
        out.set_item("phases", phases)?;
        out.set_item("findings", to_py(py, &f.findings)?)?;
        Ok(out)
    }

    /// The frames of `phase` (or its rollback) as JSONL, as `frames-N.jsonl` of `chargeshift
    /// waves --out`.
    #[pyo3(signature = (phase, *, rollback = false, url_keys = None))]
    fn frames_jsonl(
        &self,
        py: Python<'_>,
        phase: i64,
        rollback: bool,
        url_keys: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let phase = self.check_phase(py, phase, rollback)?;
        let f = self.computed_frames(py, url_keys)?;
        let lines: &[frames::FrameLine] = f
            .phases
            .iter()
            .find(|p| p.phase == phase)
            .map_or(&[], |p| if rollback { &p.rollback } else { &p.forward });
        frames::PhaseFrames::jsonl(lines).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A table as a pandas DataFrame: `units` (one row per unit with its phase), `waves` (one
    /// row per phase that moves charge points, the pilot first), `routing` (one row per charge
    /// point and phase, or of `phase` only), `frames` (one row per OCPP frame, forward and
    /// rollback; needs the `ocpp` section), `findings`.
    #[pyo3(signature = (table = "waves", *, phase = None, url_keys = None))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        table: &str,
        phase: Option<i64>,
        url_keys: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let p = &self.plan;
        match table_name(table, &["units", "waves", "routing", "frames", "findings"])? {
            "units" => {
                let phase_of: std::collections::HashMap<&str, u32> = p
                    .routing
                    .assignments
                    .iter()
                    .map(|a| (a.unit.as_str(), a.phase))
                    .collect();
                let rows: Vec<UnitRow<'_>> = p
                    .units
                    .iter()
                    .map(|u| {
                        let ph = phase_of.get(u.id.as_str()).copied();
                        UnitRow {
                            unit: &u.id,
                            size: u.size,
                            sites: u.sites.len(),
                            phase: ph,
                            phase_name: ph.map(|x| self.phase_name(x)),
                            charge_points: &u.charge_points,
                        }
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "unit",
                        "size",
                        "sites",
                        "phase",
                        "phase_name",
                        "charge_points",
                    ],
                    &rows,
                )
            }
            "waves" => {
                let mut rows = Vec::new();
                if let Some(s) = p.schedule.first() {
                    rows.push(PhaseRow {
                        phase: s.phase,
                        name: &s.name,
                        group: None,
                        criticality: None,
                        units: p.pilot.units.len(),
                        charge_points: p.pilot.charge_points.len(),
                        sites: p.pilot.sites.len(),
                        over_limit: false,
                        start: s.start.to_string(),
                        soak_end: s.soak_end.to_string(),
                        sign_off_owner: None,
                    });
                }
                rows.extend(p.waves.iter().map(|w| {
                    PhaseRow {
                        phase: w.phase,
                        name: p
                            .schedule
                            .iter()
                            .find(|s| s.phase == w.phase)
                            .map_or("", |s| s.name.as_str()),
                        group: Some(&w.group),
                        criticality: Some(&w.criticality),
                        units: w.units.len(),
                        charge_points: w.charge_points.len(),
                        sites: w.sites.len(),
                        over_limit: w.over_limit,
                        start: w.start.to_string(),
                        soak_end: w.soak_end.to_string(),
                        sign_off_owner: Some(&w.sign_off_owner),
                    }
                }));
                data_frame(
                    py,
                    &[
                        "phase",
                        "name",
                        "group",
                        "criticality",
                        "units",
                        "charge_points",
                        "sites",
                        "over_limit",
                        "start",
                        "soak_end",
                        "sign_off_owner",
                    ],
                    &rows,
                )
            }
            "routing" => {
                let phases: Vec<u32> = match phase {
                    Some(x) => vec![self.check_phase(py, x, false)?],
                    None => (0..=p.routing.last_phase()).collect(),
                };
                let mut rows = Vec::new();
                for ph in phases {
                    let name = self.phase_name(ph);
                    for a in &p.routing.assignments {
                        rows.push(RouteRow {
                            phase: ph,
                            phase_name: name,
                            identity: &a.identity,
                            unit: &a.unit,
                            moves_in: a.phase,
                            back_office: p.routing.back_office(&a.identity, ph).unwrap_or(""),
                        });
                    }
                }
                data_frame(
                    py,
                    &[
                        "phase",
                        "phase_name",
                        "identity",
                        "unit",
                        "moves_in",
                        "back_office",
                    ],
                    &rows,
                )
            }
            "frames" => {
                let f = self.computed_frames(py, url_keys)?;
                let mut rows = Vec::new();
                for ph in &f.phases {
                    for (direction, lines) in [("forward", &ph.forward), ("rollback", &ph.rollback)]
                    {
                        rows.extend(lines.iter().map(|l| FrameRow {
                            phase: ph.phase,
                            name: &ph.name,
                            direction,
                            identity: &l.identity,
                            frame: &l.frame,
                        }));
                    }
                }
                data_frame(
                    py,
                    &["phase", "name", "direction", "identity", "frame"],
                    &rows,
                )
            }
            _ => {
                let rows: Vec<serde_json::Value> = p
                    .findings
                    .iter()
                    .map(|f| {
                        serde_json::json!({
                            "code": f.code_str(),
                            "check": chargeshift_graph::FindingCode::name(f.code),
                            "severity": f.severity,
                            "message": f.message,
                        })
                    })
                    .collect();
                data_frame(py, &["code", "check", "severity", "message"], &rows)
            }
        }
    }

    /// The Markdown wave plan with the Mermaid Gantt of the phases (`chargeshift waves`).
    fn to_markdown(&self) -> String {
        report::markdown(&self.plan)
    }

    /// The whole plan as a dict (the documented cutover JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.plan)
    }

    /// The plan as JSON text (`chargeshift waves --format json`, `schema/cutover.schema.json`).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.plan)
            .map(|s| s + "\n")
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// A cutover plan of `fleet` from its JSON text (how an unpickled plan is made).
    #[staticmethod]
    fn _from_pickle(fleet: &Bound<'_, PyFleet>, document: &str) -> PyResult<Self> {
        let plan: CutoverPlan =
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
        let restore = py.import("chargeshift._pickle")?.getattr("cutover_plan")?;
        Ok((restore, (self.fleet.clone_ref(py), self.to_json()?)))
    }

    /// Equal cutover plans are the same document (the fleet they were made of is not compared).
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyCutoverPlan>()
            .is_ok_and(|other| self.plan == other.get().plan)
    }

    /// The plan itself: a `CutoverPlan` never changes.
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

    /// The phases and the findings as HTML tables, for notebooks.
    fn _repr_html_(&self) -> String {
        let p = &self.plan;
        let rows: Vec<Vec<String>> = p
            .schedule
            .iter()
            .map(|s| {
                let w = p.waves.iter().find(|w| w.phase == s.phase);
                vec![
                    s.phase.to_string(),
                    s.name.clone(),
                    w.map_or_else(String::new, |w| w.group.clone()),
                    s.charge_points.to_string(),
                    s.start.to_string(),
                    s.soak_end.to_string(),
                ]
            })
            .collect();
        let findings: Vec<Vec<String>> = p
            .findings
            .iter()
            .map(|f| {
                vec![
                    f.code_str().to_owned(),
                    format!("{:?}", f.severity).to_lowercase(),
                    f.message.clone(),
                ]
            })
            .collect();
        let mut html = html_table(
            &self.__repr__(),
            &[
                "phase",
                "name",
                "group",
                "charge points",
                "start",
                "soak end",
            ],
            &rows,
        );
        if !findings.is_empty() {
            html.push_str(&html_table(
                "findings",
                &["code", "severity", "message"],
                &findings,
            ));
        }
        html
    }

    fn __repr__(&self) -> String {
        let s = &self.plan.summary;
        format!(
            "<CutoverPlan: {} charge points in {} units, pilot of {}, {} waves, {} findings>",
            s.charge_points,
            s.units,
            s.pilot_charge_points,
            s.waves,
            self.plan.findings.len()
        )
    }
}

/// The import findings of `fleet` that leave records out (every one but those a strict import
/// accepts, such as an extra column), as their text: a plan over them could miss links.
fn blocking_findings(fleet: &Bound<'_, PyFleet>) -> PyResult<Vec<String>> {
    use chargeshift_graph::FindingCode;
    use chargeshift_graph::validate::FindingClass;
    let mut out = Vec::new();
    for f in fleet.getattr("findings")?.try_iter()? {
        let f = f?;
        let code: String = f.getattr("code")?.extract()?;
        if !FindingClass::from_code(&code).is_some_and(FindingClass::accepted_by_strict) {
            let message: String = f.getattr("message")?.extract()?;
            out.push(format!("{code}: {message}"));
        }
    }
    Ok(out)
}

/// Plans replacing the back office of `fleet` in a pilot and waves.
///
/// `request` is a dict or JSON text of the cutover request (`schema/cutover-request.schema.json`);
/// each keyword given sets that field over it: `start_date` (`"YYYY-MM-DD"` or a `datetime.date`),
/// `binding` (link kinds), `back_offices` (`{"old", "new"}`), `pilot`, `waves`, `ocpp` (dicts;
/// a field left out keeps the crate's default). A fleet whose (lenient) import reported findings
/// is refused unless `accept_findings=True`, as `chargeshift waves --accept-findings`. Raises
/// `CutoverError`.
#[pyfunction]
#[pyo3(signature = (fleet, request = None, *, start_date = None, binding = None, back_offices = None, pilot = None, waves = None, ocpp = None, accept_findings = false))]
#[expect(
    clippy::too_many_arguments,
    reason = "the request's fields as keyword arguments"
)]
fn cutover(
    py: Python<'_>,
    fleet: &Bound<'_, PyFleet>,
    request: Option<&Bound<'_, PyAny>>,
    start_date: Option<&Bound<'_, PyAny>>,
    binding: Option<&Bound<'_, PyAny>>,
    back_offices: Option<&Bound<'_, PyAny>>,
    pilot: Option<&Bound<'_, PyAny>>,
    waves: Option<&Bound<'_, PyAny>>,
    ocpp: Option<&Bound<'_, PyAny>>,
    accept_findings: bool,
) -> PyResult<PyCutoverPlan> {
    if !accept_findings {
        let found = blocking_findings(fleet)?;
        if let Some(first) = found.first() {
            let err = CutoverError::new_err(format!(
                "the fleet has {} finding(s); the records they name were skipped or left incomplete, so a plan could miss links (first: {first}); fix the export or pass accept_findings=True to plan without those records",
                found.len()
            ));
            attrs(py, &err, Some("fleet"), None, None, None, Vec::new());
            return Err(err);
        }
    }
    let request = read_request(
        py,
        request,
        &[
            ("start_date", start_date),
            ("binding", binding),
            ("back_offices", back_offices),
            ("pilot", pilot),
            ("waves", waves),
            ("ocpp", ocpp),
        ],
    )?;
    let inner = &fleet.get().fleet;
    let plan = py
        .detach(|| chargeshift_planner::cutover::plan(inner, &request))
        .map_err(|e| map_cutover_error(py, &e))?;
    Ok(PyCutoverPlan {
        plan,
        fleet: fleet.clone().unbind(),
    })
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyCutoverPlan>()?;
    m.add_function(wrap_pyfunction!(cutover, m)?)?;
    Ok(())
}
