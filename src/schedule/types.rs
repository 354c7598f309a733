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

/// The years in which merges of a phase may take effect, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearWindow {
    /// First year.
    pub first: u16,
    /// Last year.
    pub last: u16,
}

impl YearWindow {
    /// Number of years in the window (0 if `first > last`).
    pub fn len(self) -> usize {
        if self.first > self.last {
            0
        } else {
            usize::from(self.last - self.first) + 1
        }
    }

    /// Whether the window holds no year.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// How a district merge and the commune merges inside it are synchronised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncRule {
    /// "Đồng bộ": the district merge and the commune merges that depend on it
    /// take effect in the same year. They are placed together as one bundle;
    /// the bundle counts once per merge against the caps of the year.
    #[default]
    SameYear,
    /// The district merge takes effect in the same year or earlier than each
    /// commune merge that depends on it.
    NotBefore,
}

/// Settings of the scheduler. Every field has a default, so an empty scenario
/// section schedules the law as written with no cap.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScheduleConfig {
    /// The year window of each phase (giving the map replaces all defaults).
    /// Defaults: 2024–2025 for 2023-2025 (NQ 35
    /// took effect on 19/07/2023; the provincial resolutions took effect from
    /// 01/09/2024, RULES.md §2.10), 2026–2030 for 2026-2030, 2019–2021 for the
    /// 2019-2021 round.
    pub windows: BTreeMap<Phase, YearWindow>,
    /// At most this many merges of one province take effect in one year.
    pub cap_per_year_province: Option<u32>,
    /// At most this many merges of one district take effect in one year.
    pub cap_per_year_district: Option<u32>,
    /// Synchronisation of district and commune merges.
    pub sync: SyncRule,
    /// Safety limit on the search: the number of (group, year) placements tried
    /// per province and phase before [`super::ScheduleError::SearchLimit`].
    /// Realistic inputs need about (groups × years) placements.
    pub search_limit: u64,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        let mut windows = BTreeMap::new();
        windows.insert(
            Phase::Round2019To2021,
            YearWindow {
                first: 2019,
                last: 2021,
            },
        );
        windows.insert(
            Phase::Phase2023To2025,
            YearWindow {
                first: 2024,
                last: 2025,
            },
        );
        windows.insert(
            Phase::Phase2026To2030,
            YearWindow {
                first: 2026,
                last: 2030,
            },
        );
        ScheduleConfig {
            windows,
            cap_per_year_province: None,
            cap_per_year_district: None,
            sync: SyncRule::SameYear,
            search_limit: 200_000,
        }
    }
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

impl From<&crate::scenario::ScheduleConfig> for ScheduleConfig {
    /// The `[schedule]` section of a scenario file: phase windows, caps and
    /// synchronisation; the search limit keeps its default.
    fn from(s: &crate::scenario::ScheduleConfig) -> Self {
        let mut c = ScheduleConfig::default();
        let window = |(first, last): (u16, u16)| YearWindow { first, last };
        c.windows
            .insert(Phase::Phase2023To2025, window(s.phase1_years));
        c.windows
            .insert(Phase::Phase2026To2030, window(s.phase2_years));
        c.cap_per_year_province = s.cap_per_year_province;
        c.cap_per_year_district = s.cap_per_year_district;
        c.sync = match s.sync {
            crate::scenario::SyncRule::SameYear => SyncRule::SameYear,
            crate::scenario::SyncRule::NotBefore => SyncRule::NotBefore,
        };
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_scenario_section() {
        let s = crate::scenario::ScheduleConfig {
            phase1_years: (2024, 2024),
            cap_per_year_district: Some(2),
            sync: crate::scenario::SyncRule::NotBefore,
            ..crate::scenario::ScheduleConfig::default()
        };
        let c = ScheduleConfig::from(&s);
        assert_eq!(
            c.windows[&Phase::Phase2023To2025],
            YearWindow {
                first: 2024,
                last: 2024
            }
        );
        assert_eq!(c.windows[&Phase::Phase2026To2030].last, 2030);
        assert_eq!(
            (c.cap_per_year_province, c.cap_per_year_district, c.sync),
            (None, Some(2), SyncRule::NotBefore)
        );
    }

    #[test]
    fn toml_section() {
        let c: ScheduleConfig = toml::from_str(
            "cap_per_year_province = 5\nsync = \"not_before\"\n[windows.\"2023-2025\"]\nfirst = 2024\nlast = 2025\n",
        )
        .unwrap();
        assert_eq!(c.cap_per_year_province, Some(5));
        assert_eq!(c.sync, SyncRule::NotBefore);
        assert_eq!(c.windows.len(), 1, "a given map replaces the defaults");
    }
}
