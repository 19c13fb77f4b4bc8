//! Converters from what gateways and back offices write to the [health log](super::log).
//!
//! | source | lines it reads | direction |
//! |---|---|---|
//! | [`Source::Steve`] | `… [chargeBoxId=X, sessionId=Y] Received: <frame>` / `Sending: <frame>`, `… Connection is established`, `… Connection is closed, status: <status>` | SteVe is the back office: `Received` is `cp_to_csms`, `Sending` `csms_to_cp` |
//! | [`Source::OcppPy`] | `… <id>: receive message <frame>` / `… <id>: send <frame>` (logger `ocpp`) | by [`ConvertOptions::ocpp_py_side`]: on a CSMS (the default) `receive` is `cp_to_csms` |
//! | [`Source::Everest`] | `<RFC 3339>: ChargePoint>CentralSystem <Action>`, the JSON on the next lines, a blank line | `ChargePoint>…` (or `ChargingStation>…`) is `cp_to_csms`, `CentralSystem>…` (or `CSMS>…`) `csms_to_cp`; the identity is [`ConvertOptions::identity`] (the log is one charger's) |
//! | [`Source::Citrine`] | the rows of CitrineOS's `OCPPMessages` table as a JSON array, JSON Lines or CSV with a header: `stationId`, `origin`, `message`, `timestamp`, `protocol` ([below](self#citrineos)) | `origin` `cs` is `cp_to_csms`, `csms` is `csms_to_cp` |
//!
//! The timestamp of a SteVe or `ocpp` line is the first `YYYY-MM-DD[ T]HH:MM:SS[.,fraction][Z|±HH:MM]`
//! before the message (log4j's `[INFO ] 2026-03-02 08:00:00,123 …` and Python's
//! `2026-03-02 08:00:00,123 - ocpp - INFO - …` alike); without an offset it is read as UTC.
//! The `ocpp` identity is the last whitespace-separated word before `: receive message` /
//! `: send`, after a `LEVEL:ocpp:` prefix of Python's default format (an identity with a space
//! cannot be read back from these lines).
//!
//! A non-blank line that is none of these is counted in [`ConvertStats::unknown`] with its line
//! number, never dropped silently. Memory: one line (EVerest: one message, CitrineOS: one row)
//! at a time.
//!
//! # CitrineOS
//!
//! CitrineOS keeps every OCPP message it sends and receives in its `OCPPMessages` table. Export
//! it with `psql`, as CSV (`\copy "OCPPMessages" to 'messages.csv' csv header`), as JSON Lines
//! (`\copy (select row_to_json(m) from "OCPPMessages" m order by timestamp) to 'messages.jsonl'`)
//! or as one JSON array (`select json_agg(m order by timestamp) from "OCPPMessages" m`); the
//! first byte of the file tells which.
//!
//! | column | read as |
//! |---|---|
//! | `stationId` (or `station_id`) | the identity |
//! | `origin` | `cs` (the charging station sent it) is `cp_to_csms`, `csms` is `csms_to_cp` |
//! | `message` | the OCPP-J frame: a JSON array (or a string holding one), written verbatim |
//! | `timestamp` | RFC 3339 or PostgreSQL's text (`2026-03-02 08:00:00.123+00`), see [`find_timestamp`] |
//! | `protocol` | `ocpp1.6`, `ocpp2.0.1`, `ocpp2.1`: the identity's version, in [`ConvertStats::versions`] (the last row wins) |
//!
//! The other columns (`id`, `correlationId`, `action`, `state`, `tenantId`, …) are not needed.
//! A row without one of the first four, or with a value that cannot be read, is counted in
//! [`ConvertStats::unknown`] with its line (in a JSON array: its 1-based row number) and why. A
//! CSV header without them, or JSON that breaks off, is a [`ConvertError::Malformed`].

mod citrine;

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::str::FromStr;

use chargeshift_ocpp::{DateTime, Endpoint, OcppVersion};

use super::log::{BadLines, Direction, Event, Record};

