//! Reading and writing format v1 files: the only door by which outside data enters.
//!
//! Parsing happens in three steps so each failure gets the message a user can act on:
//! 1. the version probe reads only `okrpad`, so a file from a newer okrpad is refused
//!    as *newer* (not as "unknown field" noise), and broken JSON is reported with its
//!    line and column;
//! 2. the typed read names the field that is wrong by its path
//!    (`objectives[2].key_results[0].metric.target`), worked out from where the reading
//!    stopped only once it has failed (`json_path`), so a sound file pays nothing for it;
//! 3. the model checks that only the model can make: ids present and unique.
//!
//! Everything past this module holds only documents that passed all three. What is
//! legal but unwise (a missing parent, a target equal to its start) is left to the
//! rules, which explain it without refusing the file. The other doors (share links,
//! CSV imports, merges) build documents by other means and end with the same model
//! checks, [`validate`].
//!
//! **Versions and migration.** Every file carries its format version (`okrpad`).
//! Readers accept every version up to [`FORMAT_VERSION`] and upgrade older ones here,
//! in [`parse`], so nothing past this module ever sees an old shape; writers write only
//! the newest. Version 1 is the first, so there is nothing to upgrade yet. When the
//! model changes in a way that would read a v1 file differently, today's types are
//! frozen as the v1 reader and converted into the new model in `parse`; the frozen
//! files in `tests/fixtures/v1/` and `tests/compat.rs` prove that v1 files keep opening.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use super::json_path;
use crate::i18n::Text;
use crate::model::limits::{self, LimitProblem};
use crate::model::{Document, Id};

/// The format version this build reads and writes.
pub const FORMAT_VERSION: u64 = 1;

/// The top-level key that holds the format version; okrpad writes it first.
pub const VERSION_KEY: &str = "okrpad";

/// Why a text is not a document okrpad can open. None of these changes anything:
/// the caller keeps whatever it had.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// Nothing but white space.
    #[error("the file is empty")]
    Empty,
    /// The text is not JSON.
    #[error("broken JSON at line {line}, column {column}: {detail}")]
    Syntax { line: usize, column: usize, detail: String },
    /// The text ends before the JSON does: usually a truncated file or link.
    #[error("the JSON ends too early (line {line}, column {column}): the file may be cut off")]
    Truncated { line: usize, column: usize },
    /// Valid JSON, but not an okrpad document (no `okrpad` version field).
    #[error("this JSON is not an okrpad document: it has no \"okrpad\" version field")]
    NotOkrpad,
    /// The `okrpad` field is not a version number.
    #[error("\"okrpad\" must be a format version number such as 1, found {found}")]
    BadVersion { found: String },
    /// Written by a newer okrpad; opening it could lose what this version does not know.
    #[error(
        "this file is okrpad format version {found}, newer than the version {FORMAT_VERSION} this okrpad reads: open it with a newer okrpad"
    )]
    NewerVersion { found: u64 },
    /// A field is missing, of the wrong type or has a value okrpad does not know.
    #[error("{path} (line {line}, column {column}): {detail}")]
    Field { path: String, line: usize, column: usize, detail: String },
    /// A text is too long or holds a control character, or a number is too large (see
    /// [`crate::model::limits`]).
    #[error("{}", problem.message(path).en)]
    Limit { path: String, problem: LimitProblem },
    /// The same key twice in the file's top-level object: which one counts would be a guess.
    #[error("the key \"{key}\" appears more than once at the top of the file: keep one")]
    DuplicateKey { key: String },
    /// An objective or key result has an empty id.
    #[error("{path}: the id is empty")]
    EmptyId { path: String },
    /// Two objects share an id, so references to it would be ambiguous.
    #[error("{second}: the id {id:?} is already used by {first}")]
    DuplicateId { id: String, first: String, second: String },
}

