//! Shared widgets: form fields that are safe to bind to a document that recomputes on
//! every keystroke, a searchable list box, the dialog shell, the charts (meeting views
//! and progress over time), status pills.

pub mod charts;
pub mod combobox;
pub mod dialog;
pub mod fields;
pub mod menu;
pub mod pills;
