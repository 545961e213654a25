//! Unit conversion between the key results of a cascade: a team counts in 万元 what
//! the company counts in 亿元. A unit is a scale word followed by a base, both
//! optional: `万元` is 10⁴ 元, `亿` is 10⁸, `M` or `M USD` is 10⁶ (USD), `个` is 1 个.
//! Two units convert when their bases are the same, or when one is a bare scale
//! (`万`, `k`) whose base is left unsaid. Anything else does not convert, and the
//! rules say so (`kr-unit`) rather than adding apples to oranges.

/// Scale words written before a base, longest first so `万元` is not read as `万`.
const CHINESE: [(&str, f64); 4] = [("亿", 1e8), ("千万", 1e7), ("万", 1e4), ("千", 1e3)];
/// English scale letters: alone, or before a space or a non-letter (`k€`, `M USD`).
const ENGLISH: [(&str, f64); 5] = [("k", 1e3), ("K", 1e3), ("M", 1e6), ("B", 1e9), ("bn", 1e9)];

/// `(scale, base, had a scale word)` of a unit.
fn parse(unit: &str) -> (f64, &str, bool) {
    let unit = unit.trim();
    for (word, scale) in CHINESE {
        if let Some(rest) = unit.strip_prefix(word) {
            return (scale, rest.trim(), true);
        }
    }
    for (word, scale) in ENGLISH {
        if let Some(rest) = unit.strip_prefix(word)
            && rest.chars().next().is_none_or(|c| !c.is_alphabetic())
        {
            return (scale, rest.trim(), true);
        }
    }
    (1.0, unit, false)
}

/// The factor that turns a value in `from` into a value in `to`, if the two convert.
///
/// ```
/// use okrpad_core::scoring::units::factor;
/// assert_eq!(factor("万元", "亿元"), Some(1e-4));
/// assert_eq!(factor("个", "个"), Some(1.0));
/// assert_eq!(factor("个", "元"), None);
/// ```
pub fn factor(from: &str, to: &str) -> Option<f64> {
    if from.trim() == to.trim() {
        return Some(1.0);
    }
    let (from_scale, from_base, from_scaled) = parse(from);
    let (to_scale, to_base, to_scaled) = parse(to);
    let bases_fit = from_base == to_base || (from_base.is_empty() && from_scaled) || (to_base.is_empty() && to_scaled);
    bases_fit.then(|| from_scale / to_scale)
}

#[cfg(test)]
mod tests {
    use super::factor;

    #[test]
    fn chinese_money_and_counts_convert_by_their_scale() {
        assert_eq!(factor("元", "万元"), Some(1e-4));
        assert_eq!(factor("亿元", "万元"), Some(1e4));
        assert_eq!(factor("万", "亿元"), Some(1e-4), "a bare scale fits any base");
        assert_eq!(factor("亿元", "亿"), Some(1.0));
        assert_eq!(factor("万个", "个"), Some(1e4));
        assert_eq!(factor(" 万元 ", "万元"), Some(1.0));
    }

    #[test]
    fn english_scales_convert_and_words_that_start_like_them_do_not() {
        assert_eq!(factor("k", "M"), Some(1e-3));
        assert_eq!(factor("M USD", "B USD"), Some(1e-3));
        assert_eq!(factor("k€", "€"), Some(1e3));
        assert_eq!(factor("", "k"), Some(1e-3));
        assert_eq!(factor("Mbps", "bps"), None, "M followed by a letter is a word, not a scale");
        assert_eq!(factor("km", "m"), None);
    }

    #[test]
    fn different_bases_do_not_convert() {
        assert_eq!(factor("个", "元"), None);
        assert_eq!(factor("%", "个"), None);
        assert_eq!(factor("", "个"), None, "a plain number is not a count of 个");
        assert_eq!(factor("万元", "USD"), None);
    }
}
