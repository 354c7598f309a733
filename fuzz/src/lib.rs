//! Helpers shared by the fuzz targets (see CONTRIBUTING.md, "Fuzzing").
//! `tests/io_fuzz.rs` keeps a copy of [`split`] and [`check_load`] so that
//! seeds and regressions replay in the normal test suite.

/// The separator between the two files of a two-file input.
pub const SEPARATOR: &[u8] = b"\n##\n";

/// Splits a fuzz input into two files at the first [`SEPARATOR`]; without
/// one, both files get the whole input.
pub fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(i) => (&data[..i], &data[i + SEPARATOR.len()..]),
        None => (data, data),
    }
}

/// The `load` oracle: the loader returns (no panic), a rejection carries an
/// error, and every diagnostic points inside its file.
pub fn check_load(data: &[u8]) {
    let (units, adjacency) = split(data);
    let diags = match reorg::io::load_from_bytes(units, adjacency) {
        Ok(l) => l.warnings,
        Err(e) => {
            assert!(e.diagnostics().iter().any(|d| d.is_error()));
            e.diagnostics().to_vec()
        }
    };
    for d in diags {
        let bytes = if d.file.as_os_str() == "units.csv" {
            units
        } else {
            adjacency
        };
        let max_line = 1 + bytes.iter().filter(|b| matches!(b, b'\n' | b'\r')).count() as u64;
        assert!(d.line <= max_line, "{d} is past line {max_line}");
        assert!(!d.message.is_empty());
    }
}
