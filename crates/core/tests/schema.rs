//! The published JSON Schema (`okrpad schema`) and the parser agree, checked by an
//! independent validator (the `jsonschema` crate): every document the parser accepts
//! fits the schema, and each way of breaking a document that the parser refuses, the
//! schema refuses too. What only the parser can check (unique ids, references) is left
//! out of the second half.

mod common;

use common::document;
use okrpad_core::formats::file::{parse, to_json};
use okrpad_core::formats::schema::SCHEMA;
use proptest::prelude::*;
use serde_json::{Value, json};

/// The validator, built once: formats (`date`) are checked too.
fn validator() -> &'static jsonschema::Validator {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| {
        let schema: Value = serde_json::from_str(SCHEMA).unwrap();
        jsonschema::options().should_validate_formats(true).build(&schema).unwrap()
    });
    &VALIDATOR
}

/// Ways to break a document (as JSON, with at least one objective and key result),
/// each of which the parser refuses.
const BREAKS: usize = 13;

fn break_document(value: &mut Value, how: usize) {
    let objective = &mut value["objectives"][0];
    match how {
        0 => objective["title"] = json!("a\u{0}b"),
        1 => objective["title"] = json!("x".repeat(1001)),
        2 => objective["id"] = json!(""),
        3 => objective["id"] = json!("i".repeat(201)),
        4 => objective["level"] = json!("teem"),
        5 => objective["period"] = json!({"start": "0000-01-01", "end": "2026-03-31"}),
        6 => objective["period"] = json!({"start": "2026-02-30", "end": "2026-03-31"}),
        7 => objective["key_results"][0]["metric"] = json!({"kind": "number", "target": 1, "direction": "up"}),
        8 => objective["key_results"][0]["owner"] = json!("\u{1b}[31m"),
        9 => objective["notes"] = json!("n".repeat(20_001)),
        10 => value["okrpad"] = json!(2),
        11 => objective["key_results"][0]["weight"] = json!(1.7e308),
        12 => objective["key_results"][0]["check_ins"] = json!([{"date": "2026-01-05", "value": -1e16}]),
        _ => objective["key_results"][0]["check_ins"] = json!([{"date": "0000-12-31", "value": 1}]),
    }
}

fn with_key_result(mut document: okrpad_core::model::Document) -> okrpad_core::model::Document {
    use okrpad_core::model::{KeyResult, Level, Objective};
    if document.objectives.is_empty() {
        document.objectives.push(Objective::new("o-extra", "", Level::Team));
    }
    if document.objectives[0].key_results.is_empty() {
        document.objectives[0].key_results.push(KeyResult::new("k-extra", ""));
    }
    document
}

#[test]
fn grades_outside_0_to_1_are_read_by_both() {
    for grade in [1.5, -0.2, 0.0, 1.0] {
        let text = format!(
            r#"{{"okrpad": 1, "objectives": [{{"id": "o", "level": "team", "key_results": [{{"id": "k", "grade": {grade}}}]}}]}}"#
        );
        assert!(parse(&text).is_ok(), "{grade}");
        assert!(validator().is_valid(&serde_json::from_str(&text).unwrap()), "{grade}");
    }
}

#[test]
fn year_0000_is_refused_by_both() {
    let text = r#"{"okrpad": 1, "objectives": [{"id": "o", "level": "team", "key_results": [{"id": "k", "due": "0000-03-01"}]}]}"#;
    assert!(parse(text).is_err());
    assert!(!validator().is_valid(&serde_json::from_str(text).unwrap()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn what_the_parser_accepts_fits_the_schema(doc in document()) {
        let text = to_json(&doc);
        prop_assert!(parse(&text).is_ok());
        let value: Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator().iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        prop_assert!(errors.is_empty(), "{:?}\n{}", errors, text);
    }

    #[test]
    fn what_the_parser_refuses_the_schema_refuses(doc in document(), how in 0..BREAKS) {
        let mut value: Value = serde_json::from_str(&to_json(&with_key_result(doc))).unwrap();
        break_document(&mut value, how);
        let text = value.to_string();
        prop_assert!(parse(&text).is_err(), "break {} accepted by the parser", how);
        prop_assert!(!validator().is_valid(&value), "break {} accepted by the schema:\n{}", how, text);
    }
}
