//! The `okrpad` command-line contract, tested on the real binary and the fixtures in
//! `tests/fixtures/`: exit codes, JSON shapes and values, messages in both languages,
//! standard input. Snapshots (`tests/snapshots/`) pin the exact output that users'
//! scripts read, so any change to it shows up in review.
//!
//! Every run clears the locale variables and passes `--lang` or sets them on purpose,
//! so the tests do not depend on the machine's locale.

mod support;

use support::{fixture, fixture_text};

use std::path::PathBuf;
use std::process::Command;

use insta::assert_snapshot;
use okrpad_cli::{exit, today_local};
use okrpad_core::calendar::Date;
use okrpad_core::formats::file;
use proptest::prelude::*;
use serde_json::{Value, json};

const AT: &str = "2026-02-15";

use support::{Run, run_binary as okrpad_with};

fn okrpad(args: &[&str]) -> Run {
    okrpad_with(args, &[], b"")
}

// ---- check ----

#[test]
fn check_exits_0_without_errors_1_with_errors_2_when_unusable() {
    let sales = fixture("sales-2026q1.okr.json");
    let errors = fixture("with-errors.okr.json");
    let broken = fixture("broken-syntax.okr.json");
    let newer = fixture("newer-version.okr.json");
    let missing = fixture("no-such-file.okr.json");
    for json in [false, true] {
        let with = |file: &str| {
            let mut args = vec!["check", file, "--at", AT, "--lang", "en"];
            if json {
                args.push("--json");
            }
            okrpad(&args)
        };
        assert_eq!(with(&sales).code, 0, "{}", with(&sales).stdout);
        assert_eq!(with(&errors).code, 1);
        for unusable in [&broken, &newer, &missing] {
            let run = with(unusable);
            assert_eq!(run.code, 2, "{unusable}");
            assert!(run.stdout.is_empty(), "nothing on stdout when the file is unusable");
            assert!(run.stderr.starts_with("okrpad: "), "{}", run.stderr);
        }
    }
}

#[test]
fn check_json_lists_findings_with_exactly_the_documented_keys() {
    let run = okrpad(&["check", &fixture("with-errors.okr.json"), "--json", "--lang", "en", "--at", AT]);
    let report = run.json();
    let keys: Vec<&String> = report.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["findings"]);
    let findings = report["findings"].as_array().expect("findings is an array");
    assert!(!findings.is_empty());
    for finding in findings {
        let mut keys: Vec<&str> = finding.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["key_result", "message", "objective", "rule", "severity"]);
        assert!(["error", "warning", "info"].contains(&finding["severity"].as_str().expect("a string")));
        assert!(finding["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let find = |rule: &str| {
        findings.iter().find(|f| f["rule"] == rule).unwrap_or_else(|| panic!("no {rule} finding in {findings:#?}"))
    };
    let missing_parent = find("alignment-missing");
    assert_eq!(missing_parent["severity"], "error");
    assert_eq!(missing_parent["objective"], "support");
    assert_eq!(missing_parent["key_result"], Value::Null);
    assert!(missing_parent["message"].as_str().is_some_and(|m| m.contains("customer-success")));
    let flat_target = find("kr-target");
    assert_eq!(flat_target["severity"], "error");
    assert_eq!(flat_target["objective"], "support");
    assert_eq!(flat_target["key_result"], "support-2");
}

#[test]
fn check_messages_follow_the_language() {
    let file = fixture("with-errors.okr.json");
    let zh = okrpad(&["check", &file, "--json", "--lang", "zh", "--at", AT]).json();
    let en = okrpad(&["check", &file, "--json", "--lang", "en", "--at", AT]).json();
    let has_cjk = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let (zh, en) = (&zh["findings"], &en["findings"]);
    assert_eq!(zh.as_array().map(Vec::len), en.as_array().map(Vec::len));
    for (zh, en) in zh.as_array().into_iter().flatten().zip(en.as_array().into_iter().flatten()) {
        assert_eq!(zh["rule"], en["rule"], "only the message is translated");
        assert!(has_cjk(zh["message"].as_str().unwrap_or_default()), "{zh}");
        assert!(!has_cjk(en["message"].as_str().unwrap_or_default()), "{en}");
    }
}

