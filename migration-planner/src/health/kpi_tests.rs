//! Tests of the KPIs, each computed by hand on a small log.

use super::*;

const H: i64 = 3_600_000;
const M: i64 = 60_000;

fn t(s: &str) -> DateTime {
    s.parse().unwrap()
}

fn cp(ts: &str, id: &str, frame: &str) -> Record {
    Record::frame(t(ts), id, Direction::CpToCsms, frame)
}

fn cs(ts: &str, id: &str, frame: &str) -> Record {
    Record::frame(t(ts), id, Direction::CsmsToCp, frame)
}

fn status16(id: &str, c: u32, status: &str) -> String {
    format!(
        r#"[2,"{id}","StatusNotification",{{"connectorId":{c},"errorCode":"NoError","status":"{status}"}}]"#
    )
}

fn run(options: KpiOptions, records: &[Record], end: &str) -> Aggregates {
    let mut k = Kpis::new(options).unwrap();
    for r in records {
        k.push(r);
    }
    k.finish(t(end))
}

fn day<'a>(a: &'a Aggregates, id: &str, d: &str) -> &'a DayStats {
    &a.days[id][&d.parse::<Date>().unwrap()]
}

fn quiet() -> KpiOptions {
    KpiOptions {
        silence_threshold_ms: 1000 * H,
        ..KpiOptions::default()
    }
}

#[test]
fn a_port_faulted_across_midnight_with_an_exclusion() {
    let mut options = quiet();
    options.exclusions.push(Exclusion {
        identity: Some("A".into()),
        from: "2026-03-03T00:30:00Z".into(),
        to: "2026-03-03T01:30:00Z".into(),
        cause: "utility outage".into(),
    });
    let log = [
        cp("2026-03-02T22:00:00Z", "A", &status16("1", 1, "Available")),
        cp("2026-03-02T23:00:00Z", "A", &status16("2", 1, "Faulted")),
        cp("2026-03-03T01:00:00Z", "A", &status16("3", 1, "Available")),
    ];
    let a = run(options, &log, "2026-03-03T02:00:00Z");
    let d1 = day(&a, "A", "2026-03-02").ports["1"];
    let d2 = day(&a, "A", "2026-03-03").ports["1"];
    assert_eq!(
        (d1.observed_ms, d1.outage_ms, d1.excluded_ms),
        (2 * H, H, 0)
    );
    assert_eq!(
        (d2.observed_ms, d2.outage_ms, d2.excluded_ms),
        (2 * H, H, 30 * M)
    );
    assert_eq!(d1.uptime_pct(), Some(50.0));
    // (120 − (60 − 30)) / 120
    assert_eq!(d2.uptime_pct(), Some(75.0));
    let total = a.total(
        None,
        "2026-03-01".parse().unwrap(),
        "2026-03-31".parse().unwrap(),
    );
    // (240 − (120 − 30)) / 240
    assert_eq!(total.rates().availability_pct, Some(62.5));
}

