//! The computed document of a dossier: every row and sentence the workbook
//! and the draft resolution show, already decided. Renderers only format it.

use crate::lang::Lang;
use crate::model::{Level, Phase, UnitCode, UnitKind};
use crate::rules::Tag;

/// Which round's resolution wording the draft follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wording {
    /// The 2023–2025 resolutions of the Standing Committee under NQ 35/2023:
    /// "Nhập toàn bộ diện tích tự nhiên là … của xã A vào xã B", figures and
    /// neighbours in every article.
    Nq35,
    /// The 2025 round (NQ 76/2025): "Sắp xếp toàn bộ diện tích tự nhiên,
    /// quy mô dân số của các xã A, B và C thành xã mới có tên gọi là xã A".
    Nq76,
}

/// Where a unit stands in a phase (the "diện" of the đề án tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    /// Must be arranged (a criterion holds, no exemption): "bắt buộc".
    Mandatory,
    /// The province chose to arrange it: "khuyến khích".
    Encouraged,
    /// Not a target, merged as a neighbour of one: "liền kề".
    Adjacent,
    /// None of the above: "không thuộc diện".
    None,
    /// 2025 round: part of a new unit ("sắp xếp").
    Merged,
    /// 2025 round: stays as it is ("giữ nguyên").
    Unchanged,
}

impl Category {
    /// The label shown in the tables.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Category::Mandatory => lang.pick("bắt buộc", "mandatory"),
            Category::Encouraged => lang.pick("khuyến khích", "encouraged"),
            Category::Adjacent => lang.pick("liền kề", "adjacent partner"),
            Category::None => lang.pick("không thuộc diện", "not concerned"),
            Category::Merged => lang.pick("sắp xếp", "merged"),
            Category::Unchanged => lang.pick("giữ nguyên", "unchanged"),
        }
    }
}

/// One unit of the scope as assessed in one phase (sheet "Hiện trạng").
#[derive(Clone, Debug, PartialEq)]
pub struct StatusRow {
    /// The phase assessed.
    pub phase: Phase,
    /// District or commune.
    pub level: Level,
    /// Code.
    pub code: UnitCode,
    /// Full name (`Xã Tà Chải`).
    pub name: String,
    /// Full name of the parent on the phase's map.
    pub parent_name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Natural area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// The standard applied, in words, with its reduction (`Xã miền núi; giảm R-SF2`).
    pub standard: String,
    /// Area standard, km² (after reductions).
    pub standard_area_km2: f64,
    /// Population standard (after reductions).
    pub standard_population: f64,
    /// Criterion (M1–M6) or exemption (E1–E6) id.
    pub rule: Option<String>,
    /// Category.
    pub category: Category,
    /// Weakest verification tag of the figures behind the verdict (V, S, U).
    pub tag: String,
    /// Assumptions made where the data is silent.
    pub assumptions: String,
}

/// A member of a merge as it was before it.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberEntry {
    /// Code.
    pub code: UnitCode,
    /// Full name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// Natural area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// Criterion (M1–M6) when it is why the merge exists.
    pub rule: Option<String>,
    /// Whether it is a target (mandatory or encouraged).
    pub target: bool,
}

/// One merge (sheet "Phương án", one article of the draft).
#[derive(Clone, Debug, PartialEq)]
pub struct MergeEntry {
    /// Phase.
    pub phase: Phase,
    /// Level of the members.
    pub level: Level,
    /// Stable id of the merge (`1C-243-1`).
    pub group_id: String,
    /// The year it takes effect (`None` when not scheduled).
    pub year: Option<u16>,
    /// Code of the parent (after the phase's district merges).
    pub parent_code: UnitCode,
    /// Full name of the parent.
    pub parent_name: String,
    /// Code of the province.
    pub province_code: UnitCode,
    /// The members, in code order.
    pub members: Vec<MemberEntry>,
    /// Code the new unit keeps.
    pub new_code: UnitCode,
    /// Full name of the new unit.
    pub new_name: String,
    /// Kind of the new unit.
    pub new_kind: UnitKind,
    /// Natural area of the new unit, km².
    pub area_km2: Option<f64>,
    /// Population of the new unit.
    pub population: Option<u64>,
    /// Area standard of the new unit, km² (0 when none applies).
    pub standard_area_km2: f64,
    /// Population standard of the new unit (0 when none applies).
    pub standard_population: f64,
    /// Whether the new unit meets both standards.
    pub meets_standard: bool,
    /// The weakest tag (V verified, S secondary, U unverified) of the
    /// standard's figures the verdict rests on (docs/legal-basis.md §7;
    /// `plan.csv` `standard_tag`); `None` when the standard has no tag
    /// (fixed thresholds of `regionalize --pop/--area`).
    pub standard_tag: Option<Tag>,
    /// Why these partners, in words.
    pub reason: String,
    /// Why the name differs from the naming rule's first choice, if it does.
    pub renamed: Option<String>,
    /// Neighbours of the new unit on the map the phase leaves, as draft
    /// phrases (`các xã Đạo Đức, Tân Tiến`, `huyện Tam Dương`, `tỉnh Phú Thọ`).
    pub neighbours: Vec<String>,
}

