//! The mapping between okrpad documents and Yrs documents: every field survives, and
//! concurrent edits on several replicas converge to one valid document.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use common::Rng;

use okrpad_core::formats::file;
use okrpad_core::model::{CheckIn, Comment, Document, KeyResult, Level, Objective};
use okrpad_live::{LiveError, Room};
use proptest::prelude::*;

fn room(client: u64) -> Room {
    Room::with_client_id(client, || 0)
}

/// Sends every change of `from` that `to` lacks (as a relay would).
fn sync(from: &Room, to: &mut Room) {
    to.apply_update(&from.encode_state()).unwrap();
}

fn sample() -> Document {
    file::parse(include_str!("../../../tests/fixtures/sales-2026q1.okr.json")).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Every field, unknown ones included, comes back from the CRDT, on this replica
    /// and on one that only received the update.
    #[test]
    fn documents_survive_the_round_trip(document in common::document(), next in common::document()) {
        let mut here = room(1);
        let update = here.edit(&document);
        prop_assert_eq!(&here.document().unwrap(), &document);
        let mut there = room(2);
        there.apply_update(&update).unwrap();
        prop_assert_eq!(&there.document().unwrap(), &document);
        // Editing into another document entirely still reads back exactly.
        there.edit(&next);
        prop_assert_eq!(&there.document().unwrap(), &next);
        sync(&there, &mut here);
        prop_assert_eq!(here.document().unwrap(), next);
    }
}

#[test]
fn the_newest_fields_and_unknown_ones_survive() {
    // The numeric cascade (contributions, sum and health metrics), the weekly routine
    // (confidence, cadence, comments) and fields okrpad does not know (kept in `extra`).
    let text = r#"{"okrpad": 1, "title": "Q3", "cadence_days": 7, "x-team": "east", "objectives": [
        {"id": "o", "title": "Grow", "level": "team", "x-tag": {"any": [1, 2]},
         "comments": [{"id": "c1", "date": "2026-01-03", "author": "Li", "text": "好"}],
         "key_results": [
            {"id": "k", "title": "Deals", "metric": {"kind": "sum", "start": 0, "target": 10, "unit": "个"},
             "comments": [{"id": "c2", "date": "2026-01-04", "author": "Ann", "text": "ok"}]},
            {"id": "k2", "title": "Uptime", "metric": {"kind": "health", "min": 95, "warn_below": 97, "unit": "%"},
             "check_ins": [{"date": "2026-01-02", "value": 98, "confidence": 7, "x-mood": "fine"}]},
            {"id": "k3", "title": "Team deals", "contributes_to": "k",
             "metric": {"kind": "number", "start": 0, "target": 5}}]}]}"#;
    let document = file::parse(text).unwrap();
    let mut here = room(1);
    let update = here.edit(&document);
    let mut there = room(2);
    there.apply_update(&update).unwrap();
    assert_eq!(there.document().unwrap(), document);
    assert_eq!(file::to_json(&there.document().unwrap()), file::to_json(&document));
}

