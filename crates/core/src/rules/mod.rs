//! The OKR linter: findings about what is wrong or unwise in a document, each with a
//! message in both languages that says what is wrong, where, and how to rewrite it.
//!
//! The rules come from five Chinese articles on sales OKRs (the "seeds", cited by
//! number, 000–004): few objectives, 2–5 key results that state outcomes rather
//! than activities, every objective aligned to the one above, an honest review when
//! progress lags, and 70% rather than 100% as the mark of an ambitious goal. They are heuristics, so they
//! *advise*: a document with findings still opens, saves and scores. What the file
//! format refuses (broken JSON, duplicate ids) never reaches this module.
//!
//! Rule ids ([`Rule::id`]) are a public contract: users filter on them in scripts, so
//! an id is never renamed. Each rule lives in one place, grouped by theme:
//! - `focus`: how many objectives one owner runs at once;
//! - `writing`: the wording heuristics (measurable, outcome not task, not vague);
//! - `structure`: key result counts, owners, periods, targets, weights, due dates;
//! - `alignment`: the parent tree (orphans, loops, dangling references, levels);
//! - `progress`: what the scores say at the end of and during a period, and whether
//!   the owner's confidence agrees with them.
//!
//! `check` runs on every keystroke in the browser, on documents of thousands of
//! objectives, so every rule is linear or `n log n`: references are resolved through
//! hash maps, never by scanning the document per objective, and parent chains are
//! walked iteratively (a chain can be thousands long; recursion would overflow).

use serde::{Serialize, Serializer};

use crate::i18n::Text;
use crate::model::{Document, Id, KeyResult, Objective};
use crate::scoring::Scores;

mod alignment;
mod cascade;
mod focus;
mod matchers;
mod phrases;
mod progress;
mod structure;
mod writing;

#[cfg(test)]
mod testing;

/// How much a finding matters.
///
/// Ordered most severe first, **`Error < Warning < Info`** (the declaration order):
/// sorting findings by severity lists errors first, as the findings panel and the
/// CLI want, and the most severe of a list is its `min()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The document is inconsistent: scores are wrong or meaningless until it is fixed.
    Error,
    /// The document is valid but goes against OKR practice.
    Warning,
    /// Worth knowing, nothing to fix now.
    Info,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

    /// The id used in JSON output and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A rule of the linter. Ordered as in [`Rule::ALL`], which is the order findings on
/// the same object are listed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    ObjectiveCount,
    KrCount,
    KrMeasurable,
    KrTask,
    ObjectiveVague,
    KrOwner,
    ObjectivePeriod,
    KrTarget,
    KrWeight,
    AlignmentOrphan,
    AlignmentCycle,
    AlignmentMissing,
    AlignmentLevel,
    KrDue,
    ScoreConservative,
    ScoreAdjust,
    KrConfidence,
    KrContributesMissing,
    KrContributesKind,
    KrContributesAbove,
    KrContributesLoop,
    KrContributors,
    KrUnit,
}

impl Rule {
    pub const ALL: [Rule; 23] = [
        Rule::ObjectiveCount,
        Rule::KrCount,
        Rule::KrMeasurable,
        Rule::KrTask,
        Rule::ObjectiveVague,
        Rule::KrOwner,
        Rule::ObjectivePeriod,
        Rule::KrTarget,
        Rule::KrWeight,
        Rule::AlignmentOrphan,
        Rule::AlignmentCycle,
        Rule::AlignmentMissing,
        Rule::AlignmentLevel,
        Rule::KrDue,
        Rule::ScoreConservative,
        Rule::ScoreAdjust,
        Rule::KrConfidence,
        Rule::KrContributesMissing,
        Rule::KrContributesKind,
        Rule::KrContributesAbove,
        Rule::KrContributesLoop,
        Rule::KrContributors,
        Rule::KrUnit,
    ];

