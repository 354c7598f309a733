//! The merge planner core: exact merge groups for one parent.
//!
//! For one parent (a province for districts, a district for communes) the
//! planner enumerates every candidate group — 2..K adjacent eligible units
//! holding at least one target ([`candidates`]) — asks the caller to evaluate
//! the unit each group would form, and selects disjoint groups minimising the
//! [`Objective`] exactly, by branch and bound (module `select`). Every target left
//! without a group gets an [`UnresolvedReason`] and its best partial option.
//!
//! The core knows nothing of the legal rules: the caller supplies, per unit,
//! area, population, whether it is a target and whether it may join a group
//! ([`ParentProblem`]), and a closure that judges a merged group
//! ([`GroupEval`]). See docs/architecture.md, "The planner".
//!
//! # Examples
//! ```
//! use reorg::planner::{plan_parent, Eligibility, GroupEval, ParentProblem, PlannerOptions, PlannerUnit};
//!
//! // A path 0 – 1 – 2 whose middle unit is a target.
//! let unit = |is_target| PlannerUnit { area_km2: 10.0, population: 4_000, is_target, eligibility: Eligibility::Eligible };
//! let mut p = ParentProblem::new(vec![unit(false), unit(true), unit(false)])?;
//! p.add_edge(0, 1, 2.0)?;
//! p.add_edge(1, 2, 3.0)?;
//! let plan = plan_parent(&p, |members| {
//!     let pop: u64 = members.iter().map(|&u| p.unit(u).population).sum();
//!     GroupEval { meets_standard: pop >= 8_000, area_ratio: 1.0, population_ratio: pop as f64 / 8_000.0, oversize: false, kind_conflict: false }
//! }, &PlannerOptions::default())?;
//! // One partner suffices; the longer shared border wins.
//! assert_eq!(plan.groups[0].members, vec![1, 2]);
//! assert!(plan.optimal && plan.unresolved.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod candidates;
pub mod cost;
pub mod explain;
pub mod problem;
mod select;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use candidates::{
    CANDIDATE_WORK, Enumeration, GroupEval, enumerate, enumerate_within, group_cost,
};
pub use cost::{Cost, Objective, ObjectiveKey, Term, Weights};
pub use explain::{EligibilityTag, PlanNote, UnresolvedReason};
pub use problem::{Eligibility, ParentProblem, PlannerUnit, ProblemError};

/// Whether a new unit must meet the standard (NQ 35/2023 Điều 4; docs/legal-basis.md
/// §2.5: approved merges below the area standard exist, so soft is default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardMode {
    /// Below-standard groups are allowed and cost [`Term::BelowStandard`].
    #[default]
    Soft,
    /// Groups whose new unit does not meet the standard are discarded.
    Hard,
}

/// The largest supported K. Candidate counts grow like Δ^(K−1), so a larger
/// K is impractical anyway; the bound keeps the search's integer scale
/// (lcm(1..=K) = 27,720) small.
pub const MAX_GROUP_SIZE: usize = 12;

/// Planner settings. Every field has a default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlannerOptions {
    /// K: the most units in one group (2..=[`MAX_GROUP_SIZE`]; default 4). A planning choice:
    /// docs/legal-basis.md §2.6 finds no legal maximum (tag U).
    pub max_group_size: usize,
    /// Soft or hard new-unit standard.
    pub standard: StandardMode,
    /// How plans are compared.
    pub objective: Objective,
    /// Guard: at most this many candidate groups per parent (default 200,000).
    pub max_candidates: usize,
    /// Guard: at most this many search nodes per independent component
    /// (default 1,000,000). The search keeps a table entry (about 100 bytes)
    /// per node, and stops when the table would pass 256 MiB.
    pub max_nodes: u64,
    /// The deterministic work budget of one parent (default
    /// [`DEFAULT_WORK_BUDGET`]): enumeration steps, candidate evaluations
    /// ([`CANDIDATE_WORK`] each), dominance checks and search steps (every
    /// option looked at, including the rescans when a choice advances the
    /// other targets' options) all count, about 10⁸ units a second. Past it
    /// the planner returns the best plan found with the gap
    /// ([`ParentPlan::gap`]); the same input gives the same plan on any
    /// machine.
    pub work_budget: u64,
}

/// The default work budget of one parent: about a second. The hardest
/// parent of the 2023 national data needs about 1/40 of it.
pub const DEFAULT_WORK_BUDGET: u64 = 100_000_000;

impl Default for PlannerOptions {
    fn default() -> Self {
        PlannerOptions {
            max_group_size: 4,
            standard: StandardMode::Soft,
            objective: Objective::default(),
            max_candidates: 200_000,
            max_nodes: 1_000_000,
            work_budget: DEFAULT_WORK_BUDGET,
        }
    }
}

