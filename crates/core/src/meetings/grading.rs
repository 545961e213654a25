//! The end-of-cycle review (seed 000, 季度末): grade every key result, see how the
//! grades spread, flag the committed objectives that fell short, and carry the kept
//! objectives into the next period.
//!
//! A grade starts as a *suggestion*, the key result's progress rounded to a tenth
//! (`scoring::Grade`), and becomes a *decision* once people set it in the review: a
//! stored `grade` is what the meeting agreed, so it is kept even if a late check-in
//! moves the progress. An objective's grade is the weighted mean of its key results'
//! grades (suggested or decided), like its progress is of their progress; an objective
//! without key results keeps the grade of its rolled-up progress.

use crate::calendar::{Date, Period};
use crate::edit::Edit;
use crate::model::{Document, Id, KeyResult, Kind, Objective, Retro};
use crate::scoring::{Band, Grade, KeyResultScore, Scores, weighted_mean};

/// Below this, a committed objective's grade is short of 1.0 (the same tolerance as
/// scoring uses for its thresholds).
const EPSILON: f64 = 1e-9;

/// A key result's grade in the review.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KrGrade {
    /// The stored grade when there is one, else the suggestion; in [0, 1].
    pub grade: Grade,
    /// What progress suggests.
    pub suggested: Grade,
    /// Whether people set it (a `grade` in the file).
    pub decided: bool,
}

/// An objective in the review.
#[derive(Clone, Debug, PartialEq)]
pub struct ObjectiveGrade {
    /// Its index in the document.
    pub index: usize,
    pub grade: Grade,
    /// Committed and graded below 1.0: the team promised it, so the review must ask why.
    pub needs_review: bool,
    pub key_results: Vec<KrGrade>,
}

/// A grade read from a file, clamped into [0, 1] and banded like a suggestion.
/// `Grade::of` rounds to a tenth; a decided grade keeps the value people typed.
pub fn decided(value: f64) -> Grade {
    let value = if value.is_finite() { value.clamp(0.0, 1.0) } else { 0.0 };
    Grade { value, band: Grade::of(value).band }
}

/// The grade of key result `kr` with score `score`.
pub fn key_result_grade(kr: &KeyResult, score: &KeyResultScore) -> KrGrade {
    let suggested = Grade::of(score.progress);
    match kr.grade {
        Some(value) => KrGrade { grade: decided(value), suggested, decided: true },
        None => KrGrade { grade: suggested, suggested, decided: false },
    }
}

/// The grades of objective `index` of `document`, scored by `scores`.
pub fn objective_grade(document: &Document, scores: &Scores, index: usize) -> Option<ObjectiveGrade> {
    let objective = document.objectives.get(index)?;
    let score = scores.objective(index)?;
    let key_results: Vec<KrGrade> = objective
        .key_results
        .iter()
        .enumerate()
        .filter_map(|(j, kr)| Some(key_result_grade(kr, scores.key_result(index, j)?)))
        .collect();
    let grade = if key_results.is_empty() {
        score.grade
    } else {
        let mean =
            weighted_mean(objective.key_results.iter().zip(&key_results).map(|(k, g)| (g.grade.value, k.weight)));
        decided(mean)
    };
    let needs_review = objective.kind == Kind::Committed && grade.value < 1.0 - EPSILON;
    Some(ObjectiveGrade { index, grade, needs_review, key_results })
}

/// The objectives of `period` (every objective when `None`), graded, in document order.
pub fn grade_period(document: &Document, scores: &Scores, period: Option<Period>) -> Vec<ObjectiveGrade> {
    document
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| period.is_none_or(|p| o.period == Some(p)))
        .filter_map(|(i, _)| objective_grade(document, scores, i))
        .collect()
}

/// How many grades fall on each tenth (0.0 … 1.0) and in each band.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Distribution {
    /// `tenths[t]`: grades that round to `t / 10`.
    pub tenths: [usize; 11],
    /// Red, yellow, green.
    pub bands: [usize; 3],
}

