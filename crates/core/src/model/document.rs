//! The OKR document as okrpad holds it in memory and writes it to files.
//!
//! The types mirror format v1 field for field (see `docs/format.md`): the serde
//! attributes here *are* the file format, so a field is renamed only with a new
//! format version. A document is a flat list of objectives; the tree (company →
//! department → team → individual) is drawn by each objective's `parent`, because a
//! flat list merges, diffs and reorders far more simply than nested JSON, and a
//! broken reference is a rule finding rather than an unreadable file.
//!
//! Fields okrpad does not know are kept in `extra` and written back unchanged, so a
//! team's own annotations survive a round trip through the app. The two objects whose
//! unknown fields would change how progress is computed, `metric` and `period`, are
//! closed: an unknown field there is a parse error.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use crate::calendar::{Date, Period};

/// Fields of an object that okrpad does not know, kept verbatim in key order.
pub type Extra = BTreeMap<String, serde_json::Value>;

/// An objective's or key result's id: any non-empty text, unique across the document.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Id {
        Id(text.to_owned())
    }
}

/// A whole OKR set: one team's quarter, or a company's.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub objectives: Vec<Objective>,
    /// How often key results are expected to be checked in, in days; `None` means
    /// [`DEFAULT_CADENCE_DAYS`]. Read through [`Document::cadence`].
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "cadence::read")]
    pub cadence_days: Option<u32>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// A text that names none of an enum's values. Values are named by their ids in files
/// (`company`, `committed`, `on_track`, `number`), which forms use too.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} {found:?}")]
pub struct UnknownName {
    /// What was asked for (`level`, `kind`, …).
    pub what: &'static str,
    pub found: String,
}

/// Implements `FromStr` by the ids of `ALL` (`as_str`), so each enum's names are
/// written once, where `as_str` spells them.
macro_rules! from_name {
    ($type:ty, $what:literal) => {
        impl FromStr for $type {
            type Err = UnknownName;

            fn from_str(text: &str) -> Result<$type, UnknownName> {
                <$type>::ALL
                    .into_iter()
                    .find(|value| value.as_str() == text)
                    .ok_or_else(|| UnknownName { what: $what, found: text.to_owned() })
            }
        }
    };
}
pub(crate) use from_name;
/// The check-in cadence of a document that names none: weekly.
pub const DEFAULT_CADENCE_DAYS: u32 = 7;

/// The longest cadence a file may name: a year. Longer would make nothing ever due.
pub const MAX_CADENCE_DAYS: u32 = 366;

/// The highest confidence a check-in can carry (0: no chance, 10: certain).
pub const MAX_CONFIDENCE: u8 = 10;

/// Where in the organisation an objective sits. Ordered from the top down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Company,
    Department,
    Team,
    Individual,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Company, Level::Department, Level::Team, Level::Individual];

    /// The id used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Company => "company",
            Level::Department => "department",
            Level::Team => "team",
            Level::Individual => "individual",
        }
    }
}

from_name!(Level, "level");

/// Committed objectives are expected to reach 1.0; aspirational ones are stretch
/// goals where 0.7 is good (Google's convention, also seed 000's "70%-80% is excellent").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Committed,
    #[default]
    Aspirational,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Committed, Kind::Aspirational];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Committed => "committed",
            Kind::Aspirational => "aspirational",
        }
    }
}

from_name!(Kind, "kind");

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: Id,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    pub level: Level,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// The objective this one aligns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Id>,
    /// The parent's key result this objective contributes to; a `children` metric
    /// on that key result rolls this objective's progress up into it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_kr: Option<Id>,
    #[serde(default)]
    pub kind: Kind,
    /// This objective's share when it rolls up into its parent (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
    /// The end-of-cycle retrospective (seed 000: what worked, what to change, and
    /// what becomes input for the next quarter's OKRs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retro: Option<Retro>,
    /// Changes made to the title mid-period, with their reasons (see [`Adjustment`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// The discussion about this objective, oldest first (see [`Comment`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KeyResult {
    pub id: Id,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default = "one", serialize_with = "number::plain")]
    pub weight: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Date>,
    /// How progress is measured; `None` means unmeasurable (a rule finding).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<Metric>,
    /// The key result this one feeds: a `sum` or `mean` key result of an objective
    /// above this one, whose current value is computed from its contributors'. A
    /// missing target, a loop or a target that is not above is a rule finding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contributes_to: Option<Id>,
    #[serde(default)]
    pub check_ins: Vec<CheckIn>,
    /// The end-of-cycle grade, 0 to 1, set in the grading view (suggested from
    /// progress, then decided by people). `None` until someone grades it.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub grade: Option<f64>,
    /// Changes made to the target mid-period, with their reasons (see [`Adjustment`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adjustments: Vec<Adjustment>,
    /// The discussion about this key result, oldest first (see [`Comment`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<Comment>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// An objective's retrospective. Closed (like `metric`): a misspelled field is an
