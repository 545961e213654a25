//! The objective tree as it is drawn: which objectives are roots and which are whose
//! children, for any document, including broken ones.
//!
//! Files store a flat list with `parent` ids, so the tree has to be derived, and a file
//! can name a parent that does not exist or make parents loop. Every objective must
//! still appear exactly once, or the user could not see (let alone fix) it. So: an
//! objective whose parent is missing is a root; an objective on a loop, unreachable
//! from any root, becomes a root itself (the first one in document order breaks the
//! loop). Derived iteratively, so a chain thousands deep costs no stack.

use std::borrow::Borrow;
use std::collections::HashMap;

use crate::model::{Document, Id};

/// Objectives by document index: the roots in document order, and each objective's
/// children in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Forest {
    pub roots: Vec<usize>,
    pub children: Vec<Vec<usize>>,
    /// Depth of each objective below its root (roots are 0).
    pub depth: Vec<usize>,
}

impl Forest {
    pub fn of(document: &Document) -> Forest {
        let links: Vec<_> = document.objectives.iter().map(|o| (&o.id, o.parent.as_ref())).collect();
        Forest::of_links(&links)
    }

    /// The forest of objectives given as `(id, parent)` pairs in document order: all
    /// the tree needs, so the editor can keep these pairs and skip rebuilding the
    /// forest when an edit changed no id and no parent.
    pub fn of_links<I: Borrow<Id>, P: Borrow<Id>>(links: &[(I, Option<P>)]) -> Forest {
        let n = links.len();
        let by_id: HashMap<&Id, usize> = links.iter().enumerate().map(|(i, (id, _))| (id.borrow(), i)).collect();
        let parent: Vec<Option<usize>> =
            links.iter().map(|(_, p)| p.as_ref().and_then(|p| by_id.get(p.borrow()).copied())).collect();
        let mut children = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(i),
                None => roots.push(i),
            }
        }
        let mut depth = vec![usize::MAX; n];
        for &root in &roots {
            mark_depths(root, &children, &mut depth);
        }
        // What is left hangs off a loop of parents: cut each loop at its first member.
        for i in 0..n {
            if depth[i] == usize::MAX {
                if let Some(p) = parent[i] {
                    children[p].retain(|&c| c != i);
                }
                roots.push(i);
                mark_depths(i, &children, &mut depth);
            }
        }
        Forest { roots, children, depth }
    }
}

/// Gives every not yet placed objective below `root` its depth.
fn mark_depths(root: usize, children: &[Vec<usize>], depth: &mut [usize]) {
    let mut stack = vec![(root, 0)];
    while let Some((node, d)) = stack.pop() {
        if depth[node] != usize::MAX {
            continue;
        }
        depth[node] = d;
        stack.extend(children[node].iter().map(|&c| (c, d + 1)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Level, Objective};

    fn doc(links: &[(&str, Option<&str>)]) -> Document {
        let objectives = links
            .iter()
            .map(|(id, parent)| {
                let mut o = Objective::new(id, id, Level::Team);
                o.parent = parent.map(Id::from);
                o
            })
            .collect();
        Document { objectives, ..Document::default() }
    }

    #[test]
    fn children_hang_under_their_parents_in_document_order() {
        let f = Forest::of(&doc(&[("a", None), ("b", Some("a")), ("c", Some("b")), ("d", Some("a"))]));
        assert_eq!(f.roots, [0]);
        assert_eq!(f.children, [vec![1, 3], vec![2], vec![], vec![]]);
        assert_eq!(f.depth, [0, 1, 2, 1]);
    }

    #[test]
    fn a_missing_parent_makes_a_root() {
        let f = Forest::of(&doc(&[("a", Some("ghost")), ("b", Some("a"))]));
        assert_eq!(f.roots, [0]);
        assert_eq!(f.children[0], [1]);
    }

    #[test]
    fn loops_are_cut_so_every_objective_shows_once() {
        let f =
            Forest::of(&doc(&[("r", None), ("a", Some("c")), ("b", Some("a")), ("c", Some("b")), ("s", Some("s"))]));
        assert_eq!(f.roots, [0, 1, 4]);
        assert_eq!(f.children[1], [2]);
        assert_eq!(f.children[2], [3]);
        assert!(f.children[3].is_empty(), "the loop back to a is cut");
        assert!(f.children[4].is_empty(), "a self-parent is cut");
        let shown: usize = f.roots.len() + f.children.iter().map(Vec::len).sum::<usize>();
        assert_eq!(shown, 5);
    }
}
