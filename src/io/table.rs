//! Decoding one CSV file into a [`Table`] of trimmed text fields with their
//! physical line, accepting what is unambiguous (with a warning) and
//! rejecting the rest with a positioned [`Diagnostic`].
//!
//! Accepted with a warning (once per file, naming the first place and the
//! count): UTF-8 byte-order mark, UTF-16 with a byte-order mark (Excel
//! "Unicode text"), CRLF or CR line endings, blank lines, surrounding spaces,
//! `;` or tab separators (detected from the header line), title lines above
//! the header (detected when a later line among the first ten holds every
//! required column), rows with extra *empty* trailing fields.
//!
//! Rejected: bytes that are not UTF-8 (legacy encodings such as Windows-1258,
//! TCVN3 or VNI), UTF-16 without a byte-order mark, an empty file, rows with
//! missing fields or extra non-empty fields, duplicate column names.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};

/// How many non-blank lines are searched for the header when line 1 is not it.
const HEADER_SEARCH_LINES: usize = 10;

/// A decoded CSV table: header and rows of trimmed text fields with their line.
pub(crate) struct Table {
    /// The file, as shown in diagnostics.
    pub path: PathBuf,
    /// The field separator (`,`, `;` or tab).
    pub delimiter: u8,
    /// Column names, trimmed.
    pub header: Vec<String>,
    /// Physical line of the header (1 unless title lines were skipped).
    pub header_line: u64,
    /// Data rows: physical line and trimmed fields (exactly `header.len()` of them).
    pub rows: Vec<(u64, Vec<String>)>,
    /// Rows rejected for their field count (already reported), so that later
    /// checks do not report their codes as unknown a second time.
    pub rejected: Vec<(u64, Vec<String>)>,
}

impl Table {
    /// The index of the column called `name`.
    pub(crate) fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// A warning reported once per file: where it first happened and how often.
struct Once {
    kind: DiagnosticKind,
    first: Option<(u64, usize)>,
    count: usize,
}

impl Once {
    fn new(kind: DiagnosticKind) -> Once {
        Once {
            kind,
            first: None,
            count: 0,
        }
    }

    fn hit(&mut self, line: u64, column: usize) {
        self.count += 1;
        if self.first.is_none() {
            self.first = Some((line, column));
        }
    }

