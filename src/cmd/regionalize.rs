//! `reorg regionalize`: merge units into the largest number of connected
//! regions that each meet a standard — a population and an area threshold,
//! or the standard a rule set gives each new unit (max-p) — on a dataset
//! folder or on a peer benchmark instance (JSON).

mod counts;
mod outputs;
mod summary;

use summary::{print_dataset_summary, print_summary};

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use reorg::io::output::write_file_atomic;
use reorg::lang::Lang;
use reorg::model::{Dataset, Level};
use reorg::regionalize::{
    DatasetProblem, Options, PeerInstance, Plan, RuleStandard, Standard, Thresholds, evaluate,
    evaluate_with, fit_counts, plan_csv, problem_from_dataset, solve_with_progress,
};
use reorg::rules::RuleSet;
use reorg::scenario::{Scenario, Within};

use super::common::{load_or_report, note, progress_bar, progress_of};

/// Flags of `reorg regionalize`.
#[derive(Clone, Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["dir", "instance"])))]
pub struct RegionalizeArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: Option<PathBuf>,
    /// Peer benchmark instance (JSON of maxp_bench.py --export) instead of a dataset.
    #[arg(long)]
    pub instance: Option<PathBuf>,
    /// Minimum population of every resulting unit (with DIR: this,
    /// --rules or --scenario; with --instance it overrides P_min).
    #[arg(long, required_unless_present_any = ["instance", "rules", "scenario"], conflicts_with = "rules")]
    pub pop: Option<f64>,
    /// Minimum natural area (km²) of every resulting unit (with DIR: this,
    /// --rules or --scenario; with --instance it overrides A_min).
    #[arg(long, required_unless_present_any = ["instance", "rules", "scenario"], conflicts_with = "rules")]
    pub area: Option<f64>,
    /// Instead of --pop/--area: every resulting unit meets the standard a
    /// rule set gives it (built-in name, e.g. nq76-2025, or a TOML file):
    /// by its kind (a region holding a phường is a phường), terrain, border
    /// and province; exempt units (e.g. islands, N5) stay alone.
    #[arg(long, conflicts_with = "instance")]
    pub rules: Option<String>,
    /// Settings from a scenario file: its `rules` (or `[regionalize]` pop and
    /// area), `within`, `max_neighbourhood`, `time_limit`; flags win. See
    /// scenarios/sap-xep-2025.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "instance")]
    pub scenario: Option<PathBuf>,
    /// Every new unit meets its standard: ignore the rule set's group
    /// exemptions (NQ 76/2025 N4: 3+ units merged into a phường need not).
    #[arg(long, conflicts_with = "instance")]
    pub no_group_exemptions: bool,
    /// Regions stay inside each district, each province, or nothing (country)
    /// [default: district, or the scenario's].
    #[arg(long, value_enum)]
    pub within: Option<Within>,
    /// Target-count mode: the number of new units of each province, from a
    /// CSV file with the columns province_code,count (every province of the
    /// run): each province is partitioned into exactly that many connected
    /// units, meeting their standard where possible, keeping as many units
    /// unchanged as possible.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["instance", "reduce"])]
    pub count_file: Option<PathBuf>,
    /// Target-count mode: each province keeps this share of its units
    /// (above 0, at most 1): count = share × units, rounded to the nearest
    /// whole number (halves up), at least 1.
    #[arg(long, value_name = "SHARE", conflicts_with = "instance")]
    pub reduce: Option<f64>,
    /// Only the units of this province: its code (26), name ("Vĩnh Phúc") or slug (vinh-phuc).
    #[arg(long)]
    pub province: Option<String>,
    /// Level of the units to merge.
    #[arg(long, default_value = "commune", value_parser = unit_level())]
    pub level: Level,
    /// Write one row per region to this CSV file (atomically).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write the dossier of the regionalization into this folder (atomically):
    /// regions.csv with names, plan.xlsx, du-thao-nghi-quyet.docx in the 2025
    /// wording, summary.md and report.html (with the map for --province).
    #[arg(long, value_name = "DIR", conflicts_with = "instance")]
    pub report: Option<PathBuf>,
    /// Write the regions as GeoJSON to this file (atomically): one feature
    /// per CSV row, polygons dissolved from the dataset's geometry/ folder
    /// (every province, or only --province).
    #[arg(long, value_name = "FILE", conflicts_with = "instance")]
    pub geojson: Option<PathBuf>,
    /// Draw the map of the province's regions to STEM.svg and STEM.png
    /// (needs --province and the dataset's geometry/ folder).
    #[arg(
        long,
        value_name = "STEM",
        requires = "province",
        conflicts_with = "instance"
    )]
    pub map: Option<PathBuf>,
    /// Draw one province map per province into DIR/<code>.svg and
    /// DIR/<code>.png (every province, or only --province); regions must
    /// stay inside a province or a district.
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with_all = ["instance", "map"]
    )]
    pub map_dir: Option<PathBuf>,
    /// With --instance: regions inside each district (nested) or anywhere (global).
    #[arg(long, value_enum, default_value_t = InstanceMode::Nested)]
    pub mode: InstanceMode,
    /// With --instance: write the region id of every unit, in instance order, as a JSON list.
    #[arg(long)]
    pub labels_out: Option<PathBuf>,
    /// Stop searching after this many seconds, at most a week (the plan
    /// stays valid; results may then depend on the machine's speed: without
    /// it the deterministic work budgets alone bound the search).
    #[arg(long)]
    pub time_limit: Option<f64>,
    /// Seed of the randomized restarts.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Largest neighbourhood (in units, 16–64) of the improvement moves in
    /// components too large to solve exactly: larger finds more regions,
    /// slower [default: 32, or the scenario's].
    #[arg(long, value_parser = clap::value_parser!(u16).range(16..=64))]
    pub max_neighbourhood: Option<u16>,
    /// Worker threads (default: all CPUs; the plan does not depend on it).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Language of the summary.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Where the regions of a peer instance may lie (`--mode`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InstanceMode {
    /// Inside each district of the instance.
    Nested,
    /// Anywhere.
    Global,
}

