//! `reorg backtest DIR --actual FILE`: plan a past round and compare with what was decided.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use reorg::backtest::{Scores, read_actual, score_by_province};
use reorg::model::{Level, UnitCode};
use reorg::pipeline::{RunOptions, run as run_pipeline};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

use super::common::load_or_report;

/// Flags of `reorg backtest`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dataset folder of the round's start (e.g. data/vn/2019).
    pub dir: PathBuf,
    /// The actual changes (format of data/vn/backtest/merges_2019_2021.csv).
    #[arg(long)]
    pub actual: PathBuf,
    /// Rule set of the round.
    #[arg(long, default_value = "nq653-2019")]
    pub rules: String,
    /// Scenario file (TOML) for the planner's settings.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Write per-province scores to this CSV file.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{:.1}%", 100.0 * x))
        .unwrap_or_else(|| "–".into())
}

fn row(label: &str, s: &Scores) -> String {
    format!(
        "{label:<10} {:>6} {:>6} {:>9} {:>9} {:>7}/{:<5} {:>7} {:>9} {:>9} {:>7}",
        s.predicted_units,
        s.actual_units,
        pct(s.unit_precision()),
        pct(s.unit_recall()),
        s.exact_groups,
        s.actual_groups,
        pct(s.exact_share()),
        pct(s.pair_precision()),
        pct(s.pair_recall()),
        pct(s.pair_f1()),
    )
}

/// Runs the backtest and prints national and per-province scores per level.
pub fn run(args: &Args, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    scenario.rules = args.rules.clone();
    let rules = RuleSet::load(&scenario.rules)?;
    let Some(loaded) = load_or_report(&args.dir) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    let actual = read_actual(&args.actual)?;
    let result = run_pipeline(
        ds,
        &RunOptions {
            rules: &rules,
            scenario: &scenario,
            province: None,
            progress: None,
        },
    )?;
    let province_of = |c: &UnitCode| {
        ds.id_of(c)
            .and_then(|id| ds.province_of(id))
            .map(|p| ds.unit(p).code.clone())
    };
    let mut csv_rows = Vec::new();
    // The table is printed last, so that --out is written even when the
    // reader of standard output goes away early.
    let mut table = String::new();
    writeln!(
        table,
        "{:<10} {:>6} {:>6} {:>9} {:>9} {:>13} {:>7} {:>9} {:>9} {:>7}",
        "level",
        "pred",
        "actual",
        "unit P",
        "unit R",
        "exact groups",
        "share",
        "pair P",
        "pair R",
        "pair F1"
    )?;
    for level in [Level::District, Level::Commune] {
        let predicted: Vec<Vec<UnitCode>> = result
            .groups
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.member_codes())
            .collect();
        let act: Vec<Vec<UnitCode>> = actual
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.members.clone())
            .collect();
        let (national, per) = score_by_province(&predicted, &act, province_of);
        writeln!(table, "{}", row(level.as_str(), &national))?;
        for (p, s) in per {
            csv_rows.push((level, p, s));
        }
    }
    if let Some(out) = &args.out {
        let mut w = reorg::io::csv_out::CsvWriter::new(Vec::new(), csv)?;
        w.write_row([
            "level",
            "province_code",
            "province_name",
            "predicted_units",
            "actual_units",
            "common_units",
            "unit_precision",
            "unit_recall",
            "actual_groups",
            "exact_groups",
            "exact_share",
            "pair_precision",
            "pair_recall",
            "pair_f1",
        ])?;
        let f = |v: Option<f64>| v.map(|x| format!("{x:.4}")).unwrap_or_default();
        for (level, p, s) in &csv_rows {
            w.write_row([
                level.as_str().to_string(),
                p.to_string(),
                ds.get(p.as_str())
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                s.predicted_units.to_string(),
                s.actual_units.to_string(),
                s.common_units.to_string(),
                f(s.unit_precision()),
                f(s.unit_recall()),
                s.actual_groups.to_string(),
                s.exact_groups.to_string(),
                f(s.exact_share()),
                f(s.pair_precision()),
                f(s.pair_recall()),
                f(s.pair_f1()),
            ])?;
        }
        let bytes = w.finish().context("encoding the CSV")?;
        reorg::io::output::write_file_atomic(out, &bytes)
            .with_context(|| format!("cannot write {}", out.display()))?;
        eprintln!("{}: {} rows", out.display(), csv_rows.len());
    }
    write!(std::io::stdout().lock(), "{table}")?;
    Ok(ExitCode::SUCCESS)
}
