//! Unit tests of the exact search.

use super::*;

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
    Graph {
        pop: pop.to_vec(),
        area: area.to_vec(),
        size: vec![1; n],
        adj,
    }
}

const TH: Thresholds = Thresholds {
    pop: 10.0,
    area: 10.0,
};

fn unlimited() -> Limits {
    Limits {
        budget: u64::MAX,
        deadline: None,
    }
}

#[test]
fn path_of_four_small_units_makes_two_pairs() {
    let g = graph(&[5.0; 4], &[5.0; 4], &[(0, 1), (1, 2), (2, 3)]);
    let (o, _) = search(
        &g,
        &TH,
        &bound::effective(&g, &TH, bound::SMALL_GRAPH_BUDGET),
        0,
        unlimited(),
    );
    let Outcome::Better { value, mut regions } = o else {
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
    let (o, _) = search(
        &g,
        &TH,
        &bound::effective(&g, &TH, bound::SMALL_GRAPH_BUDGET),
        0,
        unlimited(),
    );
    let Outcome::Better { value, .. } = o else {
        panic!("expected a plan")
    };
    assert_eq!(value, 2 * VALUE_SCALE + 1);
    // Nothing beats the optimum.
    let (o, _) = search(
        &g,
        &TH,
        &bound::effective(&g, &TH, bound::SMALL_GRAPH_BUDGET),
        value,
        unlimited(),
    );
    assert!(matches!(o, Outcome::NotBetter));
}

#[test]
fn budget_aborts() {
    let g = graph(&[5.0; 4], &[5.0; 4], &[(0, 1), (1, 2), (2, 3)]);
    let limits = Limits {
        budget: 1,
        deadline: None,
    };
    assert!(matches!(
        search(
            &g,
            &TH,
            &bound::effective(&g, &TH, bound::SMALL_GRAPH_BUDGET),
            0,
            limits
        )
        .0,
        Outcome::Aborted
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
    let th = Thresholds {
        pop: 1e9,
        area: 1e9,
    };
    let mut s = Solver::new(
        &g,
        &th,
        &bound::effective(&g, &th, bound::SMALL_GRAPH_BUDGET),
        unlimited(),
    );
    let mut lv = Level {
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
