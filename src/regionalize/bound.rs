//! Upper bounds on the number of regions.
//!
//! Every region R has pop(R) ≥ P and area(R) ≥ A. For λ ∈ [0, 1] let a
//! unit's capped weight be `c_λ(i) = min(1, λ·pop_i/P + (1−λ)·area_i/A)`; any
//! feasible set R has `Σ_{i∈R} c_λ(i) ≥ 1` (a unit of weight 1 suffices,
//! otherwise the uncapped sum is ≥ 1).
//!
//! Graph-aware refinement: let `m_λ(i) ≥ 1` be the least weight of a
//! connected feasible set containing i (found by a small best-first
//! enumeration; 1 if its budget runs out, which is always valid). A region R
//! holding i has weight ≥ m_λ(i) for each of its units, so with
//! `e_λ(i) = c_λ(i) / m_λ(i)`, `Σ_{i∈R} e_λ(i) ≥ Σ_{i∈R} c_λ(i) / max_{j∈R} m_λ(j) ≥ 1`:
//!
//! ```text
//! p ≤ min( min_λ ⌊Σ_i e_λ(i)⌋ , number of units ).
//! ```
//!
//! Any weights y ≥ 0 under which every feasible region weighs at least 1
//! bound p by ⌊Σ y⌋ (they are a feasible dual of the partition LP), and the
//! e above are such weights. A second sweep lowers them one node at a time:
//! if the lightest feasible region holding j weighs M(j) under the current
//! weights, `y_j` drops by `min(M(j) − 1, y_j)` and every region still weighs
//! at least 1 (coordinate descent on the dual). On the national
//! province-wide instances this cuts the gap by half (nq76-2025: bound
//! 4,901 → 4,599 for 4,365 regions).
//!
//! With m = 1 this is the counting bound ⌊min(ΣP/P, ΣA/A)⌋ tightened by the
//! bin-covering cap (a unit far above a threshold cannot lend its surplus).
//! The m term charges units that can only be reached by overshooting (a
//! small unit wedged between large ones). The bound is monotone (removing
//! units never raises it, and m computed on a supergraph stays valid on a
//! subgraph), which the exact search relies on.
//!
//! Under a rule set the thresholds vary with the region
//! ([`super::standard`]); a unit's weight is then, per λ, the largest over
//! the standards a region holding it can take ([`Relax`]): a feasible region
//! of standard c has `Σ c_λ,c(i) ≥ 1`, and each term is at most the unit's
//! weight. `m_λ` is searched with the true standard. Where a group exemption (NQ 76 N4: ≥ 3 units into a phường) may
//! apply, a node of s units weighs at least `min(1, s/3)`: an exempt region
//! then also has weight ≥ 1.

use super::graph::Graph;
use super::problem::Thresholds;
use super::standard::{Mix, Relax, Standard};

/// The λ grid: area only, both, population only.
pub(crate) const LAMBDAS: [f64; 3] = [0.0, 0.5, 1.0];

/// Capped weights of one node, one per λ.
pub(crate) type LambdaWeights = [f64; LAMBDAS.len()];

/// The capped weights `min(1, w_λ)` of a node with `pop` and `area`.
pub(crate) fn weights(pop: f64, area: f64, th: &Thresholds) -> LambdaWeights {
    let (rp, ra) = (th.pop_ratio(pop), th.area_ratio(area));
    let mut w = [0.0; LAMBDAS.len()];
    for (k, &l) in LAMBDAS.iter().enumerate() {
        let mut x = 0.0;
        if l > 0.0 {
            x += l * rp;
        }
        if l < 1.0 {
            x += (1.0 - l) * ra;
        }
        w[k] = if x.is_nan() { 1.0 } else { x.min(1.0) };
    }
    w
}

/// The capped weights of a node whose region may take any of `classes`:
/// per λ the largest over the classes, so that a feasible region, whatever
/// its class, still weighs at least 1.
pub(crate) fn weights_any(pop: f64, area: f64, classes: &[Thresholds]) -> LambdaWeights {
    let mut w = [0.0; LAMBDAS.len()];
    for th in classes {
        for (x, y) in w.iter_mut().zip(weights(pop, area, th)) {
            *x = f64::max(*x, y);
        }
    }
    w
}

