// The dashboard's page: it only draws. Every call of the chargeshift package runs in the Web Worker
// (worker.js), so that the main thread stays free however large the fleet.
import cytoscape from "../node_modules/cytoscape/dist/cytoscape.esm.min.mjs";
import { Chart, registerables } from "../node_modules/chart.js/dist/chart.js";

Chart.register(...registerables);

const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextId = 0;

// how many calls are out, for the tests (and a busy cursor)
let reading = 0;
const busy = () => (document.body.dataset.pending = String(pending.size + reading));

/** The texts of picked or dropped files, counted as work in progress while they are read. */
async function readAll(fileList) {
  reading++;
  busy();
  try {
    return await Promise.all([...fileList].map(async (f) => ({ name: f.name, text: await f.text() })));
  } finally {
    reading--;
    setTimeout(busy);
  }
}

async function readOne(file) {
  const [read] = await readAll([file]);
  return read.text;
}

worker.onmessage = ({ data: { id, ok, result, error } }) => {
  const call = pending.get(id);
  pending.delete(id);
  // settle after the page has drawn the answer (the callers draw synchronously on resolve)
  queueMicrotask(() => setTimeout(busy));
  if (ok) call.resolve(result);
  else call.reject(error);
};

/** Runs `op` in the worker; rejects with the package's error as `{name, message, ...fields}`. */
function call(op, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    busy();
    worker.postMessage({ id, op, args });
  });
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// --- the OCPP-J frame inspector

async function validate() {
  const out = $("frame-check");
  const frame = $("frame-input").value;
  const options = { version: $("frame-version").value, sender: $("frame-sender").value, lenient: $("frame-lenient").checked };
  try {
    const checked = await call("checkFrame", { frame, options });
    const notes = checked.deviations.map((d) => `${d.kind} at ${d.path}`).join("; ");
    out.className = "valid";
    out.textContent = `valid ${checked.action} ${checked.kind} for OCPP ${options.version}${notes ? ` (accepted: ${notes})` : ""}`;
  } catch (err) {
    out.className = "error";
    // the library says which answer OCPP-J allows: none to a CALLRESULT or a CALLERROR
    const answer = err.callError ? `answer ${err.callError}` : "no answer is allowed";
    out.textContent = `${err.errorCode ?? err.name}${err.path ? ` at ${err.path}` : ""}: ${answer}`;
  }
}

async function inspect() {
  const out = $("frame-output");
  await validate();
  try {
    const frame = await call("parseFrame", { frame: $("frame-input").value });
    const list = el("dl");
    for (const [name, value] of Object.entries(frame)) {
      list.append(el("dt", { textContent: name }), el("dd", { textContent: typeof value === "string" ? value : JSON.stringify(value, null, 2) }));
    }
    out.replaceChildren(list);
  } catch (err) {
    out.replaceChildren(el("p", { className: "error", textContent: `${err.errorCode ?? err.name}: ${err.message}` }));
  }
}

// --- the fleet: load, counts, findings

const KINDS = ["customer", "charge_card", "charge_point", "location", "charge_group", "user_group", "tariff", "parameter_set"];
let findings = [];

function showFleet(view) {
  const body = document.querySelector("#fleet-counts tbody");
  body.replaceChildren();
  for (const [kind, n] of Object.entries(view.counts)) {
    const tr = el("tr", {}, el("td", { textContent: kind.replaceAll("_", " ") }), el("td", { textContent: String(n) }));
    tr.dataset.kind = kind;
    body.append(tr);
  }
  $("fleet-findings").textContent = `${view.nodeCount} nodes, ${view.linkCount} links; ${view.findings.length} findings`;
  findings = view.findings;
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  $("findings-code").replaceChildren(el("option", { value: "", textContent: "every code" }), ...codes.map((c) => el("option", { value: c, textContent: c })));
  showFindings();
}

/** The findings table, filtered by severity, code and text, virtualised: only the rows in view
 * (and a margin) are in the DOM, between two spacer rows that keep the scroll height. */
