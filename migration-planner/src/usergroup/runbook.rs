//! The Markdown runbook: numbered steps a person follows in the back office, with where to click,
//! which boxes to tick and untick, what to check on the platform after each step, and how to
//! restore a link that breaks.
//!
//! A large plan stays readable: steps of one operation with the same boxes that follow each
//! other are one section with a table of their assets, findings are grouped by code with their
//! count and the first few, and long lists of ids are cut with a count; the plan JSON keeps
//! everything.

use std::fmt::Write as _;

use crate::plan::{Choice, Plan, Status};
use crate::rules::Severity;
use crate::simulate::StepOutcome;
use crate::snapshot::RESTORE;
use crate::steps::Step;

/// At most this many ids are written inline; the rest is counted (the JSON has them all).
const LIST: usize = 25;
/// At most this many findings of one code, or conflicts, are written out.
const FIRST: usize = 5;
/// This many steps of one operation with the same boxes in a row are written as one table.
const GROUP: usize = 4;
/// A plan with more steps than this is called large at the top.
const LARGE: usize = 50;

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

/// A table cell: ids as code spans, `|` escaped.
fn cell(list: &[String]) -> String {
    if list.is_empty() {
        "–".to_owned()
    } else {
        ids(list).replace('|', "\\|")
    }
}

