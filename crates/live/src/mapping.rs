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
//! A nested list is created together with the map that holds it, even when empty (the
//! lists the format gives that kind of entry: an objective's key results, adjustments and
//! comments; a key result's check-ins, adjustments and comments), and the top-level list
//! is a root type. Otherwise two people adding the first key result of an objective at
//! once would each create the list, and one list, with its key result, would lose. A
//! check-in, an adjustment or a comment holds no list, so it carries none: every
//! container is an item that each replica stores and applies on joining, and empty ones
//! on every check-in made a 2,000-objective room 44% larger.
//!
//! # Reading back
//!
//! Reading builds the JSON and hands it to the core's parser ([`file::parse`]), so a room
//! holds an okrpad document only if the core accepts it. Two rules keep concurrent
//! structure edits readable: an id seen twice (two people moving the same objective, or
//! pushing the same file into an empty room) keeps its first occurrence, and an empty
//! list is left out (the format's own default).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use okrpad_core::formats::file;
use okrpad_core::model::Document;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map as Object, Value};
use yrs::types::ToJson;
use yrs::{Any, Array, ArrayPrelim, ArrayRef, Doc, Map, MapPrelim, MapRef, Out, ReadTxn, TransactionMut};

use crate::LiveError;

/// The root map holding the document's own fields.
pub const DOCUMENT: &str = "document";
/// The root array holding the objectives.
pub const OBJECTIVES: &str = "objectives";
/// The format's lists of objects: kept as lists even when empty (see the module doc).
pub const LISTS: [&str; 4] = ["key_results", "check_ins", "adjustments", "comments"];

/// The lists an entry of the list `parent` holds, created with it (see the module doc):
/// only where the format has them, as every container is an item each replica stores,
/// sends and applies on joining (a check-in holds none).
fn containers(parent: &str) -> &'static [&'static str] {
    match parent {
        OBJECTIVES => &["key_results", "adjustments", "comments"],
        "key_results" => &["check_ins", "adjustments", "comments"],
        _ => &[],
    }
}
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
    /// or reordered, but a key result the new version places under another objective
    /// moves there (`carry_moves`; `okrpad live push`).
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
    write_fields(txn, &roots.document, &top, mode, &[]);
    if mode == Mode::Merge {
        carry_moves(txn, roots, &objects(&objectives));
    }
    write_list(txn, &roots.objectives, OBJECTIVES, &objects(&objectives), mode);
}

/// The id of a room's entry, as JSON text (`"k1"`), the form [`identity`] compares.
fn entry_id<T: ReadTxn>(txn: &T, map: &MapRef) -> Option<String> {
    match map.get(txn, "id")? {
        Out::Any(Any::String(json)) => serde_json::from_str::<Value>(&json).ok().map(|id| id.to_string()),
        _ => None,
    }
}

