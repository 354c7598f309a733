//! `assess_dataset` on the shipped national data: structural facts that must
//! hold whatever the counts (every unit assessed per phase, empty area is
//! `unknown`, islands never `mandatory`, ...).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use reorg::assess::{Assessment, Status, assess_dataset, csv_header, encode_csv, write_csv};
use reorg::io::load_dir;
use reorg::lang::Lang;
use reorg::model::{ArrangedIn, Dataset, Level, Phase, UnitCode};
use reorg::rules::RuleSet;

fn dataset(year: &str) -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/vn")
        .join(year);
    load_dir(&dir).unwrap().dataset
}

fn vn2023() -> &'static (Dataset, Vec<Assessment>) {
    static CELL: OnceLock<(Dataset, Vec<Assessment>)> = OnceLock::new();
    CELL.get_or_init(|| {
        let ds = dataset("2023");
        let rows = assess_dataset(&RuleSet::builtin("nq35-2023").unwrap(), &ds, None);
        (ds, rows)
    })
}

#[test]
fn every_district_and_commune_is_assessed_once_per_phase() {
    let (ds, rows) = vn2023();
    let units: Vec<&UnitCode> = ds
        .units()
        .iter()
        .filter(|u| u.level != Level::Province)
        .map(|u| &u.code)
        .collect();
    assert_eq!(rows.len(), units.len() * 2);
    let mut seen: BTreeMap<(&UnitCode, Phase), usize> = BTreeMap::new();
    for a in rows {
        *seen.entry((&a.code, a.phase)).or_default() += 1;
    }
    for code in units {
        for phase in [Phase::Phase2023To2025, Phase::Phase2026To2030] {
            assert_eq!(seen.get(&(code, phase)), Some(&1), "{code} {phase}");
        }
    }
    assert!(
        rows.windows(2)
            .all(|w| (&w[0].code, w[0].phase) < (&w[1].code, w[1].phase))
    );
}

#[test]
fn missing_figures_give_unknown_and_only_they_do() {
    let (ds, rows) = vn2023();
    let mut unknown = 0;
    for a in rows {
        let u = ds.get(a.code.as_str()).unwrap();
        let missing = u.area_km2.is_none() || u.population.is_none();
        assert_eq!(a.status == Status::Unknown, missing, "{}", a.code);
        if u.area_km2.is_none() {
            assert_eq!(a.area_ratio, None);
            unknown += 1;
        }
    }
    // The README lists 18 communes without area: some must exist to test anything.
    assert!(unknown > 0);
}

#[test]
fn islands_and_earlier_merges_are_never_mandatory() {
    let (ds, rows) = vn2023();
    let mut islands = 0;
    let mut e5 = 0;
    for a in rows {
        let u = ds.get(a.code.as_str()).unwrap();
        if u.attrs.island == Some(true) {
            islands += 1;
            assert_ne!(a.status, Status::Mandatory, "{}", a.code);
        }
        if u.attrs.arranged_in == Some(ArrangedIn::Round2019To2021) {
            assert_ne!(a.status, Status::Mandatory, "{}", a.code);
            if a.status == Status::Exempt && a.phase == Phase::Phase2023To2025 {
                e5 += 1;
            }
        }
    }
    assert!(islands > 0);
    assert!(e5 > 0);
}

#[test]
fn status_rule_and_ratios_agree() {
    let (_, rows) = vn2023();
    for a in rows {
        match a.status {
            Status::Mandatory => {
                let r = a.rule.as_deref().unwrap();
                assert!(r.starts_with('M'), "{}", a.code);
                assert_eq!(a.criterion.as_deref(), Some(r));
            }
            Status::Exempt => {
                assert!(a.rule.as_deref().unwrap().starts_with('E'));
                assert!(a.criterion.is_some());
            }
            Status::MeetsStandard => {
                assert!(a.area_ratio.unwrap() >= 1.0 - 1e-9);
                assert!(a.population_ratio.unwrap() >= 1.0 - 1e-9);
                assert_eq!(a.rule, None);
            }
            Status::BelowStandard => {
                assert!(a.area_ratio.unwrap() < 1.0 || a.population_ratio.unwrap() < 1.0);
                assert_eq!(a.rule, None);
            }
            Status::Unknown => assert_eq!(a.rule, None),
        }
        // Phase-1 criteria in phase 1, phase-2 criteria in phase 2.
        if let Some(c) = &a.criterion {
            let phase1 = ["M1", "M2", "M3"].contains(&c.as_str());
            assert_eq!(phase1, a.phase == Phase::Phase2023To2025, "{} {c}", a.code);
        }
    }
}

