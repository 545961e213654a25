//! Keeping documents (and their undo histories) in local storage, without ever losing
//! what is already there.
//!
//! Layout (the `v1` in a key is the storage layout's version, not the file format's):
//! - `okrpad.library.v1`: the list of documents and which one is open ([`Library`]);
//! - `okrpad.doc.<id>`: each document, as format v1 JSON;
//! - `okrpad.history.<id>`: its undo history, so undo works across a reload;
//! - `okrpad.lang`: the language the user chose;
//! - `okrpad.me.v1`: the user's own name, set once: who "Check in my key results"
//!   walks through, and the author of the comments they write.
//!
//! The first layout kept one document under `okrpad.document.v1`; it is moved into the
//! library on the first visit that finds it (and removed only once the copy is stored).
//!
//! - Saves are batched: a change schedules one save a short moment later, so typing a
//!   sentence into a 2,000-objective document writes it once, not per letter.
//! - Stored text that cannot be read is never overwritten: before the first save over
//!   it, it is copied to `<key>.unreadable`, and if even that fails, nothing is saved
//!   and the user is told, with the work kept in the page.
//! - A failed save (quota full, storage disabled) is shown in the toolbar; the
//!   document stays in memory and the next change tries again.

use std::cell::RefCell;
use std::time::Duration;

use leptos::prelude::*;
use okrpad_core::edit::History;
use okrpad_core::formats::file;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::model::Document;
use okrpad_core::model::library::Library;

use crate::app::AppState;
use crate::app::SaveState;
use crate::app::Ui;
use crate::browser::platform;

pub const LIBRARY_KEY: &str = "okrpad.library.v1";
pub const LANG_KEY: &str = "okrpad.lang";
/// The single-document layout of the first release, migrated on sight.
pub const LEGACY_DOCUMENT_KEY: &str = "okrpad.document.v1";
pub const LEGACY_HISTORY_KEY: &str = "okrpad.history.v1";

pub fn document_key(id: &str) -> String {
    format!("okrpad.doc.{id}")
}

pub fn history_key(id: &str) -> String {
    format!("okrpad.history.{id}")
}

/// How long a change waits for the next one before it is saved.
const SAVE_DELAY: Duration = Duration::from_millis(250);

pub const ME_KEY: &str = "okrpad.me.v1";

/// The name the user gave as theirs, empty when none (or storage is unavailable).
pub fn load_me() -> String {
    platform::load(ME_KEY).ok().flatten().unwrap_or_default()
}

/// Remembers the user's name; a failure only means it is asked again next time.
pub fn save_me(name: &str) {
    let _ = platform::save(ME_KEY, name.trim());
}

pub fn load_lang() -> Lang {
    match platform::load(LANG_KEY) {
        Ok(Some(code)) if code == "zh" => Lang::Zh,
        Ok(Some(code)) if code == "en" => Lang::En,
        _ => platform::browser_lang(),
    }
}

/// What was found in storage at start-up.
pub struct Loaded {
    pub library: Library,
    /// The open document; `None` when there is none usable (the app shows the sample).
    pub document: Option<Document>,
    pub history: History,
    pub save_state: SaveState,
    /// Something the user must know about what was stored.
    pub notice: Option<Text>,
    /// Stored text that could not be read, offered to the user as a download.
    pub unreadable: Option<String>,
}