/// Merging: a key result that the file places under another objective than the room
/// does moves to the file's objective, as any other value the file changes. Ids are
/// one namespace, so a key result kept in both places would be read once, where it
/// stands first, and the move lost.
///
/// The room's copy moves (its map is deleted and written again under the new
/// objective), so what only the room has of it (a colleague's check-in, a comment)
/// moves with it; the file's fields are then merged into it as usual. Where the new
/// objective is not in the room yet, the file's key result is added with it, as the
/// file has it. A concurrent edit of the moved key result is lost, as with any move
/// (see "Delete against edit").
fn carry_moves(txn: &mut TransactionMut, roots: &Roots, objectives: &[&Object<String, Value>]) {
    // Where the file places each key result: its id → its objective's id.
    let mut placed: HashMap<String, String> = HashMap::new();
    for objective in objectives {
        let Some(owner) = objective.get("id").map(Value::to_string) else { continue };
        for kr in objective.get("key_results").and_then(as_list).unwrap_or_default() {
            if let Some(id) = kr.get("id") {
                placed.insert(id.to_string(), owner.clone());
            }
        }
    }
    let mut rooms: HashMap<String, MapRef> = HashMap::new();
    let mut in_room: Vec<(String, ArrayRef)> = Vec::new();
    for out in roots.objectives.iter(txn) {
        let Out::YMap(map) = out else { continue };
        let Some(id) = entry_id(txn, &map) else { continue };
        if let Some(Out::YArray(list)) = map.get(txn, "key_results") {
            in_room.push((id.clone(), list));
        }
        rooms.entry(id).or_insert(map);
    }
    // Each misplaced copy is deleted; the first, the one read until now, moves.
    let mut moving: Vec<(String, Object<String, Value>)> = Vec::new();
    let mut misplaced: Vec<(ArrayRef, u32)> = Vec::new();
    for (owner, list) in &in_room {
        for (index, out) in list.iter(txn).enumerate() {
            let Out::YMap(kr) = out else { continue };
            let Some(id) = entry_id(txn, &kr) else { continue };
            let Some(target) = placed.get(&id).filter(|target| *target != owner) else { continue };
            if rooms.contains_key(target) && moving.iter().all(|(moved, _)| *moved != id) {
                moving.push((id, map_json(txn, &kr)));
            }
            misplaced.push((list.clone(), index as u32));
        }
    }
    // Last first, so the indices of a list's other copies still hold.
    for (list, index) in misplaced.into_iter().rev() {
        list.remove_range(txn, index, 1);
    }
    for (id, kr) in moving {
        let Some(target) = placed.get(&id).and_then(|target| rooms.get(target)) else { continue };
        let list = match target.get(txn, "key_results") {
            Some(Out::YArray(list)) => list,
            _ => target.insert(txn, "key_results", ArrayPrelim::default()),
        };
        // The file's objective may hold a copy already (from an earlier push): merged into.
        if !list.iter(txn).any(|out| matches!(out, Out::YMap(map) if entry_id(txn, &map).as_ref() == Some(&id))) {
            new_entry(txn, &list, "key_results", list.len(txn), &kr, Mode::Merge);
        }
    }
}

/// Reads the document back through the core's parser: [`text`], parsed.
pub(crate) fn read<T: ReadTxn>(txn: &T, roots: &Roots) -> Result<Document, LiveError> {
    file::parse(&text(txn, roots)?).map_err(LiveError::NotADocument)
}

/// The room's JSON text (compact, the version first and the other keys sorted), not yet
/// parsed by the core: the worker sends it as it is, since the page parses it anyway (and says
/// [`LiveError::NotADocument`]'s message itself); parsing it here too was most of the
/// time reading a large room took.
///
/// The text is written straight from the fields' own JSON text (see [`Text`]): reading
/// a 2,000-objective room and writing the page's message takes about half the time it
/// took through a tree of `serde_json` values. Anything unusual (a field that is not
/// one JSON value, an item that is not a map) is read the slow way, [`read_tree`],
/// which has the precise message; both ways write the same text.
pub(crate) fn text<T: ReadTxn>(txn: &T, roots: &Roots) -> Result<String, LiveError> {
    match Text::read(txn, roots) {
        Some(result) => result,
        None => read_tree(txn, roots),
    }
}

/// The room's JSON through a tree of values: each field's text parsed, the tree written
/// out. The reference for [`Text`], and what gives its messages when something is wrong.
fn read_tree<T: ReadTxn>(txn: &T, roots: &Roots) -> Result<String, LiveError> {
    let mut top = read_fields(txn, &roots.document)?;
    if top.is_empty() && roots.objectives.len(txn) == 0 {
        return Err(nothing_of_okrpads(txn));
    }
    let mut seen = HashMap::new();
    let objectives = read_list(txn, &roots.objectives, OBJECTIVES, &mut seen)?;
    top.insert(OBJECTIVES.to_owned(), Value::Array(objectives));
    // The version first, as okrpad's writer puts it: the core's parser then knows it
    // without reading the whole text once more (`file::parse`).
    let Some(version) = top.remove(file::VERSION_KEY) else { return Ok(Value::Object(top).to_string()) };
    let rest = Value::Object(top).to_string();
    let rest = rest.strip_prefix('{').unwrap_or(&rest);
    let comma = if rest == "}" { "" } else { "," };
    Ok(format!("{{{}:{version}{comma}{rest}", Value::from(file::VERSION_KEY)))
}