/// A log format [`convert`] reads.
///
/// ```
/// use chargeshift_planner::health::convert::Source;
/// assert_eq!("ocpp-py".parse::<Source>(), Ok(Source::OcppPy));
/// assert_eq!("citrineos".parse::<Source>(), Ok(Source::Citrine));
/// assert!("citrine".parse::<Source>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Source {
    /// SteVe's log (`steve`).
    Steve,
    /// The PyPI `ocpp` library's logger lines (`ocpp-py`).
    OcppPy,
    /// EVerest libocpp's message log (`everest`).
    Everest,
    /// CitrineOS's stored OCPP messages, an export of its `OCPPMessages` table (`citrineos`).
    Citrine,
}

/// A source name that is none of `steve`, `ocpp-py`, `everest`, `citrineos`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown log source {0:?} (steve, ocpp-py, everest or citrineos)")]
pub struct UnknownSource(pub String);

impl FromStr for Source {
    type Err = UnknownSource;
    fn from_str(s: &str) -> Result<Source, UnknownSource> {
        match s {
            "steve" => Ok(Source::Steve),
            "ocpp-py" => Ok(Source::OcppPy),
            "everest" => Ok(Source::Everest),
            "citrineos" => Ok(Source::Citrine),
            _ => Err(UnknownSource(s.to_owned())),
        }
    }
}

/// How to read a source.
///
/// ```
/// use chargeshift_planner::health::convert::ConvertOptions;
/// use chargeshift_ocpp::Endpoint;
/// let o = ConvertOptions::default();
/// assert_eq!((o.ocpp_py_side, o.identity), (Endpoint::Csms, None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConvertOptions {
    /// Which end ran the `ocpp` library that wrote the log (default the CSMS).
    pub ocpp_py_side: Endpoint,
    /// The charge point identity of an EVerest log (required for it).
    pub identity: Option<String>,
}

impl Default for ConvertOptions {
    fn default() -> Self {
        ConvertOptions {
            ocpp_py_side: Endpoint::Csms,
            identity: None,
        }
    }
}

impl ConvertOptions {
    /// The options with the identity of an EVerest log.
    #[must_use]
    pub fn with_identity(mut self, identity: &str) -> Self {
        self.identity = Some(identity.to_owned());
        self
    }

    /// The options with the end that ran the `ocpp` library.
    #[must_use]
    pub fn with_ocpp_py_side(mut self, side: Endpoint) -> Self {
        self.ocpp_py_side = side;
        self
    }
}

/// What a conversion read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ConvertStats {
    /// Lines read (CitrineOS: rows).
    pub lines: u64,
    /// Frame records written.
    pub frames: u64,
    /// Connection event records written.
    pub events: u64,
    /// Non-blank lines that are no record of the source (the first few kept).
    pub unknown: BadLines,
    /// Each identity's OCPP version where the source names it (CitrineOS's `protocol`).
    pub versions: BTreeMap<String, OcppVersion>,
}

/// Why a conversion stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// Reading or writing failed.
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
    /// An EVerest log needs [`ConvertOptions::identity`].
    #[error("an EVerest message log names no charge point: give its identity")]
    MissingIdentity,
    /// The export cannot be read on: JSON that breaks off, a CSV header without the needed
    /// columns.
    #[error("line {line} column {column}: {message}")]
    Malformed {
        /// 1-based line.
        line: u64,
        /// 1-based column (0: unknown).
        column: u64,
        /// What is wrong.
        message: String,
    },
}

