//! The sync commands of the `okrpad` CLI on the real binary: `merge`, `share`,
//! `open`, `export` and `import` — exit codes, output shapes, files written, messages
//! in both languages. Snapshots pin the CSV that spreadsheets read.

mod support;

use support::{fixture, fixture_text};

use std::path::PathBuf;

use insta::assert_snapshot;
use okrpad_cli::exit;
use okrpad_core::formats::file;
use okrpad_core::formats::link;
use proptest::prelude::*;
use serde_json::Value;

const AT: &str = "2026-02-15";

/// A scratch file path for this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("okrpad-sync-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    dir.join(name)
}

use support::Run;

fn okrpad_with(args: &[&str], stdin: &[u8]) -> Run {
    support::run_binary(args, &[], stdin)
}

fn okrpad(args: &[&str]) -> Run {
    okrpad_with(args, b"")
}

// ---- merge ----

#[test]
fn merge_exits_0_without_conflicts_1_with_them_2_when_unusable() {
    let (ours, theirs) = (fixture("merge/ours.okr.json"), fixture("merge/theirs.okr.json"));
    let same = okrpad(&["merge", &ours, &ours, "--lang", "en"]);
    assert_eq!(same.code, 0, "{}", same.stderr);
    assert_eq!(same.stdout, fixture_text("merge/ours.okr.json"));
    assert_eq!(same.stderr, "Merged: nothing added; no conflicts\n");

    let merged = okrpad(&["merge", &ours, &theirs, "--lang", "en"]);
    assert_eq!(merged.code, 1);
    let document = file::parse(&merged.stdout).expect("the merged file is a valid OKR file");
    assert_eq!(document.objectives.len(), 2);
    assert!(
        merged.stderr.contains("Conflict in ch > ch-2, owner:\n  A: 王磊 (kept)\n  B: 赵敏\n"),
        "{}",
        merged.stderr
    );
    // A is kept where the two conflict.
    assert_eq!(document.objectives[0].key_results[1].owner, "王磊");

    for broken in [fixture("broken-syntax.okr.json"), fixture("newer-version.okr.json"), fixture("no-such.okr.json")] {
        for args in [["merge", &ours, &broken], ["merge", &broken, &theirs]] {
            let run = okrpad(&args);
            assert_eq!(run.code, 2, "{args:?}");
            assert!(run.stdout.is_empty() && run.stderr.starts_with("okrpad: "), "{}", run.stderr);
        }
    }
}

#[test]
fn merge_writes_the_output_file_and_reports_json() {
    let out = scratch("merged.okr.json");
    let run = okrpad(&[
        "merge",
        &fixture("merge/ours.okr.json"),
        &fixture("merge/theirs.okr.json"),
        "-o",
        out.to_str().expect("a UTF-8 path"),
        "--json",
    ]);
    assert_eq!(run.code, 1);
    let written = std::fs::read_to_string(&out).expect("the merged file is written");
    assert!(file::parse(&written).is_ok());
    let report = run.json();
    let mut keys: Vec<&str> = report.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["added", "conflicts", "skipped"]);
    assert_eq!(
        report["added"],
        serde_json::json!({"objectives": 1, "key_results": 2, "check_ins": 2, "fields": 0, "adjustments": 0})
    );
    let conflicts = report["conflicts"].as_array().expect("an array");
    assert_eq!(conflicts.len(), 2);
    for conflict in conflicts {
        let mut keys: Vec<&str> = conflict.as_object().expect("an object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["date", "field", "key_result", "objective", "ours", "theirs"]);
    }
    assert_eq!(conflicts[0]["field"], "check_ins");
    assert_eq!(conflicts[0]["date"], "2026-02-08");
    assert_eq!(conflicts[0]["ours"]["value"], 14);
    assert_eq!(conflicts[1]["field"], "owner");
    assert_eq!(conflicts[1]["theirs"], "赵敏");
    assert!(run.stderr.is_empty(), "{}", run.stderr);

    // --json needs -o: the report and the merged file cannot share standard output.
    let no_output = okrpad(&["merge", &fixture("merge/ours.okr.json"), &fixture("merge/theirs.okr.json"), "--json"]);
    assert_eq!(no_output.code, 2);
    // Not even as `-o -`, which would print the report over the merged file.
    let to_stdout =
        okrpad(&["merge", &fixture("merge/ours.okr.json"), &fixture("merge/theirs.okr.json"), "--json", "-o", "-"]);
    assert_eq!((to_stdout.code, to_stdout.stdout.as_str()), (2, ""));
    assert!(to_stdout.stderr.contains("-o"), "{}", to_stdout.stderr);
    // Standard input is read once: A and B cannot both be it.
    let both = okrpad_with(&["merge", "-", "-", "--lang", "en"], fixture_text("merge/ours.okr.json").as_bytes());
    assert_eq!(both.code, 2);
    assert!(both.stderr.contains("cannot both be standard input"), "{}", both.stderr);
}

