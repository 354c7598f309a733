//! Keeping the map legal while planning (docs/legal-basis.md §2.11, §2.7):
//! the phase-1 assessments on the map as loaded, the commune conversions a
//! district merge needs in convert mode, and the renaming pass that makes
//! names unique at the end of each phase.

use std::collections::HashMap;

use super::changes::{StandardVerdict, StructureCause, UnitChange};
use super::merge::{naming_order, with_prefix};
use super::run::{PlanResult, RunOptions};
use super::workmap::{Slot, WorkMap};
use crate::assess::{Assessment, assess_unit_at};
use crate::legal::{ChildKinds, NameUnit, conversion_target, resolve_names};
use crate::model::{Dataset, Level, Phase, Unit, UnitCode, UnitKind, short_name_of};
use crate::rules::{Placement, RuleSet};

/// The assessment of every district and commune (of the province asked)
/// in `phase` on the map as loaded: what `reorg assess` gives
/// ([`assess_dataset`]), with the placement computed once per parent.
///
/// # Complexity
/// O(n · (s + r + c + e)) plus one placement per parent.
pub(super) fn original_assessments(
    ds: &Dataset,
    opts: &RunOptions<'_>,
    phase: Phase,
) -> HashMap<UnitCode, Assessment> {
    let want = opts.province.as_ref().and_then(|p| ds.id_of(p));
    let mut placements: HashMap<Option<crate::model::UnitId>, Placement> = HashMap::new();
    let mut out = HashMap::new();
    for level in [Level::District, Level::Commune] {
        for id in ds.ids_at(level) {
            if want.is_some() && ds.province_of(id) != want {
                continue;
            }
            let at = *placements
                .entry(ds.parent(id))
                .or_insert_with(|| Placement::in_dataset(ds, id));
            let u = ds.unit(id);
            out.insert(u.code.clone(), assess_unit_at(opts.rules, u, &at, phase));
        }
    }
    out
}

/// The kind and commune kinds of the members (local indices) of a district group.
pub(super) fn kinds_of(
    map: &WorkMap,
    slots: &[Slot],
    child_kinds: &HashMap<Slot, ChildKinds>,
    members: &[usize],
) -> Vec<(UnitKind, ChildKinds)> {
    members
        .iter()
        .map(|&i| {
            let s = slots[i];
            (
                map.unit(s).kind,
                child_kinds.get(&s).copied().unwrap_or_default(),
            )
        })
        .collect()
}

/// Converts the communes of the district in `slot` whose kind is in
/// `convert` (convert mode, [`crate::legal::kinds`]): each takes the kind
/// [`conversion_target`] gives and its name with the new prefix, and is
/// judged against the standard of its new kind under its new parent.
///
/// # Complexity
/// O(n) to find the children, plus O(s + r) per conversion.
pub(super) fn convert_children(
    map: &mut WorkMap,
    rules: &RuleSet,
    district: Slot,
    convert: &[UnitKind],
    province: Option<&Unit>,
    (phase, group_id): (Phase, &str),
) -> Vec<UnitChange> {
    let d = map.unit(district).clone();
    let at = Placement::with_province(Some(d.kind), province);
    let source = rules
        .structure_of(d.kind)
        .map_or_else(String::new, |s| s.source.clone());
    let mut out = Vec::new();
    for c in map.children(district) {
        let before = map.unit(c).clone();
        if !convert.contains(&before.kind) {
            continue;
        }
        let as_ward = Unit {
            kind: UnitKind::Phuong,
            ..before.clone()
        };
        let meets_ward = StandardVerdict::of(rules, &as_ward, &at).meets;
        let Some(to) = conversion_target(rules, d.kind, before.kind, meets_ward) else {
            continue;
        };
        let after = Unit {
            kind: to,
            name: with_prefix(to, before.short_name()),
            ..before.clone()
        };
        out.push(UnitChange {
            phase,
            level: Level::Commune,
            code: before.code.clone(),
            province_code: province.map_or_else(|| d.code.clone(), |p| p.code.clone()),
            parent_code: d.code.clone(),
            name: before.name.clone(),
            kind_before: before.kind,
            kind_after: to,
            name_after: after.name.clone(),
            verdict: Some(StandardVerdict::of(rules, &after, &at)),
            structure: Some(StructureCause {
                group_id: group_id.to_string(),
                district_name: d.name.clone(),
                district_kind: d.kind,
                missed_ward_standard: before.kind == UnitKind::ThiTran && to == UnitKind::Xa,
                source: source.clone(),
            }),
            name_change: None,
        });
        *map.unit_mut(c) = after;
    }
    out
}

