//! Editing the shape of the tree: add, delete, indent, outdent, reorder, re-parent,
//! copy to the next cycle; and add, delete and move key results within their
//! objective. Each operation returns the [`Edit`]s that perform it (one undo step), or
//! `None` when it does not apply; the editor then does nothing.
//!
//! These live in the core, not in the UI, because they carry the rules that keep a
//! tree sound: a deleted objective's children move up to its parent instead of being
//! orphaned or deleted with it; a deleted key result leaves no objective contributing
//! to it; re-parenting refuses to make a loop; a child is placed one level below its
//! parent; the next cycle continues the latest period in its own shape.

use std::collections::HashMap;

use crate::calendar::{Date, Period, next_cycle};
use crate::edit::{Edit, fresh_id};
use crate::model::{Document, Id, KeyResult, Level, Objective};

/// The level one below `level` (individual stays individual).
pub fn level_below(level: Level) -> Level {
    match level {
        Level::Company => Level::Department,
        Level::Department => Level::Team,
        Level::Team | Level::Individual => Level::Individual,
    }
}

fn index_of(document: &Document, id: &Id) -> Option<usize> {
    document.objectives.iter().position(|o| &o.id == id)
}

/// Whether `candidate` is `id` or lies below it.
pub fn is_descendant(document: &Document, candidate: &Id, id: &Id) -> bool {
    let parents: HashMap<&Id, &Id> =
        document.objectives.iter().filter_map(|o| o.parent.as_ref().map(|p| (&o.id, p))).collect();
    let mut current = Some(candidate);
    // Bounded by the number of objectives, so a loop in a broken file ends too.
    for _ in 0..=document.objectives.len() {
        match current {
            Some(c) if c == id => return true,
            Some(c) => current = parents.get(c).copied(),
            None => return false,
        }
    }
    false
}

/// The objectives under the same parent as `id`, in document order.
fn siblings<'a>(document: &'a Document, id: &Id) -> Vec<&'a Objective> {
    let parent = document.objective(id).and_then(|o| o.parent.clone());
    document.objectives.iter().filter(|o| o.parent == parent).collect()
}

/// A new, empty objective: under `parent` (one level below it, in its period) or at
/// the top (company level), placed after `after` or at the end. Returns the edits and
/// the new objective's id.
pub fn add_objective(document: &Document, parent: Option<&Id>, after: Option<&Id>) -> (Vec<Edit>, Id) {
    let id = fresh_id(document, "o");
    let parent_objective = parent.and_then(|p| document.objective(p));
    let mut objective =
        Objective::new(id.as_str(), "", parent_objective.map_or(Level::Company, |p| level_below(p.level)));
    if let Some(p) = parent_objective {
        objective.parent = Some(p.id.clone());
        objective.period = p.period;
    }
    let index = after.and_then(|a| index_of(document, a)).map_or(document.objectives.len(), |i| i + 1);
    (vec![Edit::Insert { index, objective }], id)
}

/// Deletes objective `id`. Its children move up to its parent; contributions to its
/// key results are cleared, so nothing is left pointing at what is gone.
pub fn delete_objective(document: &Document, id: &Id) -> Option<Vec<Edit>> {
    let doomed = document.objective(id)?;
    let doomed_krs: Vec<&Id> = doomed.key_results.iter().map(|k| &k.id).collect();
    let mut edits = Vec::new();
    for other in document.objectives.iter().filter(|o| &o.id != id) {
        let child = other.parent.as_ref() == Some(id);
        if child || contributes_to(other, &doomed_krs) {
            let mut moved = other.clone();
            if child {
                moved.parent = doomed.parent.clone();
            }
            // A child's `parent_kr` named one of the doomed key results (or nothing valid).
            moved.parent_kr = None;
            edits.push(Edit::Put { objective: moved });
        }
    }
    edits.push(Edit::Remove { id: id.clone() });
    Some(edits)
}

/// Whether `objective` contributes to one of the key results `krs` (`parent_kr`).
fn contributes_to(objective: &Objective, krs: &[&Id]) -> bool {
    objective.parent_kr.as_ref().is_some_and(|k| krs.contains(&k))
}

