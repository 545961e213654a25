//! Generators of documents for the property tests, shared by `tests/properties.rs`,
//! the codec tests and the fuzz tests: every field, every metric, unknown fields,
//! text in Chinese and in any Unicode, and references that go anywhere (to real
//! objectives, to themselves, to ids that do not exist).

// Each test file uses a different part of this module.
#![allow(dead_code)]

use okrpad_core::calendar::{Date, Period};
use okrpad_core::model::{
    Adjustment, CheckIn, Comment, Document, Extra, Health, Id, KeyResult, Kind, Level, ManualStatus, Metric, Objective,
    Retro,
};
use proptest::prelude::*;

pub fn date() -> impl Strategy<Value = Date> {
    // 2000-01-01 .. 2040-12-31, plus the extremes of the range.
    prop_oneof![
        9 => (10_957i64..25_932).prop_map(|d| Date::from_days_since_epoch(d).unwrap()),
        1 => Just(Date::MIN),
        1 => Just(Date::MAX),
    ]
}

/// A number a document may hold: finite and within `limits::MAX_NUMBER`, the bound
/// itself included.
pub fn finite() -> impl Strategy<Value = f64> {
    use okrpad_core::model::limits::MAX_NUMBER;
    prop_oneof![
        4 => (-1000i32..5000).prop_map(f64::from),
        2 => -1e6f64..1e6,
        // Larger ones become the bound, so the bound itself is tried often.
        1 => (prop::num::f64::NORMAL | prop::num::f64::SUBNORMAL | prop::num::f64::ZERO)
            .prop_map(|x| x.clamp(-MAX_NUMBER, MAX_NUMBER)),
    ]
}

/// Text a document may hold: any Unicode but the control characters the model refuses
/// (tab and line breaks are kept), within every length limit.
pub fn text() -> impl Strategy<Value = String> {
    let any_allowed =
        any::<String>().prop_map(|s| s.chars().filter(|&c| okrpad_core::model::limits::allowed(c)).collect());
    prop_oneof![Just(String::new()), "[a-zA-Z0-9 ,.%]{0,30}", "[\u{4e00}-\u{9fa5},。%0-9]{0,20}", any_allowed]
}

pub fn extra() -> impl Strategy<Value = Extra> {
    let value = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        "[a-z]{0,8}".prop_map(serde_json::Value::from),
    ];
    prop::collection::btree_map("x-[a-z]{1,6}", value, 0..2)
}

pub fn metric() -> impl Strategy<Value = Option<Metric>> {
    prop_oneof![
        Just(None),
        (finite(), finite(), text()).prop_map(|(start, target, unit)| Some(Metric::Number { start, target, unit })),
        Just(Some(Metric::Milestone)),
        Just(Some(Metric::Children)),
        (finite(), finite(), unit()).prop_map(|(start, target, unit)| Some(Metric::Sum { start, target, unit })),
        (finite(), finite(), unit()).prop_map(|(start, target, unit)| Some(Metric::Mean { start, target, unit })),
        health().prop_map(|h| Some(Metric::Health(h))),
    ]
}

/// Units that convert into each other, and others that do not.
pub fn unit() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["", "元", "万元", "亿元", "万", "亿", "k", "M", "B", "个", "%"])
            .prop_map(str::to_owned),
        text(),
    ]
}

/// A valid health band: limits in order, each of the four present or not (at least
/// one of `min` and `max`).
pub fn health() -> impl Strategy<Value = Health> {
    ([finite(), finite(), finite(), finite()], any::<u8>(), unit()).prop_map(|(mut v, set, unit)| {
        v.sort_by(f64::total_cmp);
        let on = |bit: u8| set & (1 << bit) != 0;
        Health {
            min: (on(0) || !on(1)).then_some(v[0]),
            max: on(1).then_some(v[3]),
            warn_below: on(2).then_some(v[1]),
            warn_above: on(3).then_some(v[2]),
            unit,
        }
    })
}

pub fn check_in() -> impl Strategy<Value = CheckIn> {
    let status = prop::option::of(prop_oneof![
        Just(ManualStatus::OnTrack),
        Just(ManualStatus::AtRisk),
        Just(ManualStatus::OffTrack)
    ]);
    (date(), finite(), status, text(), text(), extra(), prop::option::of(0u8..=10)).prop_map(
        |(date, value, status, note, blockers, extra, confidence)| CheckIn {
            date,
            value,
            status,
            note,
            blockers,
            confidence,
            extra,
        },
    )
}

/// A comment; its id is filled in by `document` so that comment ids are unique.
pub fn comment() -> impl Strategy<Value = Comment> {
    (date(), text(), text()).prop_map(|(date, author, text)| Comment { id: Id::from("_"), date, author, text })
}

pub fn comments() -> impl Strategy<Value = Vec<Comment>> {
    prop::collection::vec(comment(), 0..3)
}

/// A mid-period change on the record; `field` is any text (files may name others).
pub fn adjustment() -> impl Strategy<Value = Adjustment> {
    (date(), prop_oneof![Just("title".to_owned()), Just("target".to_owned()), "[a-z_]{1,8}"], text(), text(), text())
        .prop_map(|(date, field, from, to, reason)| Adjustment { date, field, from, to, reason })
}

