//! `health::analysis::analyse`, the run the bindings make, gives the report `chargeshift health`
//! prints, with and without a cutover plan, on the example log.
#![cfg(feature = "cli")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::PathBuf;
use std::process::Command;

use chargeshift_planner::cutover::CutoverPlan;
use chargeshift_planner::health::analysis::{HealthOptions, analyse, charge_point_rows, day_rows};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/health")
        .join(name)
}

fn cli_json(extra: &[&str]) -> serde_json::Value {
    let fleet = example("fleet.json");
    let log = example("log.jsonl");
    let mut args = vec![
        "health",
        "--fleet",
        fleet.to_str().unwrap(),
        "--log",
        log.to_str().unwrap(),
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_chargeshift"))
        .args(&args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    })
}

fn fleet() -> chargeshift_graph::Fleet {
    chargeshift_graph::document::read_json_file(&example("fleet.json"), Default::default())
        .unwrap()
        .fleet
}

#[test]
fn analyse_gives_the_cli_report_with_a_plan() {
    let plan: CutoverPlan =
        serde_json::from_str(&std::fs::read_to_string(example("cutover.json")).unwrap()).unwrap();
    let log = std::fs::File::open(example("log.jsonl")).unwrap();
    let a = analyse(
        &fleet(),
        Some(&plan),
        std::io::BufReader::new(log),
        &HealthOptions::default(),
    )
    .unwrap();
    let cutover = example("cutover.json");
    let cli = cli_json(&["--cutover", cutover.to_str().unwrap()]);
    assert_eq!(serde_json::to_value(&a.report).unwrap(), cli);
    assert_eq!(a.report.summary.failed, 1);
    // the tables add up to the aggregates
    let frames: u64 = charge_point_rows(&a).iter().map(|r| r.totals.frames).sum();
    let by_day: u64 = day_rows(&a).iter().map(|r| r.totals.frames).sum();
    assert_eq!(frames, by_day);
    assert!(frames > 0);
}

#[test]
fn analyse_gives_the_cli_report_by_segment() {
    let log = std::fs::File::open(example("log.jsonl")).unwrap();
    let mut options = HealthOptions::default();
    options.segment = "model".to_owned();
    let a = analyse(&fleet(), None, std::io::BufReader::new(log), &options).unwrap();
    assert_eq!(
        serde_json::to_value(&a.report).unwrap(),
        cli_json(&["--segment", "model"])
    );
}
