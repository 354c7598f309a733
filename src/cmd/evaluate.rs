//! `reorg evaluate DIR --proposal FILE`: a province's own proposal checked
//! by the plan validator, with findings per line and the report of
//! `reorg plan` built from it; `--complete` lets the planner arrange what
//! the proposal leaves out.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reorg::evaluate::{Origin, read_proposal, resolve};
use reorg::io::Severity;
use reorg::io::csv_out::CsvStyle;
use reorg::lang::Lang;
use reorg::model::UnitCode;
use reorg::orchestrator::{self, EvaluateJob, OrchestratorError};
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;

use super::common::{load_or_report, note, progress_bar, progress_of};
use super::plan::print_summary;

/// Exit code when the proposal was evaluated and its findings hold an error.
pub const EXIT_FINDINGS_ERROR: u8 = 3;

/// Flags of `reorg evaluate`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Proposal layouts: one row per member 'group,member' (optional columns phase, year, new_name, kind_after, seat); the plan.csv that 'reorg plan' writes (or its folder); a change log 'old_code,new_code,...' grouped by new_code. Members by code or by name (NFC, any case; 'Name (District)' when a name repeats).\n\nExit codes: 0 evaluated, no error among the findings; 1 invalid input (unreadable proposal, unknown or ambiguous member, ...): nothing is written; 2 usage error; 3 evaluated and written, but the findings hold at least one error (an illegal group)."
)]
pub struct EvaluateArgs {
    /// Dataset folder holding units.csv and adjacency.csv (and geometry/ for maps).
    pub dir: PathBuf,
    /// The proposal: a CSV file, an .xlsx workbook, or a plan folder / plan.csv.
    #[arg(long)]
    pub proposal: PathBuf,
    /// The workbook's sheet (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The province, by code or name ("26", "Vĩnh Phúc", "vinh-phuc"); default: the one holding every member.
    #[arg(long)]
    pub province: Option<String>,
    /// Scenario file (TOML); without it, the law as written with documented defaults.
    #[arg(long)]
    pub scenario: Option<PathBuf>,
    /// Rule set (built-in name or TOML path); overrides the scenario's.
    #[arg(long)]
    pub rules: Option<String>,
    /// Output folder; default reports/danh-gia-<proposal file name>/.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Report and message language; overrides the scenario's.
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
    /// Keep every proposed group exactly and let the planner arrange the mandatory units it leaves out.
    #[arg(long)]
    pub complete: bool,
    /// Replace an existing report folder made from another scenario.
    #[arg(long)]
    pub force: bool,
    /// Skip the charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Skip plan.geojson.
    #[arg(long)]
    pub no_geojson: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Evaluates the proposal, writes the report folder, prints the findings'
/// counts.
pub fn run(args: &EvaluateArgs, csv: CsvStyle) -> anyhow::Result<ExitCode> {
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
    let lang = scenario.language;
    let rules = RuleSet::load(&scenario.rules)?;
    let Some(loaded) = load_or_report(&args.dir, reorg::lang::terminal_lang(args.lang)) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    // An unknown province is an error naming the near ones (exit 1).
    let asked = match &args.province {
        Some(p) => Some(orchestrator::find_province(ds, p)?),
        None => None,
    };
    let file = match read_proposal(&args.proposal, args.sheet.as_deref()) {
        Ok(f) => f,
        Err(e) => {
            note(format_args!("reorg: {e}"));
            return Ok(ExitCode::from(1));
        }
    };
    let resolved = resolve(ds, &rules, asked.as_ref(), &file);
    for i in &resolved.issues {
        note(format_args!("{i}"));
    }
    if resolved.errors() > 0 {
        note(format_args!(
            "{}: {} error(s), {} warning(s); nothing evaluated",
            file.path.display(),
            resolved.errors(),
            resolved.issues.len() - resolved.errors()
        ));
        return Ok(ExitCode::from(1));
    }
    if resolved.groups.is_empty() {
        note(format_args!(
            "{}: no group read; expected at least one group of two members",
            file.path.display()
        ));
        return Ok(ExitCode::from(1));
    }
    let province = asked.or_else(|| resolved.single_province(ds));
    let out = args.out.clone().unwrap_or_else(|| {
        let stem = args
            .proposal
            .file_stem()
            .map_or_else(|| "phuong-an".into(), |s| s.to_string_lossy().into_owned());
        PathBuf::from("reports").join(format!("danh-gia-{stem}"))
    });
    let mut inputs: Vec<&Path> = vec![args.dir.as_path(), args.proposal.as_path()];
    inputs.extend(args.scenario.as_deref());
    let bar = progress_bar(args.quiet, lang.pick("đánh giá phương án", "evaluating"));
    let progress = progress_of(&bar);
    let job = EvaluateJob {
        dir: &args.dir,
        dataset: ds,
        rules: &rules,
        scenario: &scenario,
        resolved: &resolved,
        complete: args.complete,
        province,
        out: &out,
        force: args.force,
        inputs: &inputs,
        csv,
        charts: !args.no_charts,
        geojson: !args.no_geojson,
        progress: Some(&progress),
    };
    let run = match orchestrator::evaluate(&job) {
        Ok(run) => run,
        Err(OrchestratorError::Build(e)) => {
            bar.finish_and_clear();
            note(format_args!("reorg: {e}"));
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    bar.finish_and_clear();
    if !run.missing_geometry.is_empty() {
        let codes: Vec<&str> = run.missing_geometry.iter().map(UnitCode::as_str).collect();
        note(format_args!(
            "plan.geojson: {} unit(s) without a polygon: {}",
            codes.len(),
            codes.join(", ")
        ));
    }
    let (result, outputs, found, origin_rows) =
        (&run.result, &run.outputs, &run.findings, &run.origin);

    let mut stdout = std::io::stdout().lock();
    print_summary(&mut stdout, result, outputs, &scenario.objective, lang)?;
    let errors = found
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let from_proposal = origin_rows
        .iter()
        .filter(|r| r.origin == Origin::Proposal)
        .count();
    writeln!(
        stdout,
        "{}: {} · {}: {from_proposal} · {}: {}",
        lang.pick("Nhóm trong phương án", "Groups in the proposal"),
        resolved.groups.len(),
        lang.pick("giữ nguyên", "kept as given"),
        lang.pick("do reorg đề xuất", "proposed by reorg"),
        origin_rows.len() - from_proposal
    )?;
    let mut by_rule: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for f in found {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        *by_rule.entry((f.rule.as_str(), sev)).or_default() += 1;
    }
    writeln!(
        stdout,
        "{}: {errors} {} · {} {}",
        lang.pick("Kết quả đánh giá", "Findings"),
        lang.pick("lỗi", "errors"),
        found.len() - errors,
        lang.pick("cảnh báo", "warnings"),
    )?;
    for ((rule, sev), n) in &by_rule {
        writeln!(stdout, "  {rule} ({sev}): {n}")?;
    }
    writeln!(
        stdout,
        "{}: {}",
        lang.pick("Đã ghi", "Written"),
        run.out.display()
    )?;
    if errors > 0 {
        return Ok(ExitCode::from(EXIT_FINDINGS_ERROR));
    }
    Ok(ExitCode::SUCCESS)
}
