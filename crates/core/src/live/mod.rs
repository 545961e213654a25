//! Live rooms, the parts the page needs without the engine: room addresses ([`link`]),
//! the messages between the page and the live worker ([`ToWorker`], [`FromWorker`]),
//! and what the page keeps in local storage for a live document ([`Stored`]).
//!
//! The engine itself (Yrs, the mapping, the sync protocol) is `okrpad-live`, which the
//! page never links: it runs in a Web Worker loaded when a live session starts, so a
//! first visit does not download it (DESIGN.md "Live editing"). Both sides read and
//! write these messages as JSON, so they are defined and tested once, here.
//!
//! # How a message travels
//!
//! Every message is posted as one JSON text ([`write`], [`read`]), but one: a
//! [`FromWorker::Document`] is posted as an array of two parts ([`parts`],
//! [`from_parts`]), its header without the document, `{"type":"document","seq":3}`,
//! and the document's v1 JSON text as it is, as UTF-8 bytes (a `Uint8Array` whose
//! buffer is transferred, not copied). A document of 2,000 objectives is 2 to 5 MB of
//! text: inside a JSON string it would be escaped by the worker, then unescaped and
//! copied by the page, and as a JS string it would be converted from UTF-8 and back,
//! for nothing. Anything else that arrives is ignored.

pub mod link;

use serde::{Deserialize, Serialize};

use crate::formats::file::FormatError;
use crate::i18n::Text;

/// Where the page keeps the live state of the stored document `id` (a public contract,
/// docs/sync.md): the room and how many changes wait for the relay (the engine's state
/// is kept under the same key in IndexedDB, by the live worker).
pub fn storage_key(id: &str) -> String {
    format!("{KEY_PREFIX}{id}{KEY_SUFFIX}")
}

const KEY_PREFIX: &str = "okrpad.live.";
const KEY_SUFFIX: &str = ".v1";

/// Whether `key` is a [`storage_key`].
pub fn is_storage_key(key: &str) -> bool {
    key.len() > KEY_PREFIX.len() + KEY_SUFFIX.len() && key.starts_with(KEY_PREFIX) && key.ends_with(KEY_SUFFIX)
}

/// What the page stores for a live document under [`storage_key`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Stored {
    /// The relay's WebSocket address, `wss://relay.example.com`.
    pub relay: String,
    /// The room id.
    pub room: String,
    /// The engine's whole state (a Yjs update), URL-safe base64; empty before the first
    /// one arrives.
    #[serde(default)]
    pub state: String,
    /// Local changes the relay had not confirmed when the state was taken.
    #[serde(default)]
    pub pending: u32,
}

impl Stored {
    /// Reads a stored record; `None` for anything that is not one.
    pub fn parse(text: &str) -> Option<Stored> {
        serde_json::from_str::<Stored>(text).ok().filter(|s| link::RoomUrl::parse(&s.websocket()).is_ok())
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The room's WebSocket address.
    pub fn websocket(&self) -> String {
        format!("{}/{}", self.relay, self.room)
    }
}

/// Who is in the room, as each person's presence says.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub name: String,
    /// A CSS colour, `#rrggbb`.
    pub color: String,
    /// The objective this person is editing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub editing: Option<String>,
}

/// One person in the room.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peer {
    #[serde(flatten)]
    pub presence: Presence,
    /// This is the page's own presence.
    #[serde(default)]
    pub me: bool,
}

/// The colours given to people: white text on each is readable (contrast at least
/// 4.5:1, WCAG AA, tested below), as on a card's "editing" marker.
pub const COLORS: [&str; 8] = ["#b3390c", "#237032", "#1864ab", "#862e9c", "#995200", "#0b7285", "#c2255c", "#5f3dc4"];

/// A colour for a person, from a few random bits.
pub fn color_for(random: u8) -> &'static str {
    COLORS[usize::from(random) % COLORS.len()]
}

/// The connection to the relay.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// Opening the connection for the first time.
    #[default]
    Connecting,
    /// Connected and synced with the relay.
    Connected,
    /// The connection dropped; trying again.
    Reconnecting,
    /// The relay cannot be reached; still trying, with longer pauses.
    Offline,
}