/// The text of a placeholder of the forms' templates for step `s`; `assets` is what stands for
/// the step's assets (their ids, or "of each row" in a table).
fn fill(s: &Step, assets: &str, p: &str) -> String {
    match p {
        "to" => s.to.clone(),
        "from" => s.from.join(", "),
        "assets" => assets.to_owned(),
        "along" => ids(&s.moves_along),
        "filter" => s.filter.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

/// The runbook of `plan` as Markdown: summary, the links split before the first step, findings,
/// the assets the request does not name, the preparation reports, the steps with where to click,
/// every box ticked or unticked and what to check on the platform, the connection check, and how
/// to restore a broken link.
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
/// assert!(md.contains("## If a link breaks"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn markdown(plan: &Plan) -> String {
    let mut o = String::new();
    summary(&mut o, plan);
    already_split(&mut o, plan);
    findings(&mut o, plan);
    conflicts(&mut o, plan);
    preparation(&mut o, plan);
    steps(&mut o, plan);
    connection_check(&mut o, plan);
    restore(&mut o, plan);
    o
}

fn summary(o: &mut String, plan: &Plan) {
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
    if s.steps > LARGE {
        let _ = writeln!(
            o,
            "This plan is large: {} steps and {} findings. Steps of one operation with the same boxes that follow each other are one section with a table of their assets, findings are grouped by code; the plan JSON (`--format json`) lists every step and every finding.\n",
            s.steps,
            plan.findings.len()
        );
    }
}

fn already_split(o: &mut String, plan: &Plan) {
    let split = &plan.simulation.already_split;
    if split.is_empty() {
        return;
    }
    let _ = writeln!(o, "## Links split before the first step\n");
    let _ = writeln!(
        o,
        "{} link(s) that touch this migration are split between user groups in the fleet as exported, before any step: no step of this plan causes them.\n",
        split.len()
    );
    for s in split.iter().take(LIST) {
        let _ = writeln!(
            o,
            "- {} ({} – {})",
            code(&s.link.to_string()),
            s.source_user_group,
            s.target_user_group
        );
    }
    if split.len() > LIST {
        let _ = writeln!(
            o,
            "- and {} more (the plan JSON lists them all)",
            split.len() - LIST
        );
    }
    o.push('\n');
}

fn findings(o: &mut String, plan: &Plan) {
    if plan.findings.is_empty() {
        return;
    }
    let _ = writeln!(o, "## Findings\n");
    // findings are sorted by severity and code: each run of one code is one group
    for group in plan.findings.chunk_by(|a, b| a.code == b.code) {
        let Some(first) = group.first() else {
            continue;
        };
        let head = format!(
            "- **{}** {} `{}`",
            severity(first.severity),
            first.code_str(),
            first.check()
        );
        let items = |f: &crate::rules::Finding| {
            let mut items: Vec<String> = f.assets.iter().map(ToString::to_string).collect();
            items.extend(f.links.iter().map(ToString::to_string));
            items
        };
        if let [only] = group {
            let _ = writeln!(o, "{head}: {}", only.message);
            let items = items(only);
            if !items.is_empty() {
                let _ = writeln!(o, "  - {}", ids(&items));
            }
            continue;
        }
        let _ = writeln!(o, "{head}: {} findings", group.len());
        for f in group.iter().take(FIRST) {
            let _ = writeln!(o, "  - {}", f.message);
            let items = items(f);
            if !items.is_empty() {
                let _ = writeln!(o, "    - {}", ids(&items));
            }
        }
        if group.len() > FIRST {
            let _ = writeln!(
                o,
                "  - and {} more (the plan JSON has them all)",
                group.len() - FIRST
            );
        }
    }
    o.push('\n');
}

fn conflicts(o: &mut String, plan: &Plan) {
    if plan.conflicts.is_empty() {
        return;
    }
    let _ = writeln!(o, "## Assets the request does not name\n");
    for c in plan.conflicts.iter().take(LIST) {
        let others: Vec<String> = c.others.iter().map(ToString::to_string).collect();
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
    if plan.conflicts.len() > LIST {
        let _ = writeln!(
            o,
            "- and {} more (the plan JSON lists each with its choices)",
            plan.conflicts.len() - LIST
        );
    }
    o.push('\n');
}

fn preparation(o: &mut String, plan: &Plan) {
    let _ = writeln!(o, "## Preparation\n");
    let _ = writeln!(
        o,
        "1. Download the reports **01. CPO Data**, **02. eMSP Data** and **04. Customer Data** and keep only the data relevant to this migration: they list the connections card–customer, customer–charge point–charge group and charge point–location, to reconnect anything broken (see \"If a link breaks\" at the end). (`chargeshift plan --snapshot DIR` writes the same connections of this migration as CSV files.)"
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
        for r in plan.tariff_remap.iter().take(LIST) {
            let _ = writeln!(o, "   - {} (tariff `{}` of {})", r.link, r.tariff, r.owner);
        }
        if plan.tariff_remap.len() > LIST {
            let _ = writeln!(
                o,
                "   - and {} more (the plan JSON lists them all)",
                plan.tariff_remap.len() - LIST
            );
        }
    }
    if !plan.parameter_set_copies.is_empty() {
        let _ = writeln!(
            o,
            "3. Parameter sets: these charge points use a parameter set that does not exist in the target; their step ticks \"{}\":",
            crate::forms::COPY_PARAMETER_SET
        );
        let l: Vec<String> = plan
            .parameter_set_copies
            .iter()
            .map(|c| format!("{} ({})", c.charge_point, c.parameter_set))
            .collect();
        let _ = writeln!(o, "   - {}", ids(&l));
    }
    o.push('\n');
}

/// Whether two steps that follow each other read alike: one operation, one way of selecting,
/// the same boxes, the same note.
fn alike(a: &Step, b: &Step) -> bool {
    a.operation == b.operation
        && a.bulk == b.bulk
        && a.to == b.to
        && a.options == b.options
        && a.filter == b.filter
        && a.note == b.note
}

fn steps(o: &mut String, plan: &Plan) {
    let _ = writeln!(o, "## Steps\n");
    if plan.steps.is_empty() {
        let _ = writeln!(o, "Nothing to do.\n");
    }
    let last = plan.steps.last().map(|s| s.number);
    let mut i = 0;
    while let Some(first) = plan.steps.get(i) {
        let run = plan
            .steps
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|s| alike(first, s))
            .count()
            .max(1);
        let group = plan.steps.get(i..i + run).unwrap_or_default();
        let outcomes = plan.simulation.steps.get(i..i + run).unwrap_or_default();
        if group.len() >= GROUP {
            step_table(o, group, outcomes, last);
        } else {
            for (s, out) in group
                .iter()
                .zip(outcomes.iter().map(Some).chain(std::iter::repeat(None)))
            {
                step(o, s, out, last);
            }
        }
        i += run;
    }
}

/// The boxes of a step, and what the runbook says around them.
fn boxes(o: &mut String, st: &Step) {
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
}

/// The split-link line of a step's checks: while the rest follows, or after the last step.
fn split_after(o: &mut String, out: &StepOutcome, last: Option<usize>) {
    if out.refused {
        let _ = writeln!(
            o,
            "- the platform refuses this step without \"Provider change allowed\" (see the findings);"
        );
    }
    if Some(out.step) == last {
        if out.split_links_after == 0 {
            let _ = writeln!(
                o,
                "- after this last step no link of the migration is split between user groups."
            );
        } else {
            let _ = writeln!(
                o,
                "- links split between user groups after this last step: {} (see the connection check below).",
                out.split_links_after
            );
        }
    } else {
        let _ = writeln!(
            o,
            "- links split between user groups after this step: {} (expected while the rest follows).",
            out.split_links_after
        );
    }
}

fn step(o: &mut String, st: &Step, outcome: Option<&StepOutcome>, last: Option<usize>) {
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
    let assets = ids(&st.assets);
    let form = st.operation.form();
    for (j, c) in form
        .clicks_for(st.bulk, st.filter.as_deref(), |p| fill(st, &assets, p))
        .iter()
        .enumerate()
    {
        let _ = writeln!(o, "{}. {c}", j + 1);
    }
    boxes(o, st);
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
    let _ = writeln!(o, "\nVerify on the platform:\n");
    for v in form.verify_for(st.bulk, st.filter.as_deref(), |p| fill(st, &assets, p)) {
        let _ = writeln!(o, "- {v}");
    }
    if let Some(out) = outcome {
        split_after(o, out, last);
    }
    o.push('\n');
}

fn step_table(o: &mut String, group: &[Step], outcomes: &[StepOutcome], last: Option<usize>) {
    let (Some(first), Some(end)) = (group.first(), group.last()) else {
        return;
    };
    let assets: usize = group.iter().map(|s| s.assets.len()).sum();
    let _ = writeln!(
        o,
        "### Steps {}–{}: {}{} ({} steps, {} asset(s), to {})\n",
        first.number,
        end.number,
        first.operation.title(),
        if first.bulk { ", in bulk" } else { "" },
        group.len(),
        assets,
        first.to
    );
    let _ = writeln!(
        o,
        "These steps are alike: do the following once for each row of the table below.\n"
    );
    let row = "of the row";
    let form = first.operation.form();
    for (j, c) in form
        .clicks_for(first.bulk, first.filter.as_deref(), |p| match p {
            "from" => "of the row".to_owned(),
            _ => fill(first, row, p),
        })
        .iter()
        .enumerate()
    {
        let _ = writeln!(o, "{}. {c}", j + 1);
    }
    boxes(o, first);
    // the columns that say something for at least one row
    let cuts = |s: &Step| -> Vec<String> { s.cuts.iter().map(ToString::to_string).collect() };
    type Column<'a> = (&'static str, Box<dyn Fn(&Step) -> Vec<String> + 'a>);
    let columns: Vec<Column<'_>> = vec![
        ("Asset(s)", Box::new(|s: &Step| s.assets.clone())),
        ("From", Box::new(|s: &Step| s.from.clone())),
        ("Moves along", Box::new(|s: &Step| s.moves_along.clone())),
        ("Cuts", Box::new(cuts)),
        (
            "Parameter set copied",
            Box::new(|s: &Step| s.parameter_set_copies.clone()),
        ),
    ];
    let shown: Vec<&Column<'_>> = columns
        .iter()
        .filter(|(_, f)| group.iter().any(|s| !f(s).is_empty()))
        .collect();
    let _ = write!(o, "\n| Step |");
    for (name, _) in &shown {
        let _ = write!(o, " {name} |");
    }
    let _ = write!(o, "\n|---|");
    for _ in &shown {
        let _ = write!(o, "---|");
    }
    o.push('\n');
    for s in group {
        let _ = write!(o, "| {} |", s.number);
        for (_, f) in &shown {
            let _ = write!(o, " {} |", cell(&f(s)));
        }
        o.push('\n');
    }
    let _ = writeln!(o, "\nVerify on the platform, for each row:\n");
    for v in form.verify_for(first.bulk, first.filter.as_deref(), |p| match p {
        "along" => "of the row".to_owned(),
        "from" => "of the row".to_owned(),
        _ => fill(first, row, p),
    }) {
        let _ = writeln!(o, "- {v}");
    }
    let refused: Vec<String> = outcomes
        .iter()
        .filter(|s| s.refused)
        .map(|s| s.step.to_string())
        .collect();
    if !refused.is_empty() {
        let _ = writeln!(
            o,
            "- the platform refuses steps {} without \"Provider change allowed\" (see the findings);",
            refused.join(", ")
        );
    }
    if let Some(out) = outcomes.last() {
        let out = StepOutcome {
            refused: false,
            ..out.clone()
        };
        split_after(o, &out, last);
    }
    o.push('\n');
}

