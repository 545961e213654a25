//! The alignment map drawn as SVG text: one card's markup, the zoomed-out overview and
//! the standalone file people export.
//!
//! The screen and the exported file draw cards with the same function, so the picture
//! someone pastes into slides is the one they saw. Every piece of text from the
//! document is escaped here: a title is data, and a title such as
//! `<img src=x onerror=alert(1)>` must stay text in the app and in the file.

use crate::i18n::labels::{Label, percent};
use crate::i18n::{Lang, Text};
use crate::map::layout::{CARD_W, Card, HEAD_H, Layout, MAX_ROWS, Orphan, ROW_H};
use crate::model::{Document, Objective};
use crate::scoring::{KeyResultScore, ObjectiveScore, Scores, Status};

/// The fonts the exported file asks for, falling back to whatever sans-serif there is;
/// the CJK ones make Chinese titles render on Windows, macOS and Linux alike.
pub const FONTS: &str = "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', \
                         'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

/// How many ems of a 15-pixel bold title fit on a card's line.
const TITLE_EMS: f64 = 13.8;

const INK: &str = "#1d2430";
const MUTED: &str = "#5b6577";
/// The colour of the lines from a child objective to its parent.
pub const LINE: &str = "#8a94a6";
const ACCENT: &str = "#2456c7";
const ORPHAN: &str = "#b3261e";

/// A status's colours (text and line, background), the app's palette: dark enough
/// for text on white and on the background, and always shown with the status's name.
pub fn status_colors(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::OnTrack => ("#176e3c", "#e3f5ea"),
        Status::AtRisk => ("#8a5a00", "#fff1cc"),
        Status::OffTrack => ("#b3261e", "#fde4e1"),
        Status::NotStarted => ("#4d5666", "#eceff4"),
    }
}

impl Label for Orphan {
    fn label(&self) -> Text {
        match self {
            Orphan::Unaligned => Text::new("未对齐", "Unaligned"),
            Orphan::MissingParent => Text::new("上级不存在", "Parent missing"),
            Orphan::Loop => Text::new("循环对齐", "Alignment loop"),
        }
    }
}

/// Escapes text for SVG/XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0; a pasted title may hold one.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The width of `ch` in ems, a little over a typical sans-serif's so text fits: wide
/// (CJK) characters are one em, Latin letters about half, by their shape.
fn em(ch: char) -> f64 {
    match ch {
        c if (c as u32) >= 0x1100 => 1.0,
        ' ' | 'i' | 'l' | 'j' | 't' | 'f' | 'r' | 'I' | '.' | ',' | ':' | ';' | '\'' | '!' | '|' | '(' | ')' => 0.34,
        'm' | 'w' | 'M' | 'W' | '%' => 0.95,
        'A'..='Z' | '0'..='9' => 0.72,
        'a'..='z' => 0.6,
        _ => 0.65,
    }
}

/// Breaks `text` into at most `lines` lines of at most `width` ems each, ending the
/// last with "…" when it does not fit. Breaks at spaces when it can (English), and
/// anywhere otherwise (Chinese has no spaces).
pub fn wrap(text: &str, width: f64, lines: usize) -> Vec<String> {
    let chars: Vec<char> = text.split_whitespace().collect::<Vec<_>>().join(" ").chars().collect();
    let fitting = |rest: &[char], room: f64| {
        let (mut used, mut n) = (0.0, 0);
        while n < rest.len() && used + em(rest[n]) <= room {
            used += em(rest[n]);
            n += 1;
        }
        n
    };
    let text_of = |part: &[char]| part.iter().collect::<String>().trim().to_owned();
    let mut out = Vec::new();
    let mut rest = &chars[..];
    while !rest.is_empty() && out.len() < lines {
        let fit = fitting(rest, width);
        if fit == rest.len() {
            out.push(text_of(rest));
            break;
        }
        if out.len() + 1 == lines {
            // The last line: cut, leaving room for the mark of the cut.
            out.push(format!("{}…", text_of(&rest[..fitting(rest, width - 1.0)])));
            break;
        }
        let fit = fit.max(1);
        // A space just after the part that fits is as good a break as one inside it.
        let end = rest[..=fit.min(rest.len() - 1)].iter().rposition(|&c| c == ' ').filter(|&s| s > 0).unwrap_or(fit);
        out.push(text_of(&rest[..end]));
        rest = &rest[end..];
        while rest.first() == Some(&' ') {
            rest = &rest[1..];
        }
    }
    out
}

