//! The reconciliation report: summary counts per finding code and kind first, every difference
//! (the Markdown lists the first N of each code), and the evidence checklist of the seed's four
//! proofs before the old back office is switched off.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chargeshift_graph::{FindingCode, Severity};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::compare::{Comparison, Difference, KindTotals, ReconcileCheck, Tolerances};

/// The name of the report document, in its `format` field.
pub const FORMAT: &str = "chargeshift-reconcile-report";
/// The version of the report document.
pub const VERSION: u32 = 1;

/// The counts of exported history an operator gives as evidence that historical data is
/// exported or preserved: how many sessions (or CDRs) the old back office holds, and how many
/// the export (or the new back office) holds.
///
/// ```
/// use chargeshift_planner::reconcile::report::HistoryCounts;
/// let h = HistoryCounts { in_old: 120, exported: 120 };
/// assert!(h.complete());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HistoryCounts {
    /// Sessions or CDRs the old back office holds.
    pub in_old: u64,
    /// Sessions or CDRs exported or preserved.
    pub exported: u64,
}

impl HistoryCounts {
    /// Whether every record of the old back office is exported.
    #[must_use]
    pub const fn complete(&self) -> bool {
        self.exported >= self.in_old
    }
}

/// The evidence given beside the two fleets; each absent item leaves its proof unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The counts of exported history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<HistoryCounts>,
    /// The health report of the last wave, showing that alerts work in the new stack (its path
    /// or reference, as the operator gives it; reconcile does not read it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_report: Option<String>,
    /// The sign-off that no workflow depends on the legacy back office any more (a person, a
    /// document).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_workflows_signoff: Option<String>,
}

/// How many error findings a lenient import of each side reported: the records they name were
/// skipped, so they were not compared, and reconciliation cannot be complete.
///
/// ```
/// use chargeshift_planner::reconcile::report::ImportFindings;
/// let old = chargeshift_graph::import::Imported::default();
/// assert_eq!(ImportFindings::of(&old, &old), ImportFindings::default());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ImportFindings {
    /// Error findings of the old side's import.
    pub old: usize,
    /// Error findings of the new side's import.
    pub new: usize,
}

impl ImportFindings {
    /// The error findings of the two imports (warnings, such as an extra column, lose nothing
    /// and do not count). O(findings).
    #[must_use]
    pub fn of(
        old: &chargeshift_graph::import::Imported,
        new: &chargeshift_graph::import::Imported,
    ) -> ImportFindings {
        let errors = |i: &chargeshift_graph::import::Imported| {
            i.report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .count()
        };
        ImportFindings {
            old: errors(old),
            new: errors(new),
        }
    }

    fn total(self) -> usize {
        self.old.saturating_add(self.new)
    }
}

/// How the report is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReportOptions {
    /// How many differences of each code the report lists, in JSON and Markdown alike (the
    /// summary counts every one); default 20. `usize::MAX` lists all.
    pub listed_per_code: usize,
    /// The evidence beside the reconciliation.
    pub evidence: Evidence,
    /// The error findings of lenient imports (none after strict ones).
    pub import_findings: ImportFindings,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            listed_per_code: 20,
            evidence: Evidence::default(),
            import_findings: ImportFindings::default(),
        }
    }
}

/// The state of one proof.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProofStatus {
    /// The evidence backs it.
    Passed,
    /// The evidence contradicts it.
    Failed,
    /// No evidence was given.
    Unknown,
}

impl ProofStatus {
    /// The snake_case name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ProofStatus::Passed => "passed",
            ProofStatus::Failed => "failed",
            ProofStatus::Unknown => "unknown",
        }
    }
}

/// The seed's four proofs, in its order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProofKind {
    /// Historical data is exported or preserved.
    HistoryPreserved,
    /// Reconciliation is complete.
    ReconciliationComplete,
    /// Operational alerts work in the new stack.
    AlertsWork,
    /// The team no longer depends on hidden legacy workflows.
    NoLegacyWorkflows,
}

