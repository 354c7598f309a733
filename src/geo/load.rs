//! Finding and reading a dataset's polygon files (`<dir>/geometry/*.geojson`).

use std::path::Path;

use super::geojson::{GeoJsonError, ProvinceGeometry};
use crate::model::UnitCode;

/// Reads the polygon files of a dataset folder: `<dir>/geometry/<province>.geojson`
/// for one province, or every `*.geojson` of `<dir>/geometry/` in file-name
/// order. Geometry is optional in the data contract: a missing folder or file
/// gives an empty list (the caller then skips the map outputs).
///
/// # Errors
/// [`GeoJsonError`] naming the file when a folder cannot be listed or a file
/// cannot be read or parsed.
///
/// # Complexity
/// O(total size of the files).
pub fn load_geometry(
    dir: &Path,
    province: Option<&UnitCode>,
) -> Result<Vec<ProvinceGeometry>, GeoJsonError> {
    let folder = dir.join("geometry");
    if let Some(p) = province {
        let file = folder.join(format!("{p}.geojson"));
        if !file.is_file() {
            return Ok(Vec::new());
        }
        return Ok(vec![ProvinceGeometry::load(&file)?]);
    }
    if !folder.is_dir() {
        return Ok(Vec::new());
    }
    let io = |error| GeoJsonError::Io {
        file: folder.clone(),
        error,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&folder).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.extension().is_some_and(|e| e == "geojson") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    files.iter().map(|f| ProvinceGeometry::load(f)).collect()
}
