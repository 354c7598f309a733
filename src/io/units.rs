//! Reading `units.csv` into [`Unit`]s: per-cell checks, duplicate codes, the
//! parent tree, and a plausibility check of areas (hectares instead of km²).

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::fields::{Cells, Row, Sign};
use super::table::Table;
use crate::model::{ArrangedIn, Attributes, Level, Unit, UnitClass, UnitCode, UnitKind};

/// A commune's area above this many km² is reported as a likely unit error.
/// The largest commune of the 2023 list is about 1,565 km².
pub const MAX_PLAUSIBLE_COMMUNE_KM2: f64 = 2_000.0;
/// A district's area above this many km² is reported; the largest is about 2,810 km².
pub const MAX_PLAUSIBLE_DISTRICT_KM2: f64 = 10_000.0;
/// A province's area above this many km² is reported; the largest is about 16,430 km².
pub const MAX_PLAUSIBLE_PROVINCE_KM2: f64 = 50_000.0;
/// If the median commune area of a file exceeds this many km² (the national
/// median is about 16 km², the largest provincial median about 70 km²), the
/// areas are likely in hectares (×100) and one warning names the column.
pub const MAX_PLAUSIBLE_MEDIAN_COMMUNE_KM2: f64 = 500.0;
/// The median test needs at least this many communes with an area.
const MEDIAN_MIN_COMMUNES: usize = 5;

/// The units read from a file.
pub(crate) struct UnitsRead {
    /// The valid units.
    pub units: Vec<Unit>,
    /// Codes of rows rejected for an error already reported: later checks
    /// (parents, adjacency) stay silent about them instead of calling them unknown.
    pub rejected: HashSet<String>,
}

/// Reads the unit rows of `table`; problems go to `diags`.
///
/// # Complexity
/// O(n log n) for n rows.
pub(crate) fn read_units(table: &Table, diags: &mut Vec<Diagnostic>) -> UnitsRead {
    let mut cells = Cells::new(table);
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
    // code -> line where it first appears
    let mut lines: HashMap<UnitCode, u64> = HashMap::with_capacity(table.rows.len());
    // (line, area) of each commune, for the plausibility check
    let mut areas: Vec<(u64, Level, f64)> = Vec::new();
    let mut rejected: HashSet<String> = table
        .rejected
        .iter()
        .filter_map(|(_, f)| f.get(c_code?).filter(|s| !s.is_empty()).cloned())
        .collect();
    for (line, fields) in &table.rows {
        let row = Row {
            line: *line,
            fields,
        };
        let mut ok = true;
        let Some(code) = cells.text(&row, c_code) else {
            cells.error(
                row.line,
                c_code.unwrap_or(0),
                DiagnosticKind::EmptyValue,
                "empty; expected the unit's GSO code",
            );
            continue;
        };
        let code = UnitCode(code.to_string());
        let level_raw = cells.text(&row, c_level).unwrap_or("");
        let level = Level::parse(level_raw);
        if level.is_none() {
            cells.error(
                row.line,
                c_level.unwrap_or(0),
                DiagnosticKind::InvalidValue,
                format!("'{level_raw}' is not a level; expected province, district or commune"),
            );
            ok = false;
        }
        let kind_raw = cells.text(&row, c_kind).unwrap_or("");
        let kind = UnitKind::parse(kind_raw);
        if kind.is_none() {
            cells.error(row.line, c_kind.unwrap_or(0), DiagnosticKind::InvalidValue,
                format!("'{kind_raw}' is not a kind; expected one of tinh, thanh_pho_tw, huyen, quan, thi_xa, thanh_pho, xa, phuong, thi_tran"));
            ok = false;
        }
        if let (Some(l), Some(k)) = (level, kind)
            && k.level() != l
        {
            cells.error(
                row.line,
                c_kind.unwrap_or(0),
                DiagnosticKind::KindLevelMismatch,
                format!(
                    "'{k}' is a {} kind but the row's level is '{l}'; expected a kind of level {l}",
                    k.level()
                ),
            );
            ok = false;
        }
        let parent = cells.text(&row, c_parent).map(UnitCode::from);
        if parent.is_none() && level.is_some_and(|l| l != Level::Province) {
            cells.error(
                row.line,
                c_parent.unwrap_or(0),
                DiagnosticKind::EmptyValue,
                "empty; expected the parent's code (only a province has no parent)",
            );
            ok = false;
        }
        let area = cells.number(&row, c_area, Sign::NonNegative);
        let population = cells.count(&row, c_pop);
        let attrs = read_attributes(&mut cells, &row);
        if let Some(first) = lines.get(&code) {
            cells.error(
                row.line,
                c_code.unwrap_or(0),
                DiagnosticKind::DuplicateCode,
                format!("'{code}' already appears on line {first}; expected each code once"),
            );
            continue;
        }
        lines.insert(code.clone(), row.line);
        let (true, Some(level), Some(kind)) = (ok, level, kind) else {
            rejected.insert(code.0);
            continue;
        };
        if let Some(a) = area {
            areas.push((row.line, level, a));
        }
        units.push((
            row.line,
            Unit {
                code,
                name: cells.text(&row, c_name).unwrap_or("").to_string(),
                level,
                kind,
                parent_code: parent,
                area_km2: area,
                population,
                region: cells.text(&row, c("region")).map(str::to_string),
                attrs,
            },
        ));
    }
    check_parents(&mut cells, &units, &rejected, c_parent.unwrap_or(0));
    if let Some(c_area) = c_area {
        check_area_units(&mut cells, &areas, c_area);
    }
    diags.extend(cells.finish());
    UnitsRead {
        units: units.into_iter().map(|(_, u)| u).collect(),
        rejected,
    }
}

