//! The `[staffing]` table of a scenario: the roadmap that removes the staff
//! surplus and the class assumed where the data has none (docs/legal-basis.md
//! §2.9, §3.1).
//!
//! ```toml
//! [staffing]
//! attrition = [0.2, 0.2, 0.2, 0.2, 0.2]   # share of the surplus removed in years 1..5
//! default_class = "III"
//! ```

use serde::{Deserialize, Serialize};

use crate::model::UnitClass;

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

impl StaffingConfig {
    /// The first problem found, as (field, message).
    pub(crate) fn problem(&self) -> Option<(&'static str, String)> {
        let att = &self.attrition;
        let sum: f64 = att.iter().sum();
        if att.is_empty()
            || att.len() > 5
            || att.iter().any(|x| !x.is_finite() || *x < 0.0)
            || (sum - 1.0).abs() > 1e-6
        {
            return Some((
                "staffing.attrition",
                format!(
                    "{att:?}: expected 1 to 5 non-negative shares summing to 1 (NQ 35 Điều 11: within 5 years)"
                ),
            ));
        }
        None
    }
}

fn de_class<'de, D: serde::Deserializer<'de>>(d: D) -> Result<UnitClass, D::Error> {
    let s = String::deserialize(d)?;
    UnitClass::parse(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("class '{s}': expected I, II or III")))
}