impl FormatError {
    /// The error in both languages, for the UI and `--lang`.
    pub fn message(&self) -> Text {
        let en = self.to_string();
        let zh = match self {
            FormatError::Empty => "文件是空的".to_owned(),
            FormatError::Syntax { line, column, detail } => {
                format!("JSON 格式错误，第 {line} 行第 {column} 列：{}", syntax_zh(detail))
            }
            FormatError::Truncated { line, column } => {
                format!("JSON 提前结束（第 {line} 行第 {column} 列）：文件可能不完整")
            }
            FormatError::NotOkrpad => "这不是 okrpad 文档：缺少 \"okrpad\" 版本字段".to_owned(),
            FormatError::BadVersion { found } => {
                format!("\"okrpad\" 应为格式版本号（如 1），实际为 {found}")
            }
            FormatError::NewerVersion { found } => format!(
                "此文件是 okrpad 格式第 {found} 版，比当前 okrpad 支持的第 {FORMAT_VERSION} 版更新：请用更新版本的 okrpad 打开"
            ),
            FormatError::Field { path, line, column, detail } => {
                format!("{path}（第 {line} 行第 {column} 列）：{}", detail_zh(detail))
            }
            FormatError::Limit { path, problem } => problem.message(path).zh,
            FormatError::DuplicateKey { key } => format!("文件顶层的键 \"{key}\" 出现了不止一次：请只保留一个"),
            FormatError::EmptyId { path } => format!("{path}：id 为空"),
            FormatError::DuplicateId { id, first, second } => {
                format!("{second}：id {id:?} 已被 {first} 使用")
            }
        };
        Text::new(zh, en)
    }
}

/// serde's data errors in Chinese, for the common shapes; the technical rest (type
/// names, the expected values) is kept as serde wrote it. The metric's own checks are
/// translated whole, beside where they are made ([`crate::model::metric_problem_zh`]).
fn detail_zh(detail: &str) -> String {
    if let Some(zh) = crate::model::metric_problem_zh(detail) {
        return zh.to_owned();
    }
    // The calendar's refusals (`calendar::DateError`).
    if let Some(found) = detail.strip_prefix("expected a date as YYYY-MM-DD, found ") {
        return format!("应为 YYYY-MM-DD 格式的日期，实际为 {found}");
    }
    if let Some(day) = detail.strip_suffix(" is not a day of the calendar") {
        return format!("日历上没有 {day} 这一天");
    }
    const SHAPES: [(&str, &str); 5] = [
        ("missing field ", "缺少字段 "),
        ("unknown variant ", "未知取值 "),
        ("unknown field ", "未知字段 "),
        ("invalid type: ", "类型错误："),
        ("invalid value: ", "取值错误："),
    ];
    let Some((zh, rest)) = translated_start(detail, &SHAPES) else { return detail.to_owned() };
    let (found, expected) = match rest.split_once(", expected ") {
        Some((found, expected)) => (found, Some(expected)),
        None => (rest, None),
    };
    let found = if zh == "类型错误：" { kind_zh(found) } else { found.to_owned() };
    match expected {
        Some(expected) => format!("{zh}{found}，应为{}", expected_zh(expected)),
        None => format!("{zh}{found}"),
    }
}

/// serde's name for the kind of value found (`string "2"`, `floating point `7.5``), in Chinese.
fn kind_zh(found: &str) -> String {
    const KINDS: [(&str, &str); 8] = [
        ("string ", "字符串 "),
        ("integer ", "整数 "),
        ("floating point ", "小数 "),
        ("boolean ", "布尔值 "),
        ("null", "null"),
        ("sequence", "数组"),
        ("map", "对象"),
        ("unit value", "空值"),
    ];
    translated_start(found, &KINDS).map_or_else(|| found.to_owned(), |(zh, rest)| format!("{zh}{rest}"))
}

