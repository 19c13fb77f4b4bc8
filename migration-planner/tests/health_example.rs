//! The example under `examples/health/` is what the simulator makes, and its wave 1 fails.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test"
)]

use std::collections::HashSet;
use std::path::Path;

use chargeshift_planner::cutover::CutoverPlan;
use chargeshift_planner::health::kpi::{KpiOptions, Kpis};
use chargeshift_planner::health::log::LogReader;
use chargeshift_planner::health::report::{ReportOptions, groups_of_plan, report};
use chargeshift_planner::health::simulate::charge_points;

#[allow(dead_code, reason = "the example's main is not run here")]
#[path = "../examples/health_example.rs"]
mod example;

#[test]
fn the_committed_example_is_regenerated_exactly_and_only_wave_1_fails() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/health");
    let files = example::generate();
    for (name, text) in &files {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(
            committed == *text,
            "examples/health/{name} is stale: cargo run -p chargeshift-planner --example health_example"
        );
    }
    let text = |n: &str| &files.iter().find(|(name, _)| *name == n).unwrap().1;
    assert!(text("log.jsonl").len() < 2_000_000);
    let fleet = chargeshift_graph::document::from_json(text("fleet.json")).unwrap();
    let plan: CutoverPlan = serde_json::from_str(text("cutover.json")).unwrap();
    let mut options = KpiOptions::default().with_known_tokens(
        fleet
            .nodes_of_kind(chargeshift_graph::NodeKind::ChargeCard)
            .map(|(_, n)| n.id().to_owned()),
    );
    options.silence_threshold_ms = 4_000_000;
    let cps = charge_points(&fleet, chargeshift_ocpp::OcppVersion::V16);
    let versions: HashSet<_> = cps.iter().map(|c| c.version).collect();
    assert_eq!(versions.len(), 2, "the example mixes 1.6 and 2.0.1");
    for c in &cps {
        options = options.with_version(&c.identity, c.version);
    }
    let mut k = Kpis::new(options).unwrap();
    let mut reader = LogReader::new(text("log.jsonl").as_bytes());
    let mut end = None;
    for r in reader.by_ref() {
        end = Some(r.ts);
        k.push(&r);
    }
    assert!(reader.bad_lines().is_empty());
    let a = k.finish(end.unwrap());
    let mut ro = ReportOptions::default();
    ro.evaluation_days = 2;
    ro.baseline_days = 0;
    let r = report(&a, &groups_of_plan(&plan, &ro), &ro);
    let failed: Vec<&str> = r
        .groups
        .iter()
        .filter(|g| !g.passed)
        .map(|g| g.group.name.as_str())
        .collect();
    assert_eq!(failed, ["wave 1"]);
}
