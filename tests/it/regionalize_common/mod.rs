//! Shared by `regionalize_rules.rs` and `regionalize_rules_exact.rs`: a
//! deterministic generator, the planner's own route to a group's standard
//! (the reference the solver is judged by), and small-dataset helpers.

#![allow(dead_code, clippy::unwrap_used)]

use reorg::assess::exemption_for;
use reorg::io::load_from_bytes;
use reorg::model::{ArrangedIn, Dataset, Level, Unit, UnitCode};
use reorg::pipeline::merge::merged_profile;
use reorg::regionalize::{
    DatasetProblem, Options, Plan, Problem, RuleStandard, Standard, Thresholds,
    problem_from_dataset, solve_with,
};
use reorg::rules::{Placement, RuleSet};
use reorg::scenario::Within;

/// A small deterministic generator (64-bit LCG), as in `regionalize_exact.rs`.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    pub fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.next() < p
    }
}

/// A standard as (id, minimum population, minimum area).
pub type Std = (String, f64, f64);

/// The standard of the unit formed by `members` (problem indices, sorted),
/// the planner's way: an exempt unit alone has none (its exemption id, 0, 0);
/// otherwise the merged profile judged where the first member sits, unless
/// it misses that standard and a group exemption (N4) covers it (its id, 0, 0).
pub fn planner_standard(
    ds: &Dataset,
    dp: &DatasetProblem,
    rules: &RuleSet,
    members: &[u32],
) -> Std {
    assert!(members.windows(2).all(|w| w[0] < w[1]));
    let units: Vec<&Unit> = members
        .iter()
        .map(|&u| ds.unit(dp.units[u as usize]))
        .collect();
    if let ([one], Some(phase)) = (units.as_slice(), rules.phases().first())
        && let Some(e) = exemption_for(rules, one, *phase)
    {
        return (e.id.clone(), 0.0, 0.0);
    }
    let mut profile = merged_profile(
        &units,
        UnitCode::from("99999"),
        None,
        ArrangedIn::Round2023To2025,
    );
    // NQ 76 N7: xã and thị trấn merge into a xã (the rule set's kind_after_merge).
    profile.kind = rules.kind_after_merge(profile.kind, units.len());
    let at = Placement::in_dataset(ds, dp.units[members[0] as usize]);
    let st = rules.standard_at(&profile, &at);
    // A group exemption (NQ 76 N4: 3 or more units merged into a phường)
    // replaces a standard the group misses.
    let (pop, area) = totals(&dp.problem, members);
    let meets = Thresholds {
        pop: st.population,
        area: st.area_km2,
    }
    .met_by(pop, area);
    if !meets
        && let Some(g) = rules
            .group_exemptions
            .iter()
            .find(|g| members.len() >= g.min_units as usize && g.into_kinds.contains(&profile.kind))
    {
        return (g.id.clone(), 0.0, 0.0);
    }
    (st.id, st.population, st.area_km2)
}

/// Total population and area of `members` (summed in index order, as the solver does).
pub fn totals(p: &Problem, members: &[u32]) -> (f64, f64) {
    let pop = members.iter().map(|&u| p.pop(u as usize)).sum();
    let area = members.iter().map(|&u| p.area(u as usize)).sum();
    (pop, area)
}

pub const UNITS_HEADER: &str = "code,name,level,kind,parent_code,area_km2,population,region,\
mountainous,land_border,ethnic_minority_share,island,coastal_poor,red_river_delta\n";

/// Whether `g` is connected through edges of `p` (inside one parent if `nested`).
pub fn connected(p: &Problem, g: &[u32], nested: bool) -> bool {
    let mut reached = vec![g[0]];
    let mut i = 0;
    while i < reached.len() {
        let u = reached[i];
        for &v in p.neighbours(u as usize) {
            if g.contains(&v)
                && !reached.contains(&v)
                && (!nested || p.parent(u as usize) == p.parent(v as usize))
            {
                reached.push(v);
            }
        }
        i += 1;
    }
    reached.len() == g.len()
}

/// Loads a dataset, builds the rule standard, solves with the default options.
pub fn solve_dataset(
    units: &str,
    adjacency: &str,
    rules: &RuleSet,
    within: Within,
) -> (Dataset, DatasetProblem, Standard, Plan) {
    let ds = load_from_bytes(units.as_bytes(), adjacency.as_bytes())
        .unwrap()
        .dataset;
    let mut dp = problem_from_dataset(&ds, Level::Commune, within, None).unwrap();
    let rs = RuleStandard::new(&ds, &mut dp, rules).unwrap();
    let std = Standard::Rules(Box::new(rs));
    let opts = Options {
        nested: dp.nested,
        ..Options::default()
    };
    let plan = solve_with(&dp.problem, &std, &opts).unwrap();
    (ds, dp, std, plan)
}
