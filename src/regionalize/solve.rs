//! The driver: components, heuristic, exact proof, plan assembly; and an
//! independent evaluator of any labelling.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Instant;

use super::compact;
use super::exact::{self, ExactOutcome, Limits};
use super::graph::{self, ComponentUnits, Graph};
use super::heuristic::{self, LnsSettings};
use super::rng::Rng;
use super::standard::{Mix, Standard};
use super::{
    ComponentReport, ComponentStatus, Options, Plan, Problem, Region, RegionalizeError, Thresholds,
    VALUE_SCALE, bound,
};

/// Computes a plan: every unit in exactly one connected region; every region
/// meets both thresholds unless its component cannot (then the component is
/// one region, [`ComponentStatus::Infeasible`]).
///
/// # Errors
/// [`RegionalizeError::InvalidThreshold`]; [`RegionalizeError::NestedWithoutParents`]
/// when `opts.nested` is set on a problem without parents.
///
/// Components are independent: [`Options::threads`] workers take them,
/// largest first, and each is solved with its own seeded generator, so the
/// plan does not depend on the number of threads or their timing (only on
/// [`Options::time_limit`], when it is hit).
///
/// # Complexity
/// Near-linear in practice: O(n + m) for the split, then per component the
/// greedy construction and neighbourhood search and a budgeted exact search of
/// at most `opts.exact_budget` steps (modules `heuristic` and `exact`).
pub fn solve(problem: &Problem, th: &Thresholds, opts: &Options) -> Result<Plan, RegionalizeError> {
    solve_with(problem, &Standard::Fixed(*th), opts)
}

/// [`solve`] with any [`Standard`]: fixed thresholds or a rule set's
/// standard of the unit each region becomes.
///
/// # Errors
/// As [`solve`].
///
/// # Complexity
/// As [`solve`]; under a rule set each feasibility test is a table look-up
/// (see [`super::RuleStandard`]).
pub fn solve_with(
    problem: &Problem,
    standard: &Standard,
    opts: &Options,
) -> Result<Plan, RegionalizeError> {
    solve_with_progress(problem, standard, opts, &|_, _| {})
}

/// [`solve_with`], calling `progress(done, total)` (units of the components
/// solved so far, all units) after each component, from the worker that
/// solved it: for a progress bar. The plan does not depend on it.
///
/// # Errors
/// As [`solve`].
///
/// # Complexity
/// As [`solve`].
pub fn solve_with_progress(
    problem: &Problem,
    standard: &Standard,
    opts: &Options,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Plan, RegionalizeError> {
    standard.validate()?;
    if opts.nested && problem.parent.is_none() {
        return Err(RegionalizeError::NestedWithoutParents);
    }
    let deadline = opts.time_limit.and_then(|d| Instant::now().checked_add(d));
    let comps = graph::components(problem, opts.nested);
    let mut order: Vec<usize> = (0..comps.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(comps[i].units.len()));
    let next = AtomicUsize::new(0);
    let units_done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<ComponentResult>>> = Mutex::new(vec![None; comps.len()]);
    let work = || {
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let Some(&ci) = order.get(k) else { break };
            let late = deadline.is_some_and(|d| Instant::now() >= d);
            let mut r = solve_component(problem, &comps[ci], standard, opts, deadline, late);
            r.3 |= late;
            results.lock().unwrap_or_else(PoisonError::into_inner)[ci] = Some(r);
            let size = comps[ci].units.len();
            progress(
                units_done.fetch_add(size, Ordering::Relaxed) + size,
                problem.len(),
            );
        }
    };
    let threads = opts.threads.clamp(1, comps.len().max(1));
    if threads == 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(work);
            }
        });
    }
    let results = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    let mut hit = false;
    let mut regions: Vec<Region> = Vec::new();
    let mut components = Vec::new();
    for (ci, (comp, result)) in comps.iter().zip(results).enumerate() {
        let (parts, status, ub, cut) =
            result.expect("every component is taken by exactly one worker");
        hit |= cut;
        components.push(ComponentReport {
            first_unit: comp.units[0],
            units: comp.units.len(),
            regions: parts.len(),
            upper_bound: ub,
            status,
        });
        for mut members in parts {
            members.sort_unstable();
            let pop = members.iter().map(|&u| problem.pop[u as usize]).sum();
            let area = members.iter().map(|&u| problem.area[u as usize]).sum();
            let mix = members.iter().fold(Mix::default(), |m, &u| {
                m.add(&standard.unit_mix(u as usize))
            });
            regions.push(Region {
                meets: standard.meets(pop, area, &mix),
                members,
                pop,
                area,
                component: ci,
            });
        }
    }
    regions.sort_by_key(|r| r.members[0]);
    let mut labels = vec![0u32; problem.len()];
    for (k, r) in regions.iter().enumerate() {
        for &u in &r.members {
            labels[u as usize] = k as u32;
        }
    }
    Ok(Plan {
        inside_border: compact::inside_border(problem, &labels),
        regions,
        labels,
        components,
        time_limit_hit: hit,
    })
}

