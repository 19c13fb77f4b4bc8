// The error classes of the package: what the wasm module throws is `instanceof` the exported classes,
// each with its structured fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const { ChargeshiftError, UnknownAssetError, FleetImportError, MigrationRequestError, OcppFrameError, CutoverError, ConversationError } = cs;

const example = readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8");
const messy = readFileSync(new URL("../../../examples/fleet-small/messy.json", import.meta.url), "utf8");

test("every class is exported, under ChargeshiftError, itself an Error", () => {
  for (const Class of [UnknownAssetError, FleetImportError, MigrationRequestError, OcppFrameError, CutoverError, ConversationError]) {
    assert.equal(typeof Class, "function", String(Class));
    assert.ok(Class.prototype instanceof ChargeshiftError, Class.name);
    const e = new Class("m");
    assert.equal(e.name, Class.name);
    assert.equal(e.message, "m");
  }
  assert.ok(ChargeshiftError.prototype instanceof Error);
});

test("UnknownAssetError carries kind, id and suggestions", () => {
  const fleet = cs.Fleet.fromJson(example);
  const e = catchIt(() => fleet.neighbourhood("customer", "C-1x"));
  assert.ok(e instanceof UnknownAssetError);
  assert.ok(e instanceof ChargeshiftError);
  assert.equal(e.kind, "customer");
  assert.equal(e.id, "C-1x");
  assert.ok(Array.isArray(e.suggestions) && e.suggestions.includes("C-1"), JSON.stringify(e.suggestions));
});

test("FleetImportError carries line, column and findings with where each problem is", () => {
  const malformed = catchIt(() => cs.Fleet.fromJson('{\n "format": }'));
  assert.ok(malformed instanceof FleetImportError);
  assert.equal(malformed.line, 2);
  assert.equal(typeof malformed.column, "number");
  const rejected = catchIt(() => cs.Fleet.fromJson(messy));
  assert.ok(rejected instanceof FleetImportError && rejected instanceof ChargeshiftError);
  assert.equal(rejected.line, null);
  assert.ok(rejected.findings.length > 0);
  assert.ok(rejected.findings.every((f) => typeof f.code === "string" && typeof f.message === "string"));
});

test("MigrationRequestError carries kind, id and suggestions", () => {
  const fleet = cs.Fleet.fromJson(example);
  const e = catchIt(() => cs.plan(fleet, { target: "acme-utrech", selectors: [{ customer: "C-1" }] }));
  assert.ok(e instanceof MigrationRequestError && e instanceof ChargeshiftError);
  assert.deepEqual([e.kind, e.id, e.suggestions[0]], ["user_group", "acme-utrech", "acme-utrecht"]);
  const malformed = catchIt(() => cs.plan(fleet, { target: "acme-utrecht", selector: [] }));
  assert.ok(malformed instanceof MigrationRequestError);
  assert.equal(malformed.kind, null);
});

test("OcppFrameError carries errorCode, messageId, path and callError", () => {
  const e = catchIt(() => cs.checkFrame('[2,"1","BootNotification",{"chargePointVendor":"V"}]', { version: "1.6" }));
  assert.ok(e instanceof OcppFrameError && e instanceof ChargeshiftError);
  assert.deepEqual([e.errorCode, e.messageId, e.path], ["OccurenceConstraintViolation", "1", "$.chargePointModel"]);
  assert.match(e.callError, /^\[4,"1","OccurenceConstraintViolation"/);
  const answer = catchIt(() => cs.checkFrame('[3,"zz",{}]'));
  assert.ok(answer instanceof OcppFrameError);
  assert.equal(answer.callError, null, "no answer is allowed to a CALLRESULT");
  const parsed = catchIt(() => cs.parseFrame("nope"));
  assert.ok(parsed instanceof OcppFrameError);
  assert.equal(parsed.errorCode, "RpcFrameworkError");
});

test("ConversationError for an identity never opened; CutoverError for a bad cutover request", () => {
  const conv = new cs.Conversation();
  assert.throws(() => conv.decode("CP-x", "csms", '[3,"1",{}]'), (e) => e instanceof ConversationError && /no open connection/.test(e.message));
  const fleet = cs.Fleet.generate(20, { seed: 2 });
  const e = catchIt(() => cs.planCutover(fleet, { startDate: "2026-03-02", waves: { groupBy: "colour" } }));
  assert.ok(e instanceof CutoverError && e instanceof ChargeshiftError, String(e));
  assert.equal(e.key, "colour");
  assert.ok(catchIt(() => cs.planCutover(fleet, { startDate: "2026-13-02" })) instanceof CutoverError);
});

test("the ES-module entry of node exports the same classes as the CommonJS one", async () => {
  const esm = await import("../../pkg/node/index.mjs");
  assert.equal(esm.OcppFrameError, OcppFrameError);
  assert.equal(esm.Fleet, cs.Fleet);
  await esm.default();
  assert.throws(() => esm.parseFrame("nope"), esm.OcppFrameError);
});

function catchIt(call) {
  try {
    call();
  } catch (e) {
    return e;
  }
  assert.fail("expected a throw");
}

test("a Map, a Date or a class instance where a plain object is due is a TypeError, never read as {}", () => {
  const files = cs.Fleet.fromJson(example).toCsv();
  assert.throws(() => cs.Fleet.fromCsv(new Map(Object.entries(files))), (e) => e instanceof TypeError && /got Map$/.test(e.message));
  assert.throws(() => cs.Fleet.generate(5, new Date()), (e) => e instanceof TypeError && /got Date$/.test(e.message));
  const fleet = cs.Fleet.fromJson(example);
  assert.throws(() => cs.plan(fleet, { target: "acme-utrecht", selectors: [new Map([["customer", "C-1"]])] }), (e) => e instanceof TypeError && /^request\.selectors\[0\] must be JSON data/.test(e.message));
  // an object without a prototype is plain
  const bare = Object.assign(Object.create(null), { strict: false });
  assert.ok(cs.Fleet.fromJson(example, bare).countByKind().customer > 0);
  assert.equal(cs.Fleet.fromCsv(files).countByKind().customer, fleet.countByKind().customer);
});
