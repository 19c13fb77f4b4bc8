//! The health KPIs, streamed over a [health log](super::log) with
//! [`Conversation`](chargeshift_ocpp::conversation::Conversation), as partial aggregates per
//! (identity, UTC day) that [merge](DayStats::merge) exactly.
//!
//! Every time is the log's `ts`. A record older than the identity's latest one (clock skew,
//! out-of-order lines) is counted in [`DayStats::out_of_order`] and taken at the latest time
//! (time never runs backwards per identity). A frame whose exact text the same identity sent in
//! the same direction among its last [`DEDUP_WINDOW`] frames is a duplicate: counted in
//! [`DayStats::duplicates`], otherwise ignored.
//!
//! # Availability (US NEVI uptime, 23 CFR 680.116(b))
//! A port is known from its first StatusNotification on: OCPP 1.6 `connectorId` n > 0 is port
//! `"n"`; OCPP 2.0.1 (`evseId` e, `connectorId` c) is port `"e.c"`. From then on, time is
//! accounted per port and day ([`PortTime::observed_ms`]); it is **outage**
//! ([`PortTime::outage_ms`]) while any of these holds:
//! - the port's last status is `Faulted` or `Unavailable` (1.6 `status`, 2.0.1
//!   `connectorStatus`); `Available`, `Preparing`, `Charging`, `SuspendedEV`, `SuspendedEVSE`,
//!   `Finishing`, `Reserved` (1.6) and `Available`, `Occupied`, `Reserved` (2.0.1) are up;
//! - 1.6 connector 0 (the whole station) is `Faulted` or `Unavailable`: every known port is out;
//! - the connection is closed (a `close` event, until an `open` event or a frame from the
//!   charge point);
//! - the charge point is silent: from [`KpiOptions::silence_threshold_ms`] (or twice the heartbeat
//!   interval its back office gave in the last BootNotification answer, when that is longer)
//!   after its last frame until its next frame or `open` event (the threshold itself is not
//!   outage).
//!
//! The part of an outage that overlaps an operator's [`Exclusion`] of the identity is
//! [`PortTime::excluded_ms`]. Over a window of W observed minutes (the sum of the port's
//! `observed_ms` over the window's days; W = 525,600 for a port observed a whole year), the
//! uptime is µ = ((W − (T_outage − T_excluded)) / W) × 100: the NEVI formula with its 525,600
//! minutes replaced by the observed minutes of the window ([`PortTime::uptime_pct`]).
//!
//! # Reliability (UK, The Public Charge Point Regulations 2023, reg. 7)
//! The same port time, classed by the OCPI state each OCPP state maps to: reliable (available,
//! charging, reserved), not reliable (inoperative, out of order), or ineligible for measurement
//! (unknown, blocked), the last left out of both numerator and denominator
//! ([`PortTime::uk_reliability_pct`]): reliability = reliable / (reliable + not reliable) × 100,
//! to be at least [`UK_RELIABILITY_MIN_PCT`] over the network's rapid charge points (at least
//! [`UK_RAPID_MIN_KW`]; which charge points are rapid is the caller's input: the fleet's
//! segments). Every hour counts as accessible (restricted opening hours are not modelled).
//!
//! How each state maps, for both KPIs (a port's state, before the station's and the
//! connection's, which override it as the last rows say):
//!
//! | OCPP state | version | OCPI state | NEVI uptime | UK reliability |
//! |---|---|---|---|---|
//! | `Available` | 1.6, 2.0.1 | AVAILABLE | up | reliable |
//! | `Preparing`, `Charging`, `SuspendedEV`, `SuspendedEVSE`, `Finishing` | 1.6 | CHARGING | up | reliable |
//! | `Occupied` | 2.0.1 | CHARGING | up | reliable |
//! | `Reserved` | 1.6, 2.0.1 | RESERVED | up | reliable |
//! | `Unavailable` | 1.6, 2.0.1 | INOPERATIVE | outage | not reliable |
//! | `Faulted` | 1.6, 2.0.1 | OUTOFORDER | outage | not reliable |
//! | 1.6 connector 0 `Unavailable` / `Faulted` (every port) | 1.6 | INOPERATIVE / OUTOFORDER | outage | not reliable |
//! | connection closed, or silent beyond the threshold (every port) | both | UNKNOWN | outage | ineligible |
//! | before the port's first StatusNotification | both | UNKNOWN | not observed | not observed |
//! | in an operator's [`Exclusion`] | both | (any) | outage excluded from T_outage | as its state |
//!
//! No OCPP status maps to OCPI BLOCKED (a parking bay blocked by a vehicle that does not charge
//! is not visible in OCPP), so nothing is ineligible as blocked. An unknown status text counts
//! as up and reliable, as in the NEVI mapping.
//!
//! # Charging success (Germany, NOW)
//! A session starts when a 1.6 StartTransaction is answered with `idTagInfo.status` `Accepted`
//! (a non-`Accepted` answer is [`DayStats::start_rejected`], not a start), or at a 2.0.1
//! TransactionEvent `Started`. It ends at the 1.6 StopTransaction of its `transactionId` or the
//! 2.0.1 TransactionEvent `Ended`; the outcome is counted on the day the session **started**.
//! The stop reason (1.6 `reason`, 2.0.1 `transactionInfo.stoppedReason`, absent = `Local`) is
//! tallied in [`DayStats::stop_reasons`]; the session succeeded when it is one of
//! [`SUCCESSFUL_STOP_REASONS`], else failed. A session without its stop (1.6: the same
//! connector starts another one; either version: the log ends) is [`DayStats::missing_stop`]; a stop of no known
//! session [`DayStats::stop_without_start`]. The rate is succeeded / (succeeded + failed).
//!
//! # Authorization success
//! Each Authorize answered (1.6 `idTagInfo.status`, 2.0.1 `idTokenInfo.status`): `Accepted` is a
//! success, any other status a failure (tallied in [`DayStats::auth_statuses`]). A token not
//! among [`KpiOptions::known_tokens`] (the fleet's cards, compared case-insensitively) is
//! roaming and counted apart ([`DayStats::roaming_accepted`], [`DayStats::roaming_rejected`]).
//!
//! # Reconnects, protocol quality, error codes
//! BootNotifications ([`DayStats::boots`], 2.0.1 `reason` tallied) and connection `open` events
//! ([`DayStats::opens`]) per identity and day. Frames that do not decode (by OCPP-J error code),
//! CALLRESULTs with no CALL, and the leniencies used (by kind). 1.6 StatusNotification
//! `errorCode` other than `NoError`, and `vendorId/vendorErrorCode` when sent; 2.0.1 and 2.1
//! have no error code in StatusNotification and report a fault as a NotifyEvent: each event
//! with a `techCode` that is not `cleared` is tallied as `component/techCode` (e.g.
//! `ConnectorPlugRetentionLock/CX001`) beside the 1.6 vendor codes.
//!
//! # Memory
//! O(identities × (ports + open sessions + [`MAX_ASKED`] + [`DEDUP_WINDOW`])) for the state,
//! plus O(identities × days) for the aggregates: bounded by the fleet and the window, never by
//! the length of the log.