impl Distribution {
    pub fn of(grades: impl IntoIterator<Item = Grade>) -> Distribution {
        let mut distribution = Distribution::default();
        for grade in grades {
            let tenth = (grade.value.clamp(0.0, 1.0) * 10.0 + EPSILON).round() as usize;
            distribution.tenths[tenth.min(10)] += 1;
            distribution.bands[band_index(grade.band)] += 1;
        }
        distribution
    }

    pub fn total(&self) -> usize {
        self.bands.iter().sum()
    }
}

fn band_index(band: Band) -> usize {
    match band {
        Band::Red => 0,
        Band::Yellow => 1,
        Band::Green => 2,
    }
}

/// The key-result grades of `graded` objectives, as a distribution.
pub fn distribution(graded: &[ObjectiveGrade]) -> Distribution {
    Distribution::of(graded.iter().flat_map(|o| o.key_results.iter().map(|k| k.grade)))
}

/// The periods of the document's objectives, earliest first, each once.
pub fn periods(document: &Document) -> Vec<Period> {
    let mut periods: Vec<Period> = document.objectives.iter().filter_map(|o| o.period).collect();
    crate::sort::by_key(&mut periods, |p| (p.start, p.end));
    periods.dedup();
    periods
}

/// The period to review on `today`: the latest that has started (the one just ended,
/// or the one under way), else the first.
pub fn current_period(document: &Document, today: Date) -> Option<Period> {
    let periods = periods(document);
    periods.iter().rev().find(|p| p.start <= today).or(periods.first()).copied()
}

/// The edit that sets (or, with `None`, clears) key result `kr`'s grade. Values are
/// clamped to [0, 1].
pub fn set_grade(objective: &Objective, kr: &Id, grade: Option<f64>) -> Option<Edit> {
    let mut changed = objective.clone();
    let key_result = changed.key_results.iter_mut().find(|k| &k.id == kr)?;
    key_result.grade = grade.filter(|g| g.is_finite()).map(|g| g.clamp(0.0, 1.0));
    Some(Edit::Put { objective: changed })
}

/// Which part of a retrospective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetroPart {
    Worked,
    Change,
    Next,
}

/// The edit that sets one part of `objective`'s retrospective; an all-empty one is
/// removed rather than written as `{}`.
pub fn set_retro(objective: &Objective, part: RetroPart, text: String) -> Edit {
    let mut changed = objective.clone();
    let mut retro = changed.retro.take().unwrap_or_default();
    match part {
        RetroPart::Worked => retro.worked = text,
        RetroPart::Change => retro.change = text,
        RetroPart::Next => retro.next = text,
    }
    changed.retro = (!retro.is_empty()).then_some(retro);
    Edit::Put { objective: changed }
}

/// The edits that copy the kept objectives `ids` into `period`: the next cycle starts
/// from them, fresh (see `outline::copy_to_period`). One undoable step.
pub fn roll_over(document: &Document, ids: &[Id], period: Period) -> Vec<Edit> {
    crate::edit::outline::copy_to_period(document, ids, period)
}

