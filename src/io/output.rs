//! Writing output safely: a report folder appears whole or not at all, only
//! what reorg wrote is ever replaced, and a single file is written through a
//! temporary file created exclusively next to it.
//!
//! ```no_run
//! use reorg::io::output::{AtomicDir, check_overwrite};
//! # fn main() -> Result<(), reorg::io::output::OutputError> {
//! let target = std::path::Path::new("reports/baseline");
//! check_overwrite(target, "baseline", false)?;
//! let dir = AtomicDir::new(target)?;
//! dir.write("summary.md", b"# Summary\n")?;
//! dir.write("charts/merges.svg", b"<svg/>")?;
//! dir.commit("baseline", false)?; // until here, `reports/baseline` is untouched
//! # Ok(()) }
//! ```
//!
//! # Ownership
//! A report folder carries a manifest ([`MANIFEST`]) naming its scenario and
//! every file reorg wrote into it. A folder is replaced only if it is empty
//! or carries a manifest (of the same scenario, or of another one with
//! `force`); `force` never applies to anything else. The working directory,
//! its ancestors and the input folders ([`check_not_input`]) are refused.
//! Files in a report folder that the manifest does not list (a note, a
//! `compare.html`) are kept: they are hard-linked into the new folder before
//! the swap; a run that would write a file of the same name refuses, naming
//! it ([`OutputError::WouldReplaceForeign`]).
//!
//! # The swap
//! On Linux the new folder and the old one are exchanged by one
//! `renameat2(RENAME_EXCHANGE)`: at every instant the target path holds the
//! old complete folder or the new complete one. Where the exchange is not
//! available (another OS, a file system without it) the fallback is two
//! renames (old → `NAME.old-<pid>-…`, new → `NAME`): a process killed
//! between them leaves no folder at the target, and the next run restores
//! the old one from `NAME.old-<pid>-…` before anything else. Temporary and
//! old folders of dead processes are cleaned at the start of every write
//! ([`AtomicDir::new`]); the overwrite check is repeated at commit.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use thiserror::Error;

/// The manifest file inside each report folder: the scenario name and the
/// files reorg wrote.
pub const MANIFEST: &str = ".reorg-report";

/// The marker inside a temporary folder still being written.
const PARTIAL: &str = ".reorg-partial";

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
    /// The target folder holds the report of another scenario and `force`
    /// was not given.
    #[error(
        "'{}' holds the report of scenario '{existing}', not '{requested}'; refusing to \
         overwrite it without --force",
        dir.display()
    )]
    WouldOverwrite {
        /// The target folder.
        dir: PathBuf,
        /// The scenario named in its manifest.
        existing: String,
        /// The scenario about to be written.
        requested: String,
    },
    /// The target exists, is not empty and is not a reorg report: it is
    /// never replaced, whatever the flags.
    #[error(
        "'{}' is not a reorg report (no {MANIFEST} manifest) and is not empty (it holds {}); \
         reorg never replaces such a folder: choose a new or empty folder",
        dir.display(),
        examples.join(", ")
    )]
    NotAReport {
        /// The target folder.
        dir: PathBuf,
        /// A few of the names it holds.
        examples: Vec<String>,
    },
    /// The target is the working directory, one of its ancestors, or holds
    /// (or is) an input of the run.
    #[error("'{}' {why}; choose another output folder", dir.display())]
    Protected {
        /// The target.
        dir: PathBuf,
        /// Why it is refused.
        why: String,
    },
    /// The report folder holds files reorg did not write under names the
    /// new report would write.
    #[error(
        "'{}' holds {} that reorg did not write and the new report would replace: {}; \
         move them away first",
        dir.display(),
        if files.len() == 1 { "a file" } else { "files" },
        files.join(", ")
    )]
    WouldReplaceForeign {
        /// The report folder.
        dir: PathBuf,
        /// The files concerned, relative to the folder.
        files: Vec<String>,
    },
    /// A single-file target exists and is neither a regular file, a
    /// character device nor a FIFO (a folder, a block device, a socket).
    #[error("'{}' exists and is {what}: refusing to write over it", path.display())]
    NotAFile {
        /// The target.
        path: PathBuf,
        /// What it is.
        what: &'static str,
    },
    /// A relative file name given to [`AtomicDir::write`] is absolute or
    /// leaves the folder (`..`), or is reserved.
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

