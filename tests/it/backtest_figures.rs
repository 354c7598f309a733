//! The backtest figures the README and docs/calibration.md give (#12):
//! the default scenario (standards first) and the calibrated preset
//! (`thuc-tien`) on the shipped 2019–2021 round, commune level.

use reorg::backtest::calibrate::size_distribution;
use reorg::backtest::{read_actual, score_in};
use reorg::io::load_dir;
use reorg::model::{Level, UnitCode};
use reorg::orchestrator::predicted_groups;
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

use crate::support;

/// (exact groups, predicted pairs, common pairs, group sizes 2/3/4/5+).
fn backtest(scenario: Scenario) -> (usize, usize, usize, [usize; 4]) {
    let root = support::root();
    let ds = load_dir(&root.join("data/vn/2019")).unwrap().dataset;
    let actual: Vec<Vec<UnitCode>> =
        read_actual(&root.join("data/vn/backtest/merges_2019_2021.csv"))
            .unwrap()
            .into_iter()
            .filter(|g| g.level == Level::Commune)
            .map(|g| g.members)
            .collect();
    assert_eq!(actual.len(), 460);
    let sc = Scenario {
        rules: "nq653-2019".into(),
        ..scenario
    };
    let rules = RuleSet::load(&sc.rules).unwrap();
    let predicted = predicted_groups(&ds, &rules, &sc, Level::Commune).unwrap();
    let s = score_in(&ds, &predicted, &actual, None);
    assert_eq!(s.actual_groups, 460);
    (
        s.exact_groups,
        s.predicted_pairs,
        s.common_pairs,
        size_distribution(&predicted),
    )
}

#[test]
fn calibrated_preset_reproduces_the_documented_share_of_2019_groups() {
    let sc = Scenario::load(&support::root().join("scenarios/thuc-tien.toml")).unwrap();
    assert_eq!(sc.objective, reorg::scenario::calibrated_objective());
    let (exact, predicted_pairs, common_pairs, sizes) = backtest(sc);
    // README / docs/calibration.md: 172 of 460 (37.4%), pair P 39.2%, 98% pairs.
    assert_eq!(exact, 172);
    assert_eq!(
        (1000 * common_pairs + predicted_pairs / 2) / predicted_pairs,
        392
    );
    let n: usize = sizes.iter().sum();
    assert_eq!((100 * sizes[0] + n / 2) / n, 98);
}

#[test]
fn default_scenario_reproduces_the_documented_figure() {
    let (exact, _, _, sizes) = backtest(Scenario::default());
    // README / docs/calibration.md: 23 of 460 (5.0%), groups of 4 the most common.
    assert_eq!(exact, 23);
    assert!(sizes[2] > sizes[0]);
}
