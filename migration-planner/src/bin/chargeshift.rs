//! The `chargeshift` command-line tool: plan a user-group migration, check a fleet, draw a
//! subgraph, plan the back-office cutover in waves and export its routing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chargeshift_graph::api::{self, DrawRequest, PictureFormat};
use chargeshift_graph::import::{Imported, Mode, csv as csv_bundle};
use chargeshift_graph::validate::{Finding, FindingClass};
use chargeshift_graph::{LinkKind, NodeKind, document};
use chargeshift_planner::cutover::{self, CutoverPlan, CutoverRequest, frames, gateway};
use chargeshift_planner::request::{
    AssetId, ClosureMode, LinkId, MigrationRequest, Policy, Selector, find,
};
use chargeshift_planner::{PlanError, dot, plan, runbook, snapshot};
use clap::{Parser, Subcommand, ValueEnum};

/// The tool's allocations come from mimalloc: with glibc's allocator, the many small strings of
/// a fleet and of a cutover plan made `malloc` (its free-list consolidation) most of the
/// cutover's time, 3-5x the time with mimalloc (BENCHMARKS.md, Cutover).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "Exit codes:
  0  ok (plan ready, possibly with warnings; fleet clean)
  1  the plan is blocked by an error finding, `check` found problems, or the cutover plan,
     its frames or its gateway configuration have an error finding
  2  bad input or usage: unreadable or invalid fleet or request, unknown asset or user group
  3  an output could not be written (the snapshot or --out, or an earlier file is in its
     folder; stdout)
  reconcile: 0 decommissioning is backed (all four proofs passed); 1 a proof failed (e.g. an
  error difference: reconciliation is not complete); 4 no proof failed but one is unknown (its
  evidence was not given)";

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
enum WavesFormat {
    Markdown,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum RouteFormat {
    Csv,
    Json,
    Gateway,
}

#[derive(clap::Args)]
struct CutoverArgs {
    /// The fleet: native JSON file or CSV bundle folder.
    #[arg(long)]
    fleet: PathBuf,
    /// A cutover request (JSON, see schema/cutover-request.schema.json); without it, every
    /// default.
    #[arg(long)]
    request: Option<PathBuf>,
    /// The day the pilot starts, YYYY-MM-DD (overrides the request's `start_date`).
    #[arg(long)]
    start_date: Option<String>,
    /// Plan even though importing the fleet reported findings (see `plan --accept-findings`).
    #[arg(long)]
    accept_findings: bool,
    /// An OCPP health log (JSONL, see `chargeshift health`): each charge point's vendor,
    /// model and firmware are those of its latest BootNotification there; differences from
    /// the fleet and log identities missing from it are listed in the plan.
    #[arg(long)]
    log: Option<PathBuf>,
}

#[derive(clap::Args)]
struct WavesArgs {
    #[command(flatten)]
    cutover: CutoverArgs,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = WavesFormat::Markdown)]
    format: WavesFormat,
    /// Write plan.json, waves.md, routing.csv, routing.json and, with the request's `ocpp`
    /// section, frames-<phase>.jsonl, frames-<phase>-rollback.jsonl and
    /// gateway-<phase>-<back office>.toml into this folder (never over an existing file).
    #[arg(long)]
    out: Option<PathBuf>,
    /// The OCPP 1.6 back-office URL keys per vendor/model (CSV vendor,model,key; see
    /// examples/cutover/ocpp16-url-keys.csv); without it, 1.6 charge points get no frames.
    #[arg(long)]
    ocpp16_url_keys: Option<PathBuf>,
}

