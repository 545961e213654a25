//! Properties over generated documents: any document okrpad can hold survives a
//! write and a read unchanged, scoring and the rules finish on any of them, however
//! tangled its references, and the scoring fingerprint (which lets the editor skip
//! rescoring) changes exactly when the scores can, and a scorer kept across edits (which
//! keeps the roll-up graph) scores as a fresh one.

mod common;

use common::{check_in, date, document, finite, text};
use okrpad_core::calendar::{Date, Period};
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::model::Metric;
use okrpad_core::model::{CheckIn, Document, Kind, Level};
use okrpad_core::rules::check;
use okrpad_core::scoring::{Scorer, fingerprint, score};
use proptest::prelude::*;

/// A change `score` does not read: a title, an owner, a level, notes, a due date, a
/// check-in's note or blockers.
#[derive(Clone, Debug)]
enum Cosmetic {
    Title(String),
    ObjectiveTitle(usize, String),
    Owner(usize, String),
    Level(usize, Level),
    Notes(usize, String),
    KrTitle(usize, String),
    Due(usize, Option<Date>),
    CheckInNote(usize, String, String),
}

fn cosmetic() -> impl Strategy<Value = Cosmetic> {
    let level = prop_oneof![Just(Level::Company), Just(Level::Department), Just(Level::Team), Just(Level::Individual)];
    prop_oneof![
        text().prop_map(Cosmetic::Title),
        (any::<usize>(), text()).prop_map(|(i, t)| Cosmetic::ObjectiveTitle(i, t)),
        (any::<usize>(), text()).prop_map(|(i, t)| Cosmetic::Owner(i, t)),
        (any::<usize>(), level).prop_map(|(i, l)| Cosmetic::Level(i, l)),
        (any::<usize>(), text()).prop_map(|(i, t)| Cosmetic::Notes(i, t)),
        (any::<usize>(), text()).prop_map(|(i, t)| Cosmetic::KrTitle(i, t)),
        (any::<usize>(), prop::option::of(date())).prop_map(|(i, d)| Cosmetic::Due(i, d)),
        (any::<usize>(), text(), text()).prop_map(|(i, n, b)| Cosmetic::CheckInNote(i, n, b)),
    ]
}

/// A change of something `score` reads: a number, a link, a kind, a period, a check-in.
#[derive(Clone, Debug)]
enum Material {
    KrWeight(usize, f64),
    ObjectiveWeight(usize, Option<f64>),
    CheckInValue(usize, f64),
    AddCheckIn(usize, CheckIn),
    DropParentKr(usize),
    Committed(usize),
    Period(usize, Date, Date),
}

fn material() -> impl Strategy<Value = Material> {
    prop_oneof![
        (any::<usize>(), finite()).prop_map(|(i, w)| Material::KrWeight(i, w)),
        (any::<usize>(), prop::option::of(finite())).prop_map(|(i, w)| Material::ObjectiveWeight(i, w)),
        (any::<usize>(), finite()).prop_map(|(i, v)| Material::CheckInValue(i, v)),
        (any::<usize>(), check_in()).prop_map(|(i, c)| Material::AddCheckIn(i, c)),
        any::<usize>().prop_map(Material::DropParentKr),
        any::<usize>().prop_map(Material::Committed),
        (any::<usize>(), date(), date()).prop_map(|(i, a, b)| Material::Period(i, a, b)),
    ]
}

/// The `i`-th (modulo their number) objective, key result or check-in of `doc`.
fn nth<T>(items: impl Iterator<Item = T>, i: usize) -> Option<T> {
    let items: Vec<T> = items.collect();
    let len = items.len();
    items.into_iter().nth(i.checked_rem(len)?)
}

fn objective(doc: &mut Document, i: usize) -> Option<&mut okrpad_core::model::Objective> {
    nth(doc.objectives.iter_mut(), i)
}

fn key_result(doc: &mut Document, i: usize) -> Option<&mut okrpad_core::model::KeyResult> {
    nth(doc.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()), i)
}

fn apply_cosmetic(doc: &mut Document, change: Cosmetic) {
    match change {
        Cosmetic::Title(t) => doc.title = t,
        Cosmetic::ObjectiveTitle(i, t) => objective(doc, i).into_iter().for_each(|o| o.title.clone_from(&t)),
        Cosmetic::Owner(i, t) => objective(doc, i).into_iter().for_each(|o| o.owner.clone_from(&t)),
        Cosmetic::Level(i, l) => objective(doc, i).into_iter().for_each(|o| o.level = l),
        Cosmetic::Notes(i, t) => objective(doc, i).into_iter().for_each(|o| o.notes.clone_from(&t)),
        Cosmetic::KrTitle(i, t) => key_result(doc, i).into_iter().for_each(|k| k.title.clone_from(&t)),
        Cosmetic::Due(i, d) => key_result(doc, i).into_iter().for_each(|k| k.due = d),
        Cosmetic::CheckInNote(i, n, b) => {
            let check_ins =
                doc.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()).flat_map(|k| k.check_ins.iter_mut());
            if let Some(c) = nth(check_ins, i) {
                c.note = n;
                c.blockers = b;
            }
        }
    }
}

