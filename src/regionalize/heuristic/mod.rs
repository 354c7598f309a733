//! Heuristic for components too large to solve exactly: randomized greedy
//! construction, then large-neighbourhood search whose moves are exact
//! re-partitions of a few adjacent regions.
//!
//! Construction (one restart): every node that reaches both thresholds alone
//! is its own region; the other nodes are taken in order of fewest free
//! neighbours (ties broken by the seeded generator) and each grows a region
//! by adding the free neighbour that brings it closest to the thresholds
//! (least overshoot once both are met); a seed that cannot complete releases
//! its nodes. Free nodes left at the end join, connected piece by piece, an
//! adjacent region, preferring regions that are not untouched units. Under a
//! rule set (not monotone: a phường joining a xã region changes its
//! standard) a region that then misses its standard is merged with a
//! neighbour, preferring one whose union meets it, until every region does
//! or the component is one region.
//!
//! Improvement: for each region in turn, the union of it and adjacent
//! regions (breadth first, up to `neighbourhood` nodes) is re-partitioned by
//! the exact search of [`super::exact`] in its restricted mode (regions
//! grown until they first meet the thresholds, plus the pieces they enclose:
//! as many regions as the full search, much faster), asked for a strictly
//! better value (more regions, then more untouched units); the union is
//! replaced when it finds one. From the second pass on, regions are visited in a seeded random
//! order, neighbourhoods are grown in random order, and an *equally* good
//! re-partition (the first the exact search meets in a shuffled node order)
//! is also accepted: such plateau moves shift borders and surplus, which
//! opens improving moves next door. A neighbourhood that was searched without
//! result is not searched again until one of its regions changes. When a
//! pass brings no strict improvement the neighbourhood grows by 4 nodes, up
//! to `max_neighbourhood`; the search stops after a pass without strict
//! improvement at that size, or after `max_passes`.
//!
//! # Complexity
//! Construction O(restarts · n · d · s) for degree d and region size s; one
//! improvement pass O(p · exact(k)) for p regions and neighbourhood size k.

mod construct;
mod lns;

pub(crate) use construct::construct;
pub(crate) use lns::{LnsSettings, improve};

use super::VALUE_SCALE;
use super::graph::Graph;
use super::standard::Standard;

const FREE: u32 = u32::MAX;

/// Value of a region of `nodes`.
pub(crate) fn region_value(g: &Graph, nodes: &[u32]) -> i64 {
    VALUE_SCALE + i64::from(nodes.len() == 1 && g.size[nodes[0] as usize] == 1)
}

/// Value of a plan.
pub(crate) fn plan_value(g: &Graph, regions: &[Vec<u32>]) -> i64 {
    regions
        .iter()
        .filter(|r| !r.is_empty())
        .map(|r| region_value(g, r))
        .sum()
}

/// Whether the nodes `r` together meet the standard.
pub(crate) fn region_meets(g: &Graph, standard: &Standard, r: &[u32]) -> bool {
    standard.meets_all(r.iter().map(|&u| {
        let u = u as usize;
        (g.pop[u], g.area[u], g.mix[u])
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regionalize::problem::Thresholds;
    use crate::regionalize::rng::Rng;

    fn grid(side: u32, pop: f64, area: f64) -> Graph {
        let n = (side * side) as usize;
        let mut adj = vec![Vec::new(); n];
        for r in 0..side {
            for c in 0..side {
                let i = r * side + c;
                if c + 1 < side {
                    adj[i as usize].push(i + 1);
                    adj[(i + 1) as usize].push(i);
                }
                if r + 1 < side {
                    adj[i as usize].push(i + side);
                    adj[(i + side) as usize].push(i);
                }
            }
        }
        for l in &mut adj {
            l.sort_unstable();
        }
        Graph::plain(vec![pop; n], vec![area; n], adj)
    }

    fn is_valid(g: &Graph, th: &Standard, regions: &[Vec<u32>]) -> bool {
        let mut seen = vec![0; g.len()];
        for r in regions {
            for &u in r {
                seen[u as usize] += 1;
            }
            if !region_meets(g, th, r) {
                return false;
            }
            let mut pos = vec![u32::MAX; g.len()];
            let sub = g.induced(r, &mut pos);
            let mut reach = vec![false; r.len()];
            let mut stack = vec![0usize];
            reach[0] = true;
            while let Some(x) = stack.pop() {
                for &y in &sub.adj[x] {
                    if !reach[y as usize] {
                        reach[y as usize] = true;
                        stack.push(y as usize);
                    }
                }
            }
            if reach.iter().any(|x| !x) {
                return false;
            }
        }
        seen.iter().all(|&c| c == 1)
    }

    #[test]
    fn construction_and_improvement_give_valid_plans_and_reach_the_bound() {
        // 8x8 grid of units worth 1/3 of each threshold: at most ⌊64/3⌋ = 21.
        let g = grid(8, 1.0, 1.0);
        let th = Standard::Fixed(Thresholds {
            pop: 3.0,
            area: 3.0,
        });
        let relax = th.relax(&[]);
        let mut rng = Rng::new(1);
        let start = construct(&g, &th, &mut rng, 0.0);
        assert!(is_valid(&g, &th, &start));
        let set = LnsSettings {
            neighbourhood: 16,
            max_neighbourhood: 32,
            budget: 200_000,
            max_passes: 30,
            deadline: None,
        };
        let eff = super::super::bound::effective(
            &g,
            &th,
            &relax,
            super::super::bound::SMALL_GRAPH_BUDGET,
        );
        let (better, hit) = improve(&g, &th, &eff, start.clone(), &set, &mut rng);
        assert!(!hit);
        assert!(is_valid(&g, &th, &better));
        assert!(plan_value(&g, &better) >= plan_value(&g, &start));
        assert_eq!(better.len(), 21);
    }
}
