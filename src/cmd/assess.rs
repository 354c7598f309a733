//! `reorg assess DIR`: status of every district and commune per phase.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::assess::{assess_dataset, summarize, write_csv};
use reorg::lang::{Lang, Msg, terminal_lang};
use reorg::rules::RuleSet;

/// Flags of `reorg assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
    /// Rule set: a built-in name (nq35-2023, nq653-2019, nq76-2025) or a TOML file path.
    #[arg(long, default_value = "nq35-2023")]
    pub rules: String,
    /// Only the districts and communes of this province: its code (26), name ("Vĩnh Phúc") or slug (vinh-phuc).
    #[arg(long)]
    pub province: Option<String>,
    /// Write one row per unit and phase to this CSV file (atomically).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of labels and assumption texts (the CSV file: Vietnamese by
    /// default; the terminal: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// Loads the dataset and the rule set, assesses, writes the CSV or prints counts.
pub fn run(args: &AssessArgs, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    // The CSV file is a report (Vietnamese by default); the terminal
    // follows the locale.
    let lang = terminal_lang(args.lang);
    let file_lang = args.lang.unwrap_or_default();
    let rules = RuleSet::load(&args.rules)?;
    let Some(loaded) = super::common::load_or_report(&args.dir, lang) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    // By code, name or slug; an unknown one is an error naming the near ones.
    let province = match &args.province {
        Some(p) => Some(reorg::orchestrator::find_province(ds, p)?),
        None => None,
    };
    let rows = assess_dataset(&rules, ds, province.as_ref());
    match &args.out {
        Some(path) => {
            write_csv(path, ds, &rows, file_lang, csv)?;
            super::common::note(format_args!(
                "{}",
                Msg::RowsWritten.fill(lang, &[("path", &path.display()), ("n", &rows.len())])
            ));
        }
        None => {
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "{} — {}",
                args.dir.display(),
                lang.pick(&rules.title_vi, &rules.title_en)
            )?;
            write!(out, "{}", summarize(&rows).render(lang))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
