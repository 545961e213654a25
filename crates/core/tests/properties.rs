//! Properties over generated documents: any document okrpad can hold survives a
//! write and a read unchanged, and scoring and the rules finish on any of them,
//! however tangled its references.

mod common;

use common::{date, document};
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::rules::check;
use okrpad_core::scoring::score;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn writing_then_reading_gives_the_same_document(doc in document()) {
        let text = to_json(&doc);
        prop_assert_eq!(parse(&text).unwrap(), doc);
    }

    #[test]
    fn scoring_and_rules_finish_and_stay_in_range(doc in document(), as_of in date()) {
        let scores = score(&doc, as_of);
        for o in &scores.objectives {
            prop_assert!((0.0..=1.0).contains(&o.progress));
            prop_assert!((0.0..=1.0).contains(&o.expected));
        }
        for k in scores.key_results.iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&k.progress));
        }
        let findings = check(&doc, &scores);
        for f in &findings {
            prop_assert!(!f.message.zh.is_empty() && !f.message.en.is_empty());
        }
    }

    #[test]
    fn no_text_makes_the_parser_panic(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn damaged_files_are_refused_or_read_but_never_panic(doc in document(), cut in any::<prop::sample::Index>(), byte in any::<u8>()) {
        let mut text = to_json(&doc).into_bytes();
        let at = cut.index(text.len());
        text[at] = byte;
        let _ = parse(&String::from_utf8_lossy(&text));
        let _ = parse(&String::from_utf8_lossy(&text[..at]));
    }
}