#[test]
fn check_text_has_one_line_per_finding_and_a_summary() {
    let run = okrpad(&["check", &fixture("with-errors.okr.json"), "--lang", "en", "--at", AT]);
    let json = okrpad(&["check", &fixture("with-errors.okr.json"), "--json", "--lang", "en", "--at", AT]).json();
    let count = json["findings"].as_array().map_or(0, Vec::len);
    let lines: Vec<&str> = run.stdout.lines().collect();
    // The findings, a blank line, the summary.
    assert_eq!(lines.len(), count + 2, "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with("Error[alignment-missing] support: ")), "{}", run.stdout);
    assert!(lines.iter().any(|l| l.starts_with("Error[kr-target] support > support-2: ")), "{}", run.stdout);
    let summary = lines.last().copied().unwrap_or_default();
    assert!(summary.contains(" error") && summary.contains(" warning") && summary.contains(" note"), "{summary}");

    let zh = okrpad(&["check", &fixture("with-errors.okr.json"), "--lang", "zh", "--at", AT]);
    assert!(zh.stdout.contains("错误[alignment-missing] support\u{ff1a}"), "{}", zh.stdout);
    assert!(zh.stdout.lines().last().is_some_and(|l| l.starts_with("错误 ")), "{}", zh.stdout);
}

#[test]
fn syntax_errors_name_the_line_and_column_in_both_languages() {
    let file = fixture("broken-syntax.okr.json");
    let en = okrpad(&["check", &file, "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("broken JSON at line 8, column 7"), "{}", en.stderr);
    assert!(en.stderr.contains("broken-syntax.okr.json"), "the message names the file: {}", en.stderr);
    let zh = okrpad(&["check", &file, "--lang", "zh"]);
    assert_eq!(zh.code, 2);
    assert!(zh.stderr.contains("第 8 行第 7 列"), "{}", zh.stderr);
    let score = okrpad(&["score", &file, "--json", "--lang", "en"]);
    assert_eq!(score.code, 2);
    assert!(score.stderr.contains("line 8, column 7"), "{}", score.stderr);
}

#[test]
fn a_newer_format_version_is_refused_in_both_languages() {
    let file = fixture("newer-version.okr.json");
    let en = okrpad(&["check", &file, "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("format version 2, newer than the version 1"), "{}", en.stderr);
    assert!(en.stderr.contains("newer okrpad"), "{}", en.stderr);
    let zh = okrpad(&["score", &file, "--lang", "zh"]);
    assert_eq!(zh.code, 2);
    assert!(zh.stderr.contains("第 2 版") && zh.stderr.contains("更新"), "{}", zh.stderr);
}

#[test]
fn unreadable_files_are_named_in_the_message() {
    let missing = fixture("no-such-file.okr.json");
    let en = okrpad(&["check", &missing, "--lang", "en"]);
    assert_eq!(en.code, 2);
    assert!(en.stderr.contains("no-such-file.okr.json: no such file"), "{}", en.stderr);
    let zh = okrpad(&["score", &missing, "--lang", "zh"]);
    assert!(zh.stderr.contains("文件不存在"), "{}", zh.stderr);
    let directory = okrpad(&["check", &support::repo_root().to_string_lossy(), "--lang", "en"]);
    assert_eq!(directory.code, 2);
    assert!(directory.stderr.contains("directory"), "{}", directory.stderr);
}

// ---- standard input ----

#[test]
fn a_dash_reads_standard_input() {
    let text = fixture_text("sales-2026q1.okr.json");
    let from_file = okrpad(&["score", &fixture("sales-2026q1.okr.json"), "--json", "--at", AT]);
    let from_stdin = okrpad_with(&["score", "-", "--json", "--at", AT], &[], text.as_bytes());
    assert_eq!(from_stdin.code, 0, "{}", from_stdin.stderr);
    assert_eq!(from_stdin.stdout, from_file.stdout);

    let errors = fixture_text("with-errors.okr.json");
    let check = okrpad_with(&["check", "-", "--json", "--lang", "en", "--at", AT], &[], errors.as_bytes());
    assert_eq!(check.code, 1);
    assert!(check.json()["findings"].as_array().is_some_and(|f| !f.is_empty()));

    let broken = fixture_text("broken-syntax.okr.json");
    let failed = okrpad_with(&["check", "-", "--lang", "en"], &[], broken.as_bytes());
    assert_eq!(failed.code, 2);
    assert!(failed.stderr.contains("<stdin>: broken JSON at line 8, column 7"), "{}", failed.stderr);
}

#[test]
fn standard_input_may_start_with_a_byte_order_mark_but_must_be_utf8() {
    let mut with_bom = b"\xef\xbb\xbf".to_vec();
    with_bom.extend_from_slice(fixture_text("sales-2026q1.okr.json").as_bytes());
    assert_eq!(okrpad_with(&["score", "-", "--at", AT], &[], &with_bom).code, 0);

    let latin1 = b"{\"okrpad\": 1, \"title\": \"caf\xe9\"}";
    let run = okrpad_with(&["check", "-", "--lang", "en"], &[], latin1);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
}

// ---- score ----

fn by_id<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array().into_iter().flatten().find(|item| item["id"] == id).unwrap_or_else(|| panic!("no {id} in {list}"))
}

#[test]
fn score_json_has_the_documented_shape_and_values() {
    let run = okrpad(&["score", &fixture("sales-2026q1.okr.json"), "--json", "--at", AT]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let mut keys: Vec<&str> = report.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["as_of", "key_results", "objectives"]);
    assert_eq!(report["as_of"], AT);

    let objectives = &report["objectives"];
    assert_eq!(objectives.as_array().map(Vec::len), Some(3));
    for objective in objectives.as_array().into_iter().flatten() {
        let mut keys: Vec<&str> = objective.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["band", "confidence", "grade", "id", "progress", "review", "status"]);
        let progress = objective["progress"].as_f64().expect("a number");
        assert!((0.0..=1.0).contains(&progress));
    }
    // The channel team: (14/30 + 2 × 1100/2000 + 6/10 + 5/10) / 5 (ch-2 weighs 2).
    let channel = by_id(objectives, "ch");
    assert_eq!(channel["progress"], 0.5333);
    assert_eq!(channel["status"], "on_track");
    assert_eq!(channel["grade"], 0.5);
    assert_eq!(channel["band"], "yellow");
    assert_eq!(channel["review"], false);
    // The sales center is committed and below 1.0: a review is due.
    let center = by_id(objectives, "sc");
    assert_eq!(center["review"], true);
    assert_eq!(center["progress"], 0.5123);

    let key_results = &report["key_results"];
    assert_eq!(key_results.as_array().map(Vec::len), Some(14));
    for key_result in key_results.as_array().into_iter().flatten() {
        let mut keys: Vec<&str> = key_result.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["confidence", "id", "objective", "progress", "status"]);
    }
    // 1850 of 3000 opportunities, rounded to 4 decimals.
    let leads = by_id(key_results, "sc-1");
    assert_eq!(leads["progress"], 0.6167);
    assert_eq!(leads["objective"], "sc");
    // The roll-up key result equals the channel team it is made of.
    assert_eq!(by_id(key_results, "bj-4")["progress"], channel["progress"]);
    // A check-in set the milestone at risk by hand.
    let process = by_id(key_results, "bj-2");
    assert_eq!(process["progress"], 0.0);
    assert_eq!(process["status"], "at_risk");
}

#[test]
fn score_depends_on_the_date() {
    let file = fixture("sales-2026q1.okr.json");
    let before = okrpad(&["score", &file, "--json", "--at", "2025-12-31"]).json();
    assert_eq!(by_id(&before["objectives"], "sc")["status"], "not_started");
    assert_eq!(by_id(&before["objectives"], "sc")["progress"], 0.0);
    // On 2026-01-30 only the first check-in (1200 of 3000) counts.
    let early = okrpad(&["score", &file, "--json", "--at", "2026-01-30"]).json();
    assert_eq!(by_id(&early["key_results"], "sc-1")["progress"], 0.4);
}

#[test]
fn score_without_at_uses_todays_local_date() {
    let before = today_local(std::time::SystemTime::now()).to_string();
    let run = okrpad(&["score", &fixture("sales-2026q1.okr.json"), "--json"]);
    let after = today_local(std::time::SystemTime::now()).to_string();
    let as_of = run.json()["as_of"].as_str().map(str::to_owned).unwrap_or_default();
    assert!(as_of == before || as_of == after, "{as_of}");
}

#[test]
fn score_table_shows_every_objective_and_indented_key_results() {
    let run = okrpad(&["score", &fixture("sales-2026q1.okr.json"), "--at", AT, "--lang", "en"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].contains("as of 2026-02-15"), "{}", run.stdout);
    let channel = lines.iter().find(|l| l.starts_with("ch ")).expect("a row for ch");
    assert!(channel.contains("53%") && channel.contains("On track") && channel.contains("0.5 Yellow"), "{channel}");
    assert!(lines.iter().any(|l| l.starts_with("  ch-2 ")), "{}", run.stdout);
}

/// A sum fed by two key results and a health band, every number `size` (as written).
fn sized_file(size: &str) -> String {
    let number = |id: &str| {
        format!(
            r#"{{"id": "{id}", "contributes_to": "s", "metric": {{"kind": "number", "start": 0, "target": {size}}},
                "check_ins": [{{"date": "2026-02-01", "value": {size}}}]}}"#
        )
    };
    format!(
        r#"{{"okrpad": 1, "objectives": [
            {{"id": "top", "level": "company", "key_results": [{{"id": "s", "metric": {{"kind": "sum", "target": {size}}}}}]}},
            {{"id": "c", "level": "team", "parent": "top", "key_results": [{}, {},
                {{"id": "h", "metric": {{"kind": "health", "max": {size}}}, "check_ins": [{{"date": "2026-02-01", "value": {size}}}]}}]}}]}}"#,
        number("c1"),
        number("c2")
    )
}

