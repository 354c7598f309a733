//! Report language and locale-aware number formatting: a leaf module that
//! rules, charts, reports and the command line all use.
//!
//! - [`catalogue`]: the one catalogue of the terminal's messages, in both
//!   languages ([`Msg`]);
//! - [`help`]: `--help` in Vietnamese (the texts of every command and flag,
//!   and the clap usage errors);
//! - [`terminal_lang`]: the language of the terminal (`--lang`, else the
//!   locale: `LC_ALL`, `LC_MESSAGES`, `LANG`).

use std::fmt;

pub mod catalogue;
pub mod help;

pub use catalogue::Msg;

use serde::{Deserialize, Serialize};

/// The language of a report or chart. Vietnamese is the default: the users
/// are provincial planners who work in Vietnamese.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese (`vi`), the default.
    #[default]
    Vi,
    /// English (`en`).
    En,
}

impl Lang {
    /// The BCP 47 tag (`vi`, `en`), as used in the HTML `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses `vi` or `en` (case-insensitive); `None` otherwise.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text of this language.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    /// Thousands separator: `.` in Vietnamese, `,` in English.
    fn group_sep(self) -> char {
        match self {
            Lang::Vi => '.',
            Lang::En => ',',
        }
    }

    /// Decimal separator: `,` in Vietnamese, `.` in English.
    fn decimal_sep(self) -> char {
        match self {
            Lang::Vi => ',',
            Lang::En => '.',
        }
    }
}

/// The language of the terminal: `flag` (`--lang`) when given, else the
/// locale of the environment (`LC_ALL`, then `LC_MESSAGES`, then `LANG`,
/// the first one set and non-empty): Vietnamese when it starts with `vi`,
/// English otherwise or when none is set (docs/architecture.md,
/// "Languages"). Reports are Vietnamese by default whatever the locale; this
/// is only for what the terminal shows.
pub fn terminal_lang(flag: Option<Lang>) -> Lang {
    flag.unwrap_or_else(|| {
        let var = |name: &str| std::env::var(name).ok();
        lang_of_locale(var("LC_ALL"), var("LC_MESSAGES"), var("LANG"))
    })
}

/// [`terminal_lang`]'s rule on given values of `LC_ALL`, `LC_MESSAGES` and
/// `LANG`: the first non-empty one decides (`vi*` → Vietnamese, anything
/// else → English); none set → English.
pub fn lang_of_locale(
    lc_all: Option<String>,
    lc_messages: Option<String>,
    lang: Option<String>,
) -> Lang {
    let locale = [lc_all, lc_messages, lang]
        .into_iter()
        .flatten()
        .find(|v| !v.trim().is_empty());
    match locale {
        Some(l) if l.trim().to_ascii_lowercase().starts_with("vi") => Lang::Vi,
        _ => Lang::En,
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Formats an integer with the language's thousands separator
/// (`1.234.567` in Vietnamese, `1,234,567` in English).
pub fn fmt_int(n: i64, lang: Lang) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(lang.group_sep());
        }
        out.push(c);
    }
    out
}

/// Formats a decimal number with `decimals` digits after the separator and
/// grouped thousands (`1.234,5` / `1,234.5`). Non-finite values print as `–`.
pub fn fmt_dec(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    // Integer part is made of ASCII digits only, so parsing cannot fail
    // except on overflow of gigantic values, where we keep the raw digits.
    let grouped = match int_part.parse::<i64>() {
        Ok(v) => fmt_int(v, lang),
        Err(_) => int_part.to_string(),
    };
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac_part {
        out.push(lang.decimal_sep());
        out.push_str(f);
    }
    out
}

/// Formats a percentage value (already ×100) with `decimals` digits and a `%` sign.
pub fn fmt_pct(pct: f64, decimals: usize, lang: Lang) -> String {
    if !pct.is_finite() {
        return "–".to_string();
    }
    format!("{}%", fmt_dec(pct, decimals, lang))
}

/// Formats a signed difference with an explicit `+` for positive values.
pub fn fmt_delta(n: i64, lang: Lang) -> String {
    if n > 0 {
        format!("+{}", fmt_int(n, lang))
    } else if n < 0 {
        format!("−{}", fmt_int(-n, lang))
    } else {
        "0".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_grouped_per_language() {
        assert_eq!(fmt_int(1_234_567, Lang::Vi), "1.234.567");
        assert_eq!(fmt_int(1_234_567, Lang::En), "1,234,567");
        assert_eq!(fmt_int(999, Lang::Vi), "999");
        assert_eq!(fmt_int(-1000, Lang::En), "-1,000");
        assert_eq!(fmt_int(0, Lang::En), "0");
    }

    #[test]
    fn decimals_use_the_language_separator() {
        assert_eq!(fmt_dec(1234.56, 1, Lang::Vi), "1.234,6");
        assert_eq!(fmt_dec(1234.56, 1, Lang::En), "1,234.6");
        assert_eq!(fmt_dec(-0.04, 1, Lang::En), "0.0");
        assert_eq!(fmt_dec(-2.5, 1, Lang::En), "-2.5");
        assert_eq!(fmt_dec(f64::NAN, 1, Lang::En), "–");
        assert_eq!(fmt_pct(70.0, 0, Lang::Vi), "70%");
        assert_eq!(fmt_pct(12.26, 1, Lang::Vi), "12,3%");
    }

    #[test]
    fn deltas_are_signed() {
        assert_eq!(fmt_delta(1200, Lang::Vi), "+1.200");
        assert_eq!(fmt_delta(-3, Lang::En), "−3");
        assert_eq!(fmt_delta(0, Lang::En), "0");
    }

    #[test]
    fn the_locale_decides_the_terminal_language() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(lang_of_locale(None, None, s("vi_VN.UTF-8")), Lang::Vi);
        assert_eq!(lang_of_locale(None, None, s("en_US.UTF-8")), Lang::En);
        assert_eq!(lang_of_locale(None, None, None), Lang::En);
        assert_eq!(lang_of_locale(None, None, s("C.UTF-8")), Lang::En);
        // LC_ALL wins over LANG, an empty value is skipped.
        assert_eq!(lang_of_locale(s("C"), None, s("vi_VN")), Lang::En);
        assert_eq!(lang_of_locale(s(""), s("vi"), s("en_GB")), Lang::Vi);
        assert_eq!(terminal_lang(Some(Lang::En)), Lang::En);
    }

    #[test]
    fn lang_parses_tags() {
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::default(), Lang::Vi);
    }
}
