//! Scenario tests written from the seed's own cases ("How To Migrate Assets Between User Groups").
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "tests"
)]

use chargeshift_graph::{
    ChargeCard, ChargeGroup, ChargeGroupType, ChargePoint, Customer, Fleet, Link, LinkKind,
    Location, NodeIndex, NodeKind, ParameterSet, Tariff, UserGroup,
};
use chargeshift_planner::plan::{Choice, Plan, Status, plan};
use chargeshift_planner::request::{AssetId, LinkId, MigrationRequest, Policy, Selector};
use chargeshift_planner::rules::{Check, Severity};
use chargeshift_planner::simulate::{apply, lost_links};
use chargeshift_planner::steps::Operation;

struct World {
    f: Fleet,
    ix: std::collections::HashMap<&'static str, NodeIndex>,
}

impl World {
    fn get(&self, id: &str) -> NodeIndex {
        self.ix[id]
    }
}

/// Provider ACME with user groups A (source) and B (target), sub-provider SP with SPU under it,
/// another provider OTHER. In A: customer C1 with cards K1, K2, home charger HC1 at location L1,
/// Home charge group G1 (HC1, C1, tariff T-STD of ACME), parameter set PS-A owned by A on HC1.
/// Public location L2 with CP1..CP3 in public group G2 (all customers). Customer C2 with card K3.
/// Detached cards K8, K9.
fn world() -> World {
    let mut f = Fleet::new();
    let mut ix = std::collections::HashMap::new();
    let acme = f
        .add_user_group(
            "ACME",
            UserGroup {
                name: Some("Acme".into()),
                is_provider: true,
            },
            None,
        )
        .unwrap();
    let a = f
        .add_user_group("A", UserGroup::default(), Some(acme))
        .unwrap();
    let b = f
        .add_user_group("B", UserGroup::default(), Some(acme))
        .unwrap();
    let sp = f
        .add_user_group(
            "SP",
            UserGroup {
                name: None,
                is_provider: true,
            },
            Some(acme),
        )
        .unwrap();
    let spu = f
        .add_user_group("SPU", UserGroup::default(), Some(sp))
        .unwrap();
    let other = f
        .add_user_group(
            "OTHER",
            UserGroup {
                name: None,
                is_provider: true,
            },
            None,
        )
        .unwrap();
    for (k, v) in [
        ("ACME", acme),
        ("A", a),
        ("B", b),
        ("SP", sp),
        ("SPU", spu),
        ("OTHER", other),
    ] {
        ix.insert(k, v);
    }
    let t_std = f.add_asset("T-STD", Tariff::default(), acme).unwrap();
    let t_biz = f.add_asset("T-BIZ", Tariff::default(), acme).unwrap();
    let ps_a = f.add_asset("PS-A", ParameterSet::default(), a).unwrap();
    let ps_acme = f
        .add_asset("PS-ACME", ParameterSet::default(), acme)
        .unwrap();
    let c1 = f.add_asset("C1", Customer::default(), a).unwrap();
    let c2 = f.add_asset("C2", Customer::default(), a).unwrap();
    let k1 = f.add_asset("K1", ChargeCard::default(), a).unwrap();
    let k2 = f.add_asset("K2", ChargeCard::default(), a).unwrap();
    let k3 = f.add_asset("K3", ChargeCard::default(), a).unwrap();
    let k8 = f.add_asset("K8", ChargeCard::default(), a).unwrap();
    let k9 = f.add_asset("K9", ChargeCard::default(), a).unwrap();
    let hc1 = f.add_asset("HC1", ChargePoint::default(), a).unwrap();
    let l1 = f.add_asset("L1", Location::default(), a).unwrap();
    let g1 = f
        .add_asset(
            "G1",
            ChargeGroup {
                group_type: ChargeGroupType::Home,
                ..ChargeGroup::default()
            },
            a,
        )
        .unwrap();
    let l2 = f.add_asset("L2", Location::default(), a).unwrap();
    let g2 = f
        .add_asset(
            "G2",
            ChargeGroup {
                all_customers: true,
                roaming: true,
                ..ChargeGroup::default()
            },
            a,
        )
        .unwrap();
    f.add_link(k1, c1, LinkKind::CardCustomer).unwrap();
    f.add_link(k2, c1, LinkKind::CardCustomer).unwrap();
    f.add_link(k3, c2, LinkKind::CardCustomer).unwrap();
    f.add_link(c1, hc1, LinkKind::CustomerChargePoint).unwrap();
    f.add_link(hc1, l1, LinkKind::ChargePointLocation).unwrap();
    f.add_link(hc1, g1, LinkKind::ChargePointChargeGroup)
        .unwrap();
    f.add_link(hc1, ps_a, LinkKind::ChargePointParameterSet)
        .unwrap();
    f.insert_link(
        c1,
        g1,
        Link {
            kind: LinkKind::CustomerChargeGroup,
            tariff: Some(t_biz),
        },
    )
    .unwrap();
    f.add_link(g1, t_std, LinkKind::ChargeGroupTariff).unwrap();
    f.add_link(g2, t_std, LinkKind::ChargeGroupTariff).unwrap();
    for id in ["CP1", "CP2", "CP3"] {
        let cp = f.add_asset(id, ChargePoint::default(), a).unwrap();
        f.add_link(cp, l2, LinkKind::ChargePointLocation).unwrap();
        f.add_link(cp, g2, LinkKind::ChargePointChargeGroup)
            .unwrap();
        f.add_link(cp, ps_acme, LinkKind::ChargePointParameterSet)
            .unwrap();
        ix.insert(id, cp);
    }
    for (k, v) in [
        ("C1", c1),
        ("C2", c2),
        ("K1", k1),
        ("K2", k2),
        ("K3", k3),
        ("K8", k8),
        ("K9", k9),
        ("HC1", hc1),
        ("L1", l1),
        ("G1", g1),
        ("L2", l2),
        ("G2", g2),
        ("T-STD", t_std),
        ("T-BIZ", t_biz),
        ("PS-A", ps_a),
    ] {
        ix.insert(k, v);
    }
    World { f, ix }
}

