//! The numeric cascade's rules (issue 14): `kr-contributes-missing`,
//! `kr-contributes-kind`, `kr-contributes-above`, `kr-contributes-loop`,
//! `kr-contributors` and `kr-unit`.
//!
//! A key result's `contributes_to` feeds a `sum` or `mean` key result above it. None
//! of what can go wrong there stops a file from opening: scoring counts what it can
//! (a contributor that does not convert is left out, a loop scores 0) and these rules
//! say what was left out and how to fix it. Linear: references through hash maps,
//! "is above" through one walk of the parent tree (entry and exit numbers).

use std::collections::HashMap;

use super::phrases::quote;
use super::{At, Field, Findings, Rule, Severity};
use crate::i18n::Text;
use crate::model::{Document, Id, Metric};
use crate::scoring::{Scores, units};

pub(super) fn check(document: &Document, scores: &Scores, out: &mut Findings) {
    // The key results something contributes to, and where they are: most key results
    // are no one's target, so only targets go into the map.
    let mut fed: HashMap<&Id, Option<(usize, usize)>> = HashMap::new();
    for o in &document.objectives {
        for kr in &o.key_results {
            if let Some(target) = &kr.contributes_to {
                fed.insert(target, None);
            }
        }
    }
    for (i, o) in document.objectives.iter().enumerate() {
        for (j, kr) in o.key_results.iter().enumerate() {
            if let Some(place) = fed.get_mut(&kr.id) {
                *place = Some((i, j));
            }
        }
    }
    if fed.is_empty()
        && !document
            .objectives
            .iter()
            .flat_map(|o| &o.key_results)
            .any(|k| k.metric.as_ref().is_some_and(Metric::is_computed))
    {
        return;
    }
    let tree = Tree::new(document);
    for (i, objective) in document.objectives.iter().enumerate() {
        for (j, kr) in objective.key_results.iter().enumerate() {
            let at = || At::key_result(i, objective, j, kr);
            // Named only when a rule fires: most key results pass, and names allocate.
            let name = || quote(&kr.title, &kr.id);
            let in_cycle = scores.key_result(i, j).is_some_and(|s| s.in_cycle);
            let metric = kr.metric.as_ref();
            if metric.is_some_and(Metric::is_computed) && !fed.contains_key(&kr.id) {
                let message = Text::new(
                    format!(
                        "{} 是{}型，但没有关键结果贡献给它，所以它停在起始值。请在下级关键结果的详情中选择它作为“贡献给”，或改为数值型并直接更新进度。",
                        name().zh,
                        kind_zh(metric)
                    ),
                    format!(
                        "{} is a {}, but no key result contributes to it, so it stays at its start. Pick it as “contributes to” in the details of the key results below, or make it a number and check in directly.",
                        name().en,
                        metric.map_or("", Metric::kind_str)
                    ),
                );
                out.add(at(), Rule::KrContributors, Severity::Warning, Some(Field::Metric), message);
            }
            let Some(target_id) = &kr.contributes_to else { continue };
            let Some(&(ti, tj)) = fed.get(target_id).and_then(Option::as_ref) else {
                let message = Text::new(
                    format!(
                        "{} 贡献给 “{target_id}”，但没有这个关键结果。请重新选择它贡献给的关键结果，或清空该项。",
                        name().zh
                    ),
                    format!(
                        "{} contributes to “{target_id}”, which does not exist. Pick the key result it feeds again, or clear the field.",
                        name().en
                    ),
                );
                out.add(at(), Rule::KrContributesMissing, Severity::Error, Some(Field::ContributesTo), message);
                continue;
            };
            let target = &document.objectives[ti].key_results[tj];
            let target_name = quote(&target.title, &target.id);
            let Some(target_metric) = target.metric.as_ref().filter(|m| m.is_computed()) else {
                let message = Text::new(
                    format!(
                        "{} 贡献给 {}，但后者不是求和或平均型，这份贡献不计入。请把 {} 的度量方式改为求和（数量、金额）或平均（比率）。",
                        name().zh,
                        target_name.zh,
                        target_name.zh
                    ),
                    format!(
                        "{} contributes to {}, which is not a sum or a mean, so the contribution counts for nothing. Make {}'s metric a sum (counts, money) or a mean (rates).",
                        name().en,
                        target_name.en,
                        target_name.en
                    ),
                );
                out.add(at(), Rule::KrContributesKind, Severity::Warning, Some(Field::ContributesTo), message);
                continue;
            };
            if in_cycle {
                let message = Text::new(
                    format!(
                        "{} 的贡献形成了循环（它最终又贡献给自己），所以循环上的关键结果都按 0 计算。请让每个关键结果只贡献给更高层目标的关键结果。",
                        name().zh
                    ),
                    format!(
                        "{}'s contributions form a loop (it ends up feeding itself), so every key result on the loop scores 0. Let each key result feed only a key result of an objective above it.",
                        name().en
                    ),
                );
                out.add(at(), Rule::KrContributesLoop, Severity::Error, Some(Field::ContributesTo), message);
            } else if !tree.is_above(ti, i) {
                let owner = quote(&document.objectives[ti].title, &document.objectives[ti].id);
                let message = Text::new(
                    format!(
                        "{} 贡献给 {}，但它所属的目标 {} 不在本目标的上级链上。请把本目标对齐到 {}（或其下级），或选择上级目标的关键结果。",
                        name().zh,
                        target_name.zh,
                        owner.zh,
                        owner.zh
                    ),
                    format!(
                        "{} contributes to {}, but its objective {} is not above this one in the alignment chain. Align this objective under {} (or below it), or pick a key result of an objective above.",
                        name().en,
                        target_name.en,
                        owner.en,
                        owner.en
                    ),
                );
                out.add(at(), Rule::KrContributesAbove, Severity::Warning, Some(Field::ContributesTo), message);
            }
            let (_, _, to) = target_metric.range().unwrap_or((0.0, 0.0, ""));
            match metric.and_then(Metric::unit) {
                None => {
                    let message = Text::new(
                        format!(
                            "{} 没有数值，无法计入 {}，已被排除。请给它设置数值型度量方式。",
                            name().zh,
                            target_name.zh
                        ),
                        format!(
                            "{} has no number to add to {}, so it is left out. Give it a number metric.",
                            name().en,
                            target_name.en
                        ),
                    );
                    out.add(at(), Rule::KrUnit, Severity::Warning, Some(Field::Metric), message);
                }
                Some(from) if units::factor(from, to).is_none() => {
                    let message = Text::new(
                        format!(
                            "{} 的单位 “{from}” 无法换算成 {} 的单位 “{to}”，已被排除在计算之外。请使用同一单位，或可换算的单位（元/万元/亿元、万/亿、k/M/B）。",
                            name().zh,
                            target_name.zh
                        ),
                        format!(
                            "{}'s unit “{from}” does not convert to {}'s unit “{to}”, so it is left out of the computation. Use the same unit, or one that converts (“元/万元/亿元”, “万/亿”, k/M/B).",
                            name().en,
                            target_name.en
                        ),
                    );
                    out.add(at(), Rule::KrUnit, Severity::Warning, Some(Field::Metric), message);
                }
                Some(_) => {}
            }
        }
    }
}

