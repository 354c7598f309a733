//! The rule-set file format (TOML, serde). See `rulesets/nq35-2023.toml` for a
//! commented example; every number carries its legal source and a verification
//! tag taken from docs/legal-basis.md.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{ArrangedIn, Level, Phase, UnitKind};

/// Verification status of a legal figure (docs/legal-basis.md, "Tags").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Tag {
    /// Verified: read verbatim or almost verbatim in a legal text or faithful translation.
    V,
    /// Secondary: seen only in news, summaries or draft-stage reports.
    S,
    /// Unverified: not found in any source consulted; a best understanding.
    U,
}

impl Tag {
    /// `V`, `S` or `U`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tag::V => "V",
            Tag::S => "S",
            Tag::U => "U",
        }
    }

    /// The weaker (less verified) of two tags: `U` > `S` > `V`.
    pub fn weakest(self, other: Tag) -> Tag {
        self.max(other)
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.as_str())
    }
}

/// A number from the law with its source article and verification tag.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sourced {
    /// The value (km² or persons).
    pub value: f64,
    /// Legal article and source reference, e.g. `NQ 1211/2016 Điều 3 [S1]`.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// The standard (tiêu chuẩn) of one unit kind: minimum natural area and population.
///
/// A unit matches the first standard, in file order, whose `kind` equals the
/// unit's kind, whose `mountainous` (if given) equals the unit's mountainous
/// flag, whose `parent_kinds` (if non-empty) hold the kind of the unit's parent
/// and whose province conditions (`province_kinds`,
/// `province_mountainous_or_border`, if given) hold for the unit's province
/// (NQ 76/2025 Điều 5: phường standards by province, N3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardDef {
    /// Identifier, e.g. `xa_mien_nui`.
    pub id: String,
    /// The unit kind it applies to.
    pub kind: UnitKind,
    /// `true`: miền núi / vùng cao only; `false`: other units only; absent: both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mountainous: Option<bool>,
    /// Kinds of the parent unit (phường thuộc quận / thành phố / thị xã); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parent_kinds: Vec<UnitKind>,
    /// Kinds of the unit's province (`thanh_pho_tw`: phường of a centrally-run
    /// city, NQ 76/2025 N3); empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub province_kinds: Vec<UnitKind>,
    /// `true`: only in a province that is mountainous/highland or has a
    /// national land border; `false`: only in other provinces; absent: any
    /// (NQ 76/2025 N3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province_mountainous_or_border: Option<bool>,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Minimum natural area in km² ("từ … trở lên").
    pub area_km2: Sourced,
    /// Minimum population in persons.
    pub population: Sourced,
    /// Free remarks (caveats from docs/legal-basis.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which standard a reduction lowers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// The natural-area standard.
    Area,
    /// The population standard.
    Population,
}

impl Target {
    /// `area` or `population`.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Area => "area",
            Target::Population => "population",
        }
    }
}

/// The unit fact that triggers a special-factor reduction (NQ 1211 Điều 3a).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// Ethnic-minority share ≥ `ethnic_share_min` in a mountainous unit, or a
    /// national land border (R-SF1).
    EthnicMinorityOrBorder,
    /// Extremely disadvantaged coastal commune, `coastal_poor` column (R-SF2).
    CoastalPoor,
    /// Unit in the Red River Delta region (R-SF3).
    RedRiverDelta,
}

impl Trigger {
    /// The token used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Trigger::EthnicMinorityOrBorder => "ethnic_minority_or_border",
            Trigger::CoastalPoor => "coastal_poor",
            Trigger::RedRiverDelta => "red_river_delta",
        }
    }
}

/// A special-factor reduction of one standard (NQ 1211/2016 Điều 3a, added by NQ 27/2022).
///
/// The reduced standard is `factor × base`, where `base` is the unit's own
/// standard, or the standard named by `base_standard`. With the step fields
/// (R-SF1) the factor becomes
/// `max(min_factor, factor − step_factor × ⌊(share − ethnic_share_min) / step_share⌋)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReductionDef {
    /// Identifier, e.g. `R-SF1`.
    pub id: String,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// The standard it lowers.
    pub target: Target,
    /// What triggers it.
    pub trigger: Trigger,
    /// Unit kinds it applies to (Điều 3a: rural units only).
    pub kinds: Vec<UnitKind>,
    /// Share of the standard that remains (0 < factor ≤ 1).
    pub factor: f64,
    /// Minimum ethnic-minority share (0–1) for the ethnic branch of R-SF1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_share_min: Option<f64>,
    /// Width of one further step of ethnic share (0–1), e.g. 0.10.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_share: Option<f64>,
    /// Further reduction of the factor per step, e.g. 0.05.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step_factor: Option<f64>,
    /// Floor of the factor, e.g. 0.20.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_factor: Option<f64>,
    /// Id of the standard whose value is reduced instead of the unit's own (R-SF2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_standard: Option<String>,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
    /// Free remarks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How several reductions of the same standard combine (R-SF4).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReductionPolicy {
    /// Identifier, e.g. `R-SF4`.
    pub id: String,
    /// `true`: each standard takes the single most favourable reduction
    /// (the lowest reduced value; ties go to the first in file order).
    /// `false`: the reductions multiply.
    pub one_per_standard: bool,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// A criterion that makes a unit subject to arrangement ("thuộc diện sắp xếp"):