impl InstanceMode {
    fn as_str(self) -> &'static str {
        match self {
            InstanceMode::Nested => "nested",
            InstanceMode::Global => "global",
        }
    }
}

/// `--level`: the levels whose units can be grouped (commune, district).
fn unit_level() -> impl clap::builder::TypedValueParser<Value = Level> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(["commune", "district"])
        .map(|s| Level::parse(&s).unwrap_or(Level::Commune))
}

/// What the command runs with, from the flags, then the scenario, then the defaults.
struct Settings {
    rules: Option<RuleSet>,
    thresholds: Option<Thresholds>,
    within: Within,
    max_neighbourhood: u16,
    time_limit: Option<f64>,
}

fn settings(args: &RegionalizeArgs) -> anyhow::Result<Settings> {
    let sc = match &args.scenario {
        Some(path) => Some(Scenario::load(path)?),
        None => None,
    };
    let cfg = sc.as_ref().map(|s| &s.regionalize);
    let fixed = match (args.pop, args.area) {
        (Some(pop), Some(area)) => Some(Thresholds { pop, area }),
        (None, None) if args.rules.is_none() => {
            match (cfg.and_then(|c| c.pop), cfg.and_then(|c| c.area)) {
                (Some(pop), Some(area)) => Some(Thresholds { pop, area }),
                _ => None,
            }
        }
        (None, None) => None,
        _ => anyhow::bail!("--pop and --area go together"),
    };
    let rules_name = match (&args.rules, fixed, &sc) {
        (Some(name), _, _) => Some(name.clone()),
        (None, Some(_), _) => None,
        (None, None, Some(s)) => Some(s.rules.clone()),
        (None, None, None) => {
            anyhow::bail!(
                "--pop and --area, --rules or --scenario are required with a dataset folder"
            )
        }
    };
    let strict = args.no_group_exemptions || cfg.and_then(|c| c.group_exemptions) == Some(false);
    let rules = match rules_name {
        Some(name) => {
            let mut set = RuleSet::load(&name).with_context(|| format!("rule set {name}"))?;
            if strict {
                set.group_exemptions.clear();
            }
            Some(set)
        }
        None => None,
    };
    if let Some(th) = fixed {
        th.validate()?;
    }
    let within = args
        .within
        .or(cfg.and_then(|c| c.within))
        .unwrap_or(Within::District);
    Ok(Settings {
        rules,
        thresholds: fixed,
        within,
        max_neighbourhood: args
            .max_neighbourhood
            .or(cfg.and_then(|c| c.max_neighbourhood))
            .unwrap_or(32),
        time_limit: args.time_limit.or(cfg.and_then(|c| c.time_limit)),
    })
}

fn options(args: &RegionalizeArgs, set: &Settings, nested: bool) -> anyhow::Result<Options> {
    let time_limit = match set.time_limit {
        Some(s) if s > 0.0 && s <= reorg::regionalize::MAX_TIME_LIMIT_S => {
            Some(Duration::from_secs_f64(s))
        }
        Some(s) => anyhow::bail!(
            "--time-limit {s}: expected a number of seconds above 0 and at most {} (a week)",
            reorg::regionalize::MAX_TIME_LIMIT_S
        ),
        None => None,
    };
    let defaults = Options::default();
    Ok(Options {
        nested,
        seed: args.seed,
        time_limit,
        threads: args.threads.unwrap_or(defaults.threads).max(1),
        max_neighbourhood: usize::from(set.max_neighbourhood),
        ..defaults
    })
}

