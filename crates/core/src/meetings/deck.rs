//! Presentation mode's running order: which objectives the facilitator steps through,
//! and whose sets can be picked.
//!
//! Objectives come in tree order (each one followed by those aligned to it), the order
//! a workshop walks the cascade in, top-down; one owner's set keeps that order.

use crate::model::Document;
use crate::model::tree::Forest;

/// Document indexes of the objectives to present, in tree order; with `owner`, only
/// that owner's objectives.
pub fn deck(document: &Document, forest: &Forest, owner: Option<&str>) -> Vec<usize> {
    let mut order = Vec::with_capacity(document.objectives.len());
    let mut stack: Vec<usize> = forest.roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(forest.children.get(i).into_iter().flatten().rev());
    }
    if let Some(owner) = owner {
        order.retain(|&i| document.objectives.get(i).is_some_and(|o| o.owner.trim() == owner.trim()));
    }
    order
}

/// The owners of objectives, in order of first appearance in the tree, each once.
pub fn owners(document: &Document, forest: &Forest) -> Vec<String> {
    let mut seen = Vec::<String>::new();
    for i in deck(document, forest, None) {
        let owner = document.objectives[i].owner.trim();
        if !owner.is_empty() && !seen.iter().any(|s| s == owner) {
            seen.push(owner.to_owned());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Level, Objective};

    fn doc() -> Document {
        let spec = [
            ("a", None, "Ann"),
            ("b", Some("a"), "Bo"),
            ("c", Some("b"), "Ann"),
            ("d", Some("a"), " Bo "),
            ("x", None, ""),
        ];
        let objectives = spec
            .iter()
            .map(|(id, parent, owner)| {
                let mut o = Objective::new(id, id, Level::Team);
                o.parent = parent.map(Id::from);
                o.owner = (*owner).into();
                o
            })
            .collect();
        Document { objectives, ..Document::default() }
    }

    #[test]
    fn the_deck_walks_the_tree_top_down() {
        let d = doc();
        let f = Forest::of(&d);
        assert_eq!(deck(&d, &f, None), [0, 1, 2, 3, 4]);
        assert_eq!(deck(&d, &f, Some("Ann")), [0, 2]);
        assert_eq!(deck(&d, &f, Some("Bo")), [1, 3], "owners match without stray spaces");
        assert_eq!(deck(&d, &f, Some("nobody")), Vec::<usize>::new());
        assert_eq!(owners(&d, &f), ["Ann", "Bo"]);
    }

    #[test]
    fn a_loop_of_parents_still_presents_everyone_once() {
        let mut d = doc();
        d.objectives[0].parent = Some(Id::from("c"));
        let f = Forest::of(&d);
        let mut all = deck(&d, &f, None);
        all.sort();
        assert_eq!(all, [0, 1, 2, 3, 4]);
    }
}
