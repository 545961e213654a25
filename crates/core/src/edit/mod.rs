//! Changes to a document, each reversible, and the undo history built from them.
//!
//! The editor never mutates a document directly: it asks for an [`Edit`], and
//! [`apply`] performs it and returns the edit that undoes it. Every edit is one of
//! six shapes (set the title, put an objective back in place, insert, remove, move,
//! replace the whole document), so undo is uniform and the history can be stored as
//! JSON and survive a reload.
//! Replacing a whole objective for a one-letter change looks wasteful, but an
//! objective is small, and it keeps every field edit, key result edit and check-in
//! edit the same single, obviously reversible operation.
//!
//! Edits name objectives by id, not by position, so a stored history stays meaningful
//! even if the document was reordered in between; an edit that no longer fits (its
//! objective is gone) fails with [`EditError`] and changes nothing.

pub mod adjust;
pub mod outline;

use serde::{Deserialize, Serialize};

use crate::model::{Document, Id, Objective};

/// One reversible change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Set the document's title.
    SetTitle { title: String },
    /// Replace the objective with the same id by this one.
    Put { objective: Objective },
    /// Insert an objective at a position in the list (clamped to the end).
    Insert { index: usize, objective: Objective },
    /// Remove the objective with this id.
    Remove { id: Id },
    /// Move the objective with this id to a position in the list (clamped).
    Move { id: Id, to: usize },
    /// Replace the whole document: an import, a merge or another tab's version taken
    /// over, so that even these are one undoable step.
    Replace { document: Box<Document> },
}

/// Why an edit could not be applied; the document is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("no objective has the id {0}")]
    NoSuchObjective(Id),
    #[error("the id {0} is already used")]
    IdInUse(Id),
}

/// Applies `edit` to `document` and returns the edit that undoes it.
pub fn apply(document: &mut Document, edit: Edit) -> Result<Edit, EditError> {
    let position = |document: &Document, id: &Id| {
        document.objectives.iter().position(|o| &o.id == id).ok_or_else(|| EditError::NoSuchObjective(id.clone()))
    };
    match edit {
        Edit::SetTitle { title } => {
            let old = std::mem::replace(&mut document.title, title);
            Ok(Edit::SetTitle { title: old })
        }
        Edit::Put { objective } => {
            let index = position(document, &objective.id)?;
            // Only ids the objective did not have before can clash with another's: a
            // title keystroke adds none, so it never scans the whole document.
            let old_ids = ids_of(&document.objectives[index]);
            let new_ids: Vec<&Id> = ids_of(&objective).into_iter().filter(|id| !old_ids.contains(id)).collect();
            if let Some(taken) = new_ids.iter().find(|id| id_used_elsewhere(document, index, id)) {
                return Err(EditError::IdInUse((*taken).clone()));
            }
            let old = std::mem::replace(&mut document.objectives[index], objective);
            Ok(Edit::Put { objective: old })
        }
        Edit::Insert { index, objective } => {
            if let Some(taken) = ids_of(&objective).into_iter().find(|id| id_used(document, id)) {
                return Err(EditError::IdInUse(taken.clone()));
            }
            let id = objective.id.clone();
            let index = index.min(document.objectives.len());
            document.objectives.insert(index, objective);
            Ok(Edit::Remove { id })
        }
        Edit::Remove { id } => {
            let index = position(document, &id)?;
            let objective = document.objectives.remove(index);
            Ok(Edit::Insert { index, objective })
        }
        Edit::Move { id, to } => {
            let from = position(document, &id)?;
            let objective = document.objectives.remove(from);
            let to = to.min(document.objectives.len());
            document.objectives.insert(to, objective);
            Ok(Edit::Move { id, to: from })
        }
        Edit::Replace { document: new } => {
            let old = std::mem::replace(document, *new);
            Ok(Edit::Replace { document: Box::new(old) })
        }
    }
}

/// Applies edits in order, all or nothing: if one fails, those already applied are
/// undone and the error is returned. On success, returns the edits that undo the
/// whole group, in the order to apply them.
pub fn apply_all(document: &mut Document, edits: Vec<Edit>) -> Result<Vec<Edit>, EditError> {
    let mut undo = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply(document, edit) {
            Ok(inverse) => undo.push(inverse),
            Err(error) => {
                for inverse in undo.into_iter().rev() {
                    // Undoing what was just done cannot fail: each inverse restores
                    // exactly the state its edit found.
                    let _ = apply(document, inverse);
                }
                return Err(error);
            }
        }
    }
    undo.reverse();
    Ok(undo)
}

fn ids_of(objective: &Objective) -> Vec<&Id> {
    std::iter::once(&objective.id).chain(objective.key_results.iter().map(|k| &k.id)).collect()
}

