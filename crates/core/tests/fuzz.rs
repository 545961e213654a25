//! Fuzzing the three doors for outside data: `file::parse` (files), `csv::from_csv`
//! (spreadsheets) and `link::decode` (share links). Whatever they are given, they
//! return a document or an error, never panic and never hang.
//!
//! `cargo test` runs a few thousand generated inputs (the proptest cases below). The
//! long run is a separate ignored test with its own fast generator:
//!
//! ```sh
//! OKRPAD_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --ignored --nocapture
//! ```
//!
//! It prints how many inputs each decoder accepted and refused, and the slowest one.

mod common;

use common::Rng;

use std::sync::LazyLock;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use okrpad_core::calendar::Date;
use okrpad_core::content::sample::sample;
use okrpad_core::formats::csv::{from_csv, to_csv};
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::formats::link;
use okrpad_core::i18n::Lang;
use okrpad_core::model::Document;
use okrpad_core::scoring::score;
use proptest::prelude::*;

fn today() -> Date {
    Date::new(2026, 2, 15).expect("a date")
}

/// The documents that damaged inputs start from, read once.
static SEEDS: LazyLock<Vec<Document>> = LazyLock::new(seeds);

fn seeds() -> Vec<Document> {
    let read = |name: &str| {
        let path = format!("{}/../../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        parse(&std::fs::read_to_string(path).expect("a fixture")).expect("a valid fixture")
    };
    vec![
        read("sales-2026q1.okr.json"),
        read("v1/every-field.okr.json"),
        sample(Lang::Zh, today()),
        sample(Lang::En, today()),
    ]
}

/// The uncompressed payload of a link, to mutate below the compression.
fn payload_of(link: &str) -> String {
    let bytes = URL_SAFE_NO_PAD.decode(&link["okr1.".len()..]).expect("base64");
    String::from_utf8(miniz_oxide::inflate::decompress_to_vec(&bytes).expect("deflate")).expect("UTF-8")
}

/// A link carrying `payload` as it is, so the record reader sees the mutations.
fn pack(payload: &[u8]) -> String {
    format!("okr1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(payload, 1)))
}

/// Runs every decoder on `text`; they must return, whatever they return.
fn decode_all(text: &str) {
    let _ = parse(text);
    let _ = from_csv(text, today());
    let _ = link::decode(text);
}

/// Fragments that matter to the decoders, to splice into inputs.
const TOKENS: &[&str] = &[
    "\"",
    ",",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\\",
    "\\n",
    "\\q",
    "{",
    "}",
    "[",
    "]",
    ":",
    "null",
    "0",
    "-1",
    "1e999",
    "2026-02-30",
    "\"okrpad\": 2",
    "\"okrpad\": 1",
    "O\t",
    "\nK\t",
    "\nC\t",
    "#",
    "okr1.",
    "okr2.",
    "\u{feff}",
    "'",
    "=",
    "é",
    "中",
    "\u{0}",
    "objective_id",
    ",level",
    "9999999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_refused_or_read(text in any::<String>()) {
        decode_all(&text);
    }

    #[test]
    fn text_made_of_the_decoders_own_tokens_is_refused_or_read(parts in prop::collection::vec(prop::sample::select(TOKENS), 0..40)) {
        let text: String = parts.concat();
        decode_all(&text);
        decode_all(&format!("objective_id,level,kr_id,target,current\n{text}"));
        let _ = link::decode(&pack(text.as_bytes()));
    }

    #[test]
    fn links_of_any_base64_are_refused_or_read(body in "[A-Za-z0-9_-]{0,300}") {
        let _ = link::decode(&format!("okr1.{body}"));
        let _ = link::decode(&format!("https://okrpad.example/#okr1.{body}"));
    }

    #[test]
    fn damaged_files_links_and_csv_are_refused_or_read(
        seed in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, prop::sample::select(TOKENS), any::<u8>()), 1..6),
    ) {
        let document = &SEEDS[seed];
        let link = link::encode(document);
        let inputs = [
            to_json(document),
            to_csv(document, &score(document, today()), Lang::Zh),
            link.clone(),
            payload_of(&link),
        ];
        for (kind, input) in inputs.iter().enumerate() {
            let mut bytes = input.clone().into_bytes();
            for (at, op, token, byte) in &edits {
                let at = at.index(bytes.len() + 1);
                mutate(&mut bytes, at, *op, token, *byte);
            }
            if kind == 3 {
                let _ = link::decode(&pack(&bytes));
            } else {
                decode_all(&String::from_utf8_lossy(&bytes));
            }
        }
    }
}

