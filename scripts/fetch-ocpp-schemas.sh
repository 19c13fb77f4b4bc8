#!/usr/bin/env bash
# Fetches the official OCPP JSON schemas (1.6J, 2.0.1, 2.1) from the PyPI package ocpp==2.1.0 into
# ocpp-types/schemas/{v16,v201,v21}. Idempotent. The schemas are never committed (the 2.1 ones are CC BY-ND).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${CHARGESHIFT_CACHE:-$HOME/.cache/chargeshift}/ocpp-wheel
DEST="$ROOT/ocpp-types/schemas"
WHEEL="$CACHE/ocpp-2.1.0-py3-none-any.whl"
expected() { case $1 in v16) echo 78 ;; v201) echo 128 ;; v21) echo 181 ;; esac; }
complete=1
for v in v16 v201 v21; do
    n=$( (find "$DEST/$v" -name "*.json" 2>/dev/null || true) | wc -l)
    [ "$n" -eq "$(expected $v)" ] || complete=0
done
if [ "$complete" -eq 1 ]; then
    echo "ocpp schemas already present in $DEST"
    exit 0
fi
mkdir -p "$CACHE"
if [ ! -f "$WHEEL" ]; then
    PY=${PYTHON:-python3}
    "$PY" -m pip download --no-deps --only-binary=:all: --dest "$CACHE" "ocpp==2.1.0" >&2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${PYTHON:-python3}" - "$WHEEL" "$tmp" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        parts = name.split("/")
        if len(parts) == 4 and parts[0] == "ocpp" and parts[2] == "schemas" and parts[1] in ("v16", "v201", "v21") and name.endswith(".json"):
            z.extract(name, out)
PY
rm -rf "$DEST"
mkdir -p "$DEST"
for v in v16 v201 v21; do
    mv "$tmp/ocpp/$v/schemas" "$DEST/$v"
    n=$(find "$DEST/$v" -name '*.json' | wc -l)
    if [ "$n" -ne "$(expected $v)" ]; then
        echo "error: $v has $n schema files, expected $(expected $v)" >&2
        exit 1
    fi
done
echo "ocpp schemas fetched into $DEST"
