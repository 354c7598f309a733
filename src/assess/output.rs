//! Writing assessments: the per-unit CSV (atomic) and count tables.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thiserror::Error;

use super::{Assessment, Status};
use serde::Serialize;

use crate::io::output::{OutputError, write_file_atomic};
use crate::io::rows::{encode_rows, header, joined};
use crate::lang::Lang;
use crate::model::{Dataset, Level, Phase, Unit};

/// An error while writing assessment output.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum AssessError {
    /// Writing or renaming the file failed.
    #[error("{}: cannot write: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The CSV encoder failed.
    #[error("{}: cannot encode CSV: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The encoder's message.
        message: String,
    },
}

fn ratio(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format!("{x:.4}"))
}

fn number(v: f64) -> String {
    // Standards are whole persons or km² with at most a few decimals.
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

fn opt_bool(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

/// One row of the assessment CSV: a unit in a phase, with the standard
/// applied and the unit's own figures. The header is the field names.
#[derive(Debug, Default, Serialize)]
struct AssessRow<'a> {
    code: &'a str,
    level: &'a str,
    phase: &'a str,
    status: &'a str,
    rule: &'a str,
    area_ratio: String,
    population_ratio: String,
    assumptions: String,
    name: &'a str,
    parent_code: &'a str,
    kind: &'a str,
    criterion: &'a str,
    standard_id: &'a str,
    area_standard_km2: String,
    population_standard: String,
    area_km2: String,
    population: Option<u64>,
    area_reduction: &'a str,
    population_reduction: &'a str,
    mountainous: &'a str,
    mountainous_basis: &'a str,
    land_border: &'a str,
    tag: &'a str,
    area_source: &'a str,
    population_source: &'a str,
}

impl<'a> AssessRow<'a> {
    fn new(a: &'a Assessment, unit: Option<&'a Unit>, lang: Lang) -> Self {
        AssessRow {
            code: a.code.as_str(),
            level: a.level.as_str(),
            phase: a.phase.as_str(),
            status: a.status.as_str(),
            rule: a.rule.as_deref().unwrap_or_default(),
            area_ratio: ratio(a.area_ratio),
            population_ratio: ratio(a.population_ratio),
            assumptions: joined(a.notes.iter().map(|n| n.text(lang)), "; "),
            name: unit.map_or("", |u| u.name.as_str()),
            parent_code: unit
                .and_then(|u| u.parent_code.as_ref())
                .map_or("", |c| c.as_str()),
            kind: a.kind.as_str(),
            criterion: a.criterion.as_deref().unwrap_or_default(),
            standard_id: &a.standard.id,
            area_standard_km2: number(a.standard.area_km2),
            population_standard: number(a.standard.population),
            area_km2: unit
                .and_then(|u| u.area_km2)
                .map(number)
                .unwrap_or_default(),
            population: unit.and_then(|u| u.population),
            area_reduction: a.standard.area_reduction.as_deref().unwrap_or_default(),
            population_reduction: a
                .standard
                .population_reduction
                .as_deref()
                .unwrap_or_default(),
            mountainous: opt_bool(unit.and_then(|u| u.attrs.mountainous)),
            mountainous_basis: a.mountainous_basis.as_deref().unwrap_or_default(),
            land_border: opt_bool(unit.and_then(|u| u.attrs.land_border)),
            tag: a.tag.as_str(),
            area_source: &a.standard.area_source,
            population_source: &a.standard.population_source,
        }
    }
}

/// The columns of the assessment CSV, in order (from its row type).
pub fn csv_header() -> Vec<String> {
    header::<AssessRow<'_>>()
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

/// Encodes the assessments as CSV bytes (columns [`csv_header`]); `ds` gives
/// names, parents and the unit values. Assumptions are in `lang`, joined by `; `.
///
/// # Errors
/// [`AssessError::Csv`] if encoding fails (`path` only names the target).
///
/// # Complexity
/// O(n) for n assessments.
pub fn encode_csv(
    ds: &Dataset,
    rows: &[Assessment],
    lang: Lang,
    path: &Path,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, AssessError> {
    encode_rows(
        rows.iter()
            .map(|a| AssessRow::new(a, ds.get(a.code.as_str()), lang)),
        style,
    )
    .map_err(|e| AssessError::Csv {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}

/// Writes the assessment CSV to `path` atomically: the bytes go to a
/// temporary file in the same folder, which is then renamed over `path`, so
/// a reader never sees a half-written file.
///
/// # Errors
/// [`AssessError::Io`] or [`AssessError::Csv`]; the temporary file is removed.
///
/// # Complexity
/// O(n) for n assessments.
pub fn write_csv(
    path: &Path,
    ds: &Dataset,
    rows: &[Assessment],
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<(), AssessError> {
    let bytes = encode_csv(ds, rows, lang, path, style)?;
    write_file_atomic(path, &bytes).map_err(|e| AssessError::Io {
        path: path.to_path_buf(),
        source: match e {
            OutputError::Io { source, .. } => source,
            other => std::io::Error::other(other.to_string()),
        },
    })
}

/// Counts of assessments per level, phase and status, and per criterion that
/// held (whether exempt or not).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// `(level, phase, status) → count`.
    pub by_status: BTreeMap<(Level, Phase, Status), usize>,
    /// `(level, phase, criterion id) → count` of units where the criterion held
    /// (first criterion in order), exempt or not.
    pub by_criterion: BTreeMap<(Level, Phase, String), usize>,
    /// `(level, phase, exemption id) → count` of exempt units.
    pub by_exemption: BTreeMap<(Level, Phase, String), usize>,
}

/// Counts `rows`.
///
/// # Complexity
/// O(n log k) for n rows and k distinct keys.
pub fn summarize(rows: &[Assessment]) -> Summary {
    let mut s = Summary::default();
    for a in rows {
        *s.by_status.entry((a.level, a.phase, a.status)).or_default() += 1;
        if let Some(c) = &a.criterion {
            *s.by_criterion
                .entry((a.level, a.phase, c.clone()))
                .or_default() += 1;
        }
        if a.status == Status::Exempt
            && let Some(e) = &a.rule
        {
            *s.by_exemption
                .entry((a.level, a.phase, e.clone()))
                .or_default() += 1;
        }
    }
    s
}

fn level_label(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Province, Lang::Vi) => "Cấp tỉnh",
        (Level::District, Lang::Vi) => "Cấp huyện",
        (Level::Commune, Lang::Vi) => "Cấp xã",
        (l, Lang::En) => l.as_str(),
    }
}

fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(s.chars().count())))
}

fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(s.chars().count())))
}

impl Summary {
    /// The counts as aligned text tables in `lang`: one row per level and
    /// phase with a column per status and a total; then the criteria and
    /// exemptions that applied.
    pub fn render(&self, lang: Lang) -> String {
        let mut keys: Vec<(Level, Phase)> =
            self.by_status.keys().map(|(l, p, _)| (*l, *p)).collect();
        keys.dedup();
        let mut header: Vec<String> = vec![
            lang.pick("Cấp", "Level").to_string(),
            lang.pick("Giai đoạn", "Phase").to_string(),
        ];
        header.extend(Status::ALL.iter().map(|s| s.label(lang).to_string()));
        header.push(lang.pick("Tổng", "Total").to_string());
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (level, phase) in &keys {
            let mut row = vec![
                level_label(*level, lang).to_string(),
                phase.as_str().to_string(),
            ];
            let mut total = 0;
            for st in Status::ALL {
                let n = self
                    .by_status
                    .get(&(*level, *phase, st))
                    .copied()
                    .unwrap_or(0);
                total += n;
                row.push(n.to_string());
            }
            row.push(total.to_string());
            rows.push(row);
        }
        let mut out = table(&header, &rows, 2);
        let mut crit: Vec<Vec<String>> = Vec::new();
        for ((level, phase, id), n) in &self.by_criterion {
            crit.push(vec![
                level_label(*level, lang).to_string(),
                phase.as_str().to_string(),
                id.clone(),
                n.to_string(),
            ]);
        }
        if !crit.is_empty() {
            out.push('\n');
            out.push_str(lang.pick(
                "Tiêu chí áp dụng (tiêu chí đầu tiên thỏa mãn, kể cả đơn vị được miễn):\n",
                "Criteria that hold (first criterion in order, exempt units included):\n",
            ));
            let h = [
                lang.pick("Cấp", "Level").to_string(),
                lang.pick("Giai đoạn", "Phase").to_string(),
                lang.pick("Tiêu chí", "Criterion").to_string(),
                lang.pick("Số đơn vị", "Units").to_string(),
            ];
            out.push_str(&table(&h, &crit, 3));
        }
        let mut ex: Vec<Vec<String>> = Vec::new();
        for ((level, phase, id), n) in &self.by_exemption {
            ex.push(vec![
                level_label(*level, lang).to_string(),
                phase.as_str().to_string(),
                id.clone(),
                n.to_string(),
            ]);
        }
        if !ex.is_empty() {
            out.push('\n');
            out.push_str(lang.pick("Trường hợp được miễn:\n", "Exemptions applied:\n"));
            let h = [
                lang.pick("Cấp", "Level").to_string(),
                lang.pick("Giai đoạn", "Phase").to_string(),
                lang.pick("Miễn trừ", "Exemption").to_string(),
                lang.pick("Số đơn vị", "Units").to_string(),
            ];
            out.push_str(&table(&h, &ex, 3));
        }
        out
    }
}

