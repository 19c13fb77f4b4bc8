# Shared settings of the scripts (sourced, not run).
# shellcheck shell=bash
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
export CHARGESHIFT_CACHE=${CHARGESHIFT_CACHE:-$HOME/.cache/chargeshift}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export VENV=${VENV:-$ROOT/.venv}
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
export PATH="$CHARGESHIFT_CACHE/wasm-bindgen-$WB_VERSION/bin:$PATH"
if [ -z "${CHROMIUM:-}" ]; then
    if [ -x /usr/lib/chromium/chromium ]; then CHROMIUM=/usr/lib/chromium/chromium; else CHROMIUM=/usr/bin/chromium; fi
fi
export CHROMIUM
