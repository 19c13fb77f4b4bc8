//! Segments from an OCPP log: each charge point's vendor, model and firmware as its latest
//! BootNotification says, instead of (or to check) what the fleet export says.
//!
//! [`LogBoots::read`] reads a health log ([`crate::health::log`], one JSON record per line) and
//! keeps, per identity, the latest BootNotification CALL the charge point sent (the greatest
//! log `ts`; of equal times, the later line), decoded and validated with `chargeshift-ocpp`
//! (1.6 `chargePointVendor`/`chargePointModel`/`firmwareVersion`; 2.0.1 and 2.1
//! `chargingStation.vendorName`/`model`/`firmwareVersion`, leniencies allowed as in the health
//! KPIs). A BootNotification that does not decode is a [`BadBoot`] with its line, never
//! dropped silently, and the earlier valid boot of that identity (if any) still counts.
//!
//! [`LogBoots::apply`] writes those values into the fleet's charge points and lists every
//! difference from the fleet ([`BootDifference`]) and every log identity that is no charge
//! point of the fleet ([`MissingIdentity`]); [`CutoverPlan::with_log`](super::CutoverPlan::with_log)
//! puts that report into a plan, with a finding for each.

use std::collections::BTreeMap;
use std::io::BufRead;

use chargeshift_graph::{Fleet, NodeDataMut, NodeKind};
use chargeshift_ocpp::{DateTime, Frame};
#[cfg(any(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
use chargeshift_ocpp::{Leniency, decode_request};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::health::log::{Body, Direction, LogReader};

/// The vendor, model and firmware a charge point announced in one BootNotification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Boot {
    /// When the gateway saw it (the log's `ts`).
    pub ts: DateTime,
    /// Its line in the log (1-based).
    pub line: u64,
    /// `chargePointVendor` (1.6) or `chargingStation.vendorName` (2.0.1, 2.1).
    pub vendor: String,
    /// `chargePointModel` or `chargingStation.model`.
    pub model: String,
    /// `firmwareVersion` or `chargingStation.firmwareVersion`, when sent.
    pub firmware: Option<String>,
}

/// A BootNotification CALL that does not decode against its OCPP schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BadBoot {
    /// Its line in the log (1-based).
    pub line: u64,
    /// The identity of the record.
    pub identity: String,
    /// Why it does not decode (the OCPP-J error code and the path).
    pub reason: String,
}

/// The latest BootNotification of every identity of a log, from [`LogBoots::read`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogBoots {
    /// Per identity, its latest valid boot.
    pub latest: BTreeMap<String, Boot>,
    /// BootNotifications that did not decode, in log order.
    pub bad: Vec<BadBoot>,
    /// Valid BootNotifications read, every identity together.
    pub boots: u64,
    /// Lines of the log that are no record at all (see [`LogReader`]).
    pub bad_lines: u64,
    /// Lines read.
    pub lines: u64,
}

/// One field where the log and the fleet disagree on a charge point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BootDifference {
    /// The charge point identity.
    pub identity: String,
    /// `vendor`, `model` or `firmware`.
    pub field: String,
    /// What the fleet said (`null`: nothing).
    pub fleet: Option<String>,
    /// What the latest BootNotification says (`null`: nothing), now the plan's value.
    pub log: Option<String>,
    /// The line of that BootNotification.
    pub line: u64,
}

/// An identity that booted in the log but is no charge point of the fleet: it is in no unit
/// and no phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingIdentity {
    /// The identity.
    pub identity: String,
    /// The line of its latest BootNotification.
    pub line: u64,
    /// The vendor it announced.
    pub vendor: String,
    /// The model it announced.
    pub model: String,
    /// The firmware it announced.
    pub firmware: Option<String>,
}

/// What a log's BootNotifications changed in the fleet, from [`LogBoots::apply`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogSegments {
    /// The log, as named by the caller.
    pub log: String,
    /// Valid BootNotifications read.
    pub boots: u64,
    /// Identities with a valid BootNotification.
    pub identities: usize,
    /// Of those, the charge points of the fleet (their values are the log's).
    pub applied: usize,
    /// Every field where the log differs from the fleet, by identity then field.
    pub differences: Vec<BootDifference>,
    /// Identities of the log that are no charge point of the fleet, sorted.
    pub missing_from_fleet: Vec<MissingIdentity>,
    /// BootNotifications that did not decode.
    pub bad_boots: Vec<BadBoot>,
    /// Lines that are no log record.
    pub bad_lines: u64,
}

