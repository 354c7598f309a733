//! Reading input files (the dataset folder, with positioned diagnostics),
//! writing output safely (report folders and single files, [`output`]), and
//! CSV tables from typed rows ([`rows`], through the one writer of
//! [`csv_out`]).

mod adjacency;
mod consultation;
pub mod csv_out;
mod diagnostic;
mod fields;
mod load;
mod number;
pub mod output;
pub mod read;
pub mod rows;
mod table;
pub(crate) use table::decode;
mod units;

pub use consultation::CONSULTATION_REQUIRED;
pub use diagnostic::{
    Diagnostic, DiagnosticKind, MAX_MESSAGE_CHARS, MAX_PER_KIND as MAX_DIAGNOSTICS_PER_KIND,
    Screenful, Severity, screenful, totals as diagnostic_totals,
};
pub use fields::{MAX_AREA_KM2, MAX_POPULATION};
pub use load::{
    ADJACENCY_REQUIRED, CONSULTATION_FILE, LoadError, Loaded, UNITS_REQUIRED, load_dir, load_files,
    load_files_with, load_from_bytes,
};
pub use units::{
    KNOWN_REGIONS, MAX_PLAUSIBLE_COMMUNE_KM2, MAX_PLAUSIBLE_DISTRICT_KM2,
    MAX_PLAUSIBLE_MEDIAN_COMMUNE_KM2, MAX_PLAUSIBLE_PROVINCE_KM2, canonical_region,
};

/// The name reports give a dataset folder: its own name (`2023` for
/// `data/vn/2023`, whatever path was typed, so that reports are the same
/// bytes from any working directory and no local path leaks into them).
pub fn dataset_name(dir: &std::path::Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(
            || dir.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
}
