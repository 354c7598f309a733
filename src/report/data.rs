//! The plain input of the report renderers. The caller (the `plan`
//! command) fills it from the planner, schedule and staffing results; the
//! renderers only format it.

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::model::{Level, Phase, UnitCode};

/// Everything `summary.md` and `report.html` show.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportData {
    /// Report title (e.g. "Phương án sắp xếp đơn vị hành chính cấp huyện, cấp xã").
    pub title: String,
    /// The area covered (e.g. "Tỉnh Vĩnh Phúc", or the whole country).
    pub province: String,
    /// The scenario's name.
    pub scenario: String,
    /// The dataset used (folder and vintage).
    pub dataset: String,
    /// The rule set (`nq35-2023`, ...).
    pub rule_set: String,
    /// The legal basis, one line per document; see [`LegalBasis::nq35_defaults`].
    pub legal_basis: Vec<LegalBasis>,
    /// Counts per level and phase.
    pub counts: Vec<LevelCounts>,
    /// Merge tables, one per parent unit (province for district merges,
    /// district for commune merges).
    pub merges: Vec<ParentMerges>,
    /// Units that must be arranged but got no merge, with reasons.
    pub unresolved: Vec<UnresolvedUnit>,
    /// Staffing per new unit (Nghị định 33/2023/NĐ-CP quotas).
    pub staffing: Vec<StaffingLine>,
    /// Charts written next to the report.
    pub charts: Vec<ChartRef>,
    /// Remarks shown at the end (e.g. results resting on unverified \[U\] figures).
    pub notes: Vec<String>,
    /// The draft resolution, one section per phase (the text of
    /// `du-thao-nghi-quyet.docx`).
    #[serde(default)]
    pub draft: Vec<DraftText>,
    /// Kinds, conversions, names and the self-check of the map after each
    /// phase (docs/legal-basis.md §2.11).
    #[serde(default)]
    pub legal_map: LegalMap,
    /// The voter consultation: the rule, who was consulted, and the groups
    /// re-planned because voters did not agree (docs/conditions.md).
    #[serde(default)]
    pub consultation: ConsultationSection,
    /// The interactive map's data (JSON for `assets/webmap/reorg-map.js`),
    /// embedded in `report.html` only: not part of `report.json`.
    #[serde(skip)]
    pub web_map: Option<String>,
    /// Units that must be arranged or are exempt, with the criterion and
    /// the standard behind their percentages (one province's report).
    #[serde(default)]
    pub targets: Vec<TargetUnit>,
    /// Whether the report covers the whole country (the targets are then
    /// listed in the province reports, not here).
    #[serde(default)]
    pub national: bool,
    /// A national report's summary per province (one line each, with the
    /// link to the province's report when `--each-province` wrote it);
    /// empty in a province's report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<ProvinceLine>,
}

/// One province in a national report: its merges per phase and its
/// communes before and after, instead of every unit (the national report
/// summarises; the province reports list).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvinceLine {
    /// Province code.
    pub code: UnitCode,
    /// Province name.
    pub name: String,
    /// Commune-level units before the arrangement.
    pub communes_before: u32,
    /// Each phase of the plan, in order.
    pub phases: Vec<ProvincePhase>,
    /// The province's report relative to the national one
    /// (`<code>/report.html`), when it was written.
    pub report: Option<String>,
}

/// A province's figures in one phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProvincePhase {
    /// The phase.
    pub phase: Phase,
    /// District-level units that disappear in merges.
    pub districts_removed: u32,
    /// Commune-level merge groups.
    pub commune_groups: u32,
    /// Commune-level units that disappear in merges.
    pub communes_removed: u32,
    /// Targets left without a merge (both levels).
    pub unresolved: u32,
    /// Commune-level units after the phase.
    pub communes_after: u32,
}

/// A unit that must be arranged (or would be, but is exempt) in a phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetUnit {
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its parent's name.
    pub parent_name: String,
    /// Its level.
    pub level: Level,
    /// The phase.
    pub phase: Phase,
    /// The criterion that holds, with its text (`M1: …`).
    pub criterion: String,
    /// The exemption that applies, with its text; empty if none.
    pub exemption: String,
    /// Area as % of the standard applied, if known.
    pub area_pct: Option<f64>,
    /// Population as % of the standard applied, if known.
    pub population_pct: Option<f64>,
    /// The standard applied: area and population, with the reductions.
    pub standard: String,
    /// Whether the mountainous status is official or estimated; empty if
    /// the data does not say.
    pub terrain: String,
}

/// The voter-consultation section, already worded in the report's language
/// (empty `heading`: not shown, e.g. an older report.json).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationSection {
    /// The section heading.
    pub heading: String,
    /// Paragraphs: the rule with its source and tag, the counts.
    pub paragraphs: Vec<String>,
    /// Column heads of the table of re-planned groups.
    pub head: Vec<String>,
    /// One row per group turned down: phase, parent, the group proposed,
    /// the members whose voters did not agree, what changed, why.
    pub rows: Vec<Vec<String>>,
}

