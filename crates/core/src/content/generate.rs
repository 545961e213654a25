//! Large made-up documents, for the benchmark (`make bench`) and for tests that need
//! a company-sized tree.
//!
//! The shape is what a large company's quarter looks like: a few company objectives,
//! each cascaded to departments, teams and individuals, every objective with four key
//! results (a count, a decrease, a milestone, and a roll-up of its children) and a few
//! weeks of check-ins. The output depends only on the arguments, so two runs of the
//! benchmark measure the same document, and a test can state what it gets.

use crate::calendar::Date;
use crate::calendar::quarter_of;
use crate::i18n::Lang;
use crate::model::{CheckIn, Document, Id, KeyResult, Kind, Level, Metric, Objective};

/// Key results per generated objective.
pub const KEY_RESULTS: usize = 4;

/// A document of `objectives` objectives (each with [`KEY_RESULTS`] key results and
/// their check-ins) in the quarter of `today`, titled in `lang`.
///
/// The tree has four levels (company, department, team, individual), each objective
/// having about as many children as there are company objectives, filled level by
/// level; a parent's fourth key result rolls its children up.
///
/// ```
/// use okrpad_core::{calendar::Date, content::generate::generate, i18n::Lang, formats::file};
/// let today = Date::new(2026, 2, 15).unwrap();
/// let doc = generate(1000, Lang::En, today);
/// assert_eq!(doc.objectives.len(), 1000);
/// assert_eq!(doc, generate(1000, Lang::En, today)); // the same every time
/// assert!(file::validate(&doc).is_ok());
/// ```
pub fn generate(objectives: usize, lang: Lang, today: Date) -> Document {
    let fanout = fanout(objectives);
    let period = quarter_of(today);
    // Breadth first: the company objectives, then each objective in turn gets its
    // `fanout` children until there are enough, so the list reads like an outline.
    let mut parents: Vec<Option<usize>> = vec![None; fanout.min(objectives)];
    let mut depth = vec![0usize; parents.len()];
    let mut next = 0;
    while parents.len() < objectives {
        for _ in 0..fanout.min(objectives - parents.len()) {
            parents.push(Some(next));
            depth.push(depth[next] + 1);
        }
        next += 1;
    }
    let mut has_children = vec![false; objectives];
    for p in parents.iter().flatten() {
        has_children[*p] = true;
    }
    let list = (0..objectives)
        .map(|i| {
            let level = Level::ALL[depth[i].min(Level::ALL.len() - 1)];
            objective(i, level, parents[i], has_children[i], lang, today, period)
        })
        .collect();
    let title = match lang {
        Lang::Zh => format!("生成的文档：{objectives} 个目标"),
        Lang::En => format!("Generated document: {objectives} objectives"),
    };
    Document { title, objectives: list, ..Document::default() }
}

/// Children per objective: the smallest `f` with `f + f² + f³ + f⁴ ≥ n`, so four
/// levels hold the whole tree.
fn fanout(n: usize) -> usize {
    (1..).find(|f: &usize| f + f.pow(2) + f.pow(3) + f.pow(4) >= n).unwrap_or(1).max(1)
}

const THEMES: [(&str, &str); 8] = [
    ("提升渠道收入", "Grow channel revenue"),
    ("提高客户满意度", "Raise customer satisfaction"),
    ("缩短交付周期", "Shorten delivery lead time"),
    ("打造高效销售团队", "Build an effective sales team"),
    ("拓展华东市场", "Expand into the eastern region"),
    ("降低客户流失", "Reduce customer churn"),
    ("完善销售流程", "Standardise the sales process"),
    ("扩大重点客户覆盖", "Cover more key accounts"),
];

const OWNERS: [(&str, &str); 6] = [
    ("张伟", "Zhang Wei"),
    ("李娜", "Li Na"),
    ("王芳", "Wang Fang"),
    ("刘洋", "Liu Yang"),
    ("陈静", "Chen Jing"),
    ("赵磊", "Zhao Lei"),
];

fn pick(lang: Lang, (zh, en): (&str, &str)) -> String {
    if lang == Lang::Zh { zh.to_owned() } else { en.to_owned() }
}

fn objective_id(i: usize) -> String {
    format!("o{}", i + 1)
}