/// What the page tells the live worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ToWorker {
    /// The page's address holds a room link: sent by index.html's first lines, before
    /// the app runs. The worker starts on the room at once, as for a link being opened
    /// (no state read, none stored), while the app loads: the relay's answer is then on
    /// its way when the app's [`ToWorker::Join`] comes. Until that join the worker tells
    /// the page nothing (the app may not listen yet) and the room nothing about this
    /// person (their name may not be known yet). A join for another room, or with a
    /// state or a document, ends this start and joins as asked. A link that is not a
    /// room is ignored here; the app says why and ends the worker.
    Prepare { link: String },
    /// Join the room. The worker keeps the engine's state itself (in IndexedDB, under
    /// `key`, the document's [`storage_key`]); `state` and `pending` are a state the
    /// page kept instead (base64, where IndexedDB refused it), empty for none.
    /// `document` (v1 JSON) is the page's own copy: with `seed`, the first content of
    /// a new room (the document that goes live; a state stored for an earlier room of
    /// the same document is not used); without, the local copy of a live
    /// document, written in as a local edit (it may hold edits the stored state
    /// missed) only if a state was found, since before the first state the page holds
    /// a placeholder. A link being opened sends none, and the worker then reads no
    /// state (its document is new, so none is stored). `live_keys` are the keys of every
    /// live document the page still has: a state stored under any other key is
    /// deleted (its document was deleted, or left its room, in some tab).
    Join {
        relay: String,
        room: String,
        #[serde(default)]
        key: String,
        #[serde(default)]
        state: String,
        #[serde(default)]
        pending: u32,
        #[serde(default)]
        document: Option<String>,
        #[serde(default)]
        seed: bool,
        #[serde(default)]
        live_keys: Vec<String>,
        me: Presence,
    },
    /// The page's document after an accepted edit (v1 JSON), numbered in order, with
    /// the document it edited (`base`), so that a change from the room arriving
    /// meanwhile is kept rather than written over.
    Local {
        seq: u64,
        #[serde(default)]
        base: String,
        document: String,
    },
    /// Undo this replica's last own change (never a colleague's).
    Undo,
    /// Redo what undo undid.
    Redo,
    /// The objective being edited here, if any.
    Editing {
        #[serde(default)]
        objective: Option<String>,
    },
    /// This person's name changed (shown to the others at once).
    Rename { name: String },
    /// Leave the room: close the connection.
    Leave,
    /// The document left its room: delete the stored state.
    Forget,
}

/// What the live worker tells the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FromWorker {
    /// The room's document changed (someone else's edit, undo, the first sync). `seq`
    /// is the last local edit it includes: the page takes it only when it has sent
    /// nothing newer, and the worker sends a newer one after that edit arrives.
    ///
    /// `document` is v1 JSON that the worker has not necessarily parsed: the page parses
    /// it anyway, so the worker does not too (a third of its work on joining a large
    /// room), and the page says [`not_a_document`] when the core refuses it.
    Document { seq: u64, document: String },
    /// The connection, and how many local changes the relay has not confirmed yet.
    Status { connection: Connection, pending: u32 },
    /// Who is in the room.
    Peers { peers: Vec<Peer> },
    /// The engine's state was stored, with the changes still waiting: by the worker
    /// (`state` empty), or, where it cannot store it, for the page to keep (base64).
    State { state: String, pending: u32 },
    /// Something went wrong; the local document was not touched.
    Error { zh: String, en: String },
}

impl FromWorker {
    pub fn error(text: Text) -> FromWorker {
        FromWorker::Error { zh: text.zh, en: text.en }
    }
}

/// What is said of a room whose document the core refuses: by the engine (the CLI,
/// `okrpad_live::LiveError`) and by the page, which is the one to parse what the worker
/// sends it ([`FromWorker::Document`]).
pub fn not_a_document(error: &FormatError) -> Text {
    let message = error.message();
    Text::new(
        format!("房间里不是有效的 okrpad 文档：{}", message.zh),
        format!("the room does not hold a valid okrpad document: {}", message.en),
    )
}

/// Reads a message; `None` for anything else.
pub fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_str(text).ok()
}