pub fn adjustments() -> impl Strategy<Value = Vec<Adjustment>> {
    prop::collection::vec(adjustment(), 0..3)
}

/// A retrospective, sometimes present but empty (`"retro": {}`).
pub fn retro() -> impl Strategy<Value = Option<Retro>> {
    prop::option::of((text(), text(), text()).prop_map(|(worked, change, next)| Retro { worked, change, next }))
}

/// A key result; its id is filled in by `document` so that ids are unique.
pub fn key_result() -> impl Strategy<Value = KeyResult> {
    (
        (
            text(),
            text(),
            finite(),
            prop::option::of(date()),
            metric(),
            prop::collection::vec(check_in(), 0..4),
            extra(),
        ),
        prop::option::of(prop_oneof![(0u8..=10).prop_map(|g| f64::from(g) / 10.0), finite()]),
        adjustments(),
        comments(),
        any::<usize>(),
    )
        .prop_map(
            |((title, owner, weight, due, metric, check_ins, extra), grade, adjustments, comments, feeds)| {
                KeyResult {
                    id: Id::from("_"),
                    title,
                    owner,
                    weight,
                    due,
                    metric,
                    // Where `contributes_to` points: resolved by `document` once all ids exist.
                    contributes_to: Some(Id(format!("#{feeds}"))),
                    check_ins,
                    grade,
                    adjustments,
                    comments,
                    extra,
                }
            },
        )
}

pub fn objective() -> impl Strategy<Value = (Objective, usize, usize)> {
    let level = prop_oneof![Just(Level::Company), Just(Level::Department), Just(Level::Team), Just(Level::Individual)];
    let kind = prop_oneof![Just(Kind::Committed), Just(Kind::Aspirational)];
    let period = prop::option::of((date(), date()).prop_map(|(start, end)| Period { start, end }));
    (
        (text(), text(), level, period, kind, prop::option::of(finite()), text()),
        prop::collection::vec(key_result(), 0..6),
        extra(),
        // Where `parent` and `parent_kr` point: indexes resolved once all ids exist.
        any::<usize>(),
        any::<usize>(),
        (retro(), adjustments(), comments()),
    )
        .prop_map(
            |(
                (title, owner, level, period, kind, weight, notes),
                key_results,
                extra,
                parent,
                parent_kr,
                (retro, adjustments, comments),
            )| {
                let objective = Objective {
                    id: Id::from("_"),
                    title,
                    owner,
                    level,
                    period,
                    parent: None,
                    parent_kr: None,
                    kind,
                    weight,
                    notes,
                    key_results,
                    retro,
                    adjustments,
                    comments,
                    extra,
                };
                (objective, parent, parent_kr)
            },
        )
}

/// Documents whose references go anywhere: to real objectives and key results
/// (including themselves, so loops are common), or to ids that do not exist.
pub fn document() -> impl Strategy<Value = Document> {
    let cadence = prop::option::of(prop_oneof![Just(7u32), Just(14), 1u32..=366]);
    (text(), prop::collection::vec(objective(), 0..12), extra(), cadence).prop_map(
        |(title, parts, extra, cadence_days)| {
            let mut objectives: Vec<Objective> = Vec::new();
            let mut kr_ids = Vec::new();
            for (i, (mut objective, _, _)) in parts.iter().cloned().enumerate() {
                objective.id = Id(format!("o{i}"));
                for (c, comment) in objective.comments.iter_mut().enumerate() {
                    comment.id = Id(format!("c-o{i}-{c}"));
                }
                for (j, kr) in objective.key_results.iter_mut().enumerate() {
                    kr.id = Id(format!("o{i}k{j}"));
                    kr_ids.push(kr.id.clone());
                    for (c, comment) in kr.comments.iter_mut().enumerate() {
                        comment.id = Id(format!("c-o{i}k{j}-{c}"));
                    }
                }
                objectives.push(objective);
            }
            let count = objectives.len();
            for (objective, (_, parent, parent_kr)) in objectives.iter_mut().zip(&parts) {
                // About one in four has no parent, one in eight names a missing one.
                objective.parent = match parent % 8 {
                    0 | 1 => None,
                    2 => Some(Id::from("missing")),
                    _ => Some(Id(format!("o{}", parent / 8 % count.max(1)))),
                };
                objective.parent_kr = match (parent_kr % 4, kr_ids.is_empty()) {
                    (0, false) => Some(kr_ids[parent_kr / 4 % kr_ids.len()].clone()),
                    (1, _) => Some(Id::from("nowhere")),
                    _ => None,
                };
                // About half feed another key result (anywhere, themselves included), a
                // few a missing one.
                for kr in &mut objective.key_results {
                    let feeds = kr.contributes_to.take().and_then(|id| id.0[1..].parse::<usize>().ok()).unwrap_or(0);
                    kr.contributes_to = match (feeds % 8, kr_ids.is_empty()) {
                        (0..=3, false) => Some(kr_ids[feeds / 8 % kr_ids.len()].clone()),
                        (4, _) => Some(Id::from("nowhere")),
                        _ => None,
                    };
                }
            }
            Document { title, objectives, cadence_days, extra }
        },
    )
}

/// SplitMix64: a small, fast, deterministic generator, for long fuzz runs and
/// reproducible random edit sequences.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
