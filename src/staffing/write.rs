//! Writing `staffing.csv` and `staffing_years.csv`, and the note column.

use std::io::Write;

use super::group::{ClassBasis, StaffingReport, StaffingRow};
use crate::io::csv_out::{CsvStyle, CsvWriter};
use crate::model::{Level, UnitCode};
use crate::rules::Lang;

/// The header of `staffing.csv`.
pub const STAFFING_HEADER: [&str; 17] = [
    "group_id",
    "province",
    "phase",
    "level",
    "year_effective",
    "members",
    "class_after",
    "quota_before_cadres",
    "quota_after_cadres",
    "surplus_cadres",
    "quota_before_parttime",
    "quota_after_parttime",
    "surplus_parttime",
    "chairs_to_rearrange",
    "vice_chairs_to_rearrange",
    "deadline_year",
    "note",
];

/// The header of `staffing_years.csv`.
pub const STAFFING_YEARS_HEADER: [&str; 9] = [
    "scope",
    "province",
    "year",
    "new_surplus_cadres",
    "reduced_cadres",
    "remaining_cadres",
    "new_surplus_parttime",
    "reduced_parttime",
    "remaining_parttime",
];

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
                "Không có định mức biên chế theo từng đơn vị cấp huyện trong các nguồn (RULES.md §3.2); chỉ báo số chức danh lãnh đạo cần sắp xếp [U]".into()
            } else {
                "No per-district staffing formula in the sources (RULES.md §3.2); only leadership posts to rearrange are counted [U]".into()
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
    style: CsvStyle,
) -> Result<(), csv::Error> {
    let mut w = CsvWriter::new(out, style)?;
    w.write_row(STAFFING_HEADER)?;
    let num = |x: Option<u32>| x.map(|v| v.to_string()).unwrap_or_default();
    for r in &report.rows {
        w.write_row([
            r.group_id.clone(),
            r.province.to_string(),
            r.phase.to_string(),
            r.level.to_string(),
            r.year_effective.to_string(),
            codes(&r.members),
            r.class_after.as_str().to_string(),
            num(r.cadres.map(|h| h.before)),
            num(r.cadres.map(|h| h.after)),
            num(r.cadres.map(|h| h.surplus())),
            num(r.part_time.map(|h| h.before)),
            num(r.part_time.map(|h| h.after)),
            num(r.part_time.map(|h| h.surplus())),
            r.chairs_to_rearrange.to_string(),
            r.vice_chairs_to_rearrange.to_string(),
            r.deadline_year.to_string(),
            r.note(lang),
        ])?;
    }
    w.finish()?;
    Ok(())
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
    style: CsvStyle,
) -> Result<(), csv::Error> {
    let mut w = CsvWriter::new(out, style)?;
    w.write_row(STAFFING_YEARS_HEADER)?;
    for t in &report.totals {
        let (scope, province) = match &t.province {
            Some(p) => ("province", p.to_string()),
            None => ("all", String::new()),
        };
        w.write_row([
            scope.to_string(),
            province,
            t.year.to_string(),
            t.new_cadres.to_string(),
            t.reduced_cadres.to_string(),
            t.remaining_cadres.to_string(),
            t.new_part_time.to_string(),
            t.reduced_part_time.to_string(),
            t.remaining_part_time.to_string(),
        ])?;
    }
    w.finish()?;
    Ok(())
}
