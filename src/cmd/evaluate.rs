//! `reorg evaluate DIR --proposal FILE`: a province's own proposal checked
//! by the plan validator, with findings per line and the report of
//! `reorg plan` built from it; `--complete` lets the planner arrange what
//! the proposal leaves out.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use reorg::evaluate::{
    EvalFinding, Origin, encode_findings, find_province, findings, origins, read_proposal, resolve,
};
use reorg::io::Severity;
use reorg::io::output::{AtomicDir, check_not_input, check_overwrite};
use reorg::lang::Lang;
use reorg::pipeline::RunOptions;
use reorg::rules::RuleSet;
use reorg::scenario::Scenario;
use reorg::validator::{CheckOptions, check_plan};

use super::common::{load_or_report, note, progress_bar, progress_of};
use super::plan::{ReportCtx, print_summary};
use reorg::io::csv_out::{CsvStyle, CsvWriter};

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
    let asked = match &args.province {
        Some(p) => match find_province(ds, p) {
            Ok(code) => Some(code),
            Err(known) => {
                let list: Vec<String> = known.iter().map(|(c, n)| format!("{c} {n}")).collect();
                note(format_args!(
                    "reorg: --province '{p}' is no province of {}; expected a code or name: {}",
                    args.dir.display(),
                    list.join(", ")
                ));
                return Ok(ExitCode::from(1));
            }
        },
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
    check_overwrite(&out, &scenario.name, args.force)?;
    let mut inputs: Vec<&Path> = vec![args.dir.as_path(), args.proposal.as_path()];
    inputs.extend(args.scenario.as_deref());
    check_not_input(&out, &inputs)?;

    scenario.locks.fixed = resolved
        .groups
        .iter()
        .map(|g| (g.phase, g.members.clone()))
        .collect();
    scenario.locks.only_fixed = !args.complete;
    let bar = progress_bar(args.quiet, lang.pick("đánh giá phương án", "evaluating"));
    let progress = progress_of(&bar);
    let mut result = reorg::pipeline::run(
        ds,
        &RunOptions {
            rules: &rules,
            scenario: &scenario,
            province: province.clone(),
            progress: Some(&progress),
        },
    )?;
    // The names the province gave.
    let named: BTreeMap<String, String> = origins(&result, &resolved.groups)
        .into_iter()
        .filter_map(|(id, _, s)| Some((id.to_string(), s?.new_name.clone()?)))
        .collect();
    for g in &mut result.groups {
        if let Some(name) = named.get(&g.group_id) {
            g.proposed_name = name.clone();
            g.new_unit.name = name.clone();
        }
    }
    let check = check_plan(
        ds,
        &rules,
        &resolved.proposal,
        &CheckOptions {
            province: province.clone(),
            ..CheckOptions::from_scenario(&scenario)
        },
    );
    let found = findings(ds, &check, &resolved, &result, lang);
    let origin = origins(&result, &resolved.groups);

    let ctx = ReportCtx {
        ds,
        rules: &rules,
        scenario: &scenario,
        dir: &args.dir,
        charts: !args.no_charts,
        geojson: !args.no_geojson,
        province_reports: false,
        terminal: lang,
        csv,
    };
    let mut outputs = match ctx.build(&result, province.as_ref()) {
        Ok(o) => o,
        Err(e) => {
            bar.finish_and_clear();
            note(format_args!("reorg: {e}"));
            return Ok(ExitCode::from(1));
        }
    };
    let origin_rows: Vec<OriginRow> = origin
        .iter()
        .map(|(id, o, s)| OriginRow {
            group_id: id.to_string(),
            origin: *o,
            label: o.label(lang).to_string(),
            proposal_group: s.map(|s| s.id.clone()),
            line: s.map(|s| s.line),
        })
        .collect();
    for (name, bytes) in &mut outputs.files {
        match name.as_str() {
            "summary.md" => bytes.extend(markdown_section(&found, &origin_rows, lang).as_bytes()),
            "report.html" => {
                let text = String::from_utf8_lossy(bytes).into_owned();
                let section = html_section(&found, &origin_rows, lang);
                *bytes = match text.rfind("</main>") {
                    Some(at) => format!("{}{section}{}", &text[..at], &text[at..]),
                    None => format!("{text}{section}"),
                }
                .into_bytes();
            }
            _ => {}
        }
    }
    outputs
        .files
        .push(("findings.csv".into(), encode_findings(&found, csv)?));
    outputs
        .files
        .push(("origin.csv".into(), encode_origin(&origin_rows, csv)?));
    let dir = AtomicDir::new(&out)?;
    for (name, bytes) in &outputs.files {
        dir.write(name, bytes)?;
    }
    dir.commit(&scenario.name, args.force)?;
    bar.finish_and_clear();

    let mut stdout = std::io::stdout().lock();
    print_summary(&mut stdout, &result, &outputs, &scenario.objective, lang)?;
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
    for f in &found {
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
        out.display()
    )?;
    if errors > 0 {
        return Ok(ExitCode::from(EXIT_FINDINGS_ERROR));
    }
    Ok(ExitCode::SUCCESS)
}

