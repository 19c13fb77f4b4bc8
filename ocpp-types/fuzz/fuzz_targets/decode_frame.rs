//! Fuzzes frame decoding for every version, strict and lenient, from both ends: any input must give
//! a value or an error with a code that can be answered, never a panic. Differential: whatever the
//! decoder's fast path (`decode_valid`) accepts, the full path (frame parse, table walk, typed
//! decode) accepts with the same message and no deviation.

#![no_main]

use chargeshift_ocpp::{
    DecodeOptions, Decoder, Endpoint, Frame, Leniency, Messages, OcppVersion, v16::Ocpp16, v21::Ocpp21,
    v201::Ocpp201,
};
use libfuzzer_sys::fuzz_target;

fn run<M: Messages>(text: &str) {
    for local in [Endpoint::Csms, Endpoint::ChargePoint] {
        let mut fast = Decoder::<M>::new(local);
        if let Some(message) = fast.decode_valid(text) {
            let frame = Frame::parse(text).expect("the fast path took a frame the framing rejects");
            let full = Decoder::<M>::new(local)
                .decode_frame(frame)
                .expect("the fast path took a frame the full path rejects");
            assert_eq!(full.message, message, "the two paths decode differently");
            assert!(full.deviations.is_empty());
        }
        for leniency in [Leniency::strict(), Leniency::all()] {
            let mut d = Decoder::<M>::with_options(local, DecodeOptions::default().with_leniency(leniency));
            if let Err(e) = d.decode(text) {
                let _ = e.reply(M::VERSION).map(|f| f.to_string());
                let _ = e.error_code().as_str(OcppVersion::V16);
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        run::<Ocpp16>(text);
        run::<Ocpp201>(text);
        run::<Ocpp21>(text);
    }
});
