//! The historical-data check: the session histories of the old and the new back office
//! compared session by session, from OCPI 2.2.1 CDRs ([`read_cdrs`]) or from the sessions an
//! OCPP health log shows ([`read_session_log`], through
//! [`health::sessions`](crate::health::sessions)), either kind on either side.
//!
//! A session of the old side is the session of the new side with the same id (a CDR's
//! `session_id` when it has one, else its `id`; a log's transaction id); failing that, the
//! unmatched session of the same charge point whose start is within the time tolerance. The
//! findings (`RC021`–`RC025`, each with both sides' values): sessions missing or extra, energy
//! beyond the energy tolerance, start or stop beyond the time tolerance, another tariff (compared
//! only when both sides name one: an OCPP log knows no tariff).
//!
//! # Example
//! ```
//! use chargeshift_planner::reconcile::sessions::{compare_sessions, parse_cdrs, SessionTolerances};
//! use chargeshift_planner::reconcile::Side;
//! let old = parse_cdrs(Side::Old, r#"[{"id":"C1","start_date_time":"2026-03-02T08:00:00Z",
//!     "end_date_time":"2026-03-02T09:00:00Z","total_energy":12.5}]"#, "old-cdrs.json")?;
//! let new = parse_cdrs(Side::New, r#"{"status_code":1000,"data":[{"id":"C1","start_date_time":"2026-03-02T08:00:20Z",
//!     "end_date_time":"2026-03-02T09:00:00Z","total_energy":11.0}]}"#, "new-cdrs.json")?;
//! let c = compare_sessions(&old, &new, &SessionTolerances::default());
//! assert_eq!(c.differences.len(), 1); // 20 s apart is within the minute; 1.5 kWh is not
//! assert_eq!(c.differences[0].field.as_deref(), Some("energy_kwh"));
//! assert_eq!(c.history().exported, 1);
//! # Ok::<(), chargeshift_planner::reconcile::ReconcileError>(())
//! ```

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chargeshift_graph::{AssetId, Finding, FindingCode, NodeKind};
use chargeshift_ocpp::DateTime;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::compare::{CodeKindCount, Difference, ReconcileCheck, mirror_message, sort};
use super::report::HistoryCounts;
use super::{ReconcileError, Side};
use crate::health::log::LogReader;
use crate::health::sessions::Sessions;

/// The kind of the session findings, in [`Difference::kind`].
pub const KIND: &str = "session";

/// One session or CDR of a back office's history.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    /// The id sessions are matched by: a CDR's `session_id` (else its `id`), a log's
    /// `identity:transactionId`.
    pub id: String,
    /// The charge point (a CDR's `cdr_location.evse_uid`, else `cdr_location.id`; a log's
    /// identity), if known.
    pub charge_point: Option<String>,
    /// The token (a CDR's `cdr_token.uid`, a log's idTag / idToken).
    pub token: Option<String>,
    /// When it started.
    pub start: DateTime,
    /// When it stopped, if it did.
    pub stop: Option<DateTime>,
    /// The energy in kWh, if known.
    pub energy_kwh: Option<f64>,
    /// The tariff (a CDR's first `tariffs[].id`), if known.
    pub tariff: Option<String>,
    /// Where it was read: `file` and the record (`data[3]`) or the charge point's transaction.
    pub at: String,
}

/// The tolerances of the session comparison.
///
/// ```
/// let t = chargeshift_planner::reconcile::sessions::SessionTolerances::default();
/// assert_eq!((t.time_s, t.energy_kwh), (60, 0.01));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionTolerances {
    /// How far apart a start or stop may be, in seconds; default 60.
    pub time_s: i64,
    /// How far apart the energy may be, in kWh; default 0.01 (10 Wh).
    pub energy_kwh: f64,
}

impl Default for SessionTolerances {
    fn default() -> Self {
        SessionTolerances {
            time_s: 60,
            energy_kwh: 0.01,
        }
    }
}