/// A report folder's manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Manifest {
    /// The scenario the report was made from.
    pub scenario: String,
    /// The files reorg wrote, relative to the folder; `None` for a manifest
    /// of an older version, which named only the scenario.
    pub files: Option<BTreeSet<PathBuf>>,
}

impl Manifest {
    fn render(&self) -> String {
        let mut s = format!("scenario = {}\n", self.scenario);
        for f in self.files.iter().flatten() {
            s.push_str(&format!("file = {}\n", f.display()));
        }
        s
    }

    fn parse(text: &str) -> Option<Manifest> {
        let mut scenario = None;
        let mut files = BTreeSet::new();
        let mut listed = false;
        for line in text.lines() {
            if let Some(s) = line.strip_prefix("scenario = ") {
                scenario = Some(s.trim().to_string());
            } else if let Some(f) = line.strip_prefix("file = ") {
                listed = true;
                files.insert(PathBuf::from(f));
            }
        }
        Some(Manifest {
            scenario: scenario?,
            files: listed.then_some(files),
        })
    }
}

/// The manifest of report folder `dir`, if it has one.
pub fn read_manifest(dir: &Path) -> Option<Manifest> {
    // A manifest is small; anything larger is not ours.
    let f = fs::File::open(dir.join(MANIFEST)).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(f, 16 << 20), &mut text).ok()?;
    Manifest::parse(&text)
}

/// The scenario named in the manifest of report folder `dir`, if any.
pub fn report_scenario(dir: &Path) -> Option<String> {
    read_manifest(dir).map(|m| m.scenario)
}

/// `path` made absolute and free of symbolic links as far as it exists
/// (the missing tail is appended as written).
fn resolve(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut tail = Vec::new();
    let mut head = abs.as_path();
    loop {
        if let Ok(c) = fs::canonicalize(head) {
            let mut out = c;
            for part in tail.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        tail.push(head.file_name()?.to_os_string());
        head = head.parent()?;
    }
}

/// Checks that folder `dir` may receive the report of `scenario`: it is
/// absent, empty, or a report (of the same scenario, or of another with
/// `force`), and it is neither the working directory nor one of its
/// ancestors. A symbolic link is refused (the link, not its target, would be
/// replaced).
///
/// # Errors
/// [`OutputError::WouldOverwrite`], [`OutputError::NotAReport`],
/// [`OutputError::Protected`], [`OutputError::BadTarget`];
/// [`OutputError::Io`] if the folder cannot be read.
pub fn check_overwrite(dir: &Path, scenario: &str, force: bool) -> Result<(), OutputError> {
    if dir.file_name().is_none() {
        return Err(OutputError::BadTarget(dir.to_path_buf()));
    }
    if let (Some(cwd), Some(target)) = (
        std::env::current_dir()
            .ok()
            .and_then(|c| fs::canonicalize(c).ok()),
        resolve(dir),
    ) && cwd.starts_with(&target)
    {
        return Err(OutputError::Protected {
            dir: dir.to_path_buf(),
            why: "is the working directory or one of its ancestors".into(),
        });
    }
    let meta = match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err("read", dir)(e)),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return Err(OutputError::Protected {
            dir: dir.to_path_buf(),
            why: "is a symbolic link (give the folder it points to)".into(),
        });
    }
    if !meta.is_dir() {
        return Err(OutputError::Protected {
            dir: dir.to_path_buf(),
            why: "exists and is not a folder".into(),
        });
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(io_err("read folder", dir))?
        .take(4)
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(());
    }
    match read_manifest(dir) {
        Some(m) if m.scenario == scenario || force => Ok(()),
        Some(m) => Err(OutputError::WouldOverwrite {
            dir: dir.to_path_buf(),
            existing: m.scenario,
            requested: scenario.to_string(),
        }),
        None => {
            names.sort();
            if names.len() > 3 {
                names.truncate(3);
                names.push("…".into());
            }
            Err(OutputError::NotAReport {
                dir: dir.to_path_buf(),
                examples: names,
            })
        }
    }
}

