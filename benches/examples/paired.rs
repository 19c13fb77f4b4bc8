//! Interleaved time ratios of chargeshift's validated decode against rust-ocpp's unvalidated decode
//! of the same frames.
//!
//! On a shared machine, criterion measures two functions minutes apart, under whatever load the
//! other users put on the cores at the time, and the ratio of the two figures swings by ±30 %. Here
//! both decoders are timed in alternating batches (chargeshift, rust-ocpp, rust-ocpp, chargeshift),
//! so that a change of load hits both sides of a round alike, and each round gives one ratio; the
//! report is the median ratio over the rounds with its interquartile range.
//!
//! ```sh
//! cargo run --release -p chargeshift-benches --example paired -- [rounds]
//! ```
//!
//! Below 1 is faster than rust-ocpp. Absolute throughput stays the job of the criterion benchmark
//! `benches/ocpp_frames.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a bench driver"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use chargeshift_benches::frames::{
    BOOT, Kind, METER, TX_EVENT, chargeshift_decode, rust_ocpp_decode, set_charging_profile,
    traffic,
};

type Decode = fn(Kind, &str) -> bool;

/// The time `decode` takes over `frames`, `n` times.
fn batch(decode: Decode, frames: &[(Kind, &str)], n: u32) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        for (kind, text) in frames {
            black_box(decode(*kind, black_box(text)));
        }
    }
    start.elapsed()
}

/// The median and the quartiles of the per-round ratios chargeshift ÷ rust-ocpp.
fn paired(frames: &[(Kind, &str)], rounds: usize) -> (f64, f64, f64) {
    // batches of about 5 ms, so that a round is over before the load changes much
    let mut n = 1u32;
    while batch(chargeshift_decode, frames, n) < Duration::from_millis(5) {
        n *= 2;
    }
    let mut ratios: Vec<f64> = (0..rounds)
        .map(|_| {
            let a1 = batch(chargeshift_decode, frames, n);
            let b1 = batch(rust_ocpp_decode, frames, n);
            let b2 = batch(rust_ocpp_decode, frames, n);
            let a2 = batch(chargeshift_decode, frames, n);
            (a1 + a2).as_secs_f64() / (b1 + b2).as_secs_f64()
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let last = ratios.len() - 1;
    let at = |quarter: usize| ratios[last * quarter / 4];
    (at(2), at(1), at(3))
}

fn main() {
    let rounds: usize = std::env::args().nth(1).map_or(41, |r| r.parse().unwrap());
    let profile_400 = set_charging_profile(400);
    let profile_24 = set_charging_profile(24);
    let traffic = traffic();
    let traffic: Vec<(Kind, &str)> = traffic.iter().map(|(k, t)| (*k, t.as_str())).collect();
    let mixed = [
        (Kind::Boot, BOOT),
        (Kind::Meter, METER),
        (Kind::TxEvent, TX_EVENT),
        (Kind::Profile, profile_400.as_str()),
    ];
    let cases: Vec<(&str, Vec<(Kind, &str)>)> = vec![
        ("1.6 BootNotification", vec![(Kind::Boot, BOOT)]),
        (
            "1.6 MeterValues, 8 sampled values",
            vec![(Kind::Meter, METER)],
        ),
        ("2.0.1 TransactionEvent", vec![(Kind::TxEvent, TX_EVENT)]),
        (
            "1.6 SetChargingProfile, 24 periods",
            vec![(Kind::Profile, &profile_24)],
        ),
        (
            "1.6 SetChargingProfile, 400 periods",
            vec![(Kind::Profile, &profile_400)],
        ),
        ("mixed: one of each (400 periods)", mixed.to_vec()),
        ("traffic: 22 frames of a session", traffic),
    ];
    for (_, frames) in &cases {
        for (kind, text) in frames {
            assert!(chargeshift_decode(*kind, text) && rust_ocpp_decode(*kind, text));
        }
    }
    println!(
        "| frames | chargeshift ÷ rust-ocpp, median of {rounds} rounds | interquartile range |"
    );
    println!("|---|---|---|");
    for (name, frames) in &cases {
        let (median, q1, q3) = paired(frames, rounds);
        println!("| {name} | {median:.2} | {q1:.2}–{q3:.2} |");
    }
}
