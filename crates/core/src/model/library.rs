//! The list of documents a browser keeps (one per team or quarter) and which one is
//! open. Pure bookkeeping: the browser adapter stores it as JSON under one key and
//! each document under a key of its own, so opening one document never parses all.
//!
//! The list is only an index of the documents stored: when it is damaged, or misses a
//! document, it is rebuilt from the document keys present ([`Library::reconcile`]),
//! and what was recovered or set aside is told to the user ([`Recovery::notice`]).
//! The storage key names (the layout) live here too, so the rules over them are
//! tested natively; they are public contracts (docs/sync.md).

use serde::{Deserialize, Serialize};

use crate::i18n::Text;

/// The list of documents.
pub const LIBRARY_KEY: &str = "okrpad.library.v1";
/// The language the user chose: `zh` or `en`.
pub const LANG_KEY: &str = "okrpad.lang";
/// The single-document layout of the first release, migrated on sight.
pub const LEGACY_DOCUMENT_KEY: &str = "okrpad.document.v1";
pub const LEGACY_HISTORY_KEY: &str = "okrpad.history.v1";
const DOCUMENT_PREFIX: &str = "okrpad.doc.";
const HISTORY_PREFIX: &str = "okrpad.history.";
/// What marks a copy of unreadable text set aside for the user.
const UNREADABLE: &str = ".unreadable";

/// Where the document `id` is stored.
pub fn document_key(id: &str) -> String {
    format!("{DOCUMENT_PREFIX}{id}")
}

/// Where the undo history of the document `id` is stored.
pub fn history_key(id: &str) -> String {
    format!("{HISTORY_PREFIX}{id}")
}

/// The document id a storage key holds, if it is a document's key (not a history, not
/// a copy set aside).
pub fn document_id(key: &str) -> Option<&str> {
    let id = key.strip_prefix(DOCUMENT_PREFIX)?;
    (!id.is_empty() && !is_backup(id)).then_some(id)
}

/// Whether `key` holds a copy of unreadable text set aside for the user.
pub fn is_backup(key: &str) -> bool {
    key.contains(UNREADABLE)
}

/// Where to set aside the unreadable text of `key`: `<key>.unreadable`, or
/// `<key>.unreadable.2`, `.3`… when an earlier copy (`taken`) is still there, so a
/// second damage never replaces the first.
pub fn backup_key(key: &str, taken: impl Fn(&str) -> bool) -> String {
    let first = format!("{key}{UNREADABLE}");
    if !taken(&first) {
        return first;
    }
    (2u32..).map(|n| format!("{first}.{n}")).find(|k| !taken(k)).unwrap_or(first)
}

/// The key a copy set aside was taken from (`okrpad.doc.d1` for
/// `okrpad.doc.d1.unreadable.2`).
pub fn backup_source(backup: &str) -> &str {
    backup.find(UNREADABLE).map_or(backup, |at| &backup[..at])
}

/// One stored document: its storage id and its title (kept here so the list can be
/// shown without reading every document).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub title: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Library {
    /// The document that opens on the next visit.
    #[serde(default)]
    pub current: Option<String>,
    #[serde(default)]
    pub documents: Vec<Entry>,
}

impl Library {
    /// Reads the stored list. Only a JSON object of the right shape is a list: broken
    /// JSON, `[1,2,3]`, `null` or `"x"` are refused (the caller rebuilds the list).
    pub fn parse(text: &str) -> Option<Library> {
        match serde_json::from_str::<serde_json::Value>(text) {
            Ok(value) if value.is_object() => serde_json::from_value(value).ok(),
            _ => None,
        }
    }

    /// Makes the list an index of the documents `stored` (the ids of the document keys
    /// present): entries whose document is gone leave it, repeated entries are dropped,
    /// and stored documents it misses are added at the end in id order, titled by
    /// `title_of` (`None`: the document cannot be read; it is not listed). Returns the
    /// entries added.
    pub fn reconcile(&mut self, stored: &[&str], mut title_of: impl FnMut(&str) -> Option<String>) -> Vec<Entry> {
        let mut seen = std::collections::HashSet::new();
        self.documents.retain(|e| stored.contains(&e.id.as_str()) && seen.insert(e.id.clone()));
        let mut missing: Vec<&str> = stored.iter().copied().filter(|id| !seen.contains(*id)).collect();
        crate::sort::by_key(&mut missing, |id| (id_number(id).is_none(), id_number(id), id.to_string()));
        missing.dedup();
        let added: Vec<Entry> =
            missing.into_iter().filter_map(|id| Some(Entry { id: id.to_owned(), title: title_of(id)? })).collect();
        self.documents.extend(added.iter().cloned());
        if self.current.as_deref().is_some_and(|c| !self.contains(c)) {
            self.current = None;
        }
        added
    }

