//! Live editing in the shell: going live, opening a room link, leaving, and keeping the
//! open document and the live worker in step. The engine (Yrs, the sync protocol)
//! runs in the worker (`crate::browser::live`); this module only moves the page's
//! document to it after each accepted edit and takes the room's document back, and
//! keeps the room's state in local storage (`okrpad.live.<id>.v1`, see
//! [`okrpad_core::live::storage_key`]) so edits made offline survive a reload.
//!
//! It reads and writes the app state (`crate::app`) and the browser adapters; the
//! state knows it only through two hooks the root sets (`save_soon`, `live_step`).

mod view;

use std::cell::RefCell;

use leptos::prelude::*;
use okrpad_core::formats::file;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::live::link::{RoomUrl, room_id};
use okrpad_core::live::{self, Connection, FromWorker, Presence, Stored, ToWorker, color_for, storage_key};
use okrpad_core::model::Document;

use crate::app::{AppState, LiveView, Ui};
use crate::browser::live::{LiveWorker, discard_early_worker, random_bytes};
use crate::browser::{persist, platform, transfer};

pub use view::{EditingMarker, GoLiveDialog, LiveBar, NameDialog};

/// The live session of the open document.
struct Active {
    worker: LiveWorker,
    /// Which start of a worker this is: a stopped worker's last messages are ignored.
    generation: u64,
    /// The stored document it belongs to.
    id: String,
    stored: Stored,
    /// The number of the last document sent to the worker.
    seq: u64,
    /// The objective being edited here, as last told.
    editing: Option<String>,
    /// The document the page had after the last thing it sent or took (v1 JSON): the
    /// base of its next edit.
    shown: String,
}