    /// The stable id users filter on. Never renamed.
    pub fn id(self) -> &'static str {
        match self {
            Rule::ObjectiveCount => "objective-count",
            Rule::KrCount => "kr-count",
            Rule::KrMeasurable => "kr-measurable",
            Rule::KrTask => "kr-task",
            Rule::ObjectiveVague => "objective-vague",
            Rule::KrOwner => "kr-owner",
            Rule::ObjectivePeriod => "objective-period",
            Rule::KrTarget => "kr-target",
            Rule::KrWeight => "kr-weight",
            Rule::AlignmentOrphan => "alignment-orphan",
            Rule::AlignmentCycle => "alignment-cycle",
            Rule::AlignmentMissing => "alignment-missing",
            Rule::AlignmentLevel => "alignment-level",
            Rule::KrDue => "kr-due",
            Rule::ScoreConservative => "score-conservative",
            Rule::ScoreAdjust => "score-adjust",
            Rule::KrConfidence => "kr-confidence",
            Rule::KrContributesMissing => "kr-contributes-missing",
            Rule::KrContributesKind => "kr-contributes-kind",
            Rule::KrContributesAbove => "kr-contributes-above",
            Rule::KrContributesLoop => "kr-contributes-loop",
            Rule::KrContributors => "kr-contributors",
            Rule::KrUnit => "kr-unit",
        }
    }

    /// The rule with this id (exact, case-sensitive).
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// One line saying what the rule checks.
    pub fn summary(self) -> Text {
        let (zh, en) = match self {
            Rule::ObjectiveCount => {
                ("同一负责人同时进行的目标不超过 3 个", "No owner runs more than 3 objectives at the same time")
            }
            Rule::KrCount => ("每个目标有 2–5 个关键结果", "Each objective has 2 to 5 key results"),
            Rule::KrMeasurable => (
                "关键结果可以衡量：有度量方式，或标题中有数字",
                "Each key result is measurable: it has a metric or a number in its title",
            ),
            Rule::KrTask => ("关键结果写要达成的结果，而不是要做的动作", "Key results state outcomes, not activities"),
            Rule::ObjectiveVague => (
                "目标写明业务场景和价值（动词+业务场景+价值）",
                "Objectives name a business scenario and a value (verb + scenario + value)",
            ),
            Rule::KrOwner => ("每个关键结果都有负责人", "Every key result has an owner"),
            Rule::ObjectivePeriod => (
                "每个目标都有周期，且开始日期不晚于结束日期",
                "Every objective has a period that does not end before it starts",
            ),
            Rule::KrTarget => {
                ("数值型关键结果的目标值不等于起始值", "A number key result's target differs from its start")
            }
            Rule::KrWeight => ("权重是不小于 0 的有限数", "Weights are finite and not negative"),
            Rule::AlignmentOrphan => (
                "公司级以下的目标都对齐到上级目标",
                "Every objective below the company level aligns to a parent objective",
            ),
            Rule::AlignmentCycle => {
                ("上级关系和进度汇总不形成循环", "Parents and progress roll-ups do not form a loop")
            }
            Rule::AlignmentMissing => (
                "引用的上级目标和上级关键结果都存在",
                "The parent objective and parent key result an objective names exist",
            ),
            Rule::AlignmentLevel => {
                ("下级目标的层级低于上级目标", "A child objective sits at a lower level than its parent")
            }
            Rule::KrDue => ("关键结果的截止日期在目标周期内", "Key results are due within their objective's period"),
            Rule::ScoreConservative => (
                "周期结束时，挑战型目标的关键结果没有全部达成 100%（否则目标过于保守）",
                "At the end of a period, an aspirational objective has not met every key result in full (a sign of goals too safe)",
            ),
            Rule::ScoreAdjust => (
                "周期过去三分之一后，进度不低于应有进度的 30%",
                "Once a third of the period has passed, progress is at least 30% of the expected progress",
            ),
            Rule::KrConfidence => (
                "按进度正常的关键结果，负责人的信心不低于 4 分（满分 10 分）",
                "A key result on track has its owner's confidence above 3 (out of 10)",
            ),
            Rule::KrContributesMissing => {
                ("关键结果贡献给的关键结果存在", "The key result a key result contributes to exists")
            }
            Rule::KrContributesKind => {
                ("被贡献的关键结果是求和或平均型", "A key result that others contribute to is a sum or a mean")
            }
            Rule::KrContributesAbove => (
                "关键结果贡献给对齐链上更高层目标的关键结果",
                "A key result contributes to a key result of an objective above it in the alignment chain",
            ),
            Rule::KrContributesLoop => {
                ("关键结果之间的贡献不形成循环", "Contributions between key results do not form a loop")
            }
            Rule::KrContributors => {
                ("求和或平均型关键结果至少有一个贡献者", "A sum or mean key result has at least one contributor")
            }
            Rule::KrUnit => (
                "贡献者的单位可以换算成被贡献关键结果的单位",
                "A contributor's unit converts to the unit of the key result it feeds",
            ),
        };
        Text::new(zh, en)
    }
}

impl Serialize for Rule {
    /// A rule serializes as its id, the form users see and filter on.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

/// The field a finding is about, so the editor can put the cursor on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Owner,
    Level,
    Period,
    Parent,
    ParentKr,
    Weight,
    Metric,
    Due,
    KeyResults,
    ContributesTo,
}

impl Field {
    pub const ALL: [Field; 11] = [
        Field::Title,
        Field::Owner,
        Field::Level,
        Field::Period,
        Field::Parent,
        Field::ParentKr,
        Field::Weight,
        Field::Metric,
        Field::Due,
        Field::KeyResults,
        Field::ContributesTo,
    ];

