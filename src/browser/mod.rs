//! The browser at the edge: every adapter that touches `web_sys` lives here, so the
//! rest of the shell speaks in the app's own terms.
//!
//! - `platform`: clock, preferred language, raw local storage, printing;
//! - `persist`: documents and undo histories in local storage, never losing data;
//! - `download`, `transfer`: files out and in, the clipboard, fetches, the address bar;
//! - `focus`: moving keyboard focus once an update has rendered;
//! - `offline`: the service worker;
//! - `live`: the live worker (the engine, loaded when a document goes live), random
//!   room ids, the site's live config.

pub mod download;
pub mod focus;
pub mod live;
pub mod offline;
pub mod persist;
pub mod platform;
pub mod transfer;
