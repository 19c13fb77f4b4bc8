// The package as `npm pack` gives it: one tarball whose `exports` map serves node (require and
// import), browsers and bundlers, every target file in it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const pkgDir = fileURLToPath(new URL("../../pkg/", import.meta.url));
const manifest = JSON.parse(readFileSync(new URL("package.json", `file://${pkgDir}`), "utf8"));

function targets(node, out = []) {
  if (typeof node === "string") out.push(node);
  else for (const v of Object.values(node)) targets(v, out);
  return out;
}

test("npm pack: one package holding every file the exports map names", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: pkgDir, encoding: "utf8" }));
  assert.equal(packed.name, "chargeshift");
  const files = new Set(packed.files.map((f) => f.path));
  const wanted = targets(manifest.exports).map((t) => t.replace(/^\.\//, ""));
  for (const t of [...wanted, "web/chargeshift_bg.wasm", "web/errors.js", "node/errors.js"]) {
    assert.ok(files.has(t), `${t} not in the tarball: ${[...files].join(", ")}`);
  }
  // the WebAssembly module once: the node half reads the web half's file
  assert.deepEqual([...files].filter((f) => f.endsWith(".wasm")), ["web/chargeshift_bg.wasm"]);
  const wasm = packed.files.find((f) => f.path === "web/chargeshift_bg.wasm").size;
  assert.ok(packed.unpackedSize < wasm * 1.2, `unpacked ${packed.unpackedSize} B for a ${wasm} B module`);
});

test("the exports map: node require and import, browsers and bundlers, each with its types", () => {
  const dot = manifest.exports["."];
  assert.deepEqual(Object.keys(dot), ["node", "browser", "default"]);
  assert.equal(dot.node.require.default, "./node/index.js");
  assert.equal(dot.node.import.default, "./node/index.mjs");
  assert.equal(dot.browser.default, "./web/index.js");
  for (const t of targets(manifest.exports)) assert.ok(existsSync(new URL(t, `file://${pkgDir}`)), t);
  // the web entry is an ES module that re-exports the error classes and wraps init
  const web = readFileSync(new URL("web/index.js", `file://${pkgDir}`), "utf8");
  assert.match(web, /export \* from "\.\/errors\.js"/);
  assert.match(web, /export default async function init/);
});
