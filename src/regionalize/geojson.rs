//! `regions.geojson` of `reorg regionalize`: one feature per region, its
//! polygon dissolved from its units', with the figures of the plan CSV.

use super::{DatasetProblem, Plan, RuleStandard, ordered_regions};
use crate::geo::{Collection, FeatureIndex, PlanGeoJson, Prop, ProvinceGeometry, join};
use crate::model::{Dataset, Level, UnitCode, UnitId};

/// The regions of a regionalization `plan` as a GeoJSON FeatureCollection:
/// one feature per region, in the order and with the numbering of the plan
/// CSV ([`crate::regionalize::plan_csv`]; both use
/// [`ordered_regions`]), so feature `k` is CSV row `k`.
///
/// Geometry: a MultiPolygon, the exact union ([`crate::geo::dissolve()`]) of the
/// polygons of the region's communes (of its districts' communes at the
/// district level) found in `geometry` (all of a dataset's
/// provinces or one, see [`crate::geo::load_geometry`]); `null` when none has a
/// polygon. Regions whose units lack polygons are listed in
/// [`PlanGeoJson::missing`], with the naming member's code and the proposed
/// name. Exteriors counter-clockwise, holes clockwise (RFC 7946),
/// coordinates with 5 decimals. A region is connected in the adjacency
/// graph, which comes from the 2019 polygons, not from these simplified
/// ones: its union can have more than one part where units touch at a point.
///
/// Properties, in this order: `region_id` (from 1), `name` (proposed name,
/// [`crate::regionalize::region_name`]: the naming member's short name with
/// the prefix of the merged kind, a region of one unit keeping its name,
/// made unique within its scope as in the CSV), `parent_code` (the
/// district or province the region stays in; `""` across the country),
/// `members` (`;`-joined unit codes, sorted), `population` (unknown counted
/// as 0), `area_km2` (2 decimals), `meets`; with `rules`, the standard the
/// region's unit takes ([`RuleStandard::region_standard`]): `standard`,
/// `min_population`, `min_area_km2`; last `missing_members` (`;`-joined
/// communes without a polygon; `""` when complete).
///
/// Deterministic: the same plan and geometry give the same bytes.
///
/// # Complexity
/// O(n log n) to order and name the regions, plus the dissolves:
/// O(E log E) in the total number of polygon edges (each unit is dissolved
/// into exactly one region).
pub fn regions_geojson(
    geometry: &[ProvinceGeometry],
    ds: &Dataset,
    dp: &DatasetProblem,
    plan: &Plan,
    rules: Option<&RuleStandard>,
) -> PlanGeoJson {
    let index = FeatureIndex::new(geometry);
    let mut out = Collection::new();
    for row in ordered_regions(ds, dp, plan, rules) {
        let r = row.region;
        let (code, name) = (row.code.clone(), row.name.clone());
        let parts = communes_of(ds, r.members.iter().map(|&u| dp.units[u as usize]));
        let shape = out.dissolve(&index, &code, &name, &parts);
        let mut props = vec![
            ("region_id", Prop::Int(row.region_id as u64)),
            ("name", Prop::Str(name)),
            (
                "parent_code",
                Prop::Str(row.parent_code.as_ref().map_or("", UnitCode::as_str).into()),
            ),
            ("members", Prop::Str(join(&row.members))),
            ("population", Prop::Fixed(r.pop, 0)),
            ("area_km2", Prop::Fixed(r.area, 2)),
            ("meets", Prop::Bool(r.meets)),
        ];
        if let Some(rs) = rules {
            let st = rs.region_standard(&r.members, r.area);
            props.extend([
                ("standard", Prop::Str(st.id)),
                ("min_population", Prop::Fixed(st.pop, 0)),
                ("min_area_km2", Prop::Fixed(st.area, 2)),
            ]);
        }
        props.push(("missing_members", Prop::Str(join(&shape.missing_members))));
        out.push(&props, &shape.polygons);
    }
    out.finish()
}

