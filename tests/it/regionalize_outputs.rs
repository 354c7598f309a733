//! The map outputs of `reorg regionalize` (`--geojson`, `--map`) on the
//! shipped 2023 data of Bắc Kạn (province 06, 108 communes) under
//! NQ 76/2025: the GeoJSON agrees with the CSV row by row, its polygons are
//! the exact unions of the communes' polygons, the map renders at the chart's
//! size with the proposed names, outputs are byte-deterministic, and usage
//! and missing-geometry errors are clear.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reorg::charts::{Chart, MapData};
use reorg::geo::load_geometry;
use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::{Level, UnitCode};
use serde_json::Value;

const PROVINCE: &str = "06";

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023")
}

fn reorg(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .output()
        .unwrap()
}

/// Runs the NQ 76 regionalization of Bắc Kạn with every output into `dir`
/// (`p.csv`, `p.geojson`, `m.svg`, `m.png`).
fn run_into(dir: &Path, extra: &[&str]) {
    let data = data();
    let p = |name: &str| dir.join(name).to_str().unwrap().to_string();
    let (csv, geojson, map) = (p("p.csv"), p("p.geojson"), p("m"));
    let mut args = vec![
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--within",
        "province",
        "--province",
        PROVINCE,
        "--threads",
        "1",
        "--out",
        &csv,
        "--geojson",
        &geojson,
        "--map",
        &map,
    ];
    args.extend_from_slice(extra);
    let o = reorg(&args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn outputs() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path(), &[]);
    dir
}

