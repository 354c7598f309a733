//! Atomic output folders and files (`reorg::io::output`): a failure midway
//! leaves the previous report intact, a commit replaces it whole, and a
//! report of another scenario is not overwritten without `force`.

use std::fs;
use std::path::Path;

use reorg::io::output::{
    AtomicDir, MANIFEST, OutputError, check_overwrite, report_scenario, write_file_atomic,
};

fn previous_report(target: &Path) {
    let d = AtomicDir::new(target).unwrap();
    d.write("summary.md", b"old summary").unwrap();
    d.write("charts/a.svg", b"<svg>old</svg>").unwrap();
    d.commit("baseline").unwrap();
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_failure_midway_leaves_the_previous_folder_intact() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("baseline");
    previous_report(&target);
    let result: Result<(), OutputError> = (|| {
        let d = AtomicDir::new(&target)?;
        d.write("summary.md", b"new summary")?;
        d.write("../escape.txt", b"x")?; // fails: the report is abandoned
        d.commit("baseline")?;
        Ok(())
    })();
    assert!(matches!(result, Err(OutputError::BadName(_))));
    assert_eq!(fs::read(target.join("summary.md")).unwrap(), b"old summary");
    assert_eq!(
        fs::read(target.join("charts/a.svg")).unwrap(),
        b"<svg>old</svg>"
    );
    // the temporary folder was removed on drop; nothing else is left around
    assert_eq!(names(t.path()), vec!["baseline"]);
}

#[test]
fn a_commit_replaces_the_previous_folder_whole() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("baseline");
    previous_report(&target);
    let d = AtomicDir::new(&target).unwrap();
    d.write("summary.md", b"new summary").unwrap();
    // before the commit, the old report is still what readers see
    assert_eq!(fs::read(target.join("summary.md")).unwrap(), b"old summary");
    d.commit("baseline").unwrap();
    assert_eq!(fs::read(target.join("summary.md")).unwrap(), b"new summary");
    assert!(!target.join("charts").exists(), "old files do not linger");
    assert_eq!(
        names(&target),
        vec![MANIFEST.to_string(), "summary.md".into()]
    );
    assert_eq!(names(t.path()), vec!["baseline"]);
    assert_eq!(report_scenario(&target).as_deref(), Some("baseline"));
}

#[test]
fn a_commit_creates_missing_parent_folders() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("reports/deep/x");
    let d = AtomicDir::new(&target).unwrap();
    d.write("a.csv", b"a\n").unwrap();
    d.commit("x").unwrap();
    assert_eq!(fs::read(target.join("a.csv")).unwrap(), b"a\n");
}

#[test]
fn another_scenarios_report_is_not_overwritten_without_force() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("out");
    assert!(check_overwrite(&target, "fast", false).is_ok(), "absent");
    previous_report(&target);
    assert!(
        check_overwrite(&target, "baseline", false).is_ok(),
        "same scenario"
    );
    match check_overwrite(&target, "fast", false) {
        Err(e @ OutputError::WouldOverwrite { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("'baseline'") && msg.contains("--force"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(check_overwrite(&target, "fast", true).is_ok());
}

#[test]
fn a_folder_that_is_not_a_report_is_not_overwritten_without_force() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("mine");
    fs::create_dir(&target).unwrap();
    assert!(check_overwrite(&target, "x", false).is_ok(), "empty folder");
    fs::write(target.join("thesis.docx"), b"precious").unwrap();
    assert!(matches!(
        check_overwrite(&target, "x", false),
        Err(OutputError::WouldOverwrite { existing: None, .. })
    ));
}

#[test]
fn write_file_atomic_replaces_and_leaves_no_temporary() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("plan.csv");
    write_file_atomic(&p, b"v1").unwrap();
    write_file_atomic(&p, b"v2").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"v2");
    assert_eq!(names(t.path()), vec!["plan.csv"]);
    // a target in a missing folder fails and changes nothing
    let bad = t.path().join("missing/plan.csv");
    assert!(matches!(
        write_file_atomic(&bad, b"x"),
        Err(OutputError::Io { .. })
    ));
    assert_eq!(names(t.path()), vec!["plan.csv"]);
}
