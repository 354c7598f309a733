//! Filling the scheduler's and the measures' inputs from the planner's
//! [`PlannedGroup`]s.

use super::measures::{MeasureInput, MeasureMember};
use super::types::ScheduleItem;
use crate::model::Level;
use crate::pipeline::PlannedGroup;

/// The [`ScheduleItem`] of a planned merge.
///
/// - `district`: the parent district for a commune merge (after the phase's
///   district merges, so a commune merge inside a merged district counts
///   against the new district); the new district's code for a district merge;
/// - `mandatory`: some member is mandatory (not `encouraged_only`);
/// - `severity`: [`PlannedGroup::severity`], `1 − min(area, population ratio)`
///   of the worst target;
/// - `readiness`, `consent_share`: the new unit's, i.e. the population-weighted
///   means of the members' known values (the planner's combination rule);
/// - `depends_on`: the district merge the commune merge sits in.
pub fn schedule_item(g: &PlannedGroup) -> ScheduleItem {
    ScheduleItem {
        group_id: g.group_id.clone(),
        phase: g.phase,
        level: g.level,
        district: match g.level {
            Level::District => g.new_unit.code.clone(),
            _ => g.parent_code.clone(),
        },
        province: g.province_code.clone(),
        mandatory: !g.encouraged_only,
        severity: g.severity(),
        readiness: g.new_unit.attrs.readiness,
        consent_share: g.new_unit.attrs.consent_share,
        depends_on: g.depends_on.iter().cloned().collect(),
    }
}

/// The [`MeasureInput`] of a planned merge taking effect in `year`. The
/// receiving member is the one whose code the new unit carries (the planner
/// names the new unit after it).
pub fn measure_input(g: &PlannedGroup, year: u16) -> MeasureInput {
    MeasureInput {
        group_id: g.group_id.clone(),
        phase: g.phase,
        year,
        members: g
            .members
            .iter()
            .map(|m| MeasureMember {
                code: m.unit.code.clone(),
                population: m.unit.population,
                is_target: m.is_target,
                keeps_name: m.unit.code == g.new_unit.code,
                consent_share: m.unit.attrs.consent_share,
            })
            .collect(),
        area_ratio: g.area_ratio,
        population_ratio: g.population_ratio,
        meets_standard: g.meets_standard,
    }
}
