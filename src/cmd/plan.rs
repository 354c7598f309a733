//! `reorg plan DIR`: merge groups for every phase and level, with the
//! schedule, staffing, report and charts, written atomically to a folder.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::io::csv_out::CsvStyle;
use reorg::lang::{Lang, Msg, fmt_int, terminal_lang};
use reorg::legal::DistrictKindMode;
use reorg::model::{Level, Phase, UnitCode};
use reorg::orchestrator::{self, OrchestratorError, PlanJob, RunStage};
use reorg::outputs::{Outputs, gap_text};
use reorg::pipeline::PlanResult;
use reorg::planner::UnresolvedReason;
use reorg::scenario::Scenario;
use reorg::validator::{CheckReport, Severity};

use super::common::{
    level_label, load_or_report, note, progress_bar, report_invalid, report_warnings,
};

/// Flags of `reorg plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Dataset folder holding units.csv and adjacency.csv (and geometry/ for maps).
    pub dir: PathBuf,
    /// Only this province: its code (26), name ("Vĩnh Phúc") or slug (vinh-phuc); its report
    /// includes the map.
    #[arg(long, conflicts_with = "each_province")]
    pub province: Option<String>,
    /// One report per province (with its map) under OUTDIR/<code>/, plus the national one.
    #[arg(long)]
    pub each_province: bool,
    /// Scenario file (TOML); without it, the law as written with documented defaults.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Rule set (built-in name or TOML path); overrides the scenario's.
    #[arg(long)]
    pub rules: Option<String>,
    /// The committee's list for the first phase: a file of unit codes or
    /// names, one per line; exactly these units are planned now, the other
    /// mandatory units are deferred (overrides the scenario's `targets`).
    #[arg(long)]
    pub targets: Option<PathBuf>,
    /// Output folder; default reports/<scenario name>/, or
    /// reports/tinh-<code>/<scenario name>/ with --province.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of the report and of the terminal; overrides the
    /// scenario's (without it, the report follows the scenario, Vietnamese
    /// by default, and the terminal the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Replace the report of another scenario in the output folder (a folder
    /// that is not a reorg report is never replaced; files reorg did not
    /// write are kept).
    #[arg(long)]
    pub force: bool,
    /// Skip the charts (faster; tables and report only).
    #[arg(long)]
    pub no_charts: bool,
    /// Skip plan.geojson (the planned map for QGIS).
    #[arg(long)]
    pub no_geojson: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Plans through the library's orchestrator ([`reorg::orchestrator::plan`]),
