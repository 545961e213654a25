//! Running the core's tree operations (`okrpad_core::edit::outline`) from the editor:
//! each is one undoable step on the current document, after which the focus moves
//! where the user's eyes are. The rules themselves (where a new key result goes, what
//! a deletion clears) are in the core, with native tests; this is only the wiring.

use leptos::prelude::*;

use crate::app::{AppState, Ui};
use crate::browser::focus::focus_later_at;
use crate::editor::ids::{kr_input_id, title_input_id};
use okrpad_core::edit::{Edit, outline};
use okrpad_core::model::{Document, Id};

/// Runs a tree operation on the current document and focuses `focus` afterwards.
/// Returns whether it applied.
pub fn run_outline(s: AppState, op: impl FnOnce(&Document) -> Option<Vec<Edit>>, focus: String) -> bool {
    let Some(edits) = s.document.with_untracked(op) else { return false };
    // A moved card's title field is a new element: keep the caret where it was.
    let caret = active_caret();
    s.perform(edits, None);
    focus_later_at(focus, caret);
    true
}

/// Where the caret is in the focused text field, if one is focused.
fn active_caret() -> Option<u32> {
    use wasm_bindgen::JsCast;
    let active = web_sys::window()?.document()?.active_element()?;
    if let Some(area) = active.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        return area.selection_start().ok().flatten();
    }
    active.dyn_ref::<web_sys::HtmlInputElement>()?.selection_start().ok().flatten()
}

/// Adds a key result to objective `id` after `after` (or at the end) and focuses it.
pub fn add_key_result(s: AppState, id: &Id, after: Option<&Id>) {
    if let Some((edits, new_id)) = s.document.with_untracked(|d| outline::add_key_result(d, id, after)) {
        s.perform(edits, None);
        focus_later_at(kr_input_id(&new_id), None);
    }
}

/// Deletes key result `kr` of objective `id` (and every contribution to it), says so
/// and focuses the objective's title.
pub fn delete_key_result(s: AppState, id: &Id, kr: &Id) {
    if run_outline(s, |d| outline::delete_key_result(d, id, kr), title_input_id(id)) {
        s.toast.set(Some(Ui::Deleted));
    }
}

/// Moves key result `kr` of objective `id` one place up or down, keeping its focus.
pub fn move_key_result(s: AppState, id: &Id, kr: &Id, up: bool) {
    run_outline(s, |d| outline::move_key_result(d, id, kr, up), kr_input_id(kr));
}
