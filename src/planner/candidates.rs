//! Candidate merge groups: every connected set of 2..K eligible units of a
//! parent holding at least one target and honouring the locks.
//!
//! Enumeration uses ESU (Wernicke, "Efficient detection of network motifs",
//! IEEE/ACM TCBB 3(4), 2006): every connected induced subgraph is produced
//! exactly once, from its smallest vertex in an order that puts targets
//! first, so only subgraphs holding a target are ever visited. petgraph has
//! no enumeration of connected subgraphs; the parent's graph (its children in
//! the unit graph, [`crate::model::UnitGraph`], as the pipeline's map leaves it)
//! is held as sorted adjacency lists here and as bitsets in the selection.

use serde::Serialize;

use super::cost::Cost;
use super::problem::{Eligibility, ParentProblem};

/// What the caller's evaluation says about the unit a group would form.
///
/// The planner core knows nothing of the legal rules: the caller builds the
/// merged unit (summed area and population, kind and attributes) and applies
/// the standards to it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct GroupEval {
    /// The new unit meets the area and population standards (NQ 35/2023 Điều 4).
    pub meets_standard: bool,
    /// New unit's area ÷ its area standard.
    pub area_ratio: f64,
    /// New unit's population ÷ its population standard.
    pub population_ratio: f64,
    /// The new unit is too large (a planning choice, not a legal figure).
    pub oversize: bool,
    /// The caller refuses the group: no kind can hold what the merged unit
    /// would contain without a change the scenario does not allow (Hiến
    /// pháp 2013 Điều 110; see [`crate::legal`]). A refused group is never
    /// chosen, in either standard mode.
    pub kind_conflict: bool,
}

/// The connected groups of one parent, as sorted member lists.
///
/// # Invariants
/// Groups are sorted lexicographically by their member lists; each list is
/// sorted and holds 2..=K distinct eligible units, at least one target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Enumeration {
    members: Vec<usize>,
    starts: Vec<usize>,
    /// Each group packed by [`pack`], when K ≤ 8 and every index fits.
    packed: Option<Vec<u128>>,
    /// Enumeration stopped at the cap: some groups are missing.
    pub cap_hit: bool,
}

impl Enumeration {
    /// Number of groups.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there is no group.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Members of group `i`, sorted.
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn group(&self, i: usize) -> &[usize] {
        let end = self
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or(self.members.len());
        &self.members[self.starts[i]..end]
    }

    /// The index of the group with exactly these sorted `members`, if any.
    ///
    /// # Complexity
    /// O(K log C) for C groups.
    pub fn position(&self, members: &[usize]) -> Option<usize> {
        if let Some(packed) = &self.packed {
            return pack(members).and_then(|key| packed.binary_search(&key).ok());
        }
        let mut lo = 0;
        let mut hi = self.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.group(mid).cmp(members) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// All groups, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[usize]> + '_ {
        (0..self.len()).map(|i| self.group(i))
    }
}

/// A sorted member list as 16-bit digits (index + 1; 0 ends the list), so
/// that the order of the packed values is the lexicographic order of the
/// lists; `None` if the list is longer than 8 or an index does not fit.
fn pack(members: &[usize]) -> Option<u128> {
    if members.len() > 8 {
        return None;
    }
    members.iter().enumerate().try_fold(0u128, |acc, (i, &u)| {
        let digit = u128::from(u16::try_from(u + 1).ok()?);
        Some(acc | digit << (112 - 16 * i))
    })
}

/// Work charged per candidate produced: its evaluation by the caller, its
/// cost terms and key (about a microsecond), in the units of the search's
/// work budget; plus 8 per pair of members (the inner border).
pub const CANDIDATE_WORK: u64 = 100;

struct Esu<'a> {
    p: &'a ParentProblem,
    k: usize,
    cap: usize,
    /// Work done and allowed (see [`enumerate_within`]).
    work: u64,
    budget: u64,
    /// Whether any lock must be checked.
    locks: bool,
    rank: Vec<usize>,
    cover: Vec<u32>,
    sub: Vec<usize>,
    /// Extension sets per depth, reused to avoid allocation.
    bufs: Vec<Vec<usize>>,
    out: Enumeration,
}

