//! Small hand-made text matchers for the wording rules.
//!
//! The patterns are few and simple (a label to strip, whole English words with
//! their regular inflections, a Chinese verb and a noun a few characters apart), so
//! a dozen lines of `char` logic each does what a regex would, without the `regex`
//! crate's weight in the browser bundle.

/// Separators that end a leading label such as `KR1:`, `O2.`, `KR 3、` or `KR-4)`.
const LABEL_SEPARATORS: [char; 11] = [':', '：', '.', '。', '、', ')', '）', '-', '–', '—', '|'];

/// How many characters may stand between the two halves of a split Chinese verb
/// (`打` … `电话` in “打更多的电话”).
const SPLIT_VERB_GAP: usize = 6;

/// The title without a leading `KR1:` / `O2.` style label, trimmed. The label's
/// digits are no measurement and its letters no word, so the rules look past it.
///
/// A label is `KR` or `O` (any case), an optional `#` or `-`, then digits followed by
/// a separator or a space, or a separator alone: `KR1: x`, `kr 2. x`, `O3 x`,
/// `KR-4) x`, `KR: x`. Words that merely begin with those letters (`Organise`,
/// `Kraków`) are left alone.
pub fn strip_label(title: &str) -> &str {
    let title = title.trim();
    let bytes = title.as_bytes();
    let after_prefix = if bytes.len() >= 2 && bytes[..2].eq_ignore_ascii_case(b"kr") {
        2
    } else if bytes.first().is_some_and(|b| b.eq_ignore_ascii_case(&b'o')) {
        1
    } else {
        return title;
    };
    let rest = title[after_prefix..].trim_start_matches([' ', '#', '-']);
    let without_digits = rest.trim_start_matches(is_digit);
    let has_digits = without_digits.len() < rest.len();
    let rest = without_digits.trim_start();
    match rest.chars().next() {
        Some(c) if LABEL_SEPARATORS.contains(&c) => rest[c.len_utf8()..].trim(),
        // Digits then a space: `KR1 Hold weekly meetings`.
        _ if has_digits && rest.len() < without_digits.len() => rest,
        _ => title,
    }
}

/// An ASCII or full-width digit.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

pub fn has_digit(text: &str) -> bool {
    text.chars().any(is_digit)
}

/// A character of Chinese, Japanese or Korean script (ideographs, kana, hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{AC00}'..='\u{D7AF}')
}

/// Punctuation in either script: ASCII, general punctuation (quotes, dashes,
/// ellipses), CJK symbols (、。「」) and the full-width forms (，：；（）！？).
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2000}'..='\u{206F}'
            | '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{303F}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}')
}

/// The English words of `text`: maximal runs of ASCII letters. Digits, CJK and
/// punctuation separate words, so `calls,` and `100calls` both yield `calls`.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty())
}

/// Whether `word` is `base` or one of its regular inflections, ignoring case:
/// `-s`, `-es`, `-ed`, `-ing`, and for a base ending in `e`, `-d` and `-ing` in place
/// of the `e` (`schedule` → `scheduled`, `scheduling`). Irregular forms (`held`,
/// `sent`) are listed as bases of their own by the callers.
pub fn is_form_of(word: &str, base: &str) -> bool {
    let (word, base) = (word.as_bytes(), base.as_bytes());
    let ends = |stem: &[u8], endings: &[&[u8]]| {
        word.len() >= stem.len()
            && word[..stem.len()].eq_ignore_ascii_case(stem)
            && endings.iter().any(|ending| word[stem.len()..].eq_ignore_ascii_case(ending))
    };
    match base.strip_suffix(b"e") {
        _ if base.is_empty() => false,
        Some(stem) => ends(base, &[b"", b"s", b"d"]) || ends(stem, &[b"ing"]),
        None => ends(base, &[b"", b"s", b"es", b"ed", b"ing"]),
    }
}

