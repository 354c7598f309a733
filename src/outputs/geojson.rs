//! `plan.geojson`: the map after the plan, one feature per live unit, with
//! the polygons of merged units dissolved from their members'.

use std::collections::{BTreeMap, BTreeSet};

use crate::geo::{Collection, FeatureIndex, PlanGeoJson, Prop, ProvinceGeometry, join};
use crate::model::{Level, UnitCode};
use crate::pipeline::PlanResult;
use crate::pipeline::workmap::{Slot, WorkMap};

/// Which units of the planned map become features.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportLevel {
    /// Commune-level units (xã, phường, thị trấn) after the plan.
    #[default]
    Commune,
    /// District-level units after the plan, each the union of its communes.
    District,
}

/// The planned map as GeoJSON: one feature per live unit of `level` in the
/// provinces the geometry covers, in code order.
///
/// A province is covered when one of its communes has a polygon in
/// `geometry` (pass one [`ProvinceGeometry`] with `std::slice::from_ref`,
/// or all of a dataset's, see [`crate::geo::load_geometry`]). Every live unit of a
/// covered province is written, including those without a polygon (geometry
/// `null`, listed in [`PlanGeoJson::missing`]).
///
/// Geometry: a MultiPolygon, the union ([`dissolve`](crate::geo::dissolve())) of the 2023 polygons
/// of the original communes forming the unit (`WorkMap::origin`; for a
/// district, of all its communes). Exteriors counter-clockwise, holes
/// clockwise (RFC 7946), coordinates with 5 decimals.
///
/// Properties, in this order (numbers as in `plan.csv`, unknown = `null`):
/// `code`, `name` (the new unit's name), `level`, `kind`, `parent_code`,
/// `area_km2` (2 decimals), `population`, `group_id` (the last merge that
/// formed the unit; `""` when unchanged), `phase` (`""` when unchanged),
/// `members` (`;`-joined original 2023 codes: communes, or districts for the
/// district level), `area_ratio`, `population_ratio` (4 decimals),
/// `meets_standard` (`null` when unchanged), `missing_members` (`;`-joined
/// original communes without a polygon; `""` when complete).
///
/// The output is deterministic: the same plan and geometry give the same
/// bytes (units in code order, parts largest first, rings starting at their
/// smallest vertex). A code present in two files is taken from the first.
///
/// # Examples
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let result: reorg::pipeline::PlanResult = todo!();
/// use reorg::geo::load_geometry;
/// use reorg::outputs::geojson::{ExportLevel, plan_geojson};
/// let geometry = load_geometry(std::path::Path::new("data/vn/2023"), None)?;
/// let out = plan_geojson(&geometry, &result, ExportLevel::Commune);
/// std::fs::write("plan.geojson", &out.text)?;
/// for m in &out.missing {
///     eprintln!("{} {}: no polygon for {:?}", m.code, m.name, m.missing_members);
/// }
/// # Ok(()) }
/// ```
///
/// # Complexity
/// O(n log n) to index units and groups, plus the dissolves:
/// O(E log E) in the total number of polygon edges (each original commune is
/// dissolved into exactly one unit).
pub fn plan_geojson(
    geometry: &[ProvinceGeometry],
    result: &PlanResult,
    level: ExportLevel,
) -> PlanGeoJson {
    let index = FeatureIndex::new(geometry);
    let map = &result.final_map;
    let communes = map.live_at(Level::Commune);
    let covered: BTreeSet<UnitCode> = communes
        .iter()
        .filter(|s| map.origin(**s).iter().any(|c| index.contains(c.as_str())))
        .filter_map(|s| province_of(map, *s))
        .collect();
    let in_covered = |s: &Slot| province_of(map, *s).is_some_and(|p| covered.contains(&p));
    let unit_level = match level {
        ExportLevel::Commune => Level::Commune,
        ExportLevel::District => Level::District,
    };
    let by_district = map.children_by_parent(Level::Commune);
    let mut groups = BTreeMap::new();
    for g in result.groups.iter().filter(|g| g.level == unit_level) {
        groups.insert(g.new_unit.code.clone(), g);
    }
    let mut out = Collection::new();
    for slot in map.live_at(unit_level).into_iter().filter(in_covered) {
        let unit = map.unit(slot);
        // Original communes forming the unit.
        let parts: Vec<UnitCode> = match level {
            ExportLevel::Commune => map.origin(slot).to_vec(),
            ExportLevel::District => {
                let mut v: Vec<UnitCode> = by_district
                    .get(&unit.code)
                    .into_iter()
                    .flatten()
                    .flat_map(|c| map.origin(*c).iter().cloned())
                    .collect();
                v.sort();
                v
            }
        };
        let shape = out.dissolve(&index, &unit.code, &unit.name, &parts);
        let g = groups.get(&unit.code);
        let props = [
            ("code", Prop::Str(unit.code.to_string())),
            ("name", Prop::Str(unit.name.clone())),
            ("level", Prop::Str(unit.level.as_str().to_string())),
            ("kind", Prop::Str(unit.kind.as_str().to_string())),
            (
                "parent_code",
                Prop::Str(
                    unit.parent_code
                        .as_ref()
                        .map(ToString::to_string)
                        .unwrap_or_default(),
                ),
            ),
            ("area_km2", Prop::opt_fixed(unit.area_km2, 2)),
            ("population", unit.population.map_or(Prop::Null, Prop::Int)),
            (
                "group_id",
                Prop::Str(g.map(|g| g.group_id.clone()).unwrap_or_default()),
            ),
            (
                "phase",
                Prop::Str(g.map(|g| g.phase.as_str().to_string()).unwrap_or_default()),
            ),
            ("members", Prop::Str(join(map.origin(slot)))),
            (
                "area_ratio",
                Prop::opt_fixed(g.and_then(|g| g.area_ratio), 4),
            ),
            (
                "population_ratio",
                Prop::opt_fixed(g.and_then(|g| g.population_ratio), 4),
            ),
            (
                "meets_standard",
                g.map_or(Prop::Null, |g| Prop::Bool(g.meets_standard)),
            ),
            ("missing_members", Prop::Str(join(&shape.missing_members))),
        ];
        out.push(&props, &shape.polygons);
    }
    out.finish()
}

/// The province of a live unit, following parent codes (at most two steps
/// on a valid map).
fn province_of(map: &WorkMap, mut slot: Slot) -> Option<UnitCode> {
    for _ in 0..3 {
        let u = map.unit(slot);
        if u.level == Level::Province {
            return Some(u.code.clone());
        }
        slot = map.slot_of(u.parent_code.as_ref()?)?;
    }
    None
}