use std::collections::{BTreeMap, HashMap, HashSet};

use chargeshift_ocpp::conversation::{Conversation, ConversationOptions};
use chargeshift_ocpp::{DateTime, DecodeError, Endpoint, FrameKind, Leniency, OcppVersion};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::log::{Body, Direction, Event, Record};
use crate::cutover::date::Date;

/// Milliseconds in a day.
const DAY_MS: i64 = 86_400_000;

/// How many of an identity's latest frames (both directions) a duplicate is looked for in.
pub const DEDUP_WINDOW: usize = 16;

/// The most CALLs of one identity whose answer the KPIs await (Authorize, StartTransaction);
/// at the limit they are all forgotten (their answers then count for nothing), so that a charge
/// point whose answers never come cannot grow the state.
pub const MAX_ASKED: usize = 1024;

/// Options that cannot be used.
///
/// ```
/// use chargeshift_planner::health::kpi::{Exclusion, KpiError, KpiOptions, Kpis};
/// let mut o = KpiOptions::default();
/// o.exclusions.push(Exclusion { identity: None, from: "2026-03-02".into(), to: "2026-03-03T00:00:00Z".into(), cause: "storm".into() });
/// assert!(matches!(Kpis::new(o), Err(KpiError::BadExclusion { index: 0, .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KpiError {
    /// An exclusion whose `from` or `to` is not RFC 3339.
    #[error("exclusion {index}: {reason}")]
    BadExclusion {
        /// Its index in [`KpiOptions::exclusions`].
        index: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Stop reasons of a session that completed successfully (1.6 `Reason`, 2.0.1
/// `ReasonEnumType`): stopped by the driver, the back office at the driver's request, the EV,
/// or a limit the driver set. Every other reason (`EmergencyStop`, `PowerLoss`, `Reboot`,
/// `HardReset`, `SoftReset`, `ImmediateReset`, `DeAuthorized`, `GroundFault`,
/// `OvercurrentFault`, `PowerQuality`, `Timeout`, `MasterPass`, `UnlockCommand`, `Other`, ...)
/// is a failure.
pub const SUCCESSFUL_STOP_REASONS: [&str; 8] = [
    "Local",
    "Remote",
    "EVDisconnected",
    "StoppedByEV",
    "EnergyLimitReached",
    "SOCLimitReached",
    "TimeLimitReached",
    "LocalOutOfCredit",
];

/// A period the operator excludes from outage (a cause the NEVI rule allows: the operator
/// decides which), for one identity or all (`identity: None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    /// The charge point, or every one.
    pub identity: Option<String>,
    /// Start (RFC 3339).
    pub from: String,
    /// End (RFC 3339), exclusive.
    pub to: String,
    /// The cause, as the operator writes it.
    pub cause: String,
}

/// How the KPIs are computed.
///
/// ```
/// use chargeshift_planner::health::kpi::KpiOptions;
/// let o = KpiOptions::default();
/// assert_eq!(o.silence_threshold_ms, 900_000);
/// assert!(o.known_tokens.is_empty());
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct KpiOptions {
    /// Silence of a charge point beyond which it is deemed offline (default 15 minutes).
    pub silence_threshold_ms: i64,
    /// The version of an identity not in [`KpiOptions::versions`] (default 1.6).
    pub default_version: OcppVersion,
    /// Each identity's OCPP version.
    pub versions: HashMap<String, OcppVersion>,
    /// The fleet's tokens (idTags / idTokens), upper case; any other is roaming.
    pub known_tokens: HashSet<String>,
    /// Excluded periods.
    pub exclusions: Vec<Exclusion>,
    /// The leniencies the decoder allows (default all: a deviation is counted, not failed).
    pub leniency: Leniency,
}

impl Default for KpiOptions {
    fn default() -> Self {
        KpiOptions {
            silence_threshold_ms: 900_000,
            default_version: OcppVersion::V16,
            versions: HashMap::new(),
            known_tokens: HashSet::new(),
            exclusions: Vec::new(),
            leniency: Leniency::all(),
        }
    }
}

impl KpiOptions {
    /// The version of `identity`: its entry in [`KpiOptions::versions`], else the default.
    fn version_of(&self, identity: &str) -> OcppVersion {
        self.versions
            .get(identity)
            .copied()
            .unwrap_or(self.default_version)
    }

    /// The options with `tokens` as the fleet's cards.
    #[must_use]
    pub fn with_known_tokens<I: IntoIterator<Item = S>, S: AsRef<str>>(
        mut self,
        tokens: I,
    ) -> Self {
        self.known_tokens = tokens
            .into_iter()
            .map(|t| t.as_ref().to_uppercase())
            .collect();
        self
    }

    /// The options with `identity` speaking `version`.
    #[must_use]
    pub fn with_version(mut self, identity: &str, version: OcppVersion) -> Self {
        self.versions.insert(identity.to_owned(), version);
        self
    }
}

/// The minimum UK reliability of a network of rapid charge points, percent (The Public Charge
/// Point Regulations 2023, reg. 7: 99 % per calendar year).
pub const UK_RELIABILITY_MIN_PCT: f64 = 99.0;

/// The power from which a charge point is rapid under the UK regulations, kW.
pub const UK_RAPID_MIN_KW: f64 = 50.0;

/// Time of one port on one day, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PortTime {
    /// Time the port was known.
    pub observed_ms: i64,
    /// Of it, time out (see the module's mapping).
    pub outage_ms: i64,
    /// Of the outage, time in an operator's exclusion.
    pub excluded_ms: i64,
    /// Of the outage, time the charge point was offline (silent or disconnected): its state is
    /// unknown, which the UK reliability leaves out as ineligible for measurement.
    #[serde(default)]
    pub unknown_ms: i64,
}

