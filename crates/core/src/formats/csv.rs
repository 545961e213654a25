//! A document as CSV for spreadsheets, one row per key result, and back.
//!
//! The columns ([`COLUMNS`], documented in `docs/sync.md`) have stable English ids in
//! the header row, whatever the language; the cells for levels, kinds, metrics and
//! statuses are written as labels in the chosen language (`公司`, `Company`) and read
//! back in either language or as ids (`company`). An objective without key results
//! still gets a row, with the key result columns empty.
//!
//! CSV is a summary, not the document: it carries each key result's current value
//! (its latest check-in) and latest confidence, but not the history of check-ins,
//! nor notes of objectives, hand-set statuses, comments or unknown fields. The
//! `.okr.json` file carries everything.
//!
//! Written as RFC 4180 (CRLF line ends, fields quoted when they hold a comma, a quote
//! or a line break), starting with a UTF-8 byte-order mark: Excel needs it to read
//! Chinese correctly, and Google Sheets, LibreOffice and Numbers ignore it. A text cell
//! that starts, after any spaces, with one of [`FORMULA_STARTS`] (OWASP's list for CSV
//! injection: `=`, `+`, `-`, `@`, tab, carriage return, line feed, and the full-width
//! `＝`, `＋`, `－`, `＠` that Excel also reads as formulas), or with `'`, gets a
//! leading `'`, so that a spreadsheet shows it as text instead of running it as a
//! formula (a document can come from a stranger's link); the reader removes it.
//! Number cells are written as numbers (`-5` stays a negative number). The reader is hand-written (quotes, commas
//! and line breaks in fields, CRLF, LF or CR, with or without the byte-order mark) and
//! refuses what it cannot read with the row and column.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::calendar::{Date, Period};
use crate::formats::file::{self, FormatError, IdProblem};
use crate::i18n::labels::{Label, plain_number, round4};
use crate::i18n::{Lang, Text};
use crate::model::{
    CheckIn, Document, Health, Id, KeyResult, Kind, Level, MAX_CONFIDENCE, Metric, NumberRefusal, Objective,
    band_problem_zh, limits, parse_number, read_number,
};
use crate::scoring::{Scores, Status, latest_check_in, score};

/// The header row: the column ids, in the order written. Readers find columns by
/// name, so a spreadsheet may reorder or drop them (only `objective_id` is required).
pub const COLUMNS: [&str; 31] = [
    "objective_id",
    "objective",
    "objective_owner",
    "level",
    "kind",
    "period_start",
    "period_end",
    "parent",
    "parent_kr",
    "objective_weight",
    "kr_id",
    "key_result",
    "kr_owner",
    "weight",
    "due",
    "metric",
    "start",
    "target",
    "unit",
    "current",
    "current_date",
    "progress",
    "status",
    "note",
    "blockers",
    "confidence",
    "contributes_to",
    "min",
    "max",
    "warn_below",
    "warn_above",
];

/// The byte-order mark the writer starts with.
pub const BOM: char = '\u{feff}';

/// How many leading columns of [`COLUMNS`] describe the objective (repeated on each of
/// its rows); the rest describe a key result.
const OBJECTIVE_COLUMN_COUNT: usize = 10;

/// The columns that describe the objective.
const OBJECTIVE_COLUMNS: &[&str] = COLUMNS.split_at(OBJECTIVE_COLUMN_COUNT).0;

/// Computed on export; on import, `progress` is ignored and `status` is kept only where
/// it was set by hand (see `keep_statuses_set_by_hand`). Neither makes a row a key
/// result's.
const COMPUTED_COLUMNS: [&str; 2] = ["progress", "status"];

/// The columns of a key result; any of them set makes the row a key result.
fn key_result_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS[OBJECTIVE_COLUMN_COUNT..].iter().copied().filter(|c| !COMPUTED_COLUMNS.contains(c))
}

fn metric_label(metric: &Metric) -> Text {
    match metric {
        Metric::Number { .. } => Text::new("数值", "Number"),
        Metric::Milestone => Text::new("里程碑", "Milestone"),
        Metric::Children => Text::new("下级汇总", "Roll-up"),
        Metric::Sum { .. } => Text::new("求和", "Sum"),
        Metric::Mean { .. } => Text::new("平均", "Mean"),
        Metric::Health(_) => Text::new("健康指标", "Health"),
    }
}

/// What makes a spreadsheet read a cell as a formula when it comes first, after any
/// spaces: OWASP's CSV injection list, with the full-width forms.
pub const FORMULA_STARTS: [char; 11] =
    ['=', '+', '-', '@', '\t', '\r', '\n', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}'];

fn metric_id(metric: &Metric) -> &'static str {
    metric.kind_str()
}

