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
//! With m = 1 this is the counting bound ⌊min(ΣP/P, ΣA/A)⌋ tightened by the
//! bin-covering cap (a unit far above a threshold cannot lend its surplus).
//! The m term charges units that can only be reached by overshooting (a
//! small unit wedged between large ones). The bound is monotone (removing
//! units never raises it, and m computed on a supergraph stays valid on a
//! subgraph), which the exact search relies on.

use super::graph::Graph;
use super::problem::Thresholds;

/// The λ grid: area only, both, population only.
pub(crate) const LAMBDAS: [f64; 3] = [0.0, 0.5, 1.0];

/// Capped weights of one node, one per λ.
pub(crate) type Weights = [f64; LAMBDAS.len()];

/// The capped weights `min(1, w_λ)` of a node with `pop` and `area`.
pub(crate) fn weights(pop: f64, area: f64, th: &Thresholds) -> Weights {
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

/// The bound from summed capped weights and a node count.
pub(crate) fn p_bound(sums: &Weights, count: usize) -> usize {
    let mut b = count;
    for &s in sums {
        // The slack only loosens the bound, never below the true optimum.
        let f = (s + 1e-6).floor();
        if f < b as f64 {
            b = f.max(0.0) as usize;
        }
    }
    b
}

/// Step budget of one least-weight search.
const MIN_WEIGHT_BUDGET: u32 = 4_000;

/// Effective weights `e_λ(i) = c_λ(i) / m_λ(i)` of every node of `g`.
///
/// # Complexity
/// O(n · |Λ| · B) for the per-node step budget B.
pub(crate) fn effective(g: &Graph, th: &Thresholds) -> Vec<Weights> {
    let n = g.len();
    let c: Vec<Weights> = (0..n).map(|i| weights(g.pop[i], g.area[i], th)).collect();
    let mut seen = vec![false; n];
    let mut out = c.clone();
    for j in 0..n {
        if g.alone_ok(j, th) {
            continue;
        }
        for k in 0..LAMBDAS.len() {
            let m = MinWeight::run(g, th, &c, k, j, &mut seen);
            out[j][k] = c[j][k] / m;
        }
    }
    out
}

/// Least-weight connected feasible set containing a node, by depth-first
/// enumeration of connected sets with weight pruning.
struct MinWeight<'a> {
    g: &'a Graph,
    th: &'a Thresholds,
    c: &'a [Weights],
    k: usize,
    best: f64,
    steps: u32,
}

impl MinWeight<'_> {
    fn run(g: &Graph, th: &Thresholds, c: &[Weights], k: usize, j: usize, seen: &mut [bool]) -> f64 {
        let mut s = MinWeight {
            g,
            th,
            c,
            k,
            best: f64::INFINITY,
            steps: 0,
        };
        seen[j] = true;
        let mut cand = Vec::new();
        for &v in &g.adj[j] {
            seen[v as usize] = true;
            cand.push(v);
        }
        s.grow(g.pop[j], g.area[j], c[j][k], &cand, seen);
        seen[j] = false;
        for &v in &cand {
            seen[v as usize] = false;
        }
        if s.steps > MIN_WEIGHT_BUDGET || !s.best.is_finite() {
            1.0
        } else {
            s.best.max(1.0)
        }
    }

    fn grow(&mut self, pop: f64, area: f64, w: f64, cand: &[u32], seen: &mut [bool]) {
        self.steps += 1;
        if self.steps > MIN_WEIGHT_BUDGET || w >= self.best {
            return;
        }
        if self.th.met_by(pop, area) {
            self.best = w;
            return;
        }
        for (idx, &x) in cand.iter().enumerate() {
            let xi = x as usize;
            let mut next: Vec<u32> = cand[idx + 1..].to_vec();
            let start = next.len();
            for &v in &self.g.adj[xi] {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    next.push(v);
                }
            }
            self.grow(
                pop + self.g.pop[xi],
                area + self.g.area[xi],
                w + self.c[xi][self.k],
                &next,
                seen,
            );
            for &v in &next[start..] {
                seen[v as usize] = false;
            }
            if self.steps > MIN_WEIGHT_BUDGET {
                return;
            }
        }
    }
}

/// The bound for a whole graph (effective weights).
///
/// # Complexity
/// As [`effective`].
pub(crate) fn p_bound_graph(g: &Graph, th: &Thresholds) -> usize {
    let mut sums = [0.0; LAMBDAS.len()];
    for w in effective(g, th) {
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
        assert_eq!(
            p_bound_of(&[25.0, 2.5, 2.5], &[25.0, 2.5, 2.5], &th()),
            1
        );
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
