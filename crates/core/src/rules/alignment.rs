//! The alignment rules: `alignment-orphan`, `alignment-cycle`, `alignment-missing`
//! and `alignment-level`.
//!
//! Seed 001 draws OKRs as a tree, company → department → team → individual, each
//! objective carrying part of the one above; seed 000 warns against “自嗨式目标”
//! that align to nothing. The model stores that tree as flat `parent`/`parent_kr`
//! ids (see `model.rs`), so whatever can go wrong with ids can happen here: a
//! reference to nothing, a loop, a level upside down. Loops come in two kinds: a
//! loop of `parent`s (found here) and a loop of progress roll-ups through `children`
//! metrics (found by scoring, which flags it `in_cycle`); both are reported, once per
//! objective.
//!
//! Ids are resolved through hash maps built once, and parent chains are walked
//! iteratively, each objective visited once, so the rules stay linear in the size of
//! the document however long the chains.

use std::collections::HashMap;

use super::phrases::{level, quote, quote_id};
use super::{At, Field, Findings, Rule, Severity};
use crate::i18n::Text;
use crate::model::{Document, Id, Level, Objective};
use crate::scoring::Scores;

pub(super) fn check(document: &Document, scores: &Scores, out: &mut Findings) {
    let index = Index::new(document);
    let parents: Vec<Option<usize>> =
        document.objectives.iter().map(|o| o.parent.as_ref().and_then(|p| index.objective(p))).collect();
    let loops = loop_lengths(&parents);
    for (i, objective) in document.objectives.iter().enumerate() {
        // Named only when a rule fires: most objects pass, and names allocate.
        let name = || quote(&objective.title, &objective.id);
        let parent = parents[i].map(|p| &document.objectives[p]);

        if objective.level != Level::Company && objective.parent.is_none() {
            let message = orphan_message(&name(), objective.level);
            out.add(
                At::objective(i, objective),
                Rule::AlignmentOrphan,
                Severity::Warning,
                Some(Field::Parent),
                message,
            );
        }

        let cycle = if loops[i] > 0 {
            Some(parent_loop_message(&name(), parent, loops[i]))
        } else if scores.objective(i).is_some_and(|s| s.in_cycle) {
            Some(roll_up_loop_message(&name()))
        } else {
            None
        };
        if let Some(message) = cycle {
            out.add(At::objective(i, objective), Rule::AlignmentCycle, Severity::Error, Some(Field::Parent), message);
        }
        for (j, kr) in objective.key_results.iter().enumerate() {
            if scores.key_result(i, j).is_some_and(|s| s.in_cycle) {
                let message = kr_loop_message(&quote(&kr.title, &kr.id), &name());
                let at = At::key_result(i, objective, j, kr);
                out.add(at, Rule::AlignmentCycle, Severity::Error, Some(Field::Metric), message);
            }
        }

        if let Some(parent_id) = &objective.parent
            && parent.is_none()
        {
            let message = missing_parent_message(&name(), parent_id);
            out.add(At::objective(i, objective), Rule::AlignmentMissing, Severity::Error, Some(Field::Parent), message);
        }
        if let Some(message) = parent_kr_problem(document, &index, objective, parent) {
            let at = At::objective(i, objective);
            out.add(at, Rule::AlignmentMissing, Severity::Error, Some(Field::ParentKr), message);
        }

        // An objective that is its own parent is a loop, not a level problem.
        if let Some(parent) = parent.filter(|_| parents[i] != Some(i))
            && objective.level <= parent.level
        {
            let message = level_message(&name(), objective.level, &quote(&parent.title, &parent.id), parent.level);
            out.add(At::objective(i, objective), Rule::AlignmentLevel, Severity::Warning, Some(Field::Level), message);
        }
    }
}

/// Objectives and key results by id. Ids are unique in any document that was read
/// from a file; should one repeat in a document built in code, the first one wins.
struct Index<'a> {
    objectives: HashMap<&'a Id, usize>,
    key_results: HashMap<&'a Id, (usize, usize)>,
}

