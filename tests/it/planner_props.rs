//! Property tests of the planner core on random planar parents of up to 12
//! units: the plan is well formed (groups connected, disjoint, eligible,
//! totals conserved, every target grouped or explained) and its objective
//! equals a brute-force optimum over all sets of disjoint candidates, with
//! candidates themselves found by brute force over all subsets.

use std::collections::BTreeSet;

use approx::assert_relative_eq;
use proptest::prelude::*;
use reorg::planner::{
    Cost, Eligibility, GroupEval, Objective, ObjectiveKey, ParentPlan, ParentProblem,
    PlannerOptions, PlannerUnit, StandardMode, Term, UnresolvedReason, Weights, enumerate,
    plan_parent,
};

/// A random instance, decoded from raw proptest values.
#[derive(Clone, Debug)]
struct Instance {
    units: Vec<PlannerUnit>,
    /// (a, b, km) with a < b.
    edges: Vec<(usize, usize, f64)>,
    forbidden: Vec<(usize, usize)>,
    together: Vec<Vec<usize>>,
    opts: PlannerOptions,
}

const AREA_STD: f64 = 30.0;
const POP_STD: u64 = 8_000;

fn eval_of(units: &[PlannerUnit], members: &[usize]) -> GroupEval {
    let area: f64 = members.iter().map(|&u| units[u].area_km2).sum();
    let pop: u64 = members.iter().map(|&u| units[u].population).sum();
    GroupEval {
        meets_standard: area >= AREA_STD && pop >= POP_STD,
        area_ratio: area / AREA_STD,
        population_ratio: pop as f64 / POP_STD as f64,
        oversize: pop > 4 * POP_STD,
        kind_conflict: false,
    }
}

/// Units on a `w`×`h` grid (some cells empty), orthogonal edges and at most
/// one diagonal per cell: a planar map.
fn instance() -> impl Strategy<Value = Instance> {
    instance_with(45, 2..=4)
}