fn title_or_untitled(title: &str, lang: Lang) -> &str {
    if title.trim().is_empty() {
        match lang {
            Lang::Zh => "（无标题）",
            Lang::En => "(untitled)",
        }
    } else {
        title
    }
}

/// A card's level and owner, status and progress, in one line: its description for a
/// screen reader (`<desc>`), after its whole title.
fn card_details(objective: &Objective, score: Option<&ObjectiveScore>, lang: Lang) -> String {
    let status = score.map_or(Status::NotStarted, |s| s.status);
    let progress = score.map_or(0.0, |s| s.progress);
    let mut details = objective.level.label().get(lang).to_owned();
    if !objective.owner.trim().is_empty() {
        details.push_str(" · ");
        details.push_str(objective.owner.trim());
    }
    details.push_str(&format!(" · {} · {}", status.label().get(lang), percent(progress)));
    details
}

/// What a card says in words, in full: its title (never cut, unlike the drawn lines),
/// then its level and owner, status and progress.
pub fn card_name(objective: &Objective, score: Option<&ObjectiveScore>, lang: Lang) -> String {
    format!("{} · {}", title_or_untitled(&objective.title, lang).trim(), card_details(objective, score, lang))
}

/// One card's inner markup in map coordinates (the caller wraps it in a `<g>`),
/// starting with a `<title>` that holds the whole title (its tooltip and, for a screen
/// reader, its name) and a `<desc>` with the rest in words.
pub fn card_svg(
    objective: &Objective,
    score: Option<&ObjectiveScore>,
    kr_scores: &[KeyResultScore],
    card: &Card,
    lang: Lang,
) -> String {
    use std::fmt::Write;
    let (x, y, h) = (card.x, card.y, card.h);
    let status = score.map_or(Status::NotStarted, |s| s.status);
    let progress = score.map_or(0.0, |s| s.progress);
    let (fg, bg) = status_colors(status);
    let mut s = String::with_capacity(1024);
    // The whole title as the card's tooltip and name: the drawn lines may be cut with "…".
    let _ = write!(
        s,
        "<title>{}</title><desc>{}</desc>",
        escape(title_or_untitled(&objective.title, lang).trim()),
        escape(&card_details(objective, score, lang))
    );
    let (stroke, width, dash) = match card.orphan {
        Some(_) => (ORPHAN, 3, " stroke-dasharray=\"8 5\""),
        None => (fg, 1, ""),
    };
    let _ = write!(
        s,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CARD_W}\" height=\"{h:.1}\" rx=\"8\" fill=\"#ffffff\" \
         stroke=\"{stroke}\" stroke-width=\"{width}\"{dash}/>\
         <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{CARD_W}\" height=\"6\" rx=\"3\" fill=\"{fg}\"/>"
    );
    let mut meta = objective.level.label().get(lang).to_owned();
    if !objective.owner.trim().is_empty() {
        meta.push_str(" · ");
        meta.push_str(objective.owner.trim());
    }
    let meta = wrap(&meta, 20.0, 1).concat();
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
        x + 12.0,
        y + 26.0,
        escape(&meta)
    );
    for (i, line) in wrap(title_or_untitled(&objective.title, lang), TITLE_EMS, 2).iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"15\" font-weight=\"700\" fill=\"{INK}\" data-title-line=\"{i}\">{}</text>",
            x + 12.0,
            y + 48.0 + 20.0 * i as f64,
            escape(line)
        );
    }
    let status_text = format!("{} · {}", status.label().get(lang), percent(progress));
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"13\" font-weight=\"700\" fill=\"{fg}\" data-status=\"{}\">{}</text>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"90\" height=\"8\" rx=\"4\" fill=\"{bg}\"/>\
         <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"8\" rx=\"4\" fill=\"{fg}\"/>",
        x + 12.0,
        y + 94.0,
        status.as_str(),
        escape(&status_text),
        x + CARD_W - 102.0,
        y + 85.0,
        x + CARD_W - 102.0,
        y + 85.0,
        90.0 * progress.clamp(0.0, 1.0)
    );
    for (j, kr) in objective.key_results.iter().take(card.rows).enumerate() {
        let row_y = y + HEAD_H + ROW_H * j as f64;
        let kr_score = kr_scores.get(j);
        let (dot, _) = status_colors(kr_score.map_or(Status::NotStarted, |k| k.status));
        let title = wrap(title_or_untitled(&kr.title, lang), 15.0, 1).concat();
        let _ = write!(
            s,
            "<g data-kr-row=\"{}\"><rect x=\"{:.1}\" y=\"{row_y:.1}\" width=\"{:.1}\" height=\"{ROW_H}\" fill=\"{}\"/>\
             <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"4\" fill=\"{dot}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{INK}\">{}</text>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\" text-anchor=\"end\">{}</text></g>",
            escape(kr.id.as_str()),
            x + 1.0,
            CARD_W - 2.0,
            if j % 2 == 0 { "#f4f6fa" } else { "#ffffff" },
            x + 16.0,
            row_y + ROW_H / 2.0,
            x + 26.0,
            row_y + 15.0,
            escape(&title),
            x + CARD_W - 10.0,
            row_y + 15.0,
            percent(kr_score.map_or(0.0, |k| k.progress)),
        );
    }
    if card.more > 0 {
        let more = match lang {
            Lang::Zh => format!("另有 {} 个关键结果", card.more),
            Lang::En => format!("+{} more key results", card.more),
        };
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" fill=\"{MUTED}\">{}</text>",
            x + 26.0,
            y + HEAD_H + ROW_H * MAX_ROWS as f64 + 15.0,
            escape(&more)
        );
    }
    if let Some(orphan) = card.orphan {
        let label = format!("⚠ {}", orphan.label().get(lang));
        let w: f64 = label.chars().map(em).sum::<f64>() * 12.0 + 12.0;
        let _ = write!(
            s,
            "<g data-orphan=\"{}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"20\" rx=\"10\" fill=\"{ORPHAN}\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" font-weight=\"700\" fill=\"#ffffff\">{}</text></g>",
            orphan.as_str(),
            x + CARD_W - w - 8.0,
            y - 10.0,
            x + CARD_W - w - 2.0,
            y + 4.0,
            escape(&label)
        );
    }
    s
}