fn session_error(
    side: Side,
    file: &str,
    record: &str,
    field: &str,
    message: String,
) -> ReconcileError {
    ReconcileError::Sessions {
        side,
        file: file.to_owned(),
        record: record.to_owned(),
        field: field.to_owned(),
        message,
    }
}

/// Reads OCPI 2.2.1 CDRs from `text` (a JSON array of CDRs, or an OCPI response envelope with
/// the array in `data`) named `file`, of the back office `side`.
///
/// # Errors
/// [`ReconcileError::Sessions`] naming the side, the file, the record (`data[3]`, or the JSON
/// line and column for text that is not JSON) and the field: not JSON, no CDR array, a CDR
/// without `id`, `start_date_time` or `end_date_time`, a time that is not RFC 3339, a
/// `total_energy` that is not a number of 0 or more, the same id twice.
///
/// # Complexity
/// O(length of the text).
///
/// ```
/// use chargeshift_planner::reconcile::{sessions::parse_cdrs, Side};
/// let e = parse_cdrs(Side::New, r#"[{"id":"C1","start_date_time":"yesterday","end_date_time":"2026-03-02T09:00:00Z"}]"#, "cdrs.json")
///     .unwrap_err();
/// assert_eq!(e.to_string(), "new back office: cdrs.json: record data[0] field start_date_time: invalid date-time \"yesterday\": expected YYYY-MM-DDTHH:MM:SS");
/// ```
pub fn parse_cdrs(
    side: Side,
    text: &str,
    file: &str,
) -> Result<Vec<SessionRecord>, ReconcileError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        session_error(
            side,
            file,
            &format!("line {} column {}", e.line(), e.column()),
            "-",
            format!("not JSON: {e}"),
        )
    })?;
    let items = match &value {
        Value::Array(a) => a,
        Value::Object(o) => match o.get("data") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(session_error(
                    side,
                    file,
                    "envelope",
                    "data",
                    "expected a JSON array of CDRs, or an OCPI response with the array in data"
                        .to_owned(),
                ));
            }
        },
        _ => {
            return Err(session_error(
                side,
                file,
                "-",
                "-",
                "expected a JSON array of CDRs, or an OCPI response with the array in data"
                    .to_owned(),
            ));
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, cdr) in items.iter().enumerate() {
        let record = format!("data[{i}]");
        let err = |field: &str, message: String| session_error(side, file, &record, field, message);
        let string = |field: &str| cdr[field].as_str().map(str::to_owned);
        let Some(cdr_id) = string("id").filter(|s| !s.is_empty()) else {
            return Err(err("id", "missing or not a string".to_owned()));
        };
        let when = |field: &str| -> Result<DateTime, ReconcileError> {
            let t = cdr[field]
                .as_str()
                .ok_or_else(|| err(field, "missing or not a string".to_owned()))?;
            DateTime::parse(t).map_err(|e| err(field, e.to_string()))
        };
        let start = when("start_date_time")?;
        let stop = when("end_date_time")?;
        let energy_kwh = match &cdr["total_energy"] {
            Value::Null => None,
            v => match v.as_f64() {
                Some(x) if x >= 0.0 && x.is_finite() => Some(x),
                _ => {
                    return Err(err(
                        "total_energy",
                        format!("expected kWh, a number of 0 or more, found {v}"),
                    ));
                }
            },
        };
        let id = string("session_id")
            .filter(|s| !s.is_empty())
            .unwrap_or(cdr_id);
        if let Some(first) = seen.insert(id.clone(), i) {
            return Err(err(
                "id",
                format!("duplicate session {id:?} (first at data[{first}])"),
            ));
        }
        let location = &cdr["cdr_location"];
        out.push(SessionRecord {
            id,
            charge_point: location["evse_uid"]
                .as_str()
                .or_else(|| location["id"].as_str())
                .map(str::to_owned),
            token: cdr["cdr_token"]["uid"].as_str().map(str::to_owned),
            start,
            stop: Some(stop),
            energy_kwh,
            tariff: cdr["tariffs"][0]["id"].as_str().map(str::to_owned),
            at: format!("{file}: {record}"),
        });
    }
    Ok(out)
}

