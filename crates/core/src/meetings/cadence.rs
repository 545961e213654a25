//! The check-in cadence: which key results are due for a check-in on a day, and by
//! how many days they are overdue (seed 003: owners update their key results every
//! week or two, before the meeting looks at what moved).
//!
//! One definition serves the check-in flow, the editor's due markers, the dashboard's
//! "due by owner" and the presentation's owner view (`docs/format.md`, "What is due"):
//! with a cadence of `c` days, a key result is due on the day its latest check-in is
//! `c` days old, and overdue by the days after that. Without a check-in the clock
//! starts at its period's start, so nothing is due in the first cadence of a period;
//! without a period either, it is due at once. Roll-ups (`children`) take no
//! check-ins, and outside its period (before the start, after the end) a key result
//! is not expected to report, so neither is ever due.

use crate::calendar::Date;
use crate::model::{Document, Id, KeyResult, Metric, Objective};
use crate::scoring::latest_check_in;

/// Where a key result stands against the cadence on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Checked in recently enough; the next check-in is due on `next`.
    Upcoming { next: Date },
    /// Due since `since` (when known) and `overdue` days past it (0 on the day it
    /// fell due). `since` is `None` for a key result never checked in whose objective
    /// has no period: it has been due from the start, by an unknown number of days.
    Due { since: Option<Date>, overdue: i64 },
}

impl Due {
    pub fn is_due(self) -> bool {
        matches!(self, Due::Due { .. })
    }
}

/// Where `kr` of `objective` stands on `as_of` with a cadence of `cadence` days;
/// `None` when it is not expected to check in (a roll-up, or outside its period).
///
/// ```
/// use okrpad_core::meetings::cadence::{Due, due};
/// use okrpad_core::model::{CheckIn, KeyResult, Level, Metric, Objective};
/// let day = |t: &str| t.parse().unwrap();
/// let objective = Objective::new("o", "Grow", Level::Team);
/// let mut kr = KeyResult::new("k", "Leads");
/// kr.metric = Some(Metric::Milestone);
/// kr.check_ins.push(CheckIn::new(day("2026-03-02"), 0.0));
/// assert_eq!(due(&objective, &kr, 7, day("2026-03-08")), Some(Due::Upcoming { next: day("2026-03-09") }));
/// assert_eq!(due(&objective, &kr, 7, day("2026-03-10")), Some(Due::Due { since: Some(day("2026-03-09")), overdue: 1 }));
/// ```
pub fn due(objective: &Objective, kr: &KeyResult, cadence: u32, as_of: Date) -> Option<Due> {
    if matches!(kr.metric, Some(Metric::Children)) || objective.period.is_some_and(|p| !p.contains(as_of)) {
        return None;
    }
    let start = latest_check_in(&kr.check_ins, as_of).map(|c| c.date).or(objective.period.map(|p| p.start));
    let Some(start) = start else { return Some(Due::Due { since: None, overdue: 0 }) };
    let next = start.add_days(i64::from(cadence));
    Some(if as_of < next {
        Due::Upcoming { next }
    } else {
        Due::Due { since: Some(next), overdue: next.days_until(as_of) }
    })
}

/// A key result that is due, for the lists.
#[derive(Clone, Debug, PartialEq)]
pub struct DueItem {
    /// The index of the objective in the document and of the key result in it.
    pub place: (usize, usize),
    pub objective: Id,
    pub key_result: Id,
    pub title: String,
    /// The key result's owner, or its objective's when it has none (trimmed).
    pub owner: String,
    /// The day of its latest check-in, if any.
    pub last: Option<Date>,
    pub since: Option<Date>,
    pub overdue: i64,
}

/// Who answers for a key result: its owner, or its objective's when it has none.
pub fn owner_of<'a>(objective: &'a Objective, kr: &'a KeyResult) -> &'a str {
    if kr.owner.trim().is_empty() { objective.owner.trim() } else { kr.owner.trim() }
}

/// Every key result of `document` due on `as_of`, in document order, with the
/// document's cadence.
pub fn due_items(document: &Document, as_of: Date) -> Vec<DueItem> {
    let cadence = document.cadence();
    let mut items = Vec::new();
    for (i, objective) in document.objectives.iter().enumerate() {
        for (j, kr) in objective.key_results.iter().enumerate() {
            if let Some(Due::Due { since, overdue }) = due(objective, kr, cadence, as_of) {
                items.push(DueItem {
                    place: (i, j),
                    objective: objective.id.clone(),
                    key_result: kr.id.clone(),
                    title: kr.title.clone(),
                    owner: owner_of(objective, kr).to_owned(),
                    last: latest_check_in(&kr.check_ins, as_of).map(|c| c.date),
                    since,
                    overdue,
                });
            }
        }
    }
    items
}

/// The key results due on `as_of` for which `owner` answers (compared trimmed), in
/// document order: the queue of the check-in flow.
pub fn due_for(document: &Document, owner: &str, as_of: Date) -> Vec<DueItem> {
    due_items(document, as_of).into_iter().filter(|item| item.owner == owner.trim()).collect()
}

