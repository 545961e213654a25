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

/// The most bytes okrpad reads of one file, link text or standard input: 20 MiB. A
/// whole company's year is well under 10 MB; refusing more keeps a wrong file (or an
/// endless pipe) from using the memory of the tab or the machine.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Why a text over [`MAX_BYTES`] is not read.
pub fn too_large() -> Text {
    Text::new(
        format!("内容太大（超过 {} MB）：okrpad 最多读取 {} MB", MAX_BYTES >> 20, MAX_BYTES >> 20),
        format!("it is too large (over {} MB): okrpad reads at most {} MB", MAX_BYTES >> 20, MAX_BYTES >> 20),
    )
}

/// What kind of text was brought in, as far as can be told before reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Csv,
    Link,
}

/// Tells JSON, CSV and share links apart: by the file name when there is one
/// (`.csv` is CSV; `.json`, `.okr.json` is JSON), else by the first characters (`{`
/// is JSON, `#okr`, `okr1.` or an address with a fragment is a link, anything else is
/// tried as CSV, whose header row names its columns).
///
/// ```
/// use okrpad_core::formats::import::{sniff, Kind};
/// assert_eq!(sniff(None, "  {\"okrpad\": 1}"), Kind::Json);
/// assert_eq!(sniff(Some("team.csv"), "{"), Kind::Csv);
/// assert_eq!(sniff(Some("team.okr.json"), ""), Kind::Json);
/// assert_eq!(sniff(None, "https://x.example/#okr1.AAAA"), Kind::Link);
/// assert_eq!(sniff(None, "objective_id,objective"), Kind::Csv);
/// ```
pub fn sniff(name: Option<&str>, text: &str) -> Kind {
    let extension = name.map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some(n) if n.ends_with(".csv") => return Kind::Csv,
        Some(n) if n.ends_with(".json") => return Kind::Json,
        _ => {}
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
/// Text with nothing in it (white space, a byte-order mark) is [`empty`], whatever its
/// kind. Otherwise the codec's own error, as a message naming the line and column
/// (JSON), the row and column (CSV) or what is wrong with the link.
pub fn read(name: Option<&str>, text: &str, today: Date) -> Result<Document, Text> {
    if text.trim_matches(['\u{feff}', ' ', '\t', '\r', '\n']).is_empty() {
        return Err(empty());
    }
    match sniff(name, text) {
        Kind::Json => file::parse(text).map_err(|e| e.message()),
        Kind::Csv => csv::from_csv(text, today).map_err(|e| e.message()),
        Kind::Link => link::decode(text).map_err(|e| e.message()),
    }
}

/// Why empty text cannot be opened, whatever kind it was meant to be.
pub fn empty() -> Text {
    Text::new("里面没有任何内容。", "There is nothing in it.")
}

/// Where something brought in comes from, to name it in the sentences a user reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A file picked or dropped, by its name.
    File(String),
    /// Text pasted into the paste dialog.
    Paste,
    /// A share link (the address's fragment).
    Link,
    /// A file fetched by `?src=`, by its address.
    Url(String),
}

impl Source {
    /// The first line of the preview, saying where the document comes from.
    ///
    /// ```
    /// use okrpad_core::formats::import::Source;
    /// assert_eq!(Source::Link.origin().en, "From a share link");
    /// assert_eq!(Source::File("团队.okr.json".into()).origin().zh, "来自文件“团队.okr.json”");
    /// ```
    pub fn origin(&self) -> Text {
        match self {
            Source::File(name) => Text::new(format!("来自文件“{name}”"), format!("From the file “{name}”")),
            Source::Paste => Text::new("来自粘贴的内容", "From pasted text"),
            Source::Link => Text::new("来自分享链接", "From a share link"),
            Source::Url(url) => Text::new(format!("来自 {url}"), format!("From {url}")),
        }
    }

    /// A sentence saying this could not be opened, then `reason` as a sentence of its own.
    ///
    /// ```
    /// use okrpad_core::{formats::import::Source, i18n::Text};
    /// let why = Text::new("文件是空的", "the file is empty");
    /// let message = Source::File("q1.okr.json".into()).cannot_open(&why);
    /// assert_eq!(message.en, "The file “q1.okr.json” could not be opened. The file is empty.");
    /// assert_eq!(message.zh, "无法打开文件“q1.okr.json”。文件是空的。");
    /// ```
    pub fn cannot_open(&self, reason: &Text) -> Text {
        let (zh, en) = match self {
            Source::File(name) => {
                (format!("无法打开文件“{name}”。"), format!("The file “{name}” could not be opened."))
            }
            Source::Paste => ("无法打开粘贴的内容。".to_owned(), "The pasted text could not be opened.".to_owned()),
            Source::Link => ("无法打开这个分享链接。".to_owned(), "This share link could not be opened.".to_owned()),
            Source::Url(url) => (format!("无法打开 {url}。"), format!("The file at {url} could not be opened.")),
        };
        Text::new(format!("{zh}{}", sentence(&reason.zh, "。")), format!("{en} {}", sentence(&reason.en, ".")))
    }
}

/// `text` as a sentence: a first word of lowercase letters capitalised (a field path
/// such as `objectives[0].title` or a quoted name is left as written), and `stop`
/// added unless it already ends with a full stop, question mark or exclamation mark.
fn sentence(text: &str, stop: &str) -> String {
    let text = text.trim();
    let first_word = text.split([' ', ',', ':']).next().unwrap_or_default();
    let mut out = if !first_word.is_empty() && first_word.chars().all(|c| c.is_ascii_lowercase()) {
        let mut chars = text.chars();
        chars.next().map(|c| c.to_ascii_uppercase()).into_iter().chain(chars).collect()
    } else {
        text.to_owned()
    };
    if !out.ends_with(['.', '!', '?', '。', '！', '？']) {
        out.push_str(stop);
    }
    out
}

