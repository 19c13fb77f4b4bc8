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

use chargeshift_ocpp::v16::Ocpp16;
use chargeshift_ocpp::v201::Ocpp201;
use chargeshift_ocpp::{Decoder, Endpoint};
use rust_ocpp::v1_6::messages::boot_notification::BootNotificationRequest as RoBoot;
use rust_ocpp::v1_6::messages::meter_values::MeterValuesRequest as RoMeter;
use rust_ocpp::v1_6::messages::set_charging_profile::SetChargingProfileRequest as RoProfile;
use rust_ocpp::v2_0_1::messages::transaction_event::TransactionEventRequest as RoTxEvent;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(who), Some(frame)) = (args.get(1), args.get(2)) else {
        panic!("usage: decode_count chargeshift|rust-ocpp boot|meter|tx|profile [count]");
    };
    let count: usize = args.get(3).map_or(100_000, |c| c.parse().unwrap());
    let profile = chargeshift_benches::frames::set_charging_profile(24);
    let text = match frame.as_str() {
        "boot" => chargeshift_benches::frames::BOOT,
        "meter" => chargeshift_benches::frames::METER,
        "tx" => chargeshift_benches::frames::TX_EVENT,
        "profile" => profile.as_str(),
        other => panic!("unknown frame {other}"),
    };
    for _ in 0..count {
        let ok = match (who.as_str(), frame.as_str()) {
            ("chargeshift", "tx") => Decoder::<Ocpp201>::new(Endpoint::Csms)
                .decode(black_box(text))
                .is_ok(),
            ("chargeshift", "profile") => Decoder::<Ocpp16>::new(Endpoint::ChargePoint)
                .decode(black_box(text))
                .is_ok(),
            ("chargeshift", _) => Decoder::<Ocpp16>::new(Endpoint::Csms)
                .decode(black_box(text))
                .is_ok(),
            ("rust-ocpp", "boot") => {
                serde_json::from_str::<(u8, &str, &str, RoBoot)>(black_box(text)).is_ok()
            }
            ("rust-ocpp", "meter") => {
                serde_json::from_str::<(u8, &str, &str, RoMeter)>(black_box(text)).is_ok()
            }
            ("rust-ocpp", "tx") => {
                serde_json::from_str::<(u8, &str, &str, RoTxEvent)>(black_box(text)).is_ok()
            }
            ("rust-ocpp", _) => {
                serde_json::from_str::<(u8, &str, &str, RoProfile)>(black_box(text)).is_ok()
            }
            _ => panic!("unknown decoder {who}"),
        };
        assert!(ok, "{who} cannot decode {frame}");
    }
}
