//! Format v1 as users see it: what opens, what is refused and how the refusal reads.

use okrpad_core::formats::file::{FormatError, parse, to_compact_json, to_json};
use okrpad_core::i18n::Lang;
use okrpad_core::model::{Level, Metric};

const MINIMAL: &str = r#"{"okrpad": 1, "title": "Q1", "objectives": [
  {"id": "o1", "title": "通过行业解决方案升级,实现大客户营收突破", "level": "company",
   "key_results": [{"id": "k1", "title": "大客户签约数量从50家增至70家",
                    "metric": {"kind": "number", "start": 50, "target": 70, "unit": "家"}}]}]}"#;

#[test]
fn a_minimal_file_opens_with_defaults_filled_in() {
    let doc = parse(MINIMAL).unwrap();
    let o = &doc.objectives[0];
    assert_eq!(o.level, Level::Company);
    assert_eq!(o.kind, okrpad_core::model::Kind::Aspirational);
    assert_eq!(o.owner, "");
    assert_eq!(o.key_results[0].weight, 1.0);
    assert_eq!(o.key_results[0].metric, Some(Metric::Number { start: 50.0, target: 70.0, unit: "家".into() }));
}

#[test]
fn writing_uses_a_fixed_field_order_and_whole_numbers() {
    let text = to_json(&parse(MINIMAL).unwrap());
    assert!(text.starts_with("{\n  \"okrpad\": 1,\n  \"title\": \"Q1\",\n  \"objectives\": ["));
    assert!(text.contains("\"start\": 50,") && text.contains("\"target\": 70,"), "{text}");
    assert!(text.ends_with("}\n"));
    let keys: Vec<&str> = text.lines().filter_map(|l| l.trim().strip_prefix('"')?.split('"').next()).collect();
    let o = keys.iter().position(|k| *k == "id").unwrap();
    assert_eq!(&keys[o..o + 5], ["id", "title", "owner", "level", "kind"]);
}

#[test]
fn the_stored_form_is_the_same_document_in_half_the_characters() {
    let doc =
        okrpad_core::content::generate::generate(200, Lang::Zh, okrpad_core::calendar::Date::new(2026, 11, 1).unwrap());
    let (pretty, compact) = (to_json(&doc), to_compact_json(&doc));
    assert_eq!(parse(&compact).unwrap(), doc);
    assert!(compact.starts_with("{\"okrpad\":1,") && !compact.contains('\n'));
    assert!(compact.len() * 2 < pretty.len() + pretty.len() / 10, "{} against {}", compact.len(), pretty.len());
}

#[test]
fn unknown_fields_are_kept_and_written_back() {
    let text = r##"{"okrpad": 1, "x-team": {"slack": "#sales"}, "objectives": [
      {"id": "o", "level": "team", "x-budget": 12000, "key_results": [
        {"id": "k", "crm_field": "pipeline", "check_ins": [{"date": "2026-01-05", "value": 1, "source": "crm"}]}]}]}"##;
    let doc = parse(text).unwrap();
    assert!(doc.extra.contains_key("x-team") && !doc.extra.contains_key("okrpad"));
    let again = parse(&to_json(&doc)).unwrap();
    assert_eq!(again, doc);
    let written = to_json(&doc);
    for kept in ["x-team", "x-budget", "crm_field", "\"source\": \"crm\""] {
        assert!(written.contains(kept), "{kept} lost");
    }
}

