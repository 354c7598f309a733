//! Inputs and outputs of the scheduler.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::reason::Reason;
use crate::model::{Level, Phase, UnitCode};

/// One merge group to schedule, filled by the caller from the plan.
///
/// # Invariants (checked by [`super::schedule`])
/// `group_id` is unique; `severity` is finite; `readiness` and `consent_share`,
/// when given, are in 0–1; every id in `depends_on` names another item of the
/// same province and of the same or an earlier phase; the dependencies have no
/// cycle; a district code belongs to one province only; the windows of the
/// phases are disjoint and in phase order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScheduleItem {
    /// Identifier of the merge group (as in `plan.csv`).
    pub group_id: String,
    /// The phase the merge belongs to.
    pub phase: Phase,
    /// The level of the merged units.
    pub level: Level,
    /// The district the merge belongs to: the parent district for commune
    /// merges; the new district's code for district merges. The per-district
    /// cap counts each merge against this code.
    pub district: UnitCode,
    /// The province of the merge. The per-province cap counts against it.
    pub province: UnitCode,
    /// `true` if the group resolves a unit the law requires to be arranged
    /// (NQ 35/2023 Điều 1 khoản 2/3); `false` for an encouraged ("khuyến
    /// khích") merge.
    pub mandatory: bool,
    /// Shortfall against the standard, larger = more severe; e.g.
    /// `1 − min(area_ratio, population_ratio)` of the worst target.
    pub severity: f64,
    /// Readiness for the merge, 0–1 (higher goes first), if known.
    pub readiness: Option<f64>,
    /// Share of voters in favour, 0–1 (higher goes first), if known.
    pub consent_share: Option<f64>,
    /// Groups that must take effect no later than this one: commune merges
    /// inside a merged district depend on that district merge.
    pub depends_on: Vec<String>,
}

/// One row of `schedule.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct ScheduleRow {
    /// The merge group.
    pub group_id: String,
    /// Its phase.
    pub phase: Phase,
    /// The year in which the merge takes effect.
    pub year: u16,
    /// Rank of the group in the priority order of its phase, 1 = first
    /// ([`super::compare_priority`]).
    pub priority: u32,
    /// Why the group has this priority and this year.
    pub reason: Reason,
}

/// The result of [`super::schedule`]: one row per group, sorted by phase, year,
/// priority.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schedule {
    /// The rows, sorted by `(phase, year, priority)`.
    pub rows: Vec<ScheduleRow>,
}

impl Schedule {
    /// The effective year of `group_id`, if it was scheduled.
    ///
    /// # Complexity
    /// O(n) for n rows.
    pub fn year_of(&self, group_id: &str) -> Option<u16> {
        self.rows
            .iter()
            .find(|r| r.group_id == group_id)
            .map(|r| r.year)
    }

    /// The effective year of every group, by group id.
    pub fn years(&self) -> BTreeMap<String, u16> {
        self.rows
            .iter()
            .map(|r| (r.group_id.clone(), r.year))
            .collect()
    }
}