#[test]
fn an_empty_room_and_a_room_of_something_else_are_refused_in_both_languages() {
    let empty = room(1);
    let error = empty.document().unwrap_err();
    assert!(matches!(error, LiveError::EmptyRoom));
    assert!(!error.message().zh.is_empty() && !error.message().en.is_empty());

    // Another app's Yjs document in the same root names.
    let other = yrs::Doc::with_client_id(9);
    {
        use yrs::{Array, Map, Transact};
        // Roots first: asking for one inside a transaction would wait for it forever.
        let (fields, objectives) = (other.get_or_insert_map("document"), other.get_or_insert_array("objectives"));
        let mut txn = other.transact_mut();
        fields.insert(&mut txn, "okrpad", "not json {");
        objectives.push_back(&mut txn, 42);
    }
    let update = {
        use yrs::{ReadTxn, StateVector, Transact};
        other.transact().encode_state_as_update_v1(&StateVector::default())
    };
    let mut here = room(1);
    here.apply_update(&update).unwrap();
    let error = here.document().unwrap_err();
    assert!(matches!(error, LiveError::Shape(_)), "{error}");
    assert!(error.message().zh.contains("okrpad"));

    // Valid JSON fields, but not a valid document (a newer version).
    let mut newer = room(3);
    let mut document = sample();
    document.extra.insert("x".into(), serde_json::Value::Null);
    newer.edit(&document);
    let version = yrs::Doc::with_client_id(4);
    {
        use yrs::{Map, Transact};
        let fields = version.get_or_insert_map("document");
        let mut txn = version.transact_mut();
        fields.insert(&mut txn, "okrpad", "99");
    }
    let update = {
        use yrs::{ReadTxn, StateVector, Transact};
        version.transact().encode_state_as_update_v1(&StateVector::default())
    };
    let mut mixed = room(5);
    mixed.apply_update(&update).unwrap();
    assert!(matches!(mixed.document(), Err(LiveError::NotADocument(_))));
}

fn objective(id: &str, title: &str) -> Objective {
    Objective::new(id, title, Level::Team)
}

/// Two replicas that start from the same document, put in the room by a third.
fn pair(document: &Document) -> (Room, Room) {
    let mut seed = room(9);
    seed.edit(document);
    let (mut a, mut b) = (room(1), room(2));
    sync(&seed, &mut a);
    sync(&seed, &mut b);
    (a, b)
}

fn exchange(a: &mut Room, b: &mut Room) {
    let (from_a, from_b) = (a.encode_state(), b.encode_state());
    a.apply_update(&from_b).unwrap();
    b.apply_update(&from_a).unwrap();
}

#[test]
fn edits_of_different_fields_of_one_objective_merge_field_by_field() {
    let base = sample();
    let (mut a, mut b) = pair(&base);
    let mut mine = base.clone();
    mine.objectives[0].title = "A's title".into();
    a.edit(&mine);
    let mut theirs = base.clone();
    theirs.objectives[0].owner = "B".into();
    theirs.objectives[0].key_results[0].title = "B's key result".into();
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let merged = a.document().unwrap();
    assert_eq!(merged, b.document().unwrap());
    assert_eq!(merged.objectives[0].title, "A's title");
    assert_eq!(merged.objectives[0].owner, "B");
    assert_eq!(merged.objectives[0].key_results[0].title, "B's key result");
}

#[test]
fn two_people_adding_at_once_keep_both() {
    let mut base = sample();
    // Start from an objective without key results and a key result without check-ins:
    // the first additions to empty lists must not collide either.
    base.objectives.push(objective("empty", "Nothing yet"));
    base.objectives[0].key_results[0].check_ins.clear();
    let (mut a, mut b) = pair(&base);
    let mut mine = base.clone();
    mine.objectives.push(objective("from-a", "A"));
    let empty = mine.objectives.iter_mut().find(|o| o.id.0 == "empty").unwrap();
    empty.key_results.push(KeyResult::new("kr-a", "A"));
    mine.objectives[0].key_results[0].check_ins.push(CheckIn { value: 1.0, ..check_in("2026-02-01") });
    a.edit(&mine);
    let mut theirs = base.clone();
    theirs.objectives.push(objective("from-b", "B"));
    let empty = theirs.objectives.iter_mut().find(|o| o.id.0 == "empty").unwrap();
    empty.key_results.push(KeyResult::new("kr-b", "B"));
    theirs.objectives[0].key_results[0].check_ins.push(CheckIn { value: 2.0, ..check_in("2026-02-01") });
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let merged = a.document().unwrap();
    assert_eq!(merged, b.document().unwrap());
    let ids: Vec<&str> = merged.objectives.iter().map(|o| o.id.0.as_str()).collect();
    assert!(ids.contains(&"from-a") && ids.contains(&"from-b"), "{ids:?}");
    let empty = merged.objectives.iter().find(|o| o.id.0 == "empty").unwrap();
    assert_eq!(empty.key_results.len(), 2);
    assert_eq!(merged.objectives[0].key_results[0].check_ins.len(), 2);
}

