//! The weekly review (seed 000's 周会 with traffic lights): what changed between two
//! dates, ready to paste into the meeting notes.
//!
//! Three lists, all derived from the document itself, since check-ins are dated:
//! - **new check-ins**: dated after `since` and on or before `at`;
//! - **status changes**: objectives and key results whose status as of `since`
//!   differs from their status as of `at` (the status history is the scoring rerun
//!   on each date, so nothing extra has to be stored);
//! - **new blockers**: the new check-ins that name blockers.
//!
//! `since` itself belongs to the earlier state: a check-in dated on `since` was
//! already there when that day's status was taken, so it is not new.

use crate::calendar::Date;
use crate::formats::markdown::escape;
use crate::i18n::labels::{Label, number};
use crate::i18n::{Lang, Text};
use crate::model::{Document, Id, Metric};
use crate::scoring::{Status, score};

/// A check-in made in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct NewCheckIn {
    pub objective: Id,
    pub objective_title: String,
    pub key_result: Id,
    pub title: String,
    /// The key result's owner, or its objective's.
    pub owner: String,
    pub date: Date,
    pub value: f64,
    /// The value of the check-in before it, if any.
    pub previous: Option<f64>,
    pub unit: String,
    pub note: String,
    pub blockers: String,
}

/// An objective or key result whose status moved.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    pub objective: Id,
    pub key_result: Option<Id>,
    pub title: String,
    pub from: Status,
    pub to: Status,
}

/// What changed between `since` and `at`.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub since: Date,
    pub at: Date,
    /// Oldest first.
    pub check_ins: Vec<NewCheckIn>,
    /// In document order, an objective before its key results.
    pub changes: Vec<StatusChange>,
}

impl Review {
    /// The new check-ins that name blockers.
    pub fn blockers(&self) -> impl Iterator<Item = &NewCheckIn> {
        self.check_ins.iter().filter(|c| !c.blockers.trim().is_empty())
    }
}

/// The review of `document` between `since` and `at`.
pub fn review(document: &Document, since: Date, at: Date) -> Review {
    let mut check_ins = Vec::new();
    for objective in &document.objectives {
        for kr in &objective.key_results {
            let unit = match &kr.metric {
                Some(Metric::Number { unit, .. }) => unit.clone(),
                _ => String::new(),
            };
            let mut sorted: Vec<_> = kr.check_ins.iter().collect();
            sorted.sort_by_key(|c| c.date); // stable: same-day ones keep their order
            for (n, c) in sorted.iter().enumerate() {
                if c.date <= since || c.date > at {
                    continue;
                }
                let owner = if kr.owner.trim().is_empty() { &objective.owner } else { &kr.owner };
                check_ins.push(NewCheckIn {
                    objective: objective.id.clone(),
                    objective_title: objective.title.clone(),
                    key_result: kr.id.clone(),
                    title: kr.title.clone(),
                    owner: owner.trim().to_owned(),
                    date: c.date,
                    value: c.value,
                    previous: n.checked_sub(1).map(|p| sorted[p].value),
                    unit: unit.clone(),
                    note: c.note.clone(),
                    blockers: c.blockers.clone(),
                });
            }
        }
    }
    check_ins.sort_by_key(|c| c.date);

    let (before, after) = (score(document, since), score(document, at));
    let mut changes = Vec::new();
    for (i, objective) in document.objectives.iter().enumerate() {
        let (Some(from), Some(to)) = (before.objective(i), after.objective(i)) else { continue };
        if from.status != to.status {
            changes.push(StatusChange {
                objective: objective.id.clone(),
                key_result: None,
                title: objective.title.clone(),
                from: from.status,
                to: to.status,
            });
        }
        for (j, kr) in objective.key_results.iter().enumerate() {
            let (Some(from), Some(to)) = (before.key_result(i, j), after.key_result(i, j)) else { continue };
            if from.status != to.status {
                changes.push(StatusChange {
                    objective: objective.id.clone(),
                    key_result: Some(kr.id.clone()),
                    title: kr.title.clone(),
                    from: from.status,
                    to: to.status,
                });
            }
        }
    }
    Review { since, at, check_ins, changes }
}