const ROW = 28;
let shownFindings = [];

function showFindings() {
  const severity = $("findings-severity").value;
  const code = $("findings-code").value;
  const text = $("findings-text").value.trim().toLowerCase();
  shownFindings = findings.filter((f) =>
    (!severity || f.severity === severity) && (!code || f.code === code)
    && (!text || `${f.message} ${f.file ?? ""} ${f.record ?? ""} ${f.field ?? ""}`.toLowerCase().includes(text)));
  $("findings-shown").textContent = `${shownFindings.length} of ${findings.length} findings`;
  $("findings-table").setAttribute("aria-rowcount", String(shownFindings.length + 1));
  $("findings-scroll").scrollTop = 0;
  drawFindingRows();
}

function drawFindingRows() {
  const scroller = $("findings-scroll");
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW) - 10);
  const last = Math.min(shownFindings.length, first + Math.ceil(scroller.clientHeight / ROW) + 20);
  const spacer = (rows) => {
    const tr = el("tr", { className: "spacer", ariaHidden: "true" });
    tr.style.height = `${rows * ROW}px`;
    return tr;
  };
  const rows = shownFindings.slice(first, last).map((f, i) => {
    const where = [f.file, f.line && `line ${f.line}`, f.record, f.field].filter(Boolean).join(", ");
    const tr = el("tr", { className: `severity-${f.severity}` },
      ...[f.severity, f.code, f.check, where, f.message].map((t) => el("td", { textContent: t, title: t })));
    tr.setAttribute("aria-rowindex", String(first + i + 2));
    return tr;
  });
  document.querySelector("#findings-table tbody").replaceChildren(spacer(first), ...rows, spacer(shownFindings.length - last));
}

function fleetLoaded(view) {
  showFleet(view);
  $("status").dataset.fleet = "loaded";
  $("load-error").textContent = "";
}

function loadFailed(err) {
  const where = err.line ? ` (line ${err.line}, column ${err.column})` : "";
  const first = err.findings?.length ? `; first: ${err.findings[0].file ?? ""} ${err.findings[0].line ? `line ${err.findings[0].line}` : ""} ${err.findings[0].message}` : "";
  $("load-error").textContent = `${err.name}: ${err.message}${where}${first}`;
}

async function loadFiles(fileList) {
  if (fileList.length === 0) return;
  $("status").dataset.fleet = "loading";
  const files = await readAll(fileList);
  try {
    fleetLoaded(await call("loadFiles", { files, strict: $("load-strict").checked }));
  } catch (err) {
    $("status").dataset.fleet = "error";
    loadFailed(err);
  }
}

async function loadExample() {
  $("status").dataset.fleet = "loading";
  fleetLoaded(await call("loadExample", { url: new URL("../../examples/fleet/fleet.json", location.href).href }));
}

// --- find an asset: its neighbourhood, listed and drawn; an unknown id gets the library's suggestions

const COLOURS = { customer: "#4f8fd6", charge_card: "#6fae4a", charge_point: "#e39a3b", location: "#9b6ad6", charge_group: "#d6c23b", user_group: "#7a8896", tariff: "#d66a8f", parameter_set: "#3bb3b3" };
let cy = null;

function drawGraph(graph) {
  const box = $("graph");
  cy?.destroy();
  cy = cytoscape({
    container: box,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.key, label: `${n.kind.replaceAll("_", " ")}\n${n.id}`, kind: n.kind, distance: n.distance } })),
      ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "text-wrap": "wrap", "font-size": 9, "text-valign": "bottom", "background-color": (n) => COLOURS[n.data("kind")] ?? "#888", width: 18, height: 18 } },
      { selector: "node[distance = 0]", style: { width: 28, height: 28, "border-width": 3, "border-color": "#0f3d57" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#9aa8b5", "curve-style": "bezier" } },
    ],
    layout: { name: "breadthfirst", roots: graph.nodes.length ? [graph.nodes[0].key] : undefined, padding: 16, spacingFactor: 1.1 },
    userZoomingEnabled: true,
  });
  box.dataset.nodes = String(cy.nodes().length);
  box.dataset.edges = String(cy.edges().length);
  box.setAttribute("aria-label", `the neighbourhood drawn as a graph: ${cy.nodes().length} assets, ${cy.edges().length} links${graph.total > graph.nodes.length ? ` (the first ${graph.nodes.length} of ${graph.total})` : ""}`);
}