impl LogBoots {
    /// The latest BootNotification per identity of the health log `input`.
    ///
    /// # Errors
    /// The I/O error that stopped the reading.
    ///
    /// # Complexity
    /// O(L) in the log's length plus O(log I) per BootNotification for I identities; memory
    /// O(I).
    ///
    /// ```
    /// use chargeshift_planner::cutover::boots::LogBoots;
    /// let log = concat!(
    ///     r#"{"ts":"2026-03-02T08:00:00Z","identity":"CP1","direction":"cp_to_csms","frame":"[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra\",\"firmwareVersion\":\"1.0\"}]"}"#, "\n",
    ///     r#"{"ts":"2026-03-03T08:00:00Z","identity":"CP1","direction":"cp_to_csms","frame":"[2,\"2\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra\",\"firmwareVersion\":\"1.1\"}]"}"#, "\n",
    ///     r#"{"ts":"2026-03-03T09:00:00Z","identity":"CP2","direction":"cp_to_csms","frame":"[2,\"3\",\"BootNotification\",{\"chargePointVendor\":\"ABB\"}]"}"#, "\n",
    /// );
    /// let b = LogBoots::read(log.as_bytes())?;
    /// assert_eq!(b.latest["CP1"].firmware.as_deref(), Some("1.1")); // the latest boot wins
    /// assert_eq!((b.boots, b.bad.len(), b.bad[0].line), (2, 1, 3)); // no model: listed
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read<R: BufRead>(input: R) -> std::io::Result<LogBoots> {
        let mut out = LogBoots::default();
        let mut reader = LogReader::new(input);
        while let Some(record) = reader.next() {
            let Body::Frame {
                direction: Direction::CpToCsms,
                frame,
            } = &record.body
            else {
                continue;
            };
            // cheap test first: most frames are no BootNotification
            if !frame.contains("BootNotification") {
                continue;
            }
            let Ok(Frame::Call {
                action, payload, ..
            }) = Frame::parse(frame)
            else {
                continue;
            };
            if action != "BootNotification" {
                continue;
            }
            // the record was read: the reader's line count is its line
            let line = reader.lines();
            match decode_boot(payload) {
                Ok((vendor, model, firmware)) => {
                    out.boots += 1;
                    let boot = Boot {
                        ts: record.ts,
                        line,
                        vendor,
                        model,
                        firmware,
                    };
                    match out.latest.get_mut(&record.identity) {
                        Some(old) if old.ts > boot.ts => {}
                        Some(old) => *old = boot,
                        None => {
                            out.latest.insert(record.identity, boot);
                        }
                    }
                }
                Err(reason) => out.bad.push(BadBoot {
                    line,
                    identity: record.identity,
                    reason,
                }),
            }
        }
        out.lines = reader.lines();
        if let Some(e) = reader.io_error() {
            return Err(std::io::Error::new(e.kind(), e.to_string()));
        }
        out.bad_lines = reader.bad_lines().values().map(|b| b.count).sum();
        Ok(out)
    }

    /// Writes the latest boot's vendor, model and firmware into every charge point of `fleet`
    /// the log names, and reports what differed and which identities the fleet lacks. `log`
    /// names the log in the report.
    ///
    /// # Complexity
    /// O(I log V) for I identities of the log.
    ///
    /// ```
    /// use chargeshift_graph::{ChargePoint, Fleet, UserGroup};
    /// use chargeshift_planner::cutover::boots::LogBoots;
    /// let mut f = Fleet::new();
    /// let ug = f.add_user_group("UG", UserGroup::default(), None)?;
    /// f.add_asset("CP1", ChargePoint { vendor: Some("ABB".into()), model: Some("Terra".into()), firmware: Some("1.0".into()), ..Default::default() }, ug)?;
    /// let log = concat!(
    ///     r#"{"ts":"2026-03-02T08:00:00Z","identity":"CP1","direction":"cp_to_csms","frame":"[2,\"1\",\"BootNotification\",{\"chargePointVendor\":\"ABB\",\"chargePointModel\":\"Terra\",\"firmwareVersion\":\"1.1\"}]"}"#, "\n",
    ///     r#"{"ts":"2026-03-02T08:00:00Z","identity":"CP9","direction":"cp_to_csms","frame":"[2,\"1\",\"BootNotification\",{\"reason\":\"PowerUp\",\"chargingStation\":{\"vendorName\":\"Alfen\",\"model\":\"Eve\"}}]"}"#, "\n",
    /// );
    /// let report = LogBoots::read(log.as_bytes())?.apply(&mut f, "boots.jsonl");
    /// assert_eq!(report.differences.len(), 1);
    /// assert_eq!((report.differences[0].field.as_str(), report.differences[0].log.as_deref()), ("firmware", Some("1.1")));
    /// assert_eq!(report.missing_from_fleet[0].identity, "CP9");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn apply(&self, fleet: &mut Fleet, log: &str) -> LogSegments {
        let mut out = LogSegments {
            log: log.to_owned(),
            boots: self.boots,
            identities: self.latest.len(),
            bad_boots: self.bad.clone(),
            bad_lines: self.bad_lines,
            ..LogSegments::default()
        };
        for (identity, boot) in &self.latest {
            let node = fleet.find(NodeKind::ChargePoint, identity);
            let Some(NodeDataMut::ChargePoint(cp)) = node.and_then(|ix| fleet.node_data_mut(ix))
            else {
                out.missing_from_fleet.push(MissingIdentity {
                    identity: identity.clone(),
                    line: boot.line,
                    vendor: boot.vendor.clone(),
                    model: boot.model.clone(),
                    firmware: boot.firmware.clone(),
                });
                continue;
            };
            out.applied += 1;
            for (field, slot, value) in [
                ("vendor", &mut cp.vendor, Some(boot.vendor.as_str())),
                ("model", &mut cp.model, Some(boot.model.as_str())),
                ("firmware", &mut cp.firmware, boot.firmware.as_deref()),
            ] {
                if slot.as_deref() != value {
                    out.differences.push(BootDifference {
                        identity: identity.clone(),
                        field: field.to_owned(),
                        fleet: slot.as_deref().map(str::to_owned),
                        log: value.map(str::to_owned),
                        line: boot.line,
                    });
                    *slot = value.map(Into::into);
                }
            }
        }
        out
    }
}

