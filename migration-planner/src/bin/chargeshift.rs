//! The `chargeshift` command-line tool: plan a user-group migration, check a fleet, draw a
//! subgraph.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chargeshift_graph::api::{self, DrawRequest, PictureFormat};
use chargeshift_graph::import::{Imported, Mode, csv as csv_bundle};
use chargeshift_graph::validate::{Finding, FindingClass};
use chargeshift_graph::{LinkKind, NodeKind, document};
use chargeshift_planner::request::{
    AssetId, ClosureMode, LinkId, MigrationRequest, Policy, Selector, find,
};
use chargeshift_planner::{PlanError, dot, plan, runbook, snapshot};
use clap::{Parser, Subcommand, ValueEnum};

const EXIT_CODES: &str = "Exit codes:
  0  ok (plan ready, possibly with warnings; fleet clean)
  1  the plan is blocked by an error finding, or `check` found problems
  2  bad input or usage: unreadable or invalid fleet or request, unknown asset or user group
  3  an output could not be written (the snapshot, or an earlier one is in its folder; stdout)";

/// Plan safe user-group migrations of an EV-charging fleet.
#[derive(Parser)]
#[command(name = "chargeshift", version, about, after_help = EXIT_CODES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Markdown,
    Json,
    Dot,
}

#[derive(Clone, Copy, ValueEnum)]
enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Subcommand)]
enum Command {
    /// Plan a move to a user group: closure, checks, steps with every option, simulation.
    #[command(after_help = EXIT_CODES)]
    Plan(Box<PlanArgs>),
    /// Validate a fleet and print every finding with file, record and field.
    #[command(after_help = EXIT_CODES)]
    Check {
        /// The fleet: native JSON file or CSV bundle folder.
        #[arg(long)]
        fleet: PathBuf,
    },
    /// Draw a subgraph: around an asset, or a user group with its assets.
    #[command(after_help = EXIT_CODES)]
    Graph {
        /// The fleet: native JSON file or CSV bundle folder.
        #[arg(long)]
        fleet: PathBuf,
        /// An asset to draw the neighbourhood of, as kind:id (e.g. customer:CU0000123).
        #[arg(long, conflicts_with = "user_group")]
        around: Option<String>,
        /// How many links away from `--around`.
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// A user group to draw with its subtree and assets.
        #[arg(long)]
        user_group: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Judge every wave's health from an OCPP log (exit 1 when a wave fails).
    #[command(after_help = EXIT_CODES)]
    Health(Box<HealthArgs>),
    /// Health logs: convert what gateways write.
    #[command(subcommand)]
    Log(LogCommand),
}

#[derive(Subcommand)]
enum LogCommand {
    /// Convert a SteVe, PyPI ocpp or EVerest libocpp log to the health log (JSONL).
    Convert {
        /// The source format.
        #[arg(long, value_enum)]
        from: LogSource,
        /// The charge point identity (an EVerest log is one charger's).
        #[arg(long)]
        identity: Option<String>,
        /// The end that ran the PyPI ocpp library.
        #[arg(long, value_enum, default_value_t = Side::Csms)]
        ocpp_py_side: Side,
        /// The log to read.
        input: PathBuf,
        /// The health log to write.
        output: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LogSource {
    Steve,
    OcppPy,
    Everest,
}

#[derive(Clone, Copy, ValueEnum)]
enum Side {
    Csms,
    Cp,
}

#[derive(Clone, Copy, ValueEnum)]
enum HealthFormat {
    Markdown,
    Json,
    Csv,
}

#[derive(clap::Args)]
struct HealthArgs {
    /// The fleet: native JSON file or CSV bundle folder.
    #[arg(long)]
    fleet: PathBuf,
    /// The health log (JSONL).
    #[arg(long)]
    log: PathBuf,
    /// A cutover plan (JSON, from the planner): one group per phase.
    #[arg(long)]
    cutover: Option<PathBuf>,
    /// Without a plan: the segment to group by, over every day of the log.
    #[arg(long, default_value = "vendor")]
    segment: String,
    /// Days of the evaluation window from each wave's cutover day.
    #[arg(long, default_value_t = 30)]
    evaluation_days: u32,
    /// Days of the baseline window before it (0: none).
    #[arg(long, default_value_t = 30)]
    baseline_days: u32,
    /// Silence of a charge point beyond which it is deemed offline, seconds.
    #[arg(long, default_value_t = 900)]
    silence_secs: i64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = HealthFormat::Markdown)]
    format: HealthFormat,
}

#[derive(clap::Args)]
struct PlanArgs {
    /// The fleet: native JSON file or CSV bundle folder.
    #[arg(long)]
    fleet: PathBuf,
    /// A request file (JSON, see schema/request.schema.json); flags below add to it.
    #[arg(long)]
    request: Option<PathBuf>,
    /// The target user group.
    #[arg(long)]
    to: Option<String>,
    /// An asset as kind:id (repeatable), e.g. charge_point:CP0000087.
    #[arg(long = "asset")]
    assets: Vec<String>,
    /// A customer with everything attached (repeatable).
    #[arg(long = "customer")]
    customers: Vec<String>,
    /// A charge group with its charge points (repeatable).
    #[arg(long = "charge-group")]
    charge_groups: Vec<String>,
    /// A location with its charge points (repeatable).
    #[arg(long = "location")]
    locations: Vec<String>,
    /// Every asset of a user group and its subtree (repeatable).
    #[arg(long = "user-group")]
    user_groups: Vec<String>,
    /// A link kind that may be cut (repeatable), e.g. card_customer ("detach cards").
    #[arg(long = "allow-cut")]
    allow_cut: Vec<String>,
    /// A specific link that may be cut, as kind:a:b (repeatable).
    #[arg(long = "allow-cut-link")]
    allow_cut_link: Vec<String>,
    /// Allow a provider change (needs the account manager on the platform).
    #[arg(long)]
    allow_provider_change: bool,
    /// Do not pull connected assets along; report what would split.
    #[arg(long)]
    report_only: bool,
    /// An asset to keep behind, as kind:id (repeatable).
    #[arg(long = "keep-behind")]
    keep_behind: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    format: Format,
    /// Write the preparation snapshot (CSV files) into this folder (never over an earlier one).
    #[arg(long)]
    snapshot: Option<PathBuf>,
    /// Plan even though importing the fleet reported findings: the records they name were
    /// skipped or left incomplete, so the plan may miss links (see `chargeshift check`).
    #[arg(long)]
    accept_findings: bool,
}

enum Fail {
    Input(String),
    Output(String),
    /// Standard output was closed by its reader (e.g. `| head`): stop quietly.
    Closed,
}

/// Writes `text` to standard output; a reader that went away ends the run quietly, any other
/// write error (a full disk) is an output failure.
fn emit(text: &str) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Fail::Closed,
            _ => Fail::Output(format!("standard output: {e}")),
        })
}

