//! Running the planner over the whole map, level by level and phase by phase.
//!
//! For each phase of the rule set (NQ 35/2023: 2023–2025, then 2026–2030):
//! 1. in phase 2, project populations to the assessment year (scenario
//!    growth rate; a unit's `growth_rate` column overrides it);
//! 2. district level: each province is a parent; its districts are assessed,
//!    planned with [`plan_parent`] and the chosen merges applied to the map
//!    (communes of vanished districts move to the new district);
//! 3. commune level: each district *as it is after step 2* is a parent
//!    ("tổng thể, đồng bộ": communes of two merged districts may merge).
//!
//! Units merged in a phase carry `arranged_in = 2023-2025`, so exemption E6
//! keeps them out of phase 2 (NQ 35/2023 Điều 3 khoản 3).
//!
//! The map stays legal after every phase (docs/legal-basis.md §2.11): a district
//! merge is proposed only with a kind that may hold every commune it will
//! contain, or with the conversions that make it legal (scenario
//! `district_kind`, [`crate::legal::kinds`]); at the end of each phase the
//! names of every parent are made unique ([`crate::legal::naming`]).
//!
//! The mandatory list of the first phase is fixed on the map as loaded (the
//! map of 31/12/2022): a unit's phase-1 status is the one `reorg assess`
//! gives it, whatever district merges come first. Later phases are assessed
//! on the map the previous phase leaves.

use std::collections::{BTreeMap, HashMap, HashSet};

use thiserror::Error;

use super::changes::UnitChange;
use super::legalize::{convert_children, kinds_of, original_assessments, unique_names};
use super::merge::{merged_profile, merged_unit, naming_member, proposed_names};
use super::workmap::{Slot, WorkMap};
use crate::assess::{Assessment, Status, assess_unit_at, exemptions_for};
use crate::legal::{
    ChildKinds, Consent, NameChange, UrbanCheck, choose_district_kind, consent_of, urban_check,
};
use crate::model::{ArrangedIn, Dataset, Level, Phase, Unit, UnitClass, UnitCode, UnitKind};
use crate::planner::{
    Eligibility, Gap, GroupEval, ParentProblem, PlannerError, PlannerOptions, PlannerUnit,
    ProblemError, UnresolvedReason, plan_parent,
};
use crate::rules::Tag;
use crate::rules::{Placement, RuleSet};
use crate::scenario::Scenario;

/// The pipeline could not run.
#[derive(Debug, Error)]
pub enum PipelineError {
    /// The scenario's planner settings are invalid.
    #[error("invalid planner settings: {0}")]
    Planner(#[from] PlannerError),
    /// A parent's instance could not be built (an internal inconsistency).
    #[error("parent {parent}: {source}")]
    Problem {
        /// The parent.
        parent: UnitCode,
        /// The cause.
        source: ProblemError,
    },
    /// `--province` names no province of the dataset.
    #[error("province '{0}' is not in the dataset")]
    UnknownProvince(UnitCode),
    /// A scenario lock names a code that is not in the dataset.
    #[error("the scenario names unit '{0}', which is not in the dataset")]
    UnknownLockedUnit(UnitCode),
    /// `exempt_partners` names a code that is not an exemption of the rule set.
    #[error("exempt_partners: '{code}' is not an exemption of rule set {rules} (known: {known})")]
    UnknownExemption {
        /// The code given.
        code: String,
        /// The rule set.
        rules: String,
        /// Its exemption codes.
        known: String,
    },
}

/// One member of a merge as it was before the merge (for staffing and reports).
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The unit before the merge.
    pub unit: Unit,
    /// Kind of its parent at planning time.
    pub parent_kind: Option<UnitKind>,
    /// Whether it was a target (mandatory or encouraged).
    pub is_target: bool,
    /// Its assessment in the phase.
    pub assessment: Assessment,
}

