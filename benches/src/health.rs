//! The simulator's traffic mix the health benchmark and the health log generator use, shared by
//! `benches/health.rs` (criterion) and `examples/health_log.rs` (the 1M and 10M-frame logs of
//! the peak-memory runs).

use chargeshift_graph::Fleet;
use chargeshift_ocpp::OcppVersion;
use chargeshift_planner::health::simulate::{Faults, SimChargePoint, SimOptions, charge_points};

/// The charge points of `fleet` as the health benchmarks simulate them: every second one speaks
/// OCPP 2.0.1 (the others 1.6) and one in eight (the 4th and the 7th of every 16, a 2.0.1 and a
/// 1.6 one) has every fault of [`Faults::all`] (reboot loop, faulted connector, rejected tokens,
/// non-conforming frames), so the mix holds rejections, reconnects, error codes and leniency
/// deviations as a real fleet's traffic does.
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(16);
/// let cps = chargeshift_benches::health::mix(&fleet);
/// assert_eq!(cps.len(), 16);
/// assert_eq!(cps.iter().filter(|c| c.faults.reboot_loop).count(), 2);
/// ```
#[must_use]
pub fn mix(fleet: &Fleet) -> Vec<SimChargePoint> {
    let mut cps = charge_points(fleet, OcppVersion::V16);
    for (i, c) in cps.iter_mut().enumerate() {
        if i % 2 == 1 {
            c.version = OcppVersion::V201;
        }
        if matches!(i % 16, 3 | 6) {
            c.faults = Faults::all();
        }
    }
    cps
}

/// The simulator's options of the benchmarks: `days` days from 2026-03-02, a heartbeat every
/// `heartbeat_secs`, `sessions_per_day` sessions per charge point and day, the fleet's first 20
/// cards as its tokens (the rest of the sessions roam).
///
/// ```
/// let fleet = chargeshift_graph::generate::fleet(4);
/// let o = chargeshift_benches::health::options(&fleet, 2, 600, 4);
/// assert_eq!((o.days, o.heartbeat_secs, o.sessions_per_day), (2, 600, 4));
/// ```
///
/// # Panics
/// Never (the start is a fixed, valid instant).
#[must_use]
#[expect(clippy::expect_used, reason = "fixed, valid instant")]
pub fn options(fleet: &Fleet, days: u32, heartbeat_secs: i64, sessions_per_day: u32) -> SimOptions {
    let mut o = SimOptions::new(
        "2026-03-02T00:00:00Z".parse().expect("a valid instant"),
        days,
    );
    o.heartbeat_secs = heartbeat_secs;
    o.sessions_per_day = sessions_per_day;
    let tokens: Vec<String> = fleet
        .nodes_of_kind(chargeshift_graph::NodeKind::ChargeCard)
        .map(|(_, n)| n.id().to_owned())
        .take(20)
        .collect();
    if !tokens.is_empty() {
        o.tokens = tokens;
    }
    o
}
