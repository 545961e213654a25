//! Scoring as the format documentation and DESIGN.md define it, one rule per test.

use okrpad_core::calendar::{Date, Period};
use okrpad_core::model::{CheckIn, Document, Id, KeyResult, Kind, Level, ManualStatus, Metric, Objective};
use okrpad_core::scoring::{Band, Grade, Status, score, weighted_mean};

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

fn q1() -> Option<Period> {
    Some(Period { start: day("2026-01-01"), end: day("2026-03-31") })
}

fn number(start: f64, target: f64) -> Option<Metric> {
    Some(Metric::Number { start, target, unit: String::new() })
}

fn kr(id: &str, metric: Option<Metric>, check_ins: &[(&str, f64)]) -> KeyResult {
    let mut k = KeyResult::new(id, id);
    k.metric = metric;
    k.check_ins = check_ins.iter().map(|(d, v)| CheckIn::new(day(d), *v)).collect();
    k
}

fn objective(id: &str, key_results: Vec<KeyResult>) -> Objective {
    let mut o = Objective::new(id, id, Level::Team);
    o.period = q1();
    o.key_results = key_results;
    o
}

fn doc(objectives: Vec<Objective>) -> Document {
    Document { title: "t".into(), objectives, ..Document::default() }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn number_progress_is_the_share_of_the_way_from_start_to_target() {
    // Seed 002's example shape: 1,800 of 3,000.
    let d = doc(vec![objective("o", vec![kr("k", number(0.0, 3000.0), &[("2026-02-01", 1800.0)])])]);
    let s = score(&d, day("2026-02-15"));
    assert!(close(s.key_results[0][0].progress, 0.6));
    assert_eq!(s.key_results[0][0].current, Some(1800.0));
}

#[test]
fn decrease_metrics_use_the_same_formula() {
    // Cut the sales cycle from 60 to 48 days: at 54 days, half way.
    let d = doc(vec![objective("o", vec![kr("k", number(60.0, 48.0), &[("2026-02-01", 54.0)])])]);
    assert!(close(score(&d, day("2026-03-01")).key_results[0][0].progress, 0.5));
}

#[test]
fn progress_is_clamped_to_zero_and_one() {
    let over = doc(vec![objective("o", vec![kr("k", number(0.0, 10.0), &[("2026-01-05", 14.0)])])]);
    assert_eq!(score(&over, day("2026-02-01")).key_results[0][0].progress, 1.0);
    let under = doc(vec![objective("o", vec![kr("k", number(20.0, 30.0), &[("2026-01-05", 5.0)])])]);
    assert_eq!(score(&under, day("2026-02-01")).key_results[0][0].progress, 0.0);
}

#[test]
fn the_current_value_is_the_latest_check_in_on_or_before_the_date() {
    let k = kr(
        "k",
        number(0.0, 100.0),
        &[("2026-02-01", 40.0), ("2026-01-10", 10.0), ("2026-02-01", 50.0), ("2026-03-01", 90.0)],
    );
    let d = doc(vec![objective("o", vec![k])]);
    // Two check-ins on 02-01: the later in the list wins. The one from 03-01 is in the future.
    assert!(close(score(&d, day("2026-02-20")).key_results[0][0].progress, 0.5));
    assert!(close(score(&d, day("2026-01-15")).key_results[0][0].progress, 0.1));
    assert!(close(score(&d, day("2026-03-01")).key_results[0][0].progress, 0.9));
    // Before any check-in, the metric's start.
    let s = score(&d, day("2026-01-05"));
    assert_eq!(s.key_results[0][0].progress, 0.0);
    assert_eq!(s.key_results[0][0].current, None);
}

#[test]
fn milestones_are_done_at_one() {
    let d = doc(vec![objective(
        "o",
        vec![
            kr("a", Some(Metric::Milestone), &[("2026-01-10", 0.99)]),
            kr("b", Some(Metric::Milestone), &[("2026-01-10", 1.0)]),
            kr("c", Some(Metric::Milestone), &[]),
        ],
    )]);
    let s = score(&d, day("2026-02-01"));
    let progress: Vec<f64> = s.key_results[0].iter().map(|k| k.progress).collect();
    assert_eq!(progress, [0.0, 1.0, 0.0]);
}

#[test]
fn a_key_result_without_a_metric_or_with_target_equal_start_scores_zero() {
    let d = doc(vec![objective(
        "o",
        vec![kr("a", None, &[("2026-01-10", 5.0)]), kr("b", number(5.0, 5.0), &[("2026-01-10", 5.0)])],
    )]);
    let s = score(&d, day("2026-02-01"));
    assert_eq!(s.key_results[0][0].progress, 0.0);
    assert_eq!(s.key_results[0][1].progress, 0.0);
}

#[test]
fn objectives_take_the_weighted_mean_of_their_key_results() {
    let mut a = kr("a", number(0.0, 10.0), &[("2026-01-10", 10.0)]);
    a.weight = 3.0;
    let b = kr("b", number(0.0, 10.0), &[]);
    let d = doc(vec![objective("o", vec![a, b])]);
    assert!(close(score(&d, day("2026-02-01")).objectives[0].progress, 0.75));
}

#[test]
fn all_zero_weights_fall_back_to_the_plain_mean_and_bad_weights_count_as_zero() {
    assert!(close(weighted_mean([(1.0, 0.0), (0.0, 0.0)]), 0.5));
    assert!(close(weighted_mean([(1.0, 1.0), (0.0, -4.0)]), 1.0));
    assert!(close(weighted_mean([(1.0, f64::NAN), (0.5, 1.0)]), 0.5));
    assert_eq!(weighted_mean([]), 0.0);
}

#[test]
fn children_key_results_roll_up_the_objectives_that_contribute_to_them() {
    let parent = objective("p", vec![kr("pk", Some(Metric::Children), &[]), kr("pk2", number(0.0, 1.0), &[])]);
    let mut c1 = objective("c1", vec![kr("c1k", number(0.0, 10.0), &[("2026-01-10", 8.0)])]);
    c1.parent = Some(Id::from("p"));
    c1.parent_kr = Some(Id::from("pk"));
    c1.weight = Some(3.0);
    let mut c2 = objective("c2", vec![kr("c2k", number(0.0, 10.0), &[("2026-01-10", 4.0)])]);
    c2.parent = Some(Id::from("p"));
    c2.parent_kr = Some(Id::from("pk"));
    let s = score(&doc(vec![parent, c1, c2]), day("2026-02-01"));
    let rolled = (0.8 * 3.0 + 0.4) / 4.0;
    assert!(close(s.key_results[0][0].progress, rolled));
    assert!(close(s.objectives[0].progress, rolled / 2.0));
}

#[test]
fn a_children_key_result_with_no_children_scores_zero() {
    let d = doc(vec![objective("p", vec![kr("pk", Some(Metric::Children), &[])])]);
    assert_eq!(score(&d, day("2026-02-01")).objectives[0].progress, 0.0);
}

#[test]
fn an_objective_without_key_results_rolls_up_its_child_objectives() {
    let parent = objective("p", vec![]);
    let mut child = objective("c", vec![kr("ck", number(0.0, 4.0), &[("2026-01-10", 1.0)])]);
    child.parent = Some(Id::from("p"));
    let lonely = objective("l", vec![]);
    let s = score(&doc(vec![parent, child, lonely]), day("2026-02-01"));
    assert!(close(s.objectives[0].progress, 0.25));
    assert_eq!(s.objectives[2].progress, 0.0);
}

#[test]
fn status_compares_progress_with_the_elapsed_share_of_the_period() {
    // Q1 2026 has 89 days from start to end; 2026-02-15 is 45 days in: e ≈ 0.506.
    let at = day("2026-02-15");
    let e = 45.0 / 89.0;
    let cases = [
        (e, Status::OnTrack),
        (e - 0.1, Status::OnTrack),
        (e - 0.2, Status::AtRisk),
        (e - 0.3, Status::AtRisk),
        (e - 0.31, Status::OffTrack),
    ];
    for (progress, expected) in cases {
        let d = doc(vec![objective("o", vec![kr("k", number(0.0, 1.0), &[("2026-02-01", progress)])])]);
        let s = score(&d, at);
        assert_eq!(s.key_results[0][0].status, expected, "progress {progress}");
        assert!(close(s.objectives[0].expected, e));
    }
}

#[test]
fn the_gap_thresholds_are_inclusive_despite_float_rounding() {
    // e = 0.5 exactly (2026-01-01 .. 2026-01-03, on 01-02); progress 0.4 and 0.2.
    let mut o = objective(
        "o",
        vec![kr("a", number(0.0, 10.0), &[("2026-01-02", 4.0)]), kr("b", number(0.0, 10.0), &[("2026-01-02", 2.0)])],
    );
    o.period = Some(Period { start: day("2026-01-01"), end: day("2026-01-03") });
    let s = score(&doc(vec![o]), day("2026-01-02"));
    assert_eq!(s.key_results[0][0].status, Status::OnTrack);
    assert_eq!(s.key_results[0][1].status, Status::AtRisk);
}

#[test]
fn a_manual_status_on_the_latest_check_in_wins() {
    let mut k = kr("k", number(0.0, 10.0), &[("2026-01-10", 10.0)]);
    k.check_ins[0].status = Some(ManualStatus::AtRisk);
    k.check_ins.push(CheckIn::new(day("2026-03-20"), 10.0));
    let d = doc(vec![objective("o", vec![k])]);
    assert_eq!(score(&d, day("2026-02-01")).key_results[0][0].status, Status::AtRisk);
    // A later check-in without a manual status returns to the computed one.
    assert_eq!(score(&d, day("2026-03-25")).key_results[0][0].status, Status::OnTrack);
}

#[test]
fn an_objective_has_its_worst_key_results_status() {
    let d = doc(vec![objective(
        "o",
        vec![kr("a", number(0.0, 10.0), &[("2026-02-01", 10.0)]), kr("b", number(0.0, 10.0), &[])],
    )]);
    let s = score(&d, day("2026-03-31"));
    assert_eq!(s.key_results[0][1].status, Status::OffTrack);
    assert_eq!(s.objectives[0].status, Status::OffTrack);
}

#[test]
fn nothing_has_a_status_before_its_period_starts() {
    let d = doc(vec![objective("o", vec![kr("a", number(0.0, 10.0), &[])])]);
    let s = score(&d, day("2025-12-31"));
    assert_eq!(s.objectives[0].status, Status::NotStarted);
    assert_eq!(s.key_results[0][0].status, Status::NotStarted);
    assert_eq!(s.objectives[0].expected, 0.0);
}

#[test]
fn grades_round_to_tenths_in_googles_bands() {
    let cases = [
        (0.0, 0.0, Band::Red),
        (0.34, 0.3, Band::Red),
        (0.35, 0.4, Band::Yellow),
        (0.6, 0.6, Band::Yellow),
        (0.65, 0.7, Band::Green),
        (1.0, 1.0, Band::Green),
    ];
    for (progress, value, band) in cases {
        assert_eq!(Grade::of(progress), Grade { value, band }, "progress {progress}");
    }
}

#[test]
fn committed_objectives_short_of_one_need_a_review() {
    let mut committed = objective("c", vec![kr("a", number(0.0, 10.0), &[("2026-03-01", 9.0)])]);
    committed.kind = Kind::Committed;
    let mut done = objective("d", vec![kr("b", number(0.0, 10.0), &[("2026-03-01", 10.0)])]);
    done.kind = Kind::Committed;
    let stretch = objective("s", vec![kr("c", number(0.0, 10.0), &[("2026-03-01", 7.0)])]);
    let s = score(&doc(vec![committed, done, stretch]), day("2026-04-01"));
    let review: Vec<bool> = s.objectives.iter().map(|o| o.needs_review).collect();
    assert_eq!(review, [true, false, false]);
}

#[test]
fn roll_up_loops_score_zero_and_are_flagged() {
    // a.k rolls up b, b.k rolls up a: a loop of contributions.
    let mut a = objective("a", vec![kr("ak", Some(Metric::Children), &[])]);
    a.parent = Some(Id::from("b"));
    a.parent_kr = Some(Id::from("bk"));
    let mut b = objective("b", vec![kr("bk", Some(Metric::Children), &[])]);
    b.parent = Some(Id::from("a"));
    b.parent_kr = Some(Id::from("ak"));
    let healthy = objective("h", vec![kr("hk", number(0.0, 2.0), &[("2026-01-10", 1.0)])]);
    let s = score(&doc(vec![a, b, healthy]), day("2026-02-01"));
    assert!(s.objectives[0].in_cycle && s.objectives[1].in_cycle && s.key_results[0][0].in_cycle);
    assert_eq!(s.objectives[0].progress, 0.0);
    assert!(!s.objectives[2].in_cycle);
    assert!(close(s.objectives[2].progress, 0.5));
}

#[test]
fn an_objective_that_is_its_own_parent_does_not_hang() {
    let mut o = objective("o", vec![]);
    o.parent = Some(Id::from("o"));
    let s = score(&doc(vec![o]), day("2026-02-01"));
    assert!(s.objectives[0].in_cycle);
}

#[test]
fn a_very_deep_chain_scores_without_overflowing_the_stack() {
    // 100,000 objectives, each the only child of the previous, none with key results
    // but the last: the whole chain rolls up its one measured key result.
    let mut objectives: Vec<Objective> = (0..100_000)
        .map(|i| {
            let mut o = objective(&format!("o{i}"), vec![]);
            if i > 0 {
                o.parent = Some(Id(format!("o{}", i - 1)));
            }
            o
        })
        .collect();
    objectives.last_mut().unwrap().key_results = vec![kr("k", number(0.0, 4.0), &[("2026-01-10", 3.0)])];
    let s = score(&doc(objectives), day("2026-02-01"));
    assert!(close(s.objectives[0].progress, 0.75));
}

#[test]
fn enormous_weights_do_not_overflow_the_mean() {
    assert!(close(weighted_mean([(1.0, 1e308), (1.0, 1e308)]), 1.0));
    assert!(close(weighted_mean([(0.0, 1e308), (1.0, f64::MAX), (0.5, 1.0)]), 1.0 / (1.0 + 1e308 / f64::MAX)));
}

#[test]
fn only_a_key_result_of_the_parent_rolls_up_a_contribution() {
    let p = objective("p", vec![kr("pk", Some(Metric::Children), &[])]);
    let other = objective("q", vec![kr("qk", Some(Metric::Children), &[])]);
    let mut child = objective("c", vec![kr("ck", number(0.0, 1.0), &[("2026-01-10", 1.0)])]);
    child.parent = Some(Id::from("p"));
    child.parent_kr = Some(Id::from("qk")); // belongs to q, not to the parent p
    let s = score(&doc(vec![p, other, child]), day("2026-02-01"));
    assert_eq!(s.key_results[0][0].progress, 0.0);
    assert_eq!(s.key_results[1][0].progress, 0.0);
}

#[test]
fn the_fingerprint_ignores_text_and_follows_what_scoring_reads() {
    use okrpad_core::scoring::fingerprint;
    let today = day("2026-11-20");
    let base = okrpad_core::content::generate::generate(40, okrpad_core::i18n::Lang::En, today);
    let same = fingerprint(&base);
    // Text changes: the fingerprint and the scores stay.
    let mut text = base.clone();
    text.title = "renamed".into();
    let o = &mut text.objectives[5];
    o.title = "新标题".into();
    o.owner = "someone".into();
    o.notes = "notes".into();
    o.level = Level::Individual;
    o.key_results[0].title = "x".into();
    o.key_results[0].owner = "y".into();
    o.key_results[0].due = Some(today);
    o.key_results[1].check_ins[0].note = "note".into();
    o.key_results[1].check_ins[0].blockers = "blocked".into();
    assert_eq!(fingerprint(&text), same);
    assert_eq!(score(&text, today), score(&base, today));
    // Each input of scoring changes it.
    let changes: Vec<fn(&mut Objective)> = vec![
        |o| o.kind = Kind::Committed,
        |o| o.weight = Some(2.0),
        |o| o.period = None,
        |o| o.parent = None,
        |o| o.parent_kr = None,
        |o| o.key_results[1].weight = 3.0,
        |o| o.key_results[1].metric = Some(Metric::Milestone),
        |o| o.key_results[1].metric = Some(Metric::Number { start: 0.0, target: 7.0, unit: String::new() }),
        |o| o.key_results[1].check_ins[1].value += 1.0,
        |o| o.key_results[1].check_ins[1].date = day("2026-10-02"),
        |o| o.key_results[1].check_ins[1].status = Some(ManualStatus::OffTrack),
        |o| o.key_results[1].check_ins.clear(),
        |o| o.key_results[1].contributes_to = Some(Id::from("o1k1")),
        |o| o.key_results[0].metric = Some(Metric::Mean { start: 0.0, target: 7.0, unit: String::new() }),
        |o| o.key_results[1].metric = Some(Metric::Number { start: 60.0, target: 30.0, unit: "万天".into() }),
        |o| o.key_results.pop().map_or((), drop),
    ];
    for (n, change) in changes.into_iter().enumerate() {
        let mut changed = base.clone();
        change(&mut changed.objectives[12]);
        assert_ne!(fingerprint(&changed), same, "change {n}");
    }
    let mut moved = base.clone();
    moved.objectives.swap(3, 4);
    assert_ne!(fingerprint(&moved), same);
}
