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
    assert!(
        manifest.starts_with("scenario = phuong-an-2\nfile = "),
        "{manifest}"
    );
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

/// Re-running the same scenario replaces its own report without `--force`,
/// and keeps what reorg did not write (issue #18: a `compare.html` written
/// by `reorg compare A B --out A`, a note).
#[test]
fn same_scenario_is_replaced_without_force_keeping_other_files() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    std::fs::create_dir(&out).unwrap();
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = reorg([
        "compare".as_ref(),
        out.as_os_str(),
        out.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(out.join("note.txt"), "mine").unwrap();
    let compare = std::fs::read(out.join("compare.html")).unwrap();
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(out.join("compare.html")).unwrap(), compare);
    assert_eq!(
        std::fs::read_to_string(out.join("note.txt")).unwrap(),
        "mine"
    );
    assert!(out.join("plan.csv").is_file());
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}

/// Issue #18: `--force` used to delete any folder: `reorg plan DIR --out DIR
/// --force` deleted the dataset, `--out "$PWD" --force` the working
/// directory. Both are refused and left as they were.
#[test]
fn force_never_deletes_the_dataset_or_the_working_directory() {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["units.csv", "adjacency.csv"] {
        std::fs::copy(fixture().join(f), data.join(f)).unwrap();
    }
    let before = read_tree(&data);
    let o = plan(&data, &data, &["--force".as_ref()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(read_tree(&data), before);

    // A report folder that is the working directory (or an ancestor of it).
    let out = t.path().join("report");
    let o = plan(&data, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::create_dir(out.join("work")).unwrap();
    let before = read_tree(&out);
    for cwd in [out.clone(), out.join("work")] {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_reorg"))
            .args(["plan".as_ref(), data.as_os_str(), "--out".as_ref()])
            .arg(&out)
            .args(["--no-charts", "--quiet", "--force"])
            .current_dir(&cwd)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        assert!(stderr(&o).contains("working directory"), "{}", stderr(&o));
        assert_eq!(read_tree(&out), before);
    }
    // A folder that is not a report is refused even with --force.
    let mine = t.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "precious").unwrap();
    let o = plan(&data, &mine, &["--force".as_ref()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("not a reorg report"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&mine).unwrap().count(), 1);
}

/// Issue #18, "Done when": a kill at any point of the write phase leaves
/// the old or the new complete folder at the target. The binary aborts at
/// an injected point (`REORG_TEST_FAIL_AT`); the target then holds the old
/// report (killed before the exchange) or the new one (after it), and the
/// next run cleans what the dead process left. With the exchange disabled
/// (the documented fallback of two renames) a kill between the renames
/// leaves no folder, and the next run puts the old one back first.
#[test]
fn a_kill_during_the_swap_leaves_a_complete_folder() {
    let t = tempfile::tempdir().unwrap();
    let out = t.path().join("report");
    // K = 3 and the standards-first order: a plan that differs from the default's.
    let k3 = scenario_file(
        t.path(),
        "mac-dinh",
        "max_group_size = 3\n[objective]\norder = [\"unresolved\", \"below_standard\", \"disappearing\"]\n",
    );
    let run = |out: &Path, fail: Option<&str>, no_exchange: bool| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_reorg"));
        c.args(["plan".as_ref(), fixture().as_os_str(), "--out".as_ref()])
            .arg(out)
            .args(["--no-charts", "--quiet", "--scenario"])
            .arg(&k3)
            .current_dir(root());
        if let Some(f) = fail {
            c.env("REORG_TEST_FAIL_AT", f);
        }
        if no_exchange {
            c.env("REORG_TEST_NO_EXCHANGE", "1");
        }
        c.output().unwrap()
    };
    // The new report, as a normal run writes it.
    let fresh = t.path().join("fresh");
    assert_eq!(run(&fresh, None, false).status.code(), Some(0));
    let new = read_tree(&fresh);
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let old = read_tree(&out);
    assert_ne!(old, new);
    for (point, expect_new) in [("before-swap", false), ("after-swap", true)] {
        let o = run(&out, Some(point), false);
        assert_eq!(o.status.code(), None, "{point}: killed: {}", stderr(&o));
        let now = read_tree(&out);
        assert_eq!(now == new, expect_new, "{point}");
        assert!(now == old || now == new, "{point}: incomplete folder");
        assert!(
            !leftovers(t.path()).is_empty(),
            "{point}: the dead run's folder"
        );
        // The next run cleans up.
        let o = plan(&fixture(), &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(read_tree(&out), old);
        assert_eq!(leftovers(t.path()), Vec::<String>::new(), "{point}");
    }
    let o = run(&out, Some("between-renames"), true);
    assert_eq!(o.status.code(), None, "{}", stderr(&o));
    assert!(!out.exists(), "the fallback's window");
    let o = plan(&fixture(), &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read_tree(&out), old);
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
    // Without a kill the fallback replaces the folder too.
    let o = run(&out, None, true);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(read_tree(&out), new);
    assert_eq!(leftovers(t.path()), Vec::<String>::new());
}
