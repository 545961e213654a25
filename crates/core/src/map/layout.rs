//! The alignment map's geometry: where each objective's card goes, how tall it is, and
//! where the lines to parent objectives (or to the parent key result a card
//! contributes to) run. Pure, so it is tested natively and the browser only draws it.
//!
//! The layout is layered: a card's row is its level (company, department, team,
//! individual) or one below its parent, whichever is lower, so the picture reads top
//! down like the organisation and an orphan sits on its own level's row instead of
//! among the companies. Horizontally every subtree gets its own interval, as wide as
//! its card or the sum of its children's intervals, and a parent is centred over its
//! children. Intervals never overlap, so no two cards can, whatever the tree; it is
//! less compact than Reingold–Tilford's contour merging, but it is two linear passes
//! with no recursion (a 2,000-deep chain costs no stack) and nothing to get subtly
//! wrong. Children that have no children of their own are stacked in a column under
//! their parent, as org charts do: the last level is most of a company's objectives,
//! and side by side it would make the picture many times wider than tall. See
//! DESIGN.md ("The alignment map").
//!
//! Broken documents still lay out: the tree comes from [`Forest`], which shows every
//! objective exactly once, cutting parent loops; such cards are marked [`Orphan`].

use std::collections::HashMap;

use crate::model::tree::Forest;
use crate::model::{Document, Id, Level};

/// Card width in map units (CSS pixels at zoom 1).
pub const CARD_W: f64 = 260.0;
/// Space between neighbouring subtrees.
pub const GAP_X: f64 = 32.0;
/// Space between rows of cards, room for the lines.
pub const GAP_Y: f64 = 80.0;
/// Height of the card above its key result rows: status bar, level and owner, two
/// title lines, status and progress.
pub const HEAD_H: f64 = 104.0;
/// Height of one key result row.
pub const ROW_H: f64 = 22.0;
/// Space below the last row.
pub const FOOT_H: f64 = 8.0;
/// At most this many key results get a row; the rest are summed up in a "+n" row.
pub const MAX_ROWS: usize = 6;
/// How far a column of stacked children is indented under its parent.
pub const INDENT: f64 = 32.0;
/// Space between stacked cards.
const STACK_GAP: f64 = 16.0;

/// Why a card aligns to nothing, shown on the map so it stands out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Orphan {
    /// Below company level with no parent: it aligns to nothing.
    Unaligned,
    /// Names a parent that is not in the document.
    MissingParent,
    /// Its parents loop back to it; the loop is cut here.
    Loop,
}

impl Orphan {
    pub fn as_str(self) -> &'static str {
        match self {
            Orphan::Unaligned => "unaligned",
            Orphan::MissingParent => "missing_parent",
            Orphan::Loop => "loop",
        }
    }
}

/// One objective's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub x: f64,
    pub y: f64,
    pub h: f64,
    /// The row of cards it sits in (0 = top).
    pub layer: usize,
    /// Key results with a row of their own (at most [`MAX_ROWS`]).
    pub rows: usize,
    /// Key results summed up in the last row ("+2").
    pub more: usize,
    pub orphan: Option<Orphan>,
}

impl Card {
    pub fn w(&self) -> f64 {
        CARD_W
    }

    /// The vertical middle of key result row `row` (the "+n" row is row [`MAX_ROWS`]).
    pub fn row_mid(&self, row: usize) -> f64 {
        self.y + HEAD_H + ROW_H * row as f64 + ROW_H / 2.0
    }

    fn intersects(&self, r: &Rect) -> bool {
        self.x < r.x + r.w && self.x + CARD_W > r.x && self.y < r.y + r.h && self.y + self.h > r.y
    }
}

/// A line from a child's card up to its parent's card.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub child: usize,
    pub parent: usize,
    /// The parent's key result the child contributes to, by position, when the line
    /// starts at that key result's row rather than at the bottom of the card.
    pub kr: Option<usize>,
    /// Where the line leaves the parent.
    pub from: (f64, f64),
    /// Where it reaches the child: the middle of its top, or its left side when the
    /// child is stacked in a column.
    pub to: (f64, f64),
    /// The child is stacked in a column: the line runs down the column's left and
    /// turns into the card.
    pub stacked: bool,
    /// A key result line leaves the parent's right side (else its left).
    pub right: bool,
}

impl Edge {
    /// The SVG path: a curve that leaves a key result row sideways, or the bottom of
    /// the card downwards, and enters the child from above.
    pub fn path(&self) -> String {
        let ((x1, y1), (x2, y2)) = (self.from, self.to);
        if self.stacked {
            let spine = if self.kr.is_some() { x1 - INDENT / 2.0 } else { x1 };
            format!("M{x1:.1} {y1:.1}H{spine:.1}V{y2:.1}H{x2:.1}")
        } else if self.kr.is_some() {
            let out = if self.right { 48.0 } else { -48.0 };
            format!("M{x1:.1} {y1:.1}C{:.1} {y1:.1} {x2:.1} {:.1} {x2:.1} {y2:.1}", x1 + out, y2 - GAP_Y / 2.0)
        } else {
            let mid = (y1 + y2) / 2.0;
            format!("M{x1:.1} {y1:.1}C{x1:.1} {mid:.1} {x2:.1} {mid:.1} {x2:.1} {y2:.1}")
        }
    }

