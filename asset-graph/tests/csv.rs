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
    if let Some(chargeshift_graph::NodeDataMut::ChargePoint(d)) = fleet.node_data_mut(cp) {
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

/// The findings of `files` read leniently, as `(class, file, line, field, message)`.
fn lenient(files: &[(&str, &str)]) -> chargeshift_graph::import::Imported {
    csv::read_memory(files, Mode::Lenient).unwrap()
}

#[test]
fn header_names_match_in_any_case_and_unknown_or_repeated_columns_are_findings() {
    let imp = lenient(&[(
        "user_groups.csv",
        "ID,Name,Parent,Is_Provider\nP,Provider,,true\nA,Area,P,false\n",
    )]);
    assert!(imp.report.is_clean(), "{}", imp.report);
    let f = &imp.fleet;
    let a = f.find(chargeshift_graph::NodeKind::UserGroup, "A").unwrap();
    let p = f.find(chargeshift_graph::NodeKind::UserGroup, "P").unwrap();
    assert_eq!(f.parent_of(a), Some(p));
    assert_eq!(f.provider_of(a), Some(p));

    let imp = lenient(&[
        ("user_groups.csv", "id,nmae,parnt,notes\nP,x,,y\n"),
        (
            "customers.csv",
            "id,user_group,name,user_group\nC,P,Jan,Q\n",
        ),
    ]);
    let r = &imp.report;
    let syntax: Vec<_> = r.of_class(FindingClass::Syntax).collect();
    assert_eq!(syntax.len(), 3, "{r}");
    // a column like none of the file's is extra data, not a lost column
    let extra: Vec<_> = r.of_class(FindingClass::ExtraColumn).collect();
    assert_eq!(extra.len(), 1, "{r}");
    // ... which a strict import reports and accepts
    let strict = csv::read_memory(
        &[("user_groups.csv", "id,name,notes\nP,x,y\n")],
        Mode::Strict,
    )
    .unwrap();
    assert_eq!(strict.report.findings.len(), 1);
    assert_eq!(strict.report.findings[0].code, FindingClass::ExtraColumn);
    for (f, field, hint) in [
        (syntax[0], "nmae", Some("\"name\"")),
        (syntax[1], "parnt", Some("\"parent\"")),
        (extra[0], "notes", None),
    ] {
        assert_eq!(f.at.file.as_deref(), Some("user_groups.csv"));
        assert_eq!((f.at.line, f.at.field.as_deref()), (Some(1), Some(field)));
        match hint {
            Some(h) => assert!(f.message.contains(&format!("did you mean {h}")), "{f}"),
            None => assert!(!f.message.contains("did you mean"), "{f}"),
        }
    }
    let dup = syntax[2];
    assert_eq!(dup.at.file.as_deref(), Some("customers.csv"));
    assert_eq!(
        (dup.at.line, dup.at.field.as_deref()),
        (Some(1), Some("user_group"))
    );
    assert!(dup.message.contains("twice"), "{dup}");
    // the first of the two columns is read
    assert!(
        imp.fleet
            .find(chargeshift_graph::NodeKind::Customer, "C")
            .is_some()
    );
    assert!(
        r.of_class(FindingClass::DanglingReference).next().is_none(),
        "{r}"
    );
    // a near miss of a known column is rejected by a strict import
    assert!(matches!(
        csv::read_memory(&[("user_groups.csv", "id,parnt\nP,y\n")], Mode::Strict),
        Err(ImportError::Rejected { .. })
    ));
}

#[test]
fn rows_with_another_number_of_fields_are_findings_and_skipped() {
    let files = [
        ("user_groups.csv", "id\nacme\n"),
        (
            "customers.csv",
            "id,user_group,name\nC-1,acme,Jansen, J.\nC-2,acme\nC-3,acme,Ok\n",
        ),
    ];
    let imp = lenient(&files);
    let r = &imp.report;
    let rows: Vec<_> = r.of_class(FindingClass::Syntax).collect();
    assert_eq!(rows.len(), 2, "{r}");
    assert_eq!(rows[0].at.file.as_deref(), Some("customers.csv"));
    assert_eq!(rows[0].at.line, Some(2));
    assert!(
        rows[0].message.starts_with("4 fields, the header has 3"),
        "{}",
        rows[0]
    );
    assert_eq!(rows[1].at.line, Some(3));
    assert!(
        rows[1].message.starts_with("2 fields, the header has 3"),
        "{}",
        rows[1]
    );
    let customers = imp
        .fleet
        .nodes_of_kind(chargeshift_graph::NodeKind::Customer)
        .count();
    assert_eq!(customers, 1);
    assert!(matches!(
        csv::read_memory(&files, Mode::Strict),
        Err(ImportError::Rejected { first, .. }) if first.code == FindingClass::Syntax
    ));
}

#[test]
fn an_unterminated_quote_is_a_finding() {
    let files = [
        ("user_groups.csv", "id\nacme-homes\n"),
        (
            "customers.csv",
            "id,user_group,name\nC-0,acme-homes,A\nC-1,acme-homes,\"J. Jansen\nC-2,acme-homes,B\nC-3,acme-homes,C\n",
        ),
    ];
    let imp = lenient(&files);
    let r = &imp.report;
    let f = r
        .of_class(FindingClass::Syntax)
        .next()
        .unwrap_or_else(|| panic!("no finding: {r}"));
    assert_eq!(f.at.file.as_deref(), Some("customers.csv"));
    assert_eq!(f.at.line, Some(3));
    assert!(
        f.message
            .starts_with("unterminated quote starting at line 3"),
        "{f}"
    );
    assert!(matches!(
        csv::read_memory(&files, Mode::Strict),
        Err(ImportError::Rejected { .. })
    ));
    // quotes that close, escaped quotes, a quote inside a field and a quoted last field
    let ok = lenient(&[
        ("user_groups.csv", "id\nacme\n"),
        (
            "customers.csv",
            "id,user_group,name\nC-1,acme,\"a \"\"b\"\"\nc\"\nC-2,acme,x\"y\nC-3,acme,\"z\"",
        ),
    ]);
    assert!(ok.report.is_clean(), "{}", ok.report);
    assert_eq!(ok.fleet.node_count(), 4);
}

#[test]
fn a_missing_or_empty_folder_is_an_error() {
    let base = std::env::temp_dir().join(format!("chargeshift-dirs-{}", std::process::id()));
    let missing = base.join("nope");
    let e = csv::read_dir(&missing, Mode::Lenient).unwrap_err();
    assert!(
        matches!(&e, ImportError::Io { file, .. } if file.ends_with("nope")),
        "{e}"
    );
    let empty = base.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let e = csv::read_dir(&empty, Mode::Lenient).unwrap_err();
    assert!(
        e.to_string().contains("user_groups.csv, customers.csv"),
        "{e}"
    );
    let other = base.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("fleet.json"), "{}").unwrap();
    std::fs::write(other.join("Customers.csv"), "id,user_group\n").unwrap();
    let e = csv::read_dir(&other, Mode::Lenient)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("fleet.json") && e.contains("Customers.csv"),
        "{e}"
    );
    // a wrong-case name beside a real bundle file is a finding
    std::fs::write(other.join("user_groups.csv"), "id\nA\n").unwrap();
    let imp = csv::read_dir(&other, Mode::Lenient).unwrap();
    let f = imp.report.findings.first().unwrap();
    assert!(f.message.contains("Customers.csv is not read"), "{f}");
    assert!(csv::read_memory(&[("fleet.json", "{}")], Mode::Lenient).is_err());
    std::fs::remove_dir_all(&base).ok();
}

