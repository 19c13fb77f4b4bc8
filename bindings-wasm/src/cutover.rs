//! `planCutover`: replacing the back office in a pilot and waves, for JavaScript.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chargeshift_planner::cutover::{self, CutoverError, CutoverRequest};
use wasm_bindgen::prelude::*;

use crate::convert::{error, read_error, set, to_js};
use crate::graph::Fleet;
use crate::value::{map_fields, to_camel, to_json, to_snake};

/// The cutover document's TypeScript types, generated from its JSON Schema (scripts/gen-ts-types.sh).
#[wasm_bindgen(typescript_custom_section)]
const DOCUMENT_TYPES: &'static str = include_str!("types/cutover.d.ts");

/// The fields of the cutover documents whose values are maps (their keys are data: vendor
/// names), read from the committed schema.
fn maps() -> &'static BTreeSet<String> {
    static MAPS: OnceLock<BTreeSet<String>> = OnceLock::new();
    MAPS.get_or_init(|| {
        map_fields(include_str!(
            "../../migration-planner/schema/cutover.schema.json"
        ))
    })
}

/// A `CutoverError`; for an unknown segment key with `key` and `suggestions`.
fn cutover_error(err: &CutoverError) -> JsValue {
    let js = error("CutoverError", &err.to_string());
    if let CutoverError::UnknownSegment { key, closest } = err {
        set(&js, "key", &JsValue::from_str(key));
        set(
            &js,
            "suggestions",
            &to_js(&closest.iter().collect::<Vec<_>>()).unwrap_or(JsValue::NULL),
        );
    }
    js
}

/// The cutover plan of `fleet`: migration units, the pilot chosen by coverage, the waves, the
/// schedule, the routing table of every phase with its rollback and the findings, all in
/// `camelCase` (the request too: `{startDate: "2026-03-02", waves: {maxChargePoints: 80}}`).
///
/// # Errors
/// Throws `CutoverError` for a request the crate refuses (an unknown field, a bad date,
/// an unknown segment key, a limit that is no limit), `RangeError` for a number out of range,
/// `TypeError` for a value that is not JSON data.
#[wasm_bindgen(js_name = planCutover, unchecked_return_type = "CutoverPlan")]
pub fn plan_cutover(
    fleet: &Fleet,
    #[wasm_bindgen(unchecked_param_type = "CutoverRequest")] request: &JsValue,
) -> Result<JsValue, JsValue> {
    let json = to_snake(to_json(request, "request")?, maps());
    let request: CutoverRequest = serde_json::from_value(json.clone()).map_err(|e| {
        let range = read_error(&e, &json);
        if range.is_instance_of::<js_sys::RangeError>() {
            range
        } else {
            error("CutoverError", &format!("invalid cutover request: {e}"))
        }
    })?;
    let plan = cutover::plan(&fleet.fleet, &request).map_err(|e| cutover_error(&e))?;
    let json =
        serde_json::to_value(&plan).map_err(|e| error("ChargeshiftError", &e.to_string()))?;
    to_js(&to_camel(json, maps()))
}