/// (vendor, model, firmware) of a BootNotification request payload of any version: 1.6 when
/// it has no `chargingStation`, else 2.0.1 (or 2.1 when 2.0.1's schema rejects it). A version
/// this build leaves out (its cargo feature `ocpp-v16`, `ocpp-v201` or `ocpp-v21` was off) reads
/// as an error saying so.
fn decode_boot(payload: Value) -> Result<BootFields, String> {
    let boot = |b: Option<BootFields>| b.ok_or_else(|| "not a BootNotification request".to_owned());
    if payload.get("chargingStation").is_none() {
        return boot_v16(payload)
            .map_err(|e| format!("OCPP 1.6: {e}"))
            .and_then(boot);
    }
    match boot_v201(payload.clone()) {
        Ok(b) => boot(b),
        Err(e201) => match boot_v21(payload) {
            Ok(b) => boot(b),
            Err(_) => Err(format!("OCPP 2.0.1/2.1: {e201}")),
        },
    }
}

/// (vendor, model, firmware) of a boot notification.
type BootFields = (String, String, Option<String>);

/// The boot notification of a 1.6 request payload: `None` for another request, the reason when
/// it does not decode.
#[cfg(feature = "ocpp-v16")]
fn boot_v16(payload: Value) -> Result<Option<BootFields>, String> {
    use chargeshift_ocpp::v16::{Ocpp16, Request};
    match decode_request::<Ocpp16>("BootNotification", payload, Leniency::all()) {
        Ok((Request::BootNotification(b), _)) => Ok(Some((
            b.charge_point_vendor,
            b.charge_point_model,
            b.firmware_version,
        ))),
        Ok(_) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// OCPP 1.6 is compiled out: every payload is an error saying so.
#[cfg(not(feature = "ocpp-v16"))]
fn boot_v16(_payload: Value) -> Result<Option<BootFields>, String> {
    Err(crate::error::not_compiled(
        chargeshift_ocpp::OcppVersion::V16,
    ))
}

/// The boot notification of a 2.0.1 request payload, as [`boot_v16`].
#[cfg(feature = "ocpp-v201")]
fn boot_v201(payload: Value) -> Result<Option<BootFields>, String> {
    use chargeshift_ocpp::v201::{Ocpp201, Request};
    match decode_request::<Ocpp201>("BootNotification", payload, Leniency::all()) {
        Ok((Request::BootNotification(b), _)) => {
            let s = b.charging_station;
            Ok(Some((s.vendor_name, s.model, s.firmware_version)))
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// OCPP 2.0.1 is compiled out: every payload is an error saying so.
#[cfg(not(feature = "ocpp-v201"))]
fn boot_v201(_payload: Value) -> Result<Option<BootFields>, String> {
    Err(crate::error::not_compiled(
        chargeshift_ocpp::OcppVersion::V201,
    ))
}

/// The boot notification of a 2.1 request payload, as [`boot_v16`].
#[cfg(feature = "ocpp-v21")]
fn boot_v21(payload: Value) -> Result<Option<BootFields>, String> {
    use chargeshift_ocpp::v21::{Ocpp21, Request};
    match decode_request::<Ocpp21>("BootNotification", payload, Leniency::all()) {
        Ok((Request::BootNotification(b), _)) => {
            let s = b.charging_station;
            Ok(Some((s.vendor_name, s.model, s.firmware_version)))
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// OCPP 2.1 is compiled out: every payload is an error saying so.
#[cfg(not(feature = "ocpp-v21"))]
fn boot_v21(_payload: Value) -> Result<Option<BootFields>, String> {
    Err(crate::error::not_compiled(
        chargeshift_ocpp::OcppVersion::V21,
    ))
}

// the tests go over every version (clippy's test exemptions see only a plain `cfg(test)`)
#[cfg(test)]
#[cfg(all(feature = "ocpp-v16", feature = "ocpp-v201", feature = "ocpp-v21"))]
mod tests {
    use super::*;
    use chargeshift_graph::{ChargePoint, UserGroup};

    fn line(ts: &str, id: &str, payload: &str) -> String {
        let frame = format!(r#"[2,"m","BootNotification",{payload}]"#);
        serde_json::json!({"ts": ts, "identity": id, "direction": "cp_to_csms", "frame": frame})
            .to_string()
            + "\n"
    }

    #[test]
    fn latest_boot_wins_even_out_of_order_and_bad_boots_are_listed() {
        let v16 = |fw: &str| {
            format!(
                r#"{{"chargePointVendor":"ABB","chargePointModel":"Terra","firmwareVersion":"{fw}"}}"#
            )
        };
        let mut log = String::new();
        log += &line("2026-03-02T10:00:00Z", "CP1", &v16("2.0"));
        // an earlier boot written later: it does not win
        log += &line("2026-03-02T09:00:00Z", "CP1", &v16("1.0"));
        log += "not a record\n";
        // a 2.0.1 boot without its reason: invalid
        log += &line(
            "2026-03-02T11:00:00Z",
            "CP1",
            r#"{"chargingStation":{"vendorName":"X","model":"Y"}}"#,
        );
        log += &line(
            "2026-03-02T11:00:00Z",
            "CP2",
            r#"{"reason":"PowerUp","chargingStation":{"vendorName":"Alfen","model":"Eve","firmwareVersion":"7"}}"#,
        );
        // the back office's answer and other frames are not boots
        log += &serde_json::json!({"ts": "2026-03-02T11:00:01Z", "identity": "CP2", "direction": "csms_to_cp", "frame": "[3,\"m\",{}]"}).to_string();
        log += "\n";
        let b = LogBoots::read(log.as_bytes()).unwrap();
        assert_eq!(b.boots, 3);
        assert_eq!(b.latest["CP1"].firmware.as_deref(), Some("2.0"));
        assert_eq!(b.latest["CP1"].line, 1);
        assert_eq!(b.latest["CP2"].vendor, "Alfen");
        assert_eq!(b.bad.len(), 1);
        assert_eq!((b.bad[0].line, b.bad[0].identity.as_str()), (4, "CP1"));
        assert!(b.bad[0].reason.contains("reason"), "{}", b.bad[0].reason);
        assert_eq!(b.bad_lines, 1);
        assert_eq!(b.lines, 6);

        let mut f = Fleet::new();
        let ug = f.add_user_group("UG", UserGroup::default(), None).unwrap();
        let cp = f
            .add_asset(
                "CP2",
                ChargePoint {
                    vendor: Some("Alfen".into()),
                    model: Some("Eve Single".into()),
                    ..ChargePoint::default()
                },
                ug,
            )
            .unwrap();
        let r = b.apply(&mut f, "x.jsonl");
        assert_eq!(r.applied, 1);
        let diffs: Vec<(&str, Option<&str>, Option<&str>)> = r
            .differences
            .iter()
            .map(|d| (d.field.as_str(), d.fleet.as_deref(), d.log.as_deref()))
            .collect();
        assert_eq!(
            diffs,
            [
                ("model", Some("Eve Single"), Some("Eve")),
                ("firmware", None, Some("7")),
            ]
        );
        assert_eq!(r.missing_from_fleet.len(), 1);
        assert_eq!(r.missing_from_fleet[0].identity, "CP1");
        let Some(chargeshift_graph::NodeData::ChargePoint(d)) = f.node(cp).map(|n| &n.data) else {
            panic!("a charge point");
        };
        assert_eq!(d.model.as_deref(), Some("Eve"));
        assert_eq!(d.firmware.as_deref(), Some("7"));
        // applying again changes nothing
        assert!(b.apply(&mut f, "x.jsonl").differences.is_empty());
    }
}