/// One merge of the plan (a row of `plan.csv`).
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedGroup {
    /// Stable id: `<phase no><D|C>-<parent code>-<n>`, e.g. `1C-001-2`.
    pub group_id: String,
    /// Phase.
    pub phase: Phase,
    /// Level of the members.
    pub level: Level,
    /// Province.
    pub province_code: UnitCode,
    /// Parent at planning time (after the phase's district merges).
    pub parent_code: UnitCode,
    /// Kind of the parent.
    pub parent_kind: UnitKind,
    /// Members before the merge, in code order.
    pub members: Vec<Member>,
    /// The unit formed (its code is the named member's).
    pub new_unit: Unit,
    /// Proposed name (NQ 35/2023 Điều 6: the most populous member's).
    pub proposed_name: String,
    /// Other members' names.
    pub alternatives: Vec<String>,
    /// Area standard of the new unit, km².
    pub standard_area_km2: f64,
    /// Population standard of the new unit.
    pub standard_population: f64,
    /// New unit's area ÷ standard.
    pub area_ratio: Option<f64>,
    /// New unit's population ÷ standard.
    pub population_ratio: Option<f64>,
    /// Both ratios ≥ 1.
    pub meets_standard: bool,
    /// Id of the new unit's standard (e.g. `thi_xa`).
    pub standard_id: String,
    /// The weakest tag of the figures the verdict rests on (the area and
    /// population standards and any reduction): V, S or U.
    pub standard_tag: Tag,
    /// Why the proposed name is not the one Điều 6 gave (it was taken in the
    /// parent), if so.
    pub name_change: Option<NameChange>,
    /// District merges into a kind with an urban condition: the condition
    /// judged on the data after the merge and its conversions.
    pub urban: Option<UrbanCheck>,
    /// Shared border inside the group, km.
    pub inner_border_km: f64,
    /// Whether every target of the group is only encouraged (no mandatory member).
    pub encouraged_only: bool,
    /// The district merge this commune merge sits in, if any.
    pub depends_on: Option<String>,
}

impl PlannedGroup {
    /// Member codes, in code order.
    pub fn member_codes(&self) -> Vec<UnitCode> {
        self.members.iter().map(|m| m.unit.code.clone()).collect()
    }

    /// Severity of the worst target: 1 − min(area ratio, population ratio).
    pub fn severity(&self) -> f64 {
        self.members
            .iter()
            .filter(|m| m.is_target)
            .map(|m| {
                let a = m.assessment.area_ratio.unwrap_or(1.0);
                let p = m.assessment.population_ratio.unwrap_or(1.0);
                1.0 - a.min(p)
            })
            .fold(0.0, f64::max)
    }
}

/// A target left without a merge.
#[derive(Clone, Debug, PartialEq)]
pub struct UnresolvedTarget {
    /// Phase.
    pub phase: Phase,
    /// The unit.
    pub unit: Unit,
    /// Its parent at planning time.
    pub parent_code: UnitCode,
    /// Why.
    pub reason: UnresolvedReason,
    /// Codes of the best partial option, if any.
    pub best_option: Vec<UnitCode>,
    /// Its assessment.
    pub assessment: Assessment,
}

/// A proposed merge the voter consultation turned down (docs/conditions.md,
/// "Consent as a gate"), and what became of it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsentEvent {
    /// Phase.
    pub phase: Phase,
    /// Level of the members.
    pub level: Level,
    /// Province.
    pub province_code: UnitCode,
    /// Parent at planning time.
    pub parent_code: UnitCode,
    /// The members of the group as first proposed, in code order.
    pub proposed: Vec<Unit>,
    /// Codes of the members whose voters did not agree.
    pub failing: Vec<UnitCode>,
    /// `Some(group id)` when the group is the province's decision
    /// (`merge_together`) and is kept as it is despite the consultation
    /// (an error finding "consent not reached"); `None` when reorg re-planned.
    pub kept_as: Option<String>,
    /// For each other member: the group it joined after the re-plan, or
    /// `None` when it is left without a merge (in code order). Empty when kept.
    pub outcome: Vec<(UnitCode, Option<String>)>,
}

/// Counters of a whole run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Parents planned.
    pub parents: usize,
    /// Candidate groups evaluated.
    pub candidates: usize,
    /// Search nodes.
    pub nodes: u64,
    /// Parents whose plan is not proven optimal (a guard was hit), with the phase.
    pub not_optimal: Vec<(Phase, UnitCode)>,
    /// The same parents with their gap, in the same order.
    pub gaps: Vec<ParentGap>,
    /// Work done, in the units of [`PlannerOptions::work_budget`].
    pub work: u64,
}

/// How far a parent's plan may be from the optimum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParentGap {
    /// The phase.
    pub phase: Phase,
    /// The parent's code.
    pub parent: UnitCode,
    /// The plan's key and a lower bound on the optimum (`None` when the
    /// candidate enumeration was cut: no bound is known).
    pub gap: Option<Gap>,
    /// The work budget (rather than the node or candidate guard) stopped it.
    pub budget_hit: bool,
    /// The parent had less than a full budget: the run's was spent.
    pub cut_short: bool,
}

