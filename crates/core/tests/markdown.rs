//! The Markdown export read by a real CommonMark renderer (pulldown-cmark, with GitHub's
//! strikethrough and tables on): whatever a user typed comes out as exactly that text,
//! never as a heading, a list, a rule, emphasis, a link or a decoded entity.
//!
//! "Exactly", with the normalisation the module documents: in one-line places (the
//! headings, a key result's title) each line break is a space and white space at the
//! ends is trimmed; in notes and blockers every line is trimmed, blank lines are
//! dropped and the lines are joined by hard line breaks (`\n` here).

mod common;

use okrpad_core::calendar::Date;
use okrpad_core::formats::markdown::to_markdown;
use okrpad_core::i18n::Lang;
use okrpad_core::model::{CheckIn, Document, KeyResult, Level, Objective};
use okrpad_core::scoring::score;
use proptest::prelude::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn day() -> Date {
    Date::new(2026, 2, 15).unwrap()
}

/// What a title shows as on one line.
fn one_line(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ").trim().to_owned()
}

/// What notes show as: trimmed lines, no blank ones.
fn lines(text: &str) -> String {
    let kept: Vec<&str> = text.split(['\r', '\n']).map(str::trim).filter(|l| !l.is_empty()).collect();
    kept.join("\n")
}

/// The rendered text of each block of interest: headings by level, the first strong
/// text of each list item, and whole list items' text.
#[derive(Default, Debug)]
struct Rendered {
    headings: Vec<(u8, String)>,
    strong: Vec<String>,
    items: Vec<String>,
    /// Anything but text, breaks, headings, paragraphs, lists and strong.
    other: Vec<String>,
}

fn render(markdown: &str) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TABLES);
    let mut out = Rendered::default();
    let mut heading: Option<(u8, String)> = None;
    let mut strong: Option<String> = None;
    let mut items: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options) {
        let mut text = |t: &str| {
            if let Some((_, h)) = heading.as_mut() {
                h.push_str(t);
            }
            if let Some(s) = strong.as_mut() {
                s.push_str(t);
            }
            if let Some(i) = items.last_mut() {
                i.push_str(t);
            }
        };
        match event {
            Event::Text(t) => text(&t),
            Event::HardBreak => text("\n"),
            Event::SoftBreak => text(" "),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level as u8, String::new())),
            Event::End(TagEnd::Heading(_)) => out.headings.extend(heading.take()),
            Event::Start(Tag::Strong) => strong = Some(String::new()),
            Event::End(TagEnd::Strong) => out.strong.extend(strong.take()),
            Event::Start(Tag::Item) => items.push(String::new()),
            Event::End(TagEnd::Item) => out.items.extend(items.pop()),
            Event::Start(Tag::Paragraph | Tag::List(_)) | Event::End(TagEnd::Paragraph | TagEnd::List(_)) => {}
            other => out.other.push(format!("{other:?}")),
        }
    }
    out
}

/// Text as users type it: anything but control characters other than tabs and line
/// breaks (which the model refuses), weighted towards what Markdown would read as markup.
fn typed() -> impl Strategy<Value = String> {
    let markup = prop::sample::select(vec![
        "# ",
        "#",
        "## x ##",
        "- ",
        "+ ",
        "* ",
        "1. ",
        "2) ",
        "> ",
        "---",
        "***",
        "___",
        "===",
        "```",
        "~~~",
        "~~x~~",
        "**b**",
        "_i_",
        "`c`",
        "[l](u)",
        "![i](u)",
        "<b>",
        "<http://x.y>",
        "&lt;",
        "&amp;",
        "&#60;",
        "&#x3C;",
        "\\",
        "\\*",
        "|",
        "a | b",
        "|-|",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "    ",
        "  \n",
        "[^1]",
        "[x]: /u",
        "<!-- -->",
        "</div>",
        "&copy",
        "R&D",
        "snake_case",
        "_",
        "*",
        "~",
        "!",
        ":",
        "销售",
        "é",
        "\u{a0}",
        "\u{3000}",
    ]);
    let piece = prop_oneof![
        3 => markup.prop_map(str::to_owned),
        1 => "[^\u{0}-\u{8}\u{b}\u{c}\u{e}-\u{1f}\u{7f}-\u{9f}]{0,6}",
    ];
    prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
}

fn document(text: &str) -> Document {
    let mut check_in = CheckIn::new(day(), 1.0);
    check_in.note = text.to_owned();
    check_in.blockers = text.to_owned();
    let mut kr = KeyResult::new("k1", text);
    kr.check_ins.push(check_in);
    let mut objective = Objective::new("o1", text, Level::Team);
    objective.notes = text.to_owned();
    objective.key_results.push(kr);
    Document { title: text.to_owned(), objectives: vec![objective], ..Document::default() }
}

fn check(text: &str, lang: Lang) -> Result<(), TestCaseError> {
    let doc = document(text);
    let markdown = to_markdown(&doc, &score(&doc, day()), lang);
    let rendered = render(&markdown);
    prop_assert!(rendered.other.is_empty(), "unexpected markup {:?} in\n{}", rendered.other, markdown);
    let (title, notes) = (one_line(text), lines(text));
    let shown = |fallback: &str| if title.is_empty() { fallback.to_owned() } else { title.clone() };
    let default_title = if lang == Lang::Zh { "OKR" } else { "OKRs" };
    let headings: Vec<(u8, String)> = vec![(1, shown(default_title)), (2, shown("o1"))];
    prop_assert_eq!(&rendered.headings, &headings, "{}", markdown);
    prop_assert!(rendered.strong.iter().any(|s| *s == shown("k1")), "{:?} in\n{}", rendered.strong, markdown);
    if !notes.is_empty() {
        let colon = if lang == Lang::Zh { "\u{ff1a}" } else { ": " };
        for label in
            [if lang == Lang::Zh { "备注" } else { "Notes" }, if lang == Lang::Zh { "障碍" } else { "Blockers" }]
        {
            let expected = format!("{label}{colon}{notes}");
            prop_assert!(rendered.items.contains(&expected), "{expected:?} not in {:?}\n{}", rendered.items, markdown);
        }
    }
    Ok(())
}

#[test]
fn the_reported_cases_render_as_typed() {
    for text in [
        "Grow\n# not a heading",
        "Grow\n- not a list\n---\n1. nor this",
        "line\n===",
        "~~x~~ stays",
        "&lt;b&gt; and &#60; and &amp;",
        "title #",
        "  > quoted?\r\n\r\n    code?",
    ] {
        for lang in [Lang::Zh, Lang::En] {
            check(text, lang).unwrap();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn whatever_was_typed_renders_as_that_text(text in typed(), zh in any::<bool>()) {
        check(&text, if zh { Lang::Zh } else { Lang::En })?;
    }
}
