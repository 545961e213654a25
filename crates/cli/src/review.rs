//! `okrpad review FILE --since YYYY-MM-DD [--at YYYY-MM-DD] [--lang zh|en]`: the
//! weekly review as Markdown for the meeting notes, the same text the app's
//! "Weekly review" screen copies and downloads (`meetings::review`).

use std::path::PathBuf;

use clap::Args;

use super::{Environment, LangArg, Output, bad_date, fail, read_document, resolve_at};
use okrpad_core::calendar::Date;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::meetings::review::{review, to_markdown};

#[derive(Debug, Args)]
pub(super) struct ReviewArgs {
    /// The OKR file to read, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The start of the window: changes after this day are new (the last meeting).
    #[arg(long, value_name = "YYYY-MM-DD")]
    since: String,
    /// The end of the window, included [default: today, local time].
    #[arg(long, value_name = "YYYY-MM-DD")]
    at: Option<String>,
    /// The language of the text and of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

pub(super) fn run(args: ReviewArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let since: Date = match args.since.parse() {
        Ok(date) => date,
        Err(error) => return fail(lang, bad_date("--since", &error)),
    };
    let at = match resolve_at(args.at.as_deref(), environment.today) {
        Ok(at) => at,
        Err(message) => return fail(lang, message),
    };
    if since > at {
        return fail(
            lang,
            Text::new(
                format!("--since {since} 晚于 --at {at}\u{ff1a}请给出更早的起始日期"),
                format!("--since {since} is after --at {at}: give an earlier start"),
            ),
        );
    }
    let document = match read_document(&args.file, environment.stdin) {
        Ok(document) => document,
        Err(message) => return fail(lang, message),
    };
    Output { stdout: to_markdown(&review(&document, since, at), &document.title, lang), ..Output::default() }
}
