//! Property tests of the scheduler (issue #4): on random inputs, every year is
//! in the window, no year exceeds a cap, dependencies hold, the answer agrees
//! with brute force on feasibility, the schedule is the lexicographically
//! earliest in priority order, and the reported minimal caps are minimal.

use std::collections::BTreeMap;

use proptest::prelude::*;
use reorg::model::{Level, Phase, UnitCode};
use reorg::scenario::{ScheduleConfig, ScheduleMode, SyncRule};
use reorg::schedule::{ScheduleError, ScheduleItem, compare_priority, schedule};

const PHASE: Phase = Phase::Phase2023To2025;

#[derive(Clone, Debug)]
struct Case {
    items: Vec<ScheduleItem>,
    config: ScheduleConfig,
}

fn case(max_items: usize, max_years: u16) -> impl Strategy<Value = Case> {
    let item = (
        0..2usize,
        0..3usize,
        any::<bool>(),
        0..5u8,
        proptest::option::of(0..4u8),
        proptest::option::of(any::<prop::sample::Index>()),
    );
    (
        proptest::collection::vec(item, 1..=max_items),
        1..=max_years,
        proptest::option::of(1..5u32),
        proptest::option::of(1..4u32),
        any::<bool>(),
    )
        .prop_map(|(raw, years, cap_p, cap_d, same)| {
            let mut items: Vec<ScheduleItem> = Vec::new();
            for (i, (prov, dist, mandatory, sev, ready, dep)) in raw.into_iter().enumerate() {
                let mut prov = prov;
                let mut depends_on = vec![];
                if let Some(ix) = dep.filter(|_| i > 0) {
                    let j = ix.index(i);
                    prov = items[j].province.0.parse::<usize>().unwrap();
                    depends_on.push(items[j].group_id.clone());
                }
                items.push(ScheduleItem {
                    group_id: format!("g{i:02}"),
                    phase: PHASE,
                    level: if depends_on.is_empty() {
                        Level::District
                    } else {
                        Level::Commune
                    },
                    district: UnitCode(format!("{prov}{dist}")),
                    province: UnitCode(format!("{prov}")),
                    mandatory,
                    severity: f64::from(sev) / 4.0,
                    readiness: ready.map(|r| f64::from(r) / 4.0),
                    consent_share: None,
                    depends_on,
                });
            }
            let config = ScheduleConfig {
                cap_per_year_province: cap_p,
                cap_per_year_district: cap_d,
                sync: if same {
                    SyncRule::SameYear
                } else {
                    SyncRule::NotBefore
                },
                phase1_years: (2024, 2024 + years - 1),
                ..ScheduleConfig::default()
            };
            Case { items, config }
        })
}

/// Whether `years` (one per item) respects window, caps and dependencies.
fn valid(c: &Case, years: &[u16]) -> bool {
    let w = c.config.window(PHASE);
    let idx: BTreeMap<&str, usize> = c
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (it.group_id.as_str(), i))
        .collect();
    let mut per_p: BTreeMap<(&UnitCode, u16), u32> = BTreeMap::new();
    let mut per_d: BTreeMap<(&UnitCode, u16), u32> = BTreeMap::new();
    for (it, &y) in c.items.iter().zip(years) {
        if y < w.first || y > w.last {
            return false;
        }
        *per_p.entry((&it.province, y)).or_default() += 1;
        *per_d.entry((&it.district, y)).or_default() += 1;
        for d in &it.depends_on {
            let dy = years[idx[d.as_str()]];
            let ok = match c.config.sync {
                SyncRule::SameYear => dy == y,
                SyncRule::NotBefore => dy + c.config.min_gap_years <= y,
            };
            if !ok {
                return false;
            }
        }
    }
    c.config
        .cap_per_year_province
        .is_none_or(|cap| per_p.values().all(|&n| n <= cap))
        && c.config
            .cap_per_year_district
            .is_none_or(|cap| per_d.values().all(|&n| n <= cap))
}

/// All valid year vectors, by brute force.
fn all_valid(c: &Case) -> Vec<Vec<u16>> {
    let w = c.config.window(PHASE);
    let ny = usize::from(w.last - w.first) + 1;
    let n = c.items.len();
    let mut out = Vec::new();
    for code in 0..ny.pow(n as u32) {
        let mut k = code;
        let years: Vec<u16> = (0..n)
            .map(|_| {
                let y = w.first + (k % ny) as u16;
                k /= ny;
                y
            })
            .collect();
        if valid(c, &years) {
            out.push(years);
        }
    }
    out
}