/// Runs the command.
pub fn run(args: &RegionalizeArgs, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    match (&args.instance, &args.dir) {
        (Some(path), _) => run_instance(args, path),
        (None, Some(dir)) => run_dataset(args, dir, csv),
        (None, None) => anyhow::bail!("give a dataset folder or --instance FILE"),
    }
}

/// Solves with a progress bar (units of the components solved) on standard
/// error; returns the plan and the solver's wall time.
fn solve_with_bar(
    args: &RegionalizeArgs,
    problem: &reorg::regionalize::Problem,
    standard: &Standard,
    opts: &Options,
) -> anyhow::Result<(Plan, Duration)> {
    let bar = progress_bar(args.quiet, args.lang.pick("chia vùng", "regionalizing"));
    let started = Instant::now();
    let plan = solve_with_progress(problem, standard, opts, &progress_of(&bar));
    bar.finish_and_clear();
    Ok((plan?, started.elapsed()))
}

fn run_instance(args: &RegionalizeArgs, path: &Path) -> anyhow::Result<ExitCode> {
    let text = reorg::io::read::read_text_capped(path, reorg::io::read::MAX_JSON_BYTES)
        .with_context(|| format!("{}", path.display()))?;
    let inst = PeerInstance::from_json(&text).with_context(|| format!("{}", path.display()))?;
    let mut th = inst.thresholds();
    th.pop = args.pop.unwrap_or(th.pop);
    th.area = args.area.unwrap_or(th.area);
    let problem = inst.to_problem()?;
    let nested = args.mode == InstanceMode::Nested;
    let set = Settings {
        rules: None,
        thresholds: Some(th),
        within: Within::Country,
        max_neighbourhood: args.max_neighbourhood.unwrap_or(32),
        time_limit: args.time_limit,
    };
    let standard = Standard::Fixed(th);
    let (plan, elapsed) = solve_with_bar(args, &problem, &standard, &options(args, &set, nested)?)?;
    let ev = evaluate(&problem, &th, &plan.labels)?;
    if let Some(out) = &args.labels_out {
        let json = serde_json::to_string(&plan.labels)?;
        write_file_atomic(out, json.as_bytes())?;
    }
    let mut w = std::io::stdout().lock();
    writeln!(
        w,
        "{}: {} units, mode {}",
        path.display(),
        problem.len(),
        args.mode.as_str()
    )?;
    print_summary(&mut w, args.lang, problem.len(), &plan, false)?;
    writeln!(
        w,
        "  {}: {}",
        args.lang.pick(
            "hợp lệ (liên thông, đạt ngưỡng, lồng)",
            "valid (connected, thresholds, nesting)"
        ),
        ev.all_ok(nested)
    )?;
    w.flush()?;
    note(format_args!("time: {:.3} s", elapsed.as_secs_f64()));
    Ok(ExitCode::SUCCESS)
}

/// The problem and the standard of a dataset folder run.
struct DatasetRun {
    dp: DatasetProblem,
    standard: Standard,
    within: Within,
}

fn prepare(args: &RegionalizeArgs, ds: &Dataset, set: Settings) -> anyhow::Result<DatasetRun> {
    let mut dp = problem_from_dataset(ds, args.level, set.within, args.province.as_deref())?;
    let standard = match (set.rules, set.thresholds) {
        (Some(r), _) => Standard::Rules(Box::new(RuleStandard::new(ds, &mut dp, &r)?)),
        (None, th) => Standard::Fixed(th.unwrap_or(Thresholds {
            pop: 0.0,
            area: 0.0,
        })),
    };
    Ok(DatasetRun {
        dp,
        standard,
        within: set.within,
    })
}

/// Warns about units whose population or area is unknown (counted as 0).
fn warn_unknown(lang: Lang, ds: &Dataset, dp: &DatasetProblem) {
    for (what, ids) in [
        (lang.pick("dân số", "population"), &dp.unknown_population),
        (lang.pick("diện tích", "area"), &dp.unknown_area),
    ] {
        if !ids.is_empty() {
            let codes: Vec<&str> = ids.iter().map(|id| ds.unit(*id).code.as_str()).collect();
            note(format_args!(
                "{}: {} {} ({}): {}",
                lang.pick("cảnh báo", "warning"),
                ids.len(),
                lang.pick(
                    "đơn vị chưa có số liệu, tính là 0",
                    "units with unknown value, counted as 0"
                ),
                what,
                codes.join(" ")
            ));
        }
    }
}

