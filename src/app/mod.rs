//! The browser app: a thin Leptos shell over the core.
//!
//! The document lives in one signal and changes only through [`AppState::perform`],
//! which applies core edits and records them in the undo history. Scores (a memo
//! recomputed only when scoring's inputs change), findings (a signal the rules refresh
//! once typing pauses) and the tree's shape are derived from the document by the same
//! core functions the CLI calls, so the browser and the terminal never disagree about a
//! score. Components read what they show through [`AppState`], provided once as
//! context rather than threaded through every prop.
//!
//! Layout of the shell, by role: `app` (state, derived data, the root component, the
//! top bar and shortcuts), `browser` (every adapter that touches `web_sys`: storage,
//! clock, files, clipboard, service worker), `widgets` (fields, dialog, charts, pills),
//! `editor` (the tree, key results, check-ins, details, documents, filter, findings),
//! `sync` (import, export, links, other tabs) and `screens` (dashboard, map,
//! presentation, weekly review, grading).

pub mod active;
mod derived;
mod jump;
mod live_state;
mod root;
mod screen;
pub mod shortcuts;
mod state;
mod sync_state;
pub mod text;
pub mod toolbar;
mod views;

pub use live_state::{LiveState, LiveView};
pub use root::App;
pub use screen::Screen;
pub use state::{AppState, Jump, LARGE_DOCUMENT, SaveState, state};
pub use sync_state::{Incoming, Unreadable};
pub use text::Ui;
pub use views::Views;
