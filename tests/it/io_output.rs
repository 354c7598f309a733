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
    d.commit("baseline", false).unwrap();
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
        d.commit("baseline", false)?;
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
    d.commit("baseline", false).unwrap();
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
    d.commit("x", false).unwrap();
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

/// Issue #18: `--force` used to replace any folder; a folder that is not a
/// report is now refused whatever the flags.
#[test]
fn a_folder_that_is_not_a_report_is_never_overwritten() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("mine");
    fs::create_dir(&target).unwrap();
    assert!(check_overwrite(&target, "x", false).is_ok(), "empty folder");
    fs::write(target.join("thesis.docx"), b"precious").unwrap();
    for force in [false, true] {
        match check_overwrite(&target, "x", force) {
            Err(e @ OutputError::NotAReport { .. }) => {
                let msg = e.to_string();
                assert!(
                    msg.contains("thesis.docx") && !msg.contains("--force"),
                    "{msg}"
                );
            }
            other => panic!("{other:?}"),
        }
    }
}

/// Issue #18: the overwrite check is repeated at commit (a folder that
/// appears or changes during the run is not replaced).
#[test]
fn the_check_is_repeated_at_commit() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("out");
    check_overwrite(&target, "x", true).unwrap();
    let d = AtomicDir::new(&target).unwrap();
    d.write("plan.csv", b"new").unwrap();
    fs::create_dir(&target).unwrap();
    fs::write(target.join("thesis.docx"), b"precious").unwrap();
    assert!(matches!(
        d.commit("x", true),
        Err(OutputError::NotAReport { .. })
    ));
    assert_eq!(names(&target), vec!["thesis.docx"]);
    assert_eq!(names(t.path()), vec!["out"], "the temporary folder is gone");
}

/// Issue #18: files of a report folder that reorg did not write are kept by
/// the next run; one under a name the new report writes is refused.
#[test]
fn files_reorg_did_not_write_are_kept() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("baseline");
    previous_report(&target);
    fs::write(target.join("compare.html"), b"mine").unwrap();
    fs::create_dir(target.join("notes")).unwrap();
    fs::write(target.join("notes/a.txt"), b"note").unwrap();
    fs::write(target.join("charts/b.txt"), b"mine too").unwrap();
    let d = AtomicDir::new(&target).unwrap();
    d.write("summary.md", b"new summary").unwrap();
    d.commit("baseline", false).unwrap();
    assert_eq!(fs::read(target.join("compare.html")).unwrap(), b"mine");
    assert_eq!(fs::read(target.join("notes/a.txt")).unwrap(), b"note");
    assert_eq!(fs::read(target.join("charts/b.txt")).unwrap(), b"mine too");
    assert!(
        !target.join("charts/a.svg").exists(),
        "reorg's old file went"
    );
    assert_eq!(names(t.path()), vec!["baseline"]);

    let d = AtomicDir::new(&target).unwrap();
    d.write("compare.html", b"reorg's").unwrap();
    match d.commit("baseline", false) {
        Err(e @ OutputError::WouldReplaceForeign { .. }) => {
            assert!(e.to_string().contains("compare.html"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fs::read(target.join("compare.html")).unwrap(), b"mine");
    assert_eq!(fs::read(target.join("summary.md")).unwrap(), b"new summary");
}

/// Issue #18: the working directory and its ancestors, and the inputs, are
/// never output folders.
#[test]
fn the_working_directory_and_the_inputs_are_protected() {
    let cwd = std::env::current_dir().unwrap();
    for dir in [cwd.as_path(), cwd.parent().unwrap()] {
        assert!(matches!(
            check_overwrite(dir, "x", true),
            Err(OutputError::Protected { .. })
        ));
    }
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data/vn");
    fs::create_dir_all(&data).unwrap();
    for out in [data.clone(), t.path().join("data"), t.path().to_path_buf()] {
        assert!(
            matches!(
                reorg::io::output::check_not_input(&out, &[&data]),
                Err(OutputError::Protected { .. })
            ),
            "{}",
            out.display()
        );
    }
    assert!(reorg::io::output::check_not_input(&data.join("reports"), &[&data]).is_ok());
}

/// Issue #18: stale temporary folders of dead processes are cleaned, and an
/// old folder left by a kill between the fallback's two renames is put back.
#[test]
fn stale_folders_of_dead_processes_are_cleaned_or_restored() {
    let t = tempfile::tempdir().unwrap();
    let target = t.path().join("rep");
    previous_report(&target);
    // A dead process's partial folder, an old one, and someone's own folder
    // with a similar name (no marker: not ours, kept).
    let dead = 999_999_999u32;
    let partial = t.path().join(format!("rep.tmp-{dead}-abc"));
    fs::create_dir(&partial).unwrap();
    fs::write(partial.join(".reorg-partial"), b"").unwrap();
    fs::write(partial.join("plan.csv"), b"half").unwrap();
    let mine = t.path().join(format!("rep.tmp-{dead}-mine"));
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("x"), b"keep").unwrap();
    fs::rename(&target, t.path().join(format!("rep.old-{dead}-xyz"))).unwrap();
    let d = AtomicDir::new(&target).unwrap();
    // The old folder is back before anything is written.
    assert_eq!(fs::read(target.join("summary.md")).unwrap(), b"old summary");
    d.write("summary.md", b"new").unwrap();
    d.commit("baseline", false).unwrap();
    let mut left = names(t.path());
    left.sort();
    assert_eq!(
        left,
        vec!["rep".to_string(), format!("rep.tmp-{dead}-mine")]
    );
}

#[test]
fn write_file_atomic_replaces_and_leaves_no_temporary() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("plan.csv");
    write_file_atomic(&p, b"v1").unwrap();
    write_file_atomic(&p, b"v2").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"v2");
    assert_eq!(names(t.path()), vec!["plan.csv"]);
    // a hard link to the old file keeps the old bytes: a new file was
    // renamed in, not the old one written in place
    fs::hard_link(&p, t.path().join("link.csv")).unwrap();
    write_file_atomic(&p, b"v3").unwrap();
    assert_eq!(fs::read(t.path().join("link.csv")).unwrap(), b"v2");
    fs::remove_file(t.path().join("link.csv")).unwrap();
    // a target in a missing folder fails and changes nothing
    let bad = t.path().join("missing/plan.csv");
    assert!(matches!(
        write_file_atomic(&bad, b"x"),
        Err(OutputError::Io { .. })
    ));
    assert_eq!(names(t.path()), vec!["plan.csv"]);
}

