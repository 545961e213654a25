//! The state of a live session as the views read it: the room, the connection, who is
//! there. `crate::live` keeps it up to date from the live worker's messages.

use leptos::prelude::*;
use okrpad_core::i18n::Text;
use okrpad_core::live::{Connection, Peer};

/// The open document's live session.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveView {
    /// The link to share (the room in its fragment).
    pub link: String,
    pub connection: Connection,
    /// Local changes the relay has not confirmed yet.
    pub pending: u32,
    pub peers: Vec<Peer>,
    /// The last thing that went wrong, in both languages.
    pub error: Option<Text>,
}

/// Live editing, provided with the app state.
#[derive(Clone, Copy)]
pub struct LiveState {
    /// The open document is live: its session.
    pub session: RwSignal<Option<LiveView>>,
    /// The Go-live dialog is showing.
    pub go_live_open: RwSignal<bool>,
    /// The name dialog is showing (a link was opened and the user has no name yet).
    pub ask_name: RwSignal<bool>,
}

impl LiveState {
    pub fn new() -> LiveState {
        LiveState { session: RwSignal::new(None), go_live_open: RwSignal::new(false), ask_name: RwSignal::new(false) }
    }

    /// Who is editing objective `id`, other than this person.
    pub fn editing(&self, id: &str) -> Vec<Peer> {
        self.session.with(|s| {
            s.as_ref().map_or_else(Vec::new, |s| {
                s.peers.iter().filter(|p| !p.me && p.presence.editing.as_deref() == Some(id)).cloned().collect()
            })
        })
    }
}

impl Default for LiveState {
    fn default() -> Self {
        LiveState::new()
    }
}
