//! Writing output atomically: a report folder appears whole or not at all,
//! and a folder made from another scenario is not overwritten without
//! `--force`.
//!
//! ```no_run
//! use reorg::io::output::{AtomicDir, check_overwrite};
//! # fn main() -> Result<(), reorg::io::output::OutputError> {
//! let target = std::path::Path::new("reports/baseline");
//! check_overwrite(target, "baseline", false)?;
//! let dir = AtomicDir::new(target)?;
//! dir.write("summary.md", b"# Summary\n")?;
//! dir.write("charts/merges.svg", b"<svg/>")?;
//! dir.commit("baseline")?; // until here, `reports/baseline` is untouched
//! # Ok(()) }
//! ```

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

/// The manifest file inside each report folder; it holds the scenario name.
pub const MANIFEST: &str = ".reorg-report";

/// Writing output failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum OutputError {
    /// A file-system operation failed.
    #[error("{action} '{}': {source}", path.display())]
    Io {
        /// What was being done (`create folder`, `write`, `rename`, ...).
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The target folder holds a report of another scenario (or something
    /// that is not a report) and `--force` was not given.
    #[error(
        "'{}' holds {}; refusing to overwrite it without --force",
        dir.display(),
        match existing { Some(s) => format!("the report of scenario '{s}', not '{requested}'"), None => "files that are not a reorg report".to_string() }
    )]
    WouldOverwrite {
        /// The target folder.
        dir: PathBuf,
        /// The scenario named in its manifest, or `None` if it has none.
        existing: Option<String>,
        /// The scenario about to be written.
        requested: String,
    },
    /// A relative file name given to [`AtomicDir::write`] is absolute or
    /// leaves the folder (`..`).
    #[error("'{}' is not a relative path inside the output folder", .0.display())]
    BadName(PathBuf),
    /// The target has no file name or no parent folder (e.g. `/` or `..`).
    #[error("'{}' cannot be an output folder", .0.display())]
    BadTarget(PathBuf),
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io {
        action,
        path,
        source,
    }
}

/// A folder written under a temporary name next to its target and renamed
/// over the target by [`AtomicDir::commit`]. Dropping it uncommitted removes
/// the temporary folder and leaves the target as it was.
///
/// # Guarantees
/// Readers of the target see the old folder or the complete new one. If the
/// process dies between the two renames of `commit`, the old folder is left as
/// `TARGET.old-<pid>` next to the target (never deleted before the new one is
/// in place).
#[derive(Debug)]
pub struct AtomicDir {
    target: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl AtomicDir {
    /// Creates `TARGET.tmp-<pid>` next to `target` (replacing a stale one).
    ///
    /// # Errors
    /// [`OutputError::BadTarget`] for a target without a name;
    /// [`OutputError::Io`] if the folder cannot be created.
    pub fn new(target: &Path) -> Result<AtomicDir, OutputError> {
        let tmp = sibling(target, "tmp")?;
        if tmp.exists() {
            fs::remove_dir_all(&tmp).map_err(io_err("remove stale folder", &tmp))?;
        }
        if let Some(parent) = tmp.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
        }
        fs::create_dir(&tmp).map_err(io_err("create folder", &tmp))?;
        Ok(AtomicDir {
            target: target.to_path_buf(),
            tmp,
            committed: false,
        })
    }