/// The retrospective text of an objective, or an empty one.
pub fn retro_of(objective: &Objective) -> Retro {
    objective.retro.clone().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::next_period;
    use crate::edit::apply_all;
    use crate::model::{CheckIn, Level, Metric};
    use crate::scoring::score;

    fn d(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn q1() -> Period {
        Period { start: d("2026-01-01"), end: d("2026-03-31") }
    }

    fn kr(id: &str, value: f64) -> KeyResult {
        let mut k = KeyResult::new(id, id);
        k.metric = Some(Metric::Number { start: 0.0, target: 100.0, unit: String::new() });
        k.check_ins.push(CheckIn::new(d("2026-03-20"), value));
        k
    }

    /// A committed objective at 0.64 and 0.96, an aspirational one at 0.3.
    fn document() -> Document {
        let mut a = Objective::new("a", "Revenue", Level::Team);
        a.kind = Kind::Committed;
        a.period = Some(q1());
        a.key_results = vec![kr("a1", 64.0), kr("a2", 96.0)];
        let mut b = Objective::new("b", "Brand", Level::Team);
        b.period = Some(q1());
        b.key_results = vec![kr("b1", 30.0)];
        let mut later = Objective::new("c", "Later", Level::Team);
        later.period = Some(next_period(q1()));
        Document { objectives: vec![a, b, later], ..Document::default() }
    }

    #[test]
    fn suggestions_round_progress_and_decisions_win() {
        let mut doc = document();
        let scores = score(&doc, d("2026-03-31"));
        let a = objective_grade(&doc, &scores, 0).unwrap();
        assert_eq!(a.key_results.iter().map(|k| k.grade.value).collect::<Vec<_>>(), [0.6, 1.0]);
        assert!(!a.key_results[0].decided);
        assert!((a.grade.value - 0.8).abs() < 1e-9);
        assert!(a.needs_review, "committed and short of 1.0");

        doc.objectives[0].key_results[0].grade = Some(1.0);
        let a = objective_grade(&doc, &scores, 0).unwrap();
        assert!(a.key_results[0].decided);
        assert_eq!(a.key_results[0].suggested.value, 0.6);
        assert_eq!(a.grade.value, 1.0);
        assert!(!a.needs_review, "graded 1.0 by the review");
        let b = objective_grade(&doc, &scores, 1).unwrap();
        assert!(!b.needs_review, "aspirational objectives are never flagged");
    }

    #[test]
    fn stored_grades_outside_the_range_are_clamped() {
        assert_eq!(decided(1.7).value, 1.0);
        assert_eq!(decided(-2.0).value, 0.0);
        assert_eq!(decided(f64::NAN).value, 0.0);
        assert_eq!(decided(0.65).band, Band::Green, "bands as rounded: 0.65 → 0.7");
    }

    #[test]
    fn the_distribution_counts_key_results_by_tenth_and_band() {
        let doc = document();
        let scores = score(&doc, d("2026-03-31"));
        let graded = grade_period(&doc, &scores, Some(q1()));
        assert_eq!(graded.len(), 2, "only the period's objectives");
        let distribution = distribution(&graded);
        assert_eq!(distribution.tenths[6], 1);
        assert_eq!(distribution.tenths[10], 1);
        assert_eq!(distribution.tenths[3], 1);
        assert_eq!(distribution.bands, [1, 1, 1]);
        assert_eq!(distribution.total(), 3);
    }

    #[test]
    fn the_current_period_is_the_latest_started() {
        let doc = document();
        assert_eq!(current_period(&doc, d("2026-03-31")), Some(q1()));
        assert_eq!(current_period(&doc, d("2026-05-01")), Some(next_period(q1())));
        assert_eq!(current_period(&doc, d("2025-01-01")), Some(q1()));
        assert_eq!(periods(&doc).len(), 2);
    }

    #[test]
    fn grades_and_retros_are_edits() {
        let mut doc = document();
        let edit = set_grade(&doc.objectives[0], &"a1".into(), Some(1.4)).unwrap();
        let edit2 = set_retro(&doc.objectives[0], RetroPart::Next, "keep the weekly call".into());
        apply_all(&mut doc, vec![edit]).unwrap();
        assert_eq!(doc.objectives[0].key_results[0].grade, Some(1.0));
        let Edit::Put { objective } = edit2 else { panic!() };
        assert_eq!(objective.retro.unwrap().next, "keep the weekly call");
        let Edit::Put { objective } = set_retro(&doc.objectives[1], RetroPart::Worked, String::new()) else { panic!() };
        assert_eq!(objective.retro, None, "an empty retrospective is not written");
        assert!(set_grade(&doc.objectives[0], &"missing".into(), Some(0.5)).is_none());
    }

    #[test]
    fn rolling_over_copies_the_kept_objectives_fresh() {
        let mut doc = document();
        doc.objectives[0].key_results[0].grade = Some(0.7);
        doc.objectives[0].retro = Some(Retro { worked: "w".into(), ..Retro::default() });
        let edits = roll_over(&doc, &["a".into()], next_period(q1()));
        apply_all(&mut doc, edits).unwrap();
        let copy = doc.objectives.last().unwrap();
        assert_eq!((copy.title.as_str(), copy.period), ("Revenue", Some(next_period(q1()))));
        assert_eq!(copy.retro, None);
        assert!(copy.key_results.iter().all(|k| k.grade.is_none() && k.check_ins.is_empty()));
        assert_eq!(doc.objectives.len(), 4);
    }
}
