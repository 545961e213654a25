//! Properties of the two-way merge, over generated documents and generated edits of
//! them (the way two copies of one document drift apart).

mod common;

use std::collections::HashSet;

use common::{date, document, finite, text};
use okrpad_core::formats::file::validate;
use okrpad_core::merge::{Side, merge};
use okrpad_core::model::{CheckIn, Comment, Document, Id, KeyResult, Level, Objective};
use proptest::prelude::*;

fn ids(document: &Document) -> HashSet<Id> {
    document
        .objectives
        .iter()
        .flat_map(|o| std::iter::once(o.id.clone()).chain(o.key_results.iter().map(|k| k.id.clone())))
        .collect()
}

fn comment_ids(document: &Document) -> HashSet<Id> {
    document
        .objectives
        .iter()
        .flat_map(|o| o.comments.iter().chain(o.key_results.iter().flat_map(|k| k.comments.iter())))
        .map(|c| c.id.clone())
        .collect()
}

/// One edit of a document, chosen by `op` and placed by `at` and `to`.
fn edit(
    document: &mut Document,
    (op, at, to): (u8, usize, usize),
    word: &str,
    number: f64,
    day: okrpad_core::calendar::Date,
) {
    let n = document.objectives.len();
    let kr_count: usize = document.objectives.iter().map(|o| o.key_results.len()).sum();
    let kr_at = |document: &mut Document, k: usize| -> Option<(usize, usize)> {
        let mut k = k % kr_count.max(1);
        for (i, o) in document.objectives.iter().enumerate() {
            if k < o.key_results.len() {
                return Some((i, k));
            }
            k -= o.key_results.len();
        }
        None
    };
    match op % 13 {
        0 if n > 0 => document.objectives[at % n].title = word.to_owned(),
        1 if n > 0 => document.objectives[at % n].owner = word.to_owned(),
        2 if n > 0 => document.objectives[at % n].period = None,
        3 if n > 0 => {
            document.objectives.remove(at % n);
        }
        4 => {
            let id = format!("n{at}-{to}");
            let mut objective = Objective::new(&id, word, Level::Team);
            objective.key_results.push(KeyResult::new(&format!("{id}k"), word));
            if !ids(document).contains(&objective.id) {
                document.objectives.insert(to % (n + 1), objective);
            }
        }
        5 => {
            if let Some((i, j)) = kr_at(document, at) {
                document.objectives[i].key_results[j].check_ins.push(CheckIn::new(day, number));
            }
        }
        6 if n > 0 => {
            // Move a key result to another objective.
            if let Some((i, j)) = kr_at(document, at) {
                let kr = document.objectives[i].key_results.remove(j);
                let target = to % n;
                let len = document.objectives[target].key_results.len();
                document.objectives[target].key_results.insert(to % (len + 1), kr);
            }
        }
        7 if n > 1 => document.objectives.swap(at % n, to % n),
        8 => {
            if let Some((i, j)) = kr_at(document, at) {
                let kr = &mut document.objectives[i].key_results[j];
                match kr.check_ins.first_mut() {
                    Some(check_in) => check_in.value = number,
                    None => kr.weight = number,
                }
            }
        }
        9 => {
            document.extra.insert(format!("x-{}", at % 3), serde_json::Value::from(to % 3));
        }
        10 if n > 0 => {
            // A new comment, on an objective or one of its key results.
            let id = Id(format!("new-{at}-{to}"));
            if !comment_ids(document).contains(&id) {
                let comment = Comment { id, date: day, author: word.to_owned(), text: word.to_owned() };
                let objective = &mut document.objectives[at % n];
                match objective.key_results.len() {
                    0 => objective.comments.push(comment),
                    len if to % 2 == 0 => objective.key_results[to % len].comments.push(comment),
                    _ => objective.comments.push(comment),
                }
            }
        }
        11 => {
            if let Some((i, j)) = kr_at(document, at)
                && let Some(check_in) = document.objectives[i].key_results[j].check_ins.first_mut()
            {
                check_in.confidence = Some((to % 11) as u8);
            }
        }
        12 => document.cadence_days = Some((to % 366) as u32 + 1),
        _ => {}
    }
}

/// A document and a version of it after a few edits.
fn pair() -> impl Strategy<Value = (Document, Document)> {
    (document(), prop::collection::vec((any::<(u8, usize, usize)>(), text(), finite(), date()), 0..8)).prop_map(
        |(a, edits)| {
            let mut b = a.clone();
            for (op, word, number, day) in edits {
                edit(&mut b, op, &word, number, day);
            }
            (a, b)
        },
    )
}

