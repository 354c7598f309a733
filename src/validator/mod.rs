//! One validator for any plan (DESIGN: "one plan, many sources, one set of
//! checks"): the planner's own output, a province's proposal, an edit in
//! the browser or a regionalization are all a [`Proposal`] — groups of unit
//! codes per phase and level, with the kinds, names and conversions it
//! proposes — and [`check_plan`] judges it on the map it leaves after each
//! phase.
//!
//! What is checked (docs/legal-basis.md §2.11):
//!
//! | rule | severity | what |
//! |---|---|---|
//! | `unknown_unit` | error | a member or changed unit is not on the map at that point (unknown code, or merged before); a merge of fewer than two units |
//! | `member_twice` | error | a unit in two groups of one phase |
//! | `wrong_level` | error | a member of another level than its group; a kind of another level |
//! | `new_code` | error | the new unit's code is not one of its members' |
//! | `same_parent` | error | members with different parents (NQ 35/2023: merges inside one parent) |
//! | `contiguity` | error | members not connected by shared borders ("liền kề", NQ 35/2023 Điều 2) |
//! | `exemption` | warning | a member exempt under an exemption the scenario does not allow as partner (NQ 35/2023 Điều 3) |
//! | `standard` | warning (error in hard mode) | the new unit misses the area or population standard of its kind (NQ 35/2023 Điều 4); the verdict carries the tag of its figures |
//! | `urban_condition` | warning | a thành phố grown below its phường share (NQ 1211/2016 Điều 5) |
//! | `structure` | error | a commune under a district kind that may not hold it (Hiến pháp 2013 Điều 110) |
//! | `unique_name` | error | two communes of one district, or two districts of one province, with one name |
//!
//! A `structure` or `unique_name` finding that already holds on the map as
//! loaded (nothing the plan did caused it) is a warning, said so.
//!
//! The replay is the pipeline's: per phase, district groups first, then the
//! changes (kind conversions and renames of units not merged), then commune
//! groups; the population of the 2026–2030 phase is projected as the
//! scenario says. A merged unit combines its members as
//! [`crate::pipeline::merge`] documents.

mod replay;
mod walk;

use serde::{Deserialize, Serialize};

pub use replay::check_plan;

pub use crate::io::Severity;
use crate::lang::Lang;
use crate::model::{Level, Phase, UnitCode, UnitKind};
use crate::pipeline::PlanResult;
use crate::planner::StandardMode;
use crate::rules::Tag;
use crate::scenario::{Growth, Scenario};

/// A plan to judge: its phases in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// The phases, in the order they take effect.
    pub phases: Vec<ProposalPhase>,
}

/// What one phase of a plan does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalPhase {
    /// The phase (its criteria and exemptions apply).
    pub phase: Phase,
    /// Merges; district groups are applied before commune groups.
    #[serde(default)]
    pub groups: Vec<ProposedGroup>,
    /// Kind conversions and renames of units that are not merged, applied
    /// after the district groups and before the commune groups.
    #[serde(default)]
    pub changes: Vec<ProposedChange>,
}

/// One merge of a plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedGroup {
    /// An id for the findings (e.g. `1C-001-2`).
    pub id: String,
    /// Level of the members.
    pub level: Level,
    /// Codes of the members (two or more).
    pub members: Vec<UnitCode>,
    /// Kind of the new unit; by default the members' winning kind (urban
    /// kinds win; the rule set's `kind_after_merge` applies).
    #[serde(default)]
    pub kind: Option<UnitKind>,
    /// Name of the new unit; by default the naming member's name with the
    /// new kind's prefix (NQ 35/2023 Điều 6).
    #[serde(default)]
    pub name: Option<String>,
    /// Code of the new unit, one of the members'; by default the naming member's.
    #[serde(default)]
    pub code: Option<UnitCode>,
}

/// A change of a unit that is not merged: a new kind, a new name, or both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedChange {
    /// The unit.
    pub code: UnitCode,
    /// Its new kind, if it changes.
    #[serde(default)]
    pub kind_after: Option<UnitKind>,
    /// Its new name, if it changes.
    #[serde(default)]
    pub name_after: Option<String>,
}

/// The self-check of a plan made by the planner: `result` as a
/// [`Proposal`] judged by [`check_plan`] with the scenario's options, on
/// the province's map when the result covers one province
/// ([`PlanResult::restricted_to`] or `--province`), on the whole map
/// otherwise. Every report folder carries it (`crate::outputs::build`).
///
/// # Complexity
/// As [`check_plan`].
pub fn check_result(
    ds: &crate::model::Dataset,
    rules: &crate::rules::RuleSet,
    sc: &Scenario,
    result: &PlanResult,
) -> CheckReport {
    let mut provinces: Vec<&UnitCode> = result.parent_province.values().collect();
    provinces.sort();
    provinces.dedup();
    let province = match provinces.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    };
    check_plan(
        ds,
        rules,
        &Proposal::from(result),
        &CheckOptions {
            province,
            ..CheckOptions::from_scenario(sc)
        },
    )
}

