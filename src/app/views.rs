//! Per-objective views of the document, its scores and its findings, so a keystroke
//! in one card wakes that card alone.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use okrpad_core::model::{Id, Objective};
use okrpad_core::rules::Finding;

/// One signal per objective, per objective score and per key result score, kept in
/// step with the document and the scores by two effects that set only what changed.
///
/// A card reads its own objective through these instead of the whole document, so a
/// keystroke in one card wakes that card alone: with 2,000 cards, reading the whole
/// document from each would make every keystroke do 2,000 cards' work.
#[derive(Clone, Copy)]
pub struct Views {
    owner: StoredValue<Option<Owner>>,
    pub(super) objectives: StoredValue<HashMap<Id, RwSignal<Option<Objective>>>>,
    pub(super) objective_scores: StoredValue<HashMap<Id, RwSignal<Option<okrpad_core::scoring::ObjectiveScore>>>>,
    pub(super) kr_scores: StoredValue<HashMap<Id, RwSignal<Option<okrpad_core::scoring::KeyResultScore>>>>,
    /// The objective each key result of `kr_scores` was last shown under, where its
    /// score is looked up (see [`Views::place_kr`]).
    pub(super) kr_objectives: StoredValue<HashMap<Id, Id>>,
    /// The findings about each objective and its key results (`None`: none).
    pub(super) findings: StoredValue<HashMap<Id, RwSignal<Option<Vec<Finding>>>>>,
    /// Whether an objective's or key result's details panel is open, and whether an
    /// objective's children are collapsed: kept here, by id, so a click on a finding
    /// can open the right panel without every card watching for clicks. They belong to
    /// the open document: ids such as `o1` repeat across documents, so opening another
    /// document puts every flag back to its default ([`Views::reset_flags`]), and the
    /// flags of deleted ids are dropped (`derived::prune_deleted_ids`).
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
            kr_objectives: StoredValue::new(HashMap::new()),
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

    /// Whether the details panel of `id` is open (closed at first).
    pub(super) fn details_flag(self, id: &Id) -> RwSignal<bool> {
        self.flag(self.details, id, false)
    }

    /// Whether the children of `id` are hidden (`initially` at first).
    pub(super) fn collapsed_flag(self, id: &Id, initially: bool) -> RwSignal<bool> {
        self.flag(self.collapsed, id, initially)
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
    pub(super) fn prune_flags(self, present: &HashSet<&Id>) {
        for map in [self.details, self.collapsed] {
            map.update_value(|m| m.retain(|id, _| present.contains(id)));
        }
    }

    /// The signal of `id` in `map`, created (under the app's owner, so it outlives the
    /// card that first asked) with `initial` when there is none yet.
    pub(super) fn view<T: Send + Sync + 'static>(
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

    /// Records that key result `kr` is shown under `objective`; whether that is news
    /// (it moved to another objective since its view was made).
    pub(super) fn place_kr(self, kr: &Id, objective: &Id) -> bool {
        let known = self.kr_objectives.with_value(|m| m.get(kr).map(|o| o == objective));
        if known != Some(true) {
            self.kr_objectives.update_value(|m| {
                m.insert(kr.clone(), objective.clone());
            });
        }
        known == Some(false)
    }

    /// Sets each signal in `map` whose value differs from what `fresh` gives for its
    /// id, leaving the others (and whoever reads them) alone. Only the views that
    /// exist are looked up: a large tree builds a fraction of its cards, and building
    /// a map of the whole document on every keystroke cost more than the lookups.
    pub(super) fn sync<'a, T: PartialEq + Clone + Send + Sync + 'static>(
        map: StoredValue<HashMap<Id, RwSignal<Option<T>>>>,
        fresh: &dyn Fn(&Id) -> Option<&'a T>,
    ) {
        map.with_value(|m| {
            for (id, signal) in m {
                let new = fresh(id);
                let changed = signal.with_untracked(|old| old.as_ref() != new);
                if changed {
                    signal.set(new.cloned());
                }
            }
        });
    }
}
