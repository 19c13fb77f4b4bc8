//! The cutover planner (`chargeshift_planner::cutover`) on generated fleets of 10k and (under
//! `cargo bench` only) 100k and 1M charge points: migration units, the pilot, the waves and the
//! routing table, each against the same baseline measured in the same run: a components pass
//! (`Fleet::components`) over the binding link kinds, the least work that finds the units.
//!
//! Each stage is timed alone on the output of the stages before it (built once outside the
//! timing loop), and `plan` times them all with the findings and the schedule.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks"
)]

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::time::Duration;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::{Fleet, LinkKinds};
use chargeshift_planner::cutover::routing::RoutingTable;
use chargeshift_planner::cutover::units::{DEFAULT_BINDING, units};
use chargeshift_planner::cutover::{CutoverRequest, pilot, plan, waves};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn sizes() -> Vec<(&'static str, usize)> {
    let mut s = vec![("10k", 10_000)];
    if chargeshift_benches::full_run() {
        s.push(("100k", 100_000));
        s.push(("1M", 1_000_000));
    }
    s
}

fn request() -> CutoverRequest {
    let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
    r.pilot.critical_values = vec!["high".into()];
    r.waves.max_charge_points = 5_000;
    r
}

fn cutover(c: &mut Criterion) {
    let mut group = c.benchmark_group("cutover");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    let binding = LinkKinds::of(&DEFAULT_BINDING);
    let req = request();
    for (name, n) in sizes() {
        let f: Fleet = generate_fleet(&FleetSpec::new(n)).unwrap().fleet;
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline components over binding kinds", name),
            &f,
            |b, f| b.iter(|| black_box(f.components(binding))),
        );
        group.bench_with_input(BenchmarkId::new("units", name), &f, |b, f| {
            b.iter(|| black_box(units(f, binding)));
        });
        let u = units(&f, binding);
        group.bench_with_input(BenchmarkId::new("pilot", name), &f, |b, f| {
            b.iter(|| black_box(pilot::pilot(f, &u, &req.pilot).unwrap()));
        });
        let (_, chosen) = pilot::pilot(&f, &u, &req.pilot).unwrap();
        let mut in_pilot = vec![false; u.units.len()];
        for i in chosen {
            in_pilot[i] = true;
        }
        group.bench_with_input(BenchmarkId::new("waves", name), &f, |b, f| {
            b.iter(|| {
                black_box(
                    waves::waves(
                        f,
                        &u,
                        &in_pilot,
                        &req.waves,
                        req.start_date,
                        &req.back_offices,
                    )
                    .unwrap(),
                )
            });
        });
        let (w, _) = waves::waves(
            &f,
            &u,
            &in_pilot,
            &req.waves,
            req.start_date,
            &req.back_offices,
        )
        .unwrap();
        let mut unit_phase: Vec<u32> = in_pilot.iter().map(|&p| u32::from(p)).collect();
        let index: std::collections::HashMap<&str, usize> = u
            .units
            .iter()
            .enumerate()
            .map(|(i, x)| (x.id.as_str(), i))
            .collect();
        for wave in &w {
            for id in &wave.units {
                unit_phase[index[id.as_str()]] = wave.phase;
            }
        }
        let n_waves = u32::try_from(w.len()).unwrap();
        group.bench_with_input(BenchmarkId::new("routing", name), &u, |b, u| {
            b.iter(|| {
                let t =
                    RoutingTable::build(&u.units, &unit_phase, n_waves, req.back_offices.clone());
                black_box(t.validate(&u.units))
            });
        });
        group.bench_with_input(BenchmarkId::new("plan", name), &f, |b, f| {
            b.iter(|| black_box(plan(f, &req).unwrap()));
        });
    }
    group.finish();
}

criterion_group!(benches, cutover);
criterion_main!(benches);