impl PortTime {
    /// Adds `other`.
    pub fn merge(&mut self, other: &PortTime) {
        self.observed_ms += other.observed_ms;
        self.outage_ms += other.outage_ms;
        self.excluded_ms += other.excluded_ms;
        self.unknown_ms += other.unknown_ms;
    }

    /// The UK reliability (The Public Charge Point Regulations 2023, reg. 7): the reliable
    /// time over the time eligible for measurement, × 100; eligible is the observed time less
    /// the [unknown](PortTime::unknown_ms) time, reliable the eligible time less the time the
    /// port was inoperative or out of order (the outage while online). `None` when nothing
    /// was eligible. Operator exclusions do not apply (the regulations name none).
    ///
    /// ```
    /// use chargeshift_planner::health::kpi::PortTime;
    /// // a day: 2 hours offline (ineligible), 1 hour faulted while online
    /// let t = PortTime { observed_ms: 24 * 3_600_000, outage_ms: 3 * 3_600_000, excluded_ms: 0, unknown_ms: 2 * 3_600_000 };
    /// assert!((t.uk_reliability_pct().unwrap() - 2100.0 / 22.0).abs() < 1e-9);
    /// // NEVI counts the offline time as outage
    /// assert!((t.uptime_pct().unwrap() - 87.5).abs() < 1e-9);
    /// ```
    #[must_use]
    #[expect(
        clippy::cast_precision_loss,
        reason = "milliseconds of a window fit f64 exactly"
    )]
    pub fn uk_reliability_pct(&self) -> Option<f64> {
        let eligible = self.observed_ms - self.unknown_ms;
        if eligible <= 0 {
            return None;
        }
        let unreliable = self.outage_ms - self.unknown_ms;
        Some((eligible - unreliable) as f64 / eligible as f64 * 100.0)
    }

    /// µ = ((W − (T_outage − T_excluded)) / W) × 100 with W the observed time; `None` when
    /// nothing was observed.
    ///
    /// ```
    /// use chargeshift_planner::health::kpi::PortTime;
    /// // a 30-day window, 10 hours out of which 4 excluded: 1 − 6 h / 720 h
    /// let t = PortTime { observed_ms: 30 * 86_400_000, outage_ms: 10 * 3_600_000, excluded_ms: 4 * 3_600_000, unknown_ms: 0 };
    /// assert!((t.uptime_pct().unwrap() - 99.1666).abs() < 1e-3);
    /// assert_eq!(PortTime::default().uptime_pct(), None);
    /// ```
    #[must_use]
    #[expect(
        clippy::cast_precision_loss,
        reason = "milliseconds of a window fit f64 exactly"
    )]
    pub fn uptime_pct(&self) -> Option<f64> {
        if self.observed_ms <= 0 {
            return None;
        }
        let w = self.observed_ms as f64;
        let down = (self.outage_ms - self.excluded_ms) as f64;
        Some((w - down) / w * 100.0)
    }
}

/// The partial aggregate of one identity on one UTC day. Every field is a sum or a tally, so
/// [`DayStats::merge`] is exact, associative and commutative.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct DayStats {
    /// Frame records read (duplicates included).
    pub frames: u64,
    /// Time per port.
    pub ports: BTreeMap<String, PortTime>,
    /// BootNotifications.
    pub boots: u64,
    /// 2.0.1 BootNotification reasons.
    pub boot_reasons: BTreeMap<String, u64>,
    /// Connection `open` events.
    pub opens: u64,
    /// Connection `close` events.
    pub closes: u64,
    /// Sessions started on this day.
    pub sessions_started: u64,
    /// Of them, completed with a successful stop reason.
    pub sessions_succeeded: u64,
    /// Of them, stopped with another reason.
    pub sessions_failed: u64,
    /// Of them, without a stop.
    pub missing_stop: u64,
    /// Stops of no known session (counted on the stop's day).
    pub stop_without_start: u64,
    /// 1.6 StartTransactions answered with a status other than `Accepted`.
    pub start_rejected: u64,
    /// Stop reasons of the sessions started on this day.
    pub stop_reasons: BTreeMap<String, u64>,
    /// Authorizations of the fleet's tokens accepted.
    pub auth_accepted: u64,
    /// Authorizations of the fleet's tokens not accepted.
    pub auth_rejected: u64,
    /// Roaming authorizations accepted.
    pub roaming_accepted: u64,
    /// Roaming authorizations not accepted.
    pub roaming_rejected: u64,
    /// Every authorization status answered.
    pub auth_statuses: BTreeMap<String, u64>,
    /// Frames that did not decode.
    pub decode_failures: u64,
    // also `NotOpen` (an identity never opened) and `VersionNotCompiled` (an OCPP version this build
    // leaves out): a plain comment, since the doc comment is the committed schema's description
    /// Decode failures by OCPP-J error code.
    pub decode_errors: BTreeMap<String, u64>,
    /// CALLRESULTs answering no CALL.
    pub unpaired_results: u64,
    /// Leniencies used, by kind.
    pub deviations: BTreeMap<String, u64>,
    /// Duplicated frames.
    pub duplicates: u64,
    /// Records older than the identity's latest.
    pub out_of_order: u64,
    /// 1.6 StatusNotification error codes other than `NoError`.
    pub error_codes: BTreeMap<String, u64>,
    /// `vendorId/vendorErrorCode` of 1.6 StatusNotifications that carry a vendor error code, and
    /// `component/techCode` of 2.0.1 and 2.1 NotifyEvents (events not `cleared`).
    pub vendor_error_codes: BTreeMap<String, u64>,
}

fn add_tally(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
    for (k, v) in from {
        *into.entry(k.clone()).or_default() += v;
    }
}

