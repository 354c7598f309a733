//! Loading and validating a dataset (`units.csv`, `adjacency.csv`).
//!
//! Two layers, as in the rust-csv cookbook: the table reader decodes each
//! file into rows of text fields with their line (accepting BOMs, CRLF,
//! `;` separators, title lines, ... with a warning), then the unit and
//! adjacency readers convert fields into domain types. Every problem becomes
//! a [`Diagnostic`] naming file, line, column (number and name), the value
//! and what was expected. Loading collects all problems instead of stopping
//! at the first, so `reorg check` can list them all.
//!
//! Nothing here panics on any input bytes: the loader is fuzzed (see
//! CONTRIBUTING.md).

use std::path::Path;

use thiserror::Error;

use super::adjacency::read_adjacency;
use super::consultation::{CONSULTATION_REQUIRED, apply_consultation};
use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::table::{Table, read_table};
use super::units::read_units;
use crate::model::Dataset;

/// Loading failed: the dataset has at least one error.
#[derive(Debug, Error)]
pub enum LoadError {
    /// The input has errors; all problems found (errors and warnings) are listed.
    #[error("{} error(s) in the input; first: {}", count_errors(.0), first_error(.0))]
    Invalid(Vec<Diagnostic>),
}

fn count_errors(d: &[Diagnostic]) -> usize {
    d.iter().filter(|x| x.is_error()).count()
}

fn first_error(d: &[Diagnostic]) -> String {
    d.iter()
        .find(|x| x.is_error())
        .map(ToString::to_string)
        .unwrap_or_default()
}

impl LoadError {
    /// All problems found, errors and warnings, in file and line order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Invalid(d) => d,
        }
    }
}

/// A successfully loaded dataset and the warnings met on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The validated dataset.
    pub dataset: Dataset,
    /// Problems that were accepted (BOM, decimal comma, ...), in file and line order.
    pub warnings: Vec<Diagnostic>,
}

/// The columns `units.csv` must have.
pub const UNITS_REQUIRED: [&str; 7] = [
    "code",
    "name",
    "level",
    "kind",
    "parent_code",
    "area_km2",
    "population",
];

/// The columns `adjacency.csv` must have (`level` and `shared_border_km` are optional).
pub const ADJACENCY_REQUIRED: [&str; 2] = ["code_a", "code_b"];

/// The optional file of voter consultation results in a dataset folder.
pub const CONSULTATION_FILE: &str = "consultation.csv";

/// Loads and validates the dataset in `dir` (`units.csv`, `adjacency.csv`,
/// and `consultation.csv` when the folder has one).
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found.
///
/// # Complexity
/// O(n log n + m) for n units and m adjacency pairs.
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let consultation = dir.join(CONSULTATION_FILE);
    load_files_with(
        &dir.join("units.csv"),
        &dir.join("adjacency.csv"),
        consultation.exists().then_some(consultation.as_path()),
    )
}

/// Loads and validates a units file and an adjacency file.
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found
/// (including a file that cannot be read: [`DiagnosticKind::Io`]).
///
/// # Complexity
/// O(n log n + m) for n units and m adjacency pairs.
pub fn load_files(units_path: &Path, adjacency_path: &Path) -> Result<Loaded, LoadError> {
    load_files_with(units_path, adjacency_path, None)
}

/// Loads and validates a units file, an adjacency file and, if given, a
/// consultation file (`code,voters,agree[,disagree,date]`).
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found.
///
/// # Complexity
/// O(n log n + m + r) for n units, m adjacency pairs and r consultation rows.
pub fn load_files_with(
    units_path: &Path,
    adjacency_path: &Path,
    consultation_path: Option<&Path>,
) -> Result<Loaded, LoadError> {
    let mut diags = Vec::new();
    let units = read_file(units_path, &mut diags);
    let adjacency = read_file(adjacency_path, &mut diags);
    let consultation = consultation_path.map(|p| (p, read_file(p, &mut diags)));
    let consultation = match consultation {
        Some((p, Some(bytes))) => Some((p, bytes)),
        Some((_, None)) => return Err(LoadError::Invalid(diags)),
        None => None,
    };
    match (units, adjacency) {
        (Some(u), Some(a)) => load(
            units_path,
            &u,
            adjacency_path,
            &a,
            consultation.as_ref().map(|(p, b)| (*p, b.as_slice())),
            diags,
        ),
        _ => Err(LoadError::Invalid(diags)),
    }
}

/// Loads and validates a dataset from the bytes of its two files, shown in
/// diagnostics as `units.csv` and `adjacency.csv`. The fuzz target and tests
/// use it; it behaves exactly as [`load_files`].
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found.
///
/// # Complexity
/// O(n log n + m) for n units and m adjacency pairs.
pub fn load_from_bytes(units: &[u8], adjacency: &[u8]) -> Result<Loaded, LoadError> {
    load(
        Path::new("units.csv"),
        units,
        Path::new("adjacency.csv"),
        adjacency,
        None,
        Vec::new(),
    )
}

fn read_file(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    match super::read::read_capped(path, super::read::MAX_CSV_BYTES) {
        Ok(b) => Some(b),
        Err(e) => {
            diags.push(Diagnostic {
                also: 0,
                file: path.to_path_buf(),
                line: 0,
                column: 0,
                severity: Severity::Error,
                kind: DiagnosticKind::Io,
                message: format!("cannot read the file: {e}"),
            });
            None
        }
    }
}

