//! Target-count mode: turn a plan into one with exactly a given number of
//! regions per group of units (e.g. the new communes of each province, as
//! the 2025 round set them), every region connected, inside its parent in
//! nested mode and inside its group.
//!
//! # Objective
//! Lexicographic, after the hard constraint "exactly `count` regions in
//! each group": (1) as many regions meeting their standard as possible,
//! (2) as many untouched units (regions of one unit: a commune kept as it
//! is) as possible, (3) as little shared border cut between regions as
//! possible (compactness). This is the max-p objective with the number of
//! regions fixed, so it starts from a max-p plan ([`super::solve_with`]),
//! which is already best on (1) and (2) for its own number of regions p.
//!
//! # Method
//! Greedy, one region at a time, on each group separately:
//! - **fewer regions** (count < p): merge the two adjacent regions whose
//!   union scores best: the change in regions meeting their standard, then
//!   in untouched units, then the longest shared border;
//! - **more regions** (count > p): split the region whose best split into
//!   two connected parts scores best on the same terms (the shortest cut
//!   border last). A region of at most [`EXHAUSTIVE_MAX`] units tries every
//!   split into two connected parts; a larger one tries the splits along
//!   the edges of a breadth-first spanning tree (both sides stay connected).
//!
//! Both moves always exist while the count is inside the feasible range
//! ([`count_range`]): any two adjacent regions can merge, and any connected
//! region of two or more units has a split (cut a leaf of a spanning tree).
//! The result is not proven optimal for the objective; the count and the
//! connectivity are guaranteed.
//!
//! # Complexity
//! Per group of n units, m edges and p regions: a merge scans the group's
//! edges, O(m log m), so reaching count < p costs O((p − count) · m log m);
//! a split evaluates the best split of the two regions it creates (cached
//! for the others): O(2^s · s) for a region of s ≤ [`EXHAUSTIVE_MAX`]
//! units, O(s · (s + e)) with e edges inside it above that, plus an O(p)
//! scan of the cache, per split.

use std::collections::BTreeMap;

use petgraph::unionfind::UnionFind;

use super::standard::{Mix, Standard};
use super::{ComponentStatus, Plan, Problem, Region, RegionalizeError, compact};

/// Largest region, in units, whose every split into two connected parts is
/// tried (2^(s−1) subsets).
pub const EXHAUSTIVE_MAX: usize = 12;

/// One group of units (e.g. the communes of one province) whose regions
/// must number exactly `count`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountTarget {
    /// Problem indices of the group's units.
    pub units: Vec<u32>,
    /// The number of regions wanted.
    pub count: usize,
}

/// The feasible counts of a group: from the number of connected components
/// of the usable graph restricted to `units` (edges inside one parent in
/// nested mode; isolated units, e.g. exempt ones, are components of their
/// own) to the number of units. Returns `(smallest, largest)`.
///
/// # Complexity
/// O((n + m) · α(n)) for the group's n units and m edges.
pub fn count_range(problem: &Problem, units: &[u32], nested: bool) -> (usize, usize) {
    let local = local_index(problem, units);
    let mut sets: UnionFind<u32> = UnionFind::new(units.len());
    let mut components = units.len();
    for (i, &u) in units.iter().enumerate() {
        for &v in problem.neighbours(u as usize) {
            let Some(&j) = local.get(&v) else { continue };
            if j > i
                && problem.edge_allowed(u as usize, v as usize, nested)
                && sets.union(i as u32, j as u32)
            {
                components -= 1;
            }
        }
    }
    (components, units.len())
}

fn local_index(problem: &Problem, units: &[u32]) -> BTreeMap<u32, usize> {
    units
        .iter()
        .enumerate()
        .filter(|(_, u)| (**u as usize) < problem.len())
        .map(|(i, &u)| (u, i))
        .collect()
}

/// Lexicographic score of a move: change in regions meeting their
/// standard, change in untouched units, shared border kept inside regions
/// (the border of a merge, minus the cut of a split).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Score(i64, i64, f64);

impl Score {
    fn better(self, o: Score) -> bool {
        (self.0, self.1)
            .cmp(&(o.0, o.1))
            .then(self.2.total_cmp(&o.2))
            .is_gt()
    }
}

/// A region being edited.
#[derive(Clone, Debug)]
struct Part {
    members: Vec<u32>,
    pop: f64,
    area: f64,
    mix: Mix,
    meets: bool,
}