function showSuggestions(err) {
  const box = $("explore-suggestions");
  box.replaceChildren();
  if (!err?.suggestions?.length) return;
  box.append(el("span", { textContent: "did you mean " }));
  for (const id of err.suggestions) {
    box.append(el("button", { type: "button", className: "suggestion", textContent: id, onclick: () => {
      $("explore-id").value = id;
      explore();
    } }), " ");
  }
}

async function explore(event) {
  event?.preventDefault();
  const out = $("explore-output");
  const args = { kind: $("explore-kind").value, id: $("explore-id").value.trim(), depth: Number($("explore-depth").value) };
  try {
    const graph = await call("graph", args);
    showSuggestions(null);
    out.replaceChildren(...graph.nodes.map((a) => el("li", { textContent: `${"  ".repeat(a.distance)}${a.kind} ${a.id}` })));
    drawGraph(graph);
  } catch (err) {
    // the message names no suggestion twice: the list below is the library's
    out.replaceChildren(el("li", { className: "error", textContent: err.message.replace(/ \(did you mean .*\)$/, "") }));
    showSuggestions(err);
  }
}

// --- the plan: a form (no JSON typing), the steps with the platform's ticks, progress, downloads

let selected = [];

function showSelected() {
  $("plan-selected").replaceChildren(...selected.map((s, i) => el("li", {},
    el("span", { textContent: `${s.label} ${s.id} ` }),
    el("button", { type: "button", textContent: "remove", ariaLabel: `remove ${s.label} ${s.id}`, onclick: () => {
      selected.splice(i, 1);
      showSelected();
    } }))));
}

function requestOfForm() {
  const selectors = [];
  const assets = [];
  for (const s of selected) {
    if (s.kind === "charge_point" || s.kind === "charge_card") assets.push({ kind: s.kind, id: s.id });
    else selectors.push({ [s.kind]: s.id });
  }
  const request = { target: $("plan-target").value.trim(), selectors, policy: { allowProviderChange: $("plan-allow-provider").checked } };
  if (assets.length) request.assets = assets;
  return request;
}

