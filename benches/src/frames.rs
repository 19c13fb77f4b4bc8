//! The OCPP frames the benchmarks decode and the two decoders compared on them, shared by
//! `benches/ocpp_frames.rs` (criterion), `examples/decode_count.rs` (instruction counts) and
//! `examples/paired.rs` (interleaved time ratios).

use std::fmt::Write as _;

use chargeshift_ocpp::v16::Ocpp16;
use chargeshift_ocpp::v201::Ocpp201;
use chargeshift_ocpp::{Decoder, Endpoint};
use rust_ocpp::v1_6::messages::boot_notification::BootNotificationRequest as RoBoot;
use rust_ocpp::v1_6::messages::meter_values::MeterValuesRequest as RoMeter;
use rust_ocpp::v1_6::messages::set_charging_profile::SetChargingProfileRequest as RoProfile;
use rust_ocpp::v2_0_1::messages::transaction_event::TransactionEventRequest as RoTxEvent;

/// The kinds of frame the benchmarks decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// [`BOOT`]: a 1.6 BootNotification the charge point sends.
    Boot,
    /// [`METER`]: a 1.6 MeterValues the charge point sends.
    Meter,
    /// [`TX_EVENT`]: a 2.0.1 TransactionEvent the charging station sends.
    TxEvent,
    /// [`set_charging_profile`]: a 1.6 SetChargingProfile the CSMS sends.
    Profile,
}

impl Kind {
    /// Every kind, in the order of the reports.
    pub const ALL: [Self; 4] = [Self::Boot, Self::Meter, Self::TxEvent, Self::Profile];

    /// The benchmark name, e.g. `boot_notification_v16`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Self::Boot => "boot_notification_v16",
            Self::Meter => "meter_values_v16",
            Self::TxEvent => "transaction_event_v201",
            Self::Profile => "set_charging_profile_v16",
        }
    }

    /// The short name the command-line drivers take: `boot`, `meter`, `tx` or `profile`.
    #[must_use]
    pub const fn short(self) -> &'static str {
        match self {
            Self::Boot => "boot",
            Self::Meter => "meter",
            Self::TxEvent => "tx",
            Self::Profile => "profile",
        }
    }
}

/// chargeshift's validated, typed decode of a frame of `kind`, by a new decoder of the receiving
/// end; `true` when it decodes.
///
/// ```
/// use chargeshift_benches::frames::{BOOT, Kind, chargeshift_decode};
/// assert!(chargeshift_decode(Kind::Boot, BOOT));
/// assert!(!chargeshift_decode(Kind::Boot, &BOOT.replace("VendorX", &"V".repeat(21))));
/// ```
#[must_use]
pub fn chargeshift_decode(kind: Kind, text: &str) -> bool {
    match kind {
        Kind::TxEvent => Decoder::<Ocpp201>::new(Endpoint::Csms).decode(text).is_ok(),
        Kind::Profile => Decoder::<Ocpp16>::new(Endpoint::ChargePoint)
            .decode(text)
            .is_ok(),
        Kind::Boot | Kind::Meter => Decoder::<Ocpp16>::new(Endpoint::Csms).decode(text).is_ok(),
    }
}

/// `rust-ocpp`'s unvalidated serde decode of a frame of `kind`, as `(u8, &str, &str, T)`.
///
/// ```
/// use chargeshift_benches::frames::{BOOT, Kind, rust_ocpp_decode};
/// assert!(rust_ocpp_decode(Kind::Boot, BOOT));
/// // unvalidated: a vendor longer than the schema's 20 characters passes
/// assert!(rust_ocpp_decode(Kind::Boot, &BOOT.replace("VendorX", &"V".repeat(21))));
/// ```
#[must_use]
pub fn rust_ocpp_decode(kind: Kind, text: &str) -> bool {
    match kind {
        Kind::Boot => serde_json::from_str::<(u8, &str, &str, RoBoot)>(text).is_ok(),
        Kind::Meter => serde_json::from_str::<(u8, &str, &str, RoMeter)>(text).is_ok(),
        Kind::TxEvent => serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(text).is_ok(),
        Kind::Profile => serde_json::from_str::<(u8, &str, &str, RoProfile)>(text).is_ok(),
    }
}

