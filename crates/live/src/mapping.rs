//! The mapping between an okrpad document (its format-v1 JSON) and a Yrs document.
//!
//! It is generic over the JSON, not written field by field, so that every field survives
//! the round trip: the ones okrpad knows today, the unknown ones a document keeps in
//! `extra`, and the ones other versions of okrpad add (a field this code has never heard
//! of is just another entry of a map).
//!
//! # The shape of the Yrs document
//!
//! - The root map `document` holds the document's own fields (`okrpad`, `title`, …).
//! - The root array `objectives` holds one Y map per objective, in the document's order.
//! - In an entry's map (an objective, a key result, a check-in, …), a field whose value is
//!   a list of objects (`key_results`, `check_ins`, `adjustments`, `comments`, or any other
//!   array of JSON objects) is a nested Y array of Y maps, recursively; every other field
//!   is one map entry holding the JSON text of its value (a string, a number, `metric`,
//!   `period`: one value each, so `metric` never mixes two people's kinds).
//!
//! So concurrent edits of different fields of one objective merge field by field; two
//! people adding objectives, key results or check-ins at once keep both (two insertions
//! in a Y array); two edits of the same field converge on one of them (Yrs's rule: the
//! same winner on every replica).
//!
//! # Identity
//!
//! Items of a list are matched by their `id` when they have one (objectives, key results),
//! otherwise by their content (check-ins, adjustments). Writing a new version of a
//! document changes only what differs: an edited field is one map entry; an added
//! objective is one insertion; a moved objective is a deletion and an insertion.
//!
//! # Delete against edit
//!
//! Deleting wins. When one person deletes an objective (or key result, or check-in) while
//! another edits it, the item is gone for both once they have synced, and the edit with
//! it: Yrs drops changes made inside a deleted map. The same holds for a *moved*
//! objective (a move is a deletion and an insertion): a field edited by someone else at
//! the same moment is lost. We chose the engine's own rule over a home-made resurrection
//! rule: it is what every Yjs client does, it needs no extra state, and the person who
//! deleted sees the outcome they asked for. Undo (see [`crate::Room::undo`]) brings back
//! what one deleted by mistake.
//!
//! # Containers exist before anyone fills them
//!
//! A nested list is created together with the map that holds it, even when empty (every
//! name in [`LISTS`]), and the top-level list is a root type. Otherwise two people adding
//! the first key result of an objective at once would each create the list, and one
//! list, with its key result, would lose.
//!
//! # Reading back
//!
//! Reading builds the JSON and hands it to the core's parser ([`file::parse`]), so a room
//! holds an okrpad document only if the core accepts it. Two rules keep concurrent
//! structure edits readable: an id seen twice (two people moving the same objective, or
//! pushing the same file into an empty room) keeps its first occurrence, and an empty
//! list is left out (the format's own default).

use std::collections::{HashMap, HashSet};

use okrpad_core::formats::file;
use okrpad_core::model::Document;
use serde_json::{Map as Object, Value};
use yrs::types::ToJson;
use yrs::{Any, Array, ArrayPrelim, ArrayRef, Doc, Map, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

use crate::LiveError;

/// The root map holding the document's own fields.
pub const DOCUMENT: &str = "document";
/// The root array holding the objectives.
pub const OBJECTIVES: &str = "objectives";
/// Lists created with every entry's map, empty or not (see the module doc). A name here
/// that an entry never uses costs a few bytes and is left out when read.
pub const LISTS: [&str; 4] = ["key_results", "check_ins", "adjustments", "comments"];
/// Lists whose items share one id namespace (the format's rule), deduplicated together.
const SHARED_IDS: [&str; 2] = [OBJECTIVES, "key_results"];

/// How writing treats what the new version lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The new version is the whole document: what it lacks is deleted, its order is
    /// the order (an editor's change).
    Replace,
    /// The new version is merged in: its items update the room's items with the same id
    /// (check-ins: the same date), the others are added at the end; nothing is deleted
    /// or moved (`okrpad live push`).
    Merge,
}

/// The root types of a document, created on first use.
pub(crate) struct Roots {
    pub document: MapRef,
    pub objectives: ArrayRef,
}

impl Roots {
    pub fn of(doc: &Doc) -> Roots {
        Roots { document: doc.get_or_insert_map(DOCUMENT), objectives: doc.get_or_insert_array(OBJECTIVES) }
    }
}

/// Writes `document` into the Yrs document in one transaction's worth of changes.
pub(crate) fn write(txn: &mut TransactionMut, roots: &Roots, document: &Document, mode: Mode) {
    let json = file::to_json(document);
    // The core's own serialisation of a valid document: always an object.
    let Ok(Value::Object(mut top)) = serde_json::from_str::<Value>(&json) else { return };
    let objectives = match top.remove(OBJECTIVES) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    write_fields(txn, &roots.document, &top, mode, false);
    write_list(txn, &roots.objectives, &objects(&objectives), mode);
}

