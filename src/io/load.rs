//! Loading and validating a dataset folder (`units.csv`, `adjacency.csv`).
//!
//! Two layers, as in the rust-csv cookbook: raw text fields are read per row,
//! then converted into domain types; every problem becomes a [`Diagnostic`]
//! naming file, line and column. Loading collects all problems instead of
//! stopping at the first, so `reorg check` can list them all.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use crate::model::{ArrangedIn, Attributes, Dataset, Level, Unit, UnitClass, UnitCode, UnitKind};

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
    /// Problems that were accepted (BOM, decimal comma, ...).
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

/// Loads and validates the dataset in `dir` (`units.csv`, `adjacency.csv`).
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found.
///
/// # Complexity
/// O(n log n + m) for n units and m adjacency pairs.
pub fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    load_files(&dir.join("units.csv"), &dir.join("adjacency.csv"))
}

/// Loads and validates a units file and an adjacency file.
///
/// # Errors
/// [`LoadError::Invalid`] with every diagnostic if any error was found.
pub fn load_files(units_path: &Path, adjacency_path: &Path) -> Result<Loaded, LoadError> {
    let mut diags = Vec::new();
    let units = read_units(units_path, &mut diags);
    let pairs = read_adjacency(adjacency_path, &units, &mut diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(LoadError::Invalid(diags));
    }
    let dataset = Dataset::new(units, pairs);
    Ok(Loaded {
        dataset,
        warnings: diags,
    })
}

/// A decoded CSV table: header and rows of trimmed text fields with their line.
pub(crate) struct Table {
    pub path: PathBuf,
    pub header: Vec<String>,
    pub rows: Vec<(u64, Vec<String>)>,
}

impl Table {
    pub(crate) fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

/// Reads a CSV file into a [`Table`], reporting encoding and structure problems.
pub(crate) fn read_table(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<Table> {
    let diag = |line: u64, column: usize, severity, kind, message: String| Diagnostic {
        file: path.to_path_buf(),
        line,
        column,
        severity,
        kind,
        message,
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(diag(
                0,
                0,
                Severity::Error,
                DiagnosticKind::Io,
                format!("cannot read the file: {e}"),
            ));
            return None;
        }
    };
    let mut body: &[u8] = &bytes;
    if let Some(rest) = body.strip_prefix(b"\xEF\xBB\xBF") {
        diags.push(diag(
            1,
            1,
            Severity::Warning,
            DiagnosticKind::Bom,
            "the file starts with a UTF-8 byte-order mark; it was skipped".into(),
        ));
        body = rest;
    }
    if let Err(e) = std::str::from_utf8(body) {
        let upto = &body[..e.valid_up_to()];
        let line = 1 + upto.iter().filter(|b| **b == b'\n').count() as u64;
        let line_start = upto.iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
        let column = 1 + upto[line_start..].iter().filter(|b| **b == b',').count();
        diags.push(diag(
            line,
            column,
            Severity::Error,
            DiagnosticKind::NotUtf8,
            format!(
                "byte 0x{:02X} is not valid UTF-8; save the file as UTF-8 (CSV UTF-8 in Excel)",
                body[e.valid_up_to()]
            ),
        ));
        return None;
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(body);
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                diags.push(diag(
                    line,
                    0,
                    Severity::Error,
                    DiagnosticKind::Malformed,
                    format!("cannot parse the CSV row: {e}"),
                ));
                return None;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        let fields: Vec<String> = rec.iter().map(|f| f.trim().to_string()).collect();
        if fields.iter().all(String::is_empty) {
            continue; // blank line
        }
        match &header {
            None => header = Some(fields),
            Some(h) => {
                if fields.len() != h.len() {
                    diags.push(diag(
                        line,
                        0,
                        Severity::Error,
                        DiagnosticKind::Malformed,
                        format!(
                            "the row has {} fields but the header has {}",
                            fields.len(),
                            h.len()
                        ),
                    ));
                    continue;
                }
                rows.push((line, fields));
            }
        }
    }
    let Some(header) = header else {
        diags.push(diag(
            0,
            0,
            Severity::Error,
            DiagnosticKind::Empty,
            "the file is empty; expected a header line".into(),
        ));
        return None;
    };
    let mut seen = HashSet::new();
    for (i, h) in header.iter().enumerate() {
        if !seen.insert(h.as_str()) {
            diags.push(diag(
                1,
                i + 1,
                Severity::Error,
                DiagnosticKind::DuplicateColumn,
                format!("the column '{h}' appears twice in the header"),
            ));
        }
    }
    Some(Table {
        path: path.to_path_buf(),
        header,
        rows,
    })
}

/// Field access for one row, producing positioned diagnostics.
struct Row<'a> {
    table: &'a Table,
    line: u64,
    fields: &'a [String],
}