    /// The name of the field in files (and in JSON output).
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Owner => "owner",
            Field::Level => "level",
            Field::Period => "period",
            Field::Parent => "parent",
            Field::ParentKr => "parent_kr",
            Field::Weight => "weight",
            Field::Metric => "metric",
            Field::Due => "due",
            Field::KeyResults => "key_results",
            Field::ContributesTo => "contributes_to",
        }
    }
}

/// One thing a rule found: which rule, how severe, on which objective or key result
/// (by id, `None` for the document as a whole), which field, and what to do about it.
///
/// A finding on a key result names both the key result and its objective.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    pub objective: Option<Id>,
    pub key_result: Option<Id>,
    pub field: Option<Field>,
    pub message: Text,
}

/// Checks `document` against every rule. `scores` must be `scoring::score` of the
/// same document; `scores.as_of` is taken as "today".
///
/// Findings come in document order: document-level ones first, then by objective,
/// an objective's own findings before those of its key results (in their order);
/// findings on the same object follow the order of [`Rule::ALL`].
pub fn check(document: &Document, scores: &Scores) -> Vec<Finding> {
    let mut findings = Findings::default();
    focus::check(document, &mut findings);
    writing::check(document, &mut findings);
    structure::check(document, &mut findings);
    alignment::check(document, scores, &mut findings);
    progress::check(document, scores, &mut findings);
    cascade::check(document, scores, &mut findings);
    findings.into_sorted()
}

/// Where a finding sits, for ordering. `None` sorts before `Some`, which puts
/// document-level findings first and an objective's own before its key results'.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Place {
    objective: Option<usize>,
    key_result: Option<usize>,
}

/// The object a finding is about: its place in the document and its ids.
struct At {
    place: Place,
    objective: Id,
    key_result: Option<Id>,
}

impl At {
    fn objective(index: usize, objective: &Objective) -> At {
        At {
            place: Place { objective: Some(index), key_result: None },
            objective: objective.id.clone(),
            key_result: None,
        }
    }

    fn key_result(index: usize, objective: &Objective, kr_index: usize, kr: &KeyResult) -> At {
        At {
            place: Place { objective: Some(index), key_result: Some(kr_index) },
            objective: objective.id.clone(),
            key_result: Some(kr.id.clone()),
        }
    }
}

/// The findings of one `check`, collected in any order by the rule modules and
/// sorted once at the end, so no module has to care about the others' order.
#[derive(Default)]
struct Findings {
    items: Vec<(Place, Finding)>,
}

impl Findings {
    fn add(&mut self, at: At, rule: Rule, severity: Severity, field: Option<Field>, message: Text) {
        let finding =
            Finding { rule, severity, objective: Some(at.objective), key_result: at.key_result, field, message };
        self.items.push((at.place, finding));
    }

    fn into_sorted(mut self) -> Vec<Finding> {
        // Stable, so two findings of one rule on one object keep the order they were
        // added in (e.g. a dangling `parent` before a dangling `parent_kr`).
        crate::sort::by_key(&mut self.items, |(place, finding)| (*place, finding.rule));
        self.items.into_iter().map(|(_, finding)| finding).collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::testing::*;
    use super::*;
    use crate::model::{Level, Metric};
    use crate::scoring::score;

    #[test]
    fn rule_ids_are_unique_and_round_trip() {
        let ids: HashSet<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert_eq!(ids.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::from_id(rule.id()), Some(rule));
            assert_eq!(serde_json::to_value(rule).unwrap(), rule.id());
        }
        assert_eq!(Rule::from_id("KR-TASK"), None);
        assert_eq!(Rule::from_id(""), None);
    }

    #[test]
    fn rule_order_is_the_order_of_all() {
        let mut sorted = Rule::ALL;
        sorted.sort();
        assert_eq!(sorted, Rule::ALL);
    }

    #[test]
    fn summaries_speak_both_languages() {
        for rule in Rule::ALL {
            let summary = rule.summary();
            assert!(has_cjk(&summary.zh), "{}: {}", rule.id(), summary.zh);
            assert!(!summary.en.is_empty() && !has_cjk(&summary.en), "{}", rule.id());
            assert!(!summary.zh.contains('\n') && !summary.en.contains('\n'));
        }
    }

    #[test]
    fn severities_sort_errors_first_and_serialize_as_their_ids() {
        assert!(Severity::Error < Severity::Warning && Severity::Warning < Severity::Info);
        let mut shuffled = [Severity::Info, Severity::Error, Severity::Warning];
        shuffled.sort();
        assert_eq!(shuffled, Severity::ALL);
        for severity in Severity::ALL {
            assert_eq!(serde_json::to_value(severity).unwrap(), severity.as_str());
        }
    }

    #[test]
    fn fields_serialize_as_snake_case() {
        for field in Field::ALL {
            assert_eq!(serde_json::to_value(field).unwrap(), field.as_str());
        }
        assert_eq!(Field::ParentKr.as_str(), "parent_kr");
        assert_eq!(Field::KeyResults.as_str(), "key_results");
    }

