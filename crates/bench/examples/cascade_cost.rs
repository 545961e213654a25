//! What the numeric cascade costs the core: validate + score + check on the
//! 2,000-objective benchmark document as generated (every first key result feeds its
//! parent's, a sum at every level above the leaves) against the same document with the
//! cascade taken out (no `contributes_to`, sums as plain numbers). Issue 14 allows 25%.
//!
//! Usage: cargo run --release -p okrpad-bench --example cascade_cost [-- OBJECTIVES RUNS]

use std::time::Instant;

use okrpad_bench::{Timing, time};
use okrpad_core::calendar::Date;
use okrpad_core::content::generate::generate;
use okrpad_core::formats::file;
use okrpad_core::i18n::Lang;
use okrpad_core::model::{Document, Metric};
use okrpad_core::{rules, scoring};

fn without_cascade(mut document: Document) -> Document {
    for kr in document.objectives.iter_mut().flat_map(|o| &mut o.key_results) {
        kr.contributes_to = None;
        kr.metric = match kr.metric.take() {
            Some(Metric::Sum { start, target, unit } | Metric::Mean { start, target, unit }) => {
                Some(Metric::Number { start, target, unit })
            }
            other => other,
        };
    }
    document
}

/// validate + score + check, each timed, summed by median and by fastest run.
fn steps(document: &Document, today: Date, runs: usize) -> (Timing, [Timing; 3]) {
    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let scores = scoring::score(document, today);
    let validate = time(runs, &clock, || {
        let _ = std::hint::black_box(file::validate(document));
    });
    let score = time(runs, &clock, || {
        std::hint::black_box(scoring::score(document, today));
    });
    let check = time(runs, &clock, || {
        std::hint::black_box(rules::check(document, &scores));
    });
    let total = Timing {
        median_ms: validate.median_ms + score.median_ms + check.median_ms,
        min_ms: validate.min_ms + score.min_ms + check.min_ms,
    };
    (total, [validate, score, check])
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (objectives, runs) = (args.first().copied().unwrap_or(2000), args.get(1).copied().unwrap_or(31));
    let today = Date::new(2026, 2, 15).unwrap_or(Date::MIN);
    let with = generate(objectives, Lang::Zh, today);
    let fed = with.objectives.iter().flat_map(|o| &o.key_results).filter(|k| k.contributes_to.is_some()).count();
    let without = without_cascade(with.clone());
    // Alternate, so a busy neighbour on the machine weighs on both alike.
    let mut totals = (Vec::new(), Vec::new());
    for _ in 0..3 {
        totals.0.push(steps(&without, today, runs));
        totals.1.push(steps(&with, today, runs));
    }
    let best = |v: &[(Timing, [Timing; 3])]| {
        v.iter().copied().min_by(|a, b| a.0.median_ms.total_cmp(&b.0.median_ms)).unwrap_or((
            Timing { median_ms: f64::NAN, min_ms: f64::NAN },
            [Timing { median_ms: f64::NAN, min_ms: f64::NAN }; 3],
        ))
    };
    let (a, b) = (best(&totals.0), best(&totals.1));
    println!("{objectives} objectives, {fed} contributing key results, {runs} runs x3 (best median of three rounds)");
    println!("{:<22} {:>10} {:>10} {:>10} {:>10}", "", "validate", "score", "check", "total");
    for (name, (total, [v, s, c])) in [("without the cascade", a), ("with the cascade", b)] {
        println!(
            "{name:<22} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2}ms",
            v.median_ms, s.median_ms, c.median_ms, total.median_ms
        );
    }
    println!(
        "growth: {:+.1}% (median), {:+.1}% (fastest runs)",
        (b.0.median_ms / a.0.median_ms - 1.0) * 100.0,
        (b.0.min_ms / a.0.min_ms - 1.0) * 100.0
    );
}
