//! Unique names within a parent: no two communes of one district (or, in the
//! two-level model, of one province) and no two districts of one province
//! share a full name (docs/legal-basis.md §2.7).
//!
//! NQ 35/2023 Điều 6 recommends one of the merged units' existing names;
//! the planner gives a merged unit the name of its naming member (the most
//! populous of the winning kind). When that name, or the name of a unit that
//! came with a district merge, is already taken in the parent, the units
//! sharing it are ranked: a unit whose name did not change in the phase
//! before a converted one before a merged one; then a unit that was already
//! in this parent before one that came with a district merge; then the most
//! populous; then the smallest code. The first of the ranking keeps the name
//! unless that leaves another of them without a free name (a merged unit
//! that stayed, whose members' names are all taken); then the next of the
//! ranking whose keeping leaves none without keeps it. Each other unit takes
//! the first free name of this order:
//!
//! 1. another member's name (merged units, in naming order);
//! 2. for a numbered ward (`Phường 1`, `Phường 02`), the smallest free
//!    number, written with the same number of digits;
//! 3. a compound of two members' names: the first word of one and the last
//!    word of the other, as Hồng Sơn from Hồng Lạc + Vân Sơn (2024);
//! 4. its name followed by the name of the district it came from.
//!
//! A code or a counter is never appended. The first few other free names are
//! kept as alternatives for the voters to choose from (Điều 6: "the opinion
//! of the majority of voters"). A duplicate no option can resolve is left
//! and reported (the plan validator flags it as an error).
//!
//! Names are compared by [`name_key`]: case, spacing, leading zeros of
//! numbers and the old and new placement of tone marks (`Hoà`/`Hòa`) do not
//! make two names different.

use std::cmp::Reverse;
use std::collections::{BTreeMap, HashSet};

use super::kinds::with_prefix;
use crate::lang::Lang;
use crate::model::{UnitCode, UnitKind, short_name_of};

/// Alternatives kept for a renamed unit.
const ALTERNATIVES: usize = 3;

/// Old-style tone placement → new style, at the end of a word (`oà` and
/// `òa` are the same syllable).
const TONE_PAIRS: [(&str, &str); 15] = [
    ("òa", "oà"),
    ("óa", "oá"),
    ("ỏa", "oả"),
    ("õa", "oã"),
    ("ọa", "oạ"),
    ("òe", "oè"),
    ("óe", "oé"),
    ("ỏe", "oẻ"),
    ("õe", "oẽ"),
    ("ọe", "oẹ"),
    ("ùy", "uỳ"),
    ("úy", "uý"),
    ("ủy", "uỷ"),
    ("ũy", "uỹ"),
    ("ụy", "uỵ"),
];

/// The comparison key of a full name: lower case, one space between words,
/// numbers without leading zeros, tone marks placed one way. Two names with
/// the same key are the same name to a reader (`Phường 02` = `phường 2`,
/// `Xã Hoà Bình` = `Xã Hòa Bình`).
///
/// # Complexity
/// O(length of the name).
pub fn name_key(full: &str) -> String {
    let words: Vec<String> = full
        .split_whitespace()
        .map(|w| {
            let mut w = w.to_lowercase();
            if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) {
                let t = w.trim_start_matches('0');
                w = if t.is_empty() { "0".into() } else { t.into() };
            }
            for (old, new) in TONE_PAIRS {
                if let Some(stem) = w.strip_suffix(old) {
                    w = format!("{stem}{new}");
                    break;
                }
            }
            w
        })
        .collect();
    words.join(" ")
}

/// The number and digit count of a numbered ward's short name (`"02"` →
/// `(2, 2)`); `None` for a name that is not a number.
pub fn numbered(short: &str) -> Option<(u32, usize)> {
    let s = short.trim();
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().map(|n| (n, s.len()))
}

/// A compound of two short names: the first word of `a` and the last word
/// of `b` (Hồng Lạc + Vân Sơn → Hồng Sơn; two one-word names are joined).
/// `None` for numbered names, or when the compound is `a` or `b` itself.
pub fn compound(a: &str, b: &str) -> Option<String> {
    if numbered(a).is_some() || numbered(b).is_some() {
        return None;
    }
    let first = a.split_whitespace().next()?;
    let last = b.split_whitespace().last()?;
    let c = format!("{first} {last}");
    let k = name_key(&c);
    (k != name_key(a) && k != name_key(b)).then_some(c)
}

/// Which step of the documented order gave a unit its new name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NameRule {
    /// Another member's name.
    OtherMember,
    /// The smallest free number (numbered wards).
    FreeOrdinal,
    /// A compound of two members' names.
    Compound,
    /// Its name with the name of the district it came from.
    FormerParent,
}