/// The draft resolution of one phase, as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftText {
    /// The title under "NGHỊ QUYẾT".
    pub title: String,
    /// The paragraphs in order.
    pub paragraphs: Vec<DraftPara>,
}

/// One paragraph of the draft.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftPara {
    /// An article heading (`Điều 1. …`).
    pub heading: bool,
    /// The text.
    pub text: String,
}

/// The legal map after the plan: how district merges keep it legal, the
/// conversions and renames, and the self-check.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalMap {
    /// How district merges keep the map legal (the scenario's mode), in prose.
    pub mode: String,
    /// Targets left unresolved because of a kind conflict.
    pub kind_conflicts: u32,
    /// Kind conversions and renames of units not merged.
    pub changes: Vec<ChangeRow>,
    /// Commune-level units whose kind was converted.
    pub conversions: u32,
    /// Units renamed so that names stay unique in their parent (merged
    /// units whose Điều 6 name was taken, and units not merged).
    pub renamed: u32,
    /// The self-check's errors, one line each.
    pub errors: Vec<String>,
    /// The self-check's number of warnings.
    pub warnings: u32,
}

/// One conversion or rename of a unit that is not merged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRow {
    /// The phase.
    pub phase: Phase,
    /// The unit's name before.
    pub name: String,
    /// Its parent's name.
    pub parent_name: String,
    /// The change of kind (e.g. "Thị trấn → Phường"), empty for a rename.
    pub kind_change: String,
    /// Its name after.
    pub name_after: String,
    /// Against the standard of its new kind, with the tag ("Đạt \[V\]"), empty
    /// for a rename.
    pub verdict: String,
    /// Why, with the article.
    pub reason: String,
}

/// One document of the legal basis.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalBasis {
    /// Document number (e.g. "Nghị quyết 35/2023/UBTVQH15").
    pub document: String,
    /// Date of signature (dd/mm/yyyy).
    pub date: String,
    /// What it governs here.
    pub content: String,
}

impl LegalBasis {
    /// The legal basis of the 2023–2030 arrangement (docs/legal-basis.md §0, all \[V\]):
    /// NQ 35/2023/UBTVQH15 (12/07/2023), NQ 1211/2016/UBTVQH13 (25/05/2016)
    /// as amended by NQ 27/2022/UBTVQH15 (21/09/2022), consolidated in VBHN
    /// 19/VBHN-VPQH, and Nghị định 33/2023/NĐ-CP (10/06/2023).
    pub fn nq35_defaults(lang: Lang) -> Vec<LegalBasis> {
        let rows: [(&str, &str, &str, &str); 4] = [
            (
                "Nghị quyết 35/2023/UBTVQH15",
                "12/07/2023",
                "Về việc sắp xếp đơn vị hành chính cấp huyện, cấp xã giai đoạn 2023–2030: đơn vị thuộc diện sắp xếp (Điều 1), trường hợp không bắt buộc sắp xếp (Điều 3)",
                "On arranging district- and commune-level administrative units in 2023–2030: units that must be arranged (Article 1), exemptions (Article 3)",
            ),
            (
                "Nghị quyết 1211/2016/UBTVQH13",
                "25/05/2016",
                "Về tiêu chuẩn của đơn vị hành chính và phân loại đơn vị hành chính: tiêu chuẩn diện tích tự nhiên và quy mô dân số",
                "On the standards and classification of administrative units: natural area and population standards",
            ),
            (
                "Nghị quyết 27/2022/UBTVQH15",
                "21/09/2022",
                "Sửa đổi, bổ sung Nghị quyết 1211/2016/UBTVQH13, bổ sung Điều 3a (tiêu chuẩn đối với đơn vị hành chính có yếu tố đặc thù)",
                "Amends Resolution 1211/2016/UBTVQH13, adding Article 3a (reduced standards for units with special factors)",
            ),
            (
                "Nghị định 33/2023/NĐ-CP",
                "10/06/2023",
                "Quy định về cán bộ, công chức cấp xã và người hoạt động không chuyên trách ở cấp xã",
                "On commune-level cadres, civil servants and part-time workers",
            ),
        ];
        rows.iter()
            .map(|(doc, date, vi, en)| LegalBasis {
                document: (*doc).to_string(),
                date: (*date).to_string(),
                content: match lang {
                    Lang::Vi => (*vi).to_string(),
                    Lang::En => (*en).to_string(),
                },
            })
            .collect()
    }
}

/// Unit counts of one level in one phase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelCounts {
    /// The level counted.
    pub level: Level,
    /// The phase.
    pub phase: Phase,
    /// Units at the start of the phase.
    pub before: u32,
    /// Units that must be arranged (NQ 35/2023 Điều 1).
    pub mandatory: u32,
    /// Of those, exempt (Điều 3).
    pub exempt: u32,
    /// Merge groups planned.
    pub groups: u32,
    /// Units taking part in a merge.
    pub merged_units: u32,
    /// Units at the end of the phase.
    pub after: u32,
    /// Mandatory, non-exempt units left without a merge.
    pub unresolved: u32,
    /// People living in units that take part in a merge.
    pub people_touched: u64,
}

