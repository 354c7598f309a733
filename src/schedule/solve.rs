//! The entry point [`schedule`]: units, the search per province and phase,
//! reasons, and the minimal caps of an infeasible phase.

use std::collections::BTreeMap;

use super::error::{InfeasibilityReport, OversizedBundle, PhaseInfeasibility, ScheduleError};
use super::priority;
use super::reason::{Placement, Reason};
use super::search::{self, Caps, LimitHit, Problem, Unit, Usage};
use super::types::{Schedule, ScheduleConfig, ScheduleItem, ScheduleRow, SyncRule, YearWindow};
use super::validate;
use crate::model::{Phase, UnitCode};

/// Gives every merge group an effective year inside its phase's window.
///
/// Phases are scheduled in order, so that a group may depend on a group of an
/// earlier phase (which then only bounds its year from below). Inside a phase:
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
/// use reorg::schedule::{schedule, ScheduleConfig, ScheduleItem};
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
    let mut ctx = Ctx {
        items,
        deps: &checked.deps,
        dependents: &dependents,
        config,
        year: vec![None; items.len()],
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

struct Ctx<'a> {
    items: &'a [ScheduleItem],
    deps: &'a [Vec<usize>],
    dependents: &'a [Vec<usize>],
    config: &'a ScheduleConfig,
    year: Vec<Option<u16>>,
    rows: Vec<ScheduleRow>,
}

/// A province's units in one phase, ready for the search.
struct Local {
    problem: Problem,
    /// Earliest year from earlier phases' dependencies, per unit, and its source.
    lb_source: Vec<Option<(u16, usize)>>,
}

