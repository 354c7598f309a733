//! The entry point [`schedule`]: units, the search per province and phase,
//! reasons, and the minimal caps of an infeasible phase.

use std::collections::BTreeMap;

use super::error::{InfeasibilityReport, PhaseInfeasibility, ScheduleError};
use super::infeasible;
use super::priority;
use super::reason::{Reason, YearReason};
use super::search::{self, Caps, LimitHit, PhaseInstance, Placeable, Usage};
use super::types::{Schedule, ScheduleItem, ScheduleRow};
use super::validate;
use crate::model::{Phase, UnitCode};
use crate::scenario::{ScheduleConfig, ScheduleMode, SyncRule, YearWindow};

/// Gives every merge group an effective year inside its phase's window.
///
/// Phases are scheduled one after the other; their windows are disjoint and
/// in phase order, so a dependency on a group of an earlier phase always
/// holds, and every year belongs to one phase. Inside a phase:
/// - groups are ranked by the lexicographic key of
///   [`ScheduleConfig::priority`] ([`super::compare_priority_by`]); the rank
///   shown (`priority` in `schedule.csv`) is that order made topological: a
///   group inherits the rank of its most urgent dependent, so a commune
///   merge never ranks before the district merge it depends on;
/// - with [`SyncRule::SameYear`], groups joined by dependencies form a bundle
///   placed in one year; a bundle goes at the priority of its first member;
/// - with [`SyncRule::NotBefore`], each group is placed on its own, no earlier
///   than its dependencies; a group inherits the priority of its most urgent
///   dependent, so that a district merge is never held back behind the commune
///   merges that wait for it;
/// - provinces are independent (caps count per province and per district, and
///   dependencies stay in a province), so each province is searched alone.
///
/// The result is the *lexicographically earliest* feasible schedule in
/// priority order ([`super::compare_priority`]): no group could take effect
/// earlier without moving a group of higher priority later. Hence a group that
/// is not in the first allowed year sits behind years that are full under the
/// caps, which its reason states.
///
/// # Errors
/// [`ScheduleError::Infeasible`] when the caps cannot fit some phase, with the
/// provinces concerned and the exact smallest caps that fit (binary search over
/// each cap with the same exact search; feasibility is monotone in a cap). The
/// other variants report invalid input.
///
/// # Complexity
/// Per province and phase, O(u · y · F) when the search does not backtrack
/// (u units, y years, F one max-flow on O(districts · y) nodes); exponential
/// in the worst case, bounded by [`ScheduleConfig::search_limit`]. Without
/// caps, O(n log n).
///
/// # Examples
/// ```
/// use reorg::model::{Level, Phase, UnitCode};
/// use reorg::schedule::{schedule, ScheduleItem};
/// use reorg::scenario::ScheduleConfig;
///
/// let item = |id: &str, severity| ScheduleItem {
///     group_id: id.into(), phase: Phase::Phase2023To2025, level: Level::Commune,
///     district: UnitCode::from("001"), province: UnitCode::from("01"),
///     mandatory: true, severity, readiness: None, consent_share: None, depends_on: vec![],
/// };
/// let config = ScheduleConfig { cap_per_year_province: Some(1), ..ScheduleConfig::default() };
/// let s = schedule(&[item("a", 0.2), item("b", 0.9)], &config).unwrap();
/// assert_eq!(s.year_of("b"), Some(2024)); // more severe: first
/// assert_eq!(s.year_of("a"), Some(2025));
/// ```
pub fn schedule(
    items: &[ScheduleItem],
    config: &ScheduleConfig,
) -> Result<Schedule, ScheduleError> {
    let checked = validate::check(items, config)?;
    let dependents = validate::same_phase_dependents(items, &checked.deps);
    let mut ctx = SolveCtx {
        items,
        deps: &checked.deps,
        dependents: &dependents,
        config,
        rows: Vec::with_capacity(items.len()),
    };
    let mut phases = Vec::new();
    for (&phase, &window) in &checked.windows {
        if let Some(report) = ctx.phase(phase, window)? {
            phases.push(report);
        }
    }
    if !phases.is_empty() {
        return Err(ScheduleError::Infeasible(InfeasibilityReport { phases }));
    }
    let mut rows = ctx.rows;
    rows.sort_by_key(|a| (a.phase, a.year, a.priority));
    Ok(Schedule { rows })
}