    fn intersects(&self, r: &Rect) -> bool {
        line_touches(self.from, self.to, r)
    }
}

/// A line from a contributing key result's row to the row of the `sum` or `mean` key
/// result it feeds (`contributes_to`), usually on a card in the row above.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    /// The contributor: its objective (card) and key result, by position.
    pub from_card: usize,
    pub from_kr: usize,
    /// The key result it feeds, likewise.
    pub to_card: usize,
    pub to_kr: usize,
    /// The side of the contributor's row it leaves, and of the target's row it reaches.
    pub from: (f64, f64),
    pub to: (f64, f64),
    /// It leaves the contributor's right side (else its left), and reaches the
    /// target's right side (else its left).
    pub from_right: bool,
    pub to_right: bool,
}

impl Link {
    /// The SVG path: out of one row sideways, into the other sideways.
    pub fn path(&self) -> String {
        let ((x1, y1), (x2, y2)) = (self.from, self.to);
        let side = |right: bool| if right { 56.0 } else { -56.0 };
        let (c1, c2) = (x1 + side(self.from_right), x2 + side(self.to_right));
        format!("M{x1:.1} {y1:.1}C{c1:.1} {y1:.1} {c2:.1} {y2:.1} {x2:.1} {y2:.1}")
    }

    fn intersects(&self, r: &Rect) -> bool {
        line_touches(self.from, self.to, r)
    }
}

/// Whether a line from `from` to `to` (its curves bow out up to 40 units sideways)
/// may touch `r`.
fn line_touches(from: (f64, f64), to: (f64, f64), r: &Rect) -> bool {
    let (x0, x1) = (from.0.min(to.0) - 40.0, from.0.max(to.0) + 40.0);
    let (y0, y1) = (from.1.min(to.1), from.1.max(to.1));
    x0 < r.x + r.w && x1 > r.x && y0 < r.y + r.h && y1 > r.y
}

/// A rectangle in map units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// The whole map: a card per objective (index-aligned with the document), the lines,
/// and the size of the picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub cards: Vec<Card>,
    pub edges: Vec<Edge>,
    /// Key result to key result lines, one per contribution between two cards.
    pub links: Vec<Link>,
    pub width: f64,
    pub height: f64,
}

fn level_row(level: Level) -> usize {
    match level {
        Level::Company => 0,
        Level::Department => 1,
        Level::Team => 2,
        Level::Individual => 3,
    }
}