/// A room without okrpad's data: empty, or another application's (a shared text, say),
/// which is not an empty room: joining must not look like an empty document to fill.
fn nothing_of_okrpads<T: ReadTxn>(txn: &T) -> LiveError {
    match txn.root_refs().map(|(name, _)| name).find(|name| ![DOCUMENT, OBJECTIVES].contains(name)) {
        Some(name) => LiveError::Shape(format!("it holds {:?}, which okrpad does not use", truncate(name))),
        None => LiveError::EmptyRoom,
    }
}

/// The room's JSON written as text, the same as [`read_tree`] writes (the version first,
/// the other keys sorted, an id seen twice keeps its first occurrence, empty lists left
/// out) but without the tree:
/// a field's JSON text is copied once checked to be one JSON value ([`OneValue`]).
/// Where the tree would fail, or might differ, it gives up (`None`) and the caller reads
/// the tree.
struct Text<'t, T> {
    txn: &'t T,
    out: Vec<u8>,
    /// Ids of objectives and key results so far, as [`read_list`] writes them.
    shared: HashSet<Arc<str>>,
}

/// A map's entries, sorted by key.
fn entries<'a, T: ReadTxn>(txn: &'a T, map: &'a MapRef) -> Vec<(&'a str, Out)> {
    let mut entries: Vec<(&str, Out)> = map.iter(txn).collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    entries
}

impl<T: ReadTxn> Text<'_, T> {
    /// `None` to read the tree instead; an error only for a room without okrpad's data.
    fn read(txn: &T, roots: &Roots) -> Option<Result<String, LiveError>> {
        let mut text = Text { txn, out: Vec::new(), shared: HashSet::new() };
        let mut fields = entries(txn, &roots.document);
        if fields.iter().any(|(key, _)| *key == OBJECTIVES) {
            return None;
        }
        // Where the tree puts the list: among the fields, in order.
        let at = fields.partition_point(|(key, _)| *key < OBJECTIVES);
        fields.insert(at, (OBJECTIVES, Out::YArray(roots.objectives.clone())));
        if let Some(at) = fields.iter().position(|(key, _)| *key == file::VERSION_KEY) {
            let version = fields.remove(at);
            fields.insert(0, version);
        }
        text.out.push(b'{');
        let (mut first, mut any) = (true, false);
        for (key, out) in fields {
            let mark = text.out.len();
            if !first {
                text.out.push(b',');
            }
            serde_json::to_writer(&mut text.out, key).ok()?;
            text.out.push(b':');
            let written = match out {
                // Always there, even empty (the tree's way).
                Out::YArray(list) if key == OBJECTIVES => {
                    if !text.list(&list, true)? {
                        text.out.extend_from_slice(b"[]");
                    }
                    true
                }
                out => {
                    let written = text.value(key, out)?;
                    any |= written;
                    written
                }
            };
            if written {
                first = false;
            } else {
                text.out.truncate(mark);
            }
        }
        text.out.push(b'}');
        if !any && roots.objectives.len(txn) == 0 {
            return Some(Err(nothing_of_okrpads(txn)));
        }
        String::from_utf8(text.out).ok().map(Ok)
    }

    /// Writes a field's value; `false` when it is an empty list (left out).
    fn value(&mut self, key: &str, out: Out) -> Option<bool> {
        match out {
            Out::Any(Any::String(json)) => {
                OneValue::check(&json)?;
                self.out.extend_from_slice(json.as_bytes());
                Some(true)
            }
            Out::YArray(list) => self.list(&list, SHARED_IDS.contains(&key)),
            _ => None,
        }
    }

    /// Writes a list of maps; `false` when nothing is left of it. `shared`: its ids are
    /// in the namespace of objectives and key results, otherwise its own.
    fn list(&mut self, list: &ArrayRef, shared: bool) -> Option<bool> {
        let mut local = HashSet::new();
        let start = self.out.len();
        self.out.push(b'[');
        let mut first = true;
        for out in list.iter(self.txn) {
            let Out::YMap(map) = out else { return None };
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            self.map(&map)?;
            // After the item's own lists, as the tree reads them.
            let keep = match self.id(&map)? {
                Some(id) if shared => self.shared.insert(id),
                Some(id) => local.insert(id),
                None => true,
            };
            if keep {
                first = false;
            } else {
                self.out.truncate(mark);
            }
        }
        if first {
            self.out.truncate(start);
            return Some(false);
        }
        self.out.push(b']');
        Some(true)
    }

    /// Writes a map as a JSON object.
    fn map(&mut self, map: &MapRef) -> Option<()> {
        self.out.push(b'{');
        let mut first = true;
        for (key, out) in entries(self.txn, map) {
            let mark = self.out.len();
            if !first {
                self.out.push(b',');
            }
            serde_json::to_writer(&mut self.out, key).ok()?;
            self.out.push(b':');
            if self.value(key, out)? {
                first = false;
            } else {
                self.out.truncate(mark);
            }
        }
        self.out.push(b'}');
        Some(())
    }

    /// An item's id as the tree writes it (`None` inside: it has none).
    fn id(&self, map: &MapRef) -> Option<Option<Arc<str>>> {
        match map.get(self.txn, "id") {
            None => Some(None),
            // A string without escapes is written as it is (it holds no quote, no control
            // character: it is valid JSON, checked when the item was written).
            Some(Out::Any(Any::String(json)))
                if json.len() >= 2 && json.starts_with('"') && json.ends_with('"') && !json.contains('\\') =>
            {
                Some(Some(json))
            }
            Some(Out::Any(Any::String(json))) => {
                serde_json::from_str::<Value>(&json).ok().map(|id| Some(Arc::from(id.to_string())))
            }
            // A list as an id: rare enough for the tree.
            Some(_) => None,
        }
    }
}