fn run_dataset(
    args: &RegionalizeArgs,
    dir: &Path,
    csv: reorg::io::csv_out::CsvStyle,
) -> anyhow::Result<ExitCode> {
    let set = settings(args)?;
    let Some(loaded) = load_or_report(dir, args.lang) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    // --province by code, name or slug: from here on, its code.
    let by_code;
    let args = match &args.province {
        Some(p) => {
            let code = reorg::orchestrator::find_province(ds, p)?;
            by_code = RegionalizeArgs {
                province: Some(code.as_str().to_string()),
                ..args.clone()
            };
            &by_code
        }
        None => args,
    };
    let opts = options(args, &set, false)?;
    let run = prepare(args, ds, set)?;
    let geometry = outputs::load(args, dir)?;
    warn_unknown(args.lang, ds, &run.dp);
    let opts = Options {
        nested: run.dp.nested,
        ..opts
    };
    let counts = counts::targets(args, ds, &run.dp)?;
    let (mut plan, elapsed) = solve_with_bar(args, &run.dp.problem, &run.standard, &opts)?;
    if let Some(counts) = &counts {
        let targets: Vec<_> = counts.iter().map(|c| c.target.clone()).collect();
        plan = fit_counts(
            &run.dp.problem,
            &run.standard,
            &plan,
            run.dp.nested,
            &targets,
        )?;
    }
    let ev = evaluate_with(&run.dp.problem, &run.standard, &plan.labels)?;
    let valid = if counts.is_some() {
        ev.connected == ev.regions && (!run.dp.nested || ev.nested == ev.regions)
    } else {
        ev.all_ok(run.dp.nested) || plan.infeasible().next().is_some()
    };
    if !valid {
        anyhow::bail!("internal error: the plan is not valid ({ev:?})");
    }
    write_outputs(args, dir, ds, &run, &plan, &geometry, csv)?;
    let mut w = std::io::stdout().lock();
    print_dataset_summary(&mut w, args, dir, ds, &run, &plan)?;
    if let Some(counts) = &counts {
        let total: usize = counts.iter().map(|c| c.target.count).sum();
        writeln!(
            w,
            "  {}",
            reorg::lang::Msg::CountSummary.fill(
                args.lang,
                &[("provinces", &counts.len()), ("count", &total)]
            )
        )?;
    }
    w.flush()?;
    note(format_args!("time: {:.3} s", elapsed.as_secs_f64()));
    Ok(ExitCode::SUCCESS)
}

/// Renders every output of a valid plan, then writes them (each atomically).
fn write_outputs(
    args: &RegionalizeArgs,
    dir: &Path,
    ds: &Dataset,
    run: &DatasetRun,
    plan: &Plan,
    geometry: &[reorg::geo::ProvinceGeometry],
    csv: reorg::io::csv_out::CsvStyle,
) -> anyhow::Result<()> {
    let rule_std = match &run.standard {
        Standard::Rules(r) => Some(r.as_ref()),
        Standard::Fixed(_) => None,
    };
    let mut files = Vec::new();
    if let Some(out) = &args.out {
        files.push(outputs::Rendered {
            path: out.clone(),
            bytes: plan_csv(ds, &run.dp, plan, rule_std, args.lang, csv)?,
        });
    }
    files.extend(outputs::render(
        args,
        ds,
        &run.dp,
        plan,
        &run.standard,
        run.within,
        geometry,
    )?);
    let report = match &args.report {
        Some(target) => {
            reorg::io::output::check_overwrite(target, "regionalize", false)?;
            Some((target, outputs::report(args, dir, ds, run, plan, csv)?))
        }
        None => None,
    };
    if let Some(d) = &args.map_dir {
        std::fs::create_dir_all(d).with_context(|| format!("--map-dir {}", d.display()))?;
    }
    if let Some((target, files)) = report {
        let out = reorg::io::output::AtomicDir::new(target)?;
        for (name, bytes) in &files {
            out.write(name, bytes)?;
        }
        out.commit("regionalize", false)?;
        note(format_args!(
            "{}: {}",
            target.display(),
            args.lang.pick("đã ghi hồ sơ", "dossier written")
        ));
    }
    for f in &files {
        write_file_atomic(&f.path, &f.bytes)?;
        note(format_args!(
            "{}: {} {} {}",
            f.path.display(),
            args.lang.pick("đã ghi", "written,"),
            plan.p(),
            args.lang.pick("vùng", "regions")
        ));
    }
    Ok(())
}
