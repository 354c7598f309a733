//! The committee's list of units to arrange now (`reorg plan --targets FILE`).
//!
//! The file holds one unit per line: its code or its name (`Xã Tân Lập` or
//! `Tân Lập`), optionally followed by other columns separated by `,` or `;`
//! that are ignored. Empty lines and lines starting with `#` are skipped; a
//! first line `code` or `name` (a header) too. Names are compared after
//! Unicode NFC normalisation and lower-casing, with or without the kind
//! prefix; a name several units carry is an error listing their codes (write
//! the code instead).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

use crate::model::{Dataset, UnitCode, short_name_of};

/// The list could not be read.
#[derive(Debug, Error)]
pub enum TargetsError {
    /// The file could not be read.
    #[error("{path}: cannot read the list of units: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A line names no unit, or several.
    #[error("{path}:{line}:1: '{entry}': {message}")]
    Entry {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// The entry as written.
        entry: String,
        /// What was expected.
        message: String,
    },
}

fn fold(s: &str) -> String {
    s.nfc().collect::<String>().to_lowercase()
}

/// Reads the list in `path` and resolves every entry against `ds`, in file
/// order without duplicates.
///
/// # Errors
/// [`TargetsError::Io`] when the file cannot be read or is not UTF-8;
/// [`TargetsError::Entry`] with the line for an unknown or ambiguous entry.
///
/// # Complexity
/// O(n + l) for n units and l lines (names are indexed once).
pub fn read_targets(path: &Path, ds: &Dataset) -> Result<Vec<UnitCode>, TargetsError> {
    let io = |source| TargetsError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = crate::io::read::read_capped(path, crate::io::read::MAX_CSV_BYTES).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not valid UTF-8",
        ))
    })?;
    let mut by_name: std::collections::HashMap<String, Vec<&UnitCode>> =
        std::collections::HashMap::new();
    for u in ds.units() {
        let full = fold(&u.name);
        let short = fold(short_name_of(&u.name));
        by_name.entry(full.clone()).or_default().push(&u.code);
        if short != full {
            by_name.entry(short).or_default().push(&u.code);
        }
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let entry = raw
            .trim_start_matches('\u{feff}')
            .split([',', ';'])
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches('"')
            .trim();
        if entry.is_empty() || entry.starts_with('#') {
            continue;
        }
        if line == 1 && matches!(entry.to_lowercase().as_str(), "code" | "name" | "ma" | "mã") {
            continue;
        }
        let code = if let Some(u) = ds.get(entry) {
            u.code.clone()
        } else {
            let mut hits: Vec<&UnitCode> = by_name.get(&fold(entry)).cloned().unwrap_or_default();
            hits.sort();
            hits.dedup();
            match hits.as_slice() {
                [one] => (*one).clone(),
                [] => {
                    return Err(TargetsError::Entry {
                        path: path.to_path_buf(),
                        line,
                        entry: entry.to_string(),
                        message: "no unit has this code or name; expected a unit code or name \
                                  of the dataset"
                            .into(),
                    });
                }
                many => {
                    return Err(TargetsError::Entry {
                        path: path.to_path_buf(),
                        line,
                        entry: entry.to_string(),
                        message: format!(
                            "{} units have this name (codes {}); write the code instead",
                            many.len(),
                            many.iter()
                                .map(|c| c.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                }
            }
        };
        if seen.insert(code.clone()) {
            out.push(code);
        }
    }
    Ok(out)
}
