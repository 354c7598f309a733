//! A small fixed report, and the golden-file helper.

#![allow(clippy::unwrap_used, dead_code)]

use std::path::PathBuf;

use reorg::lang::Lang;
use reorg::model::{Level, Phase, UnitCode};
use reorg::report::{
    ChartRef, LegalBasis, LevelCounts, MergeMember, MergeRow, ParentMerges, ReportData,
    StaffingLine, UnresolvedUnit,
};

pub fn member(code: &str, name: &str, area: f64, pop: u64, mandatory: bool) -> MergeMember {
    MergeMember {
        code: UnitCode(code.into()),
        name: name.into(),
        area_km2: Some(area),
        population: Some(pop),
        mandatory,
    }
}

/// A fixed two-district report (figures are illustrative, not a plan).
pub fn sample(lang: Lang) -> ReportData {
    ReportData {
        title: match lang {
            Lang::Vi => "Phương án sắp xếp đơn vị hành chính cấp xã giai đoạn 2023–2025".into(),
            Lang::En => "Commune-level arrangement plan, 2023–2025".into(),
        },
        province: "Tỉnh Vĩnh Phúc".into(),
        scenario: "mac-dinh".into(),
        dataset: "data/vn/2023".into(),
        rule_set: "nq35-2023".into(),
        legal_basis: LegalBasis::nq35_defaults(lang),
        counts: vec![LevelCounts {
            level: Level::Commune,
            phase: Phase::Phase2023To2025,
            before: 136,
            mandatory: 30,
            exempt: 2,
            groups: 2,
            merged_units: 5,
            after: 133,
            unresolved: 1,
            people_touched: 28_416,
        }],
        merges: vec![
            ParentMerges {
                parent_code: UnitCode("246".into()),
                parent_name: "Huyện Lập Thạch".into(),
                level: Level::Commune,
                merges: vec![MergeRow {
                    phase: Phase::Phase2023To2025,
                    year: 2024,
                    proposed_name: "Xã Hợp Lý".into(),
                    members: vec![
                        member("08794", "Xã Hợp Lý", 9.93, 5412, true),
                        member("08797", "Xã Bắc Bình", 11.2, 6023, false),
                    ],
                    area_km2: Some(21.13),
                    population: Some(11_435),
                    area_pct: Some(100.6),
                    population_pct: Some(142.9),
                    meets_standard: true,
                    standard_tag: "V".into(),
                    name_note: None,
                }],
            },
            ParentMerges {
                parent_code: UnitCode("252".into()),
                parent_name: "Huyện Vĩnh Tường".into(),
                level: Level::Commune,
                merges: vec![MergeRow {
                    phase: Phase::Phase2023To2025,
                    year: 2025,
                    proposed_name: "Xã Tam Phúc".into(),
                    members: vec![
                        member("09124", "Xã Tam Phúc", 3.63, 4460, true),
                        member("09127", "Xã Vĩnh Ninh", 4.71, 6233, true),
                        member("09130", "Xã Phú Đa", 5.02, 6288, false),
                    ],
                    area_km2: Some(13.36),
                    population: Some(16_981),
                    area_pct: Some(63.6),
                    population_pct: Some(212.3),
                    meets_standard: false,
                    standard_tag: "V".into(),
                    name_note: None,
                }],
            },
        ],
        unresolved: vec![UnresolvedUnit {
            code: UnitCode("08866".into()),
            name: "Xã Đạo Trù".into(),
            parent_name: "Huyện Tam Đảo".into(),
            level: Level::Commune,
            phase: Phase::Phase2023To2025,
            reason: match lang {
                Lang::Vi => "Mọi đơn vị liền kề đều <không bắt buộc> & đã sắp xếp".into(),
                Lang::En => "All neighbours are <exempt> & already arranged".into(),
            },
            best_option: None,
        }],
        staffing: vec![
            StaffingLine {
                unit: "Xã Hợp Lý".into(),
                year: 2024,
                cadres_before: 42,
                cadres_quota: 23,
                parttime_before: 28,
                parttime_quota: 14,
            },
            StaffingLine {
                unit: "Xã Tam Phúc".into(),
                year: 2025,
                cadres_before: 63,
                cadres_quota: 23,
                parttime_before: 41,
                parttime_quota: 14,
            },
        ],
        charts: vec![ChartRef {
            title: match lang {
                Lang::Vi => "Số người dôi dư theo năm".into(),
                Lang::En => "Staff surplus per year".into(),
            },
            svg: "charts/tiny.svg".into(),
            png: "charts/tiny.png".into(),
        }],
        notes: vec![match lang {
            Lang::Vi => "Tiêu chuẩn thị xã chưa được kiểm chứng [U].".into(),
            Lang::En => "The thị xã standard is unverified [U].".into(),
        }],
        draft: Vec::new(),
        legal_map: Default::default(),
        web_map: None,
        targets: Vec::new(),
        national: false,
        consultation: Default::default(),
        provinces: Vec::new(),
    }
}

/// A tiny fixed SVG standing in for a chart.
pub const TINY_SVG: &str = "<svg width=\"120\" height=\"40\" viewBox=\"0 0 120 40\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\" y=\"0\" width=\"120\" height=\"40\" fill=\"#FFFFFF\"/>\n<text x=\"4\" y=\"24\">Dân số</text>\n</svg>\n";

pub fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/report")
}

/// Compares `actual` to the golden file, or rewrites it when
/// `UPDATE_GOLDEN=1`.
pub fn golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
        std::fs::create_dir_all(golden_dir()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the rendering at line {} (UPDATE_GOLDEN=1 rewrites it after review)\nexpected: {:?}\nactual:   {:?}",
            path.display(),
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}
