//! CSV tables from typed rows. A table's row is a struct deriving
//! `Serialize` and `Default`: the header is its field names, in declaration
//! order, so a header and its rows cannot drift apart. Every CSV table reorg
//! writes goes through [`write_rows`] or [`encode_rows`], which write through
//! [`super::csv_out::CsvWriter`]: the byte-order mark per [`CsvStyle`], and
//! formula-like text cells neutralised.
//!
//! Fields are text, integers, booleans or `Option`s of them (`None` is an
//! empty cell); numbers with a fixed number of decimals are formatted by the
//! row's constructor, so the bytes never depend on float printing.
//!
//! ```
//! #[derive(Default, serde::Serialize)]
//! struct Row<'a> {
//!     code: &'a str,
//!     population: Option<u64>,
//! }
//! use reorg::io::csv_out::CsvStyle;
//! let plain = CsvStyle { bom: false };
//! let bytes = reorg::io::rows::encode_rows([Row { code: "001", population: None }], plain)?;
//! assert_eq!(bytes, b"code,population\n001,\n");
//! let empty = reorg::io::rows::encode_rows(Vec::<Row>::new(), CsvStyle::default())?;
//! assert_eq!(empty, b"\xEF\xBB\xBFcode,population\n");
//! # Ok::<(), csv::Error>(())
//! ```

use std::io::Write;

use serde::Serialize;

use super::csv_out::{CsvStyle, CsvWriter};

/// The header of rows of type `R`: its field names, in order.
///
/// # Errors
/// A serialisation error if `R` is not a flat struct.
pub fn header<R: Serialize + Default>() -> Result<csv::StringRecord, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.serialize(R::default())?;
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes.as_slice());
    match r.records().next() {
        Some(first) => first,
        None => Ok(csv::StringRecord::new()),
    }
}

/// Rows serialised per batch before they are read back as cells: building
/// a csv reader costs about as much as a hundred rows, so one writer and
/// one reader per batch rather than per row (per row it was 12 % of a
/// national `reorg plan`).
const BATCH_ROWS: usize = 1024;

/// Reads the records serialised in `buf` (complete rows, as the csv crate
/// writes them) and writes their cells through `w`.
fn flush_batch<W: Write>(buf: &mut Vec<u8>, w: &mut CsvWriter<W>) -> Result<(), csv::Error> {
    if buf.is_empty() {
        return Ok(());
    }
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(buf.as_slice());
    let mut record = csv::StringRecord::new();
    while r.read_record(&mut record)? {
        w.write_row(&record)?;
    }
    buf.clear();
    Ok(())
}

/// Writes the header of `R`, then every row, to `out` (comma-separated, `\n`
/// line ends, fields quoted only when needed), through the one CSV writer
/// ([`CsvWriter`]: byte-order mark per `style`, formula-like text cells
/// neutralised).
///
/// # Errors
/// A CSV or I/O error from the writer; nothing is swallowed.
///
/// # Complexity
/// O(total size of the rows).
pub fn write_rows<R, W>(
    out: W,
    rows: impl IntoIterator<Item = R>,
    style: CsvStyle,
) -> Result<(), csv::Error>
where
    R: Serialize + Default,
    W: Write,
{
    let mut w = CsvWriter::new(out, style)?;
    w.write_row(&header::<R>()?)?;
    // The csv crate serialises the rows (its quoting of every field type);
    // they are read back as cells, in batches, for the one writer.
    let serialiser = |buf: Vec<u8>| {
        csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(buf)
    };
    let mut s = serialiser(Vec::new());
    let mut pending = 0;
    for row in rows {
        s.serialize(&row)?;
        pending += 1;
        if pending == BATCH_ROWS {
            let mut buf = s
                .into_inner()
                .map_err(|e| csv::Error::from(e.into_error()))?;
            flush_batch(&mut buf, &mut w)?;
            s = serialiser(buf);
            pending = 0;
        }
    }
    let mut buf = s
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    flush_batch(&mut buf, &mut w)?;
    w.finish()?;
    Ok(())
}

/// [`write_rows`] into memory, for outputs rendered before they are written.
///
/// # Errors
/// As [`write_rows`].
pub fn encode_rows<R: Serialize + Default>(
    rows: impl IntoIterator<Item = R>,
    style: CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    let mut out = Vec::new();
    write_rows(&mut out, rows, style)?;
    Ok(out)
}

/// `v` with `decimals` digits after the point; empty when unknown.
pub fn fixed(v: Option<f64>, decimals: usize) -> String {
    v.map(|x| format!("{x:.decimals$}")).unwrap_or_default()
}

/// Items joined by `sep`.
pub fn joined<I, S>(items: I, sep: &str) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for (i, s) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(s.as_ref());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default, Serialize)]
    struct Row {
        name: String,
        ok: bool,
        ratio: String,
    }

    #[test]
    fn quotes_only_when_needed_and_keeps_the_header_first() {
        let rows = vec![
            Row {
                name: "Xã A, B".into(),
                ok: true,
                ratio: fixed(Some(0.5), 4),
            },
            Row {
                name: "Phường \"1\"".into(),
                ok: false,
                ratio: fixed(None, 4),
            },
        ];
        let text = String::from_utf8(encode_rows(rows, CsvStyle { bom: false }).unwrap()).unwrap();
        assert_eq!(
            text,
            "name,ok,ratio\n\"Xã A, B\",true,0.5000\n\"Phường \"\"1\"\"\",false,\n"
        );
        assert_eq!(joined(["a", "b"], ";"), "a;b");
    }
}
