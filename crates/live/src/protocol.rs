//! The Yjs sync and awareness protocol, as y-websocket speaks it, over Yrs's own `sync`
//! module: no hand-written protocol, only the glue and the limits.
//!
//! A WebSocket frame holds one or more messages. The client opens with sync step 1 (its
//! state vector); the relay answers with sync step 2 (what the client lacks) and its own
//! step 1, which the client answers with its step 2. After that both sides send updates
//! as they happen. The relay handles messages in order, so a step 2 answering a step 1
//! sent after an update proves the relay has the update ([`confirm`]).
//!
//! Limits: a frame over [`MAX_MESSAGE_BYTES`] is refused before it is decoded, so a
//! hostile or broken relay costs at most that much memory and one length comparison.

use yrs::encoding::read::{Cursor, Read};
use yrs::sync::protocol::{DefaultProtocol, MessageReader};
use yrs::sync::{Message, Protocol, SyncMessage};
use yrs::updates::decoder::DecoderV1;
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, StateVector, Transact};

use crate::{LiveError, Room};

/// The largest frame read from a relay: 32 MiB. The 2,000-objective benchmark document
/// is about 1 MB of JSON and a few MB as a Yjs state, so this leaves a wide margin while
/// keeping a hostile 100 MB frame from ever being decoded.
pub const MAX_MESSAGE_BYTES: usize = 32 * 1024 * 1024;

/// Refuses a message larger than [`MAX_MESSAGE_BYTES`] (call it before reading a frame
/// whose length is announced, too).
pub fn check_size(size: usize) -> Result<(), LiveError> {
    if size > MAX_MESSAGE_BYTES {
        return Err(LiveError::TooLarge { size, limit: MAX_MESSAGE_BYTES });
    }
    Ok(())
}

/// The first frame a client sends: sync step 1, and its presence if it has one.
pub fn start(room: &Room) -> Vec<u8> {
    let awareness = room.awareness();
    let state = awareness.doc().transact().state_vector();
    let mut frame = Message::Sync(SyncMessage::SyncStep1(state)).encode_v1();
    if awareness.local_state_raw().is_some()
        && let Ok(update) = awareness.update()
    {
        frame.extend(Message::Awareness(update).encode_v1());
    }
    frame
}

/// A frame carrying an update made here ([`Room::edit`], [`Room::merge`]).
pub fn update(update: Vec<u8>) -> Vec<u8> {
    Message::Sync(SyncMessage::Update(update)).encode_v1()
}

/// A sync step 1 with an empty state vector: the relay answers with its whole state
/// (see [`confirm`]).
pub fn ask_everything() -> Vec<u8> {
    Message::Sync(SyncMessage::SyncStep1(StateVector::default())).encode_v1()
}

/// What a frame from the relay did.
#[derive(Debug, Default)]
pub struct Received {
    /// Frames to send back (answers to the relay's step 1, awareness queries).
    pub replies: Vec<Vec<u8>>,
    /// The relay's whole answer to a step 1 arrived: the room is synced.
    pub synced: bool,
}

/// Handles one frame from the relay: applies its updates and presence, and says what to
/// answer. Garbage gives an error and changes nothing already applied.
pub fn receive(room: &mut Room, frame: &[u8]) -> Result<Received, LiveError> {
    check_size(frame.len())?;
    room.guard(|room| {
        let mut decoder = DecoderV1::new(Cursor::new(frame));
        let mut received = Received::default();
        let protocol = DefaultProtocol;
        for message in MessageReader::new(&mut decoder) {
            let message = message.map_err(|error| LiveError::Garbage(error.to_string()))?;
            match message {
                Message::Auth(Some(reason)) => return Err(LiveError::Denied(reason)),
                Message::Sync(SyncMessage::SyncStep2(_)) => received.synced = true,
                _ => {}
            }
            let answer = protocol
                .handle_message(room.awareness(), message)
                .map_err(|error| LiveError::Garbage(error.to_string()))?;
            if let Some(answer) = answer {
                received.replies.push(answer.encode_v1());
            }
        }
        // Yrs's reader stops quietly at a message cut short (its announced length
        // runs past the frame): bytes left unread mean one was.
        if decoder.read_u8().is_ok() {
            return Err(LiveError::Garbage("a message cut short".to_owned()));
        }
        Ok(received)
    })
}

/// Whether a relay's answer to [`ask_everything`] holds every change of `room`: read it
/// with [`whole_state`] and compare.
pub fn confirm(room: &Room, relay: &Room) -> bool {
    let mine = room.awareness().doc().transact().state_vector();
    let theirs = relay.awareness().doc().transact().state_vector();
    mine.iter().all(|(client, clock)| theirs.get(client) >= *clock)
}

/// The document held in a frame's sync step 2 (the relay's whole state after
/// [`ask_everything`]), read into a fresh replica.
pub fn whole_state(frame: &[u8], clock: impl crate::Clock) -> Result<Room, LiveError> {
    let mut relay = Room::new(clock);
    receive(&mut relay, frame)?;
    Ok(relay)
}
