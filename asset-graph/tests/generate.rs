//! The synthetic generator: shape, determinism and planted problems; queries on generated fleets.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::generate::{FleetSpec, generate, generate_fleet};
use chargeshift_graph::validate::FindingClass;
use chargeshift_graph::*;

#[test]
fn shape_of_a_generated_fleet() {
    let f = generate_fleet(&FleetSpec::new(2000)).unwrap().fleet;
    let by = f.count_by_kind();
    println!("{by:?} links {:?}", f.count_links_by_kind());
    let nodes = f.node_count() as f64 / 2000.0;
    assert!(
        (5.0..9.0).contains(&nodes),
        "{nodes} nodes per charge point"
    );
    assert_eq!(by[&NodeKind::ChargePoint], 2000);
    // a provider tree with a sub-provider
    let acme = f.find(NodeKind::UserGroup, "ACME").unwrap();
    let sub = f.find(NodeKind::UserGroup, "ACME-SP0").unwrap();
    assert!(f.is_sub_provider(sub));
    let home = f.find(NodeKind::UserGroup, "ACME-SP0-HOME").unwrap();
    assert_eq!(f.provider_of(home), Some(sub));
    assert!(f.subtree(acme).len() > 6);
    // every asset has its user group
    assert_eq!(f.assets_without_user_group().count(), 0);
    // detached cards exist
    let detached = f
        .nodes_of_kind(NodeKind::ChargeCard)
        .filter(|(ix, _)| f.target_of(*ix, LinkKind::CardCustomer).is_none())
        .count();
    assert!(detached > 50);
    // skewed criticality segment
    let crit = f.count_by_segment("criticality");
    assert!(crit["low"] > crit["high"]);
    assert!(validate::validate(&f).is_clean());
    // components over connections: home chargers form small components
    let comps = f.components(LinkKinds::CONNECTIONS);
    assert!(comps.count() > 100);
    assert_eq!(comps.sizes().iter().sum::<usize>(), f.node_count());
}

#[test]
fn messy_fleets_report_every_planted_class() {
    let imp = generate_fleet(&FleetSpec::new(3000).messy()).unwrap();
    for class in [
        FindingClass::DuplicateId,
        FindingClass::EmptyField,
        FindingClass::DanglingReference,
        FindingClass::Cardinality,
        FindingClass::Cycle,
        FindingClass::CrossProvider,
    ] {
        assert!(imp.report.of_class(class).count() >= 1, "missing {class}");
    }
}

#[test]
fn deterministic() {
    assert_eq!(
        generate(&FleetSpec::new(500).seed(4)),
        generate(&FleetSpec::new(500).seed(4))
    );
}

#[test]
fn neighbourhood_cut_and_assets_on_a_generated_fleet() {
    let f = generate_fleet(&FleetSpec::new(1000)).unwrap().fleet;
    let (cp, _) = f.nodes_of_kind(NodeKind::ChargePoint).next().unwrap();
    let n = f.neighbourhood(cp, LinkKinds::CONNECTIONS, 2);
    assert!(n.len() >= 3);
    let home = f.find(NodeKind::UserGroup, "ACME-HOME").unwrap();
    let a = f.assets_of(home, false);
    assert!(!a.is_empty());
    let rest: Vec<NodeIndex> = f
        .nodes()
        .map(|(ix, _)| ix)
        .filter(|ix| !a.contains(ix))
        .collect();
    let cut = f.cut(&a, &rest, LinkKinds::CONNECTIONS);
    let boundary = f.boundary(&a, LinkKinds::CONNECTIONS);
    assert_eq!(cut.len(), boundary.len());
}

#[test]
fn component_labels_are_the_components_flattened_largest_first() {
    use chargeshift_graph::api::{self, ComponentsRequest};
    let fleet = generate_fleet(&FleetSpec::new(300).messy())
        .expect("generated")
        .fleet;
    for links in [None, Some(vec!["card_customer".to_owned()]), Some(vec![])] {
        let kinds = api::link_kinds(links.as_deref()).expect("link kinds");
        let request = ComponentsRequest { links };
        // the reference: the components' node lists, sorted largest first (stable)
        let mut reference = fleet.components(kinds).groups();
        reference.sort_by_key(|g| std::cmp::Reverse(g.len()));
        let groups: Vec<Vec<AssetId>> = reference
            .into_iter()
            .map(|g| g.into_iter().map(|ix| AssetId::of(&fleet, ix)).collect())
            .collect();
        assert_eq!(
            api::components(&fleet, &request).expect("components"),
            groups
        );
        let rows = api::component_labels(&fleet, &request).expect("labels");
        let flat: Vec<(String, String, u32)> = (0u32..)
            .zip(&groups)
            .flat_map(|(label, g)| {
                g.iter()
                    .map(move |a| (a.kind.as_str().to_owned(), a.id.clone(), label))
            })
            .collect();
        let labelled: Vec<(String, String, u32)> = rows
            .iter()
            .map(|&(ix, label)| {
                let kind = fleet.kind(ix).expect("a node").as_str().to_owned();
                (kind, fleet.id(ix).to_owned(), label)
            })
            .collect();
        assert_eq!(labelled, flat, "links {:?}", request.links);
        assert_eq!(rows.len(), fleet.node_count());
    }
}
