//! The wave plan as Markdown for an operations team: the counts first, then the schedule, the
//! findings, the pilot, every wave, and a Mermaid Gantt of the phases.

use std::fmt::Write as _;

use compact_str::CompactString;

use super::CutoverPlan;

/// At most this many unit ids are listed per wave; the routing table has every charge point.
const LISTED_UNITS: usize = 50;

/// The Markdown wave plan of `plan`.
///
/// # Complexity
/// O(waves × listed units + combinations + findings).
///
/// ```
/// use chargeshift_planner::cutover::{plan, report, CutoverRequest};
/// let fleet = chargeshift_graph::generate::fleet(120);
/// let p = plan(&fleet, &CutoverRequest::new("2026-03-02".parse().unwrap()))?;
/// let md = report::markdown(&p);
/// assert!(md.starts_with("# Cutover plan\n\n- 120 charge points"));
/// assert!(md.contains("```mermaid\ngantt"));
/// # Ok::<(), chargeshift_planner::cutover::CutoverError>(())
/// ```
#[must_use]
pub fn markdown(plan: &CutoverPlan) -> String {
    let s = &plan.summary;
    let bo = &plan.request.back_offices;
    let mut out = String::from("# Cutover plan\n\n");
    let _ = writeln!(
        out,
        "- {} charge points in {} migration units at {} sites (largest unit: {} charge points)",
        s.charge_points, s.units, s.sites, s.largest_unit
    );
    let _ = writeln!(
        out,
        "- pilot: {} charge points in {} units, covering {} of {} vendor × model × firmware combinations",
        s.pilot_charge_points,
        plan.pilot.units.len(),
        plan.pilot.covered.len(),
        plan.pilot.combinations
    );
    let _ = writeln!(
        out,
        "- {} waves, from {} to {}, starting {}",
        s.waves, bo.old, bo.new, plan.request.start_date
    );
    let _ = writeln!(
        out,
        "- findings: {} errors, {} warnings\n",
        s.errors, s.warnings
    );
    out.push_str("| phase | name | charge points | start | soak ends |\n|---|---|---|---|---|\n");
    for p in &plan.schedule {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            p.phase, p.name, p.charge_points, p.start, p.soak_end
        );
    }

    if !plan.findings.is_empty() {
        out.push_str("\n## Findings\n\n");
        for f in &plan.findings {
            let _ = writeln!(
                out,
                "- **{}** {} ({}): {}",
                f.severity,
                f.code_str(),
                f.check(),
                f.message
            );
        }
    }

    if let Some(log) = &plan.log {
        out.push_str("\n## Segments from the OCPP log\n\n");
        let _ = writeln!(
            out,
            "{}: {} BootNotifications of {} identities; vendor, model and firmware of {} charge points taken from their latest boot; {} differences from the fleet, {} identities not in the fleet, {} BootNotifications that do not decode.",
            log.log,
            log.boots,
            log.identities,
            log.applied,
            log.differences.len(),
            log.missing_from_fleet.len(),
            log.bad_boots.len()
        );
        if !log.differences.is_empty() {
            out.push_str(
                "\n| charge point | field | fleet | log (used) | line |\n|---|---|---|---|---|\n",
            );
            for d in &log.differences {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    d.identity,
                    d.field,
                    d.fleet.as_deref().unwrap_or("-"),
                    d.log.as_deref().unwrap_or("-"),
                    d.line
                );
            }
        }
        if !log.missing_from_fleet.is_empty() {
            out.push_str("\nNot in the fleet (in no unit and no phase):\n\n");
            for m in &log.missing_from_fleet {
                let _ = writeln!(
                    out,
                    "- {} (line {}): {} / {} / {}",
                    m.identity,
                    m.line,
                    m.vendor,
                    m.model,
                    m.firmware.as_deref().unwrap_or("")
                );
            }
        }
    }

    let p = &plan.pilot;
    out.push_str("\n## Pilot\n\n");
    let _ = writeln!(
        out,
        "{} charge points (limit {}) at {} sites, units {}; chosen by {} search among {} candidate units ({} units with a critical charge point left out).\n",
        p.charge_points.len(),
        p.limit,
        p.sites.len(),
        list(&p.units),
        match p.method {
            super::pilot::PilotMethod::Exact => "exact",
            _ => "greedy",
        },
        p.candidates,
        p.critical_units
    );
    match p.optimum {
        Some(o) => {
            let _ = writeln!(
                out,
                "Coverage: {} combinations, the exact optimum ({o}) for this limit.\n",
                p.covered.len()
            );
        }
        None => {
            let _ = writeln!(
                out,
                "Coverage: {} combinations by greedy choice, proven at least {:.1} % of the optimum; the optimum is at most {}.\n",
                p.covered.len(),
                p.guarantee * 100.0,
                p.optimum_at_most
            );
        }
    }
    if !p.covered.is_empty() {
        out.push_str("Covered:\n\n");
        for c in &p.covered {
            let _ = writeln!(out, "- {c}");
        }
    }
    if !p.uncovered.is_empty() {
        out.push_str("\nNot covered:\n\n");
        for u in &p.uncovered {
            let why = match u.reason {
                super::pilot::UncoveredReason::OnlyCritical => "only at critical sites",
                super::pilot::UncoveredReason::UnitsTooLarge => {
                    "its units are larger than the limit"
                }
                _ => "did not fit",
            };
            let _ = writeln!(out, "- {}: {why}", u.combination);
        }
    }

    out.push_str("\n## Waves\n");
    for w in &plan.waves {
        let _ = writeln!(
            out,
            "\n### Wave {} (phase {}){}\n",
            w.number,
            w.phase,
            if w.over_limit { ", over the limit" } else { "" }
        );
        let group = if w.group.is_empty() { "-" } else { &w.group };
        let crit = if w.criticality.is_empty() {
            "-"
        } else {
            &w.criticality
        };
        let _ = writeln!(
            out,
            "- {} charge points at {} sites; group {group}; criticality {crit}",
            w.charge_points.len(),
            w.sites.len()
        );
        let _ = writeln!(out, "- units: {}", list(&w.units));
        match w.field_days {
            Some(d) => {
                let _ = writeln!(
                    out,
                    "- start {}, {d} field days, then soak {} days until {}",
                    w.start, w.soak_days, w.soak_end
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "- start {}, soak {} days until {}",
                    w.start, w.soak_days, w.soak_end
                );
            }
        }
        let c = &w.success;
        let _ = writeln!(
            out,
            "- success: availability ≥ {} %, charging success ≥ {} %, authorization success ≥ {} %, reconnects ≤ {} per charge point per day",
            c.availability_min_pct,
            c.charging_success_min_pct,
            c.authorization_success_min_pct,
            c.max_reconnects_per_charge_point_per_day
        );
        let _ = writeln!(
            out,
            "- rollback: {} routing rows back to {}, restoring phase {}",
            w.rollback.rows.len(),
            bo.old,
            w.rollback.restores_phase
        );
        let _ = writeln!(out, "- sign-off: {}", w.sign_off_owner);
        let _ = writeln!(out, "- communications: {}", w.communications);
    }

    out.push_str(
        "\n## Phases\n\n```mermaid\ngantt\n    title Cutover phases\n    dateFormat YYYY-MM-DD\n",
    );
    for p in &plan.schedule {
        let section = if p.phase == 1 { "Pilot" } else { "Waves" };
        if p.phase <= 2 {
            let _ = writeln!(out, "    section {section}");
        }
        let _ = writeln!(
            out,
            "    {} ({} charge points) :p{}, {}, {}",
            capitalise(&p.name),
            p.charge_points,
            p.phase,
            p.start,
            p.soak_end
        );
    }
    out.push_str("```\n");
    out
}

