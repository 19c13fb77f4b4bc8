#!/usr/bin/env bash
# Builds the npm package (scripts/build-wasm.sh; WASM_PROFILE=dev for a fast unoptimised build) and
# serves the dashboard (bindings-wasm/www/) on http://127.0.0.1:${PORT:-8080}/bindings-wasm/www/index.html.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build-wasm.sh
exec node bindings-wasm/www/serve.mjs