/// Plan of one component: regions as unit lists, status, bound on p, and
/// whether the deadline cut it.
type ComponentResult = (Vec<Vec<u32>>, ComponentStatus, usize, bool);

/// Solves one component (see [`ComponentResult`]).
fn solve_component(
    problem: &Problem,
    comp: &ComponentUnits,
    standard: &Standard,
    opts: &Options,
    deadline: Option<Instant>,
    late: bool,
) -> ComponentResult {
    let total_pop: f64 = comp.units.iter().map(|&u| problem.pop[u as usize]).sum();
    let total_area: f64 = comp.units.iter().map(|&u| problem.area[u as usize]).sum();
    let total_mix = comp.units.iter().fold(Mix::default(), |m, &u| {
        m.add(&standard.unit_mix(u as usize))
    });
    let total_ok = standard.meets(total_pop, total_area, &total_mix);
    // Fixed thresholds: a component short in total has no feasible region.
    // A rule standard is not monotone: its parts may still meet theirs.
    if !total_ok && standard.monotone() {
        return (
            vec![comp.units.clone()],
            ComponentStatus::Infeasible,
            1,
            false,
        );
    }
    let base = Graph::of_component(problem, comp, opts.nested, standard);
    let (g, groups) = base.contract_forced(standard);
    let to_units = |nodes: &[Vec<u32>]| -> Vec<Vec<u32>> {
        nodes
            .iter()
            .map(|r| {
                r.iter()
                    .flat_map(|&k| groups[k as usize].iter())
                    .map(|&local| comp.units[local as usize])
                    .collect()
            })
            .collect()
    };
    let n = g.len();
    if (0..n).all(|i| g.alone_ok(i, standard)) {
        let parts: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
        return (to_units(&parts), ComponentStatus::Optimal, n, false);
    }
    let budget = if late {
        0
    } else if n <= exact::MAX_EXACT_NODES {
        bound::SMALL_GRAPH_BUDGET
    } else {
        bound::LARGE_GRAPH_BUDGET
    };
    let relax = standard.relax(&comp.units);
    let eff = bound::effective(&g, standard, &relax, budget);
    let ub_p = bound::p_bound_graph(&g, &eff);
    let singles = (0..n)
        .filter(|&i| g.size[i] == 1 && g.alone_ok(i, standard))
        .count();
    let ub_value = ub_p as i64 * VALUE_SCALE + singles.min(ub_p) as i64;

    let mut rng =
        Rng::new(opts.seed ^ u64::from(comp.units[0]).wrapping_mul(0x2545_F491_4F6C_DD1D));
    let restarts = if late { 1 } else { opts.restarts.max(1) };
    // A plan with a region that misses the standard (only possible when
    // the whole component does, under a rule set) is worth nothing.
    let value_of = |plan: &[Vec<u32>]| {
        if total_ok
            || plan
                .iter()
                .all(|r| heuristic::region_meets(&g, standard, r))
        {
            heuristic::plan_value(&g, plan)
        } else {
            i64::MIN
        }
    };
    let mut best = heuristic::construct(&g, standard, &mut rng, 0.0);
    let mut best_v = value_of(&best);
    for _ in 1..restarts {
        if best_v >= ub_value {
            break;
        }
        let cand = heuristic::construct(&g, standard, &mut rng, 0.3);
        let v = value_of(&cand);
        if v > best_v {
            best = cand;
            best_v = v;
        }
    }
    let exact_max = opts.exact_max.min(exact::MAX_EXACT_NODES);
    let limits = Limits {
        budget: opts.exact_budget,
        deadline,
        minimal: false,
    };
    let mut optimal = false;
    if best_v == i64::MIN {
        // No greedy plan is valid (the whole misses its standard, rule set):
        // the exact search still finds a valid split if there is one.
        let mut found = false;
        if !late && n <= exact_max {
            let mut v = -1;
            let (proven, hit) = prove(&g, standard, &eff, &mut best, &mut v, limits);
            found = proven && v > 0;
            if found {
                best_v = v;
                optimal = true;
            } else if hit {
                return (
                    vec![comp.units.clone()],
                    ComponentStatus::Infeasible,
                    1,
                    true,
                );
            }
        }
        if !found {
            return (
                vec![comp.units.clone()],
                ComponentStatus::Infeasible,
                1,
                false,
            );
        }
    }
    let mut proven = optimal || best_v >= ub_value;
    let mut cut = false;
    if !proven && !late && n <= exact_max {
        (proven, cut) = prove(&g, standard, &eff, &mut best, &mut best_v, limits);
    }
    if !proven && !late && !cut {
        let set = LnsSettings {
            neighbourhood: opts.neighbourhood,
            max_neighbourhood: opts.max_neighbourhood,
            budget: opts.move_budget,
            max_passes: opts.max_passes,
            deadline,
        };
        let before = best_v;
        let (improved, hit) = heuristic::improve(&g, standard, &eff, best, &set, &mut rng);
        best = improved;
        best_v = heuristic::plan_value(&g, &best);
        cut = hit;
        proven = best_v >= ub_value;
        if !proven && !cut && best_v > before && n <= exact_max {
            (proven, cut) = prove(&g, standard, &eff, &mut best, &mut best_v, limits);
        }
    }
    let status = if proven {
        ComponentStatus::Optimal
    } else if best.len() >= ub_p {
        ComponentStatus::RegionsOptimal
    } else {
        ComponentStatus::Heuristic
    };
    let bound_p = if status == ComponentStatus::Heuristic {
        ub_p
    } else {
        best.len()
    };
    let mut parts = to_units(&best);
    if !late && !cut {
        compact::improve(problem, standard, opts.nested, comp, &mut parts);
    }
    (parts, status, bound_p, cut)
}

