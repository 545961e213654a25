//! The `okrpad` command-line tool, as a library: `check`, `score`, `schema`, the
//! sync commands `merge`, `share`, `open`, `export` and `import`, and `review`.
//!
//! Everything the tool does happens in [`run`], which takes the arguments, the
//! defaults the environment supplies (language, today) and a reader for standard
//! input, and returns what to print and the exit code. The binary only wires those to
//! the process, so tests drive the whole tool without spawning it or touching a
//! clock, and what they see is byte for byte what a user sees.
//!
//! The command names, flags, JSON keys and exit codes are a public contract that
//! scripts depend on (see `docs/cli.md`): rename nothing without a new major version.
//! Human-readable output follows `--lang`; JSON keys and ids never do, so a script
//! works whatever the locale of the machine it runs on.

mod check;
mod export;
mod link;
mod live;
mod merge;
mod review;
mod score;

use std::ffi::OsString;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Parser, Subcommand, ValueEnum};

use okrpad_core::calendar::{Date, DateError};
use okrpad_core::formats::file;
use okrpad_core::formats::import;
use okrpad_core::formats::schema::SCHEMA;
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::model::Document;

/// The exit codes, part of the contract.
pub mod exit {
    /// Success: for `check`, no finding of error severity; for `merge`, no conflict.
    pub const OK: u8 = 0;
    /// `check` found at least one error-severity finding.
    pub const FINDINGS: u8 = 1;
    /// `merge` found conflicts (or objects it could not merge); the merged file was
    /// still written, with the first file's version of each.
    pub const CONFLICTS: u8 = 1;
    /// The input could not be used: unreadable, not an okrpad file, or a bad flag.
    pub const UNUSABLE: u8 = 2;
}

/// What a run prints and how it ends.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: u8,
}

/// What the process around the tool supplies: the defaults for `--lang` and `--at`,
/// and standard input for `FILE` = `-`.
pub struct Environment<'a> {
    /// The language when `--lang` is absent (see [`lang_from_locale`]).
    pub lang: Lang,
    /// The date when `--at` is absent (see [`today_local`]).
    pub today: Date,
    /// Read only when the file argument is `-`.
    pub stdin: &'a mut dyn Read,
}

#[derive(Debug, Parser)]
#[command(
    name = "okrpad",
    version,
    about = "Check, score, merge, share and convert OKR files (format v1, *.okr.json).",
    long_about = "Check, score, merge, share and convert OKR files (format v1, *.okr.json).\n\n\
                  Exit codes: 0 success; 1 `check` found an error or `merge` found conflicts; 2 an input could not \
                  be read or parsed, an output could not be written, or a flag is wrong."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Report what is wrong or unwise in an OKR file (exit 1 if anything is an error).
    Check(FileArgs),
    /// Print the progress, status and grade of every objective and key result.
    Score(FileArgs),
    /// Print the JSON Schema (draft 2020-12) of the file format.
    Schema,
    /// Merge two versions of one OKR file by id (exit 1 if they conflict).
    Merge(merge::MergeArgs),
    /// Print a share link that carries the whole file in its fragment.
    Share(link::ShareArgs),
    /// Print the document a share link carries, as an OKR file.
    Open(link::OpenArgs),
    /// Export an OKR file as Markdown, CSV or JSON.
    Export(export::ExportArgs),
    /// Read a CSV (the shape `export --format csv` writes) as an OKR file.
    Import(export::ImportArgs),
    /// Print what changed since a date (check-ins, status changes, blockers) as Markdown.
    Review(review::ReviewArgs),
    /// Pull a live room's document into a file, or push a file into a room (a Yjs relay).
    Live(live::LiveArgs),
}

