//! The OCPP frames the benchmarks decode, shared by `benches/ocpp_frames.rs` and
//! `examples/decode_count.rs`.

use std::fmt::Write as _;

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