fn load_fleet(path: &Path) -> Result<Imported, Fail> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        && path.is_file()
    {
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
        return Err(Fail::Input(format!(
            "{} is one CSV file: --fleet takes the folder of a CSV bundle ({}) or a fleet JSON file",
            path.display(),
            folder.map_or_else(|| ".".to_owned(), |p| p.display().to_string())
        )));
    }
    if path.is_dir() {
        return csv_bundle::read_dir(path, Mode::Lenient).map_err(|e| Fail::Input(e.to_string()));
    }
    let file =
        std::fs::File::open(path).map_err(|e| Fail::Input(format!("{}: {e}", path.display())))?;
    document::read_json(
        std::io::BufReader::new(file),
        &path.display().to_string(),
        Mode::Lenient,
    )
    .map_err(|e| Fail::Input(e.to_string()))
}

fn asset_ref(s: &str) -> Result<AssetId, Fail> {
    let (k, id) = s
        .split_once(':')
        .ok_or_else(|| Fail::Input(format!("{s:?}: expected kind:id, e.g. customer:C1")))?;
    let kind: NodeKind = k
        .parse()
        .map_err(|e: chargeshift_graph::UnknownKind| Fail::Input(format!("{s:?}: {e}")))?;
    Ok(AssetId::new(kind, id))
}

