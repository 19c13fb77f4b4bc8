#!/usr/bin/env bash
# The wasm package's size and speed, for BENCHMARKS.md ("WASM"): the release build, the .wasm raw and
# gzipped, then the same plan and the same OCPP frames natively (criterion, the benches' own groups)
# and in node (bindings-wasm/bench/node-vs-native.mjs), in one run, with the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source "$ROOT/scripts/env.sh"
scripts/build-wasm.sh
WASM=bindings-wasm/pkg/web/chargeshift_bg.wasm
printf 'wasm: %s bytes raw, %s bytes gzipped (-9)\n' "$(stat -c %s "$WASM")" "$(gzip -9c "$WASM" | wc -c)"
cargo bench -p chargeshift-benches --bench planner -- --noplot 'planner/user_group_10k/plan'
cargo bench -p chargeshift-benches --bench ocpp_frames -- --noplot 'chargeshift (decode\+validate|check_row)'
(cd bindings-wasm && node bench/node-vs-native.mjs "$CARGO_TARGET_DIR/criterion")
