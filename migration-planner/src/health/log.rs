//! The health log: one JSON object per line, either a frame or a connection event.
//!
//! ```text
//! {"ts":"2026-03-02T08:00:00.000Z","identity":"CP1","direction":"cp_to_csms","frame":"[2,\"1\",\"Heartbeat\",{}]"}
//! {"ts":"2026-03-02T08:00:05.000Z","identity":"CP1","event":"close","reason":"1006"}
//! ```
//!
//! - `ts`: RFC 3339 with any UTC offset (read as the UTC instant; written in UTC with `Z`);
//! - `identity`: the charge point identity (the OCPP-J URL's last segment);
//! - a frame record has `direction` (`cp_to_csms` or `csms_to_cp`) and `frame`, the raw OCPP-J
//!   text exactly as it went over the wire;
//! - a connection record has `event` (`open` or `close`) and an optional `reason`.
//!
//! Every time in the health KPIs is the log's `ts`, never a timestamp inside a payload (a
//! charge point's clock may be wrong; the gateway's is the reference).
//!
//! [`LogReader`] reads a log line by line in bounded memory: a line that is not such a record
//! is a [`BadLine`], counted per identity (the first [`KEEP_BAD_LINES`] kept with their line
//! numbers) and skipped, never fatal.

use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};

use chargeshift_ocpp::DateTime;
use serde::{Deserialize, Serialize};

/// Who sent a frame.
///
/// ```
/// use chargeshift_planner::health::log::Direction;
/// assert_eq!(serde_json::to_string(&Direction::CpToCsms).unwrap(), "\"cp_to_csms\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The charge point sent it to the back office.
    CpToCsms,
    /// The back office sent it to the charge point.
    CsmsToCp,
}

/// A connection event at the gateway.
///
/// ```
/// use chargeshift_planner::health::log::Event;
/// assert_eq!(serde_json::to_string(&Event::Open).unwrap(), "\"open\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The charge point's websocket connection opened.
    Open,
    /// It closed.
    Close,
}

/// What a record says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// A frame, as raw text.
    Frame {
        /// Who sent it.
        direction: Direction,
        /// The OCPP-J text.
        frame: String,
    },
    /// A connection event.
    Connection {
        /// Open or close.
        event: Event,
        /// Why (a close status), when the log says.
        reason: Option<String>,
    },
}

/// One record of the log.
///
/// ```
/// use chargeshift_planner::health::log::{Body, Direction, Record};
/// let r = Record::frame("2026-03-02T08:00:00Z".parse().unwrap(), "CP1", Direction::CpToCsms, r#"[2,"1","Heartbeat",{}]"#);
/// let line = r.to_line();
/// assert_eq!(line, r#"{"ts":"2026-03-02T08:00:00.000Z","identity":"CP1","direction":"cp_to_csms","frame":"[2,\"1\",\"Heartbeat\",{}]"}"#);
/// assert_eq!(Record::parse(&line).unwrap(), r);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// When the gateway saw it.
    pub ts: DateTime,
    /// The charge point identity.
    pub identity: String,
    /// What happened.
    pub body: Body,
}

/// The JSON shape of a line, every field optional so that a bad line still names its identity.
#[derive(Deserialize)]
struct RawLine<'a> {
    #[serde(borrow)]
    ts: Option<std::borrow::Cow<'a, str>>,
    #[serde(borrow)]
    identity: Option<std::borrow::Cow<'a, str>>,
    direction: Option<Direction>,
    frame: Option<String>,
    event: Option<Event>,
    reason: Option<String>,
}

#[derive(Serialize)]
struct OutFrame<'a> {
    ts: String,
    identity: &'a str,
    direction: Direction,
    frame: &'a str,
}

#[derive(Serialize)]
struct OutEvent<'a> {
    ts: String,
    identity: &'a str,
    event: Event,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// Why a line is not a record.
///
/// ```
/// use chargeshift_planner::health::log::{Record, LineError};
/// assert!(matches!(Record::parse("{}"), Err(LineError::Missing { field: "ts", .. })));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LineError {
    /// Not a JSON object of the record's fields.
    #[error("not a log record: {0}")]
    Json(String),
    /// A field the record needs is absent.
    #[error("missing field {field}")]
    Missing {
        /// The field.
        field: &'static str,
        /// The identity, when the line names one.
        identity: Option<String>,
    },
    /// `ts` is not RFC 3339.
    #[error("{message}")]
    Timestamp {
        /// What is wrong.
        message: String,
        /// The identity.
        identity: String,
    },
    /// Both a frame and an event, or a direction without a frame.
    #[error("a record is either a frame (direction, frame) or a connection event (event)")]
    Ambiguous {
        /// The identity.
        identity: String,
    },
}

