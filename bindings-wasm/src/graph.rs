//! `Fleet`: the asset graph for JavaScript.

use std::collections::BTreeMap;
use std::rc::Rc;

use chargeshift_graph::document;
use chargeshift_graph::dot::Subgraph;
use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::csv as csv_bundle;
use chargeshift_graph::import::ocpi::{self, OcpiOptions};
use chargeshift_graph::import::{ImportError, Imported, Mode};
use chargeshift_graph::validate::{self, Finding};
use chargeshift_graph::{LinkKind, LinkKinds, NodeIndex, NodeKind, UnknownKind};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::convert::{error, options, set, string_arg, to_js};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One problem found in an export or a fleet, with where it is. */
export interface Finding {
  /** The class, e.g. "dangling_reference". */
  kind: string;
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

/// A finding as JavaScript sees it.
#[derive(Serialize)]
struct FindingView<'a> {
    kind: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    record: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
}

fn finding_views(findings: &[Finding]) -> Vec<FindingView<'_>> {
    findings
        .iter()
        .map(|f| FindingView {
            kind: f.code.as_str(),
            message: &f.message,
            file: f.at.file.as_deref(),
            line: f.at.line,
            record: f.at.record.as_deref(),
            field: f.at.field.as_deref(),
        })
        .collect()
}

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
        &to_js(&finding_views(found)).unwrap_or(JsValue::NULL),
    );
    js
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ImportOptions {
    strict: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct GenerateOptions {
    seed: Option<u64>,
    sub_providers: Option<usize>,
    messy: Option<bool>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct QueryOptions {
    depth: Option<usize>,
    links: Option<Vec<String>>,
    subtree: Option<bool>,
    format: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct OcpiInput {
    locations: Option<String>,
    tokens: Option<String>,
    user_group: Option<String>,
    strict: Option<bool>,
}

fn mode(strict: Option<bool>) -> Mode {
    if strict.unwrap_or(true) {
        Mode::Strict
    } else {
        Mode::Lenient
    }
}

fn node_kind(name: &str) -> Result<NodeKind, JsValue> {
    name.parse()
        .map_err(|e: UnknownKind| error("TypeError", &e.to_string()))
}

fn link_kinds(names: Option<&[String]>) -> Result<LinkKinds, JsValue> {
    let Some(names) = names else {
        return Ok(LinkKinds::CONNECTIONS);
    };
    names
        .iter()
        .map(|n| {
            n.parse::<LinkKind>()
                .map_err(|e| error("TypeError", &e.to_string()))
        })
        .collect()
}

#[derive(Serialize)]
struct AssetRef<'a> {
    kind: &'static str,
    id: &'a str,
}

/// An EV-charging fleet: user groups, customers, charge cards, charge points, locations, charge
/// groups, tariffs, parameter sets and the links between them.
#[wasm_bindgen]
pub struct Fleet {
    /// Shared with the plans made from it, which need it for pictures and snapshots.
    pub(crate) fleet: Rc<chargeshift_graph::Fleet>,
    findings: Vec<Finding>,
}

impl Fleet {
    fn from_imported(imported: Imported) -> Self {
        Self {
            fleet: Rc::new(imported.fleet),
            findings: imported.report.findings,
        }
    }

    fn lookup(&self, kind: &str, id: &str) -> Result<NodeIndex, JsValue> {
        let kind = node_kind(kind)?;
        self.fleet.find(kind, id).ok_or_else(|| {
            let js = error(
                "UnknownAssetError",
                &format!("no {kind} with id {id:?} in the fleet"),
            );
            set(&js, "kind", &JsValue::from_str(kind.as_str()));
            set(&js, "id", &JsValue::from_str(id));
            js
        })
    }

    fn asset(&self, ix: NodeIndex) -> AssetRef<'_> {
        AssetRef {
            kind: self.fleet.kind(ix).map_or("", NodeKind::as_str),
            id: self.fleet.id(ix),
        }
    }
}

fn counts<K: AsRef<str>>(map: impl IntoIterator<Item = (K, usize)>) -> Result<JsValue, JsValue> {
    let map: BTreeMap<String, usize> = map
        .into_iter()
        .map(|(k, n)| (k.as_ref().to_owned(), n))
        .collect();
    to_js(&map)
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
        #[wasm_bindgen(unchecked_param_type = "ImportOptions | undefined")] opts: JsValue,
    ) -> Result<Fleet, JsValue> {
        let text = string_arg(text, "text")?;
        let opts: ImportOptions = options(opts)?;
        let mode = if opts.strict.unwrap_or(true) {
            Mode::Strict
        } else {
            Mode::Lenient
        };
        document::read_json(text.as_bytes(), "<string>", mode)
            .map(Self::from_imported)
            .map_err(|e| import_error(&e))
    }

    /// Reads a CSV bundle given as `{"customers.csv": text, "card_customer.csv": text, ...}`
    /// (one file per node and link kind; see the graph crate's FORMATS.md).
    ///
    /// # Errors
    /// Throws `FleetImportError` whose findings name file, line and field.
    #[wasm_bindgen(js_name = fromCsv)]
    pub fn from_csv(
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] files: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ImportOptions | undefined")] opts: JsValue,
    ) -> Result<Fleet, JsValue> {
        let files: BTreeMap<String, String> = options(files)?;
        let opts: ImportOptions = options(opts)?;
        let files: Vec<(String, String)> = files.into_iter().collect();
        csv_bundle::read_memory(&files, mode(opts.strict))
            .map(Self::from_imported)
            .map_err(|e| import_error(&e))
    }

    /// Reads OCPI 2.2.1 Locations and/or Tokens module output (JSON texts): each EVSE becomes a
    /// charge point at its location, each token a charge card.
    ///
    /// # Errors
    /// Throws `FleetImportError`.
    #[wasm_bindgen(js_name = fromOcpi)]
    pub fn from_ocpi(
        #[wasm_bindgen(unchecked_param_type = "OcpiInput")] input: JsValue,
    ) -> Result<Fleet, JsValue> {
        let input: OcpiInput = options(input)?;
        let options = OcpiOptions {
            user_group: input.user_group,
        };
        ocpi::read(
            input
                .locations
                .as_deref()
                .map(|t| ("locations.json", t.as_bytes())),
            input
                .tokens
                .as_deref()
                .map(|t| ("tokens.json", t.as_bytes())),
            &options,
            mode(input.strict),
        )
        .map(Self::from_imported)
        .map_err(|e| import_error(&e))
    }

    /// A realistic synthetic fleet of `chargePoints` charge points; the same seed gives the same
    /// fleet.
    ///
    /// # Errors
    /// Throws `TypeError` for bad options.
    pub fn generate(
        #[wasm_bindgen(js_name = chargePoints)] charge_points: usize,
        #[wasm_bindgen(unchecked_param_type = "GenerateOptions | undefined")] opts: JsValue,
    ) -> Result<Fleet, JsValue> {
        let opts: GenerateOptions = options(opts)?;
        let mut spec = FleetSpec::new(charge_points).seed(opts.seed.unwrap_or(1));
        if let Some(n) = opts.sub_providers {
            spec.sub_providers = n;
        }
        if opts.messy.unwrap_or(false) {
            spec = spec.messy();
        }
        generate_fleet(&spec)
            .map(Self::from_imported)
            .map_err(|e| import_error(&e))
    }

    /// The problems found while importing leniently.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(getter, unchecked_return_type = "Finding[]")]
    pub fn findings(&self) -> Result<JsValue, JsValue> {
        to_js(&finding_views(&self.findings))
    }

    /// Checks the rules that span several records; returns the findings.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(unchecked_return_type = "Finding[]")]
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        to_js(&finding_views(&validate::validate(&self.fleet).findings))
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

    /// Nodes by kind, e.g. `{charge_point: 120, ...}`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(unchecked_return_type = "Record<string, number>")]
    pub fn counts(&self) -> Result<JsValue, JsValue> {
        counts(
            self.fleet
                .count_by_kind()
                .into_iter()
                .map(|(k, n)| (k.as_str(), n)),
        )
    }

    /// Links by kind, e.g. `{card_customer: 80, ...}`.
    ///
    /// # Errors
    /// Never in practice (conversion to JS values).
    #[wasm_bindgen(js_name = linkCounts, unchecked_return_type = "Record<string, number>")]
    pub fn link_counts(&self) -> Result<JsValue, JsValue> {
        counts(
            self.fleet
                .count_links_by_kind()
                .into_iter()
                .map(|(k, n)| (k.as_str(), n)),
        )
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
        counts(self.fleet.count_by_segment(&key))
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
        #[wasm_bindgen(unchecked_param_type = "NeighbourhoodOptions | undefined")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (kind, id) = (string_arg(kind, "kind")?, string_arg(id, "id")?);
        let opts: QueryOptions = options(opts)?;
        let start = self.lookup(&kind, &id)?;
        let kinds = link_kinds(opts.links.as_deref())?;
        #[derive(Serialize)]
        struct Reached<'a> {
            #[serde(flatten)]
            asset: AssetRef<'a>,
            distance: usize,
        }
        let out: Vec<Reached<'_>> = self
            .fleet
            .neighbourhood(start, kinds, opts.depth.unwrap_or(1))
            .into_iter()
            .map(|(ix, distance)| Reached {
                asset: self.asset(ix),
                distance,
            })
            .collect();
        to_js(&out)
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
        let ug = self.lookup("user_group", &user_group)?;
        Ok(self
            .fleet
            .provider_of(ug)
            .map(|p| self.fleet.id(p).to_owned()))
    }

    /// The assets of a user group, optionally with its whole subtree.
    ///
    /// # Errors
    /// Throws `UnknownAssetError` for an unknown user group.
    #[wasm_bindgen(js_name = assetsOf, unchecked_return_type = "AssetRef[]")]
    pub fn assets_of(
        &self,
        #[wasm_bindgen(js_name = userGroup, unchecked_param_type = "string")] user_group: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "SubtreeOptions | undefined")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let user_group = string_arg(user_group, "userGroup")?;
        let opts: QueryOptions = options(opts)?;
        let ug = self.lookup("user_group", &user_group)?;
        let out: Vec<AssetRef<'_>> = self
            .fleet
            .assets_of(ug, opts.subtree.unwrap_or(false))
            .into_iter()
            .map(|ix| self.asset(ix))
            .collect();
        to_js(&out)
    }

    /// Connected components over the chosen link kinds, largest first.
    ///
    /// # Errors
    /// Throws `TypeError` for an unknown link kind.
    #[wasm_bindgen(unchecked_return_type = "AssetRef[][]")]
    pub fn components(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LinkOptions | undefined")] opts: JsValue,
    ) -> Result<JsValue, JsValue> {
        let opts: QueryOptions = options(opts)?;
        let kinds = link_kinds(opts.links.as_deref())?;
        let mut groups = self.fleet.components(kinds).groups();
        groups.sort_by_key(|g| std::cmp::Reverse(g.len()));
        let out: Vec<Vec<AssetRef<'_>>> = groups
            .into_iter()
            .map(|g| g.into_iter().map(|ix| self.asset(ix)).collect())
            .collect();
        to_js(&out)
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
        #[wasm_bindgen(unchecked_param_type = "DrawOptions | undefined")] opts: JsValue,
    ) -> Result<String, JsValue> {
        let (kind, id) = (string_arg(kind, "kind")?, string_arg(id, "id")?);
        let opts: QueryOptions = options(opts)?;
        let start = self.lookup(&kind, &id)?;
        let sub = if self.fleet.kind(start) == Some(NodeKind::UserGroup) {
            Subgraph::user_group(&self.fleet, start, opts.subtree.unwrap_or(false))
        } else {
            Subgraph::neighbourhood(
                &self.fleet,
                start,
                link_kinds(opts.links.as_deref())?,
                opts.depth.unwrap_or(1),
            )
        };
        match opts.format.as_deref().unwrap_or("dot") {
            "dot" => Ok(sub.to_dot(&self.fleet)),
            "mermaid" => Ok(sub.to_mermaid(&self.fleet)),
            other => Err(error(
                "TypeError",
                &format!("unknown picture format {other:?}; expected \"dot\" or \"mermaid\""),
            )),
        }
    }

    /// The fleet as a native JSON document.
    ///
    /// # Errors
    /// Never in practice.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> Result<String, JsValue> {
        document::to_json(&self.fleet).map_err(|e| error("Error", &e.to_string()))
    }
}