/// The bound from summed capped weights and a node count.
pub(crate) fn p_bound(sums: &LambdaWeights, count: usize) -> usize {
    let mut b = count;
    for &s in sums {
        // The slack only loosens the bound, never below the true optimum.
        // `as` truncates, which is the floor for the non-negative value.
        let f = (s + 1e-6).max(0.0) as usize;
        b = b.min(f);
    }
    b
}

/// Step budget of one least-weight search in a graph that the exact search
/// may prove (at most 64 nodes): a tight bound pays off there.
pub(crate) const SMALL_GRAPH_BUDGET: u32 = 12_000;
/// Step budget of one least-weight search in a larger graph (the bound then
/// only measures the gap and prunes neighbourhood moves).
pub(crate) const LARGE_GRAPH_BUDGET: u32 = 4_000;

/// Effective weights of every node of `g`: `e_λ(i) = c_λ(i) / m_λ(i)`, then
/// lowered one node at a time by the slack of its lightest feasible region
/// (see the module docs).
///
/// # Complexity
/// O(n · B · d) for the per-node step budget B and degree d (two searches
/// per node).
pub(crate) fn effective(
    g: &Graph,
    standard: &Standard,
    relax: &Relax,
    budget: u32,
) -> Vec<LambdaWeights> {
    let n = g.len();
    let c: Vec<LambdaWeights> = (0..n)
        .map(|i| {
            let mut w = weights_any(g.pop[i], g.area[i], relax.of(&g.mix[i]));
            // A group exemption (N4) needs `min` units, whatever their size.
            if let Some(min) = relax.count_floor(&g.mix[i]) {
                let share = (f64::from(g.size[i]) / f64::from(min.max(1))).min(1.0);
                for x in &mut w {
                    *x = x.max(share);
                }
            }
            w
        })
        .collect();
    let mut s = MinWeight {
        g,
        standard,
        c: c.clone(),
        best: [f64::INFINITY; LAMBDAS.len()],
        steps: 0,
        budget,
        seen: vec![false; n],
        arena: Vec::new(),
    };
    let alone: Vec<bool> = (0..n).map(|j| g.alone_ok(j, standard)).collect();
    let mut out = c.clone();
    for j in (0..n).filter(|&j| !alone[j]) {
        let m = s.run(j);
        for k in 0..LAMBDAS.len() {
            out[j][k] = c[j][k] / m[k];
        }
    }
    // Second pass, one node at a time: every feasible region holding j
    // weighs at least M(j) ≥ 1 under the current weights, so j's weight can
    // drop by M(j) − 1 and every region still weighs at least 1.
    s.c = out;
    for j in (0..n).filter(|&j| !alone[j]) {
        let m = s.run(j);
        for (y, mk) in s.c[j].iter_mut().zip(m) {
            *y -= (mk - 1.0).min(*y).max(0.0);
        }
    }
    s.c
}

/// Least weight (per λ) of a connected feasible set containing a node, by
/// depth-first enumeration of connected sets with weight pruning; candidate
/// lists live on one stack (`arena`), so the search allocates nothing.
struct MinWeight<'a> {
    g: &'a Graph,
    standard: &'a Standard,
    c: Vec<LambdaWeights>,
    best: LambdaWeights,
    steps: u32,
    budget: u32,
    seen: Vec<bool>,
    arena: Vec<u32>,
}

