//! Share links: a whole document in the fragment of a URL, `https://host/#okr1.…`.
//!
//! Browsers never send the fragment (the part after `#`) to the server, so a shared
//! OKR set stays between the people who hold the link, whatever static host serves
//! the app. The link is the document itself, not a pointer to it: it opens offline,
//! needs no account, and cannot expire.
//!
//! A link is `okr1.` followed by the payload, compressed with raw deflate and written
//! in URL-safe base64 without padding. The payload is a compact text form of the
//! model, one record per line with tab-separated fields, built for size (see
//! `docs/sync.md`, "Share links", for the full specification and the measurements
//! that chose it):
//!
//! ```text
//! <title> [TAB <document's unknown fields as JSON> [TAB cadence_days]]
//! O  id  title  owner  level  kind  start  end  parent  parent_kr  notes  weight  extra  retro
//! K  id  title  owner  metric  start  target  unit  weight  due  extra  grade
//! C  date  value  note  blockers  status  extra  confidence
//! A  date  field  from  to  reason
//! M  id  date  author  text
//! ```
//!
//! `retro`, `grade`, `cadence_days` and `confidence` came after the first links were
//! made, so they sit after `extra`: a record of an older link simply ends earlier and
//! reads with them unset.
//! `retro` is the objective's retrospective as a JSON object (`{}` when present but
//! empty). An `A` record is an adjustment of the objective or key result whose record
//! precedes it (an objective's come before its key results); an `M` record (a
//! comment, "message") likewise belongs to the objective or key result before it.
//!
//! The prefix names the version of this encoding, so the encoding can change without
//! breaking the links people already pasted: `okr1` always means this payload and a
//! format v1 document, and a later okrpad keeps reading it.
//!
//! Decoding is the same kind of door as [`file::parse`]: whatever it is given, it
//! returns a valid document or a [`LinkError`] that says what is wrong in both
//! languages, and never panics. It is bounded: at most [`MAX_LINK_LEN`] characters
//! are looked at and at most [`MAX_CONTENT_LEN`] bytes are unpacked (a decompression
//! bomb stops there), and every step is linear in those sizes: the payload is read
//! straight into the model, without an intermediate JSON tree, so even the largest
//! accepted payload reads in a fraction of a second. The decoded document passes
//! the same checks as a file: the values of every field, then [`file::validate`].

use std::borrow::Cow;
use std::fmt;

use base64::Engine;
use base64::alphabet::URL_SAFE;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::calendar::{Date, Period};
use crate::formats::file::{self, FormatError};
use crate::i18n::Text;
use crate::i18n::labels::plain_number as number;
use crate::model::{
    Adjustment, CheckIn, Comment, Document, Extra, Health, Id, KeyResult, Kind, Level, MAX_CADENCE_DAYS,
    MAX_CONFIDENCE, ManualStatus, Metric, NumberRefusal, Objective, Retro, band_problem_zh, limits, read_number,
};

/// The version of the link encoding this okrpad writes (and the newest it reads).
pub const VERSION: u32 = 1;

/// What every link this okrpad writes starts with (after the `#`).
pub const PREFIX: &str = "okr1.";

/// The longest link [`decode`] looks at, in bytes: 4 MiB, far above what browsers
/// keep in an address bar (about 2 MB) and above any real OKR set.
pub const MAX_LINK_LEN: usize = 4 * 1024 * 1024;

/// The most [`decode`] unpacks, in bytes: 4 MiB of payload, several times a large
/// company's OKR set with a year of check-ins. A decompression bomb stops here, and
/// the largest payload accepted reads in well under a second.
pub const MAX_CONTENT_LEN: usize = 4 * 1024 * 1024;

/// The most records (objectives, key results and check-ins) [`decode`] reads: far
/// more than any OKR set, and few enough that the worst payload reads fast.
pub const MAX_RECORDS: usize = 100_000;

/// Links longer than this many characters get a warning: several chat apps and mail
/// clients cut or refuse longer links.
pub const CHAT_LIMIT: usize = 2000;

/// The highest deflate level of miniz_oxide: slower, but documents are small and the
/// link is made once.
const LEVEL: u8 = 10;

/// URL-safe base64 without padding when writing; padding is accepted when reading,
/// since some tools add it.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &URL_SAFE,
    GeneralPurposeConfig::new().with_encode_padding(false).with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a text is not a link okrpad can open. None of these changes anything.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// No fragment, or nothing in it.
    #[error("the link carries no document: the part after # is missing")]
    Empty,
    /// More than [`MAX_LINK_LEN`] bytes: refused before any decoding.
    #[error(
        "the link is {length} characters long, more than the {MAX_LINK_LEN} okrpad opens: it was not made by okrpad (a document this large is shared as a file)"
    )]
    TooLong { length: usize },
    /// The fragment does not start with `okr<version>.`.
    #[error("this is not an okrpad link: the part after # does not start with {PREFIX}")]
    NotOkrpad,
    /// Made by a newer okrpad, with an encoding this one does not know.
    #[error(
        "this link was made by a newer okrpad (link format okr{found}, this okrpad reads okr{VERSION}): open it with a newer okrpad"
    )]
    NewerVersion { found: u32 },
    /// A character that base64url does not use: the link was changed on its way.
    #[error(
        "the link is damaged: {found:?} at character {position} cannot be part of an okrpad link (a chat app may have changed it): copy the whole link again"
    )]
    BadCharacter { position: usize, found: char },
    /// The compressed data is cut short or corrupt.
    #[error(
        "the link is damaged or incomplete (it may have been cut off when it was copied): copy the whole link again"
    )]
    Damaged,
    /// The data unpacks to more than [`MAX_CONTENT_LEN`] bytes or [`MAX_RECORDS`] records.
    #[error(
        "the link unpacks to more than any OKR document holds (over {} MiB, or over {MAX_RECORDS} objectives, key results and check-ins): okrpad does not open it",
        MAX_CONTENT_LEN >> 20
    )]
    TooLarge,
    /// The unpacked data is not UTF-8 text.
    #[error("the link's content is not text: it was not made by okrpad")]
    NotText,
    /// A record of the payload does not have the shape of the encoding.
    #[error("the link's content is malformed at record {record}: {problem}")]
    Malformed { record: usize, problem: Malformed },
    /// The model's checks failed (an empty or repeated id).
    #[error("{0}")]
    Invalid(FormatError),
}

