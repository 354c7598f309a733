//! The infeasibility report of a phase: which provinces do not fit, the
//! smallest caps that would, and the bundles too large for a cap.

use std::collections::BTreeMap;

use super::error::{OversizedBundle, PhaseInfeasibility, ScheduleError};
use super::search::{self, Caps, LimitHit, PhaseInstance};
use super::types::ScheduleItem;
use crate::model::{Phase, UnitCode};
use crate::scenario::YearWindow;

/// Builds the report of a phase whose `failed` provinces have no schedule
/// under `caps`.
///
/// Per dimension, the phase's minimal cap is the largest of the provinces'
/// minimal caps: feasibility is monotone in each cap, so raising a cap keeps
/// the feasible provinces feasible. The same holds for the joint pair.
///
/// # Errors
/// [`ScheduleError::SearchLimit`] if a search gives up.
///
/// # Complexity
/// O(log n) searches per failed province and cap.
pub(super) fn report(
    items: &[ScheduleItem],
    phase: Phase,
    window: YearWindow,
    failed: &[(UnitCode, PhaseInstance)],
    caps: Caps,
    limit: u64,
) -> Result<PhaseInfeasibility, ScheduleError> {
    let mut out = PhaseInfeasibility {
        phase,
        window: (window.first, window.last),
        provinces: failed.iter().map(|(p, _)| p.clone()).collect(),
        min_cap_per_year_province: caps.province.map(|_| 0),
        min_cap_per_year_district: caps.district.map(|_| 0),
        joint_min_caps: None,
        oversized_bundles: Vec::new(),
    };
    let mut joint: Option<(u32, u32)> = Some((0, 0));
    for (province, p) in failed {
        let limit_err = |_: LimitHit| ScheduleError::SearchLimit {
            phase,
            province: province.clone(),
            limit,
        };
        let need_p = min_cap(p, caps, Dim::Province, limit).map_err(limit_err)?;
        let need_d = min_cap(p, caps, Dim::District, limit).map_err(limit_err)?;
        out.min_cap_per_year_province = max_opt(out.min_cap_per_year_province, need_p);
        out.min_cap_per_year_district = max_opt(out.min_cap_per_year_district, need_d);
        let pair = joint_caps(p, caps, limit).map_err(limit_err)?;
        joint = joint.zip(pair).map(|((a, b), (c, d))| (a.max(c), b.max(d)));
        for u in &p.units {
            let per_district = u.footprint.iter().map(|&(_, c)| c).max().unwrap_or(0);
            let too_big = caps.province.is_some_and(|c| u.size > c)
                || caps.district.is_some_and(|c| per_district > c);
            if u.items.len() > 1 && too_big {
                out.oversized_bundles.push(OversizedBundle {
                    group_ids: u.items.iter().map(|&i| items[i].group_id.clone()).collect(),
                    per_district,
                    total: u.size,
                });
            }
        }
    }
    if out.min_cap_per_year_province.is_none() && out.min_cap_per_year_district.is_none() {
        out.joint_min_caps = joint;
    }
    Ok(out)
}

fn max_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    a.zip(b).map(|(x, y)| x.max(y))
}

#[derive(Clone, Copy)]
enum Dim {
    Province,
    District,
}

/// A cap that can never bind: every merge of the province, or of its largest
/// district.
fn upper(p: &PhaseInstance, dim: Dim) -> u32 {
    match dim {
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
}

fn with(caps: Caps, dim: Dim, c: u32) -> Caps {
    match dim {
        Dim::Province => Caps {
            province: Some(c),
            ..caps
        },
        Dim::District => Caps {
            district: Some(c),
            ..caps
        },
    }
}

/// The smallest value of one cap, not below its current value and with the
/// other cap unchanged, for which `p` is feasible; `None` if that cap is not
/// set or no value helps.
///
/// Exact: the search is exhaustive and feasibility is monotone in each cap (a
/// schedule that fits a cap fits any larger one), so binary search over
/// `current ..= upper` finds the smallest feasible value; `upper` makes the
/// cap non-binding, so if it fails no value helps.
///
/// # Complexity
/// O(log n) searches.
fn min_cap(p: &PhaseInstance, caps: Caps, dim: Dim, limit: u64) -> Result<Option<u32>, LimitHit> {
    let current = match dim {
        Dim::Province => caps.province,
        Dim::District => caps.district,
    };
    let Some(current) = current else {
        return Ok(None);
    };
    let hi = upper(p, dim).max(current);
    if !search::feasible(p, with(caps, dim, hi), limit)? {
        return Ok(None);
    }
    let (mut lo, mut hi) = (current, hi);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if search::feasible(p, with(caps, dim, mid), limit)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(Some(lo))
}

/// A pair (province cap, district cap) that fits when both caps are set: the
/// smallest district cap with the province cap not binding, then the smallest
/// province cap with that district cap. `None` if a cap is not set.
fn joint_caps(p: &PhaseInstance, caps: Caps, limit: u64) -> Result<Option<(u32, u32)>, LimitHit> {
    let (Some(cp), Some(_)) = (caps.province, caps.district) else {
        return Ok(None);
    };
    let loose = with(caps, Dim::Province, upper(p, Dim::Province).max(cp));
    let Some(d) = min_cap(p, loose, Dim::District, limit)? else {
        return Ok(None);
    };
    let Some(pc) = min_cap(p, with(caps, Dim::District, d), Dim::Province, limit)? else {
        return Ok(None);
    };
    Ok(Some((pc, d)))
}