/// Checks that output `out` (a folder or a file) is not one of `inputs` nor
/// an ancestor of one: writing a report over the dataset it reads, or over
/// a folder holding it, is refused.
///
/// # Errors
/// [`OutputError::Protected`].
pub fn check_not_input(out: &Path, inputs: &[&Path]) -> Result<(), OutputError> {
    let Some(target) = resolve(out) else {
        return Ok(());
    };
    for input in inputs {
        if let Some(i) = resolve(input)
            && i.starts_with(&target)
        {
            return Err(OutputError::Protected {
                dir: out.to_path_buf(),
                why: format!("is or holds the input '{}'", input.display()),
            });
        }
    }
    Ok(())
}

/// A folder written under a temporary name next to its target and swapped
/// with the target by [`AtomicDir::commit`]. Dropping it uncommitted removes
/// the temporary folder and leaves the target as it was.
///
/// # Guarantees
/// Readers of the target see the old folder or the complete new one (on
/// Linux; see the module's "The swap" for the fallback). Files of the old
/// folder its manifest does not list are kept.
#[derive(Debug)]
pub struct AtomicDir {
    target: PathBuf,
    tmp: PathBuf,
    written: RefCell<BTreeSet<PathBuf>>,
    committed: bool,
}

/// The process id in a sibling name `NAME.<what>-<pid>[-…]`, if it is one.
fn sibling_pid(name: &str, stem: &str, what: &str) -> Option<u32> {
    let rest = name.strip_prefix(stem)?.strip_prefix('.')?;
    let rest = rest.strip_prefix(what)?.strip_prefix('-')?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = &rest[digits.len()..];
    if !(after.is_empty() || after.starts_with('-')) {
        return None;
    }
    digits.parse().ok()
}

/// Whether process `pid` is alive (or may be: when in doubt, yes).
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    match i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        Some(p) => !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        ),
        None => true,
    }
}

/// Whether `dir` is a real folder (not a link) that reorg made.
fn is_ours(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
        && (dir.join(MANIFEST).is_file() || dir.join(PARTIAL).is_file())
}