#[test]
fn a_value_that_is_not_utf8_names_its_column() {
    let files: [(&str, &[u8]); 2] = [
        ("user_groups.csv", b"id\nacme\n"),
        ("customers.csv", b"id,user_group,name\nC-1,acme,M\xfcller\n"),
    ];
    let imp = csv::read_memory(&files, Mode::Lenient).unwrap();
    let r = &imp.report;
    let f = r.of_class(FindingClass::InvalidValue).next().unwrap();
    assert_eq!(f.at.file.as_deref(), Some("customers.csv"));
    assert_eq!((f.at.line, f.at.field.as_deref()), (Some(2), Some("name")));
    assert!(
        f.message.contains("not UTF-8") && f.message.contains("re-export"),
        "{f}"
    );
    // the row is kept
    assert!(
        imp.fleet
            .find(chargeshift_graph::NodeKind::Customer, "C-1")
            .is_some()
    );
}

#[test]
fn coordinates_out_of_range_and_repeated_segments_are_findings() {
    let files = [
        ("user_groups.csv", "id\nacme\n"),
        (
            "locations.csv",
            "id,user_group,latitude,longitude\nL1,acme,952,5\nL2,acme,NaN,5\nL3,acme,52,inf\nL4,acme,52.1,5.1\n",
        ),
        (
            "charge_points.csv",
            "id,user_group,segments\nCP,acme,criticality=high;criticality=low\n",
        ),
        // present and empty: the bundle says it has no charge point–location links
        ("charge_point_location.csv", "charge_point,location\n"),
    ];
    let imp = lenient(&files);
    let r = &imp.report;
    let bad: Vec<_> = r.of_class(FindingClass::InvalidValue).collect();
    let at: Vec<_> = bad
        .iter()
        .map(|f| (f.at.file.as_deref(), f.at.line, f.at.field.as_deref()))
        .collect();
    assert_eq!(
        at,
        [
            (Some("charge_points.csv"), Some(2), Some("segments")),
            (Some("locations.csv"), Some(2), Some("latitude")),
            (Some("locations.csv"), Some(3), Some("latitude")),
            (Some("locations.csv"), Some(4), Some("longitude")),
        ],
        "{r}"
    );
    assert_eq!(r.findings.len(), 4, "{r}");
    let f = &imp.fleet;
    let cp = f
        .find(chargeshift_graph::NodeKind::ChargePoint, "CP")
        .unwrap();
    assert_eq!(f.segment_of(cp, "criticality").as_deref(), Some("low"));
    for (id, kept) in [("L1", false), ("L2", false), ("L3", false), ("L4", true)] {
        let ix = f.find(chargeshift_graph::NodeKind::Location, id).unwrap();
        let Some(chargeshift_graph::NodeData::Location(l)) = f.node(ix).map(|n| &n.data) else {
            panic!("{id}")
        };
        assert_eq!(l.coordinates.is_some(), kept, "{id}");
    }
}

