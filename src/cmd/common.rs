//! Helpers shared by the subcommands.

use std::path::Path;

use reorg::io::{LoadError, Loaded, load_dir};

/// Loads a dataset folder, printing warnings to stderr. On invalid input,
/// prints every diagnostic and a count and returns `None` (exit code 1).
pub fn load_or_report(dir: &Path) -> Option<Loaded> {
    match load_dir(dir) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            Some(loaded)
        }
        Err(LoadError::Invalid(diags)) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "{}: {errors} error(s), {} warning(s)",
                dir.display(),
                diags.len() - errors
            );
            None
        }
    }
}
