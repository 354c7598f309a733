//! Scenario files: the planner's choices, as TOML.
//!
//! Every field is optional: an empty file (or no file) is the law as written
//! with the defaults documented on each field. Unknown keys are rejected so a
//! typo never silently falls back to a default.
//!
//! ```toml
//! name = "phuong-an-1"          # report folder name: reports/phuong-an-1/
//! rules = "nq35-2023"           # built-in rule set or a path to a TOML rule set
//! max_group_size = 4            # K: at most K units per merge
//! new_unit_standard = "soft"    # soft: below-standard new units allowed (cost); hard: forbidden
//! exempt_partners = false       # may exempt units be merge partners?
//! encouraged = ["00004"]        # units the province chooses to arrange (khuyến khích)
//! language = "vi"               # report language: vi | en
//!
//! [locks]
//! never_merge = ["00001"]
//! merge_together = [["00006", "00007"]]
//! forbidden_pairs = [["00010", "00013"]]
//!
//! oversize_multiple = 5.0       # a new unit above 5× its population standard is "oversize"
//!
//! [objective]                   # lexicographic order of the cost terms
//! order = ["unresolved", "below_standard", "pulled_in", "pulled_in_people",
//!          "disappearing", "compactness", "oversize"]
//!
//! [growth]
//! rate = 0.0                    # yearly population growth for the phase-2 projection
//! base_year = 2019              # year of the population figures (2019 census)
//! phase2_year = 2026            # year phase 2 is assessed at
//!
//! [schedule]
//! phase1_years = [2024, 2025]
//! phase2_years = [2026, 2030]
//! cap_per_year_province = 40
//! cap_per_year_district = 3
//! sync = "same_year"            # district merge and its commune merges: same_year | not_before
//!
//! [staffing]
//! attrition = [0.2, 0.2, 0.2, 0.2, 0.2]   # share of the surplus removed in years 1..5 after the merge
//! default_class = "III"
//!
//! [regionalize]                 # reorg regionalize: see [`RegionalizeConfig`]
//! within = "province"
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod regionalize;

pub use regionalize::{RegionalizeConfig, Within};

use crate::lang::Lang;
use crate::model::{Phase, UnitClass, UnitCode};
use crate::planner::{Objective, StandardMode};

/// A scenario could not be read.
#[derive(Debug, Error)]
pub enum ScenarioError {
    /// The file could not be read.
    #[error("{path}: cannot read the scenario file: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML is invalid or a value has the wrong type or an unknown key.
    #[error("{path}:{line}:{column}: invalid scenario: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was expected.
        message: String,
    },
    /// A value is out of its allowed range.
    #[error("{path}: invalid scenario value for '{field}': {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The field.
        field: &'static str,
        /// What was expected.
        message: String,
    },
}

/// Locks set by the province.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Locks {
    /// Units that must not take part in any merge.
    pub never_merge: Vec<UnitCode>,
    /// Sets of units that, if any of them merges, must end in the same group.
    pub merge_together: Vec<Vec<UnitCode>>,
    /// Pairs that must not end in the same group.
    pub forbidden_pairs: Vec<(UnitCode, UnitCode)>,
}

/// Population projection for phase 2.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Growth {
    /// Yearly growth rate (0.01 = 1%/year); a unit's `growth_rate` column overrides it.
    pub rate: f64,
    /// Year of the population figures in the data (2019 census).
    pub base_year: u16,
    /// Year at which phase 2 is assessed.
    pub phase2_year: u16,
}