fn connection_check(o: &mut String, plan: &Plan) {
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
    for c in p.cut.iter().take(LIST) {
        let _ = writeln!(
            o,
            "- cut by step {}: {} ({})",
            c.step,
            c.link,
            if c.allowed { "allowed" } else { "NOT allowed" }
        );
    }
    if p.cut.len() > LIST {
        let _ = writeln!(
            o,
            "- and {} more cut links (the plan JSON lists them all)",
            p.cut.len() - LIST
        );
    }
    if !plan.simulation.split_links_at_end.is_empty() {
        let _ = writeln!(
            o,
            "\nSplit at the end: {} link(s).",
            plan.simulation.split_links_at_end.len()
        );
    }
    if !plan.steps.is_empty() {
        let _ = writeln!(
            o,
            "\nAfter the last step, download **01. CPO Data**, **02. eMSP Data** and **04. Customer Data** again and compare them with the reports of the preparation: every connection they list for the assets of this migration must be there still{}.",
            if p.cut.is_empty() {
                String::new()
            } else {
                format!(", but the {} cut above", p.cut.len())
            }
        );
    }
    o.push('\n');
}

fn restore(o: &mut String, plan: &Plan) {
    if plan.steps.is_empty() {
        return;
    }
    let _ = writeln!(o, "## If a link breaks\n");
    let _ = writeln!(
        o,
        "Restore it from the reports of the preparation (or the snapshot files `chargeshift plan --snapshot DIR` wrote), one link at a time:\n"
    );
    for (_, link, report, file, how) in RESTORE {
        let _ = writeln!(
            o,
            "- {link}: in **{report}** (snapshot file `{file}`), {how}."
        );
    }
    o.push('\n');
}
