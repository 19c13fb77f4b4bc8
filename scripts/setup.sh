#!/usr/bin/env bash
# Sets up everything the test suites need on a fresh machine, idempotently (fast when already done):
# the wasm32 target, wasm-bindgen-cli at the exact version in Cargo.lock, a Python venv with maturin
# and pytest, the node packages, and Debian's Chromium. Source of truth for versions: Cargo.lock,
# bindings-py/requirements-dev.txt, bindings-wasm/package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

say() { printf '==> setup: %s\n' "$*"; }

# --- disk: a clean run of the test command takes about 3.5 GB (the debug build 2.3 GB, the fuzz
# builds 0.6 GB, the wasm build, the venv, the node packages); say so early when it will not fit
mkdir -p "$CARGO_TARGET_DIR"
FREE_MB=$(df -Pm "$CARGO_TARGET_DIR" | awk 'NR == 2 { print $4 }')
if [ -n "$FREE_MB" ] && [ "$FREE_MB" -lt 4000 ]; then
    say "warning: only ${FREE_MB} MB free under $CARGO_TARGET_DIR; a clean run needs about 3500 MB"
fi

# --- Rust toolchain (rust-toolchain.toml pins the version and lists the components and target)
say "rust $(rustc --version | cut -d' ' -f2)"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi

# --- wasm-bindgen-cli at the exact version of the wasm-bindgen crate in Cargo.lock
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then
    echo "setup: wasm-bindgen not found in Cargo.lock" >&2
    exit 1
fi
WB_ROOT="$CHARGESHIFT_CACHE/wasm-bindgen-$WB_VERSION"
if [ ! -x "$WB_ROOT/bin/wasm-bindgen" ]; then
    say "installing wasm-bindgen-cli $WB_VERSION into $WB_ROOT (a few minutes, once)"
    # --locked fails for this crate: a dependency version its lock file names is no longer on the
    # registry, so the install resolves current compatible versions
    cargo install wasm-bindgen-cli --version "$WB_VERSION" --root "$WB_ROOT"
fi
say "wasm-bindgen $("$WB_ROOT/bin/wasm-bindgen" --version | cut -d' ' -f2)"

# --- Python virtual environment
if [ ! -x "$VENV/bin/python" ]; then
    say "creating $VENV"
    python3 -m venv "$VENV"
fi
REQ=bindings-py/requirements-dev.txt
STAMP="$VENV/.requirements.sha256"
if [ ! -f "$STAMP" ] || ! sha256sum --status -c "$STAMP" 2>/dev/null; then
    say "installing Python packages from $REQ"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ"
    sha256sum "$REQ" > "$STAMP"
fi

# --- node packages of the wasm package (tests, type checks, browser driver)
if [ ! -d bindings-wasm/node_modules ] || [ bindings-wasm/package-lock.json -nt bindings-wasm/node_modules/.package-lock.json ]; then
    say "installing node packages"
    (cd bindings-wasm && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- Chromium for the browser tests (Debian's; playwright's own download is not reachable)
if [ ! -x "$CHROMIUM" ]; then
    say "installing Debian's chromium"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
# --- cargo-fuzz, when a nightly toolchain is there to run it (the fuzz stage skips otherwise)
if rustup toolchain list | grep -q '^nightly' && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (once)"
    cargo install cargo-fuzz --version 0.13.2
fi

# --- the official OCPP JSON schemas (from the PyPI package ocpp; never committed)
scripts/fetch-ocpp-schemas.sh

say "done"
