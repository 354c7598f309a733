//! Reading an input file safely: regular files only (a FIFO would block for
//! ever, `/dev/zero` would grow without end) and at most a size cap, with a
//! clear error naming the file.

use std::io::Read;
use std::path::Path;

/// The largest CSV input (units, adjacency, the actual changes): 1 GiB.
pub const MAX_CSV_BYTES: u64 = 1 << 30;
/// The largest TOML input (scenario, rule set): 10 MiB.
pub const MAX_TOML_BYTES: u64 = 10 << 20;
/// The largest JSON or GeoJSON input (report.json, a peer instance, a
/// province's polygons): 256 MiB.
pub const MAX_JSON_BYTES: u64 = 256 << 20;

/// Reads the regular file `path` (a symbolic link to one is followed) if it
/// holds at most `cap` bytes.
///
/// # Errors
/// The open or read error; [`std::io::ErrorKind::InvalidInput`] with a
/// message for a path that is not a regular file (a folder, a FIFO, a
/// device) or a file larger than `cap`.
///
/// # Complexity
/// O(size).
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file (a folder, a pipe or a device is not read)",
        ));
    }
    if meta.len() > cap {
        return Err(too_large(cap));
    }
    let f = std::fs::File::open(path)?;
    let mut out = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the check: read at most one byte past the cap.
    f.take(cap + 1).read_to_end(&mut out)?;
    if out.len() as u64 > cap {
        return Err(too_large(cap));
    }
    Ok(out)
}

/// [`read_capped`] as UTF-8 text.
///
/// # Errors
/// As [`read_capped`]; [`std::io::ErrorKind::InvalidData`] if the bytes are
/// not UTF-8.
pub fn read_text_capped(path: &Path, cap: u64) -> std::io::Result<String> {
    String::from_utf8(read_capped(path, cap)?).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 text (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn too_large(cap: u64) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("larger than the {} MiB this input may hold", cap >> 20),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_devices_and_large_files() {
        let t = tempfile::tempdir().unwrap();
        assert!(read_capped(t.path(), 10).is_err());
        let e = read_capped(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
        let p = t.path().join("a");
        std::fs::write(&p, b"0123456789x").unwrap();
        let e = read_capped(&p, 10).unwrap_err();
        assert!(e.to_string().contains("larger than"), "{e}");
        assert_eq!(read_capped(&p, 11).unwrap(), b"0123456789x");
    }
}