impl<'a> Index<'a> {
    fn new(document: &'a Document) -> Index<'a> {
        let mut objectives = HashMap::with_capacity(document.objectives.len());
        let mut key_results = HashMap::new();
        for (i, objective) in document.objectives.iter().enumerate() {
            objectives.entry(&objective.id).or_insert(i);
            for (j, kr) in objective.key_results.iter().enumerate() {
                key_results.entry(&kr.id).or_insert((i, j));
            }
        }
        Index { objectives, key_results }
    }

    fn objective(&self, id: &Id) -> Option<usize> {
        self.objectives.get(id).copied()
    }
}

/// For each objective, the length of the loop of parents it is on, or 0 if its
/// chain of parents ends.
///
/// Each node has at most one parent, so the parent links form a functional graph:
/// walk from every unvisited objective until the walk reaches an objective seen
/// before. If that one is on the current walk, the walk has closed a loop, made of
/// the objectives from there on. Every objective joins exactly one walk: linear time,
/// no recursion.
fn loop_lengths(parents: &[Option<usize>]) -> Vec<usize> {
    const UNSEEN: u8 = 0;
    const WALKING: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parents.len()];
    let mut lengths = vec![0; parents.len()];
    let mut walk = Vec::new();
    for start in 0..parents.len() {
        if state[start] != UNSEEN {
            continue;
        }
        walk.clear();
        let mut node = start;
        loop {
            state[node] = WALKING;
            walk.push(node);
            match parents[node] {
                Some(next) if state[next] == UNSEEN => node = next,
                Some(next) if state[next] == WALKING => {
                    let from = walk.iter().rposition(|&n| n == next).unwrap_or(0);
                    let length = walk.len() - from;
                    for &member in &walk[from..] {
                        lengths[member] = length;
                    }
                    break;
                }
                _ => break,
            }
        }
        for &member in &walk {
            state[member] = DONE;
        }
    }
    lengths
}

/// What is wrong with an objective's `parent_kr`, if anything. Nothing is said when
/// `parent` itself names nothing: that finding comes first, and fixing it means
/// choosing the key result again anyway.
fn parent_kr_problem(
    document: &Document,
    index: &Index,
    objective: &Objective,
    parent: Option<&Objective>,
) -> Option<Text> {
    let kr_id = objective.parent_kr.as_ref()?;
    let name = quote(&objective.title, &objective.id);
    let Some(parent) = parent else {
        return objective.parent.is_none().then(|| kr_without_parent_message(&name, kr_id));
    };
    let parent_name = quote(&parent.title, &parent.id);
    match index.key_results.get(kr_id) {
        Some(&(owner, _)) if document.objectives[owner].id == parent.id => None,
        Some(&(owner, j)) => {
            let owner = &document.objectives[owner];
            let kr = &owner.key_results[j];
            let (kr, owner) = (quote(&kr.title, &kr.id), quote(&owner.title, &owner.id));
            Some(kr_elsewhere_message(&name, &kr, &owner, &parent_name))
        }
        None => Some(missing_kr_message(&name, kr_id, &parent_name)),
    }
}

fn orphan_message(name: &Text, own: Level) -> Text {
    let own = level(own);
    Text::new(
        format!(
            "{}目标{}没有上级目标：公司级以下的目标都要承接上级的战略方向，避免“自嗨式目标”。选择它所支撑的上级目标，以及它贡献的那个上级关键结果。",
            own.zh, name.zh
        ),
        format!(
            "The {} objective {} has no parent objective: below the company level, every objective should carry part of the strategy above it rather than go its own way. Choose the parent objective it supports, and the parent key result it contributes to.",
            own.en, name.en
        ),
    )
}

fn parent_loop_message(name: &Text, parent: Option<&Objective>, length: usize) -> Text {
    match parent {
        Some(parent) if length > 1 => {
            let parent = quote(&parent.title, &parent.id);
            Text::new(
                format!(
                    "目标{}的上级链形成了循环：从上级{}一路向上，又回到了它自己（循环中共有 {length} 个目标），无法确定谁承接谁。把其中一个目标的上级改为循环之外的目标。",
                    name.zh, parent.zh
                ),
                format!(
                    "Objective {} is on a loop of parents: going up from its parent {} leads back to it ({length} objectives in the loop), so there is no telling which supports which. Give one of them a parent outside the loop.",
                    name.en, parent.en
                ),
            )
        }
        _ => Text::new(
            format!("目标{}把自己设为了上级，而上级必须是另一个目标：改为它真正支撑的上级目标。", name.zh),
            format!(
                "Objective {} is its own parent, but a parent must be another objective: choose the objective it really supports.",
                name.en
            ),
        ),
    }
}

