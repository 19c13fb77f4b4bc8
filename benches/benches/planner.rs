//! chargeshift-planner: the whole plan (resolve, closure, checks, steps, simulation and the
//! connection-preservation check) for one customer, for a user group of about 10k assets, and
//! a customer with 40k charge points (a hub), and (under `cargo bench` only) for a move of about 100k assets in a 1M-charge-point fleet; each
//! against a baseline measured in the same run: a plain breadth-first search over the pulling
//! links from the same requested assets (a `Vec<bool>` visited set, no bookkeeping), which visits
//! the same assets the closure visits. The drop of the plan document is left out of the timing
//! (`iter_with_large_drop`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks"
)]

use std::hint::black_box;
use std::time::Duration;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::{Fleet, LinkKind, NodeIndex, NodeKind};
use chargeshift_planner::plan;
use chargeshift_planner::request::{MigrationRequest, Selector, resolve};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use petgraph::visit::NodeIndexable;

const PULL: [LinkKind; 5] = [
    LinkKind::CardCustomer,
    LinkKind::CustomerChargePoint,
    LinkKind::CustomerChargeGroup,
    LinkKind::ChargePointChargeGroup,
    LinkKind::ChargePointLocation,
];

fn fleet(n: usize) -> Fleet {
    generate_fleet(&FleetSpec::new(n)).unwrap().fleet
}

/// The baseline: a plain BFS over the pulling links from the requested assets.
fn plain_bfs(f: &Fleet, start: &[NodeIndex]) -> usize {
    let mut seen = vec![false; f.graph().node_bound()];
    let mut queue: Vec<NodeIndex> = Vec::with_capacity(start.len());
    for &s in start {
        if !seen[s.index()] {
            seen[s.index()] = true;
            queue.push(s);
        }
    }
    let mut head = 0;
    while let Some(&n) = queue.get(head) {
        head += 1;
        for l in f.links_of(n) {
            if PULL.contains(&l.link.kind) {
                let m = l.other(n);
                if !seen[m.index()] {
                    seen[m.index()] = true;
                    queue.push(m);
                }
            }
        }
    }
    queue.len()
}

fn case(c: &mut Criterion, name: &str, f: &Fleet, req: &MigrationRequest, samples: usize) {
    let p = plan(f, req).unwrap();
    assert!(p.simulation.preservation.preserved);
    let start = resolve(f, req).unwrap().requested;
    eprintln!(
        "planner/{name}: {} nodes, {} requested, {} moving, {} steps, status {:?}",
        f.node_count(),
        start.len(),
        p.assets.len(),
        p.steps.len(),
        p.status
    );
    let mut g = c.benchmark_group(format!("planner/{name}"));
    g.sample_size(samples);
    if samples <= 10 {
        g.measurement_time(Duration::from_secs(30));
    }
    g.bench_function(BenchmarkId::new("plan", p.assets.len()), |b| {
        b.iter_with_large_drop(|| plan(black_box(f), black_box(req)).unwrap());
    });
    g.bench_function(BenchmarkId::new("baseline_bfs", p.assets.len()), |b| {
        b.iter(|| black_box(plain_bfs(black_box(f), black_box(&start))));
    });
    g.finish();
}

/// The customer with the most links (a company with a private charge group) in `ug`.
fn busiest_customer(f: &Fleet, ug: &str) -> String {
    let ug = f.find(NodeKind::UserGroup, ug).unwrap();
    f.nodes_of_kind(NodeKind::Customer)
        .filter(|(ix, _)| f.user_group_of(*ix) == Some(ug))
        .max_by_key(|(ix, n)| {
            (
                f.links_of(*ix).count(),
                std::cmp::Reverse(n.id().to_owned()),
            )
        })
        .map(|(_, n)| n.id().to_owned())
        .unwrap()
}

fn planner(c: &mut Criterion) {
    // one customer with everything attached, in a 10k-charge-point fleet
    let f = fleet(10_000);
    let cu = busiest_customer(&f, "ACME-BIZ");
    let req = MigrationRequest::to("ACME-R1").select(Selector::Customer(cu));
    case(c, "one_customer", &f, &req, 50);

    // a user group of about 10k assets
    let f = fleet(4_500);
    let req = MigrationRequest::to("ACME-R1").select(Selector::UserGroupOnly("ACME-R0".into()));
    case(c, "user_group_10k", &f, &req, 20);

    // a hub: one customer with 40k charge points, moved with everything attached
    let f = chargeshift_benches::hub(40_000);
    let req = MigrationRequest::to("UG2").select(Selector::Customer("FLEET-ACCOUNT".into()));
    case(c, "hub_customer_40k", &f, &req, 10);

    if chargeshift_benches::full_run() {
        // about 100k assets (two sub-provider regions and what they pull along) in a
        // 1M-charge-point fleet
        let f = fleet(1_000_000);
        let req = MigrationRequest::to("ACME-SP0-R3")
            .select(Selector::UserGroupOnly("ACME-SP0-R0".into()))
            .select(Selector::UserGroupOnly("ACME-SP0-R1".into()));
        case(c, "move_100k_in_1M", &f, &req, 10);
    }
}

criterion_group!(benches, planner);
criterion_main!(benches);
