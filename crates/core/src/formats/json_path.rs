//! Which field of a JSON text a reading stopped in, found after the fact.
//!
//! A file with a wrong field gets a message that names the field by its path
//! (`objectives[2].key_results[0].metric.target`). Tracking that path while reading
//! costs every reading: at 2,000 objectives, a third of the typed read, in the browser
//! on each start and each joined room, for the rare text that fails. So the typed read
//! runs bare, and when it fails, [`path_at`] walks the text up to where serde_json
//! stopped and names the field that was open there.
//!
//! The walk is only ever run on text that serde_json has already read past the point
//! asked about, so it is syntactically sound up to there; it still never panics on
//! anything, and an odd text just gives a shorter path.
//!
//! The path is written as readers of okrpad's messages have always seen it: keys joined
//! by `.`, list positions as `[i]`, and `.` alone for the top of the document.

/// One open container, from the outside in.
enum Open {
    /// An object, with the key read last: the one whose value is being read (or whose
    /// key itself was refused, as an unknown field is).
    Object { key: Option<String> },
    /// A list, with the position of the value being read. A value that has not begun
    /// belongs to it too: serde_json refuses a wrong kind of value before reading it.
    List { index: usize },
}

/// The path of the value a typed reading of `text` failed on with `error`.
pub(crate) fn path_of(text: &str, error: &serde_json::Error) -> String {
    let mut offset = offset_of(text, error.line(), error.column());
    // serde_json places a refusal of what a value *is* (a data error) after what it read,
    // but a refusal of how it *begins* (`[` where a name belongs: a syntax error, though
    // the JSON is sound) just past that first character, which was never entered.
    if error.is_syntax() && offset > 0 && matches!(text.as_bytes()[offset - 1], b'{' | b'[') {
        offset -= 1;
    }
    path_at(text, offset)
}

/// The byte offset in `text` of serde_json's position (1-based line; column = bytes of
/// that line read so far), or the end of the text if the position lies beyond it.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(newlines) => text.match_indices('\n').nth(newlines).map_or(text.len(), |(at, _)| at + 1),
    };
    line_start.saturating_add(column).min(text.len())
}

/// The path of the value being read when a reading of `text` stopped after `offset` bytes.
fn path_at(text: &str, offset: usize) -> String {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut open: Vec<Open> = Vec::new();
    let mut at = 0;
    while at < end {
        match bytes[at] {
            b'{' => open.push(Open::Object { key: None }),
            b'[' => open.push(Open::List { index: 0 }),
            b'}' | b']' => {
                open.pop();
            }
            b',' => match open.last_mut() {
                Some(Open::Object { key }) => *key = None,
                Some(Open::List { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let close = string_end(bytes, at + 1);
                if let Some(Open::Object { key: key @ None }) = open.last_mut() {
                    *key = Some(key_text(text.get(at..close.min(end)).unwrap_or_default()));
                }
                at = close;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    let mut path = String::new();
    for container in &open {
        match container {
            Open::Object { key: Some(key) } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Open::Object { key: None } => {}
            Open::List { index } => path.push_str(&format!("[{index}]")),
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// The offset just past the string whose text starts at `from` (after its opening quote).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// A key as the document means it: its escapes read (`"a\"b"` is the key `a"b`).
fn key_text(quoted: &str) -> String {
    serde_json::from_str(quoted).unwrap_or_else(|_| quoted.trim_matches('"').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_is_the_field_open_where_the_reading_stopped() {
        let text = r#"{"objectives": [{"id": "a"}, {"title": 5"#;
        assert_eq!(path_at(text, text.len()), "objectives[1].title");
        // A key refused as it is read (an unknown field) is named itself.
        let unknown = r#"{"objectives": [{"id": "a", "colour""#;
        assert_eq!(path_at(unknown, unknown.len()), "objectives[0].colour");
        // A value refused before it is read belongs to its place in the list.
        assert_eq!(path_at(r#"{"a": [{}, "#, 99), "a[1]");
        assert_eq!(path_at(text, 1), ".");
        assert_eq!(path_at(r#"{"a\"b": [1, 2, {"#, 99), r#"a"b[2]"#);
        assert_eq!(path_at(r#"{"a": ["x", "y""#, 99), "a[1]");
        assert_eq!(path_at(r#"{"a": []"#, 99), "a");
        assert_eq!(path_at(r#"{"a": [1], "b": 2"#, 99), "b");
        // An unterminated string, a stray bracket: a shorter path, never a panic.
        assert_eq!(path_at(r#"{"a": "x"#, 99), "a");
        assert_eq!(path_at("]]}{", 99), ".");
        // Any offset, even one inside a character, gives a path.
        let chinese = r#"{"目标": [{"标题": "渠道", "负责人"#;
        for offset in 0..=chinese.len() + 1 {
            assert!(!path_at(chinese, offset).is_empty());
        }
        assert_eq!(path_at(chinese, chinese.len()), "目标[0].负责人");
    }

    #[test]
    fn a_value_refused_by_its_first_character_was_not_entered() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        enum Status {
            OnTrack,
        }
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Entry {
            status: Status,
        }
        let text = r#"{"status": [1]}"#;
        let error = serde_json::from_str::<Entry>(text).unwrap_err();
        assert_eq!(path_of(text, &error), "status");
        let text = r#"{"status": 5}"#;
        let error = serde_json::from_str::<Entry>(text).unwrap_err();
        assert_eq!(path_of(text, &error), "status");
    }

    #[test]
    fn a_position_is_found_in_the_text_as_serde_json_counts_it() {
        let text = "{\n  \"a\": 1,\n  \"b\": x\n}";
        let error = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!(&text[..offset_of(text, error.line(), error.column())], "{\n  \"a\": 1,\n  \"b\": x");
        assert_eq!(offset_of(text, 9, 9), text.len());
        assert_eq!(offset_of(text, 0, 3), 3);
    }
}