/// The result of a run.
#[derive(Clone, Debug)]
pub struct PlanResult {
    /// Merges, in phase, level, parent and id order.
    pub groups: Vec<PlannedGroup>,
    /// Unresolved targets.
    pub unresolved: Vec<UnresolvedTarget>,
    /// Kind conversions and renames of units not merged (`conversions.csv`),
    /// in phase order, then as decided.
    pub changes: Vec<UnitChange>,
    /// Every assessment made (district and commune, each phase) on the map of
    /// that phase, in (phase, level, code) order.
    pub assessments: Vec<Assessment>,
    /// Live units per (phase, level) before and after the phase, per parent
    /// district/province: `(phase, level, parent) -> (before, after)`.
    pub counts: BTreeMap<(Phase, Level, UnitCode), (usize, usize)>,
    /// Province of each assessment (parallel to `assessments`).
    pub assessment_province: Vec<UnitCode>,
    /// Province of each parent planned (keys of `counts`).
    pub parent_province: BTreeMap<UnitCode, UnitCode>,
    /// The map after the last phase.
    pub final_map: WorkMap,
    /// Parent names by code (provinces and districts, including vanished ones).
    pub names: BTreeMap<UnitCode, String>,
    /// Proposed merges the voter consultation turned down, in planning order.
    pub consent: Vec<ConsentEvent>,
    /// Counters.
    pub stats: RunStats,
}

impl PlanResult {
    /// The part of the result that concerns one province (its groups,
    /// unresolved targets, assessments and counts; the map is shared).
    ///
    /// # Complexity
    /// O(size of the result).
    pub fn restricted_to(&self, province: &UnitCode) -> PlanResult {
        let in_p = |parent: &UnitCode| self.parent_province.get(parent) == Some(province);
        let (assessments, assessment_province): (Vec<_>, Vec<_>) = self
            .assessments
            .iter()
            .zip(&self.assessment_province)
            .filter(|(_, p)| *p == province)
            .map(|(a, p)| (a.clone(), p.clone()))
            .unzip();
        PlanResult {
            groups: self
                .groups
                .iter()
                .filter(|g| &g.province_code == province)
                .cloned()
                .collect(),
            unresolved: self
                .unresolved
                .iter()
                .filter(|u| in_p(&u.parent_code))
                .cloned()
                .collect(),
            changes: self
                .changes
                .iter()
                .filter(|c| &c.province_code == province)
                .cloned()
                .collect(),
            assessments,
            assessment_province,
            parent_province: self
                .parent_province
                .iter()
                .filter(|(_, p)| *p == province)
                .map(|(a, b)| (a.clone(), b.clone()))
                .collect(),
            counts: self
                .counts
                .iter()
                .filter(|((_, _, parent), _)| in_p(parent))
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            final_map: self.final_map.clone(),
            names: self.names.clone(),
            consent: self
                .consent
                .iter()
                .filter(|e| &e.province_code == province)
                .cloned()
                .collect(),
            stats: RunStats {
                not_optimal: self
                    .stats
                    .not_optimal
                    .iter()
                    .filter(|(_, p)| in_p(p))
                    .cloned()
                    .collect(),
                gaps: self
                    .stats
                    .gaps
                    .iter()
                    .filter(|g| in_p(&g.parent))
                    .cloned()
                    .collect(),
                ..self.stats.clone()
            },
        }
    }
}

/// Options of a run.
pub struct RunOptions<'a> {
    /// The rule set.
    pub rules: &'a RuleSet,
    /// The scenario.
    pub scenario: &'a Scenario,
    /// Only this province (all when `None`).
    pub province: Option<UnitCode>,
    /// Called after each parent with (done, total) within a step, for progress bars.
    pub progress: Option<&'a dyn Fn(usize, usize)>,
}

/// The `arranged_in` round a merge of `phase` gives the new unit (E5/E6).
pub(crate) fn round_of(phase: Phase) -> ArrangedIn {
    match phase {
        Phase::Round2019To2021 => ArrangedIn::Round2019To2021,
        // The 2025 round (NQ 76) has no `arranged_in` token of its own; its
        // merges count as arranged in the 2023–2025 window (2025 lies in it).
        Phase::Phase2023To2025 | Phase::Phase2026To2030 | Phase::Round2025 => {
            ArrangedIn::Round2023To2025
        }
    }
}

fn phase_no(phase: Phase) -> char {
    match phase {
        Phase::Round2019To2021 => '0',
        Phase::Phase2023To2025 => '1',
        Phase::Phase2026To2030 => '2',
        Phase::Round2025 => '5',
    }
}