/// error instead of text that silently goes missing from the review.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retro {
    /// What worked, and should be kept.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub worked: String,
    /// What to change or stop.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub change: String,
    /// What becomes input for the next period's OKRs (seed 000: 沉淀为下季度OKR的输入).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
}

impl Retro {
    pub fn is_empty(&self) -> bool {
        self.worked.is_empty() && self.change.is_empty() && self.next.is_empty()
    }
}

/// One change of a committed field made mid-period, on the record: seed 000 allows
/// adjusting a key result "with data and reason, not at random". Which changes need
/// one is decided in `edit::adjust`. Closed, like [`Retro`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// The day of the change.
    pub date: Date,
    /// What changed: `title` (an objective's) or `target` (a key result's number target).
    pub field: String,
    /// The value before, as text.
    #[serde(default)]
    pub from: String,
    /// The value after, as text.
    #[serde(default)]
    pub to: String,
    /// Why: the data or decision behind the change.
    #[serde(default)]
    pub reason: String,
}

/// One remark in the discussion under an objective or key result (seed 003: the
/// discussion stays with the key result it is about). Plain text, never markup: every
/// view escapes it. Closed, like [`Adjustment`]. Comment ids are unique among the
/// document's comments (their own namespace, apart from objective and key result
/// ids), so a merge can unite two discussions by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comment {
    pub id: Id,
    /// The day it was written.
    pub date: Date,
    /// Who wrote it: the name the writer set once in the app.
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub text: String,
}

fn one() -> f64 {
    1.0
}

/// How a key result's progress is measured.
///
/// Read through [`MetricFields`] so that the object is closed (an unknown field such
/// as `"direction"` would silently change what the numbers mean) and each error names
/// the field at fault.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Metric {
    /// A quantity moving from `start` to `target`; a target below the start is a
    /// decrease metric (costs, churn, cycle time) and scores with the same formula.
    Number {
        #[serde(serialize_with = "number::plain")]
        start: f64,
        #[serde(serialize_with = "number::plain")]
        target: f64,
        #[serde(skip_serializing_if = "String::is_empty")]
        unit: String,
    },
    /// Done or not: a check-in value of 1 or more means done.
    Milestone,
    /// Rolled up from the objectives whose `parent_kr` is this key result.
    Children,
    /// A number whose current value is the sum of the current values of the key
    /// results that contribute to it (`contributes_to`), converted to its unit:
    /// counts, money. Scored like `number` on that value; takes no check-ins.
    Sum {
        #[serde(serialize_with = "number::plain")]
        start: f64,
        #[serde(serialize_with = "number::plain")]
        target: f64,
        #[serde(skip_serializing_if = "String::is_empty")]
        unit: String,
    },
    /// Like `sum`, with the contributors' mean weighted by their `weight`: rates.
    Mean {
        #[serde(serialize_with = "number::plain")]
        start: f64,
        #[serde(serialize_with = "number::plain")]
        target: f64,
        #[serde(skip_serializing_if = "String::is_empty")]
        unit: String,
    },
    /// A health metric (KPI): a number that must stay within `min`..=`max` (either or
    /// both), at risk past a warning line inside the band. See [`Health`].
    Health(Health),
}

/// The band of a health metric. At least one of `min` and `max` is set, `min ≤ max`,
/// and the warning lines lie within the band (checked where a file is read).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Health {
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub max: Option<f64>,
    /// Below this (and above `min`) the metric is at risk.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub warn_below: Option<f64>,
    /// Above this (and below `max`) the metric is at risk.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "number::option")]
    pub warn_above: Option<f64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

/// Where a health metric's value stands against its band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthZone {
    /// Inside the band and inside the warning lines.
    Healthy,
    /// Inside the band, past a warning line.
    Warning,
    /// Outside the band.
    Outside,
}

