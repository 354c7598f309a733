//! Helpers shared by the fuzz targets (see CONTRIBUTING.md, "Fuzzing").

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