#[test]
#[cfg(unix)] // a symbolic link
fn merge_updates_a_in_place_through_a_link_leaving_nothing_beside_it() {
    let dir = scratch("in-place");
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let ours = dir.join("team.okr.json");
    std::fs::write(&ours, fixture_text("merge/ours.okr.json")).expect("a copy of A");
    let link = dir.join("link.okr.json");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&ours, &link).expect("a link to A");
    let path = link.to_str().expect("a UTF-8 path");
    let run = okrpad(&["merge", path, &fixture("merge/theirs.okr.json"), "-o", path]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // The link is still a link, and the file it points to holds the merge.
    assert!(std::fs::symlink_metadata(&link).expect("the link").file_type().is_symlink());
    let merged = file::parse(&std::fs::read_to_string(&ours).expect("A")).expect("A is a valid OKR file");
    assert!(merged.objectives.len() > file::parse(&fixture_text("merge/ours.okr.json")).expect("A").objectives.len());
    // Written beside it under another name, then renamed: nothing else is left.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the directory")
        .map(|entry| entry.expect("an entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["link.okr.json", "team.okr.json"]);
    // A pipe (as /dev/null is a device) is written to, not replaced by a file.
    let pipe = dir.join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&pipe).status().expect("mkfifo runs");
    assert!(made.success());
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read_to_string(pipe).expect("the pipe is read"))
    };
    let to_pipe =
        okrpad(&["export", &fixture("merge/ours.okr.json"), "--format", "json", "-o", pipe.to_str().expect("UTF-8")]);
    assert_eq!(to_pipe.code, 0, "{}", to_pipe.stderr);
    assert!(file::parse(&reader.join().expect("the reader")).is_ok());
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&std::fs::symlink_metadata(&pipe).expect("the pipe").file_type()));
    std::fs::remove_file(&pipe).expect("the pipe is removed");
    // A place that cannot be written: refused, and nothing is left behind either.
    let into_dir =
        okrpad(&["export", &fixture("merge/ours.okr.json"), "--format", "json", "-o", dir.to_str().expect("UTF-8")]);
    assert_eq!(into_dir.code, 2);
    assert_eq!(std::fs::read_dir(&dir).expect("the directory").count(), 2);
}

#[test]
fn merge_reports_in_chinese() {
    let run = okrpad(&["merge", &fixture("merge/ours.okr.json"), &fixture("merge/theirs.okr.json"), "--lang", "zh"]);
    assert!(run.stderr.contains("冲突：ch > ch-1，2026-02-08 的进度记录\n  A：14（已保留）\n"), "{}", run.stderr);
    assert!(
        run.stderr.ends_with("已合并：新增 1 个目标、2 个关键结果、2 条进度记录；2 处冲突，均保留了 A 的版本\n"),
        "{}",
        run.stderr
    );
}

// ---- share and open ----

#[test]
fn share_prints_a_link_that_open_reads_back() {
    let file = fixture("sales-2026q1.okr.json");
    let shared = okrpad(&["share", &file]);
    assert_eq!(shared.code, 0);
    assert!(shared.stdout.starts_with("#okr1.") && shared.stdout.ends_with('\n'), "{}", shared.stdout);
    assert!(shared.stderr.is_empty());
    let with_base = okrpad(&["share", &file, "--base", "https://okrs.example.com/team/"]);
    assert_eq!(with_base.stdout, format!("https://okrs.example.com/team/{}", shared.stdout));

    for link in [shared.stdout.trim(), with_base.stdout.trim(), &shared.stdout[1..]] {
        let opened = okrpad(&["open", link]);
        assert_eq!(opened.code, 0, "{}", opened.stderr);
        assert_eq!(opened.stdout, fixture_text("sales-2026q1.okr.json"));
    }
    let from_stdin = okrpad_with(&["open", "-"], shared.stdout.as_bytes());
    assert_eq!(from_stdin.stdout, fixture_text("sales-2026q1.okr.json"));
    let out = scratch("opened.okr.json");
    let written = okrpad(&["open", shared.stdout.trim(), "-o", out.to_str().expect("a UTF-8 path")]);
    assert_eq!((written.code, written.stdout.as_str()), (0, ""));
    assert_eq!(std::fs::read_to_string(out).expect("written"), fixture_text("sales-2026q1.okr.json"));
}

#[test]
fn share_warns_about_links_too_long_for_chat() {
    let base = format!("https://okrs.example.com/{}/", "a".repeat(link::CHAT_LIMIT));
    let run = okrpad(&["share", &fixture("merge/ours.okr.json"), "--base", &base, "--lang", "en"]);
    assert_eq!(run.code, 0);
    assert!(run.stderr.starts_with("okrpad: This link is "), "{}", run.stderr);
    assert!(run.stderr.contains("Share the .okr.json file instead."), "{}", run.stderr);
    let zh = okrpad(&["share", &fixture("merge/ours.okr.json"), "--base", &base, "--lang", "zh"]);
    assert!(zh.stderr.contains("请改为分享 .okr.json 文件"), "{}", zh.stderr);
}