fn read_text(side: Side, path: &Path) -> Result<String, ReconcileError> {
    std::fs::read_to_string(path)
        .map_err(|e| session_error(side, &path.display().to_string(), "-", "-", e.to_string()))
}

/// Reads the OCPI CDR file at `path` of `side`; see [`parse_cdrs`].
///
/// # Errors
/// [`ReconcileError::Sessions`] for a file that cannot be read or a bad CDR.
///
/// ```
/// use chargeshift_planner::reconcile::{sessions::read_cdrs, ReconcileError, Side};
/// let e = read_cdrs(Side::Old, "no/such/cdrs.json".as_ref()).unwrap_err();
/// assert!(matches!(e, ReconcileError::Sessions { side: Side::Old, .. }));
/// ```
pub fn read_cdrs(side: Side, path: &Path) -> Result<Vec<SessionRecord>, ReconcileError> {
    let text = read_text(side, path)?;
    parse_cdrs(side, &text, &path.display().to_string())
}

/// Reads the sessions of the health log (JSONL) at `path` of `side`, through
/// [`health::sessions::Sessions`](crate::health::sessions::Sessions).
///
/// # Errors
/// [`ReconcileError::Sessions`] for a file that cannot be read, or with the first bad line
/// (its line number and why), and for two sessions of one charge point with the same
/// transaction id.
///
/// # Complexity
/// O(length of the log).
///
/// ```
/// use chargeshift_planner::reconcile::{sessions::read_session_log, Side};
/// let dir = std::env::temp_dir().join(format!("cs-sessions-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let log = dir.join("log.jsonl");
/// std::fs::write(&log, "{\"ts\":\"2026-03-02T08:00:00Z\",\"identity\":\"CP1\",\"direction\":\"cp_to_csms\",\"frame\":\"[2,\\\"1\\\",\\\"TransactionEvent\\\",{\\\"eventType\\\":\\\"Started\\\",\\\"timestamp\\\":\\\"2026-03-02T08:00:00Z\\\",\\\"transactionInfo\\\":{\\\"transactionId\\\":\\\"T1\\\"},\\\"triggerReason\\\":\\\"Authorized\\\",\\\"seqNo\\\":0}]\"}\nnot json\n")?;
/// let e = read_session_log(Side::New, &log).unwrap_err();
/// assert!(e.to_string().contains("log.jsonl: record line 2"), "{e}");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_session_log(side: Side, path: &Path) -> Result<Vec<SessionRecord>, ReconcileError> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path)
        .map_err(|e| session_error(side, &file, "-", "-", e.to_string()))?;
    let mut reader = LogReader::new(std::io::BufReader::new(f));
    let mut sessions = Sessions::new();
    for r in reader.by_ref() {
        sessions.push(&r);
    }
    if let Some(e) = reader.io_error() {
        return Err(session_error(side, &file, "-", "-", e.to_string()));
    }
    let first_bad = reader
        .bad_lines()
        .values()
        .flat_map(|b| b.first.iter())
        .min_by_key(|b| b.line);
    if let Some(b) = first_bad {
        return Err(session_error(
            side,
            &file,
            &format!("line {}", b.line),
            "-",
            b.reason.clone(),
        ));
    }
    let mut seen: HashMap<(String, String), ()> = HashMap::new();
    let mut out = Vec::new();
    for s in sessions.finish() {
        if seen
            .insert((s.identity.clone(), s.transaction_id.clone()), ())
            .is_some()
        {
            return Err(session_error(
                side,
                &file,
                &format!("{} transaction {}", s.identity, s.transaction_id),
                "transactionId",
                "the same transaction id started twice".to_owned(),
            ));
        }
        out.push(SessionRecord {
            at: format!("{file}: {} transaction {}", s.identity, s.transaction_id),
            // a transaction id is unique per charge point only
            id: format!("{}:{}", s.identity, s.transaction_id),
            charge_point: Some(s.identity),
            token: s.token,
            start: s.start,
            stop: s.stop,
            energy_kwh: s.energy_wh.map(|wh| wh / 1000.0),
            tariff: None,
        });
    }
    Ok(out)
}

