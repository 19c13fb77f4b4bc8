#!/usr/bin/env bash
# Builds and briefly runs the ocpp-types frame-decoding fuzz target when nightly and cargo-fuzz are
# present; prints a skip message otherwise. FUZZ_SECONDS (default 60) sets the run time.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    echo "skip: no nightly toolchain, ocpp-types fuzz smoke not run"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "skip: cargo-fuzz not installed (cargo install cargo-fuzz), ocpp-types fuzz smoke not run"
    exit 0
fi
cd "$ROOT/ocpp-types"
# seed the corpus with the hand-written frames
mkdir -p fuzz/corpus/decode_frame
python3 - "$ROOT/ocpp-types/tests/corpus" fuzz/corpus/decode_frame <<'PY' || true
import json, pathlib, sys, hashlib
src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
for f in src.glob("*.json"):
    for case in json.loads(f.read_text()):
        data = case["frame"].encode()
        (dst / hashlib.sha1(data).hexdigest()).write_bytes(data)
PY
cargo +nightly fuzz run decode_frame -- -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=1024