impl DayStats {
    /// Adds `other` to this one. O(size of `other`).
    ///
    /// ```
    /// use chargeshift_planner::health::kpi::DayStats;
    /// let mut a = DayStats::default();
    /// a.boots = 2;
    /// let mut b = DayStats::default();
    /// b.boots = 1;
    /// a.merge(&b);
    /// assert_eq!(a.boots, 3);
    /// ```
    pub fn merge(&mut self, o: &DayStats) {
        self.frames += o.frames;
        for (p, t) in &o.ports {
            self.ports.entry(p.clone()).or_default().merge(t);
        }
        self.boots += o.boots;
        add_tally(&mut self.boot_reasons, &o.boot_reasons);
        self.opens += o.opens;
        self.closes += o.closes;
        self.sessions_started += o.sessions_started;
        self.sessions_succeeded += o.sessions_succeeded;
        self.sessions_failed += o.sessions_failed;
        self.missing_stop += o.missing_stop;
        self.stop_without_start += o.stop_without_start;
        self.start_rejected += o.start_rejected;
        add_tally(&mut self.stop_reasons, &o.stop_reasons);
        self.auth_accepted += o.auth_accepted;
        self.auth_rejected += o.auth_rejected;
        self.roaming_accepted += o.roaming_accepted;
        self.roaming_rejected += o.roaming_rejected;
        add_tally(&mut self.auth_statuses, &o.auth_statuses);
        self.decode_failures += o.decode_failures;
        add_tally(&mut self.decode_errors, &o.decode_errors);
        self.unpaired_results += o.unpaired_results;
        add_tally(&mut self.deviations, &o.deviations);
        self.duplicates += o.duplicates;
        self.out_of_order += o.out_of_order;
        add_tally(&mut self.error_codes, &o.error_codes);
        add_tally(&mut self.vendor_error_codes, &o.vendor_error_codes);
    }
}

/// What a BootNotification says about the charge point.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Station {
    /// Vendor.
    pub vendor: Option<String>,
    /// Model.
    pub model: Option<String>,
    /// Firmware version.
    pub firmware: Option<String>,
}

/// The aggregates of a log: per identity, per UTC day. Serializable; [`Aggregates::merge`]
/// combines the aggregates of shards.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Aggregates {
    /// Per identity, per day.
    pub days: BTreeMap<String, BTreeMap<Date, DayStats>>,
    /// The last BootNotification's vendor, model and firmware per identity.
    pub stations: BTreeMap<String, Station>,
}

impl Aggregates {
    /// Adds `other` (its stations replace this one's where both know one, so the partials of
    /// time shards merge in time order: see [`Kpis::checkpoint`]). O(size of `other`).
    pub fn merge(&mut self, other: &Aggregates) {
        for (id, days) in &other.days {
            let mine = self.days.entry(id.clone()).or_default();
            for (d, s) in days {
                mine.entry(*d).or_default().merge(s);
            }
        }
        for (id, s) in &other.stations {
            self.stations.insert(id.clone(), s.clone());
        }
    }

    /// The sum of the days of `identities` (all when `None`) from `from` to `to` inclusive.
    ///
    /// Computes in O(identities × days in the range).
    #[must_use]
    pub fn total(&self, identities: Option<&HashSet<String>>, from: Date, to: Date) -> DayStats {
        let mut t = DayStats::default();
        for (id, days) in &self.days {
            if identities.is_some_and(|set| !set.contains(id)) {
                continue;
            }
            for (_, s) in days.range(from..=to) {
                t.merge(s);
            }
        }
        t
    }
}

/// The rates of a [`DayStats`] total.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rates {
    /// Uptime over all ports' observed time (µ of the summed [`PortTime`]s).
    pub availability_pct: Option<f64>,
    /// succeeded / (succeeded + failed).
    pub charging_success_pct: Option<f64>,
    /// accepted / answered, the fleet's tokens.
    pub authorization_success_pct: Option<f64>,
    /// accepted / answered, roaming tokens.
    pub roaming_authorization_success_pct: Option<f64>,
    /// UK reliability over all ports' eligible time ([`PortTime::uk_reliability_pct`] of the
    /// summed port times); the regulations judge it over the rapid charge points only (take
    /// the [total](Aggregates::total) of those) against [`UK_RELIABILITY_MIN_PCT`].
    pub uk_reliability_pct: Option<f64>,
}

#[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
fn pct(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64 * 100.0)
}

impl DayStats {
    /// The rates of this total.
    ///
    /// ```
    /// use chargeshift_planner::health::kpi::DayStats;
    /// let mut s = DayStats::default();
    /// (s.sessions_succeeded, s.sessions_failed, s.missing_stop) = (3, 1, 5);
    /// assert_eq!(s.rates().charging_success_pct, Some(75.0));
    /// assert_eq!(s.rates().authorization_success_pct, None);
    /// ```
    #[must_use]
    pub fn rates(&self) -> Rates {
        let mut all = PortTime::default();
        for t in self.ports.values() {
            all.merge(t);
        }
        Rates {
            availability_pct: all.uptime_pct(),
            uk_reliability_pct: all.uk_reliability_pct(),
            charging_success_pct: pct(
                self.sessions_succeeded,
                self.sessions_succeeded + self.sessions_failed,
            ),
            authorization_success_pct: pct(
                self.auth_accepted,
                self.auth_accepted + self.auth_rejected,
            ),
            roaming_authorization_success_pct: pct(
                self.roaming_accepted,
                self.roaming_accepted + self.roaming_rejected,
            ),
        }
    }
}

/// A CALL whose answer the KPIs need.
#[derive(Debug, Clone)]
enum Asked {
    Authorize { token: String },
    StartTransaction { connector: String, day: i64 },
}

#[derive(Debug, Clone, Copy)]
struct Session {
    day: i64,
    rejected: bool,
}

/// The running state of one identity.
#[derive(Debug, Clone, Default)]
struct CpState {
    /// Accounting clock (ms): time before it is accounted.
    clock: Option<i64>,
    last_cp: Option<i64>,
    silent: bool,
    closed: bool,
    station_out: bool,
    /// port → out
    ports: BTreeMap<String, bool>,
    asked: HashMap<String, Asked>,
    /// 1.6 transactionId → session; 2.0.1 transactionId likewise
    sessions: HashMap<String, Session>,
    /// 1.6 connector → open transactionId
    on_connector: HashMap<String, String>,
    recent: Vec<u64>,
    recent_next: usize,
    exclusions: Vec<(i64, i64)>,
    /// The heartbeat interval the back office gave in its last BootNotification answer (ms).
    interval_ms: Option<i64>,
    /// The days accounted since the last checkpoint (moved into [`Aggregates::days`] there).
    days: BTreeMap<Date, DayStats>,
    /// A record was pushed since the last checkpoint.
    touched: bool,
}