/// Like [`instance`] with `target_pct` % targets and K drawn from `k`.
fn instance_with(
    target_pct: u32,
    k: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Instance> {
    instance_sized(target_pct, k, 3..=4, 12)
}

/// Like [`instance_with`] on a grid of `side`×`side` cells, at most `max_units` units.
fn instance_sized(
    target_pct: u32,
    k: std::ops::RangeInclusive<usize>,
    side: std::ops::RangeInclusive<usize>,
    max_units: usize,
) -> impl Strategy<Value = Instance> {
    (
        side.clone(),
        side,
        prop::collection::vec(any::<u32>(), 36 * 8),
        k,
        0u8..3,
        0u8..4,
    )
        .prop_map(move |(w, h, raw, k, mode, weighting)| {
            let hard = mode == 0;
            let mut r = raw.into_iter().cycle();
            let mut next = move |m: u32| r.next().unwrap() % m;
            let mut slot = vec![usize::MAX; w * h];
            let mut units = Vec::new();
            for cell in &mut slot {
                if units.len() < max_units && next(20) < 19 {
                    *cell = units.len();
                    let eligibility = match next(20) {
                        0 => Eligibility::Exempt,
                        1 => Eligibility::Locked,
                        _ => Eligibility::Eligible,
                    };
                    units.push(PlannerUnit {
                        area_km2: f64::from(5 + next(200)) / 10.0,
                        population: u64::from(500 + next(6_000)),
                        is_target: next(100) < target_pct,
                        eligibility,
                    });
                }
            }
            let mut edges = Vec::new();
            let mut link = |a: usize, b: usize, km: f64| {
                if a != usize::MAX && b != usize::MAX {
                    edges.push((a.min(b), a.max(b), km));
                }
            };
            for y in 0..h {
                for x in 0..w {
                    let c = slot[y * w + x];
                    if x + 1 < w && next(100) < 92 {
                        link(c, slot[y * w + x + 1], f64::from(next(5_000)) / 1000.0);
                    }
                    if y + 1 < h && next(100) < 92 {
                        link(c, slot[(y + 1) * w + x], f64::from(next(5_000)) / 1000.0);
                    }
                    if x + 1 < w && y + 1 < h {
                        match next(3) {
                            0 => link(c, slot[(y + 1) * w + x + 1], 0.0),
                            1 => link(slot[y * w + x + 1], slot[(y + 1) * w + x], 0.0),
                            _ => {}
                        }
                    }
                }
            }
            let n = units.len();
            let mut forbidden = Vec::new();
            let mut together = Vec::new();
            if n >= 2 {
                for _ in 0..next(3) {
                    let (a, b) = (next(n as u32) as usize, next(n as u32) as usize);
                    if a != b {
                        forbidden.push((a, b));
                    }
                }
                if next(3) == 0 {
                    let size = 2 + next(2) as usize;
                    let set: Vec<usize> = (0..size).map(|_| next(n as u32) as usize).collect();
                    together.push(set);
                }
            }
            let weights = (weighting == 0).then_some(Weights {
                unresolved: 1_000,
                below_standard: 300,
                pulled_in: 200,
                pulled_in_people: 0,
                disappearing: 100,
                compactness: 1,
                oversize: 50,
                border_share: 1,
                area_log: 1,
                ..Weights::default()
            });
            let order = if weighting == 1 {
                vec![Term::Unresolved, Term::Compactness, Term::Disappearing]
            } else {
                Term::STANDARDS_FIRST.to_vec()
            };
            let opts = PlannerOptions {
                max_group_size: k,
                standard: if hard {
                    StandardMode::Hard
                } else {
                    StandardMode::Soft
                },
                objective: Objective { order, weights },
                ..PlannerOptions::default()
            };
            Instance {
                units,
                edges,
                forbidden,
                together,
                opts,
            }
        })
}

fn build(inst: &Instance) -> ParentProblem {
    let mut p = ParentProblem::new(inst.units.clone()).unwrap();
    for &(a, b, km) in &inst.edges {
        p.add_edge(a, b, km).unwrap();
    }
    for &(a, b) in &inst.forbidden {
        p.forbid_pair(a, b).unwrap();
    }
    for s in &inst.together {
        p.merge_together(s).unwrap();
    }
    p
}

fn adjacent(inst: &Instance, a: usize, b: usize) -> bool {
    inst.edges
        .iter()
        .any(|&(x, y, _)| (x, y) == (a.min(b), a.max(b)))
}

fn connected(inst: &Instance, members: &[usize]) -> bool {
    let mut seen = vec![members[0]];
    let mut stack = vec![members[0]];
    while let Some(u) = stack.pop() {
        for &v in members {
            if !seen.contains(&v) && adjacent(inst, u, v) {
                seen.push(v);
                stack.push(v);
            }
        }
    }
    seen.len() == members.len()
}

/// The united must-merge sets (sets sharing a unit are joined).
fn together_sets(inst: &Instance) -> Vec<BTreeSet<usize>> {
    let mut sets: Vec<BTreeSet<usize>> = Vec::new();
    for s in &inst.together {
        let mut cur: BTreeSet<usize> = s.iter().copied().collect();
        sets.retain(|o| {
            if o.is_disjoint(&cur) {
                true
            } else {
                cur.extend(o);
                false
            }
        });
        if cur.len() >= 2 {
            sets.push(cur);
        }
    }
    sets
}

/// Whether `members` is a valid candidate, checked from first principles.
fn valid_group(inst: &Instance, members: &[usize]) -> bool {
    let u = &inst.units;
    members.len() >= 2
        && members.len() <= inst.opts.max_group_size
        && members
            .iter()
            .all(|&m| u[m].eligibility == Eligibility::Eligible)
        && members.iter().any(|&m| u[m].is_target)
        && connected(inst, members)
        && !inst
            .forbidden
            .iter()
            .any(|&(a, b)| members.contains(&a) && members.contains(&b))
        && together_sets(inst).iter().all(|s| {
            (s.len() == members.len() && s.iter().all(|x| members.contains(x)))
                || !s.iter().any(|x| members.contains(x))
        })
}

/// The fixed sets (exact `merge_together` locks) as sorted member lists:
/// every plan forms each of them as given.
fn fixed_groups(inst: &Instance) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = together_sets(inst)
        .into_iter()
        .map(|s| s.into_iter().collect())
        .collect();
    out.sort();
    out
}