/// One line's markup.
pub fn edge_svg(layout: &Layout, edge: usize) -> String {
    let Some(e) = layout.edges.get(edge) else { return String::new() };
    let (color, dash) = if e.kr.is_some() { (ACCENT, "") } else { (LINE, "") };
    format!("<path d=\"{}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>", e.path())
}

/// The colour of key result to key result lines, apart from the objective lines by hue
/// and by their dashes (so not by colour alone): a violet with 6:1 contrast on white.
pub const LINK: &str = "#6b3fa0";
/// Their dash pattern, also shown in the screen's legend.
pub const LINK_DASH: &str = "7 4";

/// One contribution line's markup (key result to key result), with a dot where it
/// reaches the key result it feeds.
pub fn link_svg(layout: &Layout, link: usize) -> String {
    let Some(k) = layout.links.get(link) else { return String::new() };
    format!(
        "<path d=\"{}\" fill=\"none\" stroke=\"{LINK}\" stroke-width=\"2\" stroke-dasharray=\"{LINK_DASH}\"/>\
         <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{LINK}\"/>",
        k.path(),
        k.to.0,
        k.to.1
    )
}

/// The zoomed-out picture: every card a block in its status colour, orphans outlined,
/// every line straight. A handful of paths in all, so 2,000 objectives draw at once.
/// Returns `(status, path)` for each status with cards, the orphans' outline path and
/// the lines' path.
pub fn overview(layout: &Layout, scores: &Scores) -> (Vec<(Status, String)>, String, String) {
    use std::fmt::Write;
    let statuses = [Status::NotStarted, Status::OnTrack, Status::AtRisk, Status::OffTrack];
    let mut blocks: Vec<(Status, String)> = statuses.iter().map(|&s| (s, String::new())).collect();
    let mut orphans = String::new();
    for (i, card) in layout.cards.iter().enumerate() {
        let status = scores.objective(i).map_or(Status::NotStarted, |s| s.status);
        let rect = format!("M{:.0} {:.0}h{CARD_W}v{:.0}h-{CARD_W}z", card.x, card.y, card.h);
        if let Some((_, path)) = blocks.iter_mut().find(|(s, _)| *s == status) {
            path.push_str(&rect);
        }
        if card.orphan.is_some() {
            orphans.push_str(&rect);
        }
    }
    let mut lines = String::new();
    for e in &layout.edges {
        let _ = write!(lines, "M{:.0} {:.0}L{:.0} {:.0}", e.from.0, e.from.1, e.to.0, e.to.1);
    }
    blocks.retain(|(_, p)| !p.is_empty());
    (blocks, orphans, lines)
}