#[test]
fn the_first_comments_added_at_once_keep_both() {
    // Comments and adjustments are the other lists created with an objective or a key
    // result before anyone fills them; check-ins hold no list, so they carry none.
    let base = sample();
    let (mut a, mut b) = pair(&base);
    let comment = |id: &str| -> Comment {
        serde_json::from_value(serde_json::json!({ "id": id, "date": "2026-02-01", "text": id })).unwrap()
    };
    let mut mine = base.clone();
    mine.objectives[0].comments.push(comment("c-a"));
    mine.objectives[0].key_results[0].comments.push(comment("kc-a"));
    a.edit(&mine);
    let mut theirs = base.clone();
    theirs.objectives[0].comments.push(comment("c-b"));
    theirs.objectives[0].key_results[0].comments.push(comment("kc-b"));
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let merged = a.document().unwrap();
    assert_eq!(merged, b.document().unwrap());
    assert_eq!(merged.objectives[0].comments.len(), 2);
    assert_eq!(merged.objectives[0].key_results[0].comments.len(), 2);
}

fn check_in(date: &str) -> CheckIn {
    serde_json::from_value(serde_json::json!({ "date": date, "value": 0 })).unwrap()
}

#[test]
fn edits_of_the_same_field_converge_on_one_value() {
    let base = sample();
    let (mut a, mut b) = pair(&base);
    let mut mine = base.clone();
    mine.title = "A".into();
    a.edit(&mine);
    let mut theirs = base.clone();
    theirs.title = "B".into();
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let (left, right) = (a.document().unwrap(), b.document().unwrap());
    assert_eq!(left, right);
    assert!(left.title == "A" || left.title == "B");
}

#[test]
fn deleting_wins_over_a_concurrent_edit() {
    // The rule in the mapping module's doc: what one deletes is gone for everyone, with
    // the edits others made to it at the same time; the rest of their edits stay.
    let base = sample();
    let (mut a, mut b) = pair(&base);
    let gone = base.objectives[1].id.clone();
    let mut mine = base.clone();
    mine.objectives.retain(|o| o.id != gone);
    a.edit(&mine);
    let mut theirs = base.clone();
    theirs.objectives[1].title = "edited while deleted".into();
    theirs.objectives[1].key_results[0].check_ins.push(check_in("2026-03-01"));
    theirs.objectives[0].title = "kept".into();
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let merged = a.document().unwrap();
    assert_eq!(merged, b.document().unwrap());
    assert!(merged.objectives.iter().all(|o| o.id != gone));
    assert_eq!(merged.objectives[0].title, "kept");
    assert_eq!(merged.objectives.len(), base.objectives.len() - 1);
}

#[test]
fn a_move_keeps_the_objective_once_even_when_two_people_move_it() {
    let base = sample();
    let (mut a, mut b) = pair(&base);
    let mut mine = base.clone();
    let first = mine.objectives.remove(0);
    mine.objectives.push(first.clone());
    a.edit(&mine);
    let mut theirs = base.clone();
    let moved = theirs.objectives.remove(0);
    theirs.objectives.insert(1, moved);
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    let merged = a.document().unwrap();
    assert_eq!(merged, b.document().unwrap());
    assert_eq!(merged.objectives.len(), base.objectives.len());
    assert_eq!(merged.objectives.iter().filter(|o| o.id == first.id).count(), 1);
}

