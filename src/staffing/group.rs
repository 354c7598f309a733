//! Staffing of merge groups: quotas before and after, surplus, leadership
//! posts, deadline and roadmap.

use std::collections::BTreeSet;

use super::error::StaffingError;
use super::norms::{
    CHAIRS_PER_UNIT, DEADLINE_YEARS, VICE_CHAIRS_COMMUNE, VICE_CHAIRS_DISTRICT, class_index,
};
use super::quota::{StaffingUnit, commune_quota};
use super::roadmap::{RoadmapYear, check_profile, roadmap};
use super::totals::{YearTotal, year_totals};
use crate::model::{Level, Phase, UnitClass, UnitCode};
use crate::scenario::{NewUnitClass, StaffingConfig};

/// One merge group, filled by the caller from the plan and the schedule.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffingGroup {
    /// The group id.
    pub group_id: String,
    /// Its province.
    pub province: UnitCode,
    /// Its phase.
    pub phase: Phase,
    /// Level of the merged units.
    pub level: Level,
    /// Year in which the merge takes effect.
    pub year_effective: u16,
    /// The units merged.
    pub members: Vec<StaffingUnit>,
    /// The unit formed (its `class` may be empty: see [`NewUnitClass`]).
    pub new_unit: StaffingUnit,
}

/// Where the class of the new unit comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClassBasis {
    /// Given by the caller.
    Given,
    /// Taken from the largest member (this code) \[U\].
    LargestMember(UnitCode),
    /// Fixed by the configuration.
    Configured,
    /// The largest member has no class either: the default class \[U\].
    Default,
}

/// A quota before and after a merge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Headcount {
    /// Sum of the members' quotas.
    pub before: u32,
    /// Quota of the new unit.
    pub after: u32,
}

impl Headcount {
    /// `before − after`, or 0 if the new unit's quota is larger.
    pub fn surplus(&self) -> u32 {
        self.before.saturating_sub(self.after)
    }
}

/// One row of `staffing.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct StaffingRow {
    /// The group.
    pub group_id: String,
    /// Its province.
    pub province: UnitCode,
    /// Its phase.
    pub phase: Phase,
    /// Its level.
    pub level: Level,
    /// Year the merge takes effect.
    pub year_effective: u16,
    /// Codes of the members.
    pub members: Vec<UnitCode>,
    /// Class of the new unit.
    pub class_after: UnitClass,
    /// Where that class comes from.
    pub class_basis: ClassBasis,
    /// Members whose class was empty and took the default.
    pub defaulted_classes: Vec<UnitCode>,
    /// Cadres and civil servants (communes only; `None` for districts: no
    /// per-district formula in the sources, docs/legal-basis.md §3.2).
    pub cadres: Option<Headcount>,
    /// Part-time workers (communes only).
    pub part_time: Option<Headcount>,
    /// People's Committee chairs to rearrange: members − 1 \[U\].
    pub chairs_to_rearrange: u32,
    /// People's Committee vice-chairs to rearrange: the members' maxima minus
    /// the new unit's (Decree 08/2016 as amended, believed) \[U\].
    pub vice_chairs_to_rearrange: u32,
    /// Year by which the surplus must be gone (`year_effective + 5`).
    pub deadline_year: u16,
    /// Surplus left at the end of each year from `year_effective` to the deadline.
    pub roadmap: Vec<RoadmapYear>,
}

/// The staffing figures of a plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StaffingReport {
    /// One row per group, sorted by (year, province, group id).
    pub rows: Vec<StaffingRow>,
    /// Surplus by province and year, then for all provinces.
    pub totals: Vec<YearTotal>,
}

/// Computes quotas, surplus and roadmap of every group.
///
/// Commune groups: quota before = sum of the members' Decree 33 quotas; after
/// = the new unit's; surplus = before − after (≥ 0), for cadres and civil
/// servants and for part-time workers. District groups: no headcount formula
/// exists in the sources (docs/legal-basis.md §3.2), so only the leadership posts to
/// rearrange are counted, with tag \[U\].
///
/// # Errors
/// [`StaffingError`] for invalid input (unknown population or area, a
/// district among commune members, an invalid profile, …).
///
/// # Complexity
/// O(m + g · y) for m members, g groups and y years of the totals table.
pub fn staffing(
    groups: &[StaffingGroup],
    config: &StaffingConfig,
) -> Result<StaffingReport, StaffingError> {
    check_profile(&config.attrition)?;
    if config.totals_first_year > config.totals_last_year {
        return Err(StaffingError::InvalidYears {
            first: config.totals_first_year,
            last: config.totals_last_year,
        });
    }
    let mut seen = BTreeSet::new();
    let mut rows = Vec::with_capacity(groups.len());
    for g in groups {
        if !seen.insert(g.group_id.as_str()) {
            return Err(StaffingError::DuplicateGroup {
                group_id: g.group_id.clone(),
            });
        }
        rows.push(group_row(g, config)?);
    }
    rows.sort_by(|a, b| {
        (a.year_effective, &a.province, &a.group_id).cmp(&(
            b.year_effective,
            &b.province,
            &b.group_id,
        ))
    });
    let totals = year_totals(
        &rows,
        &config.attrition,
        config.totals_first_year,
        config.totals_last_year,
    );
    Ok(StaffingReport { rows, totals })
}

