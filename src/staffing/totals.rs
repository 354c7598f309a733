//! Yearly totals of the surplus, by province and for all provinces.

use std::collections::BTreeMap;

use super::group::StaffingRow;
use super::roadmap::remaining_after;
use crate::model::UnitCode;

/// Surplus movements of one year.
///
/// # Invariants
/// For consecutive years of the same scope:
/// `remaining(y) = remaining(y − 1) + new(y) − reduced(y)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct YearTotal {
    /// The province, or `None` for all provinces together.
    pub province: Option<UnitCode>,
    /// The year.
    pub year: u16,
    /// Surplus cadres and civil servants created by merges taking effect this year.
    pub new_cadres: u32,
    /// Surplus cadres and civil servants removed this year.
    pub reduced_cadres: u32,
    /// Surplus cadres and civil servants left at the end of the year.
    pub remaining_cadres: u32,
    /// Surplus part-time workers created this year.
    pub new_part_time: u32,
    /// Surplus part-time workers removed this year.
    pub reduced_part_time: u32,
    /// Surplus part-time workers left at the end of the year.
    pub remaining_part_time: u32,
}

/// Totals per province (sorted by code) for each year `first..=last`, then the
/// same years for all provinces. A merge contributes from its effective year;
/// a merge that took effect before `first` contributes what is left of it.
///
/// # Complexity
/// O(g · y) for g rows and y years.
pub(super) fn year_totals(
    rows: &[StaffingRow],
    profile: &[f64],
    first: u16,
    last: u16,
) -> Vec<YearTotal> {
    let mut by: BTreeMap<(Option<UnitCode>, u16), YearTotal> = BTreeMap::new();
    for r in rows {
        let (sc, sp) = (
            r.cadres.map_or(0, |h| h.surplus()),
            r.part_time.map_or(0, |h| h.surplus()),
        );
        for year in first..=last {
            if year < r.year_effective {
                continue;
            }
            let t = usize::from(year - r.year_effective);
            let (left_c, left_p) = (
                remaining_after(sc, profile, t),
                remaining_after(sp, profile, t),
            );
            let (new_c, new_p) = if t == 0 { (sc, sp) } else { (0, 0) };
            let (red_c, red_p) = if t == 0 {
                (0, 0)
            } else {
                (
                    remaining_after(sc, profile, t - 1).saturating_sub(left_c),
                    remaining_after(sp, profile, t - 1).saturating_sub(left_p),
                )
            };
            for scope in [Some(r.province.clone()), None] {
                let e = by
                    .entry((scope.clone(), year))
                    .or_insert_with(|| YearTotal {
                        province: scope,
                        year,
                        ..YearTotal::default()
                    });
                e.new_cadres += new_c;
                e.reduced_cadres += red_c;
                e.remaining_cadres += left_c;
                e.new_part_time += new_p;
                e.reduced_part_time += red_p;
                e.remaining_part_time += left_p;
            }
        }
    }
    // Fill years with no movement so that every scope has every year.
    let scopes: Vec<Option<UnitCode>> = {
        let mut s: Vec<Option<UnitCode>> = by.keys().map(|(p, _)| p.clone()).collect();
        s.dedup();
        s
    };
    for scope in scopes {
        for year in first..=last {
            by.entry((scope.clone(), year))
                .or_insert_with(|| YearTotal {
                    province: scope.clone(),
                    year,
                    ..YearTotal::default()
                });
        }
    }
    // Provinces first (Some sorts after None in Option's order), then all.
    let (mut provinces, all): (Vec<YearTotal>, Vec<YearTotal>) =
        by.into_values().partition(|t| t.province.is_some());
    provinces.extend(all);
    provinces
}