/// Plans the dataset: every phase of the rule set, district level then
/// commune level.
///
/// # Errors
/// [`PipelineError`] for invalid planner settings, an unknown province or a
/// lock naming an unknown code.
///
/// # Complexity
/// Linear in the number of parents times the per-parent planning cost (see
/// [`plan_parent`]); the map updates are O(n) per merge for re-parenting.
pub fn run(ds: &Dataset, opts: &RunOptions<'_>) -> Result<PlanResult, PipelineError> {
    let sc = opts.scenario;
    let planner_opts = PlannerOptions {
        max_group_size: sc.max_group_size,
        standard: sc.new_unit_standard,
        objective: sc.objective.clone(),
        ..PlannerOptions::default()
    };
    planner_opts.validate()?;
    if let Some(p) = &opts.province
        && ds
            .get(p.as_str())
            .is_none_or(|u| u.level != Level::Province)
    {
        return Err(PipelineError::UnknownProvince(p.clone()));
    }
    for code in sc
        .locks
        .never_merge
        .iter()
        .chain(sc.locks.merge_together.iter().flatten())
        .chain(sc.locks.forbidden_pairs.iter().flat_map(|(a, b)| [a, b]))
        .chain(sc.encouraged.iter())
        .chain(sc.targets.iter().flatten())
    {
        if ds.get(code.as_str()).is_none() {
            return Err(PipelineError::UnknownLockedUnit(code.clone()));
        }
    }
    if let Some(code) = sc
        .exempt_partners
        .iter()
        .find(|c| opts.rules.exemption(c).is_none())
    {
        return Err(PipelineError::UnknownExemption {
            code: code.clone(),
            rules: opts.rules.name.clone(),
            known: opts
                .rules
                .exemptions
                .iter()
                .map(|e| e.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let first_phase = opts.rules.phases().first().copied();
    let mut state = State {
        map: WorkMap::new(ds),
        original: first_phase
            .map(|ph| original_assessments(ds, opts, ph))
            .unwrap_or_default(),
        first_phase,
        start_parent: HashMap::new(),
        result: PlanResult {
            groups: Vec::new(),
            unresolved: Vec::new(),
            changes: Vec::new(),
            assessments: Vec::new(),
            assessment_province: Vec::new(),
            parent_province: BTreeMap::new(),
            counts: BTreeMap::new(),
            final_map: WorkMap::new(&Dataset::default()),
            names: ds
                .units()
                .iter()
                .filter(|u| u.level != Level::Commune)
                .map(|u| (u.code.clone(), u.name.clone()))
                .collect(),
            consent: Vec::new(),
            stats: RunStats::default(),
        },
        district_group_of: BTreeMap::new(),
        work_left: planner_opts.work_budget.saturating_mul(RUN_BUDGET_PARENTS),
    };
    for &phase in opts.rules.phases() {
        if phase == Phase::Phase2026To2030 {
            project_population(&mut state.map, &sc.growth);
        }
        state.district_group_of.clear();
        state.start_parent = [Level::District, Level::Commune]
            .into_iter()
            .flat_map(|l| state.map.live_at(l))
            .map(|s| {
                let u = state.map.unit(s);
                (u.code.clone(), u.parent_code.clone())
            })
            .collect();
        for level in [Level::District, Level::Commune] {
            step(&mut state, opts, &planner_opts, phase, level)?;
        }
        unique_names(
            &mut state.map,
            &mut state.result,
            &state.start_parent,
            opts.province.as_ref(),
            phase,
        );
    }
    state.result.final_map = state.map;
    Ok(state.result)
}

/// A run's parents share at most this many parents' work budgets
/// ([`PlannerOptions::work_budget`]); once that is spent, each further
/// parent gets 1/[`FLOOR_DIVISOR`] of a budget (the greedy plan and what
/// the search finds within it). The run's work, and so its result, stays
/// deterministic and bounded (about 5 s, then 10 ms per parent) whatever
/// the map; on the 2023 national data a whole run needs about 1/7 of it
/// and no parent more than 1/6 of its own. A run restricted to a province
/// (`--province`) has the whole budget for it, so where the run's budget
/// binds (pathological maps only) its plan may differ from the national
/// run's for that province.
pub const RUN_BUDGET_PARENTS: u64 = 5;

/// See [`RUN_BUDGET_PARENTS`].
pub const FLOOR_DIVISOR: u64 = 100;

struct State {
    map: WorkMap,
    result: PlanResult,
    /// Work the run may still spend (see [`RUN_BUDGET_PARENTS`]).
    work_left: u64,
    /// New district code -> id of the district merge that formed it in this phase.
    district_group_of: BTreeMap<UnitCode, String>,
    /// Assessments of the first phase on the map as loaded, by code.
    original: HashMap<UnitCode, Assessment>,
    /// The first phase of the rule set.
    first_phase: Option<Phase>,
    /// Parent of every live district and commune at the start of the phase.
    start_parent: HashMap<UnitCode, Option<UnitCode>>,
}

/// Multiplies commune populations by `(1 + r)^(phase2_year − base_year)` and
/// recomputes district totals as sums of their communes.
pub(crate) fn project_population(map: &mut WorkMap, growth: &crate::scenario::Growth) {
    let years = i32::from(growth.phase2_year) - i32::from(growth.base_year);
    let rate_of = |u: &Unit| u.attrs.growth_rate.unwrap_or(growth.rate);
    if years == 0
        && growth.rate == 0.0
        && map
            .live_at(Level::Commune)
            .iter()
            .all(|s| map.unit(*s).attrs.growth_rate.is_none())
    {
        return;
    }
    for s in map.live_at(Level::Commune) {
        let u = map.unit_mut(s);
        let f = (1.0 + rate_of(u)).powi(years);
        u.population = u.population.map(|p| (p as f64 * f).round() as u64);
    }
    // Grouped once: `children` per district would scan the map each time.
    let communes_of = map.children_by_parent(Level::Commune);
    for d in map.live_at(Level::District) {
        let kids = communes_of
            .get(&map.unit(d).code)
            .map_or(&[][..], Vec::as_slice);
        if kids.is_empty() {
            let u = map.unit_mut(d);
            let f = (1.0 + rate_of(u)).powi(years);
            u.population = u.population.map(|p| (p as f64 * f).round() as u64);
        } else {
            let sum: Option<u64> = kids.iter().map(|k| map.unit(*k).population).sum();
            map.unit_mut(d).population = sum;
        }
    }
}

fn step(
    state: &mut State,
    opts: &RunOptions<'_>,
    planner_opts: &PlannerOptions,
    phase: Phase,
    level: Level,
) -> Result<(), PipelineError> {
    let sc = opts.scenario;
    let rules = opts.rules;
    let by_parent = state.map.children_by_parent(level);
    // Commune kinds held by each district (district step only), counted once
    // for the step: a district merge re-parents only its own communes, so the
    // counts of the districts not yet merged stay right.
    let child_kinds: HashMap<Slot, ChildKinds> = if level == Level::District {
        let mut counts: HashMap<Slot, ChildKinds> = HashMap::new();
        for s in state.map.live_at(Level::Commune) {
            let u = state.map.unit(s);
            if let Some(d) = u.parent_code.as_ref().and_then(|p| state.map.slot_of(p)) {
                counts.entry(d).or_default().add(u.kind);
            }
        }
        counts
    } else {
        HashMap::new()
    };
    let never: HashSet<&UnitCode> = sc.locks.never_merge.iter().collect();
    let encouraged: HashSet<&UnitCode> = sc.encouraged.iter().collect();
    // The committee's list decides the first phase's targets.
    let listed: Option<HashSet<&UnitCode>> = (state.first_phase == Some(phase))
        .then(|| sc.targets.as_ref().map(|t| t.iter().collect()))
        .flatten();
    let fixed_codes: HashSet<&UnitCode> = sc
        .locks
        .fixed
        .iter()
        .filter(|(p, _)| *p == phase)
        .flat_map(|(_, set)| set)
        .collect();
    let total = by_parent.len();
    for (done, (parent_code, slots)) in by_parent.into_iter().enumerate() {
        if let Some(p) = opts.progress {
            p(done, total);
        }
        let Some(parent_slot) = state.map.slot_of(&parent_code) else {
            continue;
        };
        let province = state.map.province_code(parent_slot);
        if let Some(want) = &opts.province
            && province.as_ref() != Some(want)
        {
            continue;
        }
        let parent_kind = state.map.unit(parent_slot).kind;
        let province_unit = province
            .as_ref()
            .and_then(|p| state.map.slot_of(p))
            .map(|s| state.map.unit(s))
            .filter(|u| u.level == Level::Province);
        let placement = Placement::with_province(Some(parent_kind), province_unit);
        let province_unit = province_unit.cloned();
        let fixed = state.first_phase == Some(phase);
        let assessments: Vec<Assessment> = slots
            .iter()
            .map(|s| {
                let u = state.map.unit(*s);
                match state.original.get(&u.code) {
                    Some(a) if fixed => a.clone(),
                    _ => assess_unit_at(rules, u, &placement, phase),
                }
            })
            .collect();
        let mut units = Vec::with_capacity(slots.len());
        for (s, a) in slots.iter().zip(&assessments) {
            let u = state.map.unit(*s);
            let exemptions = exemptions_for(rules, u, phase);
            let exempt = !exemptions.is_empty();
            let allowed_partner = exemptions
                .iter()
                .all(|e| sc.exempt_partners.contains(&e.id));
            let is_target = match &listed {
                Some(l) => {
                    l.contains(&u.code) && a.status != Status::Unknown && !never.contains(&u.code)
                }
                None => {
                    a.status == Status::Mandatory
                        || (encouraged.contains(&u.code)
                            && !exempt
                            && a.status != Status::Unknown
                            && !never.contains(&u.code))
                }
            };
            let eligibility = if never.contains(&u.code)
                || (sc.locks.only_fixed && !fixed_codes.contains(&u.code))
                || u.area_km2.is_none()
                || u.population.is_none()
            {
                Eligibility::Locked
            } else if exempt && !allowed_partner {
                Eligibility::Exempt
            } else {
                Eligibility::Eligible
            };
            units.push(PlannerUnit {
                area_km2: u.area_km2.unwrap_or(0.0),
                population: u.population.unwrap_or(0),
                is_target,
                eligibility,
            });
        }
        let before = slots.len();
        let mut problem =
            build_problem(&state.map, &slots, units, sc, phase).map_err(|source| {
                PipelineError::Problem {
                    parent: parent_code.clone(),
                    source,
                }
            })?;
        let has_target =
            problem.units().iter().any(|u| u.is_target) || !problem.together_sets().is_empty();
        let mut after = before;
        // Units of this parent merged in this step (a deferred unit may still
        // be a partner of a listed one).
        let mut merged_here: HashSet<usize> = HashSet::new();
        if has_target {
            let map = &state.map;
            let mut us: Vec<&Unit> = Vec::with_capacity(planner_opts.max_group_size);
            let mut eval = |members: &[usize]| -> GroupEval {
                us.clear();
                us.extend(members.iter().map(|&i| map.unit(slots[i])));
                // The code and parent do not affect the standard: skip the naming work.
                let merged = merged_profile(&us, UnitCode(String::new()), None, round_of(phase));
                // Figures only: the texts are built for the chosen groups.
                let (std_area, std_pop) = rules.standard_figures(&merged, &placement);
                let a = merged.area_km2.unwrap_or(0.0) / std_area;
                let p = merged.population.unwrap_or(0) as f64 / std_pop;
                let kind_conflict = level == Level::District
                    && choose_district_kind(
                        rules,
                        sc.district_kind,
                        &kinds_of(map, &slots, &child_kinds, members),
                    )
                    .conflict
                    .is_some();
                GroupEval {
                    meets_standard: a >= 1.0 && p >= 1.0,
                    area_ratio: a,
                    population_ratio: p,
                    oversize: p > sc.oversize_multiple,
                    kind_conflict,
                }
            };
            // The parent's budget, within what the run has left (see
            // `RUN_BUDGET_PARENTS`).
            let budget = planner_opts.work_budget.min(
                state
                    .work_left
                    .max(planner_opts.work_budget / FLOOR_DIVISOR),
            );
            let opts_here = PlannerOptions {
                work_budget: budget,
                ..planner_opts.clone()
            };
            // Consent as a gate: a proposed group with a member whose voters
            // did not agree is planned again without that member (its
            // partners try others; the member is deferred). A member the
            // province fixed (`merge_together`) is kept as its decision.
            let rule = rules.consultation.as_ref();
            let consent: Vec<Consent> = slots
                .iter()
                .map(|s| consent_of(state.map.unit(*s), rule))
                .collect();
            let mut declined: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
            let mut deferred: HashSet<usize> = HashSet::new();
            let plan = loop {
                let plan = plan_parent(&problem, &mut eval, &opts_here)?;
                state.work_left = state.work_left.saturating_sub(plan.stats.work);
                state.result.stats.candidates += plan.stats.candidates;
                state.result.stats.nodes += plan.stats.nodes;
                state.result.stats.work += plan.stats.work;
                let mut again = false;
                for g in &plan.groups {
                    let failing: Vec<usize> = g
                        .members
                        .iter()
                        .copied()
                        .filter(|&i| consent[i].blocks() && problem.together_set(i).is_none())
                        .collect();
                    if failing.is_empty() {
                        continue;
                    }
                    for &f in &failing {
                        problem
                            .set_eligibility(f, Eligibility::Locked)
                            .map_err(|source| PipelineError::Problem {
                                parent: parent_code.clone(),
                                source,
                            })?;
                        deferred.insert(f);
                    }
                    declined.push((g.members.clone(), failing));
                    again = true;
                }
                if !again {
                    break plan;
                }
            };
            state.result.stats.parents += 1;
            if !plan.optimal {
                state
                    .result
                    .stats
                    .not_optimal
                    .push((phase, parent_code.clone()));
                state.result.stats.gaps.push(ParentGap {
                    phase,
                    parent: parent_code.clone(),
                    gap: plan.gap,
                    budget_hit: plan.stats.budget_hit,
                    cut_short: budget < planner_opts.work_budget,
                });
            }
            let mut group_of_member: HashMap<usize, String> = HashMap::new();
            // Codes of the parent's units before the merges change the map.
            let codes: Vec<UnitCode> = slots
                .iter()
                .map(|s| state.map.unit(*s).code.clone())
                .collect();
            let declined_units: Vec<(Vec<Unit>, Vec<UnitCode>)> = declined
                .iter()
                .map(|(members, failing)| {
                    (
                        members
                            .iter()
                            .map(|&i| state.map.unit(slots[i]).clone())
                            .collect(),
                        failing.iter().map(|&i| codes[i].clone()).collect(),
                    )
                })
                .collect();
            for (n, g) in plan.groups.iter().enumerate() {
                let group_id = format!(
                    "{}{}-{}-{}",
                    phase_no(phase),
                    if level == Level::District { 'D' } else { 'C' },
                    parent_code,
                    n + 1
                );
                for &i in &g.members {
                    group_of_member.insert(i, group_id.clone());
                }
                if g.members.iter().any(|&i| consent[i].blocks()) {
                    state.result.consent.push(ConsentEvent {
                        phase,
                        level,
                        province_code: province.clone().unwrap_or_else(|| parent_code.clone()),
                        parent_code: parent_code.clone(),
                        proposed: g
                            .members
                            .iter()
                            .map(|&i| state.map.unit(slots[i]).clone())
                            .collect(),
                        failing: g
                            .members
                            .iter()
                            .filter(|&&i| consent[i].blocks())
                            .map(|&i| state.map.unit(slots[i]).code.clone())
                            .collect(),
                        kept_as: Some(group_id.clone()),
                        outcome: Vec::new(),
                    });
                }
                merged_here.extend(g.members.iter().copied());
                let member_slots: Vec<Slot> = g.members.iter().map(|&i| slots[i]).collect();
                let members: Vec<Member> = g
                    .members
                    .iter()
                    .map(|&i| Member {
                        unit: state.map.unit(slots[i]).clone(),
                        parent_kind: Some(parent_kind),
                        is_target: problem.unit(i).is_target,
                        assessment: assessments[i].clone(),
                    })
                    .collect();
                let us: Vec<&Unit> = members.iter().map(|m| &m.unit).collect();
                let code = us[naming_member(&us)].code.clone();
                let new_unit = merged_unit(&us, code, Some(parent_code.clone()), round_of(phase));
                let (proposed_name, alternatives) = proposed_names(&us, new_unit.kind);
                let std = rules.standard_at(&new_unit, &placement);
                let area_ratio = new_unit.area_km2.map(|a| a / std.area_km2);
                let population_ratio = new_unit.population.map(|p| p as f64 / std.population);
                let encouraged_only = members
                    .iter()
                    .all(|m| m.assessment.status != Status::Mandatory);
                let depends_on = if level == Level::Commune {
                    state.district_group_of.get(&parent_code).cloned()
                } else {
                    None
                };
                if level == Level::District {
                    state
                        .district_group_of
                        .insert(new_unit.code.clone(), group_id.clone());
                }
                let inner_border_km = problem.inner_border_m(&g.members) as f64 / 1000.0;
                let member_kinds = (level == Level::District)
                    .then(|| kinds_of(&state.map, &slots, &child_kinds, &g.members));
                let new_slot = state.map.apply_merge(&member_slots, new_unit.clone());
                after -= g.members.len() - 1;
                let urban = match member_kinds {
                    Some(mk) => {
                        let choice = choose_district_kind(rules, sc.district_kind, &mk);
                        if !choice.convert.is_empty() {
                            let changes = convert_children(
                                &mut state.map,
                                rules,
                                new_slot,
                                &choice.convert,
                                province_unit.as_ref(),
                                (phase, &group_id),
                            );
                            state.result.changes.extend(changes);
                        }
                        let mut after_kinds = ChildKinds::default();
                        for c in state.map.children(new_slot) {
                            after_kinds.add(state.map.unit(c).kind);
                        }
                        urban_check(rules, new_unit.kind, &mk, after_kinds)
                    }
                    None => None,
                };
                state.result.groups.push(PlannedGroup {
                    group_id,
                    phase,
                    level,
                    province_code: province.clone().unwrap_or_else(|| parent_code.clone()),
                    parent_code: parent_code.clone(),
                    parent_kind,
                    members,
                    new_unit,
                    proposed_name,
                    alternatives,
                    standard_area_km2: std.area_km2,
                    standard_population: std.population,
                    area_ratio,
                    population_ratio,
                    meets_standard: area_ratio.is_some_and(|a| a >= 1.0)
                        && population_ratio.is_some_and(|p| p >= 1.0),
                    standard_id: std.id.clone(),
                    standard_tag: std.area_tag.weakest(std.population_tag),
                    name_change: None,
                    urban,
                    inner_border_km,
                    encouraged_only,
                    depends_on,
                });
            }
            let index_of: HashMap<&UnitCode, usize> =
                codes.iter().enumerate().map(|(i, c)| (c, i)).collect();
            for (proposed, failing) in declined_units {
                let outcome = proposed
                    .iter()
                    .filter(|u| !failing.contains(&u.code))
                    .map(|u| {
                        let g = index_of
                            .get(&u.code)
                            .and_then(|i| group_of_member.get(i))
                            .cloned();
                        (u.code.clone(), g)
                    })
                    .collect();
                state.result.consent.push(ConsentEvent {
                    phase,
                    level,
                    province_code: province.clone().unwrap_or_else(|| parent_code.clone()),
                    parent_code: parent_code.clone(),
                    proposed,
                    failing,
                    kept_as: None,
                    outcome,
                });
            }
            for u in &plan.unresolved {
                state.result.unresolved.push(UnresolvedTarget {
                    phase,
                    unit: state.map.unit(slots[u.unit]).clone(),
                    parent_code: parent_code.clone(),
                    reason: if deferred.contains(&u.unit) {
                        UnresolvedReason::ConsentNotReached
                    } else {
                        u.reason.clone()
                    },
                    best_option: u
                        .best_option
                        .as_ref()
                        .map(|g| {
                            g.members
                                .iter()
                                .map(|&i| state.map.unit(slots[i]).code.clone())
                                .collect()
                        })
                        .unwrap_or_default(),
                    assessment: assessments[u.unit].clone(),
                });
            }
        }
        if let Some(l) = &listed {
            for (i, (s, a)) in slots.iter().zip(&assessments).enumerate() {
                let u = state.map.unit(*s);
                if a.status == Status::Mandatory
                    && !l.contains(&u.code)
                    && !merged_here.contains(&i)
                {
                    state.result.unresolved.push(UnresolvedTarget {
                        phase,
                        unit: u.clone(),
                        parent_code: parent_code.clone(),
                        reason: UnresolvedReason::DeferredByProvince,
                        best_option: Vec::new(),
                        assessment: a.clone(),
                    });
                }
            }
        }
        state
            .result
            .counts
            .insert((phase, level, parent_code.clone()), (before, after));
        let prov = province.clone().unwrap_or_else(|| parent_code.clone());
        state
            .result
            .assessment_province
            .extend(std::iter::repeat_n(prov.clone(), assessments.len()));
        state
            .result
            .parent_province
            .insert(parent_code.clone(), prov);
        state.result.assessments.extend(assessments);
    }
    Ok(())
}

fn build_problem(
    map: &WorkMap,
    slots: &[Slot],
    units: Vec<PlannerUnit>,
    sc: &Scenario,
    phase: Phase,
) -> Result<ParentProblem, ProblemError> {
    let local: BTreeMap<Slot, usize> = slots.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut p = ParentProblem::new(units)?;
    for (i, s) in slots.iter().enumerate() {
        p.set_urban(i, map.unit(*s).kind.is_urban())?;
        for (n, km) in map.neighbours(*s) {
            match local.get(&n) {
                Some(&j) if i < j => p.add_edge(i, j, km)?,
                Some(_) => {}
                None => p.add_outer_border(i, km)?,
            }
        }
    }
    let idx = |c: &UnitCode| map.slot_of(c).and_then(|s| local.get(&s).copied());
    for (a, b) in &sc.locks.forbidden_pairs {
        if let (Some(i), Some(j)) = (idx(a), idx(b)) {
            p.forbid_pair(i, j)?;
        }
    }
    for set in &sc.locks.merge_together {
        let local_set: Vec<usize> = set.iter().filter_map(idx).collect();
        if local_set.len() >= 2 {
            p.merge_together(&local_set)?;
        }
    }
    for (_, set) in sc.locks.fixed.iter().filter(|(p, _)| *p == phase) {
        let local_set: Vec<usize> = set.iter().filter_map(idx).collect();
        if local_set.len() == set.len() && local_set.len() >= 2 {
            p.merge_together(&local_set)?;
        }
    }
    Ok(p)
}

/// The class used for staffing when the `class` column is empty.
pub fn class_or_default(unit: &Unit, default: UnitClass) -> UnitClass {
    unit.attrs.class.unwrap_or(default)
}
