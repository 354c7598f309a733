//! `reorg calibrate DIR --actual FILE`: fit the objective's weights to a past
//! round and print the backtest table of the standards-first objective, the
//! scenario's and the fitted ones (method: docs/calibration.md).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::backtest::calibrate::{
    FitScore, PARAMS, coordinate_search, objective_of, size_distribution, split_provinces,
    start_weights,
};
use reorg::backtest::{Scores, province_of, read_actual, score_in};
use reorg::model::{Dataset, Level, UnitCode};
use reorg::orchestrator::predicted_groups;
use reorg::planner::{Objective, Term, Weights};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

use super::common::{load_or_report, note};

/// Flags of `reorg calibrate`.
#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Dataset folder of the round's start (e.g. data/vn/2019).
    pub dir: PathBuf,
    /// The actual changes (format of data/vn/backtest/merges_2019_2021.csv).
    #[arg(long)]
    pub actual: PathBuf,
    /// Rule set of the round.
    #[arg(long, default_value = "nq653-2019")]
    pub rules: String,
    /// Scenario file (TOML) for the planner's other settings; its objective
    /// is scored as the row "scenario".
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Most passes of the coordinate search per fit.
    #[arg(long, default_value_t = 3)]
    pub passes: usize,
    /// No progress messages.
    #[arg(long, short)]
    pub quiet: bool,
}

/// A labelled set of provinces (`None`: all).
type Half<'a> = (&'a str, Option<&'a BTreeSet<UnitCode>>);

/// Plans once per objective, remembering the commune groups.
struct Planner<'a> {
    ds: &'a Dataset,
    rules: &'a RuleSet,
    base: Scenario,
    cache: BTreeMap<String, Vec<Vec<UnitCode>>>,
    quiet: bool,
}

impl Planner<'_> {
    fn groups(&mut self, objective: &Objective) -> anyhow::Result<&Vec<Vec<UnitCode>>> {
        let key = format!("{objective:?}");
        if !self.cache.contains_key(&key) {
            let mut sc = self.base.clone();
            sc.objective = objective.clone();
            let g = predicted_groups(self.ds, self.rules, &sc, Level::Commune)?;
            if !self.quiet && self.cache.len() % 25 == 24 {
                note(format_args!("calibrate: {} plans", self.cache.len() + 1));
            }
            self.cache.insert(key.clone(), g);
        }
        Ok(&self.cache[&key])
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", 100.0 * x))
        .unwrap_or_else(|| "–".into())
}

fn sizes(d: [usize; 4]) -> String {
    let n: usize = d.iter().sum();
    let share = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * d[k] as f64 / n as f64
        }
    };
    format!(
        "{:.0}/{:.0}/{:.0}/{:.0}",
        share(0),
        share(1),
        share(2),
        share(3)
    )
}

fn row(label: &str, half: &str, s: &Scores, d: [usize; 4]) -> String {
    format!(
        "{label:<16} {half:<9} {:>7}/{:<4} {:>6} {:>7} {:>7} {:>7}  {}",
        s.exact_groups,
        s.actual_groups,
        pct(s.exact_share()),
        pct(s.pair_precision()),
        pct(s.pair_recall()),
        pct(s.pair_f1()),
        sizes(d),
    )
}

/// The `[objective]` table of a scenario file for `w`.
fn toml_of(w: &Weights) -> String {
    let mut s = String::from(
        "[objective]\norder = [\"unresolved\", \"disappearing\", \"compactness\"]\n[objective.weights]\n",
    );
    for t in Term::ALL {
        if w.of(t) != 0 {
            let _ = writeln!(s, "{} = {}", t.key(), w.of(t));
        }
    }
    s
}

/// Runs the calibration and prints the table and the fitted `[objective]`.
pub fn run(args: &CalibrateArgs) -> anyhow::Result<ExitCode> {
    let mut base = match &args.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    base.rules = args.rules.clone();
    let rules = RuleSet::load(&base.rules)?;
    let Some(loaded) = load_or_report(&args.dir, reorg::lang::terminal_lang(None)) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    let actual: Vec<Vec<UnitCode>> = read_actual(&args.actual)?
        .into_iter()
        .filter(|g| g.level == Level::Commune)
        .map(|g| g.members)
        .collect();
    let provinces: BTreeSet<UnitCode> = actual
        .iter()
        .filter_map(|g| g.first().and_then(|c| province_of(ds, c)))
        .collect();
    let (half_a, half_b) = split_provinces(&provinces);
    let scenario_objective = base.objective.clone();
    let mut planner = Planner {
        ds,
        rules: &rules,
        base,
        cache: BTreeMap::new(),
        quiet: args.quiet,
    };
    let mut fit_on = |half: Option<&BTreeSet<UnitCode>>| {
        coordinate_search(start_weights(), &PARAMS, args.passes, |w| {
            let g = planner.groups(&objective_of(*w))?;
            anyhow::Ok(FitScore::from(&score_in(ds, g, &actual, half)))
        })
    };
    let fit_a = fit_on(Some(&half_a))?;
    let fit_all = fit_on(None)?;
    let in_half = |g: &Vec<Vec<UnitCode>>, half: Option<&BTreeSet<UnitCode>>| {
        let keep: Vec<Vec<UnitCode>> = g
            .iter()
            .filter(|m| {
                half.is_none_or(|h| {
                    m.first()
                        .and_then(|c| province_of(ds, c))
                        .is_some_and(|p| h.contains(&p))
                })
            })
            .cloned()
            .collect();
        keep
    };
    let mut table = String::new();
    writeln!(
        table,
        "{:<16} {:<9} {:>12} {:>6} {:>7} {:>7} {:>7}  sizes 2/3/4/5+ (%)",
        "objective", "provinces", "exact", "share", "pair P", "pair R", "pair F1"
    )?;
    writeln!(
        table,
        "{}",
        row(
            "actual",
            "all",
            &score_in(ds, &actual, &actual, None),
            size_distribution(&actual)
        )
    )?;
    let standards_first = Objective::default();
    let practice = objective_of(start_weights());
    let rows: [(&str, &Objective, &[Half<'_>]); 5] = [
        ("dat-chuan", &standards_first, &[("all", None)]),
        ("scenario", &scenario_objective, &[("all", None)]),
        ("practice order", &practice, &[("all", None)]),
        (
            "fitted on A",
            &objective_of(fit_a.weights),
            &[("A (fit)", Some(&half_a)), ("B (held)", Some(&half_b))],
        ),
        (
            "fitted on all",
            &objective_of(fit_all.weights),
            &[("all", None)],
        ),
    ];
    for (label, objective, halves) in rows {
        let g = planner.groups(objective)?.clone();
        for (half_label, half) in halves {
            let s = score_in(ds, &g, &actual, *half);
            let d = size_distribution(&in_half(&g, *half));
            writeln!(table, "{}", row(label, half_label, &s, d))?;
        }
    }
    writeln!(
        table,
        "\nhalves: A = {} provinces (1st, 3rd, … by code), B = {}; {} plans made; passes: A {}, all {}",
        half_a.len(),
        half_b.len(),
        planner.cache.len(),
        fit_a.passes,
        fit_all.passes
    )?;
    writeln!(table, "\n# fitted on A\n{}", toml_of(&fit_a.weights))?;
    writeln!(table, "# fitted on all\n{}", toml_of(&fit_all.weights))?;
    write!(std::io::stdout().lock(), "{table}")?;
    Ok(ExitCode::SUCCESS)
}
