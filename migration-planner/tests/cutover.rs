//! Property tests of the cutover plan on small generated fleets, and its JSON Schema.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::cast_possible_truncation,
    reason = "tests"
)]

use std::collections::BTreeMap;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::{Fleet, LinkKinds, NodeData, NodeKind};
use chargeshift_planner::cutover::pilot::{Candidate, exact, greedy};
use chargeshift_planner::cutover::routing::apply;
use chargeshift_planner::cutover::units::{DEFAULT_BINDING, units};
use chargeshift_planner::cutover::{CutoverPlan, CutoverRequest, plan};
use proptest::prelude::*;

const GREEDY_BOUND: f64 = 1.0 - 1.0 / std::f64::consts::E;

fn fleet(n: usize, seed: u64) -> Fleet {
    generate_fleet(&FleetSpec::new(n).seed(seed)).unwrap().fleet
}

fn request(max_pilot: usize, max_wave: usize) -> CutoverRequest {
    let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
    r.pilot.max_charge_points = Some(max_pilot);
    r.pilot.max_share = Some(0.5);
    r.pilot.critical_values = vec!["high".into()];
    r.waves.max_charge_points = max_wave;
    r
}

fn is_critical(f: &Fleet, id: &str) -> bool {
    let ix = f.find(NodeKind::ChargePoint, id).unwrap();
    match &f.node(ix).unwrap().data {
        NodeData::ChargePoint(d) => d.segments.get("criticality") == Some("high"),
        _ => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn units_never_split_a_binding_link(n in 5usize..150, seed in 0u64..1000) {
        let f = fleet(n, seed);
        let binding = LinkKinds::of(&DEFAULT_BINDING);
        let u = units(&f, binding);
        let mut unit_of = BTreeMap::new();
        for x in &u.units {
            for cp in &x.charge_points {
                prop_assert!(unit_of.insert(cp.clone(), x.id.clone()).is_none());
            }
        }
        prop_assert_eq!(unit_of.len(), n);
        // every asset's binding neighbours that are charge points are in one unit
        for (ix, _) in f.nodes() {
            let mut seen = std::collections::BTreeSet::new();
            for l in f.links_of(ix) {
                let other = l.other(ix);
                if binding.contains(l.link.kind) && f.kind(other) == Some(NodeKind::ChargePoint) {
                    seen.insert(unit_of[f.id(other)].clone());
                }
            }
            if f.kind(ix) == Some(NodeKind::ChargePoint) {
                seen.insert(unit_of[f.id(ix)].clone());
            }
            prop_assert!(seen.len() <= 1, "{} links units {:?}", f.id(ix), seen);
        }
    }

    #[test]
    fn every_charge_point_in_exactly_one_phase_and_rollback_restores(
        n in 5usize..150, seed in 0u64..1000, max_pilot in 1usize..20, max_wave in 1usize..60,
    ) {
        let f = fleet(n, seed);
        let p = plan(&f, &request(max_pilot, max_wave)).unwrap();
        let mut phase_of = BTreeMap::new();
        for cp in &p.pilot.charge_points {
            prop_assert!(phase_of.insert(cp.clone(), 1).is_none());
        }
        for w in &p.waves {
            for cp in &w.charge_points {
                prop_assert!(phase_of.insert(cp.clone(), w.phase).is_none(), "{} twice", cp);
            }
            prop_assert!(w.over_limit || w.charge_points.len() <= max_wave);
        }
        prop_assert_eq!(phase_of.len(), n);
        prop_assert_eq!(p.routing.assignments.len(), n);
        for a in &p.routing.assignments {
            prop_assert_eq!(phase_of[&a.identity], a.phase);
        }
        prop_assert!(p.routing.validate(&p.units).is_empty());
        prop_assert!(p.routing.rows(0).iter().all(|r| r.back_office == "old"));
        prop_assert!(p.routing.rows(p.routing.last_phase()).iter().all(|r| r.back_office == "new"));
        for w in &p.waves {
            let restored = apply(&p.routing.rows(w.phase), &w.rollback.rows);
            prop_assert_eq!(&restored, &p.routing.rows(w.phase - 1));
            prop_assert_eq!(w.rollback.restores_phase, w.phase - 1);
        }
        let pilot_back = apply(&p.routing.rows(1), &p.routing.rollback(1));
        prop_assert_eq!(pilot_back, p.routing.rows(0));
    }

    #[test]
    fn pilot_keeps_its_limits_and_excludes_critical_units(
        n in 5usize..200, seed in 0u64..1000, max_pilot in 0usize..30, share in 0.0f64..1.0,
    ) {
        let f = fleet(n, seed);
        let mut r = request(max_pilot, 100);
        r.pilot.max_share = Some(share);
        let p = plan(&f, &r).unwrap();
        let by_share = (share * n as f64).floor() as usize;
        prop_assert_eq!(p.pilot.limit, max_pilot.min(by_share));
        prop_assert!(p.pilot.charge_points.len() <= p.pilot.limit);
        let pilot_units: std::collections::BTreeSet<&chargeshift_planner::cutover::CompactString> = p.pilot.units.iter().collect();
        for u in p.units.iter().filter(|u| pilot_units.contains(&u.id)) {
            prop_assert!(u.charge_points.iter().all(|cp| !is_critical(&f, cp)), "critical unit {}", u.id);
        }
        prop_assert_eq!(p.pilot.covered.len() + p.pilot.uncovered.len(), p.pilot.combinations);
    }

    /// The pilot of a small fleet is the exact optimum; the greedy choice stays within the
    /// proven bound of the modified greedy for units of different sizes, (1 − 1/e)/2, and
    /// within (1 − 1/e) when every candidate unit has the same size. (With sizes that differ,
    /// (1 − 1/e) does not hold: n = 10, seed = 880, limit 9 gives greedy 4, optimum 7.)
    #[test]
    fn greedy_within_the_bound_of_the_exact_optimum_on_small_fleets(
        n in 3usize..40, seed in 0u64..1000, max_pilot in 1usize..12,
    ) {
        let f = fleet(n, seed);
        let mut r = request(max_pilot, 100);
        r.pilot.max_share = None;
        r.pilot.exact_up_to = 40;
        let p = plan(&f, &r).unwrap();
        let optimum = p.pilot.optimum.unwrap();
        prop_assert_eq!(p.pilot.covered.len(), optimum);
        prop_assert!(p.pilot.greedy_covered <= optimum);
        let candidate_sizes: std::collections::BTreeSet<usize> = p
            .units
            .iter()
            .filter(|u| u.size <= p.pilot.limit && u.charge_points.iter().all(|cp| !is_critical(&f, cp)))
            .map(|u| u.size)
            .collect();
        let bound = if candidate_sizes.len() <= 1 { GREEDY_BOUND } else { GREEDY_BOUND / 2.0 };
        prop_assert!(p.pilot.greedy_covered as f64 >= bound * optimum as f64,
            "greedy {} optimum {}", p.pilot.greedy_covered, optimum);
    }

    /// Exact on small fleets (its coverage is the optimum, guarantee 1), or greedy with a
    /// proven share of the optimum: the greedy pilot covers at least `guarantee × optimum` and
    /// its `optimum_at_most` is never below the optimum (measured by the exact search).
    #[test]
    fn pilot_is_exact_or_within_its_reported_greedy_bound(
        n in 3usize..40, seed in 0u64..1000, max_pilot in 1usize..12,
    ) {
        let f = fleet(n, seed);
        let mut r = request(max_pilot, 100);
        r.pilot.max_share = None;
        r.pilot.exact_up_to = 40;
        let exact_plan = plan(&f, &r).unwrap();
        let optimum = exact_plan.pilot.optimum.unwrap();
        prop_assert_eq!(exact_plan.pilot.guarantee, 1.0);
        prop_assert_eq!(exact_plan.pilot.optimum_at_most, optimum);
        prop_assert_eq!(exact_plan.pilot.covered.len(), optimum);
        r.pilot.exact_up_to = 0;
        let g = plan(&f, &r).unwrap().pilot;
        prop_assert!(g.optimum.is_none());
        prop_assert!(g.covered.len() as f64 >= g.guarantee * optimum as f64,
            "greedy {} guarantee {} optimum {}", g.covered.len(), g.guarantee, optimum);
        prop_assert!(g.optimum_at_most >= optimum, "at most {} optimum {}", g.optimum_at_most, optimum);
        // every uncovered combination says why, and a reachable one did not fit
        prop_assert_eq!(g.covered.len() + g.uncovered.len(), g.combinations);
    }

    /// With field-ops capacity, every wave is done within `max_days` field days (or is one
    /// unit over the limit, reported by name), and every charge point still moves once.
    #[test]
    fn field_ops_capacity_bounds_every_wave(
        n in 5usize..150, seed in 0u64..1000, per_day in 1usize..10, sites_per_day in 1usize..5,
        max_days in 1u32..4,
    ) {
        let f = fleet(n, seed);
        let mut r = request(5, 1000);
        r.waves.field_ops = Some(chargeshift_planner::cutover::waves::FieldOps {
            charge_points_per_day: Some(per_day),
            sites_per_day: Some(sites_per_day),
            max_days,
        });
        let p = plan(&f, &r).unwrap();
        let mut moved = p.pilot.charge_points.len();
        for w in &p.waves {
            moved += w.charge_points.len();
            let days = w.field_days.unwrap();
            let fits = w.charge_points.len() <= per_day * max_days as usize
                && w.sites.len() <= sites_per_day * max_days as usize;
            prop_assert_eq!(fits, days <= max_days, "wave {}", w.number);
            if w.over_limit {
                let unit = &w.units[0];
                let prefix = format!("unit {unit} ");
                let named = p.findings.iter().any(|x| x.code_str() == "CO001" && x.message.starts_with(&prefix));
                prop_assert!(named, "no finding names {}", unit);
            } else {
                prop_assert!(fits, "wave {} over the field-ops limit", w.number);
            }
        }
        prop_assert_eq!(moved, n);
    }

    #[test]
    fn deterministic_bytes(n in 5usize..120, seed in 0u64..1000) {
        let f = fleet(n, seed);
        let r = request(8, 30);
        let a = serde_json::to_string(&plan(&f, &r).unwrap()).unwrap();
        let b = serde_json::to_string(&plan(&fleet(n, seed), &r).unwrap()).unwrap();
        prop_assert_eq!(&a, &b);
        let back: CutoverPlan = serde_json::from_str(&a).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), a);
    }

    #[test]
    fn modified_greedy_bounds_on_set_systems(
        sets in prop::collection::vec((1usize..5, prop::collection::btree_set(0usize..12, 1..5)), 1..12),
        budget in 1usize..10,
        equal in any::<bool>(),
    ) {
        let cands: Vec<Candidate> = sets
            .iter()
            .map(|(size, s)| Candidate { size: if equal { 1 } else { *size }, combinations: s.iter().copied().collect() })
            .collect();
        let cover = |chosen: &[usize]| {
            let mut all: Vec<usize> = chosen.iter().flat_map(|&i| cands[i].combinations.clone()).collect();
            all.sort_unstable();
            all.dedup();
            all.len() as f64
        };
        let size = |chosen: &[usize]| chosen.iter().map(|&i| cands[i].size).sum::<usize>();
        let g = greedy(&cands, budget);
        let o = exact(&cands, budget);
        prop_assert!(size(&g) <= budget && size(&o) <= budget);
        prop_assert!(cover(&g) <= cover(&o));
        // the classical bound with equal sizes, Khuller, Moss and Naor's otherwise
        let bound = if equal { GREEDY_BOUND } else { GREEDY_BOUND / 2.0 };
        prop_assert!(cover(&g) >= bound * cover(&o), "greedy {:?} optimum {:?}", g, o);
    }
}