fn apply_material(doc: &mut Document, change: Material) {
    match change {
        Material::KrWeight(i, w) => key_result(doc, i).into_iter().for_each(|k| k.weight = w),
        Material::ObjectiveWeight(i, w) => objective(doc, i).into_iter().for_each(|o| o.weight = w),
        Material::CheckInValue(i, v) => {
            let check_ins =
                doc.objectives.iter_mut().flat_map(|o| o.key_results.iter_mut()).flat_map(|k| k.check_ins.iter_mut());
            nth(check_ins, i).into_iter().for_each(|c| c.value = v);
        }
        Material::AddCheckIn(i, c) => key_result(doc, i).into_iter().for_each(|k| k.check_ins.push(c.clone())),
        Material::DropParentKr(i) => objective(doc, i).into_iter().for_each(|o| o.parent_kr = None),
        Material::Committed(i) => objective(doc, i).into_iter().for_each(|o| o.kind = Kind::Committed),
        Material::Period(i, a, b) => {
            objective(doc, i).into_iter().for_each(|o| o.period = Some(Period { start: a.min(b), end: a.max(b) }))
        }
    }
}

/// A change to what the roll-up graph is built from.
#[derive(Clone, Debug)]
enum Structural {
    Reparent(usize, usize),
    Orphan(usize),
    DropKr(usize),
    RollUp(usize),
    Contribute(usize, usize),
}

fn structural() -> impl Strategy<Value = Structural> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Structural::Reparent(i, j)),
        any::<usize>().prop_map(Structural::Orphan),
        any::<usize>().prop_map(Structural::DropKr),
        any::<usize>().prop_map(Structural::RollUp),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Structural::Contribute(i, j)),
    ]
}

fn apply_structural(doc: &mut Document, change: Structural) {
    let kr_ids: Vec<_> = doc.objectives.iter().flat_map(|o| o.key_results.iter().map(|k| k.id.clone())).collect();
    let objective_ids: Vec<_> = doc.objectives.iter().map(|o| o.id.clone()).collect();
    match change {
        Structural::Reparent(i, j) if !objective_ids.is_empty() => {
            let parent = objective_ids[j % objective_ids.len()].clone();
            objective(doc, i).into_iter().for_each(|o| o.parent = Some(parent.clone()));
        }
        Structural::Orphan(i) => objective(doc, i).into_iter().for_each(|o| o.parent = None),
        Structural::DropKr(i) => objective(doc, i).into_iter().for_each(|o| {
            o.key_results.pop();
        }),
        Structural::RollUp(i) => key_result(doc, i).into_iter().for_each(|k| k.metric = Some(Metric::Children)),
        Structural::Contribute(i, j) if !kr_ids.is_empty() => {
            let target = kr_ids[j % kr_ids.len()].clone();
            key_result(doc, i).into_iter().for_each(|k| k.contributes_to = Some(target.clone()));
        }
        _ => {}
    }
}

/// Scores compared as text, so that a NaN (which never equals itself) compares too.
fn scores_text(doc: &Document, as_of: Date) -> String {
    format!("{:?}", score(doc, as_of))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn writing_then_reading_gives_the_same_document(doc in document()) {
        let text = to_json(&doc);
        prop_assert_eq!(parse(&text).unwrap(), doc);
    }

    #[test]
    fn scoring_and_rules_finish_and_stay_in_range(doc in document(), as_of in date()) {
        let scores = score(&doc, as_of);
        for o in &scores.objectives {
            prop_assert!((0.0..=1.0).contains(&o.progress));
            prop_assert!((0.0..=1.0).contains(&o.expected));
        }
        for k in scores.key_results.iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&k.progress));
        }
        let findings = check(&doc, &scores);
        for f in &findings {
            prop_assert!(!f.message.zh.is_empty() && !f.message.en.is_empty());
        }
    }

    #[test]
    fn no_text_makes_the_parser_panic(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn damaged_files_are_refused_or_read_but_never_panic(doc in document(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut text = to_json(&doc).into_bytes();
        let at = cut.index(text.len());
        text[at] = byte;
        let _ = parse(&String::from_utf8_lossy(&text));
        let _ = parse(&String::from_utf8_lossy(&text[..at]));
    }
}

// Scoring twice per case: fewer cases keep `cargo test` quick.
proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn equal_fingerprints_give_equal_scores(
        doc in document(),
        changes in prop::collection::vec(cosmetic(), 1..4),
        as_of in date(),
    ) {
        let mut changed = doc.clone();
        for change in changes {
            apply_cosmetic(&mut changed, change);
        }
        prop_assert_eq!(fingerprint(&changed), fingerprint(&doc));
        prop_assert_eq!(scores_text(&changed, as_of), scores_text(&doc, as_of));
    }

    #[test]
    fn a_scorer_kept_across_edits_scores_as_a_fresh_one(
        doc in document(),
        changes in prop::collection::vec(prop_oneof![material().prop_map(Ok), structural().prop_map(Err)], 1..6),
        as_of in date(),
    ) {
        let mut scorer = Scorer::default();
        let mut current = doc;
        let _ = scorer.score(&current, as_of);
        for change in changes {
            match change {
                Ok(change) => apply_material(&mut current, change),
                Err(change) => apply_structural(&mut current, change),
            }
            prop_assert_eq!(format!("{:?}", scorer.score(&current, as_of)), scores_text(&current, as_of));
        }
    }

    #[test]
    fn a_change_that_changes_the_scores_changes_the_fingerprint(doc in document(), change in material(), as_of in date()) {
        let mut changed = doc.clone();
        apply_material(&mut changed, change);
        if scores_text(&changed, as_of) != scores_text(&doc, as_of) {
            prop_assert_ne!(fingerprint(&changed), fingerprint(&doc));
        }
    }
}
