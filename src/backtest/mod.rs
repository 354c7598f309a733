//! Backtesting a plan against the merges that were actually decided.
//!
//! The 2019–2021 round (NQ 653/2019/UBTVQH14) is recorded in
//! `data/vn/backtest/merges_2019_2021.csv`: one row per old unit that
//! disappeared or changed. This module turns it into *actual groups* (the old
//! units whose territory went to the same new unit) and scores predicted
//! groups against them.
//!
//! How actual groups are formed from the file:
//! - a row with `change` = `merged_into` or `absorbed`, or with `absorbed`
//!   among `other_changes`, puts `old_code` in the group of `new_code`;
//! - a unit that was `split` belongs to the group of the new unit that took
//!   its largest `area_share` (first row on ties);
//! - only groups of two or more old units count as merges.
//!
//! Metrics, per level, nationally and per province:
//! - unit precision / recall of "this unit disappears or absorbs another"
//!   (= belongs to a group of two or more);
//! - the share of actual groups reproduced exactly (same member set);
//! - pairwise co-membership precision, recall and F1 (pairs of units placed
//!   in the same group).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use thiserror::Error;

use crate::io::{Diagnostic, DiagnosticKind, Severity};
use crate::model::{Dataset, Level, UnitCode};
use crate::rules::RuleSet;

pub mod calibrate;

/// The actual-merges file could not be read.
#[derive(Debug, Error)]
pub enum BacktestError {
    /// A problem in the file, with its position.
    #[error("{0}")]
    Input(Diagnostic),
}

/// One group of old units that became one new unit.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ActualGroup {
    /// Level of the old units.
    pub level: Level,
    /// The new unit's code.
    pub new_code: UnitCode,
    /// The old units, sorted.
    pub members: Vec<UnitCode>,
}

/// The change kinds of the format (the loader's convention: anything else
/// is an error naming line and column, never silently dropped).
pub const CHANGE_KINDS: [&str; 7] = [
    "merged_into",
    "absorbed",
    "split",
    "renamed",
    "dissolved",
    "type_changed",
    "moved_district",
];

const REQUIRED: [&str; 6] = [
    "old_code",
    "old_level",
    "new_code",
    "change",
    "other_changes",
    "area_share",
];

/// Reads the actual merges of a round (format of `merges_2019_2021.csv`).
///
/// # Errors
/// [`BacktestError::Input`] naming file, line and column for unreadable
/// files, missing columns and bad values.
///
/// # Complexity
/// O(r log r) for r rows.
pub fn read_actual(path: &Path) -> Result<Vec<ActualGroup>, BacktestError> {
    let bytes =
        crate::io::read::read_capped(path, crate::io::read::MAX_CSV_BYTES).map_err(|e| {
            BacktestError::Input(Diagnostic {
                also: 0,
                file: path.to_path_buf(),
                line: 0,
                column: 0,
                severity: Severity::Error,
                kind: DiagnosticKind::Io,
                message: format!("cannot read: {e}"),
            })
        })?;
    read_actual_bytes(path, &bytes)
}

