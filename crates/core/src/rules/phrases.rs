//! Pieces of the rules' messages shared by several rules: how an objective or key
//! result is named, how a level and a share are said. In one place so that every
//! message quotes titles the same way in both languages.

use crate::i18n::Text;
use crate::model::{Id, Level};

/// Longest title quoted in full; longer ones are cut with an ellipsis, so a pasted
/// paragraph does not swamp the findings list.
const QUOTE_LIMIT: usize = 40;

/// An object named by its title in quotes (“提高销售额”), or by its id when it has
/// no title. Both languages use the same curly quotes around a title.
pub fn quote(title: &str, id: &Id) -> Text {
    let title = title.trim();
    if title.is_empty() {
        return Text::new(format!("“{id}”（未命名）"), format!("“{id}” (untitled)"));
    }
    let quoted = match title.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("“{}…”", &title[..cut]),
        None => format!("“{title}”"),
    };
    Text::new(quoted.clone(), quoted)
}

/// A reference to an id that matches nothing, quoted.
pub fn quote_id(id: &Id) -> String {
    format!("“{id}”")
}

/// A level as an adjective: 团队级 / team.
pub fn level(level: Level) -> Text {
    let (zh, en) = match level {
        Level::Company => ("公司级", "company"),
        Level::Department => ("部门级", "department"),
        Level::Team => ("团队级", "team"),
        Level::Individual => ("个人", "individual"),
    };
    Text::new(zh, en)
}

/// A share in [0, 1] as a whole percentage: `0.456` → `46%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_and_long_ones_cut() {
        let id = Id::from("O1");
        assert_eq!(quote("  提高销售额 ", &id).zh, "“提高销售额”");
        assert_eq!(quote("Increase sales", &id).en, "“Increase sales”");
        let long = "长".repeat(100);
        let cut = quote(&long, &id).zh;
        assert_eq!(cut.chars().count(), QUOTE_LIMIT + 3);
        assert!(cut.ends_with("…”"));
    }

    #[test]
    fn untitled_objects_are_named_by_id() {
        let named = quote(" ", &Id::from("O7"));
        assert!(named.zh.contains("O7") && named.zh.contains("未命名"));
        assert!(named.en.contains("O7") && named.en.contains("untitled"));
    }

    #[test]
    fn shares_are_whole_percentages() {
        assert_eq!(percent(0.456), "46%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0), "0%");
    }
}
