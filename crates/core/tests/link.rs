//! Share links: every document survives a round trip through a link, links stay
//! shorter than the common JSON + deflate + base64url encoding, and hostile links are
//! refused with the right error.
//!
//! `cargo test --test link -- --nocapture` prints the measured lengths.

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use common::document;
use okrpad_core::calendar::Date;
use okrpad_core::content::sample::sample;
use okrpad_core::formats::file::{self, parse};
use okrpad_core::formats::link::{self, LinkError, MAX_CONTENT_LEN, MAX_LINK_LEN};
use okrpad_core::i18n::Lang;
use okrpad_core::model::Document;
use proptest::prelude::*;

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../../tests/fixtures/{path}", env!("CARGO_MANIFEST_DIR"))).expect("a fixture")
}

/// Mermaid Live's encoding of the same document: the JSON (compact, as
/// `JSON.stringify` writes it), zlib-deflated at level 9 (pako's `deflate`), in
/// base64url without padding.
fn mermaid(document: &Document) -> String {
    let json = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&file::to_json(document)).unwrap())
        .expect("JSON");
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9))
}

/// The strongest plain variant: the same compact JSON, raw deflate at the highest level.
fn json_raw_deflate(document: &Document) -> String {
    let json = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&file::to_json(document)).unwrap())
        .expect("JSON");
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10))
}

#[test]
fn links_are_shorter_than_json_deflate_base64url() {
    let today = Date::new(2026, 2, 15).expect("a date");
    let cases = [
        (
            "sales fixture (seed 001, three levels, check-ins)",
            parse(&fixture("sales-2026q1.okr.json")).expect("parses"),
        ),
        ("sample, Chinese", sample(Lang::Zh, today)),
        ("sample, English", sample(Lang::En, today)),
    ];
    println!("{:<52} {:>8} {:>12} {:>15}", "document", "okr1", "mermaid", "json+raw deflate");
    for (name, document) in cases {
        let ours = link::encode(&document).len();
        let (baseline, strongest) = (mermaid(&document).len(), json_raw_deflate(&document).len());
        println!("{name:<52} {ours:>8} {baseline:>12} {strongest:>15}");
        assert!(ours < baseline && ours < strongest, "{name}: {ours} vs {baseline} / {strongest}");
        // Room to spare: at least a fifth shorter.
        assert!(ours * 5 < baseline * 4, "{name}: {ours} vs {baseline}");
        assert!(!link::too_long_for_chat(&link::share_url("https://okrpad.example/", &document)), "{name}");
    }
}

#[test]
fn a_link_from_today_keeps_opening() {
    // Written by okrpad 0.1 on the day link format okr1 shipped. Never regenerate it:
    // it stands for the links people have already pasted into chats and wikis.
    let frozen = fixture("v1/sales-2026q1.link.txt");
    let document = link::decode(frozen.trim()).expect("the frozen link opens");
    assert_eq!(document, parse(&fixture("v1/sales-2026q1.okr.json")).expect("the frozen file parses"));
}

#[test]
fn bombs_and_huge_fragments_are_refused() {
    // 100 MB of zeros deflates to about 100 KB: refused when 4 MiB have been unpacked.
    let bomb = miniz_oxide::deflate::compress_to_vec(&vec![0u8; 100_000_000], 10);
    let link = format!("okr1.{}", URL_SAFE_NO_PAD.encode(&bomb));
    assert!(link.len() < MAX_LINK_LEN);
    assert_eq!(link::decode(&link), Err(LinkError::TooLarge));
    assert!(link::decode(&link).unwrap_err().message().en.contains(&format!("{} MiB", MAX_CONTENT_LEN >> 20)));

    // A 10 MB fragment is refused before it is even read.
    let huge = format!("https://okrpad.example/#okr1.{}", "A".repeat(10_000_000));
    assert!(matches!(link::decode(&huge), Err(LinkError::TooLong { .. })));

    // A small link of very many tiny records is refused at the record cap.
    let records = format!("t{}", "\nO\to\t\t\tt".repeat(link::MAX_RECORDS + 1));
    let flood =
        format!("okr1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(records.as_bytes(), 10)));
    assert!(flood.len() < 10_000, "{}", flood.len());
    assert_eq!(link::decode(&flood), Err(LinkError::TooLarge));

    // Just under the cap, a valid-looking but meaningless fragment is damage, not a hang.
    let garbage = format!("okr1.{}", "Ab9_-".repeat((MAX_LINK_LEN - 10) / 5));
    assert!(matches!(link::decode(&garbage), Err(LinkError::Damaged | LinkError::TooLarge)));
}

#[test]
fn every_error_has_both_languages() {
    let errors = [
        link::decode(""),
        link::decode("#pako:x"),
        link::decode("#okr3.x"),
        link::decode("#okr1.a b!"),
        link::decode("#okr1.AAAA"),
        link::decode(&format!("#okr1.{}", "A".repeat(MAX_LINK_LEN))),
    ];
    for error in errors {
        let message = error.expect_err("refused").message();
        assert!(!message.en.is_empty() && message.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)));
        assert!(!message.zh.contains(':') || message.zh.contains("okr"), "{}", message.zh);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn every_document_survives_a_link(doc in document()) {
        let link = link::encode(&doc);
        prop_assert!(link.starts_with("okr1."));
        prop_assert!(link[5..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        prop_assert_eq!(link::decode(&link), Ok(doc.clone()));
        prop_assert_eq!(link::decode(&link::share_url("https://host/a?b=c", &doc)), Ok(doc));
    }
}
