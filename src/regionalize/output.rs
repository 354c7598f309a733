//! The plan as CSV (one row per region) and the regions' names.
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

use std::collections::BTreeMap;

use serde::Serialize;

use super::{DatasetProblem, Plan, Region, RuleStandard};
use crate::io::rows::{encode_rows, joined};
use crate::lang::Lang;
use crate::legal::{NameChange, NameUnit, resolve_names};
use crate::model::{Dataset, Phase, Unit, UnitCode, UnitKind, short_name_of};
use crate::pipeline::merge::{merged_kind, naming_member, naming_order, with_prefix};

/// One region of a plan in report order: the order and numbering shared by
/// [`plan_csv`] and [`regions_geojson`](super::regions_geojson), so that a CSV row and a
/// GeoJSON feature with the same `region_id` are the same region.
#[derive(Clone, Debug, PartialEq)]
pub struct OrderedRegion<'p> {
    /// Number of the region, from 1.
    pub region_id: usize,
    /// The region in the plan.
    pub region: &'p Region,
    /// Code of the scope (district or province) the region lies in; `None`
    /// when regions may cross scopes ([`Within::Country`](crate::scenario::Within::Country)).
    pub parent_code: Option<UnitCode>,
    /// Codes of its units, sorted.
    pub members: Vec<UnitCode>,
    /// Code the unit it becomes takes (its naming member's).
    pub code: UnitCode,
    /// The kind of the unit it becomes.
    pub kind: UnitKind,
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
) -> (UnitCode, UnitKind, String) {
    let units: Vec<&Unit> = region
        .members
        .iter()
        .map(|&u| ds.unit(dp.units[u as usize]))
        .collect();
    let Some(named) = units.get(naming_member(&units)) else {
        return (UnitCode(String::new()), UnitKind::Xa, String::new());
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

/// One row of the regionalization CSV.
#[derive(Debug, Default, Serialize)]
struct RegionRow<'a> {
    region_id: usize,
    parent_code: &'a str,
    members: String,
    population: String,
    area_km2: String,
    meets: bool,
    proposed_name: &'a str,
    member_names: String,
    name_alternatives: String,
    name_reason: String,
}

/// A row under a rule set: the standard the region's unit takes, too.
#[derive(Debug, Default, Serialize)]
struct RegionRuleRow<'a> {
    region_id: usize,
    parent_code: &'a str,
    members: String,
    population: String,
    area_km2: String,
    meets: bool,
    standard: String,
    min_population: String,
    min_area_km2: String,
    proposed_name: &'a str,
    member_names: String,
    name_alternatives: String,
    name_reason: String,
}

impl<'a> RegionRow<'a> {
    /// The row of `row`; `scope` names its naming scope in the reason.
    fn new(row: &'a OrderedRegion<'_>, scope: &str, lang: Lang) -> Self {
        RegionRow {
            region_id: row.region_id,
            parent_code: row.parent_code.as_ref().map_or("", UnitCode::as_str),
            members: joined(row.members.iter().map(UnitCode::as_str), ";"),
            population: format!("{:.0}", row.region.pop),
            area_km2: format!("{:.2}", row.region.area),
            meets: row.region.meets,
            proposed_name: &row.name,
            member_names: joined(&row.member_names, ";"),
            name_alternatives: joined(&row.alternatives, ";"),
            name_reason: row
                .name_change
                .as_ref()
                .map(|c| c.text(lang, scope))
                .unwrap_or_default(),
        }
    }

    fn with_standard(self, rs: &RuleStandard, region: &Region) -> RegionRuleRow<'a> {
        let st = rs.region_standard(&region.members, region.area);
        RegionRuleRow {
            region_id: self.region_id,
            parent_code: self.parent_code,
            members: self.members,
            population: self.population,
            area_km2: self.area_km2,
            meets: self.meets,
            standard: st.id,
            min_population: st.pop.to_string(),
            min_area_km2: st.area.to_string(),
            proposed_name: self.proposed_name,
            member_names: self.member_names,
            name_alternatives: self.name_alternatives,
            name_reason: self.name_reason,
        }
    }
}

/// The CSV text of `plan` for the dataset problem `dp`, rows in the order of
/// [`ordered_regions`]; the name reasons in `lang`.
///
/// # Errors
/// A CSV error from the encoder (not expected in memory; not swallowed).
///
/// # Complexity
/// O(n log n).
pub fn plan_csv(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    rules: Option<&RuleStandard>,
    lang: Lang,
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    let rows = ordered_regions(ds, dp, plan, rules);
    let names: BTreeMap<&UnitCode, &str> = ds
        .units()
        .iter()
        .filter(|u| u.level != crate::model::Level::Commune)
        .map(|u| (&u.code, u.name.as_str()))
        .collect();
    let scope = |row: &OrderedRegion<'_>| -> String {
        row.scope_code.as_ref().map_or_else(String::new, |c| {
            names
                .get(c)
                .map_or_else(|| c.to_string(), |n| (*n).to_string())
        })
    };
    match rules {
        None => encode_rows(
            rows.iter()
                .map(|row| RegionRow::new(row, &scope(row), lang)),
            style,
        ),
        Some(rs) => encode_rows(
            rows.iter()
                .map(|row| RegionRow::new(row, &scope(row), lang).with_standard(rs, row.region)),
            style,
        ),
    }
}