/// What [`compare_sessions`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionComparison {
    /// Every session difference, in the order of [`sort`].
    pub differences: Vec<Difference>,
    /// Sessions of the old side.
    pub in_old: usize,
    /// Sessions of the new side.
    pub in_new: usize,
    /// Sessions of the old side found in the new one.
    pub matched: usize,
}

impl SessionComparison {
    /// The counts of exported history: the old side's sessions, and how many of them the new
    /// side holds.
    #[must_use]
    pub fn history(&self) -> HistoryCounts {
        HistoryCounts {
            in_old: self.in_old as u64,
            exported: self.matched as u64,
        }
    }

    /// The counts per code, for [`Comparison::with_sessions`](super::compare::Comparison::with_sessions).
    #[must_use]
    pub fn counts(&self) -> Vec<CodeKindCount> {
        let mut n: BTreeMap<ReconcileCheck, usize> = BTreeMap::new();
        for d in &self.differences {
            *n.entry(d.finding.code).or_default() += 1;
        }
        n.into_iter()
            .map(|(code, count)| CodeKindCount {
                code: code.code().to_owned(),
                kind: KIND.to_owned(),
                count,
            })
            .collect()
    }
}

fn show_time(t: Option<DateTime>) -> Option<String> {
    t.map(|t| t.to_string())
}

fn show_kwh(x: Option<f64>) -> Option<String> {
    x.map(|x| format!("{x:.3}"))
}

/// The millisecond distance of two times.
fn apart_ms(a: DateTime, b: DateTime) -> i64 {
    let ms = |t: DateTime| {
        t.unix_seconds()
            .saturating_mul(1000)
            .saturating_add(i64::from(t.subsec_nanos() / 1_000_000))
    };
    ms(a).saturating_sub(ms(b)).saturating_abs()
}

fn unmatched(side: Side, s: &SessionRecord) -> Difference {
    let code = match side {
        Side::Old => ReconcileCheck::SessionMissingInNew,
        Side::New => ReconcileCheck::SessionExtraInNew,
    };
    let mut f = Finding::new(
        code,
        code.severity(),
        mirror_message(code, KIND, Some(&s.id)),
    );
    if let Some(cp) = &s.charge_point {
        f = f.with_asset_ids(vec![AssetId::new(NodeKind::ChargePoint, cp)]);
    }
    let (old, new) = match side {
        Side::Old => (Some(s.id.clone()), None),
        Side::New => (None, Some(s.id.clone())),
    };
    Difference {
        finding: f,
        kind: KIND.to_owned(),
        field: None,
        old,
        new,
    }
}

