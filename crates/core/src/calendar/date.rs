//! Calendar dates (`YYYY-MM-DD`), the only notion of time the OKR model needs.
//!
//! OKR periods, due dates and check-ins are whole days in the team's calendar, not
//! instants, so a civil date with day arithmetic is all the core uses. It is small
//! enough to own (no time-zone database, no dependency) and behaves the same in the
//! browser and natively. "Today" is supplied by the caller (the CLI reads the system
//! clock, the browser its own), which keeps every computation here deterministic.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A day of the proleptic Gregorian calendar, years 1 to 9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a text is not a date.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is not of the form `YYYY-MM-DD` (four, two and two ASCII digits).
    #[error("expected a date as YYYY-MM-DD, found {0:?}")]
    Shape(String),
    /// The form is right but the day does not exist (`2026-02-30`, month 13, year 0).
    #[error("{0} is not a day of the calendar")]
    NoSuchDay(String),
}

impl Date {
    /// The date `year-month-day`, if that day exists.
    ///
    /// ```
    /// use okrpad_core::calendar::Date;
    /// assert!(Date::new(2024, 2, 29).is_some()); // a leap day
    /// assert!(Date::new(2026, 2, 29).is_none());
    /// assert!(Date::new(0, 1, 1).is_none()); // years start at 1
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid =
            (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`, exact for the whole proleptic calendar.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01, if it lies within years 1 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The date `days` days later (or earlier), clamped to the supported range.
    pub fn add_days(self, days: i64) -> Date {
        let target = self.days_since_epoch().saturating_add(days);
        Date::from_days_since_epoch(target).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
    }

    pub const MIN: Date = Date { year: 1, month: 1, day: 1 };
    pub const MAX: Date = Date { year: 9999, month: 12, day: 31 };
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD`; no other form is accepted, so files stay uniform.
    fn from_str(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let shaped = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shaped {
            return Err(DateError::Shape(text.to_owned()));
        }
        let number = |range: std::ops::Range<usize>| -> u16 {
            bytes[range].iter().fold(0u16, |acc, b| acc * 10 + u16::from(b - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        // Month and day are at most 99, so they always fit a u8.
        let small = |n: u16| u8::try_from(n).unwrap_or(u8::MAX);
        Date::new(year, small(month), small(day)).ok_or_else(|| DateError::NoSuchDay(text.to_owned()))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        // A visitor reads the text where it lies, without a String per date: a large
        // document has tens of thousands of them (one per check-in).
        struct DateText;
        impl serde::de::Visitor<'_> for DateText {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date as YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Date, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(DateText)
    }
}

/// Start and end of an objective's cycle, both days included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// The share of the period that has passed on `day`: 0 on or before the start,
    /// 1 on or after the end, linear between. This is the "expected progress" that
    /// statuses compare against. A period whose end is not after its start (a rule
    /// finding) counts as all-or-nothing at its end.
    pub fn elapsed_fraction(self, day: Date) -> f64 {
        let length = self.start.days_until(self.end);
        if day >= self.end {
            1.0
        } else if day <= self.start || length <= 0 {
            0.0
        } else {
            self.start.days_until(day) as f64 / length as f64
        }
    }

    /// Whether the two periods share at least one day.
    pub fn overlaps(self, other: Period) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    /// Whether `day` lies within the period, both ends included.
    pub fn contains(self, day: Date) -> bool {
        self.start <= day && day <= self.end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn parses_and_prints_iso_days() {
        assert_eq!(d("2026-03-31").to_string(), "2026-03-31");
        assert_eq!(d("2024-02-29"), Date::new(2024, 2, 29).unwrap());
    }

    #[test]
    fn refuses_other_shapes_and_missing_days() {
        for bad in ["2026-3-31", "26-03-31", "2026/03/31", "2026-03-31T00:00", "", "２０２６-03-31"] {
            assert!(matches!(bad.parse::<Date>(), Err(DateError::Shape(_))), "{bad}");
        }
        for bad in ["2026-02-29", "2026-13-01", "2026-04-31", "0000-01-01", "2026-00-10"] {
            assert!(matches!(bad.parse::<Date>(), Err(DateError::NoSuchDay(_))), "{bad}");
        }
    }

    #[test]
    fn day_numbers_match_known_epochs() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("2026-01-01").days_until(d("2026-12-31")), 364);
        assert_eq!(Date::from_days_since_epoch(20_454), Some(d("2026-01-01")));
    }

    #[test]
    fn day_numbers_round_trip_over_the_whole_range() {
        let mut day = Date::MIN.days_since_epoch();
        let last = Date::MAX.days_since_epoch();
        let mut previous = None;
        while day <= last {
            let date = Date::from_days_since_epoch(day).unwrap();
            assert_eq!(date.days_since_epoch(), day);
            if let Some(p) = previous {
                assert!(p < date);
            }
            previous = Some(date);
            day += 1;
        }
        assert_eq!(Date::from_days_since_epoch(last + 1), None);
        assert_eq!(Date::MAX.add_days(1), Date::MAX);
        assert_eq!(Date::MIN.add_days(-1), Date::MIN);
    }

    #[test]
    fn elapsed_fraction_is_clamped_and_linear() {
        let q1 = Period { start: d("2026-01-01"), end: d("2026-03-31") };
        assert_eq!(q1.elapsed_fraction(d("2025-12-01")), 0.0);
        assert_eq!(q1.elapsed_fraction(d("2026-01-01")), 0.0);
        assert_eq!(q1.elapsed_fraction(d("2026-03-31")), 1.0);
        assert_eq!(q1.elapsed_fraction(d("2026-06-01")), 1.0);
        let mid = q1.elapsed_fraction(d("2026-02-15"));
        assert!((mid - 45.0 / 89.0).abs() < 1e-12);
        let backwards = Period { start: d("2026-03-31"), end: d("2026-01-01") };
        assert_eq!(backwards.elapsed_fraction(d("2025-12-01")), 0.0);
        assert_eq!(backwards.elapsed_fraction(d("2026-04-01")), 1.0);
    }
}
