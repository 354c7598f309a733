//! Reading input files: the dataset folder, with positioned diagnostics.

mod diagnostic;
mod load;

pub use diagnostic::{Diagnostic, DiagnosticKind, Severity};
pub use load::{ADJACENCY_REQUIRED, LoadError, Loaded, UNITS_REQUIRED, load_dir, load_files};
