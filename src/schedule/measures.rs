//! Stability measures of a plan ("bảo đảm ổn định chính trị - xã hội, không gây
//! xáo trộn xã hội lớn"): how many units and people a plan touches, per plan,
//! per phase and per year.
//!
//! Definitions (each one is a column of `stability.csv`):
//! - *units touched*: members of all merge groups;
//! - *units disappearing*: members − groups (each merge leaves one unit);
//! - *people whose unit changes*: the population of every member except the
//!   receiving unit, i.e. the member whose name the new unit keeps
//!   ([`MeasureMember::keeps_name`]); if no member is marked, the most populous
//!   member (ties: smallest code) is taken as receiving, since NQ 35/2023
//!   Điều 6 recommends keeping one of the old names. Members of unknown
//!   population are counted apart, so the figure is then a lower bound.
//!   Each person is counted once per scope (year, phase): a commune member
//!   whose district ([`MeasureMember::district`]) is itself absorbed by a
//!   district merge of the same scope is already counted in that district's
//!   population and is not counted again. The total is the sum of the phases
//!   (a person touched in both phases counts once in each);
//! - *non-target units pulled in*: members that are not themselves required to
//!   be arranged ("đơn vị liền kề");
//! - *groups of 3 or more* members;
//! - *largest new unit*: the largest `max(area_ratio, population_ratio)` of a
//!   new unit, i.e. its size as a multiple of its standard;
//! - *new units below standard*: groups with `meets_standard == false`;
//! - *low consent*: groups with a member whose share of voters in favour is not
//!   a majority (≤ 50%, [`MAJORITY_SHARE`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Serialize;
use thiserror::Error;

use crate::io::rows::{joined, write_rows};
use crate::model::{Level, Phase, UnitCode};

/// A merge needs more than this share of voters in favour in each member
/// (voter consultation, "lấy ý kiến cử tri"; NQ 35/2023 Điều 6 asks to respect
/// "ý kiến của đa số cử tri" for naming \[V\] docs/legal-basis.md §2.7; the majority rule of
/// the consultation on the merge itself, Luật Tổ chức chính quyền địa
/// phương, is not quoted in the sources: tag \[U\]). Exactly 50% is not a majority.
pub const MAJORITY_SHARE: f64 = 0.5;

/// One member unit of a merge group.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureMember {
    /// Code of the member unit.
    pub code: UnitCode,
    /// Its population, if known.
    pub population: Option<u64>,
    /// Whether the unit itself is required to be arranged in the phase.
    pub is_target: bool,
    /// Whether the new unit keeps this member's name (the receiving unit).
    pub keeps_name: bool,
    /// Share of the member's voters in favour, 0–1, if consulted.
    pub consent_share: Option<f64>,
    /// For a commune member: its district at the start of the phase (before
    /// the phase's district merges), if known. Used to count the people of a
    /// commune inside an absorbed district once.
    pub district: Option<UnitCode>,
}

/// One merge group, filled by the caller from the plan and the schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct MeasureInput {
    /// The group id.
    pub group_id: String,
    /// Its phase.
    pub phase: Phase,
    /// Its effective year.
    pub year: u16,
    /// The level of its members (district or commune merge).
    pub level: Level,
    /// Its members.
    pub members: Vec<MeasureMember>,
    /// Area of the new unit / its area standard, if known.
    pub area_ratio: Option<f64>,
    /// Population of the new unit / its population standard, if known.
    pub population_ratio: Option<f64>,
    /// Whether the new unit meets both standards.
    pub meets_standard: bool,
}

/// A group flagged for low consent.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentFlag {
    /// The group.
    pub group_id: String,
    /// Its members without a majority in favour, with their share.
    pub members: Vec<(UnitCode, f64)>,
}

/// The measures of a set of groups.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Measures {
    /// Number of merge groups.
    pub groups: u32,
    /// Member units of all groups.
    pub units_touched: u32,
    /// Units that cease to exist (members − groups).
    pub units_disappearing: u32,
    /// People whose unit changes (known populations only), each person once.
    pub people_changing_unit: u64,
    /// People of commune merges inside a district absorbed in the same
    /// scope, not added again to `people_changing_unit`.
    pub people_counted_with_district: u64,
    /// Non-receiving members whose population is unknown.
    pub members_population_unknown: u32,
    /// Members that are not targets.
    pub non_target_units: u32,
    /// Groups of 3 or more members.
    pub groups_three_or_more: u32,
    /// The largest new unit: (group id, max of its area and population ratios).
    pub largest_new_unit: Option<(String, f64)>,
    /// New units below standard.
    pub below_standard: u32,
    /// Groups without a majority in favour in some member, sorted by id.
    pub low_consent: Vec<ConsentFlag>,
}