fn opts(p: &Plan, step: usize) -> Vec<(String, bool)> {
    p.steps[step]
        .options
        .iter()
        .map(|o| (o.label.to_string(), o.ticked))
        .collect()
}

fn ticked(p: &Plan, step: usize) -> Vec<String> {
    opts(p, step)
        .into_iter()
        .filter(|(_, t)| *t)
        .map(|(l, _)| l)
        .collect()
}

fn has(p: &Plan, check: Check) -> bool {
    p.findings.iter().any(|f| f.code == check)
}

#[test]
fn customer_with_cards_home_charger_and_private_charge_group() {
    let w = world();
    let p = plan(
        &w.f,
        &MigrationRequest::to("B").select(Selector::Customer("C1".into())),
    )
    .unwrap();
    let ops: Vec<Operation> = p.steps.iter().map(|s| s.operation).collect();
    assert_eq!(
        ops,
        [
            Operation::MoveCustomer,
            Operation::MoveLocation,
            Operation::MoveChargePoints,
            Operation::MoveChargeGroup
        ]
    );
    // the seed's ticks: only "Also move attached cards" on the customer form
    assert_eq!(
        opts(&p, 0),
        [
            ("Provider change allowed".to_owned(), false),
            ("Detach cards".to_owned(), false),
            ("Also move attached cards".to_owned(), true),
            ("Detach charge points".to_owned(), false),
            (
                "Reset links between charge groups and this customer".to_owned(),
                false
            ),
        ]
    );
    assert_eq!(p.steps[0].moves_along, ["K1", "K2"]);
    assert_eq!(ticked(&p, 1), Vec::<String>::new());
    assert_eq!(
        ticked(&p, 2),
        ["Copy parameter set if the set doesn’t exist in the new user group"]
    );
    assert_eq!(p.steps[2].options.len(), 5);
    assert_eq!(p.steps[2].parameter_set_copies, ["HC1"]);
    assert_eq!(opts(&p, 3).len(), 3);
    assert!(ticked(&p, 3).is_empty());
    assert!(has(&p, Check::ParameterSetCopy));
    assert!(has(&p, Check::TariffsInherited));
    assert_eq!(p.status, Status::Ready, "{:#?}", p.findings);
    assert!(p.simulation.preservation.preserved);
    assert!(p.simulation.preservation.cut.is_empty());
    assert!(p.simulation.split_links_at_end.is_empty());
    assert_eq!(p.simulation.steps.last().unwrap().split_links_after, 0);
    // after the customer step alone, its links to the charge point and group are split
    assert!(p.simulation.steps[0].split_links_after > 0);
    assert_eq!(p.simulation.steps[0].moved, 3);

    // applying the plan to a clone loses no link and planning again gives nothing to do
    let mut after = w.f.clone();
    apply(&mut after, &p.steps).unwrap();
    assert!(lost_links(&w.f, &after).is_empty());
    for id in ["C1", "K1", "K2", "HC1", "L1", "G1"] {
        let n = w.get(id);
        assert_eq!(after.user_group_of(n), Some(w.get("B")), "{id}");
    }
    let again = plan(&after, &p.request).unwrap();
    assert!(again.steps.is_empty());
    assert!(has(&again, Check::NothingToDo));
}