impl Default for Growth {
    fn default() -> Self {
        Growth {
            rate: 0.0,
            base_year: 2019,
            phase2_year: 2026,
        }
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

/// Settings of the scheduler (the `[schedule]` table): year windows, caps
/// and synchronisation. Every field has a default, so an empty table
/// schedules the law as written with no cap.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScheduleConfig {
    /// First and last effective year of phase 1 (2023–2025) merges. Default
    /// 2024–2025: NQ 35 took effect on 19/07/2023 and the provincial
    /// resolutions from 01/09/2024 (docs/legal-basis.md, "Phases").
    pub phase1_years: (u16, u16),
    /// First and last effective year of phase 2 (2026–2030) merges.
    pub phase2_years: (u16, u16),
    /// At most this many merges of one province take effect in one year.
    pub cap_per_year_province: Option<u32>,
    /// At most this many merges of one district take effect in one year.
    pub cap_per_year_district: Option<u32>,
    /// Synchronisation of district and commune merges.
    pub sync: SyncRule,
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
}

/// How the class of a new unit is chosen when the caller gives none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NewUnitClass {
    /// The class of the largest pre-merge unit by population (ties: smallest
    /// code), until the new unit is classified again (docs/legal-basis.md,
    /// "Staffing", \[U\]).
    #[default]
    LargestMember,
    /// A fixed class.
    Fixed(UnitClass),
}

/// Settings of the staffing computation (the `[staffing]` table).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffingConfig {
    /// Share of the surplus removed in each year after the merge takes effect;
    /// 1 to 5 entries (NQ 35 Điều 11 khoản 3: within 5 years), summing to 1.
    /// Default 20% a year for 5 years, \[U\].
    pub attrition: Vec<f64>,
    /// Class assumed for an existing commune whose `class` is empty (default
    /// III, \[U\]).
    #[serde(deserialize_with = "de_class")]
    pub default_class: UnitClass,
    /// Class of a new unit whose class is empty. Not a scenario key.
    #[serde(skip)]
    pub new_unit_class: NewUnitClass,
    /// First year of the totals table (default 2024). Not a scenario key.
    #[serde(skip)]
    pub totals_first_year: u16,
    /// Last year of the totals table (default 2035: the deadline of a merge
    /// in 2030). Not a scenario key.
    #[serde(skip)]
    pub totals_last_year: u16,
}

impl Default for StaffingConfig {
    fn default() -> Self {
        StaffingConfig {
            attrition: vec![0.2; 5],
            default_class: UnitClass::III,
            new_unit_class: NewUnitClass::LargestMember,
            totals_first_year: 2024,
            totals_last_year: 2035,
        }
    }
}

fn de_class<'de, D: serde::Deserializer<'de>>(d: D) -> Result<UnitClass, D::Error> {
    let s = String::deserialize(d)?;
    UnitClass::parse(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("class '{s}': expected I, II or III")))
}

fn de_lang<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
    let s = String::deserialize(d)?;
    Lang::parse(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("language '{s}': expected vi or en")))
}

/// A planning scenario. Every field has a default: see the module docs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scenario {
    /// Scenario name; the default report folder is `reports/<name>/`.
    pub name: String,
    /// Rule set: a built-in name (`nq35-2023`, `nq653-2019`) or a path.
    pub rules: String,
    /// K: the largest number of units in one merge (default 4).
    pub max_group_size: usize,
    /// Soft or hard new-unit standard (NQ 35 Điều 4; docs/legal-basis.md §2.5: approved
    /// merges below the area standard exist, so soft is the default).
    pub new_unit_standard: StandardMode,
    /// Whether exempt units may be merge partners (default false).
    pub exempt_partners: bool,
    /// Units the province encourages to arrange: treated as targets.
    pub encouraged: Vec<UnitCode>,
    /// Report language (`vi` or `en`).
    #[serde(deserialize_with = "de_lang")]
    pub language: Lang,
    /// Locks.
    pub locks: Locks,
    /// Objective: lexicographic order of the cost terms, optional weights.
    pub objective: Objective,
    /// Population multiple of the standard above which a new unit is
    /// "oversize" (objective term 6). A planning choice, not a legal figure.
    pub oversize_multiple: f64,
    /// Growth projection.
    pub growth: Growth,
    /// Schedule.
    pub schedule: ScheduleConfig,
    /// Staffing.
    pub staffing: StaffingConfig,
    /// Settings of `reorg regionalize` (max-p regions).
    pub regionalize: RegionalizeConfig,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "mac-dinh".to_string(),
            rules: "nq35-2023".to_string(),
            max_group_size: 4,
            new_unit_standard: StandardMode::Soft,
            exempt_partners: false,
            encouraged: Vec::new(),
            language: Lang::Vi,
            locks: Locks::default(),
            objective: Objective::default(),
            oversize_multiple: 5.0,
            growth: Growth::default(),
            schedule: ScheduleConfig::default(),
            staffing: StaffingConfig::default(),
            regionalize: RegionalizeConfig::default(),
        }
    }
}