/// What a field's JSON text must be for [`Text`] to copy it: one JSON value (nothing
/// after it: copied into the document's text, it could otherwise add fields) with no
/// key twice in an object (the tree keeps the last, the core's parser may refuse or
/// keep another). Checked without building anything but the keys of each object.
struct OneValue;

impl OneValue {
    /// `Some` when `json` is one JSON value. Most fields are a string without escapes
    /// or a whole number, told at a glance; the rest go through the parser.
    fn check(json: &str) -> Option<OneValue> {
        let plain_string = |inner: &[u8]| !inner.iter().any(|&b| b == b'"' || b == b'\\' || b < 0x20);
        let whole_number = |digits: &[u8]| match digits {
            [b'0'] => true,
            [b'1'..=b'9', rest @ ..] => rest.len() < 15 && rest.iter().all(u8::is_ascii_digit),
            _ => false,
        };
        match json.as_bytes() {
            [b'"', inner @ .., b'"'] if plain_string(inner) => Some(OneValue),
            [b'-', digits @ ..] | digits if whole_number(digits) => Some(OneValue),
            _ => serde_json::from_str(json).ok(),
        }
    }
}

impl<'de> Deserialize<'de> for OneValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<OneValue, D::Error> {
        deserializer.deserialize_any(OneValue)
    }
}

impl<'de> Visitor<'de> for OneValue {
    type Value = OneValue;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_i64<E>(self, _: i64) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_u64<E>(self, _: u64) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_f64<E>(self, _: f64) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_str<E>(self, _: &str) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_unit<E>(self) -> Result<OneValue, E> {
        Ok(OneValue)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneValue, A::Error> {
        while seq.next_element::<OneValue>()?.is_some() {}
        Ok(OneValue)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<OneValue, A::Error> {
        let mut keys = Vec::new();
        while let Some(Key(key)) = map.next_key()? {
            keys.push(key);
            map.next_value::<OneValue>()?;
        }
        keys.sort_unstable();
        match keys.windows(2).any(|pair| pair[0] == pair[1]) {
            true => Err(de::Error::custom("a key twice")),
            false => Ok(OneValue),
        }
    }
}

/// An object's key, borrowed from the text when it has no escape.
struct Key<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct Name;
        impl<'de> Visitor<'de> for Name {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a key")
            }

            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
        }
        deserializer.deserialize_str(Name)
    }
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

