//! OCPP frame decoding: chargeshift's validated, typed decode against plain `serde_json` parsing
//! of the same bytes and against `rust-ocpp`'s unvalidated serde decode of the same frames.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benches"
)]

use std::hint::black_box;

use chargeshift_benches::frames::{BOOT, METER, TX_EVENT, set_charging_profile};
use chargeshift_ocpp::v16::Ocpp16;
use chargeshift_ocpp::v201::Ocpp201;
use chargeshift_ocpp::{Decoder, Endpoint, Frame};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rust_ocpp::v1_6::messages::boot_notification::BootNotificationRequest as RoBoot;
use rust_ocpp::v1_6::messages::meter_values::MeterValuesRequest as RoMeter;
use rust_ocpp::v1_6::messages::set_charging_profile::SetChargingProfileRequest as RoProfile;
use rust_ocpp::v2_0_1::messages::transaction_event::TransactionEventRequest as RoTxEvent;

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
    for (name, text) in cases {
        assert!(rust_ocpp_decode(name, text), "rust-ocpp cannot read {name}");
    }

    for (name, text) in cases {
        let mut group = c.benchmark_group(format!("ocpp/{name}"));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("baseline serde_json::Value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)));
        });
        group.bench_function("rust-ocpp unvalidated", |b| {
            b.iter(|| rust_ocpp_decode(name, black_box(text)));
        });
        group.bench_function("chargeshift Frame::parse", |b| {
            b.iter(|| Frame::parse(black_box(text)));
        });
        group.bench_function("chargeshift decode+validate", |b| {
            b.iter(|| chargeshift_decode(name, black_box(text)));
        });
        group.finish();
    }

    // two corpora, throughput over all their bytes:
    // - "mixed": one frame of each kind above (its bytes are dominated by the large profile);
    // - "traffic": what one charge point sends and receives around a charging session, by count:
    //   one boot, ten 1.6 MeterValues, ten 2.0.1 TransactionEvents, one 24-period profile.
    let small_profile = set_charging_profile(24);
    assert!(chargeshift_v16(&small_profile, Endpoint::Csms));
    let mut traffic: Vec<(&str, &str)> = vec![("boot_notification_v16", BOOT)];
    for _ in 0..10 {
        traffic.push(("meter_values_v16", METER));
        traffic.push(("transaction_event_v201", TX_EVENT));
    }
    traffic.push(("set_charging_profile_v16", &small_profile));
    let mixed: Vec<(&str, &str)> = cases.to_vec();
    for (corpus, frames) in [("mixed", &mixed), ("traffic", &traffic)] {
        let total: usize = frames.iter().map(|(_, t)| t.len()).sum();
        let mut group = c.benchmark_group(format!("ocpp/{corpus}"));
        group.throughput(Throughput::Bytes(total as u64));
        group.bench_function("baseline serde_json::Value", |b| {
            b.iter(|| {
                for (_, t) in frames {
                    let _ = black_box(serde_json::from_str::<serde_json::Value>(black_box(t)));
                }
            });
        });
        group.bench_function("rust-ocpp unvalidated", |b| {
            b.iter(|| {
                for (name, t) in frames {
                    black_box(rust_ocpp_decode(name, black_box(t)));
                }
            });
        });
        group.bench_function("chargeshift decode+validate", |b| {
            b.iter(|| {
                for (name, t) in frames {
                    black_box(chargeshift_decode(name, black_box(t)));
                }
            });
        });
        group.finish();
    }
}

/// rust-ocpp's unvalidated decode of a frame of one of the benchmarked kinds.
fn rust_ocpp_decode(name: &str, text: &str) -> bool {
    match name {
        "boot_notification_v16" => serde_json::from_str::<(u8, &str, &str, RoBoot)>(text).is_ok(),
        "meter_values_v16" => serde_json::from_str::<(u8, &str, &str, RoMeter)>(text).is_ok(),
        "transaction_event_v201" => {
            serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(text).is_ok()
        }
        _ => serde_json::from_str::<(u8, &str, &str, RoProfile)>(text).is_ok(),
    }
}

/// chargeshift's validated, typed decode of a frame of one of the benchmarked kinds.
fn chargeshift_decode(name: &str, text: &str) -> bool {
    match name {
        "transaction_event_v201" => chargeshift_v201(text),
        "set_charging_profile_v16" => chargeshift_v16(text, Endpoint::Csms),
        _ => chargeshift_v16(text, Endpoint::ChargePoint),
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