/// Invalid [`PlannerOptions`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PlannerError {
    /// `max_group_size` is below 2.
    #[error("max_group_size = {0}: a merge needs at least 2 units")]
    GroupSizeTooSmall(usize),
    /// `max_group_size` is above [`MAX_GROUP_SIZE`].
    #[error("max_group_size = {0}: at most {MAX_GROUP_SIZE} units per merge are supported")]
    GroupSizeTooLarge(usize),
    /// The objective's values are too large for exact integer arithmetic
    /// (in practice: weights far too large).
    #[error("objective values too large for exact arithmetic; use smaller weights")]
    ObjectiveOverflow,
    /// A term appears twice in the objective's order.
    #[error("objective term {0:?} is listed twice")]
    DuplicateTerm(Term),
    /// The objective's order lists more terms than a key holds.
    #[error("objective order lists {0} terms; at most {max} are compared in order (weight the others)", max = cost::KEY_LEN - 1)]
    OrderTooLong(usize),
}

/// A group of the plan (or a candidate reported as a best partial option).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Group {
    /// Member units (local indices), ascending.
    pub members: Vec<usize>,
    /// Summed area of the members, km².
    pub area_km2: f64,
    /// Summed population of the members.
    pub population: u64,
    /// The caller's evaluation of the new unit.
    pub eval: GroupEval,
    /// The group's cost terms.
    pub cost: Cost,
}

/// A target left without a group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unresolved {
    /// The target (local index).
    pub unit: usize,
    /// Why.
    pub reason: UnresolvedReason,
    /// The cheapest candidate group holding it, if any (in hard mode it may
    /// be one that fails the standard).
    pub best_option: Option<Group>,
}

/// How far a non-proven plan may be from the optimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The key of the plan returned.
    pub best: ObjectiveKey,
    /// A lower bound on the optimal key.
    pub lower_bound: ObjectiveKey,
}

/// Counters of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PlanStats {
    /// Candidate groups enumerated.
    pub candidates: usize,
    /// Candidate groups allowed (all in soft mode; those meeting the standard in hard mode).
    pub allowed: usize,
    /// The candidate cap stopped enumeration.
    pub candidate_cap_hit: bool,
    /// Independent components of targets.
    pub components: usize,
    /// Search nodes visited.
    pub nodes: u64,
    /// A limit (nodes, work budget, memory) stopped the search of some
    /// component.
    pub node_limit_hit: bool,
    /// Work done, in the units of [`PlannerOptions::work_budget`].
    pub work: u64,
    /// The work budget stopped the enumeration or the search.
    pub budget_hit: bool,
}

/// The plan of one parent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ParentPlan {
    /// Chosen groups, disjoint, sorted by member list.
    pub groups: Vec<Group>,
    /// Targets without a group, ascending.
    pub unresolved: Vec<Unresolved>,
    /// Notes on targets, ascending by target.
    pub notes: Vec<(usize, PlanNote)>,
    /// Total cost: groups' costs plus one `unresolved` per unresolved target.
    pub total: Cost,
    /// `objective.key(&total)`.
    pub key: ObjectiveKey,
    /// Proven optimal (no guard was hit).
    pub optimal: bool,
    /// The gap when a search limit was hit (`None` when optimal, or when
    /// the enumeration stopped at the candidate cap or the budget: then no
    /// bound is known).
    pub gap: Option<Gap>,
    /// Counters.
    pub stats: PlanStats,
}

impl PlannerOptions {
    /// Checks the options.
    ///
    /// # Errors
    /// [`PlannerError`] naming the first invalid setting.
    pub fn validate(&self) -> Result<(), PlannerError> {
        if self.max_group_size < 2 {
            return Err(PlannerError::GroupSizeTooSmall(self.max_group_size));
        }
        if self.max_group_size > MAX_GROUP_SIZE {
            return Err(PlannerError::GroupSizeTooLarge(self.max_group_size));
        }
        if let Some(t) = self.objective.duplicate_term() {
            return Err(PlannerError::DuplicateTerm(t));
        }
        if self.objective.order.len() >= cost::KEY_LEN {
            return Err(PlannerError::OrderTooLong(self.objective.order.len()));
        }
        Ok(())
    }
}

fn make_group(problem: &ParentProblem, members: &[usize], eval: GroupEval, cost: Cost) -> Group {
    Group {
        members: members.to_vec(),
        area_km2: members.iter().map(|&u| problem.unit(u).area_km2).sum(),
        population: members.iter().map(|&u| problem.unit(u).population).sum(),
        eval,
        cost,
    }
}

