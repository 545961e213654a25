//! Confidence: how likely an owner thinks a key result is to be met, 0 (no chance) to
//! 10 (certain), given with a check-in (Tita's 信心指数, Quantive's confidence).
//!
//! A confidence belongs to the check-in it was given with, so its history is the
//! dated check-ins, like values: nothing else is stored. As of a date:
//! - a key result's confidence is that of its latest check-in *that gives one*, on or
//!   before the date (a quick check-in of the value alone does not erase it); of two
//!   on the same day, the later in the list;
//! - an objective's confidence is the weighted mean of its key results' confidences,
//!   with the key results' weights as in scoring; key results without one are left
//!   out, and an objective none of whose key results has one has none.

use crate::calendar::Date;
use crate::model::{CheckIn, KeyResult, Objective};
use crate::scoring::weighted_mean;

/// The confidences given on or before `as_of`, oldest first, with their dates; check-ins
/// of the same day keep their order in the list.
pub fn history(check_ins: &[CheckIn], as_of: Date) -> Vec<(Date, u8)> {
    let mut given: Vec<(Date, u8)> =
        check_ins.iter().filter(|c| c.date <= as_of).filter_map(|c| c.confidence.map(|v| (c.date, v))).collect();
    crate::sort::by_key(&mut given, |(date, _)| *date); // stable
    given
}

/// A key result's confidence as of `as_of` (see the module documentation).
///
/// ```
/// use okrpad_core::model::CheckIn;
/// use okrpad_core::scoring::confidence::latest;
/// let day = |t: &str| t.parse().unwrap();
/// let mut first = CheckIn::new(day("2026-02-02"), 10.0);
/// first.confidence = Some(6);
/// let value_only = CheckIn::new(day("2026-02-09"), 12.0);
/// assert_eq!(latest(&[first, value_only], day("2026-02-10")), Some(6));
/// ```
pub fn latest(check_ins: &[CheckIn], as_of: Date) -> Option<u8> {
    // One pass without allocating: scoring calls this for every key result.
    let given = check_ins.iter().filter(|c| c.date <= as_of && c.confidence.is_some());
    let latest = given.fold(None, |best: Option<&CheckIn>, c| match best {
        Some(b) if b.date > c.date => Some(b),
        _ => Some(c),
    });
    latest.and_then(|c| c.confidence)
}

/// The confidence before the latest one and the latest, when there are two.
pub fn last_two(check_ins: &[CheckIn], as_of: Date) -> Option<(u8, u8)> {
    match history(check_ins, as_of).as_slice() {
        [.., (_, previous), (_, latest)] => Some((*previous, *latest)),
        _ => None,
    }
}

/// An objective's confidence as of `as_of`: the weight-averaged latest confidences of
/// its key results, 0 to 10; `None` when none of them has one.
pub fn objective(objective: &Objective, as_of: Date) -> Option<f64> {
    let given: Vec<(f64, f64)> = objective
        .key_results
        .iter()
        .filter_map(|kr: &KeyResult| latest(&kr.check_ins, as_of).map(|c| (f64::from(c), kr.weight)))
        .collect();
    (!given.is_empty()).then(|| weighted_mean(given))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Objective};

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn check_in(date: &str, confidence: Option<u8>) -> CheckIn {
        let mut c = CheckIn::new(d(date), 1.0);
        c.confidence = confidence;
        c
    }

    fn kr(id: &str, weight: f64, confidences: &[(&str, Option<u8>)]) -> KeyResult {
        let mut k = KeyResult::new(id, id);
        k.weight = weight;
        k.check_ins = confidences.iter().map(|(date, c)| check_in(date, *c)).collect();
        k
    }

    #[test]
    fn the_latest_confidence_is_the_latest_given_on_or_before_the_date() {
        // Out of order in the list, a value-only check-in last, two on one day.
        let check_ins = [
            check_in("2026-02-09", Some(4)),
            check_in("2026-02-02", Some(8)),
            check_in("2026-02-16", None),
            check_in("2026-02-09", Some(3)),
        ];
        assert_eq!(latest(&check_ins, d("2026-02-01")), None, "before any");
        assert_eq!(latest(&check_ins, d("2026-02-02")), Some(8), "on the day counts");
        assert_eq!(latest(&check_ins, d("2026-02-09")), Some(3), "same day: the later in the list");
        assert_eq!(latest(&check_ins, d("2026-03-01")), Some(3), "a value-only check-in keeps it");
        assert_eq!(last_two(&check_ins, d("2026-03-01")), Some((4, 3)));
        assert_eq!(last_two(&check_ins, d("2026-02-05")), None);
        assert_eq!(
            history(&check_ins, d("2026-02-09")),
            [(d("2026-02-02"), 8), (d("2026-02-09"), 4), (d("2026-02-09"), 3)]
        );
    }

    #[test]
    fn an_objective_averages_its_key_results_by_weight_and_skips_those_without() {
        let mut o = Objective::new("o", "o", Level::Team);
        assert_eq!(objective(&o, d("2026-03-01")), None, "no key results");
        o.key_results.push(kr("a", 3.0, &[("2026-02-02", Some(8))]));
        o.key_results.push(kr("b", 1.0, &[("2026-02-02", Some(4))]));
        o.key_results.push(kr("c", 5.0, &[("2026-02-02", None)]));
        let close = |a: Option<f64>, b: f64| a.is_some_and(|a| (a - b).abs() < 1e-9);
        assert!(close(objective(&o, d("2026-03-01")), 7.0), "(3·8 + 1·4) / 4; c has none");
        assert_eq!(objective(&o, d("2026-01-01")), None, "none given yet");
        // Weights all 0 (or negative): the plain mean, as in scoring.
        for k in &mut o.key_results {
            k.weight = -1.0;
        }
        assert!(close(objective(&o, d("2026-03-01")), 6.0));
    }
}