/// Every objective and key result of `source` has its fields (and its place) in `merged`.
fn holds_fields_of(merged: &Document, source: &Document) -> Result<(), TestCaseError> {
    for objective in &source.objectives {
        let Some(m) = merged.objective(&objective.id) else {
            return Err(TestCaseError::fail(format!("{} is missing", objective.id)));
        };
        prop_assert_eq!(
            (&m.title, &m.owner, m.level, m.period, &m.parent, &m.parent_kr, m.kind, m.weight, &m.notes),
            (
                &objective.title,
                &objective.owner,
                objective.level,
                objective.period,
                &objective.parent,
                &objective.parent_kr,
                objective.kind,
                objective.weight,
                &objective.notes
            )
        );
        for (key, value) in &objective.extra {
            prop_assert_eq!(m.extra.get(key), Some(value));
        }
        for kr in &objective.key_results {
            let Some((owner, k)) = merged.key_result(&kr.id) else {
                return Err(TestCaseError::fail(format!("{} is missing", kr.id)));
            };
            prop_assert_eq!(&owner.id, &objective.id, "{} is in the wrong objective", kr.id);
            prop_assert_eq!(
                (&k.title, &k.owner, k.weight, k.due, &k.metric),
                (&kr.title, &kr.owner, kr.weight, kr.due, &kr.metric)
            );
            for check_in in &kr.check_ins {
                prop_assert!(k.check_ins.contains(check_in), "{}: a check-in of {} is missing", kr.id, check_in.date);
            }
        }
    }
    for (key, value) in &source.extra {
        prop_assert_eq!(merged.extra.get(key), Some(value));
    }
    prop_assert_eq!(&merged.title, &source.title);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn merging_a_document_with_itself_changes_nothing(a in document()) {
        let merged = merge(&a, &a);
        prop_assert_eq!(merged.document(), &a);
        prop_assert!(merged.conflicts().is_empty());
        prop_assert_eq!(merged.added(), Default::default());
        prop_assert!(merged.skipped().is_empty());
    }

    #[test]
    fn the_merge_keeps_every_id_of_both_sides_once((a, b) in pair()) {
        let merged = merge(&a, &b);
        prop_assert_eq!(validate(merged.document()), Ok(()));
        let expected: HashSet<Id> = ids(&a).union(&ids(&b)).cloned().collect();
        prop_assert_eq!(ids(merged.document()), expected);
        // Comments are united by id: both sides' discussions, each comment once.
        let expected: HashSet<Id> = comment_ids(&a).union(&comment_ids(&b)).cloned().collect();
        prop_assert_eq!(comment_ids(merged.document()), expected);
        // Independent documents too (their ids overlap by position).
        let (c, d) = (b, a);
        let merged = merge(&c, &d);
        prop_assert_eq!(validate(merged.document()), Ok(()));
    }

    #[test]
    fn ours_wins_by_default_and_theirs_when_chosen((a, b) in pair()) {
        let mut merged = merge(&a, &b);
        holds_fields_of(merged.document(), &a)?;
        merged.resolve_all(Side::Theirs);
        holds_fields_of(merged.document(), &b)?;
        prop_assert!(merged.conflicts().iter().all(|c| c.choice == Side::Theirs));
        // Choices can be taken back: all "ours" again is the default merge.
        merged.resolve_all(Side::Ours);
        let default = merge(&a, &b);
        prop_assert_eq!(merged.document(), default.document());
    }

    #[test]
    fn merging_a_subset_adds_nothing_and_conflicts_with_nothing(a in document(), drop in any::<u64>()) {
        // b is a with some objectives, key results and check-ins left out.
        let mut b = a.clone();
        let mut bit = 0;
        let mut keep = || { bit += 1; drop >> (bit % 64) & 1 == 0 };
        b.objectives.retain(|_| keep());
        for objective in &mut b.objectives {
            objective.key_results.retain(|_| keep());
            objective.comments.retain(|_| keep());
            for kr in &mut objective.key_results {
                kr.check_ins.retain(|_| keep());
                kr.comments.retain(|_| keep());
            }
        }
        let merged = merge(&a, &b);
        prop_assert_eq!(merged.document(), &a);
        prop_assert!(merged.conflicts().is_empty());
        // The other way round, everything b lacks is added back.
        let merged = merge(&b, &a);
        prop_assert_eq!(ids(merged.document()), ids(&a));
        prop_assert_eq!(comment_ids(merged.document()), comment_ids(&a));
        prop_assert!(merged.conflicts().is_empty(), "{:?}", merged.conflicts());
    }

    #[test]
    fn the_merge_is_complete_once_resolved((a, b) in pair()) {
        // After taking every "theirs", merging theirs again finds nothing new to add.
        let mut merged = merge(&a, &b);
        merged.resolve_all(Side::Theirs);
        let again = merge(merged.document(), &b);
        prop_assert_eq!(again.added(), Default::default());
    }
}
