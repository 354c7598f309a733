//! `plan.geojson` on the shipped 2023 data (issue #5 item 5): real districts
//! dissolve into clean polygons of the right area, the export has one
//! feature per unit after the plan with the plan's figures, parses as
//! GeoJSON, is byte-deterministic, and lists the units without a polygon.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use approx::assert_relative_eq;
use reorg::geo::ring::{Pt, cross, quantise_ring, ring_area_km2};
use reorg::geo::{IntPolygon, dissolve, load_geometry};
use reorg::geo::{ProvinceGeometry, Rings};
use reorg::io::load_dir;
use reorg::model::{Dataset, Level, UnitCode};
use reorg::outputs::geojson::{ExportLevel, plan_geojson};
use reorg::pipeline::{PlanResult, RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use serde_json::Value;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023")
}

fn dataset() -> Dataset {
    load_dir(&data_dir()).unwrap().dataset
}

fn plan(ds: &Dataset, province: &str) -> PlanResult {
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let scenario = Scenario::default();
    let opts = RunOptions {
        rules: &rules,
        scenario: &scenario,
        province: Some(UnitCode::from(province)),
        progress: None,
    };
    run(ds, &opts).unwrap()
}

fn geometry(province: &str) -> ProvinceGeometry {
    ProvinceGeometry::load(&data_dir().join(format!("geometry/{province}.geojson"))).unwrap()
}

/// km² of GeoJSON polygons: exteriors minus holes, whatever their winding.
fn rings_km2(polys: &[Rings]) -> f64 {
    polys
        .iter()
        .flat_map(|p| {
            p.iter()
                .enumerate()
                .map(|(k, r)| (k, ring_area_km2(&quantise_ring(r))))
        })
        .map(|(k, a)| if k == 0 { a } else { -a })
        .sum()
}

fn int_km2(polys: &[IntPolygon]) -> f64 {
    polys
        .iter()
        .map(|p| ring_area_km2(&p.exterior) - p.holes.iter().map(|h| ring_area_km2(h)).sum::<f64>())
        .sum()
}

/// Whether two closed-ring segments cross or overlap other than at shared
/// end points.
fn segments_conflict(a: (Pt, Pt), b: (Pt, Pt)) -> bool {
    let shares = [a.0, a.1].iter().any(|p| *p == b.0 || *p == b.1);
    let (d1, d2) = (cross(a.0, a.1, b.0), cross(a.0, a.1, b.1));
    let (d3, d4) = (cross(b.0, b.1, a.0), cross(b.0, b.1, a.1));
    if d1 == 0 && d2 == 0 {
        // Collinear: conflict if they overlap in more than a point.
        let key = |p: Pt| if a.0.0 != a.1.0 { p.0 } else { p.1 };
        let (lo_a, hi_a) = (key(a.0).min(key(a.1)), key(a.0).max(key(a.1)));
        let (lo_b, hi_b) = (key(b.0).min(key(b.1)), key(b.0).max(key(b.1)));
        return lo_a.max(lo_b) < hi_a.min(hi_b);
    }
    if shares {
        return false;
    }
    (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0
}

/// Checks what makes a polygon valid for QGIS/GEOS, exactly: rings of at
/// least 3 distinct vertices, visited once each, exterior counter-clockwise,
/// holes clockwise, and no two segments of the polygon crossing.
fn assert_valid(p: &IntPolygon) {
    let rings: Vec<&Vec<Pt>> = std::iter::once(&p.exterior).chain(&p.holes).collect();
    let mut segs = Vec::new();
    for r in &rings {
        assert!(r.len() >= 3);
        let distinct: BTreeSet<&Pt> = r.iter().collect();
        assert_eq!(distinct.len(), r.len(), "a ring revisits a vertex");
        segs.extend((0..r.len()).map(|i| (r[i], r[(i + 1) % r.len()])));
    }
    assert!(reorg::geo::ring::signed_area2(&p.exterior) > 0);
    assert!(
        p.holes
            .iter()
            .all(|h| reorg::geo::ring::signed_area2(h) < 0)
    );
    for i in 0..segs.len() {
        for j in i + 1..segs.len() {
            assert!(
                !segments_conflict(segs[i], segs[j]),
                "segments cross: {:?} {:?}",
                segs[i],
                segs[j]
            );
        }
    }
}

#[test]
fn vinh_phuc_districts_dissolve_into_valid_polygons_keeping_area() {
    let g = geometry("26");
    let mut by: BTreeMap<&str, Vec<&Rings>> = BTreeMap::new();
    for f in &g.features {
        by.entry(f.district_code.as_str())
            .or_default()
            .extend(f.polygons.iter());
    }
    assert_eq!(by.len(), 9);
    for (district, polys) in &by {
        let d = dissolve(polys.iter().copied());
        let members: Vec<Rings> = polys.iter().map(|p| (*p).clone()).collect();
        let want = rings_km2(&members);
        let got = int_km2(&d.polygons);
        assert_relative_eq!(got, want, max_relative = 0.005);
        // Vĩnh Phúc's districts are each one piece without holes.
        assert_eq!(d.polygons.len(), 1, "district {district}");
        assert!(d.polygons[0].holes.is_empty(), "district {district}");
        assert!(
            d.boundary_edges < d.input_edges / 2,
            "shared borders cancel"
        );
        assert_valid(&d.polygons[0]);
    }
}

/// (code, properties, km² of the geometry, parts) of each feature.
fn features(text: &str) -> Vec<(String, Value, f64, usize)> {
    let v: Value = serde_json::from_str(text).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            assert_eq!(f["type"], "Feature");
            let props = f["properties"].clone();
            let (km2, parts) = match &f["geometry"] {
                Value::Null => (0.0, 0),
                g => {
                    assert_eq!(g["type"], "MultiPolygon");
                    let polys: Vec<Rings> = g["coordinates"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            p.as_array()
                                .unwrap()
                                .iter()
                                .map(|r| {
                                    let r = r.as_array().unwrap();
                                    assert_eq!(r.first(), r.last(), "rings are closed");
                                    r.iter()
                                        .map(|q| (q[0].as_f64().unwrap(), q[1].as_f64().unwrap()))
                                        .collect()
                                })
                                .collect()
                        })
                        .collect();
                    (rings_km2(&polys), polys.len())
                }
            };
            (
                props["code"].as_str().unwrap().to_string(),
                props,
                km2,
                parts,
            )
        })
        .collect()
}