/// Margin around the exported picture (room for the orphan badges above the cards).
const PAD: f64 = 24.0;

/// The exported picture's width and height.
pub fn export_size(layout: &Layout) -> (f64, f64) {
    (layout.width + 2.0 * PAD, layout.height + 2.0 * PAD)
}

/// The whole map as a standalone SVG file: styles inline (no stylesheet to lose), a
/// font list that falls back to any sans-serif, the document's title as its title.
pub fn export_svg(document: &Document, scores: &Scores, layout: &Layout, lang: Lang) -> String {
    let (w, h) = export_size(layout);
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w:.0}\" height=\"{h:.0}\" viewBox=\"{:.0} {:.0} {w:.0} {h:.0}\" \
         font-family=\"{FONTS}\">\n<title>{}</title>\n\
         <rect x=\"{:.0}\" y=\"{:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" fill=\"#f4f6fa\"/>\n",
        -PAD,
        -PAD,
        escape(&document.title),
        -PAD,
        -PAD,
    );
    for e in 0..layout.edges.len() {
        s.push_str(&edge_svg(layout, e));
        s.push('\n');
    }
    // Over the cards, since they run between rows inside them.
    let mut links = String::new();
    for k in 0..layout.links.len() {
        links.push_str(&link_svg(layout, k));
        links.push('\n');
    }
    for (i, (objective, card)) in document.objectives.iter().zip(&layout.cards).enumerate() {
        let krs = scores.key_results.get(i).map_or(&[][..], Vec::as_slice);
        s.push_str(&format!("<g data-objective-id=\"{}\">", escape(objective.id.as_str())));
        s.push_str(&card_svg(objective, scores.objective(i), krs, card, lang));
        s.push_str("</g>\n");
    }
    if !links.is_empty() {
        s.push_str("<g class=\"links\">\n");
        s.push_str(&links);
        s.push_str("</g>\n");
    }
    s.push_str("</svg>\n");
    s
}

/// The largest canvas side and area browsers reliably draw (Chromium's and Safari's
/// limits are a little above these).
const MAX_SIDE: f64 = 16_000.0;
const MAX_AREA: f64 = 32_000_000.0;