/// The words of the review, in both languages.
pub struct Words;

impl Words {
    pub fn heading() -> Text {
        Text::new("周回顾", "Weekly review")
    }
    pub fn check_ins() -> Text {
        Text::new("新的进度记录", "New check-ins")
    }
    pub fn changes() -> Text {
        Text::new("状态变化", "Status changes")
    }
    pub fn blockers() -> Text {
        Text::new("新的障碍", "New blockers")
    }
    pub fn none() -> Text {
        Text::new("无", "None")
    }
    pub fn window(since: Date, at: Date) -> Text {
        Text::new(format!("{since} 之后至 {at}"), format!("after {since}, up to {at}"))
    }
}

/// A value with its unit, and where it came from: `1,200 → 1,500 个`.
pub fn value_text(check_in: &NewCheckIn) -> String {
    let unit = if check_in.unit.is_empty() { String::new() } else { format!(" {}", check_in.unit) };
    match check_in.previous {
        Some(p) => format!("{} → {}{unit}", number(p), number(check_in.value)),
        None => format!("{}{unit}", number(check_in.value)),
    }
}

/// The review as Markdown for the meeting notes, in `lang`. The same text the app
/// copies and downloads and `okrpad review` prints.
pub fn to_markdown(review: &Review, title: &str, lang: Lang) -> String {
    let t = |text: Text| text.get(lang).to_owned();
    let (open, close, sep) = match lang {
        Lang::Zh => ("（", "）", "，"),
        Lang::En => (" (", ")", ", "),
    };
    let colon = if lang == Lang::Zh { "：" } else { ": " };
    let mut out = String::new();
    let name = if title.trim().is_empty() { String::new() } else { format!("{colon}{}", escape(title.trim())) };
    out.push_str(&format!("# {}{name}\n\n", t(Words::heading())));
    out.push_str(&format!("{}\n", t(Words::window(review.since, review.at))));

    out.push_str(&format!("\n## {} ({})\n\n", t(Words::check_ins()), review.check_ins.len()));
    for c in &review.check_ins {
        let mut context = vec![escape(&c.objective_title)];
        if !c.owner.is_empty() {
            context.push(escape(&c.owner));
        }
        out.push_str(&format!(
            "- {} **{}**{open}{}{close}{colon}{}",
            c.date,
            escape(&c.title),
            context.join(sep),
            escape(&value_text(c))
        ));
        if !c.note.trim().is_empty() {
            let label = if lang == Lang::Zh { "进展：" } else { "note: " };
            out.push_str(&format!("{sep}{label}{}", escape(&one_line(&c.note))));
        }
        out.push('\n');
    }
    if review.check_ins.is_empty() {
        out.push_str(&format!("- {}\n", t(Words::none())));
    }

    out.push_str(&format!("\n## {} ({})\n\n", t(Words::changes()), review.changes.len()));
    for change in &review.changes {
        out.push_str(&format!(
            "- {}{colon}{} → {}\n",
            escape(&change.title),
            t(change.from.label()),
            t(change.to.label())
        ));
    }
    if review.changes.is_empty() {
        out.push_str(&format!("- {}\n", t(Words::none())));
    }

    let blockers: Vec<_> = review.blockers().collect();
    out.push_str(&format!("\n## {} ({})\n\n", t(Words::blockers()), blockers.len()));
    for c in &blockers {
        let owner = if c.owner.is_empty() { String::new() } else { format!("{}{sep}", escape(&c.owner)) };
        out.push_str(&format!(
            "- **{}**{open}{owner}{}{close}{colon}{}\n",
            escape(&c.title),
            c.date,
            escape(&one_line(&c.blockers))
        ));
    }
    if blockers.is_empty() {
        out.push_str(&format!("- {}\n", t(Words::none())));
    }
    out
}