    /// The temporary folder being written (for callers that write files
    /// themselves, e.g. a chart library given a path).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The folder that `commit` will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Writes `bytes` to `name` (relative, may contain sub-folders, which are
    /// created) inside the temporary folder.
    ///
    /// # Errors
    /// [`OutputError::BadName`] for an absolute name or one with `..`;
    /// [`OutputError::Io`] on a write failure.
    pub fn write(&self, name: impl AsRef<Path>, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let name = name.as_ref();
        let inside = name
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside || name.as_os_str().is_empty() {
            return Err(OutputError::BadName(name.to_path_buf()));
        }
        let path = self.tmp.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
        }
        let mut f = fs::File::create(&path).map_err(io_err("create", &path))?;
        f.write_all(bytes).map_err(io_err("write", &path))?;
        Ok(path)
    }

    /// Writes the manifest naming `scenario`, then replaces the target by the
    /// temporary folder: the old target is renamed away, the new one renamed
    /// in, then the old one removed.
    ///
    /// # Errors
    /// [`OutputError::Io`] if a rename fails; the old target is then restored
    /// where possible.
    pub fn commit(mut self, scenario: &str) -> Result<PathBuf, OutputError> {
        self.write(MANIFEST, format!("scenario = {scenario}\n").as_bytes())?;
        let old = sibling(&self.target, "old")?;
        let had_old = self.target.exists();
        if had_old {
            if old.exists() {
                fs::remove_dir_all(&old).map_err(io_err("remove stale folder", &old))?;
            }
            fs::rename(&self.target, &old).map_err(io_err("rename", &self.target))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target); // best effort: put the old one back
            }
            return Err(io_err("rename", &self.tmp)(e));
        }
        self.committed = true;
        if had_old {
            remove_any(&old).map_err(io_err("remove", &old))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

fn remove_any(p: &Path) -> std::io::Result<()> {
    if p.is_dir() {
        fs::remove_dir_all(p)
    } else {
        fs::remove_file(p)
    }
}

/// `dir/NAME.<what>-<pid>` for target `dir/NAME`.
fn sibling(target: &Path, what: &str) -> Result<PathBuf, OutputError> {
    let name = target
        .file_name()
        .ok_or_else(|| OutputError::BadTarget(target.to_path_buf()))?;
    let mut n = name.to_os_string();
    n.push(format!(".{what}-{}", std::process::id()));
    Ok(target.with_file_name(n))
}

/// Writes a single file atomically: to `PATH.tmp-<pid>` in the same folder,
/// flushed to disk, then renamed over `path`.
///
/// # Errors
/// [`OutputError::Io`] on failure; `path` is then unchanged.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let tmp = sibling(path, "tmp")?;
    let result = (|| {
        let mut f = fs::File::create(&tmp).map_err(io_err("create", &tmp))?;
        f.write_all(bytes).map_err(io_err("write", &tmp))?;
        f.sync_all().map_err(io_err("sync", &tmp))?;
        fs::rename(&tmp, path).map_err(io_err("rename", &tmp))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The scenario named in the manifest of report folder `dir`, if any.
pub fn report_scenario(dir: &Path) -> Option<String> {
    let text = fs::read_to_string(dir.join(MANIFEST)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("scenario = "))
        .map(|s| s.trim().to_string())
}

/// Checks that writing the report of `scenario` into `dir` overwrites
/// nothing it should not: `dir` is absent, empty, or a report of the same
/// scenario, or `force` is set.
///
/// # Errors
/// [`OutputError::WouldOverwrite`] if `dir` holds another scenario's report
/// or files that are not a report; [`OutputError::Io`] if it cannot be read.
pub fn check_overwrite(dir: &Path, scenario: &str, force: bool) -> Result<(), OutputError> {
    if force || !dir.exists() {
        return Ok(());
    }
    let is_empty = dir.is_dir()
        && fs::read_dir(dir)
            .map_err(io_err("read folder", dir))?
            .next()
            .is_none();
    if is_empty {
        return Ok(());
    }
    match report_scenario(dir) {
        Some(s) if s == scenario => Ok(()),
        existing => Err(OutputError::WouldOverwrite {
            dir: dir.to_path_buf(),
            existing,
            requested: scenario.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_names_leaving_the_folder() {
        let t = tempfile::tempdir().unwrap();
        let d = AtomicDir::new(&t.path().join("out")).unwrap();
        for bad in ["../x", "/etc/x", ""] {
            assert!(
                matches!(d.write(bad, b""), Err(OutputError::BadName(_))),
                "{bad}"
            );
        }
        assert!(d.write("a/b.txt", b"x").is_ok());
    }

    #[test]
    fn sibling_names_carry_the_pid() {
        let s = sibling(Path::new("reports/base"), "tmp").unwrap();
        assert_eq!(
            s,
            PathBuf::from(format!("reports/base.tmp-{}", std::process::id()))
        );
        assert!(matches!(
            sibling(Path::new("/"), "tmp"),
            Err(OutputError::BadTarget(_))
        ));
    }
}