impl LineError {
    /// The identity the bad line names, if any.
    #[must_use]
    pub fn identity(&self) -> Option<&str> {
        match self {
            LineError::Json(_) => None,
            LineError::Missing { identity, .. } => identity.as_deref(),
            LineError::Timestamp { identity, .. } | LineError::Ambiguous { identity } => {
                Some(identity)
            }
        }
    }
}

impl Record {
    /// A frame record.
    #[must_use]
    pub fn frame(ts: DateTime, identity: &str, direction: Direction, frame: &str) -> Record {
        Record {
            ts,
            identity: identity.to_owned(),
            body: Body::Frame {
                direction,
                frame: frame.to_owned(),
            },
        }
    }

    /// A connection event record.
    #[must_use]
    pub fn connection(ts: DateTime, identity: &str, event: Event, reason: Option<&str>) -> Record {
        Record {
            ts,
            identity: identity.to_owned(),
            body: Body::Connection {
                event,
                reason: reason.map(str::to_owned),
            },
        }
    }

    /// Reads one line. O(length of the line).
    ///
    /// # Errors
    /// [`LineError`] when the line is not a record.
    pub fn parse(line: &str) -> Result<Record, LineError> {
        let raw: RawLine<'_> =
            serde_json::from_str(line).map_err(|e| LineError::Json(e.to_string()))?;
        let identity = raw.identity.map(std::borrow::Cow::into_owned);
        let Some(ts) = raw.ts else {
            return Err(LineError::Missing {
                field: "ts",
                identity,
            });
        };
        let Some(identity) = identity else {
            return Err(LineError::Missing {
                field: "identity",
                identity: None,
            });
        };
        let ts = match DateTime::parse(&ts) {
            Ok(ts) => ts,
            Err(e) => {
                return Err(LineError::Timestamp {
                    message: e.to_string(),
                    identity,
                });
            }
        };
        let body = match (raw.direction, raw.frame, raw.event) {
            (Some(direction), Some(frame), None) => Body::Frame { direction, frame },
            (None, None, Some(event)) => Body::Connection {
                event,
                reason: raw.reason,
            },
            (None, None, None) => {
                return Err(LineError::Missing {
                    field: "frame",
                    identity: Some(identity),
                });
            }
            _ => return Err(LineError::Ambiguous { identity }),
        };
        Ok(Record { ts, identity, body })
    }

    /// The record as one JSON line (without the newline), `ts` in UTC to the millisecond.
    #[must_use]
    pub fn to_line(&self) -> String {
        let ts = self.ts.to_string();
        let out = match &self.body {
            Body::Frame { direction, frame } => serde_json::to_string(&OutFrame {
                ts,
                identity: &self.identity,
                direction: *direction,
                frame,
            }),
            Body::Connection { event, reason } => serde_json::to_string(&OutEvent {
                ts,
                identity: &self.identity,
                event: *event,
                reason: reason.as_deref(),
            }),
        };
        // serializing these structs of strings cannot fail
        out.unwrap_or_default()
    }

    /// Writes the record and a newline.
    ///
    /// # Errors
    /// The writer's.
    pub fn write_to<W: Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(self.to_line().as_bytes())?;
        w.write_all(b"\n")
    }
}

/// The number of bad lines kept with their text per identity.
pub const KEEP_BAD_LINES: usize = 5;

/// A line that was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BadLine {
    /// The line number, from 1.
    pub line: u64,
    /// Why it was skipped.
    pub reason: String,
}

/// The bad lines of one identity (`""` for lines that name none).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct BadLines {
    /// How many.
    pub count: u64,
    /// The first [`KEEP_BAD_LINES`].
    pub first: Vec<BadLine>,
}

impl BadLines {
    /// Counts one more, keeping it when fewer than [`KEEP_BAD_LINES`] are kept.
    pub fn add(&mut self, line: u64, reason: String) {
        self.count += 1;
        if self.first.len() < KEEP_BAD_LINES {
            self.first.push(BadLine { line, reason });
        }
    }

    /// Adds the counts of `other` (its kept lines after this one's, up to the limit).
    pub fn merge(&mut self, other: &BadLines) {
        self.count += other.count;
        for b in &other.first {
            if self.first.len() < KEEP_BAD_LINES {
                self.first.push(b.clone());
            }
        }
    }
}