#[test]
fn location_with_several_charge_points_moves_them_in_bulk() {
    let w = world();
    let p = plan(
        &w.f,
        &MigrationRequest::to("B").select(Selector::Location("L2".into())),
    )
    .unwrap();
    let ops: Vec<Operation> = p.steps.iter().map(|s| s.operation).collect();
    assert_eq!(
        ops,
        [
            Operation::MoveLocation,
            Operation::MoveChargePoints,
            Operation::MoveChargeGroup
        ]
    );
    assert!(p.steps[1].bulk);
    assert_eq!(p.steps[1].assets, ["CP1", "CP2", "CP3"]);
    assert!(p.steps[1].parameter_set_copies.is_empty());
    assert_eq!(opts(&p, 0).len(), 2);
    assert!(ticked(&p, 0).is_empty());
    assert_eq!(p.status, Status::Ready);
    assert!(p.simulation.split_links_at_end.is_empty());
}

#[test]
fn detached_cards_move_in_bulk_with_the_detached_filter() {
    let w = world();
    let req = MigrationRequest::to("B")
        .asset(NodeKind::ChargeCard, "K8")
        .asset(NodeKind::ChargeCard, "K9");
    let p = plan(&w.f, &req).unwrap();
    assert_eq!(p.steps.len(), 1);
    assert_eq!(p.steps[0].operation, Operation::MoveCards);
    assert_eq!(p.steps[0].filter.as_deref(), Some("Detached"));
    assert!(p.steps[0].options.is_empty());
    assert!(p.steps[0].bulk);
}

