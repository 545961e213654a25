//! Rules about periods: the calendar quarter of a day, the period that follows
//! another (keeping its shape), and the quick picks of the period editor. Every
//! caller (the sample, the templates, grading's roll-over, the editor's "copy to next
//! cycle" and quick picks) asks here, so a month-long or sprint-length cycle is
//! continued the same way everywhere.

use std::fmt;
use std::str::FromStr;

use crate::calendar::{Date, Period};
use crate::model::UnknownName;

/// The calendar quarter containing `day`.
pub fn quarter_of(day: Date) -> Period {
    let first_month = (day.month() - 1) / 3 * 3 + 1;
    let start = Date::new(day.year(), first_month, 1).unwrap_or(day);
    Period { start, end: last_day_within(start, 3) }
}

/// The calendar year containing `day`.
pub fn year_of(day: Date) -> Period {
    let start = Date::new(day.year(), 1, 1).unwrap_or(day);
    Period { start, end: last_day_within(start, 12) }
}

/// The period after `period`, of the same shape: a run of whole months is followed by
/// as many whole months (Q1 → Q2, H1 → H2, a month → the next month, a year → the next
/// year); any other period (a sprint) by one of the same number of days, starting the
/// day after it ends.
pub fn next_period(period: Period) -> Period {
    let start = period.end.add_days(1);
    match whole_months(period) {
        Some(count) => Period { start, end: last_day_within(start, count) },
        None => Period { start, end: start.add_days(period.start.days_until(period.end)) },
    }
}

/// The period a new cycle starts in: the one after the latest of `periods` (the one
/// that ends last; of those, the one that starts last), or, with none, the quarter
/// after the one containing `today`.
pub fn next_cycle(periods: impl IntoIterator<Item = Period>, today: Date) -> Period {
    let latest = periods.into_iter().max_by_key(|p| (p.end, p.start));
    next_period(latest.unwrap_or_else(|| quarter_of(today)))
}

/// How many whole calendar months `period` covers, if it starts on a 1st and ends on
/// the last day of a month.
pub fn whole_months(period: Period) -> Option<i64> {
    let (start, end) = (period.start, period.end);
    let ends_a_month = end.add_days(1).day() == 1;
    if start.day() != 1 || !ends_a_month || end < start {
        return None;
    }
    let count =
        (i64::from(end.year()) - i64::from(start.year())) * 12 + i64::from(end.month()) - i64::from(start.month()) + 1;
    Some(count)
}

/// The 1st of the month `count` months after `first` (itself a 1st); `None` beyond the
/// calendar.
pub fn add_months(first: Date, count: i64) -> Option<Date> {
    let index = i64::from(first.year()) * 12 + i64::from(first.month()) - 1 + count;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    Date::new(u16::try_from(year).ok()?, u8::try_from(month).ok()?, 1)
}

/// The last day of the `count` whole months starting at `first` (a 1st); the calendar's
/// last day when they run past it.
fn last_day_within(first: Date, count: i64) -> Date {
    add_months(first, count).map_or(Date::MAX, |next| next.add_days(-1))
}

/// The period editor's one-click choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuickPick {
    ThisQuarter,
    NextQuarter,
    ThisYear,
}

impl QuickPick {
    pub const ALL: [QuickPick; 3] = [QuickPick::ThisQuarter, QuickPick::NextQuarter, QuickPick::ThisYear];

    /// The pick's id, as the UI names it (`this-quarter`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            QuickPick::ThisQuarter => "this-quarter",
            QuickPick::NextQuarter => "next-quarter",
            QuickPick::ThisYear => "this-year",
        }
    }

    /// The period the pick means on `today`.
    pub fn period(self, today: Date) -> Period {
        match self {
            QuickPick::ThisQuarter => quarter_of(today),
            QuickPick::NextQuarter => next_period(quarter_of(today)),
            QuickPick::ThisYear => year_of(today),
        }
    }
}

impl fmt::Display for QuickPick {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

crate::model::from_name!(QuickPick, "period pick");

/// A period as one text, `start/end` (ISO 8601's interval form): the value of a period
/// in a form's choice.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.start, self.end)
    }
}