/// What is wrong with one record of a link's payload. Fields are named as in a file
/// (`level`, `period.end`, `metric.target`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Malformed {
    /// The record starts with something other than `O`, `K`, `C`, `A` or `M`.
    UnknownRecord(String),
    /// A key result before any objective, or a check-in before any key result.
    Orphan,
    /// More fields than the record type has.
    TooManyFields,
    /// A backslash followed by something other than `\`, `n` or `t`.
    BadEscape,
    /// A field the model requires is empty.
    Missing(&'static str),
    /// A field holds something that is not a valid value for it.
    BadValue { field: &'static str, found: String },
    /// A number beyond [`crate::model::limits::MAX_NUMBER`].
    TooLarge { field: &'static str, found: String },
    /// A health metric's band cannot be used, for the reason [`Health::problem`] gives.
    BadBand(&'static str),
    /// `start`, `target` or `unit` on a metric that is not a number.
    OnlyForNumbers(&'static str),
    /// The unknown-fields column is not a JSON object.
    BadExtra(String),
    /// The unknown-fields column names a field of the model.
    KnownField(String),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::UnknownRecord(tag) => write!(f, "unknown record type {tag:?}"),
            Malformed::Orphan => f.write_str("a key result before any objective, or a check-in before any key result"),
            Malformed::TooManyFields => f.write_str("too many fields"),
            Malformed::BadEscape => f.write_str("a backslash that escapes nothing"),
            Malformed::Missing(field) => write!(f, "{field} is missing"),
            Malformed::BadValue { field, found } => write!(f, "{field}: {found:?} is not a valid value"),
            Malformed::TooLarge { field, found } => write!(f, "{field}: {}", limits::number_refused(found).en),
            Malformed::BadBand(problem) => write!(f, "metric: {problem}"),
            Malformed::OnlyForNumbers(field) => write!(f, "{field} belongs to number metrics only"),
            Malformed::BadExtra(detail) => write!(f, "the unknown fields are not a JSON object ({detail})"),
            Malformed::KnownField(name) => write!(f, "the unknown fields name the known field {name:?}"),
        }
    }
}

impl Malformed {
    fn zh(&self) -> String {
        match self {
            Malformed::UnknownRecord(tag) => format!("未知的记录类型 {tag:?}"),
            Malformed::Orphan => "关键结果出现在任何目标之前，或进度记录出现在任何关键结果之前".to_owned(),
            Malformed::TooManyFields => "字段过多".to_owned(),
            Malformed::BadEscape => "反斜杠后没有可转义的字符".to_owned(),
            Malformed::Missing(field) => format!("缺少 {field}"),
            Malformed::BadValue { field, found } => format!("{field}：{found:?} 不是有效的取值"),
            Malformed::TooLarge { field, found } => format!("{field}：{}", limits::number_refused(found).zh),
            Malformed::BadBand(problem) => format!("metric：{}", band_problem_zh(problem)),
            Malformed::OnlyForNumbers(field) => format!("{field} 只属于数值型指标"),
            Malformed::BadExtra(detail) => format!("未知字段不是 JSON 对象（{detail}）"),
            Malformed::KnownField(name) => format!("未知字段中出现了已知字段 {name:?}"),
        }
    }
}

impl LinkError {
    /// The error in both languages, for the UI and `--lang`.
    pub fn message(&self) -> Text {
        let en = self.to_string();
        let zh = match self {
            LinkError::Empty => "链接中没有文档：缺少 # 之后的部分".to_owned(),
            LinkError::TooLong { length } => format!(
                "链接长达 {length} 个字符，超过 okrpad 能打开的上限 {MAX_LINK_LEN}：这不是 okrpad 生成的链接（这么大的文档应以文件分享）"
            ),
            LinkError::NotOkrpad => format!("这不是 okrpad 链接：# 之后的部分不以 {PREFIX} 开头"),
            LinkError::NewerVersion { found } => format!(
                "此链接由更新版本的 okrpad 生成（链接格式 okr{found}，当前 okrpad 只能读取 okr{VERSION}）：请用更新版本的 okrpad 打开"
            ),
            LinkError::BadCharacter { position, found } => format!(
                "链接已损坏：第 {position} 个字符 {found:?} 不可能出现在 okrpad 链接中（可能被聊天软件改动了）：请重新复制完整的链接"
            ),
            LinkError::Damaged => "链接已损坏或不完整（可能在复制时被截断）：请重新复制完整的链接".to_owned(),
            LinkError::TooLarge => format!(
                "链接解压后超出任何 OKR 文档的规模（超过 {} MiB，或目标、关键结果和进度记录合计超过 {MAX_RECORDS} 条）：okrpad 不予打开",
                MAX_CONTENT_LEN >> 20
            ),
            LinkError::NotText => "链接的内容不是文本：它不是 okrpad 生成的".to_owned(),
            LinkError::Malformed { record, problem } => format!("链接内容第 {record} 条记录有误：{}", problem.zh()),
            LinkError::Invalid(error) => error.message().zh,
        };
        Text::new(zh, en)
    }
}

/// The link payload for `document`: `okr1.` and the compressed document, without
/// the `#`. Always under the size [`decode`] accepts for any document a person could
/// write; [`share_url`] makes the whole link.
///
/// ```
/// use okrpad_core::{formats::link, model::Document};
/// let document = Document { title: "Q3".into(), ..Document::default() };
/// let payload = link::encode(&document);
/// assert!(payload.starts_with("okr1."));
/// assert_eq!(link::decode(&payload), Ok(document));
/// ```
pub fn encode(document: &Document) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec(payload(document).as_bytes(), LEVEL);
    let mut link = String::from(PREFIX);
    BASE64.encode_string(compressed, &mut link);
    link
}

/// The whole share link: `base` (any fragment it has is dropped) with `#` and the
/// [`encode`]d document. With an empty base it is the fragment alone, `#okr1.…`.
///
/// ```
/// use okrpad_core::{formats::link, model::Document};
/// let url = link::share_url("https://okrpad.example/team/#old", &Document::default());
/// assert!(url.starts_with("https://okrpad.example/team/#okr1."));
/// ```
pub fn share_url(base: &str, document: &Document) -> String {
    let base = base.split('#').next().unwrap_or_default();
    format!("{base}#{}", encode(document))
}

/// Whether okrpad opens `link` (a share link just made) again: a document of more than
/// [`MAX_RECORDS`] records, or [`MAX_CONTENT_LEN`] bytes unpacked, makes a link that
/// [`decode`] refuses, which must not be handed out as if it worked.
pub fn reopens(link: &str) -> bool {
    decode(link).is_ok()
}

/// What to say instead of a link that does not [`reopen`](reopens).
pub fn too_large_to_share() -> Text {
    Text::new(
        format!(
            "这份文档太大，无法用链接分享：链接解压后会超过 okrpad 能打开的上限（{} MiB，或目标、关键结果和进度记录合计 {MAX_RECORDS} 条）。请改为分享 .okr.json 文件。",
            MAX_CONTENT_LEN >> 20
        ),
        format!(
            "This document is too large for a link: okrpad opens links of at most {} MiB unpacked and {MAX_RECORDS} objectives, key results and check-ins. Share the .okr.json file instead.",
            MAX_CONTENT_LEN >> 20
        ),
    )
}

/// Whether `link` is longer than chat apps reliably carry ([`CHAT_LIMIT`] characters).
pub fn too_long_for_chat(link: &str) -> bool {
    link.chars().count() > CHAT_LIMIT
}

/// The warning to show next to `link` when it is too long for chat apps, if it is.
pub fn long_link_warning(link: &str) -> Option<Text> {
    let length = link.chars().count();
    (length > CHAT_LIMIT).then(|| {
        Text::new(
            format!(
                "此链接长 {length} 个字符：许多聊天软件会截断超过 {CHAT_LIMIT} 个字符的链接。请改为分享 .okr.json 文件。"
            ),
            format!(
                "This link is {length} characters long: many chat apps cut links longer than {CHAT_LIMIT} characters. Share the .okr.json file instead."
            ),
        )
    })
}

/// Reads a share link: a whole URL with a `#` fragment, the fragment with or without
/// its `#`, or the bare `okr1.…` payload. White space inside the payload (a link
/// wrapped by a mail client) is ignored.
///
/// # Errors
///
/// Every [`LinkError`]: too long, empty, not an okrpad link, a newer encoding,
/// damaged on the way, a decompression bomb, or a document the model refuses.
///
/// ```
/// use okrpad_core::formats::link::{self, LinkError};
/// assert_eq!(link::decode("https://okrpad.example/"), Err(LinkError::Empty));
/// assert_eq!(link::decode("#pako:eNq"), Err(LinkError::NotOkrpad));
/// assert_eq!(link::decode("#okr9.AAAA"), Err(LinkError::NewerVersion { found: 9 }));
/// ```
pub fn decode(link: &str) -> Result<Document, LinkError> {
    if link.len() > MAX_LINK_LEN {
        return Err(LinkError::TooLong { length: link.len() });
    }
    let fragment = match link.split_once('#') {
        Some((_, fragment)) => fragment,
        // An address without a fragment carries nothing; anything else may be the payload alone.
        None if link.contains("://") => "",
        None => link,
    }
    .trim();
    if fragment.is_empty() {
        return Err(LinkError::Empty);
    }
    let body = strip_prefix(fragment)?;
    let offset = fragment.len() - body.len();
    let mut packed = String::with_capacity(body.len());
    for (index, c) in body.char_indices() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '=') {
            packed.push(c);
        } else if !c.is_ascii_whitespace() {
            let position = fragment[..offset + index].chars().count() + 1;
            return Err(LinkError::BadCharacter { position, found: c });
        }
    }
    let compressed = BASE64.decode(packed.as_bytes()).map_err(|_| LinkError::Damaged)?;
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_CONTENT_LEN).map_err(
            |error| match error.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
                _ => LinkError::Damaged,
            },
        )?;
    let text = String::from_utf8(bytes).map_err(|_| LinkError::NotText)?;
    let document = read_payload(&text)?;
    file::validate(&document).map_err(LinkError::Invalid)?;
    Ok(document)
}