#[test]
fn open_refuses_bad_links_with_exit_2() {
    let cases = [
        ("https://okrpad.example/", "carries no document"),
        ("#pako:eNqrVg", "not an okrpad link"),
        ("#okr2.AAAA", "made by a newer okrpad"),
        ("#okr1.AAAA", "damaged or incomplete"),
        ("#okr1.abc…", "cannot be part of an okrpad link"),
    ];
    for (link, expected) in cases {
        let run = okrpad(&["open", link, "--lang", "en"]);
        assert_eq!(run.code, 2, "{link}");
        assert!(run.stdout.is_empty());
        assert!(
            run.stderr.starts_with("okrpad: cannot open the link: ") && run.stderr.contains(expected),
            "{}",
            run.stderr
        );
    }
    let zh = okrpad(&["open", "#okr2.AAAA", "--lang", "zh"]);
    assert!(zh.stderr.contains("更新版本的 okrpad"), "{}", zh.stderr);
}

// ---- export and import ----

#[test]
fn export_writes_markdown_csv_and_json() {
    let file = fixture("sales-2026q1.okr.json");
    let md = okrpad(&["export", &file, "--format", "md", "--at", AT, "--lang", "zh"]);
    assert_eq!(md.code, 0);
    assert!(md.stdout.starts_with("# 销售中心 2026 年第一季度 OKR\n\n截至 2026-02-15"), "{}", md.stdout);
    let json = okrpad(&["export", &file, "--format", "json"]);
    assert_eq!(json.stdout, fixture_text("sales-2026q1.okr.json"));
    let missing = okrpad(&["export", &file]);
    assert_eq!(missing.code, 2, "--format is required");
    let bad_date = okrpad(&["export", &file, "--format", "md", "--at", "2026-02-30", "--lang", "en"]);
    assert_eq!(bad_date.code, 2);
    assert!(bad_date.stderr.contains("--at 2026-02-30"), "{}", bad_date.stderr);
}

#[test]
fn snapshot_export_csv() {
    let file = fixture("sales-2026q1.okr.json");
    let zh = okrpad(&["export", &file, "--format", "csv", "--at", AT, "--lang", "zh"]).stdout;
    let en = okrpad(&["export", &file, "--format", "csv", "--at", AT, "--lang", "en"]).stdout;
    assert!(zh.starts_with('\u{feff}') && zh.contains("\r\n"));
    // Shown without the byte-order mark and with LF, so the snapshot reads well.
    assert_snapshot!("export_csv_sales_zh", zh.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
    assert_snapshot!("export_csv_sales_en", en.trim_start_matches('\u{feff}').replace("\r\n", "\n"));
}

#[test]
fn import_reads_what_export_writes() {
    let file = fixture("sales-2026q1.okr.json");
    let csv = okrpad(&["export", &file, "--format", "csv", "--at", AT, "--lang", "zh"]).stdout;
    let imported = okrpad_with(&["import", "-", "--at", AT, "--title", "销售中心 2026 年第一季度 OKR"], csv.as_bytes());
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let document = file::parse(&imported.stdout).expect("a valid OKR file");
    assert_eq!(document.title, "销售中心 2026 年第一季度 OKR");
    let score =
        |text: &str| okrpad_with(&["score", "-", "--json", "--at", AT], text.as_bytes()).json()["objectives"].clone();
    let progress = |v: Value| v.as_array().into_iter().flatten().map(|o| o["progress"].clone()).collect::<Vec<_>>();
    assert_eq!(progress(score(&imported.stdout)), progress(score(&fixture_text("sales-2026q1.okr.json"))));
    // A title okrpad would refuse to open is refused here, before anything is written.
    for title in ["Q1\u{1}".to_owned(), "长".repeat(1001)] {
        let refused = okrpad_with(&["import", "-", "--at", AT, "--title", &title, "--lang", "en"], csv.as_bytes());
        assert_eq!((refused.code, refused.stdout.as_str()), (2, ""));
        assert!(refused.stderr.starts_with("okrpad: --title: title "), "{}", refused.stderr);
    }
}

#[test]
fn import_errors_name_the_row_and_column() {
    let run = okrpad(&["import", &fixture("broken.csv"), "--lang", "en"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.ends_with("broken.csv: row 2, column target (E): \"3O\" is not a number\n"), "{}", run.stderr);
    let zh = okrpad(&["import", &fixture("broken.csv"), "--lang", "zh"]);
    assert!(zh.stderr.ends_with("broken.csv：第 2 行 target 列（E）：\"3O\" 不是数字\n"), "{}", zh.stderr);
    let not_csv = okrpad(&["import", &fixture("sales-2026q1.okr.json"), "--lang", "en"]);
    assert_eq!(not_csv.code, 2);
    assert!(not_csv.stderr.contains("unknown column"), "{}", not_csv.stderr);
}

// ---- robustness, through the library entry point ----

use support::run_cli as run_on;

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn any_input_gives_an_exit_code_never_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for args in [&["open", "-"][..], &["import", "-"], &["share", "-"], &["export", "-", "--format", "csv"]] {
            let code = run_on(&bytes, args);
            prop_assert!([exit::OK, exit::UNUSABLE].contains(&code), "{:?}: {}", args, code);
        }
    }
}
