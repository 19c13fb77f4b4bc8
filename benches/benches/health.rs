//! Health: decode plus aggregation of a health log (each line read as a [`Record`], its frame
//! decoded and validated by the conversation decoder, the KPIs aggregated per identity and day)
//! on the simulator's traffic mix, against plain `serde_json::Value` parsing of the same lines in
//! the same run.
//!
//! ```sh
//! cargo bench -p chargeshift-benches --bench health -- --noplot
//! ```
//!
//! The throughput is in log lines (frames and connection events) per second.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benches"
)]

use std::hint::black_box;

use chargeshift_planner::health::kpi::{KpiOptions, Kpis};
use chargeshift_planner::health::log::Record;
use chargeshift_planner::health::simulate::simulate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn health(c: &mut Criterion) {
    let (charge_points, days) = if chargeshift_benches::full_run() {
        (256, 2)
    } else {
        (16, 1)
    };
    let fleet = chargeshift_graph::generate::fleet(charge_points);
    let cps = chargeshift_benches::health::mix(&fleet);
    let sim = chargeshift_benches::health::options(&fleet, days, 600, 4);
    let records = simulate(&cps, &sim);
    let end = records.last().unwrap().ts;
    let lines: Vec<String> = records.iter().map(Record::to_line).collect();
    drop(records);
    let options = KpiOptions::default().with_known_tokens(sim.tokens.iter());
    let options = cps
        .iter()
        .fold(options, |o, c| o.with_version(&c.identity, c.version));

    // the pipeline must read every line and see the faults, or the comparison is meaningless
    let run = |lines: &[String]| {
        let mut k = Kpis::new(options.clone()).unwrap();
        for l in lines {
            if let Ok(r) = Record::parse(l) {
                k.push(&r);
            }
        }
        k.finish(end)
    };
    let a = run(&lines);
    let total = a.total(None, "2026-03-01".parse().unwrap(), end_day());
    assert_eq!(
        total.frames + total.opens + total.closes,
        lines.len() as u64
    );
    assert!(
        total.deviations.values().sum::<u64>() > 0
            && total.sessions_succeeded > 0
            && total.roaming_accepted > 0
            && total.auth_rejected > 0
            && total.boots > total.opens / 2
            && total.vendor_error_codes.contains_key("org.chargex/CX001"),
        "the traffic mix lacks its faults or sessions: {total:?}"
    );

    let mut group = c.benchmark_group(format!("health/{charge_points}cp_{days}d"));
    group.throughput(Throughput::Elements(lines.len() as u64));
    group.sample_size(10);
    group.bench_function("baseline serde_json::Value of the line", |b| {
        b.iter(|| {
            for l in &lines {
                black_box(serde_json::from_str::<serde_json::Value>(black_box(l)).is_ok());
            }
        });
    });
    group.bench_function(
        "baseline serde_json::Value of the line and its frame",
        |b| {
            b.iter(|| {
                for l in &lines {
                    let v: serde_json::Value = serde_json::from_str(black_box(l)).unwrap();
                    if let Some(f) = v.get("frame").and_then(serde_json::Value::as_str) {
                        black_box(serde_json::from_str::<serde_json::Value>(f).is_ok());
                    }
                }
            });
        },
    );
    group.bench_function("chargeshift Record::parse + Kpis::push + finish", |b| {
        b.iter(|| black_box(run(black_box(&lines))));
    });
    group.finish();
}

fn end_day() -> chargeshift_planner::cutover::date::Date {
    "2026-03-31".parse().unwrap()
}

criterion_group!(benches, health);
criterion_main!(benches);
