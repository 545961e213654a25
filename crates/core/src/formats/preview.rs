//! What a document holds, in one line: for the dialog that opens before an import, a
//! dropped file or a link replaces or merges anything ("3 objectives, 14 key results,
//! 28 check-ins, 2026-01-01 to 2026-03-31, latest check-in 2026-02-08").

use crate::calendar::{Date, Period};
use crate::i18n::Text;
use crate::model::Document;

/// Counts and dates of a document, to show before it changes anything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    pub title: String,
    pub objectives: usize,
    pub key_results: usize,
    pub check_ins: usize,
    /// The distinct owners of objectives and key results, in document order.
    pub owners: Vec<String>,
    /// From the earliest period start to the latest period end, if any objective has a period.
    pub span: Option<Period>,
    /// The date of the most recent check-in.
    pub latest_check_in: Option<Date>,
}

impl Preview {
    /// ```
    /// use okrpad_core::{calendar::Date, i18n::Lang, formats::preview::Preview, content::sample::sample};
    /// let preview = Preview::of(&sample(Lang::En, Date::new(2026, 2, 15).unwrap()));
    /// assert_eq!(preview.objectives, 4);
    /// assert!(preview.text().en.starts_with("4 objectives, "));
    /// ```
    pub fn of(document: &Document) -> Preview {
        let mut owners: Vec<String> = Vec::new();
        let mut add_owner = |owner: &str| {
            if !owner.is_empty() && !owners.iter().any(|o| o == owner) {
                owners.push(owner.to_owned());
            }
        };
        let (mut key_results, mut check_ins) = (0, 0);
        let mut latest_check_in: Option<Date> = None;
        let mut span: Option<Period> = None;
        for objective in &document.objectives {
            add_owner(&objective.owner);
            if let Some(period) = objective.period {
                span = Some(match span {
                    None => period,
                    Some(s) => Period { start: s.start.min(period.start), end: s.end.max(period.end) },
                });
            }
            for kr in &objective.key_results {
                add_owner(&kr.owner);
                key_results += 1;
                check_ins += kr.check_ins.len();
                latest_check_in = kr.check_ins.iter().map(|c| c.date).chain(latest_check_in).max();
            }
        }
        Preview {
            title: document.title.clone(),
            objectives: document.objectives.len(),
            key_results,
            check_ins,
            owners,
            span,
            latest_check_in,
        }
    }

    /// The counts and dates as one line in both languages (without the title).
    pub fn text(&self) -> Text {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut zh = vec![
            format!("{} 个目标", self.objectives),
            format!("{} 个关键结果", self.key_results),
            format!("{} 条进度记录", self.check_ins),
        ];
        let mut en = vec![
            plural(self.objectives, "objective", "objectives"),
            plural(self.key_results, "key result", "key results"),
            plural(self.check_ins, "check-in", "check-ins"),
        ];
        if !self.owners.is_empty() {
            zh.push(format!("{} 位负责人", self.owners.len()));
            en.push(plural(self.owners.len(), "owner", "owners"));
        }
        if let Some(span) = self.span {
            zh.push(format!("{} 至 {}", span.start, span.end));
            en.push(format!("{} to {}", span.start, span.end));
        }
        if let Some(date) = self.latest_check_in {
            zh.push(format!("最近一次进度记录 {date}"));
            en.push(format!("latest check-in {date}"));
        }
        Text::new(zh.join("\u{ff0c}"), en.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::file::parse;

    #[test]
    fn the_sales_fixture_in_one_line() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/sales-2026q1.okr.json");
        let preview = Preview::of(&parse(&std::fs::read_to_string(path).unwrap()).unwrap());
        assert_eq!(
            preview.text().en,
            "3 objectives, 14 key results, 25 check-ins, 6 owners, 2026-01-01 to 2026-03-31, latest check-in 2026-02-08"
        );
        assert_eq!(
            preview.text().zh,
            "3 个目标，14 个关键结果，25 条进度记录，6 位负责人，2026-01-01 至 2026-03-31，最近一次进度记录 2026-02-08"
        );
        assert_eq!(Preview::of(&Document::default()).text().en, "0 objectives, 0 key results, 0 check-ins");
    }
}
