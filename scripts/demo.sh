#!/usr/bin/env bash
# The main job: plan a realistic migration on the bundled example fleet and print the runbook.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "the migration planner has not landed yet: this command will plan a move on examples/fleet" >&2
echo "and print the runbook (see README.md, Status)" >&2
exit 2