impl From<&PlanResult> for Proposal {
    /// The planner's plan as a proposal: every group with the kind, name
    /// and code the planner gave it, every conversion and rename.
    fn from(result: &PlanResult) -> Proposal {
        let mut phases: Vec<Phase> = result.counts.keys().map(|k| k.0).collect();
        phases.extend(result.groups.iter().map(|g| g.phase));
        phases.extend(result.changes.iter().map(|c| c.phase));
        phases.sort_unstable();
        phases.dedup();
        Proposal {
            phases: phases
                .into_iter()
                .map(|phase| ProposalPhase {
                    phase,
                    groups: result
                        .groups
                        .iter()
                        .filter(|g| g.phase == phase)
                        .map(|g| ProposedGroup {
                            id: g.group_id.clone(),
                            level: g.level,
                            members: g.member_codes(),
                            kind: Some(g.new_unit.kind),
                            name: Some(g.proposed_name.clone()),
                            code: Some(g.new_unit.code.clone()),
                        })
                        .collect(),
                    changes: result
                        .changes
                        .iter()
                        .filter(|c| c.phase == phase)
                        .map(|c| ProposedChange {
                            code: c.code.clone(),
                            kind_after: (c.kind_after != c.kind_before).then_some(c.kind_after),
                            name_after: (c.name_after != c.name).then(|| c.name_after.clone()),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The settings a check needs from the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckOptions {
    /// Exemption codes whose units may be partners.
    pub exempt_partners: Vec<String>,
    /// Hard mode makes a new unit below its standard an error.
    pub standard: StandardMode,
    /// Population projection of the 2026–2030 phase.
    pub growth: Growth,
    /// Language of the messages.
    pub lang: Lang,
    /// Only this province's map is walked (all when `None`).
    pub province: Option<UnitCode>,
}

impl CheckOptions {
    /// The options of `sc`, for the whole map.
    pub fn from_scenario(sc: &Scenario) -> CheckOptions {
        CheckOptions {
            exempt_partners: sc.exempt_partners.clone(),
            standard: sc.new_unit_standard,
            growth: sc.growth.clone(),
            lang: sc.language,
            province: None,
        }
    }
}

/// The rule a finding is about (see the module table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckRule {
    /// A code not on the map at that point.
    UnknownUnit,
    /// A unit in two groups of one phase.
    MemberTwice,
    /// A member or kind of the wrong level.
    WrongLevel,
    /// The new code is not a member's.
    NewCode,
    /// Members with different parents.
    SameParent,
    /// Members not connected.
    Contiguity,
    /// An exempt member the scenario does not allow.
    Exemption,
    /// A new unit below its standard.
    Standard,
    /// A thành phố grown below its phường share.
    UrbanCondition,
    /// A commune under a district kind that may not hold it.
    Structure,
    /// Two units of one parent with one name.
    UniqueName,
    /// A member whose voters did not agree (no more than the rule set's
    /// share of the roll; docs/conditions.md, "Consent as a gate").
    Consent,
}

impl CheckRule {
    /// The token (`structure`, `unique_name`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            CheckRule::UnknownUnit => "unknown_unit",
            CheckRule::MemberTwice => "member_twice",
            CheckRule::WrongLevel => "wrong_level",
            CheckRule::NewCode => "new_code",
            CheckRule::SameParent => "same_parent",
            CheckRule::Contiguity => "contiguity",
            CheckRule::Exemption => "exemption",
            CheckRule::Standard => "standard",
            CheckRule::UrbanCondition => "urban_condition",
            CheckRule::Structure => "structure",
            CheckRule::UniqueName => "unique_name",
            CheckRule::Consent => "consent",
        }
    }
}

/// One finding of a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Error or warning.
    pub severity: Severity,
    /// The rule.
    pub rule: CheckRule,
    /// The phase whose map shows it.
    pub phase: Phase,
    /// The group concerned, if any.
    pub group: Option<String>,
    /// The units concerned, sorted.
    pub units: Vec<UnitCode>,
    /// What is wrong, with the article, in the check's language.
    pub message: String,
}

/// A new unit judged against the standard of its kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupVerdict {
    /// The phase.
    pub phase: Phase,
    /// The group id.
    pub group: String,
    /// The new unit's code.
    pub code: UnitCode,
    /// Its kind.
    pub kind: UnitKind,
    /// Both ratios ≥ 1.
    pub meets_standard: bool,
    /// Area ÷ standard.
    pub area_ratio: Option<f64>,
    /// Population ÷ standard.
    pub population_ratio: Option<f64>,
    /// Id of the standard.
    pub standard_id: String,
    /// Weakest tag of the figures the verdict rests on.
    pub tag: Tag,
}

/// The map after one phase, counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapCounts {
    /// The phase.
    pub phase: Phase,
    /// Districts on the map after it (in the scope walked).
    pub districts: usize,
    /// Communes on the map after it (in the scope walked).
    pub communes: usize,
}

/// The outcome of [`check_plan`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    /// Findings, in phase order, then as found.
    pub findings: Vec<Finding>,
    /// Every new unit's verdict, in phase order.
    pub verdicts: Vec<GroupVerdict>,
    /// The map after each phase.
    pub maps: Vec<MapCounts>,
}

impl CheckReport {
    /// The findings of severity `s`.
    pub fn with(&self, s: Severity) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.severity == s)
    }

    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.with(Severity::Error).count()
    }

    /// Number of findings of `rule` (any severity) in `phase`.
    pub fn count(&self, rule: CheckRule, phase: Phase) -> usize {
        self.findings
            .iter()
            .filter(|f| f.rule == rule && f.phase == phase)
            .count()
    }
}
