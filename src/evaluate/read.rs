//! Reading a proposal file: CSV (`,` or `;`, with or without a BOM) or an
//! Excel workbook (.xlsx, via `calamine`), in one of three layouts.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::{EvaluateError, ProposalIssue};
use crate::io::Severity;

/// The layout of a proposal file, told from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProposalLayout {
    /// One row per member: `group,member` and optional `phase`, `year`,
    /// `new_name`, `kind_after`, `seat`.
    Members,
    /// The `plan.csv` that `reorg plan` writes: one row per group, members
    /// `;`-separated in `members`.
    Plan,
    /// The change log of `data/vn/backtest/merges_2019_2021.csv`: one row
    /// per former unit, grouped by `new_code`.
    ChangeLog,
}

/// A cell with its 1-based column number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceCell {
    /// The text, trimmed.
    pub text: String,
    /// 1-based column.
    pub column: usize,
}

/// One row of a proposal, whatever the layout: a group label and its
/// member tokens (codes or names) with the optional attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposalRow {
    /// 1-based line (CSV physical line; the worksheet's row number).
    pub line: u64,
    /// The group label.
    pub group: SourceCell,
    /// Member tokens (one, or several for a `plan.csv` row).
    pub members: Vec<SourceCell>,
    /// Phase token (`2023-2025`, `1`, ...).
    pub phase: Option<SourceCell>,
    /// Effective year.
    pub year: Option<SourceCell>,
    /// Name of the new unit.
    pub new_name: Option<SourceCell>,
    /// Kind of the new unit (a kind token, e.g. `phuong`).
    pub kind_after: Option<SourceCell>,
    /// The member whose code (and seat) the new unit keeps.
    pub seat: Option<SourceCell>,
}

/// The rows of a proposal file, its layout and the problems met reading it.
#[derive(Clone, Debug)]
pub struct ProposalFile {
    /// The file read (`plan.csv` inside a plan folder).
    pub path: PathBuf,
    /// Its layout.
    pub layout: ProposalLayout,
    /// The rows, in file order.
    pub rows: Vec<ProposalRow>,
    /// Problems (errors and warnings) with their positions.
    pub issues: Vec<ProposalIssue>,
}

/// A raw table: rows of cells with their line numbers.
type SheetRows = Vec<(u64, Vec<String>)>;

/// Reads the proposal at `path`: a CSV file, an .xlsx workbook (its first
/// sheet, or `sheet`), or a plan folder (its `plan.csv`).
///
/// Leading rows above the header (a title, merged header rows) are
/// skipped; empty rows are skipped; numbers stored as text and cells of
/// whitespace are read as their text.
///
/// # Errors
/// [`EvaluateError`] when the file cannot be opened or is not a workbook;
/// problems inside the file are [`ProposalIssue`]s of the result.
///
/// # Complexity
/// O(size of the file).
pub fn read_proposal(path: &Path, sheet: Option<&str>) -> Result<ProposalFile, EvaluateError> {
    let path = if path.is_dir() {
        path.join("plan.csv")
    } else {
        path.to_path_buf()
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let (table, mut issues) = match ext.as_deref() {
        Some("xlsx" | "xlsm") => (read_xlsx(&path, sheet)?, Vec::new()),
        _ => read_csv(&path)?,
    };
    if issues.iter().any(|i| i.severity == Severity::Error) {
        // Not decodable: nothing more can be said about its content.
        return Ok(ProposalFile {
            path,
            layout: ProposalLayout::Members,
            rows: Vec::new(),
            issues,
        });
    }
    let mut file = parse_table(&path, &table);
    issues.append(&mut file.issues);
    file.issues = issues;
    if file.layout == ProposalLayout::ChangeLog {
        let bytes =
            crate::io::read::read_capped(&path, crate::io::read::MAX_CSV_BYTES).map_err(|e| {
                EvaluateError::Csv {
                    path: path.clone(),
                    message: format!("cannot read: {e}"),
                }
            })?;
        file = change_log(file, &table, &bytes)?;
    }
    Ok(file)
}

/// Reads a proposal held in memory (an upload): `bytes` are a CSV file or,
/// when `xlsx`, a workbook (first sheet). `label` names it in messages; no
/// file is opened. All three layouts are read as [`read_proposal`] reads
/// them, the change log included.
///
/// # Errors
/// [`EvaluateError`] when the bytes are not a readable CSV or workbook.
///
/// # Complexity
/// O(size of the bytes).
pub fn read_proposal_bytes(
    label: &str,
    bytes: &[u8],
    xlsx: bool,
) -> Result<ProposalFile, EvaluateError> {
    let path = PathBuf::from(label);
    let (table, mut issues) = if xlsx {
        let wb: Xlsx<_> =
            Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e: calamine::XlsxError| {
                EvaluateError::Workbook {
                    path: path.clone(),
                    message: e.to_string(),
                }
            })?;
        (xlsx_rows(wb, &path, None)?, Vec::new())
    } else {
        csv_rows(&path, bytes)?
    };
    if issues.iter().any(|i| i.severity == Severity::Error) {
        // Not decodable: nothing more can be said about its content.
        return Ok(ProposalFile {
            path,
            layout: ProposalLayout::Members,
            rows: Vec::new(),
            issues,
        });
    }
    let mut file = parse_table(&path, &table);
    issues.append(&mut file.issues);
    file.issues = issues;
    if file.layout == ProposalLayout::ChangeLog {
        file = change_log(file, &table, bytes)?;
    }
    Ok(file)
}

