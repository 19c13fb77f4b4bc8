//! The native JSON document: round trip and validation findings.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::document::{self, Document};
use chargeshift_graph::import::{ImportError, Mode};
use chargeshift_graph::validate::FindingClass;
use chargeshift_graph::*;

fn small() -> Fleet {
    let mut f = Fleet::new();
    let p = f
        .add_user_group(
            "P",
            UserGroup {
                name: Some("Prov".into()),
                is_provider: true,
            },
            None,
        )
        .unwrap();
    let a = f
        .add_user_group("A", UserGroup::default(), Some(p))
        .unwrap();
    let t = f
        .add_asset(
            "T",
            Tariff {
                name: Some("std".into()),
            },
            p,
        )
        .unwrap();
    let t2 = f.add_asset("T2", Tariff::default(), p).unwrap();
    let ps = f.add_asset("PS", ParameterSet::default(), p).unwrap();
    let l = f
        .add_asset(
            "L",
            Location {
                city: Some("Utrecht".into()),
                coordinates: Some(Coordinates {
                    latitude: 52.1,
                    longitude: 5.1,
                }),
                ..Location::default()
            },
            a,
        )
        .unwrap();
    let mut cpd = ChargePoint {
        vendor: Some("Alfen".into()),
        evse_count: 2,
        ..Default::default()
    };
    cpd.segments.insert("criticality".into(), "high".into());
    let cp = f.add_asset("CP", cpd, a).unwrap();
    let g = f
        .add_asset(
            "G",
            ChargeGroup {
                group_type: ChargeGroupType::Home,
                roaming: true,
                ..Default::default()
            },
            a,
        )
        .unwrap();
    let c = f
        .add_asset(
            "C",
            Customer {
                name: Some("x".into()),
            },
            a,
        )
        .unwrap();
    let k = f
        .add_asset(
            "K",
            ChargeCard {
                status: CardStatus::Blocked,
                contract_id: Some("NL-X".into()),
                group_id: None,
            },
            a,
        )
        .unwrap();
    f.add_asset("K2", ChargeCard::default(), a).unwrap();
    f.add_link(cp, l, LinkKind::ChargePointLocation).unwrap();
    f.add_link(cp, ps, LinkKind::ChargePointParameterSet)
        .unwrap();
    f.add_link(cp, g, LinkKind::ChargePointChargeGroup).unwrap();
    f.add_link(g, t, LinkKind::ChargeGroupTariff).unwrap();
    f.insert_link(
        c,
        g,
        Link {
            kind: LinkKind::CustomerChargeGroup,
            tariff: Some(t2),
        },
    )
    .unwrap();
    f.add_link(c, cp, LinkKind::CustomerChargePoint).unwrap();
    f.add_link(k, c, LinkKind::CardCustomer).unwrap();
    f
}

#[test]
fn json_round_trip_is_lossless() {
    let f = small();
    let doc = Document::from_fleet(&f);
    let json = document::to_json(&f).unwrap();
    let back = document::from_json(&json).unwrap();
    assert_eq!(Document::from_fleet(&back), doc);
    assert_eq!(back.node_count(), f.node_count());
    assert_eq!(back.link_count(), f.link_count());
    let mut pretty = Vec::new();
    document::write_json(&back, &mut pretty).unwrap();
    let again = document::read_json(pretty.as_slice(), "p.json", Mode::Strict).unwrap();
    assert_eq!(Document::from_fleet(&again.fleet), doc);
}

