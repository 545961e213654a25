//! The shape rules: `kr-count`, `kr-owner`, `objective-period`, `kr-target`,
//! `kr-weight` and `kr-due`.
//!
//! Each looks at one objective or key result on its own. Some are OKR practice (2–5
//! key results, an owner for each: seeds 000, 001, 002); the errors among them are
//! values that make scores meaningless (a target equal to its start can never move, a
//! negative weight would turn a mean upside down, a period that ends before it
//! starts has no days), which scoring tolerates but cannot make sense of.

use super::phrases::quote;
use super::{At, Field, Findings, Rule, Severity};
use crate::calendar::Period;
use crate::i18n::Text;
use crate::model::{Document, KeyResult, Metric, Objective};

/// The key results an objective should have (seed 002: 2–5; seed 000: 3–5).
const KR_RANGE: std::ops::RangeInclusive<usize> = 2..=5;

pub(super) fn check(document: &Document, out: &mut Findings) {
    for (i, objective) in document.objectives.iter().enumerate() {
        // Named only when a rule fires: most objects pass, and names allocate.
        let name = || quote(&objective.title, &objective.id);
        let count = objective.key_results.len();
        if !KR_RANGE.contains(&count) {
            let at = At::objective(i, objective);
            out.add(at, Rule::KrCount, Severity::Warning, Some(Field::KeyResults), count_message(&name(), count));
        }
        match objective.period {
            None => {
                let at = At::objective(i, objective);
                out.add(at, Rule::ObjectivePeriod, Severity::Warning, Some(Field::Period), no_period_message(&name()));
            }
            Some(period) if period.end < period.start => {
                let at = At::objective(i, objective);
                let message = backwards_message(&name(), period);
                out.add(at, Rule::ObjectivePeriod, Severity::Error, Some(Field::Period), message);
            }
            Some(_) => {}
        }
        if let Some(weight) = objective.weight.filter(|w| is_bad_weight(*w)) {
            let at = At::objective(i, objective);
            let message = weight_message(&name(), weight, false);
            out.add(at, Rule::KrWeight, Severity::Error, Some(Field::Weight), message);
        }
        for (j, kr) in objective.key_results.iter().enumerate() {
            check_key_result(i, objective, j, kr, out);
        }
    }
}

fn check_key_result(i: usize, objective: &Objective, j: usize, kr: &KeyResult, out: &mut Findings) {
    // Named only when a rule fires: most objects pass, and names allocate.
    let name = || quote(&kr.title, &kr.id);
    if kr.owner.trim().is_empty() {
        let at = At::key_result(i, objective, j, kr);
        out.add(at, Rule::KrOwner, Severity::Warning, Some(Field::Owner), owner_message(&name()));
    }
    if let Some((start, target, unit)) = kr.metric.as_ref().and_then(Metric::range)
        && start == target
    {
        let at = At::key_result(i, objective, j, kr);
        let message = target_message(&name(), start, unit);
        out.add(at, Rule::KrTarget, Severity::Error, Some(Field::Metric), message);
    }
    if is_bad_weight(kr.weight) {
        let at = At::key_result(i, objective, j, kr);
        out.add(at, Rule::KrWeight, Severity::Error, Some(Field::Weight), weight_message(&name(), kr.weight, true));
    }
    // Against a backwards period every date is outside; that period is the error to fix.
    if let (Some(due), Some(period)) = (kr.due, objective.period)
        && period.start <= period.end
        && !period.contains(due)
    {
        let at = At::key_result(i, objective, j, kr);
        let message = due_message(&name(), &quote(&objective.title, &objective.id), due, period);
        out.add(at, Rule::KrDue, Severity::Warning, Some(Field::Due), message);
    }
}

/// A weight scoring cannot use: negative or not a finite number.
fn is_bad_weight(weight: f64) -> bool {
    !weight.is_finite() || weight < 0.0
}

fn count_message(name: &Text, count: usize) -> Text {
    match count {
        0 => Text::new(
            format!(
                "目标{}还没有关键结果：没有关键结果，就无法知道目标是否达成。添加 2–5 个（建议 3–5 个）可衡量的结果。",
                name.zh
            ),
            format!(
                "Objective {} has no key results yet, so nothing shows whether it is met: add 2 to 5 measurable results (3 to 5 is best).",
                name.en
            ),
        ),
        1 => Text::new(
            format!(
                "目标{}只有 1 个关键结果：一个数字很难完整说明目标是否达成。从增长、效率、价值等不同角度补充到 2–5 个（建议 3–5 个）。",
                name.zh
            ),
            format!(
                "Objective {} has only 1 key result, and one number rarely shows whether an objective is met: add results that measure it from other angles (growth, efficiency, value) until there are 2 to 5 (3 to 5 is best).",
                name.en
            ),
        ),
        _ => Text::new(
            format!(
                "目标{}有 {count} 个关键结果，重点被稀释了：只保留 3–5 个最能说明目标达成的结果，其余的作为日常工作跟进。",
                name.zh
            ),
            format!(
                "Objective {} has {count} key results, which dilutes its focus: keep the 3 to 5 that best show it is met, and track the rest as regular work.",
                name.en
            ),
        ),
    }
}

