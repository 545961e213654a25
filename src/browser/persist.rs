//! Keeping documents (and their undo histories) in local storage, without ever losing
//! what is already there.
//!
//! Layout (the `v1` in a key is the storage layout's version, not the file format's;
//! the names live in [`okrpad_core::model::library`] and are documented in docs/sync.md):
//! - `okrpad.library.v1`: the list of documents and which one is open ([`Library`]);
//! - `okrpad.doc.<id>`: each document, as format v1 JSON;
//! - `okrpad.history.<id>`: its undo history, so undo works across a reload;
//! - `okrpad.lang`: the language the user chose;
//! - `okrpad.me.v1`: the user's own name, set once: who "Check in my key results"
//!   walks through, and the author of the comments they write.
//! - `<key>.unreadable` (`.unreadable.2`, …): text found under one of these keys that
//!   could not be read, set aside for the user.
//!
//! The first layout kept one document under `okrpad.document.v1`; it is moved into the
//! library on the first visit that finds it (and removed only once the copy is stored).
//!
//! - Saves are batched: a change schedules one save a short moment later, so typing a
//!   sentence into a 2,000-objective document writes it once, not per letter.
//! - **Nothing is written over text this tab has not read.** Every write of a document,
//!   a history or the list goes through [`write`], which refuses (and reports) a key
//!   whose stored text differs from what this tab last read or wrote there: another
//!   tab's save becomes a choice for the user (the sync folder's other-tab dialog),
//!   anything else a failed save. (The language, a valid `zh`/`en` another tab may
//!   have changed, is simply replaced by the user's choice; an unreadable one has been
//!   set aside first, like everything else.)
//! - The list is an index: it is rebuilt from the `okrpad.doc.*` keys present when it
//!   cannot be read, and documents it misses are listed again ([`Library::reconcile`]).
//! - Text that cannot be read (the list, a document, a history, the language) is set
//!   aside under `<key>.unreadable` as soon as it is found, before anything could
//!   replace it, and offered as a download until the user downloads or deletes it,
//!   across reloads. A document set aside leaves the list; the app opens another.
//!   If it cannot even be copied, it stays where it is, untouched, offered from memory.
//! - A failed save (quota full, storage disabled, a value that cannot be written) is
//!   shown in the toolbar; the document stays in memory and the next change tries again.

use std::cell::RefCell;
use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use okrpad_core::edit::History;
use okrpad_core::formats::file;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::model::Document;
use okrpad_core::model::library::{self as layout, Library, Recovery, document_key, history_key};
pub use okrpad_core::model::library::{LANG_KEY, LIBRARY_KEY};

use crate::app::AppState;
use crate::app::SaveState;
use crate::app::Ui;
use crate::app::Unreadable;
use crate::browser::platform;

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
    /// Stored text that could not be read, offered to the user as downloads.
    pub unreadable: Vec<Unreadable>,
}

thread_local! {
    /// A fingerprint of the text under each key as this tab last read or wrote it:
    /// [`write`] replaces only that text (or nothing).
    static SEEN: RefCell<HashMap<String, u64>> = RefCell::new(HashMap::new());
    /// The pending save, so a newer change can replace it.
    static PENDING: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
}

fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Records `text` as what this tab knows to be under `key` (`None`: nothing).
fn remember(key: &str, text: Option<&str>) {
    SEEN.with(|seen| match text {
        Some(text) => seen.borrow_mut().insert(key.to_owned(), fingerprint(text)),
        None => seen.borrow_mut().remove(key),
    });
}

/// Whether this tab has read or written exactly `stored` under `key`.
fn seen(key: &str, stored: &str) -> bool {
    SEEN.with(|seen| seen.borrow().get(key) == Some(&fingerprint(stored)))
}

/// Whether this tab has read or written anything under `key`.
fn known(key: &str) -> bool {
    SEEN.with(|seen| seen.borrow().contains_key(key))
}

