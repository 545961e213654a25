//! The live session the worker runs, against a relay simulated in memory (a replica
//! that answers sync step 1 and forwards updates and presence, as y-websocket does): documents
//! travel both ways, changes made offline are counted until the relay confirms them,
//! and a remote document never hides a newer local edit.

use okrpad_core::formats::file;
use okrpad_core::live::{FromWorker, Presence};
use okrpad_core::model::Document;
use okrpad_live::session::{Out, Session};
use okrpad_live::{Room, protocol};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;
use yrs::{ReadTxn, Transact};

fn doc() -> Document {
    file::parse(include_str!("../../../tests/fixtures/sales-2026q1.okr.json")).unwrap()
}

fn me(name: &str) -> Presence {
    Presence { name: name.into(), color: "#000000".into(), editing: None }
}

/// The relay: one replica; what changes it is forwarded to every connected client.
struct Relay {
    room: Room,
}

struct Client {
    session: Session,
    online: bool,
    documents: Vec<(u64, Document)>,
}

impl Client {
    fn new(session: Session) -> Client {
        Client { session, online: false, documents: Vec::new() }
    }

    fn take(&mut self, out: &Out) {
        for message in &out.messages {
            if let FromWorker::Document { seq, document } = message {
                self.documents.push((*seq, file::parse(document).unwrap()));
            }
        }
    }
}

impl Relay {
    fn state_vector(&self) -> yrs::StateVector {
        self.room.awareness().doc().transact().state_vector()
    }

    /// Delivers `frames` from client `from`, and everything that follows, until quiet.
    fn pump(&mut self, clients: &mut [Client], from: usize, frames: Vec<Vec<u8>>) {
        let mut queue: Vec<(usize, Vec<u8>)> = frames.into_iter().map(|f| (from, f)).collect();
        while let Some((sender, frame)) = (!queue.is_empty()).then(|| queue.remove(0)) {
            let before = self.state_vector();
            let received = protocol::receive(&mut self.room, &frame).unwrap();
            let mut to_sender = received.replies;
            let mut to_others = Vec::new();
            if self.state_vector() != before {
                let update = self.room.awareness().doc().transact().encode_state_as_update_v1(&before);
                to_others.push(protocol::update(update));
            } else if frame.starts_with(&[0, 2]) || frame.starts_with(&[1]) {
                // An update that only deletes, or a presence: forwarded as it came, as
                // y-websocket does.
                to_others.push(frame.clone());
            }
            for (i, client) in clients.iter_mut().enumerate() {
                if !client.online {
                    continue;
                }
                let frames = if i == sender { std::mem::take(&mut to_sender) } else { to_others.clone() };
                for frame in frames {
                    let out = client.session.frame(&frame).unwrap();
                    client.take(&out);
                    queue.extend(out.frames.into_iter().map(|f| (i, f)));
                }
            }
        }
    }

    fn connect(&mut self, clients: &mut [Client], i: usize) {
        clients[i].online = true;
        let out = clients[i].session.opened();
        let step1 = Message::Sync(SyncMessage::SyncStep1(self.state_vector())).encode_v1();
        let answer = clients[i].session.frame(&step1).unwrap();
        clients[i].take(&answer);
        self.pump(clients, i, out.frames.into_iter().chain(answer.frames).collect());
    }
}

fn session(document: Option<&Document>) -> Session {
    let text = document.map(file::to_json);
    Session::join(&[], 0, text.as_deref(), me("x"), || 0).unwrap().0
}

/// A room on the relay, seeded with the fixture by client 0, which client 1 has joined.
fn two_in_a_room() -> (Relay, Document, [Client; 2]) {
    let mut relay = Relay { room: Room::new(|| 0) };
    let original = doc();
    let mut clients = [Client::new(session(Some(&original))), Client::new(session(None))];
    relay.connect(&mut clients, 0);
    relay.connect(&mut clients, 1);
    (relay, original, clients)
}

