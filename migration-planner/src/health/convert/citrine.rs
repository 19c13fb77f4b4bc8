//! CitrineOS's stored OCPP messages: the rows of its `OCPPMessages` table, exported as a JSON
//! array of rows, JSON Lines (one row a line) or CSV with a header (`psql`'s `\copy … csv
//! header`); the columns it reads are in the [module's documentation](super#citrineos).

use std::borrow::Cow;
use std::fmt;
use std::io::{self, BufRead, Write};

use chargeshift_ocpp::OcppVersion;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::{ConvertError, ConvertStats, clip, find_timestamp};
use crate::health::log::{Direction, Record};

/// One row, every field optional so that a bad row says what it lacks.
#[derive(Deserialize)]
struct JsonRow<'a> {
    #[serde(borrow, default, alias = "station_id")]
    #[serde(rename = "stationId")]
    station_id: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    origin: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    protocol: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    message: Option<&'a RawValue>,
    #[serde(default)]
    timestamp: Option<serde_json::Value>,
}

/// The fields of a row, however it was exported.
struct Row<'a> {
    station: Option<&'a str>,
    origin: Option<&'a str>,
    protocol: Option<&'a str>,
    /// The frame's text.
    frame: Option<Cow<'a, str>>,
    timestamp: Option<Cow<'a, str>>,
}

/// Reads the export on `input` (its first byte decides: `[` a JSON array, `{` JSON Lines,
/// anything else CSV) and writes its frames to `output`.
pub(super) fn convert<R: BufRead, W: Write>(
    mut input: R,
    output: &mut W,
    stats: &mut ConvertStats,
) -> Result<(), ConvertError> {
    match first_byte(&mut input)? {
        None => Ok(()),
        Some(b'[') => json_array(input, output, stats),
        Some(b'{') => json_lines(input, output, stats),
        Some(_) => csv_rows(input, output, stats),
    }
}

/// The first byte after whitespace and a UTF-8 byte order mark, which are consumed.
fn first_byte<R: BufRead>(input: &mut R) -> io::Result<Option<u8>> {
    let mut bom = 0;
    loop {
        let buf = input.fill_buf()?;
        let Some(&b) = buf.first() else {
            return Ok(None);
        };
        if b.is_ascii_whitespace() || (bom < 3 && [0xEF, 0xBB, 0xBF].get(bom) == Some(&b)) {
            if !b.is_ascii_whitespace() {
                bom += 1;
            }
            input.consume(1);
            continue;
        }
        return Ok(Some(b));
    }
}

/// Writes one row's record, or counts it as unknown at `line` with why.
fn row<W: Write>(
    r: &Row<'_>,
    line: u64,
    output: &mut W,
    stats: &mut ConvertStats,
) -> io::Result<()> {
    stats.lines += 1;
    match record(r) {
        Ok(rec) => {
            rec.write_to(output)?;
            stats.frames += 1;
            if let Some(v) = r.protocol.and_then(version) {
                stats.versions.insert(rec.identity, v);
            }
        }
        Err(why) => stats.unknown.add(line, why),
    }
    Ok(())
}

fn record(r: &Row<'_>) -> Result<Record, String> {
    let station = r.station.filter(|s| !s.is_empty()).ok_or("no stationId")?;
    let direction = match r.origin.ok_or("no origin")? {
        "cs" => Direction::CpToCsms,
        "csms" => Direction::CsmsToCp,
        other => {
            return Err(format!(
                "origin {:?}: expected \"cs\" or \"csms\"",
                clip(other)
            ));
        }
    };
    let ts = r.timestamp.as_deref().ok_or("no timestamp")?;
    let ts = find_timestamp(ts)
        .ok_or_else(|| format!("timestamp {:?}: not a date and time", clip(ts)))?;
    let frame = r.frame.as_deref().map(str::trim).ok_or("no message")?;
    if !frame.starts_with('[') {
        return Err(format!(
            "message {:?}: not an OCPP-J frame (a JSON array)",
            clip(frame)
        ));
    }
    Ok(Record::frame(ts, station, direction, frame))
}

/// `ocpp1.6`, `ocpp2.0.1`, `ocpp2.1`, as [`OcppVersion`] reads them.
fn version(protocol: &str) -> Option<OcppVersion> {
    protocol.parse().ok()
}

/// A JSON row's fields; `Err` when it is no object of the row's shape.
fn from_json(text: &str) -> Result<(JsonRow<'_>, Option<Cow<'_, str>>), String> {
    let r: JsonRow<'_> =
        serde_json::from_str(text).map_err(|e| format!("not a row of OCPPMessages: {e}"))?;
    let frame = match r.message {
        None => None,
        // a frame exported as a string holding the JSON
        Some(m) if m.get().starts_with('"') => Some(Cow::Owned(
            serde_json::from_str::<String>(m.get()).map_err(|e| format!("message: {e}"))?,
        )),
        Some(m) => Some(Cow::Borrowed(m.get())),
    };
    Ok((r, frame))
}