impl Esu<'_> {
    fn enter(&mut self, w: usize) {
        self.sub.push(w);
        self.cover[w] += 1;
        for &(u, _) in self.p.neighbours(w) {
            self.cover[u] += 1;
        }
    }

    fn leave(&mut self) {
        if let Some(w) = self.sub.pop() {
            self.cover[w] -= 1;
            for &(u, _) in self.p.neighbours(w) {
                self.cover[u] -= 1;
            }
        }
    }

    /// Extends `sub` (of size `depth + 1`) with the vertices of
    /// `bufs[depth]`: vertices of rank above `root`, none in N[sub].
    fn extend(&mut self, depth: usize, root: usize) {
        if self.sub.len() >= 2 {
            let start = self.out.members.len();
            self.out.members.extend_from_slice(&self.sub);
            self.out.members[start..].sort_unstable();
            if self.locks && !self.p.honours_together(&self.out.members[start..]) {
                self.out.members.truncate(start);
            } else if self.out.len() >= self.cap || self.work > self.budget {
                self.out.members.truncate(start);
                self.out.cap_hit = true;
                return;
            } else {
                self.out.starts.push(start);
                let k = self.sub.len() as u64;
                self.work += CANDIDATE_WORK + 8 * k * k;
            }
        }
        if self.sub.len() == self.k {
            return;
        }
        let ext = std::mem::take(&mut self.bufs[depth]);
        for i in (0..ext.len()).rev() {
            if self.out.cap_hit {
                break;
            }
            let w = ext[i];
            if self.locks && self.sub.iter().any(|&s| self.p.is_forbidden(s, w)) {
                continue;
            }
            self.work += (i + 1 + self.p.neighbours(w).len()) as u64;
            if self.work > self.budget {
                self.out.cap_hit = true;
                break;
            }
            let mut next = std::mem::take(&mut self.bufs[depth + 1]);
            next.clear();
            next.extend_from_slice(&ext[..i]);
            for &(u, _) in self.p.neighbours(w) {
                if self.rank[u] != usize::MAX && self.rank[u] > root && self.cover[u] == 0 {
                    next.push(u);
                }
            }
            self.bufs[depth + 1] = next;
            self.enter(w);
            self.extend(depth + 1, root);
            self.leave();
        }
        self.bufs[depth] = ext;
    }
}

/// Enumerates every connected set of 2..=`max_group_size` eligible units of
/// `problem` that holds at least one target, contains no forbidden pair and
/// honours the must-merge-together sets; stops after `cap` groups.
///
/// # Returns
/// The groups sorted by member list, and whether the cap was hit.
///
/// # Complexity
/// Time **O(C · K · Δ + C log C · K)** and space O(C · K), where C is the
/// number of connected subgraphs of at most K eligible units holding a target
/// (at most the cap) and Δ the maximum degree. On planar maps with a bounded
/// degree, C is O(t · Δ^(K−1)) for t targets.
pub fn enumerate(problem: &ParentProblem, max_group_size: usize, cap: usize) -> Enumeration {
    enumerate_within(problem, max_group_size, cap, u64::MAX).0
}