#[test]
fn numbers_past_the_bound_are_refused_and_those_within_it_come_out_finite() {
    let huge = sized_file("1.7e308");
    for lang in ["en", "zh"] {
        let run = okrpad_with(&["score", "-", "--json", "--lang", lang], &[], huge.as_bytes());
        assert_eq!(run.code, 2, "{}", run.stdout);
        assert!(run.stderr.contains("objectives[0].key_results[0].metric.target") && run.stderr.contains("10^15"));
    }
    let bound = sized_file("1000000000000000");
    let run = okrpad_with(&["score", "-", "--json", "--at", AT], &[], bound.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    // The sum is twice the bound, and shown as it is (no `null` from an overflow).
    assert_eq!(by_id(&report["key_results"], "s")["current"], 2e15);
    assert_eq!(by_id(&report["key_results"], "h")["current"], 1e15);
    for format in ["md", "csv", "json"] {
        let run = okrpad_with(&["export", "-", "--format", format, "--at", AT], &[], bound.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(!run.stdout.contains("inf") && !run.stdout.contains("null"), "{}", run.stdout);
    }
}

#[test]
fn titles_with_line_breaks_stay_on_their_row_in_text_tables() {
    let file = r#"{"okrpad": 1, "title": "Q1\nplan", "objectives": [
        {"id": "o1", "title": "Grow the\nchannel", "level": "company",
         "period": {"start": "2026-01-01", "end": "2026-03-31"},
         "key_results": [
            {"id": "k1", "title": "Sign 30\r\npartners\rnow", "metric": {"kind": "number", "target": 10},
             "check_ins": [{"date": "2026-02-08", "value": 5}]},
            {"id": "k2", "title": "渠道\n\n收入", "metric": {"kind": "milestone"}}]}]}"#;
    for lang in ["en", "zh"] {
        let run = okrpad_with(&["score", "-", "--at", AT, "--lang", lang], &[], file.as_bytes());
        assert_eq!(run.code, 0, "{}", run.stderr);
        let lines: Vec<&str> = run.stdout.lines().collect();
        // The title line, a blank line, the header, one row per objective and key result.
        assert_eq!(lines.len(), 6, "{}", run.stdout);
        assert!(lines[0].starts_with("Q1 plan"), "{}", run.stdout);
        assert!(lines[3].ends_with("Grow the channel") && lines[4].ends_with("Sign 30 partners now"));
        assert!(lines[5].ends_with("渠道  收入"), "{}", run.stdout);
        let run = okrpad_with(&["check", "-", "--at", AT, "--lang", lang], &[], file.as_bytes());
        let findings = run.stdout.lines().take_while(|line| !line.is_empty());
        for line in findings {
            assert!(line.contains('[') && line.contains(']'), "a finding per line: {line:?}\n{}", run.stdout);
        }
    }
}

