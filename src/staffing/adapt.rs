//! Filling the staffing inputs from the planner's [`PlannedGroup`]s.

use super::group::StaffingGroup;
use super::quota::StaffingUnit;
use crate::pipeline::PlannedGroup;

/// The [`StaffingGroup`] of a planned merge taking effect in `year`.
///
/// Standards: each member's applied standard (with the Điều 3a reductions
/// where they apply) and the new unit's standard as the planner computed it.
/// Whether Decree 33's additions use the reduced or the base standard is not
/// stated in the sources (docs/legal-basis.md §3.1, \[U\]). The new unit's class is its
/// `class` attribute if set, else the [`NewUnitClass`](crate::scenario::NewUnitClass) rule.
pub fn staffing_group(g: &PlannedGroup, year: u16) -> StaffingGroup {
    StaffingGroup {
        group_id: g.group_id.clone(),
        province: g.province_code.clone(),
        phase: g.phase,
        level: g.level,
        year_effective: year,
        members: g
            .members
            .iter()
            .map(|m| StaffingUnit {
                code: m.unit.code.clone(),
                kind: m.unit.kind,
                parent_kind: m.parent_kind,
                class: m.unit.attrs.class,
                population: m.unit.population,
                area_km2: m.unit.area_km2,
                std_population: m.assessment.standard.population,
                std_area_km2: m.assessment.standard.area_km2,
            })
            .collect(),
        new_unit: StaffingUnit {
            code: g.new_unit.code.clone(),
            kind: g.new_unit.kind,
            parent_kind: Some(g.parent_kind),
            class: g.new_unit.attrs.class,
            population: g.new_unit.population,
            area_km2: g.new_unit.area_km2,
            std_population: g.standard_population,
            std_area_km2: g.standard_area_km2,
        },
    }
}
