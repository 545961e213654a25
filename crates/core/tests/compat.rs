//! Compatibility: what users already have keeps opening.
//!
//! `tests/fixtures/v1/` holds files, links and a CSV written by okrpad when format v1
//! and link format okr1 shipped. **Never edit, regenerate or reformat them**, even
//! when a change to okrpad makes these tests fail: they stand for the files in
//! people's repositories and the links in their chat histories. A failing test here
//! means the change breaks those; fix the reader (upgrade old data in
//! `file::parse`, keep decoding `okr1` links), not the fixture.
//!
//! When format v2 ships, "writes back byte for byte" becomes "writes back as v2 with
//! the same content", and a v2 copy is frozen next to these.

use okrpad_core::calendar::Date;
use okrpad_core::formats::csv::from_csv;
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::formats::link;
use okrpad_core::model::{Level, ManualStatus, Metric};
use okrpad_core::scoring::{Status, score};

fn frozen(name: &str) -> String {
    std::fs::read_to_string(format!("{}/../../tests/fixtures/v1/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("a frozen fixture")
}

fn day(text: &str) -> Date {
    text.parse().expect("a date")
}

#[test]
fn v1_files_parse_and_write_back_byte_for_byte() {
    for name in ["sales-2026q1.okr.json", "every-field.okr.json"] {
        let text = frozen(name);
        let document = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(to_json(&document), text, "{name}");
    }
}

#[test]
fn v1_files_keep_every_field() {
    let document = parse(&frozen("every-field.okr.json")).expect("parses");
    assert!(document.extra.contains_key("x-team"));
    let company = &document.objectives[0];
    assert_eq!(company.weight, Some(1.0));
    assert!(company.notes.contains('\t') && company.notes.contains('\n'));
    assert!(company.extra.contains_key("review_meeting"));
    let nps = &company.key_results[0];
    assert_eq!(nps.metric, Some(Metric::Number { start: -5.0, target: 30.5, unit: "points".into() }));
    assert_eq!((nps.weight, nps.due), (2.5, Some(day("2026-11-30"))));
    assert_eq!(nps.check_ins[1].status, Some(ManualStatus::AtRisk));
    assert_eq!(nps.check_ins[0].extra.get("source").and_then(|v| v.as_str()), Some("survey-tool"));
    assert!(nps.extra.contains_key("jira"));
    assert_eq!(company.key_results[2].metric, Some(Metric::Children));
    let department = &document.objectives[1];
    assert_eq!(department.parent_kr.as_ref().map(|id| id.as_str()), Some("company-rollup"));
    assert_eq!(department.key_results[0].metric, Some(Metric::Milestone));
    assert_eq!(department.key_results[1].metric, None);
    assert_eq!(document.objectives[2].level, Level::Individual);
}

#[test]
fn v1_files_score_as_they_did() {
    let sales = parse(&frozen("sales-2026q1.okr.json")).expect("parses");
    let scores = score(&sales, day("2026-02-15"));
    let progress: Vec<f64> = scores.objectives.iter().map(|o| (o.progress * 10_000.0).round() / 10_000.0).collect();
    assert_eq!(progress, [0.5123, 0.4385, 0.5333]);
    assert_eq!(scores.objectives[1].status, Status::AtRisk);

    let every = parse(&frozen("every-field.okr.json")).expect("parses");
    let scores = score(&every, day("2026-12-31"));
    // NPS: the later of two check-ins on 06-30 counts: (12.5 + 5) / (30.5 + 5).
    let nps = 17.5 / 35.5;
    // The department: milestone done (1) and an unmeasured key result (0).
    assert_eq!(scores.objectives[1].progress, 0.5);
    // The company: NPS weighs 2.5, churn 0, the roll-up of the department 1.
    let company = (nps * 2.5 + 0.5) / 3.5;
    assert!((scores.objectives[0].progress - company).abs() < 1e-12, "{}", scores.objectives[0].progress);
    assert_eq!(scores.key_results[0][0].status, Status::OffTrack); // set by hand
}

#[test]
fn okr1_links_keep_opening() {
    for name in ["sales-2026q1", "every-field"] {
        let document =
            link::decode(frozen(&format!("{name}.link.txt")).trim()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(document, parse(&frozen(&format!("{name}.okr.json"))).expect("parses"), "{name}");
    }
}

#[test]
fn the_csv_export_keeps_importing() {
    let document = from_csv(&frozen("sales-2026q1.zh.csv"), day("2026-02-20")).expect("imports");
    let sales = parse(&frozen("sales-2026q1.okr.json")).expect("parses");
    let ids = |d: &okrpad_core::model::Document| {
        d.objectives
            .iter()
            .flat_map(|o| std::iter::once(o.id.to_string()).chain(o.key_results.iter().map(|k| k.id.to_string())))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&document), ids(&sales));
    let progress = |d: &okrpad_core::model::Document| {
        score(d, day("2026-02-15")).objectives.iter().map(|o| o.progress).collect::<Vec<_>>()
    };
    assert_eq!(progress(&document), progress(&sales));
}

/// Issue 15 added `cadence_days`, check-in `confidence` and comments (the `M` record)
/// to format v1 and to `okr1` links, after every older field. A document that uses
/// none of them still makes exactly the link it made before, so an older okrpad opens
/// the links of a newer one for such documents.
#[test]
fn documents_without_the_weekly_fields_make_the_links_they_made_before() {
    for name in ["sales-2026q1", "every-field"] {
        let document = parse(&frozen(&format!("{name}.okr.json"))).expect("parses");
        assert_eq!(link::encode(&document), frozen(&format!("{name}.link.txt")).trim(), "{name}");
    }
}

/// The link of `tests/fixtures/weekly-2026q1.okr.json` as the release that added
/// confidence, the cadence and comments wrote it: it keeps opening to that document.
#[test]
fn links_with_confidence_cadence_and_comments_keep_opening() {
    let text =
        std::fs::read_to_string(format!("{}/../../tests/fixtures/weekly-2026q1.okr.json", env!("CARGO_MANIFEST_DIR")))
            .expect("the weekly fixture");
    let weekly = parse(&text).expect("parses");
    let document = link::decode(frozen("weekly-2026q1.link.txt").trim()).expect("opens");
    assert_eq!(document, weekly);
    assert_eq!(document.cadence_days, Some(14));
    assert_eq!(document.objectives[0].key_results[0].check_ins[1].confidence, Some(5));
    assert_eq!(document.objectives[0].comments[0].author, "李娜");
    assert_eq!(document.objectives[0].key_results[0].comments[0].text, "CRM 排期未定");
}