/// A text cell, guarded against spreadsheet formulas: a leading `'` when the text
/// would start a formula, or starts with `'` itself (so the reader's removal of one
/// `'` gives back exactly the text).
fn text_cell(text: &str) -> String {
    let after_spaces = text.trim_start_matches([' ', '\u{a0}', '\u{3000}']);
    if after_spaces.starts_with(FORMULA_STARTS) || text.starts_with('\'') {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn quote(cell: &str, out: &mut String) {
    if cell.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn write_row(cells: &[String], out: &mut String) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        quote(cell, out);
    }
    out.push_str("\r\n");
}

/// `document` as CSV, with the current values, progress and statuses of `scores`
/// (computed for `document`), labels in `lang`.
///
/// ```
/// use okrpad_core::{formats::csv, calendar::Date, i18n::Lang, content::sample::sample, scoring::score};
/// let today = Date::new(2026, 2, 15).unwrap();
/// let document = sample(Lang::En, today);
/// let text = csv::to_csv(&document, &score(&document, today), Lang::En);
/// assert!(text.starts_with("\u{feff}objective_id,objective,objective_owner,level,"));
/// assert_eq!(csv::from_csv(&text, today).unwrap().objectives.len(), document.objectives.len());
/// ```
pub fn to_csv(document: &Document, scores: &Scores, lang: Lang) -> String {
    let mut out = String::from(BOM);
    write_row(&COLUMNS.map(str::to_owned), &mut out);
    for (i, objective) in document.objectives.iter().enumerate() {
        let period = objective.period;
        let head = [
            text_cell(objective.id.as_str()),
            text_cell(&objective.title),
            text_cell(&objective.owner),
            objective.level.label().get(lang).to_owned(),
            objective.kind.label().get(lang).to_owned(),
            period.map(|p| p.start.to_string()).unwrap_or_default(),
            period.map(|p| p.end.to_string()).unwrap_or_default(),
            objective.parent.as_ref().map(|p| text_cell(p.as_str())).unwrap_or_default(),
            objective.parent_kr.as_ref().map(|p| text_cell(p.as_str())).unwrap_or_default(),
            objective.weight.map(plain_number).unwrap_or_default(),
        ];
        if objective.key_results.is_empty() {
            // One row all the same, with the objective's own progress and status.
            let score = scores.objective(i);
            let mut row: Vec<String> = head.to_vec();
            row.extend(std::iter::repeat_n(String::new(), 11));
            row.push(score.map(|s| plain_number(round4(s.progress))).unwrap_or_default());
            row.push(score.map(|s| s.status.label().get(lang).to_owned()).unwrap_or_default());
            row.extend([String::new(), String::new(), String::new()]);
            write_row(&row, &mut out);
            continue;
        }
        for (j, kr) in objective.key_results.iter().enumerate() {
            let mut row: Vec<String> = head.to_vec();
            // A health band's `min` and `max` have their own columns.
            let (start, target) = match kr.metric.as_ref().and_then(Metric::range) {
                Some((start, target, _)) => (plain_number(start), plain_number(target)),
                None => (String::new(), String::new()),
            };
            let unit = kr.metric.as_ref().and_then(Metric::unit).map(text_cell).unwrap_or_default();
            let latest = latest_check_in(&kr.check_ins, scores.as_of);
            let rolled_up = matches!(kr.metric, Some(Metric::Children));
            let computed = kr.metric.as_ref().is_some_and(Metric::is_computed);
            let current = latest.filter(|_| !rolled_up && !computed);
            let score = scores.key_result(i, j);
            // A sum or mean shows its computed value (read back, it is ignored).
            let current_value = if computed {
                score.and_then(|s| s.current).map(plain_number).unwrap_or_default()
            } else {
                current.map(|c| plain_number(c.value)).unwrap_or_default()
            };
            let band = match &kr.metric {
                Some(Metric::Health(band)) => [band.min, band.max, band.warn_below, band.warn_above],
                _ => [None; 4],
            };
            row.extend([
                text_cell(kr.id.as_str()),
                text_cell(&kr.title),
                text_cell(&kr.owner),
                plain_number(kr.weight),
                kr.due.map(|d| d.to_string()).unwrap_or_default(),
                kr.metric.as_ref().map(|m| metric_label(m).get(lang).to_owned()).unwrap_or_default(),
                start,
                target,
                unit,
                current_value,
                current.map(|c| c.date.to_string()).unwrap_or_default(),
                score.map(|s| plain_number(round4(s.progress))).unwrap_or_default(),
                score.map(|s| s.status.label().get(lang).to_owned()).unwrap_or_default(),
                current.map(|c| text_cell(&c.note)).unwrap_or_default(),
                current.map(|c| text_cell(&c.blockers)).unwrap_or_default(),
                // The latest confidence given, on the row's check-in: it reads back onto
                // that check-in, so the key result's confidence survives.
                current.and_then(|_| score.and_then(|s| s.confidence)).map(|c| c.to_string()).unwrap_or_default(),
                kr.contributes_to.as_ref().map(|id| text_cell(id.as_str())).unwrap_or_default(),
            ]);
            row.extend(band.map(|limit| limit.map(plain_number).unwrap_or_default()));
            write_row(&row, &mut out);
        }
    }
    out
}

// ---- reading ----

/// Why a text is not a CSV okrpad can import. Rows are numbered as a spreadsheet
/// shows them (the header is row 1); columns by their id and their letter. Each
/// message is written once, in both languages ([`CsvError::message`]); `Display` is
/// its English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// No header row.
    Empty,
    /// A quoted field that never ends.
    UnclosedQuote { row: usize },
    /// Text between a closing quote and the next comma.
    AfterQuote { row: usize, column: usize },
    /// A header cell that is not one of [`COLUMNS`].
    UnknownColumn { column: usize, name: String },
    /// The header is one row of columns separated by something other than commas
    /// (Excel writes semicolons in many locales).
    Separator { separator: char },
    /// The same column twice in the header.
    DuplicateColumn { column: usize, name: String },
    /// The header has no `objective_id`.
    NoObjectiveId,
    /// A row with more cells than the header.
    TooManyCells { row: usize, column: usize },
    /// A cell okrpad cannot read.
    Cell { row: usize, column: usize, name: &'static str, problem: CellProblem },
    /// An objective column that differs from the objective's first row.
    Inconsistent { row: usize, column: usize, name: &'static str, first_row: usize },
    /// An empty `objective_id` on the first data row: there is nothing to continue.
    NoObjectiveAbove { row: usize },
    /// Two objectives or key results with the same id.
    DuplicateId { id: String, first_row: usize, row: usize },
    /// The model's checks failed.
    Invalid(FormatError),
}

/// What is wrong with one cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CellProblem {
    /// The cell must not be empty.
    Missing,
    NotANumber(String),
    /// A number beyond [`crate::model::limits::MAX_NUMBER`].
    TooLarge(String),
    NotADate(String),
    /// Not one of the accepted values (ids or labels), listed.
    Unknown {
        found: String,
        expected: String,
    },
    /// `start`, `target` or `unit` on a key result whose metric is not a number.
    OnlyForNumbers,
    /// `min`, `max`, `warn_below` or `warn_above` on a key result that is not a health
    /// metric, or a band that cannot be used (the reason in both languages).
    Band(Text),
    /// One end of a period without the other.
    HalfPeriod,
    /// `note`, `blockers`, `current_date` or `confidence` without a `current` value.
    NeedsCurrent,
    /// A confidence that is not a whole number from 0 to 10.
    NotAConfidence(String),
}

impl CellProblem {
    /// The problem in both languages.
    pub fn message(&self) -> Text {
        match self {
            CellProblem::Missing => Text::new("此单元格不能为空", "this cell must not be empty"),
            CellProblem::NotANumber(found) => {
                Text::new(format!("{found:?} 不是数字"), format!("{found:?} is not a number"))
            }
            CellProblem::TooLarge(found) => limits::number_refused(found),
            CellProblem::NotADate(found) => Text::new(
                format!("{found:?} 不是 YYYY-MM-DD 格式的日期"),
                format!("{found:?} is not a date as YYYY-MM-DD"),
            ),
            CellProblem::Unknown { found, expected } => Text::new(
                format!("未知取值 {found:?}（应为 {expected} 之一）"),
                format!("unknown value {found:?} (expected one of {expected})"),
            ),
            CellProblem::OnlyForNumbers => Text::new(
                "只有数值型指标才有起始值、目标值和单位",
                "only a number metric has a start, a target and a unit",
            ),
            CellProblem::Band(reason) => reason.clone(),
            CellProblem::HalfPeriod => Text::new(
                "周期需要同时填写 period_start 和 period_end",
                "a period needs both period_start and period_end",
            ),
            CellProblem::NeedsCurrent => Text::new(
                "进度记录的日期、进展、障碍和信心需要填写当前值（current）",
                "a check-in's date, note, blockers or confidence need a current value",
            ),
            CellProblem::NotAConfidence(found) => Text::new(
                format!("{found:?} 不是信心值（0 到 10 的整数）"),
                format!("{found:?} is not a confidence, a whole number from 0 to 10"),
            ),
        }
    }
}

impl fmt::Display for CellProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

/// What a message quotes of the input: at most 40 characters, so that a pasted text
/// that is not CSV at all (read as one long header) does not fill the dialog.
fn excerpt(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

impl CsvError {
    /// The error in both languages, for the UI and `--lang`.
    pub fn message(&self) -> Text {
        match self {
            CsvError::Empty => Text::new(
                "CSV 是空的：需要一行表头，例如 objective_id,objective,level,…",
                "the CSV is empty: it needs a header row such as objective_id,objective,level,…",
            ),
            CsvError::UnclosedQuote { row } => Text::new(
                format!("第 {row} 行：带引号的字段没有结束（缺少一个 \"）"),
                format!("row {row}: a quoted field is never closed (a \" is missing)"),
            ),
            CsvError::AfterQuote { row, column } => Text::new(
                format!("第 {row} 行第 {} 列：字段的右引号之后还有文字", letter(*column)),
                format!("row {row}, column {}: text after the closing quote of a field", letter(*column)),
            ),
            CsvError::UnknownColumn { column, name } => Text::new(
                format!("第 {} 列：表头中有未知的列 {name:?}（应为：{}）", letter(*column), COLUMNS.join(", ")),
                format!(
                    "column {}: unknown column {name:?} in the header (expected: {})",
                    letter(*column),
                    COLUMNS.join(", ")
                ),
            ),
            CsvError::Separator { separator } => Text::new(
                format!(
                    "各列以{}（{}）分隔，而 okrpad 读取以逗号分隔的 CSV：请另存为逗号分隔的 CSV（Excel 中为“CSV UTF-8（逗号分隔）”）",
                    separator_name(*separator).zh,
                    separator_shown(*separator)
                ),
                format!(
                    "the columns are separated by {} ({}), but okrpad reads CSV separated by commas: save it as comma-separated CSV (in Excel: \"CSV UTF-8 (Comma delimited)\")",
                    separator_name(*separator).en,
                    separator_shown(*separator)
                ),
            ),
            CsvError::DuplicateColumn { column, name } => Text::new(
                format!("第 {} 列：表头中列 {name:?} 出现了两次", letter(*column)),
                format!("column {}: the column {name:?} appears twice in the header", letter(*column)),
            ),
            CsvError::NoObjectiveId => Text::new(
                "表头中没有 objective_id 列：每一行都需要所属目标的 id",
                "the header has no objective_id column: each row needs its objective's id",
            ),
            CsvError::TooManyCells { row, column } => Text::new(
                format!("第 {row} 行第 {} 列：单元格比表头的列多", letter(*column)),
                format!("row {row}, column {}: more cells than the header has columns", letter(*column)),
            ),
            CsvError::Cell { row, column, name, problem } => {
                let problem = problem.message();
                Text::new(
                    format!("第 {row} 行 {name} 列（{}）：{}", letter(*column), problem.zh),
                    format!("row {row}, column {name} ({}): {}", letter(*column), problem.en),
                )
            }
            CsvError::Inconsistent { row, column, name, first_row } => Text::new(
                format!(
                    "第 {row} 行 {name} 列（{}）：与同一目标的第一行（第 {first_row} 行）不同：目标的各列在它的每一行上必须相同（或留空）",
                    letter(*column)
                ),
                format!(
                    "row {row}, column {name} ({}): differs from row {first_row}, the first row of the same objective: an objective's columns must be the same on each of its rows (or empty)",
                    letter(*column)
                ),
            ),
            CsvError::NoObjectiveAbove { row } => Text::new(
                format!("第 {row} 行：objective_id 为空，而上方没有可以延续的目标"),
                format!("row {row}: objective_id is empty, and there is no objective above to continue"),
            ),
            CsvError::DuplicateId { id, first_row, row } => Text::new(
                format!("第 {row} 行：id {id:?} 已在第 {first_row} 行使用"),
                format!("row {row}: the id {id:?} is already used on row {first_row}"),
            ),
            CsvError::Invalid(error) => error.message(),
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for CsvError {}
/// Separators other than the comma that a header row may use, with their names.
const SEPARATORS: [char; 3] = [';', '\t', '|'];

fn separator_name(separator: char) -> Text {
    match separator {
        ';' => Text::new("分号", "semicolons"),
        '\t' => Text::new("制表符", "tabs"),
        '|' => Text::new("竖线", "vertical bars"),
        _ => Text::new("其他字符", "another character"),
    }
}

fn separator_shown(separator: char) -> String {
    if separator == '\t' { "\\t".to_owned() } else { separator.to_string() }
}

/// The separator a header cell that is not a column name uses, if it is several
/// column names joined by one of [`SEPARATORS`].
fn other_separator(cell: &str) -> Option<char> {
    SEPARATORS.into_iter().find(|&separator| {
        cell.contains(separator)
            && cell.split(separator).any(|part| COLUMNS.iter().any(|c| c.eq_ignore_ascii_case(part.trim())))
    })
}

/// A column's letter as spreadsheets show it: 0 → A, 25 → Z, 26 → AA.
fn letter(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The records of a CSV text, each with its row number (1-based, as spreadsheets
/// count: a line break inside a quoted field does not start a row).
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, CsvError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let mut number = 1;
    // Whether the current field was quoted, and whether anything is in the row yet.
    let mut quoted = false;
    let mut started = false;
    while let Some(c) = chars.next() {
        match c {
            '"' if field.is_empty() && !quoted => {
                quoted = true;
                started = true;
                loop {
                    match chars.next() {
                        None => return Err(CsvError::UnclosedQuote { row: number }),
                        Some('"') if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        Some('"') => break,
                        Some(c) => field.push(c),
                    }
                }
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                quoted = false;
                started = true;
            }
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                if started || !field.is_empty() {
                    row.push(std::mem::take(&mut field));
                    rows.push((number, std::mem::take(&mut row)));
                }
                quoted = false;
                started = false;
                number += 1;
            }
            _ if quoted => return Err(CsvError::AfterQuote { row: number, column: row.len() }),
            c => {
                // A quote inside an unquoted field is kept as it is, as spreadsheets do.
                field.push(c);
                started = true;
            }
        }
    }
    if started || !field.is_empty() {
        row.push(field);
        rows.push((number, row));
    }
    Ok(rows)
}

/// One data row, with access to its cells by column id.
struct Row<'a> {
    number: usize,
    cells: &'a [String],
    columns: &'a HashMap<&'static str, usize>,
}

impl Row<'_> {
    /// The raw cell of `name`, empty when the column is absent.
    fn raw(&self, name: &str) -> &str {
        self.columns.get(name).and_then(|&i| self.cells.get(i)).map_or("", String::as_str)
    }

    fn error(&self, name: &'static str, problem: CellProblem) -> CsvError {
        CsvError::Cell { row: self.number, column: self.columns.get(name).copied().unwrap_or(0), name, problem }
    }

    /// A text cell, with the formula guard removed.
    fn text(&self, name: &str) -> String {
        let raw = self.raw(name);
        raw.strip_prefix('\'').unwrap_or(raw).to_owned()
    }

    fn id(&self, name: &str) -> Option<Id> {
        let text = self.text(name);
        (!text.is_empty()).then_some(Id(text))
    }

    fn number(&self, name: &'static str) -> Result<Option<f64>, CsvError> {
        let raw = self.raw(name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        match read_number(raw) {
            Ok(value) => Ok(Some(value)),
            Err(NumberRefusal::NotANumber) => Err(self.error(name, CellProblem::NotANumber(excerpt(raw)))),
            Err(NumberRefusal::TooLarge) => Err(self.error(name, CellProblem::TooLarge(excerpt(raw)))),
        }
    }

    /// The `confidence` cell: a whole number from 0 to 10 (`7`, or `7.0` as a
    /// spreadsheet may write it), or empty.
    fn confidence(&self) -> Result<Option<u8>, CsvError> {
        let raw = self.raw("confidence").trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let value = parse_number(raw).filter(|v| v.fract() == 0.0 && (0.0..=f64::from(MAX_CONFIDENCE)).contains(v));
        // Exact: a whole number from 0 to 10.
        value.map(|v| Some(v as u8)).ok_or_else(|| self.error("confidence", CellProblem::NotAConfidence(excerpt(raw))))
    }

    fn date(&self, name: &'static str) -> Result<Option<Date>, CsvError> {
        let raw = self.raw(name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse().map(Some).map_err(|_| self.error(name, CellProblem::NotADate(excerpt(raw))))
    }

    /// One of `options`, by id or by its label in either language.
    fn choice<T: Copy>(&self, name: &'static str, options: &[(T, &str, Text)]) -> Result<Option<T>, CsvError> {
        let raw = self.raw(name).trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let found = options.iter().find(|(_, id, label)| {
            [*id, label.zh.as_str(), label.en.as_str()].iter().any(|name| name.eq_ignore_ascii_case(raw))
        });
        match found {
            Some((value, ..)) => Ok(Some(*value)),
            None => {
                let expected = options.iter().map(|(_, id, _)| *id).collect::<Vec<_>>().join(", ");
                Err(self.error(name, CellProblem::Unknown { found: raw.to_owned(), expected }))
            }
        }
    }
}

/// A key result being read, with its row, whether its id was given and its `status`
/// cell.
struct Draft {
    row: usize,
    key_result: KeyResult,
    generated_id: bool,
    status: Option<Status>,
}

/// An objective being read: the row that defined it and its cells there.
struct ObjectiveDraft {
    row: usize,
    head: Vec<String>,
    objective: Objective,
    key_results: Vec<Draft>,
}

/// Reads a CSV in the shape [`to_csv`] writes (see the module documentation for what
/// it may leave out). A `current` value becomes a check-in dated `current_date`, or
/// `today` when that is empty; a value equal to the metric's start (0 for a milestone)
/// with neither a date nor a note makes no check-in, since it records no progress.
/// A `status` the numbers do not give as of `today` is kept as set by hand on that
/// check-in. The document has no title: CSV has no place for one.
///
/// # Errors
///
/// [`CsvError`], with the row and the column: broken quoting, an unknown column, a
/// cell that is not a number, date or known value, a missing level or target, an
/// objective whose rows disagree, an id used twice.
///
/// ```
/// use okrpad_core::{formats::csv::{from_csv, CsvError}, calendar::Date};
/// let today = Date::new(2026, 2, 15).unwrap();
/// let text = "objective_id,objective,level,key_result,metric,target,current\n\
///             ch,Grow the channel,team,30 new partners,number,30,14\n";
/// let document = from_csv(text, today).unwrap();
/// assert_eq!(document.objectives[0].key_results[0].id.as_str(), "ch-1");
/// assert_eq!(document.objectives[0].key_results[0].check_ins[0].date, today);
/// assert!(matches!(from_csv("objective_id,level\no,teem\n", today), Err(CsvError::Cell { row: 2, .. })));
/// ```
pub fn from_csv(text: &str, today: Date) -> Result<Document, CsvError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let records = records(text)?;
    let mut records = records.iter().filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()));
    let (_, header) = records.next().ok_or(CsvError::Empty)?;
    let mut columns: HashMap<&'static str, usize> = HashMap::new();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            continue; // a trailing empty column, as spreadsheets sometimes write
        }
        let known =
            COLUMNS.iter().find(|c| c.eq_ignore_ascii_case(name)).ok_or_else(|| match other_separator(name) {
                Some(separator) => CsvError::Separator { separator },
                None => CsvError::UnknownColumn { column: index, name: excerpt(name) },
            })?;
        if columns.insert(known, index).is_some() {
            return Err(CsvError::DuplicateColumn { column: index, name: excerpt(name) });
        }
    }
    if !columns.contains_key("objective_id") {
        return Err(CsvError::NoObjectiveId);
    }

    let levels = Level::ALL.map(|l| (l, l.as_str(), l.label()));
    let kinds = Kind::ALL.map(|k| (k, k.as_str(), k.label()));
    let metrics = [
        Metric::Number { start: 0.0, target: 0.0, unit: String::new() },
        Metric::Milestone,
        Metric::Children,
        Metric::Sum { start: 0.0, target: 0.0, unit: String::new() },
        Metric::Mean { start: 0.0, target: 0.0, unit: String::new() },
        Metric::Health(Health::default()),
    ]
    .map(|m| (metric_id(&m), metric_id(&m), metric_label(&m)));
    let statuses = Status::ALL.map(|s| (s, s.as_str(), s.label()));

    let mut objectives: Vec<ObjectiveDraft> = Vec::new();
    let mut by_id: HashMap<Id, usize> = HashMap::new();
    for (number, cells) in records {
        if let Some(extra) = cells.iter().enumerate().skip(header.len()).find(|(_, c)| !c.is_empty()) {
            return Err(CsvError::TooManyCells { row: *number, column: extra.0 });
        }
        let row = Row { number: *number, cells, columns: &columns };
        let head: Vec<String> = OBJECTIVE_COLUMNS.iter().map(|c| row.raw(c).trim().to_owned()).collect();
        let index = match row.id("objective_id") {
            None => objectives.len().checked_sub(1).ok_or(CsvError::NoObjectiveAbove { row: *number })?,
            Some(id) => match by_id.get(&id) {
                Some(&index) => index,
                None => {
                    let objective = read_objective(&row, id.clone(), &levels, &kinds)?;
                    by_id.insert(id, objectives.len());
                    objectives.push(ObjectiveDraft {
                        row: *number,
                        head: head.clone(),
                        objective,
                        key_results: vec![],
                    });
                    objectives.len() - 1
                }
            },
        };
        let draft = &mut objectives[index];
        if draft.row != *number {
            // A later row of the objective: its objective cells repeat the first row's or are empty.
            for (k, name) in OBJECTIVE_COLUMNS.iter().enumerate().skip(1) {
                if !head[k].is_empty() && head[k] != draft.head[k] {
                    let column = columns.get(name).copied().unwrap_or(0);
                    return Err(CsvError::Inconsistent { row: *number, column, name, first_row: draft.row });
                }
            }
        }
        // Read on every row, so an unknown status is refused wherever it stands.
        let status = row.choice("status", &statuses)?;
        if key_result_columns().any(|c| !row.raw(c).trim().is_empty()) {
            let key_result = read_key_result(&row, &metrics, today)?;
            let generated_id = key_result.id.as_str().is_empty();
            draft.key_results.push(Draft { row: *number, key_result, generated_id, status });
        }
    }

    // Ids: the given ones must be unique (reported by row); empty key result ids are
    // then filled with `<objective id>-<n>`, skipping ids already taken.
    let given = objectives.iter().flat_map(|o| {
        std::iter::once((&o.objective.id, o.row))
            .chain(o.key_results.iter().filter(|k| !k.generated_id).map(|k| (&k.key_result.id, k.row)))
    });
    file::unique_ids(given).map_err(|problem| match problem {
        // Empty ids are continuation rows or generated: never reported here.
        IdProblem::Empty(row) => CsvError::NoObjectiveAbove { row },
        IdProblem::Duplicate { id, first, second } => {
            CsvError::DuplicateId { id: id.to_string(), first_row: first, row: second }
        }
    })?;
    let mut taken: HashSet<Id> = objectives
        .iter()
        .flat_map(|o| {
            std::iter::once(o.objective.id.clone()).chain(o.key_results.iter().map(|k| k.key_result.id.clone()))
        })
        .collect();
    let mut document = Document::default();
    let mut statuses = Vec::new();
    for draft in objectives {
        let mut objective = draft.objective;
        let mut next = 1usize;
        statuses.push(draft.key_results.iter().map(|k| k.status).collect::<Vec<_>>());
        for mut kr in draft.key_results {
            if kr.generated_id {
                loop {
                    let candidate = Id(format!("{}-{next}", objective.id));
                    next += 1;
                    if taken.insert(candidate.clone()) {
                        kr.key_result.id = candidate;
                        break;
                    }
                }
            }
            objective.key_results.push(kr.key_result);
        }
        document.objectives.push(objective);
    }
    file::validate(&document).map_err(CsvError::Invalid)?;
    keep_statuses_set_by_hand(&mut document, &statuses, today);
    Ok(document)
}