/// The traffic-weighted corpus: what one charge point sends and receives around a charging
/// session, by count: one boot, ten 1.6 MeterValues, ten 2.0.1 TransactionEvents and one
/// SetChargingProfile of 24 periods.
///
/// ```
/// let traffic = chargeshift_benches::frames::traffic();
/// assert_eq!(traffic.len(), 22);
/// ```
#[must_use]
pub fn traffic() -> Vec<(Kind, String)> {
    let mut out = vec![(Kind::Boot, BOOT.to_owned())];
    for _ in 0..10 {
        out.push((Kind::Meter, METER.to_owned()));
        out.push((Kind::TxEvent, TX_EVENT.to_owned()));
    }
    out.push((Kind::Profile, set_charging_profile(24)));
    out
}

/// A 1.6 BootNotification CALL (168 bytes).
pub const BOOT: &str = r#"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger","chargePointSerialNumber":"SN-0001","firmwareVersion":"1.2.3"}]"#;

/// A 1.6 MeterValues CALL with eight sampled values (1.0 KiB).
pub const METER: &str = r#"[2,"19223202","MeterValues",{"connectorId":1,"transactionId":4711,"meterValue":[{"timestamp":"2026-03-01T10:05:00.000Z","sampledValue":[{"value":"15300.5","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"Wh"},{"value":"11040","context":"Sample.Periodic","measurand":"Power.Active.Import","location":"Outlet","unit":"W"},{"value":"16.02","context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet","unit":"A"},{"value":"15.98","context":"Sample.Periodic","measurand":"Current.Import","phase":"L2","location":"Outlet","unit":"A"},{"value":"16.01","context":"Sample.Periodic","measurand":"Current.Import","phase":"L3","location":"Outlet","unit":"A"},{"value":"230.4","context":"Sample.Periodic","measurand":"Voltage","phase":"L1-N","location":"Outlet","unit":"V"},{"value":"64","context":"Sample.Periodic","measurand":"SoC","location":"EV","unit":"Percent"},{"value":"31.5","context":"Sample.Periodic","measurand":"Temperature","location":"Body","unit":"Celsius"}]}]}]"#;

/// A 2.0.1 TransactionEvent CALL with three sampled values (797 bytes).
pub const TX_EVENT: &str = r#"[2,"19223203","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T10:05:00.000Z","triggerReason":"MeterValuePeriodic","seqNo":3,"offline":false,"transactionInfo":{"transactionId":"f3a1c2d4-0001","chargingState":"Charging","timeSpentCharging":300},"idToken":{"idToken":"04A1B2C3D4E5F6","type":"ISO14443"},"evse":{"id":1,"connectorId":1},"meterValue":[{"timestamp":"2026-03-01T10:05:00.000Z","sampledValue":[{"value":15300.5,"context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unitOfMeasure":{"unit":"Wh"}},{"value":11040,"context":"Sample.Periodic","measurand":"Power.Active.Import","location":"Outlet","unitOfMeasure":{"unit":"W"}},{"value":16.02,"context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet"}]}]}]"#;

/// A 1.6 SetChargingProfile CALL with `periods` schedule periods.
///
/// ```
/// let frame = chargeshift_benches::frames::set_charging_profile(2);
/// assert!(frame.contains(r#""startPeriod":60"#));
/// ```
#[must_use]
pub fn set_charging_profile(periods: usize) -> String {
    let mut list = String::new();
    for i in 0..periods {
        if i > 0 {
            list.push(',');
        }
        let _ = write!(
            list,
            r#"{{"startPeriod":{},"limit":{}.{},"numberPhases":3}}"#,
            i * 60,
            6 + i % 26,
            i % 10
        );
    }
    format!(
        r#"[2,"19223204","SetChargingProfile",{{"connectorId":1,"csChargingProfiles":{{"chargingProfileId":12,"transactionId":4711,"stackLevel":1,"chargingProfilePurpose":"TxProfile","chargingProfileKind":"Absolute","validFrom":"2026-03-01T00:00:00.000Z","validTo":"2026-03-02T00:00:00.000Z","chargingSchedule":{{"duration":86400,"startSchedule":"2026-03-01T00:00:00.000Z","chargingRateUnit":"A","minChargingRate":6.0,"chargingSchedulePeriod":[{list}]}}}}}}]"#
    )
}
