//! A live session as the worker runs it, without the WebSocket: what to send to the
//! relay and to the page for each thing that happens (the page's edit, a frame from the
//! relay, the connection opening or closing). Pure, so it is tested natively against a
//! relay simulated in memory; the worker (crates/live-worker) only moves bytes.
//!
//! # Confirmed changes
//!
//! The relay handles a connection's messages in order and answers every sync step 1
//! with a step 2. So after sending local changes (an update, or the step 2 that answers
//! the relay's step 1 after a reconnect) the session sends a step 1 of its own, a
//! *probe*, and notes how many local changes had been made then. When the answer comes,
//! those are held by the relay. `pending` is the number of local changes not yet
//! confirmed: what the page shows as "N changes waiting".
//!
//! # Remote documents and typing
//!
//! Each document the page sends is numbered (`seq`). A document sent to the page names
//! the last local one it includes; the page takes it only if it has sent nothing newer
//! since (its own keystroke would otherwise be undone on screen for a moment, and
//! lost). When remote changes arrived in between, the session answers that newer local
//! document with the merged one.

use std::collections::VecDeque;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use okrpad_core::formats::file;
use okrpad_core::live::{Connection, FromWorker, Peer, Presence};
use okrpad_core::model::Document;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::{Clock, LiveError, Room, protocol};

/// What one step of the session produced.
#[derive(Debug, Default)]
pub struct Out {
    /// Frames for the relay, in order (only produced while connected).
    pub frames: Vec<Vec<u8>>,
    /// Messages for the page.
    pub messages: Vec<FromWorker>,
    /// The engine's state changed: store it soon ([`Session::stored_state`]).
    pub changed: bool,
}

/// One replica in a room, and what it knows of the relay.
pub struct Session {
    room: Room,
    /// The last local document applied.
    seq: u64,
    /// Local changes made, and how many of them the relay confirmed.
    made: u32,
    confirmed: u32,
    /// For each probe sent and not answered, the changes made when it was sent.
    probes: VecDeque<u32>,
    connected: bool,
    synced: bool,
    /// Connections closed since the last completed sync (see [`Session::closed`]).
    failures: usize,
    /// Remote changes arrived since the last local document.
    remote_since_local: bool,
    /// The last presence list sent to the page.
    peers: Vec<Peer>,
    me: Presence,
    clock: std::sync::Arc<dyn Fn() -> u64 + Send + Sync>,
    /// Set by every transaction that changed the document (a deletion included, which
    /// leaves the state vector as it was); read and cleared after each frame.
    touched: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// Whether the room is shown this person: not in a [`Session::prepare`]d session
    /// until [`Session::introduce`].
    present: bool,
}

/// Pauses before reconnecting, in milliseconds: the next after each failure, up to the
/// last.
pub const BACKOFF_MS: [u32; 6] = [250, 500, 1000, 2000, 4000, 8000];

/// After this many failures in a row the page says "offline" rather than
/// "reconnecting".
const FAILURES_OFFLINE: usize = 2;

/// The key of the observer that sets [`Session::touched`].
const TOUCHED: &str = "okrpad-touched";

/// The length of an update that changes nothing (no items, an empty delete set).
const EMPTY_UPDATE: usize = 2;

/// A presence not renewed for this long is gone (Yjs's own timeout): its tab closed
/// without a goodbye, or while this one was offline.
const PRESENCE_TIMEOUT_MS: u64 = 30_000;

impl Session {
    /// A session from the stored engine state (a Yjs update; empty for none), with `pending`
    /// changes unconfirmed, and the page's own copy of the document written in as a
    /// local edit (the document going live, or what the page had stored).
    pub fn join(
        state: &[u8],
        pending: u32,
        document: Option<&str>,
        me: Presence,
        clock: impl Clock,
    ) -> Result<(Session, Out), LiveError> {
        let mut session = Session::empty(me, true, clock);
        if !state.is_empty() {
            session.room.apply_update(state)?;
        }
        session.made = pending;
        let mut out = Out::default();
        if let Some(text) = document {
            let document = file::parse(text).map_err(LiveError::NotADocument)?;
            if session.write(&document).is_some() {
                session.made += 1;
                out.changed = true;
            }
        }
        if !state.is_empty() && document.is_none() {
            session.send_document(&mut out);
        }
        Ok((session, out))
    }

