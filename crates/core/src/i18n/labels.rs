//! The words for the domain's enums, in both languages, shared by the app and the CLI
//! so a status reads the same on a projector and in a terminal.

use crate::i18n::Text;
use crate::model::{Kind, Level};
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

/// Progress in [0, 1] as a whole percentage: `43%`.
pub fn percent(progress: f64) -> String {
    format!("{:.0}%", (progress * 100.0).clamp(0.0, 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn percentages_are_whole_and_clamped() {
        assert_eq!(percent(0.434), "43%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(-0.2), "0%");
    }
}