impl CpState {
    /// The silence beyond which this charge point is deemed offline: the configured threshold,
    /// or twice the heartbeat interval its back office asked for when that is longer (a charger
    /// that beats every hour as told is not offline 45 minutes of each hour).
    fn silence_threshold(&self, configured: i64) -> i64 {
        self.interval_ms
            .map_or(configured, |i| configured.max(i.saturating_mul(2)))
    }
}

/// Streams a log into [`Aggregates`].
///
/// ```
/// use chargeshift_planner::health::{kpi::{KpiOptions, Kpis}, log::{Direction, Record}};
/// let t = |s: &str| s.parse().unwrap();
/// let mut k = Kpis::new(KpiOptions::default())?;
/// k.push(&Record::frame(t("2026-03-02T08:00:00Z"), "CP1", Direction::CpToCsms,
///     r#"[2,"1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"#));
/// k.push(&Record::frame(t("2026-03-02T09:00:00Z"), "CP1", Direction::CpToCsms,
///     r#"[2,"2","StatusNotification",{"connectorId":1,"errorCode":"GroundFailure","status":"Faulted"}]"#));
/// k.push(&Record::frame(t("2026-03-02T09:10:00Z"), "CP1", Direction::CpToCsms, r#"[2,"3","Heartbeat",{}]"#));
/// let a = k.finish(t("2026-03-02T09:10:00Z"));
/// let day = &a.days["CP1"][&"2026-03-02".parse().unwrap()];
/// assert_eq!(day.ports["1"].observed_ms, 70 * 60_000);
/// // silent from 08:15 (15 minutes after its last frame) to 09:00, then faulted until 09:10
/// assert_eq!(day.ports["1"].outage_ms, 55 * 60_000);
/// assert_eq!(day.error_codes["GroundFailure"], 1);
/// # Ok::<(), chargeshift_planner::health::kpi::KpiError>(())
/// ```
///
/// A `Kpis` is `Clone` and `Send`: a stream [checkpointed](Kpis::checkpoint) at the end of one
/// time shard can be moved to another thread to read the next shard.
#[derive(Debug, Clone)]
pub struct Kpis {
    options: KpiOptions,
    conversation: Conversation,
    /// foldhash, not SipHash: looked up once per record
    states: hashbrown::HashMap<String, CpState>,
    out: Aggregates,
    /// exclusions of every identity (ms)
    global_exclusions: Vec<(i64, i64)>,
    /// exclusions by identity (ms), unmerged
    identity_exclusions: HashMap<String, Vec<(i64, i64)>>,
}

fn ms(t: DateTime) -> i64 {
    t.unix_seconds()
        .saturating_mul(1000)
        .saturating_add(i64::from(t.subsec_nanos() / 1_000_000))
}

fn date_of_day(day: i64) -> Date {
    Date::from_unix_days(day)
}

