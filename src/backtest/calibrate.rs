//! Fitting the objective's weights to a past round (`reorg calibrate`).
//!
//! Method (deterministic, documented in docs/calibration.md): a coordinate
//! search on the backtest score. The objective is the weighted sum of
//! [`Term`]s with `unresolved` fixed at [`UNRESOLVED_WEIGHT`] (every target
//! that can be grouped is grouped first); the other weights start from
//! [`start_weights`] (the practice order `disappearing, compactness`
//! written as weights). Each pass visits the [`Param`]s in their fixed
//! order and, for each, tries every value of its grid with the other
//! weights held, keeping a value only if it scores *strictly* better. The
//! search stops after a pass that changed nothing or after `passes` passes.
//! The score is `(exact groups, common pairs, −predicted pairs)`, compared
//! lexicographically (larger is better), so ties never depend on floating
//! point or on the order of a hash map.
//!
//! Fitting is judged out of sample: [`split_provinces`] puts the provinces,
//! sorted by code, alternately into halves A and B; the command fits on A,
//! reports on B, then fits on all.

use std::collections::{BTreeMap, BTreeSet};

use crate::backtest::Scores;
use crate::model::UnitCode;
use crate::planner::{Objective, Term, Weights};

/// The weight of an unresolved target in a calibrated objective: larger
/// than any sum the other terms reach on a parent, so grouping every target
/// that can be grouped stays the first aim.
pub const UNRESOLVED_WEIGHT: i64 = 1_000_000_000;

/// The grid steps every weight is searched on; a term's values are these
/// times its [`Param::scale`]. Weights are not negative: each term is
/// oriented the way the 2019–2021 round points (fewer units disappearing,
/// more shared border, target partners, smaller partners, one kind, new
/// units meeting the standard), and a negative weight on a term that grows
/// with group size drives the exact search towards its work budget.
pub const STEPS: [i64; 12] = [0, 1, 2, 3, 5, 10, 20, 30, 50, 100, 300, 1000];

/// One weight the search may move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// The term weighted.
    pub term: Term,
    /// Unit of the grid: 1,000 for terms that count (groups, units), 1 for
    /// terms in thousandths or metres, so one step weighs alike.
    pub scale: i64,
}

/// The weights searched, in the order each pass visits them.
pub const PARAMS: [Param; 11] = [
    Param {
        term: Term::Disappearing,
        scale: 1000,
    },
    Param {
        term: Term::Compactness,
        scale: 1,
    },
    Param {
        term: Term::BorderShare,
        scale: 1,
    },
    Param {
        term: Term::PulledIn,
        scale: 1000,
    },
    Param {
        term: Term::AreaLog,
        scale: 1,
    },
    Param {
        term: Term::PopulationLog,
        scale: 1,
    },
    Param {
        term: Term::MixedKinds,
        scale: 1000,
    },
    Param {
        term: Term::BelowStandard,
        scale: 1000,
    },
    Param {
        term: Term::PairBelowStandard,
        scale: 1000,
    },
    Param {
        term: Term::PopulationShortfall,
        scale: 1,
    },
    Param {
        term: Term::AreaShortfall,
        scale: 1,
    },
];

/// The search's starting point: the practice order "unresolved, disappearing,
/// compactness" as weights.
pub fn start_weights() -> Weights {
    let mut w = Weights {
        unresolved: UNRESOLVED_WEIGHT,
        ..Weights::default()
    };
    w.set(Term::Disappearing, 100_000);
    w.set(Term::Compactness, 1);
    w
}

/// The objective of `weights`: the weighted sum first, then
/// `disappearing, compactness` to break its ties.
pub fn objective_of(weights: Weights) -> Objective {
    Objective {
        order: vec![Term::Unresolved, Term::Disappearing, Term::Compactness],
        weights: Some(weights),
    }
}

/// A backtest score, larger is better: (exact groups, common pairs,
/// −predicted pairs).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FitScore {
    /// Actual groups reproduced exactly.
    pub exact: usize,
    /// Co-member pairs both predicted and actual.
    pub common_pairs: usize,
    /// Minus the co-member pairs predicted (fewer is better at equal hits).
    pub neg_predicted_pairs: i64,
}

impl From<&Scores> for FitScore {
    fn from(s: &Scores) -> Self {
        FitScore {
            exact: s.exact_groups,
            common_pairs: s.common_pairs,
            neg_predicted_pairs: -(s.predicted_pairs as i64),
        }
    }
}

/// The result of [`coordinate_search`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fit {
    /// The best weights found.
    pub weights: Weights,
    /// Their score.
    pub score: FitScore,
    /// Distinct weight vectors evaluated.
    pub evaluations: usize,
    /// Passes made.
    pub passes: usize,
}

