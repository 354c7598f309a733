//! The exact search for the lexicographically earliest schedule of one
//! province and phase.
//!
//! # The problem
//! Units (single merges, or same-year bundles) are given in priority order.
//! Each takes one year index in `0..n_years`, not before the units it depends
//! on. In every year, the merges of the
//! province may not exceed the province cap and the merges of each district
//! may not exceed the district cap.
//!
//! # The algorithm
//! Depth-first search in priority order, trying each unit's years from the
//! earliest. The first complete assignment found is therefore the
//! *lexicographically earliest* in priority order: the first unit is as early
//! as any feasible schedule allows, then the second given the first, and so on.
//! A branch is cut as soon as a relaxation of the remaining problem is
//! infeasible:
//! - some remaining unit fits in no allowed year given the current use, or
//! - a maximum flow (source → (district, lower bound) classes → (district,
//!   year) with the free district capacity → year with the free province
//!   capacity → sink) cannot route every remaining merge.
//!
//! The level mode adds a cap per year on the province's merges
//! ([`PhaseInstance::year_caps`]) and a minimum gap between a unit and its
//! dependencies ([`PhaseInstance::gap`]); both enter the lower bounds and the
//! flow's capacities, so the relaxation stays valid.
//!
//! The flow is exact when every remaining unit is a single merge whose lower
//! bound is known (an integral flow is a placement, and vice versa), so on
//! such inputs the search never backtracks. It is a relaxation when bundles or
//! pending dependencies remain; then the search may backtrack, and it is still
//! exact because it is exhaustive. Two units with the same footprint and no
//! dependency in either direction are interchangeable: the
//! later one is never placed before the earlier one (swapping them in any
//! schedule keeps it feasible and makes it lexicographically earlier, so the
//! earliest schedule satisfies this). A placement limit guards the worst case,
//! which is exponential (bin packing reduces to it).
//!
//! The maximum flow is petgraph's Dinic ([`petgraph::algo::dinics`]; E. A.
//! Dinic, "Algorithm for solution of a problem of maximum flow in a network
//! with power estimation", Soviet Math. Doklady 11, 1970).
//!
//! # Complexity
//! Without backtracking: O(u · y · F) for u units, y years and F the cost of
//! one flow, O(V² E) on a network of O(d · y) nodes for d districts.

use std::collections::BTreeMap;

use petgraph::algo::dinics;
use petgraph::graph::{DiGraph, NodeIndex};

/// A unit of placement: a single merge or a same-year bundle.
#[derive(Clone, Debug)]
pub(super) struct Placeable {
    /// Items of the unit (indices into the caller's item list).
    pub items: Vec<usize>,
    /// Merges counted against each district: (local district index, count),
    /// sorted by district.
    pub footprint: Vec<(usize, u32)>,
    /// Merges counted against the province.
    pub size: u32,
    /// Units that must take effect no later than this one (earlier in the order).
    pub deps: Vec<usize>,
    /// An earlier interchangeable unit, which must not be later than this one.
    pub same_as: Option<usize>,
}

/// The caps per year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Caps {
    /// Per province.
    pub province: Option<u32>,
    /// Per district.
    pub district: Option<u32>,
}

/// One province and phase.
#[derive(Clone, Debug)]
pub(super) struct PhaseInstance {
    /// Units in priority order; dependencies point backwards.
    pub units: Vec<Placeable>,
    /// Number of distinct districts.
    pub n_districts: usize,
    /// Number of years in the window.
    pub n_years: usize,
    /// Minimum number of years between a unit and the units it depends on
    /// (0: the same year is allowed).
    pub gap: usize,
    /// Extra caps on the province's merges per year (the level mode), one
    /// per year, on top of [`Caps::province`].
    pub year_caps: Option<Vec<u32>>,
}

impl PhaseInstance {
    /// Whether `unit` fits in year `y` under `caps`, the year caps included.
    fn fits(&self, usage: &Usage, caps: Caps, unit: &Placeable, y: usize) -> bool {
        usage.fits(caps, unit, y)
            && self
                .year_caps
                .as_ref()
                .is_none_or(|c| usage.province[y] + unit.size <= c[y])
    }
}

/// The search tried more placements than allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct LimitHit;

/// Counts of merges per year for the province and per (district, year).
#[derive(Clone, Debug)]
pub(super) struct Usage {
    province: Vec<u32>,
    district: Vec<u32>,
    n_years: usize,
}

