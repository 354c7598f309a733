//! Exactness of `reorg::regionalize` against brute force: on random small
//! graphs (up to 10 units) every partition into connected parts is
//! enumerated, and the solver's plan must reach the best (regions, then
//! untouched units); its upper bound must never be below the optimum.

use reorg::regionalize::{ComponentStatus, Options, Problem, Thresholds, evaluate, solve};

/// A small deterministic generator for test instances (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Case {
    pop: Vec<f64>,
    area: Vec<f64>,
    edges: Vec<(u32, u32)>,
    parent: Vec<u32>,
}

/// Random planar-ish graph: a path plus random chords among near indices,
/// values log-uniform around the thresholds (10, 10).
fn random_case(rng: &mut Lcg, n: usize) -> Case {
    let mut edges = Vec::new();
    for i in 1..n {
        if rng.next() < 0.9 {
            edges.push(((i - 1) as u32, i as u32));
        }
        for j in i.saturating_sub(4)..i.saturating_sub(1) {
            if rng.next() < 0.3 {
                edges.push((j as u32, i as u32));
            }
        }
    }
    let value = |rng: &mut Lcg| (10f64).powf(rng.next() * 1.6 - 0.1).round();
    let pop = (0..n).map(|_| value(rng)).collect();
    let area = (0..n).map(|_| value(rng)).collect();
    let cut = 1 + (rng.next() * (n as f64 - 1.0)) as usize;
    let parent = (0..n).map(|i| u32::from(i >= cut)).collect();
    Case {
        pop,
        area,
        edges,
        parent,
    }
}

fn adjacency(case: &Case, nested: bool) -> Vec<Vec<bool>> {
    let n = case.pop.len();
    let mut adj = vec![vec![false; n]; n];
    for &(a, b) in &case.edges {
        let (a, b) = (a as usize, b as usize);
        if !nested || case.parent[a] == case.parent[b] {
            adj[a][b] = true;
            adj[b][a] = true;
        }
    }
    adj
}

fn connected(adj: &[Vec<bool>], block: &[usize]) -> bool {
    let mut reached = vec![block[0]];
    let mut i = 0;
    while i < reached.len() {
        let u = reached[i];
        for &v in block {
            if adj[u][v] && !reached.contains(&v) {
                reached.push(v);
            }
        }
        i += 1;
    }
    reached.len() == block.len()
}

/// Connected components (as sorted unit lists) of the usable graph.
fn components(adj: &[Vec<bool>]) -> Vec<Vec<usize>> {
    let n = adj.len();
    let mut comp = vec![usize::MAX; n];
    let mut out = Vec::new();
    for s in 0..n {
        if comp[s] != usize::MAX {
            continue;
        }
        let mut members = vec![s];
        comp[s] = out.len();
        let mut i = 0;
        while i < members.len() {
            let u = members[i];
            for v in 0..n {
                if adj[u][v] && comp[v] == usize::MAX {
                    comp[v] = out.len();
                    members.push(v);
                }
            }
            i += 1;
        }
        members.sort_unstable();
        out.push(members);
    }
    out
}

/// Best (regions, untouched) over all partitions into connected blocks that
/// each meet the thresholds, or are a whole component that cannot.
fn brute_force(case: &Case, th: &Thresholds, nested: bool) -> (usize, usize) {
    let n = case.pop.len();
    let adj = adjacency(case, nested);
    let comps = components(&adj);
    let infeasible_comp: Vec<Vec<usize>> = comps
        .into_iter()
        .filter(|c| {
            let p: f64 = c.iter().map(|&u| case.pop[u]).sum();
            let a: f64 = c.iter().map(|&u| case.area[u]).sum();
            !th.met_by(p, a)
        })
        .collect();
    let mut best = (0, 0);
    // Restricted growth strings enumerate every set partition once.
    let mut a = vec![0usize; n];
    loop {
        let blocks = a.iter().max().unwrap() + 1;
        let mut ok = true;
        let mut untouched = 0;
        for b in 0..blocks {
            let block: Vec<usize> = (0..n).filter(|&i| a[i] == b).collect();
            if !connected(&adj, &block) {
                ok = false;
                break;
            }
            let p: f64 = block.iter().map(|&u| case.pop[u]).sum();
            let ar: f64 = block.iter().map(|&u| case.area[u]).sum();
            if !th.met_by(p, ar) && !infeasible_comp.contains(&block) {
                ok = false;
                break;
            }
            untouched += usize::from(block.len() == 1);
        }
        if ok && (blocks, untouched) > best {
            best = (blocks, untouched);
        }
        // Next restricted growth string.
        let mut i = n - 1;
        loop {
            if i == 0 {
                return best;
            }
            let max_prefix = a[..i].iter().max().copied().unwrap_or(0);
            if a[i] <= max_prefix {
                a[i] += 1;
                for x in &mut a[i + 1..] {
                    *x = 0;
                }
                break;
            }
            i -= 1;
        }
    }
}