    /// A storage id not used yet: `d1`, `d2`, …
    pub fn fresh_id(&self) -> String {
        let highest = self.documents.iter().filter_map(|e| id_number(&e.id)).max().unwrap_or(0);
        format!("d{}", highest.saturating_add(1))
    }

    /// Adds a document after the current one (or at the end), makes it current and
    /// returns its id.
    pub fn add(&mut self, title: &str) -> String {
        let id = self.fresh_id();
        let at = self.position(self.current.as_deref()).map_or(self.documents.len(), |i| i + 1);
        self.documents.insert(at, Entry { id: id.clone(), title: title.to_owned() });
        self.current = Some(id.clone());
        id
    }

    fn position(&self, id: Option<&str>) -> Option<usize> {
        let id = id?;
        self.documents.iter().position(|e| e.id == id)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.position(Some(id)).is_some()
    }

    /// Records a document's title (after an edit).
    pub fn set_title(&mut self, id: &str, title: &str) {
        if let Some(entry) = self.documents.iter_mut().find(|e| e.id == id) {
            entry.title = title.to_owned();
        }
    }

    /// Removes a document; the neighbour after it (or before it) becomes current.
    /// Returns the new current id, `None` when the library is empty.
    pub fn remove(&mut self, id: &str) -> Option<String> {
        let Some(at) = self.position(Some(id)) else { return self.current.clone() };
        self.documents.remove(at);
        if self.current.as_deref() == Some(id) {
            self.current = self.documents.get(at).or_else(|| self.documents.last()).map(|e| e.id.clone());
        }
        self.current.clone()
    }
}

/// The number in an id of the form `d<n>`, the ones [`Library::fresh_id`] makes.
fn id_number(id: &str) -> Option<u64> {
    id.strip_prefix('d')?.parse().ok()
}

/// What start-up found wrong in storage and did about it, to tell the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Recovery {
    /// The list itself could not be read and was rebuilt.
    pub list_rebuilt: bool,
    /// Stored documents the list did not name, now listed again.
    pub recovered: Vec<Entry>,
    /// Keys whose text could not be read, set aside for the user (see [`backup_key`]).
    pub set_aside: Vec<String>,
}

impl Recovery {
    /// The message for the user, `None` when nothing happened.
    pub fn notice(&self) -> Option<Text> {
        let mut zh = Vec::new();
        let mut en = Vec::new();
        if self.list_rebuilt {
            zh.push("文档列表已损坏，已根据本浏览器中保存的文档重建。".to_owned());
            en.push(
                "The list of documents was damaged; it was rebuilt from the documents stored in this browser."
                    .to_owned(),
            );
        }
        if !self.recovered.is_empty() {
            let titles = self.recovered.iter().map(|e| format!("「{}」", shown_title(e))).collect::<Vec<_>>();
            zh.push(format!("已找回 {} 份文档：{}。", titles.len(), titles.join("、")));
            let titles = self.recovered.iter().map(|e| format!("“{}”", shown_title(e))).collect::<Vec<_>>();
            let noun = if titles.len() == 1 { "document" } else { "documents" };
            en.push(format!("Recovered {} {noun}: {}.", titles.len(), titles.join(", ")));
        }
        if !self.set_aside.is_empty() {
            let keys = self.set_aside.join(", ");
            zh.push(format!("无法读取的数据（{keys}）已原样保留，未被覆盖，可在下方下载。"));
            en.push(format!(
                "Data that could not be read ({keys}) is kept as it was, never overwritten; you can download it below."
            ));
        }
        (!zh.is_empty()).then(|| Text::new(zh.join(""), en.join(" ")))
    }
}

