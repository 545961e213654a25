//! What the app derives from the document: its scores (recomputed only when scoring's
//! inputs changed) and its rule findings (checked once typing pauses).

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use okrpad_core::calendar::Date;
use okrpad_core::model::{Document, Id};
use okrpad_core::rules::{Finding, check};
use okrpad_core::scoring::{self, Scorer, Scores, score};

use super::state::AppState;
use super::views::Views;
use crate::browser::platform::after_next_paint;

/// The document's scores, recomputed only when its [`scoring::fingerprint`] changed.
pub(super) fn scores_of(document: ReadSignal<Document>, today: Date) -> Memo<Scores> {
    let scored = StoredValue::new(None::<u64>);
    // Keeps the roll-up graph while the structure stays the same (typing a value).
    let scorer = StoredValue::new(Scorer::default());
    Memo::new_owning(move |old: Option<Scores>| {
        let key = document.with(scoring::fingerprint);
        match old {
            Some(old) if scored.get_value() == Some(key) => (old, false),
            _ => {
                scored.set_value(Some(key));
                let scores = document.with_untracked(|d| scorer.try_update_value(|s| s.score(d, today)));
                (scores.unwrap_or_else(|| document.with_untracked(|d| score(d, today))), true)
            }
        }
    })
}

/// How long the document must rest before the rules run over it again.
pub const RULES_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

/// Runs the rules over the whole document just after the first screen is painted, then
/// once edits pause for [`RULES_DELAY`], and publishes the findings only if they changed.
///
/// Checking 2,000 objectives takes longer than a frame, and findings are advice, not
/// data: showing them 150 ms after the last keystroke is invisible while typing,
/// whereas checking on every keystroke made each one wait for the whole pass.
pub(super) fn check_rules_when_idle(state: AppState, findings: RwSignal<Vec<Finding>>) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        state.document.track();
        state.scores.track();
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let run = move || {
            pending.set_value(None);
            let fresh = state.document.with_untracked(|d| state.scores.with_untracked(|s| check(d, s)));
            if findings.with_untracked(|old| *old != fresh) {
                findings.set(fresh);
            }
        };
        match first {
            // The first check waits for the first screen, not for a pause: it is not
            // needed to paint it, and at 2,000 objectives it costs more than a frame.
            None => after_next_paint(run),
            Some(()) => pending.set_value(set_timeout_with_handle(run, RULES_DELAY).ok()),
        }
    });
}

/// Keeps [`Views`] in step with the document and its scores.
pub(super) fn sync_views(state: AppState) {
    let views = state.views;
    // The index follows the document's structure, which its writers keep in step with
    // it, so it is current here.
    Effect::new(move |_| {
        state.document.with(|d| {
            state.index.with_untracked(|index| {
                Views::sync(views.objectives, &|id| index.get(id).and_then(|&i| d.objectives.get(i)));
            })
        });
    });
    // Scores change whenever the document's shape does, so the document itself need
    // not be tracked here: a title keystroke leaves this effect asleep.
    Effect::new(move |_| {
        state.document.with_untracked(|d| {
            state.index.with_untracked(|index| {
                state.scores.with(|s| {
                    Views::sync(views.objective_scores, &|id| index.get(id).and_then(|&i| s.objective(i)));
                    views.kr_objectives.with_value(|placed| {
                        Views::sync(views.kr_scores, &|kr| {
                            let i = *index.get(placed.get(kr)?)?;
                            let j = d.objectives.get(i)?.key_results.iter().position(|k| &k.id == kr)?;
                            s.key_result(i, j)
                        })
                    });
                })
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
            Views::sync(views.findings, &|id| by_objective.get(id));
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