/// Issue #18: the temporary file is created exclusively with a random name,
/// so a link planted at the name the old writer used (`PATH.tmp-<pid>`)
/// does not redirect the write.
#[test]
fn a_planted_link_does_not_redirect_the_write() {
    let t = tempfile::tempdir().unwrap();
    let victim = t.path().join("victim.txt");
    fs::write(&victim, b"precious").unwrap();
    let p = t.path().join("out.csv");
    std::os::unix::fs::symlink(
        &victim,
        t.path().join(format!("out.csv.tmp-{}", std::process::id())),
    )
    .unwrap();
    write_file_atomic(&p, b"report").unwrap();
    assert_eq!(fs::read(&victim).unwrap(), b"precious");
    assert_eq!(fs::read(&p).unwrap(), b"report");
    assert!(!fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
}

/// Issue #18: a FIFO target is written directly and stays a FIFO (as a
/// character device such as `/dev/null` would); a folder is refused.
#[test]
fn special_targets_are_written_directly_or_refused() {
    use std::os::unix::fs::FileTypeExt;
    let t = tempfile::tempdir().unwrap();
    let fifo = t.path().join("pipe");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(fifo).unwrap())
    };
    write_file_atomic(&fifo, b"streamed").unwrap();
    assert_eq!(reader.join().unwrap(), b"streamed");
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());

    let dir = t.path().join("folder");
    fs::create_dir(&dir).unwrap();
    assert!(matches!(
        write_file_atomic(&dir, b"x"),
        Err(OutputError::NotAFile { .. })
    ));
    assert!(dir.is_dir());
    // a link to a regular file keeps the link and replaces the file
    let real = t.path().join("real.csv");
    fs::write(&real, b"old").unwrap();
    let link = t.path().join("link.csv");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    write_file_atomic(&link, b"new").unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read(&real).unwrap(), b"new");
}
