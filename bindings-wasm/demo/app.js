// The demo dashboard: everything it shows comes from the chargeshift wasm package.
import init, { Fleet, checkFrame, parseFrame, planMigration, version } from "../pkg/web/index.js";

const $ = (id) => document.getElementById(id);

function field(list, name, value) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  list.append(dt, dd);
}

function validate() {
  const out = $("frame-check");
  const text = $("frame-input").value;
  const opts = { version: $("frame-version").value, sender: $("frame-sender").value, lenient: $("frame-lenient").checked };
  try {
    const checked = checkFrame(text, opts);
    const notes = checked.deviations.map((d) => `${d.kind} at ${d.path}`).join("; ");
    out.className = "valid";
    out.textContent = `valid ${checked.action} ${checked.kind} for OCPP ${opts.version}${notes ? ` (accepted: ${notes})` : ""}`;
  } catch (err) {
    out.className = "error";
    // the library says which answer OCPP-J allows: none to a CALLRESULT or CALLERROR
    const answer = err.callError ? `answer ${err.callError}` : "no answer is allowed";
    out.textContent = `${err.errorCode}${err.path ? ` at ${err.path}` : ""}: ${answer}`;
  }
}

function inspect() {
  validate();
  const out = $("frame-output");
  out.replaceChildren();
  try {
    const frame = parseFrame($("frame-input").value);
    const list = document.createElement("dl");
    for (const [name, value] of Object.entries(frame)) field(list, name, value);
    out.append(list);
  } catch (err) {
    const p = document.createElement("p");
    p.className = "error";
    p.textContent = `${err.errorCode ?? "Error"}: ${err.message}`;
    out.append(p);
  }
}

const KINDS = ["customer", "charge_card", "charge_point", "location", "charge_group", "user_group", "tariff", "parameter_set"];

function showFleet(fleet) {
  const body = document.querySelector("#fleet-counts tbody");
  body.replaceChildren();
  const counts = fleet.counts();
  for (const [kind, n] of Object.entries(counts)) {
    const tr = document.createElement("tr");
    tr.innerHTML = "<td></td><td></td>";
    tr.children[0].textContent = kind;
    tr.children[1].textContent = n;
    tr.dataset.kind = kind;
    body.append(tr);
  }
  const findings = fleet.validate();
  $("fleet-findings").textContent = `${fleet.nodeCount} nodes, ${fleet.linkCount} links; ${findings.length} validation findings`;
  const select = $("explore-kind");
  select.replaceChildren(...KINDS.map((k) => Object.assign(document.createElement("option"), { value: k, textContent: k })));
  const explore = (event) => {
    event?.preventDefault();
    const out = $("explore-output");
    out.replaceChildren();
    try {
      const depth = Number($("explore-depth").value);
      for (const a of fleet.neighbourhood(select.value, $("explore-id").value.trim(), { depth })) {
        const li = document.createElement("li");
        li.textContent = `${"  ".repeat(a.distance)}${a.kind} ${a.id}`;
        out.append(li);
      }
    } catch (err) {
      const li = document.createElement("li");
      li.className = "error";
      li.textContent = err.message;
      out.append(li);
    }
  };
  $("explore").addEventListener("submit", explore);
}

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showPlan(fleet) {
  const out = $("plan-output");
  out.replaceChildren();
  let plan;
  try {
    plan = planMigration(fleet, JSON.parse($("plan-request").value));
  } catch (err) {
    // the message already names the closest ids ("did you mean ..."): printed once
    out.append(el("p", { className: "error", textContent: `${err.name}: ${err.message}` }));
    return;
  }
  const status = plan.status;
  out.append(el("p", { id: "plan-status", className: `status-${status}`, textContent: `Status: ${status.replaceAll("_", " ")}` }));
  const summary = el("table", { className: "summary" });
  for (const [k, v] of Object.entries(plan.summary)) {
    summary.append(el("tr", {}, el("td", { textContent: k.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`) }), el("td", { textContent: String(v) })));
  }
  out.append(summary);
  const findings = el("ul", { id: "plan-findings" });
  for (const f of plan.findings) {
    findings.append(el("li", { className: `severity-${f.severity}`, textContent: `${f.severity} ${f.code} ${f.check}: ${f.message}` }));
  }
  out.append(el("h3", { textContent: "Findings" }), findings);
  const steps = el("ol", { id: "plan-steps", className: "steps" });
  for (const step of plan.steps) {
    const boxes = el("ul", { className: "boxes" });
    for (const o of step.options) {
      const box = el("input", { type: "checkbox", checked: o.ticked, disabled: true });
      boxes.append(el("li", {}, el("label", {}, box, ` ${o.label}`)));
    }
    const what = `${step.operation.replaceAll("_", " ")}${step.bulk ? " (bulk)" : ""}: ${step.assets.join(", ")} → ${step.to}`;
    steps.append(el("li", {}, el("span", { textContent: what }), boxes));
  }
  out.append(el("h3", { textContent: "Steps" }), steps);
}

async function loadText(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.text();
}

async function loadFleet() {
  const response = await fetch("../../examples/fleet/fleet.json");
  if (!response.ok) throw new Error(`examples/fleet/fleet.json: HTTP ${response.status}`);
  return Fleet.fromJson(await response.text());
}

async function main() {
  const status = $("status");
  try {
    await init();
    status.textContent = `ready · chargeshift ${version()}`;
    status.dataset.state = "ready";
    $("frame-parse").addEventListener("click", inspect);
    inspect();
    const fleet = await loadFleet();
    showFleet(fleet);
    status.dataset.fleet = "loaded";
    $("plan-request").value = await loadText("../../examples/requests/private-site-to-rotterdam.json");
    $("plan-run").addEventListener("click", () => showPlan(fleet));
    showPlan(fleet);
    status.dataset.plan = "shown";
  } catch (err) {
    status.textContent = `failed to load: ${err}`;
    status.dataset.state = "error";
  }
}

main();