/// Makes the names of every parent unique at the end of `phase`
/// ([`resolve_names`]): districts within each province, communes within
/// each district. A renamed merged unit changes its group's proposed name;
/// a renamed unit that was converted changes its conversion row; any other
/// renamed unit gets a row of its own.
///
/// # Complexity
/// O(n log n) per level, plus the renames.
pub(super) fn unique_names(
    map: &mut WorkMap,
    result: &mut PlanResult,
    start_parent: &HashMap<UnitCode, Option<UnitCode>>,
    only: Option<&UnitCode>,
    phase: Phase,
) {
    for level in [Level::District, Level::Commune] {
        let formed: HashMap<UnitCode, usize> = result
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.phase == phase && g.level == level)
            .map(|(i, g)| (g.new_unit.code.clone(), i))
            .collect();
        let converted: HashMap<UnitCode, usize> = result
            .changes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.phase == phase && c.level == level)
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        for (parent, slots) in map.children_by_parent(level) {
            let Some(parent_slot) = map.slot_of(&parent) else {
                continue;
            };
            let province = map.province_code(parent_slot);
            if let Some(want) = only
                && province.as_ref() != Some(want)
            {
                continue;
            }
            let units: Vec<NameUnit> = slots
                .iter()
                .map(|&s| {
                    let u = map.unit(s);
                    let group = formed.get(&u.code).map(|&i| &result.groups[i]);
                    let start = start_parent.get(&u.code).cloned().flatten();
                    let stayed = start.as_ref() == Some(&parent);
                    NameUnit {
                        code: u.code.clone(),
                        kind: u.kind,
                        name: u.name.clone(),
                        rank: if group.is_some() {
                            2
                        } else {
                            u8::from(converted.contains_key(&u.code))
                        },
                        stayed,
                        population: u.population.unwrap_or(0),
                        members: group.map_or_else(Vec::new, |g| {
                            let us: Vec<&Unit> = g.members.iter().map(|m| &m.unit).collect();
                            naming_order(&us)
                                .into_iter()
                                .map(|i| us[i].short_name().to_string())
                                .collect()
                        }),
                        former_parent: (!stayed)
                            .then(|| start.and_then(|p| result.names.get(&p)))
                            .flatten()
                            .map(|n| short_name_of(n).to_string()),
                    }
                })
                .collect();
            let resolution = resolve_names(&units);
            for r in resolution.renames {
                let slot = slots[r.index];
                let before = map.unit(slot).clone();
                map.unit_mut(slot).name = r.to.clone();
                if level == Level::District {
                    result.names.insert(before.code.clone(), r.to.clone());
                }
                if let Some(&gi) = formed.get(&before.code) {
                    let g = &mut result.groups[gi];
                    g.proposed_name = r.to.clone();
                    g.new_unit.name = r.to.clone();
                    g.alternatives = r.change.alternatives.clone();
                    g.name_change = Some(r.change);
                } else if let Some(&ci) = converted.get(&before.code) {
                    let c = &mut result.changes[ci];
                    c.name_after = r.to.clone();
                    c.name_change = Some(r.change);
                } else {
                    result.changes.push(UnitChange {
                        phase,
                        level,
                        code: before.code.clone(),
                        province_code: province.clone().unwrap_or_else(|| parent.clone()),
                        parent_code: parent.clone(),
                        name: before.name.clone(),
                        kind_before: before.kind,
                        kind_after: before.kind,
                        name_after: r.to.clone(),
                        verdict: None,
                        structure: None,
                        name_change: Some(r.change),
                    });
                }
            }
        }
    }
}