impl FromStr for Period {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Period, UnknownName> {
        let unknown = || UnknownName { what: "period", found: text.to_owned() };
        let (start, end) = text.split_once('/').ok_or_else(unknown)?;
        Ok(Period { start: start.parse().map_err(|_| unknown())?, end: end.parse().map_err(|_| unknown())? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn p(start: &str, end: &str) -> Period {
        Period { start: d(start), end: d(end) }
    }

    #[test]
    fn quarters_cover_the_year() {
        assert_eq!(quarter_of(d("2026-11-22")), p("2026-10-01", "2026-12-31"));
        assert_eq!(quarter_of(d("2024-02-29")), p("2024-01-01", "2024-03-31"));
        assert_eq!(quarter_of(d("2026-06-30")), p("2026-04-01", "2026-06-30"));
        assert_eq!(quarter_of(Date::MIN).start, Date::MIN);
        // Every day of a leap year lies in its quarter, and quarters tile the year.
        let mut day = d("2024-01-01");
        while day.year() == 2024 {
            let q = quarter_of(day);
            assert!(q.contains(day), "{day}");
            assert_eq!(quarter_of(q.end.add_days(1)).start, q.end.add_days(1));
            day = day.add_days(1);
        }
    }

    #[test]
    fn next_periods_keep_their_shape() {
        assert_eq!(next_period(p("2026-01-01", "2026-03-31")), p("2026-04-01", "2026-06-30"));
        assert_eq!(next_period(p("2026-10-01", "2026-12-31")), p("2027-01-01", "2027-03-31"));
        assert_eq!(next_period(p("2024-02-01", "2024-02-29")), p("2024-03-01", "2024-03-31"));
        assert_eq!(next_period(p("2026-01-01", "2026-06-30")), p("2026-07-01", "2026-12-31"));
        assert_eq!(next_period(p("2026-01-05", "2026-01-18")), p("2026-01-19", "2026-02-01"));
        assert_eq!(whole_months(p("2026-01-02", "2026-01-31")), None);
        assert_eq!(add_months(d("2026-11-01"), 3), Some(d("2027-02-01")));
        assert_eq!(add_months(d("2026-01-01"), -1), Some(d("2025-12-01")));
        assert_eq!(next_period(quarter_of(Date::MAX)).end, Date::MAX, "the calendar's end, not a panic");
    }

    #[test]
    fn a_new_cycle_follows_the_latest_period() {
        let today = d("2026-05-10");
        assert_eq!(next_cycle([], today), p("2026-07-01", "2026-09-30"));
        let month = p("2026-02-01", "2026-02-28");
        assert_eq!(next_cycle([p("2026-01-01", "2026-01-31"), month], today), p("2026-03-01", "2026-03-31"));
        let sprint = p("2026-01-05", "2026-01-18");
        assert_eq!(next_cycle([sprint], today), p("2026-01-19", "2026-02-01"));
        // A year and its last quarter end together: the cycle is the next quarter.
        let year = p("2026-01-01", "2026-12-31");
        assert_eq!(next_cycle([year, p("2026-10-01", "2026-12-31")], today), p("2027-01-01", "2027-03-31"));
    }

    #[test]
    fn quick_picks_name_their_periods() {
        let today = d("2026-11-22");
        assert_eq!(QuickPick::ThisQuarter.period(today), p("2026-10-01", "2026-12-31"));
        assert_eq!(QuickPick::NextQuarter.period(today), p("2027-01-01", "2027-03-31"));
        assert_eq!(QuickPick::ThisYear.period(today), p("2026-01-01", "2026-12-31"));
        for pick in QuickPick::ALL {
            assert_eq!(pick.as_str().parse(), Ok(pick));
        }
        assert!("last-decade".parse::<QuickPick>().is_err());
    }

    #[test]
    fn periods_read_back_from_their_interval_text() {
        let q = p("2026-01-01", "2026-03-31");
        assert_eq!(q.to_string(), "2026-01-01/2026-03-31");
        assert_eq!(q.to_string().parse(), Ok(q));
        for bad in ["", "2026-01-01", "2026-01-01/", "/2026-01-01", "2026-01-01/2026-13-01", "a/b"] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }
}
