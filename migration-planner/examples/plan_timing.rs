//! Times one plan on a generated fleet: `cargo run --release -p chargeshift-planner --example
//! plan_timing -- CHARGE_POINTS USER_GROUP[,USER_GROUP...] TARGET`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "example"
)]

use std::time::Instant;

use chargeshift_planner::plan;
use chargeshift_planner::request::{MigrationRequest, Selector};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(10_000, |s| s.parse().unwrap());
    let groups = args.get(2).cloned().unwrap_or_else(|| "ACME-R0".into());
    let target = args.get(3).cloned().unwrap_or_else(|| "ACME-R1".into());
    let t = Instant::now();
    let fleet = chargeshift_graph::generate::fleet(n);
    println!(
        "generate {n}: {:?}, {} nodes",
        t.elapsed(),
        fleet.node_count()
    );
    for (ix, node) in fleet.nodes_of_kind(chargeshift_graph::NodeKind::UserGroup) {
        println!("  {} {}", node.id(), fleet.assets_of(ix, false).len());
    }
    let mut req = MigrationRequest::to(&target);
    for g in groups.split(',') {
        req = req.select(Selector::UserGroupOnly(g.to_owned()));
    }
    let repeat: usize = std::env::var("REPEAT")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(1);
    for _ in 1..repeat {
        let _ = plan(&fleet, &req).unwrap();
    }
    let t = Instant::now();
    let p = plan(&fleet, &req).unwrap();
    println!(
        "plan: {:?}, {} assets, {} steps, status {:?}, split at end {}",
        t.elapsed(),
        p.assets.len(),
        p.steps.len(),
        p.status,
        p.simulation.split_links_at_end.len()
    );
}