#[test]
fn unknown_fields_that_would_change_a_score_are_refused() {
    let metric = MINIMAL.replace(r#""unit": "家""#, r#""unit": "家", "direction": "down""#);
    let Err(FormatError::Field { path, detail, .. }) = parse(&metric) else { panic!("accepted") };
    assert_eq!(path, "objectives[0].key_results[0].metric.direction");
    assert!(detail.contains("direction"), "{detail}");

    let period = MINIMAL.replace(
        r#""level": "company","#,
        r#""level": "company", "period": {"start": "2026-01-01", "end": "2026-03-31", "tz": "UTC"},"#,
    );
    assert!(matches!(parse(&period), Err(FormatError::Field { path, .. }) if path == "objectives[0].period.tz"));
}

#[test]
fn broken_json_names_the_line_and_column_in_both_languages() {
    let broken = "{\"okrpad\": 1,\n \"title\": \"Q1\"\n \"objectives\": []}";
    let error = parse(broken).unwrap_err();
    assert!(matches!(error, FormatError::Syntax { line: 3, column: 2, .. }), "{error:?}");
    let message = error.message();
    assert!(message.get(Lang::En).contains("line 3, column 2"), "{}", message.en);
    assert!(message.get(Lang::Zh).contains("第 3 行第 2 列"), "{}", message.zh);
}

#[test]
fn a_truncated_file_says_it_is_cut_off() {
    let cut = &MINIMAL[..MINIMAL.len() / 2];
    let error = parse(cut).unwrap_err();
    assert!(matches!(error, FormatError::Truncated { .. }), "{error:?}");
    assert!(error.message().zh.contains("不完整"));
}

#[test]
fn trailing_garbage_is_refused() {
    assert!(matches!(parse("{\"okrpad\": 1} x"), Err(FormatError::Syntax { .. })));
}

#[test]
fn files_from_a_newer_okrpad_are_refused_as_newer() {
    // Even with fields this version has never heard of: the version decides first.
    let error = parse(r#"{"okrpad": 2, "objectives": {"a": "new shape"}}"#).unwrap_err();
    assert_eq!(error, FormatError::NewerVersion { found: 2 });
    assert!(error.message().en.contains("newer"));
    assert!(error.message().zh.contains("更新"));
}

#[test]
fn a_file_that_begins_as_okrpad_writes_is_judged_as_any_other() {
    // Such a file skips the first reading for its version; what is wrong with it
    // further on must still come out as it does for a file that does not.
    let cases = [
        ("{\"okrpad\": 1, \"okrpad\": 1, \"title\": \"x\"}", FormatError::DuplicateKey { key: "okrpad".to_owned() }),
        (
            "{\"okrpad\":1,\"title\":\"x\",\"objectives\":[}",
            FormatError::Syntax { line: 1, column: 39, detail: "expected value".to_owned() },
        ),
        ("{\n  \"okrpad\": 1,\n  \"title\": 5, \"objectives\": [", FormatError::Truncated { line: 3, column: 29 }),
        ("{\"okrpad\": 10, \"title\": \"x\"}", FormatError::NewerVersion { found: 10 }),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text).unwrap_err(), expected, "{text}");
    }
    let date = MINIMAL.replace(
        r#""level": "company","#,
        r#""level": "company", "period": {"start": 20260101, "end": "2026-03-31"},"#,
    );
    let FormatError::Field { path, detail, .. } = parse(&date).unwrap_err() else { panic!("a number for a date") };
    assert_eq!(path, "objectives[0].period.start");
    assert!(detail.contains("expected a date as YYYY-MM-DD"), "{detail}");
}

#[test]
fn json_that_is_not_an_okrpad_document_says_so() {
    for text in [r#"{"title": "x"}"#, "[1, 2]", "3", r#"{"okrpad": null}"#] {
        assert_eq!(parse(text).unwrap_err(), FormatError::NotOkrpad, "{text}");
    }
    for text in [r#"{"okrpad": "1"}"#, r#"{"okrpad": 0}"#, r#"{"okrpad": 1.5}"#, r#"{"okrpad": -1}"#] {
        assert!(matches!(parse(text), Err(FormatError::BadVersion { .. })), "{text}");
    }
}

#[test]
fn wrong_fields_are_named_by_their_path() {
    let cases = [
        (MINIMAL.replace("\"company\"", "\"division\""), "objectives[0].level", "unknown variant"),
        (
            MINIMAL.replace("\"start\": 50", "\"start\": \"fifty\""),
            "objectives[0].key_results[0].metric.start",
            "invalid type",
        ),
        (MINIMAL.replace(", \"target\": 70", ""), "objectives[0].key_results[0].metric", "needs a `target`"),
        (
            MINIMAL.replace("\"kind\": \"number\", ", "\"kind\": \"milestone\", "),
            "objectives[0].key_results[0].metric",
            "number metrics only",
        ),
        (MINIMAL.replace("\"id\": \"k1\", ", ""), "objectives[0].key_results[0]", "missing field `id`"),
        (
            MINIMAL.replace(
                "\"level\": \"company\",",
                "\"level\": \"company\", \"period\": {\"start\": \"2026-02-30\", \"end\": \"2026-03-31\"},",
            ),
            "objectives[0].period.start",
            "2026-02-30",
        ),
    ];
    for (text, path, detail) in cases {
        match parse(&text) {
            Err(FormatError::Field { path: p, detail: d, line, .. }) => {
                assert_eq!(p, path);
                assert!(d.contains(detail), "{d}");
                assert!(line >= 1);
            }
            other => panic!("{path}: {other:?}"),
        }
    }
    let zh = parse(&MINIMAL.replace("\"company\"", "\"division\"")).unwrap_err().message().zh;
    assert!(zh.contains("未知取值"), "{zh}");
}

