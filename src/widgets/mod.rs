//! Shared widgets: form fields that are safe to bind to a document that recomputes on
//! every keystroke, the dialog shell, the meeting views' charts, status pills.

pub mod charts;
pub mod dialog;
pub mod fields;
pub mod menu;
pub mod pills;
