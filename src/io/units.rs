//! Reading `units.csv` into [`Unit`]s: per-cell checks, duplicate codes, the
//! parent tree, and a plausibility check of areas (hectares instead of km²).

use std::collections::{HashMap, HashSet};

use super::diagnostic::{Diagnostic, DiagnosticKind, Severity};
use super::fields::{Cells, MAX_AREA_KM2, Row, Sign};
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
        if let Err(why) = check_code(code) {
            cells.error(row.line, c_code.unwrap_or(0), DiagnosticKind::BadCode, why);
            rejected.insert(code.to_string());
            continue;
        }
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            cells.report(
                row.line,
                c_code.unwrap_or(0),
                Severity::Warning,
                DiagnosticKind::BadCode,
                format!("'{code}' is not all digits; GSO codes are (accepted)"),
            );
        }
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
        let mut area = cells.number(&row, c_area, Sign::NonNegative);
        if let (Some(a), Some(c)) = (area, c_area)
            && a > MAX_AREA_KM2
        {
            cells.error(
                row.line,
                c,
                DiagnosticKind::Implausible,
                format!("'{a}' km² is larger than any unit; expected at most {MAX_AREA_KM2}"),
            );
            area = None;
            ok = false;
        }
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
        let name = text_nfc(&mut cells, &row, c_name);
        if let (Some(n), Some(col)) = (&name, c_name)
            && crate::io::csv_out::is_formula_like(n)
        {
            cells.report(
                row.line,
                col,
                Severity::Warning,
                DiagnosticKind::FormulaLike,
                format!(
                    "'{n}' starts like a spreadsheet formula; accepted, written with a leading apostrophe in CSV outputs"
                ),
            );
        }
        let region = text_nfc(&mut cells, &row, c("region")).map(|r| {
            match canonical_region(&r) {
                Some(known) => known.to_string(),
                None => {
                    cells.report(
                        row.line,
                        c("region").unwrap_or(0),
                        Severity::Warning,
                        DiagnosticKind::UnknownRegion,
                        format!(
                            "'{r}' is not a known region; expected one of {} (English or Vietnamese): the unit is treated as outside the Red River Delta (no reduced area standard)",
                            KNOWN_REGIONS.iter().map(|(en, _)| *en).collect::<Vec<_>>().join(", ")
                        ),
                    );
                    r
                }
            }
        });
        units.push((
            row.line,
            Unit {
                code,
                name: name.unwrap_or_default(),
                level,
                kind,
                parent_code: parent,
                area_km2: area,
                population,
                region,
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

/// The longest code accepted.
const MAX_CODE_CHARS: usize = 32;

/// Whether `code` can be a unit code: short, and nothing that could name a
/// path or hide in a file name (codes name report sub-folders).
fn check_code(code: &str) -> Result<(), String> {
    if code.chars().count() > MAX_CODE_CHARS {
        let head: String = code.chars().take(16).collect();
        return Err(format!(
            "'{head}…' is longer than {MAX_CODE_CHARS} characters; expected a unit code"
        ));
    }
    if code.starts_with('.')
        || code
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control() || c.is_whitespace())
    {
        return Err(format!(
            "'{}' could name a path (a '/', '\\', space, control character or leading '.'); expected a unit code",
            code.escape_debug()
        ));
    }
    Ok(())
}

/// The text of `col`, in Unicode NFC (names typed on some systems arrive
/// decomposed: `Phường` as `Phu` + combining marks, which then did not match
/// the kind prefix and gave "Phường Phường …"); a warning when it was not.
fn text_nfc(cells: &mut Cells<'_>, row: &Row<'_>, col: Option<usize>) -> Option<String> {
    use unicode_normalization::{UnicodeNormalization, is_nfc};
    let t = cells.text(row, col)?;
    if is_nfc(t) {
        return Some(t.to_string());
    }
    let n: String = t.nfc().collect();
    cells.report(
        row.line,
        col.unwrap_or(0),
        Severity::Warning,
        DiagnosticKind::NotNfc,
        format!("'{n}' was written with decomposed diacritics; normalised to NFC (accepted)"),
    );
    Some(n)
}

/// The eight socio-economic regions: the English name reorg stores, and the
/// Vietnamese name.
pub const KNOWN_REGIONS: [(&str, &str); 8] = [
    ("Red River Delta", "Đồng bằng sông Hồng"),
    ("Northeast", "Đông Bắc Bộ"),
    ("Northwest", "Tây Bắc Bộ"),
    ("North Central Coast", "Bắc Trung Bộ"),
    ("South Central Coast", "Duyên hải Nam Trung Bộ"),
    ("Central Highlands", "Tây Nguyên"),
    ("Southeast", "Đông Nam Bộ"),
    ("Mekong River Delta", "Đồng bằng sông Cửu Long"),
];

/// `s` lower-cased, without diacritics, spaces or punctuation (`Đồng bằng
/// sông Hồng` → `dongbangsonghong`).
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The English name of region `s`, given in English or Vietnamese, with or
/// without diacritics, in any case (`Đồng bằng sông Hồng`, `dong bang song
/// hong`, `RED RIVER DELTA` → `Red River Delta`; also the short Vietnamese
/// forms `Đông Bắc`, `Tây Bắc`, `Nam Trung Bộ`, `ĐBSH`, `ĐBSCL`).
///
/// # Complexity
/// O(length).
pub fn canonical_region(s: &str) -> Option<&'static str> {
    let f = fold(s);
    let extra: [(&str, &str); 6] = [
        ("dongbac", "Northeast"),
        ("taybac", "Northwest"),
        ("namtrungbo", "South Central Coast"),
        ("dbsh", "Red River Delta"),
        ("dbscl", "Mekong River Delta"),
        ("mekongdelta", "Mekong River Delta"),
    ];
    KNOWN_REGIONS
        .iter()
        .find(|(en, vi)| fold(en) == f || fold(vi) == f)
        .map(|(en, _)| *en)
        .or_else(|| extra.iter().find(|(k, _)| *k == f).map(|(_, en)| *en))
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
        consultation: super::consultation::read_cells(
            cells,
            row,
            &super::consultation::ConsultationCols::of(cells.table, "consultation_date"),
        ),
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
    check_parent_kinds(cells, units, c_parent);
}

/// Hiến pháp 2013 Điều 110 khoản 1 (docs/legal-basis.md §2.11): a quận
/// holds phường only; a thị xã or thành phố phường and xã; a huyện xã and
/// thị trấn. A commune of another kind is an error (a phường under a huyện
/// passed `check`).
fn check_parent_kinds(cells: &mut Cells<'_>, units: &[(u64, Unit)], c_parent: usize) {
    use crate::model::UnitKind as K;
    let kinds: HashMap<&UnitCode, UnitKind> =
        units.iter().map(|(_, u)| (&u.code, u.kind)).collect();
    for (line, u) in units.iter().filter(|(_, u)| u.level == Level::Commune) {
        let Some(pk) = u.parent_code.as_ref().and_then(|p| kinds.get(p)) else {
            continue;
        };
        let allowed: &[K] = match pk {
            K::Quan => &[K::Phuong],
            K::ThiXa | K::ThanhPho => &[K::Phuong, K::Xa],
            K::Huyen => &[K::Xa, K::ThiTran],
            _ => continue,
        };
        if !allowed.contains(&u.kind) {
            let names: Vec<&str> = allowed.iter().map(|k| k.label_vi()).collect();
            cells.error(
                *line,
                c_parent,
                DiagnosticKind::ParentKind,
                format!(
                    "'{}' is a {} under a {} ('{}'); expected what a {} holds: {} only (Hiến pháp 2013 Điều 110)",
                    u.code,
                    u.kind.label_vi(),
                    pk.label_vi(),
                    u.parent_code.as_ref().map_or("", UnitCode::as_str),
                    pk.label_vi(),
                    names.join(" and ")
                ),
            );
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
