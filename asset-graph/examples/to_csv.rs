//! Converts a native fleet JSON document into a CSV bundle (strict import).
//!
//! ```text
//! cargo run -p chargeshift-graph --example to_csv -- examples/fleet-small/fleet.json examples/fleet-small/csv
//! ```
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a tool, not a library"
)]

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(input), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: to_csv <fleet.json> <out dir>");
        return;
    };
    let fleet = chargeshift_graph::document::from_json(&std::fs::read_to_string(input).unwrap())
        .unwrap_or_else(|e| panic!("{e}"));
    chargeshift_graph::import::csv::write_dir(&fleet, out.as_ref()).unwrap();
}