impl Usage {
    fn new(p: &PhaseInstance) -> Usage {
        Usage {
            province: vec![0; p.n_years],
            district: vec![0; p.n_districts * p.n_years],
            n_years: p.n_years,
        }
    }

    /// Builds the use of a complete assignment.
    pub(super) fn of(p: &PhaseInstance, years: &[usize]) -> Usage {
        let mut u = Usage::new(p);
        for (unit, &y) in p.units.iter().zip(years) {
            u.add(unit, y);
        }
        u
    }

    /// The largest number of merges in one year of a complete assignment.
    pub(super) fn max_per_year(p: &PhaseInstance, years: &[usize]) -> u32 {
        Usage::of(p, years).province.into_iter().max().unwrap_or(0)
    }

    pub(super) fn add(&mut self, unit: &Placeable, y: usize) {
        self.province[y] += unit.size;
        for &(d, c) in &unit.footprint {
            self.district[d * self.n_years + y] += c;
        }
    }

    pub(super) fn remove(&mut self, unit: &Placeable, y: usize) {
        self.province[y] -= unit.size;
        for &(d, c) in &unit.footprint {
            self.district[d * self.n_years + y] -= c;
        }
    }

    /// Which caps `unit` would break in year `y`: (province, district).
    pub(super) fn breaks(&self, caps: Caps, unit: &Placeable, y: usize) -> (bool, bool) {
        let prov = caps
            .province
            .is_some_and(|c| self.province[y] + unit.size > c);
        let dist = caps.district.is_some_and(|c| {
            unit.footprint
                .iter()
                .any(|&(d, n)| self.district[d * self.n_years + y] + n > c)
        });
        (prov, dist)
    }

    fn fits(&self, caps: Caps, unit: &Placeable, y: usize) -> bool {
        self.breaks(caps, unit, y) == (false, false)
    }
}

struct SearchState<'a> {
    p: &'a PhaseInstance,
    caps: Caps,
    usage: Usage,
    year: Vec<Option<usize>>,
}

impl SearchState<'_> {
    /// Lower bound of unit `j` given the units placed so far.
    fn lb(&self, j: usize) -> usize {
        let u = &self.p.units[j];
        let mut lb = 0;
        for &d in &u.deps {
            if let Some(y) = self.year[d] {
                lb = lb.max(y + self.p.gap);
            }
        }
        if let Some(y) = u.same_as.and_then(|s| self.year[s]) {
            lb = lb.max(y);
        }
        lb
    }

    /// The relaxation of the units `from..`: `false` proves that no completion exists.
    fn relax_ok(&self, from: usize) -> bool {
        if self.caps.province.is_none()
            && self.caps.district.is_none()
            && self.p.year_caps.is_none()
            && self.p.gap == 0
        {
            return true;
        }
        let ny = self.p.n_years;
        let mut classes: BTreeMap<(usize, usize), u64> = BTreeMap::new();
        let mut demand = 0u64;
        for j in from..self.p.units.len() {
            let unit = &self.p.units[j];
            let lb = self.lb(j);
            if !(lb..ny).any(|y| self.p.fits(&self.usage, self.caps, unit, y)) {
                return false;
            }
            for &(d, c) in &unit.footprint {
                *classes.entry((d, lb)).or_insert(0) += u64::from(c);
            }
            demand += u64::from(unit.size);
        }
        if demand == 0 {
            return true;
        }
        // Nodes: 0 source, 1 sink, then classes, (district, year), years.
        let nc = classes.len();
        let dy0 = 2 + nc;
        let y0 = dy0 + self.p.n_districts * ny;
        let mut net: DiGraph<(), u64> = DiGraph::with_capacity(y0 + ny, 0);
        for _ in 0..y0 + ny {
            net.add_node(());
        }
        let mut arc = |u: usize, v: usize, c: u64| {
            net.add_edge(NodeIndex::new(u), NodeIndex::new(v), c);
        };
        for (k, (&(d, lb), &count)) in classes.iter().enumerate() {
            arc(0, 2 + k, count);
            for y in lb..ny {
                arc(2 + k, dy0 + d * ny + y, count);
            }
        }
        for d in 0..self.p.n_districts {
            for y in 0..ny {
                let free = match self.caps.district {
                    Some(c) => u64::from(c.saturating_sub(self.usage.district[d * ny + y])),
                    None => demand,
                };
                if free > 0 {
                    arc(dy0 + d * ny + y, y0 + y, free);
                }
            }
        }
        for y in 0..ny {
            let cap = match (self.caps.province, &self.p.year_caps) {
                (Some(c), Some(v)) => Some(c.min(v[y])),
                (Some(c), None) => Some(c),
                (None, Some(v)) => Some(v[y]),
                (None, None) => None,
            };
            let free = match cap {
                Some(c) => u64::from(c.saturating_sub(self.usage.province[y])),
                None => demand,
            };
            if free > 0 {
                arc(y0 + y, 1, free);
            }
        }
        dinics(&net, NodeIndex::new(0), NodeIndex::new(1)).0 == demand
    }
}