    fn emit(&self, path: &Path, message: impl FnOnce(usize) -> String) -> Option<Diagnostic> {
        let (line, column) = self.first?;
        Some(Diagnostic {
            also: 0,
            file: path.to_path_buf(),
            line,
            column,
            severity: Severity::Warning,
            kind: self.kind,
            message: message(self.count),
        })
    }
}

fn diag(
    path: &Path,
    line: u64,
    column: usize,
    severity: Severity,
    kind: DiagnosticKind,
    message: String,
) -> Diagnostic {
    Diagnostic {
        also: 0,
        file: path.to_path_buf(),
        line,
        column,
        severity,
        kind,
        message,
    }
}

/// Reads CSV bytes into a [`Table`], reporting encoding and structure
/// problems. `required` (the columns the caller needs) is used only to find
/// the header line below title lines.
///
/// # Complexity
/// O(n) in the size of the input.
pub(crate) fn read_table(
    path: &Path,
    bytes: &[u8],
    required: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<Table> {
    let mut text = decode(path, bytes, diags)?;
    if text.trim().is_empty() {
        diags.push(diag(
            path,
            1,
            0,
            Severity::Error,
            DiagnosticKind::Empty,
            format!(
                "the file is empty; expected a header line with the columns {}",
                required.join(",")
            ),
        ));
        return None;
    }
    if let Some(at) = text.find('\r') {
        let line = 1 + count_newlines(&text.as_bytes()[..at]);
        diags.push(diag(
            path,
            line,
            0,
            Severity::Warning,
            DiagnosticKind::LineEndings,
            "the file has Windows (CRLF) or old Mac (CR) line endings; they were accepted".into(),
        ));
        // rust-csv ends records at a lone CR but counts lines by LF only:
        // turn old Mac line endings into LF so that line numbers stay right.
        let lone_cr = text
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'\r' && w[1] != b'\n')
            || text.ends_with('\r');
        if lone_cr {
            text = Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"));
        }
    }
    let text: &str = &text;
    let head = find_header(path, text, required, diags);
    let body = &text[head.offset..];
    let line_offset = head.line - 1;
    let delimiter = head.delimiter;
    if delimiter != b',' {
        diags.push(diag(
            path,
            head.line,
            0,
            Severity::Warning,
            DiagnosticKind::Delimiter,
            format!(
                "the header is separated by {} instead of commas; the file was read that way and a decimal comma (12,5) is accepted in it",
                delimiter_name(delimiter)
            ),
        ));
    }

    let mut blank: BTreeSet<u64> = blank_lines(body.as_bytes(), delimiter)
        .into_iter()
        .map(|l| l + line_offset)
        .collect();
    let mut space = Once::new(DiagnosticKind::Whitespace);
    let mut extra = Once::new(DiagnosticKind::ExtraEmptyFields);

    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(body.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut rejected = Vec::new();
    let (mut cursor, mut cursor_line) = (0usize, 1u64);
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() + line_offset);
                diags.push(diag(
                    path,
                    line,
                    0,
                    Severity::Error,
                    DiagnosticKind::Malformed,
                    format!("cannot parse the CSV row: {e}"),
                ));
                return None;
            }
        }
        // rust-csv does not count the empty lines it skips, so count newlines
        // up to the record's first byte. Its position is where the reader
        // stood, before those empty lines: step over line terminators first.
        let mut start = record
            .position()
            .map_or(cursor, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX))
            .min(body.len());
        while matches!(body.as_bytes().get(start), Some(b'\n' | b'\r')) {
            start += 1;
        }
        if start > cursor {
            cursor_line += count_newlines(&body.as_bytes()[cursor..start]);
            cursor = start;
        }
        let line = cursor_line + line_offset;
        if record.iter().all(|f| f.trim().is_empty()) {
            blank.insert(line);
            continue;
        }
        let mut fields = Vec::with_capacity(record.len());
        for (i, raw) in record.iter().enumerate() {
            let t = raw.trim();
            if t.len() != raw.len() {
                space.hit(line, i + 1);
            }
            fields.push(t.to_string());
        }
        let Some(h) = &header else {
            header = Some(fields);
            continue;
        };
        if fields.len() > h.len() && fields[h.len()..].iter().all(String::is_empty) {
            extra.hit(line, h.len() + 1);
            fields.truncate(h.len());
        }
        if fields.len() != h.len() {
            diags.push(ragged(path, line, h, &fields, delimiter));
            rejected.push((line, fields));
            continue;
        }
        rows.push((line, fields));
    }
    let Some(header) = header else {
        diags.push(diag(
            path,
            1,
            0,
            Severity::Error,
            DiagnosticKind::Empty,
            format!(
                "the file holds only blank lines; expected a header line with the columns {}",
                required.join(",")
            ),
        ));
        return None;
    };
    check_header(path, head.line, &header, diags);
    let mut blank_once = Once::new(DiagnosticKind::BlankLine);
    for l in blank {
        blank_once.hit(l, 0);
    }
    diags.extend(blank_once.emit(path, |n| {
        format!("{n} blank line(s) were skipped (the first is this one)")
    }));
    diags.extend(space.emit(path, |n| {
        format!("spaces around {n} value(s) were trimmed (the first is this one)")
    }));
    diags.extend(extra.emit(path, |n| {
        format!(
            "{n} row(s) have extra empty fields beyond the {} header columns; they were ignored",
            header.len()
        )
    }));
    Some(Table {
        path: path.to_path_buf(),
        delimiter,
        header,
        header_line: head.line,
        rows,
        rejected,
    })
}

