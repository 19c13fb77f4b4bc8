// The dashboard (bindings-wasm/www/) in headless Chromium: the web build of the wasm package, in a Web
// Worker, through the journeys of an operator; screenshots are kept under $CARGO_TARGET_DIR/screenshots.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
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
  await page.goto(`${server.url}/bindings-wasm/www/index.html`);
  await page.waitForSelector('#status[data-state="ready"], #status[data-state="error"]', { timeout: 20000 });
});

/** Waits until the worker has answered every call and the page has drawn the answers. */
async function settled() {
  await page.waitForFunction(() => document.body.dataset.pending === "0", null, { timeout: 60000 });
}

/** Clicks and waits for the answers. */
async function act(selector) {
  await page.click(selector);
  await settled();
}

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
  await act("#frame-parse");
  const text = await page.textContent("#frame-output");
  assert.match(text, /kind\s*CALL/);
  assert.match(text, /action\s*Heartbeat/);
  assert.match(text, /messageId\s*42/);
});

test("the example fleet is imported and explorable", async () => {
  await page.waitForSelector('#status[data-fleet="loaded"]', { timeout: 20000 });
  const points = await page.textContent('#fleet-counts tr[data-kind="charge_point"] td:last-child');
  assert.ok(Number(points) > 10, `charge points: ${points}`);
  assert.match(await page.textContent("#fleet-findings"), /^\d+ nodes, \d+ links; 0 findings$/);
  const fleetJson = JSON.parse(await (await fetch(`${server.url}/examples/fleet/fleet.json`)).text());
  const cp = fleetJson.charge_points[0].id;
  await page.selectOption("#explore-kind", "charge_point");
  await page.fill("#explore-id", cp);
  await act("#explore button");
  const items = await page.$$eval("#explore-output li", (lis) => lis.map((li) => li.textContent.trim()));
  assert.equal(items[0], `charge_point ${cp}`);
  assert.ok(items.some((t) => t.startsWith("location ")), items.join("; "));
  await page.fill("#explore-id", "NO-SUCH-CP");
  await act("#explore button");
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
  await page.click("#planner details > summary");
  await page.fill("#plan-request", '{"target": "ACME-R", "selectors": [{"location": "LOC0000085"}]}');
  await act("#plan-run");
  assert.match(await page.textContent("#plan-output .error"), /^MigrationRequestError: unknown user group "ACME-R".*ACME-R/);
});

test("the frame inspector validates against the chosen version", async () => {
  await page.fill("#frame-input", '[2,"5","BootNotification",{"chargePointVendor":"V"}]');
  await page.selectOption("#frame-version", "1.6");
  await act("#frame-parse");
  assert.match(await page.textContent("#frame-check"), /^OccurenceConstraintViolation at \$\.chargePointModel: answer \[4,"5"/);
  await page.fill("#frame-input", '[2,"6","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]');
  await act("#frame-parse");
  assert.equal(await page.textContent("#frame-check"), "valid BootNotification CALL for OCPP 1.6");
});

test("the frame inspector shows the OCPP-J error code of a bad frame", async () => {
  await page.fill("#frame-input", '[2,"42","Heartbeat"]');
  await act("#frame-parse");
  const text = await page.textContent("#frame-output .error");
  assert.equal(text, "RpcFrameworkError: a CALL frame has 4 elements, found 3");
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "dashboard.png"), fullPage: true });
});

const examples = join(root, "examples");

test("the frame inspector says a CALLRESULT is never answered", async () => {
  await page.fill("#frame-input", '[3,"zz",{}]');
  await act("#frame-parse");
  assert.equal(await page.textContent("#frame-check"), "ProtocolError: no answer is allowed");
});

test("load: the CSV bundle's files through the file picker", async () => {
  const dir = join(examples, "fleet-small", "csv");
  await page.setInputFiles("#load-files", readdirSync(dir).map((f) => join(dir, f)));
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  const small = JSON.parse(readFileSync(join(examples, "fleet-small", "fleet.json"), "utf8"));
  assert.equal(await page.textContent('#fleet-counts tr[data-kind="customer"] td:last-child'), String(small.customers.length));
});

test("load: OCPI locations and tokens, told apart by their records", async () => {
  const dir = join(examples, "fleet-small", "ocpi");
  await page.setInputFiles("#load-files", [join(dir, "locations.json"), join(dir, "tokens.json")]);
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  assert.ok(Number(await page.textContent('#fleet-counts tr[data-kind="charge_point"] td:last-child')) >= 1);
  assert.ok(Number(await page.textContent('#fleet-counts tr[data-kind="charge_card"] td:last-child')) >= 1);
});

