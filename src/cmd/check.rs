//! `reorg check DIR`: validate a dataset and print a summary.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::io::{LoadError, diagnostic_totals, load_dir};
use reorg::lang::{Lang, Msg, terminal_lang};
use reorg::model::Level;

use super::common::{level_label, print_diagnostics};

/// Flags of `reorg check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
    /// Language of the messages (default: from the locale, LANG).
    #[arg(long, value_enum, ignore_case = true)]
    pub lang: Option<Lang>,
}

/// Loads the dataset, prints every problem (standard error) and a summary
/// (standard output).
///
/// # Returns
/// Exit code 0 if the dataset loads (warnings allowed), 1 on any error.
///
/// # Errors
/// An I/O error if standard output cannot be written (a broken pipe is
/// turned into exit 0 by `main`).
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let lang = terminal_lang(args.lang);
    match load_dir(&args.dir) {
        Ok(loaded) => {
            // Warnings go to stderr; a closed stderr must not stop the summary.
            let _ = print_diagnostics(&loaded.warnings, lang);
            let ds = &loaded.dataset;
            let mut out = BufWriter::new(std::io::stdout().lock());
            let width = [Level::Province, Level::District, Level::Commune]
                .map(|l| level_label(l, lang).chars().count())
                .into_iter()
                .chain([Msg::CheckAdjacencyLabel.text(lang).chars().count()])
                .max()
                .unwrap_or(9);
            let pad = |s: &str| format!("{s:<width$}");
            writeln!(
                out,
                "{}",
                Msg::CheckOk.fill(lang, &[("dir", &args.dir.display())])
            )?;
            for level in [Level::Province, Level::District, Level::Commune] {
                let ids: Vec<_> = ds.ids_at(level).collect();
                let no_area = ids
                    .iter()
                    .filter(|id| ds.unit(**id).area_km2.is_none())
                    .count();
                let no_pop = ids
                    .iter()
                    .filter(|id| ds.unit(**id).population.is_none())
                    .count();
                writeln!(
                    out,
                    "  {}",
                    Msg::CheckLevel.fill(
                        lang,
                        &[
                            ("level", &pad(level_label(level, lang))),
                            ("n", &format!("{:>6}", ids.len())),
                            ("no_area", &format!("{no_area:>3}")),
                            ("no_pop", &format!("{no_pop:>3}")),
                        ]
                    )
                )?;
            }
            writeln!(
                out,
                "  {}",
                Msg::CheckAdjacency.fill(
                    lang,
                    &[
                        ("label", &pad(Msg::CheckAdjacencyLabel.text(lang))),
                        ("n", &format!("{:>6}", ds.edge_count())),
                    ]
                )
            )?;
            writeln!(
                out,
                "  {}",
                Msg::CheckWarnings.fill(lang, &[("n", &loaded.warnings.len())])
            )?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(LoadError::Invalid(diags)) => {
            let (errors, warnings) = diagnostic_totals(&diags);
            // The exit code says "invalid" even if stderr is closed.
            let _ = print_diagnostics(&diags, lang).and_then(|()| {
                writeln!(
                    std::io::stderr().lock(),
                    "{}",
                    Msg::InvalidInput.fill(
                        lang,
                        &[
                            ("dir", &args.dir.display()),
                            ("errors", &errors),
                            ("warnings", &warnings),
                        ]
                    )
                )
            });
            Ok(ExitCode::from(1))
        }
    }
}
