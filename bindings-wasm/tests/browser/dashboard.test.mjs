// The demo dashboard in headless Chromium: it loads the web build of the wasm package and uses it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { launch } from "./browser.mjs";
import { serve } from "./serve.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const shots = join(process.env.CARGO_TARGET_DIR || join(root, "target"), "screenshots");

let server;
let browser;
let page;
const pageErrors = [];

before(async () => {
  server = await serve(root);
  browser = await launch();
  page = await browser.newPage();
  page.on("pageerror", (err) => pageErrors.push(err));
  await page.goto(`${server.url}/bindings-wasm/demo/index.html`);
  await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]', { timeout: 20000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("the wasm package loads in the page", async () => {
  const status = await page.textContent("#status");
  assert.match(status, /^ready · chargeshift \d+\.\d+\.\d+/);
  assert.deepEqual(pageErrors, []);
});

test("the frame inspector shows a parsed CALL", async () => {
  await page.fill("#frame-input", '[2,"42","Heartbeat",{}]');
  await page.click("#frame-parse");
  const text = await page.textContent("#frame-output");
  assert.match(text, /kind\s*CALL/);
  assert.match(text, /action\s*Heartbeat/);
  assert.match(text, /messageId\s*42/);
});

test("the example fleet is imported and explorable", async () => {
  await page.waitForSelector('#status[data-fleet="loaded"]', { timeout: 20000 });
  const points = await page.textContent('#fleet-counts tr[data-kind="charge_point"] td:last-child');
  assert.ok(Number(points) > 10, `charge points: ${points}`);
  assert.match(await page.textContent("#fleet-findings"), /nodes, \d+ links; 0 validation findings/);
  const fleetJson = JSON.parse(await (await fetch(`${server.url}/examples/fleet/fleet.json`)).text());
  const cp = fleetJson.charge_points[0].id;
  await page.selectOption("#explore-kind", "charge_point");
  await page.fill("#explore-id", cp);
  await page.click("#explore button");
  const items = await page.$$eval("#explore-output li", (lis) => lis.map((li) => li.textContent.trim()));
  assert.equal(items[0], `charge_point ${cp}`);
  assert.ok(items.some((t) => t.startsWith("location ")), items.join("; "));
  await page.fill("#explore-id", "NO-SUCH-CP");
  await page.click("#explore button");
  assert.match(await page.textContent("#explore-output .error"), /no charge_point with id "NO-SUCH-CP"/);
});

test("the example migration is planned in the page, with every box of every step", async () => {
  await page.waitForSelector('#status[data-plan="shown"]', { timeout: 20000 });
  assert.match(await page.textContent("#plan-status"), /^Status: ready/);
  const steps = await page.$$eval("#plan-steps > li", (lis) => lis.map((li) => li.textContent));
  assert.ok(steps.length >= 3, steps.join(" | "));
  assert.match(steps[0], /move cards \(bulk\)/);
  const customerBoxes = await page.$$eval("#plan-steps > li", (lis) => {
    const li = lis.find((l) => l.textContent.startsWith("move customer"));
    return [...li.querySelectorAll("label")].map((l) => [l.textContent.trim(), l.querySelector("input").checked]);
  });
  assert.deepEqual(Object.fromEntries(customerBoxes)["Also move attached cards"], true);
  assert.deepEqual(Object.fromEntries(customerBoxes)["Detach cards"], false);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "dashboard-plan.png"), fullPage: true });
  // a typo in the target: a clear error with the closest user group
  await page.fill("#plan-request", '{"target": "ACME-R", "selectors": [{"location": "LOC0000085"}]}');
  await page.click("#plan-run");
  assert.match(await page.textContent("#plan-output .error"), /^MigrationRequestError: unknown user group "ACME-R".*ACME-R/);
});

test("the frame inspector validates against the chosen version", async () => {
  await page.fill("#frame-input", '[2,"5","BootNotification",{"chargePointVendor":"V"}]');
  await page.selectOption("#frame-version", "1.6");
  await page.click("#frame-parse");
  assert.match(await page.textContent("#frame-check"), /^OccurenceConstraintViolation at \$\.chargePointModel: answer \[4,"5"/);
  await page.fill("#frame-input", '[2,"6","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  await page.click("#frame-parse");
  assert.equal(await page.textContent("#frame-check"), "valid BootNotification CALL for OCPP 1.6");
});

test("the frame inspector shows the OCPP-J error code of a bad frame", async () => {
  await page.fill("#frame-input", '[2,"42","Heartbeat"]');
  await page.click("#frame-parse");
  const text = await page.textContent("#frame-output .error");
  assert.equal(text, "RpcFrameworkError: a CALL frame has 4 elements, found 3");
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
});
