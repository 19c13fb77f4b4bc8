//! The partitioned engine of [`compare_with`](super::compare::compare_with): node matching and
//! drift per partition of the old fleet's index range, the inverse table, then links per matched
//! pair of nodes and the new fleet's unmatched nodes, each partition on its own thread.

use std::ops::Range;

use chargeshift_graph::{FindingCode, Fleet, LinkKind, NodeIndex, NodeKind};
use hashbrown::HashMap;
use petgraph::Direction::Outgoing;
use petgraph::visit::{EdgeRef, NodeIndexable};

use super::Side;
use super::compare::{
    CodeKindCount, CompareOptions, Difference, Drift, IdMap, ReconcileCheck, reference_check, sort,
    unmatched_link, unmatched_node,
};

/// No counterpart, in the index tables.
const NONE: u32 = u32::MAX;

/// The differences of one partition: every one counted per (code, kind), the first
/// `limit` of each code kept (all without a limit).
#[derive(Debug, Default)]
pub(super) struct Sink {
    limit: Option<usize>,
    counts: HashMap<(ReconcileCheck, &'static str), usize>,
    kept: HashMap<ReconcileCheck, Vec<Difference>>,
}

impl Sink {
    fn new(limit: Option<usize>) -> Sink {
        Sink {
            limit,
            ..Sink::default()
        }
    }

    /// Counts `d` (of asset or link kind `kind`) and keeps it while it may be among the first of
    /// its code. Amortized O(log limit).
    pub(super) fn push(&mut self, kind: &'static str, d: Difference) {
        let code = d.finding.code;
        *self.counts.entry((code, kind)).or_default() += 1;
        let v = self.kept.entry(code).or_default();
        v.push(d);
        if let Some(n) = self.limit
            && v.len() >= n.saturating_mul(2).max(64)
        {
            sort(v);
            v.truncate(n);
        }
    }

    fn absorb(&mut self, other: Sink) {
        for (k, n) in other.counts {
            *self.counts.entry(k).or_default() += n;
        }
        for (code, v) in other.kept {
            self.kept.entry(code).or_default().extend(v);
        }
    }