/// Reads the document back through the core's parser.
pub(crate) fn read<T: ReadTxn>(txn: &T, roots: &Roots) -> Result<Document, LiveError> {
    let mut top = read_fields(txn, &roots.document)?;
    if top.is_empty() && roots.objectives.len(txn) == 0 {
        // Nothing of okrpad's, but another application's data (a shared text, say) is
        // not an empty room: joining must not look like an empty document to fill.
        return Err(match txn.root_refs().map(|(name, _)| name).find(|name| ![DOCUMENT, OBJECTIVES].contains(name)) {
            Some(name) => LiveError::Shape(format!("it holds {:?}, which okrpad does not use", truncate(name))),
            None => LiveError::EmptyRoom,
        });
    }
    let mut seen = HashMap::new();
    let objectives = read_list(txn, &roots.objectives, OBJECTIVES, &mut seen)?;
    top.insert(OBJECTIVES.to_owned(), Value::Array(objectives));
    let text = Value::Object(top).to_string();
    file::parse(&text).map_err(LiveError::NotADocument)
}

fn objects(values: &[Value]) -> Vec<&Object<String, Value>> {
    values.iter().filter_map(Value::as_object).collect()
}

/// A list of objects, stored as a Y array of Y maps (any other value is one entry).
fn as_list(value: &Value) -> Option<Vec<&Object<String, Value>>> {
    let items = value.as_array()?;
    let found = objects(items);
    (found.len() == items.len()).then_some(found)
}

fn write_fields(txn: &mut TransactionMut, map: &MapRef, fields: &Object<String, Value>, mode: Mode, entry: bool) {
    for (key, value) in fields {
        match as_list(value) {
            Some(items) if !items.is_empty() || LISTS.contains(&key.as_str()) => {
                let list = match map.get(txn, key) {
                    Some(Out::YArray(list)) => list,
                    _ => map.insert(txn, key.as_str(), ArrayPrelim::default()),
                };
                write_list(txn, &list, &items, mode);
            }
            _ => {
                let text = value.to_string();
                let same = matches!(map.get(txn, key), Some(Out::Any(Any::String(ref old))) if **old == *text);
                if !same {
                    map.insert(txn, key.as_str(), text);
                }
            }
        }
    }
    if entry {
        for name in LISTS {
            if !fields.contains_key(name) && !matches!(map.get(txn, name), Some(Out::YArray(_))) {
                map.insert(txn, name, ArrayPrelim::default());
            }
        }
    }
    if mode == Mode::Replace {
        let stale: Vec<String> = map.keys(txn).filter(|key| !fields.contains_key(*key)).map(str::to_owned).collect();
        for key in stale {
            match map.get(txn, &key) {
                // Keep the container (see "Containers exist before anyone fills them").
                Some(Out::YArray(list)) if LISTS.contains(&key.as_str()) => write_list(txn, &list, &[], mode),
                _ => {
                    map.remove(txn, &key);
                }
            }
        }
    }
}

/// What identifies an item of a list: its id, or (merging) a check-in's date, or its content.
fn identity(item: &Object<String, Value>, mode: Mode) -> String {
    match (item.get("id"), item.get("date"), mode) {
        (Some(id), _, _) => format!("id:{id}"),
        (None, Some(date), Mode::Merge) => format!("date:{date}"),
        _ => format!("content:{}", Value::Object(item.clone())),
    }
}

fn new_entry(txn: &mut TransactionMut, list: &ArrayRef, at: u32, item: &Object<String, Value>, mode: Mode) {
    let map = list.insert(txn, at, MapPrelim::default());
    write_fields(txn, &map, item, mode, true);
}

