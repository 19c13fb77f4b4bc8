// The same plan and the same OCPP frames in node (the wasm package, as built in pkg/) as the native
// criterion benches time them (benches/benches/planner.rs `planner/user_group_10k`, and
// benches/benches/ocpp_frames.rs `ocpp/<frame>/chargeshift decode+validate`), and the ratio.
// `scripts/bench-wasm.sh` runs the criterion benches first, then this, in one run.
//
//   node bench/node-vs-native.mjs [CRITERION_DIR]
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const cs = require("../pkg");
const criterion = process.argv[2] ?? join(process.env.CARGO_TARGET_DIR ?? "../target", "criterion");

/** The median of `samples` timings (ns per call) of `fn`, each over enough calls to take ~`ms`:
 * wall-clock time (what criterion measures), and the process's CPU time beside it (which a loaded
 * machine inflates less). With `release`, what each call returns is kept and given to `release`
 * after the clock stops, as criterion's `iter_with_large_drop` drops outside the timing. */
function time(fn, samples = 15, ms = 200, release = null) {
  const kept = [];
  const run = (calls) => {
    for (let i = 0; i < calls; i++) {
      const out = fn();
      if (release) kept.push(out);
    }
  };
  const drop = () => {
    for (const out of kept) release(out);
    kept.length = 0;
  };
  run(1);
  drop();
  let calls = 1;
  for (;;) {
    const t = process.hrtime.bigint();
    run(calls);
    const took = Number(process.hrtime.bigint() - t) / 1e6;
    drop();
    if (took >= ms / 4 || calls > 1e7) break;
    calls *= 2;
  }
  const wall = [];
  const cpu = [];
  for (let s = 0; s < samples; s++) {
    const c = process.cpuUsage();
    const t = process.hrtime.bigint();
    run(calls);
    wall.push(Number(process.hrtime.bigint() - t) / calls);
    const d = process.cpuUsage(c);
    cpu.push(((d.user + d.system) * 1000) / calls);
    drop();
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu) };
}

/** The median point estimate (ns) criterion wrote for a bench, found by its folder under `group`. */
function native(group, bench) {
  const dir = join(criterion, group, bench);
  if (!existsSync(dir)) return null;
  // a BenchmarkId with a parameter has one more level (e.g. plan/2290)
  const direct = join(dir, "new", "estimates.json");
  const file = existsSync(direct) ? direct : readdirSync(dir).map((d) => join(dir, d, "new", "estimates.json")).find(existsSync);
  return file ? JSON.parse(readFileSync(file, "utf8")).median.point_estimate : null;
}

const rows = [];

// the plan: benches/benches/planner.rs `user_group_10k`: fleet(4_500) (seed 1, one sub-provider),
// everything of ACME-R0 itself to ACME-R1
const fleet = cs.Fleet.generate(4500);
const request = { target: "ACME-R1", selectors: [{ userGroupOnly: "ACME-R0" }] };
const moving = cs.plan(fleet, request);
const assets = moving.toObject().assets.length;
moving.free();
rows.push(["plan user_group_10k (plan + steps + findings as JS objects)", time(() => {
  const p = cs.plan(fleet, request);
  // the JS caller reads the plan: the steps and findings cross the boundary
  void p.steps, p.findings;
  p.free();
}, 9, 400), native("planner_user_group_10k", "plan"), `${assets} assets`]);
// criterion's `plan` bench drops each plan outside its timing (`iter_with_large_drop`): the same
// here, each plan freed after the clock stops; and with the free timed, for the JS caller's cost
rows.push(["plan user_group_10k (plan only, nothing read, freed after the timing as criterion drops it)", time(() => cs.plan(fleet, request), 9, 400, (p) => p.free()), native("planner_user_group_10k", "plan"), ""]);
rows.push(["plan user_group_10k (plan only, nothing read, free timed)", time(() => cs.plan(fleet, request).free(), 9, 400), native("planner_user_group_10k", "plan"), ""]);