/// The commune codes of `units`, sorted: a commune itself, a district its
/// communes (the polygons are the communes').
fn communes_of(ds: &Dataset, units: impl Iterator<Item = UnitId>) -> Vec<UnitCode> {
    let mut codes = Vec::new();
    let mut stack: Vec<UnitId> = units.collect();
    while let Some(id) = stack.pop() {
        let u = ds.unit(id);
        if u.level == Level::Commune {
            codes.push(u.code.clone());
        } else {
            stack.extend_from_slice(ds.children(id));
        }
    }
    codes.sort();
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_from_bytes;
    use crate::model::Level;
    use crate::regionalize::{ComponentReport, ComponentStatus, Region, problem_from_dataset};
    use crate::scenario::Within;

    const UNITS: &str = "code,name,level,kind,parent_code,area_km2,population
01,Tỉnh Thử,province,tinh,,3,160
001,Thị xã Một,district,thi_xa,01,3,160
00001,Xã An,commune,xa,001,1,100
00002,Phường Bình,commune,phuong,001,1,50
00003,Xã Cát,commune,xa,001,1,10
";
    const ADJ: &str = "code_a,code_b,level,shared_border_km
00001,00002,commune,1
00002,00003,commune,1
";

    fn square(code: &str, name: &str, x: u32) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"code":"{code}","name":"{name}","district_code":"001"}},"geometry":{{"type":"Polygon","coordinates":[[[{x},0],[{x1},0],[{x1},1],[{x},1],[{x},0]]]}}}}"#,
            x1 = x + 1
        )
    }

    fn region(members: Vec<u32>, pop: f64) -> Region {
        Region {
            area: members.len() as f64,
            members,
            pop,
            meets: true,
            component: 0,
        }
    }

    /// Shoelace area of a GeoJSON MultiPolygon, exteriors minus holes.
    fn area(geometry: &serde_json::Value) -> f64 {
        let mut total = 0.0;
        for poly in geometry["coordinates"].as_array().unwrap() {
            for (k, ring) in poly.as_array().unwrap().iter().enumerate() {
                let pts: Vec<(f64, f64)> = ring
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
                    .collect();
                let a: f64 = pts
                    .windows(2)
                    .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
                    .sum();
                // Exteriors counter-clockwise (positive), holes clockwise.
                assert_eq!(a > 0.0, k == 0);
                total += a / 2.0;
            }
        }
        total
    }

    #[test]
    fn one_dissolved_feature_per_region_named_by_the_merged_kind() {
        let ds = load_from_bytes(UNITS.as_bytes(), ADJ.as_bytes())
            .unwrap()
            .dataset;
        let dp = problem_from_dataset(&ds, Level::Commune, Within::District, None).unwrap();
        // Listed in reverse to check the order does not come from the plan.
        let plan = Plan {
            regions: vec![region(vec![2], 10.0), region(vec![0, 1], 150.0)],
            labels: vec![1, 1, 0],
            components: vec![ComponentReport {
                first_unit: 0,
                units: 3,
                regions: 2,
                upper_bound: 2,
                status: ComponentStatus::Optimal,
            }],
            time_limit_hit: false,
            inside_border: 0.0,
        };
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{},{}]}}"#,
            square("00001", "Xã An", 0),
            square("00002", "Phường Bình", 1)
        );
        let g = ProvinceGeometry::parse(&text, std::path::Path::new("01.geojson")).unwrap();
        let out = regions_geojson(std::slice::from_ref(&g), &ds, &dp, &plan, None);
        assert_eq!(out.features, 2);
        let json: serde_json::Value = serde_json::from_str(&out.text).unwrap();
        let f = json["features"].as_array().unwrap();
        let p0 = &f[0]["properties"];
        assert_eq!(p0["region_id"], 1);
        // The phường wins the kind and gives its name (NQ 76 naming as the planner's).
        assert_eq!(p0["name"], "Phường Bình");
        assert_eq!(p0["parent_code"], "001");
        assert_eq!(p0["members"], "00001;00002");
        assert_eq!(p0["population"], 150);
        assert!(p0.get("standard").is_none());
        // The shared edge is gone: one polygon of area 2.
        assert_eq!(f[0]["geometry"]["coordinates"].as_array().unwrap().len(), 1);
        approx::assert_relative_eq!(area(&f[0]["geometry"]), 2.0, max_relative = 1e-12);
        // A single unit keeps its name; without a polygon its geometry is null.
        assert_eq!(f[1]["properties"]["region_id"], 2);
        assert_eq!(f[1]["properties"]["name"], "Xã Cát");
        assert_eq!(f[1]["properties"]["missing_members"], "00003");
        assert!(f[1]["geometry"].is_null());
        assert_eq!(out.missing.len(), 1);
        assert_eq!(out.missing[0].code.as_str(), "00003");
        assert!(!out.missing[0].partial);
        // Same rows as the CSV.
        let csv = String::from_utf8(
            crate::regionalize::plan_csv(
                &ds,
                &dp,
                &plan,
                None,
                crate::lang::Lang::Vi,
                crate::io::csv_out::CsvStyle { bom: false },
            )
            .unwrap(),
        )
        .unwrap();
        let csv_members: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(2).unwrap())
            .collect();
        assert_eq!(csv_members, ["00001;00002", "00003"]);
    }
}
