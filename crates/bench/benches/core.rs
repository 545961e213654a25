//! The native half of `make bench` (run by tests/e2e/bench/bench.mjs, not by hand):
//! writes the generated documents the browser half loads, times the core on them, and
//! measures okrpad's share links. A plain timing harness rather than Criterion: the
//! figures are medians of a few runs, and Criterion would cost minutes of compile.
//!
//! Usage: cargo bench --bench core -- [--smoke] [--out DIR]   (DIR: target/bench)
//! `--smoke` uses tiny documents and one run, to prove the pipeline works.

use std::path::{Path, PathBuf};
use std::time::Instant;

use okrpad_bench::{CoreTimes, core_times};
use okrpad_core::calendar::Date;
use okrpad_core::content::generate::generate;
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::i18n::Lang;
use okrpad_core::{content::sample, formats::link};
use serde_json::json;

/// The bytes the "import and export" figure is about.
const BIG_FILE_BYTES: usize = 5_000_000;

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let smoke = args.iter().any(|a| a == "--smoke");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/bench")), PathBuf::from);
    let docs = out.join("docs");
    // The browser half measures every scale-*.json here: none may be left from a run
    // with other sizes.
    if docs.exists() {
        std::fs::remove_dir_all(&docs).map_err(|e| format!("{}: {e}", docs.display()))?;
    }
    std::fs::create_dir_all(&docs).map_err(|e| format!("{}: {e}", docs.display()))?;

    let today = today();
    let (sizes, big_bytes, runs): (&[usize], usize, usize) =
        if smoke { (&[5, 10, 20], 50_000, 1) } else { (&[100, 1000, 2000], BIG_FILE_BYTES, 15) };
    let largest = *sizes.last().unwrap_or(&0);

    let mut largest_json = String::new();
    for &n in sizes {
        let json = to_json(&generate(n, Lang::Zh, today));
        write(&docs.join(format!("scale-{n}.json")), &json)?;
        if n == largest {
            largest_json = json;
        }
    }
    // Enough objectives for a file of about `big_bytes`.
    let per_objective = largest_json.len() / largest.max(1);
    let big = to_json(&generate((big_bytes / per_objective.max(1)).max(1), Lang::Zh, today));
    write(&docs.join("big.json"), &big)?;

    // The sample as of a fixed day, so its link length does not move with the calendar.
    let sample_day = Date::new(2026, 2, 15).ok_or("bad date")?;
    let sample_json = to_json(&sample::sample(Lang::Zh, sample_day));
    write(&docs.join("sample.json"), &sample_json)?;
    let sales_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/sales-2026q1.okr.json");
    let sales_json = std::fs::read_to_string(&sales_path).map_err(|e| format!("{}: {e}", sales_path.display()))?;
    write(&docs.join("sales.json"), &sales_json)?;

    let started = Instant::now();
    let clock = move || started.elapsed().as_secs_f64() * 1000.0;
    let core: CoreTimes = core_times(&largest_json, today, runs, &clock)?;
    let file: CoreTimes = core_times(&big, today, runs.min(7), &clock)?;
    let link_length = |json: &str| parse(json).map(|d| link::encode(&d).len()).map_err(|e| e.message().en);
    let report = json!({
        "today": today.to_string(),
        "core": core,
        "file": file,
        "links": {
            "sample": link_length(&sample_json)?,
            "sales": link_length(&sales_json)?,
        },
    });
    let text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    write(&out.join("native.json"), &text)?;
    println!("{text}");
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Today (UTC): the generated check-ins are dated from it, as the app scores them.
fn today() -> Date {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    Date::from_days_since_epoch(i64::try_from(days).unwrap_or(0)).unwrap_or(Date::MIN)
}
