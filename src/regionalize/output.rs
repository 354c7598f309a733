//! The plan as CSV, written atomically.
//!
//! Columns: `region_id,parent_code,members,population,area_km2,meets`:
//! regions sorted by parent code then first member code and numbered from 1;
//! `members` are unit codes joined by `;`; `meets` is `true` when both
//! thresholds are met (`false` only for a component that cannot reach them).
//! Under a rule set three more columns say which standard the region's unit
//! takes: `standard,min_population,min_area_km2` (an exempt unit shows its
//! exemption, e.g. `N5`, and zeros). Last, the names:
//! `proposed_name,member_names,name_alternatives,name_reason` — the name of
//! the unit the region becomes, unique within its naming scope (see
//! [`ordered_regions`]), its members' names, other free names, and why the
//! name is not the one NQ 35/2023 Điều 6 suggests when it is not.

use std::path::Path;

use std::collections::BTreeMap;

use super::{DatasetProblem, Plan, Region, RegionalizeError, RuleStandard};
use crate::io::output::write_file_atomic;
use crate::legal::{NameChange, NameUnit, resolve_names};
use crate::model::{Dataset, Phase, Unit, UnitCode, short_name_of};
use crate::pipeline::merge::{merged_kind, naming_member, naming_order, with_prefix};
use crate::rules::Lang;

/// One region of a plan in report order: the order and numbering shared by
/// [`plan_csv`] and [`crate::geo::regions_geojson`], so that a CSV row and a
/// GeoJSON feature with the same `region_id` are the same region.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderedRegion<'p> {
    /// Number of the region, from 1.
    pub region_id: usize,
    /// The region in the plan.
    pub region: &'p Region,
    /// Code of the scope (district or province) the region lies in; `None`
    /// when regions may cross scopes ([`super::Within::Country`]).
    pub parent_code: Option<UnitCode>,
    /// Codes of its units, sorted.
    pub members: Vec<UnitCode>,
    /// Code the unit it becomes takes (its naming member's).
    pub code: UnitCode,
    /// The kind of the unit it becomes.
    pub kind: crate::model::UnitKind,
    /// The name of the unit it becomes, unique within its naming scope.
    pub name: String,
    /// Names of its units, in naming order.
    pub member_names: Vec<String>,
    /// Other free names: the other members' names (Điều 6), or those the
    /// renaming order offered.
    pub alternatives: Vec<String>,
    /// Why `name` is not the one [`region_name`] gives, if it is not.
    pub name_change: Option<NameChange>,
    /// Code of the unit whose units' names must differ (the naming scope).
    pub scope_code: Option<UnitCode>,
}

/// The regions of `plan` sorted by parent code, then first member code,
/// numbered from 1 and named.
///
/// Names: each region's unit takes [`region_name`] (NQ 35/2023 Điều 6);
/// then no two units of one naming scope share a name
/// ([`crate::legal::resolve_names`]: the unit left alone keeps its name, then
/// the most populous; the others take another member's name, a free
/// ordinal, a compound of two members' names, or their name with their
/// former district's). The scope is the province in the two-level model of
/// the 2025 round (a rule set whose phase is 2025: its communes sit directly
/// under the province) and when regions may cross districts; otherwise the
/// district the regions stay in.
///
/// # Complexity
/// O(n log n) for n units.
pub fn ordered_regions<'p>(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &'p Plan,
    rules: Option<&RuleStandard>,
) -> Vec<OrderedRegion<'p>> {
    let two_level = rules.is_some_and(|r| r.rules().phases().contains(&Phase::Round2025));
    let mut rows: Vec<OrderedRegion<'p>> = plan
        .regions
        .iter()
        .map(|r| {
            let parent_code = r
                .members
                .first()
                .and_then(|&u| dp.problem.parent(u as usize))
                .and_then(|k| dp.scopes.get(k as usize))
                .map(|id| ds.unit(*id).code.clone());
            let mut members: Vec<UnitCode> = r
                .members
                .iter()
                .map(|&u| ds.unit(dp.units[u as usize]).code.clone())
                .collect();
            members.sort();
            let units: Vec<&Unit> = r
                .members
                .iter()
                .map(|&u| ds.unit(dp.units[u as usize]))
                .collect();
            let order = naming_order(&units);
            let (code, kind, name) = region_unit(ds, dp, r, rules);
            let member_names: Vec<String> = order.iter().map(|&i| units[i].name.clone()).collect();
            let alternatives = if units.len() > 1 {
                order[1..]
                    .iter()
                    .map(|&i| with_prefix(kind, units[i].short_name()))
                    .collect()
            } else {
                Vec::new()
            };
            let scope_code = if two_level || parent_code.is_none() {
                ds.id_of(&code)
                    .and_then(|id| ds.province_of(id))
                    .map(|p| ds.unit(p).code.clone())
            } else {
                parent_code.clone()
            };
            OrderedRegion {
                region_id: 0,
                region: r,
                parent_code,
                members,
                code,
                kind,
                name,
                member_names,
                alternatives,
                name_change: None,
                scope_code,
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.parent_code, &a.members).cmp(&(&b.parent_code, &b.members)));
    for (k, row) in rows.iter_mut().enumerate() {
        row.region_id = k + 1;
    }
    unique_names(ds, dp, &mut rows);
    rows
}

