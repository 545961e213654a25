//! The list of documents a browser keeps (one per team or quarter) and which one is
//! open. Pure bookkeeping: the browser adapter stores it as JSON under one key and
//! each document under a key of its own, so opening one document never parses all.

use serde::{Deserialize, Serialize};

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
    /// A storage id not used yet: `d1`, `d2`, …
    pub fn fresh_id(&self) -> String {
        let highest =
            self.documents.iter().filter_map(|e| e.id.strip_prefix('d')?.parse::<u64>().ok()).max().unwrap_or(0);
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
}