/// Converts a byte offset into a 1-based (line, column), counting characters.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = 1 + before.matches('\n').count();
    let col = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, col)
}

impl Scenario {
    /// Parses a scenario from TOML text; `path` is only used in messages.
    ///
    /// # Errors
    /// [`ScenarioError::Parse`] with line and column for syntax errors, wrong
    /// types and unknown keys; [`ScenarioError::Invalid`] for out-of-range values.
    pub fn from_toml_str(text: &str, path: &Path) -> Result<Scenario, ScenarioError> {
        let sc: Scenario = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
            ScenarioError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: e.message().to_string(),
            }
        })?;
        sc.validate(path)?;
        Ok(sc)
    }

    /// Reads and parses a scenario file.
    ///
    /// # Errors
    /// As [`Scenario::from_toml_str`], plus [`ScenarioError::Io`].
    pub fn load(path: &Path) -> Result<Scenario, ScenarioError> {
        let bytes = std::fs::read(path).map_err(|source| ScenarioError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let (line, column) = line_col(
                &String::from_utf8_lossy(e.as_bytes()),
                e.utf8_error().valid_up_to(),
            );
            ScenarioError::Parse {
                path: path.to_path_buf(),
                line,
                column,
                message: "the file is not valid UTF-8".into(),
            }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        Scenario::from_toml_str(text, path)
    }

    fn validate(&self, path: &Path) -> Result<(), ScenarioError> {
        let invalid = |field, message: String| ScenarioError::Invalid {
            path: path.to_path_buf(),
            field,
            message,
        };
        if self.name.is_empty()
            || !self
                .name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_' || c == '.')
            || self.name.starts_with('.')
        {
            return Err(invalid(
                "name",
                format!(
                    "'{}' must be non-empty and use only letters, digits, '-', '_' or '.' (it names a folder)",
                    self.name
                ),
            ));
        }
        if !(2..=12).contains(&self.max_group_size) {
            return Err(invalid(
                "max_group_size",
                format!("{} must be between 2 and 12", self.max_group_size),
            ));
        }
        let g = &self.growth;
        if !g.rate.is_finite() || g.rate <= -1.0 {
            return Err(invalid(
                "growth.rate",
                format!("{} must be a number above -1", g.rate),
            ));
        }
        if g.phase2_year < g.base_year {
            return Err(invalid(
                "growth.phase2_year",
                format!("{} is before base_year {}", g.phase2_year, g.base_year),
            ));
        }
        for (field, (a, b)) in [
            ("schedule.phase1_years", self.schedule.phase1_years),
            ("schedule.phase2_years", self.schedule.phase2_years),
        ] {
            if a > b {
                return Err(invalid(field, format!("[{a}, {b}]: first year after last")));
            }
        }
        for (field, cap) in [
            (
                "schedule.cap_per_year_province",
                self.schedule.cap_per_year_province,
            ),
            (
                "schedule.cap_per_year_district",
                self.schedule.cap_per_year_district,
            ),
        ] {
            if cap == Some(0) {
                return Err(invalid(field, "a cap must be at least 1".into()));
            }
        }
        let att = &self.staffing.attrition;
        let sum: f64 = att.iter().sum();
        if att.is_empty()
            || att.len() > 5
            || att.iter().any(|x| !x.is_finite() || *x < 0.0)
            || (sum - 1.0).abs() > 1e-6
        {
            return Err(invalid(
                "staffing.attrition",
                format!(
                    "{att:?}: expected 1 to 5 non-negative shares summing to 1 (NQ 35 Điều 11: within 5 years)"
                ),
            ));
        }
        let ov = self.oversize_multiple;
        if !ov.is_finite() || ov < 1.0 {
            return Err(invalid(
                "oversize_multiple",
                format!("{ov} must be at least 1"),
            ));
        }
        if self.objective.order.is_empty() {
            return Err(invalid(
                "objective.order",
                "must list at least one term".into(),
            ));
        }
        if let Some((field, message)) = self.regionalize.problem() {
            return Err(invalid(field, message));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_toml_str(text, Path::new("s.toml"))
    }

    #[test]
    fn empty_file_is_the_default() {
        assert_eq!(parse("").unwrap(), Scenario::default());
    }

    #[test]
    fn full_example_from_docs_parses() {
        let text = r#"
name = "phuong-an-1"
rules = "nq35-2023"
max_group_size = 3
new_unit_standard = "hard"
exempt_partners = true
encouraged = ["00004"]
language = "en"
oversize_multiple = 4.0
[locks]
never_merge = ["00001"]
merge_together = [["00006", "00007"]]
forbidden_pairs = [["00010", "00013"]]
[objective]
order = ["unresolved", "disappearing"]
[growth]
rate = 0.01
[schedule]
phase1_years = [2024, 2025]
cap_per_year_province = 40
sync = "not_before"
[staffing]
attrition = [0.5, 0.5]
default_class = "II"
"#;
        let s = parse(text).unwrap();
        assert_eq!(s.name, "phuong-an-1");
        assert_eq!(s.max_group_size, 3);
        assert_eq!(s.new_unit_standard, StandardMode::Hard);
        assert_eq!(s.language, Lang::En);
        assert_eq!(
            s.locks.forbidden_pairs,
            vec![(UnitCode::from("00010"), UnitCode::from("00013"))]
        );
        assert_eq!(
            s.objective.order,
            vec![
                crate::planner::Term::Unresolved,
                crate::planner::Term::Disappearing
            ]
        );
        assert_eq!(s.schedule.sync, SyncRule::NotBefore);
        assert_eq!(s.staffing.default_class, UnitClass::II);
        assert_eq!(s.growth.base_year, 2019);
    }

    #[test]
    fn the_schedule_table_gives_the_windows() {
        let s = parse("[schedule]\nphase1_years = [2024, 2024]\ncap_per_year_district = 2\nsync = \"not_before\"\n")
            .unwrap();
        let c = &s.schedule;
        assert_eq!(
            c.window(Phase::Phase2023To2025),
            YearWindow {
                first: 2024,
                last: 2024
            }
        );
        assert_eq!(c.window(Phase::Phase2026To2030), (2026, 2030).into());
        assert_eq!(c.window(Phase::Round2019To2021), (2019, 2021).into());
        assert_eq!(c.window(Phase::Round2025), (2025, 2025).into());
        assert_eq!(
            (c.cap_per_year_province, c.cap_per_year_district, c.sync),
            (None, Some(2), SyncRule::NotBefore)
        );
        assert_eq!(c.search_limit, ScheduleConfig::default().search_limit);
        // Internal settings are not scenario keys.
        assert!(parse("[schedule]\nsearch_limit = 5\n").is_err());
        assert!(parse("[staffing]\ntotals_last_year = 2040\n").is_err());
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let err = parse("name = \"a\"\nmax_groupsize = 3\n").unwrap_err();
        match err {
            ScenarioError::Parse { line, column, .. } => assert_eq!((line, column), (2, 1)),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_line() {
        let err = parse("[growth]\nrate = \"high\"\n").unwrap_err();
        assert!(err.to_string().starts_with("s.toml:2:"), "{err}");
    }

    #[test]
    fn out_of_range_values_are_rejected() {
        for text in [
            "max_group_size = 1",
            "[staffing]\nattrition = [0.5]",
            "[staffing]\nattrition = [0.1,0.1,0.1,0.1,0.1,0.5]",
            "[schedule]\ncap_per_year_district = 0",
            "name = \"../x\"",
            "[schedule]\nphase1_years = [2025, 2024]",
        ] {
            assert!(
                matches!(parse(text), Err(ScenarioError::Invalid { .. })),
                "{text}"
            );
        }
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nxyz", 4), (2, 2));
        assert_eq!(line_col("đ\nx", 3), (2, 1));
    }
}
