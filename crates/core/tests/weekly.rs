//! The weekly routine's fields (issue 15) through every carrier: the file, a share
//! link, a merge, Markdown and CSV, on the weekly fixture; what the file refuses.
//! Generated documents carry them too (`tests/common`), so the property tests of each
//! carrier cover them as well.

use okrpad_core::calendar::Date;
use okrpad_core::formats::file::{FormatError, parse, to_json};
use okrpad_core::formats::{csv, link, markdown};
use okrpad_core::i18n::Lang;
use okrpad_core::merge::{Field, Side, merge};
use okrpad_core::model::{Comment, Document, Id};
use okrpad_core::scoring::score;

fn weekly_text() -> String {
    std::fs::read_to_string(format!("{}/../../tests/fixtures/weekly-2026q1.okr.json", env!("CARGO_MANIFEST_DIR")))
        .expect("the weekly fixture")
}

fn weekly() -> Document {
    parse(&weekly_text()).expect("the weekly fixture parses")
}

fn day(text: &str) -> Date {
    text.parse().expect("a date")
}

fn comment(id: &str, date: &str, text: &str) -> Comment {
    Comment { id: Id::from(id), date: day(date), author: "赵敏".into(), text: text.into() }
}

#[test]
fn the_file_writes_the_weekly_fields_back_byte_for_byte() {
    let text = weekly_text();
    assert_eq!(to_json(&weekly()), text);
    let document = weekly();
    assert_eq!(document.cadence_days, Some(14));
    assert_eq!(document.cadence(), 14);
    assert_eq!(Document::default().cadence(), 7, "weekly by default");
}

