//! OCPP frame decoding: chargeshift's validated, typed decode against plain `serde_json` parsing
//! of the same bytes and against `rust-ocpp`'s unvalidated serde decode of the same frames.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benches"
)]

use std::fmt::Write as _;
use std::hint::black_box;

use chargeshift_ocpp::v16::Ocpp16;
use chargeshift_ocpp::v201::Ocpp201;
use chargeshift_ocpp::{Decoder, Endpoint, Frame};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_ocpp::v1_6::messages::boot_notification::BootNotificationRequest as RoBoot;
use rust_ocpp::v1_6::messages::meter_values::MeterValuesRequest as RoMeter;
use rust_ocpp::v1_6::messages::set_charging_profile::SetChargingProfileRequest as RoProfile;
use rust_ocpp::v2_0_1::messages::transaction_event::TransactionEventRequest as RoTxEvent;

const BOOT: &str = r#"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger","chargePointSerialNumber":"SN-0001","firmwareVersion":"1.2.3"}]"#;

const METER: &str = r#"[2,"19223202","MeterValues",{"connectorId":1,"transactionId":4711,"meterValue":[{"timestamp":"2026-03-01T10:05:00.000Z","sampledValue":[{"value":"15300.5","context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unit":"Wh"},{"value":"11040","context":"Sample.Periodic","measurand":"Power.Active.Import","location":"Outlet","unit":"W"},{"value":"16.02","context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet","unit":"A"},{"value":"15.98","context":"Sample.Periodic","measurand":"Current.Import","phase":"L2","location":"Outlet","unit":"A"},{"value":"16.01","context":"Sample.Periodic","measurand":"Current.Import","phase":"L3","location":"Outlet","unit":"A"},{"value":"230.4","context":"Sample.Periodic","measurand":"Voltage","phase":"L1-N","location":"Outlet","unit":"V"},{"value":"64","context":"Sample.Periodic","measurand":"SoC","location":"EV","unit":"Percent"},{"value":"31.5","context":"Sample.Periodic","measurand":"Temperature","location":"Body","unit":"Celsius"}]}]}]"#;

const TX_EVENT: &str = r#"[2,"19223203","TransactionEvent",{"eventType":"Updated","timestamp":"2026-03-01T10:05:00.000Z","triggerReason":"MeterValuePeriodic","seqNo":3,"offline":false,"transactionInfo":{"transactionId":"f3a1c2d4-0001","chargingState":"Charging","timeSpentCharging":300},"idToken":{"idToken":"04A1B2C3D4E5F6","type":"ISO14443"},"evse":{"id":1,"connectorId":1},"meterValue":[{"timestamp":"2026-03-01T10:05:00.000Z","sampledValue":[{"value":15300.5,"context":"Sample.Periodic","measurand":"Energy.Active.Import.Register","location":"Outlet","unitOfMeasure":{"unit":"Wh"}},{"value":11040,"context":"Sample.Periodic","measurand":"Power.Active.Import","location":"Outlet","unitOfMeasure":{"unit":"W"}},{"value":16.02,"context":"Sample.Periodic","measurand":"Current.Import","phase":"L1","location":"Outlet"}]}]}]"#;

/// A 1.6 SetChargingProfile with `periods` schedule periods.
fn set_charging_profile(periods: usize) -> String {
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

fn chargeshift_v16(text: &str, from: Endpoint) -> bool {
    Decoder::<Ocpp16>::new(from.peer()).decode(text).is_ok()
}

fn chargeshift_v201(text: &str) -> bool {
    Decoder::<Ocpp201>::new(Endpoint::Csms).decode(text).is_ok()
}

fn frames(c: &mut Criterion) {
    let profile = set_charging_profile(if chargeshift_benches::full_run() {
        400
    } else {
        4
    });
    let cases: [(&str, &str); 4] = [
        ("boot_notification_v16", BOOT),
        ("meter_values_v16", METER),
        ("transaction_event_v201", TX_EVENT),
        ("set_charging_profile_v16", &profile),
    ];
    // every chargeshift decode must succeed, or the comparison is meaningless
    assert!(chargeshift_v16(BOOT, Endpoint::ChargePoint));
    assert!(chargeshift_v16(METER, Endpoint::ChargePoint));
    assert!(chargeshift_v201(TX_EVENT));
    assert!(chargeshift_v16(&profile, Endpoint::Csms));
    assert!(serde_json::from_str::<(u8, &str, &str, RoBoot)>(BOOT).is_ok());
    assert!(serde_json::from_str::<(u8, &str, &str, RoMeter)>(METER).is_ok());
    assert!(serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(TX_EVENT).is_ok());
    assert!(serde_json::from_str::<(u8, &str, &str, RoProfile)>(&profile).is_ok());

    for (name, text) in cases {
        let mut group = c.benchmark_group(format!("ocpp/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("baseline serde_json::Value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)));
        });
        group.bench_function("rust-ocpp unvalidated", |b| match name {
            "boot_notification_v16" => {
                b.iter(|| serde_json::from_str::<(u8, &str, &str, RoBoot)>(black_box(text)));
            }
            "meter_values_v16" => {
                b.iter(|| serde_json::from_str::<(u8, &str, &str, RoMeter)>(black_box(text)));
            }
            "transaction_event_v201" => {
                b.iter(|| serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(black_box(text)));
            }
            _ => {
                b.iter(|| serde_json::from_str::<(u8, &str, &str, RoProfile)>(black_box(text)));
            }
        });
        group.bench_function("chargeshift Frame::parse", |b| {
            b.iter(|| Frame::parse(black_box(text)));
        });
        group.bench_function("chargeshift decode+validate", |b| match name {
            "transaction_event_v201" => b.iter(|| chargeshift_v201(black_box(text))),
            "set_charging_profile_v16" => {
                b.iter(|| chargeshift_v16(black_box(text), Endpoint::Csms));
            }
            _ => b.iter(|| chargeshift_v16(black_box(text), Endpoint::ChargePoint)),
        });
        group.finish();
    }

    // the mixed corpus: one of each, throughput over all bytes
    let total: usize = cases.iter().map(|(_, t)| t.len()).sum();
    let mut group = c.benchmark_group("ocpp/mixed");
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("baseline serde_json::Value", |b| {
        b.iter(|| {
            for (_, t) in &cases {
                let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(t)));
            }
        });
    });
    group.bench_function("rust-ocpp unvalidated", |b| {
        b.iter(|| {
            let _ = black_box(serde_json::from_str::<(u8, &str, &str, RoBoot)>(black_box(
                BOOT,
            )));
            let _ = black_box(serde_json::from_str::<(u8, &str, &str, RoMeter)>(
                black_box(METER),
            ));
            let _ = black_box(serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(
                black_box(TX_EVENT),
            ));
            let _ = black_box(serde_json::from_str::<(u8, &str, &str, RoProfile)>(
                black_box(&profile),
            ));
        });
    });
    group.bench_function("chargeshift decode+validate", |b| {
        b.iter(|| {
            black_box(chargeshift_v16(black_box(BOOT), Endpoint::ChargePoint));
            black_box(chargeshift_v16(black_box(METER), Endpoint::ChargePoint));
            black_box(chargeshift_v201(black_box(TX_EVENT)));
            black_box(chargeshift_v16(black_box(&profile), Endpoint::Csms));
        });
    });
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