/// Text on one line: a list item must not break.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::{CheckIn, KeyResult, Level, Objective};

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// One key result, target 100 over Q1, checked in on 02-01 (40), 02-10 (45, blocked)
    /// and 02-20 (after the window).
    fn document() -> Document {
        let mut k = KeyResult::new("k1", "新签客户 100 家");
        k.metric = Some(Metric::Number { start: 0.0, target: 100.0, unit: "家".into() });
        k.check_ins.push(CheckIn::new(d("2026-02-01"), 40.0));
        let mut blocked = CheckIn::new(d("2026-02-10"), 45.0);
        blocked.note = "two\nlines".into();
        blocked.blockers = "CRM 排期未定".into();
        k.check_ins.push(blocked);
        k.check_ins.push(CheckIn::new(d("2026-02-20"), 90.0));
        let mut o = Objective::new("o1", "拓展华东市场", Level::Team);
        o.owner = "王磊".into();
        o.period = Some(Period { start: d("2026-01-01"), end: d("2026-03-31") });
        o.key_results.push(k);
        Document { title: "Q1 *销售*".into(), objectives: vec![o], ..Document::default() }
    }

    #[test]
    fn the_window_holds_the_check_ins_after_since_up_to_at() {
        let r = review(&document(), d("2026-02-01"), d("2026-02-15"));
        assert_eq!(r.check_ins.len(), 1, "02-01 belongs to the earlier state, 02-20 is later");
        let c = &r.check_ins[0];
        assert_eq!((c.date, c.value, c.previous, c.owner.as_str()), (d("2026-02-10"), 45.0, Some(40.0), "王磊"));
        assert_eq!(value_text(c), "40 → 45 家");
        assert_eq!(r.blockers().count(), 1);
    }

    #[test]
    fn status_changes_compare_the_two_dates() {
        // On 02-01: 0.4 of 31/89 expected, on track. On 02-15: 0.45 of 45/89: on track.
        let r = review(&document(), d("2026-02-01"), d("2026-02-15"));
        assert!(r.changes.is_empty());
        // On 02-19, 0.45 is just over 0.1 behind 49/89: at risk.
        let r = review(&document(), d("2026-02-01"), d("2026-02-19"));
        let moves: Vec<(Status, Status)> = r.changes.iter().map(|c| (c.from, c.to)).collect();
        assert_eq!(moves, [(Status::OnTrack, Status::AtRisk); 2], "the objective and its key result");
        let r = review(&document(), d("2025-12-15"), d("2026-03-05"));
        let moves: Vec<(Option<&str>, Status, Status)> =
            r.changes.iter().map(|c| (c.key_result.as_ref().map(Id::as_str), c.from, c.to)).collect();
        assert_eq!(
            moves,
            [(None, Status::NotStarted, Status::OnTrack), (Some("k1"), Status::NotStarted, Status::OnTrack)]
        );
        let r = review(&document(), d("2026-02-15"), d("2026-02-19"));
        assert!(r.check_ins.is_empty());
    }

    #[test]
    fn markdown_lists_each_section_in_the_chosen_language() {
        let r = review(&document(), d("2026-02-01"), d("2026-02-19"));
        let zh = to_markdown(&r, "Q1 *销售*", Lang::Zh);
        assert!(zh.starts_with("# 周回顾：Q1 \\*销售\\*\n"), "{zh}");
        assert!(zh.contains("## 新的进度记录 (1)"), "{zh}");
        assert!(
            zh.contains("- 2026-02-10 **新签客户 100 家**（拓展华东市场，王磊）：40 → 45 家，进展：two lines\n"),
            "{zh}"
        );
        assert!(zh.contains("## 新的障碍 (1)\n\n- **新签客户 100 家**（王磊，2026-02-10）：CRM 排期未定\n"), "{zh}");
        let en = to_markdown(&r, "", Lang::En);
        assert!(en.starts_with("# Weekly review\n\nafter 2026-02-01, up to 2026-02-19\n"), "{en}");
        assert!(en.contains("## Status changes (2)\n\n- 拓展华东市场: On track → At risk\n"), "{en}");
        let quiet = to_markdown(&review(&document(), d("2026-03-01"), d("2026-03-02")), "", Lang::En);
        assert!(quiet.contains("## New check-ins (0)\n\n- None\n"), "{quiet}");
    }
}
