#!/usr/bin/env bash
# Builds the npm package `chargeshift` into bindings-wasm/pkg: one wasm build, bound for node
# (CommonJS) and for the web (ES module), merged into one package with an `exports` map.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source "$ROOT/scripts/env.sh"
PROFILE=${WASM_PROFILE:-release}
cargo build -p chargeshift-wasm --target wasm32-unknown-unknown --profile "$PROFILE"
# cargo writes the dev profile into debug/
DIR=$PROFILE
if [ "$PROFILE" = dev ]; then DIR=debug; fi
WASM="$CARGO_TARGET_DIR/wasm32-unknown-unknown/$DIR/chargeshift_wasm.wasm"
OUT=bindings-wasm/pkg
rm -rf "$OUT"
wasm-bindgen --target nodejs --out-dir "$OUT/node" --out-name chargeshift "$WASM"
wasm-bindgen --target web --out-dir "$OUT/web" --out-name chargeshift "$WASM"
VERSION=$(awk -F'"' '/^version = /{print $2; exit}' Cargo.toml)
cat > "$OUT/package.json" <<JSON
{
  "name": "chargeshift",
  "version": "$VERSION",
  "description": "Safe migrations of EV-charging fleets: OCPP-J messages, the fleet as a graph, migration plans (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "types": "./web/chargeshift.d.ts",
  "main": "./node/chargeshift.js",
  "exports": {
    ".": {
      "node": { "types": "./node/chargeshift.d.ts", "default": "./node/chargeshift.js" },
      "default": { "types": "./web/chargeshift.d.ts", "default": "./web/chargeshift.js" }
    }
  },
  "files": ["node", "web"]
}
JSON
# node treats .js files as CommonJS unless told otherwise: mark each half
echo '{"type": "commonjs"}' > "$OUT/node/package.json"
echo '{"type": "module"}' > "$OUT/web/package.json"
printf 'built %s (%s KiB wasm)\n' "$OUT" "$(( $(stat -c %s "$OUT/web/chargeshift_bg.wasm") / 1024 ))"
