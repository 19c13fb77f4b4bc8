// The demo dashboard: everything it shows comes from the chargeshift wasm package.
import init, { parseFrame, version } from "../pkg/web/chargeshift.js";

const $ = (id) => document.getElementById(id);

function field(list, name, value) {
  const dt = document.createElement("dt");
  dt.textContent = name;
  const dd = document.createElement("dd");
  dd.textContent = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  list.append(dt, dd);
}

function inspect() {
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

async function main() {
  const status = $("status");
  try {
    await init();
    status.textContent = `ready · chargeshift ${version()}`;
    status.dataset.state = "ready";
    $("frame-parse").addEventListener("click", inspect);
    inspect();
  } catch (err) {
    status.textContent = `failed to load: ${err}`;
    status.dataset.state = "error";
  }
}

main();
