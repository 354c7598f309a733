//! The numbers of every chart against the tables they summarise (issue #17):
//! units per district/province before and after each phase against the
//! dataset's `units.csv`, the report's `units.csv` and `plan.csv`; units
//! removed per year against `plan.csv`; title, axis and caption of a chart
//! naming the same quantity; quadrant lines of the chart's own phase and
//! level only; the map legend explaining exactly the fills drawn. On the
//! national data and on Vĩnh Phúc (26), the map also on Hà Nội (01).

use crate::support;

use std::collections::{BTreeMap, BTreeSet};

use reorg::charts::{CHARTS_EN, CHARTS_VI, ChartStrings, DENSE_POINTS};
use reorg::geo::ProvinceGeometry;
use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::{Dataset, UnitCode};
use reorg::outputs::{OutputOptions, OwnedChart, PlannedChart, build, chart_inputs};
use reorg::pipeline::{PlanResult, RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

/// Where each commune of the dataset lies: code → (district, province),
/// and the names of districts and provinces, read from the dataset's own
/// `units.csv` (not through the library).
struct Input {
    commune: BTreeMap<String, (String, String)>,
    name: BTreeMap<String, String>,
}

fn input() -> Input {
    let mut rdr = csv::Reader::from_path(support::national().join("units.csv")).unwrap();
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (code, name, level, parent) = (col("code"), col("name"), col("level"), col("parent_code"));
    let mut district_of = BTreeMap::new();
    let mut province_of = BTreeMap::new();
    let mut names = BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        names.insert(r[code].to_string(), r[name].to_string());
        match &r[level] {
            "district" => {
                province_of.insert(r[code].to_string(), r[parent].to_string());
            }
            "commune" => {
                district_of.insert(r[code].to_string(), r[parent].to_string());
            }
            _ => {}
        }
    }
    Input {
        commune: district_of
            .into_iter()
            .map(|(c, d)| {
                let p = province_of[&d].clone();
                (c, (d, p))
            })
            .collect(),
        name: names,
    }
}

struct Run {
    ds: Dataset,
    rules: RuleSet,
    sc: Scenario,
    result: PlanResult,
}

fn plan(province: Option<&str>) -> Run {
    let ds = load_dir(&support::national()).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario::default();
    let result = run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: province.map(UnitCode::from),
            progress: None,
        },
    )
    .unwrap();
    Run {
        ds,
        rules,
        sc,
        result,
    }
}

fn options<'g>(
    province: Option<&str>,
    geometry: Option<&'g ProvinceGeometry>,
) -> OutputOptions<'g> {
    OutputOptions {
        lang: Lang::Vi,
        area_label: province.map_or("Toàn quốc".into(), |p| format!("Tỉnh {p}")),
        dataset_label: "data/vn/2023".into(),
        geometry,
        single_province: province.is_some(),
        charts: true,
        ..OutputOptions::default()
    }
}

