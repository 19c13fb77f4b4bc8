// Every numeric argument is checked: a negative, fractional or non-finite number is a RangeError
// naming it, never a trap inside wasm and never a silent coercion.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const example = readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8");

test("Fleet.generate: a count that is no count is a RangeError, not `unreachable`", () => {
  for (const [n, got] of [[-1, "-1"], [NaN, "NaN"], [1.5, "1.5"], [Infinity, "Infinity"], [-Infinity, "-Infinity"], [1e12, "1000000000000"]]) {
    assert.throws(
      () => cs.Fleet.generate(n),
      (e) => e instanceof RangeError && e.message === `chargePoints must be an integer from 0 to 2000000, got ${got}`,
      String(n),
    );
  }
  for (const [n, got] of [["5", "string"], [null, "null"], [undefined, "undefined"], [5n, "bigint"], [{}, "object"]]) {
    assert.throws(() => cs.Fleet.generate(n), (e) => e instanceof TypeError && e.message === `chargePoints must be a number, got ${got}`, got);
  }
  assert.equal(cs.Fleet.generate(0).countByKind().charge_point ?? 0, 0);
  assert.equal(cs.Fleet.generate(7, { seed: 1 }).countByKind().charge_point, 7);
});

test("numbers in options: out of range or not finite is a RangeError naming the field", () => {
  const fleet = cs.Fleet.fromJson(example);
  assert.throws(() => cs.Fleet.generate(5, { seed: -1 }), (e) => e instanceof RangeError && /^bad options: seed: /.test(e.message), "seed -1");
  assert.throws(() => cs.Fleet.generate(5, { seed: 0.5 }), (e) => e instanceof RangeError && /seed/.test(e.message));
  assert.throws(() => cs.Fleet.generate(5, { subProviders: NaN }), (e) => e instanceof RangeError && e.message === "subProviders must be a finite number, got NaN");
  assert.throws(() => fleet.neighbourhood("customer", "C-1", { depth: -2 }), (e) => e instanceof RangeError && /depth/.test(e.message));
  assert.throws(() => fleet.neighbourhood("customer", "C-1", { depth: Infinity }), (e) => e instanceof RangeError && /^depth must be a finite number/.test(e.message));
  assert.throws(() => new cs.Conversation({ maxPending: 1.5 }), (e) => e instanceof RangeError && /maxPending/.test(e.message));
  assert.throws(() => new cs.Conversation({ maxPending: -1 }), RangeError);
  assert.equal(new cs.Conversation({ maxPending: 3 }).size, 0);
});

test("numbers in requests: NaN is a RangeError naming where, not a silent null", () => {
  const fleet = cs.Fleet.fromJson(example);
  assert.throws(
    () => cs.plan(fleet, { target: "acme-utrecht", selectors: [{ customer: "C-1" }], policy: { maxSteps: NaN } }),
    (e) => e instanceof RangeError && e.message === "request.policy.maxSteps must be a finite number, got NaN",
  );
  const small = cs.Fleet.generate(40, { seed: 4 });
  assert.throws(
    () => cs.planCutover(small, { startDate: "2026-03-02", waves: { maxChargePoints: -3 } }),
    (e) => e instanceof RangeError && /waves\.max_charge_points/.test(e.message),
  );
  assert.throws(() => cs.planCutover(small, { startDate: "2026-03-02", pilot: { maxShare: NaN } }), (e) => e instanceof RangeError && /request\.pilot\.maxShare/.test(e.message));
});