fn no_period_message(name: &Text) -> Text {
    Text::new(
        format!("目标{}没有周期：没有起止日期，就无法判断进度是否落后。设置开始和结束日期，通常是一个季度。", name.zh),
        format!(
            "Objective {} has no period, so there is no telling whether it is behind: set its start and end dates, usually a quarter.",
            name.en
        ),
    )
}

fn backwards_message(name: &Text, period: Period) -> Text {
    let Period { start, end } = period;
    Text::new(
        format!("目标{}的结束日期 {end} 早于开始日期 {start}：对调或改正这两个日期。", name.zh),
        format!("Objective {} ends on {end}, before it starts on {start}: swap or correct the dates.", name.en),
    )
}

fn owner_message(name: &Text) -> Text {
    Text::new(
        format!(
            "关键结果{}没有负责人：每个关键结果都要有人对它负责。填写一位负责人，由他跟进进度，并在复盘会上汇报。",
            name.zh
        ),
        format!(
            "Key result {} has no owner, yet every key result needs someone accountable for it: name one owner, who tracks its progress and reports on it at reviews.",
            name.en
        ),
    )
}

fn target_message(name: &Text, value: f64, unit: &str) -> Text {
    // “85%”, “30天”, but “4.5 points” in either language.
    let unit = unit.trim();
    let unit = if unit.starts_with(|c: char| c.is_ascii_alphabetic()) { format!(" {unit}") } else { unit.to_owned() };
    Text::new(
        format!(
            "关键结果{}的目标值等于起始值（都是 {value}{unit}），进度永远是 0：把目标值设为希望达到的水平，例如“复购率从30%提升至45%”。",
            name.zh
        ),
        format!(
            "Key result {} has a target equal to its start (both {value}{unit}), so its progress can never move: set the target to the level you want to reach, e.g. “raise the repeat-purchase rate from 30% to 45%”.",
            name.en
        ),
    )
}

fn weight_message(name: &Text, weight: f64, key_result: bool) -> Text {
    let (zh_kind, en_kind, zh_use, en_use) = if key_result {
        ("关键结果", "Key result", "计算目标进度时", "in its objective's progress")
    } else {
        ("目标", "Objective", "汇总到上级时", "when it rolls up into its parent")
    };
    Text::new(
        format!(
            "{zh_kind}{}的权重是 {weight}，而权重必须是不小于 0 的有限数：改为 0 或正数（默认 1）。在此之前，{zh_use}它按 0 计。",
            name.zh
        ),
        format!(
            "{en_kind} {} has weight {weight}, but a weight must be a finite number, 0 or more: set it to 0 or a positive number (1 by default). Until then it counts as 0 {en_use}.",
            name.en
        ),
    )
}

