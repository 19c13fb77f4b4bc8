//! Writes a generated fleet and a simulated, time-ordered health log of the benchmarks' traffic
//! mix ([`chargeshift_benches::health::mix`]) for the peak-memory runs of `chargeshift health`:
//!
//! ```sh
//! cargo run --release -p chargeshift-benches --example health_log -- DIR CHARGE_POINTS DAYS HEARTBEAT_SECS SESSIONS_PER_DAY
//! /usr/bin/time -v target/release/chargeshift health --fleet DIR/fleet.json --log DIR/log.jsonl --format json
//! ```
//!
//! The log is simulated in batches of 64 charge points, each batch written to its own file
//! (the simulator holds one batch's records), then the batch files are merged by timestamp (a
//! k-way merge of the lines, which start with `{"ts":"` and a fixed-width UTC timestamp) into
//! `DIR/log.jsonl`, and removed. Prints the number of lines.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a bench driver"
)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::Path;

use chargeshift_planner::health::simulate::simulate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    assert!(
        args.len() == 5,
        "usage: health_log DIR CHARGE_POINTS DAYS HEARTBEAT_SECS SESSIONS_PER_DAY"
    );
    let dir = Path::new(&args[0]);
    let n: usize = args[1].parse().unwrap();
    let days: u32 = args[2].parse().unwrap();
    let heartbeat: i64 = args[3].parse().unwrap();
    let sessions: u32 = args[4].parse().unwrap();
    std::fs::create_dir_all(dir).unwrap();

    let fleet = chargeshift_graph::generate::fleet(n);
    let cps = chargeshift_benches::health::mix(&fleet);
    let sim = chargeshift_benches::health::options(&fleet, days, heartbeat, sessions);

    // the fleet, with each charge point's version as the segment tag the health command reads
    let mut doc =
        serde_json::to_value(chargeshift_graph::document::Document::from_fleet(&fleet)).unwrap();
    for cp in doc["charge_points"].as_array_mut().unwrap() {
        let id = cp["id"].as_str().unwrap_or_default().to_owned();
        if let Some(c) = cps.iter().find(|c| c.identity == id) {
            let v = match c.version {
                chargeshift_ocpp::OcppVersion::V16 => "1.6",
                _ => "2.0.1",
            };
            cp["segments"]["ocpp_version"] = serde_json::json!(v);
        }
    }
    std::fs::write(dir.join("fleet.json"), serde_json::to_string(&doc).unwrap()).unwrap();

    let mut parts = Vec::new();
    for (i, batch) in cps.chunks(64).enumerate() {
        let path = dir.join(format!("part{i}.jsonl"));
        let mut w = BufWriter::new(File::create(&path).unwrap());
        for r in simulate(batch, &sim) {
            r.write_to(&mut w).unwrap();
        }
        w.flush().unwrap();
        parts.push(path);
    }

    let mut readers: Vec<_> = parts
        .iter()
        .map(|p| BufReader::new(File::open(p).unwrap()).lines())
        .collect();
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(line) = r.next() {
            let line = line.unwrap();
            heap.push(Reverse((ts_of(&line).to_owned(), i, line)));
        }
    }
    let mut out = BufWriter::new(File::create(dir.join("log.jsonl")).unwrap());
    let mut count: u64 = 0;
    while let Some(Reverse((_, i, line))) = heap.pop() {
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        count += 1;
        if let Some(next) = readers[i].next() {
            let next = next.unwrap();
            heap.push(Reverse((ts_of(&next).to_owned(), i, next)));
        }
    }
    out.flush().unwrap();
    for p in &parts {
        std::fs::remove_file(p).unwrap();
    }
    println!("{count} lines");
}

/// The `ts` of a line as [`Record::to_line`](chargeshift_planner::health::log::Record::to_line)
/// writes it (`{"ts":"2026-03-02T08:00:00.000Z",...`): its first 24 characters after `{"ts":"`.
fn ts_of(line: &str) -> &str {
    line.get(7..31).unwrap_or(line)
}
