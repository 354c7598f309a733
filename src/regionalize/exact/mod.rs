//! Exact branch and bound over partitions into connected feasible parts.
//!
//! For a node set C (a bitmask), `best(C)` is the best value of a partition of
//! C into connected parts that each reach both thresholds, where a partition
//! is worth `VALUE_SCALE · (number of parts) + (number of untouched single
//! units)`. The search picks the hardest node v of C (it cannot stand alone,
//! fewest neighbours in C), enumerates the connected sets T ∋ v (each exactly
//! once, by the extension/exclusion scheme of connected-subgraph enumeration,
//! e.g. Komusiewicz & Sorge 2015), and recurses on the connected components
//! of C \ T, which are independent sub-problems:
//!
//! ```text
//! best(C) = max over feasible T ∋ v of  value(T) + Σ_K best(K),  K ∈ components(C \ T)
//! ```
//!
//! Pruning, all exact:
//! - a component of C \ T that misses a threshold in total kills T (fixed
//!   thresholds; under a rule set, whose feasibility is not monotone, one
//!   whose bound is zero);
//! - the bound of [`super::bound`] on C \ T is monotone, so once
//!   `VALUE_SCALE + bound(C \ T)` cannot beat the incumbent no superset of T
//!   is tried;
//! - sub-problems receive the value they must beat (fail-low search) and a
//!   transposition table keeps, per node set, its exact value or the best
//!   proven upper limit.
//!
//! Why not a petgraph algorithm: petgraph has none for partitions into
//! connected feasible parts. The node set of a component (at most 64 nodes,
//! built from the dataset's unit graph, [`crate::model::UnitGraph`]) is held as
//! `u64` bitsets so that a step is a few word operations; the national
//! `nq76-2025` run makes about 10⁸ such steps (BENCHMARKS.md, "Regionalization").
//!
//! # Complexity
//! Exponential in the worst case (the problem is NP-hard, Duque, Anselin &
//! Rey 2012); each step costs O(n) word operations for n ≤ 64 nodes. A step
//! budget and a deadline bound the work; when they are hit the search reports
//! [`ExactOutcome::Aborted`] and nothing it found is used.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;

use super::VALUE_SCALE;
use super::bound::{self, LAMBDAS, LambdaWeights};
use super::graph::Graph;
use super::standard::{Mix, Standard};

/// Largest node count the exact search handles (one bit per node).
pub(crate) const MAX_EXACT_NODES: usize = 64;

/// What an exact search established.
#[derive(Debug)]
pub(crate) enum ExactOutcome {
    /// An optimal plan, strictly better than the value to beat.
    Better {
        /// Its value.
        value: i64,
        /// Its regions, as node lists.
        regions: Vec<Vec<u32>>,
    },
    /// Proven: no plan is strictly better than the value to beat.
    NotBetter,
    /// The step budget or the deadline was hit.
    Aborted,
}

/// Work limits of one search.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Maximum number of enumeration steps.
    pub budget: u64,
    /// Wall-clock deadline.
    pub deadline: Option<Instant>,
    /// Restricted (heuristic) search: the pivot's region is grown only until
    /// it first meets the thresholds, then takes the pieces it encloses.
    /// Every maximum-p plan can be reshaped into such a plan with as many
    /// regions (surplus units move to a neighbouring region), so the number
    /// of regions found is still the best, but the number of untouched units
    /// may not be, and a [`ExactOutcome::NotBetter`] is not a proof.
    pub minimal: bool,
}

/// Searches for a plan of `g` (at most [`MAX_EXACT_NODES`] nodes, connected,
/// reaching both thresholds in total) worth strictly more than `lower`.
/// `eff` are effective bound weights of the nodes ([`bound::effective`] on
/// `g` or on any graph containing it). Returns the outcome and the number of
/// steps used.
pub(crate) fn search(
    g: &Graph,
    standard: &Standard,
    eff: &[LambdaWeights],
    lower: i64,
    limits: Limits,
) -> (ExactOutcome, u64) {
    let nodes: Vec<u32> = (0..g.len() as u32).collect();
    let mut pos = vec![u32::MAX; g.len()];
    search_within(g, &nodes, &mut pos, standard, eff, lower, limits)
}

