//! Per-objective views of the document, its scores and its findings, so a keystroke
//! in one card wakes that card alone.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use okrpad_core::model::{Id, Objective};
use okrpad_core::rules::Finding;

use super::state::{AppState, LARGE_DOCUMENT};

/// One signal per objective, per objective score and per key result score, kept in
/// step with the document and the scores by two effects that set only what changed.
///
/// A card reads its own objective through these instead of the whole document, so a
/// keystroke in one card wakes that card alone: with 2,000 cards, reading the whole
/// document from each would make every keystroke do 2,000 cards' work.
#[derive(Clone, Copy)]
pub struct Views {
    owner: StoredValue<Option<Owner>>,
    objectives: StoredValue<HashMap<Id, RwSignal<Option<Objective>>>>,
    objective_scores: StoredValue<HashMap<Id, RwSignal<Option<okrpad_core::scoring::ObjectiveScore>>>>,
    kr_scores: StoredValue<HashMap<Id, RwSignal<Option<okrpad_core::scoring::KeyResultScore>>>>,
    /// The findings about each objective and its key results (`None`: none).
    findings: StoredValue<HashMap<Id, RwSignal<Option<Vec<Finding>>>>>,
    /// Whether an objective's or key result's details panel is open, and whether an
    /// objective's children are collapsed: kept here, by id, so a click on a finding
    /// can open the right panel without every card watching for clicks. They belong to
    /// the open document: ids such as `o1` repeat across documents, so opening another
    /// document puts every flag back to its default ([`Views::reset_flags`]), and the
    /// flags of deleted ids are dropped ([`prune_deleted_ids`]).
    details: StoredValue<HashMap<Id, Flag>>,
    collapsed: StoredValue<HashMap<Id, Flag>>,
}

/// A view flag and the default it returns to when another document opens.
#[derive(Clone, Copy)]
struct Flag {
    signal: RwSignal<bool>,
    default: bool,
}

impl Views {
    pub(super) fn new() -> Views {
        Views {
            owner: StoredValue::new(Owner::current()),
            objectives: StoredValue::new(HashMap::new()),
            objective_scores: StoredValue::new(HashMap::new()),
            kr_scores: StoredValue::new(HashMap::new()),
            findings: StoredValue::new(HashMap::new()),
            details: StoredValue::new(HashMap::new()),
            collapsed: StoredValue::new(HashMap::new()),
        }
    }

    /// The flag of `id` in `map`, created as `initial` under the app's owner when missing.
    fn flag(self, map: StoredValue<HashMap<Id, Flag>>, id: &Id, initial: bool) -> RwSignal<bool> {
        if let Some(flag) = map.with_value(|m| m.get(id).copied()) {
            return flag.signal;
        }
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(|| RwSignal::new(initial)),
            None => RwSignal::new(initial),
        };
        map.update_value(|m| {
            m.insert(id.clone(), Flag { signal, default: initial });
        });
        signal
    }

    /// Puts every view flag back to its default: another document is open (called by
    /// whatever opens one: `browser::persist`'s open, create and delete).
    pub fn reset_flags(self) {
        for map in [self.details, self.collapsed] {
            map.with_value(|m| {
                for flag in m.values() {
                    if flag.signal.get_untracked() != flag.default {
                        flag.signal.set(flag.default);
                    }
                }
            });
        }
    }

    /// Drops the flags of ids that are no longer in the document.
    fn prune_flags(self, present: &HashSet<&Id>) {
        for map in [self.details, self.collapsed] {
            map.update_value(|m| m.retain(|id, _| present.contains(id)));
        }
    }

    /// The signal of `id` in `map`, created (under the app's owner, so it outlives the
    /// card that first asked) with `initial` when there is none yet.
    fn view<T: Send + Sync + 'static>(
        self,
        map: StoredValue<HashMap<Id, RwSignal<Option<T>>>>,
        id: &Id,
        initial: impl FnOnce() -> Option<T>,
    ) -> RwSignal<Option<T>> {
        if let Some(signal) = map.with_value(|m| m.get(id).copied()) {
            return signal;
        }
        let value = initial();
        let create = move || RwSignal::new(value);
        let signal = match self.owner.get_value() {
            Some(owner) => owner.with(create),
            None => create(),
        };
        map.update_value(|m| {
            m.insert(id.clone(), signal);
        });
        signal
    }

    /// Sets each signal in `map` whose value differs from `fresh`, leaving the others
    /// (and whoever reads them) alone.
    fn sync<T: PartialEq + Clone + Send + Sync + 'static>(
        map: StoredValue<HashMap<Id, RwSignal<Option<T>>>>,
        fresh: &HashMap<&Id, &T>,
    ) {
        map.with_value(|m| {
            for (id, signal) in m {
                let new = fresh.get(id).copied();
                let changed = signal.with_untracked(|old| old.as_ref() != new);
                if changed {
                    signal.set(new.cloned());
                }
            }
        });
    }
}