/// The units of the fixed sets, as a bit mask, and the sum of their keys.
fn fixed_start(inst: &Instance) -> (u32, Cost) {
    fixed_groups(inst)
        .iter()
        .fold((0, Cost::default()), |(mask, cost), m| {
            (
                mask | m.iter().map(|&i| 1u32 << i).sum::<u32>(),
                cost + brute_cost(inst, m),
            )
        })
}

/// All candidates by brute force over the subsets of units.
fn brute_candidates(inst: &Instance) -> Vec<Vec<usize>> {
    let n = inst.units.len();
    let mut out: Vec<Vec<usize>> = (1u32..1 << n)
        .map(|mask| (0..n).filter(|&i| mask >> i & 1 == 1).collect::<Vec<_>>())
        .filter(|m| valid_group(inst, m))
        .collect();
    out.sort();
    out
}

fn brute_cost(inst: &Instance, members: &[usize]) -> Cost {
    let u = &inst.units;
    let e = eval_of(u, members);
    let pulled: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&m| !u[m].is_target)
        .collect();
    Cost {
        unresolved: 0,
        below_standard: i64::from(!e.meets_standard),
        pulled_in: pulled.len() as i64,
        pulled_in_people: pulled.iter().map(|&m| u[m].population as i64).sum(),
        disappearing: members.len() as i64 - 1,
        shared_border_m: inst
            .edges
            .iter()
            .filter(|(a, b, _)| members.contains(a) && members.contains(b))
            .map(|(_, _, km)| (km * 1000.0).round() as i64)
            .sum(),
        oversize: i64::from(e.oversize),
        // No outer borders and no urban units in these instances: a
        // member's whole border is its edges here.
        border_share: members
            .iter()
            .map(|&a| {
                let (mut inner, mut all) = (0i64, 0i64);
                for &(x, y, km) in &inst.edges {
                    let m = (km * 1000.0).round() as i64;
                    if x == a || y == a {
                        all += m;
                        let other = if x == a { y } else { x };
                        if members.contains(&other) {
                            inner += m;
                        }
                    }
                }
                if all > 0 {
                    (inner * 1000 + all / 2) / all
                } else {
                    0
                }
            })
            .sum(),
        mixed_kinds: 0,
        area_log: (1000.0 * e.area_ratio.max(0.001).ln()).round() as i64,
        population_log: (1000.0 * e.population_ratio.max(0.001).ln()).round() as i64,
        pair_below_standard: i64::from(members.len() == 2 && !e.meets_standard),
        population_shortfall: (1000.0 * (1.0 - e.population_ratio).clamp(0.0, 1.0)).round() as i64,
        area_shortfall: (1000.0 * (1.0 - e.area_ratio).clamp(0.0, 1.0)).round() as i64,
    }
}

/// The optimum over all sets of pairwise disjoint allowed candidates.
fn brute_optimum(inst: &Instance) -> ObjectiveKey {
    let u = &inst.units;
    let (fixed, fixed_cost) = fixed_start(inst);
    let cands: Vec<(u32, Cost)> = brute_candidates(inst)
        .into_iter()
        .filter(|m| inst.opts.standard == StandardMode::Soft || eval_of(u, m).meets_standard)
        .map(|m| (m.iter().map(|&i| 1u32 << i).sum(), brute_cost(inst, &m)))
        .filter(|(mask, _)| mask & fixed == 0)
        .collect();
    let targets: Vec<usize> = (0..u.len()).filter(|&i| u[i].is_target).collect();
    let mut best: Option<ObjectiveKey> = None;
    let mut stack: Vec<(usize, u32, Cost)> = vec![(0, fixed, fixed_cost)];
    while let Some((from, used, cost)) = stack.pop() {
        let mut total = cost;
        total.unresolved = targets.iter().filter(|&&t| used >> t & 1 == 0).count() as i64;
        let key = inst.opts.objective.key(&total);
        if best.is_none_or(|b| key < b) {
            best = Some(key);
        }
        for (i, &(mask, c)) in cands.iter().enumerate().skip(from) {
            if mask & used == 0 {
                stack.push((i + 1, used | mask, cost + c));
            }
        }
    }
    best.unwrap()
}

