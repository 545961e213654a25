//! Stable sorting through one compiled sort.
//!
//! Each call of the standard library's `sort_by` with its own element type or closure
//! compiles its own copy of the sort (driftsort and its small-sort helpers: 2–4 KB of
//! Wasm each), and the app had 23 of them: about 90 KB of its Wasm. These functions sort
//! the positions of the items instead, with one comparison type for every caller, so
//! the sort is compiled once; all that is compiled per element type is the small loop
//! that puts the items in their new order ([`permute`]). Comparing through a
//! `dyn FnMut` costs an indirect call per comparison, nothing next to what the
//! comparisons themselves read.
//!
//! Every sort here is stable: items that compare equal keep their order (check-ins of
//! one day, findings of one place), as the callers rely on.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably.
pub fn by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return; // most lists of check-ins and confidences: no positions to allocate
    }
    let order = sorted_positions(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` by the key `key` gives, stably.
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    by(items, T::cmp);
}

/// The positions `0..len` sorted by `compare`: the one place a sort is compiled.
fn sorted_positions(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts `items` in the order `order` gives (position `k` receives the item that was at
/// `order[k]`), by swaps along each cycle of the permutation.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard library's stable sort, equal keys included.
        #[test]
        fn sorts_as_the_standard_stable_sort(items in proptest::collection::vec((0u8..6, any::<u16>()), 0..80)) {
            let mut ours = items.clone();
            super::by_key(&mut ours, |(key, _)| *key);
            let mut theirs = items;
            theirs.sort_by_key(|(key, _)| *key);
            prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn sorts_in_natural_order_and_by_a_comparison() {
        let mut words = vec!["b", "a", "c", "a"];
        super::sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
        super::by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "a"]);
    }
}