/// Whether `text` has `first`, then `then` within `gap` characters after it:
/// `near(text, '打', "电话", 6)` finds “打电话” and “打更多的电话”.
pub fn near(text: &str, first: char, then: &str, gap: usize) -> bool {
    text.match_indices(first).any(|(at, _)| {
        let after = &text[at + first.len_utf8()..];
        after.char_indices().take(gap + 1).any(|(offset, _)| after[offset..].starts_with(then))
    })
}

/// `near` with the gap of a split Chinese verb.
pub fn split_verb(text: &str, first: char, then: &str) -> bool {
    near(text, first, then, SPLIT_VERB_GAP)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_stripped() {
        for (title, stripped) in [
            ("KR1: Hold weekly meetings", "Hold weekly meetings"),
            ("kr 2. Send more emails", "Send more emails"),
            ("KR3 Attend more industry events", "Attend more industry events"),
            ("KR-4) 完成100场客户拜访", "完成100场客户拜访"),
            ("KR1：新增有效渠道不少于30家；", "新增有效渠道不少于30家；"),
            ("KR: Make more calls", "Make more calls"),
            ("O1: Increase sales", "Increase sales"),
            ("  KR５、打更多的电话 ", "打更多的电话"),
            ("KR1: 100 new customers", "100 new customers"),
            ("O:", ""),
        ] {
            assert_eq!(strip_label(title), stripped, "{title}");
        }
    }

    #[test]
    fn words_that_start_like_labels_are_kept() {
        for title in ["Organise the sales kick-off", "Kraków office revenue up", "KRW revenue", "Okay", "O", "KR", ""]
        {
            assert_eq!(strip_label(title), title.trim(), "{title}");
        }
    }

    #[test]
    fn digits_include_full_width_ones() {
        assert!(has_digit("签约新客户30家"));
        assert!(has_digit("签约新客户３０家"));
        assert!(!has_digit("销售更多的产品"));
    }

    #[test]
    fn cjk_and_punctuation_are_told_apart() {
        assert!(is_cjk('销') && is_cjk('か') && is_cjk('한'));
        assert!(!is_cjk('a') && !is_cjk(',') && !is_cjk('1'));
        for c in ['，', '。', '、', '“', '”', '（', '）', '：', ',', '!', '…', '—', '【', '】', '%', '％']
        {
            assert!(is_punctuation(c), "{c}");
        }
        for c in ['销', 'a', '1', '〇', ' '] {
            assert!(!is_punctuation(c), "{c}");
        }
    }

    #[test]
    fn words_are_runs_of_ascii_letters() {
        let found: Vec<&str> = words("Make 100calls, don't-stop: 增长20%").collect();
        assert_eq!(found, ["Make", "calls", "don", "t", "stop"]);
    }

    #[test]
    fn inflections_match_their_base() {
        for (word, base) in [
            ("Complete", "complete"),
            ("completed", "complete"),
            ("completing", "complete"),
            ("SCHEDULES", "schedule"),
            ("launches", "launch"),
            ("launched", "launch"),
            ("calls", "call"),
            ("calling", "call"),
            ("increases", "increase"),
            ("reaching", "reach"),
            ("signed", "sign"),
        ] {
            assert!(is_form_of(word, base), "{word} {base}");
        }
        for (word, base) in [
            ("design", "sign"),
            ("signal", "sign"),
            ("recall", "call"),
            ("hosted", "hold"),
            ("run", "running"),
            ("", "run"),
        ] {
            assert!(!is_form_of(word, base), "{word} {base}");
        }
    }

    #[test]
    fn split_verbs_are_found_within_a_few_characters() {
        assert!(split_verb("打电话", '打', "电话"));
        assert!(split_verb("每天打更多的电话", '打', "电话"));
        assert!(!split_verb("打造行业领先的业务团队并建立电话", '打', "电话"));
        assert!(!split_verb("电话打", '打', "电话"));
    }
}
