//! Hand-made planner cases: small maps whose optimal plan is known by
//! reasoning, one behaviour per test (partners, stars, exempt neighbours,
//! the K limit, forbidden pairs, must-merge sets, conflicts, guards).

use reorg::planner::{
    Eligibility, EligibilityTag, GroupEval, Objective, ParentPlan, ParentProblem, PlanNote,
    PlannerError, PlannerOptions, PlannerUnit, StandardMode, Term, UnresolvedReason, Weights,
    plan_parent,
};

const POP_STD: u64 = 8_000;

/// A unit of 10 km² with `population` people.
fn unit(population: u64, is_target: bool) -> PlannerUnit {
    PlannerUnit {
        area_km2: 10.0,
        population,
        is_target,
        eligibility: Eligibility::Eligible,
    }
}

fn with(u: PlannerUnit, eligibility: Eligibility) -> PlannerUnit {
    PlannerUnit { eligibility, ..u }
}

fn problem(units: Vec<PlannerUnit>, edges: &[(usize, usize, f64)]) -> ParentProblem {
    let mut p = ParentProblem::new(units).unwrap();
    for &(a, b, km) in edges {
        p.add_edge(a, b, km).unwrap();
    }
    p
}

/// The standard is population ≥ 8,000; oversize above 40,000.
fn run(p: &ParentProblem, opts: &PlannerOptions) -> ParentPlan {
    plan_parent(
        p,
        |m| {
            let pop: u64 = m.iter().map(|&u| p.unit(u).population).sum();
            GroupEval {
                meets_standard: pop >= POP_STD,
                area_ratio: 1.0,
                population_ratio: pop as f64 / POP_STD as f64,
                oversize: pop > 5 * POP_STD,
                kind_conflict: false,
            }
        },
        opts,
    )
    .unwrap()
}

fn members(plan: &ParentPlan) -> Vec<Vec<usize>> {
    plan.groups.iter().map(|g| g.members.clone()).collect()
}

#[test]
fn path_of_three_middle_target_takes_one_partner_with_the_longer_border() {
    let p = problem(
        vec![unit(5_000, false), unit(4_000, true), unit(5_000, false)],
        &[(0, 1, 1.0), (1, 2, 2.5)],
    );
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(members(&plan), vec![vec![1, 2]]);
    assert_eq!(plan.total.pulled_in, 1);
    assert_eq!(plan.total.shared_border_m, 2_500);
    assert!(plan.optimal && plan.unresolved.is_empty() && plan.gap.is_none());
}

#[test]
fn path_of_three_takes_both_partners_when_one_is_not_enough() {
    // 2,000 + 3,000 < 8,000 but 2,000 + 3,000 + 3,500 ≥ 8,000: meeting the
    // standard (term 2) outweighs pulling in a second unit (term 3).
    let p = problem(
        vec![unit(3_000, false), unit(2_000, true), unit(3_500, false)],
        &[(0, 1, 1.0), (1, 2, 1.0)],
    );
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(members(&plan), vec![vec![0, 1, 2]]);
    assert_eq!(plan.total.below_standard, 0);
}

#[test]
fn star_merges_target_leaves_through_the_centre() {
    // Centre 0 (not a target); leaves 1..=4, of which 1, 2, 3 are targets.
    let mut units = vec![unit(9_000, false)];
    units.extend([true, true, true, false].map(|t| unit(1_000, t)));
    let p = problem(units, &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (0, 4, 1.0)]);
    let plan = run(&p, &PlannerOptions::default());
    // Leaves are only adjacent to the centre: one group takes all three targets.
    assert_eq!(members(&plan), vec![vec![0, 1, 2, 3]]);
    assert_eq!(plan.total.pulled_in, 1);

    // With K = 3 one target cannot be grouped: the centre is taken.
    let opts = PlannerOptions {
        max_group_size: 3,
        ..PlannerOptions::default()
    };
    let plan = run(&p, &opts);
    assert_eq!(members(&plan), vec![vec![0, 1, 2]]);
    assert_eq!(plan.unresolved.len(), 1);
    assert_eq!(plan.unresolved[0].unit, 3);
    assert_eq!(
        plan.unresolved[0].reason,
        UnresolvedReason::ConflictWithOtherTargets {
            blocking: vec![1, 2]
        }
    );
    // Its best option on its own: with the centre, meeting the standard.
    assert_eq!(
        plan.unresolved[0].best_option.as_ref().unwrap().members,
        vec![0, 3]
    );
}