/// The part after `okr1.`, or why the fragment is not a link this okrpad reads.
fn strip_prefix(fragment: &str) -> Result<&str, LinkError> {
    let rest = fragment.strip_prefix("okr").ok_or(LinkError::NotOkrpad)?;
    let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    let (version, rest) = rest.split_at(digits);
    let body = rest.strip_prefix('.').ok_or(LinkError::NotOkrpad)?;
    match version.parse::<u32>() {
        Ok(VERSION) => Ok(body),
        Ok(found) if found > VERSION => Err(LinkError::NewerVersion { found }),
        _ => Err(LinkError::NotOkrpad),
    }
}

// ---- writing the payload ----

/// One line of the payload: fields joined by tabs, empty trailing fields left out.
fn record(out: &mut String, fields: &[Cow<'_, str>]) {
    let used = fields.iter().rposition(|f| !f.is_empty()).map_or(0, |last| last + 1);
    for (i, field) in fields[..used].iter().enumerate() {
        if i > 0 {
            out.push('\t');
        }
        for c in field.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                c => out.push(c),
            }
        }
    }
}

fn extra_json(extra: &Extra) -> String {
    if extra.is_empty() {
        String::new()
    } else {
        // A map of JSON values with string keys always serializes.
        serde_json::to_string(extra).unwrap_or_default()
    }
}

fn level_code(level: Level) -> &'static str {
    match level {
        Level::Company => "c",
        Level::Department => "d",
        Level::Team => "t",
        Level::Individual => "i",
    }
}

fn status_code(status: Option<ManualStatus>) -> &'static str {
    match status {
        None => "",
        Some(ManualStatus::OnTrack) => "o",
        Some(ManualStatus::AtRisk) => "a",
        Some(ManualStatus::OffTrack) => "f",
    }
}