#[derive(clap::Args)]
struct RouteArgs {
    #[command(flatten)]
    cutover: CutoverArgs,
    /// The phase: 0 all old, 1 the pilot, 2.. the waves.
    #[arg(long)]
    phase: u32,
    /// What undoes the phase: the rows that change back (csv, json), or the gateway
    /// configuration of the phase before (gateway).
    #[arg(long)]
    rollback: bool,
    /// Output format: rows as CSV or JSON, or the ocpp-2w-proxy configuration (TOML).
    #[arg(long, value_enum, default_value_t = RouteFormat::Csv)]
    format: RouteFormat,
    /// With --format gateway: the back office whose proxy instance to print, when the phase
    /// routes to both.
    #[arg(long)]
    back_office: Option<String>,
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
    /// Reconcile the old and the new back office's exports and check the evidence for
    /// decommissioning the old one.
    #[command(after_help = EXIT_CODES)]
    Reconcile(Box<ReconcileArgs>),
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
    /// Plan the back-office cutover: migration units, a pilot, waves, routing per phase.
    #[command(after_help = EXIT_CODES)]
    Waves(Box<WavesArgs>),
    /// Print the routing of one phase of the cutover (or its rollback).
    #[command(after_help = EXIT_CODES)]
    Route(Box<RouteArgs>),
    /// Judge every wave's health from an OCPP log (exit 1 when a wave fails).
    #[command(after_help = EXIT_CODES)]
    Health(Box<HealthArgs>),
    /// Health logs: convert what gateways write.
    #[command(subcommand)]
    Log(LogCommand),
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Markdown,
    Json,
}

#[derive(clap::Args)]
struct ReconcileArgs {
    /// The old back office's export: native JSON file, CSV bundle folder, or OCPI folder
    /// (locations.json and/or tokens.json).
    #[arg(long)]
    old: PathBuf,
    /// The new back office's export, in any of the same formats.
    #[arg(long)]
    new: PathBuf,
    /// The id mapping CSV `kind,old_id,new_id` where the new back office renumbers.
    #[arg(long)]
    map: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    format: ReportFormat,
    /// How far apart a location's coordinates may be, in metres.
    #[arg(long, default_value_t = 25.0)]
    tolerance_m: f64,
    /// How many differences of each code the report lists, JSON and Markdown alike (the
    /// summary counts every one).
    #[arg(long, default_value_t = 20)]
    listed: usize,
    /// The old back office's session history: OCPI 2.2.1 CDRs (a JSON array, or an OCPI
    /// response with the array in data).
    #[arg(long, conflicts_with = "old_sessions_log")]
    old_cdrs: Option<PathBuf>,
    /// The new back office's session history as OCPI 2.2.1 CDRs.
    #[arg(long, conflicts_with = "new_sessions_log")]
    new_cdrs: Option<PathBuf>,
    /// The old back office's session history as the sessions of an OCPP health log (JSONL).
    #[arg(long)]
    old_sessions_log: Option<PathBuf>,
    /// The new back office's session history as the sessions of an OCPP health log (JSONL).
    #[arg(long)]
    new_sessions_log: Option<PathBuf>,
    /// How far apart a session's start or stop may be, in seconds.
    #[arg(long, default_value_t = 60)]
    session_tolerance_s: i64,
    /// How far apart a session's energy may be, in kWh.
    #[arg(long, default_value_t = 0.01)]
    energy_tolerance_kwh: f64,
    /// Evidence: how many sessions or CDRs the old back office holds (with --history-exported;
    /// not with session histories, whose comparison gives the counts).
    #[arg(long, requires = "history_exported", conflicts_with_all = ["old_cdrs", "old_sessions_log"])]
    history_in_old: Option<u64>,
    /// Evidence: how many of them are exported or preserved.
    #[arg(long, requires = "history_in_old")]
    history_exported: Option<u64>,
    /// Evidence: the health report of the last wave (alerts work in the new stack).
    #[arg(long)]
    health_report: Option<String>,
    /// Evidence: who or what signed off that no workflow depends on the legacy back office.
    #[arg(long)]
    legacy_signoff: Option<String>,
    /// Import leniently: skip unsound records (they are then not compared) instead of failing.
    #[arg(long)]
    lenient: bool,
}

