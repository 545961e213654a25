//! The weekly review (seed 000's 周会 with traffic lights): what changed between two
//! dates, ready to paste into the meeting notes.
//!
//! Three lists, all derived from the document itself, since check-ins are dated:
//! - **new check-ins**: dated after `since` and on or before `at`;
//! - **status changes**: objectives and key results whose status as of `since`
//!   differs from their status as of `at` (the status history is the scoring rerun
//!   on each date, so nothing extra has to be stored);
//! - **new blockers**: the new check-ins that name blockers;
//! - **confidence changes**: key results whose confidence as of `since` differs from
//!   their confidence as of `at` (see `scoring::confidence`);
//! - **new comments**: comments dated after `since` and on or before `at`, on
//!   objectives and key results.
//!
//! `since` itself belongs to the earlier state: a check-in dated on `since` was
//! already there when that day's status was taken, so it is not new.

use crate::calendar::Date;
use crate::formats::markdown::escape;
use crate::i18n::labels::{Label, number};
use crate::i18n::{Lang, Text};
use crate::meetings::cadence::owner_of;
use crate::model::{Document, Id, Metric};
use crate::scoring::{Status, confidence, score};

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

/// A key result whose confidence moved in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfidenceChange {
    pub objective: Id,
    pub key_result: Id,
    pub title: String,
    /// The key result's owner, or its objective's.
    pub owner: String,
    /// `None` when no confidence had been given by `since`.
    pub from: Option<u8>,
    pub to: u8,
}