struct SolveCtx<'a> {
    items: &'a [ScheduleItem],
    deps: &'a [Vec<usize>],
    dependents: &'a [Vec<usize>],
    config: &'a ScheduleConfig,
    rows: Vec<ScheduleRow>,
}

/// A province's units in one phase, ready for the search.
struct Local {
    problem: PhaseInstance,
}

impl SolveCtx<'_> {
    fn phase(
        &mut self,
        phase: Phase,
        window: YearWindow,
    ) -> Result<Option<PhaseInfeasibility>, ScheduleError> {
        let items = self.items;
        let members: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].phase == phase)
            .collect();
        let order = priority::order(items, &members, &self.config.priority);
        let mut rank = vec![usize::MAX; items.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let topo = self.topo_order(&order, &rank);
        // The rank shown in schedule.csv: the priority order made to respect
        // the dependencies, so a commune merge never ranks before the
        // district merge it depends on.
        let mut shown = vec![usize::MAX; items.len()];
        for (r, &i) in topo.iter().enumerate() {
            shown[i] = r;
        }
        let units = match self.config.sync {
            SyncRule::SameYear => self.bundles(&order, &rank),
            SyncRule::NotBefore => topo.into_iter().map(|i| vec![i]).collect(),
        };
        let mut by_province: BTreeMap<&UnitCode, Vec<Vec<usize>>> = BTreeMap::new();
        for u in units {
            by_province
                .entry(&items[u[0]].province)
                .or_default()
                .push(u);
        }
        let caps = Caps {
            province: self.config.cap_per_year_province,
            district: self.config.cap_per_year_district,
        };
        let limit = self.config.search_limit;
        let mut failed: Vec<(UnitCode, Local)> = Vec::new();
        // Merges per year of the phase over the provinces placed so far (the
        // level mode steers each province away from the busiest years).
        let mut load = vec![0u32; window.len()];
        for (province, units) in by_province {
            let mut local = self.local(&units, window);
            let limit_err = |_: LimitHit| ScheduleError::SearchLimit {
                phase,
                province: province.clone(),
                limit,
            };
            match search::solve(&local.problem, caps, limit).map_err(limit_err)? {
                Some(mut years) => {
                    if self.config.mode == ScheduleMode::Level {
                        years = level(&mut local.problem, caps, limit, &load, years);
                    }
                    for (u, &y) in local.problem.units.iter().zip(&years) {
                        load[y] += u.size;
                    }
                    self.record(&local, &years, window, &shown)
                }
                None => failed.push((province.clone(), local)),
            }
        }
        if failed.is_empty() {
            return Ok(None);
        }
        let failed: Vec<(UnitCode, PhaseInstance)> =
            failed.into_iter().map(|(p, l)| (p, l.problem)).collect();
        infeasible::report(items, phase, window, &failed, caps, limit).map(Some)
    }

    /// Same-year bundles: connected components of same-phase dependencies,
    /// members in priority order, bundles by their first member.
    fn bundles(&self, order: &[usize], rank: &[usize]) -> Vec<Vec<usize>> {
        let mut parent: BTreeMap<usize, usize> = order.iter().map(|&i| (i, i)).collect();
        fn find(parent: &mut BTreeMap<usize, usize>, mut x: usize) -> usize {
            while parent[&x] != x {
                let up = parent[&parent[&x]];
                parent.insert(x, up);
                x = up;
            }
            x
        }
        for &i in order {
            for &d in &self.deps[i] {
                if self.items[d].phase == self.items[i].phase {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, d));
                    // The root is the member of best rank.
                    let (keep, join) = if rank[a] < rank[b] { (a, b) } else { (b, a) };
                    parent.insert(join, keep);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for &i in order {
            let r = find(&mut parent, i);
            groups.entry(rank[r]).or_default().push(i);
        }
        groups.into_values().collect()
    }

    /// Groups ordered by (best rank among itself and its transitive
    /// dependents, depth in the dependency chain, own rank): a topological
    /// order that places urgent chains first (a dependency has a rank no
    /// larger than its dependent's and a smaller depth).
    fn topo_order(&self, order: &[usize], rank: &[usize]) -> Vec<usize> {
        let n = self.items.len();
        let mut depth = vec![usize::MAX; n];
        let mut eff = vec![usize::MAX; n];
        for &i in order {
            self.depth_of(i, &mut depth);
            self.eff_of(i, rank, &mut eff);
        }
        let mut units: Vec<usize> = order.to_vec();
        units.sort_by_key(|&i| (eff[i], depth[i], rank[i]));
        units
    }

    fn depth_of(&self, i: usize, depth: &mut [usize]) -> usize {
        if depth[i] == usize::MAX {
            let d = self.deps[i]
                .iter()
                .filter(|&&d| self.items[d].phase == self.items[i].phase)
                .map(|&d| self.depth_of(d, depth) + 1)
                .max()
                .unwrap_or(0);
            depth[i] = d;
        }
        depth[i]
    }

    fn eff_of(&self, i: usize, rank: &[usize], eff: &mut [usize]) -> usize {
        if eff[i] == usize::MAX {
            let e = self.dependents[i]
                .iter()
                .map(|&k| self.eff_of(k, rank, eff))
                .fold(rank[i], usize::min);
            eff[i] = e;
        }
        eff[i]
    }

    /// Builds the search problem of one province's units (in order).
    fn local(&self, units: &[Vec<usize>], window: YearWindow) -> Local {
        let items = self.items;
        let mut districts: BTreeMap<&UnitCode, usize> = BTreeMap::new();
        for u in units {
            for &i in u {
                let next = districts.len();
                districts.entry(&items[i].district).or_insert(next);
            }
        }
        let mut unit_of: BTreeMap<usize, usize> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            for &i in u {
                unit_of.insert(i, k);
            }
        }
        let not_before = self.config.sync == SyncRule::NotBefore;
        let mut out = Vec::with_capacity(units.len());
        let mut last_same: BTreeMap<Vec<(usize, u32)>, usize> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            let mut count: BTreeMap<usize, u32> = BTreeMap::new();
            for &i in u {
                *count.entry(districts[&items[i].district]).or_insert(0) += 1;
            }
            let footprint: Vec<(usize, u32)> = count.into_iter().collect();
            let mut deps: Vec<usize> = Vec::new();
            if not_before {
                for &i in u {
                    for &d in &self.deps[i] {
                        if let Some(&j) = unit_of.get(&d) {
                            debug_assert!(j < k, "dependencies come first in the order");
                            deps.push(j);
                        }
                    }
                }
            }
            let free = !not_before
                || (deps.is_empty() && u.iter().all(|&i| self.dependents[i].is_empty()));
            let same_as = if free {
                last_same.insert(footprint.clone(), k)
            } else {
                None
            };
            out.push(Placeable {
                items: u.clone(),
                size: u.len() as u32,
                footprint,
                deps,
                same_as,
            });
        }
        Local {
            problem: PhaseInstance {
                units: out,
                n_districts: districts.len(),
                n_years: window.len(),
                gap: if not_before {
                    usize::from(self.config.min_gap_years)
                } else {
                    0
                },
                year_caps: None,
            },
        }
    }

    /// Stores years and rows of a solved province.
    fn record(&mut self, local: &Local, years: &[usize], window: YearWindow, rank: &[usize]) {
        let p = &local.problem;
        let caps = Caps {
            province: self.config.cap_per_year_province,
            district: self.config.cap_per_year_district,
        };
        let year_of = |y: usize| window.first + y as u16;
        let mut usage = Usage::of(p, years);
        for (k, u) in p.units.iter().enumerate() {
            let y = years[k];
            // The dependency that bounds the year from below, if any.
            let mut src: Option<(u16, usize)> = None;
            for &j in &u.deps {
                let cand = (year_of(years[j]), p.units[j].items[0]);
                if src.is_none_or(|(sy, _)| cand.0 > sy) {
                    src = Some(cand);
                }
            }
            let lb = src.map_or(0, |(sy, _)| usize::from(sy - window.first));
            let placement = if y == 0 {
                YearReason::FirstYear
            } else if y == lb {
                let (year, d) = src.expect("lb > 0 only with a dependency");
                YearReason::AfterDependency {
                    group_id: self.items[d].group_id.clone(),
                    year,
                }
            } else {
                usage.remove(u, y);
                let (mut prov, mut dist) = (false, false);
                for earlier in lb..y {
                    let (a, b) = usage.breaks(caps, u, earlier);
                    prov |= a;
                    dist |= b;
                }
                usage.add(u, y);
                YearReason::CapsFull {
                    from: year_of(lb),
                    to: year_of(y - 1),
                    province: prov,
                    district: dist,
                }
            };
            for &i in &u.items {
                let it = &self.items[i];
                self.rows.push(ScheduleRow {
                    group_id: it.group_id.clone(),
                    phase: it.phase,
                    year: year_of(y),
                    priority: rank[i] as u32 + 1,
                    reason: Reason {
                        mandatory: it.mandatory,
                        severity: it.severity,
                        readiness: it.readiness,
                        consent_share: it.consent_share,
                        placement: placement.clone(),
                        same_year_as: u
                            .items
                            .iter()
                            .filter(|&&j| j != i)
                            .map(|&j| self.items[j].group_id.clone())
                            .collect(),
                    },
                });
            }
        }
    }
}

