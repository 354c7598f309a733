//! Reading numbers written by people and spreadsheets, never guessing.
//!
//! The rules, by the file's separator:
//!
//! - In a comma-separated file the decimal mark is `.`: `12.5`, `1.234`
//!   (= 1.234) and `0.590` are read as written. An unquoted `12,5` splits
//!   the field (reported by the table reader); a *quoted* `"12,5"` is read
//!   as 12.5 with a [`DecimalComma`](super::DiagnosticKind::DecimalComma)
//!   warning, by the same rule as below.
//! - In a `;`- or tab-separated file (a spreadsheet in a locale whose decimal
//!   mark is `,`, as in Vietnam) the mark may be `,` or `.`. One mark is a
//!   decimal mark unless the number looks like a thousands grouping
//!   (`1.234`, `12,345`: one to three digits, not starting with 0, then
//!   exactly three digits), which could mean 1.234 or 1234 and is rejected.
//! - Everywhere: two marks (`1.234.567`, `1,234.5`) are thousands separators
//!   and are rejected; surrounding spaces, a pair of surrounding quotes and
//!   Excel's leading apostrophe (`'12.5`) are accepted; `NaN`, `inf`, text
//!   and numbers too large for a double are rejected.

use std::borrow::Cow;

/// Why a cell is not a number.
#[derive(Debug, PartialEq)]
pub(crate) enum NumberError {
    /// Not a number at all.
    NotANumber,
    /// Written with thousands separators, or readable two ways; the reason.
    Ambiguous(&'static str),
    /// Infinite after parsing (e.g. `1e999`).
    NonFinite,
}

/// A parsed number.
#[derive(Debug, PartialEq)]
pub(crate) struct Number {
    /// The value.
    pub value: f64,
    /// Whether it was written with a decimal comma.
    pub decimal_comma: bool,
}

/// Parses one cell. `Ok(None)` for an empty cell (unknown).
///
/// # Complexity
/// O(length of the cell).
pub(crate) fn parse_number(raw: &str, delimiter: u8) -> Result<Option<Number>, NumberError> {
    let mut s = raw.trim();
    for q in ['"', '\''] {
        if s.len() >= 2 && s.starts_with(q) && s.ends_with(q) {
            s = &s[1..s.len() - 1];
        }
    }
    let s = s.strip_prefix('\'').unwrap_or(s).trim();
    if s.is_empty() {
        return Ok(None);
    }
    if !s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b',' | b'e' | b'E'))
    {
        return Err(NumberError::NotANumber);
    }
    let commas = s.bytes().filter(|b| *b == b',').count();
    let dots = s.bytes().filter(|b| *b == b'.').count();
    if commas > 0 && dots > 0 {
        return Err(NumberError::Ambiguous(
            "it mixes ',' and '.', i.e. uses thousands separators",
        ));
    }
    if commas > 1 || dots > 1 {
        return Err(NumberError::Ambiguous(
            "it has several separators, i.e. uses thousands separators",
        ));
    }
    let grouped = looks_grouped(s);
    if commas == 1 && grouped {
        return Err(NumberError::Ambiguous(
            "the comma could be a decimal mark or a thousands separator",
        ));
    }
    if dots == 1 && grouped && delimiter != b',' {
        return Err(NumberError::Ambiguous(
            "in a file separated by ';' or tabs the point could be a decimal mark or a thousands separator",
        ));
    }
    let text = if commas == 1 {
        Cow::Owned(s.replace(',', "."))
    } else {
        Cow::Borrowed(s)
    };
    let value: f64 = text.parse().map_err(|_| NumberError::NotANumber)?;
    if !value.is_finite() {
        return Err(NumberError::NonFinite);
    }
    Ok(Some(Number {
        value,
        decimal_comma: commas == 1,
    }))
}

/// `1.234`, `-12,345`, `999.000`: one to three digits not starting with 0,
/// one separator, exactly three digits.
fn looks_grouped(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let Some(sep) = s.find(['.', ',']) else {
        return false;
    };
    let (int, frac) = (&s[..sep], &s[sep + 1..]);
    (1..=3).contains(&int.len())
        && !int.starts_with('0')
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.len() == 3
        && frac.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(raw: &str, d: u8) -> Option<f64> {
        parse_number(raw, d).unwrap().map(|n| n.value)
    }

    #[test]
    fn comma_files_use_the_point() {
        assert_eq!(v("12.5", b','), Some(12.5));
        assert_eq!(v("1.234", b','), Some(1.234));
        assert_eq!(v(" 0.590 ", b','), Some(0.59));
        assert_eq!(v("", b','), None);
        assert_eq!(v("\"\"", b','), None);
    }

    #[test]
    fn quotes_spaces_and_apostrophe_are_accepted() {
        assert_eq!(v("\" 12.5 \"", b','), Some(12.5));
        assert_eq!(v("'42", b','), Some(42.0));
        assert_eq!(v("'42'", b','), Some(42.0));
    }

    #[test]
    fn decimal_comma_is_flagged() {
        let n = parse_number("12,5", b';').unwrap().unwrap();
        assert!(n.decimal_comma);
        assert_eq!(n.value, 12.5);
        assert_eq!(v("0,450", b';'), Some(0.45));
        assert_eq!(v("1234,5", b';'), Some(1234.5));
        // a quoted one in a comma file, by the same rule
        assert_eq!(v("12,5", b','), Some(12.5));
    }

    #[test]
    fn thousands_separators_are_rejected() {
        for (raw, d) in [
            ("1.234", b';'),
            ("1,234", b';'),
            ("1,234", b','),
            ("1.234.567", b','),
            ("1,234.5", b','),
            ("12.345", b'\t'),
        ] {
            assert!(
                matches!(parse_number(raw, d), Err(NumberError::Ambiguous(_))),
                "{raw}"
            );
        }
        assert_eq!(v("12.5", b';'), Some(12.5));
        assert_eq!(v("0.590", b';'), Some(0.59));
    }

    #[test]
    fn words_and_infinities_are_rejected() {
        for raw in ["abc", "NaN", "inf", "12 ha", "1-2", "e", "--1"] {
            assert_eq!(
                parse_number(raw, b','),
                Err(NumberError::NotANumber),
                "{raw}"
            );
        }
        assert_eq!(parse_number("1e999", b','), Err(NumberError::NonFinite));
        assert_eq!(v("1e3", b','), Some(1000.0));
        assert_eq!(v("-3", b','), Some(-3.0));
    }
}