#[test]
fn lenient_reports_every_class_with_where() {
    let json = r#"{
      "user_groups": [{"id":"P","is_provider":true},{"id":"Q","is_provider":true},
                      {"id":"A","parent":"B"},{"id":"B","parent":"A"},{"id":"P"},{"id":""}],
      "customers": [{"id":"C1","user_group":"P"},{"id":"C2","user_group":"P"},{"id":"C3"}],
      "charge_cards": [{"id":"K","user_group":"P"}],
      "charge_points": [{"id":"CP","user_group":"P"}],
      "charge_groups": [{"id":"G","user_group":"Q"}],
      "links": {
        "card_customer": [{"card":"K","customer":"C1"},{"card":"K","customer":"C2"},{"card":"K","customer":"nope"}],
        "charge_point_charge_group": [{"charge_point":"CP","charge_group":"G"}]
      }
    }"#;
    let imp = document::read_json(json.as_bytes(), "bad.json", Mode::Lenient).unwrap();
    let r = &imp.report;
    for class in [
        FindingClass::DuplicateId,
        FindingClass::EmptyField,
        FindingClass::DanglingReference,
        FindingClass::Cardinality,
        FindingClass::Cycle,
        FindingClass::CrossProvider,
    ] {
        assert!(r.of_class(class).count() >= 1, "missing {class}: {r}");
    }
    let card = r.of_class(FindingClass::Cardinality).next().unwrap();
    assert_eq!(card.at.file.as_deref(), Some("bad.json"));
    assert_eq!(card.at.record.as_deref(), Some("links.card_customer[1]"));
    assert_eq!(card.at.field.as_deref(), Some("customer"));
    // the sound part is imported
    let k = imp.fleet.find(NodeKind::ChargeCard, "K").unwrap();
    let c1 = imp.fleet.find(NodeKind::Customer, "C1").unwrap();
    assert_eq!(imp.fleet.target_of(k, LinkKind::CardCustomer), Some(c1));
    // strict fails on the first class
    match document::read_json(json.as_bytes(), "bad.json", Mode::Strict) {
        Err(ImportError::Rejected { first, report, .. }) => {
            assert!(report.findings.iter().all(|f| f.code == first.code));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_types_fail_with_position() {
    let e = document::from_json("{\n\"customers\": 5}").unwrap_err();
    assert!(matches!(e, ImportError::Json { line: 2, .. }), "{e}");
}

#[test]
fn the_top_level_is_checked() {
    use chargeshift_graph::document::read_json_slice;
    use chargeshift_graph::import::{ImportError, Mode};
    use chargeshift_graph::validate::FindingClass;
    // not an object, a wrong format or version: errors naming what is expected
    for (json, expected) in [
        ("[]", "a JSON object"),
        (
            r#"{"format":"x","version":1}"#,
            "expected \"chargeshift-fleet\"",
        ),
        (
            r#"{"format":"chargeshift-fleet","version":99}"#,
            "expected 1",
        ),
    ] {
        let e = read_json_slice(json.as_bytes(), "f.json", Mode::Lenient).unwrap_err();
        assert!(
            matches!(&e, ImportError::Json { .. }) && e.to_string().contains(expected),
            "{json}: {e}"
        );
    }
    // unknown keys are findings with the closest known key
    let json = r#"{"format":"chargeshift-fleet","version":1,"user_groups":[{"id":"U"}],
        "customers":[{"id":"C","user_group":"U"}],"charge_points":[{"id":"P","user_group":"U"}],
        "Links":{"customer_charge_point":[{"customer":"C","charge_point":"P"}]},
        "links":{"customer_charge_points":[]}}"#;
    let imp = read_json_slice(json.as_bytes(), "f.json", Mode::Lenient).unwrap();
    let r = &imp.report;
    let found: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.code, f.at.record.as_deref(), f.at.field.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (FindingClass::Syntax, None, Some("Links")),
            (
                FindingClass::Syntax,
                Some("links"),
                Some("customer_charge_points")
            ),
        ],
        "{r}"
    );
    assert!(
        r.findings[0].message.contains("did you mean \"links\""),
        "{r}"
    );
    assert!(
        r.findings[1]
            .message
            .contains("did you mean \"customer_charge_point\""),
        "{r}"
    );
    assert!(matches!(
        read_json_slice(json.as_bytes(), "f.json", Mode::Strict),
        Err(ImportError::Rejected { count: 2, .. })
    ));
    // a document with none of the keys of one (an empty object, an OCPI module)
    for json in ["{}", r#"{"data":[{"id":"LOC1"}],"status_code":1000}"#] {
        let imp = read_json_slice(json.as_bytes(), "f.json", Mode::Lenient).unwrap();
        let last = imp.report.findings.last().unwrap();
        assert!(
            last.message.starts_with("not a fleet document"),
            "{json}: {last}"
        );
    }
    // a missing format and version stay accepted
    let imp = read_json_slice(br#"{"user_groups":[{"id":"U"}]}"#, "f.json", Mode::Strict);
    assert_eq!(imp.unwrap().fleet.node_count(), 1);
}

