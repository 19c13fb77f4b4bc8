// A property test: random values thrown at every export of the package. Whatever it is given, a
// call returns or throws a TypeError, a RangeError or a ChargeshiftError: never a WebAssembly trap
// (`RuntimeError: unreachable`), never anything else; and the module keeps working afterwards.
// The seed is printed with every failure; PROPERTY_SEED=n replays one, PROPERTY_RUNS=n runs more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const cs = require("../../pkg");
const example = readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8");
const SEED = Number(process.env.PROPERTY_SEED ?? 20261202);
const RUNS = Number(process.env.PROPERTY_RUNS ?? 4000);

// mulberry32: a small seeded generator, so that a failure can be replayed
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fleet = cs.Fleet.fromJson(example);
const plan = cs.plan(fleet, { target: "acme-utrecht", selectors: [{ customer: "C-1" }] });
const NUMBERS = [-1, 0, -0, 1, 2, 3, 17, 1.5, -2.5, NaN, Infinity, -Infinity, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e300, -1e-300, Number.MAX_SAFE_INTEGER];
const STRINGS = [
  "", "x", "charge_point", "customer", "user_group", "location", "C-1", "acme-utrecht", "acme-homes", "1.6", "2.0.1", "2.1",
  "csms", "chargePoint", "dot", "mermaid", "{}", "[]", "null", example.slice(0, 200), '[2,"1","Heartbeat",{}]', '[3,"1",{}]',
  '[4,"1","NotImplemented","",{}]', '[2,"1","BootNotification",{"chargePointVendor":"V"}]', "\u0000", "é", "😀", "a".repeat(300),
];
const KEYS = [
  "strict", "seed", "subProviders", "messy", "depth", "links", "subtree", "format", "version", "sender", "lenient", "action",
  "maxPending", "defaultVersion", "locations", "tokens", "userGroup", "target", "selectors", "policy", "assets", "customer",
  "startDate", "pilot", "waves", "maxChargePoints", "groupBy", "customers.csv", "kind", "id", "__proto__", "constructor",
];

function value(rnd, depth = 0) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  switch (Math.floor(rnd() * (depth > 2 ? 8 : 11))) {
    case 0: return undefined;
    case 1: return null;
    case 2: return rnd() < 0.5;
    case 3: case 4: return pick(NUMBERS);
    case 5: case 6: return pick(STRINGS);
    case 7: return pick([1n, -1n, Symbol("s"), () => 1, fleet, plan, new Date(0), new Map(), new Uint8Array(2)]);
    case 8: return Array.from({ length: Math.floor(rnd() * 4) }, () => value(rnd, depth + 1));
    default: {
      const o = {};
      for (let i = Math.floor(rnd() * 4); i > 0; i--) o[pick(KEYS)] = value(rnd, depth + 1);
      return o;
    }
  }
}

const WASM_CLASSES = new Set(["Fleet", "Plan", "Conversation", "HealthAnalysis", "Reconciliation", "FrameColumns"]);

/** Every export, as a call of up to three arguments: the functions, the static methods of the
 * classes, and every method and getter of an instance of each class. */
function calls() {
  const log = readFileSync(new URL("../../../examples/health/log.jsonl", import.meta.url), "utf8").split("\n").slice(0, 200).join("\n");
  const instances = {
    Fleet: fleet,
    Plan: plan,
    Conversation: new cs.Conversation({ defaultVersion: "1.6" }),
    HealthAnalysis: cs.health(fleet, log),
    Reconciliation: cs.reconcile(fleet, fleet),
    FrameColumns: cs.checkFrameColumns(log, { version: "1.6" }),
  };
  const out = [];
  for (const [name, value] of Object.entries(cs)) {
    if (typeof value !== "function" || name === "default" || value.prototype instanceof Error || value === cs.ChargeshiftError) continue;
    if (!WASM_CLASSES.has(name)) {
      out.push([name, (...a) => value(...a)]);
      continue;
    }
    if (name === "Conversation") out.push(["new Conversation", (...a) => new cs.Conversation(...a)]);
    for (const m of Object.getOwnPropertyNames(value)) {
      if (["length", "name", "prototype"].includes(m) || m.startsWith("__")) continue;
      if (typeof value[m] === "function") out.push([`${name}.${m}`, (...a) => value[m](...a)]);
    }
    const target = instances[name];
    for (const m of Object.getOwnPropertyNames(value.prototype)) {
      if (m === "constructor" || m === "free" || m.startsWith("__")) continue;
      const d = Object.getOwnPropertyDescriptor(value.prototype, m);
      if (typeof d.value === "function") out.push([`${name}.${m}`, (...a) => target[m](...a)]);
      else if (d.get) out.push([`${name}.${m} (get)`, () => target[m]]);
    }
  }
  for (const name of WASM_CLASSES) assert.ok(name in cs, `${name} is exported`);
  return out;
}

test("random values at every export: no trap, only the package's errors", () => {
  const rnd = random(SEED);
  const all = calls();
  assert.ok(all.length > 45, `exports found: ${all.map(([n]) => n).join(", ")}`);
  for (const name of ["health", "reconcile", "planCutover", "Fleet.generate", "HealthAnalysis.toCsv", "Reconciliation.report (get)"]) {
    assert.ok(all.some(([n]) => n === name), `${name} among ${all.map(([n]) => n).join(", ")}`);
  }
  const seen = new Set();
  for (let run = 0; run < RUNS; run++) {
    const [name, call] = all[run % all.length];
    const args = Array.from({ length: Math.floor(rnd() * 4) }, () => value(rnd));
    const shown = () => `seed ${SEED}, run ${run}: ${name}(${args.map((a) => describe(a)).join(", ")})`;
    try {
      call(...args);
      seen.add(`${name}: ok`);
    } catch (e) {
      assert.ok(!(e instanceof WebAssembly.RuntimeError), `${shown()} trapped: ${e}`);
      const known = e instanceof TypeError || e instanceof RangeError || e instanceof cs.ChargeshiftError
        // wasm-bindgen's own check of a class argument (a plain object where a Fleet is due)
        || (e instanceof Error && /^expected instance of \w+$/.test(e.message));
      assert.ok(known, `${shown()} threw ${e?.constructor?.name}: ${e?.message ?? e}`);
      seen.add(`${name}: ${e.constructor.name}`);
    }
  }
  // the module still works
  assert.equal(cs.parseFrame('[2,"a","Heartbeat",{}]').action, "Heartbeat");
  assert.equal(cs.Fleet.fromJson(example).countByKind().customer, fleet.countByKind().customer);
  // and the calls did get through to the crates, not only to the argument checks
  assert.ok([...seen].filter((s) => s.endsWith(": ok")).length >= 15, [...seen].join("; "));
});

function describe(a) {
  if (typeof a === "bigint") return `${a}n`;
  if (typeof a === "symbol" || typeof a === "function") return String(a);
  if (a instanceof cs.Fleet) return "<Fleet>";
  if (a instanceof cs.Plan) return "<Plan>";
  try {
    const s = JSON.stringify(a, (_, v) => (typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v));
    return s === undefined ? String(a) : s.length > 120 ? `${s.slice(0, 120)}…` : s;
  } catch {
    try {
      return String(a);
    } catch {
      return Object.prototype.toString.call(a);
    }
  }
}