/// The merges inside one parent unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParentMerges {
    /// The parent's code.
    pub parent_code: UnitCode,
    /// The parent's name.
    pub parent_name: String,
    /// The level of the merged units.
    pub level: Level,
    /// The merges, in the order to show.
    pub merges: Vec<MergeRow>,
}

/// One merge: members and the new unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeRow {
    /// The phase.
    pub phase: Phase,
    /// The year the merge takes effect.
    pub year: u16,
    /// The proposed name of the new unit.
    pub proposed_name: String,
    /// The merged units.
    pub members: Vec<MergeMember>,
    /// Natural area of the new unit, km².
    pub area_km2: Option<f64>,
    /// Population of the new unit.
    pub population: Option<u64>,
    /// Area as % of the new unit's standard.
    pub area_pct: Option<f64>,
    /// Population as % of the new unit's standard.
    pub population_pct: Option<f64>,
    /// Whether the new unit meets both standards.
    pub meets_standard: bool,
    /// The weakest tag of the figures the verdict rests on (`V`, `S`, `U`).
    #[serde(default)]
    pub standard_tag: String,
    /// Why the proposed name is not the one NQ 35/2023 Điều 6 gave, if so.
    #[serde(default)]
    pub name_note: Option<String>,
}

/// A unit taking part in a merge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MergeMember {
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Natural area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// Whether it must be arranged (it is why the group exists).
    pub mandatory: bool,
}

/// A unit that must be arranged but has no merge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnresolvedUnit {
    /// Its code.
    pub code: UnitCode,
    /// Its name.
    pub name: String,
    /// Its parent's name.
    pub parent_name: String,
    /// Its level.
    pub level: Level,
    /// The phase.
    pub phase: Phase,
    /// Why no merge was found, in the report's language.
    pub reason: String,
    /// The best partial option, if any, in the report's language.
    pub best_option: Option<String>,
}

/// Staff of one new unit against its quota.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffingLine {
    /// The new unit (or district) name.
    pub unit: String,
    /// The year of the merge.
    pub year: u16,
    /// Cadres and civil servants of the merged units.
    pub cadres_before: u32,
    /// Quota of cadres and civil servants of the new unit.
    pub cadres_quota: u32,
    /// Part-time workers of the merged units.
    pub parttime_before: u32,
    /// Quota of part-time workers of the new unit.
    pub parttime_quota: u32,
}

impl StaffingLine {
    /// Cadres and civil servants above the quota.
    pub fn cadres_surplus(&self) -> u32 {
        self.cadres_before.saturating_sub(self.cadres_quota)
    }

    /// Part-time workers above the quota.
    pub fn parttime_surplus(&self) -> u32 {
        self.parttime_before.saturating_sub(self.parttime_quota)
    }

    /// The six figures of a staffing row, in the table's order: cadres
    /// before, quota, surplus; part-time before, quota, surplus.
    pub fn figures(&self) -> [u32; 6] {
        [
            self.cadres_before,
            self.cadres_quota,
            self.cadres_surplus(),
            self.parttime_before,
            self.parttime_quota,
            self.parttime_surplus(),
        ]
    }
}

/// A chart file written next to the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartRef {
    /// Caption.
    pub title: String,
    /// SVG path relative to the report folder (e.g. `charts/quadrant.svg`).
    pub svg: String,
    /// PNG path relative to the report folder.
    pub png: String,
}

impl ReportData {
    /// Total number of merge groups.
    pub fn group_count(&self) -> usize {
        self.merges.iter().map(|p| p.merges.len()).sum()
    }

    /// Totals of the staffing table: (cadres before, quota, surplus,
    /// part-time before, quota, surplus).
    pub fn staffing_totals(&self) -> [u64; 6] {
        let mut t = [0u64; 6];
        for r in &self.staffing {
            for (acc, v) in t.iter_mut().zip(r.figures()) {
                *acc += u64::from(v);
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surplus_never_goes_negative() {
        let r = StaffingLine {
            unit: "Xã A".into(),
            year: 2025,
            cadres_before: 40,
            cadres_quota: 23,
            parttime_before: 10,
            parttime_quota: 14,
        };
        assert_eq!(r.cadres_surplus(), 17);
        assert_eq!(r.parttime_surplus(), 0);
    }

    #[test]
    fn legal_basis_cites_the_four_documents_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let docs: Vec<String> = LegalBasis::nq35_defaults(lang)
                .into_iter()
                .map(|l| l.document)
                .collect();
            assert!(docs.iter().any(|d| d.contains("35/2023/UBTVQH15")));
            assert!(docs.iter().any(|d| d.contains("1211/2016")));
            assert!(docs.iter().any(|d| d.contains("27/2022")));
            assert!(docs.iter().any(|d| d.contains("33/2023/NĐ-CP")));
        }
    }
}