/// A new, empty key result in objective `id`, after `after` (or at the end), owned by
/// the objective's owner. Returns the edits and the new key result's id.
pub fn add_key_result(document: &Document, id: &Id, after: Option<&Id>) -> Option<(Vec<Edit>, Id)> {
    let mut objective = document.objective(id)?.clone();
    let new_id = fresh_id(document, "k");
    let mut kr = KeyResult::new(new_id.as_str(), "");
    kr.owner = objective.owner.clone();
    let at = after
        .and_then(|a| objective.key_results.iter().position(|k| &k.id == a))
        .map_or(objective.key_results.len(), |i| i + 1);
    objective.key_results.insert(at, kr);
    Some((vec![Edit::Put { objective }], new_id))
}

/// Deletes key result `kr` of objective `id`. Objectives that contribute to it
/// (`parent_kr`) stop doing so, in the same step, so none points at nothing; they stay
/// aligned under the objective.
pub fn delete_key_result(document: &Document, id: &Id, kr: &Id) -> Option<Vec<Edit>> {
    let mut objective = document.objective(id)?.clone();
    let before = objective.key_results.len();
    objective.key_results.retain(|k| &k.id != kr);
    if objective.key_results.len() == before {
        return None;
    }
    let mut edits = vec![Edit::Put { objective }];
    for other in document.objectives.iter().filter(|o| &o.id != id && contributes_to(o, &[kr])) {
        let mut cleared = other.clone();
        cleared.parent_kr = None;
        edits.push(Edit::Put { objective: cleared });
    }
    Some(edits)
}

/// Moves key result `kr` of objective `id` one place up (`up`) or down among its
/// objective's key results; `None` at either end.
pub fn move_key_result(document: &Document, id: &Id, kr: &Id, up: bool) -> Option<Vec<Edit>> {
    let mut objective = document.objective(id)?.clone();
    let from = objective.key_results.iter().position(|k| &k.id == kr)?;
    let to = if up { from.checked_sub(1)? } else { from + 1 };
    if to >= objective.key_results.len() {
        return None;
    }
    objective.key_results.swap(from, to);
    Some(vec![Edit::Put { objective }])
}

/// Makes `id` a child of the sibling before it (Ctrl+]).
pub fn indent(document: &Document, id: &Id) -> Option<Vec<Edit>> {
    let siblings = siblings(document, id);
    let position = siblings.iter().position(|o| &o.id == id)?;
    let new_parent = siblings.get(position.checked_sub(1)?)?;
    let mut objective = document.objective(id)?.clone();
    objective.parent = Some(new_parent.id.clone());
    objective.parent_kr = None;
    if objective.level <= new_parent.level {
        objective.level = level_below(new_parent.level);
    }
    Some(vec![Edit::Put { objective }])
}

/// Makes `id` a sibling of its parent, right after it (Ctrl+[).
pub fn outdent(document: &Document, id: &Id) -> Option<Vec<Edit>> {
    let objective = document.objective(id)?;
    let parent = document.objective(objective.parent.as_ref()?)?;
    let mut moved = objective.clone();
    moved.parent = parent.parent.clone();
    moved.parent_kr = None;
    if moved.parent.is_none() || moved.level > parent.level {
        moved.level = parent.level;
    }
    let parent_index = index_of(document, &parent.id)?;
    let own_index = index_of(document, id)?;
    let to = if own_index > parent_index { parent_index + 1 } else { parent_index };
    Some(vec![Edit::Put { objective: moved }, Edit::Move { id: id.clone(), to }])
}

/// Moves `id` before its previous sibling (`up`) or after its next one.
pub fn reorder(document: &Document, id: &Id, up: bool) -> Option<Vec<Edit>> {
    let siblings = siblings(document, id);
    let position = siblings.iter().position(|o| &o.id == id)?;
    let neighbour = if up { siblings.get(position.checked_sub(1)?)? } else { siblings.get(position + 1)? };
    let to = index_of(document, &neighbour.id)?;
    Some(vec![Edit::Move { id: id.clone(), to }])
}

