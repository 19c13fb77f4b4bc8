//! `Fleet`: the asset graph for JavaScript.

use std::collections::BTreeMap;
use std::rc::Rc;

use chargeshift_graph::api::{
    self, ApiError, AssetsOfRequest, ComponentsRequest, DrawRequest, GenerateOptions,
    ImportOptions, NeighbourhoodRequest,
};
use chargeshift_graph::document;
use chargeshift_graph::generate::generate_fleet;
use chargeshift_graph::import::csv as csv_bundle;
use chargeshift_graph::import::ocpi::{self, OcpiOptions};
use chargeshift_graph::import::{ImportError, Imported};
use chargeshift_graph::validate::{self, Finding};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, request, set, string_arg, to_js};
use crate::value::count_arg;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One problem found in an export or a fleet, with where it is. */
export interface Finding {
  /** The stable code, e.g. "GR005". */
  code: string;
  /** The check, e.g. "dangling_reference". */
  check: string;
  /** The check under its older name (same as `check`). */
  kind: string;
  severity: "error" | "warning" | "info";
  message: string;
  file?: string;
  line?: number;
  record?: string;
  field?: string;
}
/** An asset: its kind (e.g. "charge_point") and id. */
export interface AssetRef { kind: string; id: string }
export interface ImportOptions { strict?: boolean }
export interface GenerateOptions { seed?: number; subProviders?: number; messy?: boolean }
export interface NeighbourhoodOptions { depth?: number; links?: string[] }
export interface LinkOptions { links?: string[] }
export interface SubtreeOptions { subtree?: boolean }
export interface OcpiInput { locations?: string; tokens?: string; userGroup?: string; strict?: boolean }
export interface DrawOptions { depth?: number; links?: string[]; subtree?: boolean; format?: "dot" | "mermaid" }
"#;

/// The most charge points `Fleet.generate` makes, twice the largest fleet the benches build:
/// a bound so that a mistyped count is a `RangeError` at once rather than an allocation
/// failure (a trap) when the 4 GiB of a 32-bit WebAssembly memory run out.
const MAX_GENERATED: usize = 2_000_000;

/// An `Error` named `FleetImportError` with `line`, `column` and `findings` fields.
fn import_error(err: &ImportError) -> JsValue {
    let js = error("FleetImportError", &err.to_string());
    let (line, column, found) = match err {
        ImportError::Json { line, column, .. } => (Some(*line), Some(*column), &[][..]),
        ImportError::Rejected { report, .. } => (None, None, report.findings.as_slice()),
        _ => (None, None, &[][..]),
    };
    let num = |n: Option<usize>| n.map_or(JsValue::NULL, |n| JsValue::from_f64(n as f64));
    set(&js, "line", &num(line));
    set(&js, "column", &num(column));
    set(
        &js,
        "findings",
        &to_js(&api::finding_views(found)).unwrap_or(JsValue::NULL),
    );
    js
}

