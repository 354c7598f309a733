//! Compactness, the third criterion: once the number of regions and of
//! untouched units is set, as much shared border as possible inside regions
//! (the planner's compactness term, docs/architecture.md, objective term 5; km of shared border
//! from the adjacency, or the number of internal adjacencies without
//! lengths).
//!
//! Local search on the units of one component: a unit on a region's edge
//! moves to a neighbouring region when both regions still meet their
//! standard, the region it leaves stays connected, no untouched unit is
//! absorbed, and the move adds an untouched unit or shared border; failing
//! that, it swaps with a unit of a neighbouring region (same conditions,
//! sizes unchanged). Every move improves (untouched, border)
//! lexicographically and keeps the number of regions, so the search ends;
//! it is a heuristic (the status of the first two criteria is unchanged;
//! compactness is not proven optimal).
//!
//! # Complexity
//! O(passes · n · d² · s) for n units, degree d and region size s (swaps
//! dominate).

use super::Problem;
use super::graph::ComponentUnits;
use super::standard::Standard;

/// Most passes over the units of a component.
const MAX_PASSES: usize = 8;

/// Work budget of one component's compaction, in adjacency entries looked
/// at (about 10⁸ a second): deterministic, it bounds the O(n · d² · s)
/// passes on dense maps (a complete graph of 300 units took 5 s). Past it
/// the units not yet visited keep their region (every move made is an
/// improvement, so the plan stays valid).
pub(crate) const COMPACT_WORK_BUDGET: u64 = 50_000_000;

/// Gains below this (km) are rounding, not improvements.
const EPS: f64 = 1e-9;

/// Improves the compactness of `regions` (the plan of component `comp`,
/// problem unit indices, every region meeting the standard) in place.
pub(crate) fn improve(
    problem: &Problem,
    standard: &Standard,
    nested: bool,
    comp: &ComponentUnits,
    regions: &mut [Vec<u32>],
) {
    if regions.len() < 2 {
        return;
    }
    for r in regions.iter_mut() {
        r.sort_unstable();
    }
    let mut position = vec![u32::MAX; problem.len()];
    for (k, &u) in comp.units.iter().enumerate() {
        position[u as usize] = k as u32;
    }
    let mut c = Compactor {
        problem,
        standard,
        nested,
        position,
        owner: vec![0u32; comp.units.len()],
        work: std::cell::Cell::new(0),
    };
    for (r, members) in regions.iter().enumerate() {
        for &u in members {
            if let Some(l) = c.local(u) {
                c.owner[l] = r as u32;
            }
        }
    }
    'passes: for _ in 0..MAX_PASSES {
        let mut moved = false;
        for (li, &u) in comp.units.iter().enumerate() {
            if c.work.get() > COMPACT_WORK_BUDGET {
                break 'passes;
            }
            moved |= c.step(regions, li, u);
        }
        if !moved {
            break;
        }
    }
}

/// The local search on one component: the problem, and the region of each
/// of the component's units.
struct Compactor<'a> {
    problem: &'a Problem,
    standard: &'a Standard,
    nested: bool,
    /// Position of each problem unit in the component (`u32::MAX` outside).
    position: Vec<u32>,
    /// Region of each unit of the component (by position in `units`).
    owner: Vec<u32>,
    /// Adjacency entries looked at ([`COMPACT_WORK_BUDGET`]).
    work: std::cell::Cell<u64>,
}

