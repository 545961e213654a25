//! The JSON Schema (draft 2020-12) of format v1, for editors and other tools.
//!
//! okrpad itself never validates against it: [`crate::formats::file::parse`] is the
//! authority, and its messages are better than a schema validator's. The schema
//! exists so that people who write or generate `.okr.json` files elsewhere get
//! completion and early errors in their editor, and so that other programs can check
//! a file without running okrpad (`okrpad schema > okrpad.schema.json`).
//!
//! It is written by hand rather than derived, because a derived schema would carry
//! neither the descriptions nor the closed/open distinction (`metric` and `period`
//! refuse unknown fields, every other object keeps them). The tests below keep it
//! honest: every field the writer produces is declared where it appears, and every
//! declared field is one the writer produces.

/// The schema text, exactly as `okrpad schema` prints it.
pub const SCHEMA: &str = include_str!("okrpad.schema.json");

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::SCHEMA;
    use crate::calendar::{Date, Period};
    use crate::formats::file;
    use crate::model::{CheckIn, Document, Id, KeyResult, Kind, Level, ManualStatus, Metric, Objective};

    fn schema() -> Value {
        serde_json::from_str(SCHEMA).expect("the schema is valid JSON")
    }

    fn day(text: &str) -> Date {
        text.parse().expect("a valid test date")
    }

    /// A document in which every optional field is set and every metric kind occurs,
    /// so that writing it produces every key format v1 knows.
    fn full_document() -> Document {
        let mut check_in = CheckIn::new(day("2026-02-01"), 1200.0);
        check_in.status = Some(ManualStatus::AtRisk);
        check_in.note = "note".into();
        check_in.blockers = "blockers".into();
        check_in.confidence = Some(7);
        let comment = |id: &str| crate::model::Comment {
            id: Id::from(id),
            date: day("2026-02-02"),
            author: "author".into(),
            text: "text".into(),
        };

        let mut number = KeyResult::new("k1", "Leads");
        number.owner = "owner".into();
        number.weight = 2.0;
        number.due = Some(day("2026-03-15"));
        number.metric = Some(Metric::Number { start: 10.0, target: 3000.0, unit: "个".into() });
        number.check_ins.push(check_in);
        number.grade = Some(0.7);
        number.comments.push(comment("c1"));
        number.adjustments.push(crate::model::Adjustment {
            date: day("2026-02-10"),
            field: "target".into(),
            from: "2500".into(),
            to: "3000".into(),
            reason: "reason".into(),
        });
        let mut milestone = KeyResult::new("k2", "Policy");
        milestone.metric = Some(Metric::Milestone);
        let mut children = KeyResult::new("k3", "Channels");
        children.metric = Some(Metric::Children);
        let mut sum = KeyResult::new("k4", "Revenue");
        sum.metric = Some(Metric::Sum { start: 1.0, target: 5.0, unit: "亿元".into() });
        let mut mean = KeyResult::new("k5", "Win rate");
        mean.metric = Some(Metric::Mean { start: 20.0, target: 30.0, unit: "%".into() });
        let mut health = KeyResult::new("k6", "Uptime");
        health.metric = Some(Metric::Health(crate::model::Health {
            min: Some(95.0),
            max: Some(100.0),
            warn_below: Some(97.0),
            warn_above: Some(99.9),
            unit: "%".into(),
        }));

        let period = Period { start: day("2026-01-01"), end: day("2026-03-31") };
        let mut top = Objective::new("A", "Grow", Level::Company);
        top.owner = "owner".into();
        top.period = Some(period);
        top.kind = Kind::Committed;
        top.notes = "notes".into();
        top.retro = Some(crate::model::Retro { worked: "worked".into(), change: "change".into(), next: "next".into() });
        top.adjustments = number.adjustments.clone();
        top.comments.push(comment("c2"));
        top.key_results = vec![number, milestone, children, sum, mean, health];
        let mut child = Objective::new("B", "Channels", Level::Team);
        child.period = Some(period);
        child.parent = Some(Id::from("A"));
        child.parent_kr = Some(Id::from("k3"));
        child.weight = Some(0.5);
        let mut revenue = KeyResult::new("k7", "Channel revenue");
        revenue.metric = Some(Metric::Number { start: 0.0, target: 2000.0, unit: "万元".into() });
        revenue.contributes_to = Some(Id::from("k4"));
        child.key_results.push(revenue);

        Document { title: "Q1".into(), objectives: vec![top, child], cadence_days: Some(14), ..Document::default() }
    }

    /// The schema node `node` points to, following `$ref`s, with its JSON pointer.
    fn resolve<'a>(root: &'a Value, mut node: &'a Value, mut at: String) -> (&'a Value, String) {
        while let Some(Value::String(reference)) = node.get("$ref") {
            let pointer = reference.trim_start_matches('#');
            node = root.pointer(pointer).unwrap_or_else(|| panic!("dangling $ref {reference}"));
            at = pointer.to_owned();
        }
        (node, at)
    }

    fn type_name(instance: &Value) -> &'static str {
        match instance {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Whether the `type`, `const` and `enum` of `schema` admit `instance`, and, for an
    /// object, the `const`s of its properties (which is how a `metric` branch is chosen).
    fn admits(root: &Value, schema: &Value, instance: &Value) -> bool {
        let (schema, _) = resolve(root, schema, String::new());
        let found = type_name(instance);
        let type_ok = match schema.get("type") {
            None => true,
            Some(Value::String(t)) => t == found || (t == "number" && found == "integer"),
            Some(Value::Array(ts)) => ts.iter().any(|t| t == found || (t == "number" && found == "integer")),
            Some(_) => false,
        };
        let const_ok = schema.get("const").is_none_or(|c| c == instance);
        let enum_ok = schema.get("enum").and_then(Value::as_array).is_none_or(|values| values.contains(instance));
        let properties_ok = match (schema.get("properties"), instance) {
            (Some(Value::Object(properties)), Value::Object(fields)) => properties.iter().all(|(key, property)| {
                let (property, _) = resolve(root, property, String::new());
                match (property.get("const"), fields.get(key)) {
                    (Some(expected), Some(value)) => expected == value,
                    (Some(_), None) => false,
                    _ => true,
                }
            }),
            _ => true,
        };
        type_ok && const_ok && enum_ok && properties_ok
    }

    /// A small walker, not a validator: it knows the keywords the okrpad schema uses
    /// and nothing else. It checks an instance against the schema, recording in `seen`
    /// the pointer of every declared property the instance uses and in `errors` what
    /// does not fit: missing required keys, wrong types and enum values, malformed
    /// dates, and undeclared keys where `additionalProperties` is false, or anywhere
    /// when `strict` (for the writer's own output, which has no unknown fields).
    struct Walker<'a> {
        root: &'a Value,
        strict: bool,
        seen: BTreeSet<String>,
        errors: Vec<String>,
    }

    impl Walker<'_> {
        fn walk(&mut self, schema: &Value, at: String, instance: &Value, path: &str) {
            let root = self.root;
            let (schema, at) = resolve(root, schema, at);
            for combinator in ["anyOf", "oneOf"] {
                if let Some(Value::Array(branches)) = schema.get(combinator) {
                    let matching: Vec<usize> =
                        (0..branches.len()).filter(|&i| admits(root, &branches[i], instance)).collect();
                    match matching.as_slice() {
                        [i] => self.walk(&branches[*i], format!("{at}/{combinator}/{i}"), instance, path),
                        [] => self.errors.push(format!("{path}: no branch of {at}/{combinator} admits {instance}")),
                        _ => {
                            self.errors.push(format!("{path}: several branches of {at}/{combinator} admit {instance}"))
                        }
                    }
                    return;
                }
            }
            if !admits(root, schema, instance) {
                self.errors.push(format!("{path}: {instance} does not fit {at}"));
            }
            if schema.get("format").and_then(Value::as_str) == Some("date")
                && let Some(text) = instance.as_str()
                && text.parse::<Date>().is_err()
            {
                self.errors.push(format!("{path}: {text:?} is not a date"));
            }
            match instance {
                Value::Object(fields) => {
                    let properties = schema.get("properties").and_then(Value::as_object);
                    for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
                        if let Some(key) = required.as_str()
                            && !fields.contains_key(key)
                        {
                            self.errors.push(format!("{path}: required field {key} is missing"));
                        }
                    }
                    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
                    for (key, value) in fields {
                        match properties.and_then(|p| p.get(key)) {
                            Some(property) => {
                                let property_at = format!("{at}/properties/{key}");
                                self.seen.insert(property_at.clone());
                                self.walk(property, property_at, value, &format!("{path}.{key}"));
                            }
                            None if closed || self.strict => {
                                self.errors.push(format!("{path}: {key} is not declared at {at}"));
                            }
                            None => {}
                        }
                    }
                }
                Value::Array(items) => {
                    if let Some(item_schema) = schema.get("items") {
                        for (i, item) in items.iter().enumerate() {
                            self.walk(item_schema, format!("{at}/items"), item, &format!("{path}[{i}]"));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The pointer of every property the schema declares.
    fn declared(node: &Value, at: &str, out: &mut BTreeSet<String>) {
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let child_at = format!("{at}/{key}");
                    if key == "properties"
                        && let Value::Object(properties) = child
                    {
                        for (name, property) in properties {
                            let property_at = format!("{child_at}/{name}");
                            out.insert(property_at.clone());
                            declared(property, &property_at, out);
                        }
                    } else {
                        declared(child, &child_at, out);
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    declared(item, &format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
    }

    /// The declared properties `text` uses, and what in it does not fit the schema.
    fn check(text: &str, strict: bool) -> (BTreeSet<String>, Vec<String>) {
        let root = schema();
        let instance: Value = serde_json::from_str(text).expect("test documents are JSON");
        let mut walker = Walker { root: &root, strict, seen: BTreeSet::new(), errors: Vec::new() };
        walker.walk(&root, String::new(), &instance, "$");
        (walker.seen, walker.errors)
    }

    #[test]
    fn schema_is_draft_2020_12_json() {
        let root = schema();
        assert_eq!(root["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(root["properties"]["okrpad"]["const"], file::FORMAT_VERSION);
    }

    #[test]
    fn every_written_key_is_declared_and_every_declared_key_is_written() {
        let text = file::to_json(&full_document());
        let (seen, errors) = check(&text, true);
        assert!(errors.is_empty(), "{errors:#?}\n{text}");
        let mut all = BTreeSet::new();
        declared(&schema(), "", &mut all);
        let never_written: Vec<_> = all.difference(&seen).collect();
        assert!(never_written.is_empty(), "declared but never written: {never_written:#?}");
    }

    #[test]
    fn every_field_has_a_description() {
        let mut all = BTreeSet::new();
        let root = schema();
        declared(&root, "", &mut all);
        for pointer in all {
            let property = root.pointer(&pointer).expect("declared pointers resolve");
            assert!(property.get("description").and_then(Value::as_str).is_some(), "{pointer} has no description");
        }
        let definitions = root["$defs"].as_object().expect("$defs is an object");
        for (name, definition) in definitions {
            assert!(definition.get("description").is_some(), "$defs/{name} has no description");
        }
    }

    #[test]
    fn the_schema_closes_exactly_metric_period_retro_adjustment_and_comment() {
        let root = schema();
        let definitions = root["$defs"].as_object().expect("$defs is an object");
        let closed: BTreeSet<&str> = definitions
            .iter()
            .filter(|(_, d)| d.get("additionalProperties") == Some(&Value::Bool(false)))
            .map(|(name, _)| name.as_str())
            .collect();
        let expected = BTreeSet::from([
            "period",
            "number_metric",
            "milestone_metric",
            "children_metric",
            "sum_metric",
            "mean_metric",
            "health_metric",
            "retro",
            "adjustment",
            "comment",
        ]);
        assert_eq!(closed, expected);
    }

    #[test]
    fn the_example_files_fit_the_schema() {
        let examples = [
            include_str!("../../../../tests/fixtures/sales-2026q1.okr.json"),
            include_str!("../../../../tests/fixtures/with-errors.okr.json"),
            include_str!("../../../../tests/fixtures/weekly-2026q1.okr.json"),
        ];
        for text in examples {
            let (_, errors) = check(text, false);
            assert!(errors.is_empty(), "{errors:#?}");
            assert!(file::parse(text).is_ok());
        }
    }

    #[test]
    fn the_schema_agrees_with_the_parser_on_closed_and_open_objects() {
        let document = |metric: &str, check_in_extra: &str| {
            format!(
                r#"{{"okrpad": 1, "objectives": [{{"id": "A", "level": "team", "key_results": [
                    {{"id": "k", "metric": {metric}, "check_ins": [{{"date": "2026-01-05", "value": 1{check_in_extra}}}]}}]}}]}}"#
            )
        };
        let cases = [
            (document(r#"{"kind": "number", "target": 5}"#, ""), true),
            (document(r#"{"kind": "number", "target": 5}"#, r#", "mood": "good""#), true),
            (document(r#"{"kind": "number", "target": 5, "goal": 6}"#, ""), false),
            (document(r#"{"kind": "percent", "target": 5}"#, ""), false),
            (document(r#"{"kind": "number"}"#, ""), false),
            (document(r#"{"kind": "milestone", "target": 5}"#, ""), false),
            (document(r#"{"kind": "children", "unit": "家"}"#, ""), false),
        ];
        for (text, valid) in cases {
            let (_, errors) = check(&text, false);
            assert_eq!(errors.is_empty(), valid, "schema on {text}: {errors:?}");
            assert_eq!(file::parse(&text).is_ok(), valid, "parser on {text}");
        }
    }
}
