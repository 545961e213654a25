//! The check-in reminder as an iCalendar file (`.ics`, RFC 5545): one recurring event
//! on the document's cadence, at a day and time the user picks, that any calendar app
//! imports (seed 003: owners update their key results before every meeting, and the
//! tools teams use elsewhere remind them to).
//!
//! Pure text in, text out: the caller passes the first day, the time, the cadence, the
//! day it is written (for `DTSTAMP`) and the link back; this module reads no clock.
//! The time is a *floating* local time (no time zone): 09:00 means nine in the
//! morning wherever the calendar is, which is what a team in one city means, and it
//! needs no time-zone database. The event's description links back to the document
//! (its share link or the `?src=` address) when there is one, else it says where to
//! go; either way it names the "Check in my key results" flow.
//!
//! What RFC 5545 asks of the text is done here: CRLF line ends, lines folded at 75
//! octets without splitting a character, and `\`, `;`, `,` and new lines escaped in
//! text values.

use crate::calendar::Date;
use crate::i18n::{Lang, Text};

/// A reminder to write.
#[derive(Clone, Debug, PartialEq)]
pub struct Reminder<'a> {
    /// The document's title, for the event's summary.
    pub title: &'a str,
    /// The day of the first reminder.
    pub first: Date,
    /// Hour (0–23) and minute (0–59) of the reminder, local time; out-of-range values
    /// are clamped.
    pub time: (u8, u8),
    /// Days between reminders (the document's `cadence_days`, at least 1).
    pub cadence_days: u32,
    /// Where the document opens: a share link or a `?src=` address.
    pub link: Option<&'a str>,
    /// The day the file is written (`DTSTAMP`).
    pub written: Date,
    pub lang: Lang,
}

/// How long the event lasts: a check-in takes a few minutes.
const MINUTES: u32 = 15;

/// The weekday of `date`, Monday 0 to Sunday 6 (1970-01-01 was a Thursday).
pub fn weekday(date: Date) -> u8 {
    // rem_euclid of 7 is in 0..7.
    (date.days_since_epoch() + 3).rem_euclid(7) as u8
}

/// The first day on or after `from` that falls on `weekday` (Monday 0 to Sunday 6):
/// the first reminder for "every Monday" chosen today.
pub fn next_weekday(from: Date, weekday_wanted: u8) -> Date {
    let ahead = (i64::from(weekday_wanted % 7) - i64::from(weekday(from))).rem_euclid(7);
    from.add_days(ahead)
}

/// The words of the reminder.
fn summary(title: &str) -> Text {
    let title = title.trim();
    if title.is_empty() {
        Text::new("OKR 进度更新", "OKR check-in")
    } else {
        Text::new(format!("OKR 进度更新：{title}"), format!("OKR check-in: {title}"))
    }
}

fn description(link: Option<&str>, cadence_days: u32) -> Text {
    let how = Text::new(
        "在 okrpad 中点“更新我的关键结果”，逐条填写进度、信心、进展和障碍。",
        "In okrpad, choose “Check in my key results” and go through each one: value, confidence, what happened, what is in the way.",
    );
    match link {
        Some(link) => Text::new(
            format!("每 {cadence_days} 天更新一次关键结果。打开：{link}\n{}", how.zh),
            format!("Check in your key results every {cadence_days} days. Open: {link}\n{}", how.en),
        ),
        None => Text::new(
            format!(
                "每 {cadence_days} 天更新一次关键结果。打开团队的 okrpad 文档（.okr.json 文件或分享链接）。\n{}",
                how.zh
            ),
            format!(
                "Check in your key results every {cadence_days} days. Open your team's okrpad document (its .okr.json file or share link).\n{}",
                how.en
            ),
        ),
    }
}

/// A TEXT value escaped as RFC 5545 §3.3.11 asks.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (§3.1) without splitting a character, with CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let size = c.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1; // the leading space counts
        }
        out.push(c);
        width += size;
    }
    out.push_str("\r\n");
}

/// A stable id for the event: the same document and schedule give the same `UID`, so
/// importing the file again updates the event instead of adding a second one.
fn uid(reminder: &Reminder<'_>) -> String {
    // FNV-1a: tiny, and stable across builds (unlike the std hasher).
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in reminder.title.bytes().chain(reminder.link.unwrap_or_default().bytes()) {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("okrpad-checkin-{hash:016x}@okrpad")
}

fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// The `.ics` text of `reminder`.
///
/// ```
/// use okrpad_core::i18n::Lang;
/// use okrpad_core::meetings::reminder::{Reminder, to_ics};
/// let day = |t: &str| t.parse().unwrap();
/// let ics = to_ics(&Reminder {
///     title: "Q1 销售", first: day("2026-03-02"), time: (9, 0), cadence_days: 14,
///     link: None, written: day("2026-02-27"), lang: Lang::En,
/// });
/// assert!(ics.contains("DTSTART:20260302T090000\r\n"));
/// assert!(ics.contains("RRULE:FREQ=WEEKLY;INTERVAL=2\r\n"));
/// ```
pub fn to_ics(reminder: &Reminder<'_>) -> String {
    let (hour, minute) = (reminder.time.0.min(23), reminder.time.1.min(59));
    let cadence = reminder.cadence_days.max(1);
    let rule = if cadence.is_multiple_of(7) {
        format!("FREQ=WEEKLY;INTERVAL={}", cadence / 7)
    } else {
        format!("FREQ=DAILY;INTERVAL={cadence}")
    };
    let summary = summary(reminder.title).get(reminder.lang).to_owned();
    let description = description(reminder.link, cadence).get(reminder.lang).to_owned();
    let mut out = String::new();
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//okrpad//check-in reminder//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", uid(reminder)),
        format!("DTSTAMP:{}T000000Z", compact(reminder.written)),
        format!("DTSTART:{}T{hour:02}{minute:02}00", compact(reminder.first)),
        format!("DURATION:PT{MINUTES}M"),
        format!("RRULE:{rule}"),
        format!("SUMMARY:{}", text(&summary)),
        format!("DESCRIPTION:{}", text(&description)),
    ];
    for content in &lines {
        line(&mut out, content);
    }
    if let Some(link) = reminder.link {
        // URI values are not TEXT: no escaping, but no line breaks either.
        let link: String = link.chars().filter(|c| !c.is_control()).collect();
        line(&mut out, &format!("URL:{link}"));
    }
    for content in [
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        format!("DESCRIPTION:{}", text(&summary)),
        "TRIGGER:PT0M".to_owned(),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ] {
        line(&mut out, &content);
    }
    out
}

