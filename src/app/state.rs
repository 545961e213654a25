//! The app's state: what every component may read, and the only way to change the
//! document ([`AppState::perform`], which applies core edits and records them in the
//! undo history).

use std::collections::HashMap;

use leptos::prelude::*;
use okrpad_core::calendar::Date;
use okrpad_core::edit::{Edit, History};
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::model::filter::Filter;
use okrpad_core::model::tree::Forest;
use okrpad_core::model::{Document, Id, KeyResult, Objective};
use okrpad_core::rules::Finding;
use okrpad_core::scoring::Scores;

use super::live_state::LiveState;
use super::screen::Screen;
use super::sync_state::SyncState;
use super::text::Ui;
use super::views::Views;

/// A place in the document a finding is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Jump {
    pub objective: Id,
    pub key_result: Option<Id>,
    pub field: Option<okrpad_core::rules::Field>,
}

/// Whether the document is safely in local storage.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Everything is stored.
    Saved,
    /// A change is waiting for the next save (saves are batched while typing).
    Pending,
    /// The last save failed; the reason, in both languages.
    Failed(Text),
}

/// What every component may read, and the only way to change the document.
#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    /// The open document. It changes only through [`AppState::perform`] (edits),
    /// undo and redo, and [`AppState::set_document`] (another document), each of which
    /// also keeps [`AppState::structure`] in step.
    pub document: ReadSignal<Document>,
    pub(super) write_document: WriteSignal<Document>,
    /// Each objective's id and parent, in document order: what the tree's shape is
    /// made of. Set by the writers of the document, and only when it changed, so a
    /// keystroke does not reach what depends on the shape: with the shape derived
    /// from the document instead, every keystroke marked and then checked the
    /// hundreds of cards' memos and effects that follow it (about 7 of 17 ms of Wasm
    /// per keystroke at 2,000 objectives).
    pub(super) structure: RwSignal<Vec<(Id, Option<Id>)>>,
    pub history: RwSignal<History>,
    pub today: Date,
    /// Rescored only when something scoring reads changed (see [`scoring::fingerprint`]):
    /// typing a title does not rescore the company.
    pub scores: Memo<Scores>,
    /// The rule findings: checked [`RULES_DELAY`] after the document stops changing
    /// (see [`check_rules_when_idle`]), so typing never waits for a whole-document pass.
    pub findings: ReadSignal<Vec<Finding>>,
    /// Rebuilt only when ids or parents change (it follows [`AppState::structure`], so
    /// a keystroke never rebuilds it).
    pub forest: Memo<Forest>,
    /// Document index of each objective id; follows [`AppState::ids`].
    pub index: Memo<HashMap<Id, usize>>,
    pub save_state: RwSignal<SaveState>,
    /// The untouched sample: it follows the language until the first edit.
    pub pristine_sample: RwSignal<bool>,
    /// The shortcut sheet is showing.
    pub help_open: RwSignal<bool>,
    /// A short message about the last action ("deleted: undo with Ctrl+Z").
    pub toast: RwSignal<Option<Ui>>,
    /// The stored documents and which one is open.
    pub library: RwSignal<okrpad_core::model::library::Library>,
    /// A message about stored data the user must see (unreadable, unavailable).
    pub banner: RwSignal<Option<Text>>,
    /// Where a click on a finding asked to go; the card it names opens and focuses it.
    pub jump: RwSignal<Option<Jump>>,
    /// Per-objective views of the document and the scores; see [`Views`].
    pub views: Views,
    /// Objective ids in document order: changes only when objectives are added,
    /// removed or moved, so the tree's lists do not wake on every keystroke.
    pub ids: Memo<Vec<Id>>,
    /// Which objectives the filter bar lets through.
    pub filter: RwSignal<Filter>,
    /// Document indexes of the objectives to show: those matching the filter and their
    /// ancestors (for context). `None` when no filter is set.
    pub visible: Memo<Option<std::collections::HashSet<usize>>>,
    /// The screen on show (the editor, the dashboard, the map…).
    pub screen: RwSignal<Screen>,
    /// Import, export, sharing, read-only documents and other tabs.
    pub sync: SyncState,
    /// Called after every accepted edit, undo and redo: the root sets it to the storage
    /// adapter's batched save, so the state itself knows nothing of storage.
    pub save_soon: fn(AppState),
    /// Live editing: the open document's session, its dialogs.
    pub live: LiveState,
    /// Undo (`false`) or redo (`true`) of a live document, set by the root to the live
    /// session's, which undoes this person's own changes only; returns whether the
    /// document is live (and so the step was taken there, not in [`AppState::history`]).
    pub live_step: fn(AppState, bool) -> bool,
    /// The page is being printed: collapsed objectives are shown, so paper has them all.
    pub printing: RwSignal<bool>,
    /// The card whose buttons are built (see [`super::active`]).
    pub active: super::active::ActiveCard,
}