/// The optimum by plain dynamic programming over sets of used units: decide
/// the lowest undecided target (a group holding it, or unresolved).
fn dp_optimum(inst: &Instance) -> ObjectiveKey {
    use std::collections::HashMap;
    let u = &inst.units;
    let p = build(inst);
    let e = enumerate(&p, inst.opts.max_group_size, usize::MAX);
    let (fixed, fixed_cost) = fixed_start(inst);
    let cands: Vec<(u32, ObjectiveKey)> = e
        .iter()
        .filter(|m| inst.opts.standard == StandardMode::Soft || eval_of(u, m).meets_standard)
        .map(|m| {
            (
                m.iter().map(|&i| 1u32 << i).sum(),
                inst.opts.objective.key(&brute_cost(inst, m)),
            )
        })
        .filter(|(mask, _)| mask & fixed == 0)
        .collect();
    let targets: Vec<usize> = (0..u.len()).filter(|&i| u[i].is_target).collect();
    let unresolved = inst.opts.objective.key(&Cost {
        unresolved: 1,
        ..Cost::default()
    });
    fn best(
        used: u32,
        targets: &[usize],
        cands: &[(u32, ObjectiveKey)],
        unresolved: ObjectiveKey,
        memo: &mut HashMap<u32, ObjectiveKey>,
    ) -> ObjectiveKey {
        let Some(&t) = targets.iter().find(|&&t| used >> t & 1 == 0) else {
            return ObjectiveKey::default();
        };
        if let Some(&v) = memo.get(&used) {
            return v;
        }
        let mut v = unresolved + best(used | 1 << t, targets, cands, unresolved, memo);
        for &(mask, key) in cands {
            if mask >> t & 1 == 1 && mask & used == 0 {
                v = v.min(key + best(used | mask, targets, cands, unresolved, memo));
            }
        }
        memo.insert(used, v);
        v
    }
    inst.opts.objective.key(&fixed_cost)
        + best(fixed, &targets, &cands, unresolved, &mut HashMap::new())
}