fn write_list(txn: &mut TransactionMut, list: &ArrayRef, items: &[&Object<String, Value>], mode: Mode) {
    // The room's items and their identities, as they read now.
    let old: Vec<(Option<MapRef>, String)> = list
        .iter(txn)
        .map(|out| match out {
            Out::YMap(map) => {
                let json = map_json(txn, &map);
                let key = identity(&json, mode);
                (Some(map), key)
            }
            _ => (None, String::new()),
        })
        .collect();
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, (map, key)) in old.iter().enumerate().rev() {
        if map.is_some() {
            by_key.entry(key.as_str()).or_default().push(index);
        }
    }
    // Match each new item to an old one: same identity first, then (replacing) leftover
    // anonymous items in order, so an edited check-in is updated in place.
    let keys: Vec<String> = items.iter().map(|item| identity(item, mode)).collect();
    let mut matched: Vec<Option<usize>> =
        keys.iter().map(|key| by_key.get_mut(key.as_str()).and_then(Vec::pop)).collect();
    if mode == Mode::Replace {
        let used: HashSet<usize> = matched.iter().flatten().copied().collect();
        let mut spare = old
            .iter()
            .enumerate()
            .filter(|(index, (map, key))| map.is_some() && key.starts_with("content:") && !used.contains(index))
            .map(|(index, _)| index);
        for (slot, key) in matched.iter_mut().zip(&keys) {
            if slot.is_none() && key.starts_with("content:") {
                *slot = spare.next();
            }
        }
    }
    match mode {
        Mode::Merge => {
            for (item, slot) in items.iter().zip(&matched) {
                match slot.and_then(|index| old[index].0.as_ref()) {
                    Some(map) => write_fields(txn, map, item, mode, true),
                    None => new_entry(txn, list, list.len(txn), item, mode),
                }
            }
        }
        Mode::Replace => {
            // Items that keep their place: the longest run of matches in the old order.
            let keep = increasing(&matched);
            let kept: HashSet<usize> = keep.iter().filter_map(|&at| matched[at]).collect();
            for index in (0..old.len()).rev() {
                if !kept.contains(&index) {
                    list.remove_range(txn, index as u32, 1);
                }
            }
            let keep: HashSet<usize> = keep.into_iter().collect();
            for (at, item) in items.iter().enumerate() {
                let existing =
                    if keep.contains(&at) { matched[at].and_then(|index| old[index].0.as_ref()) } else { None };
                match existing {
                    Some(map) => write_fields(txn, map, item, mode, true),
                    None => new_entry(txn, list, at as u32, item, mode),
                }
            }
        }
    }
}

/// The positions (in `matched`) of a longest strictly increasing run of old indices:
/// the items that need not move.
fn increasing(matched: &[Option<usize>]) -> Vec<usize> {
    // Patience sorting: tails[k] is the position ending the best run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; matched.len()];
    for (at, value) in matched.iter().enumerate() {
        let Some(value) = *value else { continue };
        let length = tails.partition_point(|&tail| matched[tail].is_some_and(|old| old < value));
        before[at] = length.checked_sub(1).map(|k| tails[k]);
        if length == tails.len() {
            tails.push(at);
        } else {
            tails[length] = at;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut next = tails.last().copied();
    while let Some(at) = next {
        run.push(at);
        next = before[at];
    }
    run.reverse();
    run
}

/// An entry's JSON as far as it can be read (for identities; unreadable parts left out).
fn map_json<T: ReadTxn>(txn: &T, map: &MapRef) -> Object<String, Value> {
    let mut seen = HashMap::new();
    read_fields_with(txn, map, &mut seen).unwrap_or_default()
}

fn read_fields<T: ReadTxn>(txn: &T, map: &MapRef) -> Result<Object<String, Value>, LiveError> {
    read_fields_with(txn, map, &mut HashMap::new())
}

type Seen = HashMap<&'static str, HashSet<String>>;

fn read_fields_with<T: ReadTxn>(txn: &T, map: &MapRef, seen: &mut Seen) -> Result<Object<String, Value>, LiveError> {
    let mut fields = Object::new();
    // Sorted, so the JSON (and any message naming a place in it) is the same everywhere.
    let mut entries: Vec<(String, Out)> = map.iter(txn).map(|(key, out)| (key.to_owned(), out)).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (key, out) in entries {
        let value = match out {
            Out::Any(Any::String(text)) => serde_json::from_str(&text)
                .map_err(|_| LiveError::Shape(format!("the field {key:?} does not hold a JSON value")))?,
            Out::YArray(list) => {
                let items = read_list(txn, &list, &key, seen)?;
                if items.is_empty() {
                    continue;
                }
                Value::Array(items)
            }
            other => {
                return Err(LiveError::Shape(format!("the field {key:?} holds {}", describe(txn, other))));
            }
        };
        fields.insert(key, value);
    }
    Ok(fields)
}

fn read_list<T: ReadTxn>(txn: &T, list: &ArrayRef, key: &str, seen: &mut Seen) -> Result<Vec<Value>, LiveError> {
    let scope: &'static str = SHARED_IDS.iter().find(|name| **name == key).copied().unwrap_or("");
    let mut local = HashSet::new();
    let mut items = Vec::new();
    for out in list.iter(txn) {
        let Out::YMap(map) = out else {
            return Err(LiveError::Shape(format!("the list {key:?} holds {}", describe(txn, out))));
        };
        let fields = read_fields_with(txn, &map, seen)?;
        if let Some(id) = fields.get("id").map(Value::to_string) {
            let ids = if scope.is_empty() { &mut local } else { seen.entry(scope).or_default() };
            if !ids.insert(id) {
                continue;
            }
        }
        items.push(Value::Object(fields));
    }
    Ok(items)
}

fn describe<T: ReadTxn>(txn: &T, out: Out) -> String {
    match out {
        Out::Any(any) => format!("the value {}", truncate(&any.to_string())),
        Out::YMap(map) => format!("a map {}", truncate(&map.to_json(txn).to_string())),
        Out::YArray(_) => "a list".to_owned(),
        _ => "a value okrpad does not use".to_owned(),
    }
}

fn truncate(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