/// The one way the app writes a key it owns: refused, with a reason for the user,
/// when the key holds text this tab has not read (or has changed since).
fn write(key: &str, text: &str) -> Result<(), Text> {
    if let Some(stored) = platform::load(key).map_err(|e| e.message())?
        && stored != text
        && !seen(key, &stored)
    {
        return Err(unread_notice());
    }
    platform::save(key, text).map_err(|e| e.message())?;
    remember(key, Some(text));
    Ok(())
}

fn unread_notice() -> Text {
    Ui::NotSavedTheBrowserHolds.both()
}

fn unwritable_notice() -> Text {
    Ui::NotSavedTheDataCould.both()
}

/// `value` as JSON to store; a failure is a failed save, never an empty value.
fn to_json(value: &impl serde::Serialize) -> Result<String, Text> {
    serde_json::to_string(value).map_err(|_| unwritable_notice())
}

/// Unreadable text found while reading storage, and what was recovered.
#[derive(Default)]
struct Found {
    recovery: Recovery,
    unreadable: Vec<Unreadable>,
}

impl Found {
    /// Sets aside the unreadable `text` found under `key`: copied to its
    /// `<key>.unreadable` key, then `key` is freed (a list is replaced by its rebuilt
    /// self instead). When the copy cannot be stored, `key` is left as it is and, being
    /// unread, is never written over.
    fn damaged(&mut self, key: &str, text: String) {
        self.recovery.set_aside.push(key.to_owned());
        match set_aside(key, &text) {
            Some(backup) => {
                if key == LIBRARY_KEY {
                    remember(key, Some(&text)); // kept: the rebuilt list may replace it
                } else {
                    platform::remove(key);
                    remember(key, None);
                }
                self.unreadable.push(Unreadable { key: backup, text });
            }
            None => self.unreadable.push(Unreadable { key: key.to_owned(), text }),
        }
    }

    fn notice(&self) -> Option<Text> {
        self.recovery.notice()
    }
}

/// Copies `text` to a free `<key>.unreadable` key (or finds it already there); the key.
fn set_aside(key: &str, text: &str) -> Option<String> {
    let keys = platform::keys().ok()?;
    let copies = keys.iter().filter(|k| layout::is_backup(k) && layout::backup_source(k) == key);
    if let Some(copy) = copies.into_iter().find(|k| platform::load(k).ok().flatten().as_deref() == Some(text)) {
        return Some(copy.clone());
    }
    let backup = layout::backup_key(key, |k| keys.iter().any(|taken| taken == k));
    platform::save(&backup, text).ok()?;
    Some(backup)
}

/// Every copy of unreadable text kept from this visit or an earlier one.
fn kept_copies() -> Vec<Unreadable> {
    let mut keys: Vec<String> = platform::keys()
        .unwrap_or_default()
        .into_iter()
        .filter(|k| k.starts_with("okrpad.") && layout::is_backup(k))
        .collect();
    okrpad_core::sort::sort(&mut keys);
    keys.into_iter().filter_map(|key| Some(Unreadable { text: platform::load(&key).ok()??, key })).collect()
}

