//! Atomic output (issue #6 item 3), through the binary: a report folder
//! appears whole or not at all, a failing run leaves the previous report
//! byte-identical with no temporary folder behind, and a folder made from
//! another scenario (or holding other files) is replaced only with `--force`.

use crate::support;

use std::path::{Path, PathBuf};

use support::{national, read_tree, reorg, root, stderr};

fn fixture() -> PathBuf {
    root().join("tests/data/golden")
}

/// Runs `reorg plan DIR --out OUT --no-charts --quiet EXTRA..`.
fn plan(dir: &Path, out: &Path, extra: &[&std::ffi::OsStr]) -> std::process::Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "plan".as_ref(),
        dir.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--no-charts".as_ref(),
        "--quiet".as_ref(),
    ];
    args.extend(extra);
    reorg(&args)
}

/// Names in `parent` that look like leftovers of an interrupted write.
fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.contains(".old-"))
        .collect()
}

fn scenario_file(dir: &Path, name: &str, body: &str) -> PathBuf {
    let p = dir.join(format!("{name}.toml"));
    std::fs::write(&p, format!("name = \"{name}\"\n{body}")).unwrap();
    p
}

/// An infeasible cap on the national plan fails (exit 1, with the smallest
/// cap that would fit) and the earlier report of the same scenario survives.
#[test]
fn failing_run_leaves_the_previous_report_untouched() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    let ok = scenario_file(t.path(), "caps", "");
    let o = plan(&fixture(), &out, &["--scenario".as_ref(), ok.as_os_str()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_tree(&out);
    assert!(before.contains_key(Path::new("plan.csv")));

    let dir = t.path().join("infeasible");
    std::fs::create_dir(&dir).unwrap();
    let bad = scenario_file(&dir, "caps", "[schedule]\ncap_per_year_province = 1\n");
    let o = plan(&national(), &out, &["--scenario".as_ref(), bad.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("cannot fit"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(read_tree(&out), before, "the old report changed");
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}

/// A failure after the temporary folder was created (a broken geometry file
/// met while writing the per-province reports) removes the temporary folder
/// and keeps the old report.
#[test]
fn failure_while_writing_removes_the_temporary_folder() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    std::fs::create_dir_all(data.join("geometry")).unwrap();
    for f in ["units.csv", "adjacency.csv"] {
        std::fs::copy(fixture().join(f), data.join(f)).unwrap();
    }
    let out = t.path().join("report");
    let o = plan(&data, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_tree(&out);

    std::fs::write(data.join("geometry/06.geojson"), "{ not json").unwrap();
    let o = reorg([
        "plan".as_ref(),
        data.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--each-province".as_ref(),
        "--quiet".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("06.geojson"), "{}", stderr(&o));
    assert_eq!(read_tree(&out), before, "the old report changed");
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}

/// Another scenario's report is not overwritten without `--force`; with it,
/// the folder is replaced and names the new scenario.
#[test]
fn another_scenarios_report_needs_force() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = read_tree(&out);
    let other = scenario_file(t.path(), "phuong-an-2", "max_group_size = 3\n");

    let o = plan(
        &fixture(),
        &out,
        &["--scenario".as_ref(), other.as_os_str()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("mac-dinh") && err.contains("phuong-an-2") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(read_tree(&out), before);

    let o = plan(
        &fixture(),
        &out,
        &["--scenario".as_ref(), other.as_os_str(), "--force".as_ref()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(out.join(".reorg-report")).unwrap();
    assert_eq!(manifest, "scenario = phuong-an-2\n");
    assert_ne!(read_tree(&out), before);
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}

/// A folder of files that are not a report (someone's own work) is refused
/// too, and kept as it was.
#[test]
fn folder_that_is_not_a_report_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "do not lose me").unwrap();
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a reorg report"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "do not lose me"
    );
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);
}

/// Re-running the same scenario replaces its own report without `--force`.
#[test]
fn same_scenario_is_replaced_without_force() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    std::fs::create_dir(&out).unwrap();
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(out.join("stale.txt"), "from an older version").unwrap();
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !out.join("stale.txt").exists(),
        "the folder is replaced whole"
    );
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}