/// Reports duplicate column names (empty names are unnamed, ignored columns).
fn check_header(path: &Path, line: u64, header: &[String], diags: &mut Vec<Diagnostic>) {
    let mut seen = HashSet::new();
    for (i, h) in header.iter().enumerate() {
        if !h.is_empty() && !seen.insert(h.as_str()) {
            diags.push(diag(
                path,
                line,
                i + 1,
                Severity::Error,
                DiagnosticKind::DuplicateColumn,
                format!("column '{h}': the name appears twice in the header; expected unique column names"),
            ));
        }
    }
}

/// The error for a row whose field count differs from the header's.
fn ragged(path: &Path, line: u64, header: &[String], fields: &[String], delim: u8) -> Diagnostic {
    let (n, h) = (fields.len(), header.len());
    if n < h {
        return diag(
            path,
            line,
            n + 1,
            Severity::Error,
            DiagnosticKind::Malformed,
            format!(
                "column '{}': missing; the row has {n} field(s); expected {h} as in the header",
                header[n]
            ),
        );
    }
    // One field too many, in a comma file, with two digit runs side by side in
    // a numeric column: a decimal comma split the value. Point at it.
    if n == h + 1 && delim == b',' {
        let digits = |s: &str| {
            let s = s.strip_prefix('-').unwrap_or(s);
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
        };
        if let Some(i) = (0..h).find(|&i| {
            NUMERIC_COLUMNS.contains(&header[i].as_str())
                && digits(&fields[i])
                && digits(&fields[i + 1])
        }) {
            return diag(
                path,
                line,
                i + 1,
                Severity::Error,
                DiagnosticKind::Malformed,
                format!(
                    "column '{}': '{},{}' looks like a number with a decimal comma, which splits the value in a comma-separated file (the row has {n} fields, the header {h}); expected {}.{} or the value in quotes",
                    header[i],
                    fields[i],
                    fields[i + 1],
                    fields[i],
                    fields[i + 1]
                ),
            );
        }
    }
    diag(
        path,
        line,
        h + 1,
        Severity::Error,
        DiagnosticKind::Malformed,
        format!(
            "the row has {n} fields; expected {h} as in the header; field {} ('{}') has no column{}",
            h + 1,
            fields[h],
            if delim == b',' {
                " (a value containing a comma must be in double quotes)"
            } else {
                ""
            }
        ),
    )
}

/// Columns holding numbers, for the decimal-comma hint of [`ragged`].
const NUMERIC_COLUMNS: [&str; 12] = [
    "voters",
    "agree",
    "disagree",
    "area_km2",
    "population",
    "ethnic_minority_share",
    "readiness",
    "consent_share",
    "growth_rate",
    "lat",
    "lon",
    "shared_border_km",
];

fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "';'",
        b'\t' => "tabs",
        _ => "','",
    }
}

