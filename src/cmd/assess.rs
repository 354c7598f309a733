//! `reorg assess DIR`: status of every district and commune per phase.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::assess::{assess_dataset, summarize, write_csv};
use reorg::lang::Lang;
use reorg::model::{Level, UnitCode};
use reorg::rules::RuleSet;

/// Flags of `reorg assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
    /// Rule set: a built-in name (nq35-2023, nq653-2019, nq76-2025) or a TOML file path.
    #[arg(long, default_value = "nq35-2023")]
    pub rules: String,
    /// Only the districts and communes of this province (code, e.g. 10).
    #[arg(long)]
    pub province: Option<String>,
    /// Write one row per unit and phase to this CSV file (atomically).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Language of labels and assumption texts.
    #[arg(long, value_enum, ignore_case = true, default_value_t = Lang::Vi)]
    pub lang: Lang,
}

/// Loads the dataset and the rule set, assesses, writes the CSV or prints counts.
pub fn run(args: &AssessArgs, csv: reorg::io::csv_out::CsvStyle) -> anyhow::Result<ExitCode> {
    let lang = args.lang;
    let rules = RuleSet::load(&args.rules)?;
    let Some(loaded) = super::common::load_or_report(&args.dir) else {
        return Ok(ExitCode::from(1));
    };
    let ds = &loaded.dataset;
    let province = args.province.as_deref().map(UnitCode::from);
    if let Some(code) = &province {
        let ok = ds
            .get(code.as_str())
            .is_some_and(|u| u.level == Level::Province);
        if !ok {
            anyhow::bail!(
                "--province {code}: no province with this code in {}",
                args.dir.display()
            );
        }
    }
    let rows = assess_dataset(&rules, ds, province.as_ref());
    match &args.out {
        Some(path) => {
            write_csv(path, ds, &rows, lang, csv)?;
            super::common::note(format_args!("{}: {} rows", path.display(), rows.len()));
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
