//! What joining a large room costs the worker, natively: applying the room's whole
//! state, then reading the document back (the text sent to the page, which parses it). Not run by
//! default (it measures, it checks little); run it optimised (the times are the
//! thread's CPU time where Linux gives it, as the machine may be busy with other work):
//!
//! `cargo test --profile bench -p okrpad-live --test timing -- --ignored --nocapture`

use std::time::Instant;

use okrpad_core::calendar::Date;
use okrpad_core::content::generate::generate;
use okrpad_core::formats::file;
use okrpad_core::i18n::Lang;
use okrpad_core::live::{FromWorker, Presence};
use okrpad_core::model::Document;
use okrpad_live::Room;
use okrpad_live::session::Session;
use yrs::sync::{Message, SyncMessage};
use yrs::updates::encoder::Encode;

/// This thread's CPU time in milliseconds, where Linux says it (`/proc`): steadier than
/// the wall clock on a machine shared with other work. The wall clock elsewhere.
fn now_ms() -> f64 {
    let cpu = std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|text| text.split_whitespace().next()?.parse::<f64>().ok());
    match cpu {
        Some(ns) => ns / 1e6,
        None => START.with(|start| start.elapsed().as_secs_f64() * 1e3),
    }
}

thread_local! {
    static START: Instant = Instant::now();
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// The document of a 2,000-objective room, and the room's whole state (a Yjs update).
fn large_room() -> (Document, Vec<u8>) {
    let document = generate(2000, Lang::Zh, Date::new(2026, 11, 15).unwrap());
    let mut host = Room::with_client_id(1, || 0);
    host.edit(&document);
    let state = host.encode_state();
    (document, state)
}

#[test]
#[ignore = "a measurement: run it with --ignored, optimised"]
fn joining_a_2000_objective_room() {
    let (document, state) = large_room();
    let (mut apply, mut read, mut total) = (Vec::new(), Vec::new(), Vec::new());
    let mut sent = 0;
    for _ in 0..7 {
        let start = now_ms();
        let mut room = Room::with_client_id(2, || 0);
        room.apply_update(&state).unwrap();
        let applied = now_ms();
        let text = room.text().unwrap();
        let done = now_ms();
        sent = text.len();
        apply.push(applied - start);
        read.push(done - applied);
        total.push(done - start);
        assert_eq!(file::parse(&text).unwrap(), document);
    }
    println!(
        "state {} bytes, document {} bytes: apply {:.1} ms, read {:.1} ms, total {:.1} ms (CPU time, medians of 7)",
        state.len(),
        sent,
        median(apply),
        median(read),
        median(total)
    );
}

/// The worker's own path: a session joins with no stored state, connects, and the
/// relay's sync step 2 (the whole room) arrives as one frame: the document for the page.
#[test]
#[ignore = "a measurement: run it with --ignored, optimised"]
fn a_session_joining_a_2000_objective_room() {
    let (document, state) = large_room();
    let frame = Message::Sync(SyncMessage::SyncStep2(state)).encode_v1();
    let mut samples = Vec::new();
    for _ in 0..7 {
        let me = Presence { name: "J".into(), color: "#000000".into(), editing: None };
        let (mut session, _) = Session::join(&[], 0, None, me, || 0).unwrap();
        session.opened();
        let start = now_ms();
        let out = session.frame(&frame).unwrap();
        samples.push(now_ms() - start);
        let sent = out.messages.iter().find_map(|message| match message {
            FromWorker::Document { document, .. } => Some(document),
            _ => None,
        });
        assert_eq!(file::parse(sent.unwrap()).unwrap(), document);
    }
    println!(
        "session: the relay's whole state to the page's document: {:.1} ms (CPU time, median of 7)",
        median(samples)
    );
}
