//! `reorg regionalize`: merge units into the largest number of connected
//! regions that each meet a standard — a population and an area threshold,
//! or the standard a rule set gives each new unit (max-p) — on a dataset
//! folder or on a peer benchmark instance (JSON).

mod outputs;
mod summary;

use summary::{pick, print_standards, print_summary};

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use reorg::io::{LoadError, load_dir};
use reorg::model::Level;
use reorg::regionalize::{
    Options, PeerInstance, RuleStandard, Standard, Thresholds, Within, evaluate, evaluate_with,
    plan_csv, problem_from_dataset, solve, solve_with, write_atomic,
};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

/// Flags of `reorg regionalize`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["dir", "instance"])))]
pub struct Args {
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
    #[arg(long, value_parser = ["district", "province", "country"])]
    pub within: Option<String>,
    /// Only the units of this province (code, e.g. 10).
    #[arg(long)]
    pub province: Option<String>,
    /// Level of the units to merge.
    #[arg(long, default_value = "commune", value_parser = ["commune", "district"])]
    pub level: String,
    /// Write one row per region to this CSV file (atomically).
    #[arg(long)]
    pub out: Option<PathBuf>,
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
    #[arg(long, default_value = "nested", value_parser = ["nested", "global"])]
    pub mode: String,
    /// With --instance: write the region id of every unit, in instance order, as a JSON list.
    #[arg(long)]
    pub labels_out: Option<PathBuf>,
    /// Stop searching after this many seconds (the plan stays valid; results
    /// may then depend on the machine's speed).
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
    #[arg(long, default_value = "vi", value_parser = ["vi", "en"])]
    pub lang: String,
}

/// What the command runs with, from the flags, then the scenario, then the defaults.
struct Settings {
    rules: Option<RuleSet>,
    thresholds: Option<Thresholds>,
    within: Within,
    max_neighbourhood: u16,
    time_limit: Option<f64>,
}

