//! End to end on the shipped 2023 data: plan the whole country with the
//! default scenario, then schedule every merge under caps, measure the plan
//! and compute the Decree 33 staffing, through the adapters of issue #4.

use std::collections::BTreeMap;
use std::path::Path;

use reorg::io::load_dir;
use reorg::model::{Level, Phase, UnitCode};
use reorg::pipeline::{PlanResult, RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use reorg::scenario::{ScheduleConfig, StaffingConfig};
use reorg::schedule::measures::measure;
use reorg::schedule::{ScheduleError, measure_input, schedule, schedule_item};
use reorg::staffing::{staffing, staffing_group};

fn plan() -> PlanResult {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let ds = load_dir(&dir).unwrap().dataset;
    let rules = RuleSet::builtin("nq35-2023").unwrap();
    let scenario = Scenario::default();
    let opts = RunOptions {
        rules: &rules,
        scenario: &scenario,
        province: None,
        progress: None,
    };
    run(&ds, &opts).unwrap()
}

#[test]
fn national_plan_is_scheduled_measured_and_staffed() {
    let plan = plan();
    assert!(!plan.groups.is_empty());
    let items: Vec<_> = plan.groups.iter().map(schedule_item).collect();

    // Find the smallest province cap that fits, starting from 1: the report
    // of the infeasible run must name it.
    let tight = ScheduleConfig {
        cap_per_year_province: Some(1),
        ..ScheduleConfig::default()
    };
    let Err(ScheduleError::Infeasible(report)) = schedule(&items, &tight) else {
        panic!("one merge per province and year cannot fit the national plan");
    };
    let cap = report
        .phases
        .iter()
        .filter_map(|p| p.min_cap_per_year_province)
        .max()
        .unwrap();
    let config = ScheduleConfig {
        cap_per_year_province: Some(cap),
        ..ScheduleConfig::default()
    };
    let s = schedule(&items, &config).unwrap();
    assert_eq!(s.rows.len(), items.len());
    let years = s.years();
    let mut per: BTreeMap<(&UnitCode, u16), u32> = BTreeMap::new();
    for it in &items {
        let y = years[&it.group_id];
        let (first, last) = match it.phase {
            Phase::Phase2023To2025 => (2024, 2025),
            _ => (2026, 2030),
        };
        assert!((first..=last).contains(&y), "{} in {y}", it.group_id);
        *per.entry((&it.province, y)).or_default() += 1;
        for d in &it.depends_on {
            assert_eq!(
                years[d], y,
                "{} and its district merge {d}: same year",
                it.group_id
            );
        }
    }
    assert!(per.values().all(|&n| n <= cap));
    assert!(
        per.values().any(|&n| n == cap),
        "the minimal cap is reached somewhere"
    );

    let inputs: Vec<_> = plan
        .groups
        .iter()
        .map(|g| measure_input(g, years[&g.group_id]))
        .collect();
    let m = measure(&inputs).unwrap();
    assert_eq!(m.total.groups as usize, plan.groups.len());
    let members: usize = plan.groups.iter().map(|g| g.members.len()).sum();
    assert_eq!(m.total.units_touched as usize, members);

    let groups: Vec<_> = plan
        .groups
        .iter()
        .filter(|g| {
            g.members
                .iter()
                .all(|m| m.unit.population.is_some() && m.unit.area_km2.is_some())
        })
        .map(|g| staffing_group(g, years[&g.group_id]))
        .collect();
    let r = staffing(&groups, &StaffingConfig::default()).unwrap();
    assert_eq!(r.rows.len(), groups.len());
    for row in &r.rows {
        match row.level {
            Level::Commune => {
                // The surplus may be 0: e.g. 2C-655-2 makes a thị trấn of
                // 330 km² whose area additions (22 steps of its 14 km²
                // standard) equal the quota of the mountain xã it absorbs.
                let c = row.cadres.unwrap();
                assert_eq!(c.surplus(), c.before.saturating_sub(c.after));
                assert_eq!(row.roadmap[0].cadres, c.surplus());
                assert_eq!(row.roadmap.last().unwrap().cadres, 0);
            }
            _ => assert!(row.cadres.is_none()),
        }
    }
    let last = r.totals.iter().rfind(|t| t.province.is_none()).unwrap();
    assert_eq!((last.year, last.remaining_cadres), (2035, 0));
    let positive = r
        .rows
        .iter()
        .filter_map(|x| x.cadres)
        .filter(|c| c.surplus() > 0)
        .count();
    let communes = r.rows.iter().filter(|x| x.cadres.is_some()).count();
    assert!(
        positive * 10 >= communes * 9,
        "almost every commune merge frees posts"
    );
    let sum = |f: fn(&reorg::staffing::StaffingRow) -> Option<reorg::staffing::Headcount>| {
        r.rows
            .iter()
            .filter_map(f)
            .map(|c| c.surplus())
            .sum::<u32>()
    };
    eprintln!(
        "groups {}, commune groups staffed {communes} ({positive} with a surplus), minimal cap per province {cap}, people whose unit changes {}, surplus cadres {}, part-time {}",
        plan.groups.len(),
        m.total.people_changing_unit,
        sum(|x| x.cadres),
        sum(|x| x.part_time),
    );
}

fn plan_of(dir: &Path, scenario: &Scenario) -> (reorg::model::Dataset, PlanResult) {
    let ds = load_dir(dir).unwrap().dataset;
    let rules = RuleSet::builtin(&scenario.rules).unwrap();
    let opts = RunOptions {
        rules: &rules,
        scenario,
        province: None,
        progress: None,
    };
    let plan = run(&ds, &opts).unwrap();
    (ds, plan)
}

/// Issue #16 item 5, on a small map (Bắc Kạn, the golden fixture): the
/// people whose unit changes in phase 1 are the distinct population of the
/// communes whose commune or district changes, counted from units.csv.
#[test]
fn people_touched_are_counted_once_on_a_small_map() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/golden");
    let (ds, plan) = plan_of(&dir, &Scenario::default());
    let items: Vec<_> = plan.groups.iter().map(schedule_item).collect();
    let years = schedule(&items, &ScheduleConfig::default())
        .unwrap()
        .years();
    let m = measure(&reorg::schedule::measure_inputs(&ds, &plan.groups, &years)).unwrap();
    let naive = measure(
        &plan
            .groups
            .iter()
            .map(|g| measure_input(g, years[&g.group_id]))
            .collect::<Vec<_>>(),
    )
    .unwrap();

    // The distinct count, from the units table: a commune is touched when it
    // is a member of a commune merge that does not keep its code, or when
    // its district is a district merge's member that does not keep its code.
    let p1 = Phase::Phase2023To2025;
    let mut touched: std::collections::BTreeSet<&str> = Default::default();
    let mut absorbed: std::collections::BTreeSet<&str> = Default::default();
    for g in plan.groups.iter().filter(|g| g.phase == p1) {
        for mb in g.members.iter().filter(|m| m.unit.code != g.new_unit.code) {
            match g.level {
                Level::District => {
                    absorbed.insert(mb.unit.code.as_str());
                }
                _ => {
                    touched.insert(mb.unit.code.as_str());
                }
            }
        }
    }
    assert!(!absorbed.is_empty(), "the fixture has a district merge");
    for u in ds.units() {
        if u.level == Level::Commune
            && u.parent_code
                .as_ref()
                .is_some_and(|p| absorbed.contains(p.as_str()))
        {
            touched.insert(u.code.as_str());
        }
    }
    let distinct: u64 = touched
        .iter()
        .map(|c| ds.get(c).unwrap().population.unwrap())
        .sum();
    let got = m.per_phase[&p1].people_changing_unit;
    assert_eq!(got, distinct);
    assert!(
        naive.per_phase[&p1].people_changing_unit > distinct,
        "the fixture has a commune merge inside an absorbed district"
    );
    assert_eq!(
        naive.per_phase[&p1].people_changing_unit - got,
        m.per_phase[&p1].people_counted_with_district
    );
}

