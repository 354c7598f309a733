//! Regionalization (max-p, two thresholds) on the peer benchmark's synthetic
//! instances (2,000 and 10,000 units, nested in districts) and on the
//! national 2023 communes (N2 thresholds, within districts and provinces;
//! the `nq76-2025` rule set's standard per region, within provinces).
//!
//! Run with `cargo bench --bench regionalize`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use reorg::io::load_dir;
use reorg::model::Level;
use reorg::regionalize::{
    Options, PeerInstance, RuleStandard, Standard, Thresholds, problem_from_dataset, solve,
    solve_with,
};
use reorg::rules::RuleSet;
use reorg::scenario::Within;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn synthetic(c: &mut Criterion) {
    let mut g = c.benchmark_group("regionalize-synthetic");
    g.sample_size(10);
    for n in [2000, 10000] {
        let path = root().join(format!("bench/peer/instances/inst_{n}_seed1.json"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("{} must be readable", path.display());
        };
        let Ok(inst) = PeerInstance::from_json(&text) else {
            panic!("{} must parse", path.display());
        };
        let Ok(problem) = inst.to_problem() else {
            panic!("{} must be a valid problem", path.display());
        };
        let th = inst.thresholds();
        let opts = Options {
            nested: true,
            ..Options::default()
        };
        g.bench_function(format!("inst_{n} nested"), |b| {
            b.iter(|| black_box(solve(&problem, &th, &opts).map(|p| p.p())))
        });
    }
    g.finish();
}

fn national(c: &mut Criterion) {
    let Ok(loaded) = load_dir(&root().join("data/vn/2023")) else {
        panic!("the shipped dataset must load");
    };
    let ds = loaded.dataset;
    // NQ 76/2025 standard N2 for a xã (docs/legal-basis.md §6, tag [S]).
    let th = Thresholds {
        pop: 16000.0,
        area: 30.0,
    };
    let mut g = c.benchmark_group("regionalize-national-2023-N2");
    g.sample_size(10);
    for within in [Within::District, Within::Province] {
        let Ok(dp) = problem_from_dataset(&ds, Level::Commune, within, None) else {
            panic!("the national problem must build");
        };
        let opts = Options {
            nested: dp.nested,
            ..Options::default()
        };
        g.bench_function(format!("within {}", within.as_str()), |b| {
            b.iter(|| black_box(solve(&dp.problem, &th, &opts).map(|p| p.p())))
        });
    }
    g.finish();
    // The rule set's standard of each region's unit (N1–N5, NQ 76/2025 Điều 5).
    let Ok(rules) = RuleSet::builtin("nq76-2025") else {
        panic!("the built-in rule set must load");
    };
    let Ok(mut dp) = problem_from_dataset(&ds, Level::Commune, Within::Province, None) else {
        panic!("the national problem must build");
    };
    let Ok(rs) = RuleStandard::new(&ds, &mut dp, &rules) else {
        panic!("the rule standard must build");
    };
    let std = Standard::Rules(Box::new(rs));
    let opts = Options {
        nested: true,
        ..Options::default()
    };
    let mut g = c.benchmark_group("regionalize-national-2023-nq76");
    g.sample_size(10);
    g.bench_function("within province", |b| {
        b.iter(|| black_box(solve_with(&dp.problem, &std, &opts).map(|p| p.p())))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // Plots need system fonts that the build machines lack.
    config = Criterion::default().without_plots();
    targets = synthetic, national
}
criterion_main!(benches);