#[test]
fn a_refused_metric_is_explained_in_chinese_too() {
    let metrics = [
        r#"{"kind": "number", "start": 50}"#,
        r#"{"kind": "sum", "start": 50}"#,
        r#"{"kind": "mean"}"#,
        r#"{"kind": "number", "start": 50, "target": 70, "min": 0}"#,
        r#"{"kind": "health", "start": 50}"#,
        r#"{"kind": "milestone", "unit": "家"}"#,
        r#"{"kind": "health"}"#,
        r#"{"kind": "health", "min": 9, "max": 1}"#,
        r#"{"kind": "health", "min": 1, "max": 9, "warn_below": 0}"#,
    ];
    let minimal = r#"{"kind": "number", "start": 50, "target": 70, "unit": "家"}"#;
    let mut details = std::collections::HashSet::new();
    for metric in metrics {
        let error = parse(&MINIMAL.replace(minimal, metric)).unwrap_err();
        let FormatError::Field { path, detail, .. } = &error else { panic!("{metric}: {error:?}") };
        assert_eq!(path, "objectives[0].key_results[0].metric", "{metric}");
        let zh = error.message().zh;
        assert!(!zh.contains(detail.as_str()) && zh.contains("指标"), "{metric}: {zh}");
        details.insert(detail.clone());
    }
    assert_eq!(details.len(), metrics.len(), "each case is a different refusal");
}

#[test]
fn wrong_kinds_of_values_and_dates_are_explained_in_chinese() {
    let level = r#""level": "company","#;
    let cases = [
        (level, r#""level": "company", "weight": "2","#, "类型错误：字符串 \"2\"，应为数字"),
        (r#""title": "Q1""#, r#""title": null"#, "类型错误：null，应为字符串"),
        (level, r#""level": "teem","#, "未知取值 `teem`，应为以下之一：`company`、"),
        (
            level,
            r#""level": "company", "period": {"start": "2026-02-30", "end": "2026-03-31"},"#,
            "日历上没有 2026-02-30 这一天",
        ),
        (
            level,
            r#""level": "company", "period": {"start": "2026/01/01", "end": "2026-03-31"},"#,
            "应为 YYYY-MM-DD 格式的日期，实际为 \"2026/01/01\"",
        ),
    ];
    for (from, to, expected) in cases {
        let text = MINIMAL.replacen(from, to, 1);
        assert_ne!(text, MINIMAL, "{from} is in the fixture");
        let zh = parse(&text).unwrap_err().message().zh;
        assert!(zh.contains(expected), "{to}: {zh}");
        assert!(!zh.contains("expected") && !zh.contains("invalid"), "{to}: {zh}");
    }
    let zh = parse(r#"{"okrpad": 1e400}"#).unwrap_err().message().zh;
    assert!(zh.contains("数字超出范围"), "{zh}");
}

#[test]
fn ids_must_be_present_and_unique_across_objectives_and_key_results() {
    let duplicate = MINIMAL.replace("\"id\": \"k1\"", "\"id\": \"o1\"");
    assert_eq!(
        parse(&duplicate).unwrap_err(),
        FormatError::DuplicateId {
            id: "o1".into(),
            first: "objectives[0].id".into(),
            second: "objectives[0].key_results[0].id".into()
        }
    );
    let empty = MINIMAL.replace("\"id\": \"k1\"", "\"id\": \"\"");
    assert!(matches!(parse(&empty), Err(FormatError::EmptyId { path }) if path == "objectives[0].key_results[0].id"));
}

#[test]
fn columns_count_characters_not_bytes() {
    // The error sits after four Chinese characters (12 bytes in UTF-8).
    let text = "{\"okrpad\": 1, \"title\": \"渠道团队\" \"objectives\": []}";
    let error = parse(text).unwrap_err();
    assert!(matches!(error, FormatError::Syntax { line: 1, column: 31, .. }), "{error:?}");
    assert!(error.message().zh.contains("这里应是逗号或 }"), "{}", error.message().zh);
}

#[test]
fn an_empty_file_says_it_is_empty() {
    for text in ["", "  \n\t"] {
        assert_eq!(parse(text).unwrap_err(), FormatError::Empty);
    }
    assert_eq!(FormatError::Empty.message().zh, "文件是空的");
}