/// An `Error` named `UnknownAssetError` with `kind`, `id` and `suggestions` fields, or a
/// `TypeError` for an unknown kind name or format.
pub(crate) fn api_error(err: &ApiError) -> JsValue {
    let Some((kind, id, suggestions)) = err.unknown_asset() else {
        return error("TypeError", &err.to_string());
    };
    let js = error("UnknownAssetError", &err.to_string());
    set(&js, "kind", &JsValue::from_str(kind));
    set(&js, "id", &JsValue::from_str(id));
    set(
        &js,
        "suggestions",
        &to_js(suggestions).unwrap_or(JsValue::NULL),
    );
    js
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OcpiInput {
    locations: Option<String>,
    tokens: Option<String>,
    user_group: Option<String>,
    strict: Option<bool>,
}

/// An EV-charging fleet: user groups, customers, charge cards, charge points, locations, charge
/// groups, tariffs, parameter sets and the links between them.
#[wasm_bindgen]
pub struct Fleet {
    /// Shared with the plans made from it, which need it for pictures and snapshots.
    pub(crate) fleet: Rc<chargeshift_graph::Fleet>,
    pub(crate) findings: Vec<Finding>,
}

impl Fleet {
    fn imported(result: Result<Imported, ImportError>) -> Result<Fleet, JsValue> {
        result
            .map(|imported| Self {
                fleet: Rc::new(imported.fleet),
                findings: imported.report.findings,
            })
            .map_err(|e| import_error(&e))
    }
}

#[wasm_bindgen]
impl Fleet {
    /// Reads a native fleet JSON document. `{strict: false}` imports what is sound and lists every
    /// problem in `findings`; by default a problem throws a `FleetImportError`.
    ///
    /// # Errors
    /// Throws `FleetImportError` with `line`, `column` and `findings` fields.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string")] text: &JsValue,
        opts: Option<crate::convert::ImportOptionsArg>,
    ) -> Result<Fleet, JsValue> {
        let text = string_arg(text, "text")?;
        let opts: ImportOptions = options(&crate::convert::optional(opts))?;
        Self::imported(document::read_json(
            text.as_bytes(),
            "<string>",
            opts.mode(),
        ))
    }

    /// Reads a CSV bundle given as `{"customers.csv": text, "card_customer.csv": text, ...}`
    /// (one file per node and link kind; see the graph crate's FORMATS.md).
    ///
    /// # Errors
    /// Throws `FleetImportError` whose findings name file, line and field.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: &JsValue,
        opts: Option<crate::convert::ImportOptionsArg>,
    ) -> Result<Fleet, JsValue> {
        let files: BTreeMap<String, String> = options(files)?;
        let opts: ImportOptions = options(&crate::convert::optional(opts))?;
        let files: Vec<(String, String)> = files.into_iter().collect();
        Self::imported(csv_bundle::read_memory(&files, opts.mode()))
    }

    /// Reads OCPI 2.2.1 Locations and/or Tokens module output (JSON texts): each EVSE becomes a
    /// charge point at its location, each token a charge card.
    ///
    /// # Errors
    /// Throws `FleetImportError`.
    #[wasm_bindgen(js_name = fromOcpi)]
    pub fn from_ocpi(
        #[wasm_bindgen(unchecked_param_type = "OcpiInput")] input: &JsValue,
    ) -> Result<Fleet, JsValue> {
        let input: OcpiInput = options(input)?;
        let options = OcpiOptions {
            user_group: input.user_group,
        };
        Self::imported(ocpi::read_texts(
            input.locations.as_deref(),
            input.tokens.as_deref(),
            &options,
            ImportOptions::with_strict(input.strict).mode(),
        ))
    }

    /// A realistic synthetic fleet of `chargePoints` charge points; the same seed gives the same
    /// fleet.
    ///
    /// # Errors
    /// Throws `RangeError` for a count that is not a non-negative integer (or a seed out of
    /// range), `TypeError` for bad options.
    pub fn generate(
        #[wasm_bindgen(js_name = chargePoints, unchecked_param_type = "number")]
        charge_points: &JsValue,
        opts: Option<crate::convert::GenerateOptionsArg>,
    ) -> Result<Fleet, JsValue> {
        let charge_points = count_arg(charge_points, "chargePoints", MAX_GENERATED)?;
        let opts: GenerateOptions = options(&crate::convert::optional(opts))?;
        Self::imported(generate_fleet(&opts.spec(charge_points)))
    }

    /// The problems found while importing leniently.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "Finding[]")]
    pub fn findings(&self) -> Result<JsValue, JsValue> {
        to_js(&api::finding_views(&self.findings))
    }

    /// Checks the rules that span several records; returns the findings.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        to_js(&api::finding_views(
            &validate::validate(&self.fleet).findings,
        ))
    }

    /// The number of nodes (assets and user groups).
    #[wasm_bindgen(getter, js_name = nodeCount)]
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.fleet.node_count()
    }

    /// The number of links (including ownership and the user-group tree).
    #[wasm_bindgen(getter, js_name = linkCount)]
    #[must_use]
    pub fn link_count(&self) -> usize {
        self.fleet.link_count()
    }

    /// Nodes by kind, e.g. `{user_group: 3, charge_point: 120, ...}` (also as `counts`).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = countByKind, unchecked_return_type = "Record<string, number>")]
    pub fn count_by_kind(&self) -> Result<JsValue, JsValue> {
        to_js(&api::counts(&self.fleet))
    }

    /// Nodes by kind; the older name of `countByKind`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
    pub fn counts(&self) -> Result<JsValue, JsValue> {
        self.count_by_kind()
    }

    /// Links by kind, e.g. `{card_customer: 80, ...}` (also as `linkCounts`).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = countLinksByKind, unchecked_return_type = "Record<string, number>")]
    pub fn count_links_by_kind(&self) -> Result<JsValue, JsValue> {
        to_js(&api::link_counts(&self.fleet))
    }

    /// Links by kind; the older name of `countLinksByKind`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = linkCounts, unchecked_return_type = "Record<string, number>")]
    pub fn link_counts(&self) -> Result<JsValue, JsValue> {
        self.count_links_by_kind()
    }

    /// Charge points by the value of a segment tag (e.g. `criticality`, `vendor`).
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = countBySegment, unchecked_return_type = "Record<string, number>")]
    pub fn count_by_segment(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] key: &JsValue,
    ) -> Result<JsValue, JsValue> {
        let key = string_arg(key, "key")?;
        to_js(&api::segment_counts(&self.fleet, &key))
    }

    /// Everything linked to an asset, breadth first: `[{kind, id, distance}, ...]`.
    ///
    /// # Errors
    /// Throws `UnknownAssetError` for an asset not in the fleet, `TypeError` for an unknown kind.
    #[wasm_bindgen(unchecked_return_type = "Array<AssetRef & { distance: number }>")]
    pub fn neighbourhood(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
        opts: Option<crate::convert::NeighbourhoodOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let (kind, id) = (string_arg(kind, "kind")?, string_arg(id, "id")?);
        let request: NeighbourhoodRequest = request(
            &crate::convert::optional(opts),
            &[("kind", &kind), ("id", &id)],
        )?;
        to_js(&api::neighbourhood(&self.fleet, &request).map_err(|e| api_error(&e))?)
    }

    /// The id of the provider of a user group, or `undefined`.
    ///
    /// # Errors
    /// Throws `UnknownAssetError` for an unknown user group.
    #[wasm_bindgen(js_name = providerOf)]
    pub fn provider_of(
        &self,
        #[wasm_bindgen(js_name = userGroup, unchecked_param_type = "string")] user_group: &JsValue,
    ) -> Result<Option<String>, JsValue> {
        let user_group = string_arg(user_group, "userGroup")?;
        api::provider_of(&self.fleet, &user_group).map_err(|e| api_error(&e))
    }

    /// The assets of a user group, optionally with its whole subtree.
    ///
    /// # Errors
    /// Throws `UnknownAssetError` for an unknown user group.
    #[wasm_bindgen(js_name = assetsOf, unchecked_return_type = "AssetRef[]")]
    pub fn assets_of(
        &self,
        #[wasm_bindgen(js_name = userGroup, unchecked_param_type = "string")] user_group: &JsValue,
        opts: Option<crate::convert::SubtreeOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let user_group = string_arg(user_group, "userGroup")?;
        let request: AssetsOfRequest = request(
            &crate::convert::optional(opts),
            &[("user_group", &user_group)],
        )?;
        to_js(&api::assets_of(&self.fleet, &request).map_err(|e| api_error(&e))?)
    }

    /// Connected components over the chosen link kinds, largest first.
    ///
    /// # Errors
    /// Throws `TypeError` for an unknown link kind.
    #[wasm_bindgen(unchecked_return_type = "AssetRef[][]")]
    pub fn components(
        &self,
        opts: Option<crate::convert::LinkOptionsArg>,
    ) -> Result<JsValue, JsValue> {
        let request: ComponentsRequest = options(&crate::convert::optional(opts))?;
        to_js(&api::components(&self.fleet, &request).map_err(|e| api_error(&e))?)
    }

    /// The fleet as a CSV bundle: `{"customers.csv": text, ...}`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = toCsv, unchecked_return_type = "Record<string, string>")]
    pub fn to_csv(&self) -> Result<JsValue, JsValue> {
        let files: BTreeMap<String, String> = csv_bundle::write_memory(&self.fleet)
            .into_iter()
            .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
            .collect();
        to_js(&files)
    }

    /// A picture of part of the fleet as Graphviz DOT or Mermaid text: the neighbourhood of an
    /// asset, or for a user group its assets (with its subtree if `subtree`).
    ///
    /// # Errors
    /// Throws `UnknownAssetError` or `TypeError` (unknown kind, link kind or format).
    pub fn draw(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] id: &JsValue,
        opts: Option<crate::convert::DrawOptionsArg>,
    ) -> Result<String, JsValue> {
        let (kind, id) = (string_arg(kind, "kind")?, string_arg(id, "id")?);
        let request: DrawRequest = request(
            &crate::convert::optional(opts),
            &[("kind", &kind), ("id", &id)],
        )?;
        api::draw(&self.fleet, &request).map_err(|e| api_error(&e))
    }

    /// The fleet as a native JSON document.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        document::to_json(&self.fleet).map_err(|e| error("ChargeshiftError", &e.to_string()))
    }
}