/// [`enumerate`] within a work budget: every extension step charges the
/// vertices it copies and scans, every candidate [`CANDIDATE_WORK`]; past
/// `budget` the enumeration stops as at the cap (`cap_hit`). Also returns
/// the work done.
///
/// # Complexity
/// As [`enumerate`], and O(budget).
pub fn enumerate_within(
    problem: &ParentProblem,
    max_group_size: usize,
    cap: usize,
    budget: u64,
) -> (Enumeration, u64) {
    let n = problem.len();
    let mut order: Vec<usize> = (0..n)
        .filter(|&u| problem.unit(u).eligibility == Eligibility::Eligible)
        .collect();
    order.sort_by_key(|&u| (!problem.unit(u).is_target, u));
    let mut rank = vec![usize::MAX; n];
    for (r, &u) in order.iter().enumerate() {
        rank[u] = r;
    }
    let mut esu = Esu {
        p: problem,
        k: max_group_size,
        cap,
        work: 0,
        budget,
        locks: problem.has_locks(),
        rank,
        cover: vec![0; n],
        sub: Vec::with_capacity(max_group_size),
        bufs: vec![Vec::new(); max_group_size + 1],
        out: Enumeration::default(),
    };
    if max_group_size >= 2 {
        for (r, &v) in order.iter().enumerate() {
            if !problem.unit(v).is_target || esu.out.cap_hit {
                break;
            }
            let mut ext = std::mem::take(&mut esu.bufs[0]);
            ext.clear();
            ext.extend(
                problem
                    .neighbours(v)
                    .iter()
                    .map(|&(u, _)| u)
                    .filter(|&u| esu.rank[u] != usize::MAX && esu.rank[u] > r),
            );
            esu.bufs[0] = ext;
            esu.enter(v);
            esu.extend(0, r);
            esu.leave();
        }
    }
    let work = esu.work;
    let raw = esu.out;
    let keyed: Option<Vec<(u128, usize)>> = (0..raw.len())
        .map(|i| pack(raw.group(i)).map(|k| (k, i)))
        .collect();
    let (order, packed): (Vec<usize>, Option<Vec<u128>>) = match keyed {
        Some(mut keyed) => {
            keyed.sort_unstable();
            let (packed, order) = keyed.into_iter().unzip();
            (order, Some(packed))
        }
        None => {
            let mut order: Vec<usize> = (0..raw.len()).collect();
            order.sort_unstable_by(|&a, &b| raw.group(a).cmp(raw.group(b)));
            (order, None)
        }
    };
    let mut e = Enumeration {
        members: Vec::with_capacity(raw.members.len()),
        starts: Vec::with_capacity(raw.len()),
        packed,
        cap_hit: raw.cap_hit,
    };
    for i in order {
        e.starts.push(e.members.len());
        e.members.extend_from_slice(raw.group(i));
    }
    (e, work)
}

/// The cost terms of the group `members` evaluated as `eval`
/// (the `unresolved` term is 0).
///
/// # Complexity
/// O(K² · Δ).
pub fn group_cost(problem: &ParentProblem, members: &[usize], eval: &GroupEval) -> Cost {
    let pulled: Vec<usize> = members
        .iter()
        .copied()
        .filter(|&u| !problem.unit(u).is_target)
        .collect();
    Cost {
        unresolved: 0,
        below_standard: i64::from(!eval.meets_standard),
        pulled_in: pulled.len() as i64,
        pulled_in_people: pulled
            .iter()
            .map(|&u| problem.unit(u).population as i64)
            .sum(),
        disappearing: members.len() as i64 - 1,
        shared_border_m: problem.inner_border_m(members),
        oversize: i64::from(eval.oversize),
        border_share: problem.border_share(members),
        mixed_kinds: i64::from(
            members.iter().any(|&u| problem.is_urban(u))
                && members.iter().any(|&u| !problem.is_urban(u)),
        ),
        area_log: log_milli(eval.area_ratio),
        population_log: log_milli(eval.population_ratio),
        pair_below_standard: i64::from(members.len() == 2 && !eval.meets_standard),
        population_shortfall: shortfall_milli(eval.population_ratio),
        area_shortfall: shortfall_milli(eval.area_ratio),
    }
}

/// 1,000 × max(0, 1 − `ratio`), rounded; a ratio that is not finite counts
/// as 0 (the whole standard short).
fn shortfall_milli(ratio: f64) -> i64 {
    let r = if ratio.is_finite() { ratio } else { 0.0 };
    (1000.0 * (1.0 - r).clamp(0.0, 1.0)).round() as i64
}

