//! One door for everything a user brings into the app: a file picked or dropped, text
//! pasted, a share link, a file fetched by URL. Each is sniffed, read by its own codec
//! (`format`, `csv`, `link`) and either becomes a [`Document`] or a message in both
//! languages. Nothing here changes the user's work: the caller shows a preview and
//! asks before it opens, replaces or merges anything.

use crate::calendar::Date;
use crate::formats::csv;
use crate::formats::file;
use crate::formats::link;
use crate::i18n::Text;
use crate::model::Document;

/// What kind of text was brought in, as far as can be told before reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Csv,
    Link,
}

/// Tells JSON, CSV and share links apart: by the file name when there is one
/// (`.csv`), else by the first characters (`{` is JSON, `#okr`, `okr1.` or an address
/// with a fragment is a link, anything else is tried as CSV, whose header row names
/// its columns).
///
/// ```
/// use okrpad_core::formats::import::{sniff, Kind};
/// assert_eq!(sniff(None, "  {\"okrpad\": 1}"), Kind::Json);
/// assert_eq!(sniff(Some("team.csv"), "{"), Kind::Csv);
/// assert_eq!(sniff(None, "https://x.example/#okr1.AAAA"), Kind::Link);
/// assert_eq!(sniff(None, "objective_id,objective"), Kind::Csv);
/// ```
pub fn sniff(name: Option<&str>, text: &str) -> Kind {
    if name.is_some_and(|n| n.to_ascii_lowercase().ends_with(".csv")) {
        return Kind::Csv;
    }
    let start = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with('{') || start.starts_with('[') {
        Kind::Json
    } else if start.starts_with('#')
        || start.starts_with(link::PREFIX)
        || (start.contains("://") && start.contains('#'))
    {
        Kind::Link
    } else {
        Kind::Csv
    }
}

/// Reads `text` (from a file called `name`, if any) as whichever of the three it is.
///
/// # Errors
///
/// The codec's own error, as a message naming the line and column (JSON), the row and
/// column (CSV) or what is wrong with the link.
pub fn read(name: Option<&str>, text: &str, today: Date) -> Result<Document, Text> {
    match sniff(name, text) {
        Kind::Json => file::parse(text).map_err(|e| e.message()),
        Kind::Csv => csv::from_csv(text, today).map_err(|e| e.message()),
        Kind::Link => link::decode(text).map_err(|e| e.message()),
    }
}

/// The file name an export of `document` gets: its title made safe for every file
/// system, or `okrpad` when the title leaves nothing, with `extension`.
///
/// ```
/// use okrpad_core::{formats::import::file_name, model::Document};
/// let document = Document { title: "销售部 2026 Q1 / 北京".into(), ..Document::default() };
/// assert_eq!(file_name(&document, "okr.json"), "销售部 2026 Q1 - 北京.okr.json");
/// assert_eq!(file_name(&Document::default(), "csv"), "okrpad.csv");
/// ```
pub fn file_name(document: &Document, extension: &str) -> String {
    let cleaned: String =
        document
            .title
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                    '-'
                } else {
                    c
                }
            })
            .collect();
    let stem: String = cleaned.trim().trim_matches('.').chars().take(80).collect();
    let stem = if stem.trim().is_empty() { "okrpad".to_owned() } else { stem.trim().to_owned() };
    format!("{stem}.{extension}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::sample::sample;
    use crate::i18n::Lang;
    use crate::scoring::score;

    fn today() -> Date {
        Date::new(2026, 2, 15).unwrap()
    }

    #[test]
    fn each_export_reads_back_through_the_one_door() {
        let document = sample(Lang::En, today());
        assert_eq!(read(Some("x.okr.json"), &file::to_json(&document), today()), Ok(document.clone()));
        assert_eq!(read(None, &link::share_url("https://h.example/app/", &document), today()), Ok(document.clone()));
        let csv_text = csv::to_csv(&document, &score(&document, today()), Lang::En);
        let from_csv = read(Some("export.csv"), &csv_text, today()).unwrap();
        assert_eq!(from_csv.objectives.len(), document.objectives.len());
    }

    #[test]
    fn errors_say_where_in_both_languages() {
        let error = read(Some("broken.okr.json"), "{\n  \"okrpad\": 1,\n  \"title\": \n}", today()).unwrap_err();
        assert!(error.en.contains("line 4"), "{}", error.en);
        assert!(error.zh.contains("第 4 行"), "{}", error.zh);
        let newer = read(None, r#"{"okrpad": 7, "objectives": []}"#, today()).unwrap_err();
        assert!(newer.en.contains("newer"), "{}", newer.en);
        let garbage = read(None, "#okr1.!!!!", today()).unwrap_err();
        assert!(!garbage.en.is_empty() && !garbage.zh.is_empty());
        assert!(read(None, "", today()).is_err());
    }
}
