//! The user-group checks that apply to a cutover wave.
//!
//! The checks of a user-group move ([`crate::rules`]) ask whether a link survives when its two
//! ends end up in different places. A cutover does not move assets between user groups, but
//! it does put the two ends of a link on different back offices for a while: from the phase
//! the first of an asset's charge points moves until the phase the last one does. Of the
//! move's checks, these apply to a wave (the others concern ticks, providers and user groups,
//! which a cutover does not change):
//!
//! - the split link ([`crate::rules::Check::SplitLink`]) of a charge point to its **location**
//!   or **charge group** when those kinds do not bind units: one site or one access policy
//!   (tariff, who may charge) served by two back offices ([`CutoverCheck::AccessPolicySplit`],
//!   warning);
//! - the connection a **customer** keeps to its charge points and its charge groups' charge
//!   points (the card–customer and customer–charge group connections of the seed): while they
//!   are on two back offices, the customer and its cards must exist and authorize on both
//!   ([`CutoverCheck::CustomerOnBothBackOffices`], warning);
//! - the **parameter set** of charge points on both back offices (as
//!   [`crate::rules::Check::ParameterSetCopy`]: it must exist where its charge points are):
//!   it must exist on both ([`CutoverCheck::ParameterSetOnBothBackOffices`], info).
//!
//! Each is reported once per wave in which such assets first straddle the two back offices,
//! with their count, the phase until which they do, and their ids (the first
//! [`LISTED_ASSETS`] in the message, every one in the finding's assets).

use std::collections::BTreeMap;

use chargeshift_graph::{AssetId, Finding, Fleet, LinkKind, LinkKinds, NodeKind, Severity};

use super::CutoverCheck;
use super::units::Units;

/// At most this many ids are named in a finding's message.
pub const LISTED_ASSETS: usize = 10;

/// The name of phase `p`: `pilot` for 1, `wave N` for N + 1.
fn phase_name(p: u32) -> String {
    if p <= 1 {
        "the pilot".to_owned()
    } else {
        format!("wave {}", p - 1)
    }
}