test("load: a messy export by drag and drop, leniently, and its findings filtered", async () => {
  const text = readFileSync(join(examples, "fleet-small", "messy.json"), "utf8");
  const drop = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], "messy.json", { type: "application/json" }));
    return dt;
  }, text);
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: drop });
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  const rows = await page.$$eval("#findings-table tbody tr:not(.spacer)", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.ok(rows.length > 0, "findings shown");
  // every finding says where: file, line or record, field
  assert.ok(rows.every(([, code, , where]) => /^GR\d{3}$/.test(code) && where.length > 0), JSON.stringify(rows));
  const code = rows[0][1];
  await page.selectOption("#findings-code", code);
  const filtered = await page.$$eval("#findings-table tbody tr:not(.spacer) td:nth-child(2)", (tds) => tds.map((td) => td.textContent));
  assert.ok(filtered.length > 0 && filtered.every((c) => c === code), filtered.join());
  await page.fill("#findings-text", "no such text anywhere");
  assert.equal(await page.$$eval("#findings-table tbody tr:not(.spacer)", (trs) => trs.length), 0);
  assert.match(await page.textContent("#findings-shown"), /^0 of \d+ findings$/);
  await page.fill("#findings-text", "");
  await page.selectOption("#findings-code", "");
  // strict: the same export is refused, and the error says where
  await page.check("#load-strict");
  await page.dispatchEvent("#drop-zone", "drop", { dataTransfer: drop });
  await page.waitForSelector('#status[data-fleet="error"]');
  assert.match(await page.textContent("#load-error"), /^FleetImportError: /);
  await page.uncheck("#load-strict");
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, "dashboard-findings.png"), fullPage: true });
});

test("search: an unknown id gets the library's suggestions, each once; the neighbourhood is drawn", async () => {
  await page.click("#load-example");
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  await page.selectOption("#explore-kind", "location");
  await page.fill("#explore-id", "LOC000085");
  await act("#explore button");
  const suggestions = await page.$$eval("#explore-suggestions button", (bs) => bs.map((b) => b.textContent));
  assert.ok(suggestions.includes("LOC0000085"), suggestions.join());
  assert.equal(new Set(suggestions).size, suggestions.length, "each suggestion once");
  // the message itself no longer repeats them
  assert.doesNotMatch(await page.textContent("#explore-output .error"), /did you mean/);
  await page.click(`#explore-suggestions button:text-is("LOC0000085")`);
  await settled();
  const listed = await page.$$eval("#explore-output li", (lis) => lis.length);
  assert.ok(listed >= 2);
  assert.equal(await page.getAttribute("#graph", "data-nodes"), String(listed), "one drawn node per asset of the neighbourhood");
  assert.ok(Number(await page.getAttribute("#graph", "data-edges")) >= listed - 1, "connected: at least a tree");
  assert.ok(await page.$("#graph canvas"), "drawn on a canvas");
  await page.locator("#fleet").screenshot({ path: join(shots, "dashboard-graph.png") });
});

test("plan from the form (no JSON), progress kept across a reload, downloads", async () => {
  await page.selectOption("#sel-kind", "location");
  await page.fill("#sel-id", "LOC0000085");
  await page.click("#sel-add");
  await page.fill("#plan-target", "ACME-R1");
  await act("#plan-form-run");
  assert.match(await page.textContent("#plan-status"), /^Status: ready/);
  assert.match(await page.textContent("#plan-simulation"), /every link is preserved/);
  const steps = await page.$$eval("#plan-steps > li", (lis) => lis.length);
  assert.ok(steps >= 2);
  assert.equal(await page.textContent("#plan-progress"), `0 of ${steps} steps done`);
  // the platform's ticks: a ticked box says so in words as well
  const marks = await page.$$eval("#plan-steps ul.boxes > li", (lis) => lis.map((li) => [li.className, li.querySelector("input").checked, li.querySelector(".mark").textContent]));
  assert.ok(marks.every(([c, on, m]) => (on ? c === "ticked" && m === "ticked" : c === "unticked" && m === "not ticked")), JSON.stringify(marks));
  await page.check('#plan-steps > li[data-step="1"] input.done');
  assert.equal(await page.textContent("#plan-progress"), `1 of ${steps} steps done`);
  // downloads
  for (const [button, name, check] of [
    ["#download-runbook", "runbook.md", (b) => /Change user group/.test(b.toString())],
    ["#download-plan", "plan.json", (b) => JSON.parse(b.toString()).steps.length === steps],
    ["#download-snapshot", "snapshot.zip", (b) => b.subarray(0, 2).toString() === "PK" && /\.csv/.test(b.toString("latin1"))],
  ]) {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    assert.equal(download.suggestedFilename(), name);
    const body = readFileSync(await download.path());
    assert.ok(check(body), `${name}: ${body.subarray(0, 80)}`);
  }
  // the same plan after a reload: step 1 is still done
  await page.reload();
  await page.waitForSelector('#status[data-fleet="loaded"]', { timeout: 20000 });
  await settled();
  await page.selectOption("#sel-kind", "location");
  await page.fill("#sel-id", "LOC0000085");
  await page.click("#sel-add");
  await page.fill("#plan-target", "ACME-R1");
  await act("#plan-form-run");
  assert.equal(await page.isChecked('#plan-steps > li[data-step="1"] input.done'), true);
  assert.equal(await page.textContent("#plan-progress"), `1 of ${steps} steps done`);
  await page.locator("#planner").screenshot({ path: join(shots, "dashboard-plan-form.png") });
});

