//! The OCPI importer never panics: the input is split at the first 0xFF byte into the Locations
//! and Tokens module outputs.
#![no_main]

use chargeshift_graph::import::Mode;
use chargeshift_graph::import::ocpi::{self, OcpiOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0xFF);
    let locations = parts.next().unwrap_or_default();
    let tokens = parts.next().unwrap_or_default();
    for mode in [Mode::Strict, Mode::Lenient] {
        let _ = ocpi::read(
            Some(("locations.json", locations)),
            Some(("tokens.json", tokens)),
            &OcpiOptions::default(),
            mode,
        );
    }
});