fn communes_of(ds: &Dataset, province: &str) -> Vec<UnitCode> {
    ds.units()
        .iter()
        .filter(|u| u.level == Level::Commune)
        .filter(|u| {
            u.parent_code
                .as_ref()
                .and_then(|d| ds.get(d.as_str()))
                .and_then(|d| d.parent_code.as_ref())
                .is_some_and(|p| p.as_str() == province)
        })
        .map(|u| u.code.clone())
        .collect()
}

#[test]
fn vinh_phuc_plan_geojson_has_one_dissolved_feature_per_planned_unit() {
    let ds = dataset();
    let result = plan(&ds, "26");
    let g = geometry("26");
    let out = plan_geojson(std::slice::from_ref(&g), &result, ExportLevel::Commune);
    let groups: Vec<_> = result
        .groups
        .iter()
        .filter(|gr| gr.level == Level::Commune)
        .collect();
    assert!(!groups.is_empty(), "Vĩnh Phúc has commune merges");
    let vanished: usize = groups.iter().map(|gr| gr.members.len() - 1).sum();
    let communes = communes_of(&ds, "26");
    let feats = features(&out.text);
    assert_eq!(feats.len(), communes.len() - vanished);
    assert_eq!(out.features, feats.len());
    assert!(out.missing.is_empty());
    let codes: Vec<&String> = feats.iter().map(|f| &f.0).collect();
    assert!(
        codes.windows(2).all(|w| w[0] < w[1]),
        "sorted by code, unique"
    );

    let polys_of = |codes: &[&str]| -> Vec<Rings> {
        g.features
            .iter()
            .filter(|f| codes.contains(&f.code.as_str()))
            .flat_map(|f| f.polygons.iter().cloned())
            .collect()
    };
    for gr in &groups {
        let (_, props, km2, parts) = feats
            .iter()
            .find(|f| f.0 == gr.new_unit.code.as_str())
            .unwrap();
        assert_eq!(props["group_id"], gr.group_id.as_str());
        assert_eq!(props["name"], gr.proposed_name.as_str());
        assert_eq!(props["phase"], gr.phase.as_str());
        assert_eq!(props["meets_standard"], gr.meets_standard);
        let members: Vec<&str> = props["members"].as_str().unwrap().split(';').collect();
        let want: Vec<&str> = gr.members.iter().map(|m| m.unit.code.as_str()).collect();
        assert_eq!(members, want);
        assert_relative_eq!(*km2, rings_km2(&polys_of(&members)), max_relative = 0.005);
        assert_eq!(*parts, 1, "adjacent members dissolve into one piece");
        let ratio = props["area_ratio"].as_f64().unwrap();
        assert_relative_eq!(ratio, gr.area_ratio.unwrap(), epsilon = 1e-4);
    }
    // Unchanged units keep their own polygon and have no group.
    let unchanged = feats
        .iter()
        .filter(|f| f.1["group_id"] == "")
        .collect::<Vec<_>>();
    assert_eq!(unchanged.len(), feats.len() - groups.len());
    for (code, props, km2, _) in &unchanged {
        assert_eq!(props["members"], code.as_str());
        assert_eq!(props["meets_standard"], Value::Null);
        assert_relative_eq!(*km2, rings_km2(&polys_of(&[code])), max_relative = 1e-9);
    }
    // The planned map covers the province exactly as the 2023 map does.
    let total: f64 = feats.iter().map(|f| f.2).sum();
    let all: Vec<Rings> = g.features.iter().flat_map(|f| f.polygons.clone()).collect();
    assert_relative_eq!(total, rings_km2(&all), max_relative = 0.005);

    // Byte-identical across runs and whatever the order or repetition of inputs.
    let again = plan_geojson(&[g.clone(), g.clone()], &result, ExportLevel::Commune);
    assert_eq!(again.text, out.text);
    assert!(out.text.ends_with("]}\n"));
}