/// Writes a message.
pub fn write<T: Serialize>(message: &T) -> String {
    serde_json::to_string(message).unwrap_or_default()
}

/// The header of a message posted in two parts (see "How a message travels").
#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Header {
    Document { seq: u64 },
}

/// A message to post in two parts, the header and the document's text (see "How a
/// message travels"); `None` for a message posted as one text ([`write`]).
pub fn parts(message: &FromWorker) -> Option<(String, &str)> {
    match message {
        FromWorker::Document { seq, document } => Some((write(&Header::Document { seq: *seq }), document)),
        _ => None,
    }
}

/// Reads a message posted in two parts ([`parts`]); `None` for anything else.
pub fn from_parts(header: &str, document: String) -> Option<FromWorker> {
    match read::<Header>(header)? {
        Header::Document { seq } => Some(FromWorker::Document { seq, document }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_keys_are_recognised() {
        assert!(is_storage_key(&storage_key("d1")));
        assert!(
            !is_storage_key("okrpad.live..v1") && !is_storage_key("okrpad.doc.d1") && !is_storage_key("okrpad.live.d1")
        );
    }

    #[test]
    fn messages_round_trip() {
        let join = ToWorker::Join {
            relay: "ws://127.0.0.1:1".into(),
            room: "A".repeat(22),
            key: storage_key("d1"),
            state: String::new(),
            pending: 0,
            document: None,
            seed: false,
            live_keys: vec![storage_key("d1")],
            me: Presence { name: "Li".into(), color: COLORS[0].into(), editing: None },
        };
        assert_eq!(read::<ToWorker>(&write(&join)), Some(join));
        let status = FromWorker::Status { connection: Connection::Offline, pending: 3 };
        assert_eq!(write(&status), r#"{"type":"status","connection":"offline","pending":3}"#);
        assert_eq!(read::<FromWorker>(&write(&status)), Some(status));
        assert_eq!(read::<ToWorker>("garbage"), None);
        // An older page's join (no key, seed or list) still reads.
        let old = r##"{"type":"join","relay":"ws://h","room":"R","me":{"name":"Li","color":"#000000"}}"##;
        assert!(matches!(read::<ToWorker>(old), Some(ToWorker::Join { seed: false, .. })));
    }

    #[test]
    fn documents_travel_in_two_parts() {
        let text = "{\"okrpad\":1,\"title\":\"Q1 \\\"sales\\\"\"}";
        let document = FromWorker::Document { seq: 7, document: text.into() };
        let (header, body) = parts(&document).unwrap();
        assert_eq!((header.as_str(), body), (r#"{"type":"document","seq":7}"#, text));
        assert_eq!(from_parts(&header, body.to_owned()), Some(document));
        // Every other message is one text; a header of anything else is refused.
        assert_eq!(parts(&FromWorker::Error { zh: "错".into(), en: "wrong".into() }), None);
        assert_eq!(from_parts(r#"{"type":"error","zh":"错","en":"wrong"}"#, String::new()), None);
        assert_eq!(from_parts(r#"{"type":"document"}"#, String::new()), None);
        assert_eq!(from_parts("garbage", String::new()), None);
    }

    #[test]
    fn white_text_is_readable_on_every_colour() {
        let channel = |hex: &str| {
            let c = f64::from(u8::from_str_radix(hex, 16).unwrap()) / 255.0;
            if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        for colour in COLORS {
            let luminance =
                0.2126 * channel(&colour[1..3]) + 0.7152 * channel(&colour[3..5]) + 0.0722 * channel(&colour[5..7]);
            assert!(1.05 / (luminance + 0.05) >= 4.5, "{colour}");
        }
    }

    #[test]
    fn stored_records_name_a_strong_room() {
        let stored = Stored { relay: "ws://h:1".into(), room: "A".repeat(22), state: "AA".into(), pending: 2 };
        assert_eq!(Stored::parse(&stored.to_json()), Some(stored));
        assert_eq!(Stored::parse(r#"{"relay":"ws://h:1","room":"short"}"#), None);
        assert_eq!(storage_key("d1"), "okrpad.live.d1.v1");
    }
}
