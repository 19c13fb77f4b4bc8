//! The charging sessions of a health log, one record per transaction: who charged where, from
//! when to when, and how much energy, as the charge points reported them over OCPP. This is the
//! public way to get the sessions out of a log (the KPIs of [`kpi`](super::kpi) only count them),
//! e.g. for the historical-data check of [`reconcile`](crate::reconcile).
//!
//! - OCPP 1.6: a `StartTransaction` CALL (`connectorId`, `idTag`, `meterStart`, `timestamp`)
//!   paired by message id with its CALLRESULT, which gives the `transactionId`; the
//!   `StopTransaction` CALL of that id (`meterStop`, `timestamp`, `reason`) ends it. The energy
//!   is `meterStop − meterStart` (Wh). A start the back office rejected
//!   (`idTagInfo.status` not `Accepted`) is no session.
//! - OCPP 2.0.1 / 2.1: `TransactionEvent` `Started` opens `transactionInfo.transactionId`,
//!   `Ended` closes it (`stoppedReason`); the energy is the last
//!   `Energy.Active.Import.Register` sampled value (the default measurand) minus the first one
//!   seen in the transaction's events (Wh, or kWh scaled by `unitOfMeasure`).
//!
//! A frame that does not parse, or lacks a field a session needs, is skipped and counted in
//! [`Sessions::skipped`]; nothing panics.
//!
//! # Complexity
//! O(length of each frame) per record; the state is the open sessions and the pending
//! `StartTransaction` CALLs.
//!
//! ```
//! use chargeshift_planner::health::log::{Direction, Record};
//! use chargeshift_planner::health::sessions::Sessions;
//! let t = |s: &str| s.parse().unwrap();
//! let mut s = Sessions::new();
//! s.push(&Record::frame(t("2026-03-02T08:00:00Z"), "CP1", Direction::CpToCsms,
//!     r#"[2,"1","StartTransaction",{"connectorId":1,"idTag":"TAG1","meterStart":1000,"timestamp":"2026-03-02T08:00:00Z"}]"#));
//! s.push(&Record::frame(t("2026-03-02T08:00:01Z"), "CP1", Direction::CsmsToCp,
//!     r#"[3,"1",{"idTagInfo":{"status":"Accepted"},"transactionId":7}]"#));
//! s.push(&Record::frame(t("2026-03-02T09:00:00Z"), "CP1", Direction::CpToCsms,
//!     r#"[2,"2","StopTransaction",{"transactionId":7,"meterStop":12500,"timestamp":"2026-03-02T09:00:00Z","reason":"Local"}]"#));
//! let sessions = s.finish();
//! assert_eq!(sessions.len(), 1);
//! assert_eq!(sessions[0].transaction_id, "7");
//! assert_eq!(sessions[0].energy_wh, Some(11_500.0));
//! assert_eq!(sessions[0].stop.map(|t| t.to_string()).as_deref(), Some("2026-03-02T09:00:00.000Z"));
//! ```

use std::collections::{BTreeMap, HashMap};

use chargeshift_ocpp::DateTime;
use serde_json::Value;

use super::log::{Body, Direction, Record};

/// One charging session as the OCPP traffic shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// The charge point identity.
    pub identity: String,
    /// The transaction id (1.6: the back office's integer, as text; 2.0.1: the station's).
    pub transaction_id: String,
    /// The token that started it (1.6 `idTag`, 2.0.1 `idToken.idToken`), if sent.
    pub token: Option<String>,
    /// When it started (the charger's timestamp).
    pub start: DateTime,
    /// When it stopped; `None` while the log holds no stop.
    pub stop: Option<DateTime>,
    /// The energy delivered, in Wh, when the meter readings are known.
    pub energy_wh: Option<f64>,
    /// Why it stopped (1.6 `reason`, 2.0.1 `stoppedReason`), if sent.
    pub stop_reason: Option<String>,
}

/// The streaming extractor of [`Session`]s from health-log records; see the module
/// documentation.
#[derive(Debug, Default)]
pub struct Sessions {
    /// (identity, message id) → the StartTransaction CALL awaiting its answer.
    asked: HashMap<(String, String), Session>,
    /// (identity, transaction id) → the open session, and its first meter reading (Wh).
    open: HashMap<(String, String), (Session, Option<f64>)>,
    done: Vec<Session>,
    skipped: u64,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn time(v: &Value) -> Option<DateTime> {
    v.as_str().and_then(|s| DateTime::parse(s).ok())
}

/// The energy register of a 2.0.1 `meterValue` array, in Wh: the last
/// `Energy.Active.Import.Register` sampled value (a value without a measurand is one).
fn register_wh(meter_values: &Value) -> Option<f64> {
    let mut last = None;
    for mv in meter_values.as_array().into_iter().flatten() {
        for sv in mv["sampledValue"].as_array().into_iter().flatten() {
            let measurand = sv["measurand"]
                .as_str()
                .unwrap_or("Energy.Active.Import.Register");
            if measurand != "Energy.Active.Import.Register" {
                continue;
            }
            let Some(v) = sv["value"].as_f64() else {
                continue;
            };
            let unit = sv["unitOfMeasure"]["unit"].as_str().unwrap_or("Wh");
            let multiplier = sv["unitOfMeasure"]["multiplier"].as_i64().unwrap_or(0);
            let scale = if unit.eq_ignore_ascii_case("kWh") {
                1000.0
            } else {
                1.0
            };
            let m = i32::try_from(multiplier).unwrap_or(0);
            last = Some(v * scale * 10f64.powi(m));
        }
    }
    last
}

impl Sessions {
    /// An extractor with no session yet.
    #[must_use]
    pub fn new() -> Sessions {
        Sessions::default()
    }

