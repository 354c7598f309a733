//! Every UI string of the reports, in Vietnamese and English: one table per
//! language ([`Strings::for_lang`]), the chart labels included.

use crate::charts::{CHARTS_EN, CHARTS_VI, ChartStrings};
use crate::lang::Lang;
use crate::model::{Level, Phase};

/// The texts of the interactive map of `report.html`, handed to its script
/// as JSON (`{n}` is replaced by a year or a phase).
#[derive(Debug, serde::Serialize)]
pub struct MapUi {
    /// Caption of the map.
    pub title: &'static str,
    /// How to use it, under the caption.
    pub help: &'static str,
    /// Shown where scripts are off.
    pub noscript: &'static str,
    /// The phase switch.
    pub phase: &'static str,
    /// The year switches.
    pub years: &'static str,
    /// The group list.
    pub group: &'static str,
    /// The group list's first entry.
    pub all_groups: &'static str,
    /// The outlines switch.
    pub outlines: &'static str,
    /// Zoom in.
    pub zoom_in: &'static str,
    /// Zoom out.
    pub zoom_out: &'static str,
    /// Back to the whole map.
    pub reset: &'static str,
    /// Legend: groups of a year (`{n}`).
    pub merged_in: &'static str,
    /// Legend: units no merge touches.
    pub unchanged: &'static str,
    /// Legend: exempt units.
    pub exempt: &'static str,
    /// Legend: group outline.
    pub outline: &'static str,
    /// Tooltip: area.
    pub area: &'static str,
    /// Tooltip: population.
    pub population: &'static str,
    /// Tooltip: unit of population.
    pub people: &'static str,
    /// Tooltip: the unit the commune is part of in a phase (`{n}`).
    pub unit_in_phase: &'static str,
    /// Tooltip: % of the standards in a phase (`{n}`).
    pub pct: &'static str,
    /// Tooltip: status.
    pub status: &'static str,
    /// Tooltip: group.
    pub group_of: &'static str,
    /// Tooltip: the year a merge takes effect (`{n}`).
    pub merged_year: &'static str,
    /// Tooltip: no merge.
    pub no_group: &'static str,
}

