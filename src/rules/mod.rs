//! The law as data: rule sets of standards, special-factor reductions,
//! criteria and exemptions, each number citing its article and carrying a
//! verification tag (docs/legal-basis.md).
//!
//! Two sets are built in (embedded from `rulesets/*.toml`):
//! - `nq35-2023`: NQ 35/2023/UBTVQH15 (phases 2023–2025 and 2026–2030) with the
//!   standards of NQ 1211/2016 as amended by NQ 27/2022 (Điều 3a reductions);
//! - `nq653-2019`: NQ 653/2019/UBTVQH14 (the 2019–2021 round), original 1211
//!   standards without Điều 3a;
//! - `nq76-2025`: NQ 76/2025/UBTVQH15 (the 2025 round), standards N1–N3 of
//!   the new commune-level units and no criteria.
//!
//! A user set is a TOML file of the same format ([`RuleSet::load`]).

mod apply;
mod assumption;
mod error;
mod locate;
mod placement;
mod render;
mod schema;
mod validate;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use apply::AppliedStandard;
pub use assumption::Assumption;
pub use error::RulesError;
pub use placement::Placement;
pub use render::render_rules;
pub use schema::{
    ConsultationRule, CriterionDef, ExemptionDef, Flag, GroupExemptionDef, KindAfterMergeDef,
    ReductionDef, ReductionPolicy, Sourced, StandardDef, StructureDef, Tag, Target, Trigger,
    UrbanConditionDef,
};

use crate::model::{Phase, UnitKind};

/// The built-in rule sets: `(name, TOML text)`.
const BUILTIN: [(&str, &str); 3] = [
    ("nq35-2023", include_str!("../../rulesets/nq35-2023.toml")),
    ("nq653-2019", include_str!("../../rulesets/nq653-2019.toml")),
    ("nq76-2025", include_str!("../../rulesets/nq76-2025.toml")),
];

/// The names of the built-in rule sets.
pub const BUILTIN_NAMES: [&str; 3] = ["nq35-2023", "nq653-2019", "nq76-2025"];

/// A rule set: the standards, reductions, criteria and exemptions of one
/// arrangement round, as loaded from TOML and validated.
///
/// # Invariants
/// After [`RuleSet::from_toml_str`]: ids are unique per section, every number
/// is finite and in range, every district and commune kind has a standard for
/// both mountainous and other units, criteria and exemptions name phases of
/// the set, and `base_standard` references resolve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Short name, e.g. `nq35-2023`.
    pub name: String,
    /// Vietnamese title.
    pub title_vi: String,
    /// English title.
    pub title_en: String,
    /// Remarks on what the set encodes and what it leaves out (English).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The same remarks in Vietnamese.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes_vi: Vec<String>,
    /// Phases of the round, in order.
    pub phases: Vec<Phase>,
    /// How several reductions of one standard combine (R-SF4); absent: one
    /// reduction per standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction_policy: Option<ReductionPolicy>,
    /// Standards per unit kind.
    #[serde(rename = "standard")]
    pub standards: Vec<StandardDef>,
    /// Special-factor reductions (Điều 3a); empty where they did not exist.
    #[serde(default, rename = "reduction", skip_serializing_if = "Vec::is_empty")]
    pub reductions: Vec<ReductionDef>,
    /// Criteria, in order of precedence within a phase; empty for a set of
    /// standards only (NQ 76/2025 defines no mandatory criteria).
    #[serde(default, rename = "criterion", skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<CriterionDef>,
    /// Exemptions, in order of precedence.
    #[serde(default, rename = "exemption", skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<ExemptionDef>,
    /// Exemptions of merged units by group size and kind (NQ 76/2025 N4).
    #[serde(
        default,
        rename = "group_exemption",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub group_exemptions: Vec<GroupExemptionDef>,
    /// Kinds of merged units that differ from the precedence (NQ 76/2025 N7).
    #[serde(
        default,
        rename = "kind_after_merge",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub kinds_after_merge: Vec<KindAfterMergeDef>,
    /// Which commune kinds each district kind may hold (Hiến pháp 2013
    /// Điều 110); empty for a two-level model (NQ 76/2025).
    #[serde(default, rename = "structure", skip_serializing_if = "Vec::is_empty")]
    pub structure: Vec<StructureDef>,
    /// Urban conditions a growing district-level urban unit must keep
    /// (NQ 1211/2016 Điều 5: phường share of a thành phố).
    #[serde(
        default,
        rename = "urban_condition",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub urban_conditions: Vec<UrbanConditionDef>,
    /// The voter consultation a proposed merge must pass; absent: consent
    /// is not a gate (the figures are still shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consultation: Option<ConsultationRule>,
}

