//! Keeping the document (and its undo history) in local storage, without ever losing
//! what is already there.
//!
//! - Saves are batched: a change schedules one save a short moment later, so typing a
//!   sentence into a 2,000-objective document writes it once, not per letter.
//! - Stored text that cannot be read is never overwritten: before the first save it is
//!   copied under a backup key, and if even that fails, nothing is saved and the user
//!   is told, with the work kept in the page.
//! - A failed save (quota full, storage disabled) is shown in the toolbar; the
//!   document stays in memory and the next change tries again.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;

use super::platform::{self, StorageError};
use super::{AppState, SaveState, Ui};
use crate::core::date::Date;
use crate::core::edit::History;
use crate::core::format;
use crate::core::i18n::{Lang, Text};
use crate::core::model::Document;

/// Where the current document is kept, as format v1 JSON. The `v1` is the storage
/// layout's version (not the file format's), so a later layout can migrate from it.
pub const DOCUMENT_KEY: &str = "okrpad.document.v1";
/// The undo and redo stacks of that document, so undo works across a reload.
pub const HISTORY_KEY: &str = "okrpad.history.v1";
/// The language the user chose, if they chose one.
pub const LANG_KEY: &str = "okrpad.lang";
/// Where unreadable stored text is copied before anything is saved over it.
pub const BACKUP_KEY: &str = "okrpad.document.v1.unreadable";

/// How long a change waits for the next one before it is saved.
const SAVE_DELAY: Duration = Duration::from_millis(250);

pub fn load_lang() -> Lang {
    match platform::load(LANG_KEY) {
        Ok(Some(code)) if code == "zh" => Lang::Zh,
        Ok(Some(code)) if code == "en" => Lang::En,
        _ => platform::browser_lang(),
    }
}

/// What was found in storage at start-up.
pub struct Loaded {
    /// The stored document; `None` when there is none usable (the app shows the sample).
    pub document: Option<Document>,
    pub history: History,
    pub save_state: SaveState,
    /// Something the user must know about what was stored.
    pub notice: Option<Text>,
}

thread_local! {
    /// Unreadable text found in storage, until it has been copied to [`BACKUP_KEY`].
    static UNREADABLE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The pending save, so a newer change can replace it.
    static PENDING: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

pub fn load_document(_lang: Lang, _today: Date) -> Loaded {
    let stored = match platform::load(DOCUMENT_KEY) {
        Ok(stored) => stored,
        Err(error) => {
            let message = error.message();
            return Loaded {
                document: None,
                history: History::default(),
                save_state: SaveState::Failed(message.clone()),
                notice: Some(message),
            };
        }
    };
    let Some(text) = stored else {
        return Loaded { document: None, history: History::default(), save_state: SaveState::Saved, notice: None };
    };
    match format::parse(&text) {
        Ok(document) => {
            // A history that does not read back is only a convenience lost.
            let history = platform::load(HISTORY_KEY)
                .ok()
                .flatten()
                .and_then(|h| serde_json::from_str(&h).ok())
                .unwrap_or_default();
            Loaded { document: Some(document), history, save_state: SaveState::Saved, notice: None }
        }
        Err(error) => {
            UNREADABLE.with(|u| *u.borrow_mut() = Some(text));
            let reason = error.message();
            let notice = Text::new(
                format!(
                    "{}{}（{}）",
                    Ui::StoredDocumentUnreadable.get(Lang::Zh),
                    Ui::ShowingSample.get(Lang::Zh),
                    reason.zh
                ),
                format!(
                    "{} {} ({})",
                    Ui::StoredDocumentUnreadable.get(Lang::En),
                    Ui::ShowingSample.get(Lang::En),
                    reason.en
                ),
            );
            Loaded { document: None, history: History::default(), save_state: SaveState::Saved, notice: Some(notice) }
        }
    }
}

/// Saves the document a moment from now, replacing a save already waiting.
pub fn schedule_save(state: AppState) {
    state.save_state.set(SaveState::Pending);
    PENDING.with(|p| {
        if let Some(handle) = p.borrow_mut().take() {
            handle.clear();
        }
    });
    match set_timeout_with_handle(move || save_now(state), SAVE_DELAY) {
        Ok(handle) => PENDING.with(|p| *p.borrow_mut() = Some(handle)),
        // No timer (should not happen in a browser): save right away instead.
        Err(_) => save_now(state),
    }
}

fn save_now(state: AppState) {
    PENDING.with(|p| p.borrow_mut().take());
    let result = keep_unreadable().and_then(|()| {
        let text = state.document.with_untracked(format::to_json);
        platform::save(DOCUMENT_KEY, &text).map_err(|e| e.message())
    });
    match result {
        Ok(()) => {
            // The history is a convenience: if it does not fit, drop it rather than the document.
            let history = state.history.with_untracked(|h| serde_json::to_string(h).unwrap_or_default());
            if platform::save(HISTORY_KEY, &history).is_err() {
                let _ = platform::save(HISTORY_KEY, "");
            }
            state.save_state.set(SaveState::Saved);
        }
        Err(reason) => state.save_state.set(SaveState::Failed(reason)),
    }
}

/// Copies unreadable stored text to [`BACKUP_KEY`] before the first save over it.
fn keep_unreadable() -> Result<(), Text> {
    let Some(text) = UNREADABLE.with(|u| u.borrow().clone()) else { return Ok(()) };
    match platform::save(BACKUP_KEY, &text) {
        Ok(()) => {
            UNREADABLE.with(|u| *u.borrow_mut() = None);
            Ok(())
        }
        Err(StorageError::Unavailable | StorageError::WriteRefused) => Err(Text::new(
            "未保存：无法先备份本地那份无法读取的数据，为免覆盖它，修改只保存在此页面中。",
            "Not saved: the unreadable data in this browser could not be backed up first, so to avoid overwriting it, changes live only in this page.",
        )),
    }
}
