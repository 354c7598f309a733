//! The `[regionalize]` table of a scenario: the settings of
//! `reorg regionalize` (max-p regions), so that a province's "what if every
//! new unit met the standard?" run is a file it can keep and compare.
//!
//! ```toml
//! rules = "nq76-2025"           # the standard each region must meet (top-level key)
//!
//! [regionalize]
//! within = "province"           # district | province | country
//! # pop = 16000                 # fixed thresholds instead of the rule set
//! # area = 30
//! max_neighbourhood = 32        # 16–64: larger finds more regions, slower
//! # time_limit = 60            # seconds
//! # group_exemptions = false    # every new unit meets its standard (no N4)
//! ```

use serde::Deserialize;

/// The largest `--time-limit` (and scenario `time_limit`), in seconds: a
/// week. Larger values (`1e19`) overflowed the clock and panicked.
pub const MAX_TIME_LIMIT_S: f64 = 7.0 * 86_400.0;

/// The scope regions must stay inside.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Within {
    /// The unit's district (commune level only).
    District,
    /// The unit's province.
    Province,
    /// No constraint: across the whole graph.
    Country,
}

impl Within {
    /// The CLI token (`district`, `province`, `country`).
    pub fn as_str(self) -> &'static str {
        match self {
            Within::District => "district",
            Within::Province => "province",
            Within::Country => "country",
        }
    }
}

/// Settings of `reorg regionalize`; flags on the command line win.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RegionalizeConfig {
    /// Regions stay inside each district, each province, or nothing.
    /// Default: the command's (`district`).
    pub within: Option<Within>,
    /// Fixed minimum population of every region (with `area`); absent: the
    /// scenario's rule set gives each region its standard.
    pub pop: Option<f64>,
    /// Fixed minimum area in km² of every region (with `pop`).
    pub area: Option<f64>,
    /// Largest neighbourhood of the improvement moves, 16–64 units.
    pub max_neighbourhood: Option<u16>,
    /// Wall-clock limit in seconds.
    pub time_limit: Option<f64>,
    /// Whether the rule set's group exemptions apply (NQ 76/2025 N4: 3+
    /// units merged into a phường need not meet the standards). Default
    /// true; false asks every new unit to meet its standard.
    pub group_exemptions: Option<bool>,
}

impl RegionalizeConfig {
    /// The first problem found, as (field, message).
    pub(crate) fn problem(&self) -> Option<(&'static str, String)> {
        match (self.pop, self.area) {
            (Some(_), None) => {
                return Some((
                    "regionalize.area",
                    "missing: give pop and area together".into(),
                ));
            }
            (None, Some(_)) => {
                return Some((
                    "regionalize.pop",
                    "missing: give pop and area together".into(),
                ));
            }
            _ => {}
        }
        for (field, v) in [
            ("regionalize.pop", self.pop),
            ("regionalize.area", self.area),
        ] {
            if let Some(v) = v
                && (!v.is_finite() || v < 0.0)
            {
                return Some((field, format!("{v} must be a finite non-negative number")));
            }
        }
        if let Some(k) = self.max_neighbourhood
            && !(16..=64).contains(&k)
        {
            return Some((
                "regionalize.max_neighbourhood",
                format!("{k} must be between 16 and 64"),
            ));
        }
        if let Some(t) = self.time_limit
            && !(t > 0.0 && t <= MAX_TIME_LIMIT_S)
        {
            return Some((
                "regionalize.time_limit",
                format!(
                    "{t} must be a number of seconds above 0 and at most {} (a week)",
                    MAX_TIME_LIMIT_S
                ),
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::scenario::{Scenario, ScenarioError, Within};

    fn parse(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_toml_str(text, Path::new("s.toml"))
    }

    #[test]
    fn the_table_parses_and_defaults_to_nothing() {
        assert_eq!(parse("").unwrap().regionalize, Default::default());
        let s = parse(
            "rules = \"nq76-2025\"\n[regionalize]\nwithin = \"province\"\nmax_neighbourhood = 40\ntime_limit = 30\n",
        )
        .unwrap();
        assert_eq!(s.rules, "nq76-2025");
        assert_eq!(s.regionalize.within, Some(Within::Province));
        assert_eq!(s.regionalize.max_neighbourhood, Some(40));
        assert_eq!(s.regionalize.time_limit, Some(30.0));
        let s = parse("[regionalize]\ngroup_exemptions = false\n").unwrap();
        assert_eq!(s.regionalize.group_exemptions, Some(false));
        let s = parse("[regionalize]\npop = 16000\narea = 30\n").unwrap();
        assert_eq!(
            (s.regionalize.pop, s.regionalize.area),
            (Some(16000.0), Some(30.0))
        );
    }

    #[test]
    fn bad_values_name_the_field() {
        for (text, field) in [
            ("[regionalize]\npop = 16000\n", "regionalize.area"),
            ("[regionalize]\narea = 30\n", "regionalize.pop"),
            ("[regionalize]\npop = -1\narea = 30\n", "regionalize.pop"),
            (
                "[regionalize]\nmax_neighbourhood = 8\n",
                "regionalize.max_neighbourhood",
            ),
            ("[regionalize]\ntime_limit = 0\n", "regionalize.time_limit"),
        ] {
            match parse(text) {
                Err(ScenarioError::Invalid { field: f, .. }) => assert_eq!(f, field, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
        // A scope that does not exist, or a typo, is a positioned parse error.
        for (text, line) in [
            ("[regionalize]\nwithin = \"region\"\n", 2),
            ("[regionalize]\n\nwithn = \"province\"\n", 3),
        ] {
            match parse(text) {
                Err(ScenarioError::Parse { line: l, .. }) => assert_eq!(l, line, "{text}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }
}
