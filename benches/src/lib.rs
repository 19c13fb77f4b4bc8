//! Shared helpers of the chargeshift benchmarks.

pub mod frames;
pub mod health;

/// Whether the benchmark binary runs as a real benchmark (`cargo bench`) rather than as a quick
/// check that every benchmark still runs (`cargo test --benches`, which runs each one once).
///
/// Benchmarks use it to keep their largest inputs out of the quick check.
///
/// ```
/// // doctests never run with --bench
/// assert!(!chargeshift_benches::full_run());
/// ```
#[must_use]
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// A fleet with one hub: the customer `FLEET-ACCOUNT` of the provider `UG`, linked to `n` charge
/// points (an operator's fleet account), and an empty sub-group `UG2` to move it to.
///
/// ```
/// let f = chargeshift_benches::hub(3);
/// assert_eq!(f.node_count(), 1 + 1 + 1 + 3);
/// ```
///
/// # Panics
/// Never for `n` below 10 million (the ids are unique).
#[must_use]
#[expect(clippy::expect_used, reason = "fixed, valid fixture")]
pub fn hub(n: usize) -> chargeshift_graph::Fleet {
    use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, UserGroup};
    let mut f = Fleet::new();
    let provider = UserGroup {
        is_provider: true,
        ..UserGroup::default()
    };
    let ug = f.add_user_group("UG", provider, None).expect("new fleet");
    f.add_user_group("UG2", UserGroup::default(), Some(ug))
        .expect("new id");
    let c = f
        .add_asset("FLEET-ACCOUNT", Customer::default(), ug)
        .expect("new id");
    for i in 0..n {
        let cp = f
            .add_asset(&format!("CP{i:07}"), ChargePoint::default(), ug)
            .expect("new id");
        f.add_link(c, cp, LinkKind::CustomerChargePoint)
            .expect("new link");
    }
    f
}

/// A copy of `old` with differences planted every `every`-th node (by index): a charge point's
/// firmware changed, a card removed, a charge point's location link cut, and one extra
/// customer; for the reconciliation benchmarks. Returns the copy and how many were planted.
///
/// ```
/// let old = chargeshift_graph::generate::fleet(50);
/// let (new, planted) = chargeshift_benches::planted_copy(&old, 10);
/// assert!(planted > 1);
/// assert_ne!(new.node_count() + new.link_count(), 0);
/// ```
#[must_use]
pub fn planted_copy(
    old: &chargeshift_graph::Fleet,
    every: usize,
) -> (chargeshift_graph::Fleet, usize) {
    use chargeshift_graph::{Customer, LinkKind, NodeDataMut, NodeKind};
    let mut new = old.clone();
    let picked: Vec<_> = old
        .nodes()
        .map(|(ix, n)| (ix, n.kind()))
        .enumerate()
        .filter(|(i, _)| i % every.max(1) == every.max(1) / 2)
        .map(|(_, x)| x)
        .collect();
    let mut planted = 0;
    for (ix, kind) in picked {
        match kind {
            NodeKind::ChargePoint => {
                if let Some(loc) = new.target_of(ix, LinkKind::ChargePointLocation) {
                    planted += new.cut_link(ix, loc, LinkKind::ChargePointLocation);
                } else if let Some(NodeDataMut::ChargePoint(cp)) = new.node_data_mut(ix) {
                    cp.firmware = Some("planted-9.9".into());
                    planted += 1;
                }
            }
            NodeKind::ChargeCard if new.remove_node(ix).is_some() => planted += 1,
            NodeKind::Customer => {
                if let Some(ug) = new.user_group_of(ix) {
                    let id = format!("PLANTED-{}", ix.index());
                    if new.add_asset(&id, Customer::default(), ug).is_ok() {
                        planted += 1;
                    }
                }
            }
            _ => {}
        }
    }
    (new, planted)
}

/// The reconciliation benchmarks' baseline: a plain hash join of the two fleets' node keys,
/// (kind, id) of `new` in a hash set probed with every node of `old`; the number of old nodes
/// found. O(N_old + N_new).
///
/// ```
/// let f = chargeshift_graph::generate::fleet(10);
/// assert_eq!(chargeshift_benches::node_key_join(&f, &f), f.node_count());
/// ```
#[must_use]
pub fn node_key_join(old: &chargeshift_graph::Fleet, new: &chargeshift_graph::Fleet) -> usize {
    let mut keys = std::collections::HashSet::with_capacity(new.node_count());
    for (_, n) in new.nodes() {
        keys.insert((n.kind(), n.id()));
    }
    old.nodes()
        .filter(|(_, n)| keys.contains(&(n.kind(), n.id())))
        .count()
}
