//! Reconciliation (`chargeshift_planner::reconcile::compare::compare_with`) of a generated fleet
//! with a copy of it with differences planted every 100,000th node
//! (`chargeshift_benches::planted_copy`), for 10k and (under `cargo bench` only) 100k and 1M
//! charge points (about 7M nodes and 14M links each), against the baseline measured in the same
//! run: a plain hash join of the two fleets' (kind, id) node keys
//! (`chargeshift_benches::node_key_join`), the least work that pairs the assets of two exports.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks"
)]

use std::hint::black_box;
use std::time::Duration;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_planner::reconcile::compare::{CompareOptions, IdMap, compare_with};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sizes() -> Vec<(&'static str, usize)> {
    let mut s = vec![("10k", 10_000)];
    if chargeshift_benches::full_run() {
        s.push(("100k", 100_000));
        s.push(("1M", 1_000_000));
    }
    s
}

fn reconcile(c: &mut Criterion) {
    let mut group = c.benchmark_group("reconcile");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let options = CompareOptions {
        kept_per_code: Some(20),
        ..CompareOptions::default()
    };
    for (name, n) in sizes() {
        let old = generate_fleet(&FleetSpec::new(n)).unwrap().fleet;
        let (new, _) = chargeshift_benches::planted_copy(&old, 100_000);
        let pair = (old, new);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline hash join of node keys", name),
            &pair,
            |b, (o, n)| b.iter(|| black_box(chargeshift_benches::node_key_join(o, n))),
        );
        group.bench_with_input(BenchmarkId::new("compare", name), &pair, |b, (o, n)| {
            b.iter(|| black_box(compare_with(o, n, &IdMap::new(), &options)));
        });
    }
    group.finish();
}

criterion_group!(benches, reconcile);
criterion_main!(benches);