fn shown_title(entry: &Entry) -> &str {
    if entry.title.trim().is_empty() { &entry.id } else { &entry.title }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_fresh_and_new_documents_follow_the_current_one() {
        let mut library = Library::default();
        assert_eq!(library.add("A"), "d1");
        assert_eq!(library.add("B"), "d2");
        library.current = Some("d1".into());
        assert_eq!(library.add("C"), "d3");
        let order: Vec<&str> = library.documents.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(order, ["A", "C", "B"]);
        assert_eq!(library.current.as_deref(), Some("d3"));
    }

    #[test]
    fn removing_the_current_document_opens_its_neighbour() {
        let mut library = Library::default();
        for t in ["A", "B", "C"] {
            library.add(t);
        }
        library.current = Some("d2".into());
        assert_eq!(library.remove("d2").as_deref(), Some("d3"));
        assert_eq!(library.remove("d3").as_deref(), Some("d1"));
        assert_eq!(library.remove("nope").as_deref(), Some("d1"));
        assert_eq!(library.remove("d1"), None);
        assert!(library.documents.is_empty());
    }

    #[test]
    fn titles_follow_edits_and_the_list_survives_json() {
        let mut library = Library::default();
        let id = library.add("Q1");
        library.set_title(&id, "Q1 sales");
        let stored: Library = serde_json::from_str(&serde_json::to_string(&library).unwrap()).unwrap();
        assert_eq!(stored.documents[0].title, "Q1 sales");
        assert_eq!(serde_json::from_str::<Library>("{}").unwrap(), Library::default());
    }

    #[test]
    fn only_an_object_of_the_right_shape_is_a_list() {
        for damaged in [
            "{not json",
            "[1,2,3]",
            "[]",
            "null",
            "\"x\"",
            "42",
            "",
            "{\"documents\": 3}",
            "{\"documents\": [{\"id\": 1}]}",
        ] {
            assert_eq!(Library::parse(damaged), None, "{damaged}");
        }
        let library = Library::parse(r#"{"current":"d2","documents":[{"id":"d2","title":"B"}]}"#).unwrap();
        assert_eq!(library.current.as_deref(), Some("d2"));
        assert_eq!(Library::parse("{}"), Some(Library::default()));
    }

    #[test]
    fn a_lost_list_is_rebuilt_from_the_stored_documents_in_id_order() {
        let mut library = Library::default();
        let titles = |id: &str| (id != "d3").then(|| format!("title of {id}"));
        let added = library.reconcile(&["d10", "d2", "d1", "d3", "custom"], titles);
        let ids: Vec<&str> = library.documents.iter().map(|e| e.id.as_str()).collect();
        // d3 cannot be read: it is not listed (the caller sets it aside).
        assert_eq!(ids, ["d1", "d2", "d10", "custom"]);
        assert_eq!(added.len(), 4);
        assert_eq!(library.documents[0].title, "title of d1");
        // A new document never takes a stored id.
        assert_eq!(library.fresh_id(), "d11");
    }

    #[test]
    fn the_list_follows_the_stored_documents_and_keeps_its_order() {
        let mut library = Library::default();
        for t in ["A", "B", "C"] {
            library.add(t);
        }
        library.documents.push(Entry { id: "d1".into(), title: "again".into() });
        library.current = Some("d2".into());
        // d2 is gone from storage, d7 was stored by another tab.
        let added = library.reconcile(&["d3", "d1", "d7"], |_| Some("seven".into()));
        let ids: Vec<&str> = library.documents.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["d1", "d3", "d7"]);
        assert_eq!(library.documents[0].title, "A");
        assert_eq!(added, [Entry { id: "d7".into(), title: "seven".into() }]);
        assert_eq!(library.current, None, "the open document is gone");
        assert!(library.reconcile(&["d3", "d1", "d7"], |_| None).is_empty(), "nothing more to add");
    }

    #[test]
    fn storage_keys_name_documents_and_copies_set_aside() {
        assert_eq!(document_key("d1"), "okrpad.doc.d1");
        assert_eq!(history_key("d1"), "okrpad.history.d1");
        assert_eq!(document_id("okrpad.doc.d12"), Some("d12"));
        for not_a_document in ["okrpad.doc.", "okrpad.doc.d1.unreadable", "okrpad.history.d1", LIBRARY_KEY, "other"] {
            assert_eq!(document_id(not_a_document), None, "{not_a_document}");
        }
        let stored = ["okrpad.doc.d1.unreadable", "okrpad.doc.d1.unreadable.2"];
        let taken = |k: &str| stored.contains(&k);
        assert_eq!(backup_key(LIBRARY_KEY, taken), "okrpad.library.v1.unreadable");
        assert_eq!(backup_key("okrpad.doc.d1", taken), "okrpad.doc.d1.unreadable.3");
        assert!(is_backup("okrpad.doc.d1.unreadable.3"));
        assert_eq!(backup_source("okrpad.doc.d1.unreadable.3"), "okrpad.doc.d1");
        assert_eq!(backup_source(LANG_KEY), LANG_KEY);
    }

    #[test]
    fn the_notice_says_what_was_recovered_and_set_aside_in_both_languages() {
        assert_eq!(Recovery::default().notice(), None);
        let recovery = Recovery {
            list_rebuilt: true,
            recovered: vec![
                Entry { id: "d1".into(), title: "Q1 销售".into() },
                Entry { id: "d2".into(), title: " ".into() },
            ],
            set_aside: vec!["okrpad.history.d1".into()],
        };
        let notice = recovery.notice().unwrap();
        for text in [&notice.zh, &notice.en] {
            assert!(text.contains("Q1 销售") && text.contains("d2") && text.contains("okrpad.history.d1"), "{text}");
        }
        assert!(notice.en.contains("Recovered 2 documents") && notice.zh.contains("已找回 2 份文档"));
    }
}