/// Coordinate search of the weights (see the module documentation).
///
/// `eval` scores one weight vector; it is called at most once per distinct
/// vector. The result depends only on `start`, `params`, `passes` and what
/// `eval` returns.
///
/// # Errors
/// The first error `eval` returns.
///
/// # Complexity
/// At most `passes · |params| · |STEPS|` calls of `eval`.
pub fn coordinate_search<E>(
    start: Weights,
    params: &[Param],
    passes: usize,
    mut eval: impl FnMut(&Weights) -> Result<FitScore, E>,
) -> Result<Fit, E> {
    let mut seen: BTreeMap<Vec<i64>, FitScore> = BTreeMap::new();
    let mut score_of = |w: &Weights| -> Result<FitScore, E> {
        let key: Vec<i64> = Term::ALL.iter().map(|&t| w.of(t)).collect();
        if let Some(s) = seen.get(&key) {
            return Ok(*s);
        }
        let s = eval(w)?;
        seen.insert(key, s);
        Ok(s)
    };
    let mut best = start;
    let mut best_score = score_of(&best)?;
    let mut done = 0;
    for _ in 0..passes {
        done += 1;
        let mut changed = false;
        for p in params {
            for step in STEPS {
                let v = step * p.scale;
                if v == best.of(p.term) {
                    continue;
                }
                let mut w = best;
                w.set(p.term, v);
                let s = score_of(&w)?;
                if s > best_score {
                    best = w;
                    best_score = s;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(Fit {
        weights: best,
        score: best_score,
        evaluations: seen.len(),
        passes: done,
    })
}

/// Splits provinces, sorted by code, alternately into halves A (first,
/// third, …) and B.
pub fn split_provinces(provinces: &BTreeSet<UnitCode>) -> (BTreeSet<UnitCode>, BTreeSet<UnitCode>) {
    let mut a = BTreeSet::new();
    let mut b = BTreeSet::new();
    for (i, p) in provinces.iter().enumerate() {
        if i % 2 == 0 {
            a.insert(p.clone());
        } else {
            b.insert(p.clone());
        }
    }
    (a, b)
}

/// Shares of groups of 2, 3, 4 and 5 or more units, in that order (groups of
/// one unit are not merges and are left out).
pub fn size_distribution<G: AsRef<[UnitCode]>>(groups: &[G]) -> [usize; 4] {
    let mut d = [0usize; 4];
    for g in groups {
        let n = g.as_ref().len();
        if n >= 2 {
            d[(n - 2).min(3)] += 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A synthetic score peaked at `target`: the number of weights equal to
    /// their target value.
    fn peaked(target: Weights) -> impl FnMut(&Weights) -> Result<FitScore, ()> {
        move |w| {
            let exact = PARAMS
                .iter()
                .filter(|p| w.of(p.term) == target.of(p.term))
                .count();
            Ok(FitScore {
                exact,
                ..FitScore::default()
            })
        }
    }

    #[test]
    fn search_recovers_separable_optimum_and_is_deterministic() {
        let mut target = start_weights();
        target.set(Term::BorderShare, 30);
        target.set(Term::AreaLog, 10);
        target.set(Term::MixedKinds, 3000);
        target.set(Term::Disappearing, 30_000);
        let a = coordinate_search(start_weights(), &PARAMS, 4, peaked(target)).unwrap();
        let b = coordinate_search(start_weights(), &PARAMS, 4, peaked(target)).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.weights, target);
        assert_eq!(a.score.exact, PARAMS.len());
        // One improving pass, one pass that confirms.
        assert_eq!(a.passes, 2);
    }

    #[test]
    fn split_alternates_by_code() {
        let all: BTreeSet<UnitCode> = ["04", "01", "02", "06"]
            .into_iter()
            .map(UnitCode::from)
            .collect();
        let (a, b) = split_provinces(&all);
        let names =
            |s: &BTreeSet<UnitCode>| s.iter().map(|c| c.as_str().to_string()).collect::<Vec<_>>();
        assert_eq!(names(&a), ["01", "04"]);
        assert_eq!(names(&b), ["02", "06"]);
    }

    #[test]
    fn size_distribution_buckets_five_and_more() {
        let g = |n: usize| {
            (0..n)
                .map(|i| UnitCode::from(i.to_string().as_str()))
                .collect::<Vec<_>>()
        };
        let groups = vec![g(1), g(2), g(2), g(3), g(4), g(5), g(7)];
        assert_eq!(size_distribution(&groups), [2, 1, 1, 2]);
    }
}