/// Keeps the `status` cells that the numbers do not give, as of `today`, as set by
/// hand on their row's check-in: an export writes a status set by hand in the same
/// column as a computed one, so a status that differs from the computed one was set by
/// hand (in okrpad or in the spreadsheet). One the numbers give is not stored, so it
/// keeps following them. Rows without a check-in of their own (objectives, roll-ups,
/// sums and means, key results without a `current`) have nowhere to keep one: their
/// status is computed, as their progress is.
fn keep_statuses_set_by_hand(document: &mut Document, statuses: &[Vec<Option<Status>>], today: Date) {
    let scores = score(document, today);
    for (i, objective) in document.objectives.iter_mut().enumerate() {
        for (j, kr) in objective.key_results.iter_mut().enumerate() {
            let cell = statuses.get(i).and_then(|krs| krs.get(j)).copied().flatten();
            let computed = scores.key_result(i, j).map(|s| s.status);
            if let (Some(cell), Some(check_in)) = (cell, kr.check_ins.last_mut())
                && computed != Some(cell)
            {
                check_in.status = cell.manual();
            }
        }
    }
}

fn read_objective(
    row: &Row<'_>,
    id: Id,
    levels: &[(Level, &str, Text)],
    kinds: &[(Kind, &str, Text)],
) -> Result<Objective, CsvError> {
    let level = row.choice("level", levels)?.ok_or_else(|| row.error("level", CellProblem::Missing))?;
    let mut objective = Objective::new(id.as_str(), &row.text("objective"), level);
    objective.owner = row.text("objective_owner");
    objective.kind = row.choice("kind", kinds)?.unwrap_or_default();
    objective.period = match (row.date("period_start")?, row.date("period_end")?) {
        (Some(start), Some(end)) => Some(Period { start, end }),
        (None, None) => None,
        (Some(_), None) => return Err(row.error("period_end", CellProblem::HalfPeriod)),
        (None, Some(_)) => return Err(row.error("period_start", CellProblem::HalfPeriod)),
    };
    objective.parent = row.id("parent");
    objective.parent_kr = row.id("parent_kr");
    objective.weight = row.number("objective_weight")?;
    Ok(objective)
}