/// The change log read as [`crate::backtest::read_actual`] reads it (merged,
/// absorbed, and split units with their largest share; groups of two or
/// more), each member at the line of its row. `bytes` are the file's.
fn change_log(
    mut file: ProposalFile,
    table: &SheetRows,
    bytes: &[u8],
) -> Result<ProposalFile, EvaluateError> {
    let groups =
        crate::backtest::read_actual_bytes(&file.path, bytes).map_err(|e| EvaluateError::Csv {
            path: file.path.clone(),
            message: e.to_string(),
        })?;
    let header = table
        .iter()
        .find(|(_, c)| col(c, &["old_code"]).is_some())
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let (oc, nc) = (col(&header, &["old_code"]), col(&header, &["new_code"]));
    let name_col = col(&header, &["new_name"]);
    let mut line_of: std::collections::HashMap<(&str, &str), (u64, Option<&str>)> =
        std::collections::HashMap::new();
    if let (Some(oc), Some(nc)) = (oc, nc) {
        for (line, cells) in table {
            if let (Some(o), Some(n)) = (cells.get(oc), cells.get(nc)) {
                let name = name_col.and_then(|c| cells.get(c)).map(String::as_str);
                line_of
                    .entry((o.as_str(), n.as_str()))
                    .or_insert((*line, name));
            }
        }
    }
    file.issues.clear();
    file.rows = groups
        .iter()
        .flat_map(|g| {
            g.members.iter().map(|m| {
                let (line, name) = line_of
                    .get(&(m.as_str(), g.new_code.as_str()))
                    .copied()
                    .unwrap_or((0, None));
                ProposalRow {
                    line,
                    group: SourceCell {
                        text: g.new_code.to_string(),
                        column: nc.map_or(0, |c| c + 1),
                    },
                    members: vec![SourceCell {
                        text: m.to_string(),
                        column: oc.map_or(0, |c| c + 1),
                    }],
                    phase: None,
                    year: None,
                    new_name: name.filter(|n| !n.is_empty()).map(|n| SourceCell {
                        text: n.to_string(),
                        column: name_col.map_or(0, |c| c + 1),
                    }),
                    kind_after: None,
                    seat: Some(SourceCell {
                        text: g.new_code.to_string(),
                        column: nc.map_or(0, |c| c + 1),
                    }),
                }
            })
        })
        .collect();
    file.rows.sort_by_key(|r| r.line);
    Ok(file)
}

