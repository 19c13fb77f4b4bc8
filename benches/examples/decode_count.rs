//! Decodes one benchmark frame many times, with chargeshift or with rust-ocpp, for counting
//! instructions under `valgrind --tool=callgrind` (repeatable on a shared, noisy machine, where
//! times are not):
//!
//! ```sh
//! cargo build --release -p chargeshift-benches --example decode_count
//! valgrind --tool=callgrind --callgrind-out-file=/dev/null \
//!     target/release/examples/decode_count chargeshift boot 100000
//! ```
//!
//! Frames: `boot`, `meter`, `tx`, `profile` (the frames of `benches/ocpp_frames.rs`; the profile
//! with 24 periods). The instruction count per decode is the total over the count.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a bench driver"
)]

use std::hint::black_box;

use chargeshift_benches::frames::{
    BOOT, Kind, METER, TX_EVENT, chargeshift_decode, rust_ocpp_decode, set_charging_profile,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(who), Some(frame)) = (args.get(1), args.get(2)) else {
        panic!("usage: decode_count chargeshift|rust-ocpp boot|meter|tx|profile [count]");
    };
    let count: usize = args.get(3).map_or(100_000, |c| c.parse().unwrap());
    let kind = Kind::ALL
        .into_iter()
        .find(|k| k.short() == frame)
        .unwrap_or_else(|| panic!("unknown frame {frame}"));
    let profile = set_charging_profile(24);
    let text = match kind {
        Kind::Boot => BOOT,
        Kind::Meter => METER,
        Kind::TxEvent => TX_EVENT,
        Kind::Profile => profile.as_str(),
    };
    let decode = match who.as_str() {
        "chargeshift" => chargeshift_decode,
        "rust-ocpp" => rust_ocpp_decode,
        _ => panic!("unknown decoder {who}"),
    };
    for _ in 0..count {
        assert!(decode(kind, black_box(text)), "{who} cannot decode {frame}");
    }
}
