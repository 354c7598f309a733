//! Target-count mode of `reorg::regionalize` ([`fit_counts`]) on random
//! small maps: a count inside the feasible range gives exactly that many
//! connected regions per group, inside their parents; a count outside it
//! is refused with an error naming the nearest feasible count, and that
//! count works.

use proptest::prelude::*;
use reorg::regionalize::{
    CountTarget, Options, Problem, RegionalizeError, Standard, Thresholds, count_range,
    evaluate_with, fit_counts, solve_with,
};

/// A random map: `n` units, edges among near indices, two provinces (the
/// units below `cut` and the rest), values around the thresholds (10, 10).
fn map(
    n: usize,
    chords: &[(usize, usize)],
    values: &[(u8, u8)],
    cut: usize,
) -> (Problem, Vec<u32>) {
    let edges: Vec<(u32, u32)> = chords
        .iter()
        .map(|&(a, d)| ((a % n) as u32, ((a % n + 1 + d) % n) as u32))
        .collect();
    let pop = values.iter().take(n).map(|v| f64::from(v.0)).collect();
    let area = values.iter().take(n).map(|v| f64::from(v.1)).collect();
    let parent: Vec<u32> = (0..n).map(|i| u32::from(i >= cut)).collect();
    let problem = Problem::new(pop, area, &edges)
        .unwrap()
        .with_parents(parent.clone())
        .unwrap();
    (problem, parent)
}

fn small_options() -> Options {
    Options {
        nested: true,
        threads: 1,
        ..Options::default()
    }
}