/// [`read_actual`] of a file held in memory (an upload to `reorg serve`):
/// `path` only names it in messages; nothing is opened.
///
/// # Errors
/// [`BacktestError::Input`] naming `path`, line and column for missing
/// columns and bad values.
///
/// # Complexity
/// O(r log r) for r rows.
pub fn read_actual_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<ActualGroup>, BacktestError> {
    let err = |line: u64, column: usize, kind, message: String| {
        BacktestError::Input(Diagnostic {
            also: 0,
            file: path.to_path_buf(),
            line,
            column,
            severity: Severity::Error,
            kind,
            message,
        })
    };
    let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
    let header = rdr
        .headers()
        .map_err(|e| err(1, 0, DiagnosticKind::Malformed, e.to_string()))?
        .clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}') == name)
    };
    let mut idx = [0usize; 6];
    for (i, name) in REQUIRED.iter().enumerate() {
        idx[i] = col(name).ok_or_else(|| {
            err(
                1,
                0,
                DiagnosticKind::MissingColumn,
                format!("required column '{name}' is missing"),
            )
        })?;
    }
    let [c_old, c_level, c_new, c_change, c_other, c_share] = idx;
    // (level, old) -> (new, share) for the destination of each old unit.
    let mut dest: BTreeMap<(Level, UnitCode), (UnitCode, f64)> = BTreeMap::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            err(line, 0, DiagnosticKind::Malformed, e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        let get = |c: usize| rec.get(c).unwrap_or("").trim();
        let level = Level::parse(get(c_level)).ok_or_else(|| {
            err(
                line,
                c_level + 1,
                DiagnosticKind::InvalidValue,
                format!("old_level '{}': expected district or commune", get(c_level)),
            )
        })?;
        let change = get(c_change);
        if !CHANGE_KINDS.contains(&change) {
            return Err(err(
                line,
                c_change + 1,
                DiagnosticKind::InvalidValue,
                format!(
                    "change '{change}': expected one of {}",
                    CHANGE_KINDS.join(", ")
                ),
            ));
        }
        if let Some(bad) = get(c_other)
            .split('|')
            .find(|c| !c.is_empty() && !CHANGE_KINDS.contains(c))
        {
            return Err(err(
                line,
                c_other + 1,
                DiagnosticKind::InvalidValue,
                format!(
                    "other_changes '{bad}': expected kinds among {} separated by |",
                    CHANGE_KINDS.join(", ")
                ),
            ));
        }
        let absorbed = change == "merged_into"
            || change == "absorbed"
            || get(c_other).split('|').any(|c| c == "absorbed");
        let new = get(c_new);
        if new.is_empty() {
            continue;
        }
        let share = if change == "split" {
            let raw = get(c_share);
            raw.parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && (0.0..=1.0).contains(s))
                .ok_or_else(|| {
                    err(
                        line,
                        c_share + 1,
                        DiagnosticKind::NotANumber,
                        format!("area_share '{raw}' of a split row: expected a number 0–1"),
                    )
                })?
        } else if absorbed {
            2.0 // wins over any split share
        } else {
            continue;
        };
        let key = (level, UnitCode::from(get(c_old)));
        match dest.get(&key) {
            Some((_, s)) if *s >= share => {}
            _ => {
                dest.insert(key, (UnitCode::from(new), share));
            }
        }
    }
    let mut groups: BTreeMap<(Level, UnitCode), BTreeSet<UnitCode>> = BTreeMap::new();
    for ((level, old), (new, _)) in dest {
        groups.entry((level, new)).or_default().insert(old);
    }
    Ok(groups
        .into_iter()
        .filter(|(_, m)| m.len() >= 2)
        .map(|((level, new_code), m)| ActualGroup {
            level,
            new_code,
            members: m.into_iter().collect(),
        })
        .collect())
}

/// Scores for one level in one area (the nation or a province).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scores {
    /// Units in a predicted group of two or more.
    pub predicted_units: usize,
    /// Units in an actual group of two or more.
    pub actual_units: usize,
    /// Units in both.
    pub common_units: usize,
    /// Actual groups.
    pub actual_groups: usize,
    /// Predicted groups.
    pub predicted_groups: usize,
    /// Actual groups reproduced exactly by a predicted group.
    pub exact_groups: usize,
    /// Co-member pairs predicted.
    pub predicted_pairs: usize,
    /// Co-member pairs actual.
    pub actual_pairs: usize,
    /// Co-member pairs in both.
    pub common_pairs: usize,
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

impl Scores {
    /// Unit precision: of the units the plan touches, the share really touched.
    pub fn unit_precision(&self) -> Option<f64> {
        ratio(self.common_units, self.predicted_units)
    }
    /// Unit recall: of the units really touched, the share the plan touches.
    pub fn unit_recall(&self) -> Option<f64> {
        ratio(self.common_units, self.actual_units)
    }
    /// Share of actual groups reproduced exactly.
    pub fn exact_share(&self) -> Option<f64> {
        ratio(self.exact_groups, self.actual_groups)
    }
    /// Pairwise co-membership precision.
    pub fn pair_precision(&self) -> Option<f64> {
        ratio(self.common_pairs, self.predicted_pairs)
    }
    /// Pairwise co-membership recall.
    pub fn pair_recall(&self) -> Option<f64> {
        ratio(self.common_pairs, self.actual_pairs)
    }
    /// Pairwise co-membership F1 (harmonic mean of the two).
    pub fn pair_f1(&self) -> Option<f64> {
        let (p, r) = (self.pair_precision()?, self.pair_recall()?);
        (p + r > 0.0).then(|| 2.0 * p * r / (p + r))
    }
}