test("the cutover on a timeline: the pilot and the waves, their sizes and the pilot's coverage", async () => {
  await page.click("#load-example");
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  await act("#cutover-run");
  const phases = await page.$$eval("#cutover-phases li", (lis) => lis.map((li) => [li.dataset.phase, Number(li.dataset.chargePoints), li.querySelector(".name").textContent]));
  assert.ok(phases.length >= 2, JSON.stringify(phases));
  assert.deepEqual(phases.map(([p]) => p), phases.map((_, i) => String(i + 1)));
  assert.equal(phases[0][2], "pilot");
  assert.ok(phases[0][1] <= 8, "the pilot within its limit");
  const total = Number(await page.textContent('#fleet-counts tr[data-kind="charge_point"] td:last-child'));
  assert.equal(phases.reduce((n, [, c]) => n + c, 0), total, "every charge point moves once");
  assert.match(await page.textContent("#cutover-summary"), /combinations/);
  await page.locator("#cutover").screenshot({ path: join(shots, "dashboard-cutover.png") });
});

test("health: an OCPP log dropped on the cutover gives one chart series per wave, the failing wave marked", async () => {
  await page.setInputFiles("#load-files", join(examples, "health", "fleet.json"));
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  await page.setInputFiles("#cutover-file", join(examples, "health", "cutover.json"));
  await settled();
  const plan = JSON.parse(readFileSync(join(examples, "health", "cutover.json"), "utf8"));
  assert.equal(await page.$$eval("#cutover-phases li", (lis) => lis.length), plan.schedule.length);
  await page.setInputFiles("#health-file", join(examples, "health", "log.jsonl"));
  await settled();
  await page.waitForSelector("#health-charts canvas");
  // a phase that moves no charge point (here the pilot) has no health to measure
  const groups = plan.schedule.filter((p) => p.charge_points > 0).length;
  const charts = await page.$$eval("#health-charts canvas", (cs) => cs.map((c) => [Number(c.dataset.series), Number(c.dataset.failed)]));
  assert.equal(charts.length, 2);
  for (const [series, failed] of charts) {
    assert.equal(series, groups, "one series per wave");
    assert.equal(failed, 1, "the failing wave marked");
  }
  assert.match(await page.textContent("#health-summary"), /1 failed \(wave 1\)/);
  await page.locator("#cutover").screenshot({ path: join(shots, "dashboard-health.png") });
});

test("reconcile: the old fleet against the new back office's CSV export and the id mapping", async () => {
  await page.setInputFiles("#load-files", join(examples, "reconcile", "old.json"));
  await page.waitForSelector('#status[data-fleet="loaded"]');
  await settled();
  const dir = join(examples, "reconcile", "new");
  await page.setInputFiles("#reconcile-files", readdirSync(dir).map((f) => join(dir, f)));
  await page.setInputFiles("#reconcile-mapping", join(examples, "reconcile", "ids.csv"));
  await act("#reconcile-run");
  const codes = await page.$$eval("#reconcile-codes tbody tr", (trs) => trs.map((tr) => tr.dataset.code));
  assert.deepEqual(codes.sort(), ["RC001", "RC016"]);
  assert.match(await page.textContent("#reconcile-verdict"), /^Not yet/);
  assert.ok(await page.$$eval("#reconcile-proofs li", (lis) => lis.length) >= 4);
  await page.locator("#reconcile").screenshot({ path: join(shots, "dashboard-reconcile.png") });
});