thread_local! {
    /// Unreadable text found in storage, with its key, until it has been backed up.
    static UNREADABLE: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
    /// The pending save, so a newer change can replace it.
    static PENDING: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    /// A fingerprint of the open document's stored text as this tab last read or wrote
    /// it: if storage holds anything else at save time, another tab wrote it.
    static LAST_SYNCED: RefCell<Option<u64>> = const { RefCell::new(None) };
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn synced(text: Option<&str>) {
    LAST_SYNCED.with(|l| *l.borrow_mut() = text.map(fingerprint));
}

fn unreadable_notice(reason: &Text) -> Text {
    Text::new(
        format!("{}{}（{}）", Ui::StoredDocumentUnreadable.get(Lang::Zh), Ui::ShowingSample.get(Lang::Zh), reason.zh),
        format!("{} {} ({})", Ui::StoredDocumentUnreadable.get(Lang::En), Ui::ShowingSample.get(Lang::En), reason.en),
    )
}

/// Reads the library (migrating the first layout) and opens its current document.
pub fn start() -> Loaded {
    let mut loaded = Loaded {
        library: Library::default(),
        document: None,
        history: History::default(),
        save_state: SaveState::Saved,
        notice: None,
        unreadable: None,
    };
    match platform::load(LIBRARY_KEY) {
        Err(error) => {
            let message = error.message();
            loaded.save_state = SaveState::Failed(message.clone());
            loaded.notice = Some(message);
            return loaded;
        }
        Ok(Some(text)) => match serde_json::from_str::<Library>(&text) {
            Ok(library) => loaded.library = library,
            Err(_) => {
                // Kept for the user (and written aside before the next save).
                loaded.unreadable = Some(text.clone());
                UNREADABLE.with(|u| *u.borrow_mut() = Some((LIBRARY_KEY.to_owned(), text)));
            }
        },
        Ok(None) => {
            migrate_first_layout(&mut loaded.library);
            if loaded.library.documents.is_empty() {
                // Not moved (storage full?): open it from where it is, this visit.
                if let Ok(Some(text)) = platform::load(LEGACY_DOCUMENT_KEY)
                    && let Ok(document) = file::parse(&text)
                {
                    loaded.document = Some(document);
                }
                return loaded;
            }
        }
    }
    let current = loaded.library.current.clone().or_else(|| loaded.library.documents.first().map(|e| e.id.clone()));
    let Some(id) = current else { return loaded };
    loaded.library.current = Some(id.clone());
    match read_document(&id) {
        Ok(Some((document, history))) => {
            loaded.document = Some(document);
            loaded.history = history;
        }
        Ok(None) => {}
        Err(notice) => {
            loaded.notice = Some(notice);
            loaded.unreadable = UNREADABLE.with(|u| u.borrow().as_ref().map(|(_, text)| text.clone()));
        }
    }
    loaded
}

/// Moves the single stored document of the first release into the library.
fn migrate_first_layout(library: &mut Library) {
    let Ok(Some(text)) = platform::load(LEGACY_DOCUMENT_KEY) else { return };
    let title = file::parse(&text).map(|d| d.title).unwrap_or_default();
    let id = library.add(&title);
    let history = platform::load(LEGACY_HISTORY_KEY).ok().flatten().unwrap_or_default();
    let copied = platform::save(&document_key(&id), &text).is_ok()
        && platform::save(&history_key(&id), &history).is_ok()
        && serde_json::to_string(&*library).is_ok_and(|l| platform::save(LIBRARY_KEY, &l).is_ok());
    if copied {
        platform::remove(LEGACY_DOCUMENT_KEY);
        platform::remove(LEGACY_HISTORY_KEY);
    } else {
        // Could not copy (storage full?): keep reading the old key this visit.
        *library = Library::default();
    }
}

/// The document stored under `id` with its history; `Ok(None)` when there is none;
/// `Err` with a notice when it cannot be read (its text is then kept for backup).
fn read_document(id: &str) -> Result<Option<(Document, History)>, Text> {
    let key = document_key(id);
    let text = match platform::load(&key) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(None),
        Err(error) => return Err(error.message()),
    };
    match file::parse(&text) {
        Ok(document) => {
            synced(Some(&text));
            // A history that does not read back is only a convenience lost.
            let history = platform::load(&history_key(id))
                .ok()
                .flatten()
                .and_then(|h| serde_json::from_str(&h).ok())
                .unwrap_or_default();
            Ok(Some((document, history)))
        }
        Err(error) => {
            UNREADABLE.with(|u| *u.borrow_mut() = Some((key, text)));
            Err(unreadable_notice(&error.message()))
        }
    }
}

/// Saves the document a moment from now, replacing a save already waiting. A document
/// opened read-only (from a URL) is never saved over the user's own.
pub fn schedule_save(state: AppState) {
    if state.sync.read_only.with_untracked(Option::is_some) {
        return;
    }
    state.save_state.set(SaveState::Pending);
    cancel_pending();
    match set_timeout_with_handle(move || save_now(state), SAVE_DELAY) {
        Ok(handle) => PENDING.with(|p| *p.borrow_mut() = Some(handle)),
        // No timer (should not happen in a browser): save right away instead.
        Err(_) => save_now(state),
    }
}

fn cancel_pending() -> bool {
    PENDING.with(|p| p.borrow_mut().take().map(|handle| handle.clear()).is_some())
}