/// Converts `input` of `source` to health-log lines on `output`, in the order read.
///
/// # Errors
/// [`ConvertError::Io`]; [`ConvertError::MissingIdentity`] for EVerest without an identity.
///
/// # Complexity
/// O(n) in the input's length; memory one line (EVerest: one message).
///
/// ```
/// use chargeshift_planner::health::convert::{convert, ConvertOptions, Source};
/// let steve = "\
/// [INFO ] 2026-03-02 08:00:00,000 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp-1) - [chargeBoxId=CP1, sessionId=a1] Connection is established
/// [INFO ] 2026-03-02 08:00:00,250 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp-1) - [chargeBoxId=CP1, sessionId=a1] Received: [2,\"1\",\"Heartbeat\",{}]
/// [INFO ] 2026-03-02 08:00:01,000 de.rwth.idsg.steve.SteveAppContext (main) - started
/// ";
/// let mut out = Vec::new();
/// let stats = convert(Source::Steve, &ConvertOptions::default(), steve.as_bytes(), &mut out)?;
/// assert_eq!((stats.frames, stats.events, stats.unknown.count), (1, 1, 1));
/// let text = String::from_utf8(out).unwrap();
/// assert!(text.lines().nth(1).unwrap().contains(r#""direction":"cp_to_csms""#));
/// # Ok::<(), chargeshift_planner::health::convert::ConvertError>(())
/// ```
pub fn convert<R: BufRead, W: Write>(
    source: Source,
    options: &ConvertOptions,
    mut input: R,
    mut output: W,
) -> Result<ConvertStats, ConvertError> {
    let mut stats = ConvertStats::default();
    if source == Source::Citrine {
        citrine::convert(input, &mut output, &mut stats)?;
        output.flush()?;
        return Ok(stats);
    }
    let identity = match (source, &options.identity) {
        (Source::Everest, None) => return Err(ConvertError::MissingIdentity),
        (_, id) => id.clone().unwrap_or_default(),
    };
    let mut buf = String::new();
    // EVerest: the header of the message being read and its JSON lines
    let mut pending: Option<(u64, DateTime, Direction)> = None;
    let mut json = String::new();
    loop {
        buf.clear();
        let n = input.read_line(&mut buf)?;
        let line = buf.trim_end_matches(['\n', '\r']);
        if n > 0 {
            stats.lines += 1;
        }
        let at = stats.lines;
        if source == Source::Everest {
            let end = n == 0 || line.trim().is_empty();
            if end {
                if let Some((_, ts, direction)) = pending.take() {
                    let r = Record::frame(ts, &identity, direction, json.trim());
                    r.write_to(&mut output)?;
                    stats.frames += 1;
                    json.clear();
                }
            } else if pending.is_some() {
                if !json.is_empty() {
                    json.push('\n');
                }
                json.push_str(line);
            } else if let Some((ts, direction)) = everest_header(line) {
                pending = Some((at, ts, direction));
            } else {
                stats.unknown.add(at, clip(line));
            }
            if n == 0 {
                break;
            }
            continue;
        }
        if n == 0 {
            break;
        }
        if line.trim().is_empty() {
            continue;
        }
        let record = match source {
            Source::Steve => steve_line(line),
            _ => ocpp_py_line(line, options.ocpp_py_side),
        };
        match record {
            Some(r) => {
                r.write_to(&mut output)?;
                match r.body {
                    super::log::Body::Frame { .. } => stats.frames += 1,
                    super::log::Body::Connection { .. } => stats.events += 1,
                }
            }
            None => stats.unknown.add(at, clip(line)),
        }
    }
    output.flush()?;
    Ok(stats)
}

fn clip(line: &str) -> String {
    let mut end = line.len().min(160);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end).unwrap_or_default().to_owned()
}