impl AppState {
    /// Whether the details panel of objective or key result `id` is open.
    pub fn details_open(&self, id: &Id) -> RwSignal<bool> {
        self.views.flag(self.views.details, id, false)
    }

    /// Whether objective `id`'s children are hidden. In a large document, objectives
    /// two levels down start collapsed, so the first screen shows the company,
    /// department and team levels at once instead of building thousands of cards.
    pub fn collapsed(&self, id: &Id, nesting: usize) -> RwSignal<bool> {
        let large = self.ids.with_untracked(|ids| ids.len() > LARGE_DOCUMENT);
        self.views.flag(self.views.collapsed, id, large && nesting >= 2)
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
        self.views.view(self.views.kr_scores, id, || {
            let i = index.with_untracked(|m| m.get(objective).copied())?;
            let j = document.with_untracked(|d| d.objectives.get(i)?.key_results.iter().position(|k| &k.id == id))?;
            scores.with_untracked(|s| s.key_result(i, j).cloned())
        })
    }
}

/// Keeps [`Views`] in step with the document and its scores.
pub(super) fn sync_views(state: AppState) {
    let views = state.views;
    Effect::new(move |_| {
        state.document.with(|d| {
            let fresh: HashMap<&Id, &Objective> = d.objectives.iter().map(|o| (&o.id, o)).collect();
            Views::sync(views.objectives, &fresh);
        });
    });
    // Scores change whenever the document's shape does, so the document itself need
    // not be tracked here: a title keystroke leaves this effect asleep.
    Effect::new(move |_| {
        state.document.with_untracked(|d| {
            state.scores.with(|s| {
                let objectives = d.objectives.iter().zip(&s.objectives).map(|(o, sc)| (&o.id, sc)).collect();
                Views::sync(views.objective_scores, &objectives);
                let krs = d
                    .objectives
                    .iter()
                    .zip(&s.key_results)
                    .flat_map(|(o, scores)| o.key_results.iter().map(|k| &k.id).zip(scores))
                    .collect();
                Views::sync(views.kr_scores, &krs);
            })
        });
    });
    Effect::new(move |_| {
        state.findings.with(|all| {
            let mut by_objective: HashMap<&Id, Vec<Finding>> = HashMap::new();
            for f in all {
                if let Some(o) = &f.objective {
                    by_objective.entry(o).or_default().push(f.clone());
                }
            }
            let fresh = by_objective.iter().map(|(id, f)| (*id, f)).collect();
            Views::sync(views.findings, &fresh);
        });
    });
}

/// Drops the view flags of deleted objectives and key results, when objectives are
/// added or removed (a key result's flag goes with the next such change).
pub(super) fn prune_deleted_ids(state: AppState) {
    let views = state.views;
    Effect::new(move |_| {
        state.ids.track();
        state.document.with_untracked(|d| {
            let present: HashSet<&Id> = d
                .objectives
                .iter()
                .flat_map(|o| std::iter::once(&o.id).chain(o.key_results.iter().map(|k| &k.id)))
                .collect();
            views.prune_flags(&present);
        });
    });
}
