//! chargeshift-graph at 10k, 100k and (under `cargo bench` only) 1M charge points: import and
//! build from native JSON, a single-asset neighbourhood, components over chosen link kinds, and
//! the cut between two asset sets; each against a baseline measured in the same run.
//!
//! The neighbourhood is depth 2 around a public charge point over the local connections (card,
//! customer, charge group, location links; tariffs and parameter sets are hubs and left out).
//!
//! Baselines: parsing the same JSON into the typed `Document` records without building the
//! graph (build), a breadth-first search over
//! a plain petgraph `Graph<(), ()>` holding the same connections (neighbourhood),
//! `petgraph::algo::connected_components` on that plain graph (components), and a scan of every
//! link against two hash sets (cut).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmarks"
)]

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Duration;

use chargeshift_graph::generate::{FleetSpec, generate_fleet};
use chargeshift_graph::import::Mode;
use chargeshift_graph::{Fleet, LinkKind, LinkKinds, NodeIndex, NodeKind, document};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use petgraph::graph::{NodeIndex as PlainIndex, UnGraph};
use petgraph::visit::{Bfs, NodeIndexable};

fn sizes() -> Vec<(&'static str, usize)> {
    let mut s = vec![("10k", 10_000), ("100k", 100_000)];
    if chargeshift_benches::full_run() {
        s.push(("1M", 1_000_000));
    }
    s
}

fn fleet(n: usize) -> Fleet {
    generate_fleet(&FleetSpec::new(n)).unwrap().fleet
}

/// The links a single-asset neighbourhood follows: the connections without the hubs (tariffs
/// and parameter sets are shared by thousands of charge points).
fn local() -> LinkKinds {
    LinkKinds::of(&[
        LinkKind::CardCustomer,
        LinkKind::CustomerChargePoint,
        LinkKind::CustomerChargeGroup,
        LinkKind::ChargePointChargeGroup,
        LinkKind::ChargePointLocation,
    ])
}

/// The links of `kinds` as a plain undirected petgraph graph, node for node.
fn plain(f: &Fleet, kinds: LinkKinds) -> UnGraph<(), ()> {
    let bound = f.graph().node_bound();
    let mut g = UnGraph::<(), ()>::with_capacity(bound, f.link_count());
    for _ in 0..bound {
        g.add_node(());
    }
    for l in f.links() {
        if kinds.contains(l.link.kind) {
            g.add_edge(
                PlainIndex::new(l.source.index()),
                PlainIndex::new(l.target.index()),
                (),
            );
        }
    }
    g
}

/// Import of native JSON (`read_json_slice`) against parsing the same bytes into the typed
/// records (`Document`) without building the graph, for each `(name, json)`.
fn import_vs_parse(c: &mut Criterion, group: &str, inputs: Vec<(&str, Vec<u8>)>, secs: u64) {
    let mut group = c.benchmark_group(group);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(secs));
    for (name, json) in inputs {
        group.throughput(Throughput::Bytes(json.len() as u64));
        group.bench_with_input(
            BenchmarkId::new("baseline serde_json to Document", name),
            &json,
            |b, j| {
                b.iter(|| serde_json::from_slice::<document::Document>(black_box(j)).unwrap());
            },
        );
        group.bench_with_input(
            BenchmarkId::new("chargeshift read_json_slice", name),
            &json,
            |b, j| {
                b.iter(|| document::read_json_slice(black_box(j), "bench", Mode::Strict).unwrap());
            },
        );
    }
    group.finish();
}

fn build(c: &mut Criterion) {
    let inputs = sizes()
        .into_iter()
        .map(|(name, n)| (name, document::to_json(&fleet(n)).unwrap().into_bytes()))
        .collect();
    import_vs_parse(c, "graph/build_native_json", inputs, 20);
}

/// Import of a fleet whose links all hang off one node: each link's duplicate check must not
/// walk the hub's whole edge list (that made 40k links take 2 s).
fn build_hub(c: &mut Criterion) {
    let inputs = [("10k", 10_000), ("40k", 40_000)]
        .into_iter()
        .map(|(name, n)| {
            (
                name,
                document::to_json(&chargeshift_benches::hub(n))
                    .unwrap()
                    .into_bytes(),
            )
        })
        .collect();
    import_vs_parse(c, "graph/build_hub", inputs, 5);
}

fn queries(c: &mut Criterion) {
    for (name, n) in sizes() {
        let f = fleet(n);
        let g = plain(&f, LinkKinds::CONNECTIONS);
        let gl = plain(&f, local());
        // a public charge point: its location, charge group, parameter set and their links
        let cp = f
            .nodes_of_kind(NodeKind::ChargePoint)
            .map(|(ix, _)| ix)
            .find(|&ix| f.id(ix).starts_with("CP"))
            .unwrap();

        let mut group = c.benchmark_group("graph/neighbourhood_depth2");
        group.bench_function(
            BenchmarkId::new("baseline petgraph Bfs on Graph<(),()>", name),
            |b| {
                b.iter(|| {
                    // depth-limited BFS via a distance map
                    let mut dist = std::collections::HashMap::new();
                    dist.insert(PlainIndex::new(cp.index()), 0usize);
                    let mut bfs = Bfs::new(&gl, PlainIndex::new(cp.index()));
                    let mut out = 0usize;
                    while let Some(x) = bfs.next(&gl) {
                        let d = dist[&x];
                        if d > 2 {
                            break;
                        }
                        out += 1;
                        for y in gl.neighbors(x) {
                            dist.entry(y).or_insert(d + 1);
                        }
                    }
                    out
                });
            },
        );
        group.bench_function(BenchmarkId::new("chargeshift neighbourhood", name), |b| {
            b.iter(|| f.neighbourhood(black_box(cp), local(), 2).len());
        });
        group.finish();

        let mut group = c.benchmark_group("graph/components_connections");
        group.sample_size(10);
        group.bench_function(
            BenchmarkId::new("baseline petgraph connected_components", name),
            |b| {
                b.iter(|| petgraph::algo::connected_components(black_box(&g)));
            },
        );
        group.bench_function(BenchmarkId::new("chargeshift components", name), |b| {
            b.iter(|| f.components(black_box(LinkKinds::CONNECTIONS)).count());
        });
        group.finish();

        // the cut between the assets of region 0 and those of the business user group
        let r0 = f.find(NodeKind::UserGroup, "ACME-R0").unwrap();
        let biz = f.find(NodeKind::UserGroup, "ACME-BIZ").unwrap();
        let a: Vec<NodeIndex> = f.assets_of(r0, false);
        let bset: Vec<NodeIndex> = f.assets_of(biz, false);
        let mut group = c.benchmark_group("graph/cut");
        group.sample_size(10);
        group.bench_function(
            BenchmarkId::new("baseline scan all links with hash sets", name),
            |b| {
                b.iter(|| {
                    let ha: HashSet<NodeIndex> = a.iter().copied().collect();
                    let hb: HashSet<NodeIndex> = bset.iter().copied().collect();
                    f.links()
                        .filter(|l| LinkKinds::CONNECTIONS.contains(l.link.kind))
                        .filter(|l| {
                            (ha.contains(&l.source) && hb.contains(&l.target))
                                || (hb.contains(&l.source) && ha.contains(&l.target))
                        })
                        .count()
                });
            },
        );
        group.bench_function(BenchmarkId::new("chargeshift cut", name), |b| {
            b.iter(|| {
                f.cut(black_box(&a), black_box(&bset), LinkKinds::CONNECTIONS)
                    .len()
            });
        });
        group.finish();
    }
}

criterion_group!(benches, build, build_hub, queries);
criterion_main!(benches);