/// The Chinese of the English words `text` starts with, from `table`, and the rest of `text`.
fn translated_start<'t>(text: &'t str, table: &[(&str, &'static str)]) -> Option<(&'static str, &'t str)> {
    table.iter().find_map(|(en, zh)| text.strip_prefix(en).map(|rest| (*zh, rest)))
}

/// What serde expected, in Chinese: a kind of value, the names it accepts, or a range.
fn expected_zh(expected: &str) -> String {
    let kind = match expected {
        "f64" | "f32" | "a number" => "数字",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" | "an integer" => "整数",
        "a string" | "a borrowed string" => "字符串",
        "a sequence" => "数组",
        "a map" => "对象",
        "a boolean" => "布尔值",
        _ if expected.starts_with("struct ") => "对象",
        _ => "",
    };
    if !kind.is_empty() {
        return kind.to_owned();
    }
    match expected.strip_prefix("one of ") {
        Some(names) => format!("以下之一：{}", names.replace("`, `", "`、`")),
        None => format!(" {}", expected.replace(" or ", " 或 ").replace(" to ", " 到 ")),
    }
}

/// serde_json's syntax complaints in Chinese, for the common ones.
fn syntax_zh(detail: &str) -> String {
    const SHAPES: [(&str, &str); 10] = [
        ("trailing characters", "JSON 结束后还有多余的字符"),
        ("number out of range", "数字超出范围"),
        ("invalid number", "无效的数字"),
        ("invalid escape", "无效的转义字符"),
        ("trailing comma", "多余的逗号"),
        ("expected value", "这里应是一个值"),
        ("expected `,` or `}`", "这里应是逗号或 }"),
        ("expected `,` or `]`", "这里应是逗号或 ]"),
        ("expected `:`", "这里应是冒号"),
        ("key must be a string", "键必须是带引号的字符串"),
    ];
    SHAPES.iter().find_map(|(en, zh)| (detail == *en).then(|| (*zh).to_owned())).unwrap_or_else(|| detail.to_owned())
}

/// serde_json counts columns in bytes; people (and editors) count characters.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(line_text) = text.lines().nth(line.saturating_sub(1)) else { return byte_column };
    line_text.char_indices().take_while(|(i, _)| *i < byte_column).count()
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: String) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message,
    }
}

/// Reads a format v1 document.
///
/// ```
/// use okrpad_core::formats::file::{parse, FormatError};
/// let doc = parse(r#"{"okrpad": 1, "title": "Q3", "objectives": []}"#).unwrap();
/// assert_eq!(doc.title, "Q3");
/// assert!(matches!(parse(r#"{"okrpad": 2}"#), Err(FormatError::NewerVersion { found: 2 })));
/// assert!(matches!(parse("{\"okrpad\": 1,"), Err(FormatError::Truncated { .. })));
/// ```
pub fn parse(text: &str) -> Result<Document, FormatError> {
    if text.trim().is_empty() {
        return Err(FormatError::Empty);
    }
    // Here an older version would be upgraded (see "Versions and migration" above);
    // version 1 is the only one so far and is read as it is.
    // The version decides first, and a text that is not JSON says so rather than
    // naming a field. When the text states the current version as okrpad writes it,
    // that first reading of the whole text waits until the full one has failed.
    let version_first = states_current_version_first(text);
    if !version_first {
        check_version(text)?;
    }
    // The path of a wrong field is worked out only when there is one (`json_path`).
    let mut reader = serde_json::Deserializer::from_str(text);
    let read = Document::deserialize(&mut reader).map_err(|error| {
        let (line, column) = (error.line(), error.column());
        FormatError::Field {
            path: json_path::path_of(text, &error),
            line,
            column: char_column(text, line, column),
            detail: strip_position(error.to_string()),
        }
    });
    // `end` rejects trailing garbage after the document.
    let read = read.and_then(|document: Document| reader.end().map(|()| document).map_err(|e| json_error(text, e)));
    let mut document = match read {
        Ok(document) => document,
        Err(error) => {
            if version_first {
                check_version(text)?;
            }
            return Err(error);
        }
    };
    // The version lives in the file, not in the model: the writer always adds the current one.
    document.extra.remove(VERSION_KEY);
    validate(&document)?;
    Ok(document)
}

fn json_error(text: &str, error: serde_json::Error) -> FormatError {
    let line = error.line();
    let column = char_column(text, line, error.column());
    if error.is_eof() {
        FormatError::Truncated { line, column }
    } else {
        FormatError::Syntax { line, column, detail: strip_position(error.to_string()) }
    }
}