fn group_row(g: &StaffingGroup, config: &StaffingConfig) -> Result<StaffingRow, StaffingError> {
    if g.members.len() < 2 {
        return Err(StaffingError::TooFewMembers {
            group_id: g.group_id.clone(),
            members: g.members.len(),
        });
    }
    let mut defaulted = Vec::new();
    let mut member_class = |u: &StaffingUnit| {
        u.class.unwrap_or_else(|| {
            defaulted.push(u.code.clone());
            config.default_class
        })
    };
    let classes: Vec<UnitClass> = g.members.iter().map(&mut member_class).collect();
    let (class_after, class_basis) = new_class(g, config);
    let commune = g.level == Level::Commune;
    let (cadres, part_time) = if commune {
        let (mut cb, mut pb) = (0, 0);
        for (u, &c) in g.members.iter().zip(&classes) {
            let q = commune_quota(u, c)?;
            cb += q.cadres();
            pb += q.part_time();
        }
        let q = commune_quota(&g.new_unit, class_after)?;
        (
            Some(Headcount {
                before: cb,
                after: q.cadres(),
            }),
            Some(Headcount {
                before: pb,
                after: q.part_time(),
            }),
        )
    } else {
        for u in g.members.iter().chain(std::iter::once(&g.new_unit)) {
            if u.kind.level() != Level::District {
                return Err(StaffingError::NotADistrict {
                    group_id: g.group_id.clone(),
                    code: u.code.clone(),
                    kind: u.kind,
                });
            }
        }
        (None, None)
    };
    let vice = if commune {
        &VICE_CHAIRS_COMMUNE
    } else {
        &VICE_CHAIRS_DISTRICT
    };
    let vice_before: u32 = classes.iter().map(|&c| vice[class_index(c)].value).sum();
    let vice_after = vice[class_index(class_after)].value;
    let n = g.members.len() as u32;
    let surplus_c = cadres.map_or(0, |h| h.surplus());
    let surplus_p = part_time.map_or(0, |h| h.surplus());
    Ok(StaffingRow {
        group_id: g.group_id.clone(),
        province: g.province.clone(),
        phase: g.phase,
        level: g.level,
        year_effective: g.year_effective,
        members: g.members.iter().map(|u| u.code.clone()).collect(),
        class_after,
        class_basis,
        defaulted_classes: defaulted,
        cadres,
        part_time,
        chairs_to_rearrange: (n - 1) * CHAIRS_PER_UNIT.value,
        vice_chairs_to_rearrange: vice_before.saturating_sub(vice_after),
        deadline_year: g.year_effective + DEADLINE_YEARS.value,
        roadmap: roadmap(g.year_effective, surplus_c, surplus_p, &config.attrition),
    })
}

/// The class of the new unit and where it comes from.
fn new_class(g: &StaffingGroup, config: &StaffingConfig) -> (UnitClass, ClassBasis) {
    if let Some(c) = g.new_unit.class {
        return (c, ClassBasis::Given);
    }
    match config.new_unit_class {
        NewUnitClass::Fixed(c) => (c, ClassBasis::Configured),
        NewUnitClass::LargestMember => {
            let largest = g.members.iter().max_by(|a, b| {
                a.population
                    .cmp(&b.population)
                    .then_with(|| b.code.cmp(&a.code))
            });
            match largest.and_then(|u| u.class.map(|c| (c, u.code.clone()))) {
                Some((c, code)) => (c, ClassBasis::LargestMember(code)),
                None => (config.default_class, ClassBasis::Default),
            }
        }
    }
}

#[cfg(test)]
mod config_tests {
    use super::*;
    use crate::staffing::DEFAULT_PROFILE;
    use crate::staffing::norms::DEFAULT_CLASS;

    #[test]
    fn the_scenario_defaults_are_the_norms() {
        let c = StaffingConfig::default();
        assert_eq!(c.default_class, DEFAULT_CLASS.value);
        assert_eq!(c.attrition, DEFAULT_PROFILE.to_vec());
    }
}
