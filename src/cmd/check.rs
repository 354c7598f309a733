//! `reorg check DIR`: validate a dataset and print a summary.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use reorg::io::{Diagnostic, LoadError, load_dir};
use reorg::model::Level;

/// Flags of `reorg check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
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
    match load_dir(&args.dir) {
        Ok(loaded) => {
            // Warnings go to stderr; a closed stderr must not stop the summary.
            let _ = print_diagnostics(&loaded.warnings);
            let ds = &loaded.dataset;
            let mut out = BufWriter::new(std::io::stdout().lock());
            writeln!(out, "{}: ok", args.dir.display())?;
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
                    "  {:<9} {:>6} units, {:>3} without area, {:>3} without population",
                    level.as_str(),
                    ids.len(),
                    no_area,
                    no_pop
                )?;
            }
            writeln!(out, "  adjacency {:>6} pairs", ds.edge_count())?;
            writeln!(out, "  {} warning(s)", loaded.warnings.len())?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Err(LoadError::Invalid(diags)) => {
            let errors = diags.iter().filter(|d| d.is_error()).count();
            // The exit code says "invalid" even if stderr is closed.
            let _ = print_diagnostics(&diags).and_then(|()| {
                writeln!(
                    std::io::stderr().lock(),
                    "{}: {errors} error(s), {} warning(s)",
                    args.dir.display(),
                    diags.len() - errors
                )
            });
            Ok(ExitCode::from(1))
        }
    }
}

/// Prints diagnostics to standard error, one per line, stopping at the first
/// write error.
fn print_diagnostics(diags: &[Diagnostic]) -> std::io::Result<()> {
    let mut err = BufWriter::new(std::io::stderr().lock());
    for d in diags {
        writeln!(err, "{d}")?;
    }
    err.flush()
}
