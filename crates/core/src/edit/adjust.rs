//! Changing an OKR mid-cycle, on the record (seed 000, Q2: adjust "with data and
//! reason", so the team does not read it as 随意变更).
//!
//! **The rule.** Changing an objective's title or a number key result's target is
//! *on the record* when `today` lies within the objective's period (both ends
//! included) and the objective (for its title) or the key result (for its target)
//! already has a check-in dated on or before `today`. Before the first check-in the
//! OKR is still a draft and changes freely; once the period is over it is history,
//! and the grading review is where it is judged.
//!
//! On the record, each change of the edit goes through [`tracked`], which keeps an
//! [`Adjustment`] (what it was, what it becomes) in the same edit, so in the same undo
//! step as the typing; once the field is left the editor asks why, and
//! [`with_reason`] fills the reason in. Asking does not block the edit: a mid-meeting correction is never
//! held hostage by a form, yet no change of a committed figure goes unrecorded.

use crate::calendar::Date;
use crate::i18n::labels::{number, plain_number};
use crate::model::{Adjustment, Id, Metric, Objective};

/// A change that may need a reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The objective's title.
    Title(String),
    /// Key result `Id`'s number target.
    Target(Id, f64),
}

impl Change {
    /// The new value as text.
    pub fn to_text(&self) -> String {
        match self {
            Change::Title(title) => title.clone(),
            Change::Target(_, target) => plain_number(*target),
        }
    }
}

/// The current value `change` would replace, as text; `None` when it does not apply
/// (no such key result, or its metric is not a number).
pub fn current(objective: &Objective, change: &Change) -> Option<String> {
    match change {
        Change::Title(_) => Some(objective.title.clone()),
        Change::Target(kr, _) => match objective.key_results.iter().find(|k| &k.id == kr)?.metric {
            Some(Metric::Number { target, .. }) => Some(plain_number(target)),
            _ => None,
        },
    }
}

/// Whether `change` to `objective` is on the record on `today` (see the module
/// documentation): it needs a reason.
pub fn on_record(objective: &Objective, change: &Change, today: Date) -> bool {
    if !objective.period.is_some_and(|p| p.contains(today)) {
        return false;
    }
    if current(objective, change).is_none_or(|now| now == change.to_text()) {
        return false; // nothing would change
    }
    let checked_in = |k: &crate::model::KeyResult| k.check_ins.iter().any(|c| c.date <= today);
    match change {
        Change::Title(_) => objective.key_results.iter().any(checked_in),
        Change::Target(kr, _) => objective.key_results.iter().any(|k| &k.id == kr && checked_in(k)),
    }
}

/// What an adjustment is about: the objective's title or a key result's target.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Subject {
    Title,
    Target(Id),
}

impl Subject {
    /// The value it has now in `objective`, as text.
    pub fn value(&self, objective: &Objective) -> Option<String> {
        match self {
            Subject::Title => current(objective, &Change::Title(String::new())),
            Subject::Target(kr) => current(objective, &Change::Target(kr.clone(), 0.0)),
        }
    }

    fn adjustments<'a>(&self, objective: &'a mut Objective) -> Option<&'a mut Vec<Adjustment>> {
        match self {
            Subject::Title => Some(&mut objective.adjustments),
            Subject::Target(kr) => objective.key_results.iter_mut().find(|k| &k.id == kr).map(|k| &mut k.adjustments),
        }
    }
}

impl Change {
    /// What the change is about.
    pub fn subject(&self) -> Subject {
        match self {
            Change::Title(_) => Subject::Title,
            Change::Target(kr, _) => Subject::Target(kr.clone()),
        }
    }
}

/// `objective` with `change` made during an on-the-record edit that began with the
/// value `from` (see [`on_record`]), and the edit's adjustment following it: added at
/// the edit's `first` change, updated by later ones, removed when the value is back to
/// `from` (Escape). So the change and its record are always one edit, and one undo
/// step with the typing. `None` when the change does not apply.
pub fn tracked(objective: &Objective, change: &Change, from: &str, first: bool, today: Date) -> Option<Objective> {
    let mut changed = objective.clone();
    let subject = change.subject();
    match change {
        Change::Title(title) => changed.title = title.clone(),
        Change::Target(kr, value) => match &mut changed.key_results.iter_mut().find(|k| &k.id == kr)?.metric {
            Some(Metric::Number { target, .. }) => *target = *value,
            _ => return None,
        },
    }
    let list = subject.adjustments(&mut changed)?;
    if !first && list.last().is_some_and(|a| a.date == today && a.from == from && a.reason.is_empty()) {
        list.pop();
    }
    let to = change.to_text();
    if to != from {
        let field = match subject {
            Subject::Title => "title",
            Subject::Target(_) => "target",
        };
        list.push(Adjustment {
            date: today,
            field: field.to_owned(),
            from: from.to_owned(),
            to,
            reason: String::new(),
        });
    }
    Some(changed)
}

