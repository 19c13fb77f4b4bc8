//! The CSV bundle importer never panics: the input is split into the bundle's files at 0xFF
//! bytes, in the order of `import::csv::FILES`.
#![no_main]

use chargeshift_graph::import::{Mode, csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, &[u8])> = data
        .split(|&b| b == 0xFF)
        .zip(csv::FILES.iter())
        .map(|(bytes, (name, _))| (format!("{name}.csv"), bytes))
        .collect();
    let _ = csv::read_memory(&files, Mode::Strict);
    if let Ok(imported) = csv::read_memory(&files, Mode::Lenient) {
        let out = csv::write_memory(&imported.fleet);
        let _ = csv::read_memory(&out, Mode::Strict);
    }
});