/// Lays out every objective of `document`.
pub fn layout(document: &Document) -> Layout {
    let forest = Forest::of(document);
    let n = document.objectives.len();
    let by_id: HashMap<&Id, usize> = document.objectives.iter().enumerate().map(|(i, o)| (&o.id, i)).collect();

    // Pre-order (parents before children), iteratively.
    let mut order = Vec::with_capacity(n);
    let mut stack: Vec<usize> = forest.roots.iter().rev().copied().collect();
    while let Some(i) = stack.pop() {
        order.push(i);
        stack.extend(forest.children[i].iter().rev());
    }

    // Rows: a card's level, or one below its parent's row.
    let mut layer = vec![0; n];
    let mut parent_of = vec![None; n];
    for (i, children) in forest.children.iter().enumerate() {
        for &c in children {
            parent_of[c] = Some(i);
        }
    }
    for &i in &order {
        let own = level_row(document.objectives[i].level);
        layer[i] = match parent_of[i] {
            Some(p) => own.max(layer[p] + 1),
            None => own,
        };
    }

    // Heights, and each row's height (the tallest card in it).
    let rows_of = |i: usize| {
        let krs = document.objectives[i].key_results.len();
        if krs > MAX_ROWS { (MAX_ROWS, krs - MAX_ROWS) } else { (krs, 0) }
    };
    let height_of = |i: usize| {
        let (rows, more) = rows_of(i);
        HEAD_H + ROW_H * (rows + usize::from(more > 0)) as f64 + FOOT_H
    };
    let layers = layer.iter().max().map_or(0, |m| m + 1);
    let mut row_h = vec![0.0f64; layers];
    for i in 0..n {
        row_h[layer[i]] = row_h[layer[i]].max(height_of(i));
    }
    let mut row_y = vec![0.0; layers];
    let mut y = 0.0;
    for (l, h) in row_h.iter().enumerate() {
        row_y[l] = y;
        if *h > 0.0 {
            y += h + GAP_Y;
        }
    }
    let height = (y - GAP_Y).max(0.0);

    // Parents whose children (two or more) are all leaves stack them in a column.
    let stacks: Vec<bool> = forest
        .children
        .iter()
        .map(|kids| kids.len() >= 2 && kids.iter().all(|&c| forest.children[c].is_empty()))
        .collect();

    // Subtree widths, children before parents (reverse pre-order).
    let mut span = vec![CARD_W; n];
    for &i in order.iter().rev() {
        let kids = &forest.children[i];
        if stacks[i] {
            span[i] = CARD_W + INDENT;
        } else if !kids.is_empty() {
            let sum: f64 = kids.iter().map(|&c| span[c]).sum::<f64>() + GAP_X * (kids.len() - 1) as f64;
            span[i] = sum.max(CARD_W);
        }
    }
    // Left edges of each subtree's interval, parents before children.
    let mut left = vec![0.0; n];
    let mut x = 0.0;
    for &r in &forest.roots {
        left[r] = x;
        x += span[r] + GAP_X * 2.0;
    }
    let width = (x - GAP_X * 2.0).max(0.0);
    let mut cards = Vec::with_capacity(n);
    cards.resize(n, Card { x: 0.0, y: 0.0, h: 0.0, layer: 0, rows: 0, more: 0, orphan: None });
    // Where stacked cards go, set when their parent is placed (parents come first).
    let mut stacked_at: Vec<Option<(f64, f64)>> = vec![None; n];
    let mut bottom: f64 = height;
    for &i in &order {
        let kids = &forest.children[i];
        if stacks[i] {
            let top = kids.iter().map(|&c| layer[c]).min().map_or(0.0, |l| row_y[l]);
            let mut y = top;
            for &c in kids {
                stacked_at[c] = Some((left[i] + INDENT, y));
                y += height_of(c) + STACK_GAP;
            }
            bottom = bottom.max(y - STACK_GAP);
        }
        let inner: f64 = kids.iter().map(|&c| span[c]).sum::<f64>() + GAP_X * kids.len().saturating_sub(1) as f64;
        let mut at = left[i] + (span[i] - inner) / 2.0;
        for &c in kids {
            left[c] = at;
            at += span[c] + GAP_X;
        }
        let (rows, more) = rows_of(i);
        let objective = &document.objectives[i];
        let orphan = match &objective.parent {
            None if objective.level != Level::Company => Some(Orphan::Unaligned),
            None => None,
            Some(p) if !by_id.contains_key(p) => Some(Orphan::MissingParent),
            Some(_) if parent_of[i].is_none() => Some(Orphan::Loop),
            Some(_) => None,
        };
        let centred = if stacks[i] { left[i] } else { left[i] + (span[i] - CARD_W) / 2.0 };
        let (x, y) = stacked_at[i].unwrap_or((centred, row_y[layer[i]]));
        cards[i] = Card { x, y, h: height_of(i), layer: layer[i], rows, more, orphan };
    }

    let mut edges = Vec::with_capacity(n);
    for &c in &order {
        let Some(p) = parent_of[c] else { continue };
        let (parent, child) = (&cards[p], &cards[c]);
        let stacked = stacked_at[c].is_some();
        let mut right = false;
        let mut to = if stacked { (child.x, child.y + 26.0) } else { (child.x + CARD_W / 2.0, child.y) };
        let kr = document.objectives[c]
            .parent_kr
            .as_ref()
            .and_then(|k| document.objectives[p].key_results.iter().position(|kr| &kr.id == k));
        let from = match kr {
            Some(j) => {
                let row = j.min(MAX_ROWS);
                right = !stacked && to.0 >= parent.x + CARD_W / 2.0;
                if !stacked {
                    // Enter the child on the side the line comes from: a smooth S, not a hook.
                    to.0 = if right { child.x + CARD_W - 40.0 } else { child.x + 40.0 };
                }
                (if right { parent.x + CARD_W } else { parent.x }, parent.row_mid(row))
            }
            None if stacked => (parent.x + INDENT / 2.0, parent.y + parent.h),
            None => (parent.x + CARD_W / 2.0, parent.y + parent.h),
        };
        edges.push(Edge { child: c, parent: p, kr, from, to, stacked, right });
    }
    let links = links(document, &cards);
    Layout { cards, edges, links, width, height: bottom }
}