/// One random edit, as an editor would make it, of `document`.
fn random_edit(rng: &mut Rng, document: &mut Document, author: usize, serial: usize) {
    let count = document.objectives.len();
    let tag = format!("r{author}-{serial}");
    match rng.below(9) {
        0 | 1 if count > 0 => document.objectives[rng.below(count)].title = format!("title {tag}"),
        2 if count > 0 => document.objectives[rng.below(count)].owner = format!("owner {tag}"),
        3 if count > 1 => {
            let _ = document.objectives.remove(rng.below(count));
        }
        4 if count > 1 => {
            let from = rng.below(count);
            let moved = document.objectives.remove(from);
            document.objectives.insert(rng.below(count), moved);
        }
        5 if count > 0 => {
            let objective = &mut document.objectives[rng.below(count)];
            objective.key_results.push(KeyResult::new(&format!("k{tag}"), &tag));
        }
        6 if count > 0 => {
            let objective = &mut document.objectives[rng.below(count)];
            if let Some(kr) = objective.key_results.first_mut() {
                kr.check_ins.push(CheckIn { value: serial as f64, ..check_in("2026-02-02") });
            }
        }
        7 => document.title = format!("doc {tag}"),
        _ => document.objectives.insert(rng.below(count + 1), objective(&format!("o{tag}"), &tag)),
    }
}

#[test]
fn random_concurrent_edits_on_three_replicas_converge_to_one_valid_document() {
    for seed in 0..60u64 {
        let mut rng = Rng(seed);
        let base = sample();
        let mut rooms = [room(1), room(2), room(3)];
        rooms[0].edit(&base);
        let start = rooms[0].encode_state();
        for other in &mut rooms[1..] {
            other.apply_update(&start).unwrap();
        }
        // Updates in flight from each replica to each other one. Each connection keeps
        // its order (as a WebSocket does); which connection delivers next, and when, is
        // random.
        let mut inbox: [[Vec<Vec<u8>>; 3]; 3] = Default::default();
        for serial in 0..40 {
            let author = rng.below(3);
            let mut document = rooms[author].document().unwrap();
            random_edit(&mut rng, &mut document, author, serial);
            let update = rooms[author].edit(&document);
            for (to, queue) in inbox[author].iter_mut().enumerate() {
                if to != author {
                    queue.push(update.clone());
                }
            }
            for _ in 0..rng.below(3) {
                deliver(&mut rng, &mut inbox, &mut rooms);
            }
        }
        while inbox.iter().flatten().any(|queue| !queue.is_empty()) {
            deliver(&mut rng, &mut inbox, &mut rooms);
        }
        let first = rooms[0].document().unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        for other in &rooms[1..] {
            assert!(rooms[0].same_state(other), "seed {seed}");
            assert_eq!(other.document().unwrap(), first, "seed {seed}");
        }
        // Equal to a valid document: it survives the core's own round trip.
        assert_eq!(file::parse(&file::to_json(&first)).unwrap(), first, "seed {seed}");
    }
}

/// Delivers the oldest update of one random connection.
fn deliver(rng: &mut Rng, inbox: &mut [[Vec<Vec<u8>>; 3]; 3], rooms: &mut [Room; 3]) {
    let (from, to) = (rng.below(3), rng.below(3));
    if !inbox[from][to].is_empty() {
        let update = inbox[from][to].remove(0);
        rooms[to].apply_update(&update).unwrap();
    }
}

#[test]
fn undo_undoes_own_changes_only() {
    let base = sample();
    let (mut a, mut b) = pair(&base);
    a.end_undo_step();
    let mut mine = base.clone();
    mine.objectives[0].title = "mine".into();
    a.edit(&mine);
    sync(&a, &mut b);
    let mut theirs = b.document().unwrap();
    theirs.objectives[0].owner = "colleague".into();
    theirs.objectives.push(objective("theirs", "a colleague's objective"));
    b.edit(&theirs);
    sync(&b, &mut a);
    // Undo as often as one likes: only A's title goes back; B's changes stay.
    assert!(a.undo());
    for _ in 0..5 {
        a.undo();
    }
    let after = a.document().unwrap();
    assert_eq!(after.objectives[0].title, base.objectives[0].title);
    assert_eq!(after.objectives[0].owner, "colleague");
    assert!(after.objectives.iter().any(|o| o.id.0 == "theirs"));
    // The undo is an ordinary change that reaches the colleague.
    sync(&a, &mut b);
    assert_eq!(b.document().unwrap(), after);
    // Redo brings it back.
    assert!(a.redo());
    assert_eq!(a.document().unwrap().objectives[0].title, "mine");
    // B never edited through A: B has nothing of its own to undo but its own change.
    assert!(b.undo());
    let b_after = b.document().unwrap();
    assert_eq!(b_after.objectives[0].owner, base.objectives[0].owner);
    assert!(b_after.objectives.iter().all(|o| o.id.0 != "theirs"));
}

