//! The provider boundary: self-service moves stay under one provider.

use chargeshift_graph::NodeIndex;

use super::{Check, Finding, Rule, Stages, finding};

/// CS002, CS003, CS004: assets of the steps whose provider is not the target's: refused (another
/// provider, a sub-provider) or, when the request allows a provider change, a warning.
#[derive(Debug, Clone, Copy)]
pub struct ProviderBoundary;

impl Rule for ProviderBoundary {
    fn checks(&self) -> &'static [Check] {
        &[
            Check::ProviderBoundary,
            Check::SubProvider,
            Check::ProviderChange,
        ]
    }

    fn inspects(&self) -> &'static str {
        "the provider of every asset of the steps against the target's"
    }

    fn run(&self, s: &Stages<'_>, out: &mut Vec<Finding>) {
        let fleet = s.fleet;
        let target = s.resolved.target;
        let target_provider = fleet.provider_of(target);
        let crossing: Vec<NodeIndex> = s
            .built
            .stepped()
            .into_iter()
            .filter(|&n| {
                fleet.user_group_of(n).and_then(|u| fleet.provider_of(u)) != target_provider
            })
            .collect();
        if crossing.is_empty() {
            return;
        }
        let tp = target_provider.map_or("no provider", |p| fleet.id(p));
        let into_sub = target_provider.is_some_and(|p| fleet.is_sub_provider(p));
        let f = if s.request.policy.allow_provider_change {
            finding(
                Check::ProviderChange,
                format!(
                    "{} asset(s) change provider (to {tp}): \"Provider change allowed\" is ticked on their steps; tariffs and products are not inherited and every tariff link must be re-mapped; a migration into another provider or a sub-provider is requested with the account manager (CSM, Sales, Onboarding or Support)",
                    crossing.len()
                ),
            )
        } else if into_sub {
            finding(
                Check::SubProvider,
                format!(
                    "{} is under the sub-provider {tp}: self-service moves stay under one provider; request this migration with the account manager (CSM, Sales, Onboarding or Support), or allow a provider change",
                    fleet.id(target)
                ),
            )
        } else {
            finding(
                Check::ProviderBoundary,
                format!(
                    "{} asset(s) would leave their provider for {tp}: self-service moves stay under one provider; allow a provider change (with the account manager) or pick a target under the same provider",
                    crossing.len()
                ),
            )
        };
        out.push(f.with_assets(fleet, &crossing));
    }
}