/// The uncompressed payload of `document` (see the module documentation).
fn payload(document: &Document) -> String {
    let mut out = String::new();
    let cadence = document.cadence_days.map(|days| days.to_string()).unwrap_or_default();
    record(&mut out, &[Cow::from(&document.title), extra_json(&document.extra).into(), cadence.into()]);
    for objective in &document.objectives {
        out.push('\n');
        objective_record(&mut out, objective);
        adjustment_records(&mut out, &objective.adjustments);
        comment_records(&mut out, &objective.comments);
        for key_result in &objective.key_results {
            out.push('\n');
            key_result_record(&mut out, key_result);
            adjustment_records(&mut out, &key_result.adjustments);
            comment_records(&mut out, &key_result.comments);
            for check_in in &key_result.check_ins {
                out.push('\n');
                check_in_record(&mut out, check_in);
            }
        }
    }
    out
}

fn objective_record(out: &mut String, objective: &Objective) {
    let date = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let id = |id: &Option<Id>| id.as_ref().map(|id| id.as_str().to_owned()).unwrap_or_default();
    record(
        out,
        &[
            "O".into(),
            objective.id.as_str().into(),
            Cow::from(&objective.title),
            Cow::from(&objective.owner),
            level_code(objective.level).into(),
            if objective.kind == Kind::Committed { "c" } else { "" }.into(),
            date(objective.period.map(|p| p.start)).into(),
            date(objective.period.map(|p| p.end)).into(),
            id(&objective.parent).into(),
            id(&objective.parent_kr).into(),
            Cow::from(&objective.notes),
            objective.weight.map(number).unwrap_or_default().into(),
            extra_json(&objective.extra).into(),
            // A retrospective of plain strings always serializes.
            objective.retro.as_ref().and_then(|r| serde_json::to_string(r).ok()).unwrap_or_default().into(),
        ],
    );
}

fn adjustment_records(out: &mut String, adjustments: &[Adjustment]) {
    for adjustment in adjustments {
        out.push('\n');
        record(
            out,
            &[
                "A".into(),
                adjustment.date.to_string().into(),
                Cow::from(&adjustment.field),
                Cow::from(&adjustment.from),
                Cow::from(&adjustment.to),
                Cow::from(&adjustment.reason),
            ],
        );
    }
}

fn comment_records(out: &mut String, comments: &[Comment]) {
    for comment in comments {
        out.push('\n');
        record(
            out,
            &[
                "M".into(),
                comment.id.as_str().into(),
                comment.date.to_string().into(),
                Cow::from(&comment.author),
                Cow::from(&comment.text),
            ],
        );
    }
}

fn key_result_record(out: &mut String, key_result: &KeyResult) {
    let optional = |x: Option<f64>| x.map(number).unwrap_or_default();
    let (mut warn_below, mut warn_above) = (String::new(), String::new());
    let (kind, start, target, unit) = match &key_result.metric {
        None => ("", String::new(), String::new(), ""),
        Some(
            metric @ (Metric::Number { start, target, unit }
            | Metric::Sum { start, target, unit }
            | Metric::Mean { start, target, unit }),
        ) => {
            let kind = match metric {
                Metric::Sum { .. } => "s",
                Metric::Mean { .. } => "a",
                _ => "n",
            };
            (kind, if *start == 0.0 { String::new() } else { number(*start) }, number(*target), unit.as_str())
        }
        Some(Metric::Milestone) => ("m", String::new(), String::new(), ""),
        Some(Metric::Children) => ("c", String::new(), String::new(), ""),
        // A health band's `min` and `max` take the places of `start` and `target`.
        Some(Metric::Health(band)) => {
            warn_below = optional(band.warn_below);
            warn_above = optional(band.warn_above);
            ("h", optional(band.min), optional(band.max), band.unit.as_str())
        }
    };
    let weight = if key_result.weight == 1.0 { String::new() } else { number(key_result.weight) };
    record(
        out,
        &[
            "K".into(),
            key_result.id.as_str().into(),
            Cow::from(&key_result.title),
            Cow::from(&key_result.owner),
            kind.into(),
            start.into(),
            target.into(),
            unit.into(),
            weight.into(),
            key_result.due.map(|d| d.to_string()).unwrap_or_default().into(),
            extra_json(&key_result.extra).into(),
            key_result.grade.map(number).unwrap_or_default().into(),
            key_result.contributes_to.as_ref().map(Id::as_str).unwrap_or_default().into(),
            warn_below.into(),
            warn_above.into(),
        ],
    );
}

fn check_in_record(out: &mut String, check_in: &CheckIn) {
    record(
        out,
        &[
            "C".into(),
            check_in.date.to_string().into(),
            number(check_in.value).into(),
            Cow::from(&check_in.note),
            Cow::from(&check_in.blockers),
            status_code(check_in.status).into(),
            extra_json(&check_in.extra).into(),
            check_in.confidence.map(|c| c.to_string()).unwrap_or_default().into(),
        ],
    );
}

// ---- reading the payload ----

/// The fields each object has in the model. The unknown-fields column may not use
/// them: the document would be written with the field twice. (A unit test checks
/// these lists against what the model writes.)
const DOCUMENT_FIELDS: [&str; 4] = ["okrpad", "title", "objectives", "cadence_days"];
const OBJECTIVE_FIELDS: [&str; 14] = [
    "id",
    "title",
    "owner",
    "level",
    "period",
    "parent",
    "parent_kr",
    "kind",
    "weight",
    "notes",
    "key_results",
    "retro",
    "adjustments",
    "comments",
];
const KEY_RESULT_FIELDS: [&str; 11] = [
    "id",
    "title",
    "owner",
    "weight",
    "due",
    "metric",
    "contributes_to",
    "check_ins",
    "grade",
    "adjustments",
    "comments",
];
const CHECK_IN_FIELDS: [&str; 6] = ["date", "value", "status", "note", "blockers", "confidence"];

const LEVELS: [(&str, Level); 4] =
    [("c", Level::Company), ("d", Level::Department), ("t", Level::Team), ("i", Level::Individual)];
const KINDS: [(&str, Kind); 1] = [("c", Kind::Committed)];
const STATUSES: [(&str, ManualStatus); 3] =
    [("o", ManualStatus::OnTrack), ("a", ManualStatus::AtRisk), ("f", ManualStatus::OffTrack)];

