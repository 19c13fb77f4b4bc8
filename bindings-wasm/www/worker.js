// The dashboard's Web Worker: every call of the chargeshift package runs here, off the main
// thread, so that importing a 100k-charge-point fleet or planning a whole user group never
// freezes the page. The page sends `{id, op, args}` and gets `{id, ok, result | error}` back.
import init, * as cs from "../pkg/web/index.js";
import { strToU8, zipSync } from "../node_modules/fflate/esm/browser.js";

/** The most nodes drawn of a neighbourhood (the rest is listed). */
const MAX_DRAWN = 200;

const ready = init();
let fleet = null;
let plan = null;
/** The steps of `plan`, converted once. */
let planSteps = [];
/** The cutover plan shown (as planCutover gives it, or as a file gives it). */
let cutover = null;

/** The fields of a package error worth showing (structured clone drops the class). */
function errorView(e) {
  const view = { name: e?.name ?? "Error", message: e?.message ?? String(e) };
  for (const key of ["kind", "id", "suggestions", "errorCode", "messageId", "path", "callError", "line", "column", "findings", "key"]) {
    if (e && key in e) view[key] = e[key];
  }
  return view;
}

/** Which importer a set of dropped or picked files is for: native JSON, the CSV bundle's files, or
 * OCPI Locations / Tokens module output (told apart by their records: EVSEs or token uids). */
function importFiles(files, strict) {
  const csv = files.filter((f) => f.name.toLowerCase().endsWith(".csv"));
  const json = files.filter((f) => f.name.toLowerCase().endsWith(".json"));
  if (csv.length > 0 && json.length === 0) {
    return cs.Fleet.fromCsv(Object.fromEntries(csv.map((f) => [f.name, f.text])), { strict });
  }
  if (json.length === 1 && csv.length === 0) {
    let parsed = null;
    try {
      parsed = JSON.parse(json[0].text);
    } catch {
      // not JSON: the native reader says where (line and column)
    }
    if (!parsed || typeof parsed.format === "string" || !isOcpi(parsed)) return cs.Fleet.fromJson(json[0].text, { strict });
  }
  if (json.length >= 1 && json.length <= 2 && csv.length === 0) {
    const input = { strict };
    for (const f of json) {
      const records = ocpiRecords(JSON.parse(f.text));
      if (records.some((r) => Array.isArray(r?.evses))) input.locations = f.text;
      else if (records.some((r) => typeof r?.uid === "string")) input.tokens = f.text;
      else throw Object.assign(new Error(`${f.name}: neither a fleet document nor OCPI Locations or Tokens`), { name: "FleetImportError" });
    }
    return cs.Fleet.fromOcpi(input);
  }
  throw Object.assign(new Error("drop one fleet JSON document, the .csv files of a CSV bundle, or OCPI locations.json and tokens.json"), { name: "FleetImportError" });
}

function ocpiRecords(doc) {
  const data = Array.isArray(doc) ? doc : doc?.data;
  return Array.isArray(data) ? data : [];
}

function isOcpi(doc) {
  return ocpiRecords(doc).some((r) => Array.isArray(r?.evses) || typeof r?.uid === "string");
}

function fleetView(f) {
  return {
    counts: f.countByKind(),
    nodeCount: f.nodeCount,
    linkCount: f.linkCount,
    // the problems of a lenient import, then the rules over several records
    findings: [...f.findings, ...f.validate()],
  };
}

/** The field names of a crate document in camelCase (the package reads either spelling); the
 * vendor names of `version_by_vendor` are data and stay. */
function camel(value, keep = false) {
  if (Array.isArray(value)) return value.map((v) => camel(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [keep ? k : k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), camel(v, k === "version_by_vendor")]));
  }
  return value;
}

function needPlan() {
  if (!plan) throw new Error("no plan yet");
  return plan;
}

