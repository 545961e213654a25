//! How long each text of a document may be, which characters it may hold and how
//! large its numbers may be: the one place these limits live. [`crate::formats::file::validate`] applies them, so every
//! door (a file, a share link, a CSV import, `?src=`, the CLI) refuses the same
//! documents, naming the field; `docs/format.md` and the JSON Schema
//! (`maxLength`, `pattern`) publish the same numbers.
//!
//! The limits are far above what people write (an objective's title is a sentence, a
//! note a few paragraphs) and low enough that a hostile link or file cannot make the
//! app hold megabytes of one title. Control characters other than tab, line feed and
//! carriage return are refused: nobody types them, they render as nothing or as boxes,
//! and a NUL breaks other tools that read the file. Unknown fields (kept verbatim) are
//! not checked: okrpad never shows them.
//!
//! Numbers are bounded by [`MAX_NUMBER`] for the same reason: nobody's target is
//! 1.7e308, and one such number makes scoring and exports overflow to infinity
//! (`target − start`, a sum of contributors, a progress rounded to four decimals),
//! which no format okrpad writes can carry back. Within the bound every figure okrpad
//! derives stays finite with room to spare (see [`MAX_NUMBER`]), so no writer needs a
//! guard of its own.

use crate::i18n::Text;
use crate::i18n::labels::plain_number;
use crate::model::{Adjustment, Document, Metric};

/// The longest id, in characters (Unicode scalar values, as JSON Schema counts).
pub const ID_CHARS: usize = 200;
/// The longest one-line text: a title, an owner, a unit, an adjustment's field name.
pub const LINE_CHARS: usize = 1_000;
/// The longest free text: notes, a check-in's note and blockers, a retrospective's
/// parts, an adjustment's values and reason.
pub const TEXT_CHARS: usize = 20_000;
/// The largest magnitude of a number in a document (a target, a check-in's value, a
/// weight, a health band's line): 10^15, a thousand trillion. Far above any count or
/// amount people track (a large company's yearly revenue in cents is about 10^13), and
/// below 2^53, so every whole number allowed is exact and written without an exponent.
/// What okrpad derives stays finite: a sum of a million contributors, each converted
/// by the largest factor between units (10^9, `B` to the bare unit; a cascade's factors
/// multiply to that of its two ends), is 10^30, and rounding it to four decimals
/// multiplies by 10^4, far from the 1.8·10^308 where `f64` ends.
pub const MAX_NUMBER: f64 = 1e15;

/// Whether `value` may stand in a document: finite and at most [`MAX_NUMBER`] either
/// side of 0.
///
/// ```
/// use okrpad_core::model::limits::number_allowed;
/// assert!(number_allowed(-1e15) && number_allowed(2.5));
/// assert!(!number_allowed(1.7e308) && !number_allowed(f64::NAN) && !number_allowed(f64::INFINITY));
/// ```
pub fn number_allowed(value: f64) -> bool {
    value.abs() <= MAX_NUMBER
}

/// Why a number is refused, in both languages, `value` as the input wrote it: the one
/// sentence every reader shows (after the field's path in a file, the row and column
/// in a CSV).
pub fn number_refused(value: &str) -> Text {
    Text::new(
        format!("{value} 超出了 okrpad 接受的数值范围：绝对值不能超过 10^15（1,000,000,000,000,000）"),
        format!("{value} is beyond the numbers okrpad accepts: at most 10^15 (1,000,000,000,000,000) either side of 0"),
    )
}

/// Whether `c` may appear in a document's text: anything but control characters,
/// except tab, line feed and carriage return.
pub fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// `text` on one line, for a place that shows it as one (a row of a CLI table, a
/// finding, a Markdown heading): each line break (`\r\n`, `\r`, `\n`) a space, so no
/// text can spread over several lines and push what follows out of line. A space, not
/// a visible mark such as `⏎`: a break in a title is where its author's editor wrapped
/// it, not part of what it says, and the result reads, searches and copies as the
/// sentence it is. (Tabs, the other control character a text may hold, stay: they do
/// not leave the line.)
///
/// ```
/// use okrpad_core::model::limits::one_line;
/// assert_eq!(one_line("提升\r\n渠道\n收入\rQ1"), "提升 渠道 收入 Q1");
/// assert_eq!(one_line("plain"), "plain");
/// ```
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\r', '\n']) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.replace("\r\n", " ").replace(['\r', '\n'], " "))
}