#[derive(Debug, Args)]
struct FileArgs {
    /// The OKR file to read, or `-` for standard input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Print JSON instead of text (see docs/cli.md for the keys).
    #[arg(long)]
    json: bool,
    /// The language of messages [default: from LC_ALL, LC_MESSAGES or LANG].
    #[arg(long, value_enum, value_name = "LANG")]
    lang: Option<LangArg>,
    /// Evaluate progress and statuses as of this day [default: today, local time].
    #[arg(long, value_name = "YYYY-MM-DD")]
    at: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

/// A checked file argument: what `check` and `score` work from.
struct Request {
    document: Document,
    lang: Lang,
    at: Date,
    json: bool,
}

/// Runs the tool on `args` (the first being the program name, as in `std::env::args_os`).
pub fn run<I, T>(args: I, environment: Environment<'_>) -> Output
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // clap's own errors, --help and --version: clap chooses the stream and code.
            let text = error.render().to_string();
            let code = u8::try_from(error.exit_code()).unwrap_or(exit::UNUSABLE);
            return if error.use_stderr() {
                Output { stderr: text, code, ..Output::default() }
            } else {
                Output { stdout: text, code, ..Output::default() }
            };
        }
    };
    match cli.command {
        Command::Schema => Output { stdout: SCHEMA.to_owned(), ..Output::default() },
        Command::Check(args) => match prepare(args, environment) {
            Ok(request) => check::run(&request),
            Err(failure) => failure,
        },
        Command::Score(args) => match prepare(args, environment) {
            Ok(request) => score::run(&request),
            Err(failure) => failure,
        },
        Command::Merge(args) => merge::run(args, environment),
        Command::Share(args) => link::share(args, environment),
        Command::Open(args) => link::open(args, environment),
        Command::Export(args) => export::export(args, environment),
        Command::Import(args) => export::import(args, environment),
        Command::Review(args) => review::run(args, environment),
        Command::Live(args) => live::run(args, environment),
    }
}

/// Resolves the language and the date, then reads and parses the file; any failure
/// is the exit-2 output, in the chosen language.
fn prepare(args: FileArgs, environment: Environment<'_>) -> Result<Request, Output> {
    let lang = args.lang.map_or(environment.lang, Lang::from);
    let at = resolve_at(args.at.as_deref(), environment.today).map_err(|message| fail(lang, message))?;
    let document = read_document(&args.file, environment.stdin).map_err(|message| fail(lang, message))?;
    Ok(Request { document, lang, at, json: args.json })
}

/// The exit-2 output: one line on standard error, nothing on standard output.
fn fail(lang: Lang, message: Text) -> Output {
    Output { stderr: format!("okrpad: {}\n", message.get(lang)), code: exit::UNUSABLE, ..Output::default() }
}

/// `--at` if given, else today.
fn resolve_at(at: Option<&str>, today: Date) -> Result<Date, Text> {
    match at {
        None => Ok(today),
        Some(text) => text.parse().map_err(|error| bad_date("--at", &error)),
    }
}

/// How messages name an input: its path, or `<stdin>` for `-`.
fn input_name(path: &Path) -> Text {
    if path.as_os_str() == "-" {
        Text::new("<标准输入>", "<stdin>")
    } else {
        let shown = path.display().to_string();
        Text::new(shown.clone(), shown)
    }
}

/// `message` about the input `name`: `name: message`.
fn about(name: &Text, message: Text) -> Text {
    Text::new(format!("{}\u{ff1a}{}", name.zh, message.zh), format!("{}: {}", name.en, message.en))
}

/// The text of the file at `path`, or of standard input for `-`.
fn read_text(path: &Path, stdin: &mut dyn Read) -> Result<String, Text> {
    let from_stdin = path.as_os_str() == "-";
    let name = input_name(path);
    // Read at most one byte past the limit, from standard input as from a file: an
    // endless pipe is refused after 20 MB, not when memory runs out.
    let limit = import::MAX_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let read = if from_stdin {
        stdin.take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|file| file.take(limit).read_to_end(&mut bytes))
    };
    read.map_err(|error| about(&name, unreadable(&error, from_stdin)))?;
    if bytes.len() > import::MAX_BYTES {
        return Err(about(&name, import::too_large()));
    }
    decode(bytes).map_err(|message| about(&name, message))
}

/// The document in the OKR file at `path` (`-` for standard input).
fn read_document(path: &Path, stdin: &mut dyn Read) -> Result<Document, Text> {
    let text = read_text(path, stdin)?;
    file::parse(&text).map_err(|error| about(&input_name(path), error.message()))
}

/// Writes `text` to `output` (standard output when `None` or `-`); a failure to write
/// is the exit-2 output.
fn deliver(output: Option<&Path>, text: String, lang: Lang) -> Output {
    match output {
        Some(path) if path.as_os_str() != "-" => match write_whole(path, &text) {
            Ok(()) => Output::default(),
            Err(error) => {
                let name = input_name(path);
                fail(
                    lang,
                    about(&name, Text::new(format!("无法写入\u{ff1a}{error}"), format!("cannot write: {error}"))),
                )
            }
        },
        _ => Output { stdout: text, ..Output::default() },
    }
}