#[test]
fn out_of_range_values_and_repeated_comment_ids_are_refused_where_they_are() {
    let text = weekly_text();
    let field = |bad: &str| match parse(bad) {
        Err(FormatError::Field { path, detail, .. }) => (path, detail),
        other => panic!("{other:?}"),
    };
    for (from, to, path) in [
        (r#""confidence": 5"#, r#""confidence": 11"#, "objectives[0].key_results[0].check_ins[1].confidence"),
        (r#""confidence": 5"#, r#""confidence": -1"#, "objectives[0].key_results[0].check_ins[1].confidence"),
        (r#""confidence": 5"#, r#""confidence": 7.5"#, "objectives[0].key_results[0].check_ins[1].confidence"),
        (r#""confidence": 5"#, r#""confidence": "5""#, "objectives[0].key_results[0].check_ins[1].confidence"),
        (r#""cadence_days": 14"#, r#""cadence_days": 0"#, "cadence_days"),
        (r#""cadence_days": 14"#, r#""cadence_days": 367"#, "cadence_days"),
        (r#""author": "李娜","#, r#""author": "李娜", "likes": 3,"#, "objectives[0].comments[0].likes"),
    ] {
        let (found, detail) = field(&text.replacen(from, to, 1));
        assert_eq!(found, path, "{to}: {detail}");
    }
    // null is the same as leaving it out; 0 and 10 are the ends.
    for ok in [r#""confidence": null"#, r#""confidence": 0"#, r#""confidence": 10"#] {
        assert!(parse(&text.replacen(r#""confidence": 5"#, ok, 1)).is_ok(), "{ok}");
    }
    let repeated = text.replacen(r#""id": "m2""#, r#""id": "m1""#, 1);
    let error = parse(&repeated).unwrap_err();
    assert_eq!(
        error,
        FormatError::DuplicateId {
            id: "m1".into(),
            first: "objectives[0].comments[0].id".into(),
            second: "objectives[0].key_results[0].comments[0].id".into()
        }
    );
    assert!(error.message().zh.contains("已被"), "{}", error.message().zh);
    // A comment may share an id with an objective or key result: its own namespace.
    assert!(parse(&text.replacen(r#""id": "m2""#, r#""id": "k1""#, 1)).is_ok());
    let empty = text.replacen(r#""id": "m2""#, r#""id": """#, 1);
    assert!(
        matches!(parse(&empty), Err(FormatError::EmptyId { path }) if path == "objectives[0].key_results[0].comments[0].id")
    );
}

#[test]
fn a_share_link_carries_confidence_cadence_and_comments() {
    let mut document = weekly();
    // Text that the record format must escape.
    document.objectives[0].comments.push(comment("m3", "2026-02-13", "tab\there\nnew line \\ back"));
    let decoded = link::decode(&link::encode(&document)).expect("opens");
    assert_eq!(decoded, document);
}

#[test]
fn links_refuse_bad_weekly_values_with_their_field() {
    use link::{LinkError, Malformed};
    let pack = |payload: &str| {
        use base64::Engine;
        let compressed = miniz_oxide::deflate::compress_to_vec(payload.as_bytes(), 6);
        format!("okr1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(compressed))
    };
    let bad = |payload: &str| match link::decode(&pack(payload)) {
        Err(LinkError::Malformed { problem: Malformed::BadValue { field, .. }, .. }) => field,
        Err(LinkError::Malformed { problem: Malformed::Missing(field), .. }) => field,
        other => panic!("{payload:?}: {other:?}"),
    };
    let base = "t\nO\to\t\t\tt\nK\tk\nC\t2026-01-05\t1";
    assert_eq!(bad(&format!("{base}\t\t\t\t\t11")), "confidence");
    assert_eq!(bad(&format!("{base}\t\t\t\t\t+5")), "confidence");
    assert_eq!(bad("t\t\t0"), "cadence_days");
    assert_eq!(bad("t\t\tweekly"), "cadence_days");
    assert_eq!(bad(&format!("{base}\nM\tm1\tyesterday")), "comments.date");
    assert_eq!(bad(&format!("{base}\nM\t\t2026-01-05")), "comments.id");
    // A comment before any objective has nothing to belong to.
    assert!(matches!(
        link::decode(&pack("t\nM\tm1\t2026-01-05")),
        Err(LinkError::Malformed { problem: Malformed::Orphan, .. })
    ));
    // Repeated comment ids are refused like repeated object ids.
    let twice = format!("{base}\nM\tm1\t2026-01-05\nM\tm1\t2026-01-06");
    assert!(matches!(link::decode(&pack(&twice)), Err(LinkError::Invalid(FormatError::DuplicateId { .. }))));
}

#[test]
fn a_merge_unites_discussions_by_id_and_keeps_each_comment_once() {
    let ours = weekly();
    let mut theirs = weekly();
    theirs.objectives[0].key_results[1].comments.push(comment("t1", "2026-02-13", "theirs on k2"));
    theirs.objectives[0].comments.insert(0, comment("t0", "2026-02-11", "theirs, earlier"));
    let mut mine = ours.clone();
    mine.objectives[0].comments.push(comment("o1", "2026-02-20", "ours"));
    let merged = merge(&mine, &theirs);
    assert!(merged.conflicts().is_empty(), "{:?}", merged.conflicts());
    assert_eq!(merged.added().comments, 2);
    let on_objective: Vec<&str> = merged.document().objectives[0].comments.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(on_objective, ["t0", "m1", "o1"], "in date order");
    assert_eq!(merged.document().objectives[0].key_results[1].comments[0].id.as_str(), "t1");

    // The same comment id under two different objects: kept once, ours.
    let mut moved = weekly();
    let comment_m2 = moved.objectives[0].key_results[0].comments.remove(0);
    moved.objectives[0].key_results[1].comments.push(comment_m2);
    let merged = merge(&ours, &moved);
    let document = merged.document();
    assert_eq!(okrpad_core::formats::file::validate(document), Ok(()));
    assert_eq!(document.objectives[0].key_results[0].comments.len(), 1);
    assert!(document.objectives[0].key_results[1].comments.is_empty());
}

#[test]
fn a_confidence_is_part_of_its_check_in_and_the_cadence_a_document_field() {
    let ours = weekly();
    let mut theirs = weekly();
    theirs.objectives[0].key_results[0].check_ins[1].confidence = Some(3);
    theirs.cadence_days = Some(7);
    let mut merged = merge(&ours, &theirs);
    let fields: Vec<&Field> = merged.conflicts().iter().map(|c| &c.field).collect();
    assert_eq!(fields, [&Field::Cadence, &Field::CheckIn(day("2026-02-10"))]);
    let check_in = &merged.conflicts()[1];
    assert!(check_in.ours.text.en.contains("confidence 5/10"), "{:?}", check_in.ours.text);
    assert!(check_in.theirs.text.zh.contains("信心 3/10"), "{:?}", check_in.theirs.text);
    assert_eq!(merged.conflicts()[0].field.name(), "cadence_days");
    merged.resolve_all(Side::Theirs);
    assert_eq!(merged.document(), &theirs);
}

#[test]
fn markdown_and_csv_carry_what_fits() {
    let document = weekly();
    let scores = score(&document, day("2026-02-15"));
    let md = markdown::to_markdown(&document, &scores, Lang::Zh);
    assert!(md.contains("信心 5/10") && md.contains("评论 · 李娜 · 2026-02-12"), "{md}");
    let text = csv::to_csv(&document, &scores, Lang::En);
    assert!(text.lines().next().is_some_and(|header| header.split(',').any(|c| c == "confidence")), "{text}");
    let back = csv::from_csv(&text, day("2026-02-15")).expect("imports");
    let rescored = score(&back, day("2026-02-15"));
    assert_eq!(rescored.key_results[0][0].confidence, Some(5));
    assert_eq!(rescored.key_results[0][1].confidence, None);
    assert_eq!(rescored.objectives[0].confidence, scores.objectives[0].confidence);
}