/// Measures of a plan: in total, per phase and per (phase, year).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeasureReport {
    /// The whole plan.
    pub total: Measures,
    /// Per phase.
    pub per_phase: BTreeMap<Phase, Measures>,
    /// Per phase and effective year.
    pub per_year: BTreeMap<(Phase, u16), Measures>,
}

/// Invalid measure input.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum MeasureError {
    /// Two groups have the same id.
    #[error("group `{group_id}` appears twice in the measure input")]
    DuplicateGroup {
        /// The id.
        group_id: String,
    },
    /// A group has no member.
    #[error("group `{group_id}` has no member")]
    NoMember {
        /// The id.
        group_id: String,
    },
    /// A share or ratio is NaN, negative or (for a share) above 1.
    #[error("group `{group_id}`: {field} = {value} is invalid; expected {expected}")]
    InvalidValue {
        /// The group.
        group_id: String,
        /// The field.
        field: &'static str,
        /// The value.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
}

/// Computes the stability measures of `inputs`.
///
/// # Errors
/// [`MeasureError`] on duplicate ids, empty groups or invalid numbers.
///
/// # Complexity
/// O(m log g) for m members and g groups.
pub fn measure(inputs: &[MeasureInput]) -> Result<MeasureReport, MeasureError> {
    let mut seen = BTreeSet::new();
    // Districts absorbed (non-receiving members of district merges), by
    // phase and by (phase, year).
    let mut absorbed_phase: BTreeMap<Phase, BTreeSet<&UnitCode>> = BTreeMap::new();
    let mut absorbed_year: BTreeMap<(Phase, u16), BTreeSet<&UnitCode>> = BTreeMap::new();
    for g in inputs {
        check(g)?;
        if !seen.insert(g.group_id.as_str()) {
            return Err(MeasureError::DuplicateGroup {
                group_id: g.group_id.clone(),
            });
        }
        if g.level == Level::District {
            let keep = receiving(&g.members);
            for (i, m) in g.members.iter().enumerate() {
                if i != keep {
                    absorbed_phase.entry(g.phase).or_default().insert(&m.code);
                    absorbed_year
                        .entry((g.phase, g.year))
                        .or_default()
                        .insert(&m.code);
                }
            }
        }
    }
    let none = BTreeSet::new();
    let mut report = MeasureReport::default();
    for g in inputs {
        let in_phase = absorbed_phase.get(&g.phase).unwrap_or(&none);
        let in_year = absorbed_year.get(&(g.phase, g.year)).unwrap_or(&none);
        report.total.add(g, in_phase);
        report
            .per_phase
            .entry(g.phase)
            .or_default()
            .add(g, in_phase);
        report
            .per_year
            .entry((g.phase, g.year))
            .or_default()
            .add(g, in_year);
    }
    for m in std::iter::once(&mut report.total)
        .chain(report.per_phase.values_mut())
        .chain(report.per_year.values_mut())
    {
        m.low_consent.sort_by(|a, b| a.group_id.cmp(&b.group_id));
    }
    Ok(report)
}

fn check(g: &MeasureInput) -> Result<(), MeasureError> {
    if g.members.is_empty() {
        return Err(MeasureError::NoMember {
            group_id: g.group_id.clone(),
        });
    }
    let bad = |field, value, expected| MeasureError::InvalidValue {
        group_id: g.group_id.clone(),
        field,
        value,
        expected,
    };
    for (field, v) in [
        ("area_ratio", g.area_ratio),
        ("population_ratio", g.population_ratio),
    ] {
        if let Some(x) = v
            && (!x.is_finite() || x < 0.0)
        {
            return Err(bad(field, x, "a finite ratio ≥ 0"));
        }
    }
    for m in &g.members {
        if let Some(x) = m.consent_share
            && !(0.0..=1.0).contains(&x)
        {
            return Err(bad("consent_share", x, "a share between 0 and 1"));
        }
    }
    Ok(())
}

/// Index of the receiving member: the one marked `keeps_name` (the first if
/// several), else the most populous (ties and unknowns: smallest code).
fn receiving(members: &[MeasureMember]) -> usize {
    if let Some(i) = members.iter().position(|m| m.keeps_name) {
        return i;
    }
    (0..members.len())
        .max_by(|&a, &b| {
            let (x, y) = (&members[a], &members[b]);
            x.population
                .cmp(&y.population)
                .then_with(|| y.code.cmp(&x.code))
        })
        .unwrap_or(0)
}