fn has_id(objective: &Objective, id: &Id) -> bool {
    &objective.id == id || objective.key_results.iter().any(|k| &k.id == id)
}

fn id_used(document: &Document, id: &Id) -> bool {
    document.objectives.iter().any(|o| has_id(o, id))
}

fn id_used_elsewhere(document: &Document, except: usize, id: &Id) -> bool {
    document.objectives.iter().enumerate().any(|(i, o)| i != except && has_id(o, id))
}

/// A fresh id with `prefix` (`o` for objectives, `k` for key results): the prefix and
/// the smallest number above every id of that shape in the document, so ids stay short
/// and are never reused within a document's life in one editor.
pub fn fresh_id(document: &Document, prefix: &str) -> Id {
    let highest = document
        .objectives
        .iter()
        .flat_map(ids_of)
        .filter_map(|id| id.as_str().strip_prefix(prefix)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    Id(format!("{prefix}{}", highest.saturating_add(1)))
}

/// Whether `a` and `b` each replace the same one objective (and nothing else).
fn same_put(a: &[Edit], b: &[Edit]) -> bool {
    matches!((a, b), ([Edit::Put { objective: x }], [Edit::Put { objective: y }]) if x.id == y.id)
}

/// One step of the history: what to apply to redo it and what to apply to undo it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub redo: Vec<Edit>,
    pub undo: Vec<Edit>,
    /// Steps with the same key in a row merge into one (typing in one field), so one
    /// undo takes back a word, not a letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// Undo and redo stacks, bounded so a long session cannot fill local storage.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub undo: Vec<Step>,
    pub redo: Vec<Step>,
}

/// How many steps are kept.
pub const HISTORY_LIMIT: usize = 200;

impl History {
    /// Applies `edits` as one step and records it. A step in the same non-empty
    /// `group` as the previous one is merged into it. Nothing is recorded when the
    /// edits fail (the document is then unchanged) or change nothing.
    pub fn perform(
        &mut self,
        document: &mut Document,
        edits: Vec<Edit>,
        group: Option<String>,
    ) -> Result<(), EditError> {
        let before = edits.clone();
        let undo = apply_all(document, edits)?;
        if undo == before {
            return Ok(()); // e.g. a title set to what it already was
        }
        self.redo.clear();
        match self.undo.last_mut() {
            Some(last) if group.is_some() && last.group == group && same_put(&last.redo, &before) => {
                // Typing in one field: the step's undo already restores the objective as
                // it was before the group, and the newest copy is all redo needs, so the
                // step stays two objectives long however many letters were typed.
                last.redo = before;
            }
            Some(last) if group.is_some() && last.group == group => {
                // Redo the old and new edits in order; undo the new, then the old.
                last.redo.extend(before);
                let mut merged = undo;
                merged.append(&mut last.undo);
                last.undo = merged;
            }
            _ => {
                self.undo.push(Step { redo: before, undo, group });
                if self.undo.len() > HISTORY_LIMIT {
                    self.undo.remove(0);
                }
            }
        }
        Ok(())
    }