impl MinWeight<'_> {
    fn run(&mut self, j: usize) -> LambdaWeights {
        self.best = self.greedy(j);
        self.steps = 0;
        self.arena.clear();
        self.seen[j] = true;
        for &v in &self.g.adj[j] {
            self.seen[v as usize] = true;
            self.arena.push(v);
        }
        let end = self.arena.len();
        let start = Acc {
            pop: self.g.pop[j],
            area: self.g.area[j],
            mix: self.g.mix[j],
        };
        self.grow(start, self.c[j], 0, end);
        self.seen[j] = false;
        for &v in &self.g.adj[j] {
            self.seen[v as usize] = false;
        }
        let mut m = [1.0; LAMBDAS.len()];
        if self.steps <= self.budget {
            for (k, x) in m.iter_mut().enumerate() {
                if self.best[k].is_finite() {
                    *x = self.best[k].max(1.0);
                }
            }
        }
        m
    }

    /// LambdaWeights of a feasible set grown greedily from `j` (closest to the
    /// thresholds first), an incumbent that makes the pruning bite early.
    fn greedy(&mut self, j: usize) -> LambdaWeights {
        let mut t = vec![j as u32];
        self.seen[j] = true;
        let (mut pop, mut area, mut mix, mut w) =
            (self.g.pop[j], self.g.area[j], self.g.mix[j], self.c[j]);
        while !self.standard.meets(pop, area, &mix) && t.len() < 16 {
            let mut pick: Option<(f64, u32)> = None;
            for &u in &t {
                for &v in &self.g.adj[u as usize] {
                    let vi = v as usize;
                    if self.seen[vi] {
                        continue;
                    }
                    let (p2, a2) = (pop + self.g.pop[vi], area + self.g.area[vi]);
                    let th = self.standard.target(&mix.add(&self.g.mix[vi]), a2);
                    let d = (1.0 - th.pop_ratio(p2)).max(0.0) + (1.0 - th.area_ratio(a2)).max(0.0);
                    let key = if d.is_nan() { 0.0 } else { d } + 1e-3 * self.c[vi][1];
                    if pick.is_none_or(|(k, _)| key < k) {
                        pick = Some((key, v));
                    }
                }
            }
            let Some((_, v)) = pick else { break };
            let vi = v as usize;
            self.seen[vi] = true;
            t.push(v);
            pop += self.g.pop[vi];
            area += self.g.area[vi];
            mix = mix.add(&self.g.mix[vi]);
            for (k, x) in w.iter_mut().enumerate() {
                *x += self.c[vi][k];
            }
        }
        for &u in &t {
            self.seen[u as usize] = false;
        }
        if self.standard.meets(pop, area, &mix) {
            w
        } else {
            [f64::INFINITY; LAMBDAS.len()]
        }
    }

    fn grow(&mut self, acc: Acc, w: LambdaWeights, start: usize, end: usize) {
        self.steps += 1;
        if self.steps > self.budget || w.iter().zip(&self.best).all(|(x, b)| x >= b) {
            return;
        }
        // A feasible set ends the branch: its supersets weigh more.
        if self.standard.meets(acc.pop, acc.area, &acc.mix) {
            for (b, x) in self.best.iter_mut().zip(&w) {
                *b = b.min(*x);
            }
            return;
        }
        for idx in start..end {
            let x = self.arena[idx] as usize;
            let base = self.arena.len();
            self.arena.extend_from_within(idx + 1..end);
            for &v in &self.g.adj[x] {
                if !self.seen[v as usize] {
                    self.seen[v as usize] = true;
                    self.arena.push(v);
                }
            }
            let mut w2 = w;
            for (k, v) in w2.iter_mut().enumerate() {
                *v += self.c[x][k];
            }
            let top = self.arena.len();
            let next = Acc {
                pop: acc.pop + self.g.pop[x],
                area: acc.area + self.g.area[x],
                mix: if self.standard.monotone() {
                    acc.mix
                } else {
                    acc.mix.add(&self.g.mix[x])
                },
            };
            self.grow(next, w2, base, top);
            let fresh = base + (end - idx - 1);
            for t in fresh..top {
                let v = self.arena[t] as usize;
                self.seen[v] = false;
            }
            self.arena.truncate(base);
            if self.steps > self.budget {
                return;
            }
        }
    }
}

/// Totals of a set being grown.
#[derive(Clone, Copy)]
struct Acc {
    pop: f64,
    area: f64,
    mix: Mix,
}

/// The bound for a whole graph from its effective weights.
///
/// # Complexity
/// O(n).
pub(crate) fn p_bound_graph(g: &Graph, eff: &[LambdaWeights]) -> usize {
    let mut sums = [0.0; LAMBDAS.len()];
    for w in eff {
        for k in 0..sums.len() {
            sums[k] += w[k];
        }
    }
    p_bound(&sums, g.len())
}

