//! Unit tests of the exact search.

use super::*;
use crate::regionalize::Thresholds;

fn graph(pop: &[f64], area: &[f64], edges: &[(u32, u32)]) -> Graph {
    let n = pop.len();
    let mut adj = vec![Vec::new(); n];
    for &(a, b) in edges {
        adj[a as usize].push(b);
        adj[b as usize].push(a);
    }
    for l in &mut adj {
        l.sort_unstable();
    }
    let _ = n;
    Graph::plain(pop.to_vec(), area.to_vec(), adj)
}

/// Effective weights of `g` under fixed thresholds.
fn eff_of(g: &Graph, th: &Standard) -> Vec<LambdaWeights> {
    bound::effective(g, th, &th.relax(&[]), bound::SMALL_GRAPH_BUDGET)
}

const TH: Standard = Standard::Fixed(Thresholds {
    pop: 10.0,
    area: 10.0,
});

fn unlimited() -> Limits {
    Limits {
        budget: u64::MAX,
        deadline: None,
        minimal: false,
    }
}

#[test]
fn path_of_four_small_units_makes_two_pairs() {
    let g = graph(&[5.0; 4], &[5.0; 4], &[(0, 1), (1, 2), (2, 3)]);
    let (o, _) = search(&g, &TH, &eff_of(&g, &TH), 0, unlimited());
    let ExactOutcome::Better { value, mut regions } = o else {
        panic!("expected a plan")
    };
    regions.sort();
    assert_eq!(value, 2 * VALUE_SCALE);
    assert_eq!(regions, vec![vec![0, 1], vec![2, 3]]);
}

#[test]
fn keeps_the_big_unit_untouched_when_p_ties() {
    // Star: centre 0 big; leaves 1,2 small but adjacent to each other.
    let g = graph(
        &[20.0, 5.0, 5.0],
        &[20.0, 5.0, 5.0],
        &[(0, 1), (0, 2), (1, 2)],
    );
    let (o, _) = search(&g, &TH, &eff_of(&g, &TH), 0, unlimited());
    let ExactOutcome::Better { value, .. } = o else {
        panic!("expected a plan")
    };
    assert_eq!(value, 2 * VALUE_SCALE + 1);
    // Nothing beats the optimum.
    let (o, _) = search(&g, &TH, &eff_of(&g, &TH), value, unlimited());
    assert!(matches!(o, ExactOutcome::NotBetter));
}

#[test]
fn budget_aborts() {
    let g = graph(&[5.0; 4], &[5.0; 4], &[(0, 1), (1, 2), (2, 3)]);
    let limits = Limits {
        budget: 1,
        deadline: None,
        minimal: false,
    };
    assert!(matches!(
        search(&g, &TH, &eff_of(&g, &TH), 0, limits).0,
        ExactOutcome::Aborted
    ));
}

#[test]
fn enumeration_visits_each_connected_set_once() {
    // Count connected sets containing the pivot on a 3x3 grid by brute force.
    let mut edges = Vec::new();
    for r in 0..3u32 {
        for c in 0..3u32 {
            let i = r * 3 + c;
            if c < 2 {
                edges.push((i, i + 1));
            }
            if r < 2 {
                edges.push((i, i + 3));
            }
        }
    }
    // Thresholds never met: every grown set is visited, none evaluated.
    let g = graph(&[1.0; 9], &[1.0; 9], &edges);
    let th = Standard::Fixed(Thresholds {
        pop: 1e9,
        area: 1e9,
    });
    let nodes: Vec<u32> = (0..g.len() as u32).collect();
    let mut pos = vec![u32::MAX; g.len()];
    let mut s = Solver::new(&g, &nodes, &mut pos, &th, &eff_of(&g, &th), unlimited());
    let mut lv = Frame {
        mask: 0x1ff,
        best: -1_000_000 * VALUE_SCALE,
        best_t: 0,
        found: false,
        ub: i64::MAX,
        done: false,
        tot: [0.0; LAMBDAS.len()],
    };
    let cand = s.adj[0];
    s.grow(
        &mut lv,
        Grow {
            t: 1,
            cand,
            seen: cand | 1,
            pop: 1.0,
            area: 1.0,
            mix: s.mix[0],
            w: s.w[0],
        },
    );
    let brute = (0u32..512)
        .filter(|m| m & 1 == 1)
        .filter(|&m| {
            let m = u64::from(m);
            let mut comps = Vec::new();
            s.components(m, &mut comps);
            comps.len() == 1
        })
        .count() as u64;
    assert_eq!(s.steps, brute);
}

#[test]
fn restricted_search_finds_as_many_regions_as_the_full_search() {
    let mut state = 42u64;
    let mut next = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    for case in 0..300 {
        let n = 3 + case % 12;
        let mut edges = Vec::new();
        for i in 1..n as u32 {
            edges.push((i - 1, i));
            for j in i.saturating_sub(4)..i.saturating_sub(1) {
                if next() < 0.35 {
                    edges.push((j, i));
                }
            }
        }
        let pop: Vec<f64> = (0..n).map(|_| (10f64).powf(next() * 1.4).round()).collect();
        let area: Vec<f64> = (0..n).map(|_| (10f64).powf(next() * 1.4).round()).collect();
        if pop.iter().sum::<f64>() < 10.0 || area.iter().sum::<f64>() < 10.0 {
            continue;
        }
        let g = graph(&pop, &area, &edges);
        let eff = eff_of(&g, &TH);
        let full = search(&g, &TH, &eff, -1, unlimited()).0;
        let restricted = search(
            &g,
            &TH,
            &eff,
            -1,
            Limits {
                minimal: true,
                ..unlimited()
            },
        )
        .0;
        let (ExactOutcome::Better { value: a, .. }, ExactOutcome::Better { value: b, regions }) =
            (full, restricted)
        else {
            panic!("case {case}: both searches find a plan")
        };
        assert_eq!(a / VALUE_SCALE, b / VALUE_SCALE, "case {case}");
        assert!(b <= a);
        // The restricted plan is a valid partition.
        let mut seen = vec![0; n];
        for r in &regions {
            for &u in r {
                seen[u as usize] += 1;
            }
            let p: f64 = r.iter().map(|&u| pop[u as usize]).sum();
            let ar: f64 = r.iter().map(|&u| area[u as usize]).sum();
            assert!(TH.meets(p, ar, &Mix::default()), "case {case}");
        }
        assert!(seen.iter().all(|&c| c == 1), "case {case}");
    }
}