impl ProofKind {
    /// The proof as the seed words it.
    #[must_use]
    pub const fn label(self) -> &'static str {
        match self {
            ProofKind::HistoryPreserved => "historical data is exported or preserved",
            ProofKind::ReconciliationComplete => "reconciliation is complete",
            ProofKind::AlertsWork => "operational alerts work in the new stack",
            ProofKind::NoLegacyWorkflows => "the team no longer depends on hidden legacy workflows",
        }
    }
}

/// One proof of the checklist: its state, what backs it, and what is missing when it is not
/// passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Proof {
    /// Which proof.
    pub proof: ProofKind,
    /// Its state.
    pub status: ProofStatus,
    /// What backs the state.
    pub backed_by: String,
    /// What would be needed to pass it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

/// The count of one finding code for one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CodeCount {
    /// The code, e.g. `RC001`.
    pub code: String,
    /// The check's name, e.g. `missing-in-new`.
    pub check: String,
    /// The severity of the code.
    pub severity: Severity,
    /// The kind of asset or link.
    pub kind: String,
    /// How many.
    pub count: usize,
}

/// The summary of the differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    /// Every difference.
    pub total: usize,
    /// The error differences (any one leaves reconciliation incomplete).
    pub errors: usize,
    /// The warning differences.
    pub warnings: usize,
    /// Per code and kind, in code order.
    pub by_code: Vec<CodeCount>,
}

/// The reconciliation report.
///
/// ```
/// use chargeshift_planner::reconcile::{compare, report};
/// let old = chargeshift_graph::generate::fleet(10);
/// let new = chargeshift_graph::Fleet::new();
/// let cmp = compare::compare(&old, &new, &compare::IdMap::new(), &compare::Tolerances::default());
/// let r = report::report(cmp, &report::ReportOptions { listed_per_code: 3, ..Default::default() });
/// assert_eq!(r.summary.by_code[0].code, "RC001");
/// assert!(!r.reconciliation_complete());
/// let md = report::markdown(&r);
/// assert!(md.contains("| reconciliation is complete | failed |"));
/// let json = serde_json::to_value(&r)?;
/// // every asset is counted missing, every link lost ...
/// assert!(r.summary.total > old.node_count());
/// // ... the first 3 of each code listed
/// assert_eq!(json["findings"].as_array().map(Vec::len), Some(6));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReconcileReport {
    /// Always [`FORMAT`].
    pub format: String,
    /// The document's version, [`VERSION`].
    pub version: u32,
    /// Whether decommissioning the old back office is backed: every proof passed.
    pub decommission_backed: bool,
    /// The summary counts.
    pub summary: Summary,
    /// The seed's four proofs.
    pub evidence: Vec<Proof>,
    /// What was compared: assets per kind on both sides.
    pub assets: Vec<KindTotals>,
    /// Links per kind on both sides.
    pub links: Vec<KindTotals>,
    /// The tolerances used.
    pub tolerances: Tolerances,
    /// How many ids the mapping named.
    pub mapped_ids: usize,
    /// The sessions (or CDRs) compared on both sides, when histories were given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sessions: Option<KindTotals>,
    /// The error findings of lenient imports: records skipped, not compared.
    pub import_findings: ImportFindings,
    /// How many differences of each code the report lists.
    pub listed_per_code: usize,
    /// The first [`ReconcileReport::listed_per_code`] differences of each code, in code order
    /// (the summary counts them all).
    pub findings: Vec<Difference>,
}

impl ReconcileReport {
    /// Whether no difference is an error and neither import skipped a record.
    #[must_use]
    pub fn reconciliation_complete(&self) -> bool {
        self.summary.errors == 0 && self.import_findings.total() == 0
    }

    /// Whether every proof of the checklist passed: the old back office may be switched off.
    #[must_use]
    pub fn decommission_backed(&self) -> bool {
        self.evidence
            .iter()
            .all(|p| p.status == ProofStatus::Passed)
    }
}

