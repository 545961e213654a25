//! Replaying the page's edit onto a room that changed meanwhile.
//!
//! The page sends its whole document after each edit, together with the document it
//! edited (`base`). When nothing arrived from the room since, the room *is* `base` and
//! the edit is written as it is. When a colleague's change arrived in between, writing
//! the page's document as it is would undo that change; instead, the page's own change
//! (what differs between `base` and `mine`) is replayed on the room's document:
//! [`rebase`], a three-way merge over the format-v1 JSON. The rules follow the mapping's:
//! objects field by field; lists of objects with an `id` (objectives, key results,
//! comments) item by item, by id; any other value (a title, a metric, a list of
//! check-ins) whole, the page's version winning where it changed it.

use serde_json::{Map, Value};

/// `theirs` with the change from `base` to `mine` replayed on it.
pub fn rebase(base: &Value, mine: &Value, theirs: &Value) -> Value {
    if mine == base {
        return theirs.clone();
    }
    match (base, mine, theirs) {
        (Value::Object(b), Value::Object(m), Value::Object(t)) => Value::Object(objects(b, m, t)),
        (Value::Array(b), Value::Array(m), Value::Array(t)) if [b, m, t].iter().all(|l| by_id(l)) => {
            Value::Array(lists(b, m, t))
        }
        _ => mine.clone(),
    }
}

fn objects(base: &Map<String, Value>, mine: &Map<String, Value>, theirs: &Map<String, Value>) -> Map<String, Value> {
    let mut out = theirs.clone();
    for key in base.keys().chain(mine.keys()) {
        match (base.get(key), mine.get(key), theirs.get(key)) {
            // Removed here: removed.
            (Some(_), None, _) => {
                out.remove(key);
            }
            (None, Some(m), _) => {
                out.insert(key.clone(), m.clone());
            }
            (Some(b), Some(m), Some(t)) => {
                out.insert(key.clone(), rebase(b, m, t));
            }
            // Removed by them, changed here: the change stands.
            (Some(b), Some(m), None) if b != m => {
                out.insert(key.clone(), m.clone());
            }
            _ => {}
        }
    }
    out
}

fn id(item: &Value) -> Option<&Value> {
    item.get("id")
}

/// A list whose items are all objects with an id (an empty list counts).
fn by_id(list: &[Value]) -> bool {
    list.iter().all(|item| id(item).is_some())
}

fn lists(base: &[Value], mine: &[Value], theirs: &[Value]) -> Vec<Value> {
    let find = |list: &[Value], key: &Value| list.iter().find(|item| id(item) == Some(key)).cloned();
    let ids = |list: &[Value]| list.iter().filter_map(id).cloned().collect::<Vec<_>>();
    let (base_ids, mine_ids) = (ids(base), ids(mine));
    let moved_here = {
        let common = |a: &[Value], b: &[Value]| a.iter().filter(|x| b.contains(x)).cloned().collect::<Vec<_>>();
        common(&base_ids, &mine_ids) != common(&mine_ids, &base_ids)
    };
    // The order: the page's if it changed the order (a move), the room's otherwise;
    // items the page added go where the page put them, after their predecessor.
    let mut order: Vec<Value> = if moved_here {
        let mut order = mine_ids.clone();
        order.extend(ids(theirs).into_iter().filter(|x| !mine_ids.contains(x) && !base_ids.contains(x)));
        order
    } else {
        let mut order = ids(theirs);
        for (i, key) in mine_ids.iter().enumerate() {
            if base_ids.contains(key) || order.contains(key) {
                continue;
            }
            let at = mine_ids[..i].iter().rev().find_map(|before| order.iter().position(|x| x == before));
            order.insert(at.map_or(0, |p| p + 1), key.clone());
        }
        order
    };
    // Deleted here: gone, whatever they did.
    order.retain(|key| !base_ids.contains(key) || mine_ids.contains(key));
    order
        .iter()
        .filter_map(|key| match (find(base, key), find(mine, key), find(theirs, key)) {
            (Some(b), Some(m), Some(t)) => Some(rebase(&b, &m, &t)),
            // Deleted by them: deleting wins (as in the room), unless the page just added it.
            (Some(_), Some(_), None) => None,
            (None, Some(m), _) => Some(m),
            (_, None, Some(t)) => Some(t),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_pages_change_is_replayed_on_theirs() {
        let base = json!({"title": "T", "objectives": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]});
        let mine = json!({"title": "T2", "objectives": [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]});
        let theirs = json!({"title": "T", "objectives": [{"id": "a", "title": "A!"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}]});
        assert_eq!(
            rebase(&base, &mine, &theirs),
            json!({"title": "T2", "objectives": [{"id": "a", "title": "A!"}, {"id": "b", "title": "B"}, {"id": "c", "title": "C"}]})
        );
    }

    #[test]
    fn adds_moves_and_deletes_by_id() {
        let base = json!([{"id": "a"}, {"id": "b"}, {"id": "c"}]);
        // Here: b deleted, d added after a. There: c edited, e added.
        let mine = json!([{"id": "a"}, {"id": "d"}, {"id": "c"}]);
        let theirs = json!([{"id": "a"}, {"id": "b"}, {"id": "c", "x": 1}, {"id": "e"}]);
        assert_eq!(rebase(&base, &mine, &theirs), json!([{"id": "a"}, {"id": "d"}, {"id": "c", "x": 1}, {"id": "e"}]));
        // A move here keeps the page's order.
        let moved = json!([{"id": "b"}, {"id": "a"}, {"id": "c"}]);
        assert_eq!(rebase(&base, &moved, &theirs), json!([{"id": "b"}, {"id": "a"}, {"id": "c", "x": 1}, {"id": "e"}]));
    }
}