fn build_request(a: &PlanArgs) -> Result<MigrationRequest, Fail> {
    let mut req = match &a.request {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fail::Input(format!("{}: {e}", p.display())))?;
            MigrationRequest::from_json(&text).map_err(|e| match e {
                PlanError::InvalidRequest {
                    line,
                    column,
                    message,
                } => Fail::Input(format!(
                    "{}:{line}:{column}: invalid request: {message}",
                    p.display()
                )),
                other => Fail::Input(other.to_string()),
            })?
        }
        None => MigrationRequest::default(),
    };
    if let Some(t) = &a.to {
        req.target.clone_from(t);
    }
    if req.target.is_empty() {
        return Err(Fail::Input(
            "no target user group: give --to or a request file with \"target\"".into(),
        ));
    }
    for s in &a.assets {
        req.assets.push(asset_ref(s)?);
    }
    req.selectors
        .extend(a.customers.iter().cloned().map(Selector::Customer));
    req.selectors
        .extend(a.charge_groups.iter().cloned().map(Selector::ChargeGroup));
    req.selectors
        .extend(a.locations.iter().cloned().map(Selector::Location));
    req.selectors
        .extend(a.user_groups.iter().cloned().map(Selector::UserGroup));
    let p: &mut Policy = &mut req.policy;
    for k in &a.allow_cut {
        let kind: LinkKind = k.parse().map_err(|e: chargeshift_graph::UnknownKind| {
            Fail::Input(format!("--allow-cut: {e}"))
        })?;
        p.allow_cut_kinds.push(kind);
    }
    for l in &a.allow_cut_link {
        let mut it = l.splitn(3, ':');
        let (Some(k), Some(x), Some(y)) = (it.next(), it.next(), it.next()) else {
            return Err(Fail::Input(format!(
                "--allow-cut-link {l:?}: expected kind:a:b"
            )));
        };
        let kind: LinkKind = k.parse().map_err(|e: chargeshift_graph::UnknownKind| {
            Fail::Input(format!("--allow-cut-link: {e}"))
        })?;
        p.allow_cut_links.push(LinkId::new(kind, x, y));
    }
    p.allow_provider_change |= a.allow_provider_change;
    if a.report_only {
        p.closure = ClosureMode::ReportOnly;
    }
    for s in &a.keep_behind {
        p.keep_behind.push(asset_ref(s)?);
    }
    Ok(req)
}

/// The first five of `findings`, one per line, and how many more there are.
fn listed(findings: &[&Finding]) -> String {
    let first: Vec<String> = findings.iter().take(5).map(ToString::to_string).collect();
    let more = findings.len().saturating_sub(first.len());
    let mut list = first.join("\n  ");
    if more > 0 {
        list.push_str(&format!("\n  ... and {more} more"));
    }
    list
}

