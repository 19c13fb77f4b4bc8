//! `health_log`, `HealthAnalysis`, `convert_log` and `HealthError`: every wave's KPIs from OCPP
//! traffic, as `chargeshift health` and `chargeshift log convert` do it.

use std::io::BufReader;

use chargeshift_planner::cutover::CutoverPlan;
use chargeshift_planner::health::analysis::{self, HealthAnalysis, HealthOptions, TotalsRow};
use chargeshift_planner::health::convert::{self, ConvertOptions, Source};
use chargeshift_planner::health::kpi::Exclusion;
use chargeshift_planner::health::report;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use serde::Serialize;

use crate::convert::to_py;
use crate::cutover::{PyCutoverPlan, map_cutover_error};
use crate::graph::PyFleet;
use crate::tables::{Input, data_frame, html_table, table_name};

/// `chargeshift.HealthError`, a `ChargeshiftError` and a `ValueError`, defined in
/// `chargeshift._errors` (where its documentation is) and raised through `errors::error`.
struct HealthError;

impl HealthError {
    /// A new `HealthError` with `message`; its attributes are set by the caller.
    fn new_err(message: impl Into<String>) -> PyErr {
        Python::attach(|py| crate::errors::error(py, "HealthError", message.into(), |_| Ok(())))
    }
}

fn health_error(message: String, source: Option<&str>) -> PyErr {
    let err = HealthError::new_err(message);
    Python::attach(|py| {
        // attribute assignment on a fresh exception instance does not fail in practice
        let _ = err.value(py).setattr("source", source);
    });
    err
}

/// The health of every wave (or segment group): KPIs per wave, charge point and day, the
/// verdict per wave against its success criteria, the Markdown report.
#[pyclass(module = "chargeshift", name = "HealthAnalysis", frozen)]
pub(crate) struct PyHealthAnalysis {
    analysis: HealthAnalysis,
}

#[derive(Serialize)]
struct GroupRow<'a> {
    group: &'a str,
    phase: Option<u32>,
    passed: bool,
    charge_points: usize,
    evaluation_from: String,
    evaluation_to: String,
    baseline_from: Option<String>,
    baseline_to: Option<String>,
    failed_kpis: Vec<report::Kpi>,
}

#[derive(Serialize)]
struct KpiRow<'a> {
    group: &'a str,
    phase: Option<u32>,
    kpi: report::Kpi,
    label: &'static str,
    threshold: f64,
    value: Option<f64>,
    baseline: Option<f64>,
    passed: Option<bool>,
    worst: Vec<&'a str>,
}

#[derive(Serialize)]
struct TotalsFlat<'a> {
    identity: &'a str,
    date: Option<String>,
    group: Option<&'a str>,
    availability_pct: Option<f64>,
    charging_success_pct: Option<f64>,
    authorization_success_pct: Option<f64>,
    roaming_authorization_success_pct: Option<f64>,
    frames: u64,
    boots: u64,
    opens: u64,
    closes: u64,
    sessions_started: u64,
    sessions_succeeded: u64,
    sessions_failed: u64,
    missing_stop: u64,
    auth_accepted: u64,
    auth_rejected: u64,
    roaming_accepted: u64,
    roaming_rejected: u64,
    decode_failures: u64,
    unpaired_results: u64,
    duplicates: u64,
    observed_ms: i64,
    outage_ms: i64,
    excluded_ms: i64,
}

const TOTALS_COLUMNS: [&str; 25] = [
    "identity",
    "date",
    "group",
    "availability_pct",
    "charging_success_pct",
    "authorization_success_pct",
    "roaming_authorization_success_pct",
    "frames",
    "boots",
    "opens",
    "closes",
    "sessions_started",
    "sessions_succeeded",
    "sessions_failed",
    "missing_stop",
    "auth_accepted",
    "auth_rejected",
    "roaming_accepted",
    "roaming_rejected",
    "decode_failures",
    "unpaired_results",
    "duplicates",
    "observed_ms",
    "outage_ms",
    "excluded_ms",
];

