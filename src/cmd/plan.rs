//! `reorg plan DIR`: merge groups for every phase and level, written to a report folder.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use reorg::model::{Level, Phase, UnitCode};
use reorg::pipeline::output::{encode_plan, encode_units, encode_unresolved};
use reorg::pipeline::{PlanResult, RunOptions};
use reorg::rules::{Lang, RuleSet};
use reorg::scenario::Scenario;

use super::common::load_or_report;

/// Flags of `reorg plan`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
    /// Only this province (code, e.g. 26).
    #[arg(long)]
    pub province: Option<String>,
    /// Scenario file (TOML); without it, the law as written with documented defaults.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Rule set (built-in name or TOML path); overrides the scenario's.
    #[arg(long)]
    pub rules: Option<String>,
    /// Output folder; default reports/<scenario name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Report language; overrides the scenario's.
    #[arg(long, value_parser = ["vi", "en"])]
    pub lang: Option<String>,
}

/// Plans, writes the report folder, prints a summary.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(p) => Scenario::load(p)?,
        None => Scenario::default(),
    };
    if let Some(r) = &args.rules {
        scenario.rules = r.clone();
    }
    if let Some(l) = &args.lang {
        scenario.language = Lang::parse(l).context("--lang must be vi or en")?;
    }
    let rules = RuleSet::load(&scenario.rules)?;
    let Some(loaded) = load_or_report(&args.dir) else {
        return Ok(ExitCode::from(1));
    };
    let result = reorg::pipeline::run(
        &loaded.dataset,
        &RunOptions {
            rules: &rules,
            scenario: &scenario,
            province: args.province.as_deref().map(UnitCode::from),
            progress: None,
        },
    )?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("reports").join(&scenario.name));
    let lang = scenario.language;
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("plan.csv", encode_plan(&result)),
        ("unresolved.csv", encode_unresolved(&result, lang)),
        ("units.csv", encode_units(&result, lang)),
    ];
    write_folder(&out, &files)?;
    print_summary(&result, lang);
    eprintln!("{}: {} file(s) written", out.display(), files.len());
    Ok(ExitCode::SUCCESS)
}

fn write_folder(out: &std::path::Path, files: &[(&str, Vec<u8>)]) -> anyhow::Result<()> {
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(p) = parent {
        std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
    }
    let tmp = out.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    for (name, bytes) in files {
        std::fs::write(tmp.join(name), bytes)
            .with_context(|| format!("cannot write {}", tmp.join(name).display()))?;
    }
    if out.exists() {
        std::fs::remove_dir_all(out)
            .with_context(|| format!("cannot replace {}", out.display()))?;
    }
    std::fs::rename(&tmp, out).with_context(|| format!("cannot create {}", out.display()))?;
    Ok(())
}

fn print_summary(result: &PlanResult, lang: Lang) {
    println!(
        "{:<10} {:<9} {:>8} {:>12} {:>12} {:>10}",
        lang.pick("Giai đoạn", "Phase"),
        lang.pick("Cấp", "Level"),
        lang.pick("Số nhóm", "Groups"),
        lang.pick("Giảm", "Disappear"),
        lang.pick("Chưa xử lý", "Unresolved"),
        lang.pick("Chưa đạt", "Below std")
    );
    let mut phases: Vec<Phase> = result.groups.iter().map(|g| g.phase).collect();
    phases.extend(result.unresolved.iter().map(|u| u.phase));
    phases.sort();
    phases.dedup();
    for phase in phases {
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
            println!(
                "{:<10} {:<9} {:>8} {:>12} {:>12} {:>10}",
                phase.as_str(),
                level.as_str(),
                gs.len(),
                gone,
                unresolved,
                below
            );
        }
    }
    let s = &result.stats;
    println!(
        "{}: {} · {}: {} · {}: {}",
        lang.pick("Đơn vị cấp trên đã lập phương án", "Parents planned"),
        s.parents,
        lang.pick("phương án ứng viên", "candidate groups"),
        s.candidates,
        lang.pick("chưa chứng minh tối ưu", "not proven optimal"),
        s.not_optimal.len()
    );
    for (phase, parent) in &s.not_optimal {
        println!("  {phase} {parent}");
    }
}