#[test]
fn charge_group_shared_with_a_customer_who_stays() {
    let mut w = world();
    // C2 is also in G1
    let (c2, g1) = (w.get("C2"), w.get("G1"));
    w.f.add_link(c2, g1, LinkKind::CustomerChargeGroup).unwrap();
    let req = MigrationRequest::to("B").asset(NodeKind::Customer, "C1");

    // pull along: G1 is C1's own charge group, so C2, the other customer in it, is pulled along;
    // the plan names C2 with the link that pulls it and the choices
    let p = plan(&w.f, &req).unwrap();
    assert_eq!(
        p.conflicts
            .iter()
            .map(|c| c.asset.id.as_str())
            .collect::<Vec<_>>(),
        ["C2"]
    );
    let conflict = &p.conflicts[0];
    assert_eq!(
        conflict.pulled_by,
        Some(AssetId::new(NodeKind::ChargeGroup, "G1"))
    );
    assert_eq!(conflict.via, Some(LinkKind::CustomerChargeGroup));
    assert!(
        matches!(&conflict.choices[0], Choice::MoveToo { assets, count } if *count == 2 && assets.iter().any(|a| a.id == "K3"))
    );
    assert!(
        matches!(&conflict.choices[1], Choice::CutLinks { allow_cut_links } if allow_cut_links.len() == 1)
    );
    assert!(matches!(&conflict.choices[2], Choice::KeepSplit { .. }));
    assert!(p.assets.iter().any(|a| a.id == "C2" && !a.requested));
    assert!(p.simulation.split_links_at_end.is_empty());
    assert_eq!(p.status, Status::ReadyWithWarnings);

    // keep the split: G1 stays, its link to C1 is split
    let keep = MigrationRequest {
        policy: Policy {
            keep_behind: vec![AssetId::new(NodeKind::ChargeGroup, "G1")],
            ..Policy::default()
        },
        ..req.clone()
    };
    let p = plan(&w.f, &keep).unwrap();
    assert!(!p.assets.iter().any(|a| a.id == "G1" || a.id == "C2"));
    assert!(has(&p, Check::SplitLink));
    assert!(p.simulation.preservation.preserved);
    assert!(!p.simulation.split_links_at_end.is_empty());

    // cut the link C1–G1 (and C1–HC1, HC1's other links would pull G1 again)
    let cut = MigrationRequest {
        policy: Policy {
            allow_cut_links: vec![
                LinkId {
                    kind: LinkKind::CustomerChargeGroup,
                    source: "C1".into(),
                    target: "G1".into(),
                },
                LinkId {
                    kind: LinkKind::CustomerChargePoint,
                    source: "C1".into(),
                    target: "HC1".into(),
                },
            ],
            ..Policy::default()
        },
        ..req
    };
    let p = plan(&w.f, &cut).unwrap();
    assert_eq!(p.steps.len(), 1);
    assert_eq!(
        ticked(&p, 0),
        [
            "Also move attached cards",
            "Detach charge points",
            "Reset links between charge groups and this customer"
        ]
    );
    assert!(p.simulation.preservation.preserved);
    assert_eq!(p.simulation.preservation.cut.len(), 2);
    assert!(
        p.simulation
            .preservation
            .cut
            .iter()
            .all(|c| c.allowed && c.step == 1)
    );
    assert!(p.simulation.split_links_at_end.is_empty());
    // G1 keeps C2: somebody can still charge there
    assert!(!has(&p, Check::ChargeGroupWithoutCustomers));
}

#[test]
fn a_charge_group_left_without_customers_is_reported() {
    let w = world();
    let req = MigrationRequest::to("B")
        .asset(NodeKind::Customer, "C1")
        .with_policy(Policy {
            allow_cut_kinds: vec![LinkKind::CustomerChargeGroup, LinkKind::CustomerChargePoint],
            ..Policy::default()
        });
    let p = plan(&w.f, &req).unwrap();
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Check::ChargeGroupWithoutCustomers)
        .expect("G1 empty");
    assert_eq!(f.assets, [AssetId::new(NodeKind::ChargeGroup, "G1")]);
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn detach_cards_leaves_the_cards_behind() {
    let w = world();
    let req = MigrationRequest::to("B")
        .asset(NodeKind::Customer, "C2")
        .with_policy(Policy {
            allow_cut_kinds: vec![LinkKind::CardCustomer],
            ..Policy::default()
        });
    let p = plan(&w.f, &req).unwrap();
    assert_eq!(ticked(&p, 0), ["Detach cards"]);
    assert!(p.simulation.preservation.preserved);
    assert_eq!(p.simulation.preservation.cut.len(), 1);
    let mut after = w.f.clone();
    apply(&mut after, &p.steps).unwrap();
    assert_eq!(after.user_group_of(w.get("K3")), Some(w.get("A")));
    assert_eq!(lost_links(&w.f, &after).len(), 1);
}

