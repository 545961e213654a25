//! `okrpad check`: the linter's findings, one line each, or as JSON.
//!
//! The exit code is the part scripts and CI use most: 1 when any finding is an
//! error, so a pipeline can refuse a broken OKR file the way it refuses a failing
//! test, while warnings and information never fail a build.

use serde::Serialize;

use super::{Output, Request, exit, json_line};
use okrpad_core::i18n::Lang;
use okrpad_core::i18n::labels::Label;
use okrpad_core::model::Id;
use okrpad_core::model::limits::one_line;
use okrpad_core::rules::{self, Finding, Severity};
use okrpad_core::scoring::score;

/// The JSON output: `{"findings": [...]}`, nothing else, so it can grow keys later
/// without breaking a script that reads `findings`.
#[derive(Serialize)]
struct Report<'a> {
    findings: Vec<FindingJson<'a>>,
}

#[derive(Serialize)]
struct FindingJson<'a> {
    rule: &'static str,
    severity: &'static str,
    objective: Option<&'a str>,
    key_result: Option<&'a str>,
    message: &'a str,
}

pub(super) fn run(request: &Request) -> Output {
    let scores = score(&request.document, request.at);
    let findings = rules::check(&request.document, &scores);
    let has_error = findings.iter().any(|f| f.severity == Severity::Error);
    let stdout = if request.json { json(&findings, request.lang) } else { text(&findings, request.lang) };
    let code = if has_error { exit::FINDINGS } else { exit::OK };
    Output { stdout, code, ..Output::default() }
}

fn json(findings: &[Finding], lang: Lang) -> String {
    let findings = findings
        .iter()
        .map(|finding| FindingJson {
            rule: finding.rule.id(),
            severity: finding.severity.as_str(),
            objective: finding.objective.as_ref().map(|id| id.as_str()),
            key_result: finding.key_result.as_ref().map(|id| id.as_str()),
            message: finding.message.get(lang),
        })
        .collect();
    json_line(&Report { findings })
}

/// `Error[kr-target] sc > sc-1: message`, one line a finding (ids and the titles a
/// message quotes are shown on one line), then a line of counts.
fn text(findings: &[Finding], lang: Lang) -> String {
    let colon = if lang == Lang::Zh { "\u{ff1a}" } else { ": " }; // full-width colon in Chinese
    let mut out = String::new();
    for finding in findings {
        let id = |id: &Id| one_line(id.as_str()).into_owned();
        let place = match (&finding.objective, &finding.key_result) {
            (Some(objective), Some(key_result)) => format!(" {} > {}", id(objective), id(key_result)),
            (Some(one), None) | (None, Some(one)) => format!(" {}", id(one)),
            (None, None) => String::new(),
        };
        // A message quotes titles: on one line, so one finding stays one line.
        out.push_str(&format!(
            "{}[{}]{place}{colon}{}\n",
            finding.severity.label().get(lang),
            finding.rule.id(),
            one_line(finding.message.get(lang)),
        ));
    }
    let count = |severity: Severity| findings.iter().filter(|f| f.severity == severity).count();
    let (errors, warnings, infos) = (count(Severity::Error), count(Severity::Warning), count(Severity::Info));
    if !findings.is_empty() {
        out.push('\n');
    }
    out.push_str(&match lang {
        Lang::Zh => format!("错误 {errors} 个\u{ff0c}警告 {warnings} 个\u{ff0c}提示 {infos} 个\n"),
        Lang::En => format!(
            "{errors} {}, {warnings} {}, {infos} {}\n",
            if errors == 1 { "error" } else { "errors" },
            if warnings == 1 { "warning" } else { "warnings" },
            if infos == 1 { "note" } else { "notes" },
        ),
    });
    out
}
