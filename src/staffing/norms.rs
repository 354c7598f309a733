//! Staffing norms as data, each number with its legal source and verification
//! tag (docs/legal-basis.md §2.9, §3).
//!
//! Decree 33/2023/NĐ-CP (effective 01/08/2023), Điều 6: khoản 1 gives the
//! number of commune-level cadres and civil servants by commune class; khoản 2
//! adds one civil servant per full step of population (điểm a: phường thuộc
//! quận, 1/3 of the population standard; điểm b: other communes, 1/2) and per
//! full 100% of the area standard (điểm c) above the standard. The part-time
//! workers' figures (base 14/12/10 and the same additions) come from
//! secondary sources; their article (believed Điều 33) is \[U\].

pub use crate::rules::Tag;

use crate::model::UnitClass;

/// A number from the law with its source and tag.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Norm<T> {
    /// The value.
    pub value: T,
    /// Legal article and source reference.
    pub source: &'static str,
    /// Verification tag.
    pub tag: Tag,
}

const fn v<T>(value: T, source: &'static str) -> Norm<T> {
    Norm {
        value,
        source,
        tag: Tag::V,
    }
}

const fn s<T>(value: T, source: &'static str) -> Norm<T> {
    Norm {
        value,
        source,
        tag: Tag::S,
    }
}

const fn u<T>(value: T, source: &'static str) -> Norm<T> {
    Norm {
        value,
        source,
        tag: Tag::U,
    }
}

const D33_K1: &str = "NĐ 33/2023/NĐ-CP Điều 6 khoản 1 [S50, S51, S53]";
const D33_PT: &str =
    "NĐ 33/2023/NĐ-CP, người hoạt động không chuyên trách (article believed Điều 33 [U]) [S51]";

/// Cadres and civil servants of a phường, by class I, II, III: 23, 21, 19 \[V\].
pub const BASE_CADRES_PHUONG: [Norm<u32>; 3] = [v(23, D33_K1), v(21, D33_K1), v(19, D33_K1)];

/// Cadres and civil servants of a xã or thị trấn, by class I, II, III: 22, 20, 18 \[V\].
pub const BASE_CADRES_XA: [Norm<u32>; 3] = [v(22, D33_K1), v(20, D33_K1), v(18, D33_K1)];

/// Part-time workers of a commune, by class I, II, III: 14, 12, 10 \[S\].
pub const BASE_PART_TIME: [Norm<u32>; 3] = [s(14, D33_PT), s(12, D33_PT), s(10, D33_PT)];

/// Phường thuộc quận: +1 per full `1/denominator` of the population standard
/// above the standard; denominator 3 \[V\].
pub const POP_STEP_PHUONG_THUOC_QUAN: Norm<u32> =
    v(3, "NĐ 33/2023/NĐ-CP Điều 6 khoản 2 điểm a [S50, S52]");

/// Other communes: +1 per full 1/2 of the population standard above it \[V\].
pub const POP_STEP_OTHER: Norm<u32> = v(2, "NĐ 33/2023/NĐ-CP Điều 6 khoản 2 điểm b [S50, S52]");

/// +1 per full multiple (100%) of the area standard above the standard \[V\].
pub const AREA_STEP_MULTIPLE: Norm<u32> = v(1, "NĐ 33/2023/NĐ-CP Điều 6 khoản 2 điểm c [S50, S52]");

/// The part-time workers get the same population and area additions \[S\].
pub const PART_TIME_SAME_ADDITIONS: Norm<bool> = s(true, "NĐ 33/2023/NĐ-CP [S51, S52]");

/// Staff of the new unit must conform to the norms no later than 5 years after
/// the UBTVQH resolution takes effect \[V\].
pub const DEADLINE_YEARS: Norm<u16> = v(5, "NQ 35/2023/UBTVQH15 Điều 11 khoản 3 [S28]");

/// One chair of the People's Committee per unit (a merge of n units leaves
/// n − 1 chairs to rearrange) \[U\]: not quoted in the sources consulted.
pub const CHAIRS_PER_UNIT: Norm<u32> = u(1, "Luật Tổ chức chính quyền địa phương (not quoted) [U]");

/// Vice-chairs of a commune People's Committee, class I, II, III: ≤ 2, 1, 1 \[U\].
pub const VICE_CHAIRS_COMMUNE: [Norm<u32>; 3] = [
    u(
        2,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
    u(
        1,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
    u(
        1,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
];

/// Vice-chairs of a district People's Committee, class I, II, III: ≤ 3, 2, 2 \[U\].
pub const VICE_CHAIRS_DISTRICT: [Norm<u32>; 3] = [
    u(
        3,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
    u(
        2,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
    u(
        2,
        "NĐ 08/2016/NĐ-CP as amended, believed (legal basis §3.2) [U]",
    ),
];

/// Class assumed for a unit whose `class` is empty: III, the lowest quota, so
/// that an assumed class never inflates a member's quota \[U\] (an assumption
/// of this tool, not a rule). A new unit whose largest member has no class
/// gets it too, which can overstate that merge's surplus; such rows say so.
pub const DEFAULT_CLASS: Norm<UnitClass> = u(
    UnitClass::III,
    "assumption of reorg: lowest class when unknown [U]",
);

/// Index of a class in the tables above.
pub fn class_index(class: UnitClass) -> usize {
    match class {
        UnitClass::I => 0,
        UnitClass::II => 1,
        UnitClass::III => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_match_rules_md() {
        let c: Vec<u32> = BASE_CADRES_PHUONG.iter().map(|n| n.value).collect();
        assert_eq!(c, [23, 21, 19]);
        let c: Vec<u32> = BASE_CADRES_XA.iter().map(|n| n.value).collect();
        assert_eq!(c, [22, 20, 18]);
        let c: Vec<u32> = BASE_PART_TIME.iter().map(|n| n.value).collect();
        assert_eq!(c, [14, 12, 10]);
        assert!(BASE_PART_TIME.iter().all(|n| n.tag == Tag::S));
        assert!(VICE_CHAIRS_DISTRICT.iter().all(|n| n.tag == Tag::U));
        assert_eq!(DEADLINE_YEARS.value, 5);
    }
}