impl Compactor<'_> {
    /// Position of problem unit `u` in the component.
    fn local(&self, u: u32) -> Option<usize> {
        let k = self.position[u as usize];
        (k != u32::MAX).then_some(k as usize)
    }

    /// Whether `members` together meet the standard.
    fn meets(&self, members: &[u32]) -> bool {
        self.standard.meets_all(members.iter().map(|&u| {
            let u = u as usize;
            (
                self.problem.pop[u],
                self.problem.area[u],
                self.standard.unit_mix(u),
            )
        }))
    }

    /// Shared border of `u` with each neighbouring region (its own included).
    fn borders_of(&self, u: u32) -> Vec<(u32, f64)> {
        let p = self.problem;
        self.work
            .set(self.work.get() + p.adj[u as usize].len() as u64);
        let mut with: Vec<(u32, f64)> = Vec::new();
        for (k, &v) in p.adj[u as usize].iter().enumerate() {
            if !p.edge_allowed(u as usize, v as usize, self.nested) {
                continue;
            }
            let Some(lv) = self.local(v) else { continue };
            let r = self.owner[lv];
            let w = p.border[u as usize][k];
            match with.iter_mut().find(|(x, _)| *x == r) {
                Some(e) => e.1 += w,
                None => with.push((r, w)),
            }
        }
        with
    }

    /// Moves unit `u` (at position `li`) to a neighbouring region, or swaps
    /// it with a unit of one, when that improves (untouched units, shared
    /// border). Returns whether the plan changed.
    fn step(&mut self, regions: &mut [Vec<u32>], li: usize, u: u32) -> bool {
        let a = self.owner[li] as usize;
        if regions[a].len() < 2 {
            return false;
        }
        let with = self.borders_of(u);
        let inside = with
            .iter()
            .find(|(r, _)| *r as usize == a)
            .map_or(0.0, |e| e.1);
        let leaves_single = regions[a].len() == 2;
        let mut best: Option<(i32, f64, u32)> = None;
        for &(b, w) in &with {
            if b as usize == a {
                continue;
            }
            let untouched = i32::from(leaves_single) - i32::from(regions[b as usize].len() == 1);
            let gain = w - inside;
            if untouched < 0 || (untouched == 0 && gain <= EPS) {
                continue;
            }
            if best.is_some_and(|(bu, bg, bb)| {
                (untouched, gain, std::cmp::Reverse(b)) <= (bu, bg, std::cmp::Reverse(bb))
            }) {
                continue;
            }
            let mut joined = regions[b as usize].clone();
            joined.push(u);
            if !self.meets(&joined) {
                continue;
            }
            best = Some((untouched, gain, b));
        }
        let rest: Vec<u32> = regions[a].iter().copied().filter(|&x| x != u).collect();
        if let Some((_, _, b)) = best
            && self.meets(&rest)
            && connected(self.problem, self.nested, &rest)
        {
            regions[a] = rest;
            let target = &mut regions[b as usize];
            target.push(u);
            target.sort_unstable();
            self.owner[li] = b;
            return true;
        }
        // No single move: swap u with a unit v of a neighbouring region
        // (sizes, hence untouched units, unchanged).
        let Some((b, v)) = self.best_swap(regions, u, a, &with) else {
            return false;
        };
        let lv = self.local(v).expect("v is a unit of the component");
        for (r, out, inn) in [(a, u, v), (b as usize, v, u)] {
            let m = &mut regions[r];
            m.retain(|&x| x != out);
            m.push(inn);
            m.sort_unstable();
        }
        self.owner[li] = b;
        self.owner[lv] = a as u32;
        true
    }

    /// Shared border of unit `x` with the members of region `r` other than
    /// `skip`.
    fn border_to(&self, x: u32, r: usize, skip: u32) -> f64 {
        let p = self.problem;
        self.work
            .set(self.work.get() + p.adj[x as usize].len() as u64);
        p.adj[x as usize]
            .iter()
            .zip(&p.border[x as usize])
            .filter(|(y, _)| {
                **y != skip
                    && p.edge_allowed(x as usize, **y as usize, self.nested)
                    && self.local(**y).is_some_and(|l| self.owner[l] as usize == r)
            })
            .map(|(_, w)| *w)
            .sum()
    }

    /// The best swap of `u` (in region `a`, shared border with each
    /// neighbouring region in `with`) against a unit v of a neighbouring
    /// region b of two or more units: both regions still meet the standard and
    /// stay connected and the shared border inside them grows. Returns (b, v).
    fn best_swap(
        &self,
        regions: &[Vec<u32>],
        u: u32,
        a: usize,
        with: &[(u32, f64)],
    ) -> Option<(u32, u32)> {
        let u_in_a = self.border_to(u, a, u);
        let mut best: Option<(f64, u32, u32)> = None;
        for &(b, _) in with {
            let bi = b as usize;
            if bi == a || regions[bi].len() < 2 {
                continue;
            }
            for &v in &regions[bi] {
                let gain = self.border_to(u, bi, v) + self.border_to(v, a, u)
                    - u_in_a
                    - self.border_to(v, bi, v);
                if gain <= EPS || best.is_some_and(|(g, _, _)| gain <= g) {
                    continue;
                }
                let mut na: Vec<u32> = regions[a].iter().copied().filter(|&x| x != u).collect();
                na.push(v);
                na.sort_unstable();
                let mut nb: Vec<u32> = regions[bi].iter().copied().filter(|&x| x != v).collect();
                nb.push(u);
                nb.sort_unstable();
                if self.meets(&na)
                    && self.meets(&nb)
                    && connected(self.problem, self.nested, &na)
                    && connected(self.problem, self.nested, &nb)
                {
                    best = Some((gain, b, v));
                }
            }
        }
        best.map(|(_, b, v)| (b, v))
    }
}