#[test]
fn a_move_into_a_sub_provider_is_refused() {
    let w = world();
    let p = plan(
        &w.f,
        &MigrationRequest::to("SPU").select(Selector::Customer("C1".into())),
    )
    .unwrap();
    assert_eq!(p.status, Status::Blocked);
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Check::SubProvider)
        .expect("sub-provider");
    assert_eq!(f.severity, Severity::Error);
    assert!(f.message.contains("account manager"));
    assert!(p.simulation.steps.iter().all(|s| s.refused));
    assert!(p.steps.iter().all(|s| {
        !s.options
            .iter()
            .any(|o| o.ticked && o.label == "Provider change allowed")
    }));

    let p = plan(
        &w.f,
        &MigrationRequest::to("OTHER").select(Selector::Customer("C1".into())),
    )
    .unwrap();
    assert_eq!(p.status, Status::Blocked);
    assert!(has(&p, Check::ProviderBoundary));
}

#[test]
fn a_provider_change_allowed_lists_the_tariff_links() {
    let w = world();
    let req = MigrationRequest::to("SPU")
        .select(Selector::Customer("C1".into()))
        .with_policy(Policy {
            allow_provider_change: true,
            ..Policy::default()
        });
    let p = plan(&w.f, &req).unwrap();
    assert_ne!(p.status, Status::Blocked, "{:#?}", p.findings);
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Check::ProviderChange)
        .unwrap();
    assert!(f.message.contains("account manager"));
    for s in &p.steps {
        assert!(s.options[0].ticked && s.options[0].label == "Provider change allowed");
    }
    let remap: Vec<String> = p
        .tariff_remap
        .iter()
        .map(|t| format!("{} {}", t.link, t.tariff))
        .collect();
    assert_eq!(
        remap,
        [
            "customer_charge_group C1 -> G1 T-BIZ",
            "charge_group_tariff G1 -> T-STD T-STD"
        ]
    );
    assert!(has(&p, Check::TariffRemap));
    assert!(p.simulation.preservation.preserved);
    assert!(p.simulation.split_links_at_end.is_empty());
}

#[test]
fn target_is_source_and_already_in_target() {
    let w = world();
    let p = plan(
        &w.f,
        &MigrationRequest::to("A").select(Selector::UserGroup("A".into())),
    )
    .unwrap();
    assert_eq!(p.status, Status::Blocked);
    assert!(has(&p, Check::TargetIsSource));
    assert!(has(&p, Check::AlreadyInTarget));
    assert!(p.steps.is_empty());
}

#[test]
fn report_only_lists_what_would_split() {
    let w = world();
    let req = MigrationRequest::to("B")
        .asset(NodeKind::Customer, "C1")
        .with_policy(Policy {
            closure: chargeshift_planner::request::ClosureMode::ReportOnly,
            ..Policy::default()
        });
    let p = plan(&w.f, &req).unwrap();
    // the customer moves with its cards only
    assert_eq!(p.steps.len(), 1);
    assert_eq!(p.simulation.split_links_at_end.len(), 2);
    assert_eq!(p.conflicts.len(), 2);
    assert!(has(&p, Check::SplitLink));
}

#[test]
fn unknown_ids_suggest_the_closest() {
    let w = world();
    let e = plan(
        &w.f,
        &MigrationRequest::to("B").asset(NodeKind::Customer, "C11"),
    )
    .unwrap_err();
    assert!(e.to_string().contains("did you mean"), "{e}");
    let e = plan(
        &w.f,
        &MigrationRequest::to("SPUU").asset(NodeKind::Customer, "C1"),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown user group \"SPUU\" (did you mean one of \"SPU\", \"SP\"?)"
    );
}

/// The codes of a plan's findings of `severity`.
fn codes(p: &Plan, severity: Severity) -> Vec<&'static str> {
    p.findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.code_str())
        .collect()
}

