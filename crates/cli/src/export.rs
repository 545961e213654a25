//! `okrpad export FILE --format md|csv|json` and `okrpad import CSV`: the same
//! writers and reader as the app's Export and Import (`formats::markdown`, `formats::csv`,
//! `formats::file`).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::{Environment, LangArg, Output, about, deliver, fail, input_name, read_document, read_text, resolve_at};
use okrpad_core::formats::csv::{from_csv, to_csv};
use okrpad_core::formats::file::to_json;
use okrpad_core::formats::markdown::to_markdown;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::scoring::score;

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// Markdown, for a chat message or a wiki page.
    Md,
    /// CSV, one row per key result, for a spreadsheet (with a UTF-8 byte-order mark).
    Csv,
    /// The OKR file itself, as okrpad writes it (format v1).
    Json,
}

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// The OKR file to export, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// What to write.
    #[arg(long, value_enum)]
    format: Format,
    /// Progress, statuses and current values as of this day [default: today, local time].
    #[arg(long, value_name = "YYYY-MM-DD")]
    at: Option<String>,
    /// The language of the text and of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(super) struct ImportArgs {
    /// The CSV file to read, or `-` for standard input.
    #[arg(value_name = "CSV")]
    file: PathBuf,
    /// The title of the document (CSV has no place for one) [default: none].
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// The date of check-ins made from a `current` value without a `current_date`
    /// [default: today, local time].
    #[arg(long, value_name = "YYYY-MM-DD")]
    at: Option<String>,
    /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
    /// Write the OKR file here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
}

pub(super) fn export(args: ExportArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let at = match resolve_at(args.at.as_deref(), environment.today) {
        Ok(at) => at,
        Err(message) => return fail(lang, message),
    };
    let document = match read_document(&args.file, environment.stdin) {
        Ok(document) => document,
        Err(message) => return fail(lang, message),
    };
    let text = match args.format {
        Format::Md => to_markdown(&document, &score(&document, at), lang),
        Format::Csv => to_csv(&document, &score(&document, at), lang),
        Format::Json => to_json(&document),
    };
    deliver(args.output.as_deref(), text, lang)
}

pub(super) fn import(args: ImportArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let at = match resolve_at(args.at.as_deref(), environment.today) {
        Ok(at) => at,
        Err(message) => return fail(lang, message),
    };
    // The reader strips a byte-order mark, as Excel writes one.
    let text = match read_text(&args.file, environment.stdin) {
        Ok(text) => text,
        Err(message) => return fail(lang, message),
    };
    match from_csv(&text, at) {
        Ok(mut document) => {
            document.title = args.title.unwrap_or_default();
            // The title is checked as a file's would be (its length, no control
            // characters), so okrpad never writes a file it would refuse to open.
            if let Err(error) = okrpad_core::formats::file::validate(&document) {
                return fail(lang, about(&Text::new("--title", "--title"), error.message()));
            }
            deliver(args.output.as_deref(), to_json(&document), lang)
        }
        Err(error) => fail(lang, about(&input_name(&args.file), error.message())),
    }
}