/// Aligns `id` under `parent` (or makes it a root), contributing to `parent_kr` if
/// given. Refused when it would make a loop or name a key result of another objective.
pub fn set_parent(document: &Document, id: &Id, parent: Option<&Id>, parent_kr: Option<&Id>) -> Option<Vec<Edit>> {
    let mut objective = document.objective(id)?.clone();
    if let Some(p) = parent {
        let parent_objective = document.objective(p)?;
        if is_descendant(document, p, id) {
            return None;
        }
        if parent_kr.is_some_and(|k| !parent_objective.key_results.iter().any(|kr| &kr.id == k)) {
            return None;
        }
    } else if parent_kr.is_some() {
        return None;
    }
    objective.parent = parent.cloned();
    objective.parent_kr = parent_kr.cloned();
    Some(vec![Edit::Put { objective }])
}

/// The period "copy to next cycle" proposes on `today`: the one after the document's
/// latest period, of the same shape (the rule grading's roll-over uses:
/// [`next_cycle`]); with no period in the document, the quarter after today's.
pub fn next_cycle_period(document: &Document, today: Date) -> Period {
    next_cycle(document.objectives.iter().filter_map(|o| o.period), today)
}

/// Copies the objectives `ids` into `period` with fresh ids and without check-ins,
/// grades, retrospectives or adjustments (those are the old cycle's record):
/// the next cycle starts from the kept objectives. Parents within the copied set point
/// at the copies; parents outside it are kept as they are.
pub fn copy_to_period(document: &Document, ids: &[Id], period: Period) -> Vec<Edit> {
    let mut scratch = document.clone();
    let mut renamed: HashMap<Id, Id> = HashMap::new();
    let mut copies = Vec::new();
    for objective in document.objectives.iter().filter(|o| ids.contains(&o.id)) {
        let mut copy = objective.clone();
        copy.id = fresh_id(&scratch, "o");
        renamed.insert(objective.id.clone(), copy.id.clone());
        // Reserve the id, so the next fresh id differs.
        scratch.objectives.push(Objective::new(copy.id.as_str(), "", Level::Team));
        for kr in &mut copy.key_results {
            let new_id = fresh_id(&scratch, "k");
            renamed.insert(kr.id.clone(), new_id.clone());
            if let Some(reserved) = scratch.objectives.last_mut() {
                reserved.key_results.push(crate::model::KeyResult::new(new_id.as_str(), ""));
            }
            kr.id = new_id;
            kr.check_ins.clear();
            // Grades and mid-period adjustments belong to the old cycle's record.
            kr.grade = None;
            kr.adjustments.clear();
            // A due date belonged to the old period.
            kr.due = None;
        }
        copy.period = Some(period);
        copy.retro = None;
        copy.adjustments.clear();
        copies.push(copy);
    }
    for copy in &mut copies {
        if let Some(p) = copy.parent.as_ref().and_then(|p| renamed.get(p)) {
            copy.parent = Some(p.clone());
            copy.parent_kr = copy.parent_kr.as_ref().and_then(|k| renamed.get(k)).cloned();
        }
    }
    let end = document.objectives.len();
    copies.into_iter().enumerate().map(|(i, objective)| Edit::Insert { index: end + i, objective }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply_all;

    /// c (company) > d (department) > t1, t2 (teams); t1 contributes to d's k-d.
    fn doc() -> Document {
        let mut c = Objective::new("c", "C", Level::Company);
        c.key_results.push(KeyResult::new("k-c", "kc"));
        let mut d = Objective::new("d", "D", Level::Department);
        d.parent = Some("c".into());
        d.key_results.push(KeyResult::new("k-d", "kd"));
        let mut t1 = Objective::new("t1", "T1", Level::Team);
        t1.parent = Some("d".into());
        t1.parent_kr = Some("k-d".into());
        let mut t2 = Objective::new("t2", "T2", Level::Team);
        t2.parent = Some("d".into());
        Document { objectives: vec![c, d, t1, t2], ..Document::default() }
    }

    fn run(document: &Document, edits: Vec<Edit>) -> Document {
        let mut d = document.clone();
        apply_all(&mut d, edits).unwrap();
        d
    }

    fn parent(d: &Document, id: &str) -> Option<String> {
        d.objective(&id.into()).unwrap().parent.as_ref().map(|p| p.to_string())
    }

    #[test]
    fn a_new_child_sits_one_level_down_in_its_parents_period() {
        let (edits, id) = add_objective(&doc(), Some(&"d".into()), Some(&"t2".into()));
        let d = run(&doc(), edits);
        let new = d.objective(&id).unwrap();
        assert_eq!((new.level, parent(&d, id.as_str())), (Level::Team, Some("d".into())));
        assert_eq!(d.objectives[4].id, id);
        let (edits, top) = add_objective(&doc(), None, None);
        assert_eq!(run(&doc(), edits).objective(&top).unwrap().level, Level::Company);
    }

    #[test]
    fn deleting_moves_children_up_and_clears_contributions() {
        let d = run(&doc(), delete_objective(&doc(), &"d".into()).unwrap());
        assert!(d.objective(&"d".into()).is_none());
        assert_eq!(parent(&d, "t1"), Some("c".into()));
        assert_eq!(parent(&d, "t2"), Some("c".into()));
        assert_eq!(d.objective(&"t1".into()).unwrap().parent_kr, None);
    }

    #[test]
    fn key_results_are_added_after_the_one_asked_with_the_objectives_owner() {
        let mut source = doc();
        source.objectives[1].owner = "Li Lei".into();
        source.objectives[1].key_results.push(KeyResult::new("k-d2", "kd2"));
        let (edits, id) = add_key_result(&source, &"d".into(), Some(&"k-d".into())).unwrap();
        let d = run(&source, edits);
        let krs: Vec<&str> = d.objectives[1].key_results.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(krs, ["k-d", id.as_str(), "k-d2"]);
        assert_eq!(d.objectives[1].key_results[1].owner, "Li Lei");
        assert!(source.key_result(&id).is_none(), "a fresh id");
        let (edits, last) = add_key_result(&source, &"d".into(), None).unwrap();
        assert_eq!(run(&source, edits).objectives[1].key_results[2].id, last);
        assert!(add_key_result(&source, &"nobody".into(), None).is_none());
    }

    #[test]
    fn deleting_a_key_result_clears_every_contribution_to_it_in_one_step() {
        let mut source = doc();
        // t2 contributes too; c contributes to nothing in d, so it is left alone.
        source.objectives[3].parent_kr = Some("k-d".into());
        let edits = delete_key_result(&source, &"d".into(), &"k-d".into()).unwrap();
        let mut d = source.clone();
        let mut history = crate::edit::History::default();
        history.perform(&mut d, edits, None).unwrap();
        assert!(d.key_result(&"k-d".into()).is_none());
        for o in &d.objectives {
            assert!(o.parent_kr.as_ref().is_none_or(|k| d.key_result(k).is_some()), "{} points at nothing", o.id);
        }
        assert_eq!(parent(&d, "t1"), Some("d".into()), "still aligned under the objective");
        assert!(history.undo(&mut d));
        assert_eq!(d, source, "one undo step restores the key result and the contributions");
        assert!(delete_key_result(&source, &"d".into(), &"k-c".into()).is_none(), "not d's key result");
    }

    #[test]
    fn key_results_move_within_their_objective() {
        let mut source = doc();
        source.objectives[0].key_results.push(KeyResult::new("k-c2", "kc2"));
        let d = run(&source, move_key_result(&source, &"c".into(), &"k-c2".into(), true).unwrap());
        let krs: Vec<&str> = d.objectives[0].key_results.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(krs, ["k-c2", "k-c"]);
        assert!(move_key_result(&source, &"c".into(), &"k-c".into(), true).is_none(), "already first");
        assert!(move_key_result(&source, &"c".into(), &"k-c2".into(), false).is_none(), "already last");
    }

    #[test]
    fn the_next_cycle_continues_a_month_or_a_sprint_in_its_own_shape() {
        let today: Date = "2026-02-10".parse().unwrap();
        let period = |start: &str, end: &str| Period { start: start.parse().unwrap(), end: end.parse().unwrap() };
        let copied = |p: Period| {
            let mut source = doc();
            for o in &mut source.objectives {
                o.period = Some(p);
            }
            let next = next_cycle_period(&source, today);
            let d = run(&source, copy_to_period(&source, &["d".into()], next));
            d.objectives.last().and_then(|o| o.period)
        };
        let month = period("2026-02-01", "2026-02-28");
        assert_eq!(copied(month), Some(period("2026-03-01", "2026-03-31")));
        let sprint = period("2026-02-02", "2026-02-15");
        assert_eq!(copied(sprint), Some(period("2026-02-16", "2026-03-01")));
        let quarter = period("2026-01-01", "2026-03-31");
        assert_eq!(copied(quarter), Some(period("2026-04-01", "2026-06-30")));
        assert_eq!(next_cycle_period(&Document::default(), today), period("2026-04-01", "2026-06-30"));
    }

    #[test]
    fn indent_and_outdent_move_between_levels() {
        let d = run(&doc(), indent(&doc(), &"t2".into()).unwrap());
        assert_eq!(parent(&d, "t2"), Some("t1".into()));
        assert_eq!(d.objective(&"t2".into()).unwrap().level, Level::Individual);
        assert!(indent(&doc(), &"t1".into()).is_none(), "no sibling before it");
        let back = run(&d, outdent(&d, &"t2".into()).unwrap());
        assert_eq!(parent(&back, "t2"), Some("d".into()));
        assert!(outdent(&doc(), &"c".into()).is_none(), "already at the top");
    }

    #[test]
    fn reorder_swaps_with_a_sibling() {
        let d = run(&doc(), reorder(&doc(), &"t2".into(), true).unwrap());
        let order: Vec<&str> = d.objectives.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(order, ["c", "d", "t2", "t1"]);
        assert!(reorder(&doc(), &"t2".into(), false).is_none());
    }

    #[test]
    fn re_parenting_refuses_loops_and_foreign_key_results() {
        assert!(set_parent(&doc(), &"c".into(), Some(&"t1".into()), None).is_none());
        assert!(set_parent(&doc(), &"t2".into(), Some(&"d".into()), Some(&"k-c".into())).is_none());
        let d = run(&doc(), set_parent(&doc(), &"t2".into(), Some(&"c".into()), Some(&"k-c".into())).unwrap());
        assert_eq!(d.objective(&"t2".into()).unwrap().parent_kr, Some("k-c".into()));
    }

    #[test]
    fn the_next_cycle_copies_without_check_ins_and_keeps_the_shape() {
        let mut source = doc();
        source.objectives[1].key_results[0].check_ins.push(crate::model::CheckIn::new(crate::calendar::Date::MIN, 3.0));
        let next = Period { start: "2026-04-01".parse().unwrap(), end: "2026-06-30".parse().unwrap() };
        let edits = copy_to_period(&source, &["d".into(), "t1".into()], next);
        let d = run(&source, edits);
        assert_eq!(d.objectives.len(), 6);
        let (copy_d, copy_t1) = (&d.objectives[4], &d.objectives[5]);
        assert_eq!(copy_d.title, "D");
        assert!(copy_d.key_results[0].check_ins.is_empty());
        assert_eq!(copy_d.period, Some(next));
        assert_eq!(copy_t1.parent.as_ref(), Some(&copy_d.id));
        assert_eq!(copy_t1.parent_kr.as_ref(), Some(&copy_d.key_results[0].id));
        assert_eq!(copy_d.parent, Some("c".into()), "a parent outside the copy is kept");
        crate::formats::file::parse(&crate::formats::file::to_json(&d)).unwrap();
    }
}