/// Reads the library (migrating the first layout, rebuilding a damaged or incomplete
/// list from the stored documents) and opens its current document, or the first one
/// that reads.
pub fn start() -> Loaded {
    let mut loaded = Loaded {
        library: Library::default(),
        document: None,
        history: History::default(),
        save_state: SaveState::Saved,
        notice: None,
        unreadable: Vec::new(),
    };
    let mut found = Found::default();
    if let Ok(Some(code)) = platform::load(LANG_KEY)
        && code != "zh"
        && code != "en"
    {
        found.damaged(LANG_KEY, code);
    }
    let stored_list = match platform::load(LIBRARY_KEY) {
        Err(error) => {
            let message = error.message();
            loaded.save_state = SaveState::Failed(message.clone());
            loaded.notice = Some(message);
            return loaded;
        }
        Ok(stored) => stored,
    };
    match stored_list {
        Some(text) => match Library::parse(&text) {
            Some(library) => {
                remember(LIBRARY_KEY, Some(&text));
                loaded.library = library;
            }
            None => {
                found.recovery.list_rebuilt = true;
                found.damaged(LIBRARY_KEY, text);
            }
        },
        None => {
            migrate_first_layout(&mut loaded.library);
            if loaded.library.documents.is_empty()
                && let Ok(Some(text)) = platform::load(layout::LEGACY_DOCUMENT_KEY)
            {
                // Not moved (storage full?): open it from where it is, this visit.
                if let Ok(document) = file::parse(&text) {
                    loaded.document = Some(document);
                }
                loaded.unreadable = kept_copies();
                return loaded;
            }
        }
    }
    let before = loaded.library.clone();
    found.recovery.recovered = reconcile(&mut loaded.library, &mut found);
    // The current document, or the first one that reads: one that does not is set
    // aside and leaves the list.
    let mut candidates: Vec<String> = loaded.library.current.iter().cloned().collect();
    candidates.extend(loaded.library.documents.iter().map(|e| e.id.clone()));
    loaded.library.current = None;
    for id in candidates {
        if !loaded.library.contains(&id) {
            continue;
        }
        match read_document(&id, &mut found) {
            Ok(Some((document, history))) => {
                loaded.document = Some(document);
                loaded.history = history;
                loaded.library.current = Some(id);
                break;
            }
            Ok(None) => {
                loaded.library.current = Some(id);
                break;
            }
            Err(()) => {
                loaded.library.remove(&id);
            }
        }
    }
    if loaded.library != before
        && let Err(reason) = write_library(&mut loaded.library)
    {
        loaded.save_state = SaveState::Failed(reason);
    }
    loaded.notice = found.notice();
    loaded.unreadable = kept_copies();
    // Copies that could not be stored are offered from memory.
    loaded.unreadable.extend(found.unreadable.into_iter().filter(|u| !layout::is_backup(&u.key)));
    loaded
}

/// The ids of the documents stored.
fn stored_ids() -> Vec<String> {
    platform::keys().unwrap_or_default().iter().filter_map(|k| layout::document_id(k)).map(str::to_owned).collect()
}

/// Makes `library` list exactly the documents stored (see [`Library::reconcile`]);
/// a document it did not list that cannot be read is set aside. Returns the entries
/// added back.
fn reconcile(library: &mut Library, found: &mut Found) -> Vec<layout::Entry> {
    let ids = stored_ids();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    library.reconcile(&ids, |id| {
        let text = platform::load(&document_key(id)).ok()??;
        match file::parse(&text) {
            Ok(document) => Some(document.title),
            Err(_) => {
                found.damaged(&document_key(id), text);
                if let Ok(Some(history)) = platform::load(&history_key(id)) {
                    found.damaged(&history_key(id), history);
                }
                None
            }
        }
    })
}

/// Stores the list, made to list exactly the stored documents first (another tab may
/// have added one). A stored list that cannot be read is set aside before.
fn write_library(library: &mut Library) -> Result<(), Text> {
    let mut found = Found::default();
    if let Ok(Some(stored)) = platform::load(LIBRARY_KEY)
        && !seen(LIBRARY_KEY, &stored)
    {
        match Library::parse(&stored) {
            // Another tab's list: an index of the same documents, rebuilt below.
            Some(_) => remember(LIBRARY_KEY, Some(&stored)),
            None => found.damaged(LIBRARY_KEY, stored),
        }
    }
    let current = library.current.clone();
    reconcile(library, &mut found);
    // The open document may not be stored yet (a new, blank one).
    if let Some(current) = current
        && library.current.is_none()
        && library.contains(&current)
    {
        library.current = Some(current);
    }
    write(LIBRARY_KEY, &to_json(library)?)
}

/// Moves the single stored document of the first release into the library.
fn migrate_first_layout(library: &mut Library) {
    let Ok(Some(text)) = platform::load(layout::LEGACY_DOCUMENT_KEY) else { return };
    let title = file::parse(&text).map(|d| d.title).unwrap_or_default();
    let id = library.add(&title);
    let history = platform::load(layout::LEGACY_HISTORY_KEY).ok().flatten();
    let copied = write(&document_key(&id), &text).is_ok()
        && history.is_none_or(|h| write(&history_key(&id), &h).is_ok())
        && to_json(&*library).is_ok_and(|l| write(LIBRARY_KEY, &l).is_ok());
    if copied {
        platform::remove(layout::LEGACY_DOCUMENT_KEY);
        platform::remove(layout::LEGACY_HISTORY_KEY);
    } else {
        // Could not copy (storage full?): keep reading the old key this visit.
        *library = Library::default();
    }
}