fn read_attributes(cells: &mut Cells<'_>, row: &Row<'_>) -> Attributes {
    let c = |name: &str| cells.table.col(name);
    let (c_mount, c_basis, c_border) = (c("mountainous"), c("mountainous_basis"), c("land_border"));
    let (c_ethnic, c_island, c_coastal) =
        (c("ethnic_minority_share"), c("island"), c("coastal_poor"));
    let (c_rrd, c_class, c_isolated) = (c("red_river_delta"), c("class"), c("isolated"));
    let (c_1945, c_defense, c_urban) = (
        c("boundary_unchanged_since_1945"),
        c("defense_or_cultural"),
        c("planned_urban"),
    );
    let (c_arranged, c_ready, c_consent) = (c("arranged_in"), c("readiness"), c("consent_share"));
    let (c_growth, c_lat, c_lon) = (c("growth_rate"), c("lat"), c("lon"));
    Attributes {
        mountainous: cells.flag(row, c_mount),
        mountainous_basis: cells.text(row, c_basis).map(str::to_string),
        land_border: cells.flag(row, c_border),
        ethnic_minority_share: cells.share(row, c_ethnic),
        island: cells.flag(row, c_island),
        coastal_poor: cells.flag(row, c_coastal),
        red_river_delta: cells.flag(row, c_rrd),
        class: cells.parsed(row, c_class, UnitClass::parse, "I, II or III"),
        isolated: cells.flag(row, c_isolated),
        boundary_unchanged_since_1945: cells.flag(row, c_1945),
        defense_or_cultural: cells.flag(row, c_defense),
        planned_urban: cells.flag(row, c_urban),
        arranged_in: cells.parsed(row, c_arranged, ArrangedIn::parse, "2019-2021 or 2023-2025"),
        readiness: cells.share(row, c_ready),
        consent_share: cells.share(row, c_consent),
        growth_rate: cells.number(row, c_growth, Sign::Any),
        lat: cells.bounded(row, c_lat, 90.0),
        lon: cells.bounded(row, c_lon, 180.0),
    }
}

/// Every parent must be a code of the file, of the level above.
fn check_parents(
    cells: &mut Cells<'_>,
    units: &[(u64, Unit)],
    rejected: &HashSet<String>,
    c_parent: usize,
) {
    let levels: HashMap<&UnitCode, Level> = units.iter().map(|(_, u)| (&u.code, u.level)).collect();
    for (line, u) in units {
        let line = *line;
        let Some(p) = &u.parent_code else { continue };
        let expected = match u.level {
            Level::Province => None,
            Level::District => Some(Level::Province),
            Level::Commune => Some(Level::District),
        };
        match levels.get(p) {
            None if rejected.contains(p.as_str()) => {} // the parent's row was reported
            None => cells.error(
                line,
                c_parent,
                DiagnosticKind::UnknownParent,
                format!(
                    "'{p}' (parent of '{}') is not a code in this file; expected the code of a {}",
                    u.code,
                    expected.map_or("unit", Level::as_str)
                ),
            ),
            Some(pl) if Some(*pl) != expected => cells.error(
                line,
                c_parent,
                DiagnosticKind::WrongParentLevel,
                format!(
                    "'{p}' is a {pl}; expected a {} as the parent of {} '{}'",
                    expected.map_or("none", Level::as_str),
                    u.level,
                    u.code
                ),
            ),
            Some(_) => {}
        }
    }
}

/// Warns when areas look like hectares: one file-level warning when the
/// median commune area exceeds [`MAX_PLAUSIBLE_MEDIAN_COMMUNE_KM2`], else one
/// warning per unit above its level's maximum.
fn check_area_units(cells: &mut Cells<'_>, areas: &[(u64, Level, f64)], c_area: usize) {
    let mut communes: Vec<f64> = areas
        .iter()
        .filter(|(_, l, _)| *l == Level::Commune)
        .map(|(_, _, a)| *a)
        .collect();
    if communes.len() >= MEDIAN_MIN_COMMUNES {
        communes.sort_by(f64::total_cmp);
        let median = communes[communes.len() / 2];
        if median > MAX_PLAUSIBLE_MEDIAN_COMMUNE_KM2 {
            let line = cells.table.header_line;
            cells.report(line, c_area, Severity::Warning, DiagnosticKind::SuspiciousUnit, format!(
                "the median commune area is {median} km², far above the national median (about 16 km²); the areas look like hectares (1 km² = 100 ha); expected km²"
            ));
            return;
        }
    }
    for (line, level, a) in areas {
        let max = match level {
            Level::Commune => MAX_PLAUSIBLE_COMMUNE_KM2,
            Level::District => MAX_PLAUSIBLE_DISTRICT_KM2,
            Level::Province => MAX_PLAUSIBLE_PROVINCE_KM2,
        };
        if *a > max {
            cells.report(*line, c_area, Severity::Warning, DiagnosticKind::SuspiciousUnit, format!(
                "{a} km² is larger than any {level} in Viet Nam (above {max} km²); expected km², not hectares"
            ));
        }
    }
}
