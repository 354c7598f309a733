//! National benchmarks on the shipped 2023 data: load, assess, plan.
//!
//! Run with `cargo bench --bench national`; figures go in BENCHMARKS.md.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use reorg::assess::assess_dataset;
use reorg::io::load_dir;
use reorg::pipeline::{RunOptions, run};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use reorg::validator::check_result;

fn data() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023")
}

fn national(c: &mut Criterion) {
    let dir = data();
    let Ok(loaded) = load_dir(&dir) else {
        panic!("the shipped dataset must load");
    };
    let ds = loaded.dataset;
    let Ok(rules) = RuleSet::builtin("nq35-2023") else {
        panic!("the built-in rule set must parse");
    };
    let scenario = Scenario::default();
    let mut g = c.benchmark_group("national-2023");
    g.sample_size(10);
    g.bench_function("load", |b| b.iter(|| black_box(load_dir(&dir).is_ok())));
    g.bench_function("assess", |b| {
        b.iter(|| black_box(assess_dataset(&rules, &ds, None).len()))
    });
    g.bench_function("plan (both levels, both phases)", |b| {
        b.iter(|| {
            let r = run(
                &ds,
                &RunOptions {
                    rules: &rules,
                    scenario: &scenario,
                    province: None,
                    progress: None,
                },
            );
            black_box(r.map(|r| r.groups.len()).unwrap_or(0))
        })
    });
    // The self-check every report folder carries: the plan replayed by the
    // validator, the map walked after each phase.
    let Ok(result) = run(
        &ds,
        &RunOptions {
            rules: &rules,
            scenario: &scenario,
            province: None,
            progress: None,
        },
    ) else {
        panic!("the national plan must run");
    };
    g.bench_function("self-check (validator replay of the plan)", |b| {
        b.iter(|| black_box(check_result(&ds, &rules, &scenario, &result).errors()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // No plots: criterion's plotting needs a system font, which CI machines lack.
    config = Criterion::default().without_plots();
    targets = national
}
criterion_main!(benches);
