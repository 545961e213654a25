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
    #[serde(flatten)]
    pub extra: Extra,
}

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
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Committed => "committed",
            Kind::Aspirational => "aspirational",
        }
    }
}

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
/// one is decided in `core::adjust`. Closed, like [`Retro`].
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

fn one() -> f64 {
    1.0
}

/// How a key result's progress is measured.
///
/// Read through [`MetricFields`] so that the object is closed (an unknown field such
/// as `"direction"` would silently change what the numbers mean) and each error names
/// the field at fault.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "MetricFields")]
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
        match self {
            Metric::Number { .. } => "number",
            Metric::Milestone => "milestone",
            Metric::Children => "children",
            Metric::Sum { .. } => "sum",
            Metric::Mean { .. } => "mean",
            Metric::Health(_) => "health",
        }
    }
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
enum MetricKind {
    Number,
    Milestone,
    Children,
    Sum,
    Mean,
    Health,
}

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
    #[serde(flatten)]
    pub extra: Extra,
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

/// A number typed by a user, if it is one okrpad can store: finite, so that every
/// saved document can be read back. (`f64::from_str` alone accepts `inf` and `NaN`.)
pub fn parse_number(text: &str) -> Option<f64> {
    let value: f64 = text.trim().parse().ok()?;
    value.is_finite().then_some(value)
}

impl Document {
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
            extra: Extra::new(),
        }
    }
}

impl CheckIn {
    pub fn new(date: Date, value: f64) -> CheckIn {
        CheckIn { date, value, status: None, note: String::new(), blockers: String::new(), extra: Extra::new() }
    }
}
