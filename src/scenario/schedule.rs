//! The `[schedule]` table of a scenario: the scheduler's year windows, caps
//! and synchronisation (docs/architecture.md, "Principles": "thận trọng,
//! không nóng vội").
//!
//! ```toml
//! [schedule]
//! phase1_years = [2024, 2025]
//! phase2_years = [2026, 2030]
//! cap_per_year_province = 40
//! cap_per_year_district = 3
//! sync = "same_year"            # same_year | not_before
//! priority = ["mandatory", "readiness", "consent", "severity"]
//! mode = "earliest"             # earliest | level
//! min_gap_years = 0             # with not_before: years between a district
//!                               # merge and the commune merges inside it
//! ```

use serde::{Deserialize, Serialize};

use crate::model::Phase;

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

/// One criterion of the priority order of merge groups ("thứ tự thực
/// hiện"): the `[schedule] priority` list of a scenario is a lexicographic
/// key made of these, e.g. `priority = ["mandatory", "readiness", "consent",
/// "severity"]` (the default).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriorityKey {
    /// Mandatory groups (NQ 35/2023 Điều 1 khoản 2/3) before encouraged ones.
    Mandatory,
    /// Higher readiness first; a group without one after every group with one.
    Readiness,
    /// Higher share of voters in favour first; unknown after known.
    Consent,
    /// The most severe shortfall against the standard first.
    Severity,
}

impl PriorityKey {
    /// The default key: mandatory, readiness, consent, severity (the
    /// conditions of each place before its shortfall; issue #16).
    pub const DEFAULT: &'static [PriorityKey] = &[
        PriorityKey::Mandatory,
        PriorityKey::Readiness,
        PriorityKey::Consent,
        PriorityKey::Severity,
    ];
}

/// How the scheduler chooses the years of a phase.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScheduleMode {
    /// The earliest feasible schedule in priority order: every group as
    /// early as the caps allow.
    #[default]
    Earliest,
    /// "Thận trọng, không nóng vội": the load levelled across the window.
    /// Per province and phase, the largest yearly number of merges is
    /// minimised within the caps, then the busiest years of the phase (over
    /// the provinces already placed) are lowered first; groups then take the
    /// earliest years in priority order under those yearly caps.
    Level,
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

impl From<(u16, u16)> for YearWindow {
    fn from((first, last): (u16, u16)) -> Self {
        YearWindow { first, last }
    }
}

/// The years a scenario's windows may name (absurd windows, up to 65535,
/// made scheduling take minutes).
pub const YEARS: std::ops::RangeInclusive<u16> = 2000..=2100;

/// A `[first, last]` pair: exactly two years (a longer array was accepted,
/// its extra elements ignored).
fn de_years<'de, D: serde::Deserializer<'de>>(d: D) -> Result<(u16, u16), D::Error> {
    let v = Vec::<u16>::deserialize(d)?;
    match v.as_slice() {
        [a, b] => Ok((*a, *b)),
        _ => Err(serde::de::Error::custom(format!(
            "expected [first, last], two years; found {} value(s)",
            v.len()
        ))),
    }
}

/// Settings of the scheduler (the `[schedule]` table): year windows, caps
/// and synchronisation. Every field has a default, so an empty table
/// schedules the law as written with no cap.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleConfig {
    /// First and last effective year of phase 1 (2023–2025) merges. Default
    /// 2024–2025: NQ 35 took effect on 19/07/2023 and the provincial
    /// resolutions from 01/09/2024 (docs/legal-basis.md, "Phases").
    #[serde(deserialize_with = "de_years")]
    pub phase1_years: (u16, u16),
    /// First and last effective year of phase 2 (2026–2030) merges.
    #[serde(deserialize_with = "de_years")]
    pub phase2_years: (u16, u16),
    /// At most this many merges of one province take effect in one year.
    pub cap_per_year_province: Option<u32>,
    /// At most this many merges of one district take effect in one year.
    pub cap_per_year_district: Option<u32>,
    /// Synchronisation of district and commune merges.
    pub sync: SyncRule,
    /// How the years are chosen (default `earliest`).
    pub mode: ScheduleMode,
    /// With `sync = "not_before"`: at least this many years between a
    /// district merge and the commune merges inside it (default 0).
    pub min_gap_years: u16,
    /// The priority order: a lexicographic key, each criterion at most once
    /// (default [`PriorityKey::DEFAULT`]); `group_id` breaks the last ties.
    pub priority: Vec<PriorityKey>,
    /// Safety limit on the search: the number of (group, year) placements
    /// tried per province and phase before the scheduler gives up
    /// (`ScheduleError::SearchLimit`). Realistic inputs need about
    /// (groups × years) placements. Not a scenario key.
    #[serde(skip)]
    pub search_limit: u64,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            phase1_years: (2024, 2025),
            phase2_years: (2026, 2030),
            cap_per_year_province: None,
            cap_per_year_district: None,
            sync: SyncRule::SameYear,
            priority: PriorityKey::DEFAULT.to_vec(),
            mode: ScheduleMode::Earliest,
            min_gap_years: 0,
            search_limit: 200_000,
        }
    }
}

impl ScheduleConfig {
    /// The year window of `phase`: the two NQ 35 phases from the settings;
    /// the 2019–2021 round its own years (for backtests); the 2025 round
    /// its single year, 2025 (NQ 76/2025 takes effect on 01/07/2025).
    pub fn window(&self, phase: Phase) -> YearWindow {
        match phase {
            Phase::Phase2023To2025 => self.phase1_years.into(),
            Phase::Phase2026To2030 => self.phase2_years.into(),
            Phase::Round2019To2021 => (2019, 2021).into(),
            Phase::Round2025 => (2025, 2025).into(),
        }
    }

    /// The first problem found, as (field, message).
    pub(crate) fn problem(&self) -> Option<(&'static str, String)> {
        for (field, (a, b)) in [
            ("schedule.phase1_years", self.phase1_years),
            ("schedule.phase2_years", self.phase2_years),
        ] {
            if a > b {
                return Some((field, format!("[{a}, {b}]: first year after last")));
            }
            if !YEARS.contains(&a) || !YEARS.contains(&b) {
                return Some((
                    field,
                    format!(
                        "[{a}, {b}]: years must lie in {}–{}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                ));
            }
        }
        if self.min_gap_years > 0 && self.sync == SyncRule::SameYear {
            return Some((
                "schedule.min_gap_years",
                format!(
                    "{} years between a district merge and the commune merges inside it needs sync = \"not_before\"",
                    self.min_gap_years
                ),
            ));
        }
        for (i, k) in self.priority.iter().enumerate() {
            if self.priority[..i].contains(k) {
                return Some((
                    "schedule.priority",
                    format!("{k:?} is listed twice; list each criterion at most once"),
                ));
            }
        }
        for (field, cap) in [
            ("schedule.cap_per_year_province", self.cap_per_year_province),
            ("schedule.cap_per_year_district", self.cap_per_year_district),
        ] {
            if cap == Some(0) {
                return Some((field, "a cap must be at least 1".into()));
            }
        }
        None
    }
}
