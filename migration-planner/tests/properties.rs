//! Property tests on generated fleets, and the committed JSON Schemas.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::{Fleet, NodeIndex, NodeKind};
use chargeshift_planner::cutover::{CutoverPlan, CutoverRequest};
use chargeshift_planner::plan::{Plan, plan};
use chargeshift_planner::request::{AssetId, MigrationRequest};
use chargeshift_planner::simulate::{apply, lost_links};
use proptest::prelude::*;

fn movable(f: &Fleet) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = f
        .nodes()
        .filter(|(_, n)| {
            matches!(
                n.kind(),
                NodeKind::ChargeCard
                    | NodeKind::Customer
                    | NodeKind::ChargePoint
                    | NodeKind::Location
                    | NodeKind::ChargeGroup
            )
        })
        .map(|(ix, _)| ix)
        .collect();
    v.sort_unstable();
    v
}

/// A request for a few assets to a user group under the provider of the first one.
fn request(f: &Fleet, picks: &[usize], target_pick: usize) -> Option<MigrationRequest> {
    let assets = movable(f);
    let first = *assets.get(picks[0] % assets.len())?;
    let provider = f.provider_of(f.user_group_of(first)?);
    let mut groups: Vec<NodeIndex> = f
        .nodes_of_kind(NodeKind::UserGroup)
        .map(|(ix, _)| ix)
        .filter(|&u| f.provider_of(u) == provider)
        .collect();
    groups.sort_unstable();
    let target = groups[target_pick % groups.len()];
    let mut req = MigrationRequest::to(f.id(target));
    for p in picks {
        let a = assets[p % assets.len()];
        if f.user_group_of(a).and_then(|u| f.provider_of(u)) == provider {
            req.assets.push(AssetId::of(f, a));
        }
    }
    Some(req)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn keep_connections_loses_nothing_and_replanning_is_empty(
        cps in 10usize..50,
        seed in 0u64..1000,
        picks in proptest::collection::vec(0usize..10_000, 1..5),
        target_pick in 0usize..100,
    ) {
        let f = generate_fleet(&FleetSpec::new(cps).seed(seed)).unwrap().fleet;
        let Some(req) = request(&f, &picks, target_pick) else { return Ok(()) };
        let p = plan(&f, &req).unwrap();
        prop_assume!(!p.is_blocked());
        prop_assert!(p.simulation.preservation.preserved);
        prop_assert!(p.simulation.preservation.cut.is_empty());
        prop_assert!(p.simulation.split_links_at_end.is_empty(), "{:?}", p.simulation.split_links_at_end);
        prop_assert_eq!(p.simulation.steps.last().map_or(0, |s| s.split_links_after), 0);

        // deterministic: byte-identical JSON
        let again = plan(&f, &req).unwrap();
        prop_assert_eq!(p.to_json().unwrap(), again.to_json().unwrap());

        // applying the plan and planning again gives zero steps, and no link is lost
        let mut after = f.clone();
        apply(&mut after, &p.steps).unwrap();
        prop_assert!(lost_links(&f, &after).is_empty());
        let replan = plan(&after, &req).unwrap();
        prop_assert!(replan.steps.is_empty(), "{:?}", replan.steps);
    }
}

fn check_schema(file: &str, current: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    if std::env::var_os("CHARGESHIFT_BLESS").is_some() {
        std::fs::write(&path, current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "{} is stale: run `CHARGESHIFT_BLESS=1 cargo test -p chargeshift-planner --test properties schema`",
        path.display()
    );
}

#[test]
fn schema_files_are_current() {
    check_schema("plan.schema.json", &Plan::json_schema());
    check_schema("request.schema.json", &MigrationRequest::json_schema());
    check_schema(
        "health-report.schema.json",
        &chargeshift_planner::health::report::HealthReport::json_schema(),
    );
    check_schema("cutover.schema.json", &CutoverPlan::json_schema());
    check_schema(
        "cutover-request.schema.json",
        &CutoverRequest::json_schema(),
    );
}

#[test]
fn the_cutover_example_and_its_plan_follow_their_schemas() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("../examples/cutover/request.json")).unwrap();
    let req: CutoverRequest = serde_json::from_str(&text).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let request_schema = validator("cutover-request.schema.json");
    assert_eq!(schema_errors(&request_schema, &doc), Vec::<String>::new());
    let mut bad = doc;
    bad["ocpp"]["new"]["slot"] = serde_json::json!("two");
    assert!(serde_json::from_value::<CutoverRequest>(bad.clone()).is_err());
    assert!(
        !request_schema.is_valid(&bad),
        "the request schema checks nothing"
    );
    let fleet = chargeshift_graph::document::from_json(
        &std::fs::read_to_string(root.join("../examples/fleet/fleet.json")).unwrap(),
    )
    .unwrap();
    let p = chargeshift_planner::cutover::plan(&fleet, &req).unwrap();
    let v = serde_json::to_value(&p).unwrap();
    let schema = validator("cutover.schema.json");
    assert_eq!(schema_errors(&schema, &v), Vec::<String>::new());
    let mut broken = v.clone();
    broken["routing"]["assignments"][0]["phase"] = serde_json::json!(-1);
    assert!(!schema.is_valid(&broken), "the plan schema checks nothing");
    let back: CutoverPlan = serde_json::from_value(v).unwrap();
    assert_eq!(back, p);
}