/// The fields of one line, unescaped.
fn fields(line: &str, record: usize) -> Result<Vec<String>, LinkError> {
    if !line.contains('\\') {
        return Ok(line.split('\t').map(str::to_owned).collect());
    }
    let (mut fields, mut field) = (Vec::new(), String::new());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\t' => fields.push(std::mem::take(&mut field)),
            '\\' => match chars.next() {
                Some('\\') => field.push('\\'),
                Some('n') => field.push('\n'),
                Some('t') => field.push('\t'),
                _ => return Err(LinkError::Malformed { record, problem: Malformed::BadEscape }),
            },
            c => field.push(c),
        }
    }
    fields.push(field);
    Ok(fields)
}

/// One record's fields by position; a missing field reads as empty.
struct Fields {
    values: Vec<String>,
    record: usize,
}

impl Fields {
    fn new(values: Vec<String>, record: usize, most: usize) -> Result<Fields, LinkError> {
        if values.len() > most {
            return Err(LinkError::Malformed { record, problem: Malformed::TooManyFields });
        }
        Ok(Fields { values, record })
    }

    fn error(&self, problem: Malformed) -> LinkError {
        LinkError::Malformed { record: self.record, problem }
    }

    fn get(&self, index: usize) -> &str {
        self.values.get(index).map_or("", String::as_str)
    }

    /// The text of a field, moved out (each field is read once).
    fn take(&mut self, index: usize) -> String {
        self.values.get_mut(index).map(std::mem::take).unwrap_or_default()
    }

    fn id(&mut self, index: usize) -> Option<Id> {
        let text = self.take(index);
        (!text.is_empty()).then_some(Id(text))
    }

    fn code<T: Copy>(&self, index: usize, field: &'static str, codes: &[(&str, T)]) -> Result<Option<T>, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(None);
        }
        match codes.iter().find(|(code, _)| *code == text) {
            Some((_, value)) => Ok(Some(*value)),
            None => Err(self.error(Malformed::BadValue { field, found: text.to_owned() })),
        }
    }

    fn number(&self, index: usize, field: &'static str) -> Result<Option<f64>, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(None);
        }
        let found = || text.to_owned();
        match read_number(text) {
            Ok(value) => Ok(Some(value)),
            Err(NumberRefusal::NotANumber) => Err(self.error(Malformed::BadValue { field, found: found() })),
            Err(NumberRefusal::TooLarge) => Err(self.error(Malformed::TooLarge { field, found: found() })),
        }
    }

    /// A whole number from `min` to `max`, or nothing.
    fn whole<T: TryFrom<u64>>(
        &self,
        index: usize,
        field: &'static str,
        min: u64,
        max: u64,
    ) -> Result<Option<T>, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(None);
        }
        let bad = || self.error(Malformed::BadValue { field, found: text.to_owned() });
        let value: u64 =
            if text.bytes().all(|b| b.is_ascii_digit()) { text.parse().map_err(|_| bad())? } else { return Err(bad()) };
        if !(min..=max).contains(&value) {
            return Err(bad());
        }
        T::try_from(value).map(Some).map_err(|_| bad())
    }

    fn date(&self, index: usize, field: &'static str) -> Result<Option<Date>, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse().map(Some).map_err(|_| self.error(Malformed::BadValue { field, found: text.to_owned() }))
    }

    fn required<T>(&self, value: Option<T>, field: &'static str) -> Result<T, LinkError> {
        value.ok_or_else(|| self.error(Malformed::Missing(field)))
    }

    /// The retrospective: empty for none, else its JSON object.
    fn retro(&self, index: usize) -> Result<Option<Retro>, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(None);
        }
        serde_json::from_str(text)
            .map(Some)
            .map_err(|_| self.error(Malformed::BadValue { field: "retro", found: text.to_owned() }))
    }

    /// The unknown fields: a JSON object that names none of the model's fields.
    fn extra(&self, index: usize, known: &[&str]) -> Result<Extra, LinkError> {
        let text = self.get(index);
        if text.is_empty() {
            return Ok(Extra::new());
        }
        let extra: Extra =
            serde_json::from_str(text).map_err(|error| self.error(Malformed::BadExtra(error.to_string())))?;
        match extra.keys().find(|key| known.contains(&key.as_str())) {
            Some(key) => Err(self.error(Malformed::KnownField(key.clone()))),
            None => Ok(extra),
        }
    }
}

/// The document in a payload. Built directly, without an intermediate JSON tree: a
/// payload of the maximum size reads in a fraction of a second.
fn read_payload(text: &str) -> Result<Document, LinkError> {
    let mut lines = text.split('\n');
    let mut head = Fields::new(fields(lines.next().unwrap_or_default(), 1)?, 1, 3)?;
    let extra = head.extra(1, &DOCUMENT_FIELDS)?;
    let cadence_days = head.whole(2, "cadence_days", 1, u64::from(MAX_CADENCE_DAYS))?;
    let mut document = Document { title: head.take(0), objectives: Vec::new(), cadence_days, extra };
    // Whether the last objective or key result record was a key result's: an `A`
    // record belongs to it.
    let mut in_key_result = false;
    for (index, line) in lines.enumerate() {
        let record = index + 2;
        if line.is_empty() {
            continue;
        }
        if record > MAX_RECORDS + 1 {
            return Err(LinkError::TooLarge);
        }
        let values = fields(line, record)?;
        let orphan = || LinkError::Malformed { record, problem: Malformed::Orphan };
        match values.first().map(String::as_str) {
            Some("O") => {
                let objective = read_objective(Fields::new(values, record, 14)?)?;
                document.objectives.push(objective);
                in_key_result = false;
            }
            Some("K") => {
                let key_result = read_key_result(Fields::new(values, record, 15)?)?;
                document.objectives.last_mut().ok_or_else(orphan)?.key_results.push(key_result);
                in_key_result = true;
            }
            Some("A") => {
                let adjustment = read_adjustment(Fields::new(values, record, 6)?)?;
                let objective = document.objectives.last_mut().ok_or_else(orphan)?;
                let list = match objective.key_results.last_mut() {
                    Some(key_result) if in_key_result => &mut key_result.adjustments,
                    _ => &mut objective.adjustments,
                };
                list.push(adjustment);
            }
            Some("M") => {
                let comment = read_comment(Fields::new(values, record, 5)?)?;
                let objective = document.objectives.last_mut().ok_or_else(orphan)?;
                let list = match objective.key_results.last_mut() {
                    Some(key_result) if in_key_result => &mut key_result.comments,
                    _ => &mut objective.comments,
                };
                list.push(comment);
            }
            Some("C") => {
                let check_in = read_check_in(Fields::new(values, record, 8)?)?;
                let key_result = document.objectives.last_mut().and_then(|o| o.key_results.last_mut());
                key_result.ok_or_else(orphan)?.check_ins.push(check_in);
            }
            _ => {
                let tag = values.into_iter().next().unwrap_or_default();
                return Err(LinkError::Malformed { record, problem: Malformed::UnknownRecord(tag) });
            }
        }
    }
    Ok(document)
}