/// Region count of each group, and whether every region is connected and
/// inside one parent.
fn check(
    problem: &Problem,
    standard: &Standard,
    labels: &[u32],
    groups: &[Vec<u32>],
) -> Vec<usize> {
    let ev = evaluate_with(problem, standard, labels).unwrap();
    assert_eq!(ev.connected, ev.regions, "every region is connected");
    assert_eq!(ev.nested, ev.regions, "every region stays in its province");
    groups
        .iter()
        .map(|g| {
            let mut l: Vec<u32> = g.iter().map(|&u| labels[u as usize]).collect();
            l.sort_unstable();
            l.dedup();
            l.len()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn counts_are_hit_or_the_error_names_a_count_that_works(
        n in 2usize..13,
        chords in proptest::collection::vec((0usize..13, 0usize..3), 0..24),
        values in proptest::collection::vec((1u8..30, 1u8..30), 13),
        cut in 1usize..12,
        counts in (0usize..15, 0usize..15),
    ) {
        let cut = cut.min(n - 1);
        let (problem, _) = map(n, &chords, &values, cut);
        let standard = Standard::Fixed(Thresholds { pop: 10.0, area: 10.0 });
        let plan = solve_with(&problem, &standard, &small_options()).unwrap();
        let groups: Vec<Vec<u32>> = vec![(0..cut as u32).collect(), (cut as u32..n as u32).collect()];
        let targets: Vec<CountTarget> = groups
            .iter()
            .zip([counts.0, counts.1])
            .map(|(g, c)| CountTarget { units: g.clone(), count: c })
            .collect();
        match fit_counts(&problem, &standard, &plan, true, &targets) {
            Ok(fitted) => {
                let got = check(&problem, &standard, &fitted.labels, &groups);
                prop_assert_eq!(got, vec![counts.0, counts.1]);
                prop_assert_eq!(fitted.p(), counts.0 + counts.1);
            }
            Err(RegionalizeError::CountOutOfRange { group, count, smallest, largest }) => {
                prop_assert!(count < smallest || count > largest);
                prop_assert_eq!(count_range(&problem, &groups[group], true), (smallest, largest));
                let nearest = if count < smallest { smallest } else { largest };
                // The named count works (the other group at a count inside its range).
                let mut fixed = targets.clone();
                fixed[group].count = nearest;
                for (k, t) in fixed.iter_mut().enumerate() {
                    let (lo, hi) = count_range(&problem, &groups[k], true);
                    t.count = t.count.clamp(lo, hi);
                }
                let fitted = fit_counts(&problem, &standard, &plan, true, &fixed).unwrap();
                let got = check(&problem, &standard, &fitted.labels, &groups);
                prop_assert_eq!(got[group], nearest);
                // And one step further out does not exist: it is the nearest.
                let beyond = if count < smallest { smallest.checked_sub(1) } else { Some(largest + 1) };
                if let Some(b) = beyond {
                    fixed[group].count = b;
                    let refused = matches!(
                        fit_counts(&problem, &standard, &plan, true, &fixed),
                        Err(RegionalizeError::CountOutOfRange { .. })
                    );
                    prop_assert!(refused);
                }
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// At the max-p count the plan is kept as it is (nothing to touch), and
    /// merging down never lowers the regions meeting the thresholds below
    /// what the count allows (at most one region lost per merge).
    #[test]
    fn the_max_p_count_keeps_the_plan(
        n in 2usize..13,
        chords in proptest::collection::vec((0usize..13, 0usize..3), 0..24),
        values in proptest::collection::vec((1u8..30, 1u8..30), 13),
    ) {
        let (problem, _) = map(n, &chords, &values, n);
        let standard = Standard::Fixed(Thresholds { pop: 10.0, area: 10.0 });
        let opts = Options { nested: false, threads: 1, ..Options::default() };
        let plan = solve_with(&problem, &standard, &opts).unwrap();
        let all: Vec<u32> = (0..n as u32).collect();
        let same = fit_counts(&problem, &standard, &plan, false, &[CountTarget { units: all.clone(), count: plan.p() }]).unwrap();
        prop_assert_eq!(&same.labels, &plan.labels);
        let (lo, _) = count_range(&problem, &all, false);
        if plan.p() > lo {
            let fewer = fit_counts(&problem, &standard, &plan, false, &[CountTarget { units: all, count: plan.p() - 1 }]).unwrap();
            let meeting = |p: &reorg::regionalize::Plan| p.regions.iter().filter(|r| r.meets).count();
            prop_assert!(meeting(&fewer) + 1 >= meeting(&plan));
            prop_assert_eq!(fewer.p(), plan.p() - 1);
        }
    }
}

#[test]
fn groups_must_hold_whole_regions() {
    let problem = Problem::new(vec![5.0; 4], vec![5.0; 4], &[(0, 1), (1, 2), (2, 3)]).unwrap();
    let standard = Standard::Fixed(Thresholds {
        pop: 10.0,
        area: 10.0,
    });
    let opts = Options {
        nested: false,
        threads: 1,
        ..Options::default()
    };
    let plan = solve_with(&problem, &standard, &opts).unwrap();
    assert_eq!(plan.p(), 2);
    // Regions {0,1} and {2,3}: a group {0, 1, 2} cuts the second.
    let err = fit_counts(
        &problem,
        &standard,
        &plan,
        false,
        &[CountTarget {
            units: vec![0, 1, 2],
            count: 2,
        }],
    )
    .unwrap_err();
    assert!(matches!(err, RegionalizeError::CountGroups { group: 0 }));
    // Splitting to 3 keeps the most untouched: a pair and two single units
    // (no 3-region split meets the thresholds anywhere).
    let three = fit_counts(
        &problem,
        &standard,
        &plan,
        false,
        &[CountTarget {
            units: vec![0, 1, 2, 3],
            count: 3,
        }],
    )
    .unwrap();
    assert_eq!(three.p(), 3);
    assert_eq!(three.untouched(), 2);
    assert_eq!(three.regions.iter().filter(|r| r.meets).count(), 1);
}

/// `reorg regionalize --reduce` and `--count-file` on a shipped province:
/// the CSV has exactly the count; a count below the feasible range names
/// the smallest, and that count is accepted; file errors name line and
/// column.
#[test]
fn the_cli_hits_the_count_or_names_the_feasible_one() {
    use std::process::Command;
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/vn/2023");
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let out = dir.path().join("plan.csv");
        let o = Command::new(env!("CARGO_BIN_EXE_reorg"))
            .arg("regionalize")
            .arg(&data)
            .args([
                "--rules",
                "nq76-2025",
                "--province",
                "10",
                "-q",
                "--lang",
                "en",
            ])
            .arg("--out")
            .arg(&out)
            .args(extra)
            .output()
            .unwrap();
        let rows = std::fs::read_to_string(&out)
            .ok()
            .map(|t| csv::Reader::from_reader(t.as_bytes()).records().count());
        let _ = std::fs::remove_file(&out);
        (o, rows)
    };
    let stdout = |o: &std::process::Output| String::from_utf8_lossy(&o.stdout).to_string();
    let stderr = |o: &std::process::Output| String::from_utf8_lossy(&o.stderr).to_string();
    // 152 communes × 0.3 = 45.6 → 46.
    let (o, rows) = run(&["--reduce", "0.3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows, Some(46));
    assert!(
        stdout(&o).contains("1 provinces, 46 units in total"),
        "{}",
        stdout(&o)
    );
    // Too few: the error names the smallest feasible count, which works.
    let (o, rows) = run(&["--reduce", "0.01"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(rows, None);
    let err = stderr(&o);
    let smallest: usize = err
        .split("the smallest feasible count is ")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("{err}"));
    let file = dir.path().join("counts.csv");
    std::fs::write(&file, format!("province_code,count\n10,{smallest}\n")).unwrap();
    let (o, rows) = run(&["--count-file", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(rows, Some(smallest));
    // Too many, and a bad cell.
    std::fs::write(&file, "province_code,count\n10,153\n").unwrap();
    let (o, _) = run(&["--count-file", file.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("the largest feasible count is 152"),
        "{}",
        stderr(&o)
    );
    std::fs::write(&file, "province_code,count\n10,many\n").unwrap();
    let (o, _) = run(&["--count-file", file.to_str().unwrap()]);
    assert!(stderr(&o).contains("line 2, column 2"), "{}", stderr(&o));
}