fn roll_up_loop_message(name: &Text) -> Text {
    Text::new(
        format!(
            "目标{}处在进度汇总的循环中（上级目标、上级关键结果与“下级汇总”度量互相引用），进度只能按 0 计：检查它的上级目标和上级关键结果，断开指回自己的引用。",
            name.zh
        ),
        format!(
            "Objective {} is on a loop of progress roll-ups (parents, parent key results and “children” metrics refer back to each other), so it scores 0: check its parent and parent key result, and break the reference that leads back to it.",
            name.en
        ),
    )
}

fn kr_loop_message(kr: &Text, objective: &Text) -> Text {
    Text::new(
        format!(
            "关键结果{}（属于目标{}）处在进度汇总的循环中，进度只能按 0 计：检查向它汇总的下级目标，断开指回本目标的引用，或改用数值度量。",
            kr.zh, objective.zh
        ),
        format!(
            "Key result {} of objective {} is on a loop of progress roll-ups, so it scores 0: check the objectives that roll up into it and break the reference back, or give it a number metric.",
            kr.en, objective.en
        ),
    )
}

fn missing_parent_message(name: &Text, parent: &Id) -> Text {
    let parent = quote_id(parent);
    Text::new(
        format!("目标{}的上级目标{parent}不存在（可能已被删除）：重新选择上级目标，或清空这一项。", name.zh),
        format!(
            "Objective {} names parent {parent}, but no objective has that id (it may have been deleted): choose its parent again, or clear the field.",
            name.en
        ),
    )
}

fn kr_without_parent_message(name: &Text, kr: &Id) -> Text {
    let kr = quote_id(kr);
    Text::new(
        format!("目标{}指定了上级关键结果{kr}，却没有上级目标：先选择上级目标，再从它的关键结果中选择。", name.zh),
        format!(
            "Objective {} names parent key result {kr} but no parent objective: choose the parent objective first, then one of its key results.",
            name.en
        ),
    )
}

fn kr_elsewhere_message(name: &Text, kr: &Text, owner: &Text, parent: &Text) -> Text {
    Text::new(
        format!(
            "目标{}的上级关键结果{}属于目标{}，而不是它的上级目标{}：改选上级目标的关键结果，或把上级改为{}。",
            name.zh, kr.zh, owner.zh, parent.zh, owner.zh
        ),
        format!(
            "Objective {} contributes to key result {}, which belongs to {}, not to its parent {}: pick one of its parent's key results, or make {} its parent.",
            name.en, kr.en, owner.en, parent.en, owner.en
        ),
    )
}

fn missing_kr_message(name: &Text, kr: &Id, parent: &Text) -> Text {
    let kr = quote_id(kr);
    Text::new(
        format!(
            "目标{}的上级关键结果{kr}不是上级目标{}的关键结果（可能已被删除）：从上级目标的关键结果中重新选择，或清空这一项。",
            name.zh, parent.zh
        ),
        format!(
            "Objective {} names parent key result {kr}, but its parent {} has no key result with that id (it may have been deleted): choose one of the parent's key results again, or clear the field.",
            name.en, parent.en
        ),
    )
}