fn json_row<W: Write>(
    text: &str,
    line: u64,
    what: &str,
    output: &mut W,
    stats: &mut ConvertStats,
) -> io::Result<()> {
    match from_json(text) {
        Ok((r, frame)) => {
            let timestamp = match r.timestamp {
                Some(serde_json::Value::String(s)) => Some(Cow::Owned(s)),
                Some(other) => Some(Cow::Owned(other.to_string())),
                None => None,
            };
            let fields = Row {
                station: r.station_id.as_deref(),
                origin: r.origin.as_deref(),
                protocol: r.protocol.as_deref(),
                frame,
                timestamp,
            };
            row(&fields, line, output, stats)
        }
        Err(why) => {
            stats.lines += 1;
            stats.unknown.add(line, format!("{what}: {why}"));
            Ok(())
        }
    }
}

fn json_lines<R: BufRead, W: Write>(
    mut input: R,
    output: &mut W,
    stats: &mut ConvertStats,
) -> Result<(), ConvertError> {
    let mut buf = String::new();
    let mut line = 0;
    loop {
        buf.clear();
        if input.read_line(&mut buf)? == 0 {
            return Ok(());
        }
        line += 1;
        let text = buf.trim();
        if text.is_empty() {
            continue;
        }
        json_row(text, line, "row", output, stats)?;
    }
}

/// Each element of the array, one at a time.
struct Rows<'o, W> {
    output: &'o mut W,
    stats: &'o mut ConvertStats,
    io: Option<io::Error>,
}

impl<'de, W: Write> Visitor<'de> for &mut Rows<'_, W> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of OCPPMessages rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut n = 0;
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            n += 1;
            let what = format!("row {n} of the array");
            if let Err(e) = json_row(raw.get(), n, &what, self.output, self.stats) {
                self.io = Some(e);
                return Err(de::Error::custom("output failed"));
            }
        }
        Ok(())
    }
}

impl<'de, W: Write> DeserializeSeed<'de> for &mut Rows<'_, W> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

fn json_array<R: BufRead, W: Write>(
    input: R,
    output: &mut W,
    stats: &mut ConvertStats,
) -> Result<(), ConvertError> {
    let mut rows = Rows {
        output,
        stats,
        io: None,
    };
    let mut de = serde_json::Deserializer::from_reader(input);
    let done = (&mut rows).deserialize(&mut de).and_then(|()| de.end());
    if let Some(e) = rows.io {
        return Err(ConvertError::Io(e));
    }
    done.map_err(|e| ConvertError::Malformed {
        line: e.line() as u64,
        column: e.column() as u64,
        message: format!("cannot be read as a JSON array of CitrineOS's OCPPMessages rows: {e}"),
    })
}

fn csv_rows<R: BufRead, W: Write>(
    input: R,
    output: &mut W,
    stats: &mut ConvertStats,
) -> Result<(), ConvertError> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header = rdr.headers().map_err(csv_error)?.clone();
    let col = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
    };
    let (station, origin, protocol, message, timestamp) = (
        col(&["stationId", "station_id"]),
        col(&["origin"]),
        col(&["protocol"]),
        col(&["message"]),
        col(&["timestamp"]),
    );
    let missing: Vec<&str> = [
        ("stationId", station),
        ("origin", origin),
        ("message", message),
        ("timestamp", timestamp),
    ]
    .into_iter()
    .filter_map(|(n, c)| c.is_none().then_some(n))
    .collect();
    if !missing.is_empty() {
        return Err(ConvertError::Malformed {
            line: 1,
            column: 1,
            message: format!(
                "the CSV header lacks the column(s) {}: not an export of CitrineOS's OCPPMessages table (header: {})",
                missing.join(", "),
                clip(&header.iter().collect::<Vec<_>>().join(","))
            ),
        });
    }
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => return Ok(()),
            Ok(true) => {
                let line = rec.position().map_or(0, csv::Position::line);
                let get = |c: Option<usize>| c.and_then(|c| rec.get(c)).filter(|s| !s.is_empty());
                let fields = Row {
                    station: get(station),
                    origin: get(origin),
                    protocol: get(protocol),
                    frame: get(message).map(Cow::Borrowed),
                    timestamp: get(timestamp).map(Cow::Borrowed),
                };
                row(&fields, line, output, stats)?;
            }
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                if let csv::ErrorKind::Io(_) = e.kind() {
                    return Err(csv_error(e));
                }
                stats.lines += 1;
                stats.unknown.add(line, e.to_string());
            }
        }
    }
}

fn csv_error(e: csv::Error) -> ConvertError {
    let line = e.position().map_or(0, csv::Position::line);
    match e.into_kind() {
        csv::ErrorKind::Io(e) => ConvertError::Io(e),
        other => ConvertError::Malformed {
            line,
            column: 0,
            message: format!("{other:?}"),
        },
    }
}
