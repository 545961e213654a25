//! Narrowing a document to one owner, level or period, as the editor's filter bar
//! does. Matching objectives come with their ancestors, so a filtered tree still says
//! where each objective hangs.

use std::collections::HashSet;

use crate::calendar::Period;
use crate::model::tree::Forest;
use crate::model::{Document, Level, Objective};

/// What to show; each part left `None` lets everything through.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filter {
    /// An owner, compared with each objective's owner trimmed.
    pub owner: Option<String>,
    pub level: Option<Level>,
    /// Objectives whose period shares at least a day with this one.
    pub period: Option<Period>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.owner.is_none() && self.level.is_none() && self.period.is_none()
    }

    /// Whether `objective` itself matches (ancestors aside).
    pub fn matches(&self, objective: &Objective) -> bool {
        self.owner.as_ref().is_none_or(|owner| objective.owner.trim() == owner)
            && self.level.is_none_or(|level| objective.level == level)
            && self.period.is_none_or(|period| objective.period.is_some_and(|p| p.overlaps(period)))
    }

    /// The document indexes of the objectives to show (those matching, and their
    /// ancestors in `forest`, the document's forest), or `None` for all.
    pub fn visible(&self, document: &Document, forest: &Forest) -> Option<HashSet<usize>> {
        if self.is_empty() {
            return None;
        }
        let mut parent = vec![None; document.objectives.len()];
        for (i, children) in forest.children.iter().enumerate() {
            for &c in children {
                if let Some(slot) = parent.get_mut(c) {
                    *slot = Some(i);
                }
            }
        }
        let mut shown = HashSet::new();
        for (i, o) in document.objectives.iter().enumerate() {
            if self.matches(o) {
                let mut at = Some(i);
                // Each objective has at most one parent in the forest, and the forest
                // has no loops, so this walk ends.
                while let Some(node) = at {
                    if !shown.insert(node) {
                        break;
                    }
                    at = parent.get(node).copied().flatten();
                }
            }
        }
        Some(shown)
    }
}

/// The owners named in `document`, trimmed, sorted and without repeats: the filter's
/// choices.
pub fn owners(document: &Document) -> Vec<&str> {
    let mut owners: Vec<&str> = document.objectives.iter().map(|o| o.owner.trim()).filter(|o| !o.is_empty()).collect();
    crate::sort::sort(&mut owners);
    owners.dedup();
    owners
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(start: &str, end: &str) -> Period {
        Period { start: start.parse().unwrap(), end: end.parse().unwrap() }
    }

    /// c > d > t (Li), and a root r (Li) in the next quarter; a loop x <-> y (Wang).
    fn doc() -> Document {
        let mut objectives = Vec::new();
        for (id, level, parent, owner) in [
            ("c", Level::Company, None, ""),
            ("d", Level::Department, Some("c"), "Wang"),
            ("t", Level::Team, Some("d"), " Li "),
            ("r", Level::Team, None, "Li"),
            ("x", Level::Individual, Some("y"), "Wang"),
            ("y", Level::Individual, Some("x"), ""),
        ] {
            let mut o = Objective::new(id, id, level);
            o.parent = parent.map(Into::into);
            o.owner = owner.into();
            o.period =
                Some(if id == "r" { period("2026-04-01", "2026-06-30") } else { period("2026-01-01", "2026-03-31") });
            objectives.push(o);
        }
        Document { objectives, ..Document::default() }
    }

    fn shown(filter: &Filter) -> Vec<String> {
        let d = doc();
        let mut ids: Vec<String> =
            filter.visible(&d, &Forest::of(&d)).unwrap().into_iter().map(|i| d.objectives[i].id.to_string()).collect();
        ids.sort();
        ids
    }

    #[test]
    fn no_filter_shows_everything() {
        let d = doc();
        assert_eq!(Filter::default().visible(&d, &Forest::of(&d)), None);
    }

    #[test]
    fn matches_come_with_their_ancestors() {
        let owner = Filter { owner: Some("Li".into()), ..Filter::default() };
        assert_eq!(shown(&owner), ["c", "d", "r", "t"]);
        let level = Filter { level: Some(Level::Department), ..Filter::default() };
        assert_eq!(shown(&level), ["c", "d"]);
        let next = Filter { period: Some(period("2026-06-30", "2026-07-15")), ..Filter::default() };
        assert_eq!(shown(&next), ["r"]);
        let both = Filter { owner: Some("Li".into()), level: Some(Level::Company), ..Filter::default() };
        assert!(shown(&both).is_empty());
    }

    #[test]
    fn a_loop_in_a_broken_file_still_ends() {
        let wang = Filter { owner: Some("Wang".into()), ..Filter::default() };
        // The forest cuts the loop at x, its first member: x is a root, y under it.
        assert_eq!(shown(&wang), ["c", "d", "x"]);
    }

    #[test]
    fn owners_are_the_distinct_trimmed_names() {
        assert_eq!(owners(&doc()), ["Li", "Wang"]);
    }
}
