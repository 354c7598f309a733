//! Writing `staffing.csv` and `staffing_years.csv`, and the note column.

use std::io::Write;

use serde::Serialize;

use super::group::{ClassBasis, StaffingReport, StaffingRow};
use crate::io::rows::write_rows;
use crate::lang::Lang;
use crate::model::{Level, UnitCode};

/// One row of `staffing.csv`; quota columns are empty for district merges.
#[derive(Debug, Default, Serialize)]
struct StaffingCsvRow<'a> {
    group_id: &'a str,
    province: &'a str,
    phase: &'a str,
    level: &'a str,
    year_effective: u16,
    members: String,
    class_after: &'a str,
    quota_before_cadres: Option<u32>,
    quota_after_cadres: Option<u32>,
    surplus_cadres: Option<u32>,
    quota_before_parttime: Option<u32>,
    quota_after_parttime: Option<u32>,
    surplus_parttime: Option<u32>,
    chairs_to_rearrange: u32,
    vice_chairs_to_rearrange: u32,
    deadline_year: u16,
    note: String,
}

impl<'a> StaffingCsvRow<'a> {
    fn new(r: &'a StaffingRow, lang: Lang) -> Self {
        StaffingCsvRow {
            group_id: &r.group_id,
            province: r.province.as_str(),
            phase: r.phase.as_str(),
            level: r.level.as_str(),
            year_effective: r.year_effective,
            members: codes(&r.members),
            class_after: r.class_after.as_str(),
            quota_before_cadres: r.cadres.map(|h| h.before),
            quota_after_cadres: r.cadres.map(|h| h.after),
            surplus_cadres: r.cadres.map(|h| h.surplus()),
            quota_before_parttime: r.part_time.map(|h| h.before),
            quota_after_parttime: r.part_time.map(|h| h.after),
            surplus_parttime: r.part_time.map(|h| h.surplus()),
            chairs_to_rearrange: r.chairs_to_rearrange,
            vice_chairs_to_rearrange: r.vice_chairs_to_rearrange,
            deadline_year: r.deadline_year,
            note: r.note(lang),
        }
    }
}

/// One row of `staffing_years.csv`.
#[derive(Debug, Default, Serialize)]
struct StaffingYearRow<'a> {
    scope: &'a str,
    province: &'a str,
    year: u16,
    new_surplus_cadres: u32,
    reduced_cadres: u32,
    remaining_cadres: u32,
    new_surplus_parttime: u32,
    reduced_parttime: u32,
    remaining_parttime: u32,
}

fn codes(list: &[UnitCode]) -> String {
    list.iter()
        .map(UnitCode::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

impl StaffingRow {
    /// The `note` column: the sources and assumptions behind the row's figures.
    pub fn note(&self, lang: Lang) -> String {
        let vi = lang == Lang::Vi;
        let mut parts: Vec<String> = Vec::new();
        if self.level == Level::District {
            parts.push(if vi {
                "Không có định mức biên chế theo từng đơn vị cấp huyện trong các nguồn; chỉ báo số chức danh lãnh đạo cần sắp xếp [U]".into()
            } else {
                "No per-district staffing formula in the sources; only leadership posts to rearrange are counted [U]".into()
            });
        } else {
            parts.push(if vi {
                "Cán bộ, công chức theo NĐ 33/2023 Điều 6; người hoạt động không chuyên trách [S]"
                    .into()
            } else {
                "Cadres and civil servants per Decree 33/2023 Art. 6; part-time workers [S]".into()
            });
        }
        match &self.class_basis {
            ClassBasis::Given => {}
            ClassBasis::LargestMember(code) => parts.push(if vi {
                format!(
                    "loại {} của đơn vị mới lấy theo đơn vị đông dân nhất trước sắp xếp ({code}) [U]",
                    self.class_after.as_str()
                )
            } else {
                format!(
                    "class {} of the new unit taken from the most populous member ({code}) [U]",
                    self.class_after.as_str()
                )
            }),
            ClassBasis::Configured => parts.push(if vi {
                format!("loại {} của đơn vị mới theo kịch bản", self.class_after.as_str())
            } else {
                format!("class {} of the new unit set by the scenario", self.class_after.as_str())
            }),
            ClassBasis::Default => parts.push(if vi {
                format!("loại {} mặc định cho đơn vị mới [U]", self.class_after.as_str())
            } else {
                format!("default class {} for the new unit [U]", self.class_after.as_str())
            }),
        }
        if !self.defaulted_classes.is_empty() {
            let list = codes(&self.defaulted_classes);
            parts.push(if vi {
                format!("loại mặc định cho đơn vị chưa có loại: {list} [U]")
            } else {
                format!("default class for members without one: {list} [U]")
            });
        }
        if let Some(h) = self.cadres.filter(|h| h.after > h.before) {
            let n = h.after - h.before;
            parts.push(if vi {
                format!("định mức sau sắp xếp tăng {n}")
            } else {
                format!("the quota grows by {n} after the merge")
            });
        }
        parts.push(if vi {
            "phó chủ tịch theo NĐ 08/2016 (chưa kiểm chứng) [U]".into()
        } else {
            "vice-chairs per Decree 08/2016 as amended (unverified) [U]".into()
        });
        if self.cadres.is_some() {
            parts.push(if vi {
                format!(
                    "giải quyết dôi dư chậm nhất năm {} (NQ 35/2023 Điều 11 khoản 3)",
                    self.deadline_year
                )
            } else {
                format!(
                    "surplus to be resolved by {} (NQ 35/2023 Art. 11(3))",
                    self.deadline_year
                )
            });
        }
        parts.join("; ")
    }
}

/// Writes `staffing.csv`, one row per group in the report's order; quota
/// columns are empty for district merges.
///
/// # Errors
/// A CSV or I/O error.
///
/// # Complexity
/// O(rows).
pub fn write_staffing_csv<W: Write>(
    report: &StaffingReport,
    lang: Lang,
    out: W,
    style: crate::io::csv_out::CsvStyle,
) -> Result<(), csv::Error> {
    write_rows(
        out,
        report.rows.iter().map(|r| StaffingCsvRow::new(r, lang)),
        style,
    )
}

/// Writes `staffing_years.csv`: per province (`scope` = `province`), then all
/// provinces together (`scope` = `all`, `province` empty).
///
/// # Errors
/// A CSV or I/O error.
///
/// # Complexity
/// O(rows).
pub fn write_staffing_years_csv<W: Write>(
    report: &StaffingReport,
    out: W,
    style: crate::io::csv_out::CsvStyle,
) -> Result<(), csv::Error> {
    write_rows(
        out,
        report.totals.iter().map(|t| StaffingYearRow {
            scope: if t.province.is_some() {
                "province"
            } else {
                "all"
            },
            province: t.province.as_ref().map_or("", |p| p.as_str()),
            year: t.year,
            new_surplus_cadres: t.new_cadres,
            reduced_cadres: t.reduced_cadres,
            remaining_cadres: t.remaining_cadres,
            new_surplus_parttime: t.new_part_time,
            reduced_parttime: t.reduced_part_time,
            remaining_parttime: t.remaining_part_time,
        }),
        style,
    )
}