#[test]
fn target_with_only_exempt_or_locked_neighbours_gets_a_reason() {
    let p = problem(
        vec![
            unit(1_000, true),
            with(unit(9_000, false), Eligibility::Exempt),
            with(unit(9_000, false), Eligibility::Exempt),
            with(unit(9_000, false), Eligibility::Locked),
            unit(9_000, false),
        ],
        &[(0, 1, 1.0), (0, 2, 1.0), (0, 3, 1.0), (3, 4, 1.0)],
    );
    let plan = run(&p, &PlannerOptions::default());
    assert!(plan.groups.is_empty());
    assert_eq!(plan.unresolved.len(), 1);
    assert_eq!(
        plan.unresolved[0].reason,
        UnresolvedReason::NoEligibleNeighbour {
            exempt: 2,
            locked: 1
        }
    );
    assert_eq!(plan.unresolved[0].best_option, None);
    assert_eq!(plan.total.unresolved, 1);
}

#[test]
fn isolated_and_ineligible_targets_get_their_reasons() {
    let p = problem(
        vec![
            unit(1_000, true),
            with(unit(1_000, true), Eligibility::Locked),
            unit(9_000, false),
        ],
        &[(1, 2, 1.0)],
    );
    let plan = run(&p, &PlannerOptions::default());
    let reasons: Vec<_> = plan
        .unresolved
        .iter()
        .map(|u| (u.unit, u.reason.clone()))
        .collect();
    assert_eq!(
        reasons,
        vec![
            (0, UnresolvedReason::NoNeighbour),
            (
                1,
                UnresolvedReason::TargetIneligible {
                    eligibility: EligibilityTag::Locked
                }
            ),
        ]
    );
}

#[test]
fn k_limit_soft_groups_below_standard_with_a_note_hard_leaves_it_unresolved() {
    // A path of five units of 2,000: meeting 8,000 needs 4 units; K = 3.
    let p = problem(
        vec![unit(2_000, true); 5]
            .into_iter()
            .enumerate()
            .map(|(i, u)| PlannerUnit {
                is_target: i == 0,
                ..u
            })
            .collect(),
        &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 1.0), (3, 4, 1.0)],
    );
    let soft = PlannerOptions {
        max_group_size: 3,
        ..PlannerOptions::default()
    };
    let plan = run(&p, &soft);
    // Below standard either way: the smaller group disappears fewer units.
    assert_eq!(members(&plan), vec![vec![0, 1]]);
    assert_eq!(plan.total.below_standard, 1);
    assert_eq!(plan.notes, vec![(0, PlanNote::StandardUnreachableWithinK)]);

    let hard = PlannerOptions {
        standard: StandardMode::Hard,
        ..soft.clone()
    };
    let plan = run(&p, &hard);
    assert!(plan.groups.is_empty());
    assert_eq!(
        plan.unresolved[0].reason,
        UnresolvedReason::StandardUnreachableWithinK
    );
    assert_eq!(
        plan.unresolved[0].best_option.as_ref().unwrap().members,
        vec![0, 1]
    );
    assert!(plan.notes.is_empty());

    // K = 4 reaches the standard.
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(members(&plan), vec![vec![0, 1, 2, 3]]);
    assert!(plan.notes.is_empty());
}

#[test]
fn forbidden_pair_steers_the_partner_and_can_exclude_all() {
    let mut p = problem(
        vec![unit(5_000, false), unit(4_000, true), unit(5_000, false)],
        &[(0, 1, 1.0), (1, 2, 2.5)],
    );
    p.forbid_pair(2, 1).unwrap();
    assert_eq!(
        members(&run(&p, &PlannerOptions::default())),
        vec![vec![0, 1]]
    );
    p.forbid_pair(0, 1).unwrap();
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(plan.unresolved[0].reason, UnresolvedReason::LocksExcludeAll);
}

#[test]
fn must_merge_together_set_is_formed_exactly() {
    // 0 (target) – 1 – 2, with {1, 2} fixed as one group: the planner forms
    // it as given and may not add the target to it.
    let mut p = problem(
        vec![unit(4_000, true), unit(5_000, false), unit(5_000, false)],
        &[(0, 1, 1.0), (1, 2, 1.0)],
    );
    p.merge_together(&[1, 2]).unwrap();
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(members(&plan), vec![vec![1, 2]]);
    assert_eq!(plan.unresolved[0].unit, 0);
    assert_eq!(plan.unresolved[0].reason, UnresolvedReason::LocksExcludeAll);

    // A fixed set is formed whatever K, its targets or its shape: here three
    // units, none a target, 0 and 2 not adjacent to each other, with K = 2.
    let opts = PlannerOptions {
        max_group_size: 2,
        ..PlannerOptions::default()
    };
    let mut q = problem(
        vec![
            unit(4_000, false),
            unit(5_000, false),
            unit(5_000, false),
            unit(1_000, true),
        ],
        &[(0, 1, 1.0), (1, 2, 1.0), (2, 3, 2.0)],
    );
    q.merge_together(&[0, 1, 2]).unwrap();
    let plan = run(&q, &opts);
    assert_eq!(members(&plan), vec![vec![0, 1, 2]]);
    assert_eq!(plan.groups[0].population, 14_000);
    assert_eq!(plan.unresolved.len(), 1);
    assert_eq!(plan.unresolved[0].unit, 3);
}

