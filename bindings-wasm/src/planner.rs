//! `plan` (also as `planMigration`) and `Plan`: migration plans for JavaScript.

use std::collections::BTreeMap;
use std::rc::Rc;

use chargeshift_planner::request::MigrationRequest;
use chargeshift_planner::snapshot::{plan_assets, snapshot};
use chargeshift_planner::{Plan as CorePlan, PlanError};
use wasm_bindgen::prelude::*;

use crate::convert::{error, set, to_js};
use crate::value::{to_json, to_snake};

/// A crate document as a plain JS object in `camelCase` (the plan schema has no maps).
/// Written as camelCase JSON text in one pass, then `JSON.parse`d: a `serde_json::Value` tree
/// renamed into a second one made reading 43k steps 89 ms (BENCHMARKS.md, WASM).
pub(crate) fn to_js_camel<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text =
        crate::value::camel_json(value).map_err(|e| error("ChargeshiftError", &e.to_string()))?;
    let text = std::str::from_utf8(&text).map_err(|e| error("ChargeshiftError", &e.to_string()))?;
    js_sys::JSON::parse(text)
}
use crate::graph::Fleet;

/// The types of the plan document and the migration request, generated from the planner's
/// committed JSON Schema by `scripts/gen-ts-types.sh` (checked by the test command); the
/// cutover's, reconciliation's and health report's are in their own modules.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = include_str!("types/plan.d.ts");

/// An `Error` named `MigrationRequestError` with `kind`, `id` and `suggestions` fields.
fn plan_error(err: &PlanError) -> JsValue {
    let js = error("MigrationRequestError", &err.to_string());
    let (kind, id, suggestions) = err
        .unknown_id()
        .map_or((None, None, &[][..]), |(k, i, s)| (Some(k), Some(i), s));
    let opt = |s: Option<&str>| s.map_or(JsValue::NULL, JsValue::from_str);
    set(&js, "kind", &opt(kind));
    set(&js, "id", &opt(id));
    set(
        &js,
        "suggestions",
        &to_js(suggestions).unwrap_or(JsValue::NULL),
    );
    js
}

/// A migration plan: what moves, the findings, the ordered steps with every option of the
/// platform's forms, and the simulation that checks every link is preserved.
#[wasm_bindgen]
pub struct Plan {
    plan: CorePlan,
    fleet: Rc<chargeshift_graph::Fleet>,
}

#[wasm_bindgen]
impl Plan {
    /// `"ready"`, `"ready_with_warnings"` or `"blocked"`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(
        getter,
        unchecked_return_type = "\"ready\" | \"ready_with_warnings\" | \"blocked\""
    )]
    pub fn status(&self) -> Result<JsValue, JsValue> {
        to_js(&self.plan.status)
    }

    /// Whether an error finding blocks the plan.
    #[wasm_bindgen(getter, js_name = isBlocked)]
    #[must_use]
    pub fn is_blocked(&self) -> bool {
        self.plan.is_blocked()
    }

    /// Whether an error finding blocks the plan; the older name of `isBlocked`.
    #[wasm_bindgen(getter)]
    #[must_use]
    pub fn blocked(&self) -> bool {
        self.plan.is_blocked()
    }

    /// Counts: requested, pulled along, already in the target, to move, steps, links cut, split.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.plan.summary)
    }

    /// The findings of the checks (`code`, `check`, `severity`, `message`, `assets`).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "PlanFinding[]")]
    pub fn findings(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.plan.findings)
    }

    /// The ordered steps (`operation`, `assets`, `options` with `label` and `ticked`, ...).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "Step[]")]
    pub fn steps(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.plan.steps)
    }

    /// The whole plan as a plain object: the documented plan JSON with its field names in
    /// `camelCase`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = toObject, unchecked_return_type = "PlanDocument")]
    pub fn to_object(&self) -> Result<JsValue, JsValue> {
        to_js_camel(&self.plan)
    }

    /// The plan as JSON text: the documented file format (`snake_case` field names, as the CLI
    /// writes and reads it).
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        self.plan
            .to_json()
            .map_err(|e| error("ChargeshiftError", &e.to_string()))
    }

    /// The Markdown runbook.
    #[wasm_bindgen(js_name = toMarkdown)]
    #[must_use]
    pub fn to_markdown(&self) -> String {
        chargeshift_planner::runbook::markdown(&self.plan)
    }

    /// A Graphviz DOT picture of what moves.
    #[wasm_bindgen(js_name = toDot)]
    #[must_use]
    pub fn to_dot(&self) -> String {
        chargeshift_planner::dot::plan_dot(&self.fleet, &self.plan)
    }

    /// The preparation snapshot: `{"file.csv": text, ...}` of every link touching the migration.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(unchecked_return_type = "Record<string, string>")]
    pub fn snapshot(&self) -> Result<JsValue, JsValue> {
        let files: BTreeMap<String, String> =
            snapshot(&self.fleet, &plan_assets(&self.fleet, &self.plan))
                .into_iter()
                .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
                .collect();
        to_js(&files)
    }
}

/// Plans moving assets of `fleet` to a user group.
///
/// # Errors
/// Throws `MigrationRequestError` (with `suggestions` for an unknown id) for a request that cannot
/// be planned; a plan blocked by a rule is returned with `isBlocked` set.
#[wasm_bindgen]
pub fn plan(
    fleet: &Fleet,
    #[wasm_bindgen(unchecked_param_type = "MigrationRequest")] request: &JsValue,
) -> Result<Plan, JsValue> {
    // the request as JSON text in the crate's spelling, read by the crate as every caller's
    // request is (`undefined` reads as `null`, which the crate refuses with its own message); a
    // number that is not finite is a RangeError here rather than a silent `null`
    let json = to_snake(
        to_json(request, "request")?,
        &std::collections::BTreeSet::new(),
    );
    let text = json.to_string();
    let plan = MigrationRequest::from_json(&text)
        .and_then(|request| chargeshift_planner::plan(&fleet.fleet, &request))
        .map_err(|e| plan_error(&e))?;
    Ok(Plan {
        plan,
        fleet: Rc::clone(&fleet.fleet),
    })
}

/// `plan` under its older name.
///
/// # Errors
/// As `plan`.
#[wasm_bindgen(js_name = planMigration)]
pub fn plan_migration(
    fleet: &Fleet,
    #[wasm_bindgen(unchecked_param_type = "MigrationRequest")] request: &JsValue,
) -> Result<Plan, JsValue> {
    plan(fleet, request)
}