impl Measures {
    /// Adds group `g`; `absorbed` are the districts absorbed in the scope,
    /// whose communes' people are already counted.
    fn add(&mut self, g: &MeasureInput, absorbed: &BTreeSet<&UnitCode>) {
        let n = g.members.len() as u32;
        self.groups += 1;
        self.units_touched += n;
        self.units_disappearing += n.saturating_sub(1);
        let keep = receiving(&g.members);
        for (i, m) in g.members.iter().enumerate() {
            let counted = g.level == Level::Commune
                && m.district.as_ref().is_some_and(|d| absorbed.contains(d));
            if i != keep {
                match (m.population, counted) {
                    (Some(p), true) => self.people_counted_with_district += p,
                    (Some(p), false) => self.people_changing_unit += p,
                    (None, true) => {}
                    (None, false) => self.members_population_unknown += 1,
                }
            }
            if !m.is_target {
                self.non_target_units += 1;
            }
        }
        if n >= 3 {
            self.groups_three_or_more += 1;
        }
        let multiple = match (g.area_ratio, g.population_ratio) {
            (Some(a), Some(p)) => Some(a.max(p)),
            (a, p) => a.or(p),
        };
        if let Some(x) = multiple {
            let better = match &self.largest_new_unit {
                None => true,
                Some((id, best)) => x > *best || (x == *best && g.group_id < *id),
            };
            if better {
                self.largest_new_unit = Some((g.group_id.clone(), x));
            }
        }
        if !g.meets_standard {
            self.below_standard += 1;
        }
        let low: Vec<(UnitCode, f64)> = g
            .members
            .iter()
            .filter_map(|m| m.consent_share.map(|s| (m.code.clone(), s)))
            .filter(|&(_, s)| s <= MAJORITY_SHARE)
            .collect();
        if !low.is_empty() {
            self.low_consent.push(ConsentFlag {
                group_id: g.group_id.clone(),
                members: low,
            });
        }
    }
}

/// One row of `stability.csv`.
#[derive(Debug, Default, Serialize)]
struct StabilityRow<'a> {
    scope: &'a str,
    phase: &'a str,
    year: Option<u16>,
    groups: u32,
    units_touched: u32,
    units_disappearing: u32,
    people_changing_unit: u64,
    members_population_unknown: u32,
    non_target_units: u32,
    groups_three_or_more: u32,
    largest_new_unit_group: &'a str,
    largest_new_unit_multiple: String,
    below_standard: u32,
    low_consent_groups: String,
}

impl<'a> StabilityRow<'a> {
    fn new(scope: &'a str, phase: &'a str, year: Option<u16>, m: &'a Measures) -> Self {
        let (group, multiple) = match &m.largest_new_unit {
            Some((id, x)) => (id.as_str(), format!("{x:.3}")),
            None => ("", String::new()),
        };
        StabilityRow {
            scope,
            phase,
            year,
            groups: m.groups,
            units_touched: m.units_touched,
            units_disappearing: m.units_disappearing,
            people_changing_unit: m.people_changing_unit,
            members_population_unknown: m.members_population_unknown,
            non_target_units: m.non_target_units,
            groups_three_or_more: m.groups_three_or_more,
            largest_new_unit_group: group,
            largest_new_unit_multiple: multiple,
            below_standard: m.below_standard,
            low_consent_groups: joined(m.low_consent.iter().map(|f| f.group_id.as_str()), " "),
        }
    }
}

/// Writes `stability.csv`: one row per (phase, year), then per phase, then the
/// total (`scope` = `year`, `phase`, `total`); `low_consent_groups` lists the
/// flagged group ids separated by spaces.
///
/// # Errors
/// A CSV or I/O error.
///
/// # Complexity
/// O(rows).
pub fn write_stability_csv<W: Write>(
    report: &MeasureReport,
    out: W,
    style: crate::io::csv_out::CsvStyle,
) -> Result<(), csv::Error> {
    let rows = report
        .per_year
        .iter()
        .map(|((p, y), m)| StabilityRow::new("year", p.as_str(), Some(*y), m))
        .chain(
            report
                .per_phase
                .iter()
                .map(|(p, m)| StabilityRow::new("phase", p.as_str(), None, m)),
        )
        .chain(std::iter::once(StabilityRow::new(
            "total",
            "",
            None,
            &report.total,
        )));
    write_rows(out, rows, style)
}