/// Above this many objectives, deep levels start collapsed (see [`AppState::collapsed`]).
pub const LARGE_DOCUMENT: usize = 300;

impl AppState {
    pub fn text(&self, ui: Ui) -> &'static str {
        ui.get(self.lang.get())
    }

    pub fn tr(&self, text: &Text) -> String {
        text.get(self.lang.get()).to_owned()
    }

    /// Applies `edits` as one undoable step. Edits in the same `group` in a row (typing
    /// in one field) undo together.
    pub fn perform(&self, edits: Vec<Edit>, group: Option<String>) {
        if self.sync.read_only.with_untracked(Option::is_some) {
            self.toast.set(Some(Ui::ReadOnlyRefused));
            return;
        }
        // Subscribers hear of the edit only once it is accepted: a refused edit leaves
        // the document as it was, and waking every view for it would be wasted work
        // (and would reset fields to the unchanged value mid-typing).
        let result = self
            .history
            .try_maybe_update(|history| {
                let result = self.write_document.try_maybe_update(|document| {
                    let result = history.perform(document, edits, group);
                    (result.is_ok(), result)
                });
                (matches!(result, Some(Ok(()))), result)
            })
            .flatten();
        match result {
            // The signals are gone (the app is being torn down): nothing to save.
            None => {}
            Some(Ok(())) => {
                self.follow_structure();
                self.pristine_sample.set(false);
                (self.save_soon)(*self);
            }
            Some(Err(error)) => leptos::logging::warn!("edit refused: {error}"),
        }
    }

    /// Changes the objective `id` through `change`, as one step in `group`.
    pub fn edit_objective(&self, id: &Id, group: Option<String>, change: impl FnOnce(&mut Objective)) {
        let Some(mut objective) = self.document.with_untracked(|d| d.objective(id).cloned()) else { return };
        change(&mut objective);
        self.perform(vec![Edit::Put { objective }], group);
    }

    /// Changes key result `kr` of objective `objective` through `change`, as one step
    /// in `group`.
    pub fn edit_key_result(&self, objective: &Id, kr: &Id, group: Option<String>, change: impl FnOnce(&mut KeyResult)) {
        self.edit_objective(objective, group, |o| {
            if let Some(k) = o.key_results.iter_mut().find(|k| &k.id == kr) {
                change(k);
            }
        });
    }

    /// Ends the current typing group (a field lost focus).
    pub fn seal(&self) {
        self.history.update(History::seal);
    }

    pub fn undo(&self) {
        if !(self.live_step)(*self, false) {
            self.step(History::undo);
        }
    }

    pub fn redo(&self) {
        if !(self.live_step)(*self, true) {
            self.step(History::redo);
        }
    }

    fn step(&self, f: fn(&mut History, &mut Document) -> bool) {
        let mut changed = false;
        self.history.update(|history| self.write_document.update(|document| changed = f(history, document)));
        if changed {
            self.follow_structure();
            (self.save_soon)(*self);
        }
    }

    /// Replaces the open document: another one opened, a merge, a colleague's change.
    /// Whoever does so also sets the history, the flags and the storage it goes with.
    pub fn set_document(&self, document: Document) {
        self.write_document.set(document);
        self.follow_structure();
    }

    /// Sets [`AppState::structure`] from the document if its ids or parents changed.
    /// Called right after every write, in the same task: effects run later, so none
    /// sees a document and a shape that disagree.
    fn follow_structure(&self) {
        let changed = self.document.with_untracked(|d| {
            self.structure.with_untracked(|links| {
                links.len() != d.objectives.len()
                    || links.iter().zip(&d.objectives).any(|((id, parent), o)| *id != o.id || *parent != o.parent)
            })
        });
        if changed {
            self.structure.set(structure_of(&self.document.read_untracked()));
        }
    }
}