/// Plans one parent: the optimal set of disjoint merge groups.
///
/// # Arguments
/// - `problem`: the parent's units, adjacency and locks;
/// - `eval`: called once per candidate group with its sorted member
///   indices; builds the merged unit and judges it against the standards;
/// - `opts`: group size, standard mode, objective and guards.
///
/// # Returns
/// The groups, the unresolved targets with reasons, notes, the total cost,
/// whether the plan is proven optimal, and the gap otherwise.
///
/// # Errors
/// [`PlannerError`] if `opts` is invalid.
///
/// # Complexity
/// Enumeration O(C · K · Δ) for C candidates (see [`enumerate`]), C calls of
/// `eval`, dominance O(C · 2^K · K log C), then the search: exponential in the
/// worst case, bounded by `opts.max_nodes` per component. On the 2023
/// commune map (K = 4) a district with a few targets needs a few dozen
/// nodes; the hardest, with 30 targets among 37 communes, about 10⁵.
pub fn plan_parent(
    problem: &ParentProblem,
    mut eval: impl FnMut(&[usize]) -> GroupEval,
    opts: &PlannerOptions,
) -> Result<ParentPlan, PlannerError> {
    opts.validate()?;
    let (groups, enum_work) = enumerate_within(
        problem,
        opts.max_group_size,
        opts.max_candidates,
        opts.work_budget,
    );
    let mut evals = Vec::with_capacity(groups.len());
    let mut costs = Vec::with_capacity(groups.len());
    let mut keys = Vec::with_capacity(groups.len());
    let mut allowed = Vec::with_capacity(groups.len());
    for members in groups.iter() {
        let e = eval(members);
        let c = group_cost(problem, members, &e);
        keys.push(opts.objective.key(&c));
        // A fixed set is formed below as given, never chosen by the search.
        allowed.push(
            !e.kind_conflict
                && (opts.standard == StandardMode::Soft || e.meets_standard)
                && !problem.is_fixed(members[0]),
        );
        evals.push(e);
        costs.push(c);
    }
    let targets: Vec<usize> = (0..problem.len())
        .filter(|&u| problem.is_active_target(u) && !problem.is_fixed(u))
        .collect();
    // Every plan's key, scaled by lcm(1..=K) in the search, is a sum of at
    // most `targets + 1` group or unresolved keys: keep it far from i64::MAX.
    let unresolved_key = opts.objective.key(&Cost::UNRESOLVED);
    let largest = keys
        .iter()
        .chain([&unresolved_key])
        .map(ObjectiveKey::max_abs)
        .max()
        .unwrap_or(0);
    let limit = i64::MAX / 4 / select::scale(opts.max_group_size) / (problem.len() as i64 + 2);
    if largest >= limit {
        return Err(PlannerError::ObjectiveOverflow);
    }
    let cands = select::Candidates {
        groups: &groups,
        keys: &keys,
        allowed: &allowed,
        unresolved: unresolved_key,
    };
    let sel = select::select(
        problem.len(),
        &targets,
        &cands,
        opts.max_group_size,
        opts.max_nodes,
        opts.work_budget.saturating_sub(enum_work),
    );

    let facts = explain::Facts::new(
        problem,
        &groups,
        &evals,
        &allowed,
        &sel.chosen,
        groups.cap_hit,
    );
    let mut grouped = vec![false; problem.len()];
    let mut total = Cost::default();
    let mut out_groups = Vec::with_capacity(sel.chosen.len());
    for &g in &sel.chosen {
        let members = groups.group(g);
        for &u in members {
            grouped[u] = true;
        }
        total += costs[g];
        out_groups.push(make_group(problem, members, evals[g], costs[g]));
    }
    // The fixed sets, formed exactly as given (`merge_together`).
    let mut fixed_key = ObjectiveKey::default();
    for members in problem.together_sets() {
        let e = eval(members);
        let c = group_cost(problem, members, &e);
        for &u in members {
            grouped[u] = true;
        }
        total += c;
        fixed_key += opts.objective.key(&c);
        out_groups.push(make_group(problem, members, e, c));
    }
    out_groups.sort_by(|a, b| a.members.cmp(&b.members));
    let grouped_targets = targets.iter().filter(|&&t| grouped[t]).count();

    let mut unresolved = Vec::new();
    let mut notes = Vec::new();
    for t in (0..problem.len()).filter(|&u| problem.unit(u).is_target) {
        if opts.standard == StandardMode::Soft && facts.standard_unreachable(t) {
            notes.push((t, PlanNote::StandardUnreachableWithinK));
        }
        if grouped[t] {
            continue;
        }
        total += Cost::UNRESOLVED;
        let best_option = facts
            .holding(t)
            .min_by_key(|&g| (keys[g], g))
            .map(|g| make_group(problem, groups.group(g), evals[g], costs[g]));
        unresolved.push(Unresolved {
            unit: t,
            reason: facts.reason(t),
            best_option,
        });
    }
    let key = opts.objective.key(&total);
    let optimal = !groups.cap_hit && !sel.node_limit_hit;
    // Targets that may not join a group are unresolved in every plan.
    let fixed = opts
        .objective
        .key(&Cost::UNRESOLVED)
        .scaled((unresolved.len() - (targets.len() - grouped_targets)) as i64)
        + fixed_key;
    debug_assert_eq!(key, sel.best + fixed, "the plan's key is the search's");
    let gap = (sel.node_limit_hit && !groups.cap_hit).then_some(Gap {
        best: key,
        lower_bound: sel.lower_bound + fixed,
    });
    Ok(ParentPlan {
        groups: out_groups,
        unresolved,
        notes,
        total,
        key,
        optimal,
        gap,
        stats: PlanStats {
            candidates: groups.len(),
            allowed: allowed.iter().filter(|&&a| a).count(),
            candidate_cap_hit: groups.cap_hit,
            components: sel.components,
            nodes: sel.nodes,
            node_limit_hit: sel.node_limit_hit,
            work: enum_work + sel.work,
            budget_hit: enum_work + sel.work > opts.work_budget,
        },
    })
}
