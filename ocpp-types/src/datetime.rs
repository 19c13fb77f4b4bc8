//! A validated RFC 3339 timestamp, held as an instant in UTC.

use std::fmt;

/// How many fractional digits of a second a timestamp is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum TimestampPrecision {
    /// `2026-01-01T00:00:00Z`
    Seconds,
    /// `2026-01-01T00:00:00.000Z` (the default)
    #[default]
    Millis,
    /// `2026-01-01T00:00:00.000000Z`
    Micros,
    /// `2026-01-01T00:00:00.000000000Z`
    Nanos,
}

/// An OCPP `date-time`: an instant, read from RFC 3339 text with any UTC offset and written in
/// UTC with `Z`.
///
/// ```
/// use chargeshift_ocpp::{DateTime, TimestampPrecision};
///
/// let t: DateTime = "2026-03-01T12:00:00.5+02:00".parse()?;
/// assert_eq!(t.to_string(), "2026-03-01T10:00:00.500Z");
/// assert_eq!(t.format(TimestampPrecision::Seconds), "2026-03-01T10:00:00Z");
/// # Ok::<(), chargeshift_ocpp::InvalidDateTime>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

/// The text is not an RFC 3339 date-time with a UTC offset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date-time {text:?}: {reason}")]
#[non_exhaustive]
pub struct InvalidDateTime {
    /// The text.
    pub text: String,
    /// What is wrong.
    pub reason: &'static str,
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z in Unix seconds: the instants that RFC 3339's
/// four-digit years can write.
const MIN_SECS: i64 = -62_167_219_200;
const MAX_SECS: i64 = 253_402_300_800;

impl DateTime {
    /// The instant `secs` seconds and `nanos` nanoseconds after 1970-01-01T00:00:00Z; `None` when
    /// `nanos` is a second or more.
    ///
    /// ```
    /// use chargeshift_ocpp::DateTime;
    /// assert_eq!(DateTime::from_unix(0, 0).unwrap().to_string(), "1970-01-01T00:00:00.000Z");
    /// ```
    #[must_use]
    pub const fn from_unix(secs: i64, nanos: u32) -> Option<Self> {
        if nanos >= 1_000_000_000 {
            None
        } else {
            Some(Self { secs, nanos })
        }
    }