/// A validator for one of the committed schema files.
fn validator(file: &str) -> jsonschema::Validator {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

fn schema_errors(v: &jsonschema::Validator, doc: &serde_json::Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn example_requests_parse_and_follow_the_schema() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/requests");
    let schema = validator("request.schema.json");
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let _: MigrationRequest = serde_json::from_str(&text).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors = schema_errors(&schema, &doc);
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    // and the schema rejects what serde rejects
    let bad = serde_json::json!({"assets": [{"kind": "charge_point"}], "target": 7});
    assert!(serde_json::from_value::<MigrationRequest>(bad.clone()).is_err());
    assert!(!schema.is_valid(&bad));
}

#[test]
fn plan_json_follows_its_schema_and_reads_back() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fleet = chargeshift_graph::document::from_json(
        &std::fs::read_to_string(root.join("../examples/fleet/fleet.json")).unwrap(),
    )
    .unwrap();
    let schema = validator("plan.schema.json");
    for file in [
        "private-site-to-rotterdam.json",
        "customer-into-sub-provider.json",
    ] {
        let text = std::fs::read_to_string(root.join("../examples/requests").join(file)).unwrap();
        let req: MigrationRequest = serde_json::from_str(&text).unwrap();
        let p = plan(&fleet, &req).unwrap();
        let json = p.to_json().unwrap();
        // the document follows the published schema
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors = schema_errors(&schema, &v);
        assert!(errors.is_empty(), "{file}: {errors:?}");
        let mut broken = v.clone();
        broken["steps"] = serde_json::json!("not a list");
        assert!(!schema.is_valid(&broken), "the schema checks nothing");
        // a plan read back from JSON is the same plan (but for the skipped internal fields)
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_json().unwrap(), json);
        // and applying it (ids and ticks from the options) gives the same fleet as the original
        let (mut a, mut b) = (fleet.clone(), fleet.clone());
        apply(&mut a, &p.steps).unwrap();
        apply(&mut b, &back.steps).unwrap();
        assert_eq!(
            chargeshift_graph::document::to_json(&a).unwrap(),
            chargeshift_graph::document::to_json(&b).unwrap()
        );
    }
}

/// Every option key of a value, removed: a plan as it was written before options had keys.
fn without_option_keys(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if m.contains_key("label") && m.contains_key("ticked") {
                m.remove("key");
            }
            m.values_mut().for_each(without_option_keys);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(without_option_keys),
        _ => {}
    }
}

#[test]
fn a_plan_written_before_option_keys_still_reads_and_applies_alike() {
    let fleet = chargeshift_graph::document::from_json(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/fleet/fleet.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let req: MigrationRequest = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/requests/private-site-to-rotterdam.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let p = plan(&fleet, &req).unwrap();
    let mut old = serde_json::to_value(&p).unwrap();
    without_option_keys(&mut old);
    assert!(!old.to_string().contains("\"key\""));
    let back: Plan = serde_json::from_value(old.clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(&p).unwrap()
    );
    let (mut a, mut b) = (fleet.clone(), fleet);
    apply(&mut a, &p.steps).unwrap();
    apply(&mut b, &back.steps).unwrap();
    assert_eq!(
        chargeshift_graph::document::to_json(&a).unwrap(),
        chargeshift_graph::document::to_json(&b).unwrap()
    );

    // an option whose label no form has, without a key, is refused with the plan version named
    let text = old
        .to_string()
        .replacen("\"Provider change allowed\"", "\"Provider switch\"", 1);
    let err = serde_json::from_str::<Plan>(&text).unwrap_err().to_string();
    assert!(
        err.contains("\"Provider switch\"") && err.contains("a plan of version 1"),
        "{err}"
    );
}
