//! Writing `schedule.csv`.

use std::io::Write;

use serde::Serialize;

use super::types::{Schedule, ScheduleRow};
use crate::io::rows::write_rows;
use crate::lang::Lang;

/// One row of `schedule.csv` (the column names are the contract).
#[derive(Debug, Default, Serialize)]
struct ScheduleLine<'a> {
    group_id: &'a str,
    phase: &'a str,
    year: u16,
    priority: u32,
    reason: String,
}

impl<'a> ScheduleLine<'a> {
    fn new(r: &'a ScheduleRow, lang: Lang) -> Self {
        ScheduleLine {
            group_id: &r.group_id,
            phase: r.phase.as_str(),
            year: r.year,
            priority: r.priority,
            reason: r.reason.text(lang),
        }
    }
}

/// Writes `schedule.csv`: one row per group, in the order of
/// [`Schedule::rows`] (phase, year, priority), the reason in `lang`.
///
/// # Errors
/// A CSV or I/O error from the writer.
///
/// # Complexity
/// O(n) rows.
pub fn write_schedule_csv<W: Write>(
    schedule: &Schedule,
    lang: Lang,
    out: W,
    style: crate::io::csv_out::CsvStyle,
) -> Result<(), csv::Error> {
    write_rows(
        out,
        schedule.rows.iter().map(|r| ScheduleLine::new(r, lang)),
        style,
    )
}
