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
    /// Legend of the dense quadrant view: units per cell (`{n}`: a count or range).
    pub cell_units: &'static str,
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
    /// The quantity of the units-per-district chart, as its title, axis
    /// and caption name it (tested).
    pub districts_quantity: &'static str,
    /// Subtitle suffix: rows are districts.
    pub per_district: &'static str,
    /// Subtitle suffix: rows are provinces.
    pub per_province: &'static str,
    /// Row note of a district that others join (`{n}`: their names).
    pub joined_by: &'static str,
    /// Merges-per-year chart title.
    pub merges_title: &'static str,
    /// The quantity of the merges-per-year chart (title, axis, caption).
    pub merges_quantity: &'static str,
    /// Legend: the provinces beyond the largest ones (`{n}`: how many).
    pub other_provinces: &'static str,
    /// Legend: the districts beyond the largest ones (`{n}`: how many).
    pub other_districts: &'static str,
    /// Merges-per-year y axis.
    pub merges_axis: &'static str,
    /// The x axis of the per-year charts.
    pub year_axis: &'static str,
    /// Staff-surplus chart title.
    pub surplus_title: &'static str,
    /// Staff-surplus y axis.
    pub surplus_axis: &'static str,
    /// The quantity of the staff-surplus chart (title, axis, caption).
    pub surplus_quantity: &'static str,
    /// The quantity of the quadrant chart (title, both axes, caption).
    pub quadrant_quantity: &'static str,
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
    /// Map title followed by the phase.
    pub map_title_phase: &'static str,
    /// Map legend: boundary of a merge group.
    pub map_group_boundary: &'static str,
    /// Map legend: district boundary removed by a district merge.
    pub map_removed_boundary: &'static str,
    /// Map legend: numbered labels.
    pub map_numbered: &'static str,
    /// Heading of the key of numbered labels.
    pub map_key_title: &'static str,
    /// A district merge under the map (`{name}`: the district formed, `{n}`: its members).
    pub map_district_merge: &'static str,
    /// Map legend class: merges taking effect in a year (`{n}`: the year).
    pub map_year_class: &'static str,
    /// Map legend: the frame of the area enlarged in the inset.
    pub map_inset_frame: &'static str,
    /// Title of the inset.
    pub map_inset_title: &'static str,
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
    cell_units: "{n} đơn vị trong ô",
    no_data: "Không có dữ liệu",
    districts_title: "Số đơn vị hành chính cấp xã trước và sau sắp xếp",
    units_axis: "Số đơn vị hành chính cấp xã",
    districts_quantity: "đơn vị hành chính cấp xã",
    per_district: "theo đơn vị hành chính cấp huyện",
    per_province: "theo tỉnh, thành phố",
    joined_by: "gồm cả {n}",
    before: "Trước sắp xếp",
    after_p1: "Sau giai đoạn 2023–2025",
    after_p2: "Sau giai đoạn 2026–2030",
    merges_title: "Số đơn vị hành chính cấp xã giảm theo năm",
    merges_axis: "Số đơn vị hành chính cấp xã giảm",
    merges_quantity: "đơn vị hành chính cấp xã giảm",
    other_provinces: "{n} tỉnh, thành phố khác",
    other_districts: "{n} đơn vị cấp huyện khác",
    year_axis: "Năm",
    surplus_title: "Số người dôi dư theo năm",
    surplus_axis: "Số người dôi dư",
    surplus_quantity: "người dôi dư",
    quadrant_quantity: "tiêu chuẩn",
    cadres: "Cán bộ, công chức cấp xã",
    parttime: "Người hoạt động không chuyên trách",
    map_title: "Bản đồ phương án sắp xếp",
    map_unchanged: "Không sắp xếp",
    map_exempt: "Không bắt buộc sắp xếp",
    map_group: "Nhóm sáp nhập (tên dự kiến)",
    map_district_boundary: "Ranh giới cấp huyện",
    map_title_phase: "Bản đồ phương án sắp xếp giai đoạn",
    map_group_boundary: "Ranh giới nhóm nhập",
    map_removed_boundary: "Ranh giới cấp huyện xóa bỏ do nhập cấp huyện",
    map_numbered: "Nhóm nhập đánh số (tên ở danh sách dưới bản đồ)",
    map_key_title: "Tên dự kiến của các nhóm nhập đánh số",
    map_district_merge: "Nhập cấp huyện: {n} thành {name}",
    map_year_class: "Nhóm nhập có hiệu lực năm {n} (tên dự kiến)",
    map_inset_frame: "Khu vực phóng to ở bản đồ dưới",
    map_inset_title: "Phóng to khu vực trong khung",
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
    cell_units: "{n} units in the cell",
    no_data: "No data",
    districts_title: "Commune-level units before and after the arrangement",
    units_axis: "Commune-level units",
    districts_quantity: "commune-level units",
    per_district: "by district",
    per_province: "by province",
    joined_by: "with {n}",
    before: "Before",
    after_p1: "After 2023–2025",
    after_p2: "After 2026–2030",
    merges_title: "Commune-level units removed per year",
    merges_axis: "Commune-level units removed",
    merges_quantity: "commune-level units removed",
    other_provinces: "{n} other provinces",
    other_districts: "{n} other districts",
    year_axis: "Year",
    surplus_title: "Surplus staff per year",
    surplus_axis: "Surplus staff",
    surplus_quantity: "surplus staff",
    quadrant_quantity: "standard",
    cadres: "Commune cadres and civil servants",
    parttime: "Part-time workers",
    map_title: "Map of the arrangement plan",
    map_unchanged: "Not arranged",
    map_exempt: "Exempt",
    map_group: "Merge group (proposed name)",
    map_district_boundary: "District boundary",
    map_title_phase: "Map of the arrangement plan,",
    map_group_boundary: "Merge group boundary",
    map_removed_boundary: "District boundary removed by a district merge",
    map_numbered: "Numbered merge group (names listed under the map)",
    map_key_title: "Proposed names of the numbered merge groups",
    map_district_merge: "District merge: {n} into {name}",
    map_year_class: "Merge group taking effect in {n} (proposed name)",
    map_inset_frame: "Area enlarged in the map below",
    map_inset_title: "Enlargement of the framed area",
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