/// The first timestamp in `text`: `YYYY-MM-DD[ T]HH:MM:SS[.,fraction][Z|±HH:MM|±HHMM|±HH]`,
/// UTC when it has no offset. O(length of `text`).
///
/// ```
/// use chargeshift_planner::health::convert::find_timestamp;
/// let t = find_timestamp("[INFO ] 2026-03-02 08:00:00,125 x").unwrap();
/// assert_eq!(t.to_string(), "2026-03-02T08:00:00.125Z");
/// let t = find_timestamp("2026-03-02T09:00:00+01:00: ChargePoint>").unwrap();
/// assert_eq!(t.to_string(), "2026-03-02T08:00:00.000Z");
/// let t = find_timestamp("2026-03-02 09:30:00.5+0130").unwrap(); // PostgreSQL's text
/// assert_eq!(t.to_string(), "2026-03-02T08:00:00.500Z");
/// assert_eq!(find_timestamp("2026-03-02 08:00:00+00").unwrap().to_string(), "2026-03-02T08:00:00.000Z");
/// assert!(find_timestamp("no time 2026-13").is_none());
/// ```
#[must_use]
pub fn find_timestamp(text: &str) -> Option<DateTime> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| {
        b.get(from..from + n)
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    for start in 0..b.len() {
        let shape = digits(start, 4)
            && b.get(start + 4) == Some(&b'-')
            && digits(start + 5, 2)
            && b.get(start + 7) == Some(&b'-')
            && digits(start + 8, 2)
            && matches!(b.get(start + 10), Some(b' ' | b'T'))
            && digits(start + 11, 2)
            && b.get(start + 13) == Some(&b':')
            && digits(start + 14, 2)
            && b.get(start + 16) == Some(&b':')
            && digits(start + 17, 2);
        if !shape {
            continue;
        }
        let mut end = start + 19;
        let mut s = String::with_capacity(40);
        s.push_str(text.get(start..start + 10)?);
        s.push('T');
        s.push_str(text.get(start + 11..end)?);
        if matches!(b.get(end), Some(b'.' | b',')) && digits(end + 1, 1) {
            s.push('.');
            end += 1;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                s.push(char::from(b[end]));
                end += 1;
            }
        }
        match b.get(end) {
            Some(b'Z' | b'z') => s.push('Z'),
            Some(b'+' | b'-') if digits(end + 1, 2) && b.get(end + 3) == Some(&b':') => {
                s.push_str(text.get(end..end + 6)?);
            }
            // PostgreSQL's `+00` and `+0530`
            Some(b'+' | b'-') if digits(end + 1, 2) => {
                s.push_str(text.get(end..end + 3)?);
                s.push(':');
                if digits(end + 3, 2) {
                    s.push_str(text.get(end + 3..end + 5)?);
                } else {
                    s.push_str("00");
                }
            }
            _ => s.push('Z'),
        }
        if let Ok(t) = DateTime::parse(&s) {
            return Some(t);
        }
    }
    None
}

/// One SteVe line as a record, `None` when it is no OCPP frame or connection event.
///
/// ```
/// use chargeshift_planner::health::{convert::steve_line, log::{Body, Event}};
/// let r = steve_line("2026-03-02 08:00:00,000 INFO - [chargeBoxId=CP 7, sessionId=x] Connection is closed, status: CloseStatus[code=1006, reason=null]").unwrap();
/// assert_eq!(r.identity, "CP 7");
/// assert_eq!(r.body, Body::Connection { event: Event::Close, reason: Some("CloseStatus[code=1006, reason=null]".into()) });
/// ```
#[must_use]
pub fn steve_line(line: &str) -> Option<Record> {
    const TAG: &str = "[chargeBoxId=";
    let at = line.find(TAG)?;
    let ts = find_timestamp(line.get(..at)?)?;
    let rest = line.get(at + TAG.len()..)?;
    let close = rest.find(']')?;
    let inside = rest.get(..close)?;
    let identity = inside.split(", sessionId=").next()?;
    let message = rest.get(close + 1..)?.trim_start();
    if let Some(frame) = message.strip_prefix("Received:") {
        return Some(Record::frame(
            ts,
            identity,
            Direction::CpToCsms,
            frame.trim(),
        ));
    }
    if let Some(frame) = message.strip_prefix("Sending:") {
        return Some(Record::frame(
            ts,
            identity,
            Direction::CsmsToCp,
            frame.trim(),
        ));
    }
    if message.starts_with("Connection is established") {
        return Some(Record::connection(ts, identity, Event::Open, None));
    }
    if let Some(status) = message.strip_prefix("Connection is closed") {
        let reason = status
            .trim_start_matches(',')
            .trim()
            .strip_prefix("status:")
            .map(str::trim)
            .filter(|s| !s.is_empty());
        return Some(Record::connection(ts, identity, Event::Close, reason));
    }
    None
}