fn pairs(groups: &[&[UnitCode]]) -> BTreeSet<(UnitCode, UnitCode)> {
    let mut out = BTreeSet::new();
    for g in groups {
        for (i, a) in g.iter().enumerate() {
            for b in &g[i + 1..] {
                let p = if a < b {
                    (a.clone(), b.clone())
                } else {
                    (b.clone(), a.clone())
                };
                out.insert(p);
            }
        }
    }
    out
}

/// Scores predicted groups against actual groups (both of one level).
///
/// # Complexity
/// O(Σ|g|² log) over groups g (pairs are enumerated).
pub fn score(predicted: &[Vec<UnitCode>], actual: &[Vec<UnitCode>]) -> Scores {
    let norm = |gs: &[Vec<UnitCode>]| -> Vec<Vec<UnitCode>> {
        gs.iter()
            .filter(|g| g.len() >= 2)
            .map(|g| {
                let mut g = g.clone();
                g.sort();
                g.dedup();
                g
            })
            .collect()
    };
    let (p, a) = (norm(predicted), norm(actual));
    let pu: BTreeSet<&UnitCode> = p.iter().flatten().collect();
    let au: BTreeSet<&UnitCode> = a.iter().flatten().collect();
    let pset: BTreeSet<&Vec<UnitCode>> = p.iter().collect();
    let pp = pairs(&p.iter().map(Vec::as_slice).collect::<Vec<_>>());
    let ap = pairs(&a.iter().map(Vec::as_slice).collect::<Vec<_>>());
    Scores {
        predicted_units: pu.len(),
        actual_units: au.len(),
        common_units: pu.intersection(&au).count(),
        actual_groups: a.len(),
        predicted_groups: p.len(),
        exact_groups: a.iter().filter(|g| pset.contains(g)).count(),
        predicted_pairs: pp.len(),
        actual_pairs: ap.len(),
        common_pairs: pp.intersection(&ap).count(),
    }
}

/// Scores nationally and per province: groups are assigned to the province of
/// their first member by `province_of` (groups whose province is unknown only
/// count nationally).
pub fn score_by_province(
    predicted: &[Vec<UnitCode>],
    actual: &[Vec<UnitCode>],
    province_of: impl Fn(&UnitCode) -> Option<UnitCode>,
) -> (Scores, BTreeMap<UnitCode, Scores>) {
    let national = score(predicted, actual);
    type Sides = (Vec<Vec<UnitCode>>, Vec<Vec<UnitCode>>);
    let mut split: HashMap<UnitCode, Sides> = HashMap::new();
    for (side, groups) in [(0, predicted), (1, actual)] {
        for g in groups {
            if let Some(p) = g.first().and_then(&province_of) {
                let e = split.entry(p).or_default();
                if side == 0 {
                    e.0.push(g.clone());
                } else {
                    e.1.push(g.clone());
                }
            }
        }
    }
    let per = split
        .into_iter()
        .map(|(p, (pr, ac))| (p, score(&pr, &ac)))
        .collect();
    (national, per)
}

/// The members of `actual` groups that were below their standard at the
/// round's start (status mandatory or below standard in the rule set's first
/// phase): the "targets given" list of `reorg backtest`, which isolates
/// partner choice from the choice of units to arrange.
///
/// # Complexity
/// One assessment of the dataset, O(n) for n units, plus O(m log m) for m members.
pub fn below_standard_members(
    ds: &Dataset,
    rules: &RuleSet,
    actual: &[ActualGroup],
) -> Vec<UnitCode> {
    use crate::assess::{Status, assess_dataset};
    let first = rules.phases().first().copied();
    let below: BTreeSet<UnitCode> = assess_dataset(rules, ds, None)
        .into_iter()
        .filter(|a| Some(a.phase) == first)
        .filter(|a| matches!(a.status, Status::Mandatory | Status::BelowStandard))
        .map(|a| a.code)
        .collect();
    let members: BTreeSet<&UnitCode> = actual.iter().flat_map(|g| &g.members).collect();
    members
        .into_iter()
        .filter(|c| below.contains(*c))
        .cloned()
        .collect()
}

/// The province of the unit `code` of `ds`, if known.
pub fn province_of(ds: &Dataset, code: &UnitCode) -> Option<UnitCode> {
    ds.id_of(code)
        .and_then(|id| ds.province_of(id))
        .map(|p| ds.unit(p).code.clone())
}