/// Sorts and unions intervals.
fn union(mut v: Vec<(i64, i64)>) -> Vec<(i64, i64)> {
    v.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(v.len());
    for (a, b) in v {
        if b <= a {
            continue;
        }
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

fn overlap(ex: &[(i64, i64)], a: i64, b: i64) -> i64 {
    ex.iter().map(|&(x, y)| (y.min(b) - x.max(a)).max(0)).sum()
}

/// The charge point's CALLs whose payload a KPI reads ([`on_cp_call`]).
const CP_CALLS_READ: [&str; 7] = [
    "BootNotification",
    "NotifyEvent",
    "StatusNotification",
    "Authorize",
    "StartTransaction",
    "StopTransaction",
    "TransactionEvent",
];

/// The CSMS's CALLRESULTs whose payload a KPI reads ([`on_csms_result`]): the boot's heartbeat
/// interval, and the answers to the CALLs kept in `CpState::asked`.
const CSMS_RESULTS_READ: [&str; 3] = ["BootNotification", "Authorize", "StartTransaction"];

/// The duplicate window's hash of a frame: foldhash with fixed seeds, so that the same frame
/// hashes alike in every stream, clone and process.
fn hash_text(direction: Direction, text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::fast::FixedState::with_seed(0x6368_6172_6765_7368).hash_one((direction, text))
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

fn num_at(v: &Value, path: &[&str]) -> Option<i64> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_i64()
}

impl Kpis {
    /// A stream with no record yet.
    ///
    /// # Errors
    /// [`KpiError::BadExclusion`] for an exclusion whose times are not RFC 3339.
    pub fn new(options: KpiOptions) -> Result<Kpis, KpiError> {
        let mut global = Vec::new();
        let mut by_id: HashMap<String, Vec<(i64, i64)>> = HashMap::new();
        for (index, e) in options.exclusions.iter().enumerate() {
            let bad = |err: chargeshift_ocpp::InvalidDateTime| KpiError::BadExclusion {
                index,
                reason: err.to_string(),
            };
            let a = DateTime::parse(&e.from).map_err(bad)?;
            let b = DateTime::parse(&e.to).map_err(bad)?;
            match &e.identity {
                None => global.push((ms(a), ms(b))),
                Some(id) => by_id.entry(id.clone()).or_default().push((ms(a), ms(b))),
            }
        }
        let conversation =
            Conversation::new(ConversationOptions::default().with_leniency(options.leniency));
        Ok(Kpis {
            options,
            conversation,
            states: hashbrown::HashMap::new(),
            out: Aggregates::default(),
            global_exclusions: global,
            identity_exclusions: by_id,
        })
    }

    /// Reads one record. Expected O(length of the frame + ports of the identity).
    pub fn push(&mut self, record: &Record) {
        let id = record.identity.as_str();
        if !self.states.contains_key(id) {
            let mut ex = self.global_exclusions.clone();
            if let Some(mine) = self.identity_exclusions.get(id) {
                ex.extend_from_slice(mine);
            }
            let state = CpState {
                exclusions: union(ex),
                recent: vec![0; DEDUP_WINDOW],
                ..CpState::default()
            };
            self.states.insert(id.to_owned(), state);
            let version = self.options.version_of(id);
            self.conversation.open(id, version);
        }
        let threshold = self.options.silence_threshold_ms;
        let Some(state) = self.states.get_mut(id) else {
            return;
        };
        let mut t = ms(record.ts);
        let mut late = false;
        if let Some(c) = state.clock
            && t < c
        {
            late = true;
            t = c;
        }
        // the identity's days are taken out of its state while the record is read (one look-up
        // of the identity per record) and put back at the end
        let mut days_of = std::mem::take(&mut state.days);
        state.touched = true;
        let days = &mut days_of;
        'body: {
            advance(state, days, t, state.silence_threshold(threshold));
            let day = t.div_euclid(DAY_MS);
            let stats = days.entry(date_of_day(day)).or_default();
            if late {
                stats.out_of_order += 1;
            }
            match &record.body {
                Body::Connection { event, .. } => match event {
                    Event::Open => {
                        stats.opens += 1;
                        state.closed = false;
                        state.silent = false;
                        state.last_cp = Some(t);
                        state.asked.clear();
                        let version = self.options.version_of(id);
                        self.conversation.open(id, version);
                    }
                    Event::Close => {
                        stats.closes += 1;
                        state.closed = true;
                        state.asked.clear();
                        let version = self.options.version_of(id);
                        // a new connection starts afresh; frames after a close without an open
                        // are read on it
                        self.conversation.open(id, version);
                    }
                },
                Body::Frame { direction, frame } => {
                    stats.frames += 1;
                    let h = hash_text(*direction, frame);
                    if state.recent.contains(&h) {
                        stats.duplicates += 1;
                        break 'body;
                    }
                    if let Some(slot) = state.recent.get_mut(state.recent_next) {
                        *slot = h;
                    }
                    state.recent_next = (state.recent_next + 1) % DEDUP_WINDOW.max(1);
                    if *direction == Direction::CpToCsms {
                        state.last_cp = Some(t);
                        state.silent = false;
                        state.closed = false;
                    }
                    let sender = match direction {
                        Direction::CpToCsms => Endpoint::ChargePoint,
                        Direction::CsmsToCp => Endpoint::Csms,
                    };
                    match self.conversation.decode(id, sender, frame) {
                        Err(e) => {
                            if e.is_unpaired_result() {
                                stats.unpaired_results += 1;
                            } else {
                                stats.decode_failures += 1;
                                // a frame of a version this build leaves out is counted as such, not
                                // as the NotImplemented a receiver would answer
                                let code = match e.decode_error() {
                                    None => "NotOpen".to_owned(),
                                    Some(DecodeError::VersionNotCompiled { .. }) => {
                                        "VersionNotCompiled".to_owned()
                                    }
                                    Some(d) => d.error_code().to_string(),
                                };
                                *stats.decode_errors.entry(code).or_default() += 1;
                            }
                        }
                        Ok(x) => {
                            for d in &x.deviations {
                                *stats
                                    .deviations
                                    .entry(d.kind.as_str().to_owned())
                                    .or_default() += 1;
                            }
                            let Some(action) = x.action else {
                                break 'body;
                            };
                            // only the frames a KPI reads are turned into a value (MeterValues,
                            // Heartbeats and most answers are not)
                            let read = match (x.kind, sender) {
                                (FrameKind::Call, Endpoint::ChargePoint) => {
                                    CP_CALLS_READ.contains(&action)
                                }
                                (FrameKind::CallResult, Endpoint::Csms) => {
                                    CSMS_RESULTS_READ.contains(&action)
                                }
                                _ => false,
                            };
                            if !read {
                                break 'body;
                            }
                            let payload = x.payload().unwrap_or(Value::Null);
                            let message_id = x.message_id.to_string();
                            let known = &self.options.known_tokens;
                            let ctx = Ctx {
                                day,
                                version: x.version,
                                known,
                            };
                            match (x.kind, sender) {
                                (FrameKind::Call, Endpoint::ChargePoint) => on_cp_call(
                                    state,
                                    days,
                                    &mut self.out.stations,
                                    id,
                                    &ctx,
                                    action,
                                    &message_id,
                                    &payload,
                                ),
                                (FrameKind::CallResult, Endpoint::Csms) => {
                                    on_csms_result(
                                        state,
                                        days,
                                        &ctx,
                                        action,
                                        &message_id,
                                        &payload,
                                    );
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
        }
        state.days = days_of;
    }

    /// Ends a time shard at `at`: accounts every identity's time up to `at` and takes out the
    /// partial [`Aggregates`] of the records pushed so far, keeping the running state (each
    /// port's last status, the connection and silence of each charge point, the open sessions,
    /// the CALLs awaiting an answer, the duplicate window) for the records from `at` on. Open
    /// sessions are not counted missing here: the next shard may hold their stop.
    ///
    /// The shards of a log split by time (every record of a shard older than `at`, every record
    /// of the next one at `at` or later) read in order by one stream, checkpointed at each
    /// boundary and [finished](Kpis::finish) after the last, give partials whose
    /// [`Aggregates::merge`] in time order equals the aggregates of the whole log: a session or
    /// an outage that crosses a boundary is counted once, as in the whole log. Shards split by
    /// identity need no checkpoint: each is read by its own stream and finished at the same end.
    ///
    /// ```
    /// use chargeshift_planner::health::{kpi::{KpiOptions, Kpis}, log::{Direction, Record}};
    /// let t = |s: &str| s.parse().unwrap();
    /// let status = |id: &str, s: &str| format!(r#"[2,"{id}","StatusNotification",{{"connectorId":1,"errorCode":"NoError","status":"{s}"}}]"#);
    /// let log = [
    ///     Record::frame(t("2026-03-02T08:00:00Z"), "CP1", Direction::CpToCsms, &status("1", "Available")),
    ///     Record::frame(t("2026-03-02T08:05:00Z"), "CP1", Direction::CpToCsms, &status("2", "Faulted")),
    ///     // the boundary at 08:10 falls in the outage
    ///     Record::frame(t("2026-03-02T08:12:00Z"), "CP1", Direction::CpToCsms, &status("3", "Available")),
    /// ];
    /// let mut whole = Kpis::new(KpiOptions::default())?;
    /// log.iter().for_each(|r| whole.push(r));
    /// let whole = whole.finish(t("2026-03-02T08:14:00Z"));
    ///
    /// let mut k = Kpis::new(KpiOptions::default())?;
    /// log[..2].iter().for_each(|r| k.push(r));
    /// let mut merged = k.checkpoint(t("2026-03-02T08:10:00Z"));
    /// let mut next = k.clone(); // or moved to another thread
    /// log[2..].iter().for_each(|r| next.push(r));
    /// merged.merge(&next.finish(t("2026-03-02T08:14:00Z")));
    /// assert_eq!(merged, whole);
    /// assert_eq!(whole.days["CP1"][&"2026-03-02".parse().unwrap()].ports["1"].outage_ms, 7 * 60_000);
    /// # Ok::<(), chargeshift_planner::health::kpi::KpiError>(())
    /// ```
    ///
    /// Computes in O(identities × ports + days accounted).
    pub fn checkpoint(&mut self, at: DateTime) -> Aggregates {
        let at = ms(at);
        let threshold = self.options.silence_threshold_ms;
        for (id, state) in &mut self.states {
            let mut days = std::mem::take(&mut state.days);
            if state.clock.is_some_and(|c| c < at) {
                advance(state, &mut days, at, state.silence_threshold(threshold));
                state.touched = true;
            }
            if std::mem::take(&mut state.touched) {
                self.out.days.insert(id.clone(), days);
            }
        }
        std::mem::take(&mut self.out)
    }

    /// Accounts every identity's time up to `end` (the end of the log or of the window) and
    /// counts the sessions still open as [`DayStats::missing_stop`]; the aggregates.
    ///
    /// Computes in O(identities × (ports + open sessions) + days).
    #[must_use]
    pub fn finish(mut self, end: DateTime) -> Aggregates {
        let end = ms(end);
        let threshold = self.options.silence_threshold_ms;
        for (id, state) in &mut self.states {
            let mut days = std::mem::take(&mut state.days);
            let t = state.clock.map_or(end, |c| c.max(end));
            advance(state, &mut days, t, state.silence_threshold(threshold));
            for s in state.sessions.values() {
                if !s.rejected {
                    days.entry(date_of_day(s.day)).or_default().missing_stop += 1;
                }
            }
            self.out.days.insert(id.clone(), days);
        }
        self.out
    }
}

struct Ctx<'a> {
    day: i64,
    version: OcppVersion,
    known: &'a HashSet<String>,
}

fn day_stats(days: &mut BTreeMap<Date, DayStats>, day: i64) -> &mut DayStats {
    days.entry(date_of_day(day)).or_default()
}

/// Accounts `[clock, t)` with the state as it is, splitting at the silence threshold and at
/// midnights.
fn advance(state: &mut CpState, days: &mut BTreeMap<Date, DayStats>, t: i64, threshold: i64) {
    let Some(clock) = state.clock else {
        state.clock = Some(t);
        return;
    };
    let mut from = clock;
    if !state.silent
        && !state.closed
        && let Some(last) = state.last_cp
    {
        let onset = last.saturating_add(threshold).max(from);
        if t > onset {
            account(state, days, from, onset);
            state.silent = true;
            from = onset;
        }
    }
    account(state, days, from, t);
    state.clock = Some(t);
}

fn account(state: &CpState, days: &mut BTreeMap<Date, DayStats>, from: i64, to: i64) {
    if to <= from || state.ports.is_empty() {
        return;
    }
    let offline = state.silent || state.closed;
    let all_out = state.station_out || offline;
    let mut a = from;
    while a < to {
        let day = a.div_euclid(DAY_MS);
        let b = to.min((day + 1) * DAY_MS);
        let len = b - a;
        let excluded = overlap(&state.exclusions, a, b);
        let stats = day_stats(days, day);
        for (port, out) in &state.ports {
            let p = stats.ports.entry(port.clone()).or_default();
            p.observed_ms += len;
            if *out || all_out {
                p.outage_ms += len;
                p.excluded_ms += excluded;
            }
            if offline {
                p.unknown_ms += len;
            }
        }
        a = b;
    }
}

fn is_out(status: &str) -> bool {
    matches!(status, "Faulted" | "Unavailable")
}

fn is_known(known: &HashSet<String>, token: &str) -> bool {
    known.contains(&token.to_uppercase())
}

#[expect(
    clippy::too_many_arguments,
    reason = "the parts of the state one CALL touches"
)]
fn on_cp_call(
    state: &mut CpState,
    days: &mut BTreeMap<Date, DayStats>,
    stations: &mut BTreeMap<String, Station>,
    identity: &str,
    ctx: &Ctx<'_>,
    action: &str,
    message_id: &str,
    p: &Value,
) {
    let v16 = ctx.version == OcppVersion::V16;
    match action {
        "BootNotification" => {
            let s = day_stats(days, ctx.day);
            s.boots += 1;
            let station = if v16 {
                Station {
                    vendor: str_at(p, &["chargePointVendor"]).map(str::to_owned),
                    model: str_at(p, &["chargePointModel"]).map(str::to_owned),
                    firmware: str_at(p, &["firmwareVersion"]).map(str::to_owned),
                }
            } else {
                if let Some(r) = str_at(p, &["reason"]) {
                    *s.boot_reasons.entry(r.to_owned()).or_default() += 1;
                }
                Station {
                    vendor: str_at(p, &["chargingStation", "vendorName"]).map(str::to_owned),
                    model: str_at(p, &["chargingStation", "model"]).map(str::to_owned),
                    firmware: str_at(p, &["chargingStation", "firmwareVersion"]).map(str::to_owned),
                }
            };
            stations.insert(identity.to_owned(), station);
        }
        "StatusNotification" => {
            if v16 {
                let (Some(c), Some(status)) = (num_at(p, &["connectorId"]), str_at(p, &["status"]))
                else {
                    return;
                };
                if c == 0 {
                    state.station_out = is_out(status);
                } else {
                    state.ports.insert(c.to_string(), is_out(status));
                }
                let s = day_stats(days, ctx.day);
                if let Some(code) = str_at(p, &["errorCode"])
                    && code != "NoError"
                {
                    *s.error_codes.entry(code.to_owned()).or_default() += 1;
                }
                if let Some(vcode) = str_at(p, &["vendorErrorCode"]) {
                    let vendor = str_at(p, &["vendorId"]).unwrap_or("-");
                    *s.vendor_error_codes
                        .entry(format!("{vendor}/{vcode}"))
                        .or_default() += 1;
                }
            } else {
                let (Some(e), Some(c), Some(status)) = (
                    num_at(p, &["evseId"]),
                    num_at(p, &["connectorId"]),
                    str_at(p, &["connectorStatus"]),
                ) else {
                    return;
                };
                state.ports.insert(format!("{e}.{c}"), is_out(status));
            }
        }
        // 2.0.1 and 2.1 report a fault as an event of the component, its vendor code in techCode
        "NotifyEvent" if !v16 => {
            let Some(events) = p.get("eventData").and_then(Value::as_array) else {
                return;
            };
            let s = day_stats(days, ctx.day);
            for e in events {
                let cleared = e.get("cleared").and_then(Value::as_bool) == Some(true);
                if let Some(code) = str_at(e, &["techCode"])
                    && !cleared
                {
                    let component = str_at(e, &["component", "name"]).unwrap_or("-");
                    *s.vendor_error_codes
                        .entry(format!("{component}/{code}"))
                        .or_default() += 1;
                }
            }
        }
        "Authorize" => {
            let token = if v16 {
                str_at(p, &["idTag"])
            } else {
                str_at(p, &["idToken", "idToken"])
            };
            if let Some(token) = token {
                if state.asked.len() >= MAX_ASKED {
                    state.asked.clear();
                }
                state.asked.insert(
                    message_id.to_owned(),
                    Asked::Authorize {
                        token: token.to_owned(),
                    },
                );
            }
        }
        "StartTransaction" => {
            if let Some(c) = num_at(p, &["connectorId"]) {
                if state.asked.len() >= MAX_ASKED {
                    state.asked.clear();
                }
                state.asked.insert(
                    message_id.to_owned(),
                    Asked::StartTransaction {
                        connector: c.to_string(),
                        day: ctx.day,
                    },
                );
            }
        }
        "StopTransaction" => {
            let Some(tx) = num_at(p, &["transactionId"]) else {
                return;
            };
            let reason = str_at(p, &["reason"]).unwrap_or("Local");
            let tx = tx.to_string();
            state.on_connector.retain(|_, open| *open != tx);
            stop(state, days, ctx.day, &tx, reason);
        }
        "TransactionEvent" => {
            let (Some(kind), Some(tx)) = (
                str_at(p, &["eventType"]),
                str_at(p, &["transactionInfo", "transactionId"]),
            ) else {
                return;
            };
            match kind {
                "Started" => {
                    if state.sessions.contains_key(tx) {
                        day_stats(days, ctx.day).duplicates += 1;
                    } else {
                        state.sessions.insert(
                            tx.to_owned(),
                            Session {
                                day: ctx.day,
                                rejected: false,
                            },
                        );
                        day_stats(days, ctx.day).sessions_started += 1;
                    }
                }
                "Ended" => {
                    let reason =
                        str_at(p, &["transactionInfo", "stoppedReason"]).unwrap_or("Local");
                    stop(state, days, ctx.day, tx, reason);
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn stop(
    state: &mut CpState,
    days: &mut BTreeMap<Date, DayStats>,
    day: i64,
    tx: &str,
    reason: &str,
) {
    match state.sessions.remove(tx) {
        Some(s) if s.rejected => {}
        Some(s) => {
            let st = day_stats(days, s.day);
            *st.stop_reasons.entry(reason.to_owned()).or_default() += 1;
            if SUCCESSFUL_STOP_REASONS.contains(&reason) {
                st.sessions_succeeded += 1;
            } else {
                st.sessions_failed += 1;
            }
        }
        None => day_stats(days, day).stop_without_start += 1,
    }
}

fn on_csms_result(
    state: &mut CpState,
    days: &mut BTreeMap<Date, DayStats>,
    ctx: &Ctx<'_>,
    action: &str,
    message_id: &str,
    p: &Value,
) {
    if action == "BootNotification"
        && let Some(secs) = p.get("interval").and_then(Value::as_i64)
        && secs > 0
    {
        state.interval_ms = Some(secs.saturating_mul(1000));
    }
    let Some(asked) = state.asked.remove(message_id) else {
        return;
    };
    match (action, asked) {
        ("Authorize", Asked::Authorize { token }) => {
            let status = if ctx.version == OcppVersion::V16 {
                str_at(p, &["idTagInfo", "status"])
            } else {
                str_at(p, &["idTokenInfo", "status"])
            };
            let Some(status) = status else { return };
            let s = day_stats(days, ctx.day);
            *s.auth_statuses.entry(status.to_owned()).or_default() += 1;
            let ok = status == "Accepted";
            match (is_known(ctx.known, &token), ok) {
                (true, true) => s.auth_accepted += 1,
                (true, false) => s.auth_rejected += 1,
                (false, true) => s.roaming_accepted += 1,
                (false, false) => s.roaming_rejected += 1,
            }
        }
        ("StartTransaction", Asked::StartTransaction { connector, day }) => {
            let (Some(tx), Some(status)) = (
                num_at(p, &["transactionId"]),
                str_at(p, &["idTagInfo", "status"]),
            ) else {
                return;
            };
            let tx = tx.to_string();
            let rejected = status != "Accepted";
            if rejected {
                day_stats(days, day).start_rejected += 1;
            } else {
                if let Some(old) = state.on_connector.insert(connector, tx.clone())
                    && let Some(s) = state.sessions.remove(&old)
                    && !s.rejected
                {
                    day_stats(days, s.day).missing_stop += 1;
                }
                day_stats(days, day).sessions_started += 1;
            }
            state.sessions.insert(tx, Session { day, rejected });
        }
        _ => {}
    }
}

#[cfg(test)]
// the tests read and write frames of every version
#[cfg(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
#[path = "kpi_tests.rs"]
mod tests;
