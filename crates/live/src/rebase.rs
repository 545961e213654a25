//! Replaying the page's edit onto a room that changed meanwhile.
//!
//! The page sends its whole document after each edit, together with the document it
//! edited (`base`). When nothing arrived from the room since, the room *is* `base` and
//! the edit is written as it is. When a colleague's change arrived in between, writing
//! the page's document as it is would undo that change; instead, the page's own change
//! (what differs between `base` and `mine`) is replayed on the room's document:
//! [`rebase`], a three-way merge over the format-v1 JSON. The rules follow the mapping's:
//! objects field by field; lists of objects item by item: by `id` where every item has
//! one (objectives, key results, comments), by content otherwise (check-ins,
//! adjustments: an edited check-in is the old one removed and the new one added, as in
//! the room); any other value (a title, a metric, a list of numbers) whole, the page's
//! version winning where it changed it. So a check-in a colleague added while this page
//! added its own keeps both, as two people adding check-ins in the room do.

use serde_json::{Map, Value};

/// `theirs` with the change from `base` to `mine` replayed on it.
pub fn rebase(base: &Value, mine: &Value, theirs: &Value) -> Value {
    if mine == base {
        return theirs.clone();
    }
    match (base, mine, theirs) {
        (Value::Object(b), Value::Object(m), Value::Object(t)) => Value::Object(objects(b, m, t)),
        (Value::Array(b), Value::Array(m), Value::Array(t)) if [b, m, t].iter().all(|l| of_objects(l)) => {
            let identity = if [b, m, t].iter().all(|l| by_id(l)) { Identity::Id } else { Identity::Content };
            Value::Array(lists(&identity.keyed(b), &identity.keyed(m), &identity.keyed(t)))
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

/// A list whose items are all objects (an empty list counts): the mapping's Y arrays.
fn of_objects(list: &[Value]) -> bool {
    list.iter().all(Value::is_object)
}

/// A list whose items all have an id (an empty list counts).
fn by_id(list: &[Value]) -> bool {
    list.iter().all(|item| id(item).is_some())
}

/// How the items of a list are matched across the three versions.
enum Identity {
    /// By their `id`.
    Id,
    /// By their whole content and, for equal items, their rank among them: the same
    /// check-in twice is two items.
    Content,
}

impl Identity {
    /// Each item with its key.
    fn keyed(&self, list: &[Value]) -> Vec<(Value, Value)> {
        let mut seen: Vec<&Value> = Vec::new();
        list.iter()
            .map(|item| {
                let key = match self {
                    Identity::Id => id(item).cloned().unwrap_or(Value::Null),
                    Identity::Content => {
                        let rank = seen.iter().filter(|x| **x == item).count();
                        seen.push(item);
                        Value::Array(vec![item.clone(), rank.into()])
                    }
                };
                (key, item.clone())
            })
            .collect()
    }
}

fn lists(base: &[(Value, Value)], mine: &[(Value, Value)], theirs: &[(Value, Value)]) -> Vec<Value> {
    let find = |list: &[(Value, Value)], key: &Value| list.iter().find(|(k, _)| k == key).map(|(_, item)| item.clone());
    let ids = |list: &[(Value, Value)]| list.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
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

    #[test]
    fn check_ins_added_on_both_sides_are_all_kept() {
        let a = json!({"date": "2026-11-01", "value": 10});
        let b = json!({"date": "2026-11-02", "value": 20});
        let c = json!({"date": "2026-11-02", "value": 25});
        let kr = |check_ins: Value| json!({"id": "k", "check_ins": check_ins});
        // Here: c added. There, meanwhile: b added.
        let merged = rebase(&kr(json!([a])), &kr(json!([a, c])), &kr(json!([a, b])));
        assert_eq!(merged, kr(json!([a, c, b])));
        // Here: a's value edited (a removed, a2 added). There: b added. Both stand.
        let a2 = json!({"date": "2026-11-01", "value": 12});
        let merged = rebase(&kr(json!([a, b])), &kr(json!([a2, b])), &kr(json!([a, b, c])));
        assert_eq!(merged, kr(json!([a2, b, c])));
        // Here: b deleted. There: c added. b is gone, c stays.
        let merged = rebase(&kr(json!([a, b])), &kr(json!([a])), &kr(json!([a, b, c])));
        assert_eq!(merged, kr(json!([a, c])));
    }

    #[test]
    fn equal_items_count_as_several() {
        let a = json!({"date": "2026-11-01", "value": 10});
        // A second, equal check-in recorded here, and one there: they cannot be told
        // apart, so they count as one.
        assert_eq!(rebase(&json!([a]), &json!([a, a]), &json!([a, a])), json!([a, a]));
        // Recorded twice here: both kept.
        assert_eq!(rebase(&json!([]), &json!([a, a]), &json!([])), json!([a, a]));
        // One of two equal items deleted here: one left.
        assert_eq!(rebase(&json!([a, a]), &json!([a]), &json!([a, a])), json!([a]));
    }

    #[test]
    fn lists_of_plain_values_are_taken_whole() {
        assert_eq!(rebase(&json!([1, 2]), &json!([1, 3]), &json!([1, 2, 4])), json!([1, 3]));
    }
}
