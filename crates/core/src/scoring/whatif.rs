//! "What if this key result were at X?": the scores a hypothetical value would give,
//! for the facilitator's slider in presentation mode.
//!
//! The answer is computed on a copy of the document with one extra check-in, scored
//! by the same [`score`] as everything else, and then thrown away. The document itself
//! is never touched, so a slider dragged in front of a room cannot change a number
//! anyone relies on, nor leave a trace in the undo history. See DESIGN.md ("What-if").

use std::collections::HashSet;

use crate::model::{CheckIn, Document, Id, Metric};
use crate::scoring::{Scores, Status, score};

/// How one objective's score would move.
#[derive(Clone, Debug, PartialEq)]
pub struct Shift {
    /// Document index of the objective.
    pub objective: usize,
    pub before: f64,
    pub after: f64,
    pub status_before: Status,
    pub status_after: Status,
}

/// How one `sum` or `mean` key result above the one being tried would move.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyResultShift {
    /// Document index of its objective, and its own index there.
    pub objective: usize,
    pub key_result: usize,
    /// Its computed value, in its own unit.
    pub value: (Option<f64>, Option<f64>),
    pub progress: (f64, f64),
}

/// The key result's own progress before and after, how every `sum` or `mean` it feeds
/// would move (up its `contributes_to` chain, nearest first), and how its objective and
/// every objective above it would move, nearest first.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIf {
    pub key_result: (f64, f64),
    pub sums: Vec<KeyResultShift>,
    pub objectives: Vec<Shift>,
}

/// The range a slider for a key result with `metric` offers: `(min, max, step)`.
/// `None` for a roll-up (`children`) or an unmeasurable key result, whose value is not
/// typed but computed.
pub fn slider_range(metric: Option<&Metric>) -> Option<(f64, f64, f64)> {
    match metric? {
        Metric::Number { start, target, .. } if start != target && start.is_finite() && target.is_finite() => {
            let (lo, hi) = (start.min(*target), start.max(*target));
            Some((lo, hi, (hi - lo) / 100.0))
        }
        Metric::Milestone => Some((0.0, 1.0, 1.0)),
        _ => None,
    }
}