/// The differences of two matched sessions.
fn drift(a: &SessionRecord, b: &SessionRecord, t: &SessionTolerances, out: &mut Vec<Difference>) {
    // the same words whichever side is old, so that a mirrored comparison reads alike
    let name = if a.id == b.id {
        a.id.clone()
    } else if a.id < b.id {
        format!("{} / {}", a.id, b.id)
    } else {
        format!("{} / {}", b.id, a.id)
    };
    let mut push =
        |code: ReconcileCheck, field: &str, x: Option<String>, y: Option<String>, why: String| {
            out.push(Difference {
                finding: Finding::new(
                    code,
                    code.severity(),
                    format!("{KIND} {name}: {field} {why}"),
                ),
                kind: KIND.to_owned(),
                field: Some(field.to_owned()),
                old: x,
                new: y,
            });
        };
    let limit_ms = t.time_s.saturating_mul(1000);
    let d = apart_ms(a.start, b.start);
    if d > limit_ms {
        push(
            ReconcileCheck::SessionTimes,
            "start",
            show_time(Some(a.start)),
            show_time(Some(b.start)),
            format!("{} s apart (tolerance {} s)", d / 1000, t.time_s),
        );
    }
    match (a.stop, b.stop) {
        (Some(x), Some(y)) => {
            let d = apart_ms(x, y);
            if d > limit_ms {
                push(
                    ReconcileCheck::SessionTimes,
                    "stop",
                    show_time(a.stop),
                    show_time(b.stop),
                    format!("{} s apart (tolerance {} s)", d / 1000, t.time_s),
                );
            }
        }
        (None, None) => {}
        _ => push(
            ReconcileCheck::SessionTimes,
            "stop",
            show_time(a.stop),
            show_time(b.stop),
            "on one side only".to_owned(),
        ),
    }
    match (a.energy_kwh, b.energy_kwh) {
        (Some(x), Some(y)) => {
            // NaN is never within the tolerance
            if (x - y).abs().is_nan() || (x - y).abs() > t.energy_kwh + 1e-9 {
                push(
                    ReconcileCheck::SessionEnergy,
                    "energy_kwh",
                    show_kwh(a.energy_kwh),
                    show_kwh(b.energy_kwh),
                    format!(
                        "{:.3} kWh apart (tolerance {} kWh)",
                        (x - y).abs(),
                        t.energy_kwh
                    ),
                );
            }
        }
        (None, None) => {}
        _ => push(
            ReconcileCheck::SessionEnergy,
            "energy_kwh",
            show_kwh(a.energy_kwh),
            show_kwh(b.energy_kwh),
            "on one side only".to_owned(),
        ),
    }
    if let (Some(x), Some(y)) = (&a.tariff, &b.tariff)
        && x != y
    {
        push(
            ReconcileCheck::SessionTariff,
            "tariff",
            Some(x.clone()),
            Some(y.clone()),
            "differs".to_owned(),
        );
    }
}

/// Compares the old side's sessions with the new side's; see the module documentation.
///
/// # Complexity
/// O((S_old + S_new) log S) expected: a hash look-up by id, then, per charge point, the
/// unmatched sessions sorted by start and matched within the tolerance.
#[must_use]
pub fn compare_sessions(
    old: &[SessionRecord],
    new: &[SessionRecord],
    t: &SessionTolerances,
) -> SessionComparison {
    let by_id: HashMap<&str, usize> = new
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut partner_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut partner_of_old: Vec<Option<usize>> = vec![None; old.len()];
    for (i, s) in old.iter().enumerate() {
        if let Some(&j) = by_id.get(s.id.as_str())
            && partner_of_new.get(j).is_some_and(Option::is_none)
        {
            partner_of_new[j] = Some(i);
            partner_of_old[i] = Some(j);
        }
    }
    // the unmatched of the new side per charge point, by start
    let mut free: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, s) in new.iter().enumerate() {
        if partner_of_new[j].is_none()
            && let Some(cp) = &s.charge_point
        {
            free.entry(cp.as_str()).or_default().push(j);
        }
    }
    for v in free.values_mut() {
        v.sort_by_key(|&j| new[j].start);
    }
    let limit_ms = t.time_s.saturating_mul(1000);
    for (i, s) in old.iter().enumerate() {
        if partner_of_old[i].is_some() {
            continue;
        }
        let Some(cp) = &s.charge_point else { continue };
        let Some(cands) = free.get_mut(cp.as_str()) else {
            continue;
        };
        // the nearest start within the tolerance
        let best = cands
            .iter()
            .enumerate()
            .map(|(k, &j)| (apart_ms(new[j].start, s.start), k, j))
            .filter(|&(d, _, _)| d <= limit_ms)
            .min();
        if let Some((_, k, j)) = best {
            cands.remove(k);
            partner_of_new[j] = Some(i);
            partner_of_old[i] = Some(j);
        }
    }
    let mut out = Vec::new();
    let mut matched = 0;
    for (i, s) in old.iter().enumerate() {
        match partner_of_old[i] {
            Some(j) => {
                matched += 1;
                drift(s, &new[j], t, &mut out);
            }
            None => out.push(unmatched(Side::Old, s)),
        }
    }
    for (j, s) in new.iter().enumerate() {
        if partner_of_new[j].is_none() {
            out.push(unmatched(Side::New, s));
        }
    }
    sort(&mut out);
    SessionComparison {
        differences: out,
        in_old: old.len(),
        in_new: new.len(),
        matched,
    }
}