/// Whether `address`, given to `?src=`, is one okrpad fetches: an `http:` or `https:`
/// address, or one relative to the page (`team.okr.json`, `/files/q1.okr.json`,
/// `//host/q1.okr.json`). Any other scheme is refused before anything is fetched:
/// `javascript:` runs nothing here but would be reported as a network failure, and
/// a `data:` address carries the whole document in the query string, which servers
/// write to their logs.
///
/// The scheme is read as browsers read it: leading and trailing spaces and control
/// characters are ignored, and tabs and line breaks inside are removed.
///
/// # Errors
///
/// A sentence in both languages saying which addresses can be opened.
///
/// ```
/// use okrpad_core::formats::import::check_address;
/// assert!(check_address("https://okr.example/q1.okr.json").is_ok());
/// assert!(check_address("files/q1.okr.json").is_ok());
/// assert!(check_address("javascript:alert(1)").is_err());
/// assert!(check_address(" DATA:application/json,{}").is_err());
/// ```
pub fn check_address(address: &str) -> Result<(), Text> {
    let cleaned: String =
        address.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    // A scheme is a letter, then letters, digits, `+`, `-` or `.`, up to a colon.
    let scheme = cleaned.split_once(':').map(|(scheme, _)| scheme).filter(|scheme| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    match scheme {
        None => Ok(()),
        Some(scheme) if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => Ok(()),
        Some(scheme) => Err(Text::new(
            format!("无法打开以 {scheme}: 开头的地址：?src= 只接受 http 或 https 地址，或本站内的相对地址。"),
            format!(
                "Addresses starting with {scheme}: cannot be opened: ?src= accepts only http and https addresses, or an address on this site."
            ),
        )),
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

    #[test]
    fn a_repeated_version_key_is_named() {
        for text in [r#"{"okrpad": 1, "okrpad": 1, "objectives": []}"#, r#"{"okrpad": 1, "title": "x", "okrpad": 2}"#] {
            let error = read(Some("x.okr.json"), text, today()).unwrap_err();
            assert!(error.en.contains("\"okrpad\" appears more than once"), "{}", error.en);
            assert!(error.zh.contains("出现了不止一次"), "{}", error.zh);
        }
    }

    #[test]
    fn a_json_file_is_read_as_json_whatever_it_holds() {
        for name in ["q1.okr.json", "Q1.OKR.JSON", "export.json"] {
            let error = read(Some(name), "objective_id,objective\no,x\n", today()).unwrap_err();
            assert!(error.en.contains("JSON"), "{name}: {}", error.en);
        }
    }

    #[test]
    fn empty_text_says_it_is_empty_whatever_its_name() {
        for name in [None, Some("q1.okr.json"), Some("x.json"), Some("team.csv"), Some("notes.txt")] {
            for text in ["", "   ", "\u{feff}", "\r\n\r\n", "\t \n"] {
                assert_eq!(read(name, text, today()), Err(empty()), "{name:?} {text:?}");
            }
        }
        assert!(!empty().en.contains("CSV") && !empty().zh.contains("CSV"));
    }

    #[test]
    fn only_http_https_and_relative_addresses_are_fetched() {
        let accepted = [
            "https://a.example/x.okr.json",
            "HTTP://a.example/x",
            "x.okr.json",
            "/files/x.json",
            "//cdn.example/x",
            "./a:b.json",
            "q1?at=10:30",
            "#frag",
        ];
        for address in accepted {
            assert_eq!(check_address(address), Ok(()), "{address}");
        }
        let refused = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " \u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "data:application/json,{}",
            "Data:text/plain;base64,e30=",
            "blob:https://a.example/uuid",
            "file:///etc/passwd",
            "ftp://a.example/x",
            "vbscript:x",
            "about:blank",
        ];
        for address in refused {
            let message = check_address(address).unwrap_err();
            assert!(message.en.contains("http") && message.zh.contains("http"), "{address}: {message:?}");
        }
    }

    #[test]
    fn messages_are_sentences_that_name_the_source() {
        let reasons = [
            read(None, "", today()).unwrap_err(),
            read(Some("a.csv"), "objective_id,level\no,teem\n", today()).unwrap_err(),
            read(Some("a.json"), "{\"okrpad\": 7}", today()).unwrap_err(),
            read(None, "#okr1.!!!!", today()).unwrap_err(),
        ];
        let sources = [Source::File("a.csv".into()), Source::Paste, Source::Link, Source::Url("https://x/y".into())];
        for source in &sources {
            for reason in &reasons {
                let message = source.cannot_open(reason);
                assert!(message.en.starts_with(|c: char| c.is_ascii_uppercase()), "{}", message.en);
                assert!(message.en.ends_with(['.', '!', '?']), "{}", message.en);
                assert!(message.zh.ends_with('。'), "{}", message.zh);
                let second = message.en.split_once(". ").map(|(_, rest)| rest).unwrap_or_default();
                assert!(!second.starts_with(|c: char| c.is_ascii_lowercase()), "{}", message.en);
            }
            assert!(source.origin().en.starts_with("From "), "{:?}", source.origin());
            assert!(source.origin().zh.starts_with("来自"), "{:?}", source.origin());
        }
    }
}