/// Aligned table: the first `text_cols` columns left-aligned, the rest right-aligned.
fn table(header: &[String], rows: &[Vec<String>], text_cols: usize) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut l = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                l.push_str("  ");
            }
            if i < text_cols {
                l.push_str(&pad_right(c, *w));
            } else {
                l.push_str(&pad_left(c, *w));
            }
        }
        l.trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(header));
    let total = widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1);
    let _ = writeln!(out, "{}", "-".repeat(total));
    for r in rows {
        let _ = writeln!(out, "{}", line(r));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess_unit;
    use crate::model::{Attributes, Unit, UnitCode, UnitKind};
    use crate::rules::RuleSet;

    fn xa(code: &str, area: Option<f64>, pop: u64) -> Unit {
        Unit {
            code: UnitCode::from(code),
            name: format!("Xã {code}"),
            level: Level::Commune,
            kind: UnitKind::Xa,
            parent_code: Some(UnitCode::from("001")),
            area_km2: area,
            population: Some(pop),
            region: Some("Southeast".into()),
            attrs: Attributes {
                mountainous: Some(false),
                land_border: Some(false),
                ..Attributes::default()
            },
        }
    }

    #[test]
    fn summary_counts_statuses_and_criteria() {
        let rules = RuleSet::builtin("nq35-2023").expect("built-in set loads");
        let units = [
            xa("00001", Some(3.0), 2000),
            xa("00002", Some(40.0), 9000),
            xa("00003", None, 9000),
        ];
        let mut rows = Vec::new();
        for u in &units {
            for p in rules.phases() {
                rows.push(assess_unit(&rules, u, Some(UnitKind::Huyen), *p));
            }
        }
        let s = summarize(&rows);
        let p1 = Phase::Phase2023To2025;
        assert_eq!(s.by_status[&(Level::Commune, p1, Status::Mandatory)], 1);
        assert_eq!(s.by_status[&(Level::Commune, p1, Status::MeetsStandard)], 1);
        assert_eq!(s.by_status[&(Level::Commune, p1, Status::Unknown)], 1);
        assert_eq!(s.by_criterion[&(Level::Commune, p1, "M1".to_string())], 1);
        let text = s.render(Lang::En);
        assert!(text.contains("Mandatory") && text.contains("M4"), "{text}");
    }

    #[test]
    fn numbers_are_printed_without_trailing_zeros() {
        assert_eq!(number(5.5), "5.5");
        assert_eq!(number(15000.0), "15000");
        assert_eq!(ratio(Some(0.123456)), "0.1235");
        assert_eq!(ratio(None), "");
    }
}