impl Ctx<'_> {
    fn phase(
        &mut self,
        phase: Phase,
        window: YearWindow,
    ) -> Result<Option<PhaseInfeasibility>, ScheduleError> {
        let items = self.items;
        let members: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].phase == phase)
            .collect();
        let order = priority::order(items, &members);
        let mut rank = vec![usize::MAX; items.len()];
        for (r, &i) in order.iter().enumerate() {
            rank[i] = r;
        }
        let lb_source = self.cross_phase_bounds(&members, window)?;
        let units = match self.config.sync {
            SyncRule::SameYear => self.bundles(&order, &rank),
            SyncRule::NotBefore => self.singles(&order, &rank),
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
        for (province, units) in by_province {
            let local = self.local(&units, window, &lb_source);
            let limit_err = |_: LimitHit| ScheduleError::SearchLimit {
                phase,
                province: province.clone(),
                limit,
            };
            match search::solve(&local.problem, caps, limit).map_err(limit_err)? {
                Some(years) => self.record(&local, &years, window, &rank),
                None => failed.push((province.clone(), local)),
            }
        }
        if failed.is_empty() {
            return Ok(None);
        }
        let mut report = PhaseInfeasibility {
            phase,
            window: (window.first, window.last),
            provinces: failed.iter().map(|(p, _)| p.clone()).collect(),
            min_cap_per_year_province: caps.province.map(|_| 0),
            min_cap_per_year_district: caps.district.map(|_| 0),
            oversized_bundles: Vec::new(),
        };
        for (province, local) in &failed {
            let limit_err = |_: LimitHit| ScheduleError::SearchLimit {
                phase,
                province: province.clone(),
                limit,
            };
            let p = &local.problem;
            let need_p = min_cap(p, caps, Dim::Province, limit).map_err(limit_err)?;
            let need_d = min_cap(p, caps, Dim::District, limit).map_err(limit_err)?;
            report.min_cap_per_year_province = report
                .min_cap_per_year_province
                .zip(need_p)
                .map(|(a, b)| a.max(b));
            report.min_cap_per_year_district = report
                .min_cap_per_year_district
                .zip(need_d)
                .map(|(a, b)| a.max(b));
            for u in &p.units {
                let per_district = u.footprint.iter().map(|&(_, c)| c).max().unwrap_or(0);
                let too_big = caps.province.is_some_and(|c| u.size > c)
                    || caps.district.is_some_and(|c| per_district > c);
                if u.items.len() > 1 && too_big {
                    report.oversized_bundles.push(OversizedBundle {
                        group_ids: u.items.iter().map(|&i| items[i].group_id.clone()).collect(),
                        per_district,
                        total: u.size,
                    });
                }
            }
        }
        Ok(Some(report))
    }

    /// The earliest year each member may take, from dependencies of earlier
    /// phases, with the dependency that sets it.
    fn cross_phase_bounds(
        &self,
        members: &[usize],
        window: YearWindow,
    ) -> Result<Vec<Option<(u16, usize)>>, ScheduleError> {
        let mut out = vec![None; self.items.len()];
        for &i in members {
            for &d in &self.deps[i] {
                if self.items[d].phase == self.items[i].phase {
                    continue;
                }
                // A dependency of an infeasible earlier phase has no year; it
                // then bounds nothing (the report covers that phase).
                let Some(y) = self.year[d] else { continue };
                if y > window.last {
                    return Err(ScheduleError::DependencyAfterWindow {
                        group_id: self.items[i].group_id.clone(),
                        depends_on: self.items[d].group_id.clone(),
                        year: y,
                        last: window.last,
                    });
                }
                if out[i].is_none_or(|(best, _)| y > best) {
                    out[i] = Some((y, d));
                }
            }
        }
        Ok(out)
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

    /// Single groups ordered by (best rank among itself and its transitive
    /// dependents, depth in the dependency chain, own rank): a topological
    /// order that places urgent chains first.
    fn singles(&self, order: &[usize], rank: &[usize]) -> Vec<Vec<usize>> {
        let n = self.items.len();
        let mut depth = vec![usize::MAX; n];
        let mut eff = vec![usize::MAX; n];
        for &i in order {
            self.depth_of(i, &mut depth);
            self.eff_of(i, rank, &mut eff);
        }
        let mut units: Vec<usize> = order.to_vec();
        units.sort_by_key(|&i| (eff[i], depth[i], rank[i]));
        units.into_iter().map(|i| vec![i]).collect()
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
    fn local(
        &self,
        units: &[Vec<usize>],
        window: YearWindow,
        lb: &[Option<(u16, usize)>],
    ) -> Local {
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
        let mut lb_source = Vec::with_capacity(units.len());
        let mut last_same: BTreeMap<(Vec<(usize, u32)>, usize), usize> = BTreeMap::new();
        for (k, u) in units.iter().enumerate() {
            let mut count: BTreeMap<usize, u32> = BTreeMap::new();
            for &i in u {
                *count.entry(districts[&items[i].district]).or_insert(0) += 1;
            }
            let footprint: Vec<(usize, u32)> = count.into_iter().collect();
            let src = u.iter().filter_map(|&i| lb[i]).max_by(|a, b| {
                a.0.cmp(&b.0)
                    .then_with(|| items[b.1].group_id.cmp(&items[a.1].group_id))
            });
            let static_lb = src.map_or(0, |(y, _)| usize::from(y.saturating_sub(window.first)));
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
                last_same.insert((footprint.clone(), static_lb), k)
            } else {
                None
            };
            out.push(Unit {
                items: u.clone(),
                size: u.len() as u32,
                footprint,
                static_lb,
                deps,
                same_as,
            });
            lb_source.push(src);
        }
        Local {
            problem: Problem {
                units: out,
                n_districts: districts.len(),
                n_years: window.len(),
            },
            lb_source,
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
        for (k, u) in p.units.iter().enumerate() {
            for &i in &u.items {
                self.year[i] = Some(year_of(years[k]));
            }
        }
        let mut usage = Usage::of(p, years);
        for (k, u) in p.units.iter().enumerate() {
            let y = years[k];
            // The dependency that bounds the year from below, if any.
            let mut src = local.lb_source[k];
            for &j in &u.deps {
                let cand = (year_of(years[j]), p.units[j].items[0]);
                if src.is_none_or(|(sy, _)| cand.0 > sy) {
                    src = Some(cand);
                }
            }
            let lb = src.map_or(0, |(sy, _)| usize::from(sy.saturating_sub(window.first)));
            let placement = if y == 0 {
                Placement::FirstYear
            } else if y == lb {
                let (year, d) = src.expect("lb > 0 only with a dependency");
                Placement::AfterDependency {
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
                Placement::CapsFull {
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

#[derive(Clone, Copy)]
enum Dim {
    Province,
    District,
}

/// The smallest value of one cap (the other unchanged) for which `p` is
/// feasible; `None` if that cap is not set or no value helps.
///
/// Exact: the search is exhaustive and feasibility is monotone in each cap
/// (a schedule that fits a cap fits any larger one), so binary search over
/// `current + 1 ..= upper` finds the smallest feasible value, where `upper`
/// (every merge of the province, or of the largest district) makes that cap
/// non-binding.
///
/// # Complexity
/// O(log n) searches.
fn min_cap(p: &Problem, caps: Caps, dim: Dim, limit: u64) -> Result<Option<u32>, LimitHit> {
    let current = match dim {
        Dim::Province => caps.province,
        Dim::District => caps.district,
    };
    let Some(current) = current else {
        return Ok(None);
    };
    let with = |c: u32| match dim {
        Dim::Province => Caps {
            province: Some(c),
            ..caps
        },
        Dim::District => Caps {
            district: Some(c),
            ..caps
        },
    };
    let upper = match dim {
        Dim::Province => p.units.iter().map(|u| u.size).sum::<u32>(),
        Dim::District => {
            let mut per: BTreeMap<usize, u32> = BTreeMap::new();
            for u in &p.units {
                for &(d, c) in &u.footprint {
                    *per.entry(d).or_insert(0) += c;
                }
            }
            per.into_values().max().unwrap_or(0)
        }
    }
    .max(current + 1);
    if !search::feasible(p, with(upper), limit)? {
        return Ok(None);
    }
    let (mut lo, mut hi) = (current + 1, upper);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if search::feasible(p, with(mid), limit)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Some(lo))
}
