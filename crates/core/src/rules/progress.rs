//! The progress rules: `score-conservative`, `score-adjust` and `kr-confidence`,
//! which read the scores rather than the text.
//!
//! Seed 000 names two ways a cycle goes wrong. At the end: an ambitious OKR scores
//! 70%–80%, so an aspirational objective with *every* key result at 100% was set too
//! safe (committed objectives are meant to reach 100% and are left alone). During
//! it: when an OKR stands far below where it should be (the seed's trigger is 30%),
//! the team should find out whether the goal or the execution is wrong and adjust,
//! with data and a stated reason, rather than let it drift to the review. The check
//! waits for a third of the period so that a slow first week is not an alarm.
//!
//! Seed 003's meeting asks "is the key result's progress healthy?". A key result on
//! track whose owner gives it a confidence of 3 or less answers two ways at once: the
//! numbers look fine, the person closest to them does not believe it. That is worth
//! a word in the meeting (`kr-confidence`, info), not an alarm.
//!
//! "Today" is `scores.as_of`, and "where it should be" is the score's `expected`
//! (the elapsed share of the period), so the rules and the status colours agree.

use super::phrases::{percent, quote};
use super::{At, Findings, Rule, Severity};
use crate::i18n::Text;
use crate::model::{Document, Kind};
use crate::scoring::{Scores, Status};

/// Progress within this of 1 counts as complete (the scorer's own tolerance).
const EPSILON: f64 = 1e-9;

/// Share of the period after which lagging progress is worth a review.
const REVIEW_AFTER: f64 = 1.0 / 3.0;

/// Progress below this share of the expected progress needs a review (seed 000 Q2).
const LAGGING: f64 = 0.3;

/// A confidence at or below this, on a key result on track, is worth raising.
pub const LOW_CONFIDENCE: u8 = 3;

pub(super) fn check(document: &Document, scores: &Scores, out: &mut Findings) {
    let today = scores.as_of;
    for (i, objective) in document.objectives.iter().enumerate() {
        for (j, kr) in objective.key_results.iter().enumerate() {
            let Some(score) = scores.key_result(i, j) else { continue };
            if score.status == Status::OnTrack
                && let Some(confidence) = score.confidence.filter(|c| *c <= LOW_CONFIDENCE)
            {
                let message = confidence_message(&quote(&kr.title, &kr.id), confidence);
                out.add(At::key_result(i, objective, j, kr), Rule::KrConfidence, Severity::Info, None, message);
            }
        }
        let Some(period) = objective.period.filter(|p| p.start <= p.end) else {
            continue; // no period, or a backwards one: `objective-period` says so
        };
        // A score on a loop is 0 by construction; `alignment-cycle` says so.
        let Some(score) = scores.objective(i).filter(|s| !s.in_cycle) else {
            continue;
        };
        // Named only when a rule fires: most objects pass, and names allocate.
        let name = || quote(&objective.title, &objective.id);

        let all_complete = !objective.key_results.is_empty()
            && (0..objective.key_results.len())
                .all(|j| scores.key_result(i, j).is_some_and(|kr| kr.progress >= 1.0 - EPSILON));
        if today >= period.end && objective.kind == Kind::Aspirational && all_complete {
            let message = conservative_message(&name());
            out.add(At::objective(i, objective), Rule::ScoreConservative, Severity::Info, None, message);
        }

        if today <= period.end && score.expected > REVIEW_AFTER && score.progress < LAGGING * score.expected {
            let message = adjust_message(&name(), score.progress, score.expected);
            out.add(At::objective(i, objective), Rule::ScoreAdjust, Severity::Warning, None, message);
        }
    }
}

fn confidence_message(name: &Text, confidence: u8) -> Text {
    Text::new(
        format!(
            "关键结果{}的进度正常，负责人的信心却只有 {confidence} 分（满分 10 分）：在周会上问一问担心的是什么，需要什么帮助，必要时把状态标为有风险。",
            name.zh
        ),
        format!(
            "Key result {} is on track, yet its owner's confidence is only {confidence} out of 10: ask in the meeting what the worry is and what help is needed, and mark it at risk if that is the truth.",
            name.en
        ),
    )
}

fn conservative_message(name: &Text) -> Text {
    Text::new(
        format!(
            "周期已结束，挑战型目标{}的全部关键结果都达成了 100%。挑战型 OKR 达成 70%–80% 就算优秀，全部达成说明目标定得过于保守：下个周期以这次的结果为起点，设定更有挑战性的目标值。",
            name.zh
        ),
        format!(
            "The period is over and every key result of the aspirational objective {} reached 100%. For a stretch goal, 70–80% is excellent; meeting everything means the goals were set too safe: next cycle, start from these results and set more ambitious targets.",
            name.en
        ),
    )
}

