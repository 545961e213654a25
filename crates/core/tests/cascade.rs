//! The numeric cascade (issue 14): `sum` and `mean` key results computed from the key
//! results that contribute to them, across levels and units; health bands; progress
//! over time equal to scoring at each date.

mod common;

use okrpad_core::calendar::{Date, Period};
use okrpad_core::model::{CheckIn, Document, Health, Id, KeyResult, Level, Metric, Objective};
use okrpad_core::scoring::{Status, contributions, progress_over_time, score};
use proptest::prelude::*;

fn day(text: &str) -> Date {
    text.parse().unwrap()
}

fn kr(id: &str, metric: Metric, feeds: Option<&str>, check_ins: &[(&str, f64)]) -> KeyResult {
    let mut k = KeyResult::new(id, id);
    k.metric = Some(metric);
    k.contributes_to = feeds.map(Id::from);
    k.check_ins = check_ins.iter().map(|(d, v)| CheckIn::new(day(d), *v)).collect();
    k
}

fn number(start: f64, target: f64, unit: &str) -> Metric {
    Metric::Number { start, target, unit: unit.into() }
}

fn sum(start: f64, target: f64, unit: &str) -> Metric {
    Metric::Sum { start, target, unit: unit.into() }
}

fn objective(id: &str, parent: Option<&str>, key_results: Vec<KeyResult>) -> Objective {
    let mut o = Objective::new(id, id, Level::Team);
    o.period = Some(Period { start: day("2026-01-01"), end: day("2026-12-31") });
    o.parent = parent.map(Id::from);
    o.key_results = key_results;
    o
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Seed 001: the sales center (亿元), Beijing (万元) and its channel team (万元), and
/// a Shanghai peer, with opportunities counted in 个 at every level.
fn seed_001() -> Document {
    let center = objective(
        "sc",
        None,
        vec![kr("sc-opps", sum(0.0, 3000.0, "个"), None, &[]), kr("sc-rev", sum(0.0, 1.0, "亿元"), None, &[])],
    );
    let beijing = objective(
        "bj",
        Some("sc"),
        vec![
            kr("bj-opps", sum(0.0, 1500.0, "个"), Some("sc-opps"), &[]),
            kr("bj-rev", sum(0.0, 6000.0, "万元"), Some("sc-rev"), &[]),
        ],
    );
    let channel = objective(
        "ch",
        Some("bj"),
        vec![
            kr("ch-opps", number(0.0, 500.0, "个"), Some("bj-opps"), &[("2026-03-01", 200.0)]),
            kr("ch-rev", number(0.0, 2000.0, "万元"), Some("bj-rev"), &[("2026-03-01", 1000.0)]),
        ],
    );
    let direct = objective(
        "bj-direct",
        Some("bj"),
        vec![kr("dr-rev", number(0.0, 4000.0, "元"), Some("bj-rev"), &[("2026-02-01", 20_000_000.0)])],
    );
    let shanghai = objective(
        "sh",
        Some("sc"),
        vec![kr(
            "sh-opps",
            number(0.0, 1500.0, "个"),
            Some("sc-opps"),
            &[("2026-02-01", 300.0), ("2026-04-01", 600.0)],
        )],
    );
    Document { objectives: vec![center, beijing, channel, direct, shanghai], ..Document::default() }
}

#[test]
fn sums_add_up_over_three_levels_with_unit_conversion() {
    let d = seed_001();
    let s = score(&d, day("2026-03-15"));
    // Beijing: 1000 万元 (channel) + 2000 万元 (20,000,000 元) = 3000 万元 of 6000.
    assert_eq!(s.key_result(1, 1).unwrap().current, Some(3000.0));
    assert!(close(s.key_result(1, 1).unwrap().progress, 0.5));
    // The center: 3000 万元 = 0.3 亿元 of 1.
    assert!(close(s.key_result(0, 1).unwrap().current.unwrap(), 0.3));
    // Opportunities: 200 (channel, via Beijing) + 300 (Shanghai) = 500 of 3000.
    assert_eq!(s.key_result(1, 0).unwrap().current, Some(200.0));
    assert_eq!(s.key_result(0, 0).unwrap().current, Some(500.0));
    assert!(close(s.objectives[0].progress, (500.0 / 3000.0 + 0.3) / 2.0));
    // The listed contributors, converted.
    let c = contributions(&d, &s, 0, 1);
    assert_eq!(c.len(), 1);
    assert_eq!((c[0].value, c[0].converted.map(|v| (v * 1e6).round() / 1e6)), (Some(3000.0), Some(0.3)));
}

#[test]
fn a_check_in_at_the_bottom_moves_every_level_above() {
    let mut d = seed_001();
    let at = day("2026-03-15");
    let before = score(&d, at);
    d.objectives[2].key_results[1].check_ins.push(CheckIn::new(at, 2000.0));
    let after = score(&d, at);
    for (o, k) in [(2, 1), (1, 1), (0, 1)] {
        assert!(after.key_result(o, k).unwrap().progress > before.key_result(o, k).unwrap().progress, "{o}/{k}");
    }
    assert!(after.objectives[0].progress > before.objectives[0].progress);
}

#[test]
fn a_mean_weighs_its_contributors() {
    let mut a = kr("a", number(0.0, 100.0, "%"), Some("m"), &[("2026-01-10", 60.0)]);
    a.weight = 3.0;
    let b = kr("b", number(0.0, 100.0, "%"), Some("m"), &[("2026-01-10", 80.0)]);
    let d = Document {
        objectives: vec![
            objective(
                "top",
                None,
                vec![kr("m", Metric::Mean { start: 50.0, target: 75.0, unit: "%".into() }, None, &[])],
            ),
            objective("low", Some("top"), vec![a, b]),
        ],
        ..Document::default()
    };
    let s = score(&d, day("2026-02-01"));
    assert_eq!(s.key_result(0, 0).unwrap().current, Some(65.0));
    assert!(close(s.key_result(0, 0).unwrap().progress, 0.6));
}

#[test]
fn unconvertible_and_valueless_contributors_are_left_out_and_no_contributors_scores_the_start() {
    let d = Document {
        objectives: vec![
            objective(
                "top",
                None,
                vec![kr("s", sum(10.0, 110.0, "元"), None, &[]), kr("empty", sum(5.0, 10.0, "个"), None, &[])],
            ),
            objective(
                "low",
                Some("top"),
                vec![
                    kr("ok", number(0.0, 1.0, "万元"), Some("s"), &[("2026-01-05", 0.005)]),
                    kr("bad", number(0.0, 1.0, "个"), Some("s"), &[("2026-01-05", 1000.0)]),
                    kr("flag", Metric::Milestone, Some("s"), &[("2026-01-05", 1.0)]),
                ],
            ),
        ],
        ..Document::default()
    };
    let s = score(&d, day("2026-02-01"));
    assert!(close(s.key_result(0, 0).unwrap().current.unwrap(), 50.0));
    assert!(close(s.key_result(0, 0).unwrap().progress, 0.4));
    assert_eq!(s.key_result(0, 1).unwrap().current, Some(5.0));
    assert_eq!(s.key_result(0, 1).unwrap().progress, 0.0);
    let c = contributions(&d, &s, 0, 0);
    assert_eq!(c.iter().map(|c| c.converted.is_some()).collect::<Vec<_>>(), [true, false, false]);
}

#[test]
fn loops_of_contributions_score_zero_without_hanging() {
    let d = Document {
        objectives: vec![
            objective("a", None, vec![kr("a1", sum(0.0, 10.0, ""), Some("b1"), &[])]),
            objective("b", Some("a"), vec![kr("b1", sum(0.0, 10.0, ""), Some("a1"), &[])]),
            objective("c", None, vec![kr("self", sum(0.0, 10.0, ""), Some("self"), &[])]),
        ],
        ..Document::default()
    };
    let s = score(&d, day("2026-02-01"));
    for (o, k) in [(0, 0), (1, 0), (2, 0)] {
        let score = s.key_result(o, k).unwrap();
        assert!(score.in_cycle && score.progress == 0.0, "{o}/{k}");
    }
}

fn health(min: Option<f64>, max: Option<f64>, warn_below: Option<f64>, warn_above: Option<f64>) -> Metric {
    Metric::Health(Health { min, max, warn_below, warn_above, unit: "%".into() })
}

#[test]
fn health_bands_hold_their_edges() {
    let band = health(Some(95.0), Some(100.0), Some(97.0), Some(99.5));
    let cases = [
        (94.999, 0.0, Status::OffTrack),
        (95.0, 1.0, Status::AtRisk),
        (96.9, 1.0, Status::AtRisk),
        (97.0, 1.0, Status::OnTrack),
        (99.5, 1.0, Status::OnTrack),
        (99.6, 1.0, Status::AtRisk),
        (100.0, 1.0, Status::AtRisk),
        (100.01, 0.0, Status::OffTrack),
    ];
    for (value, progress, status) in cases {
        let d = Document {
            objectives: vec![objective("o", None, vec![kr("h", band.clone(), None, &[("2026-01-05", value)])])],
            ..Document::default()
        };
        let s = score(&d, day("2026-06-01"));
        let k = s.key_result(0, 0).unwrap();
        assert_eq!((k.progress, k.status), (progress, status), "{value}");
        assert_eq!(s.objectives[0].progress, progress, "an objective counts it as met or missed");
    }
    // One-sided bands.
    let floor = health(Some(10.0), None, None, None);
    let d = Document {
        objectives: vec![objective("o", None, vec![kr("h", floor, None, &[("2026-01-05", 1e12)])])],
        ..Document::default()
    };
    assert_eq!(score(&d, day("2026-06-01")).key_result(0, 0).unwrap().status, Status::OnTrack);
}

#[test]
fn health_files_are_checked_where_they_are_read() {
    use okrpad_core::formats::file::parse;
    let file = |metric: &str| {
        format!(
            r#"{{"okrpad":1,"objectives":[{{"id":"o","level":"team","key_results":[{{"id":"k","metric":{metric}}}]}}]}}"#
        )
    };
    assert!(parse(&file(r#"{"kind":"health","min":95,"warn_below":97,"unit":"%"}"#)).is_ok());
    for bad in [
        r#"{"kind":"health"}"#,
        r#"{"kind":"health","min":5,"max":1}"#,
        r#"{"kind":"health","min":5,"warn_below":1}"#,
        r#"{"kind":"health","min":5,"target":9}"#,
        r#"{"kind":"sum","min":5,"target":9}"#,
        r#"{"kind":"mean"}"#,
        r#"{"kind":"sum","target":9,"direction":"up"}"#,
    ] {
        assert!(parse(&file(bad)).is_err(), "{bad}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// The series is `score` itself at each of its dates, and every check-in date that
    /// feeds the objective is one of them.
    #[test]
    fn progress_over_time_is_the_score_at_each_date(doc in common::document()) {
        for i in 0..doc.objectives.len() {
            let series = progress_over_time(&doc, i);
            prop_assert!(series.windows(2).all(|w| w[0].0 < w[1].0));
            for &(date, progress) in &series {
                prop_assert_eq!(progress, score(&doc, date).objectives[i].progress);
            }
            for kr in &doc.objectives[i].key_results {
                for c in &kr.check_ins {
                    prop_assert!(series.iter().any(|(d, _)| *d == c.date));
                }
            }
        }
    }
}

#[test]
fn what_if_on_a_contributor_moves_every_sum_above_it() {
    use okrpad_core::scoring::whatif::what_if;
    let d = seed_001();
    let at = day("2026-03-15");
    let before = score(&d, at);
    let w = what_if(&d, &before, &Id::from("ch-rev"), 2000.0).unwrap();
    let ids: Vec<&str> = w.objectives.iter().map(|s| d.objectives[s.objective].id.as_str()).collect();
    assert_eq!(ids, ["ch", "bj", "sc"]);
    assert!(w.objectives.iter().all(|s| s.after > s.before), "{w:?}");
    // Every sum above it moves, nearest first, with its computed value.
    let sums: Vec<&str> =
        w.sums.iter().map(|s| d.objectives[s.objective].key_results[s.key_result].id.as_str()).collect();
    assert_eq!(sums, ["bj-rev", "sc-rev"]);
    assert!(w.sums.iter().all(|s| s.progress.1 > s.progress.0 && s.value.1 > s.value.0), "{w:?}");
    assert!(
        d.objectives.iter().flat_map(|o| &o.key_results).all(|k| k.id.as_str() != "ch-rev" || k.check_ins.len() == 1)
    );
}

#[test]
fn what_if_stops_at_a_contribution_loop() {
    use okrpad_core::scoring::whatif::what_if;
    let mut d = seed_001();
    // bj-rev feeds sc-rev, which now feeds bj-rev back: a loop, walked once.
    for o in &mut d.objectives {
        for k in &mut o.key_results {
            if k.id.as_str() == "sc-rev" {
                k.contributes_to = Some(Id::from("bj-rev"));
            }
        }
    }
    let at = day("2026-03-15");
    let w = what_if(&d, &score(&d, at), &Id::from("ch-rev"), 2000.0).unwrap();
    assert_eq!(w.sums.len(), 2);
}
