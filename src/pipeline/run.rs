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

use super::changes::{StandardVerdict, StructureCause, UnitChange};
use super::merge::{
    merged_profile, merged_unit, naming_member, naming_order, proposed_names, with_prefix,
};
use super::workmap::{Slot, WorkMap};
use crate::assess::{Assessment, Status, assess_unit_at, exemptions_for};
use crate::legal::{
    ChildKinds, NameChange, NameUnit, UrbanCheck, choose_district_kind, conversion_target,
    resolve_names, urban_check,
};
use crate::model::{
    ArrangedIn, Dataset, Level, Phase, Unit, UnitClass, UnitCode, UnitKind, short_name_of,
};
use crate::planner::{
    Eligibility, GroupEval, ParentProblem, PlannerError, PlannerOptions, PlannerUnit, ProblemError,
    UnresolvedReason, plan_parent,
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
            stats: RunStats {
                not_optimal: self
                    .stats
                    .not_optimal
                    .iter()
                    .filter(|(_, p)| in_p(p))
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
            stats: RunStats::default(),
        },
        district_group_of: BTreeMap::new(),
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
        unique_names(&mut state, opts, phase);
    }
    state.result.final_map = state.map;
    Ok(state.result)
}

struct State {
    map: WorkMap,
    result: PlanResult,
    /// New district code -> id of the district merge that formed it in this phase.
    district_group_of: BTreeMap<UnitCode, String>,
    /// Assessments of the first phase on the map as loaded, by code.
    original: HashMap<UnitCode, Assessment>,
    /// The first phase of the rule set.
    first_phase: Option<Phase>,
    /// Parent of every live district and commune at the start of the phase.
    start_parent: HashMap<UnitCode, Option<UnitCode>>,
}

