//! The native JSON importer never panics, in either mode, and a lenient import exports and
//! re-imports strictly to the same document.
#![no_main]

use chargeshift_graph::document::{self, Document};
use chargeshift_graph::import::Mode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = document::read_json(data, "fuzz.json", Mode::Strict);
    if let Ok(imported) = document::read_json(data, "fuzz.json", Mode::Lenient) {
        let json = document::to_json(&imported.fleet).unwrap_or_default();
        if let Ok(back) = document::from_json(&json) {
            assert_eq!(Document::from_fleet(&back), Document::from_fleet(&imported.fleet));
        }
    }
});