/// A table of the report, as records by column name.
fn table(files: &BTreeMap<String, Vec<u8>>, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_reader(&files[name][..]);
    let h = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            h.iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// The report's tables (charts off: the numbers are the same).
fn tables(r: &Run, province: Option<&str>) -> BTreeMap<String, Vec<u8>> {
    let mut o = options(province, None);
    o.charts = false;
    build(&r.ds, &r.result, &r.rules, &r.sc, &o)
        .unwrap()
        .files
        .into_iter()
        .collect()
}

/// What a row of the charts is: the province (national) or the district
/// holding the commune's district after every district merge of
/// `plan.csv` (one province).
struct Rows {
    /// district → district after the plan (from `plan.csv`'s district rows).
    finals: BTreeMap<String, String>,
    /// final district → its name after the plan.
    final_name: BTreeMap<String, String>,
    single: bool,
}

impl Rows {
    fn new(plan: &[BTreeMap<String, String>], single: bool) -> Rows {
        let mut finals: BTreeMap<String, String> = BTreeMap::new();
        let mut final_name = BTreeMap::new();
        let mut district_rows: Vec<&BTreeMap<String, String>> =
            plan.iter().filter(|r| r["level"] == "district").collect();
        district_rows.sort_by(|a, b| a["phase"].cmp(&b["phase"]));
        for r in district_rows {
            let new = r["new_code"].clone();
            for m in r["members"].split(';') {
                finals.insert(m.to_string(), new.clone());
            }
            for v in finals.values_mut() {
                if r["members"].split(';').any(|m| m == v) {
                    *v = new.clone();
                }
            }
            final_name.insert(new, r["proposed_name"].clone());
        }
        Rows {
            finals,
            final_name,
            single,
        }
    }

    /// The row of a district's communes, by name.
    fn of_district(&self, district: &str, input: &Input) -> String {
        if self.single {
            let f = self.finals.get(district).map_or(district, String::as_str);
            self.final_name
                .get(f)
                .cloned()
                .unwrap_or_else(|| input.name[f].clone())
        } else {
            let province = input
                .commune
                .values()
                .find(|(d, _)| d == district)
                .map(|(_, p)| p.clone())
                .unwrap();
            input.name[&province].clone()
        }
    }
}

/// Commune-level units removed by the commune merges of `plan.csv`
/// (members − 1), keyed by `(phase, row)` and by `(year, row)`.
type Removed = BTreeMap<(String, String), u32>;

fn removed(plan: &[BTreeMap<String, String>], rows: &Rows, input: &Input) -> (Removed, Removed) {
    let mut by_phase = Removed::new();
    let mut by_year = Removed::new();
    for r in plan.iter().filter(|r| r["level"] == "commune") {
        let n = u32::try_from(r["members"].split(';').count() - 1).unwrap();
        let row = if rows.single {
            rows.of_district(&r["parent_code"], input)
        } else {
            input.name[&r["province_code"]].clone()
        };
        *by_phase
            .entry((r["phase"].clone(), row.clone()))
            .or_default() += n;
        if !r["year"].is_empty() {
            *by_year.entry((r["year"].clone(), row)).or_default() += n;
        }
    }
    (by_phase, by_year)
}

fn check_counts(province: Option<&str>) {
    let input = input();
    let r = plan(province);
    let files = tables(&r, province);
    let plan_rows = table(&files, "plan.csv");
    let units = table(&files, "units.csv");
    let rows = Rows::new(&plan_rows, province.is_some());
    let in_scope = |p: &str| province.is_none_or(|q| q == p);

    // Before: the dataset's communes per row.
    let mut district_row = BTreeMap::new();
    let mut before: BTreeMap<String, u32> = BTreeMap::new();
    for (d, p) in input.commune.values() {
        if in_scope(p) {
            let row = district_row
                .entry(d.clone())
                .or_insert_with(|| rows.of_district(d, &input))
                .clone();
            *before.entry(row).or_default() += 1;
        }
    }
    let (by_phase, by_year) = removed(&plan_rows, &rows, &input);
    let gone = |phase: &str, row: &str| {
        by_phase
            .get(&(phase.to_string(), row.to_string()))
            .copied()
            .unwrap_or(0)
    };

    // The report's units.csv lists the communes on the map each phase starts
    // from: those of 2026–2030 are the communes left after 2023–2025.
    let mut at_p2: BTreeMap<String, u32> = BTreeMap::new();
    for u in units
        .iter()
        .filter(|u| u["level"] == "commune" && u["phase"] == "2026-2030")
    {
        let (d, _) = input
            .commune
            .get(&u["code"])
            .unwrap_or_else(|| panic!("unit {} of units.csv not in the dataset", u["code"]));
        let row = district_row
            .get(d)
            .cloned()
            .unwrap_or_else(|| rows.of_district(d, &input));
        *at_p2.entry(row).or_default() += 1;
    }

    let charts = chart_inputs(&r.result, &r.rules, &r.sc, &options(province, None)).unwrap();
    let chart = |stem: &str| -> &PlannedChart<'_> {
        charts
            .iter()
            .find(|c| c.stem == stem)
            .unwrap_or_else(|| panic!("no chart {stem}"))
    };

    // Units per district / province.
    let OwnedChart::Districts(d) = &chart("units-per-district").chart else {
        panic!("units-per-district is not the counts chart");
    };
    let drawn: BTreeMap<String, (u32, u32, Option<u32>)> = d
        .rows
        .iter()
        .map(|r| (r.name.clone(), (r.before, r.after_p1, r.after_p2)))
        .collect();
    assert_eq!(drawn.len(), d.rows.len(), "a row is drawn twice");
    assert_eq!(
        drawn.keys().collect::<BTreeSet<_>>(),
        before.keys().collect::<BTreeSet<_>>(),
        "rows of the chart are not the rows of the tables"
    );
    for (row, &b) in &before {
        let a1 = b - gone("2023-2025", row);
        let a2 = a1 - gone("2026-2030", row);
        assert_eq!(
            drawn[row],
            (b, a1, Some(a2)),
            "{row}: chart against units.csv and plan.csv"
        );
        assert_eq!(at_p2.get(row).copied().unwrap_or(0), a1, "{row}: units.csv");
        assert!(a2 <= a1 && a1 <= b, "{row}: a count rises after merges");
    }

    // Units removed per year.
    let OwnedChart::Years(y) = &chart("merges-per-year").chart else {
        panic!("merges-per-year is not the years chart");
    };
    let drawn: Removed = y
        .years
        .iter()
        .flat_map(|y| {
            y.by_district
                .iter()
                .map(move |(name, n)| ((y.year.to_string(), name.clone()), *n))
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    assert_eq!(drawn, by_year, "units removed per year against plan.csv");
    let total_removed: u32 = by_year.values().sum();
    let total_before: u32 = before.values().sum();
    let total_after: u32 = d.rows.iter().filter_map(|r| r.after_p2).sum();
    assert_eq!(total_removed, total_before - total_after);
    assert_eq!(y.by_province, province.is_none());

    // Title, axis and caption name one quantity, in both languages.
    for (lang, s) in [(Lang::Vi, &CHARTS_VI), (Lang::En, &CHARTS_EN)] {
        for (stem, quantity, axis) in [
            ("merges-per-year", s.merges_quantity, s.merges_axis),
            ("units-per-district", s.districts_quantity, s.units_axis),
        ] {
            let mut o = options(province, None);
            o.lang = lang;
            let charts = chart_inputs(&r.result, &r.rules, &r.sc, &o).unwrap();
            let c = charts.iter().find(|c| c.stem == stem).unwrap();
            let q = quantity.to_lowercase();
            assert!(
                c.caption.to_lowercase().contains(&q),
                "{lang} caption {:?}",
                c.caption
            );
            assert!(axis.to_lowercase().contains(&q), "{lang} axis {axis:?}");
            let svg = c.chart.as_chart().svg(lang).unwrap();
            let texts = svg_texts(&svg);
            assert!(
                texts.iter().any(|t| t == &c.caption),
                "{lang} {stem}: title"
            );
            assert!(texts.iter().any(|t| t == axis), "{lang} {stem}: axis");
        }
    }

    // Quadrants: the criteria of the chart's own phase and level.
    for (stem, ids) in [
        ("quadrant-xa-2023-2025", ["M1", "M3"]),
        ("quadrant-huyen-2023-2025", ["M1", "M2"]),
        ("quadrant-xa-2026-2030", ["M4", "M6"]),
        ("quadrant-huyen-2026-2030", ["M4", "M5"]),
    ] {
        let OwnedChart::Quadrant(q) = &chart(stem).chart else {
            panic!("{stem} is not a quadrant");
        };
        for guides in [&q.area_guides, &q.population_guides] {
            let drawn: BTreeSet<&str> = guides.iter().flat_map(|g| g.label.split(", ")).collect();
            assert_eq!(drawn, ids.into_iter().collect(), "{stem}");
        }
        let svg = chart(stem).chart.as_chart().svg(Lang::Vi).unwrap();
        for other in ["M1", "M2", "M3", "M4", "M5", "M6"] {
            let shown = svg_texts(&svg)
                .iter()
                .any(|t| t.split([' ', ',']).any(|w| w == other));
            assert_eq!(shown, ids.contains(&other), "{stem}: line {other}");
        }
        if q.points.len() > DENSE_POINTS {
            assert!(
                svg.matches("<circle").count() < DENSE_POINTS,
                "{stem}: {} points overplotted",
                q.points.len()
            );
        }
    }
}

/// The text of every `<text>` element of an SVG.
fn svg_texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            n.descendants()
                .filter(roxmltree::Node::is_text)
                .filter_map(|t| t.text())
                .collect::<String>()
                .trim()
                .to_string()
        })
        .collect()
}