/// One line of the PyPI `ocpp` library's logger as a record, the library running at `side`.
///
/// ```
/// use chargeshift_planner::health::{convert::ocpp_py_line, log::{Body, Direction}};
/// use chargeshift_ocpp::Endpoint;
/// let r = ocpp_py_line(r#"2026-03-02 08:00:00,500 - ocpp - INFO - CP_1: receive message [2,"1","Heartbeat",{}]"#, Endpoint::Csms).unwrap();
/// assert_eq!((r.identity.as_str(), r.ts.to_string().as_str()), ("CP_1", "2026-03-02T08:00:00.500Z"));
/// assert!(matches!(r.body, Body::Frame { direction: Direction::CpToCsms, .. }));
/// ```
#[must_use]
pub fn ocpp_py_line(line: &str, side: Endpoint) -> Option<Record> {
    let (at, marker, received) = [(": receive message ", true), (": send ", false)]
        .into_iter()
        .find_map(|(m, r)| line.find(m).map(|at| (at, m, r)))?;
    let before = line.get(..at)?;
    let word = before.split_whitespace().last()?;
    let identity = match word.rfind("ocpp:") {
        Some(i) => word.get(i + "ocpp:".len()..)?,
        None => word,
    };
    if identity.is_empty() {
        return None;
    }
    let ts = find_timestamp(before)?;
    let frame = line.get(at + marker.len()..)?.trim();
    if !frame.starts_with('[') {
        return None;
    }
    let from_cp = received == (side == Endpoint::Csms);
    let direction = if from_cp {
        Direction::CpToCsms
    } else {
        Direction::CsmsToCp
    };
    Some(Record::frame(ts, identity, direction, frame))
}

/// An EVerest header line: `<RFC 3339>: <origin>><target> <Action>`.
fn everest_header(line: &str) -> Option<(DateTime, Direction)> {
    let (ts, rest) = line.split_once(": ")?;
    let ts = DateTime::parse(ts.trim()).ok()?;
    let route = rest.split_whitespace().next()?;
    let (origin, target) = route.split_once('>')?;
    let cp = |s: &str| matches!(s, "ChargePoint" | "ChargingStation");
    let csms = |s: &str| matches!(s, "CentralSystem" | "CSMS");
    if cp(origin) && csms(target) {
        Some((ts, Direction::CpToCsms))
    } else if csms(origin) && cp(target) {
        Some((ts, Direction::CsmsToCp))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::health::log::{Body, LogReader};

    fn unknown_lines(stats: &ConvertStats) -> Vec<u64> {
        stats.unknown.first.iter().map(|b| b.line).collect()
    }

    fn run(source: Source, options: &ConvertOptions, text: &str) -> (ConvertStats, Vec<Record>) {
        let mut out = Vec::new();
        let stats = convert(source, options, text.as_bytes(), &mut out).unwrap();
        let mut reader = LogReader::new(out.as_slice());
        let records: Vec<Record> = reader.by_ref().collect();
        assert!(reader.bad_lines().is_empty(), "{:?}", reader.bad_lines());
        (stats, records)
    }

    #[test]
    fn steve_lines_as_steve_writes_them() {
        let log = r#"[INFO ] 2026-03-02 07:59:59,990 de.rwth.idsg.steve.ocpp.ws.AbstractWebSocketEndpoint (qtp1-23) - New connection established: StandardWebSocketSession[id=a1]
[INFO ] 2026-03-02 08:00:00,000 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp1-23) - [chargeBoxId=DE*ABC*E1, sessionId=a1] Connection is established
[INFO ] 2026-03-02 08:00:00,120 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp1-23) - [chargeBoxId=DE*ABC*E1, sessionId=a1] Received: [2,"100","BootNotification",{"chargePointVendor":"ABB","chargePointModel":"Terra"}]
[INFO ] 2026-03-02 08:00:00,180 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp1-23) - [chargeBoxId=DE*ABC*E1, sessionId=a1] Sending: [3,"100",{"status":"Accepted","currentTime":"2026-03-02T08:00:00.180Z","interval":300}]

