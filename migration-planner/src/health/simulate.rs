//! A deterministic, seeded OCPP traffic simulator over a fleet: boots, heartbeats, status
//! changes, sessions with meter values and authorizations (roaming tokens among them), in 1.6
//! and 2.0.1, with faults injected into chosen charge points.
//!
//! Every frame is built as a `serde_json` value with the fields of the official schemas, and
//! every CALL the simulator sends is answered. Per charge point and day:
//! - day 1: an `open` event, a BootNotification (2.0.1 reason `PowerUp`) and a StatusNotification
//!   `Available` for every connector (1.6 also connector 0);
//! - a Heartbeat every [`SimOptions::heartbeat_secs`];
//! - [`SimOptions::sessions_per_day`] sessions between 08:00 and 22:00, each in its own slot on
//!   a connector chosen by the seed: Authorize (a fleet token, or a roaming one with
//!   [`SimOptions::roaming_pct`] chance), 1.6 StartTransaction / StatusNotification `Charging` /
//!   MeterValues / StopTransaction `EVDisconnected` / `Available`, 2.0.1 TransactionEvent
//!   `Started` / `Updated` / `Ended` (`EVDisconnected`) with StatusNotification `Occupied` /
//!   `Available`.
//!
//! Faults ([`Faults`]):
//! - `reboot_loop`: every 2 hours a `close` (status 1006), an `open` and a BootNotification
//!   (2.0.1 reason `Watchdog`);
//! - `faulted_connector`: connector 1 `Faulted` (1.6 `errorCode` `OtherError`, vendor error
//!   `CX001`) from 02:00 to 08:00 every day;
//! - `rejected_tokens`: every Authorize answered `Invalid` and no session started;
//! - `non_conforming`: each Heartbeat carries an unknown field (a leniency deviation) and each
//!   session's meter values come as a MeterValues / TransactionEvent without a required field
//!   (a decode failure).

use chargeshift_graph::{Fleet, NodeData, NodeKind};
use chargeshift_ocpp::{DateTime, OcppVersion};
use serde_json::{Value, json};

use super::log::{Direction, Event, Record};

/// The faults of a charge point.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Faults {
    /// Reboots every 2 hours.
    pub reboot_loop: bool,
    /// Connector 1 faulted 02:00–08:00 every day.
    pub faulted_connector: bool,
    /// Every token rejected.
    pub rejected_tokens: bool,
    /// Frames that do not conform to the schemas.
    pub non_conforming: bool,
}

impl Faults {
    /// Every fault.
    #[must_use]
    pub const fn all() -> Faults {
        Faults {
            reboot_loop: true,
            faulted_connector: true,
            rejected_tokens: true,
            non_conforming: true,
        }
    }

    /// No fault.
    #[must_use]
    pub const fn none() -> Faults {
        Faults {
            reboot_loop: false,
            faulted_connector: false,
            rejected_tokens: false,
            non_conforming: false,
        }
    }
}

/// A charge point to simulate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimChargePoint {
    /// Its identity.
    pub identity: String,
    /// Its OCPP version (1.6 or 2.0.1; 2.1 is simulated as 2.0.1's messages).
    pub version: OcppVersion,
    /// Connectors (at least 1).
    pub connectors: u32,
    /// Its faults.
    pub faults: Faults,
}

/// The charge points of `fleet`, sorted by identity, without faults: the version from the
/// segment tag `ocpp_version` (`1.6`, `2.0.1`, `2.1`), else `default_version`; the connectors
/// from the connector count (at least 1). O(C log C).
///
/// ```
/// use chargeshift_planner::health::simulate::charge_points;
/// let fleet = chargeshift_graph::generate::fleet(10);
/// let cps = charge_points(&fleet, chargeshift_ocpp::OcppVersion::V16);
/// assert_eq!(cps.len(), 10);
/// assert!(cps.iter().all(|c| c.connectors >= 1));
/// ```
#[must_use]
pub fn charge_points(fleet: &Fleet, default_version: OcppVersion) -> Vec<SimChargePoint> {
    let mut out: Vec<SimChargePoint> = fleet
        .nodes_of_kind(NodeKind::ChargePoint)
        .map(|(_, n)| {
            let (version, connectors) = match &n.data {
                NodeData::ChargePoint(d) => (
                    match d.segments.get("ocpp_version").map(AsRef::as_ref) {
                        Some("1.6" | "1.6J" | "ocpp1.6") => OcppVersion::V16,
                        Some("2.0.1" | "ocpp2.0.1") => OcppVersion::V201,
                        Some("2.1" | "ocpp2.1") => OcppVersion::V21,
                        _ => default_version,
                    },
                    u32::from(d.connector_count.max(1)),
                ),
                _ => (default_version, 1),
            };
            SimChargePoint {
                identity: n.id().to_owned(),
                version,
                connectors,
                faults: Faults::none(),
            }
        })
        .collect();
    out.sort_by(|a, b| a.identity.cmp(&b.identity));
    out
}