impl Row<'_> {
    fn push(
        &self,
        diags: &mut Vec<Diagnostic>,
        col: usize,
        severity: Severity,
        kind: DiagnosticKind,
        message: String,
    ) {
        diags.push(Diagnostic {
            file: self.table.path.clone(),
            line: self.line,
            column: col + 1,
            severity,
            kind,
            message,
        });
    }

    fn text(&self, col: Option<usize>) -> Option<&str> {
        col.map(|c| self.fields[c].as_str())
            .filter(|s| !s.is_empty())
    }

    fn number(&self, col: Option<usize>, diags: &mut Vec<Diagnostic>) -> Option<f64> {
        let c = col?;
        let raw = self.fields[c].as_str();
        if raw.is_empty() {
            return None;
        }
        let name = &self.table.header[c];
        let parsed = match raw.parse::<f64>() {
            Ok(v) => Some(v),
            Err(_) if is_decimal_comma(raw) => {
                let v = raw.replace(',', ".").parse::<f64>().ok();
                if v.is_some() {
                    self.push(
                        diags,
                        c,
                        Severity::Warning,
                        DiagnosticKind::DecimalComma,
                        format!("'{raw}' in '{name}' read with a decimal comma"),
                    );
                }
                v
            }
            Err(_) => None,
        };
        match parsed {
            None => {
                self.push(
                    diags,
                    c,
                    Severity::Error,
                    DiagnosticKind::NotANumber,
                    format!("'{raw}' in '{name}' is not a number; expected a decimal like 12.5 or an empty cell for unknown"),
                );
                None
            }
            Some(v) if !v.is_finite() || v < 0.0 => {
                self.push(
                    diags,
                    c,
                    Severity::Error,
                    DiagnosticKind::NegativeOrInvalid,
                    format!("'{raw}' in '{name}' must be a finite number >= 0"),
                );
                None
            }
            Some(v) => Some(v),
        }
    }

    fn flag(&self, col: Option<usize>, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let c = col?;
        let raw = self.fields[c].as_str();
        match raw.to_ascii_lowercase().as_str() {
            "" => None,
            "true" | "1" | "yes" | "x" | "có" => Some(true),
            "false" | "0" | "no" | "không" => Some(false),
            _ => {
                let name = &self.table.header[c];
                self.push(
                    diags,
                    c,
                    Severity::Error,
                    DiagnosticKind::InvalidValue,
                    format!("'{raw}' in '{name}' is not a boolean; expected true or false (or empty for unknown)"),
                );
                None
            }
        }
    }

    fn share(&self, col: Option<usize>, diags: &mut Vec<Diagnostic>) -> Option<f64> {
        let v = self.number(col, diags)?;
        if v > 1.0 {
            let c = col.unwrap_or(0);
            let name = &self.table.header[c];
            self.push(
                diags,
                c,
                Severity::Error,
                DiagnosticKind::InvalidValue,
                format!(
                    "'{}' in '{name}' is a share and must be between 0 and 1",
                    self.fields[c]
                ),
            );
            return None;
        }
        Some(v)
    }
}

/// `12,5` (one comma, digits either side, no point) is a decimal comma.
fn is_decimal_comma(raw: &str) -> bool {
    let mut parts = raw.splitn(2, ',');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return false;
    };
    !a.is_empty()
        && !b.is_empty()
        && a.trim_start_matches('-')
            .chars()
            .all(|c| c.is_ascii_digit())
        && b.chars().all(|c| c.is_ascii_digit())
}

fn missing_columns(table: &Table, required: &[&str], diags: &mut Vec<Diagnostic>) -> bool {
    let mut missing = false;
    for name in required {
        if table.col(name).is_none() {
            diags.push(Diagnostic {
                file: table.path.clone(),
                line: 1,
                column: 0,
                severity: Severity::Error,
                kind: DiagnosticKind::MissingColumn,
                message: format!(
                    "required column '{name}' is missing; the header has: {}",
                    table.header.join(",")
                ),
            });
            missing = true;
        }
    }
    missing
}

