//! The committed JSON Schema of the native document must match the one generated from the types.
//! Regenerate with `UPDATE_SCHEMA=1 cargo test -p chargeshift-graph --test schema`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::Path;

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/fleet.schema.json");
    let generated = chargeshift_graph::document::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "asset-graph/schema/fleet.schema.json is stale: run UPDATE_SCHEMA=1 cargo test -p chargeshift-graph --test schema"
    );
}