impl Health {
    /// Where `value` stands: the band's edges are inside it, a warning line itself is
    /// still healthy.
    pub fn zone(&self, value: f64) -> HealthZone {
        if self.min.is_some_and(|m| value < m) || self.max.is_some_and(|m| value > m) {
            HealthZone::Outside
        } else if self.warn_below.is_some_and(|w| value < w) || self.warn_above.is_some_and(|w| value > w) {
            HealthZone::Warning
        } else {
            HealthZone::Healthy
        }
    }

    /// Why this band cannot be used, if it cannot (the message of a parse error).
    pub fn problem(&self) -> Option<&'static str> {
        let finite = |x: Option<f64>| x.is_none_or(f64::is_finite);
        let (lo, hi) = (self.min.unwrap_or(f64::NEG_INFINITY), self.max.unwrap_or(f64::INFINITY));
        if self.min.is_none() && self.max.is_none() {
            Some("a health metric needs `min`, `max` or both")
        } else if ![self.min, self.max, self.warn_below, self.warn_above].into_iter().all(finite) {
            Some("a health metric's limits must be finite numbers")
        } else if lo > hi {
            Some("a health metric's `min` must not be above its `max`")
        } else if [self.warn_below, self.warn_above].into_iter().flatten().any(|w| w < lo || w > hi) {
            Some("a health metric's `warn_below` and `warn_above` must lie within `min`..`max`")
        } else {
            None
        }
    }
}

impl Metric {
    /// `(start, target, unit)` of a metric scored by the number rule: `number`, and
    /// `sum` and `mean` on their computed value.
    pub fn range(&self) -> Option<(f64, f64, &str)> {
        match self {
            Metric::Number { start, target, unit }
            | Metric::Sum { start, target, unit }
            | Metric::Mean { start, target, unit } => Some((*start, *target, unit)),
            _ => None,
        }
    }

    /// The editable `(start, target, unit)` of a number, sum or mean metric.
    pub fn range_mut(&mut self) -> Option<(&mut f64, &mut f64, &mut String)> {
        match self {
            Metric::Number { start, target, unit }
            | Metric::Sum { start, target, unit }
            | Metric::Mean { start, target, unit } => Some((start, target, unit)),
            _ => None,
        }
    }

    /// The unit of a metric that has one.
    pub fn unit(&self) -> Option<&str> {
        match self {
            Metric::Health(h) => Some(&h.unit),
            _ => self.range().map(|(_, _, unit)| unit),
        }
    }

    /// Whether the current value is computed from contributing key results.
    pub fn is_computed(&self) -> bool {
        matches!(self, Metric::Sum { .. } | Metric::Mean { .. })
    }

    /// The id used in files for this kind.
    pub fn kind_str(&self) -> &'static str {
        MetricKind::of(self).as_str()
    }
}

/// The kind of a metric, without its figures: what a form's metric choice names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    Number,
    Milestone,
    Children,
    Sum,
    Mean,
    Health,
}

impl MetricKind {
    pub const ALL: [MetricKind; 6] = [
        MetricKind::Number,
        MetricKind::Milestone,
        MetricKind::Children,
        MetricKind::Sum,
        MetricKind::Mean,
        MetricKind::Health,
    ];

    /// The id used in files (`kind`) and CSV (`metric`).
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Number => "number",
            MetricKind::Milestone => "milestone",
            MetricKind::Children => "children",
            MetricKind::Sum => "sum",
            MetricKind::Mean => "mean",
            MetricKind::Health => "health",
        }
    }

    /// The kind of `metric`.
    pub fn of(metric: &Metric) -> MetricKind {
        match metric {
            Metric::Number { .. } => MetricKind::Number,
            Metric::Milestone => MetricKind::Milestone,
            Metric::Children => MetricKind::Children,
            Metric::Sum { .. } => MetricKind::Sum,
            Metric::Mean { .. } => MetricKind::Mean,
            Metric::Health(_) => MetricKind::Health,
        }
    }

    /// A new metric of this kind: a number from 0 to 1 without a unit, or the kind itself.
    pub fn fresh(self) -> Metric {
        match self {
            MetricKind::Number => Metric::Number { start: 0.0, target: 1.0, unit: String::new() },
            MetricKind::Milestone => Metric::Milestone,
            MetricKind::Children => Metric::Children,
            MetricKind::Sum => Metric::Sum { start: 0.0, target: 1.0, unit: String::new() },
            MetricKind::Mean => Metric::Mean { start: 0.0, target: 1.0, unit: String::new() },
            MetricKind::Health => Metric::Health(Health { min: Some(0.0), ..Health::default() }),
        }
    }
}

