//! `reorg backtest DIR --actual FILE`: plan a past round and compare with what was decided.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use reorg::backtest::calibrate::size_distribution;
use reorg::backtest::{Scores, read_actual, score_by_province};
use reorg::io::rows::{encode_rows, fixed};
use reorg::lang::{Lang, Msg, terminal_lang};
use reorg::model::{Level, UnitCode};
use reorg::orchestrator::{self, OrchestratorError};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

use super::common::{
    level_label, note, progress_bar, progress_of, report_invalid, report_warnings,
};

/// Flags of `reorg backtest`.
#[derive(Debug, clap::Args)]
pub struct BacktestArgs {
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
    /// Language of the table (default: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// One row of `backtest --out`: the scores of one province at one level.
#[derive(Debug, Default, serde::Serialize)]
struct ScoreRow<'a> {
    level: &'a str,
    province_code: &'a str,
    province_name: &'a str,
    predicted_units: usize,
    actual_units: usize,
    common_units: usize,
    unit_precision: String,
    unit_recall: String,
    actual_groups: usize,
    exact_groups: usize,
    exact_share: String,
    pair_precision: String,
    pair_recall: String,
    pair_f1: String,
}

impl<'a> ScoreRow<'a> {
    fn new(level: Level, province: &'a UnitCode, name: &'a str, s: &Scores) -> Self {
        ScoreRow {
            level: level.as_str(),
            province_code: province.as_str(),
            province_name: name,
            predicted_units: s.predicted_units,
            actual_units: s.actual_units,
            common_units: s.common_units,
            unit_precision: fixed(s.unit_precision(), 4),
            unit_recall: fixed(s.unit_recall(), 4),
            actual_groups: s.actual_groups,
            exact_groups: s.exact_groups,
            exact_share: fixed(s.exact_share(), 4),
            pair_precision: fixed(s.pair_precision(), 4),
            pair_recall: fixed(s.pair_recall(), 4),
            pair_f1: fixed(s.pair_f1(), 4),
        }
    }
}

fn pct(v: Option<f64>, lang: Lang) -> String {
    v.map(|x| reorg::lang::fmt_pct(100.0 * x, 1, lang))
        .unwrap_or_else(|| "–".into())
}

/// Shares (%) of groups of 2, 3, 4 and 5+ units, as "a/b/c/d".
fn sizes(d: [usize; 4]) -> String {
    let n: usize = d.iter().sum::<usize>().max(1);
    d.map(|k| format!("{:.0}", 100.0 * k as f64 / n as f64))
        .join("/")
}

fn row(label: &str, s: &Scores, pred: [usize; 4], act: [usize; 4], lang: Lang) -> String {
    format!(
        "{label:<24} {:>8} {:>8} {:>9} {:>9} {:>7}/{:<5} {:>7} {:>9} {:>9} {:>7}  {:>11} {:>11}",
        s.predicted_units,
        s.actual_units,
        pct(s.unit_precision(), lang),
        pct(s.unit_recall(), lang),
        s.exact_groups,
        s.actual_groups,
        pct(s.exact_share(), lang),
        pct(s.pair_precision(), lang),
        pct(s.pair_recall(), lang),
        pct(s.pair_f1(), lang),
        sizes(pred),
        sizes(act),
    )
}

/// The units of the actual groups that were below their standard at the
/// round's start (status mandatory or below standard in its first phase).
fn actual_targets(
    ds: &reorg::model::Dataset,
    rules: &RuleSet,
    actual: &[reorg::backtest::ActualGroup],
) -> Vec<UnitCode> {
    reorg::backtest::below_standard_members(ds, rules, actual)
}

/// Runs the backtest and prints national and per-province scores per level.
pub fn run(args: &BacktestArgs, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    scenario.rules = args.rules.clone();
    let lang = terminal_lang(args.lang);
    let rules = RuleSet::load(&scenario.rules)?;
    let bar = progress_bar(args.quiet, Msg::ProgressPlanning.text(lang));
    let progress = progress_of(&bar);
    let (loaded, result) =
        match orchestrator::plan_round(&args.dir, &rules, &scenario, Some(&progress)) {
            Ok(r) => r,
            Err(OrchestratorError::Load(e)) => {
                bar.finish_and_clear();
                report_invalid(&args.dir, &e, lang);
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(e.into()),
        };
    report_warnings(&loaded, lang);
    let ds = &loaded.dataset;
    let actual = read_actual(&args.actual)?;
    // "Targets given": the same planner told which units the round
    // arranged (those below their standard), so that only partner choice
    // is measured.
    let given = Scenario {
        targets: Some(actual_targets(ds, &rules, &actual)),
        ..scenario.clone()
    };
    bar.finish_and_clear();
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
        "{:<24} {:>8} {:>8} {:>9} {:>9} {:>13} {:>7} {:>9} {:>9} {:>7}  {:>11} {:>11}",
        Msg::BacktestLevel.text(lang),
        Msg::BacktestPredicted.text(lang),
        Msg::BacktestActual.text(lang),
        Msg::BacktestUnitP.text(lang),
        Msg::BacktestUnitR.text(lang),
        Msg::BacktestExact.text(lang),
        Msg::BacktestShare.text(lang),
        Msg::BacktestPairP.text(lang),
        Msg::BacktestPairR.text(lang),
        Msg::BacktestPairF1.text(lang),
        Msg::BacktestSizesPredicted.text(lang),
        Msg::BacktestSizesActual.text(lang)
    )?;
    let predicted_at = |r: &reorg::pipeline::PlanResult, level: Level| -> Vec<Vec<UnitCode>> {
        r.groups
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.member_codes())
            .collect()
    };
    for level in [Level::District, Level::Commune] {
        let predicted = predicted_at(&result, level);
        let act: Vec<Vec<UnitCode>> = actual
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.members.clone())
            .collect();
        let (national, per) = score_by_province(&predicted, &act, province_of);
        let (dp, da) = (size_distribution(&predicted), size_distribution(&act));
        writeln!(
            table,
            "{}",
            row(level_label(level, lang), &national, dp, da, lang)
        )?;
        for (p, s) in per {
            csv_rows.push((level, p, s));
        }
    }
    for level in [Level::District, Level::Commune] {
        let predicted = orchestrator::predicted_groups(ds, &rules, &given, level)?;
        let act: Vec<Vec<UnitCode>> = actual
            .iter()
            .filter(|g| g.level == level)
            .map(|g| g.members.clone())
            .collect();
        let national = reorg::backtest::score(&predicted, &act);
        let (dp, da) = (size_distribution(&predicted), size_distribution(&act));
        let label = format!(
            "{} ({})",
            level_label(level, lang),
            lang.pick("cho trước đơn vị", "targets given")
        );
        writeln!(table, "{}", row(&label, &national, dp, da, lang))?;
    }
    if let Some(out) = &args.out {
        let name = |p: &UnitCode| ds.get(p.as_str()).map_or("", |u| u.name.as_str());
        let bytes = encode_rows(
            csv_rows
                .iter()
                .map(|(level, p, s)| ScoreRow::new(*level, p, name(p), s)),
            csv,
        )?;
        reorg::io::output::write_file_atomic(out, &bytes)
            .with_context(|| Msg::CannotWrite.fill(lang, &[("path", &out.display())]))?;
        note(format_args!(
            "{}",
            Msg::RowsWritten.fill(lang, &[("path", &out.display()), ("n", &csv_rows.len())])
        ));
    }
    writeln!(table, "\n{}", Msg::BacktestLegend.text(lang))?;
    write!(std::io::stdout().lock(), "{table}")?;
    Ok(ExitCode::SUCCESS)
}
