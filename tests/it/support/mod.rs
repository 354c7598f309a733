//! Helpers shared by the reliability and golden tests: paths, running the
//! binary, reading a folder tree, and a synthetic dataset generator
//! ([`synth`]).
//!
//! Each test file uses a part of it, hence `dead_code` is allowed.
#![allow(dead_code, clippy::unwrap_used)]

pub mod consultation;
pub mod synth;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `data/vn/2023`, the national dataset.
pub fn national() -> PathBuf {
    root().join("data/vn/2023")
}

/// Runs `reorg ARGS` with a clean environment for the progress bar, and
/// returns its output. Panics only if the binary cannot be started.
pub fn reorg<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_reorg"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the reorg binary starts")
}

/// The exit code, or `None` if the process was killed by a signal.
pub fn code(o: &Output) -> Option<i32> {
    o.status.code()
}

/// Standard error as text (lossy), for messages in assertions.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir` (recursively) by path relative to `dir`, with its
/// bytes. Hidden files (the manifest) included.
pub fn read_tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Asserts that two folder trees hold the same files with the same bytes;
/// the message names the first differing file and byte offset.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (read_tree(a), read_tree(b));
    let names_a: Vec<_> = ta.keys().collect();
    let names_b: Vec<_> = tb.keys().collect();
    assert_eq!(
        names_a,
        names_b,
        "{} and {} hold different files",
        a.display(),
        b.display()
    );
    for (name, bytes) in &ta {
        let other = &tb[name];
        if bytes != other {
            let at = bytes
                .iter()
                .zip(other)
                .position(|(x, y)| x != y)
                .unwrap_or(bytes.len().min(other.len()));
            panic!(
                "{} differs between {} and {} at byte {at} (sizes {} and {})",
                name.display(),
                a.display(),
                b.display(),
                bytes.len(),
                other.len()
            );
        }
    }
}

/// Peak resident memory of this process so far (`VmHWM` in
/// `/proc/self/status`), in KiB; `None` where `/proc` is not available.
pub fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}