#[test]
fn two_targets_prefer_merging_together() {
    // 0 (target) – 1 (target) – 2; each target alone is below standard.
    let p = problem(
        vec![unit(4_000, true), unit(4_000, true), unit(9_000, false)],
        &[(0, 1, 0.5), (1, 2, 3.0)],
    );
    let plan = run(&p, &PlannerOptions::default());
    assert_eq!(members(&plan), vec![vec![0, 1]]);
    assert_eq!(plan.total.pulled_in, 0);
}

#[test]
fn weights_can_make_leaving_a_target_cheaper() {
    let p = problem(vec![unit(1_000, true), unit(1_000, false)], &[(0, 1, 1.0)]);
    let opts = PlannerOptions {
        objective: Objective {
            order: vec![Term::Unresolved],
            weights: Some(Weights {
                unresolved: 10,
                pulled_in: 11,
                ..Weights::default()
            }),
        },
        ..PlannerOptions::default()
    };
    let plan = run(&p, &opts);
    assert!(plan.groups.is_empty());
    assert_eq!(
        plan.unresolved[0].reason,
        UnresolvedReason::ObjectiveTradeOff
    );
}

/// A 6×6 grid with diagonals, every unit a target of 1,000 people.
fn dense_grid() -> ParentProblem {
    let w = 6;
    let mut edges = Vec::new();
    for y in 0..w {
        for x in 0..w {
            let c = y * w + x;
            if x + 1 < w {
                edges.push((c, c + 1, 1.0 + (c % 3) as f64));
            }
            if y + 1 < w {
                edges.push((c, c + w, 1.0 + (c % 5) as f64));
            }
            if x + 1 < w && y + 1 < w {
                edges.push((c, c + w + 1, 0.1));
            }
        }
    }
    problem(vec![unit(1_000, true); w * w], &edges)
}

#[test]
fn node_limit_returns_the_best_found_with_a_gap() {
    let p = dense_grid();
    let opts = PlannerOptions {
        max_nodes: 50,
        ..PlannerOptions::default()
    };
    let plan = run(&p, &opts);
    assert!(!plan.optimal && plan.stats.node_limit_hit);
    let gap = plan.gap.unwrap();
    assert_eq!(gap.best, plan.key);
    assert!(gap.lower_bound <= gap.best);
    // Still a valid plan: disjoint groups, every target accounted for.
    let mut seen = vec![0; p.len()];
    for g in &plan.groups {
        g.members.iter().for_each(|&u| seen[u] += 1);
    }
    let unresolved = plan.unresolved.len();
    assert_eq!(
        seen.iter().filter(|&&s| s == 1).count() + unresolved,
        p.len()
    );
}

/// A limit that stops the first descent leaves the greedy plan (issue #18:
/// the incumbent is returned with its gap, never an empty plan).
#[test]
fn node_limit_before_any_plan_falls_back_to_the_greedy_plan() {
    let p = dense_grid();
    let opts = PlannerOptions {
        max_nodes: 1,
        ..PlannerOptions::default()
    };
    let plan = run(&p, &opts);
    assert!(!plan.groups.is_empty());
    assert!(plan.total.unresolved < 36);
    let gap = plan.gap.unwrap();
    assert_eq!(gap.best, plan.key);
    assert!(gap.lower_bound <= gap.best);
}

#[test]
fn candidate_cap_is_reported() {
    let p = dense_grid();
    let opts = PlannerOptions {
        max_candidates: 10,
        ..PlannerOptions::default()
    };
    let plan = run(&p, &opts);
    assert!(plan.stats.candidate_cap_hit && !plan.optimal);
    assert_eq!(plan.stats.candidates, 10);
    assert!(
        plan.unresolved
            .iter()
            .any(|u| u.reason == UnresolvedReason::CandidateCapReached)
    );
}

#[test]
fn ties_are_broken_by_candidate_order() {
    // A symmetric path 0 – 1 – 2, target in the middle: {0,1} and {1,2} tie.
    let p = problem(
        vec![unit(5_000, false), unit(4_000, true), unit(5_000, false)],
        &[(0, 1, 1.0), (1, 2, 1.0)],
    );
    assert_eq!(
        members(&run(&p, &PlannerOptions::default())),
        vec![vec![0, 1]]
    );
}

