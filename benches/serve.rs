//! `reorg serve`: the answer to one edit (POST /api/evaluate's work) for the
//! largest province by commune count — a full re-evaluation of a
//! multi-group edit: resolve, the pipeline with every group fixed, the
//! validator's replay, the findings (DECISIONS: "its speed benchmark is a
//! full re-evaluation of a multi-group edit in the largest province").
//! Target: < 50 ms.
//!
//! `REORG_SERVE_EDITS=N cargo bench --bench serve` skips criterion and
//! judges the edit N times, for `valgrind --tool=callgrind`: the
//! difference between the counts of N = 11 and N = 1, divided by 10, is
//! the instructions of one edit, whatever the machine's load.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use reorg::io::load_dir;
use reorg::model::Level;
use reorg::serve::{EditPlan, Workbench};

fn largest_province(dir: &Path) -> String {
    let ds = load_dir(dir).expect("dataset").dataset;
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    for u in ds.units() {
        if u.level != Level::Commune {
            continue;
        }
        if let Some(p) = ds.id_of(&u.code).and_then(|id| ds.province_of(id)) {
            *count.entry(ds.unit(p).code.to_string()).or_default() += 1;
        }
    }
    count
        .into_iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(c.clone())))
        .map(|(c, _)| c)
        .expect("a province")
}

fn bench(c: &mut Criterion) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let province = largest_province(&dir);
    let out = std::env::temp_dir().join("reorg-bench-serve");
    let wb = Workbench::open(&dir, Some(&province), None, &out).expect("workbench");
    // The planner's proposal with its first group dissolved and its second
    // one's last member taken out: a multi-group edit.
    let mut edit: EditPlan = wb.planner().clone();
    edit.groups.remove(0);
    if let Some(g) = edit.groups.first_mut()
        && g.members.len() > 2
    {
        g.members.pop();
    }
    let v = wb.evaluate(&edit).expect("evaluates");
    eprintln!(
        "province {province}: {} communes, {} groups in the edit, {} findings",
        wb.info().communes,
        edit.groups.len(),
        v.findings.len()
    );
    if let Some(n) = std::env::var("REORG_SERVE_EDITS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
    {
        for _ in 0..n {
            black_box(wb.evaluate(black_box(&edit)).expect("evaluates"));
        }
        std::process::exit(0);
    }
    c.bench_function(&format!("serve_evaluate_edit_province_{province}"), |b| {
        b.iter(|| black_box(wb.evaluate(black_box(&edit)).expect("evaluates")))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
