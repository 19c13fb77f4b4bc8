// One casing in JavaScript: every field name of every object the package returns is camelCase.
// The keys of maps are data and stay as they are: asset kinds in counts, file names in CSV bundles,
// vendor names in a cutover's `versionByVendor`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const example = readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8");
const CAMEL = /^[a-z][a-zA-Z0-9]*$/;

/** The field names of `value` that are not camelCase, with their paths; `maps` names map fields. */
function offenders(value, maps = new Set(), path = "$", out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => offenders(v, maps, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (!CAMEL.test(k)) out.push(`${path}.${k}`);
      if (maps.has(k) && v && typeof v === "object" && !Array.isArray(v)) {
        for (const [mk, mv] of Object.entries(v)) offenders(mv, maps, `${path}.${k}[${JSON.stringify(mk)}]`, out);
      } else offenders(v, maps, `${path}.${k}`, out);
    }
  }
  return out;
}

test("the plan: summary, steps, findings and the whole document", () => {
  const fleet = cs.Fleet.fromJson(example);
  for (const request of [
    { target: "acme-utrecht", selectors: [{ customer: "C-1" }] },
    { target: "partner", selectors: [{ customer: "C-1" }] },
    { target: "acme-utrecht", selectors: [{ userGroup: "acme-homes" }], policy: { allowProviderChange: true } },
  ]) {
    const plan = cs.plan(fleet, request);
    const whole = plan.toObject();
    assert.deepEqual(offenders(whole), [], JSON.stringify(request));
    assert.deepEqual(offenders(plan.summary), []);
    assert.deepEqual(offenders(plan.steps), []);
    assert.deepEqual(offenders(plan.findings), []);
    assert.ok("toMove" in plan.summary && "splitLinksAtEnd" in plan.summary, Object.keys(plan.summary).join());
    assert.equal(typeof whole.simulation.preservation.preserved, "boolean");
  }
});

test("the fleet, frames and conversations", () => {
  const fleet = cs.Fleet.generate(40, { seed: 8, messy: true });
  assert.deepEqual(offenders(fleet.findings), []);
  assert.deepEqual(offenders(fleet.validate()), []);
  const start = fleet.components({ links: ["charge_point_location"] })[0][0];
  assert.deepEqual(offenders(fleet.neighbourhood(start.kind, start.id)), []);
  assert.deepEqual(offenders(cs.checkFrame('[2,"1","Heartbeat",{}]')), []);
  assert.deepEqual(offenders(cs.parseFrame('[4,"1","NotImplemented","",{}]')), []);
});

test("the cutover plan, with the vendor names of versionByVendor kept as given", () => {
  const request = JSON.parse(readFileSync(new URL("../../../examples/cutover/request.json", import.meta.url), "utf8"));
  const fleet = cs.Fleet.fromJson(readFileSync(new URL("../../../examples/fleet/fleet.json", import.meta.url), "utf8"));
  const plan = cs.planCutover(fleet, request);
  assert.deepEqual(offenders(plan, new Set(["versionByVendor"])), []);
  assert.deepEqual(plan.request.ocpp.versionByVendor, request.ocpp.version_by_vendor);
});