#[test]
fn invalid_options_are_errors() {
    let p = problem(vec![unit(1, true)], &[]);
    let eval = |_: &[usize]| GroupEval {
        meets_standard: true,
        area_ratio: 1.0,
        population_ratio: 1.0,
        oversize: false,
        kind_conflict: false,
    };
    let opts = PlannerOptions {
        max_group_size: 1,
        ..PlannerOptions::default()
    };
    assert_eq!(
        plan_parent(&p, eval, &opts).unwrap_err(),
        PlannerError::GroupSizeTooSmall(1)
    );
    let opts = PlannerOptions {
        objective: Objective {
            order: vec![Term::Oversize, Term::Oversize],
            weights: None,
        },
        ..PlannerOptions::default()
    };
    assert_eq!(
        plan_parent(&p, eval, &opts).unwrap_err(),
        PlannerError::DuplicateTerm(Term::Oversize)
    );
    let opts = PlannerOptions {
        objective: Objective {
            order: vec![Term::Unresolved],
            weights: Some(Weights {
                unresolved: i64::MAX / 8,
                ..Weights::default()
            }),
        },
        ..PlannerOptions::default()
    };
    assert_eq!(
        plan_parent(&p, eval, &opts).unwrap_err(),
        PlannerError::ObjectiveOverflow
    );
}

/// A path of `n` targets of 5,000 people: pairs meet the standard.
fn path_of_targets(n: usize) -> ParentProblem {
    let edges: Vec<(usize, usize, f64)> = (1..n).map(|i| (i - 1, i, 1.0)).collect();
    problem(vec![unit(5_000, true); n], &edges)
}

#[test]
fn long_paths_use_wider_bit_sets_and_pair_up() {
    // 150 and 600 units: components beyond 128 and 512 units.
    for n in [150, 600] {
        let opts = PlannerOptions {
            max_group_size: 3,
            ..PlannerOptions::default()
        };
        let plan = run(&path_of_targets(n), &opts);
        assert!(plan.optimal, "n = {n}");
        assert_eq!(plan.groups.len(), n / 2);
        assert!(plan.groups.iter().all(|g| g.members.len() == 2));
        assert_eq!(plan.total.below_standard, 0);
        assert_eq!(plan.total.disappearing, n as i64 / 2);
    }
}

#[test]
fn a_component_too_large_for_the_exact_search_is_reported() {
    let n = 4_200;
    let opts = PlannerOptions {
        max_group_size: 2,
        ..PlannerOptions::default()
    };
    let plan = run(&path_of_targets(n), &opts);
    assert!(!plan.optimal && plan.stats.node_limit_hit);
    let gap = plan.gap.unwrap();
    assert!(gap.lower_bound <= gap.best);
    // The greedy plan pairs the path up.
    assert_eq!(plan.groups.len(), n / 2);
    assert!(plan.unresolved.is_empty());
}

/// A group the caller refuses for a kind conflict (Hiến pháp 2013 Điều 110:
/// no kind holds what it would contain) is never chosen, in either standard
/// mode; the planner takes another, and a target left without any says so.
#[test]
fn groups_refused_for_a_kind_conflict_are_never_chosen() {
    // 0 – 1 – 2, targets 0 and 2 of 3,000 people, 1 of 6,000; any group with
    // both 0 and 1 is refused.
    let p = problem(
        vec![unit(3_000, true), unit(6_000, false), unit(3_000, true)],
        &[(0, 1, 5.0), (1, 2, 1.0)],
    );
    for standard in [StandardMode::Soft, StandardMode::Hard] {
        let opts = PlannerOptions {
            standard,
            ..PlannerOptions::default()
        };
        let plan = plan_parent(
            &p,
            |m| {
                let pop: u64 = m.iter().map(|&u| p.unit(u).population).sum();
                GroupEval {
                    meets_standard: pop >= POP_STD,
                    area_ratio: 1.0,
                    population_ratio: pop as f64 / POP_STD as f64,
                    oversize: false,
                    kind_conflict: m.contains(&0) && m.contains(&1),
                }
            },
            &opts,
        )
        .unwrap();
        assert_eq!(members(&plan), vec![vec![1, 2]], "{standard:?}");
        assert_eq!(plan.unresolved.len(), 1);
        assert_eq!(plan.unresolved[0].unit, 0);
        assert_eq!(plan.unresolved[0].reason, UnresolvedReason::KindConflict);
        // The best option shown is the refused merge: what the province
        // could do with a conversion.
        assert_eq!(
            plan.unresolved[0].best_option.as_ref().unwrap().members,
            vec![0, 1]
        );
    }
}
