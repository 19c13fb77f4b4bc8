// The cutover in node: migration units, the pilot, the waves, the schedule and the routing table.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const fleet = cs.Fleet.fromJson(readFileSync(new URL("../../../examples/fleet/fleet.json", import.meta.url), "utf8"));
const request = JSON.parse(readFileSync(new URL("../../../examples/cutover/request.json", import.meta.url), "utf8"));

test("the example cutover: a pilot within its limit, waves within theirs, every charge point routed", () => {
  const plan = cs.planCutover(fleet, request);
  const points = fleet.countByKind().charge_point;
  assert.equal(plan.summary.chargePoints, points);
  assert.ok(plan.summary.pilotChargePoints > 0 && plan.summary.pilotChargePoints <= 8, String(plan.summary.pilotChargePoints));
  assert.equal(plan.waves.length, plan.summary.waves);
  assert.ok(plan.waves.length >= 1);
  // the pilot and the waves together move every charge point, each once
  const moved = plan.schedule.reduce((n, s) => n + s.chargePoints, 0);
  assert.equal(moved, points);
  assert.deepEqual(plan.schedule.map((s) => s.phase), plan.schedule.map((_, i) => i + 1));
  assert.equal(plan.schedule[0].name, "pilot");
  assert.equal(plan.schedule[0].start, "2026-03-02");
});

test("the same fleet and request give the same plan; camelCase and snake_case requests agree", () => {
  const camel = {
    startDate: "2026-03-02",
    backOffices: { old: "legacy", new: "chargeshift-csms" },
    pilot: { maxChargePoints: 8, maxShare: null, criticalValues: ["high"] },
    waves: { maxChargePoints: 20, groupBy: "vendor", signOffOwner: "NOC shift lead", spacingDays: 7, soakDays: 7 },
  };
  const { ocpp: _ocpp, ...snake } = request;
  assert.deepEqual(cs.planCutover(fleet, camel), cs.planCutover(fleet, snake));
  assert.deepEqual(cs.planCutover(fleet, camel), cs.planCutover(fleet, camel));
});

test("a bad cutover request says what is wrong", () => {
  assert.throws(() => cs.planCutover(fleet, {}), (e) => e instanceof cs.CutoverError && /start_date/.test(e.message));
  assert.throws(() => cs.planCutover(fleet, { startDate: "2026-03-02", wave: {} }), (e) => e instanceof cs.CutoverError && /unknown field `wave`/.test(e.message));
  assert.throws(() => cs.planCutover(fleet, "2026-03-02"), cs.CutoverError);
  assert.throws(() => cs.planCutover({}, { startDate: "2026-03-02" }), Error);
});