fn level_message(name: &Text, own: Level, parent: &Text, parent_level: Level) -> Text {
    let (own_name, parent_level_name) = (level(own), level(parent_level));
    let (zh_relation, en_relation) = if own == parent_level {
        (format!("同为{}目标", parent_level_name.zh), format!("also a {} objective", parent_level_name.en))
    } else {
        (
            format!("是{}目标，层级反而比它低", parent_level_name.zh),
            format!("a {} objective, at a lower level than its own", parent_level_name.en),
        )
    };
    Text::new(
        format!(
            "{}目标{}的上级{}{zh_relation}：下级目标应比上级低一层（公司级 → 部门级 → 团队级 → 个人）。检查层级是否填错，或把它对齐到比它高一层的目标。",
            own_name.zh, name.zh, parent.zh
        ),
        format!(
            "The {} objective {} sits under {}, {en_relation}: a child should be a level below its parent (company → department → team → individual). Check the levels, or align it to an objective above its own level.",
            own_name.en, name.en, parent.en
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResult, Metric};
    use crate::rules::Finding;
    use crate::rules::testing::*;

    fn objective(id: &str, level: Level, parent: Option<&str>) -> Objective {
        let mut objective = clean_objective(id, "实现渠道团队的业务突破与营收增长", level);
        objective.owner = format!("owner of {id}");
        objective.parent = parent.map(Id::from);
        objective
    }

    fn findings(objectives: Vec<Objective>, rule: Rule) -> Vec<Finding> {
        only(&doc(objectives), TODAY, rule)
    }

    fn on(finding: &Finding) -> (Option<&str>, Option<&str>, Option<Field>, Severity) {
        (
            finding.objective.as_ref().map(Id::as_str),
            finding.key_result.as_ref().map(Id::as_str),
            finding.field,
            finding.severity,
        )
    }

    #[test]
    fn an_objective_below_company_level_without_a_parent_is_an_orphan() {
        let found = findings(
            vec![objective("C", Level::Company, None), objective("T", Level::Team, None)],
            Rule::AlignmentOrphan,
        );
        assert_eq!(found.len(), 1);
        assert_eq!(on(&found[0]), (Some("T"), None, Some(Field::Parent), Severity::Warning));
        assert!(found[0].message.zh.starts_with("团队级目标") && found[0].message.en.starts_with("The team objective"));
    }

    #[test]
    fn company_objectives_and_aligned_ones_are_no_orphans() {
        let found = findings(
            vec![objective("C", Level::Company, None), objective("T", Level::Team, Some("C"))],
            Rule::AlignmentOrphan,
        );
        assert_eq!(found, vec![]);
    }

    #[test]
    fn a_loop_of_parents_is_reported_on_each_member() {
        let objectives = vec![
            objective("A", Level::Team, Some("B")),
            objective("B", Level::Team, Some("C")),
            objective("C", Level::Team, Some("A")),
            objective("D", Level::Individual, Some("A")), // leads into the loop, not on it
        ];
        let found = findings(objectives, Rule::AlignmentCycle);
        let reported: Vec<_> = found.iter().map(on).collect();
        assert_eq!(
            reported,
            vec![
                (Some("A"), None, Some(Field::Parent), Severity::Error),
                (Some("B"), None, Some(Field::Parent), Severity::Error),
                (Some("C"), None, Some(Field::Parent), Severity::Error),
            ]
        );
        assert!(found[0].message.zh.contains("3 个目标") && found[0].message.en.contains("3 objectives"));
    }

    #[test]
    fn an_objective_that_is_its_own_parent_is_a_loop_of_one() {
        let found = findings(vec![objective("A", Level::Company, Some("A"))], Rule::AlignmentCycle);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.en.contains("its own parent"));
        assert_eq!(findings(vec![objective("A", Level::Company, Some("A"))], Rule::AlignmentLevel), vec![]);
    }

    #[test]
    fn a_loop_of_roll_ups_is_reported_on_objectives_and_key_results() {
        // B contributes to A's key result A-1 (a `children` metric), and A to B-1.
        let mut a = objective("A", Level::Company, None);
        let mut b = objective("B", Level::Company, None);
        a.key_results[0].metric = Some(Metric::Children);
        b.key_results[0].metric = Some(Metric::Children);
        a.parent = Some("B".into());
        a.parent_kr = Some("B-1".into());
        b.parent = Some("A".into());
        b.parent_kr = Some("A-1".into());
        let found = findings(vec![a, b], Rule::AlignmentCycle);
        let reported: Vec<_> = found.iter().map(on).collect();
        assert_eq!(
            reported,
            vec![
                (Some("A"), None, Some(Field::Parent), Severity::Error),
                (Some("A"), Some("A-1"), Some(Field::Metric), Severity::Error),
                (Some("B"), None, Some(Field::Parent), Severity::Error),
                (Some("B"), Some("B-1"), Some(Field::Metric), Severity::Error),
            ]
        );
        assert!(found[1].message.en.contains("roll-ups"));
    }

    #[test]
    fn a_tree_has_no_loop() {
        let objectives = vec![
            objective("C", Level::Company, None),
            objective("D", Level::Department, Some("C")),
            objective("T", Level::Team, Some("D")),
            objective("I", Level::Individual, Some("T")),
            objective("J", Level::Individual, Some("T")),
        ];
        assert_eq!(findings(objectives, Rule::AlignmentCycle), vec![]);
    }

    #[test]
    fn a_long_chain_with_a_loop_at_the_end_is_checked_without_recursion() {
        const LENGTH: usize = 50_000;
        let mut objectives: Vec<Objective> = (0..LENGTH)
            .map(|i| {
                let mut objective = Objective::new(&format!("O{i}"), "实现渠道团队的业务突破与营收增长", Level::Team);
                objective.parent = Some(Id(format!("O{}", i + 1)));
                objective
            })
            .collect();
        // The last objective points back ten steps: a loop of ten at the top of the chain.
        objectives[LENGTH - 1].parent = Some(Id(format!("O{}", LENGTH - 10)));
        let found = findings(objectives, Rule::AlignmentCycle);
        assert_eq!(found.len(), 10);
        assert_eq!(found[0].objective, Some(Id(format!("O{}", LENGTH - 10))));
        assert!(found.iter().all(|f| f.message.en.contains("10 objectives")));
    }

    #[test]
    fn loop_lengths_of_a_functional_graph() {
        // 0 → 1 → 2 → 1 (loop of 2), 3 → 3 (loop of 1), 4 → 0, 5 has no parent.
        let parents = [Some(1), Some(2), Some(1), Some(3), Some(0), None];
        assert_eq!(loop_lengths(&parents), vec![0, 2, 2, 1, 0, 0]);
    }

    #[test]
    fn a_parent_that_does_not_exist_is_missing() {
        let found = findings(vec![objective("T", Level::Team, Some("gone"))], Rule::AlignmentMissing);
        assert_eq!(found.len(), 1);
        assert_eq!(on(&found[0]), (Some("T"), None, Some(Field::Parent), Severity::Error));
        assert!(found[0].message.zh.contains("“gone”") && found[0].message.en.contains("“gone”"));
    }

    #[test]
    fn a_parent_key_result_without_a_parent_is_missing() {
        let mut child = objective("T", Level::Team, None);
        child.parent_kr = Some("C-1".into());
        let found = findings(vec![objective("C", Level::Company, None), child], Rule::AlignmentMissing);
        assert_eq!(found.len(), 1);
        assert_eq!(on(&found[0]), (Some("T"), None, Some(Field::ParentKr), Severity::Error));
    }

    #[test]
    fn a_parent_key_result_of_another_objective_is_missing() {
        let mut child = objective("T", Level::Team, Some("C"));
        child.parent_kr = Some("E-2".into());
        let other = objective("E", Level::Company, None);
        let found = findings(vec![objective("C", Level::Company, None), other, child], Rule::AlignmentMissing);
        assert_eq!(found.len(), 1);
        assert_eq!(on(&found[0]), (Some("T"), None, Some(Field::ParentKr), Severity::Error));
        assert!(found[0].message.en.contains("belongs to"));
    }

    #[test]
    fn a_parent_key_result_that_does_not_exist_is_missing() {
        for kr in ["C-9", "C"] {
            let mut child = objective("T", Level::Team, Some("C"));
            child.parent_kr = Some(kr.into());
            let found = findings(vec![objective("C", Level::Company, None), child], Rule::AlignmentMissing);
            assert_eq!(found.len(), 1, "{kr}");
            assert_eq!(on(&found[0]), (Some("T"), None, Some(Field::ParentKr), Severity::Error));
        }
    }

    #[test]
    fn a_dangling_parent_is_reported_once() {
        let mut child = objective("T", Level::Team, Some("gone"));
        child.parent_kr = Some("gone-1".into());
        let found = findings(vec![child], Rule::AlignmentMissing);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].field, Some(Field::Parent));
    }

    #[test]
    fn references_that_resolve_are_not_missing() {
        let mut child = objective("T", Level::Team, Some("C"));
        child.parent_kr = Some("C-2".into());
        let mut parent = objective("C", Level::Company, None);
        parent.key_results.push(KeyResult::new("C-4", "大客户续约率从85%提升至92%"));
        assert_eq!(findings(vec![child, parent], Rule::AlignmentMissing), vec![]);
    }

    #[test]
    fn a_child_at_or_above_its_parents_level_is_misaligned() {
        for (child, parent) in
            [(Level::Team, Level::Team), (Level::Department, Level::Team), (Level::Company, Level::Individual)]
        {
            let objectives = vec![objective("P", parent, None), objective("K", child, Some("P"))];
            let found = findings(objectives, Rule::AlignmentLevel);
            assert_eq!(found.len(), 1, "{child:?} under {parent:?}");
            assert_eq!(on(&found[0]), (Some("K"), None, Some(Field::Level), Severity::Warning));
        }
    }

    #[test]
    fn a_child_below_its_parent_is_aligned() {
        for (child, parent) in
            [(Level::Department, Level::Company), (Level::Individual, Level::Company), (Level::Individual, Level::Team)]
        {
            let objectives = vec![objective("P", parent, None), objective("K", child, Some("P"))];
            assert_eq!(findings(objectives, Rule::AlignmentLevel), vec![], "{child:?} under {parent:?}");
        }
    }
}