impl NameRule {
    /// A stable token (`other_member`, `free_ordinal`, `compound`, `former_parent`).
    pub fn as_str(self) -> &'static str {
        match self {
            NameRule::OtherMember => "other_member",
            NameRule::FreeOrdinal => "free_ordinal",
            NameRule::Compound => "compound",
            NameRule::FormerParent => "former_parent",
        }
    }
}

/// Why a unit's name differs from the one Điều 6 gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameChange {
    /// The step of the order that gave the new name.
    pub rule: NameRule,
    /// The name it would have had (taken by another unit of the parent).
    pub wanted: String,
    /// The unit that keeps that name.
    pub kept_by: UnitCode,
    /// Other free names of the order, for the voters (at most 3).
    pub alternatives: Vec<String>,
}

impl NameChange {
    /// The reason, for a report row: `parent` is the parent's name.
    pub fn text(&self, lang: Lang, parent: &str) -> String {
        match lang {
            Lang::Vi => {
                let how = match self.rule {
                    NameRule::OtherMember => "dùng tên của một đơn vị thành viên khác",
                    NameRule::FreeOrdinal => "dùng số thứ tự còn trống",
                    NameRule::Compound => "ghép tên của hai đơn vị thành viên",
                    NameRule::FormerParent => "ghép với tên đơn vị hành chính cấp huyện cũ",
                };
                format!("tên “{}” đã có trong {parent}; {how}", self.wanted)
            }
            Lang::En => {
                let how = match self.rule {
                    NameRule::OtherMember => "another member's name is used",
                    NameRule::FreeOrdinal => "a free ordinal is used",
                    NameRule::Compound => "a compound of two members' names is used",
                    NameRule::FormerParent => "compounded with its former district's name",
                };
                format!("“{}” is already a name in {parent}; {how}", self.wanted)
            }
        }
    }
}

/// A unit of one parent, as the name check sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct NameUnit {
    /// Its code.
    pub code: UnitCode,
    /// Its kind (gives the prefix of a new name).
    pub kind: UnitKind,
    /// Its current full name.
    pub name: String,
    /// 0: its name did not change in the phase; 1: its kind was converted;
    /// 2: formed by a merge in the phase. Lower ranks keep a contested name.
    pub rank: u8,
    /// Whether it was already in this parent before the phase.
    pub stayed: bool,
    /// Population (the more populous keeps a contested name).
    pub population: u64,
    /// Short names of its members in naming order (merged units; empty
    /// otherwise).
    pub members: Vec<String>,
    /// Short name of the district it came from, when that changed.
    pub former_parent: Option<String>,
}

/// A unit renamed by [`resolve_names`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    /// Index of the unit in the input slice.
    pub index: usize,
    /// Its new full name.
    pub to: String,
    /// Why and how.
    pub change: NameChange,
}

/// The outcome of [`resolve_names`] for one parent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    /// Units to rename, in the order decided.
    pub renames: Vec<Rename>,
    /// Indices of units whose shared name no option could change (each set
    /// shares one name).
    pub left: Vec<Vec<usize>>,
}

/// The candidate names of `u` in the documented order.
fn candidates(u: &NameUnit, used: &HashSet<String>) -> Vec<(NameRule, String)> {
    let short = short_name_of(&u.name);
    let prefixed = |s: &str| with_prefix(u.kind, s);
    let own = name_key(&u.name);
    let mut out: Vec<(NameRule, String)> = u
        .members
        .iter()
        .map(|m| (NameRule::OtherMember, prefixed(m)))
        .filter(|(_, n)| name_key(n) != own)
        .collect();
    if let Some((_, width)) = numbered(short) {
        let mut found = 0;
        let mut n: u32 = 1;
        // At most `used.len()` numbers are taken: the loop ends.
        while found <= ALTERNATIVES && (n as usize) <= used.len() + ALTERNATIVES + 2 {
            let name = prefixed(&format!("{n:0width$}"));
            if !used.contains(&name_key(&name)) {
                out.push((NameRule::FreeOrdinal, name));
                found += 1;
            }
            n += 1;
        }
    }
    for (i, a) in u.members.iter().enumerate() {
        for (j, b) in u.members.iter().enumerate() {
            if i != j
                && let Some(c) = compound(a, b)
            {
                out.push((NameRule::Compound, prefixed(&c)));
            }
        }
    }
    if let Some(p) = &u.former_parent
        && numbered(short).is_none()
    {
        out.push((NameRule::FormerParent, prefixed(&format!("{short} {p}"))));
    }
    out
}

