//! Planner benchmark on a synthetic national-scale map: a 100×100 grid of
//! units with one diagonal per cell (a planar map of mean degree ≈ 6), cut
//! into 625 parents of 4×4 = 16 units, with a given share of targets.
//! Measures enumeration + evaluation + exact selection for all parents.

use criterion::{Criterion, criterion_group, criterion_main};
use reorg::planner::{
    Eligibility, GroupEval, ParentProblem, PlannerOptions, PlannerUnit, plan_parent,
};

const SIDE: usize = 100;
const BLOCK: usize = 4;
const POP_STD: u64 = 8_000;
const AREA_STD: f64 = 30.0;

/// A small deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The parents of the synthetic map; `target_pct` % of units are targets.
fn parents(target_pct: u64, seed: u64) -> Vec<ParentProblem> {
    let mut rng = Rng(seed);
    let mut out = Vec::new();
    for by in 0..SIDE / BLOCK {
        for bx in 0..SIDE / BLOCK {
            let _ = (by, bx);
            let units = (0..BLOCK * BLOCK)
                .map(|_| {
                    let is_target = rng.below(100) < target_pct;
                    let (area, pop) = if is_target {
                        (5.0 + rng.below(150) as f64 / 10.0, 1_500 + rng.below(3_000))
                    } else {
                        (
                            10.0 + rng.below(400) as f64 / 10.0,
                            3_000 + rng.below(9_000),
                        )
                    };
                    PlannerUnit {
                        area_km2: area,
                        population: pop,
                        is_target,
                        eligibility: if rng.below(50) == 0 {
                            Eligibility::Exempt
                        } else {
                            Eligibility::Eligible
                        },
                    }
                })
                .collect();
            let mut p = ParentProblem::new(units).expect("valid synthetic areas");
            for y in 0..BLOCK {
                for x in 0..BLOCK {
                    let c = y * BLOCK + x;
                    let km = |rng: &mut Rng| 0.5 + rng.below(5_000) as f64 / 1000.0;
                    if x + 1 < BLOCK {
                        let k = km(&mut rng);
                        p.add_edge(c, c + 1, k).expect("valid synthetic edge");
                    }
                    if y + 1 < BLOCK {
                        let k = km(&mut rng);
                        p.add_edge(c, c + BLOCK, k).expect("valid synthetic edge");
                    }
                    if x + 1 < BLOCK && y + 1 < BLOCK {
                        if rng.below(2) == 0 {
                            p.add_edge(c, c + BLOCK + 1, 0.2)
                                .expect("valid synthetic edge");
                        } else {
                            p.add_edge(c + 1, c + BLOCK, 0.2)
                                .expect("valid synthetic edge");
                        }
                    }
                }
            }
            out.push(p);
        }
    }
    out
}

fn plan_all(ps: &[ParentProblem], opts: &PlannerOptions) -> usize {
    let mut groups = 0;
    for p in ps {
        let plan = plan_parent(
            p,
            |m| {
                let area: f64 = m.iter().map(|&u| p.unit(u).area_km2).sum();
                let pop: u64 = m.iter().map(|&u| p.unit(u).population).sum();
                GroupEval {
                    meets_standard: area >= AREA_STD && pop >= POP_STD,
                    area_ratio: area / AREA_STD,
                    population_ratio: pop as f64 / POP_STD as f64,
                    oversize: pop > 5 * POP_STD,
                    kind_conflict: false,
                }
            },
            opts,
        )
        .expect("default options are valid");
        groups += plan.groups.len();
    }
    groups
}

fn bench(c: &mut Criterion) {
    let opts = PlannerOptions::default();
    for pct in [10, 30] {
        let ps = parents(pct, 42);
        c.bench_function(
            &format!("plan 10k units, 625 parents, {pct}% targets, K=4"),
            |b| b.iter(|| plan_all(std::hint::black_box(&ps), &opts)),
        );
    }
}

// Plots off: criterion's plotters backend needs system fonts, which the
// crate's `ab_glyph` feature of plotters does not provide.
criterion_group! {
    name = benches;
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