/// The UI strings of one language.
#[derive(Debug)]
pub struct Strings {
    /// The chart labels.
    pub charts: &'static ChartStrings,
    /// The interactive map's texts.
    pub map_ui: &'static MapUi,
    /// Names of the levels: province, district, commune.
    pub level_names: [&'static str; 3],
    /// "Province" in the header block.
    pub meta_area: &'static str,
    /// "Scenario".
    pub meta_scenario: &'static str,
    /// "Data".
    pub meta_dataset: &'static str,
    /// "Rule set".
    pub meta_rules: &'static str,
    /// Footer line.
    pub generated_by: &'static str,
    /// Table-of-contents heading.
    pub contents: &'static str,
    /// Section 1 heading.
    pub sec_legal: &'static str,
    /// Section 2 heading.
    pub sec_counts: &'static str,
    /// Section 3 heading.
    pub sec_merges: &'static str,
    /// Section 4 heading.
    pub sec_unresolved: &'static str,
    /// Section: units that must be arranged or are exempt, with the criterion.
    pub sec_targets: &'static str,
    /// Above the targets table: what the columns mean.
    pub targets_intro: &'static str,
    /// The national report: the per-unit list is in the province reports and units.csv.
    pub targets_national: &'static str,
    /// Column: the criterion of NQ 35/2023 Điều 1 that holds (M1–M6).
    pub col_criterion: &'static str,
    /// Column: the exemption of NQ 35/2023 Điều 3 that applies.
    pub col_exemption: &'static str,
    /// Column: the standard applied, with its reductions.
    pub col_standard: &'static str,
    /// Column: whether the terrain (mountainous) is official or estimated.
    pub col_terrain: &'static str,
    /// Terrain from the official list.
    pub terrain_official: &'static str,
    /// Terrain estimated from population density.
    pub terrain_estimated: &'static str,
    /// Section 5 heading.
    pub sec_staffing: &'static str,
    /// Heading of the legal-map section (structure, kinds, names, self-check).
    pub sec_legal_map: &'static str,
    /// Legal map: the change of kind column.
    pub col_kind_change: &'static str,
    /// Legal map: the new name column.
    pub col_name_after: &'static str,
    /// Legal map: the verdict against the new kind's standard.
    pub col_verdict: &'static str,
    /// Legal map: kind conflicts, conversions and renames (`{c}`, `{k}`, `{r}`).
    pub legal_counts: &'static str,
    /// Legal map: the self-check found nothing.
    pub self_check_ok: &'static str,
    /// Legal map: the self-check found `{n}` errors, listed below.
    pub self_check_errors: &'static str,
    /// Legal map: warnings of the self-check (`{n}`).
    pub self_check_warnings: &'static str,
    /// Merges: note on verdicts marked \[S\] or \[U\].
    pub tag_mark_note: &'static str,
    /// Section 6 heading.
    pub sec_charts: &'static str,
    /// Heading of the draft resolution section.
    pub sec_draft: &'static str,
    /// The national report's draft section: where the full text is
    /// (`{n}` resolutions; the Word file is named in the sentence).
    pub draft_national: &'static str,
    /// The national staffing table: summed by year (`{n}` merges), the
    /// table per merge being in the province reports.
    pub staffing_national: &'static str,
    /// Notes heading.
    pub sec_notes: &'static str,
    /// Legal table: document.
    pub col_document: &'static str,
    /// Legal table: date.
    pub col_date: &'static str,
    /// Legal table: content.
    pub col_content: &'static str,
    /// Counts: level.
    pub col_level: &'static str,
    /// Counts: phase.
    pub col_phase: &'static str,
    /// Counts: units before.
    pub col_before: &'static str,
    /// Counts: mandatory units.
    pub col_mandatory: &'static str,
    /// Counts: exempt units.
    pub col_exempt: &'static str,
    /// Counts: merge groups.
    pub col_groups: &'static str,
    /// Counts: units merged.
    pub col_merged: &'static str,
    /// Counts: units after.
    pub col_after: &'static str,
    /// Counts: unresolved units.
    pub col_unresolved: &'static str,
    /// Counts: people living in merged units.
    pub col_people: &'static str,
    /// Sub-heading of a parent's merges (`{n}` merges, `{level}` of the merged units).
    pub merges_in_parent: &'static str,
    /// The national report's section per province.
    pub sec_provinces: &'static str,
    /// Its introduction (no province reports written).
    pub provinces_intro: &'static str,
    /// Its introduction (province reports linked).
    pub provinces_intro_linked: &'static str,
    /// Column: province.
    pub col_province: &'static str,
    /// Column: communes before the arrangement.
    pub col_communes_before: &'static str,
    /// Column: districts removed in a phase.
    pub col_districts_removed: &'static str,
    /// Column: commune merge groups in a phase.
    pub col_commune_groups: &'static str,
    /// Column: communes removed in a phase.
    pub col_communes_removed: &'static str,
    /// Column: unresolved targets in a phase.
    pub col_unresolved_n: &'static str,
    /// Column: communes after a phase.
    pub col_communes_after: &'static str,
    /// Column: the province's report.
    pub col_province_report: &'static str,
    /// The link text to a province's report.
    pub open_report: &'static str,
    /// Merges: year.
    pub col_year: &'static str,
    /// Merges: member units.
    pub col_members: &'static str,
    /// Merges: proposed name.
    pub col_name: &'static str,
    /// Merges: area.
    pub col_area: &'static str,
    /// Merges: population.
    pub col_population: &'static str,
    /// Merges: area % of standard.
    pub col_area_pct: &'static str,
    /// Merges: population % of standard.
    pub col_population_pct: &'static str,
    /// Merges: meets the standard.
    pub col_meets: &'static str,
    /// Yes.
    pub yes: &'static str,
    /// No.
    pub no: &'static str,
    /// Key for the mark on mandatory members.
    pub mandatory_mark_note: &'static str,
    /// Unit of population in member lists.
    pub people: &'static str,
    /// Unresolved: code.
    pub col_code: &'static str,
    /// Unresolved: unit.
    pub col_unit: &'static str,
    /// Unresolved: parent.
    pub col_parent: &'static str,
    /// Unresolved: reason.
    pub col_reason: &'static str,
    /// Unresolved: best option.
    pub col_best: &'static str,
    /// Staffing: the sum of the members' Decree 33 quotas of cadres and civil
    /// servants, labelled as a quota ("định mức"), not as staff in post
    /// ("hiện có"), which the data does not give.
    pub col_cadres_before: &'static str,
    /// Staffing: their quota.
    pub col_cadres_quota: &'static str,
    /// Staffing: their surplus.
    pub col_cadres_surplus: &'static str,
    /// Staffing: the sum of the members' part-time quotas (a quota, as above).
    pub col_parttime_before: &'static str,
    /// Staffing: their quota.
    pub col_parttime_quota: &'static str,
    /// Staffing: their surplus.
    pub col_parttime_surplus: &'static str,
    /// Total row.
    pub total: &'static str,
    /// An empty table.
    pub none: &'static str,
    /// A chart whose file was not found.
    pub chart_missing: &'static str,
    /// Compare: title.
    pub cmp_title: &'static str,
    /// Compare: heading of the key figures.
    pub cmp_key_figures: &'static str,
    /// Compare: the indicator column.
    pub cmp_metric: &'static str,
    /// Compare: the difference column.
    pub cmp_diff: &'static str,
    /// Compare: units taking part in merges.
    pub cmp_units_touched: &'static str,
    /// Compare: people in merged units.
    pub cmp_people_touched: &'static str,
    /// Compare: number of merge groups.
    pub cmp_groups: &'static str,
    /// Compare: unresolved units.
    pub cmp_unresolved: &'static str,
    /// Compare: cadres surplus.
    pub cmp_cadres_surplus: &'static str,
    /// Compare: part-time surplus.
    pub cmp_parttime_surplus: &'static str,
    /// Compare: heading of the counts table.
    pub cmp_counts: &'static str,
    /// Compare: groups only in one scenario (`{n}` = scenario name).
    pub cmp_only_in: &'static str,
    /// Compare: same members, different year or name.
    pub cmp_changed: &'static str,
    /// Compare: nothing differs.
    pub cmp_same: &'static str,
}

/// Vietnamese strings.
pub static VI: Strings = Strings {
    charts: &CHARTS_VI,
    map_ui: &MapUi {
        title: "Bản đồ tương tác: các đơn vị hành chính cấp xã trước sắp xếp, tô màu theo nhóm nhập",
        help: "Rê chuột hoặc chạm vào một đơn vị để xem thông tin; kéo để di chuyển, cuộn chuột hoặc dùng nút + / − để phóng to, thu nhỏ; chọn giai đoạn, năm hoặc một nhóm nhập ở thanh trên.",
        noscript: "Bản đồ tương tác cần bật JavaScript trong trình duyệt; các bản đồ tĩnh ở dưới vẫn xem được.",
        phase: "Giai đoạn",
        years: "Năm có hiệu lực",
        group: "Nhóm nhập",
        all_groups: "Tất cả nhóm nhập",
        outlines: "Ranh giới nhóm",
        zoom_in: "Phóng to",
        zoom_out: "Thu nhỏ",
        reset: "Xem toàn bộ",
        merged_in: "Nhóm nhập có hiệu lực năm {n}",
        unchanged: "Không sắp xếp",
        exempt: "Không bắt buộc sắp xếp",
        outline: "Ranh giới nhóm nhập",
        area: "Diện tích",
        population: "Dân số",
        people: "người",
        unit_in_phase: "Thuộc đơn vị (giai đoạn {n})",
        pct: "So với tiêu chuẩn ({n})",
        status: "Tình trạng",
        group_of: "Nhóm nhập",
        merged_year: "hiệu lực năm {n}",
        no_group: "Không sắp xếp",
    },
    level_names: ["Cấp tỉnh", "Cấp huyện", "Cấp xã"],
    meta_area: "Địa bàn",
    meta_scenario: "Phương án",
    meta_dataset: "Số liệu",
    meta_rules: "Bộ quy tắc",
    generated_by: "Lập bằng công cụ reorg. Số liệu và kết quả cần được cơ quan có thẩm quyền thẩm định.",
    contents: "Mục lục",
    sec_legal: "Căn cứ pháp lý",
    sec_counts: "Số lượng đơn vị hành chính",
    sec_merges: "Phương án sắp xếp theo đơn vị hành chính cấp trên",
    sec_unresolved: "Đơn vị thuộc diện sắp xếp chưa có phương án",
    sec_targets: "Đơn vị thuộc diện sắp xếp và đơn vị không bắt buộc sắp xếp",
    targets_intro: "Tiêu chí theo Nghị quyết 35/2023/UBTVQH15 Điều 1 (M1–M6), trường hợp không bắt buộc sắp xếp theo Điều 3; tỷ lệ diện tích, dân số tính trên tiêu chuẩn áp dụng cho chính đơn vị đó (sau mức giảm do yếu tố đặc thù, nếu có).",
    targets_national: "Danh sách từng đơn vị thuộc diện sắp xếp có trong báo cáo của từng tỉnh và trong tệp units.csv.",
    col_criterion: "Tiêu chí",
    col_exemption: "Không bắt buộc sắp xếp",
    col_standard: "Tiêu chuẩn áp dụng",
    col_terrain: "Miền núi, vùng cao",
    terrain_official: "theo danh sách chính thức",
    terrain_estimated: "ước lượng theo mật độ dân số",
    sec_staffing: "Cán bộ, công chức và người hoạt động không chuyên trách",
    sec_legal_map: "Cơ cấu, loại và tên đơn vị hành chính sau sắp xếp",
    col_kind_change: "Chuyển đổi loại",
    col_name_after: "Tên sau sắp xếp",
    col_verdict: "Tiêu chuẩn loại mới",
    legal_counts: "Đơn vị thuộc diện sắp xếp chưa có phương án do xung đột loại đơn vị: {c}. Đơn vị cấp xã chuyển đổi loại: {k}. Đơn vị đổi tên để không trùng tên trong cùng đơn vị cấp trên: {r}.",
    self_check_ok: "Tự kiểm tra bản đồ sau mỗi giai đoạn: không có đơn vị cấp xã thuộc loại mà đơn vị cấp huyện không được có (Hiến pháp 2013 Điều 110), không có hai đơn vị cùng tên trong một đơn vị cấp trên, mọi nhóm nhập liền kề và cùng đơn vị cấp trên.",
    self_check_errors: "Tự kiểm tra bản đồ sau mỗi giai đoạn phát hiện {n} lỗi; phương án cần được sửa trước khi sử dụng:",
    self_check_warnings: "Cảnh báo của bước tự kiểm tra (đơn vị mới chưa đạt tiêu chuẩn, điều kiện đô thị): {n}.",
    tag_mark_note: "[S]: kết quả đánh giá dựa trên số liệu tiêu chuẩn từ nguồn thứ cấp; [U]: dựa trên số liệu chưa được kiểm chứng (ví dụ tiêu chuẩn thị xã); cần đối chiếu văn bản gốc.",
    sec_charts: "Biểu đồ và bản đồ",
    sec_draft: "Dự thảo nghị quyết của Ủy ban Thường vụ Quốc hội",
    draft_national: "Toàn văn {n} dự thảo nghị quyết dưới đây (từng điều, từng đơn vị) có trong tệp Word du-thao-nghi-quyet.docx kèm theo báo cáo này; báo cáo của từng tỉnh in kèm dự thảo của tỉnh.",
    staffing_national: "Tổng hợp theo năm của {n} phương án nhập; số liệu của từng phương án có trong báo cáo của từng tỉnh và trong bảng tính kèm theo.",
    sec_notes: "Ghi chú",
    col_document: "Văn bản",
    col_date: "Ngày ban hành",
    col_content: "Nội dung áp dụng",
    col_level: "Cấp",
    col_phase: "Giai đoạn",
    col_before: "Số đơn vị trước sắp xếp",
    col_mandatory: "Thuộc diện sắp xếp",
    col_exempt: "Không bắt buộc sắp xếp",
    col_groups: "Số phương án nhập",
    col_merged: "Số đơn vị tham gia nhập",
    col_after: "Số đơn vị sau sắp xếp",
    col_unresolved: "Chưa có phương án",
    col_people: "Dân số liên quan",
    merges_in_parent: "{n} phương án nhập đơn vị {level}",
    sec_provinces: "Tổng hợp theo tỉnh",
    provinces_intro: "Mỗi tỉnh một dòng; từng phương án nhập và từng đơn vị chưa có phương án được liệt kê trong báo cáo riêng của tỉnh.",
    provinces_intro_linked: "Mỗi tỉnh một dòng; từng phương án nhập và từng đơn vị chưa có phương án được liệt kê trong báo cáo riêng của tỉnh (cột cuối).",
    col_province: "Tỉnh",
    col_communes_before: "Số xã trước",
    col_districts_removed: "Huyện giảm",
    col_commune_groups: "Nhóm xã",
    col_communes_removed: "Xã giảm",
    col_unresolved_n: "Chưa có PA",
    col_communes_after: "Số xã sau",
    col_province_report: "Báo cáo tỉnh",
    open_report: "Xem",
    col_year: "Năm",
    col_members: "Đơn vị nhập",
    col_name: "Tên dự kiến",
    col_area: "Diện tích (km²)",
    col_population: "Dân số (người)",
    col_area_pct: "Diện tích (% tiêu chuẩn)",
    col_population_pct: "Dân số (% tiêu chuẩn)",
    col_meets: "Đạt tiêu chuẩn",
    yes: "Đạt",
    no: "Chưa đạt",
    mandatory_mark_note: "Dấu * đánh dấu đơn vị thuộc diện phải sắp xếp.",
    people: "người",
    col_code: "Mã",
    col_unit: "Đơn vị",
    col_parent: "Đơn vị cấp trên",
    col_reason: "Lý do",
    col_best: "Phương án gần nhất",
    col_cadres_before: "CBCC theo định mức trước sắp xếp",
    col_cadres_quota: "CBCC theo định mức sau sắp xếp",
    col_cadres_surplus: "CBCC dôi dư",
    col_parttime_before: "Người HĐKCT theo định mức trước sắp xếp",
    col_parttime_quota: "Người HĐKCT theo định mức sau sắp xếp",
    col_parttime_surplus: "Người HĐKCT dôi dư",
    total: "Tổng cộng",
    none: "Không có.",
    chart_missing: "Không tìm thấy tệp biểu đồ",
    cmp_title: "So sánh hai phương án",
    cmp_key_figures: "Các chỉ tiêu chính",
    cmp_metric: "Chỉ tiêu",
    cmp_diff: "Chênh lệch (B − A)",
    cmp_units_touched: "Số đơn vị tham gia nhập",
    cmp_people_touched: "Dân số liên quan",
    cmp_groups: "Số phương án nhập",
    cmp_unresolved: "Số đơn vị chưa có phương án",
    cmp_cadres_surplus: "CBCC dôi dư",
    cmp_parttime_surplus: "Người HĐKCT dôi dư",
    cmp_counts: "Số đơn vị sau sắp xếp theo cấp và giai đoạn",
    cmp_only_in: "Phương án nhập chỉ có trong {n}",
    cmp_changed: "Cùng đơn vị nhập nhưng khác năm hoặc tên",
    cmp_same: "Hai phương án giống nhau.",
};

/// English strings.
pub static EN: Strings = Strings {
    charts: &CHARTS_EN,
    map_ui: &MapUi {
        title: "Interactive map: the communes before the arrangement, coloured by merge group",
        help: "Hover over or tap a unit for its figures; drag to pan, use the wheel or the + / − buttons to zoom; pick a phase, years or one merge group in the bar above.",
        noscript: "The interactive map needs JavaScript; the static maps below remain available.",
        phase: "Phase",
        years: "Taking effect in",
        group: "Merge group",
        all_groups: "All merge groups",
        outlines: "Group outlines",
        zoom_in: "Zoom in",
        zoom_out: "Zoom out",
        reset: "Whole map",
        merged_in: "Merge group taking effect in {n}",
        unchanged: "Not arranged",
        exempt: "Exempt",
        outline: "Merge group boundary",
        area: "Area",
        population: "Population",
        people: "people",
        unit_in_phase: "Part of (phase {n})",
        pct: "Against the standard ({n})",
        status: "Status",
        group_of: "Merge group",
        merged_year: "taking effect in {n}",
        no_group: "Not arranged",
    },
    level_names: ["Province", "District", "Commune"],
    meta_area: "Area",
    meta_scenario: "Scenario",
    meta_dataset: "Data",
    meta_rules: "Rule set",
    generated_by: "Produced with reorg. Figures and results must be verified by the competent authorities.",
    contents: "Contents",
    sec_legal: "Legal basis",
    sec_counts: "Number of administrative units",
    sec_merges: "Merges by parent unit",
    sec_unresolved: "Units that must be arranged but have no merge",
    sec_targets: "Units that must be arranged and exempt units",
    targets_intro: "Criteria of NQ 35/2023/UBTVQH15 Article 1 (M1–M6), exemptions of Article 3; area and population as a share of the standard applied to the unit itself (after any special-factor reduction).",
    targets_national: "Each unit that must be arranged is listed in its province's report and in units.csv.",
    col_criterion: "Criterion",
    col_exemption: "Exemption",
    col_standard: "Standard applied",
    col_terrain: "Mountainous",
    terrain_official: "official list",
    terrain_estimated: "estimated from population density",
    sec_staffing: "Cadres, civil servants and part-time workers",
    sec_legal_map: "Structure, kinds and names after the merges",
    col_kind_change: "Change of kind",
    col_name_after: "Name after",
    col_verdict: "Standard of the new kind",
    legal_counts: "Units that must be arranged left without a merge for a kind conflict: {c}. Commune-level units converted: {k}. Units renamed so that no two units of one parent share a name: {r}.",
    self_check_ok: "Self-check of the map after each phase: no commune-level unit of a kind its district may not hold (Constitution 2013, Article 110), no two units of one parent with the same name, every merge contiguous and inside one parent.",
    self_check_errors: "The self-check of the map after each phase found {n} error(s); the plan must be corrected before use:",
    self_check_warnings: "Warnings of the self-check (new units below the standard, urban conditions): {n}.",
    tag_mark_note: "[S]: the verdict rests on a standard from a secondary source; [U]: on an unverified figure (e.g. the thị xã standard); check against the official text.",
    sec_charts: "Charts and map",
    sec_draft: "Draft resolution of the Standing Committee (Vietnamese legal text)",
    draft_national: "The full text of the {n} draft resolutions below (every article, every unit) is in the Word file du-thao-nghi-quyet.docx that comes with this report; each province's report prints its own draft.",
    staffing_national: "Summed by year over {n} merges; the figures of each merge are in the province reports and in the workbook.",
    sec_notes: "Notes",
    col_document: "Document",
    col_date: "Date",
    col_content: "Applies to",
    col_level: "Level",
    col_phase: "Phase",
    col_before: "Units before",
    col_mandatory: "Must be arranged",
    col_exempt: "Exempt",
    col_groups: "Merges",
    col_merged: "Units merged",
    col_after: "Units after",
    col_unresolved: "Unresolved",
    col_people: "People affected",
    merges_in_parent: "{n} merge(s) of {level} units",
    sec_provinces: "Summary by province",
    provinces_intro: "One line per province; each merge and each unresolved unit is listed in the province's own report.",
    provinces_intro_linked: "One line per province; each merge and each unresolved unit is in the province's report (last column).",
    col_province: "Province",
    col_communes_before: "Communes before",
    col_districts_removed: "Districts removed",
    col_commune_groups: "Commune groups",
    col_communes_removed: "Communes removed",
    col_unresolved_n: "Unresolved",
    col_communes_after: "Communes after",
    col_province_report: "Province report",
    open_report: "Open",
    col_year: "Year",
    col_members: "Merged units",
    col_name: "Proposed name",
    col_area: "Area (km²)",
    col_population: "Population",
    col_area_pct: "Area (% of standard)",
    col_population_pct: "Population (% of standard)",
    col_meets: "Meets standard",
    yes: "Yes",
    no: "No",
    mandatory_mark_note: "* marks units that must be arranged.",
    people: "people",
    col_code: "Code",
    col_unit: "Unit",
    col_parent: "Parent unit",
    col_reason: "Reason",
    col_best: "Best partial option",
    col_cadres_before: "Cadre quota before",
    col_cadres_quota: "Cadre quota after",
    col_cadres_surplus: "Cadre surplus",
    col_parttime_before: "Part-time quota before",
    col_parttime_quota: "Part-time quota after",
    col_parttime_surplus: "Part-time surplus",
    total: "Total",
    none: "None.",
    chart_missing: "Chart file not found",
    cmp_title: "Comparison of two scenarios",
    cmp_key_figures: "Key figures",
    cmp_metric: "Indicator",
    cmp_diff: "Difference (B − A)",
    cmp_units_touched: "Units merged",
    cmp_people_touched: "People affected",
    cmp_groups: "Merges",
    cmp_unresolved: "Unresolved units",
    cmp_cadres_surplus: "Cadre surplus",
    cmp_parttime_surplus: "Part-time surplus",
    cmp_counts: "Units after arrangement by level and phase",
    cmp_only_in: "Merges only in {n}",
    cmp_changed: "Same members, different year or name",
    cmp_same: "The two scenarios are identical.",
};

impl Strings {
    /// The table for a language.
    pub fn for_lang(lang: Lang) -> &'static Strings {
        match lang {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// The name of a level ("Cấp xã" / "Commune").
    pub fn level(&self, level: Level) -> &'static str {
        match level {
            Level::Province => self.level_names[0],
            Level::District => self.level_names[1],
            Level::Commune => self.level_names[2],
        }
    }

    /// The name of a phase ("2023–2025").
    pub fn phase(&self, phase: Phase) -> String {
        let (a, b) = phase.years();
        format!("{a}–{b}")
    }
}
