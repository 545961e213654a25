//! Sync without a server: export and import files, paste JSON, share the document as
//! a link, open a file by URL, and live alongside other tabs.
//!
//! Everything that comes in goes through one door, [`bring_in`], and then one dialog,
//! [`IncomingDialog`]: it shows what the file or link holds and asks whether to open it
//! as a new document, replace the open one or merge into it. Nothing changes before
//! that choice, and replace and merge are single undoable steps (`Edit::Replace`), so
//! no import can cost the user their work.

mod bar;
mod incoming;
mod merge;
mod notices;
mod other_tab;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::app::AppState;
use crate::app::Incoming;
use crate::browser::persist;
use crate::browser::transfer;
use okrpad_core::formats::file;
use okrpad_core::formats::import;
use okrpad_core::formats::import::Source;

pub use bar::SyncBar;
pub use notices::SyncNotices;

/// Reads `text` and shows what it holds (or why it cannot be read) in the preview.
pub fn bring_in(s: AppState, source: Source, text: &str) {
    let name = match &source {
        Source::File(name) => Some(name.as_str()),
        _ => None,
    };
    let result = import::read(name, text, s.today);
    s.sync.incoming.set(Some(Incoming { source, result }));
}

pub(super) fn bring_in_file(s: AppState, file: web_sys::File) {
    spawn_local(async move {
        let name = file.name();
        match transfer::read_file(&file).await {
            Ok(text) => bring_in(s, Source::File(name), &text),
            Err(reason) => s.sync.incoming.set(Some(Incoming { source: Source::File(name), result: Err(reason) })),
        }
    });
}

/// Opens what the address carries: a share link in the fragment, or `?src=` a file to
/// fetch; and listens for links pasted into the address bar and files dropped on the page.
pub fn start(s: AppState) {
    open_link_in_address(s);
    if let Some(src) = transfer::query("src").filter(|src| !src.trim().is_empty()) {
        open_url(s, src);
    }
    let hash = window_event_listener(ev::hashchange, move |_| open_link_in_address(s));
    let over = window_event_listener(ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            s.sync.dragging.set(true);
        }
    });
    let leave = window_event_listener(ev::dragleave, move |ev| {
        // Leaving the window (not moving between elements) has no related target.
        if ev.related_target().is_none() {
            s.sync.dragging.set(false);
        }
    });
    let drop = window_event_listener(ev::drop, move |ev| {
        s.sync.dragging.set(false);
        let file = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
        if let Some(file) = file {
            ev.prevent_default();
            bring_in_file(s, file);
        }
    });
    on_cleanup(move || {
        hash.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });
}

fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0))
}

fn open_link_in_address(s: AppState) {
    let hash = transfer::hash();
    if hash.starts_with("#okr") {
        bring_in(s, Source::Link, &hash);
    }
}

/// Fetches `src` and shows it read-only; on failure says why and leaves everything as it was.
fn open_url(s: AppState, src: String) {
    s.sync.fetching.set(Some(src.clone()));
    spawn_local(async move {
        let result = match transfer::fetch_text(&src).await {
            Ok(text) => file::parse(&text).map_err(|e| Source::Url(src.clone()).cannot_open(&e.message())),
            Err(reason) => Err(reason),
        };
        s.sync.fetching.set(None);
        match result {
            Ok(document) => {
                persist::flush(s);
                s.sync.read_only.set(Some(src));
                s.set_document(document);
                s.history.set(Default::default());
                s.pristine_sample.set(false);
            }
            Err(reason) => s.banner.set(Some(reason)),
        }
    });
}