from_name!(MetricKind, "metric kind");

/// A metric object as written in a file, before its fields are checked against its kind.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricFields {
    kind: MetricKind,
    start: Option<f64>,
    target: Option<f64>,
    unit: Option<String>,
    min: Option<f64>,
    max: Option<f64>,
    warn_below: Option<f64>,
    warn_above: Option<f64>,
}

/// The Chinese of each refusal that a metric's reading ([`Metric`]'s `TryFrom`) and
/// [`Health::problem`] give in English, kept beside them; every reader that shows one
/// (a file, a CSV row) takes its Chinese from here. `tests/format.rs` reads each of them
/// in both languages, so one added without its Chinese fails there.
pub(crate) fn metric_problem_zh(en: &str) -> Option<&'static str> {
    const BOTH: [(&str, &str); 10] = [
        ("a number metric needs a `target`", "数值指标需要目标值 `target`"),
        ("a sum metric needs a `target`", "求和指标需要目标值 `target`"),
        ("a mean metric needs a `target`", "平均指标需要目标值 `target`"),
        (
            "`min`, `max`, `warn_below` and `warn_above` belong to health metrics only",
            "`min`、`max`、`warn_below` 和 `warn_above` 只用于健康指标",
        ),
        (
            "a health metric has `min` and `max`, not `start` and `target`",
            "健康指标用 `min` 和 `max`，不用 `start` 和 `target`",
        ),
        ("`start`, `target` and `unit` belong to number metrics only", "`start`、`target` 和 `unit` 只用于数值类指标"),
        ("a health metric needs `min`, `max` or both", "健康指标需要 `min`、`max` 或两者都有"),
        ("a health metric's limits must be finite numbers", "健康指标的界限必须是有限的数"),
        ("a health metric's `min` must not be above its `max`", "健康指标的 `min` 不能大于 `max`"),
        (
            "a health metric's `warn_below` and `warn_above` must lie within `min`..`max`",
            "健康指标的 `warn_below` 和 `warn_above` 必须在 `min`..`max` 之内",
        ),
    ];
    BOTH.iter().find(|(english, _)| *english == en).map(|(_, zh)| *zh)
}

/// The Chinese of a reason [`Health::problem`] gave, for the readers that check a band
/// themselves (a CSV row, a link): every such reason is in [`metric_problem_zh`]'s table,
/// and one added without its Chinese still reads as Chinese, never as English inside it.
pub(crate) fn band_problem_zh(problem: &str) -> &'static str {
    metric_problem_zh(problem).unwrap_or("健康指标的区间无效")
}

/// A metric is its fields, checked against its kind within the reading of the metric's
/// own object: so a reader places a refusal at that object (and a message names
/// `….metric`), not at the end of the key result around it.
impl<'de> Deserialize<'de> for Metric {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Metric, D::Error> {
        struct Checked;
        impl<'de> serde::de::Visitor<'de> for Checked {
            type Value = Metric;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("struct MetricFields")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Metric, A::Error> {
                let fields = MetricFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Metric::try_from(fields).map_err(serde::de::Error::custom)
            }
        }
        deserializer.deserialize_map(Checked)
    }
}

impl TryFrom<MetricFields> for Metric {
    type Error = String;