/// A file name for the reminder: `okr-checkin.ics`.
pub const FILE_NAME: &str = "okr-checkin.ics";

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{Calendar, CalendarComponent, Component};

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn reminder<'a>(title: &'a str, link: Option<&'a str>, cadence_days: u32, lang: Lang) -> Reminder<'a> {
        Reminder { title, first: d("2026-03-02"), time: (9, 30), cadence_days, link, written: d("2026-02-27"), lang }
    }

    /// The one event of `ics`, read by the independent `icalendar` parser.
    fn parse(ics: &str) -> icalendar::Event {
        let calendar: Calendar = ics.parse().unwrap_or_else(|e| panic!("{e}\n{ics}"));
        let mut events = calendar.components.into_iter().filter_map(|c| match c {
            CalendarComponent::Event(event) => Some(event),
            _ => None,
        });
        let event = events.next().expect("one event");
        assert!(events.next().is_none(), "only one event");
        event
    }

    #[test]
    fn weekdays_follow_the_calendar() {
        assert_eq!(weekday(d("1970-01-01")), 3, "a Thursday");
        assert_eq!(weekday(d("2026-03-02")), 0, "a Monday");
        assert_eq!(weekday(d("2026-03-08")), 6, "a Sunday");
        for from in ["2026-02-25", "2026-03-01", "2026-03-02"] {
            assert_eq!(next_weekday(d(from), 0), d("2026-03-02"), "next Monday from {from}");
        }
        assert_eq!(next_weekday(d("2026-03-03"), 0), d("2026-03-09"));
        assert_eq!(next_weekday(d("2026-03-03"), 4), d("2026-03-06"));
    }

    #[test]
    fn an_independent_parser_reads_the_event_in_both_languages() {
        let link = "https://okrpad.example/?src=https%3A%2F%2Fexample.com%2Fq1.okr.json#okr1.abc-_";
        for lang in Lang::ALL {
            let title = "Q1 销售, 华东; \\ 团队";
            let ics = to_ics(&reminder(title, Some(link), 14, lang));
            let event = parse(&ics);
            let summary = event.get_summary().expect("a summary");
            assert!(summary.ends_with(title), "{summary:?}: escaped and unescaped back");
            let description = event.get_description().expect("a description");
            assert!(description.contains(link), "{description:?}");
            assert!(description.contains(if lang == Lang::Zh {
                "更新我的关键结果"
            } else {
                "Check in my key results"
            }));
            assert_eq!(event.get_url(), Some(link));
            assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;INTERVAL=2"));
            assert_eq!(event.property_value("DTSTART"), Some("20260302T093000"));
            assert_eq!(event.property_value("DURATION"), Some("PT15M"));
            assert!(event.get_uid().is_some_and(|uid| uid.starts_with("okrpad-checkin-")));
            assert!(event.property_value("DTSTAMP").is_some());
        }
    }

    #[test]
    fn without_a_link_the_description_says_where_to_go() {
        let event = parse(&to_ics(&reminder("", None, 7, Lang::En)));
        assert_eq!(event.get_summary(), Some("OKR check-in"));
        assert!(event.get_description().is_some_and(|d| d.contains(".okr.json file or share link")));
        assert_eq!(event.get_url(), None);
        assert_eq!(event.property_value("RRULE"), Some("FREQ=WEEKLY;INTERVAL=1"));
        let daily = parse(&to_ics(&reminder("", None, 10, Lang::Zh)));
        assert_eq!(daily.property_value("RRULE"), Some("FREQ=DAILY;INTERVAL=10"));
    }

    #[test]
    fn lines_end_in_crlf_and_fold_at_75_octets_between_characters() {
        let long = "华".repeat(80) + &"x".repeat(100);
        let ics = to_ics(&reminder(&long, Some(&format!("https://e.example/{}", "y".repeat(200))), 7, Lang::Zh));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "no bare line feed");
        for physical in ics.split("\r\n") {
            assert!(physical.len() <= 75, "{} octets: {physical:?}", physical.len());
        }
        // Unfolded, the summary is whole again.
        assert!(parse(&ics).get_summary().is_some_and(|s| s.ends_with(&long)));
    }

    #[test]
    fn times_are_clamped_and_cadences_of_zero_are_daily() {
        let mut r = reminder("t", None, 0, Lang::En);
        r.time = (25, 99);
        let event = parse(&to_ics(&r));
        assert_eq!(event.property_value("DTSTART"), Some("20260302T235900"));
        assert_eq!(event.property_value("RRULE"), Some("FREQ=DAILY;INTERVAL=1"));
    }
}
