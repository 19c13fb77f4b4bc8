//! Regenerates `examples/health/` (a fleet, its cutover plan and a simulated OCPP log in which
//! wave 1's charge points reboot in a loop, fault, reject tokens and send non-conforming
//! frames): `cargo run -p chargeshift-planner --example health_example -- [--check] [DIR]`.
//! With `--check` it compares with the files in DIR instead of writing them (exit 1 on a
//! difference). Deterministic: the same bytes on every run.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "example"
)]

use chargeshift_planner::cutover::{CutoverRequest, plan};
use chargeshift_planner::health::report::{ReportOptions, groups_of_plan};
use chargeshift_planner::health::simulate::{Faults, SimOptions, charge_points, simulate};

pub(crate) fn generate() -> Vec<(&'static str, String)> {
    let fleet = chargeshift_graph::generate::fleet(12);
    let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
    request.waves.max_charge_points = 4;
    request.waves.spacing_days = 2;
    request.waves.soak_days = 2;
    let p = plan(&fleet, &request).unwrap();
    let mut options = ReportOptions::default();
    options.evaluation_days = 2;
    options.baseline_days = 0;
    let groups = groups_of_plan(&p, &options);
    let bad = groups
        .iter()
        .find(|g| g.name == "wave 1")
        .expect("a wave 1");
    let mut cps = charge_points(&fleet, chargeshift_ocpp::OcppVersion::V16);
    for (i, c) in cps.iter_mut().enumerate() {
        if i % 2 == 1 {
            c.version = chargeshift_ocpp::OcppVersion::V201;
        }
        if bad.charge_points.contains(&c.identity) {
            c.faults = Faults::all();
        }
    }
    // phase p starts on day 2 (p − 1); the last one's 2-day window ends on day 2 p − 1
    let last = groups.iter().filter_map(|g| g.phase).max().unwrap();
    let days = 2 * last;
    let mut sim = SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), days);
    sim.heartbeat_secs = 3600;
    sim.sessions_per_day = 2;
    sim.tokens = fleet
        .nodes_of_kind(chargeshift_graph::NodeKind::ChargeCard)
        .map(|(_, n)| n.id().to_owned())
        .take(20)
        .collect();
    // the versions the simulator used, as segment tags the health command reads
    let mut doc = chargeshift_graph::document::Document::from_fleet(&fleet);
    let mut log = String::new();
    for r in simulate(&cps, &sim) {
        log.push_str(&r.to_line());
        log.push('\n');
    }
    let mut fleet_json = serde_json::to_value(&doc).unwrap();
    if let Some(list) = fleet_json
        .get_mut("charge_points")
        .and_then(|v| v.as_array_mut())
    {
        for cp in list {
            let id = cp["id"].as_str().unwrap_or_default().to_owned();
            if let Some(c) = cps.iter().find(|c| c.identity == id) {
                let v = match c.version {
                    chargeshift_ocpp::OcppVersion::V16 => "1.6",
                    _ => "2.0.1",
                };
                cp["segments"]["ocpp_version"] = serde_json::json!(v);
            }
        }
    }
    doc = serde_json::from_value(fleet_json).unwrap();
    vec![
        (
            "fleet.json",
            serde_json::to_string_pretty(&doc).unwrap() + "\n",
        ),
        (
            "cutover.json",
            serde_json::to_string_pretty(&p).unwrap() + "\n",
        ),
        ("log.jsonl", log),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = args.iter().any(|a| a == "--check");
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "examples/health".into());
    let mut differ = false;
    for (name, text) in generate() {
        let path = std::path::Path::new(&dir).join(name);
        if check {
            let old = std::fs::read_to_string(&path).unwrap_or_default();
            if old != text {
                eprintln!("{} differs", path.display());
                differ = true;
            }
        } else {
            std::fs::write(&path, text).unwrap();
            println!("wrote {}", path.display());
        }
    }
    if differ {
        std::process::exit(1);
    }
}