fn read_key_result(row: &Row<'_>, metrics: &[(&'static str, &str, Text)], today: Date) -> Result<KeyResult, CsvError> {
    let mut kr = KeyResult::new(&row.text("kr_id"), &row.text("key_result"));
    kr.owner = row.text("kr_owner");
    kr.weight = row.number("weight")?.unwrap_or(1.0);
    kr.due = row.date("due")?;
    let (start, target, unit) = (row.number("start")?, row.number("target")?, row.text("unit"));
    // A target with no metric kind is a number metric: the common hand-written case.
    let kind = row.choice("metric", metrics)?.or(target.map(|_| "number"));
    let band = Health {
        min: row.number("min")?,
        max: row.number("max")?,
        warn_below: row.number("warn_below")?,
        warn_above: row.number("warn_above")?,
        unit: String::new(),
    };
    let has_band = [band.min, band.max, band.warn_below, band.warn_above].iter().any(Option::is_some);
    if has_band && kind != Some("health") {
        return Err(row.error(
            "min",
            CellProblem::Band(Text::new(
                "只有健康指标才有 min、max、warn_below 和 warn_above",
                "only a health metric has min, max, warn_below and warn_above",
            )),
        ));
    }
    kr.contributes_to = row.id("contributes_to");
    kr.metric = match kind {
        Some(kind @ ("number" | "sum" | "mean")) => {
            let (start, target) =
                (start.unwrap_or(0.0), target.ok_or_else(|| row.error("target", CellProblem::Missing))?);
            Some(match kind {
                "sum" => Metric::Sum { start, target, unit },
                "mean" => Metric::Mean { start, target, unit },
                _ => Metric::Number { start, target, unit },
            })
        }
        Some("health") => {
            if let Some((name, _)) =
                [("start", start.is_some()), ("target", target.is_some())].iter().find(|(_, set)| *set)
            {
                return Err(row.error(name, CellProblem::OnlyForNumbers));
            }
            let band = Health { unit, ..band };
            if let Some(problem) = band.problem() {
                return Err(row.error("min", CellProblem::Band(Text::new(band_problem_zh(problem), problem))));
            }
            Some(Metric::Health(band))
        }
        other => {
            let stray = [("start", start.is_some()), ("target", target.is_some()), ("unit", !unit.is_empty())];
            if let Some((name, _)) = stray.iter().find(|(_, set)| *set) {
                return Err(row.error(name, CellProblem::OnlyForNumbers));
            }
            match other {
                Some("milestone") => Some(Metric::Milestone),
                Some(_) => Some(Metric::Children),
                None => None,
            }
        }
    };
    let rolled_up = matches!(kr.metric, Some(Metric::Children | Metric::Sum { .. } | Metric::Mean { .. }));
    let current = match row.number("current") {
        // A sum's or mean's value is written for people and ignored when read back; it
        // may pass the bound its contributors keep (two of 10^15 sum to 2·10^15).
        Err(CsvError::Cell { problem: CellProblem::TooLarge(_), .. }) if rolled_up => None,
        other => other?,
    };
    let date = row.date("current_date")?;
    let (note, blockers) = (row.text("note"), row.text("blockers"));
    let confidence = row.confidence()?;
    let Some(value) = current else {
        let stray = [
            ("current_date", date.is_some()),
            ("note", !note.is_empty()),
            ("blockers", !blockers.is_empty()),
            ("confidence", confidence.is_some()),
        ];
        if let Some((name, _)) = stray.iter().find(|(_, set)| *set) {
            return Err(row.error(name, CellProblem::NeedsCurrent));
        }
        return Ok(kr);
    };
    let baseline = match &kr.metric {
        Some(Metric::Number { start, .. }) => *start,
        _ => 0.0,
    };
    if !rolled_up
        && (date.is_some() || value != baseline || !note.is_empty() || !blockers.is_empty() || confidence.is_some())
    {
        let mut check_in = CheckIn::new(date.unwrap_or(today), value);
        check_in.note = note;
        check_in.blockers = blockers;
        check_in.confidence = confidence;
        kr.check_ins.push(check_in);
    }
    Ok(kr)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_column_groups_split_the_header_where_the_key_result_begins() {
        assert_eq!(OBJECTIVE_COLUMNS.first(), Some(&"objective_id"));
        assert_eq!(OBJECTIVE_COLUMNS.last(), Some(&"objective_weight"));
        let krs: Vec<&str> = key_result_columns().collect();
        assert_eq!(krs.first(), Some(&"kr_id"));
        assert!(krs.contains(&"blockers") && !krs.contains(&"progress") && !krs.contains(&"status"));
        assert_eq!(OBJECTIVE_COLUMNS.len() + krs.len() + COMPUTED_COLUMNS.len(), COLUMNS.len());
    }

    use super::*;
    use crate::formats::file::parse;
    use crate::model::ManualStatus;

    fn day() -> Date {
        Date::new(2026, 2, 15).unwrap()
    }

    fn sales() -> Document {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/sales-2026q1.okr.json");
        parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    #[test]
    fn letters_count_like_spreadsheets() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27 * 26), "AAA");
    }

    #[test]
    fn the_reader_handles_quotes_line_breaks_and_line_ends() {
        let text = "a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\rlast,\n\n";
        let rows = records(text).unwrap();
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x, \"y\"".into(), "line\nbreak".into()]),
                (3, vec!["last".into(), String::new()]),
            ]
        );
        assert_eq!(records("a,\"b"), Err(CsvError::UnclosedQuote { row: 1 }));
        assert_eq!(records("a\n\"b\"c"), Err(CsvError::AfterQuote { row: 2, column: 0 }));
        assert_eq!(records("a,b\"c").unwrap()[0].1[1], "b\"c");
    }

    #[test]
    fn a_written_csv_reads_back() {
        let document = sales();
        let scores = score(&document, day());
        for lang in Lang::ALL {
            let text = to_csv(&document, &scores, lang);
            assert!(text.starts_with('\u{feff}'));
            assert_eq!(text.lines().count(), 15); // the header and one row per key result
            let back = from_csv(&text, day()).unwrap();
            assert_eq!(back.objectives.len(), 3);
            for (a, b) in document.objectives.iter().zip(&back.objectives) {
                assert_eq!(
                    (&a.id, &a.title, &a.owner, a.level, a.kind, a.period),
                    (&b.id, &b.title, &b.owner, b.level, b.kind, b.period)
                );
                assert_eq!((&a.parent, &a.parent_kr, a.weight), (&b.parent, &b.parent_kr, b.weight));
                for (k, l) in a.key_results.iter().zip(&b.key_results) {
                    assert_eq!(
                        (&k.id, &k.title, &k.metric, k.due, k.weight),
                        (&l.id, &l.title, &l.metric, l.due, l.weight)
                    );
                    // The latest check-in survives, with its date and note.
                    let latest = latest_check_in(&k.check_ins, day());
                    if !matches!(k.metric, Some(Metric::Children)) {
                        assert_eq!(
                            latest.map(|c| (c.date, c.value, &c.note)),
                            l.check_ins.last().map(|c| (c.date, c.value, &c.note))
                        );
                    }
                }
            }
            // Progress and statuses survive, bj-2's "at risk" set by hand included.
            let progress = |scores: &Scores| scores.objectives.iter().map(|o| o.progress).collect::<Vec<_>>();
            assert_eq!(progress(&score(&back, day())), progress(&scores));
            let statuses = |scores: &Scores| {
                let krs = scores.key_results.iter().flatten().map(|k| k.status);
                scores.objectives.iter().map(|o| o.status).chain(krs).collect::<Vec<_>>()
            };
            assert_eq!(statuses(&score(&back, day())), statuses(&scores));
            let set_by_hand: Vec<(&str, ManualStatus)> = back
                .objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .filter_map(|k| Some((k.id.as_str(), k.check_ins.last()?.status?)))
                .collect();
            assert_eq!(set_by_hand, [("bj-2", ManualStatus::AtRisk)], "only where the numbers disagree");
        }
    }

    #[test]
    fn a_status_edited_in_the_spreadsheet_is_kept_on_the_rows_check_in() {
        // Half way at mid-period is on track; the sheet says otherwise, in either language.
        let head = "objective_id,level,period_start,period_end,kr_id,target,current,current_date,status\n";
        let row = |status: &str| format!("{head}o,team,2026-01-01,2026-03-31,k,10,5,2026-02-08,{status}\n");
        for (cell, kept) in [
            ("落后", Some(ManualStatus::OffTrack)),
            ("At risk", Some(ManualStatus::AtRisk)),
            ("off_track", Some(ManualStatus::OffTrack)),
            ("On track", None),
            ("正常", None),
            ("", None),
            // Only the calendar makes a key result not started: nothing to keep.
            ("Not started", None),
        ] {
            let document = from_csv(&row(cell), day()).unwrap();
            assert_eq!(document.objectives[0].key_results[0].check_ins[0].status, kept, "{cell:?}");
        }
        let cell = |text: &str| match from_csv(text, day()) {
            Err(error @ CsvError::Cell { .. }) => error,
            other => panic!("{text:?}: {other:?}"),
        };
        let error = cell(&row("very bad"));
        assert!(error.to_string().starts_with("row 2, column status (I): unknown value \"very bad\""), "{error}");
        assert!(error.message().zh.starts_with("第 2 行 status 列（I）：未知取值"), "{}", error.message().zh);
        // On an objective's own row too, though its status is computed.
        let error = cell("objective_id,level,status\no,team,Gut\n");
        assert!(error.to_string().starts_with("row 2, column status (C): unknown value \"Gut\""), "{error}");
    }

    #[test]
    fn a_hand_written_csv_may_leave_out_columns_and_repeat_nothing() {
        let text = "Objective_ID,objective,level,kind,key_result,metric,start,target,unit,current\n\
                    ch,实现渠道团队的业务突破,团队,承诺型,新增有效渠道,数值,0,30,家,14\n\
                    ,,,,渠道业绩额,,,2000,万元,\n\
                    ,,,,新政策获认可,里程碑,,,,1\n\
                    solo,Hire,Individual,,,,,,,\n";
        let document = from_csv(text, day()).unwrap();
        let ch = &document.objectives[0];
        assert_eq!((ch.level, ch.kind), (Level::Team, Kind::Committed));
        let ids: Vec<&str> = ch.key_results.iter().map(|k| k.id.as_str()).collect();
        assert_eq!(ids, ["ch-1", "ch-2", "ch-3"]);
        assert_eq!(ch.key_results[0].check_ins, vec![CheckIn::new(day(), 14.0)]);
        assert!(ch.key_results[1].check_ins.is_empty());
        assert_eq!(ch.key_results[1].metric, Some(Metric::Number { start: 0.0, target: 2000.0, unit: "万元".into() }));
        assert_eq!(ch.key_results[2].metric, Some(Metric::Milestone));
        assert_eq!(document.objectives[1].key_results.len(), 0);
    }

    #[test]
    fn errors_name_the_row_and_the_column() {
        let cases = [
            ("objective_id,taget\n", CsvError::UnknownColumn { column: 1, name: "taget".into() }),
            (
                &format!("objective_id,{}\n", "x".repeat(5000)),
                CsvError::UnknownColumn { column: 1, name: format!("{}…", "x".repeat(40)) },
            ),
            ("objective,level\n", CsvError::NoObjectiveId),
            ("objective_id,level,level\n", CsvError::DuplicateColumn { column: 2, name: "level".into() }),
            ("objective_id,level\n,team\n", CsvError::NoObjectiveAbove { row: 2 }),
            ("objective_id,level\no,team,x\n", CsvError::TooManyCells { row: 2, column: 2 }),
            (
                "objective_id,level,objective\no,team,A\no,team,B\n",
                CsvError::Inconsistent { row: 3, column: 2, name: "objective", first_row: 2 },
            ),
            (
                "objective_id,level,kr_id\no,team,k\np,team,k\n",
                CsvError::DuplicateId { id: "k".into(), first_row: 2, row: 3 },
            ),
            ("objective_id,level,kr_id\no,team,o\n", CsvError::DuplicateId { id: "o".into(), first_row: 2, row: 2 }),
        ];
        for (text, error) in cases {
            assert_eq!(from_csv(text, day()), Err(error), "{text:?}");
        }
        let cell = |text: &str| match from_csv(text, day()) {
            Err(CsvError::Cell { row, name, problem, .. }) => (row, name, problem),
            other => panic!("{text:?}: {other:?}"),
        };
        assert_eq!(cell("objective_id\no\n"), (2, "level", CellProblem::Missing));
        assert_eq!(cell("objective_id,level,target\no,team,3O\n"), (2, "target", CellProblem::NotANumber("3O".into())));
        assert_eq!(cell("objective_id,level,metric\no,team,number\n"), (2, "target", CellProblem::Missing));
        assert_eq!(
            cell("objective_id,level,metric,unit\no,team,milestone,x\n"),
            (2, "unit", CellProblem::OnlyForNumbers)
        );
        assert_eq!(
            cell("objective_id,level,period_start\no,team,2026-01-01\n"),
            (2, "period_end", CellProblem::HalfPeriod)
        );
        assert_eq!(
            cell("objective_id,level,due\no,team,2026-02-30\n"),
            (2, "due", CellProblem::NotADate("2026-02-30".into()))
        );
        assert_eq!(cell("objective_id,level,key_result,note\no,team,k,why\n"), (2, "note", CellProblem::NeedsCurrent));
        for bad in ["11", "-1", "7.5", "high"] {
            let text = format!("objective_id,level,kr_id,current,confidence\no,team,k,3,{bad}\n");
            assert_eq!(cell(&text), (2, "confidence", CellProblem::NotAConfidence(bad.into())), "{bad}");
        }
        assert_eq!(
            cell("objective_id,level,kr_id,confidence\no,team,k,4\n"),
            (2, "confidence", CellProblem::NeedsCurrent)
        );
        // A whole confidence reads onto the row's check-in, also as a spreadsheet writes it.
        for (cell_text, read) in [("0", 0), ("10", 10), ("7.0", 7), (" 4 ", 4)] {
            let text = format!(
                "objective_id,level,kr_id,current,current_date,confidence\no,team,k,3,2026-02-01,{cell_text}\n"
            );
            let document = from_csv(&text, day()).unwrap();
            assert_eq!(document.objectives[0].key_results[0].check_ins[0].confidence, Some(read), "{cell_text:?}");
        }
        let error = from_csv("objective_id,level\no,teem\n", day()).unwrap_err();
        assert!(error.to_string().starts_with("row 2, column level (B): unknown value \"teem\""), "{error}");
        assert!(error.message().zh.starts_with("第 2 行 level 列（B）：未知取值"), "{}", error.message().zh);
        assert_eq!(from_csv("\u{feff}\r\n", day()), Err(CsvError::Empty));
    }

    #[test]
    fn other_separators_are_named() {
        let cases = [
            ("objective_id;objective;level\no;Grow;team\n", ';', "semicolons (;)", "分号（;）"),
            ("\u{feff}Objective_ID; level\r\n", ';', "semicolons (;)", "分号（;）"),
            ("objective_id\tobjective\tlevel\n", '\t', "tabs (\\t)", "制表符（\\t）"),
            ("objective|level\n", '|', "vertical bars (|)", "竖线（|）"),
        ];
        for (text, separator, en, zh) in cases {
            let error = from_csv(text, day()).unwrap_err();
            assert_eq!(error, CsvError::Separator { separator }, "{text:?}");
            assert!(error.message().en.contains(en), "{}", error.message().en);
            assert!(error.message().zh.contains(zh), "{}", error.message().zh);
        }
        // A semicolon in a name that is no column list is still an unknown column.
        assert!(matches!(from_csv("objective_id,a;b\n", day()), Err(CsvError::UnknownColumn { column: 1, .. })));
    }

    proptest::proptest! {
        #[test]
        fn every_formula_start_is_guarded_and_reads_back(
            spaces in "[ \u{a0}\u{3000}]{0,3}",
            start in proptest::sample::select(FORMULA_STARTS.to_vec()),
            rest in "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{7f}-\u{9f}]{0,12}",
            value in -1e6f64..0.0,
        ) {
            let text = format!("{spaces}{start}{rest}");
            proptest::prop_assert!(text_cell(&text).starts_with('\''));
            let mut objective = Objective::new(&text, &text, Level::Team);
            objective.owner = text.clone();
            let mut kr = KeyResult::new("k", &text);
            kr.metric = Some(Metric::Number { start: value, target: 0.0, unit: text.clone() });
            objective.key_results.push(kr);
            let document = Document { objectives: vec![objective], ..Document::default() };
            let csv = to_csv(&document, &score(&document, day()), Lang::En);
            // The negative start is written as a number, unguarded.
            proptest::prop_assert!(csv.contains(&format!(",{},0,", crate::i18n::labels::plain_number(value))), "{}", csv);
            let back = from_csv(&csv, day()).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let (o, k) = (&back.objectives[0], &back.objectives[0].key_results[0]);
            proptest::prop_assert_eq!((o.id.as_str(), &o.title, &o.owner, &k.title), (text.as_str(), &text, &text, &text));
            proptest::prop_assert_eq!(&k.metric, &Some(Metric::Number { start: value, target: 0.0, unit: text.clone() }));
        }
    }

    #[test]
    fn formulas_are_written_as_text_and_read_back() {
        let mut objective = Objective::new("=1+1", "-5% churn", Level::Team);
        objective.owner = "'quoted'".into();
        let document = Document { objectives: vec![objective], ..Document::default() };
        let text = to_csv(&document, &score(&document, day()), Lang::En);
        assert!(text.contains("\r\n'=1+1,'-5% churn,''quoted',Team,"), "{text}");
        let back = from_csv(&text, day()).unwrap();
        assert_eq!(back.objectives[0].id.as_str(), "=1+1");
        assert_eq!(back.objectives[0].title, "-5% churn");
        assert_eq!(back.objectives[0].owner, "'quoted'");
    }
}