/// Scores `predicted` against `actual`, keeping only groups whose first
/// member lies in one of `provinces` (all groups when `None`).
///
/// # Complexity
/// As [`score`], plus one province look-up per group.
pub fn score_in(
    ds: &Dataset,
    predicted: &[Vec<UnitCode>],
    actual: &[Vec<UnitCode>],
    provinces: Option<&BTreeSet<UnitCode>>,
) -> Scores {
    let keep = |g: &&Vec<UnitCode>| {
        provinces.is_none_or(|ps| {
            g.first()
                .and_then(|c| province_of(ds, c))
                .is_some_and(|p| ps.contains(&p))
        })
    };
    let p: Vec<Vec<UnitCode>> = predicted.iter().filter(keep).cloned().collect();
    let a: Vec<Vec<UnitCode>> = actual.iter().filter(keep).cloned().collect();
    score(&p, &a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(codes: &[&str]) -> Vec<UnitCode> {
        codes.iter().map(|c| UnitCode::from(*c)).collect()
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let a = vec![g(&["1", "2"]), g(&["3", "4", "5"])];
        let s = score(&a, &a);
        assert_eq!(s.exact_share(), Some(1.0));
        assert_eq!(s.pair_f1(), Some(1.0));
        assert_eq!(s.unit_recall(), Some(1.0));
    }

    #[test]
    fn partial_prediction_counts_pairs_and_units() {
        let actual = vec![g(&["1", "2", "3"])];
        let predicted = vec![g(&["2", "1"]), g(&["8", "9"])];
        let s = score(&predicted, &actual);
        assert_eq!(
            (s.predicted_units, s.actual_units, s.common_units),
            (4, 3, 2)
        );
        assert_eq!(s.exact_groups, 0);
        assert_eq!(
            (s.predicted_pairs, s.actual_pairs, s.common_pairs),
            (2, 3, 1)
        );
        let f1 = s.pair_f1().unwrap();
        assert!((f1 - 2.0 * 0.5 * (1.0 / 3.0) / (0.5 + 1.0 / 3.0)).abs() < 1e-12);
    }

    #[test]
    fn singletons_are_not_merges() {
        let s = score(&[g(&["1"])], &[g(&["1", "2"])]);
        assert_eq!(s.predicted_units, 0);
        assert_eq!(s.unit_precision(), None);
    }

    #[test]
    fn actual_groups_from_file_follow_largest_split_share() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        std::fs::write(
            &p,
            "old_code,old_level,new_code,change,other_changes,area_share\n\
             A,commune,B,merged_into,,\n\
             B,commune,B,absorbed,,\n\
             C,commune,B,split,,0.7\n\
             C,commune,D,split,,0.3\n\
             D,commune,D,renamed,absorbed,\n\
             E,commune,,dissolved,,\n\
             F,commune,F,type_changed,,\n",
        )
        .unwrap();
        let groups = read_actual(&p).unwrap();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, g(&["A", "B", "C"]));
    }

    /// Issue #18: unknown change kinds were dropped and NaN shares accepted.
    #[test]
    fn unknown_kinds_and_nan_shares_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        for (body, at) in [
            ("A,commune,B,merged,,\n", "m.csv:2:4"),
            ("A,commune,B,split,,NaN\n", "m.csv:2:6"),
            ("A,commune,B,split,,1.5\n", "m.csv:2:6"),
            ("A,commune,B,renamed,absorbd,\n", "m.csv:2:5"),
        ] {
            std::fs::write(
                &p,
                format!("old_code,old_level,new_code,change,other_changes,area_share\n{body}"),
            )
            .unwrap();
            let e = read_actual(&p).unwrap_err().to_string();
            assert!(e.contains(at), "{body}: {e}");
        }
    }

    #[test]
    fn bad_share_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("m.csv");
        std::fs::write(
            &p,
            "old_code,old_level,new_code,change,other_changes,area_share\nA,commune,B,split,,x\n",
        )
        .unwrap();
        let e = read_actual(&p).unwrap_err().to_string();
        assert!(e.contains("m.csv:2:6"), "{e}");
    }

    #[test]
    fn shipped_file_has_the_documented_round() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/backtest/merges_2019_2021.csv");
        let groups = read_actual(&path).unwrap();
        let districts: Vec<_> = groups
            .iter()
            .filter(|g| g.level == Level::District)
            .collect();
        // README of the data: 8 districts disappeared, into 6 receiving districts
        // (Thủ Đức city took two quận); Trà Lĩnh was split (90% to Trùng Khánh).
        let gone: usize = districts.iter().map(|g| g.members.len() - 1).sum();
        assert!(gone >= 7, "{districts:?}");
        assert!(groups.iter().all(|g| g.members.len() >= 2));
    }
}