impl RuleSet {
    /// The built-in set `name` (see [`RuleSet::builtin_names`]).
    ///
    /// # Errors
    /// [`RulesError::UnknownSet`] for another name; a parse or validation error
    /// of the embedded file (a bug, caught by the tests).
    pub fn builtin(name: &str) -> Result<RuleSet, RulesError> {
        let text = BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t)
            .ok_or_else(|| RulesError::UnknownSet {
                name: name.to_string(),
                known: BUILTIN_NAMES.join(", "),
            })?;
        RuleSet::from_toml_str(text, Path::new(&format!("builtin:{name}")))
    }

    /// Names of the built-in sets.
    pub fn builtin_names() -> &'static [&'static str] {
        &BUILTIN_NAMES
    }

    /// Parses and validates a rule set; `origin` names the file in errors.
    ///
    /// # Errors
    /// [`RulesError::Parse`] with line and column for TOML syntax and schema
    /// errors (unknown field, unknown kind, level, phase or tag, wrong type);
    /// [`RulesError::Invalid`] with line and column for values out of range
    /// and inconsistencies (duplicate id, missing standard, dangling reference).
    ///
    /// # Complexity
    /// O(size of the text + s·k) for s standards and k kinds.
    pub fn from_toml_str(text: &str, origin: &Path) -> Result<RuleSet, RulesError> {
        let set: RuleSet = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |s| error::line_col(text, s.start));
            RulesError::Parse {
                path: origin.to_path_buf(),
                line,
                column,
                message: e.message().trim_end().to_string(),
            }
        })?;
        if let Err(problem) = validate::validate(&set) {
            let (line, column) = locate::locate(text, &problem.path).unwrap_or((0, 0));
            return Err(RulesError::Invalid {
                path: origin.to_path_buf(),
                line,
                column,
                field: locate::display_path(&problem.path),
                value: problem.value,
                expected: problem.expected,
            });
        }
        Ok(set)
    }

    /// A built-in set by name, else the rule-set file at that path.
    ///
    /// # Errors
    /// [`RulesError::UnknownSet`] if it is neither; otherwise as
    /// [`RuleSet::from_toml_str`] or [`RulesError::Io`].
    pub fn load(name_or_path: &str) -> Result<RuleSet, RulesError> {
        if BUILTIN_NAMES.contains(&name_or_path) {
            return RuleSet::builtin(name_or_path);
        }
        let path = Path::new(name_or_path);
        if !path.exists() {
            return Err(RulesError::UnknownSet {
                name: name_or_path.to_string(),
                known: BUILTIN_NAMES.join(", "),
            });
        }
        let text = crate::io::read::read_text_capped(path, crate::io::read::MAX_TOML_BYTES)
            .map_err(|source| RulesError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        RuleSet::from_toml_str(&text, path)
    }

    /// The rule set as TOML text (parses back to an equal set).
    ///
    /// # Errors
    /// [`RulesError::Serialize`] if the serialiser fails (non-finite numbers).
    pub fn to_toml_string(&self) -> Result<String, RulesError> {
        toml::to_string_pretty(self).map_err(|e| RulesError::Serialize {
            name: self.name.clone(),
            message: e.to_string(),
        })
    }

    /// The phases of the round, in order.
    pub fn phases(&self) -> &[Phase] {
        &self.phases
    }

    /// The criterion with this id.
    pub fn criterion(&self, id: &str) -> Option<&CriterionDef> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The kind of a unit merged from `members` (two or more) units whose
    /// precedence gives `kind`: `kind`, unless a `kind_after_merge` entry
    /// maps it (NQ 76/2025 N7: xã and thị trấn merge into a xã).
    pub fn kind_after_merge(&self, kind: UnitKind, members: usize) -> UnitKind {
        if members < 2 {
            return kind;
        }
        self.kinds_after_merge
            .iter()
            .find(|k| k.from == kind)
            .map_or(kind, |k| k.to)
    }

    /// Whether the structure rule lets a district of `parent` hold a commune
    /// of `child` (Hiến pháp 2013 Điều 110). A set without structure rules,
    /// or a kind it does not list, puts no limit.
    pub fn may_hold(&self, parent: UnitKind, child: UnitKind) -> bool {
        self.structure_of(parent)
            .is_none_or(|s| s.children.contains(&child))
    }

    /// The structure rule of the district kind `parent`, if the set has one.
    pub fn structure_of(&self, parent: UnitKind) -> Option<&StructureDef> {
        self.structure.iter().find(|s| s.parent == parent)
    }

    /// The urban condition of the district kind `kind`, if the set has one.
    pub fn urban_condition(&self, kind: UnitKind) -> Option<&UrbanConditionDef> {
        self.urban_conditions.iter().find(|c| c.kind == kind)
    }

    /// The exemption with this id.
    pub fn exemption(&self, id: &str) -> Option<&ExemptionDef> {
        self.exemptions.iter().find(|e| e.id == id)
    }

    /// The standard with this id.
    pub fn standard_def(&self, id: &str) -> Option<&StandardDef> {
        self.standards.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_loads() {
        for name in RuleSet::builtin_names() {
            let set = RuleSet::builtin(name).unwrap();
            assert_eq!(&set.name, name);
        }
    }

    #[test]
    fn unknown_name_is_reported_with_the_known_names() {
        let err = RuleSet::load("nq99-2099").unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("nq99-2099") && text.contains("nq35-2023"),
            "{text}"
        );
    }
}
