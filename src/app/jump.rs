//! Jumping to a place in the document: a click on a finding or on the dashboard's
//! attention list expands the objectives above it, opens the panel the field lives in
//! and focuses the field.

use leptos::prelude::*;
use okrpad_core::model::Id;

use super::state::AppState;
use crate::browser::focus::focus_later;
use crate::editor::ids;

/// Goes where a click on a finding asks: expands the objectives above it, opens the
/// details panel if the field lives there, and focuses the field.
pub(super) fn follow_jumps(state: AppState) {
    use okrpad_core::rules::Field;
    Effect::new(move |_| {
        let Some(jump) = state.jump.get() else { return };
        // Expand every ancestor, so the card is on screen.
        let ancestors: Vec<Id> = state.document.with_untracked(|d| {
            let mut chain = Vec::new();
            let mut at = d.objective(&jump.objective).and_then(|o| o.parent.clone());
            while let Some(id) = at {
                if chain.contains(&id) || chain.len() > d.objectives.len() {
                    break; // a loop of parents
                }
                at = d.objective(&id).and_then(|o| o.parent.clone());
                chain.push(id);
            }
            chain
        });
        for id in &ancestors {
            state.collapsed(id, 0).set(false);
        }
        let (target, in_details) = match (&jump.key_result, jump.field) {
            (Some(k), Some(Field::Owner)) => (format!("kr-owner-{k}"), Some(k)),
            (Some(k), Some(Field::Weight)) => (format!("kr-weight-{k}"), Some(k)),
            (Some(k), Some(Field::Metric)) => (format!("kr-metric-{k}"), Some(k)),
            (Some(k), Some(Field::Due)) => (format!("kr-due-{k}"), Some(k)),
            (Some(k), _) => (ids::kr_input_id(k), None),
            (None, Some(Field::Owner)) => (format!("o-owner-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Period)) => (format!("o-period-start-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Parent | Field::ParentKr)) => {
                (format!("o-parent-{}", jump.objective), Some(&jump.objective))
            }
            (None, Some(Field::Weight)) => (format!("o-weight-{}", jump.objective), Some(&jump.objective)),
            (None, Some(Field::Level)) => (format!("o-level-{}", jump.objective), None),
            (None, _) => (ids::title_input_id(&jump.objective), None),
        };
        if let Some(id) = in_details {
            state.details_open(id).set(true);
        }
        focus_later(target);
    });
}
