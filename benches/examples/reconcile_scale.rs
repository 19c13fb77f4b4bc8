//! Reconciliation at scale: two generated fleets of `n` charge points (default 1M), the second a
//! copy with differences planted every 100,000th node, compared from the loaded fleets; beside
//! it, in the same run, the baseline: a plain hash join of the two fleets' (kind, id) node keys.
//! With `--write DIR` it also writes the two fleets as native JSON (`DIR/old.json`,
//! `DIR/new.json`) for timing the CLI with `/usr/bin/time -v`.
//!
//! ```sh
//! cargo run --release -p chargeshift-benches --example reconcile_scale -- [n] [--write /tmp/rc]
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    reason = "a bench driver"
)]

use std::hint::black_box;
use std::time::Instant;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_planner::reconcile::compare::{CompareOptions, IdMap, compare_with};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let write = args
        .iter()
        .position(|a| a == "--write")
        .and_then(|i| args.get(i + 1));
    let t = Instant::now();
    let old = generate_fleet(&FleetSpec::new(n)).unwrap().fleet;
    println!(
        "generate {n} charge points: {} nodes, {} links, {:.2} s",
        old.node_count(),
        old.link_count(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let (new, planted) = chargeshift_benches::planted_copy(&old, 100_000);
    println!(
        "copy and plant {planted}: {:.2} s",
        t.elapsed().as_secs_f64()
    );
    if let Some(dir) = write {
        let dir = std::path::Path::new(dir);
        std::fs::create_dir_all(dir).unwrap();
        for (name, f) in [("old.json", &old), ("new.json", &new)] {
            let file = std::io::BufWriter::new(std::fs::File::create(dir.join(name)).unwrap());
            chargeshift_graph::document::write_json(f, file).unwrap();
        }
        println!("wrote {}/old.json and new.json", dir.display());
    }
    for round in 0..3 {
        let t = Instant::now();
        let joined = chargeshift_benches::node_key_join(&old, &new);
        let base = t.elapsed().as_secs_f64();
        black_box(joined);
        let t = Instant::now();
        let options = CompareOptions {
            kept_per_code: Some(20),
            ..CompareOptions::default()
        };
        let c = compare_with(&old, &new, &IdMap::new(), &options);
        let rc = t.elapsed().as_secs_f64();
        println!(
            "round {round}: baseline hash join {base:.3} s, reconcile {rc:.3} s ({} differences), ratio {:.2}",
            c.total(),
            rc / base
        );
    }
}