#[test]
fn merging_a_file_updates_by_id_and_deletes_nothing() {
    let base = sample();
    let (mut a, _) = pair(&base);
    let mut file_version = base.clone();
    let removed = file_version.objectives.remove(1).id;
    file_version.objectives[0].title = "from the file".into();
    file_version.objectives.push(objective("new-in-file", "new"));
    let kr = &mut file_version.objectives[0].key_results[0];
    let last = kr.check_ins.last().cloned();
    if let Some(mut last) = last {
        last.note = "edited in the file".into();
        *kr.check_ins.last_mut().unwrap() = last;
    }
    a.merge(&file_version);
    let merged = a.document().unwrap();
    assert!(merged.objectives.iter().any(|o| o.id == removed), "merging never deletes");
    assert_eq!(merged.objectives[0].title, "from the file");
    assert_eq!(merged.objectives.last().unwrap().id.0, "new-in-file");
    // A check-in of the same date is updated, not doubled.
    assert_eq!(merged.objectives[0].key_results[0].check_ins, file_version.objectives[0].key_results[0].check_ins);
}

/// Where the key result `id` stands in `document`: its objective's id, once per copy.
fn placements(document: &Document, id: &str) -> Vec<String> {
    let objectives = document.objectives.iter();
    objectives.flat_map(|o| o.key_results.iter().filter(|k| k.id.0 == id).map(|_| o.id.0.clone())).collect()
}

#[test]
fn merging_a_file_carries_a_key_result_moved_to_another_objective() {
    let base = sample();
    let (mut a, mut b) = pair(&base);
    // Meanwhile, in the room, a colleague checks in on the key result the file moves.
    let moved = base.objectives[0].key_results[0].id.0.clone();
    let mut theirs = base.clone();
    theirs.objectives[0].key_results[0].check_ins.push(check_in("2026-03-20"));
    b.edit(&theirs);
    exchange(&mut a, &mut b);
    // The file moves it from the first objective to the last one (after it: read first
    // until now, the room's copy hid the move) and retitles it.
    let mut file_version = base.clone();
    let mut kr = file_version.objectives[0].key_results.remove(0);
    kr.title = "moved by the file".into();
    let last = file_version.objectives.len() - 1;
    file_version.objectives[last].key_results.push(kr);
    a.merge(&file_version);
    exchange(&mut a, &mut b);
    for room in [&a, &b] {
        let merged = room.document().unwrap();
        assert_eq!(placements(&merged, &moved), [base.objectives[last].id.0.clone()], "moved, and kept once");
        let (_, kr) = merged.key_result(&base.objectives[0].key_results[0].id).unwrap();
        assert_eq!(kr.title, "moved by the file");
        assert!(kr.check_ins.iter().any(|c| c.date.to_string() == "2026-03-20"), "the room's check-in moves with it");
    }
    // Into an objective the room does not have yet: added with it, once.
    let mut file_version = a.document().unwrap();
    let kr = file_version.objectives[last].key_results.pop().unwrap();
    let mut new = objective("new-in-file", "new");
    new.key_results.push(kr);
    file_version.objectives.push(new);
    a.merge(&file_version);
    assert_eq!(placements(&a.document().unwrap(), &moved), ["new-in-file"]);
}