/// The findings of the user-group checks that apply to the waves of a plan where unit `i`
/// moves in phase `unit_phase[i]`, with `binding` the kinds that bind units.
///
/// # Complexity
/// O(V + E + Σ_customers Σ_groups p) for p the distinct phases of a charge group, plus
/// O(A log A) to sort the A assets reported.
///
/// ```
/// use chargeshift_graph::{ChargePoint, Customer, Fleet, LinkKind, LinkKinds, UserGroup};
/// use chargeshift_planner::cutover::{checks::wave_checks, units::units};
/// let mut f = Fleet::new();
/// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
/// let c = f.add_asset("C1", Customer::default(), ug)?;
/// for id in ["CP1", "CP2"] {
///     let cp = f.add_asset(id, ChargePoint::default(), ug)?;
///     f.add_link(c, cp, LinkKind::CustomerChargePoint)?;
/// }
/// // customers do not bind here: CP1 moves in the pilot, CP2 in wave 1
/// let binding = LinkKinds::of(&[LinkKind::ChargePointLocation]);
/// let u = units(&f, binding);
/// let found = wave_checks(&f, &u, &[1, 2], binding);
/// assert_eq!(found[0].code_str(), "CO016");
/// assert!(found[0].message.starts_with("the pilot: 1 customers"));
/// # Ok::<(), chargeshift_graph::ModelError>(())
/// ```
#[must_use]
pub fn wave_checks(
    fleet: &Fleet,
    units: &Units,
    unit_phase: &[u32],
    binding: LinkKinds,
) -> Vec<Finding<CutoverCheck>> {
    // the phase of every charge point node
    let bound = (0..unit_phase.len())
        .flat_map(|i| units.nodes(i).iter().map(|n| n.index() + 1))
        .max()
        .unwrap_or(0);
    let mut phase_of = vec![0u32; bound];
    for (i, &p) in unit_phase.iter().enumerate() {
        for &cp in units.nodes(i) {
            if let Some(x) = phase_of.get_mut(cp.index()) {
                *x = p;
            }
        }
    }
    let phases = |node, kind| -> Vec<u32> {
        let mut v: Vec<u32> = fleet
            .linked(node, kind)
            .filter(|&cp| fleet.kind(cp) == Some(NodeKind::ChargePoint))
            .filter_map(|cp| phase_of.get(cp.index()).copied())
            .filter(|&p| p > 0)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    // (check, first phase) -> (last phase, assets)
    let mut found: BTreeMap<(CutoverCheck, u32, NodeKind), (u32, Vec<AssetId>)> = BTreeMap::new();
    let mut add = |check, kind, id: &str, ps: &[u32]| {
        if let (Some(&first), Some(&last)) = (ps.first(), ps.last())
            && first != last
        {
            let e = found
                .entry((check, first, kind))
                .or_insert((last, Vec::new()));
            e.0 = e.0.max(last);
            e.1.push(AssetId::new(kind, id));
        }
    };
    for (kind, link, check) in [
        (
            NodeKind::Location,
            LinkKind::ChargePointLocation,
            CutoverCheck::AccessPolicySplit,
        ),
        (
            NodeKind::ChargeGroup,
            LinkKind::ChargePointChargeGroup,
            CutoverCheck::AccessPolicySplit,
        ),
        (
            NodeKind::ParameterSet,
            LinkKind::ChargePointParameterSet,
            CutoverCheck::ParameterSetOnBothBackOffices,
        ),
    ] {
        if binding.contains(link) && kind != NodeKind::ParameterSet {
            // a binding kind never splits (units are its components)
            continue;
        }
        for (ix, _) in fleet.nodes_of_kind(kind) {
            add(check, kind, fleet.id(ix), &phases(ix, link));
        }
    }
    // a customer: its own charge points and those of its charge groups
    let mut group_phases: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for (ix, _) in fleet.nodes_of_kind(NodeKind::Customer) {
        let mut ps = phases(ix, LinkKind::CustomerChargePoint);
        for g in fleet.linked(ix, LinkKind::CustomerChargeGroup) {
            let gp = group_phases
                .entry(g.index())
                .or_insert_with(|| phases(g, LinkKind::ChargePointChargeGroup));
            ps.extend(gp.iter().copied());
        }
        ps.sort_unstable();
        ps.dedup();
        add(
            CutoverCheck::CustomerOnBothBackOffices,
            NodeKind::Customer,
            fleet.id(ix),
            &ps,
        );
    }

    let mut out = Vec::with_capacity(found.len());
    for ((check, first, kind), (last, mut ids)) in found {
        ids.sort();
        let named: Vec<&str> = ids.iter().take(LISTED_ASSETS).map(|a| &*a.id).collect();
        let more = ids.len().saturating_sub(LISTED_ASSETS);
        let list = if more > 0 {
            format!("{} and {more} more", named.join(", "))
        } else {
            named.join(", ")
        };
        let (severity, what) = match (check, kind) {
            (CutoverCheck::CustomerOnBothBackOffices, _) => (
                Severity::Warning,
                "customers have charge points (their own or their charge groups') on both back offices: each customer and its cards must exist and authorize on both",
            ),
            (CutoverCheck::ParameterSetOnBothBackOffices, _) => (
                Severity::Info,
                "parameter sets configure charge points on both back offices: each must exist on both",
            ),
            (_, NodeKind::Location) => (
                Severity::Warning,
                "sites have charge points on both back offices (locations do not bind units): one site served by two back offices",
            ),
            _ => (
                Severity::Warning,
                "charge groups have charge points on both back offices (charge groups do not bind units): one access policy and tariff served by two back offices",
            ),
        };
        out.push(
            Finding::new(
                check,
                severity,
                format!(
                    "{}: {} {what}, until {} moves ({list})",
                    phase_name(first),
                    ids.len(),
                    phase_name(last)
                ),
            )
            .with_asset_ids(ids),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cutover::units::{DEFAULT_BINDING, units};
    use chargeshift_graph::{
        ChargeGroup, ChargePoint, Customer, Location, ParameterSet, UserGroup,
    };

    #[test]
    fn what_straddles_two_back_offices_is_reported_once_at_the_wave_it_starts() {
        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let site = f.add_asset("L1", Location::default(), ug).unwrap();
        let cg = f.add_asset("CG1", ChargeGroup::default(), ug).unwrap();
        let ps = f.add_asset("PS1", ParameterSet::default(), ug).unwrap();
        let c = f.add_asset("C1", Customer::default(), ug).unwrap();
        let lone = f.add_asset("C2", Customer::default(), ug).unwrap();
        let mut cps = Vec::new();
        for id in ["A", "B", "C", "D"] {
            let cp = f.add_asset(id, ChargePoint::default(), ug).unwrap();
            f.add_link(cp, ps, LinkKind::ChargePointParameterSet)
                .unwrap();
            cps.push(cp);
        }
        // A and B share a site (binding); C is in a charge group C1 may use; D is C1's own
        f.add_link(cps[0], site, LinkKind::ChargePointLocation)
            .unwrap();
        f.add_link(cps[1], site, LinkKind::ChargePointLocation)
            .unwrap();
        f.add_link(cps[2], cg, LinkKind::ChargePointChargeGroup)
            .unwrap();
        f.add_link(c, cg, LinkKind::CustomerChargeGroup).unwrap();
        f.add_link(c, cps[3], LinkKind::CustomerChargePoint)
            .unwrap();
        f.add_link(lone, cps[3], LinkKind::CustomerChargePoint)
            .unwrap();
        let binding = LinkKinds::of(&DEFAULT_BINDING);
        let u = units(&f, binding);
        // units: {A, B}, {C}, {D}: moved in phases 1, 2, 3
        assert_eq!(u.units.len(), 3);
        let found = wave_checks(&f, &u, &[1, 2, 3], binding);
        let got: Vec<(&str, Severity, &str)> = found
            .iter()
            .map(|x| (x.code_str(), x.severity, x.message.as_str()))
            .collect();
        assert_eq!(got.len(), 2, "{got:#?}");
        assert_eq!(got[0].0, "CO016");
        assert!(
            got[0].2.starts_with("wave 1: 1 customers")
                && got[0].2.ends_with("until wave 2 moves (C1)"),
            "{}",
            got[0].2
        );
        assert_eq!((got[1].0, got[1].1), ("CO017", Severity::Info));
        assert!(
            got[1].2.starts_with("the pilot: 1 parameter sets"),
            "{}",
            got[1].2
        );
        // all in one phase: nothing straddles
        assert!(wave_checks(&f, &u, &[2, 2, 2], binding).is_empty());
        // without binding sites, the site splits
        let loose = LinkKinds::of(&[LinkKind::CustomerChargePoint]);
        let u = units(&f, loose);
        let phases: Vec<u32> = (1..=u32::try_from(u.units.len()).unwrap()).collect();
        let found = wave_checks(&f, &u, &phases, loose);
        assert!(
            found.iter().any(|x| x.code_str() == "CO015"
                && x.message.contains("sites")
                && x.message.contains("(L1)")),
            "{found:#?}"
        );
    }
}