/// A comment written in the window.
#[derive(Clone, Debug, PartialEq)]
pub struct NewComment {
    pub objective: Id,
    /// The key result it is about, or `None` for the objective itself.
    pub key_result: Option<Id>,
    /// The title of what it is about.
    pub about: String,
    pub id: Id,
    pub date: Date,
    pub author: String,
    pub text: String,
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
    /// In document order.
    pub confidence: Vec<ConfidenceChange>,
    /// Oldest first (same day: document order).
    pub comments: Vec<NewComment>,
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
            crate::sort::by_key(&mut sorted, |c| c.date); // stable: same-day ones keep their order
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
    crate::sort::by_key(&mut check_ins, |c| c.date);

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
    let mut confidence = Vec::new();
    let mut comments = Vec::new();
    let window = |date: Date| since < date && date <= at;
    for objective in &document.objectives {
        let about_objective = objective.comments.iter().map(|c| (None, &objective.title, c));
        let about_key_results =
            objective.key_results.iter().flat_map(|kr| kr.comments.iter().map(move |c| (Some(&kr.id), &kr.title, c)));
        for (key_result, about, c) in about_objective.chain(about_key_results).filter(|(.., c)| window(c.date)) {
            comments.push(NewComment {
                objective: objective.id.clone(),
                key_result: key_result.cloned(),
                about: about.clone(),
                id: c.id.clone(),
                date: c.date,
                author: c.author.clone(),
                text: c.text.clone(),
            });
        }
        for kr in &objective.key_results {
            let from = confidence::latest(&kr.check_ins, since);
            if let Some(to) = confidence::latest(&kr.check_ins, at)
                && from != Some(to)
            {
                confidence.push(ConfidenceChange {
                    objective: objective.id.clone(),
                    key_result: kr.id.clone(),
                    title: kr.title.clone(),
                    owner: owner_of(objective, kr).to_owned(),
                    from,
                    to,
                });
            }
        }
    }
    crate::sort::by_key(&mut comments, |c| c.date);
    Review { since, at, check_ins, changes, confidence, comments }
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
    pub fn confidence() -> Text {
        Text::new("信心变化", "Confidence changes")
    }
    pub fn comments() -> Text {
        Text::new("新的评论", "New comments")
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

    out.push_str(&format!("\n## {} ({})\n\n", t(Words::confidence()), review.confidence.len()));
    for change in &review.confidence {
        let owner =
            if change.owner.is_empty() { String::new() } else { format!("{open}{}{close}", escape(&change.owner)) };
        let from = change.from.map_or_else(|| "–".to_owned(), |c| c.to_string());
        out.push_str(&format!("- **{}**{owner}{colon}{from} → {}/10\n", escape(&change.title), change.to));
    }
    if review.confidence.is_empty() {
        out.push_str(&format!("- {}\n", t(Words::none())));
    }

    out.push_str(&format!("\n## {} ({})\n\n", t(Words::comments()), review.comments.len()));
    for c in &review.comments {
        let author =
            if c.author.trim().is_empty() { String::new() } else { format!("{}{sep}", escape(c.author.trim())) };
        out.push_str(&format!(
            "- **{}**{open}{author}{}{close}{colon}{}\n",
            escape(&c.about),
            c.date,
            escape(&one_line(&c.text))
        ));
    }
    if review.comments.is_empty() {
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

    /// The document with confidences 02-01: 7, 02-10: 4 and comments on the objective
    /// (02-05, with markup in it) and on the key result (02-01, on `since`).
    fn discussed() -> Document {
        let mut doc = document();
        let kr = &mut doc.objectives[0].key_results[0];
        kr.check_ins[0].confidence = Some(7);
        kr.check_ins[1].confidence = Some(4);
        let comment = |id: &str, date: &str, text: &str| crate::model::Comment {
            id: Id::from(id),
            date: d(date),
            author: "李娜".into(),
            text: text.into(),
        };
        kr.comments.push(comment("m1", "2026-02-01", "on since: old"));
        kr.comments.push(comment("m3", "2026-02-12", "再看看"));
        doc.objectives[0].comments.push(comment("m2", "2026-02-05", "<b>CRM</b> *now*\nplease"));
        doc
    }

    #[test]
    fn confidence_changes_and_new_comments_are_those_of_the_window() {
        let r = review(&discussed(), d("2026-02-01"), d("2026-02-15"));
        let moves: Vec<(&str, Option<u8>, u8, &str)> =
            r.confidence.iter().map(|c| (c.key_result.as_str(), c.from, c.to, c.owner.as_str())).collect();
        assert_eq!(moves, [("k1", Some(7), 4, "王磊")]);
        let comments: Vec<(&str, Option<&str>)> =
            r.comments.iter().map(|c| (c.id.as_str(), c.key_result.as_ref().map(Id::as_str))).collect();
        assert_eq!(comments, [("m2", None), ("m3", Some("k1"))], "m1 is dated on since: not new");
        // A first confidence is a change from none; no change without a new one.
        let first = review(&discussed(), d("2026-01-15"), d("2026-02-05"));
        assert_eq!(first.confidence[0].from, None);
        assert!(review(&discussed(), d("2026-02-10"), d("2026-02-28")).confidence.is_empty());
    }

    #[test]
    fn markdown_lists_confidence_changes_and_comments_as_text() {
        let r = review(&discussed(), d("2026-02-01"), d("2026-02-15"));
        let en = to_markdown(&r, "", Lang::En);
        assert!(en.contains("## Confidence changes (1)\n\n- **新签客户 100 家** (王磊): 7 → 4/10\n"), "{en}");
        assert!(
            en.contains(
                "## New comments (2)\n\n- **拓展华东市场** (李娜, 2026-02-05): \\<b\\>CRM\\</b\\> \\*now\\* please\n"
            ),
            "{en}"
        );
        let zh = to_markdown(&r, "", Lang::Zh);
        assert!(zh.contains("## 新的评论 (2)"), "{zh}");
        assert!(zh.contains("- **新签客户 100 家**（李娜，2026-02-12）：再看看\n"), "{zh}");
        let quiet = to_markdown(&review(&document(), d("2026-03-01"), d("2026-03-02")), "", Lang::Zh);
        assert!(quiet.contains("## 信心变化 (0)\n\n- 无\n"), "{quiet}");
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