fn write_fields(txn: &mut TransactionMut, map: &MapRef, fields: &Object<String, Value>, mode: Mode, lists: &[&str]) {
    for (key, value) in fields {
        match as_list(value) {
            Some(items) if !items.is_empty() || LISTS.contains(&key.as_str()) => {
                let list = match map.get(txn, key) {
                    Some(Out::YArray(list)) => list,
                    _ => map.insert(txn, key.as_str(), ArrayPrelim::default()),
                };
                write_list(txn, &list, key, &items, mode);
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
    for &name in lists {
        if !fields.contains_key(name) && !matches!(map.get(txn, name), Some(Out::YArray(_))) {
            map.insert(txn, name, ArrayPrelim::default());
        }
    }
    if mode == Mode::Replace {
        let stale: Vec<String> = map.keys(txn).filter(|key| !fields.contains_key(*key)).map(str::to_owned).collect();
        for key in stale {
            match map.get(txn, &key) {
                // Keep the container (see "Containers exist before anyone fills them").
                Some(Out::YArray(list)) if LISTS.contains(&key.as_str()) => write_list(txn, &list, &key, &[], mode),
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

fn new_entry(txn: &mut TransactionMut, list: &ArrayRef, name: &str, at: u32, item: &Object<String, Value>, mode: Mode) {
    let map = list.insert(txn, at, MapPrelim::default());
    write_fields(txn, &map, item, mode, containers(name));
}

/// Writes `items` into the list `list`, named `name` in its parent.
fn write_list(txn: &mut TransactionMut, list: &ArrayRef, name: &str, items: &[&Object<String, Value>], mode: Mode) {
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
                    Some(map) => write_fields(txn, map, item, mode, containers(name)),
                    None => new_entry(txn, list, name, list.len(txn), item, mode),
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
                    Some(map) => write_fields(txn, map, item, mode, containers(name)),
                    None => new_entry(txn, list, name, at as u32, item, mode),
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

#[cfg(test)]
mod tests {
    use okrpad_core::calendar::Date;
    use okrpad_core::content::generate::generate;
    use okrpad_core::i18n::Lang;
    use yrs::{Transact, WriteTxn};

    use super::*;

    /// A room holding a generated document, then changed by `change` (by hand, as
    /// another client or a damaged one could).
    fn room(change: impl FnOnce(&mut TransactionMut, &Roots)) -> (Doc, Roots) {
        let doc = Doc::with_client_id(1);
        let roots = Roots::of(&doc);
        let document = generate(3, Lang::En, Date::new(2026, 2, 15).unwrap());
        let mut txn = doc.transact_mut();
        write(&mut txn, &roots, &document, Mode::Replace);
        change(&mut txn, &roots);
        drop(txn);
        (doc, roots)
    }

    fn objective<T: ReadTxn>(txn: &T, roots: &Roots, at: u32) -> MapRef {
        match roots.objectives.get(txn, at) {
            Some(Out::YMap(map)) => map,
            _ => panic!("no objective {at}"),
        }
    }

    /// Both ways of reading give the same: the same text where the quick one applies,
    /// the same document or the same message otherwise.
    fn agree(doc: &Doc, roots: &Roots) -> Option<String> {
        let txn = doc.transact();
        let tree = read_tree(&txn, roots).map(|text| (file::parse(&text).ok(), text));
        let quick = Text::read(&txn, roots);
        let read = read(&txn, roots);
        match (&tree, &read) {
            (Ok((Some(expected), _)), Ok(document)) => assert_eq!(document, expected),
            (Ok((None, text)), Err(error)) => {
                assert_eq!(
                    error.to_string(),
                    file::parse(text).map_err(LiveError::NotADocument).unwrap_err().to_string()
                )
            }
            (Err(expected), Err(error)) => assert_eq!(error.to_string(), expected.to_string()),
            _ => panic!("the tree reads {tree:?}, the text {read:?}"),
        }
        let quick = quick.and_then(Result::ok);
        if let (Some(quick), Ok((_, text))) = (&quick, &tree) {
            assert_eq!(quick, text, "the same text, byte for byte");
        }
        quick
    }

    #[test]
    fn an_okrpad_room_reads_quickly_into_the_trees_own_text() {
        let (doc, roots) = room(|_, _| {});
        let text = agree(&doc, &roots).unwrap();
        // As okrpad writes a file: the core's parser then skips its version probe.
        assert!(text.starts_with(r#"{"okrpad":1,"#), "{}", &text[..40]);
    }

    #[test]
    fn an_id_twice_keeps_the_first_however_it_is_spelled() {
        let (doc, roots) = room(|txn, roots| {
            let first = objective(txn, roots, 0);
            let Some(Out::Any(Any::String(id))) = first.get(txn, "id") else { panic!("no id") };
            let spelled = format!("\"\\u{:04x}{}", u32::from(id.as_bytes()[1]), &id[2..]);
            objective(txn, roots, 1).insert(txn, "id", spelled.as_str());
            objective(txn, roots, 2).insert(txn, "id", id.as_ref());
        });
        let document = read(&doc.transact(), &roots).unwrap();
        assert_eq!(document.objectives.len(), 1);
        agree(&doc, &roots);
    }

    #[test]
    fn fields_that_are_not_one_json_value_are_left_to_the_tree() {
        // Text after the value (which, copied, would add a field), a key twice, no JSON.
        for text in [r#""Q1", "okrpad": 99"#, r#"{"start":"2026-01-01","start":"2026-02-01"}"#, "not json {"] {
            let (doc, roots) = room(|txn, roots| {
                objective(txn, roots, 0).insert(txn, "period", text);
            });
            assert_eq!(agree(&doc, &roots), None, "{text}");
        }
        // Outside a field's text, not a map among objectives, a list as the document's own.
        let (doc, roots) = room(|txn, roots| {
            roots.objectives.push_back(txn, 42);
        });
        assert_eq!(agree(&doc, &roots), None);
        let (doc, roots) = room(|txn, roots| {
            roots.document.insert(txn, OBJECTIVES, "[]");
        });
        assert_eq!(agree(&doc, &roots), None);
    }

    #[test]
    fn a_fields_text_is_one_value_exactly_when_the_parser_says_so() {
        let texts = [
            r#""Q1""#,
            r#""""#,
            r#""季度目标""#,
            r#""a\"b""#,
            r#""a\n""#,
            "\"\u{1}\"",
            r#""a","b""#,
            r#""a" "#,
            "\"",
            "0",
            "-0",
            "7",
            "-42",
            "01",
            "-",
            "--1",
            "1.5",
            "1e3",
            "123456789012345",
            "1234567890123456789012",
            "true",
            "null",
            r#"{"a":1}"#,
            r#"{"a":1,"a":2}"#,
            "[1,2]",
            "1 2",
            "",
        ];
        for text in texts {
            assert_eq!(OneValue::check(text).is_some(), serde_json::from_str::<OneValue>(text).is_ok(), "{text}");
        }
    }

    #[test]
    fn rooms_without_okrpads_data_say_so_either_way() {
        let doc = Doc::with_client_id(1);
        let roots = Roots::of(&doc);
        assert!(matches!(read(&doc.transact(), &roots), Err(LiveError::EmptyRoom)));
        agree(&doc, &roots);
        {
            let mut txn = doc.transact_mut();
            roots.document.insert(&mut txn, "key_results", ArrayPrelim::default());
            txn.get_or_insert_text("notes");
        }
        assert!(matches!(read(&doc.transact(), &roots), Err(LiveError::Shape(_))));
        agree(&doc, &roots);
    }
}
