//! Atomic file writing: a temporary file in the target's folder, then a rename.

use std::path::Path;

use crate::io::output::{OutputError, write_file_atomic};

/// Writes `bytes` to `path` atomically: readers see either the old file or
/// the complete new one, never a half-written file. Creates the parent folder.
///
/// # Errors
/// Any I/O error (the temporary file is removed on failure).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    write_file_atomic(path, bytes).map_err(|e| match e {
        OutputError::Io { source, .. } => source,
        other => std::io::Error::other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub").join("a.txt");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file left");
    }
}
