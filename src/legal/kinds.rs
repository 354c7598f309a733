//! The kind of a merged district, and the commune conversions that keep the
//! map legal (Hiến pháp 2013 Điều 110 khoản 1; docs/legal-basis.md §2.11).
//!
//! The merged district takes the kind of its members that wins by
//! precedence (thành phố > quận > thị xã > huyện, as before): a merge never
//! lowers a member's urban kind, whose status rests on an urban
//! classification a merge does not change. Then:
//!
//! - [`DistrictKindMode::KeepLegal`] (the default): the merge is proposed only
//!   if that kind may hold every commune the new district will contain
//!   (`[[structure]]` of the rule set) and, for a kind with an urban
//!   condition the data can judge (a thành phố keeps ≥ 65% phường, NQ
//!   1211/2016 Điều 5), the condition holds after the merge or the merge
//!   does not lower the share of a city already below it. Otherwise it is a
//!   *kind conflict*: the planner looks for other groups, and a target left
//!   without one is reported with that reason;
//! - [`DistrictKindMode::Convert`]: the merge is proposed with the
//!   conversions that make it legal: under a quận, xã → phường and
//!   thị trấn → phường; under a thị xã or thành phố, thị trấn → phường when it
//!   meets the phường standard of its new parent, else thị trấn → xã. Each
//!   conversion is judged against the standard of its new kind. The urban
//!   condition is reported, not enforced.
//!
//! Commune merges inside a legal district stay legal: the merged commune
//! takes the winning kind of its members (phường > thị trấn > xã), which the
//! district already holds.

use serde::{Deserialize, Serialize};

use crate::model::UnitKind;
use crate::rules::{RuleSet, Tag};

/// Precedence of kinds when units merge: higher wins (phường > thị trấn >
/// xã; thành phố > quận > thị xã > huyện; the table of
/// [`crate::pipeline::merge`]; NQ 76/2025 N7 maps a merged thị trấn to a xã
/// through the rule set's `kind_after_merge`).
pub fn precedence(kind: UnitKind) -> u8 {
    match kind {
        UnitKind::ThanhPhoTw => 5,
        UnitKind::ThanhPho => 4,
        UnitKind::Quan => 3,
        UnitKind::ThiXa => 2,
        UnitKind::Phuong => 4,
        UnitKind::ThiTran => 3,
        UnitKind::Tinh | UnitKind::Huyen | UnitKind::Xa => 0,
    }
}

/// The kind of the unit formed by merging units of `kinds` (urban kinds win).
pub fn merged_kind(kinds: &[UnitKind]) -> Option<UnitKind> {
    kinds.iter().copied().max_by_key(|k| precedence(*k))
}

/// The name `short` with the Vietnamese prefix of `kind` (`Phường Trưng Trắc`).
/// Numbered wards keep their number (`Phường 1`).
pub fn with_prefix(kind: UnitKind, short: &str) -> String {
    format!("{} {short}", kind.label_vi_prefix())
}

/// Tolerance of the share comparison (13/20 must count as 65%).
const SHARE_EPS: f64 = 1e-9;

/// How a district merge is made legal (scenario key `district_kind`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistrictKindMode {
    /// Propose only district merges whose kind can hold every commune as it
    /// is; the others are kind conflicts. The default: every merge it
    /// proposes is legal without a further decision (a conversion is a
    /// procedure of its own, "thành lập phường", whose urban conditions the
    /// data cannot judge), and it disturbs fewer units.
    #[default]
    KeepLegal,
    /// Propose the district merges with the commune conversions that make
    /// them legal (xã → phường, thị trấn → phường, thị trấn → xã).
    Convert,
}

impl DistrictKindMode {
    /// The scenario token (`keep_legal`, `convert`).
    pub fn as_str(self) -> &'static str {
        match self {
            DistrictKindMode::KeepLegal => "keep_legal",
            DistrictKindMode::Convert => "convert",
        }
    }
}

/// How many communes of each kind a district holds (or would hold).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChildKinds {
    /// Xã.
    pub xa: u32,
    /// Phường.
    pub phuong: u32,
    /// Thị trấn.
    pub thi_tran: u32,
}