fn read_units(path: &Path, diags: &mut Vec<Diagnostic>) -> Vec<Unit> {
    let Some(table) = read_table(path, diags) else {
        return Vec::new();
    };
    if missing_columns(&table, &UNITS_REQUIRED, diags) {
        return Vec::new();
    }
    let c = |name: &str| table.col(name);
    let (c_code, c_name, c_level, c_kind, c_parent) = (
        c("code"),
        c("name"),
        c("level"),
        c("kind"),
        c("parent_code"),
    );
    let (c_area, c_pop) = (c("area_km2"), c("population"));
    let mut units = Vec::with_capacity(table.rows.len());
    let mut lines: HashMap<UnitCode, (u64, usize)> = HashMap::new();
    for (line, fields) in &table.rows {
        let row = Row {
            table: &table,
            line: *line,
            fields,
        };
        let mut ok = true;
        let Some(code) = row.text(c_code) else {
            row.push(
                diags,
                c_code.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::EmptyValue,
                "empty 'code'; every unit needs its GSO code".into(),
            );
            continue;
        };
        let code = UnitCode(code.to_string());
        let level_raw = row.text(c_level).unwrap_or("");
        let level = Level::parse(level_raw);
        if level.is_none() {
            row.push(
                diags,
                c_level.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::InvalidValue,
                format!("level '{level_raw}' is not one of province, district, commune"),
            );
            ok = false;
        }
        let kind_raw = row.text(c_kind).unwrap_or("");
        let kind = UnitKind::parse(kind_raw);
        if kind.is_none() {
            row.push(diags, c_kind.unwrap_or(0), Severity::Error, DiagnosticKind::InvalidValue,
                format!("kind '{kind_raw}' is not one of tinh, thanh_pho_tw, huyen, quan, thi_xa, thanh_pho, xa, phuong, thi_tran"));
            ok = false;
        }
        if let (Some(l), Some(k)) = (level, kind)
            && k.level() != l
        {
            row.push(
                diags,
                c_kind.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::KindLevelMismatch,
                format!(
                    "kind '{k}' is a {} kind but the row's level is '{l}'",
                    k.level()
                ),
            );
            ok = false;
        }
        let parent = row.text(c_parent).map(UnitCode::from);
        if parent.is_none() && level.is_some_and(|l| l != Level::Province) {
            row.push(
                diags,
                c_parent.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::EmptyValue,
                "empty 'parent_code'; only a province has no parent".into(),
            );
            ok = false;
        }
        let area = row.number(c_area, diags);
        let population = match row.number(c_pop, diags) {
            Some(v) if v.fract() != 0.0 => {
                row.push(
                    diags,
                    c_pop.unwrap_or(0),
                    Severity::Error,
                    DiagnosticKind::InvalidValue,
                    format!("population '{v}' must be a whole number of persons"),
                );
                None
            }
            Some(v) => Some(v as u64),
            None => None,
        };
        let attrs = Attributes {
            mountainous: row.flag(c("mountainous"), diags),
            mountainous_basis: row.text(c("mountainous_basis")).map(str::to_string),
            land_border: row.flag(c("land_border"), diags),
            ethnic_minority_share: row.share(c("ethnic_minority_share"), diags),
            island: row.flag(c("island"), diags),
            coastal_poor: row.flag(c("coastal_poor"), diags),
            red_river_delta: row.flag(c("red_river_delta"), diags),
            class: parse_opt(&row, c("class"), UnitClass::parse, "I, II or III", diags),
            isolated: row.flag(c("isolated"), diags),
            boundary_unchanged_since_1945: row.flag(c("boundary_unchanged_since_1945"), diags),
            defense_or_cultural: row.flag(c("defense_or_cultural"), diags),
            planned_urban: row.flag(c("planned_urban"), diags),
            arranged_in: parse_opt(
                &row,
                c("arranged_in"),
                ArrangedIn::parse,
                "2019-2021 or 2023-2025",
                diags,
            ),
            readiness: row.share(c("readiness"), diags),
            consent_share: row.share(c("consent_share"), diags),
            growth_rate: row.number(c("growth_rate"), diags),
            lat: row.number(c("lat"), diags),
            lon: row.number(c("lon"), diags),
        };
        if let Some((first, _)) = lines.get(&code) {
            row.push(
                diags,
                c_code.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::DuplicateCode,
                format!("code '{code}' already appears on line {first}"),
            );
            continue;
        }
        lines.insert(code.clone(), (*line, c_parent.unwrap_or(0)));
        if !ok {
            continue;
        }
        let (Some(level), Some(kind)) = (level, kind) else {
            continue;
        };
        units.push(Unit {
            code,
            name: row.text(c_name).unwrap_or("").to_string(),
            level,
            kind,
            parent_code: parent,
            area_km2: area,
            population,
            region: row.text(c("region")).map(str::to_string),
            attrs,
        });
    }
    // Parent checks need every row.
    let levels: HashMap<&UnitCode, Level> = units.iter().map(|u| (&u.code, u.level)).collect();
    for u in &units {
        let Some(p) = &u.parent_code else { continue };
        let (line, col) = lines.get(&u.code).copied().unwrap_or((0, 0));
        let expected = match u.level {
            Level::Province => None,
            Level::District => Some(Level::Province),
            Level::Commune => Some(Level::District),
        };
        let pos = |kind, message| Diagnostic {
            file: table.path.clone(),
            line,
            column: col + 1,
            severity: Severity::Error,
            kind,
            message,
        };
        match levels.get(p) {
            None if lines.contains_key(p) => {} // parent row itself was invalid and reported
            None => diags.push(pos(
                DiagnosticKind::UnknownParent,
                format!("parent '{p}' of '{}' is not a code in this file", u.code),
            )),
            Some(pl) if Some(*pl) != expected => diags.push(pos(
                DiagnosticKind::WrongParentLevel,
                format!(
                    "the parent of {} '{}' must be a {}, but '{p}' is a {pl}",
                    u.level,
                    u.code,
                    expected.map_or("none", Level::as_str)
                ),
            )),
            Some(_) => {}
        }
    }
    units
}

