// The Fleet class of the wasm package in node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Fleet } = require("../../pkg");

const example = readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8");
const messy = readFileSync(new URL("../../../examples/fleet-small/messy.json", import.meta.url), "utf8");

test("the small example fleet imports and round-trips", () => {
  const fleet = Fleet.fromJson(example);
  const counts = fleet.counts();
  assert.ok(counts.charge_point > 0 && counts.customer > 0, JSON.stringify(counts));
  assert.equal(fleet.nodeCount, Object.values(counts).reduce((a, b) => a + b, 0));
  const again = Fleet.fromJson(fleet.toJson());
  assert.deepEqual(again.counts(), counts);
  assert.deepEqual(again.linkCounts(), fleet.linkCounts());
  assert.deepEqual(fleet.findings, []);
});

test("queries return plain objects", () => {
  const fleet = Fleet.generate(30, { seed: 5 });
  const [group] = fleet.components({ links: ["charge_point_location"] });
  assert.ok(group.length >= 2);
  const start = group.find((a) => a.kind === "charge_point");
  const near = fleet.neighbourhood(start.kind, start.id, { depth: 1 });
  assert.deepEqual(near[0], { kind: "charge_point", id: start.id, distance: 0 });
  assert.ok(near.some((a) => a.kind === "location" && a.distance === 1));
});

test("strict import throws FleetImportError with findings; lenient lists them", () => {
  assert.throws(
    () => Fleet.fromJson(messy),
    (err) => err.name === "FleetImportError" && Array.isArray(err.findings) && err.findings.length > 0 && typeof err.findings[0].message === "string",
  );
  const fleet = Fleet.fromJson(messy, { strict: false });
  assert.ok(fleet.findings.length > 0);
  for (const f of fleet.findings) assert.equal(typeof f.kind, "string");
});

test("malformed JSON carries line and column", () => {
  assert.throws(
    () => Fleet.fromJson('{\n "format": }'),
    (err) => err.name === "FleetImportError" && err.line === 2 && typeof err.column === "number",
  );
});

test("unknown names and options are clear errors, not crashes", () => {
  const fleet = Fleet.generate(5);
  assert.throws(() => fleet.neighbourhood("customer", "nobody"), (e) => e.name === "UnknownAssetError" && e.id === "nobody");
  assert.throws(() => fleet.neighbourhood("car", "x"), (e) => e.name === "TypeError" && /unknown asset kind/.test(e.message));
  assert.throws(() => fleet.components({ links: ["friendship"] }), /unknown link kind/);
  assert.throws(() => Fleet.generate(5, { sed: 3 }), /bad options/);
});

test("CSV bundle in and out, OCPI in, pictures", () => {
  const fleet = Fleet.fromJson(example);
  const files = fleet.toCsv();
  assert.ok("customers.csv" in files && "card_customer.csv" in files, Object.keys(files).join(","));
  const again = Fleet.fromCsv(files);
  assert.deepEqual(again.linkCounts(), fleet.linkCounts());
  const broken = { ...files, "customers.csv": files["customers.csv"] + "C-X,nowhere,\n" };
  assert.throws(
    () => Fleet.fromCsv(broken),
    (e) => e.name === "FleetImportError" && e.findings.some((f) => f.file === "customers.csv" && typeof f.line === "number"),
  );
  const ocpiDir = new URL("../../../examples/fleet-small/ocpi/", import.meta.url);
  const ocpi = Fleet.fromOcpi({
    locations: readFileSync(new URL("locations.json", ocpiDir), "utf8"),
    tokens: readFileSync(new URL("tokens.json", ocpiDir), "utf8"),
  });
  assert.ok(ocpi.counts().charge_point >= 1);
  assert.match(fleet.draw("customer", "C-1", { depth: 2 }), /^(di)?graph/);
  assert.match(fleet.draw("user_group", "acme-homes", { format: "mermaid" }), /^(graph|flowchart)/m);
  assert.throws(() => fleet.draw("customer", "C-1", { format: "png" }), /unknown picture format/);
});

test("a non-string argument is a TypeError naming it, not a crash inside wasm", () => {
  const fleet = Fleet.generate(10, { seed: 3 });
  const [cp] = fleet.components({ links: ["charge_point_location"] })[0].filter((a) => a.kind === "charge_point");
  for (const [call, message] of [
    [() => Fleet.fromJson(5), "text must be a string, got number"],
    [() => Fleet.fromJson({}, { strict: false }), "text must be a string, got object"],
    [() => fleet.countBySegment(true), "key must be a string, got boolean"],
    [() => fleet.neighbourhood(1, cp.id), "kind must be a string, got number"],
    [() => fleet.neighbourhood("charge_point", null), "id must be a string, got null"],
    [() => fleet.providerOf(7), "userGroup must be a string, got number"],
    [() => fleet.assetsOf(undefined), "userGroup must be a string, got undefined"],
    [() => fleet.draw("charge_point", ["x"]), "id must be a string, got array"],
    [() => fleet.draw({}, cp.id), "kind must be a string, got object"],
  ]) {
    assert.throws(call, (e) => e instanceof TypeError && e.message === message, message);
  }
  assert.equal(fleet.neighbourhood(cp.kind, cp.id)[0].id, cp.id);
  // object arguments were TypeErrors by name only; now they are real ones
  assert.throws(() => Fleet.fromCsv(5), (e) => e instanceof TypeError && /bad options/.test(e.message));
  assert.throws(() => Fleet.fromOcpi("x"), (e) => e instanceof TypeError && /bad options/.test(e.message));
});

test("one name per concept, the old names kept as aliases", () => {
  const fleet = Fleet.generate(30, { seed: 3, messy: true });
  assert.deepEqual(fleet.countByKind(), fleet.counts());
  assert.deepEqual(fleet.countLinksByKind(), fleet.linkCounts());
  const [f] = fleet.findings;
  assert.equal(f.kind, f.check);
  assert.match(f.code, /^GR\d{3}$/);
  assert.ok(["error", "warning", "info"].includes(f.severity));
  assert.throws(
    () => fleet.assetsOf("ACME-R00"),
    (e) => e.name === "UnknownAssetError" && e.kind === "user_group" && Array.isArray(e.suggestions),
  );
});