/// Cleans what dead processes left next to `target`: an old folder is put
/// back when the target is missing (a kill between the two renames of the
/// fallback swap), otherwise retired like a temporary one.
fn clean_stale(target: &Path) -> Result<(), OutputError> {
    let (Some(parent), Some(stem)) = (target.parent(), target.file_name()) else {
        return Ok(());
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let stem = stem.to_string_lossy();
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut stale: Vec<(bool, PathBuf)> = Vec::new();
    for e in entries.filter_map(Result::ok) {
        let name = e.file_name().to_string_lossy().into_owned();
        let found = sibling_pid(&name, &stem, "old")
            .map(|p| (true, p))
            .or_else(|| sibling_pid(&name, &stem, "tmp").map(|p| (false, p)));
        if let Some((old, pid)) = found
            && !alive(pid)
            && is_ours(&e.path())
        {
            stale.push((old, e.path()));
        }
    }
    // Old folders first: one may have to be put back.
    stale.sort_by_key(|(old, p)| (!*old, p.clone()));
    for (old, path) in stale {
        if old && fs::symlink_metadata(target).is_err() && path.join(MANIFEST).is_file() {
            fs::rename(&path, target).map_err(io_err("restore", &path))?;
        } else if path.join(MANIFEST).is_file() {
            retire(&path, target)?;
        } else {
            // A partial folder: only reorg's files and links of files
            // present in the target.
            fs::remove_dir_all(&path).map_err(io_err("remove stale folder", &path))?;
        }
    }
    Ok(())
}

/// Every file (not folder) under `dir`, relative, recursively; symbolic
/// links are listed, not followed.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let abs = dir.join(&rel);
        for e in fs::read_dir(&abs).map_err(io_err("read folder", &abs))? {
            let e = e.map_err(io_err("read folder", &abs))?;
            let ft = e.file_type().map_err(io_err("read", &e.path()))?;
            let r = rel.join(e.file_name());
            if ft.is_dir() {
                stack.push(r);
            } else {
                out.push(r);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Whether `a` and `b` are the same file (hard links of one inode).
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::symlink_metadata(a), fs::symlink_metadata(b)) {
        (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
        _ => false,
    }
}

/// Removes a replaced report folder `old` (whose manifest says what reorg
/// wrote) after its successor took `target`: listed files and files also
/// linked into the target go; anything else is moved into the target, or,
/// if that name is taken there, kept in `old`, which then stays.
fn retire(old: &Path, target: &Path) -> Result<(), OutputError> {
    let owned = read_manifest(old).and_then(|m| m.files);
    let mut kept = false;
    for rel in files_under(old)? {
        let src = old.join(&rel);
        let dst = target.join(&rel);
        let listed = rel == Path::new(MANIFEST)
            || rel == Path::new(PARTIAL)
            || owned.as_ref().is_some_and(|o| o.contains(&rel));
        // A legacy manifest lists nothing: what the new report also holds
        // under the same name was reorg's.
        let legacy_ours = owned.is_none() && fs::symlink_metadata(&dst).is_ok();
        if listed || legacy_ours || same_file(&src, &dst) {
            continue;
        }
        if fs::symlink_metadata(&dst).is_err() {
            if let Some(p) = dst.parent() {
                fs::create_dir_all(p).map_err(io_err("create folder", p))?;
            }
            fs::rename(&src, &dst).map_err(io_err("move", &src))?;
        } else {
            kept = true;
        }
    }
    if kept {
        return Ok(());
    }
    fs::remove_dir_all(old).map_err(io_err("remove", old))
}

/// `dir/NAME.<what>-<pid>-<random>` for target `dir/NAME`, created
/// exclusively.
fn new_sibling(target: &Path, what: &str) -> Result<PathBuf, OutputError> {
    let name = target
        .file_name()
        .ok_or_else(|| OutputError::BadTarget(target.to_path_buf()))?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut prefix = name.to_os_string();
    prefix.push(format!(".{what}-{}-", std::process::id()));
    let dir = tempfile::Builder::new()
        .prefix(&prefix)
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777))
        .tempdir_in(parent)
        .map_err(io_err("create folder", parent))?;
    Ok(dir.keep())
}

/// Test hook: aborts the process at the named point of a commit when
/// `REORG_TEST_FAIL_AT` names it (`before-swap`, `after-swap`,
/// `between-renames`), to show that a kill there leaves a complete folder.
fn fail_point(name: &str) {
    if std::env::var_os("REORG_TEST_FAIL_AT").is_some_and(|v| v == name) {
        std::process::abort();
    }
}

/// How the swap went.
enum Swap {
    /// The target did not exist; the new folder was renamed in.
    Created,
    /// The old folder is now at this path.
    Replaced(PathBuf),
}

impl AtomicDir {
    /// Cleans what dead runs left next to `target`, then creates
    /// `TARGET.tmp-<pid>-<random>` (exclusively) next to it, creating the
    /// parent folders.
    ///
    /// # Errors
    /// [`OutputError::BadTarget`] for a target without a name;
    /// [`OutputError::Io`] if the folder cannot be created.
    pub fn new(target: &Path) -> Result<AtomicDir, OutputError> {
        if target.file_name().is_none() {
            return Err(OutputError::BadTarget(target.to_path_buf()));
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
        }
        clean_stale(target)?;
        let tmp = new_sibling(target, "tmp")?;
        let d = AtomicDir {
            target: target.to_path_buf(),
            tmp,
            written: RefCell::new(BTreeSet::new()),
            committed: false,
        };
        let marker = d.tmp.join(PARTIAL);
        fs::write(&marker, b"").map_err(io_err("write", &marker))?;
        Ok(d)
    }