/// The position of the adjustment of `subject` that still waits for its reason: the
/// latest, when it was made on `today` without one.
pub fn waiting(objective: &Objective, subject: &Subject, today: Date) -> Option<usize> {
    let list = match subject {
        Subject::Title => &objective.adjustments,
        Subject::Target(kr) => &objective.key_results.iter().find(|k| &k.id == kr)?.adjustments,
    };
    let last = list.len().checked_sub(1)?;
    (list[last].date == today && list[last].reason.trim().is_empty()).then_some(last)
}

/// `objective` with `reason` set on adjustment `index` of `subject`.
pub fn with_reason(objective: &Objective, subject: &Subject, index: usize, reason: &str) -> Option<Objective> {
    let mut changed = objective.clone();
    subject.adjustments(&mut changed)?.get_mut(index)?.reason = reason.trim().to_owned();
    Some(changed)
}

/// An adjustment as people read it: `2026-02-10 · 3,000 → 3,500 · reason`.
pub fn describe(adjustment: &Adjustment) -> String {
    let show = |text: &str| match text.parse::<f64>() {
        Ok(n) if adjustment.field == "target" => number(n),
        _ => text.to_owned(),
    };
    format!("{} · {} → {}", adjustment.date, show(&adjustment.from), show(&adjustment.to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Period;
    use crate::model::{CheckIn, KeyResult, Level};

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn objective(check_in: Option<&str>) -> Objective {
        let mut k = KeyResult::new("k1", "Leads");
        k.metric = Some(Metric::Number { start: 0.0, target: 3000.0, unit: String::new() });
        if let Some(date) = check_in {
            k.check_ins.push(CheckIn::new(d(date), 1200.0));
        }
        let mut o = Objective::new("o1", "Grow", Level::Team);
        o.period = Some(Period { start: d("2026-01-01"), end: d("2026-03-31") });
        o.key_results.push(k);
        o
    }

    #[test]
    fn a_change_is_on_the_record_inside_the_period_after_a_check_in() {
        let target = Change::Target("k1".into(), 3500.0);
        let title = Change::Title("Grow faster".into());
        let o = objective(Some("2026-02-01"));
        assert!(on_record(&o, &target, d("2026-02-15")));
        assert!(on_record(&o, &title, d("2026-02-15")));
        assert!(!on_record(&o, &target, d("2026-01-20")), "the check-in is later than today: still a draft");
        assert!(!on_record(&objective(None), &target, d("2026-02-15")), "no check-in yet");
        assert!(!on_record(&o, &target, d("2026-04-01")), "after the period");
        assert!(!on_record(&o, &Change::Target("k1".into(), 3000.0), d("2026-02-15")), "no change");
        assert!(!on_record(&o, &Change::Target("nope".into(), 1.0), d("2026-02-15")));
        let mut no_period = o.clone();
        no_period.period = None;
        assert!(!on_record(&no_period, &target, d("2026-02-15")));
    }

    #[test]
    fn an_edit_on_the_record_carries_its_adjustment_and_then_its_reason() {
        let o = objective(Some("2026-02-01"));
        let today = d("2026-02-15");
        let target = Subject::Target("k1".into());
        assert_eq!(target.value(&o).as_deref(), Some("3000"));
        // Typing 3, 35, 350, 3500: one adjustment that follows the value.
        let mut now = tracked(&o, &Change::Target("k1".into(), 3.0), "3000", true, today).unwrap();
        for value in [35.0, 350.0, 3500.0] {
            now = tracked(&now, &Change::Target("k1".into(), value), "3000", false, today).unwrap();
        }
        let k = &now.key_results[0];
        assert_eq!(k.metric, Some(Metric::Number { start: 0.0, target: 3500.0, unit: String::new() }));
        assert_eq!(
            k.adjustments,
            [Adjustment {
                date: today,
                field: "target".into(),
                from: "3000".into(),
                to: "3500".into(),
                reason: String::new()
            }]
        );
        assert_eq!(describe(&k.adjustments[0]), "2026-02-15 · 3,000 → 3,500");
        assert_eq!(waiting(&now, &target, today), Some(0));
        assert_eq!(waiting(&now, &target, d("2026-02-16")), None, "only the day it was made");
        let explained = with_reason(&now, &target, 0, " 渠道扩张 ").unwrap();
        assert_eq!(explained.key_results[0].adjustments[0].reason, "渠道扩张");
        assert_eq!(waiting(&explained, &target, today), None);
        // Back to the value it had (Escape): no record.
        let back = tracked(&now, &Change::Target("k1".into(), 3000.0), "3000", false, today).unwrap();
        assert!(back.key_results[0].adjustments.is_empty());

        let renamed = tracked(&explained, &Change::Title("Grow faster".into()), "Grow", true, today).unwrap();
        assert_eq!((renamed.adjustments[0].from.as_str(), renamed.adjustments[0].to.as_str()), ("Grow", "Grow faster"));
        assert_eq!(renamed.key_results[0].adjustments.len(), 1, "an explained change stays");
        assert!(tracked(&o, &Change::Target("nope".into(), 1.0), "1", true, today).is_none());
    }
}