/// What is wrong with one text or number of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    /// Longer than `max` characters.
    TooLong { length: usize, max: usize },
    /// Holds a control character, at this character position (0-based).
    Control { code: u32, at: usize },
    /// A number beyond [`MAX_NUMBER`], as okrpad writes it (`1.7e308`).
    TooLarge { value: String },
}

impl LimitProblem {
    /// The problem of the field at `path`, as a sentence in both languages.
    pub fn message(&self, path: &str) -> Text {
        match self {
            LimitProblem::TooLarge { value } => {
                let reason = number_refused(value);
                Text::new(format!("{path}：{}", reason.zh), format!("{path}: {}", reason.en))
            }
            LimitProblem::TooLong { length, max } => Text::new(
                format!("{path} 长达 {length} 个字符，超过上限 {max}"),
                format!("{path} is {length} characters long, more than the {max} okrpad accepts"),
            ),
            LimitProblem::Control { code, at } => Text::new(
                format!("{path} 的第 {} 个字符是控制字符 U+{code:04X}：文本中只允许换行和制表符这两种控制字符", at + 1),
                format!(
                    "{path} holds the control character U+{code:04X} at character {}: line breaks and tabs are the only control characters text may hold",
                    at + 1
                ),
            ),
        }
    }
}

/// Checks one text against a limit of `max` characters.
///
/// ```
/// use okrpad_core::model::limits::{check_text, LimitProblem, LINE_CHARS};
/// assert_eq!(check_text("销售额\t翻倍\n", LINE_CHARS), Ok(()));
/// assert_eq!(check_text("a\u{0}", LINE_CHARS), Err(LimitProblem::Control { code: 0, at: 1 }));
/// assert!(matches!(check_text(&"x".repeat(LINE_CHARS + 1), LINE_CHARS), Err(LimitProblem::TooLong { .. })));
/// ```
pub fn check_text(text: &str, max: usize) -> Result<(), LimitProblem> {
    // Bytes bound characters from above: most texts are decided without counting.
    if text.len() > max {
        let length = text.chars().count();
        if length > max {
            return Err(LimitProblem::TooLong { length, max });
        }
    }
    match text.chars().enumerate().find(|(_, c)| !allowed(*c)) {
        Some((at, c)) => Err(LimitProblem::Control { code: u32::from(c), at }),
        None => Ok(()),
    }
}

/// The error of `text` under `max`, located by `path` (made only on failure, so a
/// valid document costs no allocation).
fn at(path: impl FnOnce() -> String, text: &str, max: usize) -> Result<(), (String, LimitProblem)> {
    check_text(text, max).map_err(|problem| (path(), problem))
}

/// The error of a number beyond [`MAX_NUMBER`], located by `path`.
fn number_at(path: impl FnOnce() -> String, value: f64) -> Result<(), (String, LimitProblem)> {
    if number_allowed(value) {
        return Ok(());
    }
    Err((path(), LimitProblem::TooLarge { value: plain_number(value) }))
}

