//! `reorg check DIR`: validate a dataset and print a summary.

use std::path::PathBuf;
use std::process::ExitCode;

use reorg::io::{LoadError, load_dir};
use reorg::model::Level;

/// Flags of `reorg check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Dataset folder holding units.csv and adjacency.csv.
    pub dir: PathBuf,
}

/// Loads the dataset, prints every problem and a summary; exit 1 on any error.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    match load_dir(&args.dir) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let ds = &loaded.dataset;
            println!("{}: ok", args.dir.display());
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
                println!(
                    "  {:<9} {:>6} units, {:>3} without area, {:>3} without population",
                    level.as_str(),
                    ids.len(),
                    no_area,
                    no_pop
                );
            }
            println!("  adjacency {:>6} pairs", ds.edges().len());
            println!("  {} warning(s)", loaded.warnings.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(LoadError::Invalid(diags)) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{}: {errors} error(s), {} warning(s)",
                args.dir.display(),
                diags.len() - errors
            );
            Ok(ExitCode::from(1))
        }
    }
}