/// What to simulate.
///
/// ```
/// use chargeshift_planner::health::simulate::SimOptions;
/// let o = SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), 7);
/// assert_eq!((o.heartbeat_secs, o.sessions_per_day, o.roaming_pct), (600, 4, 20));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SimOptions {
    /// The seed.
    pub seed: u64,
    /// The first instant (midnight UTC of the first day, usually).
    pub start: DateTime,
    /// Days simulated.
    pub days: u32,
    /// Heartbeat interval (default 600 s).
    pub heartbeat_secs: i64,
    /// Sessions per charge point per day (default 4).
    pub sessions_per_day: u32,
    /// Chance in percent that a session's token is roaming (default 20).
    pub roaming_pct: u32,
    /// The fleet's tokens (default `CARD-1` … `CARD-9`). A session of a charge point uses only
    /// those that fit its version's schema (1.6 `idTag` ≤ 20 characters, 2.0.1 `idToken` ≤ 36);
    /// without one it uses a roaming token.
    pub tokens: Vec<String>,
}

impl SimOptions {
    /// The defaults over `days` days from `start`, seed 1.
    #[must_use]
    pub fn new(start: DateTime, days: u32) -> SimOptions {
        SimOptions {
            seed: 1,
            start,
            days,
            heartbeat_secs: 600,
            sessions_per_day: 4,
            roaming_pct: 20,
            tokens: (1..=9).map(|i| format!("CARD-{i}")).collect(),
        }
    }
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

fn seed_of(seed: u64, identity: &str) -> u64 {
    // FNV-1a of the identity, mixed with the seed: the same charge point gets the same traffic
    // whatever else is in the fleet
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for b in identity.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The records of one charge point, in time order.
struct Cp<'a> {
    cp: &'a SimChargePoint,
    out: Vec<(i64, u64, Record)>,
    seq: u64,
    next_id: u64,
    next_tx: u64,
    /// The heartbeat interval the simulated back office asks for, seconds.
    heartbeat: i64,
}

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

fn at(secs: i64) -> DateTime {
    DateTime::from_unix(secs, 0).unwrap_or_default()
}

fn iso(secs: i64) -> String {
    at(secs).format(chargeshift_ocpp::TimestampPrecision::Seconds)
}

impl Cp<'_> {
    fn v16(&self) -> bool {
        self.cp.version == OcppVersion::V16
    }

    fn push(&mut self, secs: i64, record: Record) {
        self.out.push((secs, self.seq, record));
        self.seq += 1;
    }

    fn event(&mut self, secs: i64, event: Event, reason: Option<&str>) {
        let r = Record::connection(at(secs), &self.cp.identity, event, reason);
        self.push(secs, r);
    }

    /// A CALL from the charge point and its answer a second later (when given).
    fn call(&mut self, secs: i64, action: &str, payload: &Value, answer: Option<&Value>) {
        self.next_id += 1;
        let id = self.next_id.to_string();
        let frame = json!([2, id, action, payload]).to_string();
        let r = Record::frame(at(secs), &self.cp.identity, Direction::CpToCsms, &frame);
        self.push(secs, r);
        if let Some(answer) = answer {
            let frame = json!([3, id, answer]).to_string();
            let r = Record::frame(at(secs + 1), &self.cp.identity, Direction::CsmsToCp, &frame);
            self.push(secs + 1, r);
        }
    }

    fn boot(&mut self, secs: i64, reason: &str) {
        let answer =
            json!({"status": "Accepted", "currentTime": iso(secs + 1), "interval": self.heartbeat});
        let payload = if self.v16() {
            json!({"chargePointVendor": "SimVendor", "chargePointModel": "Sim16", "firmwareVersion": "1.0.0"})
        } else {
            json!({"reason": reason, "chargingStation": {"vendorName": "SimVendor", "model": "Sim201", "firmwareVersion": "2.0.0"}})
        };
        self.call(secs, "BootNotification", &payload, Some(&answer));
    }