// the OCPP frames: benches/src/frames.rs BOOT, METER (1.6, received by the CSMS), TX_EVENT (2.0.1)
const source = readFileSync(new URL("../../benches/src/frames.rs", import.meta.url), "utf8");
const constant = (name) => source.match(new RegExp(`pub const ${name}: &str = r#"(.*)"#;`))[1];
for (const [name, group, options] of [
  ["BOOT", "boot_notification_v16", { version: "1.6", sender: "chargePoint" }],
  ["METER", "meter_values_v16", { version: "1.6", sender: "chargePoint" }],
  ["TX_EVENT", "transaction_event_v201", { version: "2.0.1", sender: "chargePoint" }],
]) {
  const text = constant(name);
  cs.checkFrame(text, options);
  const one = native(`ocpp_${group}`, "chargeshift decode+validate");
  rows.push([`ocpp ${group} checkFrame`, time(() => cs.checkFrame(text, options)), one, `${text.length} bytes`]);
  // the batch: 1,000 of the frame in one checkFrames call, against 1,000 times the native row of
  // the same check (`chargeshift check_row`: decode, validate, the row with the payload as text)
  const batch = Array.from({ length: 1000 }, () => text);
  assert(cs.checkFrames(batch, options).every((r) => r.valid));
  const row = native(`ocpp_${group}`, "chargeshift check_row");
  rows.push([`ocpp ${group} × 1,000, checkFrames of an array`, time(() => cs.checkFrames(batch, options), 9, 400), row == null ? null : row * 1000, `${text.length * 1000} bytes`]);
  const lines = batch.join("\n");
  rows.push([`ocpp ${group} × 1,000, checkFrames of JSON Lines`, time(() => cs.checkFrames(lines, options), 9, 400), row == null ? null : row * 1000, ""]);
  // as native check_row gives it: the payload as JSON text; and from the bytes of a log file
  const bytes = Buffer.from(lines, "utf8");
  const asText = { ...options, payload: "text" };
  assert(cs.checkFrames(bytes, asText).every((r) => r.valid && typeof r.payload === "string"));
  rows.push([`ocpp ${group} × 1,000, checkFrames of JSON Lines, payload as text`, time(() => cs.checkFrames(lines, asText), 9, 400), row == null ? null : row * 1000, ""]);
  rows.push([`ocpp ${group} × 1,000, checkFrames of a log's bytes (Buffer)`, time(() => cs.checkFrames(bytes, options), 9, 400), row == null ? null : row * 1000, ""]);
  rows.push([`ocpp ${group} × 1,000, checkFrames of a log's bytes (Buffer), payload as text`, time(() => cs.checkFrames(bytes, asText), 9, 400), row == null ? null : row * 1000, ""]);
  rows.push([`ocpp ${group} × 1,000, checkFrames of a log's bytes (Buffer), no payload`, time(() => cs.checkFrames(bytes, { ...options, payload: "none" }), 9, 400), row == null ? null : row * 1000, ""]);
  // the rows kept in the module: what is read is the valid column (a count of the invalid frames)
  rows.push([`ocpp ${group} × 1,000, checkFrameColumns of a log's bytes, valid() read`, time(() => {
    const columns = cs.checkFrameColumns(bytes, options);
    columns.valid();
    columns.free();
  }, 9, 400), row == null ? null : row * 1000, ""]);
  rows.push([`ocpp ${group} × 1,000, checkFrameColumns of a log's bytes, no payload, valid() read`, time(() => {
    const columns = cs.checkFrameColumns(bytes, { ...options, payload: "none" });
    columns.valid();
    columns.free();
  }, 9, 400), row == null ? null : row * 1000, ""]);
}

console.log(`node ${process.version}, chargeshift ${cs.version()} wasm; native from ${criterion}`);
console.log("| workload | node (wasm), wall | node, CPU | native (criterion, wall) | node / native (wall) | |");
console.log("|---|---:|---:|---:|---:|---|");
const fmt = (ns) => (ns == null ? "—" : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
for (const [name, js, rs, note] of rows) {
  console.log(`| ${name} | ${fmt(js.wall)} | ${fmt(js.cpu)} | ${fmt(rs)} | ${rs ? `${(js.wall / rs).toFixed(2)}×` : "—"} | ${note} |`);
}