fn years_of(c: &Case, s: &reorg::schedule::Schedule) -> Vec<u16> {
    c.items
        .iter()
        .map(|it| s.year_of(&it.group_id).unwrap())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn schedule_is_valid_and_agrees_with_brute_force(c in case(7, 3)) {
        let brute = all_valid(&c);
        match schedule(&c.items, &c.config) {
            Ok(s) => {
                prop_assert_eq!(s.rows.len(), c.items.len());
                prop_assert!(valid(&c, &years_of(&c, &s)), "caps, window or dependencies broken");
                prop_assert!(!brute.is_empty());
            }
            Err(ScheduleError::Infeasible(_)) => prop_assert!(brute.is_empty(), "a valid schedule exists"),
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    #[test]
    fn without_dependencies_the_schedule_is_lexicographically_first(c in case(7, 3)) {
        let mut c = c;
        for it in &mut c.items { it.depends_on.clear(); }
        let mut order: Vec<usize> = (0..c.items.len()).collect();
        order.sort_by(|&a, &b| compare_priority(&c.items[a], &c.items[b]));
        let best = all_valid(&c)
            .into_iter()
            .min_by_key(|ys| order.iter().map(|&i| ys[i]).collect::<Vec<_>>());
        match (schedule(&c.items, &c.config), best) {
            (Ok(s), Some(b)) => prop_assert_eq!(years_of(&c, &s), b),
            (Err(ScheduleError::Infeasible(_)), None) => {}
            (r, b) => prop_assert!(false, "mismatch: {r:?} vs {b:?}"),
        }
    }

    #[test]
    fn reported_minimal_caps_fit_and_one_less_does_not(c in case(14, 3)) {
        if let Err(ScheduleError::Infeasible(report)) = schedule(&c.items, &c.config) {
            let p = &report.phases[0];
            if let Some(cap) = p.min_cap_per_year_province {
                let fit = ScheduleConfig { cap_per_year_province: Some(cap), ..c.config.clone() };
                prop_assert!(schedule(&c.items, &fit).is_ok());
                let less = ScheduleConfig { cap_per_year_province: Some(cap - 1), ..c.config.clone() };
                prop_assert!(matches!(schedule(&c.items, &less), Err(ScheduleError::Infeasible(_))));
            }
            if let Some((cp, cd)) = p.joint_min_caps {
                prop_assert!(p.min_cap_per_year_province.is_none() && p.min_cap_per_year_district.is_none());
                let fit = ScheduleConfig {
                    cap_per_year_province: Some(cp),
                    cap_per_year_district: Some(cd),
                    ..c.config.clone()
                };
                prop_assert!(schedule(&c.items, &fit).is_ok());
            }
            if let Some(cap) = p.min_cap_per_year_district {
                let fit = ScheduleConfig { cap_per_year_district: Some(cap), ..c.config.clone() };
                prop_assert!(schedule(&c.items, &fit).is_ok());
                let less = ScheduleConfig { cap_per_year_district: Some(cap - 1), ..c.config.clone() };
                prop_assert!(matches!(schedule(&c.items, &less), Err(ScheduleError::Infeasible(_))));
            }
        }
    }
}

/// The largest number of merges of one province in one year.
fn busiest(c: &Case, years: &[u16]) -> u32 {
    let mut per: BTreeMap<(&UnitCode, u16), u32> = BTreeMap::new();
    for (it, &y) in c.items.iter().zip(years) {
        *per.entry((&it.province, y)).or_default() += 1;
    }
    per.into_values().max().unwrap_or(0)
}

fn rank_of(s: &reorg::schedule::Schedule) -> BTreeMap<&str, u32> {
    s.rows
        .iter()
        .map(|r| (r.group_id.as_str(), r.priority))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Issue #16: the rank of schedule.csv never puts a commune merge before
    /// the district merge it depends on, whatever the key, sync and mode.
    #[test]
    fn rank_respects_dependencies(c in case(12, 3), level in any::<bool>(), by_severity in any::<bool>()) {
        let mut c = c;
        if level { c.config.mode = ScheduleMode::Level; }
        if by_severity {
            c.config.priority = vec![reorg::scenario::PriorityKey::Severity];
        }
        if let Ok(s) = schedule(&c.items, &c.config) {
            let rank = rank_of(&s);
            let mut seen: Vec<u32> = rank.values().copied().collect();
            seen.sort_unstable();
            prop_assert_eq!(seen, (1..=c.items.len() as u32).collect::<Vec<_>>());
            for it in &c.items {
                for d in &it.depends_on {
                    prop_assert!(rank[d.as_str()] < rank[it.group_id.as_str()],
                        "{} ranked {} before its dependency {} ({})",
                        it.group_id, rank[it.group_id.as_str()], d, rank[d.as_str()]);
                }
            }
        }
    }

    /// Issue #16: the level mode finds a schedule exactly when one exists
    /// (a minimum gap included), and its busiest (province, year) is the
    /// smallest any valid schedule allows, so never above the earliest
    /// mode's.
    #[test]
    fn level_mode_minimises_the_busiest_year(c in case(7, 3), gap in 0..2u16) {
        let mut c = c;
        if c.config.sync == SyncRule::NotBefore { c.config.min_gap_years = gap; }
        let brute = all_valid(&c);
        let earliest = schedule(&c.items, &c.config);
        c.config.mode = ScheduleMode::Level;
        match (schedule(&c.items, &c.config), earliest) {
            (Ok(l), Ok(e)) => {
                let ly = years_of(&c, &l);
                prop_assert!(valid(&c, &ly), "caps, window, gap or dependencies broken");
                let best = brute.iter().map(|ys| busiest(&c, ys)).min().unwrap();
                prop_assert_eq!(busiest(&c, &ly), best);
                prop_assert!(busiest(&c, &ly) <= busiest(&c, &years_of(&c, &e)));
            }
            (Err(ScheduleError::Infeasible(_)), Err(ScheduleError::Infeasible(_))) => {
                prop_assert!(brute.is_empty());
            }
            (l, e) => prop_assert!(false, "level {l:?} vs earliest {e:?}"),
        }
    }
}
