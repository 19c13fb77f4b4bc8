//! OCPP frame decoding: chargeshift's validated, typed decode against plain `serde_json` parsing
//! of the same bytes and against `rust-ocpp`'s unvalidated serde decode of the same frames.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benches"
)]

use std::hint::black_box;

use chargeshift_benches::frames::{
    BOOT, Kind, METER, TX_EVENT, chargeshift_decode, rust_ocpp_decode, set_charging_profile,
    traffic,
};
use chargeshift_ocpp::batch::check_row;
use chargeshift_ocpp::inspect::CheckOptions;
use chargeshift_ocpp::{Endpoint, Frame, OcppVersion};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn frames(c: &mut Criterion) {
    let profile = set_charging_profile(if chargeshift_benches::full_run() {
        400
    } else {
        4
    });
    let cases: [(Kind, &str); 4] = [
        (Kind::Boot, BOOT),
        (Kind::Meter, METER),
        (Kind::TxEvent, TX_EVENT),
        (Kind::Profile, &profile),
    ];
    // every decode must succeed, or the comparison is meaningless
    for (kind, text) in cases {
        assert!(
            chargeshift_decode(kind, text),
            "chargeshift cannot read {kind:?}"
        );
        assert!(
            rust_ocpp_decode(kind, text),
            "rust-ocpp cannot read {kind:?}"
        );
    }

    for (kind, text) in cases {
        let mut group = c.benchmark_group(format!("ocpp/{}", kind.name()));
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function("baseline serde_json::Value", |b| {
            b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(text)));
        });
        group.bench_function("rust-ocpp unvalidated", |b| {
            b.iter(|| rust_ocpp_decode(kind, black_box(text)));
        });
        group.bench_function("chargeshift Frame::parse", |b| {
            b.iter(|| Frame::parse(black_box(text)));
        });
        group.bench_function("chargeshift decode+validate", |b| {
            b.iter(|| chargeshift_decode(kind, black_box(text)));
        });
        // what the bindings' batch check gives per frame (Python `check_frames`, JS `checkFrames`):
        // the decode, the validation and the row, with the payload written back as JSON text
        let (version, sender) = match kind {
            Kind::TxEvent => (OcppVersion::V201, Endpoint::ChargePoint),
            Kind::Profile => (OcppVersion::V16, Endpoint::Csms),
            Kind::Boot | Kind::Meter => (OcppVersion::V16, Endpoint::ChargePoint),
        };
        let options = CheckOptions::new(version, sender);
        assert!(check_row(Some(text), &options).valid);
        group.bench_function("chargeshift check_row", |b| {
            b.iter(|| check_row(Some(black_box(text)), &options));
        });
        group.finish();
    }

    // two corpora, throughput over all their bytes:
    // - "mixed": one frame of each kind above (its bytes are dominated by the large profile);
    // - "traffic": what one charge point sends and receives around a charging session, by count.
    let traffic = traffic();
    let traffic: Vec<(Kind, &str)> = traffic.iter().map(|(k, t)| (*k, t.as_str())).collect();
    for (kind, text) in &traffic {
        assert!(chargeshift_decode(*kind, text));
    }
    let mixed: Vec<(Kind, &str)> = cases.to_vec();
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
                for (kind, t) in frames {
                    black_box(rust_ocpp_decode(*kind, black_box(t)));
                }
            });
        });
        group.bench_function("chargeshift decode+validate", |b| {
            b.iter(|| {
                for (kind, t) in frames {
                    black_box(chargeshift_decode(*kind, black_box(t)));
                }
            });
        });
        group.finish();
    }
}

criterion_group!(benches, frames);
criterion_main!(benches);
