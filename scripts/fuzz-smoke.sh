#!/usr/bin/env bash
# Builds and briefly runs every fuzz target (ocpp-types: frame decoding; asset-graph: native JSON,
# CSV bundle, OCPI) when a nightly toolchain and cargo-fuzz are present; prints a skip message
# otherwise. FUZZ_SECONDS (default 60) is the run time of each target.
# FUZZ_SANITIZER (default address) is cargo-fuzz's --sanitizer and FUZZ_PROFILE (default release)
# its build profile; the test script's smoke run passes `none` and `dev`: the crates forbid unsafe
# code, and an optimised, instrumented build of the generated OCPP types takes about eight minutes
# for a run of seconds, an unoptimised one under a minute (debug assertions on; about 870 frame
# decodes per second instead of the ASan release build's 2,100). Both fuzz crates share one target directory, so the dependencies they have
# in common are built once.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
SANITIZER=${FUZZ_SANITIZER:-address}
PROFILE=${FUZZ_PROFILE:-release}
BUILD_ARGS=(--sanitizer "$SANITIZER" --target-dir "$ROOT/target/fuzz")
if [ "$PROFILE" = dev ]; then
    BUILD_ARGS+=(--dev)
    # line tables are enough for a panic's backtrace; full debug info would double the disk it takes
    export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-line-tables-only}
fi
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "skip: no nightly toolchain, fuzz smoke not run"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "skip: cargo-fuzz not installed (cargo install cargo-fuzz), fuzz smoke not run"
    exit 0
fi

# Each target reads two corpus folders: its working corpus, fuzz/corpus/<target> (git-ignored:
# what a run finds is kept between runs, never committed), and its committed seeds,
# fuzz/seeds/<target> (small frames from tests/corpus, small import files from examples/), which
# libFuzzer only reads. New inputs go to the first folder, crashes to fuzz/artifacts (git-ignored).
run() {
    local crate=$1 target=$2
    local corpus="$ROOT/$crate/fuzz/corpus/$target" seeds="$ROOT/$crate/fuzz/seeds/$target"
    if [ ! -d "$seeds" ]; then
        echo "fuzz: $crate/$target has no seed folder $seeds" >&2
        exit 1
    fi
    mkdir -p "$corpus"
    echo "==> fuzz $crate/$target for ${SECONDS_TO_RUN}s (sanitizer: $SANITIZER, profile: $PROFILE, seeds: $(ls "$seeds" | wc -l))"
    (cd "$ROOT/$crate" && cargo +nightly fuzz run "${BUILD_ARGS[@]}" "$target" "$corpus" "$seeds" -- \
        -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
        grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)|panicked|ERROR" || true)
    # a crash leaves an artifact: fail loudly with its path
    if compgen -G "$ROOT/$crate/fuzz/artifacts/$target/crash-*" >/dev/null; then
        echo "fuzz: $crate/$target found a crash: $(ls "$ROOT/$crate/fuzz/artifacts/$target"/crash-* | head -1)" >&2
        exit 1
    fi
}
run ocpp-types decode_frame
run asset-graph native_json
run asset-graph csv_bundle
run asset-graph ocpi