#[test]
fn national_charts_match_units_and_plan_tables() {
    check_counts(None);
}

#[test]
fn vinh_phuc_charts_match_units_and_plan_tables() {
    check_counts(Some("26"));
}

/// Every fill of a map polygon has its swatch in the legend and every
/// swatch is a fill drawn; the exempt hatch and the removed district lines
/// are explained exactly when drawn; the phase is in the title.
fn check_map_legend(province: &str) {
    let r = plan(Some(province));
    let g = ProvinceGeometry::load(
        &support::national()
            .join("geometry")
            .join(format!("{province}.geojson")),
    )
    .unwrap();
    let charts = chart_inputs(
        &r.result,
        &r.rules,
        &r.sc,
        &options(Some(province), Some(&g)),
    )
    .unwrap();
    let maps: Vec<&PlannedChart<'_>> = charts
        .iter()
        .filter(|c| c.stem.starts_with("map-"))
        .collect();
    assert_eq!(maps.len(), 2, "one map per phase");
    let s: &ChartStrings = &CHARTS_VI;
    for m in maps {
        let OwnedChart::Map(data, geometry) = &m.chart else {
            panic!("{} is not a map", m.stem);
        };
        let svg = m.chart.as_chart().svg(Lang::Vi).unwrap();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let fill = |n: &roxmltree::Node<'_, '_>| n.attribute("fill").map(str::to_string);
        let drawn: BTreeSet<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("polygon"))
            .filter_map(|n| fill(&n))
            .filter(|f| f != "none" && f != "#FFFFFF")
            .collect();
        // Legend swatches: the 18 × 14 boxes.
        let swatches: BTreeSet<String> = doc
            .descendants()
            .filter(|n| {
                n.has_tag_name("rect")
                    && n.attribute("width") == Some("18")
                    && n.attribute("height") == Some("14")
            })
            .filter_map(|n| fill(&n))
            .filter(|f| f != "none" && f != "#FFFFFF")
            .collect();
        assert!(!drawn.is_empty(), "{}: nothing filled", m.stem);
        assert_eq!(drawn, swatches, "{}: fills against legend", m.stem);

        let texts = svg_texts(&svg);
        let has = |t: &str| texts.iter().any(|x| x.contains(t));
        let codes: BTreeSet<&str> = geometry.features.iter().map(|f| f.code.as_str()).collect();
        let exempt_drawn = data.exempt.iter().any(|c| codes.contains(c.as_str()));
        assert_eq!(has(s.map_exempt), exempt_drawn, "{}: exempt legend", m.stem);
        assert_eq!(
            has(s.map_removed_boundary),
            !data.district_merges.is_empty(),
            "{}: removed district boundary legend",
            m.stem
        );
        assert!(
            texts.iter().any(|t| t.contains(&data.phase)),
            "{}: phase",
            m.stem
        );
        assert!(m.caption.contains(&data.phase), "{}: caption", m.stem);
        // Labels carry the kind: every group label starts with it.
        for grp in &data.groups {
            assert!(
                ["Xã ", "Phường ", "Thị trấn "]
                    .iter()
                    .any(|k| grp.name.starts_with(k)),
                "{}: label without kind {:?}",
                m.stem,
                grp.name
            );
        }
    }
}

#[test]
fn map_legend_explains_every_fill_vinh_phuc() {
    check_map_legend("26");
}

#[test]
fn map_legend_explains_every_fill_ha_noi() {
    check_map_legend("01");
}