java.lang.IllegalStateException: boom
	at de.rwth.idsg.Foo.bar(Foo.java:1)
[INFO ] 2026-03-02 09:00:00,000 de.rwth.idsg.steve.ocpp.ws.WebSocketLogger (qtp1-40) - [chargeBoxId=DE*ABC*E1, sessionId=a1] Connection is closed, status: CloseStatus[code=1006, reason=null]
"#;
        let (stats, records) = run(Source::Steve, &ConvertOptions::default(), log);
        assert_eq!((stats.lines, stats.frames, stats.events), (8, 2, 2));
        assert_eq!(stats.unknown.count, 3);
        assert_eq!(unknown_lines(&stats), [1, 6, 7]);
        assert!(records.iter().all(|r| r.identity == "DE*ABC*E1"));
        assert_eq!(records[1].ts.to_string(), "2026-03-02T08:00:00.120Z");
        match &records[2].body {
            Body::Frame { direction, frame } => {
                assert_eq!(*direction, Direction::CsmsToCp);
                assert!(frame.starts_with("[3,\"100\""));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            &records[3].body,
            Body::Connection { event: Event::Close, reason: Some(r) } if r.starts_with("CloseStatus[code=1006")
        ));
    }

    #[test]
    fn ocpp_py_lines_in_the_common_formats_and_both_sides() {
        let log = r#"2026-03-02 08:00:00,001 - ocpp - INFO - CP_1: receive message [2,"a","Heartbeat",{}]
2026-03-02 08:00:00,002 - ocpp - INFO - CP_1: send [3,"a",{"currentTime":"2026-03-02T08:00:00Z"}]
2026-03-02T08:00:01Z INFO:ocpp:CP_2: send [2,"b","Reset",{"type":"Soft"}]
INFO:ocpp:CP_3: receive message [2,"c","Heartbeat",{}]
2026-03-02 08:00:02,000 - websockets.server - INFO - connection open
"#;
        let (stats, records) = run(Source::OcppPy, &ConvertOptions::default(), log);
        assert_eq!((stats.frames, stats.unknown.count), (3, 2));
        // the line without a timestamp (Python's default format) cannot be placed in time
        assert_eq!(unknown_lines(&stats), [4, 5]);
        let dirs: Vec<(&str, Direction)> = records
            .iter()
            .map(|r| match &r.body {
                Body::Frame { direction, .. } => (r.identity.as_str(), *direction),
                Body::Connection { .. } => ("", Direction::CpToCsms),
            })
            .collect();
        assert_eq!(
            dirs,
            [
                ("CP_1", Direction::CpToCsms),
                ("CP_1", Direction::CsmsToCp),
                ("CP_2", Direction::CsmsToCp)
            ]
        );
        // the library on the charger: what it receives came from the CSMS
        let (_, records) = run(
            Source::OcppPy,
            &ConvertOptions::default().with_ocpp_py_side(Endpoint::ChargePoint),
            log,
        );
        assert!(matches!(
            records[0].body,
            Body::Frame {
                direction: Direction::CsmsToCp,
                ..
            }
        ));
    }

    #[test]
    fn everest_messages_with_their_json_on_the_next_lines() {
        let log = "2026-03-02T08:00:00.000Z: ChargePoint>CentralSystem BootNotification\n[2,\"19\",\"BootNotification\",{\"chargePointVendor\":\"Pionix\",\"chargePointModel\":\"Yak\"}]\n\n2026-03-02T08:00:00.300Z: CentralSystem>ChargePoint BootNotification\n[3,\"19\",{\n  \"status\": \"Accepted\", \"currentTime\": \"2026-03-02T08:00:00Z\", \"interval\": 60}]\n\nsome stray line\n2026-03-02T08:01:00.000Z: ChargePoint>CentralSystem Heartbeat\n[2,\"20\",\"Heartbeat\",{}]";
        let options = ConvertOptions::default().with_identity("yak-1");
        let (stats, records) = run(Source::Everest, &options, log);
        assert_eq!((stats.frames, stats.unknown.count), (3, 1));
        assert_eq!(stats.unknown.first[0].line, 8);
        assert_eq!(records[2].ts.to_string(), "2026-03-02T08:01:00.000Z");
        match &records[1].body {
            Body::Frame { direction, frame } => {
                assert_eq!(*direction, Direction::CsmsToCp);
                let v: serde_json::Value = serde_json::from_str(frame).unwrap();
                assert_eq!(v[2]["interval"], 60);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            convert(
                Source::Everest,
                &ConvertOptions::default(),
                &b""[..],
                Vec::new()
            ),
            Err(ConvertError::MissingIdentity)
        ));
    }

    /// The rows of CitrineOS's OCPPMessages table as `psql` exports them.
    const CITRINE_CSV: &str = "id,stationPkId,stationId,correlationId,origin,state,protocol,action,message,requestMessageId,timestamp,tenantId,createdAt,updatedAt