    fn finish(self) -> (Vec<Difference>, Vec<CodeKindCount>) {
        let mut kept: Vec<Difference> = Vec::new();
        for (_, mut v) in self.kept {
            if let Some(n) = self.limit {
                sort(&mut v);
                v.truncate(n);
            }
            kept.extend(v);
        }
        sort(&mut kept);
        let mut counts: Vec<((ReconcileCheck, &'static str), usize)> =
            self.counts.into_iter().collect();
        counts.sort_unstable();
        let counts = counts
            .into_iter()
            .map(|((code, kind), count)| CodeKindCount {
                code: code.code().to_owned(),
                kind: kind.to_owned(),
                count,
            })
            .collect();
        (kept, counts)
    }
}

/// The index ranges of `threads` partitions of `0..bound`.
fn ranges(bound: usize, threads: usize) -> Vec<Range<usize>> {
    let size = bound.div_ceil(threads.max(1)).max(1);
    (0..bound)
        .step_by(size)
        .map(|a| a..a.saturating_add(size).min(bound))
        .collect()
}

/// Runs `work` on every range on its own scoped thread; the results in range order.
fn parallel<T: Send>(ranges: &[Range<usize>], work: impl Fn(Range<usize>) -> T + Sync) -> Vec<T> {
    if ranges.len() <= 1 {
        return ranges.iter().map(|r| work(r.clone())).collect();
    }
    let work = &work;
    std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .iter()
            .map(|r| {
                let r = r.clone();
                s.spawn(move || work(r))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// The counterpart in `new` of the old node `ix` of `kind` and `id`: at the same index when the
/// new fleet holds it there, else through the new fleet's (kind, id) index.
fn counterpart(
    new: &Fleet,
    map: &IdMap,
    ix: NodeIndex,
    kind: NodeKind,
    id: &str,
) -> Option<NodeIndex> {
    let mapped = map.to_new(kind, id)?;
    if let Some(n) = new.node(ix)
        && n.kind() == kind
        && n.id() == mapped
    {
        return Some(ix);
    }
    new.find(kind, mapped)
}

/// An out-link as the pair comparison sees it: its kind and its target's index in the new fleet
/// (0 for a link that is an attribute, which is compared by kind alone: its target is a drift).
type Key = (u8, u32);

fn key(kind: LinkKind, target_in_new: u32) -> Key {
    let k = kind as u8;
    if reference_check(kind).is_some() {
        (k, 0)
    } else {
        (k, target_in_new)
    }
}

/// The whole comparison: the differences kept, in the order of [`sort`], and every count.
pub(super) fn run(
    old: &Fleet,
    new: &Fleet,
    map: &IdMap,
    options: &CompareOptions,
) -> (Vec<Difference>, Vec<CodeKindCount>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 16);
    let limit = options.kept_per_code;
    let tolerances = options.tolerances;
    let (old_bound, new_bound) = (old.graph().node_bound(), new.graph().node_bound());
    // small fleets are not worth a thread
    let threads = if old_bound + new_bound < 20_000 {
        1
    } else {
        threads
    };
    let old_parts = ranges(old_bound, threads);
    let new_parts = ranges(new_bound, threads);

    // 1. match the old nodes, drift of the matched ones
    let matched = parallel(&old_parts, |r| {
        let mut sink = Sink::new(limit);
        let mut table = Vec::with_capacity(r.len());
        for i in r {
            let ix = NodeIndex::new(i);
            let Some(node) = old.node(ix) else {
                table.push(NONE);
                continue;
            };
            let kind = node.kind();
            match counterpart(new, map, ix, kind, node.id()) {
                None => {
                    table.push(NONE);
                    sink.push(kind.as_str(), unmatched_node(Side::Old, kind, node.id()));
                }
                Some(j) => {
                    table.push(to_u32(j.index()));
                    Drift {
                        old,
                        new,
                        map,
                        old_ix: ix,
                        new_ix: j,
                        kind,
                        out: &mut sink,
                    }
                    .run(&tolerances);
                }
            }
        }
        (sink, table)
    });
    let mut total = Sink::new(limit);
    let mut to_new: Vec<u32> = Vec::with_capacity(old_bound);
    for (sink, table) in matched {
        total.absorb(sink);
        to_new.extend(table);
    }
    // 2. the inverse table (the mapping is one to one per kind, so is the matching)
    let mut to_old = vec![NONE; new_bound];
    for (i, &j) in to_new.iter().enumerate() {
        if let Some(slot) = to_old.get_mut(j as usize) {
            *slot = to_u32(i);
        }
    }
    let (to_new, to_old) = (&to_new, &to_old);

    // 3. the links of every matched pair, and of every unmatched old node
    let links = parallel(&old_parts, |r| {
        let mut sink = Sink::new(limit);
        let mut here: Vec<(Key, NodeIndex, LinkKind)> = Vec::new();
        let mut there: Vec<(Key, NodeIndex, LinkKind)> = Vec::new();
        for i in r {
            let ix = NodeIndex::new(i);
            if old.node(ix).is_none() {
                continue;
            }
            here.clear();
            for e in old.graph().edges_directed(ix, Outgoing) {
                let kind = e.weight().kind;
                if kind != LinkKind::UserGroup {
                    let t = to_new.get(e.target().index()).copied().unwrap_or(NONE);
                    here.push((key(kind, t), e.target(), kind));
                }
            }
            let j = to_new.get(i).copied().unwrap_or(NONE);
            there.clear();
            if j != NONE {
                let jx = NodeIndex::new(j as usize);
                for e in new.graph().edges_directed(jx, Outgoing) {
                    let kind = e.weight().kind;
                    if kind != LinkKind::UserGroup {
                        there.push((key(kind, to_u32(e.target().index())), e.target(), kind));
                    }
                }
            }
            if here.is_empty() && there.is_empty() {
                continue;
            }
            here.sort_unstable_by_key(|x| x.0);
            there.sort_unstable_by_key(|x| x.0);
            let has = |v: &[(Key, NodeIndex, LinkKind)], k: Key| {
                v.binary_search_by_key(&k, |x| x.0).is_ok()
            };
            for &(k, t, kind) in &here {
                // an old target without a counterpart (NONE) is in no new key
                if !has(&there, k) {
                    sink.push(
                        kind.as_str(),
                        unmatched_link(Side::Old, kind, old.id(ix), old.id(t)),
                    );
                }
            }
            if j == NONE {
                continue;
            }
            let jx = NodeIndex::new(j as usize);
            for &(_, t, kind) in &there {
                // a new target without a counterpart is in no old key
                if !has(&here, key(kind, to_u32(t.index()))) {
                    sink.push(
                        kind.as_str(),
                        unmatched_link(Side::New, kind, new.id(jx), new.id(t)),
                    );
                }
            }
        }
        sink
    });
    for s in links {
        total.absorb(s);
    }

    // 4. the new nodes without a counterpart, and their links
    let extra = parallel(&new_parts, |r| {
        let mut sink = Sink::new(limit);
        for j in r {
            let jx = NodeIndex::new(j);
            let Some(node) = new.node(jx) else {
                continue;
            };
            if to_old.get(j).copied().unwrap_or(NONE) != NONE {
                continue;
            }
            let kind = node.kind();
            sink.push(kind.as_str(), unmatched_node(Side::New, kind, node.id()));
            for e in new.graph().edges_directed(jx, Outgoing) {
                let lk = e.weight().kind;
                if lk != LinkKind::UserGroup {
                    sink.push(
                        lk.as_str(),
                        unmatched_link(Side::New, lk, node.id(), new.id(e.target())),
                    );
                }
            }
        }
        sink
    });
    for s in extra {
        total.absorb(s);
    }
    total.finish()
}