/// Whether `members` (at least one unit) are connected through usable edges.
fn connected(problem: &Problem, nested: bool, members: &[u32]) -> bool {
    let Some(&first) = members.first() else {
        return false;
    };
    let mut reached = vec![first];
    let mut i = 0;
    while i < reached.len() {
        let u = reached[i] as usize;
        for &v in &problem.adj[u] {
            if members.binary_search(&v).is_ok()
                && !reached.contains(&v)
                && problem.edge_allowed(u, v as usize, nested)
            {
                reached.push(v);
            }
        }
        i += 1;
    }
    reached.len() == members.len()
}

/// Total shared border inside the regions of `labels`.
///
/// # Complexity
/// O(n + m).
pub(crate) fn inside_border(problem: &Problem, labels: &[u32]) -> f64 {
    let mut total = 0.0;
    for (u, list) in problem.adj.iter().enumerate() {
        for (k, &v) in list.iter().enumerate() {
            if (v as usize) > u && labels[u] == labels[v as usize] {
                total += problem.border[u][k];
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regionalize::Thresholds;

    /// A 2×3 grid: 0 1 2 / 3 4 5. Units of 5 people each, threshold 15:
    /// two regions of three. The column-wise plan {0,3,4} {1,2,5} shares
    /// less border than the rows {0,1,2} {3,4,5} when horizontal borders are
    /// long; the local search must reach the rows, keeping p.
    #[test]
    fn moves_units_to_where_they_share_more_border() {
        let edges = [(0, 1), (1, 2), (3, 4), (4, 5), (0, 3), (1, 4), (2, 5)];
        let problem = Problem::new(vec![5.0; 6], vec![5.0; 6], &edges)
            .unwrap()
            .with_shared_borders(&[
                (0, 1, 10.0),
                (1, 2, 10.0),
                (3, 4, 10.0),
                (4, 5, 10.0),
                (0, 3, 1.0),
                (1, 4, 1.0),
                (2, 5, 1.0),
            ])
            .unwrap();
        let standard = Standard::Fixed(Thresholds {
            pop: 15.0,
            area: 15.0,
        });
        let comp = ComponentUnits {
            units: (0..6).collect(),
        };
        let mut regions = vec![vec![0, 3, 4], vec![1, 2, 5]];
        let label = |regions: &[Vec<u32>]| {
            let mut l = vec![0u32; 6];
            for (r, m) in regions.iter().enumerate() {
                for &u in m {
                    l[u as usize] = r as u32;
                }
            }
            l
        };
        let before = inside_border(&problem, &label(&regions));
        improve(&problem, &standard, false, &comp, &mut regions);
        let after = inside_border(&problem, &label(&regions));
        assert_eq!(regions.len(), 2);
        assert!(regions.iter().all(|r| r.len() == 3), "{regions:?}");
        assert!(after > before, "{before} → {after}");
        assert_eq!(after, 40.0, "{regions:?}");
    }

    /// A move that would leave a region short of the threshold, cut it in
    /// two, or absorb an untouched unit is never made.
    #[test]
    fn keeps_every_region_feasible_connected_and_untouched_units_alone() {
        // Path 0-1-2-3 with 3 standing alone (20): regions {0,1,2} and {3}.
        let problem = Problem::new(
            vec![5.0, 5.0, 5.0, 20.0],
            vec![5.0, 5.0, 5.0, 20.0],
            &[(0, 1), (1, 2), (2, 3)],
        )
        .unwrap()
        .with_shared_borders(&[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 50.0)])
        .unwrap();
        let standard = Standard::Fixed(Thresholds {
            pop: 15.0,
            area: 15.0,
        });
        let comp = ComponentUnits {
            units: (0..4).collect(),
        };
        let mut regions = vec![vec![0, 1, 2], vec![3]];
        improve(&problem, &standard, false, &comp, &mut regions);
        assert_eq!(regions, vec![vec![0, 1, 2], vec![3]]);
    }
}