/// `O  id  title  owner  level  kind  start  end  parent  parent_kr  notes  weight  extra  retro`
fn read_objective(mut f: Fields) -> Result<Objective, LinkError> {
    let level = f.required(f.code(4, "level", &LEVELS)?, "level")?;
    let period = match (f.date(6, "period.start")?, f.date(7, "period.end")?) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        (None, None) => None,
        (Some(_), None) => return Err(f.error(Malformed::Missing("period.end"))),
        (None, Some(_)) => return Err(f.error(Malformed::Missing("period.start"))),
    };
    Ok(Objective {
        kind: f.code(5, "kind", &KINDS)?.unwrap_or_default(),
        weight: f.number(11, "weight")?,
        extra: f.extra(12, &OBJECTIVE_FIELDS)?,
        id: Id(f.take(1)),
        title: f.take(2),
        owner: f.take(3),
        level,
        period,
        parent: f.id(8),
        parent_kr: f.id(9),
        notes: f.take(10),
        key_results: Vec::new(),
        retro: f.retro(13)?,
        adjustments: Vec::new(),
        comments: Vec::new(),
    })
}

/// `K  id  title  owner  metric  start  target  unit  weight  due  extra  grade
/// contributes_to  warn_below  warn_above` (the last three added after the first
/// links were shared: a link without them reads as before).
fn read_key_result(mut f: Fields) -> Result<KeyResult, LinkError> {
    let (start, target) = (f.number(5, "metric.start")?, f.number(6, "metric.target")?);
    let unit = f.take(7);
    let stray =
        [("metric.start", start.is_some()), ("metric.target", target.is_some()), ("metric.unit", !unit.is_empty())];
    let stray = stray.iter().find(|(_, set)| *set).map(|(field, _)| *field);
    let metric = match (f.get(4), stray) {
        ("", None) => None,
        ("", Some(_)) => return Err(f.error(Malformed::Missing("metric.kind"))),
        ("n", _) => {
            Some(Metric::Number { start: start.unwrap_or(0.0), target: f.required(target, "metric.target")?, unit })
        }
        ("s", _) => {
            Some(Metric::Sum { start: start.unwrap_or(0.0), target: f.required(target, "metric.target")?, unit })
        }
        ("a", _) => {
            Some(Metric::Mean { start: start.unwrap_or(0.0), target: f.required(target, "metric.target")?, unit })
        }
        ("h", _) => {
            let band = Health {
                min: start,
                max: target,
                warn_below: f.number(13, "metric.warn_below")?,
                warn_above: f.number(14, "metric.warn_above")?,
                unit,
            };
            if let Some(problem) = band.problem() {
                return Err(f.error(Malformed::BadBand(problem)));
            }
            Some(Metric::Health(band))
        }
        ("m" | "c", Some(field)) => return Err(f.error(Malformed::OnlyForNumbers(field))),
        ("m", None) => Some(Metric::Milestone),
        ("c", None) => Some(Metric::Children),
        (other, _) => return Err(f.error(Malformed::BadValue { field: "metric.kind", found: other.to_owned() })),
    };
    Ok(KeyResult {
        weight: f.number(8, "weight")?.unwrap_or(1.0),
        due: f.date(9, "due")?,
        extra: f.extra(10, &KEY_RESULT_FIELDS)?,
        id: Id(f.take(1)),
        title: f.take(2),
        owner: f.take(3),
        metric,
        contributes_to: f.id(12),
        check_ins: Vec::new(),
        grade: f.number(11, "grade")?,
        adjustments: Vec::new(),
        comments: Vec::new(),
    })
}

/// `A  date  field  from  to  reason`
fn read_adjustment(mut f: Fields) -> Result<Adjustment, LinkError> {
    let date = f.required(f.date(1, "adjustments.date")?, "adjustments.date")?;
    let field = f.take(2);
    if field.is_empty() {
        return Err(f.error(Malformed::Missing("adjustments.field")));
    }
    Ok(Adjustment { date, field, from: f.take(3), to: f.take(4), reason: f.take(5) })
}

/// `M  id  date  author  text`
fn read_comment(mut f: Fields) -> Result<Comment, LinkError> {
    let date = f.required(f.date(2, "comments.date")?, "comments.date")?;
    let id = f.id(1);
    let id = f.required(id, "comments.id")?;
    Ok(Comment { id, date, author: f.take(3), text: f.take(4) })
}