    /// The temporary folder being written (for callers that write files
    /// themselves, e.g. a chart library given a path; such files must also
    /// be declared with [`AtomicDir::record`]).
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// The folder that `commit` will replace.
    pub fn target(&self) -> &Path {
        &self.target
    }

    fn check_name(name: &Path) -> Result<(), OutputError> {
        let inside = name
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        let reserved = name == Path::new(MANIFEST) || name == Path::new(PARTIAL);
        if !inside || name.as_os_str().is_empty() || reserved {
            return Err(OutputError::BadName(name.to_path_buf()));
        }
        Ok(())
    }

    /// Declares `name` (relative) as written by reorg, for files written
    /// into [`AtomicDir::path`] directly.
    ///
    /// # Errors
    /// [`OutputError::BadName`].
    pub fn record(&self, name: impl AsRef<Path>) -> Result<(), OutputError> {
        let name = name.as_ref();
        Self::check_name(name)?;
        let clean: PathBuf = name.components().collect();
        self.written.borrow_mut().insert(clean);
        Ok(())
    }

    /// Writes `bytes` to `name` (relative, may contain sub-folders, which are
    /// created) inside the temporary folder.
    ///
    /// # Errors
    /// [`OutputError::BadName`] for an absolute name, one with `..` or the
    /// manifest's; [`OutputError::Io`] on a write failure.
    pub fn write(&self, name: impl AsRef<Path>, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let name = name.as_ref();
        self.record(name)?;
        let path = self.tmp.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io_err("create folder", parent))?;
        }
        let mut f = fs::File::create(&path).map_err(io_err("create", &path))?;
        f.write_all(bytes).map_err(io_err("write", &path))?;
        Ok(path)
    }

    /// Writes the manifest (`scenario` and the files written), repeats the
    /// overwrite check ([`check_overwrite`] with `force`), links the files
    /// of the old folder that reorg did not write into the new one, and
    /// swaps the new folder in; the old one is then removed, keeping
    /// anything it gained meanwhile.
    ///
    /// # Errors
    /// [`OutputError`] from the check, [`OutputError::WouldReplaceForeign`]
    /// if a file reorg did not write has the name of a new one,
    /// [`OutputError::Io`] if a rename fails (the old target is then
    /// restored where possible).
    pub fn commit(mut self, scenario: &str, force: bool) -> Result<PathBuf, OutputError> {
        let written = self.written.borrow().clone();
        let manifest = Manifest {
            scenario: scenario.to_string(),
            files: Some(written.clone()),
        };
        let mpath = self.tmp.join(MANIFEST);
        fs::write(&mpath, manifest.render()).map_err(io_err("write", &mpath))?;
        check_overwrite(&self.target, scenario, force)?;
        self.carry_over(&written)?;
        let marker = self.tmp.join(PARTIAL);
        fs::remove_file(&marker).map_err(io_err("remove", &marker))?;
        fail_point("before-swap");
        match self.swap()? {
            Swap::Created => {}
            Swap::Replaced(old) => {
                fail_point("after-swap");
                retire(&old, &self.target)?;
            }
        }
        self.committed = true;
        Ok(self.target.clone())
    }

    /// Hard-links (or copies) into the temporary folder every file of the
    /// current target that its manifest does not list.
    fn carry_over(&self, written: &BTreeSet<PathBuf>) -> Result<(), OutputError> {
        if !self.target.is_dir() {
            return Ok(());
        }
        let owned = read_manifest(&self.target).and_then(|m| m.files);
        let mut clash = Vec::new();
        for rel in files_under(&self.target)? {
            if rel == Path::new(MANIFEST) {
                continue;
            }
            let ours = match &owned {
                Some(o) => o.contains(&rel),
                None => written.contains(&rel),
            };
            if ours {
                continue;
            }
            if written.contains(&rel) {
                clash.push(rel.display().to_string());
                continue;
            }
            let src = self.target.join(&rel);
            let dst = self.tmp.join(&rel);
            if let Some(p) = dst.parent() {
                fs::create_dir_all(p).map_err(io_err("create folder", p))?;
            }
            let is_link = fs::symlink_metadata(&src).is_ok_and(|m| m.file_type().is_symlink());
            if is_link {
                let to = fs::read_link(&src).map_err(io_err("read link", &src))?;
                std::os::unix::fs::symlink(to, &dst).map_err(io_err("link", &dst))?;
            } else if fs::hard_link(&src, &dst).is_err() {
                fs::copy(&src, &dst).map_err(io_err("copy", &src))?;
            }
        }
        if clash.is_empty() {
            Ok(())
        } else {
            Err(OutputError::WouldReplaceForeign {
                dir: self.target.clone(),
                files: clash,
            })
        }
    }

    /// Puts the temporary folder at the target: one exchange where the OS
    /// allows it, two renames otherwise. Afterwards `self.tmp` no longer
    /// names the new folder.
    fn swap(&self) -> Result<Swap, OutputError> {
        if fs::symlink_metadata(&self.target).is_err() {
            rename_noreplace(&self.tmp, &self.target)?;
            return Ok(Swap::Created);
        }
        if exchange(&self.tmp, &self.target)? {
            // The old folder is now at the temporary name: make sure it is
            // what was checked (an empty folder or a report), or swap back.
            let ok =
                is_ours(&self.tmp) || fs::read_dir(&self.tmp).is_ok_and(|mut d| d.next().is_none());
            if !ok {
                let _ = exchange(&self.tmp, &self.target);
                return Err(OutputError::Protected {
                    dir: self.target.clone(),
                    why: "was replaced by something else during the run".into(),
                });
            }
            return Ok(Swap::Replaced(self.tmp.clone()));
        }
        // Fallback: two renames.
        let old = new_sibling(&self.target, "old")?;
        fs::remove_dir(&old).map_err(io_err("remove", &old))?;
        fs::rename(&self.target, &old).map_err(io_err("rename", &self.target))?;
        fail_point("between-renames");
        if let Err(e) = fs::rename(&self.tmp, &self.target) {
            let _ = fs::rename(&old, &self.target); // put the old one back
            return Err(io_err("rename", &self.tmp)(e));
        }
        Ok(Swap::Replaced(old))
    }
}

