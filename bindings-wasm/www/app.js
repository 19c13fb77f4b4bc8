// The dashboard's page: it only draws. Every call of the chargeshift package runs in the Web Worker
// (worker.js), so that the main thread stays free however large the fleet.
const $ = (id) => document.getElementById(id);
const worker = new Worker(new URL("worker.js", import.meta.url), { type: "module" });
const pending = new Map();
let nextId = 0;

// how many calls are out, for the tests (and a busy cursor)
const busy = () => (document.body.dataset.pending = String(pending.size));

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

/** The findings table, filtered by severity, code and text; the first 500 rows are drawn. */
function showFindings() {
  const severity = $("findings-severity").value;
  const code = $("findings-code").value;
  const text = $("findings-text").value.trim().toLowerCase();
  const shown = findings.filter((f) =>
    (!severity || f.severity === severity) && (!code || f.code === code)
    && (!text || `${f.message} ${f.file ?? ""} ${f.record ?? ""} ${f.field ?? ""}`.toLowerCase().includes(text)));
  const body = document.querySelector("#findings-table tbody");
  body.replaceChildren(...shown.slice(0, 500).map((f) => {
    const where = [f.file, f.line && `line ${f.line}`, f.record, f.field].filter(Boolean).join(", ");
    const tr = el("tr", { className: `severity-${f.severity}` },
      el("td", { textContent: f.severity }), el("td", { textContent: f.code }), el("td", { textContent: f.check }),
      el("td", { textContent: where }), el("td", { textContent: f.message }));
    return tr;
  }));
  $("findings-shown").textContent = shown.length > 500 ? `${shown.length} findings (the first 500 shown)` : `${shown.length} of ${findings.length} findings`;
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
  const files = await Promise.all([...fileList].map(async (f) => ({ name: f.name, text: await f.text() })));
  if (files.length === 0) return;
  $("status").dataset.fleet = "loading";
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

// --- the neighbourhood of an asset

async function explore(event) {
  event?.preventDefault();
  const out = $("explore-output");
  try {
    const near = await call("neighbourhood", { kind: $("explore-kind").value, id: $("explore-id").value.trim(), depth: Number($("explore-depth").value) });
    out.replaceChildren(...near.map((a) => el("li", { textContent: `${"  ".repeat(a.distance)}${a.kind} ${a.id}` })));
  } catch (err) {
    out.replaceChildren(el("li", { className: "error", textContent: err.message }));
  }
}

// --- the plan

async function showPlan() {
  const out = $("plan-output");
  let plan;
  try {
    plan = await call("plan", { request: JSON.parse($("plan-request").value) });
  } catch (err) {
    // the message already names the closest ids ("did you mean ..."): printed once
    out.replaceChildren(el("p", { className: "error", textContent: `${err.name}: ${err.message}` }));
    return;
  }
  const summary = el("table", { className: "summary" });
  for (const [k, v] of Object.entries(plan.summary)) {
    summary.append(el("tr", {}, el("td", { textContent: k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`) }), el("td", { textContent: String(v) })));
  }
  const list = el("ul", { id: "plan-findings" }, ...plan.findings.map((f) =>
    el("li", { className: `severity-${f.severity}`, textContent: `${f.severity} ${f.code} ${f.check}: ${f.message}` })));
  const steps = el("ol", { id: "plan-steps", className: "steps" });
  for (const step of plan.steps) {
    const boxes = el("ul", { className: "boxes" });
    for (const o of step.options) {
      const box = el("input", { type: "checkbox", checked: o.ticked, disabled: true });
      const mark = el("span", { className: "mark", textContent: o.ticked ? "ticked" : "not ticked", ariaHidden: "true" });
      boxes.append(el("li", { className: o.ticked ? "ticked" : "unticked" }, el("label", {}, box, ` ${o.label}`), mark));
    }
    const what = `${step.operation.replaceAll("_", " ")}${step.bulk ? " (bulk)" : ""}: ${step.assets.join(", ")} → ${step.to}`;
    steps.append(el("li", {}, el("span", { textContent: what }), boxes));
  }
  out.replaceChildren(
    el("p", { id: "plan-status", className: `status-${plan.status}`, textContent: `Status: ${plan.status.replaceAll("_", " ")}` }),
    summary, el("h3", { textContent: "Findings" }), list, el("h3", { textContent: "Steps" }), steps);
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
  $("plan-run").addEventListener("click", showPlan);
  for (const id of ["findings-severity", "findings-code"]) $(id).addEventListener("change", showFindings);
  $("findings-text").addEventListener("input", showFindings);
  $("load-files").addEventListener("change", (e) => loadFiles(e.target.files));
  $("load-example").addEventListener("click", () => loadExample().catch(loadFailed));
  $("generate").addEventListener("submit", async () => {
    $("status").dataset.fleet = "loading";
    try {
      fleetLoaded(await call("generate", { chargePoints: Number($("generate-count").value), seed: 1 }));
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
    await showPlan();
    status.dataset.plan = "shown";
  } catch (err) {
    status.textContent = `failed to load: ${err.message ?? err}`;
    status.dataset.state = "error";
  }
}

main();