fn plan(inst: &Instance) -> ParentPlan {
    let p = build(inst);
    plan_parent(&p, |m| eval_of(&inst.units, m), &inst.opts).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// Larger parents (up to 25 units) against plain dynamic programming.
    #[test]
    fn selection_equals_dynamic_programming_on_larger_parents(
        inst in instance_sized(60, 3..=4, 4..=5, 25)
    ) {
        let plan = plan(&inst);
        prop_assert!(plan.optimal);
        prop_assert_eq!(plan.key, dp_optimum(&inst));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn enumeration_equals_brute_force(inst in instance()) {
        let p = build(&inst);
        let e = enumerate(&p, inst.opts.max_group_size, usize::MAX);
        let got: Vec<Vec<usize>> = e.iter().map(<[usize]>::to_vec).collect();
        prop_assert_eq!(got, brute_candidates(&inst));
    }

    #[test]
    fn plan_is_well_formed(inst in instance()) {
        let plan = plan(&inst);
        let u = &inst.units;
        let mut seen = vec![0usize; u.len()];
        let mut total = Cost::default();
        let fixed = fixed_groups(&inst);
        for f in &fixed {
            prop_assert!(plan.groups.iter().any(|g| &g.members == f), "fixed set {:?} not formed", f);
        }
        for g in &plan.groups {
            let is_fixed = fixed.contains(&g.members);
            prop_assert!(is_fixed || valid_group(&inst, &g.members), "invalid group {:?}", g.members);
            for &m in &g.members {
                seen[m] += 1;
            }
            assert_relative_eq!(
                g.area_km2,
                g.members.iter().map(|&m| u[m].area_km2).sum::<f64>(),
                max_relative = 1e-12
            );
            prop_assert_eq!(g.population, g.members.iter().map(|&m| u[m].population).sum::<u64>());
            prop_assert_eq!(g.cost, brute_cost(&inst, &g.members));
            if inst.opts.standard == StandardMode::Hard && !is_fixed {
                prop_assert!(g.eval.meets_standard);
            }
            total += g.cost;
        }
        prop_assert!(seen.iter().all(|&s| s <= 1), "groups overlap");
        let unresolved: Vec<usize> = plan.unresolved.iter().map(|x| x.unit).collect();
        for t in (0..u.len()).filter(|&i| u[i].is_target) {
            prop_assert_eq!(seen[t] == 1, !unresolved.contains(&t), "target {}", t);
        }
        prop_assert!(unresolved.windows(2).all(|w| w[0] < w[1]));
        total.unresolved = unresolved.len() as i64;
        prop_assert_eq!(plan.total, total);
        prop_assert!(plan.optimal);
        for x in &plan.unresolved {
            let t = x.unit;
            let nb: Vec<usize> = (0..u.len()).filter(|&v| adjacent(&inst, t, v)).collect();
            let holding: Vec<Vec<usize>> =
                brute_candidates(&inst).into_iter().filter(|m| m.contains(&t)).collect();
            match &x.reason {
                UnresolvedReason::TargetIneligible { .. } => {
                    prop_assert!(u[t].eligibility != Eligibility::Eligible);
                }
                UnresolvedReason::NoNeighbour => prop_assert!(nb.is_empty()),
                UnresolvedReason::NoEligibleNeighbour { exempt, locked } => {
                    prop_assert!(!nb.is_empty());
                    prop_assert!(nb.iter().all(|&v| u[v].eligibility != Eligibility::Eligible));
                    prop_assert_eq!(exempt + locked, nb.len());
                }
                UnresolvedReason::LocksExcludeAll => prop_assert!(holding.is_empty()),
                UnresolvedReason::CandidateCapReached => prop_assert!(false, "cap not set"),
                UnresolvedReason::StandardUnreachableWithinK => {
                    prop_assert!(!holding.is_empty());
                    prop_assert!(holding.iter().all(|m| !eval_of(u, m).meets_standard));
                }
                UnresolvedReason::ConflictWithOtherTargets { blocking } => {
                    prop_assert!(!blocking.is_empty());
                    for m in holding.iter().filter(|m| {
                        inst.opts.standard == StandardMode::Soft || eval_of(u, m).meets_standard
                    }) {
                        prop_assert!(m.iter().any(|&v| seen[v] == 1), "{:?} was free", m);
                    }
                }
                UnresolvedReason::ObjectiveTradeOff => {
                    prop_assert!(inst.opts.objective.weights.is_some());
                }
                UnresolvedReason::KindConflict => prop_assert!(false, "no group is refused here"),
                UnresolvedReason::NotProposed => {
                    prop_assert!(false, "only `reorg evaluate` gives this reason")
                }
                UnresolvedReason::ConsentNotReached => {
                    prop_assert!(false, "the planner never gives the consultation reason")
                }
                UnresolvedReason::DeferredByProvince => {
                    prop_assert!(false, "only the pipeline defers, by the scenario's list")
                }
            }
            prop_assert_eq!(x.best_option.is_some(), !holding.is_empty());
        }
    }

    #[test]
    fn selection_equals_brute_force_optimum(inst in instance()) {
        let plan = plan(&inst);
        prop_assert_eq!(plan.key, brute_optimum(&inst));
    }

    #[test]
    fn selection_equals_brute_force_with_many_targets(inst in instance_with(70, 4..=4)) {
        let plan = plan(&inst);
        prop_assert!(plan.optimal);
        prop_assert_eq!(plan.key, brute_optimum(&inst));
    }

    #[test]
    fn enumeration_is_deterministic(inst in instance()) {
        let p = build(&inst);
        prop_assert_eq!(enumerate(&p, 4, usize::MAX), enumerate(&p, 4, usize::MAX));
    }

    #[test]
    fn plan_is_deterministic(inst in instance()) {
        prop_assert_eq!(plan(&inst), plan(&inst));
    }
}