fn flat(r: &TotalsRow) -> TotalsFlat<'_> {
    let t = &r.totals;
    let (mut observed, mut outage, mut excluded) = (0, 0, 0);
    for p in t.ports.values() {
        observed += p.observed_ms;
        outage += p.outage_ms;
        excluded += p.excluded_ms;
    }
    TotalsFlat {
        identity: &r.identity,
        date: r.date.map(|d| d.to_string()),
        group: r.group.as_deref(),
        availability_pct: r.rates.availability_pct,
        charging_success_pct: r.rates.charging_success_pct,
        authorization_success_pct: r.rates.authorization_success_pct,
        roaming_authorization_success_pct: r.rates.roaming_authorization_success_pct,
        frames: t.frames,
        boots: t.boots,
        opens: t.opens,
        closes: t.closes,
        sessions_started: t.sessions_started,
        sessions_succeeded: t.sessions_succeeded,
        sessions_failed: t.sessions_failed,
        missing_stop: t.missing_stop,
        auth_accepted: t.auth_accepted,
        auth_rejected: t.auth_rejected,
        roaming_accepted: t.roaming_accepted,
        roaming_rejected: t.roaming_rejected,
        decode_failures: t.decode_failures,
        unpaired_results: t.unpaired_results,
        duplicates: t.duplicates,
        observed_ms: observed,
        outage_ms: outage,
        excluded_ms: excluded,
    }
}

