//! One replica of a live document: the Yrs document, presence, and undo of own changes.

use std::collections::HashSet;
use std::sync::Arc;

use okrpad_core::model::Document;
use yrs::sync::Awareness;
use yrs::undo::Options;
use yrs::updates::decoder::Decode;
use yrs::{Origin, ReadTxn, StateVector, Transact, UndoManager, Update};

use crate::LiveError;
use crate::mapping::{self, Mode, Roots};
use crate::protocol::check_size;

/// Milliseconds since some fixed moment: presence's timestamps and the grouping of undo
/// steps. Given by the caller because wasm32 has no clock of its own (the browser's
/// `Date.now()`, the CLI's system clock, a counter in tests).
pub trait Clock: Fn() -> u64 + Send + Sync + 'static {}
impl<F: Fn() -> u64 + Send + Sync + 'static> Clock for F {}

/// The origin of this replica's own transactions: what the undo manager tracks.
/// Updates from the relay are applied without it, so undo never reverts a colleague.
const LOCAL: &str = "okrpad-local";

const BROKEN: &str = "the CRDT engine failed on it; rejoin the room";

/// One replica of a live document.
pub struct Room {
    awareness: Awareness,
    roots: Roots,
    undo: UndoManager,
    /// Yrs panicked while applying something from outside: the state may be half
    /// applied, so the replica refuses further use (see [`Room::guard`]).
    broken: bool,
}

impl Room {
    /// A new, empty replica with a random Yjs client id.
    pub fn new(clock: impl Clock) -> Room {
        Room::with_doc(yrs::Doc::new(), clock)
    }

    /// A replica with a chosen Yjs client id (tests, for reproducible runs).
    pub fn with_client_id(client_id: u64, clock: impl Clock) -> Room {
        Room::with_doc(yrs::Doc::with_client_id(client_id), clock)
    }

    fn with_doc(doc: yrs::Doc, clock: impl Clock) -> Room {
        let clock = Arc::new(clock);
        let roots = Roots::of(&doc);
        let options = Options {
            // Edits within half a second are one undo step, as typing a title is.
            capture_timeout_millis: 500,
            tracked_origins: HashSet::from([Origin::from(LOCAL)]),
            capture_transaction: None,
            timestamp: clock.clone(),
            init_undo_stack: Vec::new(),
            init_redo_stack: Vec::new(),
        };
        let mut undo = UndoManager::with_scope_and_options(&doc, &roots.document, options);
        undo.expand_scope(&roots.objectives);
        let awareness = Awareness::with_clock(doc, move || clock());
        Room { awareness, roots, undo, broken: false }
    }

    /// Makes the room's document `document` (an edit made here): only what differs is
    /// changed. Returns the Yjs update to send to the relay.
    pub fn edit(&mut self, document: &Document) -> Vec<u8> {
        self.write(document, Mode::Replace)
    }

    /// Merges `document` into the room (see [`Mode::Merge`]): `okrpad live push`.
    /// Returns the Yjs update to send to the relay.
    pub fn merge(&mut self, document: &Document) -> Vec<u8> {
        self.write(document, Mode::Merge)
    }

    fn write(&mut self, document: &Document, mode: Mode) -> Vec<u8> {
        let mut txn = self.awareness.doc().transact_mut_with(LOCAL);
        mapping::write(&mut txn, &self.roots, document, mode);
        txn.encode_update_v1()
    }

    /// The room's document, read through the core's parser.
    pub fn document(&self) -> Result<Document, LiveError> {
        let txn = self.awareness.doc().transact();
        mapping::read(&txn, &self.roots)
    }

    /// The room's document as v1 JSON text (compact), for the page, which parses it
    /// itself: not necessarily accepted by the core's parser (see [`mapping::text`]).
    pub fn text(&self) -> Result<String, LiveError> {
        let txn = self.awareness.doc().transact();
        mapping::text(&txn, &self.roots)
    }

    /// Applies a Yjs update from someone else (never undone by [`Room::undo`]).
    pub fn apply_update(&mut self, update: &[u8]) -> Result<(), LiveError> {
        check_size(update.len())?;
        self.guard(|room| {
            let update = Update::decode_v1(update).map_err(|error| LiveError::Garbage(error.to_string()))?;
            let mut txn = room.awareness.doc().transact_mut();
            txn.apply_update(update).map_err(|error| LiveError::Garbage(error.to_string()))
        })
    }

    /// Runs `apply` (which applies something from outside) so that a panic inside Yrs
    /// becomes an error. Yrs 0.25 panics on some crafted updates (an index out of
    /// bounds while integrating: found by `tests/fuzz.rs`); where panics unwind (native
    /// builds: the CLI) the replica is then marked broken and every later call refuses,
    /// so the caller rejoins from its own copy of the document, which nothing touched.
    /// Where panics abort (the app's Wasm), run the engine in a worker so that such a
    /// room kills the worker, not the page.
    pub(crate) fn guard<T>(&mut self, apply: impl FnOnce(&mut Room) -> Result<T, LiveError>) -> Result<T, LiveError> {
        if self.broken {
            return Err(LiveError::Garbage(BROKEN.to_owned()));
        }
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| apply(self))) {
            Ok(result) => result,
            Err(_) => {
                self.broken = true;
                Err(LiveError::Garbage(BROKEN.to_owned()))
            }
        }
    }

    /// The whole state as one Yjs update (to seed another replica or local storage).
    pub fn encode_state(&self) -> Vec<u8> {
        self.awareness.doc().transact().encode_state_as_update_v1(&StateVector::default())
    }

    /// Undoes this replica's last own change (a step groups edits within half a second).
    /// Returns whether there was one. A colleague's changes are never undone.
    pub fn undo(&mut self) -> bool {
        self.undo.undo_blocking()
    }

    /// Redoes what [`Room::undo`] undid.
    pub fn redo(&mut self) -> bool {
        self.undo.redo_blocking()
    }

    /// Ends the current undo step: the next edit is undone on its own.
    pub fn end_undo_step(&mut self) {
        self.undo.reset();
    }

    /// Presence (Yjs awareness) and, through it, the Yrs document.
    pub fn awareness(&self) -> &Awareness {
        &self.awareness
    }

    /// Whether the state vector of this replica equals `other`'s (the two hold the same
    /// changes).
    pub fn same_state(&self, other: &Room) -> bool {
        self.awareness.doc().transact().state_vector() == other.awareness.doc().transact().state_vector()
    }
}
