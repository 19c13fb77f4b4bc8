#!/usr/bin/env bash
# Runs every test suite of chargeshift: Rust (fmt, clippy, tests, doctests, benches compiled and run
# once), Python (the package built with maturin, pytest), WASM in node, and the dashboard in headless
# Chromium. Sets up what it needs first (scripts/setup.sh), so it works on a fresh machine.
#
#   scripts/test-all.sh            everything
#   scripts/test-all.sh rust py    only some stages (setup, rust, py, wasm, browser, fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source "$ROOT/scripts/env.sh"
# one full build per run: incremental caches would double the disk the debug build takes
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}

STAGES=("$@")
if [ ${#STAGES[@]} -eq 0 ]; then STAGES=(setup rust py wasm browser fuzz); fi
want() { local s; for s in "${STAGES[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

START=$(date +%s)
TIMES=()
LOG="$CARGO_TARGET_DIR/test-all.log"
mkdir -p "$CARGO_TARGET_DIR"
: > "$LOG"
stage() {
    local name=$1; shift
    local t0; t0=$(date +%s)
    printf '\n=== %s\n' "$name"
    "$@" 2>&1 | tee -a "$LOG"
    TIMES+=("$(printf '%-28s %4ss' "$name" $(( $(date +%s) - t0 )))")
}

rust_stage() {
    cargo fmt --all -- --check
    # the committed OCPP message types are what the generator writes from the official schemas
    scripts/check-ocpp-codegen.sh
    cargo clippy --workspace --all-targets --all-features -- -D warnings
    # every target (libs, bins, integration tests, benches run once each), then the doctests
    cargo test --workspace --all-targets --all-features
    cargo test --workspace --doc --all-features
    # the OCPP versions as cargo features: each alone compiles, a frame of a version left out is an
    # error (the lib's tests with 1.6 only, the smallest), the wasm package builds with one version
    local v
    for v in v16 v201 v21; do
        cargo check -p chargeshift-ocpp --no-default-features --features "$v"
    done
    cargo test -p chargeshift-ocpp --no-default-features --features v16 --lib
    # the planner with 2.0.1 only: its tests that need no other version, and the cutover's finding
    # for a charge point of a version left out
    cargo test -p chargeshift-planner --no-default-features --features ocpp-v201 --lib
    cargo check -p chargeshift-wasm --target wasm32-unknown-unknown --no-default-features --features ocpp-v201
}

py_stage() {
    (
        # the release wheel, as `pip install ./bindings-py` builds it, installed into a clean venv:
        # the tests run against what a user gets, not against the source tree
        source "$VENV/bin/activate"
        local wheels="$CARGO_TARGET_DIR/wheels" clean="$CARGO_TARGET_DIR/py-clean-venv"
        rm -rf "$wheels" "$clean"
        (cd bindings-py && maturin build --release --quiet -o "$wheels")
        python3 -m venv "$clean"
        "$clean/bin/python" -m pip install --quiet --disable-pip-version-check "$wheels"/chargeshift-*.whl
        # the package imports, and works, without pandas, pyarrow or networkx
        (cd / && "$clean/bin/python" -c 'import chargeshift; assert len(chargeshift.Fleet.generate(5)) > 0')
        "$clean/bin/python" -m pip install --quiet --disable-pip-version-check -r bindings-py/requirements-dev.txt
        cd bindings-py
        # the .pyi stubs must match what the native module really exports
        (cd / && "$clean/bin/python" -m mypy.stubtest chargeshift._native)
        # the tests, and the doctests of the installed package (not of python/ in the tree)
        local installed
        installed=$(cd / && "$clean/bin/python" -c 'import chargeshift, os; print(os.path.dirname(chargeshift.__file__))')
        "$clean/bin/python" -m pytest -q -p no:cacheprovider --rootdir=. tests "$installed"
    )
}

wasm_stage() {
    # the plan's and the cutover's TypeScript types are what the committed JSON Schemas give
    scripts/gen-ts-types.sh --check
    WASM_PROFILE=${WASM_PROFILE:-wasm} scripts/build-wasm.sh
    # tsc --strict over the type tests and the README's TypeScript snippets, extracted as written
    (cd bindings-wasm && node tools/readme-snippets.mjs && npx --no-install tsc -p tests/tsconfig.json)
    node --test --test-reporter=spec bindings-wasm/tests/node/
}

browser_stage() {
    node --test --test-reporter=spec bindings-wasm/tests/browser/
}

fuzz_stage() {
    # every fuzz target built with nightly and run briefly (skipped with a message without nightly)
    FUZZ_SECONDS=${FUZZ_SECONDS:-10} FUZZ_SANITIZER=${FUZZ_SANITIZER:-none} \
        FUZZ_PROFILE=${FUZZ_PROFILE:-dev} scripts/fuzz-smoke.sh
}

want setup && stage "setup" scripts/setup.sh
want rust && stage "rust: fmt, clippy, tests" rust_stage
want py && stage "python: maturin + pytest" py_stage
want wasm && stage "wasm: build, types, node" wasm_stage
want browser && stage "browser: dashboard" browser_stage
want fuzz && stage "fuzz: build and run briefly" fuzz_stage

printf '\n=== timings\n'
for t in "${TIMES[@]}"; do printf '%s\n' "$t"; done
printf '%-28s %4ss\n' "total" $(( $(date +%s) - START ))
# one closing line over every runner: cargo ("test result: ok. N passed; M failed"),
# pytest ("N passed"), node ("ℹ pass N" / "ℹ fail N")
awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } }
    /^[0-9]+ passed/ || /^=+ .*passed/ || / passed in / { for (i = 1; i <= NF; i++) { if ($i ~ /^passed,?$/) p += $(i-1); if ($i ~ /^failed,?$/) f += $(i-1) } }
    /^ℹ pass / { p += $3 } /^ℹ fail / { f += $3 }
    END { printf "tests: %d passed, %d failed\n", p, f }
' "$LOG"