/// Saves at once if a save is waiting (before switching documents).
pub fn flush(state: AppState) {
    if cancel_pending() {
        save_now(state);
    }
}

/// Writes the open document, its history and the library, unless another tab has
/// written the same document since this one read it: then nothing is written and the
/// user chooses (see [`crate::sync::OtherTabDialog`]).
pub fn save_now(state: AppState) {
    PENDING.with(|p| p.borrow_mut().take());
    if state.sync.read_only.with_untracked(Option::is_some) {
        return;
    }
    if changed_elsewhere(state) {
        state.sync.other_tab.set(true);
        state.save_state.set(SaveState::Failed(other_tab_notice()));
        return;
    }
    let result = keep_unreadable().and_then(|()| {
        let title = state.document.with_untracked(|d| d.title.clone());
        let mut id = None;
        state.library.update(|library| {
            let current = match library.current.clone().filter(|c| library.contains(c)) {
                Some(current) => current,
                None => library.add(&title),
            };
            library.set_title(&current, &title);
            id = Some(current);
        });
        let id = id.unwrap_or_default();
        let text = state.document.with_untracked(file::to_json);
        platform::save(&document_key(&id), &text).map_err(|e| e.message())?;
        synced(Some(&text));
        let library = state.library.with_untracked(|l| serde_json::to_string(l).unwrap_or_default());
        platform::save(LIBRARY_KEY, &library).map_err(|e| e.message())?;
        Ok(id)
    });
    match result {
        Ok(id) => {
            // The history is a convenience: if it does not fit, drop it rather than the document.
            let history = state.history.with_untracked(|h| serde_json::to_string(h).unwrap_or_default());
            if platform::save(&history_key(&id), &history).is_err() {
                platform::remove(&history_key(&id));
            }
            state.save_state.set(SaveState::Saved);
        }
        Err(reason) => state.save_state.set(SaveState::Failed(reason)),
    }
}

fn other_tab_notice() -> Text {
    Text::new(
        "未保存：这份文档刚在另一个标签页中被修改。请选择保留哪一方。",
        "Not saved: this document was just changed in another tab. Choose which version to keep.",
    )
}

/// Whether the open document's stored text differs from what this tab last read or
/// wrote, i.e. another tab saved it in between.
fn changed_elsewhere(state: AppState) -> bool {
    let Some(id) = state.library.with_untracked(|l| l.current.clone()) else { return false };
    let Some(last) = LAST_SYNCED.with(|l| *l.borrow()) else { return false };
    match platform::load(&document_key(&id)) {
        Ok(Some(stored)) => fingerprint(&stored) != last,
        _ => false,
    }
}

/// The open document as another tab stored it, with its history, if it reads.
pub fn stored_version(state: AppState) -> Option<(Document, History)> {
    let id = state.library.with_untracked(|l| l.current.clone())?;
    let text = platform::load(&document_key(&id)).ok()??;
    let document = file::parse(&text).ok()?;
    let history = platform::load(&history_key(&id))
        .ok()
        .flatten()
        .and_then(|h| serde_json::from_str(&h).ok())
        .unwrap_or_default();
    Some((document, history))
}

/// Takes over the version another tab stored, dropping this tab's unsaved change.
pub fn take_stored(state: AppState) {
    cancel_pending();
    if let Some(id) = state.library.with_untracked(|l| l.current.clone())
        && let Ok(Some((document, history))) = read_document(&id)
    {
        state.document.set(document);
        state.history.set(history);
        state.pristine_sample.set(false);
    }
    state.sync.other_tab.set(false);
    state.save_state.set(SaveState::Saved);
}

/// Counts what another tab stored as seen, so this tab's next save may replace it.
fn accept_stored(state: AppState) {
    if let Some(id) = state.library.with_untracked(|l| l.current.clone())
        && let Ok(Some(text)) = platform::load(&document_key(&id))
    {
        synced(Some(&text));
    }
    state.sync.other_tab.set(false);
}

/// Writes this tab's version over the one another tab stored (the user chose so).
pub fn overwrite_stored(state: AppState) {
    accept_stored(state);
    save_now(state);
}

/// Puts `merged`, this tab's version with another tab's merged in, in place of both,
/// as one undoable step.
pub fn adopt_merge(state: AppState, merged: Document) {
    accept_stored(state);
    state.perform(vec![okrpad_core::edit::Edit::Replace { document: Box::new(merged) }], None);
}

