//! The state of sync without a server (imports waiting for a choice, merges, links,
//! a read-only `?src=` document, other tabs), kept with the app state so that the
//! dialogs in `crate::sync` and the storage adapter read the same signals.

use leptos::prelude::*;
use okrpad_core::formats::import::Source;
use okrpad_core::i18n::Text;
use okrpad_core::merge::Merge;
use okrpad_core::model::Document;

/// Stored text that could not be read, offered to the user until they download or
/// delete it.
#[derive(Clone, Debug, PartialEq)]
pub struct Unreadable {
    /// Where it is: its `<key>.unreadable` copy, or (when no copy could be stored) the
    /// key it was found under, which nothing then writes over.
    pub key: String,
    pub text: String,
}

/// A document brought in and waiting for the user's choice, or why it could not be read.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub source: Source,
    pub result: Result<Document, Text>,
}

/// The sync dialogs and modes, provided with [`AppState`].
#[derive(Clone, Copy)]
pub struct SyncState {
    pub incoming: RwSignal<Option<Incoming>>,
    /// A merge under way: the merged document and its conflicts, resolved as "mine"
    /// until the user picks otherwise.
    pub merging: RwSignal<Option<Merge>>,
    pub share_open: RwSignal<bool>,
    pub paste_open: RwSignal<bool>,
    /// The address of a document opened by `?src=`: shown read-only, never saved over
    /// the user's own, until they save a copy.
    pub read_only: RwSignal<Option<String>>,
    /// A `?src=` fetch is under way.
    pub fetching: RwSignal<Option<String>>,
    /// Stored text that could not be read, kept for the user to download or delete.
    pub unreadable: RwSignal<Vec<Unreadable>>,
    /// Another tab saved this document while this one had unsaved changes.
    pub other_tab: RwSignal<bool>,
    /// The merge under way takes in another tab's version (the other-tab dialog).
    pub merging_other_tab: RwSignal<bool>,
    /// A file is being dragged over the page.
    pub dragging: RwSignal<bool>,
}

impl SyncState {
    pub fn new(unreadable: Vec<Unreadable>) -> SyncState {
        SyncState {
            incoming: RwSignal::new(None),
            merging: RwSignal::new(None),
            share_open: RwSignal::new(false),
            paste_open: RwSignal::new(false),
            read_only: RwSignal::new(None),
            fetching: RwSignal::new(None),
            unreadable: RwSignal::new(unreadable),
            other_tab: RwSignal::new(false),
            merging_other_tab: RwSignal::new(false),
            dragging: RwSignal::new(false),
        }
    }
}
