//! A document as Markdown, for a chat message, a wiki page or an email: the title and
//! date, then every objective with its scores and its key results.
//!
//! Confidences (the latest given, 0–10) stand beside the scores, and each comment is
//! a list item under what it is about, oldest first, as text.
//!
//! Made to paste well rather than to round-trip: headings and lists only (chat apps
//! render them, unlike tables), objectives in tree order with child objectives one
//! heading level down, numbers as people write them (`3,000`). Nothing reads this
//! format back; the file, the link and the CSV are the formats that do.
//!
//! **What a user typed renders as that text** in any CommonMark renderer (the tests
//! check it with pulldown-cmark, strikethrough and tables on): characters that would
//! start formatting (`*`, `_`, `[`, `<`, `` ` ``, `~`, `|`, …) are escaped, so are a `#`
//! that could start or close a heading and a `&` that would start an entity reference
//! (`&lt;` stays those four characters). Line breaks never leave their line: in a
//! one-line place (a heading, a key result's title, an owner) each line break becomes a
//! space; notes, check-in notes and blockers keep their lines as hard line breaks,
//! each line escaped so that it cannot start a heading, a list, a quote, a rule or
//! code, with blank lines dropped (a blank line would end the list item). White space
//! at the start and end of a line (spaces, tabs, no-break spaces) is not kept:
//! renderers drop it.

use crate::calendar::Date;
use crate::i18n::labels::{Label, number, percent};
use crate::i18n::{Lang, Text};
use crate::model::limits;
use crate::model::tree::Forest;
use crate::model::{Document, Metric, Objective};
use crate::scoring::{KeyResultScore, ObjectiveScore, Scores, latest_check_in};