/// The scale a `width` × `height` picture is rasterised at for a PNG: twice the size,
/// for sharp text, when that fits a canvas; smaller for a very large map.
pub fn raster_scale(width: f64, height: f64) -> f64 {
    let (w, h) = (width.max(1.0), height.max(1.0));
    2.0f64.min(MAX_SIDE / w).min(MAX_SIDE / h).min((MAX_AREA / (w * h)).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Date;
    use crate::content::sample::sample;
    use crate::map::layout::layout;
    use crate::scoring::score;

    fn today() -> Date {
        Date::new(2026, 5, 15).unwrap()
    }

    #[test]
    fn a_cut_title_is_whole_in_the_tooltip_and_the_name() {
        let mut d = sample(Lang::En, today());
        let scores = score(&d, today());
        for title in [
            "Grow recurring revenue in every region we sell to, by winning back the accounts we lost last year",
            "让每一个区域的经常性收入都增长，赢回去年流失的每一个重点客户，并把续约率提高到九成以上",
            "a <b> & \"c\" that is long enough to be cut on the card, twice over, and then some more",
        ] {
            d.objectives[0].title = title.into();
            let l = layout(&d);
            let svg = card_svg(&d.objectives[0], scores.objective(0), &[], &l.cards[0], Lang::En);
            let drawn: String = wrap(title, TITLE_EMS, 2).concat();
            assert!(drawn.ends_with('…'), "the test title must be cut on the card: {drawn}");
            assert!(svg.starts_with(&format!("<title>{}</title><desc>", escape(title))), "{svg}");
            assert!(card_name(&d.objectives[0], scores.objective(0), Lang::En).starts_with(title));
        }
        d.objectives[0].title = "  ".into();
        assert!(card_name(&d.objectives[0], None, Lang::Zh).starts_with("（无标题） · "));
    }

    #[test]
    fn text_is_escaped_so_a_title_cannot_become_markup() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)> & \"'"),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;&#39;"
        );
        let mut d = sample(Lang::En, today());
        d.objectives[0].title = "<img src=x onerror=alert(1)>".into();
        d.objectives[0].owner = "</text><script>".into();
        d.title = "a & b".into();
        let svg = export_svg(&d, &score(&d, today()), &layout(&d), Lang::En);
        assert!(!svg.contains("<img") && !svg.contains("<script"));
        assert!(svg.contains("&lt;img src=x"));
        assert!(svg.contains("<title>a &amp; b</title>"));
    }

    #[test]
    fn the_export_draws_contribution_lines_dashed_over_the_cards() {
        let mut d = sample(Lang::Zh, today());
        let child = d.objectives.iter().position(|o| o.parent.is_some() && !o.key_results.is_empty()).unwrap();
        let parent = d.objectives.iter().position(|o| Some(&o.id) == d.objectives[child].parent.as_ref()).unwrap();
        let target = d.objectives[parent].key_results[0].id.clone();
        d.objectives[child].key_results[0].contributes_to = Some(target);
        let l = layout(&d);
        assert_eq!(l.links.len(), 1);
        let svg = export_svg(&d, &score(&d, today()), &l, Lang::Zh);
        assert_eq!(svg.matches(&format!("stroke-dasharray=\"{LINK_DASH}\"")).count(), 1);
        assert!(svg.rfind("stroke-dasharray").unwrap() > svg.rfind("data-objective-id=").unwrap(), "drawn last");
        assert_eq!(link_svg(&l, 1), "");
    }

    #[test]
    fn the_export_is_one_file_with_every_card_and_line() {
        let d = sample(Lang::Zh, today());
        let l = layout(&d);
        let svg = export_svg(&d, &score(&d, today()), &l, Lang::Zh);
        assert!(svg.starts_with("<?xml") && svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("sans-serif") && !svg.contains("<style") && !svg.contains("href"));
        assert_eq!(svg.matches("data-objective-id=").count(), d.objectives.len());
        assert_eq!(svg.matches("<path ").count(), l.edges.len());
        for o in &d.objectives {
            let first_line = wrap(&o.title, TITLE_EMS, 2)[0].clone();
            assert!(svg.contains(&escape(&first_line)), "{first_line}");
        }
    }

    #[test]
    fn titles_wrap_at_spaces_and_end_with_an_ellipsis() {
        assert_eq!(wrap("Grow channel partners to sixty", 8.5, 2), ["Grow channel", "partners to sixty"]);
        let long = wrap("Substantially grow the Sales Center's revenue this quarter in every region", 14.5, 2);
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'), "{long:?}");
        let zh = wrap("大幅度提高销售中心的业绩额并且打造行业领先的北京销售团队", 10.0, 2);
        assert_eq!(zh[0].chars().count(), 10);
        assert!(zh[1].ends_with('…') && zh[1].chars().count() <= 10);
        assert_eq!(wrap("", 10.0, 2), Vec::<String>::new());
        assert_eq!(wrap("short", 10.0, 2), ["short"]);
    }

    #[test]
    fn orphans_carry_a_visible_label() {
        let mut d = sample(Lang::En, today());
        d.objectives[1].parent = None;
        let l = layout(&d);
        let svg = export_svg(&d, &score(&d, today()), &l, Lang::En);
        assert!(svg.contains("data-orphan=\"unaligned\"") && svg.contains("⚠ Unaligned"));
        let zh = card_svg(&d.objectives[1], None, &[], &l.cards[1], Lang::Zh);
        assert!(zh.contains("⚠ 未对齐"), "{zh}");
    }

    #[test]
    fn large_maps_are_rasterised_smaller_to_fit_a_canvas() {
        assert_eq!(raster_scale(1000.0, 800.0), 2.0);
        let s = raster_scale(400_000.0, 1_000.0);
        assert!(400_000.0 * s <= MAX_SIDE + 1e-6);
        let s = raster_scale(10_000.0, 10_000.0);
        assert!(10_000.0 * s * 10_000.0 * s <= MAX_AREA + 1.0);
    }

    #[test]
    fn the_overview_draws_every_card_in_a_few_paths() {
        let d = sample(Lang::En, today());
        let l = layout(&d);
        let (blocks, orphans, lines) = overview(&l, &score(&d, today()));
        let rects: usize = blocks.iter().map(|(_, p)| p.matches('z').count()).sum();
        assert_eq!(rects, d.objectives.len());
        assert!(orphans.is_empty());
        assert_eq!(lines.matches('M').count(), l.edges.len());
    }
}