/// [`search`] on the subgraph of `g` induced by `nodes` (at most
/// [`MAX_EXACT_NODES`], connected), without building it: region `k` of the
/// outcome holds positions in `nodes`. `eff` holds the weights of `g`'s
/// nodes; `pos` is scratch of `g.len()` entries, all `u32::MAX`, left so.
pub(crate) fn search_within(
    g: &Graph,
    nodes: &[u32],
    pos: &mut [u32],
    standard: &Standard,
    eff: &[LambdaWeights],
    lower: i64,
    limits: Limits,
) -> (ExactOutcome, u64) {
    let n = nodes.len();
    assert!(n <= MAX_EXACT_NODES, "caller checks the node count");
    let mut s = Solver::new(g, nodes, pos, standard, eff, limits);
    let full = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
    let v = s.solve(full, lower);
    let outcome = if s.aborted {
        ExactOutcome::Aborted
    } else if v > lower {
        let mut regions = Vec::new();
        s.rebuild(full, &mut regions);
        ExactOutcome::Better { value: v, regions }
    } else {
        ExactOutcome::NotBetter
    };
    (outcome, s.steps)
}

#[derive(Default)]
struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Clone, Copy)]
struct BoundEntry {
    /// The optimum is at most this.
    hi: i64,
    /// The optimum and the region of the pivot, once known.
    exact: Option<(i64, u64)>,
}

/// Per-node data of a [`Solver`], in arrays of [`MAX_EXACT_NODES`] so that an
/// index below 64 (a bit position) needs no bounds check.
type Nodes<T> = Box<[T; MAX_EXACT_NODES]>;

struct Solver<'a> {
    adj: Nodes<u64>,
    pop: Nodes<f64>,
    area: Nodes<f64>,
    mix: Nodes<Mix>,
    /// Whether feasibility depends on the mix (a rule standard).
    track: bool,
    w: Nodes<LambdaWeights>,
    standard: &'a Standard,
    /// Nodes that cannot stand alone.
    nmask: u64,
    /// Single units that can stand alone (untouched if left alone).
    smask: u64,
    memo: HashMap<u64, BoundEntry, BuildHasherDefault<Fx>>,
    /// Components of the rest being evaluated, with their bounds (a stack
    /// shared by all recursion levels).
    stack: Vec<(u64, i64)>,
    steps: u64,
    limits: Limits,
    aborted: bool,
}

/// State of the enumeration for one node set.
struct Frame {
    mask: u64,
    best: i64,
    best_t: u64,
    found: bool,
    ub: i64,
    done: bool,
    tot: LambdaWeights,
}

/// A region being grown: members, candidates, excluded-or-seen, sums.
#[derive(Clone, Copy)]
struct Grow {
    t: u64,
    cand: u64,
    seen: u64,
    pop: f64,
    area: f64,
    mix: Mix,
    w: LambdaWeights,
}

fn bits(mut m: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if m == 0 {
            return None;
        }
        // Masked: a set bit's position is below 64, and the compiler then
        // knows it (no bounds check on the node arrays).
        let i = (m.trailing_zeros() & 63) as usize;
        m &= m - 1;
        Some(i)
    })
}

