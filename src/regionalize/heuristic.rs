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

use std::time::Instant;

use super::VALUE_SCALE;
use super::bound::LambdaWeights;
use super::exact::{self, ExactOutcome, Limits};
use super::graph::Graph;
use super::problem::Thresholds;
use super::rng::Rng;
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

/// Deficit of a region with totals `p`, `a`: 0 once both thresholds are met.
fn deficit(p: f64, a: f64, th: &Thresholds) -> f64 {
    let dp = (1.0 - th.pop_ratio(p)).max(0.0);
    let da = (1.0 - th.area_ratio(a)).max(0.0);
    if dp.is_nan() || da.is_nan() {
        0.0
    } else {
        dp + da
    }
}

/// One greedy construction of a plan of `g` (connected, feasible in total).
pub(crate) fn construct(
    g: &Graph,
    standard: &Standard,
    rng: &mut Rng,
    noise: f64,
) -> Vec<Vec<u32>> {
    let n = g.len();
    let mut owner = vec![FREE; n];
    let mut regions: Vec<Vec<u32>> = Vec::new();
    let alone: Vec<bool> = (0..n).map(|i| g.alone_ok(i, standard)).collect();
    for i in 0..n {
        if alone[i] {
            owner[i] = regions.len() as u32;
            regions.push(vec![i as u32]);
        }
    }
    let free_nbrs = |i: usize, owner: &[u32]| {
        g.adj[i]
            .iter()
            .filter(|&&v| owner[v as usize] == FREE && !alone[v as usize])
            .count()
    };
    let mut order: Vec<(usize, f64, u32)> = (0..n)
        .filter(|&i| !alone[i])
        .map(|i| (free_nbrs(i, &owner), rng.f64(), i as u32))
        .collect();
    order.sort_by(|x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut tried = vec![false; n];
    for &(_, _, seed) in &order {
        let seed = seed as usize;
        if owner[seed] != FREE || tried[seed] {
            continue;
        }
        let id = regions.len() as u32;
        let mut members = vec![seed as u32];
        owner[seed] = id;
        let (mut p, mut a, mut mix) = (g.pop[seed], g.area[seed], g.mix[seed]);
        while !standard.meets(p, a, &mix) {
            let mut best: Option<(f64, u32)> = None;
            for &u in &members {
                for &v in &g.adj[u as usize] {
                    let vi = v as usize;
                    if owner[vi] != FREE || alone[vi] {
                        continue;
                    }
                    let (p2, a2) = (p + g.pop[vi], a + g.area[vi]);
                    let mix2 = mix.add(&g.mix[vi]);
                    let th = standard.target(&mix2, a2);
                    let d = if standard.monotone() {
                        deficit(p2, a2, &th)
                    } else if standard.meets(p2, a2, &mix2) {
                        0.0
                    } else {
                        deficit(p2, a2, &th).max(1e-9)
                    };
                    let mut score = if d <= 0.0 {
                        th.pop_ratio(p2).min(1e6) + th.area_ratio(a2).min(1e6) - 2.0
                    } else {
                        10.0 + d
                    };
                    score += 0.05 * free_nbrs(vi, &owner) as f64;
                    if noise > 0.0 {
                        score *= 1.0 + noise * rng.f64();
                    }
                    if best.is_none_or(|(s, b)| score < s || (score == s && v < b)) {
                        best = Some((score, v));
                    }
                }
            }
            let Some((_, v)) = best else { break };
            owner[v as usize] = id;
            members.push(v);
            p += g.pop[v as usize];
            a += g.area[v as usize];
            mix = mix.add(&g.mix[v as usize]);
        }
        if standard.meets(p, a, &mix) {
            members.sort_unstable();
            regions.push(members);
        } else {
            for &u in &members {
                owner[u as usize] = FREE;
                tried[u as usize] = true;
            }
        }
    }
    absorb_free(g, &mut owner, &mut regions);
    if !standard.monotone() {
        repair(g, standard, &mut owner, &mut regions);
    }
    regions.retain(|r| !r.is_empty());
    regions
}

/// Whether the nodes `r` together meet the standard.
pub(crate) fn region_meets(g: &Graph, standard: &Standard, r: &[u32]) -> bool {
    standard.meets_all(r.iter().map(|&u| {
        let u = u as usize;
        (g.pop[u], g.area[u], g.mix[u])
    }))
}

/// Merges every region that misses the standard with an adjacent region
/// (one whose union meets it first, then the smallest, then the lowest id)
/// until all meet it or no region that misses it has a neighbour.
///
/// # Complexity
/// O(p · (n + m)) for p regions.
fn repair(g: &Graph, standard: &Standard, owner: &mut [u32], regions: &mut [Vec<u32>]) {
    loop {
        let Some(r) = (0..regions.len())
            .find(|&r| !regions[r].is_empty() && !region_meets(g, standard, &regions[r]))
        else {
            return;
        };
        let mut best: Option<(bool, usize, u32)> = None;
        for &u in &regions[r] {
            for &v in &g.adj[u as usize] {
                let o = owner[v as usize];
                if o as usize == r || o == FREE {
                    continue;
                }
                let mut union = regions[r].clone();
                union.extend_from_slice(&regions[o as usize]);
                let key = (
                    !region_meets(g, standard, &union),
                    regions[o as usize].len(),
                    o,
                );
                if best.is_none_or(|b| key < b) {
                    best = Some(key);
                }
            }
        }
        let Some((_, _, o)) = best else { return };
        let moved = std::mem::take(&mut regions[r]);
        for &u in &moved {
            owner[u as usize] = o;
        }
        let reg = &mut regions[o as usize];
        reg.extend(moved);
        reg.sort_unstable();
    }
}

/// Joins every connected piece of free nodes to an adjacent region.
fn absorb_free(g: &Graph, owner: &mut [u32], regions: &mut Vec<Vec<u32>>) {
    let n = g.len();
    for s in 0..n {
        if owner[s] != FREE {
            continue;
        }
        let mut piece = vec![s as u32];
        let mut in_piece = std::collections::BTreeSet::from([s as u32]);
        let mut i = 0;
        while i < piece.len() {
            let u = piece[i] as usize;
            for &v in &g.adj[u] {
                if owner[v as usize] == FREE && in_piece.insert(v) {
                    piece.push(v);
                }
            }
            i += 1;
        }
        let mut target: Option<(bool, usize, u32)> = None;
        for &u in &piece {
            for &v in &g.adj[u as usize] {
                let r = owner[v as usize];
                if r == FREE {
                    continue;
                }
                let reg = &regions[r as usize];
                let key = (reg.len() == 1 && g.size[reg[0] as usize] == 1, reg.len(), r);
                if target.is_none_or(|t| key < t) {
                    target = Some(key);
                }
            }
        }
        let id = match target {
            Some((_, _, r)) => r,
            None => {
                regions.push(Vec::new());
                (regions.len() - 1) as u32
            }
        };
        for &u in &piece {
            owner[u as usize] = id;
        }
        let reg = &mut regions[id as usize];
        reg.extend(piece);
        reg.sort_unstable();
    }
}

/// Settings of the improvement phase.
#[derive(Clone, Copy, Debug)]
pub(crate) struct LnsSettings {
    /// Start size of a neighbourhood, in nodes (≤ 64).
    pub neighbourhood: usize,
    /// Largest size a neighbourhood grows to (≤ 64).
    pub max_neighbourhood: usize,
    /// Step budget of one exact re-partition.
    pub budget: u64,
    /// Maximum number of passes.
    pub max_passes: usize,
    /// Wall-clock deadline.
    pub deadline: Option<Instant>,
}

/// Improves `regions` (a valid plan of `g`) by exact re-partitions of
/// neighbourhoods. Returns the improved plan and whether the deadline was hit.
pub(crate) fn improve(
    g: &Graph,
    standard: &Standard,
    eff: &[LambdaWeights],
    mut regions: Vec<Vec<u32>>,
    set: &LnsSettings,
    rng: &mut Rng,
) -> (Vec<Vec<u32>>, bool) {
    let n = g.len();
    let mut owner = vec![FREE; n];
    for (r, nodes) in regions.iter().enumerate() {
        for &u in nodes {
            owner[u as usize] = r as u32;
        }
    }
    let start = set.neighbourhood.clamp(2, exact::MAX_EXACT_NODES);
    let max_k = set.max_neighbourhood.clamp(start, exact::MAX_EXACT_NODES);
    let mut k = start;
    let mut mark = vec![u32::MAX; regions.len()];
    let mut epoch = 0u32;
    // A neighbourhood that could not be improved stays so until one of its
    // regions changes: remember failures by (region, version) fingerprint.
    let mut version = vec![0u64; regions.len()];
    let mut clock = 0u64;
    let mut failed: std::collections::HashSet<u64> = std::collections::HashSet::new();
    let mut pos = vec![u32::MAX; n];
    for pass in 0..set.max_passes {
        let mut order: Vec<u32> = (0..regions.len() as u32)
            .filter(|&r| !regions[r as usize].is_empty())
            .collect();
        if pass > 0 {
            rng.shuffle(&mut order);
        }
        let mut improved = false;
        for &r in &order {
            if regions[r as usize].is_empty() {
                continue;
            }
            if set.deadline.is_some_and(|d| Instant::now() >= d) {
                return (compact(regions), true);
            }
            epoch += 1;
            if mark.len() < regions.len() {
                mark.resize(regions.len(), u32::MAX);
            }
            let chosen = neighbourhood(g, &regions, &owner, r, k, &mut mark, epoch, pass > 0, rng);
            let key = fingerprint(&chosen, &version);
            if failed.contains(&key) {
                continue;
            }
            let mut nodes: Vec<u32> = chosen
                .iter()
                .flat_map(|&c| regions[c as usize].iter().copied())
                .collect();
            nodes.sort_unstable();
            if nodes.len() > exact::MAX_EXACT_NODES {
                continue;
            }
            let current: i64 = chosen
                .iter()
                .map(|&c| region_value(g, &regions[c as usize]))
                .sum();
            // After the first pass, also accept an equally good partition
            // (found first in a shuffled node order): it moves borders and
            // opens new improving neighbourhoods.
            let plateau = pass > 0;
            if plateau {
                rng.shuffle(&mut nodes);
            }
            let sub = g.induced(&nodes, &mut pos);
            let sub_eff: Vec<LambdaWeights> = nodes.iter().map(|&i| eff[i as usize]).collect();
            let limits = Limits {
                budget: set.budget,
                deadline: set.deadline,
                minimal: true,
            };
            let lower = if plateau { current - 1 } else { current };
            let ExactOutcome::Better {
                regions: new,
                value,
            } = exact::search(&sub, standard, &sub_eff, lower, limits).0
            else {
                failed.insert(key);
                continue;
            };
            let mut parts: Vec<Vec<u32>> = new
                .iter()
                .map(|part| {
                    let mut m: Vec<u32> = part.iter().map(|&i| nodes[i as usize]).collect();
                    m.sort_unstable();
                    m
                })
                .collect();
            if value <= current {
                let mut old: Vec<Vec<u32>> = chosen
                    .iter()
                    .map(|&c| regions[c as usize].clone())
                    .collect();
                old.sort();
                parts.sort();
                if old == parts {
                    failed.insert(key);
                    continue;
                }
            }
            {
                let mut slots = chosen.clone();
                for c in &chosen {
                    regions[*c as usize].clear();
                    clock += 1;
                    version[*c as usize] = clock;
                }
                for mapped in parts {
                    let id = match slots.pop() {
                        Some(s) => s,
                        None => {
                            regions.push(Vec::new());
                            version.push(0);
                            (regions.len() - 1) as u32
                        }
                    };
                    clock += 1;
                    version[id as usize] = clock;
                    for &u in &mapped {
                        owner[u as usize] = id;
                    }
                    regions[id as usize] = mapped;
                }
                improved |= value > current;
            }
        }
        if !improved {
            if k >= max_k {
                break;
            }
            k = (k + 4).min(max_k);
        }
    }
    (compact(regions), false)
}

/// Order-independent fingerprint of a set of (region, version) pairs.
fn fingerprint(chosen: &[u32], version: &[u64]) -> u64 {
    let mut ids: Vec<(u32, u64)> = chosen.iter().map(|&c| (c, version[c as usize])).collect();
    ids.sort_unstable();
    ids.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &(c, v)| {
        (h ^ (u64::from(c) << 32 ^ v))
            .wrapping_mul(0x0000_0100_0000_01b3)
            .rotate_left(17)
    })
}