/// A unit whose kind changes without merging (sheet "Phương án", draft).
#[derive(Clone, Debug, PartialEq)]
pub struct ConversionEntry {
    /// Phase.
    pub phase: Phase,
    /// Code.
    pub code: UnitCode,
    /// Full name before.
    pub name: String,
    /// Code of its parent (after the phase's district merges).
    pub parent_code: UnitCode,
    /// Full name of its parent (filled when the dossier is built).
    pub parent_name: String,
    /// Kind before.
    pub kind_before: UnitKind,
    /// Kind after.
    pub kind_after: UnitKind,
    /// Full name after.
    pub name_after: String,
    /// Natural area, km².
    pub area_km2: Option<f64>,
    /// Population.
    pub population: Option<u64>,
    /// Whether it meets the standard of its new kind.
    pub meets_standard: bool,
    /// Why, with the article.
    pub reason: String,
}

/// Units of one parent by kind before and after a phase (sheet "Sau sắp xếp").
#[derive(Clone, Debug, PartialEq)]
pub struct CountRow {
    /// Phase.
    pub phase: Phase,
    /// Level of the units counted.
    pub level: Level,
    /// Full name of the parent after the phase (a district, or the province
    /// for district counts).
    pub parent_name: String,
    /// Counts before the phase, in the order of [`kinds_of`].
    pub before: Vec<u32>,
    /// Counts after the phase, same order.
    pub after: Vec<u32>,
}

/// The kinds counted at a level, in table order.
pub fn kinds_of(level: Level) -> &'static [UnitKind] {
    match level {
        Level::District => &[
            UnitKind::Huyen,
            UnitKind::Quan,
            UnitKind::ThiXa,
            UnitKind::ThanhPho,
        ],
        _ => &[UnitKind::Xa, UnitKind::Phuong, UnitKind::ThiTran],
    }
}

/// One year of the schedule (sheet "Lộ trình").
#[derive(Clone, Debug, PartialEq)]
pub struct YearRow {
    /// The year.
    pub year: u16,
    /// District merges taking effect.
    pub district_merges: u32,
    /// Commune merges taking effect.
    pub commune_merges: u32,
    /// District-level units disappearing.
    pub districts_reduced: u32,
    /// Commune-level units disappearing.
    pub communes_reduced: u32,
    /// People whose unit changes (members other than the one keeping its code).
    pub people_affected: u64,
    /// Surplus cadres and civil servants left at the end of the year.
    pub surplus_cadres: u32,
    /// Surplus part-time workers left at the end of the year.
    pub surplus_part_time: u32,
}

/// Staff of one merge (sheet "Cán bộ").
#[derive(Clone, Debug, PartialEq)]
pub struct StaffRow {
    /// Id of the merge.
    pub group_id: String,
    /// The new unit.
    pub unit: String,
    /// Its parent.
    pub parent_name: String,
    /// The year of the merge.
    pub year: u16,
    /// Cadres and civil servants of the members.
    pub cadres_before: u32,
    /// Quota of the new unit.
    pub cadres_quota: u32,
    /// Part-time workers of the members.
    pub part_time_before: u32,
    /// Quota of the new unit.
    pub part_time_quota: u32,
    /// Year by which the surplus must be resolved.
    pub deadline_year: u16,
}

/// One paragraph of the draft resolution.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DraftBlock {
    /// An article heading (`Điều 1. …`), bold.
    Article(String),
    /// A numbered item (`1. Sắp xếp các đơn vị hành chính cấp xã của huyện …`).
    Item(String),
    /// A lettered point or a plain paragraph.
    Para(String),
}

impl DraftBlock {
    /// The text.
    pub fn text(&self) -> &str {
        match self {
            DraftBlock::Article(t) | DraftBlock::Item(t) | DraftBlock::Para(t) => t,
        }
    }
}

/// The draft resolution of one phase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftSection {
    /// The phase.
    pub phase: Phase,
    /// The title under "NGHỊ QUYẾT" (`Về việc sắp xếp … giai đoạn 2023–2025`).
    pub title: String,
    /// The paragraphs.
    pub blocks: Vec<DraftBlock>,
}

/// The draft resolution: one section per phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    /// Sections, in phase order.
    pub sections: Vec<DraftSection>,
}

impl Draft {
    /// The draft as plain text: one paragraph per line, sections separated by
    /// a blank line (what the golden test and the HTML report show).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (i, s) in self.sections.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("NGHỊ QUYẾT\n");
            out.push_str(&s.title);
            out.push('\n');
            for b in &s.blocks {
                out.push_str(b.text());
                out.push('\n');
            }
        }
        out
    }
}

/// Everything the workbook and the draft resolution show.
#[derive(Clone, Debug, PartialEq)]
pub struct Dossier {
    /// Language of the workbook's headers (the draft is Vietnamese: it is
    /// the legal text submitted).
    pub lang: Lang,
    /// Wording of the draft.
    pub wording: Wording,
    /// The area covered (`Tỉnh Vĩnh Phúc`, or the whole country).
    pub scope_name: String,
    /// Sheet "Hiện trạng".
    pub status: Vec<StatusRow>,
    /// Sheet "Phương án": merges.
    pub merges: Vec<MergeEntry>,
    /// Sheet "Phương án": conversions of kind.
    pub conversions: Vec<ConversionEntry>,
    /// Sheet "Sau sắp xếp".
    pub counts: Vec<CountRow>,
    /// Sheet "Lộ trình" (empty when the plan is not scheduled).
    pub years: Vec<YearRow>,
    /// Sheet "Cán bộ" (empty when staffing is not computed).
    pub staffing: Vec<StaffRow>,
    /// The draft resolution.
    pub draft: Draft,
}
