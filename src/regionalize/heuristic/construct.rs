//! Greedy construction of a first plan (see the module docs of
//! [`super`]): seeds grown to the standard, free nodes absorbed, regions
//! that miss a non-monotone standard repaired.

use super::{FREE, region_meets};
use crate::regionalize::graph::Graph;
use crate::regionalize::problem::Thresholds;
use crate::regionalize::rng::Rng;
use crate::regionalize::standard::Standard;

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