/// The rows of a CSV file and the problems of its encoding and dialect:
/// UTF-8 (a BOM is accepted silently: the project's own CSV files carry
/// one), UTF-16 with a BOM (decoded, with a warning), anything else an
/// error at the first bad byte; `;` as separator (Excel in a Vietnamese
/// locale) with a warning.
fn read_csv(path: &Path) -> Result<(SheetRows, Vec<ProposalIssue>), EvaluateError> {
    let bytes = std::fs::read(path).map_err(|source| EvaluateError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    csv_rows(path, &bytes)
}

/// [`read_csv`] on bytes already read: decoded, dialect found, rows with
/// their line numbers (from byte offsets).
fn csv_rows(path: &Path, bytes: &[u8]) -> Result<(SheetRows, Vec<ProposalIssue>), EvaluateError> {
    let mut diags = Vec::new();
    let decoded = crate::io::decode(path, bytes, &mut diags);
    let mut issues: Vec<ProposalIssue> = diags
        .into_iter()
        .filter(|d| d.kind != crate::io::DiagnosticKind::Bom)
        .map(|d| ProposalIssue {
            file: d.file,
            line: d.line,
            column: d.column,
            severity: d.severity,
            code: d.kind.id(),
            message: d.message,
        })
        .collect();
    let Some(text) = decoded else {
        return Ok((Vec::new(), issues));
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // The delimiter of the first non-empty line: Excel in a Vietnamese
    // locale saves with `;`.
    let first_at = text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0);
    let first = text.lines().nth(first_at).unwrap_or("");
    let commas = first.matches(',').count();
    let (semis, tabs) = (first.matches(';').count(), first.matches('\t').count());
    let delimiter = if semis > commas && semis >= tabs {
        b';'
    } else if tabs > commas && tabs > semis {
        b'\t'
    } else {
        b','
    };
    if delimiter != b',' {
        issues.push(ProposalIssue {
            file: path.to_path_buf(),
            line: first_at as u64 + 1,
            column: 0,
            severity: Severity::Warning,
            code: "delimiter",
            message: if delimiter == b';' {
                "columns separated by ';' (Excel in a Vietnamese locale); read as such".into()
            } else {
                "columns separated by tabs (Excel's \"Unicode text\"); read as such".into()
            },
        });
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    // Line numbers from byte offsets (the reader's own count skips empty
    // lines).
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| EvaluateError::Csv {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        // The record's position is where the reader started, before the
        // empty lines it skipped.
        let mut byte = rec.position().map_or(0, |p| p.byte() as usize);
        while matches!(text.as_bytes().get(byte), Some(b'\n' | b'\r')) {
            byte += 1;
        }
        let line = starts.partition_point(|&s| s <= byte) as u64;
        out.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    // The CSV reader skips empty lines: put them back as empty rows, so
    // that they are reported like the rows of `;` only.
    let seen: std::collections::HashSet<u64> = out.iter().map(|r| r.0).collect();
    for (i, l) in text.lines().enumerate() {
        let line = i as u64 + 1;
        if l.trim().is_empty() && !seen.contains(&line) {
            out.push((line, Vec::new()));
        }
    }
    out.sort_by_key(|r| r.0);
    Ok((out, issues))
}

fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<SheetRows, EvaluateError> {
    let wb: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| EvaluateError::Workbook {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    xlsx_rows(wb, path, sheet)
}

fn xlsx_rows<R: std::io::Read + std::io::Seek>(
    mut wb: Xlsx<R>,
    path: &Path,
    sheet: Option<&str>,
) -> Result<SheetRows, EvaluateError> {
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| EvaluateError::NoSheet {
                path: path.to_path_buf(),
                sheet: s.to_string(),
                known: names.join(", "),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| EvaluateError::Workbook {
                path: path.to_path_buf(),
                message: "the workbook has no sheet".into(),
            })?,
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| EvaluateError::Workbook {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
    let (top, _) = range.start().unwrap_or((0, 0));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            (
                u64::from(top) + i as u64 + 1,
                row.iter().map(cell_text).collect(),
            )
        })
        .collect())
}

/// A worksheet cell as text: whole numbers without a decimal point (a code
/// typed as a number), others as written.
fn cell_text(c: &Data) -> String {
    match c {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => other.to_string().trim().to_string(),
    }
}

/// The column names a proposal may use (keys), for telling a header row.
const KNOWN: &[&str] = &[
    "group",
    "nhom",
    "nhóm",
    "member",
    "don_vi",
    "đơn_vị",
    "phase",
    "giai_doan",
    "giai_đoạn",
    "year",
    "nam",
    "năm",
    "new_name",
    "ten_moi",
    "tên_mới",
    "kind_after",
    "seat",
    "tru_so",
    "trụ_sở",
];

/// A cell without a spreadsheet's text marker: `="01846"` (Excel's way
/// of keeping the zeros in a CSV) and a leading apostrophe (`'01846`; also
/// how the project's CSV writer neutralises a formula-like text).
fn unmark(raw: &str) -> &str {
    if let Some(inner) = raw.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        return inner.trim();
    }
    raw.strip_prefix('\'').unwrap_or(raw)
}

/// A header cell as a column key: lowercase, spaces as `_`.
fn key(h: &str) -> String {
    h.trim().to_lowercase().replace([' ', '-'], "_")
}

/// The column index of the first header named one of `names`.
fn col(header: &[String], names: &[&str]) -> Option<usize> {
    header
        .iter()
        .position(|h| names.iter().any(|n| key(h) == *n))
}

fn parse_table(path: &Path, table: &SheetRows) -> ProposalFile {
    let mut issues = Vec::new();
    let issue = |line: u64, column: usize, severity, code, message: String| ProposalIssue {
        file: path.to_path_buf(),
        line,
        column,
        severity,
        code,
        message,
    };
    // The header: the first row naming a known pair of columns.
    let found = table.iter().enumerate().find_map(|(i, (_, cells))| {
        if col(cells, &["group_id"]).is_some() && col(cells, &["members"]).is_some() {
            Some((i, ProposalLayout::Plan))
        } else if col(cells, &["group", "nhom", "nhóm"]).is_some()
            && col(cells, &["member", "don_vi", "đơn_vị"]).is_some()
        {
            Some((i, ProposalLayout::Members))
        } else if col(cells, &["old_code"]).is_some() && col(cells, &["new_code"]).is_some() {
            Some((i, ProposalLayout::ChangeLog))
        } else {
            None
        }
    });
    let Some((h, layout)) = found else {
        // A header naming one column of the pair: the other is missing.
        let half = table.iter().find_map(|(line, cells)| {
            let g = col(cells, &["group", "nhom", "nhóm", "group_id"]);
            let m = col(cells, &["member", "don_vi", "đơn_vị", "members"]);
            match (g, m) {
                (Some(_), None) => Some((*line, "member")),
                (None, Some(_)) => Some((*line, "group")),
                _ => None,
            }
        });
        if let Some((line, missing)) = half {
            issues.push(issue(
                line,
                0,
                Severity::Error,
                "missing-column",
                format!(
                    "the header has no column '{missing}'; expected 'group' (or 'nhóm') and 'member' (or 'đơn vị') on the same row"
                ),
            ));
            return ProposalFile {
                path: path.to_path_buf(),
                layout: ProposalLayout::Members,
                rows: Vec::new(),
                issues,
            };
        }
        issues.push(issue(
            table.first().map_or(1, |r| r.0),
            0,
            Severity::Error,
            "no-header",
            "no header row found; expected columns 'group,member' (optional 'phase,year,new_name,kind_after,seat'), \
             the 'plan.csv' of 'reorg plan' ('group_id,members,...') or a change log ('old_code,new_code,...')"
                .into(),
        ));
        return ProposalFile {
            path: path.to_path_buf(),
            layout: ProposalLayout::Members,
            rows: Vec::new(),
            issues,
        };
    };
    let skipped = table[..h]
        .iter()
        .filter(|(_, c)| c.iter().any(|c| !c.trim().is_empty()))
        .count();
    if skipped > 0 {
        issues.push(issue(
            table[h].0,
            0,
            Severity::Warning,
            "title-row",
            format!("{skipped} row(s) above the header skipped (a title)"),
        ));
    }
    let mut header = table[h].1.clone();
    // Header rows merged over two lines: the row below the header holding
    // only column names (e.g. "phase", "new_name" under a merged "group"
    // cell) completes it.
    let mut body = h + 1;
    if let Some((line, cells)) = table.get(h + 1)
        && cells.iter().any(|c| !c.trim().is_empty())
        && cells
            .iter()
            .all(|c| c.trim().is_empty() || KNOWN.contains(&key(c).as_str()))
    {
        for (i, c) in cells.iter().enumerate() {
            if c.trim().is_empty() {
                continue;
            }
            if header.len() <= i {
                header.resize(i + 1, String::new());
            }
            if header[i].trim().is_empty() {
                header[i] = c.clone();
            }
        }
        issues.push(issue(
            *line,
            0,
            Severity::Warning,
            "merged-header",
            "the header continues on this row (merged header cells); its column names were joined to the row above"
                .into(),
        ));
        body = h + 2;
    }
    let header = &header;
    for (i, name) in header.iter().enumerate() {
        if !name.is_empty() && header[..i].iter().any(|n| key(n) == key(name)) {
            issues.push(issue(
                table[h].0,
                i + 1,
                Severity::Error,
                "duplicate-column",
                format!("column '{name}' is given twice"),
            ));
        }
    }
    let (group_col, member_col) = match layout {
        ProposalLayout::Plan => (col(header, &["group_id"]), col(header, &["members"])),
        ProposalLayout::Members => (
            col(header, &["group", "nhom", "nhóm"]),
            col(header, &["member", "don_vi", "đơn_vị"]),
        ),
        ProposalLayout::ChangeLog => (col(header, &["new_code"]), col(header, &["old_code"])),
    };
    let (Some(gc), Some(mc)) = (group_col, member_col) else {
        return ProposalFile {
            path: path.to_path_buf(),
            layout,
            rows: Vec::new(),
            issues,
        };
    };
    let phase_col = col(header, &["phase", "giai_doan", "giai_đoạn"]);
    let year_col = col(header, &["year", "nam", "năm"]);
    let name_col = match layout {
        ProposalLayout::Plan => col(header, &["proposed_name"]),
        ProposalLayout::Members => col(header, &["new_name", "ten_moi", "tên_mới"]),
        ProposalLayout::ChangeLog => col(header, &["new_name"]),
    };
    let kind_col = match layout {
        ProposalLayout::Plan => col(header, &["kind_after", "kind"]),
        ProposalLayout::Members => col(header, &["kind_after"]),
        ProposalLayout::ChangeLog => None,
    };
    let seat_col = match layout {
        ProposalLayout::Plan => col(header, &["new_code"]),
        ProposalLayout::Members => col(header, &["seat", "tru_so", "trụ_sở"]),
        ProposalLayout::ChangeLog => None,
    };
    let mut marked: Vec<(u64, usize, String)> = Vec::new();
    let mut cell = |line: u64, cells: &[String], c: Option<usize>| -> Option<SourceCell> {
        let c = c?;
        let raw = cells.get(c)?.trim();
        let text = unmark(raw);
        if text != raw
            && !raw.starts_with("'=")
            && !raw.starts_with("'+")
            && !raw.starts_with("'-")
            && !raw.starts_with("'@")
        {
            marked.push((line, c + 1, raw.to_string()));
        }
        (!text.is_empty()).then(|| SourceCell {
            text: text.to_string(),
            column: c + 1,
        })
    };
    let mut rows = Vec::new();
    let mut blank: Vec<u64> = Vec::new();
    for (line, cells) in &table[body.min(table.len())..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            blank.push(*line);
            continue;
        }
        let group = cell(*line, cells, Some(gc));
        let member = cell(*line, cells, Some(mc));
        let (Some(group), Some(member)) = (group, member) else {
            issues.push(issue(
                *line,
                if cells.get(gc).is_none_or(|c| c.trim().is_empty()) {
                    gc + 1
                } else {
                    mc + 1
                },
                Severity::Error,
                "missing-cell",
                format!(
                    "column '{}' is empty; expected a group and a member on every row",
                    if cells.get(gc).is_none_or(|c| c.trim().is_empty()) {
                        &header[gc]
                    } else {
                        &header[mc]
                    }
                ),
            ));
            continue;
        };
        let members = if layout == ProposalLayout::Plan {
            member
                .text
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| SourceCell {
                    text: t.to_string(),
                    column: member.column,
                })
                .collect()
        } else {
            vec![member]
        };
        rows.push(ProposalRow {
            line: *line,
            group,
            members,
            phase: cell(*line, cells, phase_col),
            year: cell(*line, cells, year_col),
            new_name: cell(*line, cells, name_col),
            kind_after: cell(*line, cells, kind_col),
            seat: cell(*line, cells, seat_col),
        });
    }
    for (line, column, raw) in marked {
        issues.push(issue(
            line,
            column,
            Severity::Warning,
            "text-marker",
            format!(
                "'{raw}' read as '{}' (a spreadsheet's mark for a number stored as text)",
                unmark(&raw)
            ),
        ));
    }
    // Empty rows inside the table (trailing ones are no news).
    let last = rows.last().map_or(0, |r: &ProposalRow| r.line);
    blank.retain(|l| *l < last);
    if let Some(first) = blank.first() {
        let shown: Vec<String> = blank.iter().take(5).map(u64::to_string).collect();
        issues.push(issue(
            *first,
            0,
            Severity::Warning,
            "blank-line",
            format!(
                "{} empty row(s) skipped (line(s) {}{})",
                blank.len(),
                shown.join(", "),
                if blank.len() > 5 { ", …" } else { "" }
            ),
        ));
    }
    issues.sort_by_key(|i| (i.line, i.column));
    ProposalFile {
        path: path.to_path_buf(),
        layout,
        rows,
        issues,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(lines: &[&[&str]]) -> SheetRows {
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn title_rows_above_the_header_are_skipped() {
        let t = table(&[
            &["Phương án sắp xếp", ""],
            &["", ""],
            &["Group", "Member"],
            &["1", "00001"],
            &["", ""],
            &["1", "00002"],
        ]);
        let f = parse_table(Path::new("p.csv"), &t);
        assert_eq!(f.layout, ProposalLayout::Members);
        let codes: Vec<&str> = f.issues.iter().map(|i| i.code).collect();
        assert_eq!(codes, ["title-row", "blank-line"]);
        assert_eq!(f.rows.len(), 2);
        assert_eq!(f.rows[1].line, 6);
        assert_eq!(f.rows[1].members[0].column, 2);
    }

    #[test]
    fn a_plan_row_lists_its_members() {
        let t = table(&[
            &["phase", "group_id", "members", "proposed_name", "new_code"],
            &["2023-2025", "1C-001-1", "00001;00002", "Phường 1", "00001"],
        ]);
        let f = parse_table(Path::new("plan.csv"), &t);
        assert_eq!(f.layout, ProposalLayout::Plan);
        assert_eq!(f.rows[0].members.len(), 2);
        assert_eq!(
            f.rows[0].seat.as_ref().map(|c| c.text.as_str()),
            Some("00001")
        );
    }

    #[test]
    fn no_header_is_an_error_at_line_one() {
        let f = parse_table(Path::new("p.csv"), &table(&[&["a", "b"]]));
        assert_eq!(f.issues.len(), 1);
        assert_eq!(f.issues[0].line, 1);
    }

    #[test]
    fn whole_numbers_in_a_sheet_read_without_a_decimal_point() {
        assert_eq!(cell_text(&Data::Float(1834.0)), "1834");
        assert_eq!(cell_text(&Data::String(" Xã A ".into())), "Xã A");
    }
}
