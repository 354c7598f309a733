//! Reading `adjacency.csv`: pairs of codes of one level, each unordered pair once.

use std::collections::HashMap;

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::fields::{Cells, Row, Sign};
use super::table::Table;
use super::units::UnitsRead;
use crate::model::{Level, UnitCode};

/// Reads the adjacency rows of `table` against the units read (`None` when
/// `units.csv` itself could not be read: codes are then not checked, to
/// avoid one error per pair); each pair is returned with the smaller code
/// first and the shared border in km (0 when unknown).
///
/// # Complexity
/// O(m log m) for m rows (hash lookups).
pub(crate) fn read_adjacency(
    table: &Table,
    units: Option<&UnitsRead>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(UnitCode, UnitCode, f64)> {
    let mut cells = Cells::new(table);
    let levels: HashMap<&str, Level> = units
        .iter()
        .flat_map(|r| &r.units)
        .map(|u| (u.code.as_str(), u.level))
        .collect();
    let rejected = units.map(|r| &r.rejected);
    let (c_a, c_b) = (table.col("code_a"), table.col("code_b"));
    let (c_level, c_km) = (table.col("level"), table.col("shared_border_km"));
    let mut seen: HashMap<(&str, &str), u64> = HashMap::with_capacity(table.rows.len());
    let mut pairs = Vec::with_capacity(table.rows.len());
    for (line, fields) in &table.rows {
        let row = Row {
            line: *line,
            fields,
        };
        let mut lv = [None, None];
        let mut ok = true;
        for (i, col) in [c_a, c_b].into_iter().enumerate() {
            let c = col.unwrap_or(0);
            match cells.text(&row, col) {
                None => {
                    cells.error(
                        row.line,
                        c,
                        DiagnosticKind::EmptyValue,
                        "empty; expected a code from units.csv",
                    );
                    ok = false;
                }
                Some(code) => match levels.get(code) {
                    None if rejected.is_none_or(|r| r.contains(code)) => ok = false,
                    None => {
                        cells.error(
                            row.line,
                            c,
                            DiagnosticKind::UnknownCode,
                            format!("'{code}' is not a code in units.csv; expected a known code"),
                        );
                        ok = false;
                    }
                    Some(l) => lv[i] = Some(*l),
                },
            }
        }
        let km = cells.number(&row, c_km, Sign::NonNegative).unwrap_or(0.0);
        let (true, Some(a), Some(b), Some(la), Some(lb)) = (
            ok,
            cells.text(&row, c_a),
            cells.text(&row, c_b),
            lv[0],
            lv[1],
        ) else {
            continue;
        };
        let c_b = c_b.unwrap_or(0);
        if a == b {
            cells.error(
                row.line,
                c_b,
                DiagnosticKind::SelfPair,
                format!("'{a}' is paired with itself; expected two different units"),
            );
            continue;
        }
        if la != lb {
            cells.error(
                row.line,
                c_b,
                DiagnosticKind::CrossLevelPair,
                format!("'{b}' is a {lb} but '{a}' is a {la}; expected two units of one level"),
            );
            continue;
        }
        if let Some(declared) = cells.text(&row, c_level)
            && declared != la.as_str()
        {
            cells.error(
                row.line,
                c_level.unwrap_or(0),
                DiagnosticKind::CrossLevelPair,
                format!("'{declared}' disagrees with the units, which are {la}; expected {la}"),
            );
            continue;
        }
        let key = if a < b { (a, b) } else { (b, a) };
        if let Some(first) = seen.get(&key) {
            cells.error(
                row.line,
                c_a.unwrap_or(0),
                DiagnosticKind::RepeatedPair,
                format!("the pair {a}–{b} already appears on line {first} (in either order); expected each pair once"),
            );
            continue;
        }
        seen.insert(key, row.line);
        pairs.push((UnitCode::from(key.0), UnitCode::from(key.1), km));
    }
    if table.rows.is_empty() && levels.len() > 1 {
        cells.diags.push(Diagnostic {
            also: 0,
            file: table.path.clone(),
            line: table.header_line,
            column: 0,
            severity: Severity::Warning,
            kind: DiagnosticKind::Empty,
            message: "the file has a header but no pairs: no unit has a neighbour, so no merge can be planned".into(),
        });
    }
    diags.extend(cells.finish());
    pairs
}