#[pymethods]
impl PyHealthAnalysis {
    /// The counts: groups, passed, failed, charge points, charge points seen in the log.
    #[getter]
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.report.summary)
    }

    /// Whether every group passed its success criteria.
    #[getter]
    fn passed(&self) -> bool {
        self.analysis.report.summary.failed == 0
    }

    /// The names of the groups (`pilot`, `wave N` or segment values) that failed.
    #[getter]
    fn failed(&self) -> Vec<String> {
        self.analysis
            .report
            .groups
            .iter()
            .filter(|g| !g.passed)
            .map(|g| g.group.name.clone())
            .collect()
    }

    /// Each group's report as dicts: the group, `passed`, the `kpis` (threshold, value,
    /// baseline, passed, worst charge points), totals and top error codes.
    #[getter]
    fn groups<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.report.groups)
    }

    /// Protocol quality per vendor, model and firmware.
    #[getter]
    fn protocol<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.report.protocol)
    }

    /// The findings of the report (e.g. charge points of the log the fleet does not have).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.report.findings)
    }

    /// The lines of the log read.
    #[getter]
    fn lines(&self) -> u64 {
        self.analysis.lines
    }

    /// The bad lines of the log per identity (`""`: lines naming none): `count` and the first
    /// few (`line`, `reason`).
    #[getter]
    fn bad_lines<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.bad_lines)
    }

    /// A table as a pandas DataFrame: `waves` (one row per group with its verdict), `kpis` (one
    /// row per group and KPI), `charge_points` (each identity's totals and rates over the log),
    /// `days` (each identity and day), `wave_days` (each group's rates per day of its baseline
    /// and evaluation windows), `protocol`.
    #[pyo3(signature = (table = "waves"))]
    fn to_pandas<'py>(&self, py: Python<'py>, table: &str) -> PyResult<Bound<'py, PyAny>> {
        let r = &self.analysis.report;
        match table_name(
            table,
            &[
                "waves",
                "kpis",
                "charge_points",
                "days",
                "wave_days",
                "protocol",
            ],
        )? {
            "waves" => {
                let rows: Vec<GroupRow<'_>> = r
                    .groups
                    .iter()
                    .map(|g| GroupRow {
                        group: &g.group.name,
                        phase: g.group.phase,
                        passed: g.passed,
                        charge_points: g.group.charge_points.len(),
                        evaluation_from: g.group.evaluation.from.to_string(),
                        evaluation_to: g.group.evaluation.to.to_string(),
                        baseline_from: g.group.baseline.map(|b| b.from.to_string()),
                        baseline_to: g.group.baseline.map(|b| b.to.to_string()),
                        failed_kpis: g
                            .kpis
                            .iter()
                            .filter(|k| k.passed == Some(false))
                            .map(|k| k.kpi)
                            .collect(),
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "group",
                        "phase",
                        "passed",
                        "charge_points",
                        "evaluation_from",
                        "evaluation_to",
                        "baseline_from",
                        "baseline_to",
                        "failed_kpis",
                    ],
                    &rows,
                )
            }
            "kpis" => {
                let rows: Vec<KpiRow<'_>> = r
                    .groups
                    .iter()
                    .flat_map(|g| {
                        g.kpis.iter().map(|k| KpiRow {
                            group: &g.group.name,
                            phase: g.group.phase,
                            kpi: k.kpi,
                            label: k.kpi.label(),
                            threshold: k.threshold,
                            value: k.value,
                            baseline: k.baseline,
                            passed: k.passed,
                            worst: k.worst.iter().map(|w| w.identity.as_str()).collect(),
                        })
                    })
                    .collect();
                data_frame(
                    py,
                    &[
                        "group",
                        "phase",
                        "kpi",
                        "label",
                        "threshold",
                        "value",
                        "baseline",
                        "passed",
                        "worst",
                    ],
                    &rows,
                )
            }
            "charge_points" => {
                let rows = analysis::charge_point_rows(&self.analysis);
                let flat: Vec<TotalsFlat<'_>> = rows.iter().map(flat).collect();
                let columns: Vec<&str> = TOTALS_COLUMNS
                    .into_iter()
                    .filter(|c| *c != "date")
                    .collect();
                data_frame(py, &columns, &flat)
            }
            "days" => {
                let rows = analysis::day_rows(&self.analysis);
                let flat: Vec<TotalsFlat<'_>> = rows.iter().map(flat).collect();
                data_frame(py, &TOTALS_COLUMNS, &flat)
            }
            "wave_days" => {
                let csv = report::csv(&self.analysis.aggregates, r);
                let io = py.import("io")?.getattr("StringIO")?.call1((csv,))?;
                let kwargs = PyDict::new(py);
                kwargs.set_item("dtype", {
                    let d = PyDict::new(py);
                    d.set_item("group", "str")?;
                    d
                })?;
                py.import("pandas")?
                    .getattr("read_csv")?
                    .call((io,), Some(&kwargs))
            }
            _ => data_frame(
                py,
                &[
                    "vendor",
                    "model",
                    "firmware",
                    "charge_points",
                    "frames",
                    "decode_failures",
                    "unpaired_results",
                    "duplicates",
                    "deviations",
                    "top_vendor_error_codes",
                ],
                &r.protocol,
            ),
        }
    }

    /// The Markdown health report (`chargeshift health`).
    fn to_markdown(&self) -> String {
        report::markdown(&self.analysis.report)
    }

    /// The per-day series of every group as CSV (`chargeshift health --format csv`).
    fn to_csv(&self) -> String {
        report::csv(&self.analysis.aggregates, &self.analysis.report)
    }

    /// The report as a dict (the documented health JSON).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.analysis.report)
    }

    /// The report as JSON text (`schema/health-report.schema.json`).
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string_pretty(&self.analysis.report)
            .map(|s| s + "\n")
            .map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The verdict of every group, KPI by KPI, as an HTML table, for notebooks.
    fn _repr_html_(&self) -> String {
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.2}"));
        let rows: Vec<Vec<String>> = self
            .analysis
            .report
            .groups
            .iter()
            .map(|g| {
                let mut r = vec![
                    g.group.name.clone(),
                    if g.passed { "pass" } else { "FAIL" }.to_owned(),
                    g.group.charge_points.len().to_string(),
                ];
                r.extend(g.kpis.iter().map(|k| {
                    let mark = if k.passed == Some(false) { " ✗" } else { "" };
                    format!("{}{mark}", cell(k.value))
                }));
                r
            })
            .collect();
        let mut headers = vec!["group", "verdict", "charge points"];
        if let Some(g) = self.analysis.report.groups.first() {
            headers.extend(g.kpis.iter().map(|k| k.kpi.label()));
        }
        html_table(&self.__repr__(), &headers, &rows)
    }

    fn __repr__(&self) -> String {
        let s = &self.analysis.report.summary;
        format!(
            "<HealthAnalysis: {} groups, {} passed, {} failed, {} of {} charge points seen>",
            s.groups, s.passed, s.failed, s.charge_points_seen, s.charge_points
        )
    }
}

