//! Builders shared by the rules' tests: a clean objective that breaks no rule, so
//! each test spoils exactly one thing and looks for exactly one finding.

use super::{Finding, Rule, check};
use crate::calendar::{Date, Period};
use crate::model::{Document, KeyResult, Level, Metric, Objective};
use crate::scoring::score;

/// "Today" for most tests: ten days into the first quarter, early enough that no
/// progress rule fires.
pub const TODAY: &str = "2026-01-10";

pub fn d(text: &str) -> Date {
    text.parse().expect("a test date")
}

pub fn q1() -> Period {
    Period { start: d("2026-01-01"), end: d("2026-03-31") }
}

/// A key result that breaks no rule: an outcome with a number metric and an owner.
pub fn clean_kr(id: &str, title: &str) -> KeyResult {
    let mut kr = KeyResult::new(id, title);
    kr.owner = "李四".into();
    kr.metric = Some(Metric::Number { start: 0.0, target: 30.0, unit: "家".into() });
    kr
}

/// An objective that breaks no rule on its own (at company level; below it, give it
/// a parent): an owner, the first quarter and three outcome key results.
pub fn clean_objective(id: &str, title: &str, level: Level) -> Objective {
    let mut objective = Objective::new(id, title, level);
    objective.owner = "张三".into();
    objective.period = Some(q1());
    objective.key_results = vec![
        clean_kr(&format!("{id}-1"), "大客户签约数量增长40%（从50家增至70家）"),
        clean_kr(&format!("{id}-2"), "大客户ARPU值提升20%"),
        clean_kr(&format!("{id}-3"), "行业解决方案在试点客户中的渗透率达到60%"),
    ];
    objective
}

pub fn doc(objectives: Vec<Objective>) -> Document {
    Document { title: "测试".into(), objectives, ..Document::default() }
}

/// A company objective with a department objective under it: no findings at all.
pub fn clean_document() -> Document {
    let company = clean_objective("C", "通过行业解决方案升级，实现大客户营收突破", Level::Company);
    let mut department = clean_objective("D", "打造行业领先的业务团队", Level::Department);
    department.parent = Some("C".into());
    department.parent_kr = Some("C-1".into());
    doc(vec![company, department])
}

/// One document on which every rule fires at the end of the first quarter, with
/// ASCII-free titles so the punctuation of the Chinese messages can be checked.
pub fn everything_wrong() -> Document {
    let mut objectives = Vec::new();
    // objective-count: a fourth objective of the same owner in the same quarter.
    for i in 0..4 {
        objectives.push(clean_objective(&format!("F{i}"), "通过行业解决方案升级实现大客户营收突破", Level::Company));
    }
    // objective-vague, kr-count, kr-measurable, kr-task, kr-owner, kr-target, kr-weight.
    let mut vague = clean_objective("V", "提高销售额", Level::Company);
    vague.owner = "王五".into();
    vague.key_results[0].title = "完成一百场客户拜访".into();
    vague.key_results[0].metric = Some(Metric::Milestone);
    vague.key_results[1].title = "销售更多的产品".into();
    vague.key_results[1].metric = None;
    vague.key_results[1].owner = "  ".into();
    vague.key_results[2].metric = Some(Metric::Number { start: 5.0, target: 5.0, unit: String::new() });
    vague.key_results[2].weight = -1.0;
    vague.key_results.extend((4..=6).map(|j| clean_kr(&format!("V-{j}"), "大客户续约率提升至九成")));
    vague.weight = Some(f64::NAN);
    // objective-period (missing), alignment-orphan.
    let mut orphan = clean_objective("P", "实现渠道团队的业务突破与营收增长", Level::Team);
    orphan.owner = "赵六".into();
    orphan.period = None;
    // alignment-missing, alignment-level, kr-due.
    let mut dangling = clean_objective("M", "实现渠道团队的业务突破与营收增长", Level::Team);
    dangling.owner = "孙七".into();
    dangling.parent = Some("nobody".into());
    let mut level = clean_objective("L", "实现渠道团队的业务突破与营收增长", Level::Company);
    level.owner = "孙七".into();
    level.parent = Some("M".into());
    level.key_results[0].due = Some(d("2026-05-01"));
    // alignment-cycle: two objectives that are each other's parent.
    let mut x = clean_objective("X", "实现渠道团队的业务突破与营收增长", Level::Team);
    let mut y = clean_objective("Y", "实现渠道团队的业务突破与营收增长", Level::Team);
    x.owner = "周八".into();
    y.owner = "吴九".into();
    x.parent = Some("Y".into());
    y.parent = Some("X".into());
    // score-conservative: every key result done at the end of the period.
    let mut safe = clean_objective("S", "实现渠道团队的业务突破与营收增长", Level::Company);
    safe.owner = "郑十".into();
    for kr in &mut safe.key_results {
        kr.check_ins.push(crate::model::CheckIn::new(d("2026-03-01"), 30.0));
    }
    // kr-confidence: on track (all done) with a confidence of 2.
    safe.key_results[0].check_ins[0].confidence = Some(2);
    // kr-contributors (K-4), kr-contributes-missing (K-2), kr-contributes-kind (K-3).
    let mut fed = clean_objective("K", "实现渠道团队的业务突破与营收增长", Level::Company);
    fed.owner = "钱一".into();
    fed.key_results[0].metric = Some(Metric::Sum { start: 0.0, target: 10.0, unit: "元".into() });
    fed.key_results[1].contributes_to = Some("nobody".into());
    fed.key_results[2].contributes_to = Some("S-1".into());
    let mut empty = clean_kr("K-4", "大客户续约率提升至九成");
    empty.metric = Some(Metric::Sum { start: 0.0, target: 10.0, unit: "元".into() });
    fed.key_results.push(empty);
    // kr-contributes-loop (J-1, J-2), kr-contributes-above and kr-unit (J-3 feeds K-1).
    let mut looped = clean_objective("J", "实现渠道团队的业务突破与营收增长", Level::Company);
    looped.owner = "李二".into();
    looped.key_results[0].metric = Some(Metric::Sum { start: 0.0, target: 10.0, unit: "个".into() });
    looped.key_results[0].contributes_to = Some("J-2".into());
    looped.key_results[1].metric = Some(Metric::Sum { start: 0.0, target: 10.0, unit: "个".into() });
    looped.key_results[1].contributes_to = Some("J-1".into());
    looped.key_results[2].contributes_to = Some("K-1".into());
    // score-adjust: the other objectives have no check-ins, so no progress at all.
    objectives.extend([vague, orphan, dangling, level, x, y, safe, fed, looped]);
    doc(objectives)
}

/// The findings of `document` as of `today`.
pub fn run(document: &Document, today: &str) -> Vec<Finding> {
    check(document, &score(document, d(today)))
}

/// The findings of one rule.
pub fn only(document: &Document, today: &str, rule: Rule) -> Vec<Finding> {
    run(document, today).into_iter().filter(|f| f.rule == rule).collect()
}

pub fn has_cjk(text: &str) -> bool {
    text.chars().any(super::matchers::is_cjk)
}
