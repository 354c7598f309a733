//! Golden tests (issue #5): the CSV tables and `summary.md` of the whole
//! pipeline (plan → schedule → stability → staffing → report, charts off)
//! on a small real fixture, compared byte for byte with reviewed files.
//!
//! The fixture `tests/data/golden/` is one province extracted unchanged from
//! `data/vn/2023`: 06 Tỉnh Bắc Kạn (1 province, 8 districts, 108 communes,
//! 291 adjacent pairs inside the province). It has merges in both phases and
//! at both levels, a three-district merge, a new unit below the standard,
//! unresolved targets and a kind conflict (Thành phố Bắc Kạn, whose merge with
//! its huyện would put thị trấn under a thành phố, Hiến pháp 2013 Điều 110).
//!
//! After a deliberate change of the outputs:
//! `UPDATE_GOLDEN=1 cargo test --test it -- golden_outputs`, then read the diff of
//! `tests/data/golden/expected/` before committing it.

use crate::support;

use std::collections::BTreeMap;
use std::path::PathBuf;

use approx::assert_relative_eq;
use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::Dataset;
use reorg::outputs::{OutputOptions, build};
use reorg::pipeline::{RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

/// The files pinned by the golden test.
const FILES: [&str; 8] = [
    "plan.csv",
    "unresolved.csv",
    "units.csv",
    "schedule.csv",
    "stability.csv",
    "staffing.csv",
    "staffing_years.csv",
    "summary.md",
];

fn fixture() -> PathBuf {
    support::root().join("tests/data/golden")
}

fn expected_dir() -> PathBuf {
    fixture().join("expected")
}

fn dataset() -> Dataset {
    let loaded = load_dir(&fixture()).unwrap();
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    loaded.dataset
}

/// Every file the library renders for the fixture, by name.
fn render(ds: &Dataset) -> BTreeMap<String, Vec<u8>> {
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario::default();
    let result = run(
        ds,
        &RunOptions {
            rules: &rules,
            scenario: &sc,
            province: None,
            progress: None,
        },
    )
    .unwrap();
    let out = build(
        ds,
        &result,
        &rules,
        &sc,
        &OutputOptions {
            lang: Lang::Vi,
            area_label: "Tỉnh Bắc Kạn".into(),
            dataset_label: "tests/data/golden".into(),
            charts: false,
            // One province's data: its report, as `reorg plan` writes it.
            single_province: true,
            ..OutputOptions::default()
        },
    )
    .unwrap();
    out.files.into_iter().collect()
}

/// The first line where two texts differ, for a readable failure.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        if e.get(i) != a.get(i) {
            return format!(
                "line {}:\n  expected: {:?}\n  actual:   {:?}",
                i + 1,
                e.get(i),
                a.get(i)
            );
        }
    }
    "line endings or trailing bytes differ".into()
}

