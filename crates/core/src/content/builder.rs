//! The one way built-in documents (the sample, the templates) are written: objectives
//! and key results as constant specs with both languages side by side, and
//! [`objective`] to turn a spec into the model in one language, dated in a period.

use crate::calendar::{Date, Period};
use crate::i18n::Lang;
use crate::model::{CheckIn, Id, KeyResult, Level, Metric, Objective};

/// A metric's unit in both languages, and the factor that turns the Chinese figures
/// into the English ones (万元 in Chinese, millions of CNY in English: 0.01).
#[derive(Clone, Copy)]
pub(crate) struct Unit {
    pub zh: &'static str,
    pub en: &'static str,
    pub factor: f64,
}

/// A unit whose figures are the same in both languages.
pub(crate) const fn unit(zh: &'static str, en: &'static str) -> Unit {
    Unit { zh, en, factor: 1.0 }
}

/// 万元 in Chinese, millions of CNY in English.
pub(crate) const TEN_THOUSAND_CNY: Unit = Unit { zh: "万元", en: "M CNY", factor: 0.01 };

pub(crate) enum MetricSpec {
    /// Start and target, in the Chinese figures.
    Number(f64, f64, Unit),
    Milestone,
    Children,
    /// No metric yet (a draft key result).
    Unmeasured,
}

pub(crate) const fn number(start: f64, target: f64, unit: Unit) -> MetricSpec {
    MetricSpec::Number(start, target, unit)
}

pub(crate) struct KrSpec {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub metric: MetricSpec,
    /// Check-in values (Chinese figures), the last one week before today and each
    /// earlier one two weeks before the next.
    pub check_ins: &'static [f64],
}

/// A key result without check-ins.
pub(crate) const fn kr(id: &'static str, zh: &'static str, en: &'static str, metric: MetricSpec) -> KrSpec {
    KrSpec { id, zh, en, metric, check_ins: &[] }
}

impl KrSpec {
    /// The key result with these check-in values.
    pub(crate) const fn checked(self, check_ins: &'static [f64]) -> KrSpec {
        KrSpec { check_ins, ..self }
    }
}

pub(crate) struct ObjectiveSpec {
    pub id: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub owner: (&'static str, &'static str),
    pub level: Level,
    pub parent: Option<&'static str>,
    pub parent_kr: Option<&'static str>,
    pub notes: (&'static str, &'static str),
    pub key_results: &'static [KrSpec],
}

pub(crate) const NO_NOTES: (&str, &str) = ("", "");

/// In a title, the name of the period's quarter (第一季度, Q1).
pub(crate) const QUARTER: &str = "{quarter}";

/// `spec` in `lang`, in `period`, with its check-ins dated before `today`; its key
/// results are owned by its owner.
pub(crate) fn objective(spec: &ObjectiveSpec, lang: Lang, period: Period, today: Date) -> Objective {
    let zh = lang == Lang::Zh;
    let pick = |(zh_text, en_text): (&'static str, &'static str)| if zh { zh_text } else { en_text };
    let quarter = match (period.start.month() - 1) / 3 {
        0 => ("第一季度", "Q1"),
        1 => ("第二季度", "Q2"),
        2 => ("第三季度", "Q3"),
        _ => ("第四季度", "Q4"),
    };
    let title = pick((spec.zh, spec.en)).replace(QUARTER, pick(quarter));
    let owner = pick(spec.owner);
    let mut objective = Objective::new(spec.id, &title, spec.level);
    objective.owner = owner.to_owned();
    objective.period = Some(period);
    objective.parent = spec.parent.map(Id::from);
    objective.parent_kr = spec.parent_kr.map(Id::from);
    objective.notes = pick(spec.notes).to_owned();
    objective.key_results = spec
        .key_results
        .iter()
        .map(|k| {
            let mut key_result = KeyResult::new(k.id, pick((k.zh, k.en)));
            key_result.owner = owner.to_owned();
            let scale = match k.metric {
                MetricSpec::Number(_, _, unit) if !zh => unit.factor,
                _ => 1.0,
            };
            key_result.metric = match k.metric {
                MetricSpec::Number(start, target, unit) => Some(Metric::Number {
                    start: start * scale,
                    target: target * scale,
                    unit: pick((unit.zh, unit.en)).to_owned(),
                }),
                MetricSpec::Milestone => Some(Metric::Milestone),
                MetricSpec::Children => Some(Metric::Children),
                MetricSpec::Unmeasured => None,
            };
            let last = k.check_ins.len();
            key_result.check_ins = (k.check_ins.iter().enumerate())
                .map(|(i, value)| {
                    let weeks_back = 1 + 2 * i64::try_from(last - 1 - i).unwrap_or(0);
                    CheckIn::new(today.add_days(-7 * weeks_back), value * scale)
                })
                .collect();
            key_result
        })
        .collect();
    objective
}