/// Writes `text` to the file `path` whole or not at all: into a new file beside it,
/// then renamed over it. A full disk or a failed write leaves the file as it was, which matters
/// because the output may be an input (`merge A B -o A` updates A in place). A link is
/// followed, so the file it points to is the one replaced; an existing file's
/// permissions are kept.
fn write_whole(path: &Path, text: &str) -> io::Result<()> {
    use std::io::Write;
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    // A device or a pipe (`-o /dev/null`, a named pipe) is written to as it is: only a
    // file can be replaced whole.
    if std::fs::metadata(&target).is_ok_and(|existing| !existing.is_file()) {
        return std::fs::write(&target, text);
    }
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_string_lossy()
        .into_owned();
    let temp = target.with_file_name(format!(".{name}.{}.okrpad-tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create_new(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Ok(existing) = std::fs::metadata(&target) {
            std::fs::set_permissions(&temp, existing.permissions())?;
        }
        std::fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Why the date given to `flag` (`--at`, `--since`) is not one, in both languages.
fn bad_date(flag: &str, error: &DateError) -> Text {
    match error {
        DateError::Shape(found) => Text::new(
            format!("{flag} 应为 YYYY-MM-DD 格式的日期\u{ff0c}实际为 {found:?}"),
            format!("{flag} expects a date as YYYY-MM-DD, found {found:?}"),
        ),
        DateError::NoSuchDay(found) => Text::new(
            format!("{flag} {found}\u{ff1a}日历上没有这一天"),
            format!("{flag} {found}: there is no such day in the calendar"),
        ),
    }
}

fn unreadable(error: &io::Error, from_stdin: bool) -> Text {
    match error.kind() {
        io::ErrorKind::NotFound => Text::new("文件不存在", "no such file"),
        io::ErrorKind::PermissionDenied => Text::new("没有读取权限", "permission denied"),
        io::ErrorKind::IsADirectory => Text::new("这是一个目录\u{ff0c}不是文件", "this is a directory, not a file"),
        _ if from_stdin => {
            Text::new(format!("无法读取标准输入\u{ff1a}{error}"), format!("cannot read standard input: {error}"))
        }
        _ => Text::new(format!("无法读取\u{ff1a}{error}"), format!("cannot read: {error}")),
    }
}

/// The file's bytes as text. A leading byte-order mark (some Windows editors write
/// one) is dropped, since JSON does not allow it and the file is otherwise fine.
fn decode(bytes: Vec<u8>) -> Result<String, Text> {
    match String::from_utf8(bytes) {
        Ok(text) => Ok(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_owned(),
            None => text,
        }),
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            // The valid prefix is UTF-8 by definition, so this never replaces anything.
            let before = String::from_utf8_lossy(valid);
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |last| last.chars().count()) + 1;
            Err(Text::new(
                format!(
                    "不是 UTF-8 文本\u{ff08}第 {line} 行第 {column} 列有无效字节\u{ff09}\u{ff1a}请以 UTF-8 编码保存"
                ),
                format!("not UTF-8 text (invalid bytes at line {line}, column {column}): save it as UTF-8"),
            ))
        }
    }
}

/// The language for messages from the locale variables, looked up by `variable`: the
/// first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set and not empty decides (the
/// POSIX order), Chinese for any `zh` locale, English otherwise and when none is set.
pub fn lang_from_locale(variable: impl Fn(&str) -> Option<String>) -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(|name| variable(name).filter(|value| !value.is_empty()))
        .map_or(Lang::En, |tag| Lang::from_tag(&tag))
}

/// Today in the user's time zone, as the browser app sees it: the calendar day at
/// `now` on the system's local clock (see [`day_at`]).
pub fn today_local(now: SystemTime) -> Date {
    let offset = chrono::DateTime::<chrono::Utc>::from(now).with_timezone(&chrono::Local).offset().local_minus_utc();
    day_at(now, offset)
}

