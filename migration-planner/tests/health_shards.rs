//! Shards of a health log, processed apart and merged, give the report of the whole log: split
//! by time (a stream checkpointed at each boundary), by identity (one stream per part), and
//! both; with a session and an outage that cross a time boundary.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test"
)]

use std::path::Path;

use chargeshift_ocpp::DateTime;
use chargeshift_planner::cutover::CutoverPlan;
use chargeshift_planner::health::kpi::{Aggregates, KpiOptions, Kpis};
use chargeshift_planner::health::log::{Direction, LogReader, Record};
use chargeshift_planner::health::report::{HealthReport, ReportOptions, groups_of_plan, report};
use chargeshift_planner::health::simulate::charge_points;

fn t(s: &str) -> DateTime {
    s.parse().unwrap()
}

struct Fixture {
    records: Vec<Record>,
    options: KpiOptions,
    plan: CutoverPlan,
    end: DateTime,
}

/// The committed example log (its wave 1 faults every day 02:00–08:00, reboots, rejects tokens)
/// with the traffic of one more charge point, `X`, whose port faults at 04:30 and comes back at
/// 06:00 and whose session runs 04:40–05:30 on 2026-03-03: both cross the boundary at 05:00.
fn fixture() -> Fixture {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/health");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let fleet = chargeshift_graph::document::from_json(&read("fleet.json")).unwrap();
    let plan: CutoverPlan = serde_json::from_str(&read("cutover.json")).unwrap();
    let mut options = KpiOptions::default().with_known_tokens(
        fleet
            .nodes_of_kind(chargeshift_graph::NodeKind::ChargeCard)
            .map(|(_, n)| n.id().to_owned()),
    );
    options.silence_threshold_ms = 4_000_000;
    for c in charge_points(&fleet, chargeshift_ocpp::OcppVersion::V16) {
        options = options.with_version(&c.identity, c.version);
    }
    let log = read("log.jsonl");
    let mut reader = LogReader::new(log.as_bytes());
    let mut records: Vec<Record> = reader.by_ref().collect();
    assert!(reader.bad_lines().is_empty());

    let status = |id: &str, s: &str| {
        format!(
            r#"[2,"{id}","StatusNotification",{{"connectorId":1,"errorCode":"NoError","status":"{s}"}}]"#
        )
    };
    let x = [
        ("2026-03-03T04:00:00Z", Direction::CpToCsms, status("x1", "Available")),
        ("2026-03-03T04:00:00Z", Direction::CsmsToCp, r#"[3,"x1",{}]"#.to_owned()),
        ("2026-03-03T04:30:00Z", Direction::CpToCsms, status("x2", "Faulted")),
        ("2026-03-03T04:30:00Z", Direction::CsmsToCp, r#"[3,"x2",{}]"#.to_owned()),
        ("2026-03-03T04:40:00Z", Direction::CpToCsms, r#"[2,"x3","StartTransaction",{"connectorId":2,"idTag":"ROAMER-1","meterStart":0,"timestamp":"2026-03-03T04:40:00Z"}]"#.to_owned()),
        ("2026-03-03T04:40:00Z", Direction::CsmsToCp, r#"[3,"x3",{"idTagInfo":{"status":"Accepted"},"transactionId":77}]"#.to_owned()),
        ("2026-03-03T04:55:00Z", Direction::CpToCsms, r#"[2,"x4","Heartbeat",{}]"#.to_owned()),
        // the boundary at 05:00; the answer to x4 comes after it
        ("2026-03-03T05:00:01Z", Direction::CsmsToCp, r#"[3,"x4",{"currentTime":"2026-03-03T05:00:01Z"}]"#.to_owned()),
        ("2026-03-03T05:30:00Z", Direction::CpToCsms, r#"[2,"x5","StopTransaction",{"transactionId":77,"meterStop":9000,"reason":"EVDisconnected","timestamp":"2026-03-03T05:30:00Z"}]"#.to_owned()),
        ("2026-03-03T05:30:00Z", Direction::CsmsToCp, r#"[3,"x5",{}]"#.to_owned()),
        ("2026-03-03T06:00:00Z", Direction::CpToCsms, status("x6", "Available")),
        ("2026-03-03T06:00:00Z", Direction::CsmsToCp, r#"[3,"x6",{}]"#.to_owned()),
    ];
    for (ts, d, f) in x {
        records.push(Record::frame(t(ts), "X", d, &f));
    }
    // then a heartbeat every 30 minutes to the end of the log, so that X is never silent
    for d in 3..=11 {
        for h in 0..24 {
            for m in [0, 30] {
                if d == 3 && h * 60 + m <= 6 * 60 || d == 11 && h >= 23 {
                    continue;
                }
                let ts = t(&format!("2026-03-{d:02}T{h:02}:{m:02}:00Z"));
                let id = format!("hb{d}-{h}-{m}");
                let call = format!(r#"[2,"{id}","Heartbeat",{{}}]"#);
                let result = format!(r#"[3,"{id}",{{"currentTime":"{ts}"}}]"#);
                records.push(Record::frame(ts, "X", Direction::CpToCsms, &call));
                records.push(Record::frame(ts, "X", Direction::CsmsToCp, &result));
            }
        }
    }
    // a stable sort by time keeps each identity's order
    records.sort_by_key(|r| r.ts);
    let end = records.last().unwrap().ts;
    Fixture {
        records,
        options,
        plan,
        end,
    }
}

fn whole(f: &Fixture) -> Aggregates {
    let mut k = Kpis::new(f.options.clone()).unwrap();
    for r in &f.records {
        k.push(r);
    }
    k.finish(f.end)
}

fn health_report(f: &Fixture, a: &Aggregates) -> HealthReport {
    let mut ro = ReportOptions::default();
    ro.evaluation_days = 2;
    ro.baseline_days = 0;
    report(a, &groups_of_plan(&f.plan, &ro), &ro)
}

/// The records split at `boundaries`: shard i holds the records from boundary i − 1 (inclusive)
/// to boundary i (exclusive).
fn by_time<'a>(records: &'a [Record], boundaries: &[DateTime]) -> Vec<&'a [Record]> {
    let mut out = Vec::new();
    let mut from = 0;
    for b in boundaries {
        let to = from + records[from..].partition_point(|r| r.ts < *b);
        out.push(&records[from..to]);
        from = to;
    }
    out.push(&records[from..]);
    out
}

/// Reads the time shards with one stream checkpointed at each boundary, every shard after the
/// first on its own thread (the stream moved to it), and merges the partials in time order.
fn time_shards(f: &Fixture, records: &[Record], boundaries: &[DateTime]) -> Aggregates {
    let shards = by_time(records, boundaries);
    let mut stream = Some(Kpis::new(f.options.clone()).unwrap());
    let mut merged = Aggregates::default();
    for (i, shard) in shards.iter().enumerate() {
        let shard: Vec<Record> = shard.to_vec();
        let mut k = stream.take().unwrap();
        let last = i == boundaries.len();
        let at = if last { f.end } else { boundaries[i] };
        let (partial, next) = std::thread::spawn(move || {
            for r in &shard {
                k.push(r);
            }
            if last {
                (k.finish(at), None)
            } else {
                let p = k.checkpoint(at);
                (p, Some(k))
            }
        })
        .join()
        .unwrap();
        merged.merge(&partial);
        stream = next;
    }
    merged
}

fn boundaries() -> Vec<DateTime> {
    vec![
        t("2026-03-03T05:00:00Z"),
        t("2026-03-04T00:00:00Z"),
        t("2026-03-05T15:17:00Z"),
        t("2026-03-08T09:00:00Z"),
    ]
}

#[test]
fn time_shards_checkpointed_merge_into_the_whole_log() {
    let f = fixture();
    let expected = whole(&f);
    // the boundary crossings are in the whole log: X's outage 04:30–06:00, its session once
    let day = &expected.days["X"][&"2026-03-03".parse().unwrap()];
    assert_eq!(day.ports["1"].outage_ms, 90 * 60_000);
    assert_eq!(
        (
            day.sessions_started,
            day.sessions_succeeded,
            day.missing_stop
        ),
        (1, 1, 0)
    );
    assert_eq!((day.stop_without_start, day.unpaired_results), (0, 0));

    let merged = time_shards(&f, &f.records, &boundaries());
    assert_eq!(merged, expected);
    let (a, b) = (health_report(&f, &merged), health_report(&f, &expected));
    assert_eq!(
        serde_json::to_value(&a).unwrap(),
        serde_json::to_value(&b).unwrap()
    );
    assert!(b.summary.failed > 0, "the example's wave 1 fails");
}

#[test]
fn shards_read_without_the_state_at_their_start_do_not_merge_exactly() {
    // what the checkpoint is for: fresh streams per time shard lose the crossings
    let f = fixture();
    let expected = whole(&f);
    let mut naive = Aggregates::default();
    let shards = by_time(&f.records, &boundaries());
    for (i, shard) in shards.iter().enumerate() {
        let mut k = Kpis::new(f.options.clone()).unwrap();
        for r in *shard {
            k.push(r);
        }
        let at = boundaries().get(i).copied().unwrap_or(f.end);
        naive.merge(&k.finish(at));
    }
    assert_ne!(naive, expected);
    let day = &naive.days["X"][&"2026-03-03".parse().unwrap()];
    assert_eq!((day.missing_stop, day.stop_without_start), (1, 1));
    assert_eq!(day.unpaired_results, 1);
    // the port is unknown to the second shard until its Available at 06:00
    assert_eq!(day.ports["1"].outage_ms, 30 * 60_000);
}

#[test]
fn identity_shards_and_identity_by_time_shards_merge_into_the_whole_log() {
    let f = fixture();
    let expected = whole(&f);
    let mut ids: Vec<&str> = f.records.iter().map(|r| r.identity.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert!(ids.len() > 10);
    let part = |id: &str| ids.iter().position(|i| *i == id).unwrap() % 3;

    // by identity: three streams, each finished at the same end
    let mut merged = Aggregates::default();
    let mut both = Aggregates::default();
    for p in 0..3 {
        let mine: Vec<Record> = f
            .records
            .iter()
            .filter(|r| part(&r.identity) == p)
            .cloned()
            .collect();
        let mut k = Kpis::new(f.options.clone()).unwrap();
        for r in &mine {
            k.push(r);
        }
        merged.merge(&k.finish(f.end));
        // and each identity part split by time as well
        both.merge(&time_shards(&f, &mine, &boundaries()));
    }
    assert_eq!(merged, expected);
    assert_eq!(both, expected);
    assert_eq!(
        serde_json::to_value(health_report(&f, &both)).unwrap(),
        serde_json::to_value(health_report(&f, &expected)).unwrap()
    );
}

#[test]
fn partials_round_trip_through_json() {
    // a partial can be written by one process and merged by another
    let f = fixture();
    let shards = by_time(&f.records, &boundaries()[..1]);
    let mut k = Kpis::new(f.options.clone()).unwrap();
    for r in shards[0] {
        k.push(r);
    }
    let first = k.checkpoint(boundaries()[0]);
    let text = serde_json::to_string(&first).unwrap();
    let mut merged: Aggregates = serde_json::from_str(&text).unwrap();
    assert_eq!(merged, first);
    for r in shards[1] {
        k.push(r);
    }
    merged.merge(&k.finish(f.end));
    assert_eq!(merged, whole(&f));
}
