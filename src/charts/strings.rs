//! The text drawn on charts, in Vietnamese and English. Part of the one UI
//! string table: [`crate::report::Strings::charts`] points here.

use crate::lang::Lang;

/// Every label drawn on a chart or map.
#[derive(Debug)]
pub struct ChartStrings {
    /// Quadrant chart title.
    pub quadrant_title: &'static str,
    /// Quadrant x axis: area as a share of the standard.
    pub area_axis: &'static str,
    /// Quadrant y axis: population as a share of the standard.
    pub population_axis: &'static str,
    /// Legend: units that must be arranged (NQ 35/2023 Điều 1).
    pub status_mandatory: &'static str,
    /// Legend: units exempt from arrangement (NQ 35/2023 Điều 3).
    pub status_exempt: &'static str,
    /// Legend: below the standard but not required to be arranged.
    pub status_below: &'static str,
    /// Legend: meets both standards.
    pub status_meets: &'static str,
    /// Legend: the shaded area where units must be arranged.
    pub mandatory_region: &'static str,
    /// Footnote: number of units not drawn for lack of data (`{n}` is replaced).
    pub units_without_data: &'static str,
    /// Placeholder drawn when a chart has nothing to show.
    pub no_data: &'static str,
    /// Units-per-district chart title.
    pub districts_title: &'static str,
    /// Units-per-district axis: number of units.
    pub units_axis: &'static str,
    /// Series: before the arrangement.
    pub before: &'static str,
    /// Series: after phase 1.
    pub after_p1: &'static str,
    /// Series: after phase 2.
    pub after_p2: &'static str,
    /// Merges-per-year chart title.
    pub merges_title: &'static str,
    /// Merges-per-year y axis.
    pub merges_axis: &'static str,
    /// The x axis of the per-year charts.
    pub year_axis: &'static str,
    /// Staff-surplus chart title.
    pub surplus_title: &'static str,
    /// Staff-surplus y axis.
    pub surplus_axis: &'static str,
    /// Series: commune-level cadres and civil servants (Nghị định 33/2023).
    pub cadres: &'static str,
    /// Series: part-time workers (người hoạt động không chuyên trách).
    pub parttime: &'static str,
    /// Map title.
    pub map_title: &'static str,
    /// Map legend: unit not touched by any merge.
    pub map_unchanged: &'static str,
    /// Map legend: exempt unit (hatched).
    pub map_exempt: &'static str,
    /// Map legend: member of a merge group.
    pub map_group: &'static str,
    /// Map legend: district boundary.
    pub map_district_boundary: &'static str,
}

/// Vietnamese chart labels.
pub static CHARTS_VI: ChartStrings = ChartStrings {
    quadrant_title: "Diện tích và dân số so với tiêu chuẩn",
    area_axis: "Diện tích (% tiêu chuẩn)",
    population_axis: "Dân số (% tiêu chuẩn)",
    status_mandatory: "Thuộc diện sắp xếp",
    status_exempt: "Không bắt buộc sắp xếp (yếu tố đặc thù)",
    status_below: "Chưa đạt tiêu chuẩn",
    status_meets: "Đạt tiêu chuẩn",
    mandatory_region: "Vùng thuộc diện sắp xếp",
    units_without_data: "{n} đơn vị thiếu số liệu, không thể hiện",
    no_data: "Không có dữ liệu",
    districts_title: "Số đơn vị hành chính theo đơn vị cấp trên",
    units_axis: "Số đơn vị",
    before: "Trước sắp xếp",
    after_p1: "Sau giai đoạn 2023–2025",
    after_p2: "Sau giai đoạn 2026–2030",
    merges_title: "Số đơn vị sắp xếp theo năm",
    merges_axis: "Số đơn vị giảm",
    year_axis: "Năm",
    surplus_title: "Số người dôi dư theo năm",
    surplus_axis: "Số người dôi dư",
    cadres: "Cán bộ, công chức cấp xã",
    parttime: "Người hoạt động không chuyên trách",
    map_title: "Bản đồ phương án sắp xếp",
    map_unchanged: "Không sắp xếp",
    map_exempt: "Không bắt buộc sắp xếp",
    map_group: "Nhóm sáp nhập (tên dự kiến)",
    map_district_boundary: "Ranh giới cấp huyện",
};

/// English chart labels.
pub static CHARTS_EN: ChartStrings = ChartStrings {
    quadrant_title: "Area and population against the standard",
    area_axis: "Area (% of standard)",
    population_axis: "Population (% of standard)",
    status_mandatory: "Must be arranged",
    status_exempt: "Exempt (special factors)",
    status_below: "Below standard",
    status_meets: "Meets standard",
    mandatory_region: "Must-arrange zone",
    units_without_data: "{n} units without data not shown",
    no_data: "No data",
    districts_title: "Administrative units per parent unit",
    units_axis: "Units",
    before: "Before",
    after_p1: "After 2023–2025",
    after_p2: "After 2026–2030",
    merges_title: "Units merged away per year",
    merges_axis: "Units removed",
    year_axis: "Year",
    surplus_title: "Staff surplus per year",
    surplus_axis: "Surplus staff",
    cadres: "Commune cadres and civil servants",
    parttime: "Part-time workers",
    map_title: "Map of the arrangement plan",
    map_unchanged: "Not arranged",
    map_exempt: "Exempt",
    map_group: "Merge group (proposed name)",
    map_district_boundary: "District boundary",
};

impl ChartStrings {
    /// The table for a language.
    pub fn for_lang(lang: Lang) -> &'static ChartStrings {
        match lang {
            Lang::Vi => &CHARTS_VI,
            Lang::En => &CHARTS_EN,
        }
    }
}