/// The report of a comparison with the evidence of `options`.
///
/// # Complexity
/// O(d) over the differences (they come sorted by code).
#[must_use]
pub fn report(comparison: Comparison, options: &ReportOptions) -> ReconcileReport {
    let mut counts: BTreeMap<(ReconcileCheck, &str), usize> = BTreeMap::new();
    for c in &comparison.counts {
        if let Some(code) = ReconcileCheck::from_code(&c.code) {
            *counts.entry((code, c.kind.as_str())).or_default() += c.count;
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for (&(code, _), &n) in &counts {
        match code.severity() {
            Severity::Error => errors += n,
            Severity::Warning => warnings += n,
            Severity::Info => {}
        }
    }
    let by_code: Vec<CodeCount> = counts
        .into_iter()
        .map(|((code, kind), count)| CodeCount {
            code: code.code().to_owned(),
            check: code.name().to_owned(),
            severity: code.severity(),
            kind: kind.to_owned(),
            count,
        })
        .collect();
    let summary = Summary {
        total: errors + warnings,
        errors,
        warnings,
        by_code,
    };
    // the findings listed: the first of each code (a comparison may have kept fewer)
    let mut findings = comparison.differences;
    let mut seen: Option<(ReconcileCheck, usize)> = None;
    findings.retain(|d| {
        let n = match seen {
            Some((c, n)) if c == d.finding.code => n + 1,
            _ => 1,
        };
        seen = Some((d.finding.code, n));
        n <= options.listed_per_code
    });
    let evidence = proofs(&summary, options.import_findings, &options.evidence);
    let mut r = ReconcileReport {
        format: FORMAT.to_owned(),
        version: VERSION,
        decommission_backed: false,
        summary,
        evidence,
        assets: comparison.assets,
        links: comparison.links,
        tolerances: comparison.tolerances,
        mapped_ids: comparison.mapped_ids,
        sessions: comparison.sessions,
        import_findings: options.import_findings,
        listed_per_code: options.listed_per_code,
        findings,
    };
    r.decommission_backed = r.decommission_backed();
    r
}

fn proofs(summary: &Summary, imports: ImportFindings, e: &Evidence) -> Vec<Proof> {
    let history = match e.history {
        Some(h) if h.complete() => Proof {
            proof: ProofKind::HistoryPreserved,
            status: ProofStatus::Passed,
            backed_by: format!("{} of {} historical records exported", h.exported, h.in_old),
            missing: None,
        },
        Some(h) => Proof {
            proof: ProofKind::HistoryPreserved,
            status: ProofStatus::Failed,
            backed_by: format!("{} of {} historical records exported", h.exported, h.in_old),
            missing: Some(format!(
                "{} records not exported",
                h.in_old.saturating_sub(h.exported)
            )),
        },
        None => Proof {
            proof: ProofKind::HistoryPreserved,
            status: ProofStatus::Unknown,
            backed_by: "no counts of exported history given".to_owned(),
            missing: Some(
                "the counts of sessions or CDRs in the old back office and in the export"
                    .to_owned(),
            ),
        },
    };
    let skipped = if imports.total() == 0 {
        String::new()
    } else {
        format!(
            "; the imports skipped the records of {} (old) and {} (new) error finding(s), which were not compared",
            imports.old, imports.new
        )
    };
    let reconciliation = if summary.errors == 0 && imports.total() == 0 {
        Proof {
            proof: ProofKind::ReconciliationComplete,
            status: ProofStatus::Passed,
            backed_by: format!("no error difference ({} warning(s))", summary.warnings),
            missing: None,
        }
    } else {
        let mut missing = Vec::new();
        if summary.errors > 0 {
            missing.push("every error difference resolved");
        }
        if imports.total() > 0 {
            missing.push("exports that import without error findings");
        }
        Proof {
            proof: ProofKind::ReconciliationComplete,
            status: ProofStatus::Failed,
            backed_by: format!(
                "{} error difference(s), {} warning(s){skipped}",
                summary.errors, summary.warnings
            ),
            missing: Some(missing.join("; ")),
        }
    };
    let given = |proof, value: &Option<String>, what: &str, missing: &str| match value {
        Some(v) => Proof {
            proof,
            status: ProofStatus::Passed,
            backed_by: format!("{what} {v} (as given; not read by reconcile)"),
            missing: None,
        },
        None => Proof {
            proof,
            status: ProofStatus::Unknown,
            backed_by: format!("no {what} given"),
            missing: Some(missing.to_owned()),
        },
    };
    vec![
        history,
        reconciliation,
        given(
            ProofKind::AlertsWork,
            &e.health_report,
            "health report",
            "the health report of the last wave",
        ),
        given(
            ProofKind::NoLegacyWorkflows,
            &e.legacy_workflows_signoff,
            "sign-off",
            "a sign-off that no workflow depends on the legacy back office",
        ),
    ]
}

/// The JSON Schema of [`ReconcileReport`], pretty-printed.
///
/// ```
/// let schema = chargeshift_planner::reconcile::report::json_schema();
/// assert!(schema.contains("decommission_backed"));
/// assert!(schema.contains("RC020"));
/// ```
#[must_use]
pub fn json_schema() -> String {
    serde_json::to_string_pretty(&schemars::schema_for!(ReconcileReport)).unwrap_or_default()
}

fn cell(s: Option<&str>) -> String {
    s.map_or_else(
        || "—".to_owned(),
        |s| s.replace('|', "\\|").replace('\n', " "),
    )
}

/// The report as Markdown: the verdict, the evidence checklist, the summary counts, what was
/// compared, and the differences listed ([`ReconcileReport::listed_per_code`] of each code).
///
/// # Complexity
/// O(d) over the differences.
#[must_use]
pub fn markdown(r: &ReconcileReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Reconciliation of the old and the new back office\n");
    let _ = writeln!(
        s,
        "Decommissioning the old back office is **{}**.\n",
        if r.decommission_backed() {
            "backed"
        } else {
            "not backed"
        }
    );
    let _ = writeln!(s, "## Evidence\n");
    let _ = writeln!(s, "| proof | status | backed by | missing |");
    let _ = writeln!(s, "|---|---|---|---|");
    for p in &r.evidence {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            p.proof.label(),
            p.status.as_str(),
            cell(Some(&p.backed_by)),
            cell(p.missing.as_deref())
        );
    }
    let _ = writeln!(
        s,
        "\n## Summary\n\n{} difference(s): {} error(s), {} warning(s). Coordinates within {} m are the same; {} id(s) mapped.\n",
        r.summary.total,
        r.summary.errors,
        r.summary.warnings,
        r.tolerances.coordinates_m,
        r.mapped_ids
    );
    if !r.summary.by_code.is_empty() {
        let _ = writeln!(s, "| code | check | severity | kind | count |");
        let _ = writeln!(s, "|---|---|---|---|---:|");
        for c in &r.summary.by_code {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                c.code, c.check, c.severity, c.kind, c.count
            );
        }
        s.push('\n');
    }
    let _ = writeln!(s, "## Compared");
    let sessions: Vec<KindTotals> = r.sessions.iter().cloned().collect();
    for (what, rows) in [
        ("asset kind", &r.assets),
        ("link kind", &r.links),
        ("history", &sessions),
    ] {
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n| {what} | old | new |");
        let _ = writeln!(s, "|---|---:|---:|");
        for t in rows {
            let _ = writeln!(s, "| {} | {} | {} |", t.kind, t.old, t.new);
        }
    }
    for group in r.findings.chunk_by(|a, b| a.finding.code == b.finding.code) {
        let Some(first) = group.first() else {
            continue;
        };
        let code = first.finding.code;
        let n: usize = r
            .summary
            .by_code
            .iter()
            .filter(|c| c.code == code.code())
            .map(|c| c.count)
            .sum();
        let _ = writeln!(
            s,
            "\n## {} {} ({}, {})\n",
            code.code(),
            code.name(),
            n,
            code.severity()
        );
        let _ = writeln!(s, "| kind | field | old | new | finding |");
        let _ = writeln!(s, "|---|---|---|---|---|");
        for d in group.iter().take(r.listed_per_code) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} |",
                d.kind,
                cell(d.field.as_deref()),
                cell(d.old.as_deref()),
                cell(d.new.as_deref()),
                cell(Some(&d.finding.message))
            );
        }
        if n > group.len() {
            let _ = writeln!(
                s,
                "\n… and {} more, not listed (raise the number listed of each code to see them).",
                n - group.len()
            );
        }
    }
    s
}