#[test]
fn edits_travel_and_offline_changes_wait_for_the_relay() {
    let mut relay = Relay { room: Room::new(|| 0) };
    let original = doc();
    let mut clients = [Client::new(session(Some(&original))), Client::new(session(None))];
    assert_eq!(clients[0].session.pending(), 1, "seeding the room is a change");
    relay.connect(&mut clients, 0);
    assert_eq!(clients[0].session.pending(), 0, "the relay confirmed the seed");
    relay.connect(&mut clients, 1);
    assert_eq!(clients[1].documents.last().map(|(_, d)| d), Some(&original));

    // An edit on one side is a document on the other.
    let mut edited = original.clone();
    edited.title = "Edited".into();
    let out = clients[0].session.local(1, "", &file::to_json(&edited)).unwrap();
    assert_eq!(clients[0].session.pending(), 1);
    relay.pump(&mut clients, 0, out.frames);
    assert_eq!(clients[0].session.pending(), 0);
    assert_eq!(clients[1].documents.last().unwrap().1.title, "Edited");

    // Offline: the change is counted, kept, and confirmed once back.
    clients[1].online = false;
    let _ = clients[1].session.closed();
    let mut offline = edited.clone();
    offline.objectives[0].title = "Offline".into();
    let out = clients[1].session.local(1, "", &file::to_json(&offline)).unwrap();
    assert!(out.frames.is_empty(), "nothing is sent while offline");
    assert_eq!(clients[1].session.pending(), 1);
    // Stored and restored, as across a reload.
    let FromWorker::State { state, pending } = clients[1].session.stored_state() else { panic!() };
    let state = Session::decode_state(&state).unwrap();
    assert_eq!(state, clients[1].session.encode_state());
    let restored = Session::join(&state, pending, Some(&file::to_json(&offline)), me("y"), || 0).unwrap().0;
    clients[1].session = restored;
    assert_eq!(clients[1].session.pending(), 1);
    relay.connect(&mut clients, 1);
    assert_eq!(clients[1].session.pending(), 0);
    assert_eq!(clients[0].documents.last().unwrap().1.objectives[0].title, "Offline");
}

#[test]
fn a_remote_document_never_hides_a_newer_local_edit() {
    let (mut relay, original, mut clients) = two_in_a_room();
    // Client 1 has sent local document 7; a remote change arrives before the page's 8.
    let mut mine = original.clone();
    mine.title = "Mine".into();
    let out = clients[1].session.local(7, "", &file::to_json(&mine)).unwrap();
    relay.pump(&mut clients, 1, out.frames);
    let mut theirs = mine.clone();
    theirs.objectives[0].title = "Theirs".into();
    let out = clients[0].session.local(1, "", &file::to_json(&theirs)).unwrap();
    relay.pump(&mut clients, 0, out.frames);
    assert_eq!(clients[1].documents.last().unwrap().0, 7, "named after the last local edit it holds");
    // The page had typed on (8) from its own 7, without that document: its change is
    // replayed on the room, and the merge comes back as 8.
    let mut typed = mine.clone();
    typed.title = "Mine, more".into();
    let out = clients[1].session.local(8, &file::to_json(&mine), &file::to_json(&typed)).unwrap();
    let merged = out
        .messages
        .iter()
        .find_map(|m| match m {
            FromWorker::Document { seq: 8, document } => Some(file::parse(document).unwrap()),
            _ => None,
        })
        .expect("the merged document, named 8");
    assert_eq!(merged.title, "Mine, more");
    assert_eq!(merged.objectives[0].title, "Theirs");
}

#[test]
fn check_ins_made_at_once_on_two_pages_are_both_kept() {
    let (mut relay, original, mut clients) = two_in_a_room();
    let check_in = |value: f64| -> okrpad_core::model::CheckIn {
        serde_json::from_value(serde_json::json!({"date": "2026-02-02", "value": value})).unwrap()
    };
    let with = |doc: &Document, value: f64| {
        let mut doc = doc.clone();
        doc.objectives[0].key_results[0].check_ins.push(check_in(value));
        doc
    };
    let before = clients[1].documents.last().unwrap().1.clone();
    // A colleague checks in; it reaches page 1 while page 1 records its own check-in
    // on the document it had (`before`).
    let out = clients[0].session.local(1, "", &file::to_json(&with(&original, 11.0))).unwrap();
    relay.pump(&mut clients, 0, out.frames);
    let out = clients[1].session.local(2, &file::to_json(&before), &file::to_json(&with(&before, 22.0))).unwrap();
    relay.pump(&mut clients, 1, out.frames);
    for client in &clients {
        let values: Vec<f64> = client.session.document().unwrap().objectives[0].key_results[0]
            .check_ins
            .iter()
            .filter(|c| c.date.to_string() == "2026-02-02")
            .map(|c| c.value)
            .collect();
        assert_eq!(values.len(), 2, "both check-ins, on every replica: {values:?}");
        assert!(values.contains(&11.0) && values.contains(&22.0), "{values:?}");
    }
}