/// Whether the exchange is disabled (tests of the fallback).
fn exchange_disabled() -> bool {
    std::env::var_os("REORG_TEST_NO_EXCHANGE").is_some()
}

/// Exchanges `a` and `b` atomically; `Ok(false)` where the OS or the file
/// system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> Result<bool, OutputError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    if exchange_disabled() {
        return Ok(false);
    }
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e)
            if e == rustix::io::Errno::INVAL
                || e == rustix::io::Errno::NOSYS
                || e == rustix::io::Errno::OPNOTSUPP =>
        {
            Ok(false)
        }
        Err(e) => Err(io_err("exchange", b)(e.into())),
    }
}

/// Exchanges `a` and `b` atomically; `Ok(false)` where the OS or the file
/// system cannot.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_a: &Path, _b: &Path) -> Result<bool, OutputError> {
    let _ = exchange_disabled();
    Ok(false)
}

/// Renames `from` to `to`, failing if `to` appeared meanwhile (where the OS
/// allows; a plain rename otherwise).
fn rename_noreplace(from: &Path, to: &Path) -> Result<(), OutputError> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        match renameat_with(CWD, from, CWD, to, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::EXIST => {
                return Err(OutputError::Protected {
                    dir: to.to_path_buf(),
                    why: "appeared during the run".into(),
                });
            }
            Err(e) if e != rustix::io::Errno::INVAL && e != rustix::io::Errno::NOSYS => {
                return Err(io_err("rename", from)(e.into()));
            }
            Err(_) => {}
        }
    }
    fs::rename(from, to).map_err(io_err("rename", from))
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