/// The document stored under `id` with its history; `Ok(None)` when there is none.
/// Unreadable text found is set aside into `found`; `Err` when the document itself was.
fn read_document(id: &str, found: &mut Found) -> Result<Option<(Document, History)>, ()> {
    let key = document_key(id);
    let history = platform::load(&history_key(id)).ok().flatten();
    let Some(text) = platform::load(&key).ok().flatten() else {
        // A history without its document belongs to nothing this tab can show.
        if let Some(history) = history {
            found.damaged(&history_key(id), history);
        }
        remember(&key, None);
        return Ok(None);
    };
    let Ok(document) = file::parse(&text) else {
        found.damaged(&key, text);
        if let Some(history) = history {
            found.damaged(&history_key(id), history);
        }
        return Err(());
    };
    remember(&key, Some(&text));
    let history = match history {
        None => {
            remember(&history_key(id), None);
            History::default()
        }
        Some(stored) => match serde_json::from_str(&stored) {
            Ok(history) => {
                remember(&history_key(id), Some(&stored));
                history
            }
            Err(_) => {
                found.damaged(&history_key(id), stored);
                History::default()
            }
        },
    };
    Ok(Some((document, history)))
}

/// Shows what reading storage found: the notice as a banner, new copies as downloads.
fn report(state: AppState, found: Found) {
    if let Some(notice) = found.notice() {
        state.banner.set(Some(notice));
    }
    state.sync.unreadable.update(|offers| {
        for item in found.unreadable {
            if !offers.contains(&item) {
                offers.push(item);
            }
        }
    });
}

