//! A calendar date (proleptic Gregorian, no time zone), written `YYYY-MM-DD`: the start of a
//! phase and the end of its soak.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A calendar date.
///
/// ```
/// use chargeshift_planner::cutover::date::Date;
/// let d: Date = "2026-02-27".parse()?;
/// assert_eq!(d.add_days(2).to_string(), "2026-03-01");
/// assert_eq!(serde_json::to_string(&d).unwrap(), "\"2026-02-27\"");
/// assert!("2026-02-30".parse::<Date>().is_err());
/// # Ok::<(), chargeshift_planner::cutover::date::BadDate>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Days since 1970-01-01.
    days: i64,
}

/// A text that is not a `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a date written YYYY-MM-DD")]
pub struct BadDate {
    /// The text as given.
    pub text: String,
}

impl Date {
    /// The date `year`-`month`-`day`, if it exists.
    ///
    /// ```
    /// use chargeshift_planner::cutover::date::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2025, 2, 29).is_none());
    /// ```
    #[must_use]
    pub fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date {
            days: days_from_civil(year, month, day),
        })
    }

    /// This date `n` days later (earlier for a negative `n`). O(1).
    ///
    /// ```
    /// use chargeshift_planner::cutover::date::Date;
    /// let d = Date::new(2026, 12, 31).unwrap();
    /// assert_eq!(d.add_days(1), Date::new(2027, 1, 1).unwrap());
    /// ```
    #[must_use]
    pub fn add_days(self, n: i64) -> Date {
        Date {
            days: self.days.saturating_add(n),
        }
    }

    /// The date `days` days after 1970-01-01 (before it for a negative `days`). O(1).
    ///
    /// ```
    /// use chargeshift_planner::cutover::date::Date;
    /// assert_eq!(Date::from_unix_days(20_514).to_string(), "2026-03-02");
    /// ```
    #[must_use]
    pub const fn from_unix_days(days: i64) -> Date {
        Date { days }
    }

    /// (year, month, day). O(1).
    ///
    /// ```
    /// use chargeshift_planner::cutover::date::Date;
    /// assert_eq!(Date::new(1999, 12, 31).unwrap().ymd(), (1999, 12, 31));
    /// ```
    #[must_use]
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.days)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// H. Hinnant's days_from_civil and civil_from_days
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

impl FromStr for Date {
    type Err = BadDate;
    fn from_str(s: &str) -> Result<Date, BadDate> {
        let bad = || BadDate { text: s.to_owned() };
        let mut parts = s.split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(bad());
        };
        Date::new(y, m, d).ok_or_else(bad)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("Date")
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "format": "date"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_centuries() {
        let mut d = Date::new(1899, 12, 25).unwrap();
        for _ in 0..100_000 {
            let (y, m, dd) = d.ymd();
            assert_eq!(Date::new(y, m, dd), Some(d));
            assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
            d = d.add_days(3);
        }
        assert_eq!(Date::new(1970, 1, 1).unwrap().days, 0);
        for bad in [
            "2026-1-01",
            "2026-13-01",
            "x",
            "2026-01-01-01",
            "2026-00-10",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
    }
}
