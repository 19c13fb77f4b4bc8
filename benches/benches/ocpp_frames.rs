//! Frame parsing against plain `serde_json` parsing of the same bytes.

use std::hint::black_box;

use chargeshift_ocpp::Frame;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const BOOT: &str = r#"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger","chargePointSerialNumber":"SN-0001","firmwareVersion":"1.2.3"}]"#;

fn framing(c: &mut Criterion) {
    let mut group = c.benchmark_group("frame/boot_notification");
    group.throughput(Throughput::Bytes(BOOT.len() as u64));
    group.bench_function("baseline serde_json::Value", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(BOOT)));
    });
    group.bench_function("chargeshift Frame::parse", |b| {
        b.iter(|| Frame::parse(black_box(BOOT)));
    });
    group.finish();
}

criterion_group!(benches, framing);
criterion_main!(benches);
