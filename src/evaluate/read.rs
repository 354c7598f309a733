//! Reading a proposal file: CSV (`,` or `;`, with or without a BOM) or an
//! Excel workbook (.xlsx, via `calamine`), in one of three layouts.

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};

use super::{EvaluateError, ProposalIssue};
use crate::io::Severity;

/// The layout of a proposal file, told from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
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
pub struct Cell {
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
    pub group: Cell,
    /// Member tokens (one, or several for a `plan.csv` row).
    pub members: Vec<Cell>,
    /// Phase token (`2023-2025`, `1`, ...).
    pub phase: Option<Cell>,
    /// Effective year.
    pub year: Option<Cell>,
    /// Name of the new unit.
    pub new_name: Option<Cell>,
    /// Kind of the new unit (a kind token, e.g. `phuong`).
    pub kind_after: Option<Cell>,
    /// The member whose code (and seat) the new unit keeps.
    pub seat: Option<Cell>,
}

/// The rows of a proposal file, its layout and the problems met reading it.
#[derive(Clone, Debug)]
pub struct ProposalFile {
    /// The file read (`plan.csv` inside a plan folder).
    pub path: PathBuf,
    /// Its layout.
    pub layout: Layout,
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
    let table = match ext.as_deref() {
        Some("xlsx" | "xlsm") => read_xlsx(&path, sheet)?,
        _ => read_csv(&path)?,
    };
    let mut file = parse_table(&path, &table);
    if file.layout == Layout::ChangeLog {
        file = change_log(file, &table)?;
    }
    Ok(file)
}

/// The change log read as [`crate::backtest::read_actual`] reads it (merged,
/// absorbed, and split units with their largest share; groups of two or
/// more), each member at the line of its row.
fn change_log(mut file: ProposalFile, table: &SheetRows) -> Result<ProposalFile, EvaluateError> {
    let groups = crate::backtest::read_actual(&file.path).map_err(|e| EvaluateError::Csv {
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
                    group: Cell {
                        text: g.new_code.to_string(),
                        column: nc.map_or(0, |c| c + 1),
                    },
                    members: vec![Cell {
                        text: m.to_string(),
                        column: oc.map_or(0, |c| c + 1),
                    }],
                    phase: None,
                    year: None,
                    new_name: name.filter(|n| !n.is_empty()).map(|n| Cell {
                        text: n.to_string(),
                        column: name_col.map_or(0, |c| c + 1),
                    }),
                    kind_after: None,
                    seat: Some(Cell {
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

fn read_csv(path: &Path) -> Result<SheetRows, EvaluateError> {
    let bytes = std::fs::read(path).map_err(|source| EvaluateError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // The delimiter of the first non-empty line: Excel in a Vietnamese
    // locale saves with `;`.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| EvaluateError::Csv {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let line = rec.position().map_or(0, csv::Position::line);
        out.push((line, rec.iter().map(|c| c.trim().to_string()).collect()));
    }
    Ok(out)
}

fn read_xlsx(path: &Path, sheet: Option<&str>) -> Result<SheetRows, EvaluateError> {
    let mut wb: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| EvaluateError::Workbook {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
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
            Some((i, Layout::Plan))
        } else if col(cells, &["group", "nhom", "nhóm"]).is_some()
            && col(cells, &["member", "don_vi", "đơn_vị"]).is_some()
        {
            Some((i, Layout::Members))
        } else if col(cells, &["old_code"]).is_some() && col(cells, &["new_code"]).is_some() {
            Some((i, Layout::ChangeLog))
        } else {
            None
        }
    });
    let Some((h, layout)) = found else {
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
            layout: Layout::Members,
            rows: Vec::new(),
            issues,
        };
    };
    let header = &table[h].1;
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
        Layout::Plan => (col(header, &["group_id"]), col(header, &["members"])),
        Layout::Members => (
            col(header, &["group", "nhom", "nhóm"]),
            col(header, &["member", "don_vi", "đơn_vị"]),
        ),
        Layout::ChangeLog => (col(header, &["new_code"]), col(header, &["old_code"])),
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
        Layout::Plan => col(header, &["proposed_name"]),
        Layout::Members => col(header, &["new_name", "ten_moi", "tên_mới"]),
        Layout::ChangeLog => col(header, &["new_name"]),
    };
    let kind_col = match layout {
        Layout::Plan => col(header, &["kind_after", "kind"]),
        Layout::Members => col(header, &["kind_after"]),
        Layout::ChangeLog => None,
    };
    let seat_col = match layout {
        Layout::Plan => col(header, &["new_code"]),
        Layout::Members => col(header, &["seat", "tru_so", "trụ_sở"]),
        Layout::ChangeLog => None,
    };
    let cell = |cells: &[String], c: Option<usize>| -> Option<Cell> {
        let c = c?;
        let text = cells.get(c)?.trim();
        (!text.is_empty()).then(|| Cell {
            text: text.to_string(),
            column: c + 1,
        })
    };
    let mut rows = Vec::new();
    for (line, cells) in &table[h + 1..] {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let group = cell(cells, Some(gc));
        let member = cell(cells, Some(mc));
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
        let members = if layout == Layout::Plan {
            member
                .text
                .split(';')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| Cell {
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
            phase: cell(cells, phase_col),
            year: cell(cells, year_col),
            new_name: cell(cells, name_col),
            kind_after: cell(cells, kind_col),
            seat: cell(cells, seat_col),
        });
    }
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
        assert_eq!(f.layout, Layout::Members);
        assert!(f.issues.is_empty());
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
        assert_eq!(f.layout, Layout::Plan);
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