/// The level mode on one province and phase ("thận trọng, không nóng vội"):
/// given a feasible `earliest` schedule, finds caps per year that spread the
/// merges, then the earliest schedule in priority order under them.
///
/// 1. The largest yearly number of merges `L` is minimised: the smallest `L`
///    from `⌈n / years⌉` up for which a schedule exists with at most `L`
///    merges in every year (the exact search decides each `L`).
/// 2. The years are then taken from the busiest of the phase so far (`load`,
///    over the provinces already placed; ties: the earlier year) and each
///    one's cap is lowered to the smallest value from `⌊n / years⌋` up that
///    keeps a schedule, so that the provinces together stay level too.
///
/// A search that reaches the placement limit counts as "no schedule" for a
/// trial cap; the schedule returned is always one the search found, so it
/// respects every cap and dependency.
///
/// # Complexity
/// O((L − ⌈n/y⌉ + y · log L) · S) for S one exact search.
fn level(
    p: &mut PhaseInstance,
    caps: Caps,
    limit: u64,
    load: &[u32],
    earliest: Vec<usize>,
) -> Vec<usize> {
    let ny = p.n_years;
    if ny <= 1 {
        return earliest;
    }
    let n: u32 = p.units.iter().map(|u| u.size).sum();
    let ny32 = ny as u32;
    let mut best = earliest;
    let try_caps = |p: &mut PhaseInstance, c: Vec<u32>| -> Option<Vec<usize>> {
        p.year_caps = Some(c);
        search::solve(p, caps, limit).ok().flatten()
    };
    let top = Usage::max_per_year(p, &best);
    // 1. The smallest largest year.
    let mut cap = top;
    for l in n.div_ceil(ny32)..top {
        if let Some(y) = try_caps(p, vec![l; ny]) {
            best = y;
            cap = l;
            break;
        }
    }
    let mut year_caps = vec![cap; ny];
    // 2. Lower the busiest years first.
    let mut years: Vec<usize> = (0..ny).collect();
    years.sort_by_key(|&y| (std::cmp::Reverse(load[y]), y));
    let floor = n / ny32;
    for y in years {
        let (mut lo, mut hi) = (floor, year_caps[y]);
        // Invariant: `hi` is feasible (with `best`); find the smallest.
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let mut c = year_caps.clone();
            c[y] = mid;
            match try_caps(p, c) {
                Some(found) => {
                    best = found;
                    hi = mid;
                }
                None => lo = mid + 1,
            }
        }
        year_caps[y] = hi;
    }
    // The earliest schedule under the final caps (`best` may come from a
    // looser trial).
    if let Some(y) = try_caps(p, year_caps) {
        best = y;
    }
    best
}