#[derive(Subcommand)]
enum LogCommand {
    /// Convert a SteVe, PyPI ocpp or EVerest libocpp log, or a CitrineOS OCPPMessages export, to the health log (JSONL).
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
    /// CitrineOS's OCPPMessages table, exported as CSV, JSON Lines or a JSON array.
    Citrineos,
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

/// The fleet at `path`, refused when its import reported findings unless `accept`.
fn gated_fleet(path: &Path, accept: bool) -> Result<chargeshift_graph::Fleet, Fail> {
    let imported = load_fleet(path)?;
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
        if !accept {
            return Err(Fail::Input(format!(
                "the fleet has {} finding(s); the records they name were skipped or left incomplete, so a plan could miss links:\n  {list}\nfix the export (`chargeshift check --fleet {}` lists them all) or pass --accept-findings to plan without those records",
                findings.len(),
                path.display()
            )));
        }
        eprintln!(
            "note: planning with --accept-findings: {} finding(s), the records they name were skipped or left incomplete:\n  {list}",
            findings.len()
        );
    }
    Ok(imported.fleet)
}

fn run_plan(a: &PlanArgs) -> Result<ExitCode, Fail> {
    let fleet = gated_fleet(&a.fleet, a.accept_findings)?;
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

/// The cutover request of `a`: the file (every default without one), `--start-date` over it.
fn cutover_request(a: &CutoverArgs) -> Result<CutoverRequest, Fail> {
    let date = a
        .start_date
        .as_deref()
        .map(|d| {
            d.parse::<cutover::date::Date>()
                .map_err(|e| Fail::Input(format!("--start-date {d:?}: {e}")))
        })
        .transpose()?;
    let mut req = match &a.request {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fail::Input(format!("{}: {e}", p.display())))?;
            serde_json::from_str::<CutoverRequest>(&text).map_err(|e| {
                Fail::Input(format!(
                    "{}:{}:{}: invalid cutover request: {e}",
                    p.display(),
                    e.line(),
                    e.column()
                ))
            })?
        }
        None => CutoverRequest::new(date.ok_or_else(|| {
            Fail::Input(
                "no start date: give --start-date YYYY-MM-DD or a request file with \"start_date\""
                    .into(),
            )
        })?),
    };
    if let Some(d) = date {
        req.start_date = d;
    }
    Ok(req)
}

/// The fleet and the cutover plan of `a`; a request the fleet cannot satisfy is bad input
/// that names the request.
fn cutover_plan(a: &CutoverArgs) -> Result<(chargeshift_graph::Fleet, CutoverPlan), Fail> {
    let mut fleet = gated_fleet(&a.fleet, a.accept_findings)?;
    let req = cutover_request(a)?;
    let where_ = a.request.as_ref().map_or_else(
        || "the cutover request".to_owned(),
        |p| p.display().to_string(),
    );
    let log = match &a.log {
        Some(path) => {
            let name = path.display().to_string();
            let file =
                std::fs::File::open(path).map_err(|e| Fail::Input(format!("{name}: {e}")))?;
            let boots = cutover::boots::LogBoots::read(std::io::BufReader::new(file))
                .map_err(|e| Fail::Input(format!("{name}: {e}")))?;
            Some(boots.apply(&mut fleet, &name))
        }
        None => None,
    };
    let mut p = cutover::plan(&fleet, &req).map_err(|e| Fail::Input(format!("{where_}: {e}")))?;
    if let Some(log) = log {
        p = p.with_log(log);
    }
    Ok((fleet, p))
}

/// Prints the error findings of an output, and whether there were any.
fn report_findings(
    what: &str,
    findings: &[chargeshift_graph::Finding<cutover::CutoverCheck>],
) -> bool {
    for f in findings {
        eprintln!("{what}: {f}");
    }
    findings
        .iter()
        .any(|f| f.severity == chargeshift_graph::Severity::Error)
}

/// Writes every `(name, text)` into `dir`, none over an existing file: all names are checked
/// first, then each file is created new.
fn write_all(dir: &Path, files: &[(String, String)]) -> Result<(), Fail> {
    std::fs::create_dir_all(dir).map_err(|e| Fail::Output(format!("{}: {e}", dir.display())))?;
    if let Some((name, _)) = files.iter().find(|(n, _)| dir.join(n).exists()) {
        return Err(Fail::Output(format!(
            "{} exists: --out never writes over a file (choose an empty folder)",
            dir.join(name).display()
        )));
    }
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .map_err(|e| Fail::Output(format!("{}: {e}", path.display())))?;
    }
    Ok(())
}