/// Saves what is waiting as soon as the page is hidden or left: a tab closed within
/// the save delay of the last keystroke must not lose it.
pub fn save_on_leave(state: AppState) {
    let hide = window_event_listener(leptos::ev::pagehide, move |_| flush(state));
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| flush(state));
    on_cleanup(move || {
        hide.remove();
        hidden.remove();
    });
}

/// Follows what other tabs of okrpad write: the list of documents, and the open
/// document, which is taken over at once when this tab has nothing unsaved, and
/// otherwise offered as a choice rather than overwritten.
pub fn follow_other_tabs(state: AppState) {
    let handle = window_event_listener(leptos::ev::storage, move |ev| {
        let Some(key) = ev.key() else { return };
        if key == LIBRARY_KEY {
            if let Some(library) = ev.new_value().and_then(|t| serde_json::from_str::<Library>(&t).ok()) {
                state.library.update(|l| {
                    let current = l.current.clone();
                    *l = library;
                    l.current = current;
                });
            }
            return;
        }
        let current = state.library.with_untracked(|l| l.current.clone());
        let open_here = current.is_some_and(|id| key == document_key(&id))
            && !state.pristine_sample.get_untracked()
            && state.sync.read_only.with_untracked(Option::is_none);
        if !open_here || ev.new_value().is_none() {
            return;
        }
        if PENDING.with(|p| p.borrow().is_some()) || state.sync.other_tab.get_untracked() {
            state.sync.other_tab.set(true);
        } else {
            take_stored(state);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Copies unreadable stored text to `<key>.unreadable` before the first save over it.
fn keep_unreadable() -> Result<(), Text> {
    let Some((key, text)) = UNREADABLE.with(|u| u.borrow().clone()) else { return Ok(()) };
    match platform::save(&format!("{key}.unreadable"), &text) {
        Ok(()) => {
            UNREADABLE.with(|u| *u.borrow_mut() = None);
            Ok(())
        }
        Err(_) => Err(Text::new(
            "未保存：无法先备份本地那份无法读取的数据，为免覆盖它，修改只保存在此页面中。",
            "Not saved: the unreadable data in this browser could not be backed up first, so to avoid overwriting it, changes live only in this page.",
        )),
    }
}

/// Opens the stored document `id` (saving the open one first).
pub fn open(state: AppState, id: &str) {
    flush(state);
    match read_document(id) {
        Ok(Some((document, history))) => {
            state.document.set(document);
            state.history.set(history);
        }
        Ok(None) => {
            synced(None);
            state.document.set(Document::default());
            state.history.set(History::default());
        }
        Err(notice) => {
            synced(None);
            state.document.set(Document::default());
            state.history.set(History::default());
            state.banner.set(Some(notice));
        }
    }
    state.pristine_sample.set(false);
    state.views.reset_flags();
    state.library.update(|l| l.current = Some(id.to_owned()));
    let library = state.library.with_untracked(|l| serde_json::to_string(l).unwrap_or_default());
    if let Err(error) = platform::save(LIBRARY_KEY, &library) {
        state.save_state.set(SaveState::Failed(error.message()));
    }
}

/// Stores `document` as a new document and opens it.
pub fn create(state: AppState, document: Document) {
    flush(state);
    synced(None);
    state.library.update(|l| {
        l.add(&document.title);
    });
    state.document.set(document);
    state.history.set(History::default());
    state.pristine_sample.set(false);
    state.views.reset_flags();
    save_now(state);
}

/// Deletes the stored document `id`; opens the next one, or the sample if none is left.
pub fn delete(state: AppState, id: &str) {
    cancel_pending();
    let mut next = None;
    state.library.update(|l| next = l.remove(id));
    platform::remove(&document_key(id));
    platform::remove(&history_key(id));
    let library = state.library.with_untracked(|l| serde_json::to_string(l).unwrap_or_default());
    let _ = platform::save(LIBRARY_KEY, &library);
    match next {
        Some(next) => open(state, &next),
        None => {
            state.document.set(okrpad_core::content::sample::sample(state.lang.get_untracked(), state.today));
            state.history.set(History::default());
            state.pristine_sample.set(true);
            state.views.reset_flags();
            state.save_state.set(SaveState::Saved);
        }
    }
}