fn load(
    units_path: &Path,
    units_bytes: &[u8],
    adjacency_path: &Path,
    adjacency_bytes: &[u8],
    consultation: Option<(&Path, &[u8])>,
    diags: Vec<Diagnostic>,
) -> Result<Loaded, LoadError> {
    let mut diags = diags;
    let mut unit_diags = Vec::new();
    let units = read_table(units_path, units_bytes, &UNITS_REQUIRED, &mut unit_diags)
        .filter(|t| !missing_columns(t, &UNITS_REQUIRED, &mut unit_diags))
        .map(|t| {
            if t.rows.is_empty() {
                unit_diags.push(Diagnostic {
                    also: 0,
                    file: t.path.clone(),
                    line: t.header_line,
                    column: 0,
                    severity: Severity::Error,
                    kind: DiagnosticKind::Empty,
                    message: "the file has a header but no units; expected one row per unit".into(),
                });
            }
            read_units(&t, &mut unit_diags)
        });
    let mut adj_diags = Vec::new();
    let pairs = read_table(
        adjacency_path,
        adjacency_bytes,
        &ADJACENCY_REQUIRED,
        &mut adj_diags,
    )
    .filter(|t| !missing_columns(t, &ADJACENCY_REQUIRED, &mut adj_diags))
    .map(|t| read_adjacency(&t, units.as_ref(), &mut adj_diags))
    .unwrap_or_default();
    let mut units = units;
    let mut cons_diags = Vec::new();
    if let Some((path, bytes)) = consultation
        && let Some(t) = read_table(path, bytes, &CONSULTATION_REQUIRED, &mut cons_diags)
        && !missing_columns(&t, &CONSULTATION_REQUIRED, &mut cons_diags)
        && let Some(u) = units.as_mut()
    {
        apply_consultation(&t, &mut u.units, &mut cons_diags);
    }
    // A consultation given as counts gives the consent share the schedule's
    // priority key reads, unless units.csv gives one.
    for u in units.iter_mut().flat_map(|u| u.units.iter_mut()) {
        if u.attrs.consent_share.is_none() {
            u.attrs.consent_share = u.attrs.consultation.as_ref().map(|c| c.share());
        }
    }
    for mut d in [unit_diags, adj_diags, cons_diags] {
        d.sort_by_key(|x| (x.line, x.column));
        diags.extend(d);
    }
    let diags = super::diagnostic::cap(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(LoadError::Invalid(diags));
    }
    Ok(Loaded {
        dataset: Dataset::new(units.map(|u| u.units).unwrap_or_default(), pairs),
        warnings: diags,
    })
}

/// Reports the required columns absent from the header (one diagnostic
/// naming them all); true if any is.
fn missing_columns(table: &Table, required: &[&str], diags: &mut Vec<Diagnostic>) -> bool {
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|name| table.col(name).is_none())
        .collect();
    if missing.is_empty() {
        return false;
    }
    let title_hint = if table.header.iter().filter(|h| !h.is_empty()).count() <= 1 {
        format!(
            " (line {} looks like a title: the header must be the first line)",
            table.header_line
        )
    } else {
        String::new()
    };
    let names = missing
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    diags.push(Diagnostic {
        also: 0,
        file: table.path.clone(),
        line: table.header_line,
        column: 0,
        severity: Severity::Error,
        kind: DiagnosticKind::MissingColumn,
        message: format!(
            "column{} {names}: required but missing; expected a header with {}; found: {}{title_hint}",
            if missing.len() > 1 { "s" } else { "" },
            required.join(","),
            table.header.join(",")
        ),
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::UnitCode;

    const UNITS: &str = "code,name,level,kind,parent_code,area_km2,population\n\
        01,Hà Nội,province,thanh_pho_tw,,3359.82,8053663\n\
        001,Ba Đình,district,quan,01,9.21,221893\n\
        002,Hoàn Kiếm,district,quan,01,5.29,135618\n\
        00001,Phúc Xá,commune,phuong,001,0.92,21946\n\
        00004,Trúc Bạch,commune,phuong,001,,7065\n";

    #[test]
    fn loads_a_small_dataset() {
        let l =
            load_from_bytes(UNITS.as_bytes(), b"code_a,code_b\n00001,00004\n001,002\n").unwrap();
        assert!(l.warnings.is_empty(), "{:?}", l.warnings);
        let ds = &l.dataset;
        assert_eq!(ds.units().len(), 5);
        assert_eq!(ds.edge_count(), 2);
        let id = ds.id_of(&UnitCode::from("00004")).unwrap();
        assert_eq!(
            ds.unit(id).area_km2,
            None,
            "empty area is unknown, not zero"
        );
    }

    #[test]
    fn errors_are_sorted_by_file_then_line() {
        let units = UNITS.replace("9.21", "-9").replace("0.92", "x");
        let e = load_from_bytes(units.as_bytes(), b"code_a,code_b\n00001,00001\n").unwrap_err();
        let pos: Vec<_> = e
            .diagnostics()
            .iter()
            .map(|d| (d.file.display().to_string(), d.line))
            .collect();
        assert_eq!(
            pos,
            vec![
                ("units.csv".into(), 3),
                ("units.csv".into(), 5),
                ("adjacency.csv".into(), 2)
            ]
        );
    }
}