/// 1,000 × ln(`ratio`), rounded; ratios below 0.001 (or not finite) count
/// as 0.001, so an empty unit never gives −∞.
fn log_milli(ratio: f64) -> i64 {
    let r = if ratio.is_finite() {
        ratio.max(0.001)
    } else {
        0.001
    };
    (1000.0 * r.ln()).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::problem::PlannerUnit;

    fn problem(n: usize, targets: &[usize], edges: &[(usize, usize)]) -> ParentProblem {
        let units = (0..n)
            .map(|i| PlannerUnit {
                area_km2: 1.0,
                population: 100 * (i as u64 + 1),
                is_target: targets.contains(&i),
                eligibility: Eligibility::Eligible,
            })
            .collect();
        let mut p = ParentProblem::new(units).unwrap();
        for &(a, b) in edges {
            p.add_edge(a, b, 1.0).unwrap();
        }
        p
    }

    fn groups(e: &Enumeration) -> Vec<Vec<usize>> {
        e.iter().map(<[usize]>::to_vec).collect()
    }

    #[test]
    fn path_of_three_with_middle_target() {
        let p = problem(3, &[1], &[(0, 1), (1, 2)]);
        let e = enumerate(&p, 4, 100);
        assert_eq!(groups(&e), vec![vec![0, 1], vec![0, 1, 2], vec![1, 2]]);
        assert!(!e.cap_hit);
    }

    #[test]
    fn groups_without_a_target_are_not_enumerated_and_k_limits_size() {
        // 0-1-2-3 path, target 0, K = 2.
        let p = problem(4, &[0], &[(0, 1), (1, 2), (2, 3)]);
        assert_eq!(groups(&enumerate(&p, 2, 100)), vec![vec![0, 1]]);
        assert_eq!(groups(&enumerate(&p, 1, 100)), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn star_with_two_targets_has_no_duplicates() {
        // centre 0, leaves 1..=4; targets 1 and 2.
        let p = problem(5, &[1, 2], &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        let g = groups(&enumerate(&p, 3, 100));
        let mut d = g.clone();
        d.dedup();
        assert_eq!(g, d);
        assert_eq!(
            g,
            vec![
                vec![0, 1],
                vec![0, 1, 2],
                vec![0, 1, 3],
                vec![0, 1, 4],
                vec![0, 2],
                vec![0, 2, 3],
                vec![0, 2, 4],
            ]
        );
    }

    #[test]
    fn packing_keeps_the_lexicographic_order() {
        let lists: [&[usize]; 5] = [&[0, 1], &[0, 1, 2], &[0, 1, 2, 3], &[0, 2], &[1, 65_533]];
        let packed: Vec<u128> = lists.iter().map(|l| pack(l).unwrap()).collect();
        assert!(packed.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(pack(&[0, 65_535]), None);
        assert_eq!(pack(&[0; 9]), None);
    }

    #[test]
    fn position_finds_groups_with_and_without_packing() {
        let p = problem(5, &[1, 2], &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        let e = enumerate(&p, 3, 100);
        assert!(e.packed.is_some());
        let mut plain = e.clone();
        plain.packed = None;
        for (i, g) in e.iter().enumerate() {
            assert_eq!(e.position(g), Some(i));
            assert_eq!(plain.position(g), Some(i));
        }
        assert_eq!(e.position(&[3, 4]), None);
        assert_eq!(plain.position(&[3, 4]), None);
    }

    #[test]
    fn cap_is_reported() {
        let p = problem(5, &[0], &[(0, 1), (0, 2), (0, 3), (0, 4)]);
        let e = enumerate(&p, 3, 2);
        assert_eq!(e.len(), 2);
        assert!(e.cap_hit);
    }

    #[test]
    fn cost_terms_of_a_group() {
        let p = problem(3, &[1], &[(0, 1), (1, 2)]);
        let eval = GroupEval {
            meets_standard: false,
            area_ratio: 0.5,
            population_ratio: 0.5,
            oversize: true,
            kind_conflict: false,
        };
        let c = group_cost(&p, &[0, 1, 2], &eval);
        assert_eq!(
            c,
            Cost {
                unresolved: 0,
                below_standard: 1,
                pulled_in: 2,
                pulled_in_people: 100 + 300,
                disappearing: 2,
                shared_border_m: 2000,
                oversize: 1,
                // Each end shares all its border with the middle; the
                // middle shares all of its own.
                border_share: 3000,
                mixed_kinds: 0,
                area_log: -693,
                population_log: -693,
                pair_below_standard: 0,
                population_shortfall: 500,
                area_shortfall: 500,
            }
        );
        let pair = group_cost(&p, &[0, 1], &eval);
        assert_eq!((pair.pair_below_standard, pair.border_share), (1, 1500));
    }
}
