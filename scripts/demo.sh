#!/usr/bin/env bash
# The main job: plan a realistic migration on the bundled example fleet and print the runbook;
# then plan the cutover of the same fleet to a new back office in a pilot and waves.
#
# The request (examples/requests/private-site-to-rotterdam.json) moves the location LOC0000085
# and two detached cards from ACME-R0 to ACME-R1. It shows the closure pulling the shared private
# charge group CG0000086 and its customers along (a conflict with its three choices), the
# parameter-set copy for CP0000087..89, bulk charge points and the detached-card bulk move.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build -q --release -p chargeshift-planner --features cli
bin="$CARGO_TARGET_DIR/release/chargeshift"
snap="${TMPDIR:-/tmp}/chargeshift-demo-snapshot"
# the demo's own scratch folder: `plan --snapshot` never writes over an earlier snapshot
rm -rf "$snap"
"$bin" plan --fleet examples/fleet/fleet.json \
  --request examples/requests/private-site-to-rotterdam.json \
  --snapshot "$snap" --format markdown
echo
echo "(preparation snapshot written to $snap; JSON: --format json, picture: --format dot)"

# Part two: the back-office cutover of the same fleet (examples/cutover/request.json): migration
# units, a pilot chosen for vendor x model x firmware coverage, waves, routing per phase, and in
# its own scratch folder the plan files, the OCPP frames per phase and the ocpp-2w-proxy configs.
out="${TMPDIR:-/tmp}/chargeshift-demo-cutover"
rm -rf "$out"
echo
"$bin" waves --fleet examples/fleet/fleet.json \
  --request examples/cutover/request.json \
  --ocpp16-url-keys examples/cutover/ocpp16-url-keys.csv \
  --out "$out" --format markdown
echo
echo "(cutover files written to $out: plan.json, waves.md, routing.csv/json, frames-<phase>.jsonl, gateway-<phase>-<back office>.toml)"