/// The numbers of a metric, by field name (`None` where it has none). An array, not a
/// list: [`check`] runs on every document read, over every key result.
fn metric_numbers(metric: &Metric) -> [(&'static str, Option<f64>); 4] {
    match metric {
        Metric::Number { start, target, .. }
        | Metric::Sum { start, target, .. }
        | Metric::Mean { start, target, .. } => {
            [("start", Some(*start)), ("target", Some(*target)), ("", None), ("", None)]
        }
        Metric::Health(band) => {
            [("min", band.min), ("max", band.max), ("warn_below", band.warn_below), ("warn_above", band.warn_above)]
        }
        Metric::Milestone | Metric::Children => [("", None); 4],
    }
}

fn adjustments(place: &str, list: &[Adjustment]) -> Result<(), (String, LimitProblem)> {
    for (a, adjustment) in list.iter().enumerate() {
        let path = |name: &'static str| move || format!("{place}.adjustments[{a}].{name}");
        at(path("field"), &adjustment.field, LINE_CHARS)?;
        at(path("from"), &adjustment.from, TEXT_CHARS)?;
        at(path("to"), &adjustment.to, TEXT_CHARS)?;
        at(path("reason"), &adjustment.reason, TEXT_CHARS)?;
    }
    Ok(())
}

/// The first text or number of `document` that breaks a limit, in file order, with
/// its path (`objectives[2].key_results[0].title`).
pub fn check(document: &Document) -> Result<(), (String, LimitProblem)> {
    at(|| "title".to_owned(), &document.title, LINE_CHARS)?;
    for (o, objective) in document.objectives.iter().enumerate() {
        let path = |name: &'static str| move || format!("objectives[{o}].{name}");
        at(path("id"), objective.id.as_str(), ID_CHARS)?;
        at(path("title"), &objective.title, LINE_CHARS)?;
        at(path("owner"), &objective.owner, LINE_CHARS)?;
        for (name, id) in [("parent", &objective.parent), ("parent_kr", &objective.parent_kr)] {
            if let Some(id) = id {
                at(path(name), id.as_str(), ID_CHARS)?;
            }
        }
        if let Some(weight) = objective.weight {
            number_at(path("weight"), weight)?;
        }
        at(path("notes"), &objective.notes, TEXT_CHARS)?;
        if let Some(retro) = &objective.retro {
            for (name, text) in
                [("retro.worked", &retro.worked), ("retro.change", &retro.change), ("retro.next", &retro.next)]
            {
                at(path(name), text, TEXT_CHARS)?;
            }
        }
        if !objective.adjustments.is_empty() {
            adjustments(&format!("objectives[{o}]"), &objective.adjustments)?;
        }
        for (k, kr) in objective.key_results.iter().enumerate() {
            let path = |name: &'static str| move || format!("objectives[{o}].key_results[{k}].{name}");
            at(path("id"), kr.id.as_str(), ID_CHARS)?;
            at(path("title"), &kr.title, LINE_CHARS)?;
            at(path("owner"), &kr.owner, LINE_CHARS)?;
            number_at(path("weight"), kr.weight)?;
            if let Some(Metric::Number { unit, .. }) = &kr.metric {
                at(path("metric.unit"), unit, LINE_CHARS)?;
            }
            for (name, value) in kr.metric.as_ref().map_or([("", None); 4], metric_numbers) {
                if let Some(value) = value {
                    number_at(|| format!("objectives[{o}].key_results[{k}].metric.{name}"), value)?;
                }
            }
            for (c, check_in) in kr.check_ins.iter().enumerate() {
                let place = || format!("objectives[{o}].key_results[{k}].check_ins[{c}]");
                number_at(|| format!("{}.value", place()), check_in.value)?;
                at(|| format!("{}.note", place()), &check_in.note, TEXT_CHARS)?;
                at(|| format!("{}.blockers", place()), &check_in.blockers, TEXT_CHARS)?;
            }
            if let Some(grade) = kr.grade {
                number_at(path("grade"), grade)?;
            }
            if !kr.adjustments.is_empty() {
                adjustments(&format!("objectives[{o}].key_results[{k}]"), &kr.adjustments)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::formats::{csv, file, import, link};
    use crate::i18n::Lang;
    use crate::model::{CheckIn, KeyResult, Level, Objective};
    use crate::scoring::score;
    use proptest::prelude::*;

    fn day() -> Date {
        Date::new(2026, 2, 15).unwrap()
    }

    /// A document with `text` in the place `place` picks (0: the title, 1: an
    /// objective's title, 2: an id, 3: a key result's owner, 4: a check-in's note).
    fn document_with(place: usize, text: &str) -> Document {
        let mut kr = KeyResult::new("k", "KR");
        kr.check_ins.push(CheckIn::new(day(), 1.0));
        let mut objective = Objective::new("o", "O", Level::Team);
        match place {
            1 => objective.title = text.to_owned(),
            2 => objective.id = crate::model::Id(text.to_owned()),
            3 => kr.owner = text.to_owned(),
            4 => kr.check_ins[0].note = text.to_owned(),
            _ => {}
        }
        objective.key_results.push(kr);
        let title = if place == 0 { text.to_owned() } else { "Q1".to_owned() };
        Document { title, objectives: vec![objective], ..Document::default() }
    }

    /// What each door says of `document`: the file, the share link and (for the places
    /// CSV carries) the CSV.
    fn doors(document: &Document) -> Vec<Result<Document, crate::i18n::Text>> {
        let mut out = vec![
            import::read(Some("x.okr.json"), &file::to_json(document), day()),
            import::read(None, &format!("#{}", link::encode(document)), day()),
        ];
        if document.title == "Q1" || document.title.is_empty() {
            let text = csv::to_csv(document, &score(document, day()), Lang::En);
            out.push(import::read(Some("x.csv"), &text, day()).map(|mut d| {
                d.title = document.title.clone();
                d
            }));
        }
        out
    }

    #[test]
    fn the_reported_link_is_refused_with_the_field_named() {
        // A million NULs as the title: 6 MB of JSON, a few hundred bytes as a link.
        let document = document_with(0, &"\u{0}".repeat(1_000_000));
        let encoded = link::encode(&document);
        assert!(encoded.len() < 10_000, "{}", encoded.len());
        let message = import::read(None, &format!("#{encoded}"), day()).unwrap_err();
        assert!(message.en.contains("title") && message.en.contains("1000000"), "{}", message.en);
        assert!(message.zh.contains("title") && message.zh.contains("1000000"), "{}", message.zh);
    }

    /// A document whose every number is `value`'s size: a number key result from
    /// `-value` to `value` checked in at `value`, a sum fed by two such key results, a
    /// health band `-value..=value`, weights of `value`.
    fn document_of_size(value: f64) -> Document {
        let number = |id: &str| {
            let mut kr = KeyResult::new(id, id);
            kr.metric = Some(Metric::Number { start: -value, target: value, unit: "x".into() });
            kr.check_ins.push(CheckIn::new(day(), value));
            kr.weight = value;
            kr
        };
        let mut top = Objective::new("top", "Top", Level::Company);
        let mut sum = KeyResult::new("sum", "Sum");
        sum.metric = Some(Metric::Sum { start: 0.0, target: value, unit: "x".into() });
        top.key_results.extend([sum, number("k")]);
        let mut child = Objective::new("child", "Child", Level::Team);
        child.parent = Some("top".into());
        child.weight = Some(value);
        let mut health = KeyResult::new("h", "Health");
        let band = crate::model::Health { min: Some(-value), max: Some(value), unit: "x".into(), ..Default::default() };
        health.metric = Some(Metric::Health(band));
        health.check_ins.push(CheckIn::new(day(), value));
        child.key_results.extend([number("c1"), number("c2"), health]);
        for kr in &mut child.key_results[..2] {
            kr.contributes_to = Some("sum".into());
        }
        Document { title: "Q1".into(), objectives: vec![top, child], ..Document::default() }
    }

    #[test]
    fn numbers_at_the_bound_stay_finite_in_every_output_and_read_back() {
        let document = document_of_size(MAX_NUMBER);
        let scores = score(&document, day());
        let derived = scores
            .objectives
            .iter()
            .map(|s| s.progress)
            .chain(scores.key_results.iter().flatten().flat_map(|s| [Some(s.progress), s.current]).flatten());
        for value in derived {
            assert!(crate::i18n::labels::round4(value).is_finite(), "{value}");
        }
        for lang in [Lang::En, Lang::Zh] {
            let markdown = crate::formats::markdown::to_markdown(&document, &scores, lang);
            let csv = csv::to_csv(&document, &scores, lang);
            for text in [markdown, csv] {
                assert!(!text.contains("inf") && !text.contains("NaN"), "{text}");
            }
        }
        let numbers = |d: &Document| -> Vec<f64> {
            d.objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .flat_map(|k| k.check_ins.iter().map(|c| c.value).chain([k.weight]))
                .collect()
        };
        for result in doors(&document) {
            let read = result.expect("read back");
            assert_eq!(numbers(&read), numbers(&document));
            assert_eq!(read.objectives[0].key_results[1].metric, document.objectives[0].key_results[1].metric);
        }
    }

    #[test]
    fn every_door_refuses_a_number_beyond_the_bound_naming_it() {
        for value in [1.7e308, -1.7e308, 1e16, MAX_NUMBER * (1.0 + f64::EPSILON)] {
            let document = document_of_size(value.abs());
            for result in doors(&document) {
                let message = result.expect_err("refused");
                assert!(message.en.contains("10^15") && message.en.contains("target"), "{}", message.en);
                assert!(message.zh.contains("10^15") && message.zh.contains("target"), "{}", message.zh);
            }
            // Each number on its own, in a file.
            for place in 0..5 {
                let mut document = document_of_size(1.0);
                let (kr, field) = match place {
                    0 => (&mut document.objectives[0].key_results[1], "metric.target"),
                    1 => (&mut document.objectives[1].key_results[2], "metric.max"),
                    2 => (&mut document.objectives[1].key_results[0], "check_ins[0].value"),
                    3 => (&mut document.objectives[1].key_results[1], "weight"),
                    _ => (&mut document.objectives[1].key_results[1], "grade"),
                };
                match place {
                    0 => kr.metric = Some(Metric::Number { start: 0.0, target: value, unit: String::new() }),
                    1 => {
                        let band = crate::model::Health { max: Some(value), ..Default::default() };
                        kr.metric = Some(Metric::Health(band));
                    }
                    2 => kr.check_ins[0].value = value,
                    3 => kr.weight = value,
                    _ => kr.grade = Some(value),
                }
                let message = import::read(Some("x.okr.json"), &file::to_json(&document), day()).unwrap_err();
                assert!(message.en.contains(field) && message.en.contains("10^15"), "{}", message.en);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        #[test]
        fn every_door_refuses_control_characters_naming_the_field(
            place in 0usize..5,
            before in "[a-z销 ]{0,5}",
            control in prop_oneof![0u32..9, Just(11u32), Just(12u32), 14u32..32, 127u32..160],
        ) {
            let c = char::from_u32(control).unwrap();
            let document = document_with(place, &format!("{before}{c}x"));
            for result in doors(&document) {
                let message = result.expect_err("refused");
                prop_assert!(message.en.contains(&format!("U+{control:04X}")), "{}", message.en);
                prop_assert!(message.zh.contains(&format!("U+{control:04X}")), "{}", message.zh);
            }
        }

        #[test]
        fn every_door_takes_text_up_to_the_limit_and_refuses_one_more(place in 0usize..5, over in any::<bool>(), c in "[a-z销\t\n]") {
            let max = match place { 2 => ID_CHARS, 4 => TEXT_CHARS, _ => LINE_CHARS };
            let length = if over { max + 1 } else { max };
            // Line breaks inside, not at the end: the CSV and link keep them exactly.
            let text: String = std::iter::once('a').chain(c.chars().cycle().take(length - 2)).chain(['z']).collect();
            let document = document_with(place, &text);
            for result in doors(&document) {
                match (over, result) {
                    (false, Ok(_)) => {}
                    (true, Err(message)) => prop_assert!(message.en.contains(&format!("more than the {max}")), "{}", message.en),
                    (over, result) => prop_assert!(false, "over {}: {:?}", over, result.map(|d| d.title)),
                }
            }
        }
    }

    #[test]
    fn tabs_and_line_breaks_are_text() {
        assert_eq!(check(&document_with(4, "a\tb\r\nc\rd\n")), Ok(()));
        assert_eq!(check(&document_with(1, "销售额翻倍 🚀 ‏")), Ok(()));
    }
}