test("a long findings list is virtualised: only the rows in view are in the page", async () => {
  await page.fill("#generate-count", "20000");
  await page.check("#generate-messy");
  await page.click("#generate-run");
  await page.waitForSelector('#status[data-fleet="loaded"]', { timeout: 120000 });
  await settled();
  const total = Number((await page.textContent("#findings-shown")).match(/of (\d+) findings/)[1]);
  const rendered = await page.$$eval("#findings-table tbody tr:not(.spacer)", (trs) => trs.length);
  assert.ok(total > 150 && rendered < 60, `${rendered} rows in the page for ${total} findings`);
  // scrolled to the end: the last finding is drawn, still only a window of rows
  await page.$eval("#findings-scroll", (s) => (s.scrollTop = s.scrollHeight));
  await page.waitForFunction((n) => document.querySelector(`#findings-table tr[aria-rowindex="${n + 1}"]`), total);
  assert.ok((await page.$$eval("#findings-table tbody tr:not(.spacer)", (trs) => trs.length)) < 60);
  await page.uncheck("#generate-messy");
});

test("a 100k-charge-point fleet is generated and shown with no main-thread task over 100 ms", async () => {
  assert.ok(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes("longtask")), "the Long Tasks API is there");
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: "longtask" });
  });
  await page.fill("#generate-count", "100000");
  await page.click("#generate-run");
  await page.waitForSelector('#status[data-fleet="loaded"]', { timeout: 240000 });
  await settled();
  assert.equal(await page.textContent('#fleet-counts tr[data-kind="charge_point"] td:last-child'), "100000");
  // interact while it is there: the findings filter and a frame
  await page.fill("#findings-text", "x");
  await page.fill("#frame-input", '[2,"1","Heartbeat",{}]');
  await act("#frame-parse");
  const longTasks = await page.evaluate(() => window.__longTasks);
  assert.ok(longTasks.every((d) => d <= 100), `main-thread tasks over 100 ms: ${longTasks.join(", ")}`);
});

test("a whole user group of the 100k fleet is planned: its steps a page at a time, no main-thread task over 100 ms", async () => {
  // the 100k fleet of the test before is loaded; the long-task observer is still watching
  await page.evaluate(() => (window.__longTasks = []));
  while (await page.$("#plan-selected button")) await page.click("#plan-selected button");
  await page.selectOption("#sel-kind", "userGroup");
  await page.fill("#sel-id", "ACME-R0");
  await page.click("#sel-add");
  await page.fill("#plan-target", "ACME-R1");
  await page.click("#plan-form-run");
  await page.waitForFunction(() => document.body.dataset.pending === "0" && document.querySelector("#plan-page"), null, { timeout: 240000 });
  const [, total] = (await page.textContent("#plan-page")).match(/^steps 1–100 of (\d+)$/) ?? [];
  assert.ok(Number(total) > 1000, `a whole user group: ${await page.textContent("#plan-page")}`);
  assert.equal(await page.textContent("#plan-progress"), `0 of ${total} steps done`);
  const numbers = () => page.$$eval("#plan-steps > li", (lis) => lis.map((li) => Number(li.dataset.step)));
  assert.deepEqual(await numbers(), Array.from({ length: 100 }, (_, i) => i + 1), "only the first page in the page");
  assert.equal(await page.isDisabled("#plan-prev"), true);
  await act("#plan-next");
  assert.deepEqual((await numbers()).slice(0, 2), [101, 102]);
  assert.equal(await page.getAttribute("#plan-steps", "start"), "101", "the list numbers the steps as the plan does");
  // the last step, by number; ticked as done, it counts toward the whole plan
  await page.fill("#plan-goto", total);
  await act("#plan-goto-run");
  const last = await numbers();
  assert.equal(last.at(-1), Number(total));
  assert.ok(last.length <= 100);
  assert.equal(await page.isDisabled("#plan-next"), true);
  await page.check(`#plan-steps > li[data-step="${total}"] input.done`);
  assert.equal(await page.textContent("#plan-progress"), `1 of ${total} steps done`);
  await act("#plan-prev");
  assert.equal((await numbers()).length, 100);
  const longTasks = await page.evaluate(() => window.__longTasks);
  assert.ok(longTasks.every((d) => d <= 100), `main-thread tasks over 100 ms: ${longTasks.join(", ")}`);
});

test("the layout at laptop and tablet widths, every control labelled", async () => {
  const unlabelled = await page.$$eval("input, select, textarea", (els) =>
    els.filter((e) => e.type !== "hidden" && !e.labels?.length && !e.getAttribute("aria-label")).map((e) => e.id || e.outerHTML));
  assert.deepEqual(unlabelled, []);
  for (const [name, width, height] of [["laptop", 1366, 900], ["tablet", 820, 1180]]) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => window.scrollTo(0, 0));
    // the charts follow their box on the next frames (a ResizeObserver)
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 5).map((e) => `${e.tagName}#${e.id}.${e.className}`));
    assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the window: ${wide.join(", ")}`);
    await page.screenshot({ path: join(shots, `dashboard-${name}.png`) });
  }
});