#[test]
fn undo_reverts_only_this_replicas_change() {
    let (mut relay, original, mut clients) = two_in_a_room();
    let mut a = original.clone();
    a.title = "A".into();
    let out = clients[0].session.local(1, "", &file::to_json(&a)).unwrap();
    relay.pump(&mut clients, 0, out.frames);
    let mut b = a.clone();
    b.objectives[0].title = "B".into();
    let out = clients[1].session.local(1, "", &file::to_json(&b)).unwrap();
    relay.pump(&mut clients, 1, out.frames);
    let out = clients[1].session.undo(false);
    relay.pump(&mut clients, 1, out.frames);
    let now = clients[0].session.document().unwrap();
    assert_eq!(now.title, "A");
    assert_eq!(now.objectives[0].title, original.objectives[0].title);
}

#[test]
fn a_delete_after_a_remote_move_travels() {
    let (mut relay, original, mut clients) = two_in_a_room();
    assert!(original.objectives.len() >= 2);
    let mut moved = original.clone();
    moved.objectives.swap(0, 1);
    let out = clients[0].session.local(1, &file::to_json(&original), &file::to_json(&moved)).unwrap();
    relay.pump(&mut clients, 0, out.frames);
    let (seq, shown) = clients[1].documents.last().cloned().unwrap();
    assert_eq!(shown, moved);
    let mut deleted = shown.clone();
    let gone = deleted.objectives.remove(0).id;
    let out = clients[1].session.local(seq + 1, &file::to_json(&shown), &file::to_json(&deleted)).unwrap();
    assert!(!out.frames.is_empty(), "the delete is sent");
    relay.pump(&mut clients, 1, out.frames);
    let now = clients[0].session.document().unwrap();
    assert!(now.objectives.iter().all(|o| o.id != gone), "deleted on the other side");
}

#[test]
fn a_new_name_reaches_the_others() {
    let (mut relay, _, mut clients) = two_in_a_room();
    let out = clients[1].session.rename("赵敏".into());
    assert!(
        out.messages
            .iter()
            .any(|m| matches!(m, FromWorker::Peers { peers } if peers[0].me && peers[0].presence.name == "赵敏"))
    );
    relay.pump(&mut clients, 1, out.frames);
    let names: Vec<String> = clients[0].session.peers().into_iter().map(|p| p.presence.name).collect();
    assert!(names.contains(&"赵敏".to_owned()), "{names:?}");
}

#[test]
fn a_session_started_before_the_page_asked_shows_no_one_until_introduced() {
    let (mut relay, original, [first, second]) = two_in_a_room();
    let mut clients = vec![first, second, Client::new(Session::prepare(|| 0))];
    let names = |client: &Client| client.session.peers().into_iter().map(|p| p.presence.name).collect::<Vec<_>>();
    let before = names(&clients[0]);
    relay.connect(&mut clients, 2);
    // The room arrived, and nobody was shown a person without a name.
    assert_eq!(clients[2].documents.last().map(|(_, d)| d), Some(&original));
    assert_eq!(names(&clients[0]), before);
    assert_eq!(clients[2].session.renew_presence(), None);

    let out = clients[2].session.introduce(me("孙丽"));
    assert_eq!(out.frames.len(), 1, "the presence, at once");
    relay.pump(&mut clients, 2, out.frames);
    assert!(names(&clients[0]).contains(&"孙丽".to_owned()), "{:?}", names(&clients[0]));
}

/// The connection state the page is told about in `out`.
fn connection(out: &Out) -> okrpad_core::live::Connection {
    out.messages
        .iter()
        .find_map(|m| match m {
            FromWorker::Status { connection, .. } => Some(*connection),
            _ => None,
        })
        .unwrap()
}