/// The contribution lines between the placed `cards`: from the side of the
/// contributor's row that faces the target's card, to the side of the target's row
/// that faces it. Key results past [`MAX_ROWS`] use the "+n" row.
fn links(document: &Document, cards: &[Card]) -> Vec<Link> {
    // Only key results something feeds go into the map: most feed nothing.
    let mut fed: HashMap<&Id, Option<(usize, usize)>> = HashMap::new();
    for kr in document.objectives.iter().flat_map(|o| &o.key_results) {
        if let Some(target) = &kr.contributes_to {
            fed.insert(target, None);
        }
    }
    if fed.is_empty() {
        return Vec::new();
    }
    for (i, o) in document.objectives.iter().enumerate() {
        for (j, kr) in o.key_results.iter().enumerate() {
            if let Some(place) = fed.get_mut(&kr.id) {
                *place = Some((i, j));
            }
        }
    }
    let mut out = Vec::new();
    for (i, o) in document.objectives.iter().enumerate() {
        for (j, kr) in o.key_results.iter().enumerate() {
            let Some(&(ti, tj)) = kr.contributes_to.as_ref().and_then(|t| fed.get(t)).and_then(Option::as_ref) else {
                continue;
            };
            let (Some(from_card), Some(to_card)) = (cards.get(i), cards.get(ti)) else { continue };
            if ti == i {
                continue; // within one card: a rule finding, no line to draw
            }
            let (from_mid, to_mid) = (from_card.x + CARD_W / 2.0, to_card.x + CARD_W / 2.0);
            // Apart: the facing sides. Overlapping (one above the other): both on the
            // contributor's outer side, so lines from a row of children fan out.
            let overlap = (from_mid - to_mid).abs() < CARD_W;
            let from_right = if overlap { from_mid >= to_mid } else { to_mid > from_mid };
            let to_right = if overlap { from_mid >= to_mid } else { from_mid > to_mid };
            let from_x = if from_right { from_card.x + CARD_W } else { from_card.x };
            let to_x = if to_right { to_card.x + CARD_W } else { to_card.x };
            out.push(Link {
                from_card: i,
                from_kr: j,
                to_card: ti,
                to_kr: tj,
                from: (from_x, from_card.row_mid(j.min(MAX_ROWS))),
                to: (to_x, to_card.row_mid(tj.min(MAX_ROWS))),
                from_right,
                to_right,
            });
        }
    }
    out
}

/// Maps of up to this many cards draw every card, wherever the view is: each one is
/// then in the page, so a screen reader finds it and Tab reaches it. Only a larger
/// map draws just what is in view (the screen keeps a list of every objective for the
/// keyboard then).
pub const CULL_ABOVE: usize = 300;

impl Layout {
    /// The cards and edges (by index) the screen draws for `view`: all of them on a
    /// map of up to [`CULL_ABOVE`] cards, else those that touch `view`.
    pub fn drawn(&self, view: &Rect) -> (Vec<usize>, Vec<usize>) {
        if self.cards.len() <= CULL_ABOVE {
            return ((0..self.cards.len()).collect(), (0..self.edges.len()).collect());
        }
        self.visible(view)
    }

    /// The contribution lines (by index) the screen draws for `view`, as [`Layout::drawn`].
    pub fn links_drawn(&self, view: &Rect) -> Vec<usize> {
        let all = self.cards.len() <= CULL_ABOVE;
        (0..self.links.len()).filter(|&i| all || self.links[i].intersects(view)).collect()
    }

    /// The cards and edges (by index) that touch `view`.
    pub fn visible(&self, view: &Rect) -> (Vec<usize>, Vec<usize>) {
        let cards = self.cards.iter().enumerate().filter(|(_, c)| c.intersects(view)).map(|(i, _)| i).collect();
        let edges = self.edges.iter().enumerate().filter(|(_, e)| e.intersects(view)).map(|(i, _)| i).collect();
        (cards, edges)
    }

    /// The card under the map point `(x, y)`, or else the one nearest to it.
    pub fn nearest(&self, x: f64, y: f64) -> Option<usize> {
        let gap = |c: &Card| {
            let dx = (c.x - x).max(x - c.x - CARD_W).max(0.0);
            let dy = (c.y - y).max(y - c.y - c.h).max(0.0);
            dx.hypot(dy)
        };
        (0..self.cards.len()).min_by(|&a, &b| gap(&self.cards[a]).total_cmp(&gap(&self.cards[b])))
    }
}

/// How the map is shown: a translation (screen pixels) and a zoom factor. A map point
/// `p` is drawn at `p * scale + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub x: f64,
    pub y: f64,
    pub scale: f64,
}

impl Default for View {
    fn default() -> View {
        View { x: 0.0, y: 0.0, scale: 1.0 }
    }
}

/// Zoom limits: 2,000 cards fit in a window at the bottom, a card's small print is
/// readable on a phone at the top.
pub const MIN_SCALE: f64 = 0.0005;
pub const MAX_SCALE: f64 = 3.0;
/// Below this zoom cards are drawn as coloured blocks (their text would be unreadable).
pub const DETAIL_SCALE: f64 = 0.4;
/// Below this zoom a fitted map does not open fitted (see [`View::initial`]).
const READABLE_SCALE: f64 = 0.85;
/// Margin around the map when it is fitted to the window, in screen pixels.
const FIT_MARGIN: f64 = 24.0;

impl View {
    /// Shows the whole `layout` in a `width` × `height` window, centred, never
    /// enlarged beyond 1.
    pub fn fit(layout: &Layout, width: f64, height: f64) -> View {
        let (w, h) = ((width - 2.0 * FIT_MARGIN).max(1.0), (height - 2.0 * FIT_MARGIN).max(1.0));
        let scale = (w / layout.width.max(1.0)).min(h / layout.height.max(1.0)).clamp(MIN_SCALE, 1.0);
        View {
            x: (width - layout.width * scale) / 2.0,
            y: FIT_MARGIN.min((height - layout.height * scale) / 2.0),
            scale,
        }
    }