/// Makes the names of one parent's units unique: see the module docs for
/// who keeps a contested name and the order of the new names.
///
/// The units sharing a name are ranked; the first of the ranking whose
/// keeping the name leaves every other one a free name keeps it (a merged
/// unit that stayed in its parent, whose members' names are all taken, has
/// no free name, while a unit that came with a district merge can always
/// take its former district's name). When no keeper leaves every other one
/// a free name, the first of the ranking keeps it and the rest that found
/// none are left.
///
/// # Complexity
/// O(n log n + Σ k · d · (m² + n)) for n units, k units sharing a name
/// (each tried as keeper at most once), d of them to rename and m members
/// per unit.
pub fn resolve_names(units: &[NameUnit]) -> Resolution {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        by_key.entry(name_key(&u.name)).or_default().push(i);
    }
    let mut used: HashSet<String> = by_key.keys().cloned().collect();
    let mut out = Resolution::default();
    for same in by_key.values().filter(|v| v.len() > 1) {
        let mut order = same.clone();
        order.sort_by(|&a, &b| {
            let key = |u: &NameUnit| (u.rank, !u.stayed, Reverse(u.population), u.code.clone());
            key(&units[a]).cmp(&key(&units[b]))
        });
        // The first keeper (in ranked order) under which no unit is left;
        // else the first of the ranking.
        let mut first = None;
        let mut chosen = None;
        for k in 0..order.len() {
            let attempt = share_out(units, &order, k, used.clone());
            if attempt.left.len() == 1 {
                chosen = Some(attempt);
                break;
            }
            first.get_or_insert(attempt);
        }
        let Some(attempt) = chosen.or(first) else {
            continue;
        };
        used = attempt.used;
        out.renames.extend(attempt.renames);
        if attempt.left.len() > 1 {
            out.left.push(attempt.left);
        }
    }
    out
}

/// One way of sharing out a contested name: what [`share_out`] decides.
struct Attempt {
    renames: Vec<Rename>,
    /// The keeper first, then the units that found no free name.
    left: Vec<usize>,
    /// `used` with the new names added.
    used: HashSet<String>,
}