fn run_waves(a: &WavesArgs) -> Result<ExitCode, Fail> {
    let keys = match &a.ocpp16_url_keys {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .map_err(|e| Fail::Input(format!("{}: {e}", p.display())))?;
            frames::UrlKeys::from_csv(&text, &p.display().to_string())
                .map_err(|e| Fail::Input(e.to_string()))?
        }
        None => frames::UrlKeys::default(),
    };
    let (fleet, p) = cutover_plan(&a.cutover)?;
    let mut failed = report_findings("cutover", &p.findings);
    let json = serde_json::to_string_pretty(&p).map_err(|e| Fail::Output(e.to_string()))? + "\n";
    let markdown = cutover::report::markdown(&p);
    if let Some(dir) = &a.out {
        let routing_json = serde_json::to_string_pretty(&p.routing)
            .map_err(|e| Fail::Output(e.to_string()))?
            + "\n";
        let mut files = vec![
            ("plan.json".to_owned(), json.clone()),
            ("waves.md".to_owned(), markdown.clone()),
            ("routing.csv".to_owned(), p.routing.to_csv()),
            ("routing.json".to_owned(), routing_json),
        ];
        if p.request.ocpp.is_some() {
            let f = frames::frames(&fleet, &p, &keys).map_err(|e| Fail::Input(e.to_string()))?;
            failed |= report_findings("frames", &f.findings);
            for ph in &f.phases {
                let jsonl =
                    |l| frames::PhaseFrames::jsonl(l).map_err(|e| Fail::Output(e.to_string()));
                files.push((format!("frames-{}.jsonl", ph.phase), jsonl(&ph.forward)?));
                files.push((
                    format!("frames-{}-rollback.jsonl", ph.phase),
                    jsonl(&ph.rollback)?,
                ));
            }
            for phase in 0..=p.routing.last_phase() {
                let g =
                    gateway::ocpp_2w_proxy(&p, phase, false, &gateway::GatewayOptions::default())
                        .map_err(|e| Fail::Input(e.to_string()))?;
                failed |= report_findings("gateway", &g.findings);
                files.extend(g.configs.into_iter().map(|c| (c.file_name, c.toml)));
            }
        } else {
            eprintln!(
                "note: the request has no \"ocpp\" section (the back offices' URLs): no frames-*.jsonl and no gateway-*.toml written"
            );
        }
        write_all(dir, &files)?;
        eprintln!("wrote {} file(s) in {}", files.len(), dir.display());
    }
    emit(match a.format {
        WavesFormat::Markdown => &markdown,
        WavesFormat::Json => &json,
    })?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_route(a: &RouteArgs) -> Result<ExitCode, Fail> {
    let (_, p) = cutover_plan(&a.cutover)?;
    let last = p.routing.last_phase();
    if a.phase > last || (a.rollback && a.phase == 0) {
        return Err(Fail::Input(format!(
            "--phase {}: the plan has phases 0 (all old) to {last}{}",
            a.phase,
            if a.rollback {
                "; phase 0 has nothing to roll back"
            } else {
                ""
            }
        )));
    }
    let rows = if a.rollback {
        p.routing.rollback(a.phase)
    } else {
        p.routing.rows(a.phase)
    };
    let out = match a.format {
        RouteFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let mut line =
                |r: [&str; 2]| w.write_record(r).map_err(|e| Fail::Output(e.to_string()));
            line(["identity", "back_office"])?;
            for r in &rows {
                line([&r.identity, &r.back_office])?;
            }
            let bytes = w.into_inner().map_err(|e| Fail::Output(e.to_string()))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        RouteFormat::Json => {
            serde_json::to_string_pretty(&rows).map_err(|e| Fail::Output(e.to_string()))? + "\n"
        }
        RouteFormat::Gateway => {
            let g = gateway::ocpp_2w_proxy(
                &p,
                a.phase,
                a.rollback,
                &gateway::GatewayOptions::default(),
            )
            .map_err(|e| Fail::Input(e.to_string()))?;
            if report_findings("gateway", &g.findings) {
                return Err(Fail::Input(
                    "the gateway configuration would leave charge points out (listed above)".into(),
                ));
            }
            let names: Vec<&str> = g.configs.iter().map(|c| c.back_office.as_str()).collect();
            let chosen = match &a.back_office {
                Some(b) => g.configs.iter().find(|c| &c.back_office == b).ok_or_else(|| {
                    Fail::Input(format!(
                        "--back-office {b:?}: no charge point of this phase is routed to it (it routes to {names:?})"
                    ))
                })?,
                None => match g.configs.as_slice() {
                    [one] => one,
                    _ => {
                        return Err(Fail::Input(format!(
                            "the phase routes to {} back offices {names:?}, one proxy instance each: choose one with --back-office",
                            names.len()
                        )));
                    }
                },
            };
            chosen.toml.clone()
        }
    };
    emit(&out)?;
    Ok(ExitCode::SUCCESS)
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

fn run_reconcile(a: &ReconcileArgs) -> Result<ExitCode, Fail> {
    use chargeshift_planner::reconcile::{self, Side, compare, report};
    let mode = if a.lenient {
        Mode::Lenient
    } else {
        Mode::Strict
    };
    let input = |e: reconcile::ReconcileError| Fail::Input(e.to_string());
    let (old, new) = reconcile::load_pair(&a.old, &a.new, mode).map_err(input)?;
    for (side, imported) in [(Side::Old, &old), (Side::New, &new)] {
        let n = imported.report.findings.len();
        if n > 0 {
            eprintln!(
                "warning: {side} back office: {n} import finding(s); the records they name are not compared and reconciliation is not complete (see `chargeshift check`)"
            );
        }
    }
    let map = match &a.map {
        Some(p) => reconcile::read_mapping(p, &old.fleet, &new.fleet).map_err(input)?,
        None => compare::IdMap::new(),
    };
    if !(a.tolerance_m.is_finite() && a.tolerance_m >= 0.0) {
        return Err(Fail::Input(format!(
            "--tolerance-m {}: expected a distance of 0 m or more",
            a.tolerance_m
        )));
    }
    let tolerances = compare::Tolerances {
        coordinates_m: a.tolerance_m,
    };
    let compare_options = compare::CompareOptions {
        tolerances,
        kept_per_code: Some(a.listed),
    };
    let mut cmp = compare::compare_with(&old.fleet, &new.fleet, &map, &compare_options);
    let mut history = a
        .history_in_old
        .zip(a.history_exported)
        .map(|(in_old, exported)| report::HistoryCounts { in_old, exported });
    let read_history = |side: Side, cdrs: &Option<PathBuf>, log: &Option<PathBuf>| match (cdrs, log)
    {
        (Some(p), _) => reconcile::sessions::read_cdrs(side, p).map(Some),
        (None, Some(p)) => reconcile::sessions::read_session_log(side, p).map(Some),
        (None, None) => Ok(None),
    };
    let old_history = read_history(Side::Old, &a.old_cdrs, &a.old_sessions_log).map_err(input)?;
    let new_history = read_history(Side::New, &a.new_cdrs, &a.new_sessions_log).map_err(input)?;
    match (old_history, new_history) {
        (None, None) => {}
        (Some(o), Some(n)) => {
            if !(a.energy_tolerance_kwh.is_finite() && a.energy_tolerance_kwh >= 0.0)
                || a.session_tolerance_s < 0
            {
                return Err(Fail::Input(format!(
                    "--session-tolerance-s {} / --energy-tolerance-kwh {}: expected 0 or more",
                    a.session_tolerance_s, a.energy_tolerance_kwh
                )));
            }
            let t = reconcile::sessions::SessionTolerances {
                time_s: a.session_tolerance_s,
                energy_kwh: a.energy_tolerance_kwh,
            };
            let s = reconcile::sessions::compare_sessions(&o, &n, &t);
            history = Some(s.history());
            cmp = cmp.with_sessions(&s, Some(a.listed));
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(Fail::Input(
                "a session history of one side only: give both sides' (--old-cdrs or --old-sessions-log, and --new-cdrs or --new-sessions-log)".to_owned(),
            ));
        }
    }
    let options = report::ReportOptions {
        listed_per_code: a.listed,
        evidence: report::Evidence {
            history,
            health_report: a.health_report.clone(),
            legacy_workflows_signoff: a.legacy_signoff.clone(),
        },
        import_findings: report::ImportFindings::of(&old, &new),
    };
    let r = report::report(cmp, &options);
    let text = match a.format {
        ReportFormat::Markdown => report::markdown(&r),
        ReportFormat::Json => {
            let mut j = serde_json::to_string_pretty(&r)
                .map_err(|e| Fail::Output(format!("report: {e}")))?;
            j.push('\n');
            j
        }
    };
    emit(&text)?;
    let failed = r
        .evidence
        .iter()
        .any(|p| p.status == report::ProofStatus::Failed);
    Ok(if r.decommission_backed() {
        ExitCode::SUCCESS
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::from(4)
    })
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
    use chargeshift_planner::health::analysis::{HealthError, HealthOptions, analyse};
    use chargeshift_planner::health::report;
    let imported = load_fleet(&a.fleet)?;
    let plan: Option<CutoverPlan> =
        match &a.cutover {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| Fail::Input(format!("{}: {e}", p.display())))?;
                Some(serde_json::from_str(&text).map_err(|e| {
                    Fail::Input(format!("{}: not a cutover plan: {e}", p.display()))
                })?)
            }
            None => None,
        };
    let mut options = HealthOptions::default();
    options.segment.clone_from(&a.segment);
    options.evaluation_days = a.evaluation_days;
    options.baseline_days = a.baseline_days;
    options.silence_secs = a.silence_secs;
    let file = std::fs::File::open(&a.log)
        .map_err(|e| Fail::Input(format!("{}: {e}", a.log.display())))?;
    let analysis = analyse(
        &imported.fleet,
        plan.as_ref(),
        std::io::BufReader::new(file),
        &options,
    )
    .map_err(|e| match e {
        HealthError::Io(_) | HealthError::NoRecord => {
            Fail::Input(format!("{}: {e}", a.log.display()))
        }
        other => Fail::Input(other.to_string()),
    })?;
    let bad: u64 = analysis.bad_lines.values().map(|b| b.count).sum();
    if bad > 0 {
        eprintln!(
            "warning: {bad} bad line(s) in {} skipped (first: {:?})",
            a.log.display(),
            analysis.bad_lines.values().flat_map(|b| &b.first).next()
        );
    }
    let (aggregates, r) = (&analysis.aggregates, &analysis.report);
    let text = match a.format {
        HealthFormat::Markdown => report::markdown(r),
        HealthFormat::Json => {
            serde_json::to_string_pretty(r).map_err(|e| Fail::Output(e.to_string()))? + "\n"
        }
        HealthFormat::Csv => report::csv(aggregates, r),
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
        LogSource::Citrineos => Source::Citrine,
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
    if !stats.versions.is_empty() {
        let mut by: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        for v in stats.versions.values() {
            *by.entry(v.to_string()).or_default() += 1;
        }
        let shown: Vec<String> = by.iter().map(|(v, n)| format!("{n} on {v}")).collect();
        msg.push_str(&format!(
            "versions named by the source: {} charge point(s), {}\n",
            stats.versions.len(),
            shown.join(", ")
        ));
    }
    eprint!("{msg}");
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let r = match &cli.command {
        Command::Plan(a) => run_plan(a),
        Command::Check { fleet } => run_check(fleet),
        Command::Reconcile(a) => run_reconcile(a),
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
        Command::Waves(a) => run_waves(a),
        Command::Route(a) => run_route(a),
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