impl Part {
    fn of(problem: &Problem, standard: &Standard, mut members: Vec<u32>) -> Part {
        members.sort_unstable();
        let pop = members.iter().map(|&u| problem.pop(u as usize)).sum();
        let area = members.iter().map(|&u| problem.area(u as usize)).sum();
        let mix = members.iter().fold(Mix::default(), |m, &u| {
            m.add(&standard.unit_mix(u as usize))
        });
        Part {
            meets: standard.meets(pop, area, &mix),
            members,
            pop,
            area,
            mix,
        }
    }
}

/// Returns `plan` changed so that each target group holds exactly its
/// count of regions (see the module docs for the objective and the
/// method). Units outside every group keep their regions.
///
/// # Errors
/// [`RegionalizeError::CountOutOfRange`] when a count lies outside
/// [`count_range`] (the error names the nearest feasible count);
/// [`RegionalizeError::CountGroups`] when groups overlap, name a unit
/// outside the problem, or a region of `plan` crosses a group's edge;
/// [`RegionalizeError::LabelCount`] when `plan` is not a plan of `problem`.
///
/// # Complexity
/// See the module docs.
pub fn fit_counts(
    problem: &Problem,
    standard: &Standard,
    plan: &Plan,
    nested: bool,
    targets: &[CountTarget],
) -> Result<Plan, RegionalizeError> {
    let n = problem.len();
    if plan.labels.len() != n {
        return Err(RegionalizeError::LabelCount {
            got: plan.labels.len(),
            expected: n,
        });
    }
    let mut group = vec![usize::MAX; n];
    for (g, t) in targets.iter().enumerate() {
        for &u in &t.units {
            match group.get_mut(u as usize) {
                Some(slot) if *slot == usize::MAX => *slot = g,
                _ => return Err(RegionalizeError::CountGroups { group: g }),
            }
        }
        let (smallest, largest) = count_range(problem, &t.units, nested);
        if t.count < smallest || t.count > largest {
            return Err(RegionalizeError::CountOutOfRange {
                group: g,
                count: t.count,
                smallest,
                largest,
            });
        }
    }
    for r in &plan.regions {
        let g = group[r.members[0] as usize];
        if r.members.iter().any(|&u| group[u as usize] != g) {
            return Err(RegionalizeError::CountGroups {
                group: if g == usize::MAX {
                    r.members
                        .iter()
                        .map(|&u| group[u as usize])
                        .find(|&x| x != usize::MAX)
                        .unwrap_or(0)
                } else {
                    g
                },
            });
        }
    }
    let mut parts: Vec<Vec<u32>> = Vec::with_capacity(plan.regions.len());
    let mut by_group: Vec<Vec<Vec<u32>>> = vec![Vec::new(); targets.len()];
    for r in &plan.regions {
        match group[r.members[0] as usize] {
            usize::MAX => parts.push(r.members.clone()),
            g => by_group[g].push(r.members.clone()),
        }
    }
    let mut changed = vec![false; plan.components.len()];
    for (g, regions) in by_group.into_iter().enumerate() {
        let before = regions.len();
        let fitted = fit_group(problem, standard, nested, regions, targets[g].count);
        if fitted.len() != before || targets[g].count != before {
            for &u in &targets[g].units {
                let r = plan.labels[u as usize] as usize;
                if let Some(c) = plan.regions.get(r).map(|r| r.component) {
                    changed[c] = true;
                }
            }
        }
        parts.extend(fitted);
    }
    Ok(assemble(problem, standard, plan, parts, &changed))
}