/// Makes the region names of each naming scope unique (see [`ordered_regions`]).
fn unique_names(ds: &Dataset, dp: &DatasetProblem, rows: &mut [OrderedRegion<'_>]) {
    let mut by_scope: BTreeMap<Option<UnitCode>, Vec<usize>> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        by_scope.entry(row.scope_code.clone()).or_default().push(i);
    }
    for idx in by_scope.values() {
        let units: Vec<NameUnit> = idx
            .iter()
            .map(|&i| {
                let row = &rows[i];
                let members: Vec<&Unit> = row
                    .region
                    .members
                    .iter()
                    .map(|&u| ds.unit(dp.units[u as usize]))
                    .collect();
                let named = members[naming_member(&members)];
                let district = ds
                    .id_of(&named.code)
                    .and_then(|id| ds.parent(id))
                    .map(|p| ds.unit(p))
                    .filter(|p| row.scope_code.as_ref() != Some(&p.code));
                NameUnit {
                    code: row.code.clone(),
                    kind: row.kind,
                    name: row.name.clone(),
                    rank: if members.len() > 1 { 2 } else { 0 },
                    stayed: true,
                    population: row.region.pop.max(0.0) as u64,
                    members: if members.len() > 1 {
                        row.member_names
                            .iter()
                            .map(|n| short_name_of(n).to_string())
                            .collect()
                    } else {
                        Vec::new()
                    },
                    former_parent: district.map(|d| d.short_name().to_string()),
                }
            })
            .collect();
        for r in resolve_names(&units).renames {
            let row = &mut rows[idx[r.index]];
            row.name = r.to;
            row.alternatives = r.change.alternatives.clone();
            row.name_change = Some(r.change);
        }
    }
}

/// The proposed name of the unit a region becomes, as the planner names a
/// merged unit ([`crate::pipeline::merge::merged_unit`]): the short name of
/// the naming member (of the winning kind, the most populous) with the
/// prefix of the merged kind (`Phường Vĩnh Yên`), or of the kind the rule
/// set gives it (NQ 76/2025 N7: thị trấn and xã merge into `Xã …`). A region
/// of one unit keeps that unit's name. Also returns the naming member's code
/// (the code the planner gives the new unit).
///
/// # Complexity
/// O(k) for k members.
pub fn region_name(
    ds: &Dataset,
    dp: &DatasetProblem,
    region: &Region,
    rules: Option<&RuleStandard>,
) -> (UnitCode, String) {
    let (code, _, name) = region_unit(ds, dp, region, rules);
    (code, name)
}

/// The code, kind and Điều 6 name of the unit `region` becomes (see
/// [`region_name`]).
fn region_unit(
    ds: &Dataset,
    dp: &DatasetProblem,
    region: &Region,
    rules: Option<&RuleStandard>,
) -> (UnitCode, crate::model::UnitKind, String) {
    let units: Vec<&Unit> = region
        .members
        .iter()
        .map(|&u| ds.unit(dp.units[u as usize]))
        .collect();
    let Some(named) = units.get(naming_member(&units)) else {
        return (
            UnitCode(String::new()),
            crate::model::UnitKind::Xa,
            String::new(),
        );
    };
    if units.len() == 1 {
        return (named.code.clone(), named.kind, named.name.clone());
    }
    let kinds: Vec<_> = units.iter().map(|u| u.kind).collect();
    let kind = rules
        .and_then(|r| r.region_kind(&region.members))
        .or_else(|| merged_kind(&kinds))
        .unwrap_or(named.kind);
    (
        named.code.clone(),
        kind,
        with_prefix(kind, named.short_name()),
    )
}

/// The CSV text of `plan` for the dataset problem `dp`, rows in the order of
/// [`ordered_regions`]; the name reasons in `lang`.
///
/// # Complexity
/// O(n log n).
pub fn plan_csv(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    rules: Option<&RuleStandard>,
    lang: Lang,
) -> String {
    let mut out = String::from("region_id,parent_code,members,population,area_km2,meets");
    if rules.is_some() {
        out.push_str(",standard,min_population,min_area_km2");
    }
    out.push_str(",proposed_name,member_names,name_alternatives,name_reason");
    out.push('\n');
    let names: BTreeMap<UnitCode, String> = ds
        .units()
        .iter()
        .filter(|u| u.level != crate::model::Level::Commune)
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    for row in ordered_regions(ds, dp, plan, rules) {
        let r = row.region;
        let standard = rules.map_or_else(String::new, |rs| {
            let st = rs.region_standard(&r.members, r.area);
            format!(",{},{},{}", st.id, st.pop, st.area)
        });
        let codes: Vec<&str> = row.members.iter().map(UnitCode::as_str).collect();
        let scope = row
            .scope_code
            .as_ref()
            .map_or("", |c| names.get(c).map_or(c.as_str(), String::as_str));
        let reason = row
            .name_change
            .as_ref()
            .map(|c| c.text(lang, scope))
            .unwrap_or_default();
        out.push_str(&format!(
            "{},{},{},{:.0},{:.2},{}{},{},{},{},{}\n",
            row.region_id,
            row.parent_code.as_ref().map_or("", UnitCode::as_str),
            codes.join(";"),
            r.pop,
            r.area,
            r.meets,
            standard,
            csv_field(&row.name),
            csv_field(&row.member_names.join(";")),
            csv_field(&row.alternatives.join(";")),
            csv_field(&reason),
        ));
    }
    out
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes `bytes` to a temporary sibling of `path`, syncs, then renames it
/// over `path`, so a reader never sees a half-written file.
///
/// # Errors
/// [`RegionalizeError::Io`]; the temporary file is removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RegionalizeError> {
    write_file_atomic(path, bytes).map_err(|e| RegionalizeError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}
