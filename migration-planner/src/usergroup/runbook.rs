//! The Markdown runbook: numbered steps a person follows in the back office, with where to click,
//! which boxes to tick and untick, and what to verify after each step.

use std::fmt::Write as _;

use crate::plan::{Choice, Plan, Status};
use crate::rules::Severity;
use crate::steps::{Operation, Step};

/// At most this many ids are written inline; the rest is counted (the JSON has them all).
const LIST: usize = 25;

/// `id` as a Markdown code span, which holds any backtick in the id.
fn code(id: &str) -> String {
    if id.contains('`') {
        format!("`` {id} ``")
    } else {
        format!("`{id}`")
    }
}

fn ids(list: &[String]) -> String {
    let mut s = list
        .iter()
        .take(LIST)
        .map(|i| code(i))
        .collect::<Vec<_>>()
        .join(", ");
    if list.len() > LIST {
        let _ = write!(s, " and {} more", list.len() - LIST);
    }
    s
}

/// Where to click for step `s`, from its form in [`FORMS`](crate::forms::FORMS).
fn clicks(s: &Step) -> Vec<String> {
    let from = s.from.join(", ");
    s.operation
        .form()
        .clicks_for(s.bulk, s.filter.as_deref(), |p| match p {
            "to" => s.to.clone(),
            "from" => from.clone(),
            "assets" => ids(&s.assets),
            "filter" => s.filter.clone().unwrap_or_default(),
            _ => String::new(),
        })
}

