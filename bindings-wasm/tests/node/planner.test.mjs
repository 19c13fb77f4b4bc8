// Migration plans from the wasm package in node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Fleet, planMigration } = require("../../pkg");

const fleet = Fleet.fromJson(readFileSync(new URL("../../../examples/fleet-small/fleet.json", import.meta.url), "utf8"));

test("a customer moves with everything attached, every box as the platform shows it", () => {
  const plan = planMigration(fleet, { target: "acme-utrecht", selectors: [{ customer: "C-1" }] });
  assert.equal(plan.blocked, false);
  const step = plan.steps.find((s) => s.operation === "move_customer");
  const boxes = Object.fromEntries(step.options.map((o) => [o.label, o.ticked]));
  assert.equal(boxes["Also move attached cards"], true);
  assert.equal(boxes["Detach cards"], false);
  assert.equal(plan.summary.splitLinksAtEnd, 0);
  assert.equal(plan.toObject().simulation.preservation.preserved, true);
  assert.match(plan.toMarkdown(), /Change user group/);
  assert.match(plan.toDot(), /^(di)?graph/m);
  assert.ok(Object.keys(plan.snapshot()).length > 0);
  // toJson is the documented file format (snake_case, as the CLI reads it); objects are camelCase
  assert.equal(JSON.parse(plan.toJson()).summary.split_links_at_end, plan.summary.splitLinksAtEnd);
  assert.equal(JSON.parse(plan.toJson()).summary.to_move, plan.summary.toMove);
});

test("a move into a sub-provider is blocked unless allowed", () => {
  const request = { target: "partner", selectors: [{ customer: "C-1" }] };
  const blocked = planMigration(fleet, request);
  assert.equal(blocked.blocked, true);
  assert.equal(blocked.status, "blocked");
  assert.ok(blocked.findings.some((f) => f.severity === "error"));
  const allowed = planMigration(fleet, { ...request, policy: { allowProviderChange: true } });
  assert.equal(allowed.blocked, false);
});

test("unknown ids and malformed requests throw MigrationRequestError", () => {
  assert.throws(
    () => planMigration(fleet, { target: "acme-utrech", selectors: [{ customer: "C-1" }] }),
    (e) => e.name === "MigrationRequestError" && e.kind === "user_group" && e.suggestions[0] === "acme-utrecht",
  );
  assert.throws(
    () => planMigration(fleet, { target: "acme-utrecht", selector: [] }),
    (e) => e.name === "MigrationRequestError" && /unknown field `selector`/.test(e.message),
  );
});

test("plan and isBlocked are the names of Rust and Python; planMigration and blocked stay", () => {
  const { plan } = require("../../pkg");
  const request = { target: "acme-utrecht", selectors: [{ customer: "C-1" }] };
  const p = plan(fleet, request);
  assert.equal(p.isBlocked, p.blocked);
  assert.equal(p.toJson(), planMigration(fleet, request).toJson());
  assert.throws(() => plan(fleet, undefined), (e) => e.name === "MigrationRequestError");
});

test("a request in the crates' snake_case spelling is read too", () => {
  const camel = planMigration(fleet, { target: "partner", selectors: [{ customer: "C-1" }], policy: { allowProviderChange: true } });
  const snake = planMigration(fleet, { target: "partner", selectors: [{ customer: "C-1" }], policy: { allow_provider_change: true } });
  assert.equal(camel.toJson(), snake.toJson());
  assert.equal(camel.isBlocked, false);
});