/// The scores if key result `kr` had a check-in of `value` on `before.as_of`, compared
/// with `before` (the document's scores as of that date). `None` if there is no such
/// key result. `document` is only read.
pub fn what_if(document: &Document, before: &Scores, kr: &Id, value: f64) -> Option<WhatIf> {
    let (i, j) = document
        .objectives
        .iter()
        .enumerate()
        .find_map(|(i, o)| o.key_results.iter().position(|k| &k.id == kr).map(|j| (i, j)))?;
    let mut copy = document.clone();
    // The latest check-in of the day wins, so the hypothetical one counts whatever
    // was checked in today already.
    copy.objectives[i].key_results[j].check_ins.push(CheckIn::new(before.as_of, value));
    let after = score(&copy, before.as_of);
    let progress = |s: &Scores| s.key_result(i, j).map_or(0.0, |k| k.progress);

    // The objective and its ancestors, stopping at a missing parent or a loop.
    let mut chain = vec![i];
    let mut seen = HashSet::from([i]);
    while let Some(parent) = chain
        .last()
        .and_then(|&at| document.objectives[at].parent.as_ref())
        .and_then(|p| document.objectives.iter().position(|o| &o.id == p))
    {
        if !seen.insert(parent) {
            break;
        }
        chain.push(parent);
    }
    // The sums and means it feeds, up the chain of `contributes_to`, once each.
    let mut sums = Vec::new();
    let mut fed = HashSet::from([(i, j)]);
    let mut next = document.objectives[i].key_results[j].contributes_to.as_ref();
    while let Some((ti, tj)) = next.and_then(|id| {
        document
            .objectives
            .iter()
            .enumerate()
            .find_map(|(ti, o)| o.key_results.iter().position(|k| &k.id == id).map(|tj| (ti, tj)))
    }) {
        let target = &document.objectives[ti].key_results[tj];
        if !fed.insert((ti, tj)) || !target.metric.as_ref().is_some_and(Metric::is_computed) {
            break;
        }
        if let (Some(b), Some(a)) = (before.key_result(ti, tj), after.key_result(ti, tj)) {
            sums.push(KeyResultShift {
                objective: ti,
                key_result: tj,
                value: (b.current, a.current),
                progress: (b.progress, a.progress),
            });
        }
        next = target.contributes_to.as_ref();
    }
    let objectives = chain
        .into_iter()
        .filter_map(|o| {
            let (b, a) = (before.objective(o)?, after.objective(o)?);
            Some(Shift {
                objective: o,
                before: b.progress,
                after: a.progress,
                status_before: b.status,
                status_after: a.status,
            })
        })
        .collect();
    Some(WhatIf { key_result: (progress(before), progress(&after)), sums, objectives })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::content::sample::sample;
    use crate::i18n::Lang;

    fn today() -> Date {
        Date::new(2026, 5, 15).unwrap()
    }

    #[test]
    fn a_hypothetical_value_moves_the_objective_and_its_parents_but_not_the_document() {
        let d = sample(Lang::En, today());
        let untouched = d.clone();
        let before = score(&d, today());
        // ch-1 is the channel team's; the team contributes to Beijing's bj-4, a roll-up.
        let kr = d.objectives[2].key_results[0].id.clone();
        let (lo, hi, _) = slider_range(d.objectives[2].key_results[0].metric.as_ref()).unwrap();
        let w = what_if(&d, &before, &kr, hi).unwrap();
        assert_eq!(d, untouched, "the document is only read");
        assert_eq!(w.key_result.1, 1.0);
        let ids: Vec<&str> = w.objectives.iter().map(|s| d.objectives[s.objective].id.as_str()).collect();
        assert_eq!(ids, ["ch", "bj", "sc"]);
        assert!(w.objectives[0].after > w.objectives[0].before);
        assert!(w.objectives[1].after > w.objectives[1].before, "the roll-up carries it to Beijing");
        assert_eq!(w.objectives[2].after, w.objectives[2].before, "the company scores its own key results");
        // At the start value, progress is 0 and the objective drops.
        let low = what_if(&d, &before, &kr, lo).unwrap();
        assert_eq!(low.key_result.1, 0.0);
        assert!(low.objectives[0].after <= low.objectives[0].before);
    }

    #[test]
    fn the_current_value_changes_nothing() {
        let d = sample(Lang::Zh, today());
        let before = score(&d, today());
        let kr = &d.objectives[0].key_results[0];
        let current = before.key_result(0, 0).unwrap().current.unwrap();
        let w = what_if(&d, &before, &kr.id, current).unwrap();
        assert_eq!(w.key_result.0, w.key_result.1);
        assert!(w.objectives.iter().all(|s| s.before == s.after && s.status_before == s.status_after));
    }

    #[test]
    fn unknown_key_results_and_parent_loops_are_safe() {
        let mut d = sample(Lang::En, today());
        let before = score(&d, today());
        assert_eq!(what_if(&d, &before, &Id::from("nope"), 1.0), None);
        d.objectives[0].parent = Some(Id::from("zm")); // sc → zm → ch → bj → sc
        let before = score(&d, today());
        let w = what_if(&d, &before, &d.objectives[3].key_results[0].id.clone(), 5.0).unwrap();
        assert_eq!(w.objectives.len(), 4, "each objective of the loop once");
    }

    #[test]
    fn sliders_span_start_to_target_either_way() {
        let up = Metric::Number { start: 35.0, target: 60.0, unit: String::new() };
        assert_eq!(slider_range(Some(&up)), Some((35.0, 60.0, 0.25)));
        let down = Metric::Number { start: 10.0, target: 2.0, unit: String::new() };
        assert_eq!(slider_range(Some(&down)), Some((2.0, 10.0, 0.08)));
        assert_eq!(slider_range(Some(&Metric::Milestone)), Some((0.0, 1.0, 1.0)));
        assert_eq!(slider_range(Some(&Metric::Children)), None);
        assert_eq!(slider_range(None), None);
        let flat = Metric::Number { start: 3.0, target: 3.0, unit: String::new() };
        assert_eq!(slider_range(Some(&flat)), None);
    }
}
