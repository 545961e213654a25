//! The DOM ids of the editor's fields: one place that names them, for focus moves and
//! for jumps from findings, the dashboard and the map.

use okrpad_core::model::Id;

/// The DOM id of an objective's title field, for focus and for jumping to findings.
pub fn title_input_id(id: &Id) -> String {
    format!("o-title-{id}")
}

/// The DOM id of a key result's title field.
pub fn kr_input_id(id: &Id) -> String {
    format!("kr-title-{id}")
}

/// The DOM id of an objective's first action button (add a key result), where its
/// "Actions" button sends focus.
pub fn first_action_id(id: &Id) -> String {
    format!("o-add-kr-{id}")
}

/// The DOM id of an objective's last action button (delete), where focus goes when it
/// comes to the "Actions" button from below (Shift+Tab).
pub fn last_action_id(id: &Id) -> String {
    format!("o-delete-{id}")
}

/// The DOM id of the document's title field (in the top bar).
pub const DOCUMENT_TITLE_ID: &str = "document-title";