/// A row of `origin.csv`.
struct OriginRow {
    group_id: String,
    origin: Origin,
    label: String,
    proposal_group: Option<String>,
    line: Option<u64>,
}

fn encode_origin(rows: &[OriginRow], style: CsvStyle) -> Result<Vec<u8>, csv::Error> {
    let mut w = CsvWriter::new(Vec::new(), style)?;
    w.write_row([
        "group_id",
        "origin",
        "origin_label",
        "proposal_group",
        "line",
    ])?;
    for r in rows {
        w.write_row([
            r.group_id.as_str(),
            match r.origin {
                Origin::Proposal => "proposal",
                Origin::Reorg => "reorg",
            },
            r.label.as_str(),
            r.proposal_group.as_deref().unwrap_or(""),
            r.line.map(|l| l.to_string()).unwrap_or_default().as_str(),
        ])?;
    }
    w.finish()
}

fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("lỗi", "error"),
        Severity::Warning => lang.pick("cảnh báo", "warning"),
    }
}

fn markdown_section(found: &[EvalFinding], origin: &[OriginRow], lang: Lang) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut md = format!(
        "\n## {}\n\n",
        lang.pick(
            "Đánh giá phương án của tỉnh",
            "Evaluation of the province's proposal"
        )
    );
    md.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        lang.pick("Nhóm", "Group"),
        lang.pick("Nguồn", "Origin"),
        lang.pick("Nhóm trong phương án", "Proposal group"),
        lang.pick("Dòng", "Line"),
    ));
    for r in origin {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            cell(&r.group_id),
            r.label,
            cell(r.proposal_group.as_deref().unwrap_or("")),
            r.line.map(|l| l.to_string()).unwrap_or_default()
        ));
    }
    md.push('\n');
    if found.is_empty() {
        md.push_str(lang.pick("Không có lỗi hay cảnh báo.\n", "No error or warning.\n"));
        return md;
    }
    md.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        lang.pick("Dòng", "Line"),
        lang.pick("Nhóm", "Group"),
        lang.pick("Mức", "Severity"),
        lang.pick("Nội dung", "Finding"),
    ));
    for f in found {
        md.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            f.line.map(|l| l.to_string()).unwrap_or_default(),
            cell(f.group.as_deref().unwrap_or("")),
            severity_label(f.severity, lang),
            cell(&f.message)
        ));
    }
    md
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html_section(found: &[EvalFinding], origin: &[OriginRow], lang: Lang) -> String {
    let mut h = format!(
        "<section id=\"danh-gia\">\n<h2>{}</h2>\n<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        lang.pick(
            "Đánh giá phương án của tỉnh",
            "Evaluation of the province's proposal"
        ),
        lang.pick("Nhóm", "Group"),
        lang.pick("Nguồn", "Origin"),
        lang.pick("Nhóm trong phương án", "Proposal group"),
        lang.pick("Dòng", "Line"),
    );
    for r in origin {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&r.group_id),
            esc(&r.label),
            esc(r.proposal_group.as_deref().unwrap_or("")),
            r.line.map(|l| l.to_string()).unwrap_or_default()
        ));
    }
    h.push_str("</tbody>\n</table>\n");
    if found.is_empty() {
        h.push_str(&format!(
            "<p>{}</p>\n",
            lang.pick("Không có lỗi hay cảnh báo.", "No error or warning.")
        ));
    } else {
        h.push_str(&format!(
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>\n",
            lang.pick("Dòng", "Line"),
            lang.pick("Nhóm", "Group"),
            lang.pick("Mức", "Severity"),
            lang.pick("Nội dung", "Finding"),
        ));
        for f in found {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                f.line.map(|l| l.to_string()).unwrap_or_default(),
                esc(f.group.as_deref().unwrap_or("")),
                severity_label(f.severity, lang),
                esc(&f.message)
            ));
        }
        h.push_str("</tbody>\n</table>\n");
    }
    h.push_str("</section>\n");
    h
}