/// `area / area standard < area_below` **and** `population / population
/// standard < population_below` (strictly below: "dưới X%").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDef {
    /// Identifier, e.g. `M1`.
    pub id: String,
    /// The phase it applies in.
    pub phase: Phase,
    /// Levels it applies to.
    pub levels: Vec<Level>,
    /// Area ratio bound (strict).
    pub area_below: f64,
    /// Population ratio bound (strict).
    pub population_below: f64,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// A unit flag column that grants an exemption.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Flag {
    /// `isolated` column.
    #[serde(rename = "isolated")]
    Isolated,
    /// `island` column (islands count as isolated).
    #[serde(rename = "island")]
    Island,
    /// `boundary_unchanged_since_1945` column.
    #[serde(rename = "boundary_unchanged_since_1945")]
    BoundaryUnchangedSince1945,
    /// `defense_or_cultural` column.
    #[serde(rename = "defense_or_cultural")]
    DefenseOrCultural,
    /// `planned_urban` column.
    #[serde(rename = "planned_urban")]
    PlannedUrban,
}

impl Flag {
    /// The column name.
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Isolated => "isolated",
            Flag::Island => "island",
            Flag::BoundaryUnchangedSince1945 => "boundary_unchanged_since_1945",
            Flag::DefenseOrCultural => "defense_or_cultural",
            Flag::PlannedUrban => "planned_urban",
        }
    }
}

/// An exemption ("không bắt buộc thực hiện sắp xếp"): applies when any of
/// `flags` is true or the unit's `arranged_in` is one of `arranged_in`, in the
/// listed `phases` (empty: every phase) and for the listed `kinds` (empty: every kind).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExemptionDef {
    /// Identifier, e.g. `E1`.
    pub id: String,
    /// Flag columns that grant it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<Flag>,
    /// Earlier rounds that grant it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub arranged_in: Vec<ArrangedIn>,
    /// Phases it applies in (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phases: Vec<Phase>,
    /// Unit kinds it applies to (empty: all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<UnitKind>,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// A group exemption: a new unit formed by merging at least `min_units`
/// units into one of `into_kinds` need not meet the standards (NQ 76/2025
/// Điều 5, N4: "merging 3 or more commune-level units into a new phường",
/// docs/legal-basis.md §6, \[S\]). It concerns the merged unit, not a unit as it is,
/// so only the regionalization mode ([`crate::regionalize`]) uses it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupExemptionDef {
    /// Identifier, e.g. `N4`.
    pub id: String,
    /// Fewest units merged (at least 2).
    pub min_units: u32,
    /// Kinds of the new unit it applies to.
    pub into_kinds: Vec<UnitKind>,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
    /// Remark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The kind a merged unit takes when the plain precedence would give
/// another (NQ 76/2025 N7: units formed from xã and thị trấn become xã,
/// docs/legal-basis.md §6, \[S\]): a unit of two or more members whose winning kind is
/// `from` becomes `to`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindAfterMergeDef {
    /// The kind precedence gives (e.g. `thi_tran`).
    pub from: UnitKind,
    /// The kind of the new unit (e.g. `xa`).
    pub to: UnitKind,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// Which commune kinds a district kind may hold (Hiến pháp 2013 Điều 110
/// khoản 1: "Huyện chia thành xã, thị trấn; thị xã và thành phố thuộc tỉnh
/// chia thành phường và xã; quận chia thành phường", docs/legal-basis.md §2.11, \[V\]).
/// A rule set without entries (the two-level model of NQ 76/2025) puts no
/// structure rule on the map.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureDef {
    /// The district kind (e.g. `quan`).
    pub parent: UnitKind,
    /// The commune kinds it may hold (e.g. `["phuong"]`).
    pub children: Vec<UnitKind>,
    /// Legal article and source reference.
    pub source: String,
    /// Verification tag.
    pub tag: Tag,
}

/// An urban condition of a district kind that the data can judge when a
/// unit of that kind grows by a merge (NQ 1211/2016 Mục 2 Chương I,
/// docs/legal-basis.md §1.2): the share of phường among its commune-level units, e.g.
/// at least 65% for a thành phố (Điều 5, \[V\]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrbanConditionDef {
    /// The district kind it applies to (e.g. `thanh_pho`).
    pub kind: UnitKind,
    /// Fewest phường among its commune-level units, as a share (0–1].
    pub ward_share_min: Sourced,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
}

/// The voter consultation a proposed merge must pass (Hiến pháp 2013
/// Điều 110 khoản 2; Decree 54/2018/NĐ-CP on voter consultation): in every
/// member unit, more than `majority_share` of all the voters on the roll
/// agree (docs/conditions.md, "Consent as a gate").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsultationRule {
    /// The share of the voters on the roll that the agreeing voters must
    /// exceed, in (0, 1) (0.5: more than half).
    pub majority_share: Sourced,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
}
