//! Writing `schedule.csv`.

use std::io::Write;

use super::types::Schedule;
use crate::io::csv_out::{CsvStyle, CsvWriter};
use crate::rules::Lang;

/// The header of `schedule.csv` (the column names are the contract).
pub const SCHEDULE_HEADER: [&str; 5] = ["group_id", "phase", "year", "priority", "reason"];

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
    style: CsvStyle,
) -> Result<(), csv::Error> {
    let mut w = CsvWriter::new(out, style)?;
    w.write_row(SCHEDULE_HEADER)?;
    for r in &schedule.rows {
        w.write_row([
            r.group_id.as_str(),
            r.phase.as_str(),
            &r.year.to_string(),
            &r.priority.to_string(),
            &r.reason.text(lang),
        ])?;
    }
    w.finish()?;
    Ok(())
}
