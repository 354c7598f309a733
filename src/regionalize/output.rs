//! The plan as CSV (one row per region) and the regions' names.
//!
//! Columns: `region_id,parent_code,members,population,area_km2,meets`:
//! regions sorted by parent code then first member code and numbered from 1;
//! `members` are unit codes joined by `;`; `meets` is `true` when both
//! thresholds are met (`false` only for a component that cannot reach them).
//! Under a rule set three more columns say which standard the region's unit
//! takes: `standard,min_population,min_area_km2` (an exempt unit shows its
//! exemption, e.g. `N5`, and zeros).

use serde::Serialize;

use super::{DatasetProblem, Plan, Region, RuleStandard};
use crate::io::rows::{encode_rows, joined};
use crate::model::{Dataset, Unit, UnitCode};
use crate::pipeline::merge::{merged_kind, naming_member, with_prefix};

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
}

/// The regions of `plan` sorted by parent code, then first member code, and
/// numbered from 1.
///
/// # Complexity
/// O(n log n) for n units.
pub fn ordered_regions<'p>(
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &'p Plan,
) -> Vec<OrderedRegion<'p>> {
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
            OrderedRegion {
                region_id: 0,
                region: r,
                parent_code,
                members,
            }
        })
        .collect();
    rows.sort_by(|a, b| (&a.parent_code, &a.members).cmp(&(&b.parent_code, &b.members)));
    for (k, row) in rows.iter_mut().enumerate() {
        row.region_id = k + 1;
    }
    rows
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
    let units: Vec<&Unit> = region
        .members
        .iter()
        .map(|&u| ds.unit(dp.units[u as usize]))
        .collect();
    let Some(named) = units.get(naming_member(&units)) else {
        return (UnitCode(String::new()), String::new());
    };
    if units.len() == 1 {
        return (named.code.clone(), named.name.clone());
    }
    let kinds: Vec<_> = units.iter().map(|u| u.kind).collect();
    let kind = rules
        .and_then(|r| r.region_kind(&region.members))
        .or_else(|| merged_kind(&kinds))
        .unwrap_or(named.kind);
    (named.code.clone(), with_prefix(kind, named.short_name()))
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
}

impl<'a> RegionRow<'a> {
    fn new(row: &'a OrderedRegion<'_>) -> Self {
        RegionRow {
            region_id: row.region_id,
            parent_code: row.parent_code.as_ref().map_or("", UnitCode::as_str),
            members: joined(row.members.iter().map(UnitCode::as_str), ";"),
            population: format!("{:.0}", row.region.pop),
            area_km2: format!("{:.2}", row.region.area),
            meets: row.region.meets,
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
        }
    }
}

/// The CSV text of `plan` for the dataset problem `dp`, rows in the order of
/// [`ordered_regions`].
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
    style: crate::io::csv_out::CsvStyle,
) -> Result<Vec<u8>, csv::Error> {
    let rows = ordered_regions(ds, dp, plan);
    match rules {
        None => encode_rows(rows.iter().map(RegionRow::new), style),
        Some(rs) => encode_rows(
            rows.iter()
                .map(|row| RegionRow::new(row).with_standard(rs, row.region)),
            style,
        ),
    }
}