fn settings(args: &Args) -> anyhow::Result<Settings> {
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
    let within = match args.within.as_deref() {
        Some("district") => Within::District,
        Some("province") => Within::Province,
        Some(_) => Within::Country,
        None => cfg.and_then(|c| c.within).unwrap_or(Within::District),
    };
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

fn options(args: &Args, set: &Settings, nested: bool) -> anyhow::Result<Options> {
    let time_limit = match set.time_limit {
        Some(s) if s.is_finite() && s > 0.0 => Some(Duration::from_secs_f64(s)),
        Some(s) => anyhow::bail!("--time-limit {s}: expected a positive number of seconds"),
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
pub fn run(args: &Args, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    match (&args.instance, &args.dir) {
        (Some(path), _) => run_instance(args, path),
        (None, Some(dir)) => run_dataset(args, dir, csv),
        (None, None) => anyhow::bail!("give a dataset folder or --instance FILE"),
    }
}

fn run_instance(args: &Args, path: &Path) -> anyhow::Result<ExitCode> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let inst = PeerInstance::from_json(&text).with_context(|| format!("{}", path.display()))?;
    let mut th = inst.thresholds();
    th.pop = args.pop.unwrap_or(th.pop);
    th.area = args.area.unwrap_or(th.area);
    let problem = inst.to_problem()?;
    let nested = args.mode == "nested";
    let started = Instant::now();
    let set = Settings {
        rules: None,
        thresholds: Some(th),
        within: Within::Country,
        max_neighbourhood: args.max_neighbourhood.unwrap_or(32),
        time_limit: args.time_limit,
    };
    let plan = solve(&problem, &th, &options(args, &set, nested)?)?;
    let elapsed = started.elapsed();
    let ev = evaluate(&problem, &th, &plan.labels)?;
    if let Some(out) = &args.labels_out {
        let json = serde_json::to_string(&plan.labels)?;
        write_atomic(out, json.as_bytes())?;
    }
    println!(
        "{}: {} units, mode {}",
        path.display(),
        problem.len(),
        args.mode
    );
    print_summary(&args.lang, problem.len(), &plan, false);
    println!(
        "  {}: {}",
        pick(
            &args.lang,
            "hợp lệ (liên thông, đạt ngưỡng, lồng)",
            "valid (connected, thresholds, nesting)"
        ),
        ev.all_ok(nested)
    );
    eprintln!("time: {:.3} s", elapsed.as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

fn run_dataset(
    args: &Args,
    dir: &Path,
    csv: reorg::io::csv_out::CsvStyle,
) -> anyhow::Result<ExitCode> {
    let set = settings(args)?;
    let rules = set.rules.as_ref();
    let level = Level::parse(&args.level).context("--level must be commune or district")?;
    let within = set.within;
    let loaded = match load_dir(dir) {
        Ok(l) => l,
        Err(LoadError::Invalid(diags)) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{}: {errors} error(s)", dir.display());
            return Ok(ExitCode::from(1));
        }
    };
    let ds = &loaded.dataset;
    let mut dp = problem_from_dataset(ds, level, within, args.province.as_deref())?;
    let standard = match (rules, set.thresholds) {
        (Some(r), _) => Standard::Rules(Box::new(RuleStandard::new(ds, &mut dp, r)?)),
        (None, th) => Standard::Fixed(th.unwrap_or(Thresholds {
            pop: 0.0,
            area: 0.0,
        })),
    };
    let dp = dp;
    let geometry = outputs::load(args, dir)?;
    for (what, ids) in [
        (
            pick(&args.lang, "dân số", "population"),
            &dp.unknown_population,
        ),
        (pick(&args.lang, "diện tích", "area"), &dp.unknown_area),
    ] {
        if !ids.is_empty() {
            let codes: Vec<&str> = ids.iter().map(|id| ds.unit(*id).code.as_str()).collect();
            eprintln!(
                "{}: {} {} ({}): {}",
                pick(&args.lang, "cảnh báo", "warning"),
                ids.len(),
                pick(
                    &args.lang,
                    "đơn vị chưa có số liệu, tính là 0",
                    "units with unknown value, counted as 0"
                ),
                what,
                codes.join(" ")
            );
        }
    }
    let started = Instant::now();
    let plan = solve_with(&dp.problem, &standard, &options(args, &set, dp.nested)?)?;
    let elapsed = started.elapsed();
    let ev = evaluate_with(&dp.problem, &standard, &plan.labels)?;
    if !ev.all_ok(dp.nested) && plan.infeasible().next().is_none() {
        anyhow::bail!("internal error: the plan is not valid ({ev:?})");
    }
    let rule_std = match &standard {
        Standard::Rules(r) => Some(r.as_ref()),
        Standard::Fixed(_) => None,
    };
    // Every output is rendered before the first is written.
    let mut files = Vec::new();
    if let Some(out) = &args.out {
        files.push(outputs::Rendered {
            path: out.clone(),
            bytes: plan_csv(ds, &dp, &plan, rule_std, csv),
        });
    }
    files.extend(outputs::render(
        args, ds, &dp, &plan, &standard, within, &geometry,
    )?);
    if let Some(d) = &args.map_dir {
        std::fs::create_dir_all(d).with_context(|| format!("--map-dir {}", d.display()))?;
    }
    for f in &files {
        write_atomic(&f.path, &f.bytes)?;
        eprintln!(
            "{}: {} {} {}",
            f.path.display(),
            pick(&args.lang, "đã ghi", "written,"),
            plan.p(),
            pick(&args.lang, "vùng", "regions")
        );
    }
    let lang = args.lang.as_str();
    let level_name = match level {
        Level::District => pick(lang, "cấp huyện", "district level"),
        _ => pick(lang, "cấp xã", "commune level"),
    };
    let scope_name = match within {
        Within::District => pick(lang, "trong từng huyện", "within each district"),
        Within::Province => pick(lang, "trong từng tỉnh", "within each province"),
        Within::Country => pick(lang, "toàn quốc", "across the country"),
    };
    match &standard {
        Standard::Rules(rs) => println!(
            "{} — {level_name}, {scope_name}; {}: {} ({})",
            dir.display(),
            pick(
                lang,
                "tiêu chuẩn theo bộ quy tắc",
                "standards of the rule set"
            ),
            rs.rules().name,
            if lang == "en" {
                &rs.rules().title_en
            } else {
                &rs.rules().title_vi
            },
        ),
        Standard::Fixed(th) => println!(
            "{} — {level_name}, {scope_name}; {} ≥ {}, {} ≥ {} km²",
            dir.display(),
            pick(lang, "dân số", "population"),
            th.pop,
            pick(lang, "diện tích", "area"),
            th.area,
        ),
    }
    print_summary(&args.lang, dp.problem.len(), &plan, rule_std.is_some());
    println!(
        "  {}: {:.1} km",
        pick(
            lang,
            "độ gọn: tổng chiều dài ranh giới chung bên trong các vùng",
            "compactness: shared border inside regions"
        ),
        plan.inside_border
    );
    if let Some(rs) = rule_std {
        print_standards(lang, &plan, rs);
    }
    const SHOWN: usize = 20;
    for c in plan.infeasible().take(SHOWN) {
        let codes: Vec<&str> = plan
            .regions
            .iter()
            .filter(|r| plan.components[r.component].first_unit == c.first_unit)
            .flat_map(|r| r.members.iter())
            .map(|&u| ds.unit(dp.units[u as usize]).code.as_str())
            .collect();
        println!(
            "  {}: {}",
            pick(
                &args.lang,
                "không thể đạt ngưỡng (giữ thành một vùng)",
                "cannot reach the thresholds (kept as one region)"
            ),
            codes.join(" ")
        );
    }
    let hidden = plan.infeasible().count().saturating_sub(SHOWN);
    if hidden > 0 {
        println!(
            "  … {hidden} {}",
            pick(
                lang,
                "vùng không khả thi khác (xem tệp CSV, cột meets)",
                "more infeasible regions (see the CSV, column meets)"
            )
        );
    }
    eprintln!("time: {:.3} s", elapsed.as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