#[test]
fn an_asset_names_what_its_selector_names() {
    // issue #15: shared assets are found against what finally moves, not against the ids given
    let w = world();
    let by_selector = plan(
        &w.f,
        &MigrationRequest::to("B").select(Selector::Location("L2".into())),
    )
    .unwrap();
    let by_asset = plan(
        &w.f,
        &MigrationRequest::to("B").asset(NodeKind::Location, "L2"),
    )
    .unwrap();
    assert_eq!(by_asset.status, Status::Ready, "{:#?}", by_asset.findings);
    assert_eq!(by_asset.status, by_selector.status);
    assert_eq!(by_asset.findings, by_selector.findings);
    assert_eq!(
        serde_json::to_value(&by_asset.steps).unwrap(),
        serde_json::to_value(&by_selector.steps).unwrap()
    );
    assert!(by_asset.conflicts.is_empty());

    // a customer named by id: its own cards, home charger, location and charge group move
    // without a finding about them
    let p = plan(
        &w.f,
        &MigrationRequest::to("B").asset(NodeKind::Customer, "C1"),
    )
    .unwrap();
    assert_eq!(p.status, Status::Ready, "{:#?}", p.findings);
    assert!(p.conflicts.is_empty());

    // planned again after the move: nothing to do, and no warning about what already moved
    let mut after = w.f;
    apply(&mut after, &p.steps).unwrap();
    let again = plan(&after, &p.request).unwrap();
    assert!(again.steps.is_empty());
    assert_eq!(again.status, Status::Ready, "{:#?}", again.findings);
    assert!(codes(&again, Severity::Warning).is_empty());
}

#[test]
fn another_customer_pulled_along_is_named_whatever_the_selector() {
    // issue #15: with the customer selector the customer's charge groups count as named, but a
    // second customer of a shared charge group (and its cards) must not move silently
    let mut w = world();
    let (c2, g1) = (w.get("C2"), w.get("G1"));
    w.f.add_link(c2, g1, LinkKind::CustomerChargeGroup).unwrap();
    for req in [
        MigrationRequest::to("B").select(Selector::Customer("C1".into())),
        MigrationRequest::to("B").asset(NodeKind::Customer, "C1"),
        MigrationRequest::to("B").select(Selector::ChargeGroup("G1".into())),
    ] {
        let p = plan(&w.f, &req).unwrap();
        assert_eq!(p.status, Status::ReadyWithWarnings, "{req:?}");
        let c = p
            .conflicts
            .iter()
            .find(|c| c.asset.id == "C2")
            .unwrap_or_else(|| panic!("C2 named for {req:?}: {:#?}", p.conflicts));
        assert_eq!(c.via, Some(LinkKind::CustomerChargeGroup));
        let Choice::MoveToo { assets, .. } = &c.choices[0] else {
            panic!("move too first")
        };
        assert!(assets.iter().any(|a| a.id == "K3"), "C2's card is named");
        let f = p
            .findings
            .iter()
            .find(|f| f.code == Check::SharedAsset && f.assets[0].id == "C2")
            .unwrap();
        assert_eq!(
            f.message,
            "customer C2 is not named by the request: charge_group G1 pulls it along over a customer_charge_group link; moved too, with 1 more asset(s) it brings along"
        );
    }
}

#[test]
fn report_only_words_what_stays_and_counts_what_moving_it_brings() {
    let w = world();
    let req = MigrationRequest::to("B")
        .asset(NodeKind::Customer, "C1")
        .with_policy(Policy {
            closure: chargeshift_planner::request::ClosureMode::ReportOnly,
            ..Policy::default()
        });
    let p = plan(&w.f, &req).unwrap();
    let md = chargeshift_planner::runbook::markdown(&p);
    assert!(!md.contains("linked to ."), "{md}");
    assert!(!md.contains("shared with 0"), "{md}");
    // HC1 stays: moving it too brings HC1, its location L1 and its charge group G1 (G1's
    // customer C1 moves already)
    let hc1 = p.conflicts.iter().find(|c| c.asset.id == "HC1").unwrap();
    assert!(
        matches!(&hc1.choices[0], Choice::MoveToo { count, .. } if *count == 3),
        "{:?}",
        hc1.choices[0]
    );
    assert!(
        p.findings.iter().any(|f| f.message
            == "charge_point HC1 is not named by the request: it is linked to the moving assets by 1 link(s); left behind: its links to the moving assets stay split"),
        "{:#?}",
        p.findings
    );
}

