//! Reading voter consultation results ("lấy ý kiến cử tri"): the optional
//! `consultation.csv` of a dataset folder (`code,voters,agree[,disagree,date]`)
//! or the same columns in `units.csv` (`voters`, `agree`, `disagree`,
//! `consultation_date`). Every problem is a positioned [`Diagnostic`].
//!
//! Checks: `voters` is a whole number above 0, `agree` (and `disagree`, when
//! given) whole numbers with `agree + disagree <= voters`, the date
//! `YYYY-MM-DD`; in `consultation.csv` every code is a unit of `units.csv`
//! and appears once. Where both files give a unit's figures, the file wins
//! and a warning names the line when they differ (docs/conditions.md).

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::fields::{Cells, Row};
use super::table::Table;
use crate::model::{Consultation, Unit, UnitCode};

/// The columns `consultation.csv` must have.
pub const CONSULTATION_REQUIRED: [&str; 3] = ["code", "voters", "agree"];

/// Column indices of the consultation figures in a table.
pub(crate) struct ConsultationCols {
    voters: Option<usize>,
    agree: Option<usize>,
    disagree: Option<usize>,
    date: Option<usize>,
}

impl ConsultationCols {
    /// The columns of `table`; `date` is the name of the date column
    /// (`date` in consultation.csv, `consultation_date` in units.csv).
    pub(crate) fn of(table: &Table, date: &str) -> ConsultationCols {
        ConsultationCols {
            voters: table.col("voters"),
            agree: table.col("agree"),
            disagree: table.col("disagree"),
            date: table.col(date),
        }
    }

    /// Whether the table has any consultation column.
    pub(crate) fn any(&self) -> bool {
        self.voters.is_some() || self.agree.is_some()
    }
}

/// The consultation figures of one row; `None` when the row gives none (all
/// cells empty) or they are invalid (reported).
pub(crate) fn read_cells(
    cells: &mut Cells<'_>,
    row: &Row<'_>,
    cols: &ConsultationCols,
) -> Option<Consultation> {
    if !cols.any() {
        return None;
    }
    let voters = cells.count(row, cols.voters);
    let agree = cells.count(row, cols.agree);
    let disagree = cells.count(row, cols.disagree);
    let date = cells.parsed(
        row,
        cols.date,
        valid_date,
        "a date YYYY-MM-DD (e.g. 2024-03-17)",
    );
    let given = |c: Option<usize>| {
        c.and_then(|c| row.fields.get(c))
            .is_some_and(|s: &String| !s.is_empty())
    };
    let any_given = given(cols.voters) || given(cols.agree) || given(cols.disagree);
    if !any_given {
        return None;
    }
    let (voters_col, agree_col) = (cols.voters.unwrap_or(0), cols.agree.unwrap_or(0));
    let (Some(voters), Some(agree)) = (voters, agree) else {
        for (c, what) in [
            (cols.voters, "voters on the roll"),
            (cols.agree, "voters who agreed"),
        ] {
            if !given(c) {
                cells.error(
                    row.line,
                    c.unwrap_or(0),
                    DiagnosticKind::EmptyValue,
                    format!(
                        "empty; expected the number of {what} (the consultation figures go together)"
                    ),
                );
            }
        }
        return None;
    };
    if voters == 0 {
        cells.error(
            row.line,
            voters_col,
            DiagnosticKind::InvalidValue,
            "'0' voters; expected the number of voters on the roll, above 0",
        );
        return None;
    }
    let counted = agree.saturating_add(disagree.unwrap_or(0));
    if counted > voters {
        let (col, what) = match disagree {
            Some(d) => (
                cols.disagree.unwrap_or(agree_col),
                format!("agree {agree} + disagree {d} = {counted}"),
            ),
            None => (agree_col, format!("agree {agree}")),
        };
        cells.error(
            row.line,
            col,
            DiagnosticKind::InvalidValue,
            format!(
                "{what} is more than the {voters} voters on the roll; expected at most {voters}"
            ),
        );
        return None;
    }
    Some(Consultation {
        voters,
        agree,
        disagree,
        date,
    })
}

/// `YYYY-MM-DD` with a real month and day.
fn valid_date(s: &str) -> Option<String> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())
            .flatten()
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then(|| s.to_string())
}

/// Reads `consultation.csv` and sets the figures of the units it names
/// (the file wins over units.csv columns, with a warning where they differ).
///
/// # Complexity
/// O(n + r) for n units and r rows.
pub(crate) fn apply_consultation(table: &Table, units: &mut [Unit], diags: &mut Vec<Diagnostic>) {
    let mut cells = Cells::new(table);
    let index: HashMap<UnitCode, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    let c_code = table.col("code");
    let cols = ConsultationCols::of(table, "date");
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (line, fields) in &table.rows {
        let row = Row {
            line: *line,
            fields,
        };
        let Some(code) = cells.text(&row, c_code) else {
            cells.error(
                row.line,
                c_code.unwrap_or(0),
                DiagnosticKind::EmptyValue,
                "empty; expected a code from units.csv",
            );
            continue;
        };
        if let Some(first) = seen.get(code) {
            cells.error(
                row.line,
                c_code.unwrap_or(0),
                DiagnosticKind::DuplicateCode,
                format!(
                    "'{code}' is given again (first on line {first}); expected one row per unit"
                ),
            );
            continue;
        }
        seen.insert(code.to_string(), row.line);
        let Some(&i) = index.get(&UnitCode(code.to_string())) else {
            cells.error(
                row.line,
                c_code.unwrap_or(0),
                DiagnosticKind::UnknownCode,
                format!("'{code}' is not a code in units.csv; expected a known code"),
            );
            continue;
        };
        let Some(c) = read_cells(&mut cells, &row, &cols) else {
            continue;
        };
        let unit = &mut units[i];
        if let Some(old) = &unit.attrs.consultation
            && (old.voters, old.agree) != (c.voters, c.agree)
        {
            cells.report(
                row.line,
                cols.agree.unwrap_or(0),
                Severity::Warning,
                DiagnosticKind::InvalidValue,
                format!(
                    "unit {code}: {} of {} voters agreed here, {} of {} in units.csv; the figures of consultation.csv were used",
                    c.agree, c.voters, old.agree, old.voters
                ),
            );
        }
        unit.attrs.consultation = Some(c);
    }
    diags.extend(cells.finish());
}

#[cfg(test)]
mod tests {
    use super::valid_date;

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29").is_some());
        assert!(valid_date("2023-02-29").is_none());
        assert!(valid_date("2024-13-01").is_none());
        assert!(valid_date("17/03/2024").is_none());
        assert!(valid_date("2024-04-31").is_none());
    }
}