fn features(dir: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(dir.join("p.geojson")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().unwrap().clone()
}

fn csv_rows(dir: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(dir.join("p.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn str_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Polygons, each its rings of (lon, lat), exterior first.
type Polygons = Vec<Vec<Vec<(f64, f64)>>>;

/// The polygons of a GeoJSON Polygon or MultiPolygon.
fn polygons(geometry: &Value) -> Polygons {
    let ring = |r: &Value| -> Vec<(f64, f64)> {
        r.as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect()
    };
    let poly = |p: &Value| p.as_array().unwrap().iter().map(ring).collect();
    match geometry["type"].as_str().unwrap() {
        "Polygon" => vec![poly(&geometry["coordinates"])],
        "MultiPolygon" => geometry["coordinates"]
            .as_array()
            .unwrap()
            .iter()
            .map(poly)
            .collect(),
        t => panic!("unexpected geometry type {t}"),
    }
}

/// Shoelace area (square degrees) of polygons, holes subtracted, whatever
/// the ring orientation.
fn area(polys: &[Vec<Vec<(f64, f64)>>]) -> f64 {
    let ring_area = |r: &[(f64, f64)]| {
        r.windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum::<f64>()
            .abs()
            / 2.0
    };
    polys
        .iter()
        .map(|p| ring_area(&p[0]) - p[1..].iter().map(|h| ring_area(h)).sum::<f64>())
        .sum()
}

/// Total length of all rings (degrees).
fn perimeter(polys: &[Vec<Vec<(f64, f64)>>]) -> f64 {
    polys
        .iter()
        .flatten()
        .flat_map(|r| r.windows(2))
        .map(|w| (w[1].0 - w[0].0).hypot(w[1].1 - w[0].1))
        .sum()
}

/// The commune polygons of the province, read straight from the shipped file.
fn source_polygons() -> BTreeMap<String, Polygons> {
    let path = data().join(format!("geometry/{PROVINCE}.geojson"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (str_of(&f["properties"]["code"]), polygons(&f["geometry"])))
        .collect()
}

#[test]
fn geojson_has_one_feature_per_csv_row_and_partitions_the_province() {
    let dir = outputs();
    let feats = features(dir.path());
    let rows = csv_rows(dir.path());
    assert_eq!(feats.len(), rows.len());
    assert!(rows.len() > 1);
    for (f, row) in feats.iter().zip(&rows) {
        let p = &f["properties"];
        for key in [
            "region_id",
            "parent_code",
            "members",
            "population",
            "meets",
            "standard",
        ] {
            assert_eq!(str_of(&p[key]), row[key], "{key} of {p}");
        }
        for (key, decimals) in [("area_km2", 2), ("min_population", 0), ("min_area_km2", 2)] {
            let csv: f64 = row[key].parse().unwrap();
            approx::assert_abs_diff_eq!(
                p[key].as_f64().unwrap(),
                csv,
                epsilon = 0.5 * 10f64.powi(-decimals)
            );
        }
        assert_eq!(p["missing_members"], "");
    }
    let ids: Vec<u64> = feats
        .iter()
        .map(|f| f["properties"]["region_id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, (1..=feats.len() as u64).collect::<Vec<_>>());

    // The members partition the province's communes.
    let loaded = load_dir(&data()).unwrap();
    let ds = &loaded.dataset;
    let prov = ds.id_of(&UnitCode::from(PROVINCE)).unwrap();
    let communes: BTreeSet<String> = ds
        .ids_at(Level::Commune)
        .filter(|id| ds.province_of(*id) == Some(prov))
        .map(|id| ds.unit(id).code.to_string())
        .collect();
    let mut seen = BTreeSet::new();
    for f in &feats {
        for m in str_of(&f["properties"]["members"]).split(';') {
            assert!(seen.insert(m.to_string()), "{m} in two regions");
        }
    }
    assert_eq!(seen, communes);
}

/// Every feature is a MultiPolygon (the writer's one geometry type, so a GIS
/// layer has a single type), whose area is the sum of its communes' areas
/// (the union of a coverage loses nothing and adds nothing; these regions'
/// shared borders match vertex for vertex, so no overlap sliver is dropped
/// and the match is exact up to rounding). Every Bắc Kạn
/// commune polygon is one part and each region is connected through shared
/// borders, so a region of 2+ units must come out as exactly one polygon,
/// with a shorter outline than its members' together: the shared edges are
/// gone. (Elsewhere, e.g. Hà Nội, units touching at a point or multi-part
/// source polygons give several parts; this is asserted only here.)
#[test]
fn regions_are_the_exact_unions_of_their_communes() {
    let dir = outputs();
    let source = source_polygons();
    assert!(source.values().all(|p| p.len() == 1));
    let mut merged = 0;
    for f in features(dir.path()) {
        let members: Vec<String> = str_of(&f["properties"]["members"])
            .split(';')
            .map(str::to_string)
            .collect();
        assert_eq!(f["geometry"]["type"], "MultiPolygon");
        let polys = polygons(&f["geometry"]);
        let parts: Vec<&Vec<Vec<(f64, f64)>>> = members.iter().flat_map(|m| &source[m]).collect();
        let sum_area: f64 = parts.iter().map(|p| area(std::slice::from_ref(*p))).sum();
        approx::assert_relative_eq!(area(&polys), sum_area, max_relative = 1e-9);
        if members.len() > 1 {
            merged += 1;
            assert_eq!(polys.len(), 1, "region {members:?}");
            let sum_perimeter: f64 = parts
                .iter()
                .map(|p| perimeter(std::slice::from_ref(*p)))
                .sum();
            assert!(perimeter(&polys) < sum_perimeter, "region {members:?}");
        }
    }
    assert!(merged > 0);
}

#[test]
fn map_renders_at_the_chart_size_with_the_proposed_names() {
    let dir = outputs();
    let png = std::fs::read(dir.path().join("m.png")).unwrap();
    let img = image::load_from_memory(&png).unwrap();
    let geometry = load_geometry(&data(), Some(&UnitCode::from(PROVINCE))).unwrap();
    assert_eq!(geometry.len(), 1);
    // The size depends on the legend and the key of numbered labels: the
    // width is fixed, the height at least the plot's.
    let empty = Chart::Map(&geometry[0], &MapData::default()).size(Lang::Vi);
    assert_eq!(img.width(), 1000);
    assert_eq!(empty.0, 1000);
    assert!(img.height() >= empty.1, "{} < {}", img.height(), empty.1);

    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let texts: BTreeSet<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect();
    assert!(svg.contains("Tỉnh Bắc Kạn — nq76-2025, trong tỉnh"));
    let loaded = load_dir(&data()).unwrap();
    let ds = &loaded.dataset;
    let mut with_diacritics = 0;
    for f in features(dir.path()) {
        let p = &f["properties"];
        let members: Vec<String> = str_of(&p["members"])
            .split(';')
            .map(str::to_string)
            .collect();
        if members.len() < 2 {
            continue;
        }
        let name = str_of(&p["name"]);
        // A prefix of a commune-level kind, then the short name of a member.
        let short = ["Xã ", "Phường ", "Thị trấn "]
            .iter()
            .find_map(|k| name.strip_prefix(k))
            .unwrap_or_else(|| panic!("{name}: no commune-level prefix"));
        assert!(
            members
                .iter()
                .any(|m| ds.get(m).unwrap().short_name() == short),
            "{name} is not named after a member of {members:?}"
        );
        assert!(texts.contains(name.as_str()), "{name} not on the map");
        if !name.is_ascii() {
            with_diacritics += 1;
        }
    }
    assert!(with_diacritics > 0);
}

#[test]
fn map_in_english_says_so() {
    let dir = tempfile::tempdir().unwrap();
    run_into(dir.path(), &["--lang", "en"]);
    let svg = std::fs::read_to_string(dir.path().join("m.svg")).unwrap();
    assert!(svg.contains("Map of the arrangement plan"));
    assert!(svg.contains("nq76-2025, within the province"));
}

#[test]
fn two_runs_give_identical_bytes() {
    let (a, b) = (outputs(), outputs());
    for name in ["p.csv", "p.geojson", "m.svg", "m.png"] {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert!(!x.is_empty());
        assert!(x == y, "{name} differs between runs");
    }
}

#[test]
fn map_without_province_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let stem = dir.path().join("m");
    let data = data();
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--within",
        "province",
        "--map",
        stem.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--province"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// A dataset folder with units.csv and adjacency.csv but no geometry/.
fn without_geometry() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    for f in ["units.csv", "adjacency.csv"] {
        std::fs::copy(golden.join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn missing_geometry_is_an_error_naming_the_folder_and_writes_nothing() {
    let data = without_geometry();
    let out = tempfile::tempdir().unwrap();
    let p = |name: &str| out.path().join(name).to_str().unwrap().to_string();
    let folder = data.path().join("geometry");
    for (flag, value, province) in [
        ("--geojson", p("r.geojson"), None),
        ("--map", p("m"), Some(PROVINCE)),
    ] {
        let mut args = vec![
            "regionalize",
            data.path().to_str().unwrap(),
            "--pop",
            "5000",
            "--area",
            "50",
            "--out",
        ];
        let csv = p("p.csv");
        args.extend([csv.as_str(), flag, value.as_str()]);
        if let Some(code) = province {
            args.extend(["--province", code]);
        }
        let o = reorg(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{err}");
        assert!(err.contains(folder.to_str().unwrap()), "{err}");
        if let Some(code) = province {
            assert!(err.contains(&format!("{code}.geojson")), "{err}");
        }
        // Nothing written, not even the CSV.
        assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
    }
    // The same folder without map outputs works.
    let csv = p("p.csv");
    let o = reorg(&[
        "regionalize",
        data.path().to_str().unwrap(),
        "--pop",
        "5000",
        "--area",
        "50",
        "--out",
        &csv,
    ]);
    assert!(o.status.success());
}

/// At the district level a region's polygon is the union of its districts'
/// communes (every commune of Bắc Kạn has a polygon).
#[test]
fn district_regions_are_drawn_from_their_communes() {
    let dir = tempfile::tempdir().unwrap();
    let geojson = dir.path().join("d.geojson");
    let data = data();
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--level",
        "district",
        "--within",
        "province",
        "--province",
        PROVINCE,
        "--pop",
        "100000",
        "--area",
        "1000",
        "--geojson",
        geojson.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    let path = data.join(format!("geometry/{PROVINCE}.geojson"));
    let src: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut district_area: BTreeMap<String, f64> = BTreeMap::new();
    for f in src["features"].as_array().unwrap() {
        *district_area
            .entry(str_of(&f["properties"]["district_code"]))
            .or_default() += area(&polygons(&f["geometry"]));
    }
    let feats = v["features"].as_array().unwrap();
    assert!(feats.len() > 1);
    let mut seen = 0;
    for f in feats {
        let p = &f["properties"];
        assert_eq!(p["missing_members"], "");
        let members = str_of(&p["members"]);
        let expected: f64 = members.split(';').map(|d| district_area[d]).sum();
        seen += members.split(';').count();
        // Where two neighbours' borders do not match vertex for vertex
        // (data noise between districts), the union drops the overlap
        // sliver: never larger, smaller by at most 10 m² per km².
        let got = area(&polygons(&f["geometry"]));
        assert!(
            got <= expected * (1.0 + 1e-12),
            "{members}: {got} > {expected}"
        );
        approx::assert_relative_eq!(got, expected, max_relative = 1e-5);
    }
    assert_eq!(seen, district_area.len());
}

/// `--map-dir` draws one map per province, named by its code: for one
/// province it is byte for byte the `--map` file; across a scope that is not
/// a province it is refused.
#[test]
fn map_dir_writes_one_map_per_province_equal_to_map() {
    let dir = outputs();
    let maps = dir.path().join("maps");
    let data = data();
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--rules",
        "nq76-2025",
        "--within",
        "province",
        "--province",
        PROVINCE,
        "--threads",
        "1",
        "--map-dir",
        maps.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&maps)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![format!("{PROVINCE}.png"), format!("{PROVINCE}.svg")]
    );
    for ext in ["svg", "png"] {
        let a = std::fs::read(maps.join(format!("{PROVINCE}.{ext}"))).unwrap();
        let b = std::fs::read(dir.path().join(format!("m.{ext}"))).unwrap();
        assert!(a == b, "{ext} differs from --map");
    }
    let o = reorg(&[
        "regionalize",
        data.to_str().unwrap(),
        "--pop",
        "16000",
        "--area",
        "30",
        "--within",
        "country",
        "--province",
        PROVINCE,
        "--map-dir",
        maps.join("x").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--within"));
    assert!(!maps.join("x").exists(), "nothing is written on refusal");
}