#[test]
fn a_byte_order_mark_and_spaces_around_ids_read_as_in_csv() {
    use chargeshift_graph::NodeKind;
    use chargeshift_graph::document::read_json_slice;
    use chargeshift_graph::import::Mode;
    let json = "\u{feff}{\"user_groups\":[{\"id\":\" acme \"}],\
        \"customers\":[{\"id\":\" C-1 \",\"user_group\":\"acme \"}],\
        \"charge_cards\":[{\"id\":\"K\",\"user_group\":\" acme\"}],\
        \"links\":{\"card_customer\":[{\"card\":\" K\",\"customer\":\"C-1 \"}]}}";
    let imp = read_json_slice(json.as_bytes(), "f.json", Mode::Strict).unwrap();
    let f = &imp.fleet;
    let c = f.find(NodeKind::Customer, "C-1").unwrap();
    assert_eq!(f.id(f.user_group_of(c).unwrap()), "acme");
    let k = f.find(NodeKind::ChargeCard, "K").unwrap();
    assert_eq!(f.target_of(k, LinkKind::CardCustomer), Some(c));
}

/// Imports `json` leniently and checks that it has exactly one finding, an invalid value at
/// `record` and `field`; returns the import and that finding's message.
fn one_invalid_value(json: &str, record: &str, field: &str) -> (import::Imported, String) {
    use chargeshift_graph::document::read_json_slice;
    use chargeshift_graph::import::Mode;
    use chargeshift_graph::validate::FindingClass;
    let imp = read_json_slice(json.as_bytes(), "f.json", Mode::Lenient).unwrap();
    let r = &imp.report;
    assert_eq!(r.findings.len(), 1, "{r}");
    let f = &r.findings[0];
    assert_eq!(f.code, FindingClass::InvalidValue);
    assert_eq!(
        (f.at.record.as_deref(), f.at.field.as_deref()),
        (Some(record), Some(field))
    );
    let message = f.message.clone();
    (imp, message)
}

#[test]
fn coordinates_out_of_range_are_findings() {
    let json = r#"{"user_groups":[{"id":"U"}],"locations":[
        {"id":"L","user_group":"U","latitude":952,"longitude":5},
        {"id":"M","user_group":"U","latitude":52,"longitude":5}]}"#;
    one_invalid_value(json, "locations[0]", "latitude");
}

#[test]
fn an_id_with_a_control_character_is_kept_and_reported() {
    use chargeshift_graph::NodeKind;
    use chargeshift_graph::document::read_json_slice;
    use chargeshift_graph::import::Mode;
    // a line break pasted into a cell: the record stays (its links too), the finding says where
    let json = r#"{"user_groups":[{"id":"U"}],
        "customers":[{"id":"C\n1","user_group":"U"},{"id":"C-2","user_group":"U"}],
        "charge_cards":[{"id":"K","user_group":"U"}],
        "links":{"card_customer":[{"card":"K","customer":"C\n1"}]}}"#;
    let (imp, message) = one_invalid_value(json, "customers[0]", "id");
    assert!(message.contains("U+000A"), "{message}");
    let c = imp.fleet.find(NodeKind::Customer, "C\n1").unwrap();
    let k = imp.fleet.find(NodeKind::ChargeCard, "K").unwrap();
    assert_eq!(imp.fleet.target_of(k, LinkKind::CardCustomer), Some(c));
    // strict mode rejects it
    assert!(read_json_slice(json.as_bytes(), "f.json", Mode::Strict).is_err());
}

#[test]
fn a_document_without_links_whose_records_could_have_some_says_so() {
    // issue #15: a native document with no `links` is no evidence that nothing is connected
    let doc = r#"{"format": "chargeshift-fleet", "version": 1,
        "user_groups": [{"id": "A"}],
        "customers": [{"id": "C1", "user_group": "A"}],
        "charge_cards": [{"id": "K1", "user_group": "A"}]}"#;
    for mode in [Mode::Lenient, Mode::Strict] {
        let imp = document::read_json_slice(doc.as_bytes(), "f.json", mode).unwrap();
        let f: Vec<_> = imp.report.of_class(FindingClass::MissingFile).collect();
        assert_eq!(f.len(), 1, "{}", imp.report);
        assert_eq!(f[0].at.field.as_deref(), Some("links"));
        assert!(f[0].message.contains("card_customer"), "{}", f[0].message);
    }
    // with `links`, even empty, the document says it has none: no finding
    let with = doc.replacen("\"user_groups\"", "\"links\": {}, \"user_groups\"", 1);
    let imp = document::read_json_slice(with.as_bytes(), "f.json", Mode::Strict).unwrap();
    assert!(imp.report.is_clean(), "{}", imp.report);
    // a document of user groups only has nothing to connect
    let groups = r#"{"user_groups": [{"id": "A"}]}"#;
    let imp = document::read_json_slice(groups.as_bytes(), "f.json", Mode::Strict).unwrap();
    assert!(imp.report.is_clean(), "{}", imp.report);
}