fn list(ids: &[CompactString]) -> String {
    if ids.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<&str> = ids
        .iter()
        .take(LISTED_UNITS)
        .map(CompactString::as_str)
        .collect();
    let mut s = shown.join(", ");
    if ids.len() > LISTED_UNITS {
        let _ = write!(
            s,
            " and {} more (the routing table lists every charge point)",
            ids.len() - LISTED_UNITS
        );
    }
    s
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::cutover::{CutoverRequest, plan};

    #[test]
    fn counts_first_then_waves_and_a_gantt_of_every_phase() {
        let fleet = chargeshift_graph::generate::fleet(200);
        let mut r = CutoverRequest::new("2026-03-02".parse().unwrap());
        r.waves.max_charge_points = 50;
        let p = plan(&fleet, &r).unwrap();
        let md = super::markdown(&p);
        let first_wave = md.find("### Wave 1").unwrap();
        assert!(md.find("200 charge points").unwrap() < first_wave);
        assert_eq!(md.matches("### Wave ").count(), p.waves.len());
        let gantt = &md[md.find("```mermaid").unwrap()..];
        assert_eq!(gantt.matches(" :p").count(), p.waves.len() + 1);
        assert!(gantt.contains(":p1, 2026-03-02, 2026-03-09"));
    }
}
