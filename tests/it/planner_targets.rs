//! The committee's list (`targets`) and `merge_together` are honoured
//! exactly (#12), on random maps of mixed kinds.

use std::collections::BTreeSet;

use proptest::prelude::*;
use reorg::assess::Status;
use reorg::model::{Level, Phase, UnitCode};
use reorg::planner::UnresolvedReason;
use reorg::scenario::{Locks, Scenario};

use crate::legal_map::{plan, random_province};
use crate::support::synth::Rng;

/// Commune codes of `ds`, sorted.
fn communes(ds: &reorg::model::Dataset) -> Vec<UnitCode> {
    let mut c: Vec<UnitCode> = ds
        .units()
        .iter()
        .filter(|u| u.level == Level::Commune)
        .map(|u| u.code.clone())
        .collect();
    c.sort();
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// With a list, every first-phase group holds a listed unit; every
    /// listed unit is grouped or unresolved for a reason other than
    /// deferral; every mandatory unit left off and not grouped is deferred
    /// by the province, and nothing else is.
    #[test]
    fn targets_are_planned_exactly_and_the_rest_deferred(
        seed in any::<u64>(),
        districts in 2usize..6,
        rows in 2usize..4,
    ) {
        let ds = random_province(seed, districts, rows);
        let mut rng = Rng::new(seed ^ 0x5eed);
        let listed: BTreeSet<UnitCode> = communes(&ds)
            .into_iter()
            .filter(|_| rng.unit() < 0.3)
            .collect();
        let sc = Scenario {
            targets: Some(listed.iter().cloned().collect()),
            ..Scenario::default()
        };
        let r = plan(&ds, &sc, None);
        let first = Phase::Phase2023To2025;
        let mut grouped: BTreeSet<UnitCode> = BTreeSet::new();
        for g in r.groups.iter().filter(|g| g.phase == first && g.level == Level::Commune) {
            let m = g.member_codes();
            prop_assert!(
                m.iter().any(|c| listed.contains(c)),
                "group {:?} holds no listed unit",
                m
            );
            grouped.extend(m);
        }
        let unresolved: Vec<_> = r
            .unresolved
            .iter()
            .filter(|u| u.phase == first && u.unit.level == Level::Commune)
            .collect();
        for c in &listed {
            let left = unresolved.iter().find(|u| &u.unit.code == c);
            prop_assert!(
                grouped.contains(c)
                    || left.is_some_and(|u| u.reason != UnresolvedReason::DeferredByProvince)
                    || r.assessments.iter().any(|a| &a.code == c
                        && a.phase == first
                        && a.status == Status::Unknown),
                "listed {} neither grouped nor unresolved",
                c
            );
        }
        for a in r.assessments.iter().filter(|a| a.phase == first && a.level == Level::Commune) {
            let deferred = unresolved
                .iter()
                .any(|u| u.unit.code == a.code && u.reason == UnresolvedReason::DeferredByProvince);
            let expect = a.status == Status::Mandatory
                && !listed.contains(&a.code)
                && !grouped.contains(&a.code);
            prop_assert_eq!(deferred, expect, "{} {:?}", a.code, a.status);
        }
    }

    /// A `merge_together` set that merges is exactly one group: all of it,
    /// no other unit.
    #[test]
    fn merge_together_is_exactly_the_group(
        seed in any::<u64>(),
        districts in 2usize..6,
        rows in 2usize..4,
    ) {
        let ds = random_province(seed, districts, rows);
        // Two neighbours in one district: the first two communes of a row.
        let mut rng = Rng::new(seed ^ 0x70ff);
        let d = rng.range(0, districts - 1);
        let r0 = rng.range(0, rows - 1);
        let set = vec![
            UnitCode(format!("{:05}", 100 * (d + 1) + 10 * r0)),
            UnitCode(format!("{:05}", 100 * (d + 1) + 10 * r0 + 1)),
        ];
        let sc = Scenario {
            locks: Locks {
                merge_together: vec![set.clone()],
                ..Locks::default()
            },
            ..Scenario::default()
        };
        let r = plan(&ds, &sc, None);
        for g in r.groups.iter().filter(|g| g.level == Level::Commune) {
            let m = g.member_codes();
            if set.iter().any(|c| m.contains(c)) {
                let mut m = m.clone();
                m.sort();
                prop_assert_eq!(&m, &set, "group {:?} against the set {:?}", m, set);
            }
        }
    }
}