/// Finds the lexicographically earliest feasible assignment of year indices,
/// or `None` if there is none.
///
/// # Errors
/// [`LimitHit`] after `limit` placements tried.
///
/// # Complexity
/// See the module documentation.
pub(super) fn solve(
    p: &PhaseInstance,
    caps: Caps,
    limit: u64,
) -> Result<Option<Vec<usize>>, LimitHit> {
    let n = p.units.len();
    let mut st = SearchState {
        p,
        caps,
        usage: Usage::new(p),
        year: vec![None; n],
    };
    if !st.relax_ok(0) {
        return Ok(None);
    }
    let mut next = vec![0usize; n];
    let mut tried = 0u64;
    let mut i = 0usize;
    let mut entering = true;
    while i < n {
        if entering {
            next[i] = st.lb(i);
        }
        let mut placed = false;
        while next[i] < p.n_years {
            let y = next[i];
            next[i] += 1;
            tried += 1;
            if tried > limit {
                return Err(LimitHit);
            }
            let unit = &p.units[i];
            if p.fits(&st.usage, caps, unit, y) {
                st.usage.add(unit, y);
                st.year[i] = Some(y);
                if st.relax_ok(i + 1) {
                    placed = true;
                    break;
                }
                st.usage.remove(unit, y);
                st.year[i] = None;
            }
        }
        if placed {
            i += 1;
            entering = true;
        } else {
            if i == 0 {
                return Ok(None);
            }
            i -= 1;
            if let Some(y) = st.year[i].take() {
                st.usage.remove(&p.units[i], y);
            }
            entering = false;
        }
    }
    Ok(Some(
        st.year
            .into_iter()
            .map(|y| y.expect("every unit is placed when the loop ends"))
            .collect(),
    ))
}

/// Whether the problem is feasible under `caps`.
pub(super) fn feasible(p: &PhaseInstance, caps: Caps, limit: u64) -> Result<bool, LimitHit> {
    Ok(solve(p, caps, limit)?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn single(d: usize) -> Placeable {
        Placeable {
            items: vec![],
            footprint: vec![(d, 1)],
            size: 1,
            deps: vec![],
            same_as: None,
        }
    }

    #[test]
    fn greedy_trap_is_solved() {
        // Two years, province cap 3, district cap 2. Priority: B, B, A, A, A, A.
        // Earliest-fit greedy puts B, B, A in year 0 and then cannot place the
        // fourth A; the exact search puts one B in year 1.
        let mut units = vec![single(1), single(1)];
        units.extend((0..4).map(|_| single(0)));
        let p = PhaseInstance {
            units,
            n_districts: 2,
            n_years: 2,
            gap: 0,
            year_caps: None,
        };
        let caps = Caps {
            province: Some(3),
            district: Some(2),
        };
        let years = solve(&p, caps, 1_000).unwrap().unwrap();
        assert_eq!(years, vec![0, 1, 0, 0, 1, 1]);
    }

    #[test]
    fn infeasible_is_none_and_dependencies_hold() {
        let mut b = single(0);
        b.deps = vec![0];
        let p = PhaseInstance {
            units: vec![single(0), b, single(0)],
            n_districts: 1,
            n_years: 1,
            gap: 0,
            year_caps: None,
        };
        let caps = Caps {
            province: Some(2),
            district: None,
        };
        assert_eq!(solve(&p, caps, 1_000).unwrap(), None);
        let caps = Caps {
            province: Some(3),
            district: None,
        };
        assert_eq!(solve(&p, caps, 1_000).unwrap(), Some(vec![0, 0, 0]));
    }
}
