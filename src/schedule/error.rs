//! Errors of the scheduler, including the infeasibility report.

use std::fmt;

use thiserror::Error;

use crate::model::{Phase, UnitCode};

/// Why a schedule could not be made.
#[derive(Debug, Error, PartialEq)]
#[non_exhaustive]
pub enum ScheduleError {
    /// Two items have the same `group_id`.
    #[error("group `{group_id}` appears twice in the schedule input")]
    DuplicateGroup {
        /// The repeated id.
        group_id: String,
    },
    /// A numeric field is out of range (NaN, infinite, or a share outside 0–1).
    #[error("group `{group_id}`: {field} = {value} is invalid; expected {expected}")]
    InvalidValue {
        /// The group.
        group_id: String,
        /// The field (`severity`, `readiness`, `consent_share`).
        field: &'static str,
        /// The value found.
        value: f64,
        /// What was expected.
        expected: &'static str,
    },
    /// `depends_on` names no item.
    #[error("group `{group_id}` depends on `{depends_on}`, which is not in the schedule input")]
    UnknownDependency {
        /// The dependent group.
        group_id: String,
        /// The missing id.
        depends_on: String,
    },
    /// A group depends on a group of a later phase, which cannot take effect
    /// before it.
    #[error(
        "group `{group_id}` ({phase}) depends on `{depends_on}` of the later phase {dependency_phase}"
    )]
    DependencyInLaterPhase {
        /// The dependent group.
        group_id: String,
        /// Its phase.
        phase: Phase,
        /// The dependency.
        depends_on: String,
        /// The dependency's phase.
        dependency_phase: Phase,
    },
    /// A group depends on a group of another province.
    #[error("group `{group_id}` depends on `{depends_on}` of another province")]
    DependencyAcrossProvinces {
        /// The dependent group.
        group_id: String,
        /// The dependency.
        depends_on: String,
    },
    /// The dependencies form a cycle.
    #[error("the dependencies form a cycle through: {}", group_ids.join(", "))]
    DependencyCycle {
        /// The groups on a cycle, sorted.
        group_ids: Vec<String>,
    },
    /// Two phases' windows overlap or are out of phase order. Every year must
    /// belong to one phase, so that the caps of a year count all its merges.
    #[error(
        "the window of phase {later} ({later_first}–…) must start after the window of phase {earlier} (…–{earlier_last})"
    )]
    OverlappingWindows {
        /// The earlier phase.
        earlier: Phase,
        /// Last year of its window.
        earlier_last: u16,
        /// The later phase.
        later: Phase,
        /// First year of its window.
        later_first: u16,
    },
    /// The same district code is given with two provinces.
    #[error("district `{district}` is given in two provinces, `{first}` and `{second}`")]
    DistrictInTwoProvinces {
        /// The district.
        district: UnitCode,
        /// One province.
        first: UnitCode,
        /// The other province.
        second: UnitCode,
    },
    /// A window has its first year after its last.
    #[error("the window of phase {phase} is empty: {first}–{last}")]
    InvalidWindow {
        /// The phase.
        phase: Phase,
        /// First year.
        first: u16,
        /// Last year.
        last: u16,
    },
    /// The search tried more placements than `search_limit` without an answer.
    #[error(
        "the schedule search for province `{province}`, phase {phase}, gave up after {limit} placements; raise `search_limit` or relax the caps"
    )]
    SearchLimit {
        /// The phase.
        phase: Phase,
        /// The province.
        province: UnitCode,
        /// The limit hit.
        limit: u64,
    },
    /// The caps cannot fit every group of some phase into its window.
    #[error("{0}")]
    Infeasible(InfeasibilityReport),
}

/// What did not fit, per phase, and the smallest caps that would.
#[derive(Clone, Debug, PartialEq)]
pub struct InfeasibilityReport {
    /// One entry per infeasible phase, in phase order.
    pub phases: Vec<PhaseInfeasibility>,
}

/// One phase that the caps cannot fit.
///
/// The minimal caps are exact: the search is exhaustive and feasibility is
/// monotone in each cap, so a binary search over the cap finds the smallest
/// value for which a schedule exists; one less has none.
#[derive(Clone, Debug, PartialEq)]
pub struct PhaseInfeasibility {
    /// The phase.
    pub phase: Phase,
    /// The window in which the groups had to fit.
    pub window: (u16, u16),
    /// Provinces whose groups do not fit, sorted.
    pub provinces: Vec<UnitCode>,
    /// The smallest per-province cap that fits the phase with the district
    /// cap unchanged; `None` if that cap is not set, or if raising it alone
    /// cannot help (the district cap binds).
    pub min_cap_per_year_province: Option<u32>,
    /// The smallest per-district cap that fits the phase with the province
    /// cap unchanged; `None` if that cap is not set, or if raising it alone
    /// cannot help.
    pub min_cap_per_year_district: Option<u32>,
    /// When both caps are set and neither alone can be raised to fit: a pair
    /// `(province cap, district cap)` that fits, namely the smallest district
    /// cap with the province cap not binding, then the smallest province cap
    /// with that district cap (each province's pair, then the largest of each).
    pub joint_min_caps: Option<(u32, u32)>,
    /// Bundles (a district merge with the commune merges synchronised with
    /// it) larger than a cap: they can never fit in one year.
    pub oversized_bundles: Vec<OversizedBundle>,
}

/// A bundle of same-year merges that exceeds a cap on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OversizedBundle {
    /// The groups of the bundle, in priority order.
    pub group_ids: Vec<String>,
    /// Number of merges of the bundle counted against one district (the
    /// largest such count).
    pub per_district: u32,
    /// Number of merges of the bundle (counted against its province).
    pub total: u32,
}

impl fmt::Display for InfeasibilityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the caps per year cannot fit the plan")?;
        for p in &self.phases {
            write!(
                f,
                "; phase {} ({}–{}): provinces {}",
                p.phase,
                p.window.0,
                p.window.1,
                p.provinces
                    .iter()
                    .map(UnitCode::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )?;
            if let Some(c) = p.min_cap_per_year_province {
                write!(f, "; smallest cap per province that fits: {c}")?;
            }
            if let Some(c) = p.min_cap_per_year_district {
                write!(f, "; smallest cap per district that fits: {c}")?;
            }
            if let Some((cp, cd)) = p.joint_min_caps {
                write!(
                    f,
                    "; no single cap change fits; caps that fit together: {cp} per province and {cd} per district"
                )?;
            }
            // The largest bundles only: a national run can have dozens.
            let mut bundles: Vec<&OversizedBundle> = p.oversized_bundles.iter().collect();
            bundles.sort_by(|a, b| b.total.cmp(&a.total).then(a.group_ids.cmp(&b.group_ids)));
            for b in bundles.iter().take(3) {
                let mut ids = b.group_ids.clone();
                ids.sort();
                write!(
                    f,
                    "; the same-year bundle {} has {} merges ({} in one district), more than a cap allows",
                    ids.join("+"),
                    b.total,
                    b.per_district
                )?;
            }
            if bundles.len() > 3 {
                write!(f, "; and {} more such bundles", bundles.len() - 3)?;
            }
        }
        Ok(())
    }
}