#[test]
fn the_plan_validates_against_its_json_schema() {
    let f = fleet(150, 3);
    let p = plan(&f, &request(10, 40)).unwrap();
    let schema = serde_json::to_value(schemars::schema_for!(CutoverPlan)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value = serde_json::to_value(&p).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let table = serde_json::to_value(&p.routing).unwrap();
    let schema = serde_json::to_value(schemars::schema_for!(
        chargeshift_planner::cutover::routing::RoutingTable
    ))
    .unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&table));
    let request = serde_json::to_value(schemars::schema_for!(CutoverRequest)).unwrap();
    assert!(
        jsonschema::validator_for(&request)
            .unwrap()
            .is_valid(&serde_json::json!({"start_date": "2026-03-02"}))
    );
}

#[test]
fn an_over_limit_unit_is_reported_with_its_links() {
    // generated fleets have sites of 15 and more charge points
    let f = fleet(400, 1);
    let p = plan(&f, &request(10, 5)).unwrap();
    let over: Vec<_> = p
        .findings
        .iter()
        .filter(|x| x.code_str() == "CO001")
        .collect();
    assert!(!over.is_empty());
    assert!(over.iter().all(|x| !x.links.is_empty()));
    assert_eq!(p.waves.iter().filter(|w| w.over_limit).count(), over.len());
    assert_eq!(
        p.summary.errors,
        p.findings
            .iter()
            .filter(|x| x.severity == chargeshift_graph::Severity::Error)
            .count()
    );
}