/// then prints the per-year summary and the self-check.
pub fn run(args: &PlanArgs, csv: CsvStyle) -> anyhow::Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    if let Some(r) = &args.rules {
        scenario.rules = r.clone();
    }
    if let Some(l) = args.lang {
        scenario.language = l;
    }
    // The terminal's language; the report's is the scenario's.
    let lang = terminal_lang(args.lang);
    if let Some(t) = &args.targets {
        let Some(loaded) = load_or_report(&args.dir, lang) else {
            return Ok(ExitCode::from(1));
        };
        scenario.targets = Some(reorg::scenario::read_targets(t, &loaded.dataset)?);
    }
    let bar = progress_bar(args.quiet, Msg::ProgressPlanning.text(lang));
    let progress = |stage: RunStage, done: usize, total: usize| {
        if stage == RunStage::ProvinceReports && done == 0 {
            bar.set_message(Msg::ProgressProvinceReports.text(lang).to_string());
        }
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let job = PlanJob {
        dir: &args.dir,
        scenario: &scenario,
        province: args.province.as_deref().map(UnitCode::from),
        each_province: args.each_province,
        out: args.out.as_deref(),
        force: args.force,
        charts: !args.no_charts,
        geojson: !args.no_geojson,
        scenario_file: args.scenario.as_deref(),
        csv,
        progress: Some(&progress),
    };
    let run = match orchestrator::plan(&job) {
        Ok(run) => run,
        Err(OrchestratorError::Load(e)) => {
            bar.finish_and_clear();
            report_invalid(&args.dir, &e, lang);
            return Ok(ExitCode::from(1));
        }
        Err(OrchestratorError::Build(e)) => {
            bar.finish_and_clear();
            note(format_args!("reorg: {e}"));
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();
    report_warnings(&run.loaded, lang);
    for codes in &run.missing_geometry {
        let codes: Vec<&str> = codes.iter().map(UnitCode::as_str).collect();
        note(format_args!(
            "{}",
            Msg::MissingPolygons.fill(lang, &[("n", &codes.len()), ("codes", &codes.join(", "))])
        ));
    }
    let mut stdout = std::io::stdout().lock();
    print_summary(
        &mut stdout,
        &run.result,
        &run.outputs,
        &scenario.objective,
        lang,
    )?;
    print_legal(
        &mut stdout,
        &run.result,
        &run.outputs.check,
        &scenario,
        lang,
    )?;
    writeln!(
        stdout,
        "{}",
        Msg::Written.fill(lang, &[("path", &run.out.display())])
    )?;
    let failed = report_check_errors(&run.outputs.check, lang);
    // The process exits next: freeing the plan, its report and the dataset
    // (millions of small allocations) would only cost time.
    std::mem::forget(run);
    Ok(ExitCode::from(u8::from(failed)))
}

/// Prints the self-check's errors on standard error; whether there were any.
fn report_check_errors(check: &CheckReport, lang: Lang) -> bool {
    let errors = check.errors();
    if errors > 0 {
        for f in check.with(Severity::Error) {
            note(format_args!(
                "{}",
                Msg::SelfCheckFinding.fill(
                    lang,
                    &[
                        ("rule", &f.rule.as_str()),
                        ("phase", &f.phase),
                        ("message", &f.message)
                    ]
                )
            ));
        }
        note(format_args!(
            "{}",
            Msg::SelfCheckFailed.fill(lang, &[("n", &errors)])
        ));
    }
    errors > 0
}

/// The legal-map lines of the summary: the district-kind mode, kind
/// conflicts, conversions, renames and the self-check.
fn print_legal(
    w: &mut impl Write,
    result: &PlanResult,
    check: &CheckReport,
    sc: &Scenario,
    lang: Lang,
) -> std::io::Result<()> {
    let conflicts = result
        .unresolved
        .iter()
        .filter(|u| matches!(u.reason, UnresolvedReason::KindConflict))
        .count();
    let conversions = result.changes.iter().filter(|c| c.is_conversion()).count();
    let renamed = result
        .changes
        .iter()
        .filter(|c| c.name_change.is_some())
        .count()
        + result
            .groups
            .iter()
            .filter(|g| g.name_change.is_some())
            .count();
    let mode = match sc.district_kind {
        DistrictKindMode::KeepLegal => Msg::KindModeKeepLegal,
        DistrictKindMode::Convert => Msg::KindModeConvert,
    }
    .text(lang);
    writeln!(
        w,
        "{}: {mode} · {}: {conflicts} · {}: {conversions} · {}: {renamed}",
        Msg::LegalKindMode.text(lang),
        Msg::LegalKindConflicts.text(lang),
        Msg::LegalConversions.text(lang),
        Msg::LegalRenamed.text(lang),
    )?;
    let errors = check.errors();
    let warnings = check.with(Severity::Warning).count();
    writeln!(
        w,
        "{}: {errors} {} · {warnings} {}",
        Msg::SelfCheck.text(lang),
        Msg::SelfCheckErrors.text(lang),
        Msg::SelfCheckWarnings.text(lang),
    )
}

pub(crate) fn print_summary(
    w: &mut impl Write,
    result: &PlanResult,
    outputs: &Outputs,
    objective: &reorg::planner::Objective,
    lang: Lang,
) -> std::io::Result<()> {
    writeln!(
        w,
        "{:<10} {:<9} {:>7} {:>9} {:>11} {:>9}",
        Msg::SummaryPhase.text(lang),
        Msg::SummaryLevel.text(lang),
        Msg::SummaryGroups.text(lang),
        Msg::SummaryDisappear.text(lang),
        Msg::SummaryUnresolved.text(lang),
        Msg::SummaryBelow.text(lang)
    )?;
    let mut phases: Vec<Phase> = result.counts.keys().map(|k| k.0).collect();
    phases.dedup();
    for &phase in &phases {
        for level in [Level::District, Level::Commune] {
            let gs: Vec<_> = result
                .groups
                .iter()
                .filter(|g| g.phase == phase && g.level == level)
                .collect();
            let gone: usize = gs.iter().map(|g| g.members.len() - 1).sum();
            let below = gs.iter().filter(|g| !g.meets_standard).count();
            let unresolved = result
                .unresolved
                .iter()
                .filter(|u| u.phase == phase && u.unit.level == level)
                .count();
            writeln!(
                w,
                "{:<10} {:<9} {:>7} {:>9} {:>11} {:>9}",
                phase.as_str(),
                level_label(level, lang),
                gs.len(),
                gone,
                unresolved,
                below
            )?;
        }
    }
    // The per-year table: merges, communes before/after, people whose unit
    // changes (members other than the one keeping its code), surplus staff.
    writeln!(w)?;
    writeln!(
        w,
        "{:<6} {:>7} {:>10} {:>10} {:>14} {:>12} {:>12}",
        Msg::YearYear.text(lang),
        Msg::YearMerges.text(lang),
        Msg::YearBefore.text(lang),
        Msg::YearAfter.text(lang),
        Msg::YearPeople.text(lang),
        Msg::YearCadres.text(lang),
        Msg::YearPartTime.text(lang)
    )?;
    let mut units: usize = result
        .counts
        .iter()
        .filter(|((ph, lv, _), _)| Some(ph) == phases.first() && *lv == Level::Commune)
        .map(|(_, (b, _))| *b)
        .sum();
    let years = outputs.schedule.years();
    let mut all_years: Vec<u16> = years.values().copied().collect();
    all_years.extend(
        outputs
            .staffing
            .totals
            .iter()
            .filter(|t| t.province.is_none())
            .map(|t| t.year),
    );
    all_years.sort_unstable();
    all_years.dedup();
    for y in all_years {
        let gs: Vec<_> = result
            .groups
            .iter()
            .filter(|g| years.get(&g.group_id) == Some(&y))
            .collect();
        let gone: usize = gs
            .iter()
            .filter(|g| g.level == Level::Commune)
            .map(|g| g.members.len() - 1)
            .sum();
        // People whose unit changes: members other than the one keeping its code.
        let people: u64 = gs
            .iter()
            .flat_map(|g| g.members.iter().filter(|m| m.unit.code != g.new_unit.code))
            .filter_map(|m| m.unit.population)
            .sum();
        let total = outputs
            .staffing
            .totals
            .iter()
            .find(|t| t.province.is_none() && t.year == y);
        let before = units;
        units -= gone;
        writeln!(
            w,
            "{:<6} {:>7} {:>10} {:>10} {:>14} {:>12} {:>12}",
            y,
            gs.len(),
            fmt_int(before as i64, lang),
            fmt_int(units as i64, lang),
            fmt_int(people as i64, lang),
            total.map_or(0, |t| t.remaining_cadres),
            total.map_or(0, |t| t.remaining_part_time)
        )?;
    }
    let s = &result.stats;
    writeln!(
        w,
        "{}: {} · {}: {} · {}: {}",
        Msg::StatsParents.text(lang),
        s.parents,
        Msg::StatsCandidates.text(lang),
        s.candidates,
        Msg::StatsNotOptimal.text(lang),
        s.not_optimal.len()
    )?;
    const SHOWN: usize = 10;
    for g in s.gaps.iter().take(SHOWN) {
        let name = result.names.get(&g.parent).map_or(g.parent.as_str(), |n| n);
        writeln!(
            w,
            "  {name} ({}): {}",
            g.phase.as_str(),
            gap_text(g, objective, lang)
        )?;
    }
    if s.gaps.len() > SHOWN {
        writeln!(w, "  … {}", s.gaps.len() - SHOWN)?;
    }
    Ok(())
}
