//! The key results a key result may contribute to, for the editor's picker: those of
//! the objectives above it in the alignment chain (its parent, the parent's parent…),
//! nearest first, and the search over them by title, owner and objective title.
//!
//! The same "above" the `kr-contributes-above` rule asks for, so a target picked here
//! never draws that finding. The picker only renders what these functions return.

use std::collections::HashSet;

use crate::model::{Document, Id, Metric};

/// One key result a contribution may go to.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub id: Id,
    /// Document index of its objective, and its own index there.
    pub objective: usize,
    pub key_result: usize,
    pub title: String,
    /// The key result's owner, or its objective's when it has none.
    pub owner: String,
    pub objective_title: String,
    /// Its unit, empty when it has none.
    pub unit: String,
    /// A `sum` or `mean`: the only kinds a contribution counts towards.
    pub computed: bool,
}

impl Target {
    /// Whether every word of `query` appears (ignoring case) in the title, the owner,
    /// the objective's title or the id. An empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = [self.title.as_str(), self.owner.as_str(), self.objective_title.as_str(), self.id.as_str()]
            .map(str::to_lowercase);
        query.split_whitespace().map(str::to_lowercase).all(|word| haystack.iter().any(|h| h.contains(&word)))
    }
}

fn target(document: &Document, objective: usize, key_result: usize) -> Option<Target> {
    let o = document.objectives.get(objective)?;
    let kr = o.key_results.get(key_result)?;
    let owner = if kr.owner.trim().is_empty() { o.owner.trim() } else { kr.owner.trim() };
    Some(Target {
        id: kr.id.clone(),
        objective,
        key_result,
        title: kr.title.clone(),
        owner: owner.to_owned(),
        objective_title: o.title.clone(),
        unit: kr.metric.as_ref().and_then(Metric::unit).unwrap_or("").to_owned(),
        computed: kr.metric.as_ref().is_some_and(Metric::is_computed),
    })
}

/// The key result with id `id` described as a target, wherever it is (the picker
/// shows the current choice even when it is not above, which a rule then reports).
pub fn describe(document: &Document, id: &Id) -> Option<Target> {
    document.objectives.iter().enumerate().find_map(|(i, o)| {
        let j = o.key_results.iter().position(|k| &k.id == id)?;
        target(document, i, j)
    })
}

/// The key results the key result `kr` may contribute to: every key result of every
/// objective above its own, nearest objective first, in their order. Empty for an
/// unknown key result or a top-level objective. A parent loop is followed once.
pub fn targets(document: &Document, kr: &Id) -> Vec<Target> {
    let Some(mut at) = document.objectives.iter().position(|o| o.key_results.iter().any(|k| &k.id == kr)) else {
        return Vec::new();
    };
    let mut seen = HashSet::from([at]);
    let mut out = Vec::new();
    while let Some(parent) =
        document.objectives[at].parent.as_ref().and_then(|p| document.objectives.iter().position(|o| &o.id == p))
    {
        if !seen.insert(parent) {
            break;
        }
        out.extend((0..document.objectives[parent].key_results.len()).filter_map(|j| target(document, parent, j)));
        at = parent;
    }
    out
}

/// The targets of `kr` that match `query` (see [`Target::matches`]), in order.
pub fn search(document: &Document, kr: &Id, query: &str) -> Vec<Target> {
    targets(document, kr).into_iter().filter(|t| t.matches(query)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResult, Level, Objective};

    fn doc() -> Document {
        let mut center = Objective::new("sc", "提高销售中心的业绩额", Level::Department);
        center.owner = "陈总".into();
        let mut opps = KeyResult::new("sc-1", "有效商机不少于3000个");
        opps.metric = Some(Metric::Sum { start: 0.0, target: 3000.0, unit: "个".into() });
        let mut revenue = KeyResult::new("sc-5", "Revenue 1 亿元");
        revenue.owner = "Finance".into();
        revenue.metric = Some(Metric::Sum { start: 0.0, target: 1.0, unit: "亿元".into() });
        center.key_results = vec![opps, revenue];
        let mut beijing = Objective::new("bj", "Beijing team", Level::Team);
        beijing.parent = Some(Id::from("sc"));
        beijing.key_results = vec![KeyResult::new("bj-1", "Opportunities 1500")];
        let mut channel = Objective::new("ch", "Channel", Level::Individual);
        channel.parent = Some(Id::from("bj"));
        channel.key_results = vec![KeyResult::new("ch-1", "Channel revenue")];
        Document { title: "t".into(), objectives: vec![center, beijing, channel], ..Document::default() }
    }

    fn ids(targets: &[Target]) -> Vec<&str> {
        targets.iter().map(|t| t.id.as_str()).collect()
    }

    #[test]
    fn targets_are_the_key_results_above_nearest_first() {
        let d = doc();
        assert_eq!(ids(&targets(&d, &Id::from("ch-1"))), ["bj-1", "sc-1", "sc-5"]);
        assert_eq!(ids(&targets(&d, &Id::from("bj-1"))), ["sc-1", "sc-5"]);
        assert!(targets(&d, &Id::from("sc-1")).is_empty(), "nothing is above the top");
        assert!(targets(&d, &Id::from("nope")).is_empty());
        let sc5 = &targets(&d, &Id::from("bj-1"))[1];
        assert_eq!((sc5.owner.as_str(), sc5.unit.as_str(), sc5.computed), ("Finance", "亿元", true));
        // No owner of its own: the objective's.
        assert_eq!(targets(&d, &Id::from("bj-1"))[0].owner, "陈总");
    }

    #[test]
    fn search_by_title_owner_or_objective_ignoring_case_and_word_order() {
        let d = doc();
        let kr = Id::from("ch-1");
        assert_eq!(ids(&search(&d, &kr, "商机")), ["sc-1"]);
        assert_eq!(ids(&search(&d, &kr, "finance")), ["sc-5"]);
        assert_eq!(ids(&search(&d, &kr, "beijing")), ["bj-1"]);
        assert_eq!(ids(&search(&d, &kr, "陈总 3000")), ["sc-1"]);
        assert_eq!(ids(&search(&d, &kr, "  ")), ["bj-1", "sc-1", "sc-5"]);
        assert!(search(&d, &kr, "shanghai").is_empty());
    }

    #[test]
    fn a_parent_loop_is_followed_once() {
        let mut d = doc();
        d.objectives[0].parent = Some(Id::from("ch"));
        assert_eq!(ids(&targets(&d, &Id::from("ch-1"))), ["bj-1", "sc-1", "sc-5"]);
        assert_eq!(describe(&d, &Id::from("sc-5")).map(|t| t.objective), Some(0));
        assert_eq!(describe(&d, &Id::from("x")), None);
    }
}