/// Builds the plan of `parts`, with the component reports of `plan`
/// (regions recounted; `changed` components become heuristic).
fn assemble(
    problem: &Problem,
    standard: &Standard,
    plan: &Plan,
    parts: Vec<Vec<u32>>,
    changed: &[bool],
) -> Plan {
    let comp_of_unit = |u: u32| plan.regions[plan.labels[u as usize] as usize].component;
    let mut regions: Vec<Region> = parts
        .into_iter()
        .map(|members| {
            let component = comp_of_unit(members[0]);
            let p = Part::of(problem, standard, members);
            Region {
                members: p.members,
                pop: p.pop,
                area: p.area,
                meets: p.meets,
                component,
            }
        })
        .collect();
    regions.sort_by_key(|r| r.members[0]);
    let mut labels = vec![0u32; problem.len()];
    for (k, r) in regions.iter().enumerate() {
        for &u in &r.members {
            labels[u as usize] = k as u32;
        }
    }
    let mut components = plan.components.clone();
    for c in &mut components {
        c.regions = 0;
    }
    for r in &regions {
        components[r.component].regions += 1;
    }
    for (c, &ch) in components.iter_mut().zip(changed) {
        if ch && c.status != ComponentStatus::Infeasible {
            c.status = ComponentStatus::Heuristic;
        }
        c.upper_bound = c.upper_bound.max(c.regions);
    }
    Plan {
        inside_border: compact::inside_border(problem, &labels),
        regions,
        labels,
        components,
        time_limit_hit: plan.time_limit_hit,
    }
}

/// Merges or splits the regions of one group until there are `count`.
fn fit_group(
    problem: &Problem,
    standard: &Standard,
    nested: bool,
    regions: Vec<Vec<u32>>,
    count: usize,
) -> Vec<Vec<u32>> {
    let mut slots: Vec<Option<Part>> = regions
        .into_iter()
        .map(|m| Some(Part::of(problem, standard, m)))
        .collect();
    let mut label: BTreeMap<u32, usize> = BTreeMap::new();
    for (k, p) in slots.iter().enumerate() {
        for &u in p.iter().flat_map(|p| &p.members) {
            label.insert(u, k);
        }
    }
    let mut live = slots.len();
    while live > count {
        let Some((a, b)) = best_merge(problem, standard, nested, &slots, &label) else {
            break;
        };
        let (Some(pa), Some(pb)) = (slots[a].take(), slots[b].take()) else {
            break;
        };
        let members: Vec<u32> = pa.members.into_iter().chain(pb.members).collect();
        let k = slots.len();
        for &u in &members {
            label.insert(u, k);
        }
        slots.push(Some(Part::of(problem, standard, members)));
        live -= 1;
    }
    let mut cache: Vec<Option<(Score, Vec<u32>)>> = slots
        .iter()
        .map(|p| {
            p.as_ref()
                .and_then(|p| best_split(problem, standard, nested, p))
        })
        .collect();
    while live < count {
        let mut best: Option<(Score, usize)> = None;
        for (k, c) in cache.iter().enumerate() {
            if let Some((s, _)) = c
                && best.is_none_or(|(b, _)| s.better(b))
            {
                best = Some((*s, k));
            }
        }
        let Some((_, k)) = best else { break };
        let Some((_, side)) = cache[k].take() else {
            break;
        };
        let Some(whole) = slots[k].take() else { break };
        let other: Vec<u32> = whole
            .members
            .iter()
            .copied()
            .filter(|u| side.binary_search(u).is_err())
            .collect();
        for members in [side, other] {
            let p = Part::of(problem, standard, members);
            cache.push(best_split(problem, standard, nested, &p));
            slots.push(Some(p));
        }
        live += 1;
    }
    slots.into_iter().flatten().map(|p| p.members).collect()
}

/// The adjacent pair of live regions whose merge scores best.
fn best_merge(
    problem: &Problem,
    standard: &Standard,
    nested: bool,
    slots: &[Option<Part>],
    label: &BTreeMap<u32, usize>,
) -> Option<(usize, usize)> {
    let mut border: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (&u, &a) in label {
        let list = problem.neighbours(u as usize);
        for (k, &v) in list.iter().enumerate() {
            let Some(&b) = label.get(&v) else { continue };
            if a < b && problem.edge_allowed(u as usize, v as usize, nested) {
                *border.entry((a, b)).or_insert(0.0) += problem.border[u as usize][k];
            }
        }
    }
    let mut best: Option<(Score, (usize, usize))> = None;
    for (&(a, b), &km) in &border {
        let (Some(pa), Some(pb)) = (&slots[a], &slots[b]) else {
            continue;
        };
        let meets = standard.meets(pa.pop + pb.pop, pa.area + pb.area, &pa.mix.add(&pb.mix));
        let s = Score(
            i64::from(meets) - i64::from(pa.meets) - i64::from(pb.meets),
            -i64::from(pa.members.len() == 1) - i64::from(pb.members.len() == 1),
            km,
        );
        if best.is_none_or(|(b, _)| s.better(b)) {
            best = Some((s, (a, b)));
        }
    }
    best.map(|(_, pair)| pair)
}