fn parse_opt<T>(
    row: &Row<'_>,
    col: Option<usize>,
    parse: impl Fn(&str) -> Option<T>,
    expected: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let c = col?;
    let raw = row.fields[c].as_str();
    if raw.is_empty() {
        return None;
    }
    let v = parse(raw);
    if v.is_none() {
        row.push(
            diags,
            c,
            Severity::Error,
            DiagnosticKind::InvalidValue,
            format!(
                "'{raw}' in '{}' is not valid; expected {expected}",
                row.table.header[c]
            ),
        );
    }
    v
}

fn read_adjacency(
    path: &Path,
    units: &[Unit],
    diags: &mut Vec<Diagnostic>,
) -> Vec<(UnitCode, UnitCode, f64)> {
    let Some(table) = read_table(path, diags) else {
        return Vec::new();
    };
    if missing_columns(&table, &ADJACENCY_REQUIRED, diags) {
        return Vec::new();
    }
    let levels: HashMap<&str, Level> = units.iter().map(|u| (u.code.as_str(), u.level)).collect();
    let (c_a, c_b) = (table.col("code_a"), table.col("code_b"));
    let (c_level, c_km) = (table.col("level"), table.col("shared_border_km"));
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut pairs = Vec::with_capacity(table.rows.len());
    for (line, fields) in &table.rows {
        let row = Row {
            table: &table,
            line: *line,
            fields,
        };
        let mut lv = [None, None];
        let mut ok = true;
        for (i, col) in [c_a, c_b].into_iter().enumerate() {
            match row.text(col) {
                None => {
                    row.push(
                        diags,
                        col.unwrap_or(0),
                        Severity::Error,
                        DiagnosticKind::EmptyValue,
                        "empty code in an adjacency pair".into(),
                    );
                    ok = false;
                }
                Some(code) => match levels.get(code) {
                    None => {
                        row.push(
                            diags,
                            col.unwrap_or(0),
                            Severity::Error,
                            DiagnosticKind::UnknownCode,
                            format!("code '{code}' is not in units.csv"),
                        );
                        ok = false;
                    }
                    Some(l) => lv[i] = Some(*l),
                },
            }
        }
        let km = row.number(c_km, diags).unwrap_or(0.0);
        if !ok {
            continue;
        }
        let (Some(a), Some(b)) = (row.text(c_a), row.text(c_b)) else {
            continue;
        };
        if a == b {
            row.push(
                diags,
                c_b.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::SelfPair,
                format!("'{a}' is paired with itself"),
            );
            continue;
        }
        if lv[0] != lv[1] {
            row.push(
                diags,
                c_b.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::CrossLevelPair,
                format!(
                    "'{a}' is a {} but '{b}' is a {}; a pair joins units of one level",
                    lv[0].map_or("?", Level::as_str),
                    lv[1].map_or("?", Level::as_str)
                ),
            );
            continue;
        }
        if let Some(declared) = row.text(c_level)
            && lv[0].map(Level::as_str) != Some(declared)
        {
            row.push(
                diags,
                c_level.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::CrossLevelPair,
                format!(
                    "level '{declared}' disagrees with the units, which are {}",
                    lv[0].map_or("?", Level::as_str)
                ),
            );
            continue;
        }
        let key = if a < b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        };
        if let Some(first) = seen.get(&key) {
            row.push(
                diags,
                c_a.unwrap_or(0),
                Severity::Error,
                DiagnosticKind::RepeatedPair,
                format!("the pair {a}–{b} already appears on line {first}"),
            );
            continue;
        }
        seen.insert(key.clone(), *line);
        pairs.push((UnitCode(key.0), UnitCode(key.1), km));
    }
    pairs
}
