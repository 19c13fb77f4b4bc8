//! `health` and `HealthAnalysis`: the KPIs of each wave from an OCPP log, for JavaScript.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chargeshift_planner::cutover::CutoverPlan;
use chargeshift_planner::health::{analysis, kpi, report};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, string_arg, to_js};
use crate::graph::Fleet;
use crate::value::{map_fields, to_camel, to_snake};

/// The health document's TypeScript types, generated from its JSON Schema (scripts/gen-ts-types.sh).
#[wasm_bindgen(typescript_custom_section)]
const DOCUMENT_TYPES: &'static str = include_str!("types/health.d.ts");

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
pub struct HealthAnalysis {
    report: report::HealthReport,
    aggregates: kpi::Aggregates,
    bad_lines: std::collections::BTreeMap<String, chargeshift_planner::health::log::BadLines>,
}

#[wasm_bindgen]
impl HealthAnalysis {
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
/// `CutoverError` for an unknown segment key, `RangeError` or `TypeError` for bad
/// options.
#[wasm_bindgen]
pub fn health(
    fleet: &Fleet,
    #[wasm_bindgen(unchecked_param_type = "string")] log: &JsValue,
    opts: Option<crate::convert::HealthOptionsArg>,
) -> Result<HealthAnalysis, JsValue> {
    let log = string_arg(log, "log")?;
    let opts: HealthOptions = options(&crate::convert::optional(opts))?;
    let plan: Option<CutoverPlan> = match opts.cutover {
        Some(plan) => Some(
            serde_json::from_value(to_snake(plan, cutover_maps()))
                .map_err(|e| error("HealthError", &format!("not a cutover plan: {e}")))?,
        ),
        None => None,
    };
    // the defaults and the run are the crate's (`chargeshift health` runs the same)
    let mut options = analysis::HealthOptions::default();
    if let Some(s) = opts.segment {
        options.segment = s;
    }
    if let Some(d) = opts.evaluation_days {
        options.evaluation_days = d;
    }
    if let Some(d) = opts.baseline_days {
        options.baseline_days = d;
    }
    if let Some(s) = opts.silence_secs {
        options.silence_secs = i64::from(s);
    }
    let run =
        analysis::analyse(&fleet.fleet, plan.as_ref(), log.as_bytes(), &options).map_err(|e| {
            match e {
                analysis::HealthError::Segment(e) => error("CutoverError", &e.to_string()),
                other => error("HealthError", &other.to_string()),
            }
        })?;
    let (report, aggregates, bad_lines) = (run.report, run.aggregates, run.bad_lines);
    Ok(HealthAnalysis {
        report,
        aggregates,
        bad_lines,
    })
}
