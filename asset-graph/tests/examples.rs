//! The bundled example fleets import cleanly and stay in step with the generator.
//! Regenerate `examples/fleet` with the command in `examples/fleet/README.md`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use std::path::PathBuf;

use chargeshift_graph::document::{self, Document};
use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::{Mode, csv};
use chargeshift_graph::validate::FindingClass;
use chargeshift_graph::{LinkKind, NodeKind};

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

#[test]
fn example_fleet_is_current_and_csv_matches_json() {
    let dir = examples().join("fleet");
    let json = std::fs::read_to_string(dir.join("fleet.json")).unwrap();
    let generated = generate_fleet(&FleetSpec::new(50).seed(38)).unwrap().fleet;
    let mut expected = Vec::new();
    document::write_json(&generated, &mut expected).unwrap();
    assert!(
        json.as_bytes() == expected.as_slice(),
        "examples/fleet/fleet.json is stale: see examples/fleet/README.md"
    );
    let from_json = document::from_json(&json).unwrap();
    let from_csv = csv::read_dir(&dir.join("csv"), Mode::Strict).unwrap().fleet;
    assert_eq!(
        Document::from_fleet(&from_csv),
        Document::from_fleet(&from_json)
    );
    // the planner's landmarks
    let cp = from_json.find(NodeKind::ChargePoint, "CP0000087").unwrap();
    let ps = from_json
        .target_of(cp, LinkKind::ChargePointParameterSet)
        .unwrap();
    assert_eq!(
        from_json.id(from_json.user_group_of(ps).unwrap()),
        "ACME-R0"
    );
}

#[test]
fn small_fleet_and_its_csv() {
    let dir = examples().join("fleet-small");
    let f = document::from_json(&std::fs::read_to_string(dir.join("fleet.json")).unwrap()).unwrap();
    assert_eq!(f.node_count(), 22);
    let from_csv = csv::read_dir(&dir.join("csv"), Mode::Strict).unwrap().fleet;
    assert_eq!(Document::from_fleet(&from_csv), Document::from_fleet(&f));
}

#[test]
fn messy_example_reports_each_class() {
    let path = examples().join("fleet-small/messy.json");
    let imp = document::read_json(
        std::fs::File::open(&path).unwrap(),
        "messy.json",
        Mode::Lenient,
    )
    .unwrap();
    for class in [
        FindingClass::DuplicateId,
        FindingClass::EmptyField,
        FindingClass::DanglingReference,
        FindingClass::Cardinality,
        FindingClass::Cycle,
        FindingClass::CrossProvider,
    ] {
        assert!(
            imp.report.of_class(class).count() >= 1,
            "missing {class}:\n{}",
            imp.report
        );
    }
}

#[test]
fn ocpi_example_modules() {
    use chargeshift_graph::import::ocpi::{self, OcpiOptions};
    let dir = examples().join("fleet-small/ocpi");
    let loc = std::fs::read(dir.join("locations.json")).unwrap();
    let tok = std::fs::read(dir.join("tokens.json")).unwrap();
    let imp = ocpi::read(
        Some(("locations.json", &loc)),
        Some(("tokens.json", &tok)),
        &OcpiOptions::default(),
        Mode::Strict,
    )
    .unwrap();
    let f = &imp.fleet;
    let by = f.count_by_kind();
    assert_eq!(by[&NodeKind::ChargePoint], 3);
    assert_eq!(by[&NodeKind::Location], 2);
    assert_eq!(by[&NodeKind::ChargeCard], 3);
    let home = f.find(NodeKind::ChargePoint, "LOC-HOME-017/9001").unwrap();
    assert_eq!(
        f.segment_of(home, "power_type").as_deref(),
        Some("AC_1_PHASE")
    );
    let dc = f.find(NodeKind::ChargePoint, "NL*ACM*E3257*1").unwrap();
    assert_eq!(f.segment_of(dc, "city").as_deref(), Some("Utrecht"));
}