/// `document` as Markdown in `lang`, with the progress and statuses of `scores`
/// (computed for `document`: the indexes must match, as [`crate::scoring::score`]
/// makes them).
///
/// ```
/// use okrpad_core::{calendar::Date, i18n::Lang, formats::markdown::to_markdown, content::sample::sample, scoring::score};
/// let today = Date::new(2026, 2, 15).unwrap();
/// let document = sample(Lang::En, today);
/// let text = to_markdown(&document, &score(&document, today), Lang::En);
/// assert!(text.starts_with("# Sales Center OKRs, Q1 2026\n"));
/// ```
pub fn to_markdown(document: &Document, scores: &Scores, lang: Lang) -> String {
    let t = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let mut out = String::new();
    let title = if blank(&document.title) { t("OKR", "OKRs") } else { escape(&document.title) };
    out.push_str(&format!("# {title}\n\n"));
    let key_results: usize = document.objectives.iter().map(|o| o.key_results.len()).sum();
    out.push_str(&match lang {
        Lang::Zh => {
            format!("截至 {} · {} 个目标\u{ff0c}{key_results} 个关键结果\n", scores.as_of, document.objectives.len())
        }
        Lang::En => format!(
            "As of {} · {} {}, {key_results} {}\n",
            scores.as_of,
            document.objectives.len(),
            if document.objectives.len() == 1 { "objective" } else { "objectives" },
            if key_results == 1 { "key result" } else { "key results" },
        ),
    });

    // Tree order: each objective followed by its children, without recursion.
    let forest = Forest::of(document);
    let mut stack: Vec<usize> = forest.roots.iter().rev().copied().collect();
    while let Some(index) = stack.pop() {
        if let (Some(objective), Some(score)) = (document.objectives.get(index), scores.objective(index)) {
            let depth = forest.depth.get(index).copied().unwrap_or(0);
            write_objective(&mut out, document, index, objective, score, scores, depth, lang);
        }
        if let Some(children) = forest.children.get(index) {
            stack.extend(children.iter().rev());
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn write_objective(
    out: &mut String,
    document: &Document,
    index: usize,
    objective: &Objective,
    score: &ObjectiveScore,
    scores: &Scores,
    depth: usize,
    lang: Lang,
) {
    let t = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let colon = t("\u{ff1a}", ": ");
    let hashes = "#".repeat((2 + depth).min(6));
    let title = if blank(&objective.title) { escape(objective.id.as_str()) } else { escape(&objective.title) };
    out.push_str(&format!("\n{hashes} {title}\n\n"));

    // Scores.
    let mut line = format!("**{}**", percent(score.progress));
    if objective.period.is_some() {
        line.push_str(&match lang {
            Lang::Zh => format!("\u{ff08}预期 {}\u{ff09}", percent(score.expected)),
            Lang::En => format!(" (expected {})", percent(score.expected)),
        });
    }
    let grade = score.grade;
    let review = if score.needs_review { t("\u{ff08}需复盘\u{ff09}", " (review due)") } else { String::new() };
    line.push_str(&format!(
        " · {} · {} {:.1} {}{review}",
        score.status.label().get(lang),
        t("评分", "Grade"),
        grade.value,
        grade.band.label().get(lang)
    ));
    if let Some(confidence) = score.confidence {
        line.push_str(&format!(" · {} {:.1}/10", t("信心", "Confidence"), confidence));
    }
    out.push_str(&format!("- {line}\n"));

    // Who, what kind, when, aligned to what.
    let mut facts = vec![objective.level.label().get(lang).to_owned(), objective.kind.label().get(lang).to_owned()];
    if !objective.owner.is_empty() {
        facts.push(format!("{}{colon}{}", t("负责人", "Owner"), escape(&objective.owner)));
    }
    if let Some(period) = objective.period {
        facts.push(match lang {
            Lang::Zh => format!("{} 至 {}", period.start, period.end),
            Lang::En => format!("{} to {}", period.start, period.end),
        });
    }
    out.push_str(&format!("- {}\n", facts.join(" · ")));
    if let Some(parent) = &objective.parent {
        let name = document.objective(parent).map_or_else(|| escape(parent.as_str()), |p| escape(&p.title));
        let mut aligned = format!("{}{colon}{name}", t("上级目标", "Aligns to"));
        if let Some((_, kr)) = objective.parent_kr.as_ref().and_then(|k| document.key_result(k)) {
            aligned.push_str(&match lang {
                Lang::Zh => format!("\u{ff08}支撑关键结果\u{201c}{}\u{201d}\u{ff09}", escape(&kr.title)),
                Lang::En => format!(" (key result “{}”)", escape(&kr.title)),
            });
        }
        out.push_str(&format!("- {aligned}\n"));
    }
    if !blank(&objective.notes) {
        out.push_str(&format!("- {}{colon}{}\n", t("备注", "Notes"), multiline(&objective.notes, 2)));
    }
    write_comments(out, &objective.comments, "", lang);

    if objective.key_results.is_empty() {
        return;
    }
    out.push('\n');
    for (j, kr) in objective.key_results.iter().enumerate() {
        let Some(kr_score) = scores.key_result(index, j) else { continue };
        write_key_result(out, j + 1, kr, kr_score, scores.as_of, lang);
    }
}

fn write_key_result(
    out: &mut String,
    number_in_list: usize,
    kr: &crate::model::KeyResult,
    score: &KeyResultScore,
    as_of: Date,
    lang: Lang,
) {
    let t = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    let colon = t("\u{ff1a}", ": ");
    let title = if blank(&kr.title) { escape(kr.id.as_str()) } else { escape(&kr.title) };
    out.push_str(&format!(
        "{number_in_list}. **{title}**{colon}{} · {}\n",
        percent(score.progress),
        score.status.label().get(lang)
    ));
    let mut facts = vec![metric_text(kr.metric.as_ref(), score, lang)];
    if !kr.owner.is_empty() {
        facts.push(format!("{}{colon}{}", t("负责人", "Owner"), escape(&kr.owner)));
    }
    if let Some(due) = kr.due {
        facts.push(format!("{}{}", t("截止 ", "Due "), due));
    }
    if kr.weight != 1.0 {
        facts.push(format!("{}{}", t("权重 ", "Weight "), number(kr.weight)));
    }
    if let Some(confidence) = score.confidence {
        facts.push(format!("{} {confidence}/10", t("信心", "Confidence")));
    }
    let indent = " ".repeat(number_in_list.to_string().len() + 2);
    out.push_str(&format!("{indent}- {}\n", facts.join(" · ")));
    if let Some(latest) = latest_check_in(&kr.check_ins, as_of) {
        if !blank(&latest.note) {
            let label = match lang {
                Lang::Zh => format!("最新进展\u{ff08}{}\u{ff09}", latest.date),
                Lang::En => format!("Latest, {}", latest.date),
            };
            out.push_str(&format!("{indent}- {label}{colon}{}\n", multiline(&latest.note, indent.len() + 2)));
        }
        if !blank(&latest.blockers) {
            out.push_str(&format!(
                "{indent}- {}{colon}{}\n",
                t("障碍", "Blockers"),
                multiline(&latest.blockers, indent.len() + 2)
            ));
        }
    }
    write_comments(out, &kr.comments, &indent, lang);
}

/// Each comment as a list item, oldest first: who, when, and the text (escaped).
fn write_comments(out: &mut String, comments: &[crate::model::Comment], indent: &str, lang: Lang) {
    let colon = Text::new("\u{ff1a}", ": ").get(lang).to_owned();
    let mut sorted: Vec<&crate::model::Comment> = comments.iter().collect();
    crate::sort::by_key(&mut sorted, |c| c.date); // stable: same-day ones keep their order
    for comment in sorted {
        let mut head = vec![Text::new("评论", "Comment").get(lang).to_owned()];
        if !comment.author.trim().is_empty() {
            head.push(escape(comment.author.trim()));
        }
        head.push(comment.date.to_string());
        out.push_str(&format!("{indent}- {}{colon}{}\n", head.join(" · "), multiline(&comment.text, indent.len() + 2)));
    }
}

fn metric_text(metric: Option<&Metric>, score: &KeyResultScore, lang: Lang) -> String {
    let t = |zh: &str, en: &str| Text::new(zh, en).get(lang).to_owned();
    match metric {
        Some(
            metric @ (Metric::Number { start, target, unit }
            | Metric::Sum { start, target, unit }
            | Metric::Mean { start, target, unit }),
        ) => {
            let unit = if unit.is_empty() { String::new() } else { format!(" {}", escape(unit)) };
            // A computed value says how it was computed.
            let how = match metric {
                Metric::Sum { .. } => t("求和\u{ff1a}", "Sum: "),
                Metric::Mean { .. } => t("平均\u{ff1a}", "Mean: "),
                _ => String::new(),
            };
            how + &match (score.current, lang) {
                (Some(current), Lang::Zh) => {
                    format!("{} / {}{unit}\u{ff08}起始 {}\u{ff09}", number(current), number(*target), number(*start))
                }
                (Some(current), Lang::En) => {
                    format!("{} of {}{unit} (from {})", number(current), number(*target), number(*start))
                }
                (None, Lang::Zh) => {
                    format!("目标 {}{unit}\u{ff08}起始 {}\u{ff09}\u{ff0c}尚无进度记录", number(*target), number(*start))
                }
                (None, Lang::En) => {
                    format!("Target {}{unit} (from {}), no check-in yet", number(*target), number(*start))
                }
            }
        }
        Some(Metric::Health(band)) => {
            let unit = if band.unit.is_empty() { String::new() } else { format!(" {}", escape(&band.unit)) };
            let limit = |x: Option<f64>| x.map(number).unwrap_or_else(|| "…".to_owned());
            let (lo, hi) = (limit(band.min), limit(band.max));
            match (score.current, lang) {
                (Some(current), Lang::Zh) => {
                    format!("健康指标\u{ff1a}{}{unit}\u{ff08}区间 {lo} – {hi}\u{ff09}", number(current))
                }
                (Some(current), Lang::En) => format!("Health: {}{unit} (band {lo} – {hi})", number(current)),
                (None, Lang::Zh) => format!("健康指标\u{ff1a}区间 {lo} – {hi}{unit}\u{ff0c}尚无进度记录"),
                (None, Lang::En) => format!("Health: band {lo} – {hi}{unit}, no check-in yet"),
            }
        }
        Some(Metric::Milestone) if score.progress >= 1.0 => t("里程碑\u{ff1a}已完成", "Milestone: done"),
        Some(Metric::Milestone) => t("里程碑\u{ff1a}未完成", "Milestone: not done"),
        Some(Metric::Children) => t("由下级目标汇总", "Rolled up from child objectives"),
        None => t("没有衡量方式", "No metric"),
    }
}

/// Whether `text` shows as nothing once line breaks, spaces and tabs are gone.
fn blank(text: &str) -> bool {
    text.trim().is_empty()
}

/// Text with several lines, continued under a list item indented by `indent`: each
/// line (trimmed, blank lines dropped) escaped, then a hard line break.
fn multiline(text: &str, indent: usize) -> String {
    let pad = format!("  \n{}", " ".repeat(indent));
    // `\r` alone ends a line in Markdown too; the empty piece of `\r\n` is dropped.
    let lines = text.split(['\r', '\n']).map(str::trim).filter(|line| !line.is_empty());
    lines
        .enumerate()
        .map(|(i, line)| if i == 0 { escape(line) } else { escape_line_start(&escape(line)) })
        .collect::<Vec<_>>()
        .join(&pad)
}

/// An escaped line that begins a line of the output: what could start a block there (a
/// list item `-`, `+`, `1.`, `1)`, a setext underline `=`) is escaped too.
fn escape_line_start(line: &str) -> String {
    if line.starts_with(['-', '+', '=']) {
        return format!("\\{line}");
    }
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match line[digits..].chars().next() {
        Some(mark @ ('.' | ')')) if digits > 0 => format!("{}\\{mark}{}", &line[..digits], &line[digits + 1..]),
        _ => line.to_owned(),
    }
}

/// `text` for one line of Markdown: on one line ([`limits::one_line`]), white space at
/// both ends dropped, and what would start formatting escaped.
/// An underscore inside a word (`snake_case`) cannot start emphasis and is left alone,
/// so ids and file names stay readable in chat apps that show backslashes.
pub fn escape(text: &str) -> String {
    let text = limits::one_line(text);
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(text.len());
    let word = |at: Option<&char>| at.is_some_and(|c| c.is_alphanumeric());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).and_then(|p| chars.get(p));
        let escaped = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '~' | '|' => true,
            '_' => !(word(before) && word(chars.get(i + 1))),
            // A `#` could open a heading or close one (after a space, at the end).
            '#' => before.is_none_or(|b| matches!(b, ' ' | '\t')),
            '&' => starts_reference(&chars[i + 1..]),
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the characters after a `&` make it an entity or character reference
/// (`&lt;`, `&#60;`, `&#x3C;`): a name or number, then `;`.
fn starts_reference(rest: &[char]) -> bool {
    let end = rest.iter().position(|&c| c == ';');
    let Some(name) = end.map(|end| &rest[..end]) else { return false };
    match name {
        ['#', 'x' | 'X', hex @ ..] => (1..=6).contains(&hex.len()) && hex.iter().all(char::is_ascii_hexdigit),
        ['#', digits @ ..] => (1..=7).contains(&digits.len()) && digits.iter().all(char::is_ascii_digit),
        _ => (1..=32).contains(&name.len()) && name.iter().all(char::is_ascii_alphanumeric),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::file::parse;
    use crate::scoring::score;

    #[test]
    fn computed_values_and_health_bands_are_written_in_both_languages() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/cascade-001.okr.json");
        let document = parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let scores = score(&document, Date::new(2026, 3, 15).unwrap());
        let zh = to_markdown(&document, &scores, Lang::Zh);
        assert!(zh.contains("求和\u{ff1a}0.3 / 1 亿元"), "{zh}");
        assert!(zh.contains("健康指标\u{ff1a}98 %\u{ff08}区间 95 – …\u{ff09}"), "{zh}");
        let en = to_markdown(&document, &scores, Lang::En);
        assert!(en.contains("Sum: 3,000 of 6,000 万元") || en.contains("Sum: 3000 of 6000 万元"), "{en}");
        assert!(en.contains("Health: 98 % (band 95 – …)"), "{en}");
    }

    #[test]
    fn formatting_characters_are_escaped_but_words_are_not() {
        assert_eq!(escape("snake_case *bold* [link](x) <b> \\"), "snake_case \\*bold\\* \\[link\\](x) \\<b\\> \\\\");
        assert_eq!(escape("_x_"), "\\_x\\_");
        assert_eq!(escape("提高 90% 的销售"), "提高 90% 的销售");
        assert_eq!(escape("~~x~~ a|b #1 R&D &lt; &#60; x #"), "\\~\\~x\\~\\~ a\\|b \\#1 R&D \\&lt; \\&#60; x \\#");
        assert_eq!(escape(" # Title\n---\r\n- item "), "\\# Title --- - item");
        assert_eq!(escape_line_start("1. one"), "1\\. one");
        assert_eq!(escape_line_start("2026) year"), "2026\\) year");
        assert_eq!(escape_line_start("=== "), "\\=== ");
    }

    #[test]
    fn the_outline_follows_the_tree_with_scores_and_notes() {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/sales-2026q1.okr.json"))
                .unwrap();
        let document = parse(&text).unwrap();
        let as_of = Date::new(2026, 2, 15).unwrap();
        let scores = score(&document, as_of);
        let zh = to_markdown(&document, &scores, Lang::Zh);
        assert!(
            zh.starts_with("# 销售中心 2026 年第一季度 OKR\n\n截至 2026-02-15 · 3 个目标，14 个关键结果\n"),
            "{zh}"
        );
        assert!(
            zh.contains("\n## 大幅度提高销售中心的业绩额\n\n- **51%**（预期 51%） · 正常 · 评分 0.5 黄（需复盘）\n"),
            "{zh}"
        );
        assert!(zh.contains("\n### 打造行业领先的北京销售团队\n"), "{zh}");
        assert!(zh.contains("\n#### 实现渠道团队的业务突破\n"), "{zh}");
        assert!(
            zh.contains("1. **有效商机不少于3000个**：62% · 正常\n   - 1,850 / 3,000 个（起始 0） · 负责人：陈静\n"),
            "{zh}"
        );
        assert!(zh.contains("   - 最新进展（2026-02-08）：两个大客户合同已签，回款在途\n"), "{zh}");
        let en = to_markdown(&document, &scores, Lang::En);
        assert!(en.contains("- **44%** (expected 51%) · At risk · Grade 0.4 Yellow\n"), "{en}");
        assert!(en.contains("   - Blockers: CRM 字段改造排期未定\n"), "{en}");
        assert!(en.contains("- Aligns to: 打造行业领先的北京销售团队 (key result “新增渠道不少于30家”)\n"), "{en}");
        assert!(!en.contains("Confidence") && !en.contains("Comment"), "none given: {en}");
    }

    #[test]
    fn confidences_and_comments_are_shown_as_text() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/weekly-2026q1.okr.json"
        ))
        .unwrap();
        let mut document = parse(&text).unwrap();
        document.objectives[0].comments[0].text = "<img src=x onerror=alert(1)> [a](b)\n*two*".into();
        let as_of = Date::new(2026, 2, 15).unwrap();
        let scores = score(&document, as_of);
        let en = to_markdown(&document, &scores, Lang::En);
        assert!(en.contains(" · Confidence 5.0/10\n"), "{en}");
        assert!(en.contains("   - 50 of 100 (from 0) · Owner: 王磊 · Weight 3 · Confidence 5/10\n"), "{en}");
        assert!(
            en.contains("- Comment · 李娜 · 2026-02-12: \\<img src=x onerror=alert(1)\\> \\[a\\](b)  \n  \\*two\\*\n"),
            "{en}"
        );
        assert!(en.contains("   - Comment · 王磊 · 2026-02-14: CRM 排期未定\n"), "{en}");
        let zh = to_markdown(&document, &scores, Lang::Zh);
        assert!(zh.contains("   - 评论 · 王磊 · 2026-02-14：CRM 排期未定\n"), "{zh}");
        assert!(zh.contains("信心 5/10"), "{zh}");
    }
}