/// The best split of `part` into two connected parts: its score and one
/// side (sorted), or `None` for a single unit.
fn best_split(
    problem: &Problem,
    standard: &Standard,
    nested: bool,
    part: &Part,
) -> Option<(Score, Vec<u32>)> {
    let m = &part.members;
    let s = m.len();
    if s < 2 {
        return None;
    }
    // Local adjacency with border lengths.
    let adj: Vec<Vec<(usize, f64)>> = m
        .iter()
        .map(|&u| {
            problem
                .neighbours(u as usize)
                .iter()
                .enumerate()
                .filter(|(_, v)| problem.edge_allowed(u as usize, **v as usize, nested))
                .filter_map(|(k, v)| {
                    m.binary_search(v)
                        .ok()
                        .map(|j| (j, problem.border[u as usize][k]))
                })
                .collect()
        })
        .collect();
    let score = |side: &[usize]| -> Score {
        let mut inside = vec![false; s];
        for &i in side {
            inside[i] = true;
        }
        let (mut pa, mut aa, mut ma) = (0.0, 0.0, Mix::default());
        let (mut pb, mut ab, mut mb) = (0.0, 0.0, Mix::default());
        let mut cut = 0.0;
        for i in 0..s {
            let u = m[i] as usize;
            let mix = standard.unit_mix(u);
            if inside[i] {
                pa += problem.pop(u);
                aa += problem.area(u);
                ma = ma.add(&mix);
                cut += adj[i]
                    .iter()
                    .filter(|(j, _)| !inside[*j])
                    .map(|(_, km)| km)
                    .sum::<f64>();
            } else {
                pb += problem.pop(u);
                ab += problem.area(u);
                mb = mb.add(&mix);
            }
        }
        let nb = s - side.len();
        Score(
            i64::from(standard.meets(pa, aa, &ma)) + i64::from(standard.meets(pb, ab, &mb))
                - i64::from(part.meets),
            i64::from(side.len() == 1) + i64::from(nb == 1),
            -cut,
        )
    };
    let mut best: Option<(Score, Vec<usize>)> = None;
    let mut consider = |side: Vec<usize>| {
        let sc = score(&side);
        if best.as_ref().is_none_or(|(b, _)| sc.better(*b)) {
            best = Some((sc, side));
        }
    };
    if s <= EXHAUSTIVE_MAX {
        let nbr: Vec<u32> = adj
            .iter()
            .map(|l| l.iter().fold(0u32, |acc, (j, _)| acc | (1 << j)))
            .collect();
        let all: u32 = (1u32 << s) - 1;
        let connected = |set: u32| -> bool {
            let start = set & set.wrapping_neg();
            let mut seen = start;
            let mut frontier = start;
            while frontier != 0 {
                let i = frontier.trailing_zeros() as usize;
                frontier &= frontier - 1;
                let new = nbr[i] & set & !seen;
                seen |= new;
                frontier |= new;
            }
            seen == set
        };
        // Side A holds member 0; B is the rest, never empty.
        for rest in 0..(1u32 << (s - 1)) {
            let a = 1 | (rest << 1);
            if a == all || !connected(a) || !connected(all & !a) {
                continue;
            }
            consider((0..s).filter(|i| a >> i & 1 == 1).collect());
        }
    } else {
        // Cut one edge of a breadth-first spanning tree: the subtree below it.
        let mut parent = vec![usize::MAX; s];
        let mut order = vec![0usize];
        parent[0] = 0;
        let mut head = 0;
        while head < order.len() {
            let i = order[head];
            head += 1;
            for &(j, _) in &adj[i] {
                if parent[j] == usize::MAX {
                    parent[j] = i;
                    order.push(j);
                }
            }
        }
        let mut below: Vec<Vec<usize>> = (0..s).map(|i| vec![i]).collect();
        for &i in order.iter().skip(1).rev() {
            let mine = std::mem::take(&mut below[i]);
            below[i] = mine.clone();
            below[parent[i]].extend(mine);
        }
        for &i in order.iter().skip(1) {
            let mut side = below[i].clone();
            side.sort_unstable();
            consider(side);
        }
    }
    best.map(|(sc, side)| {
        let mut units: Vec<u32> = side.into_iter().map(|i| m[i]).collect();
        units.sort_unstable();
        (sc, units)
    })
}