fn check_version(text: &str) -> Result<(), FormatError> {
    #[derive(Deserialize)]
    struct Probe {
        okrpad: Option<serde_json::Value>,
    }
    // A derived struct also accepts a JSON array (positionally), so look first.
    if !text.trim_start().starts_with('{') {
        return match serde_json::from_str::<serde::de::IgnoredAny>(text) {
            Ok(_) => Err(FormatError::NotOkrpad),
            Err(error) => Err(json_error(text, error)),
        };
    }
    let probe: Probe = serde_json::from_str(text).map_err(|error| match error.is_data() {
        // serde's derive refuses a repeated field by name: "duplicate field `okrpad`".
        true if error.to_string().starts_with("duplicate field `okrpad`") => {
            FormatError::DuplicateKey { key: VERSION_KEY.to_owned() }
        }
        true => FormatError::NotOkrpad,
        false => json_error(text, error),
    })?;
    match probe.okrpad {
        None | Some(serde_json::Value::Null) => Err(FormatError::NotOkrpad),
        Some(serde_json::Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => Ok(()),
        Some(serde_json::Value::Number(n)) if n.as_u64().is_some_and(|v| v > FORMAT_VERSION) => {
            Err(FormatError::NewerVersion { found: n.as_u64().unwrap_or_default() })
        }
        Some(other) => Err(FormatError::BadVersion { found: other.to_string() }),
    }
}

/// Whether `text` opens with `{"okrpad": 1,` (any JSON spacing) and names no other
/// `"okrpad"`: how okrpad's own writer begins every file and stored document. Then the
/// version is known without a first reading of the whole text (at 2,000 objectives,
/// a sixth of the parse in the browser), and what the text holds besides is the full
/// reading's to judge. Anything else gets the first reading, with its messages.
fn states_current_version_first(text: &str) -> bool {
    fn token<'a>(rest: &'a str, token: &str) -> Option<&'a str> {
        rest.trim_start_matches([' ', '\t', '\n', '\r']).strip_prefix(token)
    }
    let (key, version) = (format!("\"{VERSION_KEY}\""), FORMAT_VERSION.to_string());
    let rest = token(text, "{")
        .and_then(|rest| token(rest, &key))
        .and_then(|rest| token(rest, ":"))
        .and_then(|rest| token(rest, &version));
    rest.is_some_and(|rest| token(rest, ",").or_else(|| token(rest, "}")).is_some())
        && text.matches(&key).nth(1).is_none()
}

/// Checks what the model needs of any document, however it was made (a file, a share
/// link, a CSV import, an edit): every text within its length and free of control
/// characters and every number within its bound ([`crate::model::limits`]), every objective and key result with an id,
/// and no two sharing one. Ids are one namespace for objectives and key results, so
/// `parent` and `parent_kr` can never be ambiguous. Comments have ids of their own,
/// likewise non-empty and unique among the document's comments. [`parse`] runs this on
/// every file; the other
/// readers run it on what they build.
///
/// ```
/// use okrpad_core::formats::file::{validate, FormatError};
/// use okrpad_core::model::{Document, KeyResult, Level, Objective};
/// let mut objective = Objective::new("a", "Grow", Level::Team);
/// objective.key_results.push(KeyResult::new("a", "Twice the same id"));
/// let document = Document { objectives: vec![objective], ..Document::default() };
/// assert!(matches!(validate(&document), Err(FormatError::DuplicateId { .. })));
/// ```
pub fn validate(document: &Document) -> Result<(), FormatError> {
    /// Where an id stands: objective index, and key result index within it.
    type Place = (usize, Option<usize>);
    fn path((o, k): Place) -> String {
        match k {
            None => format!("objectives[{o}].id"),
            Some(k) => format!("objectives[{o}].key_results[{k}].id"),
        }
    }
    limits::check(document).map_err(|(path, problem)| FormatError::Limit { path, problem })?;
    let ids = document.objectives.iter().enumerate().flat_map(|(o, objective)| {
        let key_results = objective.key_results.iter().enumerate();
        std::iter::once((&objective.id, (o, None)))
            .chain(key_results.map(move |(k, key_result)| (&key_result.id, (o, Some(k)))))
    });
    unique_ids(ids).map_err(|problem| id_error(problem, path))?;
    unique_comment_ids(document)
}

fn id_error<P>(problem: IdProblem<P>, path: impl Fn(P) -> String) -> FormatError {
    match problem {
        IdProblem::Empty(place) => FormatError::EmptyId { path: path(place) },
        IdProblem::Duplicate { id, first, second } => {
            FormatError::DuplicateId { id: id.to_string(), first: path(first), second: path(second) }
        }
    }
}

/// Comment ids are their own namespace: unique among the document's comments, so a
/// merge can unite two discussions by id.
fn unique_comment_ids(document: &Document) -> Result<(), FormatError> {
    /// Objective index, key result index within it (if any), comment index.
    type Place = (usize, Option<usize>, usize);
    fn path((o, k, c): Place) -> String {
        match k {
            None => format!("objectives[{o}].comments[{c}].id"),
            Some(k) => format!("objectives[{o}].key_results[{k}].comments[{c}].id"),
        }
    }
    let ids = document.objectives.iter().enumerate().flat_map(|(o, objective)| {
        let own = objective.comments.iter().enumerate().map(move |(c, comment)| (&comment.id, (o, None, c)));
        let key_results = objective.key_results.iter().enumerate().flat_map(move |(k, key_result)| {
            key_result.comments.iter().enumerate().map(move |(c, comment)| (&comment.id, (o, Some(k), c)))
        });
        own.chain(key_results)
    });
    unique_ids(ids).map_err(|problem| id_error(problem, path))
}