1,1,cp001,a1,cs,1,ocpp2.0.1,BootNotification,\"[2,\"\"a1\"\",\"\"BootNotification\"\",{\"\"reason\"\":\"\"PowerUp\"\",\"\"chargingStation\"\":{\"\"model\"\":\"\"X\"\",\"\"vendorName\"\":\"\"V\"\"}}]\",,2026-03-02 09:00:00.123+01,1,2026-03-02 08:00:00.2+00,2026-03-02 08:00:00.2+00
2,1,cp001,a1,csms,2,ocpp2.0.1,BootNotification,\"[3,\"\"a1\"\",{\"\"currentTime\"\":\"\"2026-03-02T08:00:00Z\"\",\"\"interval\"\":300,\"\"status\"\":\"\"Accepted\"\"}]\",1,2026-03-02 08:00:00.300+00,1,,
3,2,cp002,b1,xx,1,ocpp1.6,Heartbeat,\"[2,\"\"b1\"\",\"\"Heartbeat\"\",{}]\",,2026-03-02 08:00:01+00,1,,
4,2,cp002,b2,cs,1,ocpp1.6,Heartbeat,\"[2,\"\"b2\"\",\"\"Heartbeat\"\",{}]\",,,1,,
5,2,cp002,b3,cs,1,ocpp1.6,Heartbeat,\"[2,\"\"b3\"\",\"\"Heartbeat\"\",{}]\",,2026-03-02 08:00:05+00,1,,
";

    fn frames(records: &[Record]) -> Vec<(&str, String, Direction, &str)> {
        records
            .iter()
            .filter_map(|r| match &r.body {
                Body::Frame { direction, frame } => Some((
                    r.identity.as_str(),
                    r.ts.to_string(),
                    *direction,
                    frame.as_str(),
                )),
                Body::Connection { .. } => None,
            })
            .collect()
    }

    #[test]
    fn citrineos_csv_export_of_the_message_table() {
        let (stats, records) = run(Source::Citrine, &ConvertOptions::default(), CITRINE_CSV);
        assert_eq!((stats.lines, stats.frames, stats.unknown.count), (5, 3, 2));
        let why: Vec<(u64, &str)> = stats
            .unknown
            .first
            .iter()
            .map(|b| (b.line, b.reason.as_str()))
            .collect();
        assert_eq!(
            why,
            [
                (4, r#"origin "xx": expected "cs" or "csms""#),
                (5, "no timestamp")
            ]
        );
        let f = frames(&records);
        // PostgreSQL's +01 offset is read, the frame kept verbatim
        assert_eq!(f[0].1, "2026-03-02T08:00:00.123Z");
        assert_eq!(
            (f[0].0, f[0].2, f[0].3),
            (
                "cp001",
                Direction::CpToCsms,
                r#"[2,"a1","BootNotification",{"reason":"PowerUp","chargingStation":{"model":"X","vendorName":"V"}}]"#
            )
        );
        assert_eq!(f[1].2, Direction::CsmsToCp);
        assert_eq!(f[2].0, "cp002");
        // the versions of the rows read, the last row of each identity winning
        assert_eq!(stats.versions["cp001"], OcppVersion::V201);
        assert_eq!(stats.versions["cp002"], OcppVersion::V16);
        assert_eq!(stats.versions.len(), 2);
    }

    #[test]
    fn citrineos_json_lines_and_json_array_give_the_same_log() {
        let rows = [
            r#"{"id":1,"stationId":"cp001","origin":"cs","protocol":"ocpp2.0.1","action":"Heartbeat","message":[2,"h1","Heartbeat",{}],"timestamp":"2026-03-02T08:00:00.000Z","tenantId":1}"#,
            // the message as a string holding the JSON, snake_case column names
            r#"{"id":2,"station_id":"cp001","origin":"csms","protocol":"ocpp2.0.1","message":"[3,\"h1\",{\"currentTime\":\"2026-03-02T08:00:00Z\"}]","timestamp":"2026-03-02 08:00:00.250+00"}"#,
            r#"{"id":3,"origin":"cs","message":[2,"x","Heartbeat",{}],"timestamp":"2026-03-02T08:00:01Z"}"#,
            r#"{"id":4,"stationId":"cp001","origin":"cs","message":{"not":"a frame"},"timestamp":"2026-03-02T08:00:02Z"}"#,
            r#"[1,2,3]"#,
        ];
        let lines = rows.join("\n");
        let (l_stats, l_records) = run(Source::Citrine, &ConvertOptions::default(), &lines);
        let array = format!("\u{feff}[\n  {}\n]\n", rows.join(",\n  "));
        let (a_stats, a_records) = run(Source::Citrine, &ConvertOptions::default(), &array);
        assert_eq!(l_records, a_records);
        assert_eq!(frames(&l_records).len(), 2);
        assert_eq!(
            frames(&l_records)[1].3,
            r#"[3,"h1",{"currentTime":"2026-03-02T08:00:00Z"}]"#
        );
        for stats in [&l_stats, &a_stats] {
            assert_eq!((stats.lines, stats.frames, stats.unknown.count), (5, 2, 3));
        }
        let reasons = |s: &ConvertStats| {
            s.unknown
                .first
                .iter()
                .map(|b| (b.line, b.reason.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(reasons(&l_stats)[0], (3, "no stationId".to_owned()));
        assert_eq!(reasons(&a_stats)[0], (3, "no stationId".to_owned()));
        assert!(
            reasons(&l_stats)[1].1.starts_with("message \"{\\\"not\\\""),
            "{:?}",
            reasons(&l_stats)
        );
        assert!(
            reasons(&a_stats)[2]
                .1
                .starts_with("row 5 of the array: not a row of OCPPMessages"),
            "{:?}",
            reasons(&a_stats)
        );
    }

    #[test]
    fn citrineos_exports_that_cannot_be_read_say_where() {
        let cut = "[{\"stationId\":\"cp001\",\"origin\":\"cs\",\"message\":[2,\"a\",\"Heartbeat\",{}],\"timestamp\":\"2026-03-02T08:00:00Z\"},\n{\"stationId\":";
        let mut out = Vec::new();
        let e = convert(
            Source::Citrine,
            &ConvertOptions::default(),
            cut.as_bytes(),
            &mut out,
        )
        .unwrap_err();
        assert!(matches!(e, ConvertError::Malformed { line: 2, .. }), "{e}");
        // the row before the break is written
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 1);
        let e = convert(
            Source::Citrine,
            &ConvertOptions::default(),
            &b"id,station,payload\n1,cp1,[]\n"[..],
            Vec::new(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1 column 1: the CSV header lacks the column(s) stationId, origin, message, timestamp: not an export of CitrineOS's OCPPMessages table (header: id,station,payload)"
        );
        let (stats, records) = run(Source::Citrine, &ConvertOptions::default(), "  \n");
        assert_eq!((stats.lines, records.len()), (0, 0));
    }
}