fn due_message(name: &Text, objective: &Text, due: crate::calendar::Date, period: Period) -> Text {
    let Period { start, end } = period;
    Text::new(
        format!(
            "关键结果{}的截止日期 {due} 不在目标{}的周期（{start} 至 {end}）内：把截止日期移到周期内，或把这个关键结果移到其他周期的目标下。",
            name.zh, objective.zh
        ),
        format!(
            "Key result {} is due on {due}, outside the period of objective {} ({start} to {end}): move the due date into the period, or move the key result to an objective of another cycle.",
            name.en, objective.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Level;
    use crate::rules::Finding;
    use crate::rules::testing::*;

    const TITLE: &str = "通过行业解决方案升级,实现大客户营收突破";

    fn objective() -> Objective {
        clean_objective("O1", TITLE, Level::Company)
    }

    fn one(objective: Objective, rule: Rule) -> Finding {
        let mut findings = only(&doc(vec![objective]), TODAY, rule);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        findings.remove(0)
    }

    fn assert_on(finding: &Finding, severity: Severity, key_result: Option<&str>, field: Field) {
        assert_eq!(finding.severity, severity);
        assert_eq!(finding.objective, Some("O1".into()));
        assert_eq!(finding.key_result, key_result.map(Into::into));
        assert_eq!(finding.field, Some(field));
    }

    #[test]
    fn kr_count_fires_below_two_and_above_five() {
        for count in [0, 1, 6, 9] {
            let mut o = objective();
            o.key_results = (0..count).map(|j| clean_kr(&format!("K{j}"), "大客户ARPU值提升20%")).collect();
            let finding = one(o, Rule::KrCount);
            assert_on(&finding, Severity::Warning, None, Field::KeyResults);
            assert!(finding.message.en.contains("2 to 5") || finding.message.en.contains("3 to 5"));
        }
    }

    #[test]
    fn kr_count_accepts_two_to_five() {
        for count in 2..=5 {
            let mut o = objective();
            o.key_results = (0..count).map(|j| clean_kr(&format!("K{j}"), "大客户ARPU值提升20%")).collect();
            assert_eq!(only(&doc(vec![o]), TODAY, Rule::KrCount), vec![]);
        }
    }

    #[test]
    fn kr_owner_fires_on_a_blank_owner() {
        let mut o = objective();
        o.key_results[2].owner = " \t".into();
        let finding = one(o, Rule::KrOwner);
        assert_on(&finding, Severity::Warning, Some("O1-3"), Field::Owner);
        assert!(finding.message.zh.contains("“行业解决方案在试点客户中的渗透率达到60%”"));
    }

    #[test]
    fn kr_owner_accepts_any_name() {
        let mut o = objective();
        o.key_results[2].owner = "Li".into();
        assert_eq!(only(&doc(vec![o]), TODAY, Rule::KrOwner), vec![]);
    }

    #[test]
    fn objective_period_warns_when_missing() {
        let mut o = objective();
        o.period = None;
        let finding = one(o, Rule::ObjectivePeriod);
        assert_on(&finding, Severity::Warning, None, Field::Period);
    }

    #[test]
    fn objective_period_is_an_error_when_backwards() {
        let mut o = objective();
        o.period = Some(Period { start: d("2026-03-31"), end: d("2026-01-01") });
        let finding = one(o, Rule::ObjectivePeriod);
        assert_on(&finding, Severity::Error, None, Field::Period);
        assert!(finding.message.en.contains("2026-01-01") && finding.message.en.contains("2026-03-31"));
    }

    #[test]
    fn objective_period_accepts_a_single_day() {
        let mut o = objective();
        o.period = Some(Period { start: d("2026-01-10"), end: d("2026-01-10") });
        assert_eq!(only(&doc(vec![o]), TODAY, Rule::ObjectivePeriod), vec![]);
    }

    #[test]
    fn kr_target_fires_when_target_equals_start() {
        let mut o = objective();
        o.key_results[0].metric = Some(Metric::Number { start: 85.0, target: 85.0, unit: "%".into() });
        let finding = one(o, Rule::KrTarget);
        assert_on(&finding, Severity::Error, Some("O1-1"), Field::Metric);
        assert!(finding.message.zh.contains("85%") && finding.message.en.contains("85%"));
        let mut o = objective();
        o.key_results[0].metric = Some(Metric::Number { start: 4.5, target: 4.5, unit: "points".into() });
        let finding = one(o, Rule::KrTarget);
        assert!(finding.message.zh.contains("4.5 points") && finding.message.en.contains("4.5 points"));
    }

    #[test]
    fn kr_target_accepts_decrease_metrics_and_other_kinds() {
        let mut o = objective();
        o.key_results[0].metric = Some(Metric::Number { start: 30.0, target: 20.0, unit: "天".into() });
        o.key_results[1].metric = Some(Metric::Milestone);
        o.key_results[2].metric = Some(Metric::Children);
        assert_eq!(only(&doc(vec![o]), TODAY, Rule::KrTarget), vec![]);
    }

    #[test]
    fn kr_weight_fires_on_negative_and_non_finite_weights() {
        for weight in [-1.0, -0.001, f64::NAN, f64::INFINITY] {
            let mut o = objective();
            o.key_results[1].weight = weight;
            let finding = one(o, Rule::KrWeight);
            assert_on(&finding, Severity::Error, Some("O1-2"), Field::Weight);
        }
        let mut o = objective();
        o.weight = Some(-2.0);
        let finding = one(o, Rule::KrWeight);
        assert_on(&finding, Severity::Error, None, Field::Weight);
        assert!(finding.message.zh.starts_with("目标") && finding.message.en.contains("-2"));
    }

    #[test]
    fn kr_weight_accepts_zero_and_positive_weights() {
        let mut o = objective();
        o.key_results[0].weight = 0.0;
        o.key_results[1].weight = 2.5;
        o.weight = Some(0.0);
        assert_eq!(only(&doc(vec![o]), TODAY, Rule::KrWeight), vec![]);
    }

    #[test]
    fn kr_due_fires_outside_the_period() {
        for due in ["2025-12-31", "2026-04-01"] {
            let mut o = objective();
            o.key_results[0].due = Some(d(due));
            let finding = one(o, Rule::KrDue);
            assert_on(&finding, Severity::Warning, Some("O1-1"), Field::Due);
            assert!(finding.message.en.contains(due) && finding.message.zh.contains(TITLE));
        }
    }

    #[test]
    fn kr_due_accepts_dates_within_the_period_or_without_one() {
        let mut o = objective();
        o.key_results[0].due = Some(d("2026-01-01"));
        o.key_results[1].due = Some(d("2026-03-31"));
        assert_eq!(only(&doc(vec![o.clone()]), TODAY, Rule::KrDue), vec![]);
        o.period = None;
        o.key_results[2].due = Some(d("2030-01-01"));
        assert_eq!(only(&doc(vec![o.clone()]), TODAY, Rule::KrDue), vec![]);
        o.period = Some(Period { start: d("2026-03-31"), end: d("2026-01-01") });
        assert_eq!(only(&doc(vec![o]), TODAY, Rule::KrDue), vec![]);
    }
}