/// What is due, grouped by owner: owners sorted (nobody's last), each owner's most
/// overdue first (ties in document order).
pub fn due_by_owner(document: &Document, as_of: Date) -> Vec<(String, Vec<DueItem>)> {
    let mut groups: Vec<(String, Vec<DueItem>)> = Vec::new();
    for item in due_items(document, as_of) {
        match groups.iter_mut().find(|(owner, _)| *owner == item.owner) {
            Some((_, items)) => items.push(item),
            None => groups.push((item.owner.clone(), vec![item])),
        }
    }
    for (_, items) in &mut groups {
        crate::sort::by_key(items, |item| std::cmp::Reverse(item.overdue)); // stable
    }
    crate::sort::by(&mut groups, |(a, _), (b, _)| (a.is_empty(), a).cmp(&(b.is_empty(), b)));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::{CheckIn, Level};

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn q1(objective: &mut Objective) {
        objective.period = Some(Period { start: d("2026-01-05"), end: d("2026-03-31") });
    }

    fn kr(check_ins: &[&str]) -> KeyResult {
        let mut kr = KeyResult::new("k", "k");
        kr.metric = Some(Metric::Number { start: 0.0, target: 10.0, unit: String::new() });
        kr.check_ins = check_ins.iter().map(|date| CheckIn::new(d(date), 1.0)).collect();
        kr
    }

    #[test]
    fn due_at_the_edges_of_the_cadence_after_a_check_in() {
        let mut o = Objective::new("o", "o", Level::Team);
        q1(&mut o);
        let k = kr(&["2026-02-02", "2026-01-26"]);
        for cadence in [1u32, 7, 14, 30] {
            let next = d("2026-02-02").add_days(i64::from(cadence));
            // The day before: not yet. The day itself: due, overdue 0. Then 1, 2, ...
            assert_eq!(due(&o, &k, cadence, next.add_days(-1)), Some(Due::Upcoming { next }), "cadence {cadence}");
            for late in 0..3 {
                let day = next.add_days(late);
                if !o.period.is_some_and(|p| p.contains(day)) {
                    continue;
                }
                assert_eq!(due(&o, &k, cadence, day), Some(Due::Due { since: Some(next), overdue: late }));
            }
        }
        // A check-in dated after the day asked about does not count yet.
        let later = kr(&["2026-01-26", "2026-02-20"]);
        assert_eq!(due(&o, &later, 7, d("2026-02-03")), Some(Due::Due { since: Some(d("2026-02-02")), overdue: 1 }));
        // Checked in today: due again one cadence later.
        assert_eq!(due(&o, &later, 7, d("2026-02-20")), Some(Due::Upcoming { next: d("2026-02-27") }));
    }

    #[test]
    fn without_check_ins_the_clock_starts_with_the_period() {
        let mut o = Objective::new("o", "o", Level::Team);
        q1(&mut o);
        let k = kr(&[]);
        assert_eq!(due(&o, &k, 7, d("2026-01-05")), Some(Due::Upcoming { next: d("2026-01-12") }));
        assert_eq!(due(&o, &k, 7, d("2026-01-11")), Some(Due::Upcoming { next: d("2026-01-12") }));
        assert_eq!(due(&o, &k, 7, d("2026-01-12")), Some(Due::Due { since: Some(d("2026-01-12")), overdue: 0 }));
        assert_eq!(due(&o, &k, 7, d("2026-01-20")), Some(Due::Due { since: Some(d("2026-01-12")), overdue: 8 }));
        // No period either: due at once, by an unknown number of days.
        let bare = Objective::new("o", "o", Level::Team);
        assert_eq!(due(&bare, &k, 7, d("2026-01-20")), Some(Due::Due { since: None, overdue: 0 }));
        assert_eq!(due(&bare, &kr(&["2026-01-19"]), 7, d("2026-01-20")), Some(Due::Upcoming { next: d("2026-01-26") }));
    }

    #[test]
    fn roll_ups_and_days_outside_the_period_are_never_due() {
        let mut o = Objective::new("o", "o", Level::Team);
        q1(&mut o);
        let mut roll_up = kr(&[]);
        roll_up.metric = Some(Metric::Children);
        assert_eq!(due(&o, &roll_up, 7, d("2026-03-01")), None);
        let k = kr(&["2026-01-10"]);
        assert_eq!(due(&o, &k, 7, d("2026-01-04")), None, "before the period");
        assert!(due(&o, &k, 7, d("2026-03-31")).is_some_and(Due::is_due), "its last day");
        assert_eq!(due(&o, &k, 7, d("2026-04-01")), None, "after the period");
    }

    #[test]
    fn the_lists_group_by_owner_most_overdue_first() {
        let mut a = Objective::new("a", "a", Level::Team);
        q1(&mut a);
        a.owner = "王磊".into();
        let mut own = kr(&["2026-02-20"]);
        own.id = "a1".into();
        let mut old = kr(&["2026-02-01"]);
        old.id = "a2".into();
        let mut fresh = kr(&["2026-03-01"]);
        fresh.id = "a3".into();
        let mut others = kr(&["2026-02-10"]);
        others.id = "a4".into();
        others.owner = " 李娜 ".into();
        a.key_results = vec![own, old, fresh, others];
        let mut document = Document { objectives: vec![a], ..Document::default() };
        let at = d("2026-03-02");
        let groups = due_by_owner(&document, at);
        let shown: Vec<(&str, Vec<(&str, i64)>)> = groups
            .iter()
            .map(|(owner, items)| (owner.as_str(), items.iter().map(|i| (i.key_result.as_str(), i.overdue)).collect()))
            .collect();
        assert_eq!(shown, [("李娜", vec![("a4", 13)]), ("王磊", vec![("a2", 22), ("a1", 3)])]);
        assert_eq!(due_for(&document, "王磊 ", at).len(), 2);
        assert_eq!(due_for(&document, "王磊", at)[0].last, Some(d("2026-02-20")), "document order");
        // A bi-weekly cadence: only what is two weeks old or more (a1 is ten days).
        document.cadence_days = Some(14);
        let ids: Vec<String> = due_items(&document, at).iter().map(|i| i.key_result.to_string()).collect();
        assert_eq!(ids, ["a2", "a4"]);
    }
}