/// The counting bound for a set of units (capped weights, m = 1).
///
/// # Complexity
/// O(n).
#[cfg(test)]
pub(crate) fn p_bound_of(pop: &[f64], area: &[f64], th: &Thresholds) -> usize {
    let mut sums = [0.0; LAMBDAS.len()];
    for (p, a) in pop.iter().zip(area) {
        let w = weights(*p, *a, th);
        for k in 0..sums.len() {
            sums[k] += w[k];
        }
    }
    p_bound(&sums, pop.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> Thresholds {
        Thresholds {
            pop: 10.0,
            area: 10.0,
        }
    }

    #[test]
    fn counting_bound_and_cap() {
        // Totals 30/30 would allow 3, but one unit holds 25 of each: 1 + ⌊5/10⌋.
        assert_eq!(p_bound_of(&[25.0, 2.5, 2.5], &[25.0, 2.5, 2.5], &th()), 1);
        // Population scarce: ⌊19/10⌋ = 1 whatever the area.
        assert_eq!(p_bound_of(&[9.5, 9.5], &[100.0, 100.0], &th()), 1);
        // Never more than the number of units.
        assert_eq!(p_bound_of(&[100.0, 100.0], &[100.0, 100.0], &th()), 2);
    }

    #[test]
    fn each_dimension_is_capped_separately() {
        // Population-rich/area-poor and the opposite: uncapped totals allow 2
        // (20/10 each), capped shares allow 1 + 0.2 = 1.
        assert_eq!(p_bound_of(&[18.0, 2.0], &[2.0, 18.0], &th()), 1);
    }

    #[test]
    fn zero_thresholds_allow_every_unit_alone() {
        let t = Thresholds {
            pop: 0.0,
            area: 0.0,
        };
        assert_eq!(p_bound_of(&[0.0, 1.0], &[0.0, 1.0], &t), 2);
    }
}

#[cfg(test)]
mod dual_tests {
    use super::*;
    use crate::regionalize::rng::Rng;

    /// The effective weights are a feasible dual: on random small graphs,
    /// every connected set that meets the thresholds weighs at least 1 for
    /// every λ (all 2^n subsets checked).
    #[test]
    fn every_feasible_connected_set_weighs_at_least_one() {
        let mut rng = Rng::new(7);
        let standard = Standard::Fixed(Thresholds {
            pop: 10.0,
            area: 10.0,
        });
        let relax = standard.relax(&[]);
        for case in 0..200 {
            let n = 3 + case % 10;
            let mut adj = vec![Vec::new(); n];
            for i in 1..n {
                let j = (rng.f64() * i as f64) as usize;
                adj[i].push(j as u32);
                adj[j].push(i as u32);
                if rng.f64() < 0.4 && i >= 2 {
                    let k = (rng.f64() * (i - 1) as f64) as usize;
                    if k != j {
                        adj[i].push(k as u32);
                        adj[k].push(i as u32);
                    }
                }
            }
            for l in &mut adj {
                l.sort_unstable();
                l.dedup();
            }
            let value = |rng: &mut Rng| (10f64).powf(rng.f64() * 1.5 - 0.2).round();
            let pop: Vec<f64> = (0..n).map(|_| value(&mut rng)).collect();
            let area: Vec<f64> = (0..n).map(|_| value(&mut rng)).collect();
            let g = Graph::plain(pop.clone(), area.clone(), adj.clone());
            let y = effective(&g, &standard, &relax, SMALL_GRAPH_BUDGET);
            for mask in 1u32..(1 << n) {
                let members: Vec<usize> = (0..n).filter(|&i| mask >> i & 1 == 1).collect();
                let p: f64 = members.iter().map(|&i| pop[i]).sum();
                let a: f64 = members.iter().map(|&i| area[i]).sum();
                if !(p >= 10.0 && a >= 10.0) {
                    continue;
                }
                // Connected?
                let mut reach = 1u32 << members[0];
                loop {
                    let mut next = reach;
                    for &i in &members {
                        if reach >> i & 1 == 1 {
                            for &v in &adj[i] {
                                if mask >> v & 1 == 1 {
                                    next |= 1 << v;
                                }
                            }
                        }
                    }
                    if next == reach {
                        break;
                    }
                    reach = next;
                }
                if reach != mask {
                    continue;
                }
                let mut w = [0.0; LAMBDAS.len()];
                for &i in &members {
                    for (x, v) in w.iter_mut().zip(y[i]) {
                        *x += v;
                    }
                }
                assert!(
                    w.iter().all(|x| *x >= 1.0 - 1e-9),
                    "case {case}, set {members:?}: {w:?}"
                );
            }
        }
    }
}