fn compact(regions: Vec<Vec<u32>>) -> Vec<Vec<u32>> {
    regions.into_iter().filter(|r| !r.is_empty()).collect()
}

/// Region `r` and adjacent regions, breadth first, up to `k` nodes in all.
#[allow(clippy::too_many_arguments)]
fn neighbourhood(
    g: &Graph,
    regions: &[Vec<u32>],
    owner: &[u32],
    r: u32,
    k: usize,
    mark: &mut [u32],
    epoch: u32,
    shuffle: bool,
    rng: &mut Rng,
) -> Vec<u32> {
    let mut chosen = vec![r];
    mark[r as usize] = epoch;
    let mut size = regions[r as usize].len();
    let mut head = 0;
    while head < chosen.len() {
        let c = chosen[head];
        head += 1;
        let mut adjacent: Vec<u32> = Vec::new();
        for &u in &regions[c as usize] {
            for &v in &g.adj[u as usize] {
                let o = owner[v as usize];
                if mark[o as usize] != epoch && !adjacent.contains(&o) {
                    adjacent.push(o);
                }
            }
        }
        if shuffle {
            rng.shuffle(&mut adjacent);
        } else {
            adjacent.sort_unstable();
        }
        for o in adjacent {
            let len = regions[o as usize].len();
            if size + len <= k {
                mark[o as usize] = epoch;
                chosen.push(o);
                size += len;
            }
        }
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

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
