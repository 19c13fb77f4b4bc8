//! Owned resources along the move: tariffs to re-map or inherited, parameter sets to copy.

use chargeshift_graph::{LinkKind, NodeIndex};

use super::{Check, Finding, Rule, Stages, finding};
use crate::forms::COPY_PARAMETER_SET;

/// CS005, CS006: tariff links of the stepped assets whose tariff the target does not inherit
/// (re-map them), or the note that every tariff is inherited.
#[derive(Debug, Clone, Copy)]
pub struct Tariffs;

impl Rule for Tariffs {
    fn checks(&self) -> &'static [Check] {
        &[Check::TariffRemap, Check::TariffsInherited]
    }

    fn inspects(&self) -> &'static str {
        "the tariff links of the assets of the steps against the tariffs the target inherits"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let fleet = s.fleet;
        let target = fleet.id(s.resolved.target);
        if s.tariff_remap.is_empty() {
            let any_tariff = s.built.stepped().into_iter().any(|n| {
                fleet.links_of(n).any(|l| {
                    l.link.kind == LinkKind::ChargeGroupTariff
                        || (l.link.kind == LinkKind::CustomerChargeGroup && l.link.tariff.is_some())
                })
            });
            if any_tariff {
                out.push(finding(
                    Check::TariffsInherited,
                    format!(
                        "every tariff of the moving assets is inherited in {target}: the tariff links remain, no preparation needed"
                    ),
                ));
            }
        } else {
            out.push(
                finding(
                    Check::TariffRemap,
                    format!(
                        "{} tariff link(s) use a tariff that is not inherited in {target}: re-map them after the move",
                        s.tariff_remap.len()
                    ),
                )
                .with_links(s.tariff_remap.iter().map(|t| t.link.clone()).collect()),
            );
        }
    }
}

/// CS007: charge points whose parameter set does not exist in the target: their step ticks
/// "Copy parameter set ...".
#[derive(Debug, Clone, Copy)]
pub struct ParameterSets;

impl Rule for ParameterSets {
    fn checks(&self) -> &'static [Check] {
        &[Check::ParameterSetCopy]
    }

    fn inspects(&self) -> &'static str {
        "the parameter set of every moving charge point against the sets the target can use"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let copies = &s.built.ps_copies;
        if copies.is_empty() {
            return;
        }
        let cps: Vec<NodeIndex> = copies.iter().map(|&(cp, _)| cp).collect();
        out.push(
            finding(
                Check::ParameterSetCopy,
                format!(
                    "{} charge point(s) use a parameter set that does not exist in {}: tick \"{COPY_PARAMETER_SET}\"",
                    copies.len(),
                    s.fleet.id(s.resolved.target)
                ),
            )
            .with_assets(s.fleet, &cps),
        );
    }
}
