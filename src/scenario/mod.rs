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
//! exempt_partners = ["E5"]      # exemptions whose units may be merge partners (default none)
//! district_kind = "keep_legal"  # keep_legal | convert: how a district merge stays legal
//! encouraged = ["00004"]        # units the province chooses to arrange (khuyến khích)
//! targets = ["00004", "00007"]  # the committee's list: plan exactly these in the first phase
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
//! order = ["unresolved", "disappearing", "compactness"]
//! [objective.weights]           # optional weighted sum, compared first
//! unresolved = 1000000000       # the default's weights: calibrated, docs/calibration.md
//! disappearing = 100000
//! border_share = 30
//! area_log = 5
//! population_log = 2
//! area_shortfall = 2
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

use serde::Deserialize;
use thiserror::Error;

mod regionalize;
mod schedule;
mod staffing;
mod targets;

pub use regionalize::{MAX_TIME_LIMIT_S, RegionalizeConfig, Within};
pub use schedule::{PriorityKey, ScheduleConfig, ScheduleMode, SyncRule, YearWindow};
pub use staffing::{NewUnitClass, StaffingConfig};
pub use targets::{TargetsError, read_targets};

use crate::lang::Lang;
use crate::legal::DistrictKindMode;
use crate::model::UnitCode;
use crate::planner::{Objective, StandardMode, Term, Weights};

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
    /// Sets of units fixed as one group, exactly: formed as given wherever
    /// two or more of them share a parent; the planner adds no unit to it.
    pub merge_together: Vec<Vec<UnitCode>>,
    /// Pairs that must not end in the same group.
    pub forbidden_pairs: Vec<(UnitCode, UnitCode)>,
    /// Groups fixed in one phase only (`reorg evaluate`): each is formed
    /// exactly as given in that phase when all its members share a parent
    /// there; not read from a scenario file.
    #[serde(skip)]
    pub fixed: Vec<(crate::model::Phase, Vec<UnitCode>)>,
    /// Only fixed groups are formed: every other unit is kept out of merges
    /// (`reorg evaluate` without `--complete`); not read from a scenario file.
    #[serde(skip)]
    pub only_fixed: bool,
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

fn de_exempt_partners<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum ExemptPartnersValue {
        Switch(bool),
        Codes(Vec<String>),
    }
    match ExemptPartnersValue::deserialize(d).map_err(|_| {
        serde::de::Error::custom(
            "expected a list of exemption codes, e.g. exempt_partners = [\"E5\", \"E6\"]",
        )
    })? {
        ExemptPartnersValue::Switch(false) => Ok(Vec::new()),
        ExemptPartnersValue::Switch(true) => Err(serde::de::Error::custom(
            "exempt_partners = true is no longer accepted: list the exemption codes whose units \
             may be merge partners, e.g. exempt_partners = [\"E5\", \"E6\"] (E1 are islands and \
             isolated units; E6 units merged in phase 1); false or [] means none",
        )),
        ExemptPartnersValue::Codes(codes) => {
            if let Some(bad) = codes.iter().find(|c| c.trim().is_empty()) {
                return Err(serde::de::Error::custom(format!(
                    "exemption code '{bad}': expected a code such as \"E5\""
                )));
            }
            Ok(codes)
        }
    }
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
    /// The scenario's title as the report shows it (e.g. "Phương án 2:
    /// ưu tiên giữ tên cũ"); empty: a readable title is derived (see
    /// [`Scenario::display_title`]).
    pub title: String,
    /// Rule set: a built-in name (`nq35-2023`, `nq653-2019`) or a path.
    pub rules: String,
    /// K: the largest number of units in one merge (default 4).
    pub max_group_size: usize,
    /// Soft or hard new-unit standard (NQ 35 Điều 4; docs/legal-basis.md §2.5: approved
    /// merges below the area standard exist, so soft is the default).
    pub new_unit_standard: StandardMode,
    /// Exemption codes (e.g. `E5`, `E6`) whose units may serve as merge
    /// partners; a unit is a partner only if every exemption it has is
    /// listed (default none). The old `false` means none; `true` is refused
    /// with a message naming the codes to list (it let island units (E1) and
    /// units merged in phase 1 (E6) be merged again).
    #[serde(deserialize_with = "de_exempt_partners")]
    pub exempt_partners: Vec<String>,
    /// How a district merge keeps the map legal (Hiến pháp 2013 Điều 110):
    /// `keep_legal` (default) proposes only merges whose kind holds every
    /// commune as it is; `convert` proposes the commune conversions that make
    /// it legal. See [`DistrictKindMode`].
    pub district_kind: DistrictKindMode,
    /// Units the province encourages to arrange: treated as targets.
    pub encouraged: Vec<UnitCode>,
    /// The committee's list for the first phase (`None`: no list). When
    /// given, the first phase's targets are exactly these units (mandatory
    /// or not); the mandatory units left off are deferred, listed with the
    /// reason "deferred by the province", and assessed again in the next
    /// phase. `reorg plan --targets FILE` sets it from a file of codes or
    /// names.
    pub targets: Option<Vec<UnitCode>>,
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