function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function showPlan(request) {
  const out = $("plan-output");
  let plan;
  try {
    plan = await call("plan", { request });
  } catch (err) {
    // the message already names the closest ids ("did you mean ..."): printed once
    out.replaceChildren(el("p", { className: "error", textContent: `${err.name}: ${err.message}` }));
    return;
  }
  const progressKey = `chargeshift-progress:${plan.key}`;
  const done = new Set(JSON.parse(localStorage.getItem(progressKey) ?? "[]"));
  const summary = el("table", { className: "summary" }, el("caption", { textContent: "Summary" }));
  for (const [k, v] of Object.entries(plan.summary)) {
    summary.append(el("tr", {}, el("td", { textContent: k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`) }), el("td", { textContent: String(v) })));
  }
  const simulation = el("p", { id: "plan-simulation", className: plan.simulation.preserved ? "valid" : "error",
    textContent: plan.simulation.preserved ? "Simulation: every link is preserved (or cut as the request allows)." : "Simulation: links are lost; see the findings." });
  // the findings grouped by code
  const byCode = new Map();
  // one list per code, appended to in place (a copy per finding was quadratic in a code's findings)
  for (const f of plan.findings) {
    const list = byCode.get(f.code);
    if (list) list.push(f);
    else byCode.set(f.code, [f]);
  }
  const groups = el("div", { id: "plan-findings" }, ...[...byCode].map(([code, list]) => el("details", { className: `severity-${list[0].severity}`, open: list[0].severity === "error" },
    el("summary", { textContent: `${code} ${list[0].check} (${list[0].severity}) × ${list.length}` }),
    el("ul", {}, ...list.slice(0, 200).map((f) => el("li", { textContent: f.message }))))));
  const progress = el("p", { id: "plan-progress" });
  const showProgress = () => (progress.textContent = `${done.size} of ${plan.stepCount} steps done`);
  showProgress();
  const downloads = el("p", { className: "downloads" },
    el("button", { type: "button", id: "download-runbook", textContent: "Runbook (Markdown)", onclick: async () => download("runbook.md", "text/markdown", await call("runbook")) }), " ",
    el("button", { type: "button", id: "download-plan", textContent: "Plan (JSON)", onclick: async () => download("plan.json", "application/json", await call("planJson")) }), " ",
    el("button", { type: "button", id: "download-snapshot", textContent: "Snapshot (zip of CSVs)", onclick: async () => download("snapshot.zip", "application/zip", await call("snapshot")) }));
  const steps = el("ol", { id: "plan-steps", className: "steps" });
  const pager = stepPager(plan.stepCount, async (first, last) => {
    const page = await call("planSteps", { first, last });
    steps.start = first + 1;
    steps.replaceChildren(...page.map(drawStep));
  });
  out.replaceChildren(
    el("p", { id: "plan-status", className: `status-${plan.status}`, textContent: `Status: ${plan.status.replaceAll("_", " ")}` }),
    simulation, summary, downloads, el("h3", { textContent: "Findings" }), groups, el("h3", { textContent: "Steps" }), progress, pager, steps);
  await pager.shown;

  function drawStep(step) {
    const boxes = el("ul", { className: "boxes" });
    for (const o of step.options) {
      const box = el("input", { type: "checkbox", checked: o.ticked, disabled: true });
      const mark = el("span", { className: "mark", textContent: o.ticked ? "ticked" : "not ticked", ariaHidden: "true" });
      boxes.append(el("li", { className: o.ticked ? "ticked" : "unticked" }, el("label", {}, box, ` ${o.label}`), mark));
    }
    const what = `${step.operation.replaceAll("_", " ")}${step.bulk ? " (bulk)" : ""}: ${step.assets.join(", ")} → ${step.to}`;
    const doneBox = el("input", { type: "checkbox", className: "done", checked: done.has(step.number), ariaLabel: `step ${step.number} done` });
    const li = el("li", { className: done.has(step.number) ? "step done" : "step" }, el("span", { textContent: what }), boxes,
      el("label", { className: "progress" }, doneBox, " done in the back office"));
    li.dataset.step = String(step.number);
    doneBox.addEventListener("change", () => {
      if (doneBox.checked) done.add(step.number);
      else done.delete(step.number);
      li.classList.toggle("done", doneBox.checked);
      localStorage.setItem(progressKey, JSON.stringify([...done]));
      showProgress();
    });
    return li;
  }
}

/** The steps a page at a time (a whole user group is tens of thousands of steps with five boxes
 * each: only one page of them is in the DOM), with previous/next and a step to go to. Calls
 * `show(first, last)` with the 0-based range to draw; returns the controls, whose `shown` is the
 * promise of the first page. */
const STEPS_PER_PAGE = 100;

function stepPager(total, show) {
  const pages = Math.max(1, Math.ceil(total / STEPS_PER_PAGE));
  let page = 0;
  const label = el("span", { id: "plan-page", ariaLive: "polite" });
  const prev = el("button", { type: "button", id: "plan-prev", textContent: "previous steps" });
  const next = el("button", { type: "button", id: "plan-next", textContent: "next steps" });
  const goto = el("input", { type: "number", id: "plan-goto", min: "1", max: String(Math.max(1, total)), size: 7, ariaLabel: "go to step" });
  const go = el("button", { type: "button", id: "plan-goto-run", textContent: "go to step" });
  const turn = (to) => {
    page = Math.min(pages - 1, Math.max(0, to));
    const first = page * STEPS_PER_PAGE;
    const last = Math.min(total, first + STEPS_PER_PAGE);
    label.textContent = total ? `steps ${first + 1}–${last} of ${total}` : "no steps";
    prev.disabled = page === 0;
    next.disabled = page === pages - 1;
    return show(first, last);
  };
  prev.addEventListener("click", () => turn(page - 1));
  next.addEventListener("click", () => turn(page + 1));
  const jump = () => {
    const n = Number(goto.value);
    if (Number.isInteger(n) && n >= 1 && n <= total) turn(Math.floor((n - 1) / STEPS_PER_PAGE));
  };
  go.addEventListener("click", jump);
  goto.addEventListener("keydown", (e) => { if (e.key === "Enter") jump(); });
  const nav = el("nav", { className: "pager", ariaLabel: "pages of steps" }, prev, " ", label, " ", next, " ", goto, " ", go);
  // the first page drawn: awaited by whoever shows the plan
  nav.shown = turn(0);
  return nav;
}

// --- the cutover: a timeline of the pilot and the waves

const DAY = 86400000;

function showCutover(plan) {
  const box = $("cutover-timeline");
  const phases = plan.schedule;
  if (!phases.length) {
    box.replaceChildren(el("p", { textContent: "Nothing to move." }));
    return;
  }
  const first = Date.parse(phases[0].start);
  const last = Math.max(...phases.map((p) => Date.parse(p.soakEnd)));
  const span = Math.max(DAY, last - first + DAY);
  const pilot = plan.pilot;
  const coverage = pilot.combinations ? `${pilot.covered.length} of ${pilot.combinations} vendor/model/firmware combinations` : "no combination to cover";
  const rows = phases.map((p) => {
    const wave = plan.waves.find((w) => w.phase === p.phase);
    const left = ((Date.parse(p.start) - first) / span) * 100;
    const width = Math.max(1.5, ((Date.parse(p.soakEnd) - Date.parse(p.start) + DAY) / span) * 100);
    const detail = p.phase === 1 ? coverage : `${wave?.group ?? ""}${wave?.overLimit ? " · over the limit" : ""}`;
    const bar = el("div", { className: `bar ${p.phase === 1 ? "pilot" : "wave"}`, title: `${p.start} → ${p.soakEnd}` });
    bar.style.left = `${left}%`;
    bar.style.width = `${width}%`;
    const row = el("li", { className: "phase" },
      el("span", { className: "name", textContent: p.name }),
      el("span", { className: "track" }, bar),
      el("span", { className: "dates", textContent: `${p.chargePoints} charge points · ${p.start} → ${p.soakEnd} · ${detail}` }));
    row.dataset.phase = String(p.phase);
    row.dataset.chargePoints = String(p.chargePoints);
    return row;
  });
  const s = plan.summary;
  box.replaceChildren(
    el("p", { id: "cutover-summary", textContent: `${s.chargePoints} charge points in ${s.units} migration units: a pilot of ${s.pilotChargePoints} (${coverage}) and ${s.waves} waves; ${s.errors} errors, ${s.warnings} warnings` }),
    el("ol", { id: "cutover-phases", className: "timeline", ariaLabel: "the phases on a timeline" }, ...rows));
}

async function planCutover() {
  $("cutover-error").textContent = "";
  try {
    const request = {
      startDate: $("cutover-start").value,
      pilot: { maxChargePoints: Number($("cutover-pilot").value) },
      waves: { maxChargePoints: Number($("cutover-wave").value) },
    };
    showCutover(await call("planCutover", { request }));
  } catch (err) {
    $("cutover-error").textContent = `${err.name}: ${err.message}`;
  }
}

async function openCutover(file) {
  $("cutover-error").textContent = "";
  try {
    showCutover(await call("openCutover", { text: await readOne(file) }));
  } catch (err) {
    $("cutover-error").textContent = `${err.name}: ${err.message}`;
  }
}

// --- health: the KPIs of each wave as a chart, one series per wave, the failing ones marked

const KPI_NAMES = { availability: "availability", charging_success: "charging success", authorization_success: "authorization success", reconnects: "reconnects (per charge point and day)" };
let charts = [];

function showHealth({ report }) {
  charts.forEach((c) => c.destroy());
  charts = [];
  const box = $("health-charts");
  box.replaceChildren();
  const failed = report.groups.filter((g) => !g.passed).map((g) => g.group.name);
  $("health-summary").textContent = `${report.summary.groups} groups: ${report.summary.passed} passed, ${report.summary.failed} failed${failed.length ? ` (${failed.join(", ")})` : ""}; ${report.summary.chargePointsSeen} of ${report.summary.chargePoints} charge points seen`;
  const palette = ["#0f6aa3", "#2e9d5b", "#8a5ac2", "#c2871f", "#3bb3b3", "#7a8896", "#d66a8f"];
  // one chart per kind of KPI scale: the rates (share of 100) and the reconnects
  for (const [title, kpis] of [["rates", ["availability", "charging_success", "authorization_success"]], ["reconnects", ["reconnects"]]]) {
    const canvas = el("canvas", { ariaLabel: `health KPIs per wave: ${title}`, role: "img" });
    const figure = el("figure", { className: "chart" }, canvas, el("figcaption", { textContent: title === "rates" ? "Availability, charging success and authorization success (%), each wave against its threshold" : "Reconnects (BootNotifications per charge point and day)" }));
    box.append(figure);
    const datasets = report.groups.map((g, i) => ({
      label: `${g.group.name}${g.passed ? "" : " — FAILED"}`,
      data: kpis.map((k) => {
        const v = g.kpis.find((x) => x.kpi === k)?.value;
        return v ?? null;
      }),
      backgroundColor: g.passed ? palette[i % palette.length] : "#c62828",
      borderColor: g.passed ? palette[i % palette.length] : "#7f0000",
      borderWidth: g.passed ? 0 : 3,
    }));
    const chart = new Chart(canvas, {
      type: "bar",
      data: { labels: kpis.map((k) => KPI_NAMES[k]), datasets },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { position: "bottom" } },
        scales: title === "rates" ? { y: { min: 0, max: 100, title: { display: true, text: "%" } } } : { y: { min: 0 } },
      },
    });
    canvas.dataset.series = String(chart.data.datasets.length);
    canvas.dataset.failed = String(datasets.filter((d) => d.label.endsWith("FAILED")).length);
    charts.push(chart);
  }
}

async function loadHealth(file) {
  $("health-error").textContent = "";
  try {
    showHealth(await call("health", { log: await readOne(file) }));
  } catch (err) {
    $("health-error").textContent = `${err.name}: ${err.message}`;
  }
}

// --- reconciliation of the old and the new back office's exports

async function reconcile() {
  $("reconcile-error").textContent = "";
  const picked = [...$("reconcile-files").files];
  if (!picked.length) {
    $("reconcile-error").textContent = "pick the new back office's export first";
    return;
  }
  try {
    const mappingFile = $("reconcile-mapping").files[0];
    const mappingText = mappingFile ? readOne(mappingFile) : undefined;
    const files = await readAll(picked);
    const { report } = await call("reconcile", { files, mapping: await mappingText });
    const byCode = new Map();
    for (const d of report.findings) {
      const list = byCode.get(d.finding.code);
      if (list) list.push(d);
      else byCode.set(d.finding.code, [d]);
    }
    $("reconcile-output").replaceChildren(
      el("p", { id: "reconcile-verdict", className: report.decommissionBacked ? "valid" : "error", textContent: report.decommissionBacked ? "Every proof passed: the old back office may be switched off." : "Not yet: the old back office must stay on." }),
      el("ul", { id: "reconcile-proofs" }, ...report.evidence.map((p) => el("li", { className: `proof-${p.status}`, textContent: `${p.status}: ${p.proof.replaceAll("_", " ")}, backed by ${p.backedBy}${p.missing ? `; missing: ${p.missing}` : ""}` }))),
      el("table", { id: "reconcile-codes" }, el("caption", { textContent: "Differences by code" }),
        el("thead", {}, el("tr", {}, ...["code", "check", "severity", "count", "first"].map((h) => el("th", { scope: "col", textContent: h })))),
        el("tbody", {}, ...[...byCode].map(([code, list]) => {
          const tr = el("tr", { className: `severity-${list[0].finding.severity}` }, ...[code, list[0].finding.check, list[0].finding.severity, String(list.length), list[0].finding.message].map((t) => el("td", { textContent: t })));
          tr.dataset.code = code;
          return tr;
        }))));
  } catch (err) {
    $("reconcile-error").textContent = `${err.name}: ${err.message}${err.line ? ` (line ${err.line})` : ""}`;
  }
}

async function loadText(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

function wire() {
  $("frame-parse").addEventListener("click", inspect);
  $("explore").addEventListener("submit", explore);
  $("explore-kind").replaceChildren(...KINDS.map((k) => el("option", { value: k, textContent: k.replaceAll("_", " ") })));
  $("plan-run").addEventListener("click", () => {
    let request;
    try {
      request = JSON.parse($("plan-request").value);
    } catch (err) {
      $("plan-output").replaceChildren(el("p", { className: "error", textContent: `not JSON: ${err.message}` }));
      return;
    }
    showPlan(request);
  });
  $("sel-add").addEventListener("click", () => {
    const id = $("sel-id").value.trim();
    if (!id) return;
    const option = $("sel-kind").selectedOptions[0];
    selected.push({ kind: option.value, label: option.textContent.replace(/ \(.*\)$/, ""), id });
    $("sel-id").value = "";
    showSelected();
  });
  $("plan-form").addEventListener("submit", () => showPlan(requestOfForm()));
  $("cutover-form").addEventListener("submit", planCutover);
  $("cutover-file").addEventListener("change", (e) => e.target.files[0] && openCutover(e.target.files[0]));
  $("health-file").addEventListener("change", (e) => e.target.files[0] && loadHealth(e.target.files[0]));
  const healthDrop = $("health-drop");
  healthDrop.addEventListener("dragover", (e) => e.preventDefault());
  healthDrop.addEventListener("drop", (e) => {
    e.preventDefault();
    if (e.dataTransfer.files[0]) loadHealth(e.dataTransfer.files[0]);
  });
  healthDrop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      $("health-file").click();
    }
  });
  $("reconcile-run").addEventListener("click", reconcile);
  for (const id of ["findings-severity", "findings-code"]) $(id).addEventListener("change", showFindings);
  $("findings-text").addEventListener("input", showFindings);
  $("findings-scroll").addEventListener("scroll", () => requestAnimationFrame(drawFindingRows), { passive: true });
  $("load-files").addEventListener("change", (e) => loadFiles(e.target.files));
  $("load-example").addEventListener("click", () => loadExample().catch(loadFailed));
  $("generate").addEventListener("submit", async () => {
    $("status").dataset.fleet = "loading";
    try {
      fleetLoaded(await call("generate", { chargePoints: Number($("generate-count").value), seed: 1, messy: $("generate-messy").checked }));
    } catch (err) {
      $("status").dataset.fleet = "error";
      loadFailed(err);
    }
  });
  const drop = $("drop-zone");
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    loadFiles(e.dataTransfer.files);
  });
  // the drop zone is also a button that opens the file picker (keyboard users)
  drop.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      $("load-files").click();
    }
  });
}

async function main() {
  const status = $("status");
  try {
    wire();
    status.textContent = `ready · chargeshift ${await call("version")}`;
    status.dataset.state = "ready";
    inspect();
    await loadExample();
    $("plan-request").value = await loadText("../../examples/requests/private-site-to-rotterdam.json");
    await showPlan(JSON.parse($("plan-request").value));
    status.dataset.plan = "shown";
  } catch (err) {
    status.textContent = `failed to load: ${err.message ?? err}`;
    status.dataset.state = "error";
  }
}

main();
