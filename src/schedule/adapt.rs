//! Filling the scheduler's and the measures' inputs from the planner's
//! [`PlannedGroup`]s.

use std::collections::{BTreeMap, HashMap};

use super::measures::{MeasureInput, MeasureMember};
use super::types::ScheduleItem;
use crate::model::{Dataset, Level, Phase, UnitCode};
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
/// names the new unit after it). The members' districts at the start of the
/// phase are not known here ([`MeasureMember::district`] is `None`), so a
/// commune merge inside an absorbed district is counted again; use
/// [`measure_inputs`] to count every person once.
pub fn measure_input(g: &PlannedGroup, year: u16) -> MeasureInput {
    measure_input_with(g, year, |_| None)
}

/// The [`MeasureInput`]s of all the groups of a plan made from `start`, each
/// with its year from `years` (0 if absent), with every commune member's
/// district at the start of its phase, so that [`super::measures::measure`]
/// counts the people of a commune merge inside an absorbed district once.
///
/// The districts are found by replaying the plan on the parents of `start`:
/// a phase's district merges move the communes of the absorbed districts to
/// the receiving one; its commune merges give the new commune (which keeps a
/// member's code) the group's parent. `groups` are in the planner's order
/// (phase by phase).
///
/// # Complexity
/// O(c · p + m) for c units of `start`, p phases and m members.
pub fn measure_inputs(
    start: &Dataset,
    groups: &[PlannedGroup],
    years: &BTreeMap<String, u16>,
) -> Vec<MeasureInput> {
    let mut parent: HashMap<UnitCode, UnitCode> = start
        .units()
        .iter()
        .filter(|u| u.level == Level::Commune)
        .filter_map(|u| Some((u.code.clone(), u.parent_code.clone()?)))
        .collect();
    let mut out = Vec::with_capacity(groups.len());
    let mut i = 0;
    while i < groups.len() {
        let phase: Phase = groups[i].phase;
        let end = groups[i..]
            .iter()
            .position(|g| g.phase != phase)
            .map_or(groups.len(), |k| i + k);
        let at_start = parent.clone();
        let mut moved: HashMap<&UnitCode, &UnitCode> = HashMap::new();
        for g in &groups[i..end] {
            let year = years.get(&g.group_id).copied().unwrap_or(0);
            out.push(measure_input_with(g, year, |c| at_start.get(c).cloned()));
            if g.level == Level::District {
                for m in &g.members {
                    if m.unit.code != g.new_unit.code {
                        moved.insert(&m.unit.code, &g.new_unit.code);
                    }
                }
            }
        }
        for p in parent.values_mut() {
            if let Some(&to) = moved.get(&*p) {
                *p = to.clone();
            }
        }
        for g in groups[i..end].iter().filter(|g| g.level == Level::Commune) {
            for m in &g.members {
                parent.remove(&m.unit.code);
            }
            parent.insert(g.new_unit.code.clone(), g.parent_code.clone());
        }
        i = end;
    }
    out
}

fn measure_input_with(
    g: &PlannedGroup,
    year: u16,
    district_of: impl Fn(&UnitCode) -> Option<UnitCode>,
) -> MeasureInput {
    MeasureInput {
        group_id: g.group_id.clone(),
        phase: g.phase,
        year,
        level: g.level,
        members: g
            .members
            .iter()
            .map(|m| MeasureMember {
                code: m.unit.code.clone(),
                population: m.unit.population,
                is_target: m.is_target,
                keeps_name: m.unit.code == g.new_unit.code,
                consent_share: m.unit.attrs.consent_share,
                district: match g.level {
                    Level::Commune => district_of(&m.unit.code),
                    _ => None,
                },
            })
            .collect(),
        area_ratio: g.area_ratio,
        population_ratio: g.population_ratio,
        meets_standard: g.meets_standard,
    }
}