    fn try_from(fields: MetricFields) -> Result<Metric, String> {
        let band = [fields.min, fields.max, fields.warn_below, fields.warn_above].iter().any(Option::is_some);
        let range = fields.start.is_some() || fields.target.is_some();
        match fields.kind {
            MetricKind::Number | MetricKind::Sum | MetricKind::Mean => {
                if band {
                    return Err("`min`, `max`, `warn_below` and `warn_above` belong to health metrics only".to_owned());
                }
                let start = fields.start.unwrap_or(0.0);
                let target = fields.target.ok_or(match fields.kind {
                    MetricKind::Sum => "a sum metric needs a `target`",
                    MetricKind::Mean => "a mean metric needs a `target`",
                    _ => "a number metric needs a `target`",
                })?;
                let unit = fields.unit.unwrap_or_default();
                Ok(match fields.kind {
                    MetricKind::Sum => Metric::Sum { start, target, unit },
                    MetricKind::Mean => Metric::Mean { start, target, unit },
                    _ => Metric::Number { start, target, unit },
                })
            }
            MetricKind::Health => {
                if range {
                    return Err("a health metric has `min` and `max`, not `start` and `target`".to_owned());
                }
                let health = Health {
                    min: fields.min,
                    max: fields.max,
                    warn_below: fields.warn_below,
                    warn_above: fields.warn_above,
                    unit: fields.unit.unwrap_or_default(),
                };
                match health.problem() {
                    Some(problem) => Err(problem.to_owned()),
                    None => Ok(Metric::Health(health)),
                }
            }
            MetricKind::Milestone | MetricKind::Children => {
                if range || band || fields.unit.is_some() {
                    Err("`start`, `target` and `unit` belong to number metrics only".to_owned())
                } else if matches!(fields.kind, MetricKind::Milestone) {
                    Ok(Metric::Milestone)
                } else {
                    Ok(Metric::Children)
                }
            }
        }
    }
}

/// A traffic light someone set by hand on a check-in, overriding the computed one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ManualStatus {
    OnTrack,
    AtRisk,
    OffTrack,
}

impl ManualStatus {
    pub const ALL: [ManualStatus; 3] = [ManualStatus::OnTrack, ManualStatus::AtRisk, ManualStatus::OffTrack];

    /// The id used in files (the same as the computed status's).
    pub fn as_str(self) -> &'static str {
        match self {
            ManualStatus::OnTrack => "on_track",
            ManualStatus::AtRisk => "at_risk",
            ManualStatus::OffTrack => "off_track",
        }
    }
}

from_name!(ManualStatus, "status");

/// A dated progress report on a key result: the value, and the two things seed 003
/// found people actually fill in, what happened (`note`) and what is in the way
/// (`blockers`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: Date,
    #[serde(serialize_with = "number::plain")]
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ManualStatus>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub blockers: String,
    /// How likely the owner thinks the key result is to be met, 0 (no chance) to
    /// [`MAX_CONFIDENCE`] (certain), as of this check-in.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "confidence::read")]
    pub confidence: Option<u8>,
    #[serde(flatten)]
    pub extra: Extra,
}

/// Reads `confidence`: a whole number from 0 to [`MAX_CONFIDENCE`], or null.
mod confidence {
    pub fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u8>, D::Error> {
        super::whole_in(deserializer, "confidence", 0..=super::MAX_CONFIDENCE)
    }
}

/// Reads `cadence_days`: a whole number of days from 1 to [`MAX_CADENCE_DAYS`], or null.
mod cadence {
    pub fn read<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
        super::whole_in(deserializer, "cadence_days", 1..=super::MAX_CADENCE_DAYS)
    }
}

/// A whole number within `range`, or null; anything else is an error naming `field`
/// and the range. The range is checked within the reading of the number, so a reader
/// places a refusal at the number (and a message names the field).
fn whole_in<'de, D, T>(
    deserializer: D,
    field: &'static str,
    range: std::ops::RangeInclusive<T>,
) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64> + PartialOrd + fmt::Display,
{
    use serde::de::{Error, Unexpected, Visitor};
    struct WholeIn<T> {
        field: &'static str,
        range: std::ops::RangeInclusive<T>,
    }
    impl<'de, T: TryFrom<u64> + PartialOrd + fmt::Display> Visitor<'de> for WholeIn<T> {
        type Value = Option<T>;
        // serde's words for a plain `u64`, so messages read as they always have.
        fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
            formatter.write_str("u64")
        }
        fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
            deserializer.deserialize_u64(self)
        }
        fn visit_i64<E: Error>(self, value: i64) -> Result<Option<T>, E> {
            match u64::try_from(value) {
                Ok(value) => self.visit_u64(value),
                Err(_) => Err(E::invalid_value(Unexpected::Signed(value), &self)),
            }
        }
        fn visit_u64<E: Error>(self, value: u64) -> Result<Option<T>, E> {
            let Self { field, range } = self;
            T::try_from(value).ok().filter(|v| range.contains(v)).map(Some).ok_or_else(|| {
                E::custom(format!("invalid value: {field} {value}, expected {} to {}", range.start(), range.end()))
            })
        }
    }
    deserializer.deserialize_option(WholeIn { field, range })
}