impl<'a> Solver<'a> {
    /// The solver of the subgraph of `g` induced by `nodes` (node `k` of the
    /// solver is `nodes[k]`); `pos` is scratch, all `u32::MAX`, left so.
    fn new(
        g: &Graph,
        nodes: &[u32],
        pos: &mut [u32],
        standard: &'a Standard,
        eff: &[LambdaWeights],
        limits: Limits,
    ) -> Solver<'a> {
        for (k, &v) in nodes.iter().enumerate() {
            pos[v as usize] = k as u32;
        }
        let mut adj: Nodes<u64> = Box::new([0; MAX_EXACT_NODES]);
        let mut pop: Nodes<f64> = Box::new([0.0; MAX_EXACT_NODES]);
        let mut area: Nodes<f64> = Box::new([0.0; MAX_EXACT_NODES]);
        let mut mix: Nodes<Mix> = Box::new([Mix::default(); MAX_EXACT_NODES]);
        let mut w: Nodes<LambdaWeights> = Box::new([[0.0; LAMBDAS.len()]; MAX_EXACT_NODES]);
        let (mut nmask, mut smask) = (0u64, 0u64);
        for (k, &v) in nodes.iter().enumerate() {
            let v = v as usize;
            for &u in &g.adj[v] {
                let p = pos[u as usize];
                if p != u32::MAX {
                    adj[k] |= 1 << p;
                }
            }
            pop[k] = g.pop[v];
            area[k] = g.area[v];
            mix[k] = g.mix[v];
            w[k] = eff[v];
            if !g.alone_ok(v, standard) {
                nmask |= 1 << k;
            } else if g.size[v] == 1 {
                smask |= 1 << k;
            }
        }
        for &v in nodes {
            pos[v as usize] = u32::MAX;
        }
        Solver {
            adj,
            pop,
            area,
            mix,
            track: !standard.monotone(),
            w,
            standard,
            nmask,
            smask,
            memo: HashMap::default(),
            stack: Vec::new(),
            steps: 0,
            limits,
            aborted: false,
        }
    }

    fn sums(&self, mask: u64) -> LambdaWeights {
        let mut s = [0.0; LAMBDAS.len()];
        for i in bits(mask) {
            for (k, x) in s.iter_mut().enumerate() {
                *x += self.w[i][k];
            }
        }
        s
    }

    fn ub_from(&self, sums: &LambdaWeights, mask: u64) -> i64 {
        let p = bound::p_bound(sums, mask.count_ones() as usize) as i64;
        let s = i64::from((mask & self.smask).count_ones()).min(p);
        p * VALUE_SCALE + s
    }

    /// The connected component of `within` holding its lowest node.
    fn first_component(&self, within: u64) -> u64 {
        let seed = within & within.wrapping_neg();
        let (mut comp, mut frontier) = (seed, seed);
        while frontier != 0 {
            let mut next = 0;
            for i in bits(frontier) {
                next |= self.adj[i];
            }
            next &= within & !comp;
            comp |= next;
            frontier = next;
        }
        comp
    }

    fn components(&self, rest: u64, out: &mut Vec<u64>) {
        let mut r = rest;
        while r != 0 {
            let comp = self.first_component(r);
            r &= !comp;
            out.push(comp);
        }
    }

    /// The exact optimum of `mask` if it exceeds `lower`; otherwise some
    /// value ≤ `lower`.
    fn solve(&mut self, mask: u64, lower: i64) -> i64 {
        if self.aborted {
            return i64::MIN;
        }
        if mask & self.nmask == 0 {
            let c = i64::from(mask.count_ones());
            return c * VALUE_SCALE + i64::from((mask & self.smask).count_ones());
        }
        if let Some(e) = self.memo.get(&mask) {
            if let Some((v, _)) = e.exact {
                return v;
            }
            if e.hi <= lower {
                return e.hi;
            }
        }
        let tot = self.sums(mask);
        let ub = self.ub_from(&tot, mask);
        if ub <= lower {
            self.note_hi(mask, ub);
            return ub;
        }
        let pivot = bits(mask & self.nmask)
            .min_by_key(|&i| ((self.adj[i] & mask).count_ones(), i))
            .expect("mask holds a node that cannot stand alone");
        let mut lv = Frame {
            mask,
            best: lower,
            best_t: 0,
            found: false,
            ub,
            done: false,
            tot,
        };
        let cand = self.adj[pivot] & mask;
        let start = Grow {
            t: 1 << pivot,
            cand,
            seen: cand | (1 << pivot),
            pop: self.pop[pivot],
            area: self.area[pivot],
            mix: self.mix[pivot],
            w: self.w[pivot],
        };
        self.grow(&mut lv, start);
        if self.aborted {
            return i64::MIN;
        }
        if lv.found {
            self.memo.insert(
                mask,
                BoundEntry {
                    hi: lv.best,
                    exact: Some((lv.best, lv.best_t)),
                },
            );
            lv.best
        } else {
            self.note_hi(mask, lower);
            lower
        }
    }

    fn note_hi(&mut self, mask: u64, hi: i64) {
        let e = self
            .memo
            .entry(mask)
            .or_insert(BoundEntry { hi, exact: None });
        e.hi = e.hi.min(hi);
    }

    fn tick(&mut self) -> bool {
        self.steps += 1;
        let late = self.steps.is_multiple_of(4096)
            && self.limits.deadline.is_some_and(|d| Instant::now() >= d);
        if self.steps > self.limits.budget || late {
            self.aborted = true;
        }
        !self.aborted
    }

    fn grow(&mut self, lv: &mut Frame, g: Grow) {
        if !self.tick() {
            return;
        }
        if self.standard.meets(g.pop, g.area, &g.mix) {
            self.evaluate(lv, g.t);
            if lv.done || self.aborted || self.limits.minimal {
                return;
            }
        }
        // Bound for every strict superset of T (worth VALUE_SCALE, no untouched unit).
        let rest = lv.mask & !g.t;
        let mut rs = lv.tot;
        for (k, x) in rs.iter_mut().enumerate() {
            *x -= g.w[k];
        }
        if VALUE_SCALE + self.ub_from(&rs, rest) <= lv.best {
            return;
        }
        let mut c = g.cand;
        while c != 0 {
            let pick = if c & self.nmask != 0 {
                c & self.nmask
            } else {
                c
            };
            let x = (pick.trailing_zeros() & 63) as usize;
            c &= !(1 << x);
            let new = self.adj[x] & lv.mask & !g.seen;
            let mut w = g.w;
            for (k, v) in w.iter_mut().enumerate() {
                *v += self.w[x][k];
            }
            let next = Grow {
                t: g.t | (1 << x),
                cand: c | new,
                seen: g.seen | new,
                pop: g.pop + self.pop[x],
                area: g.area + self.area[x],
                mix: if self.track {
                    g.mix.add(&self.mix[x])
                } else {
                    g.mix
                },
                w,
            };
            self.grow(lv, next);
            if lv.done || self.aborted {
                return;
            }
        }
    }

    fn evaluate(&mut self, lv: &mut Frame, t: u64) {
        let lv_t = t;
        let mut t = t;
        let rest = lv.mask & !t;
        // Components of the rest, each with its bound; an infeasible one kills
        // T, or (restricted search) is enclosed by T.
        let base = self.stack.len();
        let mut remaining = 0i64;
        let mut r = rest;
        while r != 0 {
            let comp = self.first_component(r);
            r &= !comp;
            let ub = self.ub_from(&self.sums(comp), comp);
            // Fixed thresholds: a component short in total cannot be split
            // into feasible parts. Under a rule set (not monotone) the totals
            // say nothing; only a zero bound does.
            let hopeless = if self.standard.monotone() {
                let (p, a) =
                    bits(comp).fold((0.0, 0.0), |(p, a), i| (p + self.pop[i], a + self.area[i]));
                !self.standard.meets(p, a, &Mix::default())
            } else {
                ub < VALUE_SCALE
            };
            if hopeless {
                if self.limits.minimal {
                    t |= comp;
                    continue;
                }
                self.stack.truncate(base);
                return;
            }
            self.stack.push((comp, ub));
            remaining += ub;
        }
        if t != lv_t && !self.standard.monotone() && !self.meets_mask(t) {
            // The enclosed pieces changed the region's standard.
            self.stack.truncate(base);
            return;
        }
        let top = self.stack.len();
        let single = t.count_ones() == 1 && t & self.smask != 0;
        let vt = VALUE_SCALE + i64::from(single);
        if vt + remaining <= lv.best {
            self.stack.truncate(base);
            return;
        }
        let mut acc = vt;
        for k in base..top {
            let (comp, ub) = self.stack[k];
            remaining -= ub;
            let need = lv.best - acc - remaining;
            let r = self.solve(comp, need);
            if self.aborted || r <= need {
                self.stack.truncate(base);
                return;
            }
            acc += r;
        }
        self.stack.truncate(base);
        if acc > lv.best {
            lv.best = acc;
            lv.best_t = t;
            lv.found = true;
            if acc >= lv.ub {
                lv.done = true;
            }
        }
    }

    /// Whether the nodes of `mask` together meet the standard.
    fn meets_mask(&self, mask: u64) -> bool {
        self.standard
            .meets_all(bits(mask).map(|i| (self.pop[i], self.area[i], self.mix[i])))
    }

    fn rebuild(&self, mask: u64, out: &mut Vec<Vec<u32>>) {
        if mask & self.nmask == 0 {
            out.extend(bits(mask).map(|i| vec![i as u32]));
            return;
        }
        let (_, t) = self
            .memo
            .get(&mask)
            .and_then(|e| e.exact)
            .expect("every part of an optimal plan was solved exactly");
        out.push(bits(t).map(|i| i as u32).collect());
        let mut comps = Vec::new();
        self.components(mask & !t, &mut comps);
        for k in comps {
            self.rebuild(k, out);
        }
    }
}

#[cfg(test)]
mod tests;