fn adjust_message(name: &Text, progress: f64, expected: f64) -> Text {
    let (progress, expected) = (percent(progress), percent(expected));
    Text::new(
        format!(
            "目标{}的周期已过去 {expected}，进度却只有 {progress}，不到应有进度的三成：用数据分析原因，判断是目标过高（调整关键结果）还是执行不力（优化策略），如需调整，写明调整的理由。",
            name.zh
        ),
        format!(
            "Objective {} stands at only {progress} with {expected} of its period gone, less than 30% of where it should be by now: use the data to find out why, decide whether the goal is too high (adjust the key results) or the execution falls short (change the approach), and write down the reason for any change.",
            name.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CheckIn, Level, Objective};
    use crate::rules::testing::*;
    use crate::rules::{Field, Finding};

    /// A company objective whose key results (targets 30) stand at these values on 2026-02-01.
    fn at(values: [f64; 3]) -> Objective {
        let mut objective = clean_objective("O1", "通过行业解决方案升级,实现大客户营收突破", Level::Company);
        for (kr, value) in objective.key_results.iter_mut().zip(values) {
            kr.check_ins.push(CheckIn::new(d("2026-02-01"), value));
        }
        objective
    }

    fn one(objective: Objective, today: &str, rule: Rule) -> Option<Finding> {
        let mut found = only(&doc(vec![objective]), today, rule);
        assert!(found.len() <= 1, "{found:#?}");
        found.pop()
    }

    #[test]
    fn all_key_results_complete_at_the_end_is_too_conservative() {
        for today in ["2026-03-31", "2026-06-01"] {
            let finding = one(at([30.0, 31.0, 30.0]), today, Rule::ScoreConservative).expect("a finding");
            assert_eq!(finding.severity, Severity::Info);
            assert_eq!(finding.objective, Some("O1".into()));
            assert_eq!((finding.key_result, finding.field), (None, None::<Field>));
            assert!(finding.message.zh.contains("70%–80%"));
        }
    }

    #[test]
    fn conservative_needs_the_end_an_aspiration_and_every_key_result() {
        assert_eq!(one(at([30.0, 30.0, 30.0]), "2026-03-30", Rule::ScoreConservative), None);
        assert_eq!(one(at([30.0, 30.0, 29.0]), "2026-03-31", Rule::ScoreConservative), None);
        let mut committed = at([30.0, 30.0, 30.0]);
        committed.kind = Kind::Committed;
        assert_eq!(one(committed, "2026-03-31", Rule::ScoreConservative), None);
        let mut empty = at([0.0; 3]);
        empty.key_results.clear();
        assert_eq!(one(empty, "2026-03-31", Rule::ScoreConservative), None);
    }

    #[test]
    fn far_behind_after_a_third_of_the_period_needs_adjusting() {
        // On 2026-02-15 about half the quarter has passed; 10% done is under 30% of that.
        let finding = one(at([3.0, 3.0, 3.0]), "2026-02-15", Rule::ScoreAdjust).expect("a finding");
        assert_eq!(finding.severity, Severity::Warning);
        assert_eq!(finding.objective, Some("O1".into()));
        assert_eq!((finding.key_result, finding.field), (None, None::<Field>));
        assert!(finding.message.zh.contains("51%") && finding.message.zh.contains("10%"));
        assert!(finding.message.en.contains("only 10%"));
        // The last day of the period still counts.
        assert!(one(at([3.0, 3.0, 3.0]), "2026-03-31", Rule::ScoreAdjust).is_some());
    }

    /// The first key result of a clean objective, checked in on 02-01 at `value` (of
    /// 30) with `confidence`, and perhaps a manual status.
    fn confident(value: f64, confidence: Option<u8>, status: Option<crate::model::ManualStatus>) -> Objective {
        let mut objective = at([value, 30.0, 30.0]);
        let check_in = &mut objective.key_results[0].check_ins[0];
        check_in.confidence = confidence;
        check_in.status = status;
        objective
    }

    #[test]
    fn on_track_with_a_confidence_of_three_or_less_is_worth_a_word() {
        use crate::model::ManualStatus;
        // On 02-05 about 39% of the quarter has passed: 15 of 30 is on track.
        for confidence in 0..=LOW_CONFIDENCE {
            let finding = one(confident(15.0, Some(confidence), None), "2026-02-05", Rule::KrConfidence)
                .unwrap_or_else(|| panic!("no finding at {confidence}"));
            assert_eq!(finding.severity, Severity::Info);
            assert_eq!(finding.key_result, Some("O1-1".into()));
            assert!(finding.message.zh.contains(&format!("{confidence} 分")), "{}", finding.message.zh);
            assert!(finding.message.en.contains(&format!("only {confidence} out of 10")));
        }
        // A manual "on track" counts as on track, whatever the numbers say.
        assert!(one(confident(0.0, Some(2), Some(ManualStatus::OnTrack)), "2026-02-05", Rule::KrConfidence).is_some());
    }

    #[test]
    fn confidence_agrees_with_the_numbers_or_is_not_given() {
        use crate::model::ManualStatus;
        for confidence in [Some(LOW_CONFIDENCE + 1), Some(10), None] {
            assert_eq!(one(confident(15.0, confidence, None), "2026-02-05", Rule::KrConfidence), None);
        }
        // Not on track: the status already says so.
        assert_eq!(one(confident(0.0, Some(1), None), "2026-02-05", Rule::KrConfidence), None);
        assert_eq!(one(confident(30.0, Some(1), Some(ManualStatus::AtRisk)), "2026-02-05", Rule::KrConfidence), None);
        // Before the period starts, nothing is on track yet.
        assert_eq!(one(confident(15.0, Some(1), None), "2025-12-01", Rule::KrConfidence), None);
    }

    #[test]
    fn adjusting_waits_for_a_third_of_the_period_and_stops_after_it() {
        assert_eq!(one(at([0.0; 3]), "2026-01-25", Rule::ScoreAdjust), None); // under a third
        assert_eq!(one(at([0.0; 3]), "2026-04-01", Rule::ScoreAdjust), None); // over
        assert_eq!(one(at([6.0, 6.0, 6.0]), "2026-02-15", Rule::ScoreAdjust), None); // 20% ≥ 30% of 51%
        let mut undated = at([0.0; 3]);
        undated.period = None;
        assert_eq!(one(undated, "2026-02-15", Rule::ScoreAdjust), None);
    }
}
