//! Converting the text fields of a [`Table`] into typed values, each problem
//! becoming a [`Diagnostic`] that names the line, the column (number and
//! name), the value and what was expected.

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::number::{NumberError, parse_number};
use super::table::Table;

/// One data row: its physical line and its fields.
pub(crate) struct Row<'r> {
    /// Physical line (1-based).
    pub line: u64,
    /// Trimmed fields, as many as the header has.
    pub fields: &'r [String],
}

/// Whether a number may be negative.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Sign {
    /// Only `>= 0` (areas, populations, lengths, shares).
    NonNegative,
    /// Any sign (growth rates, coordinates).
    Any,
}

/// Typed access to the cells of one table, collecting diagnostics.
pub(crate) struct Cells<'t> {
    /// The table read.
    pub table: &'t Table,
    /// Where problems go.
    pub diags: Vec<Diagnostic>,
    decimal_comma: Option<(u64, usize, String)>,
    decimal_comma_count: usize,
}

/// The largest population a unit may have: 200 million (Vietnam has about
/// 100 million people). Larger values are errors, so sums over any map
/// stay far from overflow (populations near 2^64 wrapped).
pub const MAX_POPULATION: u64 = 200_000_000;

/// The largest area a unit may have, km²: 1,000,000 (Vietnam has about
/// 331,000 km²).
pub const MAX_AREA_KM2: f64 = 1_000_000.0;

