//! The one CSV writer of every CSV output (`plan.csv`, `unresolved.csv`,
//! `units.csv`, `schedule.csv`, `stability.csv`, `staffing*.csv`,
//! `assess --out`, `backtest --out`, `regionalize --out`): tables are typed
//! rows ([`super::rows`]) written through [`CsvWriter`].
//!
//! - **Byte-order mark.** Output starts with the UTF-8 byte-order mark by
//!   default, so that Excel opens the Vietnamese text right; `--no-bom`
//!   ([`CsvStyle::bom`] = false) leaves it out for pipelines. The project's
//!   readers of its own CSVs accept both ([`strip_bom`]).
//! - **Formula injection.** A spreadsheet runs a cell that starts with
//!   `=`, `+`, `-` or `@` as a formula (and tab or carriage return can hide
//!   one). A text cell starting with one of these characters is written with
//!   a leading apostrophe (`'=HYPERLINK(…)`), which Excel and LibreOffice
//!   show as text; numbers (`-12.5`, `1e-3`) are written as they are.
//!   [`restore`] undoes it for readers.
//!
//! ```
//! use reorg::io::csv_out::{CsvStyle, CsvWriter};
//! let mut w = CsvWriter::new(Vec::new(), CsvStyle { bom: false })?;
//! w.write_row(["name", "delta"])?;
//! w.write_row(["=1+1", "-2"])?;
//! assert_eq!(w.finish()?, b"name,delta\n'=1+1,-2\n");
//! # Ok::<(), csv::Error>(())
//! ```

use std::borrow::Cow;
use std::io::Write;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// How CSV outputs are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start with the UTF-8 byte-order mark (default: yes).
    pub bom: bool,
}

impl Default for CsvStyle {
    fn default() -> Self {
        CsvStyle { bom: true }
    }
}

/// Whether `s` is a plain decimal number (`-12`, `+3.5`, `1e-3`, `.5`).
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// Whether a spreadsheet could read text cell `s` as a formula: it starts
/// with `=`, `+`, `-`, `@`, tab or carriage return and is not a number.
pub fn is_formula_like(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && !is_number(s)
}

/// The cell as written: with a leading apostrophe when it could be read as
/// a formula ([`is_formula_like`]), else unchanged.
///
/// # Complexity
/// O(length).
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if is_formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Undoes [`neutralise`] for a cell read back.
pub fn restore(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if is_formula_like(rest) => rest,
        _ => cell,
    }
}

/// `text` without a leading UTF-8 byte-order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A CSV writer that writes the byte-order mark (per [`CsvStyle`]) and
/// neutralises formula-like cells ([`neutralise`]).
pub struct CsvWriter<W: Write> {
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts writing to `out`.
    ///
    /// # Errors
    /// An I/O error writing the byte-order mark.
    pub fn new(mut out: W, style: CsvStyle) -> Result<Self, csv::Error> {
        if style.bom {
            out.write_all(BOM)?;
        }
        Ok(CsvWriter {
            inner: csv::Writer::from_writer(out),
        })
    }

    /// Writes one record (header or row).
    ///
    /// # Errors
    /// A CSV or I/O error.
    pub fn write_row<I, T>(&mut self, cells: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        self.inner.write_record(
            cells
                .into_iter()
                .map(|c| neutralise(c.as_ref()).into_owned()),
        )
    }

    /// Flushes and returns the underlying writer.
    ///
    /// # Errors
    /// An I/O error while flushing.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_not_formulas() {
        for n in ["-12", "+3.5", "1e-3", "-0.25", ".5", "12"] {
            assert!(!is_formula_like(n), "{n}");
        }
        for f in [
            "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "-", "+", "=", "-e3",
        ] {
            assert!(is_formula_like(f), "{f:?}");
            assert_eq!(restore(&neutralise(f)), f);
        }
        assert_eq!(neutralise("Xã A"), "Xã A");
        assert_eq!(restore("'abc"), "'abc", "an apostrophe of the data stays");
    }

    fn encode(style: CsvStyle, rows: &[&[&str]]) -> Vec<u8> {
        let mut w = CsvWriter::new(Vec::new(), style).unwrap();
        for r in rows {
            w.write_row(r.iter()).unwrap();
        }
        w.finish().unwrap()
    }

    #[test]
    fn bom_and_quoting() {
        let b = encode(CsvStyle::default(), &[&["a"], &["x,y"]]);
        assert_eq!(b, b"\xEF\xBB\xBFa\n\"x,y\"\n");
        let b = encode(CsvStyle { bom: false }, &[&["a", "b"], &["=A1", "\ty"]]);
        assert_eq!(b, b"a,b\n'=A1,'\ty\n");
        assert_eq!(strip_bom("\u{feff}a"), "a");
    }
}