/// What kind of thing an existing single-file target is.
fn describe(ft: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_dir() {
        "a folder"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

/// Writes a single file safely.
///
/// - A new or regular target: the bytes go to a temporary file created
///   exclusively, with a random name, in the target's folder (a planted
///   link cannot redirect it), are flushed to disk, then the file is renamed
///   over the target: readers see the old file or the complete new one. A
///   symbolic link to a regular file keeps the link: the file it points to
///   is replaced.
/// - A character device or a FIFO (`/dev/null`, `/dev/stdout` on a pipe) is
///   written directly, never replaced.
/// - Anything else (a folder, a block device, a socket, a dangling link) is
///   refused.
///
/// The target's folder must exist.
///
/// # Errors
/// [`OutputError::NotAFile`], [`OutputError::BadTarget`], or
/// [`OutputError::Io`]; on failure the target is unchanged (a device or FIFO
/// may have received part of the bytes).
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    use std::os::unix::fs::FileTypeExt;
    let real = match fs::metadata(path) {
        Ok(m) => {
            let ft = m.file_type();
            if ft.is_char_device() || ft.is_fifo() {
                let mut f = fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(io_err("open", path))?;
                return f.write_all(bytes).map_err(io_err("write", path));
            }
            if !ft.is_file() {
                return Err(OutputError::NotAFile {
                    path: path.to_path_buf(),
                    what: describe(&ft),
                });
            }
            if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
                fs::canonicalize(path).map_err(io_err("resolve", path))?
            } else {
                path.to_path_buf()
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if fs::symlink_metadata(path).is_ok() {
                return Err(OutputError::NotAFile {
                    path: path.to_path_buf(),
                    what: "a dangling symbolic link",
                });
            }
            path.to_path_buf()
        }
        Err(e) => return Err(io_err("read", path)(e)),
    };
    let name = real
        .file_name()
        .ok_or_else(|| OutputError::BadTarget(path.to_path_buf()))?;
    let dir = match real.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(io_err("create a temporary file in", dir))?;
    tmp.write_all(bytes).map_err(io_err("write", tmp.path()))?;
    tmp.as_file()
        .sync_all()
        .map_err(io_err("sync", &real.clone()))?;
    tmp.persist(&real).map_err(|e| OutputError::Io {
        action: "rename",
        path: real.clone(),
        source: e.error,
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_names_leaving_the_folder() {
        let t = tempfile::tempdir().unwrap();
        let d = AtomicDir::new(&t.path().join("out")).unwrap();
        for bad in ["../x", "/etc/x", "", MANIFEST] {
            assert!(
                matches!(d.write(bad, b""), Err(OutputError::BadName(_))),
                "{bad}"
            );
        }
        assert!(d.write("a/b.txt", b"x").is_ok());
    }

    #[test]
    fn sibling_names_carry_the_pid() {
        let pid = std::process::id();
        assert_eq!(
            sibling_pid(&format!("base.tmp-{pid}-aB3x"), "base", "tmp"),
            Some(pid)
        );
        assert_eq!(sibling_pid("base.tmp-12", "base", "tmp"), Some(12));
        assert_eq!(sibling_pid("base.tmp-12x", "base", "tmp"), None);
        assert_eq!(sibling_pid("base2.tmp-12", "base", "tmp"), None);
        assert_eq!(sibling_pid("base.old-12", "base", "tmp"), None);
        assert!(matches!(
            AtomicDir::new(Path::new("/")),
            Err(OutputError::BadTarget(_))
        ));
    }

    #[test]
    fn manifest_round_trips_and_reads_the_legacy_form() {
        let m = Manifest {
            scenario: "a".into(),
            files: Some([PathBuf::from("plan.csv"), PathBuf::from("charts/x.svg")].into()),
        };
        assert_eq!(Manifest::parse(&m.render()), Some(m));
        assert_eq!(
            Manifest::parse("scenario = old\n"),
            Some(Manifest {
                scenario: "old".into(),
                files: None
            })
        );
        assert_eq!(Manifest::parse("hello\n"), None);
    }
}