/// Numbers as people write them: `3000`, not `3000.0`. Whole numbers within the
/// exactly representable range are written as integers; they parse back to the same
/// `f64`, so files stay readable and diffs small without changing any value.
mod number {
    use serde::Serializer;

    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53

    pub fn plain<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if value.fract() == 0.0 && value.abs() < EXACT {
            // Exact: a whole number below 2^53 converts to i64 without loss.
            serializer.serialize_i64(*value as i64)
        } else {
            serializer.serialize_f64(*value)
        }
    }

    pub fn option<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => plain(v, serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// A number typed by a user, if it is one okrpad can store: finite and within
/// [`limits::MAX_NUMBER`](crate::model::limits::MAX_NUMBER), so that every saved
/// document can be read back. (`f64::from_str` alone accepts `inf` and `NaN`.) See
/// [`read_number`] for why one is refused.
///
/// It reads numbers as people type them, not only as Rust writes them:
/// - thousands separators, as okrpad shows numbers (`1,900`, `12,500.5`): commas that
///   group the whole part by three, the first group not starting with 0;
/// - a decimal comma (`2,5`, `0,75`), which some phones' decimal keypads give: one
///   comma that does not group by three;
/// - the full-width forms a Chinese input method types (`１９００`, `1，900`, `2。5`).
///
/// Anything else with a comma (`1,2,3`, `1,90.5`) is refused rather than guessed, so
/// a typed value is never stored a thousand times too small or too large.
pub fn parse_number(text: &str) -> Option<f64> {
    read_number(text).ok()
}

/// Why a typed text is not a number okrpad can store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberRefusal {
    /// Not a number as people type them (see [`parse_number`]).
    NotANumber,
    /// A number, but beyond [`limits::MAX_NUMBER`](crate::model::limits::MAX_NUMBER)
    /// (`1e308`, or a value too large for a float such as `1e400`).
    TooLarge,
}

/// [`parse_number`], saying why a text is refused, for the readers that tell the user
/// (a CSV cell).
///
/// ```
/// use okrpad_core::model::{read_number, NumberRefusal};
/// assert_eq!(read_number("1,900"), Ok(1900.0));
/// assert_eq!(read_number("1.7e308"), Err(NumberRefusal::TooLarge));
/// assert_eq!(read_number("lots"), Err(NumberRefusal::NotANumber));
/// ```
pub fn read_number(text: &str) -> Result<f64, NumberRefusal> {
    let text: String = text.trim().chars().map(half_width).collect();
    let value: Option<f64> = match text.split_once('.') {
        _ if !text.contains(',') => text.parse().ok(),
        Some((whole, fraction)) => ungrouped(whole).and_then(|whole| format!("{whole}.{fraction}").parse().ok()),
        None => match ungrouped(&text) {
            Some(whole) => whole.parse().ok(),
            None if text.matches(',').count() == 1 => text.replacen(',', ".", 1).parse().ok(),
            None => None,
        },
    };
    match value {
        Some(value) if crate::model::limits::number_allowed(value) => Ok(value),
        // Rust reads `inf` and `NaN` as numbers; people do not.
        Some(value) if value.is_nan() || text.to_ascii_lowercase().contains("inf") => Err(NumberRefusal::NotANumber),
        Some(_) => Err(NumberRefusal::TooLarge),
        None => Err(NumberRefusal::NotANumber),
    }
}

/// The ASCII form of a full-width digit, comma, full stop or sign.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '，' => ',',
        '。' | '．' => '.',
        '－' => '-',
        '＋' => '+',
        _ => c,
    }
}

/// `whole` without its thousands separators, if it has any and they group by three.
fn ungrouped(whole: &str) -> Option<String> {
    let digits = whole.trim_start_matches(['+', '-']);
    let mut groups = digits.split(',');
    let first = groups.next()?;
    let grouped = (1..=3).contains(&first.len())
        && !first.starts_with('0')
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    (grouped && digits.contains(',')).then(|| whole.replace(',', ""))
}