/// The separator a header line uses: `,` if it has one, else `;`, else tab,
/// else `,` (a one-column file).
pub(crate) fn sniff_delimiter(line: &str) -> u8 {
    if line.contains(',') {
        b','
    } else if line.contains(';') {
        b';'
    } else if line.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Where the header starts.
struct HeaderAt {
    offset: usize,
    line: u64,
    delimiter: u8,
}

/// Finds the header: line 1 (the first non-blank line), unless it lacks a
/// required column and one of the next non-blank lines (up to
/// [`HEADER_SEARCH_LINES`]) has them all; then the lines above are title
/// lines, skipped with a [`DiagnosticKind::TitleRow`] warning.
fn find_header(
    path: &Path,
    text: &str,
    required: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> HeaderAt {
    let mut first: Option<HeaderAt> = None;
    let mut offset = 0;
    let mut seen = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let here = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\r', '\n']);
        let delimiter = sniff_delimiter(line);
        let fields = split_line(line, delimiter);
        if fields.iter().all(|f| f.is_empty()) {
            continue;
        }
        let at = HeaderAt {
            offset: here,
            line: i as u64 + 1,
            delimiter,
        };
        let complete =
            !required.is_empty() && required.iter().all(|r| fields.iter().any(|f| f == r));
        match &first {
            None if complete || required.is_empty() => return at,
            None => first = Some(at),
            Some(f) if complete => {
                diags.push(diag(
                    path,
                    f.line,
                    0,
                    Severity::Warning,
                    DiagnosticKind::TitleRow,
                    format!(
                        "line {} is not the header (it lacks the required columns); the header was found on line {} and the line(s) above it were skipped as titles. The header should be the first line",
                        f.line, at.line
                    ),
                ));
                return at;
            }
            Some(_) => {}
        }
        seen += 1;
        if seen >= HEADER_SEARCH_LINES {
            break;
        }
    }
    first.unwrap_or(HeaderAt {
        offset: 0,
        line: 1,
        delimiter: b',',
    })
}

/// Splits one line into trimmed fields, honouring quotes.
pub(crate) fn split_line(line: &str, delimiter: u8) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    let mut rec = csv::StringRecord::new();
    match rdr.read_record(&mut rec) {
        Ok(true) => rec.iter().map(|f| f.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|b| **b == b'\n').count() as u64
}

/// Quote-aware scan of CSV bytes, following rust-csv's rules: a quote opens a
/// quoted field only at the start of a field.
struct Scanner {
    delimiter: u8,
    state: ScanState,
    /// 1-based physical line of the current byte.
    line: u64,
    /// 1-based field number of the current byte in its record.
    field: usize,
    /// Whether the current physical line has held anything but whitespace.
    line_has_content: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum ScanState {
    FieldStart,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

impl Scanner {
    fn new(delimiter: u8) -> Scanner {
        Scanner {
            delimiter,
            state: ScanState::FieldStart,
            line: 1,
            field: 1,
            line_has_content: false,
        }
    }

    /// Feeds one byte; returns `Some(line)` when a blank physical line ends
    /// outside quotes.
    fn feed(&mut self, b: u8) -> Option<u64> {
        use ScanState::*;
        let mut blank = None;
        if b == b'\n' {
            if self.state != Quoted {
                if !self.line_has_content {
                    blank = Some(self.line);
                }
                self.state = FieldStart;
                self.field = 1;
            }
            self.line += 1;
            self.line_has_content = false;
            return blank;
        }
        if !b.is_ascii_whitespace() {
            self.line_has_content = true;
        }
        self.state = match (self.state, b) {
            (FieldStart | Unquoted | QuoteInQuoted, d) if d == self.delimiter => {
                self.field += 1;
                FieldStart
            }
            (FieldStart, b'"') => Quoted,
            (FieldStart | Unquoted, _) => Unquoted,
            (Quoted, b'"') => QuoteInQuoted,
            (Quoted, _) => Quoted,
            (QuoteInQuoted, b'"') => Quoted,
            (QuoteInQuoted, _) => Unquoted,
        };
        blank
    }
}

/// Physical lines (1-based) that are empty or whitespace-only, outside quoted
/// fields, not counting those at the very end of the file.
fn blank_lines(bytes: &[u8], delimiter: u8) -> Vec<u64> {
    let mut sc = Scanner::new(delimiter);
    let mut out = Vec::new();
    let mut last_content_line = 0;
    for &b in bytes {
        if let Some(l) = sc.feed(b) {
            out.push(l);
        }
        if !b.is_ascii_whitespace() {
            last_content_line = sc.line;
        }
    }
    out.retain(|l| *l < last_content_line);
    out
}

/// Decodes the bytes as text: UTF-8 (a BOM is skipped with a warning) or
/// UTF-16 with a BOM (decoded with a warning). Anything else is an error
/// naming the line and field of the first bad byte.
pub(crate) fn decode<'a>(
    path: &Path,
    bytes: &'a [u8],
    diags: &mut Vec<Diagnostic>,
) -> Option<Cow<'a, str>> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        diags.push(diag(
            path,
            1,
            1,
            Severity::Warning,
            DiagnosticKind::Bom,
            "the file starts with a UTF-8 byte-order mark; it was skipped".into(),
        ));
        return decode_utf8(path, rest, diags).map(Cow::Borrowed);
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, false, "UTF-16 LE")),
        [0xFE, 0xFF, rest @ ..] => Some((rest, true, "UTF-16 BE")),
        _ => None,
    };
    if let Some((rest, big_endian, name)) = utf16 {
        return decode_utf16(path, rest, big_endian, name, diags).map(Cow::Owned);
    }
    let probe = &bytes[..bytes.len().min(64)];
    if probe.len() >= 4 && probe.iter().filter(|b| **b == 0).count() * 4 >= probe.len() {
        diags.push(diag(
            path,
            1,
            0,
            Severity::Error,
            DiagnosticKind::NotUtf8,
            "the file holds NUL bytes: it looks like UTF-16 without a byte-order mark; expected UTF-8 (in Excel: Save As → CSV UTF-8)".into(),
        ));
        return None;
    }
    decode_utf8(path, bytes, diags).map(Cow::Borrowed)
}