/// `C  date  value  note  blockers  status  extra  confidence`
fn read_check_in(mut f: Fields) -> Result<CheckIn, LinkError> {
    Ok(CheckIn {
        confidence: f.whole(7, "confidence", 0, u64::from(MAX_CONFIDENCE))?,
        date: f.required(f.date(1, "date")?, "date")?,
        value: f.required(f.number(2, "value")?, "value")?,
        status: f.code(5, "status", &STATUSES)?,
        extra: f.extra(6, &CHECK_IN_FIELDS)?,
        note: f.take(3),
        blockers: f.take(4),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::content::sample::sample;
    use crate::i18n::Lang;

    fn pack(payload: &str) -> String {
        let mut link = String::from(PREFIX);
        BASE64.encode_string(miniz_oxide::deflate::compress_to_vec(payload.as_bytes(), 6), &mut link);
        link
    }

    #[test]
    fn a_document_too_large_to_reopen_is_not_offered_as_a_link() {
        let sample = sample(Lang::En, Date::new(2026, 11, 15).expect("a day"));
        assert!(reopens(&share_url("https://okrpad.example/", &sample)));
        // One record more than a link may hold: check-ins of one key result.
        let mut large = sample;
        let check_ins = &mut large.objectives[0].key_results[0].check_ins;
        let first = check_ins[0].clone();
        check_ins.resize(MAX_RECORDS + 1, first);
        assert!(!reopens(&share_url("https://okrpad.example/", &large)));
        assert!(too_large_to_share().zh.contains(".okr.json"));
    }

    #[test]
    fn samples_round_trip_in_every_accepted_form() {
        let today = Date::new(2026, 2, 15).unwrap();
        for lang in Lang::ALL {
            let document = sample(lang, today);
            let payload = encode(&document);
            assert_eq!(decode(&payload), Ok(document.clone()));
            assert_eq!(decode(&format!("#{payload}")), Ok(document.clone()));
            let url = share_url("https://okrpad.example/q1/?src=x#stale", &document);
            assert!(url.starts_with("https://okrpad.example/q1/?src=x#okr1."), "{url}");
            assert_eq!(decode(&url), Ok(document.clone()));
            // A mail client wrapped it.
            let wrapped: String = payload
                .chars()
                .enumerate()
                .flat_map(|(i, c)| [c].into_iter().chain((i % 70 == 69).then_some('\n')))
                .collect();
            assert_eq!(decode(&format!("  {wrapped}\n")), Ok(document));
        }
    }

    #[test]
    fn the_payload_is_one_line_per_record() {
        let mut objective = Objective::new("o", "Grow\tfast\nnow \\ ok", Level::Team);
        objective.key_results.push(KeyResult::new("k", "x"));
        objective.key_results[0].check_ins.push(CheckIn::new(Date::new(2026, 1, 5).unwrap(), 0.5));
        let document = Document { title: "Q1".into(), objectives: vec![objective], ..Document::default() };
        assert_eq!(payload(&document), "Q1\nO\to\tGrow\\tfast\\nnow \\\\ ok\t\tt\nK\tk\tx\nC\t2026-01-05\t0.5");
    }

    #[test]
    fn numbers_are_short_and_exact() {
        for value in [0.0, 3000.0, -12.0, 0.1, 1e300, -2.5e-8, 9_007_199_254_740_993.0, f64::MAX, f64::MIN_POSITIVE] {
            assert_eq!(number(value).parse::<f64>().unwrap(), value, "{}", number(value));
        }
        assert_eq!(number(3000.0), "3000");
        assert_eq!(number(0.1), "0.1");
    }

    #[test]
    fn prefixes_say_what_the_link_is() {
        assert_eq!(decode(""), Err(LinkError::Empty));
        assert_eq!(decode("https://okrpad.example/#"), Err(LinkError::Empty));
        assert_eq!(decode("#pako:eNqrVg"), Err(LinkError::NotOkrpad));
        assert_eq!(decode("okr0.AAAA"), Err(LinkError::NotOkrpad));
        assert_eq!(decode("okr1AAAA"), Err(LinkError::NotOkrpad));
        assert_eq!(decode("okr2.AAAA"), Err(LinkError::NewerVersion { found: 2 }));
        assert_eq!(decode("okr12.whatever it holds"), Err(LinkError::NewerVersion { found: 12 }));
        let newer = LinkError::NewerVersion { found: 2 }.message();
        assert!(newer.en.contains("newer okrpad") && newer.zh.contains("更新版本"), "{newer:?}");
    }

    #[test]
    fn damage_is_reported_where_it_is() {
        let link = encode(&sample(Lang::En, Date::new(2026, 2, 15).unwrap()));
        // Chat apps append punctuation or an ellipsis.
        let error = decode(&format!("{link}…")).unwrap_err();
        assert_eq!(error, LinkError::BadCharacter { position: link.chars().count() + 1, found: '…' });
        assert!(error.message().zh.contains("聊天软件"), "{}", error.message().zh);
        assert_eq!(decode(&link[..link.len() / 2]), Err(LinkError::Damaged));
        assert_eq!(decode("okr1.A"), Err(LinkError::Damaged));
        assert_eq!(decode("okr1."), Err(LinkError::Damaged));
    }

    #[test]
    fn bombs_and_huge_links_are_refused_before_the_work() {
        let bomb = vec![0u8; MAX_CONTENT_LEN + 1];
        let mut link = String::from(PREFIX);
        BASE64.encode_string(miniz_oxide::deflate::compress_to_vec(&bomb, 10), &mut link);
        assert!(link.len() < 20_000, "{}", link.len());
        assert_eq!(decode(&link), Err(LinkError::TooLarge));
        let huge = format!("okr1.{}", "A".repeat(MAX_LINK_LEN));
        assert_eq!(decode(&huge), Err(LinkError::TooLong { length: huge.len() }));
    }

    #[test]
    fn malformed_payloads_name_the_record_and_the_field() {
        let bad = |field, found: &str| Malformed::BadValue { field, found: found.to_owned() };
        let cases = [
            ("t\nX\ta", 2, Malformed::UnknownRecord("X".into())),
            ("t\nK\tk", 2, Malformed::Orphan),
            ("t\nO\to\t\t\tt\nC\t2026-01-01\t1", 3, Malformed::Orphan),
            ("t\tbad\\q", 1, Malformed::BadEscape),
            ("t\nO\to\tx\t\tt\t\t\t\t\t\t\t\t{}\t{}\tmore", 2, Malformed::TooManyFields),
            ("t\nO\to\tx\t\tt\t\t\t\t\t\t\t\t\tworked", 2, bad("retro", "worked")),
            ("t\nA\t2026-01-01\ttitle", 2, Malformed::Orphan),
            ("t\nO\to\tx\t\tt\nA\t2026-01-01", 3, Malformed::Missing("adjustments.field")),
            ("t\nO\to\tx\t\tt\nK\tk\tx\t\tn\t\tinf", 3, bad("metric.target", "inf")),
            ("t\nO\to\tx\t\tq", 2, bad("level", "q")),
            ("t\nO\to\tx", 2, Malformed::Missing("level")),
            ("t\nO\to\tx\t\tt\t\t2026-02-30\t2026-03-31", 2, bad("period.start", "2026-02-30")),
            ("t\nO\to\tx\t\tt\t\t2026-01-01", 2, Malformed::Missing("period.end")),
            ("t\nO\to\tx\t\tt\nK\tk\t\t\tm\t1", 3, Malformed::OnlyForNumbers("metric.start")),
            ("t\nO\to\tx\t\tt\nK\tk\t\t\tn", 3, Malformed::Missing("metric.target")),
            ("t\nO\to\tx\t\tt\nK\tk\t\t\t\t\t5", 3, Malformed::Missing("metric.kind")),
            ("t\nO\to\tx\t\tt\nK\tk\nC\t\t1", 4, Malformed::Missing("date")),
            ("t\nO\to\tx\t\tt\nK\tk\nC\t2026-01-01\t1\t\t\tz", 4, bad("status", "z")),
            ("t\nO\to\tx\t\tt\t\t\t\t\t\t\t\t{\"id\":1}", 2, Malformed::KnownField("id".into())),
            ("t\t{\"okrpad\":2}", 1, Malformed::KnownField("okrpad".into())),
        ];
        for (payload, record, problem) in cases {
            assert_eq!(decode(&pack(payload)), Err(LinkError::Malformed { record, problem }), "{payload:?}");
        }
        let Err(LinkError::Malformed { problem: Malformed::BadExtra(_), .. }) = decode(&pack("t\t[1]")) else {
            panic!("an array is not an object")
        };
        let error = decode(&pack("t\nO\to\tx\t\tq")).unwrap_err().message();
        assert_eq!(error.en, "the link's content is malformed at record 2: level: \"q\" is not a valid value");
        assert_eq!(error.zh, "链接内容第 2 条记录有误：level：\"q\" 不是有效的取值");
        // A health band okrpad would never write (only a hand-made link holds one) is
        // explained in each language, not with the English reason inside the Chinese.
        let band = decode(&pack("t\nO\to\tx\t\tt\nK\tk\tx\t\th\t9\t1")).unwrap_err();
        let problem = "a health metric's `min` must not be above its `max`";
        assert_eq!(band, LinkError::Malformed { record: 3, problem: Malformed::BadBand(problem) });
        assert_eq!(band.message().en, format!("the link's content is malformed at record 3: metric: {problem}"));
        assert_eq!(band.message().zh, "链接内容第 3 条记录有误：metric：健康指标的 `min` 不能大于 `max`");
    }

    #[test]
    fn the_model_checks_links_like_files() {
        let duplicate = decode(&pack("t\nO\ta\tx\t\tt\nK\ta\ty")).unwrap_err();
        assert!(matches!(duplicate, LinkError::Invalid(FormatError::DuplicateId { .. })), "{duplicate:?}");
        assert!(duplicate.message().zh.contains("已被"), "{}", duplicate.message().zh);
        let empty = decode(&pack("t\nO\t\tx\t\tt")).unwrap_err();
        assert!(matches!(empty, LinkError::Invalid(FormatError::EmptyId { .. })), "{empty:?}");
    }

    #[test]
    fn the_known_fields_are_those_the_model_writes() {
        let mut document = crate::content::sample::sample(Lang::En, Date::new(2026, 2, 15).unwrap());
        let objective = &mut document.objectives[1];
        objective.weight = Some(2.0);
        objective.notes = "n".into();
        objective.parent_kr = Some(Id::from("sc-1"));
        let kr = &mut objective.key_results[0];
        kr.due = Some(Date::new(2026, 3, 1).unwrap());
        kr.check_ins[0].status = Some(ManualStatus::AtRisk);
        kr.check_ins[0].note = "n".into();
        kr.check_ins[0].blockers = "b".into();
        kr.grade = Some(0.5);
        kr.contributes_to = Some(Id::from("sc-1"));
        let adjustment = crate::model::Adjustment {
            date: Date::new(2026, 2, 1).unwrap(),
            field: "target".into(),
            from: "1".into(),
            to: "2".into(),
            reason: "r".into(),
        };
        kr.adjustments.push(adjustment.clone());
        objective.adjustments.push(adjustment);
        objective.retro = Some(Retro { worked: "w".into(), ..Retro::default() });
        let comment =
            Comment { id: Id::from("m1"), date: Date::new(2026, 2, 2).unwrap(), author: "a".into(), text: "t".into() };
        objective.comments.push(comment.clone());
        let kr = &mut objective.key_results[0];
        kr.check_ins[0].confidence = Some(5);
        kr.comments.push(Comment { id: Id::from("m2"), ..comment });
        document.cadence_days = Some(14);
        let json: serde_json::Value = serde_json::from_str(&file::to_json(&document)).unwrap();
        let keys = |value: &serde_json::Value| {
            let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
            keys.sort();
            keys
        };
        let sorted = |fields: &[&str]| {
            let mut fields: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
            fields.sort();
            fields
        };
        assert_eq!(keys(&json), sorted(&DOCUMENT_FIELDS));
        let objective = &json["objectives"][1];
        assert_eq!(keys(objective), sorted(&OBJECTIVE_FIELDS));
        assert_eq!(keys(&objective["key_results"][0]), sorted(&KEY_RESULT_FIELDS));
        assert_eq!(keys(&objective["key_results"][0]["check_ins"][0]), sorted(&CHECK_IN_FIELDS));
    }

    #[test]
    fn long_links_get_a_warning_in_both_languages() {
        assert_eq!(long_link_warning(&"a".repeat(CHAT_LIMIT)), None);
        let warning = long_link_warning(&"a".repeat(CHAT_LIMIT + 1)).unwrap();
        assert!(warning.en.contains("2001 characters") && warning.en.contains(".okr.json"), "{}", warning.en);
        assert!(warning.zh.contains("2001 个字符"), "{}", warning.zh);
        assert!(too_long_for_chat(&"a".repeat(CHAT_LIMIT + 1)) && !too_long_for_chat("#okr1.x"));
    }
}
