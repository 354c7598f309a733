//! Finding a unit by code or by name: Vietnamese names compared after
//! Unicode NFC normalisation and case folding (`Xã Tân Lập`, `xã tân lập`
//! and a decomposed (NFD) `Tân Lập` are one name), within a province.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::model::{Dataset, Level, UnitCode, short_name_of};

/// `s` in NFC, lower case, with runs of whitespace as one space.
pub fn fold(s: &str) -> String {
    s.nfc()
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` without diacritics, lower case, words joined by `-`
/// (`Vĩnh Phúc` → `vinh-phuc`).
pub fn slug(s: &str) -> String {
    let plain: String = s
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect();
    plain
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// What a member token names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MemberMatch {
    /// One unit, with a note when the token was read with a correction
    /// (a code that lost its leading zeros in a spreadsheet).
    Unit(UnitCode, Option<String>),
    /// Several units share the name: the candidates, by code.
    Ambiguous(Vec<UnitCode>),
    /// No unit: the nearest names, if any.
    Unknown(Vec<UnitCode>),
}

/// Districts and communes of a scope by code and by folded name (full and
/// without the kind's prefix).
pub struct NameIndex<'a> {
    ds: &'a Dataset,
    province: Option<crate::model::UnitId>,
    by_name: HashMap<String, Vec<UnitCode>>,
}

impl<'a> NameIndex<'a> {
    /// The index of the districts and communes of `province` (all when
    /// `None`).
    ///
    /// # Complexity
    /// O(n) for n units.
    pub fn new(ds: &'a Dataset, province: Option<&UnitCode>) -> NameIndex<'a> {
        let province = province.and_then(|p| ds.id_of(p));
        let mut by_name: HashMap<String, Vec<UnitCode>> = HashMap::new();
        for level in [Level::District, Level::Commune] {
            for id in ds.ids_at(level) {
                if province.is_some() && ds.province_of(id) != province {
                    continue;
                }
                let u = ds.unit(id);
                // NFC first: the prefix is only recognised composed.
                let nfc: String = u.name.nfc().collect();
                let full = fold(&nfc);
                let short = fold(short_name_of(&nfc));
                for k in [full.clone(), short] {
                    let v = by_name.entry(k).or_default();
                    if !v.contains(&u.code) {
                        v.push(u.code.clone());
                    }
                }
            }
        }
        NameIndex {
            ds,
            province,
            by_name,
        }
    }

    fn in_scope(&self, code: &str) -> Option<UnitCode> {
        let id = self.ds.id_of(&UnitCode::from(code))?;
        let u = self.ds.unit(id);
        (matches!(u.level, Level::District | Level::Commune)
            && (self.province.is_none() || self.ds.province_of(id) == self.province))
            .then(|| u.code.clone())
    }

    /// The unit `token` names: a code; a code that lost its leading zeros
    /// (padded to 3 or 5 digits, with a note); a full name (`Xã Tân Lập`);
    /// a name without its prefix (`Tân Lập`); either followed by its
    /// district or province in parentheses or after a comma
    /// (`Phường 1 (Quận A)`).
    ///
    /// # Complexity
    /// O(c) for c units of that name.
    pub fn resolve(&self, token: &str) -> MemberMatch {
        let t = token.trim();
        if let Some(c) = self.in_scope(t) {
            return MemberMatch::Unit(c, None);
        }
        if !t.is_empty() && t.len() < 5 && t.bytes().all(|b| b.is_ascii_digit()) {
            for width in [3, 5] {
                let padded = format!("{t:0>width$}");
                if padded.len() == width
                    && let Some(c) = self.in_scope(&padded)
                {
                    return MemberMatch::Unit(
                        c,
                        Some(format!(
                            "code '{t}' read as '{padded}' (a spreadsheet drops leading zeros; store codes as text)"
                        )),
                    );
                }
            }
        }
        let composed: String = t.nfc().collect();
        let (name, qualifier) = split_qualifier(&composed);
        let mut cands: Vec<UnitCode> = self.by_name.get(&fold(name)).cloned().unwrap_or_default();
        if let Some(q) = qualifier {
            let q = fold(q);
            cands.retain(|c| {
                let mut id = self.ds.id_of(c).and_then(|i| self.ds.parent(i));
                while let Some(p) = id {
                    let pu = self.ds.unit(p);
                    let nfc: String = pu.name.nfc().collect();
                    if fold(&nfc) == q || fold(short_name_of(&nfc)) == q {
                        return true;
                    }
                    id = self.ds.parent(p);
                }
                false
            });
        }
        // A full-name match beats a match without the prefix.
        if cands.len() > 1 {
            let full: Vec<UnitCode> = cands
                .iter()
                .filter(|c| {
                    self.ds
                        .get(c.as_str())
                        .is_some_and(|u| fold(&u.name) == fold(name))
                })
                .cloned()
                .collect();
            if full.len() == 1 {
                cands = full;
            }
        }
        cands.sort();
        match cands.len() {
            1 => MemberMatch::Unit(cands.remove(0), None),
            0 => MemberMatch::Unknown(self.near(name)),
            _ => MemberMatch::Ambiguous(cands),
        }
    }

    /// Units whose name without diacritics equals `name`'s, or contains it.
    fn near(&self, name: &str) -> Vec<UnitCode> {
        let nfc: String = name.trim().nfc().collect();
        let want = slug(short_name_of(&nfc));
        if want.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<UnitCode> = self
            .by_name
            .iter()
            .filter(|(k, _)| {
                let s = slug(k);
                s == want || (want.len() >= 4 && s.contains(&want))
            })
            .flat_map(|(_, v)| v.iter().cloned())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The province `token` names: its code, its name (`Vĩnh Phúc`, `Tỉnh
/// Vĩnh Phúc`, any case or normal form) or its slug (`vinh-phuc`).
///
/// # Errors
/// The provinces whose code or name is near `token` as `(code, name)`,
/// nearest first (at most [`NEAR_PROVINCES`]; empty when none is near),
/// when none matches.
///
/// # Complexity
/// O(p · l²) for p provinces of names of l characters (edit distances).
pub fn find_province(ds: &Dataset, token: &str) -> Result<UnitCode, Vec<(UnitCode, String)>> {
    let t = token.trim();
    let provinces: Vec<&crate::model::Unit> =
        ds.ids_at(Level::Province).map(|id| ds.unit(id)).collect();
    let want_fold = fold(t);
    let want_slug = slug(short_name_of(t));
    let found = provinces.iter().find(|u| {
        u.code.as_str() == t
            || fold(&u.name) == want_fold
            || fold(short_name_of(&u.name)) == want_fold
            || slug(short_name_of(&u.name)) == want_slug
    });
    match found {
        Some(u) => Ok(u.code.clone()),
        None => Err(near_provinces(&provinces, t, &want_slug)),
    }
}

/// At most this many near provinces are named when `--province` matches none.
pub const NEAR_PROVINCES: usize = 5;

/// The provinces near `token`: by edit distance of the slugs (at most a
/// third of the token's length, and at least 2), a slug containing the
/// token's (or contained in it), or a code one digit away; nearest first,
/// then by code. When none is near and the dataset has at most
/// [`NEAR_PROVINCES`] provinces, all of them.
fn near_provinces(
    provinces: &[&crate::model::Unit],
    token: &str,
    want_slug: &str,
) -> Vec<(UnitCode, String)> {
    let limit = (want_slug.chars().count() / 3).max(2);
    let mut near: Vec<(usize, UnitCode, String)> = provinces
        .iter()
        .filter_map(|u| {
            let s = slug(short_name_of(&u.name));
            let d = strsim::levenshtein(&s, want_slug);
            let contains =
                want_slug.len() >= 3 && (s.contains(want_slug) || want_slug.contains(&s));
            let code = token.chars().all(|c| c.is_ascii_digit())
                && strsim::levenshtein(u.code.as_str(), token) <= 1;
            (d <= limit || contains || code).then(|| (d, u.code.clone(), u.name.clone()))
        })
        .collect();
    near.sort();
    if near.is_empty() && provinces.len() <= NEAR_PROVINCES {
        // A small dataset: naming all of its provinces is the best help.
        return provinces
            .iter()
            .map(|u| (u.code.clone(), u.name.clone()))
            .collect();
    }
    near.into_iter()
        .take(NEAR_PROVINCES)
        .map(|(_, c, n)| (c, n))
        .collect()
}

/// `Name (Qualifier)` or `Name, Qualifier` → (`Name`, `Qualifier`).
fn split_qualifier(t: &str) -> (&str, Option<&str>) {
    if let Some(open) = t.find('(')
        && let Some(inner) = t[open + 1..].strip_suffix(')')
    {
        return (t[..open].trim(), Some(inner.trim()));
    }
    if let Some((a, b)) = t.split_once(',') {
        return (a.trim(), Some(b.trim()));
    }
    (t, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_makes_nfd_and_case_one_name() {
        let nfd: String = "Xã Tân Lập".nfd().collect();
        assert_ne!(nfd, "Xã Tân Lập");
        assert_eq!(fold(&nfd), fold("xã  TÂN lập"));
    }

    #[test]
    fn slug_drops_diacritics() {
        assert_eq!(slug("Vĩnh Phúc"), "vinh-phuc");
        assert_eq!(slug("Đắk Lắk"), "dak-lak");
    }

    #[test]
    fn provinces_are_found_by_code_name_or_slug_and_near_ones_named() {
        use crate::model::{Attributes, Unit, UnitKind};
        let tinh = |code: &str, name: &str| Unit {
            code: UnitCode::from(code),
            name: name.to_string(),
            level: Level::Province,
            kind: UnitKind::Tinh,
            parent_code: None,
            area_km2: Some(1.0),
            population: Some(1),
            region: None,
            attrs: Attributes::default(),
        };
        let ds = Dataset::new(
            vec![
                tinh("26", "Tỉnh Vĩnh Phúc"),
                tinh("27", "Tỉnh Bắc Ninh"),
                tinh("25", "Tỉnh Phú Thọ"),
                tinh("02", "Tỉnh Hà Giang"),
            ],
            Vec::new(),
        );
        let nfd: String = "Vĩnh Phúc".nfd().collect();
        for t in [
            "26",
            "Vĩnh Phúc",
            "tỉnh vĩnh phúc",
            "vinh-phuc",
            " 26 ",
            nfd.as_str(),
        ] {
            assert_eq!(find_province(&ds, t).unwrap().as_str(), "26", "{t}");
        }
        let near = find_province(&ds, "Vinh Phuoc").unwrap_err();
        assert_eq!(
            near,
            vec![(UnitCode::from("26"), "Tỉnh Vĩnh Phúc".to_string())]
        );
        let mut codes: Vec<String> = find_province(&ds, "28")
            .unwrap_err()
            .into_iter()
            .map(|(c, _)| c.as_str().to_string())
            .collect();
        codes.sort();
        assert_eq!(codes, ["25", "26", "27"]);
        // Nothing near: a dataset of few provinces names them all.
        assert_eq!(find_province(&ds, "Đồng Tháp").unwrap_err().len(), 4);
    }

    #[test]
    fn qualifiers_split() {
        assert_eq!(
            split_qualifier("Phường 1 (Quận A)"),
            ("Phường 1", Some("Quận A"))
        );
        assert_eq!(
            split_qualifier("Phường 1, Quận A"),
            ("Phường 1", Some("Quận A"))
        );
        assert_eq!(split_qualifier("Xã B"), ("Xã B", None));
    }
}