/// Each objective's id and parent, in document order (see [`AppState::structure`]).
pub(super) fn structure_of(document: &Document) -> Vec<(Id, Option<Id>)> {
    document.objectives.iter().map(|o| (o.id.clone(), o.parent.clone())).collect()
}

/// The app state. `App` provides it before building any child, and every component
/// lives inside `App`, so it is always there.
pub fn state() -> AppState {
    expect_context::<AppState>()
}

/// Per-objective views (see [`Views`]): what a card reads instead of the whole document.
impl AppState {
    /// Whether the details panel of objective or key result `id` is open.
    pub fn details_open(&self, id: &Id) -> RwSignal<bool> {
        self.views.details_flag(id)
    }

    /// Whether objective `id`'s children are hidden. In a large document, objectives
    /// two levels down start collapsed, so the first screen shows the company,
    /// department and team levels at once instead of building thousands of cards.
    pub fn collapsed(&self, id: &Id, nesting: usize) -> RwSignal<bool> {
        self.views.collapsed_flag(id, self.starts_collapsed(nesting))
    }

    /// Whether an objective at `nesting` starts with its children hidden (see
    /// [`AppState::collapsed`]); the tree's first slices count only what is shown.
    pub fn starts_collapsed(&self, nesting: usize) -> bool {
        nesting >= 2 && self.ids.with_untracked(|ids| ids.len() > LARGE_DOCUMENT)
    }

    pub fn objective_view(&self, id: &Id) -> RwSignal<Option<Objective>> {
        let document = self.document;
        self.views.view(self.views.objectives, id, || document.with_untracked(|d| d.objective(id).cloned()))
    }

    pub fn objective_score_view(&self, id: &Id) -> RwSignal<Option<okrpad_core::scoring::ObjectiveScore>> {
        let (scores, index) = (self.scores, self.index);
        self.views.view(self.views.objective_scores, id, || {
            let i = index.with_untracked(|m| m.get(id).copied())?;
            scores.with_untracked(|s| s.objective(i).cloned())
        })
    }

    /// The findings about objective `id` and its key results, in document order.
    pub fn findings_view(&self, id: &Id) -> RwSignal<Option<Vec<Finding>>> {
        let findings = self.findings;
        self.views.view(self.views.findings, id, || {
            let mine: Vec<Finding> = findings
                .with_untracked(|all| all.iter().filter(|f| f.objective.as_ref() == Some(id)).cloned().collect());
            (!mine.is_empty()).then_some(mine)
        })
    }

    pub fn kr_score_view(&self, objective: &Id, id: &Id) -> RwSignal<Option<okrpad_core::scoring::KeyResultScore>> {
        let (scores, index, document) = (self.scores, self.index, self.document);
        let current = || {
            let i = index.with_untracked(|m| m.get(objective).copied())?;
            let j = document.with_untracked(|d| d.objectives.get(i)?.key_results.iter().position(|k| &k.id == id))?;
            scores.with_untracked(|s| s.key_result(i, j).cloned())
        };
        let signal = self.views.view(self.views.kr_scores, id, current);
        // Moved to another objective (a merge, a colleague): its score is looked up
        // there from now on, and is current at once.
        if self.views.place_kr(id, objective) {
            signal.set(current());
        }
        signal
    }
}