#[test]
fn the_whole_station_silence_and_a_closed_connection_are_outage() {
    let options = KpiOptions {
        silence_threshold_ms: 15 * M,
        ..KpiOptions::default()
    };
    let hb = |n: u32| format!(r#"[2,"h{n}","Heartbeat",{{}}]"#);
    let log = [
        cp("2026-03-02T10:00:00Z", "B", &status16("1", 1, "Available")),
        cp("2026-03-02T10:00:00Z", "B", &status16("2", 2, "Charging")),
        cp(
            "2026-03-02T10:10:00Z",
            "B",
            &status16("3", 0, "Unavailable"),
        ),
        cp("2026-03-02T10:20:00Z", "B", &status16("4", 0, "Available")),
        // silent from 10:20; out from 10:35
        cs(
            "2026-03-02T10:40:00Z",
            "B",
            r#"[2,"x","Reset",{"type":"Soft"}]"#,
        ),
        cp("2026-03-02T11:00:00Z", "B", &hb(1)),
        Record::connection(t("2026-03-02T11:00:00Z"), "B", Event::Close, Some("1006")),
        Record::connection(t("2026-03-02T11:30:00Z"), "B", Event::Open, None),
        cp("2026-03-02T11:30:00Z", "B", &hb(2)),
    ];
    let a = run(options, &log, "2026-03-02T11:40:00Z");
    let d = day(&a, "B", "2026-03-02");
    for port in ["1", "2"] {
        let p = d.ports[port];
        assert_eq!(p.observed_ms, 100 * M, "{port}");
        // 10:10–10:20 station, 10:35–11:00 silent, 11:00–11:30 closed
        assert_eq!(p.outage_ms, 65 * M, "{port}");
    }
    assert_eq!((d.opens, d.closes, d.frames), (1, 1, 7));
    // the CALL the CSMS sent was never answered, which is no failure
    assert_eq!((d.decode_failures, d.unpaired_results), (0, 0));
}

fn sessions16() -> Vec<Record> {
    let id = "C";
    vec![
        cp(
            "2026-03-02T09:00:00Z",
            id,
            r#"[2,"a1","Authorize",{"idTag":"CARD1"}]"#,
        ),
        cs(
            "2026-03-02T09:00:00Z",
            id,
            r#"[3,"a1",{"idTagInfo":{"status":"Accepted"}}]"#,
        ),
        cp(
            "2026-03-02T09:00:01Z",
            id,
            r#"[2,"s1","StartTransaction",{"connectorId":1,"idTag":"CARD1","meterStart":0,"timestamp":"2026-03-02T09:00:01Z"}]"#,
        ),
        cs(
            "2026-03-02T09:00:01Z",
            id,
            r#"[3,"s1",{"idTagInfo":{"status":"Accepted"},"transactionId":11}]"#,
        ),
        cp(
            "2026-03-02T10:00:00Z",
            id,
            r#"[2,"p1","StopTransaction",{"transactionId":11,"meterStop":9000,"timestamp":"2026-03-02T10:00:00Z","reason":"EVDisconnected"}]"#,
        ),
        // a duplicated line
        cp(
            "2026-03-02T10:00:00Z",
            id,
            r#"[2,"p1","StopTransaction",{"transactionId":11,"meterStop":9000,"timestamp":"2026-03-02T10:00:00Z","reason":"EVDisconnected"}]"#,
        ),
        cs("2026-03-02T10:00:00Z", id, r#"[3,"p1",{}]"#),
        cp(
            "2026-03-02T23:30:00Z",
            id,
            r#"[2,"a2","Authorize",{"idTag":"ROAM9"}]"#,
        ),
        cs(
            "2026-03-02T23:30:00Z",
            id,
            r#"[3,"a2",{"idTagInfo":{"status":"Accepted"}}]"#,
        ),
        cp(
            "2026-03-02T23:30:01Z",
            id,
            r#"[2,"s2","StartTransaction",{"connectorId":1,"idTag":"ROAM9","meterStart":0,"timestamp":"2026-03-02T23:30:01Z"}]"#,
        ),
        cs(
            "2026-03-02T23:30:01Z",
            id,
            r#"[3,"s2",{"idTagInfo":{"status":"Accepted"},"transactionId":12}]"#,
        ),
        // a session across midnight that fails: counted on the day it started
        cp(
            "2026-03-03T00:30:00Z",
            id,
            r#"[2,"p2","StopTransaction",{"transactionId":12,"meterStop":100,"timestamp":"2026-03-03T00:30:00Z","reason":"PowerLoss"}]"#,
        ),
        // a fleet card written in another case, blocked
        cp(
            "2026-03-03T01:00:00Z",
            id,
            r#"[2,"a3","Authorize",{"idTag":"card1"}]"#,
        ),
        cs(
            "2026-03-03T01:00:00Z",
            id,
            r#"[3,"a3",{"idTagInfo":{"status":"Blocked"}}]"#,
        ),
        cp(
            "2026-03-03T01:00:01Z",
            id,
            r#"[2,"s3","StartTransaction",{"connectorId":2,"idTag":"CARD1","meterStart":0,"timestamp":"2026-03-03T01:00:01Z"}]"#,
        ),
        cs(
            "2026-03-03T01:00:01Z",
            id,
            r#"[3,"s3",{"idTagInfo":{"status":"Accepted"},"transactionId":13}]"#,
        ),
        // the same connector starts again: 13 never stopped
        cp(
            "2026-03-03T02:00:00Z",
            id,
            r#"[2,"s4","StartTransaction",{"connectorId":2,"idTag":"CARD1","meterStart":0,"timestamp":"2026-03-03T02:00:00Z"}]"#,
        ),
        cs(
            "2026-03-03T02:00:00Z",
            id,
            r#"[3,"s4",{"idTagInfo":{"status":"Accepted"},"transactionId":14}]"#,
        ),
        cp(
            "2026-03-03T02:30:00Z",
            id,
            r#"[2,"p9","StopTransaction",{"transactionId":99,"meterStop":1,"timestamp":"2026-03-03T02:30:00Z"}]"#,
        ),
        // rejected at start; its stop is not a stop of nothing
        cp(
            "2026-03-03T03:00:00Z",
            id,
            r#"[2,"s5","StartTransaction",{"connectorId":3,"idTag":"X","meterStart":0,"timestamp":"2026-03-03T03:00:00Z"}]"#,
        ),
        cs(
            "2026-03-03T03:00:00Z",
            id,
            r#"[3,"s5",{"idTagInfo":{"status":"Invalid"},"transactionId":15}]"#,
        ),
        cp(
            "2026-03-03T03:00:05Z",
            id,
            r#"[2,"p5","StopTransaction",{"transactionId":15,"meterStop":0,"timestamp":"2026-03-03T03:00:05Z","reason":"DeAuthorized"}]"#,
        ),
        // an answer to nothing, and a line from the past
        cs(
            "2026-03-03T04:00:00Z",
            id,
            r#"[3,"zz",{"currentTime":"2026-03-03T04:00:00Z"}]"#,
        ),
        cp("2026-03-03T03:59:00Z", id, r#"[2,"h1","Heartbeat",{}]"#),
    ]
}

#[test]
fn sessions_and_authorizations_of_a_16_charge_point() {
    let options = quiet().with_known_tokens(["CARD1"]);
    let a = run(options, &sessions16(), "2026-03-03T05:00:00Z");
    let d1 = day(&a, "C", "2026-03-02");
    assert_eq!(
        (
            d1.sessions_started,
            d1.sessions_succeeded,
            d1.sessions_failed
        ),
        (2, 1, 1)
    );
    assert_eq!(d1.stop_reasons.len(), 2);
    assert_eq!(
        (
            d1.stop_reasons["EVDisconnected"],
            d1.stop_reasons["PowerLoss"]
        ),
        (1, 1)
    );
    assert_eq!((d1.auth_accepted, d1.roaming_accepted), (1, 1));
    assert_eq!(d1.duplicates, 1);
    assert_eq!(d1.stop_without_start, 0);
    let d2 = day(&a, "C", "2026-03-03");
    assert_eq!(
        (
            d2.sessions_started,
            d2.sessions_succeeded,
            d2.sessions_failed,
            d2.missing_stop
        ),
        (2, 0, 0, 2)
    );
    assert_eq!((d2.stop_without_start, d2.start_rejected), (1, 1));
    assert_eq!((d2.auth_accepted, d2.auth_rejected), (0, 1));
    assert_eq!(d2.auth_statuses["Blocked"], 1);
    assert_eq!((d2.unpaired_results, d2.out_of_order), (1, 1));
    assert_eq!(d2.decode_failures, 0);
    let total = a.total(
        None,
        "2026-03-02".parse().unwrap(),
        "2026-03-03".parse().unwrap(),
    );
    let r = total.rates();
    assert_eq!(r.charging_success_pct, Some(50.0));
    assert_eq!(r.authorization_success_pct, Some(50.0));
    assert_eq!(r.roaming_authorization_success_pct, Some(100.0));
    // a window that ends before the session across midnight stopped still counts it
    let first = a.total(
        None,
        "2026-03-02".parse().unwrap(),
        "2026-03-02".parse().unwrap(),
    );
    assert_eq!(first.sessions_failed, 1);
}

fn boot201(id: &str, reason: &str) -> String {
    format!(
        r#"[2,"{id}","BootNotification",{{"reason":"{reason}","chargingStation":{{"model":"M1","vendorName":"V1","firmwareVersion":"1.2"}}}}]"#
    )
}

fn tx201(id: &str, kind: &str, seq: u32, tx: &str, reason: Option<&str>) -> String {
    let stopped = reason
        .map(|r| format!(r#","stoppedReason":"{r}""#))
        .unwrap_or_default();
    format!(
        r#"[2,"{id}","TransactionEvent",{{"eventType":"{kind}","timestamp":"2026-03-02T10:00:00Z","triggerReason":"Authorized","seqNo":{seq},"transactionInfo":{{"transactionId":"{tx}"{stopped}}}}}]"#
    )
}

#[test]
fn a_201_charge_point_boots_charges_and_sends_bad_frames() {
    let id = "D";
    let options = quiet().with_version(id, OcppVersion::V201);
    let ts = "2026-03-02T10:00:00Z";
    let log = [
        cp(ts, id, &boot201("b1", "PowerUp")),
        cs(
            ts,
            id,
            r#"[3,"b1",{"currentTime":"2026-03-02T10:00:00Z","interval":300,"status":"Accepted"}]"#,
        ),
        cp(
            ts,
            id,
            r#"[2,"st","StatusNotification",{"timestamp":"2026-03-02T10:00:00Z","connectorStatus":"Faulted","evseId":1,"connectorId":1}]"#,
        ),
        cp(ts, id, &tx201("t1", "Started", 0, "T1", None)),
        cp(ts, id, &tx201("t2", "Updated", 1, "T1", None)),
        cp(ts, id, &tx201("t3", "Ended", 2, "T1", Some("StoppedByEV"))),
        cp(ts, id, &tx201("t4", "Started", 0, "T2", None)),
        cp(ts, id, &tx201("t5", "Started", 0, "T2", None)),
        cp(
            ts,
            id,
            &tx201("t6", "Ended", 1, "T2", Some("EmergencyStop")),
        ),
        cp(
            ts,
            id,
            r#"[2,"au","Authorize",{"idToken":{"idToken":"NL-XYZ-C12345678-X","type":"eMAID"}}]"#,
        ),
        cs(ts, id, r#"[3,"au",{"idTokenInfo":{"status":"Invalid"}}]"#),
        cp(ts, id, r#"[2,"bad","BootNotification",{}]"#),
        cp(ts, id, r#"[2,"hb","Heartbeat",{"extra":1}]"#),
        cp(ts, id, r#"not a frame"#),
        cp("2026-03-02T10:30:00Z", id, &boot201("b2", "Watchdog")),
        // a fault reported as events: the open one's techCode tallied, the cleared one not
        cp(
            "2026-03-02T10:31:00Z",
            id,
            r#"[2,"ev","NotifyEvent",{"generatedAt":"2026-03-02T10:31:00Z","seqNo":0,"eventData":[
              {"eventId":1,"timestamp":"2026-03-02T10:31:00Z","trigger":"Delta","actualValue":"true","techCode":"CX001","eventNotificationType":"HardWiredNotification","component":{"name":"ConnectorPlugRetentionLock","evse":{"id":1,"connectorId":1}},"variable":{"name":"Problem"}},
              {"eventId":2,"timestamp":"2026-03-02T10:31:00Z","trigger":"Delta","actualValue":"false","techCode":"E42","cleared":true,"eventNotificationType":"HardWiredNotification","component":{"name":"EVSE"},"variable":{"name":"Problem"}}]}]"#,
        ),
    ];
    let a = run(options, &log, "2026-03-02T11:00:00Z");
    let d = day(&a, id, "2026-03-02");
    assert_eq!(d.boots, 2);
    assert_eq!(
        (d.boot_reasons["PowerUp"], d.boot_reasons["Watchdog"]),
        (1, 1)
    );
    assert_eq!(
        (
            d.sessions_started,
            d.sessions_succeeded,
            d.sessions_failed,
            d.duplicates
        ),
        (2, 1, 1, 1)
    );
    assert_eq!(d.roaming_rejected, 1);
    assert_eq!(d.decode_failures, 2, "{:?}", d.decode_errors);
    assert_eq!(d.decode_errors.values().sum::<u64>(), 2);
    assert_eq!(d.deviations.values().sum::<u64>(), 1, "{:?}", d.deviations);
    assert_eq!(d.ports["1.1"].outage_ms, H);
    assert_eq!(
        d.vendor_error_codes.iter().collect::<Vec<_>>(),
        [(&"ConnectorPlugRetentionLock/CX001".to_owned(), &1)]
    );
    assert_eq!(
        a.stations[id],
        Station {
            vendor: Some("V1".into()),
            model: Some("M1".into()),
            firmware: Some("1.2".into())
        }
    );
}

#[test]
fn unanswered_calls_are_forgotten_at_the_limit() {
    let ts = "2026-03-02T10:00:00Z";
    let mut log: Vec<Record> = (0..=MAX_ASKED)
        .map(|i| {
            cp(
                ts,
                "E",
                &format!(r#"[2,"a{i}","Authorize",{{"idTag":"T"}}]"#),
            )
        })
        .collect();
    let ok = r#"{"idTagInfo":{"status":"Accepted"}}"#;
    log.push(cs(ts, "E", &format!(r#"[3,"a0",{ok}]"#)));
    log.push(cs(ts, "E", &format!(r#"[3,"a{MAX_ASKED}",{ok}]"#)));
    let a = run(quiet(), &log, ts);
    let d = day(&a, "E", "2026-03-02");
    // the decoder also keeps at most 1024 pending CALLs: the first answer pairs with nothing
    assert_eq!(d.unpaired_results, 1);
    assert_eq!(d.roaming_accepted, 1);
    assert_eq!(d.auth_statuses["Accepted"], 1);
}

#[test]
fn shards_by_identity_merge_into_the_whole_and_merge_is_associative() {
    let mut log = sessions16();
    log.push(cp(
        "2026-03-02T22:00:00Z",
        "A",
        &status16("1", 1, "Faulted"),
    ));
    log.push(cp(
        "2026-03-03T00:10:00Z",
        "A",
        &status16("2", 1, "Available"),
    ));
    log.sort_by_key(|r| r.ts);
    let options = || quiet().with_known_tokens(["CARD1"]);
    let end = "2026-03-03T05:00:00Z";
    let whole = run(options(), &log, end);
    let part = |f: &dyn Fn(&Record) -> bool| {
        let records: Vec<Record> = log.iter().filter(|r| f(r)).cloned().collect();
        run(options(), &records, end)
    };
    let a = part(&|r| r.identity == "A");
    let c = part(&|r| r.identity == "C");
    let mut merged = c;
    merged.merge(&a);
    assert_eq!(merged, whole);
    // associativity and commutativity on day partials
    let x = day(&whole, "C", "2026-03-02").clone();
    let y = day(&whole, "C", "2026-03-03").clone();
    let z = day(&whole, "A", "2026-03-02").clone();
    let mut left = x.clone();
    left.merge(&y);
    left.merge(&z);
    let mut yz = y.clone();
    yz.merge(&z);
    let mut right = x.clone();
    right.merge(&yz);
    assert_eq!(left, right);
    let mut rev = z;
    rev.merge(&y);
    rev.merge(&x);
    assert_eq!(left, rev);
}

#[test]
fn a_charger_that_beats_as_often_as_it_is_told_is_not_silent() {
    // the back office asks for a heartbeat every hour: silence counts from two intervals
    let mut records = vec![
        cp(
            "2026-03-02T00:00:00Z",
            "H",
            r#"[2,"b","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]"#,
        ),
        cs(
            "2026-03-02T00:00:00Z",
            "H",
            r#"[3,"b",{"currentTime":"2026-03-02T00:00:00Z","interval":3600,"status":"Accepted"}]"#,
        ),
        cp(
            "2026-03-02T00:00:01Z",
            "H",
            r#"[2,"s","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"#,
        ),
    ];
    for h in 1..=4 {
        let ts = format!("2026-03-02T0{h}:00:00Z");
        records.push(cp(&ts, "H", &format!(r#"[2,"h{h}","Heartbeat",{{}}]"#)));
    }
    let a = run(KpiOptions::default(), &records, "2026-03-02T04:00:00Z");
    let day = &a.days["H"][&"2026-03-02".parse().unwrap()];
    assert_eq!(day.ports["1"].outage_ms, 0, "{day:?}");
    // without the interval (no answer to the boot), the 900 s threshold applies: 45 min of
    // each hour are silence
    let no_answer: Vec<Record> = records
        .iter()
        .filter(|r| !matches!(&r.body, Body::Frame { frame, .. } if frame.starts_with("[3,\"b\"")))
        .cloned()
        .collect();
    let a = run(KpiOptions::default(), &no_answer, "2026-03-02T04:00:00Z");
    let day = &a.days["H"][&"2026-03-02".parse().unwrap()];
    assert_eq!(day.ports["1"].outage_ms, 4 * 45 * 60_000 - 1000, "{day:?}");
}

#[test]
fn uk_reliability_leaves_offline_time_out_and_counts_faults_nevi_counts_both() {
    let ev = |ts: &str, e: Event| Record::connection(t(ts), "A", e, None);
    let log = [
        cp("2026-03-02T08:00:00Z", "A", &status16("1", 1, "Available")),
        cp("2026-03-02T09:00:00Z", "A", &status16("2", 1, "Faulted")),
        cp("2026-03-02T10:00:00Z", "A", &status16("3", 1, "Available")),
        // offline 11:00–12:00: UNKNOWN, ineligible for the UK, outage for NEVI
        ev("2026-03-02T11:00:00Z", Event::Close),
        ev("2026-03-02T12:00:00Z", Event::Open),
        cp("2026-03-02T12:00:00Z", "A", &status16("4", 1, "Reserved")),
        // the whole station inoperative 13:00–13:30
        cp(
            "2026-03-02T13:00:00Z",
            "A",
            &status16("5", 0, "Unavailable"),
        ),
        cp("2026-03-02T13:30:00Z", "A", &status16("6", 0, "Available")),
    ];
    let a = run(quiet(), &log, "2026-03-02T14:00:00Z");
    let p = day(&a, "A", "2026-03-02").ports["1"];
    assert_eq!(
        (p.observed_ms, p.outage_ms, p.unknown_ms),
        (6 * H, 150 * M, H)
    );
    // NEVI: (360 − 150) / 360; UK: (300 − 90) / 300
    assert!((p.uptime_pct().unwrap() - 210.0 / 360.0 * 100.0).abs() < 1e-9);
    assert!((p.uk_reliability_pct().unwrap() - 70.0).abs() < 1e-9);
    let total = a.total(
        None,
        "2026-03-02".parse().unwrap(),
        "2026-03-02".parse().unwrap(),
    );
    assert!((total.rates().uk_reliability_pct.unwrap() - 70.0).abs() < 1e-9);
}

#[test]
fn uk_reliability_of_a_2_0_1_port_with_a_silence() {
    let st = |id: &str, s: &str| {
        format!(
            r#"[2,"{id}","StatusNotification",{{"timestamp":"2026-03-02T08:00:00Z","connectorStatus":"{s}","evseId":1,"connectorId":1}}]"#
        )
    };
    let log = [
        cp("2026-03-02T08:00:00Z", "B", &st("1", "Occupied")),
        cp("2026-03-02T09:00:00Z", "B", &st("2", "Unavailable")),
        cp("2026-03-02T09:30:00Z", "B", &st("3", "Available")),
    ];
    let mut o = KpiOptions::default().with_version("B", OcppVersion::V201);
    o.silence_threshold_ms = 50 * M;
    // silent 08:50–09:00 and 10:20–10:30 (from 50 minutes after the last frame)
    let a = run(o, &log, "2026-03-02T10:30:00Z");
    let p = day(&a, "B", "2026-03-02").ports["1.1"];
    assert_eq!(
        (p.observed_ms, p.outage_ms, p.unknown_ms),
        (150 * M, 50 * M, 20 * M)
    );
    // NEVI: (150 − 50) / 150; UK: (130 − 30) / 130; a port never eligible has no reliability
    assert!((p.uptime_pct().unwrap() - 100.0 / 150.0 * 100.0).abs() < 1e-9);
    assert!((p.uk_reliability_pct().unwrap() - 100.0 / 130.0 * 100.0).abs() < 1e-9);
    let offline = PortTime {
        observed_ms: H,
        outage_ms: H,
        unknown_ms: H,
        ..PortTime::default()
    };
    assert_eq!(offline.uk_reliability_pct(), None);
    assert_eq!(offline.uptime_pct(), Some(0.0));
}
