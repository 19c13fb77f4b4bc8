//! `reconcile` and `Reconciliation`: the old and the new back office's exports compared, for
//! JavaScript.

use std::collections::BTreeSet;

use chargeshift_graph::Severity;
use chargeshift_planner::reconcile::{ReconcileError, compare, report};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, set, to_js};
use crate::graph::Fleet;
use crate::value::to_camel;

/// The reconcile document's TypeScript types, generated from its JSON Schema (scripts/gen-ts-types.sh).
#[wasm_bindgen(typescript_custom_section)]
const DOCUMENT_TYPES: &'static str = include_str!("types/reconcile.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
export interface ReconcileOptions {
  /** The id mapping CSV (`kind,old_id,new_id`) as text, for ids the new back office changed. */
  mapping?: string;
  /** How far apart (metres) a location's two coordinates may be before they are a drift (default 25). */
  coordinatesM?: number;
  /** How many differences of each code the Markdown lists (default 20; the report holds all). */
  listedPerCode?: number;
  /** The evidence beside the reconciliation. */
  evidence?: { history?: { inOld: number; exported: number }; healthReport?: string; legacyWorkflowsSignoff?: string };
}
"#;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ReconcileOptions {
    mapping: Option<String>,
    coordinates_m: Option<f64>,
    listed_per_code: Option<usize>,
    evidence: Option<EvidenceInput>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct EvidenceInput {
    history: Option<HistoryInput>,
    health_report: Option<String>,
    legacy_workflows_signoff: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HistoryInput {
    in_old: u64,
    exported: u64,
}

/// A `ReconcileError` (a mapping row that is wrong) with `file`, `line` and `field`.
fn reconcile_error(err: &ReconcileError) -> JsValue {
    let js = error("ReconcileError", &err.to_string());
    if let ReconcileError::Mapping {
        file, line, field, ..
    } = err
    {
        set(&js, "file", &JsValue::from_str(file));
        #[allow(
            clippy::cast_precision_loss,
            reason = "a line number is far below 2^53"
        )]
        set(&js, "line", &JsValue::from_f64(*line as f64));
        set(&js, "field", &JsValue::from_str(field));
    }
    js
}

/// The reconciliation of two back offices' exports: every asset, every link, tariffs and
/// parameter sets compared, and the checklist of the four proofs for decommissioning.
#[wasm_bindgen]
pub struct Reconciliation {
    report: report::ReconcileReport,
}

#[wasm_bindgen]
impl Reconciliation {
    /// The report (`decommissionBacked`, `summary`, `evidence`, `assets`, `links`, `findings`, ...),
    /// field names in `camelCase`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "ReconcileReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        let json = serde_json::to_value(&self.report)
            .map_err(|e| error("ChargeshiftError", &e.to_string()))?;
        to_js(&to_camel(json, &BTreeSet::new()))
    }

    /// Whether every proof passed: the old back office may be switched off.
    #[wasm_bindgen(getter, js_name = decommissionBacked)]
    #[must_use]
    pub fn decommission_backed(&self) -> bool {
        self.report.decommission_backed()
    }

    /// The report as Markdown, for the decommissioning record.
    #[wasm_bindgen(js_name = toMarkdown)]
    #[must_use]
    pub fn to_markdown(&self) -> String {
        report::markdown(&self.report)
    }

    /// The report as JSON text: the documented file format (`snake_case`, as
    /// `chargeshift reconcile --format json` writes it).
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        serde_json::to_string_pretty(&self.report)
            .map_err(|e| error("ChargeshiftError", &e.to_string()))
    }
}

/// Compares the export of the old back office with the new one's.
///
/// # Errors
/// Throws `ReconcileError` (with `file`, `line`, `field`) for a bad row of the id mapping,
/// `RangeError` for a negative or non-finite tolerance, `TypeError` for bad options.
#[wasm_bindgen]
pub fn reconcile(
    old: &Fleet,
    new: &Fleet,
    opts: Option<crate::convert::ReconcileOptionsArg>,
) -> Result<Reconciliation, JsValue> {
    let opts: ReconcileOptions = options(&crate::convert::optional(opts))?;
    let map = match &opts.mapping {
        Some(text) => compare::IdMap::from_csv(text, "mapping", &old.fleet, &new.fleet)
            .map_err(|e| reconcile_error(&e))?,
        None => compare::IdMap::new(),
    };
    let mut tolerances = compare::Tolerances::default();
    if let Some(m) = opts.coordinates_m {
        // as the CLI's --tolerance-m: a distance of 0 m or more
        if !(m.is_finite() && m >= 0.0) {
            return Err(error(
                "RangeError",
                &format!("coordinatesM must be a distance of 0 m or more, got {m}"),
            ));
        }
        tolerances.coordinates_m = m;
    }
    let comparison = compare::compare(&old.fleet, &new.fleet, &map, &tolerances);
    let mut options = report::ReportOptions::default();
    if let Some(n) = opts.listed_per_code {
        options.listed_per_code = n;
    }
    if let Some(e) = opts.evidence {
        options.evidence = report::Evidence {
            history: e.history.map(|h| report::HistoryCounts {
                in_old: h.in_old,
                exported: h.exported,
            }),
            health_report: e.health_report,
            legacy_workflows_signoff: e.legacy_workflows_signoff,
        };
    }
    // the error findings of lenient imports, as `ImportFindings::of` counts them (warnings
    // lose nothing)
    let errors = |f: &Fleet| {
        f.findings
            .iter()
            .filter(|x| x.severity == Severity::Error)
            .count()
    };
    options.import_findings = report::ImportFindings {
        old: errors(old),
        new: errors(new),
    };
    Ok(Reconciliation {
        report: report::report(comparison, &options),
    })
}
