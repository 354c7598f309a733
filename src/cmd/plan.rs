//! `reorg plan DIR`: merge groups for every phase and level, with the
//! schedule, staffing, report and charts, written atomically to a folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reorg::geo::{ProvinceGeometry, load_geometry};
use reorg::io::csv_out::CsvStyle;
use reorg::io::output::{AtomicDir, check_not_input, check_overwrite};
use reorg::lang::{Lang, Msg, fmt_int, terminal_lang};
use reorg::legal::DistrictKindMode;
use reorg::model::{Dataset, Level, Phase, UnitCode};
use reorg::outputs::geojson::{ExportLevel, plan_geojson};
use reorg::outputs::{OutputOptions, Outputs, build, gap_text};
use reorg::pipeline::{PlanResult, RunOptions};
use reorg::planner::UnresolvedReason;
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use reorg::validator::{CheckReport, Severity};

use super::common::{level_label, load_or_report, progress_bar, progress_of};

/// Flags of `reorg plan`.
#[derive(Debug, clap::Args)]
pub struct PlanArgs {
    /// Dataset folder holding units.csv and adjacency.csv (and geometry/ for maps).
    pub dir: PathBuf,
    /// Only this province (code, e.g. 26); its report includes the map.
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
    /// Output folder; default reports/<scenario name>/.
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

/// Plans, writes the report folder(s), prints the per-year summary.
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
    let rules = RuleSet::load(&scenario.rules)?;
    let Some(loaded) = load_or_report(&args.dir, lang) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name));
    check_overwrite(&out, &scenario.name, args.force)?;
    let mut inputs: Vec<&Path> = vec![args.dir.as_path()];
    inputs.extend(args.scenario.as_deref());
    check_not_input(&out, &inputs)?;
    let province = args.province.as_deref().map(UnitCode::from);
    let bar = progress_bar(args.quiet, Msg::ProgressPlanning.text(lang));
    let progress = progress_of(&bar);
    let result = reorg::pipeline::run(
        ds,
        &RunOptions {
            rules: &rules,
            scenario: &scenario,
            province: province.clone(),
            progress: Some(&progress),
        },
    )?;
    let ctx = ReportCtx {
        ds,
        rules: &rules,
        scenario: &scenario,
        dir: &args.dir,
        charts: !args.no_charts,
        geojson: !args.no_geojson,
        province_reports: args.each_province,
        terminal: lang,
        csv,
    };
    let outputs = match ctx.build(&result, province.as_ref()) {
        Ok(o) => o,
        Err(e) => {
            bar.finish_and_clear();
            let mut err = std::io::stderr().lock();
            writeln!(err, "reorg: {e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let dir = AtomicDir::new(&out)?;
    for (name, bytes) in &outputs.files {
        dir.write(name, bytes)?;
    }
    if args.each_province {
        let provinces: Vec<UnitCode> = ds
            .ids_at(Level::Province)
            .map(|id| ds.unit(id).code.clone())
            .collect();
        bar.set_length(provinces.len() as u64);
        bar.set_position(0);
        bar.set_message(Msg::ProgressProvinceReports.text(lang).to_string());
        for (i, p) in provinces.iter().enumerate() {
            bar.set_position(i as u64);
            let sub = result.restricted_to(p);
            let o = ctx.build(&sub, Some(p))?;
            for (name, bytes) in &o.files {
                dir.write(Path::new(p.as_str()).join(name), bytes)?;
            }
        }
    }
    dir.commit(&scenario.name, args.force)?;
    bar.finish_and_clear();
    let mut stdout = std::io::stdout().lock();
    print_summary(&mut stdout, &result, &outputs, &scenario.objective, lang)?;
    print_legal(&mut stdout, &result, &outputs.check, &scenario, lang)?;
    writeln!(
        stdout,
        "{}",
        Msg::Written.fill(lang, &[("path", &out.display())])
    )?;
    let errors = outputs.check.errors();
    if errors > 0 {
        let mut err = std::io::stderr().lock();
        for f in outputs.check.with(Severity::Error) {
            writeln!(
                err,
                "{}",
                Msg::SelfCheckFinding.fill(
                    lang,
                    &[
                        ("rule", &f.rule.as_str()),
                        ("phase", &f.phase),
                        ("message", &f.message)
                    ]
                )
            )?;
        }
        writeln!(
            err,
            "{}",
            Msg::SelfCheckFailed.fill(lang, &[("n", &errors)])
        )?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
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

/// What the report folders of a run share (also used by `reorg evaluate`).
pub(crate) struct ReportCtx<'a> {
    pub(crate) ds: &'a Dataset,
    pub(crate) rules: &'a RuleSet,
    pub(crate) scenario: &'a Scenario,
    pub(crate) dir: &'a Path,
    pub(crate) charts: bool,
    pub(crate) geojson: bool,
    /// Whether `--each-province` writes the province reports (the national
    /// report links to them).
    pub(crate) province_reports: bool,
    /// The terminal's language (messages on standard error).
    pub(crate) terminal: Lang,
    pub(crate) csv: CsvStyle,
}

impl ReportCtx<'_> {
    /// Every file of the report folder of `result`, plan.geojson included.
    pub(crate) fn build(
        &self,
        result: &PlanResult,
        province: Option<&UnitCode>,
    ) -> anyhow::Result<Outputs> {
        let lang = self.scenario.language;
        let geometries: Vec<ProvinceGeometry> = if self.charts || self.geojson {
            load_geometry(self.dir, province)?
        } else {
            Vec::new()
        };
        let geometry = match province {
            Some(_) if self.charts => geometries.first(),
            _ => None,
        };
        let area_label = match province {
            Some(p) => self
                .ds
                .get(p.as_str())
                .map_or_else(|| p.to_string(), |u| u.name.clone()),
            None => lang.pick("Toàn quốc", "Whole country").to_string(),
        };
        let mut outputs = build(
            self.ds,
            result,
            self.rules,
            self.scenario,
            &OutputOptions {
                lang,
                area_label,
                dataset_label: dataset_label(self.dir, lang),
                geometry,
                single_province: province.is_some(),
                geometries: &geometries,
                province_reports: self.province_reports,
                charts: self.charts,
                csv: self.csv,
            },
        )?;
        if self.geojson && !geometries.is_empty() {
            let g = plan_geojson(&geometries, result, ExportLevel::Commune);
            if !g.missing.is_empty() {
                let mut err = std::io::stderr().lock();
                let codes: Vec<&str> = g.missing.iter().map(|m| m.code.as_str()).collect();
                writeln!(
                    err,
                    "{}",
                    Msg::MissingPolygons.fill(
                        self.terminal,
                        &[("n", &codes.len()), ("codes", &codes.join(", "))]
                    )
                )?;
            }
            outputs
                .files
                .push(("plan.geojson".into(), g.text.into_bytes()));
        }
        Ok(outputs)
    }
}

/// The dataset as the report names it, without a file path: the vintage
/// when the folder is named by a year (`data/vn/2023`), else the folder's
/// own name.
fn dataset_label(dir: &Path, lang: Lang) -> String {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.len() == 4 && name.chars().all(|c| c.is_ascii_digit()) {
        match lang {
            Lang::Vi => format!("Số liệu đơn vị hành chính năm {name}"),
            Lang::En => format!("Administrative unit data of {name}"),
        }
    } else {
        match lang {
            Lang::Vi => format!("Bộ số liệu “{name}”"),
            Lang::En => format!("Dataset “{name}”"),
        }
    }
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
