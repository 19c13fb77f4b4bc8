//! `health` and `Health`: the KPIs of each wave from an OCPP log, for JavaScript.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chargeshift_graph::NodeKind;
use chargeshift_ocpp::OcppVersion;
use chargeshift_planner::cutover::{self, CutoverPlan};
use chargeshift_planner::health::log::LogReader;
use chargeshift_planner::health::{kpi, report, simulate};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, string_arg, to_js};
use crate::graph::Fleet;
use crate::value::{map_fields, to_camel, to_snake};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export interface HealthOptions {
  /** The cutover plan (from `planCutover`): one group per phase, windows from each phase's start. */
  cutover?: CutoverPlan;
  /** Without a plan: the segment to group by (default "vendor"), over every day of the log. */
  segment?: string;
  /** Days of the evaluation window from the cutover day (default 30). */
  evaluationDays?: number;
  /** Days of the baseline window before it (default 30; 0: none). */
  baselineDays?: number;
  /** Silence of a charge point beyond which it is deemed offline, in seconds (default 900). */
  silenceSecs?: number;
}
/** The lines of the log that were skipped, per identity ("" for lines that name none). */
export interface BadLines { count: number; first: Array<{ line: number; reason: string }> }
"#;

/// The fields of the health report whose values are maps (error codes, ports, reasons).
fn maps() -> &'static BTreeSet<String> {
    static MAPS: OnceLock<BTreeSet<String>> = OnceLock::new();
    MAPS.get_or_init(|| {
        map_fields(include_str!(
            "../../migration-planner/schema/health-report.schema.json"
        ))
    })
}

/// The fields of the cutover plan whose values are maps.
fn cutover_maps() -> &'static BTreeSet<String> {
    static MAPS: OnceLock<BTreeSet<String>> = OnceLock::new();
    MAPS.get_or_init(|| {
        map_fields(include_str!(
            "../../migration-planner/schema/cutover.schema.json"
        ))
    })
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HealthOptions {
    cutover: Option<serde_json::Value>,
    segment: Option<String>,
    evaluation_days: Option<u32>,
    baseline_days: Option<u32>,
    silence_secs: Option<u32>,
}

/// The health of a cutover: the KPIs of every wave (and the pilot) against its baseline and
/// criteria, with the verdict of each.
#[wasm_bindgen]
pub struct Health {
    report: report::HealthReport,
    aggregates: kpi::Aggregates,
    bad_lines: std::collections::BTreeMap<String, chargeshift_planner::health::log::BadLines>,
}

#[wasm_bindgen]
impl Health {
    /// The report (`summary`, `groups` with each KPI's verdict, `protocol`, ...), field names in
    /// `camelCase` (the keys of maps, such as error codes, as they are).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "HealthReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        let json = serde_json::to_value(&self.report)
            .map_err(|e| error("ChargeshiftError", &e.to_string()))?;
        to_js(&to_camel(json, maps()))
    }

    /// The lines of the log that were skipped, per identity.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, js_name = badLines, unchecked_return_type = "Record<string, BadLines>")]
    pub fn bad_lines(&self) -> Result<JsValue, JsValue> {
        to_js(&self.bad_lines)
    }

    /// The report as Markdown.
    #[wasm_bindgen(js_name = toMarkdown)]
    #[must_use]
    pub fn to_markdown(&self) -> String {
        report::markdown(&self.report)
    }

    /// The KPIs per charge point and day as CSV.
    #[wasm_bindgen(js_name = toCsv)]
    #[must_use]
    pub fn to_csv(&self) -> String {
        report::csv(&self.aggregates, &self.report)
    }
}

/// The health KPIs of `fleet` from its OCPP traffic: `log` is the health log (one JSON record a
/// line, as `chargeshift log convert` writes it), grouped by the phases of `cutover` or by a
/// segment.
///
/// # Errors
/// Throws `HealthError` for a log without records or a cutover plan that is not one,
/// `CutoverRequestError` for an unknown segment key, `RangeError` or `TypeError` for bad
/// options.
#[wasm_bindgen]
pub fn health(
    fleet: &Fleet,
    #[wasm_bindgen(unchecked_param_type = "string")] log: &JsValue,
    opts: Option<crate::convert::HealthOptionsArg>,
) -> Result<Health, JsValue> {
    let log = string_arg(log, "log")?;
    let opts: HealthOptions = options(&crate::convert::optional(opts))?;
    let graph = &fleet.fleet;
    // what the CLI's `chargeshift health` gives the KPIs: the fleet's tokens (any other is
    // roaming) and each charge point's OCPP version
    let mut kpi_options = kpi::KpiOptions::default().with_known_tokens(
        graph
            .nodes_of_kind(NodeKind::ChargeCard)
            .map(|(_, n)| n.id().to_owned()),
    );
    if let Some(s) = opts.silence_secs {
        kpi_options.silence_threshold_ms = i64::from(s).saturating_mul(1000);
    }
    for c in simulate::charge_points(graph, OcppVersion::V16) {
        kpi_options = kpi_options.with_version(&c.identity, c.version);
    }
    let mut kpis = kpi::Kpis::new(kpi_options).map_err(|e| error("HealthError", &e.to_string()))?;
    let mut reader = LogReader::new(log.as_bytes());
    let mut last = None;
    for record in reader.by_ref() {
        last = Some(last.map_or(record.ts, |l: chargeshift_ocpp::DateTime| l.max(record.ts)));
        kpis.push(&record);
    }
    let Some(end) = last else {
        return Err(error("HealthError", "the log has no record"));
    };
    let bad_lines = reader.into_bad_lines();
    let aggregates = kpis.finish(end);
    let mut report_options = report::ReportOptions::default();
    if let Some(d) = opts.evaluation_days {
        report_options.evaluation_days = d;
    }
    if let Some(d) = opts.baseline_days {
        report_options.baseline_days = d;
    }
    let groups = match opts.cutover {
        Some(plan) => {
            let plan: CutoverPlan = serde_json::from_value(to_snake(plan, cutover_maps()))
                .map_err(|e| error("HealthError", &format!("not a cutover plan: {e}")))?;
            report::groups_of_plan(&plan, &report_options)
        }
        None => {
            let days = aggregates.days.values().flat_map(|d| d.keys().copied());
            let (from, to) = days.fold((None, None), |(lo, hi): (Option<_>, Option<_>), d| {
                (
                    Some(lo.map_or(d, |l: cutover::date::Date| l.min(d))),
                    Some(hi.map_or(d, |h: cutover::date::Date| h.max(d))),
                )
            });
            let (Some(from), Some(to)) = (from, to) else {
                return Err(error("HealthError", "the log has no day"));
            };
            report::groups_by_segment(
                graph,
                opts.segment.as_deref().unwrap_or("vendor"),
                report::Window { from, to },
                &cutover::waves::SuccessCriteria::default(),
            )
            .map_err(|e| error("CutoverRequestError", &e.to_string()))?
        }
    };
    let report = report::report(&aggregates, &groups, &report_options);
    Ok(Health {
        report,
        aggregates,
        bad_lines,
    })
}
