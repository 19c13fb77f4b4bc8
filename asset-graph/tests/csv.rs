//! The CSV bundle: lossless round trip, findings with file/line/field, no panic on any input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::document::Document;
use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::{ImportError, Mode, csv};
use chargeshift_graph::validate::FindingClass;
use proptest::prelude::*;

#[test]
fn round_trip_is_lossless() {
    let mut fleet = generate_fleet(&FleetSpec::new(600)).unwrap().fleet;
    // awkward values: separators and quotes in names and segments
    let (cp, _) = fleet
        .nodes_of_kind(chargeshift_graph::NodeKind::ChargePoint)
        .next()
        .unwrap();
    if let Some(chargeshift_graph::NodeData::ChargePoint(d)) = fleet.node_data_mut(cp) {
        d.segments.insert("a;b=c%".into(), "x=\"y\";z,%3B".into());
        d.model = Some("Model, \"quoted\"\nnext line".into());
    }
    let files = csv::write_memory(&fleet);
    let back = csv::read_memory(&files, Mode::Strict).unwrap().fleet;
    assert_eq!(Document::from_fleet(&back), Document::from_fleet(&fleet));
    let dir = std::env::temp_dir().join(format!("chargeshift-csv-{}", std::process::id()));
    csv::write_dir(&fleet, &dir).unwrap();
    let again = csv::read_dir(&dir, Mode::Strict).unwrap().fleet;
    assert_eq!(Document::from_fleet(&again), Document::from_fleet(&fleet));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn findings_name_file_line_and_field() {
    let files = [
        (
            "user_groups.csv",
            "id,parent,is_provider\nP,,true\nA,P,maybe\nA,P,false\n",
        ),
        ("customers.csv", "id,user_group\nC1,A\nC2,Z\n,A\n"),
        ("charge_cards.csv", "id,user_group,status\nK1,A,lost\n"),
        ("charge_points.csv", "id,user_group,evse_count\nCP1,A,-2\n"),
        ("locations.csv", "id,name\nL1,x\n"),
        ("card_customer.csv", "card,customer\nK1,C1\n\"K1,C1\n"),
    ];
    let imp = csv::read_memory(&files, Mode::Lenient).unwrap();
    let r = &imp.report;
    println!("{r}");
    let find = |class, file: &str| {
        r.of_class(class)
            .find(|f| f.at.file.as_deref() == Some(file))
            .unwrap_or_else(|| panic!("no {class} in {file}: {r}"))
    };
    let f = find(FindingClass::InvalidValue, "user_groups.csv");
    assert_eq!(
        (f.at.line, f.at.field.as_deref()),
        (Some(3), Some("is_provider"))
    );
    let f = find(FindingClass::DuplicateId, "user_groups.csv");
    assert_eq!(f.at.line, Some(4));
    let f = find(FindingClass::DanglingReference, "customers.csv");
    assert_eq!(
        (f.at.line, f.at.field.as_deref()),
        (Some(3), Some("user_group"))
    );
    assert_eq!(
        find(FindingClass::EmptyField, "customers.csv").at.line,
        Some(4)
    );
    assert_eq!(
        find(FindingClass::InvalidValue, "charge_cards.csv")
            .at
            .field
            .as_deref(),
        Some("status")
    );
    assert_eq!(
        find(FindingClass::InvalidValue, "charge_points.csv")
            .at
            .field
            .as_deref(),
        Some("evse_count")
    );
    assert_eq!(
        find(FindingClass::Syntax, "locations.csv")
            .at
            .field
            .as_deref(),
        Some("user_group")
    );
    assert!(matches!(
        csv::read_memory(&files, Mode::Strict),
        Err(ImportError::Rejected { .. })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn never_panics_on_arbitrary_bytes(
        a in proptest::collection::vec(any::<u8>(), 0..300),
        b in "[a-z_,\"\n;=%0-9 ]{0,200}",
    ) {
        let files = [
            ("user_groups.csv", format!("id,parent,is_provider\n{b}").into_bytes()),
            ("customers.csv", a.clone()),
            ("card_customer.csv", format!("card,customer\n{b}").into_bytes()),
            ("charge_points.csv", format!("id,user_group,segments,evse_count\n{b}").into_bytes()),
        ];
        let _ = csv::read_memory(&files, Mode::Lenient);
        let _ = csv::read_memory(&files, Mode::Strict);
        let _ = chargeshift_graph::document::read_json(a.as_slice(), "x", Mode::Lenient);
    }
}