fn decode_utf8<'a>(path: &Path, bytes: &'a [u8], diags: &mut Vec<Diagnostic>) -> Option<&'a str> {
    let err = match std::str::from_utf8(bytes) {
        Ok(s) => return Some(s),
        Err(e) => e,
    };
    let upto = &bytes[..err.valid_up_to()];
    let invalid = bytes
        .utf8_chunks()
        .filter(|c| !c.invalid().is_empty())
        .count();
    let (line, column, name) = position_of(upto);
    let bad = bytes.get(err.valid_up_to()).copied().unwrap_or(0);
    diags.push(diag(
        path,
        line,
        column,
        Severity::Error,
        DiagnosticKind::NotUtf8,
        format!(
            "{}byte 0x{bad:02X} is not valid UTF-8 ({invalid} invalid byte sequence(s) in the file, the first here); the file is probably in a legacy encoding (Windows-1258, TCVN3 or VNI); expected UTF-8 (in Excel: Save As → CSV UTF-8)",
            column_prefix(name.as_deref())
        ),
    ));
    None
}

fn decode_utf16(
    path: &Path,
    bytes: &[u8],
    big_endian: bool,
    name: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let units = bytes.chunks_exact(2).map(|c| {
        if big_endian {
            u16::from_be_bytes([c[0], c[1]])
        } else {
            u16::from_le_bytes([c[0], c[1]])
        }
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    for ch in char::decode_utf16(units) {
        match ch {
            Ok(c) => out.push(c),
            Err(e) => {
                let (line, column, col_name) = position_of(out.as_bytes());
                diags.push(diag(
                    path,
                    line,
                    column,
                    Severity::Error,
                    DiagnosticKind::NotUtf8,
                    format!(
                        "{}the file is {name} but holds the unpaired code unit 0x{:04X}; expected UTF-8 (in Excel: Save As → CSV UTF-8)",
                        column_prefix(col_name.as_deref()),
                        e.unpaired_surrogate()
                    ),
                ));
                return None;
            }
        }
    }
    if bytes.len() % 2 == 1 {
        let (line, column, col_name) = position_of(out.as_bytes());
        diags.push(diag(
            path,
            line,
            column,
            Severity::Error,
            DiagnosticKind::NotUtf8,
            format!(
                "{}the file is {name} but ends in the middle of a character (odd byte count); expected UTF-8",
                column_prefix(col_name.as_deref())
            ),
        ));
        return None;
    }
    diags.push(diag(
        path,
        1,
        1,
        Severity::Warning,
        DiagnosticKind::Encoding,
        format!("the file is {name} (Excel \"Unicode text\"); it was decoded. Save as CSV UTF-8 to avoid this warning"),
    ));
    Some(out)
}

fn column_prefix(name: Option<&str>) -> String {
    match name {
        Some(n) if !n.is_empty() => format!("column '{n}': "),
        _ => String::new(),
    }
}

/// Line, field number and (if the header line is complete) column name of
/// the end of `valid`, a valid UTF-8 prefix of the file.
fn position_of(valid: &[u8]) -> (u64, usize, Option<String>) {
    let first_line_end = valid.iter().position(|b| *b == b'\n');
    let header_line = first_line_end.map(|e| String::from_utf8_lossy(&valid[..e]).into_owned());
    let sniff_from = header_line
        .clone()
        .unwrap_or_else(|| String::from_utf8_lossy(valid).into_owned());
    let delimiter = sniff_delimiter(&sniff_from);
    let mut sc = Scanner::new(delimiter);
    for &b in valid {
        sc.feed(b);
    }
    let name = header_line.and_then(|h| {
        split_line(h.trim_start_matches('\u{feff}'), delimiter)
            .get(sc.field - 1)
            .cloned()
    });
    (sc.line, sc.field, if sc.line > 1 { name } else { None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &[u8]) -> (Option<Table>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let t = read_table(Path::new("t.csv"), text, &["a", "b"], &mut d);
        (t, d)
    }

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff_delimiter("a,b;c"), b',');
        assert_eq!(sniff_delimiter("a;b"), b';');
        assert_eq!(sniff_delimiter("a\tb"), b'\t');
        assert_eq!(sniff_delimiter("a"), b',');
    }

    #[test]
    fn blank_lines_ignore_quoted_newlines_and_the_end() {
        let text = b"a,b\n\n1,\"x\n\ny\"\n   \n2,3\n\n\n";
        assert_eq!(blank_lines(text, b','), vec![2, 6]);
    }

    #[test]
    fn non_utf8_position_names_line_field_and_column() {
        let (t, d) = table(b"a,b\n1,\"q,r\"\n2,x\xE0y\n");
        assert!(t.is_none());
        assert_eq!((d[0].line, d[0].column), (3, 2));
        assert!(
            d[0].message.starts_with("column 'b': byte 0xE0"),
            "{}",
            d[0]
        );
    }

    #[test]
    fn utf16_le_with_bom_is_decoded_with_a_warning() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "a\tb\r\n1\tXã\r\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let (t, d) = table(&bytes);
        let t = t.unwrap();
        assert_eq!(t.rows[0].1, vec!["1", "Xã"]);
        let kinds: Vec<_> = d.iter().map(|x| x.kind).collect();
        assert!(kinds.contains(&DiagnosticKind::Encoding));
        assert!(kinds.contains(&DiagnosticKind::Delimiter));
        assert!(d.iter().all(|x| !x.is_error()));
    }

    #[test]
    fn title_line_is_skipped_when_the_header_follows() {
        let (t, d) = table("Danh sách,,\na,b,c\n1,2,3\n".as_bytes());
        let t = t.unwrap();
        assert_eq!(t.header_line, 2);
        assert_eq!(t.rows, vec![(3, vec!["1".into(), "2".into(), "3".into()])]);
        assert_eq!(d[0].kind, DiagnosticKind::TitleRow);
        assert_eq!(d[0].line, 1);
    }

    #[test]
    fn lines_after_blank_lines_keep_their_number() {
        let (t, _) = table(b"a,b\n1,2\n\n3,4\n\n\n5,6\n");
        let lines: Vec<u64> = t.unwrap().rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![2, 4, 7]);
    }

    #[test]
    fn old_mac_line_endings_keep_line_numbers() {
        let (t, d) = table(b"a,b\r1,2\r\r3,4\r");
        let t = t.unwrap();
        assert_eq!(t.rows[1].0, 4);
        let kinds: Vec<_> = d.iter().map(|x| x.kind).collect();
        assert_eq!(
            kinds,
            vec![DiagnosticKind::LineEndings, DiagnosticKind::BlankLine]
        );
    }

    #[test]
    fn extra_empty_fields_are_dropped() {
        let (t, d) = table(b"a,b\n1,2,,\n");
        assert_eq!(t.unwrap().rows[0].1.len(), 2);
        assert_eq!(d[0].kind, DiagnosticKind::ExtraEmptyFields);
        assert_eq!((d[0].line, d[0].column), (2, 3));
    }
}