thread_local! {
    static ACTIVE: RefCell<Option<Active>> = const { RefCell::new(None) };
    /// A room link waiting for the user's name.
    static WAITING: RefCell<Option<RoomUrl>> = const { RefCell::new(None) };
    static GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

fn current_id(state: AppState) -> Option<String> {
    if state.pristine_sample.get_untracked() || state.sync.read_only.with_untracked(Option::is_some) {
        return None;
    }
    state.library.with_untracked(|l| l.current.clone())
}

fn load_stored(id: &str) -> Option<Stored> {
    platform::load(&storage_key(id)).ok().flatten().and_then(|text| Stored::parse(&text))
}

fn write_stored(id: &str, stored: &Stored) -> Result<(), Text> {
    platform::save(&storage_key(id), &stored.to_json()).map_err(|error| error.message())
}

/// Wires live editing to the app: resumes the open document's session (and follows
/// document switches), opens a room link in the address, renews presence on focus.
pub fn start(state: AppState) {
    Effect::new(move |_| {
        state.library.track();
        state.pristine_sample.track();
        let id = current_id(state);
        let active = ACTIVE.with(|a| a.borrow().as_ref().map(|a| a.id.clone()));
        if active.is_some() && active != id {
            stop(state);
        }
        if let Some(id) = id
            && active.as_ref() != Some(&id)
            && let Some(stored) = load_stored(&id)
        {
            // The page's copy holds every edit made here, even one the stored state
            // missed (the worker takes it only if it has a state: see ToWorker::Join).
            let document = state.document.with_untracked(file::to_compact_json);
            begin(state, id, stored, Some(document), false);
        }
    });
    open_link_in_address(state);
    let hash = window_event_listener(leptos::ev::hashchange, move |_| open_link_in_address(state));
    let focus = window_event_listener(leptos::ev::focusin, move |ev| {
        let objective = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .and_then(|e| e.closest("[data-objective-id]").ok().flatten())
            .and_then(|e| e.get_attribute("data-objective-id"));
        editing(objective);
    });
    on_cleanup(move || {
        hash.remove();
        focus.remove();
    });
}

fn editing(objective: Option<String>) {
    ACTIVE.with(|a| {
        if let Some(active) = a.borrow_mut().as_mut()
            && active.editing != objective
        {
            active.editing = objective.clone();
            active.worker.post(&live::write(&ToWorker::Editing { objective }));
        }
    });
}

fn open_link_in_address(state: AppState) {
    let hash = transfer::hash();
    if !hash.contains("live=") {
        return;
    }
    match RoomUrl::parse(&hash) {
        Ok(url) => {
            transfer::clear_address();
            if persist::load_me().trim().is_empty() {
                WAITING.with(|w| *w.borrow_mut() = Some(url));
                state.live.ask_name.set(true);
            } else {
                join_link(state, url);
            }
        }
        Err(error) => {
            discard_early_worker();
            state.banner.set(Some(error.message()));
        }
    }
}

/// The user gave their name (remembered), or closed the name dialog (`None`: they join
/// as a guest and are asked again next time): the room shows it at once, and the
/// room link waiting for it opens.
pub fn name_given(state: AppState, name: Option<&str>) {
    if let Some(name) = name.filter(|n| !n.trim().is_empty()) {
        persist::save_me(name);
        let name = name.trim().to_owned();
        ACTIVE.with(|a| {
            if let Some(active) = a.borrow().as_ref() {
                active.worker.post(&live::write(&ToWorker::Rename { name }));
            }
        });
    }
    state.live.ask_name.set(false);
    if let Some(url) = WAITING.with(|w| w.borrow_mut().take()) {
        join_link(state, url);
    }
}

/// Opens a room: the stored document already in it, or a new one of the user's list.
fn join_link(state: AppState, url: RoomUrl) {
    let known = state.library.with_untracked(|l| {
        l.documents.iter().map(|e| e.id.clone()).find(|id| {
            load_stored(id).is_some_and(|s| s.room == url.room && s.relay.trim_end_matches('/') == url.relay)
        })
    });
    if let Some(id) = known {
        if current_id(state).as_ref() != Some(&id) {
            persist::open(state, &id);
        }
        return;
    }
    stop(state);
    persist::create(
        state,
        Document { title: Ui::LiveDocument.get(state.lang.get_untracked()).to_owned(), ..Document::default() },
    );
    let Some(id) = current_id(state) else { return };
    let stored = Stored { relay: url.relay, room: url.room, state: String::new(), pending: 0 };
    if let Err(error) = write_stored(&id, &stored) {
        state.banner.set(Some(error));
        return;
    }
    begin(state, id, stored, None, false);
}

/// Puts the open document in a new room on `relay`; returns the link to share.
pub fn go_live(state: AppState, relay: &str) -> Result<String, Text> {
    let random = random_bytes().ok_or_else(|| Ui::RelayNeeded.both())?;
    let url = RoomUrl::parse(&format!("{}/{}", relay.trim().trim_end_matches('/'), room_id(random)))
        .map_err(|error| error.message())?;
    if current_id(state).is_none() {
        // The sample (or a read-only document) becomes a stored document first.
        let document = state.document.get_untracked();
        persist::create(state, document);
    } else {
        persist::flush(state);
    }
    let id = current_id(state).ok_or_else(|| Ui::NotSavedTheBrowserHolds.both())?;
    stop(state);
    let stored = Stored { relay: url.relay.clone(), room: url.room.clone(), state: String::new(), pending: 0 };
    write_stored(&id, &stored)?;
    let document = state.document.with_untracked(file::to_compact_json);
    begin(state, id, stored, Some(document), true);
    Ok(url.app_link(&transfer::page_base()))
}

fn me(lang: Lang) -> Presence {
    let name = persist::load_me();
    let color = color_for(random_bytes().map_or(0, |b| b[0])).to_owned();
    Presence { name: if name.trim().is_empty() { Ui::Guest.get(lang).to_owned() } else { name }, color, editing: None }
}

/// Starts the worker for live document `id`; `document` seeds the room if `seed`.
fn begin(state: AppState, id: String, stored: Stored, document: Option<String>, seed: bool) {
    let link = RoomUrl { relay: stored.relay.clone(), room: stored.room.clone() }.app_link(&transfer::page_base());
    let generation = GENERATION.with(|g| {
        g.set(g.get() + 1);
        g.get()
    });
    let mine = move || ACTIVE.with(|a| a.borrow().as_ref().is_some_and(|a| a.generation == generation));
    let worker = LiveWorker::start(
        move |message| {
            if mine() {
                receive(state, message);
            }
        },
        move || {
            if mine() {
                crashed(state);
            }
        },
    );
    let worker = match worker {
        Ok(worker) => worker,
        Err(error) => {
            state.banner.set(Some(error));
            return;
        }
    };
    crate::browser::offline::keep_live_worker();
    worker.post(&live::write(&ToWorker::Join {
        relay: stored.relay.clone(),
        room: stored.room.clone(),
        key: storage_key(&id),
        state: stored.state.clone(),
        pending: stored.pending,
        document,
        seed,
        live_keys: persist::live_keys(),
        me: me(state.lang.get_untracked()),
    }));
    let pending = stored.pending;
    let shown = state.document.with_untracked(file::to_compact_json);
    // The state went to the worker; the record is written without it from now on.
    let stored = Stored { state: String::new(), ..stored };
    ACTIVE.with(|a| *a.borrow_mut() = Some(Active { worker, generation, id, stored, seq: 0, editing: None, shown }));
    state.live.session.set(Some(LiveView {
        link,
        connection: Connection::Connecting,
        pending,
        peers: Vec::new(),
        error: None,
    }));
}

fn crashed(state: AppState) {
    state.live.session.update(|s| {
        if let Some(s) = s {
            s.connection = Connection::Offline;
            s.error = Some(Text::new(
                "实时协作引擎停止了（中继服务器发来的数据无法处理）。本地文档未受影响；重新加载页面即可重新加入。",
                "The live editing engine stopped (the relay sent something it could not handle). The local document is untouched; reload the page to rejoin.",
            ));
        }
    });
}

fn receive(state: AppState, message: FromWorker) {
    match message {
        FromWorker::Document { seq, document: text } => {
            // A document that misses a newer local edit is not shown: the worker sends
            // the merged one once that edit arrives.
            if !ACTIVE.with(|a| a.borrow().as_ref().is_some_and(|a| a.seq == seq)) {
                return;
            }
            // The worker has not parsed it (FromWorker::Document): what the core
            // refuses is said here, and the local document stays as it is.
            match file::parse(&text) {
                Ok(document) => {
                    // What the next local edit is based on (ToWorker::Local's `base`).
                    ACTIVE.with(|a| {
                        if let Some(active) = a.borrow_mut().as_mut() {
                            active.shown = text;
                        }
                    });
                    if state.document.with_untracked(|d| d != &document) {
                        state.set_document(document);
                        state.pristine_sample.set(false);
                        persist::schedule_save(state);
                    }
                }
                Err(error) => set_error(state, live::not_a_document(&error)),
            }
        }
        FromWorker::Status { connection, pending } => state.live.session.update(|s| {
            if let Some(s) = s {
                // Connected again: what went wrong with the connection is over. Only on
                // the change, so a message sent after it (a room that is not a document)
                // stays while the room is connected.
                if connection == Connection::Connected && s.connection != Connection::Connected {
                    s.error = None;
                }
                s.connection = connection;
                s.pending = pending;
            }
        }),
        FromWorker::Peers { peers } => state.live.session.update(|s| {
            if let Some(s) = s {
                s.peers = peers;
            }
        }),
        FromWorker::State { state: engine, pending } => {
            // The worker stores its state itself (IndexedDB) and says so with an empty
            // state; where it cannot, the state comes here and the record keeps it.
            let failed = ACTIVE.with(|a| {
                let a = a.borrow();
                let active = a.as_ref()?;
                write_stored(&active.id, &Stored { state: engine, pending, ..active.stored.clone() }).err()
            });
            if let Some(error) = failed {
                set_error(state, error);
            }
        }
        FromWorker::Error { zh, en } => set_error(state, Text::new(zh, en)),
    }
}

fn set_error(state: AppState, error: Text) {
    state.live.session.update(|s| {
        if let Some(s) = s {
            s.error = Some(error);
        }
    });
}

/// After every accepted edit, undo and redo (the root's `save_soon`): the page's
/// document goes to the worker, which writes what changed into the room.
pub fn shared(state: AppState) {
    let Some(id) = current_id(state) else { return };
    ACTIVE.with(|a| {
        if let Some(active) = a.borrow_mut().as_mut()
            && active.id == id
        {
            active.seq += 1;
            let document = state.document.with_untracked(file::to_compact_json);
            let base = std::mem::replace(&mut active.shown, document.clone());
            active.worker.post(&live::write(&ToWorker::Local { seq: active.seq, base, document }));
        }
    });
}

/// Undo (or redo) on a live document: this person's own last change, in the room.
/// Returns whether the open document is live.
pub fn step(state: AppState, redo: bool) -> bool {
    let Some(id) = current_id(state) else { return false };
    ACTIVE.with(|a| {
        let a = a.borrow();
        let Some(active) = a.as_ref().filter(|a| a.id == id) else { return false };
        active.worker.post(&live::write(if redo { &ToWorker::Redo } else { &ToWorker::Undo }));
        true
    })
}

/// Stops the session (the document stays live: it resumes when opened again).
fn stop(state: AppState) {
    if let Some(active) = ACTIVE.with(|a| a.borrow_mut().take()) {
        active.worker.post(&live::write(&ToWorker::Leave));
        // Give the worker a moment to say goodbye to the room, then stop it.
        set_timeout(move || drop(active), std::time::Duration::from_millis(300));
    }
    state.live.session.set(None);
}

/// Leaves the room: the document stays in the list as a local copy.
pub fn leave(state: AppState) {
    if let Some(id) = ACTIVE.with(|a| {
        let a = a.borrow();
        let active = a.as_ref()?;
        active.worker.post(&live::write(&ToWorker::Forget));
        Some(active.id.clone())
    }) {
        persist::forget_live(&id);
    }
    stop(state);
    state.toast.set(Some(Ui::LeftRoom));
}