#[test]
fn a_bundle_says_which_files_are_absent_and_which_are_unknown() {
    // issue #15: a bundle without card_customer.csv (or with it misnamed) must not read as clean
    let dir = std::env::temp_dir().join(format!("chargeshift-partial-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/fleet-small/csv");
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    std::fs::rename(
        dir.join("card_customer.csv"),
        dir.join("card_customers.csv"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.csv"), "anything\n").unwrap();
    let lenient = csv::read_dir(&dir, Mode::Lenient).unwrap();
    let missing: Vec<_> = lenient.report.of_class(FindingClass::MissingFile).collect();
    assert_eq!(missing.len(), 1, "{}", lenient.report);
    assert!(
        missing[0]
            .at
            .file
            .as_deref()
            .unwrap()
            .ends_with("card_customer.csv")
    );
    assert!(
        missing[0].message.contains("card–customer links"),
        "{}",
        missing[0].message
    );
    let near: Vec<_> = lenient.report.of_class(FindingClass::Syntax).collect();
    assert_eq!(near.len(), 1, "{}", lenient.report);
    assert!(
        near[0]
            .message
            .contains("is it the bundle's card_customer.csv?")
    );
    let unknown: Vec<_> = lenient.report.of_class(FindingClass::UnknownFile).collect();
    assert_eq!(unknown.len(), 1);
    assert!(
        unknown[0]
            .message
            .starts_with("notes.csv is none of the bundle's files")
    );
    // strict: the near miss and the absent file reject the import
    assert!(csv::read_dir(&dir, Mode::Strict).is_err());
    // with the file back under its name, only the unknown file is left, which strict accepts
    std::fs::rename(
        dir.join("card_customers.csv"),
        dir.join("card_customer.csv"),
    )
    .unwrap();
    let strict = csv::read_dir(&dir, Mode::Strict).unwrap();
    assert_eq!(strict.report.findings.len(), 1);
    assert_eq!(strict.report.findings[0].code, FindingClass::UnknownFile);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn an_absent_node_file_is_named() {
    let files = [
        ("user_groups.csv", "id\nA\n"),
        ("charge_cards.csv", "id,user_group\nK1,A\n"),
        ("card_customer.csv", "card,customer\nK1,C1\n"),
    ];
    let r = csv::read_memory(&files, Mode::Lenient).unwrap();
    assert!(
        r.report.of_class(FindingClass::MissingFile).any(|f| f
            .message
            .starts_with("customers.csv is absent from the bundle: the fleet holds no customers")),
        "{}",
        r.report
    );
}
