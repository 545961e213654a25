//! `okrpad score`: progress, status and grade as of a date, as a table or as JSON.
//!
//! The JSON rounds progress to 4 decimals: enough for any percentage a person reads
//! and for scripts that compare against thresholds, without the binary noise
//! (`0.30000000000000004`) that would make outputs differ between equal documents.
//! Statuses and bands are the snake_case ids of the core, never translated.
//! `confidence` is the latest confidence given (0–10) for a key result and the
//! weight-averaged one of its key results for an objective (rounded to a tenth),
//! `null` when none was given.

use serde::Serialize;

use super::{Output, Request, display_width, json_line};
use okrpad_core::i18n::labels::{Label, number, percent, round4};
use okrpad_core::i18n::{Lang, Text};
use okrpad_core::model::Metric;
use okrpad_core::model::limits::one_line;
use okrpad_core::scoring::{contributions, score};

#[derive(Serialize)]
struct Report<'a> {
    as_of: String,
    objectives: Vec<ObjectiveJson<'a>>,
    key_results: Vec<KeyResultJson<'a>>,
}

#[derive(Serialize)]
struct ObjectiveJson<'a> {
    id: &'a str,
    progress: f64,
    status: &'static str,
    grade: f64,
    band: &'static str,
    /// A committed objective below 1.0: the team promised it, so a review is due.
    review: bool,
    confidence: Option<f64>,
}

#[derive(Serialize)]
struct KeyResultJson<'a> {
    id: &'a str,
    objective: &'a str,
    progress: f64,
    status: &'static str,
    confidence: Option<u8>,
    /// For `sum`, `mean` and `health` key results only: the current value (computed
    /// for a sum or mean), in `unit`.
    #[serde(skip_serializing_if = "Option::is_none")]
    current: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    /// For `sum` and `mean` key results only: what the value is computed from.
    #[serde(skip_serializing_if = "Option::is_none")]
    contributors: Option<Vec<ContributorJson<'a>>>,
}

/// A contributor of a sum or mean: its value in its own unit, and converted (`null`
/// when it is left out: its unit does not convert, or it has no number).
#[derive(Serialize)]
struct ContributorJson<'a> {
    id: &'a str,
    value: Option<f64>,
    converted: Option<f64>,
}

/// Whether the CLI shows a key result's value: computed ones and health bands, whose
/// number is the point (other key results show their progress only, as before).
fn shows_value(metric: Option<&Metric>) -> bool {
    matches!(metric, Some(Metric::Sum { .. } | Metric::Mean { .. } | Metric::Health(_)))
}

/// An objective's confidence as shown: to a tenth.
fn tenth(confidence: f64) -> f64 {
    (confidence * 10.0).round() / 10.0
}

pub(super) fn run(request: &Request) -> Output {
    let stdout = if request.json { json(request) } else { table(request) };
    Output { stdout, ..Output::default() }
}

fn json(request: &Request) -> String {
    let document = &request.document;
    let scores = score(document, request.at);
    let objectives = document
        .objectives
        .iter()
        .zip(&scores.objectives)
        .map(|(objective, s)| ObjectiveJson {
            id: objective.id.as_str(),
            progress: round4(s.progress),
            status: s.status.as_str(),
            grade: s.grade.value,
            band: s.grade.band.as_str(),
            review: s.needs_review,
            confidence: s.confidence.map(tenth),
        })
        .collect();
    let key_results = document
        .objectives
        .iter()
        .enumerate()
        .zip(&scores.key_results)
        .flat_map(|((i, objective), krs)| {
            let scores = &scores;
            objective.key_results.iter().zip(krs).enumerate().map(move |(j, (kr, s))| {
                let metric = kr.metric.as_ref();
                let shown = shows_value(metric);
                let contributors = metric.is_some_and(Metric::is_computed).then(|| {
                    contributions(document, scores, i, j)
                        .into_iter()
                        .map(|c| ContributorJson {
                            id: document.objectives[c.objective].key_results[c.key_result].id.as_str(),
                            value: c.value.map(round4),
                            converted: c.converted.map(round4),
                        })
                        .collect()
                });
                KeyResultJson {
                    id: kr.id.as_str(),
                    objective: objective.id.as_str(),
                    progress: round4(s.progress),
                    status: s.status.as_str(),
                    current: s.current.filter(|_| shown).map(round4),
                    unit: metric.and_then(Metric::unit).filter(|_| shown),
                    contributors,
                    confidence: s.confidence,
                }
            })
        })
        .collect();
    json_line(&Report { as_of: scores.as_of.to_string(), objectives, key_results })
}

