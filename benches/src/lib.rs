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