fn run_plan(a: &PlanArgs) -> Result<ExitCode, Fail> {
    let imported = load_fleet(&a.fleet)?;
    // extra columns and unknown files of an export (notes, timestamps) lose nothing the fleet
    // holds: noted only
    let (extra, findings): (Vec<&Finding>, Vec<&Finding>) = imported
        .report
        .findings
        .iter()
        .partition(|f| f.code.accepted_by_strict());
    let (columns, files): (Vec<&Finding>, Vec<&Finding>) = extra
        .into_iter()
        .partition(|f| f.code == FindingClass::ExtraColumn);
    for (what, list) in [("column(s)", columns), ("file(s)", files)] {
        if !list.is_empty() {
            eprintln!(
                "note: {} {what} of the export are not read:\n  {}",
                list.len(),
                listed(&list)
            );
        }
    }
    if !findings.is_empty() {
        let list = listed(&findings);
        if !a.accept_findings {
            return Err(Fail::Input(format!(
                "the fleet has {} finding(s); the records they name were skipped or left incomplete, so a plan could miss links:\n  {list}\nfix the export (`chargeshift check --fleet {}` lists them all) or pass --accept-findings to plan without those records",
                findings.len(),
                a.fleet.display()
            )));
        }
        eprintln!(
            "note: planning with --accept-findings: {} finding(s), the records they name were skipped or left incomplete:\n  {list}",
            findings.len()
        );
    }
    let fleet = imported.fleet;
    let req = build_request(a)?;
    let p = plan(&fleet, &req).map_err(|e| Fail::Input(e.to_string()))?;
    if let Some(dir) = &a.snapshot {
        let assets = snapshot::plan_assets(&fleet, &p);
        let files = snapshot::write_snapshot(&fleet, &assets, dir)
            .map_err(|e| Fail::Output(e.to_string()))?;
        eprintln!("snapshot: {} file(s) in {}", files.len(), dir.display());
    }
    let out = match a.format {
        Format::Markdown => runbook::markdown(&p),
        Format::Json => p.to_json().map_err(|e| Fail::Output(e.to_string()))?,
        Format::Dot => dot::plan_dot(&fleet, &p),
    };
    emit(&out)?;
    Ok(if p.is_blocked() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_check(fleet: &Path) -> Result<ExitCode, Fail> {
    // the import validates what it builds (`validate::validate` would report the same again)
    let imported = load_fleet(fleet)?;
    let report = imported.report;
    if report.is_clean() {
        emit(&format!(
            "{}: clean ({} nodes, {} links)\n",
            fleet.display(),
            imported.fleet.node_count(),
            imported.fleet.link_count()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    for f in &report.findings {
        out.push_str(&f.to_string());
        out.push('\n');
    }
    out.push_str(&format!("{} finding(s)\n", report.findings.len()));
    emit(&out)?;
    Ok(ExitCode::from(1))
}

fn run_graph(
    fleet: &Path,
    around: Option<&str>,
    depth: usize,
    user_group: Option<&str>,
    format: GraphFormat,
) -> Result<ExitCode, Fail> {
    let imported = load_fleet(fleet)?;
    if !imported.report.is_clean() {
        eprintln!(
            "note: the fleet has {} finding(s); the records they name were skipped or left incomplete, so the picture may miss them (`chargeshift check --fleet {}` lists them)",
            imported.report.findings.len(),
            fleet.display()
        );
    }
    let fleet = imported.fleet;
    // the CLI draws a user group with its subtree (the bindings' default is without)
    let mut request = match (around, user_group) {
        (Some(a), _) => {
            let r = asset_ref(a)?;
            find(&fleet, r.kind, &r.id).map_err(|e| Fail::Input(e.to_string()))?;
            DrawRequest::new(r.kind.as_str(), &r.id)
        }
        (None, Some(u)) => {
            find(&fleet, NodeKind::UserGroup, u).map_err(|e| Fail::Input(e.to_string()))?;
            DrawRequest::new(NodeKind::UserGroup.as_str(), u)
        }
        (None, None) => {
            return Err(Fail::Input(
                "give --around kind:id or --user-group ID".into(),
            ));
        }
    };
    request.depth = depth;
    request.subtree = true;
    request.format = match format {
        GraphFormat::Dot => PictureFormat::Dot,
        GraphFormat::Mermaid => PictureFormat::Mermaid,
    };
    emit(&api::draw(&fleet, &request).map_err(|e| Fail::Input(e.to_string()))?)?;
    Ok(ExitCode::SUCCESS)
}

fn run_health(a: &HealthArgs) -> Result<ExitCode, Fail> {
    use chargeshift_planner::health::{kpi, log::LogReader, report, simulate};
    let imported = load_fleet(&a.fleet)?;
    let fleet = &imported.fleet;
    let mut options = kpi::KpiOptions::default().with_known_tokens(
        fleet
            .nodes_of_kind(NodeKind::ChargeCard)
            .map(|(_, n)| n.id().to_owned()),
    );
    options.silence_threshold_ms = a.silence_secs.saturating_mul(1000);
    for c in simulate::charge_points(fleet, chargeshift_ocpp::OcppVersion::V16) {
        options = options.with_version(&c.identity, c.version);
    }
    let mut k = kpi::Kpis::new(options).map_err(|e| Fail::Input(e.to_string()))?;
    let file = std::fs::File::open(&a.log)
        .map_err(|e| Fail::Input(format!("{}: {e}", a.log.display())))?;
    let mut reader = LogReader::new(std::io::BufReader::new(file));
    let mut last = None;
    for r in reader.by_ref() {
        last = Some(last.map_or(r.ts, |l: chargeshift_ocpp::DateTime| l.max(r.ts)));
        k.push(&r);
    }
    if let Some(e) = reader.io_error() {
        return Err(Fail::Input(format!("{}: {e}", a.log.display())));
    }
    let bad: u64 = reader.bad_lines().values().map(|b| b.count).sum();
    if bad > 0 {
        eprintln!(
            "warning: {bad} bad line(s) in {} skipped (first: {:?})",
            a.log.display(),
            reader.bad_lines().values().flat_map(|b| &b.first).next()
        );
    }
    let Some(end) = last else {
        return Err(Fail::Input(format!("{}: no record", a.log.display())));
    };
    let aggregates = k.finish(end);
    let mut ropts = report::ReportOptions::default();
    ropts.evaluation_days = a.evaluation_days;
    ropts.baseline_days = a.baseline_days;
    let groups = match &a.cutover {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fail::Input(format!("{}: {e}", p.display())))?;
            let plan: chargeshift_planner::cutover::CutoverPlan = serde_json::from_str(&text)
                .map_err(|e| Fail::Input(format!("{}: not a cutover plan: {e}", p.display())))?;
            report::groups_of_plan(&plan, &ropts)
        }
        None => {
            let days = aggregates.days.values().flat_map(|d| d.keys().copied());
            let (from, to) = days.fold((None, None), |(lo, hi): (Option<_>, Option<_>), d| {
                (
                    Some(lo.map_or(d, |l: chargeshift_planner::cutover::date::Date| l.min(d))),
                    Some(hi.map_or(d, |h: chargeshift_planner::cutover::date::Date| h.max(d))),
                )
            });
            let (Some(from), Some(to)) = (from, to) else {
                return Err(Fail::Input("the log has no day".to_owned()));
            };
            report::groups_by_segment(
                fleet,
                &a.segment,
                report::Window { from, to },
                &chargeshift_planner::cutover::waves::SuccessCriteria::default(),
            )
            .map_err(|e| Fail::Input(e.to_string()))?
        }
    };
    let r = report::report(&aggregates, &groups, &ropts);
    let text = match a.format {
        HealthFormat::Markdown => report::markdown(&r),
        HealthFormat::Json => {
            serde_json::to_string_pretty(&r).map_err(|e| Fail::Output(e.to_string()))? + "\n"
        }
        HealthFormat::Csv => report::csv(&aggregates, &r),
    };
    emit(&text)?;
    Ok(if r.summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_log_convert(c: &LogCommand) -> Result<ExitCode, Fail> {
    use chargeshift_planner::health::convert::{ConvertOptions, Source, convert};
    let LogCommand::Convert {
        from,
        identity,
        ocpp_py_side,
        input,
        output,
    } = c;
    let source = match from {
        LogSource::Steve => Source::Steve,
        LogSource::OcppPy => Source::OcppPy,
        LogSource::Everest => Source::Everest,
    };
    let mut options = ConvertOptions::default().with_ocpp_py_side(match ocpp_py_side {
        Side::Csms => chargeshift_ocpp::Endpoint::Csms,
        Side::Cp => chargeshift_ocpp::Endpoint::ChargePoint,
    });
    if let Some(id) = identity {
        options = options.with_identity(id);
    }
    let file =
        std::fs::File::open(input).map_err(|e| Fail::Input(format!("{}: {e}", input.display())))?;
    let out = std::fs::File::create(output)
        .map_err(|e| Fail::Output(format!("{}: {e}", output.display())))?;
    let stats = convert(
        source,
        &options,
        std::io::BufReader::new(file),
        std::io::BufWriter::new(out),
    )
    .map_err(|e| match e {
        chargeshift_planner::health::convert::ConvertError::Io(e) => {
            Fail::Output(format!("{}: {e}", output.display()))
        }
        other => Fail::Input(other.to_string()),
    })?;
    let mut msg = format!(
        "{} lines: {} frames, {} connection events, {} unknown lines\n",
        stats.lines, stats.frames, stats.events, stats.unknown.count
    );
    for b in &stats.unknown.first {
        msg.push_str(&format!("  line {}: {}\n", b.line, b.reason));
    }
    eprint!("{msg}");
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match &cli.command {
        Command::Plan(a) => run_plan(a),
        Command::Check { fleet } => run_check(fleet),
        Command::Graph {
            fleet,
            around,
            depth,
            user_group,
            format,
        } => run_graph(
            fleet,
            around.as_deref(),
            *depth,
            user_group.as_deref(),
            *format,
        ),
        Command::Health(a) => run_health(a),
        Command::Log(c) => run_log_convert(c),
    };
    match r {
        Ok(code) => code,
        Err(Fail::Input(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Fail::Output(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(3)
        }
        Err(Fail::Closed) => ExitCode::SUCCESS,
    }
}
