//! Why a target stays without a group, and notes on grouped targets.

use serde::Serialize;

use super::candidates::{Enumeration, GroupEval};
use super::problem::{Eligibility, ParentProblem};

/// Why a target is left without a group. The variants are checked in this
/// order; the first that applies is reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum UnresolvedReason {
    /// The target itself may not join a group: exempt (and exempt partners
    /// not allowed) or locked by the scenario.
    TargetIneligible {
        /// Why.
        eligibility: EligibilityTag,
    },
    /// The target has no adjacent unit inside its parent (e.g. an island,
    /// exemption E1 territory, or the only unit of its parent).
    NoNeighbour,
    /// Every adjacent unit inside the parent is exempt or locked.
    NoEligibleNeighbour {
        /// Adjacent units that are exempt.
        exempt: usize,
        /// Adjacent units that are locked.
        locked: usize,
    },
    /// Eligible neighbours exist, but every connected group of at most K
    /// units holding the target breaks a lock (a forbidden pair, or a
    /// must-merge-together set that would be split or exceed K).
    LocksExcludeAll,
    /// The candidate cap stopped enumeration before any group holding the
    /// target was found (see `PlanStats::candidate_cap_hit`).
    CandidateCapReached,
    /// Hard standard mode: no group of at most K units holding the target
    /// forms a unit meeting the standard (NQ 35/2023 Điều 4).
    StandardUnreachableWithinK,
    /// The province's list for the phase (scenario `targets`) leaves this
    /// mandatory unit out: it is deferred to the next phase.
    DeferredByProvince,
    /// No allowed group holding the target is free, and some group holding
    /// it was refused for a kind conflict ([`super::GroupEval::kind_conflict`]):
    /// the structure rule, not the other targets or the standard, left it
    /// without a group.
    KindConflict,
    /// Every allowed group holding the target overlaps a group chosen for
    /// other targets.
    ConflictWithOtherTargets {
        /// Targets of the chosen groups that block it, ascending.
        blocking: Vec<usize>,
    },
    /// An allowed group was free, but the objective's weights (or the search
    /// limit, see `ParentPlan::optimal`) left the target unresolved.
    ObjectiveTradeOff,
    /// `reorg evaluate`: the province's proposal leaves the target out,
    /// although the planner could arrange it (a target the planner cannot
    /// arrange either keeps the planner's reason).
    NotProposed,
    /// The target's own voters did not agree to the merge proposed for it
    /// (the consultation gate, docs/conditions.md): the unit is deferred.
    /// Set by the pipeline, never by the planner, which knows nothing of
    /// consultations.
    ConsentNotReached,
}

/// [`Eligibility`] as a serialisable tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityTag {
    /// Exempt.
    Exempt,
    /// Locked.
    Locked,
}

/// A remark on a target that does not stop it being grouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanNote {
    /// Soft standard mode: groups exist, but none of at most K units holding
    /// the target meets the standard; the chosen group (if any) is below it.
    StandardUnreachableWithinK,
}

/// The facts the diagnosis needs about the candidates.
pub(crate) struct Facts<'a> {
    pub problem: &'a ParentProblem,
    pub groups: &'a Enumeration,
    pub evals: &'a [GroupEval],
    pub allowed: &'a [bool],
    pub cap_hit: bool,
    /// Per unit: the groups holding it, ascending.
    holding: Vec<Vec<usize>>,
    /// Per unit: the chosen group holding it, if any.
    chosen_of: Vec<Option<usize>>,
}

impl<'a> Facts<'a> {
    /// The facts, with the per-unit indices built once.
    ///
    /// # Complexity
    /// O(C · K) for C candidates.
    pub fn new(
        problem: &'a ParentProblem,
        groups: &'a Enumeration,
        evals: &'a [GroupEval],
        allowed: &'a [bool],
        chosen: &'a [usize],
        cap_hit: bool,
    ) -> Facts<'a> {
        let mut holding = vec![Vec::new(); problem.len()];
        for (g, members) in groups.iter().enumerate() {
            for &u in members {
                holding[u].push(g);
            }
        }
        let mut chosen_of = vec![None; problem.len()];
        for &c in chosen {
            for &u in groups.group(c) {
                chosen_of[u] = Some(c);
            }
        }
        Facts {
            problem,
            groups,
            evals,
            allowed,
            cap_hit,
            holding,
            chosen_of,
        }
    }

    /// The groups holding `t`, ascending.
    pub fn holding(&self, t: usize) -> impl Iterator<Item = usize> + '_ {
        self.holding.get(t).into_iter().flatten().copied()
    }

    /// Whether some group holding `t` exists and none meets the standard.
    pub fn standard_unreachable(&self, t: usize) -> bool {
        let mut any = false;
        for g in self.holding(t).filter(|&g| !self.evals[g].kind_conflict) {
            if self.evals[g].meets_standard {
                return false;
            }
            any = true;
        }
        any
    }

    /// The reason target `t`, left without a group, is unresolved.
    ///
    /// # Complexity
    /// O(C · K) for C candidates.
    pub fn reason(&self, t: usize) -> UnresolvedReason {
        let p = self.problem;
        match p.unit(t).eligibility {
            Eligibility::Exempt => {
                return UnresolvedReason::TargetIneligible {
                    eligibility: EligibilityTag::Exempt,
                };
            }
            Eligibility::Locked => {
                return UnresolvedReason::TargetIneligible {
                    eligibility: EligibilityTag::Locked,
                };
            }
            Eligibility::Eligible => {}
        }
        let nb = p.neighbours(t);
        if nb.is_empty() {
            return UnresolvedReason::NoNeighbour;
        }
        let count = |e: Eligibility| {
            nb.iter()
                .filter(|&&(u, _)| p.unit(u).eligibility == e)
                .count()
        };
        if count(Eligibility::Eligible) == 0 {
            return UnresolvedReason::NoEligibleNeighbour {
                exempt: count(Eligibility::Exempt),
                locked: count(Eligibility::Locked),
            };
        }
        if self.holding(t).next().is_none() {
            return if self.cap_hit {
                UnresolvedReason::CandidateCapReached
            } else {
                UnresolvedReason::LocksExcludeAll
            };
        }
        let mut blocking = Vec::new();
        let mut free = false;
        let mut seen = std::collections::BTreeSet::new();
        for g in self.holding(t).filter(|&g| self.allowed[g]) {
            let members = self.groups.group(g);
            let mut blocked = false;
            for c in members.iter().filter_map(|&u| self.chosen_of[u]) {
                blocked = true;
                if seen.insert(c) {
                    let chosen = self.groups.group(c);
                    blocking.extend(chosen.iter().copied().filter(|&u| p.unit(u).is_target));
                }
            }
            free |= !blocked;
        }
        if free {
            return UnresolvedReason::ObjectiveTradeOff;
        }
        if self.holding(t).any(|g| self.evals[g].kind_conflict) {
            return UnresolvedReason::KindConflict;
        }
        if blocking.is_empty() {
            return UnresolvedReason::StandardUnreachableWithinK;
        }
        blocking.sort_unstable();
        blocking.dedup();
        UnresolvedReason::ConflictWithOtherTargets { blocking }
    }
}