fn kind_zh(metric: Option<&Metric>) -> &'static str {
    match metric {
        Some(Metric::Mean { .. }) => "平均",
        _ => "求和",
    }
}

/// The parent tree numbered in one iterative walk: `a` is above `b` when `b`'s entry
/// lies within `a`'s span. Objectives on a parent loop are not numbered (above none).
struct Tree {
    enter: Vec<usize>,
    exit: Vec<usize>,
}

impl Tree {
    fn new(document: &Document) -> Tree {
        let n = document.objectives.len();
        let by_id: HashMap<&Id, usize> = document.objectives.iter().enumerate().map(|(i, o)| (&o.id, i)).collect();
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, o) in document.objectives.iter().enumerate() {
            match o.parent.as_ref().and_then(|p| by_id.get(p)) {
                Some(&p) if p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        const NONE: usize = usize::MAX;
        let (mut enter, mut exit) = (vec![NONE; n], vec![NONE; n]);
        let mut clock = 0;
        for root in roots {
            let mut stack = vec![(root, 0usize)];
            enter[root] = clock;
            clock += 1;
            while let Some((node, next)) = stack.last_mut() {
                if let Some(&child) = children[*node].get(*next) {
                    *next += 1;
                    if enter[child] == NONE {
                        enter[child] = clock;
                        clock += 1;
                        stack.push((child, 0));
                    }
                } else {
                    exit[*node] = clock;
                    stack.pop();
                }
            }
        }
        Tree { enter, exit }
    }

    /// Whether objective `a` is a strict ancestor of objective `b`.
    fn is_above(&self, a: usize, b: usize) -> bool {
        const NONE: usize = usize::MAX;
        a != b
            && self.enter[a] != NONE
            && self.enter[b] != NONE
            && self.enter[a] < self.enter[b]
            && self.enter[b] < self.exit[a]
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::super::testing::clean_objective;
    use crate::calendar::Date;
    use crate::model::{Document, Id, Level, Metric};
    use crate::scoring::score;

    fn rules(document: &Document) -> Vec<(&'static str, String)> {
        let scores = score(document, Date::new(2026, 2, 1).unwrap());
        check(document, &scores)
            .into_iter()
            .filter(|f| f.rule.id().starts_with("kr-contrib") || f.rule.id() == "kr-unit")
            .map(|f| (f.rule.id(), f.key_result.map(|k| k.0).unwrap_or_default()))
            .collect()
    }

    /// The center (`sc`, sum in 亿元), Beijing below it, and the channel team below
    /// Beijing feeding it in 万元: clean.
    fn cascade() -> Document {
        let mut center = clean_objective("sc", "大幅度提高销售中心的业绩额", Level::Company);
        center.key_results[0].metric = Some(Metric::Sum { start: 0.0, target: 1.0, unit: "亿元".into() });
        let mut beijing = clean_objective("bj", "打造行业领先的业务团队", Level::Department);
        beijing.parent = Some(Id::from("sc"));
        beijing.key_results[0].metric = Some(Metric::Sum { start: 0.0, target: 6000.0, unit: "万元".into() });
        beijing.key_results[0].contributes_to = Some(center.key_results[0].id.clone());
        let mut channel = clean_objective("ch", "实现渠道团队的业务突破", Level::Team);
        channel.parent = Some(Id::from("bj"));
        channel.key_results[0].metric = Some(Metric::Number { start: 0.0, target: 2000.0, unit: "万".into() });
        channel.key_results[0].contributes_to = Some(beijing.key_results[0].id.clone());
        Document { objectives: vec![center, beijing, channel], ..Document::default() }
    }

    #[test]
    fn a_well_formed_cascade_is_clean() {
        assert_eq!(rules(&cascade()), []);
    }

    #[test]
    fn each_broken_contribution_gets_its_rule() {
        let mut d = cascade();
        let (sc, bj, ch) = (
            d.objectives[0].key_results[0].id.clone(),
            d.objectives[1].key_results[0].id.clone(),
            d.objectives[2].key_results[0].id.clone(),
        );
        // The channel feeds the center's second (number) key result: kind.
        d.objectives[2].key_results[0].contributes_to = Some(d.objectives[0].key_results[1].id.clone());
        assert!(rules(&d).contains(&("kr-contributes-kind", ch.0.clone())));
        assert!(rules(&d).contains(&("kr-contributors", bj.0.clone())), "Beijing's sum has nobody left");
        // A missing id.
        d.objectives[2].key_results[0].contributes_to = Some(Id::from("nowhere"));
        assert!(rules(&d).contains(&("kr-contributes-missing", ch.0.clone())));
        // The center feeds Beijing: not above, and a loop (sc → bj → sc).
        let mut looped = cascade();
        looped.objectives[0].key_results[0].contributes_to = Some(bj.clone());
        let found = rules(&looped);
        assert!(found.contains(&("kr-contributes-loop", sc.0.clone())), "{found:?}");
        // Beijing feeds a sibling's sum: not above.
        let mut sideways = cascade();
        let mut peer = clean_objective("sh", "打造上海的销售团队", Level::Department);
        peer.parent = Some(Id::from("sc"));
        peer.key_results[0].metric = Some(Metric::Sum { start: 0.0, target: 10.0, unit: "万元".into() });
        sideways.objectives[2].key_results[0].contributes_to = Some(peer.key_results[0].id.clone());
        sideways.objectives.push(peer);
        assert!(rules(&sideways).contains(&("kr-contributes-above", ch.0.clone())));
    }

    #[test]
    fn units_that_do_not_convert_and_valueless_contributors_are_named() {
        let mut d = cascade();
        d.objectives[2].key_results[0].metric = Some(Metric::Number { start: 0.0, target: 30.0, unit: "家".into() });
        let ch = d.objectives[2].key_results[0].id.0.clone();
        assert_eq!(rules(&d), [("kr-unit", ch.clone())]);
        d.objectives[2].key_results[0].metric = Some(Metric::Milestone);
        assert_eq!(rules(&d), [("kr-unit", ch)]);
    }
}