    /// The frames skipped: unparsable, or a Start/Stop/TransactionEvent without a field a
    /// session needs.
    #[must_use]
    pub fn skipped(&self) -> u64 {
        self.skipped
    }

    /// Reads one record. O(length of the frame).
    pub fn push(&mut self, record: &Record) {
        let Body::Frame { direction, frame } = &record.body else {
            return;
        };
        let Ok(Value::Array(parts)) = serde_json::from_str::<Value>(frame) else {
            self.skipped += 1;
            return;
        };
        let id = record.identity.as_str();
        let kind = parts.first().and_then(Value::as_u64);
        let message_id = parts.get(1).and_then(text).unwrap_or_default();
        match (kind, direction) {
            (Some(2), Direction::CpToCsms) => {
                let action = parts.get(2).and_then(Value::as_str).unwrap_or_default();
                let payload = parts.get(3).unwrap_or(&Value::Null);
                let ok = match action {
                    "StartTransaction" => self.start_16(id, &message_id, payload),
                    "StopTransaction" => self.stop_16(id, payload),
                    "TransactionEvent" => self.event_201(id, payload),
                    _ => true,
                };
                if !ok {
                    self.skipped += 1;
                }
            }
            (Some(3), Direction::CsmsToCp) => {
                let Some(mut s) = self.asked.remove(&(id.to_owned(), message_id)) else {
                    return;
                };
                let payload = parts.get(2).unwrap_or(&Value::Null);
                let accepted = payload["idTagInfo"]["status"].as_str() == Some("Accepted");
                match text(&payload["transactionId"]) {
                    Some(tx) if accepted => {
                        s.transaction_id.clone_from(&tx);
                        let first = s.energy_wh.take();
                        self.open.insert((id.to_owned(), tx), (s, first));
                    }
                    Some(_) => {}
                    None => self.skipped += 1,
                }
            }
            _ => {}
        }
    }

    fn start_16(&mut self, id: &str, message_id: &str, p: &Value) -> bool {
        let Some(start) = time(&p["timestamp"]) else {
            return false;
        };
        let s = Session {
            identity: id.to_owned(),
            transaction_id: String::new(),
            token: text(&p["idTag"]),
            start,
            stop: None,
            // the meter start, until the answer gives the transaction id
            energy_wh: p["meterStart"].as_f64(),
            stop_reason: None,
        };
        self.asked.insert((id.to_owned(), message_id.to_owned()), s);
        true
    }

    fn stop_16(&mut self, id: &str, p: &Value) -> bool {
        let (Some(tx), Some(stop)) = (text(&p["transactionId"]), time(&p["timestamp"])) else {
            return false;
        };
        let Some((mut s, first)) = self.open.remove(&(id.to_owned(), tx)) else {
            return true;
        };
        s.stop = Some(stop);
        s.energy_wh = first.zip(p["meterStop"].as_f64()).map(|(a, b)| b - a);
        s.stop_reason = text(&p["reason"]);
        self.done.push(s);
        true
    }

    fn event_201(&mut self, id: &str, p: &Value) -> bool {
        let (Some(tx), Some(at)) = (
            text(&p["transactionInfo"]["transactionId"]),
            time(&p["timestamp"]),
        ) else {
            return false;
        };
        let reading = register_wh(&p["meterValue"]);
        let key = (id.to_owned(), tx.clone());
        let (s, first) = self.open.entry(key.clone()).or_insert_with(|| {
            (
                Session {
                    identity: id.to_owned(),
                    transaction_id: tx,
                    token: None,
                    start: at,
                    stop: None,
                    energy_wh: None,
                    stop_reason: None,
                },
                None,
            )
        });
        if s.token.is_none() {
            s.token = text(&p["idToken"]["idToken"]);
        }
        if let Some(r) = reading {
            if first.is_none() {
                *first = Some(r);
            }
            s.energy_wh = Some(r);
        }
        if p["eventType"].as_str() == Some("Ended")
            && let Some((mut s, first)) = self.open.remove(&key)
        {
            s.stop = Some(at);
            s.stop_reason = text(&p["transactionInfo"]["stoppedReason"]);
            // the register at the end minus the first reading seen (the register itself when it is
            // the only reading)
            s.energy_wh = s.energy_wh.zip(first).map(|(last, first)| {
                if (last - first).abs() < f64::EPSILON {
                    last
                } else {
                    last - first
                }
            });
            self.done.push(s);
        }
        true
    }

    /// Every session, the stopped ones and those still open (`stop` `None`), ordered by
    /// identity, start and transaction id.
    #[must_use]
    pub fn finish(self) -> Vec<Session> {
        let mut all = self.done;
        all.extend(self.open.into_values().map(|(mut s, first)| {
            // an open 2.0.1 session's reading so far minus its first one; 1.6 has none yet
            s.energy_wh = s.energy_wh.zip(first).map(|(last, first)| last - first);
            s
        }));
        let mut keyed: BTreeMap<(String, DateTime, String), Session> = BTreeMap::new();
        for s in all {
            keyed.insert((s.identity.clone(), s.start, s.transaction_id.clone()), s);
        }
        keyed.into_values().collect()
    }
}