/// The assessment of every district and commune (of the province asked)
/// in `phase` on the map as loaded: what `reorg assess` gives
/// ([`assess_dataset`]), with the placement computed once per parent.
///
/// # Complexity
/// O(n · (s + r + c + e)) plus one placement per parent.
fn original_assessments(
    ds: &Dataset,
    opts: &RunOptions<'_>,
    phase: Phase,
) -> HashMap<UnitCode, Assessment> {
    let want = opts.province.as_ref().and_then(|p| ds.id_of(p));
    let mut placements: HashMap<Option<crate::model::UnitId>, Placement> = HashMap::new();
    let mut out = HashMap::new();
    for level in [Level::District, Level::Commune] {
        for id in ds.ids_at(level) {
            if want.is_some() && ds.province_of(id) != want {
                continue;
            }
            let at = *placements
                .entry(ds.parent(id))
                .or_insert_with(|| Placement::in_dataset(ds, id));
            let u = ds.unit(id);
            out.insert(u.code.clone(), assess_unit_at(opts.rules, u, &at, phase));
        }
    }
    out
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
    let never: HashSet<&UnitCode> = sc.locks.never_merge.iter().collect();
    let encouraged: HashSet<&UnitCode> = sc.encouraged.iter().collect();
    let total = by_parent.len();
    for (done, (parent_code, slots)) in by_parent.into_iter().enumerate() {
        if let Some(p) = opts.progress {
            p(done, total);
        }
        let Some(parent_slot) = state.map.slot_of(&parent_code) else {
            continue;
        };
        let province = province_of(&state.map, parent_slot);
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
        // Commune kinds held by each district (district step only).
        let child_kinds: HashMap<Slot, ChildKinds> = if level == Level::District {
            let communes = state.map.children_by_parent(Level::Commune);
            slots
                .iter()
                .map(|&s| {
                    let mut c = ChildKinds::default();
                    for k in communes
                        .get(&state.map.unit(s).code)
                        .map_or(&[][..], Vec::as_slice)
                    {
                        c.add(state.map.unit(*k).kind);
                    }
                    (s, c)
                })
                .collect()
        } else {
            HashMap::new()
        };
        let mut units = Vec::with_capacity(slots.len());
        for (s, a) in slots.iter().zip(&assessments) {
            let u = state.map.unit(*s);
            let exemptions = exemptions_for(rules, u, phase);
            let exempt = !exemptions.is_empty();
            let allowed_partner = exemptions
                .iter()
                .all(|e| sc.exempt_partners.contains(&e.id));
            let is_target = a.status == Status::Mandatory
                || (encouraged.contains(&u.code)
                    && !exempt
                    && a.status != Status::Unknown
                    && !never.contains(&u.code));
            let eligibility =
                if never.contains(&u.code) || u.area_km2.is_none() || u.population.is_none() {
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
        let problem = build_problem(&state.map, &slots, units, sc).map_err(|source| {
            PipelineError::Problem {
                parent: parent_code.clone(),
                source,
            }
        })?;
        let has_target = problem.units().iter().any(|u| u.is_target);
        let mut after = before;
        if has_target {
            let map = &state.map;
            let eval = |members: &[usize]| -> GroupEval {
                let us: Vec<&Unit> = members.iter().map(|&i| map.unit(slots[i])).collect();
                // The code and parent do not affect the standard: skip the naming work.
                let merged = merged_profile(&us, UnitCode(String::new()), None, round_of(phase));
                let std = rules.standard_at(&merged, &placement);
                let a = merged.area_km2.unwrap_or(0.0) / std.area_km2;
                let p = merged.population.unwrap_or(0) as f64 / std.population;
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
            let plan = plan_parent(&problem, eval, planner_opts)?;
            state.result.stats.parents += 1;
            state.result.stats.candidates += plan.stats.candidates;
            state.result.stats.nodes += plan.stats.nodes;
            if !plan.optimal {
                state
                    .result
                    .stats
                    .not_optimal
                    .push((phase, parent_code.clone()));
            }
            for (n, g) in plan.groups.iter().enumerate() {
                let group_id = format!(
                    "{}{}-{}-{}",
                    phase_no(phase),
                    if level == Level::District { 'D' } else { 'C' },
                    parent_code,
                    n + 1
                );
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
            for u in &plan.unresolved {
                state.result.unresolved.push(UnresolvedTarget {
                    phase,
                    unit: state.map.unit(slots[u.unit]).clone(),
                    parent_code: parent_code.clone(),
                    reason: u.reason.clone(),
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

/// The kind and commune kinds of the members (local indices) of a district group.
fn kinds_of(
    map: &WorkMap,
    slots: &[Slot],
    child_kinds: &HashMap<Slot, ChildKinds>,
    members: &[usize],
) -> Vec<(UnitKind, ChildKinds)> {
    members
        .iter()
        .map(|&i| {
            let s = slots[i];
            (
                map.unit(s).kind,
                child_kinds.get(&s).copied().unwrap_or_default(),
            )
        })
        .collect()
}

/// Converts the communes of the district in `slot` whose kind is in
/// `convert` (convert mode, [`crate::legal::kinds`]): each takes the kind
/// [`conversion_target`] gives and its name with the new prefix, and is
/// judged against the standard of its new kind under its new parent.
///
/// # Complexity
/// O(n) to find the children, plus O(s + r) per conversion.
fn convert_children(
    map: &mut WorkMap,
    rules: &RuleSet,
    district: Slot,
    convert: &[UnitKind],
    province: Option<&Unit>,
    (phase, group_id): (Phase, &str),
) -> Vec<UnitChange> {
    let d = map.unit(district).clone();
    let at = Placement::with_province(Some(d.kind), province);
    let source = rules
        .structure_of(d.kind)
        .map_or_else(String::new, |s| s.source.clone());
    let mut out = Vec::new();
    for c in map.children(district) {
        let before = map.unit(c).clone();
        if !convert.contains(&before.kind) {
            continue;
        }
        let as_ward = Unit {
            kind: UnitKind::Phuong,
            ..before.clone()
        };
        let meets_ward = StandardVerdict::of(rules, &as_ward, &at).meets;
        let Some(to) = conversion_target(rules, d.kind, before.kind, meets_ward) else {
            continue;
        };
        let after = Unit {
            kind: to,
            name: with_prefix(to, before.short_name()),
            ..before.clone()
        };
        out.push(UnitChange {
            phase,
            level: Level::Commune,
            code: before.code.clone(),
            province_code: province.map_or_else(|| d.code.clone(), |p| p.code.clone()),
            parent_code: d.code.clone(),
            name: before.name.clone(),
            kind_before: before.kind,
            kind_after: to,
            name_after: after.name.clone(),
            verdict: Some(StandardVerdict::of(rules, &after, &at)),
            structure: Some(StructureCause {
                group_id: group_id.to_string(),
                district_name: d.name.clone(),
                district_kind: d.kind,
                missed_ward_standard: before.kind == UnitKind::ThiTran && to == UnitKind::Xa,
                source: source.clone(),
            }),
            name_change: None,
        });
        *map.unit_mut(c) = after;
    }
    out
}

/// Makes the names of every parent unique at the end of `phase`
/// ([`resolve_names`]): districts within each province, communes within
/// each district. A renamed merged unit changes its group's proposed name;
/// a renamed unit that was converted changes its conversion row; any other
/// renamed unit gets a row of its own.
///
/// # Complexity
/// O(n log n) per level, plus the renames.
fn unique_names(state: &mut State, opts: &RunOptions<'_>, phase: Phase) {
    for level in [Level::District, Level::Commune] {
        let formed: HashMap<UnitCode, usize> = state
            .result
            .groups
            .iter()
            .enumerate()
            .filter(|(_, g)| g.phase == phase && g.level == level)
            .map(|(i, g)| (g.new_unit.code.clone(), i))
            .collect();
        let converted: HashMap<UnitCode, usize> = state
            .result
            .changes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.phase == phase && c.level == level)
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        for (parent, slots) in state.map.children_by_parent(level) {
            let Some(parent_slot) = state.map.slot_of(&parent) else {
                continue;
            };
            let province = province_of(&state.map, parent_slot);
            if let Some(want) = &opts.province
                && province.as_ref() != Some(want)
            {
                continue;
            }
            let units: Vec<NameUnit> = slots
                .iter()
                .map(|&s| {
                    let u = state.map.unit(s);
                    let group = formed.get(&u.code).map(|&i| &state.result.groups[i]);
                    let start = state.start_parent.get(&u.code).cloned().flatten();
                    let stayed = start.as_ref() == Some(&parent);
                    NameUnit {
                        code: u.code.clone(),
                        kind: u.kind,
                        name: u.name.clone(),
                        rank: if group.is_some() {
                            2
                        } else {
                            u8::from(converted.contains_key(&u.code))
                        },
                        stayed,
                        population: u.population.unwrap_or(0),
                        members: group.map_or_else(Vec::new, |g| {
                            let us: Vec<&Unit> = g.members.iter().map(|m| &m.unit).collect();
                            naming_order(&us)
                                .into_iter()
                                .map(|i| us[i].short_name().to_string())
                                .collect()
                        }),
                        former_parent: (!stayed)
                            .then(|| start.and_then(|p| state.result.names.get(&p)))
                            .flatten()
                            .map(|n| short_name_of(n).to_string()),
                    }
                })
                .collect();
            let resolution = resolve_names(&units);
            for r in resolution.renames {
                let slot = slots[r.index];
                let before = state.map.unit(slot).clone();
                state.map.unit_mut(slot).name = r.to.clone();
                if level == Level::District {
                    state.result.names.insert(before.code.clone(), r.to.clone());
                }
                if let Some(&gi) = formed.get(&before.code) {
                    let g = &mut state.result.groups[gi];
                    g.proposed_name = r.to.clone();
                    g.new_unit.name = r.to.clone();
                    g.alternatives = r.change.alternatives.clone();
                    g.name_change = Some(r.change);
                } else if let Some(&ci) = converted.get(&before.code) {
                    let c = &mut state.result.changes[ci];
                    c.name_after = r.to.clone();
                    c.name_change = Some(r.change);
                } else {
                    state.result.changes.push(UnitChange {
                        phase,
                        level,
                        code: before.code.clone(),
                        province_code: province.clone().unwrap_or_else(|| parent.clone()),
                        parent_code: parent.clone(),
                        name: before.name.clone(),
                        kind_before: before.kind,
                        kind_after: before.kind,
                        name_after: r.to.clone(),
                        verdict: None,
                        structure: None,
                        name_change: Some(r.change),
                    });
                }
            }
        }
    }
}

fn province_of(map: &WorkMap, mut slot: Slot) -> Option<UnitCode> {
    loop {
        let u = map.unit(slot);
        if u.level == Level::Province {
            return Some(u.code.clone());
        }
        slot = map.slot_of(u.parent_code.as_ref()?)?;
    }
}

fn build_problem(
    map: &WorkMap,
    slots: &[Slot],
    units: Vec<PlannerUnit>,
    sc: &Scenario,
) -> Result<ParentProblem, ProblemError> {
    let local: BTreeMap<Slot, usize> = slots.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut p = ParentProblem::new(units)?;
    for (i, s) in slots.iter().enumerate() {
        for (n, km) in map.neighbours(*s) {
            if let Some(&j) = local.get(&n)
                && i < j
            {
                p.add_edge(i, j, km)?;
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
    Ok(p)
}

/// The class used for staffing when the `class` column is empty.
pub fn class_or_default(unit: &Unit, default: UnitClass) -> UnitClass {
    unit.attrs.class.unwrap_or(default)
}