// ---- flags and language ----

#[test]
fn bad_dates_and_flags_exit_2_with_a_clear_message() {
    let file = fixture("sales-2026q1.okr.json");
    let no_such_day = okrpad(&["score", &file, "--at", "2026-02-30", "--lang", "en"]);
    assert_eq!(no_such_day.code, 2);
    assert!(no_such_day.stderr.contains("--at 2026-02-30: there is no such day"), "{}", no_such_day.stderr);
    let shape = okrpad(&["check", &file, "--at", "15/02/2026", "--lang", "zh"]);
    assert_eq!(shape.code, 2);
    assert!(shape.stderr.contains("YYYY-MM-DD") && shape.stderr.contains("15/02/2026"), "{}", shape.stderr);
    for args in
        [&["check", &file, "--lang", "fr"][..], &["check", &file, "--verbose"], &["check"], &["frobnicate"], &[]]
    {
        let run = okrpad(args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(!run.stderr.is_empty(), "{args:?}");
    }
    let help = okrpad(&["--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("check") && help.stdout.contains("score") && help.stdout.contains("schema"));
}

#[test]
fn the_language_comes_from_the_locale_unless_given() {
    let file = fixture("broken-syntax.okr.json");
    let zh_env = okrpad_with(&["check", &file], &[("LANG", "zh_CN.UTF-8")], b"");
    assert!(zh_env.stderr.contains("第 8 行"), "{}", zh_env.stderr);
    let no_env = okrpad_with(&["check", &file], &[], b"");
    assert!(no_env.stderr.contains("line 8"), "{}", no_env.stderr);
    let lc_all_wins = okrpad_with(&["check", &file], &[("LANG", "zh_CN.UTF-8"), ("LC_ALL", "en_US.UTF-8")], b"");
    assert!(lc_all_wins.stderr.contains("line 8"), "{}", lc_all_wins.stderr);
    let messages = okrpad_with(&["check", &file], &[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "zh_TW")], b"");
    assert!(messages.stderr.contains("第 8 行"), "{}", messages.stderr);
    let flag_wins = okrpad_with(&["check", &file, "--lang", "en"], &[("LC_ALL", "zh_CN.UTF-8")], b"");
    assert!(flag_wins.stderr.contains("line 8"), "{}", flag_wins.stderr);
}

// ---- schema ----

#[test]
fn schema_prints_the_json_schema() {
    let run = okrpad(&["schema"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout, okrpad_core::formats::schema::SCHEMA);
    let schema = run.json();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert!(schema["$defs"]["objective"]["properties"]["key_results"].is_object());
}

// ---- fixtures ----

#[test]
fn the_sales_fixture_is_written_as_okrpad_writes_it() {
    // Field order, integers and indentation as `file::to_json` produces them, so the
    // fixture doubles as the example of a saved file (and round-trips unchanged,
    // unknown `review_meeting` field included).
    let text = fixture_text("sales-2026q1.okr.json");
    let document = file::parse(&text).expect("the sales fixture parses");
    assert_eq!(file::to_json(&document), text);
    assert!(document.objectives[0].extra.contains_key("review_meeting"));
}

// ---- snapshots of what scripts read ----

#[test]
fn snapshot_score_json() {
    let run = okrpad(&["score", &fixture("sales-2026q1.okr.json"), "--json", "--at", AT]);
    assert_snapshot!("score_json_sales", run.stdout);
}

#[test]
fn snapshot_check_json() {
    let run = okrpad(&["check", &fixture("sales-2026q1.okr.json"), "--json", "--lang", "en", "--at", AT]);
    assert_snapshot!("check_json_sales_en", run.stdout);
}

#[test]
fn snapshot_check_json_with_errors() {
    let run = okrpad(&["check", &fixture("with-errors.okr.json"), "--json", "--lang", "en", "--at", AT]);
    assert_snapshot!("check_json_with_errors_en", run.stdout);
}

#[test]
fn snapshot_score_tables() {
    let file = fixture("sales-2026q1.okr.json");
    assert_snapshot!("score_table_sales_zh", okrpad(&["score", &file, "--at", AT, "--lang", "zh"]).stdout);
    assert_snapshot!("score_table_sales_en", okrpad(&["score", &file, "--at", AT, "--lang", "en"]).stdout);
}

#[test]
fn snapshot_check_text() {
    let file = fixture("with-errors.okr.json");
    assert_snapshot!("check_text_with_errors_zh", okrpad(&["check", &file, "--at", AT, "--lang", "zh"]).stdout);
    assert_snapshot!("check_text_with_errors_en", okrpad(&["check", &file, "--at", AT, "--lang", "en"]).stdout);
}

// ---- robustness, through the library entry point (no process per case) ----

use support::run_cli as run_on;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_an_exit_code_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        for args in [&["check", "-"][..], &["check", "-", "--json"], &["score", "-"], &["score", "-", "--json"]] {
            let code = run_on(&bytes, args);
            prop_assert!([exit::OK, exit::FINDINGS, exit::UNUSABLE].contains(&code));
        }
    }

    #[test]
    fn damaged_fixtures_give_an_exit_code_never_a_panic(cut in 0usize..8000, byte in any::<u8>(), at in 0usize..8000) {
        let text = fixture_text("sales-2026q1.okr.json").into_bytes();
        let mut damaged = text[..cut.min(text.len())].to_vec();
        if !damaged.is_empty() {
            let at = at % damaged.len();
            damaged[at] = byte;
        }
        for args in [&["check", "-", "--json"][..], &["score", "-"]] {
            let code = run_on(&damaged, args);
            prop_assert!([exit::OK, exit::FINDINGS, exit::UNUSABLE].contains(&code));
        }
    }

    #[test]
    fn any_date_argument_is_accepted_or_refused_cleanly(at in "\\PC{0,12}") {
        let text = fixture_text("sales-2026q1.okr.json");
        let code = run_on(text.as_bytes(), &["score", "-", "--at", &at]);
        let valid = at.parse::<Date>().is_ok();
        prop_assert_eq!(code, if valid { exit::OK } else { exit::UNUSABLE });
    }
}

#[test]
fn the_format_documentation_shows_the_sales_fixture() {
    let path: PathBuf = support::repo_root().join("docs/format.md");
    let docs = std::fs::read_to_string(path).expect("docs/format.md is readable");
    let marker = "<!-- example: tests/fixtures/sales-2026q1.okr.json -->\n```json\n";
    let start = docs.find(marker).expect("docs/format.md marks its example") + marker.len();
    let end = start + docs[start..].find("```").expect("the example block is closed");
    assert_eq!(&docs[start..end], fixture_text("sales-2026q1.okr.json"));
}

#[test]
fn the_cli_documentation_shows_real_output() {
    // Every `console` block of docs/cli.md: `$ okrpad ...` lines followed by what the
    // command prints (stdout, then stderr). Blocks that elide output (`...`) are skipped.
    let path: PathBuf = support::repo_root().join("docs/cli.md");
    let docs = std::fs::read_to_string(path).expect("docs/cli.md is readable");
    let mut checked = 0;
    for block in docs.split("```console\n").skip(1) {
        let block = &block[..block.find("```").expect("console blocks are closed")];
        if block.lines().any(|line| line.trim() == "...") {
            continue;
        }
        for example in block.split("$ ").filter(|e| !e.is_empty()) {
            let (command, expected) = example.split_once('\n').expect("a command line");
            let args: Vec<&str> = command.split_whitespace().collect();
            assert_eq!(args.first(), Some(&"okrpad"), "{command}");
            let mut process = Command::new(env!("CARGO_BIN_EXE_okrpad"));
            process
                .args(&args[1..])
                .current_dir(support::repo_root())
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("LANG");
            let output = process.output().expect("the binary runs");
            let printed =
                String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
            assert_eq!(printed, expected, "docs/cli.md: $ {command}");
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} examples found");
}

/// docs/rules.md is the public list of rule ids: it must name every rule, with the
/// summary the code gives, and no rule that does not exist.
#[test]
fn the_rules_documentation_lists_every_rule() {
    use okrpad_core::rules::Rule;
    let doc = std::fs::read_to_string(support::repo_root().join("docs/rules.md")).unwrap();
    for rule in Rule::ALL {
        let row = doc.lines().find(|l| l.starts_with(&format!("| `{}` |", rule.id())));
        let row = row.unwrap_or_else(|| panic!("docs/rules.md has no row for {}", rule.id()));
        let summary = rule.summary();
        assert!(row.contains(&summary.en) && row.contains(&summary.zh), "{}: summary differs", rule.id());
    }
    let rows = doc.lines().filter(|l| l.starts_with("| `")).count();
    assert_eq!(rows, Rule::ALL.len());
}

// ---- the weekly routine (issue 15) ----

/// A week of check-ins with confidences and a discussion (`tests/fixtures/weekly-2026q1.okr.json`):
/// k1 fell from 8 to 5, k2 never got one; a comment on the objective (with markup in
/// it) and one on k1.
fn weekly() -> String {
    fixture_text("weekly-2026q1.okr.json")
}

#[test]
fn score_reports_confidence_per_key_result_and_objective() {
    let run = okrpad_with(&["score", "-", "--json", "--at", AT], &[], weekly().as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    assert_eq!(by_id(&report["key_results"], "k1")["confidence"], 5);
    assert_eq!(by_id(&report["key_results"], "k2")["confidence"], Value::Null);
    assert_eq!(by_id(&report["objectives"], "o")["confidence"], 5.0, "k2 has none: k1's alone");
    let before = okrpad_with(&["score", "-", "--json", "--at", "2026-02-05"], &[], weekly().as_bytes()).json();
    assert_eq!(by_id(&before["key_results"], "k1")["confidence"], 8);
    for (lang, header, cell) in [("en", "CONFIDENCE", "5/10"), ("zh", "信心", "5.0/10")] {
        let table = okrpad_with(&["score", "-", "--at", AT, "--lang", lang], &[], weekly().as_bytes()).stdout;
        assert!(table.contains(header) && table.contains(cell), "{table}");
    }
}

#[test]
fn review_lists_confidence_changes_and_new_comments_as_text() {
    for (lang, confidence, comments) in
        [("en", "## Confidence changes (1)", "## New comments (2)"), ("zh", "## 信心变化 (1)", "## 新的评论 (2)")]
    {
        let run = okrpad_with(
            &["review", "-", "--since", "2026-02-05", "--at", AT, "--lang", lang],
            &[],
            weekly().as_bytes(),
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = run.stdout;
        assert!(text.contains(confidence) && text.contains(comments), "{text}");
        assert!(text.contains("**新签客户 100 家**") && text.contains("8 → 5/10"), "{text}");
        assert!(text.contains("\\<script\\>x\\</script\\> \\*看\\*"), "a comment is text, never markup: {text}");
        assert!(text.contains("CRM 排期未定"), "{text}");
    }
    let earlier =
        okrpad_with(&["review", "-", "--since", "2026-02-12", "--at", AT, "--lang", "en"], &[], weekly().as_bytes());
    assert!(earlier.stdout.contains("## New comments (1)"), "{}", earlier.stdout);
}

#[test]
fn confidence_and_cadence_out_of_range_are_refused_with_their_path() {
    for (bad, path) in [
        (weekly().replace(r#""confidence": 5"#, r#""confidence": 11"#), "check_ins[1].confidence"),
        (weekly().replace(r#""confidence": 5"#, r#""confidence": 4.5"#), "check_ins[1].confidence"),
        (weekly().replace(r#""cadence_days": 14"#, r#""cadence_days": 0"#), "cadence_days"),
        (weekly().replace(r#""id": "m2""#, r#""id": "m1""#), "comments[0].id"),
    ] {
        let run = okrpad_with(&["score", "-", "--lang", "en"], &[], bad.as_bytes());
        assert_eq!(run.code, 2, "{bad}");
        assert!(run.stderr.contains(path), "{path}: {}", run.stderr);
    }
}

/// Standard input that never ends, counting what was read of it.
struct Endless {
    read: usize,
}

impl std::io::Read for Endless {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        buffer.fill(b' ');
        self.read += buffer.len();
        Ok(buffer.len())
    }
}

#[test]
fn standard_input_is_read_up_to_the_limit_only() {
    use okrpad_cli::{Environment, run};
    use okrpad_core::formats::import::MAX_BYTES;
    use okrpad_core::i18n::Lang;
    for command in [
        &["check", "-"][..],
        &["score", "-"],
        &["export", "-", "--format", "csv"],
        &["share", "-"],
        &["open", "-"],
        &["import", "-"],
        &["review", "-", "--since", "2026-01-01"],
    ] {
        let mut stdin = Endless { read: 0 };
        let today = okrpad_core::calendar::Date::new(2026, 2, 15).unwrap();
        let environment = Environment { lang: Lang::En, today, stdin: &mut stdin };
        let mut argv = vec!["okrpad"];
        argv.extend_from_slice(command);
        let output = run(argv, environment);
        assert_eq!(output.code, 2, "{command:?}");
        assert!(output.stderr.contains("<stdin>: it is too large (over 20 MB)"), "{command:?}: {}", output.stderr);
        assert!(stdin.read <= MAX_BYTES + 64 * 1024, "{command:?} read {} bytes", stdin.read);
    }
}

// ---- the numeric cascade (issue 14) ----

#[test]
fn score_shows_computed_values_with_their_converted_contributors() {
    let file = fixture("cascade-001.okr.json");
    let report = okrpad(&["score", &file, "--json", "--at", "2026-03-15"]).json();
    let key_results = &report["key_results"];
    // Beijing: 1000 万元 (channel) + 2000 万元 (direct) = 3000 万元; the center: 0.3 亿元.
    let beijing = by_id(key_results, "bj-5");
    assert_eq!(
        (&beijing["current"], &beijing["unit"], &beijing["progress"]),
        (&json!(3000.0), &json!("万元"), &json!(0.5))
    );
    let center = by_id(key_results, "sc-5");
    assert_eq!((&center["current"], &center["unit"]), (&json!(0.3), &json!("亿元")));
    assert_eq!(center["contributors"], json!([{ "id": "bj-5", "value": 3000.0, "converted": 0.3 }]));
    assert_eq!(by_id(key_results, "sc-1")["current"], json!(500.0));
    // A health metric inside its band, a plain number without the new keys.
    assert_eq!(by_id(key_results, "sc-6")["status"], "on_track");
    assert!(by_id(key_results, "ch-2").get("current").is_none());

    let table = okrpad(&["score", &file, "--at", "2026-03-15", "--lang", "zh"]).stdout;
    assert!(table.contains("销售业绩突破1亿元  [0.3 亿元]"), "{table}");
    let check = okrpad(&["check", &file, "--json", "--at", "2026-03-15"]).stdout;
    assert!(!check.contains("kr-contributes") && !check.contains("kr-unit"), "{check}");
}