/// `order[keeper]` keeps the name; each other unit of `order`, in order,
/// takes the first free name of [`candidates`].
fn share_out(units: &[NameUnit], order: &[usize], keeper: usize, used: HashSet<String>) -> Attempt {
    let mut used = used;
    let keeper = order[keeper];
    let mut renames = Vec::new();
    let mut left = vec![keeper];
    for &i in order.iter().filter(|&&i| i != keeper) {
        let u = &units[i];
        let mut free = candidates(u, &used)
            .into_iter()
            .filter(|(_, n)| !used.contains(&name_key(n)));
        let Some((rule, to)) = free.next() else {
            left.push(i);
            continue;
        };
        let chosen = name_key(&to);
        let mut alternatives: Vec<String> = Vec::new();
        for (_, n) in free {
            let k = name_key(&n);
            if k != chosen && !alternatives.iter().any(|a| name_key(a) == k) {
                alternatives.push(n);
                if alternatives.len() == ALTERNATIVES {
                    break;
                }
            }
        }
        used.insert(chosen);
        renames.push(Rename {
            index: i,
            to,
            change: NameChange {
                rule,
                wanted: u.name.clone(),
                kept_by: units[keeper].code.clone(),
                alternatives,
            },
        });
    }
    Attempt {
        renames,
        left,
        used,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, rank: u8, stayed: bool, members: &[&str]) -> NameUnit {
        NameUnit {
            code: UnitCode::from(code),
            kind: UnitKind::Phuong,
            name: name.to_string(),
            rank,
            stayed,
            population: 1000,
            members: members.iter().map(|s| (*s).to_string()).collect(),
            former_parent: None,
        }
    }

    #[test]
    fn keys_ignore_case_zeros_and_tone_placement() {
        assert_eq!(name_key("Phường 02"), name_key("phường  2"));
        assert_eq!(name_key("Xã Hoà Bình"), name_key("Xã Hòa Bình"));
        assert_eq!(name_key("Thị Trấn Thuý"), name_key("thị trấn Thúy"));
        assert_ne!(name_key("Phường 1"), name_key("Phường 10"));
        assert_ne!(name_key("Xã Hòa Bình"), name_key("Phường Hòa Bình"));
    }

    #[test]
    fn compounds_take_first_and_last_words() {
        assert_eq!(compound("Hồng Lạc", "Vân Sơn").as_deref(), Some("Hồng Sơn"));
        assert_eq!(compound("Lộc", "Hòa").as_deref(), Some("Lộc Hòa"));
        assert_eq!(compound("Tân", "Tân Hòa"), None);
        assert_eq!(compound("1", "Tân Hòa"), None);
        assert_eq!(numbered("02"), Some((2, 2)));
        assert_eq!(numbered("Hòa"), None);
    }

    #[test]
    fn unchanged_unit_keeps_the_name_and_the_merged_one_takes_a_free_ordinal() {
        // Đông Hà: Phường 1, 2, 3 stay; Quảng Trị's Phường 1 + Phường 2 merged
        // into "Phường 1" must change: "Phường 2" is taken too.
        let units = vec![
            unit("19333", "Phường 1", 0, true, &[]),
            unit("19342", "Phường 2", 0, true, &[]),
            unit("19354", "Phường 3", 0, true, &[]),
            unit("19357", "Phường 1", 2, false, &["1", "2"]),
        ];
        let r = resolve_names(&units);
        assert!(r.left.is_empty());
        assert_eq!(r.renames.len(), 1);
        let rn = &r.renames[0];
        assert_eq!((rn.index, rn.to.as_str()), (3, "Phường 4"));
        assert_eq!(rn.change.rule, NameRule::FreeOrdinal);
        assert_eq!(rn.change.kept_by, UnitCode::from("19333"));
        assert_eq!(
            rn.change.alternatives,
            vec!["Phường 5", "Phường 6", "Phường 7"]
        );
    }

    #[test]
    fn merged_unit_takes_another_members_name_first_then_a_compound() {
        let units = vec![
            unit("1", "Phường Hồng Lạc", 0, true, &[]),
            unit("2", "Phường Hồng Lạc", 2, false, &["Hồng Lạc", "Vân Sơn"]),
            unit("3", "Phường Vân Sơn", 0, true, &[]),
        ];
        let r = resolve_names(&units);
        assert_eq!(r.renames.len(), 1);
        assert_eq!(r.renames[0].to, "Phường Hồng Sơn");
        assert_eq!(r.renames[0].change.rule, NameRule::Compound);
        let units = vec![
            unit("1", "Phường Hồng Lạc", 0, true, &[]),
            unit("2", "Phường Hồng Lạc", 2, false, &["Hồng Lạc", "Vân Sơn"]),
        ];
        assert_eq!(resolve_names(&units).renames[0].to, "Phường Vân Sơn");
    }

    #[test]
    fn two_unchanged_units_the_one_that_moved_takes_its_former_district() {
        let mut a = unit("27802", "Xã Bình Thạnh", 0, true, &[]);
        let mut b = unit("28063", "Xã Bình Thạnh", 0, false, &[]);
        a.kind = UnitKind::Xa;
        b.kind = UnitKind::Xa;
        b.former_parent = Some("Tân Trụ".into());
        let r = resolve_names(&[b.clone(), a.clone()]);
        assert_eq!(r.renames.len(), 1);
        assert_eq!(r.renames[0].index, 0);
        assert_eq!(r.renames[0].to, "Xã Bình Thạnh Tân Trụ");
        // Neither moved nor merged: nothing to choose from, the duplicate is left.
        b.former_parent = None;
        b.stayed = true;
        let r = resolve_names(&[a, b]);
        assert!(r.renames.is_empty());
        assert_eq!(r.left, vec![vec![0, 1]]);
    }

    #[test]
    fn a_merged_unit_with_no_free_name_keeps_it_and_the_unit_that_moved_yields() {
        // A huyện joins a thị xã: its Xã Vân Sơn comes unchanged; the thị
        // xã's Xã Đông Sơn + Xã Vân Sơn merge as "Xã Vân Sơn", and Xã Đông
        // Sơn (also from the huyện) takes the other member's name: the
        // merged unit has nothing free, the unit that moved has its former
        // district's name.
        let mut moved = unit("00302", "Xã Vân Sơn", 0, false, &[]);
        moved.kind = UnitKind::Xa;
        moved.former_parent = Some("Phú Tân".into());
        let mut other = unit("00301", "Xã Đông Sơn", 0, false, &[]);
        other.kind = UnitKind::Xa;
        other.former_parent = Some("Phú Tân".into());
        let mut merged = unit("00402", "Xã Vân Sơn", 2, true, &["Vân Sơn", "Đông Sơn"]);
        merged.kind = UnitKind::Xa;
        let r = resolve_names(&[moved, other, merged]);
        assert!(r.left.is_empty(), "{r:?}");
        assert_eq!(r.renames.len(), 1);
        assert_eq!(r.renames[0].index, 0);
        assert_eq!(r.renames[0].to, "Xã Vân Sơn Phú Tân");
        assert_eq!(r.renames[0].change.rule, NameRule::FormerParent);
        assert_eq!(r.renames[0].change.kept_by, UnitCode::from("00402"));
    }
}
