//! A small command-line tool over chargeshift-graph, used to generate the bundled example fleets,
//! to measure import time and memory at scale, and to export edge lists for peer comparisons.
//!
//! ```text
//! cargo run -p chargeshift-graph --example fleet_tool -- generate <charge points> <seed> <out dir> [messy]
//! cargo run -p chargeshift-graph --example fleet_tool -- load <fleet.json | csv dir>
//! cargo run -p chargeshift-graph --example fleet_tool -- edges <fleet.json> <out.tsv>
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a tool, not a library"
)]

use std::path::Path;
use std::time::Instant;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::{Mode, csv};
use chargeshift_graph::{LinkKinds, document};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |i: usize| args.get(i).map(String::as_str).unwrap_or("");
    match arg(0) {
        "generate" => {
            let n: usize = arg(1).parse().expect("charge points");
            let seed: u64 = arg(2).parse().expect("seed");
            let out = Path::new(arg(3));
            let mut spec = FleetSpec::new(n).seed(seed);
            spec.messy = arg(4) == "messy";
            let t = Instant::now();
            let imported = generate_fleet(&spec).expect("generate");
            eprintln!(
                "generated in {:?}: {} nodes, {} links",
                t.elapsed(),
                imported.fleet.node_count(),
                imported.fleet.link_count()
            );
            std::fs::create_dir_all(out).unwrap();
            let t = Instant::now();
            let file = std::fs::File::create(out.join("fleet.json")).unwrap();
            if n > 10_000 {
                serde_json::to_writer(
                    std::io::BufWriter::new(file),
                    &document::Document::from_fleet(&imported.fleet),
                )
                .unwrap();
            } else {
                document::write_json(&imported.fleet, std::io::BufWriter::new(file)).unwrap();
                csv::write_dir(&imported.fleet, &out.join("csv")).unwrap();
            }
            eprintln!("written in {:?}", t.elapsed());
        }
        "load" => {
            let path = Path::new(arg(1));
            let t = Instant::now();
            let imported = if path.is_dir() {
                csv::read_dir(path, Mode::Lenient).unwrap()
            } else {
                document::read_json(std::fs::File::open(path).unwrap(), arg(1), Mode::Lenient)
                    .unwrap()
            };
            let build = t.elapsed();
            let f = &imported.fleet;
            println!(
                "build {build:?}: {} nodes, {} links, {} findings",
                f.node_count(),
                f.link_count(),
                imported.report.findings.len()
            );
            let t = Instant::now();
            let c = f.components(LinkKinds::CONNECTIONS);
            println!(
                "components over connections {:?}: {}",
                t.elapsed(),
                c.count()
            );
            println!("{:?}", f.count_by_kind());
        }
        "parse" => {
            let t = Instant::now();
            let doc: document::Document = serde_json::from_reader(std::io::BufReader::new(
                std::fs::File::open(arg(1)).unwrap(),
            ))
            .unwrap();
            println!("parse {:?}", t.elapsed());
            let t = Instant::now();
            let imp = chargeshift_graph::import::build(
                &doc,
                &chargeshift_graph::import::Origins::json("x"),
                Mode::Lenient,
            )
            .unwrap();
            println!("build {:?} {}", t.elapsed(), imp.fleet.node_count());
            let t = Instant::now();
            drop(doc);
            println!("drop doc {:?}", t.elapsed());
        }
        "edges" => {
            let imported =
                document::read_json(std::fs::File::open(arg(1)).unwrap(), arg(1), Mode::Lenient)
                    .unwrap();
            let f = &imported.fleet;
            let mut out = std::io::BufWriter::new(std::fs::File::create(arg(2)).unwrap());
            use std::io::Write;
            writeln!(
                out,
                "# nodes {}",
                f.graph()
                    .node_indices()
                    .map(|i| i.index())
                    .max()
                    .map_or(0, |m| m + 1)
            )
            .unwrap();
            for l in f.links() {
                if LinkKinds::CONNECTIONS.contains(l.link.kind) {
                    writeln!(out, "{}\t{}", l.source.index(), l.target.index()).unwrap();
                }
            }
        }
        _ => eprintln!(
            "usage: fleet_tool generate <n> <seed> <dir> [messy] | load <file|dir> | edges <fleet.json> <out.tsv>"
        ),
    }
}