#[test]
fn one_attached_card_is_not_called_a_bulk_move() {
    let w = world();
    let p = plan(
        &w.f,
        &MigrationRequest::to("B")
            .asset(NodeKind::ChargeCard, "K3")
            .with_policy(Policy {
                keep_behind: vec![AssetId::new(NodeKind::Customer, "C2")],
                ..Policy::default()
            }),
    )
    .unwrap();
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Check::BulkAttachedCards)
        .unwrap();
    assert!(
        f.message.starts_with(
            "1 card attached to a customer that does not move with it is moved with the card move"
        ),
        "{}",
        f.message
    );
    assert!(!f.message.contains("in bulk"), "{}", f.message);
}

#[test]
fn a_target_inside_the_moved_subtree_is_refused_and_targets_are_found_by_name() {
    let w = world();
    // SPU lies under SP: moving SP with its subtree into SPU is moving a group into itself
    let p = plan(
        &w.f,
        &MigrationRequest::to("SPU").select(Selector::UserGroup("SP".into())),
    )
    .unwrap();
    assert_eq!(p.status, Status::Blocked);
    let f = p
        .findings
        .iter()
        .find(|f| f.code == Check::TargetIsSource)
        .unwrap();
    assert!(f.message.contains("lies under SP"), "{}", f.message);
    // SP alone (without its subtree) into SPU is a move like any other
    let p = plan(
        &w.f,
        &MigrationRequest::to("SPU").select(Selector::UserGroupOnly("SP".into())),
    )
    .unwrap();
    assert!(!p.findings.iter().any(|f| f.code == Check::TargetIsSource));

    // ACME is named "Acme": found by its name, in any case
    let by_id = plan(
        &w.f,
        &MigrationRequest::to("ACME").asset(NodeKind::ChargeCard, "K8"),
    )
    .unwrap();
    let by_name = plan(
        &w.f,
        &MigrationRequest::to("acme").asset(NodeKind::ChargeCard, "K8"),
    )
    .unwrap();
    assert_eq!(by_name.target, by_id.target);
    let e = plan(
        &w.f,
        &MigrationRequest::to("Acmee").asset(NodeKind::ChargeCard, "K8"),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unknown user group \"Acmee\" (did you mean \"ACME\"?)"
    );
}

#[test]
fn two_user_groups_of_one_name_and_an_empty_fleet_are_errors() {
    let mut w = world();
    let acme = w.get("ACME");
    for id in ["X1", "X2"] {
        w.f.add_user_group(
            id,
            UserGroup {
                name: Some("Depot".into()),
                is_provider: false,
            },
            Some(acme),
        )
        .unwrap();
    }
    let e = plan(
        &w.f,
        &MigrationRequest::to("Depot").asset(NodeKind::ChargeCard, "K8"),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "2 user groups are named \"Depot\" (X1, X2): name one by its id"
    );
    let e = plan(
        &Fleet::new(),
        &MigrationRequest::to("B").asset(NodeKind::ChargeCard, "K8"),
    )
    .unwrap_err();
    assert!(e.to_string().starts_with("the fleet is empty"), "{e}");
}