    /// The first view of a map: all of it when that is readable (zoom 0.85 or more),
    /// otherwise zoom 1 at the top, centred on the first root. On a projector a map
    /// shrunk to fit is a picture nobody can read; Fit is one key away.
    pub fn initial(layout: &Layout, width: f64, height: f64) -> View {
        let fit = View::fit(layout, width, height);
        match layout.cards.first() {
            Some(_) if fit.scale < READABLE_SCALE => {
                let root = layout.cards.iter().filter(|c| c.y == 0.0).min_by(|a, b| a.x.total_cmp(&b.x));
                let x = root.map_or(0.0, |c| c.x + CARD_W / 2.0);
                View { x: width / 2.0 - x, y: FIT_MARGIN, scale: 1.0 }
            }
            _ => fit,
        }
    }

    /// Zooms by `factor` keeping the screen point `(px, py)` where it is.
    pub fn zoom_at(self, factor: f64, px: f64, py: f64) -> View {
        let scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        let k = scale / self.scale;
        View { x: px - (px - self.x) * k, y: py - (py - self.y) * k, scale }
    }

    /// Zoom 1, with `card` in the middle of a `width` × `height` window.
    pub fn centre_on(card: &Card, width: f64, height: f64) -> View {
        View { x: width / 2.0 - card.x - CARD_W / 2.0, y: height / 2.0 - card.y - card.h / 2.0, scale: 1.0 }
    }

    /// The least pan (zoom kept) that brings `card` into a `width` × `height` window,
    /// with a margin; the view itself when the card is in it already. A card that
    /// gets keyboard focus off screen is shown this way.
    pub fn reveal(self, card: &Card, width: f64, height: f64) -> View {
        let into = |start: f64, size: f64, room: f64| {
            let end = start + size;
            if size + 2.0 * FIT_MARGIN > room || start < FIT_MARGIN {
                FIT_MARGIN - start
            } else if end > room - FIT_MARGIN {
                room - FIT_MARGIN - end
            } else {
                0.0
            }
        };
        let (sx, sy) = (self.x + card.x * self.scale, self.y + card.y * self.scale);
        let dx = into(sx, CARD_W * self.scale, width);
        let dy = into(sy, card.h * self.scale, height);
        self.pan(dx, dy)
    }

    pub fn pan(self, dx: f64, dy: f64) -> View {
        View { x: self.x + dx, y: self.y + dy, ..self }
    }

    /// The map point drawn at screen point `(px, py)`.
    pub fn to_map(self, px: f64, py: f64) -> (f64, f64) {
        ((px - self.x) / self.scale, (py - self.y) / self.scale)
    }

    /// The part of the map a `width` × `height` window shows.
    pub fn window(self, width: f64, height: f64) -> Rect {
        let (x, y) = self.to_map(0.0, 0.0);
        Rect { x, y, w: width / self.scale, h: height / self.scale }
    }

    /// Whether cards are drawn in full (or as blocks, when zoomed far out).
    pub fn detailed(self) -> bool {
        self.scale >= DETAIL_SCALE
    }