    /// Ends the current group, so the next edit starts a new undo step even in the
    /// same field (called when a field loses focus).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.group = None;
        }
    }

    /// Undoes the last step; `false` when there is none or it no longer applies (it is
    /// then dropped, and the document is unchanged).
    pub fn undo(&mut self, document: &mut Document) -> bool {
        let Some(step) = self.undo.pop() else { return false };
        match apply_all(document, step.undo.clone()) {
            Ok(_) => {
                self.redo.push(Step { group: None, ..step });
                true
            }
            Err(_) => false,
        }
    }

    /// Redoes the last undone step; `false` when there is none or it no longer applies.
    pub fn redo(&mut self, document: &mut Document) -> bool {
        let Some(step) = self.redo.pop() else { return false };
        match apply_all(document, step.redo.clone()) {
            Ok(_) => {
                self.undo.push(step);
                true
            }
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResult, Level};

    fn doc() -> Document {
        let mut a = Objective::new("o1", "A", Level::Company);
        a.key_results.push(KeyResult::new("k1", "a1"));
        let b = Objective::new("o2", "B", Level::Team);
        Document { title: "T".into(), objectives: vec![a, b], ..Document::default() }
    }

    fn titled(id: &str, title: &str) -> Objective {
        Objective::new(id, title, Level::Team)
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let edits = vec![
            Edit::SetTitle { title: "New".into() },
            Edit::Put { objective: titled("o2", "B2") },
            Edit::Insert { index: 1, objective: titled("o3", "C") },
            Edit::Insert { index: 99, objective: titled("o4", "D") },
            Edit::Remove { id: Id::from("o1") },
            Edit::Move { id: Id::from("o2"), to: 0 },
            Edit::Move { id: Id::from("o1"), to: 99 },
            Edit::Replace { document: Box::new(Document { title: "Other".into(), ..Document::default() }) },
        ];
        for edit in edits {
            let mut d = doc();
            let original = d.clone();
            let Ok(inverse) = apply(&mut d, edit.clone()) else { continue };
            assert_ne!(d, original, "{edit:?} changed nothing");
            apply(&mut d, inverse).unwrap();
            assert_eq!(d, original, "{edit:?}");
        }
    }

    #[test]
    fn edits_that_do_not_fit_change_nothing() {
        let mut d = doc();
        let original = d.clone();
        assert_eq!(apply(&mut d, Edit::Remove { id: "nope".into() }), Err(EditError::NoSuchObjective("nope".into())));
        assert_eq!(
            apply(&mut d, Edit::Insert { index: 0, objective: titled("k1", "x") }),
            Err(EditError::IdInUse("k1".into()))
        );
        let mut stealing = titled("o2", "B");
        stealing.key_results.push(KeyResult::new("k1", "dup"));
        assert_eq!(apply(&mut d, Edit::Put { objective: stealing }), Err(EditError::IdInUse("k1".into())));
        assert_eq!(d, original);
    }

    #[test]
    fn a_failing_group_is_rolled_back() {
        let mut d = doc();
        let original = d.clone();
        let edits = vec![
            Edit::SetTitle { title: "X".into() },
            Edit::Remove { id: "o2".into() },
            Edit::Remove { id: "o2".into() },
        ];
        assert!(apply_all(&mut d, edits).is_err());
        assert_eq!(d, original);
    }

    #[test]
    fn fresh_ids_are_unused() {
        let mut d = doc();
        assert_eq!(fresh_id(&d, "o"), Id::from("o3"));
        assert_eq!(fresh_id(&d, "k"), Id::from("k2"));
        d.objectives[1].id = Id::from("o41");
        assert_eq!(fresh_id(&d, "o"), Id::from("o42"));
        assert_eq!(fresh_id(&Document::default(), "o"), Id::from("o1"));
    }

    #[test]
    fn typing_in_one_field_is_one_undo_step() {
        let mut d = doc();
        let mut h = History::default();
        for title in ["B", "Be", "Bet", "Beta"] {
            h.perform(&mut d, vec![Edit::Put { objective: titled("o2", title) }], Some("o2.title".into())).unwrap();
        }
        // However many letters, the step holds one objective to redo and one to undo.
        assert_eq!((h.undo[0].redo.len(), h.undo[0].undo.len()), (1, 1));
        h.perform(&mut d, vec![Edit::SetTitle { title: "Q".into() }], None).unwrap();
        assert_eq!(h.undo.len(), 2);
        assert!(h.undo(&mut d));
        assert_eq!(d.title, "T");
        assert!(h.undo(&mut d));
        assert_eq!(d, doc());
        assert!(!h.undo(&mut d));
        assert!(h.redo(&mut d));
        assert_eq!(d.objectives[1].title, "Beta");
    }

    #[test]
    fn sealing_starts_a_new_step_and_a_new_edit_clears_redo() {
        let mut d = doc();
        let mut h = History::default();
        let group = Some("o2.title".to_owned());
        h.perform(&mut d, vec![Edit::Put { objective: titled("o2", "X") }], group.clone()).unwrap();
        h.seal();
        h.perform(&mut d, vec![Edit::Put { objective: titled("o2", "Y") }], group).unwrap();
        assert_eq!(h.undo.len(), 2);
        h.undo(&mut d);
        assert_eq!(h.redo.len(), 1);
        h.perform(&mut d, vec![Edit::SetTitle { title: "Z".into() }], None).unwrap();
        assert!(h.redo.is_empty());
    }

    #[test]
    fn no_op_edits_are_not_recorded() {
        let mut d = doc();
        let mut h = History::default();
        h.perform(&mut d, vec![Edit::SetTitle { title: "T".into() }], None).unwrap();
        assert!(h.undo.is_empty());
    }

    #[test]
    fn the_history_is_bounded_and_survives_json() {
        let mut d = doc();
        let mut h = History::default();
        for i in 0..HISTORY_LIMIT + 10 {
            h.perform(&mut d, vec![Edit::SetTitle { title: i.to_string() }], None).unwrap();
        }
        assert_eq!(h.undo.len(), HISTORY_LIMIT);
        let stored: History = serde_json::from_str(&serde_json::to_string(&h).unwrap()).unwrap();
        assert_eq!(stored, h);
    }
}