#[test]
fn the_runbook_says_how_to_restore_what_to_verify_and_what_was_split_before() {
    // issue #15: restore from the snapshot, platform checks, links split before step 1, no
    // "expected while the rest follows" on the last step, ids as one action, the platform's
    // apostrophe
    let mut w = world();
    // C2 in B already, linked to G1 (in A): split before any step
    let (c2, g1, b) = (w.get("C2"), w.get("G1"), w.get("B"));
    w.f.set_user_group(c2, b).unwrap();
    w.f.add_link(c2, g1, LinkKind::CustomerChargeGroup).unwrap();
    let p = plan(
        &w.f,
        &MigrationRequest::to("B").select(Selector::Customer("C1".into())),
    )
    .unwrap();
    let md = chargeshift_planner::runbook::markdown(&p);
    // C2's card K3 stayed in A too
    assert_eq!(p.simulation.already_split.len(), 2);
    let before = md.find("## Links split before the first step").unwrap();
    assert!(before < md.find("## Steps").unwrap());
    assert!(
        md.contains("`customer_charge_group C2 -> G1` (B – A)"),
        "{md}"
    );
    assert!(md.contains("## If a link breaks"));
    assert!(md.contains(
        "- card–customer: in **02. eMSP Data** (snapshot file `02-emsp-data-card-customer.csv`)"
    ));
    assert!(md.contains("Verify on the platform:"));
    assert!(md.contains(
        "Open the customer account `C1` again: **\"Customer details\"** shows user group **B**"
    ));
    // the last step's check says it is the last
    let last = md.rfind("### Step").unwrap();
    assert!(!md[last..].contains("expected while the rest follows"));
    assert!(md[last..].contains("after this last step no link of the migration is split"));
    assert_eq!(
        md.matches("expected while the rest follows").count(),
        p.steps.len() - 1
    );
    assert!(
        md.contains("Copy parameter set if the set doesn\u{2019}t exist in the new user group")
    );
    assert!(!md.contains("doesn't"));
    assert!(
        md.contains("download **01. CPO Data**, **02. eMSP Data** and **04. Customer Data** again")
    );
}

#[test]
fn a_large_plan_groups_its_steps_and_findings_and_keeps_everything_in_the_json() {
    let f = chargeshift_graph::generate::fleet(400);
    let p = plan(
        &f,
        &MigrationRequest::to("ACME-R1").select(Selector::UserGroup("ACME-HOME".into())),
    )
    .unwrap();
    assert!(p.steps.len() > 50, "{}", p.steps.len());
    let md = chargeshift_planner::runbook::markdown(&p);
    assert!(md.contains("This plan is large:"));
    // one section per run of alike steps, each step a row of its table
    let sections = md.matches("\n### Step").count();
    assert!(
        sections < 10,
        "{sections} sections for {} steps",
        p.steps.len()
    );
    for s in &p.steps {
        assert!(
            md.contains(&format!("| {} | `", s.number))
                || md.contains(&format!("### Step {}:", s.number)),
            "step {} is in the runbook",
            s.number
        );
    }
    // bulk charge points: the ids are one action, not numbered lines of their own
    assert!(
        !md.lines().any(|l| l.starts_with("2. `CP")),
        "ids as a numbered action"
    );
    // ids in natural order
    let cps = &p
        .steps
        .iter()
        .find(|s| s.operation == Operation::MoveChargePoints)
        .unwrap()
        .assets;
    let mut sorted = cps.clone();
    sorted.sort_by(|a, b| chargeshift_graph::ids::natural_cmp(a, b));
    assert_eq!(cps, &sorted);
    // the JSON has every step
    let back: Plan = serde_json::from_str(&p.to_json().unwrap()).unwrap();
    assert_eq!(back.steps.len(), p.steps.len());
}

#[test]
fn many_findings_of_one_code_are_counted_with_the_first_few() {
    // the business group's customers use charge groups of other user groups: each pulled
    // along is a finding of CS011
    let f = chargeshift_graph::generate::fleet(2000);
    let p = plan(
        &f,
        &MigrationRequest::to("ACME-R1").select(Selector::UserGroup("ACME-BIZ".into())),
    )
    .unwrap();
    let n = p
        .findings
        .iter()
        .filter(|f| f.code == Check::SharedAsset)
        .count();
    assert!(n > 5, "{n}");
    let md = chargeshift_planner::runbook::markdown(&p);
    assert!(
        md.contains(&format!("`shared-asset`: {n} findings")),
        "{md}"
    );
    assert!(md.contains(&format!("and {} more (the plan JSON has them all)", n - 5)));
    assert_eq!(md.matches("`shared-asset`").count(), 1);
}