#[test]
fn vinh_phuc_district_export_dissolves_communes() {
    let ds = dataset();
    let result = plan(&ds, "26");
    let g = geometry("26");
    let out = plan_geojson(std::slice::from_ref(&g), &result, ExportLevel::District);
    let merged: usize = result
        .groups
        .iter()
        .filter(|gr| gr.level == Level::District)
        .map(|gr| gr.members.len() - 1)
        .sum();
    let feats = features(&out.text);
    assert_eq!(feats.len(), 9 - merged);
    assert!(out.missing.is_empty());
    for (code, props, km2, parts) in &feats {
        assert_eq!(props["level"], "district");
        let originals: Vec<&str> = props["members"].as_str().unwrap().split(';').collect();
        assert!(originals.contains(&code.as_str()));
        let polys: Vec<Rings> = g
            .features
            .iter()
            .filter(|f| originals.contains(&f.district_code.as_str()))
            .flat_map(|f| f.polygons.clone())
            .collect();
        assert_relative_eq!(*km2, rings_km2(&polys), max_relative = 0.005);
        assert_eq!(*parts, 1);
    }
}

#[test]
fn lao_cai_units_without_polygon_are_listed_not_dropped() {
    let ds = dataset();
    let result = plan(&ds, "10");
    let geo = load_geometry(&data_dir(), Some(&UnitCode::from("10"))).unwrap();
    assert_eq!(geo.len(), 1);
    let out = plan_geojson(&geo, &result, ExportLevel::Commune);
    let listed: BTreeSet<&str> = out
        .missing
        .iter()
        .flat_map(|m| m.missing_members.iter().map(UnitCode::as_str))
        .collect();
    // data/vn/README.md: the Lào Cai communes without a polygon.
    for code in ["03001", "03003", "03016", "03028"] {
        assert!(listed.contains(code), "{code} not listed");
    }
    let feats = features(&out.text);
    for m in &out.missing {
        let (_, props, km2, _) = feats.iter().find(|f| f.0 == m.code.as_str()).unwrap();
        assert_eq!(m.partial, *km2 > 0.0);
        let missing: Vec<&str> = props["missing_members"]
            .as_str()
            .unwrap()
            .split(';')
            .collect();
        let want: Vec<&str> = m.missing_members.iter().map(UnitCode::as_str).collect();
        assert_eq!(missing, want);
    }
    let communes = communes_of(&ds, "10");
    let vanished: usize = result
        .groups
        .iter()
        .filter(|gr| gr.level == Level::Commune)
        .map(|gr| gr.members.len() - 1)
        .sum();
    assert_eq!(feats.len(), communes.len() - vanished);
}

#[test]
fn provinces_without_geometry_are_not_exported() {
    let ds = dataset();
    let result = plan(&ds, "26");
    let out = plan_geojson(&[], &result, ExportLevel::Commune);
    assert_eq!(out.features, 0);
    let v: Value = serde_json::from_str(&out.text).unwrap();
    assert_eq!(v["features"].as_array().unwrap().len(), 0);
    assert!(
        load_geometry(Path::new("/nonexistent"), None)
            .unwrap()
            .is_empty()
    );
}