fn objective(
    i: usize,
    level: Level,
    parent: Option<usize>,
    has_children: bool,
    lang: Lang,
    today: Date,
    period: crate::calendar::Period,
) -> Objective {
    let id = objective_id(i);
    let theme = pick(lang, THEMES[i % THEMES.len()]);
    let title = match lang {
        Lang::Zh => format!("{theme}（{}）", i + 1),
        Lang::En => format!("{theme} ({})", i + 1),
    };
    let mut o = Objective::new(&id, &title, level);
    o.owner = pick(lang, OWNERS[i % OWNERS.len()]);
    o.period = Some(period);
    o.parent = parent.map(|p| Id(objective_id(p)));
    // The parent's fourth key result rolls its children up.
    o.parent_kr = parent.map(|p| Id(format!("{}k{KEY_RESULTS}", objective_id(p))));
    o.kind = if level == Level::Company { Kind::Committed } else { Kind::Aspirational };
    // Progress varies from objective to objective, so the traffic lights differ.
    let pace = ((i * 37) % 100) as f64 / 100.0;
    let checks = [today.add_days(-28), today.add_days(-14), today.add_days(-3)];
    o.key_results = (1..=KEY_RESULTS)
        .map(|k| {
            let mut kr = KeyResult::new(&format!("{id}k{k}"), "");
            kr.owner = o.owner.clone();
            let (title, metric, values): (String, Metric, Vec<f64>) = match k {
                1 => {
                    let target = 100.0 * ((i % 9) + 1) as f64;
                    let title = match lang {
                        Lang::Zh => format!("新增有效商机 {target} 个"),
                        Lang::En => format!("{target} new qualified opportunities"),
                    };
                    let unit = pick(lang, ("个", ""));
                    // The numeric cascade: a leaf counts its opportunities, every
                    // objective above sums those of the objectives below it.
                    if has_children {
                        (title, Metric::Sum { start: 0.0, target: target * 4.0, unit }, vec![])
                    } else {
                        let values = [0.3, 0.6, 1.0].iter().map(|f| (target * pace * f).round()).collect();
                        (title, Metric::Number { start: 0.0, target, unit }, values)
                    }
                }
                2 => {
                    let title = pick(lang, ("平均回款周期从 60 天缩短到 30 天", "Cut days to payment from 60 to 30"));
                    let values = [0.2, 0.5, 0.8].iter().map(|f| (60.0 - 30.0 * pace * f).round()).collect();
                    (title, Metric::Number { start: 60.0, target: 30.0, unit: pick(lang, ("天", "days")) }, values)
                }
                3 => {
                    let title = pick(lang, ("上线新版销售手册", "Launch the new sales playbook"));
                    (title, Metric::Milestone, vec![if pace > 0.5 { 1.0 } else { 0.0 }])
                }
                _ if has_children => {
                    (pick(lang, ("下级目标全部达成", "Every aligned objective delivered")), Metric::Children, vec![])
                }
                _ => {
                    let title = pick(lang, ("客户满意度达到 90%", "Customer satisfaction at 90%"));
                    let values = [0.4, 0.7, 0.9].iter().map(|f| (70.0 + 20.0 * pace * f).round()).collect();
                    (title, Metric::Number { start: 70.0, target: 90.0, unit: "%".to_owned() }, values)
                }
            };
            kr.title = title;
            kr.metric = Some(metric);
            if k == 1 {
                kr.contributes_to = parent.map(|p| Id(format!("{}k1", objective_id(p))));
            }
            let dates = &checks[checks.len() - values.len()..];
            kr.check_ins = dates.iter().zip(values).map(|(&date, value)| CheckIn::new(date, value)).collect();
            kr
        })
        .collect();
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::file::{parse, to_json};
    use crate::model::tree::Forest;
    use crate::rules::{Severity, check};
    use crate::scoring::score;

    fn today() -> Date {
        Date::new(2026, 2, 15).unwrap()
    }

    #[test]
    fn the_tree_has_four_levels_and_every_parent_exists() {
        for n in [1, 5, 100, 1000, 2000] {
            let doc = generate(n, Lang::Zh, today());
            assert_eq!(doc.objectives.len(), n);
            assert_eq!(doc.objectives[0].level, Level::Company);
            let forest = Forest::of(&doc);
            assert!(forest.roots.len() <= fanout(n), "{n}: {} roots", forest.roots.len());
            for o in &doc.objectives {
                assert_eq!(o.key_results.len(), KEY_RESULTS);
                if let Some(p) = &o.parent {
                    let parent = doc.objective(p).expect("parent exists");
                    assert!(parent.level < o.level);
                    let kr = parent.key_results.iter().find(|k| Some(&k.id) == o.parent_kr.as_ref()).unwrap();
                    assert_eq!(kr.metric, Some(Metric::Children));
                }
            }
        }
        let levels = |n| {
            let doc = generate(n, Lang::En, today());
            Level::ALL.map(|l| doc.objectives.iter().filter(|o| o.level == l).count())
        };
        assert_eq!(levels(2000), [7, 49, 343, 1601]);
    }

    #[test]
    fn a_generated_document_is_a_clean_file_that_scores() {
        let doc = generate(300, Lang::En, today());
        assert_eq!(parse(&to_json(&doc)).unwrap(), doc);
        let scores = score(&doc, today());
        let progress: Vec<f64> = scores.objectives.iter().map(|s| s.progress).collect();
        assert!(progress.iter().all(|p| (0.0..=1.0).contains(p)));
        assert!(progress.iter().any(|&p| p > 0.5) && progress.iter().any(|&p| p < 0.5));
        let errors = check(&doc, &scores).into_iter().filter(|f| f.severity == Severity::Error).count();
        assert_eq!(errors, 0);
        // Opportunities add up the tree: each company objective's first key result is
        // the sum of the leaves' counts below it.
        let top = &scores.key_results[0][0];
        assert_eq!(doc.objectives[0].key_results[0].metric.as_ref().map(Metric::kind_str), Some("sum"));
        assert!(top.current.is_some_and(|v| v > 0.0), "{top:?}");
        let findings = check(&doc, &scores);
        assert!(!findings.iter().any(|f| f.rule.id().starts_with("kr-contrib") || f.rule.id() == "kr-unit"));
    }
}
