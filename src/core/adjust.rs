//! Changing an OKR mid-cycle, on the record (seed 000, Q2: adjust "with data and
//! reason", so the team does not read it as 随意变更).
//!
//! **The rule.** Changing an objective's title or a number key result's target is
//! *on the record* when `today` lies within the objective's period (both ends
//! included) and the objective (for its title) or the key result (for its target)
//! already has a check-in dated on or before `today`. Before the first check-in the
//! OKR is still a draft and changes freely; once the period is over it is history,
//! and the grading review is where it is judged. On the record, the editor asks for a
//! reason and [`adjusted`] applies the change together with an [`Adjustment`] that
//! keeps what it was, what it became and why, in one undoable step.

use super::date::Date;
use super::labels::number;
use super::model::{Adjustment, Id, Metric, Objective};

/// A change that may need a reason.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The objective's title.
    Title(String),
    /// Key result `Id`'s number target.
    Target(Id, f64),
}

impl Change {
    /// The `field` of the adjustment it records.
    pub fn field(&self) -> &'static str {
        match self {
            Change::Title(_) => "title",
            Change::Target(..) => "target",
        }
    }

    /// The new value as text.
    pub fn to_text(&self) -> String {
        match self {
            Change::Title(title) => title.clone(),
            Change::Target(_, target) => plain(*target),
        }
    }
}

/// A number in an adjustment: plain digits (`3500`, `0.5`), as a file would have it.
fn plain(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() }
}

/// The current value `change` would replace, as text; `None` when it does not apply
/// (no such key result, or its metric is not a number).
pub fn current(objective: &Objective, change: &Change) -> Option<String> {
    match change {
        Change::Title(_) => Some(objective.title.clone()),
        Change::Target(kr, _) => match objective.key_results.iter().find(|k| &k.id == kr)?.metric {
            Some(Metric::Number { target, .. }) => Some(plain(target)),
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
    let checked_in = |k: &super::model::KeyResult| k.check_ins.iter().any(|c| c.date <= today);
    match change {
        Change::Title(_) => objective.key_results.iter().any(checked_in),
        Change::Target(kr, _) => objective.key_results.iter().any(|k| &k.id == kr && checked_in(k)),
    }
}

/// `objective` with `change` applied and recorded with `reason` on `today`; `None`
/// when the change does not apply.
pub fn adjusted(objective: &Objective, change: &Change, reason: &str, today: Date) -> Option<Objective> {
    let from = current(objective, change)?;
    let mut changed = objective.clone();
    let record = Adjustment {
        date: today,
        field: change.field().to_owned(),
        from,
        to: change.to_text(),
        reason: reason.trim().to_owned(),
    };
    match change {
        Change::Title(title) => {
            changed.title = title.clone();
            changed.adjustments.push(record);
        }
        Change::Target(kr, value) => {
            let k = changed.key_results.iter_mut().find(|k| &k.id == kr)?;
            if let Some(Metric::Number { target, .. }) = &mut k.metric {
                *target = *value;
            }
            k.adjustments.push(record);
        }
    }
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
    use crate::core::date::Period;
    use crate::core::model::{CheckIn, KeyResult, Level};

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
    fn an_adjusted_objective_keeps_the_history() {
        let o = objective(Some("2026-02-01"));
        let changed = adjusted(&o, &Change::Target("k1".into(), 3500.0), " 渠道扩张 ", d("2026-02-15")).unwrap();
        let k = &changed.key_results[0];
        assert_eq!(k.metric, Some(Metric::Number { start: 0.0, target: 3500.0, unit: String::new() }));
        assert_eq!(
            k.adjustments,
            [Adjustment {
                date: d("2026-02-15"),
                field: "target".into(),
                from: "3000".into(),
                to: "3500".into(),
                reason: "渠道扩张".into()
            }]
        );
        assert_eq!(describe(&k.adjustments[0]), "2026-02-15 · 3,000 → 3,500");
        let renamed = adjusted(&changed, &Change::Title("Grow faster".into()), "why", d("2026-02-16")).unwrap();
        assert_eq!(renamed.title, "Grow faster");
        assert_eq!(renamed.adjustments[0].from, "Grow");
        assert_eq!(renamed.key_results[0].adjustments.len(), 1);
    }
}