/// Exact search for a plan better than `best`; replaces it when found.
/// Returns (proven optimal, deadline hit).
fn prove(
    g: &Graph,
    standard: &Standard,
    eff: &[bound::LambdaWeights],
    best: &mut Vec<Vec<u32>>,
    best_v: &mut i64,
    limits: Limits,
) -> (bool, bool) {
    match exact::search(g, standard, eff, *best_v, limits).0 {
        ExactOutcome::Better { value, regions } => {
            debug_assert_eq!(value, heuristic::plan_value(g, &regions));
            *best = regions;
            *best_v = value;
            (true, false)
        }
        ExactOutcome::NotBetter => (true, false),
        ExactOutcome::Aborted => (false, limits.deadline.is_some_and(|d| Instant::now() >= d)),
    }
}

/// Scores of a labelling (region id per unit), checked independently of the
/// solver, like the peer benchmark's evaluator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// Number of regions.
    pub regions: usize,
    /// Regions meeting both thresholds.
    pub meeting: usize,
    /// Regions whose units are connected (through any edge of the problem).
    pub connected: usize,
    /// Regions inside one parent (all of them when there are no parents).
    pub nested: usize,
    /// Regions of exactly one unit.
    pub untouched: usize,
}

impl Evaluation {
    /// Whether every region is connected, meets both thresholds and, if
    /// `nested`, stays inside one parent.
    pub fn all_ok(&self, nested: bool) -> bool {
        self.meeting == self.regions
            && self.connected == self.regions
            && (!nested || self.nested == self.regions)
    }
}

/// Scores `labels` (any region ids, one per unit) on `problem`.
///
/// # Errors
/// [`RegionalizeError::LabelCount`] if there is not one label per unit.
///
/// # Complexity
/// O(n log n + m).
pub fn evaluate(
    problem: &Problem,
    th: &Thresholds,
    labels: &[u32],
) -> Result<Evaluation, RegionalizeError> {
    evaluate_with(problem, &Standard::Fixed(*th), labels)
}

/// [`evaluate`] against any [`Standard`].
///
/// # Errors
/// As [`evaluate`].
///
/// # Complexity
/// As [`evaluate`].
pub fn evaluate_with(
    problem: &Problem,
    standard: &Standard,
    labels: &[u32],
) -> Result<Evaluation, RegionalizeError> {
    if labels.len() != problem.len() {
        return Err(RegionalizeError::LabelCount {
            got: labels.len(),
            expected: problem.len(),
        });
    }
    let mut groups: BTreeMap<u32, Vec<usize>> = BTreeMap::new();
    for (i, &l) in labels.iter().enumerate() {
        groups.entry(l).or_default().push(i);
    }
    let mut ev = Evaluation {
        regions: groups.len(),
        meeting: 0,
        connected: 0,
        nested: 0,
        untouched: 0,
    };
    let mut seen = vec![false; problem.len()];
    for (&l, members) in &groups {
        let pop: f64 = members.iter().map(|&u| problem.pop[u]).sum();
        let area: f64 = members.iter().map(|&u| problem.area[u]).sum();
        let mix = members
            .iter()
            .fold(Mix::default(), |m, &u| m.add(&standard.unit_mix(u)));
        ev.meeting += usize::from(standard.meets(pop, area, &mix));
        ev.untouched += usize::from(members.len() == 1);
        ev.nested += usize::from(
            members
                .iter()
                .all(|&u| problem.parent(u) == problem.parent(members[0])),
        );
        let mut stack = vec![members[0]];
        seen[members[0]] = true;
        let mut reached = 1;
        while let Some(u) = stack.pop() {
            for &v in &problem.adj[u] {
                let v = v as usize;
                if !seen[v] && labels[v] == l {
                    seen[v] = true;
                    reached += 1;
                    stack.push(v);
                }
            }
        }
        ev.connected += usize::from(reached == members.len());
    }
    Ok(ev)
}