#[test]
fn outputs_match_the_golden_files() {
    let files = render(&dataset());
    let update = std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1");
    let mut failures = Vec::new();
    for name in FILES {
        let actual = files
            .get(name)
            .unwrap_or_else(|| panic!("{name} not built"));
        let path = expected_dir().join(name);
        if update {
            std::fs::create_dir_all(expected_dir()).unwrap();
            std::fs::write(&path, actual).unwrap();
            continue;
        }
        let expected = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 creates it)", path.display()));
        if &expected != actual {
            failures.push(format!(
                "{name}: {}",
                first_difference(
                    &String::from_utf8_lossy(&expected),
                    &String::from_utf8_lossy(actual)
                )
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "outputs differ from tests/data/golden/expected/ (UPDATE_GOLDEN=1 rewrites them after review):\n{}",
        failures.join("\n")
    );
}

/// The binary writes the same tables as the library (the report folder of
/// `reorg plan` on the fixture).
#[test]
fn binary_plan_matches_the_golden_files() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    let o = support::reorg([
        "plan".as_ref(),
        fixture().as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-charts".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", support::stderr(&o));
    for name in FILES.iter().filter(|n| n.ends_with(".csv")) {
        let expected = std::fs::read(expected_dir().join(name)).unwrap();
        let actual = std::fs::read(out.join(name)).unwrap();
        assert!(
            expected == actual,
            "{name} of `reorg plan` differs from the golden file: {}",
            first_difference(
                &String::from_utf8_lossy(&expected),
                &String::from_utf8_lossy(&actual)
            )
        );
    }
}

/// The fixture is an unchanged extract: planning it alone gives the same
/// plan as planning the country and keeping province 06. Under the
/// standards-first objective (`dat-chuan`): the default's `border_share`
/// sees each unit's whole border, and the extract has no border with the
/// provinces around it, so the default may choose other partners at the
/// province's edge.
#[test]
fn fixture_plans_like_its_province_in_the_national_run() {
    let national = load_dir(&support::national()).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let sc = Scenario {
        objective: reorg::scenario::standards_first_objective(),
        ..Scenario::default()
    };
    let opts = |province| RunOptions {
        rules: &rules,
        scenario: &sc,
        province,
        progress: None,
    };
    let whole = run(&national, &opts(Some("06".into()))).unwrap();
    let alone = run(&dataset(), &opts(None)).unwrap();
    let key = |r: &reorg::pipeline::PlanResult| {
        r.groups
            .iter()
            .map(|g| (g.group_id.clone(), g.member_codes(), g.new_unit.population))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&whole), key(&alone));
    assert_eq!(whole.unresolved.len(), alone.unresolved.len());
}

/// A parsed CSV: header and rows as column → value.
fn read_csv(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            header
                .iter()
                .cloned()
                .zip(rec.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, col: &str) -> f64 {
    row[col]
        .parse()
        .unwrap_or_else(|_| panic!("{col} = {:?}", row[col]))
}

/// Checks of the golden plan against the fixture data, independent of the
/// code that wrote it: every phase-1 group's area and population are the sums
/// of its members' figures in `units.csv`, and the ratios are those sums over
/// the standard written next to them. Phase-2 members may be phase-1 merges,
/// so for phase 2 the sums are taken over the original units they contain.
#[test]
fn golden_plan_rows_add_up() {
    let units = read_csv(&std::fs::read_to_string(fixture().join("units.csv")).unwrap());
    let by_code: BTreeMap<&str, &BTreeMap<String, String>> =
        units.iter().map(|u| (u["code"].as_str(), u)).collect();
    let plan = read_csv(&std::fs::read_to_string(expected_dir().join("plan.csv")).unwrap());
    assert!(!plan.is_empty());
    // Original communes/districts inside each new unit (by its code), phase by phase.
    let mut contents: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut seen = (false, false, false, false);
    for g in &plan {
        let members: Vec<String> = g["members"].split(';').map(String::from).collect();
        let originals: Vec<String> = members
            .iter()
            .flat_map(|m| contents.get(m).cloned().unwrap_or_else(|| vec![m.clone()]))
            .collect();
        let area: f64 = originals
            .iter()
            .map(|c| num(by_code[c.as_str()], "area_km2"))
            .sum();
        let pop: f64 = originals
            .iter()
            .map(|c| num(by_code[c.as_str()], "population"))
            .sum();
        // Growth is 0 in the default scenario: phase-2 populations are 2019's.
        assert_relative_eq!(num(g, "area_km2"), area, max_relative = 1e-9);
        assert_relative_eq!(num(g, "population"), pop, max_relative = 1e-12);
        assert_relative_eq!(
            num(g, "area_ratio"),
            area / num(g, "standard_area_km2"),
            epsilon = 5e-5
        );
        assert_relative_eq!(
            num(g, "population_ratio"),
            pop / num(g, "standard_population"),
            epsilon = 5e-5
        );
        let meets = num(g, "area_ratio") >= 1.0 && num(g, "population_ratio") >= 1.0;
        assert_eq!(g["meets_standard"] == "true", meets, "{}", g["group_id"]);
        contents.insert(g["new_code"].clone(), originals);
        match (g["phase"].as_str(), g["level"].as_str()) {
            ("2023-2025", "district") => seen.0 = true,
            ("2023-2025", "commune") => seen.1 = true,
            ("2026-2030", "district") => seen.2 = true,
            ("2026-2030", "commune") => seen.3 = true,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(seen, (true, true, true, true), "both phases, both levels");
}