fn problem(case: &Case) -> Problem {
    Problem::new(case.pop.clone(), case.area.clone(), &case.edges)
        .unwrap()
        .with_parents(case.parent.clone())
        .unwrap()
}

const TH: Thresholds = Thresholds {
    pop: 10.0,
    area: 10.0,
};

#[test]
fn exact_plans_match_brute_force() {
    let mut rng = Lcg(12_345);
    for case_no in 0..240 {
        let n = 2 + case_no % 9;
        let case = random_case(&mut rng, n);
        let nested = case_no % 2 == 1;
        let p = problem(&case);
        let opts = Options {
            nested,
            ..Options::default()
        };
        let plan = solve(&p, &TH, &opts).unwrap();
        let (best_p, best_untouched) = brute_force(&case, &TH, nested);
        assert_eq!(
            (plan.p(), plan.untouched()),
            (best_p, best_untouched),
            "case {case_no} (n = {n}, nested = {nested})"
        );
        assert!(plan.components.iter().all(|c| matches!(
            c.status,
            ComponentStatus::Optimal | ComponentStatus::Infeasible
        )));
        let ev = evaluate(&p, &TH, &plan.labels).unwrap();
        let infeasible = plan.infeasible().count();
        assert_eq!(ev.connected, ev.regions);
        assert_eq!(ev.meeting + infeasible, ev.regions);
        if nested {
            assert_eq!(ev.nested, ev.regions);
        }
    }
}

#[test]
fn heuristic_plans_are_valid_and_bounds_hold() {
    let mut rng = Lcg(777);
    for case_no in 0..120 {
        let n = 4 + case_no % 7;
        let case = random_case(&mut rng, n);
        let p = problem(&case);
        // No exact proof: only the greedy construction and the neighbourhood search.
        let opts = Options {
            exact_max: 0,
            neighbourhood: 4,
            max_neighbourhood: 8,
            ..Options::default()
        };
        let plan = solve(&p, &TH, &opts).unwrap();
        let (best_p, _) = brute_force(&case, &TH, false);
        assert!(plan.p() <= best_p, "case {case_no}");
        assert!(
            plan.upper_bound() >= best_p,
            "case {case_no}: bound below optimum"
        );
        let ev = evaluate(&p, &TH, &plan.labels).unwrap();
        assert_eq!(ev.connected, ev.regions, "case {case_no}");
        assert_eq!(ev.meeting + plan.infeasible().count(), ev.regions);
    }
}

#[test]
fn plans_do_not_depend_on_the_number_of_threads() {
    let mut rng = Lcg(99);
    let case = random_case(&mut rng, 400);
    // Parents in blocks of 25 consecutive units.
    let parent: Vec<u32> = (0..400).map(|i| i / 25).collect();
    let p = Problem::new(case.pop.clone(), case.area.clone(), &case.edges)
        .unwrap()
        .with_parents(parent)
        .unwrap();
    for nested in [true, false] {
        let plans: Vec<_> = [1, 3]
            .into_iter()
            .map(|threads| {
                let opts = Options {
                    nested,
                    threads,
                    ..Options::default()
                };
                solve(&p, &TH, &opts).unwrap()
            })
            .collect();
        assert_eq!(plans[0], plans[1]);
        let ev = evaluate(&p, &TH, &plans[0].labels).unwrap();
        assert_eq!(ev.connected, ev.regions);
        assert_eq!(ev.meeting + plans[0].infeasible().count(), ev.regions);
        assert!(plans[0].p() <= plans[0].upper_bound());
    }
}

#[test]
fn an_expired_time_limit_still_gives_a_valid_plan() {
    let mut rng = Lcg(5);
    let case = random_case(&mut rng, 200);
    let p = problem(&case);
    let opts = Options {
        time_limit: Some(std::time::Duration::ZERO),
        ..Options::default()
    };
    let plan = solve(&p, &TH, &opts).unwrap();
    assert!(plan.time_limit_hit);
    let ev = evaluate(&p, &TH, &plan.labels).unwrap();
    assert_eq!(ev.connected, ev.regions);
    assert_eq!(ev.meeting + plan.infeasible().count(), ev.regions);
    assert!(plan.p() <= plan.upper_bound());
}