#[test]
fn a_unit_mandatory_in_2023_2025_is_mandatory_or_exempt_later() {
    // Phase-2 thresholds (100% / 30%) are looser than phase 1 (70% / 20%).
    let (_, rows) = vn2023();
    for pair in rows.chunks(2) {
        let (p1, p2) = (&pair[0], &pair[1]);
        assert_eq!(p1.code, p2.code);
        if p1.status == Status::Mandatory {
            assert!(
                matches!(p2.status, Status::Mandatory | Status::Exempt),
                "{}",
                p1.code
            );
        }
    }
}

#[test]
fn ward_standards_follow_the_parent_district() {
    let (ds, rows) = vn2023();
    for a in rows
        .iter()
        .filter(|a| a.kind == reorg::model::UnitKind::Phuong)
    {
        let u = ds.get(a.code.as_str()).unwrap();
        let parent = ds.get(u.parent_code.as_ref().unwrap().as_str()).unwrap();
        let expected = match parent.kind {
            reorg::model::UnitKind::Quan => "phuong_thuoc_quan",
            reorg::model::UnitKind::ThanhPho => "phuong_thuoc_thanh_pho",
            reorg::model::UnitKind::ThiXa => "phuong_thuoc_thi_xa",
            _ => continue,
        };
        assert_eq!(a.standard.id, expected, "{}", a.code);
    }
}

#[test]
fn one_province_is_the_matching_subset() {
    let (ds, rows) = vn2023();
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let code = UnitCode::from("10");
    let part = assess_dataset(&rules, ds, Some(&code));
    assert!(!part.is_empty());
    let pid = ds.id_of(&code).unwrap();
    let expected: Vec<&Assessment> = rows
        .iter()
        .filter(|a| ds.province_of(ds.id_of(&a.code).unwrap()) == Some(pid))
        .collect();
    assert_eq!(part.iter().collect::<Vec<_>>(), expected);
    assert!(assess_dataset(&rules, ds, Some(&UnitCode::from("xx"))).is_empty());
}

#[test]
fn the_csv_is_deterministic_and_written_atomically() {
    let (ds, rows) = vn2023();
    let path = Path::new("units.csv");
    let a = encode_csv(
        ds,
        rows,
        Lang::Vi,
        path,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    let b = encode_csv(
        ds,
        rows,
        Lang::Vi,
        path,
        reorg::io::csv_out::CsvStyle { bom: false },
    )
    .unwrap();
    assert_eq!(a, b);
    let text = String::from_utf8(a).unwrap();
    let header = text.lines().next().unwrap();
    assert_eq!(header, csv_header().join(","));
    assert_eq!(
        header,
        "code,level,phase,status,rule,area_ratio,population_ratio,assumptions,name,parent_code,\
         kind,criterion,standard_id,area_standard_km2,population_standard,area_km2,population,\
         area_reduction,population_reduction,mountainous,mountainous_basis,land_border,tag,\
         area_source,population_source"
    );
    assert_eq!(text.lines().count(), rows.len() + 1);

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("assess.csv");
    write_csv(&out, ds, rows, Lang::En, Default::default()).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["assess.csv"]);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let first = r.records().next().unwrap().unwrap();
    // Ratios carry 4 decimals.
    let ratio = &first[5];
    assert!(
        ratio.is_empty() || ratio.split('.').nth(1).unwrap().len() == 4,
        "{ratio}"
    );
}

#[test]
fn nq653_on_2019_assesses_one_phase_without_e5_e6() {
    let ds = dataset("2019");
    let rules = RuleSet::builtin("nq653-2019").unwrap();
    let rows = assess_dataset(&rules, &ds, None);
    let n = ds
        .units()
        .iter()
        .filter(|u| u.level != Level::Province)
        .count();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|a| a.phase == Phase::Round2019To2021));
    assert!(
        rows.iter()
            .all(|a| a.standard.area_reduction.is_none()
                && a.standard.population_reduction.is_none())
    );
    assert!(
        rows.iter()
            .filter(|a| a.status == Status::Exempt)
            .all(|a| !matches!(a.rule.as_deref(), Some("E5" | "E6")))
    );
    assert!(rows.iter().any(|a| a.status == Status::Mandatory));
}