/// The cutover plan given as a `CutoverPlan`, a dict or the path of its JSON.
fn read_plan(cutover: &Bound<'_, PyAny>) -> PyResult<CutoverPlan> {
    if let Ok(p) = cutover.cast::<PyCutoverPlan>() {
        return Ok(p.get().plan.clone());
    }
    let py = cutover.py();
    let (text, name) = if cutover.is_instance_of::<PyDict>() {
        let t: String = py
            .import("json")?
            .call_method1("dumps", (cutover,))?
            .extract()?;
        (t, "<cutover>".to_owned())
    } else {
        let input = Input::extract(cutover, "cutover")?;
        let name = input.name("cutover");
        let t = input
            .text()
            .map_err(|e| PyOSError::new_err(format!("{name}: {e}")))?;
        (t, name)
    };
    serde_json::from_str(&text).map_err(|e| {
        health_error(
            format!(
                "{name}:{}:{}: not a cutover plan: {e}",
                e.line(),
                e.column()
            ),
            Some(&name),
        )
    })
}

/// The health of `fleet` over the health log `log` (a path, or the JSONL as bytes): grouped by
/// the phases of `cutover` (a `CutoverPlan`, its dict or the path of its JSON), or without one
/// by `segment`. Every option left `None` keeps the crate's default. `chargeshift.health`
/// takes file-like objects, DataFrames and lists of records too.
#[pyfunction]
#[pyo3(signature = (fleet, log, *, cutover = None, segment = None, evaluation_days = None, baseline_days = None, silence_secs = None, exclusions = None))]
#[expect(
    clippy::too_many_arguments,
    reason = "the options as keyword arguments"
)]
fn health_log(
    py: Python<'_>,
    fleet: &Bound<'_, PyFleet>,
    log: &Bound<'_, PyAny>,
    cutover: Option<&Bound<'_, PyAny>>,
    segment: Option<String>,
    evaluation_days: Option<i64>,
    baseline_days: Option<i64>,
    silence_secs: Option<i64>,
    exclusions: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyHealthAnalysis> {
    let mut options = HealthOptions::default();
    if let Some(s) = segment {
        options.segment = s;
    }
    let days = |field: &str, d: i64| {
        u32::try_from(d).map_err(|_| {
            health_error(
                format!(
                    "{field} = {d}: expected a number of days from 0 to {}",
                    u32::MAX
                ),
                None,
            )
        })
    };
    if let Some(d) = evaluation_days {
        options.evaluation_days = days("evaluation_days", d)?;
    }
    if let Some(d) = baseline_days {
        options.baseline_days = days("baseline_days", d)?;
    }
    if let Some(s) = silence_secs {
        if s < 0 {
            return Err(health_error(
                format!("silence_secs = {s}: expected 0 seconds or more"),
                None,
            ));
        }
        options.silence_secs = s;
    }
    if let Some(x) = exclusions {
        let text: String = py.import("json")?.call_method1("dumps", (x,))?.extract()?;
        options.exclusions = serde_json::from_str::<Vec<Exclusion>>(&text).map_err(|e| {
            health_error(
                format!("exclusions: expected a list of {{identity, from, to, cause}}: {e}"),
                None,
            )
        })?;
    }
    let plan = cutover.map(read_plan).transpose()?;
    let input = Input::extract(log, "log")?;
    let name = input.name("log");
    let inner = &fleet.get().fleet;
    let result = py.detach(|| match &input {
        Input::Path(p) => match std::fs::File::open(p) {
            Ok(f) => analysis::analyse(inner, plan.as_ref(), BufReader::new(f), &options),
            Err(e) => Err(analysis::HealthError::Io(e)),
        },
        Input::Bytes(b) => analysis::analyse(inner, plan.as_ref(), b.as_slice(), &options),
    });
    let analysis = result.map_err(|e| match e {
        analysis::HealthError::Io(e) => PyOSError::new_err(format!("{name}: {e}")),
        analysis::HealthError::Segment(e) => map_cutover_error(py, &e),
        other => health_error(format!("{name}: {other}"), Some(&name)),
    })?;
    Ok(PyHealthAnalysis { analysis })
}

/// Converts the log of a gateway or back office to the health log (JSONL), as `chargeshift log
/// convert`: `source` is `steve`, `ocpp-py`, `everest` or `citrineos`; `input` a path or bytes; `output` a
/// path, or `None` to get the JSONL text back under `"log"`. `identity`: the charge point of
/// an EVerest log (which names none); `ocpp_py_side`: `csms` or `charge_point`, the side the
/// PyPI `ocpp` library's logger ran on. Returns the counts: `lines`, `frames`, `events`,
/// `unknown` (`count` and the `first` few lines, each `line` and `reason`), `versions` (identity
/// to subprotocol name such as `ocpp2.0.1`, where the source names it).
#[pyfunction]
#[pyo3(signature = (source, input, output = None, *, identity = None, ocpp_py_side = "csms"))]
#[expect(
    clippy::needless_pass_by_value,
    reason = "pyo3 extracts arguments as owned values"
)]
fn convert_log<'py>(
    py: Python<'py>,
    source: &str,
    input: &Bound<'py, PyAny>,
    output: Option<std::path::PathBuf>,
    identity: Option<&str>,
    ocpp_py_side: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let src: Source = source
        .parse()
        .map_err(|e: convert::UnknownSource| health_error(e.to_string(), None))?;
    let side: chargeshift_ocpp::Endpoint = match ocpp_py_side {
        "csms" => chargeshift_ocpp::Endpoint::Csms,
        "charge_point" => chargeshift_ocpp::Endpoint::ChargePoint,
        other => {
            return Err(health_error(
                format!("ocpp_py_side {other:?}: expected \"csms\" or \"charge_point\""),
                None,
            ));
        }
    };
    let mut options = ConvertOptions::default().with_ocpp_py_side(side);
    if let Some(id) = identity {
        options = options.with_identity(id);
    }
    let input = Input::extract(input, "input")?;
    let name = input.name("input");
    let mut text_out: Vec<u8> = Vec::new();
    // (the error, and the file it concerns)
    let result = py.detach(
        || -> Result<convert::ConvertStats, (convert::ConvertError, String)> {
            let reader: Box<dyn std::io::BufRead + Send> = match &input {
                Input::Path(p) => Box::new(BufReader::new(
                    std::fs::File::open(p).map_err(|e| (e.into(), name.clone()))?,
                )),
                Input::Bytes(b) => Box::new(std::io::Cursor::new(b.clone())),
            };
            match &output {
                Some(path) => {
                    let at = path.display().to_string();
                    let f = std::fs::File::create(path).map_err(|e| (e.into(), at.clone()))?;
                    convert::convert(src, &options, reader, std::io::BufWriter::new(f))
                        .map_err(|e| (e, at))
                }
                None => convert::convert(src, &options, reader, &mut text_out)
                    .map_err(|e| (e, name.clone())),
            }
        },
    );
    let stats = result.map_err(|(e, at)| match e {
        convert::ConvertError::Io(e) => PyOSError::new_err(format!("{at}: {e}")),
        other => health_error(format!("{name}: {other}"), Some(&name)),
    })?;
    let out = PyDict::new(py);
    out.set_item("lines", stats.lines)?;
    out.set_item("frames", stats.frames)?;
    out.set_item("events", stats.events)?;
    out.set_item("unknown", to_py(py, &stats.unknown)?)?;
    let versions = PyDict::new(py);
    for (id, v) in &stats.versions {
        versions.set_item(id, v.subprotocol())?;
    }
    out.set_item("versions", versions)?;
    if output.is_none() {
        out.set_item(
            "log",
            PyString::new(py, &String::from_utf8_lossy(&text_out)),
        )?;
    }
    Ok(out)
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHealthAnalysis>()?;
    m.add_function(wrap_pyfunction!(health_log, m)?)?;
    m.add_function(wrap_pyfunction!(convert_log, m)?)?;
    Ok(())
}