/** FNV-1a of a text, as 8 hex digits. */
function hash(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

function setFleet(f) {
  fleet?.free();
  plan?.free();
  plan = null;
  fleet = f;
  return fleetView(f);
}

const handlers = {
  version: () => cs.version(),
  loadExample: async ({ url }) => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return setFleet(cs.Fleet.fromJson(await response.text()));
  },
  loadFiles: ({ files, strict }) => setFleet(importFiles(files, strict)),
  // a messy fleet is imported leniently: its problems become findings
  generate: ({ chargePoints, seed, messy }) => setFleet(cs.Fleet.generate(chargePoints, { seed, messy })),
  neighbourhood: ({ kind, id, depth }) => fleet.neighbourhood(kind, id, { depth }),
  // the neighbourhood as a graph: its nodes, and the links among them (each node's own
  // neighbours at distance 1), for the first MAX_DRAWN nodes
  graph: ({ kind, id, depth }) => {
    const near = fleet.neighbourhood(kind, id, { depth });
    const drawn = near.slice(0, MAX_DRAWN);
    const key = (a) => `${a.kind}/${a.id}`;
    const inside = new Set(drawn.map(key));
    const edges = new Map();
    for (const a of drawn) {
      for (const b of fleet.neighbourhood(a.kind, a.id, { depth: 1 }).slice(1)) {
        const pair = [key(a), key(b)].sort().join(" ");
        if (inside.has(key(b)) && !edges.has(pair)) edges.set(pair, { source: key(a), target: key(b) });
      }
    }
    return { nodes: drawn.map((a) => ({ key: key(a), ...a })), edges: [...edges.values()], total: near.length };
  },
  plan: ({ request }) => {
    plan?.free();
    plan = null;
    plan = cs.plan(fleet, request);
    planSteps = plan.steps;
    const whole = plan.toObject();
    return {
      status: plan.status,
      summary: plan.summary,
      findings: plan.findings,
      // the steps stay here: the page asks for one page of them at a time (planSteps)
      stepCount: planSteps.length,
      simulation: { preserved: whole.simulation.preservation.preserved, preservation: whole.simulation.preservation },
      // the key of the operator's progress: the plan's own JSON, hashed
      key: hash(plan.toJson()),
    };
  },
  planSteps: ({ first, last }) => {
    needPlan();
    return planSteps.slice(first, last);
  },
  runbook: () => needPlan().toMarkdown(),
  planJson: () => needPlan().toJson(),
  snapshot: () => {
    const files = needPlan().snapshot();
    return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
  },
  planCutover: ({ request }) => (cutover = cs.planCutover(fleet, request)),
  openCutover: ({ text }) => {
    const doc = JSON.parse(text);
    if (!doc || !Array.isArray(doc.waves) || !doc.pilot) throw Object.assign(new Error("not a cutover plan (no pilot and waves)"), { name: "HealthError" });
    // a file is the CLI's JSON (snake_case): shown through the same names as planCutover's
    cutover = camel(doc);
    return cutover;
  },
  health: ({ log }) => {
    const h = cs.health(fleet, log, cutover ? { cutover } : undefined);
    const out = { report: h.report, badLines: h.badLines };
    h.free();
    return out;
  },
  reconcile: ({ files, mapping }) => {
    const now = importFiles(files, false);
    try {
      const r = cs.reconcile(fleet, now, mapping ? { mapping } : undefined);
      const out = { report: r.report, decommissionBacked: r.decommissionBacked };
      r.free();
      return out;
    } finally {
      now.free();
    }
  },
  checkFrame: ({ frame, options }) => cs.checkFrame(frame, options),
  parseFrame: ({ frame }) => cs.parseFrame(frame),
};

self.onmessage = async ({ data: { id, op, args } }) => {
  try {
    await ready;
    if (!(op in handlers)) throw new Error(`unknown operation ${op}`);
    if (op !== "version" && !op.startsWith("load") && op !== "generate" && !op.endsWith("Frame") && !fleet) {
      throw new Error("no fleet loaded yet");
    }
    postMessage({ id, ok: true, result: await handlers[op](args ?? {}) });
  } catch (e) {
    postMessage({ id, ok: false, error: errorView(e) });
  }
};