    #[test]
    fn a_finding_serializes_with_ids_and_both_languages() {
        let mut objective = clean_objective("O1", "实现渠道团队的业务突破与营收增长", Level::Company);
        objective.key_results[0].title = "Hold weekly meetings".into();
        objective.key_results[0].metric = Some(Metric::Milestone);
        let findings = run(&doc(vec![objective]), TODAY);
        let value = serde_json::to_value(&findings[0]).unwrap();
        assert_eq!(value["rule"], "kr-task");
        assert_eq!(value["severity"], "warning");
        assert_eq!(value["objective"], "O1");
        assert_eq!(value["key_result"], "O1-1");
        assert_eq!(value["field"], "title");
        assert!(value["message"]["zh"].as_str().is_some_and(has_cjk));
        assert!(value["message"]["en"].as_str().is_some_and(|en| en.contains("Hold weekly meetings")));
    }

    #[test]
    fn a_clean_document_has_no_findings() {
        assert_eq!(run(&clean_document(), TODAY), Vec::<Finding>::new());
    }

    #[test]
    fn findings_come_in_document_order_then_rule_order() {
        let mut first = clean_objective("A", "短", Level::Company); // objective-vague
        first.period = None; // objective-period
        first.key_results[1].owner.clear(); // kr-owner on A-2
        first.key_results[0].title = "完成100场客户拜访".into(); // kr-task on A-1
        let mut second = clean_objective("B", "通过行业解决方案升级,实现大客户营收突破", Level::Team);
        second.key_results.truncate(1); // kr-count
        let findings = run(&doc(vec![first, second]), TODAY);
        let seen: Vec<(&str, Option<&str>, &str)> = findings
            .iter()
            .map(|f| {
                let objective = f.objective.as_ref().map_or("", Id::as_str);
                (objective, f.key_result.as_ref().map(Id::as_str), f.rule.id())
            })
            .collect();
        assert_eq!(
            seen,
            vec![
                ("A", None, "objective-vague"),
                ("A", None, "objective-period"),
                ("A", Some("A-1"), "kr-task"),
                ("A", Some("A-2"), "kr-owner"),
                ("B", None, "kr-count"),
                ("B", None, "alignment-orphan"),
            ]
        );
    }

    #[test]
    fn every_message_speaks_both_languages_and_names_its_object() {
        let findings = run(&everything_wrong(), "2026-03-31");
        let fired: HashSet<Rule> = findings.iter().map(|f| f.rule).collect();
        for rule in Rule::ALL {
            assert!(fired.contains(&rule), "{} did not fire on the everything-wrong document", rule.id());
        }
        for finding in &findings {
            let Text { zh, en } = &finding.message;
            assert!(has_cjk(zh), "{}: {zh}", finding.rule.id());
            assert!(!en.is_empty() && !has_cjk(&outside_quotes(en)), "{}: {en}", finding.rule.id());
            assert!(zh.contains('“') && en.contains('“'), "{} names no object: {en}", finding.rule.id());
            // Chinese text uses full-width punctuation (titles here are ASCII-free).
            for ascii in [',', ';', '(', ')', '!', '?'] {
                assert!(!zh.contains(ascii), "{}: {ascii:?} in {zh}", finding.rule.id());
            }
            assert!(!zh.contains(": ") && !zh.ends_with('.'), "{}: {zh}", finding.rule.id());
        }
    }

    /// The text without what stands between curly quotes (the quoted titles).
    fn outside_quotes(text: &str) -> String {
        let mut quoted = false;
        text.chars()
            .filter(|&c| {
                let inside = quoted;
                quoted = (quoted || c == '“') && c != '”';
                !inside && c != '“'
            })
            .collect()
    }

    #[test]
    fn scores_of_another_shape_do_not_panic() {
        let document = everything_wrong();
        let empty = score(&Document::default(), d("2026-03-31"));
        let findings = check(&document, &empty);
        assert!(!findings.is_empty());
    }

    #[test]
    fn a_company_sized_document_is_checked() {
        // 2,000 objectives × 4 key results, the size checked on every keystroke.
        let mut objectives = vec![clean_objective("C", "通过行业解决方案升级,实现大客户营收突破", Level::Company)];
        for i in 1..2000 {
            let mut objective =
                clean_objective(&format!("O{i}"), "实现渠道团队的业务突破与营收增长", Level::Department);
            objective.parent = Some(Id::from("C"));
            objective.owner = format!("owner {i}");
            objective.key_results.push(clean_kr(&format!("O{i}-4"), "大客户续约率从85%提升至92%"));
            objectives.push(objective);
        }
        let findings = run(&doc(objectives), TODAY);
        assert_eq!(findings.len(), 0);
    }
}
