// Health over an OCPP log, and the reconciliation of two back offices' exports, in node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const ex = (p) => new URL(`../../../examples/${p}`, import.meta.url);
const text = (p) => readFileSync(ex(p), "utf8");

test("the example log: the pilot and four waves, wave 1 fails, the others pass", () => {
  const fleet = cs.Fleet.fromJson(text("health/fleet.json"));
  const cutover = JSON.parse(text("health/cutover.json"));
  const health = cs.health(fleet, text("health/log.jsonl"), { cutover });
  const report = health.report;
  const verdicts = Object.fromEntries(report.groups.map((g) => [g.group.name, g.passed]));
  assert.equal(verdicts["wave 1"], false, JSON.stringify(verdicts));
  for (const w of ["wave 2", "wave 3", "wave 4"]) assert.equal(verdicts[w], true, `${w}: ${JSON.stringify(verdicts)}`);
  assert.equal(report.summary.failed, report.groups.filter((g) => !g.passed).length);
  // one verdict per KPI per group, with the KPI's name as the crate spells it
  for (const g of report.groups) assert.deepEqual(g.kpis.map((k) => k.kpi).sort(), ["authorization_success", "availability", "charging_success", "reconnects"]);
  assert.match(health.toMarkdown(), /wave 1/);
  assert.match(health.toCsv(), /^[a-z_]+,/);
  assert.deepEqual(health.badLines, {});
  // the same with the plan as planCutover gives it (camelCase)
  const again = cs.health(fleet, text("health/log.jsonl"), { cutover: camel(cutover) });
  assert.deepEqual(again.report, report);
});

test("health: bad input says what is wrong", () => {
  const fleet = cs.Fleet.fromJson(text("health/fleet.json"));
  assert.throws(() => cs.health(fleet, ""), (e) => e instanceof cs.HealthError && e.message === "the log has no record");
  assert.throws(() => cs.health(fleet, 5), (e) => e instanceof TypeError && e.message === "log must be a string, got number");
  assert.throws(() => cs.health(fleet, text("health/log.jsonl"), { cutover: { waves: 1 } }), (e) => e instanceof cs.HealthError && /^not a cutover plan/.test(e.message));
  assert.throws(() => cs.health(fleet, text("health/log.jsonl"), { evaluationDays: -1 }), RangeError);
  assert.throws(() => cs.health(fleet, text("health/log.jsonl"), { segment: "colour" }), cs.CutoverError);
  const bySegment = cs.health(fleet, text("health/log.jsonl").split("\n").slice(0, 400).join("\n") + "\nnot json\n");
  assert.ok(bySegment.report.groups.length >= 1);
  const bad = Object.values(bySegment.badLines);
  assert.equal(bad.reduce((n, b) => n + b.count, 0), 1);
});

function bundle(dir) {
  return Object.fromEntries(readdirSync(ex(dir)).map((f) => [f, text(`${dir}/${f}`)]));
}

test("the example reconciliation: the missing card and the firmware drift, with the mapping", () => {
  const old = cs.Fleet.fromJson(text("reconcile/old.json"));
  const now = cs.Fleet.fromCsv(bundle("reconcile/new"));
  const r = cs.reconcile(old, now, { mapping: text("reconcile/ids.csv") });
  const codes = r.report.findings.map((f) => f.finding.code).sort();
  assert.deepEqual(codes, ["RC001", "RC016"]);
  assert.equal(r.decommissionBacked, false);
  assert.equal(r.report.mappedIds, 1);
  assert.match(r.toMarkdown(), /RC001/);
  assert.equal(JSON.parse(r.toJson()).mapped_ids, 1);
  // without the mapping the renumbered charge point is missing and extra
  const unmapped = cs.reconcile(old, now).report.findings.map((f) => f.finding.code);
  assert.ok(unmapped.includes("RC002") && unmapped.includes("RC001"), unmapped.join());
});

test("reconcile: a bad mapping row says file, line and field", () => {
  const old = cs.Fleet.fromJson(text("reconcile/old.json"));
  const now = cs.Fleet.fromCsv(bundle("reconcile/new"));
  assert.throws(
    () => cs.reconcile(old, now, { mapping: "kind,old_id,new_id\ncar,X,Y\n" }),
    (e) => e instanceof cs.ReconcileError && e.file === "mapping" && e.line === 2 && e.field === "kind",
  );
  assert.throws(() => cs.reconcile(old, now, { coordinatesM: -1 }), RangeError);
  assert.throws(() => cs.reconcile(old, now, { coordinatesM: NaN }), RangeError);
  assert.throws(() => cs.reconcile(old, now, { mapin: "" }), TypeError);
});

function camel(value) {
  if (Array.isArray(value)) return value.map(camel);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k === "version_by_vendor" ? "versionByVendor" : k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase()), k === "version_by_vendor" ? v : camel(v)]));
  }
  return value;
}
