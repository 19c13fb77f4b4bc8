#!/usr/bin/env bash
# Fetches the OCPP schemas, regenerates ocpp-types' message modules into a temporary folder and fails
# when the committed ocpp-types/src/{v16,v201,v21}/mod.rs differ from what the generator writes.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
"$ROOT/scripts/fetch-ocpp-schemas.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --quiet --manifest-path "$ROOT/Cargo.toml" -p chargeshift-ocpp-codegen -- \
    "$ROOT/ocpp-types/schemas" "$tmp"
status=0
for v in v16 v201 v21; do
    if ! diff -u "$ROOT/ocpp-types/src/$v/mod.rs" "$tmp/$v/mod.rs" >"$tmp/$v.diff"; then
        echo "error: ocpp-types/src/$v/mod.rs is not what the generator writes:" >&2
        head -n 40 "$tmp/$v.diff" >&2
        status=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "regenerate with: cargo run -p chargeshift-ocpp-codegen -- ocpp-types/schemas ocpp-types/src" >&2
    exit 1
fi
echo "ocpp-types generated code is up to date"
