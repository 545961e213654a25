//! `objective-count`: no owner runs more than three objectives at once.
//!
//! Seed 003 caps an owner at 3 core objectives (teams that let people carry 5–6
//! scattered their effort); seed 000 advises 1–2 a quarter. "At once" means on the
//! same day, not in the same file: a document often holds several quarters, and four
//! objectives in four successive quarters are fine. So each owner's periods are swept
//! in order of start, keeping the ends of those still running in a min-heap: the
//! count on the day an objective starts is the heap's size, and the most objectives
//! running on any day is always reached on some start day. That is `n log n` per
//! owner, where comparing every pair would be quadratic.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::phrases::quote;
use super::{At, Field, Findings, Rule, Severity};
use crate::calendar::Date;
use crate::i18n::Text;
use crate::model::Document;

/// The most objectives one owner should run at the same time.
const LIMIT: usize = 3;

/// An objective in the sweep: its start, its index (which breaks ties, so the
/// objective reported is always the same one) and its end.
type Entry = (Date, usize, Date);

pub(super) fn check(document: &Document, out: &mut Findings) {
    // Owners are compared trimmed and case-sensitively; objectives without an owner or
    // a usable period cannot be placed in time and are left to the other rules.
    let mut by_owner: HashMap<&str, Vec<Entry>> = HashMap::new();
    for (index, objective) in document.objectives.iter().enumerate() {
        let owner = objective.owner.trim();
        match objective.period {
            Some(period) if !owner.is_empty() && period.start <= period.end => {
                by_owner.entry(owner).or_default().push((period.start, index, period.end));
            }
            _ => {}
        }
    }
    for (owner, mut entries) in by_owner {
        if entries.len() <= LIMIT {
            continue;
        }
        crate::sort::sort(&mut entries);
        if let Some((index, count, day)) = first_excess(&entries) {
            let objective = &document.objectives[index];
            let message = message(owner, &quote(&objective.title, &objective.id), count, day);
            let at = At::objective(index, objective);
            out.add(at, Rule::ObjectiveCount, Severity::Warning, Some(Field::Owner), message);
        }
    }
}

/// The first objective, in order of start, on whose start day more than `LIMIT` are
/// running, with how many are running then and that day.
fn first_excess(sorted: &[Entry]) -> Option<(usize, usize, Date)> {
    let mut running: BinaryHeap<Reverse<Date>> = BinaryHeap::new();
    for &(start, index, end) in sorted {
        while running.peek().is_some_and(|Reverse(running_end)| *running_end < start) {
            running.pop();
        }
        running.push(Reverse(end));
        if running.len() > LIMIT {
            return Some((index, running.len(), start));
        }
    }
    None
}

fn message(owner: &str, name: &Text, count: usize, day: Date) -> Text {
    Text::new(
        format!(
            "负责人“{owner}”在 {day} 同时有 {count} 个进行中的目标，{}是超出的那一个。目标过多会分散资源：每个季度聚焦 1–2 个、最多 {LIMIT} 个核心目标，把其余的合并、改写成关键结果，或移到下个周期。",
            name.zh
        ),
        format!(
            "Owner “{owner}” has {count} objectives running at once on {day}, and {} is one too many. Too many objectives spread the effort thin: focus on 1–2 a quarter and {LIMIT} core objectives at most; merge the rest, turn them into key results, or move them to a later cycle.",
            name.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::Level;
    use crate::rules::testing::*;

    const TITLE: &str = "通过行业解决方案升级,实现大客户营收突破";

    fn owned(id: &str, owner: &str, start: &str, end: &str) -> crate::model::Objective {
        let mut objective = clean_objective(id, TITLE, Level::Company);
        objective.owner = owner.into();
        objective.period = Some(Period { start: d(start), end: d(end) });
        objective
    }

    #[test]
    fn a_fourth_objective_at_once_is_reported_on_the_one_that_tips_the_count() {
        let document = doc(vec![
            owned("A", "张三", "2026-01-01", "2026-03-31"),
            owned("B", "张三", "2026-02-01", "2026-02-28"),
            owned("C", " 张三 ", "2026-01-15", "2026-06-30"),
            owned("D", "张三", "2026-02-20", "2026-04-30"),
        ]);
        let findings = only(&document, TODAY, Rule::ObjectiveCount);
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.objective, Some("D".into()));
        assert_eq!(finding.key_result, None);
        assert_eq!(finding.field, Some(Field::Owner));
        assert!(finding.message.zh.contains("张三") && finding.message.zh.contains('4'));
        assert!(finding.message.en.contains("2026-02-20"));
    }

    #[test]
    fn the_report_is_once_per_owner_however_many_exceed() {
        let objectives = (0..8).map(|i| owned(&format!("O{i}"), "张三", "2026-01-01", "2026-03-31")).collect();
        let findings = only(&doc(objectives), TODAY, Rule::ObjectiveCount);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].objective, Some("O3".into()));
    }

    #[test]
    fn successive_quarters_do_not_overlap() {
        let document = doc(vec![
            owned("Q1", "张三", "2026-01-01", "2026-03-31"),
            owned("Q2", "张三", "2026-04-01", "2026-06-30"),
            owned("Q3", "张三", "2026-07-01", "2026-09-30"),
            owned("Q4", "张三", "2026-10-01", "2026-12-31"),
            owned("Y", "张三", "2026-01-01", "2026-12-31"),
            owned("Q1b", "张三", "2026-01-01", "2026-03-31"),
        ]);
        assert_eq!(only(&document, TODAY, Rule::ObjectiveCount), vec![]);
    }

    #[test]
    fn a_shared_last_day_counts_as_overlap() {
        let document = doc(vec![
            owned("A", "张三", "2026-01-01", "2026-03-31"),
            owned("B", "张三", "2026-01-01", "2026-03-31"),
            owned("C", "张三", "2026-01-01", "2026-03-31"),
            owned("D", "张三", "2026-03-31", "2026-06-30"),
        ]);
        assert_eq!(only(&document, TODAY, Rule::ObjectiveCount).len(), 1);
    }

    #[test]
    fn owners_differ_by_case_and_unowned_or_undated_objectives_are_ignored() {
        let mut undated = owned("E", "张三", "2026-01-01", "2026-03-31");
        undated.period = None;
        let document = doc(vec![
            owned("A", "Zhang", "2026-01-01", "2026-03-31"),
            owned("B", "Zhang", "2026-01-01", "2026-03-31"),
            owned("C", "zhang", "2026-01-01", "2026-03-31"),
            owned("D", "Zhang", "2026-01-01", "2026-03-31"),
            undated,
            owned("F", "", "2026-01-01", "2026-03-31"),
            owned("G", "  ", "2026-01-01", "2026-03-31"),
            owned("H", "", "2026-01-01", "2026-03-31"),
            owned("I", "", "2026-01-01", "2026-03-31"),
            owned("J", "Zhang", "2026-03-31", "2026-01-01"), // backwards: no day at all
        ]);
        assert_eq!(only(&document, TODAY, Rule::ObjectiveCount), vec![]);
    }
}