impl ChildKinds {
    /// Counts one commune of `kind` (other levels are ignored).
    pub fn add(&mut self, kind: UnitKind) {
        match kind {
            UnitKind::Xa => self.xa += 1,
            UnitKind::Phuong => self.phuong += 1,
            UnitKind::ThiTran => self.thi_tran += 1,
            _ => {}
        }
    }

    /// Moves one commune from kind `from` to kind `to` (a conversion).
    pub fn convert(&mut self, from: UnitKind, to: UnitKind) {
        match from {
            UnitKind::Xa => self.xa = self.xa.saturating_sub(1),
            UnitKind::Phuong => self.phuong = self.phuong.saturating_sub(1),
            UnitKind::ThiTran => self.thi_tran = self.thi_tran.saturating_sub(1),
            _ => return,
        }
        self.add(to);
    }

    /// The communes of both.
    pub fn plus(self, other: ChildKinds) -> ChildKinds {
        ChildKinds {
            xa: self.xa + other.xa,
            phuong: self.phuong + other.phuong,
            thi_tran: self.thi_tran + other.thi_tran,
        }
    }

    /// Number of communes.
    pub fn total(&self) -> u32 {
        self.xa + self.phuong + self.thi_tran
    }

    /// The kinds present, in the order xã, phường, thị trấn.
    pub fn present(&self) -> Vec<UnitKind> {
        [
            (UnitKind::Xa, self.xa),
            (UnitKind::Phuong, self.phuong),
            (UnitKind::ThiTran, self.thi_tran),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .map(|(k, _)| k)
        .collect()
    }

    /// Share of phường among the communes (`None` without communes).
    pub fn ward_share(&self) -> Option<f64> {
        (self.total() > 0).then(|| f64::from(self.phuong) / f64::from(self.total()))
    }
}

/// The urban condition of a growing urban district, judged on the data.
#[derive(Clone, Debug, PartialEq)]
pub struct UrbanCheck {
    /// The district kind (e.g. thành phố).
    pub kind: UnitKind,
    /// Share of phường after the merge (after conversions in convert mode).
    pub share: f64,
    /// The minimum of the rule set (0.65 for a thành phố).
    pub min: f64,
    /// The lowest share among the members of that kind before the merge.
    pub before: f64,
    /// Whether the condition holds, or the merge does not lower the share
    /// of a city already below it.
    pub met: bool,
    /// Legal source of the minimum.
    pub source: String,
    /// Its tag.
    pub tag: Tag,
}

/// Why a district merge cannot be proposed in keep-legal mode.
#[derive(Clone, Debug, PartialEq)]
pub enum ConflictCause {
    /// The winning kind may not hold these commune kinds, and no conversion
    /// is allowed (keep-legal) or possible (a phường under a huyện).
    Structure {
        /// The kind the merge would take.
        kind: UnitKind,
        /// Commune kinds it may not hold.
        children: Vec<UnitKind>,
    },
    /// The winning kind's urban condition fails after the merge.
    UrbanCondition(UrbanCheck),
}

/// The kind a district merge takes and what keeps it legal.
#[derive(Clone, Debug, PartialEq)]
pub struct KindChoice {
    /// The kind of the merged district (the members' winning kind).
    pub kind: UnitKind,
    /// Commune kinds that must be converted (convert mode; empty otherwise).
    pub convert: Vec<UnitKind>,
    /// Why the merge cannot be proposed, if it cannot.
    pub conflict: Option<ConflictCause>,
}

/// The kind of the district formed by merging `members` (each: its kind and
/// the communes it holds), and what keeps it legal in `mode`.
///
/// # Complexity
/// O(k) for k members.
pub fn choose_district_kind(
    rules: &RuleSet,
    mode: DistrictKindMode,
    members: &[(UnitKind, ChildKinds)],
) -> KindChoice {
    let kinds: Vec<UnitKind> = members.iter().map(|(k, _)| *k).collect();
    let kind = merged_kind(&kinds).unwrap_or(UnitKind::Huyen);
    let all = members
        .iter()
        .fold(ChildKinds::default(), |acc, (_, c)| acc.plus(*c));
    let illegal: Vec<UnitKind> = all
        .present()
        .into_iter()
        .filter(|c| !rules.may_hold(kind, *c))
        .collect();
    if illegal.is_empty() {
        let conflict = match mode {
            DistrictKindMode::KeepLegal => urban_check(rules, kind, members, all)
                .filter(|u| !u.met)
                .map(ConflictCause::UrbanCondition),
            DistrictKindMode::Convert => None,
        };
        return KindChoice {
            kind,
            convert: Vec::new(),
            conflict,
        };
    }
    let convertible = illegal
        .iter()
        .all(|c| conversion_target(rules, kind, *c, true).is_some());
    if mode == DistrictKindMode::Convert && convertible {
        KindChoice {
            kind,
            convert: illegal,
            conflict: None,
        }
    } else {
        KindChoice {
            kind,
            convert: Vec::new(),
            conflict: Some(ConflictCause::Structure {
                kind,
                children: illegal,
            }),
        }
    }
}

/// The kind a commune of `child` converts to under a district of `district`
/// that may not hold it: xã → phường; thị trấn → phường when it meets the
/// phường standard of its new parent (`meets_ward_standard`) or the district
/// holds no xã, else thị trấn → xã. `None` when no conversion the plan may
/// propose makes it legal (a phường is never turned back into a rural unit),
/// or when the district may already hold it.
pub fn conversion_target(
    rules: &RuleSet,
    district: UnitKind,
    child: UnitKind,
    meets_ward_standard: bool,
) -> Option<UnitKind> {
    if rules.may_hold(district, child) {
        return None;
    }
    let ward = rules.may_hold(district, UnitKind::Phuong);
    let rural = rules.may_hold(district, UnitKind::Xa);
    match child {
        UnitKind::Xa if ward => Some(UnitKind::Phuong),
        UnitKind::ThiTran if ward && (meets_ward_standard || !rural) => Some(UnitKind::Phuong),
        UnitKind::ThiTran if rural => Some(UnitKind::Xa),
        _ => None,
    }
}

/// The urban condition of a district of `kind` formed from `members`, with
/// `after` the communes it holds after the merge (and its conversions):
/// `None` when the rule set gives `kind` no condition or the district holds
/// no commune.
pub fn urban_check(
    rules: &RuleSet,
    kind: UnitKind,
    members: &[(UnitKind, ChildKinds)],
    after: ChildKinds,
) -> Option<UrbanCheck> {
    let cond = rules.urban_condition(kind)?;
    let share = after.ward_share()?;
    let before = members
        .iter()
        .filter(|(k, _)| *k == kind)
        .filter_map(|(_, c)| c.ward_share())
        .fold(f64::INFINITY, f64::min);
    let min = cond.ward_share_min.value;
    Some(UrbanCheck {
        kind,
        share,
        min,
        before,
        met: share >= min - SHARE_EPS || share >= before - SHARE_EPS,
        source: cond.ward_share_min.source.clone(),
        tag: cond.ward_share_min.tag,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> RuleSet {
        RuleSet::builtin("nq35-2023").expect("built-in")
    }

    fn kids(xa: u32, phuong: u32, thi_tran: u32) -> ChildKinds {
        ChildKinds {
            xa,
            phuong,
            thi_tran,
        }
    }

    #[test]
    fn constitution_table() {
        let r = rules();
        use UnitKind::*;
        assert!(r.may_hold(Quan, Phuong) && !r.may_hold(Quan, Xa) && !r.may_hold(Quan, ThiTran));
        assert!(r.may_hold(ThiXa, Xa) && r.may_hold(ThiXa, Phuong) && !r.may_hold(ThiXa, ThiTran));
        assert!(r.may_hold(ThanhPho, Xa) && !r.may_hold(ThanhPho, ThiTran));
        assert!(r.may_hold(Huyen, ThiTran) && !r.may_hold(Huyen, Phuong));
        // A two-level set has no structure rule.
        let nq76 = RuleSet::builtin("nq76-2025").expect("built-in");
        assert!(nq76.may_hold(Quan, Xa));
    }

    #[test]
    fn quan_with_a_huyen_is_a_conflict_or_conversions() {
        let r = rules();
        let members = [
            (UnitKind::Quan, kids(0, 11, 0)),
            (UnitKind::Huyen, kids(15, 0, 1)),
        ];
        let keep = choose_district_kind(&r, DistrictKindMode::KeepLegal, &members);
        assert_eq!(keep.kind, UnitKind::Quan);
        assert_eq!(
            keep.conflict,
            Some(ConflictCause::Structure {
                kind: UnitKind::Quan,
                children: vec![UnitKind::Xa, UnitKind::ThiTran]
            })
        );
        let conv = choose_district_kind(&r, DistrictKindMode::Convert, &members);
        assert_eq!(conv.conflict, None);
        assert_eq!(conv.convert, vec![UnitKind::Xa, UnitKind::ThiTran]);
        assert_eq!(
            conversion_target(&r, UnitKind::Quan, UnitKind::ThiTran, false),
            Some(UnitKind::Phuong)
        );
        assert_eq!(
            conversion_target(&r, UnitKind::ThanhPho, UnitKind::ThiTran, false),
            Some(UnitKind::Xa)
        );
        assert_eq!(
            conversion_target(&r, UnitKind::ThanhPho, UnitKind::ThiTran, true),
            Some(UnitKind::Phuong)
        );
        assert_eq!(
            conversion_target(&r, UnitKind::Huyen, UnitKind::Phuong, true),
            None
        );
    }

    #[test]
    fn city_growth_keeps_the_ward_share() {
        let r = rules();
        // 9 phường of 10, absorbing 3 xã: 9/13 = 69% ≥ 65%.
        let ok = [
            (UnitKind::ThanhPho, kids(1, 9, 0)),
            (UnitKind::Huyen, kids(3, 0, 0)),
        ];
        let c = choose_district_kind(&r, DistrictKindMode::KeepLegal, &ok);
        assert_eq!((c.kind, c.conflict), (UnitKind::ThanhPho, None));
        // Absorbing 10 xã: 9/20 = 45% < 65%, and below the city's 90%.
        let bad = [
            (UnitKind::ThanhPho, kids(1, 9, 0)),
            (UnitKind::Huyen, kids(10, 0, 0)),
        ];
        let c = choose_district_kind(&r, DistrictKindMode::KeepLegal, &bad);
        assert!(
            matches!(c.conflict, Some(ConflictCause::UrbanCondition(ref u)) if !u.met && (u.share - 0.45).abs() < 1e-9)
        );
        // Convert mode reports it but proposes the merge.
        assert_eq!(
            choose_district_kind(&r, DistrictKindMode::Convert, &bad).conflict,
            None
        );
        // A city already below 65% may grow without lowering its share.
        let below = [
            (UnitKind::ThanhPho, kids(5, 5, 0)),
            (UnitKind::Quan, kids(0, 4, 0)),
        ];
        let u = urban_check(&r, UnitKind::ThanhPho, &below, kids(5, 9, 0)).expect("condition");
        assert!(u.met && u.share < u.min);
    }

    #[test]
    fn two_huyen_and_thi_xa_with_xa_only_are_legal() {
        let r = rules();
        let c = choose_district_kind(
            &r,
            DistrictKindMode::KeepLegal,
            &[
                (UnitKind::Huyen, kids(10, 0, 1)),
                (UnitKind::Huyen, kids(8, 0, 2)),
            ],
        );
        assert_eq!((c.kind, c.conflict), (UnitKind::Huyen, None));
        let c = choose_district_kind(
            &r,
            DistrictKindMode::KeepLegal,
            &[
                (UnitKind::ThiXa, kids(4, 5, 0)),
                (UnitKind::Huyen, kids(8, 0, 0)),
            ],
        );
        assert_eq!((c.kind, c.conflict), (UnitKind::ThiXa, None));
    }
}