/// One edit of `bytes` at `at`: overwrite a byte, splice a token, cut the rest, or
/// delete a stretch.
fn mutate(bytes: &mut Vec<u8>, at: usize, op: u8, token: &str, byte: u8) {
    let at = at.min(bytes.len());
    match op {
        0 if at < bytes.len() => bytes[at] = byte,
        1 => {
            bytes.splice(at..at, token.bytes());
        }
        2 => bytes.truncate(at),
        _ => {
            let end = (at + usize::from(byte % 16)).min(bytes.len());
            bytes.drain(at..end);
        }
    }
}

#[derive(Default)]
struct Tally {
    accepted: usize,
    refused: usize,
    slowest: Duration,
}

impl Tally {
    fn time<T, E>(&mut self, run: impl FnOnce() -> Result<T, E>) {
        let start = Instant::now();
        let result = run();
        self.slowest = self.slowest.max(start.elapsed());
        if result.is_ok() {
            self.accepted += 1;
        } else {
            self.refused += 1;
        }
    }
}

#[test]
#[ignore = "the long run: OKRPAD_FUZZ_CASES=1000000 cargo test --release --test fuzz -- --ignored --nocapture"]
fn a_million_inputs() {
    let cases: usize = std::env::var("OKRPAD_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let mut rng = Rng(0x6f6b_7270_6164);
    let documents = &*SEEDS;
    // For each seed document: its file, its CSV, its link and its link's payload.
    let inputs: Vec<[Vec<u8>; 4]> = documents
        .iter()
        .map(|d| {
            let link = link::encode(d);
            let payload = payload_of(&link).into_bytes();
            [to_json(d).into_bytes(), to_csv(d, &score(d, today()), Lang::En).into_bytes(), link.into_bytes(), payload]
        })
        .collect();
    let (mut json, mut csv, mut links) = (Tally::default(), Tally::default(), Tally::default());
    let started = Instant::now();
    for case in 0..cases {
        let seed = &inputs[rng.below(inputs.len())];
        let kind = case % 4;
        let mut bytes = if rng.below(16) == 0 {
            // Now and then, plain noise instead of a damaged valid input.
            (0..rng.below(200)).map(|_| rng.next() as u8).collect()
        } else {
            seed[kind].clone()
        };
        for _ in 0..=rng.below(4) {
            let at = rng.below(bytes.len() + 1);
            let token = TOKENS[rng.below(TOKENS.len())];
            mutate(&mut bytes, at, (rng.next() % 4) as u8, token, rng.next() as u8);
        }
        let text = String::from_utf8_lossy(&bytes);
        match kind {
            0 => json.time(|| parse(&text)),
            1 => csv.time(|| from_csv(&text, today())),
            2 => links.time(|| link::decode(&text)),
            _ => {
                let packed = pack(&bytes);
                links.time(|| link::decode(&packed));
            }
        }
    }
    let elapsed = started.elapsed();
    println!("{cases} inputs in {:.1} s", elapsed.as_secs_f64());
    for (name, tally) in [("file::parse", &json), ("csv::from_csv", &csv), ("link::decode", &links)] {
        println!(
            "{name:<14} {:>8} accepted {:>8} refused, slowest {:.2} ms",
            tally.accepted,
            tally.refused,
            tally.slowest.as_secs_f64() * 1000.0
        );
    }
    assert_eq!(json.accepted + json.refused + csv.accepted + csv.refused + links.accepted + links.refused, cases);
}