/// The user downloaded or deleted the unreadable text kept under `key`: its copy is
/// removed and it is offered no more. Text never copied stays where it was found.
pub fn dealt_with(state: AppState, key: &str) {
    if layout::is_backup(key) {
        platform::remove(key);
    }
    state.sync.unreadable.update(|offers| offers.retain(|u| u.key != key));
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
/// user chooses (the sync folder's other-tab dialog).
pub fn save_now(state: AppState) {
    PENDING.with(|p| p.borrow_mut().take());
    if state.sync.read_only.with_untracked(Option::is_some) {
        return;
    }
    match store(state) {
        Ok(()) => state.save_state.set(SaveState::Saved),
        Err(Refused::OtherTab) => {
            state.sync.other_tab.set(true);
            state.save_state.set(SaveState::Failed(other_tab_notice()));
        }
        Err(Refused::Failed(reason)) => state.save_state.set(SaveState::Failed(reason)),
    }
}

/// Why a save wrote nothing.
enum Refused {
    /// Another tab changed the open document since this one read it.
    OtherTab,
    Failed(Text),
}

fn store(state: AppState) -> Result<(), Refused> {
    // Compact: half the characters of a file's form, against the site's storage quota.
    let text = state.document.with_untracked(file::to_compact_json);
    let history = state.history.with_untracked(to_json).map_err(Refused::Failed)?;
    let title = state.document.with_untracked(|d| d.title.clone());
    let mut library = state.library.get_untracked();
    let id = match library.current.clone().filter(|c| library.contains(c)) {
        Some(current) => current,
        None => library.add(&title),
    };
    library.set_title(&id, &title);
    let key = document_key(&id);
    if let Ok(Some(stored)) = platform::load(&key)
        && stored != text
        && !seen(&key, &stored)
        && known(&key)
    {
        return Err(Refused::OtherTab);
    }
    write(&key, &text).map_err(Refused::Failed)?;
    // The history is a convenience: if it does not fit, drop this tab's own copy
    // rather than the document (a stale one would undo the wrong steps).
    if write(&history_key(&id), &history).is_err()
        && platform::load(&history_key(&id)).ok().flatten().is_some_and(|h| seen(&history_key(&id), &h))
    {
        platform::remove(&history_key(&id));
        remember(&history_key(&id), None);
    }
    let written = write_library(&mut library);
    state.library.set(library);
    written.map_err(Refused::Failed)
}

fn other_tab_notice() -> Text {
    Ui::NotSavedThisDocumentWas.both()
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
    let mut found = Found::default();
    if let Some(id) = state.library.with_untracked(|l| l.current.clone())
        && let Ok(Some((document, history))) = read_document(&id, &mut found)
    {
        state.set_document(document);
        state.history.set(history);
        state.pristine_sample.set(false);
    }
    report(state, found);
    state.sync.other_tab.set(false);
    state.save_state.set(SaveState::Saved);
}

/// Counts what another tab stored as seen, so this tab's next save may replace it.
fn accept_stored(state: AppState) {
    if let Some(id) = state.library.with_untracked(|l| l.current.clone()) {
        for key in [document_key(&id), history_key(&id)] {
            remember(&key, platform::load(&key).ok().flatten().as_deref());
        }
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
            if let Some(text) = ev.new_value()
                && let Some(library) = Library::parse(&text)
            {
                remember(LIBRARY_KEY, Some(&text));
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

/// Opens the stored document `id` (saving the open one first). One that cannot be
/// read is set aside and offered as a download; the open document stays open.
pub fn open(state: AppState, id: &str) {
    flush(state);
    let mut found = Found::default();
    match read_document(id, &mut found) {
        Ok(Some((document, history))) => {
            state.set_document(document);
            state.history.set(history);
        }
        Ok(None) => {
            state.set_document(Document::default());
            state.history.set(History::default());
        }
        Err(()) => {
            state.library.update(|l| {
                l.remove(id);
            });
            report(state, found);
            return;
        }
    }
    report(state, found);
    state.pristine_sample.set(false);
    state.views.reset_flags();
    state.library.update(|l| l.current = Some(id.to_owned()));
    save_library(state);
}

/// Stores the list as it is in `state`; a failure shows in the toolbar.
fn save_library(state: AppState) {
    let mut library = state.library.get_untracked();
    let written = write_library(&mut library);
    state.library.set(library);
    if let Err(reason) = written {
        state.save_state.set(SaveState::Failed(reason));
    }
}

/// Shows the sample, fresh and not stored (its first edit stores it as a new document).
pub fn open_sample(state: AppState) {
    flush(state);
    state.set_document(okrpad_core::content::sample::sample(state.lang.get_untracked(), state.today));
    state.history.set(History::default());
    state.pristine_sample.set(true);
    state.views.reset_flags();
    state.library.update(|l| l.current = None);
    save_library(state);
}

/// Stores `document` as a new document and opens it.
pub fn create(state: AppState, document: Document) {
    flush(state);
    state.library.update(|l| {
        l.add(&document.title);
    });
    state.set_document(document);
    state.history.set(History::default());
    state.pristine_sample.set(false);
    state.views.reset_flags();
    save_now(state);
}

/// Forgets that document `id` is live: its room record. (The engine state the live
/// worker stored for it is deleted when a worker next starts, as it is not listed.)
pub fn forget_live(id: &str) {
    platform::remove(&okrpad_core::live::storage_key(id));
}

/// The keys of every live document's record in storage (`okrpad.live.<id>.v1`).
pub fn live_keys() -> Vec<String> {
    platform::keys().unwrap_or_default().into_iter().filter(|key| okrpad_core::live::is_storage_key(key)).collect()
}

/// Deletes the stored document `id`; opens the next one, or the sample if none is left.
pub fn delete(state: AppState, id: &str) {
    cancel_pending();
    let mut next = None;
    state.library.update(|l| next = l.remove(id));
    for key in [document_key(id), history_key(id)] {
        platform::remove(&key);
        remember(&key, None);
    }
    forget_live(id);
    save_library(state);
    match next {
        Some(next) => open(state, &next),
        None => {
            open_sample(state);
            state.save_state.set(SaveState::Saved);
        }
    }
}
