#!/usr/bin/env bash
# Builds the npm package `chargeshift` into bindings-wasm/pkg: one wasm build, bound for node
# (CommonJS, with an ES-module entry) and for the web (ES module, also what bundlers take), merged
# into one package with an `exports` map and the error classes of bindings-wasm/js/errors.js.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source "$ROOT/scripts/env.sh"
PROFILE=${WASM_PROFILE:-wasm}
# cargo feature flags of the wasm crate, e.g. WASM_FEATURES="--no-default-features --features ocpp-v201"
# for a package with OCPP 2.0.1 only (BENCHMARKS.md, WASM, Size); empty: every version
read -r -a FEATURES <<< "${WASM_FEATURES:-}"
# WASM_OCPP_OPT=3 builds the OCPP crate (and the serde code instantiated in it) for speed within
# a size-optimised package: about 1.4x faster frame checks, 0.4 MB more gzipped with every version
# in (over the 1.5 MB budget), 1.15 MB without 2.1 (BENCHMARKS.md, "The OCPP batch in node");
# empty: the profile's own level for every crate
CONFIG=()
if [ -n "${WASM_OCPP_OPT:-}" ]; then
    CONFIG=(--config "profile.$PROFILE.package.chargeshift-ocpp.opt-level=$WASM_OCPP_OPT")
fi
cargo build -p chargeshift-wasm --target wasm32-unknown-unknown --profile "$PROFILE" \
    ${CONFIG[@]+"${CONFIG[@]}"} ${FEATURES[@]+"${FEATURES[@]}"}
# cargo writes the dev profile into debug/
DIR=$PROFILE
if [ "$PROFILE" = dev ]; then DIR=debug; fi
WASM="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$DIR/chargeshift_wasm.wasm"
OUT=bindings-wasm/pkg
rm -rf "$OUT"
# a release build leaves out the function names (1.2 MB of the 8 MB) and the producers section,
# which nothing needs at run time; a dev build keeps them for stack traces
STRIP=()
if [ "$PROFILE" != dev ]; then STRIP=(--remove-name-section --remove-producers-section); fi
wasm-bindgen --target nodejs "${STRIP[@]}" --out-dir "$OUT/node" --out-name chargeshift "$WASM"
wasm-bindgen --target web "${STRIP[@]}" --out-dir "$OUT/web" --out-name chargeshift "$WASM"
# one .wasm in the package: both targets write the same bytes, so the node glue reads the web
# half's file (checked: the bytes must be the same, and the glue must name the file exactly once)
cmp -s "$OUT/node/chargeshift_bg.wasm" "$OUT/web/chargeshift_bg.wasm" \
    || { echo "build-wasm.sh: the node and web builds wrote different .wasm files" >&2; exit 1; }
NODE_GLUE="$OUT/node/chargeshift.js"
if [ "$(grep -c '${__dirname}/chargeshift_bg.wasm' "$NODE_GLUE")" != 1 ]; then
    echo "build-wasm.sh: $NODE_GLUE does not name \${__dirname}/chargeshift_bg.wasm once (wasm-bindgen changed its glue?)" >&2
    exit 1
fi
sed -i 's|${__dirname}/chargeshift_bg.wasm|${__dirname}/../web/chargeshift_bg.wasm|' "$NODE_GLUE"
rm "$OUT/node/chargeshift_bg.wasm"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)

# --- the error classes (one source, bindings-wasm/js/errors.js): an ES module for the web half,
# the same classes as CommonJS for node
cp bindings-wasm/js/errors.js bindings-wasm/js/errors.d.ts "$OUT/web/"
cp bindings-wasm/js/errors.d.ts "$OUT/node/"
CLASSES=$(sed -nE 's/^export class ([A-Za-z]+).*/\1/p' bindings-wasm/js/errors.js | paste -sd, - | sed 's/,/, /g')
{
    echo '"use strict";'
    sed -E 's/^export class /class /' bindings-wasm/js/errors.js
    echo "module.exports = { $CLASSES };"
} > "$OUT/node/errors.js"

# --- the entry points: they register the error classes with the wasm module, so that what it
# throws is `instanceof` the exported classes, and export both
cat > "$OUT/web/index.js" <<'JS'
// The chargeshift package for browsers and bundlers: `await init()` once, then use it.
import wasmInit, { initSync as wasmInitSync, __registerErrorClasses } from "./chargeshift.js";
import * as errors from "./errors.js";
export * from "./chargeshift.js";
export * from "./errors.js";
/** Loads the WebAssembly module (from `chargeshift_bg.wasm` beside this file unless given). */
export default async function init(moduleOrPath) {
  const out = await wasmInit(moduleOrPath);
  __registerErrorClasses(errors);
  return out;
}
/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(module) {
  const out = wasmInitSync(module);
  __registerErrorClasses(errors);
  return out;
}
JS
cat > "$OUT/web/index.d.ts" <<'TS'
export * from "./chargeshift.js";
export * from "./errors.js";
export { default, initSync } from "./chargeshift.js";
TS
cat > "$OUT/node/index.js" <<'JS'
"use strict";
// The chargeshift package for node (CommonJS): ready when required.
const wasm = require("./chargeshift.js");
const errors = require("./errors.js");
wasm.__registerErrorClasses(errors);
for (const [name, value] of Object.entries(wasm)) {
  if (!name.startsWith("__")) module.exports[name] = value;
}
Object.assign(module.exports, errors);
/** Nothing to do in node; there so that code written for the browser build runs unchanged. */
module.exports.default = async function init() {};
JS
NAMES=$(cd "$OUT/node" && node -e 'console.log(Object.keys(require("./index.js")).filter((k) => k !== "default").join(", "))')
cat > "$OUT/node/index.mjs" <<JS
// The chargeshift package for node as an ES module: the CommonJS build's exports, by name.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const api = require("./index.js");
export const { $NAMES } = api;
export default api.default;
JS
cat > "$OUT/node/index.d.ts" <<'TS'
export * from "./chargeshift.js";
export * from "./errors.js";
/** Nothing to do in node; there so that code written for the browser build runs unchanged. */
export default function init(): Promise<void>;
TS
cp "$OUT/node/index.d.ts" "$OUT/node/index.d.mts"

cat > "$OUT/package.json" <<JSON
{
  "name": "chargeshift",
  "version": "$VERSION",
  "description": "Safe migrations of EV-charging fleets: OCPP-J messages, the fleet as a graph, migration plans (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "types": "./web/index.d.ts",
  "main": "./node/index.js",
  "module": "./web/index.js",
  "exports": {
    ".": {
      "node": {
        "import": { "types": "./node/index.d.mts", "default": "./node/index.mjs" },
        "require": { "types": "./node/index.d.ts", "default": "./node/index.js" }
      },
      "browser": { "types": "./web/index.d.ts", "default": "./web/index.js" },
      "default": { "types": "./web/index.d.ts", "default": "./web/index.js" }
    },
    "./package.json": "./package.json"
  },
  "files": ["node", "web"]
}
JSON
# node treats .js files as CommonJS unless told otherwise: mark each half
echo '{"type": "commonjs"}' > "$OUT/node/package.json"
echo '{"type": "module"}' > "$OUT/web/package.json"
printf 'built %s (%s KiB wasm)\n' "$OUT" "$(( $(stat -c %s "$OUT/web/chargeshift_bg.wasm") / 1024 ))"