/// The default scenario's objective (`mac-dinh`, scenarios/mac-dinh.toml):
/// the weights fitted on the 2019–2021 round by `reorg calibrate data/vn/2019
/// --actual data/vn/backtest/merges_2019_2021.csv --passes 2`
/// (docs/calibration.md), then `disappearing, compactness` to break ties.
/// Unresolved targets weigh 10⁹, so every target that can be grouped is
/// grouped first; then fewer units disappearing (pairs), the border share
/// seen from each member, smaller new units (ln of area and population
/// ratios) and a small penalty for the area a new unit lacks. The
/// standards-first order it replaced is the preset `dat-chuan`
/// ([`standards_first_objective`]).
pub fn calibrated_objective() -> Objective {
    Objective {
        order: vec![Term::Unresolved, Term::Disappearing, Term::Compactness],
        weights: Some(Weights {
            unresolved: 1_000_000_000,
            disappearing: 100_000,
            border_share: 30,
            area_log: 5,
            population_log: 2,
            area_shortfall: 2,
            ..Weights::default()
        }),
    }
}

/// The objective of the preset `dat-chuan` (scenarios/dat-chuan.toml): the
/// planner's documented standards-first order (docs/architecture.md), the
/// default before #12. New units that meet the standards come first, so
/// groups are often of 3–4 units.
pub fn standards_first_objective() -> Objective {
    Objective::default()
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            name: "mac-dinh".to_string(),
            title: String::new(),
            rules: "nq35-2023".to_string(),
            max_group_size: 4,
            new_unit_standard: StandardMode::Soft,
            exempt_partners: Vec::new(),
            district_kind: DistrictKindMode::KeepLegal,
            encouraged: Vec::new(),
            targets: None,
            language: Lang::Vi,
            locks: Locks::default(),
            objective: calibrated_objective(),
            oversize_multiple: 5.0,
            growth: Growth::default(),
            schedule: ScheduleConfig::default(),
            staffing: StaffingConfig::default(),
            regionalize: RegionalizeConfig::default(),
        }
    }
}

impl Scenario {
    /// The title a report shows: [`Scenario::title`] if set, a readable
    /// title for the default scenario, else the name with its dashes and
    /// underscores as spaces (never the bare slug of the default).
    pub fn display_title(&self, lang: Lang) -> String {
        if !self.title.trim().is_empty() {
            return self.title.trim().to_string();
        }
        if self.name == Scenario::default().name {
            return lang
                .pick(
                    "Phương án mặc định (áp dụng đúng quy định, các giả định mặc định)",
                    "Default scenario (the law as written, default assumptions)",
                )
                .to_string();
        }
        self.name.replace(['-', '_'], " ")
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
        let bytes = crate::io::read::read_capped(path, crate::io::read::MAX_TOML_BYTES).map_err(
            |source| ScenarioError::Io {
                path: path.to_path_buf(),
                source,
            },
        )?;
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
        let mut sc = Scenario::from_toml_str(text, path)?;
        // A relative rule-set path is the scenario's neighbour, wherever
        // reorg runs from.
        let rules = Path::new(&sc.rules);
        if !crate::rules::BUILTIN_NAMES.contains(&sc.rules.as_str())
            && rules.is_relative()
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        {
            sc.rules = dir.join(rules).to_string_lossy().into_owned();
        }
        Ok(sc)
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
        for (field, y) in [
            ("growth.base_year", g.base_year),
            ("growth.phase2_year", g.phase2_year),
        ] {
            if !schedule::YEARS.contains(&y) {
                return Err(invalid(
                    field,
                    format!(
                        "{y}: years must lie in {}–{}",
                        schedule::YEARS.start(),
                        schedule::YEARS.end()
                    ),
                ));
            }
        }
        if g.phase2_year < g.base_year {
            return Err(invalid(
                "growth.phase2_year",
                format!("{} is before base_year {}", g.phase2_year, g.base_year),
            ));
        }
        if let Some((field, message)) = self.schedule.problem() {
            return Err(invalid(field, message));
        }
        if let Some((field, message)) = self.staffing.problem() {
            return Err(invalid(field, message));
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
    use crate::model::{Phase, UnitClass};

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
exempt_partners = ["E5", "E6"]
district_kind = "convert"
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
        assert_eq!(s.exempt_partners, vec!["E5", "E6"]);
        assert_eq!(s.district_kind, DistrictKindMode::Convert);
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
    fn exempt_partners_false_is_none_and_true_is_refused_with_the_codes_to_list() {
        assert!(
            parse("exempt_partners = false")
                .unwrap()
                .exempt_partners
                .is_empty()
        );
        let err = parse("name = \"a\"\nexempt_partners = true\n").unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("s.toml:2:"), "{text}");
        assert!(text.contains("[\"E5\", \"E6\"]"), "{text}");
        assert!(parse("exempt_partners = \"E5\"").is_err());
        assert!(parse("district_kind = \"upgrade\"").is_err());
    }

    #[test]
    fn line_col_counts_characters() {
        assert_eq!(line_col("ab\nxyz", 4), (2, 2));
        assert_eq!(line_col("đ\nx", 3), (2, 1));
    }
}