#[test]
fn a_relay_that_never_completes_a_sync_is_retried_with_growing_pauses() {
    use okrpad_core::live::Connection::{Offline, Reconnecting};
    let mut client = Client::new(session(Some(&doc())));
    // The relay accepts, asks for the client's state (its step 1) and drops the
    // connection before answering the client's: never synced.
    let step1 = Message::Sync(SyncMessage::SyncStep1(yrs::StateVector::default())).encode_v1();
    let mut pauses = Vec::new();
    let mut states = Vec::new();
    for _ in 0..8 {
        let _ = client.session.opened();
        let out = client.session.frame(&step1).unwrap();
        assert_eq!(out.frames.len(), 2, "the client answers and probes");
        let (out, pause) = client.session.closed();
        pauses.push(pause);
        states.push(connection(&out));
    }
    assert_eq!(pauses, [250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    assert_eq!(states[..3], [Reconnecting, Reconnecting, Offline]);
    // An edit while offline says so too.
    let mut edited = doc();
    edited.title = "Offline".into();
    let out = client.session.local(1, "", &file::to_json(&edited)).unwrap();
    assert_eq!(connection(&out), Offline);

    // A connection that ends synced starts the count over.
    let mut relay = Relay { room: Room::new(|| 0) };
    let mut clients = [client];
    relay.connect(&mut clients, 0);
    let (out, pause) = clients[0].session.closed();
    assert_eq!((pause, connection(&out)), (250, Reconnecting));
    let _ = clients[0].session.opened();
    assert_eq!(clients[0].session.closed().1, 250, "one failure");

    // A relay that sends garbage, or a message over the limit, after a completed sync:
    // refused, and the connection counts as failed.
    relay.connect(&mut clients, 0);
    assert!(clients[0].session.frame(&[0, 2, 3, 0xff, 0xff, 0xff]).is_err());
    assert_eq!(clients[0].session.closed().1, 500);
    relay.connect(&mut clients, 0);
    assert!(clients[0].session.check_size(1024).is_ok());
    assert!(clients[0].session.check_size(100 * 1024 * 1024).is_err());
    let (out, pause) = clients[0].session.closed();
    assert_eq!((pause, connection(&out)), (1000, Offline));
}

/// What the page is left showing after `outs`, as it decides: the last error, cleared
/// when the connection becomes connected (src/live/mod.rs).
fn shown_error<'a>(outs: impl IntoIterator<Item = &'a Out>) -> Option<String> {
    use okrpad_core::live::Connection;
    let (mut error, mut connection) = (None, Connection::Connecting);
    for message in outs.into_iter().flat_map(|out| &out.messages) {
        match message {
            FromWorker::Error { en, .. } => error = Some(en.clone()),
            FromWorker::Status { connection: now, .. } => {
                if *now == Connection::Connected && connection != Connection::Connected {
                    error = None;
                }
                connection = *now;
            }
            _ => {}
        }
    }
    error
}

#[test]
fn a_room_that_is_not_an_okrpad_document_says_so() {
    use yrs::{Array, Map, Text, WriteTxn};
    type Fill = fn(&mut yrs::TransactionMut);
    let junk: [(&str, Fill); 2] = [
        ("fields of the wrong kind", |txn| {
            let fields = txn.get_or_insert_map("document");
            fields.insert(txn, "title", 42);
            fields.insert(txn, "owner", yrs::ArrayPrelim::default());
            let objectives = txn.get_or_insert_array("objectives");
            objectives.push_back(txn, "not an objective");
        }),
        ("another application's data", |txn| {
            let text = txn.get_or_insert_text("content");
            text.push(txn, "Shopping list: milk, eggs");
        }),
    ];
    for (what, fill) in junk {
        let relay = Relay { room: Room::new(|| 0) };
        fill(&mut relay.room.awareness().doc().transact_mut());
        let mut clients = [Client::new(session(None))];
        clients[0].online = true;
        let _ = clients[0].session.opened();
        let step1 = Message::Sync(SyncMessage::SyncStep1(relay.state_vector())).encode_v1();
        let _ = clients[0].session.frame(&step1).unwrap();
        let step2 = {
            let txn = relay.room.awareness().doc().transact();
            Message::Sync(SyncMessage::SyncStep2(txn.encode_state_as_update_v1(&Default::default()))).encode_v1()
        };
        let out = clients[0].session.frame(&step2).unwrap();
        let error = shown_error([&out]);
        assert!(
            error.as_deref().is_some_and(|e| e.contains("does not hold")),
            "{what}: {error:?} in {:?}",
            out.messages
        );
        assert!(clients[0].documents.is_empty(), "{what}: no document for the page");

        // The real relay may send the room's state as an update before its answer to
        // the client's step 1 (it loads the room from disk meanwhile): still said once
        // connected.
        let mut late = Client::new(session(None));
        let mut outs = vec![late.session.opened()];
        let update = relay.room.awareness().doc().transact().encode_state_as_update_v1(&Default::default());
        outs.push(late.session.frame(&protocol::update(update)).unwrap());
        let empty = Message::Sync(SyncMessage::SyncStep2(yrs::Update::EMPTY_V1.to_vec())).encode_v1();
        outs.push(late.session.frame(&empty).unwrap());
        outs.push(late.session.frame(&step1).unwrap());
        let error = shown_error(&outs);
        assert!(error.as_deref().is_some_and(|e| e.contains("does not hold")), "{what}, late: {error:?}");
    }
}