    /// Seconds since the Unix epoch.
    #[must_use]
    pub const fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The nanoseconds within the second.
    #[must_use]
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Parses RFC 3339 text (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`).
    ///
    /// # Errors
    /// [`InvalidDateTime`] when the text is not such a date-time.
    ///
    /// ```
    /// use chargeshift_ocpp::DateTime;
    /// assert!(DateTime::parse("2026-01-01T00:00:00Z").is_ok());
    /// assert!(DateTime::parse("2026-01-01T00:00:00").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, InvalidDateTime> {
        let err = |reason| InvalidDateTime {
            text: text.to_owned(),
            reason,
        };
        let b = text.as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let s = b.get(from..from + len)?;
            let mut n = 0i64;
            for &c in s {
                if !c.is_ascii_digit() {
                    return None;
                }
                n = n * 10 + i64::from(c - b'0');
            }
            Some(n)
        };
        let sep = |i: usize, c: &[u8]| b.get(i).is_some_and(|x| c.contains(x));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
            return Err(err("expected YYYY-MM-DDTHH:MM:SS"));
        }
        let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
            num(0, 4),
            num(5, 2),
            num(8, 2),
            num(11, 2),
            num(14, 2),
            num(17, 2),
        ) else {
            return Err(err("expected digits in YYYY-MM-DDTHH:MM:SS"));
        };
        if !(1..=12).contains(&mo) || d < 1 || d > days_in_month(y, mo) {
            return Err(err("no such day"));
        }
        if h > 23 || mi > 59 || s > 60 {
            return Err(err("no such time of day"));
        }
        let mut i = 19;
        let mut nanos: u32 = 0;
        if sep(i, b".") {
            i += 1;
            let start = i;
            let mut scale = 100_000_000u32;
            while let Some(c) = b.get(i).filter(|c| c.is_ascii_digit()) {
                nanos += u32::from(c - b'0') * scale;
                scale /= 10;
                i += 1;
            }
            if i == start {
                return Err(err("empty fraction of a second"));
            }
        }
        let offset = match b.get(i) {
            Some(b'Z' | b'z') if i + 1 == b.len() => 0,
            Some(&c @ (b'+' | b'-')) if i + 6 == b.len() && sep(i + 3, b":") => {
                let (Some(oh), Some(om)) = (num(i + 1, 2), num(i + 4, 2)) else {
                    return Err(err("bad UTC offset"));
                };
                if oh > 23 || om > 59 {
                    return Err(err("bad UTC offset"));
                }
                let o = oh * 3600 + om * 60;
                if c == b'-' { -o } else { o }
            }
            None => return Err(err("missing UTC offset")),
            _ => return Err(err("bad UTC offset")),
        };
        let local = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60;
        if s == 60 && (local + 59 - offset).rem_euclid(86_400) != 86_399 {
            // a leap second is the last second of a UTC day (RFC 3339 section 5.7: 23:59:60Z,
            // or the same instant in local time)
            return Err(err("second 60 is a leap second, only at 23:59:60 UTC"));
        }
        // a leap second is held as the second before it, as most systems do
        let secs = local + s.min(59) - offset;
        if !(MIN_SECS..MAX_SECS).contains(&secs) {
            return Err(err(
                "the instant in UTC falls outside the years 0000 to 9999",
            ));
        }
        Ok(Self { secs, nanos })
    }

    /// Writes the instant in UTC with `precision` fractional digits and `Z`.
    #[must_use]
    pub fn format(self, precision: TimestampPrecision) -> String {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let mut out = format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
            rem / 3600,
            rem / 60 % 60,
            rem % 60
        );
        let n = self.nanos;
        match precision {
            TimestampPrecision::Seconds => {}
            TimestampPrecision::Millis => out.push_str(&format!(".{:03}", n / 1_000_000)),
            TimestampPrecision::Micros => out.push_str(&format!(".{:06}", n / 1_000)),
            TimestampPrecision::Nanos => out.push_str(&format!(".{n:09}")),
        }
        out.push('Z');
        out
    }
}

impl std::str::FromStr for DateTime {
    type Err = InvalidDateTime;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for DateTime {
    /// Writes milliseconds and `Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(TimestampPrecision::Millis))
    }
}

impl serde::Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.format(TimestampPrecision::Nanos))
    }
}

impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateTime, E> {
                DateTime::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        for days in [-800_000i64, -1, 0, 1, 59, 365, 11_016, 20_000, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn parses_and_writes() {
        let t = DateTime::parse("2024-02-29T23:59:59.123456789-01:30").unwrap();
        assert_eq!(
            t.format(TimestampPrecision::Nanos),
            "2024-03-01T01:29:59.123456789Z"
        );
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-01-01 00:00:00Z",
            "2024-01-01T00:00:00",
            "2024-01-01T00:00:00+02",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T24:00:00Z",
            "2026-03-01T12:34:60Z",
            "2016-12-31T23:59:60+01:00",
            "9999-12-31T23:59:59-23:59",
            "0000-01-01T00:00:00+00:01",
            "",
        ] {
            assert!(DateTime::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            DateTime::parse("2026-03-01T12:34:60Z").unwrap_err().reason,
            "second 60 is a leap second, only at 23:59:60 UTC"
        );
        assert_eq!(
            DateTime::parse("9999-12-31T23:59:59-23:59")
                .unwrap_err()
                .reason,
            "the instant in UTC falls outside the years 0000 to 9999"
        );
        // a leap second, in UTC or local time, reads as the second before it
        for leap in ["2016-12-31T23:59:60Z", "2016-12-31T15:59:60-08:00"] {
            assert_eq!(
                DateTime::parse(leap).unwrap().to_string(),
                "2016-12-31T23:59:59.000Z"
            );
        }
        for edge in ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"] {
            assert_eq!(
                DateTime::parse(edge).unwrap().to_string(),
                edge.replace(":00Z", ":00.000Z")
            );
        }
    }
}