/// The runbook of `plan` as Markdown: summary, findings, conflicts, the preparation reports,
/// the numbered steps with where to click, every box ticked or unticked and what to verify, and
/// the result of the connection-preservation check.
///
/// # Complexity
/// O(size of the plan).
///
/// ```
/// use chargeshift_graph::{ChargeCard, Customer, Fleet, LinkKind, UserGroup};
/// use chargeshift_planner::{plan::plan, request::{MigrationRequest, Selector}, runbook::markdown};
/// let mut f = Fleet::new();
/// let a = f.add_user_group("A", UserGroup::default(), None)?;
/// f.add_user_group("B", UserGroup::default(), Some(a))?;
/// let c = f.add_asset("C1", Customer::default(), a)?;
/// let k = f.add_asset("K1", ChargeCard::default(), a)?;
/// f.add_link(k, c, LinkKind::CardCustomer)?;
/// let md = markdown(&plan(&f, &MigrationRequest::to("B").select(Selector::Customer("C1".into())))?);
/// assert!(md.contains("- [x] Also move attached cards"));
/// assert!(md.contains("- [ ] Detach cards"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn markdown(plan: &Plan) -> String {
    let mut o = String::new();
    let t = &plan.target;
    let _ = writeln!(
        o,
        "# Runbook: move to user group {}{}\n",
        t.id,
        t.name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default()
    );
    let status = match plan.status {
        Status::Ready => "ready",
        Status::ReadyWithWarnings => "ready, with warnings to read first",
        Status::Blocked => "**blocked**: resolve the errors below before any step",
    };
    let s = &plan.summary;
    let _ = writeln!(o, "Status: {status}.\n");
    let _ = writeln!(
        o,
        "- Target: **{}** (provider {})\n- Requested assets: {}; pulled along so that no link splits: {}; already in the target: {}\n- Assets to move: {} in {} step(s)\n- Links cut (as the request allows): {}; links split at the end: {}\n",
        t.id,
        t.provider.as_deref().unwrap_or("none"),
        s.requested,
        s.pulled,
        s.already_in_target,
        s.to_move,
        s.steps,
        s.links_cut,
        s.split_links_at_end
    );

    if !plan.findings.is_empty() {
        let _ = writeln!(o, "## Findings\n");
        for f in &plan.findings {
            let sev = match f.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            let _ = writeln!(
                o,
                "- **{sev}** {} `{}`: {}",
                f.code_str(),
                f.check(),
                f.message
            );
            let mut items: Vec<String> = f.assets.iter().map(|a| a.to_string()).collect();
            items.extend(f.links.iter().map(|l| l.to_string()));
            if !items.is_empty() {
                let _ = writeln!(o, "  - {}", ids(&items));
            }
        }
        o.push('\n');
    }

    if !plan.conflicts.is_empty() {
        let _ = writeln!(o, "## Assets the request does not name\n");
        for c in &plan.conflicts {
            let others: Vec<String> = c.others.iter().map(|a| a.to_string()).collect();
            let mut how = String::new();
            if let (Some(by), Some(via)) = (&c.pulled_by, c.via) {
                let _ = write!(how, ", pulled along by {by} over a {via} link");
            }
            if !others.is_empty() {
                let _ = write!(how, "; also linked to {}", ids(&others));
            }
            let _ = writeln!(
                o,
                "- **{}** (in {}){how}. Now: {}. Choices:",
                c.asset, c.user_group, c.resolution
            );
            for ch in &c.choices {
                match ch {
                    Choice::MoveToo { count, .. } => {
                        let _ = writeln!(
                            o,
                            "  - move it too: {count} asset(s) with what it brings along (closure mode `pull_along`);"
                        );
                    }
                    Choice::CutLinks { allow_cut_links } => {
                        let l: Vec<String> = allow_cut_links
                            .iter()
                            .map(|l| format!("{} {}–{}", l.kind, l.source, l.target))
                            .collect();
                        let _ = writeln!(
                            o,
                            "  - cut the link(s) {} (`policy.allow_cut_links`);",
                            ids(&l)
                        );
                    }
                    Choice::KeepSplit { keep_behind, split } => {
                        let _ = writeln!(
                            o,
                            "  - keep the split: {keep_behind} stays (`policy.keep_behind`), {} link(s) end up split.",
                            split.len()
                        );
                    }
                }
            }
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Preparation\n");
    let _ = writeln!(
        o,
        "1. Download the reports **01. CPO Data**, **02. eMSP Data** and **04. Customer Data** and keep only the data relevant to this migration: they list the connections card–customer, customer–charge point–charge group and charge point–location, to reconnect anything broken. (`chargeshift plan --snapshot DIR` writes the same connections of this migration as CSV files.)"
    );
    if plan.tariff_remap.is_empty() {
        let _ = writeln!(
            o,
            "2. Products & tariffs: the target inherits them, the tariff connections remain; no preparation needed."
        );
    } else {
        let _ = writeln!(
            o,
            "2. Products & tariffs: these tariff links use a tariff the target does not inherit; prepare the tariffs in the target and re-map them after the move:"
        );
        for r in &plan.tariff_remap {
            let _ = writeln!(o, "   - {} (tariff `{}` of {})", r.link, r.tariff, r.owner);
        }
    }
    if !plan.parameter_set_copies.is_empty() {
        let _ = writeln!(
            o,
            "3. Parameter sets: these charge points use a parameter set that does not exist in the target; their step ticks \"Copy parameter set if the set doesn't exist in the new user group\":"
        );
        let l: Vec<String> = plan
            .parameter_set_copies
            .iter()
            .map(|c| format!("{} ({})", c.charge_point, c.parameter_set))
            .collect();
        let _ = writeln!(o, "   - {}", ids(&l));
    }
    o.push('\n');

    let _ = writeln!(o, "## Steps\n");
    if plan.steps.is_empty() {
        let _ = writeln!(o, "Nothing to do.\n");
    }
    for (i, st) in plan.steps.iter().enumerate() {
        let _ = writeln!(
            o,
            "### Step {}: {}{} ({} asset(s), from {} to {})\n",
            st.number,
            st.operation.title(),
            if st.bulk { ", in bulk" } else { "" },
            st.assets.len(),
            st.from.join(", "),
            st.to
        );
        for (j, c) in clicks(st).iter().enumerate() {
            let _ = writeln!(o, "{}. {c}", j + 1);
        }
        if let (true, Some(note)) = (st.options.is_empty(), st.operation.form().no_options) {
            let _ = writeln!(o, "\n{note}");
        } else {
            let _ = writeln!(o, "\nBoxes:\n");
            for opt in &st.options {
                let _ = writeln!(
                    o,
                    "- [{}] {}",
                    if opt.ticked { "x" } else { " " },
                    opt.label
                );
            }
        }
        if let Some(n) = &st.note {
            let _ = writeln!(o, "\nNote: {n}.");
        }
        if !st.moves_along.is_empty() {
            let _ = writeln!(
                o,
                "\nMoves along: the attached cards {}.",
                ids(&st.moves_along)
            );
        }
        if !st.cuts.is_empty() {
            let l: Vec<String> = st.cuts.iter().map(ToString::to_string).collect();
            let _ = writeln!(o, "\nCuts (allowed by the request): {}.", ids(&l));
        }
        if !st.parameter_set_copies.is_empty() {
            let _ = writeln!(
                o,
                "\nParameter set copied for: {}.",
                ids(&st.parameter_set_copies)
            );
        }
        let outcome = plan.simulation.steps.get(i);
        let _ = writeln!(o, "\nVerify:\n");
        let _ = writeln!(
            o,
            "- the {} asset(s) show user group **{}**;",
            st.assets.len() + st.moves_along.len(),
            st.to
        );
        if st.operation != Operation::MoveCards && st.cuts.is_empty() {
            let _ = writeln!(
                o,
                "- their connections are unchanged (compare with the preparation reports);"
            );
        }
        if let Some(out) = outcome {
            if out.refused {
                let _ = writeln!(
                    o,
                    "- the platform refuses this step without \"Provider change allowed\" (see the findings);"
                );
            }
            let _ = writeln!(
                o,
                "- links split between user groups after this step: {} (expected while the rest follows).",
                out.split_links_after
            );
        }
        o.push('\n');
    }

    let p = &plan.simulation.preservation;
    let _ = writeln!(o, "## Connection check\n");
    let _ = writeln!(
        o,
        "Links touching the migration: {} before, {} after. {}",
        p.links_before,
        p.links_after,
        if p.preserved {
            "Every link is still there or was cut as the request allows."
        } else {
            "**Some links are lost that the request does not allow to cut.**"
        }
    );
    for c in &p.cut {
        let _ = writeln!(
            o,
            "- cut by step {}: {} ({})",
            c.step,
            c.link,
            if c.allowed { "allowed" } else { "NOT allowed" }
        );
    }
    if !plan.simulation.split_links_at_end.is_empty() {
        let _ = writeln!(
            o,
            "\nSplit at the end: {} link(s).",
            plan.simulation.split_links_at_end.len()
        );
    }
    o
}