impl<'t> Cells<'t> {
    /// Starts reading `table`.
    pub(crate) fn new(table: &'t Table) -> Cells<'t> {
        Cells {
            table,
            diags: Vec::new(),
            decimal_comma: None,
            decimal_comma_count: 0,
        }
    }

    /// Reports a problem at `line` in column index `col` (0-based), prefixing
    /// the message with the column's name.
    pub(crate) fn report(
        &mut self,
        line: u64,
        col: usize,
        severity: Severity,
        kind: DiagnosticKind,
        message: impl AsRef<str>,
    ) {
        let name = self.table.header.get(col).map_or("", String::as_str);
        self.diags.push(Diagnostic {
            also: 0,
            file: self.table.path.clone(),
            line,
            column: col + 1,
            severity,
            kind,
            message: format!("column '{name}': {}", message.as_ref()),
        });
    }

    /// Reports an error (see [`Cells::report`]).
    pub(crate) fn error(
        &mut self,
        line: u64,
        col: usize,
        kind: DiagnosticKind,
        msg: impl AsRef<str>,
    ) {
        self.report(line, col, Severity::Error, kind, msg);
    }

    /// The non-empty text in `col`, if the column exists.
    pub(crate) fn text<'r>(&self, row: &Row<'r>, col: Option<usize>) -> Option<&'r str> {
        col.and_then(|c| row.fields.get(c))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }

    /// A number in `col`; `None` if the column is absent, the cell empty
    /// (unknown) or the value rejected (reported).
    pub(crate) fn number(&mut self, row: &Row<'_>, col: Option<usize>, sign: Sign) -> Option<f64> {
        let c = col?;
        let raw = row.fields.get(c)?.as_str();
        let n = match parse_number(raw, self.table.delimiter) {
            Ok(None) => return None,
            Ok(Some(n)) => n,
            Err(NumberError::NotANumber) => {
                self.error(row.line, c, DiagnosticKind::NotANumber, format!(
                    "'{raw}' is not a number; expected a decimal like 12.5, or an empty cell for unknown"
                ));
                return None;
            }
            Err(NumberError::Ambiguous(why)) => {
                self.error(row.line, c, DiagnosticKind::AmbiguousNumber, format!(
                    "'{raw}' is ambiguous: {why}; expected a number without thousands separators, with '.' as the decimal mark (1234 or 1.234)"
                ));
                return None;
            }
            Err(NumberError::NonFinite) => {
                self.error(
                    row.line,
                    c,
                    DiagnosticKind::NegativeOrInvalid,
                    format!("'{raw}' is too large; expected a finite number"),
                );
                return None;
            }
        };
        if n.decimal_comma {
            self.decimal_comma_count += 1;
            if self.decimal_comma.is_none() {
                self.decimal_comma = Some((row.line, c, raw.to_string()));
            }
        }
        if sign == Sign::NonNegative && n.value < 0.0 {
            self.error(
                row.line,
                c,
                DiagnosticKind::NegativeOrInvalid,
                format!(
                    "'{raw}' is negative; expected a number >= 0, or an empty cell for unknown"
                ),
            );
            return None;
        }
        Some(n.value)
    }

    /// A whole, non-negative number (a count of persons).
    pub(crate) fn count(&mut self, row: &Row<'_>, col: Option<usize>) -> Option<u64> {
        let c = col?;
        // `12.000` in a count: 12 persons, or 12,000 written with a
        // thousands point? A count has no decimal part, so a point followed
        // by exactly three digits is read neither way (it was read as 12).
        let raw = row.fields.get(c).map_or("", |s| s.trim().trim_matches('"'));
        let raw = raw.trim_start_matches('\'');
        if let Some((int, frac)) = raw.split_once('.')
            && (1..=3).contains(&int.len())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.len() == 3
            && frac.bytes().all(|b| b.is_ascii_digit())
        {
            self.error(row.line, c, DiagnosticKind::AmbiguousNumber, format!(
                "'{raw}' is ambiguous: a count with a point and three digits may be {int} or {int}{frac}; expected a whole number without thousands separators"
            ));
            return None;
        }
        let v = self.number(row, col, Sign::NonNegative)?;
        if v.fract() != 0.0 {
            let raw = &row.fields[c];
            self.error(
                row.line,
                c,
                DiagnosticKind::InvalidValue,
                format!("'{raw}' has a decimal part; expected a whole number of persons"),
            );
            return None;
        }
        if v > MAX_POPULATION as f64 {
            let raw = &row.fields[c];
            self.error(
                row.line,
                c,
                DiagnosticKind::Implausible,
                format!(
                    "'{raw}' is more people than any unit holds; expected at most {MAX_POPULATION}"
                ),
            );
            return None;
        }
        Some(v as u64)
    }

    /// A share between 0 and 1 (rejects percentages such as 45).
    pub(crate) fn share(&mut self, row: &Row<'_>, col: Option<usize>) -> Option<f64> {
        let v = self.number(row, col, Sign::NonNegative)?;
        let c = col?;
        if v > 1.0 {
            let raw = &row.fields[c];
            let hint = if v <= 100.0 {
                format!(" (if it is a percentage, write {})", v / 100.0)
            } else {
                String::new()
            };
            self.error(
                row.line,
                c,
                DiagnosticKind::InvalidValue,
                format!("'{raw}' is a share above 1; expected 0–1{hint}"),
            );
            return None;
        }
        Some(v)
    }

    /// A number of any sign whose absolute value is at most `max` (a
    /// coordinate in degrees).
    pub(crate) fn bounded(&mut self, row: &Row<'_>, col: Option<usize>, max: f64) -> Option<f64> {
        let v = self.number(row, col, Sign::Any)?;
        let c = col?;
        if v.abs() > max {
            let raw = &row.fields[c];
            self.error(
                row.line,
                c,
                DiagnosticKind::InvalidValue,
                format!("'{raw}' is out of range; expected degrees between -{max} and {max}"),
            );
            return None;
        }
        Some(v)
    }

    /// A yes/no flag: `true`/`false`, `1`/`0`, `yes`/`no`, `x`, `có`/`không`.
    pub(crate) fn flag(&mut self, row: &Row<'_>, col: Option<usize>) -> Option<bool> {
        let c = col?;
        let raw = row.fields.get(c)?.as_str();
        match raw.to_lowercase().as_str() {
            "" => None,
            "true" | "1" | "yes" | "x" | "có" => Some(true),
            "false" | "0" | "no" | "không" => Some(false),
            _ => {
                self.error(row.line, c, DiagnosticKind::InvalidValue, format!(
                    "'{raw}' is not a yes/no value; expected true or false (or empty for unknown)"
                ));
                None
            }
        }
    }

    /// A value parsed by `parse`; `expected` describes the valid values.
    pub(crate) fn parsed<T>(
        &mut self,
        row: &Row<'_>,
        col: Option<usize>,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let c = col?;
        let raw = row.fields.get(c)?.as_str();
        if raw.is_empty() {
            return None;
        }
        let v = parse(raw);
        if v.is_none() {
            self.error(
                row.line,
                c,
                DiagnosticKind::InvalidValue,
                format!("'{raw}' is not valid; expected {expected}"),
            );
        }
        v
    }

    /// Ends reading: adds the once-per-file warnings and returns every diagnostic.
    pub(crate) fn finish(mut self) -> Vec<Diagnostic> {
        if let Some((line, col, raw)) = self.decimal_comma.take() {
            let n = self.decimal_comma_count;
            self.report(line, col, Severity::Warning, DiagnosticKind::DecimalComma, format!(
                "'{raw}' was read with a decimal comma, as {}; {n} value(s) in the file were read this way",
                raw.trim().replace(',', ".")
            ));
        }
        self.diags
    }
}
