//! Shared helpers of the chargeshift benchmarks.

pub mod frames;

/// Whether the benchmark binary runs as a real benchmark (`cargo bench`) rather than as a quick
/// check that every benchmark still runs (`cargo test --benches`, which runs each one once).
///
/// Benchmarks use it to keep their largest inputs out of the quick check.
///
/// ```
/// // doctests never run with --bench
/// assert!(!chargeshift_benches::full_run());
/// ```
#[must_use]
pub fn full_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}
