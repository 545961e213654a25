//! What `make bench` times in the core, in one place for both of its harnesses: the
//! native one (`benches/core.rs`) and the Wasm one (`src/bin/okrpad-bench-core.rs`,
//! run in Chromium). Both pass their own clock and run exactly these steps, so the
//! Wasm/native ratio compares the same work. The app itself never calls this.

use std::hint::black_box;

use serde::Serialize;

use okrpad_core::calendar::Date;
use okrpad_core::{formats::file, rules, scoring};

/// How long one step took over several runs, in milliseconds. The median is the
/// figure; the fastest run is what the step costs when nothing else wanted the CPU,
/// which on a shared machine is the better estimate of a quiet one.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Timing {
    pub median_ms: f64,
    pub min_ms: f64,
}

/// The core steps' times on one document.
#[derive(Clone, Debug, Serialize)]
pub struct CoreTimes {
    pub objectives: usize,
    /// Size of the format v1 text, in bytes.
    pub bytes: usize,
    pub runs: usize,
    /// Reading the file: JSON to a validated document (what an import does).
    pub parse: Timing,
    /// The id check alone (`file::validate`).
    pub validate: Timing,
    pub score: Timing,
    /// The rules (`rules::check`), given the scores.
    pub check: Timing,
    /// Writing the file (what an export or a save does).
    pub to_json: Timing,
}

/// The median of `samples` (the mean of the middle two for an even count).
pub fn median(mut samples: Vec<f64>) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => samples[n / 2],
        _ => (samples[n / 2 - 1] + samples[n / 2]) / 2.0,
    }
}

/// `runs` runs of `step`, timed with `clock` (milliseconds), after one untimed run (so
/// a JIT's first compile or a cold allocator is not in the figure).
pub fn time(runs: usize, clock: &dyn Fn() -> f64, mut step: impl FnMut()) -> Timing {
    step();
    let samples: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = clock();
            step();
            clock() - start
        })
        .collect();
    let min_ms = samples.iter().copied().fold(f64::INFINITY, f64::min);
    Timing { median_ms: median(samples), min_ms }
}

/// Times each core step on the document in `json`, scored as of `today`.
pub fn core_times(json: &str, today: Date, runs: usize, clock: &dyn Fn() -> f64) -> Result<CoreTimes, String> {
    let document = file::parse(json).map_err(|e| e.message().en)?;
    let scores = scoring::score(&document, today);
    Ok(CoreTimes {
        objectives: document.objectives.len(),
        bytes: json.len(),
        runs,
        parse: time(runs, clock, || {
            let _ = black_box(file::parse(black_box(json)));
        }),
        validate: time(runs, clock, || {
            let _ = black_box(file::validate(black_box(&document)));
        }),
        score: time(runs, clock, || {
            black_box(scoring::score(black_box(&document), today));
        }),
        check: time(runs, clock, || {
            black_box(rules::check(black_box(&document), &scores));
        }),
        to_json: time(runs, clock, || {
            black_box(file::to_json(black_box(&document)));
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_sample() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(vec![]).is_nan());
    }

    #[test]
    fn every_step_is_timed_on_a_readable_document() {
        let today = Date::new(2026, 2, 15).unwrap();
        let json = file::to_json(&okrpad_core::content::generate::generate(20, okrpad_core::i18n::Lang::En, today));
        // A clock that advances 1 ms per reading: each step takes exactly 1 ms.
        let ticks = std::cell::Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let times = core_times(&json, today, 3, &clock).unwrap();
        assert_eq!((times.objectives, times.bytes), (20, json.len()));
        let one = Timing { median_ms: 1.0, min_ms: 1.0 };
        assert_eq!([times.parse, times.validate, times.score, times.check, times.to_json], [one; 5]);
        assert!(core_times("{}", today, 1, &clock).is_err());
    }
}
