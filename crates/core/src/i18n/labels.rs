//! The words for the domain's enums, in both languages, shared by the app and the CLI
//! so a status reads the same on a projector and in a terminal.

use crate::i18n::Text;
use crate::model::{Kind, Level, Metric};
use crate::rules::Severity;
use crate::scoring::{Band, Status};

/// A value with a name people read (as opposed to its id in files).
pub trait Label {
    fn label(&self) -> Text;
}

fn text(zh: &str, en: &str) -> Text {
    Text::new(zh, en)
}

impl Label for Status {
    fn label(&self) -> Text {
        match self {
            Status::NotStarted => text("未开始", "Not started"),
            Status::OnTrack => text("正常", "On track"),
            Status::AtRisk => text("有风险", "At risk"),
            Status::OffTrack => text("落后", "Off track"),
        }
    }
}

impl Label for Level {
    fn label(&self) -> Text {
        match self {
            Level::Company => text("公司", "Company"),
            Level::Department => text("部门", "Department"),
            Level::Team => text("团队", "Team"),
            Level::Individual => text("个人", "Individual"),
        }
    }
}

impl Label for Kind {
    fn label(&self) -> Text {
        match self {
            Kind::Committed => text("承诺型", "Committed"),
            Kind::Aspirational => text("挑战型", "Aspirational"),
        }
    }
}

impl Label for Band {
    fn label(&self) -> Text {
        match self {
            Band::Red => text("红", "Red"),
            Band::Yellow => text("黄", "Yellow"),
            Band::Green => text("绿", "Green"),
        }
    }
}

impl Label for Severity {
    fn label(&self) -> Text {
        match self {
            Severity::Error => text("错误", "Error"),
            Severity::Warning => text("警告", "Warning"),
            Severity::Info => text("提示", "Note"),
        }
    }
}

/// A number as people write it: thousands grouped, at most two decimals, no
/// trailing zeros (`3,000`, `0.5`, `1,234.57`).
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{:.2}", rounded.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if fraction.is_empty() { format!("{sign}{grouped}") } else { format!("{sign}{grouped}.{fraction}") }
}

/// A figure as a file writes it, for a text that is read back (a share link, a CSV
/// cell, a form field, an adjustment's record, a merge choice): the shortest text that
/// parses back to exactly the same `f64`. Whole numbers below 2^53 have no decimal point
/// (`3000`, `-2`); others are Rust's shortest round-trip form (`0.5`, `1.25`), which
/// uses an exponent only for values no one types (below 1e-5 or from 1e16 on: `1e-7`).
/// People reading a figure get [`number`] instead.
pub fn plain_number(value: f64) -> String {
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    if value.fract() == 0.0 && value.abs() < EXACT {
        // Exact: a whole number below 2^53 converts to i64 without loss (and -0 reads 0).
        format!("{}", value as i64)
    } else {
        format!("{value:?}")
    }
}

/// `value` rounded to 4 decimals, as exports show a progress (`0.3`, not
/// `0.30000000000000004`).
pub fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// Progress in [0, 1] as a whole percentage: `43%`.
pub fn percent(progress: f64) -> String {
    format!("{:.0}%", (progress * 100.0).clamp(0.0, 100.0))
}

/// A key result's figures as shown next to it: "1,850 / 3,000 partners", ✓ or ○ for
/// a milestone; `None` for a roll-up or an unmeasurable key result.
pub fn key_result_figures(metric: Option<&Metric>, current: Option<f64>) -> Option<String> {
    match metric? {
        // A sum or mean shows its computed value like a number.
        Metric::Number { start, target, unit }
        | Metric::Sum { start, target, unit }
        | Metric::Mean { start, target, unit } => {
            Some(format!("{} / {} {}", number(current.unwrap_or(*start)), number(*target), unit))
        }
        Metric::Milestone => Some(if current.unwrap_or(0.0) >= 1.0 { "✓" } else { "○" }.to_owned()),
        Metric::Children => None,
        Metric::Health(band) => {
            let limit = |x: Option<f64>| x.map(number).unwrap_or_else(|| "…".to_owned());
            let value = current.map(number).unwrap_or_else(|| "–".to_owned());
            Some(format!("{value} {} ({}–{})", band.unit, limit(band.min), limit(band.max)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Health;

    #[test]
    fn key_result_figures_read_as_the_card_shows_them() {
        let number = Metric::Number { start: 0.0, target: 3000.0, unit: "个".into() };
        assert_eq!(key_result_figures(Some(&number), Some(1850.0)).as_deref(), Some("1,850 / 3,000 个"));
        assert_eq!(key_result_figures(Some(&number), None).as_deref(), Some("0 / 3,000 个"));
        assert_eq!(key_result_figures(Some(&Metric::Milestone), Some(1.0)).as_deref(), Some("✓"));
        assert_eq!(key_result_figures(Some(&Metric::Children), Some(0.5)), None);
        assert_eq!(key_result_figures(None, Some(1.0)), None);
        let band = Health { min: Some(95.0), max: None, warn_below: None, warn_above: None, unit: "%".into() };
        assert_eq!(key_result_figures(Some(&Metric::Health(band)), Some(96.5)).as_deref(), Some("96.5 % (95–…)"));
    }

    #[test]
    fn numbers_group_thousands_and_drop_trailing_zeros() {
        assert_eq!(number(3000.0), "3,000");
        assert_eq!(number(1234567.891), "1,234,567.89");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(-1200.0), "-1,200");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(999.999), "1,000");
    }

    #[test]
    fn plain_numbers_read_back_exactly() {
        assert_eq!(plain_number(3000.0), "3000");
        assert_eq!(plain_number(-0.0), "0");
        assert_eq!(plain_number(0.5), "0.5");
        assert_eq!(plain_number(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(plain_number(1e-7), "1e-7");
        assert_eq!(plain_number(9_007_199_254_740_992.0), "9007199254740992.0");
        for value in [0.0, 1.0, -2.5, 1.0 / 3.0, 123_456.789, 1e-7, 4.5e15, 1e300, f64::MIN_POSITIVE, f64::MAX] {
            assert_eq!(plain_number(value).parse::<f64>(), Ok(value), "{value}");
        }
    }

    #[test]
    fn round4_keeps_four_decimals() {
        assert_eq!(round4(0.1 + 0.2), 0.3);
        assert_eq!(round4(2.0 / 3.0), 0.6667);
        assert_eq!(round4(1.0), 1.0);
    }

    #[test]
    fn percentages_are_whole_and_clamped() {
        assert_eq!(percent(0.434), "43%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(-0.2), "0%");
    }
}