    /// A session with an empty room, showing the room this person if `present`.
    fn empty(me: Presence, present: bool, clock: impl Clock) -> Session {
        let clock = std::sync::Arc::new(clock);
        let shared = clock.clone();
        let room = Room::new(move || shared());
        if present {
            let _ = room.awareness().set_local_state(&me);
        }
        let touched = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = touched.clone();
        // Yrs's update event would say the same, but encodes each transaction's update for
        // it: the whole room (5.8 MB at 2,000 objectives) on joining, for one flag. This is
        // the test it makes first. (Kept as long as the document, which the session owns.)
        let _ = room.awareness().doc().observe_after_transaction_with(TOUCHED, move |txn| {
            if !txn.delete_set().is_empty() || txn.after_state() != txn.before_state() {
                flag.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        });
        Session {
            room,
            seq: 0,
            made: 0,
            confirmed: 0,
            probes: VecDeque::new(),
            connected: false,
            synced: false,
            failures: 0,
            remote_since_local: false,
            peers: Vec::new(),
            me,
            clock,
            touched,
            present,
        }
    }

    /// A session started before the page asked ([`okrpad_core::live::ToWorker::Prepare`]):
    /// a link being opened, with no presence until [`Session::introduce`] gives one, so
    /// the room never sees a person without the name they are still being asked for.
    pub fn prepare(clock: impl Clock) -> Session {
        Session::empty(Presence::default(), false, clock)
    }

    /// This person, in a session that was [`Session::prepare`]d: shown to the room from
    /// now on.
    pub fn introduce(&mut self, me: Presence) -> Out {
        self.me = me;
        self.present = true;
        self.presence_changed()
    }

    fn state_vector(&self) -> StateVector {
        self.room.awareness().doc().transact().state_vector()
    }

    /// Writes `document` into the room as a local edit; returns the update, if it
    /// changed anything. (Not the state vector: a deletion adds no item, so it leaves
    /// the state vector as it was.)
    fn write(&mut self, document: &Document) -> Option<Vec<u8>> {
        let update = self.room.edit(document);
        (update.len() > EMPTY_UPDATE).then_some(update)
    }

    /// Sends a local update and a probe, if connected.
    fn share(&mut self, update: Vec<u8>, out: &mut Out) {
        self.made += 1;
        out.changed = true;
        if self.connected {
            out.frames.push(protocol::update(update));
            self.probe(out);
        }
        out.messages.push(self.status());
    }

    fn probe(&mut self, out: &mut Out) {
        let state = self.state_vector();
        out.frames.push(Message::Sync(SyncMessage::SyncStep1(state)).encode_v1());
        self.probes.push_back(self.made);
    }

    fn send_document(&mut self, out: &mut Out) {
        // The page parses it, and says so if the core refuses it (FromWorker::Document).
        match self.room.text() {
            Ok(document) => out.messages.push(FromWorker::Document { seq: self.seq, document }),
            Err(LiveError::EmptyRoom) => {}
            Err(error) => out.messages.push(FromWorker::error(error.message())),
        }
    }

    /// The connection opened: the frames that start the sync.
    pub fn opened(&mut self) -> Out {
        self.connected = true;
        self.synced = false;
        self.probes.clear();
        let mut out = Out::default();
        out.frames.push(protocol::start(&self.room));
        // The answer to the start's step 1 confirms nothing new.
        self.probes.push_back(self.confirmed);
        out
    }

    /// The connection closed (or failed): probes in flight will never be answered.
    /// Returns what to tell the page and how long to wait before reconnecting.
    ///
    /// A connection counts as a failure unless a sync completed on it and nothing it
    /// sent was refused, so a relay that accepts and then drops every connection before
    /// the sync ends, or sends garbage, is retried with growing pauses, not four times a
    /// second forever.
    pub fn closed(&mut self) -> (Out, u32) {
        self.failures = if self.synced { 0 } else { self.failures + 1 };
        self.connected = false;
        self.synced = false;
        self.probes.clear();
        self.peers = self.peers();
        let pause = BACKOFF_MS[self.failures.saturating_sub(1).min(BACKOFF_MS.len() - 1)];
        let out =
            Out { messages: vec![self.status(), FromWorker::Peers { peers: self.peers.clone() }], ..Out::default() };
        (out, pause)
    }

    /// Refuses a frame of `size` bytes over [`protocol::MAX_MESSAGE_BYTES`]: the worker
    /// asks before copying a frame into its memory, so a 100 MB message never grows it.
    pub fn check_size(&mut self, size: usize) -> Result<(), LiveError> {
        protocol::check_size(size).inspect_err(|_| self.synced = false)
    }

    /// A frame from the relay. An error means the frame was refused (nothing of it
    /// applied that could damage the document): close the connection, whose sync then
    /// counts as failed.
    pub fn frame(&mut self, frame: &[u8]) -> Result<Out, LiveError> {
        self.touched.store(false, std::sync::atomic::Ordering::Relaxed);
        let received = protocol::receive(&mut self.room, frame).inspect_err(|_| self.synced = false)?;
        let was_synced = self.synced;
        let mut out = Out::default();
        let answered_step1 = !received.replies.is_empty();
        out.frames.extend(received.replies);
        if received.synced {
            if let Some(mark) = self.probes.pop_front() {
                self.confirmed = self.confirmed.max(mark).min(self.made);
            }
            self.synced = true;
        }
        // The step 2 just sent carries local changes the relay may lack: probe it.
        if answered_step1 && self.connected && self.pending() > 0 {
            self.probe(&mut out);
        }
        // The status first: the page clears the error when the connection becomes
        // connected, so what is wrong with the room is said after that, again when the
        // sync completes (the relay may have sent the room's state before its answer).
        out.messages.push(self.status());
        if self.touched.swap(false, std::sync::atomic::Ordering::Relaxed) {
            self.remote_since_local = true;
            out.changed = true;
            self.send_document(&mut out);
        } else if self.synced && !was_synced {
            match self.room.document() {
                Ok(_) | Err(LiveError::EmptyRoom) => {}
                Err(error) => out.messages.push(FromWorker::error(error.message())),
            }
        }
        let peers = self.peers();
        if peers != self.peers {
            self.peers = peers.clone();
            out.messages.push(FromWorker::Peers { peers });
        }
        Ok(out)
    }

    /// The page's document after an accepted edit (v1 JSON), and the one it edited
    /// (`base`: its previous local document, or the last remote one it took). When
    /// remote changes arrived since the last local document, the page's change is
    /// replayed on the room's document ([`crate::rebase`]) rather than written over it,
    /// and the result goes back to the page.
    pub fn local(&mut self, seq: u64, base: &str, text: &str) -> Result<Out, LiveError> {
        let mine: Document = file::parse(text).map_err(LiveError::NotADocument)?;
        self.seq = seq;
        let remote = std::mem::take(&mut self.remote_since_local);
        // The room is read (the whole document) only when someone else's edit came in
        // since the page's last one, not on every keystroke.
        let theirs = (remote && !base.is_empty()).then(|| self.room.document().ok()).flatten();
        let target = match theirs {
            Some(theirs) => replay(base, text, &theirs).unwrap_or_else(|| mine.clone()),
            None => mine.clone(),
        };
        let mut out = Out::default();
        if let Some(update) = self.write(&target) {
            self.share(update, &mut out);
        }
        if target != mine {
            self.send_document(&mut out);
        }
        Ok(out)
    }

    /// Undoes (or redoes) this replica's last own change.
    pub fn undo(&mut self, redo: bool) -> Out {
        let mut out = Out::default();
        self.room.end_undo_step();
        let before = self.state_vector();
        let done = if redo { self.room.redo() } else { self.room.undo() };
        if done {
            let update = self.room.awareness().doc().transact().encode_state_as_update_v1(&before);
            self.share(update, &mut out);
            self.send_document(&mut out);
        }
        out
    }

    /// This person now edits `objective` (or nothing).
    pub fn editing(&mut self, objective: Option<String>) -> Out {
        self.me.editing = objective;
        self.presence_changed()
    }

    /// This person now goes by `name`.
    pub fn rename(&mut self, name: String) -> Out {
        self.me.name = name;
        self.presence_changed()
    }

    /// Tells the room and the page about this person's new presence.
    fn presence_changed(&mut self) -> Out {
        let mut out = Out::default();
        if !self.present {
            return out;
        }
        let _ = self.room.awareness().set_local_state(&self.me);
        if let Some(frame) = self.presence_frame() {
            out.frames.push(frame);
        }
        let peers = self.peers();
        self.peers = peers.clone();
        out.messages.push(FromWorker::Peers { peers });
        out
    }

    /// This replica's presence, renewed (a newer clock), as a frame: the relay and the
    /// other clients forget a presence not renewed for 30 s.
    pub fn renew_presence(&mut self) -> Option<Vec<u8>> {
        if !self.present {
            return None;
        }
        let _ = self.room.awareness().set_local_state(&self.me);
        self.presence_frame()
    }

    /// This replica's presence as a frame (sent on connecting and on every change).
    pub fn presence_frame(&self) -> Option<Vec<u8>> {
        let awareness = self.room.awareness();
        let update = awareness.update_with_clients([awareness.client_id()]).ok()?;
        (self.connected && self.present).then(|| Message::Awareness(update).encode_v1())
    }

    /// Leaving: the frame that tells others this person is gone.
    pub fn leave(&mut self) -> Option<Vec<u8>> {
        self.room.awareness().clean_local_state();
        let awareness = self.room.awareness();
        let update = awareness.update_with_clients([awareness.client_id()]).ok()?;
        self.connected.then(|| Message::Awareness(update).encode_v1())
    }

    /// Everyone in the room with a presence, this person first, then by name.
    pub fn peers(&self) -> Vec<Peer> {
        let awareness = self.room.awareness();
        let mine = awareness.client_id();
        let mut peers: Vec<(bool, Peer)> = awareness
            .iter()
            .filter_map(|(client, state)| {
                let presence: Presence = serde_json::from_str(state.data.as_deref()?).ok()?;
                let me = client == mine;
                let fresh = (self.clock)().saturating_sub(state.last_updated) < PRESENCE_TIMEOUT_MS;
                (me || (self.connected && fresh)).then_some((me, Peer { presence, me }))
            })
            .collect();
        peers.sort_by(|(a, pa), (b, pb)| b.cmp(a).then_with(|| pa.presence.name.cmp(&pb.presence.name)));
        peers.into_iter().map(|(_, p)| p).collect()
    }

    /// Local changes the relay has not confirmed.
    pub fn pending(&self) -> u32 {
        self.made.saturating_sub(self.confirmed)
    }

    fn status(&self) -> FromWorker {
        let connection = if self.connected && self.synced {
            Connection::Connected
        } else if self.connected {
            Connection::Connecting
        } else if self.failures > FAILURES_OFFLINE {
            // Also after an edit made meanwhile, which used to say "reconnecting".
            Connection::Offline
        } else {
            Connection::Reconnecting
        };
        FromWorker::Status { connection, pending: self.pending() }
    }

    /// The engine's whole state, to store (a Yjs update).
    pub fn encode_state(&self) -> Vec<u8> {
        self.room.encode_state()
    }

    /// The state for the page to keep, where the worker cannot: base64 (a message is
    /// text), with the changes waiting.
    pub fn stored_state(&self) -> FromWorker {
        FromWorker::State { state: URL_SAFE_NO_PAD.encode(self.encode_state()), pending: self.pending() }
    }

    /// A state the page kept ([`Session::stored_state`]) back as bytes.
    pub fn decode_state(text: &str) -> Result<Vec<u8>, LiveError> {
        URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).map_err(|error| LiveError::Garbage(error.to_string()))
    }

    /// The room's document, if it holds one.
    pub fn document(&self) -> Result<Document, LiveError> {
        self.room.document()
    }
}

/// `theirs` with the page's change from `base` to `mine` replayed on it, if it reads
/// back as a document.
fn replay(base: &str, mine: &str, theirs: &Document) -> Option<Document> {
    let read = |text: &str| serde_json::from_str::<serde_json::Value>(text).ok();
    let merged = crate::rebase::rebase(&read(base)?, &read(mine)?, &read(&file::to_json(theirs))?);
    file::parse(&merged.to_string()).ok()
}