/// Issue #16 items 2 and 3 on the national plan under `than-trong`: the
/// level mode spreads phase 1 over both years with the busiest year at
/// most half the phase's merges (rounded up), its busiest year is no busier
/// than the earliest mode's, and no commune merge ranks before its district
/// merge.
#[test]
fn than_trong_levels_the_national_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sc = Scenario::load(&root.join("scenarios/than-trong.toml")).unwrap();
    assert_eq!(sc.schedule.mode, reorg::scenario::ScheduleMode::Level);
    let (_, plan) = plan_of(&root.join("data/vn/2023"), &sc);
    let items: Vec<_> = plan.groups.iter().map(schedule_item).collect();
    let per_year = |s: &reorg::schedule::Schedule| {
        let mut per: BTreeMap<(Phase, u16), u32> = BTreeMap::new();
        for r in &s.rows {
            *per.entry((r.phase, r.year)).or_default() += 1;
        }
        per
    };
    let level = schedule(&items, &sc.schedule).unwrap();
    let earliest_config = ScheduleConfig {
        mode: reorg::scenario::ScheduleMode::Earliest,
        ..sc.schedule.clone()
    };
    let earliest = schedule(&items, &earliest_config).unwrap();
    let (lv, ea) = (per_year(&level), per_year(&earliest));
    let p1 = Phase::Phase2023To2025;
    let n1 = items.iter().filter(|i| i.phase == p1).count() as u32;
    let p1_years: Vec<u32> = lv
        .iter()
        .filter(|((p, _), _)| *p == p1)
        .map(|(_, &n)| n)
        .collect();
    assert!(p1_years.len() >= 2, "phase 1 spreads over {p1_years:?}");
    assert!(
        p1_years.iter().all(|&n| n <= n1.div_ceil(2)),
        "{p1_years:?} of {n1}"
    );
    assert!(lv.values().max() <= ea.values().max(), "{lv:?} vs {ea:?}");
    let rank: BTreeMap<&str, u32> = level
        .rows
        .iter()
        .map(|r| (r.group_id.as_str(), r.priority))
        .collect();
    for it in &items {
        for d in &it.depends_on {
            assert!(
                rank[d.as_str()] < rank[it.group_id.as_str()],
                "{}",
                it.group_id
            );
        }
    }
    eprintln!("than-trong per year: level {lv:?}, earliest {ea:?}");
}