impl Document {
    /// The check-in cadence in days: `cadence_days`, or [`DEFAULT_CADENCE_DAYS`].
    pub fn cadence(&self) -> u32 {
        self.cadence_days.unwrap_or(DEFAULT_CADENCE_DAYS)
    }

    /// The objective with this id.
    pub fn objective(&self, id: &Id) -> Option<&Objective> {
        self.objectives.iter().find(|o| &o.id == id)
    }

    /// The key result with this id, with the objective it belongs to.
    pub fn key_result(&self, id: &Id) -> Option<(&Objective, &KeyResult)> {
        self.objectives.iter().find_map(|o| o.key_results.iter().find(|k| &k.id == id).map(|k| (o, k)))
    }
}

impl Objective {
    /// An objective with the given id, title and level and every other field empty.
    pub fn new(id: &str, title: &str, level: Level) -> Objective {
        Objective {
            id: Id::from(id),
            title: title.to_owned(),
            owner: String::new(),
            level,
            period: None,
            parent: None,
            parent_kr: None,
            kind: Kind::default(),
            weight: None,
            notes: String::new(),
            key_results: Vec::new(),
            retro: None,
            adjustments: Vec::new(),
            comments: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl KeyResult {
    /// A key result with the given id and title, weight 1 and no metric yet.
    pub fn new(id: &str, title: &str) -> KeyResult {
        KeyResult {
            id: Id::from(id),
            title: title.to_owned(),
            owner: String::new(),
            weight: 1.0,
            due: None,
            metric: None,
            contributes_to: None,
            check_ins: Vec::new(),
            grade: None,
            adjustments: Vec::new(),
            comments: Vec::new(),
            extra: Extra::new(),
        }
    }
}

impl CheckIn {
    pub fn new(date: Date, value: f64) -> CheckIn {
        CheckIn {
            date,
            value,
            status: None,
            note: String::new(),
            blockers: String::new(),
            confidence: None,
            extra: Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_read_as_people_type_them() {
        let read = |text: &str| parse_number(text);
        // Thousands separators, as okrpad shows numbers: never a thousand times smaller.
        assert_eq!(read("1,900"), Some(1900.0));
        assert_eq!(read(" 12,500.5 "), Some(12500.5));
        assert_eq!(read("-1,234,567"), Some(-1_234_567.0));
        // A decimal comma, from a phone's decimal keypad.
        assert_eq!(read("2,5"), Some(2.5));
        assert_eq!(read("0,750"), Some(0.75));
        assert_eq!(read("1,90"), Some(1.9));
        // What a Chinese input method types.
        assert_eq!(read("１９００"), Some(1900.0));
        assert_eq!(read("1，900"), Some(1900.0));
        assert_eq!(read("2。5"), Some(2.5));
        assert_eq!(read("－3"), Some(-3.0));
        // Commas that are neither: refused, not guessed.
        for text in ["1,2,3", "1,90.5", "12,34,567", "1.2,3", ",", "", "inf", "NaN", "1e999", "abc"] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }

    /// Every value reads back from its id, and nothing else reads as a value.
    fn round_trips<T: Copy + PartialEq + fmt::Debug + FromStr<Err = UnknownName>>(
        all: &[T],
        name: fn(T) -> &'static str,
    ) {
        for &value in all {
            assert_eq!(name(value).parse::<T>(), Ok(value));
        }
        for bad in ["", "Company", " team", "on-track", "none", "未知"] {
            assert!(bad.parse::<T>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn enums_parse_from_the_ids_files_use() {
        round_trips(&Level::ALL, Level::as_str);
        round_trips(&Kind::ALL, Kind::as_str);
        round_trips(&MetricKind::ALL, MetricKind::as_str);
        round_trips(&ManualStatus::ALL, ManualStatus::as_str);
        let error = "weird".parse::<Level>().unwrap_err();
        assert_eq!(error.to_string(), "unknown level \"weird\"");
    }

    #[test]
    fn ids_are_the_serde_names() {
        for status in ManualStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
        for kind in MetricKind::ALL {
            let metric = serde_json::to_value(kind.fresh()).unwrap();
            assert_eq!(metric["kind"], kind.as_str());
            assert_eq!(MetricKind::of(&kind.fresh()), kind);
        }
        for level in Level::ALL {
            assert_eq!(serde_json::to_value(level).unwrap(), level.as_str());
        }
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), kind.as_str());
        }
    }
}
