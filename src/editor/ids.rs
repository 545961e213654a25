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

/// The DOM id of the document's title field (in the top bar).
pub const DOCUMENT_TITLE_ID: &str = "document-title";