/// What is wrong with a set of ids, located by the reader's own notion of place (a
/// path in a file, a row in a CSV), so every reader reports it where its user looks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum IdProblem<P> {
    Empty(P),
    Duplicate { id: Id, first: P, second: P },
}

/// The one id check behind [`validate`] and the CSV reader: the first empty or
/// repeated id, in the order given.
pub(crate) fn unique_ids<'a, P: Copy>(ids: impl IntoIterator<Item = (&'a Id, P)>) -> Result<(), IdProblem<P>> {
    // Sized once: growing a map of 10,000 ids rehashes every id a dozen times over.
    let ids: Vec<(&Id, P)> = ids.into_iter().collect();
    let mut seen: HashMap<&Id, P> = HashMap::with_capacity(ids.len());
    for (id, place) in ids {
        if id.as_str().is_empty() {
            return Err(IdProblem::Empty(place));
        }
        if let Some(first) = seen.insert(id, place) {
            return Err(IdProblem::Duplicate { id: id.clone(), first, second: place });
        }
    }
    Ok(())
}

/// Writes a document as format v1: pretty-printed, fields in a fixed order, whole
/// numbers without a decimal point, and a final newline, so files diff cleanly in git.
pub fn to_json(document: &Document) -> String {
    let mut text = write_v1(document, true);
    text.push('\n');
    text
}

/// Writes a document as format v1 without whitespace, for the browser's local storage,
/// which no one reads as text: about half the size of [`to_json`] (2.1 MB against 4.6 MB
/// at 2,000 objectives, where the quota is about 5 million characters for the whole
/// site), and so about half the time to store and to read back. Files keep the pretty
/// form; [`parse`] reads both.
pub fn to_compact_json(document: &Document) -> String {
    write_v1(document, false)
}

fn write_v1(document: &Document, pretty: bool) -> String {
    // The version is written once, first; an `okrpad` key among the unknown fields (only
    // possible in a document built in code) would duplicate it.
    let cleaned;
    let document = if document.extra.contains_key(VERSION_KEY) {
        let mut copy = document.clone();
        copy.extra.remove(VERSION_KEY);
        cleaned = copy;
        &cleaned
    } else {
        document
    };
    let mut text = Vec::with_capacity(64 * 1024);
    let mut writer = serde_json::Serializer::with_formatter(&mut text, Layout(pretty.then(PrettyFormatter::new)));
    // Serializing a map-and-struct tree of strings and numbers into memory cannot fail:
    // there are no non-string map keys and no I/O; serde_json writes only UTF-8.
    let file = File { okrpad: FORMAT_VERSION, document };
    match file.serialize(&mut writer) {
        Ok(()) => String::from_utf8(text).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Pretty (files) or compact (local storage), chosen when writing: one formatter type,
/// so the model's serialisation is compiled once for both (each formatter type would
/// put another copy of it in the Wasm, about 4 KB brotli).
struct Layout(Option<PrettyFormatter<'static>>);

/// Each whitespace-placing method of [`Formatter`], handed to the layout chosen.
macro_rules! either_layout {
    ($($method:ident($($arg:ident: $type:ty),*)),* $(,)?) => {$(
        fn $method<W: ?Sized + std::io::Write>(&mut self, writer: &mut W $(, $arg: $type)*) -> std::io::Result<()> {
            match &mut self.0 {
                Some(pretty) => pretty.$method(writer $(, $arg)*),
                None => CompactFormatter.$method(writer $(, $arg)*),
            }
        }
    )*};
}

impl Formatter for Layout {
    either_layout!(
        begin_array(),
        end_array(),
        begin_array_value(first: bool),
        end_array_value(),
        begin_object(),
        end_object(),
        begin_object_key(first: bool),
        begin_object_value(),
        end_object_value(),
    );
}

/// A document as written: the format's version first, then its fields.
#[derive(Serialize)]
struct File<'a> {
    okrpad: u64,
    #[serde(flatten)]
    document: &'a Document,
}
