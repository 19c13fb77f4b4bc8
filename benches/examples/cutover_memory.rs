//! Memory of the cutover plan against the fleet's own, by a counting global allocator: the bytes
//! live once the generated fleet is built (the fleet's own), then the peak of live bytes while
//! `chargeshift_planner::cutover::plan` runs (units, pilot, waves, routing table, findings and
//! schedule), and what the finished plan keeps.
//!
//! ```sh
//! cargo run --release -p chargeshift-benches --example cutover_memory -- 1000000
//! ```
//!
//! Prints one line of `key=value` pairs; `peak/fleet` is the goal's ratio (under 1.5).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::cast_precision_loss,
    reason = "a bench driver"
)]
#![allow(
    unsafe_code,
    reason = "a counting global allocator forwards to System (GlobalAlloc is an unsafe trait)"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_planner::cutover::{CutoverRequest, plan};

/// The system allocator, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is System's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is System's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is System's.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is System's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mib(b: usize) -> String {
    format!("{:.1}", b as f64 / (1024.0 * 1024.0))
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().expect("a number of charge points"));
    let before = LIVE.load(Ordering::Relaxed);
    let fleet = generate_fleet(&FleetSpec::new(n)).unwrap().fleet;
    let fleet_bytes = LIVE.load(Ordering::Relaxed) - before;
    // the request of benches/cutover.rs
    let mut request = CutoverRequest::new("2026-03-02".parse().unwrap());
    request.pilot.critical_values = vec!["high".into()];
    request.waves.max_charge_points = 5_000;
    PEAK.store(LIVE.load(Ordering::Relaxed), Ordering::Relaxed);
    let p = plan(&fleet, &request).unwrap();
    let peak = PEAK.load(Ordering::Relaxed) - before;
    let kept = LIVE.load(Ordering::Relaxed) - before - fleet_bytes;
    println!(
        "charge_points={n} fleet_mib={} peak_mib={} peak/fleet={:.3} plan_kept_mib={} plan_kept/fleet={:.3} waves={} units={}",
        mib(fleet_bytes),
        mib(peak),
        peak as f64 / fleet_bytes as f64,
        mib(kept),
        kept as f64 / fleet_bytes as f64,
        p.waves.len(),
        p.units.len()
    );
}