    fn status(&mut self, secs: i64, connector: u32, status: &str, error: Option<&str>) {
        let payload = if self.v16() {
            let mut p = json!({"connectorId": connector, "errorCode": "NoError", "status": status, "timestamp": iso(secs)});
            if let Some(code) = error {
                p["errorCode"] = json!("OtherError");
                p["vendorId"] = json!("org.chargex");
                p["vendorErrorCode"] = json!(code);
            }
            p
        } else {
            let s = match status {
                "Charging" => "Occupied",
                other => other,
            };
            json!({"timestamp": iso(secs), "connectorStatus": s, "evseId": connector, "connectorId": 1})
        };
        self.call(secs, "StatusNotification", &payload, Some(&json!({})));
    }

    fn heartbeat(&mut self, secs: i64) {
        let payload = if self.cp.faults.non_conforming {
            json!({"uptime": 1})
        } else {
            json!({})
        };
        self.call(
            secs,
            "Heartbeat",
            &payload,
            Some(&json!({"currentTime": iso(secs + 1)})),
        );
    }

    fn session(&mut self, start: i64, minutes: i64, connector: u32, token: &str) {
        let rejected = self.cp.faults.rejected_tokens;
        let status = if rejected { "Invalid" } else { "Accepted" };
        let end = start + minutes * 60;
        if self.v16() {
            self.call(
                start,
                "Authorize",
                &json!({"idTag": token}),
                Some(&json!({"idTagInfo": {"status": status}})),
            );
            if rejected {
                return;
            }
            self.next_tx += 1;
            let tx = self.next_tx;
            self.call(
                start + 5,
                "StartTransaction",
                &json!({"connectorId": connector, "idTag": token, "meterStart": 0, "timestamp": iso(start + 5)}),
                Some(&json!({"idTagInfo": {"status": "Accepted"}, "transactionId": tx})),
            );
            self.status(start + 6, connector, "Charging", None);
            let meter = if self.cp.faults.non_conforming {
                json!({"meterValue": [{"timestamp": iso(start + 900), "sampledValue": [{"value": "2500"}]}]})
            } else {
                json!({"connectorId": connector, "transactionId": tx, "meterValue": [{"timestamp": iso(start + 900), "sampledValue": [{"value": "2500", "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]})
            };
            self.call(start + 900, "MeterValues", &meter, Some(&json!({})));
            self.call(
                end,
                "StopTransaction",
                &json!({"transactionId": tx, "meterStop": minutes * 150, "timestamp": iso(end), "reason": "EVDisconnected"}),
                Some(&json!({})),
            );
            self.status(end + 1, connector, "Available", None);
        } else {
            self.call(
                start,
                "Authorize",
                &json!({"idToken": {"idToken": token, "type": "ISO14443"}}),
                Some(&json!({"idTokenInfo": {"status": status}})),
            );
            if rejected {
                return;
            }
            self.next_tx += 1;
            let tx = format!("{}-{}", self.cp.identity, self.next_tx);
            let event = |kind: &str, secs: i64, seq: u32, trigger: &str| {
                json!({"eventType": kind, "timestamp": iso(secs), "triggerReason": trigger, "seqNo": seq,
                       "transactionInfo": {"transactionId": tx}, "evse": {"id": connector, "connectorId": 1}})
            };
            let mut started = event("Started", start + 5, 0, "Authorized");
            started["idToken"] = json!({"idToken": token, "type": "ISO14443"});
            self.call(start + 5, "TransactionEvent", &started, Some(&json!({})));
            self.status(start + 6, connector, "Charging", None);
            let mut updated = event("Updated", start + 900, 1, "MeterValuePeriodic");
            updated["meterValue"] = json!([{"timestamp": iso(start + 900), "sampledValue": [{"value": 2500.0, "measurand": "Energy.Active.Import.Register"}]}]);
            if self.cp.faults.non_conforming
                && let Some(o) = updated.as_object_mut()
            {
                o.remove("seqNo");
            }
            self.call(start + 900, "TransactionEvent", &updated, Some(&json!({})));
            let mut ended = event("Ended", end, 2, "EVCommunicationLost");
            ended["transactionInfo"]["stoppedReason"] = json!("EVDisconnected");
            self.call(end, "TransactionEvent", &ended, Some(&json!({})));
            self.status(end + 1, connector, "Available", None);
        }
    }
}

/// The traffic of `fleet` (see the module) as health-log records in time order (records of the
/// same instant in the order they were made, charge points by identity).
///
/// Deterministic: the same charge points and options give the same records; each charge
/// point's traffic depends only on the seed and its identity.
///
/// # Complexity
/// O(R log R) for R records (days × (86,400 / heartbeat + sessions) per charge point); the
/// records are returned, so memory is O(R).
///
/// ```
/// use chargeshift_planner::health::simulate::{simulate, SimChargePoint, SimOptions, Faults};
/// use chargeshift_ocpp::OcppVersion;
/// let cps = [SimChargePoint { identity: "CP1".into(), version: OcppVersion::V201, connectors: 2, faults: Faults::none() }];
/// let records = simulate(&cps, &SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), 1));
/// assert!(records.windows(2).all(|w| w[0].ts <= w[1].ts));
/// assert_eq!(records, simulate(&cps, &SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), 1)));
/// ```
#[must_use]
pub fn simulate(cps: &[SimChargePoint], options: &SimOptions) -> Vec<Record> {
    let mut all: Vec<(i64, u64, Record)> = Vec::new();
    let mut order: Vec<&SimChargePoint> = cps.iter().collect();
    order.sort_by(|a, b| a.identity.cmp(&b.identity));
    let t0 = options.start.unix_seconds();
    for (rank, sim) in order.into_iter().enumerate() {
        let mut rng = Rng(seed_of(options.seed, &sim.identity));
        let mut cp = Cp {
            cp: sim,
            out: Vec::new(),
            seq: 0,
            next_id: 0,
            next_tx: 0,
            heartbeat: options.heartbeat_secs.max(1),
        };
        let connectors = sim.connectors.max(1);
        let begin = t0 + i64::try_from(rng.below(60)).unwrap_or(0);
        cp.event(begin, Event::Open, None);
        cp.boot(begin + 1, "PowerUp");
        if cp.v16() {
            cp.status(begin + 2, 0, "Available", None);
        }
        for c in 1..=connectors {
            cp.status(begin + 2, c, "Available", None);
        }
        let end = t0 + i64::from(options.days) * DAY;
        let beat = options.heartbeat_secs.max(1);
        let mut t = begin + beat;
        while t < end {
            cp.heartbeat(t);
            t += beat;
        }
        for d in 0..i64::from(options.days) {
            let midnight = t0 + d * DAY;
            if sim.faults.faulted_connector {
                cp.status(midnight + 2 * HOUR, 1, "Faulted", Some("CX001"));
                cp.status(midnight + 8 * HOUR, 1, "Available", None);
            }
            if sim.faults.reboot_loop {
                for h in (1..24).step_by(2) {
                    let s = midnight + h * HOUR + 30;
                    cp.event(s, Event::Close, Some("1006"));
                    cp.event(s + 20, Event::Open, None);
                    cp.boot(s + 21, "Watchdog");
                }
            }
            let n = i64::from(options.sessions_per_day.max(1));
            let slot = 14 * HOUR / n;
            for k in 0..i64::from(options.sessions_per_day) {
                let offset =
                    i64::try_from(rng.below(u64::try_from(slot / 3).unwrap_or(1))).unwrap_or(0);
                let start = midnight + 8 * HOUR + k * slot + offset;
                let minutes = 30 + i64::try_from(rng.below(90)).unwrap_or(0);
                let connector = 1 + u32::try_from(rng.below(u64::from(connectors))).unwrap_or(0);
                let roaming = rng.below(100) < u64::from(options.roaming_pct);
                // a token must fit the version's schema (1.6 idTag ≤ 20, 2.0.1 idToken ≤ 36)
                let limit = if cp.v16() { 20 } else { 36 };
                let fitting: Vec<&String> =
                    options.tokens.iter().filter(|t| t.len() <= limit).collect();
                let token = if roaming || fitting.is_empty() {
                    format!("ROAM-{:06}", rng.below(1_000_000))
                } else {
                    let i = usize::try_from(rng.below(fitting.len() as u64)).unwrap_or(0);
                    fitting.get(i).map(|t| (*t).clone()).unwrap_or_default()
                };
                cp.session(start, minutes, connector, &token);
            }
        }
        let base = u64::try_from(rank).unwrap_or(0) << 40;
        all.extend(cp.out.into_iter().map(|(s, q, r)| (s, base | q, r)));
    }
    all.sort_by_key(|(s, q, _)| (*s, *q));
    all.into_iter().map(|(_, _, r)| r).collect()
}

#[cfg(test)]
// the tests read and write frames of every version
#[cfg(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
mod tests {
    use super::*;
    use crate::health::kpi::{KpiOptions, Kpis};
    use chargeshift_ocpp::Endpoint;
    use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};

    use crate::health::log::Body;

    fn fleet_of(faulty: Faults) -> Vec<SimChargePoint> {
        ["A16", "B201"]
            .iter()
            .zip([OcppVersion::V16, OcppVersion::V201])
            .flat_map(|(name, version)| {
                [
                    (format!("{name}-ok"), Faults::none()),
                    (format!("{name}-bad"), faulty),
                ]
                .into_iter()
                .map(move |(identity, faults)| SimChargePoint {
                    identity,
                    version,
                    connectors: 2,
                    faults,
                })
            })
            .collect()
    }

    fn options(days: u32) -> SimOptions {
        SimOptions::new("2026-03-02T00:00:00Z".parse().unwrap(), days)
    }

    #[test]
    fn every_frame_of_a_fault_free_fleet_decodes_strictly_and_every_call_is_answered() {
        let cps = fleet_of(Faults {
            reboot_loop: true,
            faulted_connector: true,
            rejected_tokens: false,
            non_conforming: false,
        });
        let records = simulate(&cps, &options(2));
        let mut conv = Conversation::new(ConversationOptions::default());
        for c in &cps {
            conv.open(&c.identity, c.version);
        }
        let mut frames = 0;
        for r in &records {
            match &r.body {
                Body::Frame { direction, frame } => {
                    let sender = match direction {
                        Direction::CpToCsms => Endpoint::ChargePoint,
                        Direction::CsmsToCp => Endpoint::Csms,
                    };
                    let x = conv.decode(&r.identity, sender, frame);
                    assert!(x.is_ok(), "{frame}: {x:?}");
                    frames += 1;
                }
                Body::Connection { event, .. } => {
                    if *event == Event::Open {
                        let v = cps
                            .iter()
                            .find(|c| c.identity == r.identity)
                            .unwrap()
                            .version;
                        conv.open(&r.identity, v);
                    }
                }
            }
        }
        assert!(frames > 1000);
        for c in &cps {
            assert_eq!(conv.pending(&c.identity), 0, "{}", c.identity);
        }
    }

    #[test]
    fn injected_faults_are_found_in_the_faulty_charge_points_and_nowhere_else() {
        let cps = fleet_of(Faults::all());
        let o = options(3);
        let records = simulate(&cps, &o);
        let mut ko = KpiOptions::default().with_known_tokens(&o.tokens);
        for c in &cps {
            ko = ko.with_version(&c.identity, c.version);
        }
        let mut k = Kpis::new(ko).unwrap();
        for r in &records {
            k.push(r);
        }
        let a = k.finish("2026-03-05T00:00:00Z".parse().unwrap());
        let (from, to) = ("2026-03-02".parse().unwrap(), "2026-03-04".parse().unwrap());
        for c in &cps {
            let one: std::collections::HashSet<String> = [c.identity.clone()].into();
            let t = a.total(Some(&one), from, to);
            let r = t.rates();
            if c.faults == Faults::none() {
                assert_eq!(r.availability_pct, Some(100.0), "{}", c.identity);
                assert_eq!(r.charging_success_pct, Some(100.0), "{}", c.identity);
                assert_eq!(t.auth_rejected + t.roaming_rejected, 0, "{}", c.identity);
                assert_eq!(t.boots, 1, "{}", c.identity);
                assert_eq!(
                    (t.decode_failures, t.unpaired_results, t.duplicates),
                    (0, 0, 0)
                );
                assert!(t.deviations.is_empty());
                assert!(t.vendor_error_codes.is_empty());
            } else {
                // connector 1 of 2 out 6 h a day, the whole station out 20 s of every reboot
                let av = r.availability_pct.unwrap();
                assert!(av < 90.0, "{}: {av}", c.identity);
                assert_eq!(r.charging_success_pct, None, "{}", c.identity);
                assert_eq!(t.auth_accepted + t.roaming_accepted, 0);
                assert_eq!(t.auth_rejected + t.roaming_rejected, 12);
                assert_eq!(t.boots, 1 + 3 * 12, "{}", c.identity);
                assert_eq!(t.opens, 1 + 3 * 12);
                assert!(t.deviations.values().sum::<u64>() > 0, "{}", c.identity);
                if c.version == OcppVersion::V16 {
                    assert_eq!(t.vendor_error_codes["org.chargex/CX001"], 3);
                }
            }
        }
    }
}
