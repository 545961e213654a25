//! What the app derives from the document: its scores (recomputed only when scoring's
//! inputs changed) and its rule findings (checked once typing pauses).

use leptos::prelude::*;
use okrpad_core::calendar::Date;
use okrpad_core::model::Document;
use okrpad_core::rules::{Finding, check};
use okrpad_core::scoring::{self, Scores, score};

use super::state::AppState;

/// The document's scores, recomputed only when its [`scoring::fingerprint`] changed.
pub(super) fn scores_of(document: RwSignal<Document>, today: Date) -> Memo<Scores> {
    let scored = StoredValue::new(None::<u64>);
    Memo::new_owning(move |old: Option<Scores>| {
        let key = document.with(scoring::fingerprint);
        match old {
            Some(old) if scored.get_value() == Some(key) => (old, false),
            _ => {
                scored.set_value(Some(key));
                (document.with_untracked(|d| score(d, today)), true)
            }
        }
    })
}

/// How long the document must rest before the rules run over it again.
pub const RULES_DELAY: std::time::Duration = std::time::Duration::from_millis(150);

/// Runs the rules over the whole document once edits pause for [`RULES_DELAY`], and
/// publishes the findings only if they changed.
///
/// Checking 2,000 objectives takes longer than a frame, and findings are advice, not
/// data: showing them 150 ms after the last keystroke is invisible while typing,
/// whereas checking on every keystroke made each one wait for the whole pass.
pub(super) fn check_rules_when_idle(state: AppState, findings: RwSignal<Vec<Finding>>) {
    let pending = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |first: Option<()>| {
        state.document.track();
        state.scores.track();
        if first.is_none() {
            return; // checked once at start-up already
        }
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
        pending.set_value(set_timeout_with_handle(run, RULES_DELAY).ok());
    });
}
