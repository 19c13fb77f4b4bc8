#!/usr/bin/env bash
# The main job: plan a realistic migration on the bundled example fleet and print the runbook.
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