    /// The SVG `transform` attribute.
    pub fn transform(self) -> String {
        format!("translate({:.2} {:.2}) scale({:.4})", self.x, self.y, self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{KeyResult, Objective};

    fn objective(id: &str, level: Level, parent: Option<&str>, krs: usize) -> Objective {
        let mut o = Objective::new(id, id, level);
        o.parent = parent.map(Id::from);
        o.key_results = (0..krs).map(|k| KeyResult::new(&format!("{id}-{k}"), "kr")).collect();
        o
    }

    fn doc(objectives: Vec<Objective>) -> Document {
        Document { objectives, ..Document::default() }
    }

    fn overlap(a: &Card, b: &Card) -> bool {
        a.x < b.x + CARD_W && b.x < a.x + CARD_W && a.y < b.y + b.h && b.y < a.y + a.h
    }

    #[test]
    fn parents_sit_above_and_centred_over_their_children() {
        let d = doc(vec![
            objective("c", Level::Company, None, 2),
            objective("d1", Level::Department, Some("c"), 1),
            objective("d2", Level::Department, Some("c"), 8),
            objective("t", Level::Team, Some("d1"), 0),
        ]);
        let l = layout(&d);
        let [c, d1, d2] = [&l.cards[0], &l.cards[1], &l.cards[2]];
        assert!(c.y + c.h < d1.y && d1.y == d2.y, "children on the row below");
        assert!(d1.x + CARD_W <= d2.x, "siblings side by side in document order");
        let centre = |k: &Card| k.x + CARD_W / 2.0;
        assert!((centre(c) - (centre(d1) + centre(d2)) / 2.0).abs() < 1e-9);
        assert_eq!((d2.rows, d2.more), (MAX_ROWS, 2), "eight key results: six rows and a +2 row");
        assert_eq!(d2.h, HEAD_H + ROW_H * 7.0 + FOOT_H);
        assert_eq!(l.edges.len(), 3);
        assert_eq!(l.width, 2.0 * CARD_W + GAP_X);
        assert_eq!(l.height, c.h + GAP_Y + d2.h + GAP_Y + l.cards[3].h);
        assert!(l.edges.iter().all(|e| !e.stacked));
    }

    #[test]
    fn a_parent_kr_line_starts_at_that_key_results_row() {
        let mut team = objective("t", Level::Team, Some("d"), 0);
        team.parent_kr = Some(Id::from("d-2"));
        let d = doc(vec![objective("d", Level::Department, None, 4), team]);
        let l = layout(&d);
        let edge = &l.edges[0];
        assert_eq!((edge.child, edge.parent, edge.kr), (1, 0, Some(2)));
        let parent = &l.cards[0];
        assert_eq!(edge.from.1, parent.y + HEAD_H + 2.5 * ROW_H, "the middle of the third row");
        assert!(edge.from.0 == parent.x || edge.from.0 == parent.x + CARD_W, "on the card's side");
        assert_eq!(edge.to, (l.cards[1].x + CARD_W - 40.0, l.cards[1].y), "into the child's top, on that side");
        assert!(edge.path().starts_with(&format!("M{:.1} {:.1}", edge.from.0, edge.from.1)));
    }

    #[test]
    fn a_contribution_runs_from_the_contributors_row_to_its_targets_row() {
        // Two teams side by side under a department; each team's second key result
        // feeds the department's third, and a missing target draws nothing.
        let mut a = objective("a", Level::Team, Some("d"), 2);
        let mut b = objective("b", Level::Team, Some("d"), 2);
        a.key_results[1].contributes_to = Some(Id::from("d-2"));
        b.key_results[1].contributes_to = Some(Id::from("d-2"));
        b.key_results[0].contributes_to = Some(Id::from("gone"));
        let mut a_leaf = objective("a1", Level::Individual, Some("a"), 1);
        a_leaf.key_results[0].contributes_to = Some(Id::from("a-0"));
        let mut b_leaf = objective("b1", Level::Individual, Some("b"), 1);
        b_leaf.key_results[0].contributes_to = Some(Id::from("b-1"));
        let d = doc(vec![objective("d", Level::Department, None, 4), a, b, a_leaf, b_leaf]);
        let l = layout(&d);
        let find = |from: usize| l.links.iter().find(|k| k.from_card == from).unwrap();
        assert_eq!(l.links.len(), 4);
        let (la, lb) = (find(1), find(2));
        assert_eq!((la.from_kr, la.to_card, la.to_kr), (1, 0, 2));
        let (dept, ta, tb) = (&l.cards[0], &l.cards[1], &l.cards[2]);
        assert_eq!(la.from.1, ta.row_mid(1));
        assert_eq!(la.to.1, dept.row_mid(2), "into the target's row");
        assert!(ta.x < tb.x);
        // Under the department, each leaves its outer side and enters the department's
        // side on that hand.
        assert_eq!((la.from.0, la.from_right, la.to.0), (ta.x, false, dept.x));
        assert_eq!((lb.from.0, lb.from_right, lb.to.0), (tb.x + CARD_W, true, dept.x + CARD_W));
        assert!(la.path().starts_with(&format!("M{:.1} {:.1}C", la.from.0, la.from.1)));
        assert!(la.path().ends_with(&format!("{:.1} {:.1}", la.to.0, la.to.1)));
        // Nothing feeds anything: no links, and no work for them.
        assert!(layout(&doc(vec![objective("d", Level::Department, None, 2)])).links.is_empty());
    }

    #[test]
    fn leaf_children_stack_in_a_column_under_their_parent() {
        let mut two = objective("i2", Level::Individual, Some("t"), 2);
        two.parent_kr = Some(Id::from("t-1"));
        let d = doc(vec![
            objective("t", Level::Team, None, 3),
            objective("i1", Level::Individual, Some("t"), 1),
            two,
            objective("i3", Level::Individual, Some("t"), 0),
        ]);
        let l = layout(&d);
        let [t, i1, i2, i3] = [&l.cards[0], &l.cards[1], &l.cards[2], &l.cards[3]];
        assert!(i1.x == t.x + INDENT && i2.x == i1.x && i3.x == i1.x, "one column, indented");
        assert!(t.y + t.h < i1.y && i1.y + i1.h < i2.y && i2.y + i2.h < i3.y, "top to bottom");
        assert_eq!(l.width, CARD_W + INDENT);
        assert_eq!(l.height, i3.y + i3.h);
        assert!(l.edges.iter().all(|e| e.stacked));
        let to_two = &l.edges[1];
        assert_eq!(to_two.from, (t.x, t.row_mid(1)), "from the key result's row, on the left");
        assert_eq!(to_two.to.0, i2.x, "into the card's left side");
        assert!(to_two.path().contains('V'));
    }

    #[test]
    fn orphans_are_marked_and_sit_on_their_levels_row() {
        let ghost = objective("g", Level::Team, Some("nobody"), 0);
        let d = doc(vec![
            objective("c", Level::Company, None, 0),
            objective("d", Level::Department, Some("c"), 0),
            objective("t", Level::Team, Some("d"), 0),
            objective("lone", Level::Individual, None, 0),
            ghost,
        ]);
        let l = layout(&d);
        let orphans: Vec<_> = l.cards.iter().map(|c| c.orphan).collect();
        assert_eq!(orphans, [None, None, None, Some(Orphan::Unaligned), Some(Orphan::MissingParent)]);
        assert_eq!(l.cards[3].layer, 3, "an individual orphan is on the individual row");
        assert_eq!(l.cards[4].y, l.cards[2].y, "a team orphan is on the team row");
        assert_eq!(l.edges.len(), 2);
    }

    #[test]
    fn loops_lay_out_without_hanging_and_are_marked() {
        let d = doc(vec![
            objective("a", Level::Team, Some("c"), 1),
            objective("b", Level::Team, Some("a"), 1),
            objective("c", Level::Team, Some("b"), 1),
            objective("s", Level::Team, Some("s"), 0),
        ]);
        let l = layout(&d);
        assert_eq!(l.cards.len(), 4);
        assert_eq!(l.cards[0].orphan, Some(Orphan::Loop));
        assert_eq!(l.cards[3].orphan, Some(Orphan::Loop), "its own parent");
        assert_eq!(l.edges.len(), 2, "a-b and b-c; the cut c-a line is not drawn");
        assert_eq!(l.cards[2].orphan, None);
        assert!(l.cards[0].y < l.cards[1].y && l.cards[1].y < l.cards[2].y);
    }

    #[test]
    fn an_empty_document_is_an_empty_map() {
        let l = layout(&Document::default());
        assert_eq!((l.cards.len(), l.edges.len(), l.width, l.height), (0, 0, 0.0, 0.0));
        let v = View::fit(&l, 800.0, 600.0);
        assert!(v.scale.is_finite() && v.x.is_finite());
    }

    /// A company of `n` objectives: 1 company, then departments, teams and individuals
    /// five to a parent, three key results each; every fifth contributes to a key result.
    pub fn company(n: usize) -> Document {
        let mut objectives = vec![objective("o0", Level::Company, None, 3)];
        for i in 1..n {
            let p = (i - 1) / 5;
            let level = Level::ALL[(objectives[p].level as usize + 1).min(3)];
            let mut o = objective(&format!("o{i}"), level, Some(&format!("o{p}")), 3);
            if i % 5 == 0 {
                o.parent_kr = Some(Id(format!("o{p}-1")));
            }
            objectives.push(o);
        }
        doc(objectives)
    }

    #[test]
    fn two_thousand_objectives_lay_out_without_overlap() {
        let d = company(2000);
        let l = layout(&d);
        assert_eq!(l.cards.len(), 2000);
        assert_eq!(l.edges.len(), 1999);
        assert_eq!(l.edges.iter().filter(|e| e.kr.is_some()).count(), 399);
        // No two cards overlap: sorted by x, each is compared with those starting
        // before it ends.
        let mut sorted: Vec<&Card> = l.cards.iter().collect();
        sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
        for (k, a) in sorted.iter().enumerate() {
            for b in sorted[k + 1..].iter().take_while(|b| b.x < a.x + CARD_W) {
                assert!(!overlap(a, b), "{a:?} and {b:?}");
            }
        }
        // Side by side, the 1,600 leaves alone would be 1,600 cards wide.
        let leaves = (0..2000).filter(|&i| !l.edges.iter().any(|e| e.parent == i)).count();
        assert!(l.width < leaves as f64 * (CARD_W + GAP_X) / 4.0, "stacking keeps it {} wide", l.width);
        assert!(l.cards.iter().all(|c| c.x >= 0.0 && c.x + CARD_W <= l.width && c.y + c.h <= l.height));
    }

    #[test]
    fn layout_time_grows_about_linearly() {
        // Not a timing assertion: counts the work instead. Layout is a few passes over
        // the objectives, so ten times the objectives is about ten times the cards and
        // edges, and a deep chain (the worst case for recursion) lays out too.
        let chain = doc((0..5000)
            .map(|i| {
                let parent = (i > 0).then(|| format!("o{}", i - 1));
                objective(&format!("o{i}"), Level::Team, parent.as_deref(), 0)
            })
            .collect());
        let l = layout(&chain);
        assert_eq!(l.edges.len(), 4999);
        assert!(l.cards[4999].y > l.cards[4998].y);
    }

    #[test]
    fn only_cards_in_the_window_are_drawn() {
        let l = layout(&company(2000));
        // At zoom 1, looking at the company card.
        let view = View { x: 100.0 - l.cards[0].x, y: 0.0, scale: 1.0 };
        let (cards, edges) = l.visible(&view.window(1280.0, 800.0));
        assert!(cards.contains(&0) && cards.len() < 50, "{} cards in a 1280×800 window", cards.len());
        assert!(edges.len() < 100);
        let fitted = View::fit(&l, 1280.0, 800.0);
        let (all, _) = l.visible(&fitted.window(1280.0, 800.0));
        assert_eq!(all.len(), 2000, "fitted, everything is in view");
        assert!(!fitted.detailed(), "and drawn as blocks");
    }

    #[test]
    fn a_map_of_up_to_cull_above_cards_draws_every_card_wherever_it_looks() {
        for n in [1, 4, 40, CULL_ABOVE] {
            let l = layout(&company(n));
            // Far away from every card, and at zoom 1 on the first one.
            for view in [View { x: 1e7, y: 1e7, scale: 1.0 }, View::initial(&l, 1366.0, 600.0)] {
                let (cards, edges) = l.drawn(&view.window(1366.0, 600.0));
                assert_eq!((cards.len(), edges.len()), (n, n - 1), "{n} cards");
            }
        }
        let big = layout(&company(CULL_ABOVE + 1));
        let v = View::initial(&big, 1366.0, 600.0);
        assert_eq!(big.drawn(&v.window(1366.0, 600.0)), big.visible(&v.window(1366.0, 600.0)));
        assert!(big.drawn(&v.window(1366.0, 600.0)).0.len() < CULL_ABOVE);
    }

    #[test]
    fn reveal_pans_a_card_into_the_window_and_leaves_a_shown_one_alone() {
        let l = layout(&company(40));
        // Along one axis: shown whole when it fits with its margins, else from its start.
        let shown = |at: f64, size: f64, room: f64| {
            if size + 2.0 * FIT_MARGIN <= room { at >= 0.0 && at + size <= room } else { at == FIT_MARGIN }
        };
        for scale in [0.5, 1.0, 2.0] {
            for (w, h) in [(1366.0, 600.0), (390.0, 500.0)] {
                let start = View { x: 0.0, y: 0.0, scale };
                for card in &l.cards {
                    let v = start.reveal(card, w, h);
                    assert_eq!(v.scale, scale);
                    let (x, y) = (v.x + card.x * scale, v.y + card.y * scale);
                    assert!(
                        shown(x, CARD_W * scale, w) && shown(y, card.h * scale, h),
                        "{card:?} at {scale} in {w}×{h}: {v:?}"
                    );
                    assert_eq!(v.reveal(card, w, h), v, "shown already: no pan");
                }
            }
        }
    }

    #[test]
    fn a_map_opens_readable() {
        let small = layout(&company(3));
        assert_eq!(View::initial(&small, 1280.0, 700.0), View::fit(&small, 1280.0, 700.0), "fits at zoom 1");
        let big = layout(&company(2000));
        let v = View::initial(&big, 1280.0, 700.0);
        assert_eq!(v.scale, 1.0);
        let (cards, _) = big.visible(&v.window(1280.0, 700.0));
        assert!(cards.contains(&0), "the company is in view");
        let (cx, _) = v.to_map(640.0, 0.0);
        assert_eq!(cx, big.cards[0].x + CARD_W / 2.0, "centred on it");
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let v = View { x: 10.0, y: 20.0, scale: 1.0 };
        let before = v.to_map(300.0, 200.0);
        let z = v.zoom_at(2.0, 300.0, 200.0);
        assert_eq!(z.scale, 2.0);
        let after = z.to_map(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        assert_eq!(v.zoom_at(1e9, 0.0, 0.0).scale, MAX_SCALE);
        assert_eq!(v.pan(5.0, -5.0), View { x: 15.0, y: 15.0, scale: 1.0 });
    }

    #[test]
    fn fit_shows_the_whole_map_centred() {
        let l = layout(&company(40));
        let v = View::fit(&l, 1000.0, 700.0);
        let r = v.window(1000.0, 700.0);
        assert!(r.x <= 0.0 && r.y <= 0.0 && r.x + r.w >= l.width && r.y + r.h >= l.height);
        let small = layout(&company(1));
        assert_eq!(View::fit(&small, 1000.0, 700.0).scale, 1.0, "never enlarged");
        assert_eq!(l.nearest(l.cards[3].x + 1.0, l.cards[3].y + 1.0), Some(3), "on the card");
        assert_eq!(l.nearest(l.cards[3].x + 10.0, l.cards[3].y - 5.0), Some(3), "just above it");
        assert_eq!(l.nearest(l.cards[0].x + 100.0, -1e6), Some(0), "far above: the top card");
        let v = View::centre_on(&l.cards[3], 1000.0, 700.0);
        let (cx, cy) = v.to_map(500.0, 350.0);
        assert_eq!(l.nearest(cx, cy), Some(3));
    }
}
