//! `okrpad share FILE` prints a share link, `okrpad open LINK` the document in one:
//! the same codec as the app (`formats::link`), so a link made by either opens in both.
//!
//! okrpad can be served from any static host, so there is no canonical address to
//! put in front of the fragment: `share` prints `#okr1.…` alone, to append to the
//! app's address, unless `--base` gives it.

use std::path::PathBuf;

use clap::Args;

use super::{Environment, LangArg, Output, deliver, fail, read_document, read_text};
use okrpad_core::formats::file::to_json;
use okrpad_core::formats::link;
use okrpad_core::i18n::{Lang, Text};

#[derive(Debug, Args)]
pub(super) struct ShareArgs {
    /// The OKR file to share, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// The address of the okrpad app to put before the fragment, such as
    /// https://okrs.example.com/ [default: none, the link is the fragment `#okr1.…`].
    #[arg(long, value_name = "URL")]
    base: Option<String>,
    /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

#[derive(Debug, Args)]
pub(super) struct OpenArgs {
    /// The link: a whole URL, its `#okr1.…` fragment (quote it in a shell: `#` starts
    /// a comment), the bare `okr1.…`, or `-` to read it from standard input.
    #[arg(value_name = "LINK")]
    link: String,
    /// Write the document here instead of standard output.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,
    /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
}

pub(super) fn share(args: ShareArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let document = match read_document(&args.file, environment.stdin) {
        Ok(document) => document,
        Err(message) => return fail(lang, message),
    };
    let url = link::share_url(args.base.as_deref().unwrap_or_default(), &document);
    if !link::reopens(&url) {
        return fail(lang, link::too_large_to_share());
    }
    let stderr = link::long_link_warning(&url).map(|w| format!("okrpad: {}\n", w.get(lang))).unwrap_or_default();
    Output { stdout: format!("{url}\n"), stderr, ..Output::default() }
}

pub(super) fn open(args: OpenArgs, environment: Environment<'_>) -> Output {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let text = if args.link == "-" {
        match read_text(std::path::Path::new("-"), environment.stdin) {
            Ok(text) => text,
            Err(message) => return fail(lang, message),
        }
    } else {
        args.link
    };
    match link::decode(&text) {
        Ok(document) => deliver(args.output.as_deref(), to_json(&document), lang),
        Err(error) => {
            let message = error.message();
            fail(
                lang,
                Text::new(
                    format!("链接无法打开\u{ff1a}{}", message.zh),
                    format!("cannot open the link: {}", message.en),
                ),
            )
        }
    }
}