/// The calendar day at `now` where clocks are `offset_seconds` ahead of UTC (east
/// positive: +28800 in China), clamped to the years okrpad can represent.
pub fn day_at(now: SystemTime, offset_seconds: i32) -> Date {
    const SECONDS_PER_DAY: i128 = 86_400;
    let seconds = match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        // Before 1970: a part of a second still belongs to the second before.
        Err(before) => {
            let before = before.duration();
            -i128::from(before.as_secs()) - i128::from(before.subsec_nanos() > 0)
        }
    };
    let days = (seconds + i128::from(offset_seconds)).div_euclid(SECONDS_PER_DAY);
    let days = i64::try_from(days).unwrap_or(if days < 0 { i64::MIN } else { i64::MAX });
    Date::from_days_since_epoch(days).unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
}

/// `value` as JSON, pretty-printed with a final newline.
fn json_line(value: &impl serde::Serialize) -> String {
    // Serializing plain structs of strings, numbers and options cannot fail.
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The columns a text takes in a terminal: 2 for East Asian wide and full-width
/// characters (CJK ideographs, kana, hangul, full-width punctuation), 1 otherwise.
/// Enough to align tables that mix Chinese titles with ids and numbers.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_locale_variables_pick_the_language_in_posix_order() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        };
        assert_eq!(lang_from_locale(env(&[])), Lang::En);
        assert_eq!(lang_from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(lang_from_locale(env(&[("LANG", "zh_CN.UTF-8"), ("LC_MESSAGES", "en_US")])), Lang::En);
        assert_eq!(lang_from_locale(env(&[("LC_MESSAGES", "en_US"), ("LC_ALL", "zh_TW")])), Lang::Zh);
        assert_eq!(lang_from_locale(env(&[("LC_ALL", ""), ("LANG", "zh_CN")])), Lang::Zh);
    }

    #[test]
    fn today_is_the_day_on_the_local_clock() {
        use std::time::Duration;
        let day = |text: &str| text.parse::<Date>().expect("test date");
        let at = |seconds: u64| UNIX_EPOCH + Duration::from_secs(seconds);
        const CHINA: i32 = 8 * 3600;
        const NEW_YORK: i32 = -5 * 3600;
        assert_eq!(day_at(UNIX_EPOCH, 0), day("1970-01-01"));
        let noon = at(20_499 * 86_400 + 43_200);
        assert_eq!(day_at(noon, 0), day("2026-02-15"));
        assert_eq!(day_at(noon, CHINA), day("2026-02-15"));
        // 07:59 in Beijing is still the previous day in UTC: the local day wins.
        let early = at(20_499 * 86_400 - 60);
        assert_eq!(day_at(early, 0), day("2026-02-14"));
        assert_eq!(day_at(early, CHINA), day("2026-02-15"));
        // 23:00 in New York is already tomorrow in UTC.
        let late = at(20_500 * 86_400 + 4 * 3600);
        assert_eq!(day_at(late, 0), day("2026-02-16"));
        assert_eq!(day_at(late, NEW_YORK), day("2026-02-15"));
        // Every hour of a day on either side of UTC, to the second either side of midnight.
        for offset in (-12..=14).map(|h| h * 3600) {
            let midnight = 20_499 * 86_400 - i64::from(offset);
            let midnight = u64::try_from(midnight).expect("after 1970");
            assert_eq!(day_at(at(midnight), offset), day("2026-02-15"), "{offset}");
            assert_eq!(day_at(at(midnight - 1), offset), day("2026-02-14"), "{offset}");
        }
        assert_eq!(day_at(UNIX_EPOCH - Duration::from_millis(1), 0), day("1969-12-31"));
        assert_eq!(day_at(UNIX_EPOCH - Duration::from_secs(86_400), 0), day("1969-12-31"));
        assert_eq!(day_at(UNIX_EPOCH - Duration::from_secs(86_401), 0), day("1969-12-30"));
        assert_eq!(day_at(at(u64::MAX / 2), CHINA), Date::MAX);
        assert_eq!(day_at(UNIX_EPOCH - Duration::from_secs(u64::MAX / 2), NEW_YORK), Date::MIN);
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let message = decode(b"{\n  \"title\": \"\xff\"".to_vec()).expect_err("invalid UTF-8");
        assert!(message.en.contains("line 2, column 13"), "{}", message.en);
        assert_eq!(decode(b"\xef\xbb\xbf{}".to_vec()), Ok("{}".to_owned()));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("sc-1"), 4);
        assert_eq!(display_width("有效商机"), 8);
        assert_eq!(display_width("正常 ok"), 7);
    }
}
