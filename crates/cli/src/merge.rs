//! `okrpad merge A B`: two versions of one OKR file merged by id (see
//! `merge` for the rules). The merged file goes to `-o OUT` or standard output;
//! each conflict is reported on standard error, or as JSON on standard output with
//! `--json`. Conflicts keep A's version: A is "ours", the file being updated, and B
//! the version coming in. Exit code 1 says a person should look at the conflicts.

use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::{Environment, LangArg, Output, deliver, exit, fail, json_line, read_document};
use okrpad_core::formats::file::to_json;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::merge::{Added, Conflict, Field, Sides, merge};

#[derive(Debug, Args)]
pub(super) struct MergeArgs {
    /// The current version ("ours"): kept where the two conflict. `-` for standard input.
    #[arg(value_name = "A")]
    ours: PathBuf,
    /// The incoming version ("theirs"). `-` for standard input.
    #[arg(value_name = "B")]
    theirs: PathBuf,
    /// Write the merged file here instead of standard output (it may be A itself).
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// Print the report as JSON on standard output (the merged file then needs -o FILE).
    #[arg(long, requires = "output")]
    json: bool,
    /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

#[derive(Serialize)]
struct Report<'a> {
    conflicts: Vec<ConflictJson<'a>>,
    added: AddedJson,
    skipped: Vec<&'a str>,
}

#[derive(Serialize)]
struct ConflictJson<'a> {
    objective: Option<&'a str>,
    key_result: Option<&'a str>,
    field: &'a str,
    /// The check-in's date, for a conflict of check-ins.
    date: Option<String>,
    ours: &'a serde_json::Value,
    theirs: &'a serde_json::Value,
}

#[derive(Serialize)]
struct AddedJson {
    objectives: usize,
    key_results: usize,
    check_ins: usize,
    fields: usize,
    adjustments: usize,
}

pub(super) fn run(args: MergeArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let stdin = |path: &PathBuf| path.as_os_str() == "-";
    // Standard input can be read once, and with --json standard output is the report's.
    if stdin(&args.ours) && stdin(&args.theirs) {
        return fail(lang, Text::new("A 和 B 不能都是标准输入（-）", "A and B cannot both be standard input (-)"));
    }
    if args.json && args.output.as_ref().is_some_and(stdin) {
        return fail(
            lang,
            Text::new(
                "--json 把报告写到标准输出，合并后的文件需要用 -o 写入一个文件，而不是 -",
                "--json prints the report on standard output, so the merged file needs -o with a file, not -",
            ),
        );
    }
    let ours = match read_document(&args.ours, environment.stdin) {
        Ok(document) => document,
        Err(message) => return fail(lang, message),
    };
    let theirs = match read_document(&args.theirs, environment.stdin) {
        Ok(document) => document,
        Err(message) => return fail(lang, message),
    };
    let merged = merge(&ours, &theirs);
    let mut output = deliver(args.output.as_deref(), to_json(merged.document()), lang);
    if output.code != exit::OK {
        return output;
    }
    let attention = !merged.conflicts().is_empty() || !merged.skipped().is_empty();
    if args.json {
        let report = Report {
            conflicts: merged.conflicts().iter().map(conflict_json).collect(),
            added: added_json(merged.added()),
            skipped: merged.skipped().iter().map(|id| id.as_str()).collect(),
        };
        output.stdout = json_line(&report);
    } else {
        output.stderr = text_report(merged.conflicts(), &merged.summary(Sides::Files), lang);
    }
    output.code = if attention { exit::CONFLICTS } else { exit::OK };
    output
}

fn conflict_json(conflict: &Conflict) -> ConflictJson<'_> {
    ConflictJson {
        objective: conflict.objective.as_ref().map(|id| id.as_str()),
        key_result: conflict.key_result.as_ref().map(|id| id.as_str()),
        field: conflict.field.name(),
        date: match conflict.field {
            Field::CheckIn(date) => Some(date.to_string()),
            _ => None,
        },
        ours: &conflict.ours.value,
        theirs: &conflict.theirs.value,
    }
}

fn added_json(added: Added) -> AddedJson {
    AddedJson {
        objectives: added.objectives,
        key_results: added.key_results,
        check_ins: added.check_ins,
        fields: added.fields,
        adjustments: added.adjustments,
    }
}

/// One block per conflict, then the merge's summary (`Merge::summary`: the skipped
/// ids and what was added):
///
/// ```text
/// Conflict in sc > sc-1, metric:
///   A: number: 0 → 3000 个 (kept)
///   B: number: 0 → 3500 个
/// ```
fn text_report(conflicts: &[Conflict], summary: &Text, lang: Lang) -> String {
    let mut out = String::new();
    for conflict in conflicts {
        let place = match (&conflict.objective, &conflict.key_result) {
            (Some(objective), Some(key_result)) => format!("{objective} > {key_result}"),
            (Some(id), None) | (None, Some(id)) => id.to_string(),
            (None, None) => Text::new("文档", "the document").get(lang).to_owned(),
        };
        let field = conflict.field.label();
        out.push_str(&match lang {
            Lang::Zh => format!("冲突\u{ff1a}{place}\u{ff0c}{}\n", field.zh),
            Lang::En => format!("Conflict in {place}, {}:\n", field.en),
        });
        let kept = Text::new("\u{ff08}已保留\u{ff09}", " (kept)");
        let colon = Text::new("\u{ff1a}", ": ");
        out.push_str(&format!("  A{}{}{}\n", colon.get(lang), conflict.ours.text.get(lang), kept.get(lang)));
        out.push_str(&format!("  B{}{}\n", colon.get(lang), conflict.theirs.text.get(lang)));
    }
    out.push_str(summary.get(lang));
    out
}