/// How a column's cells line up.
#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// One line per objective, its key results indented under it; the title comes last
/// so that long Chinese titles do not push the numbers out of line. Every text is
/// shown on one line ([`one_line`]): a title with a line break stays in its row.
fn table(request: &Request) -> String {
    let lang = request.lang;
    let document = &request.document;
    let scores = score(document, request.at);
    let header = [
        Text::new("编号", "ID"),
        Text::new("进度", "PROGRESS"),
        Text::new("预期", "EXPECTED"),
        Text::new("状态", "STATUS"),
        Text::new("信心", "CONFIDENCE"),
        Text::new("评分", "GRADE"),
        Text::new("标题", "TITLE"),
    ];
    let aligns = [Align::Left, Align::Right, Align::Right, Align::Left, Align::Right, Align::Left, Align::Left];
    let mut rows: Vec<[String; 7]> = vec![header.map(|h| h.get(lang).to_owned())];
    for (i, objective) in document.objectives.iter().enumerate() {
        let Some(s) = scores.objective(i) else {
            continue;
        };
        let mut grade = format!("{:.1} {}", s.grade.value, s.grade.band.label().get(lang));
        if s.needs_review {
            grade.push_str(if lang == Lang::Zh { "\u{ff08}需复盘\u{ff09}" } else { " (review due)" });
        }
        rows.push([
            one_line(objective.id.as_str()).into_owned(),
            percent(s.progress),
            objective.period.map(|_| percent(s.expected)).unwrap_or_default(),
            s.status.label().get(lang).to_owned(),
            s.confidence.map(|c| format!("{:.1}/10", tenth(c))).unwrap_or_default(),
            grade,
            one_line(&objective.title).into_owned(),
        ]);
        for (j, kr) in objective.key_results.iter().enumerate() {
            let Some(k) = scores.key_result(i, j) else {
                continue;
            };
            // A computed or health key result shows its value after its title.
            let title = match (shows_value(kr.metric.as_ref()), k.current) {
                (true, Some(value)) => {
                    let unit = kr.metric.as_ref().and_then(Metric::unit).unwrap_or_default();
                    let value = format!("{} {}", number(value), one_line(unit));
                    format!("{}  [{}]", one_line(&kr.title), value.trim_end())
                }
                _ => one_line(&kr.title).into_owned(),
            };
            rows.push([
                format!("  {}", one_line(kr.id.as_str())),
                percent(k.progress),
                String::new(),
                k.status.label().get(lang).to_owned(),
                k.confidence.map(|c| format!("{c}/10")).unwrap_or_default(),
                String::new(),
                title,
            ]);
        }
    }

    // The confidence column only when someone gave one: older documents print as before.
    const CONFIDENCE: usize = 4;
    let rows: Vec<Vec<String>> = if rows.iter().skip(1).all(|row| row[CONFIDENCE].is_empty()) {
        rows.into_iter()
            .map(|row| row.into_iter().enumerate().filter(|(c, _)| *c != CONFIDENCE).map(|(_, cell)| cell).collect())
            .collect()
    } else {
        rows.into_iter().map(Vec::from).collect()
    };
    let aligns: Vec<Align> = if rows.first().is_some_and(|row| row.len() < aligns.len()) {
        aligns.iter().enumerate().filter(|(c, _)| *c != CONFIDENCE).map(|(_, a)| *a).collect()
    } else {
        aligns.to_vec()
    };
    let mut widths = [0usize; 7];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(display_width(cell));
        }
    }
    let mut out = String::new();
    let as_of = match lang {
        Lang::Zh => format!("截至 {}", scores.as_of),
        Lang::En => format!("as of {}", scores.as_of),
    };
    let comma = if lang == Lang::Zh { "\u{ff0c}" } else { ", " };
    if document.title.is_empty() {
        out.push_str(&format!("{as_of}\n\n"));
    } else {
        out.push_str(&format!("{}{comma}{as_of}\n\n", one_line(&document.title)));
    }
    for row in &rows {
        let mut line = String::new();
        for (column, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[column].saturating_sub(display_width(cell)));
            if column > 0 {
                line.push_str("  ");
            }
            match aligns[column] {
                Align::Right => {
                    line.push_str(&pad);
                    line.push_str(cell);
                }
                Align::Left => {
                    line.push_str(cell);
                    line.push_str(&pad);
                }
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if document.objectives.is_empty() {
        out.push_str(if lang == Lang::Zh { "\u{ff08}没有目标\u{ff09}\n" } else { "(no objectives)\n" });
    }
    out
}