/// Reads a log line by line: an iterator of [`Record`]s that skips and counts bad lines.
///
/// Memory: one line buffer plus O(identities with bad lines × [`KEEP_BAD_LINES`]). An I/O
/// error ends the iteration and is kept in [`LogReader::io_error`].
///
/// ```
/// use chargeshift_planner::health::log::LogReader;
/// let log = "\
/// {\"ts\":\"2026-03-02T08:00:00Z\",\"identity\":\"CP1\",\"event\":\"open\"}
/// not json
/// {\"ts\":\"yesterday\",\"identity\":\"CP1\",\"event\":\"close\"}
///
/// {\"ts\":\"2026-03-02T08:00:01Z\",\"identity\":\"CP1\",\"direction\":\"cp_to_csms\",\"frame\":\"[2,\\\"1\\\",\\\"Heartbeat\\\",{}]\"}
/// ";
/// let mut reader = LogReader::new(log.as_bytes());
/// assert_eq!(reader.by_ref().count(), 2);
/// assert_eq!(reader.bad_lines()[""].count, 1);
/// assert_eq!(reader.bad_lines()["CP1"].first[0].line, 3);
/// assert_eq!(reader.lines(), 5);
/// ```
#[derive(Debug)]
pub struct LogReader<R> {
    input: R,
    buf: String,
    line: u64,
    bad: BTreeMap<String, BadLines>,
    io_error: Option<io::Error>,
}

impl<R: BufRead> LogReader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> LogReader<R> {
        LogReader {
            input,
            buf: String::new(),
            line: 0,
            bad: BTreeMap::new(),
            io_error: None,
        }
    }

    /// The bad lines so far, per identity (`""`: lines that name none). Blank lines are not bad.
    #[must_use]
    pub fn bad_lines(&self) -> &BTreeMap<String, BadLines> {
        &self.bad
    }

    /// The bad lines, taken out of the reader.
    #[must_use]
    pub fn into_bad_lines(self) -> BTreeMap<String, BadLines> {
        self.bad
    }

    /// The lines read so far.
    #[must_use]
    pub fn lines(&self) -> u64 {
        self.line
    }

    /// The I/O error that ended the reading, if any.
    #[must_use]
    pub fn io_error(&self) -> Option<&io::Error> {
        self.io_error.as_ref()
    }
}

impl<R: BufRead> Iterator for LogReader<R> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            self.buf.clear();
            match self.input.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    self.io_error = Some(e);
                    return None;
                }
            }
            self.line += 1;
            let text = self.buf.trim();
            if text.is_empty() {
                continue;
            }
            match Record::parse(text) {
                Ok(r) => return Some(r),
                Err(e) => {
                    let who = e.identity().unwrap_or("").to_owned();
                    self.bad
                        .entry(who)
                        .or_default()
                        .add(self.line, e.to_string());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_bad_line_is_counted_with_its_identity() {
        let log = [
            r#"{"ts":"2026-03-02T08:00:00+01:00","identity":"A","direction":"csms_to_cp","frame":"[3,\"1\",{}]"}"#,
            r#"{"identity":"A","event":"open"}"#,
            r#"{"ts":"2026-03-02T08:00:00Z","event":"open"}"#,
            r#"{"ts":"2026-03-02T08:00:00Z","identity":"B","event":"open","frame":"x","direction":"cp_to_csms"}"#,
            r#"{"ts":"2026-03-02T08:00:00Z","identity":"B","direction":"sideways","frame":"x"}"#,
            r#"{"ts":"2026-03-02T08:00:00Z","identity":"B"}"#,
            r#"{"ts":"2026-03-02T08:00:00Z","identity":"B","event":"close","reason":"1006"}"#,
        ]
        .join("\n");
        let mut r = LogReader::new(log.as_bytes());
        let records: Vec<Record> = r.by_ref().collect();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].ts.to_string(), "2026-03-02T07:00:00.000Z");
        assert_eq!(
            records[1].body,
            Body::Connection {
                event: Event::Close,
                reason: Some("1006".into())
            }
        );
        let bad = r.bad_lines();
        assert_eq!(bad["A"].count, 1);
        assert_eq!(bad["A"].first[0].line, 2);
        // a line with no identity, and one whose direction is unknown (serde fails whole)
        assert_eq!(bad[""].count, 2);
        assert_eq!(bad["B"].count, 2);
        assert_eq!(
            bad["B"].first.iter().map(|b| b.line).collect::<Vec<_>>(),
            [4, 6]
        );
    }

    #[test]
    fn only_the_first_bad_lines_are_kept_and_merge_adds_counts() {
        let log = "x\n".repeat(12);
        let mut r = LogReader::new(log.as_bytes());
        assert_eq!(r.by_ref().count(), 0);
        let bad = r.into_bad_lines();
        assert_eq!(bad[""].count, 12);
        assert_eq!(bad[""].first.len(), KEEP_BAD_LINES);
        let mut a = bad[""].clone();
        a.merge(&bad[""]);
        assert_eq!((a.count, a.first.len()), (24, KEEP_BAD_LINES));
    }

    #[test]
    fn events_round_trip_without_a_reason() {
        let r = Record::connection(
            "2026-03-02T08:00:00Z".parse().unwrap(),
            "CP\"1",
            Event::Open,
            None,
        );
        let line = r.to_line();
        assert_eq!(
            line,
            r#"{"ts":"2026-03-02T08:00:00.000Z","identity":"CP\"1","event":"open"}"#
        );
        assert_eq!(Record::parse(&line).unwrap(), r);
    }
}
